/* The typesetter at page level, judged by the geometry of its display
 * lists: tables that break repeat their header, figures float, footnotes
 * land on the page of their reference, links and bookmarks exist, two
 * columns work, and no line of any JOSS corpus paper leaves its column.
 * The PDF itself is checked with qpdf and pdftotext, and for determinism. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proceedings/diag.h"
#include "proceedings/markdown.h"
#include "proceedings/model.h"
#include "proceedings/paper.h"
#include "proceedings/util.h"
#include "render/blocks.h"
#include "render/brk.h"
#include "render/font.h"
#include "render/furniture.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/paper_pdf.h"
#include "render/pdfdev.h"
#include "render/style.h"
#include "render/typeset.h"

#define EPS 0.05

static char tmpdir[64];

/* ---- helpers -------------------------------------------------------------- */

static void add_mtext(struct mtext *t, const char *lang, const char *s)
{
	t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
	memset(&t->v[t->n], 0, sizeof *t->v);
	t->v[t->n].lang = lang ? xstrdup(lang) : NULL;
	t->v[t->n].text = xstrdup(s);
	t->n++;
}

static struct paper *make_paper(const char *md, const char *lang, const char *title,
				struct diag_list *d)
{
	struct paper *p = xcalloc(1, sizeof *p);
	add_mtext(&p->title, NULL, title);
	p->lang = xstrdup(lang);
	p->path = path_join(tmpdir, "paper.md");
	p->dir = xstrdup(tmpdir);
	p->authors = xcalloc(2, sizeof *p->authors);
	p->nauthors = 2;
	add_mtext(&p->authors[0].name, NULL, "Ada Lovelace");
	add_mtext(&p->authors[1].name, NULL, "Charles Babbage");
	p->body.path = path_join(tmpdir, "paper.md");
	p->body.dir = xstrdup(tmpdir);
	p->body.text = xstrdup(md);
	p->body.len = strlen(md);
	md_parse(&p->body, d);
	return p;
}

static void volume_init(struct volume *v, int columns)
{
	memset(v, 0, sizeof *v);
	layout_policy_defaults(&v->layout);
	v->layout.columns = columns;
}

static void volume_done(struct volume *v)
{
	struct layout_policy *l = &v->layout;
	free(l->paper);
	free(l->font_serif);
	free(l->font_sans);
	free(l->font_mono);
	free(l->font_hangul);
	free(l->font_hangul_sans);
	free(l->citation_style);
}

static const char *text_of(const struct layout_doc *doc, const struct dl_item *it)
{
	return layout_strp(doc, it->str);
}

/* The page (index) holding `needle` in its text, or -1; *out is the item
 * where it starts.  Kerning splits a word into items that follow each other
 * on one baseline ("T" "wo"), so such items are read as one text. */
static long find_text(const struct layout_doc *doc, const char *needle, const struct dl_item **out)
{
	for (size_t pi = 0; pi < doc->npages; pi++) {
		const struct layout_page *pg = &doc->pages[pi];
		for (size_t i = 0; i < pg->n; i++) {
			const struct dl_item *it = &pg->items[i];
			if (it->kind != DL_TEXT)
				continue;
			struct strbuf b;
			sb_init(&b);
			sb_adds(&b, text_of(doc, it));
			const struct dl_item *last = it;
			for (size_t j = i + 1; j < pg->n; j++) {
				const struct dl_item *nx = &pg->items[j];
				if (nx->kind != DL_TEXT || nx->y != last->y ||
				    fabsf(nx->x - (last->x + last->w)) > 0.3f * last->size)
					break;
				sb_adds(&b, text_of(doc, nx));
				last = nx;
			}
			const char *hit = strstr(b.s, needle);
			/* Only matches starting in this item: the others are found
			 * from their own first item. */
			bool here = hit && (size_t)(hit - b.s) < strlen(text_of(doc, it));
			sb_free(&b);
			if (here) {
				if (out)
					*out = it;
				return (long)pi;
			}
		}
	}
	return -1;
}

static long find_kind(const struct layout_doc *doc, enum dl_kind k, const char *str,
		      const struct dl_item **out)
{
	for (size_t pi = 0; pi < doc->npages; pi++) {
		const struct layout_page *pg = &doc->pages[pi];
		for (size_t i = 0; i < pg->n; i++) {
			const struct dl_item *it = &pg->items[i];
			if (it->kind == k && (!str || str_eq(text_of(doc, it), str))) {
				if (out)
					*out = it;
				return (long)pi;
			}
		}
	}
	return -1;
}

static char *repeat_paragraphs(int n, const char *fmt)
{
	struct strbuf b;
	sb_init(&b);
	for (int i = 0; i < n; i++) {
		sb_printf(&b, fmt, i);
		sb_adds(&b, " Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
			    "eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad "
			    "minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip "
			    "ex ea commodo consequat.\n\n");
	}
	return sb_steal(&b);
}

static void write_png(const char *path, int w, int h)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	if (setjmp(png_jmpbuf(png)))
		fail_msg("libpng failed writing %s", path);
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	unsigned char *row = xmalloc((size_t)w * 3);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			row[3 * x] = (unsigned char)(x * 255 / w);
			row[3 * x + 1] = (unsigned char)(y * 255 / h);
			row[3 * x + 2] = 128;
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	fclose(f);
}

/* Typeset a Markdown body into a fresh typesetter. */
struct run {
	struct diag_list d;
	struct volume v;
	struct typesetter *ts;
	struct paper *p;
	struct style st;
	int pages;
};

static void run_md(struct run *r, const char *md, const char *lang, int columns)
{
	memset(r, 0, sizeof *r);
	diag_init(&r->d);
	volume_init(&r->v, columns);
	style_init(&r->st, &r->v.layout);
	r->p = make_paper(md, lang, "A Test Paper", &r->d);
	r->ts = ts_new(&r->v, &r->d);
	assert_non_null(r->ts);
	r->pages = ts_paper(r->ts, r->p, 1, &r->d);
}

static void run_done(struct run *r)
{
	ts_free(r->ts);
	paper_free(r->p);
	volume_done(&r->v);
	diag_free(&r->d);
}

