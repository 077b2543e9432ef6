/* The page builder: cuts galleys into columns and pages.
 *
 * Each column is filled TeX-fashion: the break is the legal breakpoint
 * (glue after a box, or a penalty) of least cost before the column
 * overflows, where cost = penalty + badness of the space left over, so a
 * widow, an orphan or a heading at the foot of a column (all forbidden by
 * GAL_INF penalties from the block builder) are avoided by breaking
 * earlier.  Floats go where they are when they fit, else to the top of the
 * next column; footnotes go to the bottom of the column their reference
 * lands in (a note too long for it continues in the next, notearea.c); a
 * table's header box is repeated at the top of a column that starts inside
 * the table; the columns of a flow's last page are balanced.
 *
 * Several galleys may be flowed one after the other onto the same pages
 * (a full-width title block, then the body in two columns). */
#ifndef QUIRE_PAGEBUILD_H
#define QUIRE_PAGEBUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "render/notearea.h"

struct layout_doc;
struct style;
struct galley;

struct pb {
	struct layout_doc *doc;
	const struct style *st;
	int next_number;      /* printed number of the next page made */
	bool have_page;       /* is there a current page to continue on? */
	size_t page;          /* the current page's index in doc */
	float y;              /* where the next flow starts on the current page */
	size_t first_page;    /* index of the first page this builder made */
	float first_reserve;  /* space kept free at the foot of that page */
	int *queue;           /* floats waiting for a column (of the current galley) */
	size_t nq, capq;
	struct notearea carry; /* footnote lines waiting for a column */
};

/* Start a builder that appends pages to `doc`, numbering them from
 * `first_number`. */
void pb_init(struct pb *pb, struct layout_doc *doc, const struct style *st, int first_number);
void pb_free(struct pb *pb);

/* Flow a galley into `ncols` columns (of the style's column width, or the
 * full text width for 1), starting at pb->y on the current page (a new
 * page if there is none).  Afterwards pb->y is below the last thing placed. */
void pb_flow(struct pb *pb, const struct galley *g, int ncols);

/* Start a new page (or column set) for whatever is flowed next. */
void pb_new_page(struct pb *pb);

#endif
