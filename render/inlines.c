/* Inline content: Markdown's inline nodes into the paragraph builder,
 * with the styles, link targets and footnote marks they carry. */
#include "render/blocks.h"

#include <cmark-gfm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/markdown.h"
#include "proceedings/model.h"
#include "proceedings/text.h"
#include "proceedings/cite.h"
#include "proceedings/resolve.h"
#include "proceedings/util.h"
#include "proceedings/xref.h"
#include "render/layout.h"
#include "render/mathbox.h"
#include "render/style.h"

#include "proceedings/md_math.h"

#define MAX_INLINE_NEST 100 /* emphasis and links deeper than this: plain text */

struct para_style blk_style(const struct blk *b, enum font_family fam, int style, double size)
{
	return (struct para_style){.family = fam, .style = style, .size = size,
				   .color = b->st->text_color, .link = -1};
}

static uint32_t next_cp(const char **s)
{
	return text_next(s);
}

const char *blk_link_target(const char *url)
{
	if (!url || !*url)
		return NULL;
	if (url[0] == '#')
		return url[1] ? url : NULL;
	if (str_starts(url, "http://") || str_starts(url, "https://") || str_starts(url, "mailto:") ||
	    str_starts(url, "HTTP://") || str_starts(url, "HTTPS://"))
		return url;
	return NULL; /* relative files and unsafe schemes are not links in the PDF */
}

int blk_add_link(struct blk *b, const char *target)
{
	/* Interned once: a link broken over many lines (a long URL) must not
	 * copy its target once per line. */
	b->links = xgrow(b->links, &b->caplinks, b->nlinks + 1, sizeof *b->links);
	size_t len = strlen(target);
	b->links[b->nlinks].str = layout_str(b->doc, target, len);
	b->links[b->nlinks].len = (uint32_t)len;
	return (int)b->nlinks++;
}

void blk_end_inline(struct blk *b)
{
	b->nlinks = 0;
	for (size_t i = 0; i < b->nmobj; i++)
		mbox_free(&b->mobj[i]);
	b->nmobj = 0;
}

/* Find the nth occurrence of cp in the source lines of the block being set. */
bool blk_locate(void *ctx, uint32_t cp, int nth, int *line, int *col)
{
	struct blk *b = ctx;
	if (!b->md || !b->md->text || !b->cur_block)
		return false;
	int l0 = cmark_node_get_start_line(b->cur_block);
	int l1 = cmark_node_get_end_line(b->cur_block);
	if (l0 <= 0)
		return false;
	const char *p = text_line_start(b->md->text, b->md->len, l0);
	const char *stop = text_line_start(b->md->text, b->md->len, l1 + 1);
	if (!p)
		return false;
	if (!stop)
		stop = b->md->text + b->md->len;
	int ln = l0, cl = 1;
	while (p < stop && *p) {
		const char *q = p;
		uint32_t c = next_cp(&q);
		if (c == cp && nth-- == 0) {
			*line = ln;
			*col = cl;
			return true;
		}
		if (c == '\n') {
			ln++;
			cl = 1;
		} else {
			cl++;
		}
		p = q;
	}
	return false;
}

bool blk_is_math(cmark_node *n)
{
	return md_math_is_math(n);
}

/* Raw source of a node this builder has no typesetting for (math until it
 * is typeset, extension nodes). */
const char *blk_raw_text(cmark_node *n)
{
	if (md_math_is_inline(n) || md_math_is_display(n))
		return md_math_tex(n);
	const char *lit = cmark_node_get_literal(n);
	return lit ? lit : "";
}

/* ---- inline content ---------------------------------------------------------- */

static void inline_node(struct blk *b, cmark_node *n, struct para_style st);

static int note_number(struct blk *b, const char *label)
{
	int index = label ? atoi(label) : 0;
	for (size_t i = 0; i < b->nfn; i++) {
		struct blk_fnote *f = &b->fn[i];
		if (f->index != index)
			continue;
		if (f->num < 0) {
			f->num = ++b->nnotes;
			b->pending_notes = xgrow(b->pending_notes, &b->cappending, b->npending + 1,
						 sizeof *b->pending_notes);
			b->pending_notes[b->npending++] = (int)i;
		}
		return f->num;
	}
	return 0;
}

/* cmark's own line and byte column: cheap, and exact enough, since a
 * missing glyph is located precisely by locate() anyway.  (md_node_pos()
 * scans the text from its start, which is quadratic over a document.) */
static void add_str(struct blk *b, cmark_node *n, const char *s, const struct para_style *st)
{
	int line = 0, col = 0;
	if (b->md) {
		cmark_node *x = n;
		while (x && cmark_node_get_start_line(x) == 0)
			x = cmark_node_parent(x);
		if (x) {
			line = cmark_node_get_start_line(x);
			col = cmark_node_get_start_column(x);
		}
	} else {
		line = b->line_base;
	}
	para_add_text(&b->para, s, strlen(s), st, line, col);
}

static bool looks_like_url(cmark_node *link)
{
	cmark_node *c = cmark_node_first_child(link);
	if (!c || cmark_node_get_type(c) != CMARK_NODE_TEXT)
		return false;
	const char *t = cmark_node_get_literal(c);
	return t && (str_starts(t, "http") || str_starts(t, "www.") || strchr(t, '@') ||
		     strlen(t) > 30);
}

void blk_inline_node(struct blk *b, cmark_node *n, struct para_style st)
{
	if (b->idepth >= MAX_INLINE_NEST) {
		char *text = md_plain_text(n);
		para_add_text(&b->para, text, strlen(text), &st, cmark_node_get_start_line(n), 0);
		free(text);
		return;
	}
	b->idepth++;
	inline_node(b, n, st);
	b->idepth--;
}

