#include "render/furniture.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/model.h"
#include "proceedings/util.h"
#include "render/blocks.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/style.h"
#include "render/titleblock.h"

static const char *lang_of(const struct paper *p)
{
	return p->lang ? p->lang : "en";
}

/* A paper in a volume is published, and cited, with the volume's year (as
 * the archive, BibTeX and RIS give it); its own date counts only alone. */
static char *year_of(const struct volume *vol, const struct paper *p)
{
	const char *d = vol && vol->date ? vol->date : p->date;
	if (d)
		for (const char *s = d; *s; s++)
			if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
			    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]))
				return xstrndup(s, 4);
	return NULL;
}

/* Up to five names; more become "et al." (Korean: "외"). */
static char *cite_authors(const struct paper *p)
{
	const char *lang = lang_of(p);
	struct strbuf s;
	sb_init(&s);
	size_t shown = p->nauthors > 5 ? 3 : p->nauthors;
	for (size_t i = 0; i < shown; i++) {
		const char *n = mtext_get(&p->authors[i].name, lang);
		if (!n)
			continue;
		if (s.len)
			sb_adds(&s, ", ");
		sb_adds(&s, n);
	}
	if (shown < p->nauthors)
		sb_adds(&s, str_starts(lang, "ko") ? " 외" : ", et al.");
	return sb_steal(&s);
}

/* "Cite as: Authors (2024). Title. In Volume, pp. 3–14. License." */
static char *citation(const struct volume *vol, const struct paper *p, int first, int last)
{
	const char *lang = lang_of(p);
	struct strbuf s;
	sb_init(&s);
	bool ko = str_starts(lang, "ko");
	char *authors = cite_authors(p);
	char *year = year_of(vol, p);
	sb_adds(&s, ko ? "인용: " : "Cite as: ");
	sb_adds(&s, *authors ? authors : "Anonymous");
	if (year)
		sb_printf(&s, " (%s)", year);
	const char *title = mtext_get(&p->title, lang);
	if (title) {
		sb_printf(&s, ". %s", title);
		size_t n = strlen(title);
		if (n && !strchr(".?!", title[n - 1]))
			sb_addc(&s, '.');
	} else {
		sb_addc(&s, '.');
	}
	/* Page numbers mean something only inside a volume. */
	const char *vt = vol ? mtext_get(&vol->title, lang) : NULL;
	if (vt) {
		sb_printf(&s, ko ? " %s" : " In %s", vt);
		if (first > 0)
			sb_printf(&s, first == last ? ", p. %d" : ", pp. %d\xE2\x80\x93%d", first,
				  last);
		sb_addc(&s, '.');
	}
	if (p->license)
		sb_printf(&s, ko ? " 이용 허락: %s." : " Published under %s.", p->license);
	free(authors);
	free(year);
	return sb_steal(&s);
}

/* Set `text` at `size` across the text width into a scratch galley; the
 * lines' items end up at baselines from `y` down.  Returns the height. */
static double set_lines(struct blk *b, struct galley *scratch, const char *text, double size,
			double lead, double y)
{
	const struct style *st = b->st;
	struct galley *saved = b->g;
	b->g = scratch;
	para_reset(&b->para);
	struct para_style ps = blk_style(b, FONT_SERIF, 0, size);
	ps.color = st->muted_color;
	para_add_text(&b->para, text, strlen(text), &ps, 0, 0);
	struct para_opts o = {.measure = st->text_w, .align = PARA_RAGGED};
	para_layout(&b->para, &o);
	double h = 0;
	for (size_t li = 0; li < b->para.nlines; li++) {
		blk_draw_line(b, li, st->margin_left, y + li * lead);
		h += lead;
	}
	blk_end_inline(b);
	b->g = saved;
	return h;
}

double furn_first_reserve(struct blk *b, const struct volume *vol, const struct paper *p)
{
	struct galley scratch;
	gal_init(&scratch, 0);
	char *c = citation(vol, p, 9999, 9999);
	double h = set_lines(b, &scratch, c, b->st->running.size, b->st->running.lead, 0);
	free(c);
	gal_free(&scratch);
	return h + 1.2 * b->st->body.lead;
}

static void flush(struct layout_page *pg, struct galley *scratch)
{
	for (size_t i = 0; i < scratch->ndl; i++)
		layout_put(pg, &scratch->dl[i]);
	scratch->ndl = 0;
}

/* Shorten `s` with an ellipsis until it is at most `w` wide. */
static char *fit(struct blk *b, const char *s, enum font_family fam, int style, double size,
		 double w)
{
	char *t = xstrdup(s);
	if (blk_text_width(b, fam, style, size, t) <= w)
		return t;
	for (size_t n = strlen(t); n > 0;) {
		do
			n--;
		while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80);
		while (n > 0 && t[n - 1] == ' ')
			n--;
		t[n] = '\0';
		char *u = xasprintf("%s\xE2\x80\xA6", t);
		if (blk_text_width(b, fam, style, size, u) <= w) {
			free(t);
			return u;
		}
		free(u);
	}
	free(t);
	return xstrdup("");
}

