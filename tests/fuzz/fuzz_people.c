/* libFuzzer target: the merge of people (people_merge), against a plain
 * model of its rule written with arrays of strings.  Input: one author
 * entry a line, "name" or "name|iD"; a name may carry a second spelling
 * after a tab (another language's).  The merge keeps its names and iDs in
 * a scratch log behind hashed indexes, its buffer made small here so that
 * most of the log is read back from its file; the model keeps everything
 * in memory and searches linearly, so any difference is a bug in the log
 * or the indexes. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/people.h"
#include "proceedings/scratch.h"
#include "proceedings/util.h"

/* ---- the model ---- */

struct model_person {
	char **names;
	size_t n;
	const char *orcid;
};

struct model {
	struct model_person *p;
	size_t n;
	/* a key (name or iD) and the first person it was given for */
	struct first {
		const char *key;
		size_t who;
	} *by_orcid, *by_name;
	size_t norcid, nname;
};

static size_t first_of(const struct first *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return v[i].who;
	return SIZE_MAX;
}

static bool has_name(const struct model_person *p, const char *f)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->names[i], f) == 0)
			return true;
	return false;
}

static size_t model_add(struct model *m, const struct person *a)
{
	bool has_orcid = a->orcid && *a->orcid;
	size_t nf;
	char **f = people_fold_names(a, &nf);
	size_t hit = SIZE_MAX, j;
	if (has_orcid && (j = first_of(m->by_orcid, m->norcid, a->orcid)) != SIZE_MAX) {
		bool ok = nf == 0;
		for (size_t i = 0; i < nf && !ok; i++)
			for (size_t k = 0; k < m->p[j].n && !ok; k++)
				ok = people_names_compatible(m->p[j].names[k], f[i]);
		if (ok)
			hit = j;
	}
	for (size_t k = 0; k < nf && hit == SIZE_MAX; k++)
		if ((j = first_of(m->by_name, m->nname, f[k])) != SIZE_MAX &&
		    (!has_orcid || (m->p[j].orcid && strcmp(m->p[j].orcid, a->orcid) == 0)))
			hit = j;
	if (hit == SIZE_MAX) {
		if (has_orcid && first_of(m->by_orcid, m->norcid, a->orcid) == SIZE_MAX) {
			m->by_orcid = xrealloc(m->by_orcid, (m->norcid + 1) * sizeof *m->by_orcid);
			m->by_orcid[m->norcid++] = (struct first){a->orcid, m->n};
		}
		m->p = xrealloc(m->p, (m->n + 1) * sizeof *m->p);
		m->p[m->n] = (struct model_person){NULL, 0, has_orcid ? a->orcid : NULL};
		hit = m->n++;
	}
	struct model_person *p = &m->p[hit];
	for (size_t k = 0; k < nf; k++) {
		if (has_name(p, f[k])) {
			free(f[k]);
			continue;
		}
		if (first_of(m->by_name, m->nname, f[k]) == SIZE_MAX) {
			m->by_name = xrealloc(m->by_name, (m->nname + 1) * sizeof *m->by_name);
			m->by_name[m->nname++] = (struct first){f[k], hit};
		}
		p->names = xrealloc(p->names, (p->n + 1) * sizeof *p->names);
		p->names[p->n++] = f[k];
	}
	free(f);
	return hit;
}

static void model_free(struct model *m)
{
	for (size_t i = 0; i < m->n; i++) {
		for (size_t k = 0; k < m->p[i].n; k++)
			free(m->p[i].names[k]);
		free(m->p[i].names);
	}
	free(m->p);
	free(m->by_orcid);
	free(m->by_name);
}

/* ---- the input ---- */

static void add_name(struct mtext *t, const char *s, size_t n)
{
	t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
	t->v[t->n] = (struct mtext_entry){NULL, xstrndup(s, n), {"fuzz", 1, 1}};
	t->n++;
}

static struct person entry(const char *line, size_t len)
{
	struct person p = {0};
	const char *bar = memchr(line, '|', len);
	size_t names = bar ? (size_t)(bar - line) : len;
	const char *tab = memchr(line, '\t', names);
	add_name(&p.name, line, tab ? (size_t)(tab - line) : names);
	if (tab)
		add_name(&p.name, tab + 1, names - (size_t)(tab + 1 - line));
	if (bar)
		p.orcid = xstrndup(bar + 1, len - names - 1);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192 || memchr(data, 0, size))
		return 0;
	scratch_log_buffer = 100;
	const char *s = (const char *)data;
	size_t n = 0, cap = 0;
	struct person *v = NULL;
	for (size_t at = 0; at < size;) {
		const char *nl = memchr(s + at, '\n', size - at);
		size_t len = nl ? (size_t)(nl - (s + at)) : size - at;
		v = xgrow(v, &cap, n + 1, sizeof *v);
		v[n++] = entry(s + at, len);
		at += len + 1;
	}
	const struct person **who = xcalloc(n + 1, sizeof *who);
	size_t *group = xcalloc(n + 1, sizeof *group), *want = xcalloc(n + 1, sizeof *want);
	for (size_t i = 0; i < n; i++)
		who[i] = &v[i];
	size_t people = people_merge(who, n, group);
	struct model m = {0};
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if ((pass == 0) == (v[i].orcid && *v[i].orcid))
				want[i] = model_add(&m, &v[i]);
	if (people != m.n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (group[i] != want[i])
			abort();
	model_free(&m);
	for (size_t i = 0; i < n; i++)
		person_free(&v[i]);
	free(v);
	free(who);
	free(group);
	free(want);
	return 0;
}
