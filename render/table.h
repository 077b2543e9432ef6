/* GFM tables, booktabs style: a heavier rule above and below, a thin one
 * under the header, no vertical rules.  Column widths come from the
 * content (the widest word and the unbroken width of each column);
 * cells wrap ragged right (or centred / right-aligned as the table says).
 * Each row is one box, so a table may break between rows, and the header
 * row is repeated at the top of every column the table continues in.  A
 * caption is a paragraph "Table: ..." (pandoc's syntax) right before or
 * after the table. */
#ifndef QUIRE_TABLE_H
#define QUIRE_TABLE_H

#include <stdbool.h>

struct blk;
struct cmark_node;

void table_build(struct blk *b, struct cmark_node *table);

/* Is `para` the caption of the table next to it (and so not a paragraph)? */
bool table_is_caption(struct cmark_node *para);

#endif
