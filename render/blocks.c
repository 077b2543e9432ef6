#include "render/blocks.h"

#include <cmark-gfm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proceedings/diag.h"
#include "proceedings/markdown.h"
#include "proceedings/md_math.h"
#include "proceedings/model.h"
#include "proceedings/text.h"
#include "proceedings/util.h"
#include "render/codeblock.h"
#include "render/figure.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/style.h"
#include "render/table.h"
#include "render/html_ui.h"
#include "proceedings/resolve.h"
#include "proceedings/xref.h"

#define MAX_NEST 40     /* lists and quotes deeper than this are set flat */

void blk_init(struct blk *b, struct layout_doc *doc, const struct style *st, struct diag_list *d,
	      struct hyph *hy, struct brk *brk)
{
	memset(b, 0, sizeof *b);
	b->doc = doc;
	b->st = st;
	b->d = d;
	b->hy = hy;
	b->brk = brk;
	para_init(&b->para, doc->fonts, hy, brk, d);
	para_set_locator(&b->para, blk_locate, b);
	b->size = st->body.size;
	b->lead = st->body.lead;
	b->box_from = -1;
	b->top_level = 1;
}

void blk_free(struct blk *b)
{
	blk_end_inline(b);
	free(b->mobj);
	para_free(&b->para);
	free(b->fn);
	free(b->pending_notes);
	free(b->links);
	memset(b, 0, sizeof *b);
}

void blk_set_refs(struct blk *b, const struct paper_refs *refs)
{
	b->refs = refs;
}

const char *blk_word(const struct blk *b, const char *key)
{
	return html_ui(b->lang ? b->lang : "en", key);
}

/* ---- footnotes ---------------------------------------------------------------- */

static void blocks(struct blk *b, cmark_node *parent);
static void block_node(struct blk *b, cmark_node *n);

static void note_text(struct blk *b, struct blk_fnote *f)
{
	b->note_prefix = f->num;
	b->indent_next = false;
	blocks(b, f->def);
	f->set = true;
	b->stats.notes++;
}

/* A note's text into the notes galley, and after it, in the same block,
 * the notes first referenced inside it (and inside those), in the order
 * of their numbers: their marks in a note carry nothing to a page, so
 * they go to the page the note's own reference goes to. */
static void note_texts(struct blk *b, struct blk_fnote *f)
{
	size_t k = b->npending;
	note_text(b, f);
	for (; k < b->npending; k++)
		if (!b->fn[b->pending_notes[k]].set)
			note_text(b, &b->fn[b->pending_notes[k]]);
}

static void typeset_note(struct blk *b, struct blk_fnote *f)
{
	struct galley *saved_g = b->g;
	double sx = b->x, sm = b->measure, ss = b->size, sl = b->lead;
	bool si = b->indent_next;
	int sq = b->quote_depth;
	cmark_node *sb = b->cur_block;
	b->g = b->main->notes;
	b->x = 0;
	b->measure = b->st->col_w;
	b->size = b->st->footnote.size;
	b->lead = b->st->footnote.lead;
	b->indent_next = false;
	b->quote_depth = 0;
	/* Every note has its block, numbered as the notes are; one that went
	 * with the note it was first referenced in has an empty one. */
	gal_note_begin(b->main);
	if (!f->set)
		note_texts(b, f);
	gal_note_end(b->main);
	b->g = saved_g;
	b->x = sx;
	b->measure = sm;
	b->size = ss;
	b->lead = sl;
	b->indent_next = si;
	b->quote_depth = sq;
	b->cur_block = sb;
}

void blk_flush_notes(struct blk *b)
{
	if (b->g != b->main) {
		/* A reference inside a note: it stays a plain mark. */
		return;
	}
	while (b->npending) {
		int idx = b->pending_notes[0];
		memmove(b->pending_notes, b->pending_notes + 1,
			(b->npending - 1) * sizeof *b->pending_notes);
		b->npending--;
		typeset_note(b, &b->fn[idx]);
	}
}

