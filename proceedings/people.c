#define _GNU_SOURCE /* qsort_r */
#include "people.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucasemap.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "paper_store.h"
#include "key_index.h"
#include "text.h"
#include "util.h"

static bool is_hangul_syllable(unsigned c)
{
	return c >= 0xAC00 && c <= 0xD7A3;
}

static bool starts_hangul(const char *s)
{
	const char *p = s;
	return *p && is_hangul_syllable(text_next(&p));
}

char *people_group(const char *family)
{
	/* Hangul: the initial consonant, with doubled consonants under their
	 * single form as Korean dictionaries group them. */
	static const char *const initials[19] = {"ㄱ", "ㄱ", "ㄴ", "ㄷ", "ㄷ", "ㄹ", "ㅁ", "ㅂ", "ㅂ", "ㅅ",
						 "ㅅ", "ㅇ", "ㅈ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"};
	const char *p = family;
	while (*p == ' ' || *p == '\'' || *p == '"')
		p++;
	if (!*p)
		return xstrdup("#");
	const char *q = p;
	unsigned c = text_next(&q);
	if (is_hangul_syllable(c))
		return xstrdup(initials[(c - 0xAC00) / 588]);
	/* Latin and other letters: the base letter without accents, upper case. */
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
	UChar in[2], out[8];
	int32_t n = 0;
	U16_APPEND_UNSAFE(in, n, c);
	int32_t m = U_SUCCESS(err) ? unorm2_normalize(nfd, in, n, out, 8, &err) : 0;
	UChar32 base = c;
	if (U_SUCCESS(err) && m > 0)
		U16_GET_UNSAFE(out, 0, base);
	base = u_toupper(base);
	if (!u_isalpha(base))
		return xstrdup("#");
	char buf[8];
	int32_t blen = 0;
	UChar u[2];
	int32_t ulen = 0;
	U16_APPEND_UNSAFE(u, ulen, base);
	err = U_ZERO_ERROR;
	u_strToUTF8(buf, sizeof buf - 1, &blen, u, ulen, &err);
	buf[U_SUCCESS(err) ? blen : 0] = '\0';
	return xstrdup(buf[0] ? buf : "#");
}

/* Words that belong to the family name when they precede it ("van Vliet"). */
static bool is_particle(const char *w, size_t n)
{
	static const char *const particles[] = {"van", "von", "der", "den", "de", "del", "della", "di",
						"da", "du", "la", "le", "dos", "das", "ten", "ter", NULL};
	for (size_t i = 0; particles[i]; i++)
		if (strlen(particles[i]) == n && strncmp(particles[i], w, n) == 0)
			return true;
	return false;
}

/* Split a display name into family and given names.  Korean names are
 * family-first with no space ("김민준": 김 + 민준); others are given-first
 * with the family name last, particles included. */
void people_split_name(const char *name, char **family, char **given)
{
	if (starts_hangul(name) && !strchr(name, ' ')) {
		const char *p = name;
		text_next(&p);
		*family = xstrndup(name, (size_t)(p - name));
		*given = xstrdup(p);
		return;
	}
	const char *end = name + strlen(name);
	while (end > name && end[-1] == ' ')
		end--;
	const char *last = end;
	while (last > name && last[-1] != ' ')
		last--;
	/* Pull particles that precede the last word into the family name. */
	const char *fam = last;
	while (fam > name) {
		const char *w_end = fam - 1;
		while (w_end > name && w_end[-1] == ' ')
			w_end--;
		const char *w = w_end;
		while (w > name && w[-1] != ' ')
			w--;
		if (w == w_end || !is_particle(w, (size_t)(w_end - w)) || w == name)
			break;
		fam = w;
	}
	*family = xstrndup(fam, (size_t)(end - fam));
	const char *gend = fam;
	while (gend > name && gend[-1] == ' ')
		gend--;
	*given = xstrndup(name, (size_t)(gend - name));
}

/* Case-folded, space-collapsed name: two spellings that differ only so are
 * one person. */
static char *name_key(const char *name)
{
	struct strbuf b;
	sb_init(&b);
	bool space = false;
	for (const char *p = name; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '.') {
			space = b.len > 0;
			continue;
		}
		if (space)
			sb_addc(&b, ' ');
		space = false;
		sb_addc(&b, (char)tolower((unsigned char)*p));
	}
	return sb_steal(&b);
}

