#include "pathcheck.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "text.h"
#include "util.h"

static bool climbs_out(const char *rel)
{
	if (rel[0] == '/' || rel[0] == '~' || strchr(rel, '\\'))
		return true;
	const char *p = rel;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		if (!slash)
			break;
		p = slash + 1;
	}
	return false;
}

/* Whether any component of the rel part of path (its last `rlen` bytes)
 * is a symlink; -1 if one does not exist. */
static int has_link(char *path, size_t rlen)
{
	struct stat st;
	char *rel = path + strlen(path) - rlen;
	for (char *slash = strchr(rel, '/'); slash; slash = strchr(slash + 1, '/')) {
		if (slash == rel)
			continue;
		*slash = '\0';
		int r = lstat(path, &st);
		*slash = '/';
		if (r != 0)
			return -1;
		if (S_ISLNK(st.st_mode))
			return 1;
	}
	if (lstat(path, &st) != 0)
		return -1;
	return S_ISLNK(st.st_mode) ? 1 : 0;
}

static bool has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

static char *nfc_of(const char *s)
{
	size_t n;
	char *t = text_nfc(s, strlen(s), &n);
	return t ? t : xstrdup(s);
}

/* A name in rel's folder that differs from rel's last component only as
 * `same` allows (Unicode normalisation, letter case): the name on disk,
 * or NULL.  The folder is listed only when it is itself inside base. */
static char *twin(const char *base, const char *rel, bool (*same)(const char *, const char *))
{
	const char *slash = strrchr(rel, '/');
	char *dir_rel = slash ? xstrndup(rel, (size_t)(slash - rel)) : NULL;
	const char *name = slash ? slash + 1 : rel;
	char *dir = NULL;
	char *found = NULL;
	if (dir_rel ? path_status(base, dir_rel, &dir) == 0 : (dir = xstrdup(base)) != NULL) {
		DIR *dp = opendir(dir);
		for (struct dirent *e; dp && !found && (e = readdir(dp));)
			if (e->d_name[0] != '.' && strcmp(e->d_name, name) != 0 && same(e->d_name, name))
				found = slash ? xasprintf("%s/%s", dir_rel, e->d_name) : xstrdup(e->d_name);
		if (dp)
			closedir(dp);
	}
	free(dir);
	free(dir_rel);
	return found;
}

static bool same_nfc(const char *a, const char *b)
{
	if (!has_non_ascii(a) || !has_non_ascii(b))
		return false;
	char *x = nfc_of(a), *y = nfc_of(b);
	bool same = strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

static bool same_but_case(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

static int status_of(const char *base, const char *rel, char **full);

int path_status(const char *base, const char *rel, char **full)
{
	int status = status_of(base, rel, full);
	if (status != 2 || !has_non_ascii(rel))
		return status;
	/* The Markdown is NFC, but a file copied from macOS may have its
	 * Hangul name decomposed: the same name to the author, another to
	 * Linux.  That file is the one meant. */
	char *real = twin(base, rel, same_nfc);
	if (real) {
		status = status_of(base, real, full);
		free(real);
	}
	return status;
}

static int status_of(const char *base, const char *rel, char **full)
{
	*full = NULL;
	if (!*rel || climbs_out(rel))
		return 1; /* "" names the folder itself, which is no file inside it */
	char *path = path_join(base, rel);
	int status = 0;
	switch (has_link(path, strlen(rel))) {
	case -1:
		status = 2;
		break;
	case 0:
		/* No "..", no symlink under base: the path stays inside, and
		 * nothing needs resolving (most paths: a figure, a .bib). */
		break;
	default: {
		/* Resolve symlinks on both sides and require the file to stay inside. */
		char *rbase = realpath(base, NULL), *rpath = realpath(path, NULL);
		if (!rpath || !rbase) {
			status = 2; /* a dangling symlink */
		} else {
			size_t n = strlen(rbase);
			bool inside = strncmp(rpath, rbase, n) == 0 &&
				      (rpath[n] == '/' || (n == 1 && rbase[0] == '/'));
			if (!inside)
				status = 1;
		}
		free(rbase);
		free(rpath);
	}
	}
	if (status == 0)
		*full = path;
	else
		free(path);
	return status;
}

bool path_check(const char *base, const char *rel, const struct srcpos *pos, const char *what,
		struct diag_list *d, char **full)
{
	switch (path_status(base, rel, full)) {
	case 0:
		return true;
	case 1:
		diag_at(d, R_FILE_OUTSIDE, pos, "%s '%s' is outside its folder", what, rel);
		return false;
	default: {
		/* Written on a system that ignores letter case, read on one that does. */
		char *near = twin(base, rel, same_but_case);
		if (near)
			diag_at(d, R_FILE_MISSING, pos,
				"%s '%s' does not exist; did you mean '%s'? (letter case counts)", what, rel,
				near);
		else
			diag_at(d, R_FILE_MISSING, pos, "%s '%s' does not exist", what, rel);
		free(near);
		return false;
	}
	}
}