/* Text linked to a destination in this document ("#name"). */
static void add_linked(struct blk *b, cmark_node *n, const char *text, const char *anchor,
		       struct para_style st)
{
	if (anchor && *anchor) {
		char *dest = xasprintf("#%s", anchor);
		st.link = blk_add_link(b, dest);
		st.color = b->st->link_color;
		free(dest);
	}
	add_str(b, n, text, &st);
}

/* A resolved citation: its parts, each number or name linked to its entry. */
static void cite_node(struct blk *b, cmark_node *n, const struct cite *c, struct para_style st)
{
	for (size_t i = 0; i < c->nparts; i++)
		if (c->parts[i].text && *c->parts[i].text)
			add_linked(b, n, c->parts[i].text,
				   c->parts[i].ref ? c->parts[i].ref->anchor : NULL, st);
}

static void inline_node(struct blk *b, cmark_node *n, struct para_style st)
{
	cmark_node_type t = cmark_node_get_type(n);
	struct para_style s2 = st;
	const struct cite *ci = cite_of(n);
	const struct xref *xr = ci ? NULL : xref_of(n);
	if (ci) {
		cite_node(b, n, ci, st);
	} else if (xr) {
		add_linked(b, n, xr->text ? xr->text : "??", xr->target ? xr->target->anchor : NULL,
			   st);
	} else if (t == CMARK_NODE_TEXT) {
		add_str(b, n, cmark_node_get_literal(n), &st);
	} else if (t == CMARK_NODE_SOFTBREAK) {
		para_add_text(&b->para, " ", 1, &st, 0, 0);
	} else if (t == CMARK_NODE_LINEBREAK) {
		para_add_break(&b->para);
	} else if (t == CMARK_NODE_CODE) {
		s2.family = FONT_MONO;
		s2.style &= FONT_BOLD;
		s2.size = st.size * 0.9;
		s2.url = true;
		add_str(b, n, cmark_node_get_literal(n), &s2);
	} else if (t == CMARK_NODE_EMPH) {
		s2.style ^= FONT_ITALIC;
		blk_inlines(b, n, s2);
	} else if (t == CMARK_NODE_STRONG) {
		s2.style |= FONT_BOLD;
		blk_inlines(b, n, s2);
	} else if (t == CMARK_NODE_STRIKETHROUGH) {
		s2.strike = true;
		blk_inlines(b, n, s2);
	} else if (t == CMARK_NODE_LINK) {
		const char *target = blk_link_target(cmark_node_get_url(n));
		if (target) {
			s2.link = blk_add_link(b, target);
			s2.color = b->st->link_color;
			s2.url = s2.url || looks_like_url(n);
		}
		blk_inlines(b, n, s2);
	} else if (t == CMARK_NODE_IMAGE) {
		/* An image inside running text: its description stands in. */
		s2.style ^= FONT_ITALIC;
		para_add_text(&b->para, "[", 1, &st, 0, 0);
		blk_inlines(b, n, s2);
		para_add_text(&b->para, "]", 1, &st, 0, 0);
	} else if (t == CMARK_NODE_FOOTNOTE_REFERENCE) {
		int num = note_number(b, cmark_node_get_literal(n));
		if (num <= 0)
			return;
		char mark[16];
		snprintf(mark, sizeof mark, "%d", num);
		s2.size = st.size * BLK_SUP_SCALE;
		s2.rise = st.rise + st.size * BLK_SUP_RISE;
		s2.style &= ~FONT_ITALIC;
		char dest[24];
		snprintf(dest, sizeof dest, "#fn-%d", num);
		s2.link = blk_add_link(b, dest);
		para_add_text(&b->para, mark, strlen(mark), &s2, 0, 0);
		para_add_mark(&b->para, num, &s2);
	} else if (blk_is_math(n)) {
		blk_math_inline(b, n, st);
	} else if (t == CMARK_NODE_HTML_INLINE) {
		/* Raw HTML is dropped (reported by the checks). */
	} else if (cmark_node_first_child(n) && !blk_is_math(n)) {
		/* An extension's node (a resolved citation, a cross-reference)
		 * keeps its original inlines as children: set those. */
		blk_inlines(b, n, st);
	} else {
		s2.family = FONT_MONO;
		s2.size = st.size * 0.9;
		s2.url = true;
		add_str(b, n, blk_raw_text(n), &s2);
	}
}

void blk_inlines(struct blk *b, cmark_node *parent, struct para_style st)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n))
		blk_inline_node(b, n, st);
}

void blk_inlines_attrs(struct blk *b, cmark_node *parent, struct para_style st, size_t skip,
		       char **id)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		bool text = cmark_node_get_type(n) == CMARK_NODE_TEXT;
		const char *lit = text ? cmark_node_get_literal(n) : NULL;
		size_t from = n == cmark_node_first_child(parent) && text ? skip : 0;
		if (!lit) {
			blk_inline_node(b, n, st);
			continue;
		}
		size_t len = strlen(lit), end = len;
		const char *open = strrchr(lit, '{');
		if (!cmark_node_next(n) && open && len && lit[len - 1] == '}' &&
		    (size_t)(open - lit) >= from) {
			/* "{#id .class key=value}": the id is kept, the rest dropped. */
			const char *h = strchr(open, '#');
			if (id && h && h < lit + len - 1 && !*id) {
				size_t k = strcspn(h + 1, " }");
				*id = xstrndup(h + 1, k);
			}
			end = (size_t)(open - lit);
			while (end > from && lit[end - 1] == ' ')
				end--;
		}
		if (end > from)
			para_add_text(&b->para, lit + from, end - from, &st,
				      cmark_node_get_start_line(n), cmark_node_get_start_column(n));
	}
}
