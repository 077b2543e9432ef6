/* The resolve stage of loading a paper: citations against its BibTeX file,
 * the reference list, and cross-references to figures, tables, sections
 * and equations.  It rewrites the paper's cmark tree in place (citations
 * and references become nodes that cite_of() / xref_of() recognise, see
 * cite.h and xref.h; label syntax is removed; table caption paragraphs move
 * into their xfloat) and returns the resolved data that the PDF and HTML
 * back ends render, so both number everything identically.  Citations in
 * footnotes are numbered where cmark puts the footnotes: at the end.
 *
 * Numbering rules:
 *  - references: numeric style (default) in order of first citation;
 *    author-year style (layout.citation_style "author-year") sorted by first
 *    author, then authors, year and title, with the paper's language's
 *    collation; only cited entries are listed;
 *  - figures (an image with a caption alone in a paragraph) and tables with
 *    a caption or label: 1, 2, ... in document order;
 *  - sections: hierarchically (1, 1.1, ...) from the shallowest heading
 *    level used, skipping the References heading and headings marked
 *    {-} or {.unnumbered};
 *  - equations: only labelled display equations are numbered, (1), (2), ...
 *    in document order, as pandoc-crossref does; unlabelled ones stay
 *    unnumbered. */
#ifndef QUIRE_RESOLVE_H
#define QUIRE_RESOLVE_H

#include <cmark-gfm.h>
#include <stdbool.h>
#include <stddef.h>

#include "bibtex.h"
#include "diag.h"
#include "model.h"

struct paper_refs;

enum ref_style { REF_PLAIN, REF_ITALIC, REF_BOLD };

/* A piece of a formatted reference, independent of the back end. */
struct ref_run {
	char *text;
	enum ref_style style;
	char *url; /* the run is a link (DOI, URL, arXiv), or NULL */
};

/* One entry of the reference list. */
struct ref {
	const char *key;               /* the BibTeX key */
	const struct bib_entry *entry;
	size_t index;                  /* position in the list, from 0 */
	size_t seq;                    /* order of first citation, from 0 */
	char *label;                   /* "3" (numeric) or "Kim & Park, 2024a" (author-year) */
	char *anchor;                  /* unique id for an HTML anchor / PDF destination */
	char *names;                   /* "Kim & Park", "Smith et al." (parenthetical) */
	char *names_narrative;         /* "Kim and Park" */
	char *year;                    /* "2024", "2024a" in author-year style, "n.d." */
	struct ref_run *runs;          /* the formatted entry */
	size_t nruns;
	size_t ncited;                 /* how often it is cited */
};

/* Resolve the paper's citations and cross-references.  `vol` supplies the
 * citation style and may be NULL.  Reads the bibliography named by the
 * front matter (only inside the paper's folder).  Reports R_CITE_UNKNOWN,
 * R_BIB_MISSING, R_CITE_UNCITED, R_LABEL_DUP, R_LABEL_UNDEFINED and the
 * .bib file's own problems.  Returns the data, to free with resolve_free()
 * after the tree is no longer rendered (nodes point into it). */
struct paper_refs *resolve_paper(const struct volume *vol, struct paper *p, struct diag_list *d);
void resolve_free(struct paper_refs *r);

/* The same for a body parsed apart from the paper (paper_body_open()'s
 * scratch copy after paper_drop_body()), with the paper's bibliography,
 * folder and language.  Pass a throw-away list to `d`: the problems were
 * reported when the paper was loaded. */
struct paper_refs *resolve_body(const struct volume *vol, const struct paper *p, struct markdown *body,
				struct diag_list *d);

/* Lay the list and the citations out again in the volume's citation style
 * (for a paper resolved before its volume was known, as paper_load does). */
void resolve_set_style(struct paper_refs *r, const struct volume *vol);

/* The reference list. */
size_t refs_count(const struct paper_refs *r);
const struct ref *refs_at(const struct paper_refs *r, size_t i);
bool refs_author_year(const struct paper_refs *r);
/* The paper's own References heading (`# References`, `# Bibliography`,
 * `# 참고문헌`): the list goes right after it.  NULL: put the list at the end
 * under a heading titled refs_title(). */
cmark_node *refs_heading(const struct paper_refs *r);
const char *refs_title(const struct paper_refs *r);
/* Citation items whose key was found, counting each occurrence. */
size_t refs_cited_count(const struct paper_refs *r);
/* The parsed bibliography, or NULL. */
const struct bib_db *refs_bib(const struct paper_refs *r);

#endif
