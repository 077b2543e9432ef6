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

struct fnarea {
	int *ids;
	size_t n, cap;
	float h;        /* total height including the separator */
	float last_d;
};

static float note_gap(const struct pb *pb, const struct gal_note *prev_unused, float last_d,
		      const struct gal_note *next)
{
	(void)prev_unused;
	float g = (float)pb->st->footnote.lead - last_d - next->first_h;
	return g < 1 ? 1 : g;
}

/* Height the area would have with footnote `num` added. */
static float fn_with(const struct pb *pb, const struct galley *g, const struct fnarea *a, int num)
{
	const struct gal_note *nt = &g->note[num];
	if (a->n == 0)
		return (float)pb->st->fn_skip + nt->h;
	return a->h + note_gap(pb, NULL, a->last_d, nt) + nt->h;
}

static void fn_add(const struct pb *pb, const struct galley *g, struct fnarea *a, int num)
{
	a->h = fn_with(pb, g, a, num);
	a->last_d = g->note[num].last_d;
	a->ids = xgrow(a->ids, &a->cap, a->n + 1, sizeof *a->ids);
	a->ids[a->n++] = num;
}

static void place_notes(struct pb *pb, const struct galley *g, const struct frame *f,
			const struct fnarea *a)
{
	if (a->n == 0)
		return;
	const struct style *st = pb->st;
	float y = f->bottom - a->h;
	struct dl_item rule = {.kind = DL_LINE, .x = f->x, .y = y + (float)st->fn_skip * 0.45f,
			       .w = f->w * 0.3f, .h = 0, .size = (float)st->rule_w,
			       .color = st->rule_color};
	layout_put(cur(pb), &rule);
	y += (float)st->fn_skip;
	const struct galley *ng = g->notes;
	float last_d = 0;
	for (size_t j = 0; j < a->n; j++) {
		const struct gal_note *nt = &g->note[a->ids[j]];
		if (j > 0)
			y += note_gap(pb, NULL, last_d, nt);
		for (size_t k = nt->v0; k < nt->v0 + nt->nv; k++) {
			const struct vl_item *it = &ng->v[k];
			if (it->kind == VL_GLUE) {
				y += it->h;
			} else if (it->kind == VL_BOX) {
				y += it->h;
				put_items(pb, ng->dl + it->dl0, it->ndl, f->x, y);
				y += it->d;
			}
		}
		last_d = nt->last_d;
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

/* Find where column `f` (content from item i, `used` points already taken
 * at its top by floats) should end. */
static struct cut scan(struct pb *pb, const struct galley *g, size_t i, float H,
		       struct fdec **decs, size_t *ndec, size_t *capdec)
{
	const struct style *st = pb->st;
	/* Ragged-bottom allowance: a column may end two lines short at
	 * little cost when nothing can stretch. */
	float R = 2 * (float)st->body.lead;
	float t = header_height(pb, g, i), s = 0, z = 0;
	bool first = t == 0, deferred = pb->nq > 0;
	struct fnarea fa = {0};
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
			struct fnarea with = fa; /* ids are not needed while scanning */
			for (uint32_t j = 0; j < it->nfn; j++) {
				int num = g->fnref[it->fn0 + (int32_t)j];
				with.h = fn_with(pb, g, &with, num);
				with.n++;
				with.last_d = g->note[num].last_d;
			}
			if (!first && t + hh + with.h > H + EPS)
				goto overflow;
			fa.h = with.h;
			fa.n = with.n;
			fa.last_d = with.last_d;
			t += hh;
			first = false;
			break;
		}
		case VL_GLUE:
			/* After a box, or after a float set here. */
			if (k > i && (g->v[k - 1].kind == VL_BOX ||
				      (g->v[k - 1].kind == VL_FLOAT && *ndec &&
				       (*decs)[*ndec - 1].k == k - 1 && (*decs)[*ndec - 1].inline_here)))
				cand = true;
			if (!first) {
				t += it->h;
				s += it->stretch;
				z += it->shrink;
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

/* Place items [i, c->b) into frame f starting at y; returns the column's
 * footnotes through fa. */
static void place(struct pb *pb, const struct galley *g, size_t i, const struct cut *c,
		  const struct frame *f, float y, const struct fdec *decs, struct fnarea *fa)
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
			for (uint32_t j = 0; j < it->nfn; j++)
				fn_add(pb, g, fa, g->fnref[it->fn0 + (int32_t)j]);
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

/* Floats waiting from earlier columns go to the top of this one. */
static float place_queued(struct pb *pb, const struct galley *g, const struct frame *f)
{
	float y = f->top;
	size_t used = 0;
	for (; used < pb->nq; used++) {
		const struct gal_float *fl = &g->floats[pb->queue[used]];
		if (used > 0 && y + fl->h > f->bottom - (float)pb->st->body.lead * 3)
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

void pb_flow(struct pb *pb, const struct galley *g, int ncols)
{
	const struct style *st = pb->st;
	if (!pb->have_page)
		pb_new_page(pb);
	size_t i = skip_discardable(g, 0);
	struct fdec *decs = NULL;
	size_t ndec = 0, capdec = 0;
	pb->nq = 0;
	float top = pb->y;
	int col = 0;
	float lowest = top;
	while (i < g->n || pb->nq > 0) {
		struct frame f;
		if (ncols == 1) {
			f.x = (float)st->margin_left;
			f.w = (float)st->text_w;
		} else {
			f.x = (float)style_col_x(st, col);
			f.w = (float)st->col_w;
		}
		f.top = top;
		f.bottom = page_bottom(pb);
		float y = place_queued(pb, g, &f);
		struct fnarea fa = {0};
		if (i < g->n) {
			struct cut c = scan(pb, g, i, f.bottom - y, &decs, &ndec, &capdec);
			if (c.b <= i)
				c.b = i + 1; /* a box taller than any column: it goes alone */
			place(pb, g, i, &c, &f, y, decs, &fa);
			place_notes(pb, g, &f, &fa);
			free(fa.ids);
			i = skip_discardable(g, c.b);
			y = pb->y;
		}
		if (y > lowest)
			lowest = y;
		if (i >= g->n && pb->nq == 0)
			break;
		if (++col >= ncols) {
			pb_new_page(pb);
			col = 0;
			top = pb->y;
			lowest = top;
		}
	}
	free(decs);
	pb->y = lowest;
}
