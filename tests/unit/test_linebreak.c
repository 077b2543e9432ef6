/* Line breaking: Knuth–Plass on synthetic items (render/lb.c), whole
 * paragraphs with real fonts (render/para.c), hyphenation points
 * (render/hyph.c) and break opportunities for Korean (render/brk.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/util.h"
#include "render/brk.h"
#include "render/font.h"
#include "render/hyph.h"
#include "render/lb.h"
#include "render/para.h"

/* The bound on the stretch ratio that badness 200 allows: 100 r^3 <= 200. */
#define MAX_R_TOL200 1.2600

static const char *FROG =
	"In olden times when wishing still helped one, there lived a king whose daughters "
	"were all beautiful; and the youngest was so beautiful that the sun itself, which "
	"has seen so much, was astonished whenever it shone in her face. Close by the king's "
	"castle lay a great dark forest, and under an old lime-tree in the forest was a well, "
	"and when the day was very warm, the king's child went out into the forest and sat "
	"down by the side of the cool fountain; and when she was bored she took a golden "
	"ball, and threw it up on high and caught it; and this ball was her favorite "
	"plaything.";

/* ---- synthetic Knuth–Plass ---------------------------------------------- */

/* Words as boxes of 5 pt per letter, spaces as TeX-like glue. */
static size_t words_to_items(const char *text, struct lb_item *it, size_t cap)
{
	size_t n = 0;
	const char *p = text;
	while (*p && n + 4 < cap) {
		size_t len = strcspn(p, " ");
		it[n++] = (struct lb_item){.type = LB_BOX, .width = 5.0 * (double)len};
		p += len;
		if (*p == ' ') {
			it[n++] = (struct lb_item){.type = LB_GLUE, .width = 3.3, .stretch = 1.65,
						   .shrink = 1.1};
			p++;
		}
	}
	it[n++] = (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF};
	it[n++] = (struct lb_item){.type = LB_GLUE, .stretch = LB_FIL};
	it[n++] = (struct lb_item){.type = LB_PENALTY, .penalty = -LB_INF};
	return n;
}

static void test_lb_fixed_width_paragraph(void **state)
{
	(void)state;
	struct lb_item it[512];
	size_t n = words_to_items(FROG, it, 512);
	double measure = 250;
	struct lb_params p;
	lb_params_default(&p);
	struct lb_line *lines;
	size_t nl;
	assert_int_equal(lb_break(it, n, &measure, 1, &p, &lines, &nl), 0);
	/* 2365 pt of letters and 128 spaces over 250 pt lines. */
	assert_true(nl >= 11 && nl <= 12);
	double total = 0;
	for (size_t i = 0; i < nl; i++) {
		assert_false(lines[i].overfull);
		assert_true(lines[i].natural - lines[i].shrink <= measure + 1e-6);
		assert_true(lines[i].ratio >= -1.0);
		if (i + 1 < nl)
			assert_true(lines[i].ratio <= MAX_R_TOL200);
		if (i > 0)
			assert_true(lines[i].start > lines[i - 1].end);
		total += lines[i].natural;
	}
	assert_int_equal(lines[nl - 1].end, n - 1);
	assert_true(total > 2365);
	free(lines);
}

/* Badness as TeX (and lb.c) computes it, capped at 10000. */
static double tex_badness(double natural, double stretch, double shrink, double measure)
{
	double gap = measure - natural, r;
	if (gap > 0)
		r = stretch > 0 ? gap / stretch : INFINITY;
	else if (gap < 0)
		r = shrink > 0 ? gap / shrink : -INFINITY;
	else
		r = 0;
	if (r < -1)
		return -1; /* infeasible */
	r = fabs(r);
	return r > 10 ? 10000 : fmin(10000, 100 * r * r * r);
}

static double line_demerits(const double *w, double gw, double gy, double gz, double measure,
			    int a, int b, bool last)
{
	double width = 0;
	for (int k = a; k < b; k++)
		width += w[k] + (k > a ? gw : 0);
	double bad = last ? (width - gz * (b - a - 1) <= measure ? 0 : -1)
			  : tex_badness(width, gy * (b - a - 1), gz * (b - a - 1), measure);
	return bad < 0 ? INFINITY : (10 + bad) * (10 + bad);
}

