#include "render/blocks.h"

#include <cmark-gfm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proceedings/diag.h"
#include "proceedings/markdown.h"
#include "proceedings/model.h"
#include "proceedings/text.h"
#include "proceedings/util.h"
#include "render/codeblock.h"
#include "render/figure.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/style.h"
#include "render/table.h"

#if __has_include("proceedings/md_math.h")
#include "proceedings/md_math.h"
#define HAVE_MD_MATH 1
#endif

#define SUP_SCALE 0.7   /* superscript size */
#define SUP_RISE 0.36   /* superscript baseline shift, in ems of the text */
#define SEAM 0.4        /* overlap of shaded boxes from line to line, points */

static bool locate(void *ctx, uint32_t cp, int nth, int *line, int *col);

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
	para_set_locator(&b->para, locate, b);
	b->size = st->body.size;
	b->lead = st->body.lead;
	b->box_from = -1;
	b->top_level = 1;
}

void blk_free(struct blk *b)
{
	para_free(&b->para);
	free(b->fn);
	free(b->pending_notes);
	for (size_t i = 0; i < b->nlinks; i++)
		free(b->links[i]);
	free(b->links);
	memset(b, 0, sizeof *b);
}

/* ---- small helpers ---------------------------------------------------------- */

struct para_style blk_style(const struct blk *b, enum font_family fam, int style, double size)
{
	return (struct para_style){.family = fam, .style = style, .size = size,
				   .color = b->st->text_color, .link = -1};
}

static uint32_t next_cp(const char **s)
{
	return text_next(s);
}

double blk_text_width(struct blk *b, enum font_family fam, int style, double size, const char *s)
{
	double w = 0;
	while (*s) {
		uint32_t cp = next_cp(&s);
		int f = font_for_char(b->doc->fonts, fam, style, cp);
		if (f >= 0)
			w += font_advance(b->doc->fonts, f, cp) * size / 1000.0;
	}
	return w;
}

double blk_put_text(struct blk *b, const char *s, enum font_family fam, int style, double size,
		    uint32_t color, double x, double y)
{
	double x0 = x;
	while (*s) {
		const char *start = s;
		uint32_t cp = next_cp(&s);
		int f = font_for_char(b->doc->fonts, fam, style, cp);
		double w = f >= 0 ? font_advance(b->doc->fonts, f, cp) * size / 1000.0 : 0;
		const char *end = s;
		while (*end) {
			const char *q = end;
			uint32_t c2 = next_cp(&q);
			if (font_for_char(b->doc->fonts, fam, style, c2) != f)
				break;
			w += font_advance(b->doc->fonts, f, c2) * size / 1000.0;
			end = q;
		}
		if (f >= 0) {
			struct dl_item it = {.kind = DL_TEXT, .font = f, .size = (float)size,
					     .x = (float)x, .y = (float)y, .w = (float)w, .color = color};
			it.str = layout_str(b->doc, start, (size_t)(end - start));
			it.len = (uint32_t)(end - start);
			gal_dl(b->g, &it);
		}
		x += w;
		s = end;
	}
	return x - x0;
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
	b->links = xgrow(b->links, &b->caplinks, b->nlinks + 1, sizeof *b->links);
	b->links[b->nlinks] = xstrdup(target);
	return (int)b->nlinks++;
}

void blk_end_inline(struct blk *b)
{
	for (size_t i = 0; i < b->nlinks; i++)
		free(b->links[i]);
	b->nlinks = 0;
}

/* Find the nth occurrence of cp in the source lines of the block being set. */
static bool locate(void *ctx, uint32_t cp, int nth, int *line, int *col)
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

/* Raw source of a node this builder has no typesetting for (math until it
 * is typeset, extension nodes). */
static const char *raw_text(cmark_node *n)
{
#ifdef HAVE_MD_MATH
	if (md_math_is_inline(n) || md_math_is_display(n))
		return md_math_tex(n);
#endif
	const char *lit = cmark_node_get_literal(n);
	return lit ? lit : "";
}

