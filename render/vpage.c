#include "render/vpage.h"

#include <string.h>

#include "proceedings/model.h"
#include "proceedings/util.h"
#include "render/furniture.h"
#include "render/galley.h"
#include "render/pagebuild.h"
#include "render/typeset.h"

void vp_init(struct vpage *vp, struct typesetter *ts, const struct volume *v, int first,
	     enum layout_numbering numbering, struct diag_list *d)
{
	memset(vp, 0, sizeof *vp);
	vp->ts = ts;
	vp->doc = ts_doc(ts);
	vp->st = ts_style(ts);
	vp->v = v;
	vp->lang = v->nlanguages ? v->languages[0] : "en";
	vp->numbering = numbering;
	vp->next = first;
	vp->recto = v->layout.recto_start;
	vp->d = d;
	ts_blk(ts, &vp->b, d);
	para_set_file(&vp->b.para, v->path);
}

void vp_free(struct vpage *vp)
{
	blk_free(&vp->b);
}

size_t vp_page(struct vpage *vp)
{
	struct layout_page *pg =
		layout_add_page(vp->doc, (float)vp->st->page_w, (float)vp->st->page_h, vp->next++);
	pg->numbering = vp->numbering;
	return vp->doc->npages - 1;
}

void vp_recto(struct vpage *vp)
{
	if (vp->recto && vp->next % 2 == 0)
		vp_page(vp);
}

double vp_width(struct vpage *vp, const struct para_style *ps, const char *text)
{
	return blk_text_width(&vp->b, ps->family, ps->style, ps->size, text);
}

size_t vp_text(struct vpage *vp, size_t pi, const char *text, const struct para_style *ps,
	       double x, double y, double measure, enum para_align al, double lead)
{
	struct blk *b = &vp->b;
	struct galley scratch;
	gal_init(&scratch, 0);
	struct galley *saved = b->g;
	b->g = &scratch;
	para_reset(&b->para);
	para_add_text(&b->para, text, strlen(text), ps, 0, 0);
	struct para_opts o = {.measure = measure, .align = al};
	para_layout(&b->para, &o);
	size_t n = b->para.nlines;
	for (size_t li = 0; li < n; li++)
		blk_draw_line(b, li, x, y + (double)li * lead);
	blk_end_inline(b);
	struct layout_page *pg = &vp->doc->pages[pi];
	for (size_t i = 0; i < scratch.ndl; i++)
		layout_put(pg, &scratch.dl[i]);
	b->g = saved;
	gal_free(&scratch);
	return n;
}

size_t vp_flow(struct vpage *vp, const struct galley *g, int ncols, const struct style *st)
{
	return vp_flow_seq(vp, g, &ncols, 1, st);
}

size_t vp_flow_seq(struct vpage *vp, const struct galley *gs, const int *ncols, size_t n,
		   const struct style *st)
{
	size_t first = vp->doc->npages;
	struct pb pb;
	pb_init(&pb, vp->doc, st ? st : vp->st, vp->next);
	pb_new_page(&pb);
	for (size_t i = 0; i < n; i++)
		pb_flow(&pb, &gs[i], ncols[i]);
	vp->next = pb.next_number;
	pb_free(&pb);
	for (size_t pi = first; pi < vp->doc->npages; pi++) {
		vp->doc->pages[pi].numbering = vp->numbering;
		furn_folio(&vp->b, pi);
	}
	return first;
}

void vp_para(struct vpage *vp, struct galley *g, const char *text, const struct para_style *ps,
	     enum para_align al, double lead)
{
	struct blk *b = &vp->b;
	b->g = g;
	b->main = NULL;
	para_reset(&b->para);
	para_add_text(&b->para, text, strlen(text), ps, 0, 0);
	struct para_opts o = {.measure = b->measure, .align = al};
	blk_emit_para(b, &o, lead, GAL_INF, GAL_INF);
}

void vp_mark(struct vpage *vp, struct galley *g, const char *title, int level, const char *dest,
	     double above)
{
	struct blk *b = &vp->b;
	b->box_from = (long)g->ndl;
	struct dl_item ol = {.kind = DL_OUTLINE, .ref = level, .x = (float)b->x,
			     .y = (float)-above};
	ol.len = (uint32_t)strlen(title);
	ol.str = layout_str(vp->doc, title, ol.len);
	if (dest) {
		struct dl_item de = ol;
		de.kind = DL_DEST;
		de.ref = 0;
		de.len = (uint32_t)strlen(dest);
		de.str = layout_str(vp->doc, dest, de.len);
		gal_dl(g, &de);
	}
	gal_dl(g, &ol);
}
