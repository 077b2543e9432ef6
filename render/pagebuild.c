#include "render/pagebuild.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/util.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/style.h"

#define EPS 0.01f

/* One column being filled. */
struct frame {
	float x, w, top, bottom;
};

/* A float met while scanning, and where it was decided to go. */
struct fdec {
	size_t k;
	int flt;
	bool inline_here;
};

/* The best break found by a scan. */
struct cut {
	size_t b;          /* items [i, b) go into the column */
	float gap;         /* space left over */
	float stretch;     /* stretchable glue in the column */
	bool fill;         /* stretch the glue to fill the column */
	size_t ndec;       /* float decisions that belong to [i, b) */
};

void pb_init(struct pb *pb, struct layout_doc *doc, const struct style *st, int first_number)
{
	memset(pb, 0, sizeof *pb);
	pb->doc = doc;
	pb->st = st;
	pb->next_number = first_number;
}

void pb_free(struct pb *pb)
{
	na_free(&pb->carry);
	free(pb->queue);
	pb->queue = NULL;
	pb->nq = pb->capq = 0;
}

static struct layout_page *cur(struct pb *pb)
{
	return &pb->doc->pages[pb->page];
}

void pb_new_page(struct pb *pb)
{
	bool first = !pb->have_page;
	layout_add_page(pb->doc, (float)pb->st->page_w, (float)pb->st->page_h, pb->next_number++);
	pb->page = pb->doc->npages - 1;
	if (first)
		pb->first_page = pb->page;
	pb->have_page = true;
	pb->y = (float)pb->st->margin_top;
}

static float page_bottom(const struct pb *pb)
{
	float b = (float)(pb->st->margin_top + pb->st->text_h);
	if (pb->page == pb->first_page)
		b -= pb->first_reserve;
	return b;
}

/* Copy display items, moved by (dx, dy), onto the current page. */
static void put_items(struct pb *pb, const struct dl_item *items, size_t n, float dx, float dy)
{
	struct layout_page *pg = cur(pb);
	for (size_t i = 0; i < n; i++) {
		struct dl_item it = items[i];
		it.x += dx;
		it.y += dy;
		layout_put(pg, &it);
	}
}

/* ---- footnotes ------------------------------------------------------------ */

static struct nrange note_range(const struct galley *g, int num)
{
	const struct gal_note *nt = &g->note[num];
	return (struct nrange){nt->v0, nt->v0 + nt->nv};
}

/* Draw the column's notes at its foot, under a short rule. */
static void place_notes(struct pb *pb, const struct galley *g, const struct frame *f,
			const struct notearea *a)
{
	if (a->n == 0)
		return;
	const struct style *st = pb->st;
	float y = f->bottom - a->h;
	struct dl_item rule = {.kind = DL_LINE, .x = f->x, .y = y + (float)st->fn_skip * 0.45f,
			       .w = f->w * 0.3f, .h = 0, .size = (float)st->rule_w,
			       .color = st->rule_color};
	layout_put(cur(pb), &rule);
	y += a->skip;
	const struct galley *ng = g->notes;
	float last_d = 0;
	for (size_t j = 0; j < a->n; j++) {
		bool first = true;
		float pending = 0;
		for (size_t k = a->r[j].k0; k < a->r[j].k1; k++) {
			const struct vl_item *it = &ng->v[k];
			if (it->kind == VL_GLUE) {
				if (!first)
					pending += it->h;
			} else if (it->kind == VL_BOX) {
				if (first && j > 0) {
					float gp = (float)st->footnote.lead - last_d - it->h;
					y += gp < 1 ? 1 : gp;
				}
				y += (first ? 0 : pending) + it->h;
				put_items(pb, ng->dl + it->dl0, it->ndl, f->x, y);
				y += it->d;
				last_d = it->d;
				first = false;
				pending = 0;
			}
		}
	}
}

/* ---- column filling --------------------------------------------------------- */

static float badness(float gap, float stretch)
{
	if (gap <= 0)
		return 0;
	if (stretch <= 0)
		return GAL_INF;
	float r = gap / stretch;
	float b = 100 * r * r * r;
	return b > GAL_INF ? GAL_INF : b;
}

static float header_height(const struct pb *pb, const struct galley *g, size_t i)
{
	const struct vl_item *it = &g->v[i];
	if (it->kind != VL_BOX || it->head < 0 || (size_t)it->head == i)
		return 0;
	const struct vl_item *hb = &g->v[it->head];
	float top = fmaxf((float)pb->st->topskip, hb->h);
	float gl = (size_t)it->head + 1 < g->n && g->v[it->head + 1].kind == VL_GLUE
			   ? g->v[it->head + 1].h : 0;
	return top + hb->d + gl;
}

