/* Math layout: box geometry (fractions, scripts, big operators, spacing),
 * break places of inline formulas, robustness on malformed TeX, every
 * formula of the JOSS corpus and the sample volume fitting its column,
 * and a typeset formula's symbols in the PDF's text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cmark-gfm.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proceedings/diag.h"
#include "proceedings/math.h"
#include "proceedings/md_math.h"
#include "proceedings/model.h"
#include "proceedings/paper.h"
#include "proceedings/util.h"
#include "render/font.h"
#include "render/mathbox.h"
#include "render/mathlayout.h"
#include "render/paper_pdf.h"
#include "render/style.h"

#define SIZE 10.0
#define EPS 1e-6

static struct font_set *fs;

static int setup(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	fs = font_set_open(NULL, NULL, &d);
	diag_free(&d);
	return fs ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	font_set_free(fs);
	return 0;
}

static void lay(const char *tex, bool display, struct mbox *out)
{
	struct diag_list d;
	diag_init(&d);
	struct math_node *n = math_parse(tex, strlen(tex), display, &d, NULL);
	mbox_init(out);
	mlay_formula(fs, n, display, SIZE, out, NULL, NULL);
	math_free(n);
	diag_free(&d);
}

/* The item drawing `text`, or NULL. */
static const struct mbox_item *find(const struct mbox *b, const char *text)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->it[i].kind == MB_TEXT && b->it[i].len == strlen(text) &&
		    memcmp(b->text.s + b->it[i].off, text, b->it[i].len) == 0)
			return &b->it[i];
	return NULL;
}

static void test_fraction_taller_than_parts(void **state)
{
	(void)state;
	struct mbox f, a, b;
	lay("\\frac{a}{b}", false, &f);
	lay("a", false, &a);
	lay("b", false, &b);
	assert_true(f.h > a.h * 0.7 && f.d > b.d * 0.7);
	/* The rule sits on the math axis, between numerator and denominator. */
	bool rule = false;
	for (size_t i = 0; i < f.n; i++)
		if (f.it[i].kind == MB_RULE) {
			rule = true;
			assert_true(fabs(f.it[i].y + f.it[i].h / 2 - 0.26 * SIZE) < 0.2);
		}
	assert_true(rule);
	assert_true(find(&f, "a")->y > 0 && find(&f, "b")->y < 0);
	/* Display fractions are bigger than text ones. */
	struct mbox g;
	lay("\\frac{a}{b}", true, &g);
	assert_true(g.h + g.d > f.h + f.d);
	/* In display style the parts are text size: taller than both together. */
	assert_true(g.h > a.h && g.d > b.d);
	assert_true(g.h + g.d > a.h + a.d + b.h + b.d);
	mbox_free(&f), mbox_free(&a), mbox_free(&b), mbox_free(&g);
}

static void test_scripts_raised_lowered_smaller(void **state)
{
	(void)state;
	struct mbox up, down, both, x;
	lay("x^2", false, &up);
	lay("x_2", false, &down);
	lay("x_i^{y^z}", false, &both);
	lay("x", false, &x);
	const struct mbox_item *s = find(&up, "2");
	assert_non_null(s);
	assert_true(s->y > 0.3 * SIZE);
	assert_true(fabs(s->size - 0.7 * SIZE) < EPS);
	s = find(&down, "2");
	assert_true(s->y < 0);
	assert_true(fabs(s->size - 0.7 * SIZE) < EPS);
	assert_true(up.h > x.h && down.d > x.d);
	assert_true(fabs(find(&both, "z")->size - 0.5 * SIZE) < EPS);
	assert_true(find(&both, "i")->y < 0 && find(&both, "y")->y > 0);
	mbox_free(&up), mbox_free(&down), mbox_free(&both), mbox_free(&x);
}

