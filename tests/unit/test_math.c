/* Unit tests for TeX math: the Markdown extension (proceedings/md_math),
 * the parser (proceedings/math) and the MathML writer (render/html_math),
 * ending with every formula of the JOSS papers in shared/corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cmark-gfm-core-extensions.h>
#include <libgen.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proceedings/diag.h"
#include "proceedings/markdown.h"
#include "proceedings/math.h"
#include "proceedings/md_math.h"
#include "proceedings/util.h"
#include "render/html_math.h"
#include "render/tpl.h"

static const char *argv0;

/* html_body.c reads the MathML back as XML: it must always parse. */
/* Well-formed, and already in the page writer's form: pages insert the
 * MathML as it is (tpl_raw_markup), so it must read back and serialise to
 * the same bytes. */
static void assert_well_formed(const char *ml)
{
	xmlDocPtr doc = xmlReadMemory(ml, (int)strlen(ml), "math.xml", "UTF-8",
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		print_message("not well-formed: %s\n", ml);
	assert_non_null(doc);
	size_t len;
	char *again = tpl_serialize_node(xmlDocGetRootElement(doc), &len);
	if (strcmp(again, ml))
		print_message("not in the writer's form:\n  %s\n  %s\n", ml, again);
	assert_string_equal(again, ml);
	free(again);
	xmlFreeDoc(doc);
}

/* ------------------------------------------------------------ helpers */

/* Parse Markdown as quire does: GFM extensions, footnotes, math. */
static cmark_node *md(const char *text)
{
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART);
	const char *names[] = {"table", "strikethrough", "autolink"};
	for (size_t i = 0; i < 3; i++)
		cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(names[i]));
	cmark_parser_attach_syntax_extension(p, md_math_extension());
	cmark_parser_feed(p, text, strlen(text));
	cmark_node *doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

#define MAXM 64

struct found {
	cmark_node *n[MAXM];
	size_t count;
};

static void collect(cmark_node *doc, struct found *f)
{
	f->count = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && md_math_is_math(n) && f->count < MAXM)
			f->n[f->count++] = n;
	}
	cmark_iter_free(it);
}

static size_t count_type(cmark_node *doc, cmark_node_type t)
{
	size_t c = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(cmark_iter_get_node(it)) == t)
			c++;
	cmark_iter_free(it);
	return c;
}

/* The document's plain text (text nodes only), to see what stayed prose. */
static char *texts(cmark_node *doc)
{
	struct strbuf b;
	sb_init(&b);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_TEXT)
			sb_adds(&b, cmark_node_get_literal(n));
	}
	cmark_iter_free(it);
	return sb_steal(&b);
}

static cmark_node *first_of(cmark_node *doc, cmark_node_type t)
{
	cmark_node *r = NULL;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while (!r && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(cmark_iter_get_node(it)) == t)
			r = cmark_iter_get_node(it);
	cmark_iter_free(it);
	return r;
}

/* Parse and dump; asserts the number of diagnostics. */
static char *dump_of(const char *tex, bool display, size_t ndiag)
{
	struct diag_list d;
	diag_init(&d);
	struct math_node *n = math_parse(tex, strlen(tex), display, &d, NULL);
	if (d.n != ndiag) {
		for (size_t i = 0; i < d.n; i++)
			print_message("unexpected diagnostic for %s: %s\n", tex, d.v[i].msg);
	}
	assert_int_equal(d.n, ndiag);
	char *s = math_dump(n);
	math_free(n);
	diag_free(&d);
	return s;
}

static void check_dump(const char *tex, bool display, const char *want)
{
	char *got = dump_of(tex, display, 0);
	if (strcmp(got, want) != 0)
		print_message("for %s\n got: %s\nwant: %s\n", tex, got, want);
	assert_string_equal(got, want);
	free(got);
}

/* The single leaf a one-symbol formula parses to. */
static struct math_node *only_leaf(struct math_node *root)
{
	struct math_node *n = root;
	while (n && (n->kind == MATH_ROW || n->kind == MATH_STYLE) && n->nkids == 1)
		n = n->kids[0];
	return n;
}

static char *mathml(const char *tex, bool display)
{
	struct diag_list d;
	diag_init(&d);
	struct math_node *n = math_parse(tex, strlen(tex), display, &d, NULL);
	assert_int_equal(d.n, 0);
	char *s = html_math(n, display, tex);
	math_free(n);
	diag_free(&d);
	return s;
}

/* ---------------------------------------------------- Markdown extension */

static void ext_inline_keeps_raw_tex(void **state)
{
	(void)state;
	cmark_node *doc = md("Stars $a*b*c$ and braces $\\{x\\}$ and $a_1 + b_2$ end.\n");
	struct found f;
	collect(doc, &f);
	assert_int_equal(f.count, 3);
	assert_true(md_math_is_inline(f.n[0]));
	assert_false(md_math_is_display(f.n[0]));
	assert_string_equal(md_math_tex(f.n[0]), "a*b*c");
	assert_string_equal(md_math_tex(f.n[1]), "\\{x\\}");
	assert_string_equal(md_math_tex(f.n[2]), "a_1 + b_2");
	assert_null(md_math_label(f.n[0]));
	/* cmark did not see the stars and underscores */
	assert_int_equal(count_type(doc, CMARK_NODE_EMPH), 0);
	assert_int_equal(count_type(doc, CMARK_NODE_STRONG), 0);
	/* positions: the $ of "$a*b*c$" is column 7 of line 1 */
	assert_int_equal(cmark_node_get_start_line(f.n[0]), 1);
	assert_int_equal(cmark_node_get_start_column(f.n[0]), 7);
	assert_int_equal(cmark_node_get_end_column(f.n[0]), 13);
	int line, col;
	md_math_tex_pos(f.n[0], &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 8);
	cmark_node_free(doc);
}

/* A display formula over several lines whose line starts like a list item,
 * a quote or a heading ("+ c", "- z &= w") stays one formula, as in
 * pandoc's Markdown; lists, code and an unclosed $$ are left alone. */
static void ext_formula_lines_are_not_blocks(void **state)
{
	(void)state;
	const char *text = "$$\na = b\n+ c\n# d\n$$\n\n"
			   "\\begin{align}\nx &= y \\\\\n- z &= w \\\\\n1. &= 2\n\\end{align}\n\n"
			   "- one\n- two\n\n"
			   "```\n$$\n+ not math\n```\n\n"
			   "Unclosed $$ opener\n+ item\n";
	struct markdown m = {.path = xstrdup("paper.md"), .dir = xstrdup("."), .text = xstrdup(text)};
	m.len = strlen(text);
	struct diag_list d;
	diag_init(&d);
	md_parse(&m, &d);
	struct found f;
	collect(m.doc, &f);
	assert_int_equal(f.count, 2);
	assert_string_equal(md_math_tex(f.n[0]), "\na = b\n+ c\n# d\n");
	assert_string_equal(md_math_tex(f.n[1]), "\\begin{align}\nx &= y \\\\\n- z &= w \\\\\n1. &= 2\n\\end{align}");
	/* the formulas' lines start no block: the two lists are "- one / - two"
	 * and the item after the unclosed $$ */
	assert_int_equal(count_type(m.doc, CMARK_NODE_LIST), 2);
	assert_int_equal(count_type(m.doc, CMARK_NODE_HEADING), 0);
	cmark_node *code = first_of(m.doc, CMARK_NODE_CODE_BLOCK);
	assert_non_null(code);
	assert_string_equal(cmark_node_get_literal(code), "$$\n+ not math\n");
	/* line numbers are those of the file */
	assert_int_equal(cmark_node_get_start_line(f.n[1]), 7);
	markdown_free(&m);
	diag_free(&d);
}

static void ext_dollars_that_are_not_math(void **state)
{
	(void)state;
	cmark_node *doc = md("It costs $5 and $10 today. Escaped \\$x\\$ too. A $ lone one.\n"
			     "Space after $ x$ and before $x $ are not math; `$code$` is code.\n"
			     "US$5 and $$ alone.\n");
	struct found f;
	collect(doc, &f);
	assert_int_equal(f.count, 0);
	char *t = texts(doc);
	assert_non_null(strstr(t, "It costs $5 and $10 today."));
	assert_non_null(strstr(t, "Escaped $x$ too."));
	assert_non_null(strstr(t, "Space after $ x$ and before $x $ are not math;"));
	assert_non_null(strstr(t, "and $$ alone."));
	free(t);
	cmark_node *code = first_of(doc, CMARK_NODE_CODE);
	assert_non_null(code);
	assert_string_equal(cmark_node_get_literal(code), "$code$");
	cmark_node_free(doc);

	/* the closing $ must not be followed by a digit */
	doc = md("Between $x$5 and $y$.\n"); /* as pandoc: the first $ is text */
	collect(doc, &f);
	assert_int_equal(f.count, 1);
	assert_string_equal(md_math_tex(f.n[0]), "y");
	cmark_node_free(doc);
	doc = md("Escaped dollar inside $a\\$b$ and \\text: $\\text{costs $1}$.\n");
	collect(doc, &f);
	assert_int_equal(f.count, 2);
	assert_string_equal(md_math_tex(f.n[0]), "a\\$b");
	assert_string_equal(md_math_tex(f.n[1]), "\\text{costs $1}");
	cmark_node_free(doc);
}