/* ---- blocks ---------------------------------------------------------------------- */

/* Display math inside a paragraph (TeX's $$ in running text). */
static bool is_display(cmark_node *n)
{
	return blk_is_math(n) && md_math_is_display(n);
}

static void paragraph(struct blk *b, cmark_node *n)
{
	if (table_is_caption(n))
		return; /* set by table_build() */
	if (figure_is(n)) {
		/* A float: the text around it reads on as if it were not there. */
		figure_build(b, n);
		return;
	}
	b->cur_block = n;
	struct para_style st = blk_style(b, FONT_SERIF, 0, b->size);
	/* The text between display formulas is set as pieces of one
	 * paragraph: only the first is indented. */
	cmark_node *c = cmark_node_first_child(n);
	bool first = true;
	do {
		para_reset(&b->para);
		if (first && b->note_prefix > 0) {
			char mark[16];
			snprintf(mark, sizeof mark, "%d", b->note_prefix);
			struct para_style sup = st;
			sup.size = st.size * BLK_SUP_SCALE;
			sup.rise = st.size * BLK_SUP_RISE;
			para_add_text(&b->para, mark, strlen(mark), &sup, 0, 0);
			para_add_text(&b->para, "\xC2\xA0", 2, &st, 0, 0);
		}
		for (; c && !is_display(c); c = cmark_node_next(c))
			blk_inline_node(b, c, st);
		if (!para_empty(&b->para)) {
			struct para_opts o = {.measure = b->measure,
					      .indent = first && b->indent_next ? b->st->par_indent : 0,
					      .align = PARA_JUSTIFY,
					      .hyphenate = b->hyphenate};
			blk_emit_para(b, &o, b->lead, GAL_INF, 0);
			blk_flush_notes(b);
		} else {
			blk_end_inline(b);
		}
		first = false;
		if (c) {
			blk_math_display(b, c);
			c = cmark_node_next(c);
		}
	} while (c);
	b->indent_next = !is_display(cmark_node_last_child(n));
}

/* "Title {#id}" or "Title {-}": pandoc's attributes, taken off the text. */
static char *heading_attrs(char *text, char **id, bool *unnumbered)
{
	*id = NULL;
	*unnumbered = false;
	size_t n = strlen(text);
	while (n && text[n - 1] == ' ')
		text[--n] = '\0';
	if (n && text[n - 1] == '}') {
		char *open = strrchr(text, '{');
		if (open) {
			char *attrs = xstrndup(open + 1, (size_t)(text + n - 1 - (open + 1)));
			char *save = NULL;
			for (char *tok = strtok_r(attrs, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
				if (tok[0] == '#' && tok[1] && !*id)
					*id = xstrdup(tok + 1);
				else if (str_eq(tok, "-") || str_eq(tok, ".unnumbered"))
					*unnumbered = true;
			}
			free(attrs);
			*open = '\0';
			n = strlen(text);
			while (n && text[n - 1] == ' ')
				text[--n] = '\0';
		}
	}
	return text;
}

/* GitHub's anchor for a heading: lower case, spaces to '-', punctuation out. */
static char *slug(const char *text)
{
	struct strbuf s;
	sb_init(&s);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			sb_addc(&s, (char)(*p - 'A' + 'a'));
		else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
			 *p == '_' || *p >= 0x80)
			sb_addc(&s, (char)*p);
		else if (*p == ' ')
			sb_addc(&s, '-');
	}
	return sb_steal(&s);
}

static bool unnumbered_title(const char *t)
{
	static const char *const names[] = {
		"references", "bibliography", "acknowledgements", "acknowledgments",
		"acknowledgement", "acknowledgment", "참고문헌", "참고 문헌", "감사의 글", "사사",
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(t, names[i]) == 0)
			return true;
	return false;
}

