/* HTML5 serialisation of a libxml2 tree.  libxml2's own HTML writer
 * predates HTML5 (it would write <section/> forms oddly and Korean text as
 * character references unless the page carries a legacy meta tag), so this
 * small writer owns the output format: raw UTF-8, deterministic, and the
 * only place where text becomes markup. */
#include <string.h>

#include "proceedings/util.h"
#include "tpl.h"

static bool is_void(const char *name)
{
	static const char *const voids[] = {"area", "base", "br", "col", "embed", "hr", "img",
					    "input", "link", "meta", "source", "track", "wbr", NULL};
	for (size_t i = 0; voids[i]; i++)
		if (strcmp(name, voids[i]) == 0)
			return true;
	return false;
}

static bool is_raw_text(const char *name)
{
	return strcmp(name, "script") == 0 || strcmp(name, "style") == 0;
}

static void escape(struct strbuf *b, const char *s, bool attr)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			sb_adds(b, "&amp;");
			break;
		case '<':
			sb_adds(b, "&lt;");
			break;
		case '>':
			sb_adds(b, "&gt;");
			break;
		case '"':
			sb_adds(b, attr ? "&quot;" : "\"");
			break;
		default:
			sb_addc(b, *s);
		}
	}
}

/* Script and style text is not escaped by browsers, so "</" would end the
 * element: write it as "<\/", which means the same in JSON and JS strings. */
static void raw_text(struct strbuf *b, const char *s)
{
	for (; *s; s++) {
		if (s[0] == '<' && s[1] == '/') {
			sb_adds(b, "<\\/");
			s++;
		} else if (s[0] == '<' && s[1] == '!') {
			sb_adds(b, "\\u003c"); /* no "<!--" either */
		} else {
			sb_addc(b, *s);
		}
	}
}

static void qname(struct strbuf *b, const xmlNs *ns, const xmlChar *name)
{
	if (ns && ns->prefix) {
		sb_adds(b, (const char *)ns->prefix);
		sb_addc(b, ':');
	}
	sb_adds(b, (const char *)name);
}

static void write_node(struct strbuf *b, xmlNodePtr n, bool raw);

/* A line break after a block element followed directly by another
 * element keeps the page source readable; between blocks it means nothing. */
static bool breaks_line(const char *name)
{
	static const char *const blocks[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
					     "table", "figure", "pre", "blockquote", "section",
					     "div", "hr", "meta", "link", "script", "dl", NULL};
	for (size_t i = 0; blocks[i]; i++)
		if (strcmp(name, blocks[i]) == 0)
			return true;
	return false;
}

static void write_children(struct strbuf *b, xmlNodePtr n, bool raw)
{
	for (; n; n = n->next)
		write_node(b, n, raw);
}

static void write_element(struct strbuf *b, xmlNodePtr n)
{
	const char *name = (const char *)n->name;
	sb_addc(b, '<');
	qname(b, n->ns, n->name);
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		sb_addc(b, ' ');
		qname(b, a->ns, a->name);
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		sb_adds(b, "=\"");
		escape(b, v ? (const char *)v : "", true);
		sb_addc(b, '"');
		xmlFree(v);
	}
	sb_addc(b, '>');
	if (!is_void(name)) {
		write_children(b, n->children, is_raw_text(name));
		sb_adds(b, "</");
		qname(b, n->ns, n->name);
		sb_addc(b, '>');
	}
	if (n->next && n->next->type == XML_ELEMENT_NODE && breaks_line(name))
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
		if (n->content) {
			if (raw)
				raw_text(b, (const char *)n->content);
			else
				escape(b, (const char *)n->content, false);
		}
		break;
	default:
		break; /* comments, processing instructions and DTDs are not copied */
	}
}

char *tpl_serialize(xmlDocPtr doc, size_t *len)
{
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "<!DOCTYPE html>\n");
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root)
		write_node(&b, root, false);
	sb_addc(&b, '\n');
	if (len)
		*len = b.len;
	return sb_steal(&b);
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
