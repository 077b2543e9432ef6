/* The site's machine-facing files: the search index the search script
 * reads, sitemap.xml, the Atom feed and robots.txt. */
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_int.h"

/* ---- search-index.js ---- */

static void json_list(struct strbuf *b, const char *const *v, size_t n)
{
	sb_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_addc(b, ',');
		html_json_str(b, v[i]);
	}
	sb_addc(b, ']');
}

static void field(struct strbuf *b, const char *k, const char *v)
{
	sb_addc(b, ',');
	html_json_str(b, k);
	sb_addc(b, ':');
	html_json_str(b, v ? v : "");
}

static void index_paper(struct strbuf *b, const struct html_site *s, const struct html_vol *hv,
			size_t i)
{
	const struct paper *p = hv->v->papers[i];
	const char *lang = p->lang ? p->lang : "en";
	bool en = strcmp(lang, "en") == 0;
	char *id = xasprintf("%s/%s", hv->v->id, p->id);
	char *url = xasprintf("%s/index.html", id);
	sb_adds(b, "{\"id\":");
	html_json_str(b, id);
	field(b, "url", url);
	field(b, "title", mtext_get(&p->title, lang));
	const struct mtext_entry *t = en ? NULL : mtext_find(&p->title, "en", lang);
	field(b, "title_en", t ? t->text : "");
	const char **names;
	size_t n = html_author_names(p, lang, &names);
	sb_adds(b, ",\"authors\":");
	json_list(b, names, n);
	free(names);
	/* English names too, so "Choi" finds a Korean paper. */
	n = html_author_names(p, "en", &names);
	sb_adds(b, ",\"authors_en\":");
	json_list(b, en ? NULL : names, en ? 0 : n);
	free(names);
	const struct mtext_entry *a = mtext_find(&p->abstract, lang, lang);
	field(b, "abstract", a ? a->text : mtext_get(&p->abstract, lang));
	a = en ? NULL : mtext_find(&p->abstract, "en", lang);
	field(b, "abstract_en", a ? a->text : "");
	const char **kw;
	n = html_keywords(p, lang, &kw);
	sb_adds(b, ",\"keywords\":");
	json_list(b, kw, n);
	free(kw);
	n = en ? 0 : html_keywords(p, "en", &kw);
	sb_adds(b, ",\"keywords_en\":");
	json_list(b, en ? NULL : kw, n);
	if (!en)
		free(kw);
	field(b, "lang", lang);
	field(b, "volume", mtext_get(&hv->v->title, s->lang));
	char year[16] = "";
	if (hv->has_date)
		snprintf(year, sizeof year, "%d", hv->date.y);
	field(b, "year", year);
	sb_addc(b, '}');
	free(id);
	free(url);
}

static int search_index(struct html_site *s)
{
	struct strbuf b;
	sb_init(&b);
	/* A script, not JSON: it loads from file:// where fetch() cannot. */
	sb_adds(&b, "window.QUIRE_INDEX = {\"v\":1,\"papers\":[");
	bool first = true;
	for (size_t vi = 0; vi < s->nvols; vi++)
		for (size_t i = 0; i < s->vols[vi].v->npapers; i++) {
			sb_adds(&b, first ? "\n" : ",\n");
			first = false;
			index_paper(&b, s, &s->vols[vi], i);
		}
	sb_adds(&b, "\n]};\n");
	int r = html_out_write(&s->out, "search-index.js", b.s, b.len);
	sb_free(&b);
	return r;
}

/* ---- XML files ---- */

static int write_xml(struct html_site *s, xmlDocPtr doc, const char *rel)
{
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	int r = mem ? html_out_write(&s->out, rel, mem, (size_t)len) : -1;
	xmlFree(mem);
	xmlFreeDoc(doc);
	return r;
}

static xmlNodePtr text_child(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr e = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
	if (text)
		xmlAddChild(e, xmlNewText(BAD_CAST text));
	return e;
}

static void sitemap_url(xmlNodePtr set, const char *base, const char *path, const struct html_vol *hv)
{
	xmlNodePtr u = xmlNewChild(set, NULL, BAD_CAST "url", NULL);
	char *loc = xasprintf("%s%s", base, path);
	text_child(u, "loc", loc);
	free(loc);
	if (hv && hv->has_date && hv->date.d) {
		char *iso = html_date_iso(&hv->date);
		text_child(u, "lastmod", iso);
		free(iso);
	}
}

