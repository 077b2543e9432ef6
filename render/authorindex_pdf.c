#include "render/authorindex_pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/model.h"
#include "proceedings/people.h"
#include "proceedings/util.h"
#include "render/galley.h"
#include "render/typeset.h"
#include "render/vpage.h"

static int page_of(const struct volume *v, const int *first_page, const struct paper_stub *p)
{
	for (size_t i = 0; i < v->npapers; i++)
		if (v->papers[i] == p)
			return first_page[i];
	return 0;
}

static void entry(struct vpage *vp, struct galley *g, const struct index_person *ip,
		  const int *first_page, double lead)
{
	const struct style *st = vp->st;
	struct blk *b = &vp->b;
	b->g = g;
	para_reset(&b->para);
	struct para_style ns = blk_style(b, FONT_SERIF, 0, st->small.size);
	para_add_text(&b->para, ip->name, strlen(ip->name), &ns, 0, 0);
	if (ip->alt) {
		/* A Korean author in an English index is found by either name. */
		char *alt = xasprintf(" (%s)", ip->alt);
		para_add_text(&b->para, alt, strlen(alt), &ns, 0, 0);
		free(alt);
	}
	/* Pages in order; a paper listed twice (an author named twice) once. */
	int *pages = xcalloc(ip->npapers + 1, sizeof *pages);
	const struct paper_stub **which = xcalloc(ip->npapers + 1, sizeof *which);
	size_t n = 0;
	for (size_t k = 0; k < ip->npapers; k++) {
		const struct paper_stub *p = ip->papers[k].paper;
		int pg = page_of(vp->v, first_page, p);
		bool seen = false;
		for (size_t j = 0; j < n; j++)
			seen = seen || which[j] == p;
		if (seen || pg <= 0)
			continue;
		which[n] = p;
		pages[n++] = pg;
	}
	/* Sort pages and keep the paper with each (insertion sort: a handful). */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && pages[j - 1] > pages[j]; j--) {
			int t = pages[j];
			pages[j] = pages[j - 1];
			pages[j - 1] = t;
			const struct paper_stub *q = which[j];
			which[j] = which[j - 1];
			which[j - 1] = q;
		}
	for (size_t k = 0; k < n; k++) {
		para_add_text(&b->para, k ? ", " : "\xE2\x80\x82", k ? 2 : 3, &ns, 0, 0);
		char num[16];
		snprintf(num, sizeof num, "%d", pages[k]);
		char *dest = ts_paper_dest(which[k]->id);
		char *target = xasprintf("#%s", dest);
		struct para_style ls = ns;
		ls.link = blk_add_link(b, target);
		para_add_text(&b->para, num, strlen(num), &ls, 0, 0);
		free(target);
		free(dest);
	}
	struct para_opts o = {.measure = b->measure, .align = PARA_RAGGED};
	blk_emit_para(b, &o, lead, GAL_INF, GAL_INF);
	free(pages);
	free(which);
}

int aidx_build(struct vpage *vp, const int *first_page)
{
	const struct volume *v = vp->v;
	const struct style *st = vp->st;
	const struct volume *one[1] = {v};
	struct people *pp = people_collect(one, 1, vp->lang);
	if (!pp || pp->n == 0) {
		people_free(pp);
		return 0;
	}
	bool ko = str_starts(vp->lang, "ko");
	vp_recto(vp);
	int number = vp->next;
	struct style two = *st;
	two.columns = 2;
	two.col_gap = 8 * 2.83465;
	two.col_w = (two.text_w - two.col_gap) / 2;

	struct galley gs[2];
	gal_init(&gs[0], 1);
	gal_init(&gs[1], 1);
	struct blk *b = &vp->b;
	b->x = 0;
	b->measure = st->text_w;
	const char *title = ko ? "저자 색인" : "Author Index";
	gal_glue(&gs[0], (float)(2 * st->body.lead), 0, 0);
	vp_mark(vp, &gs[0], title, 1, "quire:author-index", st->title.lead);
	struct para_style tp = blk_style(b, FONT_SANS, FONT_BOLD, st->title.size);
	vp_para(vp, &gs[0], title, &tp, PARA_RAGGED, st->title.lead);
	gal_glue(&gs[0], (float)(1.2 * st->body.lead), 0, 0);

	b->measure = two.col_w;
	const char *group = NULL;
	for (size_t i = 0; i < pp->n; i++) {
		const struct index_person *ip = &pp->v[i];
		if (!group || !str_eq(group, ip->group)) {
			group = ip->group;
			if (i)
				gal_glue(&gs[1], (float)(0.8 * st->body.lead), (float)(0.3 * st->body.lead), 0);
			struct para_style hs = blk_style(b, FONT_SANS, FONT_BOLD, st->body.size);
			vp_para(vp, &gs[1], group, &hs, PARA_RAGGED, st->body.lead);
			gal_penalty(&gs[1], GAL_INF);
			gal_glue(&gs[1], (float)(0.2 * st->body.lead), 0, 0);
			gal_penalty(&gs[1], GAL_INF);
		}
		entry(vp, &gs[1], ip, first_page, st->small.lead);
	}
	int cols[2] = {1, 2};
	vp_flow_seq(vp, gs, cols, 2, &two);
	gal_free(&gs[0]);
	gal_free(&gs[1]);
	people_free(pp);
	return number;
}
