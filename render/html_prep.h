/* Paper bodies turned into HTML while the volume is loaded and checked,
 * so the archive does not parse and resolve every paper a second time.
 *
 * The bodies' HTML is kept aside in an unlinked temporary file (not in
 * memory: a volume of 10,000 papers holds ~400 MB of it), together with
 * each body's section outline and the figure files it needs.  Memory keeps
 * only where each body is; the paper pages read it back. */
#ifndef QUIRE_HTML_PREP_H
#define QUIRE_HTML_PREP_H

#include "proceedings/volume.h"
#include "render/html_body.h"

struct html_prep;

struct html_prep *html_prep_new(void);
void html_prep_free(struct html_prep *hp);

/* The visitor for vol_load_checked_visit: prepares each paper's body. */
struct vol_visitor html_prep_visitor(struct html_prep *hp);
/* Loading is over: make the records searchable (html_build_* call it). */
void html_prep_seal(struct html_prep *hp);

/* One body, made ready for its page: the HTML of the body's content, the
 * ids and labels of its top-level sections, and its files. */
struct html_prepared {
	char *html;
	size_t len;
	char **ids, **labels;
	size_t noutline;
	struct html_files files;
};

/* Prepare the body of p (which must be open: paper_body_open) now. */
void html_prepared_make(struct html_prepared *out, const struct paper *p, const struct markdown *md,
			const struct paper_refs *refs);
/* The body of the volume's paper s as prepared during loading, handed
 * over to the caller (each paper's once; pages on different threads take
 * different papers); false if it was not prepared or cannot be read back. */
bool html_prep_take(struct html_prep *hp, const struct paper_stub *s, struct html_prepared *out);
void html_prepared_free(struct html_prepared *pr);

#endif
