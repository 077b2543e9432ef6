/* Formulas in the block builder: inline math as unbreakable pieces of a
 * paragraph, display math centred on its own lines with its number.
 * The TeX was checked (and its problems reported) by `quire check`; here
 * it is parsed again with the diagnostics dropped, and whatever parsed is
 * drawn. */
#include "render/blocks.h"

#include <cmark-gfm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/math.h"
#include "proceedings/md_math.h"
#include "proceedings/util.h"
#include "proceedings/xref.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/mathbox.h"
#include "render/mathlayout.h"
#include "render/style.h"

#define LB_NO_BREAK 10000 /* para_add_object(): no break after the piece */

static struct math_node *parse_tex(const char *tex, size_t len, bool display)
{
	struct diag_list scratch;
	diag_init(&scratch);
	struct math_node *root = math_parse(tex, len, display, &scratch, NULL);
	diag_free(&scratch);
	return root;
}

static struct math_node *parse(cmark_node *n, bool display)
{
	const char *tex = md_math_tex(n);
	return parse_tex(tex ? tex : "", tex ? strlen(tex) : 0, display);
}

static struct mbox *new_piece(struct blk *b)
{
	b->mobj = xgrow(b->mobj, &b->capmobj, b->nmobj + 1, sizeof *b->mobj);
	struct mbox *m = &b->mobj[b->nmobj++];
	mbox_init(m);
	return m;
}

/* Takes the tree. */
static void inline_root(struct blk *b, struct math_node *root, struct para_style st)
{
	struct mbox box;
	mbox_init(&box);
	struct mlay_break *brk = NULL;
	size_t nbrk = 0;
	mlay_formula(b->doc->fonts, root, false, st.size, &box, &brk, &nbrk);
	double from = 0;
	for (size_t i = 0; i <= nbrk; i++) {
		double to = i < nbrk ? brk[i].x : box.w;
		int id = (int)b->nmobj;
		struct mbox *m = new_piece(b);
		mbox_slice(m, &box, from, to);
		/* A piece that could never fit its line is scaled down, as a wide
		 * display formula is, so that no line overflows. */
		/* Leave room for punctuation that must stay on its line ("$x$,"),
		 * and for a heading's number, which the title's start keeps. */
		double room = b->measure - 2 * st.size;
		if (room < b->measure / 2)
			room = b->measure / 2;
		room = fmax(room - b->glued_w, b->measure / 8);
		if (b->measure > 0 && m->w > room) {
			m->scale = room / m->w;
			b->stats.math_scaled++;
		}
		para_add_object(&b->para, id, m->w * m->scale, m->h * m->scale, m->d * m->scale,
				i < nbrk ? brk[i].penalty : LB_NO_BREAK, i < nbrk ? brk[i].glue : 0,
				&st);
		if (i < nbrk)
			from = brk[i].x + brk[i].glue;
	}
	b->stats.formulas++;
	free(brk);
	mbox_free(&box);
	math_free(root);
}

void blk_math_inline(struct blk *b, cmark_node *n, struct para_style st)
{
	inline_root(b, parse(n, false), st);
}

void blk_math_inline_tex(struct blk *b, const char *tex, size_t len, struct para_style st)
{
	inline_root(b, parse_tex(tex, len, false), st);
}

/* A number beside a display formula: "(3)", where it links to, and the
 * height of its baseline above the formula's. */
struct eqnum {
	char text[64], anchor[128];
	double y;     /* a row's */
	bool centred; /* the whole formula's: centred on it */
};

static const struct xfloat *equation_of(const struct blk *b, cmark_node *n)
{
	if (!b->refs)
		return NULL;
	const struct xfloat *xf = xref_float_of(b->refs, n);
	if (!xf && cmark_node_parent(n))
		xf = xref_float_of(b->refs, cmark_node_parent(n));
	return xf && xf->kind == XREF_EQUATION ? xf : NULL;
}

/* The number of a display formula: resolved, else its \tag, else counted
 * here for labelled equations (the resolve stage's rule).  False if none. */
static bool eq_number(struct blk *b, cmark_node *n, const struct xfloat *xf,
		      const struct math_node *root, struct eqnum *e)
{
	e->text[0] = e->anchor[0] = '\0';
	if (xf) {
		if (xf->number)
			snprintf(e->text, sizeof e->text, "(%s)", xf->number);
		if (xf->anchor)
			snprintf(e->anchor, sizeof e->anchor, "%s", xf->anchor);
	} else if (root->tag) {
		snprintf(e->text, sizeof e->text, "(%s)", root->tag);
	} else if (!b->refs && md_math_label(n)) {
		snprintf(e->text, sizeof e->text, "(%d)", ++b->neq);
		snprintf(e->anchor, sizeof e->anchor, "%s", md_math_label(n));
	}
	return e->text[0] || e->anchor[0];
}

/* Lay the formula out into `box` and find its numbers: one per numbered
 * row of an align-like environment, else at most one for the whole,
 * centred on it (a multline's on its last line).  *full: the box spans
 * the measure, less the number's room.  Returns how many numbers (*nums
 * is malloc'd). */
