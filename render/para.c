#include "render/para.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/text.h"
#include "render/brk.h"
#include "render/hyph.h"
#include "render/lb.h"

#define HYPHEN_PENALTY 50   /* TeX's \hyphenpenalty and \exhyphenpenalty */
#define CJK_PENALTY 150     /* a break inside a Korean word: allowed, not liked */
#define CJK_RAGGED_PENALTY 3000 /* the same in ragged or centred lines */
#define OTHER_PENALTY 100   /* other breaks UAX #14 allows without a space */
#define URL_PENALTY 200     /* after / . _ in URLs and code */
#define CHAR_PENALTY 1000   /* anywhere in an over-long word */
#define PARA_TOTAL_FIT_MAX 20000 /* code points; longer paragraphs are broken first-fit */
#define LAST_RESORT_PENALTY 9000 /* ...even next to punctuation, rather than overflow */
#define RAGGED_EMS 2.0      /* \rightskip stretch of ragged lines, in ems */
/* Centred lines take any rag, as \centering's fil glue does: an author
 * list breaks between names rather than inside one. */
#define CENTER_EMS 1000.0
#define MAX_RATIO 3.0       /* interword spaces stretch at most this much */
#define CJK_STRETCH 0.1     /* between Hangul syllables, in ems: Korean lines
			     * justify by spacing letters a little, too */

#define OBJ_FONT (-2)       /* the "font" of an object's placeholder character */
#define OBJ_CHAR 0xFFFC     /* its placeholder: the object replacement character */

enum span_kind { SP_TEXT, SP_BREAK, SP_MARK, SP_OBJECT };

struct para_span {
	struct para_style st;
	size_t off, len; /* UTF-8 in p->text */
	int line, col;
	enum span_kind kind;
	int mark;        /* SP_MARK, SP_OBJECT: the caller's id */
	double w, h, d;  /* SP_OBJECT: its box */
	int penalty;     /* SP_OBJECT: of a break after it */
	double glue;     /* SP_OBJECT: space after it when not broken */
};

enum piece_kind { PK_NONE, PK_TEXT, PK_SPACE, PK_MARK, PK_HYPHEN, PK_CJK, PK_OBJECT };

struct para_piece {
	enum piece_kind kind;
	int font;
	uint32_t span;
	uint32_t a, b; /* characters [a, b) of a text box */
};

/* A marker or forced break before character `pos`. */
struct event {
	size_t pos;
	uint32_t span;
};

void para_init(struct para *p, struct font_set *fs, struct hyph *hy, struct brk *brk,
	       struct diag_list *d)
{
	memset(p, 0, sizeof *p);
	p->fs = fs;
	p->hy = hy;
	p->brk = brk;
	p->d = d;
	sb_init(&p->text);
	sb_init(&p->out);
}

void para_free(struct para *p)
{
	sb_free(&p->text);
	sb_free(&p->out);
	free(p->spans);
	free(p->cps);
	free(p->cspan);
	free(p->cfont);
	free(p->ok);
	free(p->hyph);
	free(p->lig);
	free(p->glyphs);
	free(p->items);
	free(p->pieces);
	free(p->lines);
	free(p->runs);
	free(p->marks);
	free(p->objs);
	free(p->missing);
	memset(p, 0, sizeof *p);
}

void para_set_file(struct para *p, const char *file)
{
	p->file = file;
}

void para_reset(struct para *p)
{
	p->text.len = 0;
	if (p->text.s)
		p->text.s[0] = '\0';
	p->out.len = 0;
	if (p->out.s)
		p->out.s[0] = '\0';
	p->nspans = p->ncps = p->nitems = 0;
	p->nlines = p->nruns = p->nmarks = p->nobjs = 0;
	p->pass = 0;
}

static struct para_span *new_span(struct para *p, enum span_kind k, const struct para_style *st)
{
	p->spans = xgrow(p->spans, &p->capspans, p->nspans + 1, sizeof *p->spans);
	struct para_span *s = &p->spans[p->nspans++];
	memset(s, 0, sizeof *s);
	s->kind = k;
	if (st)
		s->st = *st;
	else if (p->nspans > 1)
		s->st = p->spans[p->nspans - 2].st;
	else
		s->st = (struct para_style){.family = FONT_SERIF, .size = 10, .link = -1};
	s->off = p->text.len;
	return s;
}

void para_add_text(struct para *p, const char *s, size_t len, const struct para_style *st,
		   int line, int col)
{
	if (!len)
		return;
	struct para_span *sp = new_span(p, SP_TEXT, st);
	sb_add(&p->text, s, len);
	sp->len = len;
	sp->line = line;
	sp->col = col;
}

void para_add_break(struct para *p)
{
	new_span(p, SP_BREAK, NULL);
}

void para_add_mark(struct para *p, int id, const struct para_style *st)
{
	new_span(p, SP_MARK, st)->mark = id;
}

void para_add_object(struct para *p, int id, double w, double h, double d, int penalty,
		     double glue, const struct para_style *st)
{
	struct para_span *s = new_span(p, SP_OBJECT, st);
	s->mark = id;
	s->w = w;
	s->h = h;
	s->d = d;
	s->penalty = penalty;
	s->glue = glue;
}

