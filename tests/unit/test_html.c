/* Unit tests for the HTML archive: the template engine (escaping, each,
 * if/unless, attributes, refusals, override lookup), the Markdown body
 * writer (tables, footnotes, figures, raw HTML and unsafe links), JSON
 * escaping, and a whole-site check: the sample archive is built twice (it
 * must be byte-identical), every page must parse with libxml2's HTML
 * parser and every internal href/src must resolve.  With QUIRE_SITE set,
 * the site check runs on that folder instead (tests/e2e/html-archive.sh). */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proceedings/archive.h"
#include "proceedings/check.h"
#include "proceedings/markdown.h"
#include "proceedings/paper.h"
#include "proceedings/util.h"
#include "proceedings/volume.h"
#include "render/html_body.h"
#include "render/html_int.h"
#include "render/html_site.h"
#include "render/tpl.h"

/* ---- helpers ---- */

static char *expand(const char *tpl_text, const struct tv *data)
{
	struct diag_list d;
	diag_init(&d);
	struct tpl *t = tpl_parse("test.html", tpl_text, strlen(tpl_text), &d);
	assert_non_null(t);
	char *out = tpl_render(t, data, NULL, &d);
	assert_non_null(out);
	assert_int_equal(d.n, 0);
	/* the root element alone, without the doctype and the final newline */
	const char *doctype = "<!DOCTYPE html>\n";
	assert_true(str_starts(out, doctype));
	size_t n = strlen(out) - strlen(doctype) - 1;
	memmove(out, out + strlen(doctype), n);
	out[n] = '\0';
	tpl_free(t);
	diag_free(&d);
	return out;
}

/* A template written for text or a list, given HTML (as an older
 * paper.html is given today's abstract), says which directive takes it. */
static void tpl_tree_where_text_was(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	const char *src = "<html><body><p data-q-each=\"abstract\" data-q-text=\".\"></p></body></html>";
	struct tpl *t = tpl_parse("old.html", src, strlen(src), &d);
	assert_non_null(t);
	struct tv *data = tv_map();
	xmlNodePtr div = xmlNewNode(NULL, BAD_CAST "div");
	xmlAddChild(div, xmlNewText(BAD_CAST "An abstract."));
	tv_set(data, "abstract", tv_html(div));
	char *out = tpl_render(t, data, NULL, &d);
	free(out);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_non_null(strstr(d.v[0].msg, "inserted with data-q-html"));
	tv_free(data);
	tpl_free(t);
	diag_free(&d);
}

static bool refused(const char *tpl_text)
{
	struct diag_list d;
	diag_init(&d);
	struct tpl *t = tpl_parse("bad.html", tpl_text, strlen(tpl_text), &d);
	bool r = t == NULL && diag_count(&d, DIAG_ERROR) > 0;
	/* Every refusal is reported under its own rule, template-invalid. */
	for (size_t i = 0; i < d.n; i++)
		r = r && d.v[i].rule == R_TEMPLATE;
	tpl_free(t);
	diag_free(&d);
	return r;
}

static int rm_entry(const char *p, const struct stat *st, int f, struct FTW *w)
{
	(void)st, (void)f, (void)w;
	return remove(p);
}

