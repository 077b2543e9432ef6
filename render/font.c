#include "render/font.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/model.h"
#include "proceedings/util.h"

#define NPAGES 256            /* the BMP in pages of 256 code points */
#define W_UNKNOWN INT16_MIN   /* not measured yet */
#define W_NOGLYPH (-1)

struct face_rec {
	struct font_face pub;
	FT_Face ft;           /* opened on first measurement */
	bool failed;          /* FreeType could not open it after all */
	int16_t *page[NPAGES];
	int16_t *kern_ascii;  /* [left * 128 + right] for ASCII pairs, KERN_UNKNOWN until looked up */
};

struct font_set {
	FcConfig *fc;         /* our own, so that freeing the set frees it all */
	FT_Library lib;
	struct face_rec *faces;
	size_t nfaces, cap;
	int id[FONT_NFAMILIES][FONT_NSTYLES];
	/* Fallback order per (family, style), -1 terminated. */
	int chain[FONT_NFAMILIES][FONT_NSTYLES][16];
	bool have_math;
};

static const char *const default_family[FONT_NFAMILIES] = {
	"DejaVu Serif", "DejaVu Sans", "DejaVu Sans Mono", "NanumMyeongjo", "NanumGothic",
	"DejaVu Math TeX Gyre",
};

static const char *policy_family(const struct layout_policy *lp, enum font_family f)
{
	const char *s = NULL;
	if (lp) {
		switch (f) {
		case FONT_SERIF: s = lp->font_serif; break;
		case FONT_SANS: s = lp->font_sans; break;
		case FONT_MONO: s = lp->font_mono; break;
		case FONT_HANGUL: s = lp->font_hangul; break;
		case FONT_HANGUL_SANS: s = lp->font_hangul_sans; break;
		default: break;
		}
	}
	return s && *s ? s : default_family[f];
}

/* fontconfig always answers with some font; it is ours only when one of its
 * family names is the one asked for. */
static bool family_matches(FcPattern *m, const char *family)
{
	FcChar8 *fam;
	for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		if (FcStrCmpIgnoreCase(fam, (const FcChar8 *)family) == 0)
			return true;
	return false;
}

/* TrueType outlines: libharu embeds only fonts with a glyf table. */
static bool is_truetype(FT_Library lib, const char *path)
{
	FT_Face f;
	if (FT_New_Face(lib, path, 0, &f))
		return false;
	FT_ULong len = 0;
	bool ok = FT_IS_SFNT(f) && FT_Load_Sfnt_Table(f, TTAG_glyf, 0, NULL, &len) == 0 && len > 0;
	FT_Done_Face(f);
	return ok;
}

static int add_face(struct font_set *fs, const char *path, const char *name, int style)
{
	for (size_t i = 0; i < fs->nfaces; i++)
		if (str_eq(fs->faces[i].pub.path, path))
			return (int)i;
	fs->faces = xgrow(fs->faces, &fs->cap, fs->nfaces + 1, sizeof *fs->faces);
	struct face_rec *r = &fs->faces[fs->nfaces];
	memset(r, 0, sizeof *r);
	r->pub.path = xstrdup(path);
	r->pub.name = xstrdup(name);
	r->pub.style = style;
	return (int)fs->nfaces++;
}

/* Look one family/style up.  Returns the face id, or -1 when the family is
 * absent (or not TrueType).  *got tells which style the file really has. */
