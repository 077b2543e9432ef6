/* Fonts: fontconfig lookup, TrueType only, metrics in libharu's units,
 * per-character fallback between the Latin and Korean families, and the
 * R_GLYPH_MISSING / R_FONT_MISSING diagnostics. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/markdown.h"
#include "proceedings/model.h"
#include "proceedings/util.h"
#include "render/font.h"
#include "render/layout.h"
#include "render/typeset.h"

static bool path_has(const struct font_set *fs, int id, const char *needle)
{
	return id >= 0 && strstr(font_face(fs, id)->path, needle) != NULL;
}

static void test_defaults_found(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct font_set *fs = font_set_open(NULL, NULL, &d);
	assert_non_null(fs);
	assert_int_equal(d.n, 0);
	assert_true(path_has(fs, font_id(fs, FONT_SERIF, 0), "DejaVuSerif.ttf"));
	assert_true(path_has(fs, font_id(fs, FONT_SERIF, FONT_ITALIC), "DejaVuSerif-Italic.ttf"));
	assert_true(path_has(fs, font_id(fs, FONT_SERIF, FONT_BOLD), "DejaVuSerif-Bold.ttf"));
	assert_true(path_has(fs, font_id(fs, FONT_SERIF, FONT_BOLD | FONT_ITALIC),
			     "DejaVuSerif-BoldItalic.ttf"));
	assert_true(path_has(fs, font_id(fs, FONT_SANS, FONT_BOLD), "DejaVuSans-Bold.ttf"));
	assert_true(path_has(fs, font_id(fs, FONT_MONO, 0), "DejaVuSansMono.ttf"));
	assert_true(path_has(fs, font_id(fs, FONT_HANGUL, 0), "NanumMyeongjo.ttf"));
	assert_true(path_has(fs, font_id(fs, FONT_HANGUL, FONT_BOLD), "NanumMyeongjoBold.ttf"));
	/* Hangul has no italic: the upright face stands in. */
	assert_int_equal(font_id(fs, FONT_HANGUL, FONT_ITALIC), font_id(fs, FONT_HANGUL, 0));
	assert_true(path_has(fs, font_id(fs, FONT_HANGUL_SANS, 0), "NanumGothic.ttf"));
	/* One id per file. */
	for (int i = 0; i < font_count(fs); i++)
		for (int j = i + 1; j < font_count(fs); j++)
			assert_string_not_equal(font_face(fs, i)->path, font_face(fs, j)->path);
	font_set_free(fs);
	diag_free(&d);
}

static void test_metrics(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct font_set *fs = font_set_open(NULL, NULL, &d);
	int serif = font_id(fs, FONT_SERIF, 0);
	/* DejaVu Serif: 2048 units per em; space 651 → 317 (libharu truncates). */
	assert_int_equal(font_advance(fs, serif, ' '), 317);
	assert_int_equal(font_advance(fs, serif, 'm'), 948);
	/* Mono: every ASCII glyph the same width. */
	int mono = font_id(fs, FONT_MONO, 0);
	assert_int_equal(font_advance(fs, mono, 'i'), font_advance(fs, mono, 'W'));
	/* No glyph: -1; outside the BMP: -1 whatever the font. */
	assert_int_equal(font_advance(fs, serif, 0xAC00), -1);
	assert_int_equal(font_advance(fs, serif, 0x1F600), -1);
	const struct font_face *f = font_face(fs, serif);
	assert_true(f->ascent > 700 && f->ascent < 1000);
	assert_true(f->descent > 150 && f->descent < 300);
	font_set_free(fs);
	diag_free(&d);
}

/* Kerning from the fonts' kern tables: DejaVu Serif moves "T" and "o"
 * together by 159/2048 em; plain pairs and Korean faces have none. */
