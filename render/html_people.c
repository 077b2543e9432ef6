/* The people of the archive: every paper author merged into one person as
 * the PDF's author index merges them (people_merge), sorted with ICU
 * collation and given an index letter and a URL slug.  Each person's
 * names go to a scratch log as they are made; memory keeps a few numbers
 * a person (about 40 bytes), and while they are merged and sorted, the
 * tables of the merge or a 16-byte sort entry each. */
#define _GNU_SOURCE /* qsort_r */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uiter.h>

#include "html_int.h"
#include "html_ui.h"
#include "proceedings/paper_store.h"
#include "proceedings/people.h"
#include "proceedings/strmap.h"
#include "proceedings/text.h"

/* The merge key of a person, the last tie-break of the index. */
static char *person_key(const struct person *a)
{
	if (a->orcid && *a->orcid)
		return xasprintf("orcid:%s", a->orcid);
	const char *n = mtext_get(&a->name, "en");
	char *f = people_fold_name(n ? n : "");
	char *k = xasprintf("name:%s", f);
	free(f);
	return k;
}

/* ---- a person's record in the log: the lengths of its seven strings
 * (NO_TEXT for none), then the strings, each with its NUL ---- */

enum { NFIELDS = 7 };
#define NO_TEXT UINT32_MAX

struct person_text {
	const char *v[NFIELDS]; /* key, slug, name, alt_name, alt_lang, sort, orcid */
};

static void record_put(struct scratch_log *log, const struct person_text *t, int64_t *at, uint32_t *len)
{
	uint32_t n[NFIELDS];
	size_t total = sizeof n;
	for (int i = 0; i < NFIELDS; i++) {
		n[i] = t->v[i] ? (uint32_t)strlen(t->v[i]) : NO_TEXT;
		total += t->v[i] ? n[i] + 1 : 0;
	}
	*at = scratch_log_add(log, n, sizeof n);
	for (int i = 0; i < NFIELDS; i++)
		if (t->v[i])
			scratch_log_add(log, t->v[i], n[i] + 1);
	*len = (uint32_t)total;
}

static void record_open(const struct html_people *pp, const struct html_person_at *at, struct html_person *hp)
{
	char *block = xmalloc(at->len);
	scratch_log_get(&pp->log, at->rec, block, at->len);
	uint32_t n[NFIELDS];
	memcpy(n, block, sizeof n);
	const char *v[NFIELDS];
	size_t off = sizeof n;
	for (int k = 0; k < NFIELDS; k++) {
		v[k] = n[k] == NO_TEXT ? NULL : block + off;
		off += n[k] == NO_TEXT ? 0 : n[k] + 1;
	}
	*hp = (struct html_person){v[0], v[1], v[2], v[3], v[4], v[5], v[6], at->npapers, block};
}

void html_person_open(const struct html_site *s, size_t i, struct html_person *hp)
{
	record_open(&s->people, &s->people.v[i], hp);
}

void html_person_close(struct html_person *hp)
{
	free(hp->block);
	hp->block = NULL;
}

/* ---- merging ---- */

/* What the merge keeps of a person: their first author entry, which gives
 * the key and the iD, and the entry that gives their names: the first, or
 * the first to name them in the site language. */
struct merged_person {
	uint32_t first, best;
	bool site_named;
};

struct site_merge {
	struct html_site *s;
	struct people_merger *m;
	struct merged_person *v;
	size_t n, cap;
	uint32_t *person;  /* per slot (author of every paper): merge number, or UINT32_MAX */
	size_t nslots, capslots;
	uint32_t *order;   /* the slots in the order they were merged */
	size_t norder, caporder;
	int pass;          /* 0: ORCID holders, 1: the others */
	size_t paper;      /* the paper being merged, counted across the volumes */
};

/* Author entry ai of paper p joins its person. */
static void add_entry(struct site_merge *mk, const struct paper *p, size_t ai, uint32_t slot)
{
	const struct person *a = &p->authors[ai];
	size_t g = people_merger_add(mk->m, a);
	mk->person[slot] = (uint32_t)g;
	mk->order = xgrow(mk->order, &mk->caporder, mk->norder + 1, sizeof *mk->order);
	mk->order[mk->norder++] = slot;
	bool named = mtext_find(&a->name, mk->s->lang, p->lang) != NULL;
	if (g == mk->n) {
		mk->v = xgrow(mk->v, &mk->cap, mk->n + 1, sizeof *mk->v);
		mk->v[mk->n++] = (struct merged_person){slot, slot, named};
	} else if (!mk->v[g].site_named && named) {
		mk->v[g].best = slot;
		mk->v[g].site_named = true;
	}
}