static size_t lay_display(struct blk *b, cmark_node *n, const struct math_node *root,
			  struct mbox *box, struct eqnum **nums, bool *full)
{
	const struct xfloat *xf = equation_of(b, n);
	const struct math_node *tab = math_numbered_rows(root), *ml = math_multline(root);
	size_t k = 0;
	*full = false;
	if (ml && !(xf && xf->row >= 0)) {
		*nums = xcalloc(1, sizeof **nums);
		bool numbered = eq_number(b, n, xf, root, *nums);
		double numw = numbered && (*nums)->text[0]
				      ? blk_text_width(b, FONT_SERIF, 0, b->size, (*nums)->text) + b->size
				      : 0;
		double *rowy = xcalloc(ml->nkids, sizeof *rowy);
		mlay_display_rows(b->doc->fonts, root, b->size, box, ml, rowy, b->measure - numw);
		(*nums)->y = rowy[ml->nkids - 1];
		free(rowy);
		*full = true;
		return numbered ? 1 : 0;
	}
	if (xf && xf->row >= 0 && tab) {
		double *rowy = xcalloc(tab->nkids, sizeof *rowy);
		mlay_display_rows(b->doc->fonts, root, b->size, box, tab, rowy, 0);
		*nums = xcalloc(tab->nkids, sizeof **nums);
		for (const struct xfloat *f = xf; f; f = f->next_row)
			if ((size_t)f->row < tab->nkids && eq_number(b, n, f, root, &(*nums)[k]))
				(*nums)[k++].y = rowy[f->row];
		free(rowy);
		return k;
	}
	mlay_formula(b->doc->fonts, root, true, b->size, box, NULL, NULL);
	*nums = xcalloc(1, sizeof **nums);
	if (eq_number(b, n, xf, root, *nums)) {
		(*nums)->centred = true;
		k = 1;
	}
	return k;
}

void blk_math_display(struct blk *b, cmark_node *n)
{
	const struct style *st = b->st;
	struct math_node *root = parse(n, true);
	struct mbox box;
	mbox_init(&box);
	struct eqnum *nums;
	bool full;
	size_t nn = lay_display(b, n, root, &box, &nums, &full);
	double gap = b->size, numw = 0;
	for (size_t i = 0; i < nn; i++)
		if (nums[i].text[0])
			numw = fmax(numw, blk_text_width(b, FONT_SERIF, 0, b->size, nums[i].text));
	double room = b->measure - (numw > 0 ? 2 * (numw + gap) : 0);
	if (room < b->measure * 0.5 || full)
		room = b->measure - (numw > 0 ? numw + gap : 0);
	double scale = 1;
	if (box.w > room && box.w > 0) {
		/* Never overflow the column: a formula too wide is scaled down. */
		scale = room / box.w;
		b->stats.math_scaled++;
	}
	double w = box.w * scale, h = box.h * scale, d = box.d * scale;
	double x = (b->measure - w) / 2;
	if (numw > 0 && x + w > b->measure - numw - gap)
		x = fmax(0, b->measure - numw - gap - w);

	double skip = b->lead * 0.6;
	gal_penalty(b->g, GAL_INF); /* TeX's \predisplaypenalty */
	gal_glue(b->g, (float)skip, (float)(skip * 0.3), (float)(skip * 0.5));
	uint32_t dl0 = (uint32_t)b->g->ndl;
	for (size_t i = 0; i < nn; i++) {
		/* centred on the formula, or on the baseline when it is flat */
		if (nums[i].centred)
			nums[i].y = (h - d) / 2 - 0.25 * b->size > 0 ? (h - d) / 2 - 0.26 * b->size : 0;
		else
			nums[i].y *= scale;
	}
	for (size_t i = 0; i < nn; i++) {
		if (!nums[i].anchor[0])
			continue;
		/* a link lands above the formula, or a line above its row */
		double top = nums[i].centred ? h : nums[i].y + b->size;
		struct dl_item dest = {.kind = DL_DEST, .x = (float)b->x, .y = (float)(-top - b->size)};
		dest.str = layout_str(b->doc, nums[i].anchor, strlen(nums[i].anchor));
		dest.len = (uint32_t)strlen(nums[i].anchor);
		gal_dl(b->g, &dest);
	}
	mbox_draw(&box, b->g, b->doc, b->x + x, 0, scale, st->text_color);
	for (size_t i = 0; i < nn; i++) {
		if (!nums[i].text[0])
			continue;
		double tw = blk_text_width(b, FONT_SERIF, 0, b->size, nums[i].text);
		blk_put_text(b, nums[i].text, FONT_SERIF, 0, b->size, st->text_color,
			     b->x + b->measure - tw, nums[i].y != 0 ? -nums[i].y : 0);
	}
	double fh = fmax(h, 0.75 * b->size), fd = fmax(d, 0.25 * b->size);
	gal_box(b->g, (float)fh, (float)fd, 0, dl0);
	gal_glue(b->g, (float)skip, (float)(skip * 0.3), (float)(skip * 0.5));
	b->stats.formulas++;
	b->stats.lines++;
	b->indent_next = false;
	free(nums);
	mbox_free(&box);
	math_free(root);
}
