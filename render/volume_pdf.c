#include "render/volume_pdf.h"

#include <stdlib.h>
#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/model.h"
#include "proceedings/paper_store.h"
#include "proceedings/util.h"
#include "render/authorindex_pdf.h"
#include "render/frontpages.h"
#include "render/furniture.h"
#include "render/layout.h"
#include "render/paper_pdf.h"
#include "render/pdfdev.h"
#include "render/titleblock.h"
#include "render/toc.h"
#include "render/typeset.h"
#include "render/vpage.h"

static bool stopped(const struct vpdf_hooks *h)
{
	return h && h->stop && *h->stop;
}

/* A session's bookmark goes before its first paper's, on the same page. */
static void session_mark(struct layout_doc *doc, size_t pi, const struct volume *v, int s)
{
	const char *lang = v->nlanguages ? v->languages[0] : "en";
	const char *t = mtext_get(&v->sessions[s].title, lang);
	if (!t)
		t = v->sessions[s].id;
	struct dl_item ol = {.kind = DL_OUTLINE, .ref = 1, .x = 0, .y = 0};
	ol.len = (uint32_t)strlen(t);
	ol.str = layout_str(doc, t, ol.len);
	layout_insert(&doc->pages[pi], 0, &ol);
}

static bool set_papers(struct vpdf *vb, struct vpage *vp, const struct vpdf_hooks *h,
		       struct diag_list *d)
{
	const struct volume *v = vb->v;
	struct layout_doc *doc = ts_doc(vb->ts);
	int session = -1;
	for (size_t i = 0; i < v->npapers; i++) {
		if (stopped(h))
			return false;
		const struct paper_stub *stub = v->papers[i];
		const struct paper *p = paper_meta_open(v, stub);
		if (h && h->progress)
			h->progress(h->ctx, i, v->npapers, "typesetting", p->id);
		vp_recto(vp);
		ts_set_outline_level(vb->ts, stub->session >= 0 ? 2 : 1);
		size_t at = doc->npages;
		int n = ts_paper(vb->ts, p, vp->next, d);
		vb->first[i] = vp->next;
		vb->last[i] = vp->next + n - 1;
		vb->page0[i] = at;
		vb->page1[i] = at + (size_t)n - 1;
		vp->next += n;
		if (stub->session >= 0 && stub->session != session && (size_t)stub->session < v->nsessions)
			session_mark(doc, at, v, stub->session);
		session = stub->session;
		paper_meta_close(stub, p);
	}
	return true;
}

static void front_matter(struct vpdf *vb, int index_page, struct diag_list *d)
{
	const struct volume *v = vb->v;
	struct vpage vp;
	vp_init(&vp, vb->ts, v, 1, LAYOUT_ROMAN, d);
	fp_cover(&vp);
	fp_title(&vp);
	fp_copyright(&vp);
	for (size_t i = 0; i < v->nfront; i++)
		fp_markdown(&vp, &v->front[i]);
	fp_committees(&vp);
	toc_build(&vp, vb->first, index_page);
	toc_program(&vp);
	/* Page 1 must be a right-hand page too. */
	vp_recto(&vp);
	vp_free(&vp);
}

static void volume_meta(struct vpdf *vb)
{
	const struct volume *v = vb->v;
	struct layout_meta *m = &ts_doc(vb->ts)->meta;
	const char *lang = v->nlanguages ? v->languages[0] : "en";
	layout_set_meta(&m->title, mtext_get(&v->title, lang));
	struct strbuf s;
	sb_init(&s);
	for (size_t i = 0; i < v->neditors; i++) {
		const char *n = mtext_get(&v->editors[i].name, lang);
		if (n)
			sb_printf(&s, "%s%s", s.len ? ", " : "", n);
	}
	layout_set_meta(&m->author, s.s);
	sb_free(&s);
	const char *sub = mtext_get(&v->subtitle, lang);
	if (!sub)
		sub = mtext_get(&v->series, lang);
	layout_set_meta(&m->subject, sub);
	/* Keywords: every paper's, once each, in the volume's language. */
	sb_init(&s);
	size_t nk = 0;
	for (size_t i = 0; i < v->npapers && nk < 40; i++) {
		const struct paper *p = paper_meta_open(v, v->papers[i]);
		const struct mlist *k = &p->keywords;
		for (size_t j = 0; j < k->n && nk < 40; j++) {
			const struct mtext_entry *e = mtext_find(&k->v[j], lang, p->lang ? p->lang : "en");
			const char *w = e ? e->text : NULL;
			if (!w)
				continue;
			bool seen = false;
			for (const char *q = s.s; q && (q = strstr(q, w)) && !seen; q++)
				seen = (q == s.s || q[-1] == ' ') && (q[strlen(w)] == ',' || !q[strlen(w)]);
			if (seen)
				continue;
			sb_printf(&s, "%s%s", s.len ? ", " : "", w);
			nk++;
		}
		paper_meta_close(v->papers[i], p);
	}
	layout_set_meta(&m->keywords, s.s);
	sb_free(&s);
	layout_set_meta(&m->lang, lang);
}

