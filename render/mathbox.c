#include "render/mathbox.h"

#include <stdlib.h>
#include <string.h>

#include "render/galley.h"
#include "render/layout.h"

void mbox_init(struct mbox *b)
{
	memset(b, 0, sizeof *b);
	b->scale = 1;
	sb_init(&b->text);
}

void mbox_free(struct mbox *b)
{
	free(b->it);
	sb_free(&b->text);
	memset(b, 0, sizeof *b);
}

void mbox_clear(struct mbox *b)
{
	b->n = 0;
	b->text.len = 0;
	if (b->text.s)
		b->text.s[0] = '\0';
	b->w = b->h = b->d = b->italic = b->lo = 0;
}

static struct mbox_item *push(struct mbox *b)
{
	b->it = xgrow(b->it, &b->cap, b->n + 1, sizeof *b->it);
	struct mbox_item *i = &b->it[b->n++];
	memset(i, 0, sizeof *i);
	return i;
}

void mbox_text(struct mbox *b, int font, double size, double x, double y, const char *s,
	       size_t len, double w)
{
	if (!len || font < 0)
		return;
	struct mbox_item *i = push(b);
	i->kind = MB_TEXT;
	i->font = font;
	i->size = size;
	i->x = x;
	i->y = y;
	i->w = w;
	i->off = b->text.len;
	i->len = len;
	sb_add(&b->text, s, len);
}

/* A rule, brace or line: a kind, a place, an extent and a line width. */
static void push_shape(struct mbox *b, enum mbox_kind kind, double x, double y, double w, double h,
		       double t)
{
	struct mbox_item *i = push(b);
	i->kind = kind;
	i->x = x;
	i->y = y;
	i->w = w;
	i->h = h;
	i->size = t;
}

void mbox_rule(struct mbox *b, double x, double y, double w, double h)
{
	if (w > 0 && h > 0)
		push_shape(b, MB_RULE, x, y, w, h, 0);
}

void mbox_brace(struct mbox *b, double x, double y, double w, double h, double t)
{
	if (w > 0)
		push_shape(b, MB_BRACE, x, y, w, h, t);
}

void mbox_line(struct mbox *b, double x, double y, double w, double h, double t)
{
	push_shape(b, MB_LINE, x, y, w, h, t);
}

static void put_item(struct mbox *dst, const struct mbox *src, const struct mbox_item *s,
		     double dx, double dy)
{
	if (s->kind == MB_TEXT)
		mbox_text(dst, s->font, s->size, s->x + dx, s->y + dy, src->text.s + s->off, s->len,
			  s->w);
	else if (s->kind == MB_BRACE)
		mbox_brace(dst, s->x + dx, s->y + dy, s->w, s->h, s->size);
	else if (s->kind == MB_LINE)
		mbox_line(dst, s->x + dx, s->y + dy, s->w, s->h, s->size);
	else
		mbox_rule(dst, s->x + dx, s->y + dy, s->w, s->h);
}

void mbox_put(struct mbox *dst, const struct mbox *src, double dx, double dy)
{
	for (size_t k = 0; k < src->n; k++)
		put_item(dst, src, &src->it[k], dx, dy);
}

void mbox_move(struct mbox *dst, struct mbox *src)
{
	mbox_free(dst);
	*dst = *src;
	mbox_init(src);
}

void mbox_slice(struct mbox *dst, const struct mbox *src, double x0, double x1)
{
	mbox_clear(dst);
	for (size_t k = 0; k < src->n; k++) {
		const struct mbox_item *i = &src->it[k];
		/* a stroke goes with the piece its middle is in: a \cancel's
		 * starts a little before its content */
		double x = i->kind == MB_LINE ? i->x + i->w / 2 : i->x;
		if (x >= x0 - 1e-6 && x < x1 - 1e-6)
			put_item(dst, src, i, -x0, 0);
	}
	dst->w = x1 - x0;
	dst->h = src->h;
	dst->d = src->d;
}

void mbox_draw(const struct mbox *b, struct galley *g, struct layout_doc *doc, double x,
	       double y, double scale, uint32_t color)
{
	for (size_t k = 0; k < b->n; k++) {
		const struct mbox_item *i = &b->it[k];
		if (i->kind == MB_TEXT) {
			struct dl_item d = {.kind = DL_TEXT, .font = i->font,
					    .size = (float)(i->size * scale),
					    .x = (float)(x + i->x * scale),
					    .y = (float)(y - i->y * scale),
					    .w = (float)(i->w * scale), .color = color};
			d.str = layout_str(doc, b->text.s + i->off, i->len);
			d.len = (uint32_t)i->len;
			gal_dl(g, &d);
		} else if (i->kind == MB_BRACE || i->kind == MB_LINE) {
			struct dl_item d = {.kind = i->kind == MB_BRACE ? DL_BRACE : DL_LINE,
					    .size = (float)(i->size * scale),
					    .x = (float)(x + i->x * scale), .y = (float)(y - i->y * scale),
					    .w = (float)(i->w * scale), .h = (float)(-i->h * scale),
					    .color = color};
			gal_dl(g, &d);
		} else {
			struct dl_item d = {.kind = DL_RECT, .x = (float)(x + i->x * scale),
					    .y = (float)(y - (i->y + i->h) * scale),
					    .w = (float)(i->w * scale), .h = (float)(i->h * scale),
					    .color = color};
			gal_dl(g, &d);
		}
	}
}
