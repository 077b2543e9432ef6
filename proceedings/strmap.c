#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	strmap_init(m);
}

static size_t slot(const struct strmap *m, const char *key)
{
	size_t i = (size_t)str_hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void grow(struct strmap *m)
{
	struct strmap bigger = {0};
	bigger.cap = m->cap ? m->cap * 2 : 16;
	bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.vals = xcalloc(bigger.cap, sizeof *bigger.vals);
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = slot(&bigger, m->keys[i]);
		bigger.keys[j] = m->keys[i];
		bigger.vals[j] = m->vals[i];
		bigger.n++;
	}
	free(m->keys);
	free(m->vals);
	*m = bigger;
}

void strmap_put(struct strmap *m, const char *key, size_t val)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	size_t i = slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = xstrdup(key);
		m->n++;
	}
	m->vals[i] = val;
}

bool strmap_get(const struct strmap *m, const char *key, size_t *val)
{
	if (!m->cap)
		return false;
	size_t i = slot(m, key);
	if (!m->keys[i])
		return false;
	if (val)
		*val = m->vals[i];
	return true;
}
