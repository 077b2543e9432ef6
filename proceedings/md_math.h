/* TeX math in Markdown: a cmark-gfm syntax extension that takes formulas
 * out of the text before Markdown's inline rules can change them (`*` into
 * emphasis, `\{` into `{`), following pandoc's tex_math_dollars rules:
 *
 *   $...$      inline: a non-space after the opening $, a non-space before
 *              the closing $, and no digit after it ("$5 and $10" is text);
 *              \$ is a literal dollar.
 *   $$...$$    display, on one line or over several lines of a paragraph;
 *              a trailing {#eq:label} (pandoc-crossref) names it.
 *   \begin{equation}...\end{equation} (also equation*, align, align*,
 *              gather, multline, eqnarray, flalign, alignat and their
 *              starred forms, displaymath): display, TeX kept whole.
 *
 * A paragraph holding nothing but one display formula becomes a block node.
 * The TeX is stored exactly as written between the delimiters (Markdown
 * has already removed the indentation and '>' markers of continuation
 * lines).  Nodes keep cmark's start/end line and byte column; positions of
 * the nodes after a formula that spans lines are corrected to match. */
#ifndef QUIRE_MD_MATH_H
#define QUIRE_MD_MATH_H

#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdbool.h>

/* The node types; assigned by the first md_math_extension() call. */
extern cmark_node_type QUIRE_NODE_MATH_INLINE;  /* inline: $...$ */
extern cmark_node_type QUIRE_NODE_MATH_DISPLAY; /* inline: display math inside a paragraph */
extern cmark_node_type QUIRE_NODE_MATH_BLOCK;   /* block: a paragraph of display math alone */

/* The extension, created on the first call (not thread-safe: call it once
 * before starting threads) and owned by this module for the life of the
 * process.  Attach it with cmark_parser_attach_syntax_extension(); with it
 * attached, cmark_render_html() writes formulas as escaped TeX in
 * <span class="math inline">\(...\)</span> / <div class="math display">. */
cmark_syntax_extension *md_math_extension(void);

bool md_math_is_math(cmark_node *n);    /* any of the three types */
bool md_math_is_inline(cmark_node *n);  /* $...$ */
bool md_math_is_display(cmark_node *n); /* display math, in a paragraph or as a block */
bool md_math_is_block(cmark_node *n);   /* display math standing alone as a block */

/* The TeX (never NULL for a math node; NULL for other nodes). */
const char *md_math_tex(cmark_node *n);

/* The label of a display formula: from a trailing {#eq:x}, else the first
 * \label{x} inside; NULL if none. */
const char *md_math_label(cmark_node *n);

/* Line and byte column (cmark's 1-based convention) of the first byte of
 * md_math_tex(n) in the Markdown source, i.e. just after the opening $,
 * $$ or at the backslash of \begin. */
void md_math_tex_pos(cmark_node *n, int *line, int *col);

/* CommonMark lets a list item, a block quote or a heading interrupt a
 * paragraph, so a display formula written over several lines would be cut
 * at a line such as "+ c" or "- x &= y".  pandoc's Markdown does not (it
 * wants a blank line first), and papers are written for it.  So before
 * cmark sees the text, md_math_protect swaps the marker that such a line
 * of a display formula starts with for a control byte of the same length
 * (positions stay exact); the formula's TeX gets the marker back, and
 * md_math_unprotect gives it back to any other text.  True if anything
 * changed (never when the text already holds one of those bytes). */
bool md_math_protect(char *s, size_t len);
void md_math_unprotect(char *s, size_t len);

#endif