/* Total fit: with no fitness or hyphen demerits, Knuth–Plass must find the
 * breaks of least total demerits, which plain dynamic programming over all
 * break sequences finds too.  First fit is worse on this paragraph. */
static void test_lb_total_fit_is_optimal(void **state)
{
	(void)state;
	enum { NW = 24 };
	double w[NW], gw = 8, gy = 4, gz = 2.7, measure = 100;
	unsigned seed = 12345;
	for (int i = 0; i < NW; i++) {
		seed = seed * 1103515245u + 12345u;
		w[i] = 10 + (seed >> 16) % 45;
	}
	struct lb_item it[3 * NW + 3];
	size_t n = 0;
	for (int i = 0; i < NW; i++) {
		it[n++] = (struct lb_item){.type = LB_BOX, .width = w[i]};
		if (i + 1 < NW)
			it[n++] = (struct lb_item){.type = LB_GLUE, .width = gw, .stretch = gy, .shrink = gz};
	}
	it[n++] = (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF};
	it[n++] = (struct lb_item){.type = LB_GLUE, .stretch = LB_FIL};
	it[n++] = (struct lb_item){.type = LB_PENALTY, .penalty = -LB_INF};
	struct lb_params p;
	lb_params_default(&p);
	p.tolerance = 10000;
	p.fitness_demerits = 0;
	struct lb_line *lines;
	size_t nl;
	assert_int_equal(lb_break(it, n, &measure, 1, &p, &lines, &nl), 0);

	/* Demerits of a line holding words [a, b). */
#define LINE_DEM(a, b, last) line_demerits(w, gw, gy, gz, measure, (a), (b), (last))
	double best[NW + 1];
	best[0] = 0;
	for (int j = 1; j <= NW; j++) {
		best[j] = INFINITY;
		for (int i = 0; i < j; i++) {
			double d = LINE_DEM(i, j, j == NW);
			if (best[i] + d < best[j])
				best[j] = best[i] + d;
		}
	}
	/* The demerits of lb's answer, recomputed the same way. */
	double got = 0;
	int word = 0;
	for (size_t li = 0; li < nl; li++) {
		int first_word = word;
		for (size_t k = lines[li].start; k < lines[li].end; k++)
			word += it[k].type == LB_BOX;
		got += LINE_DEM(first_word, word, li + 1 == nl);
	}
	assert_int_equal(word, NW);
	assert_float_equal(got, best[NW], 1e-6 * best[NW]);

	/* First fit: as many words as fit on each line. */
	double ff = 0;
	for (int a = 0; a < NW;) {
		int b = a + 1;
		double width = w[a];
		while (b < NW && width + gw + w[b] - gz * (b - a) <= measure)
			width += gw + w[b++];
		ff += LINE_DEM(a, b, b == NW);
		a = b;
	}
#undef LINE_DEM
	assert_true(ff > got);
	free(lines);
}

static void test_lb_overfull_word(void **state)
{
	(void)state;
	struct lb_item it[8];
	size_t n = 0;
	it[n++] = (struct lb_item){.type = LB_BOX, .width = 30};
	it[n++] = (struct lb_item){.type = LB_GLUE, .width = 5, .stretch = 3, .shrink = 1};
	it[n++] = (struct lb_item){.type = LB_BOX, .width = 300};
	it[n++] = (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF};
	it[n++] = (struct lb_item){.type = LB_GLUE, .stretch = LB_FIL};
	it[n++] = (struct lb_item){.type = LB_PENALTY, .penalty = -LB_INF};
	double measure = 100;
	struct lb_params p;
	lb_params_default(&p);
	struct lb_line *lines;
	size_t nl;
	/* Nothing fits within the tolerance. */
	assert_int_equal(lb_break(it, n, &measure, 1, &p, &lines, &nl), -1);
	free(lines);
	/* The final pass still returns lines, and says which is overfull. */
	p.final_pass = true;
	assert_int_equal(lb_break(it, n, &measure, 1, &p, &lines, &nl), 0);
	assert_int_equal(nl, 2);
	assert_false(lines[0].overfull);
	assert_true(lines[1].overfull);
	free(lines);
}

