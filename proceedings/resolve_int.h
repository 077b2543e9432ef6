/* Private to the resolve stage (resolve.c, cite.c, xref.c, refstyle.c):
 * the paper_refs record and the "inline run", a flat view of one inline
 * container's children that lets the scanners work on plain text and then
 * splice new nodes into the tree. */
#ifndef QUIRE_RESOLVE_INT_H
#define QUIRE_RESOLVE_INT_H

#include <cmark-gfm.h>
#include <stdint.h>

#include "bibtex.h"
#include "cite.h"
#include "markdown.h"
#include "model.h"
#include "resolve.h"
#include "util.h"
#include "xref.h"

#define CITE_MAGIC 0x43495445u /* "CITE" */
#define XREF_MAGIC 0x58524546u /* "XREF" */

/* A label and what it names; sorted by name once the structure is known. */
struct label_ent {
	char *name;
	struct xfloat *f;
	size_t seq; /* definition order, so duplicates report the later one */
	struct srcpos pos;
};

struct node_ent {
	cmark_node *node;
	struct xfloat *f;
};

struct paper_refs {
	const struct markdown *md;
	size_t *line_off;     /* where each line of md->text starts */
	size_t nlines;
	struct diag_list *d;
	char *lang;
	bool korean;          /* Korean words for figure, table, ... */
	bool escaped_at;      /* the source has a backslash before an @ somewhere */
	bool author_year;

	struct bib_db *db;    /* NULL when the paper names none or it is unusable */
	bool bib_named;       /* the front matter has `bibliography:` */
	struct srcpos first_cite; /* of the first bibliographic citation */
	bool any_cite;

	struct ref **refs;    /* the reference list, in its final order */
	size_t nrefs, caprefs;
	struct ref **by_entry; /* index of the entry in db → its ref */

	struct cite **cites;
	cmark_node **cite_nodes; /* the node of each cite, to set link targets */
	size_t ncites, capcites, capcitenodes;
	struct xref **xrefs;
	size_t nxrefs, capxrefs;
	size_t nresolved;     /* citation items whose key was found */

	struct xfloat **floats; /* document order */
	size_t nfloats, capfloats;
	struct label_ent *labels;
	size_t nlabels, caplabels;
	struct node_ent *nodes; /* sorted by node address */
	size_t nnodes, capnodes;

	cmark_node *heading;  /* the References heading, or NULL */
	cmark_node **owned;   /* detached caption paragraphs */
	size_t nowned, capowned;
	int eq_count;         /* display equations numbered so far */
};

/* ---- inline runs (resolve.c) ---- */

#define IRUN_OBJ '\x01' /* stands for a non-text inline (emphasis, code, image, ...) */

struct iseg {
	cmark_node *node;
	size_t start, len; /* in the run's text; 1 for a break or an object */
	bool text;
};

struct irun {
	cmark_node *parent;
	struct strbuf s; /* TEXT literals, '\n' for breaks, IRUN_OBJ for other nodes */
	struct iseg *seg;
	size_t nseg, cap;
	/* The last source position found (irun_pos), to go on from. */
	cmark_node *pos_node;
	size_t pos_k;
	const char *pos_src;
	int pos_line, pos_col;
};

/* A change to a run: the bytes [start, end) become children of `repl` (the
 * original text is kept there as the fallback), or are dropped when repl is
 * NULL; the `after` nodes follow repl.  Edits are sorted and disjoint. */
struct iedit {
	size_t start, end;
	cmark_node *repl;
	cmark_node **after;
	size_t nafter;
};

void irun_init(struct irun *r, cmark_node *parent);
void irun_free(struct irun *r);
/* Apply the edits to the parent's children (untouched ones stay put);
 * frees the edits' `after` arrays and the run. */
void irun_apply(struct paper_refs *owner, struct irun *r, struct iedit *e, size_t n);
/* The node of the segment holding byte `off`, or NULL. */
const struct iseg *irun_seg_at(const struct irun *r, size_t off);
/* Whether one of parent's own text children holds any of `chars`: a cheap
 * test before building a run, as most paragraphs hold nothing to find. */
bool resolve_text_has(cmark_node *parent, const char *chars);
/* Plain text of [a, b): objects expanded to their plain text, breaks as spaces. */
char *irun_plain(const struct irun *r, size_t a, size_t b);
/* The position in the .md file of byte `off` of the run. */
struct srcpos irun_pos(const struct paper_refs *r, struct irun *run, size_t off);
/* Was byte `off` (an '@') written with a backslash before it ("\@")? */
bool irun_escaped(const struct paper_refs *r, struct irun *run, size_t off);
/* A node's position, like md_node_pos() but through the line index. */
struct srcpos resolve_node_pos(const struct paper_refs *r, cmark_node *n);

/* Is the code point at s[i] (UTF-8) a letter or digit? */
bool resolve_is_alnum_at(const char *s, size_t n, size_t i);
/* Is the code point ending just before s[i] a letter, digit or '_'? */
bool resolve_word_before(const char *s, size_t i);
/* Length of a `{...}` attribute block starting at s[i] ('{'), or 0. */
size_t resolve_attr_len(const char *s, size_t n, size_t i);
/* Length of `\label{...}` at s[i], or 0; the label goes to *name. */
size_t resolve_label_cmd(const char *s, size_t n, size_t i, char **name);

cmark_node *resolve_text_node(const char *s, size_t n);
/* Whether `parent` takes CMARK_NODE_CUSTOM_INLINE children.  GFM table
 * cells do not; citations and references there are carried by a
 * CMARK_NODE_LINK to their target instead. */
bool resolve_accepts_custom(cmark_node *parent);
/* A new node carrying a cite or xref record: CMARK_NODE_CUSTOM_INLINE, or
 * a CMARK_NODE_LINK to `url` where custom inlines are refused. */
cmark_node *resolve_carrier(bool custom, void *data, const char *url);
/* The cite or xref record a carrier node holds, or NULL. */
void *resolve_carried(cmark_node *n, uint32_t magic);
void resolve_own(struct paper_refs *r, cmark_node *n);

/* ---- stages ---- */

/* xref.c: captions, labels and numbers of figures, tables, sections and
 * equations; the References heading.  Runs before citations are scanned. */
void xref_structure(struct paper_refs *r, cmark_node *doc);
/* The target of a label, or NULL. */
struct xfloat *xref_find(const struct paper_refs *r, const char *label);
bool xref_is_crossref_key(const char *key);
/* Make an xref node for `label` referenced at `pos`; reports undefined labels. */
cmark_node *xref_make(struct paper_refs *r, const char *label, enum xref_form form,
		      const struct srcpos *pos, bool plural, bool first, bool custom);
void xref_free_all(struct paper_refs *r);

/* cite.c: find citations and references in every inline container. */
void cite_scan(struct paper_refs *r, cmark_node *doc);
/* LaTeX \footnote{...} in the text made footnotes (texnote.c); after cite_scan. */
void texnote_scan(struct paper_refs *r, cmark_node *doc);
/* Lay out every citation once the list is numbered. */
void cite_layout(struct paper_refs *r);
void cite_free_all(struct paper_refs *r);

/* refstyle.c: order the list, make labels and format the entries. */
void refs_finish(struct paper_refs *r);
void refs_free_one(struct ref *f);

#endif
