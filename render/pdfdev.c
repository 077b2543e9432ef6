#define _GNU_SOURCE /* RTLD_NEXT */
#include "render/pdfdev.h"

#include <hpdf.h>
#include <hpdf_doc.h> /* the catalog, for /Lang: libharu has no call for it */
#include <hpdf_fontdef.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proceedings/util.h"
#include "render/font.h"
#include "render/image.h"
#include "render/layout.h"

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
	struct subset **subs;    /* per face id: what of the font this PDF uses */
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

static struct subset *subset_new(const char *path);
static void subset_free(struct subset *ss);
static void subset_mark(struct subset *ss, const char *utf8);
static void subset_finish(struct subset *ss, HPDF_Font font);

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
			dv->subs[id] = subset_new(path);
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
		subset_mark(dv->subs[it->font], text);
		HPDF_Page_TextOut(page, it->x, flip(pg, it->y), text);
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

/* The document being saved, for the font program writer below. */
static struct dev *saving;

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
			subset_finish(dv.subs[id], dv.fonts[id]);

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
		saving = &dv;
		HPDF_STATUS st = HPDF_SaveToFile(dv.pdf, tmp);
		saving = NULL;
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
		subset_free(dv.subs[id]);
	free(dv.subs);
	free(dv.fonts);
	free(dv.images);
	free(dv.dests);
	return rc;
}

/* ---- fonts: only what the document uses ------------------------------------
 * libharu maps text to CIDs that are the characters' UTF-16 codes, and for
 * each font writes a CIDToGIDMap, a width array and a CMap covering all
 * 65 536 codes, plus the font program with every table but the unused glyph
 * outlines.  That fixed weight (about 250 KB a font before compression) was
 * most of what an offprint cost to deflate.  So pdfdev records the codes it
 * draws with each font and, before saving, replaces the map, the widths and
 * the ToUnicode CMap (libharu's is an encoding CMap, which readers reject)
 * with ones for those codes only, and renumbers the glyphs they need, which
 * the font program writer below (interposing libharu's) then embeds. */

#define NCODES 65536

struct subset {
	const uint8_t *data;     /* the font file, mapped */
	size_t size;
	HPDF_FontDef def;        /* set by subset_finish */
	uint16_t *newgid;        /* per glyph of the font: its number here, or NOGLYPH */
	unsigned n;              /* glyphs kept */
	uint8_t used[NCODES / 8];
};

#define NOGLYPH 0xFFFFu

/* Font files are mapped once per process and stay mapped: a build uses a
 * handful, and every PDF it writes reads them. */
struct font_file {
	char *path;
	const uint8_t *data;
	size_t size;
};
static struct font_file *font_files;
static size_t nfont_files, capfont_files;

static const struct font_file *map_font_file(const char *path)
{
	for (size_t i = 0; i < nfont_files; i++)
		if (str_eq(font_files[i].path, path))
			return &font_files[i];
	struct font_file f = {.path = xstrdup(path)};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			f.data = m;
			f.size = (size_t)st.st_size;
		}
	}
	if (fd >= 0)
		close(fd);
	font_files = xgrow(font_files, &capfont_files, nfont_files + 1, sizeof *font_files);
	font_files[nfont_files] = f;
	return &font_files[nfont_files++];
}

static struct subset *subset_new(const char *path)
{
	struct subset *ss = xcalloc(1, sizeof *ss);
	const struct font_file *f = map_font_file(path);
	ss->data = f->data;
	ss->size = f->size;
	return ss;
}

static void subset_free(struct subset *ss)
{
	if (ss)
		free(ss->newgid);
	free(ss);
}

/* The codes libharu's UTF-8 encoder makes of the text: its characters in
 * the Basic Multilingual Plane. */
static void subset_mark(struct subset *ss, const char *utf8)
{
	const unsigned char *p = (const unsigned char *)utf8;
	while (*p) {
		uint32_t c = *p;
		int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		c &= n == 1 ? 0x7F : 0x7F >> n;
		int k = 1;
		for (; k < n && (p[k] & 0xC0) == 0x80; k++)
			c = c << 6 | (p[k] & 0x3F);
		p += k;
		if (k == n && c < NCODES)
			ss->used[c >> 3] |= (uint8_t)(1u << (c & 7));
	}
}