static void ext_display_block_with_label(void **state)
{
	(void)state;
	cmark_node *doc = md("Intro.\n\n$$\nE = mc^2\n$$ {#eq:energy}\n\nAfter.\n");
	struct found f;
	collect(doc, &f);
	assert_int_equal(f.count, 1);
	cmark_node *m = f.n[0];
	assert_true(md_math_is_block(m));
	assert_true(md_math_is_display(m));
	assert_false(md_math_is_inline(m));
	assert_string_equal(md_math_tex(m), "\nE = mc^2\n");
	assert_string_equal(md_math_label(m), "eq:energy");
	/* the paragraph was replaced by the block */
	assert_ptr_equal(cmark_node_parent(m), doc);
	assert_int_equal(count_type(doc, CMARK_NODE_PARAGRAPH), 2);
	assert_int_equal(cmark_node_get_start_line(m), 3);
	assert_int_equal(cmark_node_get_start_column(m), 1);
	assert_int_equal(cmark_node_get_end_line(m), 5);
	assert_string_equal(cmark_node_get_type_string(m), "math_block");
	cmark_node_free(doc);

	doc = md("$$x = \\label{eq:inside} 1$$\n");
	collect(doc, &f);
	assert_int_equal(f.count, 1);
	assert_true(md_math_is_block(f.n[0]));
	assert_string_equal(md_math_label(f.n[0]), "eq:inside");
	cmark_node_free(doc);
}

static void ext_display_inside_paragraph(void **state)
{
	(void)state;
	cmark_node *doc = md("Text before\n$$a_1 +\nb_2$$ after [link](http://x.org) and *em*\n"
			     "next [two](http://y.org).\n");
	struct found f;
	collect(doc, &f);
	assert_int_equal(f.count, 1);
	cmark_node *m = f.n[0];
	assert_true(md_math_is_display(m));
	assert_false(md_math_is_block(m));
	assert_string_equal(md_math_tex(m), "a_1 +\nb_2");
	assert_int_equal(cmark_node_get_type(cmark_node_parent(m)), CMARK_NODE_PARAGRAPH);
	assert_int_equal(cmark_node_get_start_line(m), 2);
	assert_int_equal(cmark_node_get_start_column(m), 1);
	assert_int_equal(cmark_node_get_end_line(m), 3);
	assert_int_equal(cmark_node_get_end_column(m), 5);
	/* nodes after a formula over two lines keep their true positions */
	cmark_node *link = first_of(doc, CMARK_NODE_LINK);
	assert_int_equal(cmark_node_get_start_line(link), 3);
	assert_int_equal(cmark_node_get_start_column(link), 13);
	cmark_node *em = first_of(doc, CMARK_NODE_EMPH);
	assert_int_equal(cmark_node_get_start_line(em), 3);
	assert_int_equal(cmark_node_get_start_column(em), 38);
	cmark_node *last = cmark_node_last_child(cmark_node_parent(link));
	cmark_node *link2 = cmark_node_previous(last);
	assert_int_equal(cmark_node_get_type(link2), CMARK_NODE_LINK);
	assert_int_equal(cmark_node_get_start_line(link2), 4);
	assert_int_equal(cmark_node_get_start_column(link2), 6);
	cmark_node_free(doc);
}

static void ext_environments(void **state)
{
	(void)state;
	cmark_node *doc = md("a function $f$,\n\\begin{equation}\\label{eq:one}\n"
			     "  \\frac{d}{dt} q = f(q).\n\\end{equation}\nand more, \\begin{align*}a &= b"
			     "\\end{align*} inline.\n\nNot math: \\\\begin{equation} x \\end{equation}, "
			     "\\begin{figure} x \\end{figure}, \\begin{equation} unclosed.\n");
	struct found f;
	collect(doc, &f);
	assert_int_equal(f.count, 3);
	assert_string_equal(md_math_tex(f.n[1]), "\\begin{equation}\\label{eq:one}\n"
						 "\\frac{d}{dt} q = f(q).\n\\end{equation}");
	assert_true(md_math_is_display(f.n[1]));
	assert_string_equal(md_math_label(f.n[1]), "eq:one");
	assert_int_equal(cmark_node_get_start_line(f.n[1]), 2);
	assert_int_equal(cmark_node_get_start_column(f.n[1]), 1);
	int line, col;
	md_math_tex_pos(f.n[1], &line, &col);
	assert_int_equal(col, 1);
	assert_string_equal(md_math_tex(f.n[2]), "\\begin{align*}a &= b\\end{align*}");
	assert_null(md_math_label(f.n[2]));
	assert_int_equal(cmark_node_get_start_line(f.n[2]), 5);
	assert_int_equal(cmark_node_get_start_column(f.n[2]), 11);
	assert_false(md_math_is_block(f.n[1])); /* text around it: stays in the paragraph */
	/* the backslash before "begin" did not stay behind as text */
	char *t = texts(doc);
	assert_non_null(strstr(t, "and more,  inline."));
	assert_non_null(strstr(t, "Not math: \\begin{equation} x \\end{equation}"));
	assert_non_null(strstr(t, "\\begin{equation} unclosed."));
	free(t);
	cmark_node_free(doc);

	/* an environment that is a whole paragraph becomes a block */
	doc = md("\\begin{align}\na &= b \\label{eq:al}\n\\end{align}\n\nText $$c$$ text.\n");
	collect(doc, &f);
	assert_int_equal(f.count, 2);
	assert_true(md_math_is_block(f.n[0]));
	assert_string_equal(md_math_label(f.n[0]), "eq:al");
	assert_string_equal(md_math_tex(f.n[0]), "\\begin{align}\na &= b \\label{eq:al}\n\\end{align}");
	assert_true(md_math_is_display(f.n[1]));
	assert_false(md_math_is_block(f.n[1]));
	assert_string_equal(md_math_tex(f.n[1]), "c");
	assert_int_equal(cmark_node_get_start_column(f.n[1]), 6);
	cmark_node_free(doc);
}

static void ext_tables_footnotes_links(void **state)
{
	(void)state;
	cmark_node *doc = md("| a | b |\n|---|---|\n| $x^2$ | $\\alpha*\\beta*$ |\n\n"
			     "See [$\\nabla f$](http://x.org) and ![the $\\sum$ sign](s.png), "
			     "a note[^n] and ~~$y$~~.\n\n[^n]: Where $z \\to 0$.\n");
	struct found f;
	collect(doc, &f);
	assert_int_equal(f.count, 6);
	assert_string_equal(md_math_tex(f.n[0]), "x^2");
	assert_string_equal(md_math_tex(f.n[1]), "\\alpha*\\beta*");
	extern cmark_node_type CMARK_NODE_TABLE_CELL;
	assert_int_equal(cmark_node_get_type(cmark_node_parent(f.n[0])), CMARK_NODE_TABLE_CELL);
	/* no stray empty text left in the cell */
	assert_null(cmark_node_next(f.n[0]));
	assert_int_equal(cmark_node_get_type(cmark_node_parent(f.n[2])), CMARK_NODE_LINK);
	assert_string_equal(md_math_tex(f.n[2]), "\\nabla f");
	assert_int_equal(cmark_node_get_type(cmark_node_parent(f.n[3])), CMARK_NODE_IMAGE);
	assert_string_equal(md_math_tex(f.n[4]), "y");
	assert_string_equal(md_math_tex(f.n[5]), "z \\to 0");
	assert_int_equal(cmark_node_get_type(cmark_node_parent(cmark_node_parent(f.n[5]))),
			 CMARK_NODE_FOOTNOTE_DEFINITION);
	cmark_node_free(doc);
}

static void ext_renderers(void **state)
{
	(void)state;
	cmark_node *doc = md("Inline $a<b$ and\n\n$$x & y$$\n\nand \\begin{equation}z\\end{equation}.\n");
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT, NULL);
	assert_string_equal(html, "<p>Inline <span class=\"math inline\">\\(a&lt;b\\)</span> and</p>\n"
				  "<div class=\"math display\">\\[x &amp; y\\]</div>\n"
				  "<p>and <span class=\"math display\">\\begin{equation}z\\end{equation}"
				  "</span>.</p>\n");
	free(html);
	char *cm = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	assert_non_null(strstr(cm, "$a<b$"));
	assert_non_null(strstr(cm, "$$x & y$$"));
	free(cm);
	char *xml = cmark_render_xml(doc, CMARK_OPT_DEFAULT);
	assert_non_null(strstr(xml, "<math_inline"));
	free(xml);
	cmark_node_free(doc);
	assert_false(md_math_is_math(NULL));
	assert_null(md_math_tex(NULL));
}

static void ext_hostile_input_stays_linear(void **state)
{
	(void)state;
	/* many openers without closers must not take quadratic time or crash */
	struct strbuf b;
	sb_init(&b);
	for (int i = 0; i < 20000; i++)
		sb_adds(&b, "\\begin{equation} $x ");
	sb_adds(&b, "\n\n");
	for (int i = 0; i < 20000; i++)
		sb_adds(&b, "$$ ");
	cmark_node *doc = md(b.s);
	struct found f;
	collect(doc, &f);
	assert_int_equal(f.count, 0); /* "$$ $$" with blank content is text */
	cmark_node_free(doc);
	sb_free(&b);
}

/* ----------------------------------------------------------------- parser */