static char *slug_of(const char *orcid, const char *key)
{
	struct strbuf b;
	sb_init(&b);
	if (orcid) {
		sb_adds(&b, orcid);
		return sb_steal(&b);
	}
	/* ASCII letters and digits as they are, anything else as hex, so that
	 * Hangul names still give stable, distinct slugs. */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		if (isalnum(*p))
			sb_addc(&b, (char)*p);
		else if (*p == ' ' || *p == '-')
			sb_addc(&b, '-');
		else
			sb_printf(&b, "%02x", *p);
	}
	return sb_steal(&b);
}

char *people_family_first(const char *name, const char *family, const char *given)
{
	if (family && given)
		return xasprintf("%s, %s", family, given);
	char *f, *g;
	people_split_name(name, &f, &g);
	char *r = *g ? xasprintf("%s, %s", f, g) : xstrdup(f);
	free(f);
	free(g);
	return r;
}

static bool has_latin_letter(const char *s)
{
	for (; *s; s++)
		if (isalpha((unsigned char)*s))
			return true;
	return false;
}

/* Whether `word` (n bytes, no separators) is a word of `s`. */
static bool has_word(const char *s, const char *word, size_t n)
{
	for (const char *p = s; *p;) {
		size_t m = strcspn(p, " -");
		if (m == n && memcmp(p, word, n) == 0)
			return true;
		p += m;
		p += strspn(p, " -");
	}
	return false;
}

bool people_names_compatible(const char *a, const char *b)
{
	if (!has_latin_letter(a) || !has_latin_letter(b))
		return true;
	for (const char *p = a; *p;) {
		size_t m = strcspn(p, " -");
		if (m >= 2 && has_word(b, p, m))
			return true;
		p += m;
		p += strspn(p, " -");
	}
	return false;
}

/* Case-folded, white space collapsed, dots and commas dropped: "J. Smith"
 * and "j smith" are written the same way. */
char *people_fold_name(const char *s)
{
	UErrorCode st = U_ZERO_ERROR;
	UCaseMap *cm = ucasemap_open("", 0, &st);
	size_t cap = strlen(s) * 3 + 16;
	char *f = xmalloc(cap);
	int32_t n = U_SUCCESS(st) ? ucasemap_utf8FoldCase(cm, f, (int32_t)cap, s, -1, &st) : -1;
	ucasemap_close(cm);
	if (U_FAILURE(st) || n < 0)
		snprintf(f, cap, "%s", s);
	struct strbuf b;
	sb_init(&b);
	bool space = false;
	for (const char *p = f; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '.' || *p == ',') {
			space = true;
			continue;
		}
		if (space && b.len)
			sb_addc(&b, ' ');
		space = false;
		sb_addc(&b, *p);
	}
	free(f);
	return sb_steal(&b);
}

/* ---- the merge.  Names and iDs wait in a log; memory holds 16 bytes a
 * person and the two indexes (key_index.h), sized for every author entry
 * the caller expects. ---- */

/* A person while merging: their newest folded name, a chain through the
 * log, and their iD, or -1. */
struct merging {
	off_t names;
	off_t orcid;
};

struct people_merger {
	struct merging *person;
	size_t n, cap;
	struct key_index by_orcid, by_name;
	struct scratch_log log;
};

/* Whether person j was given the folded name. */
static bool merging_has(const struct people_merger *m, size_t j, const char *folded)
{
	for (off_t at = m->person[j].names; at >= 0;) {
		char *t = key_text_get(&m->log, at, &at);
		bool same = strcmp(t, folded) == 0;
		free(t);
		if (same)
			return true;
	}
	return false;
}

/* Whether any of person j's names can be one person's with any of f. */
static bool merging_compatible(const struct people_merger *m, size_t j, char *const *f, size_t nf)
{
	bool ok = nf == 0;
	for (off_t at = m->person[j].names; at >= 0 && !ok;) {
		char *t = key_text_get(&m->log, at, &at);
		for (size_t i = 0; i < nf && !ok; i++)
			ok = people_names_compatible(t, f[i]);
		free(t);
	}
	return ok;
}

static bool merging_orcid_is(const struct people_merger *m, size_t j, const char *orcid)
{
	return m->person[j].orcid >= 0 && key_text_equals(&m->log, m->person[j].orcid, orcid);
}

