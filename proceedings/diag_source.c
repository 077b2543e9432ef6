/* The source line under a diagnostic, with a caret at its column, as GCC
 * prints it:
 *
 *   paper.md:11:32: warning: 'my figure.png' is not read as an image [link-unparsed]
 *      11 | ![Weekly visits by age group.](my figure.png)
 *         |                                ^
 *
 * Columns count characters; the caret is placed by display width, so a
 * Hangul syllable (two columns in a terminal) moves it by two.  A long
 * line is shown as a window around the column. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "text.h"
#include "util.h"

#define SOURCE_LIMIT (32u * 1024 * 1024)
#define WINDOW 100 /* display columns shown of a long line */

/* One code point at p (n bytes left): its length, or 1 with U+FFFD for
 * a byte that starts no valid UTF-8 (a file reported as invalid UTF-8). */
static size_t next_cp(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len = text_utf8_decode((const char *)p, n, cp);
	if (len)
		return len;
	*cp = 0xFFFD;
	return 1;
}

static int width(uint32_t c)
{
	if (c == '\t' || c < 0x20 || c == 0x7F)
		return 1; /* printed as a space */
	if (u_getCombiningClass((UChar32)c) || u_charType((UChar32)c) == U_NON_SPACING_MARK)
		return 0;
	int ea = u_getIntPropertyValue((UChar32)c, UCHAR_EAST_ASIAN_WIDTH);
	return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

static void put_cp(FILE *out, uint32_t c)
{
	char buf[4];
	/* tabs and control characters: one space, so the caret lines up */
	size_t n = text_utf8_put(buf, c < 0x20 || c == 0x7F ? ' ' : c);
	fwrite(buf, 1, n, out);
}

/* The file whose lines are being shown: diagnostics are sorted by file,
 * so each is read once. */
struct source {
	char *path;
	char *text;
	size_t len;
	int at_line;        /* a line already found, and where it starts: */
	const char *at;     /* sorted diagnostics walk forward from it */
};

static const char *line_of(struct source *s, const char *path, int line, size_t *n)
{
	if (!s->path || strcmp(s->path, path) != 0) {
		free(s->path);
		free(s->text);
		s->path = xstrdup(path);
		s->text = NULL;
		s->len = 0;
		if (read_file(path, SOURCE_LIMIT, &s->text, &s->len) != 0)
			s->text = NULL;
		s->at_line = 1;
		s->at = s->text;
	}
	if (!s->text)
		return NULL;
	const char *p = s->text, *end = s->text + s->len;
	int l = 1;
	if (line >= s->at_line) {
		p = s->at;
		l = s->at_line;
	}
	for (; l < line; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return NULL;
		p++;
	}
	s->at_line = line;
	s->at = p;
	const char *e = memchr(p, '\n', (size_t)(end - p));
	*n = (size_t)((e ? e : end) - p);
	if (*n && p[*n - 1] == '\r')
		(*n)--;
	return p;
}

static void excerpt(FILE *out, struct source *s, const struct diag *x, bool color)
{
	size_t n;
	const char *text = x->file && x->line > 0 ? line_of(s, x->file, x->line, &n) : NULL;
	if (!text)
		return;
	const unsigned char *p = (const unsigned char *)text, *end = p + n;
	/* Display column of the caret and of the line's end. */
	int caret = -1, total = 0, chars = 0;
	for (const unsigned char *q = p; q < end;) {
		uint32_t c;
		q += next_cp(q, (size_t)(end - q), &c);
		if (++chars == x->col)
			caret = total;
		total += width(c);
	}
	if (x->col > 0 && caret < 0)
		caret = total; /* just past the end: a missing character */
	int from = 0;
	if (total > WINDOW && caret > WINDOW / 2)
		from = caret - WINDOW / 2;
	int to = from + WINDOW;
	fprintf(out, "%5d | ", x->line);
	int at = 0;
	if (from > 0)
		fputs("\xE2\x80\xA6", out); /* … */
	for (const unsigned char *q = p; q < end;) {
		uint32_t c;
		q += next_cp(q, (size_t)(end - q), &c);
		int w = width(c);
		if (at >= from && at + w <= to)
			put_cp(out, c);
		at += w;
	}
	if (total > to)
		fputs("\xE2\x80\xA6", out);
	fputc('\n', out);
	if (caret < 0)
		return;
	fputs("      | ", out);
	for (int i = from > 0 ? from - 1 : 0; i < caret; i++)
		fputc(' ', out);
	fputs(color ? "\033[1;32m^\033[0m\n" : "^\n", out);
}

void diag_print_excerpts(FILE *out, const struct diag_list *d, bool color)
{
	struct source s = {0};
	for (size_t i = 0; i < d->n; i++) {
		diag_print_one(out, &d->v[i], color);
		excerpt(out, &s, &d->v[i], color);
	}
	free(s.path);
	free(s.text);
}
