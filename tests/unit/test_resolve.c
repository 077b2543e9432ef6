/* Unit tests for the resolve stage: citation syntax, positions of
 * problems, numbering styles, reference formatting, cross-references, and
 * the JOSS corpus and sample volume as a whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proceedings/bibtex.h"
#include "proceedings/cite.h"
#include "proceedings/markdown.h"
#include "proceedings/model.h"
#include "proceedings/paper.h"
#include "proceedings/refstyle.h"
#include "proceedings/resolve.h"
#include "proceedings/util.h"
#include "proceedings/xref.h"

/* ------------------------------------------------------------ fixtures */

/* A paper resolved here, whatever paper_load does: its body is dropped and
 * read again into `body`, a fresh tree that only this resolve changes, so
 * `d` holds exactly what resolving reported (and the .bib's problems). */
struct loaded {
	struct diag_list load_diags;
	struct paper *p;
	struct markdown body;
	struct diag_list d;
	struct paper_refs *r;
};

static void load_resolved(struct loaded *l, const char *path, const char *style)
{
	memset(l, 0, sizeof *l);
	diag_init(&l->load_diags);
	diag_init(&l->d);
	l->p = paper_load(path, &l->load_diags);
	assert_non_null(l->p);
	paper_drop_body(l->p);
	assert_true(paper_body_read(l->p, &l->body));
	assert_non_null(l->body.doc);
	struct volume vol;
	memset(&vol, 0, sizeof vol);
	vol.layout.citation_style = (char *)style;
	l->r = resolve_body(style ? &vol : NULL, l->p, &l->body, &l->d);
	assert_non_null(l->r);
}

static void loaded_free(struct loaded *l)
{
	resolve_free(l->r);
	markdown_free(&l->body);
	paper_free(l->p);
	diag_free(&l->d);
	diag_free(&l->load_diags);
}

struct fx {
	char dir[64];
	char *path;
	struct loaded l;
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char *p = path_join(dir, name);
	FILE *o = fopen(p, "w");
	assert_non_null(o);
	fputs(text, o);
	fclose(o);
	free(p);
}

/* Write paper.md (and refs.bib when given) into a fresh folder, load and
 * resolve it with the given citation style (NULL: no volume). */
static void fx_load(struct fx *f, const char *md, const char *bib, const char *style)
{
	memset(f, 0, sizeof *f);
	strcpy(f->dir, "/tmp/quire-resolve-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	if (bib)
		write_file(f->dir, "refs.bib", bib);
	write_file(f->dir, "paper.md", md);
	f->path = path_join(f->dir, "paper.md");
	load_resolved(&f->l, f->path, style);
}

static void fx_free(struct fx *f)
{
	loaded_free(&f->l);
	char *bp = path_join(f->dir, "refs.bib");
	unlink(bp);
	free(bp);
	unlink(f->path);
	rmdir(f->dir);
	free(f->path);
}

static size_t count_rule(const struct diag_list *d, enum rule_id r)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].rule == r;
	return n;
}

static const struct diag *nth_rule(const struct diag_list *d, enum rule_id r, size_t k)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule == r && k-- == 0)
			return &d->v[i];
	return NULL;
}

static void assert_diag_at(const struct diag_list *d, enum rule_id r, size_t k, int line, int col)
{
	const struct diag *g = nth_rule(d, r, k);
	assert_non_null(g);
	assert_int_equal(g->line, line);
	assert_int_equal(g->col, col);
}

/* A node's inlines as text: citations as {text}, cross-references as
 * <text>, links as [..], code as `..`. */
static char *render(cmark_node *n)
{
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "");
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(x);
		if (x == n)
			continue;
		if (ev == CMARK_EVENT_ENTER && cite_of(x)) {
			sb_printf(&b, "{%s}", cite_of(x)->text);
			cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
		} else if (ev == CMARK_EVENT_ENTER && xref_of(x)) {
			sb_printf(&b, "<%s>", xref_of(x)->text);
			cmark_iter_reset(it, x, CMARK_EVENT_EXIT);
		} else if (ev == CMARK_EVENT_EXIT && (cite_of(x) || xref_of(x))) {
			continue;
		} else if (t == CMARK_NODE_TEXT) {
			sb_adds(&b, cmark_node_get_literal(x));
		} else if (t == CMARK_NODE_CODE) {
			sb_printf(&b, "`%s`", cmark_node_get_literal(x));
		} else if (t == CMARK_NODE_SOFTBREAK) {
			sb_addc(&b, ' ');
		} else if (t == CMARK_NODE_LINEBREAK) {
			sb_addc(&b, '|');
		} else if (t == CMARK_NODE_FOOTNOTE_REFERENCE && ev == CMARK_EVENT_ENTER) {
			sb_printf(&b, "^%s", cmark_node_get_literal(x));
		} else if (t == CMARK_NODE_LINK) {
			sb_addc(&b, ev == CMARK_EVENT_ENTER ? '[' : ']');
		} else if (t == CMARK_NODE_EMPH) {
			sb_addc(&b, '*');
		}
	}
	cmark_iter_free(it);
	return sb_steal(&b);
}

/* The k-th block of the document (0-based). */
static cmark_node *block(const struct fx *f, int k)
{
	cmark_node *n = cmark_node_first_child(f->l.body.doc);
	while (n && k-- > 0)
		n = cmark_node_next(n);
	assert_non_null(n);
	return n;
}

static void assert_render(const struct fx *f, int k, const char *want)
{
	char *got = render(block(f, k));
	assert_string_equal(got, want);
	free(got);
}

/* Citation items and cross-references in the tree, counted by walking it. */
static void count_nodes(cmark_node *doc, const struct paper_refs *r, size_t *items, size_t *xrefs,
			size_t *unresolved_xrefs)
{
	*items = *xrefs = *unresolved_xrefs = 0;
	cmark_node *roots[64];
	size_t nroots = 0;
	roots[nroots++] = doc;
	for (size_t i = 0; i < xref_float_count(r) && nroots < 64; i++) {
		const struct xfloat *x = xref_float_at(r, i);
		if (x->kind == XREF_TABLE && x->caption)
			roots[nroots++] = x->caption;
	}
	for (size_t k = 0; k < nroots; k++) {
		cmark_iter *it = cmark_iter_new(roots[k]);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *x = cmark_iter_get_node(it);
			if (ev != CMARK_EVENT_ENTER)
				continue;
			const struct cite *c = cite_of(x);
			for (size_t i = 0; c && i < c->nitems; i++)
				*items += c->items[i].ref != NULL;
			if (xref_of(x)) {
				(*xrefs)++;
				*unresolved_xrefs += xref_of(x)->target == NULL;
			}
		}
		cmark_iter_free(it);
	}
}