static bool code_used(const struct subset *ss, uint32_t c)
{
	return ss->used[c >> 3] >> (c & 7) & 1;
}

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xFFFF);
}

/* A table of the font file, or NULL if it is missing or out of bounds. */
static const uint8_t *ttf_table(const struct subset *ss, const char *tag, size_t *len)
{
	HPDF_TTFontDefAttr a = ss->def->attr;
	for (HPDF_UINT i = 0; i < a->offset_tbl.num_tables; i++) {
		const HPDF_TTFTable *t = &a->offset_tbl.table[i];
		if (memcmp(t->tag, tag, 4) == 0) {
			if (t->offset > ss->size || t->length > ss->size - t->offset)
				return NULL;
			*len = t->length;
			return ss->data + t->offset;
		}
	}
	return NULL;
}

/* Glyph g's outline in the file (length 0 if it has none or is out of bounds). */
static const uint8_t *ttf_glyph(const struct subset *ss, unsigned g, size_t *len)
{
	HPDF_TTFontDefAttr a = ss->def->attr;
	uint32_t m = a->header.index_to_loc_format == 0 ? 2 : 1;
	uint64_t o0 = (uint64_t)a->glyph_tbl.offsets[g] * m + a->glyph_tbl.base_offset;
	uint64_t o1 = (uint64_t)a->glyph_tbl.offsets[g + 1] * m + a->glyph_tbl.base_offset;
	*len = o1 > o0 && o1 <= ss->size ? (size_t)(o1 - o0) : 0;
	return ss->data + (*len ? o0 : 0);
}

/* Where the next component glyph id of a composite glyph is: `at` is 0 to
 * start, then the previous answer; 0 when there are no more. */
static size_t ttf_component(const uint8_t *gl, size_t len, size_t at)
{
	if (len < 10 || be16(gl) < 0x8000) /* not a composite */
		return 0;
	size_t p = 10;
	if (at) {
		unsigned fl = be16(gl + at - 2);
		if (!(fl & 0x20)) /* MORE_COMPONENTS */
			return 0;
		p = at + 2 + (fl & 0x01 ? 4 : 2) +                           /* arguments */
		    (fl & 0x08 ? 2 : fl & 0x40 ? 4 : fl & 0x80 ? 8 : 0); /* scale */
	}
	return p + 4 <= len ? p + 2 : 0;
}

