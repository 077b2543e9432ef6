/* Parsing and rendering templates.  The template is parsed once and never
 * changed; rendering walks its tree with the values in scope and writes
 * the page straight into a buffer, so one parsed template fills any number
 * of pages without copying a node. */
#include "tpl_int.h"

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

/* Each template element's directives, found once when the template is
 * parsed (kept in the node's _private) instead of on every page. */
enum { D_TEXT, D_HTML, D_EACH, D_IF, D_UNLESS, D_COUNT };
static const char *const d_names[D_COUNT] = {"text", "html", "each", "if", "unless"};

struct el_info {
	xmlAttrPtr dir[D_COUNT];
	bool attr_dirs; /* any data-q-attr-NAME */
};

static void index_directives(xmlNodePtr n)
{
	const size_t plen = sizeof ATTR_PREFIX - 1;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		struct el_info *in = xcalloc(1, sizeof *in);
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			const char *an = (const char *)a->name;
			if (a->ns || strncmp(an, ATTR_PREFIX, plen) != 0)
				continue;
			if (str_starts(an + plen, "attr-"))
				in->attr_dirs = true;
			for (int d = 0; d < D_COUNT; d++)
				if (!in->dir[d] && strcmp(an + plen, d_names[d]) == 0)
					in->dir[d] = a;
		}
		n->_private = in;
		index_directives(n->children);
	}
}

static void free_directives(xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		free(n->_private);
		n->_private = NULL;
		free_directives(n->children);
	}
}

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
	index_directives(doc->children);
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
	free_directives(t->doc->children);
	xmlFreeDoc(t->doc);
	free(t->name);
	free(t);
}

/* ---- rendering ---- */

struct scope {
	const struct tv *v;
	const struct scope *up;
};

struct render {
	const struct tpl *t;
	struct strbuf *b;
	const struct tpl_sink *sink; /* NULL: the whole page stays in b */
	struct diag_list *d;
	bool ok;
	int nesting;                 /* tpl_values being inserted */
	/* A block element has just been closed: the writer puts a line break
	 * between it and a following sibling element (see tpl_breaks_line). */
	bool pending_break;
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
	case TV_MARKUP: {
		size_t n;
		const struct tv *data;
		return tv_markup_tpl(v, &data) || (tv_markup(v, &n), n > 0);
	}
	}
	return false;
}

static const struct el_info *info(xmlNodePtr e)
{
	return e->_private;
}

/* The attribute data-q-attr-NAME of e, or NULL (found by name: only
 * elements that have such directives get here). */
static xmlAttrPtr directive(xmlNodePtr e, const char *name)
{
	const size_t plen = sizeof ATTR_PREFIX - 1;
	for (xmlAttrPtr a = e->properties; a; a = a->next)
		if (!a->ns && strncmp((const char *)a->name, ATTR_PREFIX, plen) == 0 &&
		    strcmp((const char *)a->name + plen, name) == 0)
			return a;
	return NULL;
}

static bool is_directive(xmlAttrPtr a)
{
	return !a->ns && str_starts((const char *)a->name, ATTR_PREFIX);
}

/* The value a directive names, looked up in scope; *key is its name for
 * messages (xmlFree'd by the caller through *owned). */
static const struct tv *named(xmlAttrPtr a, const struct scope *s, const char **key,
			      xmlChar **owned)
{
	*key = tpl_attr_value(a, owned);
	return lookup(s, *key);
}

/* `got` is the value found, to name the directive that takes it: a
 * template written for an older quire may fill with text what is now
 * HTML (the abstract became a node tree). */
static void fail(struct render *r, xmlNodePtr e, const char *key, const char *want,
		 const struct tv *got)
{
	bool tree = got && (tv_kind(got) == TV_HTML || tv_kind(got) == TV_MARKUP);
	diag_report(r->d, R_TEMPLATE, r->t->name, (int)xmlGetLineNo(e), 0,
		    "template value '%s' is not %s%s", key, want,
		    tree ? ": it is HTML, inserted with data-q-html" : "");
	r->ok = false;
}

#define FLUSH_AT (64u * 1024)

/* Hand what is buffered to the sink. */
static void flush(struct render *r)
{
	if (r->sink && r->b->len) {
		if (r->ok && r->sink->write(r->sink->ctx, r->b->s, r->b->len) != 0)
			r->ok = false;
		r->b->len = 0;
	}
}

static void maybe_flush(struct render *r)
{
	if (r->sink && r->b->len >= FLUSH_AT)
		flush(r);
}