static void test_big_operators(void **state)
{
	(void)state;
	struct mbox t, d;
	lay("\\sum_{i=1}^n x_i", false, &t);
	lay("\\sum_{i=1}^n x_i", true, &d);
	const struct mbox_item *st = find(&t, "\xE2\x88\x91"), *sd = find(&d, "\xE2\x88\x91");
	assert_non_null(st);
	assert_non_null(sd);
	assert_true(sd->size > st->size * 1.3);
	/* Limits: beside in text style, above and below in display style. */
	assert_true(find(&t, "n")->x > st->x + st->w - EPS);
	const struct mbox_item *n = find(&d, "n");
	assert_true(n->x < sd->x + sd->w && n->y > 0.5 * SIZE);
	const struct mbox_item *i = find(&d, "i");
	assert_true(i->x < sd->x + sd->w && i->y < -0.5 * SIZE);
	assert_true(d.h + d.d > t.h + t.d);
	mbox_free(&t), mbox_free(&d);
	/* A display integral is about twice its text size, as in TeX. */
	lay("\\int_0^1 x", false, &t);
	lay("\\int_0^1 x", true, &d);
	st = find(&t, "\xE2\x88\xAB"), sd = find(&d, "\xE2\x88\xAB");
	assert_non_null(st);
	assert_non_null(sd);
	assert_true(sd->size > st->size * 1.8);
	mbox_free(&t), mbox_free(&d);
}

/* amsmath's \sideset: the scripts before the operator end where it
 * starts, flush right, at the heights of those after it; a limit centres
 * on the operator alone, not on the operator and its side scripts. */
static void test_sideset(void **state)
{
	(void)state;
	struct mbox b;
	lay("\\sideset{_a^{12}}{_c^d}\\prod", true, &b);
	const struct mbox_item *op = find(&b, "\xE2\x88\x8F"), *a = find(&b, "a"),
			       *bb = find(&b, "12"),
			       *c = find(&b, "c"), *d = find(&b, "d");
	assert_non_null(op);
	assert_true(a && bb && c && d);
	assert_true(a->x + a->w <= op->x + EPS && bb->x + bb->w <= op->x + EPS);
	assert_true(fabs((a->x + a->w) - (bb->x + bb->w)) < EPS); /* flush right */
	assert_true(c->x >= op->x + op->w - EPS && d->x >= op->x + op->w - EPS);
	assert_true(fabs(bb->y - d->y) < EPS && fabs(a->y - c->y) < EPS);
	assert_true(bb->y > 0 && a->y < 0);
	assert_true(a->x >= -EPS && d->x + d->w <= b.w + EPS); /* inside its box */
	mbox_free(&b);

	struct mbox l;
	lay("\\sideset{_{xxxx}}{'}\\sum_{n}", true, &l);
	const struct mbox_item *sum = find(&l, "\xE2\x88\x91"), *n = find(&l, "n");
	struct mbox plain;
	lay("\\sum_{n}", true, &plain);
	const struct mbox_item *psum = find(&plain, "\xE2\x88\x91"), *pn = find(&plain, "n");
	assert_true(sum && n && psum && pn);
	/* under the operator exactly as without \sideset */
	assert_true(fabs((n->x - sum->x) - (pn->x - psum->x)) < EPS);
	assert_true(fabs(n->y - pn->y) < EPS && n->y < 0);
	assert_true(sum->x > 4 * find(&l, "x")->w - EPS); /* room for the scripts before it */
	mbox_free(&l), mbox_free(&plain);
}

static double width(const char *tex)
{
	struct mbox b;
	lay(tex, false, &b);
	double w = b.w;
	mbox_free(&b);
	return w;
}

static void test_width_is_parts_plus_spacing(void **state)
{
	(void)state;
	double one = width("1"), two = width("2"), plus = width("+"), eq = width("=");
	double mu = SIZE / 18;
	assert_true(fabs(width("1+2") - (one + plus + two + 2 * 4 * mu)) < 1e-3);
	assert_true(fabs(width("1=2") - (one + eq + two + 2 * 5 * mu)) < 1e-3);
	/* A unary minus is ordinary: no space around it. */
	assert_true(fabs(width("-1") - (width("-") + one)) < 1e-3);
	/* \, is a thin space. */
	assert_true(fabs(width("1\\,2") - (one + two + 3 * mu)) < 1e-3);
	/* In scripts, binary and relation spaces vanish. */
	struct mbox a, b;
	lay("x^{1+2}", false, &a);
	lay("x^{12}", false, &b);
	assert_true(fabs((a.w - b.w) - 0.7 * plus) < 1e-3);
	mbox_free(&a), mbox_free(&b);
}

