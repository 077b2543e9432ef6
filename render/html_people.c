/* The people of the archive: every paper author merged into one person as
 * the PDF's author index merges them (people_merge), sorted with ICU
 * collation and given an index letter and a URL slug. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "html_int.h"
#include "html_ui.h"
#include "proceedings/people.h"
#include "proceedings/text.h"

char *html_person_key(const struct person *a)
{
	if (a->orcid && *a->orcid)
		return xasprintf("orcid:%s", a->orcid);
	const char *n = mtext_get(&a->name, "en");
	char *f = people_fold_name(n ? n : "");
	char *k = xasprintf("name:%s", f);
	free(f);
	return k;
}

/* A person while the archive's people are made: the author entry that
 * gives the display name. */
struct acc {
	struct html_person *p;
	const struct person *best; /* the occurrence giving the display name */
	const char *best_lang;     /* its paper's language */
};

static bool is_hangul(unsigned c)
{
	return c >= 0xAC00 && c <= 0xD7A3;
}

/* "Family, Given" for Latin names so the index reads by family name, split
 * as the PDF's author index splits it ("van Vliet, Marijn"). */
static char *sort_name(const struct person *a, const char *name, const char *lang)
{
	if (text_has_hangul(name))
		return xstrdup(name); /* Korean names already start with the family name */
	const char *fam = mtext_get(&a->family, lang), *giv = mtext_get(&a->given, lang);
	if (fam && text_has_hangul(fam))
		fam = NULL;
	return people_family_first(name, fam, giv);
}

/* The index letter: Hangul by initial consonant (tense ones with their
 * plain partner, as Korean indexes do), Latin by the base letter the
 * collator puts it under, anything else by its upper-case form. */
static char *group_of(const char *sort, UCollator *primary)
{
	static const unsigned choseong[19] = {
		0x3131, 0x3131, 0x3134, 0x3137, 0x3137, 0x3139, 0x3141, 0x3142, 0x3142, 0x3145,
		0x3145, 0x3147, 0x3148, 0x3148, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E};
	const char *p = sort;
	unsigned c = *p ? text_next(&p) : 0;
	char buf[8];
	UErrorCode st = U_ZERO_ERROR;
	if (is_hangul(c))
		c = choseong[(c - 0xAC00) / 588];
	else if (uscript_getScript((UChar32)c, &st) == USCRIPT_LATIN && primary) {
		/* The last letter A-Z that sorts at or before c: Ø under O. */
		char letter = 'A';
		char one[8] = {0};
		memcpy(one, sort, (size_t)(p - sort));
		for (char l = 'A'; l <= 'Z'; l++) {
			char lb[2] = {l, 0};
			st = U_ZERO_ERROR;
			if (ucol_strcollUTF8(primary, lb, 1, one, -1, &st) != UCOL_GREATER)
				letter = l;
		}
		c = (unsigned)letter;
	} else if (c) {
		c = (unsigned)u_toupper((UChar32)c);
	} else {
		c = '#';
	}
	int32_t n = 0;
	UBool err = 0;
	U8_APPEND((uint8_t *)buf, n, (int32_t)sizeof buf - 1, (UChar32)c, err);
	buf[err ? 0 : n] = '\0';
	return xstrdup(buf);
}

/* ICU's Any-Latin transliterator, opened the first time a name needs it:
 * building its rules costs about 40 ms, which an archive whose names are
 * all ASCII never pays. */
struct translit {
	UTransliterator *tr;
	bool tried;
};

