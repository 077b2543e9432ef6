/* Citations, cross-references and the reference list in both back ends:
 * the PDF (through pdftotext) and the HTML body show the same references
 * in the same order with the same labels, \autoref names figures the way
 * the captions number them, and only cited entries are listed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cmark-gfm.h>
#include <ctype.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proceedings/cite.h"
#include "proceedings/diag.h"
#include "proceedings/model.h"
#include "proceedings/paper.h"
#include "proceedings/refstyle.h"
#include "proceedings/resolve.h"
#include "proceedings/util.h"
#include "proceedings/xref.h"
#include "render/blocks.h"
#include "render/brk.h"
#include "render/font.h"
#include "render/galley.h"
#include "render/html_body.h"
#include "render/hyph.h"
#include "render/layout.h"
#include "render/pagebuild.h"
#include "render/pdfdev.h"
#include "render/style.h"

static const char *corpus(void)
{
	static const char *const c[] = {"../shared/corpus/joss", "/work/shared/corpus/joss"};
	for (size_t i = 0; i < 2; i++)
		if (access(c[i], R_OK) == 0)
			return c[i];
	return NULL;
}

static struct paper *load(const char *name, struct diag_list *d)
{
	const char *dir = corpus();
	if (!dir)
		return NULL;
	char *path = xasprintf("%s/%s/paper.md", dir, name);
	struct paper *p = paper_load(path, d);
	free(path);
	return p;
}

/* White space runs to one space, so line breaks do not matter. */
static char *squeeze(const char *s)
{
	struct strbuf b;
	sb_init(&b);
	bool sp = false;
	for (; s && *s; s++) {
		if (isspace((unsigned char)*s)) {
			sp = true;
			continue;
		}
		if (sp && b.len)
			sb_addc(&b, ' ');
		sp = false;
		sb_addc(&b, *s);
	}
	return sb_steal(&b);
}

/* The body set as ts_paper() sets it, with the resolved data, to text. */
static char *pdf_text(const struct paper *p)
{
	struct diag_list d;
	diag_init(&d);
	struct font_set *fs = font_set_open(NULL, NULL, &d);
	assert_non_null(fs);
	struct layout_doc *doc = layout_doc_new(fs);
	struct style st;
	style_init(&st, NULL);
	struct hyph *hy = hyph_open(NULL);
	struct brk *bk = brk_open();
	struct blk b;
	blk_init(&b, doc, &st, &d, hy, bk);
	blk_set_refs(&b, p->refs);
	struct galley body;
	gal_init(&body, 1);
	blk_markdown(&b, &body, &p->body, p->lang, st.col_w);
	assert_int_equal(b.stats.overfull, 0);
	struct pb pb;
	pb_init(&pb, doc, &st, 1);
	pb_new_page(&pb);
	pb_flow(&pb, &body, 1);
	char path[] = "/tmp/quire-refs-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char err[256];
	assert_int_equal(pdfdev_write(doc, path, err, sizeof err), 0);
	char *cmd = xasprintf("pdftotext -enc UTF-8 '%s' - 2>/dev/null", path);
	FILE *pp = popen(cmd, "r");
	struct strbuf out;
	sb_init(&out);
	char buf[4096];
	size_t k;
	while (pp && (k = fread(buf, 1, sizeof buf, pp)) > 0)
		sb_add(&out, buf, k);
	if (pp)
		pclose(pp);
	unlink(path);
	free(cmd);
	pb_free(&pb);
	gal_free(&body);
	blk_free(&b);
	brk_free(bk);
	hyph_free(hy);
	layout_doc_free(doc);
	diag_free(&d);
	char *s = squeeze(out.s);
	sb_free(&out);
	return s;
}

