/* The volume at page level, judged from its display lists: roman front
 * matter then arabic pages from 1, continuous; papers on odd pages with
 * blank versos before them when needed; every destination name unique (so
 * papers cannot capture each other's links); each paper's first page
 * carries its destination and citation line; offprint page ranges match. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "proceedings/text.h"
#include "proceedings/diag.h"
#include "proceedings/model.h"
#include "proceedings/util.h"
#include "proceedings/volume.h"
#include "render/layout.h"
#include "render/typeset.h"
#include "render/volume_pdf.h"

static struct volume *vol;
static struct vpdf *vb;
static struct diag_list d;

static int setup(void **state)
{
	(void)state;
	diag_init(&d);
	vol = vol_load_checked("examples/volume", &d);
	if (!vol)
		return -1;
	vb = vpdf_typeset(vol, NULL, &d);
	return vb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	vpdf_free(vb);
	volume_free(vol);
	diag_free(&d);
	return 0;
}

static const struct layout_doc *doc(void)
{
	return ts_doc(vb->ts);
}

static void test_numbering(void **state)
{
	(void)state;
	const struct layout_doc *dc = doc();
	assert_int_equal(vb->npages, dc->npages);
	size_t i = 0;
	for (; i < dc->npages && dc->pages[i].numbering == LAYOUT_ROMAN; i++)
		assert_int_equal(dc->pages[i].number, (int)i + 1);
	size_t nfront = i;
	assert_true(nfront >= 4);
	assert_int_equal(nfront % 2, 0); /* page 1 is a right-hand page */
	for (; i < dc->npages; i++) {
		assert_int_equal(dc->pages[i].numbering, LAYOUT_DECIMAL);
		assert_int_equal(dc->pages[i].number, (int)(i - nfront) + 1);
	}
}

static bool has_dest(const struct layout_page *pg, const struct layout_doc *dc, const char *name)
{
	for (size_t k = 0; k < pg->n; k++)
		if (pg->items[k].kind == DL_DEST && str_eq(layout_strp(dc, pg->items[k].str), name))
			return true;
	return false;
}

static void test_papers_recto(void **state)
{
	(void)state;
	const struct layout_doc *dc = doc();
	int prev_last = 0;
	for (size_t i = 0; i < vol->npapers; i++) {
		const struct layout_page *first = &dc->pages[vb->page0[i]];
		assert_int_equal(first->number, vb->first[i]);
		assert_int_equal(dc->pages[vb->page1[i]].number, vb->last[i]);
		assert_int_equal(vb->first[i] % 2, 1);
		/* A blank verso only when the previous paper ended on an odd page. */
		if (vb->first[i] - prev_last == 2)
			assert_int_equal(dc->pages[vb->page0[i] - 1].n, 0);
		else
			assert_int_equal(vb->first[i], prev_last + 1);
		prev_last = vb->last[i];
		char *name = ts_paper_dest(vol->papers[i]->id);
		assert_true(has_dest(first, dc, name));
		free(name);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_dests_unique(void **state)
{
	(void)state;
	const struct layout_doc *dc = doc();
	const char **names = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < dc->npages; i++)
		for (size_t k = 0; k < dc->pages[i].n; k++)
			if (dc->pages[i].items[k].kind == DL_DEST) {
				names = xgrow(names, &cap, n + 1, sizeof *names);
				names[n++] = layout_strp(dc, dc->pages[i].items[k].str);
			}
	assert_true(n > vol->npapers);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 1; i < n; i++)
		if (str_eq(names[i - 1], names[i]))
			fail_msg("destination '%s' is defined twice", names[i]);
	free(names);
}

/* The citation line sits above the text block on a paper's first page, and
 * running heads on the others; nothing but the folio below the text. */
