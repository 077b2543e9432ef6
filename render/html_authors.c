/* The author index (grouped by initial letter, in collation order) and
 * one page per person listing their papers across all volumes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_int.h"
#include "html_ui.h"
#include "proceedings/paper_store.h"

/* Whether `list` (strings, a NUL after each) holds s. */
static bool list_has(const struct strbuf *list, const char *s)
{
	for (size_t at = 0; at < list->len; at += strlen(list->s + at) + 1)
		if (strcmp(list->s + at, s) == 0)
			return true;
	return false;
}

/* One letter group's people, each entry made only while it is written. */
struct group_people {
	const struct html_site *s;
	size_t first; /* into s->people.v */
};

static struct tv *person_entry(void *ctx, size_t i)
{
	const struct group_people *g = ctx;
	struct html_person hp;
	html_person_open(g->s, g->first + i, &hp);
	struct tv *m = tv_map();
	char *url = xasprintf("%s/index.html", hp.slug);
	tv_set_str(m, "url", url);
	free(url);
	tv_set_str(m, "name", hp.sort);
	html_set(m, "alt_name", hp.alt_name);
	html_set(m, "alt_lang", hp.alt_lang);
	char count[16];
	snprintf(count, sizeof count, "%zu", hp.npapers);
	tv_set_str(m, "count", count);
	html_person_close(&hp);
	return m;
}

static int write_index(struct html_site *s)
{
	const char *lang = s->lang;
	struct tv *data = html_page_data(s, lang, 1);
	tv_set_str(data, "page_title", html_ui(lang, "author_index"));
	struct tv *groups = tv_set(data, "groups", tv_list());
	int ng = 0;
	const struct html_people *pp = &s->people;
	for (size_t i = 0; i < pp->n;) {
		uint32_t gi = pp->v[i].group;
		const char *letter = pp->groups[gi];
		size_t end = i + 1;
		while (end < pp->n && pp->v[end].group == gi)
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

/* Person i's affiliations (in the site language, each once) and papers
 * (each once), in the order their author entries were merged. */
static void person_papers(struct html_site *s, size_t i, struct tv *affs, struct tv *papers)
{
	size_t n = html_person_entries(s, i);
	struct strbuf aff_seen; /* affiliations listed, NUL after each */
	sb_init(&aff_seen);
	for (size_t k = 0; k < n; k++) {
		size_t vi, pi, ai;
		html_person_entry(s, i, k, &vi, &pi, &ai);
		const struct volume *v = s->vols[vi].v;
		const struct paper *p = paper_meta_open(v, v->papers[pi]);
		const struct person *a = &p->authors[ai];
		for (size_t x = 0; x < a->naff; x++)
			for (size_t j = 0; j < p->naffiliations; j++) {
				const struct affiliation *af = &p->affiliations[j];
				if (!af->index || strcmp(af->index, a->aff_index[x]) != 0)
					continue;
				const char *name = mtext_get(&af->name, s->lang);
				if (!name || !*name || list_has(&aff_seen, name))
					continue;
				sb_add(&aff_seen, name, strlen(name) + 1);
				tv_push(affs, tv_str(name));
			}
		paper_meta_close(v->papers[pi], p);
		if (html_person_entry_lists_paper(s, i, k))
			tv_push(papers, html_paper_entry(s, &s->vols[vi], pi, s->lang, "../../"));
	}
	sb_free(&aff_seen);
}

static int write_person(struct html_site *s, size_t i)
{
	const char *lang = s->lang;
	struct html_person hp;
	html_person_open(s, i, &hp);
	struct tv *data = html_page_data(s, lang, 2);
	tv_set_str(data, "page_title", hp.name);
	tv_set_str(data, "name", hp.name);
	tv_set_str(data, "alt_name", hp.alt_name);
	tv_set_str(data, "alt_lang", hp.alt_lang);
	if (hp.orcid) {
		char *u = xasprintf("https://orcid.org/%s", hp.orcid);
		tv_set_str(data, "orcid_url", u);
		free(u);
		tv_set_str(data, "orcid", hp.orcid);
	}
	struct tv *affs = tv_set(data, "affiliations", tv_list());
	struct tv *papers = tv_set(data, "papers", tv_list());
	person_papers(s, i, affs, papers);
	if (s->base_url) {
		char *u = xasprintf("%sauthors/%s/", s->base_url, hp.slug);
		tv_set_str(data, "canonical", u);
		free(u);
	}
	char *rel = xasprintf("authors/%s/", hp.slug);
	int r = html_out_mkdir(&s->out, rel); /* each person's folder is new */
	free(rel);
	rel = xasprintf("authors/%s/index.html", hp.slug);
	r |= html_page_write(s, s->author, data, rel);
	free(rel);
	html_person_close(&hp);
	return r;
}

int html_write_authors(struct html_site *s)
{
	int r = write_index(s);
	return r | html_for_each(s, s->people.n, write_person);
}