static const char *const syntax_bib =
	"@article{a, author={Lovelace, Ada}, title={Notes}, journal={J}, year={1843}}\n"
	"@article{b, author={Smith, John and Doe, Jane}, title={B}, journal={J}, year={2001}}\n"
	"@article{c, author={Curie, Marie and Pierre, Paul and Third, Tom}, title={C}, journal={J}, year={1903}}\n"
	"@article{d, author={Darwin, Charles}, title={D}, journal={J}, year={1859}}\n"
	"@article{e, author={Euler, Leonhard}, title={E}, journal={J}, year={1750}}\n"
	"@article{doe:2020.x-1+2/b, author={Doe, John}, title={P}, journal={J}, year={2020}}\n"
	"@misc{f, author={{ACME Corp}}, title={F}, year={2010}}\n"
	"@misc{never, author={Nobody, N.}, title={Uncited}, year={2000}}\n";

/* ------------------------------------------------------------ citations */

static void citation_syntax(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f,
		"---\ntitle: Syntax\nbibliography: refs.bib\n---\n\n"
		"See [@a] and [@b; @c, p. 3] and [see @d, ch. 2; also @e].\n\n"
		"Suppressed [-@a]. Narrative @b says so, and @c [p. 7] too. Also (@a).\n\n"
		"Mail name@host and `@a` in code and <https://example.org/@a> and [link @e](https://example.org/@a)"
		" and \\@a escaped.\n\n"
		"Keys @doe:2020.x-1+2/b, @{f}. And [@a,@b,@c,@e] end.\n\n"
		"    @a in a code block\n",
		syntax_bib, NULL);
	assert_render(&f, 0, "See {[1]} and {[2; 3, p. 3]} and {[see 4, ch. 2; also 5]}.");
	assert_render(&f, 1, "Suppressed {[1]}. Narrative {Smith and Doe [2]} says so, and "
			     "{Curie et al. [3, p. 7]} too. Also ({Lovelace [1]}).");
	assert_render(&f, 2, "Mail name@host and `@a` in code and [https://example.org/@a] and "
			     "[link @e] and @a escaped.");
	assert_render(&f, 3, "Keys {Doe [6]}, {ACME Corp [7]}. And {[1–3, 5]} end.");
	assert_int_equal(refs_count(f.l.r), 7);
	assert_int_equal(refs_cited_count(f.l.r), 15);
	assert_int_equal(count_rule(&f.l.d, R_CITE_UNKNOWN), 0);
	/* The one uncited entry is a note at its line in the .bib. */
	assert_int_equal(count_rule(&f.l.d, R_CITE_UNCITED), 1);
	assert_diag_at(&f.l.d, R_CITE_UNCITED, 0, 8, 1);
	/* Items keep what was written. */
	cmark_node *c2 = cmark_node_first_child(block(&f, 0));
	for (int k = 0; k < 5; k++) /* "See ", [@a], " and ", [@b; ..], " and " */
		c2 = cmark_node_next(c2);
	const struct cite *c = cite_of(c2);
	assert_non_null(c);
	assert_int_equal(c->nitems, 2);
	assert_string_equal(c->items[0].key, "d");
	assert_string_equal(c->items[0].prefix, "see");
	assert_string_equal(c->items[0].suffix, ", ch. 2");
	assert_string_equal(c->items[1].prefix, "also");
	assert_null(c->items[1].suffix);
	assert_string_equal(c->source, "[see @d, ch. 2; also @e]");
	assert_true(c->bracketed);
	/* The original text stays inside the node as a fallback. */
	char *plain = md_plain_text(c2);
	assert_string_equal(plain, "[see @d, ch. 2; also @e]");
	free(plain);
	/* Parts link the numbers to their entries. */
	assert_string_equal(c->text, "[see 4, ch. 2; also 5]");
	bool linked = false;
	for (size_t i = 0; i < c->nparts; i++)
		if (c->parts[i].ref && strcmp(c->parts[i].text, "4") == 0)
			linked = strcmp(c->parts[i].ref->key, "d") == 0;
	assert_true(linked);
	fx_free(&f);
}

static void citation_prefix_with_inlines(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f,
		"---\ntitle: P\nbibliography: refs.bib\n---\n\n"
		"One [as in `Polychord`, @a] and [*see* @b for details] and [NS, @c]\n"
		"across [@d;\n@e] lines.\n",
		syntax_bib, NULL);
	assert_render(&f, 0, "One {[as in Polychord, 1]} and {[see 2 for details]} and {[NS, 3]} "
			     "across {[4, 5]} lines.");
	fx_free(&f);
}

static void unknown_key_positions(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f,
		"---\ntitle: Pos\nbibliography: refs.bib\n---\n\n"
		"First \xE2\x80\x9Cline\xE2\x80\x9D \"quoted\" &amp; text [@nope]\n"
		"   continued -- with @missing2 here.\n\n"
		"- item [@a; @gone]\n\n"
		"| x | y |\n|---|---|\n| [@tabmiss] | ok |\n\n"
		"> quoted @inquote\n",
		syntax_bib, NULL);
	assert_int_equal(count_rule(&f.l.d, R_CITE_UNKNOWN), 5);
	diag_sort(&f.l.d);
	assert_diag_at(&f.l.d, R_CITE_UNKNOWN, 0, 6, 35);
	assert_diag_at(&f.l.d, R_CITE_UNKNOWN, 1, 7, 22);
	assert_diag_at(&f.l.d, R_CITE_UNKNOWN, 2, 9, 13);
	assert_diag_at(&f.l.d, R_CITE_UNKNOWN, 3, 13, 4);
	assert_diag_at(&f.l.d, R_CITE_UNKNOWN, 4, 15, 10);
	assert_string_equal(nth_rule(&f.l.d, R_CITE_UNKNOWN, 0)->file, f.path);
	/* An unknown key still renders, marked. */
	assert_render(&f, 0, "First “line” “quoted” & text {[nope?]} continued – with {[missing2?]}"
			     " here.");
	fx_free(&f);
}

/* Table cells take no custom inline nodes: there the carrier is a link to
 * the target, still recognised by cite_of() and xref_of(). */
static void citation_in_table_cell(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f,
		"---\ntitle: T\nbibliography: refs.bib\n---\n\n"
		"| a | b |\n|---|---|\n| see [@a] here | @b and @tbl:x |\n\n: Caption [@c] {#tbl:x}\n",
		syntax_bib, NULL);
	cmark_node *table = block(&f, 0);
	char *got = render(table);
	/* The caption is scanned first, as it is printed above the table. */
	assert_string_equal(got, "absee {[2]} here{Smith and Doe [3]} and <Table 1>");
	free(got);
	const struct xfloat *x = xref_label(f.l.r, "tbl:x");
	got = render(x->caption);
	assert_string_equal(got, "Caption {[1]}");
	free(got);
	/* Find the cite in the first body cell. */
	cmark_node *row = cmark_node_next(cmark_node_first_child(table));
	cmark_node *cell = cmark_node_first_child(row);
	cmark_node *c = cmark_node_next(cmark_node_first_child(cell));
	assert_non_null(cite_of(c));
	assert_int_equal(cmark_node_get_type(c), CMARK_NODE_LINK);
	assert_string_equal(cmark_node_get_url(c), "#ref-a");
	cmark_node *xr = cmark_node_last_child(cmark_node_next(cell));
	assert_non_null(xref_of(xr));
	assert_string_equal(cmark_node_get_url(xr), "#tbl-x");
	assert_int_equal(refs_cited_count(f.l.r), 3);
	fx_free(&f);
}