struct people_merger *people_merger_new(size_t expect)
{
	struct people_merger *m = xcalloc(1, sizeof *m);
	if (expect) {
		m->cap = expect;
		m->person = xcalloc(expect, sizeof *m->person);
		key_index_reserve(&m->by_orcid, expect);
		key_index_reserve(&m->by_name, expect);
	}
	scratch_log_init(&m->log, "people");
	return m;
}

void people_merger_free(struct people_merger *m)
{
	if (!m)
		return;
	free(m->person);
	key_index_free(&m->by_orcid);
	key_index_free(&m->by_name);
	scratch_log_free(&m->log);
	free(m);
}

char **people_fold_names(const struct person *a, size_t *n)
{
	char **f = xcalloc(a->name.n + 1, sizeof *f);
	*n = 0;
	for (size_t k = 0; k < a->name.n; k++) {
		char *x = people_fold_name(a->name.v[k].text);
		if (*x)
			f[(*n)++] = x;
		else
			free(x);
	}
	return f;
}

size_t people_merger_add(struct people_merger *m, const struct person *a)
{
	bool has_orcid = a->orcid && *a->orcid;
	size_t nf;
	char **f = people_fold_names(a, &nf);
	size_t hit = SIZE_MAX, j;
	size_t by_orcid = has_orcid ? key_index_find(&m->by_orcid, &m->log, a->orcid) : SIZE_MAX;
	if (by_orcid != SIZE_MAX && merging_compatible(m, by_orcid, f, nf))
		hit = by_orcid;
	for (size_t k = 0; k < nf && hit == SIZE_MAX; k++)
		if ((j = key_index_find(&m->by_name, &m->log, f[k])) != SIZE_MAX &&
		    (!has_orcid || merging_orcid_is(m, j, a->orcid)))
			hit = j;
	if (hit == SIZE_MAX) {
		off_t orcid = has_orcid ? key_text_put(&m->log, -1, a->orcid) : -1;
		if (has_orcid && by_orcid == SIZE_MAX)
			key_index_put(&m->by_orcid, a->orcid, m->n, orcid);
		m->person = xgrow(m->person, &m->cap, m->n + 1, sizeof *m->person);
		m->person[m->n] = (struct merging){-1, orcid};
		hit = m->n++;
	}
	for (size_t k = 0; k < nf; k++) {
		if (!merging_has(m, hit, f[k])) {
			m->person[hit].names = key_text_put(&m->log, m->person[hit].names, f[k]);
			if (key_index_find(&m->by_name, &m->log, f[k]) == SIZE_MAX)
				key_index_put(&m->by_name, f[k], hit, m->person[hit].names);
		}
		free(f[k]);
	}
	free(f);
	return hit;
}

size_t people_merge(const struct person *const *who, size_t n, size_t *group)
{
	struct people_merger *m = people_merger_new(n);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			bool has_orcid = who[i]->orcid && *who[i]->orcid;
			if ((pass == 0) == has_orcid)
				group[i] = people_merger_add(m, who[i]);
		}
	size_t count = m->n;
	people_merger_free(m);
	return count;
}

struct entry {
	struct index_person person;
	char *key;
};

static int cmp_person(const void *pa, const void *pb, void *ctx)
{
	UCollator *collator = ctx;
	const struct index_person *a = &((const struct entry *)pa)->person;
	const struct index_person *b = &((const struct entry *)pb)->person;
	UErrorCode err = U_ZERO_ERROR;
	UCollationResult r = ucol_strcollUTF8(collator, a->family, -1, b->family, -1, &err);
	if (r == UCOL_EQUAL)
		r = ucol_strcollUTF8(collator, a->given, -1, b->given, -1, &err);
	if (r == UCOL_EQUAL)
		return strcmp(a->slug, b->slug); /* total order: output never depends on qsort */
	return r == UCOL_LESS ? -1 : 1;
}

static void mtext_copy(struct mtext *dst, const struct mtext *src)
{
	dst->n = src->n;
	dst->v = src->n ? xcalloc(src->n, sizeof *dst->v) : NULL;
	for (size_t i = 0; i < src->n; i++) {
		dst->v[i].lang = src->v[i].lang ? xstrdup(src->v[i].lang) : NULL;
		dst->v[i].text = xstrdup(src->v[i].text);
		dst->v[i].pos = src->v[i].pos;
	}
}

/* Every author entry of `vols` with a name, in volume, paper and author
 * order, copied out of its paper (names, iD and its position), so that
 * papers kept on disk are opened one at a time. */
struct people_entries {
	struct person *who;
	struct entry_at {
		size_t vol, paper, author;
	} *at;
	size_t n;
};

