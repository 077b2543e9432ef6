/* Inside the template engine: the HTML5 writer that the renderer and
 * tpl_serialize_node share. */
#ifndef QUIRE_TPL_INT_H
#define QUIRE_TPL_INT_H

#include "proceedings/util.h"
#include "tpl.h"

bool tpl_is_void(const char *name);
bool tpl_is_raw_text(const char *name); /* script, style */
bool tpl_breaks_line(const char *name);

/* Text escaped for content (or, in script and style, made unable to end
 * the element). */
void tpl_put_text(struct strbuf *b, const char *s, bool raw);
void tpl_put_qname(struct strbuf *b, const xmlNs *ns, const xmlChar *name);
/* ' name="value"', the value escaped. */
void tpl_put_attr(struct strbuf *b, const xmlNs *ns, const xmlChar *name, const char *value);
/* The value of an attribute; *owned is set (to be xmlFree'd) only when
 * the value had to be assembled. */
const char *tpl_attr_value(xmlAttrPtr a, xmlChar **owned);
/* Serialise n and its following siblings. */
void tpl_write_nodes(struct strbuf *b, xmlNodePtr n, bool raw);

/* Item i of a list, made on the spot for a lazy list (then *made is set
 * and the caller frees it). */
const struct tv *tv_each_item(const struct tv *list, size_t i, struct tv **made);

/* TV_MARKUP values: the engine's own rendered output. */
const char *tv_markup(const struct tv *v, size_t *len);
struct tv *tv_new_markup(char *s, size_t len);
/* For a tpl_value: its template and data; NULL for any other value. */
const struct tpl *tv_markup_tpl(const struct tv *v, const struct tv **data);

#endif
