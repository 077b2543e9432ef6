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

int path_status(const char *base, const char *rel, char **full)
{
	*full = NULL;
	if (climbs_out(rel))
		return 1;
	char *path = path_join(base, rel);
	struct stat st;
	if (lstat(path, &st) != 0) {
		free(path);
		return 2;
	}
	/* Resolve symlinks on both sides and require the file to stay inside. */
	char *rbase = realpath(base, NULL), *rpath = realpath(path, NULL);
	int status = 0;
	if (!rpath) {
		status = 2; /* a dangling symlink */
	} else if (!rbase) {
		status = 2;
	} else {
		size_t n = strlen(rbase);
		bool inside = strncmp(rpath, rbase, n) == 0 && (rpath[n] == '/' || (n == 1 && rbase[0] == '/'));
		if (!inside)
			status = 1;
	}
	free(rbase);
	free(rpath);
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