/* One paper's authors in pass mk->pass; in the first pass every
 * author, named or not, gets a slot. */
static void merge_paper(void *ctx, size_t vi, size_t pi, const struct paper *p)
{
	(void)vi;
	(void)pi;
	struct site_merge *mk = ctx;
	uint32_t *first = mk->s->people.first;
	if (mk->pass == 0) {
		first[mk->paper] = (uint32_t)mk->nslots;
		mk->person = xgrow(mk->person, &mk->capslots, mk->nslots + p->nauthors + 1, sizeof *mk->person);
		for (size_t ai = 0; ai < p->nauthors; ai++)
			mk->person[mk->nslots + ai] = UINT32_MAX;
		mk->nslots += p->nauthors;
		first[mk->paper + 1] = (uint32_t)mk->nslots;
	}
	uint32_t slot = first[mk->paper++];
	for (size_t ai = 0; ai < p->nauthors; ai++) {
		const struct person *a = &p->authors[ai];
		bool has_orcid = a->orcid && *a->orcid;
		if (!mtext_empty(&a->name) && (mk->pass == 0) == has_orcid)
			add_entry(mk, p, ai, slot + (uint32_t)ai);
	}
}

/* Every named author entry, in archive order, merged by the rule the
 * PDF's author index uses (people_merge): ORCID holders in a first pass
 * over the papers, everyone else in a second. */
static void merge_all(struct site_merge *mk)
{
	struct html_site *s = mk->s;
	const struct volume **vols = xcalloc(s->nvols + 1, sizeof *vols);
	for (size_t i = 0; i < s->nvols; i++)
		vols[i] = s->vols[i].v;
	for (mk->pass = 0; mk->pass < 2; mk->pass++) {
		mk->paper = 0;
		paper_meta_each(vols, s->nvols, merge_paper, mk);
	}
	free(vols);
}

/* ---- where an author entry is ---- */

