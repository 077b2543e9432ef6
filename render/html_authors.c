/* The author index (grouped by initial letter, in collation order) and
 * one page per person listing their papers across all volumes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_int.h"
#include "html_ui.h"

/* One letter group's people, each entry made only while it is written. */
struct group_people {
	const struct html_site *s;
	size_t first; /* into s->people.v */
};

static struct tv *person_entry(void *ctx, size_t i)
{
	const struct group_people *g = ctx;
	const struct html_person *hp = &g->s->people.v[g->first + i];
	struct tv *m = tv_map();
	char *url = xasprintf("%s/index.html", hp->slug);
	tv_set_str(m, "url", url);
	free(url);
	tv_set_str(m, "name", hp->sort);
	html_set(m, "alt_name", hp->alt_name);
	html_set(m, "alt_lang", hp->alt_lang);
	char count[16];
	snprintf(count, sizeof count, "%zu", hp->nrefs);
	tv_set_str(m, "count", count);
	return m;
}

static int write_index(struct html_site *s)
{
	const char *lang = s->lang;
	struct tv *data = html_page_data(s, lang, 1);
	tv_set_str(data, "page_title", html_ui(lang, "author_index"));
	struct tv *groups = tv_set(data, "groups", tv_list());
	int ng = 0;
	for (size_t i = 0; i < s->people.n;) {
		const char *letter = s->people.v[i].group;
		size_t end = i + 1;
		while (end < s->people.n && strcmp(s->people.v[end].group, letter) == 0)
			end++;
		struct tv *group = tv_push(groups, tv_map());
		tv_set_str(group, "letter", letter);
		char *id = xasprintf("g-%d", ++ng);
		char *href = xasprintf("#%s", id);
		tv_set_str(group, "id", id);
		tv_set_str(group, "href", href);
		free(id);
		free(href);
		struct group_people *g = xcalloc(1, sizeof *g);
		*g = (struct group_people){s, i};
		tv_set(group, "people", tv_lazy_list(end - i, person_entry, g, free));
		i = end;
	}
	if (s->base_url) {
		char *u = xasprintf("%sauthors/", s->base_url);
		tv_set_str(data, "canonical", u);
		free(u);
	}
	return html_page_write(s, s->authors, data, "authors/index.html");
}

static int write_person(struct html_site *s, const struct html_person *hp)
{
	const char *lang = s->lang;
	struct tv *data = html_page_data(s, lang, 2);
	tv_set_str(data, "page_title", hp->name);
	tv_set_str(data, "name", hp->name);
	tv_set_str(data, "alt_name", hp->alt_name);
	tv_set_str(data, "alt_lang", hp->alt_lang);
	if (hp->orcid) {
		char *u = xasprintf("https://orcid.org/%s", hp->orcid);
		tv_set_str(data, "orcid_url", u);
		free(u);
		tv_set_str(data, "orcid", hp->orcid);
	}
	struct tv *affs = tv_set(data, "affiliations", tv_list());
	for (size_t i = 0; i < hp->naffs; i++)
		tv_push(affs, tv_str(hp->affs[i]));
	struct tv *papers = tv_set(data, "papers", tv_list());
	for (size_t i = 0; i < hp->nrefs; i++)
		tv_push(papers, html_paper_entry(s, &s->vols[hp->refs[i].vol], hp->refs[i].paper, lang,
						 "../../"));
	if (s->base_url) {
		char *u = xasprintf("%sauthors/%s/", s->base_url, hp->slug);
		tv_set_str(data, "canonical", u);
		free(u);
	}
	char *rel = xasprintf("authors/%s/", hp->slug);
	int r = html_out_mkdir(&s->out, rel); /* each person's folder is new */
	free(rel);
	rel = xasprintf("authors/%s/index.html", hp->slug);
	r |= html_page_write(s, s->author, data, rel);
	free(rel);
	return r;
}

static int person_job(struct html_site *s, size_t i)
{
	return write_person(s, &s->people.v[i]);
}

int html_write_authors(struct html_site *s)
{
	int r = write_index(s);
	return r | html_for_each(s, s->people.n, person_job);
}