struct collecting {
	struct people_entries *out;
	size_t capw, capa;
};

static void collect_paper(void *ctx, size_t vi, size_t pi, const struct paper *paper)
{
	struct collecting *c = ctx;
	struct people_entries *out = c->out;
	for (size_t ai = 0; ai < paper->nauthors; ai++) {
		const struct person *a = &paper->authors[ai];
		if (mtext_empty(&a->name))
			continue;
		out->who = xgrow(out->who, &c->capw, out->n + 1, sizeof *out->who);
		out->at = xgrow(out->at, &c->capa, out->n + 1, sizeof *out->at);
		struct person *copy = &out->who[out->n];
		memset(copy, 0, sizeof *copy);
		mtext_copy(&copy->name, &a->name);
		mtext_copy(&copy->given, &a->given);
		mtext_copy(&copy->family, &a->family);
		copy->orcid = a->orcid ? xstrdup(a->orcid) : NULL;
		copy->orcid_pos = a->orcid_pos; /* its file is the stub's path */
		copy->pos = a->pos;
		out->at[out->n++] = (struct entry_at){vi, pi, ai};
	}
}

static void people_entries_collect(const struct volume *const *vols, size_t nvols, struct people_entries *out)
{
	memset(out, 0, sizeof *out);
	struct collecting c = {out, 0, 0};
	paper_meta_each(vols, nvols, collect_paper, &c);
}

static void people_entries_free(struct people_entries *e)
{
	for (size_t i = 0; i < e->n; i++)
		person_free(&e->who[i]);
	free(e->who);
	free(e->at);
	memset(e, 0, sizeof *e);
}

/* An author entry of the volumes, in paper order. */
struct occurrence {
	const struct volume *vol;
	const struct paper_stub *paper;
	const struct person *who;  /* the entry's copy */
	size_t author;
	const char *name; /* in the index language */
	char *key;        /* folded English (else index-language) name */
};

/* The check keeps each iD's first author entry on disk, as a chain of
 * texts: its folded name, its name in the index language and its file;
 * memory holds where the chain starts and the line.  The iDs themselves
 * are the index's keys. */
struct first_orcid {
	off_t at;
	int line;
};

struct orcid_check {
	const char *lang;
	struct diag_list *d;
	struct scratch_log log;
	struct key_index seen; /* iD → index in first */
	struct first_orcid *first;
	size_t nfirst, cap;
};

static void check_paper_orcids(void *ctx, size_t vi, size_t pi, const struct paper *paper)
{
	(void)vi;
	(void)pi;
	struct orcid_check *c = ctx;
	for (size_t ai = 0; ai < paper->nauthors; ai++) {
		const struct person *a = &paper->authors[ai];
		const char *name = mtext_get(&a->name, c->lang), *en = mtext_get(&a->name, "en");
		if (!a->orcid || !name || !*name)
			continue;
		char *key = name_key(en ? en : name);
		size_t o = key_index_find(&c->seen, &c->log, a->orcid);
		if (o == SIZE_MAX) {
			off_t at = key_text_put(&c->log, -1, a->orcid_pos.file ? a->orcid_pos.file : "");
			at = key_text_put(&c->log, at, name);
			at = key_text_put(&c->log, at, key);
			key_index_put(&c->seen, a->orcid, c->nfirst, key_text_put(&c->log, -1, a->orcid));
			c->first = xgrow(c->first, &c->cap, c->nfirst + 1, sizeof *c->first);
			c->first[c->nfirst++] = (struct first_orcid){at, a->orcid_pos.line};
			free(key);
			continue;
		}
		off_t at;
		char *first_key = key_text_get(&c->log, c->first[o].at, &at);
		if (strcmp(first_key, key) != 0) {
			char *first_name = key_text_get(&c->log, at, &at);
			char *file = key_text_get(&c->log, at, NULL);
			diag_at(c->d, R_ORCID_NAMES, &a->orcid_pos, "ORCID %s is also given for '%s' (%s:%d)%s",
				a->orcid, first_name, file, c->first[o].line,
				people_names_compatible(first_key, key)
					? ""
					: "; names this different are listed as two people");
			free(first_name);
			free(file);
		}
		free(first_key);
		free(key);
	}
}

