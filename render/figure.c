#include "render/figure.h"

#include <cmark-gfm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/markdown.h"
#include "proceedings/mdcheck.h"
#include "proceedings/pathcheck.h"
#include "proceedings/util.h"
#include "proceedings/xref.h"
#include "render/blocks.h"
#include "render/galley.h"
#include "render/image.h"
#include "render/layout.h"
#include "render/style.h"

#define DEFAULT_DPI 96.0    /* for small images that do not say */
#define SMALL_IMAGE 400     /* pixels: narrower images are not enlarged */
#define MAX_HEIGHT 0.55     /* of the text block's height */
#define CAPTION_GAP 0.6     /* between image and caption, in caption leads */

static bool blank_text(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
		return true;
	if (t != CMARK_NODE_TEXT)
		return false;
	for (const char *s = cmark_node_get_literal(n); s && *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

/* Text after the image: blank, or pandoc attributes "{ width=80% }". */
static bool attr_text(cmark_node *n, const cmark_node *img)
{
	if (!img || cmark_node_get_type(n) != CMARK_NODE_TEXT)
		return false;
	const char *s = cmark_node_get_literal(n);
	while (*s == ' ')
		s++;
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	return len >= 2 && s[0] == '{' && s[len - 1] == '}';
}

static cmark_node *the_image(cmark_node *para)
{
	cmark_node *img = NULL;
	for (cmark_node *n = cmark_node_first_child(para); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_IMAGE && !img)
			img = n;
		else if (!blank_text(n) && !attr_text(n, img))
			return NULL;
	}
	return img;
}

/* width=NN% from pandoc attributes after the image, as a fraction. */
static double width_attr(cmark_node *img)
{
	for (cmark_node *n = cmark_node_next(img); n; n = cmark_node_next(n)) {
		if (!attr_text(n, img))
			continue;
		const char *w = strstr(cmark_node_get_literal(n), "width=");
		if (!w)
			continue;
		double v = strtod(w + 6, NULL);
		if (v > 0 && v <= 100 && strchr(w, '%'))
			return v / 100;
	}
	return 1;
}

bool figure_is(cmark_node *para)
{
	return the_image(para) != NULL;
}

/* Decode the figure's file.  Missing files, paths outside the folder, web
 * addresses and non-PNG/JPEG files are the checks' to report. */
static struct image *load(struct blk *b, cmark_node *img, char **relp)
{
	const char *url = cmark_node_get_url(img);
	*relp = NULL;
	if (!url || !*url || blk_link_target(url) || strstr(url, "://"))
		return NULL;
	char *rel = mdcheck_local_path(url);
	*relp = rel;
	char *full = NULL;
	if (!b->md->dir || path_status(b->md->dir, rel, &full) != 0) {
		free(full);
		return NULL;
	}
	char err[256] = "";
	struct image *im = image_load_file(full, err, sizeof err);
	if (!im && !str_starts(err, "not a PNG or JPEG")) {
		struct srcpos pos = md_inline_pos(b->md, img);
		diag_at(b->d, R_IMAGE_BAD, &pos, "figure '%s' cannot be decoded: %s", rel, err);
	}
	free(full);
	return im;
}

/* The caption: the image's description, without a JOSS-style
 * \label{fig:...}, which becomes a link destination instead. */
static void caption_inlines(struct blk *b, cmark_node *img, struct para_style st, char **label)
{
	for (cmark_node *n = cmark_node_first_child(img); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) != CMARK_NODE_TEXT) {
			blk_inline_node(b, n, st);
			continue;
		}
		const char *s = cmark_node_get_literal(n);
		const char *lab = strstr(s, "\\label{");
		const char *close = lab ? strchr(lab, '}') : NULL;
		if (!close) {
			para_add_text(&b->para, s, strlen(s), &st, 0, 0);
			continue;
		}
		if (!*label)
			*label = xstrndup(lab + 7, (size_t)(close - lab - 7));
		para_add_text(&b->para, s, (size_t)(lab - s), &st, 0, 0);
		para_add_text(&b->para, close + 1, strlen(close + 1), &st, 0, 0);
	}
}

static void frame_rect(struct blk *b, double x, double y, double w, double h, uint32_t color)
{
	double xs[4] = {x, x + w, x + w, x}, ys[4] = {y, y, y + h, y + h};
	for (int i = 0; i < 4; i++) {
		int j = (i + 1) % 4;
		struct dl_item l = {.kind = DL_LINE, .x = (float)xs[i], .y = (float)ys[i],
				    .w = (float)(xs[j] - xs[i]), .h = (float)(ys[j] - ys[i]),
				    .size = 0.5f, .color = color};
		gal_dl(b->g, &l);
	}
}

