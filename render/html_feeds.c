/* The site's machine-facing files: the search index the search script
 * reads, sitemap.xml, the Atom feed and robots.txt. */
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/markdown.h"
#include "proceedings/paper_store.h"
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
	const struct paper *p = paper_meta_open(hv->v, hv->v->papers[i]);
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
	const char *at = a ? a->text : mtext_get(&p->abstract, lang);
	char *plain = at ? md_abstract_text(at) : NULL;
	field(b, "abstract", plain);
	free(plain);
	a = en ? NULL : mtext_find(&p->abstract, "en", lang);
	plain = md_abstract_text(a ? a->text : "");
	field(b, "abstract_en", plain);
	free(plain);
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
	paper_meta_close(hv->v->papers[i], p);
}

#define CHUNK (64u * 1024)

/* Written in pieces: the index of 10,000 papers is megabytes. */
static int search_index(struct html_site *s)
{
	struct html_file_out f;
	if (html_out_open(&s->out, "search-index.js", &f) != 0)
		return -1;
	struct strbuf b;
	sb_init(&b);
	/* A script, not JSON: it loads from file:// where fetch() cannot. */
	sb_adds(&b, "window.QUIRE_INDEX = {\"v\":1,\"papers\":[");
	bool first = true;
	int r = 0;
	for (size_t vi = 0; vi < s->nvols; vi++)
		for (size_t i = 0; i < s->vols[vi].v->npapers; i++) {
			sb_adds(&b, first ? "\n" : ",\n");
			first = false;
			index_paper(&b, s, &s->vols[vi], i);
			if (b.len >= CHUNK) {
				r |= html_out_put(&f, b.s, b.len);
				b.len = 0;
			}
		}
	sb_adds(&b, "\n]};\n");
	r |= html_out_put(&f, b.s, b.len);
	sb_free(&b);
	return html_out_close(&f) | r;
}

/* ---- XML files ---- */

/* sitemap.xml and atom.xml are written with libxml2's streaming writer
 * straight into their files: one entry per paper, never a tree of them. */

static int xml_put(void *ctx, const char *buf, int len)
{
	return html_out_put(ctx, buf, (size_t)len) == 0 ? len : -1;
}

static int xml_noop_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static xmlTextWriterPtr xml_open(struct html_site *s, const char *rel, struct html_file_out *f)
{
	if (html_out_open(&s->out, rel, f) != 0)
		return NULL;
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(xml_put, xml_noop_close, f, NULL);
	xmlTextWriterPtr w = ob ? xmlNewTextWriter(ob) : NULL;
	if (!w) {
		xmlOutputBufferClose(ob);
		html_out_close(f);
		s->out.failed = true;
		return NULL;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	return w;
}

static int xml_close(struct html_site *s, xmlTextWriterPtr w, struct html_file_out *f)
{
	int r = xmlTextWriterEndDocument(w) < 0 ? -1 : 0;
	xmlFreeTextWriter(w); /* flushes into f */
	r |= html_out_close(f);
	if (r)
		s->out.failed = true;
	return r;
}

static void text_child(xmlTextWriterPtr w, const char *name, const char *text)
{
	xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST(text ? text : ""));
}

static void sitemap_url(xmlTextWriterPtr w, const char *base, const char *path,
			const struct html_vol *hv)
{
	xmlTextWriterStartElement(w, BAD_CAST "url");
	char *loc = xasprintf("%s%s", base, path);
	text_child(w, "loc", loc);
	free(loc);
	if (hv && hv->has_date && hv->date.d) {
		char *iso = html_date_iso(&hv->date);
		text_child(w, "lastmod", iso);
		free(iso);
	}
	xmlTextWriterEndElement(w);
}