void furn_draw(struct blk *b, const struct volume *vol, const struct paper *p, size_t first,
	       size_t last)
{
	const struct style *st = b->st;
	struct layout_doc *doc = b->doc;
	struct galley scratch;
	gal_init(&scratch, 0);
	struct galley *saved = b->g;
	b->g = &scratch;
	const char *lang = lang_of(p);
	const char *stitle = mtext_get(&p->short_title, lang);
	if (!stitle)
		stitle = mtext_get(&p->title, lang);
	char *auth = titleblock_short_authors(p);
	double rs = st->running.size;
	double head_y = st->margin_top - 1.7 * st->body.lead;
	double text_bottom = st->margin_top + st->text_h;
	double foot_y = text_bottom + 0.45 * st->margin_bottom;
	double aw = blk_text_width(b, FONT_SANS, 0, rs, auth);
	char *left = fit(b, stitle ? stitle : "", FONT_SANS, FONT_ITALIC, rs,
			 st->text_w - aw - 2 * st->body.size);

	for (size_t pi = first; pi <= last && pi < doc->npages; pi++) {
		struct layout_page *pg = &doc->pages[pi];
		if (pi != first) {
			blk_put_text(b, left, FONT_SANS, FONT_ITALIC, rs, st->muted_color,
				     st->margin_left, head_y);
			blk_put_text(b, auth, FONT_SANS, 0, rs, st->muted_color,
				     st->margin_left + st->text_w - aw, head_y);
			struct dl_item r = {.kind = DL_LINE, .x = (float)st->margin_left,
					    .y = (float)(head_y + 0.4 * st->body.lead),
					    .w = (float)st->text_w, .h = 0, .size = 0.4f,
					    .color = st->muted_color};
			gal_dl(b->g, &r);
		} else {
			int n0 = doc->pages[first].number, n1 = doc->pages[last].number;
			char *c = citation(vol, p, n0, n1);
			double res = furn_first_reserve(b, vol, p);
			double y0 = text_bottom - res + 0.6 * st->body.lead;
			struct dl_item r = {.kind = DL_LINE, .x = (float)st->margin_left,
					    .y = (float)y0, .w = (float)st->text_w, .h = 0,
					    .size = 0.4f, .color = st->muted_color};
			gal_dl(b->g, &r);
			set_lines(b, &scratch, c, rs, st->running.lead,
				  y0 + 0.6 * st->body.lead + rs * 0.8);
			free(c);
		}
		char num[16];
		snprintf(num, sizeof num, "%d", pg->number);
		double nw = blk_text_width(b, FONT_SERIF, 0, st->body.size * 0.9, num);
		blk_put_text(b, num, FONT_SERIF, 0, st->body.size * 0.9, st->text_color,
			     st->margin_left + (st->text_w - nw) / 2, foot_y);
		flush(pg, &scratch);
	}
	b->g = saved;
	free(left);
	free(auth);
	gal_free(&scratch);
}

/* ---- in a volume ------------------------------------------------------------ */

void furn_number_text(char *buf, size_t len, int number, int roman)
{
	if (!roman || number <= 0 || number >= 4000) {
		snprintf(buf, len, "%d", number);
		return;
	}
	static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const sym[] = {"m", "cm", "d", "cd", "c", "xc", "l",
					  "xl", "x", "ix", "v", "iv", "i"};
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < 13 && o + 3 < len; i++)
		while (number >= val[i] && o + 3 < len) {
			o += (size_t)snprintf(buf + o, len - o, "%s", sym[i]);
			number -= val[i];
		}
}

static void page_number(const struct layout_page *pg, char *buf, size_t len)
{
	furn_number_text(buf, len, pg->number, pg->numbering == LAYOUT_ROMAN);
}

char *furn_citation_line(const struct volume *vol, const struct paper *p, int first, int last)
{
	const char *lang = lang_of(p);
	struct strbuf s;
	sb_init(&s);
	const char *vt = mtext_get(&vol->title, lang);
	sb_printf(&s, "In: %s", vt ? vt : vol->id ? vol->id : "");
	const char *series = mtext_get(&vol->series, lang);
	if (series) {
		sb_printf(&s, ", %s", series);
		if (vol->number)
			sb_printf(&s, " %s", vol->number);
	}
	if (first > 0)
		sb_printf(&s, first == last ? ", p. %d" : ", pp. %d\xE2\x80\x93%d", first, last);
	char *year = year_of(vol, p);
	if (year)
		sb_printf(&s, ", %s", year);
	free(year);
	sb_addc(&s, '.');
	if (vol->doi_prefix && vol->id)
		sb_printf(&s, " DOI: %s/%s.%s", vol->doi_prefix, vol->id, p->id);
	return sb_steal(&s);
}

