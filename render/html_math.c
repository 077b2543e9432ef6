#include "render/html_math.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/text.h"
#include "proceedings/util.h"

/* The tree is at most a small multiple of MATH_MAX_DEPTH deep (the parser
 * refuses deeper input), so plain recursion is safe here. */

/* Escape for HTML and XML; bytes that are not UTF-8 and control
 * characters XML forbids become U+FFFD, so the result always parses. */
static void esc(struct strbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (p && *p) {
		unsigned char c = *p;
		switch (c) {
		case '&': sb_adds(b, "&amp;"); p++; continue;
		case '<': sb_adds(b, "&lt;"); p++; continue;
		case '>': sb_adds(b, "&gt;"); p++; continue;
		case '\r': /* line ends as an XML reader would leave them */
			sb_addc(b, '\n');
			p += p[1] == '\n' ? 2 : 1;
			continue;
		}
		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				sb_adds(b, "\xEF\xBF\xBD");
			else
				sb_addc(b, (char)c);
			p++;
			continue;
		}
		size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		uint32_t v = len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
		size_t k = 1;
		for (; len && k < len && (p[k] & 0xC0) == 0x80; k++)
			v = (v << 6) | (p[k] & 0x3Fu);
		static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
		if (!len || k < len || v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ||
		    v == 0xFFFE || v == 0xFFFF) {
			sb_adds(b, "\xEF\xBF\xBD");
			p += k;
			continue;
		}
		sb_add(b, (const char *)p, len);
		p += len;
	}
}

static void tag(struct strbuf *b, const char *name, const char *attrs, const char *text)
{
	sb_addc(b, '<');
	sb_adds(b, name);
	sb_adds(b, attrs ? attrs : "");
	sb_addc(b, '>');
	esc(b, text);
	sb_add(b, "</", 2);
	sb_adds(b, name);
	sb_addc(b, '>');
}

/* Letters that MathML would italicise in a one-character <mi>. */
static bool letter_like(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0x391 && c <= 0x3A9) ||
	       (c >= 0x3B1 && c <= 0x3C9) || c == 0x3D1 || c == 0x3D5 || c == 0x3D6 ||
	       c == 0x3DD || c == 0x3F0 || c == 0x3F1 || c == 0x3F5 || c == 0x2202 ||
	       c == 0x2207 || c == 0x131 || c == 0x237;
}

/* Ordinary symbols that are punctuation or fences rather than identifiers. */
static bool ord_is_mo(uint32_t c)
{
	return c && (strchr("./|!?@#%&$_\\'\"`", (int)(c < 0x80 ? c : 1)) ||
		     c == 0x2016 || c == 0x2032 || c == 0x2033 || c == 0x2026 || c == 0x22EF ||
		     c == 0x22EE || c == 0x22F1 || c == 0x2200 || c == 0x2203 || c == 0x2204 ||
		     c == 0xAC);
}

static bool fence_char(uint32_t c)
{
	return c == '|' || c == 0x2016 || c == '/' || c == '\\';
}

/* \big..\Bigg heights, as TeX's 1.2, 1.8, 2.4 and 3.0 × 10pt boxes. */
static const char *const big_size[] = {"", "1.2em", "1.8em", "2.4em", "3em"};

static void emit_one(struct strbuf *b, const struct math_node *n);
static void emit_seq(struct strbuf *b, const struct math_node *n);

static void put_cp(struct strbuf *b, uint32_t cp)
{
	char t[5] = {0};
	text_utf8_put(t, cp);
	esc(b, t);
}

static void sized_mo(struct strbuf *b, const struct math_node *n, const char *plain_attrs)
{
	if (n->size > 0 && n->size <= 4) {
		char a[80];
		snprintf(a, sizeof a, " minsize=\"%s\" maxsize=\"%s\"", big_size[n->size],
			 big_size[n->size]);
		tag(b, "mo", a, n->text);
	} else {
		tag(b, "mo", plain_attrs, n->text);
	}
}

