#include "render/galley.h"

#include <stdlib.h>
#include <string.h>

#include "proceedings/util.h"

void gal_init(struct galley *g, int with_notes)
{
	memset(g, 0, sizeof *g);
	g->prev_depth = GAL_NO_DEPTH;
	g->lineskip = 1;
	if (with_notes) {
		g->notes = xmalloc(sizeof *g->notes);
		gal_init(g->notes, 0);
	}
}

void gal_free(struct galley *g)
{
	free(g->v);
	free(g->dl);
	free(g->floats);
	free(g->fnref);
	free(g->note);
	if (g->notes) {
		gal_free(g->notes);
		free(g->notes);
	}
	memset(g, 0, sizeof *g);
}

uint32_t gal_dl(struct galley *g, const struct dl_item *it)
{
	g->dl = xgrow(g->dl, &g->capdl, g->ndl + 1, sizeof *g->dl);
	g->dl[g->ndl] = *it;
	return (uint32_t)g->ndl++;
}

static struct vl_item *push(struct galley *g, enum vl_kind k)
{
	g->v = xgrow(g->v, &g->cap, g->n + 1, sizeof *g->v);
	struct vl_item *it = &g->v[g->n++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->fn0 = -1;
	it->head = -1;
	it->flt = -1;
	return it;
}

size_t gal_box(struct galley *g, float h, float d, float lead, uint32_t dl0)
{
	if (g->prev_depth != GAL_NO_DEPTH) {
		/* Boxes may touch (TeX's \lineskiplimit 0pt): code lines
		 * abut, so their shading has no seams. */
		float skip = lead - g->prev_depth - h;
		if (skip < 0)
			skip = g->lineskip;
		gal_glue(g, skip, 0, 0);
	}
	struct vl_item *it = push(g, VL_BOX);
	it->h = h;
	it->d = d;
	it->dl0 = dl0;
	it->ndl = (uint32_t)(g->ndl - dl0);
	g->prev_depth = d;
	return g->n - 1;
}

void gal_glue(struct galley *g, float size, float stretch, float shrink)
{
	struct vl_item *it = push(g, VL_GLUE);
	it->h = size;
	it->stretch = stretch;
	it->shrink = shrink;
}

void gal_penalty(struct galley *g, int penalty)
{
	push(g, VL_PENALTY)->penalty = penalty;
}

void gal_float(struct galley *g, float h, uint32_t dl0)
{
	g->floats = xgrow(g->floats, &g->capfloats, g->nfloats + 1, sizeof *g->floats);
	g->floats[g->nfloats] = (struct gal_float){dl0, (uint32_t)(g->ndl - dl0), h};
	push(g, VL_FLOAT)->flt = (int32_t)g->nfloats++;
}

void gal_box_footnote(struct galley *g, size_t box, int num)
{
	g->fnref = xgrow(g->fnref, &g->capfnref, g->nfnref + 1, sizeof *g->fnref);
	struct vl_item *it = &g->v[box];
	if (it->fn0 < 0)
		it->fn0 = (int32_t)g->nfnref;
	g->fnref[g->nfnref++] = num;
	it->nfn++;
}

void gal_note_begin(struct galley *g)
{
	g->note = xgrow(g->note, &g->capnote, g->nnote + 1, sizeof *g->note);
	struct gal_note *n = &g->note[g->nnote++];
	memset(n, 0, sizeof *n);
	n->v0 = g->notes->n;
	g->notes->prev_depth = GAL_NO_DEPTH;
}

void gal_note_end(struct galley *g)
{
	struct gal_note *n = &g->note[g->nnote - 1];
	n->nv = g->notes->n - n->v0;
}