static void rm_tree(const char *p)
{
	nftw(p, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ---- template engine ---- */

static void tpl_escapes_text_and_attributes(void **state)
{
	(void)state;
	struct tv *d = tv_map();
	tv_set_str(d, "v", "<b>&\"x\"</b>");
	char *out = expand("<p data-q-text=\"v\" data-q-attr-title=\"v\">old</p>", d);
	assert_string_equal(out, "<p title=\"&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;\">"
				 "&lt;b&gt;&amp;\"x\"&lt;/b&gt;</p>");
	free(out);
	/* An entity-like value stays text: no markup is ever parsed from data. */
	tv_set_str(d, "v", "&amp; <!-- c --> <script>alert(1)</script>");
	out = expand("<div><span data-q-text=\"v\"/><a data-q-attr-href=\"v\">x</a></div>", d);
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<!--"));
	assert_non_null(strstr(out, "&amp;amp;"));
	free(out);
	tv_free(d);
}

static void tpl_each_if_unless(void **state)
{
	(void)state;
	struct tv *d = tv_map();
	struct tv *list = tv_set(d, "items", tv_list());
	const char *names[] = {"a", "b", "c"};
	for (int i = 0; i < 3; i++) {
		struct tv *m = tv_push(list, tv_map());
		tv_set_str(m, "name", names[i]);
		if (i == 1)
			tv_set_str(m, "url", "b.html");
	}
	struct tv *words = tv_set(d, "words", tv_list());
	tv_push(words, tv_str("x"));
	tv_push(words, tv_str("y"));
	tv_set_str(d, "title", "T");
	tv_set_str(d, "empty", "");
	char *out = expand("<ul>"
			   "<li data-q-each=\"items\"><a data-q-if=\"url\" data-q-attr-href=\"url\" data-q-text=\"name\"/>"
			   "<span data-q-unless=\"url\" data-q-text=\"name\"/></li>"
			   "<li data-q-each=\"words\" data-q-text=\".\"/>"
			   "<li data-q-each=\"missing\">never</li>"
			   "<li data-q-if=\"empty\">no</li><li data-q-unless=\"empty\" data-q-text=\"title\">no</li>"
			   "</ul>",
			   d);
	assert_string_equal(out, "<ul><li><span>a</span></li><li><a href=\"b.html\">b</a></li>"
				 "<li><span>c</span></li><li>x</li><li>y</li><li>T</li></ul>");
	free(out);
	tv_free(d);
}

static void tpl_attr_absent_removed_and_void_elements(void **state)
{
	(void)state;
	struct tv *d = tv_map();
	tv_set_str(d, "src", "a b.png");
	struct tv *ui = tv_set(d, "ui", tv_map());
	tv_set_str(ui, "alt", "Alt");
	char *out = expand("<div><img src=\"placeholder\" data-q-attr-src=\"src\" data-q-attr-alt=\"ui.alt\"/>"
			   "<a href=\"x\" data-q-attr-href=\"nothing\">k</a><br/><script src=\"s.js\"/></div>",
			   d);
	assert_string_equal(out, "<div><img src=\"a b.png\" alt=\"Alt\"><a>k</a><br><script src=\"s.js\"></script></div>");
	free(out);
	tv_free(d);
}

/* A lazy list renders exactly as the same items pushed one by one, makes
 * each item only when it is written, and frees what it made (ASan checks). */
static int made_count;

static struct tv *make_item(void *ctx, size_t i)
{
	made_count++;
	struct tv *m = tv_map();
	char name[32];
	snprintf(name, sizeof name, "%s %zu <&>", (const char *)ctx, i);
	tv_set_str(m, "name", name);
	return m;
}

static void tpl_lazy_list_renders_like_a_list(void **state)
{
	(void)state;
	const char *tpl = "<ul data-q-if=\"xs\"><li data-q-each=\"xs\" data-q-text=\"name\"/></ul>";
	struct tv *eager = tv_map(), *lazy = tv_map(), *empty = tv_map();
	struct tv *list = tv_set(eager, "xs", tv_list());
	for (size_t i = 0; i < 3; i++)
		tv_push(list, make_item("item", i));
	made_count = 0;
	tv_set(lazy, "xs", tv_lazy_list(3, make_item, "item", NULL));
	tv_set(empty, "xs", tv_lazy_list(0, make_item, "item", NULL));
	char *a = expand(tpl, eager), *b = expand(tpl, lazy), *c = expand(tpl, empty);
	assert_string_equal(a, b);
	assert_string_equal(a, "<ul><li>item 0 &lt;&amp;&gt;</li><li>item 1 &lt;&amp;&gt;</li>"
			       "<li>item 2 &lt;&amp;&gt;</li></ul>");
	assert_int_equal(made_count, 3);
	assert_string_equal(c, ""); /* an empty lazy list is absent for data-q-if */
	assert_null(tv_item(tv_get(lazy, "xs"), 0));
	free(a);
	free(b);
	free(c);
	tv_free(eager);
	tv_free(lazy);
	tv_free(empty);
}

/* A sink that keeps every piece, to count them and join them. */
struct pieces {
	struct strbuf all;
	size_t n;
};

static int keep_piece(void *ctx, const char *s, size_t len)
{
	struct pieces *p = ctx;
	sb_add(&p->all, s, len);
	p->n++;
	return 0;
}

static void tpl_streams_pages_and_inserts_templates(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	const char *base_src = "<html><body><main data-q-html=\"content\"/><p data-q-text=\"ui.k\"/></body></html>";
	const char *inner_src = "<ul><li data-q-each=\"xs\" data-q-text=\"name\"/></ul>";
	struct tpl *base = tpl_parse("base.html", base_src, strlen(base_src), &d);
	struct tpl *inner = tpl_parse("inner.html", inner_src, strlen(inner_src), &d);
	assert_non_null(base);
	assert_non_null(inner);
	/* A shared map, borrowed by the page. */
	struct tv *ui = tv_map();
	tv_set_str(ui, "k", "shared");
	struct tv *data = tv_map();
	tv_set(data, "ui", tv_borrow(ui));
	tv_set(data, "xs", tv_lazy_list(20000, make_item, "item", NULL));
	struct tv *two = tv_map();
	tv_set(two, "ui", tv_borrow(ui));
	tv_set(two, "xs", tv_lazy_list(20000, make_item, "item", NULL));
	/* The content inserted where the base names it, the page streamed. */
	tv_set(data, "content", tpl_value(inner, data));
	tv_set(two, "content", tpl_render_value(inner, two, &d));
	struct pieces p = {0};
	sb_init(&p.all);
	struct tpl_sink sink = {keep_piece, &p};
	assert_int_equal(tpl_render_to(base, data, &sink, &d), 0);
	char *whole = tpl_render(base, two, NULL, &d);
	assert_string_equal(p.all.s, whole); /* the same page, in pieces */
	assert_true(p.n > 5);                /* ~600 KB went out in 64 KB pieces */
	assert_non_null(strstr(whole, "<p>shared</p>"));
	assert_int_equal(d.n, 0);
	free(whole);
	sb_free(&p.all);
	tv_free(data);
	tv_free(two);
	tv_free(ui); /* still whole: the pages only borrowed it */
	/* A template that inserts itself is reported, not followed. */
	struct tv *loop = tv_map();
	tv_set(loop, "content", tpl_value(base, loop));
	struct pieces q = {0};
	sb_init(&q.all);
	struct tpl_sink sink2 = {keep_piece, &q};
	assert_int_equal(tpl_render_to(base, loop, &sink2, &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	sb_free(&q.all);
	tv_free(loop);
	tpl_free(base);
	tpl_free(inner);
	diag_free(&d);
}

static void tpl_raw_markup_is_written_as_it_is(void **state)
{
	(void)state;
	xmlNodePtr h = xmlNewNode(NULL, BAD_CAST "h2");
	xmlAddChild(h, xmlNewText(BAD_CAST "Energy <"));
	xmlAddChild(h, tpl_raw_markup("<math><mi>E</mi><mo>&lt;</mo><mi>m</mi></math>"));
	size_t len;
	char *html = tpl_serialize_node(h, &len);
	assert_string_equal(html, "<h2>Energy &lt;<math><mi>E</mi><mo>&lt;</mo><mi>m</mi></math></h2>");
	char *text = tpl_node_text(h);
	assert_string_equal(text, "Energy <E<m");
	free(html);
	free(text);
	xmlFreeNode(h);
}

static void tpl_html_inserts_built_nodes(void **state)
{
	(void)state;
	struct tv *d = tv_map();
	xmlNodePtr frag = xmlNewNode(NULL, BAD_CAST "div");
	xmlNodePtr em = xmlNewChild(frag, NULL, BAD_CAST "em", NULL);
	xmlAddChild(em, xmlNewText(BAD_CAST "<i>"));
	tv_set(d, "body", tv_html(frag));
	tv_set_str(d, "json", "{\"a\":\"</script>\"}");
	char *out = expand("<main><div data-q-html=\"body\">old</div>"
			   "<script type=\"application/ld+json\" data-q-text=\"json\"/></main>",
			   d);
	assert_string_equal(out, "<main><div><em>&lt;i&gt;</em></div>\n"
				 "<script type=\"application/ld+json\">{\"a\":\"<\\/script>\"}</script></main>");
	free(out);
	tv_free(d);
}

static void tpl_refuses_bad_templates(void **state)
{
	(void)state;
	assert_true(refused("<p>unclosed"));
	assert_true(refused("<p>&nbsp;</p>"));
	assert_true(refused("<!DOCTYPE html [<!ENTITY x \"boom\">]><p>&x;</p>"));
	assert_true(refused("<!DOCTYPE html SYSTEM \"http://example.org/x.dtd\"><p/>"));
	assert_true(refused("<p data-q-txt=\"title\"/>"));
	assert_true(refused("<p data-q-text=\"\"/>"));
	assert_false(refused("<!DOCTYPE html><html><body data-q-text=\"x\"/></html>"));
}

static void tpl_document_is_html5(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	const char *src = "<!DOCTYPE html>\n<!-- note -->\n<html lang=\"en\" data-q-attr-lang=\"lang\">"
			  "<head><meta charset=\"utf-8\"/><title data-q-text=\"t\"/></head><body/></html>";
	struct tpl *t = tpl_parse("doc.html", src, strlen(src), &d);
	assert_non_null(t);
	struct tv *data = tv_map();
	tv_set_str(data, "lang", "ko");
	tv_set_str(data, "t", "한국어 제목");
	char *out = tpl_render(t, data, NULL, &d);
	assert_string_equal(out, "<!DOCTYPE html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\">\n"
				 "<title>한국어 제목</title></head><body></body></html>\n");
	free(out);
	tv_free(data);
	tpl_free(t);
	diag_free(&d);
}

static void tpl_find_prefers_override(void **state)
{
	(void)state;
	char dir[] = "/tmp/quire-tpl-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *home = path_join(dir, "home.html");
	write_text(home, "<div/>");
	char *found = tpl_find(dir, "home.html");
	assert_string_equal(found, home);
	free(found);
	found = tpl_find(dir, "paper.html"); /* not overridden: the default */
	assert_non_null(found);
	assert_true(str_ends(found, "templates/paper.html"));
	free(found);
	assert_null(tpl_find(dir, "../home.html"));
	assert_null(tpl_find(dir, "no-such-template.html"));
	free(home);
	rm_tree(dir);
}

/* ---- body ---- */

static const unsigned char tiny_png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00};

static char *render_md(const char *dir, const char *text, struct html_files *files)
{
	struct markdown m = {0};
	m.path = path_join(dir, "paper.md");
	m.dir = xstrdup(dir);
	m.text = xstrdup(text);
	m.len = strlen(text);
	struct diag_list d;
	diag_init(&d);
	md_parse(&m, &d);
	struct html_body_opts o = {.base_level = 2, .lang = "en", .id_prefix = "", .files = files};
	xmlNodePtr body = html_body(&m, &o);
	char *out = tpl_serialize_node(body, NULL);
	xmlFreeNode(body);
	markdown_free(&m);
	diag_free(&d);
	return out;
}

/* GFM's extensions in a body: bare www., URL and e-mail autolinks,
 * strikethrough and tables; a citation's "@key" is never an address. */
static void gfm_extensions(void **state)
{
	(void)state;
	char dir[] = "/tmp/quire-gfm-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct html_files files = {0};
	html_files_reserve(&files, "index.html");
	char *plain = render_md(dir, "We write: what was [@key; @other], well.\n", &files);
	assert_null(strstr(plain, "<a "));
	assert_null(strstr(plain, "<del>"));
	free(plain);
	char *out = render_md(dir,
			      "Visit www.example.org or https://example.org/x, write to jo.kim@example.org; "
			      "~~old~~ and\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
			      &files);
	assert_non_null(strstr(out, "<a href=\"http://www.example.org\">www.example.org</a>"));
	assert_non_null(strstr(out, "<a href=\"https://example.org/x\">https://example.org/x</a>"));
	assert_non_null(strstr(out, "<a href=\"mailto:jo.kim@example.org\">jo.kim@example.org</a>"));
	assert_non_null(strstr(out, "<del>old</del>"));
	assert_non_null(strstr(out, "<table"));
	free(out);
	html_files_free(&files);
	rm_tree(dir);
}

/* An align whose rows carry labels: each number and id ends its own row
 * of the MathML table, where the PDF sets them too; a single equation
 * keeps its number beside the formula. */
static void body_numbers_align_rows(void **state)
{
	(void)state;
	char dir[] = "/tmp/quire-rows-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *md = path_join(dir, "paper.md");
	write_text(md, "---\ntitle: Rows\n---\n\n"
		       "\\begin{equation}\\label{eq:one}\nE = mc^2\n\\end{equation}\n\n"
		       "\\begin{align}\na &= b \\label{eq:a} \\\\\n  &= c \\nonumber \\\\\n"
		       "d &= e \\label{eq:d}\n\\end{align}\n\nSee \\eqref{eq:d}.\n");
	struct diag_list d;
	diag_init(&d);
	struct paper *p = paper_load(md, &d);
	assert_non_null(p);
	struct html_body_opts o = {.base_level = 2, .lang = "en", .id_prefix = "", .refs = p->refs};
	xmlNodePtr body = html_body(&p->body, &o);
	char *out = tpl_serialize_node(body, NULL);
	assert_non_null(strstr(out, "<span class=\"q-eqno\">(1)</span>"));
	const char *a = strstr(out, "<mtd class=\"q-eqrow\" id=\"eq-a\"><mtext>(2)</mtext></mtd></mtr>");
	const char *empty = strstr(out, "<mtd class=\"q-eqrow\"></mtd></mtr>");
	const char *e = strstr(out, "<mtd class=\"q-eqrow\" id=\"eq-d\"><mtext>(3)</mtext></mtd></mtr>");
	assert_non_null(a);
	assert_non_null(empty);
	assert_non_null(e);
	assert_true(a < empty && empty < e);
	assert_null(strstr(out, "q-eqno\">(2)"));
	assert_non_null(strstr(out, "href=\"#eq-d\">(3)</a>"));
	free(out);
	xmlFreeNode(body);
	paper_free(p);
	diag_free(&d);
	unlink(md);
	free(md);
	rmdir(dir);
}

static void body_renders_and_sanitises(void **state)
{
	(void)state;
	char dir[] = "/tmp/quire-body-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *png = path_join(dir, "fig.png");
	FILE *f = fopen(png, "wb");
	fwrite(tiny_png, 1, sizeof tiny_png, f);
	fclose(f);
	const char *md =
		"# Intro {#sec:intro}\n\n"
		"Text with a note[^n] and *em*, **strong**, `code`, ~~gone~~.\n"
		"[bad](javascript:alert(1)) [good](https://example.org/?a=1&b=2) [mail](mailto:a@b.org)\n"
		"[data](data:text/html,<script>x</script>) [up](../secret.txt) [frag](#sec:intro)\n\n"
		"<script>alert('raw')</script>\n\n"
		"Inline <img src=x onerror=alert(1)> html.\n\n"
		"![A *small* figure](fig.png){#fig:one}\n\n"
		"![Missing](nowhere.png)\n\n"
		"## Results\n\n"
		"| a | b |\n|:--|--:|\n| 1 | <b>2</b> |\n\n"
		": The caption {#tbl:t}\n\n"
		"```c\nint x = 1 < 2;\n```\n\n"
		"[^n]: The note.\n";
	struct html_files files = {0};
	html_files_reserve(&files, "index.html");
	char *out = render_md(dir, md, &files);
	/* structure */
	assert_non_null(strstr(out, "<h2 id=\"sec:intro\">Intro</h2>"));
	assert_non_null(strstr(out, "<h3 id=\"results\">Results</h3>"));
	assert_non_null(strstr(out, "<em>em</em>"));
	assert_non_null(strstr(out, "<del>gone</del>"));
	assert_non_null(strstr(out, "<a href=\"https://example.org/?a=1&amp;b=2\">good</a>"));
	assert_non_null(strstr(out, "<a href=\"mailto:a@b.org\">mail</a>"));
	assert_non_null(strstr(out, "<a href=\"#sec:intro\">frag</a>"));
	assert_non_null(strstr(out, "<figure class=\"q-figure\" id=\"fig:one\"><img src=\"fig.png\" alt=\"A small figure\" width=\"3\" height=\"2\""));
	assert_non_null(strstr(out, "<figcaption><span class=\"q-label\">Figure 1:</span> A <em>small</em> figure</figcaption>"));
	assert_non_null(strstr(out, "<figcaption><span class=\"q-label\">Figure 2:</span> Missing</figcaption>"));
	assert_non_null(strstr(out, "<table id=\"tbl:t\"><caption><span class=\"q-label\">Table 1:</span> The caption</caption>"));
	assert_non_null(strstr(out, "<th scope=\"col\" class=\"q-right\">b</th>"));
	assert_non_null(strstr(out, "<code class=\"language-c\">int x = 1 &lt; 2;</code>"));
	assert_non_null(strstr(out, "<a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a>"));
	assert_non_null(strstr(out, "<li id=\"fn-1\"><p>The note. <a href=\"#fnref-1\""));
	/* what must not survive */
	assert_null(strstr(out, "javascript"));
	assert_null(strstr(out, "data:"));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "onerror"));
	assert_null(strstr(out, "<b>"));
	assert_null(strstr(out, "secret"));
	assert_null(strstr(out, "{#"));
	assert_non_null(strstr(out, "bad ")); /* the words of a dropped link stay */
	assert_non_null(strstr(out, "up "));
	/* one figure file, under its own name */
	assert_int_equal(files.n, 1);
	assert_string_equal(files.v[0].name, "fig.png");
	free(out);
	html_files_free(&files);
	free(png);
	rm_tree(dir);
}

static void body_figure_names_never_leave_the_folder(void **state)
{
	(void)state;
	char dir[] = "/tmp/quire-names-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *sub = path_join(dir, "a");
	mkdir(sub, 0755);
	char *p1 = path_join(dir, "index.html"), *p2 = path_join(sub, "index.html");
	write_text(p1, "x");
	write_text(p2, "y");
	struct html_files files = {0};
	html_files_reserve(&files, "index.html");
	char *out = render_md(dir, "![one](index.html)\n\n![two](a/index.html)\n\n![abs](/etc/passwd)\n", &files);
	assert_int_equal(files.n, 2);
	assert_string_equal(files.v[0].name, "2-index.html");
	assert_string_equal(files.v[1].name, "3-index.html");
	assert_null(strstr(out, "passwd\""));
	free(out);
	html_files_free(&files);
	free(p1);
	free(p2);
	free(sub);
	rm_tree(dir);
}

static void json_escaping_cannot_close_script(void **state)
{
	(void)state;
	struct strbuf b;
	sb_init(&b);
	html_json_str(&b, "</script><!-- \"q\" \\ & \n\xE2\x80\xA8");
	assert_string_equal(b.s, "\"\\u003c/script\\u003e\\u003c!-- \\\"q\\\" \\\\ \\u0026 \\n\\u2028\"");
	sb_free(&b);
}

/* ---- the whole site ---- */

struct checker {
	const char *root;
	int problems;
	int pages;
	const char *page;
	int parse_errors;
};

static struct checker *g_check;

static void html_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	/* libxml2 2.9 knows no HTML5 elements (main, section, math...). */
	if (e->code == XML_HTML_UNKNOWN_TAG)
		return;
	if (g_check->parse_errors++ < 5)
		fprintf(stderr, "%s:%d: HTML parse error: %s", g_check->page, e->line, e->message);
}

