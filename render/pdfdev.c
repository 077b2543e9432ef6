#include "render/pdfdev.h"

#include <hpdf.h>
#include <hpdf_doc.h> /* the catalog, for /Lang: libharu has no call for it */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proceedings/util.h"
#include "render/font.h"
#include "render/image.h"
#include "render/layout.h"
#include "render/pdffont.h"

struct named_dest {
	const char *name;
	size_t order;  /* the first of equal names wins */
	HPDF_Destination dest;
};

struct dev {
	HPDF_Doc pdf;
	HPDF_STATUS err, detail; /* the first libharu error */
	const struct layout_doc *doc;
	size_t p0, p1;           /* the pages written: [p0, p1) of doc */
	const struct layout_meta *meta;
	int ol_min;              /* outline levels below this are dropped, the rest lifted */
	HPDF_Page *pages;        /* indexed from p0 */
	HPDF_Font *fonts;        /* per face id, loaded on first use */
	struct pdffont **subs;   /* per face id: what of the font this PDF uses */
	HPDF_Image *images;      /* per image number */
	/* Named destinations, resolved before any link is drawn. */
	struct named_dest *dests;
	size_t ndest, capdest;
};

/* libharu refuses strings over 65,535 bytes (HPDF_STRING_OUT_OF_RANGE) and
 * the error is sticky, so longer values are cut or left out. */
#define PDF_MAX_STRING 60000
#define PDF_MAX_URI 8192

static void info_attr(HPDF_Doc pdf, HPDF_InfoType type, const char *value)
{
	size_t n = strlen(value);
	if (n <= PDF_MAX_STRING) {
		HPDF_SetInfoAttr(pdf, type, value);
		return;
	}
	/* Cut at a character boundary. */
	n = PDF_MAX_STRING;
	while (n > 0 && ((unsigned char)value[n] & 0xC0) == 0x80)
		n--;
	char *cut = xstrndup(value, n);
	HPDF_SetInfoAttr(pdf, type, cut);
	free(cut);
}

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
	struct dev *dv = user;
	if (!dv->err) {
		dv->err = e;
		dv->detail = detail;
	}
}

static float flip(const struct layout_page *pg, float y)
{
	return pg->height - y;
}

static HPDF_Font get_font(struct dev *dv, int id)
{
	if (id < 0 || id >= font_count(dv->doc->fonts))
		return NULL;
	if (!dv->fonts[id]) {
		const char *path = font_face(dv->doc->fonts, id)->path;
		const char *name = HPDF_LoadTTFontFromFile(dv->pdf, path, HPDF_TRUE);
		if (name)
			dv->fonts[id] = HPDF_GetFont(dv->pdf, name, "UTF-8");
		if (dv->fonts[id])
			dv->subs[id] = pdffont_new(path);
	}
	return dv->fonts[id];
}

static HPDF_Image get_image(struct dev *dv, int ref)
{
	if (ref < 0 || (size_t)ref >= dv->doc->nimages)
		return NULL;
	if (dv->images[ref])
		return dv->images[ref];
	const struct image *im = dv->doc->images[ref];
	HPDF_Image h = NULL;
	if (im->kind == IMAGE_JPEG) {
		h = HPDF_LoadJpegImageFromMem(dv->pdf, im->jpeg, (HPDF_UINT)im->jpeg_len);
		if (h && im->jpeg_invert) {
			/* Adobe CMYK JPEGs store inverted samples. */
			HPDF_Array dec = HPDF_Array_New(dv->pdf->mmgr);
			for (int i = 0; i < 4; i++) {
				HPDF_Array_AddReal(dec, 1);
				HPDF_Array_AddReal(dec, 0);
			}
			HPDF_Dict_Add(h, "Decode", dec);
		}
	} else {
		HPDF_ColorSpace cs = im->channels == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB;
		h = HPDF_LoadRawImageFromMem(dv->pdf, im->pixels, (HPDF_UINT)im->width,
					     (HPDF_UINT)im->height, cs, 8);
		if (h && im->alpha) {
			HPDF_Image mask = HPDF_LoadRawImageFromMem(
				dv->pdf, im->alpha, (HPDF_UINT)im->width, (HPDF_UINT)im->height,
				HPDF_CS_DEVICE_GRAY, 8);
			if (mask)
				HPDF_Image_AddSMask(h, mask);
		}
	}
	dv->images[ref] = h;
	return h;
}

static void rgb(uint32_t c, float *r, float *g, float *b)
{
	*r = (float)((c >> 16) & 0xFF) / 255.0f;
	*g = (float)((c >> 8) & 0xFF) / 255.0f;
	*b = (float)(c & 0xFF) / 255.0f;
}