static void emit_ord(struct strbuf *b, const struct math_node *n)
{
	if (!n->cp) { /* a word (\mathrm{div}) or a negated symbol */
		tag(b, "mi", NULL, n->text);
	} else if (ord_is_mo(n->cp)) {
		sized_mo(b, n, fence_char(n->cp) ? " stretchy=\"false\"" : NULL);
	} else if (letter_like(n->cp) && n->variant == MATH_VAR_NORMAL) {
		tag(b, "mi", " mathvariant=\"normal\"", n->text);
	} else {
		tag(b, "mi", NULL, n->text);
	}
}

/* Width of a space: mu are 1/18 em. */
static void emit_space(struct strbuf *b, int mu)
{
	char w[32];
	snprintf(w, sizeof w, "%.3f", mu / 18.0);
	char *e = w + strlen(w) - 1;
	while (*e == '0')
		*e-- = 0;
	if (*e == '.')
		*e = 0;
	if (!strcmp(w, "-0"))
		strcpy(w, "0");
	sb_printf(b, "<mspace width=\"%sem\"></mspace>", w);
}

/* The operator at the base of \sum_a^b or \lim_{x}. */
static void emit_op_base(struct strbuf *b, const struct math_node *base, bool movable)
{
	if (base->kind != MATH_OP) {
		emit_one(b, base);
		return;
	}
	/* A name (lim, arg min) spaces as TeX's Op: nothing before it beyond
	 * what the atom before asks, a thin space after; browsers give names
	 * missing from their operator dictionary a relation's space instead. */
	if (!base->cp)
		tag(b, "mo", movable ? " movablelimits=\"true\" lspace=\"0\" rspace=\"0.1667em\""
				     : " movablelimits=\"false\" lspace=\"0\" rspace=\"0.1667em\"",
		    base->text);
	else
		tag(b, "mo", movable ? " movablelimits=\"true\"" : " movablelimits=\"false\"", base->text);
}

static void emit_script(struct strbuf *b, const struct math_node *s, bool padded)
{
	sb_adds(b, padded ? "<mrow><mspace width=\"0.5em\"></mspace>" : "");
	emit_one(b, s);
	sb_adds(b, padded ? "<mspace width=\"0.5em\"></mspace></mrow>" : "");
}

/* \sideset's operator: scripts before and after it, in one mmultiscripts
 * (an empty mrow stands for a missing script). */
static void emit_multiscripts(struct strbuf *b, const struct math_node *n)
{
	sb_adds(b, "<mmultiscripts>");
	emit_one(b, n->kids[0]);
	size_t end = n->kids[3] || n->kids[4] ? 5 : 3;
	for (size_t i = 1; i < end; i++) {
		if (i == 3)
			sb_adds(b, "<mprescripts></mprescripts>");
		if (n->kids[i])
			emit_one(b, n->kids[i]);
		else
			sb_adds(b, "<mrow></mrow>");
	}
	sb_adds(b, "</mmultiscripts>");
}

static void emit_scripts(struct strbuf *b, const struct math_node *n)
{
	if (n->kind == MATH_SUBSUP && n->nkids == 5) {
		emit_multiscripts(b, n);
		return;
	}
	const struct math_node *base = n->kids[0], *lo = n->kids[1], *hi = n->kids[2];
	bool uo = n->kind == MATH_UNDEROVER;
	const char *el = lo && hi ? (uo ? "munderover" : "msubsup")
			 : lo	  ? (uo ? "munder" : "msub")
				  : (uo ? "mover" : "msup");
	/* \xrightarrow: the stretchy arrow grows to its labels, each given
	 * half an em on either side, as the PDF gives them, and keeps a
	 * relation's space around it (which Chromium leaves out here) */
	bool xarrow = uo && base && base->kind == MATH_REL && base->stretchy;
	static const char *const thick = "<mspace width=\"0.2778em\"></mspace>";
	if (xarrow) {
		sb_adds(b, "<mrow>");
		sb_adds(b, thick);
	}
	sb_addc(b, '<');
	sb_adds(b, el);
	sb_addc(b, '>');
	if (xarrow)
		tag(b, "mo", " stretchy=\"true\"", base->text);
	else if (uo)
		emit_op_base(b, base, n->movable);
	else
		emit_one(b, base);
	if (lo)
		emit_script(b, lo, xarrow);
	if (hi)
		emit_script(b, hi, xarrow);
	sb_add(b, "</", 2);
	sb_adds(b, el);
	sb_addc(b, '>');
	if (xarrow) {
		sb_adds(b, thick);
		sb_adds(b, "</mrow>");
	}
}

