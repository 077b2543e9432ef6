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
#include "proceedings/paper_store.h"
#include "proceedings/people.h"
#include "proceedings/strmap.h"
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

/* A person's names, from the author entry `best` of a paper in
 * `best_lang`: the display name, the other language's name, the sort
 * name, its index letter and the URL slug.  Set again when a later entry
 * names the person in the site language. */
struct naming {
	const char *site_lang;
	UCollator *primary;
	struct translit tr;
};

static void set_names(struct html_person *hp, const struct person *best, const char *best_lang,
		      struct naming *nm)
{
	free(hp->name);
	free(hp->alt_name);
	free(hp->alt_lang);
	free(hp->sort);
	free(hp->group);
	free(hp->slug);
	hp->alt_name = hp->alt_lang = NULL;
	const char *name = mtext_get(&best->name, nm->site_lang);
	hp->name = xstrdup(name ? name : "");
	for (size_t i = 0; i < best->name.n; i++) {
		const char *t = best->name.v[i].text;
		if (strcmp(t, hp->name) != 0) {
			hp->alt_name = xstrdup(t);
			const char *l = best->name.v[i].lang ? best->name.v[i].lang : best_lang;
			hp->alt_lang = xstrdup(l ? l : (text_has_hangul(t) ? "ko" : "en"));
			break;
		}
	}
	hp->sort = sort_name(best, hp->name, nm->site_lang);
	hp->group = group_of(hp->sort, nm->primary);
	const char *en = mtext_get(&best->name, "en");
	hp->slug = slug_of(en ? en : hp->name, &nm->tr);
	hp->site_named = mtext_find(&best->name, nm->site_lang, best_lang) != NULL;
}

/* The people being made: one html_person per merged person, numbered as
 * people_merger numbers them. */
struct making {
	struct html_site *s;
	struct people_merger *m;
	struct naming nm;
	struct html_person *v;
	size_t n, cap;
	size_t *person; /* per author of every paper: its number, or SIZE_MAX */
	size_t nslots, capslots;
	size_t *first;  /* per paper of the archive: its first author's slot */
	int pass;       /* 0: ORCID holders, 1: the others */
	size_t paper;   /* the paper being merged, counted across the volumes */
};

/* Author entry ai of paper pi of volume vi joins its person.  The first
 * entry of a person gives the key, the iD and the names, until one names
 * them in the site language. */
static void add_entry(struct making *mk, size_t vi, size_t pi, const struct paper *p, size_t ai,
		      size_t slot)
{
	const struct person *a = &p->authors[ai];
	size_t g = people_merger_add(mk->m, a);
	mk->person[slot] = g;
	if (g == mk->n) {
		mk->v = xgrow(mk->v, &mk->cap, mk->n + 1, sizeof *mk->v);
		struct html_person *hp = &mk->v[mk->n++];
		memset(hp, 0, sizeof *hp);
		hp->key = html_person_key(a);
		hp->orcid = a->orcid && *a->orcid ? xstrdup(a->orcid) : NULL;
		hp->number = g;
		set_names(hp, a, p->lang, &mk->nm);
	} else if (!mk->v[g].site_named && mtext_find(&a->name, mk->s->lang, p->lang)) {
		set_names(&mk->v[g], a, p->lang, &mk->nm);
	}
	add_aff(&mk->v[g], p, a, mk->s->lang);
	add_ref(&mk->v[g], vi, pi);
}

/* One paper's authors in pass mk->pass; in the first pass every
 * author, named or not, gets a slot. */
static void merge_paper(void *ctx, size_t vi, size_t pi, const struct paper *p)
{
	struct making *mk = ctx;
	if (mk->pass == 0) {
		mk->first[mk->paper] = mk->nslots;
		mk->person = xgrow(mk->person, &mk->capslots, mk->nslots + p->nauthors + 1, sizeof *mk->person);
		for (size_t ai = 0; ai < p->nauthors; ai++)
			mk->person[mk->nslots + ai] = SIZE_MAX;
		mk->nslots += p->nauthors;
		mk->first[mk->paper + 1] = mk->nslots;
	}
	size_t slot = mk->first[mk->paper++];
	for (size_t ai = 0; ai < p->nauthors; ai++) {
		const struct person *a = &p->authors[ai];
		bool has_orcid = a->orcid && *a->orcid;
		if (!mtext_empty(&a->name) && (mk->pass == 0) == has_orcid)
			add_entry(mk, vi, pi, p, ai, slot + ai);
	}
}

/* Every named author entry, in archive order, merged by the rule the
 * PDF's author index uses (people_merge): ORCID holders in a first pass
 * over the papers, everyone else in a second. */
static void merge_all(struct making *mk)
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

void html_people_build(struct html_site *s)
{
	struct making mk = {.s = s, .m = people_merger_new(), .nm = {.site_lang = s->lang}};
	size_t npapers = 0;
	for (size_t vi = 0; vi < s->nvols; vi++)
		npapers += s->vols[vi].v->npapers;
	mk.first = xcalloc(npapers + 1, sizeof *mk.first);
	UErrorCode st = U_ZERO_ERROR;
	/* Korean collation puts Hangul first; the root order puts Latin first. */
	const char *loc = strcmp(html_ui_lang(s->lang), "ko") == 0 ? "ko" : "";
	mk.nm.primary = ucol_open(loc, &st);
	if (U_FAILURE(st))
		mk.nm.primary = NULL;
	else
		ucol_setStrength(mk.nm.primary, UCOL_PRIMARY);
	merge_all(&mk);
	people_merger_free(mk.m);
	if (mk.nm.tr.tr)
		utrans_close(mk.nm.tr.tr);
	if (mk.nm.primary)
		ucol_close(mk.nm.primary);

	size_t n = mk.n;
	s->people.v = mk.v ? mk.v : xcalloc(1, sizeof *s->people.v);
	s->people.n = n;
	st = U_ZERO_ERROR;
	g_coll = ucol_open(loc, &st);
	if (U_FAILURE(st))
		g_coll = NULL;
	qsort(s->people.v, n, sizeof *s->people.v, cmp_person);
	if (g_coll)
		ucol_close(g_coll);
	g_coll = NULL;
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
	/* Author entries to their place in the sorted list, for every paper page. */
	size_t *place = xcalloc(n + 1, sizeof *place);
	for (size_t i = 0; i < n; i++)
		place[s->people.v[i].number] = i;
	for (size_t i = 0; i < mk.nslots; i++)
		if (mk.person[i] != SIZE_MAX)
			mk.person[i] = place[mk.person[i]];
	free(place);
	s->people.person = mk.person;
	s->people.first = mk.first;
}

const struct html_person *html_people_find(const struct html_site *s, size_t vol, size_t paper,
					   size_t author)
{
	if (!s->people.first)
		return NULL;
	for (size_t i = 0; i < vol; i++)
		paper += s->vols[i].v->npapers;
	const size_t *first = s->people.first;
	if (author >= first[paper + 1] - first[paper])
		return NULL;
	size_t i = s->people.person[first[paper] + author];
	return i == SIZE_MAX ? NULL : &s->people.v[i];
}

void html_people_free(struct html_people *pp)
{
	free(pp->person);
	free(pp->first);
	pp->person = pp->first = NULL;
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
	}
	free(pp->v);
	pp->v = NULL;
	pp->n = 0;
}
