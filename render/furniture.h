/* Page furniture: the running head (short title, authors) above the text
 * of every page but a paper's first, page numbers, and the citation block
 * at the foot of a paper's first page ("Cite as: ... pp. 3–14."). */
#ifndef QUIRE_FURNITURE_H
#define QUIRE_FURNITURE_H

#include <stddef.h>

struct blk;
struct paper;
struct volume;

/* Height the citation block needs at the foot of the first page. */
double furn_first_reserve(struct blk *b, const struct volume *vol, const struct paper *p);

/* Draw the furniture of the paper's pages [first, last] of b->doc. */
void furn_draw(struct blk *b, const struct volume *vol, const struct paper *p, size_t first,
	       size_t last);

#endif
