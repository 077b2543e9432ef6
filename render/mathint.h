/* Shared between the math layout files (mathglyph.c: fonts and glyphs;
 * mathlayout.c: the box structure).  Not for other modules. */
#ifndef QUIRE_MATHINT_H
#define QUIRE_MATHINT_H

#include <stdint.h>

#include "proceedings/math.h"
#include "render/mathbox.h"

struct font_set;

/* Depth of the layout's recursion: the parser caps group nesting at
 * MATH_MAX_DEPTH, and each group costs a few frames here. */
#define MLAY_MAX_DEPTH (4 * MATH_MAX_DEPTH + 16)

struct mctx {
	struct font_set *fs;
	int depth;
};

/* How a piece of text in a formula picks its font. */
enum mrole {
	MR_LETTER,  /* identifiers and numbers: TeX's default italic letters */
	MR_UPRIGHT, /* function names and \mathrm words */
	MR_SYMBOL,  /* operators, relations, delimiters: the math font first */
	MR_TEXT,    /* \text{}: the text font */
};

/* Font sizes in ems of the current size (DejaVu proportions). */
#define M_AXIS 0.26      /* the math axis (centre of + and of fraction rules) */
#define M_XHEIGHT 0.52
#define M_RULE 0.045     /* fraction and radical rules */

/* Glyphs of UTF-8 `s` at `size` into `out` (cleared first), with width,
 * ink height and depth, and the italic correction of the last glyph. */
void mg_run(struct mctx *c, const char *s, enum math_variant v, enum mrole role, double size,
	    struct mbox *out);

/* One delimiter or big symbol `cp` from the math font, drawn at a size
 * that makes its ink at least `target` tall (never smaller than at
 * `size`), centred on the axis when `centre`.  Brackets and bars taller
 * than a few ems are drawn with rules. */
void mg_delim(struct mctx *c, uint32_t cp, double size, double target, int centre,
	      struct mbox *out);

/* The radical sign covering `target` points of height; its ink top is at
 * y = top; *rule_x is where the overbar starts. */
void mg_radical(struct mctx *c, double size, double target, double top, struct mbox *out,
		double *rule_x);

#endif
