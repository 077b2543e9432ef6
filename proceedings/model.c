#include "model.h"

#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#include "paper_store.h"
#include "resolve.h"
#include "util.h"

const struct mtext_entry *mtext_find(const struct mtext *t, const char *lang, const char *doc_lang)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *l = t->v[i].lang ? t->v[i].lang : doc_lang;
		if (l && lang && strcmp(l, lang) == 0)
			return &t->v[i];
	}
	return NULL;
}

const char *mtext_get(const struct mtext *t, const char *lang)
{
	if (!t || t->n == 0)
		return NULL;
	for (size_t i = 0; i < t->n && lang; i++)
		if (t->v[i].lang && strcmp(t->v[i].lang, lang) == 0)
			return t->v[i].text;
	for (size_t i = 0; i < t->n; i++)
		if (!t->v[i].lang)
			return t->v[i].text;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].lang, "en") == 0)
			return t->v[i].text;
	return t->v[0].text;
}

bool mtext_empty(const struct mtext *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].text[0])
			return false;
	return true;
}

void mtext_free(struct mtext *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].lang);
		free(t->v[i].text);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static void mlist_free(struct mlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		mtext_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void layout_policy_defaults(struct layout_policy *l)
{
	l->paper = xstrdup("a4");
	l->columns = 1;
	l->font_serif = xstrdup("DejaVu Serif");
	l->font_sans = xstrdup("DejaVu Sans");
	l->font_mono = xstrdup("DejaVu Sans Mono");
	l->font_hangul = xstrdup("NanumMyeongjo");
	l->font_hangul_sans = xstrdup("NanumGothic");
	l->recto_start = true;
	l->citation_style = xstrdup("numeric");
}

static void layout_policy_free(struct layout_policy *l)
{
	free(l->paper);
	free(l->font_serif);
	free(l->font_sans);
	free(l->font_mono);
	free(l->font_hangul);
	free(l->font_hangul_sans);
	free(l->citation_style);
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void person_free(struct person *p)
{
	mtext_free(&p->name);
	mtext_free(&p->given);
	mtext_free(&p->family);
	mtext_free(&p->affiliation);
	free(p->orcid);
	free(p->email);
	for (size_t i = 0; i < p->naff; i++)
		free(p->aff_index[i]);
	free(p->aff_index);
	free(p->aff_pos);
}

void markdown_free(struct markdown *m)
{
	if (m->doc)
		cmark_node_free(m->doc);
	free(m->path);
	free(m->dir);
	free(m->text);
	memset(m, 0, sizeof *m);
}

void paper_free(struct paper *p)
{
	if (!p)
		return;
	free(p->id);
	free(p->dir);
	free(p->path);
	mtext_free(&p->title);
	mtext_free(&p->subtitle);
	mtext_free(&p->short_title);
	for (size_t i = 0; i < p->nauthors; i++)
		person_free(&p->authors[i]);
	free(p->authors);
	for (size_t i = 0; i < p->naffiliations; i++) {
		free(p->affiliations[i].index);
		mtext_free(&p->affiliations[i].name);
		free(p->affiliations[i].ror);
	}
	free(p->affiliations);
	mlist_free(&p->keywords);
	mtext_free(&p->abstract);
	free(p->lang);
	free(p->date);
	free(p->bibliography);
	free(p->license);
	free(p->doi);
	free(p->repository);
	resolve_free(p->refs); /* it points into the tree */
	markdown_free(&p->body);
	free(p);
}

/* Copy s (or keep NULL) to *at, moving *at past it. */
static char *put_name(char **at, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *out = memcpy(*at, s, n);
	*at += n;
	return out;
}

struct paper_stub *paper_stub_new(struct paper *p)
{
	size_t n = 0;
	const char *names[] = {p->id, p->dir, p->path};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		n += names[i] ? strlen(names[i]) + 1 : 0;
	struct paper_stub *s = xcalloc(1, sizeof *s + n);
	char *at = s->names;
	s->id = put_name(&at, p->id);
	s->dir = put_name(&at, p->dir);
	s->path = put_name(&at, p->path);
	s->whole = p;
	s->session = -1;
	s->nauthors = (uint32_t)p->nauthors;
	return s;
}

void paper_stub_free(struct paper_stub *s)
{
	if (!s)
		return;
	paper_free(s->whole);
	free(s);
}

size_t vol_nauthors(const struct volume *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->npapers; i++)
		n += v->papers[i]->nauthors;
	return n;
}

void volume_free(struct volume *v)
{
	if (!v)
		return;
	free(v->dir);
	free(v->path);
	free(v->id);
	mtext_free(&v->title);
	mtext_free(&v->subtitle);
	mtext_free(&v->short_title);
	mtext_free(&v->series);
	mtext_free(&v->location);
	mtext_free(&v->publisher);
	free(v->number);
	free(v->date);
	strv_free(v->languages, v->nlanguages);
	free(v->isbn);
	free(v->issn);
	free(v->doi_prefix);
	free(v->license);
	free(v->url);
	strv_free(v->unreadable, v->nunreadable);
	for (size_t i = 0; i < v->neditors; i++)
		person_free(&v->editors[i]);
	free(v->editors);
	for (size_t i = 0; i < v->nfront; i++)
		markdown_free(&v->front[i]);
	free(v->front);
	for (size_t i = 0; i < v->ncommittees; i++) {
		mtext_free(&v->committees[i].title);
		for (size_t j = 0; j < v->committees[i].nmembers; j++)
			person_free(&v->committees[i].members[j]);
		free(v->committees[i].members);
	}
	free(v->committees);
	for (size_t i = 0; i < v->nsessions; i++) {
		struct session *s = &v->sessions[i];
		free(s->id);
		mtext_free(&s->title);
		free(s->time);
		mtext_free(&s->place);
		strv_free(s->paper_ids, s->npapers);
		free(s->paper_pos);
	}
	free(v->sessions);
	layout_policy_free(&v->layout);
	strv_free(v->policy.translations, v->policy.ntranslations);
	strv_free(v->policy.required, v->policy.nrequired);
	for (size_t i = 0; i < v->npapers; i++)
		paper_stub_free(v->papers[i]);
	free(v->papers);
	paper_store_free(v->store);
	free(v);
}
