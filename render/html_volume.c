/* The volume page: title block, contents by session, front matter and
 * committees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_body.h"
#include "html_int.h"
#include "html_ui.h"
#include "proceedings/markdown.h"

static struct tv *people_value(const struct person *v, size_t n, const char *lang)
{
	struct tv *list = tv_list();
	for (size_t i = 0; i < n; i++) {
		struct tv *m = tv_push(list, tv_map());
		html_set(m, "name", mtext_get(&v[i].name, lang));
		html_set(m, "affiliation", mtext_get(&v[i].affiliation, lang));
		html_set(m, "orcid_url", NULL);
		html_set(m, "orcid_label", NULL);
		if (v[i].orcid) {
			char *u = xasprintf("https://orcid.org/%s", v[i].orcid);
			html_set(m, "orcid_url", u);
			free(u);
			char *label = xasprintf("ORCID iD: %s", v[i].orcid);
			html_set(m, "orcid_label", label);
			free(label);
		}
	}
	return list;
}

/* A session's papers, each entry made only while it is written. */
struct session_papers {
	const struct html_site *s;
	const struct html_vol *hv;
	const char *lang;
	size_t *index; /* into v->papers */
};

static struct tv *session_paper(void *ctx, size_t i)
{
	struct session_papers *sp = ctx;
	return html_paper_entry(sp->s, sp->hv, sp->index[i], sp->lang, "../");
}

static void session_papers_free(void *ctx)
{
	struct session_papers *sp = ctx;
	free(sp->index);
	free(sp);
}

static struct tv *session_value(const struct html_site *s, const struct html_vol *hv, int si,
				const char *lang)
{
	const struct volume *v = hv->v;
	struct tv *m = tv_map();
	size_t n = 0;
	for (size_t i = 0; i < v->npapers; i++)
		n += v->papers[i]->session == si;
	struct session_papers *sp = xcalloc(1, sizeof *sp);
	*sp = (struct session_papers){s, hv, lang, xcalloc(n + 1, sizeof *sp->index)};
	n = 0;
	for (size_t i = 0; i < v->npapers; i++)
		if (v->papers[i]->session == si)
			sp->index[n++] = i;
	tv_set(m, "papers", tv_lazy_list(n, session_paper, sp, session_papers_free));
	html_set(m, "id", NULL);
	html_set(m, "meta", NULL);
	if (si < 0) {
		/* "Other papers" only beside sessions: a volume without any
		 * lists its papers under the contents heading alone, as the
		 * PDF's contents do. */
		html_set(m, "title", v->nsessions ? html_ui(lang, "other_papers") : NULL);
		return m;
	}
	const struct session *ss = &v->sessions[si];
	html_set(m, "title", mtext_get(&ss->title, lang));
	char *sid = xasprintf("session-%s", ss->id ? ss->id : "x");
	tv_set_str(m, "id", sid);
	free(sid);
	struct strbuf meta;
	sb_init(&meta);
	if (ss->time)
		sb_adds(&meta, ss->time);
	const char *place = mtext_get(&ss->place, lang);
	if (place)
		sb_printf(&meta, "%s%s", meta.len ? " · " : "", place);
	if (meta.len)
		tv_set_str(m, "meta", meta.s);
	sb_free(&meta);
	return m;
}

static char *first_heading(const struct markdown *m)
{
	if (!m->doc)
		return NULL;
	char *r = NULL;
	cmark_iter *it = cmark_iter_new(m->doc);
	cmark_event_type ev;
	while (!r && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING)
			r = md_plain_text(n);
	}
	cmark_iter_free(it);
	return r;
}

static void front_value(const struct volume *v, const char *lang, struct tv *data,
			struct tv *nav, struct html_files *files)
{
	struct tv *list = tv_list();
	for (size_t i = 0; i < v->nfront; i++) {
		const struct markdown *md = &v->front[i];
		struct tv *m = tv_push(list, tv_map());
		char *id = xasprintf("front-%zu", i + 1);
		char *prefix = xasprintf("%s-", id);
		const char *flang = html_guess_lang(md->text);
		if (!flang)
			flang = strcmp(html_ui_lang(lang), "ko") == 0 ? "en" : lang;
		tv_set_str(m, "id", id);
		tv_set_str(m, "lang", flang);
		struct html_body_opts o = {.base_level = 2, .lang = flang, .id_prefix = prefix, .files = files};
		tv_set(m, "body", tv_html(html_body(md, &o)));
		char *title = first_heading(md);
		if (title) {
			struct tv *n = tv_push(nav, tv_map());
			char *href = xasprintf("#%s", id);
			tv_set_str(n, "href", href);
			tv_set_str(n, "label", title);
			tv_set_str(n, "lang", flang);
			free(href);
			free(title);
		}
		free(prefix);
		free(id);
	}
	tv_set(data, "front", list);
}

static void nav_item(struct tv *nav, const char *href, const char *label)
{
	struct tv *n = tv_push(nav, tv_map());
	tv_set_str(n, "href", href);
	tv_set_str(n, "label", label);
	html_set(n, "lang", NULL);
}