/* Every text item inside the page, and body text inside its column. */
static void check_geometry(const struct layout_doc *doc, const struct style *st, const char *what)
{
	double top = st->margin_top, bottom = st->margin_top + st->text_h;
	for (size_t pi = 0; pi < doc->npages; pi++) {
		const struct layout_page *pg = &doc->pages[pi];
		for (size_t i = 0; i < pg->n; i++) {
			const struct dl_item *it = &pg->items[i];
			if (it->kind != DL_TEXT)
				continue;
			if (it->x < st->margin_left - EPS ||
			    it->x + it->w > st->margin_left + st->text_w + EPS || it->y < 0 ||
			    it->y > pg->height)
				fail_msg("%s: page %zu: '%s' at x %.2f..%.2f y %.2f leaves the text block",
					 what, pi + 1, text_of(doc, it), it->x, it->x + it->w, it->y);
			/* Body text (not furniture) stays in its column. */
			if (st->columns == 2 && pi > 0 && it->y > top + 1 && it->y < bottom) {
				int c = it->x >= style_col_x(st, 1) - EPS;
				double l = style_col_x(st, c), rgt = l + st->col_w;
				if (it->x < l - EPS || it->x + it->w > rgt + EPS)
					fail_msg("%s: page %zu: '%s' at x %.2f..%.2f leaves column %d "
						 "(%.2f..%.2f)",
						 what, pi + 1, text_of(doc, it), it->x, it->x + it->w, c,
						 l, rgt);
			}
		}
	}
}

/* Body text never reaches into the first page's citation block, and
 * nothing goes below the text block but the page number. */
static void check_vertical(const struct layout_doc *doc, const struct style *st)
{
	double bottom = st->margin_top + st->text_h;
	double cite_y = 1e9;
	const struct layout_page *p0 = &doc->pages[0];
	for (size_t i = 0; i < p0->n; i++)
		if (p0->items[i].kind == DL_TEXT && str_starts(text_of(doc, &p0->items[i]), "Cite as"))
			cite_y = p0->items[i].y;
	assert_true(cite_y < bottom);
	for (size_t pi = 0; pi < doc->npages; pi++) {
		const struct layout_page *pg = &doc->pages[pi];
		for (size_t i = 0; i < pg->n; i++) {
			const struct dl_item *it = &pg->items[i];
			if (it->kind != DL_TEXT || it->color == st->muted_color)
				continue;
			bool page_number = it->y > bottom && strspn(text_of(doc, it), "0123456789") ==
								 strlen(text_of(doc, it));
			if (page_number)
				continue;
			if (it->y > bottom + EPS || (pi == 0 && it->y > cite_y - st->running.size))
				fail_msg("page %zu: '%s' at y %.2f is below the text (%.2f, cite %.2f)",
					 pi + 1, text_of(doc, it), it->y, bottom, cite_y);
		}
	}
}

static void test_tall_title_block(void **state)
{
	(void)state;
	for (int cols = 1; cols <= 2; cols++) {
		struct strbuf b;
		sb_init(&b);
		sb_adds(&b, "# First\n\n| A | B |\n|---|---|\n| a multi line cell that wraps and "
			    "wraps and wraps again | b |\n\n");
		char *text = repeat_paragraphs(30, "Body %d.");
		sb_adds(&b, text);
		struct run r;
		memset(&r, 0, sizeof r);
		diag_init(&r.d);
		volume_init(&r.v, cols);
		style_init(&r.st, &r.v.layout);
		r.p = make_paper(b.s, "en", "A Paper With Very Many Affiliations", &r.d);
		r.p->affiliations = xcalloc(34, sizeof *r.p->affiliations);
		r.p->naffiliations = 34;
		for (int i = 0; i < 34; i++) {
			r.p->affiliations[i].index = xasprintf("%d", i + 1);
			char *n = xasprintf("Department %d of Something, A Rather Long University Name", i);
			add_mtext(&r.p->affiliations[i].name, NULL, n);
			free(n);
		}
		r.ts = ts_new(&r.v, &r.d);
		r.pages = ts_paper(r.ts, r.p, 1, &r.d);
		check_vertical(ts_doc(r.ts), &r.st);
		check_geometry(ts_doc(r.ts), &r.st, "tall title");
		run_done(&r);
		sb_free(&b);
		free(text);
	}
}

/* The galley forbids page breaks that would leave a widow, an orphan or a
 * heading at the foot of a column. */
static void test_widows_orphans_headings(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct paper *p = make_paper("# Heading\n\nOne two three four five six seven eight nine ten "
				     "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
				     "nineteen twenty twenty-one twenty-two twenty-three twenty-four "
				     "twenty-five twenty-six twenty-seven twenty-eight twenty-nine.\n",
				     "en", "T", &d);
	struct style st;
	style_init(&st, NULL);
	struct font_set *fs = font_set_open(NULL, NULL, &d);
	struct layout_doc *doc = layout_doc_new(fs);
	struct brk *bk = brk_open();
	struct blk b;
	blk_init(&b, doc, &st, &d, NULL, bk);
	struct galley g;
	gal_init(&g, 1);
	blk_markdown(&b, &g, &p->body, "en", 120); /* narrow: many lines */
	size_t boxes[64], nb = 0;
	for (size_t i = 0; i < g.n && nb < 64; i++)
		if (g.v[i].kind == VL_BOX)
			boxes[nb++] = i;
	assert_true(nb >= 6); /* a heading line and at least five text lines */
	/* Between heading and text, and between the first two and the last
	 * two lines, nothing may break; in between, anything. */
	for (size_t k = 0; k + 1 < nb; k++) {
		bool legal = false;
		for (size_t i = boxes[k] + 1; i < boxes[k + 1]; i++)
			if ((g.v[i].kind == VL_PENALTY && g.v[i].penalty < GAL_INF) ||
			    (g.v[i].kind == VL_GLUE && i == boxes[k] + 1))
				legal = true;
		bool want = k >= 2 && k + 2 < nb;
		if (legal != want)
			fail_msg("break after box %zu of %zu: %s", k, nb, legal ? "allowed" : "forbidden");
	}
	gal_free(&g);
	blk_free(&b);
	brk_free(bk);
	layout_doc_free(doc);
	paper_free(p);
	diag_free(&d);
}

/* ---- tables ---------------------------------------------------------------- */

