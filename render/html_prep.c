#define _GNU_SOURCE /* pread, pwrite with off_t */
#include "render/html_prep.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proceedings/util.h"
#include "render/tpl.h"

struct record {
	const struct paper *p;
	off_t off;
	size_t len;
	char **ids, **labels;
	size_t noutline;
	struct html_files files;
};

struct html_prep {
	pthread_mutex_t lock; /* guards everything below while papers load */
	FILE *spill;          /* the bodies' HTML, one after another */
	off_t end;
	bool failed;          /* no file could be made: every page parses its body again */
	struct record *v;
	size_t n, cap;
	bool sorted;
};

struct html_prep *html_prep_new(void)
{
	struct html_prep *hp = xcalloc(1, sizeof *hp);
	pthread_mutex_init(&hp->lock, NULL);
	return hp;
}

static void free_outline(char **ids, char **labels, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ids[i]);
		free(labels[i]);
	}
	free(ids);
	free(labels);
}

void html_prep_free(struct html_prep *hp)
{
	if (!hp)
		return;
	for (size_t i = 0; i < hp->n; i++) {
		free_outline(hp->v[i].ids, hp->v[i].labels, hp->v[i].noutline);
		html_files_free(&hp->v[i].files);
	}
	free(hp->v);
	if (hp->spill)
		fclose(hp->spill);
	pthread_mutex_destroy(&hp->lock);
	free(hp);
}

/* The top-level sections of a body (h2, or h2 first in a section), for the
 * page's "On this page" list. */
static void collect_outline(struct html_prepared *pr, xmlNodePtr body)
{
	size_t cap = 0;
	for (xmlNodePtr c = body->children; c; c = c->next) {
		xmlNodePtr h = NULL;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(c->name, BAD_CAST "h2")) {
			h = c;
		} else if (xmlStrEqual(c->name, BAD_CAST "section")) {
			for (xmlNodePtr k = c->children; k && !h; k = k->next)
				if (k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, BAD_CAST "h2"))
					h = k;
		}
		if (!h)
			continue;
		xmlChar *id = xmlGetProp(h, BAD_CAST "id");
		xmlChar *label = xmlNodeGetContent(h);
		if (id && label && *label) {
			size_t c1 = cap;
			pr->ids = xgrow(pr->ids, &c1, pr->noutline + 1, sizeof *pr->ids);
			pr->labels = xgrow(pr->labels, &cap, pr->noutline + 1, sizeof *pr->labels);
			pr->ids[pr->noutline] = xstrdup((const char *)id);
			pr->labels[pr->noutline++] = xstrdup((const char *)label);
		}
		xmlFree(id);
		xmlFree(label);
	}
}

void html_prepared_make(struct html_prepared *out, const struct paper *p, const struct markdown *md,
			const struct paper_refs *refs)
{
	memset(out, 0, sizeof *out);
	/* Names the page writes beside the body's files. */
	html_files_reserve(&out->files, "index.html");
	html_files_reserve(&out->files, "paper.bib");
	html_files_reserve(&out->files, "paper.ris");
	char *pdf = xasprintf("%s.pdf", p->id);
	html_files_reserve(&out->files, pdf);
	free(pdf);
	struct html_body_opts bo = {.base_level = 2,
				    .lang = p->lang ? p->lang : "en",
				    .id_prefix = "",
				    .files = &out->files,
				    .refs = refs}; /* numbers and references as the PDF has them */
	xmlNodePtr body = html_body(md, &bo);
	collect_outline(out, body);
	out->html = tpl_serialize_children(body, &out->len);
	xmlFreeNode(body);
}

void html_prepared_free(struct html_prepared *pr)
{
	free(pr->html);
	free_outline(pr->ids, pr->labels, pr->noutline);
	html_files_free(&pr->files);
	memset(pr, 0, sizeof *pr);
}

