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

#define MARKER ".quire-site"
#define COPY_MAX (512u * 1024 * 1024)

static bool is_dir(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

static bool empty_dir(const char *p)
{
	DIR *d = opendir(p);
	if (!d)
		return false;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	closedir(d);
	return empty;
}

static int mkdirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int r = mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return r;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void rm_tree(const char *path)
{
	/* FTW_PHYS: a symlink is removed, never followed. */
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int html_out_begin(struct html_out *o, const char *outdir, struct diag_list *d)
{
	memset(o, 0, sizeof *o);
	o->d = d;
	size_t n = strlen(outdir);
	while (n > 1 && outdir[n - 1] == '/')
		n--;
	o->final = xstrndup(outdir, n);
	const char *base = strrchr(o->final, '/');
	base = base ? base + 1 : o->final;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		diag_report(d, R_IO, o->final, 0, 0, "choose a new folder for the site, not '%s'", outdir);
		return -1;
	}
	if (exists(o->final)) {
		char *marker = path_join(o->final, MARKER);
		bool ours = is_dir(o->final) && (exists(marker) || empty_dir(o->final));
		free(marker);
		if (!ours) {
			diag_report(d, R_IO, o->final, 0, 0,
				    "exists and was not built by quire; remove it or choose another output folder");
			return -1;
		}
	}
	if (base > o->final) {
		char *parent = xstrndup(o->final, (size_t)(base - o->final - 1));
		if (*parent && mkdirs(parent) != 0) {
			diag_report(d, R_IO, parent, 0, 0, "cannot create folder: %s", strerror(errno));
			free(parent);
			return -1;
		}
		free(parent);
	}
	o->tmp = xasprintf("%s.tmp-XXXXXX", o->final);
	if (!mkdtemp(o->tmp)) {
		diag_report(d, R_IO, o->tmp, 0, 0, "cannot create folder: %s", strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	chmod(o->tmp, 0755);
	char *marker = path_join(o->tmp, MARKER);
	FILE *f = fopen(marker, "w");
	if (f) {
		fputs("This folder is a site built by quire; `quire archive` replaces it whole.\n", f);
		fclose(f);
	}
	free(marker);
	return 0;
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
	if (!o->tmp || !safe_rel(rel)) {
		diag_report(o->d, R_FILE_OUTSIDE, rel, 0, 0, "refusing to write '%s' into the site", rel);
		o->failed = true;
		return -1;
	}
	char *path = path_join(o->tmp, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	int r = mkdirs(path);
	*slash = '/';
	/* O_EXCL: two things claiming one file is a bug, not something to hide. */
	int fd = r == 0 ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644) : -1;
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
	if (!o->tmp || o->failed) {
		html_out_abort(o);
		return -1;
	}
	if (exists(o->final)) {
		/* Swap in one step; the old site ends up under the temporary name. */
		if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final, RENAME_EXCHANGE) != 0) {
			char *old = xasprintf("%s.old-XXXXXX", o->final);
			bool moved = false, ok = false;
			if (mkdtemp(old)) {
				moved = rename(o->final, old) == 0;
				ok = moved && rename(o->tmp, o->final) == 0;
			}
			if (!ok) {
				int err = errno;
				if (moved)
					rename(old, o->final); /* put the old site back */
				else
					rmdir(old);
				diag_report(o->d, R_IO, o->final, 0, 0, "cannot replace the site: %s",
					    strerror(err));
				free(old);
				html_out_abort(o);
				return -1;
			}
			rm_tree(old);
			free(old);
			html_out_abort(o); /* tmp was renamed: only frees */
			return 0;
		}
		rm_tree(o->tmp);
	} else if (rename(o->tmp, o->final) != 0) {
		diag_report(o->d, R_IO, o->final, 0, 0, "cannot create the site: %s", strerror(errno));
		html_out_abort(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	html_out_abort(o);
	return 0;
}

void html_out_abort(struct html_out *o)
{
	if (o->tmp && exists(o->tmp))
		rm_tree(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	free(o->final);
	o->final = NULL;
}
