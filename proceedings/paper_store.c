#include "paper_store.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scratch.h"
#include "util.h"

struct paper_store {
	struct scratch_file file; /* none made: papers stay whole */
};

struct paper_store *paper_store_new(void)
{
	struct paper_store *st = xcalloc(1, sizeof *st);
	scratch_file_init(&st->file, "papers");
	return st;
}

void paper_store_free(struct paper_store *st)
{
	if (!st)
		return;
	scratch_file_free(&st->file);
	free(st);
}

/* ---- writing: a record is the fields in a fixed order; `arena` adds up
 * the memory the structs will need when the record is read back, so the
 * reader makes one allocation for the whole paper. ---- */

#define ALIGN_TO _Alignof(max_align_t)

static size_t aligned(size_t n)
{
	return (n + ALIGN_TO - 1) / ALIGN_TO * ALIGN_TO;
}

struct writer {
	struct strbuf b;
	size_t arena;
};

static void put_n(struct writer *w, size_t n)
{
	uint32_t x = (uint32_t)n;
	sb_add(&w->b, (const char *)&x, sizeof x);
}

static void put_str(struct writer *w, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0; /* 0 is NULL; "" is 1 */
	put_n(w, n);
	sb_add(&w->b, s ? s : "", n);
}

/* Every position of a paper is in its paper.md, so only whether there is
 * a file is kept. */
static void put_pos(struct writer *w, const struct srcpos *pos)
{
	int32_t x[3] = {pos->file != NULL, pos->line, pos->col};
	sb_add(&w->b, (const char *)x, sizeof x);
}

static void put_array(struct writer *w, size_t n, size_t size)
{
	put_n(w, n);
	w->arena += aligned(n * size);
}

static void put_mtext(struct writer *w, const struct mtext *t)
{
	put_array(w, t->n, sizeof *t->v);
	for (size_t i = 0; i < t->n; i++) {
		put_str(w, t->v[i].lang);
		put_str(w, t->v[i].text);
		put_pos(w, &t->v[i].pos);
	}
}

static void put_person(struct writer *w, const struct person *a)
{
	put_mtext(w, &a->name);
	put_mtext(w, &a->given);
	put_mtext(w, &a->family);
	put_str(w, a->orcid);
	put_str(w, a->email);
	put_mtext(w, &a->affiliation);
	put_array(w, a->naff, sizeof *a->aff_index);
	w->arena += aligned(a->naff * sizeof *a->aff_pos);
	for (size_t i = 0; i < a->naff; i++) {
		put_str(w, a->aff_index[i]);
		put_pos(w, &a->aff_pos[i]);
	}
	put_n(w, (size_t)a->corresponding | (size_t)a->equal_contrib << 1);
	put_pos(w, &a->pos);
	put_pos(w, &a->orcid_pos);
}

static void put_paper(struct writer *w, const struct paper *p)
{
	w->arena = aligned(sizeof *p);
	put_mtext(w, &p->title);
	put_mtext(w, &p->subtitle);
	put_mtext(w, &p->short_title);
	put_array(w, p->nauthors, sizeof *p->authors);
	for (size_t i = 0; i < p->nauthors; i++)
		put_person(w, &p->authors[i]);
	put_array(w, p->naffiliations, sizeof *p->affiliations);
	for (size_t i = 0; i < p->naffiliations; i++) {
		put_str(w, p->affiliations[i].index);
		put_mtext(w, &p->affiliations[i].name);
		put_str(w, p->affiliations[i].ror);
		put_pos(w, &p->affiliations[i].pos);
	}
	put_array(w, p->keywords.n, sizeof *p->keywords.v);
	for (size_t i = 0; i < p->keywords.n; i++)
		put_mtext(w, &p->keywords.v[i]);
	put_mtext(w, &p->abstract);
	put_str(w, p->lang);
	put_str(w, p->date);
	put_str(w, p->bibliography);
	put_str(w, p->license);
	put_str(w, p->doi);
	put_str(w, p->repository);
	const struct srcpos *pos[] = {&p->title_pos, &p->abstract_pos, &p->lang_pos,
				      &p->date_pos,  &p->bib_pos,      &p->fm_pos};
	for (size_t i = 0; i < sizeof pos / sizeof *pos; i++)
		put_pos(w, pos[i]);
	put_n(w, p->front_matter_ok);
}