static int sitemap(struct html_site *s)
{
	struct html_file_out f;
	xmlTextWriterPtr w = xml_open(s, "sitemap.xml", &f);
	if (!w)
		return -1;
	xmlTextWriterStartElement(w, BAD_CAST "urlset");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
				    BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9");
	sitemap_url(w, s->base_url, "", NULL);
	for (size_t vi = 0; vi < s->nvols; vi++) {
		const struct html_vol *hv = &s->vols[vi];
		char *p = xasprintf("%s/", hv->v->id);
		sitemap_url(w, s->base_url, p, hv);
		free(p);
		for (size_t i = 0; i < hv->v->npapers; i++) {
			p = xasprintf("%s/%s/", hv->v->id, hv->v->papers[i]->id);
			sitemap_url(w, s->base_url, p, hv);
			free(p);
		}
	}
	sitemap_url(w, s->base_url, "authors/", NULL);
	for (size_t i = 0; i < s->people.n; i++) {
		struct html_person hp;
		html_person_open(s, i, &hp);
		char *p = xasprintf("authors/%s/", hp.slug);
		html_person_close(&hp);
		sitemap_url(w, s->base_url, p, NULL);
		free(p);
	}
	return xml_close(s, w, &f);
}

static char *atom_time(const struct html_date *d)
{
	return xasprintf("%04d-%02d-%02dT00:00:00Z", d->y, d->m ? d->m : 1, d->d ? d->d : 1);
}

static void empty_element(xmlTextWriterPtr w, const char *name, const char *const *attrs)
{
	xmlTextWriterStartElement(w, BAD_CAST name);
	for (size_t i = 0; attrs[i]; i += 2)
		xmlTextWriterWriteAttribute(w, BAD_CAST attrs[i], BAD_CAST attrs[i + 1]);
	xmlTextWriterEndElement(w);
}

static void atom_entry(struct html_site *s, xmlTextWriterPtr w, const struct html_vol *hv, size_t i)
{
	const struct paper *p = paper_meta_open(hv->v, hv->v->papers[i]);
	const char *lang = p->lang ? p->lang : "en";
	xmlTextWriterStartElement(w, BAD_CAST "entry");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST lang);
	char *url = xasprintf("%s%s/%s/", s->base_url, hv->v->id, p->id);
	text_child(w, "id", url);
	text_child(w, "title", mtext_get(&p->title, lang));
	empty_element(w, "link",
		      (const char *const[]){"href", url, "rel", "alternate", "type", "text/html", NULL});
	free(url);
	struct html_date d = hv->has_date ? hv->date : s->updated;
	char *t = atom_time(&d);
	text_child(w, "updated", t);
	text_child(w, "published", t);
	free(t);
	for (size_t k = 0; k < p->nauthors; k++) {
		const char *name = mtext_get(&p->authors[k].name, lang);
		if (name && *name) {
			xmlTextWriterStartElement(w, BAD_CAST "author");
			text_child(w, "name", name);
			xmlTextWriterEndElement(w);
		}
	}
	char *abstract = html_abstract_plain(p, lang);
	if (abstract)
		text_child(w, "summary", abstract);
	free(abstract);
	const char **kw;
	size_t n = html_keywords(p, lang, &kw);
	for (size_t k = 0; k < n; k++)
		empty_element(w, "category", (const char *const[]){"term", kw[k], NULL});
	free(kw);
	xmlTextWriterEndElement(w);
	paper_meta_close(hv->v->papers[i], p);
}

static int atom(struct html_site *s)
{
	struct html_file_out f;
	xmlTextWriterPtr w = xml_open(s, "atom.xml", &f);
	if (!w)
		return -1;
	xmlTextWriterStartElement(w, BAD_CAST "feed");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/2005/Atom");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST s->lang);
	text_child(w, "title", mtext_get(s->title, s->lang));
	text_child(w, "id", s->base_url);
	char *t = atom_time(&s->updated);
	text_child(w, "updated", t);
	free(t);
	char *u = xasprintf("%satom.xml", s->base_url);
	empty_element(w, "link", (const char *const[]){"rel", "self", "href", u, NULL});
	free(u);
	empty_element(w, "link", (const char *const[]){"rel", "alternate", "href", s->base_url, NULL});
	text_child(w, "generator", "quire");
	for (size_t vi = 0; vi < s->nvols; vi++)
		for (size_t i = 0; i < s->vols[vi].v->npapers; i++)
			atom_entry(s, w, &s->vols[vi], i);
	return xml_close(s, w, &f);
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
