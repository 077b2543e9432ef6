/* Laid-out lines to galley boxes: text runs, link areas, strike lines,
 * list markers, quote bars and ORCID badges, with the page-break
 * penalties between lines that keep widows and orphans away. */
#include "render/blocks.h"

#include <cmark-gfm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/text.h"
#include "proceedings/util.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/mathbox.h"
#include "render/style.h"

#define SEAM 0.4        /* overlap of shaded boxes from line to line, points */

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
	for (size_t k = 0; k < p->nobjs; k++) {
		const struct para_obj *o = &p->objs[k];
		if (o->line == li && o->id >= 0 && (size_t)o->id < b->nmobj)
			mbox_draw(&b->mobj[o->id], b->g, b->doc, x + o->x, y, b->mobj[o->id].scale,
				  b->st->text_color);
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
			it.str = b->links[link].str;
			it.len = b->links[link].len;
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

/* ORCID's green "iD" disc after an author's name, linked to the record.
 * The mark sits before a figure space that keeps room for it. */
static void orcid_badge(struct blk *b, const struct para_mark *m)
{
	int link = m->id - BLK_MARK_ORCID;
	const struct para_run *r = NULL;
	for (size_t i = 0; i < b->para.nruns && !r; i++)
		if (b->para.runs[i].link == link)
			r = &b->para.runs[i];
	double size = r ? r->size : b->size;
	double dia = 0.68 * size, x = b->x + m->x + 0.1 * size, y = -0.34 * size - dia / 2;
	struct dl_item disc = {.kind = DL_DISC, .x = (float)x, .y = (float)y, .w = (float)dia,
			       .h = (float)dia, .color = 0xA6CE39};
	gal_dl(b->g, &disc);
	double ts = 0.4 * size;
	double tw = blk_text_width(b, FONT_SANS, FONT_BOLD, ts, "iD");
	blk_put_text(b, "iD", FONT_SANS, FONT_BOLD, ts, 0xFFFFFF, x + (dia - tw) / 2,
		     y + dia / 2 + 0.36 * ts);
	if (link >= 0 && (size_t)link < b->nlinks) {
		struct dl_item l = {.kind = DL_LINK, .x = (float)x, .y = (float)y, .w = (float)dia,
				    .h = (float)dia};
		l.str = b->links[link].str;
		l.len = b->links[link].len;
		gal_dl(b->g, &l);
	}
}

void blk_emit_para(struct blk *b, const struct para_opts *o, double lead, int club, int inner)
{
	para_layout(&b->para, o);
	const struct para *p = &b->para;
	size_t n = p->nlines;
	/* An empty paragraph (a labelled table without caption text) still owes
	 * its waiting items (destinations) a box here; otherwise the next
	 * paragraph would take them and draw everything since a second time. */
	if (n == 0 && b->box_from >= 0 && (size_t)b->box_from <= b->g->ndl) {
		gal_box(b->g, 0, 0, 0, (uint32_t)b->box_from);
		b->box_from = -1;
	}
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
		for (size_t m = 0; m < p->nmarks; m++)
			if (p->marks[m].line == li && p->marks[m].id >= BLK_MARK_ORCID)
				orcid_badge(b, &p->marks[m]);
		size_t box = gal_box(b->g, (float)h, (float)d, (float)lead, dl0);
		for (size_t m = 0; m < p->nmarks; m++) {
			if (p->marks[m].line != li || b->g != b->main ||
			    p->marks[m].id >= BLK_MARK_ORCID)
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