static void test_lb_flagged_penalty(void **state)
{
	(void)state;
	/* "xxxxxxxx-yyyy zz" where the only good break is the hyphen. */
	struct lb_item it[8];
	size_t n = 0;
	it[n++] = (struct lb_item){.type = LB_BOX, .width = 80};
	it[n++] = (struct lb_item){.type = LB_PENALTY, .penalty = 50, .flagged = true, .width = 6};
	it[n++] = (struct lb_item){.type = LB_BOX, .width = 40};
	it[n++] = (struct lb_item){.type = LB_GLUE, .width = 5, .stretch = 3, .shrink = 1};
	it[n++] = (struct lb_item){.type = LB_BOX, .width = 20};
	it[n++] = (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF};
	it[n++] = (struct lb_item){.type = LB_GLUE, .stretch = LB_FIL};
	it[n++] = (struct lb_item){.type = LB_PENALTY, .penalty = -LB_INF};
	double measure = 86;
	struct lb_params p;
	lb_params_default(&p);
	struct lb_line *lines;
	size_t nl;
	assert_int_equal(lb_break(it, n, &measure, 1, &p, &lines, &nl), 0);
	assert_int_equal(nl, 2);
	assert_true(lines[0].hyphen);
	assert_int_equal(lines[0].end, 1);
	assert_float_equal(lines[0].natural, 86, 1e-9); /* the hyphen's width counts */
	assert_float_equal(lines[0].ratio, 0, 1e-9);
	free(lines);
}

/* ---- paragraphs with fonts ------------------------------------------------ */

struct fixture {
	struct diag_list d;
	struct font_set *fs;
	struct hyph *hy;
	struct brk *brk;
	struct para p;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	diag_init(&f->d);
	f->fs = font_set_open(NULL, NULL, &f->d);
	if (!f->fs)
		return -1;
	f->hy = hyph_open(NULL);
	f->brk = brk_open();
	para_init(&f->p, f->fs, f->hy, f->brk, &f->d);
	para_set_file(&f->p, "test.md");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	para_free(&f->p);
	brk_free(f->brk);
	hyph_free(f->hy);
	font_set_free(f->fs);
	diag_free(&f->d);
	free(f);
	return 0;
}

static struct para_style serif(double size)
{
	return (struct para_style){.family = FONT_SERIF, .size = size, .link = -1};
}

static void set_text(struct fixture *f, const char *text, double measure, enum para_align a,
		     bool hyph)
{
	para_reset(&f->p);
	struct para_style st = serif(10);
	para_add_text(&f->p, text, strlen(text), &st, 1, 1);
	struct para_opts o = {.measure = measure, .align = a, .hyphenate = hyph};
	para_layout(&f->p, &o);
}

static const char *line_text(struct fixture *f, size_t li, char *buf, size_t cap)
{
	const struct para_line *l = &f->p.lines[li];
	size_t o = 0;
	for (size_t r = l->run0; r < l->run0 + l->nruns && o + 1 < cap; r++) {
		const struct para_run *ru = &f->p.runs[r];
		size_t n = ru->len < cap - o - 1 ? ru->len : cap - o - 1;
		memcpy(buf + o, f->p.out.s + ru->off, n);
		o += n;
		if (r + 1 < l->run0 + l->nruns && o + 1 < cap)
			buf[o++] = ' ';
	}
	buf[o] = '\0';
	return buf;
}