static UTransliterator *translit_get(struct translit *t)
{
	if (!t->tried) {
		t->tried = true;
		UErrorCode st = U_ZERO_ERROR;
		UChar id[] = {'A', 'n', 'y', '-', 'L', 'a', 't', 'i', 'n', ';', ' ', 'L', 'a',
			      't', 'i', 'n', '-', 'A', 'S', 'C', 'I', 'I', 0};
		t->tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
		if (U_FAILURE(st))
			t->tr = NULL;
	}
	return t->tr;
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* A readable ASCII slug: the name transliterated to Latin letters. */
static char *slug_of(const char *name, struct translit *tl)
{
	UChar buf[512];
	int32_t len = 0;
	UErrorCode st = U_ZERO_ERROR;
	u_strFromUTF8(buf, 511, &len, name, -1, &st);
	UTransliterator *tr = is_ascii(name) ? NULL : translit_get(tl);
	if (U_SUCCESS(st) && tr) {
		int32_t limit = len;
		utrans_transUChars(tr, buf, &len, 511, 0, &limit, &st);
	}
	struct strbuf b;
	sb_init(&b);
	bool dash = false;
	for (int32_t i = 0; U_SUCCESS(st) && i < len && i < 511 && b.len < 60; i++) {
		UChar c = buf[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
			if (dash && b.len)
				sb_addc(&b, '-');
			dash = false;
			sb_addc(&b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		} else {
			dash = true;
		}
	}
	char *s = sb_steal(&b);
	if (!*s) {
		free(s);
		s = xstrdup("author");
	}
	return s;
}

static UCollator *g_coll; /* for qsort, which takes no context */

static int cmp_person(const void *a, const void *b)
{
	const struct html_person *x = a, *y = b;
	UErrorCode st = U_ZERO_ERROR;
	int c = g_coll ? ucol_strcollUTF8(g_coll, x->sort, -1, y->sort, -1, &st) : 0;
	if (c == 0 || U_FAILURE(st))
		c = strcmp(x->sort, y->sort);
	return c ? c : strcmp(x->key, y->key);
}

static void add_aff(struct html_person *hp, const struct paper *p, const struct person *a,
		    const char *lang)
{
	for (size_t i = 0; i < a->naff; i++)
		for (size_t j = 0; j < p->naffiliations; j++) {
			const struct affiliation *af = &p->affiliations[j];
			if (!af->index || strcmp(af->index, a->aff_index[i]) != 0)
				continue;
			const char *name = mtext_get(&af->name, lang);
			bool seen = !name || !*name;
			for (size_t k = 0; k < hp->naffs && !seen; k++)
				seen = strcmp(hp->affs[k], name) == 0;
			if (!seen) {
				hp->affs = xrealloc(hp->affs, (hp->naffs + 1) * sizeof *hp->affs);
				hp->affs[hp->naffs++] = xstrdup(name);
			}
		}
}

static void add_ref(struct html_person *hp, size_t vol, size_t paper)
{
	for (size_t i = 0; i < hp->nrefs; i++)
		if (hp->refs[i].vol == vol && hp->refs[i].paper == paper)
			return; /* listed twice on one paper */
	hp->refs = xrealloc(hp->refs, (hp->nrefs + 1) * sizeof *hp->refs);
	hp->refs[hp->nrefs++] = (struct html_ref){vol, paper};
}

static void finish_person(struct acc *a, const char *site_lang, UCollator *primary,
			  struct translit *tr)
{
	struct html_person *hp = a->p;
	const struct person *best = a->best;
	const char *name = mtext_get(&best->name, site_lang);
	hp->name = xstrdup(name ? name : "");
	for (size_t i = 0; i < best->name.n; i++) {
		const char *t = best->name.v[i].text;
		if (strcmp(t, hp->name) != 0) {
			hp->alt_name = xstrdup(t);
			const char *l = best->name.v[i].lang ? best->name.v[i].lang : a->best_lang;
			hp->alt_lang = xstrdup(l ? l : (text_has_hangul(t) ? "ko" : "en"));
			break;
		}
	}
	hp->sort = sort_name(best, hp->name, site_lang);
	hp->group = group_of(hp->sort, primary);
	const char *en = mtext_get(&best->name, "en");
	hp->slug = slug_of(en ? en : hp->name, tr);
}

/* An author entry of the archive. */
struct entry_ref {
	size_t vol, paper;
};

void html_people_build(struct html_site *s)
{
	/* Every named author entry, in archive order, merged by the rule the
	 * PDF's author index uses (people_merge). */
	const struct person **who = NULL;
	struct entry_ref *at = NULL;
	size_t nw = 0, capw = 0, capa = 0;
	for (size_t vi = 0; vi < s->nvols; vi++) {
		const struct volume *v = s->vols[vi].v;
		for (size_t pi = 0; pi < v->npapers; pi++)
			for (size_t ai = 0; ai < v->papers[pi]->nauthors; ai++) {
				const struct person *a = &v->papers[pi]->authors[ai];
				if (mtext_empty(&a->name))
					continue;
				who = xgrow(who, &capw, nw + 1, sizeof *who);
				at = xgrow(at, &capa, nw + 1, sizeof *at);
				who[nw] = a;
				at[nw++] = (struct entry_ref){vi, pi};
			}
	}
	size_t *grp = xcalloc(nw + 1, sizeof *grp);
	size_t n = people_merge(who, nw, grp);
	struct acc *accs = xcalloc(n + 1, sizeof *accs);
	/* ORCID holders first, as people_merge takes them: the first entry
	 * of a person gives the key, the iD and the display name until one
	 * names them in the site language. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nw; i++) {
			const struct person *a = who[i];
			bool has_orcid = a->orcid && *a->orcid;
			if ((pass == 0) != has_orcid)
				continue;
			const struct paper *p = s->vols[at[i].vol].v->papers[at[i].paper];
			struct acc *hit = &accs[grp[i]];
			if (!hit->p) {
				hit->p = xcalloc(1, sizeof *hit->p);
				hit->p->key = html_person_key(a);
				hit->p->orcid = has_orcid ? xstrdup(a->orcid) : NULL;
				hit->best = a;
				hit->best_lang = p->lang;
			}
			/* Prefer an occurrence that names the person in the site language. */
			if (!mtext_find(&hit->best->name, s->lang, hit->best_lang) &&
			    mtext_find(&a->name, s->lang, p->lang)) {
				hit->best = a;
				hit->best_lang = p->lang;
			}
			hit->p->who = xrealloc(hit->p->who, (hit->p->nwho + 1) * sizeof *hit->p->who);
			hit->p->who[hit->p->nwho++] = a;
			add_aff(hit->p, p, a, s->lang);
			add_ref(hit->p, at[i].vol, at[i].paper);
		}
	free(who);
	free(at);
	free(grp);
	UErrorCode st = U_ZERO_ERROR;
	/* Korean collation puts Hangul first; the root order puts Latin first. */
	const char *loc = strcmp(html_ui_lang(s->lang), "ko") == 0 ? "ko" : "";
	g_coll = ucol_open(loc, &st);
	if (U_FAILURE(st))
		g_coll = NULL;
	st = U_ZERO_ERROR;
	UCollator *primary = ucol_open(loc, &st);
	if (U_FAILURE(st))
		primary = NULL;
	else
		ucol_setStrength(primary, UCOL_PRIMARY);
	struct translit tr = {0};

	s->people.v = xcalloc(n ? n : 1, sizeof *s->people.v);
	for (size_t i = 0; i < n; i++) {
		finish_person(&accs[i], s->lang, primary, &tr);
		s->people.v[i] = *accs[i].p;
		free(accs[i].p);
	}
	free(accs);
	s->people.n = n;
	qsort(s->people.v, n, sizeof *s->people.v, cmp_person);
	/* Slugs in index order; a clash gets -2, -3... */
	struct strmap slugs;
	strmap_init(&slugs);
	strmap_put(&slugs, "index", 0);
	for (size_t i = 0; i < n; i++) {
		struct html_person *hp = &s->people.v[i];
		for (int k = 2;; k++) {
			if (!strmap_get(&slugs, hp->slug, NULL)) {
				strmap_put(&slugs, hp->slug, i);
				break;
			}
			char *base = xstrdup(hp->slug);
			char *dash = k > 2 ? strrchr(base, '-') : NULL;
			if (dash)
				*dash = '\0';
			free(hp->slug);
			hp->slug = xasprintf("%s-%d", base, k);
			free(base);
		}
	}
	strmap_free(&slugs);
	/* Authors to their person, for every paper page. */
	strmap_init(&s->people.by_author);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s->people.v[i].nwho; k++) {
			char key[32];
			snprintf(key, sizeof key, "%p", (const void *)s->people.v[i].who[k]);
			strmap_put(&s->people.by_author, key, i);
		}
	if (tr.tr)
		utrans_close(tr.tr);
	if (primary)
		ucol_close(primary);
	if (g_coll)
		ucol_close(g_coll);
	g_coll = NULL;
}

const struct html_person *html_people_find(const struct html_site *s, const struct person *a)
{
	char key[32];
	size_t i;
	snprintf(key, sizeof key, "%p", (const void *)a);
	return strmap_get(&s->people.by_author, key, &i) ? &s->people.v[i] : NULL;
}

void html_people_free(struct html_people *pp)
{
	strmap_free(&pp->by_author);
	for (size_t i = 0; i < pp->n; i++) {
		struct html_person *hp = &pp->v[i];
		free(hp->key);
		free(hp->slug);
		free(hp->name);
		free(hp->alt_name);
		free(hp->alt_lang);
		free(hp->sort);
		free(hp->group);
		free(hp->orcid);
		for (size_t k = 0; k < hp->naffs; k++)
			free(hp->affs[k]);
		free(hp->affs);
		free(hp->refs);
		free(hp->who);
	}
	free(pp->v);
	pp->v = NULL;
	pp->n = 0;
}
