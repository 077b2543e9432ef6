/* Parsing and expanding templates.  The template is parsed once; every
 * expansion works on a fresh copy of its tree, so one parsed template can
 * fill any number of pages. */
#include "tpl.h"

#include <errno.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/util.h"

#define TPL_MAX_BYTES (4u * 1024 * 1024)
#define ATTR_PREFIX "data-q-"

struct tpl {
	char *name;
	xmlDocPtr doc;
};

static void trim_msg(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

static bool known_directive(const char *name)
{
	static const char *const known[] = {"text", "each", "if", "unless", "html", NULL};
	for (size_t i = 0; known[i]; i++)
		if (strcmp(name, known[i]) == 0)
			return true;
	return str_starts(name, "attr-") && name[5];
}

/* Refuse what the engine will not honour, so a typo is an error and not a
 * silently ignored attribute. */
static bool validate(const struct tpl *t, xmlNodePtr n, struct diag_list *d)
{
	bool ok = true;
	for (; n; n = n->next) {
		if (n->type == XML_ENTITY_REF_NODE) {
			diag_report(d, R_TEMPLATE, t->name, (int)xmlGetLineNo(n), 0,
				    "template uses entity '&%s;'; write the character itself", n->name);
			ok = false;
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			const char *an = (const char *)a->name;
			if (!str_starts(an, ATTR_PREFIX))
				continue;
			xmlChar *val = xmlNodeGetContent((xmlNodePtr)a);
			if (!known_directive(an + strlen(ATTR_PREFIX))) {
				diag_report(d, R_TEMPLATE, t->name, (int)xmlGetLineNo(n), 0,
					    "template attribute '%s' is not a quire directive", an);
				ok = false;
			} else if (!val || !*val) {
				diag_report(d, R_TEMPLATE, t->name, (int)xmlGetLineNo(n), 0,
					    "template attribute '%s' names no value", an);
				ok = false;
			}
			xmlFree(val);
		}
		ok &= validate(t, n->children, d);
	}
	return ok;
}

struct tpl *tpl_parse(const char *name, const char *text, size_t len, struct diag_list *d)
{
	if (len > TPL_MAX_BYTES || len > (size_t)INT32_MAX) {
		diag_report(d, R_TOO_LARGE, name, 0, 0, "template is larger than 4 MB");
		return NULL;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		diag_report(d, R_IO, name, 0, 0, "out of memory reading the template");
		return NULL;
	}
	/* No NOENT, no DTDLOAD: entities stay unexpanded and nothing is fetched. */
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, text, (int)len, name, "UTF-8",
					  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc || !ctxt->wellFormed) {
		xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
		char *msg = xstrdup(e && e->message ? e->message : "not well-formed");
		trim_msg(msg);
		diag_report(d, R_TEMPLATE, name, e ? e->line : 0, e ? e->int2 : 0,
			    "template is not well-formed XML: %s", msg);
		free(msg);
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return NULL;
	}
	xmlFreeParserCtxt(ctxt);
	struct tpl *t = xcalloc(1, sizeof *t);
	t->name = xstrdup(name);
	t->doc = doc;
	xmlDtdPtr dtd = doc->intSubset;
	bool ok = true;
	if (dtd && (dtd->children || dtd->ExternalID || dtd->SystemID || doc->extSubset)) {
		diag_report(d, R_TEMPLATE, name, 1, 0, "template DOCTYPE must be plain '<!DOCTYPE html>'");
		ok = false;
	}
	if (!xmlDocGetRootElement(doc)) {
		diag_report(d, R_TEMPLATE, name, 1, 0, "template has no root element");
		ok = false;
	}
	ok &= validate(t, doc->children, d);
	if (!ok) {
		tpl_free(t);
		return NULL;
	}
	return t;
}

struct tpl *tpl_load(const char *path, struct diag_list *d)
{
	char *text;
	size_t len;
	if (read_file(path, TPL_MAX_BYTES, &text, &len) != 0) {
		diag_report(d, R_IO, path, 0, 0, "cannot read template: %s", strerror(errno));
		return NULL;
	}
	struct tpl *t = tpl_parse(path, text, len, d);
	free(text);
	return t;
}

void tpl_free(struct tpl *t)
{
	if (!t)
		return;
	xmlFreeDoc(t->doc);
	free(t->name);
	free(t);
}

/* ---- expansion ---- */

struct scope {
	const struct tv *v;
	const struct scope *up;
};

struct expand {
	const struct tpl *t;
	xmlDocPtr doc;
	struct diag_list *d;
	bool ok;
};

static const struct tv *lookup(const struct scope *s, const char *key)
{
	if (strcmp(key, ".") == 0)
		return s ? s->v : NULL;
	for (; s; s = s->up) {
		if (tv_kind(s->v) != TV_MAP)
			continue;
		const struct tv *v = tv_get(s->v, key);
		if (v)
			return v;
	}
	return NULL;
}

static bool present(const struct tv *v)
{
	if (!v)
		return false;
	switch (tv_kind(v)) {
	case TV_STR:
		return tv_text(v)[0] != '\0';
	case TV_LIST:
		return tv_len(v) > 0;
	case TV_MAP:
		return true;
	case TV_HTML:
		return tv_frag(v) && tv_frag(v)->children;
	}
	return false;
}