static void parse_structure(void **state)
{
	(void)state;
	static const struct {
		const char *tex, *dump;
	} cases[] = {
		{"x_i^2", "(row (subsup (ord x) (ord i) (num 2)))"},
		{"x^10", "(row (subsup (ord x) - (num 1)) (num 0))"},
		{"x^{10}", "(row (subsup (ord x) - (row (num 10))))"},
		{"0.05x_1", "(row (num 0.05) (subsup (ord x) (num 1) -))"},
		{"a\\cdot b \\times c \\pm d \\mp e",
		 "(row (ord a) (bin ⋅) (ord b) (bin ×) (ord c) (bin ±) (ord d) (bin ∓) (ord e))"},
		{"a-b=c", "(row (ord a) (bin −) (ord b) (rel =) (ord c))"},
		{"\\frac{a}{b}", "(row (frac (row (ord a)) (row (ord b))))"},
		{"\\dfrac{a}{b}\\tfrac12\\binom{n}{k}",
		 "(row (frac (row (ord a)) (row (ord b))) (frac (num 1) (num 2)) (fenced ( ) (row (frac nobar (row (ord n)) (row (ord k))))))"},
		{"\\sqrt[3]{x}\\sqrt{y}",
		 "(row (sqrt (row (ord x)) (row (num 3))) (sqrt (row (ord y)) -))"},
		{"\\int_0^1 f\\,dx",
		 "(row (subsup (op ∫) (num 0) (num 1)) (ord f) (space 3) (ord d) (ord x))"},
		{"\\sum_{k=1}^{p}\\theta_k",
		 "(row (underover movable (op ∑) (row (ord k) (rel =) (num 1)) (row (ord p))) (subsup (ord θ) (ord k) -))"},
		{"\\lim_{x\\to 0}\\frac{\\sin x}{x}",
		 "(row (underover movable (op lim) (row (ord x) (rel →) (num 0)) -) (frac (row (op sin) (ord x)) (row (ord x))))"},
		{"\\max\\limits_i x_i", "(row (underover (op max) (ord i) -) (subsup (ord x) (ord i) -))"},
		{"\\int\\limits_a^b", "(row (underover (op ∫) (ord a) (ord b)))"},
		{"\\sum\\nolimits_i", "(row (subsup (op ∑) (ord i) -))"},
		{"\\operatorname{tr}(A)", "(row (op tr) (open () (ord A) (close )))"},
		{"\\operatorname*{arg\\,min}_x", "(row (underover movable (op arg\xE2\x80\x89min) (ord x) -))"},
		{"\\left. \\frac{df}{dx} \\right|_{x=0}",
		 "(row (subsup (fenced . | (row (frac (row (ord d) (ord f)) (row (ord d) (ord x))))) (row (ord x) (rel =) (num 0)) -))"},
		{"\\left\\langle x \\right\\rangle \\left\\{ y \\right\\} \\left\\| z \\right\\| "
		 "\\left\\lfloor w \\right\\rceil \\left[ v \\right)",
		 "(row (fenced ⟨ ⟩ (row (ord x))) (fenced { } (row (ord y))) (fenced ‖ ‖ (row (ord z))) "
		 "(fenced ⌊ ⌉ (row (ord w))) (fenced [ ) (row (ord v))))"},
		{"\\big( \\Big[ \\bigg\\{ \\Bigg\\langle \\bigl| \\bigr|",
		 "(row (open () (open [) (open {) (open ⟨) (open |) (close |))"},
		{"\\text{a b}\\mathit{x}\\mathsf{A}\\mathtt{a}\\mathfrak{g}",
		 "(row (text \"a b\") (style italic (row (ord 𝑥))) (style sans (row (ord 𝖠))) (style mono (row (ord 𝚊))) (style fraktur (row (ord 𝔤))))"},
		{"\\mathbf{q}(t)\\in\\mathbb{R}^n",
		 "(row (style bold (row (ord 𝐪))) (open () (ord t) (close )) (rel ∈) (subsup (style double-struck (row (ord ℝ))) - (ord n)))"},
		{"\\boldsymbol\\xi_1 \\mathbf{\\Theta} \\boldsymbol{\\Theta} \\mathcal{L} \\mathbf{0}",
		 "(row (subsup (style bold-italic (row (ord 𝝃))) (num 1) -) (style bold (row (ord 𝚯))) (style bold-italic (row (ord 𝚯))) (style script (row (ord ℒ))) (style bold (row (num 𝟎))))"},
		{"\\mathrm{div}\\,\\mathrm{d}x", "(row (style normal (row (ord div))) (space 3) (style normal (row (ord d))) (ord x))"},
		{"T_{\\rm package}",
		 "(row (subsup (ord T) (row (style normal (row (ord package)))) -))"},
		{"\\, \\: \\; \\! \\quad \\qquad ~",
		 "(row (space 3) (space 4) (space 5) (space -3) (space 18) (space 36) (space 6))"},
		{"\\begin{matrix}a&b\\end{matrix}\\begin{vmatrix}a\\end{vmatrix}\\begin{Bmatrix}a\\end{Bmatrix}",
		 "(row (table matrix cc (trow (row (ord a)) (row (ord b)))) (fenced | | (row (table vmatrix c (trow (row (ord a)))))) (fenced { } (row (table Bmatrix c (trow (row (ord a)))))))"},
		{"\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
		 "(row (fenced ( ) (row (table pmatrix cc (trow (row (ord a)) (row (ord b))) (trow (row (ord c)) (row (ord d)))))))"},
		{"\\begin{bmatrix} 1 \\\\ 2 \\\\ \\end{bmatrix}",
		 "(row (fenced [ ] (row (table bmatrix c (trow (row (num 1))) (trow (row (num 2)))))))"},
		{"\\begin{cases} 1 & x>0 \\\\ 0 & \\text{else}\\end{cases}",
		 "(row (fenced { . (row (table cases ll (trow (row (num 1)) (row (ord x) (rel >) (num 0))) (trow (row (num 0)) (row (text \"else\")))))))"},
		{"\\begin{aligned} a &= b \\\\ &= c \\end{aligned}",
		 "(row (table aligned rl (trow (row (ord a)) (row (rel =) (ord b))) (trow (row) (row (rel =) (ord c)))))"},
		{"\\begin{align*} x &= 1 \\end{align*}",
		 "(row (table align* rl (trow (row (ord x)) (row (rel =) (num 1)))))"},
		{"\\begin{alignedat}{2} a &= b & c &= d \\end{alignedat}", /* {2} read and set aside */
		 "(row (table alignedat rlrl (trow (row (ord a)) (row (rel =) (ord b)) (row (ord c)) (row "
		 "(rel =) (ord d)))))"},
		{"\\begin{gathered} a \\\\ b \\end{gathered}",
		 "(row (table gathered c (trow (row (ord a))) (trow (row (ord b)))))"},
		{"\\begin{array}{c|l} 1 & 2 \\\\ \\hline 3 & 4 \\end{array}",
		 "(row (table array cl (trow (row (num 1)) (row (num 2))) (trow (row (num 3)) (row (num 4)))))"},
		{"\\begin{array}{cc} 1 & 2 \\end{array}",
		 "(row (table array cc (trow (row (num 1)) (row (num 2)))))"},
		{"{\\displaystyle \\sum_i} x",
		 "(row (row (style display (row (underover movable (op ∑) (ord i) -)))) (ord x))"},
		{"\\vec{v}\\tilde{x}\\bar{y}\\dot{z}\\ddot{w}\\widehat{ab}\\widetilde{ab}\\underline{u}\\overline{o}",
		 "(row (accent → (row (ord v))) (accent ~ (row (ord x))) (accent ¯ (row (ord y))) (accent ˙ (row (ord z))) (accent ¨ (row (ord w))) (accent ^ (row (ord a) (ord b))) (accent ~ (row (ord a) (ord b))) (accent _ under (row (ord u))) (accent ‾ (row (ord o))))"},
		{"\\hat x_1", "(row (subsup (accent ^ (ord x)) (num 1) -))"},
		{"\\underbrace{a+b}_{n}", "(row (underover (accent ⏟ under (row (ord a) (bin +) (ord b))) (row (ord n)) -))"},
		{"f''(x)", "(row (subsup (ord f) - (row (ord ′) (ord ′))) (open () (ord x) (close )))"},
		{"f'^2", "(row (subsup (ord f) - (row (ord ′) (num 2))))"},
		{"\\not= \\not\\in a \\neq b", "(row (rel ≠) (rel ∉) (ord a) (rel ≠) (ord b))"},
		{"{a \\over b}", "(row (row (frac (row (ord a)) (row (ord b)))))"},
		{"\\|x\\|^2 \\ldots \\cdots \\vdots \\ddots \\infty \\partial \\nabla",
		 "(row (ord ‖) (ord x) (subsup (ord ‖) - (num 2)) (ord …) (ord ⋯) (ord ⋮) (ord ⋱) (ord ∞) (ord ∂) (ord ∇))"},
		{"\\overset{!}{=} \\underset{x}{\\arg\\min}",
		 "(row (underover (row (rel =)) - (row (close !))) (underover (row (op arg) (op min)) (row (ord x)) -))"},
		{"\\sin\\cos\\log\\exp\\ln\\det\\arg",
		 "(row (op sin) (op cos) (op log) (op exp) (op ln) (op det) (op arg))"},
		{"a \\bmod b, \\pmod{n}",
		 "(row (ord a) (bin mod) (ord b) (punct ,) (row (space 8) (open () (op mod) (space 6) (row (ord n)) (close ))))"},
		{"^2 x", "(row (subsup (row) - (num 2)) (ord x))"},
		/* \sideset: scripts after the operator, then those before it; a
		 * limit after it follows the operator's own limits */
		{"\\sideset{_a^b}{_c^d}\\prod", "(row (subsup (op ∏) (ord c) (ord d) (ord a) (ord b)))"},
		{"\\sideset{}{'}\\sum_{n<k} a_n",
		 "(row (underover movable (subsup (op ∑) - (row (ord ′)) - -) (row (ord n) (rel <) (ord k)) -) "
		 "(subsup (ord a) (ord n) -))"},
		{"\\sideset{_1}{}\\int_0", "(row (subsup (subsup (op ∫) - - (num 1) -) (num 0) -))"},
		{"α ≤ β", "(row (ord α) (rel ≤) (ord β))"},
		{"x % a comment\n + 1", "(row (ord x) (bin +) (num 1))"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_dump(cases[i].tex, false, cases[i].dump);

	/* display: top-level \\ splits into rows; equation of one line is the formula */
	check_dump("a \\\\ b", true, "(row (table gathered c (trow (row (ord a))) (trow (row (ord b)))))");
	check_dump("\\begin{equation} x \\end{equation}", true, "(row (row (ord x)))");
}

static void parse_offsets_labels_tags(void **state)
{
	(void)state;
	const char *tex = "a + \\frac{b}{c} \\label{eq:x} \\tag{3a}";
	struct math_node *n = math_parse(tex, strlen(tex), true, NULL, NULL);
	assert_string_equal(n->label, "eq:x");
	assert_string_equal(n->tag, "3a");
	assert_int_equal(n->nkids, 3); /* \label and \tag set nothing */
	assert_int_equal(n->kids[2]->kind, MATH_FRAC);
	assert_int_equal(n->kids[2]->off, 4);
	assert_int_equal(n->kids[2]->len, 11);
	assert_int_equal(n->kids[1]->off, 2);
	math_free(n);

	tex = "\\begin{align} a &= b \\label{first} \\\\ c &= d \\nonumber \\end{align}";
	n = math_parse(tex, strlen(tex), true, NULL, NULL);
	assert_string_equal(n->label, "first");
	struct math_node *t = n->kids[0];
	assert_int_equal(t->kind, MATH_TABLE);
	assert_true(t->aligned);
	assert_string_equal(t->kids[0]->label, "first");
	assert_false(t->kids[0]->notag);
	assert_true(t->kids[1]->notag);
	math_free(n);

	/* array's rules: '|' at column boundaries, \hline above a row, and a
	 * last \hline below the table */
	tex = "\\begin{array}{|c|l} \\hline a & b \\\\ c & d \\\\ \\hline \\end{array}";
	n = math_parse(tex, strlen(tex), false, NULL, NULL);
	t = n->kids[0];
	assert_int_equal(t->kind, MATH_TABLE);
	assert_string_equal(t->colalign, "cl");
	assert_string_equal(t->vrules, "|| ");
	assert_int_equal(t->nkids, 2);
	assert_true(t->kids[0]->hline);
	assert_false(t->kids[1]->hline);
	assert_true(t->hline);
	math_free(n);
	tex = "\\begin{array}{cc} a & b \\end{array}";
	n = math_parse(tex, strlen(tex), false, NULL, NULL);
	assert_null(n->kids[0]->vrules);
	assert_false(n->kids[0]->hline);
	math_free(n);
}

static void parse_greek(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		uint32_t cp;
		enum math_variant var;
	} g[] = {
		{"alpha", 0x3B1, MATH_VAR_DEFAULT}, {"beta", 0x3B2, MATH_VAR_DEFAULT},
		{"gamma", 0x3B3, MATH_VAR_DEFAULT}, {"delta", 0x3B4, MATH_VAR_DEFAULT},
		{"epsilon", 0x3F5, MATH_VAR_DEFAULT}, {"varepsilon", 0x3B5, MATH_VAR_DEFAULT},
		{"zeta", 0x3B6, MATH_VAR_DEFAULT}, {"eta", 0x3B7, MATH_VAR_DEFAULT},
		{"theta", 0x3B8, MATH_VAR_DEFAULT}, {"vartheta", 0x3D1, MATH_VAR_DEFAULT},
		{"iota", 0x3B9, MATH_VAR_DEFAULT}, {"kappa", 0x3BA, MATH_VAR_DEFAULT},
		{"varkappa", 0x3F0, MATH_VAR_DEFAULT}, {"lambda", 0x3BB, MATH_VAR_DEFAULT},
		{"mu", 0x3BC, MATH_VAR_DEFAULT}, {"nu", 0x3BD, MATH_VAR_DEFAULT},
		{"xi", 0x3BE, MATH_VAR_DEFAULT}, {"omicron", 0x3BF, MATH_VAR_DEFAULT},
		{"pi", 0x3C0, MATH_VAR_DEFAULT}, {"varpi", 0x3D6, MATH_VAR_DEFAULT},
		{"rho", 0x3C1, MATH_VAR_DEFAULT}, {"varrho", 0x3F1, MATH_VAR_DEFAULT},
		{"sigma", 0x3C3, MATH_VAR_DEFAULT}, {"varsigma", 0x3C2, MATH_VAR_DEFAULT},
		{"tau", 0x3C4, MATH_VAR_DEFAULT}, {"upsilon", 0x3C5, MATH_VAR_DEFAULT},
		{"phi", 0x3D5, MATH_VAR_DEFAULT}, {"varphi", 0x3C6, MATH_VAR_DEFAULT},
		{"chi", 0x3C7, MATH_VAR_DEFAULT}, {"psi", 0x3C8, MATH_VAR_DEFAULT},
		{"omega", 0x3C9, MATH_VAR_DEFAULT}, {"Gamma", 0x393, MATH_VAR_NORMAL},
		{"Delta", 0x394, MATH_VAR_NORMAL}, {"Theta", 0x398, MATH_VAR_NORMAL},
		{"Lambda", 0x39B, MATH_VAR_NORMAL}, {"Xi", 0x39E, MATH_VAR_NORMAL},
		{"Pi", 0x3A0, MATH_VAR_NORMAL}, {"Sigma", 0x3A3, MATH_VAR_NORMAL},
		{"Upsilon", 0x3A5, MATH_VAR_NORMAL}, {"Phi", 0x3A6, MATH_VAR_NORMAL},
		{"Psi", 0x3A8, MATH_VAR_NORMAL}, {"Omega", 0x3A9, MATH_VAR_NORMAL},
		{"varGamma", 0x1D6E4, MATH_VAR_ITALIC}, {"varOmega", 0x1D6FA, MATH_VAR_ITALIC},
		{"varDelta", 0x1D6E5, MATH_VAR_ITALIC},
	};
	for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
		char tex[32];
		snprintf(tex, sizeof tex, "\\%s", g[i].name);
		struct diag_list d;
		diag_init(&d);
		struct math_node *n = math_parse(tex, strlen(tex), false, &d, NULL);
		struct math_node *l = only_leaf(n);
		assert_int_equal(d.n, 0);
		assert_int_equal(l->kind, MATH_ORD);
		if (l->cp != g[i].cp)
			print_message("%s: U+%04X\n", tex, (unsigned)l->cp);
		assert_int_equal(l->cp, g[i].cp);
		assert_int_equal(l->variant, g[i].var);
		math_free(n);
		diag_free(&d);
	}
}

