/* Pages that quire sets itself in a volume (front matter, contents,
 * author index): a small toolkit over the typesetter's block builder for
 * text placed at exact positions, galleys flowed onto new pages with a
 * folio, and blank versos. */
#ifndef QUIRE_VPAGE_H
#define QUIRE_VPAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "render/blocks.h"
#include "render/layout.h"
#include "render/style.h"

struct typesetter;
struct volume;
struct galley;
struct diag_list;

struct vpage {
	struct typesetter *ts;
	struct layout_doc *doc;
	const struct style *st;
	struct blk b;
	const struct volume *v;
	const char *lang;              /* the volume's first language */
	enum layout_numbering numbering;
	int next;                      /* printed number of the next page */
	bool recto;                    /* sections start on odd pages */
	struct diag_list *d;
};

void vp_init(struct vpage *vp, struct typesetter *ts, const struct volume *v, int first,
	     enum layout_numbering numbering, struct diag_list *d);
void vp_free(struct vpage *vp);

/* A new empty page; returns its index in doc. */
size_t vp_page(struct vpage *vp);

/* When sections start on odd pages and the next is even: a blank page. */
void vp_recto(struct vpage *vp);

/* Set `text` in `ps` at `measure` wide, aligned, first baseline at (x, y),
 * straight onto page `pi`; returns the number of lines. */
size_t vp_text(struct vpage *vp, size_t pi, const char *text, const struct para_style *ps,
	       double x, double y, double measure, enum para_align al, double lead);

/* Width of one line of text in a style. */
double vp_width(struct vpage *vp, const struct para_style *ps, const char *text);

/* Flow `g` onto new pages in `ncols` columns (style `st`, or the
 * typesetter's when NULL), each page with a folio.  Returns the index of
 * the first page. */
size_t vp_flow(struct vpage *vp, const struct galley *g, int ncols, const struct style *st);

/* Several galleys one after the other on the same pages, galley i in
 * ncols[i] columns. */
size_t vp_flow_seq(struct vpage *vp, const struct galley *gs, const int *ncols, size_t n,
		   const struct style *st);

/* Galley building: one paragraph of text set into g at b->x/b->measure. */
void vp_para(struct vpage *vp, struct galley *g, const char *text, const struct para_style *ps,
	     enum para_align al, double lead);

/* A level-`level` bookmark and (when dest is not NULL) a named
 * destination, attached to the next box put into g. */
void vp_mark(struct vpage *vp, struct galley *g, const char *title, int level, const char *dest,
	     double above);

#endif