bool para_empty(const struct para *p)
{
	for (size_t i = 0; i < p->nspans; i++)
		if (p->spans[i].kind != SP_BREAK)
			return false;
	return true;
}

/* ---- decoding ---------------------------------------------------------- */

static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *i)
{
	unsigned c = s[*i];
	size_t need;
	uint32_t cp;
	if (c < 0x80) {
		(*i)++;
		return c;
	} else if ((c & 0xE0) == 0xC0) {
		need = 1, cp = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		need = 2, cp = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		need = 3, cp = c & 0x07;
	} else {
		(*i)++;
		return 0xFFFD;
	}
	if (*i + need >= n) {
		*i = n;
		return 0xFFFD;
	}
	for (size_t k = 1; k <= need; k++) {
		unsigned cc = s[*i + k];
		if ((cc & 0xC0) != 0x80) {
			*i += k;
			return 0xFFFD;
		}
		cp = cp << 6 | (cc & 0x3F);
	}
	*i += need + 1;
	return cp;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C;
}

static void push_char(struct para *p, uint32_t cp, uint32_t span, int font)
{
	size_t n = p->ncps + 1;
	p->cps = xgrow(p->cps, &p->capcps, n, sizeof *p->cps);
	p->cspan = xgrow(p->cspan, &p->capcs, n, sizeof *p->cspan);
	p->cfont = xgrow(p->cfont, &p->capcf, n, sizeof *p->cfont);
	p->cps[p->ncps] = cp;
	p->cspan[p->ncps] = span;
	p->cfont[p->ncps] = font;
	p->ncps = n;
}

void para_report_glyph(struct diag_list *d, const char *file, int line, int col, uint32_t cp)
{
	struct strbuf ch;
	sb_init(&ch);
	text_sb_add_cp(&ch, cp);
	diag_report(d, R_GLYPH_MISSING, file, line, line ? col : 0,
		    "no configured font has a glyph for U+%04X '%s'", (unsigned)cp, ch.s);
	sb_free(&ch);
}

static void report_missing(struct para *p, const struct para_span *sp, int charno, uint32_t cp)
{
	int nth = 0;
	for (size_t i = 0; i < p->nmissing; i++)
		nth += p->missing[i] == cp;
	p->missing = xgrow(p->missing, &p->capmissing, p->nmissing + 1, sizeof *p->missing);
	p->missing[p->nmissing++] = cp;
	int line = sp->line, col = sp->col + charno;
	if (p->locate && !p->locate(p->locate_ctx, cp, nth, &line, &col)) {
		line = sp->line;
		col = sp->col + charno;
	}
	para_report_glyph(p->d, p->file, line, col, cp);
}

void para_set_locator(struct para *p, para_locate_fn fn, void *ctx)
{
	p->locate = fn;
	p->locate_ctx = ctx;
}

/* Text to characters with fonts; markers and breaks to events. */
static size_t decode(struct para *p, struct event **evp, bool report)
{
	struct event *ev = NULL;
	size_t nev = 0, capev = 0;
	bool line_start = true;
	p->ncps = 0;
	p->nmissing = 0;
	for (size_t s = 0; s < p->nspans; s++) {
		const struct para_span *sp = &p->spans[s];
		if (sp->kind == SP_OBJECT) {
			/* A character in the text, so that spaces around it
			 * and line-break rules see it. */
			push_char(p, OBJ_CHAR, (uint32_t)s, OBJ_FONT);
			line_start = false;
			continue;
		}
		if (sp->kind != SP_TEXT) {
			if (sp->kind == SP_BREAK) {
				if (p->ncps && p->cps[p->ncps - 1] == ' ')
					p->ncps--;
				line_start = true;
			}
			ev = xgrow(ev, &capev, nev + 1, sizeof *ev);
			ev[nev++] = (struct event){p->ncps, (uint32_t)s};
			continue;
		}
		const unsigned char *t = (const unsigned char *)p->text.s + sp->off;
		int space_font = font_id(p->fs, sp->st.family, sp->st.style);
		int charno = 0;
		for (size_t i = 0; i < sp->len; charno++) {
			uint32_t cp = utf8_next(t, sp->len, &i);
			if (is_space(cp)) {
				if (!line_start && p->ncps && p->cps[p->ncps - 1] != ' ')
					push_char(p, ' ', (uint32_t)s, space_font);
				continue;
			}
			if (font_ignorable(cp))
				continue;
			int f = font_for_char(p->fs, sp->st.family, sp->st.style, cp);
			if (f < 0) {
				if (report)
					report_missing(p, sp, charno, cp);
				cp = 0xFFFD;
				f = font_for_char(p->fs, sp->st.family, sp->st.style, cp);
				if (f < 0) {
					cp = '?';
					f = space_font;
				}
			}
			push_char(p, cp, (uint32_t)s, f);
			line_start = false;
		}
	}
	if (p->ncps && p->cps[p->ncps - 1] == ' ')
		p->ncps--;
	for (size_t e = 0; e < nev; e++)
		if (ev[e].pos > p->ncps)
			ev[e].pos = p->ncps;
	*evp = ev;
	return nev;
}

/* ---- items --------------------------------------------------------------- */

