/* The value tree templates are filled from: strings, lists, maps,
 * pre-built node trees and rendered templates.  Maps keep insertion order; they are small, so a
 * linear search is enough. */
#include "tpl_int.h"

#include <stdlib.h>
#include <string.h>

#include "proceedings/util.h"

struct tv {
	enum tv_kind kind;
	char *s;            /* TV_STR, TV_MARKUP */
	size_t len;         /* TV_MARKUP */
	struct tv **items;  /* TV_LIST items, TV_MAP values */
	char **keys;        /* TV_MAP */
	uint32_t *hash;     /* TV_MAP: each key's, compared before the key itself */
	size_t n, cap;
	xmlNodePtr frag;    /* TV_HTML */
	/* A lazy TV_LIST: n items made by make(ctx, i). */
	struct tv *(*make)(void *ctx, size_t i);
	void *ctx;
	void (*ctx_free)(void *ctx);
	/* A TV_MARKUP made where it is inserted: tpl rendered with data
	 * (both borrowed). */
	const struct tpl *tpl;
	const struct tv *data;
	/* tv_borrow: stands for this value, which it does not own. */
	const struct tv *alias;
};

/* What a value found in a map or list stands for. */
static const struct tv *deref(const struct tv *v)
{
	return v && v->alias ? v->alias : v;
}

static struct tv *tv_new(enum tv_kind k)
{
	struct tv *v = xcalloc(1, sizeof *v);
	v->kind = k;
	return v;
}

struct tv *tv_str(const char *s)
{
	struct tv *v = tv_new(TV_STR);
	v->s = xstrdup(s ? s : "");
	return v;
}

struct tv *tv_list(void)
{
	return tv_new(TV_LIST);
}

struct tv *tv_lazy_list(size_t n, struct tv *(*make)(void *ctx, size_t i), void *ctx,
			void (*ctx_free)(void *ctx))
{
	struct tv *v = tv_new(TV_LIST);
	v->n = n;
	v->make = make;
	v->ctx = ctx;
	v->ctx_free = ctx_free;
	return v;
}

struct tv *tv_map(void)
{
	return tv_new(TV_MAP);
}

struct tv *tv_borrow(const struct tv *v)
{
	struct tv *a = tv_new(deref(v)->kind);
	a->alias = deref(v);
	return a;
}

struct tv *tv_html(xmlNodePtr frag)
{
	struct tv *v = tv_new(TV_HTML);
	v->frag = frag;
	return v;
}

struct tv *tv_new_markup(char *s, size_t len)
{
	struct tv *v = tv_new(TV_MARKUP);
	v->s = s;
	v->len = len;
	return v;
}

struct tv *tv_serialized(char *s, size_t len)
{
	return tv_new_markup(s, len);
}

struct tv *tpl_value(const struct tpl *t, const struct tv *data)
{
	struct tv *v = tv_new(TV_MARKUP);
	v->tpl = t;
	v->data = data;
	return v;
}

const struct tpl *tv_markup_tpl(const struct tv *v, const struct tv **data)
{
	if (v->kind != TV_MARKUP || !v->tpl)
		return NULL;
	*data = v->data;
	return v->tpl;
}

const char *tv_markup(const struct tv *v, size_t *len)
{
	if (v->kind != TV_MARKUP)
		return NULL;
	*len = v->len;
	return v->s;
}

void tv_free(struct tv *v)
{
	if (!v)
		return;
	if (v->make) {
		if (v->ctx_free)
			v->ctx_free(v->ctx);
		free(v);
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		tv_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->hash);
	free(v->s);
	if (v->frag)
		xmlFreeNode(v->frag);
	free(v);
}

enum tv_kind tv_kind(const struct tv *v)
{
	return v->kind;
}

static void grow(struct tv *v)
{
	if (v->n < v->cap)
		return;
	size_t cap = v->cap;
	v->items = xgrow(v->items, &cap, v->n + 1, sizeof *v->items);
	if (v->kind == TV_MAP) {
		size_t kcap = v->cap, hcap = v->cap;
		v->keys = xgrow(v->keys, &kcap, v->n + 1, sizeof *v->keys);
		v->hash = xgrow(v->hash, &hcap, v->n + 1, sizeof *v->hash);
	}
	v->cap = cap;
}

struct tv *tv_set(struct tv *map, const char *key, struct tv *v)
{
	if (!v)
		return NULL;
	uint32_t h = (uint32_t)str_hash(key);
	for (size_t i = 0; i < map->n; i++)
		if (map->hash[i] == h && strcmp(map->keys[i], key) == 0) {
			tv_free(map->items[i]);
			map->items[i] = v;
			return v;
		}
	grow(map);
	map->keys[map->n] = xstrdup(key);
	map->hash[map->n] = h;
	map->items[map->n++] = v;
	return v;
}

void tv_set_str(struct tv *map, const char *key, const char *s)
{
	if (s)
		tv_set(map, key, tv_str(s));
}

struct tv *tv_push(struct tv *list, struct tv *v)
{
	if (list->make) {
		tv_free(v); /* a lazy list is made, not filled */
		return NULL;
	}
	grow(list);
	list->items[list->n++] = v;
	return v;
}

size_t tv_len(const struct tv *v)
{
	return v->kind == TV_LIST || v->kind == TV_MAP ? v->n : 0;
}

static const struct tv *get1(const struct tv *map, const char *key, size_t klen)
{
	if (!map || map->kind != TV_MAP)
		return NULL;
	/* Hashes first: the interface strings' map has about fifty keys, a
	 * page's data about as many, and every directive of a page asks. */
	uint32_t h = (uint32_t)str_hash_n(key, klen);
	for (size_t i = 0; i < map->n; i++)
		if (map->hash[i] == h && strncmp(map->keys[i], key, klen) == 0 &&
		    map->keys[i][klen] == '\0')
			return deref(map->items[i]);
	return NULL;
}

const struct tv *tv_get(const struct tv *map, const char *key)
{
	const struct tv *v = map;
	const char *p = key;
	while (v) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		v = get1(v, p, n);
		if (!dot)
			break;
		p = dot + 1;
	}
	return v;
}

const char *tv_text(const struct tv *v)
{
	return v && v->kind == TV_STR ? v->s : NULL;
}

const struct tv *tv_item(const struct tv *v, size_t i)
{
	return v->kind == TV_LIST && !v->make && i < v->n ? deref(v->items[i]) : NULL;
}

const struct tv *tv_each_item(const struct tv *list, size_t i, struct tv **made)
{
	*made = NULL;
	if (list->kind != TV_LIST || i >= list->n)
		return NULL;
	if (list->make)
		return *made = list->make(list->ctx, i);
	return deref(list->items[i]);
}

xmlNodePtr tv_frag(const struct tv *v)
{
	return v->kind == TV_HTML ? v->frag : NULL;
}
