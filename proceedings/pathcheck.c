#include "pathcheck.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int path_status(const char *base, const char *rel, char **full)
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
	default:
		diag_at(d, R_FILE_MISSING, pos, "%s '%s' does not exist", what, rel);
		return false;
	}
}