void figure_build(struct blk *b, cmark_node *para)
{
	const struct style *st = b->st;
	cmark_node *img = the_image(para);
	char *rel = NULL;
	struct image *im = load(b, img, &rel);
	b->cur_block = para;
	uint32_t dl0 = (uint32_t)b->g->ndl;
	double w, h;
	if (im) {
		/* The column width (or the share pandoc's width= asks for);
		 * only a small image, an icon, keeps its own size. */
		w = b->measure * width_attr(img);
		if (im->width < SMALL_IMAGE) {
			double dpi = im->dpi_x > 0 ? im->dpi_x : DEFAULT_DPI;
			w = fmin(w, im->width * 72.0 / dpi);
		}
		h = w * im->height / im->width;
		double maxh = st->text_h * MAX_HEIGHT;
		if (h > maxh) {
			h = maxh;
			w = h * im->width / im->height;
		}
		double x = b->x + (b->measure - w) / 2;
		struct dl_item it = {.kind = DL_IMAGE, .x = (float)x, .y = 0, .w = (float)w,
				     .h = (float)h, .ref = layout_add_image(b->doc, im)};
		gal_dl(b->g, &it);
	} else {
		/* The problem is reported; the page keeps the figure's place. */
		w = b->measure * 0.6;
		h = w * 0.35;
		double x = b->x + (b->measure - w) / 2;
		frame_rect(b, x, 0, w, h, 0x999999);
		char *msg = xasprintf("image not available: %s", rel ? rel : "(no file)");
		double sz = st->small.size;
		double tw = blk_text_width(b, FONT_SANS, 0, sz, msg);
		blk_put_text(b, msg, FONT_SANS, 0, sz, st->muted_color, x + fmax(0, (w - tw) / 2),
			     h / 2 + sz / 3);
		free(msg);
	}

	double csize = st->caption.size * b->size / st->body.size;
	double clead = st->caption.lead * b->size / st->body.size;
	para_reset(&b->para);
	struct para_style ps = blk_style(b, FONT_SERIF, 0, csize);
	struct para_style bold = ps;
	bold.style = FONT_BOLD;
	char lab[64];
	const struct xfloat *xf = b->refs ? xref_float_of(b->refs, para) : NULL;
	if (!xf && b->refs)
		xf = xref_float_of(b->refs, img);
	char *label = NULL;
	++b->nfig;
	if (xf && xf->kind == XREF_FIGURE) {
		/* Numbered by the resolve stage, as the HTML and the references are. */
		if (xf->number)
			snprintf(lab, sizeof lab, "%s %s:", blk_word(b, "figure"), xf->number);
		else
			lab[0] = '\0';
		if (xf->anchor)
			label = xstrdup(xf->anchor);
	} else {
		snprintf(lab, sizeof lab, "%s %d:", blk_word(b, "figure"), b->nfig);
	}
	if (*lab) {
		para_add_text(&b->para, lab, strlen(lab), &bold, 0, 0);
		para_add_text(&b->para, " ", 1, &ps, 0, 0);
	}
	caption_inlines(b, img, ps, &label);
	double mn, mx;
	para_extent(&b->para, &mn, &mx);
	struct para_opts o = {.measure = b->measure, .align = mx <= b->measure ? PARA_CENTER
									      : PARA_JUSTIFY,
			      .hyphenate = b->hyphenate};
	para_layout(&b->para, &o);
	double y = h + CAPTION_GAP * clead;
	const struct para *p = &b->para;
	for (size_t li = 0; li < p->nlines; li++) {
		y += li == 0 ? p->lines[0].ascent : clead;
		blk_draw_line(b, li, b->x, y);
		b->stats.lines++;
		b->stats.overfull += p->lines[li].overfull;
	}
	if (p->nlines)
		y += p->lines[p->nlines - 1].descent;
	blk_end_inline(b);
	if (label) {
		struct dl_item dest = {.kind = DL_DEST, .x = (float)b->x, .y = 0};
		dest.str = layout_str(b->doc, label, strlen(label));
		dest.len = (uint32_t)strlen(label);
		gal_dl(b->g, &dest);
	}
	gal_float(b->g, (float)y, dl0);
	b->stats.figures++;
	free(label);
	free(rel);
}
