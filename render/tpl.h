/* The HTML template engine.  Templates are well-formed HTML5 files read as
 * XML (no DTD, no entities beyond the XML five, no network) and filled
 * from a small value tree through attributes:
 *
 *   data-q-text="k"       replace the element's content by the text of k
 *   data-q-attr-NAME="k"  set attribute NAME to k (removed when k is absent)
 *   data-q-each="k"       repeat the element once per item of list k; the
 *                         item's keys (or "." for a plain string) are in scope
 *   data-q-if="k"         keep the element only if k is present and non-empty
 *   data-q-unless="k"     keep it only if k is absent or empty
 *   data-q-html="k"       replace the content by a node tree quire built
 *
 * Keys may be dotted ("ui.authors").  Rendering walks the parsed template
 * and writes HTML5 straight into a buffer, copying no tree.  Values only
 * ever become text and attribute values, escaped as they are written, so
 * no value can inject markup: escaping holds by construction.  The only
 * markup a value can carry is a node tree quire built (TV_HTML) or the
 * engine's own rendering of another template (TV_MARKUP). */
#ifndef QUIRE_TPL_H
#define QUIRE_TPL_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "proceedings/diag.h"

/* ---- values ---- */

enum tv_kind { TV_STR, TV_LIST, TV_MAP, TV_HTML, TV_MARKUP };

struct tv; /* opaque */

struct tv *tv_str(const char *s);          /* copies s; NULL gives "" */
struct tv *tv_list(void);
/* A list of n items made one at a time while the template repeats over it
 * (data-q-each), each freed once written: a page listing 10,000 papers
 * never holds 10,000 values.  make(ctx, i) returns a new value; ctx_free
 * (may be NULL) frees ctx with the list.  tv_item gives NULL for it. */
struct tv *tv_lazy_list(size_t n, struct tv *(*make)(void *ctx, size_t i), void *ctx,
			void (*ctx_free)(void *ctx));
struct tv *tv_map(void);
/* A value standing for v without owning it: one map of interface strings
 * serves every page.  v must outlive it and not change meanwhile. */
struct tv *tv_borrow(const struct tv *v);
/* Takes ownership of `frag`, an element whose children are inserted by
 * data-q-html (the element itself is not). */
struct tv *tv_html(xmlNodePtr frag);
void tv_free(struct tv *v);

enum tv_kind tv_kind(const struct tv *v);
/* Maps: set key (replacing an old value).  Takes ownership of `v`; a NULL
 * `v` leaves the key absent.  Returns `v`. */
struct tv *tv_set(struct tv *map, const char *key, struct tv *v);
/* Shorthand: set key to a copy of s, or leave it absent when s is NULL. */
void tv_set_str(struct tv *map, const char *key, const char *s);
/* Lists: append (taking ownership).  Returns `v`. */
struct tv *tv_push(struct tv *list, struct tv *v);
size_t tv_len(const struct tv *v);
/* Lookup of a dotted key in a map, or NULL. */
const struct tv *tv_get(const struct tv *map, const char *key);
const char *tv_text(const struct tv *v); /* strings only, else NULL */
const struct tv *tv_item(const struct tv *list, size_t i);
xmlNodePtr tv_frag(const struct tv *v);     /* TV_HTML only, else NULL */

/* ---- templates ---- */

struct tpl; /* a parsed template */

/* Parse a template held in memory; `name` is used in diagnostics.
 * Returns NULL (with a report in d) if it is not well-formed or uses an
 * entity, a DTD or an unknown data-q-* attribute. */
struct tpl *tpl_parse(const char *name, const char *text, size_t len, struct diag_list *d);
struct tpl *tpl_load(const char *path, struct diag_list *d);
void tpl_free(struct tpl *t);

/* Fill the template with `data` and write the page as HTML5:
 * "<!DOCTYPE html>\n", the root element, "\n".  UTF-8 text, void elements
 * without end tags, text and attribute values escaped, script/style
 * content raw but never able to close its element.  Returns NULL (caller
 * frees otherwise) and reports if a directive names a value of the wrong
 * kind. */
char *tpl_render(const struct tpl *t, const struct tv *data, size_t *len, struct diag_list *d);
/* The root element alone, as a value another template can insert with
 * data-q-html (a page's content inside the base template). */
struct tv *tpl_render_value(const struct tpl *t, const struct tv *data, struct diag_list *d);
/* The same, but rendered only where it is inserted, straight into the
 * page being written: no copy of the content is ever held.  Borrows t and
 * data, which must outlive the value; data may hold the value itself (a
 * template that inserts itself is reported, not followed). */
struct tv *tpl_value(const struct tpl *t, const struct tv *data);

/* Where tpl_render_to sends a page as it is made. */
struct tpl_sink {
	int (*write)(void *ctx, const char *s, size_t len); /* 0, or -1 on failure */
	void *ctx;
};
/* tpl_render's page, sent to the sink in pieces of about 64 KB as it is
 * made, so a page of any length needs only a small buffer.  0, or -1 if a
 * directive failed (reported) or the sink did; the sink may then have had
 * part of the page. */
int tpl_render_to(const struct tpl *t, const struct tv *data, const struct tpl_sink *sink,
		  struct diag_list *d);

/* A node holding markup quire generated itself, in the serialiser's own
 * form, which the serialiser writes out unchanged (a libxml2 text node
 * with escaping disabled).  Never for anything a paper or template
 * supplies. */
xmlNodePtr tpl_raw_markup(const char *markup);
/* The text of n and its descendants (as xmlNodeGetContent), reading
 * tpl_raw_markup nodes as the text their markup holds.  Caller frees. */
char *tpl_node_text(xmlNodePtr n);

/* Serialise a node tree the same way.  Caller frees the result. */
char *tpl_serialize_node(xmlNodePtr n, size_t *len);
/* The children of `frag`, serialised: what data-q-html would insert for
 * tv_html(frag), as a string that can be kept aside.  Caller frees. */
char *tpl_serialize_children(xmlNodePtr frag, size_t *len);
/* A value holding such a string (taking ownership).  It is inserted as it
 * is, so it must come from tpl_serialize_children. */
struct tv *tv_serialized(char *s, size_t len);

/* ---- template files ---- */

/* The folder of the default templates: $QUIRE_TEMPLATES, else
 * <dir of the binary>/templates, <dir of the binary>/../templates (a build
 * tree), else QUIRE_DATADIR "/templates".  NULL if none exists.  Caller
 * frees. */
char *tpl_default_dir(void);

/* The file `name` in `override_dir` (may be NULL) if it exists there, else
 * in the default folder.  NULL if neither has it.  `name` must be a plain
 * file name. */
char *tpl_find(const char *override_dir, const char *name);

#endif