/* Numbers to put at the ends of one table's rows (html_math_rows). */
struct row_numbers {
	const struct math_node *table;
	const char *const *numbers, *const *ids;
};

/* Set while html_math_rows writes; one formula at a time per thread. */
static _Thread_local const struct row_numbers *rows_now;

static void emit_row_number(struct strbuf *b, size_t r)
{
	const char *num = rows_now->numbers[r], *id = rows_now->ids[r];
	sb_adds(b, "<mtd class=\"q-eqrow\"");
	if (id) {
		sb_adds(b, " id=\"");
		esc(b, id);
		sb_addc(b, '"');
	}
	sb_addc(b, '>');
	if (num)
		tag(b, "mtext", NULL, num);
	sb_adds(b, "</mtd>");
}

/* A cell's start tag: its alignment, and the borders that draw array's
 * rules ({c|l} between columns, \hline above a row or below the last). */
static void emit_mtd(struct strbuf *b, const struct math_node *n, size_t r, size_t c,
		     const char *align)
{
	size_t ncols = n->colalign ? strlen(n->colalign) : 0;
	const char *cls[6];
	size_t k = 0;
	if (align)
		cls[k++] = align;
	if (align && n->aligned)
		cls[k++] = "q-mtight";
	if (n->vrules && c < ncols && n->vrules[c] == '|')
		cls[k++] = "q-vl";
	if (n->vrules && c + 1 == ncols && n->vrules[ncols] == '|')
		cls[k++] = "q-vr";
	if (n->kids[r]->hline)
		cls[k++] = "q-ht";
	if (r + 1 == n->nkids && n->hline)
		cls[k++] = "q-hb";
	if (!k) {
		sb_adds(b, "<mtd>");
		return;
	}
	sb_adds(b, "<mtd class=\"");
	for (size_t i = 0; i < k; i++) {
		if (i)
			sb_addc(b, ' ');
		sb_adds(b, cls[i]);
	}
	sb_adds(b, "\">");
}

static void emit_table(struct strbuf *b, const struct math_node *n)
{
	bool numbered = rows_now && rows_now->table == n;
	if (numbered) /* the style sheet spreads it across the column, numbers at the margin */
		sb_adds(b, "<mtable class=\"q-eqrows\" displaystyle=\"true\">");
	else
		sb_adds(b, n->style == MATH_STYLE_DISPLAY ? "<mtable displaystyle=\"true\">" : "<mtable>");
	size_t ncols = n->colalign ? strlen(n->colalign) : 0;
	for (size_t r = 0; r < n->nkids; r++) {
		const struct math_node *row = n->kids[r];
		sb_adds(b, numbered ? "<mtr><mtd class=\"q-eqpad\"></mtd>" : "<mtr>");
		for (size_t c = 0; c < row->nkids; c++) {
			/* Classes, not style attributes: the archive's CSP allows
			 * only its own style sheet, which aligns them. */
			char al = c < ncols ? n->colalign[c] : 'c';
			if (n->env && !strncmp(n->env, "multline", 8) && n->nkids > 1)
				al = r == 0 ? 'l' : r + 1 == n->nkids ? 'r' : 'c'; /* first and last flush */
			emit_mtd(b, n, r, c, al == 'r' ? "q-mr" : al == 'l' ? "q-ml" : NULL);
			emit_seq(b, row->kids[c]);
			sb_adds(b, "</mtd>");
		}
		if (numbered) {
			for (size_t c = row->nkids; c < ncols; c++)
				sb_adds(b, "<mtd></mtd>");
			emit_row_number(b, r);
		}
		sb_adds(b, "</mtr>");
	}
	sb_adds(b, "</mtable>");
}