/* Markup made earlier, copied in, or passed on whole when it is large. */
static void put_markup(struct render *r, const char *m, size_t n)
{
	if (r->sink && n >= FLUSH_AT) {
		flush(r);
		if (r->ok && r->sink->write(r->sink->ctx, m, n) != 0)
			r->ok = false;
	} else {
		sb_add(r->b, m, n);
	}
}

static void render_inserted(struct render *r, xmlNodePtr at, const char *key, const struct tpl *t,
			    const struct tv *data);

static void put_text(struct render *r, const char *s, bool raw)
{
	r->pending_break = false;
	tpl_put_text(r->b, s, raw);
}

/* One attribute set by data-q-attr-NAME: written when its value is
 * present, left out otherwise. */
static void put_dynamic_attr(struct render *r, xmlNodePtr e, xmlAttrPtr dir, const xmlChar *name,
			     const struct scope *s)
{
	const char *key;
	xmlChar *owned;
	const struct tv *v = named(dir, s, &key, &owned);
	if (v && tv_kind(v) != TV_STR)
		fail(r, e, key, "text", v);
	else if (present(v))
		tpl_put_attr(r->b, NULL, name, tv_text(v));
	xmlFree(owned);
}

/* The template's own attributes in order (those a directive sets take its
 * value, or are dropped when it is absent), then the ones only a
 * directive names. */
static void put_attrs(struct render *r, xmlNodePtr e, const struct scope *s)
{
	const size_t plen = sizeof ATTR_PREFIX "attr-" - 1;
	if (!info(e)->attr_dirs) { /* most elements: their own attributes only */
		for (xmlAttrPtr a = e->properties; a; a = a->next) {
			if (is_directive(a))
				continue;
			xmlChar *owned;
			tpl_put_attr(r->b, a->ns, a->name, tpl_attr_value(a, &owned));
			xmlFree(owned);
		}
		return;
	}
	for (xmlAttrPtr a = e->properties; a; a = a->next) {
		if (is_directive(a))
			continue;
		char dname[128];
		xmlAttrPtr dir = NULL;
		if (!a->ns && (size_t)snprintf(dname, sizeof dname, "attr-%s", a->name) < sizeof dname)
			dir = directive(e, dname);
		if (dir) {
			put_dynamic_attr(r, e, dir, a->name, s);
		} else {
			xmlChar *owned;
			tpl_put_attr(r->b, a->ns, a->name, tpl_attr_value(a, &owned));
			xmlFree(owned);
		}
	}
	for (xmlAttrPtr a = e->properties; a; a = a->next) {
		if (!is_directive(a) || !str_starts((const char *)a->name, ATTR_PREFIX "attr-"))
			continue;
		const xmlChar *target = a->name + plen;
		if (!xmlHasNsProp(e, target, NULL))
			put_dynamic_attr(r, e, a, target, s);
	}
}

static void render_nodes(struct render *r, xmlNodePtr n, const struct scope *s, bool raw);

/* The element's content: a directive's value, or its own children. */
static void put_content(struct render *r, xmlNodePtr e, const struct scope *s, bool raw)
{
	xmlAttrPtr dir;
	const char *key;
	xmlChar *owned;
	if ((dir = info(e)->dir[D_TEXT])) {
		const struct tv *v = named(dir, s, &key, &owned);
		if (v && tv_kind(v) != TV_STR)
			fail(r, e, key, "text", v);
		else if (v)
			put_text(r, tv_text(v), raw);
		xmlFree(owned);
	} else if ((dir = info(e)->dir[D_HTML])) {
		const struct tv *v = named(dir, s, &key, &owned);
		size_t n;
		const char *m;
		const struct tpl *inner;
		const struct tv *idata;
		if (!v) {
			/* absent: the element stays empty */
		} else if (tv_kind(v) == TV_STR) {
			put_text(r, tv_text(v), raw);
		} else if (tv_kind(v) == TV_HTML) {
			if (tv_frag(v))
				tpl_write_nodes(r->b, tv_frag(v)->children, raw);
		} else if ((inner = tv_markup_tpl(v, &idata))) {
			render_inserted(r, e, key, inner, idata);
		} else if ((m = tv_markup(v, &n))) {
			put_markup(r, m, n);
		} else {
			fail(r, e, key, "a node tree", v);
		}
		r->pending_break = false;
		xmlFree(owned);
	} else {
		render_nodes(r, e->children, s, raw);
	}
}

