/* TeX text to Unicode for BibTeX values.  A single left-to-right pass with
 * no recursion except for an accent's argument (bounded by MAX_DEPTH), so
 * hostile nesting cannot exhaust the stack.  Plain grouping braces need no
 * structure: dropping them is exactly what the output wants. */
#include "texchars.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

#define MAX_DEPTH 32

/* ---- Accents -------------------------------------------------------- */

/* Precomposed forms for ASCII bases (generated from the Unicode data), so
 * the usual case is composed here directly; other bases get the combining
 * mark and the final NFC pass composes them where Unicode can. */
struct accent {
	const char *name;
	unsigned mark;        /* combining character */
	const char *spacing;  /* what an empty argument, as in {\~{}}, prints */
	const char *bases;
	const uint16_t *composed;
};

static const uint16_t c_grave[] = {0x00E0, 0x00E8, 0x00EC, 0x01F9, 0x00F2, 0x00F9, 0x1E81, 0x1EF3,
	0x00C0, 0x00C8, 0x00CC, 0x01F8, 0x00D2, 0x00D9, 0x1E80, 0x1EF2};
static const uint16_t c_acute[] = {0x00E1, 0x0107, 0x00E9, 0x01F5, 0x00ED, 0x1E31, 0x013A, 0x1E3F,
	0x0144, 0x00F3, 0x1E55, 0x0155, 0x015B, 0x00FA, 0x1E83, 0x00FD, 0x017A, 0x00C1, 0x0106,
	0x00C9, 0x01F4, 0x00CD, 0x1E30, 0x0139, 0x1E3E, 0x0143, 0x00D3, 0x1E54, 0x0154, 0x015A,
	0x00DA, 0x1E82, 0x00DD, 0x0179};
static const uint16_t c_circ[] = {0x00E2, 0x0109, 0x00EA, 0x011D, 0x0125, 0x00EE, 0x0135, 0x00F4,
	0x015D, 0x00FB, 0x0175, 0x0177, 0x1E91, 0x00C2, 0x0108, 0x00CA, 0x011C, 0x0124, 0x00CE,
	0x0134, 0x00D4, 0x015C, 0x00DB, 0x0174, 0x0176, 0x1E90};
static const uint16_t c_tilde[] = {0x00E3, 0x1EBD, 0x0129, 0x00F1, 0x00F5, 0x0169, 0x1E7D, 0x1EF9,
	0x00C3, 0x1EBC, 0x0128, 0x00D1, 0x00D5, 0x0168, 0x1E7C, 0x1EF8};
static const uint16_t c_macron[] = {0x0101, 0x0113, 0x1E21, 0x012B, 0x014D, 0x016B, 0x0233,
	0x0100, 0x0112, 0x1E20, 0x012A, 0x014C, 0x016A, 0x0232};
static const uint16_t c_breve[] = {0x0103, 0x0115, 0x011F, 0x012D, 0x014F, 0x016D,
	0x0102, 0x0114, 0x011E, 0x012C, 0x014E, 0x016C};
static const uint16_t c_dot[] = {0x0227, 0x1E03, 0x010B, 0x1E0B, 0x0117, 0x1E1F, 0x0121, 0x1E23,
	0x1E41, 0x1E45, 0x022F, 0x1E57, 0x1E59, 0x1E61, 0x1E6B, 0x1E87, 0x1E8B, 0x1E8F, 0x017C,
	0x0226, 0x1E02, 0x010A, 0x1E0A, 0x0116, 0x1E1E, 0x0120, 0x1E22, 0x0130, 0x1E40, 0x1E44,
	0x022E, 0x1E56, 0x1E58, 0x1E60, 0x1E6A, 0x1E86, 0x1E8A, 0x1E8E, 0x017B};
static const uint16_t c_uml[] = {0x00E4, 0x00EB, 0x1E27, 0x00EF, 0x00F6, 0x1E97, 0x00FC, 0x1E85,
	0x1E8D, 0x00FF, 0x00C4, 0x00CB, 0x1E26, 0x00CF, 0x00D6, 0x00DC, 0x1E84, 0x1E8C, 0x0178};