static void push_item(struct para *p, enum lb_type t, double w, double y, double z, int pen,
		      bool flagged, struct para_piece pc)
{
	size_t n = p->nitems + 1;
	p->items = xgrow(p->items, &p->capitems, n, sizeof *p->items);
	p->pieces = xgrow(p->pieces, &p->cappieces, n, sizeof *p->pieces);
	p->items[p->nitems] = (struct lb_item){
		.type = t, .flagged = flagged, .penalty = pen, .width = w, .stretch = y, .shrink = z};
	p->pieces[p->nitems] = pc;
	p->nitems = n;
}

static const struct para_piece no_piece = {PK_NONE, -1, 0, 0, 0};

static void push_penalty(struct para *p, int pen, double w, bool flagged, struct para_piece pc)
{
	push_item(p, LB_PENALTY, w, 0, 0, pen, flagged, pc);
}

static double adv(struct para *p, int font, uint32_t cp, double size)
{
	int a = font_advance(p->fs, font, cp);
	return a > 0 ? a * size / 1000.0 : 0;
}

static bool word_char(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || brk_is_cjk(c) ||
	       (c >= 0x370 && c <= 0x52F);
}

/* Characters that join words into one name: domains, paths, addresses. */
static bool joiner(uint32_t c)
{
	return c == '.' || c == '/' || c == '@' || c == ':' || c == '_' || c == '\\';
}

/* Three word characters on each side of the joiner before i. */
static bool dotted_break(const struct para *p, size_t i)
{
	if (i < 4 || i + 3 > p->ncps)
		return false;
	for (size_t k = 0; k < 3; k++)
		if (!word_char(p->cps[i - 2 - k]) || !word_char(p->cps[i + k]))
			return false;
	return true;
}

static bool ascii_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Mark hyphenation points: p->hyph[i] set means "a hyphen may go before
 * character i".  Only whole ASCII words outside code are hyphenated. */
static void find_hyphens(struct para *p)
{
	p->hyph = xgrow(p->hyph, &p->caphy, p->ncps + 1, 1);
	memset(p->hyph, 0, p->ncps + 1);
	char w[HYPH_MAX_WORD + 1];
	for (size_t a = 0; a < p->ncps;) {
		if (!ascii_letter(p->cps[a])) {
			a++;
			continue;
		}
		size_t b = a;
		while (b < p->ncps && ascii_letter(p->cps[b]))
			b++;
		/* A word of a dotted or slashed token ("docs.exoplanet.codes",
		 * "and/or", "paper.md") is not whole: a hyphen would add a
		 * character the name does not have. */
		bool whole = (a == 0 || (!word_char(p->cps[a - 1]) &&
					 !(a >= 2 && joiner(p->cps[a - 1]) && word_char(p->cps[a - 2])))) &&
			     (b == p->ncps || (!word_char(p->cps[b]) &&
					       !(b + 1 < p->ncps && joiner(p->cps[b]) && word_char(p->cps[b + 1]))));
		/* Nor are names with capitals inside ("PyTorch", "UltraNest",
		 * "MATLAB"): "Py-Torch" reads as a name with a hyphen in it. */
		for (size_t i = a + 1; i < b && whole; i++)
			whole = !(p->cps[i] >= 'A' && p->cps[i] <= 'Z');
		if (whole && b - a <= HYPH_MAX_WORD && !p->spans[p->cspan[a]].st.url) {
			for (size_t i = a; i < b; i++)
				w[i - a] = (char)p->cps[i];
			uint64_t m = hyph_points(p->hy, w, b - a);
			for (size_t j = 0; m; j++, m >>= 1)
				if (m & 1)
					p->hyph[a + j + 1] = 1;
		}
		a = b;
	}
}

static bool url_punct(uint32_t c)
{
	return c == '/' || c == '.' || c == '_' || c == '-' || c == '?' || c == '&' ||
	       c == '=' || c == '#' || c == ':' || c == ',' || c == ';' || c == '~' || c == '+';
}

static bool is_opening(uint32_t c)
{
	return c == '(' || c == '[' || c == '{' || c == 0x2018 || c == 0x201C || c == 0xAB ||
	       c == 0x3008 || c == 0x300A || c == 0x300C || c == 0x300E || c == 0x3010;
}

static bool same_style(const struct para_style *a, const struct para_style *b)
{
	return a->size == b->size && a->rise == b->rise && a->color == b->color &&
	       a->link == b->link && a->strike == b->strike && a->family == b->family &&
	       a->style == b->style && a->url == b->url;
}

/* Characters in words wider than `limit` (charbreak pass). */
static void find_long_words(struct para *p, double limit, unsigned char *lw)
{
	memset(lw, 0, p->ncps);
	for (size_t a = 0; a < p->ncps;) {
		if (p->cps[a] == ' ') {
			a++;
			continue;
		}
		size_t b = a;
		double w = 0;
		while (b < p->ncps && p->cps[b] != ' ') {
			w += adv(p, p->cfont[b], p->cps[b], p->spans[p->cspan[b]].st.size);
			b++;
		}
		if (w > limit)
			memset(lw + a, 1, b - a);
		a = b;
	}
}

