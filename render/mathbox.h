/* Math boxes: a laid-out formula as a flat list of placed glyph runs and
 * rules, with its width, height and depth (TeX's hbox, flattened).  Math
 * coordinates have y growing upwards from the baseline; mbox_draw() turns
 * them into display items (y down) for a galley.  A box owns its items and
 * their text; nested boxes are copied into their parent with an offset
 * (formulas are small and nesting is bounded, so copying is cheap). */
#ifndef QUIRE_MATHBOX_H
#define QUIRE_MATHBOX_H

#include <stddef.h>
#include <stdint.h>

#include "proceedings/util.h"

struct galley;
struct layout_doc;

enum mbox_kind { MB_TEXT, MB_RULE, MB_BRACE, MB_LINE };

struct mbox_item {
	enum mbox_kind kind;
	int font;            /* MB_TEXT: face id */
	double size;         /* MB_TEXT: font size in points; MB_BRACE, MB_LINE: line width */
	double x, y;         /* MB_TEXT: baseline start; MB_RULE: bottom-left corner;
			      * MB_BRACE: its left end; MB_LINE: its start */
	double w, h;         /* MB_TEXT: advance width; MB_RULE: extent; MB_BRACE: width,
			      * and the tip's height over the ends (negative: below);
			      * MB_LINE: the way to its end */
	size_t off, len;     /* MB_TEXT: UTF-8 in the box's text */
};

struct mbox {
	double w, h, d;      /* width, height above and depth below the baseline */
	double italic;       /* italic correction of the last glyph (for superscripts) */
	double lo;           /* lowest ink of a glyph run, y up (above 0 for accents) */
	double scale;        /* drawn at this scale: 1, or less for a piece wider than the column */
	struct mbox_item *it;
	size_t n, cap;
	struct strbuf text;
};

void mbox_init(struct mbox *b);
void mbox_free(struct mbox *b);
/* Empty the box for reuse. */
void mbox_clear(struct mbox *b);

/* Append a run of UTF-8 text at (x, y); does not change the box's extent. */
void mbox_text(struct mbox *b, int font, double size, double x, double y, const char *s,
	       size_t len, double w);
/* Append a filled rule with bottom-left corner (x, y); extent unchanged. */
void mbox_rule(struct mbox *b, double x, double y, double w, double h);
/* Append a horizontal curly brace w wide with its ends at (x, y), its tip
 * h above them (below when h < 0), drawn with lines t thick. */
void mbox_brace(struct mbox *b, double x, double y, double w, double h, double t);
/* Append a straight stroke t thick from (x, y) to (x + w, y + h). */
void mbox_line(struct mbox *b, double x, double y, double w, double h, double t);
/* Copy src's items into dst shifted by (dx, dy); extent unchanged. */
void mbox_put(struct mbox *dst, const struct mbox *src, double dx, double dy);
/* Move src's items into dst (src is emptied, dst's metrics taken). */
void mbox_move(struct mbox *dst, struct mbox *src);

/* The items whose x lies in [x0, x1), shifted left by x0, into dst (which
 * gets width x1 - x0 and src's height and depth): one piece of an inline
 * formula that may break after its relations. */
void mbox_slice(struct mbox *dst, const struct mbox *src, double x0, double x1);

/* Draw the box with its baseline-left at (x, y) of the galley (y down),
 * everything scaled by `scale` about that point, in `color`. */
void mbox_draw(const struct mbox *b, struct galley *g, struct layout_doc *doc, double x,
	       double y, double scale, uint32_t color);

#endif