static size_t paper_of_slot(const struct html_people *pp, uint32_t slot)
{
	size_t lo = 0, hi = pp->archive_papers; /* first[lo] <= slot < first[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (pp->first[mid] <= slot)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void locate(const struct html_site *s, uint32_t slot, size_t *vol, size_t *paper, size_t *author)
{
	size_t gp = paper_of_slot(&s->people, slot);
	*author = slot - s->people.first[gp];
	size_t vi = 0;
	while (gp >= s->vols[vi].v->npapers)
		gp -= s->vols[vi++].v->npapers;
	*vol = vi;
	*paper = gp;
}

/* The paper an entry is on, kept open while the next entry asked for is
 * on it too (a person's first and best entries often are). */
struct open_paper {
	const struct html_site *s;
	const struct volume *v;
	const struct paper_stub *stub;
	const struct paper *m;
	size_t vol, paper, author;
};

static const struct person *open_entry(struct open_paper *o, uint32_t slot)
{
	size_t vi, pi;
	locate(o->s, slot, &vi, &pi, &o->author);
	if (!o->m || vi != o->vol || pi != o->paper) {
		if (o->m)
			paper_meta_close(o->stub, o->m);
		o->vol = vi;
		o->paper = pi;
		o->v = o->s->vols[vi].v;
		o->stub = o->v->papers[pi];
		o->m = paper_meta_open(o->v, o->stub);
	}
	return &o->m->authors[o->author];
}

static void close_entry(struct open_paper *o)
{
	if (o->m)
		paper_meta_close(o->stub, o->m);
	o->m = NULL;
}

/* ---- names ---- */

static uint32_t intern_group(struct html_people *pp, char *g)
{
	for (size_t i = 0; i < pp->ngroups; i++)
		if (strcmp(pp->groups[i], g) == 0) {
			free(g);
			return (uint32_t)i;
		}
	pp->groups = xrealloc(pp->groups, (pp->ngroups + 1) * sizeof *pp->groups);
	pp->groups[pp->ngroups] = g;
	return (uint32_t)pp->ngroups++;
}

/* ---- index order.  ICU sort keys cut to a fixed prefix put most people
 * in place at 16 bytes each; people whose prefixes are equal (often the
 * same name) are ordered by their full names, read back from the log.
 * The order is the full one: collation, then the bytes of the name, then
 * the key, then the order of merging. ---- */

enum { PREFIX = 12 };

struct sort_entry {
	uint8_t prefix[PREFIX];
	uint32_t number; /* as merged */
};

/* The first bytes of `sort`'s collation key: comparing them as bytes
 * orders as the collator does, as far as they go. */
static void sort_prefix(UCollator *coll, const char *sort, uint8_t *out)
{
	memset(out, 0, PREFIX);
	if (!coll) {
		size_t n = strlen(sort);
		memcpy(out, sort, n < PREFIX ? n : PREFIX);
		return;
	}
	UCharIterator it;
	uiter_setUTF8(&it, sort, -1);
	uint32_t state[2] = {0, 0};
	UErrorCode st = U_ZERO_ERROR;
	ucol_nextSortKeyPart(coll, &it, state, out, PREFIX, &st);
	if (U_FAILURE(st))
		memset(out, 0, PREFIX);
}

static int cmp_prefix(const void *a, const void *b)
{
	const struct sort_entry *x = a, *y = b;
	int c = memcmp(x->prefix, y->prefix, PREFIX);
	return c ? c : (x->number > y->number) - (x->number < y->number);
}

/* A person of a run of equal prefixes, names read back. */
struct full_entry {
	struct html_person hp;
	uint32_t number;
};

static int cmp_full(const void *a, const void *b, void *ctx)
{
	UCollator *coll = ctx;
	const struct full_entry *x = a, *y = b;
	UErrorCode st = U_ZERO_ERROR;
	int c = coll ? ucol_strcollUTF8(coll, x->hp.sort, -1, y->hp.sort, -1, &st) : 0;
	if (c == 0 || U_FAILURE(st))
		c = strcmp(x->hp.sort, y->hp.sort);
	if (c == 0)
		c = strcmp(x->hp.key, y->hp.key);
	return c ? c : (x->number > y->number) - (x->number < y->number);
}

/* Sort v[0..n) of people numbered by merge, whose records are pp->v[number]. */
static void sort_people(const struct html_people *pp, struct sort_entry *v, size_t n, UCollator *coll)
{
	qsort(v, n, sizeof *v, cmp_prefix);
	for (size_t i = 0; i < n;) {
		size_t end = i + 1;
		while (end < n && memcmp(v[end].prefix, v[i].prefix, PREFIX) == 0)
			end++;
		if (end - i > 1) {
			struct full_entry *run = xcalloc(end - i, sizeof *run);
			for (size_t k = i; k < end; k++) {
				record_open(pp, &pp->v[v[k].number], &run[k - i].hp);
				run[k - i].number = v[k].number;
			}
			qsort_r(run, end - i, sizeof *run, cmp_full, coll);
			for (size_t k = i; k < end; k++) {
				v[k].number = run[k - i].number;
				html_person_close(&run[k - i].hp);
			}
			free(run);
		}
		i = end;
	}
}

/* pp->v into index order, in place: v says which person comes where;
 * place[number] becomes their index. */
static void put_in_order(struct html_people *pp, struct sort_entry *v, uint32_t *place)
{
	size_t n = pp->n;
	for (size_t i = 0; i < n; i++)
		place[v[i].number] = (uint32_t)i;
	/* Follow each cycle of the permutation once; a placed entry's number
	 * becomes UINT32_MAX. */
	for (size_t i = 0; i < n; i++) {
		if (v[i].number == UINT32_MAX)
			continue;
		struct html_person_at first = pp->v[i];
		size_t j = i;
		for (;;) {
			uint32_t from = v[j].number;
			v[j].number = UINT32_MAX;
			if (from == i) {
				pp->v[j] = first;
				break;
			}
			pp->v[j] = pp->v[from];
			j = from;
		}
	}
}

/* Person g's record, written to the log: the key and iD from their first
 * entry; the names from their best one, in the site language, with the
 * other language's name beside them. */
static void make_record(struct html_people *pp, struct html_naming *nm, struct open_paper *o,
			const struct merged_person *mp, struct sort_entry *se, UCollator *coll, uint32_t g)
{
	const struct person *a = open_entry(o, mp->first);
	char *key = person_key(a);
	char *orcid = a->orcid && *a->orcid ? xstrdup(a->orcid) : NULL;
	const struct person *best = open_entry(o, mp->best);
	struct html_person_names pn;
	html_name_person(nm, best, o->m->lang, &pn);
	struct person_text t = {{key, pn.slug, pn.name, pn.alt_name, pn.alt_lang, pn.sort, orcid}};
	struct html_person_at *at = &pp->v[g];
	record_put(&pp->log, &t, &at->rec, &at->len);
	at->group = intern_group(pp, pn.group);
	pn.group = NULL; /* the group list keeps it */
	sort_prefix(coll, pn.sort, se->prefix);
	se->number = g;
	html_person_names_free(&pn);
	free(key);
	free(orcid);
}

/* ---- unique slugs: in index order, a clash gets -2, -3... ---- */

struct slug_set {
	const char **at; /* NULL: an empty slot */
	size_t cap;
};

static bool slug_taken(const struct slug_set *set, const char *slug)
{
	for (size_t i = (size_t)str_hash(slug) & (set->cap - 1); set->at[i]; i = (i + 1) & (set->cap - 1))
		if (strcmp(set->at[i], slug) == 0)
			return true;
	return false;
}

static void slug_take(struct slug_set *set, const char *slug)
{
	size_t i = (size_t)str_hash(slug) & (set->cap - 1);
	while (set->at[i])
		i = (i + 1) & (set->cap - 1);
	set->at[i] = slug;
}

/* Person i (index order) gets `slug` instead of the one their record has. */
static void record_reslug(struct html_site *s, size_t i, const char *slug)
{
	struct html_person hp;
	html_person_open(s, i, &hp);
	struct person_text t = {{hp.key, slug, hp.name, hp.alt_name, hp.alt_lang, hp.sort, hp.orcid}};
	record_put(&s->people.log, &t, &s->people.v[i].rec, &s->people.v[i].len);
	html_person_close(&hp);
}

static void unique_slugs(struct html_site *s)
{
	size_t n = s->people.n;
	/* One slug a person and "index", at most half full. */
	struct slug_set set = {NULL, 16};
	while (set.cap < 2 * (n + 1))
		set.cap *= 2;
	set.at = xcalloc(set.cap, sizeof *set.at);
	struct str_pool pool = {0};
	/* A slug that clashed: the suffix to try next.  Every smaller one is
	 * taken already, so a name shared by a hundred people costs a hundred
	 * tries, not five thousand. */
	struct strmap next_suffix;
	strmap_init(&next_suffix);
	slug_take(&set, "index");
	for (size_t i = 0; i < n; i++) {
		struct html_person hp;
		html_person_open(s, i, &hp);
		const char *slug = pool_add(&pool, hp.slug);
		html_person_close(&hp);
		if (!slug_taken(&set, slug)) {
			slug_take(&set, slug);
			continue;
		}
		size_t k = 2;
		strmap_get(&next_suffix, slug, &k);
		char *next = NULL;
		for (; !next || slug_taken(&set, next); k++) {
			free(next);
			next = xasprintf("%s-%zu", slug, k);
		}
		strmap_put(&next_suffix, slug, k);
		const char *unique = pool_add(&pool, next);
		free(next);
		slug_take(&set, unique);
		record_reslug(s, i, unique);
	}
	strmap_free(&next_suffix);
	free(set.at);
	pool_free(&pool);
}

/* ---- each person's entries, grouped by person in index order ---- */

static void group_entries(struct html_site *s, struct site_merge *mk, const uint32_t *place)
{
	struct html_people *pp = &s->people;
	for (size_t i = 0; i < mk->nslots; i++)
		if (mk->person[i] != UINT32_MAX)
			mk->person[i] = place[mk->person[i]];
	/* Count, then fill in merge order. */
	for (size_t k = 0; k < mk->norder; k++)
		pp->v[mk->person[mk->order[k]] + 1].first_entry++;
	for (size_t i = 0; i < pp->n; i++)
		pp->v[i + 1].first_entry += pp->v[i].first_entry;
	uint32_t *fill = xcalloc(pp->n + 1, sizeof *fill);
	pp->entry = xcalloc(mk->norder + 1, sizeof *pp->entry);
	for (size_t k = 0; k < mk->norder; k++) {
		uint32_t i = mk->person[mk->order[k]];
		pp->entry[pp->v[i].first_entry + fill[i]++] = mk->order[k];
	}
	free(fill);
	pp->person = mk->person;
	for (size_t i = 0; i < pp->n; i++)
		for (size_t k = 0; k < html_person_entries(s, i); k++)
			pp->v[i].npapers += html_person_entry_lists_paper(s, i, k);
}

void html_people_build(struct html_site *s)
{
	struct html_people *pp = &s->people;
	scratch_log_init(&pp->log, "people");
	/* Every table sized once from the stubs' author counts: tables grown
	 * by doubling would leave their smaller copies in the allocator. */
	size_t slots = 0;
	for (size_t vi = 0; vi < s->nvols; vi++) {
		pp->archive_papers += s->vols[vi].v->npapers;
		slots += vol_nauthors(s->vols[vi].v);
	}
	pp->first = xcalloc(pp->archive_papers + 1, sizeof *pp->first);
	struct site_merge mk = {.s = s, .m = people_merger_new(slots)};
	mk.cap = mk.capslots = mk.caporder = slots + 1;
	mk.v = xcalloc(mk.cap, sizeof *mk.v);
	mk.person = xcalloc(mk.capslots, sizeof *mk.person);
	mk.order = xcalloc(mk.caporder, sizeof *mk.order);
	merge_all(&mk);
	people_merger_free(mk.m);
	mem_release(); /* the merge's indexes, before the records and slugs take their own */

	size_t n = mk.n;
	pp->n = n;
	pp->v = xcalloc(n + 1, sizeof *pp->v);
	UErrorCode st = U_ZERO_ERROR;
	struct html_naming *nm = html_naming_new(s->lang);
	UCollator *coll = ucol_open(html_naming_locale(s->lang), &st);
	if (U_FAILURE(st))
		coll = NULL;
	struct sort_entry *order = xcalloc(n + 1, sizeof *order);
	struct open_paper o = {.s = s};
	for (uint32_t g = 0; g < n; g++)
		make_record(pp, nm, &o, &mk.v[g], &order[g], coll, g);
	close_entry(&o);
	free(mk.v);
	html_naming_free(nm);
	sort_people(pp, order, n, coll);
	if (coll)
		ucol_close(coll);
	uint32_t *place = xcalloc(n + 1, sizeof *place);
	put_in_order(pp, order, place);
	free(order);
	unique_slugs(s);
	group_entries(s, &mk, place);
	free(place);
	free(mk.order);
}

size_t html_people_find(const struct html_site *s, size_t vol, size_t paper, size_t author)
{
	const struct html_people *pp = &s->people;
	if (!pp->first)
		return SIZE_MAX;
	for (size_t i = 0; i < vol; i++)
		paper += s->vols[i].v->npapers;
	if (author >= pp->first[paper + 1] - pp->first[paper])
		return SIZE_MAX;
	uint32_t i = pp->person[pp->first[paper] + author];
	return i == UINT32_MAX ? SIZE_MAX : i;
}

bool html_person_entry_lists_paper(const struct html_site *s, size_t i, size_t k)
{
	const struct html_people *pp = &s->people;
	const uint32_t *e = pp->entry + pp->v[i].first_entry;
	size_t paper = paper_of_slot(pp, e[k]);
	for (size_t j = 0; j < k; j++)
		if (paper_of_slot(pp, e[j]) == paper)
			return false;
	return true;
}

size_t html_person_entries(const struct html_site *s, size_t i)
{
	return s->people.v[i + 1].first_entry - s->people.v[i].first_entry;
}

void html_person_entry(const struct html_site *s, size_t i, size_t k, size_t *vol, size_t *paper,
		       size_t *author)
{
	locate(s, s->people.entry[s->people.v[i].first_entry + k], vol, paper, author);
}

void html_people_free(struct html_people *pp)
{
	free(pp->v);
	free(pp->entry);
	for (size_t i = 0; i < pp->ngroups; i++)
		free(pp->groups[i]);
	free(pp->groups);
	free(pp->first);
	free(pp->person);
	scratch_log_free(&pp->log);
	memset(pp, 0, sizeof *pp);
}