static void problem(struct checker *c, const char *fmt, const char *a, const char *b)
{
	c->problems++;
	if (c->problems <= 30) {
		fprintf(stderr, "site check: ");
		fprintf(stderr, fmt, a, b);
		fputc('\n', stderr);
	}
}

static bool has_id(xmlNodePtr n, const char *id)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *v = xmlGetProp(n, BAD_CAST "id");
		bool hit = v && strcmp((const char *)v, id) == 0;
		xmlFree(v);
		if (hit || has_id(n->children, id))
			return true;
	}
	return false;
}

static char *pct_decode(const char *s, size_t n)
{
	struct strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (s[i] == '%' && i + 2 < n + 1 && sscanf(s + i + 1, "%2x", &v) == 1) {
			sb_addc(&b, (char)v);
			i += 2;
		} else {
			sb_addc(&b, s[i]);
		}
	}
	return sb_steal(&b);
}

static void check_link(struct checker *c, xmlDocPtr doc, const char *dir, const char *url)
{
	if (!*url)
		return problem(c, "%s: empty link%s", c->page, "");
	if (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0 ||
	    strncmp(url, "mailto:", 7) == 0)
		return;
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/'), *hash = strchr(url, '#');
	if (colon && (!slash || colon < slash) && (!hash || colon < hash))
		return problem(c, "%s: link with a scheme: %s", c->page, url);
	if (url[0] == '/')
		return problem(c, "%s: absolute path breaks file://: %s", c->page, url);
	if (url[0] == '#') {
		if (!has_id(xmlDocGetRootElement(doc), url + 1))
			problem(c, "%s: no element with id %s", c->page, url);
		return;
	}
	size_t n = strcspn(url, "?#");
	char *rel = pct_decode(url, n);
	char *path = path_join(dir, rel);
	char *real = realpath(path, NULL), *rroot = realpath(c->root, NULL);
	struct stat st;
	if (!real || stat(real, &st) != 0 || !S_ISREG(st.st_mode))
		problem(c, "%s: broken link %s", c->page, url);
	else if (strncmp(real, rroot, strlen(rroot)) != 0)
		problem(c, "%s: link leaves the site: %s", c->page, url);
	free(real);
	free(rroot);
	free(path);
	free(rel);
}

