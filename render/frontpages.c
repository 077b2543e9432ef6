#include "render/frontpages.h"

#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/ident.h"
#include "proceedings/markdown.h"
#include "proceedings/model.h"
#include "proceedings/util.h"
#include "render/galley.h"
#include "render/vpage.h"

static bool is_ko(const char *lang)
{
	return lang && str_starts(lang, "ko");
}

char *fp_date(const char *date, const char *lang)
{
	static const char *const months[] = {"January", "February", "March", "April",
					     "May", "June", "July", "August",
					     "September", "October", "November", "December"};
	struct ident_date d;
	if (!date)
		return NULL;
	if (!ident_date(date, &d))
		return xstrdup(date);
	if (is_ko(lang))
		return d.day ? xasprintf("%d년 %d월 %d일", d.year, d.month, d.day)
		       : d.month ? xasprintf("%d년 %d월", d.year, d.month)
				 : xasprintf("%d년", d.year);
	if (d.day)
		return xasprintf("%d %s %d", d.day, months[d.month - 1], d.year);
	if (d.month)
		return xasprintf("%s %d", months[d.month - 1], d.year);
	return xasprintf("%d", d.year);
}

/* The text in `lang`, and the other language's when it differs. */
static const char *other_text(const struct mtext *t, const char *lang)
{
	const char *mine = mtext_get(t, lang);
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].lang && !str_eq(t->v[i].lang, lang) && mine &&
		    !str_eq(t->v[i].text, mine))
			return t->v[i].text;
	return NULL;
}

static double centred(struct vpage *vp, size_t pi, const char *text, enum font_family fam,
		      int style, double size, double lead, uint32_t color, double y)
{
	if (!text || !*text)
		return y;
	struct para_style ps = blk_style(&vp->b, fam, style, size);
	ps.color = color;
	size_t n = vp_text(vp, pi, text, &ps, vp->st->margin_left, y, vp->st->text_w,
			   PARA_CENTER, lead);
	return y + (double)n * lead;
}

static void rule(struct vpage *vp, size_t pi, double x, double y, double w, double width)
{
	struct dl_item r = {.kind = DL_LINE, .x = (float)x, .y = (float)y, .w = (float)w,
			    .h = 0, .size = (float)width, .color = vp->st->rule_color};
	layout_put(&vp->doc->pages[pi], &r);
}

static char *series_line(const struct volume *v, const char *lang)
{
	const char *series = mtext_get(&v->series, lang);
	if (!series)
		return v->number ? xasprintf(is_ko(lang) ? "제%s권" : "Volume %s", v->number) : NULL;
	return v->number ? xasprintf("%s %s", series, v->number) : xstrdup(series);
}

void fp_cover(struct vpage *vp)
{
	const struct style *st = vp->st;
	const struct volume *v = vp->v;
	const char *lang = vp->lang;
	size_t pi = vp_page(vp);
	double cx = st->margin_left, w = st->text_w;
	char *series = series_line(v, lang);
	double y = st->margin_top;
	if (series)
		centred(vp, pi, series, FONT_SANS, 0, 10, 13, st->muted_color, y);
	y = st->page_h * 0.34;
	rule(vp, pi, cx + w * 0.3, y - 30, w * 0.4, 0.8);
	y = centred(vp, pi, mtext_get(&v->title, lang), FONT_SANS, FONT_BOLD, 24, 30,
		    st->text_color, y + 10);
	y = centred(vp, pi, mtext_get(&v->subtitle, lang), FONT_SANS, 0, 14, 18, st->text_color,
		    y + 6);
	const char *ot = other_text(&v->title, lang);
	if (ot)
		y = centred(vp, pi, ot, FONT_SANS, 0, 13, 17, st->muted_color, y + 14);
	rule(vp, pi, cx + w * 0.3, y + 14, w * 0.4, 0.8);
	char *date = fp_date(v->date, lang);
	const char *place = mtext_get(&v->location, lang);
	char *line = place && date ? xasprintf("%s \xC2\xB7 %s", place, date)
				   : xstrdup(place ? place : date ? date : "");
	double by = st->margin_top + st->text_h;
	centred(vp, pi, line, FONT_SANS, 0, 11, 14, st->text_color, by - 28);
	centred(vp, pi, mtext_get(&v->publisher, lang), FONT_SANS, 0, 10, 13, st->muted_color, by);
	free(line);
	free(date);
	free(series);
	vp_recto(vp);
}

