#include "render/titleblock.h"

#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/markdown.h"
#include "proceedings/model.h"
#include "proceedings/text.h"
#include "proceedings/util.h"
#include "render/blocks.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/style.h"

static bool is_ko(const struct paper *p)
{
	return p->lang && str_starts(p->lang, "ko");
}

static const char *lang_of(const struct paper *p)
{
	return p->lang ? p->lang : "en";
}

static void set_centered(struct blk *b, double lead, int after_pen)
{
	struct para_opts o = {.measure = b->measure, .align = PARA_CENTER};
	blk_emit_para(b, &o, lead, GAL_INF, GAL_INF);
	gal_penalty(b->g, after_pen);
}

/* A centred display line (title, subtitle).  When it needs several
 * lines they are balanced: the narrowest measure that still gives the same
 * number of lines, so no last line holds a lone word. */
static void line_of_text(struct blk *b, const char *text, struct para_style st, double lead,
			 int line)
{
	para_reset(&b->para);
	para_add_text(&b->para, text, strlen(text), &st, line, 1);
	struct para_opts o = {.measure = b->measure, .align = PARA_CENTER};
	para_layout(&b->para, &o);
	size_t n = b->para.nlines;
	double lo = b->measure * 0.3, hi = b->measure;
	for (int i = 0; n > 1 && i < 14; i++) {
		o.measure = (lo + hi) / 2;
		para_layout(&b->para, &o);
		if (b->para.nlines <= n)
			hi = o.measure;
		else
			lo = o.measure;
	}
	double sx = b->x, sm = b->measure;
	b->x += (sm - hi) / 2;
	b->measure = hi;
	set_centered(b, lead, GAL_INF);
	b->x = sx;
	b->measure = sm;
}

/* "Ada Lovelace" → "Lovelace"; a Korean name is kept whole. */
static char *family_name(const struct person *a, const char *lang)
{
	const char *fam = mtext_get(&a->family, lang);
	if (fam && *fam)
		return xstrdup(fam);
	const char *name = mtext_get(&a->name, lang);
	if (!name)
		return xstrdup("");
	const char *sp = strrchr(name, ' ');
	if (!sp || (unsigned char)name[0] >= 0xE0)
		return xstrdup(name);
	return xstrdup(sp + 1);
}

char *titleblock_short_authors(const struct paper *p)
{
	const char *lang = lang_of(p);
	if (p->nauthors == 0)
		return xstrdup("");
	char *a = family_name(&p->authors[0], lang);
	char *r;
	if (p->nauthors == 1) {
		return a;
	} else if (p->nauthors == 2) {
		char *c = family_name(&p->authors[1], lang);
		r = is_ko(p) ? xasprintf("%s, %s", a, c) : xasprintf("%s and %s", a, c);
		free(c);
	} else {
		r = is_ko(p) ? xasprintf("%s 외", a) : xasprintf("%s et al.", a);
	}
	free(a);
	return r;
}

char *titleblock_all_authors(const struct paper *p)
{
	struct strbuf s;
	sb_init(&s);
	for (size_t i = 0; i < p->nauthors; i++) {
		const char *n = mtext_get(&p->authors[i].name, lang_of(p));
		if (!n)
			continue;
		if (s.len)
			sb_adds(&s, ", ");
		sb_adds(&s, n);
	}
	return sb_steal(&s);
}

