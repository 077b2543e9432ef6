/* Citations, cross-references and the reference list of a body: links
 * to the anchors the resolve stage gave, so the numbers and targets are
 * the PDF's. */
#include <stdlib.h>

#include "html_body_int.h"
#include "proceedings/ident.h"
#include "proceedings/math.h"
#include "proceedings/resolve.h"
#include "render/tpl.h"

static void local_link(struct body *b, xmlNodePtr parent, const char *cls, const char *anchor,
		       const char *s)
{
	if (!anchor || !*anchor) {
		text(parent, s);
		return;
	}
	xmlNodePtr a = el(parent, "a");
	if (cls)
		attr(a, "class", cls);
	char *href = xasprintf("#%s%s", b->prefix, anchor);
	attr(a, "href", href);
	free(href);
	text(a, s);
}

/* "[3]" as one link; "[1, 4–6]" as a span whose numbers link to their entries. */
void hb_citation(struct body *b, const struct cite *c)
{
	size_t linked = 0;
	const struct ref *only = NULL;
	for (size_t i = 0; i < c->nparts; i++)
		if (c->parts[i].ref) {
			linked++;
			only = c->parts[i].ref;
		}
	if (linked == 1 && c->text) {
		local_link(b, top(b), "q-bibref", only->anchor, c->text);
		return;
	}
	xmlNodePtr span = el(top(b), "span");
	attr(span, "class", "q-bibref");
	for (size_t i = 0; i < c->nparts; i++)
		local_link(b, span, NULL, c->parts[i].ref ? c->parts[i].ref->anchor : NULL,
			   c->parts[i].text);
}

void hb_cross_reference(struct body *b, const struct xref *x)
{
	local_link(b, top(b), "q-xref", x->target ? x->target->anchor : NULL,
		   x->text ? x->text : "??");
}

/* A reference's text, its formulas ("$b$-jets", "$\sqrt{s} = 13$") as
 * MathML, as the PDF sets them. */
static void ref_text(xmlNodePtr parent, const char *s)
{
	size_t from = 0;
	size_t a, b;
	while (math_find_inline(s, from, &a, &b)) {
		char *ml = hb_mathml(s + a + 1, b - a - 2, false);
		if (!ml)
			break;
		if (a > from) {
			char *t = xstrndup(s + from, a - from);
			text(parent, t);
			free(t);
		}
		xmlAddChild(parent, tpl_raw_markup(ml));
		free(ml);
		from = b;
	}
	text(parent, s + from);
}

static void ref_entry(struct body *b, xmlNodePtr ol, const struct ref *r)
{
	xmlNodePtr li = el(ol, "li");
	if (r->anchor)
		attr(li, "id", hb_unique_id(b, r->anchor));
	for (size_t i = 0; i < r->nruns; i++) {
		const struct ref_run *run = &r->runs[i];
		xmlNodePtr parent = li;
		if (run->url && ident_url(run->url) == URL_OK && hb_allowed_scheme(run->url)) {
			parent = el(parent, "a");
			attr(parent, "href", run->url);
		}
		if (run->style == REF_ITALIC)
			parent = el(parent, "em");
		else if (run->style == REF_BOLD)
			parent = el(parent, "strong");
		ref_text(parent, run->text);
	}
}

void hb_ref_list(struct body *b, xmlNodePtr section)
{
	xmlNodePtr ol = el(section, "ol");
	if (refs_author_year(b->pr))
		attr(ol, "class", "q-author-year");
	for (size_t i = 0; i < refs_count(b->pr); i++)
		ref_entry(b, ol, refs_at(b->pr, i));
}

/* No References heading of its own: the list ends the body. */
void hb_references_at_end(struct body *b)
{
	if (!b->pr || !refs_count(b->pr) || b->refs_section)
		return;
	xmlNodePtr sec = el(b->root, "section");
	attr(sec, "class", "q-references");
	char name[3] = {'h', (char)('0' + (b->o->base_level > 0 ? b->o->base_level : 2)), 0};
	xmlNodePtr h = el(sec, name);
	attr(h, "id", hb_unique_id(b, "references"));
	text(h, refs_title(b->pr));
	hb_ref_list(b, sec);
}
