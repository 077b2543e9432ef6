/* Text hygiene for every input file: UTF-8 validation with the position of
 * the first bad byte, NFC normalisation (macOS writes decomposed Hangul),
 * and the small measures the checks need. */
#ifndef QUIRE_TEXT_H
#define QUIRE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Check that `s` is valid UTF-8 without NUL bytes.  On failure report at the
 * offending byte's line and column and return false. */
bool text_validate(const char *file, const char *s, size_t len, struct diag_list *d);

/* Return an NFC copy of `s` (valid UTF-8), length in *outlen. */
char *text_nfc(const char *s, size_t len, size_t *outlen);

/* Both at once, in one pass over the bytes: NULL (reported as
 * text_validate does) or the NFC copy. */
char *text_prepare(const char *file, const char *s, size_t len, size_t *outlen,
		   struct diag_list *d);

/* Decode one UTF-8 code point at *p (valid input), advancing *p. */
unsigned text_next(const char **p);

/* Decode one code point of possibly invalid UTF-8 at p (n bytes left):
 * its length, or 0 when the bytes there are not valid UTF-8. */
size_t text_utf8_decode(const char *p, size_t n, uint32_t *cp);

/* Encode code point `cp` as UTF-8 into out[0..3]; returns the length. */
size_t text_utf8_put(char *out, unsigned cp);

struct strbuf;
/* Append code point `cp` to a string buffer as UTF-8. */
void text_sb_add_cp(struct strbuf *b, unsigned cp);

/* Column (1-based, in characters) of byte offset `byte_col` (1-based) on the
 * line starting at `line_start`. */
int text_char_col(const char *line_start, int byte_col);

/* Start of line `line` (1-based) in `s`, or NULL past the end. */
const char *text_line_start(const char *s, size_t len, int line);

/* Count words separated by white space: Korean counts eojeol (space-separated
 * units) as Korean word counts do, so the same rule serves both scripts. */
size_t text_count_words(const char *s);

/* Whether s holds any Hangul (syllables or jamo). */
bool text_has_hangul(const char *s);

/* Copy of `s` with leading and trailing ASCII white space removed. */
char *text_trim(const char *s);

/* Damerau-free Levenshtein distance, for did-you-mean hints. */
size_t text_edit_distance(const char *a, const char *b);

#endif
