/* The archive's home page: its title, the search form and the volumes,
 * newest first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_int.h"
#include "html_ui.h"

static struct tv *volume_card(const struct html_vol *hv, const char *lang)
{
	const struct volume *v = hv->v;
	struct tv *m = tv_map();
	char *url = xasprintf("%s/index.html", v->id);
	html_set(m, "url", url);
	free(url);
	html_set(m, "title", mtext_get(&v->title, lang));
	html_set(m, "subtitle", mtext_get(&v->subtitle, lang));
	html_set(m, "alt_title", NULL);
	html_set(m, "alt_lang", NULL);
	html_set(m, "date", NULL);
	html_set(m, "date_text", NULL);
	for (size_t i = 0; i < v->title.n; i++)
		if (v->title.v[i].lang && strcmp(html_ui_lang(v->title.v[i].lang), html_ui_lang(lang)) != 0) {
			html_set(m, "alt_title", v->title.v[i].text);
			html_set(m, "alt_lang", v->title.v[i].lang);
			break;
		}
	if (hv->has_date) {
		char *t = html_date_text(&hv->date, lang), *iso = html_date_iso(&hv->date);
		html_set(m, "date_text", t);
		html_set(m, "date", iso);
		free(t);
		free(iso);
	}
	html_set(m, "location", mtext_get(&v->location, lang));
	char *count = strcmp(html_ui_lang(lang), "ko") == 0
			      ? xasprintf("논문 %zu편", v->npapers)
			      : xasprintf("%zu paper%s", v->npapers, v->npapers == 1 ? "" : "s");
	html_set(m, "count_text", count);
	free(count);
	return m;
}

int html_write_home(struct html_site *s)
{
	const char *lang = s->lang;
	struct tv *data = html_page_data(s, lang, 0);
	for (size_t i = 0; i < s->title->n; i++)
		if (s->title->v[i].lang &&
		    strcmp(html_ui_lang(s->title->v[i].lang), html_ui_lang(lang)) != 0) {
			tv_set_str(data, "alt_title", s->title->v[i].text);
			tv_set_str(data, "alt_lang", s->title->v[i].lang);
			break;
		}
	struct tv *vols = tv_set(data, "volumes", tv_list());
	for (size_t i = 0; i < s->nvols; i++)
		tv_push(vols, volume_card(&s->vols[i], lang));
	if (s->base_url)
		tv_set_str(data, "canonical", s->base_url);
	return html_page_write(s, s->home, data, "index.html");
}
