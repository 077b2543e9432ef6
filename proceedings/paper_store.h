/* Papers kept on disk.  A checked volume (vol_load_checked) writes each
 * paper's metadata, once the paper is loaded and checked, to an unlinked
 * temporary file and keeps only a stub in memory: id, folders, session
 * and whether the front matter was read.  Memory then holds a few hundred
 * bytes per paper however many there are; whoever reads a paper's title,
 * authors or abstract opens it with paper_meta_open and gets the paper
 * exactly as it was loaded. */
#ifndef QUIRE_PAPER_STORE_H
#define QUIRE_PAPER_STORE_H

#include <stdbool.h>

#include "model.h"

struct paper_store *paper_store_new(void);
void paper_store_free(struct paper_store *st);

/* Move p's metadata into the store and reduce p to its stub (the body
 * must already be dropped).  Thread-safe.  Returns false, with p left
 * whole, when no temporary file can be written. */
bool paper_store_put(struct paper_store *st, struct paper *p);

/* The whole paper: p itself when it holds its metadata, else a copy read
 * back from v's store.  The copy borrows p's id, folders and path, so it
 * lives no longer than p.  Thread-safe. */
const struct paper *paper_meta_open(const struct volume *v, const struct paper *p);
/* Release what paper_meta_open(v, p) returned. */
void paper_meta_close(const struct paper *p, const struct paper *m);

/* fn on every paper of vols in order (vol and index say which), each
 * open for the call only. */
typedef void paper_meta_fn(void *ctx, size_t vol, size_t index, const struct paper *p);
void paper_meta_each(const struct volume *const *vols, size_t nvols, paper_meta_fn *fn, void *ctx);

#endif