static void facts_value(const struct html_vol *hv, const char *lang, struct tv *data)
{
	const struct volume *v = hv->v;
	if (hv->has_date) {
		char *t = html_date_text(&hv->date, lang), *iso = html_date_iso(&hv->date);
		tv_set_str(data, "date_text", t);
		tv_set_str(data, "date", iso);
		free(t);
		free(iso);
	}
	tv_set_str(data, "location", mtext_get(&v->location, lang));
	tv_set_str(data, "publisher", mtext_get(&v->publisher, lang));
	tv_set_str(data, "isbn", v->isbn);
	tv_set_str(data, "issn", v->issn);
	if (v->license && *v->license) {
		tv_set_str(data, "license", v->license);
		char *u = xasprintf("https://spdx.org/licenses/%s.html", v->license);
		tv_set_str(data, "license_url", u);
		free(u);
	}
	const char *series = mtext_get(&v->series, lang);
	if (series || v->number) {
		bool ko = strcmp(html_ui_lang(lang), "ko") == 0;
		char *num = !v->number ? NULL : ko ? xasprintf("제%s권", v->number) : xasprintf("No. %s", v->number);
		char *t = series && num ? xasprintf("%s · %s", series, num) : xstrdup(series ? series : num);
		free(num);
		tv_set_str(data, "series_text", t);
		free(t);
	}
}

int html_write_volume(struct html_site *s, const struct html_vol *hv)
{
	const struct volume *v = hv->v;
	const char *lang = hv->lang;
	struct tv *data = html_page_data(s, lang, 1);
	const char *title = mtext_get(&v->title, lang);
	tv_set_str(data, "title", title);
	tv_set_str(data, "page_title", title);
	tv_set_str(data, "subtitle", mtext_get(&v->subtitle, lang));
	for (size_t i = 0; i < v->title.n; i++)
		if (v->title.v[i].lang &&
		    strcmp(html_ui_lang(v->title.v[i].lang), html_ui_lang(lang)) != 0) {
			tv_set_str(data, "alt_title", v->title.v[i].text);
			tv_set_str(data, "alt_lang", v->title.v[i].lang);
			break;
		}
	facts_value(hv, lang, data);
	if (v->neditors)
		tv_set(data, "editors", people_value(v->editors, v->neditors, lang));
	if (hv->has_pdf) {
		char *name = xasprintf("%s.pdf", v->id);
		char *u = html_escape_path(name);
		tv_set_str(data, "pdf_url", u);
		free(u);
		free(name);
	}

	struct tv *nav = tv_set(data, "nav", tv_list());
	nav_item(nav, "#q-contents", html_ui(lang, "contents"));
	struct tv *sessions = tv_set(data, "sessions", tv_list());
	bool unscheduled = false;
	for (size_t i = 0; i < v->npapers; i++)
		unscheduled |= v->papers[i]->session < 0;
	for (size_t i = 0; i < v->nsessions; i++)
		tv_push(sessions, session_value(s, hv, (int)i, lang));
	if (unscheduled)
		tv_push(sessions, session_value(s, hv, -1, lang));

	struct html_files files = {0};
	html_files_reserve(&files, "index.html");
	char *pdf = xasprintf("%s.pdf", v->id);
	html_files_reserve(&files, pdf);
	free(pdf);
	for (size_t i = 0; i < v->npapers; i++)
		html_files_reserve(&files, v->papers[i]->id);
	front_value(v, lang, data, nav, &files);

	if (v->ncommittees) {
		struct tv *list = tv_set(data, "committees", tv_list());
		for (size_t i = 0; i < v->ncommittees; i++) {
			struct tv *m = tv_push(list, tv_map());
			html_set(m, "title", mtext_get(&v->committees[i].title, lang));
			tv_set(m, "members", people_value(v->committees[i].members,
							  v->committees[i].nmembers, lang));
		}
		nav_item(nav, "#q-committees", html_ui(lang, "committees"));
	}
	if (s->base_url) {
		char *u = xasprintf("%s%s/", s->base_url, v->id);
		tv_set_str(data, "canonical", u);
		struct tv *og = tv_set(data, "og", tv_list());
		struct {
			const char *p, *c;
		} tags[] = {{"og:type", "website"}, {"og:title", title}, {"og:url", u},
			    {"og:site_name", mtext_get(s->title, lang)}};
		for (size_t i = 0; i < 4; i++)
			if (tags[i].c) {
				struct tv *m = tv_push(og, tv_map());
				tv_set_str(m, "property", tags[i].p);
				tv_set_str(m, "content", tags[i].c);
			}
		free(u);
	}

	int r = 0;
	for (size_t i = 0; i < files.n; i++) {
		char *rel = xasprintf("%s/%s", v->id, files.v[i].name);
		r |= html_out_copy(&s->out, rel, files.v[i].src);
		free(rel);
	}
	if (hv->has_pdf) {
		char *rel = xasprintf("%s/%s.pdf", v->id, v->id);
		r |= html_out_copy(&s->out, rel, hv->pdf->volume_pdf);
		free(rel);
	}
	char *rel = xasprintf("%s/index.html", v->id);
	r |= html_page_write(s, s->volume, data, rel);
	free(rel);
	html_files_free(&files);
	return r;
}