static void test_furniture(void **state)
{
	(void)state;
	const struct layout_doc *dc = doc();
	for (size_t i = 0; i < vol->npapers; i++) {
		const struct layout_page *pg = &dc->pages[vb->page0[i]];
		bool cite = false;
		for (size_t k = 0; k < pg->n; k++) {
			const struct dl_item *it = &pg->items[k];
			if (it->kind == DL_TEXT && it->y < 60 &&
			    strstr(layout_strp(dc, it->str), "In:"))
				cite = true;
		}
		assert_true(cite);
		if (vb->page1[i] > vb->page0[i]) {
			const struct layout_page *next = &dc->pages[vb->page0[i] + 1];
			bool head = false;
			for (size_t k = 0; k < next->n; k++)
				head = head || (next->items[k].kind == DL_TEXT && next->items[k].y < 70);
			assert_true(head);
		}
	}
}

/* Runs of spaces and punctuation leave room for badges drawn over them. */
static bool has_letter(const struct layout_doc *dc, const struct dl_item *it)
{
	const char *t = layout_strp(dc, it->str), *end = t + it->len;
	while (t < end) {
		unsigned c = text_next(&t);
		/* Accents and arrows are placed over letters on purpose (math). */
		bool mark = c == 0xA8 || c == 0xAF || c == 0xB4 || c == 0xB8 || (c >= 0x2B0 && c <= 0x36F) ||
			    (c >= 0x20D0 && c <= 0x20FF) || (c >= 0x2190 && c <= 0x21FF);
		bool space_or_punct = mark || (c < 0x80 ? !isalnum((int)c)
							: (c >= 0x2000 && c <= 0x206F) || c == 0xA0);
		if (!space_or_punct)
			return true;
	}
	return false;
}

static float lead_space(const struct layout_doc *dc, const struct dl_item *it)
{
	const char *t = layout_strp(dc, it->str), *end = t + it->len;
	int n = 0;
	while (t < end) {
		const char *at = t;
		unsigned c = text_next(&t);
		if (c != ' ' && c != 0xA0 && !(c >= 0x2000 && c <= 0x200B)) {
			t = at;
			break;
		}
		n++;
	}
	return (float)n * 0.3f * it->size;
}

/* No two pieces of text on any page of the volume are drawn over each
 * other (a front-matter page once drew its title twice). */
static void test_no_overprint(void **state)
{
	(void)state;
	const struct layout_doc *dc = doc();
	for (size_t pi = 0; pi < dc->npages; pi++) {
		const struct layout_page *pg = &dc->pages[pi];
		for (size_t a = 0; a < pg->n; a++) {
			const struct dl_item *x = &pg->items[a];
			if (x->kind != DL_TEXT || x->w <= 0 || !has_letter(dc, x))
				continue;
			for (size_t b = a + 1; b < pg->n; b++) {
				const struct dl_item *y = &pg->items[b];
				if (y->kind != DL_TEXT || y->w <= 0 || !has_letter(dc, y))
					continue;
				/* Boxes from 0.7 em above to 0.2 em below the baseline, without
				 * the leading spaces that badges are drawn into. */
				float x0 = x->x + lead_space(dc, x), y0 = y->x + lead_space(dc, y);
				float ox = fminf(x->x + x->w, y->x + y->w) - fmaxf(x0, y0);
				float oy = fminf(x->y + 0.2f * x->size, y->y + 0.2f * y->size) -
					   fmaxf(x->y - 0.7f * x->size, y->y - 0.7f * y->size);
				/* Kerning ("To", "Y.") brings letters closer than their
				 * advances: a quarter of an em is not an overprint. */
				float kern = 0.25f * fminf(x->size, y->size);
				if (ox > fmaxf(1.5f, kern) && oy > 1.0f)
					fail_msg("page %zu: '%.20s' (%.1f+%.1f) overprints '%.20s' (%.1f+%.1f)", pi + 1,
						 layout_strp(dc, x->str), (double)x->x, (double)x->w,
						 layout_strp(dc, y->str), (double)y->x, (double)y->w);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbering),
		cmocka_unit_test(test_papers_recto),
		cmocka_unit_test(test_dests_unique),
		cmocka_unit_test(test_furniture),
		cmocka_unit_test(test_no_overprint),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