static void heading(struct blk *b, cmark_node *n)
{
	const struct style *st = b->st;
	/* Papers that start their sections at ## number them as 1, 2, ... */
	int level = cmark_node_get_heading_level(n) - b->top_level + 1;
	if (level < 1)
		level = 1;
	int hi = level > 4 ? 3 : level - 1;
	char *id;
	bool unnumbered;
	char *plain = heading_attrs(md_plain_text(n), &id, &unnumbered);
	if (!id)
		id = slug(plain);
	unnumbered = unnumbered || b->no_number || level > 3 || unnumbered_title(plain);
	char num[48] = "";
	const struct xfloat *xf = b->refs ? xref_float_of(b->refs, n) : NULL;
	char *anchor = xf && xf->kind == XREF_SECTION && xf->anchor ? xstrdup(xf->anchor) : NULL;
	if (b->refs) {
		/* The resolve stage numbered the sections, as the HTML shows them. */
		if (!b->no_number && xf && xf->kind == XREF_SECTION && xf->number)
			snprintf(num, sizeof num, "%s", xf->number);
	} else if (!unnumbered) {
		b->sec[level - 1]++;
		for (int k = level; k < 6; k++)
			b->sec[k] = 0;
		size_t o = 0;
		for (int k = 0; k < level; k++)
			o += (size_t)snprintf(num + o, sizeof num - o, k ? ".%d" : "%d", b->sec[k]);
	}

	gal_glue(b->g, (float)st->head_above[hi], (float)st->head_above[hi] * 0.5f,
		 (float)st->head_above[hi] * 0.2f);
	para_reset(&b->para);
	b->cur_block = n;
	enum font_family fam = hi < 3 ? FONT_SANS : FONT_SERIF;
	int sty = hi < 3 ? FONT_BOLD : FONT_BOLD | FONT_ITALIC;
	struct para_style ps = blk_style(b, fam, sty, st->head[hi].size);
	ps.color = st->head_color;
	if (*num) {
		para_add_text(&b->para, num, strlen(num), &ps, 0, 0);
		para_add_text(&b->para, "\xC2\xA0\xC2\xA0", 4, &ps, 0, 0);
		/* The number keeps to the title's first word: a formula there
		 * must leave it room. */
		double minw;
		para_extent(&b->para, &minw, &b->glued_w);
	}
	blk_inlines_attrs(b, n, ps, 0, NULL);
	b->glued_w = 0;
	struct para_opts o = {.measure = b->measure, .align = PARA_RAGGED};
	/* The anchor and the bookmark sit at the heading's first line. */
	b->box_from = (long)b->g->ndl;
	struct dl_item dest = {.kind = DL_DEST, .x = (float)b->x,
			       .y = (float)-st->head[hi].lead};
	dest.str = layout_str(b->doc, id, strlen(id));
	dest.len = (uint32_t)strlen(id);
	gal_dl(b->g, &dest);
	if (anchor && !str_eq(anchor, id)) {
		/* Cross-references name the section by the resolved anchor. */
		struct dl_item d2 = dest;
		d2.str = layout_str(b->doc, anchor, strlen(anchor));
		d2.len = (uint32_t)strlen(anchor);
		gal_dl(b->g, &d2);
	}
	free(anchor);
	/* The bookmark reads formulas as text ("Φ(x)"), not as TeX source. */
	char *rid;
	bool run;
	char *readable = heading_attrs(md_readable_text(n), &rid, &run);
	free(rid);
	char *title = *num ? xasprintf("%s %s", num, readable) : xstrdup(readable);
	free(readable);
	struct dl_item ol = dest;
	ol.kind = DL_OUTLINE;
	ol.ref = level + b->outline_base;
	ol.str = layout_str(b->doc, title, strlen(title));
	ol.len = (uint32_t)strlen(title);
	gal_dl(b->g, &ol);
	blk_emit_para(b, &o, st->head[hi].lead, GAL_INF, GAL_INF);
	gal_penalty(b->g, GAL_INF);
	gal_glue(b->g, (float)st->head_below[hi], 0, 0);
	blk_flush_notes(b);
	free(title);
	free(plain);
	free(id);
	b->indent_next = false;
}