static void write_tounicode(struct subset *ss, HPDF_Dict tu)
{
	HPDF_Stream st = tu->stream;
	HPDF_MemStream_FreeData(st);
	/* The stream keeps the keys of the encoding CMap libharu wrote; a
	 * ToUnicode stream has none of them. */
	static const char *const keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		HPDF_Dict_RemoveElement(tu, keys[i]);
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* Each code stands for itself: ranges of used codes, none crossing a
	 * multiple of 256, at most 100 to a block; surrogates are no text. */
	uint32_t lo[100], hi[100];
	int nr = 0;
	for (uint32_t c = 0; c < NCODES; c++) {
		if (!code_used(ss, c) || (c >= 0xD800 && c <= 0xDFFF))
			continue;
		if (nr && hi[nr - 1] + 1 == c && (c & 0xFF)) {
			hi[nr - 1] = c;
			continue;
		}
		if (nr == 100) {
			sb_printf(&b, "%d beginbfrange\n", nr);
			for (int i = 0; i < nr; i++)
				sb_printf(&b, "<%04X> <%04X> <%04X>\n", lo[i], hi[i], lo[i]);
			sb_adds(&b, "endbfrange\n");
			nr = 0;
		}
		lo[nr] = hi[nr] = c;
		nr++;
	}
	if (nr) {
		sb_printf(&b, "%d beginbfrange\n", nr);
		for (int i = 0; i < nr; i++)
			sb_printf(&b, "<%04X> <%04X> <%04X>\n", lo[i], hi[i], lo[i]);
		sb_adds(&b, "endbfrange\n");
	}
	sb_adds(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	HPDF_Stream_Write(st, (const HPDF_BYTE *)b.s, (HPDF_UINT)b.len);
	sb_free(&b);
}

static void subset_finish(struct subset *ss, HPDF_Font font)
{
	HPDF_FontAttr fa = font->attr;
	HPDF_FontDef def = fa->fontdef;
	HPDF_TTFontDefAttr a = def->attr;
	ss->def = def;
	if (!ss->data || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || !a->embedding ||
	    !fa->map_stream || !fa->descendant_font)
		return; /* libharu's own font data stands */
	unsigned ng = a->num_glyphs;
	uint16_t *keep = xmalloc((ng + 1) * sizeof *keep);
	for (unsigned g = 0; g < ng; g++)
		keep[g] = NOGLYPH;
	keep[0] = 0; /* .notdef is always glyph 0 */
	uint32_t maxc = 0;
	for (uint32_t c = 0; c < NCODES; c++) {
		if (!code_used(ss, c))
			continue;
		unsigned g = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
		if (g < ng)
			keep[g] = 0;
		maxc = c;
	}
	/* Composite glyphs need their parts, which may be composites too. */
	for (bool more = true; more;) {
		more = false;
		for (unsigned g = 0; g < ng; g++) {
			if (keep[g] == NOGLYPH)
				continue;
			size_t len;
			const uint8_t *gl = ttf_glyph(ss, g, &len);
			for (size_t at = ttf_component(gl, len, 0); at; at = ttf_component(gl, len, at)) {
				unsigned c = be16(gl + at);
				if (c < ng && keep[c] == NOGLYPH) {
					keep[c] = 0;
					more = more || c < g;
				}
			}
		}
	}
	ss->n = 0;
	for (unsigned g = 0; g < ng; g++)
		if (keep[g] != NOGLYPH)
			keep[g] = (uint16_t)ss->n++;
	ss->newgid = keep;

	/* CIDToGIDMap: two bytes a code up to the last used; unused codes
	 * map to .notdef. */
	size_t mlen = ((size_t)maxc + 1) * 2;
	uint8_t *map = xcalloc(mlen, 1);
	HPDF_Array w = HPDF_Array_New(font->mmgr), run = NULL;
	for (uint32_t c = 0; c <= maxc; c++) {
		if (!code_used(ss, c)) {
			run = NULL;
			continue;
		}
		unsigned g = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
		if (g >= ng)
			g = 0;
		put16(map + 2 * c, keep[g]);
		if (!w)
			continue;
		if (!run) {
			HPDF_Array_AddNumber(w, (HPDF_INT32)c);
			run = HPDF_Array_New(font->mmgr);
			HPDF_Array_Add(w, run);
		}
		HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetGidWidth(def, (HPDF_UINT16)g));
	}
	HPDF_MemStream_FreeData(fa->map_stream->stream);
	HPDF_Stream_Write(fa->map_stream->stream, map, (HPDF_UINT)mlen);
	free(map);
	if (w)
		HPDF_Dict_Add(fa->descendant_font, "W", w);
	HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (tu && tu == fa->cmap_stream)
		write_tounicode(ss, tu);
}

/* The font program of a subset: the tables a CIDFontType2 font needs
 * (ISO 32000-1, 9.9) with only the glyphs kept, renumbered. */
