#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>

#include "util.h"

/* Length of the valid UTF-8 sequence at p (at most `avail` bytes), or 0;
 * *out is its code point. */
static inline size_t utf8_decode(const unsigned char *p, size_t avail, uint32_t *out)
{
	unsigned c = p[0];
	size_t n;
	unsigned min;
	if (c < 0x80) {
		*out = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; min = 0x10000;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	unsigned cp = c & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*out = cp;
	return n;
}

size_t text_utf8_decode(const char *p, size_t n, uint32_t *cp)
{
	return n ? utf8_decode((const unsigned char *)p, n, cp) : 0;
}

static inline size_t utf8_seq(const unsigned char *p, size_t avail)
{
	uint32_t cp;
	return utf8_decode(p, avail, &cp);
}

/* Bytes from p that are ASCII and not NUL, eight at a time: most of a
 * paper, even a Korean one, is markup, spaces and digits. */
static size_t ascii_run(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p;
	const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
	while (end - q >= 8) {
		uint64_t w;
		memcpy(&w, q, 8);
		if ((w & high) || ((w - ones) & ~w & high))
			break;
		q += 8;
	}
	while (q < end && *q && *q < 0x80)
		q++;
	return (size_t)(q - p);
}

/* Whether the character c, after one of combining class *last_cc, keeps
 * text certainly in NFC: NFC_Quick_Check=Yes and combining classes that
 * never go down (the quick check of UAX #15; "maybe" counts as no). */
static bool nfc_yes(uint32_t c, uint8_t *last_cc)
{
	if (c < 0x80 || (c >= 0xAC00 && c <= 0xD7A3)) { /* ASCII, Hangul syllables */
		*last_cc = 0;
		return true;
	}
	uint8_t cc = u_getCombiningClass((UChar32)c);
	bool yes = !(cc && *last_cc > cc) &&
		   u_getIntPropertyValue((UChar32)c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES;
	*last_cc = cc;
	return yes;
}

/* One pass over text: the first byte that is NUL or starts invalid UTF-8
 * (or NULL), and, when there is none, whether the text is surely NFC. */
static const unsigned char *scan(const unsigned char *p, const unsigned char *end, bool *nfc)
{
	bool sure = true;
	uint8_t last_cc = 0;
	while (p < end) {
		size_t a = ascii_run(p, end);
		if (a) {
			p += a;
			last_cc = 0;
			continue;
		}
		/* A run of other characters (a Korean word): stay in this loop. */
		while (p < end && *p >= 0x80) {
			uint32_t c;
			size_t n = utf8_decode(p, (size_t)(end - p), &c);
			if (!n)
				return p;
			if (sure)
				sure = nfc_yes(c, &last_cc);
			p += n;
		}
		if (p < end && !*p)
			return p;
	}
	*nfc = sure;
	return NULL;
}

/* Report the bad byte at `bad`, counting lines and characters up to it. */
static void report_bad(const char *file, const unsigned char *p, const unsigned char *bad,
		       struct diag_list *d)
{
	int line = 1, col = 1;
	while (p < bad) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
		p += utf8_seq(p, (size_t)(bad - p));
	}
	if (*bad == 0)
		diag_report(d, R_NUL, file, line, col, "NUL byte in text (is this a binary file?)");
	else
		diag_report(d, R_UTF8, file, line, col,
			    "invalid UTF-8 byte 0x%02X; the file must be saved as UTF-8", *bad);
}

bool text_validate(const char *file, const char *s, size_t len, struct diag_list *d)
{
	const unsigned char *p = (const unsigned char *)s;
	bool nfc;
	const unsigned char *bad = scan(p, p + len, &nfc);
	if (bad)
		report_bad(file, p, bad, d);
	return !bad;
}

static bool surely_nfc(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	bool nfc = false;
	return !scan(p, p + len, &nfc) && nfc;
}

static char *nfc_slow(const char *s, size_t len, size_t *outlen);

char *text_nfc(const char *s, size_t len, size_t *outlen)
{
	if (surely_nfc(s, len)) {
		*outlen = len;
		return xstrndup(s, len);
	}
	return nfc_slow(s, len, outlen);
}

char *text_prepare(const char *file, const char *s, size_t len, size_t *outlen,
		   struct diag_list *d)
{
	const unsigned char *p = (const unsigned char *)s;
	bool nfc;
	const unsigned char *bad = scan(p, p + len, &nfc);
	if (bad) {
		report_bad(file, p, bad, d);
		return NULL;
	}
	if (nfc) {
		*outlen = len;
		return xstrndup(s, len);
	}
	return nfc_slow(s, len, outlen);
}

/* ICU's normalisation, for text the quick check could not vouch for. */
static char *nfc_slow(const char *s, size_t len, size_t *outlen)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	int32_t ulen = 0;
	UChar *u = NULL, *nu = NULL;
	if (U_FAILURE(err) || len > INT32_MAX / 2)
		goto copy;
	u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		goto copy;
	err = U_ZERO_ERROR;
	u = xmalloc(((size_t)ulen + 1) * sizeof *u);
	u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)len, &err);
	if (U_FAILURE(err))
		goto copy;
	if (unorm2_isNormalized(nfc, u, ulen, &err) && U_SUCCESS(err)) {
		free(u);
		*outlen = len;
		return xstrndup(s, len);
	}
	err = U_ZERO_ERROR;
	int32_t cap = ulen + 16;
	nu = xmalloc((size_t)cap * sizeof *nu);
	int32_t nlen = unorm2_normalize(nfc, u, ulen, nu, cap, &err);
	if (U_FAILURE(err))
		goto copy;
	int32_t blen = 0;
	err = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &blen, nu, nlen, &err);
	err = U_ZERO_ERROR;
	char *out = xmalloc((size_t)blen + 1);
	u_strToUTF8(out, blen + 1, NULL, nu, nlen, &err);
	free(u);
	free(nu);
	if (U_FAILURE(err)) {
		free(out);
		*outlen = len;
		return xstrndup(s, len);
	}
	*outlen = (size_t)blen;
	return out;