static void authors(struct blk *b, const struct paper *p)
{
	const struct style *st = b->st;
	const char *lang = lang_of(p);
	para_reset(&b->para);
	struct para_style ns = blk_style(b, FONT_SERIF, 0, st->author.size);
	struct para_style sup = ns;
	sup.size = ns.size * 0.68;
	sup.rise = ns.size * 0.38;
	bool many_affs = p->naffiliations > 1;
	for (size_t i = 0; i < p->nauthors; i++) {
		const struct person *a = &p->authors[i];
		const char *name = mtext_get(&a->name, lang);
		if (!name)
			continue;
		if (i > 0) {
			/* "and" stays with the last name (a no-break space after it). */
			const char *sep = i + 1 == p->nauthors && !is_ko(p)
						  ? (p->nauthors > 2 ? ", and\xC2\xA0" : " and\xC2\xA0")
						  : ", ";
			para_add_text(&b->para, sep, strlen(sep), &ns, 0, 0);
		}
		struct para_style s = ns;
		if (a->orcid) {
			char *url = xasprintf("https://orcid.org/%s", a->orcid);
			s.link = blk_add_link(b, url);
			free(url);
		}
		/* A name never breaks across lines. */
		char *nb = xstrdup(name);
		struct strbuf t;
		sb_init(&t);
		for (const char *c = nb; *c; c++) {
			if (*c == ' ')
				sb_add(&t, "\xC2\xA0", 2);
			else
				sb_addc(&t, *c);
		}
		para_add_text(&b->para, t.s, t.len, &s, a->pos.line, 1);
		sb_free(&t);
		free(nb);
		struct strbuf m;
		sb_init(&m);
		if (many_affs)
			for (size_t k = 0; k < a->naff; k++)
				sb_printf(&m, "%s%s", k ? "," : "", a->aff_index[k]);
		if (a->corresponding)
			sb_adds(&m, m.len ? ",*" : "*");
		if (m.len)
			para_add_text(&b->para, m.s, m.len, &sup, 0, 0);
		sb_free(&m);
		if (a->orcid) {
			/* Room for the badge: a figure space and a narrow no-break
			 * space (U+2009, a thin space, would allow a break). */
			struct para_style sp = ns;
			para_add_mark(&b->para, BLK_MARK_ORCID + s.link, &sp);
			para_add_text(&b->para, "\xE2\x80\x87\xE2\x80\xAF", 6, &sp, 0, 0);
		}
	}
	if (!para_empty(&b->para))
		set_centered(b, st->author.lead, GAL_INF);
}

static void affiliations(struct blk *b, const struct paper *p)
{
	const struct style *st = b->st;
	const char *lang = lang_of(p);
	bool many = p->naffiliations > 1;
	for (size_t i = 0; i < p->naffiliations; i++) {
		const struct affiliation *af = &p->affiliations[i];
		const char *name = mtext_get(&af->name, lang);
		if (!name)
			continue;
		para_reset(&b->para);
		/* Italic, except in Korean, which has none: "김재철AI대학원"
		 * set upright throughout, not with its Latin letters slanted. */
		int style = text_has_hangul(name) ? 0 : FONT_ITALIC;
		struct para_style s = blk_style(b, FONT_SERIF, style, st->affil.size);
		struct para_style sup = s;
		sup.style = 0;
		sup.size = s.size * 0.7;
		sup.rise = s.size * 0.36;
		if (many) {
			char num[16];
			snprintf(num, sizeof num, "%s", af->index ? af->index : "");
			para_add_text(&b->para, num, strlen(num), &sup, 0, 0);
		}
		para_add_text(&b->para, name, strlen(name), &s, af->pos.line, 1);
		set_centered(b, st->affil.lead, GAL_INF);
	}
	/* Corresponding authors' addresses (everyone's when nobody is marked). */
	bool any_corr = false, marked = false;
	for (size_t i = 0; i < p->nauthors; i++) {
		any_corr = any_corr || (p->authors[i].corresponding && p->authors[i].email);
		marked = marked || p->authors[i].corresponding;
	}
	struct para_style s = blk_style(b, FONT_SERIF, 0, st->affil.size);
	if (marked && !any_corr) {
		/* The mark still needs its key when no address is given (JOSS's
		 * "^[Corresponding author.]"). */
		para_reset(&b->para);
		const char *lab = is_ko(p) ? "* 교신저자" : "* Corresponding author";
		para_add_text(&b->para, lab, strlen(lab), &s, 0, 0);
		set_centered(b, st->affil.lead, GAL_INF);
	}
	para_reset(&b->para);
	int n = 0;
	for (size_t i = 0; i < p->nauthors; i++) {
		const struct person *a = &p->authors[i];
		if (!a->email || (any_corr && !a->corresponding))
			continue;
		if (n++ == 0) {
			const char *lab = is_ko(p) ? (any_corr ? "* 교신저자: " : "전자우편: ")
						   : (any_corr ? "* Corresponding author: " : "E-mail: ");
			para_add_text(&b->para, lab, strlen(lab), &s, 0, 0);
		} else {
			para_add_text(&b->para, ", ", 2, &s, 0, 0);
		}
		struct para_style ls = s;
		char *url = xasprintf("mailto:%s", a->email);
		ls.link = blk_add_link(b, url);
		ls.color = b->st->link_color;
		ls.url = true;
		free(url);
		para_add_text(&b->para, a->email, strlen(a->email), &ls, a->pos.line, 1);
	}
	if (n)
		set_centered(b, st->affil.lead, GAL_INF);
}