static void bibliography_missing(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f, "---\ntitle: M\n---\n\nText [@a] and @b.\n", NULL, NULL);
	assert_int_equal(count_rule(&f.l.d, R_BIB_MISSING), 1);
	assert_diag_at(&f.l.d, R_BIB_MISSING, 0, 5, 7);
	assert_int_equal(count_rule(&f.l.d, R_CITE_UNKNOWN), 0);
	assert_int_equal(refs_count(f.l.r), 0);
	fx_free(&f);
	/* A named file that is missing is check_paper's to report: nothing here. */
	fx_load(&f, "---\ntitle: M\nbibliography: gone.bib\n---\n\nText [@a].\n", NULL, NULL);
	assert_int_equal(count_rule(&f.l.d, R_BIB_MISSING), 0);
	assert_int_equal(count_rule(&f.l.d, R_CITE_UNKNOWN), 0);
	fx_free(&f);
	/* Outside the folder: never read. */
	fx_load(&f, "---\ntitle: M\nbibliography: ../../etc/passwd\n---\n\nText [@a].\n", NULL, NULL);
	assert_null(refs_bib(f.l.r));
	assert_int_equal(f.l.d.n, 0);
	fx_free(&f);
}

static void numeric_compression(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f,
		"---\ntitle: N\nbibliography: refs.bib\n---\n\n"
		"[@a] [@b] [@c] [@d] [@e] [@f]\n\n"
		"[@a; @b; @c; @e; @f] and [@f; @a] and [@c; @c; @b] and [@e; @d; @c; @b] and "
		"[@a; @b; @zz]\n",
		syntax_bib, NULL);
	assert_render(&f, 1, "{[1–3, 5, 6]} and {[1, 6]} and {[2, 3]} and {[2–5]} and {[1, 2, zz?]}");
	fx_free(&f);
}

static const char *const ay_bib =
	"@article{kim, author={Kim, Minji and Park, Junho}, title={K}, journal={J}, year={2024}}\n"
	"@article{smitha, author={Smith, Anna and Jones, B. and Brown, C.}, title={Alpha}, journal={J}, year={2020}}\n"
	"@article{smithb, author={Smith, Anna and Lee, D. and Wong, E.}, title={Beta}, journal={J}, year={2020}}\n"
	"@book{han, author={김서연 and 박준호}, title={책}, publisher={출판사}, year={2019}}\n"
	"@book{choi, author={최은비 and 이하늘 and 정수민}, title={셋}, publisher={출판사}, year={2021}}\n"
	"@misc{org, author={{World Health Organization}}, title={Report}, year={2018}}\n";

static const char *const ay_md =
	"[@kim; @smitha, p. 3] and @kim and [-@kim] and @smithb [ch. 2] and [see @han] and @org "
	"and [@choi].\n";

