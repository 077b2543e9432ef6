#include "render/toc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/model.h"
#include "proceedings/paper_store.h"
#include "proceedings/util.h"
#include "render/galley.h"
#include "render/titleblock.h"
#include "render/typeset.h"
#include "render/vpage.h"

#define LEADER_STEP 4.8 /* dots sit on one grid down the page */

static bool is_ko(const char *lang)
{
	return lang && str_starts(lang, "ko");
}

static void put(struct galley *g, const struct dl_item *it)
{
	gal_dl(g, it);
}

/* Dots from `from` to `to` (column coordinates) on the baseline. */
static void leaders(struct vpage *vp, struct galley *g, double from, double to, double size,
		    uint32_t color)
{
	int f = font_for_char(vp->doc->fonts, FONT_SERIF, 0, '.');
	if (f < 0)
		return;
	double dw = font_advance(vp->doc->fonts, f, '.') * size / 1000.0;
	double x0 = ceil(from / LEADER_STEP) * LEADER_STEP;
	if (to - dw < x0)
		return;
	int n = (int)floor((to - dw - x0) / LEADER_STEP) + 1;
	char *dots = xmalloc((size_t)n + 1);
	memset(dots, '.', (size_t)n);
	dots[n] = '\0';
	struct dl_item it = {.kind = DL_TEXT, .font = f, .size = (float)size, .x = (float)x0,
			     .y = 0, .w = (float)(n * LEADER_STEP),
			     .cs = (float)(LEADER_STEP - dw), .color = color};
	it.len = (uint32_t)n;
	it.str = layout_str(vp->doc, dots, (size_t)n);
	put(g, &it);
	free(dots);
}

static void link_box(struct vpage *vp, struct galley *g, const char *target, double w,
		     double asc, double desc)
{
	if (!target)
		return;
	struct dl_item l = {.kind = DL_LINK, .x = 0, .y = (float)-asc, .w = (float)w,
			    .h = (float)(asc + desc)};
	l.len = (uint32_t)strlen(target);
	l.str = layout_str(vp->doc, target, l.len);
	put(g, &l);
}

/* Lines of `text` at x (indent) within `measure`; the last line gets
 * leaders and `num` at the right edge.  Every line links to `target`. */
static void entry_lines(struct vpage *vp, struct galley *g, const char *text,
			const struct para_style *ps, double x, double measure, const char *num,
			double lead, const char *target, bool keep_with_next)
{
	const struct style *st = vp->st;
	struct blk *b = &vp->b;
	b->g = g;
	para_reset(&b->para);
	para_add_text(&b->para, text, strlen(text), ps, 0, 0);
	struct para_opts o = {.measure = measure, .align = PARA_RAGGED};
	para_layout(&b->para, &o);
	size_t n = b->para.nlines;
	double nw = num ? blk_text_width(b, FONT_SERIF, 0, ps->size, num) : 0;
	for (size_t li = 0; li < n; li++) {
		const struct para_line *l = &b->para.lines[li];
		uint32_t dl0 = (uint32_t)g->ndl;
		/* A bookmark or destination placed just before belongs to this box. */
		if (li == 0 && b->box_from >= 0 && (size_t)b->box_from <= g->ndl)
			dl0 = (uint32_t)b->box_from;
		b->box_from = -1;
		blk_draw_line(b, li, x, 0);
		if (num && li + 1 == n) {
			leaders(vp, g, x + l->width + 0.6 * ps->size, st->text_w - nw - 0.6 * ps->size,
				ps->size, st->muted_color);
			blk_put_text(b, num, FONT_SERIF, 0, ps->size, st->text_color,
				     st->text_w - nw, 0);
		}
		link_box(vp, g, target, st->text_w, l->ascent, l->descent);
		gal_box(g, (float)l->ascent, (float)l->descent, (float)lead, dl0);
		if (li + 1 < n || keep_with_next)
			gal_penalty(g, GAL_INF);
	}
	blk_end_inline(b);
}

