/* Short texts kept on disk, and an index from text to number over them:
 * for the tables of names and iDs that would otherwise grow with every
 * person of an archive.  The texts wait in a scratch log (scratch.h) as
 * records that may form chains, newest first.  The index keeps a 32-bit
 * hash, a number and where the key was written: 16 bytes a slot, in a
 * table at most seven eighths full, so 18 to 37 bytes a key.  It confirms
 * a hit by reading the key back, so it answers exactly as a map of
 * strings would. */
#ifndef QUIRE_KEY_INDEX_H
#define QUIRE_KEY_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "scratch.h"

/* Append `text` as a record whose chain goes on at `prev` (-1: ends). */
off_t key_text_put(struct scratch_log *log, off_t prev, const char *text);
/* The text of the record at `at` (caller frees); *prev, when asked, the
 * next record of its chain. */
char *key_text_get(const struct scratch_log *log, off_t at, off_t *prev);
bool key_text_equals(const struct scratch_log *log, off_t at, const char *s);

struct key_index {
	uint32_t *hash; /* 0: an empty slot */
	uint32_t *who;
	off_t *key;     /* where the key's record is */
	size_t cap, n;
};

/* The number `key` was put with, or SIZE_MAX. */
size_t key_index_find(const struct key_index *x, const struct scratch_log *log, const char *key);
/* Add a key that key_index_find does not know, whose text is the record at
 * `at` of the log. */
void key_index_put(struct key_index *x, const char *key, size_t who, off_t at);
/* Make room for n keys at once: a table grown by doubling leaves the
 * smaller ones behind in the allocator for a while. */
void key_index_reserve(struct key_index *x, size_t n);
void key_index_free(struct key_index *x);

#endif