static void parse_symbols(void **state)
{
	(void)state;
	static const struct {
		const char *tex;
		enum math_kind kind;
		uint32_t cp;
	} s[] = {
		{"\\times", MATH_BIN, 0xD7}, {"\\cdot", MATH_BIN, 0x22C5}, {"\\pm", MATH_BIN, 0xB1},
		{"\\mp", MATH_BIN, 0x2213}, {"\\cup", MATH_BIN, 0x222A}, {"\\cap", MATH_BIN, 0x2229},
		{"\\leq", MATH_REL, 0x2264}, {"\\geq", MATH_REL, 0x2265}, {"\\neq", MATH_REL, 0x2260},
		{"\\approx", MATH_REL, 0x2248}, {"\\equiv", MATH_REL, 0x2261},
		{"\\sim", MATH_REL, 0x223C}, {"\\simeq", MATH_REL, 0x2243},
		{"\\propto", MATH_REL, 0x221D}, {"\\in", MATH_REL, 0x2208},
		{"\\notin", MATH_REL, 0x2209}, {"\\subset", MATH_REL, 0x2282},
		{"\\subseteq", MATH_REL, 0x2286}, {"\\to", MATH_REL, 0x2192},
		{"\\rightarrow", MATH_REL, 0x2192}, {"\\leftarrow", MATH_REL, 0x2190},
		{"\\Rightarrow", MATH_REL, 0x21D2}, {"\\iff", MATH_REL, 0x27FA},
		{"\\mapsto", MATH_REL, 0x21A6}, {"\\ll", MATH_REL, 0x226A}, {"=", MATH_REL, '='},
		{"\\infty", MATH_ORD, 0x221E}, {"\\partial", MATH_ORD, 0x2202},
		{"\\nabla", MATH_ORD, 0x2207}, {"\\forall", MATH_ORD, 0x2200},
		{"\\exists", MATH_ORD, 0x2203}, {"\\ldots", MATH_ORD, 0x2026},
		{"\\cdots", MATH_ORD, 0x22EF}, {"\\dots", MATH_ORD, 0x2026},
		{"\\prime", MATH_ORD, 0x2032}, {"\\hbar", MATH_ORD, 0x210F},
		{"\\sum", MATH_OP, 0x2211}, {"\\prod", MATH_OP, 0x220F}, {"\\int", MATH_OP, 0x222B},
		{"\\iint", MATH_OP, 0x222C}, {"\\oint", MATH_OP, 0x222E},
		{"\\bigcup", MATH_OP, 0x22C3}, {"\\bigcap", MATH_OP, 0x22C2},
		{"(", MATH_OPEN, '('}, {"\\{", MATH_OPEN, '{'}, {"\\langle", MATH_OPEN, 0x27E8},
		{"]", MATH_CLOSE, ']'}, {"\\}", MATH_CLOSE, '}'}, {",", MATH_PUNCT, ','},
		{"\\mathbb{R}", MATH_ORD, 0x211D}, {"\\mathbb{N}", MATH_ORD, 0x2115},
		{"\\mathbb{E}", MATH_ORD, 0x1D53C}, {"\\mathbf{x}", MATH_ORD, 0x1D431},
		{"\\mathcal{L}", MATH_ORD, 0x2112}, {"\\mathcal{A}", MATH_ORD, 0x1D49C},
		{"\\mathit{h}", MATH_ORD, 0x210E}, {"\\mathsf{x}", MATH_ORD, 0x1D5D1},
		{"\\mathtt{x}", MATH_ORD, 0x1D6A1}, {"\\boldsymbol{x}", MATH_ORD, 0x1D499},
		{"\\mathbf{\\phi}", MATH_ORD, 0x1D6DF}, {"\\mathbf{\\Xi}", MATH_ORD, 0x1D6B5},
	};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
		struct diag_list d;
		diag_init(&d);
		struct math_node *n = math_parse(s[i].tex, strlen(s[i].tex), false, &d, NULL);
		struct math_node *l = only_leaf(n);
		assert_int_equal(d.n, 0);
		if (l->kind != s[i].kind || l->cp != s[i].cp)
			print_message("%s: %s U+%04X\n", s[i].tex, math_kind_name(l->kind),
				      (unsigned)l->cp);
		assert_int_equal(l->kind, s[i].kind);
		assert_int_equal(l->cp, s[i].cp);
		math_free(n);
		diag_free(&d);
	}
	static const struct {
		const char *tex, *name;
		enum math_limits lim;
	} ops[] = {
		{"\\lim", "lim", MATH_LIMITS_MOVABLE}, {"\\max", "max", MATH_LIMITS_MOVABLE},
		{"\\min", "min", MATH_LIMITS_MOVABLE}, {"\\sup", "sup", MATH_LIMITS_MOVABLE},
		{"\\inf", "inf", MATH_LIMITS_MOVABLE}, {"\\sin", "sin", MATH_LIMITS_NONE},
		{"\\cos", "cos", MATH_LIMITS_NONE},    {"\\log", "log", MATH_LIMITS_NONE},
		{"\\exp", "exp", MATH_LIMITS_NONE},    {"\\ln", "ln", MATH_LIMITS_NONE},
		{"\\det", "det", MATH_LIMITS_MOVABLE}, {"\\arg", "arg", MATH_LIMITS_NONE},
		{"\\operatorname{rank}", "rank", MATH_LIMITS_NONE},
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		struct math_node *n = math_parse(ops[i].tex, strlen(ops[i].tex), false, NULL, NULL);
		struct math_node *l = only_leaf(n);
		assert_int_equal(l->kind, MATH_OP);
		assert_int_equal(l->cp, 0);
		assert_string_equal(l->text, ops[i].name);
		assert_int_equal(l->limits, ops[i].lim);
		math_free(n);
	}
	/* sizes and styles land in their fields */
	struct math_node *n = math_parse("\\Bigg(", 6, false, NULL, NULL);
	assert_int_equal(only_leaf(n)->size, 4);
	math_free(n);
	n = math_parse("\\dfrac{1}{2}", 12, false, NULL, NULL);
	assert_int_equal(only_leaf(n)->style, MATH_STYLE_DISPLAY);
	math_free(n);
	assert_int_equal(math_variant_cp(MATH_VAR_FRAKTUR, 'Z'), 0x2128);
	assert_int_equal(math_variant_cp(MATH_VAR_BOLD_ITALIC, 0x3B8), 0x1D73D);
	assert_int_equal(math_variant_cp(MATH_VAR_NORMAL, 'x'), 'x');
}