bool paper_store_put(struct paper_store *st, struct paper_stub *s)
{
	struct writer w = {0};
	sb_init(&w.b);
	put_paper(&w, s->whole);
	if (w.b.len > UINT32_MAX || w.arena > UINT32_MAX) { /* beyond a stub's reach */
		sb_free(&w.b);
		return false;
	}
	off_t off;
	bool ok = scratch_file_claim(&st->file, w.b.len, &off) &&
		  scratch_write(st->file.fd, off, w.b.s, w.b.len);
	if (ok) {
		paper_free(s->whole);
		s->whole = NULL;
		s->stored.off = (long long)off;
		s->stored.len = (uint32_t)w.b.len;
		s->stored.arena = (uint32_t)w.arena;
	}
	sb_free(&w.b);
	return ok;
}

/* ---- reading back: the record is read into the end of one block and
 * the structs are laid out at its start; strings point into the record. */

struct reader {
	char *p, *end;
	char *arena;
	size_t used, cap;
	const char *file; /* the paper's path, for positions */
	bool bad;
};

static size_t get_n(struct reader *r)
{
	uint32_t x = 0;
	if (r->end - r->p < (ptrdiff_t)sizeof x) {
		r->bad = true;
		return 0;
	}
	memcpy(&x, r->p, sizeof x);
	r->p += sizeof x;
	return x;
}

static char *get_str(struct reader *r)
{
	size_t n = get_n(r);
	if (!n)
		return NULL;
	if ((size_t)(r->end - r->p) < n || r->p[n - 1] != '\0') {
		r->bad = true;
		return NULL;
	}
	char *s = r->p;
	r->p += n;
	return s;
}

static struct srcpos get_pos(struct reader *r)
{
	int32_t x[3] = {0};
	if (r->end - r->p < (ptrdiff_t)sizeof x) {
		r->bad = true;
		return (struct srcpos){0};
	}
	memcpy(x, r->p, sizeof x);
	r->p += sizeof x;
	return (struct srcpos){x[0] ? r->file : NULL, x[1], x[2]};
}

static void *take(struct reader *r, size_t n, size_t size)
{
	size_t need = aligned(n * size);
	if (!n || r->bad)
		return NULL;
	if (need > r->cap - r->used) {
		r->bad = true;
		return NULL;
	}
	void *v = r->arena + r->used;
	r->used += need;
	memset(v, 0, need);
	return v;
}

/* A count and the array for it; the count is 0 when the array could not
 * be made. */
static void *get_array(struct reader *r, size_t *n, size_t size)
{
	*n = get_n(r);
	void *v = take(r, *n, size);
	if (!v)
		*n = 0;
	return v;
}

static void get_mtext(struct reader *r, struct mtext *t)
{
	t->v = get_array(r, &t->n, sizeof *t->v);
	for (size_t i = 0; i < t->n; i++) {
		t->v[i].lang = get_str(r);
		t->v[i].text = get_str(r);
		t->v[i].pos = get_pos(r);
	}
}

static void get_person(struct reader *r, struct person *a)
{
	get_mtext(r, &a->name);
	get_mtext(r, &a->given);
	get_mtext(r, &a->family);
	a->orcid = get_str(r);
	a->email = get_str(r);
	get_mtext(r, &a->affiliation);
	a->aff_index = get_array(r, &a->naff, sizeof *a->aff_index);
	a->aff_pos = take(r, a->naff, sizeof *a->aff_pos);
	if (!a->aff_pos)
		a->naff = 0;
	for (size_t i = 0; i < a->naff; i++) {
		a->aff_index[i] = get_str(r);
		a->aff_pos[i] = get_pos(r);
	}
	size_t flags = get_n(r);
	a->corresponding = flags & 1;
	a->equal_contrib = flags & 2;
	a->pos = get_pos(r);
	a->orcid_pos = get_pos(r);
}