static const uint16_t c_ring[] = {0x00E5, 0x016F, 0x1E98, 0x1E99, 0x00C5, 0x016E};
static const uint16_t c_dacute[] = {0x0151, 0x0171, 0x0150, 0x0170};
static const uint16_t c_caron[] = {0x01CE, 0x010D, 0x010F, 0x011B, 0x01E7, 0x021F, 0x01D0, 0x01F0,
	0x01E9, 0x013E, 0x0148, 0x01D2, 0x0159, 0x0161, 0x0165, 0x01D4, 0x017E, 0x01CD, 0x010C,
	0x010E, 0x011A, 0x01E6, 0x021E, 0x01CF, 0x01E8, 0x013D, 0x0147, 0x01D1, 0x0158, 0x0160,
	0x0164, 0x01D3, 0x017D};
static const uint16_t c_dotb[] = {0x1EA1, 0x1E05, 0x1E0D, 0x1EB9, 0x1E25, 0x1ECB, 0x1E33, 0x1E37,
	0x1E43, 0x1E47, 0x1ECD, 0x1E5B, 0x1E63, 0x1E6D, 0x1EE5, 0x1E7F, 0x1E89, 0x1EF5, 0x1E93,
	0x1EA0, 0x1E04, 0x1E0C, 0x1EB8, 0x1E24, 0x1ECA, 0x1E32, 0x1E36, 0x1E42, 0x1E46, 0x1ECC,
	0x1E5A, 0x1E62, 0x1E6C, 0x1EE4, 0x1E7E, 0x1E88, 0x1EF4, 0x1E92};
static const uint16_t c_cedil[] = {0x00E7, 0x1E11, 0x0229, 0x0123, 0x1E29, 0x0137, 0x013C, 0x0146,
	0x0157, 0x015F, 0x0163, 0x00C7, 0x1E10, 0x0228, 0x0122, 0x1E28, 0x0136, 0x013B, 0x0145,
	0x0156, 0x015E, 0x0162};
static const uint16_t c_ogonek[] = {0x0105, 0x0119, 0x012F, 0x01EB, 0x0173,
	0x0104, 0x0118, 0x012E, 0x01EA, 0x0172};
static const uint16_t c_barb[] = {0x1E07, 0x1E0F, 0x1E96, 0x1E35, 0x1E3B, 0x1E49, 0x1E5F, 0x1E6F,
	0x1E95, 0x1E06, 0x1E0E, 0x1E34, 0x1E3A, 0x1E48, 0x1E5E, 0x1E6E, 0x1E94};

static const struct accent accents[] = {
	{"`", 0x0300, "`", "aeinouwyAEINOUWY", c_grave},
	{"'", 0x0301, "\u00B4", "acegiklmnoprsuwyzACEGIKLMNOPRSUWYZ", c_acute},
	{"^", 0x0302, "^", "aceghijosuwyzACEGHIJOSUWYZ", c_circ},
	{"~", 0x0303, "~", "aeinouvyAEINOUVY", c_tilde},
	{"=", 0x0304, "\u00AF", "aegiouyAEGIOUY", c_macron},
	{"u", 0x0306, "\u02D8", "aegiouAEGIOU", c_breve},
	{".", 0x0307, "\u02D9", "abcdefghmnoprstwxyzABCDEFGHIMNOPRSTWXYZ", c_dot},
	{"\"", 0x0308, "\u00A8", "aehiotuwxyAEHIOUWXY", c_uml},
	{"r", 0x030A, "\u02DA", "auwyAU", c_ring},
	{"H", 0x030B, "\u02DD", "ouOU", c_dacute},
	{"v", 0x030C, "\u02C7", "acdeghijklnorstuzACDEGHIKLNORSTUZ", c_caron},
	{"d", 0x0323, ".", "abdehiklmnorstuvwyzABDEHIKLMNORSTUVWYZ", c_dotb},
	{"c", 0x0327, "\u00B8", "cdeghklnrstCDEGHKLNRST", c_cedil},
	{"k", 0x0328, "\u02DB", "aeiouAEIOU", c_ogonek},
	{"b", 0x0331, "_", "bdhklnrtzBDKLNRTZ", c_barb},
	{"t", 0x0361, "\u0361", "", NULL}, /* tie over two letters: \t{oo} */
};

/* ---- Other commands --------------------------------------------------- */