static void test_table_repeats_header(void **state)
{
	(void)state;
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "# Results\n\nThe table below is long.\n\n| Alpha | Beta |\n|:--|--:|\n");
	for (int i = 0; i < 150; i++)
		sb_printf(&b, "| row%03d | %d |\n", i, i * 7);
	sb_adds(&b, "\nAfter the table.\n");
	struct run r;
	run_md(&r, b.s, "en", 1);
	sb_free(&b);
	const struct layout_doc *doc = ts_doc(r.ts);
	assert_true(r.pages >= 3);
	long first = find_text(doc, "row000", NULL), last = find_text(doc, "row149", NULL);
	assert_true(first >= 0 && last > first);
	for (long pi = first; pi <= last; pi++) {
		const struct layout_page *pg = &doc->pages[pi];
		/* The header appears exactly once on every page of the table,
		 * above every row on that page. */
		int headers = 0;
		double hy = 0, min_row_y = 1e9;
		for (size_t i = 0; i < pg->n; i++) {
			const struct dl_item *it = &pg->items[i];
			if (it->kind != DL_TEXT)
				continue;
			if (str_eq(text_of(doc, it), "Alpha")) {
				headers++;
				hy = it->y;
			} else if (str_starts(text_of(doc, it), "row")) {
				min_row_y = fmin(min_row_y, it->y);
			}
		}
		assert_int_equal(headers, 1);
		assert_true(hy < min_row_y);
		if (pi > first)
			assert_true(hy < r.st.margin_top + 2 * r.st.body.lead); /* at the top */
	}
	/* Every row once, in order. */
	double prev_page = -1, prev_y = -1;
	for (int i = 0; i < 150; i++) {
		char key[16];
		snprintf(key, sizeof key, "row%03d", i);
		const struct dl_item *it;
		long pg = find_text(doc, key, &it);
		assert_true(pg >= 0);
		assert_true(pg > prev_page || (pg == prev_page && it->y > prev_y));
		prev_page = (double)pg;
		prev_y = it->y;
	}
	assert_int_equal(r.d.counts[DIAG_ERROR], 0);
	run_done(&r);
}

/* ---- figures ----------------------------------------------------------------- */

static void test_figure_floats(void **state)
{
	(void)state;
	char *png = path_join(tmpdir, "tall.png");
	write_png(png, 600, 700);
	free(png);
	char *text = repeat_paragraphs(9, "Paragraph %d before the figure.");
	char *md = xasprintf("%s![A tall figure that cannot fit.](tall.png)\n\nZanzibar follows "
			     "the figure in the source and fills the rest of the page.\n\n%s",
			     text, text);
	struct run r;
	run_md(&r, md, "en", 1);
	const struct layout_doc *doc = ts_doc(r.ts);
	const struct dl_item *img = NULL, *after = NULL, *cap = NULL;
	long ipage = find_kind(doc, DL_IMAGE, NULL, &img);
	long apage = find_text(doc, "Zanzibar", &after);
	long cpage = find_text(doc, "Figure", &cap);
	assert_int_equal(ipage, 1);                     /* moved on to page 2 */
	assert_float_equal(img->y, r.st.margin_top, EPS); /* at the top */
	assert_int_equal(apage, 0);                     /* the text went on */
	assert_int_equal(cpage, ipage);
	assert_true(cap->y > img->y + img->h);          /* caption below */
	/* Scaled to the column, not past it. */
	assert_true(img->w <= r.st.text_w + EPS);
	assert_true(img->x >= r.st.margin_left - EPS);
	run_done(&r);

	/* A figure that fits stays where it is written. */
	char *small = path_join(tmpdir, "small.png");
	write_png(small, 800, 200);
	free(small);
	char *md2 = xasprintf("First paragraph Kumquat.\n\n![A wide one.](small.png){ width=50%% }"
			      "\n\nSecond paragraph Rambutan.\n");
	run_md(&r, md2, "en", 1);
	doc = ts_doc(r.ts);
	const struct dl_item *k, *rb;
	assert_int_equal(find_kind(doc, DL_IMAGE, NULL, &img), 0);
	assert_int_equal(find_text(doc, "Kumquat", &k), 0);
	assert_int_equal(find_text(doc, "Rambutan", &rb), 0);
	assert_true(k->y < img->y && img->y + img->h < rb->y);
	assert_float_equal(img->w, r.st.text_w * 0.5, 0.01);
	run_done(&r);
	free(md2);
	free(md);
	free(text);
}

/* Two figures in a row, the first fitting under the text and the second
 * not: the first is set where it is written, the second waits, and the
 * text before them stays on its page.  (pySINDy's page of references
 * once lost its last paragraph to the next page, leaving half a page
 * blank: no break was allowed after a figure that a waiting one
 * followed.)  Swept over heights, so that one leaves less than a line
 * under the first figure. */
static void test_text_before_figures_stays(void **state)
{
	(void)state;
	char *tall = path_join(tmpdir, "second.png");
	write_png(tall, 600, 700);
	free(tall);
	char *text = repeat_paragraphs(4, "Paragraph %d before the figures.");
	for (int h = 300; h <= 800; h += 10) {
		char *name = xasprintf("first-%d.png", h);
		char *png = path_join(tmpdir, name);
		write_png(png, 600, h);
		char *md = xasprintf("%sThe last paragraph before the figures runs over a few lines, so "
				     "that a page could break inside it, and it ends with Quokka.\n\n"
				     "![The first figure.](%s)\n\n![The second figure.](second.png)\n\n%s",
				     text, name, text);
		struct run r;
		run_md(&r, md, "en", 1);
		const struct dl_item *q, *img;
		long qpage = find_text(ts_doc(r.ts), "Quokka", &q);
		long ipage = find_kind(ts_doc(r.ts), DL_IMAGE, NULL, &img);
		if (qpage != 0)
			fail_msg("first figure %d px tall: the text before it went to page %ld", h, qpage + 1);
		assert_true(ipage >= 0);
		run_done(&r);
		free(md);
		free(png);
		free(name);
	}
	free(text);
}

static void test_bad_image(void **state)
{
	(void)state;
	char *bad = path_join(tmpdir, "broken.png");
	char *good = path_join(tmpdir, "good.png");
	write_png(good, 50, 50);
	char *data;
	size_t len;
	assert_int_equal(read_file(good, 1 << 20, &data, &len), 0);
	FILE *f = fopen(bad, "wb");
	fwrite(data, 1, len / 2, f); /* truncated */
	fclose(f);
	free(data);
	struct diag_list d;
	diag_init(&d);
	struct paper *p = make_paper("Text.\n\n![Broken figure.](broken.png)\n\nMore text.\n", "en",
				     "Bad image", &d);
	char *out = path_join(tmpdir, "bad.pdf");
	int n = 0;
	assert_int_equal(paper_pdf_write(NULL, p, out, &d, &n), 0);
	assert_int_equal(n, 1);
	bool found = false;
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].rule == R_IMAGE_BAD && strstr(d.v[i].msg, "broken.png") && d.v[i].line == 3)
			found = true;
	assert_true(found);
	char *cmd = xasprintf("qpdf --check '%s' >/dev/null 2>&1", out);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(out);
	free(bad);
	free(good);
	paper_free(p);
	diag_free(&d);
}

/* ---- footnotes ----------------------------------------------------------------- */

