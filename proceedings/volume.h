/* Loading a volume folder: volume.yaml, its front-matter Markdown files and
 * every papers/<id>/paper.md, ordered as the sessions list them. */
#ifndef QUIRE_VOLUME_H
#define QUIRE_VOLUME_H

#include "diag.h"
#include "model.h"

/* Returns NULL when volume.yaml cannot be read at all. */
struct volume *vol_load(const char *dir, struct diag_list *d);

/* Load and check everything: each paper is checked as it is read, its
 * body dropped (paper_body_open brings it back) and its metadata moved to
 * the volume's store (paper_meta_open brings it back), then the
 * volume-level checks run.  Papers are loaded on all cores; memory keeps
 * a small stub of each (struct paper_stub). */
struct volume *vol_load_checked(const char *dir, struct diag_list *d);

/* The same, showing each paper to `visit` after its checks and before its
 * body is dropped, so work that needs the parsed body is done in the same
 * pass: s->whole is the paper, body and all, and s is the stub the volume
 * will hold.  visit runs on the worker thread that loaded the paper, so it
 * must be thread-safe; the volume it is given is still being loaded (only
 * its own settings may be read). */
struct vol_visitor {
	void (*paper)(void *ctx, const struct volume *v, const struct paper_stub *s);
	void *ctx;
};
struct volume *vol_load_checked_visit(const char *dir, const struct vol_visitor *visit,
				      struct diag_list *d);

/* Only volume.yaml's settings (layout and policy), for checking a single
 * paper that lives inside a volume; problems in volume.yaml are ignored. */
struct volume *vol_load_settings(const char *dir);

/* volume.yaml from bytes in memory (fuzzing, tests); papers and
 * front-matter files are still looked up under `dir`. */
struct volume *vol_from_memory(const char *dir, const char *raw, size_t len, struct diag_list *d);

/* An empty volume with the default layout and policy. */
struct volume *vol_new_default(void);

#endif