static void test_inline_breaks_after_relations(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	const char *tex = "a = b + c";
	struct math_node *n = math_parse(tex, strlen(tex), false, &d, NULL);
	struct mbox b;
	mbox_init(&b);
	struct mlay_break *brk = NULL;
	size_t nb = 0;
	mlay_formula(fs, n, false, SIZE, &b, &brk, &nb);
	assert_int_equal(nb, 2);
	assert_int_equal(brk[0].penalty, 500);
	assert_int_equal(brk[1].penalty, 700);
	assert_true(brk[0].x < brk[1].x && brk[1].x < b.w);
	assert_true(fabs(brk[0].glue - 5 * SIZE / 18) < 1e-6);
	/* A slice holds the items of its part, shifted to its start. */
	struct mbox s;
	mbox_init(&s);
	mbox_slice(&s, &b, brk[0].x + brk[0].glue, brk[1].x);
	assert_non_null(find(&s, "b"));
	assert_null(find(&s, "a"));
	assert_true(find(&s, "b")->x >= 0);
	free(brk);
	mbox_free(&s);
	mbox_free(&b);
	math_free(n);
	diag_free(&d);
}

static void test_delimiters_grow(void **state)
{
	(void)state;
	struct mbox small, big, mat;
	lay("\\left( x \\right)", true, &small);
	lay("\\left( \\frac{\\frac{a}{b}}{\\frac{c}{d}} \\right)", true, &big);
	lay("\\begin{bmatrix} a \\\\ b \\\\ c \\\\ d \\end{bmatrix}", true, &mat);
	assert_true(find(&big, "(")->size > find(&small, "(")->size);
	assert_true(find(&big, "(")->size > SIZE * 1.5);
	/* Tall brackets are drawn with rules spanning the matrix. */
	size_t rules = 0;
	for (size_t i = 0; i < mat.n; i++)
		rules += mat.it[i].kind == MB_RULE;
	assert_true(rules >= 6);
	mbox_free(&small), mbox_free(&big), mbox_free(&mat);
}

