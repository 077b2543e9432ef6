/* What the html_body*.c files share: the state of one body being built,
 * the small node helpers, and the entry points each file offers the
 * others.  Nothing outside render/html_body*.c includes this. */
#ifndef QUIRE_HTML_BODY_INT_H
#define QUIRE_HTML_BODY_INT_H

#include <cmark-gfm.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "html_body.h"
#include "proceedings/cite.h"
#include "proceedings/util.h"
#include "proceedings/xref.h"

struct body {
	const struct markdown *m;
	const struct html_body_opts *o;
	const char *prefix;
	xmlNodePtr root;
	xmlNodePtr *stack; /* output parent per open cmark container; NULL skips */
	size_t depth, cap;
	int min_level, prev_level;
	char **ids;
	size_t nids, idcap;
	int nfig, ntab;
	cmark_node *figure_para;  /* the paragraph being rendered as a figure */
	cmark_node *last_table;   /* the table a ": caption" paragraph may follow */
	xmlNodePtr last_table_el;
	cmark_node *trim_node;    /* text node cut at trim_len ({#id} removed) */
	size_t trim_len;
	cmark_node *skip_node;    /* text node whose first skip_len bytes are dropped */
	size_t skip_len;
	xmlNodePtr notes;         /* the <ol> of footnotes */
	int nnotes;
	int *refs;                /* references seen per footnote number */
	size_t nrefs;
	const struct paper_refs *pr; /* resolved data, or NULL */
	char *fig_number;         /* the resolved number of the figure being built */
	xmlNodePtr refs_section;  /* the References section, once started */
};

static inline xmlNodePtr el(xmlNodePtr parent, const char *name)
{
	xmlNodePtr e = xmlNewNode(NULL, BAD_CAST name);
	if (parent)
		xmlAddChild(parent, e);
	return e;
}

static inline void text(xmlNodePtr parent, const char *s)
{
	if (parent && s && *s)
		xmlAddChild(parent, xmlNewText(BAD_CAST s));
}

static inline void attr(xmlNodePtr e, const char *name, const char *value)
{
	xmlSetProp(e, BAD_CAST name, BAD_CAST value);
}

static inline void push(struct body *b, xmlNodePtr e)
{
	b->stack = xgrow(b->stack, &b->cap, b->depth + 1, sizeof *b->stack);
	b->stack[b->depth++] = e;
}

static inline xmlNodePtr top(const struct body *b)
{
	return b->depth ? b->stack[b->depth - 1] : b->root;
}

static inline cmark_node_type type(cmark_node *n)
{
	return cmark_node_get_type(n);
}

/* html_body.c: ids unique on the page, the resolved float of a node,
 * the link schemes a page may carry. */
char *hb_unique_id(struct body *b, const char *want);
const struct xfloat *hb_float_of(const struct body *b, cmark_node *n, enum xref_kind k);
bool hb_allowed_scheme(const char *url);

/* html_body_refs.c: citations, cross-references and the reference list. */
void hb_citation(struct body *b, const struct cite *c);
void hb_cross_reference(struct body *b, const struct xref *x);
void hb_ref_list(struct body *b, xmlNodePtr section);
void hb_references_at_end(struct body *b);

/* html_body_math.c: formulas.  hb_math renders n when it is one (true);
 * hb_mathml is the MathML of TeX already checked, or NULL. */
bool hb_math(struct body *b, cmark_node *n);
char *hb_mathml(const char *tex, size_t len, bool display);

#endif
