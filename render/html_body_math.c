/* Formulas in a body: MathML from the same parser the PDF uses, numbered
 * displays with their ids, and the TeX as code when the writer has
 * nothing to give. */
#include <stdlib.h>
#include <string.h>

#include "html_body_int.h"
#include "proceedings/math.h"
#include "proceedings/md_math.h"
#include "render/html_math.h"
#include "render/tpl.h"

/* A numbered display equation: its id and "(3)" at the right. */
static void equation_number(struct body *b, cmark_node *n, xmlNodePtr box)
{
	const struct xfloat *xf = hb_float_of(b, n, XREF_EQUATION);
	if (!xf)
		xf = hb_float_of(b, cmark_node_parent(n), XREF_EQUATION);
	if (!xf)
		return;
	if (xf->anchor)
		attr(box, "id", hb_unique_id(b, xf->anchor));
	if (xf->number) {
		xmlNodePtr num = el(box, "span");
		attr(num, "class", "q-eqno");
		char *s = xasprintf("(%s)", xf->number);
		text(num, s);
		free(s);
	}
}

/* MathML for TeX that `quire check` has already judged: its problems go
 * nowhere here.  NULL when the writer has nothing to give. */
char *hb_mathml(const char *tex, size_t len, bool display)
{
	char *t = xstrndup(tex, len);
	struct diag_list ignored;
	diag_init(&ignored);
	struct math_node *ast = math_parse(t, len, display, &ignored, NULL);
	char *ml = html_math(ast, display, t);
	math_free(ast);
	diag_free(&ignored);
	free(t);
	return ml;
}

/* A displayed formula and its number.  A span, styled as a block: the
 * formula may sit inside a paragraph ("consider the system $$...$$"), where
 * a div would end the paragraph and break the page's structure. */
static xmlNodePtr display_box(struct body *b)
{
	xmlNodePtr box = el(top(b), "span");
	attr(box, "class", "q-math-display");
	return box;
}

/* The MathML of a display whose rows have their own numbers (an align
 * with \label on its lines), each number and id at the end of its row;
 * NULL when the display is numbered as a whole or not at all. */
static char *mathml_rows(struct body *b, cmark_node *n, const char *tex)
{
	const struct xfloat *xf = hb_float_of(b, n, XREF_EQUATION);
	if (!xf || xf->row < 0)
		return NULL;
	struct math_node *ast = math_parse(tex, strlen(tex), true, NULL, NULL);
	const struct math_node *tab = math_numbered_rows(ast);
	char *ml = NULL;
	if (tab) {
		char **nums = xcalloc(tab->nkids, sizeof *nums);
		const char **ids = xcalloc(tab->nkids, sizeof *ids);
		for (const struct xfloat *f = xf; f; f = f->next_row) {
			if ((size_t)f->row >= tab->nkids)
				continue;
			if (f->number)
				nums[f->row] = xasprintf("(%s)", f->number);
			if (f->anchor)
				ids[f->row] = hb_unique_id(b, f->anchor);
		}
		ml = html_math_rows(ast, tex, tab, (const char *const *)nums, ids);
		for (size_t i = 0; i < tab->nkids; i++)
			free(nums[i]);
		free(nums);
		free(ids);
	}
	math_free(ast);
	return ml;
}

/* The MathML writer hands back markup quire generated itself, in the
 * serialiser's own form: it goes into the tree as it is, not parsed back. */
static bool math_node(struct body *b, cmark_node *n, bool display)
{
	const char *tex = md_math_tex(n);
	char *ml = tex && display ? mathml_rows(b, n, tex) : NULL;
	bool rows = ml != NULL;
	if (!ml)
		ml = tex ? hb_mathml(tex, strlen(tex), display) : NULL;
	if (!ml)
		return false;
	xmlNodePtr parent = display ? display_box(b) : top(b);
	xmlAddChild(parent, tpl_raw_markup(ml));
	free(ml);
	if (display && !rows)
		equation_number(b, n, parent);
	return true;
}

bool hb_math(struct body *b, cmark_node *n)
{
	if (!md_math_is_inline(n) && !md_math_is_display(n))
		return false;
	bool display = md_math_is_display(n);
	if (!math_node(b, n, display)) {
		xmlNodePtr parent = display ? display_box(b) : top(b);
		xmlNodePtr code = el(parent, "code");
		attr(code, "class", display ? "math display" : "math");
		text(code, md_math_tex(n));
		if (display)
			equation_number(b, n, parent);
	}
	push(b, NULL);
	return true;
}