/* The stretch an unjustified line may leave at its end. */
static double rag(const struct para_opts *o, double size)
{
	return (o->align == PARA_CENTER ? CENTER_EMS : RAGGED_EMS) * size;
}

static void push_space(struct para *p, const struct para_opts *o, size_t i, bool nobreak)
{
	uint32_t s = p->cspan[i];
	const struct para_style *st = &p->spans[s].st;
	int f = p->cfont[i];
	double w = adv(p, f, ' ', st->size);
	struct para_piece pc = {PK_SPACE, f, s, (uint32_t)i, (uint32_t)i + 1};
	if (nobreak)
		push_penalty(p, LB_INF, 0, false, no_piece);
	if (o->align == PARA_JUSTIFY) {
		push_item(p, LB_GLUE, w, w / 2, w / 3, 0, false, pc);
	} else if (nobreak) {
		push_item(p, LB_GLUE, w, 0, 0, 0, false, pc);
	} else {
		/* Ragged right (Knuth & Plass): the stretch exists only when
		 * the line breaks here. */
		double r = rag(o, st->size);
		push_penalty(p, LB_INF, 0, false, no_piece);
		push_item(p, LB_GLUE, 0, r, 0, 0, false, no_piece);
		push_penalty(p, 0, 0, false, no_piece);
		push_item(p, LB_GLUE, w, -r, 0, 0, false, pc);
	}
}

static void push_break(struct para *p, const struct para_opts *o, int pen, double w,
		       bool flagged, struct para_piece pc, double size)
{
	if (o->align == PARA_JUSTIFY) {
		push_penalty(p, pen, w, flagged, pc);
		return;
	}
	double r = rag(o, size);
	push_penalty(p, LB_INF, 0, false, no_piece);
	push_item(p, LB_GLUE, 0, r, 0, 0, false, no_piece);
	push_penalty(p, pen, w, flagged, pc);
	push_item(p, LB_GLUE, 0, -r, 0, 0, false, no_piece);
}

static void end_line_items(struct para *p)
{
	/* Glue (and ragged helpers) before the end would only be discarded. */
	while (p->nitems && p->items[p->nitems - 1].type != LB_BOX &&
	       !(p->items[p->nitems - 1].type == LB_PENALTY &&
		 p->items[p->nitems - 1].penalty <= -LB_INF))
		p->nitems--;
	push_penalty(p, LB_INF, 0, false, no_piece);
	push_item(p, LB_GLUE, 0, LB_FIL, 0, 0, false, no_piece);
	push_penalty(p, -LB_INF, 0, false, no_piece);
}

/* ---- ligatures ------------------------------------------------------------
 * TeX's f-ligatures, longest first, each drawn as the font's own glyph
 * (U+FB00-FB04; the PDF's ToUnicode map gives their letters back).  Only
 * within one style and font, never in code or URLs, and never over a place
 * the line may break: with hyphenation on, "dif|fi|cult" keeps its "ff"
 * apart and joins "fi". */
#define LIG_PART 1u /* a letter drawn by the ligature before it */

static const struct {
	uint32_t cp;
	char letters[4];
} ligatures[] = {
	{0xFB03, "ffi"}, {0xFB04, "ffl"}, {0xFB00, "ff"}, {0xFB01, "fi"}, {0xFB02, "fl"},
};

static bool ligature_fits(const struct para *p, size_t i, const char *letters, bool hyphenate,
			  const struct event *ev, size_t nev, size_t e)
{
	size_t n = strlen(letters);
	if (i + n > p->ncps)
		return false;
	for (size_t j = 0; j < n; j++) {
		size_t at = i + j;
		if (p->cps[at] != (unsigned char)letters[j] || p->cfont[at] != p->cfont[i] ||
		    p->cspan[at] != p->cspan[i])
			return false;
		if (j && (p->ok[at] || (hyphenate && p->hyph[at])))
			return false;
	}
	/* No mark (an anchor, a link's end) between the letters. */
	for (; e < nev && ev[e].pos < i + n; e++)
		if (ev[e].pos > i)
			return false;
	return true;
}

static void find_ligatures(struct para *p, bool hyphenate, const struct event *ev, size_t nev)
{
	p->lig = xgrow(p->lig, &p->caplig, p->ncps + 1, sizeof *p->lig);
	memset(p->lig, 0, (p->ncps + 1) * sizeof *p->lig);
	size_t e = 0;
	for (size_t i = 0; i + 1 < p->ncps; i++) {
		if (p->cps[i] != 'f')
			continue;
		int f = p->cfont[i];
		const struct para_style *st = &p->spans[p->cspan[i]].st;
		if (f < 0 || f == OBJ_FONT || st->family == FONT_MONO || st->url)
			continue;
		while (e < nev && ev[e].pos <= i)
			e++;
		for (size_t k = 0; k < sizeof ligatures / sizeof ligatures[0]; k++) {
			if (!ligature_fits(p, i, ligatures[k].letters, hyphenate, ev, nev, e) ||
			    font_advance(p->fs, f, ligatures[k].cp) < 0)
				continue;
			size_t n = strlen(ligatures[k].letters);
			p->lig[i] = ligatures[k].cp;
			for (size_t j = 1; j < n; j++)
				p->lig[i + j] = LIG_PART;
			i += n - 1;
			break;
		}
	}
}

