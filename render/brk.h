/* Line-break opportunities (UAX #14).  ICU's line iterator decides for
 * text in other scripts than Latin (Korean above all: breaks between words
 * and between Hangul syllables, none before closing punctuation); plain
 * Latin text takes a fast path with the same answers for what it holds. */
#ifndef QUIRE_BRK_H
#define QUIRE_BRK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct brk;

struct brk *brk_open(void);
void brk_free(struct brk *b);

/* ok[i] (0 < i < n) is set when a line may break before cps[i]; ok[0] is
 * always 0.  Spaces stay in the text: a break after spaces is reported at
 * the first character that follows them.  `ok` has n entries. */
void brk_find(struct brk *b, const uint32_t *cps, size_t n, unsigned char *ok);

/* Hangul, kana and CJK ideographs: scripts written without hyphens, where a
 * line may also break inside a word. */
bool brk_is_cjk(uint32_t cp);

/* Closing punctuation a line must never start with. */
bool brk_is_closing(uint32_t cp);

#endif