/* Take a directive off the element; returns its value (caller frees) or NULL. */
static char *take(xmlNodePtr e, const char *directive)
{
	char name[64];
	snprintf(name, sizeof name, ATTR_PREFIX "%s", directive);
	xmlAttrPtr a = xmlHasProp(e, BAD_CAST name);
	if (!a)
		return NULL;
	xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
	xmlRemoveProp(a);
	char *s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static void fail(struct expand *x, xmlNodePtr e, const char *key, const char *want)
{
	diag_report(x->d, R_TEMPLATE, x->t->name, (int)xmlGetLineNo(e), 0,
		    "template value '%s' is not %s", key, want);
	x->ok = false;
}

static void clear_children(xmlNodePtr e)
{
	while (e->children) {
		xmlNodePtr c = e->children;
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
}

static void expand_list(struct expand *x, xmlNodePtr n, const struct scope *s);

/* data-q-attr-*: collected first, since setting attributes while walking
 * the list would disturb it. */
static void set_attrs(struct expand *x, xmlNodePtr e, const struct scope *s)
{
	const size_t plen = strlen(ATTR_PREFIX "attr-");
	for (;;) {
		xmlAttrPtr a = e->properties;
		while (a && !str_starts((const char *)a->name, ATTR_PREFIX "attr-"))
			a = a->next;
		if (!a)
			break;
		char *target = xstrdup((const char *)a->name + plen);
		xmlChar *key = xmlNodeGetContent((xmlNodePtr)a);
		xmlRemoveProp(a);
		const struct tv *v = lookup(s, (const char *)key);
		if (v && tv_kind(v) != TV_STR) {
			fail(x, e, (const char *)key, "text");
		} else if (present(v)) {
			/* xmlSetProp stores the value as text: no entity parsing. */
			xmlSetProp(e, BAD_CAST target, BAD_CAST tv_text(v));
		} else {
			xmlAttrPtr old = xmlHasProp(e, BAD_CAST target);
			if (old)
				xmlRemoveProp(old);
		}
		xmlFree(key);
		free(target);
	}
}

/* Fill one element already known to be kept. */
static void fill(struct expand *x, xmlNodePtr e, const struct scope *s)
{
	set_attrs(x, e, s);
	char *key;
	if ((key = take(e, "text"))) {
		const struct tv *v = lookup(s, key);
		clear_children(e);
		if (v && tv_kind(v) != TV_STR)
			fail(x, e, key, "text");
		else if (v)
			xmlAddChild(e, xmlNewDocText(x->doc, BAD_CAST tv_text(v)));
		free(key);
		return;
	}
	if ((key = take(e, "html"))) {
		const struct tv *v = lookup(s, key);
		clear_children(e);
		if (v && tv_kind(v) == TV_STR) {
			xmlAddChild(e, xmlNewDocText(x->doc, BAD_CAST tv_text(v)));
		} else if (v && tv_kind(v) == TV_HTML) {
			for (xmlNodePtr c = tv_frag(v)->children; c; c = c->next)
				xmlAddChild(e, xmlDocCopyNode(c, x->doc, 1));
		} else if (v) {
			fail(x, e, key, "a node tree");
		}
		free(key);
		return;
	}
	expand_list(x, e->children, s);
}

/* Conditions; false when the element was removed. */
static bool keep(struct expand *x, xmlNodePtr e, const struct scope *s)
{
	char *key;
	bool keep_it = true;
	if ((key = take(e, "if"))) {
		keep_it = present(lookup(s, key));
		free(key);
	}
	if ((key = take(e, "unless"))) {
		keep_it = keep_it && !present(lookup(s, key));
		free(key);
	}
	return keep_it;
}

static void expand_element(struct expand *x, xmlNodePtr e, const struct scope *s)
{
	char *key = take(e, "each");
	if (key) {
		const struct tv *list = lookup(s, key);
		if (list && tv_kind(list) != TV_LIST)
			fail(x, e, key, "a list");
		else if (list)
			for (size_t i = 0; i < tv_len(list); i++) {
				xmlNodePtr copy = xmlDocCopyNode(e, x->doc, 1);
				xmlAddPrevSibling(e, copy);
				struct scope inner = {tv_item(list, i), s};
				if (keep(x, copy, &inner)) {
					fill(x, copy, &inner);
				} else {
					xmlUnlinkNode(copy);
					xmlFreeNode(copy);
				}
			}
		free(key);
		xmlUnlinkNode(e);
		xmlFreeNode(e);
		return;
	}
	if (!keep(x, e, s)) {
		xmlUnlinkNode(e);
		xmlFreeNode(e);
		return;
	}
	fill(x, e, s);
}

static void expand_list(struct expand *x, xmlNodePtr n, const struct scope *s)
{
	while (n) {
		xmlNodePtr next = n->next;
		if (n->type == XML_ELEMENT_NODE)
			expand_element(x, n, s);
		n = next;
	}
}

xmlDocPtr tpl_expand(const struct tpl *t, const struct tv *data, struct diag_list *d)
{
	struct expand x = {t, xmlCopyDoc(t->doc, 1), d, true};
	struct scope root = {data, NULL};
	expand_list(&x, x.doc->children, &root);
	if (!x.ok) {
		xmlFreeDoc(x.doc);
		return NULL;
	}
	return x.doc;
}