static void check_element(struct checker *c, xmlDocPtr doc, const char *dir, xmlNodePtr n,
			  bool *csp, bool *root_attr)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			const char *an = (const char *)a->name;
			xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
			const char *val = v ? (const char *)v : "";
			if (strncmp(an, "on", 2) == 0)
				problem(c, "%s: event handler attribute %s", c->page, an);
			if (strcmp(an, "style") == 0)
				problem(c, "%s: inline style (forbidden by the CSP)%s", c->page, "");
			if (strncmp(an, "data-q-", 7) == 0)
				problem(c, "%s: template directive left in the page: %s", c->page, an);
			if (strcmp(an, "href") == 0 || strcmp(an, "src") == 0)
				check_link(c, doc, dir, val);
			if (strcmp(an, "data-root") == 0)
				*root_attr = true;
			if (strcmp(name, "meta") == 0 && strcmp(an, "http-equiv") == 0 &&
			    strcmp(val, "Content-Security-Policy") == 0)
				*csp = true;
			xmlFree(v);
		}
		if (strcmp(name, "script") == 0) {
			xmlChar *type = xmlGetProp(n, BAD_CAST "type");
			bool ld = type && strcmp((const char *)type, "application/ld+json") == 0;
			if (!ld && !xmlHasProp(n, BAD_CAST "src"))
				problem(c, "%s: inline script%s", c->page, "");
			xmlChar *body = xmlNodeGetContent(n);
			if (body && strstr((const char *)body, "</"))
				problem(c, "%s: script text contains '</'%s", c->page, "");
			xmlFree(body);
			xmlFree(type);
		}
		check_element(c, doc, dir, n->children, csp, root_attr);
	}
}

