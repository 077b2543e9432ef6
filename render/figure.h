/* Figures: an image alone in its paragraph, with its description as the
 * caption "Figure N: ...".  The image is scaled to the column width (never
 * enlarged past its own resolution) and kept shorter than most of a page;
 * the figure is a float, so it goes to the top of the next column when it
 * does not fit where it stands.  An image that cannot be decoded is
 * reported (R_IMAGE_BAD) and shown as a framed placeholder with its caption;
 * paths outside the paper's folder are never opened. */
#ifndef QUIRE_FIGURE_H
#define QUIRE_FIGURE_H

#include <stdbool.h>

struct blk;
struct cmark_node;

bool figure_is(struct cmark_node *para);
void figure_build(struct blk *b, struct cmark_node *para);

#endif
