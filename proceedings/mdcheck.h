/* Checks on a parsed Markdown body: footnotes (cmark-gfm drops undefined
 * references and unused definitions silently, so they are found in the
 * source), figures, links and raw HTML. */
#ifndef QUIRE_MDCHECK_H
#define QUIRE_MDCHECK_H

#include "diag.h"
#include "model.h"

void mdcheck_footnotes(const struct markdown *m, struct diag_list *d);
/* Figures must exist inside m->dir and be PNG or JPEG; links must be safe. */
void mdcheck_nodes(const struct markdown *m, struct diag_list *d);

/* Percent-decode a link target and drop any ?query or #fragment. */
char *mdcheck_local_path(const char *url);

#endif