static void list(struct blk *b, cmark_node *n, int depth)
{
	const struct style *st = b->st;
	bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	bool tight = cmark_node_get_list_tight(n);
	int num = cmark_node_get_list_start(n);
	char delim = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' : '.';
	static const char *const bullets[] = {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x88\x97"};
	double sx = b->x, sm = b->measure;
	/* Deep nesting stops indenting before the text gets too narrow. */
	double indent = b->measure - st->list_indent > st->col_w / 2 ? st->list_indent : 0;
	if (depth == 0)
		gal_glue(b->g, (float)st->block_skip, (float)st->block_skip * 0.5f, 0);
	b->x += indent;
	b->measure -= indent;
	bool first = true;
	for (cmark_node *it = cmark_node_first_child(n); it; it = cmark_node_next(it)) {
		if (!first)
			gal_glue(b->g, tight ? 0 : (float)(b->lead * 0.3), tight ? 0.5f : 1.0f, 0);
		first = false;
		b->marker.on = true;
		if (ordered)
			snprintf(b->marker.text, sizeof b->marker.text, "%d%c", num++, delim);
		else
			snprintf(b->marker.text, sizeof b->marker.text, "%s", bullets[depth % 3]);
		b->marker.st = blk_style(b, FONT_SERIF, 0, b->size);
		b->marker.right = b->x - 0.4 * b->size;
		b->indent_next = false;
		for (cmark_node *c = cmark_node_first_child(it); c; c = cmark_node_next(c)) {
			cmark_node_type t = cmark_node_get_type(c);
			if (t == CMARK_NODE_LIST && b->depth < MAX_NEST) {
				b->depth++;
				list(b, c, depth + 1);
				b->depth--;
			} else {
				if (c != cmark_node_first_child(it) && !tight)
					gal_glue(b->g, (float)(b->lead * 0.3), 1, 0);
				b->indent_next = false;
				blk_block(b, c);
			}
		}
		b->marker.on = false;
	}
	b->x = sx;
	b->measure = sm;
	if (depth == 0)
		gal_glue(b->g, (float)st->block_skip, (float)st->block_skip * 0.5f, 0);
	b->indent_next = false;
}

static void quote(struct blk *b, cmark_node *n)
{
	const struct style *st = b->st;
	double sx = b->x, sm = b->measure;
	gal_glue(b->g, (float)st->block_skip, (float)st->block_skip * 0.5f, 0);
	double in = b->measure - 2 * st->list_indent > st->col_w / 2 ? st->list_indent : 0;
	b->x += in;
	b->measure -= 2 * in;
	b->quote_depth += in > 0;
	b->indent_next = false;
	blocks(b, n);
	b->quote_depth -= in > 0;
	b->x = sx;
	b->measure = sm;
	gal_glue(b->g, (float)st->block_skip, (float)st->block_skip * 0.5f, 0);
	b->indent_next = false;
}

static void thematic_break(struct blk *b)
{
	const struct style *st = b->st;
	gal_glue(b->g, (float)st->block_skip, (float)st->block_skip * 0.5f, 0);
	uint32_t dl0 = (uint32_t)b->g->ndl;
	double w = b->measure * 0.3;
	struct dl_item r = {.kind = DL_LINE, .x = (float)(b->x + (b->measure - w) / 2),
			    .y = (float)(-b->size * 0.3), .w = (float)w, .h = 0,
			    .size = (float)st->rule_w, .color = st->rule_color};
	gal_dl(b->g, &r);
	gal_box(b->g, (float)(b->size * 0.5), (float)(b->size * 0.2), (float)b->lead, dl0);
	gal_glue(b->g, (float)st->block_skip, (float)st->block_skip * 0.5f, 0);
	b->indent_next = false;
}

/* A block the builder does not know: its source, in mono. */
static void raw_block(struct blk *b, cmark_node *n)
{
	const char *raw = blk_raw_text(n);
	if (!*raw)
		return;
	code_block_text(b, raw, cmark_node_get_start_line(n), false);
}

/* Past MAX_NEST levels of lists and quotes, a block is set as the plain
 * text it holds: no document nests that deep, and the recursion stops. */
static void flat_block(struct blk *b, cmark_node *n)
{
	char *text = md_plain_text(n);
	para_reset(&b->para);
	b->cur_block = n;
	struct para_style st = blk_style(b, FONT_SERIF, 0, b->size);
	para_add_text(&b->para, text, strlen(text), &st, cmark_node_get_start_line(n), 1);
	free(text);
	if (para_empty(&b->para))
		return;
	struct para_opts o = {.measure = b->measure, .align = PARA_JUSTIFY,
			      .hyphenate = b->hyphenate};
	blk_emit_para(b, &o, b->lead, GAL_INF, 0);
}

void blk_block(struct blk *b, cmark_node *n)
{
	if (b->depth >= MAX_NEST) {
		flat_block(b, n);
		return;
	}
	b->depth++;
	block_node(b, n);
	b->depth--;
}

static void block_node(struct blk *b, cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	if (t == CMARK_NODE_PARAGRAPH) {
		paragraph(b, n);
	} else if (t == CMARK_NODE_HEADING) {
		heading(b, n);
		if (b->refs && n == refs_heading(b->refs))
			blk_references(b); /* the paper's own References heading */
	} else if (t == CMARK_NODE_LIST) {
		list(b, n, 0);
	} else if (t == CMARK_NODE_BLOCK_QUOTE) {
		quote(b, n);
	} else if (t == CMARK_NODE_CODE_BLOCK) {
		code_block(b, n);
	} else if (t == CMARK_NODE_THEMATIC_BREAK) {
		thematic_break(b);
	} else if (blk_is_math(n)) {
		blk_math_display(b, n);
	} else if (t == CMARK_NODE_TABLE) {
		table_build(b, n);
	} else if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_FOOTNOTE_DEFINITION) {
		/* raw HTML is dropped; notes are set where first referenced */
	} else if (cmark_node_first_child(n)) {
		blocks(b, n); /* an extension's block: its children */
	} else {
		raw_block(b, n);
	}
}

