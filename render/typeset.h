/* The typesetter: papers in, laid-out pages out.  One typesetter owns a
 * document (fonts, pages) and the shared machinery (hyphenation patterns,
 * the ICU line-break iterator), and may set several papers into it in
 * sequence, each numbered from a given page, as the volume builder needs.
 * Nothing here writes a file: pdfdev.c does, and a layout alone (the page
 * limit check) never touches libharu. */
#ifndef QUIRE_TYPESET_H
#define QUIRE_TYPESET_H

#include <stdbool.h>
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

/* Start a new, empty document with the same fonts (tools that set many
 * unrelated documents, such as the fuzzer). */
void ts_reset(struct typesetter *ts);

/* The document the papers go into (owned by the typesetter). */
struct layout_doc *ts_doc(struct typesetter *ts);

/* Set `p` on new pages numbered from `first_number`; returns how many pages
 * it took.  Problems (missing glyphs, bad images) go to d. */
int ts_paper(struct typesetter *ts, const struct paper *p, int first_number, struct diag_list *d);

/* In a volume, each paper's bookmark sits at outline level `level` (1 = top)
 * with its sections below it; 0 (the default) gives the sections alone, at
 * the top level, as for a single paper. */
void ts_set_outline_level(struct typesetter *ts, int level);

/* Volume mode: volume running heads and a citation line on each paper's
 * first page (no "Cite as" block), each paper's named destinations
 * prefixed with "<paper-id>/" so papers cannot capture each other's links,
 * and a destination ts_paper_dest(id) at the top of its first page. */
void ts_set_volume(struct typesetter *ts, bool on);

/* The destination name of a paper's first page in a volume (caller frees). */
char *ts_paper_dest(const char *id);

/* The page design, and a block builder on the typesetter's document and
 * machinery for pages quire sets itself (front matter, index); blk_free it. */
const struct style *ts_style(const struct typesetter *ts);
void ts_blk(struct typesetter *ts, struct blk *b, struct diag_list *d);

/* Counts over every paper set so far (lines, overfull lines, ...). */
const struct blk_stats *ts_stats(const struct typesetter *ts);

#endif