static void session_head(struct vpage *vp, struct galley *g, const struct session *s)
{
	const struct style *st = vp->st;
	const char *lang = vp->lang;
	const char *title = mtext_get(&s->title, lang);
	gal_glue(g, (float)(1.3 * st->body.lead), (float)(0.3 * st->body.lead), 0);
	struct para_style ps = blk_style(&vp->b, FONT_SANS, FONT_BOLD, st->head[1].size);
	entry_lines(vp, g, title ? title : s->id, &ps, 0, vp->st->text_w, NULL, st->head[1].lead,
		    NULL, true);
	const char *place = mtext_get(&s->place, lang);
	if (s->time || place) {
		char *line = s->time && place ? xasprintf("%s \xC2\xB7 %s", s->time, place)
					      : xstrdup(s->time ? s->time : place);
		struct para_style ms = blk_style(&vp->b, FONT_SANS, 0, st->small.size);
		ms.color = st->muted_color;
		entry_lines(vp, g, line, &ms, 0, st->text_w, NULL, st->small.lead, NULL, true);
		free(line);
	}
	gal_glue(g, (float)(0.5 * st->body.lead), 0, 0);
	gal_penalty(g, GAL_INF);
}

static void paper_entry(struct vpage *vp, struct galley *g, const struct paper *p, int page)
{
	const struct style *st = vp->st;
	const char *lang = p->lang ? p->lang : "en";
	char num[16];
	snprintf(num, sizeof num, "%d", page);
	char *dest = ts_paper_dest(p->id);
	char *target = xasprintf("#%s", dest);
	const char *title = mtext_get(&p->title, lang);
	double indent = 0, measure = st->text_w - 4 * st->body.size;
	struct para_style ts = blk_style(&vp->b, FONT_SERIF, 0, st->body.size);
	entry_lines(vp, g, title ? title : p->id, &ts, indent, measure, num, st->body.lead, target,
		    true);
	/* A paper in another language shows its title in the volume's too. */
	const struct mtext_entry *tr = mtext_find(&p->title, vp->lang, lang);
	if (tr && title && !str_eq(tr->text, title)) {
		struct para_style es = blk_style(&vp->b, FONT_SERIF, 0, st->small.size);
		es.color = st->muted_color;
		entry_lines(vp, g, tr->text, &es, indent, measure, NULL, st->small.lead, target,
			    true);
	}
	char *names = titleblock_all_authors(p);
	if (*names) {
		struct para_style as = blk_style(&vp->b, FONT_SERIF, FONT_ITALIC, st->small.size);
		as.color = st->muted_color;
		entry_lines(vp, g, names, &as, indent, measure, NULL, st->small.lead, target, false);
	}
	gal_glue(g, (float)(0.55 * st->body.lead), (float)(0.2 * st->body.lead), 0);
	free(names);
	free(target);
	free(dest);
}

static void page_title(struct vpage *vp, struct galley *g, const char *title, const char *dest)
{
	const struct style *st = vp->st;
	gal_glue(g, (float)(2 * st->body.lead), 0, 0);
	vp_mark(vp, g, title, 1, dest, st->title.lead);
	struct para_style ps = blk_style(&vp->b, FONT_SANS, FONT_BOLD, st->title.size);
	entry_lines(vp, g, title, &ps, 0, st->text_w, NULL, st->title.lead, NULL, true);
	gal_glue(g, (float)(1.2 * st->body.lead), 0, 0);
}

void toc_build(struct vpage *vp, const int *first_page, int index_page)
{
	const struct volume *v = vp->v;
	bool ko = is_ko(vp->lang);
	vp_recto(vp);
	struct galley g;
	gal_init(&g, 1);
	vp->b.x = 0;
	page_title(vp, &g, ko ? "차례" : "Contents", "quire:contents");
	int cur = -2;
	for (size_t i = 0; i < v->npapers; i++) {
		const struct paper *p = paper_meta_open(v, v->papers[i]);
		if (v->papers[i]->session != cur) {
			cur = v->papers[i]->session;
			if (cur >= 0 && (size_t)cur < v->nsessions)
				session_head(vp, &g, &v->sessions[cur]);
			else if (v->nsessions) {
				struct session other = {.id = (char *)(ko ? "기타 논문" : "Other papers")};
				session_head(vp, &g, &other);
			}
		}
		paper_entry(vp, &g, p, first_page[i]);
		paper_meta_close(v->papers[i], p);
	}
	if (index_page > 0) {
		const struct style *st = vp->st;
		gal_glue(&g, (float)(1.3 * st->body.lead), 0, 0);
		char num[16];
		snprintf(num, sizeof num, "%d", index_page);
		struct para_style ps = blk_style(&vp->b, FONT_SANS, FONT_BOLD, st->head[1].size);
		entry_lines(vp, &g, ko ? "저자 색인" : "Author Index", &ps, 0,
			    st->text_w - 4 * st->body.size, num, st->head[1].lead,
			    "#quire:author-index", false);
	}
	vp_flow(vp, &g, 1, NULL);
	gal_free(&g);
}

