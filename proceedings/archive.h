/* An archive: several volumes published together as one web site,
 * described by archive.yaml:
 *
 *   title: {en: ..., ko: ...}
 *   url: https://proceedings.example.org/     (base URL of the site)
 *   volumes: [volume-2026-fall, volume-2025-spring]   (folders beside archive.yaml)
 *   volumes:                                  (or, to publish a volume's PDFs too:)
 *     - volume: volume-2026-fall
 *       build: out-2026-fall                  (the folder `quire build` wrote)
 *   templates: templates                      (optional: overrides of the HTML templates)
 */
#ifndef QUIRE_ARCHIVE_H
#define QUIRE_ARCHIVE_H

#include "diag.h"
#include "model.h"

struct archive {
	char *path;        /* archive.yaml as given */
	char *dir;         /* the folder holding it */
	struct mtext title;
	char *url;         /* base URL ending in '/', or NULL */
	char **volumes;    /* volume folders, already through path_check */
	char **builds;     /* per volume: the folder `quire build` wrote for it, or NULL */
	struct srcpos *build_pos; /* where each build folder is named */
	size_t nvolumes;
	char *templates;   /* template override folder, or NULL */
	struct srcpos title_pos, volumes_pos;
};

/* Returns NULL when archive.yaml cannot be read or parsed; otherwise an
 * archive with every problem reported in d. */
struct archive *archive_load(const char *path, struct diag_list *d);
void archive_free(struct archive *a);

#endif
