#include "render/codeblock.h"

#include <cmark-gfm.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/model.h"
#include "proceedings/text.h"
#include "proceedings/util.h"
#include "render/blocks.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/style.h"

#define TAB 4
#define CONT_MARK 0x21AA /* ↪ */
#define CONT_PENALTY 100 /* a page break inside one wrapped source line */
#define MIN_SHRINK 0.8   /* code may be set this much smaller to avoid wrapping */

struct cline {
	uint32_t *cp;
	int *font;
	double *w;
	size_t n, cap, capf, capw;
};

static void cl_push(struct cline *c, uint32_t cp, int font, double w)
{
	c->cp = xgrow(c->cp, &c->cap, c->n + 1, sizeof *c->cp);
	c->font = xgrow(c->font, &c->capf, c->n + 1, sizeof *c->font);
	c->w = xgrow(c->w, &c->capw, c->n + 1, sizeof *c->w);
	c->cp[c->n] = cp;
	c->font[c->n] = font;
	c->w[c->n] = w;
	c->n++;
}

static bool cline_has_ink(const struct cline *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->cp[i] != ' ')
			return true;
	return false;
}

static bool soft_break_after(uint32_t c)
{
	return c == ' ' || c == ',' || c == ';' || c == ')' || c == ']' || c == '}' || c == '/' ||
	       c == '&' || c == '|' || c == '=' || c == '.' || c == ':';
}

/* One output line: characters [a, e) of the source line. */
static void emit_segment(struct blk *b, const struct cline *c, size_t a, size_t e, double size,
			 double lead, double h, double d, bool cont, bool shaded, double pad)
{
	const struct style *st = b->st;
	uint32_t dl0 = (uint32_t)b->g->ndl;
	if (shaded) {
		/* A little taller than the line: abutting rectangles leave
		 * hairline seams in anti-aliased viewers. */
		struct dl_item bg = {.kind = DL_RECT, .x = (float)b->x, .y = (float)-h,
				     .w = (float)b->measure, .h = (float)(h + d + 0.4),
				     .color = st->code_bg};
		gal_dl(b->g, &bg);
	}
	double x = b->x + pad;
	if (cont) {
		char mark[4] = {(char)0xE2, (char)0x86, (char)0xAA, 0};
		x += blk_put_text(b, mark, FONT_MONO, 0, size, st->muted_color, x, 0);
	}
	struct strbuf s;
	sb_init(&s);
	for (size_t i = a; i < e;) {
		size_t j = i;
		double w = 0;
		s.len = 0;
		while (j < e && c->font[j] == c->font[i]) {
			text_sb_add_cp(&s, c->cp[j]);
			w += c->w[j];
			j++;
		}
		if (c->font[i] >= 0 && s.len) {
			struct dl_item it = {.kind = DL_TEXT, .font = c->font[i], .size = (float)size,
					     .x = (float)x, .y = 0, .w = (float)w,
					     .color = st->text_color};
			it.str = layout_str(b->doc, s.s, s.len);
			it.len = (uint32_t)s.len;
			gal_dl(b->g, &it);
		}
		x += w;
		i = j;
	}
	sb_free(&s);
	gal_box(b->g, (float)h, (float)d, (float)lead, dl0);
	b->stats.lines++;
}

/* Width of the longest line at size 1, tabs expanded. */
static double widest_line(struct blk *b, const char *text)
{
	double best = 0, w = 0;
	int col = 0;
	for (const char *p = text; *p;) {
		uint32_t cp = text_next(&p);
		if (cp == '\n') {
			best = fmax(best, w);
			w = 0;
			col = 0;
			continue;
		}
		if (cp == '\t') {
			int n = TAB - col % TAB;
			col += n;
			cp = ' ';
			int f = font_for_char(b->doc->fonts, FONT_MONO, 0, cp);
			w += n * font_advance(b->doc->fonts, f, cp) / 1000.0;
			continue;
		}
		int f = font_for_char(b->doc->fonts, FONT_MONO, 0, cp);
		if (f >= 0)
			w += font_advance(b->doc->fonts, f, cp) / 1000.0;
		col++;
	}
	return fmax(best, w);
}