static HPDF_STATUS write_subset(struct subset *ss, HPDF_Stream stream)
{
	HPDF_TTFontDefAttr a = ss->def->attr;
	unsigned ng = a->num_glyphs, n = ss->n;
	/* In tag order, as the table directory must be. */
	static const char *const tags[] = {"OS/2", "cvt ", "fpgm", "glyf", "head",
					   "hhea", "hmtx", "loca", "maxp", "prep"};
	enum { NT = sizeof tags / sizeof *tags };
	const uint8_t *src[NT];
	size_t len[NT];
	size_t glyf_len = 0;
	for (unsigned g = 0; g < ng; g++) {
		size_t l;
		if (ss->newgid[g] != NOGLYPH) {
			ttf_glyph(ss, g, &l);
			glyf_len += (l + 3) & ~(size_t)3;
		}
	}
	unsigned nt = 0;
	for (int i = 0; i < NT; i++) {
		src[i] = ttf_table(ss, tags[i], &len[i]);
		if (memcmp(tags[i], "glyf", 4) == 0) {
			src[i] = ss->data;
			len[i] = glyf_len;
		} else if (memcmp(tags[i], "hmtx", 4) == 0) {
			src[i] = ss->data;
			len[i] = (size_t)n * 4;
		} else if (memcmp(tags[i], "loca", 4) == 0) {
			src[i] = ss->data;
			len[i] = ((size_t)n + 1) * 4;
		}
		nt += src[i] != NULL;
	}
	size_t hlen, hhlen, mlen;
	if (!ttf_table(ss, "head", &hlen) || hlen < 54 || !ttf_table(ss, "hhea", &hhlen) ||
	    hhlen < 36 || !ttf_table(ss, "maxp", &mlen) || mlen < 6)
		return HPDF_SetError(ss->def->error, HPDF_TTF_MISSING_TABLE, 0);

	size_t total = 12 + 16 * (size_t)nt;
	for (int i = 0; i < NT; i++)
		if (src[i])
			total += (len[i] + 3) & ~(size_t)3;
	uint8_t *out = xcalloc(total, 1);
	uint32_t *offs = xmalloc(((size_t)n + 1) * sizeof *offs);
	unsigned es = 0;
	while (2u << es <= nt)
		es++;
	put32(out, 0x00010000);
	put16(out + 4, nt);
	put16(out + 6, 16u << es);
	put16(out + 8, es);
	put16(out + 10, nt * 16 - (16u << es));
	uint8_t *dir = out + 12, *p = out + 12 + 16 * (size_t)nt, *head = NULL;
	for (int i = 0; i < NT; i++) {
		if (!src[i])
			continue;
		const char *t = tags[i];
		if (memcmp(t, "glyf", 4) == 0) {
			/* Kept glyphs in order, parts renumbered; their offsets
			 * go to loca, which comes later. */
			uint8_t *q = p;
			unsigned k = 0;
			for (unsigned g = 0; g < ng; g++) {
				if (ss->newgid[g] == NOGLYPH)
					continue;
				size_t l;
				const uint8_t *gl = ttf_glyph(ss, g, &l);
				offs[k++] = (uint32_t)(q - p);
				memcpy(q, gl, l);
				for (size_t at = ttf_component(q, l, 0); at; at = ttf_component(q, l, at)) {
					unsigned c = be16(q + at);
					put16(q + at, c < ng && ss->newgid[c] != NOGLYPH ? ss->newgid[c] : 0);
				}
				q += (l + 3) & ~(size_t)3;
			}
			offs[k] = (uint32_t)(q - p);
		} else if (memcmp(t, "hmtx", 4) == 0) {
			for (unsigned g = 0, k = 0; g < ng; g++) {
				if (ss->newgid[g] == NOGLYPH)
					continue;
				put16(p + 4 * k, a->h_metric[g].advance_width);
				put16(p + 4 * k + 2, (uint16_t)a->h_metric[g].lsb);
				k++;
			}
		} else if (memcmp(t, "loca", 4) == 0) {
			for (unsigned k = 0; k <= n; k++)
				put32(p + 4 * k, offs[k]);
		} else {
			memcpy(p, src[i], len[i]);
			if (memcmp(t, "head", 4) == 0) {
				head = p;
				put32(p + 8, 0); /* checkSumAdjustment, set below */
				put16(p + 50, 1); /* long loca offsets */
			} else if (memcmp(t, "hhea", 4) == 0) {
				put16(p + 34, n); /* numberOfHMetrics */
			} else if (memcmp(t, "maxp", 4) == 0) {
				put16(p + 4, n); /* numGlyphs */
			}
		}
		uint32_t sum = 0;
		for (size_t j = 0; j < len[i]; j += 4)
			sum += be32(p + j);
		memcpy(dir, t, 4);
		put32(dir + 4, sum);
		put32(dir + 8, (uint32_t)(p - out));
		put32(dir + 12, (uint32_t)len[i]);
		dir += 16;
		p += (len[i] + 3) & ~(size_t)3;
	}
	uint32_t sum = 0;
	for (size_t j = 0; j < total; j += 4)
		sum += be32(out + j);
	put32(head + 8, 0xB1B0AFBAu - sum);
	a->length1 = (HPDF_UINT)total;
	HPDF_STATUS st = HPDF_Stream_Write(stream, out, (HPDF_UINT)total);
	free(offs);
	free(out);
	return st;
}

