/* Glyphs for math: which font draws each character, runs of glyphs with
 * their ink extents, and delimiters and radicals grown to a height.
 *
 * The Unicode mathematical alphanumerics the parser produces (U+1D400...)
 * that have a text face are mapped back to plain letters and drawn with
 * it: italic identifiers in the serif italic (DejaVu Math TeX Gyre is
 * designed to match DejaVu Serif), \mathbf in the serif bold, \mathsf in
 * the sans.  Script, fraktur and double-struck letters (𝒩, 𝔄, 𝟙) have no
 * text face and come from the math font as they are (pdffont_encode draws
 * characters beyond the BMP); a plain letter only when it lacks them. */
#include "render/mathint.h"

#include <math.h>
#include <string.h>

#include "proceedings/text.h"
#include "render/font.h"

#define MAX_GROW 2.6   /* a scaled glyph beyond this looks bloated: use rules */

static uint32_t greek_at(int i)
{
	static const uint32_t tail[] = {0x2202, 0x3F5, 0x3D1, 0x3F0, 0x3D5, 0x3F1, 0x3D6};
	if (i < 17)
		return 0x391 + (uint32_t)i;
	if (i == 17)
		return 0x3F4;
	if (i < 25)
		return 0x3A3 + (uint32_t)(i - 18);
	if (i == 25)
		return 0x2207;
	if (i < 51)
		return 0x3B1 + (uint32_t)(i - 26);
	return tail[i - 51];
}

/* A mathematical alphanumeric back to its letter and a text face style. */
static bool unmap(uint32_t cp, uint32_t *base, enum font_family *fam, int *sty)
{
	static const struct {
		uint32_t start;
		int n;       /* 52 Latin, 58 Greek, 10 digits */
		enum font_family fam;
		int sty;
	} blocks[] = {
		{0x1D400, 52, FONT_SERIF, FONT_BOLD}, {0x1D434, 52, FONT_SERIF, FONT_ITALIC},
		{0x1D468, 52, FONT_SERIF, FONT_BOLD | FONT_ITALIC},
		{0x1D49C, 52, FONT_MATH, FONT_ITALIC}, {0x1D4D0, 52, FONT_MATH, FONT_BOLD | FONT_ITALIC},
		{0x1D504, 52, FONT_MATH, 0}, {0x1D538, 52, FONT_MATH, FONT_BOLD},
		{0x1D56C, 52, FONT_MATH, FONT_BOLD}, {0x1D5A0, 52, FONT_SANS, 0},
		{0x1D5D4, 52, FONT_SANS, FONT_BOLD}, {0x1D608, 52, FONT_SANS, FONT_ITALIC},
		{0x1D63C, 52, FONT_SANS, FONT_BOLD | FONT_ITALIC}, {0x1D670, 52, FONT_MONO, 0},
		{0x1D6A8, 58, FONT_SERIF, FONT_BOLD}, {0x1D6E2, 58, FONT_SERIF, FONT_ITALIC},
		{0x1D71C, 58, FONT_SERIF, FONT_BOLD | FONT_ITALIC}, {0x1D756, 58, FONT_SANS, FONT_BOLD},
		{0x1D790, 58, FONT_SANS, FONT_BOLD | FONT_ITALIC}, {0x1D7CE, 10, FONT_SERIF, FONT_BOLD},
		{0x1D7D8, 10, FONT_MATH, FONT_BOLD}, {0x1D7E2, 10, FONT_SANS, 0},
		{0x1D7EC, 10, FONT_SANS, FONT_BOLD}, {0x1D7F6, 10, FONT_MONO, 0},
	};
	if (cp == 0x1D6A4 || cp == 0x1D6A5) {
		*base = cp == 0x1D6A4 ? 0x131 : 0x237;
		*fam = FONT_SERIF;
		*sty = FONT_ITALIC;
		return true;
	}
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
		if (cp < blocks[i].start || cp >= blocks[i].start + (uint32_t)blocks[i].n)
			continue;
		int k = (int)(cp - blocks[i].start);
		*base = blocks[i].n == 52 ? (k < 26 ? 'A' + (uint32_t)k : 'a' + (uint32_t)(k - 26))
			: blocks[i].n == 58 ? greek_at(k)
					    : '0' + (uint32_t)k;
		*fam = blocks[i].fam;
		*sty = blocks[i].sty;
		return true;
	}
	return false;
}