/* The characters of cps[a, b) as drawn: a ligature in place of its letters.
 * Returns the count; *out points into p->glyphs or into cps. */
static size_t box_glyphs(struct para *p, size_t a, size_t b, const uint32_t **out)
{
	bool any = false;
	for (size_t i = a; i < b && !any; i++)
		any = p->lig[i] != 0;
	if (!any) {
		*out = p->cps + a;
		return b - a;
	}
	p->glyphs = xgrow(p->glyphs, &p->capglyphs, b - a, sizeof *p->glyphs);
	size_t n = 0;
	for (size_t i = a; i < b; i++)
		if (p->lig[i] != LIG_PART)
			p->glyphs[n++] = p->lig[i] ? p->lig[i] : p->cps[i];
	*out = p->glyphs;
	return n;
}

static void build_items(struct para *p, const struct para_opts *o, const struct event *ev,
			size_t nev, bool hyphenate, const unsigned char *longw)
{
	p->nitems = 0;
	find_ligatures(p, hyphenate, ev, nev);
	/* A negative indent hangs the first line out to the left (a
	 * reference list's hanging indent). */
	if (o->indent != 0)
		push_item(p, LB_BOX, o->indent, 0, 0, 0, false, no_piece);
	size_t e = 0;
	bool open = false;
	struct para_piece box = no_piece;
	double boxw = 0;
#define CLOSE()                                                                \
	do {                                                                   \
		if (open)                                                      \
			push_item(p, LB_BOX, boxw, 0, 0, 0, false, box);       \
		open = false;                                                  \
	} while (0)
	for (size_t i = 0; i <= p->ncps; i++) {
		bool at_event = false;
		for (; e < nev && ev[e].pos == i; e++) {
			const struct para_span *sp = &p->spans[ev[e].span];
			CLOSE();
			at_event = true;
			if (sp->kind == SP_MARK)
				push_item(p, LB_BOX, 0, 0, 0, 0, false,
					  (struct para_piece){PK_MARK, -1, ev[e].span, 0, 0});
			else
				end_line_items(p);
		}
		if (i == p->ncps)
			break;
		uint32_t c = p->cps[i];
		if (c == ' ' || c == 0xA0 || c == 0x202F) {
			CLOSE();
			bool nobreak = c != ' ' || i + 1 >= p->ncps || !p->ok[i + 1];
			push_space(p, o, i, nobreak);
			continue;
		}
		uint32_t s = p->cspan[i];
		const struct para_style *st = &p->spans[s].st;
		int f = p->cfont[i];
		if (f == OBJ_FONT) {
			const struct para_span *sp = &p->spans[s];
			CLOSE();
			/* "single$x…$": a formula glued to the word before it may
			 * start a line only when the final pass finds nothing else,
			 * as it may end one ("$x$-th" below); a formula scaled to
			 * its line's width would overflow it with the word. */
			if (p->pass >= 5 && i > 0 && p->cfont[i - 1] != OBJ_FONT && p->cps[i - 1] != ' ' &&
			    p->cps[i - 1] != 0xA0 && p->cps[i - 1] != 0x202F)
				push_break(p, o, LAST_RESORT_PENALTY, 0, false, no_piece, st->size);
			push_item(p, LB_BOX, sp->w, 0, 0, 0, false,
				  (struct para_piece){PK_OBJECT, OBJ_FONT, s, (uint32_t)i, (uint32_t)i + 1});
			if (sp->penalty < LB_INF) {
				push_break(p, o, sp->penalty, 0, false, no_piece, st->size);
				push_item(p, LB_GLUE, sp->glue, sp->glue / 2, sp->glue / 3, 0, false,
					  no_piece);
			}
			continue;
		}
		if (p->lig[i] == LIG_PART) { /* drawn, and measured, by the ligature */
			box.b = (uint32_t)i + 1;
			continue;
		}
		uint32_t prev = i > 0 ? p->cps[i - 1] : ' ';
		int pen = LB_INF;
		bool flagged = false;
		double pw = 0;
		if (i > 0 && p->cfont[i - 1] == OBJ_FONT) {
			/* "$x$-th", "$x$,": no break right after a formula, unless the
			 * final pass finds nothing else that fits. */
			if (p->pass >= 5)
				pen = LAST_RESORT_PENALTY;
		} else if (i > 0 && prev != ' ' && prev != 0xA0 && prev != 0x202F) {
			if (p->ok[i]) {
				if (prev == '-' || prev == 0x2010 || prev == 0x2013 || prev == 0x2014)
					pen = HYPHEN_PENALTY, flagged = true;
				else if (brk_is_cjk(prev) || brk_is_cjk(c))
					/* Unjustified lines have no spacing to save:
					 * keep words whole unless one cannot fit. */
					pen = o->align == PARA_JUSTIFY ? CJK_PENALTY : CJK_RAGGED_PENALTY;
				else
					pen = OTHER_PENALTY;
			} else if (hyphenate && p->hyph[i]) {
				pen = HYPHEN_PENALTY, flagged = true;
				pw = adv(p, p->cfont[i - 1], '-', p->spans[p->cspan[i - 1]].st.size);
			} else if ((st->url || (longw && longw[i] && longw[i - 1])) &&
				   url_punct(prev) && !url_punct(c) && !brk_is_closing(c)) {
				pen = URL_PENALTY;
			} else if (hyphenate && joiner(prev) && dotted_break(p, i)) {
				/* A dotted or slashed name, never hyphenated, may break
				 * after its dot as url.sty breaks one: "docs." |
				 * "exoplanet.codes", not "e." | "g.". */
				pen = URL_PENALTY;
			} else if (longw && longw[i] && longw[i - 1] && p->pass >= 5) {
				/* Anywhere in a token only once a loose line would not do
				 * either ("savitzky-gola|y" is worse than a wide space);
				 * next to punctuation only when a token offers nothing
				 * else (a run of ':::' must still fit). */
				if (!brk_is_closing(c) && !is_opening(prev))
					pen = CHAR_PENALTY;
				else
					pen = LAST_RESORT_PENALTY;
			}
		}
		bool split = !open || at_event || pen < LB_INF || box.font != f ||
			     (box.span != s && !same_style(&p->spans[box.span].st, st));
		/* A kern between two letters of one word ("To", "AV", "y."): the
		 * box ends, an unbreakable fixed space of the kern's width
		 * follows, and the next box starts (TeX's kern node).  Code keeps
		 * its fixed pitch whatever the font offers. */
		int kern = split || st->family == FONT_MONO || (i > 0 && p->lig[i - 1])
				   ? 0
				   : font_kern(p->fs, f, prev, c);
		if (kern) {
			CLOSE();
			push_penalty(p, LB_INF, 0, false, no_piece);
			push_item(p, LB_GLUE, kern * st->size / 1000.0, 0, 0, 0, false, no_piece);
			split = true;
		}
		if (split) {
			CLOSE();
			if (pen < LB_INF) {
				struct para_piece hp = {PK_HYPHEN, p->cfont[i - 1], p->cspan[i - 1], 0, 0};
				push_break(p, o, pen, pw, flagged, pw > 0 ? hp : no_piece, st->size);
				if (pen == CJK_PENALTY && o->align == PARA_JUSTIFY &&
				    brk_is_cjk(prev) && brk_is_cjk(c))
					push_item(p, LB_GLUE, 0, CJK_STRETCH * st->size, 0, 0, false,
						  (struct para_piece){PK_CJK, -1, s, 0, 0});
			}
			box = (struct para_piece){PK_TEXT, f, s, (uint32_t)i, (uint32_t)i};
			boxw = 0;
			open = true;
		}
		box.b = (uint32_t)i + 1;
		boxw += adv(p, f, p->lig[i] ? p->lig[i] : c, st->size);
	}
	CLOSE();
#undef CLOSE
	end_line_items(p);
}

