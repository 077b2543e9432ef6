/* The reference list in the PDF: one paragraph per entry, in the order
 * and with the labels the resolve stage gave (the HTML shows the same).
 * Numeric lists hang their "[n]" labels in the margin of the list;
 * author–year lists use a hanging indent.  Italic and bold runs keep their
 * style; DOIs and URLs are links that may break after / . - so a long one
 * never overflows.  Each entry carries the destination its citations link
 * to. */
#include "render/blocks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "proceedings/math.h"
#include "proceedings/resolve.h"
#include "proceedings/util.h"
#include "render/galley.h"
#include "render/layout.h"
#include "render/style.h"

#define HANG_EMS 1.5     /* author–year hanging indent */
#define ENTRY_SKIP 0.25  /* between entries, in leads */

static void entry(struct blk *b, const struct ref *r, bool numeric, double size, double lead,
		  double hang, double x0)
{
	para_reset(&b->para);
	b->cur_block = NULL; /* the text comes from the .bib file, not paper.md */
	struct para_style base = blk_style(b, FONT_SERIF, 0, size);
	if (numeric) {
		b->marker.on = true;
		snprintf(b->marker.text, sizeof b->marker.text, "[%s]", r->label ? r->label : "?");
		b->marker.st = base;
		b->marker.right = b->x - 0.5 * size;
	}
	for (size_t i = 0; i < r->nruns; i++) {
		const struct ref_run *run = &r->runs[i];
		if (!run->text || !*run->text)
			continue;
		struct para_style st = base;
		st.style = run->style == REF_ITALIC ? FONT_ITALIC : run->style == REF_BOLD ? FONT_BOLD : 0;
		const char *target = blk_link_target(run->url);
		if (target) {
			st.link = blk_add_link(b, target);
			st.color = b->st->link_color;
			st.url = true;
		}
		/* "$b$-jets", "$\sqrt{s} = 13$ TeV": a title's formulas are set as
		 * formulas, as the body's are. */
		size_t from = 0, ma, mb;
		while (math_find_inline(run->text, from, &ma, &mb)) {
			if (ma > from)
				para_add_text(&b->para, run->text + from, ma - from, &st, 0, 0);
			blk_math_inline_tex(b, run->text + ma + 1, mb - ma - 2, st);
			from = mb;
		}
		if (run->text[from])
			para_add_text(&b->para, run->text + from, strlen(run->text + from), &st, 0, 0);
	}
	if (para_empty(&b->para)) {
		b->marker.on = false;
		blk_end_inline(b);
		return;
	}
	gal_glue(b->g, (float)(ENTRY_SKIP * lead), (float)(ENTRY_SKIP * lead * 0.5), 0);
	/* The destination belongs to the entry's first line. */
	b->box_from = (long)b->g->ndl;
	if (r->anchor) {
		struct dl_item dest = {.kind = DL_DEST, .x = (float)x0, .y = (float)-lead};
		dest.str = layout_str(b->doc, r->anchor, strlen(r->anchor));
		dest.len = (uint32_t)strlen(r->anchor);
		gal_dl(b->g, &dest);
	}
	struct para_opts o = {.measure = b->measure, .indent = numeric ? 0 : -hang,
			      .align = PARA_RAGGED, .hyphenate = false};
	blk_emit_para(b, &o, lead, GAL_INF, 0);
	b->marker.on = false;
}

void blk_references(struct blk *b)
{
	if (!b->refs)
		return;
	size_t n = refs_count(b->refs);
	if (!n)
		return;
	const struct style *st = b->st;
	double size = st->small.size * b->size / st->body.size;
	double lead = st->small.lead * b->size / st->body.size;
	bool numeric = !refs_author_year(b->refs);
	double hang = HANG_EMS * size;
	if (numeric) {
		/* Room for the widest label, as LaTeX's thebibliography does. */
		double w = 0;
		for (size_t i = 0; i < n; i++) {
			const struct ref *r = refs_at(b->refs, i);
			char lab[48];
			snprintf(lab, sizeof lab, "[%s]", r->label ? r->label : "?");
			w = fmax(w, blk_text_width(b, FONT_SERIF, 0, size, lab));
		}
		hang = w + 0.5 * size;
	}
	double sx = b->x, sm = b->measure;
	b->x += hang;
	b->measure -= hang;
	for (size_t i = 0; i < n; i++)
		entry(b, refs_at(b->refs, i), numeric, size, lead, hang, sx);
	b->x = sx;
	b->measure = sm;
	b->indent_next = false;
}