static void test_footnote_on_its_page(void **state)
{
	(void)state;
	struct strbuf b;
	sb_init(&b);
	char *text = repeat_paragraphs(12, "Filler %d.");
	sb_adds(&b, text);
	sb_adds(&b, "Here the Wombat paragraph has a note.[^w] And goes on a little.\n\n");
	sb_adds(&b, text);
	sb_adds(&b, text);
	sb_adds(&b, "[^w]: The Quokka footnote body, which is placed at the foot of the page.\n");
	struct run r;
	run_md(&r, b.s, "en", 1);
	const struct layout_doc *doc = ts_doc(r.ts);
	const struct dl_item *ref, *note, *link, *dest;
	long rp = find_text(doc, "Wombat", &ref);
	long np = find_text(doc, "Quokka", &note);
	long lp = find_kind(doc, DL_LINK, "#fn-1", &link);
	long dp = find_kind(doc, DL_DEST, "fn-1", &dest);
	assert_true(rp > 0);
	assert_int_equal(np, rp);
	assert_int_equal(lp, rp);
	assert_int_equal(dp, np);
	/* Below every line of text on its page, above the foot of the block. */
	const struct layout_page *pg = &doc->pages[np];
	for (size_t i = 0; i < pg->n; i++) {
		const struct dl_item *it = &pg->items[i];
		if (it->kind == DL_TEXT && it->size >= r.st.body.size - 0.01 &&
		    it->y < r.st.margin_top + r.st.text_h)
			assert_true(it->y < note->y);
	}
	assert_true(note->y < r.st.margin_top + r.st.text_h);
	assert_true(note->size < r.st.body.size);
	assert_int_equal(ts_stats(r.ts)->notes, 1);
	run_done(&r);
	sb_free(&b);
	free(text);
}

/* A note first referenced inside another note is set with it, on the page
 * of that note's reference, numbered as the archive numbers it (3: after
 * the text's two), with its link destination; notes inside it follow in
 * number order, and notes after them keep theirs. */
static void test_note_inside_a_note(void **state)
{
	(void)state;
	struct strbuf b;
	sb_init(&b);
	char *text = repeat_paragraphs(12, "Filler %d.");
	sb_adds(&b, text);
	sb_adds(&b, "The Wombat paragraph has a note.[^w] And a second.[^s]\n\n");
	sb_adds(&b, text);
	sb_adds(&b, text);
	sb_adds(&b, "Much later, a Numbat note.[^n]\n\n");
	sb_adds(&b, "[^w]: The Quokka note, with notes of its own.[^inner] And another.[^other]\n\n");
	sb_adds(&b, "[^s]: The Bilby note.\n\n");
	sb_adds(&b, "[^inner]: The Dingo note, referenced only inside the Quokka note.[^deep]\n\n");
	sb_adds(&b, "[^other]: The Potoroo note.\n\n");
	sb_adds(&b, "[^deep]: The Dunnart note, inside the Dingo note.\n\n");
	sb_adds(&b, "[^n]: The Echidna note.\n");
	struct run r;
	run_md(&r, b.s, "en", 1);
	const struct layout_doc *doc = ts_doc(r.ts);
	const struct dl_item *ref, *outer, *inner, *dest, *late, *late_note, *late_dest;
	long rp = find_text(doc, "Wombat", &ref);
	long op = find_text(doc, "Quokka", &outer);
	long ip = find_text(doc, "Dingo", &inner);
	long dp = find_kind(doc, DL_DEST, "fn-3", &dest);
	assert_true(rp > 0);
	assert_int_equal(op, rp);
	assert_int_equal(ip, rp);
	assert_int_equal(dp, rp);
	assert_true(inner->y > outer->y);
	assert_true(inner->size < r.st.body.size);
	/* The notes inside notes follow in the order of their numbers: 3
	 * (Dingo), 4 (Potoroo), then 5 (Dunnart, inside 3). */
	const struct dl_item *other, *deep;
	assert_int_equal(find_text(doc, "Potoroo", &other), rp);
	assert_int_equal(find_text(doc, "Dunnart", &deep), rp);
	assert_true(other->y > inner->y);
	assert_true(deep->y > other->y);
	assert_int_equal(find_kind(doc, DL_DEST, "fn-5", &dest), rp);
	long lp = find_text(doc, "Numbat", &late);
	assert_true(lp > rp);
	assert_int_equal(find_text(doc, "Echidna", &late_note), lp);
	assert_int_equal(find_kind(doc, DL_DEST, "fn-6", &late_dest), lp);
	assert_int_equal(ts_stats(r.ts)->notes, 6);
	run_done(&r);
	sb_free(&b);
	free(text);
}

/* A note longer than a page is cut between lines and continues at the foot
 * of the next column; nothing overlaps the text or leaves the page. */
static void test_long_footnote_splits(void **state)
{
	(void)state;
	struct strbuf b;
	sb_init(&b);
	char *text = repeat_paragraphs(6, "Filler %d.");
	sb_adds(&b, text);
	sb_adds(&b, "A sentence with a very long note.[^long]\n\n");
	sb_adds(&b, text);
	sb_adds(&b, text);
	sb_adds(&b, "[^long]: ");
	for (int i = 0; i < 120; i++)
		sb_printf(&b, "Notesentence%03d goes on and on to fill the page. ", i);
	sb_adds(&b, "\n");
	for (int cols = 1; cols <= 2; cols++) {
		struct run r;
		run_md(&r, b.s, "en", cols);
		const struct layout_doc *doc = ts_doc(r.ts);
		double bottom = r.st.margin_top + r.st.text_h;
		for (int i = 0; i < 120; i++) {
			char key[32];
			snprintf(key, sizeof key, "Notesentence%03d", i);
			const struct dl_item *it;
			long pg = find_text(doc, key, &it);
			if (pg < 0)
				fail_msg("%d columns: %s missing", cols, key);
			assert_true(it->y <= bottom + EPS);
		}
		/* On every page, notes (small text) sit below the body text. */
		for (size_t pi = 0; pi < doc->npages; pi++) {
			const struct layout_page *pg = &doc->pages[pi];
			for (size_t x = 0; x < pg->n; x++) {
				const struct dl_item *n = &pg->items[x];
				if (n->kind != DL_TEXT || !strstr(text_of(doc, n), "Notesentence"))
					continue;
				for (size_t y = 0; y < pg->n; y++) {
					const struct dl_item *t = &pg->items[y];
					if (t->kind == DL_TEXT && strstr(text_of(doc, t), "Filler") &&
					    fabs(t->x - n->x) < r.st.col_w / 2)
						assert_true(t->y < n->y);
				}
			}
		}
		check_geometry(doc, &r.st, "long note");
		run_done(&r);
	}
	sb_free(&b);
	free(text);
}

/* A note that goes on over a page break leaves at least two of its lines
 * on each side (pySINDy's list of links once left one word alone at the
 * foot of the next page).  Swept over the note's length. */