/* One diagnostic of rule r at line:col whose message contains `needle`. */
static void check_diag(const char *tex, bool display, enum rule_id r, int line, int col,
		       const char *needle)
{
	struct diag_list d;
	diag_init(&d);
	struct srcpos where = {"paper.md", 3, 10};
	struct math_node *n = math_parse(tex, strlen(tex), display, &d, &where);
	if (d.n != 1)
		for (size_t i = 0; i < d.n; i++)
			print_message("%s: %d:%d %s\n", tex, d.v[i].line, d.v[i].col, d.v[i].msg);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, r);
	assert_string_equal(d.v[0].file, "paper.md");
	if (d.v[0].line != line || d.v[0].col != col || !strstr(d.v[0].msg, needle))
		print_message("%s: %d:%d %s\n", tex, d.v[0].line, d.v[0].col, d.v[0].msg);
	assert_int_equal(d.v[0].line, line);
	assert_int_equal(d.v[0].col, col);
	assert_non_null(strstr(d.v[0].msg, needle));
	/* the tree still shows where it went wrong, or at least exists */
	char *h = html_math(n, display, tex);
	assert_non_null(h);
	free(h);
	math_free(n);
	diag_free(&d);
}

static void parse_diagnostics(void **state)
{
	(void)state;
	/* the formula starts at paper.md:3:10 */
	check_diag("a + \\foo{x}", false, R_MATH_UNSUPPORTED, 3, 14, "'\\foo'");
	check_diag("\\frac{a}{b", false, R_MATH_SYNTAX, 3, 18, "'{' without matching '}'");
	check_diag("a}b", false, R_MATH_SYNTAX, 3, 11, "'}' without matching '{'");
	/* columns count characters, not bytes */
	check_diag("αβ\\foo", false, R_MATH_UNSUPPORTED, 3, 12, "'\\foo'");
	/* on a later line of the formula: line counted, column from its start */
	check_diag("a\n+ \\bar{x} \\foo", true, R_MATH_UNSUPPORTED, 4, 11, "'\\foo'");
	check_diag("\\left( x", false, R_MATH_SYNTAX, 3, 10, "'\\left' without matching '\\right'");
	check_diag("x \\right)", false, R_MATH_SYNTAX, 3, 12, "'\\right' without matching '\\left'");
	check_diag("x^", false, R_MATH_SYNTAX, 3, 11, "missing argument for '^'");
	check_diag("x^a^b", false, R_MATH_SYNTAX, 3, 13, "double superscript");
	check_diag("x_a_b", false, R_MATH_SYNTAX, 3, 13, "double subscript");
	check_diag("a & b", false, R_MATH_SYNTAX, 3, 12, "'&' outside a table");
	check_diag("a \\\\ b", false, R_MATH_SYNTAX, 3, 12, "outside a table environment");
	check_diag("\\begin{foo} x \\end{foo}", true, R_MATH_UNSUPPORTED, 3, 10,
		   "environment 'foo'");
	check_diag("\\begin{matrix} x \\end{pmatrix}", true, R_MATH_SYNTAX, 3, 27,
		   "ended by '\\end{pmatrix}'");
	check_diag("\\begin{matrix} x", true, R_MATH_SYNTAX, 3, 10, "without matching '\\end{matrix}'");
	check_diag("\\left x \\right)", false, R_MATH_SYNTAX, 3, 10, "followed by a delimiter");
	check_diag("\\frac{1}", false, R_MATH_SYNTAX, 3, 10, "missing argument for '\\frac'");
	check_diag("a $ b", false, R_MATH_SYNTAX, 3, 12, "'$' inside a formula");
	check_diag("\\text{a \\foo b}", false, R_MATH_UNSUPPORTED, 3, 18, "'\\foo'");
	check_diag("\\sin\\limits_x \\limits", false, R_MATH_SYNTAX, 3, 24, "must follow an operator");
	check_diag("a \\sideset{x}{'}\\sum", false, R_MATH_SYNTAX, 3, 12, "takes scripts only");
	check_diag("\\begin{array}{cp{2cm}} x \\end{array}", true, R_MATH_UNSUPPORTED, 3, 25,
		   "column type 'p'");
	/* unknown commands become visible errors in MathML */
	struct math_node *n = math_parse("\\foo", 4, false, NULL, NULL);
	char *h = html_math(n, false, NULL);
	assert_string_equal(h, "<math><mrow><merror><mtext>\\foo</mtext></merror></mrow></math>");
	free(h);
	math_free(n);
}

static void parse_hostile_input(void **state)
{
	(void)state;
	/* nesting is capped: one report, no deep recursion */
	struct strbuf b;
	sb_init(&b);
	for (int i = 0; i < 5000; i++)
		sb_addc(&b, '{');
	sb_addc(&b, 'x');
	for (int i = 0; i < 5000; i++)
		sb_addc(&b, '}');
	struct diag_list d;
	diag_init(&d);
	struct math_node *n = math_parse(b.s, b.len, false, &d, NULL);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, R_MATH_SYNTAX);
	assert_non_null(strstr(d.v[0].msg, "nests more than 64 levels"));
	char *h = html_math(n, false, b.s);
	free(h);
	math_free(n);
	diag_free(&d);
	sb_free(&b);

	static const char *const chains[] = {"\\frac", "\\sqrt", "x^", "\\left(", "\\mathbf",
					     "\\hat", "\\not", "\\begin{matrix}", "\\rm{", "\\text{"};
	for (size_t c = 0; c < sizeof chains / sizeof chains[0]; c++) {
		sb_init(&b);
		for (int i = 0; i < 3000; i++)
			sb_adds(&b, chains[c]);
		diag_init(&d);
		n = math_parse(b.s, b.len, true, &d, NULL);
		assert_true(d.n >= 1);
		assert_true(d.n <= 8); /* reports are capped per formula */
		h = html_math(n, true, b.s);
		free(h);
		math_free(n);
		diag_free(&d);
		sb_free(&b);
	}

	/* random token soup: must never crash (run under ASan/UBSan too) */
	static const char *const toks[] = {
		"{", "}", "^", "_", "&", "\\\\", "\\left(", "\\right)", "\\frac", "\\sqrt[", "]",
		"x", "1.5", "\\alpha", "\\begin{cases}", "\\end{cases}", "\\begin{aligned}",
		"\\end{aligned}", "\\text{", "\\mathbf", "'", "\\not", "\\limits", "\\sum", "\\label{",
		"\\over", "\\rm", "%", "\n", "\\", "\xff", "$", "#", "~", "\\big", ".", "\\operatorname",
	};
	uint32_t seed = 12345;
	for (int iter = 0; iter < 3000; iter++) {
		sb_init(&b);
		int len = 1 + (int)(seed % 24);
		for (int k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			sb_adds(&b, toks[(seed >> 16) % (sizeof toks / sizeof toks[0])]);
		}
		diag_init(&d);
		n = math_parse(b.s, b.len, iter & 1, &d, NULL);
		assert_non_null(n);
		h = html_math(n, iter & 1, b.s);
		assert_well_formed(h);
		char *s = math_dump(n);
		free(s);
		free(h);
		math_free(n);
		diag_free(&d);
		sb_free(&b);
	}
	/* empty and NULL input */
	n = math_parse("", 0, false, NULL, NULL);
	assert_int_equal(n->kind, MATH_ROW);
	assert_int_equal(n->nkids, 0);
	math_free(n);
	n = math_parse(NULL, 0, true, NULL, NULL);
	assert_non_null(n);
	math_free(n);
	math_free(NULL);
}