static void get_paper(struct reader *r, struct paper *p)
{
	get_mtext(r, &p->title);
	get_mtext(r, &p->subtitle);
	get_mtext(r, &p->short_title);
	p->authors = get_array(r, &p->nauthors, sizeof *p->authors);
	for (size_t i = 0; i < p->nauthors; i++)
		get_person(r, &p->authors[i]);
	p->affiliations = get_array(r, &p->naffiliations, sizeof *p->affiliations);
	for (size_t i = 0; i < p->naffiliations; i++) {
		p->affiliations[i].index = get_str(r);
		get_mtext(r, &p->affiliations[i].name);
		p->affiliations[i].ror = get_str(r);
		p->affiliations[i].pos = get_pos(r);
	}
	p->keywords.v = get_array(r, &p->keywords.n, sizeof *p->keywords.v);
	for (size_t i = 0; i < p->keywords.n; i++)
		get_mtext(r, &p->keywords.v[i]);
	get_mtext(r, &p->abstract);
	p->lang = get_str(r);
	p->date = get_str(r);
	p->bibliography = get_str(r);
	p->license = get_str(r);
	p->doi = get_str(r);
	p->repository = get_str(r);
	struct srcpos *pos[] = {&p->title_pos, &p->abstract_pos, &p->lang_pos,
				&p->date_pos,  &p->bib_pos,      &p->fm_pos};
	for (size_t i = 0; i < sizeof pos / sizeof *pos; i++)
		*pos[i] = get_pos(r);
	p->front_matter_ok = get_n(r);
}

/* The store is a file this process wrote a moment ago; failing to read
 * it back is like running out of memory. */
static void lost(const char *why)
{
	fprintf(stderr, "quire: cannot read back the papers kept in a temporary file: %s\n", why);
	exit(2);
}

const struct paper *paper_meta_open(const struct volume *v, const struct paper_stub *s)
{
	if (s->whole)
		return s->whole;
	if (!v->store || v->store->file.fd < 0)
		lost("no file");
	size_t len = s->stored.len, cap = s->stored.arena;
	char *block = xmalloc(cap + len);
	char *rec = block + cap;
	errno = 0;
	if (!scratch_read(v->store->file.fd, (off_t)s->stored.off, rec, len))
		lost(errno ? strerror(errno) : "the file is shorter than written");
	struct reader r = {.p = rec, .end = rec + len, .arena = block, .cap = cap, .file = s->path};
	struct paper *m = take(&r, 1, sizeof *m);
	if (!m)
		lost("a record is damaged");
	get_paper(&r, m);
	if (r.bad || r.p != r.end)
		lost("a record is damaged");
	/* The stub's names, borrowed. */
	m->id = s->id;
	m->dir = s->dir;
	m->path = s->path;
	m->body.path = s->path;
	m->body.dir = s->dir;
	return m;
}

void paper_meta_close(const struct paper_stub *s, const struct paper *m)
{
	if (m && m != s->whole)
		free((void *)m); /* the block starts with the paper */
}

void paper_meta_each(const struct volume *const *vols, size_t nvols, paper_meta_fn *fn, void *ctx)
{
	for (size_t vi = 0; vi < nvols; vi++)
		for (size_t pi = 0; pi < vols[vi]->npapers; pi++) {
			const struct paper_stub *stub = vols[vi]->papers[pi];
			const struct paper *p = paper_meta_open(vols[vi], stub);
			fn(ctx, vi, pi, p);
			paper_meta_close(stub, p);
		}
}