static void test_note_split_keeps_two_lines(void **state)
{
	(void)state;
	char *text = repeat_paragraphs(9, "Filler %d.");
	int split = 0;
	for (int len = 20; len <= 120; len += 1) {
		struct strbuf b;
		sb_init(&b);
		sb_adds(&b, text);
		sb_adds(&b, "A sentence with a long note.[^long]\n\n");
		sb_adds(&b, text);
		sb_adds(&b, "[^long]: ");
		for (int i = 0; i < len; i++)
			sb_printf(&b, "Note%03d words. ", i);
		sb_adds(&b, "\n");
		struct run r;
		run_md(&r, b.s, "en", 1);
		const struct layout_doc *doc = ts_doc(r.ts);
		double top = r.st.margin_top, bottom = r.st.margin_top + r.st.text_h;
		int parts = 0;
		for (size_t pi = 0; pi < doc->npages; pi++) {
			const struct layout_page *pg = &doc->pages[pi];
			double ys[64];
			int nys = 0;
			for (size_t x = 0; x < pg->n; x++) {
				const struct dl_item *n = &pg->items[x];
				if (n->kind != DL_TEXT || fabs(n->size - r.st.footnote.size) > 0.01 || n->y < top ||
				    n->y > bottom + EPS)
					continue;
				bool seen = false;
				for (int k = 0; k < nys && !seen; k++)
					seen = fabs(ys[k] - n->y) < 0.5;
				if (!seen && nys < 64)
					ys[nys++] = n->y;
			}
			if (nys) {
				parts++;
				if (nys < 2)
					fail_msg("note of %d sentences: page %zu holds one line of it", len, pi + 1);
			}
		}
		assert_true(parts >= 1);
		split += parts > 1;
		run_done(&r);
		sb_free(&b);
	}
	assert_true(split > 10); /* the sweep does split the note */
	free(text);
}

/* ---- links, bookmarks, code ------------------------------------------------------ */

static void test_links_and_outline(void **state)
{
	(void)state;
	const char *md = "# Introduction\n\nSee [the site](https://example.org/x) and "
			 "[the methods](#methods), or <https://autolink.example.com>.\n\n"
			 "## Background\n\nText.\n\n# Methods\n\nMore text.\n\n"
			 "# Acknowledgements\n\nThanks.\n";
	struct run r;
	run_md(&r, md, "en", 1);
	const struct layout_doc *doc = ts_doc(r.ts);
	const struct dl_item *it;
	assert_true(find_kind(doc, DL_LINK, "https://example.org/x", &it) >= 0);
	assert_true(it->w > 10 && it->h > 5);
	assert_true(find_kind(doc, DL_LINK, "#methods", NULL) >= 0);
	assert_true(find_kind(doc, DL_LINK, "https://autolink.example.com", NULL) >= 0);
	assert_true(find_kind(doc, DL_DEST, "methods", NULL) >= 0);
	assert_true(find_kind(doc, DL_OUTLINE, "1 Introduction", &it) >= 0);
	assert_int_equal(it->ref, 1);
	assert_true(find_kind(doc, DL_OUTLINE, "1.1 Background", &it) >= 0);
	assert_int_equal(it->ref, 2);
	assert_true(find_kind(doc, DL_OUTLINE, "2 Methods", NULL) >= 0);
	/* Acknowledgements are not numbered. */
	assert_true(find_kind(doc, DL_OUTLINE, "Acknowledgements", NULL) >= 0);
	run_done(&r);
}

static void test_code_wraps(void **state)
{
	(void)state;
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "Code:\n\n```\nshort line\n");
	for (int i = 0; i < 40; i++)
		sb_printf(&b, "token_%02d=value ", i);
	sb_adds(&b, "\n\tindented\n```\n");
	for (int cols = 1; cols <= 2; cols++) {
		struct run r;
		run_md(&r, b.s, "en", cols);
		const struct layout_doc *doc = ts_doc(r.ts);
		assert_true(find_text(doc, "\xE2\x86\xAA", NULL) >= 0); /* ↪ */
		assert_true(find_text(doc, "token_39=value", NULL) >= 0);
		assert_true(find_text(doc, "    indented", NULL) >= 0); /* tab to 4 */
		check_geometry(doc, &r.st, "code");
		assert_int_equal(r.d.counts[DIAG_ERROR], 0);
		run_done(&r);
	}
	sb_free(&b);
}

/* A shaded code block is one band: each line's rectangle reaches the next
 * line's, so anti-aliased viewers show no hairline seams between them. */
static void test_code_shading_has_no_seams(void **state)
{
	(void)state;
	struct run r;
	run_md(&r, "Code:\n\n```\nfirst = 1\nsecond = 2\nthird = 3\nfourth = 4\n```\n", "en", 1);
	const struct layout_doc *doc = ts_doc(r.ts);
	size_t nrect = 0;
	for (size_t pi = 0; pi < doc->npages; pi++) {
		const struct layout_page *pg = &doc->pages[pi];
		float bottom = 0;
		bool have = false;
		for (size_t i = 0; i < pg->n; i++) {
			const struct dl_item *it = &pg->items[i];
			if (it->kind != DL_RECT)
				continue;
			if (have)
				assert_true(it->y <= bottom + 0.01f); /* starts where the last one ended, or above */
			bottom = it->y + it->h;
			have = true;
			nrect++;
		}
	}
	assert_int_equal(nrect, 4);
	run_done(&r);
}

/* Wherever a page break falls in a code block, each side shows at least
 * two lines with ink: never one line and the blank line below it. */