static bool latin(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool greek_lower(uint32_t c)
{
	return (c >= 0x3B1 && c <= 0x3C9) || c == 0x3F5 || c == 0x3D1 || c == 0x3F0 ||
	       c == 0x3D5 || c == 0x3F1 || c == 0x3D6 || c == 0x131 || c == 0x237;
}

static bool greek_upper(uint32_t c)
{
	return c >= 0x391 && c <= 0x3A9;
}

/* The face for one character; *cp may change to a drawable one. */
static int pick(struct mctx *c, uint32_t *cp, enum math_variant v, enum mrole role)
{
	uint32_t ch = *cp;
	enum font_family fam = FONT_MATH;
	int sty = 0;
	bool digit = ch >= '0' && ch <= '9';
	if (unmap(ch, cp, &fam, &sty)) {
		/* A letter with no text face: the math font's own, if it has it
		 * (else the plain letter in the serif, with the style above). */
		if (fam == FONT_MATH) {
			int f = font_for_char(c->fs, FONT_MATH, 0, ch);
			if (f >= 0) {
				*cp = ch;
				return f;
			}
			fam = FONT_SERIF;
		}
	} else if (role == MR_TEXT) {
		fam = FONT_SERIF;
		sty = v == MATH_VAR_BOLD ? FONT_BOLD
		      : v == MATH_VAR_ITALIC ? FONT_ITALIC
		      : v == MATH_VAR_BOLD_ITALIC ? FONT_BOLD | FONT_ITALIC : 0;
		if (v == MATH_VAR_SANS)
			fam = FONT_SANS;
		else if (v == MATH_VAR_MONO)
			fam = FONT_MONO;
	} else if (latin(ch) || greek_lower(ch) || greek_upper(ch) || digit) {
		fam = FONT_SERIF;
		bool italic = role == MR_LETTER && !digit &&
			      ((v == MATH_VAR_DEFAULT && !greek_upper(ch)) || v == MATH_VAR_ITALIC);
		sty = italic ? FONT_ITALIC : 0;
		if (v == MATH_VAR_BOLD)
			sty = FONT_BOLD;
		else if (v == MATH_VAR_BOLD_ITALIC)
			sty = digit ? FONT_BOLD : FONT_BOLD | FONT_ITALIC;
	}
	int f = font_for_char(c->fs, fam, sty, *cp);
	if (f < 0)
		f = font_for_char(c->fs, FONT_MATH, 0, *cp);
	if (f < 0 && (*cp == 0x2032 || *cp == 0x2033)) {
		*cp = '\'';
		f = font_for_char(c->fs, FONT_SERIF, 0, *cp);
	}
	if (f < 0) {
		/* Reported by the checks; a visible mark keeps the place. */
		*cp = '?';
		f = font_for_char(c->fs, FONT_SERIF, 0, *cp);
	}
	return f;
}

void mg_run(struct mctx *c, const char *s, enum math_variant v, enum mrole role, double size,
	    struct mbox *out)
{
	mbox_clear(out);
	struct strbuf run;
	sb_init(&run);
	int run_font = -1;
	double run_x = 0, x = 0, h = 0, d = 0, italic = 0, lo = 1e9;
	while (s && *s) {
		uint32_t cp = text_next(&s);
		if (font_ignorable(cp))
			continue;
		int f = pick(c, &cp, v, role);
		if (f != run_font && run.len) {
			mbox_text(out, run_font, size, run_x, 0, run.s, run.len, x - run_x);
			run.len = 0;
		}
		if (!run.len) {
			run_font = f;
			run_x = x;
		}
		text_sb_add_cp(&run, cp);
		double adv = font_advance(c->fs, f, cp) * size / 1000.0;
		int y0, y1, x1;
		font_glyph_box(c->fs, f, cp, &y0, &y1, &x1);
		h = fmax(h, y1 * size / 1000.0);
		d = fmax(d, -y0 * size / 1000.0);
		if (y1 > y0)
			lo = fmin(lo, y0 * size / 1000.0);
		italic = font_face(c->fs, f)->style & FONT_ITALIC
				 ? fmax(0, x1 * size / 1000.0 - adv) + 0.04 * size
				 : 0;
		x += adv;
	}
	if (run.len)
		mbox_text(out, run_font, size, run_x, 0, run.s, run.len, x - run_x);
	sb_free(&run);
	out->w = x;
	out->h = h;
	out->d = d;
	out->italic = italic;
	out->lo = lo < 1e9 ? lo : 0;
}

/* Brackets and bars as rules, for any height. */
static bool rule_delim(uint32_t cp, double size, double h, double d, struct mbox *out)
{
	double t = 0.06 * size, arm = 0.28 * size, pad = 0.1 * size;
	bool open = cp == '[' || cp == 0x2308 || cp == 0x230A;
	bool close = cp == ']' || cp == 0x2309 || cp == 0x230B;
	bool bar = cp == '|' || cp == 0x2223, dbar = cp == 0x2016 || cp == 0x2225;
	if (!open && !close && !bar && !dbar)
		return false;
	double top = h, bot = -d;
	if (open || close) {
		double x = open ? pad : pad + arm - t;
		mbox_rule(out, x, bot, t, top - bot);
		double ax = open ? pad : pad;
		bool top_arm = cp == '[' || cp == ']' || cp == 0x2308 || cp == 0x2309;
		bool bot_arm = cp == '[' || cp == ']' || cp == 0x230A || cp == 0x230B;
		if (top_arm)
			mbox_rule(out, ax, top - t, arm, t);
		if (bot_arm)
			mbox_rule(out, ax, bot, arm, t);
		out->w = arm + 2 * pad;
	} else {
		mbox_rule(out, pad, bot, t, top - bot);
		if (dbar)
			mbox_rule(out, pad + 3 * t, bot, t, top - bot);
		out->w = 2 * pad + (dbar ? 4 * t : t);
	}
	out->h = h;
	out->d = d;
	return true;
}

void mg_delim(struct mctx *c, uint32_t cp, double size, double target, int centre,
	      struct mbox *out)
{
	mbox_clear(out);
	if (!cp)
		return;
	int f = pick(c, &cp, MATH_VAR_NORMAL, MR_SYMBOL);
	int y0, y1, x1;
	font_glyph_box(c->fs, f, cp, &y0, &y1, &x1);
	double ink = (y1 - y0) * size / 1000.0;
	double k = ink > 0 && target > ink ? target / ink : 1;
	double axis = M_AXIS * size;
	if (k > MAX_GROW) {
		double half = target / 2;
		if (rule_delim(cp, size, axis + half, half - axis, out))
			return;
		k = k > 2 * MAX_GROW ? 2 * MAX_GROW : k; /* parentheses: grown, within reason */
	}
	double sz = size * k;
	double adv = font_advance(c->fs, f, cp) * sz / 1000.0;
	double top = y1 * sz / 1000.0, bot = y0 * sz / 1000.0;
	double shift = centre ? axis - (top + bot) / 2 : 0;
	struct strbuf s;
	sb_init(&s);
	text_sb_add_cp(&s, cp);
	mbox_text(out, f, sz, 0, shift, s.s, s.len, adv);
	sb_free(&s);
	out->w = adv;
	out->h = top + shift;
	out->d = -(bot + shift);
}

void mg_radical(struct mctx *c, double size, double target, double top, struct mbox *out,
		double *rule_x)
{
	mbox_clear(out);
	uint32_t cp = 0x221A;
	int f = pick(c, &cp, MATH_VAR_NORMAL, MR_SYMBOL);
	int y0, y1, x1;
	font_glyph_box(c->fs, f, cp, &y0, &y1, &x1);
	double ink = (y1 - y0) * size / 1000.0;
	double k = ink > 0 && target > ink ? target / ink : 1;
	double sz = size * fmin(k, 2 * MAX_GROW);
	double gtop = y1 * sz / 1000.0, gbot = y0 * sz / 1000.0;
	double shift = top - gtop;
	double adv = font_advance(c->fs, f, cp) * sz / 1000.0;
	struct strbuf s;
	sb_init(&s);
	text_sb_add_cp(&s, cp);
	mbox_text(out, f, sz, 0, shift, s.s, s.len, adv);
	sb_free(&s);
	*rule_x = fmin(adv, x1 * sz / 1000.0) - 0.02 * size;
	out->w = adv;
	out->h = top;
	out->d = fmax(0, -(gbot + shift));
}