static void test_para_frog_king(void **state)
{
	struct fixture *f = *state;
	set_text(f, FROG, 300, PARA_JUSTIFY, true);
	/* DejaVu Serif 10 pt over 300 pt: 10 lines, found without hyphenation. */
	assert_int_equal(f->p.nlines, 10);
	assert_int_equal(f->p.pass, 1);
	for (size_t i = 0; i < f->p.nlines; i++) {
		const struct para_line *l = &f->p.lines[i];
		assert_false(l->overfull);
		assert_true(l->width <= l->measure + 0.01);
		assert_true(l->ratio >= -1 && l->ratio <= MAX_R_TOL200);
		if (i + 1 < f->p.nlines)
			assert_float_equal(l->width, 300, 0.01); /* justified */
	}
	assert_true(f->p.lines[9].width < 300);
	assert_int_equal(f->d.n, 0);
}

static void test_para_narrow_hyphenates(void **state)
{
	struct fixture *f = *state;
	set_text(f, FROG, 130, PARA_JUSTIFY, true);
	assert_true(f->p.pass >= 2);
	bool any_hyphen = false;
	char buf[512];
	for (size_t i = 0; i < f->p.nlines; i++) {
		const struct para_line *l = &f->p.lines[i];
		assert_false(l->overfull);
		assert_true(l->width <= 130 + 0.01);
		if (l->hyphen) {
			any_hyphen = true;
			line_text(f, i, buf, sizeof buf);
			assert_int_equal(buf[strlen(buf) - 1], '-');
		}
	}
	assert_true(any_hyphen);
}

static void test_para_long_url_never_overflows(void **state)
{
	struct fixture *f = *state;
	const char *t = "See https://github.com/example-organisation/a-very-long-repository-"
			"name/blob/main/src/some/deeply/nested/file_name_that_goes_on.py for the "
			"code, and Supercalifragilisticexpialidociousnessandthensomemore too.";
	for (double m = 60; m <= 200; m += 35) {
		set_text(f, t, m, PARA_JUSTIFY, true);
		for (size_t i = 0; i < f->p.nlines; i++) {
			assert_false(f->p.lines[i].overfull);
			assert_true(f->p.lines[i].width <= m + 0.01);
		}
	}
}

/* Inline code that cannot share a line moves to the next one, even if that
 * leaves wide spaces, rather than being cut between two letters
 * (pykoopman's "Derivative(kind="savitzky-gola" / "y")"). */
static void test_para_code_moves_before_it_breaks(void **state)
{
	struct fixture *f = *state;
	const char *lead = "Savitzky-Golay with cubic polynomials: ";
	const char *code = "Derivative(kind=\"savitzky-golay\")";
	struct para_style mono = {.family = FONT_MONO, .size = 9, .link = -1};
	struct para_style st = serif(10);
	for (double m = 200; m <= 330; m += 5) {
		para_reset(&f->p);
		para_add_text(&f->p, lead, strlen(lead), &st, 1, 1);
		para_add_text(&f->p, code, strlen(code), &mono, 1, 40);
		struct para_opts o = {.measure = m, .align = PARA_JUSTIFY, .hyphenate = true};
		para_layout(&f->p, &o);
		char a[512], b[512];
		for (size_t i = 0; i + 1 < f->p.nlines; i++) {
			assert_false(f->p.lines[i].overfull);
			line_text(f, i, a, sizeof a);
			line_text(f, i + 1, b, sizeof b);
			size_t n = strlen(a);
			bool cut = n && isalnum((unsigned char)a[n - 1]) && isalnum((unsigned char)b[0]) &&
				   !f->p.lines[i].hyphen;
			if (cut)
				print_error("measure %.0f: '%s' | '%s'\n", m, a, b);
			assert_false(cut);
		}
	}
}

/* Names with dots or slashes are never hyphenated: "docs.exo-planet.codes"
 * or "DynamicalSys-tems.jl" would add a character the name does not have;
 * nor are names with capitals inside ("Py-Torch", "Ultra-Nest"). */
