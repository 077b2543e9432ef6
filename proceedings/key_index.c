#include "key_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A record: the next of its chain, the length, then the text. */
enum { REC_HEAD = sizeof(int64_t) + sizeof(uint32_t) };

off_t key_text_put(struct scratch_log *log, off_t prev, const char *text)
{
	size_t len = strlen(text);
	char head[REC_HEAD];
	int64_t p = prev;
	uint32_t n = (uint32_t)len;
	memcpy(head, &p, sizeof p);
	memcpy(head + sizeof p, &n, sizeof n);
	off_t at = scratch_log_add(log, head, sizeof head);
	scratch_log_add(log, text, len);
	return at;
}

char *key_text_get(const struct scratch_log *log, off_t at, off_t *prev)
{
	char head[REC_HEAD];
	scratch_log_get(log, at, head, sizeof head);
	int64_t p;
	uint32_t n;
	memcpy(&p, head, sizeof p);
	memcpy(&n, head + sizeof p, sizeof n);
	char *text = xmalloc((size_t)n + 1);
	scratch_log_get(log, at + REC_HEAD, text, n);
	text[n] = '\0';
	if (prev)
		*prev = (off_t)p;
	return text;
}

bool key_text_equals(const struct scratch_log *log, off_t at, const char *s)
{
	char *t = key_text_get(log, at, NULL);
	bool same = strcmp(t, s) == 0;
	free(t);
	return same;
}

static uint32_t key_hash(const char *s)
{
	uint32_t h = (uint32_t)str_hash(s);
	return h ? h : 1; /* 0 marks an empty slot */
}

size_t key_index_find(const struct key_index *x, const struct scratch_log *log, const char *key)
{
	if (!x->cap)
		return SIZE_MAX;
	uint32_t h = key_hash(key);
	for (size_t i = h & (x->cap - 1); x->hash[i]; i = (i + 1) & (x->cap - 1))
		if (x->hash[i] == h && key_text_equals(log, x->key[i], key))
			return x->who[i];
	return SIZE_MAX;
}

static void slot_put(struct key_index *x, uint32_t h, uint32_t who, off_t key)
{
	size_t i = h & (x->cap - 1);
	while (x->hash[i])
		i = (i + 1) & (x->cap - 1);
	x->hash[i] = h;
	x->who[i] = who;
	x->key[i] = key;
}

/* Room for n keys, the table seven eighths full at most: a miss then
 * looks at about 30 slots, comparing their hashes, which cost less than
 * the memory of a sparser table. */
void key_index_reserve(struct key_index *x, size_t n)
{
	size_t cap = x->cap ? x->cap : 64;
	while (n * 8 > cap * 7)
		cap *= 2;
	if (cap == x->cap)
		return;
	struct key_index old = *x;
	x->cap = cap;
	x->hash = xcalloc(cap, sizeof *x->hash);
	x->who = xcalloc(cap, sizeof *x->who);
	x->key = xcalloc(cap, sizeof *x->key);
	for (size_t i = 0; i < old.cap; i++)
		if (old.hash[i])
			slot_put(x, old.hash[i], old.who[i], old.key[i]);
	key_index_free(&old);
}

void key_index_put(struct key_index *x, const char *key, size_t who, off_t at)
{
	if (who >= UINT32_MAX) {
		/* Four billion people: far beyond any archive; refuse rather than mix them up. */
		fprintf(stderr, "quire: too many keys for one index\n");
		exit(2);
	}
	key_index_reserve(x, x->n + 1);
	slot_put(x, key_hash(key), (uint32_t)who, at);
	x->n++;
}

void key_index_free(struct key_index *x)
{
	free(x->hash);
	free(x->who);
	free(x->key);
}