static void check_page(struct checker *c, const char *path)
{
	c->page = path;
	c->pages++;
	c->parse_errors = 0;
	g_check = c;
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	xmlSetStructuredErrorFunc(NULL, html_error);
	htmlDocPtr doc = htmlCtxtReadFile(ctxt, path, "UTF-8", HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	htmlFreeParserCtxt(ctxt);
	if (!doc)
		return problem(c, "%s: cannot parse%s", path, "");
	if (c->parse_errors)
		problem(c, "%s: HTML parse errors%s", path, "");
	char *dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	bool csp = false, root_attr = false;
	check_element(c, doc, dir, xmlDocGetRootElement(doc), &csp, &root_attr);
	if (!csp)
		problem(c, "%s: no Content-Security-Policy%s", path, "");
	if (!root_attr)
		problem(c, "%s: no data-root%s", path, "");
	free(dir);
	xmlFreeDoc(doc);
}

static void walk(struct checker *c, const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		char *p = path_join(dir, names[i]);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			walk(c, p);
		else if (S_ISLNK(st.st_mode))
			problem(c, "%s: symlink in the site%s", p, "");
		else if (str_ends(p, ".html"))
			check_page(c, p);
		free(p);
		free(names[i]);
	}
	free(names);
}

static int check_site(const char *root)
{
	struct checker c = {.root = root};
	walk(&c, root);
	if (c.pages < 5)
		problem(&c, "%s: only a few pages%s", root, "");
	fprintf(stderr, "site check: %d pages, %d problems\n", c.pages, c.problems);
	return c.problems;
}