enum kind {
	K_TEXT,    /* prints `text` */
	K_KEEP,    /* formatting with an argument: the argument's text stays */
	K_DECL,    /* a declaration without visible output */
	K_SKIPARG, /* drops its argument (\noopsort is only there for sorting) */
	K_URL,     /* argument copied verbatim */
	K_HREF,    /* drops the first argument, keeps the second */
};

struct cmd {
	const char *name;
	enum kind kind;
	const char *text;
};

static const struct cmd cmds[] = {
	/* letters */
	{"i", K_TEXT, "\u0131"}, {"j", K_TEXT, "\u0237"}, {"ss", K_TEXT, "\u00DF"},
	{"SS", K_TEXT, "SS"}, {"o", K_TEXT, "\u00F8"}, {"O", K_TEXT, "\u00D8"},
	{"ae", K_TEXT, "\u00E6"}, {"AE", K_TEXT, "\u00C6"}, {"oe", K_TEXT, "\u0153"},
	{"OE", K_TEXT, "\u0152"}, {"aa", K_TEXT, "\u00E5"}, {"AA", K_TEXT, "\u00C5"},
	{"l", K_TEXT, "\u0142"}, {"L", K_TEXT, "\u0141"}, {"dh", K_TEXT, "\u00F0"},
	{"DH", K_TEXT, "\u00D0"}, {"th", K_TEXT, "\u00FE"}, {"TH", K_TEXT, "\u00DE"},
	{"ng", K_TEXT, "\u014B"}, {"NG", K_TEXT, "\u014A"}, {"dj", K_TEXT, "\u0111"},
	{"DJ", K_TEXT, "\u0110"},
	/* punctuation and symbols */
	{"textendash", K_TEXT, "\u2013"}, {"textemdash", K_TEXT, "\u2014"},
	{"ndash", K_TEXT, "\u2013"}, {"mdash", K_TEXT, "\u2014"},
	{"textquoteleft", K_TEXT, "\u2018"}, {"textquoteright", K_TEXT, "\u2019"},
	{"textquotedblleft", K_TEXT, "\u201C"}, {"textquotedblright", K_TEXT, "\u201D"},
	{"textquotedbl", K_TEXT, "\""}, {"textquotesingle", K_TEXT, "'"},
	{"quotesinglbase", K_TEXT, "\u201A"}, {"quotedblbase", K_TEXT, "\u201E"},
	{"guillemotleft", K_TEXT, "\u00AB"}, {"guillemotright", K_TEXT, "\u00BB"},
	{"guillemetleft", K_TEXT, "\u00AB"}, {"guillemetright", K_TEXT, "\u00BB"},
	{"guilsinglleft", K_TEXT, "\u2039"}, {"guilsinglright", K_TEXT, "\u203A"},
	{"textcopyright", K_TEXT, "\u00A9"}, {"copyright", K_TEXT, "\u00A9"},
	{"textregistered", K_TEXT, "\u00AE"}, {"texttrademark", K_TEXT, "\u2122"},
	{"textservicemark", K_TEXT, "\u2120"},
	{"textgreater", K_TEXT, ">"}, {"textless", K_TEXT, "<"},
	{"textbackslash", K_TEXT, "\\"}, {"textasciitilde", K_TEXT, "~"},
	{"textasciicircum", K_TEXT, "^"}, {"textunderscore", K_TEXT, "_"},
	{"textbar", K_TEXT, "|"}, {"textbraceleft", K_TEXT, "{"},
	{"textbraceright", K_TEXT, "}"}, {"textdollar", K_TEXT, "$"},
	{"textasteriskcentered", K_TEXT, "*"}, {"textslash", K_TEXT, "/"},
	{"slash", K_TEXT, "/"}, {"textbullet", K_TEXT, "\u2022"},
	{"textdegree", K_TEXT, "\u00B0"}, {"textperiodcentered", K_TEXT, "\u00B7"},
	{"textellipsis", K_TEXT, "\u2026"}, {"ldots", K_TEXT, "\u2026"},
	{"dots", K_TEXT, "\u2026"}, {"textdagger", K_TEXT, "\u2020"},
	{"dag", K_TEXT, "\u2020"}, {"textdaggerdbl", K_TEXT, "\u2021"},
	{"ddag", K_TEXT, "\u2021"}, {"S", K_TEXT, "\u00A7"}, {"textsection", K_TEXT, "\u00A7"},
	{"P", K_TEXT, "\u00B6"}, {"textparagraph", K_TEXT, "\u00B6"},
	{"pounds", K_TEXT, "\u00A3"}, {"textsterling", K_TEXT, "\u00A3"},
	{"euro", K_TEXT, "\u20AC"}, {"texteuro", K_TEXT, "\u20AC"},
	{"textyen", K_TEXT, "\u00A5"}, {"textcent", K_TEXT, "\u00A2"},
	{"textonehalf", K_TEXT, "\u00BD"}, {"textonequarter", K_TEXT, "\u00BC"},
	{"textthreequarters", K_TEXT, "\u00BE"}, {"texttimes", K_TEXT, "\u00D7"},
	{"textdiv", K_TEXT, "\u00F7"}, {"textpm", K_TEXT, "\u00B1"},
	{"textmu", K_TEXT, "\u00B5"}, {"textminus", K_TEXT, "\u2212"},
	{"textordfeminine", K_TEXT, "\u00AA"}, {"textordmasculine", K_TEXT, "\u00BA"},
	{"textexclamdown", K_TEXT, "\u00A1"}, {"textquestiondown", K_TEXT, "\u00BF"},
	{"textperthousand", K_TEXT, "\u2030"}, {"textnumero", K_TEXT, "\u2116"},
	{"textcelsius", K_TEXT, "\u2103"}, {"textvisiblespace", K_TEXT, "\u2423"},
	{"nobreakspace", K_TEXT, "\u00A0"}, {"enspace", K_TEXT, "\u2002"},
	{"quad", K_TEXT, "\u2003"}, {"qquad", K_TEXT, "\u2003\u2003"},
	{"TeX", K_TEXT, "TeX"}, {"LaTeX", K_TEXT, "LaTeX"}, {"LaTeXe", K_TEXT, "LaTeX2\u03B5"},
	{"BibTeX", K_TEXT, "BibTeX"},
	/* AAS journal macros, as ADS exports use them (the aastex abbreviations) */
	{"aj", K_TEXT, "AJ"}, {"actaa", K_TEXT, "Acta Astron."}, {"araa", K_TEXT, "ARA&A"},
	{"apj", K_TEXT, "ApJ"}, {"apjl", K_TEXT, "ApJL"}, {"apjs", K_TEXT, "ApJS"},
	{"ao", K_TEXT, "Appl. Opt."}, {"apss", K_TEXT, "Ap&SS"}, {"aap", K_TEXT, "A&A"},
	{"aapr", K_TEXT, "A&A Rev."}, {"aaps", K_TEXT, "A&AS"}, {"azh", K_TEXT, "AZh"},
	{"baas", K_TEXT, "BAAS"}, {"icarus", K_TEXT, "Icarus"},
	{"jcap", K_TEXT, "J. Cosmology Astropart. Phys."}, {"jrasc", K_TEXT, "JRASC"},
	{"memras", K_TEXT, "MmRAS"}, {"mnras", K_TEXT, "MNRAS"}, {"na", K_TEXT, "New A"},
	{"nar", K_TEXT, "New A Rev."}, {"pra", K_TEXT, "Phys. Rev. A"},
	{"prb", K_TEXT, "Phys. Rev. B"}, {"prc", K_TEXT, "Phys. Rev. C"},
	{"prd", K_TEXT, "Phys. Rev. D"}, {"pre", K_TEXT, "Phys. Rev. E"},
	{"prl", K_TEXT, "Phys. Rev. Lett."}, {"pasa", K_TEXT, "PASA"}, {"pasp", K_TEXT, "PASP"},
	{"pasj", K_TEXT, "PASJ"}, {"psj", K_TEXT, "PSJ"}, {"qjras", K_TEXT, "QJRAS"},
	{"skytel", K_TEXT, "S&T"}, {"solphys", K_TEXT, "Sol. Phys."},
	{"sovast", K_TEXT, "Soviet Ast."}, {"ssr", K_TEXT, "Space Sci. Rev."},
	{"zap", K_TEXT, "ZAp"}, {"nat", K_TEXT, "Nature"}, {"iaucirc", K_TEXT, "IAU Circ."},
	{"aplett", K_TEXT, "Astrophys. Lett."}, {"gca", K_TEXT, "Geochim. Cosmochim. Acta"},
	{"grl", K_TEXT, "Geophys. Res. Lett."}, {"jcp", K_TEXT, "J. Chem. Phys."},
	{"jgr", K_TEXT, "J. Geophys. Res."}, {"jqsrt", K_TEXT, "JQSRT"},
	{"memsai", K_TEXT, "Mem. Soc. Astron. Italiana"}, {"nphysa", K_TEXT, "Nucl. Phys. A"},
	{"physrep", K_TEXT, "Phys. Rep."}, {"physscr", K_TEXT, "Phys. Scr"},
	{"planss", K_TEXT, "Planet. Space Sci."}, {"procspie", K_TEXT, "Proc. SPIE"},
	/* formatting that keeps its argument */
	{"textit", K_KEEP, NULL}, {"emph", K_KEEP, NULL}, {"textbf", K_KEEP, NULL},
	{"textsc", K_KEEP, NULL}, {"texttt", K_KEEP, NULL}, {"textrm", K_KEEP, NULL},
	{"textsf", K_KEEP, NULL}, {"textup", K_KEEP, NULL}, {"textsl", K_KEEP, NULL},
	{"textmd", K_KEEP, NULL}, {"textnormal", K_KEEP, NULL},
	{"textsuperscript", K_KEEP, NULL}, {"textsubscript", K_KEEP, NULL},
	{"mbox", K_KEEP, NULL}, {"hbox", K_KEEP, NULL}, {"text", K_KEEP, NULL},
	{"underline", K_KEEP, NULL}, {"uline", K_KEEP, NULL}, {"enquote", K_KEEP, NULL},
	{"uppercase", K_KEEP, NULL}, {"lowercase", K_KEEP, NULL},
	{"MakeUppercase", K_KEEP, NULL}, {"MakeLowercase", K_KEEP, NULL},
	{"MakeTextUppercase", K_KEEP, NULL}, {"MakeTextLowercase", K_KEEP, NULL},
	{"NoCaseChange", K_KEEP, NULL}, {"ensuremath", K_KEEP, NULL},
	{"natexlab", K_KEEP, NULL},
	/* declarations */
	{"normalfont", K_DECL, NULL}, {"em", K_DECL, NULL}, {"it", K_DECL, NULL},
	{"bf", K_DECL, NULL}, {"sc", K_DECL, NULL}, {"rm", K_DECL, NULL},
	{"tt", K_DECL, NULL}, {"sf", K_DECL, NULL}, {"sl", K_DECL, NULL},
	{"itshape", K_DECL, NULL}, {"bfseries", K_DECL, NULL}, {"scshape", K_DECL, NULL},
	{"upshape", K_DECL, NULL}, {"mdseries", K_DECL, NULL}, {"slshape", K_DECL, NULL},
	{"rmfamily", K_DECL, NULL}, {"sffamily", K_DECL, NULL}, {"ttfamily", K_DECL, NULL},
	{"relax", K_DECL, NULL}, {"protect", K_DECL, NULL}, {"nobreak", K_DECL, NULL},
	{"unskip", K_DECL, NULL}, {"ignorespaces", K_DECL, NULL}, {"null", K_DECL, NULL},
	{"tiny", K_DECL, NULL}, {"scriptsize", K_DECL, NULL}, {"footnotesize", K_DECL, NULL},
	{"small", K_DECL, NULL}, {"normalsize", K_DECL, NULL}, {"large", K_DECL, NULL},
	{"Large", K_DECL, NULL}, {"LARGE", K_DECL, NULL}, {"huge", K_DECL, NULL},
	{"Huge", K_DECL, NULL}, {"noindent", K_DECL, NULL},
	/* argument dropped, copied verbatim, or the second one kept */
	{"noopsort", K_SKIPARG, NULL}, {"sortnoop", K_SKIPARG, NULL},
	{"SortNoop", K_SKIPARG, NULL}, {"noop", K_SKIPARG, NULL}, {"label", K_SKIPARG, NULL},
	{"index", K_SKIPARG, NULL},
	{"url", K_URL, NULL}, {"nolinkurl", K_URL, NULL}, {"path", K_URL, NULL},
	{"doi", K_URL, NULL},
	{"href", K_HREF, NULL}, {"foreignlanguage", K_HREF, NULL},
};