void fp_title(struct vpage *vp)
{
	const struct style *st = vp->st;
	const struct volume *v = vp->v;
	const char *lang = vp->lang;
	bool ko = is_ko(lang);
	size_t pi = vp_page(vp);
	char *series = series_line(v, lang);
	double y = st->margin_top + 20;
	if (series)
		y = centred(vp, pi, series, FONT_SANS, 0, 10, 13, st->muted_color, y) + 40;
	else
		y += 40;
	y = centred(vp, pi, mtext_get(&v->title, lang), FONT_SANS, FONT_BOLD, 20, 25,
		    st->text_color, y);
	y = centred(vp, pi, mtext_get(&v->subtitle, lang), FONT_SANS, 0, 13, 17, st->text_color,
		    y + 4);
	const char *ot = other_text(&v->title, lang), *os = other_text(&v->subtitle, lang);
	if (ot || os) {
		y += 12;
		y = centred(vp, pi, ot, FONT_SANS, 0, 12, 16, st->muted_color, y);
		y = centred(vp, pi, os, FONT_SANS, 0, 11, 15, st->muted_color, y);
	}
	if (v->neditors) {
		y += 48;
		y = centred(vp, pi, ko ? "엮은이" : "Edited by", FONT_SERIF, FONT_ITALIC, 10, 14,
			    st->muted_color, y) + 8;
		for (size_t i = 0; i < v->neditors; i++) {
			const struct person *e = &v->editors[i];
			y = centred(vp, pi, mtext_get(&e->name, lang), FONT_SERIF, 0, 13, 17,
				    st->text_color, y);
			y = centred(vp, pi, mtext_get(&e->affiliation, lang), FONT_SERIF,
				    FONT_ITALIC, 9, 12, st->muted_color, y) + 8;
		}
	}
	char *date = fp_date(v->date, lang);
	double by = st->margin_top + st->text_h;
	const char *place = mtext_get(&v->location, lang);
	char *line = place && date ? xasprintf("%s \xC2\xB7 %s", place, date)
				   : xstrdup(place ? place : date ? date : "");
	rule(vp, pi, st->margin_left + st->text_w * 0.4, by - 44, st->text_w * 0.2, 0.5);
	centred(vp, pi, mtext_get(&v->publisher, lang), FONT_SANS, FONT_BOLD, 10, 13,
		st->text_color, by - 20);
	centred(vp, pi, line, FONT_SANS, 0, 9.5, 12, st->muted_color, by - 6);
	free(line);
	free(date);
	free(series);
}

/* "CC-BY-NC-4.0" → its name and deed URL; false for other licences. */
static bool cc_licence(const char *spdx, char **name, char **url)
{
	if (!spdx || !str_starts(spdx, "CC-BY"))
		return false;
	const char *ver = strrchr(spdx, '-');
	if (!ver || ver == spdx + 4)
		return false;
	struct strbuf n, u;
	sb_init(&n);
	sb_init(&u);
	sb_adds(&n, "Creative Commons Attribution");
	sb_adds(&u, "https://creativecommons.org/licenses/by");
	static const struct {
		const char *tag, *name, *url;
	} parts[] = {{"-NC-", "-NonCommercial", "-nc"},
		     {"-SA-", "-ShareAlike", "-sa"},
		     {"-ND-", "-NoDerivatives", "-nd"}};
	char *mid = xstrndup(spdx + 5, (size_t)(ver - spdx - 5 + 1)); /* "-NC-SA-" */
	char *m2 = xasprintf("-%s", mid[0] == '-' ? mid + 1 : mid);
	for (size_t i = 0; i < 3; i++)
		if (strstr(m2, parts[i].tag)) {
			sb_adds(&n, parts[i].name);
			sb_adds(&u, parts[i].url);
		}
	free(mid);
	free(m2);
	const char *version = ver + 1;
	sb_printf(&n, " %s%s", version, str_eq(version, "4.0") ? " International" : "");
	sb_printf(&u, "/%s/", version);
	*name = sb_steal(&n);
	*url = sb_steal(&u);
	sb_free(&n);
	sb_free(&u);
	return true;
}