static void test_code_break_keeps_two_inked_lines(void **state)
{
	(void)state;
	static const char *const names[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"};
	for (int k = 32; k < 47; k++) { /* the block crosses the first page break */
		struct strbuf b;
		sb_init(&b);
		for (int i = 0; i < k; i++)
			sb_printf(&b, "Filler paragraph number %d.\n\n", i);
		sb_adds(&b, "```\nalpha = 1\n\nbeta = 2\ngamma = 3\n\ndelta = 4\nepsilon = 5\n\nzeta = 6\n```\n");
		struct run r;
		run_md(&r, b.s, "en", 1);
		const struct layout_doc *doc = ts_doc(r.ts);
		for (size_t pi = 0; pi < doc->npages; pi++) {
			int lines = 0;
			for (size_t i = 0; i < doc->pages[pi].n; i++) {
				const struct dl_item *it = &doc->pages[pi].items[i];
				for (size_t w = 0; it->kind == DL_TEXT && w < 6; w++)
					lines += str_starts(text_of(doc, it), names[w]);
			}
			if (lines == 1)
				fail_msg("%d fillers: page %zu shows one line of the code block", k, pi + 1);
		}
		run_done(&r);
		sb_free(&b);
	}
}

/* Affiliations are italic, but a Korean one is upright throughout: Latin
 * letters inside it ("김재철AI대학원") do not lean while the Hangul cannot. */
static void test_korean_affiliation_upright(void **state)
{
	(void)state;
	struct run r;
	memset(&r, 0, sizeof r);
	diag_init(&r.d);
	volume_init(&r.v, 1);
	style_init(&r.st, &r.v.layout);
	r.p = make_paper("본문.\n", "ko", "제목", &r.d);
	r.p->affiliations = xcalloc(2, sizeof *r.p->affiliations);
	r.p->naffiliations = 2;
	add_mtext(&r.p->affiliations[0].name, NULL, "김재철AI대학원");
	add_mtext(&r.p->affiliations[1].name, NULL, "Institute of Things");
	r.p->affiliations[0].index = xstrdup("1");
	r.p->affiliations[1].index = xstrdup("2");
	r.ts = ts_new(&r.v, &r.d);
	assert_non_null(r.ts);
	r.pages = ts_paper(r.ts, r.p, 1, &r.d);
	const struct layout_doc *doc = ts_doc(r.ts);
	const struct dl_item *ai = NULL, *inst = NULL;
	assert_true(find_text(doc, "AI", &ai) >= 0);
	assert_true(find_text(doc, "Institute", &inst) >= 0);
	assert_false(font_face(doc->fonts, ai->font)->style & FONT_ITALIC);
	assert_true(font_face(doc->fonts, inst->font)->style & FONT_ITALIC);
	run_done(&r);
}

/* The first page's citation gives the year the archive and BibTeX give: the
 * volume's, not that of the paper's own date (a JOSS paper of 2019 in a
 * volume of 2026); a paper alone keeps its own. */
static void test_citation_year_is_the_volume_year(void **state)
{
	(void)state;
	struct volume v = {0};
	struct paper p = {0};
	v.id = "v";
	v.date = "2026-01-01";
	p.id = "p";
	p.date = "22 March 2019";
	char *c = furn_citation_line(&v, &p, 1, 4);
	assert_non_null(strstr(c, "pp. 1\xE2\x80\x93" "4, 2026."));
	free(c);
	v.date = NULL;
	c = furn_citation_line(&v, &p, 1, 4);
	assert_non_null(strstr(c, ", 2019."));
	free(c);
}

static void test_two_columns(void **state)
{
	(void)state;
	char *text = repeat_paragraphs(40, "Para %d.");
	struct run r;
	run_md(&r, text, "en", 2);
	const struct layout_doc *doc = ts_doc(r.ts);
	const struct dl_item *title;
	assert_int_equal(find_text(doc, "A Test Paper", &title), 0);
	/* The title is centred across both columns (its line may be in pieces
	 * where kerning moved letters together). */
	double mid = r.st.margin_left + r.st.text_w / 2, end = title->x + title->w;
	const struct layout_page *p0 = &doc->pages[0];
	for (size_t i = (size_t)(title - p0->items) + 1; i < p0->n; i++)
		if (p0->items[i].kind == DL_TEXT && p0->items[i].y == title->y)
			end = fmax(end, p0->items[i].x + p0->items[i].w);
	assert_float_equal((title->x + end) / 2, mid, 1);
	int left = 0, right = 0;
	const struct layout_page *pg = &doc->pages[1];
	for (size_t i = 0; i < pg->n; i++) {
		const struct dl_item *it = &pg->items[i];
		if (it->kind != DL_TEXT || it->y < r.st.margin_top)
			continue;
		if (it->x + it->w <= style_col_x(&r.st, 0) + r.st.col_w + EPS)
			left++;
		else if (it->x >= style_col_x(&r.st, 1) - EPS)
			right++;
	}
	assert_true(left > 100 && right > 100);
	check_geometry(doc, &r.st, "two columns");
	run_done(&r);
	free(text);
}

/* Running heads from page 2: the title (shortened with an ellipsis when
 * long) and the authors, above the text block; page numbers below it. */
static void test_running_head(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	char *text = repeat_paragraphs(40, "Para %d.");
	struct paper *p = make_paper(text, "en",
				     "An Extraordinarily Long Title That Cannot Possibly Fit Into The "
				     "Running Head Of A Page Without Being Shortened Somewhere",
				     &d);
	struct typesetter *ts = ts_new(NULL, &d);
	int n = ts_paper(ts, p, 7, &d);
	assert_true(n >= 2);
	const struct layout_doc *doc = ts_doc(ts);
	struct style st;
	style_init(&st, NULL);
	const struct layout_page *pg = &doc->pages[1];
	bool head = false, names = false, number = false;
	for (size_t i = 0; i < pg->n; i++) {
		const struct dl_item *it = &pg->items[i];
		if (it->kind != DL_TEXT)
			continue;
		const char *t = text_of(doc, it);
		if (it->y < st.margin_top && str_starts(t, "An Extraordinarily") &&
		    str_ends(t, "\xE2\x80\xA6")) {
			head = true;
			assert_true(it->x + it->w < st.margin_left + st.text_w - 40);
		}
		if (it->y < st.margin_top && str_eq(t, "Lovelace and Babbage"))
			names = true;
		if (it->y > st.margin_top + st.text_h && str_eq(t, "8"))
			number = true;
	}
	assert_true(head && names && number);
	assert_int_equal(doc->pages[0].number, 7);
	ts_free(ts);
	paper_free(p);
	diag_free(&d);
	free(text);
}

static void test_letter_paper(void **state)
{
	(void)state;
	char *text = repeat_paragraphs(40, "Para %d.");
	for (int cols = 1; cols <= 2; cols++) {
		struct run r;
		memset(&r, 0, sizeof r);
		diag_init(&r.d);
		volume_init(&r.v, cols);
		free(r.v.layout.paper);
		r.v.layout.paper = xstrdup("letter");
		style_init(&r.st, &r.v.layout);
		r.p = make_paper(text, "en", "Letter", &r.d);
		r.ts = ts_new(&r.v, &r.d);
		r.pages = ts_paper(r.ts, r.p, 1, &r.d);
		const struct layout_doc *doc = ts_doc(r.ts);
		for (size_t i = 0; i < doc->npages; i++) {
			assert_float_equal(doc->pages[i].width, 612, 0.01);
			assert_float_equal(doc->pages[i].height, 792, 0.01);
		}
		check_geometry(doc, &r.st, "letter");
		check_vertical(doc, &r.st);
		run_done(&r);
	}
	free(text);
}

/* ---- the JOSS corpus ---------------------------------------------------------------- */

static char *corpus_dir(void)
{
	const char *e = getenv("QUIRE_CORPUS");
	const char *cands[] = {e, "../shared/corpus/joss", "/work/shared/corpus/joss"};
	for (size_t i = 0; i < 3; i++) {
		struct stat sb;
		if (cands[i] && stat(cands[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			return xstrdup(cands[i]);
	}
	return NULL;
}

static void test_corpus_never_overfull(void **state)
{
	(void)state;
	char *dir = corpus_dir();
	if (!dir)
		skip();
	DIR *dh = opendir(dir);
	assert_non_null(dh);
	char *names[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dh)) && n < 64)
		if (e->d_name[0] != '.' && strstr(e->d_name, "__"))
			names[n++] = xstrdup(e->d_name);
	closedir(dh);
	assert_true(n >= 10);
	size_t lines = 0;
	for (size_t i = 0; i < n; i++) {
		char *sub = path_join(dir, names[i]);
		char *md = path_join(sub, "paper.md");
		struct diag_list d;
		diag_init(&d);
		struct paper *p = paper_load(md, &d);
		assert_non_null(p);
		for (int cols = 1; cols <= 2; cols++) {
			struct volume v;
			volume_init(&v, cols);
			struct style st;
			style_init(&st, &v.layout);
			struct typesetter *ts = ts_new(&v, &d);
			assert_non_null(ts);
			int pages = ts_paper(ts, p, 1, &d);
			assert_true(pages >= 1);
			const struct blk_stats *s = ts_stats(ts);
			if (s->overfull)
				fail_msg("%s (%d columns): %zu overfull lines", names[i], cols,
					 s->overfull);
			lines += s->lines;
			check_geometry(ts_doc(ts), &st, names[i]);
			check_vertical(ts_doc(ts), &st);
			ts_free(ts);
			volume_done(&v);
		}
		for (size_t k = 0; k < d.n; k++)
			if (d.v[k].rule == R_GLYPH_MISSING || d.v[k].rule == R_FONT_MISSING)
				fail_msg("%s: %s", names[i], d.v[k].msg);
		paper_free(p);
		diag_free(&d);
		free(md);
		free(sub);
		free(names[i]);
	}
	assert_true(lines > 5000);
	free(dir);
}

/* ---- the PDF ------------------------------------------------------------------------- */

static const char *KOREAN_MD =
	"# 서론\n\n한국어 본문은 나눔명조로, Latin text and café in DejaVu Serif. 이 문단은 "
	"충분히 길어서 여러 줄로 나뉘어야 한다. 줄 바꿈은 띄어쓰기에서 먼저 일어난다.\n\n"
	"# Method\n\nEnglish paragraph with a [link](https://example.org).\n\n"
	"## 결과 분석\n\n| 항목 | 값 |\n|---|---|\n| 가 | 1 |\n";

/* The hostile-input suite's two layout cases: a 5 MB paragraph with no
 * spaces (a URL) and a 500-column table finish, in linear time, with no
 * overfull line, at one and two columns. */
static void test_pathological_layout(void **state)
{
	(void)state;
	struct strbuf url, table;
	sb_init(&url);
	sb_adds(&url, "https://example.org/");
	for (int i = 0; i < 5 * 1024 * 1024; i++)
		sb_addc(&url, 'a');
	sb_addc(&url, '\n');
	sb_init(&table);
	for (int r = 0; r < 3; r++) {
		for (int i = 0; i < 500; i++)
			sb_printf(&table, "|%s%d", r == 1 ? "-" : "c", r == 1 ? 0 : i);
		sb_adds(&table, "|\n");
	}
	const char *docs[] = {url.s, table.s};
	for (size_t k = 0; k < 2; k++) {
		for (int cols = 1; cols <= 2; cols++) {
			struct run r;
			run_md(&r, docs[k], "en", cols);
			assert_true(r.pages >= 1);
			assert_int_equal(ts_stats(r.ts)->overfull, 0);
			run_done(&r);
		}
	}
	sb_free(&url);
	sb_free(&table);
}

static struct paper *korean_paper(struct diag_list *d)
{
	struct paper *p = make_paper(KOREAN_MD, "ko", "한국어 논문 제목", d);
	add_mtext(&p->title, "en", "The English Title");
	add_mtext(&p->abstract, NULL, "이것은 초록이다.");
	add_mtext(&p->abstract, "en", "This is the abstract.");
	return p;
}

static char *run_capture(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	struct strbuf b;
	sb_init(&b);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&b, buf, n);
	assert_int_equal(pclose(f), 0);
	return sb_steal(&b);
}

static void test_pdf_checks_and_text_order(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct paper *p = korean_paper(&d);
	char *out = path_join(tmpdir, "ko.pdf");
	int n;
	assert_int_equal(paper_pdf_write(NULL, p, out, &d, &n), 0);
	assert_int_equal(d.counts[DIAG_ERROR], 0);
	char *cmd = xasprintf("qpdf --check '%s' 2>&1", out);
	char *q = run_capture(cmd);
	assert_non_null(strstr(q, "No syntax or stream encoding errors"));
	free(q);
	free(cmd);
	cmd = xasprintf("pdftotext -enc UTF-8 '%s' - 2>/dev/null", out);
	char *t = run_capture(cmd);
	const char *order[] = {"한국어 논문 제목", "The English Title", "초록", "이것은 초록이다",
			       "Abstract", "This is the abstract", "1 서론", "나눔명조", "café",
			       "2 Method", "2.1 결과 분석", "항목"};
	const char *at = t;
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		const char *hit = strstr(at, order[i]);
		if (!hit)
			fail_msg("'%s' missing or out of order in:\n%s", order[i], t);
		at = hit;
	}
	free(t);
	free(cmd);
	/* The catalog says the language. */
	cmd = xasprintf("qpdf --show-object=trailer '%s' >/dev/null 2>&1 && "
			"qpdf --qdf --object-streams=disable '%s' - | grep -a -c '/Lang (ko)'",
			out, out);
	t = run_capture(cmd);
	assert_true(atoi(t) >= 1);
	free(t);
	free(cmd);
	free(out);
	paper_free(p);
	diag_free(&d);
}

