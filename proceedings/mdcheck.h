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

/* Decoding an image belongs to the back end (render/image.c), so the
 * command line lends check a validator: it returns NULL for a good image
 * or a one-line reason (static or owned by the validator) for a bad one.
 * Without one, only the file's signature is checked. */
typedef const char *(*mdcheck_image_fn)(const char *path);
void mdcheck_set_image_validator(mdcheck_image_fn fn);

/* Percent-decode a link target and drop any ?query or #fragment. */
char *mdcheck_local_path(const char *url);

#endif