/* Find where a column of height H, filled from item i, should end.  `area`
 * holds the notes already at its foot; `defer_notes` means new notes wait
 * for a later column; `fit_first` that even the first box must fit. */
/* Whether the items just before k are floats, one of them set in this
 * column: a break after them keeps it here. */
static bool after_float_here(const struct galley *g, size_t k, const struct fdec *decs, size_t ndec)
{
	for (size_t d = ndec; d > 0 && k > 0 && g->v[k - 1].kind == VL_FLOAT && decs[d - 1].k == k - 1;
	     d--, k--)
		if (decs[d - 1].inline_here)
			return true;
	return false;
}

static struct cut scan(struct pb *pb, const struct galley *g, size_t i, float H,
		       const struct notearea *area, bool defer_notes, bool fit_first,
		       struct fdec **decs, size_t *ndec, size_t *capdec)
{
	const struct style *st = pb->st;
	/* Ragged-bottom allowance: a column may end two lines short at
	 * little cost when nothing can stretch. */
	float R = 2 * (float)st->body.lead;
	float t = header_height(pb, g, i), s = 0;
	bool first = t == 0, deferred = pb->nq > 0;
	struct nasum fa = na_sum(area);
	struct cut best = {.b = (size_t)-1};
	float best_cost = INFINITY;
	size_t k;
	*ndec = 0;
	for (k = i; k < g->n; k++) {
		const struct vl_item *it = &g->v[k];
		bool cand = false;
		int pen = 0;
		switch (it->kind) {
		case VL_BOX: {
			float hh = it->h + it->d;
			if (first)
				hh += fmaxf(0, (float)st->topskip - it->h);
			struct nasum with = fa;
			for (uint32_t j = 0; j < it->nfn && !defer_notes; j++)
				with = nasum_add(with, area, g->notes,
						 note_range(g, g->fnref[it->fn0 + (int32_t)j]));
			if ((!first || fit_first) && t + hh + with.h > H + EPS) {
				if (first)
					goto overflow; /* not even the first box: next column */
				/* The box fits but its note does not: the note may
				 * start here and go on in the next column, if at
				 * least two of its lines fit and the column may end
				 * right after the box. */
				float two = (fa.any ? 1 : (float)st->fn_skip) +
					    2 * (float)st->footnote.lead + fa.h;
				bool can_end = k + 1 < g->n &&
					       (g->v[k + 1].kind == VL_GLUE ||
						(g->v[k + 1].kind == VL_PENALTY &&
						 g->v[k + 1].penalty < GAL_INF));
				if (it->nfn && !defer_notes && can_end && t + hh + two <= H + EPS) {
					best = (struct cut){k + 1, 0, 0, false, *ndec};
					goto done;
				}
				goto overflow;
			}
			fa = with;
			t += hh;
			first = false;
			break;
		}
		case VL_GLUE:
			/* After a box, or after floats of which one is set here
			 * (those that follow it wait for a later column). */
			if (k > i && (g->v[k - 1].kind == VL_BOX || after_float_here(g, k, *decs, *ndec)))
				cand = true;
			if (!first) {
				t += it->h;
				s += it->stretch;
			}
			break;
		case VL_PENALTY:
			if (it->penalty < GAL_INF) {
				cand = true;
				pen = it->penalty;
			}
			break;
		case VL_FLOAT: {
			const struct gal_float *fl = &g->floats[it->flt];
			float need = fl->h + (float)st->float_skip;
			bool here = !deferred && t + need + fa.h <= H + EPS;
			if (here)
				t += need;
			else
				deferred = true;
			*decs = xgrow(*decs, capdec, *ndec + 1, sizeof **decs);
			(*decs)[(*ndec)++] = (struct fdec){k, it->flt, here};
			break;
		}
		}
		if (cand && !first) {
			float gap = H - fa.h - t;
			float cost = pen <= -GAL_INF ? -INFINITY : pen + badness(gap, s + R);
			if (cost <= best_cost) {
				best_cost = cost;
				best = (struct cut){k, gap, s, pen > -GAL_INF, *ndec};
			}
			if (pen <= -GAL_INF)
				goto done;
		}
	}
	/* The end of the galley: always the best place to stop. */
	best = (struct cut){g->n, H - fa.h - t, s, false, *ndec};
	goto done;
overflow:
	if (best.b == (size_t)-1) {
		/* No legal break fits: cut before the box that overflows. */
		best = (struct cut){k, 0, 0, false, 0};
		for (size_t j = 0; j < *ndec; j++)
			if ((*decs)[j].k < k)
				best.ndec = j + 1;
	}
done:
	return best;
}

/* Place items [i, c->b) into frame f starting at y; the footnotes of the
 * boxes placed go to `area` (or wait in pb->carry behind earlier ones). */
