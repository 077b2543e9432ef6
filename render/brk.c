#include "render/brk.h"

#include <unicode/ubrk.h>
#include <unicode/utypes.h>

#include <stdlib.h>
#include <string.h>

#include "proceedings/util.h"

struct brk {
	UBreakIterator *it; /* opened once: opening loads the rule tables */
	UChar *u16;
	size_t cap;
};

struct brk *brk_open(void)
{
	struct brk *b = xcalloc(1, sizeof *b);
	UErrorCode st = U_ZERO_ERROR;
	b->it = ubrk_open(UBRK_LINE, "ko", NULL, 0, &st);
	if (U_FAILURE(st))
		b->it = NULL; /* the fast path alone still gives sane breaks */
	return b;
}

void brk_free(struct brk *b)
{
	if (!b)
		return;
	if (b->it)
		ubrk_close(b->it);
	free(b->u16);
	free(b);
}

bool brk_is_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) ||  /* Hangul Jamo */
	       (cp >= 0x3040 && cp <= 0x30FF) ||  /* kana */
	       (cp >= 0x3130 && cp <= 0x318F) ||  /* Hangul compatibility Jamo */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||  /* CJK extension A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||  /* CJK ideographs */
	       (cp >= 0xA960 && cp <= 0xA97F) ||
	       (cp >= 0xAC00 && cp <= 0xD7FF) ||  /* Hangul syllables, Jamo ext. B */
	       (cp >= 0xF900 && cp <= 0xFAFF);    /* compatibility ideographs */
}

bool brk_is_closing(uint32_t cp)
{
	switch (cp) {
	case ')': case ']': case '}': case ',': case '.': case ';': case ':':
	case '!': case '?': case '%':
	case 0x2019: case 0x201D: case 0x00BB: case 0x203A: /* ’ ” » › */
	case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: /* 、 。 ， ． */
	case 0x3009: case 0x300B: case 0x300D: case 0x300F: case 0x3011: /* 〉 》 」 』 】 */
	case 0xFF09: case 0xFF3D: case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F:
		return true;
	default:
		return false;
	}
}

static bool is_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

static bool is_opening(uint32_t c)
{
	return c == '(' || c == '[' || c == '{' || c == 0x2018 || c == 0x201C || c == 0xAB;
}

/* The fast path: only characters up to U+024F (Latin), where UAX #14
 * reduces to spaces, hyphens and dashes. */
static bool latin_only(const uint32_t *cps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t c = cps[i];
		if (c > 0x24F && !(c >= 0x2010 && c <= 0x201F) && c != 0x2026)
			return false;
	}
	return true;
}

static void latin_breaks(const uint32_t *cps, size_t n, unsigned char *ok)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t p = cps[i - 1], c = cps[i];
		if (c == ' ')
			continue;
		if (p == ' ') {
			/* Not before closing punctuation, not after an opening
			 * bracket separated by spaces. */
			size_t j = i - 1;
			while (j > 0 && cps[j] == ' ')
				j--;
			ok[i] = !brk_is_closing(c) && !(cps[j] != ' ' && is_opening(cps[j]));
		} else if ((p == '-' || p == 0x2010 || p == 0x2013 || p == 0x2014) && i >= 2 &&
			   is_alnum(cps[i - 2]) && is_alnum(c)) {
			ok[i] = 1;
		} else if (p == 0x2014 && is_alnum(c)) {
			ok[i] = 1;
		}
	}
}

void brk_find(struct brk *b, const uint32_t *cps, size_t n, unsigned char *ok)
{
	memset(ok, 0, n);
	if (n < 2)
		return;
	if (!b || !b->it || latin_only(cps, n)) {
		latin_breaks(cps, n, ok);
		return;
	}
	b->u16 = xgrow(b->u16, &b->cap, n, sizeof *b->u16);
	/* The caller hands BMP text only (astral characters are refused
	 * earlier), so UTF-16 indices equal code point indices. */
	for (size_t i = 0; i < n; i++)
		b->u16[i] = (UChar)(cps[i] > 0xFFFF ? 0xFFFD : cps[i]);
	UErrorCode st = U_ZERO_ERROR;
	ubrk_setText(b->it, b->u16, (int32_t)n, &st);
	if (U_FAILURE(st)) {
		latin_breaks(cps, n, ok);
		return;
	}
	for (int32_t p = ubrk_first(b->it); p != UBRK_DONE; p = ubrk_next(b->it))
		if (p > 0 && (size_t)p < n)
			ok[p] = 1;
	/* ICU allows a break after a lone hyphen between digits ("1-2") and
	 * before a dash; keep the fast path's stricter view for ASCII so a
	 * paper breaks the same whether or not it has a Korean word. */
	for (size_t i = 1; i < n; i++)
		if (ok[i] && cps[i - 1] != ' ' && cps[i - 1] == '-' &&
		    !(i >= 2 && is_alnum(cps[i - 2]) && is_alnum(cps[i])))
			ok[i] = 0;
}