static void test_kerning(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct font_set *fs = font_set_open(NULL, NULL, &d);
	int serif = font_id(fs, FONT_SERIF, 0);
	assert_int_equal(font_kern(fs, serif, 'T', 'o'), -77);
	assert_int_equal(font_kern(fs, serif, 'T', 'o'), -77); /* cached */
	assert_int_equal(font_kern(fs, serif, 'A', 'V'), -49);
	assert_int_equal(font_kern(fs, serif, 'o', 'n'), 0);
	int hangul = font_for_char(fs, FONT_SERIF, 0, 0xAC00);
	assert_true(hangul >= 0 && hangul != serif);
	assert_int_equal(font_kern(fs, hangul, 0xAC00, 0xAC01), 0);
	assert_int_equal(font_kern(fs, -1, 'T', 'o'), 0);
	font_set_free(fs);
	diag_free(&d);
}

static void test_fallback(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct font_set *fs = font_set_open(NULL, NULL, &d);
	int serif = font_id(fs, FONT_SERIF, 0), nanum = font_id(fs, FONT_HANGUL, 0);
	/* Hangul in a Latin run goes to Nanum... */
	assert_int_equal(font_for_char(fs, FONT_SERIF, 0, 0xD55C), nanum); /* 한 */
	assert_int_equal(font_for_char(fs, FONT_SERIF, FONT_BOLD, 0xD55C),
			 font_id(fs, FONT_HANGUL, FONT_BOLD));
	assert_int_equal(font_for_char(fs, FONT_SANS, 0, 0xD55C), font_id(fs, FONT_HANGUL_SANS, 0));
	assert_int_equal(font_for_char(fs, FONT_MONO, 0, 0xD55C), font_id(fs, FONT_HANGUL_SANS, 0));
	/* ...and é or the ﬁ ligature in a Hangul run go to the Latin font. */
	assert_int_equal(font_for_char(fs, FONT_HANGUL, 0, 0xE9), serif);
	assert_int_equal(font_for_char(fs, FONT_HANGUL, 0, 0xFB01), serif);
	assert_int_equal(font_for_char(fs, FONT_HANGUL, 0, 0xD55C), nanum);
	/* Latin keeps its own family and style. */
	assert_int_equal(font_for_char(fs, FONT_SERIF, FONT_ITALIC, 'a'),
			 font_id(fs, FONT_SERIF, FONT_ITALIC));
	/* A sign only another family has: ↪ is in the mono font. */
	assert_true(font_for_char(fs, FONT_MONO, 0, 0x21AA) >= 0);
	/* Nothing has it. */
	assert_int_equal(font_for_char(fs, FONT_SERIF, 0, 0x0F00), -1);
	assert_int_equal(font_for_char(fs, FONT_SERIF, 0, 0x20000), -1);
	/* Beyond the BMP too: DejaVu Sans has the smiley the serif lacks. */
	assert_int_equal(font_for_char(fs, FONT_SERIF, 0, 0x1F600), font_id(fs, FONT_SANS, 0));
	assert_true(font_ignorable(0x200B) && font_ignorable(0xAD) && !font_ignorable('a'));
	font_set_free(fs);
	diag_free(&d);
}

static void test_font_missing(void **state)
{
	(void)state;
	struct layout_policy lp;
	layout_policy_defaults(&lp);
	char *saved = lp.font_sans;
	lp.font_sans = xstrdup("No Such Family Quire");
	struct diag_list d;
	diag_init(&d);
	struct srcpos where = {"volume.yaml", 0, 0};
	struct font_set *fs = font_set_open(&lp, &where, &d);
	/* A missing family is reported and replaced by the serif. */
	assert_non_null(fs);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, R_FONT_MISSING);
	assert_non_null(strstr(d.v[0].msg, "No Such Family Quire"));
	assert_int_equal(font_id(fs, FONT_SANS, 0), font_id(fs, FONT_SERIF, 0));
	font_set_free(fs);
	/* Without the serif there is nothing to set text in. */
	free(lp.font_serif);
	lp.font_serif = xstrdup("Neither This One");
	diag_free(&d);
	diag_init(&d);
	assert_null(font_set_open(&lp, &where, &d));
	assert_int_equal(d.counts[DIAG_ERROR], 2);
	free(lp.font_sans);
	lp.font_sans = saved;
	free(lp.paper);
	free(lp.font_serif);
	free(lp.font_sans);
	free(lp.font_mono);
	free(lp.font_hangul);
	free(lp.font_hangul_sans);
	free(lp.citation_style);
	diag_free(&d);
}

