/* Machine-readable metadata on paper pages: Highwire Press citation_* tags
 * (what Google Scholar and Zotero read), Open Graph tags for link
 * previews, and schema.org ScholarlyArticle JSON-LD. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_body.h"
#include "html_int.h"
#include "html_ui.h"

static void meta(struct tv *list, const char *attr, const char *name, const char *content)
{
	if (!content || !*content)
		return;
	struct tv *m = tv_push(list, tv_map());
	tv_set_str(m, attr, name);
	tv_set_str(m, "content", content);
}

/* At most `max` bytes, cut at a character boundary and marked with "…". */
static char *clip(const char *s, size_t max)
{
	/* one line: paragraph breaks and line ends become single spaces */
	char *one = xstrdup(s);
	size_t n = 0;
	for (const char *p = s; *p; p++) {
		bool space = *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t';
		if (space && (n == 0 || one[n - 1] == ' '))
			continue;
		one[n++] = space ? ' ' : *p;
	}
	one[n] = '\0';
	if (n <= max)
		return one;
	while (max && ((unsigned char)one[max] & 0xC0) == 0x80)
		max--;
	one[max] = '\0';
	char *r = xasprintf("%s…", one);
	free(one);
	return r;
}

static const char *aff_name(const struct paper *p, const char *index, const char *lang)
{
	for (size_t j = 0; j < p->naffiliations; j++)
		if (p->affiliations[j].index && strcmp(p->affiliations[j].index, index) == 0)
			return mtext_get(&p->affiliations[j].name, lang);
	return NULL;
}

static void highwire(const struct html_site *s, const struct html_paper *hp, struct tv *list)
{
	const struct paper *p = hp->p;
	const struct volume *v = hp->v;
	const char *lang = hp->lang;
	meta(list, "name", "citation_title", mtext_get(&p->title, lang));
	for (size_t i = 0; i < p->nauthors; i++) {
		const struct person *a = &p->authors[i];
		meta(list, "name", "citation_author", mtext_get(&a->name, lang));
		for (size_t k = 0; k < a->naff; k++)
			meta(list, "name", "citation_author_institution", aff_name(p, a->aff_index[k], lang));
		meta(list, "name", "citation_author_orcid", a->orcid);
	}
	if (hp->hv->has_date) {
		const struct html_date *d = &hp->hv->date;
		char buf[32];
		if (d->d)
			snprintf(buf, sizeof buf, "%04d/%02d/%02d", d->y, d->m, d->d);
		else if (d->m)
			snprintf(buf, sizeof buf, "%04d/%02d", d->y, d->m);
		else
			snprintf(buf, sizeof buf, "%04d", d->y);
		meta(list, "name", "citation_publication_date", buf);
	}
	meta(list, "name", "citation_conference_title", mtext_get(&v->title, lang));
	meta(list, "name", "citation_publisher", mtext_get(&v->publisher, lang));
	if (hp->first) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", hp->first);
		meta(list, "name", "citation_firstpage", buf);
		snprintf(buf, sizeof buf, "%d", hp->last);
		meta(list, "name", "citation_lastpage", buf);
	}
	if (hp->pdf_name && hp->abs_url) {
		char *esc = html_escape_path(hp->pdf_name);
		char *u = xasprintf("%s%s", hp->abs_url, esc);
		meta(list, "name", "citation_pdf_url", u);
		free(u);
		free(esc);
	}
	if (hp->abs_url)
		meta(list, "name", "citation_abstract_html_url", hp->abs_url);
	meta(list, "name", "citation_doi", hp->doi);
	meta(list, "name", "citation_language", lang);
	const char **kw;
	size_t n = html_keywords(p, lang, &kw);
	if (n) {
		struct strbuf b;
		sb_init(&b);
		for (size_t i = 0; i < n; i++)
			sb_printf(&b, "%s%s", i ? "; " : "", kw[i]);
		meta(list, "name", "citation_keywords", b.s);
		sb_free(&b);
	}
	free(kw);
	meta(list, "name", "citation_isbn", v->isbn);
	meta(list, "name", "citation_issn", v->issn);
	if (hp->abstract) {
		char *desc = clip(hp->abstract, 300);
		meta(list, "name", "description", desc);
		free(desc);
	}
	(void)s;
}

static const char *og_locale(const char *lang)
{
	return strcmp(html_ui_lang(lang), "ko") == 0 ? "ko_KR" : "en_US";
}

static void open_graph(const struct html_site *s, const struct html_paper *hp, struct tv *list)
{
	const char *lang = hp->lang;
	meta(list, "property", "og:type", "article");
	meta(list, "property", "og:title", mtext_get(&hp->p->title, lang));
	if (hp->abstract) {
		char *desc = clip(hp->abstract, 200);
		meta(list, "property", "og:description", desc);
		free(desc);
	}
	meta(list, "property", "og:url", hp->abs_url);
	meta(list, "property", "og:site_name", mtext_get(s->title, lang));
	meta(list, "property", "og:locale", og_locale(lang));
}

