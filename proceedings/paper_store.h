/* Papers kept on disk.  A volume holds a stub of each paper (struct
 * paper_stub, model.h): its id, folder, path and session, and the whole
 * paper while memory holds it.  A checked volume (vol_load_checked) writes
 * each paper's metadata, once the paper is loaded and checked, to an
 * unlinked temporary file and frees the paper, so memory holds about 60
 * bytes and the names per paper however many there are; whoever reads a
 * paper's title, authors or abstract opens it with paper_meta_open and
 * gets the paper exactly as it was loaded. */
#ifndef QUIRE_PAPER_STORE_H
#define QUIRE_PAPER_STORE_H

#include <stdbool.h>

#include "model.h"

struct paper_store *paper_store_new(void);
void paper_store_free(struct paper_store *st);

/* Write the metadata of s's whole paper into the store and free the
 * paper (its body, if any, goes too), leaving s pointing at the record.
 * Thread-safe.  Returns false, with s still whole, when no temporary file
 * can be written. */
bool paper_store_put(struct paper_store *st, struct paper_stub *s);

/* The whole paper: s->whole when memory holds it, else a copy read back
 * from v's store.  The copy borrows s's id, folder and path, so it lives
 * no longer than s.  Thread-safe. */
const struct paper *paper_meta_open(const struct volume *v, const struct paper_stub *s);
/* Release what paper_meta_open(v, s) returned. */
void paper_meta_close(const struct paper_stub *s, const struct paper *m);

/* fn on every paper of vols in order (vol and index say which), each
 * open for the call only. */
typedef void paper_meta_fn(void *ctx, size_t vol, size_t index, const struct paper *p);
void paper_meta_each(const struct volume *const *vols, size_t nvols, paper_meta_fn *fn, void *ctx);

#endif
