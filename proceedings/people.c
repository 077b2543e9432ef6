#define _GNU_SOURCE /* qsort_r */
#include "people.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "strmap.h"
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

struct entry {
	struct index_person person;
	char *key;
	const struct srcpos *orcid_pos;
};

/* The person an author belongs to: by ORCID when given and the names can
 * be one person's, else by name; a name without an ORCID joins the person
 * who has that name, one with an iD only a person with the same iD. */
static struct entry *find_entry(struct entry *v, const struct strmap *by_orcid,
				const struct strmap *by_name, const char *orcid, const char *key)
{
	size_t i;
	if (!orcid)
		return strmap_get(by_name, key, &i) ? &v[i] : NULL;
	if (strmap_get(by_orcid, orcid, &i) && people_names_compatible(v[i].key, key))
		return &v[i];
	if (strmap_get(by_name, key, &i) && v[i].person.orcid && strcmp(v[i].person.orcid, orcid) == 0)
		return &v[i];
	return NULL;
}

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

struct people *people_collect(const struct volume *const *vols, size_t nvols, const char *lang,
			      struct diag_list *d)
{
	struct entry *v = NULL;
	size_t n = 0, cap = 0;
	struct strmap by_orcid, by_name;
	strmap_init(&by_orcid);
	strmap_init(&by_name);
	for (size_t vi = 0; vi < nvols; vi++) {
		const struct volume *vol = vols[vi];
		for (size_t pi = 0; pi < vol->npapers; pi++) {
			const struct paper *paper = vol->papers[pi];
			for (size_t ai = 0; ai < paper->nauthors; ai++) {
				const struct person *a = &paper->authors[ai];
				const char *name = mtext_get(&a->name, lang);
				if (!name || !*name)
					continue;
				const char *en = mtext_get(&a->name, "en");
				char *key = name_key(en ? en : name);
				size_t owner;
				if (a->orcid && strmap_get(&by_orcid, a->orcid, &owner) &&
				    strcmp(v[owner].key, key) != 0)
					diag_at(d, R_ORCID_NAMES, &a->orcid_pos,
						"ORCID %s is also given for '%s' (%s:%d)%s", a->orcid,
						v[owner].person.full, v[owner].orcid_pos->file,
						v[owner].orcid_pos->line,
						people_names_compatible(v[owner].key, key)
							? ""
							: "; names this different are listed as two people");
				struct entry *e = find_entry(v, &by_orcid, &by_name, a->orcid, key);
				if (!e) {
					v = xgrow(v, &cap, n + 1, sizeof *v);
					if (a->orcid && !strmap_get(&by_orcid, a->orcid, NULL))
						strmap_put(&by_orcid, a->orcid, n);
					if (!strmap_get(&by_name, key, NULL))
						strmap_put(&by_name, key, n);
					e = &v[n++];
					memset(e, 0, sizeof *e);
					e->key = key;
					key = NULL;
					e->orcid_pos = &a->orcid_pos;
					struct index_person *p = &e->person;
					p->full = xstrdup(name);
					/* The same person's name as another paper language writes it. */
					for (size_t k = 0; k < a->name.n && !p->alt; k++)
						if (strcmp(a->name.v[k].text, name) != 0)
							p->alt = xstrdup(a->name.v[k].text);
					const char *gl = mtext_get(&a->given, lang), *fl = mtext_get(&a->family, lang);
					if (fl && *fl) {
						p->family = xstrdup(fl);
						p->given = xstrdup(gl ? gl : "");
					} else {
						people_split_name(name, &p->family, &p->given);
					}
					p->orcid = a->orcid ? xstrdup(a->orcid) : NULL;
					p->slug = slug_of(p->orcid, e->key);
					p->group = people_group(p->family);
					if (starts_hangul(p->family) || !*p->given)
						p->name = xasprintf("%s%s", p->family, p->given);
					else
						p->name = xasprintf("%s, %s", p->family, p->given);
				} else if (a->orcid && !e->person.orcid) {
					e->person.orcid = xstrdup(a->orcid);
				}
				free(key);
				struct index_person *p = &e->person;
				p->papers = xrealloc(p->papers, (p->npapers + 1) * sizeof *p->papers);
				p->papers[p->npapers++] = (struct person_paper){vol, paper, ai};
			}
		}
	}
	strmap_free(&by_orcid);
	strmap_free(&by_name);
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