HPDF_STATUS HPDF_TTFontDef_SaveFontData(HPDF_FontDef fontdef, HPDF_Stream stream)
{
	for (int id = 0; saving && id < font_count(saving->doc->fonts); id++) {
		struct subset *ss = saving->subs[id];
		if (ss && ss->def == fontdef && ss->newgid)
			return write_subset(ss, stream);
	}
	/* Not a font pdfdev subset: libharu's own writer. */
	HPDF_STATUS (*orig)(HPDF_FontDef, HPDF_Stream) =
		(HPDF_STATUS(*)(HPDF_FontDef, HPDF_Stream))dlsym(RTLD_NEXT, __func__);
	return orig ? orig(fontdef, stream) : HPDF_SetError(fontdef->error, HPDF_TTF_MISSING_TABLE, 0);
}

/* ---- a faster glyph lookup for libharu -----------------------------------
 * libharu maps every code point of its UTF-8 encoder to a glyph id when a
 * font is first used in a document (65 536 lookups per font per PDF), and
 * looks each one up by walking the cmap's segments in order: with Hangul
 * fonts that is most of the time a volume and its offprints take.  This
 * definition interposes libharu's own (which it calls through the PLT),
 * giving the same answers by binary search over the sorted segment ends. */

HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
	HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)fontdef->attr;
	const HPDF_TTF_CmapRange *cm = &attr->cmap;
	if (cm->format == 0)
		return cm->glyph_id_array[unicode & 0xFF];
	HPDF_UINT n = cm->seg_count_x2 / 2;
	if (n == 0) {
		HPDF_SetError(fontdef->error, HPDF_TTF_INVALID_CMAP, 0);
		return 0;
	}
	/* The first segment whose end is >= unicode.  libharu asks for every
	 * code in order, so the last answer or the next one is usually it;
	 * both are checked, so a hint left by another font does no harm. */
	static HPDF_UINT hint;
	HPDF_UINT lo = n;
	for (HPDF_UINT h = hint; h < n && h <= hint + 1 && lo == n; h++)
		if (cm->end_count[h] >= unicode && (h == 0 || cm->end_count[h - 1] < unicode))
			lo = h;
	if (lo == n) {
		HPDF_UINT hi = n;
		lo = 0;
		while (lo < hi) {
			HPDF_UINT mid = (lo + hi) / 2;
			if (cm->end_count[mid] < unicode)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	hint = lo;
	if (lo >= n || cm->start_count[lo] > unicode)
		return 0;
	if (cm->id_range_offset[lo] == 0)
		return (HPDF_UINT16)(unicode + cm->id_delta[lo]);
	HPDF_UINT idx = cm->id_range_offset[lo] / 2 + (unicode - cm->start_count[lo]) - (n - lo);
	if (idx > cm->glyph_id_array_count)
		return 0;
	return (HPDF_UINT16)(cm->glyph_id_array[idx] + cm->id_delta[lo]);
}

/* ---- libharu's byte-by-byte copies ---------------------------------------
 * libharu moves every byte it buffers, reads back and deflates through
 * these two loops, one byte at a time; they are a tenth of the time a
 * volume and its offprints take.  Like the lookup above, these definitions
 * interpose libharu's own (called through the PLT) and keep their contract:
 * the result points just past the bytes written.  memmove, since libharu
 * never promises the areas are apart. */
#include <hpdf_utils.h>

HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n)
		memmove(out, in, n);
	return out + n;
}

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

/* ---- a faster deflate level for libharu ----------------------------------
 * libharu compresses every stream at zlib's default level (6), which after
 * the subsetting above is still a quarter of the time a volume and its
 * offprints take.  Level 3 is zlib's last "fast" level: deflate takes 40%
 * less time and the PDFs grow by about 8%.  zlib is reached through the
 * PLT like libharu's own functions; only the deflates libharu starts while
 * pdfdev is saving a PDF are changed, the rest of the program's are not. */
#include <zlib.h>

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	static int (*next)(z_streamp, int, const char *, int);
	if (!next)
		next = (int (*)(z_streamp, int, const char *, int))dlsym(RTLD_NEXT, __func__);
	if (!next)
		return Z_VERSION_ERROR;
	if (saving && level == Z_DEFAULT_COMPRESSION)
		level = 3;
	return next(strm, level, version, stream_size);
}

