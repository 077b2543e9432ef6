/* How to cite a paper: a one-line citation for people and BibTeX / RIS
 * records for reference managers, all from the same model fields and in
 * the paper's own language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_int.h"
#include "html_ui.h"
#include "proceedings/people.h"
#include "proceedings/text.h"

static bool is_ko(const char *lang)
{
	return strcmp(html_ui_lang(lang), "ko") == 0;
}

/* ---- plain citation ---- */

static void sentence(struct strbuf *b, const char *s)
{
	if (!s || !*s)
		return;
	if (b->len)
		sb_addc(b, ' ');
	sb_adds(b, s);
	char last = s[strlen(s) - 1];
	if (last != '.' && last != '?' && last != '!')
		sb_addc(b, '.');
}

static char *link_of(const struct html_paper *hp)
{
	if (hp->doi)
		return xasprintf("https://doi.org/%s", hp->doi);
	return hp->abs_url ? xstrdup(hp->abs_url) : NULL;
}

char *html_citation(const struct html_site *s, const struct html_paper *hp)
{
	const char *lang = hp->lang;
	const struct volume *v = hp->v;
	struct strbuf b;
	sb_init(&b);
	const char **names;
	size_t n = html_author_names(hp->p, lang, &names);
	char *authors = html_join_names(names, n, lang);
	free(names);
	sentence(&b, authors);
	free(authors);
	if (hp->hv->has_date) {
		char year[16];
		snprintf(year, sizeof year, "%d", hp->hv->date.y);
		sentence(&b, year);
	}
	const char *title = mtext_get(&hp->p->title, lang), *sub = mtext_get(&hp->p->subtitle, lang);
	char *full = sub ? xasprintf("%s: %s", title ? title : "", sub) : xstrdup(title ? title : "");
	sentence(&b, full);
	free(full);
	const char *vt = mtext_get(&v->title, lang);
	struct strbuf in;
	sb_init(&in);
	if (is_ko(lang)) {
		sb_adds(&in, vt ? vt : "");
		if (hp->first)
			sb_printf(&in, ", %d–%d쪽", hp->first, hp->last);
	} else {
		sb_printf(&in, "In %s", vt ? vt : "");
		if (hp->first)
			sb_printf(&in, ", pages %d–%d", hp->first, hp->last);
	}
	sentence(&b, in.s);
	sb_free(&in);
	sentence(&b, mtext_get(&v->publisher, lang));
	char *link = link_of(hp);
	if (link) {
		sb_addc(&b, ' ');
		sb_adds(&b, link);
	}
	free(link);
	(void)s;
	return sb_steal(&b);
}

/* ---- BibTeX ---- */

static void bib_escape(struct strbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\':
			sb_adds(b, "\\textbackslash{}");
			break;
		case '{':
		case '}':
		case '$':
		case '&':
		case '%':
		case '#':
		case '_':
			sb_addc(b, '\\');
			sb_addc(b, *s);
			break;
		case '^':
			sb_adds(b, "\\^{}");
			break;
		case '~':
			sb_adds(b, "\\~{}");
			break;
		case '\n':
			sb_addc(b, ' ');
			break;
		default:
			sb_addc(b, *s);
		}
	}
}

static void bib_field(struct strbuf *b, const char *name, const char *value, bool protect)
{
	if (!value || !*value)
		return;
	sb_printf(b, ",\n  %s = {%s", name, protect ? "{" : "");
	bib_escape(b, value);
	sb_adds(b, protect ? "}}" : "}");
}

/* "Family, Given" when the parts are known; a Korean name in braces so
 * BibTeX keeps it whole; otherwise as written ("Given Family"). */
static void bib_name(struct strbuf *b, const struct person *a, const char *lang)
{
	const char *name = mtext_get(&a->name, lang);
	const char *fam = mtext_get(&a->family, lang), *giv = mtext_get(&a->given, lang);
	if (name && text_has_hangul(name)) {
		sb_addc(b, '{');
		bib_escape(b, name);
		sb_addc(b, '}');
	} else if (fam && giv) {
		bib_escape(b, fam);
		sb_adds(b, ", ");
		bib_escape(b, giv);
	} else {
		bib_escape(b, name ? name : "");
	}
}

static void bib_names(struct strbuf *b, const char *field, const struct person *v, size_t n,
		      const char *lang)
{
	if (!n)
		return;
	sb_printf(b, ",\n  %s = {", field);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(b, " and ");
		bib_name(b, &v[i], lang);
	}
	sb_addc(b, '}');
}