static bool write_all(FILE *f, off_t off, const char *s, size_t len)
{
	int fd = fileno(f);
	while (len) {
		ssize_t w = pwrite(fd, s, len, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		len -= (size_t)w;
		off += w;
	}
	return true;
}

/* An unlinked file in $TMPDIR (or /tmp): it vanishes with the process,
 * however that ends. */
static FILE *spill_file(void)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/quire-bodies-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	FILE *f = NULL;
	if (fd >= 0) {
		unlink(path);
		f = fdopen(fd, "w+");
		if (!f)
			close(fd);
	}
	free(path);
	return f;
}

static void prep_paper(void *ctx, const struct volume *v, const struct paper *p)
{
	(void)v;
	struct html_prep *hp = ctx;
	struct html_prepared pr;
	html_prepared_make(&pr, p, &p->body, p->refs);
	/* Claim a stretch of the file, then fill it outside the lock. */
	pthread_mutex_lock(&hp->lock);
	if (!hp->spill && !hp->failed) {
		hp->spill = spill_file();
		hp->failed = hp->spill == NULL;
	}
	off_t off = hp->end;
	hp->end += (off_t)pr.len;
	bool ok = !hp->failed;
	pthread_mutex_unlock(&hp->lock);
	if (ok && !write_all(hp->spill, off, pr.html, pr.len))
		ok = false;
	pthread_mutex_lock(&hp->lock);
	if (ok) {
		/* The reserved names are only needed while the body is built. */
		for (size_t i = 0; i < pr.files.nreserved; i++)
			free(pr.files.reserved[i]);
		free(pr.files.reserved);
		pr.files.reserved = NULL;
		pr.files.nreserved = pr.files.rcap = 0;
		hp->v = xgrow(hp->v, &hp->cap, hp->n + 1, sizeof *hp->v);
		hp->v[hp->n++] = (struct record){p, off, pr.len, pr.ids, pr.labels, pr.noutline, pr.files};
		hp->sorted = false;
		memset(&pr.files, 0, sizeof pr.files);
		pr.ids = pr.labels = NULL;
		pr.noutline = 0;
	}
	pthread_mutex_unlock(&hp->lock);
	html_prepared_free(&pr);
}

struct vol_visitor html_prep_visitor(struct html_prep *hp)
{
	return (struct vol_visitor){prep_paper, hp};
}

static int by_paper(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct record *)a)->p;
	uintptr_t y = (uintptr_t)((const struct record *)b)->p;
	return (x > y) - (x < y);
}

void html_prep_seal(struct html_prep *hp)
{
	if (hp && !hp->sorted) {
		if (hp->n)
			qsort(hp->v, hp->n, sizeof *hp->v, by_paper);
		hp->sorted = true;
	}
}

static char **dup_all(char **v, size_t n)
{
	char **c = xcalloc(n ? n : 1, sizeof *c);
	for (size_t i = 0; i < n; i++)
		c[i] = xstrdup(v[i]);
	return c;
}

bool html_prep_take(const struct html_prep *hp, const struct paper *p, struct html_prepared *out)
{
	memset(out, 0, sizeof *out);
	if (!hp || !hp->sorted || !hp->spill || !hp->n)
		return false;
	struct record key = {.p = p};
	const struct record *r = bsearch(&key, hp->v, hp->n, sizeof *hp->v, by_paper);
	if (!r)
		return false;
	out->html = xmalloc(r->len + 1);
	size_t got = 0;
	while (got < r->len) {
		ssize_t n = pread(fileno(hp->spill), out->html + got, r->len - got, r->off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(out->html);
			out->html = NULL;
			return false;
		}
		got += (size_t)n;
	}
	out->html[r->len] = '\0';
	out->len = r->len;
	out->ids = dup_all(r->ids, r->noutline);
	out->labels = dup_all(r->labels, r->noutline);
	out->noutline = r->noutline;
	for (size_t i = 0; i < r->files.n; i++) {
		out->files.v = xgrow(out->files.v, &out->files.cap, out->files.n + 1, sizeof *out->files.v);
		out->files.v[out->files.n++] = (struct html_file){xstrdup(r->files.v[i].src),
								   xstrdup(r->files.v[i].name)};
	}
	return true;
}