/* ---- output -------------------------------------------------------------- */

static struct para_run *new_run(struct para *p, int font, const struct para_style *st, double x)
{
	p->runs = xgrow(p->runs, &p->capruns, p->nruns + 1, sizeof *p->runs);
	struct para_run *r = &p->runs[p->nruns++];
	*r = (struct para_run){.font = font, .size = st->size, .x = x, .rise = st->rise,
			       .color = st->color, .link = st->link, .strike = st->strike,
			       .off = p->out.len};
	return r;
}

/* Append text at x, extending the last run of the line when it continues
 * it exactly.  `gap` is the space set before it by the glue between two
 * Hangul syllables (0 when the text simply follows): a run may hold such
 * gaps only when they are all equal, drawn as PDF character spacing. */
static void emit(struct para *p, size_t run0, int font, const struct para_style *st, double x,
		 const uint32_t *cps, size_t n, double w, double gap)
{
	struct para_run *r = p->nruns > run0 ? &p->runs[p->nruns - 1] : NULL;
	bool ok = r && r->font == font && r->size == st->size && r->rise == st->rise &&
		  r->color == st->color && r->link == st->link && r->strike == st->strike &&
		  fabs(r->x + r->width + gap - x) < 1e-6 &&
		  (!r->cs_set || fabs(r->cs - gap) < 1e-6) && (n == 1 || fabs(gap) < 1e-9);
	if (ok) {
		r->cs = gap;
		r->cs_set = true;
		r->width += gap;
	} else {
		r = new_run(p, font, st, x);
		r->cs_set = n > 1; /* its own inner gaps are 0 */
	}
	for (size_t i = 0; i < n; i++)
		text_sb_add_cp(&p->out, cps[i]);
	r->len = p->out.len - r->off;
	r->width += w;
	r->nch += n;
}

