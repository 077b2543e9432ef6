/* libharu 2.3, made faster where it is slow.  Each definition here takes
 * the place of a libharu (or zlib) function that libharu calls through the
 * PLT, gives the same results, and says why it exists.  Only the PDF
 * device (pdfdev.c, pdffont.c) uses libharu. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <hpdf.h>
#include <hpdf_fontdef.h>

#include <dlfcn.h>
#include <string.h>

#include "render/pdffont.h"

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
	if (pdffont_is_saving() && level == Z_DEFAULT_COMPRESSION)
		level = 3;
	return next(strm, level, version, stream_size);
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
