#define _GNU_SOURCE /* renameat2 */
#include "render/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proceedings/util.h"

static bool exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

/* A folder quire may replace: it carries the marker, or it is empty. */
static bool ours(const char *dir, const char *marker)
{
	struct stat st;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	char *m = path_join(dir, marker);
	bool marked = exists(m);
	free(m);
	if (marked)
		return true;
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool empty = true;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void outdir_rm_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS); /* symlinks removed, never followed */
}

int outdir_mkdirs(const char *path)
{
	/* Usually only the last folder is missing: try it first, and climb
	 * only when its parent is missing too. */
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	char *parent = xstrdup(path);
	char *slash = strrchr(parent, '/');
	int r = -1;
	if (slash && slash != parent) {
		*slash = '\0';
		r = outdir_mkdirs(parent);
	}
	free(parent);
	if (r != 0)
		return -1;
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int outdir_begin(struct outdir *o, const char *out, const char *marker, const char *what,
		 struct diag_list *d)
{
	memset(o, 0, sizeof *o);
	o->marker = marker;
	size_t n = strlen(out);
	while (n > 1 && out[n - 1] == '/')
		n--;
	o->final = xstrndup(out, n);
	const char *base = strrchr(o->final, '/');
	base = base ? base + 1 : o->final;
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		diag_report(d, R_IO, o->final, 0, 0, "choose a new folder for the %s, not '%s'", what, out);
		return -1;
	}
	if (exists(o->final) && !ours(o->final, marker)) {
		diag_report(d, R_IO, o->final, 0, 0,
			    "exists and was not written by quire; remove it or choose another output folder");
		return -1;
	}
	if (base > o->final) {
		char *parent = xstrndup(o->final, (size_t)(base - o->final - 1));
		int r = *parent ? outdir_mkdirs(parent) : 0;
		if (r != 0)
			diag_report(d, R_IO, parent, 0, 0, "cannot create folder: %s", strerror(errno));
		free(parent);
		if (r != 0)
			return -1;
	}
	o->tmp = xasprintf("%s.tmp-XXXXXX", o->final);
	if (!mkdtemp(o->tmp)) {
		diag_report(d, R_IO, o->tmp, 0, 0, "cannot create folder: %s", strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	chmod(o->tmp, 0755);
	char *m = path_join(o->tmp, marker);
	FILE *f = fopen(m, "w");
	if (f) {
		fprintf(f, "This %s was written by quire, which replaces this folder whole.\n", what);
		fclose(f);
	}
	free(m);
	return 0;
}

int outdir_commit(struct outdir *o, struct diag_list *d)
{
	if (!o->tmp) {
		outdir_abort(o);
		return -1;
	}
	if (exists(o->final)) {
		/* One step: the old tree ends up under the temporary name. */
		if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final, RENAME_EXCHANGE) != 0) {
			/* No RENAME_EXCHANGE here (some file systems): move aside, then in. */
			char *old = xasprintf("%s.old-XXXXXX", o->final);
			bool ok = false, moved = false;
			if (mkdtemp(old)) {
				rmdir(old);
				moved = rename(o->final, old) == 0;
				ok = moved && rename(o->tmp, o->final) == 0;
			}
			if (!ok) {
				int err = errno;
				if (moved)
					rename(old, o->final); /* put the old tree back */
				diag_report(d, R_IO, o->final, 0, 0, "cannot replace: %s", strerror(err));
				free(old);
				outdir_abort(o);
				return -1;
			}
			outdir_rm_tree(old);
			free(old);
			free(o->tmp);
			o->tmp = NULL;
		}
		/* After an exchange, tmp holds the old tree: abort removes it. */
	} else if (rename(o->tmp, o->final) != 0) {
		diag_report(d, R_IO, o->final, 0, 0, "cannot create: %s", strerror(errno));
		outdir_abort(o);
		return -1;
	} else {
		free(o->tmp);
		o->tmp = NULL;
	}
	outdir_abort(o);
	return 0;
}

void outdir_abort(struct outdir *o)
{
	if (o->tmp && exists(o->tmp))
		outdir_rm_tree(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	free(o->final);
	o->final = NULL;
}