/* The HTML body's markup, and its text (white space squeezed) in *text. */
static char *html_of(const struct paper *p, char **text)
{
	struct html_body_opts o = {.base_level = 2, .lang = p->lang, .id_prefix = "",
				   .refs = p->refs};
	xmlNodePtr n = html_body(&p->body, &o);
	xmlBufferPtr buf = xmlBufferCreate();
	xmlNodeDump(buf, NULL, n, 0, 0);
	char *s = xstrdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlChar *t = xmlNodeGetContent(n);
	*text = squeeze((const char *)t);
	xmlFree(t);
	xmlFreeNode(n);
	return s;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The first words of an entry as both back ends print them. */
static char *entry_start(const struct ref *r)
{
	char *flat = refs_runs_flatten(r->runs, r->nruns);
	/* Up to the first markup or 25 bytes, at a character boundary. */
	size_t n = strcspn(flat, "*&<>");
	if (n > 25)
		n = 25;
	while (n && ((unsigned char)flat[n] & 0xC0) == 0x80)
		n--;
	char *s = xstrndup(flat, n);
	free(flat);
	char *q = squeeze(s);
	free(s);
	return q;
}

static void same_list_in_both(const char *name)
{
	struct diag_list d;
	diag_init(&d);
	struct paper *p = load(name, &d);
	if (!p)
		skip();
	assert_non_null(p->refs);
	size_t n = refs_count(p->refs);
	assert_true(n > 5);
	char *htext;
	char *pdf = pdf_text(p), *html = html_of(p, &htext);
	/* The HTML: one list item per entry, each with its anchor. */
	assert_int_equal(count(html, "<li id=\"ref-"), n);
	assert_int_equal(count(html, "class=\"q-references\""), 1);
	/* The PDF: every numeric label [1] ... [n] in the list, and nothing after. */
	const char *list = strstr(pdf, refs_title(p->refs));
	assert_non_null(list);
	for (size_t i = 0; i < n; i++) {
		char lab[32];
		snprintf(lab, sizeof lab, "[%s]", refs_at(p->refs, i)->label);
		if (!strstr(list, lab))
			fail_msg("%s: the PDF's list lacks %s", name, lab);
	}
	char over[32];
	snprintf(over, sizeof over, "[%zu] ", n + 1);
	assert_null(strstr(list, over));
	/* The same first and last entry in both. */
	for (size_t k = 0; k < 2; k++) {
		char *start = entry_start(refs_at(p->refs, k ? n - 1 : 0));
		if (!strstr(list, start))
			fail_msg("%s: the PDF lacks entry '%s'", name, start);
		const char *hl = strstr(htext, refs_title(p->refs));
		if (!hl || !strstr(hl, start))
			fail_msg("%s: the HTML lacks entry '%s'", name, start);
		free(start);
	}
	/* Citations link to the entries in both. */
	assert_true(count(html, "class=\"q-bibref\"") > 0);
	free(pdf);
	free(html);
	free(htext);
	paper_free(p);
	diag_free(&d);
}

static void test_pykoopman_references(void **state)
{
	(void)state;
	same_list_in_both("dynamicslab__pykoopman");
}

static void test_salib_references(void **state)
{
	(void)state;
	same_list_in_both("SALib__SALib");
}

static void collect_keys(cmark_node *doc, char ***keys, size_t *n, size_t *cap)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		const struct cite *c = ev == CMARK_EVENT_ENTER ? cite_of(cmark_iter_get_node(it)) : NULL;
		for (size_t i = 0; c && i < c->nitems; i++) {
			if (!c->items[i].ref)
				continue;
			bool seen = false;
			for (size_t k = 0; k < *n && !seen; k++)
				seen = str_eq((*keys)[k], c->items[i].key);
			if (!seen) {
				*keys = xgrow(*keys, cap, *n + 1, sizeof **keys);
				(*keys)[(*n)++] = c->items[i].key;
			}
		}
	}
	cmark_iter_free(it);
}

static void test_salib_lists_exactly_cited(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct paper *p = load("SALib__SALib", &d);
	if (!p)
		skip();
	char **keys = NULL;
	size_t n = 0, cap = 0;
	collect_keys(p->body.doc, &keys, &n, &cap);
	assert_int_equal(refs_count(p->refs), n);
	for (size_t i = 0; i < refs_count(p->refs); i++) {
		bool found = false;
		for (size_t k = 0; k < n && !found; k++)
			found = str_eq(keys[k], refs_at(p->refs, i)->key);
		assert_true(found);
	}
	free(keys);
	paper_free(p);
	diag_free(&d);
}

static void test_pysindy_autoref(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct paper *p = load("dynamicslab__pysindy", &d);
	if (!p)
		skip();
	char *htext;
	char *pdf = pdf_text(p), *html = html_of(p, &htext);
	size_t figs = 0;
	cmark_iter *it = cmark_iter_new(p->body.doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		const struct xref *x = ev == CMARK_EVENT_ENTER ? xref_of(cmark_iter_get_node(it)) : NULL;
		if (!x || x->kind != XREF_FIGURE || !x->target)
			continue;
		figs++;
		char *want = xasprintf("Figure %s", x->target->number);
		assert_string_equal(x->text, want);
		if (!strstr(pdf, want))
			fail_msg("PDF lacks '%s'", want);
		char *a = xasprintf("<a class=\"q-xref\" href=\"#%s\">%s</a>", x->target->anchor, want);
		if (!strstr(html, a))
			fail_msg("HTML lacks %s", a);
		/* The caption it points at carries the same number. */
		char *cap = xasprintf("%s:", want);
		assert_non_null(strstr(pdf, cap));
		assert_non_null(strstr(htext, cap));
		char *id = xasprintf("<figure class=\"q-figure\" id=\"%s\"", x->target->anchor);
		assert_non_null(strstr(html, id));
		free(id);
		free(cap);
		free(a);
		free(want);
	}
	cmark_iter_free(it);
	assert_true(figs >= 2);
	assert_null(strstr(pdf, "\\autoref"));
	assert_null(strstr(html, "\\autoref"));
	free(pdf);
	free(html);
	free(htext);
	paper_free(p);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pykoopman_references),
		cmocka_unit_test(test_salib_references),
		cmocka_unit_test(test_salib_lists_exactly_cited),
		cmocka_unit_test(test_pysindy_autoref),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