static void author_year_forms(void **state)
{
	(void)state;
	struct fx f;
	char *md = xasprintf("---\ntitle: AY\nbibliography: refs.bib\n---\n\n%s", ay_md);
	fx_load(&f, md, ay_bib, "author-year");
	assert_true(refs_author_year(f.l.r));
	assert_render(&f, 0,
		      "{(Kim & Park, 2024; Smith et al., 2020a, p. 3)} and {Kim and Park (2024)} and "
		      "{(2024)} and {Smith et al. (2020b, ch. 2)} and {(see 김서연·박준호, 2019)} and "
		      "{World Health Organization (2018)} and {(최은비 외, 2021)}.");
	/* Sorted by family name with English collation: Latin, then Hangul. */
	const char *want[] = {"kim", "smitha", "smithb", "org", "han", "choi"};
	assert_int_equal(refs_count(f.l.r), 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(refs_at(f.l.r, i)->key, want[i]);
	assert_string_equal(refs_at(f.l.r, 1)->label, "Smith et al., 2020a");
	assert_string_equal(refs_at(f.l.r, 2)->year, "2020b");
	char *s = refs_runs_flatten(refs_at(f.l.r, 2)->runs, refs_at(f.l.r, 2)->nruns);
	assert_string_equal(s, "Smith, A., Lee, D., & Wong, E. (2020b). Beta. *J*.");
	free(s);
	fx_free(&f);
	/* Resolved without a volume (as paper_load does), then given its style. */
	fx_load(&f, md, ay_bib, NULL);
	assert_render(&f, 0, "{[1; 2, p. 3]} and {Kim and Park [1]} and {[1]} and {Smith et al. [3, ch. 2]} and "
			     "{[see 4]} and {World Health Organization [5]} and {[6]}.");
	struct volume vol;
	memset(&vol, 0, sizeof vol);
	vol.layout.citation_style = "author-year";
	resolve_set_style(f.l.r, &vol);
	assert_render(&f, 0,
		      "{(Kim & Park, 2024; Smith et al., 2020a, p. 3)} and {Kim and Park (2024)} and "
		      "{(2024)} and {Smith et al. (2020b, ch. 2)} and {(see 김서연·박준호, 2019)} and "
		      "{World Health Organization (2018)} and {(최은비 외, 2021)}.");
	assert_string_equal(refs_at(f.l.r, 5)->key, "choi");
	resolve_set_style(f.l.r, NULL);
	assert_string_equal(refs_at(f.l.r, 5)->key, "choi");
	assert_string_equal(refs_at(f.l.r, 1)->key, "smitha");
	assert_string_equal(refs_at(f.l.r, 1)->label, "2");
	assert_string_equal(refs_at(f.l.r, 1)->year, "2020");
	fx_free(&f);
	free(md);
	/* A Korean paper sorts Hangul first. */
	md = xasprintf("---\ntitle: AY\nlang: ko\nbibliography: refs.bib\n---\n\n%s", ay_md);
	fx_load(&f, md, ay_bib, "author-year");
	assert_string_equal(refs_at(f.l.r, 0)->key, "han");
	assert_string_equal(refs_at(f.l.r, 1)->key, "choi");
	assert_string_equal(refs_at(f.l.r, 2)->key, "kim");
	assert_string_equal(refs_title(f.l.r), "참고문헌");
	fx_free(&f);
	free(md);
}

/* ------------------------------------------------------------ formatting */

static const char *const fmt_bib =
	"@article{art, author={Family, Given and Other, Anne-Marie}, title={A study of things},\n"
	"  journal={Journal of Stuff}, volume={12}, number={3}, pages={45--67}, year={2020}, month=mar,\n"
	"  doi={https://doi.org/10.1000/xyz}}\n"
	"@inproceedings{inp, author={Lee, Kim}, title={Fast parsing}, booktitle={Proceedings of the Parsing Conference},\n"
	"  editor={Smith, Jane and Brown, Bob}, pages={1-10}, publisher={ACL}, address={Seoul}, year={2019}, month={7}}\n"
	"@conference{conf, author={Lee, Kim}, title={Slow parsing}, booktitle={Conf}, year={2018}}\n"
	"@book{bk, author={Knuth, Donald E.}, title={The Art of Computer Programming}, publisher={Addison-Wesley},\n"
	"  address={Reading, MA}, edition={3}, volume={1}, year={1997}}\n"
	"@book{edbk, editor={Doe, Jane}, title={Collected Works}, publisher={P}, year={2000}}\n"
	"@incollection{inc, author={Writer, Wendy}, title={A chapter}, booktitle={The Big Book}, editor={Editor, Ed},\n"
	"  pages={100--120}, publisher={Springer}, year={2015}}\n"
	"@inbook{inb, author={Writer, Wendy}, title={Whole Book}, chapter={3}, publisher={Springer}, year={2014}}\n"
	"@misc{sw, author={Dev, Ada}, title={tool: a thing}, howpublished={GitHub}, version={1.2.0},\n"
	"  note={Accessed 2021-01-01}, url={https://github.com/x/tool}, year={2021}}\n"
	"@software{soft, author={{The Lib Team}}, title={Lib}, version={2.0}, doi={10.5281/zenodo.1}, year={2022},\n"
	"  publisher={Zenodo}}\n"
	"@phdthesis{phd, author={Student, Sam}, title={Deep things}, school={MIT}, year={2018}}\n"
	"@mastersthesis{ms, author={Learner, Lou}, title={Shallow things}, school={Oxford}, year={2017}}\n"
	"@phdthesis{kphd, author={최은비}, title={도시 열섬}, school={한빛대학교}, year={2019}}\n"
	"@article{kart, author={김서연 and 박준호 and 최은비}, title={열섬 측정}, journal={도시}, year={2021}}\n"
	"@article{team, author={P01, A. and P02, A. and P03, A. and P04, A. and P05, A. and P06, A. and P07, A. and P08, A. and P09, A. and P10, A. and P11, A. and P12, A. and P13, A. and P14, A. and P15, A. and P16, A. and P17, A. and P18, A. and P19, A. and P20, A. and P21, A. and P22, A.}, title={Big team}, journal={J}, year={2022}}\n"
	"@techreport{tr, author={Worker, Will}, title={Annual report}, institution={NASA}, number={TR-7}, year={2016}}\n"
	"@report{rp, author={Worker, Will}, title={Other report}, institution={ESA}, year={2015}}\n"
	"@unpublished{un, author={Draft, Dan}, title={Work in progress}, note={Manuscript in preparation}, year={2023}}\n"
	"@online{web, author={Blogger, Bea}, title={A post}, url={https://blog.example.org/post}, year={2024}, month=jan}\n"
	"@patent{pat, author={Inventor, Ivan}, title={A widget}, year={1999}}\n"
	"@article{kor, author={김서연 and 박준호}, title={폭염 연구}, journal={보건과 기후}, volume={3}, number={2},\n"
	"  pages={41--56}, year={2020}}\n"
	"@article{arx, author={Preprint, Pat}, title={On arXiv}, journal={arXiv e-prints}, eprint={2101.00001},\n"
	"  archivePrefix={arXiv}, year={2021}}\n"
	"@article{many, author={A, Aa and B, Bb and others}, title={T?}, journal={J}, year={2000}}\n"
	"@book{vh, author={van Hoek, Pieter and King, Jr., Martin Luther}, title={Book}, publisher={P}, year={2001}}\n"
	"@misc{nodate, title={Untitled Thing}, howpublished={\\url{https://example.org/x}}}\n";

static void reference_formats(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = bib_parse("fmt.bib", fmt_bib, strlen(fmt_bib), &d);
	assert_int_equal(d.n, 0);
	static const struct {
		const char *key, *want;
	} cases[] = {
		{"art", "Family, G., & Other, A.-M. (2020). A study of things. *Journal of Stuff*, 12(3), 45–67. "
			"https://doi.org/10.1000/xyz"},
		{"inp", "Lee, K. (2019, July). Fast parsing. In J. Smith & B. Brown (Eds.), *Proceedings of the "
			"Parsing Conference* (pp. 1–10). Seoul: ACL."},
		{"conf", "Lee, K. (2018). Slow parsing. In *Conf*."},
		{"bk", "Knuth, D. E. (1997). *The Art of Computer Programming* (3rd ed., Vol. 1). Reading, MA: "
		       "Addison-Wesley."},
		{"edbk", "Doe, J. (Ed.). (2000). *Collected Works*. P."},
		{"inc", "Writer, W. (2015). A chapter. In E. Editor (Ed.), *The Big Book* (pp. 100–120). Springer."},
		{"inb", "Writer, W. (2014). *Whole Book* (Chap. 3). Springer."},
		{"sw", "Dev, A. (2021). *tool: a thing* (Version 1.2.0). GitHub. Accessed 2021-01-01. "
		       "https://github.com/x/tool"},
		{"soft", "The Lib Team (2022). *Lib* (Version 2.0) [Computer software]. Zenodo. "
			 "https://doi.org/10.5281/zenodo.1"},
		{"phd", "Student, S. (2018). *Deep things* [Doctoral dissertation, MIT]."},
		{"ms", "Learner, L. (2017). *Shallow things* [Master's thesis, Oxford]."},
		{"kphd", "최은비 (2019). *도시 열섬* [박사학위논문, 한빛대학교]."},
		{"kart", "김서연, 박준호, 최은비 (2021). 열섬 측정. *도시*."},
		{"team", "P01, A., P02, A., P03, A., P04, A., P05, A., P06, A., P07, A., P08, A., P09, A., "
			 "P10, A., P11, A., P12, A., P13, A., P14, A., P15, A., P16, A., P17, A., P18, A., "
			 "P19, A., …, P22, A. (2022). Big team. *J*."},
		{"tr", "Worker, W. (2016). *Annual report* (Technical Report No. TR-7). NASA."},
		{"rp", "Worker, W. (2015). *Other report* (Report). ESA."},
		{"un", "Draft, D. (2023). *Work in progress*. Manuscript in preparation."},
		{"web", "Blogger, B. (2024, January). *A post*. https://blog.example.org/post"},
		{"pat", "Inventor, I. (1999). *A widget*."},
		{"kor", "김서연, 박준호 (2020). 폭염 연구. *보건과 기후*, 3(2), 41–56."},
		{"arx", "Preprint, P. (2021). On arXiv. *arXiv e-prints*. arXiv:2101.00001"},
		{"many", "A, A., B, B., et al. (2000). T? *J*."},
		{"vh", "van Hoek, P., & King, M. L., Jr. (2001). *Book*. P."},
		{"nodate", "*Untitled Thing*. (n.d.). https://example.org/x"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct bib_entry *e = bib_find(db, cases[i].key);
		assert_non_null(e);
		struct ref_run *runs;
		size_t n = refs_format(e, NULL, &runs);
		char *s = refs_runs_flatten(runs, n);
		if (strcmp(s, cases[i].want) != 0)
			print_error("%s:\n got  %s\n want %s\n", cases[i].key, s, cases[i].want);
		assert_string_equal(s, cases[i].want);
		free(s);
		/* Links are runs of their own. */
		for (size_t k = 0; k < n; k++)
			if (runs[k].url)
				assert_true(strstr(runs[k].url, "https://") == runs[k].url);
		refs_runs_free(runs, n);
	}
	/* The DOI run links to doi.org. */
	struct ref_run *runs;
	size_t n = refs_format(bib_find(db, "arx"), NULL, &runs);
	assert_string_equal(runs[n - 1].url, "https://arxiv.org/abs/2101.00001");
	refs_runs_free(runs, n);
	/* Citation names. */
	char *s = refs_cite_names(bib_find(db, "vh"), false);
	assert_string_equal(s, "van Hoek & King");
	free(s);
	s = refs_cite_names(bib_find(db, "nodate"), true);
	assert_string_equal(s, "Untitled Thing");
	free(s);
	s = refs_year(bib_find(db, "nodate"));
	assert_string_equal(s, "n.d.");
	free(s);
	bib_free(db);
	diag_free(&d);
}

/* ------------------------------------------------------- cross-references */

static const char *const xref_md =
	"---\ntitle: X\n---\n\n"                                   /* 1-4 */
	"# Introduction {#sec:intro}\n\n"                           /* 5 */
	"See @fig:one, [@fig:one; @fig:two], \\autoref{fig:two}, \\ref{sec:methods}, @tbl:t1, "
	"\\eqref{eq:e1} and @eq:e2 and @sec:intro.\n\n"             /* 7 */
	"![First figure caption](one.png){#fig:one width=50%}\n\n"  /* 9 */
	"![Second caption \\label{fig:two}](two.png)\n\n"          /* 11 */
	"## Methods \\label{sec:methods}\n\n"                       /* 13 */
	"| a | b |\n|---|---|\n| 1 | 2 |\n\n"                       /* 15-17 */
	": Table caption here {#tbl:t1}\n\n"                        /* 19 */
	"Table: Before caption\n\n"                                 /* 21 */
	"| c | d |\n|---|---|\n| 3 | 4 |\n\n"                       /* 23-25 */
	"$$ x = 1 $$ {#eq:e1}\n\n"                                  /* 27 */
	"$$ y = 2 $$\n\n"                                           /* 29 */
	"\\begin{equation}\\label{eq:e2}\nz = 3\n\\end{equation}\n\n" /* 31-33 */
	"# Unnumbered {-}\n\n"                                      /* 35 */
	"# Results\n\n"                                             /* 37 */
	"Undefined @fig:nope here and \\ref{missing}.\n\n"          /* 39 */
	"![dup](d.png){#fig:one}\n\n"                               /* 41 */
	"# References\n\n"                                          /* 43 */
	"::: {#refs}\n:::\n";                                       /* 45-46 */

static void crossrefs(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f, xref_md, NULL, NULL);
	assert_render(&f, 1, "See <Figure 1>, <Figures 1> and <2>, <Figure 2>, <1.1>, <Table 1>, <(1)> and "
			     "<Equation 2> and <Section 1>.");
	/* Sections: labels gone from the text; numbered hierarchically. */
	cmark_node *h1 = block(&f, 0);
	char *t = md_plain_text(h1);
	assert_string_equal(t, "Introduction");
	free(t);
	const struct xfloat *x = xref_float_of(f.l.r, h1);
	assert_non_null(x);
	assert_int_equal(x->kind, XREF_SECTION);
	assert_string_equal(x->number, "1");
	assert_string_equal(x->label, "sec:intro");
	x = xref_label(f.l.r, "sec:methods");
	assert_string_equal(x->number, "1.1");
	t = md_plain_text(x->node);
	assert_string_equal(t, "Methods");
	free(t);
	/* Figures: attributes and labels removed, caption kept. */
	x = xref_label(f.l.r, "fig:one");
	assert_int_equal(x->kind, XREF_FIGURE);
	assert_string_equal(x->number, "1");
	assert_string_equal(x->attrs, "width=50%");
	assert_string_equal(x->anchor, "fig-one");
	assert_true(cmark_node_get_type(x->node) == CMARK_NODE_IMAGE);
	assert_ptr_equal(xref_float_of(f.l.r, x->block), x);
	char *r = render(x->block);
	assert_string_equal(r, "First figure caption");
	free(r);
	x = xref_label(f.l.r, "fig:two");
	assert_string_equal(x->number, "2");
	t = md_plain_text(x->caption);
	assert_string_equal(t, "Second caption");
	free(t);
	/* Tables: captions taken out of the tree, after or before the table. */
	x = xref_label(f.l.r, "tbl:t1");
	assert_string_equal(x->number, "1");
	t = md_plain_text(x->caption);
	assert_string_equal(t, "Table caption here");
	free(t);
	assert_null(cmark_node_parent(x->caption));
	const struct xfloat *t2 = NULL;
	for (size_t i = 0; i < xref_float_count(f.l.r); i++)
		if (xref_float_at(f.l.r, i)->kind == XREF_TABLE && xref_float_at(f.l.r, i) != x)
			t2 = xref_float_at(f.l.r, i);
	assert_non_null(t2);
	assert_string_equal(t2->number, "2");
	t = md_plain_text(t2->caption);
	assert_string_equal(t, "Before caption");
	free(t);
	/* Equations: only labelled ones are numbered. */
	assert_string_equal(xref_label(f.l.r, "eq:e1")->number, "1");
	assert_string_equal(xref_label(f.l.r, "eq:e2")->number, "2");
	size_t eqs = 0;
	for (size_t i = 0; i < xref_float_count(f.l.r); i++)
		eqs += xref_float_at(f.l.r, i)->kind == XREF_EQUATION;
	assert_int_equal(eqs, 2);
	/* Unnumbered and References headings get no number. */
	assert_null(xref_float_of(f.l.r, block(&f, 10))->number);
	assert_string_equal(xref_float_of(f.l.r, block(&f, 11))->number, "2");
	/* The References heading is where the list goes; the div markers are gone. */
	cmark_node *refs = refs_heading(f.l.r);
	assert_non_null(refs);
	assert_null(cmark_node_next(refs));
	assert_null(xref_float_of(f.l.r, refs)->number);
	/* Problems: undefined references where they stand, the duplicate at its label. */
	assert_render(&f, 12, "Undefined <Figure ?\?> here and <?\?>.");
	assert_int_equal(count_rule(&f.l.d, R_LABEL_UNDEFINED), 2);
	assert_diag_at(&f.l.d, R_LABEL_UNDEFINED, 0, 39, 11);
	assert_diag_at(&f.l.d, R_LABEL_UNDEFINED, 1, 39, 30);
	assert_int_equal(count_rule(&f.l.d, R_LABEL_DUP), 1);
	assert_diag_at(&f.l.d, R_LABEL_DUP, 0, 41, 14);
	/* Every xref node points at its target's anchor. */
	const struct xref *xr = xref_of(cmark_node_next(cmark_node_first_child(block(&f, 1))));
	assert_non_null(xr);
	assert_string_equal(xr->label, "fig:one");
	assert_string_equal(xr->target->anchor, "fig-one");
	assert_int_equal(xr->pos.line, 7);
	assert_int_equal(xr->pos.col, 5);
	fx_free(&f);
}

/* An align numbers its labelled rows one by one, as LaTeX does; a
 * \nonumber row's label names the row before; {#eq:x} after the display
 * keeps it one equation. */
static void crossrefs_align_rows(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f,
		"---\ntitle: X\n---\n\n"
		"\\begin{equation}\\label{eq:one}\nE = mc^2\n\\end{equation}\n\n"       /* 0 */
		"\\begin{align}\na &= b \\label{eq:a} \\\\\n"
		"  &= c \\nonumber \\label{eq:c} \\\\\nd &= e \\label{eq:d} \\label{eq:d2}\n"
		"\\end{align}\n\n"                                                        /* 1 */
		"\\begin{gather}\nx \\label{eq:x} \\\\\ny \\tag{*}\n\\end{gather}\n\n" /* 2 */
		"$$\\begin{align} p &= q \\\\ r &= s \\end{align}$$ {#eq:whole}\n\n"     /* 3 */
		"\\eqref{eq:a}, \\eqref{eq:c}, \\eqref{eq:d}, \\eqref{eq:d2}, \\eqref{eq:x}, "
		"\\eqref{eq:whole}.\n",                                                    /* 4 */
		NULL, NULL);
	assert_int_equal(count_rule(&f.l.d, R_LABEL_UNDEFINED), 0);
	assert_render(&f, 4, "<(2)>, <(2)>, <(3)>, <(3)>, <(4)>, <(5)>.");
	const struct xfloat *a = xref_label(f.l.r, "eq:a");
	assert_int_equal(a->row, 0);
	assert_string_equal(a->anchor, "eq-a");
	/* The display stands for its first numbered row; the rows follow it. */
	assert_ptr_equal(xref_float_of(f.l.r, a->node), a);
	const struct xfloat *d = a->next_row;
	assert_non_null(d);
	assert_int_equal(d->row, 2);
	assert_ptr_equal(xref_label(f.l.r, "eq:d2"), d);
	assert_null(d->next_row);
	const struct xfloat *x = xref_label(f.l.r, "eq:x");
	assert_non_null(x->next_row);
	assert_string_equal(x->next_row->number, "*");
	assert_int_equal(x->next_row->row, 1);
	assert_string_equal(x->next_row->anchor, "eq-u5");
	assert_int_equal(xref_label(f.l.r, "eq:whole")->row, -1);
	assert_int_equal(xref_label(f.l.r, "eq:one")->row, -1);
	fx_free(&f);

	/* alignat too, its {2} set aside */
	fx_load(&f,
		"---\ntitle: X\n---\n\n"
		"\\begin{alignat}{2}\nx &= 1 &\\quad& a \\label{eq:p} \\\\\n"
		"y &= 2 &\\quad& b \\label{eq:q}\n\\end{alignat}\n\n"
		"\\eqref{eq:p} and \\eqref{eq:q}.\n",
		NULL, NULL);
	assert_int_equal(count_rule(&f.l.d, R_LABEL_UNDEFINED), 0);
	assert_render(&f, 1, "<(1)> and <(2)>.");
	assert_int_equal(xref_label(f.l.r, "eq:q")->row, 1);
	fx_free(&f);
}