static void test_para_dotted_names_not_hyphenated(void **state)
{
	struct fixture *f = *state;
	const char *t = "The documentation lives at docs.exoplanet.codes, next to "
			"DynamicalSystems.jl and DifferentialEquations.jl, in paper/figures/overview.png, "
			"built with PyTorch, UltraNest and MATLABINTERFACES.";
	char buf[512];
	for (double m = 80; m <= 240; m += 4) {
		set_text(f, t, m, PARA_JUSTIFY, true);
		for (size_t i = 0; i < f->p.nlines; i++) {
			if (!f->p.lines[i].hyphen)
				continue;
			line_text(f, i, buf, sizeof buf);
			const char *last = strrchr(buf, ' ');
			last = last ? last + 1 : buf;
			if (strpbrk(last, "./") || strncmp(last, "Py", 2) == 0 || strncmp(last, "Ultra", 5) == 0 ||
			    strncmp(last, "MATLAB", 6) == 0)
				fail_msg("measure %.0f: hyphenated '%s'", m, last);
		}
	}
}

/* Instead, such a name may break after a dot, as url.sty breaks one, so
 * that the line before it need not gape: "docs." | "exoplanet.codes". */
static void test_para_dotted_names_break_at_dots(void **state)
{
	struct fixture *f = *state;
	const char *t = "The main documentation page for the exoplanet libraries lives at "
			"docs.exoplanet.codes where it is hosted on ReadTheDocs, e.g. for now.";
	char buf[512];
	bool at_dot = false;
	for (double m = 150; m <= 330; m += 5) {
		set_text(f, t, m, PARA_JUSTIFY, true);
		for (size_t i = 0; i + 1 < f->p.nlines; i++) {
			line_text(f, i, buf, sizeof buf);
			size_t n = strlen(buf);
			at_dot |= n > 5 && strcmp(buf + n - 5, "docs.") == 0;
			assert_false(n > 2 && strcmp(buf + n - 2, "e.") == 0); /* "e." | "g." never */
		}
	}
	assert_true(at_dot);
}

/* Kerned letters are set closer: "To" is two runs, the "o" placed at the
 * T's advance plus the (negative) kern, and the line is that much shorter. */
static void test_para_kerning(void **state)
{
	struct fixture *f = *state;
	set_text(f, "To", 300, PARA_RAGGED, false);
	assert_int_equal(f->p.nlines, 1);
	assert_int_equal(f->p.lines[0].nruns, 2);
	int serif = font_id(f->fs, FONT_SERIF, 0);
	double t = font_advance(f->fs, serif, 'T') * 10 / 1000.0;
	double k = font_kern(f->fs, serif, 'T', 'o') * 10 / 1000.0;
	double o = font_advance(f->fs, serif, 'o') * 10 / 1000.0;
	assert_true(k < 0);
	assert_float_equal(f->p.runs[1].x, t + k, 1e-6);
	assert_float_equal(f->p.lines[0].width, t + k + o, 1e-6);
}

/* The text of a line with ligatures spelt out: "o\uFB03ce" -> "office". */
static const char *spelt(const char *in, char *buf, size_t cap)
{
	static const char *const letters[] = {"ff", "fi", "fl", "ffi", "ffl"};
	size_t o = 0;
	for (const unsigned char *s = (const unsigned char *)in; *s && o + 4 < cap; s++) {
		if (s[0] == 0xEF && s[1] == 0xAC && s[2] >= 0x80 && s[2] <= 0x84) {
			for (const char *l = letters[s[2] - 0x80]; *l; l++)
				buf[o++] = *l;
			s += 2;
		} else {
			buf[o++] = (char)*s;
		}
	}
	buf[o] = '\0';
	return buf;
}

/* TeX's f-ligatures are drawn as the font's glyphs, longest first; code
 * keeps its letters apart. */