/* \text{if } keeps its space: a browser trims an <mtext>'s leading and
 * trailing white space, so those spaces are written as no-break spaces. */
static void emit_mtext(struct strbuf *b, const char *cls, const char *s)
{
	size_t len = strlen(s), a = 0, z = len;
	while (a < len && s[a] == ' ')
		a++;
	while (z > a && s[z - 1] == ' ')
		z--;
	sb_adds(b, "<mtext");
	sb_adds(b, cls ? cls : "");
	sb_addc(b, '>');
	for (size_t i = 0; i < a; i++)
		sb_adds(b, "\xC2\xA0"); /* U+00A0 */
	char *mid = xstrndup(s + a, z - a);
	esc(b, mid);
	free(mid);
	for (size_t i = z; i < len; i++)
		sb_adds(b, "\xC2\xA0"); /* U+00A0 */
	sb_adds(b, "</mtext>");
}

static void emit_text(struct strbuf *b, const struct math_node *n)
{
	const char *cls = NULL;
	switch (n->variant) {
	case MATH_VAR_BOLD: cls = " class=\"q-mbf\""; break;
	case MATH_VAR_ITALIC: cls = " class=\"q-mit\""; break;
	case MATH_VAR_SANS: cls = " class=\"q-msf\""; break;
	case MATH_VAR_MONO: cls = " class=\"q-mtt\""; break;
	default: break;
	}
	emit_mtext(b, cls, n->text);
}

static const char *mathstyle_attrs(enum math_style s)
{
	switch (s) {
	case MATH_STYLE_DISPLAY: return " displaystyle=\"true\" scriptlevel=\"0\"";
	case MATH_STYLE_TEXT: return " displaystyle=\"false\" scriptlevel=\"0\"";
	case MATH_STYLE_SCRIPT: return " displaystyle=\"false\" scriptlevel=\"1\"";
	case MATH_STYLE_SCRIPTSCRIPT: return " displaystyle=\"false\" scriptlevel=\"2\"";
	default: return "";
	}
}


/* \phantom (unseen, its room kept: the hphantom's width only, the
 * vphantom's height only), \boxed (a frame from the style sheet) and
 * \cancel and its kin (strokes the style sheet draws: MathML Core has no
 * menclose). */
static void emit_frame(struct strbuf *b, const struct math_node *n)
{
	static const char *const open[] = {
		[MATH_SHOWN] = "", [MATH_PHANTOM] = "<mphantom>",
		[MATH_HPHANTOM] = "<mpadded height=\"0\" depth=\"0\"><mphantom>",
		[MATH_VPHANTOM] = "<mpadded width=\"0\"><mphantom>",
	};
	static const char *const close[] = {
		[MATH_SHOWN] = "", [MATH_PHANTOM] = "</mphantom>",
		[MATH_HPHANTOM] = "</mphantom></mpadded>", [MATH_VPHANTOM] = "</mphantom></mpadded>",
	};
	static const char *const strike[] = {
		[MATH_CANCEL_NONE] = "", [MATH_CANCEL_UP] = "<mrow class=\"q-cancel\">",
		[MATH_CANCEL_DOWN] = "<mrow class=\"q-bcancel\">",
		[MATH_CANCEL_X] = "<mrow class=\"q-xcancel\">",
		[MATH_CANCEL_TO] = "<mrow class=\"q-cancel\">", /* its value is the msup's script */
	};
	sb_adds(b, n->boxed ? "<mrow class=\"q-boxed\">" : "");
	sb_adds(b, strike[n->cancel]);
	sb_adds(b, open[n->phantom]);
	emit_one(b, n->kids[0]);
	sb_adds(b, close[n->phantom]);
	sb_adds(b, n->cancel != MATH_CANCEL_NONE ? "</mrow>" : "");
	sb_adds(b, n->boxed ? "</mrow>" : "");
}

