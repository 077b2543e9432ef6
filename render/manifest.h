/* build.json: what `quire build` wrote, for scripts and the archive: each
 * paper's id, title, authors, pages and files, the volume's page count,
 * and the diagnostics of the build. */
#ifndef QUIRE_MANIFEST_H
#define QUIRE_MANIFEST_H

#include <stdbool.h>

struct volume;
struct vpdf;
struct diag_list;

/* `vb` is NULL when no PDF was made; `site` says whether site/ was.
 * Returns 0, or -1 when the file cannot be written. */
int manifest_write(const char *path, const struct volume *v, const struct vpdf *vb, bool site,
		   const struct diag_list *d);

#endif
