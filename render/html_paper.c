/* The paper page: metadata, abstract (and its translations), full text,
 * citation and downloads, plus the files beside it (figures, exports,
 * offprint). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "html_body.h"
#include "html_prep.h"
#include "proceedings/markdown.h"
#include "proceedings/paper.h"
#include "proceedings/paper_store.h"
#include "html_int.h"
#include "html_ui.h"

void html_paper_init(struct html_paper *hp, const struct html_site *s, const struct html_vol *hv,
		     size_t index)
{
	memset(hp, 0, sizeof *hp);
	hp->hv = hv;
	hp->v = hv->v;
	hp->stub = hv->v->papers[index];
	hp->p = paper_meta_open(hv->v, hp->stub);
	hp->index = index;
	hp->lang = hp->p->lang ? hp->p->lang : "en";
	const struct html_pdf_info *pdf = hv->pdf;
	if (pdf && pdf->first_page && pdf->last_page && pdf->first_page[index] > 0 &&
	    pdf->last_page[index] >= pdf->first_page[index]) {
		hp->first = pdf->first_page[index];
		hp->last = pdf->last_page[index];
	}
	if (hp->v->doi_prefix && *hp->v->doi_prefix)
		hp->doi = xasprintf("%s/%s.%s", hp->v->doi_prefix, hp->v->id, hp->p->id);
	hp->path = xasprintf("%s/%s/", hp->v->id, hp->p->id);
	hp->abstract = html_abstract_plain(hp->p, hp->lang);
	if (s->base_url)
		hp->abs_url = xasprintf("%s%s", s->base_url, hp->path);
	struct stat st;
	if (pdf && pdf->paper_pdfs && pdf->paper_pdfs[index] && stat(pdf->paper_pdfs[index], &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		hp->pdf_src = pdf->paper_pdfs[index];
		hp->pdf_name = xasprintf("%s.pdf", hp->p->id);
	}
}

void html_paper_fini(struct html_paper *hp)
{
	free(hp->doi);
	free(hp->path);
	free(hp->abs_url);
	free(hp->pdf_name);
	free(hp->abstract);
	paper_meta_close(hp->stub, hp->p);
}

size_t html_author_names(const struct paper *p, const char *lang, const char ***out)
{
	*out = xcalloc(p->nauthors ? p->nauthors : 1, sizeof **out);
	size_t n = 0;
	for (size_t i = 0; i < p->nauthors; i++) {
		const char *name = mtext_get(&p->authors[i].name, lang);
		if (name && *name)
			(*out)[n++] = name;
	}
	return n;
}

/* "1,2" for the affiliations an author refers to. */
static char *aff_marks(const struct person *a)
{
	struct strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < a->naff; i++)
		sb_printf(&b, "%s%s", i ? "," : "", a->aff_index[i]);
	return sb_steal(&b);
}

/* The authors of p, paper `index` of hv. */
static struct tv *authors_value(const struct html_site *s, const struct html_vol *hv, size_t index,
				const struct paper *p, const char *lang, const char *root)
{
	struct tv *list = tv_list();
	/* Marks only make sense when there is more than one affiliation. */
	bool marks = p->naffiliations > 1;
	for (size_t i = 0; i < p->nauthors; i++) {
		const struct person *a = &p->authors[i];
		const char *name = mtext_get(&a->name, lang);
		if (!name || !*name)
			continue;
		struct tv *m = tv_push(list, tv_map());
		html_set(m, "name", name);
		size_t who = html_people_find(s, (size_t)(hv - s->vols), index, i);
		char *url = NULL;
		if (who != SIZE_MAX) {
			struct html_person hp;
			html_person_open(s, who, &hp);
			url = xasprintf("%sauthors/%s/index.html", root, hp.slug);
			html_person_close(&hp);
		}
		html_set(m, "url", url);
		free(url);
		char *mk = marks && a->naff ? aff_marks(a) : NULL;
		html_set(m, "marks", mk);
		free(mk);
		html_set(m, "orcid_url", NULL);
		html_set(m, "orcid_label", NULL);
		html_set(m, "corresponding", NULL);
		if (a->orcid) {
			char *u = xasprintf("https://orcid.org/%s", a->orcid);
			html_set(m, "orcid_url", u);
			free(u);
			char *label = xasprintf("ORCID iD: %s", a->orcid);
			html_set(m, "orcid_label", label);
			free(label);
		}
		if (a->corresponding)
			html_set(m, "corresponding", "yes");
	}
	return list;
}

