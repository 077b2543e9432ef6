/* Cross-references (pandoc-crossref and the JOSS LaTeX idiom), as resolved
 * by resolve_paper().
 *
 * Targets ("floats"):
 *   figure   - an image with a caption alone in a paragraph; label from a
 *              following {#fig:x} or \label{x} in the caption
 *   table    - a table with a caption paragraph (": text" or "Table: text")
 *              right after or before it; label {#tbl:x} or \label{x}
 *   section  - a heading; label {#sec:x} (any {#id}) or \label{x}
 *   equation - a display equation; label {#eq:x} after it or \label{x}
 * The label syntax is removed from the text.  Table captions are taken out
 * of the tree and kept in the xfloat.
 *
 * References: @fig:x [@fig:x; @fig:y] @tbl:x @eq:x @sec:x (these prefixes
 * win over bibliography keys), \autoref{x} ("Figure 3"), \ref{x} ("3") and
 * \eqref{x} ("(4)").  Each becomes a CMARK_NODE_CUSTOM_INLINE node with a
 * struct xref as user data (children: the source text as a fallback); in
 * a GFM table cell, which refuses custom inlines, a CMARK_NODE_LINK to
 * "#<target anchor>".  Ask xref_of() before looking at a node's type. */
#ifndef QUIRE_XREF_H
#define QUIRE_XREF_H

#include <cmark-gfm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct paper_refs;

enum xref_kind { XREF_FIGURE, XREF_TABLE, XREF_EQUATION, XREF_SECTION };

struct xfloat {
	enum xref_kind kind;
	char *label;          /* as written ("fig:setup"), or NULL */
	char *anchor;         /* unique within the paper, for an HTML id / PDF destination */
	char *number;         /* "3", "2.1"; NULL when unnumbered */
	cmark_node *node;     /* the image, table, heading, or display math node
			       * (for TeX written as text: its paragraph) */
	cmark_node *block;    /* figure: the paragraph holding the image; else = node */
	cmark_node *caption;  /* figure: the image (its children are the caption);
			       * table: the caption paragraph, detached from the tree
			       * and owned by the paper_refs; else NULL */
	char *attrs;          /* other attributes of {...} ("width=90%"), or NULL */
	int level;            /* section: heading level */
	int row;              /* equation: the row of an align-like environment
			       * (math_numbered_rows) it numbers, or -1 for the whole display */
	const struct xfloat *next_row; /* the display's next numbered row, or NULL */
	struct srcpos pos;
};

enum xref_form {
	XREF_FULL,   /* @fig:x, \autoref: "Figure 3", "그림 3", "Equation 4", "식 (4)" */
	XREF_NUMBER, /* \ref: "3" */
	XREF_PAREN,  /* \eqref: "(4)" */
};

struct xref {
	uint32_t magic;                /* private */
	enum xref_kind kind;           /* of the target (from the prefix when undefined) */
	enum xref_form form;
	char *label;                   /* as referenced */
	const struct xfloat *target;   /* NULL when the label is undefined */
	char *text;                    /* what to print; "??" for the number of an undefined label */
	struct srcpos pos;
};

/* The cross-reference a node stands for, or NULL. */
const struct xref *xref_of(cmark_node *n);

/* The float a node is (an image, its figure paragraph, a table, a heading,
 * a math node), or NULL. */
const struct xfloat *xref_float_of(const struct paper_refs *r, cmark_node *n);
size_t xref_float_count(const struct paper_refs *r);
const struct xfloat *xref_float_at(const struct paper_refs *r, size_t i);
/* The float with this label, or NULL. */
const struct xfloat *xref_label(const struct paper_refs *r, const char *label);

#endif
