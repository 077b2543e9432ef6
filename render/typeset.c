#include "render/typeset.h"

#include <stdlib.h>
#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/model.h"
#include "proceedings/util.h"
#include "render/brk.h"
#include "render/font.h"
#include "render/furniture.h"
#include "render/galley.h"
#include "render/hyph.h"
#include "render/layout.h"
#include "render/pagebuild.h"
#include "render/style.h"
#include "render/titleblock.h"

struct typesetter {
	const struct volume *vol;
	struct layout_doc *doc;
	struct style st;
	struct hyph *hy;
	struct brk *brk;
	struct blk_stats stats;
	int outline_level;
};

void ts_set_outline_level(struct typesetter *ts, int level)
{
	ts->outline_level = level < 0 ? 0 : level;
}

struct typesetter *ts_new(const struct volume *vol, struct diag_list *d)
{
	struct srcpos where = {vol ? vol->path : NULL, 0, 0};
	struct font_set *fs = font_set_open(vol ? &vol->layout : NULL, vol ? &where : NULL, d);
	if (!fs)
		return NULL;
	struct typesetter *ts = xcalloc(1, sizeof *ts);
	ts->vol = vol;
	ts->doc = layout_doc_new(fs);
	style_init(&ts->st, vol ? &vol->layout : NULL);
	ts->hy = hyph_open(NULL);
	ts->brk = brk_open();
	return ts;
}

void ts_free(struct typesetter *ts)
{
	if (!ts)
		return;
	layout_doc_free(ts->doc);
	hyph_free(ts->hy);
	brk_free(ts->brk);
	free(ts);
}

struct layout_doc *ts_doc(struct typesetter *ts)
{
	return ts->doc;
}

const struct blk_stats *ts_stats(const struct typesetter *ts)
{
	return &ts->stats;
}

int ts_paper(struct typesetter *ts, const struct paper *p, int first_number, struct diag_list *d)
{
	struct blk b;
	blk_init(&b, ts->doc, &ts->st, d, ts->hy, ts->brk);
	struct galley title, body;
	gal_init(&title, 1);
	gal_init(&body, 1);
	b.outline_base = ts->outline_level;
	titleblock_build(&b, &title, p);
	blk_markdown(&b, &body, &p->body, p->lang, ts->st.col_w);

	struct pb pb;
	pb_init(&pb, ts->doc, &ts->st, first_number);
	pb.first_reserve = (float)furn_first_reserve(&b, ts->vol, p);
	pb_new_page(&pb);
	pb_flow(&pb, &title, 1);
	pb_flow(&pb, &body, ts->st.columns);
	size_t first = pb.first_page, last = ts->doc->npages - 1;
	furn_draw(&b, ts->vol, p, first, last);

	ts->stats.lines += b.stats.lines;
	ts->stats.overfull += b.stats.overfull;
	ts->stats.figures += b.stats.figures;
	ts->stats.tables += b.stats.tables;
	ts->stats.notes += b.stats.notes;
	pb_free(&pb);
	gal_free(&title);
	gal_free(&body);
	blk_free(&b);
	return (int)(last - first + 1);
}
