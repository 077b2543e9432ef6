/* Where the default templates live: next to the binary while developing,
 * in QUIRE_DATADIR once installed, and an archive's own folder overrides
 * them file by file. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proceedings/pathcheck.h"
#include "proceedings/util.h"
#include "tpl.h"

#ifndef QUIRE_DATADIR
#define QUIRE_DATADIR "/usr/local/share/quire"
#endif

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

char *tpl_default_dir(void)
{
	const char *env = getenv("QUIRE_TEMPLATES");
	if (env && *env && is_dir(env))
		return xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* ./quire in the source tree, then build/quire beside it. */
			const char *rel[] = {"templates", "../templates"};
			for (size_t i = 0; i < 2; i++) {
				char *p = path_join(exe, rel[i]);
				if (is_dir(p))
					return p;
				free(p);
			}
		}
	}
	if (is_dir(QUIRE_DATADIR "/templates"))
		return xstrdup(QUIRE_DATADIR "/templates");
	return NULL;
}

char *tpl_find(const char *override_dir, const char *name)
{
	if (!name || !*name || strchr(name, '/') || name[0] == '.')
		return NULL;
	if (override_dir) {
		/* An override may not be a symlink out of the archive's folder. */
		char *p = NULL;
		if (path_status(override_dir, name, &p) == 0 && is_file(p))
			return p;
		free(p);
	}
	char *dir = tpl_default_dir();
	if (!dir)
		return NULL;
	char *p = path_join(dir, name);
	free(dir);
	if (is_file(p))
		return p;
	free(p);
	return NULL;
}
