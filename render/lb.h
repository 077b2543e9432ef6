/* Knuth–Plass total-fit line breaking over boxes, glue and penalties.
 * Knows nothing of text: the paragraph builder (para.c) turns text into
 * items and turns the chosen breaks back into placed runs.  Widths are in
 * points. */
#ifndef QUIRE_LB_H
#define QUIRE_LB_H

#include <stdbool.h>
#include <stddef.h>

#define LB_INF 10000            /* a penalty this large forbids a break */
#define LB_FIL 100000.0         /* stretch at least this large is infinite */

enum lb_type { LB_BOX, LB_GLUE, LB_PENALTY };

struct lb_item {
	enum lb_type type;
	bool flagged;   /* penalty: a hyphen break (two in a row cost extra) */
	int penalty;    /* penalty: cost of breaking here; <= -LB_INF forces */
	double width;   /* box/glue width; penalty: width added when broken (a hyphen) */
	double stretch, shrink;
};

struct lb_params {
	double tolerance;        /* largest badness accepted (TeX: 100 first pass, 200 second) */
	double emergency_stretch;/* extra stretch assumed per line when judging badness */
	bool final_pass;         /* accept any line that is not overfull; never fail */
	int line_penalty;        /* added to every line's badness (TeX: 10) */
	int flagged_demerits;    /* two hyphenated lines in a row (TeX: 10000) */
	int final_hyphen_demerits; /* the second-to-last line hyphenated (TeX: 5000) */
	int fitness_demerits;    /* adjacent lines of very different tightness (TeX: 10000) */
};

/* The defaults above, with tolerance 200. */
void lb_params_default(struct lb_params *p);

struct lb_line {
	size_t start;     /* first item on the line (after discarded glue and penalties) */
	size_t end;       /* the breakpoint: the line holds items [start, end) */
	double natural;   /* natural width, including a hyphen at a penalty break */
	double stretch, shrink;
	double measure;   /* the width it must fill */
	double ratio;     /* glue set: >0 stretches by ratio*stretch, <0 shrinks */
	bool overfull;    /* even fully shrunk it is wider than the measure */
	bool hyphen;      /* ends at a flagged penalty */
};

/* Break items[0..n) (which must end with a forced break) into lines.
 * measure[i] is the width of line i; the last entry repeats.  Returns 0
 * and a malloc'ed array of lines, or -1 when no breaks within the
 * tolerance exist (never with final_pass). */
int lb_break(const struct lb_item *items, size_t n, const double *measure, size_t nmeasure,
	     const struct lb_params *p, struct lb_line **lines, size_t *nlines);

/* First-fit breaking of the same items, in linear time and memory: each
 * line takes as much as fits.  For paragraphs too long for total fit (a
 * 5 MB URL), where the optimum is not worth quadratic cost. */
int lb_first_fit(const struct lb_item *items, size_t n, const double *measure, size_t nmeasure,
		 struct lb_line **lines, size_t *nlines);

#endif
