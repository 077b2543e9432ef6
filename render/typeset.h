/* The typesetter: papers in, laid-out pages out.  One typesetter owns a
 * document (fonts, pages) and the shared machinery (hyphenation patterns,
 * the ICU line-break iterator), and may set several papers into it in
 * sequence, each numbered from a given page, as the volume builder needs.
 * Nothing here writes a file: pdfdev.c does, and a layout alone (the page
 * limit check) never touches libharu. */
#ifndef QUIRE_TYPESET_H
#define QUIRE_TYPESET_H

#include <stddef.h>

#include "render/blocks.h"

struct volume;
struct paper;
struct diag_list;
struct layout_doc;

struct typesetter;

/* A typesetter for the volume's layout (vol may be NULL: the defaults).
 * Returns NULL, with R_FONT_MISSING reported, when the fonts are missing. */
struct typesetter *ts_new(const struct volume *vol, struct diag_list *d);
void ts_free(struct typesetter *ts);

/* The document the papers go into (owned by the typesetter). */
struct layout_doc *ts_doc(struct typesetter *ts);

/* Set `p` on new pages numbered from `first_number`; returns how many pages
 * it took.  Problems (missing glyphs, bad images) go to d. */
int ts_paper(struct typesetter *ts, const struct paper *p, int first_number, struct diag_list *d);

/* In a volume, each paper's bookmark sits at outline level `level` (1 = top)
 * with its sections below it; 0 (the default) gives the sections alone, at
 * the top level, as for a single paper. */
void ts_set_outline_level(struct typesetter *ts, int level);

/* Counts over every paper set so far (lines, overfull lines, ...). */
const struct blk_stats *ts_stats(const struct typesetter *ts);

#endif