struct vpdf *vpdf_typeset(const struct volume *v, const struct vpdf_hooks *h, struct diag_list *d)
{
	struct typesetter *ts = ts_new(v, d);
	if (!ts)
		return NULL;
	ts_set_volume(ts, true);
	struct vpdf *vb = xcalloc(1, sizeof *vb);
	vb->v = v;
	vb->ts = ts;
	size_t n = v->npapers ? v->npapers : 1;
	vb->first = xcalloc(n, sizeof *vb->first);
	vb->last = xcalloc(n, sizeof *vb->last);
	vb->page0 = xcalloc(n, sizeof *vb->page0);
	vb->page1 = xcalloc(n, sizeof *vb->page1);

	struct vpage body;
	vp_init(&body, ts, v, 1, LAYOUT_DECIMAL, d);
	bool ok = set_papers(vb, &body, h, d);
	int index_page = ok ? aidx_build(&body, vb->first) : 0;
	vp_free(&body);
	if (!ok || stopped(h)) {
		vpdf_free(vb);
		return NULL;
	}
	if (h && h->progress)
		h->progress(h->ctx, v->npapers, v->npapers, "typesetting", "front matter");
	struct layout_doc *doc = ts_doc(ts);
	size_t nbody = doc->npages;
	front_matter(vb, index_page, d);
	size_t nfront = doc->npages - nbody;
	layout_rotate_tail(doc, nbody);
	for (size_t i = 0; i < v->npapers; i++) {
		vb->page0[i] += nfront;
		vb->page1[i] += nfront;
	}
	vb->npages = doc->npages;
	volume_meta(vb);
	return vb;
}

void vpdf_free(struct vpdf *vb)
{
	if (!vb)
		return;
	ts_free(vb->ts);
	free(vb->first);
	free(vb->last);
	free(vb->page0);
	free(vb->page1);
	free(vb);
}

int vpdf_write_volume(struct vpdf *vb, const char *path, struct diag_list *d)
{
	char err[512];
	if (pdfdev_write(ts_doc(vb->ts), path, err, sizeof err) != 0) {
		diag_report(d, R_IO, path, 0, 0, "%s", err);
		return -1;
	}
	return 0;
}

int vpdf_write_offprint(struct vpdf *vb, size_t i, const char *path, struct diag_list *d)
{
	const struct paper *p = paper_meta_open(vb->v, vb->v->papers[i]);
	struct layout_meta m = {0};
	paper_pdf_meta(&m, p);
	char *c = furn_citation_line(vb->v, p, vb->first[i], vb->last[i]);
	layout_set_meta(&m.subject, c);
	free(c);
	char err[512];
	/* The paper's bookmark sits at level 2 under its session in the volume. */
	int top = vb->v->papers[i]->session >= 0 ? 2 : 1;
	int rc = pdfdev_write_pages(ts_doc(vb->ts), vb->page0[i], vb->page1[i] + 1, &m, top, path,
				    err, sizeof err);
	if (rc != 0)
		diag_report(d, R_IO, path, 0, 0, "%s", err);
	layout_meta_clear(&m);
	paper_meta_close(vb->v->papers[i], p);
	return rc;
}
