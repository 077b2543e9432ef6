#include "archive.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "markdown.h"
#include "pathcheck.h"
#include "util.h"
#include "yfield.h"
#include "ytree.h"

#define ARCHIVE_YAML_MAX (1u * 1024 * 1024)

static const char *const archive_keys[] = {"title", "url", "volumes", "templates", NULL};

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A folder named in archive.yaml: inside the archive's folder and a folder. */
static char *folder(struct archive *a, const struct ynode *n, const char *rel, const char *what,
		    struct diag_list *d)
{
	char *full = NULL;
	if (!path_check(a->dir, rel, &n->pos, what, d, &full))
		return NULL;
	if (!is_dir(full)) {
		diag_at(d, R_FILE_MISSING, &n->pos, "%s '%s' is not a folder", what, rel);
		free(full);
		return NULL;
	}
	return full;
}

static const char *const volume_keys[] = {"volume", "build", NULL};

/* One entry of `volumes`: a folder, or {volume: folder, build: folder}. */
static void read_volume(struct archive *a, const struct ynode *n, struct diag_list *d)
{
	const struct ynode *vn = n, *bn = NULL;
	if (n->kind == Y_MAP) {
		yf_keys(d, n, "volume entry", volume_keys, NULL);
		vn = ynode_get(n, "volume");
		bn = ynode_get(n, "build");
		if (!vn) {
			diag_at(d, R_REQUIRED, &n->pos, "the entry names no volume folder ('volume:')");
			return;
		}
	}
	char *rel = yf_string(d, vn, "volume folder");
	char *full = rel && *rel ? folder(a, vn, rel, "volume folder", d) : NULL;
	for (size_t j = 0; full && j < a->nvolumes; j++)
		if (strcmp(a->volumes[j], full) == 0) {
			diag_at(d, R_VOLUME_DUP, &vn->pos, "volume folder '%s' is listed twice", rel);
			free(full);
			full = NULL;
		}
	free(rel);
	if (!full)
		return;
	char *build = NULL;
	if (bn) {
		char *brel = yf_string(d, bn, "build folder");
		build = brel && *brel ? folder(a, bn, brel, "build folder", d) : NULL;
		free(brel);
	}
	a->volumes[a->nvolumes] = full;
	a->builds[a->nvolumes] = build;
	a->build_pos[a->nvolumes] = bn ? bn->pos : vn->pos;
	a->nvolumes++;
}

static void read_volumes(struct archive *a, const struct ynode *n, struct diag_list *d)
{
	if (n->kind == Y_MAP) {
		diag_at(d, R_YAML_TYPE, &n->pos, "'volumes' must be a list of volume folders");
		return;
	}
	size_t count = n->kind == Y_SEQ ? n->n : 1;
	a->volumes = xcalloc(count ? count : 1, sizeof *a->volumes);
	a->builds = xcalloc(count ? count : 1, sizeof *a->builds);
	a->build_pos = xcalloc(count ? count : 1, sizeof *a->build_pos);
	for (size_t i = 0; i < count; i++)
		read_volume(a, n->kind == Y_SEQ ? n->kids[i] : n, d);
}

static void read_archive(struct archive *a, const struct ynode *root, struct diag_list *d)
{
	yf_keys(d, root, "archive.yaml", archive_keys, NULL);
	const struct ynode *x = ynode_get(root, "title");
	if (x)
		a->title_pos = x->pos;
	yf_mtext(d, x, "title", &a->title);
	if (mtext_empty(&a->title))
		diag_at(d, R_REQUIRED, x ? &x->pos : &root->pos, "the archive has no title");
	if ((x = ynode_get(root, "url"))) {
		char *url = yf_url(d, x, "url");
		/* Every page URL is the base plus a relative path. */
		if (url && *url && !str_ends(url, "/")) {
			a->url = xasprintf("%s/", url);
			free(url);
		} else if (url && *url) {
			a->url = url;
		} else {
			free(url);
		}
	}
	x = ynode_get(root, "volumes");
	if (x) {
		a->volumes_pos = x->pos;
		read_volumes(a, x, d);
	}
	if (a->nvolumes == 0 && !diag_count(d, DIAG_ERROR))
		diag_at(d, R_REQUIRED, x ? &x->pos : &root->pos, "the archive lists no volumes");
	if ((x = ynode_get(root, "templates"))) {
		char *rel = yf_string(d, x, "templates");
		if (rel && *rel)
			a->templates = folder(a, x, rel, "templates folder", d);
		free(rel);
	}
}

struct archive *archive_load(const char *path, struct diag_list *d)
{
	char *text;
	size_t len;
	if (!md_read_text(path, ARCHIVE_YAML_MAX, &text, &len, d))
		return NULL;
	struct archive *a = xcalloc(1, sizeof *a);
	a->path = xstrdup(path);
	const char *slash = strrchr(path, '/');
	a->dir = slash ? (slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path)))
		       : xstrdup(".");
	struct ynode *root = ytree_parse(a->path, text, len, 1, d);
	free(text);
	if (!root) {
		if (!diag_count(d, DIAG_ERROR))
			diag_report(d, R_REQUIRED, a->path, 0, 0, "archive.yaml is empty");
		archive_free(a);
		return NULL;
	}
	if (root->kind != Y_MAP) {
		diag_at(d, R_YAML_TYPE, &root->pos, "archive.yaml must be a mapping of keys to values");
		ytree_free(root);
		archive_free(a);
		return NULL;
	}
	read_archive(a, root, d);
	ytree_free(root);
	return a;
}

void archive_free(struct archive *a)
{
	if (!a)
		return;
	mtext_free(&a->title);
	for (size_t i = 0; i < a->nvolumes; i++) {
		free(a->volumes[i]);
		free(a->builds[i]);
	}
	free(a->volumes);
	free(a->builds);
	free(a->build_pos);
	free(a->templates);
	free(a->url);
	free(a->dir);
	free(a->path);
	free(a);
}