/* Exactly one element for n (as MathML's script and fraction slots need). */
static void emit_one(struct strbuf *b, const struct math_node *n)
{
	if (!n) {
		sb_adds(b, "<mrow></mrow>");
		return;
	}
	switch (n->kind) {
	case MATH_ROW:
		if (n->nkids == 1) {
			emit_one(b, n->kids[0]);
		} else {
			sb_adds(b, "<mrow>");
			emit_seq(b, n);
			sb_adds(b, "</mrow>");
		}
		break;
	case MATH_ORD: emit_ord(b, n); break;
	case MATH_NUM: tag(b, "mn", NULL, n->text); break;
	case MATH_OP:
		if (n->cp)
			tag(b, "mo", NULL, n->text);
		else
			tag(b, "mi", NULL, n->text);
		break;
	case MATH_BIN:
	case MATH_PUNCT: tag(b, "mo", NULL, n->text); break;
	case MATH_REL:
		/* ∴ and ∵ are relations for TeX but not in the browsers' operator
		 * dictionary, which would set them without space */
		sized_mo(b, n, n->cp == 0x2234 || n->cp == 0x2235
				       ? " lspace=\"0.2778em\" rspace=\"0.2778em\"" : NULL);
		break;
	case MATH_OPEN:
	case MATH_CLOSE: sized_mo(b, n, " stretchy=\"false\""); break;
	case MATH_FRAC: {
		const char *st = n->style == MATH_STYLE_DISPLAY ? "<mstyle displaystyle=\"true\">"
				 : n->style == MATH_STYLE_TEXT  ? "<mstyle displaystyle=\"false\">"
								: NULL;
		if (st)
			sb_adds(b, st);
		sb_adds(b, n->no_bar ? "<mfrac linethickness=\"0\">" : "<mfrac>");
		emit_one(b, n->kids[0]);
		emit_one(b, n->kids[1]);
		sb_adds(b, "</mfrac>");
		if (st)
			sb_adds(b, "</mstyle>");
		break;
	}
	case MATH_SQRT:
		if (n->kids[1]) {
			sb_adds(b, "<mroot>");
			emit_one(b, n->kids[0]);
			emit_one(b, n->kids[1]);
			sb_adds(b, "</mroot>");
		} else {
			sb_adds(b, "<msqrt>");
			emit_seq(b, n->kids[0]);
			sb_adds(b, "</msqrt>");
		}
		break;
	case MATH_SUBSUP:
	case MATH_UNDEROVER: emit_scripts(b, n); break;
	case MATH_ACCENT: {
		bool brace = n->limits != MATH_LIMITS_NONE;
		sb_adds(b, n->under ? (brace ? "<munder>" : "<munder accentunder=\"true\">")
				    : (brace ? "<mover>" : "<mover accent=\"true\">"));
		emit_one(b, n->kids[0]);
		tag(b, "mo", n->stretchy ? " stretchy=\"true\"" : " stretchy=\"false\"", n->text);
		sb_adds(b, n->under ? "</munder>" : "</mover>");
		break;
	}
	case MATH_FENCED:
		sb_adds(b, "<mrow>");
		if (n->open) {
			sb_adds(b, "<mo fence=\"true\" stretchy=\"true\">");
			put_cp(b, n->open);
			sb_adds(b, "</mo>");
		}
		emit_seq(b, n->kids[0]);
		if (n->close) {
			sb_adds(b, "<mo fence=\"true\" stretchy=\"true\">");
			put_cp(b, n->close);
			sb_adds(b, "</mo>");
		}
		sb_adds(b, "</mrow>");
		break;
	case MATH_TABLE: emit_table(b, n); break;
	case MATH_TROW: /* only inside tables; shown as a row if ever alone */
		sb_adds(b, "<mrow>");
		emit_seq(b, n);
		sb_adds(b, "</mrow>");
		break;
	case MATH_TEXT: emit_text(b, n); break;
	case MATH_STYLE:
		if (n->phantom != MATH_SHOWN || n->boxed || n->cancel != MATH_CANCEL_NONE) {
			emit_frame(b, n);
			break;
		}
		if (n->style != MATH_STYLE_AUTO) {
			sb_printf(b, "<mstyle%s>", mathstyle_attrs(n->style));
			emit_seq(b, n->kids[0]);
			sb_adds(b, "</mstyle>");
		} else { /* fonts are already in the code points */
			emit_one(b, n->kids[0]);
		}
		break;
	case MATH_SPACE: emit_space(b, n->mu); break;
	case MATH_ERROR:
		sb_adds(b, "<merror><mtext>");
		esc(b, n->text);
		sb_adds(b, "</mtext></merror>");
		break;
	}
}