static int build_sample(const char *out, bool quiet)
{
	struct diag_list d;
	diag_init(&d);
	struct archive *a = archive_load("examples/archive.yaml", &d);
	assert_non_null(a);
	struct volume *vols[8];
	size_t n = 0;
	for (size_t i = 0; i < a->nvolumes && n < 8; i++) {
		vols[n] = vol_load(a->volumes[i], &d);
		assert_non_null(vols[n]);
		check_volume(vols[n], &d);
		n++;
	}
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	int r = html_build_archive(a, (const struct volume *const *)vols, n, NULL, NULL, out, &d);
	if (d.n && !quiet)
		diag_print_text(stderr, &d, false);
	for (size_t i = 0; i < n; i++)
		volume_free(vols[i]);
	archive_free(a);
	diag_free(&d);
	return r;
}

static bool same_file(const char *a, const char *b)
{
	char *x, *y;
	size_t nx, ny;
	if (read_file(a, 1u << 30, &x, &nx) != 0)
		return false;
	if (read_file(b, 1u << 30, &y, &ny) != 0) {
		free(x);
		return false;
	}
	bool same = nx == ny && memcmp(x, y, nx) == 0;
	free(x);
	free(y);
	return same;
}

static const char *g_other;
static const char *g_base;
static int g_diff;

