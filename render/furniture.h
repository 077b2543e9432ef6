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

/* ---- in a volume ---- */

/* A page's printed number as text: "17", or "xii" for roman pages. */
void furn_number_text(char *buf, size_t len, int number, int roman);

/* The citation line of a paper's first page in a volume: "In: Volume,
 * Series 3, pp. 17–28, 2026. DOI: prefix/volume.paper" (caller frees). */
char *furn_citation_line(const struct volume *vol, const struct paper *p, int first, int last);

/* A paper's pages in a volume: the citation line at the head of the
 * first page and its number at the foot; on the others the volume's short
 * title (even pages) or the paper's (odd pages), with the number at the
 * outer edge. */
void furn_draw_volume(struct blk *b, const struct volume *vol, const struct paper *p,
		      size_t first, size_t last);

/* The number alone, centred at the foot of page `pi` (front matter, index,
 * a paper's first page). */
void furn_folio(struct blk *b, size_t pi);

/* A running head on page `pi`: `text` at the inner side, the number at
 * the outer edge (left on even pages). */
void furn_head(struct blk *b, size_t pi, const char *text);

#endif
