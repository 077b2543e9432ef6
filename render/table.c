#include "render/table.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/markdown.h"
#include "proceedings/util.h"
#include "proceedings/xref.h"
#include "render/blocks.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/style.h"

#define COLSEP_EMS 1.0   /* space between columns, in ems of the cell text */
#define MIN_SCALE 0.75   /* a wide table may shrink its text this far */

struct col {
	double minw, maxw, w;
	char align;      /* 'l', 'c' or 'r' */
};

static bool para_starts_caption(cmark_node *para, size_t *skip)
{
	if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return false;
	cmark_node *t = cmark_node_first_child(para);
	if (!t || cmark_node_get_type(t) != CMARK_NODE_TEXT)
		return false;
	const char *s = cmark_node_get_literal(t);
	if (!s)
		return false;
	size_t k;
	if (str_starts(s, "Table:"))
		k = 6;
	else if (s[0] == ':' && s[1] == ' ')
		k = 1;
	else
		return false;
	while (s[k] == ' ')
		k++;
	if (skip)
		*skip = k;
	return true;
}

bool table_is_caption(cmark_node *para)
{
	if (!para_starts_caption(para, NULL))
		return false;
	cmark_node *prev = cmark_node_previous(para), *next = cmark_node_next(para);
	return (prev && cmark_node_get_type(prev) == CMARK_NODE_TABLE) ||
	       (next && cmark_node_get_type(next) == CMARK_NODE_TABLE);
}

static cmark_node *find_caption(cmark_node *table)
{
	cmark_node *next = cmark_node_next(table), *prev = cmark_node_previous(table);
	if (para_starts_caption(next, NULL))
		return next;
	/* A caption before the table belongs to it unless it follows another
	 * table that claims it. */
	if (para_starts_caption(prev, NULL)) {
		cmark_node *pp = cmark_node_previous(prev);
		if (!pp || cmark_node_get_type(pp) != CMARK_NODE_TABLE)
			return prev;
	}
	return NULL;
}

/* The cell's inlines into b->para.  `width` is the cell's measure, so that
 * a formula too wide for it is scaled to fit (0 while measuring). */
static void cell_para(struct blk *b, cmark_node *cell, double size, bool head, double width)
{
	para_reset(&b->para);
	struct para_style st = blk_style(b, FONT_SERIF, head ? FONT_BOLD : 0, size);
	double measure = b->measure;
	b->measure = width;
	blk_inlines(b, cell, st);
	b->measure = measure;
}

static void measure_columns(struct blk *b, cmark_node *table, struct col *cols, size_t ncol,
			    double size)
{
	for (size_t i = 0; i < ncol; i++)
		cols[i].minw = cols[i].maxw = 0;
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
		bool head = cmark_gfm_extensions_get_table_row_is_header(row);
		size_t ci = 0;
		for (cmark_node *c = cmark_node_first_child(row); c && ci < ncol;
		     c = cmark_node_next(c), ci++) {
			double mn, mx;
			cell_para(b, c, size, head, 0);
			para_extent(&b->para, &mn, &mx);
			blk_end_inline(b);
			cols[ci].minw = fmax(cols[ci].minw, mn);
			cols[ci].maxw = fmax(cols[ci].maxw, mx);
		}
	}
}

/* Widths as HTML's automatic table layout does it: everything at its
 * natural width if that fits, else the slack above the minimum shared in
 * proportion to what each column would like. */
static double set_widths(struct col *cols, size_t ncol, double avail)
{
	double smin = 0, smax = 0;
	for (size_t i = 0; i < ncol; i++) {
		smin += cols[i].minw;
		smax += cols[i].maxw;
	}
	for (size_t i = 0; i < ncol; i++) {
		struct col *c = &cols[i];
		if (smax <= avail)
			c->w = c->maxw;
		else if (smin >= avail)
			c->w = smin > 0 ? c->minw * avail / smin : avail / ncol;
		else
			c->w = c->minw + (c->maxw - c->minw) * (avail - smin) / (smax - smin);
	}
	return smin;
}

static void rule(struct blk *b, double x, double y, double w, double width)
{
	struct dl_item r = {.kind = DL_LINE, .x = (float)x, .y = (float)y, .w = (float)w, .h = 0,
			    .size = (float)width, .color = b->st->rule_color};
	gal_dl(b->g, &r);
}

/* The caption above a table.  `xf` is the resolved table (its caption
 * paragraph already cleaned of ": " and "{#tbl:x}"), or NULL when the
 * caption paragraph `cap` is found and cleaned here. */
static void caption(struct blk *b, cmark_node *cap, const struct xfloat *xf, double x, double w)
{
	const struct style *st = b->st;
	size_t skip = 0;
	if (!xf)
		para_starts_caption(cap, &skip);
	para_reset(&b->para);
	b->cur_block = cap;
	struct para_style ps = blk_style(b, FONT_SERIF, 0, st->caption.size * b->size / st->body.size);
	struct para_style bold = ps;
	bold.style = FONT_BOLD;
	char label[64] = "";
	++b->ntab;
	if (!xf)
		snprintf(label, sizeof label, "%s %d:", blk_word(b, "table"), b->ntab);
	else if (xf->number)
		snprintf(label, sizeof label, "%s %s:", blk_word(b, "table"), xf->number);
	if (*label) {
		para_add_text(&b->para, label, strlen(label), &bold, 0, 0);
		para_add_text(&b->para, " ", 1, &ps, 0, 0);
	}
	/* pandoc-crossref's "{#tbl:name}" names the table for links. */
	char *id = xf && xf->anchor ? xstrdup(xf->anchor) : NULL;
	b->box_from = (long)b->g->ndl;
	if (cap && xf)
		blk_inlines(b, cap, ps);
	else if (cap)
		blk_inlines_attrs(b, cap, ps, skip, &id);
	if (id) {
		struct dl_item dest = {.kind = DL_DEST, .x = (float)x, .y = (float)-b->lead};
		dest.str = layout_str(b->doc, id, strlen(id));
		dest.len = (uint32_t)strlen(id);
		gal_dl(b->g, &dest);
		free(id);
	}
	double mn, mx;
	para_extent(&b->para, &mn, &mx);
	double sx = b->x;
	b->x = x;
	struct para_opts o = {.measure = w, .align = mx <= w ? PARA_CENTER : PARA_JUSTIFY,
			      .hyphenate = b->hyphenate};
	blk_emit_para(b, &o, st->caption.lead * b->size / st->body.size, GAL_INF, GAL_INF);
	b->x = sx;
	/* The caption stays with the table. */
	gal_penalty(b->g, GAL_INF);
	gal_glue(b->g, (float)(0.3 * b->lead), 0, 0);
}