/* ---- font files read from memory -----------------------------------------
 * libharu parses each TrueType file anew for every PDF, reading it through
 * stdio a few bytes at a time: a tenth of what a volume and its offprints
 * cost.  Its file reader, called through the PLT, is interposed here: a
 * font file already mapped (map_font_file) is read straight from the
 * mapping by a small stream of our own, without a copy; anything else goes
 * to libharu's own reader.  The mapping outlives every stream. */
#include <hpdf_streams.h>

struct mapped_reader {
	const uint8_t *data;
	size_t size, pos;
};

static HPDF_STATUS mapped_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
	struct mapped_reader *m = s->attr;
	size_t want = *siz, left = m->size - m->pos;
	size_t n = want < left ? want : left;
	memcpy(ptr, m->data + m->pos, n);
	m->pos += n;
	if (n < want) {
		*siz = (HPDF_UINT)n;
		return HPDF_STREAM_EOF; /* as libharu's file reader says it */
	}
	return HPDF_OK;
}

static HPDF_STATUS mapped_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct mapped_reader *m = s->attr;
	long long base = mode == HPDF_SEEK_SET ? 0 : mode == HPDF_SEEK_CUR ? (long long)m->pos
									   : (long long)m->size;
	long long at = base + pos;
	if (at < 0 || at > (long long)m->size)
		return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
	m->pos = (size_t)at;
	return HPDF_OK;
}

static HPDF_INT32 mapped_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct mapped_reader *)s->attr)->pos;
}

static HPDF_UINT32 mapped_size(HPDF_Stream s)
{
	return (HPDF_UINT32)((struct mapped_reader *)s->attr)->size;
}

static void mapped_free(HPDF_Stream s)
{
	HPDF_FreeMem(s->mmgr, s->attr);
}

HPDF_Stream HPDF_FileReader_New(HPDF_MMgr mmgr, const char *fname)
{
	const struct font_file *f = fname ? map_font_file(fname) : NULL;
	if (f && f->data && f->size <= 0x7FFFFFFF) {
		HPDF_Stream s = HPDF_GetMem(mmgr, sizeof *s);
		struct mapped_reader *m = s ? HPDF_GetMem(mmgr, sizeof *m) : NULL;
		if (m) {
			memset(s, 0, sizeof *s);
			*m = (struct mapped_reader){f->data, f->size, 0};
			s->sig_bytes = HPDF_STREAM_SIG_BYTES;
			s->type = HPDF_STREAM_FILE;
			s->mmgr = mmgr;
			s->error = mmgr->error;
			s->read_fn = mapped_read;
			s->seek_fn = mapped_seek;
			s->tell_fn = mapped_tell;
			s->size_fn = mapped_size;
			s->free_fn = mapped_free;
			s->attr = m;
			return s;
		}
		if (s)
			HPDF_FreeMem(mmgr, s);
	}
	HPDF_Stream (*orig)(HPDF_MMgr, const char *) =
		(HPDF_Stream(*)(HPDF_MMgr, const char *))dlsym(RTLD_NEXT, __func__);
	return orig ? orig(mmgr, fname) : NULL;
}

/* ---- libharu's lists, grown geometrically --------------------------------
 * libharu grows every list (array objects, the cross-reference table) by a
 * fixed block, copying it whole each time: quadratic in its length.  The
 * width array libharu builds for a Hangul font holds over 10,000 numbers,
 * and those copies were a twentieth of a volume's time.  This definition,
 * which libharu calls through the PLT, doubles the room instead; the list
 * holds the same items in the same order. */
#include <hpdf_list.h>

HPDF_STATUS HPDF_List_Add(HPDF_List list, void *item)
{
	if (list->count >= list->block_siz) {
		HPDF_UINT grow = list->block_siz > list->items_per_block ? list->block_siz
									 : list->items_per_block;
		if (grow == 0 || list->block_siz > 0x7FFFFFFFu / sizeof(void *) / 2)
			return HPDF_SetError(list->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
		HPDF_UINT cap = list->block_siz + grow;
		void **obj = HPDF_GetMem(list->mmgr, cap * (HPDF_UINT)sizeof(void *));
		if (!obj)
			return HPDF_Error_GetCode(list->error);
		if (list->obj) {
			memcpy(obj, list->obj, list->count * sizeof(void *));
			HPDF_FreeMem(list->mmgr, list->obj);
		}
		list->obj = obj;
		list->block_siz = cap;
	}
	list->obj[list->count++] = item;
	return HPDF_OK;
}