static int dest_cmp(const void *a, const void *b)
{
	const struct named_dest *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Links are resolved by binary search: a volume has thousands of notes. */
static HPDF_Destination find_dest(const struct dev *dv, const char *name)
{
	size_t lo = 0, hi = dv->ndest;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(dv->dests[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < dv->ndest && str_eq(dv->dests[lo].name, name) ? dv->dests[lo].dest : NULL;
}

static HPDF_Destination make_dest(struct dev *dv, size_t pi, float x, float y)
{
	const struct layout_page *pg = &dv->doc->pages[pi];
	HPDF_Destination d = HPDF_Page_CreateDestination(dv->pages[pi - dv->p0]);
	/* Zoom 1: libharu refuses 0 ("keep the reader's zoom"). */
	if (d)
		HPDF_Destination_SetXYZ(d, x, flip(pg, y), 1);
	return d;
}

/* Pages, destinations and the outline come first, so that a link may
 * point forwards. */
static void make_structure(struct dev *dv)
{
	const struct layout_doc *doc = dv->doc;
	HPDF_Outline parents[8] = {0};
	HPDF_Encoder enc = HPDF_GetEncoder(dv->pdf, "UTF-8");
	bool any_outline = false;
	for (size_t pi = dv->p0; pi < dv->p1; pi++) {
		const struct layout_page *pg = &doc->pages[pi];
		HPDF_Page page = HPDF_AddPage(dv->pdf);
		dv->pages[pi - dv->p0] = page;
		if (!page)
			return;
		HPDF_Page_SetWidth(page, pg->width);
		HPDF_Page_SetHeight(page, pg->height);
		/* A page label range starts wherever the printed numbers do not
		 * simply follow on (front matter in roman, a volume's papers). */
		const struct layout_page *prev = pi > dv->p0 ? &doc->pages[pi - 1] : NULL;
		if (!prev ? pg->number != 1 || pg->numbering != LAYOUT_DECIMAL
			  : pg->number != prev->number + 1 || pg->numbering != prev->numbering)
			HPDF_AddPageLabel(dv->pdf, (HPDF_UINT)(pi - dv->p0),
					  pg->numbering == LAYOUT_ROMAN ? HPDF_PAGE_NUM_STYLE_LOWER_ROMAN
									: HPDF_PAGE_NUM_STYLE_DECIMAL,
					  (HPDF_UINT)(pg->number > 0 ? pg->number : 1), NULL);
		for (size_t i = 0; i < pg->n; i++) {
			const struct dl_item *it = &pg->items[i];
			if (it->kind == DL_DEST) {
				dv->dests = xgrow(dv->dests, &dv->capdest, dv->ndest + 1,
						  sizeof *dv->dests);
				dv->dests[dv->ndest] = (struct named_dest){
					layout_strp(doc, it->str), dv->ndest,
					make_dest(dv, pi, it->x, it->y)};
				dv->ndest++;
			} else if (it->kind == DL_OUTLINE) {
				if (it->ref < dv->ol_min)
					continue;
				int lv = it->ref - (dv->ol_min - 1);
				lv = lv < 1 ? 1 : lv > 7 ? 7 : lv;
				HPDF_Outline parent = NULL;
				for (int l = lv - 1; l >= 1 && !parent; l--)
					parent = parents[l];
				HPDF_Outline o = HPDF_CreateOutline(dv->pdf, parent,
								    layout_strp(doc, it->str), enc);
				if (!o)
					continue;
				HPDF_Outline_SetOpened(o, lv == 1);
				HPDF_Outline_SetDestination(o, make_dest(dv, pi, 0, it->y));
				parents[lv] = o;
				for (int l = lv + 1; l < 8; l++)
					parents[l] = NULL;
				any_outline = true;
			}
		}
	}
	if (any_outline)
		HPDF_SetPageMode(dv->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	if (dv->ndest)
		qsort(dv->dests, dv->ndest, sizeof *dv->dests, dest_cmp);
}

/* A curly brace in PDF coordinates (y up): ends at (x, y) and (x + w, y),
 * tip at (x + w/2, y + h); two quarter turns at each end, two at the tip,
 * straight between, as TeX's extensible brace is built. */
static void draw_brace(HPDF_Page page, float x, float y, float w, float h)
{
	float q = fminf(w / 4, fabsf(h) * 1.2f), m = y + h / 2, c = x + w / 2;
	HPDF_Page_MoveTo(page, x, y);
	HPDF_Page_CurveTo(page, x, y + h * 0.4f, x + q * 0.35f, m, x + q, m);
	HPDF_Page_LineTo(page, c - q, m);
	HPDF_Page_CurveTo(page, c - q * 0.35f, m, c, y + h * 0.6f, c, y + h);
	HPDF_Page_CurveTo(page, c, y + h * 0.6f, c + q * 0.35f, m, c + q, m);
	HPDF_Page_LineTo(page, x + w - q, m);
	HPDF_Page_CurveTo(page, x + w - q * 0.35f, m, x + w, y + h * 0.4f, x + w, y);
}

static void draw_graphics(struct dev *dv, size_t pi)
{
	const struct layout_page *pg = &dv->doc->pages[pi];
	HPDF_Page page = dv->pages[pi - dv->p0];
	float r, g, b;
	for (size_t i = 0; i < pg->n; i++) {
		const struct dl_item *it = &pg->items[i];
		if (it->kind == DL_RECT) {
			rgb(it->color, &r, &g, &b);
			HPDF_Page_SetRGBFill(page, r, g, b);
			HPDF_Page_Rectangle(page, it->x, flip(pg, it->y + it->h), it->w, it->h);
			HPDF_Page_Fill(page);
		} else if (it->kind == DL_DISC) {
			rgb(it->color, &r, &g, &b);
			HPDF_Page_SetRGBFill(page, r, g, b);
			HPDF_Page_Circle(page, it->x + it->w / 2, flip(pg, it->y + it->w / 2), it->w / 2);
			HPDF_Page_Fill(page);
		} else if (it->kind == DL_LINE) {
			rgb(it->color, &r, &g, &b);
			HPDF_Page_SetRGBStroke(page, r, g, b);
			HPDF_Page_SetLineWidth(page, it->size);
			HPDF_Page_MoveTo(page, it->x, flip(pg, it->y));
			HPDF_Page_LineTo(page, it->x + it->w, flip(pg, it->y + it->h));
			HPDF_Page_Stroke(page);
		} else if (it->kind == DL_BRACE) {
			rgb(it->color, &r, &g, &b);
			HPDF_Page_SetRGBStroke(page, r, g, b);
			HPDF_Page_SetLineWidth(page, it->size);
			draw_brace(page, it->x, flip(pg, it->y), it->w, -it->h);
			HPDF_Page_Stroke(page);
		} else if (it->kind == DL_IMAGE) {
			HPDF_Image im = get_image(dv, it->ref);
			if (im)
				HPDF_Page_DrawImage(page, im, it->x, flip(pg, it->y + it->h), it->w,
						    it->h);
		}
	}
}

static void draw_text(struct dev *dv, size_t pi)
{
	const struct layout_page *pg = &dv->doc->pages[pi];
	HPDF_Page page = dv->pages[pi - dv->p0];
	bool open = false;
	int cur_font = -1;
	float cur_size = 0, cur_cs = 0;
	uint32_t cur_color = 0xFFFFFFFFu; /* the graphics before left some fill colour */
	for (size_t i = 0; i < pg->n; i++) {
		const struct dl_item *it = &pg->items[i];
		if (it->kind != DL_TEXT || it->len == 0)
			continue;
		HPDF_Font f = get_font(dv, it->font);
		if (!f)
			continue;
		if (!open) {
			HPDF_Page_BeginText(page);
			open = true;
		}
		if (it->font != cur_font || it->size != cur_size) {
			HPDF_Page_SetFontAndSize(page, f, it->size);
			cur_font = it->font;
			cur_size = it->size;
		}
		if (it->cs != cur_cs) {
			HPDF_Page_SetCharSpace(page, it->cs);
			cur_cs = it->cs;
		}
		if (it->color != cur_color) {
			float r, g, b;
			rgb(it->color, &r, &g, &b);
			HPDF_Page_SetRGBFill(page, r, g, b);
			cur_color = it->color;
		}
		const char *text = layout_strp(dv->doc, it->str);
		char *coded = pdffont_encode(dv->subs[it->font], text);
		if (coded)
			text = coded;
		pdffont_mark(dv->subs[it->font], text);
		HPDF_Page_TextOut(page, it->x, flip(pg, it->y), text);
		free(coded);
	}
	if (open)
		HPDF_Page_EndText(page);
}

static void draw_links(struct dev *dv, size_t pi)
{
	const struct layout_page *pg = &dv->doc->pages[pi];
	HPDF_Page page = dv->pages[pi - dv->p0];
	for (size_t i = 0; i < pg->n; i++) {
		const struct dl_item *it = &pg->items[i];
		if (it->kind != DL_LINK || it->len == 0)
			continue;
		HPDF_Rect rect = {it->x, flip(pg, it->y + it->h), it->x + it->w, flip(pg, it->y)};
		const char *target = layout_strp(dv->doc, it->str);
		HPDF_Annotation a;
		if (target[0] == '#') {
			HPDF_Destination d = find_dest(dv, target + 1);
			if (!d)
				continue; /* a dangling anchor is reported by the checks */
			a = HPDF_Page_CreateLinkAnnot(page, rect, d);
		} else if (it->len <= PDF_MAX_URI) {
			a = HPDF_Page_CreateURILinkAnnot(page, rect, target);
		} else {
			continue; /* libharu refuses such strings; no one clicks them */
		}
		if (a)
			HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
	}
}

static void set_meta(struct dev *dv)
{
	const struct layout_meta *m = dv->meta;
	if (m->title)
		info_attr(dv->pdf, HPDF_INFO_TITLE, m->title);
	if (m->author)
		info_attr(dv->pdf, HPDF_INFO_AUTHOR, m->author);
	if (m->subject)
		info_attr(dv->pdf, HPDF_INFO_SUBJECT, m->subject);
	if (m->keywords)
		info_attr(dv->pdf, HPDF_INFO_KEYWORDS, m->keywords);
	HPDF_SetInfoAttr(dv->pdf, HPDF_INFO_CREATOR, "quire " QUIRE_VERSION);
	if (m->lang) {
		HPDF_String s = HPDF_String_New(dv->pdf->mmgr, m->lang, NULL);
		if (s)
			HPDF_Dict_Add(dv->pdf->catalog, "Lang", s);
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long t = strtoll(sde, &end, 10);
		struct tm tm;
		time_t tt = (time_t)t;
		if (*end == '\0' && t >= 0 && gmtime_r(&tt, &tm)) {
			HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
				       tm.tm_min, tm.tm_sec, 'Z', 0, 0};
			HPDF_SetInfoDateAttr(dv->pdf, HPDF_INFO_CREATION_DATE, d);
		}
	}
}

int pdfdev_write(const struct layout_doc *doc, const char *path, char *err, size_t errlen)
{
	return pdfdev_write_pages(doc, 0, doc->npages, &doc->meta, 1, path, err, errlen);
}

int pdfdev_write_pages(const struct layout_doc *doc, size_t from, size_t to,
		       const struct layout_meta *meta, int outline_min, const char *path, char *err,
		       size_t errlen)
{
	if (to > doc->npages)
		to = doc->npages;
	if (from > to)
		from = to;
	struct dev dv = {.doc = doc, .p0 = from, .p1 = to, .meta = meta,
			 .ol_min = outline_min < 1 ? 1 : outline_min};
	dv.pdf = HPDF_New(on_error, &dv);
	if (!dv.pdf) {
		snprintf(err, errlen, "libharu cannot start");
		return -1;
	}
	HPDF_SetCompressionMode(dv.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(dv.pdf);
	HPDF_SetCurrentEncoder(dv.pdf, "UTF-8");
	dv.pages = xcalloc(to - from + 1, sizeof *dv.pages);
	int nfonts = font_count(doc->fonts);
	dv.fonts = xcalloc((size_t)nfonts + 1, sizeof *dv.fonts);
	dv.subs = xcalloc((size_t)nfonts + 1, sizeof *dv.subs);
	dv.images = xcalloc(doc->nimages + 1, sizeof *dv.images);

	set_meta(&dv);
	make_structure(&dv);
	for (size_t pi = from; pi < to && !dv.err; pi++) {
		draw_graphics(&dv, pi);
		draw_text(&dv, pi);
		draw_links(&dv, pi);
	}
	for (int id = 0; id < nfonts && !dv.err; id++)
		if (dv.fonts[id])
			pdffont_finish(dv.subs[id], dv.fonts[id]);

	int rc = -1;
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = -1;
	if (dv.err) {
		snprintf(err, errlen, "libharu error 0x%04X (detail %u)", (unsigned)dv.err,
			 (unsigned)dv.detail);
	} else if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "cannot create a file next to %s: %s", path, strerror(errno));
	} else {
		/* mkstemp makes the file private; a PDF is for sharing. */
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
		close(fd);
		pdffont_saving(dv.subs, nfonts);
		HPDF_STATUS st = HPDF_SaveToFile(dv.pdf, tmp);
		pdffont_saving(NULL, 0);
		if (st != HPDF_OK || dv.err)
			snprintf(err, errlen, "cannot write %s (libharu error 0x%04X)", path,
				 (unsigned)dv.err);
		else if (rename(tmp, path) != 0)
			snprintf(err, errlen, "cannot rename onto %s: %s", path, strerror(errno));
		else
			rc = 0;
		if (rc != 0)
			unlink(tmp);
	}
	free(tmp);
	HPDF_Free(dv.pdf);
	free(dv.pages);
	for (int id = 0; id < nfonts; id++)
		pdffont_free(dv.subs[id]);
	free(dv.subs);
	free(dv.fonts);
	free(dv.images);
	free(dv.dests);
	return rc;
}

