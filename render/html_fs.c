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

int html_out_write(struct html_out *o, const char *rel, const void *data, size_t len)
{
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
	if (fd < 0) {
		diag_report(o->d, R_IO, rel, 0, 0, "cannot write into the site: %s", strerror(errno));
		free(path);
		o->failed = true;
		return -1;
	}
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			diag_report(o->d, R_IO, rel, 0, 0, "cannot write into the site: %s", strerror(errno));
			close(fd);
			free(path);
			o->failed = true;
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	close(fd);
	free(path);
	return 0;
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