/* ---- inline content ---------------------------------------------------------- */

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
	cmark_node_type t = cmark_node_get_type(n);
	struct para_style s2 = st;
	if (t == CMARK_NODE_TEXT) {
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
		s2.size = st.size * SUP_SCALE;
		s2.rise = st.rise + st.size * SUP_RISE;
		s2.style &= ~FONT_ITALIC;
		char dest[24];
		snprintf(dest, sizeof dest, "#fn-%d", num);
		s2.link = blk_add_link(b, dest);
		para_add_text(&b->para, mark, strlen(mark), &s2, 0, 0);
		para_add_mark(&b->para, num, &s2);
	} else if (t == CMARK_NODE_HTML_INLINE) {
		/* Raw HTML is dropped (reported by the checks). */
	} else {
		s2.family = FONT_MONO;
		s2.size = st.size * 0.9;
		s2.url = true;
		add_str(b, n, raw_text(n), &s2);
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

/* ---- lines to boxes ---------------------------------------------------------- */

void blk_draw_line(struct blk *b, size_t li, double x, double y)
{
	const struct para *p = &b->para;
	const struct para_line *l = &p->lines[li];
	for (size_t r = l->run0; r < l->run0 + l->nruns; r++) {
		const struct para_run *ru = &p->runs[r];
		if (ru->len == 0)
			continue;
		struct dl_item it = {.kind = DL_TEXT, .font = ru->font, .size = (float)ru->size,
				     .x = (float)(x + ru->x), .y = (float)(y - ru->rise),
				     .w = (float)ru->width, .cs = (float)ru->cs,
				     .color = ru->color};
		it.str = layout_str(b->doc, p->out.s + ru->off, ru->len);
		it.len = (uint32_t)ru->len;
		gal_dl(b->g, &it);
		if (ru->strike) {
			struct dl_item s = {.kind = DL_LINE, .x = it.x,
					    .y = (float)(y - ru->rise - ru->size * 0.28),
					    .w = it.w, .h = 0, .size = (float)(ru->size * 0.06),
					    .color = ru->color};
			gal_dl(b->g, &s);
		}
	}
	/* One link rectangle per run of consecutive runs with the same target. */
	for (size_t r = l->run0; r < l->run0 + l->nruns;) {
		int link = p->runs[r].link;
		size_t e = r + 1;
		while (e < l->run0 + l->nruns && p->runs[e].link == link)
			e++;
		if (link >= 0 && (size_t)link < b->nlinks) {
			const struct para_run *a = &p->runs[r], *z = &p->runs[e - 1];
			struct dl_item it = {.kind = DL_LINK, .x = (float)(x + a->x),
					     .y = (float)(y - l->ascent),
					     .w = (float)(z->x + z->width - a->x),
					     .h = (float)(l->ascent + l->descent)};
			it.str = layout_str(b->doc, b->links[link], strlen(b->links[link]));
			it.len = (uint32_t)strlen(b->links[link]);
			gal_dl(b->g, &it);
		}
		r = e;
	}
}

/* Things drawn beside a box: a pending list marker, quote bars. */
static void decorate_box(struct blk *b, double h, double d)
{
	if (b->marker.on) {
		const struct para_style *ms = &b->marker.st;
		double w = blk_text_width(b, ms->family, ms->style, ms->size, b->marker.text);
		blk_put_text(b, b->marker.text, ms->family, ms->style, ms->size, ms->color,
			     b->marker.right - w, 0);
		b->marker.on = false;
	}
	for (int q = 0; q < b->quote_depth; q++) {
		double bx = b->x - (q + 1) * b->st->list_indent + 0.25 * b->st->list_indent;
		/* Overlap the next line's bar a little: abutting edges leave
		 * hairline seams in anti-aliased viewers. */
		struct dl_item bar = {.kind = DL_RECT, .x = (float)bx, .y = (float)(-h),
				      .w = 1.5f, .h = (float)(h + d + SEAM), .color = 0xBBBBBB};
		gal_dl(b->g, &bar);
	}
}

void blk_emit_para(struct blk *b, const struct para_opts *o, double lead, int club, int inner)
{
	para_layout(&b->para, o);
	const struct para *p = &b->para;
	size_t n = p->nlines;
	for (size_t li = 0; li < n; li++) {
		const struct para_line *l = &p->lines[li];
		uint32_t dl0 = (uint32_t)b->g->ndl;
		if (li == 0 && b->box_from >= 0 && (size_t)b->box_from <= b->g->ndl)
			dl0 = (uint32_t)b->box_from; /* items waiting for this box */
		b->box_from = -1;
		double h = l->ascent, d = l->descent;
		if (b->quote_depth) {
			/* Quote bars tile from line to line. */
			h = fmax(h, lead * 0.75);
			d = fmax(d, lead - h);
		}
		decorate_box(b, h, d);
		blk_draw_line(b, li, b->x, 0);
		if (li == 0 && b->note_prefix > 0) {
			char name[24];
			snprintf(name, sizeof name, "fn-%d", b->note_prefix);
			struct dl_item dest = {.kind = DL_DEST, .x = (float)b->x, .y = (float)-h};
			dest.str = layout_str(b->doc, name, strlen(name));
			dest.len = (uint32_t)strlen(name);
			gal_dl(b->g, &dest);
			b->note_prefix = 0;
		}
		size_t box = gal_box(b->g, (float)h, (float)d, (float)lead, dl0);
		for (size_t m = 0; m < p->nmarks; m++) {
			if (p->marks[m].line != li || b->g != b->main)
				continue;
			/* Only a note's first reference carries it to a page. */
			for (size_t k = 0; k < b->npending; k++)
				if (b->fn[b->pending_notes[k]].num == p->marks[m].id)
					gal_box_footnote(b->g, box, p->marks[m].id - 1);
		}
		b->stats.lines++;
		b->stats.overfull += l->overfull;
		if (li + 1 < n)
			gal_penalty(b->g, (li == 0 || li + 2 == n) ? club : inner);
	}
	blk_end_inline(b);
}

/* ---- footnotes ---------------------------------------------------------------- */

static void blocks(struct blk *b, cmark_node *parent);

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
	gal_note_begin(b->main);
	b->note_prefix = f->num;
	blocks(b, f->def);
	gal_note_end(b->main);
	b->stats.notes++;
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

static void paragraph(struct blk *b, cmark_node *n)
{
	if (table_is_caption(n))
		return; /* set by table_build() */
	if (figure_is(n)) {
		/* A float: the text around it reads on as if it were not there. */
		figure_build(b, n);
		return;
	}
	para_reset(&b->para);
	b->cur_block = n;
	struct para_style st = blk_style(b, FONT_SERIF, 0, b->size);
	if (b->note_prefix > 0) {
		char mark[16];
		snprintf(mark, sizeof mark, "%d", b->note_prefix);
		struct para_style sup = st;
		sup.size = st.size * SUP_SCALE;
		sup.rise = st.size * SUP_RISE;
		para_add_text(&b->para, mark, strlen(mark), &sup, 0, 0);
		para_add_text(&b->para, "\xC2\xA0", 2, &st, 0, 0);
	}
	blk_inlines(b, n, st);
	if (para_empty(&b->para))
		return;
	struct para_opts o = {.measure = b->measure,
			      .indent = b->indent_next ? b->st->par_indent : 0,
			      .align = PARA_JUSTIFY,
			      .hyphenate = b->hyphenate};
	blk_emit_para(b, &o, b->lead, GAL_INF, 0);
	blk_flush_notes(b);
	b->indent_next = true;
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
			for (char *tok = strtok(attrs, " "); tok; tok = strtok(NULL, " ")) {
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
	if (!unnumbered) {
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
	}
	blk_inlines_attrs(b, n, ps, 0, NULL);
	struct para_opts o = {.measure = b->measure, .align = PARA_RAGGED};
	/* The anchor and the bookmark sit at the heading's first line. */
	b->box_from = (long)b->g->ndl;
	struct dl_item dest = {.kind = DL_DEST, .x = (float)b->x,
			       .y = (float)-st->head[hi].lead};
	dest.str = layout_str(b->doc, id, strlen(id));
	dest.len = (uint32_t)strlen(id);
	gal_dl(b->g, &dest);
	char *title = *num ? xasprintf("%s %s", num, plain) : xstrdup(plain);
	struct dl_item ol = dest;
	ol.kind = DL_OUTLINE;
	ol.ref = level;
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
	double indent = st->list_indent;
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
			if (t == CMARK_NODE_LIST) {
				list(b, c, depth + 1);
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
	b->x += st->list_indent;
	b->measure -= 2 * st->list_indent;
	b->quote_depth++;
	b->indent_next = false;
	blocks(b, n);
	b->quote_depth--;
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
	const char *raw = raw_text(n);
	if (!*raw)
		return;
	code_block_text(b, raw, cmark_node_get_start_line(n), false);
}

void blk_block(struct blk *b, cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	if (t == CMARK_NODE_PARAGRAPH)
		paragraph(b, n);
	else if (t == CMARK_NODE_HEADING)
		heading(b, n);
	else if (t == CMARK_NODE_LIST)
		list(b, n, 0);
	else if (t == CMARK_NODE_BLOCK_QUOTE)
		quote(b, n);
	else if (t == CMARK_NODE_CODE_BLOCK)
		code_block(b, n);
	else if (t == CMARK_NODE_THEMATIC_BREAK)
		thematic_break(b);
	else if (t == CMARK_NODE_TABLE)
		table_build(b, n);
	else if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_FOOTNOTE_DEFINITION)
		; /* raw HTML is dropped; notes are set where first referenced */
	else
		raw_block(b, n);
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
		b->fn[b->nfn] = (struct blk_fnote){(int)b->nfn + 1, n, -1};
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
	collect_notes(b, md->doc);
	b->top_level = top_heading_level(md->doc);
	blocks(b, md->doc);
}