void people_check_orcids(const struct volume *const *vols, size_t nvols, const char *lang,
			 struct diag_list *d)
{
	struct orcid_check c = {.lang = lang, .d = d};
	scratch_log_init(&c.log, "orcids");
	/* Sized once for every author: doubling would leave copies behind. */
	size_t authors = 0;
	for (size_t vi = 0; vi < nvols; vi++)
		authors += vol_nauthors(vols[vi]);
	c.cap = authors + 1;
	c.first = xcalloc(c.cap, sizeof *c.first);
	key_index_reserve(&c.seen, authors);
	paper_meta_each(vols, nvols, check_paper_orcids, &c);
	free(c.first);
	key_index_free(&c.seen);
	scratch_log_free(&c.log);
}

/* The index entry of a person, from their first author entry. */
static void entry_init(struct entry *e, const struct occurrence *o, const char *lang)
{
	const struct person *a = o->who;
	struct index_person *p = &e->person;
	e->key = xstrdup(o->key);
	p->full = xstrdup(o->name);
	/* The same person's name as another paper language writes it. */
	for (size_t k = 0; k < a->name.n && !p->alt; k++)
		if (strcmp(a->name.v[k].text, o->name) != 0)
			p->alt = xstrdup(a->name.v[k].text);
	const char *gl = mtext_get(&a->given, lang), *fl = mtext_get(&a->family, lang);
	if (fl && *fl) {
		p->family = xstrdup(fl);
		p->given = xstrdup(gl ? gl : "");
	} else {
		people_split_name(o->name, &p->family, &p->given);
	}
	p->orcid = a->orcid ? xstrdup(a->orcid) : NULL;
	p->slug = slug_of(p->orcid, e->key);
	p->group = people_group(p->family);
	if (starts_hangul(p->family) || !*p->given)
		p->name = xasprintf("%s%s", p->family, p->given);
	else
		p->name = xasprintf("%s, %s", p->family, p->given);
}

struct people *people_collect(const struct volume *const *vols, size_t nvols, const char *lang)
{
	struct people_entries pe;
	people_entries_collect(vols, nvols, &pe);
	size_t noc = 0;
	struct occurrence *oc = xcalloc(pe.n + 1, sizeof *oc);
	for (size_t i = 0; i < pe.n; i++) {
		const struct person *a = &pe.who[i];
		const char *name = mtext_get(&a->name, lang), *en = mtext_get(&a->name, "en");
		if (!name || !*name)
			continue;
		const struct volume *vol = vols[pe.at[i].vol];
		oc[noc++] = (struct occurrence){vol, vol->papers[pe.at[i].paper], a, pe.at[i].author, name,
						name_key(en ? en : name)};
	}
	const struct person **who = xcalloc(noc + 1, sizeof *who);
	size_t *grp = xcalloc(noc + 1, sizeof *grp);
	for (size_t i = 0; i < noc; i++)
		who[i] = oc[i].who;
	size_t n = people_merge(who, noc, grp);
	struct entry *v = xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < noc; i++) {
		struct entry *e = &v[grp[i]];
		if (!e->key)
			entry_init(e, &oc[i], lang);
		else if (who[i]->orcid && !e->person.orcid)
			e->person.orcid = xstrdup(who[i]->orcid);
		struct index_person *p = &e->person;
		p->papers = xrealloc(p->papers, (p->npapers + 1) * sizeof *p->papers);
		p->papers[p->npapers++] = (struct person_paper){oc[i].vol, oc[i].paper, oc[i].author};
		free(oc[i].key);
	}
	free(oc);
	free(who);
	free(grp);
	people_entries_free(&pe);
	UErrorCode err = U_ZERO_ERROR;
	UCollator *collator = ucol_open(lang ? lang : "", &err);
	if (U_FAILURE(err)) {
		err = U_ZERO_ERROR;
		collator = ucol_open("", &err);
	}
	if (n > 1 && collator)
		qsort_r(v, n, sizeof *v, cmp_person, collator);
	ucol_close(collator);
	struct people *out = xcalloc(1, sizeof *out);
	out->v = xcalloc(n ? n : 1, sizeof *out->v);
	for (size_t i = 0; i < n; i++) {
		out->v[i] = v[i].person;
		free(v[i].key);
	}
	out->n = n;
	free(v);
	return out;
}

void people_free(struct people *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		struct index_person *x = &p->v[i];
		free(x->name);
		free(x->full);
		free(x->alt);
		free(x->family);
		free(x->given);
		free(x->orcid);
		free(x->slug);
		free(x->group);
		free(x->papers);
	}
	free(p->v);
	free(p);
}
