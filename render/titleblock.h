/* The title block of a paper: title and subtitle, authors with
 * superscript affiliation marks (each name a link to its ORCID record),
 * affiliations, corresponding e-mails, the abstract and keywords.  A paper
 * not in English also shows its English title and abstract.  It is set at
 * the full text width into its own galley, which the page builder places
 * above the columns of the first page. */
#ifndef QUIRE_TITLEBLOCK_H
#define QUIRE_TITLEBLOCK_H

struct blk;
struct galley;
struct paper;

void titleblock_build(struct blk *b, struct galley *g, const struct paper *p);

/* Running-head names: "Kim", "Kim and Lee", "Kim et al." (Korean: "김 외"). */
char *titleblock_short_authors(const struct paper *p);

/* All author names joined with ", " (PDF metadata). */
char *titleblock_all_authors(const struct paper *p);

#endif
