/* English hyphenation with libhyphen's TeX patterns, cached per word
 * (a paper repeats its vocabulary, and the patterns are the slow part). */
#ifndef QUIRE_HYPH_H
#define QUIRE_HYPH_H

#include <stddef.h>
#include <stdint.h>

#define HYPH_MAX_WORD 63 /* longer words are not hyphenated */

struct hyph;

/* Load the patterns at `path` (NULL: /usr/share/hyphen/hyph_en_US.dic).
 * Returns NULL if they cannot be read: text is then simply not hyphenated. */
struct hyph *hyph_open(const char *path);
void hyph_free(struct hyph *h);

/* Hyphenation points of an ASCII word of `len` letters: bit i of the result
 * set means a hyphen may follow letter i (0-based).  Words that are not all
 * ASCII letters, all-capital words (acronyms) and short words give 0. */
uint64_t hyph_points(struct hyph *h, const char *word, size_t len);

#endif
