/* A formula as one line of plain Unicode text, for the places that cannot
 * show math: alt text, PDF bookmarks, a page's outline.  \mathbf{\Phi}(x)
 * reads "Φ(x)" there, x^2 "x²", \frac{a+b}{2} "(a + b)/2", which a reader
 * and a screen reader take in better than the TeX source. */
#include <stdlib.h>
#include <string.h>

#include "math.h"
#include "text.h"
#include "util.h"

static void walk(struct strbuf *b, const struct math_node *n);

/* Bold, italic, sans-serif and monospace letters and digits read as plain
 * ones; script, fraktur and double-struck keep their shape, which carries
 * meaning (ℝ, 𝒪). */
static uint32_t plain_cp(uint32_t cp)
{
	static const unsigned char keep_latin[13] = {0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
	if (cp >= 0x1D400 && cp < 0x1D400 + 13 * 52) {
		uint32_t i = cp - 0x1D400;
		if (keep_latin[i / 52])
			return cp;
		i %= 52;
		return i < 26 ? 'A' + i : 'a' + (i - 26);
	}
	if (cp == 0x1D6A4 || cp == 0x1D6A5)
		return cp == 0x1D6A4 ? 0x131 : 0x237; /* dotless i, j */
	if (cp >= 0x1D6A8 && cp < 0x1D6A8 + 5 * 58) {
		static const uint32_t tail[] = {0x2202, 0x3F5, 0x3D1, 0x3F0, 0x3D5, 0x3F1, 0x3D6};
		uint32_t i = (cp - 0x1D6A8) % 58;
		if (i < 25)
			return i == 17 ? 0x3F4 : 0x391 + i; /* 17: capital theta symbol */
		if (i == 25)
			return 0x2207;
		if (i < 51)
			return 0x3B1 + (i - 26);
		return tail[i - 51];
	}
	if (cp >= 0x1D7CE && cp <= 0x1D7FF)
		return '0' + (cp - 0x1D7CE) % 10;
	if (cp == 0x210E)
		return 'h'; /* the italic h has its own code point */
	return cp;
}

static void put_text(struct strbuf *b, const char *s)
{
	while (*s)
		text_sb_add_cp(b, plain_cp(text_next(&s)));
}

/* One symbol, possibly a group of one symbol: written without brackets. */
static bool atomic(const struct math_node *n)
{
	while (n && (n->kind == MATH_ROW || n->kind == MATH_STYLE) && n->nkids == 1)
		n = n->kids[0];
	if (!n)
		return true;
	switch (n->kind) {
	case MATH_ORD:
	case MATH_NUM:
	case MATH_OP:
	case MATH_TEXT:
	case MATH_FENCED:
		return true;
	case MATH_SUBSUP:
		return atomic(n->kids[0]);
	default:
		return false;
	}
}

static void grouped(struct strbuf *b, const struct math_node *n)
{
	if (atomic(n)) {
		walk(b, n);
	} else {
		sb_addc(b, '(');
		walk(b, n);
		sb_addc(b, ')');
	}
}

/* The script as Unicode superscript or subscript characters when each
 * character has one (x², xᵢ), else after ^ or _. */
static void script(struct strbuf *b, const struct math_node *n, bool sup)
{
	static const char *const digits_sup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
	static const char *const digits_sub[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
	/* the Latin subscript letters Unicode has, a to x */
	static const char *const sub_letters[] = {"ₐ", " ", " ", " ", "ₑ", " ", " ", "ₕ", "ᵢ", "ⱼ", "ₖ", "ₗ",
						  "ₘ", "ₙ", "ₒ", "ₚ", " ", "ᵣ", "ₛ", "ₜ", "ᵤ", "ᵥ", " ", "ₓ"};
	struct strbuf t;
	sb_init(&t);
	walk(&t, n);
	size_t w = 0; /* scripts are set tight: x_(i=1) */
	for (size_t r = 0; r < t.len; r++)
		if (t.s[r] != ' ')
			t.s[w++] = t.s[r];
	t.len = w;
	if (!w) { /* an empty script: x^{} */
		sb_free(&t);
		return;
	}
	t.s[w] = 0;
	struct strbuf u;
	sb_init(&u);
	bool ok = true;
	for (size_t i = 0; ok && i < t.len; i++) {
		char c = t.s[i];
		if (c >= '0' && c <= '9')
			sb_adds(&u, sup ? digits_sup[c - '0'] : digits_sub[c - '0']);
		else if (c == '+')
			sb_adds(&u, sup ? "⁺" : "₊");
		else if (c == '-' || (c == '\xE2' && i + 2 < t.len && !memcmp(t.s + i, "\xE2\x88\x92", 3)))
			sb_adds(&u, sup ? "⁻" : "₋"), i += c == '-' ? 0 : 2;
		else if (t.len > 1 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			ok = false; /* letters only alone: xᵢ, but x_max */
		else if (sup && c == 'n')
			sb_adds(&u, "ⁿ");
		else if (sup && c == 'i')
			sb_adds(&u, "ⁱ");
		else if (!sup && c >= 'a' && c <= 'x' && sub_letters[c - 'a'][0] != ' ')
			sb_adds(&u, sub_letters[c - 'a']);
		else if (sup && c == 'T')
			sb_adds(&u, "ᵀ");
		else if (c == '\xE2' && i + 2 < t.len && !memcmp(t.s + i, "\xE2\x80\xB2", 3))
			sb_adds(&u, "′"), i += 2; /* a prime stays itself */
		else
			ok = false;
	}
	if (ok) {
		sb_add(b, u.s, u.len);
	} else {
		sb_addc(b, sup ? '^' : '_');
		if (atomic(n))
			sb_add(b, t.s, t.len);
		else
			sb_printf(b, "(%s)", t.s);
	}
	sb_free(&t);
	sb_free(&u);
}

/* Combining forms of the accents, so x̂ stays one letter. */
static uint32_t combining(uint32_t mark)
{
	switch (mark) {
	case 0x5E: return 0x302;
	case 0x7E: return 0x303;
	case 0xAF: case 0x203E: return 0x305;
	case 0x2D9: return 0x307;
	case 0xA8: return 0x308;
	case 0xB4: return 0x301;
	case 0x60: return 0x300;
	case 0x2C7: return 0x30C;
	case 0x2D8: return 0x306;
	case 0x2DA: return 0x30A;
	case 0x2192: return 0x20D7;
	default: return 0;
	}
}

static bool ends_space(const struct strbuf *b)
{
	return b->len == 0 || b->s[b->len - 1] == ' ' || b->s[b->len - 1] == '(';
}

static void spaced(struct strbuf *b, const struct math_node *n)
{
	if (!ends_space(b))
		sb_addc(b, ' ');
	walk(b, n);
	sb_addc(b, ' ');
}

/* A large operator or a function name, with or without its limits. */
static bool is_op(const struct math_node *k)
{
	if (k->kind == MATH_SUBSUP || k->kind == MATH_UNDEROVER)
		k = k->kids[0];
	return k && k->kind == MATH_OP;
}

static void row(struct strbuf *b, const struct math_node *n)
{
	enum math_kind prev = MATH_OPEN;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct math_node *k = n->kids[i];
		if (!k)
			continue;
		if (k->kind == MATH_REL || (k->kind == MATH_BIN && prev != MATH_OPEN && prev != MATH_REL &&
					    prev != MATH_BIN && prev != MATH_PUNCT))
			spaced(b, k);
		else if (k->kind == MATH_PUNCT)
			walk(b, k), sb_addc(b, ' ');
		else if (k->kind == MATH_OP && !k->cp && !ends_space(b))
			sb_addc(b, ' '), walk(b, k); /* "n log n" */
		else
			walk(b, k);
		/* "sin x", "∑ᵢ xᵢ", "lim_(n→∞) aₙ", not "sinx" */
		const struct math_node *next = i + 1 < n->nkids ? n->kids[i + 1] : NULL;
		if (is_op(k) && next && next->kind != MATH_OPEN && next->kind != MATH_FENCED &&
		    next->kind != MATH_PUNCT)
			sb_addc(b, ' ');
		prev = k->kind;
	}
}

static void table(struct strbuf *b, const struct math_node *n)
{
	for (size_t r = 0; r < n->nkids; r++) {
		const struct math_node *tr = n->kids[r];
		if (r)
			sb_adds(b, "; ");
		for (size_t c = 0; tr && c < tr->nkids; c++) {
			if (c && !n->aligned)
				sb_adds(b, ", ");
			walk(b, tr->kids[c]);
		}
	}
}

static void walk(struct strbuf *b, const struct math_node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case MATH_ROW:
		row(b, n);
		break;
	case MATH_FRAC:
		if (n->no_bar) { /* \binom: its parentheses are a FENCED around it */
			walk(b, n->kids[0]);
			sb_adds(b, ", ");
			walk(b, n->kids[1]);
		} else {
			grouped(b, n->kids[0]);
			sb_addc(b, '/');
			grouped(b, n->kids[1]);
		}
		break;
	case MATH_SQRT:
		if (n->kids[1]) {
			script(b, n->kids[1], true);
		}
		sb_adds(b, "√");
		grouped(b, n->kids[0]);
		break;
	case MATH_SUBSUP:
	case MATH_UNDEROVER:
		for (size_t i = 3; i < n->nkids; i++) /* \sideset's scripts before the base */
			if (n->kids[i])
				script(b, n->kids[i], i == 4);
		walk(b, n->kids[0]);
		if (n->kids[1])
			script(b, n->kids[1], false);
		if (n->kids[2])
			script(b, n->kids[2], true);
		break;
	case MATH_ACCENT: {
		size_t at = b->len;
		walk(b, n->kids[0]);
		uint32_t c = combining(n->cp);
		const char *p = b->s + at;
		if (c && !n->limits && b->len > at && (text_next(&p), p == b->s + b->len))
			text_sb_add_cp(b, c); /* on a single letter only */
		break;
	}
	case MATH_FENCED:
		if (n->open)
			text_sb_add_cp(b, n->open);
		walk(b, n->kids[0]);
		if (n->close)
			text_sb_add_cp(b, n->close);
		break;
	case MATH_TABLE:
		table(b, n);
		break;
	case MATH_TROW:
		for (size_t c = 0; c < n->nkids; c++)
			walk(b, n->kids[c]);
		break;
	case MATH_STYLE:
		if (n->phantom == MATH_SHOWN)
			walk(b, n->kids[0]);
		break;
	case MATH_SPACE:
		if (n->mu >= 9 && !ends_space(b))
			sb_addc(b, ' ');
		break;
	case MATH_TEXT:
	case MATH_ERROR:
		sb_adds(b, n->text ? n->text : "");
		break;
	default: /* the leaves */
		if (n->text)
			put_text(b, n->text);
		break;
	}
}

char *math_text(const struct math_node *root)
{
	struct strbuf b;
	sb_init(&b);
	walk(&b, root);
	if (!b.len)
		return sb_steal(&b); /* "" */
	/* one space at most, none at the ends */
	size_t w = 0;
	for (size_t r = 0; r < b.len; r++) {
		if (b.s[r] == ' ' && (w == 0 || b.s[w - 1] == ' '))
			continue;
		b.s[w++] = b.s[r];
	}
	while (w && b.s[w - 1] == ' ')
		w--;
	b.s[w] = 0;
	b.len = w;
	return sb_steal(&b);
}

char *math_text_of(const char *tex, size_t len)
{
	struct math_node *root = math_parse(tex, len, false, NULL, NULL);
	char *s = math_text(root);
	math_free(root);
	return s;
}

char *math_text_inline(const char *s, bool escape)
{
	struct strbuf b;
	sb_init(&b);
	size_t at = 0, a, e;
	while (math_find_inline(s, at, &a, &e)) {
		sb_add(&b, s + at, a - at);
		char *m = math_text_of(s + a + 1, e - a - 2);
		for (const char *p = m; *p; p++) {
			/* Markdown would read x_i or a*b as emphasis */
			if (escape && (unsigned char)*p < 0x80 && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", *p))
				sb_addc(&b, '\\');
			sb_addc(&b, *p);
		}
		free(m);
		at = e;
	}
	sb_adds(&b, s + at);
	return sb_steal(&b);
}
