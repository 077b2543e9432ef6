/* Citations in pandoc syntax, as resolved by resolve_paper():
 *   [@key]  [@a; @b, p. 3]  [see @a, ch. 2; also @b]  [-@key]
 *   @key  @key [p. 3]  @{braced key}
 * Each bracketed group or narrative citation becomes one
 * CMARK_NODE_CUSTOM_INLINE node whose user data is a struct cite; its
 * children are the original inlines, a fallback for renderers that do not
 * know the node.  GFM table cells refuse custom inlines, so there the
 * carrier is a CMARK_NODE_LINK to "#<anchor of the first entry>".  Back
 * ends ask cite_of() before looking at a node's type, and render `parts`
 * instead of the children. */
#ifndef QUIRE_CITE_H
#define QUIRE_CITE_H

#include <cmark-gfm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct ref;

enum cite_mode {
	CITE_NORMAL,           /* [@key] */
	CITE_SUPPRESS_AUTHOR,  /* [-@key] */
	CITE_NARRATIVE,        /* @key */
};

struct cite_item {
	char *key;
	const struct ref *ref; /* NULL when the key is unknown */
	char *prefix;          /* plain text before the key ("see"), or NULL */
	char *suffix;          /* plain text after it as written (", ch. 2", "for details"), or NULL */
	enum cite_mode mode;
	struct srcpos pos;     /* of the '@' in paper.md when a diagnostic needed it, else line 0 */
};

/* A piece of the rendered citation; `ref` makes it a link to that entry. */
struct cite_part {
	char *text;
	const struct ref *ref;
};

struct cite {
	uint32_t magic;        /* private */
	bool bracketed;        /* [..] rather than narrative */
	struct cite_item *items;
	size_t nitems;
	struct cite_part *parts; /* "[", "1", ", ", "3–5", "]" or "(", "Kim & Park, 2024", ")" */
	size_t nparts;
	char *text;            /* the parts joined: "[1, 3–5]" */
	char *source;          /* the citation as written (plain text) */
};

/* The citation a node stands for, or NULL for any other node. */
const struct cite *cite_of(cmark_node *n);

#endif
