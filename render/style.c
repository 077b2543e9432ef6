#include "render/style.h"

#include <string.h>

#include "proceedings/model.h"
#include "proceedings/util.h"

#define MM (72.0 / 25.4)

static struct style_font sf(double size, double lead)
{
	return (struct style_font){size, lead};
}

void style_init(struct style *s, const struct layout_policy *lp)
{
	memset(s, 0, sizeof *s);
	bool letter = lp && lp->paper && str_eq(lp->paper, "letter");
	s->columns = lp && lp->columns == 2 ? 2 : 1;
	s->page_w = letter ? 612 : 210 * MM;
	s->page_h = letter ? 792 : 297 * MM;

	if (s->columns == 1) {
		/* About 70 characters a line of DejaVu Serif at 10 pt. */
		s->text_w = 140 * MM;
		s->margin_top = 30 * MM;
		s->margin_bottom = 30 * MM;
		s->col_gap = 0;
		s->body = sf(10, 13);
		s->small = sf(9, 11.5);
		s->footnote = sf(8, 10);
		s->code = sf(8.5, 11);
		s->caption = sf(9, 11.5);
		s->head[0] = sf(12.5, 16);
		s->head[1] = sf(11, 14);
		s->head[2] = sf(10, 13);
		s->head[3] = sf(10, 13);
		s->title = sf(18, 22);
		s->subtitle = sf(13, 16);
		s->author = sf(11, 14);
		s->affil = sf(8.5, 10.5);
		s->abstract = sf(9, 11.5);
	} else {
		s->text_w = 174 * MM;
		s->margin_top = 22 * MM;
		s->margin_bottom = 24 * MM;
		s->col_gap = 7 * MM;
		s->body = sf(9, 11);
		s->small = sf(8, 10);
		s->footnote = sf(7.5, 9);
		s->code = sf(7.5, 9.5);
		s->caption = sf(8, 10);
		s->head[0] = sf(11, 14);
		s->head[1] = sf(10, 12.5);
		s->head[2] = sf(9, 11);
		s->head[3] = sf(9, 11);
		s->title = sf(17, 21);
		s->subtitle = sf(12, 15);
		s->author = sf(10.5, 13);
		s->affil = sf(8, 10);
		s->abstract = sf(8.5, 11);
	}
	s->running = sf(8, 10);
	s->margin_left = (s->page_w - s->text_w) / 2;
	s->text_h = s->page_h - s->margin_top - s->margin_bottom;
	s->col_w = (s->text_w - (s->columns - 1) * s->col_gap) / s->columns;

	double L = s->body.lead;
	s->par_indent = 1.2 * s->body.size;
	s->list_indent = 1.6 * s->body.size;
	s->block_skip = 0.5 * L;
	s->head_above[0] = 1.3 * L;
	s->head_above[1] = 1.0 * L;
	s->head_above[2] = 0.8 * L;
	s->head_above[3] = 0.6 * L;
	s->head_below[0] = 0.5 * L;
	s->head_below[1] = 0.4 * L;
	s->head_below[2] = 0.3 * L;
	s->head_below[3] = 0.2 * L;
	s->float_skip = 1.0 * L;
	s->fn_skip = 0.8 * L;
	s->topskip = s->body.size;
	s->code_pad = 0.3 * s->code.size;
	s->rule_w = 0.5;

	s->text_color = 0x000000;
	s->link_color = 0x1A4A8A;
	s->rule_color = 0x000000;
	s->code_bg = 0xF2F2F2;
	s->muted_color = 0x555555;
	s->head_color = 0x000000;
}

double style_col_x(const struct style *s, int c)
{
	return s->margin_left + c * (s->col_w + s->col_gap);
}