/* Abstract text is Markdown: emphasis, code and links work in it, as in
 * the archive. */
static void abstract(struct blk *b, const char *label, const char *text, int line)
{
	const struct style *st = b->st;
	double indent = st->columns == 1 ? 2 * st->body.size : 0;
	double sx = b->x, sm = b->measure;
	b->x += indent;
	b->measure -= 2 * indent;
	gal_glue(b->g, (float)(0.6 * st->body.lead), 0, 0);
	para_reset(&b->para);
	struct para_style lab = blk_style(b, FONT_SANS, FONT_BOLD, st->abstract.size);
	para_add_text(&b->para, label, strlen(label), &lab, 0, 0);
	struct para_opts lo = {.measure = b->measure, .align = PARA_RAGGED};
	blk_emit_para(b, &lo, st->abstract.lead, GAL_INF, GAL_INF);
	gal_penalty(b->g, GAL_INF);

	cmark_node *doc = md_parse_abstract(text); /* the tree the archive shows too */
	b->line_base = line;
	bool first = true;
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		para_reset(&b->para);
		struct para_style s = blk_style(b, FONT_SERIF, 0, st->abstract.size);
		blk_inlines(b, n, s);
		struct para_opts o = {.measure = b->measure, .align = PARA_JUSTIFY,
				      .indent = first ? 0 : st->par_indent,
				      .hyphenate = b->hyphenate};
		blk_emit_para(b, &o, st->abstract.lead, GAL_INF, 0);
		first = false;
	}
	cmark_node_free(doc);
	b->line_base = 0;
	b->x = sx;
	b->measure = sm;
}

static void keywords(struct blk *b, const struct paper *p, const char *lang, const char *label)
{
	const struct style *st = b->st;
	para_reset(&b->para);
	struct para_style s = blk_style(b, FONT_SERIF, 0, st->abstract.size);
	struct para_style lab = blk_style(b, FONT_SANS, FONT_BOLD, st->abstract.size);
	int n = 0;
	for (size_t i = 0; i < p->keywords.n; i++) {
		const struct mtext_entry *e = mtext_find(&p->keywords.v[i], lang, lang_of(p));
		if (!e || !e->text[0])
			continue;
		if (n++ == 0) {
			para_add_text(&b->para, label, strlen(label), &lab, 0, 0);
			para_add_text(&b->para, " ", 1, &s, 0, 0);
		} else {
			/* a no-break space: a line may end with the dot, never start with it */
			para_add_text(&b->para, "\xC2\xA0\xC2\xB7 ", 5, &s, 0, 0);
		}
		para_add_text(&b->para, e->text, strlen(e->text), &s, e->pos.line, 1);
	}
	if (!n)
		return;
	double indent = st->columns == 1 ? 2 * st->body.size : 0;
	double sx = b->x, sm = b->measure;
	b->x += indent;
	b->measure -= 2 * indent;
	gal_glue(b->g, (float)(0.4 * st->body.lead), 0, 0);
	struct para_opts o = {.measure = b->measure, .align = PARA_RAGGED};
	blk_emit_para(b, &o, st->abstract.lead, GAL_INF, GAL_INF);
	b->x = sx;
	b->measure = sm;
}

