/* The site's output folder: built aside, swapped in whole.  Every write
 * goes through one function that refuses any path component that is not a
 * plain name, so no page or figure can land outside its own folder. */
#define _GNU_SOURCE /* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "html_int.h"
#include "render/outdir.h"

#define MARKER ".quire-site"
#define COPY_MAX (512u * 1024 * 1024)

int html_out_begin(struct html_out *o, const char *outdir, struct diag_list *d)
{
	memset(o, 0, sizeof *o);
	o->d = d;
	return outdir_begin(&o->dir, outdir, MARKER, "site", d);
}

/* Each component must be a plain name: not empty, no leading dot (so no
 * "." or ".."), no control characters or backslashes. */
static bool safe_rel(const char *rel)
{
	if (!*rel || rel[0] == '/')
		return false;
	const char *p = rel;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || p[0] == '.')
			return false;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)p[i] < 0x20 || p[i] == '\\' || p[i] == 0x7f)
				return false;
		if (!slash)
			return true;
		p = slash + 1;
	}
}

int html_out_mkdir(struct html_out *o, const char *rel)
{
	char *dir = xstrdup(rel);
	size_t n = strlen(dir);
	while (n && dir[n - 1] == '/')
		dir[--n] = '\0';
	int r = -1;
	if (o->dir.tmp && safe_rel(dir)) {
		char *path = path_join(o->dir.tmp, dir);
		r = outdir_mkdirs(path);
		if (r != 0)
			diag_report(o->d, R_IO, rel, 0, 0, "cannot write into the site: %s", strerror(errno));
		free(path);
	} else {
		diag_report(o->d, R_FILE_OUTSIDE, rel, 0, 0, "refusing to write '%s' into the site", rel);
	}
	free(dir);
	if (r != 0)
		o->failed = true;
	return r;
}

int html_out_open(struct html_out *o, const char *rel, struct html_file_out *f)
{
	f->o = o;
	f->rel = rel;
	f->fd = -1;
	if (!o->dir.tmp || !safe_rel(rel)) {
		diag_report(o->d, R_FILE_OUTSIDE, rel, 0, 0, "refusing to write '%s' into the site", rel);
		o->failed = true;
		return -1;
	}
	char *path = path_join(o->dir.tmp, rel);
	/* O_EXCL: two things claiming one file is a bug, not something to hide. */
	const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = open(path, flags, 0644);
	if (fd < 0 && errno == ENOENT) {
		/* The folder is new: make it, then try once more (most writes go
		 * into folders that exist, and skip these system calls). */
		char *slash = strrchr(path, '/');
		*slash = '\0';
		int r = outdir_mkdirs(path);
		*slash = '/';
		fd = r == 0 ? open(path, flags, 0644) : -1;
	}
	free(path);
	if (fd < 0) {
		diag_report(o->d, R_IO, rel, 0, 0, "cannot write into the site: %s", strerror(errno));
		o->failed = true;
		return -1;
	}
	f->fd = fd;
	return 0;
}

int html_out_put(void *file, const char *data, size_t len)
{
	struct html_file_out *f = file;
	if (f->fd < 0)
		return -1;
	while (len) {
		ssize_t w = write(f->fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			diag_report(f->o->d, R_IO, f->rel, 0, 0, "cannot write into the site: %s",
				    strerror(errno));
			f->o->failed = true;
			close(f->fd);
			f->fd = -1;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int html_out_close(struct html_file_out *f)
{
	if (f->fd < 0)
		return -1;
	close(f->fd);
	f->fd = -1;
	return 0;
}

int html_out_write(struct html_out *o, const char *rel, const void *data, size_t len)
{
	struct html_file_out f;
	if (html_out_open(o, rel, &f) != 0)
		return -1;
	int r = html_out_put(&f, data, len);
	return html_out_close(&f) | r;
}

int html_out_render(struct html_out *o, const char *rel, const struct tpl *t, const struct tv *data,
		    struct diag_list *d)
{
	struct html_file_out f;
	if (html_out_open(o, rel, &f) != 0)
		return -1;
	struct tpl_sink sink = {html_out_put, &f};
	int r = tpl_render_to(t, data, &sink, d);
	r |= html_out_close(&f);
	if (r)
		o->failed = true; /* never a half-written page in a committed site */
	return r;
}

int html_out_copy(struct html_out *o, const char *rel, const char *src)
{
	char *data;
	size_t len;
	if (read_file(src, COPY_MAX, &data, &len) != 0) {
		diag_report(o->d, R_IO, src, 0, 0, "cannot read: %s", strerror(errno));
		o->failed = true;
		return -1;
	}
	int r = html_out_write(o, rel, data, len);
	free(data);
	return r;
}

int html_out_commit(struct html_out *o)
{
	if (o->failed) {
		html_out_abort(o);
		return -1;
	}
	return outdir_commit(&o->dir, o->d);
}

void html_out_abort(struct html_out *o)
{
	outdir_abort(&o->dir);
}
