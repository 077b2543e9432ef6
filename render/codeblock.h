/* Code blocks: mono, line for line as written, on a light grey ground.
 * A line too long for the column is wrapped (after a space or
 * punctuation when one is near, else anywhere) and its continuation starts
 * with a ↪ mark, so nothing runs off the page and nothing looks like a
 * line break the author made. */
#ifndef QUIRE_CODEBLOCK_H
#define QUIRE_CODEBLOCK_H

#include <stdbool.h>

struct blk;
struct cmark_node;

void code_block(struct blk *b, struct cmark_node *n);

/* Set `text` as code.  `first_line` is the source line of its first line
 * (0: unknown), for R_GLYPH_MISSING; `shaded` draws the grey ground. */
void code_block_text(struct blk *b, const char *text, int first_line, bool shaded);

#endif