/* ----------------------------------------------------------------- MathML */

/* The text that stands for a formula where no math can be shown. */
static void readable_text(void **state)
{
	(void)state;
	static const struct {
		const char *tex, *want;
	} cases[] = {
		{"\\mathbf{\\Phi}(\\mathbf{x})", "Φ(x)"},
		{"x^2 + y_i", "x² + yᵢ"},
		{"\\frac{a+b}{2}", "(a + b)/2"},
		{"\\sqrt{x^2+1}", "√(x² + 1)"},
		{"\\sum_{i=1}^{n} x_i", "∑_(i=1)ⁿ xᵢ"},
		{"\\lim_{n\\to\\infty} a_n", "lim_(n→∞) aₙ"},
		{"\\hat{x}", "x\xCC\x82"},
		{"-x \\leq 3", "−x ≤ 3"},
		{"\\mathbb{R}^n", "ℝⁿ"},
		{"\\mathcal{O}(n \\log n)", "𝒪(n log n)"},
		{"\\binom{n}{k}", "(n, k)"},
		{"\\sqrt[3]{8}", "³√8"},
		{"x_{\\text{max}}", "x_max"},
		{"e^{-x^2}", "e^(−x²)"},
		{"\\begin{pmatrix}1&0\\\\0&1\\end{pmatrix}", "(1, 0; 0, 1)"},
		{"\\alpha\\text{ and }\\beta", "α and β"},
		{"f'(x)", "f′(x)"},
		{"\\boldsymbol{\\beta}_1", "β₁"},
		{"", ""},          /* the fuzzer's first find */
		{"x^{}_{ }", "x"}, /* empty scripts */
		{"\\sideset{_1^2}{_3^4}\\bigotimes", "₁²⨂₃⁴"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = math_text_of(cases[i].tex, strlen(cases[i].tex));
		assert_string_equal(got, cases[i].want);
		free(got);
	}
	char *s = math_text_inline("Plot of $f(x) = x^2$ on $[0, 1]$, for $5 and $10.", false);
	assert_string_equal(s, "Plot of f(x) = x² on [0, 1], for $5 and $10.");
	free(s);
}

static void mathml_output(void **state)
{
	(void)state;
	char *h;
	static const struct {
		const char *tex;
		bool display;
		const char *want;
	} cases[] = {
		{"x^2", false,
		 "<math><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow>"
		 "<annotation encoding=\"application/x-tex\">x^2</annotation></semantics></math>"},
		{"a<b \\& \"c\"", false,
		 "<math><semantics><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi><mo>&amp;</mo><mo>\""
		 "</mo><mi>c</mi><mo>\"</mo></mrow><annotation encoding=\"application/x-tex\">a&lt;b \\&amp; \"c\""
		 "</annotation></semantics></math>"},
		{"\\sum_{i=1}^n x_i", true,
		 "<math display=\"block\"><semantics><mrow><munderover><mo movablelimits=\"true\">∑"
		 "</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><msub><mi>"
		 "x</mi><mi>i</mi></msub></mrow><annotation encoding=\"application/x-tex\">\\sum_{i="
		 "1}^n x_i</annotation></semantics></math>"},
		{"\\mathbb{R} \\mathbf{x} \\mathcal{L} \\Gamma \\mathrm{d}x", false,
		 "<math><semantics><mrow><mi>ℝ</mi><mi>𝐱</mi><mi>ℒ</mi><mi mathvariant=\"normal\">Γ"
		 "</mi><mi mathvariant=\"normal\">d</mi><mi>x</mi></mrow><annotation encoding=\"appli"
		 "cation/x-tex\">\\mathbb{R} \\mathbf{x} \\mathcal{L} \\Gamma \\mathrm{d}x</annotation>"
		 "</semantics></math>"},
		{"\\frac{1}{2}\\sqrt[3]{x}\\sqrt{y}", false,
		 "<math><semantics><mrow><mfrac><mn>1</mn><mn>2</mn></mfrac><mroot><mi>x</mi><mn>3</mn>"
		 "</mroot><msqrt><mi>y</mi></msqrt></mrow><annotation encoding=\"application/x-tex\">"
		 "\\frac{1}{2}\\sqrt[3]{x}\\sqrt{y}</annotation></semantics></math>"},
		{"\\sin x + (a)", false,
		 "<math><semantics><mrow><mi>sin</mi><mo>\u2061</mo><mi>x</mi><mo>+</mo><mo stretchy"
		 "=\"false\">(</mo><mi>a</mi><mo stretchy=\"false\">)</mo></mrow><annotation encoding"
		 "=\"application/x-tex\">\\sin x + (a)</annotation></semantics></math>"},
		{"\\left| x \\right.\\hat{y}\\,\\text{if}", false,
		 "<math><semantics><mrow><mrow><mo fence=\"true\" stretchy=\"true\">|</mo><mi>x</mi>"
		 "</mrow><mover accent=\"true\"><mi>y</mi><mo stretchy=\"false\">^</mo></mover><mspace"
		 " width=\"0.167em\"></mspace><mtext>if</mtext></mrow><annotation encoding=\"application/x-te"
		 "x\">\\left| x \\right.\\hat{y}\\,\\text{if}</annotation></semantics></math>"},
		{"\\begin{pmatrix} a & b \\end{pmatrix}", true,
		 "<math display=\"block\"><semantics><mrow><mrow><mo fence=\"true\" stretchy=\"true\">("
		 "</mo><mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr></mtable><mo fence"
		 "=\"true\" stretchy=\"true\">)</mo></mrow></mrow><annotation encoding=\"application/x"
		 "-tex\">\\begin{pmatrix} a &amp; b \\end{pmatrix}</annotation></semantics></math>"},
		/* the space at the end of \\text{if } is kept: a browser trims an
		 * mtext's own */
		{"\\text{if } x", false,
		 "<math><semantics><mrow><mtext>if\xC2\xA0</mtext><mi>x</mi></mrow><annotation encoding="
		 "\"application/x-tex\">\\text{if } x</annotation></semantics></math>"},
		/* \argmax as papers declare it; ∴; bbm's \mathbbm{1}; colour left
		 * out; \hphantom's width alone; \boxed framed by the style sheet */
		{"\\argmax_y p", false,
		 "<math><semantics><mrow><munder><mo movablelimits=\"true\" lspace=\"0\" rspace=\"0.1667e"
		 "m\">arg\u2009max</mo><mi>y</mi>"
		 "</munder><mo>\u2061</mo><mi>p</mi></mrow><annotation encoding=\"application/x-tex\">"
		 "\\argmax_y p</annotation></semantics></math>"},
		{"\\therefore \\mathbbm{1} \\textcolor{red}{x} \\hphantom{b} \\boxed{d}", false,
		 "<math><semantics><mrow><mo lspace=\"0.2778em\" rspace=\"0.2778em\">∴</mo><mn>𝟙</mn><mi>x</mi><mpadded height=\"0\" depth=\"0"
		 "\"><mphantom><mi>b</mi></mphantom></mpadded><mrow class=\"q-boxed\"><mi>d</mi></mrow>"
		 "</mrow><annotation encoding=\"application/x-tex\">\\therefore \\mathbbm{1} \\textco"
		 "lor{red}{x} \\hphantom{b} \\boxed{d}</annotation></semantics></math>"},
		/* \cancel and its kin: strokes the style sheet draws */
		{"\\cancel{a} \\bcancel{b} \\xcancel{c}", false,
		 "<math><semantics><mrow><mrow class=\"q-cancel\"><mi>a</mi></mrow><mrow class=\"q-bc"
		 "ancel\"><mi>b</mi></mrow><mrow class=\"q-xcancel\"><mi>c</mi></mrow></mrow><annotati"
		 "on encoding=\"application/x-tex\">\\cancel{a} \\bcancel{b} \\xcancel{c}</annotation><"
		 "/semantics></math>"},
		/* \cancelto: the struck expression with its value as a superscript */
		{"\\cancelto{0}{x-x}", false,
		 "<math><semantics><mrow><msup><mrow class=\"q-cancel\"><mrow><mi>x</mi><mo>−</mo><mi>x"
		 "</mi></mrow></mrow><mn>0</mn></msup></mrow><annotation encoding=\"application/x-tex\">\\c"
		 "ancelto{0}{x-x}</annotation></semantics></math>"},
		/* \sideset: one mmultiscripts, an empty mrow for a missing script,
		 * no prescripts when there are none before; limits under it */
		{"\\sideset{_a}{^b}\\prod", false,
		 "<math><semantics><mrow><mmultiscripts><mo>∏</mo><mrow></mrow><mi>b</mi><mprescripts>"
		 "</mprescripts><mi>a</mi><mrow></mrow></mmultiscripts></mrow><annotation encoding=\"ap"
		 "plication/x-tex\">\\sideset{_a}{^b}\\prod</annotation></semantics></math>"},
		{"\\sideset{}{'}\\sum_{i}", true,
		 "<math display=\"block\"><semantics><mrow><munder><mmultiscripts><mo>∑</mo><mrow></mr"
		 "ow><mo>′</mo></mmultiscripts><mi>i</mi></munder></mrow><annotation encoding=\"applica"
		 "tion/x-tex\">\\sideset{}{'}\\sum_{i}</annotation></semantics></math>"},
		/* \xrightarrow: a stretchy arrow over labels padded half an em on
		 * each side, a relation's space around it */
		{"A \\xrightarrow[b]{f} B", false,
		 "<math><semantics><mrow><mi>A</mi><mrow><mspace width=\"0.2778em\"></mspace><munderove"
		 "r><mo stretchy=\"true\">→</mo><mrow><mspace width=\"0.5em\"></mspace><mi>b</mi><mspac"
		 "e width=\"0.5em\"></mspace></mrow><mrow><mspace width=\"0.5em\"></mspace><mi>f</mi><m"
		 "space width=\"0.5em\"></mspace></mrow></munderover><mspace width=\"0.2778em\"></mspace"
		 "></mrow><mi>B</mi></mrow><annotation encoding=\"application/x-tex\">A \\xrightarrow[b]{"
		 "f} B</annotation></semantics></math>"},
		/* array's rules are cell borders */
		{"\\begin{array}{c|c} a & b \\\\ \\hline c & d \\end{array}", false,
		 "<math><semantics><mrow><mtable><mtr><mtd><mi>a</mi></mtd><mtd class=\"q-vl\"><mi>b</mi>"
		 "</mtd></mtr><mtr><mtd class=\"q-ht\"><mi>c</mi></mtd><mtd class=\"q-vl q-ht\"><mi>d"
		 "</mi></mtd></mtr></mtable></mrow><annotation encoding=\"application/x-tex\">\\begin{"
		 "array}{c|c} a &amp; b \\\\ \\hline c &amp; d \\end{array}</annotation></semantics>"
		 "</math>"},
		/* a sign after a relation, an opening or another operator is a
		 * prefix operator: the browser must not space it as binary */
		{"x = -1, (-a) - b", false,
		 "<math><semantics><mrow><mi>x</mi><mo>=</mo><mo form=\"prefix\">−</mo><mn>1</mn><mo>,"
		 "</mo><mo stretchy=\"false\">(</mo><mo form=\"prefix\">−</mo><mi>a</mi><mo stretchy="
		 "\"false\">)</mo><mo>−</mo><mi>b</mi></mrow><annotation encoding=\"application/x-tex\">"
		 "x = -1, (-a) - b</annotation></semantics></math>"},
		{"\\begin{aligned} a &= 1 \\end{aligned}", true,
		 "<math display=\"block\"><semantics><mrow><mtable displaystyle=\"true\"><mtr><mtd cla"
		 "ss=\"q-mr q-mtight\"><mi>a</mi></mtd><mtd class=\"q-ml q-mtight\"><mo>=</mo><mn>1</m"
		 "n></mtd></mtr></mtable></mrow><annotation encoding="
		 "\"application/x-tex\">\\begin{aligned} a &amp;= 1 \\end{aligned}</annotation></seman"
		 "tics></math>"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = mathml(cases[i].tex, cases[i].display);
		if (strcmp(got, cases[i].want))
			print_message("for %s\n got: %s\nwant: %s\n", cases[i].tex, got, cases[i].want);
		assert_string_equal(got, cases[i].want);
		assert_well_formed(got);
		free(got);
	}
	/* bytes that are not UTF-8 are replaced, never copied */
	struct math_node *bad = math_parse("a\xff\x01", 3, false, NULL, NULL);
	h = html_math(bad, false, "a\xff\x01");
	assert_non_null(strstr(h, "<merror><mtext>\xEF\xBF\xBD</mtext></merror>"));
	assert_well_formed(h);
	free(h);
	math_free(bad);
	/* no annotation without TeX; NULL tree gives an empty formula */
	h = html_math(NULL, false, NULL);
	assert_string_equal(h, "<math><mrow></mrow></math>");
	free(h);
}

/* ------------------------------------------------------------ JOSS corpus */

/* Every formula of the JOSS papers, in order, as written between the
 * delimiters (continuation lines without their indentation). */

static const char *const joss_CliMA__Oceananigans_jl[] = {
	"256^3",
	"256\\times512\\times128",
};
static const char *const joss_JohannesBuchner__UltraNest[] = {
	"Z",
	"B=Z_1/Z_2",
	"N",
	"L",
	"V_{i+1}/V_i = (N - 1)/N",
	"V_i=1",
	"w_i=L_i\\times V_i",
	"Z_i=\\sum_{j=1}^i w_i",
	"w_{live}=V_{i+1}\\max_{i=1}^N L_{live,i}\\ll Z_i",
	"Z",
	"d>20",
};
static const char *const joss_dynamicslab__pykoopman[] = {
	"\\mathbf{\\Phi}(\\mathbf{x})",
	"\\mathbf{\\Phi}(\\mathbf{x})",
	"\\mathbf{x}",
	"\\mathbf{z}",
	"\\mathbf{x}",
	"\\mathbf{z}",
	"\\mathbf{A}",
	"\\cdot",
	"\\mathbf{x}",
	"\\dot{\\mathbf{X}}",
	"\\mathbf{X}",
	"\n"
		"\\begin{aligned}\n"
		"\\dot x_1 &= -0.05x_1 \\\\\n"
		"\\dot x_2 &= -x_2 + x_1^2.\n"
		"\\end{aligned}\n"
		"",
};
static const char *const joss_dynamicslab__pysindy[] = {
	"\\mathbf{q}(t)\\in\\mathbb{R}^n",
	"\\mathbf{f}",
	"\\begin{equation}\\label{eq:sindy_eq}\n"
		"\\frac{d}{dt} \\mathbf{q} = \\mathbf{f}(\\mathbf{q}).\n"
		"\\end{equation}",
	"\\mathbf{f}",
	"\\boldsymbol{\\theta}(\\mathbf{q}) = [\\theta_1(\\mathbf{q}),\\theta_2(\\mathbf{q}),\\dots,\\theta_p(\\mathbf{q})]",
	"\\begin{equation}\\label{eq:sindy_expansion}\n"
		"\\mathbf{f}(\\mathbf{q})\\approx \\sum_{k=1}^{p}\\theta_k(\\mathbf{q})\\boldsymbol\\xi_k, \\quad \\text{or equivalently} \\quad \\frac{d}{dt}\\mathbf{q} \\approx \\mathbf{\\Theta}(\\mathbf{q})\\mathbf{\\Xi},\n"
		"\\end{equation}",
	"\\boldsymbol{\\Xi} = [\\boldsymbol\\xi_1,\\boldsymbol\\xi_2,\\dots,\\boldsymbol\\xi_p]",
	"\\mathbf{f}(\\mathbf{q})",
	"\\boldsymbol{\\theta}",
	"\\mathbf{f}(\\mathbf{q})",
	"\\boldsymbol{\\theta}",
	"t_1, ..., t_m",
	"\\mathbf{Q} \\in \\mathbb{R}^{m\\times n}",
	"\\begin{eqnarray}\\label{eq:Q_matrix}\n"
		"\\mathbf{Q} = \\begin{bmatrix}\n"
		"q_1(t_1) & q_2(t_1) & \\cdots & q_n(t_1)\\\\\n"
		"q_1(t_2) & q_2(t_2) & \\cdots & q_n(t_2)\\\\\n"
		"\\vdots & \\vdots & \\ddots & \\vdots \\\\\n"
		"q_1(t_m) & q_2(t_m) & \\cdots & q_n(t_m)\n"
		"\\end{bmatrix}\n"
		"\\label{Eq:DataMatrix}.\n"
		"\\end{eqnarray}",
	"\\mathbf Q_t",
	"\\mathbf{Q}",
	"\\mathbf Q_t",
	"\\mathbf Q_t \\approx \\mathbf{\\Theta}(\\mathbf{Q})\\mathbf{\\Xi}",
	"\\mathbf{\\Xi}",
	"\\mathbf Q_t",
	"R(\\mathbf{\\Xi})",
	"l_0",
	"l_1",
	"\\begin{equation}\\label{eq:sindy_regression}\n"
		"\\text{argmin}_{\\boldsymbol\\Xi}\\|\\mathbf Q_t - \\boldsymbol\\Theta(\\mathbf{Q}) \\boldsymbol\\Xi\\|^2 + R(\\boldsymbol\\Xi).\n"
		"\\end{equation}",
	"\\mathbf{Q}(\\mathbf{x}, t) \\in \\mathbb{R}^{m\\times n}",
	"\\mathbf{u} \\in \\mathbb{R}^{m \\times r}",
	"m",
	"\\mathbf{g}",
	"\\begin{equation}\\label{eq:pysindy_eq}\n"
		"\\mathbf{g}(\\mathbf{q},\\mathbf q_t, \\mathbf q_x, \\mathbf q_y, \\mathbf q_{xx}, ..., \\mathbf{u}) = 0.\n"
		"\\end{equation}",
	"\\mathbf{\\Theta}(\\mathbf{Q})",
	"\\mathbf{\\Theta}(\\mathbf{Q}, \\mathbf Q_t, \\mathbf Q_x, ..., \\mathbf{u})",
	"\\dot{\\mathbf{q}}",
	"q_t = -qq_x - q_{xx} - q_{xxxx}",
	"q_t = -0.98qq_x -0.99q_{xx} - 1.0q_{xxxx}",
};
static const char *const joss_kinnala__scikit_fem[] = {
	"Ax=b",
	"A",
	"b",
	"H^1",
	"H(\\mathrm{div})",
	"H(\\mathrm{curl})",
	"H^2",
	"(A, b)",
	"H(\\mathrm{curl})",
	"\\nabla \\times \\nabla \\times E + E = f",
	"E",
};
static const char *const joss_scikit_hep__pyhf[] = {
	"f(\\mathbf{x}|\\mathbf{\\phi})",
	"\\mathbf{x}",
	"\\mathbf{\\phi}",
	"\\mathcal{L}(\\mathbf{\\phi})",
	"\\mathbf{\\phi}",
};
static const char *const joss_yt_project__unyt[] = {
	"h",
	"T_{\\rm package}/T_{\\rm numpy}",
	"T_{\\rm numpy}",
	"T_{\\rm package}",
	"T_{\\rm\n"
		"numpy}",
	"T_{\\rm numpy}",
	"T_{\\rm package}",
	"T_{\\rm numpy}",
	"T_{\\rm package}/T_{\\rm numpy}",
	"10^6",
	"\\sim 0.5",
};

struct corpus_paper {
	const char *dir;
	const char *const *tex;
	size_t n;
};

#define MATHS(a) a, sizeof a / sizeof a[0]

static const struct corpus_paper papers[] = {
	{"AMReX-Codes__amrex", NULL, 0},
	{"CliMA__Oceananigans.jl", MATHS(joss_CliMA__Oceananigans_jl)},
	{"DistrictDataLabs__yellowbrick", NULL, 0},
	{"FourierFlows__GeophysicalFlows.jl", NULL, 0},
	{"Jammy2211__PyAutoLens", NULL, 0},
	{"JohannesBuchner__UltraNest", MATHS(joss_JohannesBuchner__UltraNest)},
	{"JuliaDynamics__DynamicalSystems.jl", NULL, 0}, /* no math; $ only in code */
	{"SALib__SALib", NULL, 0},
	{"alan-turing-institute__MLJ.jl", NULL, 0},
	{"dfm__emcee", NULL, 0},
	{"dynamicslab__pykoopman", MATHS(joss_dynamicslab__pykoopman)},
	{"dynamicslab__pysindy", MATHS(joss_dynamicslab__pysindy)},
	{"exoplanet-dev__exoplanet", NULL, 0},
	{"fatiando__pooch", NULL, 0},
	{"kinnala__scikit-fem", MATHS(joss_kinnala__scikit_fem)},
	{"lmcinnes__umap", NULL, 0},
	{"mackelab__sbi", NULL, 0},
	{"mne-tools__mne-bids", NULL, 0},
	{"scikit-hep__pyhf", MATHS(joss_scikit_hep__pyhf)},
	{"yt-project__unyt", MATHS(joss_yt_project__unyt)},
};

static char corpus_path[4096];

/* shared/corpus lies beside the work tree: found from the current
 * directory (the tree's root), from the test binary, or named by
 * QUIRE_JOSS_CORPUS. */
static const char *corpus_dir(void)
{
	char exe_rel[4096] = "";
	if (argv0) {
		char *tmp = xstrdup(argv0);
		snprintf(exe_rel, sizeof exe_rel, "%s/../../../shared/corpus/joss", dirname(tmp));
		free(tmp);
	}
	const char *cands[] = {getenv("QUIRE_JOSS_CORPUS"), "../shared/corpus/joss", exe_rel,
			       "/work/shared/corpus/joss"};
	for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
		if (!cands[i] || !cands[i][0])
			continue;
		char probe[4200];
		snprintf(probe, sizeof probe, "%s/dynamicslab__pysindy/paper.md", cands[i]);
		if (access(probe, R_OK) == 0) {
			snprintf(corpus_path, sizeof corpus_path, "%s", cands[i]);
			return corpus_path;
		}
	}
	return NULL;
}

/* Zero diagnostics and no <merror> for one formula. */
static void check_formula(const char *tex, bool display, const struct srcpos *where)
{
	struct diag_list d;
	diag_init(&d);
	struct math_node *n = math_parse(tex, strlen(tex), display, &d, where);
	for (size_t i = 0; i < d.n; i++)
		print_message("%s:%d:%d: %s\n", d.v[i].file ? d.v[i].file : "-", d.v[i].line,
			      d.v[i].col, d.v[i].msg);
	assert_int_equal(d.n, 0);
	char *h = html_math(n, display, tex);
	assert_null(strstr(h, "merror"));
	assert_well_formed(h);
	free(h);
	math_free(n);
	diag_free(&d);
}

static void joss_formulas_parse_cleanly(void **state)
{
	(void)state;
	size_t total = 0;
	for (size_t p = 0; p < sizeof papers / sizeof papers[0]; p++)
		for (size_t i = 0; i < papers[p].n; i++) {
			check_formula(papers[p].tex[i], false, NULL);
			check_formula(papers[p].tex[i], true, NULL);
			total++;
		}
	assert_int_equal(total, 86);
}

static void joss_papers_math_recognised(void **state)
{
	(void)state;
	const char *dir = corpus_dir();
	if (!dir) {
		print_message("shared/corpus/joss not found: set QUIRE_JOSS_CORPUS\n");
		skip();
	}
	for (size_t p = 0; p < sizeof papers / sizeof papers[0]; p++) {
		char *path = xasprintf("%s/%s/paper.md", dir, papers[p].dir);
		char *text;
		size_t len;
		assert_int_equal(read_file(path, 1 << 24, &text, &len), 0);
		cmark_node *doc = md(text);
		size_t k = 0;
		cmark_iter *it = cmark_iter_new(doc);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			if (ev != CMARK_EVENT_ENTER || !md_math_is_math(n))
				continue;
			if (k >= papers[p].n || strcmp(md_math_tex(n), papers[p].tex[k]) != 0)
				print_message("%s: formula %zu at line %d is [%s], expected [%s]\n", path, k,
					      cmark_node_get_start_line(n), md_math_tex(n),
					      k < papers[p].n ? papers[p].tex[k] : "(none)");
			assert_true(k < papers[p].n);
			assert_string_equal(md_math_tex(n), papers[p].tex[k]);
			struct srcpos where = {path, 0, 0};
			md_math_tex_pos(n, &where.line, &where.col);
			check_formula(md_math_tex(n), md_math_is_display(n), &where);
			k++;
		}
		cmark_iter_free(it);
		if (k != papers[p].n)
			print_message("%s: %zu formulas, expected %zu\n", path, k, papers[p].n);
		assert_int_equal(k, papers[p].n);
		cmark_node_free(doc);
		free(text);
		free(path);
	}
}