/* ---- missing glyphs, reported at their line ------------------------------- */

static struct paper *paper_from(const char *md, struct diag_list *d)
{
	struct paper *p = xcalloc(1, sizeof *p);
	p->title.v = xcalloc(1, sizeof *p->title.v);
	p->title.v[0].text = xstrdup("Glyphs");
	p->title.n = 1;
	p->lang = xstrdup("en");
	p->path = xstrdup("papers/g/paper.md");
	p->body.path = xstrdup("papers/g/paper.md");
	p->body.dir = xstrdup("papers/g");
	p->body.text = xstrdup(md);
	p->body.len = strlen(md);
	md_parse(&p->body, d);
	return p;
}

static const struct diag *find_diag(const struct diag_list *d, int line, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule == R_GLYPH_MISSING && d->v[i].line == line &&
		    strstr(d->v[i].msg, needle))
			return &d->v[i];
	return NULL;
}

static void test_glyph_missing_lines(void **state)
{
	(void)state;
	const char *md = "# Title\n"                                  /* 1 */
			 "\n"                                          /* 2 */
			 "A first line of a paragraph\n"               /* 3 */
			 "and an ideograph \xF0\xA0\x80\x80 on line four,\n" /* 4 */
			 "then a Tibetan om \xE0\xBC\x80 on line five.\n" /* 5 */
			 "\n"                                          /* 6 */
			 "- a list item with \xF0\xA0\x80\x80 too\n"  /* 7 */
			 "\n"                                          /* 8 */
			 "```\n"                                       /* 9 */
			 "code \xE0\xBC\x80\n"                         /* 10 */
			 "```\n"                                       /* 11 */
			 "\n"                                          /* 12 */
			 "| a | b |\n|---|---|\n| \xE0\xBC\x80 | x |\n"; /* 13-15 */
	struct diag_list d;
	diag_init(&d);
	struct paper *p = paper_from(md, &d);
	struct typesetter *ts = ts_new(NULL, &d);
	assert_non_null(ts);
	ts_paper(ts, p, 1, &d);
	const struct diag *g;
	assert_non_null(g = find_diag(&d, 4, "U+20000"));
	assert_string_equal(g->file, "papers/g/paper.md");
	assert_int_equal(g->col, 18);
	assert_non_null(strstr(g->msg, "\xF0\xA0\x80\x80"));
	assert_non_null(g = find_diag(&d, 5, "U+0F00"));
	assert_int_equal(g->col, 19);
	assert_non_null(find_diag(&d, 7, "U+20000"));
	assert_non_null(find_diag(&d, 10, "U+0F00"));
	assert_non_null(find_diag(&d, 15, "U+0F00"));
	assert_int_equal(d.counts[DIAG_ERROR], 5);
	/* The page shows a replacement character, not an empty box. */
	const struct layout_doc *doc = ts_doc(ts);
	bool fffd = false;
	for (size_t pi = 0; pi < doc->npages; pi++)
		for (size_t i = 0; i < doc->pages[pi].n; i++) {
			const struct dl_item *it = &doc->pages[pi].items[i];
			if (it->kind == DL_TEXT && strstr(layout_strp(doc, it->str), "\xEF\xBF\xBD"))
				fffd = true;
		}
	assert_true(fffd);
	ts_free(ts);
	paper_free(p);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_found),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_kerning),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_font_missing),
		cmocka_unit_test(test_glyph_missing_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