static void crossrefs_korean(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f,
		"---\ntitle: K\nlang: ko\n---\n\n"
		"# 서론 {#sec:intro}\n\n"
		"@fig:a 은 그림이고 @fig:a의 설명은 @tbl:b 와 @eq:c, \\eqref{eq:c}, @sec:intro 에 있다 "
		"[@fig:a; @fig:b].\n\n"
		"![캡션](a.png){#fig:a}\n\n![둘째](b.png) \\label{fig:b}\n\n"
		"| a |\n|---|\n| 1 |\n\n: 표 캡션 {#tbl:b}\n\n"
		"$$ E = mc^2 $$ {#eq:c}\n",
		NULL, NULL);
	assert_render(&f, 1, "<그림 1> 은 그림이고 <그림 1>의 설명은 <표 1> 와 <식 (1)>, <(1)>, <절 1> 에 있다 "
			     "<그림 1>, <2>.");
	assert_int_equal(count_rule(&f.l.d, R_LABEL_UNDEFINED), 0);
	fx_free(&f);
}

/* --------------------------------------------------------- the corpora */

static const char *corpus_dir(void)
{
	const char *c = getenv("QUIRE_CORPUS");
	return c ? c : "../shared/corpus/joss";
}

/* Expected counts, worked out independently of this code: every `@key` in
 * paper.md outside front matter, HTML comments, fenced code, code spans
 * (matching backtick runs) and link destinations, not preceded by a letter
 * or digit, with pandoc's key characters; keys checked against the
 * `@type{key,` lines of paper.bib (a regular-expression count in Python,
 * checked by hand where the two differed: pykoopman's ``$\cdot$'' is not a
 * code span, and its long HTML comments hold 30 more keys).  `cites`
 * counts occurrences, `refs` distinct keys. */