static void test_radical_and_accents(void **state)
{
	(void)state;
	struct mbox r, x, a;
	lay("\\sqrt{x}", false, &r);
	lay("x", false, &x);
	lay("\\hat{x}", false, &a);
	assert_true(r.h > x.h && r.w > x.w);
	assert_non_null(find(&r, "\xE2\x88\x9A"));
	bool rule = false;
	for (size_t i = 0; i < r.n; i++)
		rule |= r.it[i].kind == MB_RULE && r.it[i].y > x.h;
	assert_true(rule);
	assert_true(a.h > x.h);
	mbox_free(&r), mbox_free(&x), mbox_free(&a);

	/* array's rules: two vertical ({|c|c}) as tall as the table, and the
	 * \hline's horizontal ones as wide */
	struct mbox t;
	lay("\\begin{array}{|c|c} \\hline a & b \\\\ c & d \\end{array}", false, &t);
	int vert = 0, horiz = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (t.it[i].kind != MB_RULE)
			continue;
		vert += fabs(t.it[i].h - (t.h + t.d)) < EPS;
		horiz += fabs(t.it[i].w - t.w) < EPS;
	}
	assert_int_equal(vert, 2);
	assert_int_equal(horiz, 1);
	mbox_free(&t);

	/* multline: as wide as it is given, the first line an em from the
	 * left edge, the last an em from the right */
	{
		const char *tex = "\\begin{multline} a + b \\\\ c \\\\ d + e \\end{multline}";
		struct math_node *root = math_parse(tex, strlen(tex), true, NULL, NULL);
		const struct math_node *ml = math_multline(root);
		assert_non_null(ml);
		double y[3];
		struct mbox m;
		mbox_init(&m);
		mlay_display_rows(fs, root, SIZE, &m, ml, y, 200);
		assert_true(fabs(m.w - 200) < EPS);
		assert_true(fabs(find(&m, "a")->x - SIZE) < EPS);
		const struct mbox_item *ee = find(&m, "e");
		assert_true(fabs(ee->x + ee->w - (200 - SIZE)) < 0.5);
		assert_true(y[0] > y[1] && y[1] > y[2]);
		mbox_free(&m);
		math_free(root);
	}

	/* \xrightarrow grows to its label and an em, its head at the right */
	struct mbox xa, lab;
	lay("\\xrightarrow{\\text{a long label}}", false, &xa);
	lay("\\scriptstyle \\text{a long label}", false, &lab);
	const struct mbox_item *head = find(&xa, "\xE2\x86\x92");
	assert_non_null(head);
	assert_true(xa.w >= lab.w + SIZE * 0.99);
	assert_true(head->x + head->w > xa.w - 0.01);
	mbox_free(&xa), mbox_free(&lab);

	/* \boxed: four rules around its content; \phantom: its room, no ink;
	 * \hphantom: its width alone */
	struct mbox bx, ph, hp, plain, xx;
	lay("\\boxed{x}", false, &bx);
	lay("x", false, &xx);
	lay("\\phantom{\\frac{a}{b}}", false, &ph);
	lay("\\hphantom{\\frac{a}{b}}", false, &hp);
	lay("\\frac{a}{b}", false, &plain);
	int rules = 0;
	for (size_t i = 0; i < bx.n; i++)
		rules += bx.it[i].kind == MB_RULE;
	assert_int_equal(rules, 4);
	assert_true(bx.w > xx.w && bx.h > xx.h && bx.d > xx.d);
	assert_int_equal(ph.n, 0);
	assert_true(fabs(ph.w - plain.w) < EPS && fabs(ph.h - plain.h) < EPS);
	assert_int_equal(hp.n, 0);
	assert_true(fabs(hp.w - plain.w) < EPS && hp.h == 0 && hp.d == 0);
	mbox_free(&bx), mbox_free(&ph), mbox_free(&hp), mbox_free(&plain), mbox_free(&xx);

	/* \cancel: one stroke up across its content, a little past it;
	 * \bcancel down; \xcancel both; the content's box is unchanged */
	struct mbox c1, c2, c3, cx;
	lay("\\cancel{x+1}", false, &c1);
	lay("\\bcancel{x+1}", false, &c2);
	lay("\\xcancel{x+1}", false, &c3);
	lay("x+1", false, &cx);
	const struct mbox *cs[] = {&c1, &c2, &c3};
	int want[] = {1, 1, 2};
	for (int k = 0; k < 3; k++) {
		int lines = 0;
		for (size_t i = 0; i < cs[k]->n; i++) {
			const struct mbox_item *it = &cs[k]->it[i];
			if (it->kind != MB_LINE)
				continue;
			lines++;
			assert_true(it->x < 0 && it->x + it->w > cx.w);
			assert_true(k == 1 ? it->h < 0 : k == 0 ? it->h > 0 : true);
		}
		assert_int_equal(lines, want[k]);
		assert_true(fabs(cs[k]->w - cx.w) < EPS && fabs(cs[k]->h - cx.h) < EPS);
	}
	/* a stroke stays with the piece of a broken formula its middle is in */
	struct mbox piece;
	mbox_init(&piece);
	mbox_slice(&piece, &c1, 0, c1.w);
	int kept = 0;
	for (size_t i = 0; i < piece.n; i++)
		kept += piece.it[i].kind == MB_LINE;
	assert_int_equal(kept, 1);
	mbox_free(&c1), mbox_free(&c2), mbox_free(&c3), mbox_free(&cx), mbox_free(&piece);

	/* \cancelto: the stroke up, two barbs back from its tip, and the value
	 * right of the tip, raised as a superscript */
	struct mbox to, plain_x;
	lay("\\cancelto{0}{x+1}", false, &to);
	lay("x+1", false, &plain_x);
	int strokes = 0, sides = 0;
	double tip_x = 0, tip_y = 0, sw = 0, sh = 0;
	for (size_t i = 0; i < to.n; i++) {
		const struct mbox_item *it = &to.it[i];
		if (it->kind != MB_LINE)
			continue;
		if (strokes++ == 0) {
			sw = it->w, sh = it->h;
			tip_x = it->x + it->w;
			tip_y = it->y + it->h;
			assert_true(sw > 0 && sh > 0);
		} else {
			/* a barb starts at the tip, points back along the stroke,
			 * one on each side of it */
			assert_true(fabs(it->x - tip_x) < EPS && fabs(it->y - tip_y) < EPS);
			assert_true(sw * it->w + sh * it->h < 0);
			sides += sw * it->h - sh * it->w > 0 ? 1 : -1;
		}
	}
	assert_int_equal(strokes, 3);
	assert_int_equal(sides, 0);
	bool value_after_tip = false;
	for (size_t i = 0; i < to.n; i++)
		if (to.it[i].kind == MB_TEXT && to.it[i].x > tip_x && to.it[i].y > 0)
			value_after_tip = true;
	assert_true(value_after_tip);
	assert_true(to.w > plain_x.w);
	mbox_free(&to), mbox_free(&plain_x);

	/* \overbrace and \underbrace: a curly brace as wide as the content,
	 * its tip toward the label, the label clear of the tip. */
	struct mbox o, u;
	lay("\\overbrace{a+b}^{n}", true, &o);
	lay("\\underbrace{a+b}_{n}", true, &u);
	const struct mbox_item *bo = NULL, *bu = NULL;
	for (size_t i = 0; i < o.n; i++)
		if (o.it[i].kind == MB_BRACE)
			bo = &o.it[i];
	for (size_t i = 0; i < u.n; i++)
		if (u.it[i].kind == MB_BRACE)
			bu = &u.it[i];
	assert_non_null(bo);
	assert_non_null(bu);
	assert_true(bo->h > 0 && bu->h < 0);
	assert_true(bo->w > find(&o, "a")->w * 2);
	const struct mbox_item *no = find(&o, "n"), *nu = find(&u, "n");
	assert_true(no->y > bo->y + bo->h);                 /* above the tip */
	assert_true(nu->y + 0.5 * SIZE < bu->y + bu->h);   /* below it */
	mbox_free(&o), mbox_free(&u);
}

