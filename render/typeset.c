#include "render/typeset.h"

#include <stdlib.h>
#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/model.h"
#include "proceedings/paper.h"
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
	bool in_volume;
};

void ts_reset(struct typesetter *ts)
{
	layout_doc_clear(ts->doc);
	memset(&ts->stats, 0, sizeof ts->stats);
}

void ts_set_volume(struct typesetter *ts, bool on)
{
	ts->in_volume = on;
}

const struct style *ts_style(const struct typesetter *ts)
{
	return &ts->st;
}

void ts_blk(struct typesetter *ts, struct blk *b, struct diag_list *d)
{
	blk_init(b, ts->doc, &ts->st, d, ts->hy, ts->brk);
}

char *ts_paper_dest(const char *id)
{
	return xasprintf("quire:paper:%s", id);
}

/* In a volume every paper has its own "introduction" and "fn-1": names
 * become "<paper-id>/<name>", in destinations and in links alike. */
static void namespace_dests(struct layout_doc *doc, const struct paper *p, size_t first,
			    size_t last)
{
	for (size_t pi = first; pi <= last; pi++) {
		struct layout_page *pg = &doc->pages[pi];
		for (size_t i = 0; i < pg->n; i++) {
			struct dl_item *it = &pg->items[i];
			const char *s = layout_strp(doc, it->str);
			char *n = NULL;
			if (it->kind == DL_DEST)
				n = xasprintf("%s/%s", p->id, s);
			else if (it->kind == DL_LINK && s[0] == '#')
				n = xasprintf("#%s/%s", p->id, s + 1);
			if (!n)
				continue;
			it->len = (uint32_t)strlen(n);
			it->str = layout_str(doc, n, it->len); /* may move the pool: s is dead */
			free(n);
		}
	}
	char *name = ts_paper_dest(p->id);
	struct dl_item dest = {.kind = DL_DEST, .x = 0, .y = 0};
	dest.len = (uint32_t)strlen(name);
	dest.str = layout_str(doc, name, dest.len);
	layout_insert(&doc->pages[first], 0, &dest);
	free(name);
}

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
	/* A checked volume dropped the bodies: read this one again, and let it
	 * go as soon as it is set, so memory does not grow with the volume. */
	struct paper_body pbody;
	paper_body_open(ts->vol, p, &pbody);
	blk_set_refs(&b, pbody.refs);
	blk_markdown(&b, &body, pbody.md, p->lang, ts->st.col_w);

	struct pb pb;
	pb_init(&pb, ts->doc, &ts->st, first_number);
	pb.first_reserve = ts->in_volume ? 0 : (float)furn_first_reserve(&b, ts->vol, p);
	pb_new_page(&pb);
	pb_flow(&pb, &title, 1);
	pb_flow(&pb, &body, ts->st.columns);
	paper_body_close(&pbody);
	size_t first = pb.first_page, last = ts->doc->npages - 1;
	if (ts->in_volume) {
		furn_draw_volume(&b, ts->vol, p, first, last);
		namespace_dests(ts->doc, p, first, last);
	} else {
		furn_draw(&b, ts->vol, p, first, last);
	}

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
