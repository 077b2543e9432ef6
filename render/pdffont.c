/* Fonts embedded in a PDF, cut down to what it draws.
 *
 * libharu maps text to CIDs that are the characters' UTF-16 codes, and for
 * each font writes a CIDToGIDMap, a width array and a CMap covering all
 * 65 536 codes, plus the font program with every table but the unused glyph
 * outlines.  That fixed weight (about 250 KB a font before compression) was
 * most of what an offprint cost to deflate.  So pdfdev records the codes it
 * draws with each font (pdffont_mark); before saving, pdffont_finish
 * replaces the map, the widths and the ToUnicode CMap (libharu's is an
 * encoding CMap, which readers reject) with ones for those codes only, and
 * renumbers the glyphs they need, which the font program writer below
 * (interposing libharu's) then embeds.
 *
 * libharu's codes are single UTF-16 units, so a character beyond the BMP
 * (𝒩, 𝔄, 𝟙) cannot be drawn as itself.  pdffont_encode gives each such
 * character a code of the Private Use Area, in the order they are first
 * drawn; the CIDToGIDMap points the code at the character's glyph (from
 * the font's format 12 cmap) and the ToUnicode map gives the character
 * back, so text copied from the PDF is right. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "render/pdffont.h"

#include <hpdf_fontdef.h>

#include <dlfcn.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proceedings/text.h"
#include "proceedings/util.h"

/* The fonts of the PDF being saved (pdffont_saving). */
static struct pdffont *const *saving;
static int nsaving;

void pdffont_saving(struct pdffont *const *fonts, int n)
{
	saving = fonts;
	nsaving = fonts ? n : 0;
}

bool pdffont_is_saving(void)
{
	return saving != NULL;
}


#define NCODES 65536

/* Codes of the Private Use Area given out by pdffont_encode. */
#define PUA_FIRST 0xE000u
#define PUA_CODES 0x1900u /* to U+F8FF */

struct pdffont {
	const uint8_t *data;     /* the font file, mapped */
	size_t size;
	HPDF_FontDef def;        /* set by subset_finish */
	uint16_t *newgid;        /* per glyph of the font: its number here, or NOGLYPH */
	unsigned n;              /* glyphs kept */
	uint32_t *pua;           /* the character each private-use code stands for */
	unsigned npua;
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

struct pdffont *pdffont_new(const char *path)
{
	struct pdffont *ss = xcalloc(1, sizeof *ss);
	const struct font_file *f = map_font_file(path);
	ss->data = f->data;
	ss->size = f->size;
	return ss;
}

void pdffont_free(struct pdffont *ss)
{
	if (ss) {
		free(ss->newgid);
		free(ss->pua);
	}
	free(ss);
}

/* The private-use code standing for cp, given out on first use; 0 when
 * all are taken. */
static uint32_t pua_code(struct pdffont *ss, uint32_t cp)
{
	for (unsigned i = 0; i < ss->npua; i++)
		if (ss->pua[i] == cp)
			return PUA_FIRST + i;
	if (ss->npua == PUA_CODES)
		return 0;
	if (!ss->pua)
		ss->pua = xmalloc(PUA_CODES * sizeof *ss->pua);
	ss->pua[ss->npua] = cp;
	return PUA_FIRST + ss->npua++;
}

char *pdffont_encode(struct pdffont *ss, const char *utf8)
{
	/* Only 4-byte sequences and the Private Use Area (EE 80 80 to EF A3
	 * BF) change; the Area's own characters go through the table too, so
	 * no code means two things. */
	const unsigned char *p = (const unsigned char *)utf8;
	while (*p && *p < 0xEE)
		p++;
	if (!*p)
		return NULL;
	struct strbuf b;
	sb_init(&b);
	const char *s = utf8;
	while (*s) {
		uint32_t c = text_next(&s);
		if (c > 0xFFFF || (c >= PUA_FIRST && c < PUA_FIRST + PUA_CODES)) {
			uint32_t code = pua_code(ss, c);
			c = code ? code : '?';
		}
		text_sb_add_cp(&b, c);
	}
	return sb_steal(&b);
}

/* The codes libharu's UTF-8 encoder makes of the text: its characters in
 * the Basic Multilingual Plane. */
void pdffont_mark(struct pdffont *ss, const char *utf8)
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

static bool code_used(const struct pdffont *ss, uint32_t c)
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
static const uint8_t *ttf_table(const struct pdffont *ss, const char *tag, size_t *len)
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
static const uint8_t *ttf_glyph(const struct pdffont *ss, unsigned g, size_t *len)
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

/* The glyph of cp in the font's format 12 cmap (the one that reaches
 * beyond the BMP), or 0. */
static unsigned ttf_cmap12(const struct pdffont *ss, uint32_t cp)
{
	size_t len;
	const uint8_t *t = ttf_table(ss, "cmap", &len);
	if (!t || len < 4)
		return 0;
	unsigned n = be16(t + 2);
	for (unsigned i = 0; i < n && 4 + 8 * ((size_t)i + 1) <= len; i++) {
		const uint8_t *r = t + 4 + 8 * i;
		unsigned plat = be16(r), enc = be16(r + 2);
		size_t off = be32(r + 4);
		if (!((plat == 3 && enc == 10) || (plat == 0 && (enc == 4 || enc == 6))))
			continue;
		if (off + 16 > len || be16(t + off) != 12)
			continue;
		const uint8_t *sub = t + off;
		size_t slen = be32(sub + 4), ng = be32(sub + 12);
		if (slen > len - off || 16 + 12 * ng > slen)
			continue;
		size_t lo = 0, hi = ng;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			const uint8_t *g = sub + 16 + 12 * mid;
			if (cp < be32(g))
				hi = mid;
			else if (cp > be32(g + 4))
				lo = mid + 1;
			else
				return be32(g + 8) + (cp - be32(g));
		}
	}
	return 0;
}