static void place(struct pb *pb, const struct galley *g, size_t i, const struct cut *c,
		  const struct frame *f, float y, const struct fdec *decs, struct notearea *area,
		  bool defer_notes)
{
	const struct style *st = pb->st;
	bool first = true;
	float ratio = c->fill && c->stretch > 0 ? fminf(c->gap, c->stretch) / c->stretch : 0;
	size_t d = 0;
	if (i < g->n && header_height(pb, g, i) > 0) {
		const struct vl_item *hb = &g->v[g->v[i].head];
		y += fmaxf((float)st->topskip, hb->h);
		put_items(pb, g->dl + hb->dl0, hb->ndl, f->x, y);
		y += hb->d;
		if ((size_t)g->v[i].head + 1 < g->n && g->v[g->v[i].head + 1].kind == VL_GLUE)
			y += g->v[g->v[i].head + 1].h;
		first = false;
	}
	for (size_t k = i; k < c->b; k++) {
		const struct vl_item *it = &g->v[k];
		switch (it->kind) {
		case VL_BOX:
			y += first ? fmaxf((float)st->topskip, it->h) : it->h;
			put_items(pb, g->dl + it->dl0, it->ndl, f->x, y);
			y += it->d;
			for (uint32_t j = 0; j < it->nfn; j++) {
				struct nrange r = note_range(g, g->fnref[it->fn0 + (int32_t)j]);
				na_add(defer_notes ? &pb->carry : area, g->notes, r);
			}
			first = false;
			break;
		case VL_GLUE:
			if (!first)
				y += it->h + ratio * it->stretch;
			break;
		case VL_PENALTY:
			break;
		case VL_FLOAT:
			for (; d < c->ndec && decs[d].k < k; d++)
				;
			if (d < c->ndec && decs[d].k == k) {
				const struct gal_float *fl = &g->floats[it->flt];
				if (decs[d].inline_here) {
					float top = y + (first ? 0 : (float)st->float_skip / 2);
					put_items(pb, g->dl + fl->dl0, fl->ndl, f->x, top);
					y += fl->h + (float)st->float_skip;
				} else {
					pb->queue = xgrow(pb->queue, &pb->capq, pb->nq + 1,
							  sizeof *pb->queue);
					pb->queue[pb->nq++] = it->flt;
				}
			}
			break;
		}
	}
	pb->y = y;
}

/* Floats waiting from earlier columns go to the top of this one, as many
 * as fit; a float taller than a whole column goes into a full-height one
 * alone, since no column will ever hold it better. */
static float place_queued(struct pb *pb, const struct galley *g, const struct frame *f)
{
	float y = f->top;
	bool full = f->top <= (float)pb->st->margin_top + EPS;
	size_t used = 0;
	for (; used < pb->nq; used++) {
		const struct gal_float *fl = &g->floats[pb->queue[used]];
		bool fits = y + fl->h <= f->bottom - (float)pb->st->body.lead * (used ? 3 : 0);
		if (!fits && !(used == 0 && full))
			break;
		put_items(pb, g->dl + fl->dl0, fl->ndl, f->x, y);
		y += fl->h + (float)pb->st->float_skip;
	}
	if (used) {
		memmove(pb->queue, pb->queue + used, (pb->nq - used) * sizeof *pb->queue);
		pb->nq -= used;
	}
	return y;
}

static size_t skip_discardable(const struct galley *g, size_t i)
{
	while (i < g->n && (g->v[i].kind == VL_GLUE || g->v[i].kind == VL_PENALTY))
		i++;
	return i;
}

static struct frame column_frame(const struct pb *pb, int ncols, int col, float top)
{
	const struct style *st = pb->st;
	struct frame f;
	f.x = ncols == 1 ? (float)st->margin_left : (float)style_col_x(st, col);
	f.w = ncols == 1 ? (float)st->text_w : (float)st->col_w;
	f.top = top;
	f.bottom = page_bottom(pb);
	return f;
}

/* Where the columns of the current page began: enough to set them again. */
struct snap {
	size_t i;       /* galley item at the top of the page's columns */
	size_t nitems;  /* page items before them */
	float top;
	bool plain;     /* nothing waiting then (no floats, no carried notes) */
};

/* Would items [i, n) fit in `ncols` columns of height H? */
static bool fits_in(struct pb *pb, const struct galley *g, size_t i, float H, int ncols)
{
	struct notearea none;
	na_init(&none, 0, 0);
	struct fdec *decs = NULL;
	size_t ndec = 0, capdec = 0;
	for (int c = 0; c < ncols && i < g->n; c++) {
		struct cut cut = scan(pb, g, i, H, &none, false, true, &decs, &ndec, &capdec);
		if (cut.b <= i)
			break;
		i = skip_discardable(g, cut.b);
	}
	free(decs);
	return i >= g->n;
}

