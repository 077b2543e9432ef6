/* The typographic design: page geometry, sizes, leading and colours,
 * derived from the volume's layout (paper size and column count).  One
 * place for every number that decides how a page looks. */
#ifndef QUIRE_STYLE_H
#define QUIRE_STYLE_H

#include <stdbool.h>
#include <stdint.h>

struct layout_policy;

/* A size and the distance between baselines at that size. */
struct style_font {
	double size, lead;
};

struct style {
	double page_w, page_h;
	double margin_top, margin_bottom, margin_left;
	double text_w, text_h;        /* the text block */
	int columns;
	double col_gap, col_w;

	struct style_font body, small, footnote, code, caption, title, subtitle, author,
		affil, abstract, head[4], running;
	double par_indent;            /* first-line indent of following paragraphs */
	double list_indent;           /* per nesting level */
	double block_skip;            /* around lists, quotes, code, tables */
	double head_above[4], head_below[4];
	double float_skip;            /* between a float and the text */
	double fn_skip;               /* above the footnote rule */
	double topskip;               /* first baseline below the column top */
	double code_pad;              /* inside the shaded code box */
	double rule_w;                /* thin rules (tables, footnote separator) */

	uint32_t text_color, link_color, rule_color, code_bg, muted_color, head_color;
};

/* `lp` may be NULL (A4, one column). */
void style_init(struct style *s, const struct layout_policy *lp);

/* The x of column `c`'s left edge. */
double style_col_x(const struct style *s, int c);

#endif