void code_block_text(struct blk *b, const char *text, int first_line, bool shaded)
{
	const struct style *st = b->st;
	double scale = b->size / st->body.size;
	double size = st->code.size * scale, lead = st->code.lead * scale;
	double pad = shaded ? st->code_pad : 0;
	double avail = b->measure - 2 * pad;
	/* A block whose longest line is a little too long is set a little
	 * smaller rather than wrapped; wrapping is for the rest. */
	double widest = widest_line(b, text);
	if (widest * size > avail) {
		double f = fmax(MIN_SHRINK, avail / (widest * size));
		size *= f;
		lead *= f;
	}
	double markw = blk_text_width(b, FONT_MONO, 0, size, "\xE2\x86\xAA");
	struct cline c = {0};

	/* Count the lines first, and those with ink, for the two-line rule at
	 * both ends: a page break keeps two lines that show something on each
	 * side (a line and a blank one below it would look like one line). */
	size_t nsrc = 1, ink_left = 0;
	bool ink = false;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			nsrc++;
			ink_left += ink;
			ink = false;
		} else if (*p != ' ' && *p != '\t' && *p != '\r') {
			ink = true;
		}
	}
	ink_left += ink;
	size_t len = strlen(text);
	if (len && text[len - 1] == '\n')
		nsrc--;
	size_t ink_done = 0; /* output lines with ink so far */

	gal_glue(b->g, (float)st->block_skip, (float)st->block_skip * 0.5f, 0);
	const char *p = text;
	size_t out = 0;
	for (size_t li = 0; li < nsrc; li++) {
		c.n = 0;
		int col = 0, srccol = 0;
		while (*p && *p != '\n') {
			uint32_t cp = text_next(&p);
			srccol++;
			if (cp == '\t') {
				do
					cl_push(&c, ' ', font_for_char(b->doc->fonts, FONT_MONO, 0, ' '),
						font_advance(b->doc->fonts,
							     font_for_char(b->doc->fonts, FONT_MONO, 0, ' '),
							     ' ') * size / 1000.0);
				while (++col % TAB);
				continue;
			}
			if (cp == '\r' || font_ignorable(cp))
				continue;
			int f = font_for_char(b->doc->fonts, FONT_MONO, 0, cp);
			if (f < 0) {
				para_report_glyph(b->d, b->md ? b->md->path : NULL,
						  first_line ? first_line + (int)li : 0, srccol, cp);
				cp = 0xFFFD;
				f = font_for_char(b->doc->fonts, FONT_MONO, 0, cp);
			}
			double w = f >= 0 ? font_advance(b->doc->fonts, f, cp) * size / 1000.0 : 0;
			cl_push(&c, cp, f, w);
			col++;
		}
		if (*p == '\n')
			p++;
		/* Wrap. */
		size_t a = 0;
		bool cont = false;
		do {
			double lim = avail - (cont ? markw : 0), w = 0;
			size_t e = a;
			while (e < c.n && w + c.w[e] <= lim + 1e-6)
				w += c.w[e++];
			if (e < c.n) {
				size_t k = e;
				size_t floor = a + (e - a) * 2 / 5;
				while (k > floor && !soft_break_after(c.cp[k - 1]))
					k--;
				if (k > floor)
					e = k;
				if (e == a)
					e = a + 1; /* a single glyph wider than the column */
			}
			bool first = out == 0, last = li + 1 == nsrc && e >= c.n;
			double h = lead * 0.78 + (first ? pad : 0);
			double d = lead * 0.22 + (last ? pad : 0);
			if (!first) {
				/* Keep two inked lines together at both ends of the block
				 * (the rest of a wrapped line counts as one). */
				int pen = cont ? CONT_PENALTY : 0;
				if (ink_done < 2 || ink_left < 2 || last)
					pen = GAL_INF;
				gal_penalty(b->g, pen);
			}
			emit_segment(b, &c, a, e, size, lead, h, d, cont, shaded, pad);
			out++;
			if (cline_has_ink(&c)) {
				ink_done++;
				if (e >= c.n)
					ink_left--; /* this source line is done */
			}
			cont = true;
			a = e;
		} while (a < c.n);
	}
	gal_glue(b->g, (float)st->block_skip, (float)st->block_skip * 0.5f, 0);
	free(c.cp);
	free(c.font);
	free(c.w);
	b->indent_next = false;
}

void code_block(struct blk *b, struct cmark_node *n)
{
	int flen = 0, foff = 0;
	char fch = 0;
	bool fenced = cmark_node_get_fenced(n, &flen, &foff, &fch) != 0;
	int line = cmark_node_get_start_line(n);
	if (line && fenced)
		line++;
	const char *lit = cmark_node_get_literal(n);
	code_block_text(b, lit ? lit : "", line, true);
}