/* The last page of a multi-column flow gets columns of equal height, as
 * far as the breaks allow, instead of a full first column and a short
 * last one.  Only pages of plain text: no floats, no notes. */
static void balance(struct pb *pb, const struct galley *g, const struct snap *sn, int ncols)
{
	if (!sn->plain)
		return;
	for (size_t k = sn->i; k < g->n; k++)
		if (g->v[k].kind == VL_FLOAT || (g->v[k].kind == VL_BOX && g->v[k].nfn))
			return;
	float full = page_bottom(pb) - sn->top;
	float lo = 0, hi = full;
	if (!fits_in(pb, g, sn->i, hi, ncols))
		return;
	for (int it = 0; it < 16; it++) {
		float mid = (lo + hi) / 2;
		if (fits_in(pb, g, sn->i, mid, ncols))
			hi = mid;
		else
			lo = mid;
	}
	cur(pb)->n = sn->nitems;
	struct notearea none;
	na_init(&none, 0, 0);
	struct fdec *decs = NULL;
	size_t ndec = 0, capdec = 0;
	size_t i = sn->i;
	float lowest = sn->top;
	for (int c = 0; c < ncols && i < g->n; c++) {
		struct frame f = column_frame(pb, ncols, c, sn->top);
		f.bottom = sn->top + hi;
		struct cut cut = scan(pb, g, i, hi, &none, false, true, &decs, &ndec, &capdec);
		if (cut.b <= i)
			cut.b = i + 1;
		cut.fill = false; /* equal heights come from the breaks, not from stretching */
		place(pb, g, i, &cut, &f, sn->top, decs, &none, false);
		i = skip_discardable(g, cut.b);
		lowest = fmaxf(lowest, pb->y);
	}
	free(decs);
	na_free(&none);
	pb->y = lowest;
}

void pb_flow(struct pb *pb, const struct galley *g, int ncols)
{
	const struct style *st = pb->st;
	if (!pb->have_page)
		pb_new_page(pb);
	size_t i = skip_discardable(g, 0);
	struct fdec *decs = NULL;
	size_t ndec = 0, capdec = 0;
	pb->nq = 0;
	na_free(&pb->carry);
	na_init(&pb->carry, (float)st->fn_skip, (float)st->footnote.lead);
	float top = pb->y;
	int col = 0;
	float lowest = top;
	struct snap sn = {i, cur(pb)->n, top, true};
	while (i < g->n || pb->nq > 0 || pb->carry.n > 0) {
		struct frame f = column_frame(pb, ncols, col, top);
		float y = place_queued(pb, g, &f);
		/* Notes carried from the last column come first, in at most
		 * half of this one; new notes wait behind any that remain. */
		struct notearea area;
		na_init(&area, (float)st->fn_skip, (float)st->footnote.lead);
		if (g->notes && pb->carry.n) {
			na_append(&area, g->notes, &pb->carry);
			na_cut(&area, g->notes, (f.bottom - y) / 2, &pb->carry);
		}
		bool defer = pb->carry.n > 0;
		pb->y = y;
		/* A column that starts low (under a title block) and has no room
		 * for three lines is left empty rather than overfilled. */
		bool room = f.top <= (float)st->margin_top + EPS ||
			    f.bottom - y - area.h >= 3 * (float)st->body.lead;
		if (i < g->n && room) {
			/* A full-height column takes its first box whatever its
			 * size; a shorter one (under a title) only if it fits. */
			bool full = f.top <= (float)st->margin_top + EPS;
			struct cut c = scan(pb, g, i, f.bottom - y, &area, defer, !full, &decs, &ndec,
					    &capdec);
			if (c.b <= i && full)
				c.b = i + 1; /* a box taller than any column: it goes alone */
			if (c.b > i) {
				place(pb, g, i, &c, &f, y, decs, &area, defer);
				i = skip_discardable(g, c.b);
			}
		}
		if (area.n) {
			/* Only when the column's first box brought a note too
			 * long for what is left: its tail goes on. */
			na_cut(&area, g->notes, f.bottom - pb->y - 2, &pb->carry);
			place_notes(pb, g, &f, &area);
		}
		na_free(&area);
		y = pb->y;
		if (y > lowest)
			lowest = y;
		if (i >= g->n && pb->nq == 0 && pb->carry.n == 0) {
			if (ncols > 1) {
				balance(pb, g, &sn, ncols);
				lowest = pb->y;
			}
			break;
		}
		if (++col >= ncols) {
			pb_new_page(pb);
			col = 0;
			top = pb->y;
			lowest = top;
			sn = (struct snap){i, cur(pb)->n, top, pb->nq == 0 && pb->carry.n == 0};
		}
	}
	free(decs);
	na_free(&pb->carry);
	pb->y = lowest;
}