/* Baseline of the running head, and of the folio at the foot. */
static double head_y(const struct style *st)
{
	return st->margin_top - 1.7 * st->body.lead;
}

static double foot_y(const struct style *st)
{
	return st->margin_top + st->text_h + 0.45 * st->margin_bottom;
}

void furn_folio(struct blk *b, size_t pi)
{
	const struct style *st = b->st;
	struct layout_page *pg = &b->doc->pages[pi];
	struct galley scratch;
	gal_init(&scratch, 0);
	struct galley *saved = b->g;
	b->g = &scratch;
	char num[32];
	page_number(pg, num, sizeof num);
	double size = st->body.size * 0.9;
	double nw = blk_text_width(b, FONT_SERIF, 0, size, num);
	blk_put_text(b, num, FONT_SERIF, 0, size, st->text_color,
		     st->margin_left + (st->text_w - nw) / 2, foot_y(st));
	flush(pg, &scratch);
	b->g = saved;
	gal_free(&scratch);
}

void furn_head(struct blk *b, size_t pi, const char *text)
{
	const struct style *st = b->st;
	struct layout_page *pg = &b->doc->pages[pi];
	struct galley scratch;
	gal_init(&scratch, 0);
	struct galley *saved = b->g;
	b->g = &scratch;
	char num[32];
	page_number(pg, num, sizeof num);
	double rs = st->running.size, ns = st->body.size * 0.9, y = head_y(st);
	double nw = blk_text_width(b, FONT_SERIF, 0, ns, num);
	double gap = 2 * st->body.size;
	char *t = fit(b, text ? text : "", FONT_SANS, FONT_ITALIC, rs, st->text_w - nw - gap);
	double tw = blk_text_width(b, FONT_SANS, FONT_ITALIC, rs, t);
	double left = st->margin_left, right = st->margin_left + st->text_w;
	if (pg->number % 2 == 0) {
		blk_put_text(b, num, FONT_SERIF, 0, ns, st->text_color, left, y);
		blk_put_text(b, t, FONT_SANS, FONT_ITALIC, rs, st->muted_color, left + nw + gap, y);
	} else {
		blk_put_text(b, t, FONT_SANS, FONT_ITALIC, rs, st->muted_color,
			     right - nw - gap - tw, y);
		blk_put_text(b, num, FONT_SERIF, 0, ns, st->text_color, right - nw, y);
	}
	free(t);
	flush(pg, &scratch);
	b->g = saved;
	gal_free(&scratch);
}

void furn_draw_volume(struct blk *b, const struct volume *vol, const struct paper *p,
		      size_t first, size_t last)
{
	const struct style *st = b->st;
	struct layout_doc *doc = b->doc;
	const char *lang = lang_of(p);
	const char *vshort = mtext_get(&vol->short_title, lang);
	if (!vshort)
		vshort = mtext_get(&vol->title, lang);
	const char *pshort = mtext_get(&p->short_title, lang);
	char *auth = titleblock_short_authors(p);
	char *odd = pshort ? xasprintf("%s: %s", auth, pshort) : xstrdup(auth);
	if (!pshort && !*auth) {
		free(odd);
		const char *t = mtext_get(&p->title, lang);
		odd = xstrdup(t ? t : "");
	}
	for (size_t pi = first + 1; pi <= last && pi < doc->npages; pi++)
		furn_head(b, pi, doc->pages[pi].number % 2 ? odd : vshort ? vshort : "");

	/* The first page: its citation line where the running head would be,
	 * growing upwards when it needs two lines. */
	char *c = furn_citation_line(vol, p, doc->pages[first].number, doc->pages[last].number);
	struct galley scratch;
	gal_init(&scratch, 0);
	struct galley *saved = b->g;
	b->g = &scratch;
	para_reset(&b->para);
	struct para_style ps = blk_style(b, FONT_SANS, 0, st->running.size);
	ps.color = st->muted_color;
	para_add_text(&b->para, c, strlen(c), &ps, 0, 0);
	struct para_opts o = {.measure = st->text_w, .align = PARA_RAGGED};
	para_layout(&b->para, &o);
	double y = head_y(st) - (double)(b->para.nlines - 1) * st->running.lead;
	for (size_t li = 0; li < b->para.nlines; li++)
		blk_draw_line(b, li, st->margin_left, y + (double)li * st->running.lead);
	blk_end_inline(b);
	flush(&doc->pages[first], &scratch);
	b->g = saved;
	gal_free(&scratch);
	furn_folio(b, first);
	free(c);
	free(odd);
	free(auth);
}