/* Ligatures are drawn (the ToUnicode map has "fi" for U+FB01) and read
 * back as their letters, so the PDF is searched and copied as text. */
static void test_pdf_ligatures_read_as_letters(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct paper *p = make_paper("# Findings\n\nThe office offers fluffy, efficient figures.\n",
				     "en", "Affine flows", &d);
	char *out = path_join(tmpdir, "lig.pdf");
	assert_int_equal(paper_pdf_write(NULL, p, out, &d, NULL), 0);
	char *cmd = xasprintf("pdftotext -enc UTF-8 '%s' - 2>/dev/null", out);
	char *t = run_capture(cmd);
	assert_non_null(strstr(t, "The office offers fluffy, efficient figures."));
	assert_null(strstr(t, "\xEF\xAC")); /* no U+FB0x in the text */
	free(t);
	free(cmd);
	cmd = xasprintf("qpdf --qdf --object-streams=disable '%s' - | grep -a -c '<FB01> <00660069>'", out);
	t = run_capture(cmd);
	assert_true(atoi(t) >= 1);
	free(t);
	free(cmd);
	free(out);
	paper_free(p);
	diag_free(&d);
}

static void test_pdf_deterministic(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct paper *p = korean_paper(&d);
	char *a = path_join(tmpdir, "a.pdf"), *b = path_join(tmpdir, "b.pdf");
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(paper_pdf_write(NULL, p, a, &d, NULL), 0);
	assert_int_equal(paper_pdf_write(NULL, p, b, &d, NULL), 0);
	char *da, *db;
	size_t la, lb;
	assert_int_equal(read_file(a, 1 << 26, &da, &la), 0);
	assert_int_equal(read_file(b, 1 << 26, &db, &lb), 0);
	assert_true(la == lb && memcmp(da, db, la) == 0);
	assert_null(strstr(da, "CreationDate"));
	free(da);
	free(db);
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	assert_int_equal(paper_pdf_write(NULL, p, a, &d, NULL), 0);
	assert_int_equal(paper_pdf_write(NULL, p, b, &d, NULL), 0);
	assert_int_equal(read_file(a, 1 << 26, &da, &la), 0);
	assert_int_equal(read_file(b, 1 << 26, &db, &lb), 0);
	assert_true(la == lb && memcmp(da, db, la) == 0);
	char *cmd = xasprintf("qpdf --qdf --object-streams=disable '%s' - | grep -a -c "
			      "\"CreationDate (D:20260101000000Z\"", a);
	char *t = run_capture(cmd);
	assert_true(atoi(t) >= 1);
	free(t);
	free(cmd);
	unsetenv("SOURCE_DATE_EPOCH");
	free(da);
	free(db);
	free(a);
	free(b);
	paper_free(p);
	diag_free(&d);
}