/* Formulas in plain text (BibTeX titles) are found as pandoc finds them:
 * a price is not a formula, nor is an escaped or spaced dollar. */
static void inline_math_in_plain_text(void **state)
{
	(void)state;
	size_t a, b;
	assert_true(math_find_inline("multiple $b$-jets", 0, &a, &b));
	assert_int_equal(a, 9);
	assert_int_equal(b, 12);
	assert_true(math_find_inline("at $\\sqrt{s} = 13$ $\\mathrm{TeV}$", 0, &a, &b));
	assert_int_equal(a, 3);
	assert_int_equal(b, 18);
	assert_true(math_find_inline("at $\\sqrt{s} = 13$ $\\mathrm{TeV}$", b, &a, &b));
	assert_int_equal(a, 19);
	assert_false(math_find_inline("costs $5 and $10", 0, &a, &b));
	assert_false(math_find_inline("a $ b $ c", 0, &a, &b));
	assert_false(math_find_inline("display $$x$$ only", 0, &a, &b));
	assert_false(math_find_inline("escaped \\$x\\$ dollars", 0, &a, &b));
	assert_true(math_find_inline("an $\\$$-sign formula", 0, &a, &b));
	assert_int_equal(b, 7);
}

int main(int argc, char **argv)
{
	(void)argc;
	argv0 = argv[0];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inline_math_in_plain_text),
		cmocka_unit_test(ext_inline_keeps_raw_tex),
		cmocka_unit_test(ext_formula_lines_are_not_blocks),
		cmocka_unit_test(ext_dollars_that_are_not_math),
		cmocka_unit_test(ext_display_block_with_label),
		cmocka_unit_test(ext_display_inside_paragraph),
		cmocka_unit_test(ext_environments),
		cmocka_unit_test(ext_tables_footnotes_links),
		cmocka_unit_test(ext_renderers),
		cmocka_unit_test(ext_hostile_input_stays_linear),
		cmocka_unit_test(parse_structure),
		cmocka_unit_test(parse_offsets_labels_tags),
		cmocka_unit_test(parse_greek),
		cmocka_unit_test(parse_symbols),
		cmocka_unit_test(parse_diagnostics),
		cmocka_unit_test(parse_hostile_input),
		cmocka_unit_test(readable_text),
		cmocka_unit_test(mathml_output),
		cmocka_unit_test(joss_formulas_parse_cleanly),
		cmocka_unit_test(joss_papers_math_recognised),
	};
	return cmocka_run_group_tests_name("math", tests, NULL, NULL);
}