void fp_copyright(struct vpage *vp)
{
	const struct style *st = vp->st;
	const struct volume *v = vp->v;
	const char *lang = vp->lang;
	size_t pi = vp_page(vp);
	struct strbuf s[16];
	size_t n = 0;
	const char *title = mtext_get(&v->title, lang);
	const char *sub = mtext_get(&v->subtitle, lang);
	char *series = series_line(v, lang);
	char *date = fp_date(v->date, "en");
	sb_init(&s[n]);
	sb_printf(&s[n++], "%s%s%s", title ? title : "", sub ? ". " : "", sub ? sub : "");
	if (series) {
		sb_init(&s[n]);
		sb_adds(&s[n++], series);
	}
	if (v->neditors) {
		sb_init(&s[n]);
		sb_adds(&s[n], v->neditors > 1 ? "Editors: " : "Editor: ");
		for (size_t i = 0; i < v->neditors; i++) {
			const char *e = mtext_get(&v->editors[i].name, lang);
			sb_printf(&s[n], "%s%s", i ? ", " : "", e ? e : "");
		}
		n++;
	}
	const char *pub = mtext_get(&v->publisher, lang);
	const char *place = mtext_get(&v->location, lang);
	if (pub) {
		sb_init(&s[n]);
		sb_printf(&s[n++], "Published by %s%s%s", pub, place ? ", " : "", place ? place : "");
	}
	if (date) {
		sb_init(&s[n]);
		sb_printf(&s[n++], "Published %s", date);
	}
	if (v->isbn || v->issn) {
		sb_init(&s[n]);
		if (v->isbn)
			sb_printf(&s[n], "ISBN %s", v->isbn);
		if (v->issn)
			sb_printf(&s[n], "%sISSN %s", v->isbn ? " \xC2\xB7 " : "", v->issn);
		n++;
	}
	if (v->doi_prefix) {
		sb_init(&s[n]);
		sb_printf(&s[n++], "DOI prefix %s; each paper's DOI is %s/%s.<paper>", v->doi_prefix,
			  v->doi_prefix, v->id ? v->id : "");
	}
	if (v->url) {
		sb_init(&s[n]);
		sb_adds(&s[n++], v->url);
	}
	char *ccname, *ccurl;
	if (v->license && cc_licence(v->license, &ccname, &ccurl)) {
		sb_init(&s[n]);
		sb_printf(&s[n++],
			  "\xC2\xA9 The authors. This work is licensed under a %s License (%s). "
			  "To view a copy of this license, visit %s",
			  ccname, v->license, ccurl);
		free(ccname);
		free(ccurl);
	} else if (v->license) {
		sb_init(&s[n]);
		sb_printf(&s[n++], "\xC2\xA9 The authors. Licence: %s.", v->license);
	}
	/* The block sits at the foot of the page, as on a book's verso. */
	double lead = st->small.lead, gap = 0.7 * lead;
	struct para_style ps = blk_style(&vp->b, FONT_SERIF, 0, st->small.size);
	size_t lines = 0;
	for (size_t i = 0; i < n; i++) {
		para_reset(&vp->b.para);
		para_add_text(&vp->b.para, s[i].s, s[i].len, &ps, 0, 0);
		struct para_opts o = {.measure = st->text_w, .align = PARA_RAGGED};
		para_layout(&vp->b.para, &o);
		lines += vp->b.para.nlines;
		blk_end_inline(&vp->b);
	}
	double y = st->margin_top + st->text_h - (double)lines * lead - (double)(n - 1) * gap + lead;
	for (size_t i = 0; i < n; i++) {
		struct para_style p = ps;
		if (i == 0)
			p.style = FONT_BOLD;
		size_t k = vp_text(vp, pi, s[i].s, &p, st->margin_left, y, st->text_w, PARA_RAGGED,
				   lead);
		y += (double)k * lead + gap;
		sb_free(&s[i]);
	}
	free(series);
	free(date);
}

