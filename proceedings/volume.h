/* Loading a volume folder: volume.yaml, its front-matter Markdown files and
 * every papers/<id>/paper.md, ordered as the sessions list them. */
#ifndef QUIRE_VOLUME_H
#define QUIRE_VOLUME_H

#include "diag.h"
#include "model.h"

/* Returns NULL when volume.yaml cannot be read at all. */
struct volume *vol_load(const char *dir, struct diag_list *d);

/* Load and check everything: each paper is checked as it is read and its
 * body dropped (paper_load_body brings it back), then the volume-level
 * checks run.  Memory stays flat however many papers there are. */
struct volume *vol_load_checked(const char *dir, struct diag_list *d);

/* Only volume.yaml's settings (layout and policy), for checking a single
 * paper that lives inside a volume; problems in volume.yaml are ignored. */
struct volume *vol_load_settings(const char *dir);

/* volume.yaml from bytes in memory (fuzzing, tests); papers and
 * front-matter files are still looked up under `dir`. */
struct volume *vol_from_memory(const char *dir, const char *raw, size_t len, struct diag_list *d);

/* An empty volume with the default layout and policy. */
struct volume *vol_new_default(void);

#endif