static int lookup(struct font_set *fs, const char *family, int style)
{
	FcConfig *cfg = fs->fc;
	FcPattern *p = FcPatternCreate();
	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(p, FC_SLANT, style & FONT_ITALIC ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	FcPatternAddInteger(p, FC_WEIGHT, style & FONT_BOLD ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(p, FC_WIDTH, FC_WIDTH_NORMAL);
	FcPatternAddBool(p, FC_OUTLINE, FcTrue);
	FcConfigSubstitute(cfg, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	FcResult res;
	FcPattern *m = FcFontMatch(cfg, p, &res);
	FcPatternDestroy(p);
	int id = -1;
	FcChar8 *file;
	if (m && family_matches(m, family) &&
	    FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
	    is_truetype(fs->lib, (const char *)file)) {
		int slant = FC_SLANT_ROMAN, weight = FC_WEIGHT_REGULAR;
		FcPatternGetInteger(m, FC_SLANT, 0, &slant);
		FcPatternGetInteger(m, FC_WEIGHT, 0, &weight);
		int got = (slant != FC_SLANT_ROMAN ? FONT_ITALIC : 0) |
			  (weight >= FC_WEIGHT_DEMIBOLD ? FONT_BOLD : 0);
		char *name = xasprintf("%s%s%s", family, got & FONT_BOLD ? " Bold" : "",
				       got & FONT_ITALIC ? " Italic" : "");
		id = add_face(fs, (const char *)file, name, got);
		free(name);
	}
	if (m)
		FcPatternDestroy(m);
	return id;
}

static void chain_add(int *chain, int *n, int id)
{
	if (id < 0)
		return;
	for (int i = 0; i < *n; i++)
		if (chain[i] == id)
			return;
	chain[(*n)++] = id;
}

/* Fallback order: the family itself, its Korean counterpart of the same
 * weight, then every other family, regular. */
static void build_chains(struct font_set *fs)
{
	static const enum font_family partner[FONT_NFAMILIES] = {
		FONT_HANGUL, FONT_HANGUL_SANS, FONT_HANGUL_SANS, FONT_SERIF, FONT_SANS, FONT_SERIF,
	};
	/* The math font comes last in the text families' chains: text falls
	 * back as it did before math was typeset, and only what no text face
	 * has (𝒟 or ∯ pasted into a sentence) is drawn from it. */
	for (int f = 0; f < FONT_NFAMILIES; f++) {
		for (int s = 0; s < FONT_NSTYLES; s++) {
			int *c = fs->chain[f][s], n = 0;
			chain_add(c, &n, fs->id[f][s]);
			chain_add(c, &n, fs->id[partner[f]][s & FONT_BOLD]);
			for (int g = 0; g < FONT_MATH; g++)
				chain_add(c, &n, fs->id[g][s & FONT_BOLD]);
			for (int g = 0; g < FONT_MATH; g++)
				chain_add(c, &n, fs->id[g][0]);
			chain_add(c, &n, fs->id[FONT_MATH][0]);
			c[n] = -1;
		}
	}
}

struct font_set *font_set_open(const struct layout_policy *lp, const struct srcpos *where,
			       struct diag_list *d)
{
	struct font_set *fs = xcalloc(1, sizeof *fs);
	fs->fc = FcInitLoadConfigAndFonts();
	if (!fs->fc || FT_Init_FreeType(&fs->lib)) {
		if (fs->fc)
			FcConfigDestroy(fs->fc);
		free(fs);
		diag_at(d, R_FONT_MISSING, where, "fontconfig or FreeType cannot be initialised");
		return NULL;
	}
	bool have[FONT_NFAMILIES];
	for (int f = 0; f < FONT_NFAMILIES; f++) {
		const char *fam = policy_family(lp, f);
		int reg = lookup(fs, fam, 0);
		have[f] = reg >= 0;
		if (f == FONT_MATH) {
			/* Optional: without it symbols come from the text fonts. */
			for (int s = 0; s < FONT_NSTYLES; s++)
				fs->id[f][s] = reg;
			continue;
		}
		if (!have[f]) {
			diag_at(d, R_FONT_MISSING, where,
				"font family '%s' is not installed as a TrueType (.ttf) font", fam);
			for (int s = 0; s < FONT_NSTYLES; s++)
				fs->id[f][s] = -1;
			continue;
		}
		fs->id[f][0] = reg;
		for (int s = 1; s < FONT_NSTYLES; s++) {
			int id = lookup(fs, fam, s);
			/* A missing variant falls back to the same weight
			 * upright, then to the regular. */
			fs->id[f][s] = id >= 0 ? id : fs->id[f][s & FONT_BOLD];
			if (fs->id[f][s] < 0)
				fs->id[f][s] = reg;
		}
	}
	if (!have[FONT_SERIF]) {
		font_set_free(fs);
		return NULL;
	}
	/* A missing Latin family borrows the serif; a missing Hangul family
	 * stays absent so that Hangul is reported rather than drawn wrong. */
	for (int f = FONT_SANS; f <= FONT_MONO; f++)
		if (!have[f])
			for (int s = 0; s < FONT_NSTYLES; s++)
				fs->id[f][s] = fs->id[FONT_SERIF][s];
	if (!have[FONT_HANGUL] && have[FONT_HANGUL_SANS])
		memcpy(fs->id[FONT_HANGUL], fs->id[FONT_HANGUL_SANS], sizeof fs->id[0]);
	if (!have[FONT_HANGUL_SANS] && have[FONT_HANGUL])
		memcpy(fs->id[FONT_HANGUL_SANS], fs->id[FONT_HANGUL], sizeof fs->id[0]);
	fs->have_math = have[FONT_MATH];
	if (!have[FONT_MATH])
		memcpy(fs->id[FONT_MATH], fs->id[FONT_SERIF], sizeof fs->id[0]);
	if (!have[FONT_HANGUL] && !have[FONT_HANGUL_SANS]) {
		/* Korean roles fall back to the Latin families. */
		memcpy(fs->id[FONT_HANGUL], fs->id[FONT_SERIF], sizeof fs->id[0]);
		memcpy(fs->id[FONT_HANGUL_SANS], fs->id[FONT_SANS], sizeof fs->id[0]);
	}
	build_chains(fs);
	return fs;
}

void font_set_free(struct font_set *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->nfaces; i++) {
		struct face_rec *r = &fs->faces[i];
		if (r->ft)
			FT_Done_Face(r->ft);
		for (int p = 0; p < NPAGES; p++)
			free(r->page[p]);
		free(r->kern_ascii);
		free(r->pub.path);
		free(r->pub.name);
	}
	free(fs->faces);
	FT_Done_FreeType(fs->lib);
	FcConfigDestroy(fs->fc);
	free(fs);
}

int font_count(const struct font_set *fs)
{
	return (int)fs->nfaces;
}

static struct face_rec *open_face(struct font_set *fs, int id)
{
	struct face_rec *r = &fs->faces[id];
	if (r->ft || r->failed)
		return r;
	if (FT_New_Face(fs->lib, r->pub.path, 0, &r->ft)) {
		r->ft = NULL;
		r->failed = true;
		return r;
	}
	FT_Face f = r->ft;
	int upem = f->units_per_EM ? f->units_per_EM : 1000;
	r->pub.ascent = (int)((long)f->ascender * 1000 / upem);
	r->pub.descent = (int)((long)-f->descender * 1000 / upem);
	return r;
}

const struct font_face *font_face(const struct font_set *fs, int id)
{
	/* Metrics are filled in when the face is opened; opening is cheap and
	 * the set is logically unchanged, so the cast is harmless. */
	return &open_face((struct font_set *)fs, id)->pub;
}

int font_id(const struct font_set *fs, enum font_family fam, int style)
{
	return fs->id[fam][style & 3];
}

static int measure(struct font_set *fs, int id, uint32_t cp)
{
	struct face_rec *r = open_face(fs, id);
	if (!r->ft)
		return W_NOGLYPH;
	FT_UInt g = FT_Get_Char_Index(r->ft, cp);
	if (g == 0 || FT_Load_Glyph(r->ft, g, FT_LOAD_NO_SCALE))
		return W_NOGLYPH;
	long adv = r->ft->glyph->metrics.horiAdvance;
	/* libharu truncates, and the viewer places glyphs by its numbers. */
	return (int)(adv * 1000 / r->ft->units_per_EM);
}

int font_advance(struct font_set *fs, int id, uint32_t cp)
{
	if (id < 0 || (size_t)id >= fs->nfaces)
		return W_NOGLYPH;
	if (cp > 0xFFFF) { /* rare (𝒩, 𝟙): measured each time, not cached */
		int m = measure(fs, id, cp);
		return m > INT16_MAX ? INT16_MAX : m;
	}
	struct face_rec *r = &fs->faces[id];
	int16_t **pg = &r->page[cp >> 8];
	if (!*pg) {
		*pg = xmalloc(256 * sizeof **pg);
		for (int i = 0; i < 256; i++)
			(*pg)[i] = W_UNKNOWN;
	}
	int16_t *w = &(*pg)[cp & 0xFF];
	if (*w == W_UNKNOWN) {
		int m = measure(fs, id, cp);
		*w = (int16_t)(m > INT16_MAX ? INT16_MAX : m);
	}
	return *w;
}

int font_for_char(struct font_set *fs, enum font_family fam, int style, uint32_t cp)
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	for (const int *c = fs->chain[fam][style & 3]; *c >= 0; c++)
		if (font_advance(fs, *c, cp) >= 0)
			return *c;
	return -1;
}

#define KERN_UNKNOWN INT16_MIN

static int kern_lookup(struct face_rec *r, uint32_t left, uint32_t right)
{
	FT_UInt a = FT_Get_Char_Index(r->ft, left), b = FT_Get_Char_Index(r->ft, right);
	FT_Vector k;
	if (!a || !b || FT_Get_Kerning(r->ft, a, b, FT_KERNING_UNSCALED, &k))
		return 0;
	long upem = r->ft->units_per_EM ? r->ft->units_per_EM : 1000;
	return (int)(k.x * 1000 / upem);
}

int font_kern(struct font_set *fs, int id, uint32_t left, uint32_t right)
{
	if (id < 0 || (size_t)id >= fs->nfaces)
		return 0;
	struct face_rec *r = open_face(fs, id);
	if (!r->ft || !FT_HAS_KERNING(r->ft))
		return 0;
	if (left >= 128 || right >= 128)
		return kern_lookup(r, left, right);
	/* Latin text asks for the same few pairs all the time. */
	if (!r->kern_ascii) {
		r->kern_ascii = xmalloc(128 * 128 * sizeof *r->kern_ascii);
		for (size_t i = 0; i < 128 * 128; i++)
			r->kern_ascii[i] = KERN_UNKNOWN;
	}
	int16_t *k = &r->kern_ascii[left * 128 + right];
	if (*k == KERN_UNKNOWN)
		*k = (int16_t)kern_lookup(r, left, right);
	return *k;
}

bool font_glyph_box(struct font_set *fs, int id, uint32_t cp, int *ymin, int *ymax, int *xmax)
{
	*ymin = *ymax = *xmax = 0;
	if (id < 0 || (size_t)id >= fs->nfaces || font_advance(fs, id, cp) < 0)
		return false;
	struct face_rec *r = open_face(fs, id);
	FT_UInt g = FT_Get_Char_Index(r->ft, cp);
	if (g == 0 || FT_Load_Glyph(r->ft, g, FT_LOAD_NO_SCALE))
		return false;
	const FT_Glyph_Metrics *m = &r->ft->glyph->metrics;
	long upem = r->ft->units_per_EM ? r->ft->units_per_EM : 1000;
	*ymax = (int)(m->horiBearingY * 1000 / upem);
	*ymin = (int)((m->horiBearingY - m->height) * 1000 / upem);
	*xmax = (int)((m->horiBearingX + m->width) * 1000 / upem);
	return true;
}

bool font_has_math(const struct font_set *fs)
{
	return fs->have_math;
}

bool font_ignorable(uint32_t cp)
{
	return cp == 0xAD ||                      /* soft hyphen */
	       (cp >= 0x200B && cp <= 0x200F) ||  /* zero-width space, joiners, marks */
	       (cp >= 0x202A && cp <= 0x202E) ||  /* bidi embedding controls */
	       (cp >= 0x2060 && cp <= 0x2064) ||  /* word joiner, invisible operators */
	       (cp >= 0xFE00 && cp <= 0xFE0F) ||  /* variation selectors */
	       cp == 0xFEFF ||                    /* byte-order mark */
	       (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0);
}
