#include "check.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "mdcheck.h"
#include "pathcheck.h"
#include "people.h"
#include "strmap.h"
#include "text.h"
#include "util.h"

static bool policy_requires(const struct volume *vol, const char *field)
{
	for (size_t i = 0; i < vol->policy.nrequired; i++)
		if (strcmp(vol->policy.required[i], field) == 0)
			return true;
	return false;
}

static void check_required(const struct volume *vol, const struct paper *p, struct diag_list *d)
{
	const struct srcpos *fm = &p->fm_pos;
	struct {
		const char *field;
		bool missing;
	} fields[] = {
		/* A key that is present but unusable was reported where it stands. */
		{"title", mtext_empty(&p->title) && !p->title_pos.line},
		{"subtitle", mtext_empty(&p->subtitle)},
		{"authors", p->nauthors == 0},
		{"affiliations", p->naffiliations == 0},
		{"abstract", mtext_empty(&p->abstract) && !p->abstract_pos.line},
		{"keywords", p->keywords.n == 0},
		{"date", !p->date || !*p->date},
		{"bibliography", !p->bibliography || !*p->bibliography},
		{"license", !p->license || !*p->license},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i].missing && policy_requires(vol, fields[i].field))
			diag_at(d, R_REQUIRED, fm, "the front matter has no '%s'", fields[i].field);
	bool need_orcid = policy_requires(vol, "orcid"), need_email = policy_requires(vol, "email");
	bool any_email = false;
	for (size_t i = 0; i < p->nauthors; i++) {
		const struct person *a = &p->authors[i];
		if (mtext_empty(&a->name))
			diag_at(d, R_AUTHOR_NAME, &a->pos, "author %zu has no name", i + 1);
		if (need_orcid && !a->orcid && !a->orcid_pos.line)
			diag_at(d, R_REQUIRED, &a->pos, "author '%s' has no 'orcid'",
				mtext_get(&a->name, "en") ? mtext_get(&a->name, "en") : "");
		any_email |= a->email && *a->email;
	}
	if (need_email && p->nauthors && !any_email)
		diag_at(d, R_REQUIRED, &p->authors[0].pos, "no author has an 'email' for correspondence");
}

static void check_affiliations(const struct paper *p, struct diag_list *d)
{
	bool *used = xcalloc(p->naffiliations + 1, sizeof *used);
	for (size_t i = 0; i < p->naffiliations; i++) {
		const struct affiliation *af = &p->affiliations[i];
		if (!af->index) {
			diag_at(d, R_AFF_UNDEFINED, &af->pos, "affiliation has no 'index'");
			continue;
		}
		if (mtext_empty(&af->name))
			diag_at(d, R_REQUIRED, &af->pos, "affiliation %s has no name", af->index);
		for (size_t j = 0; j < i; j++)
			if (p->affiliations[j].index && strcmp(p->affiliations[j].index, af->index) == 0)
				diag_at(d, R_AFF_DUP, &af->pos, "affiliation index %s is used twice (first on line %d)",
					af->index, p->affiliations[j].pos.line);
	}
	for (size_t i = 0; i < p->nauthors; i++) {
		const struct person *a = &p->authors[i];
		for (size_t k = 0; k < a->naff; k++) {
			bool found = false;
			for (size_t j = 0; j < p->naffiliations; j++) {
				if (p->affiliations[j].index && strcmp(p->affiliations[j].index, a->aff_index[k]) == 0) {
					used[j] = true;
					found = true;
				}
			}
			if (!found)
				diag_at(d, R_AFF_UNDEFINED, &a->aff_pos[k],
					"affiliation %s is not listed under 'affiliations'", a->aff_index[k]);
		}
	}
	for (size_t j = 0; j < p->naffiliations; j++)
		if (!used[j] && p->affiliations[j].index)
			diag_at(d, R_AFF_UNUSED, &p->affiliations[j].pos,
				"affiliation %s is not used by any author", p->affiliations[j].index);
	free(used);
}

static void check_translations(const struct volume *vol, const struct paper *p, struct diag_list *d)
{
	for (size_t i = 0; i < vol->policy.ntranslations; i++) {
		const char *lang = vol->policy.translations[i];
		if (strcmp(p->lang, lang) == 0)
			continue;
		const struct srcpos *tpos = p->title_pos.line ? &p->title_pos : &p->fm_pos;
		if (!mtext_empty(&p->title) && !mtext_find(&p->title, lang, p->lang))
			diag_at(d, R_TRANSLATION, tpos, "the paper is in '%s' but has no '%s' title",
				p->lang, lang);
		const struct srcpos *apos = p->abstract_pos.line ? &p->abstract_pos : &p->fm_pos;
		if (!mtext_empty(&p->abstract) && !mtext_find(&p->abstract, lang, p->lang))
			diag_at(d, R_TRANSLATION, apos, "the paper is in '%s' but has no '%s' abstract",
				p->lang, lang);
	}
}