/* The volume builder's use: papers in sequence in one document, numbered on
 * from where the last stopped, each a bookmark over its sections, after a
 * front-matter page numbered in roman. */
static void test_papers_in_sequence(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	char *text = repeat_paragraphs(30, "Para %d.");
	char *md = xasprintf("# Intro\n\n%s# End\n\nDone.\n", text);
	struct paper *a = make_paper(md, "en", "First Paper", &d);
	struct paper *b = make_paper(md, "en", "Second Paper", &d);
	struct typesetter *ts = ts_new(NULL, &d);
	ts_set_outline_level(ts, 1);
	struct layout_doc *doc = ts_doc(ts);
	struct layout_page *front = layout_add_page(doc, 595, 842, 1);
	front->numbering = LAYOUT_ROMAN;
	int na = ts_paper(ts, a, 1, &d);
	int nb = ts_paper(ts, b, 1 + na, &d);
	assert_int_equal((int)doc->npages, 1 + na + nb);
	for (size_t i = 1; i < doc->npages; i++)
		assert_int_equal(doc->pages[i].number, (int)i);
	const struct dl_item *it;
	long pa = find_kind(doc, DL_OUTLINE, "First Paper", &it);
	assert_int_equal(pa, 1);
	assert_int_equal(it->ref, 1);
	assert_int_equal(find_kind(doc, DL_OUTLINE, "Second Paper", &it), 1 + na);
	assert_int_equal(it->ref, 1);
	assert_true(find_kind(doc, DL_OUTLINE, "1 Intro", &it) >= 0);
	assert_int_equal(it->ref, 2);
	/* The second paper's citation line gives its own pages. */
	char *want = xasprintf("%d", 1 + na);
	assert_true(find_text(doc, want, NULL) >= 0);
	free(want);
	char *out = path_join(tmpdir, "vol.pdf");
	char err[256];
	assert_int_equal(pdfdev_write(doc, out, err, sizeof err), 0);
	char *cmd = xasprintf("qpdf --json=2 --json-key=pagelabels '%s'", out);
	char *js = run_capture(cmd);
	assert_non_null(strstr(js, "\"/S\": \"/r\""));
	assert_non_null(strstr(js, "\"/S\": \"/D\""));
	free(js);
	free(cmd);
	free(out);
	ts_free(ts);
	paper_free(a);
	paper_free(b);
	diag_free(&d);
	free(md);
	free(text);
}

static void test_page_limit(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	char *text = repeat_paragraphs(80, "Paragraph %d.");
	struct paper *p = make_paper(text, "en", "Long", &d);
	struct volume v;
	volume_init(&v, 1);
	v.policy.max_pages = 2;
	int n = paper_layout_pages(&v, p, &d);
	assert_true(n > 2);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, R_PAGE_LIMIT);
	v.policy.max_pages = n;
	diag_free(&d);
	diag_init(&d);
	assert_int_equal(paper_layout_pages(&v, p, &d), n);
	assert_int_equal(d.n, 0);
	volume_done(&v);
	paper_free(p);
	diag_free(&d);
	free(text);
}

static int group_setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/quire-layout-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widows_orphans_headings),
		cmocka_unit_test(test_tall_title_block),
		cmocka_unit_test(test_table_repeats_header),
		cmocka_unit_test(test_figure_floats),
		cmocka_unit_test(test_text_before_figures_stays),
		cmocka_unit_test(test_bad_image),
		cmocka_unit_test(test_footnote_on_its_page),
		cmocka_unit_test(test_note_inside_a_note),
		cmocka_unit_test(test_long_footnote_splits),
		cmocka_unit_test(test_note_split_keeps_two_lines),
		cmocka_unit_test(test_links_and_outline),
		cmocka_unit_test(test_code_wraps),
		cmocka_unit_test(test_code_shading_has_no_seams),
		cmocka_unit_test(test_code_break_keeps_two_inked_lines),
		cmocka_unit_test(test_citation_year_is_the_volume_year),
		cmocka_unit_test(test_korean_affiliation_upright),
		cmocka_unit_test(test_two_columns),
		cmocka_unit_test(test_running_head),
		cmocka_unit_test(test_letter_paper),
		cmocka_unit_test(test_corpus_never_overfull),
		cmocka_unit_test(test_pathological_layout),
		cmocka_unit_test(test_pdf_checks_and_text_order),
		cmocka_unit_test(test_pdf_ligatures_read_as_letters),
		cmocka_unit_test(test_pdf_deterministic),
		cmocka_unit_test(test_papers_in_sequence),
		cmocka_unit_test(test_page_limit),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
