/* Paragraphs: styled text in, broken and justified lines of placed runs
 * out.  Each character goes to the first font of its family's fallback
 * chain that has it; breaks come from brk.c (spaces, hyphens, Hangul
 * syllables), hyphenation from hyph.c, the choice of breaks from lb.c
 * (Knuth–Plass) in up to five passes:
 *   1. no hyphenation, badness <= 100;
 *   2. with hyphenation, badness <= 200;
 *   3. long tokens (URLs, identifiers, citation keys: a third of the
 *      line or more) may also break after their punctuation, or between
 *      any two characters at a high cost;
 *   4. with emergency stretch (3 em per line);
 *   5. any line that is not overfull.
 * A character no font has is reported (R_GLYPH_MISSING, at its source
 * line) and drawn as U+FFFD, never as an empty box. */
#ifndef QUIRE_PARA_H
#define QUIRE_PARA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proceedings/util.h"
#include "render/font.h"

struct hyph;
struct brk;
struct diag_list;
struct lb_item;

enum para_align { PARA_JUSTIFY, PARA_RAGGED, PARA_CENTER };

struct para_style {
	enum font_family family;
	int style;        /* FONT_ITALIC | FONT_BOLD */
	double size;      /* points */
	double rise;      /* baseline shift in points (superscripts) */
	uint32_t color;   /* 0xRRGGBB */
	int link;         /* the caller's link number, or -1 */
	bool strike;
	bool url;         /* code or a URL: may also break after / . _ & = and the like */
};

struct para_opts {
	double measure;   /* line width in points */
	double indent;    /* of the first line */
	enum para_align align;
	bool hyphenate;   /* English hyphenation */
};

/* A piece of text drawn with one font at one position. */
struct para_run {
	int font;
	double size, x, rise, width; /* x from the line's left edge */
	uint32_t color;
	int link;
	bool strike;
	double cs;                   /* extra space after each character: the set
				      * width of the glue between Hangul syllables */
	size_t off, len;             /* UTF-8 in para->out */
	size_t nch;                  /* characters in the run */
	bool cs_set;                 /* cs is fixed by a gap already inside the run */
};

struct para_line {
	size_t run0, nruns;
	double measure;
	double width;                /* right edge of the last run */
	double ascent, descent;      /* over the runs, rise included */
	double ratio;                /* glue set (0 for ragged lines) */
	bool overfull, hyphen;
};

/* A zero-width marker placed with para_add_mark(): where it landed. */
struct para_mark {
	int id;
	size_t line;
	double x;
};

/* An object placed with para_add_object() (a piece of inline math): where
 * it landed, for the caller to draw. */
struct para_obj {
	int id;
	size_t line;
	double x;
	double w, h, d;
};

struct para_span;
struct para_piece;

/* Finds the source position of the `nth` (from 0) occurrence of `cp` in
 * the paragraph being typeset, for R_GLYPH_MISSING.  Returns false when it
 * cannot tell; the span's own position is used then. */
typedef bool (*para_locate_fn)(void *ctx, uint32_t cp, int nth, int *line, int *col);

struct para {
	/* Results of para_layout(), valid until the next para_reset(). */
	struct para_line *lines;
	size_t nlines;
	struct para_run *runs;
	size_t nruns;
	struct para_mark *marks;
	size_t nmarks;
	struct para_obj *objs;
	size_t nobjs;
	struct strbuf out;
	int pass;                    /* the pass that succeeded (1-5) */

	/* Everything below is private to para.c. */
	struct font_set *fs;
	struct hyph *hy;
	struct brk *brk;
	struct diag_list *d;
	const char *file;
	para_locate_fn locate;
	void *locate_ctx;
	uint32_t *missing;           /* characters reported in this paragraph */
	size_t nmissing, capmissing;
	struct strbuf text;
	struct para_span *spans;
	size_t nspans, capspans;
	uint32_t *cps;
	uint32_t *cspan;
	int *cfont;
	unsigned char *ok, *hyph;
	uint32_t *lig;               /* per character: its ligature, LIG_PART or 0 */
	uint32_t *glyphs;            /* a box's characters as drawn */
	size_t ncps, capcps, capok, caphy, capcf, capcs, caplig, capglyphs;
	struct lb_item *items;
	struct para_piece *pieces;
	size_t nitems, capitems, cappieces;
	size_t caplines, capruns, capmarks, capobjs;
};

/* The fonts, patterns (may be NULL: no hyphenation) and diagnostics are
 * borrowed and must outlive the paragraph builder. */
void para_init(struct para *p, struct font_set *fs, struct hyph *hy, struct brk *brk,
	       struct diag_list *d);
void para_free(struct para *p);

/* The file that source lines given to para_add_text() belong to. */
void para_set_file(struct para *p, const char *file);

void para_set_locator(struct para *p, para_locate_fn fn, void *ctx);

/* Report R_GLYPH_MISSING for `cp` at file:line:col (shared with code
 * blocks, which are not set as paragraphs). */
void para_report_glyph(struct diag_list *d, const char *file, int line, int col, uint32_t cp);

/* Start a new paragraph (drops the previous one's input and results). */
void para_reset(struct para *p);

/* Append text.  `line`/`col` locate its first character in the source, for
 * R_GLYPH_MISSING (0 = unknown).  Runs of white space become one space. */
void para_add_text(struct para *p, const char *s, size_t len, const struct para_style *st,
		   int line, int col);
/* A forced line break (Markdown hard break). */
void para_add_break(struct para *p);
/* A zero-width marker (a footnote reference, an anchor): para_layout()
 * reports the line it lands on in p->marks. */
void para_add_mark(struct para *p, int id, const struct para_style *st);

/* An unbreakable box of width w, height h and depth d that the caller
 * draws (inline math); para_layout() reports where it lands in p->objs.
 * No line breaks next to it except at spaces, and after it when
 * `penalty` < 10000: then a break costs `penalty` and, when not taken,
 * `glue` points of space follow it (a formula broken after a relation). */
void para_add_object(struct para *p, int id, double w, double h, double d, int penalty,
		     double glue, const struct para_style *st);

bool para_empty(const struct para *p);

/* Break the paragraph into lines.  Always succeeds: the last pass never
 * leaves a line wider than its measure unless a single character is. */
void para_layout(struct para *p, const struct para_opts *o);

/* Natural width of the widest unbreakable piece and of the longest line
 * the text would make unbroken (for table column widths). */
void para_extent(struct para *p, double *minw, double *maxw);

#endif
