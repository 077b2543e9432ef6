/* LaTeX's \footnote{...} in Markdown.  JOSS papers are written for
 * pandoc's LaTeX route, where \footnote{} is a footnote; pySINDy's gives
 * its code's address and a list of other implementations.  Here it
 * becomes a Markdown footnote: the reference where the command stood, the
 * text between its braces moved into a definition at the end of the
 * document, and every footnote numbered again in order of first
 * reference, as cmark-gfm numbers them.  It runs after the citation scan,
 * so a \url{} inside is already a link and its closing brace is text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resolve_int.h"

#define CMD "\\footnote{"
#define CMD_LEN (sizeof CMD - 1)

static bool is_text(cmark_node *n)
{
	return n && cmark_node_get_type(n) == CMARK_NODE_TEXT;
}

static bool mentions_cmd(cmark_node *parent)
{
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		const char *lit = is_text(c) ? cmark_node_get_literal(c) : NULL;
		if (lit && strstr(lit, "footnote{"))
			return true;
	}
	return false;
}

/* The closing brace that matches an opening one just before `from` in
 * n's text: in n or in a later sibling's text (other inlines, a link or a
 * formula, are opaque).  Returns its node, and its offset in *at; *inner
 * counts the commands met on the way (notes inside the note). */
static cmark_node *closing_brace(cmark_node *n, size_t from, size_t *at, size_t *inner)
{
	int depth = 1;
	*inner = 0;
	for (; n; n = cmark_node_next(n), from = 0) {
		if (!is_text(n))
			continue;
		const char *s = cmark_node_get_literal(n);
		for (size_t i = from; s[i]; i++) {
			if (s[i] == '\\' && strncmp(s + i, CMD, CMD_LEN) == 0)
				++*inner;
			if (s[i] == '{')
				depth++;
			else if (s[i] == '}' && --depth == 0) {
				*at = i;
				return n;
			}
		}
	}
	return NULL;
}

/* Replace n's text by s[a, b), or remove n when that is empty. */
static void keep_part(cmark_node *n, const char *s, size_t a, size_t b)
{
	if (b <= a) {
		cmark_node_free(n);
		return;
	}
	char *part = xstrndup(s + a, b - a);
	cmark_node_set_literal(n, part);
	free(part);
}

/* LaTeX's \\ is a line break; in Markdown it is an escaped backslash,
 * which leaves one '\' before a space.  Inside \footnote{} it was meant
 * as LaTeX, so it becomes a break. */
static void line_breaks(cmark_node *para)
{
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		const char *s = is_text(c) ? cmark_node_get_literal(c) : NULL;
		const char *bs = s ? strchr(s, '\\') : NULL;
		while (bs && bs[1] && bs[1] != ' ')
			bs = strchr(bs + 1, '\\');
		if (!bs)
			continue;
		char *copy = xstrdup(s);
		size_t at = (size_t)(bs - s), rest = at + 1;
		while (copy[rest] == ' ')
			rest++;
		cmark_node *br = cmark_node_new(CMARK_NODE_LINEBREAK);
		cmark_node_insert_after(c, br);
		if (copy[rest])
			cmark_node_insert_after(br, resolve_text_node(copy + rest, strlen(copy + rest)));
		/* Trailing spaces before the break go too. */
		while (at > 0 && copy[at - 1] == ' ')
			at--;
		keep_part(c, copy, 0, at);
		free(copy);
		c = br; /* go on with the text after the break */
	}
}

struct notes {
	struct paper_refs *r;
	cmark_node *doc;
	size_t made;
};

/* The command starting at s[i] of text node n, whose closing brace is at
 * offset q of node u: a reference in its place, and a definition holding
 * what the braces held. */
static cmark_node *make_note(struct notes *nt, cmark_node *n, size_t i, cmark_node *u, size_t q)
{
	char *s = xstrdup(cmark_node_get_literal(n));
	char *us = u == n ? s : xstrdup(cmark_node_get_literal(u));
	cmark_node *ref = cmark_node_new(CMARK_NODE_FOOTNOTE_REFERENCE);
	cmark_node_set_literal(ref, "0"); /* numbered once all are made */
	cmark_node_insert_after(n, ref);
	cmark_node *def = cmark_node_new(CMARK_NODE_FOOTNOTE_DEFINITION);
	cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node_append_child(def, para);
	if (u == n) {
		cmark_node_append_child(para, resolve_text_node(s + i + CMD_LEN, q - i - CMD_LEN));
	} else {
		cmark_node_append_child(para, resolve_text_node(s + i + CMD_LEN, strlen(s) - i - CMD_LEN));
		cmark_node *next;
		for (cmark_node *c = cmark_node_next(ref); c != u; c = next) {
			next = cmark_node_next(c);
			cmark_node_unlink(c);
			cmark_node_append_child(para, c);
		}
		cmark_node_append_child(para, resolve_text_node(us, q));
	}
	/* What follows the closing brace stays where it was. */
	const char *after = us + q + 1;
	if (u == n) {
		if (*after)
			cmark_node_insert_after(ref, resolve_text_node(after, strlen(after)));
	} else {
		keep_part(u, us, q + 1, strlen(us));
	}
	keep_part(n, s, 0, i);
	if (us != s)
		free(us);
	free(s);
	line_breaks(para);
	cmark_node_append_child(nt->doc, def);
	nt->made++;
	return ref;
}

