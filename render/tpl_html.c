/* HTML5 serialisation.  libxml2's own HTML writer predates HTML5 (it would
 * write <section/> forms oddly and Korean text as character references
 * unless the page carries a legacy meta tag), so this small writer owns
 * the output format: raw UTF-8, deterministic, and the only place where
 * text becomes markup.  The template renderer (tpl.c) writes through the
 * same functions. */
#include <string.h>

#include "proceedings/util.h"
#include "tpl_int.h"

#include <libxml/parserInternals.h> /* xmlStringTextNoenc */

/* These three are asked of every element written, so they look at the
 * first letter before comparing whole names. */
bool tpl_is_void(const char *n)
{
	switch (n[0]) {
	case 'a':
		return !strcmp(n, "area");
	case 'b':
		return !strcmp(n, "br") || !strcmp(n, "base");
	case 'c':
		return !strcmp(n, "col");
	case 'e':
		return !strcmp(n, "embed");
	case 'h':
		return !strcmp(n, "hr");
	case 'i':
		return !strcmp(n, "img") || !strcmp(n, "input");
	case 'l':
		return !strcmp(n, "link");
	case 'm':
		return !strcmp(n, "meta");
	case 's':
		return !strcmp(n, "source");
	case 't':
		return !strcmp(n, "track");
	case 'w':
		return !strcmp(n, "wbr");
	default:
		return false;
	}
}

bool tpl_is_raw_text(const char *n)
{
	return n[0] == 's' && (!strcmp(n, "script") || !strcmp(n, "style"));
}

/* A line break after a block element followed directly by another
 * element keeps the page source readable; between blocks it means nothing. */
bool tpl_breaks_line(const char *n)
{
	switch (n[0]) {
	case 'p':
		return !n[1] || !strcmp(n, "pre");
	case 'h':
		return (n[1] >= '1' && n[1] <= '6' && !n[2]) || !strcmp(n, "hr");
	case 'u':
	case 'o':
		return n[1] == 'l' && !n[2];
	case 't':
		return !strcmp(n, "table");
	case 'f':
		return !strcmp(n, "figure");
	case 'b':
		return !strcmp(n, "blockquote");
	case 's':
		return !strcmp(n, "section") || !strcmp(n, "script");
	case 'd':
		return !strcmp(n, "div") || !strcmp(n, "dl");
	case 'm':
		return !strcmp(n, "meta");
	case 'l':
		return !strcmp(n, "link");
	default:
		return false;
	}
}

/* Runs of ordinary bytes are copied whole: this loop sees every byte of
 * every page. */
static void escape(struct strbuf *b, const char *s, bool attr)
{
	const char *stops = attr ? "&<>\"" : "&<>";
	for (;;) {
		size_t n = strcspn(s, stops);
		if (n)
			sb_add(b, s, n);
		s += n;
		switch (*s) {
		case '\0':
			return;
		case '&':
			sb_add(b, "&amp;", 5);
			break;
		case '<':
			sb_add(b, "&lt;", 4);
			break;
		case '>':
			sb_add(b, "&gt;", 4);
			break;
		default: /* '"' in an attribute */
			sb_add(b, "&quot;", 6);
		}
		s++;
	}
}

/* Script and style text is not escaped by browsers, so "</" would end the
 * element: write it as "<\/", which means the same in JSON and JS strings. */
static void raw_text(struct strbuf *b, const char *s)
{
	for (;;) {
		const char *lt = strchr(s, '<');
		if (!lt) {
			sb_adds(b, s);
			return;
		}
		sb_add(b, s, (size_t)(lt - s));
		if (lt[1] == '/') {
			sb_add(b, "<\\/", 3);
			s = lt + 2;
		} else if (lt[1] == '!') {
			sb_add(b, "\\u003c", 6); /* no "<!--" either */
			s = lt + 1;
		} else {
			sb_addc(b, '<');
			s = lt + 1;
		}
	}
}

void tpl_put_text(struct strbuf *b, const char *s, bool raw)
{
	if (raw)
		raw_text(b, s);
	else
		escape(b, s, false);
}

void tpl_put_qname(struct strbuf *b, const xmlNs *ns, const xmlChar *name)
{
	if (ns && ns->prefix) {
		sb_adds(b, (const char *)ns->prefix);
		sb_addc(b, ':');
	}
	sb_adds(b, (const char *)name);
}