static const struct {
	const char *dir;
	size_t cites, refs;
} corpus[] = {
	{"AMReX-Codes__amrex", 18, 17},
	{"CliMA__Oceananigans.jl", 9, 8},
	{"DistrictDataLabs__yellowbrick", 9, 9},
	{"FourierFlows__GeophysicalFlows.jl", 14, 14},
	{"Jammy2211__PyAutoLens", 49, 41},
	{"JohannesBuchner__UltraNest", 13, 10},
	{"JuliaDynamics__DynamicalSystems.jl", 12, 9},
	{"SALib__SALib", 11, 11},                   /* 42 entries, 11 cited */
	{"alan-turing-institute__MLJ.jl", 20, 18},  /* plus @ScientificTypesBase, unknown */
	{"dfm__emcee", 7, 6},
	{"dynamicslab__pykoopman", 52, 38},
	{"dynamicslab__pysindy", 44, 38},
	{"exoplanet-dev__exoplanet", 44, 43},
	{"fatiando__pooch", 10, 9},
	{"kinnala__scikit-fem", 17, 16},
	{"lmcinnes__umap", 2, 2},
	{"mackelab__sbi", 39, 29},
	{"mne-tools__mne-bids", 6, 6},
	{"scikit-hep__pyhf", 10, 10},
	{"yt-project__unyt", 18, 18},
};

static bool have_corpus(void)
{
	struct stat st;
	return stat(corpus_dir(), &st) == 0 && S_ISDIR(st.st_mode);
}