static const struct accent *find_accent(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof accents / sizeof accents[0]; i++)
		if (strlen(accents[i].name) == n && memcmp(accents[i].name, name, n) == 0)
			return &accents[i];
	return NULL;
}

static const struct cmd *find_cmd(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strlen(cmds[i].name) == n && memcmp(cmds[i].name, name, n) == 0)
			return &cmds[i];
	return NULL;
}

/* ---- UTF-8 ------------------------------------------------------------ */

static size_t utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if ((c & 0xF8) == 0xF0)
		return 4;
	return 1; /* stray byte: step over it alone */
}

/* Decode the code point at s (n bytes available); *used gets its length. */
static unsigned utf8_get(const char *s, size_t n, size_t *used)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = utf8_len(u[0]);
	if (k > n || k == 1) {
		*used = 1;
		return u[0];
	}
	unsigned cp = u[0] & (0x7F >> k);
	for (size_t i = 1; i < k; i++)
		cp = (cp << 6) | (u[i] & 0x3F);
	*used = k;
	return cp;
}

/* ---- The converter ----------------------------------------------------- */

struct conv {
	const char *s;
	size_t len;
	size_t base; /* offset of s[0] in the caller's text, for warnings */
	tex_warn_fn warn;
	void *ctx;
	int depth;
	struct strbuf out;
	bool space; /* a white-space run waits to be written as one space */
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void emit(struct conv *c, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (c->space && c->out.len > 0)
		sb_addc(&c->out, ' ');
	c->space = false;
	sb_add(&c->out, p, n);
}

static void emits(struct conv *c, const char *p)
{
	emit(c, p, strlen(p));
}

static void emit_cp(struct conv *c, unsigned cp)
{
	char buf[4];
	emit(c, buf, text_utf8_put(buf, cp));
}

/* Verbatim text (math, URLs): copied, white space runs made one space. */
static void emit_collapsed(struct conv *c, const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (is_space(p[i])) {
			c->space = true;
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && !is_space(p[j]))
			j++;
		emit(c, p + i, j - i);
		i = j;
	}
}