static int cmp_entry(const char *p, const struct stat *st, int flag, struct FTW *w)
{
	(void)w;
	if (flag != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	char *q = path_join(g_other, p + strlen(g_base) + 1);
	if (!same_file(p, q)) {
		fprintf(stderr, "not reproducible: %s\n", p);
		g_diff++;
	}
	free(q);
	return 0;
}

static void site_builds_checks_and_reproduces(void **state)
{
	(void)state;
	const char *given = getenv("QUIRE_SITE");
	if (given && *given) {
		assert_int_equal(check_site(given), 0);
		return;
	}
	char tmp[] = "/tmp/quire-site-XXXXXX";
	assert_non_null(mkdtemp(tmp));
	char *one = path_join(tmp, "one"), *two = path_join(tmp, "two");
	assert_int_equal(build_sample(one, false), 0);
	assert_int_equal(check_site(one), 0);
	assert_int_equal(build_sample(two, false), 0);
	g_base = one;
	g_other = two;
	g_diff = 0;
	nftw(one, cmp_entry, 16, FTW_PHYS);
	assert_int_equal(g_diff, 0);
	/* A rebuild over an existing site replaces it; a foreign folder is refused. */
	assert_int_equal(build_sample(one, false), 0);
	char *foreign = path_join(tmp, "foreign");
	mkdir(foreign, 0755);
	char *keep = path_join(foreign, "keep.txt");
	write_text(keep, "mine");
	assert_int_not_equal(build_sample(foreign, true), 0);
	struct stat st;
	assert_int_equal(stat(keep, &st), 0);
	free(keep);
	free(foreign);
	free(one);
	free(two);
	rm_tree(tmp);
}

/* The one-volume entry point with what the PDF builder passes: PDFs and
 * page numbers appear as downloads, Highwire tags and BibTeX pages. */
static void volume_site_with_pdfs_and_pages(void **state)
{
	(void)state;
	char tmp[] = "/tmp/quire-vol-XXXXXX";
	assert_non_null(mkdtemp(tmp));
	char *vpdf = path_join(tmp, "volume.pdf"), *ppdf = path_join(tmp, "offprint.pdf");
	write_text(vpdf, "%PDF-1.4 volume");
	write_text(ppdf, "%PDF-1.4 paper");
	struct diag_list d;
	diag_init(&d);
	struct volume *v = vol_load("examples/volume-2025-spring", &d);
	assert_non_null(v);
	assert_int_equal(v->npapers, 2);
	const char *pdfs[2] = {ppdf, NULL};
	int first[2] = {1, 9}, last[2] = {8, 14};
	struct html_pdf_info info = {vpdf, pdfs, first, last};
	char *out = path_join(tmp, "site");
	assert_int_equal(html_build_volume(v, out, &info, NULL, &d), 0);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	assert_int_equal(check_site(out), 0);

	char *page, *bib, *vol;
	size_t n;
	char *p = path_join(out, "hcds-2025-spring/library-reading-gap/index.html");
	assert_int_equal(read_file(p, 1 << 24, &page, &n), 0);
	assert_non_null(strstr(page, "<meta name=\"citation_pdf_url\" content=\"https://proceedings.example.org/"
				     "hcds-2025-spring/library-reading-gap/library-reading-gap.pdf\">"));
	assert_non_null(strstr(page, "<meta name=\"citation_firstpage\" content=\"1\">"));
	assert_non_null(strstr(page, "<meta name=\"citation_lastpage\" content=\"8\">"));
	assert_non_null(strstr(page, "href=\"library-reading-gap.pdf\""));
	free(p);
	p = path_join(out, "hcds-2025-spring/library-reading-gap/paper.bib");
	assert_int_equal(read_file(p, 1 << 24, &bib, &n), 0);
	assert_non_null(strstr(bib, "pages = {1--8}"));
	assert_non_null(strstr(bib, "author = {{최유진} and {한지민}}"));
	free(p);
	p = path_join(out, "hcds-2025-spring/index.html");
	assert_int_equal(read_file(p, 1 << 24, &vol, &n), 0);
	assert_non_null(strstr(vol, "href=\"hcds-2025-spring.pdf\""));
	assert_non_null(strstr(vol, "pp. 9–14"));
	free(p);
	p = path_join(out, "hcds-2025-spring/annotation-drift/index.html");
	free(page);
	assert_int_equal(read_file(p, 1 << 24, &page, &n), 0);
	assert_null(strstr(page, "citation_pdf_url")); /* no offprint given */
	free(p);
	free(page);
	free(bib);
	free(vol);
	volume_free(v);
	diag_free(&d);
	free(out);
	free(vpdf);
	free(ppdf);
	rm_tree(tmp);
}

int main(void)
{
	/* The default templates of the source tree, wherever the test binary is. */
	setenv("QUIRE_TEMPLATES", "templates", 0);
	setenv("SOURCE_DATE_EPOCH", "1767225600", 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tpl_escapes_text_and_attributes),
		cmocka_unit_test(tpl_each_if_unless),
		cmocka_unit_test(tpl_attr_absent_removed_and_void_elements),
		cmocka_unit_test(tpl_html_inserts_built_nodes),
		cmocka_unit_test(tpl_tree_where_text_was),
		cmocka_unit_test(tpl_streams_pages_and_inserts_templates),
		cmocka_unit_test(tpl_raw_markup_is_written_as_it_is),
		cmocka_unit_test(tpl_lazy_list_renders_like_a_list),
		cmocka_unit_test(tpl_refuses_bad_templates),
		cmocka_unit_test(tpl_document_is_html5),
		cmocka_unit_test(tpl_find_prefers_override),
		cmocka_unit_test(gfm_extensions),
		cmocka_unit_test(body_numbers_align_rows),
		cmocka_unit_test(body_renders_and_sanitises),
		cmocka_unit_test(body_figure_names_never_leave_the_folder),
		cmocka_unit_test(json_escaping_cannot_close_script),
		cmocka_unit_test(site_builds_checks_and_reproduces),
		cmocka_unit_test(volume_site_with_pdfs_and_pages),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return r;
}