static void scan_container(struct notes *nt, cmark_node *parent)
{
	if (!mentions_cmd(parent))
		return;
	/* Where each command is written, for the one left unclosed. */
	struct irun run;
	irun_init(&run, parent);
	struct srcpos *where = NULL;
	size_t nwhere = 0, cap = 0, k = 0;
	for (const char *p = run.s.s; (p = strstr(p, CMD)); p += CMD_LEN) {
		where = xgrow(where, &cap, nwhere + 1, sizeof *where);
		where[nwhere++] = irun_pos(nt->r, &run, (size_t)(p - run.s.s));
	}
	irun_free(&run);
	/* A command's text may be split over text nodes ("\" and "footnote{"). */
	cmark_consolidate_text_nodes(parent);
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		const char *s = is_text(n) ? cmark_node_get_literal(n) : NULL;
		const char *hit = s ? strstr(s, CMD) : NULL;
		while (hit) {
			size_t i = (size_t)(hit - s), q, inner;
			cmark_node *u = closing_brace(n, i + CMD_LEN, &q, &inner);
			if (u) {
				n = make_note(nt, n, i, u, q);
				k += 1 + inner; /* the inner ones are the definition's */
				break;
			}
			if (nt->r->d && k < nwhere)
				diag_at(nt->r->d, R_TEX_IN_TEXT, &where[k],
					"\\footnote{ has no closing brace in its paragraph: it is printed as it is");
			k++;
			hit = strstr(hit + CMD_LEN, CMD);
		}
	}
	free(where);
}

/* Footnotes numbered by first reference, their definitions in that order
 * at the end: what cmark-gfm does for [^label] notes, done again with the
 * `made` new ones among them.  cmark-gfm's references name their
 * definition by its place ("1" for the first); the new ones say "0", and
 * the k-th of them in document order is the k-th new definition, which
 * were appended last in the same order.  A definition no reference names
 * keeps its place after the others. */
static void renumber(cmark_node *doc, size_t made)
{
	cmark_node **defs = NULL;
	size_t ndefs = 0, cap = 0;
	for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION) {
			defs = xgrow(defs, &cap, ndefs + 1, sizeof *defs);
			defs[ndefs++] = c;
		}
	size_t *number = xcalloc(ndefs + 1, sizeof *number); /* per definition; 0 while unreferenced */
	cmark_node **order = xcalloc(ndefs + 1, sizeof *order);
	size_t seen = 0, next_new = ndefs - made;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_FOOTNOTE_REFERENCE)
			continue;
		const char *lit = cmark_node_get_literal(n);
		size_t d = lit ? (size_t)strtoul(lit, NULL, 10) : 0;
		if (d == 0)
			d = ++next_new;
		if (d > ndefs)
			continue;
		if (!number[d - 1]) {
			number[d - 1] = ++seen;
			order[seen - 1] = defs[d - 1];
		}
		char buf[24];
		snprintf(buf, sizeof buf, "%zu", number[d - 1]);
		cmark_node_set_literal(n, buf);
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < ndefs; i++)
		cmark_node_unlink(defs[i]);
	for (size_t i = 0; i < seen; i++)
		cmark_node_append_child(doc, order[i]);
	for (size_t i = 0; i < ndefs; i++)
		if (!number[i])
			cmark_node_append_child(doc, defs[i]);
	free(order);
	free(number);
	free(defs);
}

void texnote_scan(struct paper_refs *r, cmark_node *doc)
{
	struct notes nt = {r, doc, 0};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_CODE || t == CMARK_NODE_CUSTOM_INLINE) {
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			continue;
		}
		if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_TABLE_CELL ||
		    t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG) {
			scan_container(&nt, n);
			cmark_iter_reset(it, n, CMARK_EVENT_ENTER); /* its children changed */
		}
	}
	cmark_iter_free(it);
	if (nt.made)
		renumber(doc, nt.made);
}