void table_build(struct blk *b, cmark_node *table)
{
	const struct style *st = b->st;
	size_t ncol = cmark_gfm_extensions_get_table_columns(table);
	if (ncol == 0)
		return;
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(table);
	struct col *cols = xcalloc(ncol, sizeof *cols);
	for (size_t i = 0; i < ncol; i++)
		cols[i].align = al && (al[i] == 'c' || al[i] == 'r') ? (char)al[i] : 'l';

	double scale = b->size / st->body.size;
	double size = st->small.size * scale, lead = st->small.lead * scale;
	double sep = COLSEP_EMS * size;
	double avail = b->measure - sep * (double)(ncol - 1);
	measure_columns(b, table, cols, ncol, size);
	double smin = set_widths(cols, ncol, avail);
	/* Too wide even with every column at its widest word: smaller text. */
	if (smin > avail) {
		double f = fmax(MIN_SCALE, avail / smin);
		size *= f;
		lead *= f;
		sep *= f;
		avail = b->measure - sep * (double)(ncol - 1);
		measure_columns(b, table, cols, ncol, size);
		set_widths(cols, ncol, avail);
	}
	double tw = sep * (double)(ncol - 1);
	for (size_t i = 0; i < ncol; i++)
		tw += cols[i].w;
	/* Narrow tables are centred in the measure. */
	double x0 = b->x + (tw < b->measure ? (b->measure - tw) / 2 : 0);

	gal_glue(b->g, (float)st->block_skip, (float)st->block_skip * 0.5f, 0);
	const struct xfloat *xf = b->refs ? xref_float_of(b->refs, table) : NULL;
	if (xf && xf->kind == XREF_TABLE) {
		if (xf->caption || xf->anchor)
			caption(b, xf->caption, xf, b->x, b->measure);
	} else {
		cmark_node *cap = find_caption(table);
		if (cap)
			caption(b, cap, NULL, b->x, b->measure);
	}
	b->cur_block = table;

	double heavy = 0.8, thin = 0.4, pad = 0.35 * lead;
	size_t nrows = 0;
	for (cmark_node *r = cmark_node_first_child(table); r; r = cmark_node_next(r))
		nrows++;
	long head_box = -1;
	size_t ri = 0;
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row), ri++) {
		bool head = cmark_gfm_extensions_get_table_row_is_header(row);
		bool last = ri + 1 == nrows;
		uint32_t dl0 = (uint32_t)b->g->ndl;
		double asc = 0.75 * lead, depth = 0.25 * lead;
		double x = x0;
		size_t ci = 0;
		for (cmark_node *c = cmark_node_first_child(row); c && ci < ncol;
		     c = cmark_node_next(c), ci++) {
			cell_para(b, c, size, head, cols[ci].w);
			enum para_align a = cols[ci].align == 'c' ? PARA_CENTER : PARA_RAGGED;
			struct para_opts o = {.measure = cols[ci].w, .align = a,
					      .hyphenate = b->hyphenate && cols[ci].w > 8 * size};
			para_layout(&b->para, &o);
			const struct para *p = &b->para;
			for (size_t li = 0; li < p->nlines; li++) {
				double dx = cols[ci].align == 'r' ? cols[ci].w - p->lines[li].width : 0;
				blk_draw_line(b, li, x + dx, li * lead);
				b->stats.lines++;
				b->stats.overfull += p->lines[li].overfull;
			}
			if (p->nlines) {
				asc = fmax(asc, p->lines[0].ascent);
				depth = fmax(depth, (double)(p->nlines - 1) * lead +
							    p->lines[p->nlines - 1].descent);
			}
			blk_end_inline(b);
			x += cols[ci].w + sep;
		}
		double h = asc + pad, d = depth + pad;
		if (head) {
			rule(b, x0, -h, tw, heavy);
			rule(b, x0, d, tw, thin);
		} else if (ri == 0) {
			rule(b, x0, -h, tw, heavy);
		}
		if (last)
			rule(b, x0, d, tw, heavy);
		if (ri > 0) {
			/* Rows stay together at the top and foot of a column. */
			bool keep = ri == 1 || (head_box >= 0 && ri == 2) || last;
			gal_penalty(b->g, keep ? GAL_INF : 0);
		}
		size_t box = gal_box(b->g, (float)h, (float)d, (float)lead, dl0);
		if (head)
			head_box = (long)box;
		else if (head_box >= 0)
			b->g->v[box].head = (int32_t)head_box;
		for (size_t k = 0; k < b->npending && b->g == b->main; k++)
			gal_box_footnote(b->g, box, b->fn[b->pending_notes[k]].num - 1);
		blk_flush_notes(b);
	}
	gal_glue(b->g, (float)st->block_skip, (float)st->block_skip * 0.5f, 0);
	b->stats.tables++;
	b->indent_next = false;
	free(cols);
}
