/* Loading one paper: papers/<id>/paper.md with its YAML front matter in the
 * pandoc/JOSS convention, so a JOSS paper loads unchanged. */
#ifndef QUIRE_PAPER_H
#define QUIRE_PAPER_H

#include "diag.h"
#include "model.h"

/* `path` is a paper.md file or a folder holding one.  Returns NULL when the
 * file cannot be read or is not text; otherwise a paper, possibly with
 * fields missing, and every problem found while reading it in `d`. */
struct paper *paper_load(const char *path, struct diag_list *d);

/* Free the Markdown body (text and tree) but keep the metadata, so a
 * volume of thousands of papers stays small; paper_load_body reads it
 * again when a back end needs it.  Diagnostics of the second reading were
 * already reported by the first and go nowhere. */
void paper_drop_body(struct paper *p);
bool paper_load_body(struct paper *p, struct diag_list *d);

/* The same from bytes already in memory (fuzzing, tests); `path` names the
 * file in diagnostics and its folder is where relative files resolve. */
struct paper *paper_from_memory(const char *path, const char *raw, size_t rawlen,
				struct diag_list *d);

#endif