/* Write one element already known to be kept. */
static void put_element(struct render *r, xmlNodePtr e, const struct scope *s)
{
	const char *name = (const char *)e->name;
	if (r->pending_break)
		sb_addc(r->b, '\n');
	r->pending_break = false;
	sb_addc(r->b, '<');
	tpl_put_qname(r->b, e->ns, e->name);
	put_attrs(r, e, s);
	sb_addc(r->b, '>');
	if (!tpl_is_void(name)) {
		put_content(r, e, s, tpl_is_raw_text(name));
		r->pending_break = false;
		sb_add(r->b, "</", 2);
		tpl_put_qname(r->b, e->ns, e->name);
		sb_addc(r->b, '>');
	}
	r->pending_break = tpl_breaks_line(name);
	maybe_flush(r);
}

/* Conditions: data-q-if and data-q-unless. */
static bool keep(xmlNodePtr e, const struct scope *s)
{
	xmlAttrPtr dir;
	const char *key;
	xmlChar *owned;
	bool keep_it = true;
	if ((dir = info(e)->dir[D_IF])) {
		keep_it = present(named(dir, s, &key, &owned));
		xmlFree(owned);
	}
	if (keep_it && (dir = info(e)->dir[D_UNLESS])) {
		keep_it = !present(named(dir, s, &key, &owned));
		xmlFree(owned);
	}
	return keep_it;
}

static void render_element(struct render *r, xmlNodePtr e, const struct scope *s)
{
	xmlAttrPtr each = info(e)->dir[D_EACH];
	if (!each) {
		if (keep(e, s))
			put_element(r, e, s);
		return;
	}
	const char *key;
	xmlChar *owned;
	const struct tv *list = named(each, s, &key, &owned);
	if (list && tv_kind(list) != TV_LIST)
		fail(r, e, key, "a list", list);
	else if (list)
		for (size_t i = 0; i < tv_len(list); i++) {
			struct tv *made;
			struct scope inner = {tv_each_item(list, i, &made), s};
			if (keep(e, &inner))
				put_element(r, e, &inner);
			tv_free(made);
		}
	xmlFree(owned);
}

static void render_nodes(struct render *r, xmlNodePtr n, const struct scope *s, bool raw)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			render_element(r, n, s);
		else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
			put_text(r, (const char *)n->content, raw);
		else
			r->pending_break = false; /* a comment still separates two elements */
	}
}

/* A tpl_value's template, written in place with its own data in scope. */
static void render_inserted(struct render *r, xmlNodePtr at, const char *key, const struct tpl *t,
			    const struct tv *data)
{
	if (r->nesting >= 8) {
		diag_report(r->d, R_TEMPLATE, r->t->name, (int)xmlGetLineNo(at), 0,
			    "template value '%s' inserts itself", key);
		r->ok = false;
		return;
	}
	const struct tpl *outer = r->t;
	r->t = t;
	r->nesting++;
	struct scope scope = {data, NULL};
	xmlNodePtr e = xmlDocGetRootElement(t->doc);
	if (e)
		render_element(r, e, &scope);
	r->nesting--;
	r->t = outer;
}

static bool render_root(const struct tpl *t, const struct tv *data, struct strbuf *b,
			const struct tpl_sink *sink, struct diag_list *d)
{
	struct render r = {.t = t, .b = b, .sink = sink, .d = d, .ok = true};
	struct scope root = {data, NULL};
	xmlNodePtr e = xmlDocGetRootElement(t->doc);
	if (e)
		render_element(&r, e, &root);
	if (sink) {
		sb_addc(b, '\n');
		flush(&r);
	}
	return r.ok;
}

char *tpl_render(const struct tpl *t, const struct tv *data, size_t *len, struct diag_list *d)
{
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "<!DOCTYPE html>\n");
	bool ok = render_root(t, data, &b, NULL, d);
	sb_addc(&b, '\n');
	if (!ok) {
		sb_free(&b);
		return NULL;
	}
	if (len)
		*len = b.len;
	return sb_steal(&b);
}

int tpl_render_to(const struct tpl *t, const struct tv *data, const struct tpl_sink *sink,
		  struct diag_list *d)
{
	struct strbuf b;
	sb_init(&b);
	sb_grow(&b, FLUSH_AT + 4096); /* the one buffer a page goes through */
	sb_adds(&b, "<!DOCTYPE html>\n");
	bool ok = render_root(t, data, &b, sink, d);
	sb_free(&b);
	return ok ? 0 : -1;
}

struct tv *tpl_render_value(const struct tpl *t, const struct tv *data, struct diag_list *d)
{
	struct strbuf b;
	sb_init(&b);
	if (!render_root(t, data, &b, NULL, d)) {
		sb_free(&b);
		return NULL;
	}
	size_t n = b.len;
	return tv_new_markup(sb_steal(&b), n);
}