static void blocks(struct blk *b, cmark_node *parent)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n))
		blk_block(b, n);
}

static int top_heading_level(cmark_node *doc)
{
	int top = 6;
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) < top)
			top = cmark_node_get_heading_level(n);
	return top;
}

static void collect_notes(struct blk *b, cmark_node *doc)
{
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) != CMARK_NODE_FOOTNOTE_DEFINITION)
			continue;
		b->fn = xgrow(b->fn, &b->capfn, b->nfn + 1, sizeof *b->fn);
		b->fn[b->nfn] = (struct blk_fnote){(int)b->nfn + 1, n, -1, false};
		b->nfn++;
	}
}

void blk_markdown(struct blk *b, struct galley *g, const struct markdown *md, const char *lang,
		  double measure)
{
	b->md = md;
	b->main = g;
	b->g = g;
	b->x = 0;
	b->measure = measure;
	b->hyphenate = !lang || str_starts(lang, "en");
	b->indent_next = false;
	para_set_file(&b->para, md->path);
	if (!md->doc)
		return;
	b->lang = lang;
	collect_notes(b, md->doc);
	b->top_level = top_heading_level(md->doc);
	blocks(b, md->doc);
	if (b->refs && refs_count(b->refs) && !refs_heading(b->refs)) {
		/* No References heading of its own: the list ends the paper. */
		cmark_node *h = cmark_node_new(CMARK_NODE_HEADING);
		cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_heading_level(h, b->top_level);
		cmark_node_set_literal(t, refs_title(b->refs));
		cmark_node_append_child(h, t);
		heading(b, h);
		blk_references(b);
		cmark_node_free(h);
	}
}
