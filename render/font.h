/* Fonts for the typesetter: found by family name with fontconfig, measured
 * with FreeType.  Only TrueType (glyf) fonts are accepted because libharu
 * can embed nothing else.  Each distinct .ttf file gets one small integer
 * id; the layout refers to fonts by that id only, and the PDF device loads
 * the same files by path.  Widths are cached per code point in 1/1000 em,
 * rounded the way libharu writes its /W array so that what we measure is
 * what the viewer draws. */
#ifndef QUIRE_FONT_H
#define QUIRE_FONT_H

#include <stdbool.h>
#include <stdint.h>

struct layout_policy;
struct diag_list;
struct srcpos;

enum font_family {
	FONT_SERIF,
	FONT_SANS,
	FONT_MONO,
	FONT_HANGUL,      /* Korean serif (Myeongjo) */
	FONT_HANGUL_SANS, /* Korean sans (Gothic) */
	FONT_MATH,        /* math symbols (DejaVu Math TeX Gyre); optional, the
			   * last resort of the other families' fallback chains */
	FONT_NFAMILIES
};

/* Style bits. */
enum { FONT_ITALIC = 1, FONT_BOLD = 2, FONT_NSTYLES = 4 };

struct font_face {
	char *path;        /* the .ttf file */
	char *name;        /* "DejaVu Serif Bold": for messages */
	int style;         /* the style bits this file really has */
	int ascent;        /* 1/1000 em above the baseline (hhea) */
	int descent;       /* 1/1000 em below the baseline, positive */
};

struct font_set;

/* Find every family of the layout (NULL: the defaults).  A family that
 * cannot be found, or is not TrueType, is reported as R_FONT_MISSING at
 * `where` (may be NULL) and replaced by the serif; returns NULL only when
 * not even the serif family exists. */
struct font_set *font_set_open(const struct layout_policy *lp, const struct srcpos *where,
			       struct diag_list *d);
void font_set_free(struct font_set *fs);

int font_count(const struct font_set *fs);
const struct font_face *font_face(const struct font_set *fs, int id);

/* The face for a family and style, falling back to the nearest style the
 * family has (Hangul has no italic: its regular is used). */
int font_id(const struct font_set *fs, enum font_family fam, int style);

/* The first face, in the fallback order of (fam, style), that has a glyph
 * for `cp`; -1 when no configured font has one.  Characters beyond the
 * Basic Multilingual Plane are found too (pdffont_encode draws them). */
int font_for_char(struct font_set *fs, enum font_family fam, int style, uint32_t cp);

/* Advance width of `cp` in face `id`, in 1/1000 em; -1 if the face has no
 * glyph for it. */
int font_advance(struct font_set *fs, int id, uint32_t cp);

/* The kerning between `left` and `right` set side by side in face `id`,
 * in 1/1000 em (negative: closer), from the font's kern table; 0 when the
 * pair or the face has none. */
int font_kern(struct font_set *fs, int id, uint32_t left, uint32_t right);

/* Ink extent of `cp` in face `id`, in 1/1000 em: lowest and highest y
 * (y up) and rightmost x.  False (all 0) when the face lacks the glyph. */
bool font_glyph_box(struct font_set *fs, int id, uint32_t cp, int *ymin, int *ymax, int *xmax);

/* Is there a math font (FONT_MATH is a real face, not the serif)? */
bool font_has_math(const struct font_set *fs);

/* Is `cp` a character drawn with no glyph at all (controls, zero-width
 * marks) that the typesetter drops before measuring? */
bool font_ignorable(uint32_t cp);

#endif