static void warnf(struct conv *c, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warnf(struct conv *c, size_t off, const char *fmt, ...)
{
	if (!c->warn)
		return;
	struct strbuf b;
	sb_init(&b);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	c->warn(c->ctx, c->base + off, b.s);
	sb_free(&b);
}

/* Index of the '}' closing the '{' at `open`, or c->len if there is none. */
static size_t match_brace(const struct conv *c, size_t open)
{
	int depth = 0;
	for (size_t i = open; i < c->len; i++) {
		if (c->s[i] == '\\') {
			i++;
			continue;
		}
		if (c->s[i] == '{')
			depth++;
		else if (c->s[i] == '}' && --depth == 0)
			return i;
	}
	return c->len;
}

static size_t skip_spaces(const struct conv *c, size_t i)
{
	while (i < c->len && is_space(c->s[i]))
		i++;
	return i;
}

/* A macro argument starting at i: a brace group (content [*a, *b)) or a
 * single token.  Returns the index after it. */
static size_t arg_span(const struct conv *c, size_t i, size_t *a, size_t *b)
{
	i = skip_spaces(c, i);
	if (i >= c->len) {
		*a = *b = i;
		return i;
	}
	if (c->s[i] == '{') {
		size_t close = match_brace(c, i);
		*a = i + 1;
		*b = close;
		return close < c->len ? close + 1 : close;
	}
	if (c->s[i] == '\\' && i + 1 < c->len) {
		size_t j = i + 1;
		if (is_alpha(c->s[j]))
			while (j < c->len && is_alpha(c->s[j]))
				j++;
		else
			j += utf8_len((unsigned char)c->s[j]);
		if (j > c->len)
			j = c->len;
		*a = i;
		*b = j;
		return j;
	}
	size_t k = utf8_len((unsigned char)c->s[i]);
	if (i + k > c->len)
		k = c->len - i;
	*a = i;
	*b = i + k;
	return i + k;
}

static void run(struct conv *c);

/* Convert s[a, b) on its own, as an accent's argument. */
static char *convert_sub(const struct conv *c, size_t a, size_t b)
{
	if (c->depth >= MAX_DEPTH)
		return xstrndup(c->s + a, b - a);
	struct conv sub = {c->s + a, b - a, c->base + a, c->warn, c->ctx, c->depth + 1,
			   {NULL, 0, 0}, false};
	run(&sub);
	return sb_steal(&sub.out);
}

static void apply_accent(struct conv *c, const struct accent *ac, size_t i, size_t *next)
{
	size_t a, b;
	*next = arg_span(c, i, &a, &b);
	char *arg = convert_sub(c, a, b);
	size_t n = strlen(arg);
	if (n == 0) {
		emits(c, ac->spacing);
		free(arg);
		return;
	}
	size_t used;
	unsigned base = utf8_get(arg, n, &used);
	if (base == 0x0131) /* a dotless i or j takes the accent as i or j */
		base = 'i';
	else if (base == 0x0237)
		base = 'j';
	const char *hit = base < 0x80 ? strchr(ac->bases, (int)base) : NULL;
	if (hit && base != 0) {
		emit_cp(c, ac->composed[hit - ac->bases]);
	} else {
		emit_cp(c, base);
		emit_cp(c, ac->mark);
	}
	emit(c, arg + used, n - used);
	free(arg);
}

/* Copy a URL argument: only escapes and braces are undone. */
static void emit_url(struct conv *c, size_t a, size_t b)
{
	char *v = tex_verbatim(c->s + a, b - a);
	emit(c, v, strlen(v));
	free(v);
}

/* The backslash at i; returns the index after what it consumed. */
static size_t command(struct conv *c, size_t i)
{
	size_t j = i + 1;
	if (j >= c->len) {
		warnf(c, i, "a lone backslash ends the text");
		emits(c, "\\");
		return j;
	}
	const char *name = c->s + j;
	size_t n;
	if (is_alpha(c->s[j])) {
		while (j < c->len && is_alpha(c->s[j]))
			j++;
		n = (size_t)(c->s + j - name);
		j = skip_spaces(c, j); /* TeX ignores spaces after a control word */
	} else {
		n = utf8_len((unsigned char)*name);
		if (j + n > c->len)
			n = c->len - j;
		j += n;
	}

	const struct accent *ac = find_accent(name, n);
	if (ac) {
		size_t next;
		apply_accent(c, ac, j, &next);
		return next;
	}
	if (n == 1 && !is_alpha(*name)) {
		switch (*name) {
		case '&': case '%': case '$': case '_': case '#': case '{': case '}':
			emit(c, name, 1);
			return j;
		case ' ': case '\t': case '\n': case '\r': case ';': case ':': case '\\':
			c->space = true;
			return j;
		case ',':
			emits(c, "\u202F"); /* a thin space that does not break */
			return j;
		case '!': case '-': case '/': case '@':
			return j; /* negative space, hyphenation point, italic correction */
		default:
			warnf(c, i, "unknown TeX command \\%.*s", (int)n, name);
			emit(c, name, n);
			return j;
		}
	}

	const struct cmd *cm = find_cmd(name, n);
	size_t a, b;
	if (!cm) {
		/* The following group, if any, is read as plain text. */
		warnf(c, i, "unknown TeX command \\%.*s; its argument text is kept", (int)n, name);
		return j;
	}
	switch (cm->kind) {
	case K_TEXT:
		emits(c, cm->text);
		return j;
	case K_KEEP:
	case K_DECL:
		return j;
	case K_SKIPARG:
		return arg_span(c, j, &a, &b);
	case K_URL:
		j = arg_span(c, j, &a, &b);
		emit_url(c, a, b);
		return j;
	case K_HREF:
		return arg_span(c, j, &a, &b);
	}
	return j;
}

/* Math is the math renderer's business: copy it, dollars included.  An
 * unclosed dollar is just a dollar. */
static size_t math(struct conv *c, size_t i)
{
	bool display = i + 1 < c->len && c->s[i + 1] == '$';
	size_t j = i + (display ? 2 : 1);
	for (; j < c->len; j++) {
		if (c->s[j] == '\\') {
			j++;
			continue;
		}
		if (c->s[j] != '$')
			continue;
		if (!display) {
			emit_collapsed(c, c->s + i, j + 1 - i);
			return j + 1;
		}
		if (j + 1 < c->len && c->s[j + 1] == '$') {
			emit_collapsed(c, c->s + i, j + 2 - i);
			return j + 2;
		}
	}
	emits(c, "$");
	return i + 1;
}

static void run(struct conv *c)
{
	size_t i = 0;
	while (i < c->len) {
		char ch = c->s[i];
		if (is_space(ch)) {
			c->space = true;
			i++;
			continue;
		}
		switch (ch) {
		case '{':
		case '}':
			i++; /* case protection and grouping have no output */
			break;
		case '\\':
			i = command(c, i);
			break;
		case '$':
			i = math(c, i);
			break;
		case '~':
			emits(c, "\u00A0");
			i++;
			break;
		case '-': {
			size_t n = 0;
			while (i + n < c->len && c->s[i + n] == '-')
				n++;
			i += n;
			for (; n >= 3; n -= 3)
				emits(c, "\u2014");
			emits(c, n == 2 ? "\u2013" : n == 1 ? "-" : "");
			break;
		}
		case '`':
			if (i + 1 < c->len && c->s[i + 1] == '`') {
				emits(c, "\u201C");
				i += 2;
			} else {
				emits(c, "\u2018");
				i++;
			}
			break;
		case '\'':
			if (i + 1 < c->len && c->s[i + 1] == '\'') {
				emits(c, "\u201D");
				i += 2;
			} else {
				emits(c, "\u2019");
				i++;
			}
			break;
		default: {
			size_t j = i + 1;
			/* copy a run of ordinary bytes at once */
			while (j < c->len && !is_space(c->s[j]) && !strchr("{}\\$~-`'", c->s[j]))
				j++;
			emit(c, c->s + i, j - i);
			i = j;
		}
		}
	}
}

static bool has_non_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

char *tex_convert(const char *tex, size_t len, tex_warn_fn warn, void *ctx)
{
	struct conv c = {tex, len, 0, warn, ctx, 0, {NULL, 0, 0}, false};
	run(&c);
	char *s = sb_steal(&c.out);
	size_t n = strlen(s);
	if (!has_non_ascii(s, n))
		return s;
	/* Bases without a precomposed form in the table, and text that came in
	 * decomposed, are composed here. */
	size_t outlen;
	char *nfc = text_nfc(s, n, &outlen);
	free(s);
	return nfc;
}

struct pos_ctx {
	const char *tex;
	struct diag_list *d;
	const struct srcpos *pos;
};

static void pos_warn(void *ctx, size_t off, const char *msg)
{
	struct pos_ctx *p = ctx;
	if (!p->pos) {
		diag_report(p->d, R_BIB_TEX, NULL, 0, 0, "%s", msg);
		return;
	}
	int line = p->pos->line, col = p->pos->col;
	for (size_t i = 0; i < off; i++) {
		unsigned char u = (unsigned char)p->tex[i];
		if (u == '\n') {
			line++;
			col = 1;
		} else if ((u & 0xC0) != 0x80) {
			col++;
		}
	}
	diag_report(p->d, R_BIB_TEX, p->pos->file, line, col, "%s", msg);
}

char *tex_to_unicode(const char *tex, struct diag_list *d, const struct srcpos *pos)
{
	struct pos_ctx p = {tex, d, pos};
	return tex_convert(tex, strlen(tex), d ? pos_warn : NULL, &p);
}

char *tex_verbatim(const char *tex, size_t len)
{
	struct strbuf b;
	sb_init(&b);
	bool space = false;
	for (size_t i = 0; i < len; i++) {
		char ch = tex[i];
		if (is_space(ch)) {
			space = true;
			continue;
		}
		if (ch == '{' || ch == '}')
			continue;
		if (space && b.len > 0)
			sb_addc(&b, ' ');
		space = false;
		if (ch == '\\' && i + 1 < len && strchr("_%&#$~{}", tex[i + 1]) && tex[i + 1]) {
			sb_addc(&b, tex[++i]);
			continue;
		}
		sb_addc(&b, ch);
	}
	return sb_steal(&b);
}