/* One line of a table of contents or a person's list of papers. */
struct tv *html_paper_entry(const struct html_site *s, const struct html_vol *hv, size_t index,
			    const char *page_lang, const char *root)
{
	const struct paper *p = paper_meta_open(hv->v, hv->v->papers[index]);
	const char *lang = p->lang ? p->lang : "en";
	struct tv *m = tv_map();
	char *url = xasprintf("%s%s/%s/index.html", root, hv->v->id, p->id);
	html_set(m, "url", url);
	free(url);
	html_set(m, "lang", lang);
	html_set(m, "title", mtext_get(&p->title, lang));
	html_set(m, "alt_title", NULL);
	html_set(m, "alt_lang", NULL);
	html_set(m, "pages", NULL);
	html_set(m, "year", NULL);
	const struct mtext_entry *alt = mtext_find(&p->title, page_lang, lang);
	if (strcmp(html_ui_lang(lang), html_ui_lang(page_lang)) != 0 && alt &&
	    strcmp(alt->text, mtext_get(&p->title, lang)) != 0) {
		html_set(m, "alt_title", alt->text);
		html_set(m, "alt_lang", page_lang);
	}
	tv_set(m, "authors", authors_value(s, hv, index, p, lang, root));
	const struct html_pdf_info *pdf = hv->pdf;
	if (pdf && pdf->first_page && pdf->last_page && pdf->first_page[index] > 0) {
		char *pages = strcmp(html_ui_lang(page_lang), "ko") == 0
				      ? xasprintf("%d–%d쪽", pdf->first_page[index], pdf->last_page[index])
				      : xasprintf("pp. %d–%d", pdf->first_page[index], pdf->last_page[index]);
		html_set(m, "pages", pages);
		free(pages);
	}
	html_set(m, "volume", mtext_get(&hv->v->title, page_lang));
	if (hv->has_date) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", hv->date.y);
		html_set(m, "year", buf);
	}
	paper_meta_close(hv->v->papers[index], p);
	return m;
}

static void affiliations_value(const struct paper *p, const char *lang, struct tv *data)
{
	if (!p->naffiliations)
		return;
	struct tv *list = tv_set(data, "affiliations", tv_list());
	for (size_t i = 0; i < p->naffiliations; i++) {
		const struct affiliation *af = &p->affiliations[i];
		struct tv *m = tv_push(list, tv_map());
		html_set(m, "index", p->naffiliations > 1 ? af->index : NULL);
		html_set(m, "ror_url", NULL);
		html_set(m, "name", mtext_get(&af->name, lang));
		if (af->ror && *af->ror) {
			const char *id = strrchr(af->ror, '/');
			char *u = xasprintf("https://ror.org/%s", id ? id + 1 : af->ror);
			html_set(m, "ror_url", u);
			free(u);
		}
	}
}

static struct tv *keywords_value(const struct paper *p, const char *lang)
{
	const char **kw;
	size_t n = html_keywords(p, lang, &kw);
	struct tv *list = tv_list();
	for (size_t i = 0; i < n; i++)
		tv_push(list, tv_str(kw[i]));
	free(kw);
	return list;
}

/* An abstract as the PDF sets it (md_parse_abstract): its paragraphs with
 * their emphasis, code and links, through the body's writer, so raw HTML
 * and unsafe links are dropped the same way. */
static struct tv *abstract_value(const char *text, const char *lang, const char *id_prefix)
{
	struct markdown m = {.text = (char *)text, .len = strlen(text)};
	m.doc = md_parse_abstract(text);
	struct html_body_opts o = {.base_level = 3, .lang = lang, .id_prefix = id_prefix};
	xmlNodePtr div = html_body(&m, &o);
	cmark_node_free(m.doc);
	return tv_html(div);
}

/* The paper's title and abstract in each other language it gives them in
 * (the English of a Korean paper), marked with that language. */
