/* A string-keyed hash map (open addressing, FNV-1a), for the places where
 * a volume of thousands of papers would make a linear search quadratic. */
#ifndef QUIRE_STRMAP_H
#define QUIRE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap {
	char **keys;    /* owned copies; NULL marks an empty slot */
	size_t *vals;
	size_t cap, n;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Insert or replace. */
void strmap_put(struct strmap *m, const char *key, size_t val);
/* True and *val set when present. */
bool strmap_get(const struct strmap *m, const char *key, size_t *val);

#endif