void tpl_put_attr(struct strbuf *b, const xmlNs *ns, const xmlChar *name, const char *value)
{
	sb_addc(b, ' ');
	tpl_put_qname(b, ns, name);
	sb_add(b, "=\"", 2);
	escape(b, value, true);
	sb_addc(b, '"');
}

/* An attribute's value without a copy when it is one text node, as
 * nearly all are. */
const char *tpl_attr_value(xmlAttrPtr a, xmlChar **owned)
{
	*owned = NULL;
	xmlNodePtr c = a->children;
	if (!c)
		return "";
	if (!c->next && c->type == XML_TEXT_NODE)
		return c->content ? (const char *)c->content : "";
	*owned = xmlNodeGetContent((xmlNodePtr)a);
	return *owned ? (const char *)*owned : "";
}

static void write_element(struct strbuf *b, xmlNodePtr n)
{
	const char *name = (const char *)n->name;
	sb_addc(b, '<');
	tpl_put_qname(b, n->ns, n->name);
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		xmlChar *owned;
		tpl_put_attr(b, a->ns, a->name, tpl_attr_value(a, &owned));
		xmlFree(owned);
	}
	sb_addc(b, '>');
	if (!tpl_is_void(name)) {
		tpl_write_nodes(b, n->children, tpl_is_raw_text(name));
		sb_add(b, "</", 2);
		tpl_put_qname(b, n->ns, n->name);
		sb_addc(b, '>');
	}
	if (n->next && n->next->type == XML_ELEMENT_NODE && tpl_breaks_line(name))
		sb_addc(b, '\n');
}

static void write_node(struct strbuf *b, xmlNodePtr n, bool raw)
{
	switch (n->type) {
	case XML_ELEMENT_NODE:
		write_element(b, n);
		break;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content && n->name == xmlStringTextNoenc)
			sb_adds(b, (const char *)n->content); /* tpl_raw_markup */
		else if (n->content)
			tpl_put_text(b, (const char *)n->content, raw);
		break;
	default:
		break; /* comments, processing instructions and DTDs are not copied */
	}
}

void tpl_write_nodes(struct strbuf *b, xmlNodePtr n, bool raw)
{
	for (; n; n = n->next)
		write_node(b, n, raw);
}

char *tpl_serialize_node(xmlNodePtr n, size_t *len)
{
	struct strbuf b;
	sb_init(&b);
	write_node(&b, n, false);
	if (len)
		*len = b.len;
	return sb_steal(&b);
}

char *tpl_serialize_children(xmlNodePtr frag, size_t *len)
{
	struct strbuf b;
	sb_init(&b);
	sb_grow(&b, 16 * 1024); /* a paper's body: skip the small doublings */
	if (frag)
		tpl_write_nodes(&b, frag->children, false);
	if (len)
		*len = b.len;
	return sb_steal(&b);
}

xmlNodePtr tpl_raw_markup(const char *markup)
{
	xmlNodePtr t = xmlNewText(BAD_CAST markup);
	t->name = xmlStringTextNoenc;
	return t;
}

/* The text inside markup: tags dropped, the five escapes undone. */
static void markup_text(struct strbuf *b, const char *s)
{
	static const struct {
		const char *esc, *ch;
	} ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
	while (*s) {
		if (*s == '<') {
			/* a formula's TeX source is not part of its text */
			if (strncmp(s, "<annotation", 11) == 0) {
				const char *end = strstr(s, "</annotation>");
				if (!end)
					return;
				s = end;
			}
			const char *gt = strchr(s, '>');
			if (!gt)
				return;
			s = gt + 1;
			continue;
		}
		size_t i = 0, n = sizeof ents / sizeof ents[0];
		if (*s == '&')
			for (; i < n && strncmp(s, ents[i].esc, strlen(ents[i].esc)) != 0; i++)
				;
		if (*s == '&' && i < n) {
			sb_adds(b, ents[i].ch);
			s += strlen(ents[i].esc);
		} else {
			sb_addc(b, *s++);
		}
	}
}

static void node_text(struct strbuf *b, xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content && n->name == xmlStringTextNoenc)
				markup_text(b, (const char *)n->content);
			else if (n->content)
				sb_adds(b, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			node_text(b, n->children);
		}
	}
}

char *tpl_node_text(xmlNodePtr n)
{
	struct strbuf b;
	sb_init(&b);
	if (n->type == XML_ELEMENT_NODE)
		node_text(&b, n->children);
	else
		node_text(&b, n);
	return sb_steal(&b);
}
