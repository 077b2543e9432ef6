/* Small helpers shared by every module: checked allocation, a growable
 * string buffer and whole-file reading.  Allocation failure ends the
 * process with a message: no caller ever sees NULL from these. */
#ifndef QUIRE_UTIL_H
#define QUIRE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* After a step that freed large tables: hand that memory back before the
 * next step allocates its own.  mimalloc keeps freed pages for about
 * 100 ms, and the next step's tables would stack on them. */
void mem_release(void);
char *xstrdup(const char *s);
/* FNV-1a of a string, for the hash tables. */
uint64_t str_hash(const char *s);
/* The same of the n bytes at s (a key inside a longer string). */
uint64_t str_hash_n(const char *s, size_t n);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow a dynamic array of `*cap` elements of `size` bytes so that it holds
 * at least `need` elements. */
void *xgrow(void *v, size_t *cap, size_t need, size_t size);

struct strbuf {
	char *s;     /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

void sb_init(struct strbuf *b);
/* Make room for `extra` more bytes and the NUL (out of line: rare). */
void sb_grow(struct strbuf *b, size_t extra);

/* Appending is most of what writing a page is, so the common case (room
 * left) is inline. */
static inline void sb_add(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		sb_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static inline void sb_addc(struct strbuf *b, char c)
{
	if (b->len + 2 > b->cap)
		sb_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void sb_adds(struct strbuf *b, const char *s);
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *b, const char *fmt, va_list ap);
char *sb_steal(struct strbuf *b); /* returns the string ("" if empty) and resets b */
void sb_free(struct strbuf *b);

/* Strings kept together until the pool is freed, in blocks that never
 * move, so that pointers into them stay valid and the pool grows without
 * copying what it holds. */
struct str_pool {
	char **blocks;
	size_t n;
	size_t used, room; /* in the newest block */
};
const char *pool_add(struct str_pool *p, const char *s);
void pool_free(struct str_pool *p);

/* Read a whole file.  Returns 0 and sets *data (NUL-terminated, owned by the
 * caller) and *len, or -1 with errno set.  Files over `limit` bytes fail
 * with EFBIG. */
int read_file(const char *path, size_t limit, char **data, size_t *len);

/* Join a directory and a relative path with one '/'. */
char *path_join(const char *dir, const char *rel);

bool str_eq(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);

#endif
