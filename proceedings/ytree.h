/* YAML read into a small tree that keeps the file, line and column of every
 * node, built on libyaml's event API.  libyaml accepts duplicate keys
 * silently and expands aliases without limit; this layer reports the first
 * and refuses the second, so a "billion laughs" file cannot blow up. */
#ifndef QUIRE_YTREE_H
#define QUIRE_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ykind kind;
	struct srcpos pos;
	char *value;          /* scalars: the text (never NULL) */
	bool plain;           /* scalars: written without quotes */
	struct ynode **kids;  /* sequences: items; mappings: key, value, key, value... */
	size_t n;             /* number of entries in kids */
};

/* Parse `text` (already valid UTF-8).  `file` is borrowed and must outlive
 * the tree; `first_line` is the file line on which `text` starts (front
 * matter starts on line 2).  Returns NULL when the YAML is empty or broken;
 * problems go to `d`. */
struct ynode *ytree_parse(const char *file, const char *text, size_t len,
			  int first_line, struct diag_list *d);
void ytree_free(struct ynode *n);

/* A scalar that means "no value": empty or ~ or null, unquoted. */
bool ynode_is_null(const struct ynode *n);
/* The value of `key` in mapping `map`, or NULL. */
struct ynode *ynode_get(const struct ynode *map, const char *key);
const char *ykind_name(enum ykind k);

#endif
