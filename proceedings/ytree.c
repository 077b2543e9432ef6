#include "ytree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util.h"

/* Deeper nesting than this is hostile input, not metadata. */
#define YTREE_MAX_DEPTH 64
/* Scalars longer than this are refused (a title is not a megabyte). */
#define YTREE_MAX_SCALAR (256 * 1024)

struct builder {
	const char *file;
	const char *text; /* for the line an error is on */
	size_t len;
	int first_line;
	struct diag_list *d;
	yaml_parser_t parser;
	bool failed;
};

static struct srcpos mark_pos(const struct builder *b, yaml_mark_t m)
{
	struct srcpos p = {b->file, (int)m.line + b->first_line, (int)m.column + 1};
	return p;
}

static void add_kid(struct ynode *parent, struct ynode *kid)
{
	parent->kids = xrealloc(parent->kids, (parent->n + 1) * sizeof *parent->kids);
	parent->kids[parent->n++] = kid;
}

static struct ynode *new_node(enum ykind k, struct srcpos pos)
{
	struct ynode *n = xcalloc(1, sizeof *n);
	n->kind = k;
	n->pos = pos;
	return n;
}

static struct ynode *build(struct builder *b, yaml_event_t *ev, int depth);

/* Report a key that appears twice in one mapping. */
static void check_duplicate(struct builder *b, struct ynode *map, struct ynode *key)
{
	if (key->kind != Y_SCALAR)
		return;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		struct ynode *k = map->kids[i];
		if (k->kind == Y_SCALAR && strcmp(k->value, key->value) == 0) {
			diag_at(b->d, R_YAML_DUP, &key->pos,
				"duplicate key '%s' (first given on line %d)",
				key->value, k->pos.line);
			return;
		}
	}
}

/* Build the children of a collection until its end event. */
static void build_children(struct builder *b, struct ynode *parent, int depth,
			   yaml_event_type_t end)
{
	bool is_map = parent->kind == Y_MAP;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&b->parser, &ev)) {
			b->failed = true;
			return;
		}
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return;
		}
		struct ynode *kid = build(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!kid) {
			b->failed = true;
			return;
		}
		if (is_map && parent->n % 2 == 0)
			check_duplicate(b, parent, kid);
		add_kid(parent, kid);
		if (b->failed)
			return;
	}
}

static struct ynode *build(struct builder *b, yaml_event_t *ev, int depth)
{
	struct srcpos pos = mark_pos(b, ev->start_mark);
	if (depth > YTREE_MAX_DEPTH) {
		diag_at(b->d, R_TOO_DEEP, &pos, "YAML nested more than %d levels deep", YTREE_MAX_DEPTH);
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT: {
		if (ev->data.scalar.length > YTREE_MAX_SCALAR) {
			diag_at(b->d, R_TOO_LARGE, &pos, "YAML value of %zu bytes is over the limit of %d",
				ev->data.scalar.length, YTREE_MAX_SCALAR);
			return NULL;
		}
		struct ynode *n = new_node(Y_SCALAR, pos);
		n->value = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return n;
	}
	case YAML_SEQUENCE_START_EVENT: {
		struct ynode *n = new_node(Y_SEQ, pos);
		build_children(b, n, depth, YAML_SEQUENCE_END_EVENT);
		return n;
	}
	case YAML_MAPPING_START_EVENT: {
		struct ynode *n = new_node(Y_MAP, pos);
		build_children(b, n, depth, YAML_MAPPING_END_EVENT);
		return n;
	}
	case YAML_ALIAS_EVENT:
		diag_at(b->d, R_YAML_ALIAS, &pos, "YAML alias '*%s' is not accepted",
			(const char *)ev->data.alias.anchor);
		return NULL;
	default:
		/* After an error libyaml hands out empty events; the error itself
		 * is reported once by the caller. */
		b->failed = true;
		return NULL;
	}
}

/* What usually causes libyaml's error, from the line it is on: authors
 * who have never written YAML meet these three.  NULL when unsure. */
