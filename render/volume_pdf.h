/* The whole volume as one document: front matter in roman numbers (cover,
 * title and copyright pages, front-matter files, committees, contents,
 * programme), then every paper from page 1 on, each starting on a right-
 * hand page when the layout asks for it, then the author index.  The
 * papers are set first, so the contents know their pages; the front
 * matter is set last and moved to the front.  Offprints are cut from the
 * same pages, so they carry the volume's page numbers, running heads and
 * citation lines exactly. */
#ifndef QUIRE_VOLUME_PDF_H
#define QUIRE_VOLUME_PDF_H

#include <signal.h>
#include <stddef.h>

struct volume;
struct typesetter;
struct diag_list;

struct vpdf_hooks {
	/* Called before each paper is set (may be NULL). */
	void (*progress)(void *ctx, size_t i, size_t n, const char *what, const char *id);
	void *ctx;
	/* Checked between papers and offprints: set means give up. */
	volatile sig_atomic_t *stop;
};

struct vpdf {
	const struct volume *v;
	struct typesetter *ts;
	int *first, *last;        /* printed pages of v->papers[i] */
	size_t *page0, *page1;    /* its pages' indexes in the volume, inclusive */
	size_t npages;            /* pages in the volume PDF */
};

/* Lay the volume out.  NULL when the fonts are missing (reported in d) or
 * when *hooks->stop was set. */
struct vpdf *vpdf_typeset(const struct volume *v, const struct vpdf_hooks *hooks,
			  struct diag_list *d);
void vpdf_free(struct vpdf *vb);

/* Write the volume, or paper i's offprint.  0, or -1 with R_IO in d. */
int vpdf_write_volume(struct vpdf *vb, const char *path, struct diag_list *d);
int vpdf_write_offprint(struct vpdf *vb, size_t i, const char *path, struct diag_list *d);

#endif