copy:
	free(u);
	free(nu);
	*outlen = len;
	return xstrndup(s, len);
}

unsigned text_next(const char **pp)
{
	const unsigned char *p = (const unsigned char *)*pp;
	unsigned c = *p;
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	unsigned cp = n == 1 ? c : c & (0x7F >> n);
	for (size_t i = 1; i < n && p[i]; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	*pp += n;
	return cp;
}

size_t text_utf8_put(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

void text_sb_add_cp(struct strbuf *b, unsigned cp)
{
	char u[4];
	sb_add(b, u, text_utf8_put(u, cp));
}

int text_char_col(const char *line_start, int byte_col)
{
	int col = 1;
	for (int i = 0; i < byte_col - 1 && line_start[i] && line_start[i] != '\n'; i++)
		if (((unsigned char)line_start[i] & 0xC0) != 0x80)
			col++;
	return col;
}

const char *text_line_start(const char *s, size_t len, int line)
{
	const char *p = s, *end = s + len;
	for (int l = 1; l < line; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return NULL;
		p++;
	}
	return p;
}

size_t text_count_words(const char *s)
{
	size_t n = 0;
	bool in_word = false;
	const char *p = s;
	while (*p) {
		unsigned c = text_next(&p);
		/* ASCII white space, no-break space and ideographic space separate words. */
		bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			     c == 0xA0 || c == 0x3000;
		if (!space && !in_word)
			n++;
		in_word = !space;
	}
	return n;
}

char *text_trim(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return xstrndup(s, n);
}

size_t text_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return (size_t)-1;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = prev + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
		}
	}
	return row[lb];
}

bool text_has_hangul(const char *s)
{
	while (s && *s) {
		unsigned c = text_next(&s);
		if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) ||
		    (c >= 0x3130 && c <= 0x318F))
			return true;
	}
	return false;
}
