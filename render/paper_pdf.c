#include "render/paper_pdf.h"

#include <stdlib.h>
#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/model.h"
#include "proceedings/util.h"
#include "render/layout.h"
#include "render/pdfdev.h"
#include "render/titleblock.h"
#include "render/typeset.h"

static void report_page_limit(const struct volume *vol, const struct paper *p, int pages,
			     struct diag_list *d)
{
	if (!vol || vol->policy.max_pages <= 0 || pages <= vol->policy.max_pages)
		return;
	diag_report(d, R_PAGE_LIMIT, p->path, 0, 0,
		    "the paper takes %d pages; the volume allows at most %d", pages,
		    vol->policy.max_pages);
}

void paper_pdf_meta(struct layout_meta *m, const struct paper *p)
{
	const char *lang = p->lang ? p->lang : "en";
	layout_set_meta(&m->title, mtext_get(&p->title, lang));
	char *a = titleblock_all_authors(p);
	layout_set_meta(&m->author, a);
	free(a);
	struct strbuf k;
	sb_init(&k);
	for (size_t i = 0; i < p->keywords.n; i++) {
		const struct mtext_entry *e = mtext_find(&p->keywords.v[i], lang, lang);
		if (!e)
			continue;
		if (k.len)
			sb_adds(&k, ", ");
		sb_adds(&k, e->text);
	}
	layout_set_meta(&m->keywords, k.s);
	sb_free(&k);
	layout_set_meta(&m->lang, lang);
}

int paper_layout_pages(const struct volume *vol, const struct paper *p, struct diag_list *d)
{
	struct typesetter *ts = ts_new(vol, d);
	if (!ts)
		return -1;
	int n = ts_paper(ts, p, 1, d);
	ts_free(ts);
	report_page_limit(vol, p, n, d);
	return n;
}

int paper_pdf_write(const struct volume *vol, const struct paper *p, const char *out_path,
		    struct diag_list *d, int *npages)
{
	if (npages)
		*npages = 0;
	struct typesetter *ts = ts_new(vol, d);
	if (!ts)
		return -1;
	int n = ts_paper(ts, p, 1, d);
	report_page_limit(vol, p, n, d);
	paper_pdf_meta(&ts_doc(ts)->meta, p);
	char err[512];
	int rc = pdfdev_write(ts_doc(ts), out_path, err, sizeof err);
	if (rc != 0)
		diag_report(d, R_IO, out_path, 0, 0, "%s", err);
	else if (npages)
		*npages = n;
	ts_free(ts);
	return rc;
}
