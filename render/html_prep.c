#include "render/html_prep.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proceedings/scratch.h"
#include "proceedings/util.h"
#include "render/tpl.h"

/* A prepared body waiting in the file at off: its HTML (len bytes), then
 * its outline and files (meta bytes, see put_meta).  The record is all
 * that stays in memory, so memory does not grow with the bodies. */
struct record {
	const struct paper_stub *s;
	off_t off;
	uint32_t len, meta; /* a body past 4 GB stays unprepared: its page makes it */
	bool taken;
};

struct html_prep {
	/* The bodies' HTML, one after another.  When no file can be made,
	 * every page parses its body again. */
	struct scratch_file spill;
	pthread_mutex_t lock; /* guards everything below while papers load */
	struct record *v;
	size_t n, cap;
	bool sorted;
};

struct html_prep *html_prep_new(void)
{
	struct html_prep *hp = xcalloc(1, sizeof *hp);
	pthread_mutex_init(&hp->lock, NULL);
	scratch_file_init(&hp->spill, "bodies");
	return hp;
}

void html_prep_free(struct html_prep *hp)
{
	if (!hp)
		return;
	free(hp->v);
	scratch_file_free(&hp->spill);
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
		char *label = tpl_node_text(h); /* formulas are raw markup */
		if (id && label && *label) {
			size_t c1 = cap;
			pr->ids = xgrow(pr->ids, &c1, pr->noutline + 1, sizeof *pr->ids);
			pr->labels = xgrow(pr->labels, &cap, pr->noutline + 1, sizeof *pr->labels);
			pr->ids[pr->noutline] = xstrdup((const char *)id);
			pr->labels[pr->noutline++] = xstrdup((const char *)label);
		}
		xmlFree(id);
		free(label);
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
	for (size_t i = 0; i < pr->noutline; i++) {
		free(pr->ids[i]);
		free(pr->labels[i]);
	}
	free(pr->ids);
	free(pr->labels);
	html_files_free(&pr->files);
	memset(pr, 0, sizeof *pr);
}

/* The outline and file list as NUL-terminated strings: the count of
 * sections, each id and label, the count of files, each source and name. */
static void put_meta(struct strbuf *b, const struct html_prepared *pr)
{
	char num[24];
	sb_add(b, num, (size_t)snprintf(num, sizeof num, "%zu", pr->noutline) + 1);
	for (size_t i = 0; i < pr->noutline; i++) {
		sb_add(b, pr->ids[i], strlen(pr->ids[i]) + 1);
		sb_add(b, pr->labels[i], strlen(pr->labels[i]) + 1);
	}
	sb_add(b, num, (size_t)snprintf(num, sizeof num, "%zu", pr->files.n) + 1);
	for (size_t i = 0; i < pr->files.n; i++) {
		sb_add(b, pr->files.v[i].src, strlen(pr->files.v[i].src) + 1);
		sb_add(b, pr->files.v[i].name, strlen(pr->files.v[i].name) + 1);
	}
}

/* The next string of a put_meta block, or NULL past its end. */
static const char *next_str(const char **p, const char *end)
{
	const char *s = *p;
	const char *nul = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
	if (!nul)
		return NULL;
	*p = nul + 1;
	return s;
}

static bool get_meta(struct html_prepared *pr, const char *p, const char *end)
{
	const char *s = next_str(&p, end);
	size_t n = s ? strtoul(s, NULL, 10) : 0;
	if (!s || n > (size_t)(end - p))
		return false;
	pr->ids = xcalloc(n ? n : 1, sizeof *pr->ids);
	pr->labels = xcalloc(n ? n : 1, sizeof *pr->labels);
	for (size_t i = 0; i < n; i++) {
		const char *id = next_str(&p, end), *label = id ? next_str(&p, end) : NULL;
		if (!label)
			return false;
		pr->ids[i] = xstrdup(id);
		pr->labels[i] = xstrdup(label);
		pr->noutline++;
	}
	s = next_str(&p, end);
	n = s ? strtoul(s, NULL, 10) : 0;
	if (!s || n > (size_t)(end - p))
		return false;
	pr->files.v = xcalloc(n ? n : 1, sizeof *pr->files.v);
	pr->files.cap = n ? n : 1;
	for (size_t i = 0; i < n; i++) {
		const char *src = next_str(&p, end), *name = src ? next_str(&p, end) : NULL;
		if (!name)
			return false;
		pr->files.v[i].src = xstrdup(src);
		pr->files.v[i].name = xstrdup(name);
		pr->files.n++;
	}
	return true;
}

static void prep_paper(void *ctx, const struct volume *v, const struct paper_stub *s)
{
	(void)v;
	struct html_prep *hp = ctx;
	const struct paper *p = s->whole;
	struct html_prepared pr;
	html_prepared_make(&pr, p, &p->body, p->refs);
	struct strbuf meta;
	sb_init(&meta);
	put_meta(&meta, &pr);
	off_t off;
	if (pr.len <= UINT32_MAX && meta.len <= UINT32_MAX &&
	    scratch_file_claim(&hp->spill, pr.len + meta.len, &off) &&
	    scratch_write(hp->spill.fd, off, pr.html, pr.len) &&
	    scratch_write(hp->spill.fd, off + (off_t)pr.len, meta.s, meta.len)) {
		pthread_mutex_lock(&hp->lock);
		hp->v = xgrow(hp->v, &hp->cap, hp->n + 1, sizeof *hp->v);
		hp->v[hp->n++] = (struct record){s, off, (uint32_t)pr.len, (uint32_t)meta.len, false};
		hp->sorted = false;
		pthread_mutex_unlock(&hp->lock);
	}
	sb_free(&meta);
	html_prepared_free(&pr);
}

struct vol_visitor html_prep_visitor(struct html_prep *hp)
{
	return (struct vol_visitor){prep_paper, hp};
}

static int by_paper(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct record *)a)->s;
	uintptr_t y = (uintptr_t)((const struct record *)b)->s;
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

bool html_prep_take(struct html_prep *hp, const struct paper_stub *s, struct html_prepared *out)
{
	memset(out, 0, sizeof *out);
	if (!hp || !hp->sorted || hp->spill.fd < 0 || !hp->n)
		return false;
	struct record key = {.s = s};
	struct record *r = bsearch(&key, hp->v, hp->n, sizeof *hp->v, by_paper);
	if (!r || r->taken)
		return false;
	/* One read: the HTML, then its outline and files. */
	size_t len = (size_t)r->len + r->meta;
	char *buf = xmalloc(len + 1);
	if (!scratch_read(hp->spill.fd, r->off, buf, len)) {
		free(buf);
		return false;
	}
	if (!get_meta(out, buf + r->len, buf + len)) {
		free(buf);
		html_prepared_free(out);
		return false;
	}
	buf[r->len] = '\0'; /* the HTML keeps the buffer; the rest was copied out */
	out->html = buf;
	out->len = r->len;
	r->taken = true; /* each page takes its own body, once */
	return true;
}