static int sitemap(struct html_site *s)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr set = xmlNewNode(NULL, BAD_CAST "urlset");
	xmlDocSetRootElement(doc, set);
	xmlSetNs(set, xmlNewNs(set, BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9", NULL));
	sitemap_url(set, s->base_url, "", NULL);
	for (size_t vi = 0; vi < s->nvols; vi++) {
		const struct html_vol *hv = &s->vols[vi];
		char *p = xasprintf("%s/", hv->v->id);
		sitemap_url(set, s->base_url, p, hv);
		free(p);
		for (size_t i = 0; i < hv->v->npapers; i++) {
			p = xasprintf("%s/%s/", hv->v->id, hv->v->papers[i]->id);
			sitemap_url(set, s->base_url, p, hv);
			free(p);
		}
	}
	sitemap_url(set, s->base_url, "authors/", NULL);
	for (size_t i = 0; i < s->people.n; i++) {
		char *p = xasprintf("authors/%s/", s->people.v[i].slug);
		sitemap_url(set, s->base_url, p, NULL);
		free(p);
	}
	return write_xml(s, doc, "sitemap.xml");
}

static char *atom_time(const struct html_date *d)
{
	return xasprintf("%04d-%02d-%02dT00:00:00Z", d->y, d->m ? d->m : 1, d->d ? d->d : 1);
}

static void atom_entry(struct html_site *s, xmlNodePtr feed, const struct html_vol *hv, size_t i)
{
	const struct paper *p = hv->v->papers[i];
	const char *lang = p->lang ? p->lang : "en";
	xmlNodePtr e = xmlNewChild(feed, NULL, BAD_CAST "entry", NULL);
	xmlNodeSetLang(e, BAD_CAST lang);
	char *url = xasprintf("%s%s/%s/", s->base_url, hv->v->id, p->id);
	text_child(e, "id", url);
	text_child(e, "title", mtext_get(&p->title, lang));
	xmlNodePtr link = xmlNewChild(e, NULL, BAD_CAST "link", NULL);
	xmlSetProp(link, BAD_CAST "href", BAD_CAST url);
	xmlSetProp(link, BAD_CAST "rel", BAD_CAST "alternate");
	xmlSetProp(link, BAD_CAST "type", BAD_CAST "text/html");
	free(url);
	struct html_date d = hv->has_date ? hv->date : s->updated;
	char *t = atom_time(&d);
	text_child(e, "updated", t);
	text_child(e, "published", t);
	free(t);
	for (size_t k = 0; k < p->nauthors; k++) {
		const char *name = mtext_get(&p->authors[k].name, lang);
		if (name && *name)
			text_child(xmlNewChild(e, NULL, BAD_CAST "author", NULL), "name", name);
	}
	const char *abstract = mtext_get(&p->abstract, lang);
	if (abstract)
		text_child(e, "summary", abstract);
	const char **kw;
	size_t n = html_keywords(p, lang, &kw);
	for (size_t k = 0; k < n; k++)
		xmlSetProp(xmlNewChild(e, NULL, BAD_CAST "category", NULL), BAD_CAST "term", BAD_CAST kw[k]);
	free(kw);
}

static int atom(struct html_site *s)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr feed = xmlNewNode(NULL, BAD_CAST "feed");
	xmlDocSetRootElement(doc, feed);
	xmlSetNs(feed, xmlNewNs(feed, BAD_CAST "http://www.w3.org/2005/Atom", NULL));
	xmlNodeSetLang(feed, BAD_CAST s->lang);
	text_child(feed, "title", mtext_get(s->title, s->lang));
	text_child(feed, "id", s->base_url);
	char *t = atom_time(&s->updated);
	text_child(feed, "updated", t);
	free(t);
	xmlNodePtr self = xmlNewChild(feed, NULL, BAD_CAST "link", NULL);
	char *u = xasprintf("%satom.xml", s->base_url);
	xmlSetProp(self, BAD_CAST "rel", BAD_CAST "self");
	xmlSetProp(self, BAD_CAST "href", BAD_CAST u);
	free(u);
	xmlNodePtr alt = xmlNewChild(feed, NULL, BAD_CAST "link", NULL);
	xmlSetProp(alt, BAD_CAST "rel", BAD_CAST "alternate");
	xmlSetProp(alt, BAD_CAST "href", BAD_CAST s->base_url);
	text_child(feed, "generator", "quire");
	for (size_t vi = 0; vi < s->nvols; vi++)
		for (size_t i = 0; i < s->vols[vi].v->npapers; i++)
			atom_entry(s, feed, &s->vols[vi], i);
	return write_xml(s, doc, "atom.xml");
}

static int robots(struct html_site *s)
{
	char *txt = s->base_url ? xasprintf("User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n", s->base_url)
				: xstrdup("User-agent: *\nAllow: /\n");
	int r = html_out_write(&s->out, "robots.txt", txt, strlen(txt));
	free(txt);
	return r;
}

int html_write_feeds(struct html_site *s)
{
	int r = search_index(s);
	if (s->base_url) {
		r |= sitemap(s);
		r |= atom(s);
	}
	r |= robots(s);
	return r;
}
