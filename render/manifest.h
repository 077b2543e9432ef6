/* build.json: what `quire build` wrote, for scripts and the archive: each
 * paper's id, title, authors, pages and files, the volume's page count,
 * and the diagnostics of the build.  `quire archive` reads it back to
 * publish a volume's PDFs (it is JSON, which libyaml reads as YAML). */
#ifndef QUIRE_MANIFEST_H
#define QUIRE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "proceedings/diag.h"
#include "render/html_site.h"

struct volume;
struct vpdf;
struct diag_list;

/* `vb` is NULL when no PDF was made; `site` says whether site/ was.
 * Returns 0, or -1 when the file cannot be written. */
int manifest_write(const char *path, const struct volume *v, const struct vpdf *vb, bool site,
		   const struct diag_list *d);

/* A build folder read back for the archive: the volume PDF, each paper's
 * offprint and pages, in the order of v->papers (NULL or 0 where the
 * build has none), as the site takes them. */
struct manifest {
	struct html_pdf_info info;
	char *volume_pdf;
	char **paper_pdfs;
	int *first, *last;
	size_t n;
};

/* Read `dir`/build.json for volume v.  The PDFs it names must lie inside
 * dir (the path gate); a build of another volume, or one that names
 * missing files, is a build-mismatch error at `where`; papers changed
 * or added since the build are a build-stale warning (their PDFs are left
 * out).  Returns false on errors, with m empty. */
bool manifest_read(const char *dir, const struct volume *v, const struct srcpos *where,
		   struct manifest *m, struct diag_list *d);
void manifest_free(struct manifest *m);

#endif