static void check_abstract(const struct volume *vol, const struct paper *p, struct diag_list *d)
{
	int limit = vol->policy.abstract_words;
	if (limit <= 0)
		return;
	for (size_t i = 0; i < p->abstract.n; i++) {
		const struct mtext_entry *e = &p->abstract.v[i];
		size_t words = text_count_words(e->text);
		if (words > (size_t)limit)
			diag_at(d, R_ABSTRACT_WORDS, &e->pos, "the %s%sabstract has %zu words; the limit is %d",
				e->lang ? e->lang : "", e->lang ? " " : "", words, limit);
	}
}

void check_paper(const struct volume *vol, const struct paper *p, struct diag_list *d)
{
	if (p->front_matter_ok)
		check_required(vol, p, d);
	check_affiliations(p, d);
	check_translations(vol, p, d);
	check_abstract(vol, p, d);
	if (p->bibliography && *p->bibliography) {
		char *full = NULL;
		path_check(p->dir, p->bibliography, &p->bib_pos, "bibliography", d, &full);
		free(full);
	}
	mdcheck_footnotes(&p->body, d);
	mdcheck_nodes(&p->body, d);
}

static void check_sessions(const struct volume *vol, struct diag_list *d)
{
	struct strmap papers, listed;
	strmap_init(&papers);
	strmap_init(&listed);
	for (size_t i = 0; i < vol->npapers; i++)
		strmap_put(&papers, vol->papers[i]->id, i);
	/* A paper.md that exists but could not be read has its own error
	 * already; the session adds no second one. */
	for (size_t i = 0; i < vol->nunreadable; i++)
		strmap_put(&papers, vol->unreadable[i], SIZE_MAX);
	/* Every listing, in order: the second listing of a paper points back at
	 * the first. */
	for (size_t s = 0; s < vol->nsessions; s++) {
		const struct session *ss = &vol->sessions[s];
		for (size_t j = 0; j < ss->npapers; j++) {
			const char *id = ss->paper_ids[j];
			if (!strmap_get(&papers, id, NULL))
				diag_at(d, R_SESSION_UNKNOWN, &ss->paper_pos[j],
					"session lists paper '%s', but papers/%s/paper.md does not exist", id, id);
			size_t first;
			if (strmap_get(&listed, id, &first))
				diag_at(d, R_SESSION_TWICE, &ss->paper_pos[j], "paper '%s' is already listed on line %zu",
					id, first);
			else
				strmap_put(&listed, id, (size_t)ss->paper_pos[j].line);
		}
	}
	for (size_t i = 0; i < vol->npapers; i++)
		if (vol->papers[i]->session < 0 && vol->nsessions > 0)
			diag_at(d, R_UNSCHEDULED, &vol->sessions_pos, "paper '%s' is in no session",
				vol->papers[i]->id);
	strmap_free(&papers);
	strmap_free(&listed);
}

static void check_volume_fields(const struct volume *vol, struct diag_list *d)
{
	struct srcpos top = {vol->path, 1, 1};
	if (!vol->id)
		diag_at(d, R_REQUIRED, &top, "volume.yaml has no 'id'");
	if (mtext_empty(&vol->title))
		diag_at(d, R_REQUIRED, &top, "volume.yaml has no 'title'");
	if (!vol->date)
		diag_at(d, R_REQUIRED, &top, "volume.yaml has no 'date'");
	if (vol->neditors == 0)
		diag_at(d, R_REQUIRED, &top, "volume.yaml lists no 'editors'");
	if (vol->npapers == 0)
		diag_report(d, R_NO_PAPERS, vol->dir, 0, 0, "the volume has no papers/<id>/paper.md");
}

void check_volume_meta(const struct volume *vol, struct diag_list *d)
{
	check_volume_fields(vol, d);
	check_sessions(vol, d);
	for (size_t i = 0; i < vol->nfront; i++) {
		mdcheck_footnotes(&vol->front[i], d);
		mdcheck_nodes(&vol->front[i], d);
	}
	/* One ORCID under several names, as the author index would merge them. */
	const struct volume *one[] = {vol};
	people_check_orcids(one, 1, vol->nlanguages ? vol->languages[0] : "en", d);
}

void check_volume(const struct volume *vol, struct diag_list *d)
{
	check_volume_meta(vol, d);
	for (size_t i = 0; i < vol->npapers; i++) {
		const struct paper *p = vol->papers[i]->whole;
		if (p && p->body.doc)
			check_paper(vol, p, d);
	}
}