static void test_para_ligatures(void **state)
{
	struct fixture *f = *state;
	char buf[256];
	set_text(f, "office fluffy fjord", 300, PARA_RAGGED, false);
	assert_int_equal(f->p.nlines, 1);
	assert_string_equal(line_text(f, 0, buf, sizeof buf),
			    "o\xEF\xAC\x83" "ce \xEF\xAC\x82u\xEF\xAC\x80y fjord");
	int serif = font_id(f->fs, FONT_SERIF, 0);
	double w = (font_advance(f->fs, serif, 'o') + font_advance(f->fs, serif, 0xFB03) +
		    font_advance(f->fs, serif, 'c') + font_advance(f->fs, serif, 'e')) * 10 / 1000.0;
	assert_float_equal(f->p.runs[0].x, 0, 1e-9);
	/* The first word's width is the ligature's, not its three letters'. */
	assert_true(w < (font_advance(f->fs, serif, 'o') + 2 * font_advance(f->fs, serif, 'f') +
			 font_advance(f->fs, serif, 'i') + font_advance(f->fs, serif, 'c') +
			 font_advance(f->fs, serif, 'e')) * 10 / 1000.0 + 1e-9);

	para_reset(&f->p);
	struct para_style mono = {.family = FONT_MONO, .size = 9, .link = -1};
	para_add_text(&f->p, "office", 6, &mono, 1, 1);
	struct para_opts o = {.measure = 300, .align = PARA_RAGGED};
	para_layout(&f->p, &o);
	assert_string_equal(line_text(f, 0, buf, sizeof buf), "office");
}

/* A ligature never spans a place where the line may be hyphenated: the
 * text is the same letters at every measure, and "dif-" | "ficult" keeps
 * its "fi" whole on the next line. */
static void test_para_ligatures_and_hyphens(void **state)
{
	struct fixture *f = *state;
	const char *t = "A difficult official suffix affords effective offices differently.";
	char line[256], all[1024], sp[256];
	bool split_dif = false;
	for (double m = 40; m <= 160; m += 3) {
		set_text(f, t, m, PARA_JUSTIFY, true);
		size_t n = 0;
		all[0] = '\0';
		for (size_t i = 0; i < f->p.nlines; i++) {
			spelt(line_text(f, i, line, sizeof line), sp, sizeof sp);
			size_t k = strlen(sp);
			if (f->p.lines[i].hyphen) {
				assert_int_equal(sp[k - 1], '-');
				sp[--k] = '\0';
				char next[256];
				if (k >= 3 && strcmp(sp + k - 3, "dif") == 0 && i + 1 < f->p.nlines &&
				    strncmp(spelt(line_text(f, i + 1, line, sizeof line), next, sizeof next),
					    "ficult", 6) == 0) {
					assert_memory_equal(line, "\xEF\xAC\x81" "cult", 7);
					split_dif = true;
				}
			}
			/* Spaces aside (line_text also puts one between kerned runs). */
			for (const char *c = sp; *c && n + 1 < sizeof all; c++)
				if (*c != ' ')
					all[n++] = *c;
			all[n] = '\0';
		}
		assert_string_equal(all, "Adifficultofficialsuffixaffordseffectiveofficesdifferently.");
	}
	assert_true(split_dif);
}

static void test_para_ragged(void **state)
{
	struct fixture *f = *state;
	set_text(f, FROG, 200, PARA_RAGGED, false);
	assert_true(f->p.nlines > 5);
	double shortest = 1e9;
	for (size_t i = 0; i < f->p.nlines; i++) {
		const struct para_line *l = &f->p.lines[i];
		assert_float_equal(l->ratio, 0, 0);
		assert_true(l->width <= 200 + 0.01);
		if (i + 1 < f->p.nlines && l->width < shortest)
			shortest = l->width;
	}
	/* Ragged, not arbitrary: the rag stays within 2 em plus a word. */
	assert_true(shortest > 200 - 20 - 60);
}

/* A centred list of names joined by no-break spaces (a title block's
 * authors) breaks only between names, however ragged that leaves it: no
 * name is ever cut, and nothing starts a line with the comma after it. */
static void test_para_centred_names_stay_whole(void **state)
{
	struct fixture *f = *state;
	const char *t = "James.\u00A0W.\u00A0Nightingale, Richard\u00A0G.\u00A0Hayes, "
			"Aristeidis\u00A0Amvrosiadis\u2007\u202F, Ashley\u00A0Kelly, "
			"Amy\u00A0Etherington, Qiuhan\u00A0He, Jonathan\u00A0Frawley";
	for (double m = 150; m <= 330; m += 20) {
		set_text(f, t, m, PARA_CENTER, true);
		assert_true(f->p.pass == 1);
		char buf[512];
		for (size_t i = 0; i < f->p.nlines; i++) {
			assert_false(f->p.lines[i].overfull);
			assert_false(f->p.lines[i].hyphen);
			line_text(f, i, buf, sizeof buf);
			assert_true(buf[0] != ',');
			/* each line ends at the end of a name: after its comma or the text */
			size_t n = strlen(buf);
			assert_true(i + 1 == f->p.nlines || buf[n - 1] == ',');
		}
	}
}