static const char *hint_for(const struct builder *b, const char *problem, yaml_mark_t m)
{
	if (!problem || m.index > b->len)
		return NULL;
	const char *line = b->text + m.index - m.column;
	const char *at = b->text + m.index;
	size_t n = strcspn(line, "\n");
	if (strstr(problem, "mapping values are not allowed")) {
		const char *colon = strstr(line, ": ");
		if (colon && colon < at && at < line + n)
			return "a value with ': ' in it must be quoted, as in title: 'AMReX: a framework'";
		return "check the indentation: the keys of one entry start in the same column";
	}
	if (strstr(problem, "cannot start any token")) {
		if (*at == '\t')
			return "indent with spaces; YAML does not accept tabs";
		if (*at == '`' || *at == '@')
			return "a value that starts with ` or @ must be quoted, as in title: \"`quire`: a tool\"";
		return NULL;
	}
	if (strstr(problem, "expected ',' or ']'"))
		return "a list written [a, b] ends with ']'";
	if (strstr(problem, "expected key") || strstr(problem, "expected '-'"))
		return "check the indentation: the keys of one entry start in the same column";
	return NULL;
}

static void report_parser_error(struct builder *b)
{
	yaml_parser_t *p = &b->parser;
	yaml_mark_t m = p->problem_mark;
	if (p->error == YAML_READER_ERROR)
		m = p->mark;
	struct srcpos pos = mark_pos(b, m);
	const char *hint = p->error == YAML_READER_ERROR ? NULL : hint_for(b, p->problem, m);
	diag_at(b->d, R_YAML_SYNTAX, &pos, "%s%s%s%s%s%s", p->problem ? p->problem : "YAML error",
		p->context ? " " : "", p->context ? p->context : "", hint ? " (" : "", hint ? hint : "",
		hint ? ")" : "");
}

struct ynode *ytree_parse(const char *file, const char *text, size_t len,
			  int first_line, struct diag_list *d)
{
	struct builder b = {.file = file, .text = text, .len = len, .first_line = first_line, .d = d};
	struct ynode *root = NULL;
	yaml_parser_initialize(&b.parser);
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&b.parser, YAML_UTF8_ENCODING);
	bool in_doc = false, seen_doc = false;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&b.parser, &ev)) {
			b.failed = true;
			break;
		}
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_DOCUMENT_START_EVENT) {
			if (seen_doc) {
				struct srcpos pos = mark_pos(&b, ev.start_mark);
				diag_at(d, R_YAML_SYNTAX, &pos, "more than one YAML document; only the first is read");
				yaml_event_delete(&ev);
				break;
			}
			in_doc = seen_doc = true;
		} else if (t == YAML_DOCUMENT_END_EVENT) {
			in_doc = false;
		} else if (in_doc && !root && t != YAML_STREAM_START_EVENT) {
			root = build(&b, &ev, 0);
			if (!root)
				b.failed = true;
		}
		yaml_event_delete(&ev);
		if (b.failed)
			break;
	}
	if (b.failed) {
		if (b.parser.error != YAML_NO_ERROR)
			report_parser_error(&b);
		ytree_free(root);
		root = NULL;
	}
	yaml_parser_delete(&b.parser);
	return root;
}

/* Free without recursion so a deep tree cannot exhaust the stack. */
void ytree_free(struct ynode *n)
{
	if (!n)
		return;
	struct ynode **stack = NULL;
	size_t sn = 0, cap = 0;
	stack = xgrow(stack, &cap, 1, sizeof *stack);
	stack[sn++] = n;
	while (sn) {
		struct ynode *x = stack[--sn];
		for (size_t i = 0; i < x->n; i++) {
			stack = xgrow(stack, &cap, sn + 1, sizeof *stack);
			stack[sn++] = x->kids[i];
		}
		free(x->kids);
		free(x->value);
		free(x);
	}
	free(stack);
}

bool ynode_is_null(const struct ynode *n)
{
	if (!n)
		return true;
	if (n->kind != Y_SCALAR || !n->plain)
		return false;
	const char *v = n->value;
	return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	       strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (map->kids[i]->kind == Y_SCALAR && strcmp(map->kids[i]->value, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

const char *ykind_name(enum ykind k)
{
	switch (k) {
	case Y_SCALAR: return "a text value";
	case Y_SEQ: return "a list";
	default: return "a mapping";
	}
}
