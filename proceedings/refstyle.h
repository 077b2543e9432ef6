/* The house style of reference lists and author–year citations, close to
 * APA and ACL: "Family, G. H., Family2, G. (2020). Title. *Journal*,
 * 12(3), 45–67. https://doi.org/…".  Given names become initials; Hangul
 * names are written family name then given name, with no comma and no
 * initials.  Entries are formatted as back-end-neutral runs of text. */
#ifndef QUIRE_REFSTYLE_H
#define QUIRE_REFSTYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "bibtex.h"
#include "resolve.h"

/* Format one entry.  `year_suffix` is the disambiguation letter ("a") or
 * "" / NULL.  Returns the number of runs; free them with refs_runs_free. */
size_t refs_format(const struct bib_entry *e, const char *year_suffix, struct ref_run **out);
void refs_runs_free(struct ref_run *v, size_t n);

/* The runs as one string, *italic* and **bold** marked, links as written
 * (for tests and plain-text output).  Caller frees. */
char *refs_runs_flatten(const struct ref_run *v, size_t n);

/* The names an author–year citation shows: "Kim & Park" (or "Kim and Park"
 * when `narrative`), "Smith et al.", "김서연·박준호", "김서연 외".  Falls back on
 * editors, then the title.  Caller frees. */
char *refs_cite_names(const struct bib_entry *e, bool narrative);

/* The year as cited: the year field, else the year of `date`, else "n.d.". */
char *refs_year(const struct bib_entry *e);

#endif