static void test_para_forced_break_and_marks(void **state)
{
	struct fixture *f = *state;
	para_reset(&f->p);
	struct para_style st = serif(10);
	para_add_text(&f->p, "first line", 10, &st, 1, 1);
	para_add_break(&f->p);
	para_add_text(&f->p, "second", 6, &st, 2, 1);
	para_add_mark(&f->p, 7, &st);
	para_add_text(&f->p, " line", 5, &st, 2, 7);
	struct para_opts o = {.measure = 300, .align = PARA_JUSTIFY};
	para_layout(&f->p, &o);
	assert_int_equal(f->p.nlines, 2);
	assert_int_equal(f->p.nmarks, 1);
	assert_int_equal(f->p.marks[0].id, 7);
	assert_int_equal(f->p.marks[0].line, 1);
	assert_true(f->p.marks[0].x > 20);
}

static void test_para_extent(void **state)
{
	struct fixture *f = *state;
	para_reset(&f->p);
	struct para_style st = serif(10);
	para_add_text(&f->p, "a bb extraordinarily", 20, &st, 1, 1);
	double mn, mx;
	para_extent(&f->p, &mn, &mx);
	assert_true(mn > 50 && mn < mx);
	set_text(f, "a bb extraordinarily", 1000, PARA_RAGGED, false);
	assert_float_equal(f->p.lines[0].width, mx, 0.01);
}

/* ---- hyphenation ------------------------------------------------------------ */

static char *hyphenated(struct hyph *h, const char *w)
{
	uint64_t m = hyph_points(h, w, strlen(w));
	struct strbuf b;
	sb_init(&b);
	for (size_t i = 0; w[i]; i++) {
		sb_addc(&b, w[i]);
		if (m >> i & 1)
			sb_addc(&b, '-');
	}
	return sb_steal(&b);
}

static void test_hyphenation_points(void **state)
{
	struct fixture *f = *state;
	static const char *const cases[][2] = {
		{"hyphenation", "hy-phen-ation"},
		{"algorithm", "al-go-rithm"},
		{"typesetting", "type-set-ting"},
		{"probability", "prob-a-bil-ity"},
		{"Distribution", "Dis-tri-bu-tion"},
		{"NASA", "NASA"},       /* acronyms are left alone */
		{"table", "ta-ble"},    /* two letters before, three after */
		{"tabs", "tabs"},       /* too short for that */
		{"x86abc", "x86abc"},   /* not a plain word */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *h = hyphenated(f->hy, cases[i][0]);
		assert_string_equal(h, cases[i][1]);
		free(h);
	}
	/* Cached answers are the same. */
	char *h = hyphenated(f->hy, "hyphenation");
	assert_string_equal(h, "hy-phen-ation");
	free(h);
}

/* ---- Korean ------------------------------------------------------------------ */

static size_t decode(const char *s, uint32_t *out, size_t cap)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < cap) {
		uint32_t c;
		if (*p < 0x80)
			c = *p++;
		else if ((*p & 0xE0) == 0xC0)
			c = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F), p += 2;
		else
			c = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F),
			p += 3;
		out[n++] = c;
	}
	return n;
}