static void test_identifiers_italic_text_upright(void **state)
{
	(void)state;
	struct mbox b;
	lay("x \\text{if} \\sin y \\mathbf{v} \\mathbb{R}", false, &b);
	int ital = font_id(fs, FONT_SERIF, FONT_ITALIC), reg = font_id(fs, FONT_SERIF, 0);
	assert_int_equal(find(&b, "x")->font, ital);
	assert_int_equal(find(&b, "if")->font, reg);
	assert_int_equal(find(&b, "sin")->font, reg);
	assert_int_equal(find(&b, "v")->font, font_id(fs, FONT_SERIF, FONT_BOLD));
	assert_non_null(find(&b, "\xE2\x84\x9D")); /* ℝ from the BMP */
	for (size_t i = 0; i < b.text.len; i++)
		assert_true((unsigned char)b.text.s[i] < 0xF0); /* nothing outside the BMP */
	mbox_free(&b);
}

static void test_malformed_never_crashes(void **state)
{
	(void)state;
	const char *bad[] = {"\\frac{a", "\\left( x", "}}{{", "\\unknown x", "x^^2", "\\sqrt[",
			     "\\begin{matrix} a & b", "\\\\\\\\", "_", "^{", "\\left.\\right.",
			     "\\begin{cases}\\end{cases}", "\\overbrace{}", "{}_{}^{}", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		for (int disp = 0; disp < 2; disp++) {
			struct mbox b;
			lay(bad[i], disp, &b);
			assert_false(isnan(b.w) || isnan(b.h) || isnan(b.d));
			mbox_free(&b);
		}
	/* Nesting at the parser's limit. */
	struct strbuf s;
	sb_init(&s);
	for (int i = 0; i < MATH_MAX_DEPTH + 10; i++)
		sb_adds(&s, "\\frac{1}{");
	for (int i = 0; i < MATH_MAX_DEPTH + 10; i++)
		sb_adds(&s, "}");
	struct mbox b;
	lay(s.s, true, &b);
	mbox_free(&b);
	sb_free(&s);
}

/* ---- every formula of real papers ---------------------------------------- */

struct walk {
	double measure;
	size_t formulas, too_wide;
};

static void check_formula(struct walk *w, cmark_node *n)
{
	const char *tex = md_math_tex(n);
	bool display = md_math_is_display(n);
	struct diag_list d;
	diag_init(&d);
	struct math_node *root = math_parse(tex, strlen(tex), display, &d, NULL);
	struct mbox b;
	mbox_init(&b);
	struct mlay_break *brk = NULL;
	size_t nb = 0;
	mlay_formula(fs, root, display, SIZE, &b, display ? NULL : &brk, &nb);
	assert_false(isnan(b.w) || isnan(b.h) || isnan(b.d));
	if (!display) {
		/* Every unbreakable piece of an inline formula fits a line. */
		double from = 0;
		for (size_t i = 0; i <= nb; i++) {
			double to = i < nb ? brk[i].x : b.w;
			if (to - from > w->measure) {
				w->too_wide++;
				print_message("too wide: %s\n", tex);
			}
			if (i < nb)
				from = brk[i].x + brk[i].glue;
		}
	}
	w->formulas++;
	free(brk);
	mbox_free(&b);
	math_free(root);
	diag_free(&d);
}

static void walk_doc(struct walk *w, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && md_math_is_math(cmark_iter_get_node(it)))
			check_formula(w, cmark_iter_get_node(it));
	cmark_iter_free(it);
}