static void translations_value(const struct html_site *s, const struct html_paper *hp,
			       struct tv *data)
{
	const struct paper *p = hp->p;
	struct tv *list = tv_list();
	for (size_t i = 0; i < p->title.n; i++) {
		const char *l = p->title.v[i].lang;
		if (!l || strcmp(l, hp->lang) == 0)
			continue;
		struct tv *m = tv_push(list, tv_map());
		html_set(m, "lang", l);
		char *tid = xasprintf("q-translation-%s", l);
		html_set(m, "id", tid);
		free(tid);
		/* The heading names the section's language in that language. */
		char *heading = strcmp(l, "en") == 0   ? xstrdup("English title and abstract")
				: strcmp(l, "ko") == 0 ? xstrdup("한국어 제목과 초록")
						       : xasprintf("Title and abstract (%s)", l);
		html_set(m, "heading", heading);
		free(heading);
		tv_set(m, "ui", html_ui_map(l));
		html_set(m, "title", p->title.v[i].text);
		const struct mtext_entry *e = mtext_find(&p->subtitle, l, hp->lang);
		html_set(m, "subtitle", e ? e->text : NULL);
		e = mtext_find(&p->abstract, l, hp->lang);
		char *prefix = xasprintf("q-abstract-%s-", l);
		tv_set(m, "abstract", e ? abstract_value(e->text, l, prefix) : tv_list());
		free(prefix);
		tv_set(m, "keywords", keywords_value(p, l));
		tv_set(m, "authors", authors_value(s, hp->hv, hp->index, p, l, "../../"));
	}
	tv_set(data, "translations", list);
}

static void downloads_value(const struct html_paper *hp, struct tv *data)
{
	if (hp->pdf_name) {
		char *u = html_escape_path(hp->pdf_name);
		tv_set_str(data, "pdf_url", u);
		free(u);
	}
	tv_set_str(data, "bib_url", "paper.bib");
	tv_set_str(data, "ris_url", "paper.ris");
}

static void facts_value(const struct html_site *s, const struct html_paper *hp, struct tv *data)
{
	const char *lang = hp->lang;
	const struct volume *v = hp->v;
	if (hp->first) {
		char *pages = strcmp(html_ui_lang(lang), "ko") == 0
				      ? xasprintf("%d–%d쪽", hp->first, hp->last)
				      : xasprintf("pp. %d–%d", hp->first, hp->last);
		tv_set_str(data, "pages", pages);
		free(pages);
	}
	if (hp->hv->has_date) {
		char *t = html_date_text(&hp->hv->date, lang), *iso = html_date_iso(&hp->hv->date);
		tv_set_str(data, "date_text", t);
		tv_set_str(data, "date", iso);
		free(t);
		free(iso);
	}
	if (hp->doi) {
		tv_set_str(data, "doi", hp->doi);
		char *u = xasprintf("https://doi.org/%s", hp->doi);
		tv_set_str(data, "doi_url", u);
		free(u);
	}
	const char *lic = hp->p->license ? hp->p->license : v->license;
	if (lic && *lic) {
		tv_set_str(data, "license", lic);
		char *u = xasprintf("https://spdx.org/licenses/%s.html", lic);
		tv_set_str(data, "license_url", u);
		free(u);
	}
	int session = hp->stub->session;
	if (session >= 0 && (size_t)session < v->nsessions)
		tv_set_str(data, "session", mtext_get(&v->sessions[session].title, lang));
	(void)s;
}

static void outline_item(struct tv *list, const char *id, const char *label, const char *lang)
{
	if (!id || !label || !*label)
		return;
	struct tv *m = tv_push(list, tv_map());
	char *href = xasprintf("#%s", id);
	tv_set_str(m, "href", href);
	tv_set_str(m, "label", label);
	html_set(m, "lang", lang);
	free(href);
}

/* "On this page": the abstract, the translations, the body's top-level
 * sections, its notes and the citation block. */
