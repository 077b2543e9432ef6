/* How the archive names a person: the display name in the site language
 * and the other language's beside it, the sort name ("Family, Given"),
 * the index letter and a readable URL slug, all from the author entry
 * that names them best. */
#include <stdint.h>
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

struct html_naming {
	const char *site_lang;
	UCollator *primary; /* for the index letter of Latin names */
	struct translit tr;
};

const char *html_naming_locale(const char *site_lang)
{
	/* Korean collation puts Hangul first; the root order puts Latin first. */
	return strcmp(html_ui_lang(site_lang), "ko") == 0 ? "ko" : "";
}

struct html_naming *html_naming_new(const char *site_lang)
{
	struct html_naming *nm = xcalloc(1, sizeof *nm);
	nm->site_lang = site_lang;
	UErrorCode st = U_ZERO_ERROR;
	nm->primary = ucol_open(html_naming_locale(site_lang), &st);
	if (U_FAILURE(st))
		nm->primary = NULL;
	else
		ucol_setStrength(nm->primary, UCOL_PRIMARY);
	return nm;
}

void html_naming_free(struct html_naming *nm)
{
	if (!nm)
		return;
	if (nm->tr.tr)
		utrans_close(nm->tr.tr);
	if (nm->primary)
		ucol_close(nm->primary);
	free(nm);
}

void html_name_person(struct html_naming *nm, const struct person *best, const char *best_lang,
		      struct html_person_names *out)
{
	const char *name = mtext_get(&best->name, nm->site_lang);
	out->name = name ? name : "";
	out->alt_name = out->alt_lang = NULL;
	for (size_t i = 0; i < best->name.n && !out->alt_name; i++) {
		const char *t = best->name.v[i].text;
		if (strcmp(t, out->name) != 0) {
			out->alt_name = t;
			out->alt_lang = best->name.v[i].lang ? best->name.v[i].lang : best_lang;
			if (!out->alt_lang)
				out->alt_lang = text_has_hangul(t) ? "ko" : "en";
		}
	}
	out->sort = sort_name(best, out->name, nm->site_lang);
	out->group = group_of(out->sort, nm->primary);
	const char *en = mtext_get(&best->name, "en");
	out->slug = slug_of(en ? en : out->name, &nm->tr);
}

void html_person_names_free(struct html_person_names *pn)
{
	free(pn->sort);
	free(pn->group);
	free(pn->slug);
	pn->sort = pn->group = pn->slug = NULL;
}
