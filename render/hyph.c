#include "render/hyph.h"

#include <hyphen.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/util.h"

#define DEFAULT_PATTERNS "/usr/share/hyphen/hyph_en_US.dic"
#define LEFT_MIN 2  /* TeX's \lefthyphenmin for English */
#define RIGHT_MIN 3 /* and \righthyphenmin */

struct slot {
	uint32_t hash;
	uint32_t off;   /* word offset in the arena + 1; 0 = empty slot */
	uint8_t len;
	uint64_t points;
};

#define HYPH_CACHE_MAX (1u << 18)

struct hyph {
	HyphenDict *dict;
	struct slot *tab;
	size_t cap, used;    /* cap is a power of two */
	struct strbuf arena; /* the cached words, lower case */
};

struct hyph *hyph_open(const char *path)
{
	HyphenDict *dict = hnj_hyphen_load(path ? path : DEFAULT_PATTERNS);
	if (!dict)
		return NULL;
	struct hyph *h = xcalloc(1, sizeof *h);
	h->dict = dict;
	h->cap = 1024;
	h->tab = xcalloc(h->cap, sizeof *h->tab);
	sb_init(&h->arena);
	return h;
}

void hyph_free(struct hyph *h)
{
	if (!h)
		return;
	hnj_hyphen_free(h->dict);
	free(h->tab);
	sb_free(&h->arena);
	free(h);
}

static uint32_t fnv1a(const char *s, size_t n)
{
	uint32_t x = 2166136261u;
	for (size_t i = 0; i < n; i++)
		x = (x ^ (unsigned char)s[i]) * 16777619u;
	return x;
}

static uint64_t compute(struct hyph *h, const char *w, size_t len)
{
	char hyphens[HYPH_MAX_WORD + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	uint64_t m = 0;
	memset(hyphens, 0, sizeof hyphens);
	if (hnj_hyphen_hyphenate2(h->dict, w, (int)len, hyphens, NULL, &rep, &pos, &cut) == 0) {
		for (size_t i = LEFT_MIN - 1; i + RIGHT_MIN < len; i++)
			/* Non-standard breaks (a changed spelling) are not used. */
			if ((hyphens[i] & 1) && !(rep && rep[i]))
				m |= (uint64_t)1 << i;
	}
	if (rep) {
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	return m;
}

static void rehash(struct hyph *h)
{
	size_t ncap = h->cap * 2;
	struct slot *nt = xcalloc(ncap, sizeof *nt);
	for (size_t i = 0; i < h->cap; i++) {
		if (!h->tab[i].off)
			continue;
		size_t j = h->tab[i].hash & (ncap - 1);
		while (nt[j].off)
			j = (j + 1) & (ncap - 1);
		nt[j] = h->tab[i];
	}
	free(h->tab);
	h->tab = nt;
	h->cap = ncap;
}

uint64_t hyph_points(struct hyph *h, const char *word, size_t len)
{
	if (!h || len < LEFT_MIN + RIGHT_MIN || len > HYPH_MAX_WORD)
		return 0;
	char w[HYPH_MAX_WORD + 1];
	bool all_caps = true;
	for (size_t i = 0; i < len; i++) {
		char c = word[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (c >= 'a' && c <= 'z')
			all_caps = false;
		else
			return 0;
		w[i] = c;
	}
	if (all_caps)
		return 0;
	w[len] = '\0';
	uint32_t hv = fnv1a(w, len);
	size_t j = hv & (h->cap - 1);
	for (; h->tab[j].off; j = (j + 1) & (h->cap - 1)) {
		const struct slot *s = &h->tab[j];
		if (s->hash == hv && s->len == len && memcmp(h->arena.s + s->off - 1, w, len) == 0)
			return s->points;
	}
	uint64_t m = compute(h, w, len);
	/* A language has a bounded vocabulary, but random text does not: past
	 * this many words the cache starts over rather than grow forever. */
	if (h->used >= HYPH_CACHE_MAX) {
		memset(h->tab, 0, h->cap * sizeof *h->tab);
		h->used = 0;
		h->arena.len = 0;
		j = hv & (h->cap - 1);
	}
	if ((h->used + 1) * 2 > h->cap) {
		rehash(h);
		j = hv & (h->cap - 1);
		while (h->tab[j].off)
			j = (j + 1) & (h->cap - 1);
	}
	size_t off = h->arena.len;
	sb_add(&h->arena, w, len);
	h->tab[j] = (struct slot){hv, (uint32_t)off + 1, (uint8_t)len, m};
	h->used++;
	return m;
}