/* Is n a function name, possibly with scripts (\sin, \log_2, \lim_{x})? */
static bool is_function(const struct math_node *n)
{
	if ((n->kind == MATH_SUBSUP || n->kind == MATH_UNDEROVER) && n->nkids)
		n = n->kids[0];
	return n && n->kind == MATH_OP && !n->cp;
}

/* Whether a binary operator after `prev` is a sign, as TeX's rule has it
 * (a relation, an operator, an opening or punctuation before it): "= −1".
 * The browser would space it as a binary operator unless told. */
static bool sign_after(const struct math_node *prev)
{
	if (!prev)
		return false;
	switch (prev->kind) {
	case MATH_REL:
	case MATH_BIN:
	case MATH_OPEN:
	case MATH_PUNCT: return true;
	case MATH_OP: return true; /* ∑ −x, sin −x */
	default: return false;
	}
}

/* The content of a row as a sequence of elements. */
static void emit_seq(struct strbuf *b, const struct math_node *n)
{
	if (!n)
		return;
	if (n->kind != MATH_ROW && n->kind != MATH_TROW) {
		emit_one(b, n);
		return;
	}
	for (size_t i = 0; i < n->nkids; i++) {
		const struct math_node *k = n->kids[i];
		if (k && k->kind == MATH_BIN && i > 0 && sign_after(n->kids[i - 1]))
			tag(b, "mo", " form=\"prefix\"", k->text);
		else
			emit_one(b, k);
		/* U+2061 FUNCTION APPLICATION: sin x, not sin·x */
		if (is_function(n->kids[i]) && i + 1 < n->nkids)
			sb_adds(b, "<mo>\xE2\x81\xA1</mo>");
	}
}

char *html_math_rows(const struct math_node *n, const char *tex, const struct math_node *table,
		     const char *const *numbers, const char *const *ids)
{
	struct row_numbers rn = {table, numbers, ids};
	rows_now = &rn;
	char *s = html_math(n, true, tex);
	rows_now = NULL;
	return s;
}

char *html_math(const struct math_node *n, bool display, const char *tex)
{
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, display ? "<math display=\"block\">" : "<math>");
	if (tex)
		sb_adds(&b, "<semantics>");
	sb_adds(&b, "<mrow>");
	emit_seq(&b, n);
	sb_adds(&b, "</mrow>");
	if (tex) {
		sb_adds(&b, "<annotation encoding=\"application/x-tex\">");
		esc(&b, tex);
		sb_adds(&b, "</annotation></semantics>");
	}
	sb_adds(&b, "</math>");
	return sb_steal(&b);
}