static void joss_corpus(void **state)
{
	(void)state;
	if (!have_corpus())
		skip();
	size_t unknown_total = 0;
	for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
		char *dir = path_join(corpus_dir(), corpus[i].dir);
		struct loaded l;
		load_resolved(&l, dir, NULL);
		struct paper_refs *r = l.r;
		struct diag_list *d = &l.d;
		if (refs_cited_count(r) != corpus[i].cites || refs_count(r) != corpus[i].refs)
			print_error("%s: %zu citations, %zu references\n", corpus[i].dir, refs_cited_count(r),
				    refs_count(r));
		assert_int_equal(refs_cited_count(r), corpus[i].cites);
		assert_int_equal(refs_count(r), corpus[i].refs);
		size_t items, xrefs, bad;
		count_nodes(l.body.doc, r, &items, &xrefs, &bad);
		assert_int_equal(items, corpus[i].cites);
		assert_int_equal(bad, 0);
		assert_int_equal(count_rule(d, R_LABEL_UNDEFINED), 0);
		assert_int_equal(count_rule(d, R_LABEL_DUP), 0);
		assert_int_equal(count_rule(d, R_BIB_MISSING), 0);
		/* Uncited entries are notes, five and a count at most; the list has
		 * only cited ones. */
		const struct bib_db *db = refs_bib(r);
		assert_non_null(db);
		size_t entries = 0;
		for (size_t k = 0; k < db->n; k++)
			entries += strcmp(db->entries[k].type, "ieeetranbstctl") != 0;
		size_t uncited = entries - corpus[i].refs;
		assert_int_equal(count_rule(d, R_CITE_UNCITED), uncited < 6 ? uncited : 6);
		size_t unknown = count_rule(d, R_CITE_UNKNOWN);
		unknown_total += unknown;
		if (strcmp(corpus[i].dir, "alan-turing-institute__MLJ.jl") == 0) {
			assert_int_equal(unknown, 1);
			const struct diag *g = nth_rule(d, R_CITE_UNKNOWN, 0);
			assert_int_equal(g->line, 133);
			assert_int_equal(g->col, 27);
			assert_non_null(strstr(g->msg, "'ScientificTypesBase'"));
			assert_int_equal(g->level, DIAG_ERROR);
		}
		/* Every listed entry is formatted and anchored. */
		for (size_t k = 0; k < refs_count(r); k++) {
			const struct ref *f = refs_at(r, k);
			assert_true(f->nruns > 0);
			assert_int_equal(f->index, k);
			assert_non_null(f->anchor);
		}
		loaded_free(&l);
		free(dir);
	}
	assert_int_equal(unknown_total, 1);
}

/* pysindy and pykoopman use \autoref / \ref / \eqref with \label{} in
 * captions and equations: all of them must resolve. */
static void joss_latex_refs(void **state)
{
	(void)state;
	if (!have_corpus())
		skip();
	/* What each reference shows, in document order (grep of the sources,
	 * leaving out HTML comments: pykoopman's \ref on lines 50, 188 and 193
	 * are inside <!-- -->). */
	static const char *const pysindy[] = {"(1)", "(2)", "(1)", "(1)", "(5)", "(5)",
					      "Figure 1", "Figure 2", "Figure 3", NULL};
	static const char *const pykoopman[] = {"1", "2", "3", "4", NULL};
	static const struct {
		const char *dir;
		const char *const *shown;
		size_t figures;
	} cases[] = {{"dynamicslab__pysindy", pysindy, 3}, {"dynamicslab__pykoopman", pykoopman, 4}};
	for (size_t i = 0; i < 2; i++) {
		char *dir = path_join(corpus_dir(), cases[i].dir);
		struct loaded l;
		load_resolved(&l, dir, NULL);
		struct paper_refs *r = l.r;
		size_t k = 0;
		cmark_iter *it = cmark_iter_new(l.body.doc);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			const struct xref *x = xref_of(cmark_iter_get_node(it));
			if (ev != CMARK_EVENT_ENTER || !x)
				continue;
			assert_non_null(cases[i].shown[k]);
			assert_string_equal(x->text, cases[i].shown[k]);
			assert_non_null(x->target);
			k++;
		}
		cmark_iter_free(it);
		assert_null(cases[i].shown[k]);
		assert_int_equal(count_rule(&l.d, R_LABEL_UNDEFINED), 0);
		size_t figs = 0;
		for (size_t j = 0; j < xref_float_count(r); j++) {
			const struct xfloat *x = xref_float_at(r, j);
			if (x->kind != XREF_FIGURE)
				continue;
			figs++;
			assert_non_null(x->label);
			/* \label{} is gone from every caption. */
			char *t = md_plain_text(x->caption);
			assert_null(strstr(t, "\\label"));
			free(t);
		}
		assert_int_equal(figs, cases[i].figures);
		loaded_free(&l);
		free(dir);
	}
}

/* A dropped body read again for a back end resolves the same way. */
static void scratch_body(void **state)
{
	(void)state;
	if (!have_corpus())
		skip();
	char *dir = path_join(corpus_dir(), "dynamicslab__pysindy");
	struct diag_list d;
	diag_init(&d);
	struct paper *p = paper_load(dir, &d);
	paper_drop_body(p);
	struct markdown scratch;
	assert_true(paper_body_read(p, &scratch));
	struct diag_list ignored;
	diag_init(&ignored);
	struct paper_refs *r = resolve_body(NULL, p, &scratch, &ignored);
	assert_int_equal(refs_cited_count(r), 44);
	assert_int_equal(refs_count(r), 38);
	size_t items, xrefs, bad;
	count_nodes(scratch.doc, r, &items, &xrefs, &bad);
	assert_int_equal(xrefs, 9);
	assert_int_equal(bad, 0);
	resolve_free(r);
	markdown_free(&scratch);
	/* resolve_paper() is resolve_body() on the paper's own body: give the
	 * paper a fresh one (paper_load may have resolved its first). */
	paper_drop_body(p);
	assert_true(paper_body_read(p, &scratch));
	free(scratch.path);
	free(scratch.dir);
	scratch.path = p->body.path;
	scratch.dir = p->body.dir;
	p->body = scratch;
	r = resolve_paper(NULL, p, &ignored);
	assert_int_equal(refs_cited_count(r), 44);
	assert_ptr_equal(xref_float_of(r, xref_label(r, "fig:pde_id")->node), xref_label(r, "fig:pde_id"));
	resolve_free(r);
	diag_free(&ignored);
	paper_free(p);
	diag_free(&d);
	free(dir);
}