void fp_markdown(struct vpage *vp, const struct markdown *md)
{
	if (!md || !md->doc)
		return;
	vp_recto(vp);
	struct galley g;
	gal_init(&g, 1);
	struct blk *b = &vp->b;
	b->no_number = true;
	b->outline_base = 0;
	/* Space above the first heading, as a chapter opening. */
	gal_glue(&g, (float)(2 * vp->st->body.lead), 0, 0);
	blk_markdown(b, &g, md, vp->lang, vp->st->text_w);
	vp_flow(vp, &g, 1, NULL);
	b->no_number = false;
	gal_free(&g);
}

/* Returns the number of columns for the members. */
static int committee(struct vpage *vp, struct galley *head, struct galley *members,
		     const struct committee *c, double col_w)
{
	const struct style *st = vp->st;
	const char *lang = vp->lang;
	struct blk *b = &vp->b;
	b->x = 0;
	b->measure = st->text_w;
	const char *title = mtext_get(&c->title, lang);
	if (title) {
		gal_glue(head, (float)(1.5 * st->body.lead), 0, 0);
		vp_mark(vp, head, title, 1, NULL, st->head[0].lead);
		struct para_style ps = blk_style(b, FONT_SANS, FONT_BOLD, st->head[0].size);
		vp_para(vp, head, title, &ps, PARA_RAGGED, st->head[0].lead);
		gal_glue(head, (float)(0.6 * st->body.lead), 0, 0);
	}
	bool two = c->nmembers > 8;
	b->measure = two ? col_w : st->text_w;
	for (size_t i = 0; i < c->nmembers; i++) {
		const struct person *m = &c->members[i];
		const char *name = mtext_get(&m->name, lang);
		const char *aff = mtext_get(&m->affiliation, lang);
		struct para_style ns = blk_style(b, FONT_SERIF, 0, st->body.size);
		struct para_style as = blk_style(b, FONT_SERIF, FONT_ITALIC, st->small.size);
		as.color = st->muted_color;
		vp_para(vp, members, name ? name : "", &ns, PARA_RAGGED, st->body.lead);
		if (aff) {
			gal_penalty(members, GAL_INF);
			vp_para(vp, members, aff, &as, PARA_RAGGED, st->small.lead);
		}
		gal_glue(members, (float)(0.35 * st->body.lead), 1, 0);
	}
	return two ? 2 : 1;
}

void fp_committees(struct vpage *vp)
{
	const struct volume *v = vp->v;
	if (!v->ncommittees)
		return;
	vp_recto(vp);
	struct style two = *vp->st;
	two.columns = 2;
	two.col_gap = 7 * 2.83465;
	two.col_w = (two.text_w - two.col_gap) / 2;
	/* Each committee: its heading at full width, then its members. */
	size_t n = 2 * v->ncommittees;
	struct galley *gs = xcalloc(n, sizeof *gs);
	int *cols = xcalloc(n, sizeof *cols);
	for (size_t i = 0; i < v->ncommittees; i++) {
		gal_init(&gs[2 * i], 1);
		gal_init(&gs[2 * i + 1], 1);
		cols[2 * i] = 1;
		cols[2 * i + 1] = committee(vp, &gs[2 * i], &gs[2 * i + 1], &v->committees[i],
					    two.col_w);
	}
	vp_flow_seq(vp, gs, cols, n, &two);
	for (size_t i = 0; i < n; i++)
		gal_free(&gs[i]);
	free(gs);
	free(cols);
}