static void make_lines(struct para *p, const struct para_opts *o, const struct lb_line *ls,
		       size_t n)
{
	p->lines = xgrow(p->lines, &p->caplines, n ? n : 1, sizeof *p->lines);
	p->nlines = n;
	p->nruns = p->nmarks = p->nobjs = 0;
	for (size_t li = 0; li < n; li++) {
		const struct lb_line *l = &ls[li];
		struct para_line *pl = &p->lines[li];
		memset(pl, 0, sizeof *pl);
		pl->run0 = p->nruns;
		pl->measure = l->measure;
		pl->overfull = l->overfull;
		pl->hyphen = l->hyphen;
		/* A line that could only be justified with gaping spaces is
		 * left short instead. */
		double ratio = o->align == PARA_JUSTIFY ? fmin(l->ratio, MAX_RATIO) : 0;
		pl->ratio = ratio;
		double x = 0, gap = 0;
		for (size_t k = l->start; k < l->end; k++) {
			const struct lb_item *it = &p->items[k];
			const struct para_piece *pc = &p->pieces[k];
			if (it->type == LB_BOX) {
				if (pc->kind == PK_TEXT) {
					const struct para_style *st = &p->spans[pc->span].st;
					const uint32_t *g;
					size_t ng = box_glyphs(p, pc->a, pc->b, &g);
					emit(p, pl->run0, pc->font, st, x, g, ng, it->width, gap);
				} else if (pc->kind == PK_OBJECT) {
					p->objs = xgrow(p->objs, &p->capobjs, p->nobjs + 1,
							sizeof *p->objs);
					const struct para_span *sp = &p->spans[pc->span];
					p->objs[p->nobjs++] = (struct para_obj){
						sp->mark, li, x, sp->w, sp->h, sp->d};
				} else if (pc->kind == PK_MARK) {
					p->marks = xgrow(p->marks, &p->capmarks, p->nmarks + 1,
							 sizeof *p->marks);
					p->marks[p->nmarks++] = (struct para_mark){
						p->spans[pc->span].mark, li, x};
				}
				x += it->width;
				gap = 0;
			} else if (it->type == LB_GLUE) {
				double w = it->width;
				if (ratio > 0)
					w += ratio * it->stretch;
				else if (ratio < 0)
					w += ratio * it->shrink;
				gap = pc->kind == PK_CJK ? w : 0;
				if (pc->kind == PK_SPACE && fabs(w - it->width) < 1e-9) {
					const struct para_style *st = &p->spans[pc->span].st;
					uint32_t sp = ' ';
					struct para_run *r = p->nruns > pl->run0 ? &p->runs[p->nruns - 1] : NULL;
					if (r && r->font == pc->font && fabs(r->x + r->width - x) < 1e-6)
						emit(p, pl->run0, pc->font, st, x, &sp, 1, w, 0);
				}
				x += w;
			}
		}
		const struct lb_item *bi = &p->items[l->end];
		const struct para_piece *bp = &p->pieces[l->end];
		if (bi->type == LB_PENALTY && bp->kind == PK_HYPHEN && bi->width > 0) {
			uint32_t h = '-';
			emit(p, pl->run0, bp->font, &p->spans[bp->span].st, x, &h, 1, bi->width, 0);
			x += bi->width;
		}
		pl->nruns = p->nruns - pl->run0;
		/* Trailing spaces merged into the last run are not content. */
		while (pl->nruns) {
			struct para_run *r = &p->runs[p->nruns - 1];
			if (r->len && p->out.s[r->off + r->len - 1] == ' ') {
				r->len--;
				r->width -= adv(p, r->font, ' ', r->size);
				continue;
			}
			break;
		}
		pl->width = pl->nruns ? p->runs[p->nruns - 1].x + p->runs[p->nruns - 1].width : 0;
		for (size_t k = 0; k < p->nobjs; k++) {
			const struct para_obj *ob = &p->objs[k];
			if (ob->line != li)
				continue;
			pl->width = fmax(pl->width, ob->x + ob->w);
			pl->ascent = fmax(pl->ascent, ob->h);
			pl->descent = fmax(pl->descent, ob->d);
		}
		if (o->align == PARA_CENTER && pl->width < pl->measure) {
			double dx = (pl->measure - pl->width) / 2;
			for (size_t r = pl->run0; r < p->nruns; r++)
				p->runs[r].x += dx;
			for (size_t m = 0; m < p->nmarks; m++)
				if (p->marks[m].line == li)
					p->marks[m].x += dx;
			for (size_t k = 0; k < p->nobjs; k++)
				if (p->objs[k].line == li)
					p->objs[k].x += dx;
			pl->width += dx;
		}
		for (size_t r = pl->run0; r < p->nruns; r++) {
			const struct para_run *ru = &p->runs[r];
			const struct font_face *ff = font_face(p->fs, ru->font);
			double a = ff->ascent * ru->size / 1000 + ru->rise;
			double d = ff->descent * ru->size / 1000 - ru->rise;
			if (a > pl->ascent)
				pl->ascent = a;
			if (d > pl->descent)
				pl->descent = d;
		}
		if (pl->nruns == 0 && p->nspans) {
			const struct para_style *st = &p->spans[0].st;
			const struct font_face *ff =
				font_face(p->fs, font_id(p->fs, st->family, st->style));
			pl->ascent = fmax(pl->ascent, ff->ascent * st->size / 1000);
			pl->descent = fmax(pl->descent, ff->descent * st->size / 1000);
		}
	}
}

static double base_size(const struct para *p)
{
	for (size_t i = 0; i < p->nspans; i++)
		if (p->spans[i].kind == SP_TEXT)
			return p->spans[i].st.size;
	return 10;
}