char *html_bibtex(const struct html_site *s, const struct html_paper *hp)
{
	const char *lang = hp->lang;
	const struct volume *v = hp->v;
	const struct paper *p = hp->p;
	struct strbuf b;
	sb_init(&b);
	sb_printf(&b, "@inproceedings{%s:%s", v->id, p->id);
	const char *title = mtext_get(&p->title, lang), *sub = mtext_get(&p->subtitle, lang);
	char *full = sub ? xasprintf("%s: %s", title ? title : "", sub) : xstrdup(title ? title : "");
	bib_field(&b, "title", full, true);
	free(full);
	bib_names(&b, "author", p->authors, p->nauthors, lang);
	bib_field(&b, "booktitle", mtext_get(&v->title, lang), true);
	bib_names(&b, "editor", v->editors, v->neditors, lang);
	if (hp->hv->has_date) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", hp->hv->date.y);
		bib_field(&b, "year", buf, false);
	}
	if (hp->first) {
		char buf[32];
		snprintf(buf, sizeof buf, "%d--%d", hp->first, hp->last);
		bib_field(&b, "pages", buf, false);
	}
	bib_field(&b, "series", mtext_get(&v->series, lang), false);
	bib_field(&b, "publisher", mtext_get(&v->publisher, lang), false);
	bib_field(&b, "address", mtext_get(&v->location, lang), false);
	bib_field(&b, "isbn", v->isbn, false);
	bib_field(&b, "issn", v->issn, false);
	bib_field(&b, "doi", hp->doi, false);
	bib_field(&b, "url", hp->abs_url, false);
	const char **kw;
	size_t n = html_keywords(p, lang, &kw);
	if (n) {
		struct strbuf k;
		sb_init(&k);
		for (size_t i = 0; i < n; i++)
			sb_printf(&k, "%s%s", i ? ", " : "", kw[i]);
		bib_field(&b, "keywords", k.s, false);
		sb_free(&k);
	}
	free(kw);
	bib_field(&b, "language", lang, false);
	sb_adds(&b, "\n}\n");
	(void)s;
	return sb_steal(&b);
}

/* ---- RIS ---- */

static void ris(struct strbuf *b, const char *tag, const char *value)
{
	if (!value || !*value)
		return;
	sb_printf(b, "%s  - ", tag);
	for (const char *p = value; *p; p++)
		sb_addc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
	sb_addc(b, '\n');
}

/* RIS names are "Family, Given": as given (JOSS's surname and given-names),
 * else split as the author index splits them ("van Kemenade, Hugo").  A
 * Korean name stays whole, family name first as it is written. */
static void ris_name(struct strbuf *b, const char *tag, const struct person *a, const char *lang)
{
	const char *name = mtext_get(&a->name, lang);
	const char *fam = mtext_get(&a->family, lang), *giv = mtext_get(&a->given, lang);
	if (!name || text_has_hangul(name)) {
		ris(b, tag, name);
		return;
	}
	char *s = people_family_first(name, fam, giv);
	ris(b, tag, s);
	free(s);
}

char *html_ris(const struct html_site *s, const struct html_paper *hp)
{
	const char *lang = hp->lang;
	const struct volume *v = hp->v;
	const struct paper *p = hp->p;
	struct strbuf b;
	sb_init(&b);
	ris(&b, "TY", "CPAPER");
	const char *title = mtext_get(&p->title, lang), *sub = mtext_get(&p->subtitle, lang);
	char *full = sub ? xasprintf("%s: %s", title ? title : "", sub) : xstrdup(title ? title : "");
	ris(&b, "TI", full);
	free(full);
	for (size_t i = 0; i < p->nauthors; i++)
		ris_name(&b, "AU", &p->authors[i], lang);
	for (size_t i = 0; i < v->neditors; i++)
		ris_name(&b, "A2", &v->editors[i], lang);
	ris(&b, "T2", mtext_get(&v->title, lang));
	ris(&b, "T3", mtext_get(&v->series, lang));
	if (hp->hv->has_date) {
		const struct html_date *d = &hp->hv->date;
		char buf[32];
		snprintf(buf, sizeof buf, "%d", d->y);
		ris(&b, "PY", buf);
		if (d->d) {
			snprintf(buf, sizeof buf, "%04d/%02d/%02d", d->y, d->m, d->d);
			ris(&b, "DA", buf);
		}
	}
	if (hp->first) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", hp->first);
		ris(&b, "SP", buf);
		snprintf(buf, sizeof buf, "%d", hp->last);
		ris(&b, "EP", buf);
	}
	ris(&b, "PB", mtext_get(&v->publisher, lang));
	ris(&b, "CY", mtext_get(&v->location, lang));
	ris(&b, "SN", v->isbn);
	ris(&b, "DO", hp->doi);
	ris(&b, "UR", hp->abs_url);
	const char **kw;
	size_t n = html_keywords(p, lang, &kw);
	for (size_t i = 0; i < n; i++)
		ris(&b, "KW", kw[i]);
	free(kw);
	ris(&b, "AB", hp->abstract);
	ris(&b, "LA", lang);
	sb_adds(&b, "ER  - \n");
	(void)s;
	return sb_steal(&b);
}
