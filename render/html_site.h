/* The static HTML archive: every volume, paper and author as a page with
 * stable URLs, all links relative so the site works from a web server and
 * from file://.
 *
 *   index.html                          home: volumes, newest first, and search
 *   <volume-id>/index.html              volume: front matter, committees, contents
 *   <volume-id>/<volume-id>.pdf         the volume PDF, when given
 *   <volume-id>/<paper-id>/index.html   paper: metadata, abstract, full text, citation
 *   <volume-id>/<paper-id>/paper.bib    BibTeX of the paper; paper.ris the same as RIS
 *   <volume-id>/<paper-id>/<paper-id>.pdf  the offprint, when given; figures beside it
 *   authors/index.html                  author index; authors/<slug>/index.html per person
 *   search-index.js sitemap.xml atom.xml robots.txt assets/quire.css assets/search.js
 *
 * The site is built in OUT.tmp-XXXXXX beside OUT and renamed over OUT only
 * when complete.  Output is byte-identical across runs: dates come from the
 * model (or SOURCE_DATE_EPOCH), never from the clock. */
#ifndef QUIRE_HTML_SITE_H
#define QUIRE_HTML_SITE_H

#include <stddef.h>

#include "proceedings/archive.h"
#include "proceedings/diag.h"
#include "proceedings/model.h"

/* What the PDF builder knows about one volume.  Every pointer may be NULL;
 * the arrays have one entry per paper in volume order (v->papers). */
struct html_pdf_info {
	const char *volume_pdf;         /* path of the whole volume's PDF */
	const char *const *paper_pdfs;  /* path of each paper's offprint, or NULL */
	const int *first_page;          /* page numbers in the volume; 0 = unknown */
	const int *last_page;
};

struct html_prep; /* html_prep.h */

/* A one-volume site in `outdir`.  `prep` holds the bodies prepared while
 * the volume was loaded (vol_load_checked_visit with html_prep_visitor), or
 * is NULL: bodies are then parsed again.  Returns 0, or -1 with the reasons
 * in d. */
int html_build_volume(const struct volume *v, const char *outdir, const struct html_pdf_info *pdfs,
		      struct html_prep *prep, struct diag_list *d);

/* The whole archive: `vols` are the loaded volumes in the order of
 * a->volumes; `pdfs` is NULL or has one entry per volume. */
int html_build_archive(const struct archive *a, const struct volume *const *vols, size_t nvols,
		       const struct html_pdf_info *pdfs, struct html_prep *prep, const char *outdir,
		       struct diag_list *d);

#endif