static struct tv *outline_value(const struct tv *data, const struct html_prepared *pr,
				const char *lang)
{
	struct tv *list = tv_list();
	const struct tv *abstract = tv_get(data, "abstract");
	if (abstract && tv_frag(abstract) && tv_frag(abstract)->children)
		outline_item(list, "q-abstract-heading", html_ui(lang, "abstract"), NULL);
	const struct tv *tr = tv_get(data, "translations");
	for (size_t i = 0; tr && i < tv_len(tr); i++)
		outline_item(list, tv_text(tv_get(tv_item(tr, i), "id")),
			     tv_text(tv_get(tv_item(tr, i), "heading")),
			     tv_text(tv_get(tv_item(tr, i), "lang")));
	for (size_t i = 0; i < pr->noutline; i++)
		outline_item(list, pr->ids[i], pr->labels[i], NULL);
	outline_item(list, "q-cite-heading", html_ui(lang, "cite"), NULL);
	return list;
}

static int write_files(struct html_site *s, const struct html_paper *hp, const struct html_files *f)
{
	int r = html_out_mkdir(&s->out, hp->path); /* the paper's own folder is new */
	for (size_t i = 0; i < f->n; i++) {
		char *rel = xasprintf("%s%s", hp->path, f->v[i].name);
		r |= html_out_copy(&s->out, rel, f->v[i].src);
		free(rel);
	}
	char *bib = html_bibtex(s, hp), *ris = html_ris(s, hp);
	char *rel = xasprintf("%spaper.bib", hp->path);
	r |= html_out_write(&s->out, rel, bib, strlen(bib));
	free(rel);
	rel = xasprintf("%spaper.ris", hp->path);
	r |= html_out_write(&s->out, rel, ris, strlen(ris));
	free(rel);
	free(bib);
	free(ris);
	if (hp->pdf_name) {
		rel = xasprintf("%s%s", hp->path, hp->pdf_name);
		r |= html_out_copy(&s->out, rel, hp->pdf_src);
		free(rel);
	}
	return r;
}

int html_write_paper(struct html_site *s, const struct html_vol *hv, size_t index)
{
	struct html_paper hp;
	html_paper_init(&hp, s, hv, index);
	const struct paper *p = hp.p;
	const char *lang = hp.lang;
	struct tv *data = html_page_data(s, lang, 2);

	const char *title = mtext_get(&p->title, lang);
	const char *vtitle = mtext_get(&hv->v->title, lang);
	const char *vshort = mtext_get(&hv->v->short_title, lang);
	tv_set_str(data, "title", title);
	tv_set_str(data, "subtitle", mtext_get(&p->subtitle, lang));
	char *pt = xasprintf("%s — %s", title ? title : p->id, vshort ? vshort : vtitle ? vtitle : "");
	tv_set_str(data, "page_title", pt);
	free(pt);
	tv_set_str(data, "volume_title", vtitle);
	tv_set_str(data, "volume_url", "../index.html");
	tv_set(data, "authors", authors_value(s, hv, index, p, lang, "../../"));
	affiliations_value(p, lang, data);
	const char *abstract = mtext_get(&p->abstract, lang);
	if (abstract)
		tv_set(data, "abstract", abstract_value(abstract, lang, "q-abstract-"));
	tv_set(data, "keywords", keywords_value(p, lang));
	translations_value(s, &hp, data);
	facts_value(s, &hp, data);
	downloads_value(&hp, data);

	/* The body, as prepared while the volume loaded, or made now. */
	struct html_prepared pr;
	if (!html_prep_take(s->prep, hp.stub, &pr)) {
		struct paper_body pb;
		paper_body_open(hv->v, p, &pb);
		html_prepared_make(&pr, p, pb.md, pb.refs);
		paper_body_close(&pb);
	}
	tv_set(data, "outline", outline_value(data, &pr, lang));
	tv_set(data, "body", tv_serialized(pr.html, pr.len));
	pr.html = NULL;

	char *cite = html_citation(s, &hp), *bib = html_bibtex(s, &hp);
	tv_set_str(data, "citation", cite);
	tv_set_str(data, "bibtex", bib);
	free(cite);
	free(bib);
	if (hp.abs_url)
		tv_set_str(data, "canonical", hp.abs_url);
	html_paper_meta(s, &hp, data);

	int r = write_files(s, &hp, &pr.files);
	char *rel = xasprintf("%sindex.html", hp.path);
	r |= html_page_write(s, s->paper, data, rel);
	free(rel);
	html_prepared_free(&pr);
	html_paper_fini(&hp);
	return r;
}
