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

/* A paper's body for a back end: the tree and its resolved citations and
 * cross-references. */
struct paper_body {
	const struct markdown *md;
	const struct paper_refs *refs;
	struct markdown scratch;      /* private: a body read again */
	struct paper_refs *own_refs;  /* private */
};

/* The loaded body, or else the body read and resolved again (the model
 * itself is never changed; problems in the second reading were reported
 * by the first and go nowhere).  `vol` gives the citation style. */
void paper_body_open(const struct volume *vol, const struct paper *p, struct paper_body *b);
void paper_body_close(struct paper_body *b);

/* The body alone, parsed but not resolved, into `out` (markdown_free it). */
bool paper_body_read(const struct paper *p, struct markdown *out);

/* The same from bytes already in memory (fuzzing, tests); `path` names the
 * file in diagnostics and its folder is where relative files resolve. */
struct paper *paper_from_memory(const char *path, const char *raw, size_t rawlen,
				struct diag_list *d);

#endif
