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
 * volume of thousands of papers stays small. */
void paper_drop_body(struct paper *p);

/* The paper's body for a back end: the loaded one, or else read again
 * into `scratch` (the model itself is never changed).  Problems in the
 * second reading were reported by the first and go nowhere.  Call
 * paper_body_close(scratch) when done. */
const struct markdown *paper_body_open(const struct paper *p, struct markdown *scratch);
void paper_body_close(struct markdown *scratch);

/* The same from bytes already in memory (fuzzing, tests); `path` names the
 * file in diagnostics and its folder is where relative files resolve. */
struct paper *paper_from_memory(const char *path, const char *raw, size_t rawlen,
				struct diag_list *d);

#endif