/* ---- JSON-LD ---- */

static void key(struct strbuf *b, bool *first, const char *k)
{
	sb_adds(b, *first ? "" : ",");
	*first = false;
	html_json_str(b, k);
	sb_addc(b, ':');
}

static void kv(struct strbuf *b, bool *first, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	key(b, first, k);
	html_json_str(b, v);
}

static void json_person(struct strbuf *b, const struct paper *p, const struct person *a,
			const char *lang)
{
	bool f = true;
	sb_addc(b, '{');
	kv(b, &f, "@type", "Person");
	kv(b, &f, "name", mtext_get(&a->name, lang));
	if (a->orcid) {
		char *u = xasprintf("https://orcid.org/%s", a->orcid);
		kv(b, &f, "@id", u);
		kv(b, &f, "identifier", u);
		free(u);
	}
	if (a->naff) {
		key(b, &f, "affiliation");
		sb_addc(b, '[');
		for (size_t k = 0; k < a->naff; k++) {
			bool g = true;
			sb_adds(b, k ? ",{" : "{");
			kv(b, &g, "@type", "Organization");
			kv(b, &g, "name", aff_name(p, a->aff_index[k], lang));
			sb_addc(b, '}');
		}
		sb_addc(b, ']');
	}
	sb_addc(b, '}');
}

static char *json_ld(const struct html_site *s, const struct html_paper *hp)
{
	const struct paper *p = hp->p;
	const struct volume *v = hp->v;
	const char *lang = hp->lang;
	struct strbuf b;
	sb_init(&b);
	bool f = true;
	sb_addc(&b, '{');
	kv(&b, &f, "@context", "https://schema.org");
	kv(&b, &f, "@type", "ScholarlyArticle");
	if (hp->abs_url) {
		kv(&b, &f, "@id", hp->abs_url);
		kv(&b, &f, "url", hp->abs_url);
	}
	kv(&b, &f, "headline", mtext_get(&p->title, lang));
	kv(&b, &f, "name", mtext_get(&p->title, lang));
	const struct mtext_entry *en = strcmp(lang, "en") != 0 ? mtext_find(&p->title, "en", lang) : NULL;
	if (en)
		kv(&b, &f, "alternativeHeadline", en->text);
	kv(&b, &f, "inLanguage", lang);
	key(&b, &f, "author");
	sb_addc(&b, '[');
	for (size_t i = 0; i < p->nauthors; i++) {
		if (i)
			sb_addc(&b, ',');
		json_person(&b, p, &p->authors[i], lang);
	}
	sb_addc(&b, ']');
	if (hp->hv->has_date) {
		char *iso = html_date_iso(&hp->hv->date);
		kv(&b, &f, "datePublished", iso);
		free(iso);
	}
	kv(&b, &f, "abstract", hp->abstract);
	const char **kw;
	size_t n = html_keywords(p, lang, &kw);
	if (n) {
		key(&b, &f, "keywords");
		sb_addc(&b, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				sb_addc(&b, ',');
			html_json_str(&b, kw[i]);
		}
		sb_addc(&b, ']');
	}
	free(kw);
	if (hp->first) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", hp->first);
		kv(&b, &f, "pageStart", buf);
		snprintf(buf, sizeof buf, "%d", hp->last);
		kv(&b, &f, "pageEnd", buf);
	}
	if (hp->doi) {
		char *u = xasprintf("https://doi.org/%s", hp->doi);
		kv(&b, &f, "sameAs", u);
		free(u);
	}
	const char *lic = p->license ? p->license : v->license;
	if (lic && *lic) {
		char *u = xasprintf("https://spdx.org/licenses/%s.html", lic);
		kv(&b, &f, "license", u);
		free(u);
	}
	key(&b, &f, "isPartOf");
	bool g = true;
	sb_addc(&b, '{');
	kv(&b, &g, "@type", "Book");
	kv(&b, &g, "name", mtext_get(&v->title, lang));
	kv(&b, &g, "isbn", v->isbn);
	if (s->base_url) {
		char *u = xasprintf("%s%s/", s->base_url, v->id);
		kv(&b, &g, "url", u);
		free(u);
	}
	const char *pub = mtext_get(&v->publisher, lang);
	if (pub) {
		key(&b, &g, "publisher");
		bool h = true;
		sb_addc(&b, '{');
		kv(&b, &h, "@type", "Organization");
		kv(&b, &h, "name", pub);
		sb_addc(&b, '}');
	}
	sb_addc(&b, '}');
	sb_addc(&b, '}');
	return sb_steal(&b);
}

void html_paper_meta(const struct html_site *s, const struct html_paper *hp, struct tv *data)
{
	highwire(s, hp, tv_set(data, "meta", tv_list()));
	open_graph(s, hp, tv_set(data, "og", tv_list()));
	char *j = json_ld(s, hp);
	tv_set_str(data, "jsonld", j);
	free(j);
}