/* The glyph a code draws: a private-use code's character, else the
 * code's own. */
static unsigned glyph_of(const struct pdffont *ss, HPDF_FontDef def, uint32_t c)
{
	if (c >= PUA_FIRST && c < PUA_FIRST + ss->npua) {
		uint32_t cp = ss->pua[c - PUA_FIRST];
		return cp > 0xFFFF ? ttf_cmap12(ss, cp) : HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
	}
	return HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
}

static bool is_pua(const struct pdffont *ss, uint32_t c)
{
	return c >= PUA_FIRST && c < PUA_FIRST + ss->npua;
}

static void write_tounicode(struct pdffont *ss, HPDF_Dict tu)
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
	/* A ligature stands for its letters, so text copied or searched in
	 * the PDF reads "fi", not U+FB01. */
	static const struct {
		uint32_t code;
		const char *utf16;
	} ligatures[] = {
		{0xFB00, "00660066"}, {0xFB01, "00660069"}, {0xFB02, "0066006C"},
		{0xFB03, "006600660069"}, {0xFB04, "00660066006C"},
	};
	enum { NLIG = sizeof ligatures / sizeof *ligatures };
	int nlig = 0;
	for (int i = 0; i < NLIG; i++)
		nlig += code_used(ss, ligatures[i].code);
	if (nlig) {
		sb_printf(&b, "%d beginbfchar\n", nlig);
		for (int i = 0; i < NLIG; i++)
			if (code_used(ss, ligatures[i].code))
				sb_printf(&b, "<%04X> <%s>\n", ligatures[i].code, ligatures[i].utf16);
		sb_adds(&b, "endbfchar\n");
	}
	/* A private-use code stands for its character (beyond the BMP: a
	 * surrogate pair), at most 100 to a block. */
	for (unsigned i = 0; i < ss->npua; i += 100) {
		unsigned k = ss->npua - i < 100 ? ss->npua - i : 100;
		sb_printf(&b, "%u beginbfchar\n", k);
		for (unsigned j = i; j < i + k; j++) {
			uint32_t cp = ss->pua[j];
			if (cp > 0xFFFF)
				sb_printf(&b, "<%04X> <%04X%04X>\n", PUA_FIRST + j, 0xD800 + ((cp - 0x10000) >> 10),
					  0xDC00 + ((cp - 0x10000) & 0x3FF));
			else
				sb_printf(&b, "<%04X> <%04X>\n", PUA_FIRST + j, cp);
		}
		sb_adds(&b, "endbfchar\n");
	}
	/* Every other code stands for itself: ranges of used codes, none
	 * crossing a multiple of 256, at most 100 to a block; surrogates are
	 * no text. */
	uint32_t lo[100], hi[100];
	int nr = 0;
	for (uint32_t c = 0; c < NCODES; c++) {
		if (!code_used(ss, c) || (c >= 0xD800 && c <= 0xDFFF) ||
		    (c >= ligatures[0].code && c <= ligatures[NLIG - 1].code) || is_pua(ss, c))
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

void pdffont_finish(struct pdffont *ss, HPDF_Font font)
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
		unsigned g = glyph_of(ss, def, c);
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
		unsigned g = glyph_of(ss, def, c);
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
static HPDF_STATUS write_subset(struct pdffont *ss, HPDF_Stream stream)
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
	for (int i = 0; i < nsaving; i++) {
		struct pdffont *ss = saving[i];
		if (ss && ss->def == fontdef && ss->newgid)
			return write_subset(ss, stream);
	}
	/* Not a font pdfdev subset: libharu's own writer. */
	HPDF_STATUS (*orig)(HPDF_FontDef, HPDF_Stream) =
		(HPDF_STATUS(*)(HPDF_FontDef, HPDF_Stream))dlsym(RTLD_NEXT, __func__);
	return orig ? orig(fontdef, stream) : HPDF_SetError(fontdef->error, HPDF_TTF_MISSING_TABLE, 0);
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