void para_layout(struct para *p, const struct para_opts *o)
{
	struct event *ev;
	size_t nev = decode(p, &ev, true);
	p->nlines = p->nruns = p->nmarks = p->nobjs = 0;
	p->out.len = 0;
	if (p->ncps == 0 && nev == 0) {
		free(ev);
		return;
	}
	p->ok = xgrow(p->ok, &p->capok, p->ncps + 1, 1);
	brk_find(p->brk, p->cps, p->ncps, p->ok);
	p->ok[p->ncps] = 1;

	double measure = o->measure > 1 ? o->measure : 1;
	double em = base_size(p);
	struct lb_params lp;
	lb_params_default(&lp);
	struct lb_line *ls = NULL;
	size_t nl = 0;
	int rc;

	if (p->ncps > PARA_TOTAL_FIT_MAX) {
		/* Total fit costs too much on a paragraph this long (an endless
		 * URL): break it first-fit, anywhere a token allows. */
		p->pass = 5;
		unsigned char *longw = xmalloc(p->ncps + 1);
		find_long_words(p, measure / 3, longw);
		build_items(p, o, ev, nev, false, longw);
		free(longw);
		lb_first_fit(p->items, p->nitems, &measure, 1, &ls, &nl);
		make_lines(p, o, ls, nl);
		free(ls);
		free(ev);
		return;
	}
	build_items(p, o, ev, nev, false, NULL);
	/* The rag only costs looks: accept up to about 5 em of it before
	 * hyphenating or breaking words. */
	lp.tolerance = o->align == PARA_JUSTIFY ? 100 : 2000;
	p->pass = 1;
	rc = lb_break(p->items, p->nitems, &measure, 1, &lp, &ls, &nl);
	bool hy = o->hyphenate && p->hy;
	if (hy)
		find_hyphens(p);
	if (rc != 0) {
		p->pass = 2;
		if (hy)
			build_items(p, o, ev, nev, true, NULL);
		lp.tolerance = o->align == PARA_JUSTIFY ? 200 : 2000;
		rc = lb_break(p->items, p->nitems, &measure, 1, &lp, &ls, &nl);
	}
	if (rc != 0) {
		/* Long tokens (URLs, identifiers, citation keys) may break
		 * after their punctuation; anywhere only in the final pass. */
		p->pass = 3;
		unsigned char *longw = xmalloc(p->ncps + 1);
		find_long_words(p, measure / 3, longw);
		build_items(p, o, ev, nev, hy, longw);
		free(longw);
		rc = lb_break(p->items, p->nitems, &measure, 1, &lp, &ls, &nl);
	}
	if (rc != 0) {
		p->pass = 4;
		lp.emergency_stretch = 3 * em;
		lp.tolerance = 1000;
		rc = lb_break(p->items, p->nitems, &measure, 1, &lp, &ls, &nl);
	}
	if (rc != 0) {
		/* The final pass may also break a long token anywhere, even next
		 * to punctuation, so that nothing ever overflows. */
		p->pass = 5;
		lp.final_pass = true;
		unsigned char *longw = xmalloc(p->ncps + 1);
		find_long_words(p, measure / 3, longw);
		build_items(p, o, ev, nev, hy, longw);
		free(longw);
		rc = lb_break(p->items, p->nitems, &measure, 1, &lp, &ls, &nl);
	}
	make_lines(p, o, ls, nl);
	free(ls);
	free(ev);
}

void para_extent(struct para *p, double *minw, double *maxw)
{
	struct event *ev;
	size_t nev = decode(p, &ev, false);
	*minw = *maxw = 0;
	if (p->ncps == 0) {
		free(ev);
		return;
	}
	p->ok = xgrow(p->ok, &p->capok, p->ncps + 1, 1);
	brk_find(p->brk, p->cps, p->ncps, p->ok);
	p->ok[p->ncps] = 1;
	struct para_opts o = {.measure = 1e9, .align = PARA_JUSTIFY};
	build_items(p, &o, ev, nev, false, NULL);
	free(ev);
	double word = 0, line = 0;
	for (size_t i = 0; i < p->nitems; i++) {
		const struct lb_item *it = &p->items[i];
		/* A word is what lies between spaces and hyphens: a table
		 * column should not be narrower than a Korean word or a URL
		 * even though lines may break inside them. */
		bool legal = (it->type == LB_PENALTY && it->penalty <= HYPHEN_PENALTY &&
			      it->penalty > -LB_INF) ||
			     (it->type == LB_GLUE && i > 0 && p->items[i - 1].type == LB_BOX);
		if (legal) {
			if (word > *minw)
				*minw = word;
			word = 0;
		}
		if (it->type == LB_PENALTY && it->penalty <= -LB_INF) {
			if (word > *minw)
				*minw = word;
			word = 0;
			if (line > *maxw)
				*maxw = line;
			line = 0;
			continue;
		}
		if (it->type == LB_BOX || (it->type == LB_GLUE && it->stretch < LB_FIL)) {
			line += it->width;
			if (it->type == LB_BOX || !legal)
				word += it->width;
		}
	}
	if (word > *minw)
		*minw = word;
	if (line > *maxw)
		*maxw = line;
	p->nitems = 0;
}