static size_t papers_in(const char *dir, char **paths, size_t cap)
{
	DIR *dh = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while (dh && (e = readdir(dh)) && n < cap) {
		if (e->d_name[0] == '.')
			continue;
		char *sub = path_join(dir, e->d_name);
		char *md = path_join(sub, "paper.md");
		free(sub);
		if (access(md, R_OK) == 0)
			paths[n++] = md;
		else
			free(md);
	}
	if (dh)
		closedir(dh);
	return n;
}

static void test_corpus_formulas_fit(void **state)
{
	(void)state;
	const char *dirs[] = {"../shared/corpus/joss", "/work/shared/corpus/joss",
			      "examples/volume/papers"};
	struct style st;
	style_init(&st, NULL);
	struct walk w = {.measure = st.col_w};
	for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
		char *paths[64];
		size_t n = papers_in(dirs[k], paths, 64);
		for (size_t i = 0; i < n; i++) {
			struct diag_list d;
			diag_init(&d);
			struct paper *p = paper_load(paths[i], &d);
			if (p && p->body.doc)
				walk_doc(&w, p->body.doc);
			paper_free(p);
			diag_free(&d);
			free(paths[i]);
		}
	}
	print_message("%zu formulas\n", w.formulas);
	assert_true(w.formulas > 50);
	assert_int_equal(w.too_wide, 0);
}

/* ---- the PDF ---------------------------------------------------------------- */

/* The text pdftotext reads from `src` typeset as a paper (with -layout
 * when `layout`: a line of the page per line of text).  Caller frees. */
static char *pdf_text(const char *src, bool layout)
{
	char dir[] = "/tmp/quire-math-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *md = path_join(dir, "paper.md"), *pdf = path_join(dir, "out.pdf");
	FILE *f = fopen(md, "w");
	assert_non_null(f);
	fputs(src, f);
	fclose(f);
	struct diag_list d;
	diag_init(&d);
	struct paper *p = paper_load(md, &d);
	assert_non_null(p);
	int pages = 0;
	assert_int_equal(paper_pdf_write(NULL, p, pdf, &d, &pages), 0);
	char *cmd = xasprintf("pdftotext %s'%s' - 2>/dev/null", layout ? "-layout " : "", pdf);
	FILE *pp = popen(cmd, "r");
	assert_non_null(pp);
	struct strbuf out;
	sb_init(&out);
	char buf[4096];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, pp)) > 0)
		sb_add(&out, buf, k);
	pclose(pp);
	free(cmd);
	paper_free(p);
	diag_free(&d);
	unlink(pdf);
	unlink(md);
	rmdir(dir);
	free(md);
	free(pdf);
	return out.s ? sb_steal(&out) : xstrdup("");
}

static void test_pdf_text_has_symbols(void **state)
{
	(void)state;
	char *out = pdf_text("---\ntitle: Math\nauthors:\n  - name: A. Author\n---\n\n"
			     "Inline $\\alpha \\le \\beta$ and\n\n"
			     "$$\\sum_{i=1}^{n} x_i^2 = \\int_0^\\infty f(t)\\,dt \\quad "
			     "\\frac{a}{b} \\sqrt{y} \\in \\mathbb{R}$$ {#eq:one}\n",
			     false);
	const char *want[] = {"\xCE\xB1", "\xE2\x89\xA4", "\xCE\xB2", "\xE2\x88\x91", "\xE2\x88\xAB",
			      "\xE2\x88\x9E", "\xE2\x88\x9A", "\xE2\x88\x88", "\xE2\x84\x9D", "(1)"};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(out, want[i]))
			fail_msg("pdftotext lacks '%s'", want[i]);
	free(out);
}

