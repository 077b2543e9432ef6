/* The galley: a paper's content as one long vertical list, before it is
 * cut into columns and pages (TeX's main vertical list).
 *
 *   box      a line or other unbreakable piece, with height above and
 *            depth below its baseline, and the display items that draw it
 *            (positioned relative to the column's left edge and the box's
 *            baseline);
 *   glue     vertical space that may stretch and is dropped at a break;
 *   penalty  a possible page break and its cost (>= GAL_INF forbids it);
 *   float    a figure that goes here if it fits, else to the top of the
 *            next column.
 *
 * Boxes may carry footnotes (placed at the bottom of the column they land
 * in) and a table header to repeat when a column starts inside the table. */
#ifndef QUIRE_GALLEY_H
#define QUIRE_GALLEY_H

#include <stddef.h>
#include <stdint.h>

#include "render/layout.h"

#define GAL_INF 10000
#define GAL_NO_DEPTH (-1e9f) /* no box yet: the next box gets no interline glue */

enum vl_kind { VL_BOX, VL_GLUE, VL_PENALTY, VL_FLOAT };

struct vl_item {
	enum vl_kind kind;
	float h, d;          /* box: height and depth; glue: natural size in h */
	float stretch, shrink;
	int penalty;
	uint32_t dl0, ndl;   /* box, float: display items in galley->dl */
	int32_t fn0;         /* box: first footnote reference in galley->fnref, */
	uint32_t nfn;        /*      and how many */
	int32_t head;        /* box: index of a table header box to repeat, or -1 */
	int32_t flt;         /* float: its number in galley->floats */
};

/* A float: display items relative to (column left, float top). */
struct gal_float {
	uint32_t dl0, ndl;
	float h;
};

/* A footnote body: items [v0, v0 + nv) of galley->notes, glue between its
 * lines included. */
struct gal_note {
	size_t v0, nv;
};

struct galley {
	struct vl_item *v;
	size_t n, cap;
	struct dl_item *dl;
	size_t ndl, capdl;
	struct gal_float *floats;
	size_t nfloats, capfloats;
	int *fnref;          /* footnote numbers, referenced by boxes */
	size_t nfnref, capfnref;
	struct galley *notes; /* the footnote bodies' own list (NULL in a notes galley) */
	struct gal_note *note;
	size_t nnote, capnote;
	float prev_depth;
	float lineskip;      /* minimum gap between a box and the next */
};

void gal_init(struct galley *g, int with_notes);
void gal_free(struct galley *g);

/* Append a display item (relative coordinates); returns its index. */
uint32_t gal_dl(struct galley *g, const struct dl_item *it);

/* Append a box holding items [dl0, g->ndl), preceded by interline glue
 * that puts its baseline `lead` below the previous box's (or `lineskip`
 * below its bottom when they would collide).  Returns the box's index. */
size_t gal_box(struct galley *g, float h, float d, float lead, uint32_t dl0);
void gal_glue(struct galley *g, float size, float stretch, float shrink);
void gal_penalty(struct galley *g, int penalty);
/* A float of height h holding items [dl0, g->ndl). */
void gal_float(struct galley *g, float h, uint32_t dl0);
/* Attach footnote `num` to box `box`.  Boxes get their references in
 * order, one box at a time. */
void gal_box_footnote(struct galley *g, size_t box, int num);

/* Start and finish footnote number `num` (numbers count from 0 and must be
 * finished in order) in g->notes. */
void gal_note_begin(struct galley *g);
void gal_note_end(struct galley *g);

#endif