void toc_program(struct vpage *vp)
{
	const struct volume *v = vp->v;
	const struct style *st = vp->st;
	bool any = false;
	for (size_t i = 0; i < v->nsessions; i++)
		any = any || v->sessions[i].time;
	if (!any)
		return;
	bool ko = is_ko(vp->lang);
	vp_recto(vp);
	struct galley g;
	gal_init(&g, 1);
	vp->b.x = 0;
	page_title(vp, &g, ko ? "프로그램" : "Programme", "quire:programme");
	double col = 30 * 2.83465; /* the time column */
	for (size_t si = 0; si < v->nsessions; si++) {
		const struct session *s = &v->sessions[si];
		const char *title = mtext_get(&s->title, vp->lang);
		const char *place = mtext_get(&s->place, vp->lang);
		gal_glue(&g, (float)(1.0 * st->body.lead), (float)(0.3 * st->body.lead), 0);
		/* "09:30  Session 1: ..." — the clock time is what a programme is read for. */
		struct blk *b = &vp->b;
		const char *clock = s->time ? strchr(s->time, ' ') : NULL;
		char *head = s->time ? xasprintf("%s\xE2\x80\x83%s", clock ? clock + 1 : s->time,
						 title ? title : s->id)
				     : xstrdup(title ? title : s->id);
		struct para_style hs = blk_style(b, FONT_SANS, FONT_BOLD, st->body.size);
		entry_lines(vp, &g, head, &hs, 0, st->text_w, NULL, st->body.lead, NULL, true);
		free(head);
		struct para_style ms = blk_style(b, FONT_SANS, 0, st->small.size);
		ms.color = st->muted_color;
		char *where = s->time && strchr(s->time, ' ')
				      ? xasprintf("%.*s%s%s", (int)(strchr(s->time, ' ') - s->time),
						  s->time, place ? " \xC2\xB7 " : "", place ? place : "")
				      : xstrdup(place ? place : "");
		if (*where) {
			b->x = col;
			b->measure = st->text_w - col;
			vp_para(vp, &g, where, &ms, PARA_RAGGED, st->small.lead);
			gal_penalty(&g, GAL_INF);
		}
		free(where);
		gal_glue(&g, (float)(0.4 * st->body.lead), 0, 0);
		for (size_t k = 0; k < s->npapers; k++) {
			const struct paper_stub *stub = NULL;
			for (size_t i = 0; i < v->npapers && !stub; i++)
				if (str_eq(v->papers[i]->id, s->paper_ids[k]))
					stub = v->papers[i];
			if (!stub)
				continue;
			const struct paper *p = paper_meta_open(v, stub);
			const char *lang = p->lang ? p->lang : "en";
			const char *pt = mtext_get(&p->title, lang);
			b->x = col;
			b->measure = st->text_w - col;
			struct para_style ps = blk_style(b, FONT_SERIF, 0, st->body.size);
			vp_para(vp, &g, pt ? pt : p->id, &ps, PARA_RAGGED, st->body.lead);
			char *names = titleblock_all_authors(p);
			if (*names) {
				gal_penalty(&g, GAL_INF);
				struct para_style as = blk_style(b, FONT_SERIF, FONT_ITALIC, st->small.size);
				as.color = st->muted_color;
				vp_para(vp, &g, names, &as, PARA_RAGGED, st->small.lead);
			}
			free(names);
			gal_glue(&g, (float)(0.4 * st->body.lead), 0, 0);
			paper_meta_close(stub, p);
		}
		b->x = 0;
		b->measure = st->text_w;
	}
	vp_flow(vp, &g, 1, NULL);
	gal_free(&g);
}