void titleblock_build(struct blk *b, struct galley *g, const struct paper *p)
{
	const struct style *st = b->st;
	const char *lang = lang_of(p);
	b->main = g;
	b->g = g;
	b->md = NULL;
	b->x = 0;
	b->measure = st->text_w;
	b->hyphenate = str_starts(lang, "en");
	para_set_file(&b->para, p->path);

	const char *title = mtext_get(&p->title, lang);
	if (title && b->outline_base > 0) {
		/* In a volume the paper is a bookmark with its sections below. */
		b->box_from = (long)b->g->ndl;
		struct dl_item ol = {.kind = DL_OUTLINE, .ref = b->outline_base,
				     .y = (float)-st->title.lead};
		ol.str = layout_str(b->doc, title, strlen(title));
		ol.len = (uint32_t)strlen(title);
		gal_dl(b->g, &ol);
	}
	if (title) {
		struct para_style ts = blk_style(b, FONT_SANS, FONT_BOLD, st->title.size);
		line_of_text(b, title, ts, st->title.lead, p->title_pos.line);
	}
	const char *sub = mtext_get(&p->subtitle, lang);
	if (sub) {
		gal_glue(b->g, (float)(0.2 * st->body.lead), 0, 0);
		line_of_text(b, sub, blk_style(b, FONT_SANS, 0, st->subtitle.size), st->subtitle.lead,
			     p->title_pos.line);
	}
	const struct mtext_entry *en_title = NULL;
	if (!str_starts(lang, "en")) {
		en_title = mtext_find(&p->title, "en", lang);
		if (en_title && title && !str_eq(en_title->text, title)) {
			gal_glue(b->g, (float)(0.3 * st->body.lead), 0, 0);
			line_of_text(b, en_title->text,
				     blk_style(b, FONT_SANS, 0, st->subtitle.size),
				     st->subtitle.lead, en_title->pos.line);
		}
	}
	gal_glue(b->g, (float)(0.8 * st->body.lead), 0, 0);
	authors(b, p);
	gal_glue(b->g, (float)(0.3 * st->body.lead), 0, 0);
	affiliations(b, p);

	const char *abs = mtext_get(&p->abstract, lang);
	bool ko = is_ko(p);
	if (abs) {
		const struct mtext_entry *e = mtext_find(&p->abstract, lang, lang);
		abstract(b, ko ? "초록" : "Abstract", abs, e ? e->pos.line : p->abstract_pos.line);
	}
	keywords(b, p, lang, ko ? "주제어" : "Keywords");
	if (!str_starts(lang, "en")) {
		const struct mtext_entry *ea = mtext_find(&p->abstract, "en", lang);
		if (ea && (!abs || !str_eq(ea->text, abs)))
			abstract(b, "Abstract", ea->text, ea->pos.line);
		keywords(b, p, "en", "Keywords");
	}
	/* A rule closes the block. */
	gal_glue(b->g, (float)(0.6 * st->body.lead), 0, 0);
	uint32_t dl0 = (uint32_t)b->g->ndl;
	struct dl_item r = {.kind = DL_LINE, .x = 0, .y = 0, .w = (float)st->text_w, .h = 0,
			    .size = (float)st->rule_w, .color = st->rule_color};
	gal_dl(b->g, &r);
	gal_penalty(b->g, 0);
	b->g->prev_depth = GAL_NO_DEPTH;
	gal_box(b->g, 0, 0, 0, dl0);
	gal_glue(b->g, (float)(0.8 * st->body.lead), 0, 0);
}
