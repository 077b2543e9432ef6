#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef QUIRE_MIMALLOC
#include <mimalloc.h>
#endif

static void out_of_memory(size_t n)
{
	fprintf(stderr, "quire: out of memory (allocating %zu bytes)\n", n);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void mem_release(void)
{
#ifdef QUIRE_MIMALLOC
	/* Not forced: a forced collect also takes in what finished threads
	 * left behind, and raised the peak of a 1,000-paper archive by half
	 * a megabyte. */
	mi_collect(false);
#endif
}

uint64_t str_hash_n(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

uint64_t str_hash(const char *s)
{
	return str_hash_n(s, strlen(s));
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Does `fmt` have only %s directives (no width, no %%, no other type)? */
static bool only_strings(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 2, '%'))
		if (p[1] != 's')
			return false;
	return true;
}

/* "%s%s", "#%s-%s" and the like, most of the calls, joined without
 * printf's machinery (a tenth of the instructions); NULL reads as glibc
 * prints it. */
static void sb_vcat(struct strbuf *b, const char *fmt, va_list ap)
{
	for (const char *p = fmt;;) {
		const char *pc = strchr(p, '%');
		if (!pc) {
			sb_adds(b, p);
			return;
		}
		sb_add(b, p, (size_t)(pc - p));
		const char *arg = va_arg(ap, const char *);
		sb_adds(b, arg ? arg : "(null)");
		p = pc + 2;
	}
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	if (only_strings(fmt)) {
		/* measured first, so the string is allocated exactly: many are kept */
		size_t n = strlen(fmt);
		va_start(ap, fmt);
		for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 2, '%')) {
			const char *arg = va_arg(ap, const char *);
			n += strlen(arg ? arg : "(null)") - 2;
		}
		va_end(ap);
		struct strbuf b = {.s = xmalloc(n + 1), .len = 0, .cap = n + 1};
		va_start(ap, fmt);
		sb_vcat(&b, fmt, ap);
		va_end(ap);
		return b.s;
	}
	/* Formatted once on the stack when it fits, then copied exactly: most
	 * of these strings are short and many are kept. */
	char small[256];
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof small)
		return xstrndup(small, (size_t)n);
	struct strbuf b;
	sb_init(&b);
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	return sb_steal(&b);
}

void *xgrow(void *v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return v;
	size_t c = *cap ? *cap : 8;
	while (c < need)
		c *= 2;
	v = xrealloc(v, c * size);
	*cap = c;
	return v;
}

void sb_init(struct strbuf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void sb_grow(struct strbuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
		b->s = xgrow(b->s, &b->cap, b->len + extra + 1, 1);
}

void sb_adds(struct strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* Formatted once into the room there is, and again only when it did not
 * fit: most strings are short. */
void sb_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
	if (only_strings(fmt)) {
		va_list aq;
		va_copy(aq, ap);
		sb_vcat(b, fmt, aq);
		va_end(aq);
		return;
	}
	sb_grow(b, 64);
	size_t room = b->cap - b->len;
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(b->s + b->len, room, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->s[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		sb_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

char *sb_steal(struct strbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	sb_init(b);
	return s;
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	sb_init(b);
}

int read_file(const char *path, size_t limit, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		errno = EISDIR;
		return -1;
	}
	struct strbuf b;
	sb_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > limit) {
			sb_free(&b);
			fclose(f);
			errno = EFBIG;
			return -1;
		}
		sb_add(&b, chunk, n);
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		sb_free(&b);
		errno = EIO;
		return -1;
	}
	*len = b.len;
	*data = sb_steal(&b);
	return 0;
}

char *path_join(const char *dir, const char *rel)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 0 || (n == 1 && dir[0] == '.'))
		return xstrdup(rel);
	return xasprintf("%.*s/%s", (int)n, dir, rel);
}

bool str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

bool str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

enum { POOL_BLOCK = 64 * 1024 };

const char *pool_add(struct str_pool *p, const char *s)
{
	size_t len = strlen(s) + 1;
	if (!p->n || p->room - p->used < len) {
		p->room = len > POOL_BLOCK ? len : POOL_BLOCK;
		p->blocks = xrealloc(p->blocks, (p->n + 1) * sizeof *p->blocks);
		p->blocks[p->n++] = xmalloc(p->room);
		p->used = 0;
	}
	char *at = p->blocks[p->n - 1] + p->used;
	memcpy(at, s, len);
	p->used += len;
	return at;
}

void pool_free(struct str_pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->blocks[i]);
	free(p->blocks);
	*p = (struct str_pool){0};
}