/* The sample volume (Korean papers among them): every citation resolves. */
static void sample_volume(void **state)
{
	(void)state;
	static const struct {
		const char *id;
		size_t cites, refs;
	} papers[] = {
		{"consent-dashboard", 8, 6},       {"heatwave-emergency-visits", 9, 7},
		{"jangdan-rhythm", 8, 6},          {"korean-honorific-nlp", 8, 7},
		{"mixed-mode-survey", 8, 7},       {"sepsis-early-warning", 9, 8},
		{"small-area-privacy", 7, 7},
	};
	for (int style = 0; style < 2; style++)
		for (size_t i = 0; i < sizeof papers / sizeof papers[0]; i++) {
			char *dir = xasprintf("examples/volume/papers/%s", papers[i].id);
			struct stat st;
			if (stat(dir, &st) != 0) {
				free(dir);
				skip();
			}
			struct loaded l;
			load_resolved(&l, dir, style ? "author-year" : "numeric");
			struct paper_refs *r = l.r;
			struct diag_list *d = &l.d;
			assert_int_equal(count_rule(d, R_CITE_UNKNOWN), 0);
			assert_int_equal(count_rule(d, R_CITE_UNCITED), 0);
			assert_int_equal(count_rule(d, R_LABEL_UNDEFINED), 0);
			assert_int_equal(count_rule(d, R_LABEL_DUP), 0);
			assert_int_equal(refs_cited_count(r), papers[i].cites);
			assert_int_equal(refs_count(r), papers[i].refs);
			size_t items, xrefs, bad;
			count_nodes(l.body.doc, r, &items, &xrefs, &bad);
			assert_int_equal(items, papers[i].cites);
			assert_int_equal(bad, 0);
			loaded_free(&l);
			free(dir);
		}
}

/* LaTeX's \url{} as JOSS papers write it is a link to the address, not
 * "\url{" before an autolink that took the closing brace into its address
 * (pykoopman).  Other schemes and code spans are left as written. */
static void latex_url(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f,
		"---\ntitle: U\n---\n\n"
		"Code at \\url{https://github.com/dynamicslab/pyKoopman}. Also \\url{www.example.org}, "
		"\\url{ftp://ftp.example.org/x} and \\url{javascript:alert(1)}; "
		"`\\url{https://in.code/}` stays.\n\n"
		"Also \\url{https://github.com/a/b},\\\\ next, and \\textbf{bold}.\n",
		NULL, NULL);
	assert_render(&f, 0,
		      "Code at [https://github.com/dynamicslab/pyKoopman]. Also [www.example.org], "
		      "[ftp://ftp.example.org/x] and \\url{javascript:alert(1)}; "
		      "`\\url{https://in.code/}` stays.");
	const char *want[] = {"https://github.com/dynamicslab/pyKoopman", "http://www.example.org",
			      "ftp://ftp.example.org/x"};
	size_t k = 0;
	cmark_iter *it = cmark_iter_new(block(&f, 0));
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(x) == CMARK_NODE_LINK) {
			assert_true(k < 3);
			assert_string_equal(cmark_node_get_url(x), want[k++]);
		}
	}
	cmark_iter_free(it);
	assert_int_equal(k, 3);
	/* A brace the autolink took in, with what followed it, goes back out
	 * (pysindy's "\\url{…},\\\\"); a command quire does not read is reported. */
	assert_render(&f, 1, "Also [https://github.com/a/b],\\ next, and \\textbf{bold}.");
	assert_int_equal(count_rule(&f.l.d, R_TEX_IN_TEXT), 2); /* and the javascript: one */
	const struct diag *dg = nth_rule(&f.l.d, R_TEX_IN_TEXT, 1);
	assert_int_equal(dg->line, 7);
	assert_int_equal(dg->col, 48);
	assert_non_null(strstr(dg->msg, "\\textbf"));
	fx_free(&f);
}

/* LaTeX's \footnote{} (pySINDy's) is a footnote: the reference in its
 * place, the braces' content (links, LaTeX's \\ line break, inner braces)
 * in a definition, numbered with the Markdown notes in order of first
 * reference.  One left open is reported and printed as it is. */
static void latex_footnote(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f,
		"---\ntitle: N\n---\n\n"
		"Code\\footnote{\\url{https://github.com/x/y}} and notes\\footnote{one, "
		"\\url{https://a.org/b},\\\\ two {braced}}; a Markdown note[^m] and a last\\footnote{three}.\n\n"
		"Left open \\footnote{never closed.\n\n"
		"[^m]: Markdown.\n",
		NULL, NULL);
	assert_render(&f, 0, "Code^1 and notes^2; a Markdown note^3 and a last^4.");
	assert_render(&f, 1, "Left open \\footnote{never closed.");
	const char *notes[] = {"[https://github.com/x/y]", "one, [https://a.org/b],|two {braced}", "Markdown.",
			       "three"};
	for (int k = 0; k < 4; k++) {
		assert_int_equal(cmark_node_get_type(block(&f, 2 + k)), CMARK_NODE_FOOTNOTE_DEFINITION);
		assert_render(&f, 2 + k, notes[k]);
	}
	assert_null(cmark_node_next(block(&f, 5)));
	assert_int_equal(count_rule(&f.l.d, R_TEX_IN_TEXT), 1);
	assert_diag_at(&f.l.d, R_TEX_IN_TEXT, 0, 7, 11);
	fx_free(&f);
}

/* An image on a line of its own with text right above and under it (as
 * Oceananigans writes its figure) is a figure in a paragraph of its own,
 * numbered and referable; the text around it becomes two paragraphs. */
static void image_on_its_own_line(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f,
		"---\ntitle: F\n---\n\n"
		"Text before.\n![A figure.](a.png)\nText after, see @fig:b.\n"
		"![B.](b.png){#fig:b}\nLast words.\n\n"
		"An ![inline icon](i.png) stays in its line.\n",
		NULL, NULL);
	assert_render(&f, 0, "Text before.");
	assert_int_equal(cmark_node_get_type(cmark_node_first_child(block(&f, 1))), CMARK_NODE_IMAGE);
	assert_null(cmark_node_next(cmark_node_first_child(block(&f, 1))));
	assert_render(&f, 2, "Text after, see <Figure 2>.");
	assert_int_equal(cmark_node_get_type(cmark_node_first_child(block(&f, 3))), CMARK_NODE_IMAGE);
	assert_render(&f, 4, "Last words.");
	assert_render(&f, 5, "An inline icon stays in its line.");
	assert_int_equal(count_rule(&f.l.load_diags, R_FIGURE_IN_TEXT), 2);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(citation_syntax),
		cmocka_unit_test(citation_prefix_with_inlines),
		cmocka_unit_test(unknown_key_positions),
		cmocka_unit_test(citation_in_table_cell),
		cmocka_unit_test(bibliography_missing),
		cmocka_unit_test(numeric_compression),
		cmocka_unit_test(author_year_forms),
		cmocka_unit_test(reference_formats),
		cmocka_unit_test(crossrefs),
		cmocka_unit_test(crossrefs_align_rows),
		cmocka_unit_test(crossrefs_korean),
		cmocka_unit_test(joss_corpus),
		cmocka_unit_test(joss_latex_refs),
		cmocka_unit_test(latex_url),
		cmocka_unit_test(latex_footnote),
		cmocka_unit_test(image_on_its_own_line),
		cmocka_unit_test(scratch_body),
		cmocka_unit_test(sample_volume),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