/* Script, fraktur and double-struck letters are characters beyond the
 * BMP: drawn from the math font through private-use codes, and read back
 * as themselves from the PDF, in formulas and pasted into text. */
static void test_pdf_letters_beyond_bmp(void **state)
{
	(void)state;
	char *out = pdf_text("---\ntitle: Letters\nauthors:\n  - name: A. Author\n---\n\n"
			     "Noise $\\varepsilon \\sim \\mathcal{N}(0, 1)$, $\\mathbb{1}_{x>0}$, "
			     "$\\mathfrak{g}$ and \xF0\x9D\x92\x9F pasted.\n",
			     false);
	const char *want[] = {"\xF0\x9D\x92\xA9", "\xF0\x9D\x9F\x99", "\xF0\x9D\x94\xA4",
			      "\xF0\x9D\x92\x9F pasted"};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(out, want[i]))
			fail_msg("pdftotext lacks '%s' in: %s", want[i], out);
	free(out);
}

/* The line of `text` that holds `s`, or "" (a static copy). */
static const char *line_with(const char *text, const char *s)
{
	static char line[512];
	const char *at = strstr(text, s);
	line[0] = '\0';
	if (!at)
		return line;
	const char *a = at, *b = at;
	while (a > text && a[-1] != '\n')
		a--;
	while (*b && *b != '\n')
		b++;
	snprintf(line, sizeof line, "%.*s", (int)(b - a), a);
	return line;
}

/* An align with labelled rows: each number on its own row's line, none on
 * the \nonumber row, and the rows' baselines from top to bottom. */
static void test_align_rows_numbered(void **state)
{
	(void)state;
	char *out = pdf_text("---\ntitle: Rows\n---\n\n"
			     "\\begin{align}\nP &= Q \\label{eq:a} \\\\\n  &= R \\nonumber \\\\\n"
			     "S &= T \\label{eq:s}\n\\end{align}\n\nSee \\eqref{eq:s}.\n",
			     true);
	const char *l1 = line_with(out, "Q");
	assert_non_null(strstr(l1, "(1)"));
	assert_null(strstr(line_with(out, "R"), "("));
	assert_non_null(strstr(line_with(out, "T"), "(2)"));
	assert_non_null(strstr(line_with(out, "See"), "(2)"));
	free(out);

	const char *tex = "\\begin{align} a &= \\frac{1}{2} \\\\ b &= c \\end{align}";
	struct math_node *root = math_parse(tex, strlen(tex), true, NULL, NULL);
	const struct math_node *tab = math_numbered_rows(root);
	assert_non_null(tab);
	double y[2];
	struct mbox box;
	mbox_init(&box);
	mlay_display_rows(fs, root, 10, &box, tab, y, 0);
	assert_true(y[0] > y[1]);
	assert_true(y[0] - y[1] > 10); /* the fraction's row is taller than a line */
	assert_true(y[0] < box.h && -y[1] < box.d);
	mbox_free(&box);
	math_free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fraction_taller_than_parts),
		cmocka_unit_test(test_scripts_raised_lowered_smaller),
		cmocka_unit_test(test_big_operators),
		cmocka_unit_test(test_sideset),
		cmocka_unit_test(test_width_is_parts_plus_spacing),
		cmocka_unit_test(test_inline_breaks_after_relations),
		cmocka_unit_test(test_delimiters_grow),
		cmocka_unit_test(test_radical_and_accents),
		cmocka_unit_test(test_identifiers_italic_text_upright),
		cmocka_unit_test(test_malformed_never_crashes),
		cmocka_unit_test(test_corpus_formulas_fit),
		cmocka_unit_test(test_pdf_text_has_symbols),
		cmocka_unit_test(test_align_rows_numbered),
		cmocka_unit_test(test_pdf_letters_beyond_bmp),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
