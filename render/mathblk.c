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
		/* Leave room for punctuation that must stay on its line ("$x$,"). */
		double room = b->measure - 2 * st.size;
		if (room < b->measure / 2)
			room = b->measure / 2;
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

/* The number of a display formula: resolved, else its \tag, else counted
 * here for labelled equations (the resolve stage's rule). */
static void eq_number(struct blk *b, cmark_node *n, const struct math_node *root, char *num,
		      size_t cap, char *anchor, size_t acap)
{
	num[0] = anchor[0] = '\0';
	const struct xfloat *xf = NULL;
	if (b->refs) {
		xf = xref_float_of(b->refs, n);
		if (!xf && cmark_node_parent(n))
			xf = xref_float_of(b->refs, cmark_node_parent(n));
	}
	if (xf && xf->kind == XREF_EQUATION) {
		if (xf->number)
			snprintf(num, cap, "(%s)", xf->number);
		if (xf->anchor)
			snprintf(anchor, acap, "%s", xf->anchor);
	} else if (root->tag) {
		snprintf(num, cap, "(%s)", root->tag);
	} else if (!b->refs && md_math_label(n)) {
		snprintf(num, cap, "(%d)", ++b->neq);
		snprintf(anchor, acap, "%s", md_math_label(n));
	}
}

void blk_math_display(struct blk *b, cmark_node *n)
{
	const struct style *st = b->st;
	struct math_node *root = parse(n, true);
	struct mbox box;
	mbox_init(&box);
	mlay_formula(b->doc->fonts, root, true, b->size, &box, NULL, NULL);
	char num[64], anchor[128];
	eq_number(b, n, root, num, sizeof num, anchor, sizeof anchor);
	double gap = b->size, numw = *num ? blk_text_width(b, FONT_SERIF, 0, b->size, num) : 0;
	double room = b->measure - (*num ? 2 * (numw + gap) : 0);
	if (room < b->measure * 0.5)
		room = b->measure - (numw + gap);
	double scale = 1;
	if (box.w > room && box.w > 0) {
		/* Never overflow the column: a formula too wide is scaled down. */
		scale = room / box.w;
		b->stats.math_scaled++;
	}
	double w = box.w * scale, h = box.h * scale, d = box.d * scale;
	double x = (b->measure - w) / 2;
	if (*num && x + w > b->measure - numw - gap)
		x = fmax(0, b->measure - numw - gap - w);

	double skip = b->lead * 0.6;
	gal_penalty(b->g, GAL_INF); /* TeX's \predisplaypenalty */
	gal_glue(b->g, (float)skip, (float)(skip * 0.3), (float)(skip * 0.5));
	uint32_t dl0 = (uint32_t)b->g->ndl;
	if (*anchor) {
		struct dl_item dest = {.kind = DL_DEST, .x = (float)b->x, .y = (float)(-h - b->size)};
		dest.str = layout_str(b->doc, anchor, strlen(anchor));
		dest.len = (uint32_t)strlen(anchor);
		gal_dl(b->g, &dest);
	}
	mbox_draw(&box, b->g, b->doc, b->x + x, 0, scale, st->text_color);
	if (*num)
		blk_put_text(b, num, FONT_SERIF, 0, b->size, st->text_color,
			     b->x + b->measure - numw, (h - d) / 2 - 0.25 * b->size > 0
							     ? -((h - d) / 2 - 0.26 * b->size)
							     : 0);
	double fh = fmax(h, 0.75 * b->size), fd = fmax(d, 0.25 * b->size);
	gal_box(b->g, (float)fh, (float)fd, 0, dl0);
	gal_glue(b->g, (float)skip, (float)(skip * 0.3), (float)(skip * 0.5));
	b->stats.formulas++;
	b->stats.lines++;
	b->indent_next = false;
	mbox_free(&box);
	math_free(root);
}