static void test_korean_break_opportunities(void **state)
{
	struct fixture *f = *state;
	const char *s = "한국어 문장(예시)입니다, 그리고 「인용」。 끝!";
	uint32_t cps[64];
	unsigned char ok[64];
	size_t n = decode(s, cps, 64);
	brk_find(f->brk, cps, n, ok);
	for (size_t i = 1; i < n; i++) {
		if (brk_is_closing(cps[i]))
			assert_int_equal(ok[i], 0);
		if (cps[i] == ' ')
			assert_int_equal(ok[i], 0); /* breaks come after the spaces */
		if (cps[i - 1] == ' ' && !brk_is_closing(cps[i]))
			assert_int_equal(ok[i], 1);
		if (cps[i - 1] == 0x300C) /* never after an opening bracket */
			assert_int_equal(ok[i], 0);
	}
	/* Between two Hangul syllables of one word: allowed. */
	assert_int_equal(ok[1], 1); /* 한|국 */
	assert_int_equal(ok[2], 1); /* 국|어 */
}

static void test_korean_paragraph_breaks(void **state)
{
	struct fixture *f = *state;
	const char *t = "한국어 문장은 띄어쓰기 단위로 줄을 바꾸는 것이 보통이지만(예시), 필요하면 "
			"음절 사이에서도 줄을 바꿀 수 있다。 그러나 닫는 괄호) 앞이나 쉼표, 마침표. "
			"앞에서는 절대로 줄을 바꾸지 않는다」 그리고 끝.";
	char buf[1024];
	for (double m = 70; m <= 250; m += 9) {
		set_text(f, t, m, PARA_JUSTIFY, false);
		for (size_t i = 0; i < f->p.nlines; i++) {
			assert_false(f->p.lines[i].overfull);
			line_text(f, i, buf, sizeof buf);
			uint32_t first = 0;
			decode(buf, &first, 1);
			assert_false(brk_is_closing(first));
		}
	}
	/* Hangul goes to Nanum, Latin punctuation to DejaVu. */
	set_text(f, "가(나)", 300, PARA_JUSTIFY, false);
	const char *fam0 = font_face(f->fs, f->p.runs[0].font)->path;
	const char *fam1 = font_face(f->fs, f->p.runs[1].font)->path;
	assert_non_null(strstr(fam0, "Nanum"));
	assert_non_null(strstr(fam1, "DejaVu"));
}

/* Prefer the space: where breaking between words gives decent lines, a
 * Korean line does not break inside a word. */
static void test_korean_prefers_spaces(void **state)
{
	struct fixture *f = *state;
	/* Three eojeol of four syllables fill a line with room to stretch. */
	set_text(f, "가나다라 마바사아 자차카타", 1000, PARA_RAGGED, false);
	double three = f->p.lines[0].width;
	const char *t = "가나다라 마바사아 자차카타 파하가나 다라마바 사아자차 카타파하 가나다라 "
			"마바사아";
	set_text(f, t, three + 2, PARA_JUSTIFY, false);
	assert_int_equal(f->p.nlines, 3);
	char buf[512];
	for (size_t i = 0; i < f->p.nlines; i++) {
		line_text(f, i, buf, sizeof buf);
		uint32_t cps[64];
		size_t n = decode(buf, cps, 64);
		size_t hangul = 0;
		for (size_t k = 0; k < n; k++)
			hangul += brk_is_cjk(cps[k]);
		assert_int_equal(hangul, 12);
	}
	/* Much narrower, breaking inside words is the lesser evil. */
	set_text(f, t, three * 0.8, PARA_JUSTIFY, false);
	for (size_t i = 0; i + 1 < f->p.nlines; i++) {
		assert_false(f->p.lines[i].overfull);
		assert_float_equal(f->p.lines[i].width, three * 0.8, 0.01);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lb_fixed_width_paragraph),
		cmocka_unit_test(test_lb_total_fit_is_optimal),
		cmocka_unit_test(test_lb_overfull_word),
		cmocka_unit_test(test_lb_flagged_penalty),
		cmocka_unit_test_setup_teardown(test_para_frog_king, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_narrow_hyphenates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_long_url_never_overflows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_code_moves_before_it_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_dotted_names_not_hyphenated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_dotted_names_break_at_dots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_kerning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_ligatures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_ligatures_and_hyphens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_ragged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_forced_break_and_marks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_extent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_para_centred_names_stay_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hyphenation_points, setup, teardown),
		cmocka_unit_test_setup_teardown(test_korean_break_opportunities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_korean_paragraph_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_korean_prefers_spaces, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
