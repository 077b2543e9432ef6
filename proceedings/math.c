#include "math.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math_tables.h"
#include "text.h"
#include "util.h"

/* A formula with more problems than this is broken anyway; further reports
 * would only bury the first one. */
#define MAX_ERRORS 8

/* ---------------------------------------------------------------- nodes */

static struct math_node *node_new(enum math_kind k, size_t off, size_t len)
{
	struct math_node *n = xcalloc(1, sizeof *n);
	n->kind = k;
	n->off = off;
	n->len = len;
	return n;
}

/* Rows grow by doubling: with 0 or a power of two kids the array is full. */
static void node_push(struct math_node *parent, struct math_node *kid)
{
	size_t n = parent->nkids;
	if ((n & (n - 1)) == 0)
		parent->kids = xrealloc(parent->kids, (n ? 2 * n : 1) * sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
}

/* Fixed-slot nodes (FRAC, SUBSUP...) get all their slots at once. */
static void node_slots(struct math_node *n, size_t count)
{
	n->kids = xcalloc(count, sizeof *n->kids);
	n->nkids = count;
}

void math_free(struct math_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		math_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n->colalign);
	free(n->vrules);
	free(n->env);
	free(n->label);
	free(n->tag);
	free(n);
}

/* Decode one UTF-8 sequence; returns its length, or 0 if it is invalid. */
static size_t utf8_get(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

static void node_set_cp(struct math_node *n, uint32_t cp)
{
	char buf[5];
	size_t l = text_utf8_put(buf, cp);
	buf[l] = 0;
	free(n->text);
	n->text = xstrdup(buf);
	n->cp = cp;
}

static struct math_node *leaf(enum math_kind k, uint32_t cp, size_t off, size_t len)
{
	struct math_node *n = node_new(k, off, len);
	node_set_cp(n, cp);
	return n;
}

enum tk {
	TK_EOF,
	TK_CHAR,   /* printable ASCII other than the specials below; cp */
	TK_UCHAR,  /* a non-ASCII character; cp */
	TK_CS,     /* control sequence: name/nlen without the backslash */
	TK_LBRACE,
	TK_RBRACE,
	TK_SUP,
	TK_SUB,
	TK_AMP,
	TK_TILDE,
	TK_PRIME,
	TK_HASH,
	TK_BAD,    /* control character, invalid UTF-8, lone backslash */
};

struct tok {
	enum tk t;
	size_t off, len;
	uint32_t cp;
	const char *name;
	size_t nlen;
};

/* Things that end a row; a row stops at those it or an enclosing
 * construct accepts and reports the others. */
#define ST_RBRACE 1u
#define ST_RIGHT 2u
#define ST_END 4u
#define ST_AMP 8u
#define ST_CR 16u
#define ST_RBRACKET 32u

struct parser {
	const char *s;
	size_t n, i;
	struct diag_list *d;
	const struct srcpos *where;
	int depth;
	bool deep_reported;
	int nerr;
	enum math_variant var;        /* font for letters in the current group */
	struct math_node *trow;       /* table row receiving \label and \tag */
	char *label, *tag;            /* first ones in the formula, for the root */
};

static void perr(struct parser *p, enum rule_id r, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void perr(struct parser *p, enum rule_id r, size_t off, const char *fmt, ...)
{
	if (!p->d || p->nerr >= MAX_ERRORS)
		return;
	p->nerr++;
	struct strbuf b;
	sb_init(&b);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!p->where) {
		diag_at(p->d, r, NULL, "%s", b.s);
		sb_free(&b);
		return;
	}
	struct srcpos pos = *p->where;
	if (off > p->n)
		off = p->n;
	int lines = 0;
	size_t ls = 0;
	for (size_t i = 0; i < off; i++)
		if (p->s[i] == '\n') {
			lines++;
			ls = i + 1;
		}
	int chars = 0;
	for (size_t i = ls; i < off; i++)
		if (((unsigned char)p->s[i] & 0xC0) != 0x80)
			chars++;
	if (pos.line > 0) {
		if (lines == 0) {
			if (pos.col > 0)
				pos.col += chars;
		} else {
			/* Markdown strips the indentation of continuation lines,
			 * so the column counts from the start of the line. */
			pos.line += lines;
			pos.col = chars + 1;
		}
	}
	diag_at(p->d, r, &pos, "%s", b.s);
	sb_free(&b);
}

static void skip_space(struct parser *p)
{
	while (p->i < p->n) {
		char c = p->s[p->i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			p->i++;
		} else if (c == '%') { /* a TeX comment runs to the end of the line */
			while (p->i < p->n && p->s[p->i] != '\n')
				p->i++;
		} else {
			break;
		}
	}
}

static struct tok peek(struct parser *p)
{
	skip_space(p);
	struct tok t = {.t = TK_EOF, .off = p->i};
	if (p->i >= p->n)
		return t;
	const unsigned char *s = (const unsigned char *)p->s;
	size_t i = p->i;
	unsigned char c = s[i];
	t.len = 1;
	switch (c) {
	case '\\':
		if (i + 1 >= p->n) {
			t.t = TK_BAD;
			return t;
		}
		t.t = TK_CS;
		t.name = p->s + i + 1;
		if (s[i + 1] == '\n' || s[i + 1] == '\r' || s[i + 1] == '\t') {
			t.name = " "; /* backslash-newline is a control space */
			t.nlen = 1;
			t.len = 2;
			return t;
		}
		if (isalpha(s[i + 1])) {
			size_t j = i + 1;
			while (j < p->n && isalpha(s[j]))
				j++;
			t.nlen = j - i - 1;
		} else {
			uint32_t cp;
			size_t l = utf8_get(s + i + 1, p->n - i - 1, &cp);
			t.nlen = l ? l : 1;
			if (s[i + 1] < 0x20)
				t.t = TK_BAD;
		}
		t.len = t.nlen + 1;
		return t;
	case '{': t.t = TK_LBRACE; return t;
	case '}': t.t = TK_RBRACE; return t;
	case '^': t.t = TK_SUP; return t;
	case '_': t.t = TK_SUB; return t;
	case '&': t.t = TK_AMP; return t;
	case '~': t.t = TK_TILDE; return t;
	case '\'': t.t = TK_PRIME; return t;
	case '#': t.t = TK_HASH; return t;
	}
	if (c < 0x80) {
		t.t = (c < 0x20 || c == 0x7F) ? TK_BAD : TK_CHAR;
		t.cp = c;
		return t;
	}
	size_t l = utf8_get(s + i, p->n - i, &t.cp);
	if (!l) {
		t.t = TK_BAD;
		return t;
	}
	t.t = TK_UCHAR;
	t.len = l;
	return t;
}

static void take(struct parser *p, const struct tok *t)
{
	p->i = t->off + t->len;
}

static bool cs_is(const struct tok *t, const char *name)
{
	return t->t == TK_CS && strlen(name) == t->nlen && memcmp(t->name, name, t->nlen) == 0;
}

static unsigned stopper(const struct tok *t)
{
	switch (t->t) {
	case TK_RBRACE: return ST_RBRACE;
	case TK_AMP: return ST_AMP;
	case TK_CHAR: return t->cp == ']' ? ST_RBRACKET : 0;
	case TK_CS:
		if (cs_is(t, "right"))
			return ST_RIGHT;
		if (cs_is(t, "end"))
			return ST_END;
		if (cs_is(t, "\\") || cs_is(t, "cr") || cs_is(t, "newline"))
			return ST_CR;
		return 0;
	default:
		return 0;
	}
}

/* Raw text of a {balanced} argument; false (nothing consumed) if the next
 * token is not '{' or the group is not closed. */
static bool brace_raw(struct parser *p, size_t *start, size_t *len)
{
	struct tok t = peek(p);
	if (t.t != TK_LBRACE)
		return false;
	int depth = 0;
	for (size_t i = t.off; i < p->n; i++) {
		char c = p->s[i];
		if (c == '\\') {
			i++;
		} else if (c == '{') {
			depth++;
		} else if (c == '}' && --depth == 0) {
			*start = t.off + 1;
			*len = i - t.off - 1;
			p->i = i + 1;
			return true;
		}
	}
	return false;
}

static struct math_node *error_node(struct parser *p, size_t off, size_t len)
{
	struct math_node *n = node_new(MATH_ERROR, off, len);
	n->text = xstrndup(p->s + off, len);
	return n;
}

static bool too_deep(struct parser *p, size_t off)
{
	if (p->depth < MATH_MAX_DEPTH)
		return false;
	if (!p->deep_reported) {
		p->deep_reported = true;
		perr(p, R_MATH_SYNTAX, off, "formula nests more than %d levels deep", MATH_MAX_DEPTH);
	}
	return true;
}

/* Past the depth limit: skip to the end of this row without recursing,
 * counting braces only. */
static struct math_node *skip_flat(struct parser *p, unsigned mask)
{
	size_t start = p->i;
	int depth = 0;
	for (;;) {
		struct tok t = peek(p);
		if (t.t == TK_EOF)
			break;
		unsigned st = stopper(&t);
		if (st == ST_RBRACKET && !(mask & ST_RBRACKET))
			st = 0;
		if (t.t == TK_LBRACE) {
			depth++;
		} else if (t.t == TK_RBRACE && depth > 0) {
			depth--;
		} else if (st && depth == 0 && (mask & st)) {
			break;
		}
		take(p, &t);
	}
	return error_node(p, start, p->i - start);
}

static bool is_word(const struct math_node *n)
{
	if (n->kind != MATH_ORD || n->variant != MATH_VAR_NORMAL || !n->text || !n->text[0])
		return false;
	for (const char *c = n->text; *c; c++)
		if (!isalpha((unsigned char)*c))
			return false;
	return true;
}

/* Append to a row; upright letters in a row (\mathrm{div}, {\rm max})
 * become one word, as TeX sets them. */
static void row_add(struct math_node *row, struct math_node *k)
{
	if (row->nkids && is_word(k) && is_word(row->kids[row->nkids - 1])) {
		struct math_node *prev = row->kids[row->nkids - 1];
		char *w = xasprintf("%s%s", prev->text, k->text);
		free(prev->text);
		prev->text = w;
		prev->cp = 0;
		prev->len = k->off + k->len - prev->off;
		math_free(k);
		return;
	}
	node_push(row, k);
}

static struct math_node *parse_row(struct parser *p, unsigned stops, unsigned outer);
static struct math_node *parse_atom(struct parser *p, const struct tok *t, unsigned mask);

/* A letter, Greek or not, in the current font. */
static struct math_node *make_letter(struct parser *p, uint32_t cp, unsigned flags, size_t off,
				     size_t len)
{
	enum math_variant v = p->var;
	bool digit = cp >= '0' && cp <= '9';
	if (v == MATH_VAR_DEFAULT) {
		if (flags & F_ITALIC)
			v = MATH_VAR_ITALIC;
		else if (flags & F_UPRIGHT)
			v = MATH_VAR_NORMAL;
	} else if (v == MATH_VAR_BOLD_ITALIC && ((flags & F_UPRIGHT) || digit)) {
		v = MATH_VAR_BOLD; /* \boldsymbol keeps upright symbols upright */
	}
	struct math_node *n = leaf(digit ? MATH_NUM : MATH_ORD, math_variant_cp(v, cp), off, len);
	n->variant = v;
	return n;
}

static struct math_node *make_sym(struct parser *p, const struct sym *s, size_t off, size_t len)
{
	if (s->flags & F_LETTER)
		return make_letter(p, s->cp, s->flags, off, len);
	struct math_node *n;
	if (s->flags & F_FUNC) {
		n = node_new(MATH_OP, off, len);
		n->text = !strcmp(s->name, "liminf")   ? xstrdup("lim inf")
			  : !strcmp(s->name, "limsup") ? xstrdup("lim sup")
						       : xstrdup(s->name);
		n->variant = MATH_VAR_NORMAL;
	} else {
		n = leaf((enum math_kind)s->kind, s->cp, off, len);
	}
	if (n->kind == MATH_OP)
		n->limits = (s->flags & F_LIMITS) ? MATH_LIMITS_MOVABLE : MATH_LIMITS_NONE;
	return n;
}

/* A character typed as itself. */
static struct math_node *make_char(struct parser *p, uint32_t c, size_t off, size_t len)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return make_letter(p, c, F_LETTER, off, len);
	enum math_kind k = MATH_ORD;
	switch (c) {
	case '+': k = MATH_BIN; break;
	case '-': k = MATH_BIN; c = 0x2212; break;
	case '*': k = MATH_BIN; c = 0x2217; break;
	case '=': case '<': case '>': case ':': k = MATH_REL; break;
	case ',': case ';': k = MATH_PUNCT; break;
	case '(': case '[': k = MATH_OPEN; break;
	case ')': case ']': case '!': case '?': k = MATH_CLOSE; break;
	default:
		if (c >= 0x80) {
			if (c == 0x2212)
				return leaf(MATH_BIN, c, off, len);
			int gi = math_greek_index(c);
			if (gi >= 0)
				return make_letter(p, c, (gi < 26 || c == 0x2202) ? (F_LETTER | F_UPRIGHT) : F_LETTER, off, len);
			const struct sym *s = math_sym_by_cp(c);
			if (s && !(s->flags & F_FUNC))
				return make_sym(p, s, off, len);
		}
		break;
	}
	return leaf(k, c, off, len);
}

/* A number: digits with at most one decimal point between digits. */
static struct math_node *parse_number(struct parser *p, size_t off)
{
	size_t i = off;
	while (i < p->n && isdigit((unsigned char)p->s[i]))
		i++;
	if (i + 1 < p->n && p->s[i] == '.' && isdigit((unsigned char)p->s[i + 1])) {
		i++;
		while (i < p->n && isdigit((unsigned char)p->s[i]))
			i++;
	}
	struct math_node *n = node_new(MATH_NUM, off, i - off);
	if (p->var != MATH_VAR_DEFAULT && p->var != MATH_VAR_NORMAL) {
		struct strbuf b;
		sb_init(&b);
		for (size_t k = off; k < i; k++) {
			char buf[4];
			uint32_t c = (unsigned char)p->s[k];
			if (c != '.')
				c = math_variant_cp(p->var == MATH_VAR_BOLD_ITALIC ? MATH_VAR_BOLD : p->var, c);
			sb_add(&b, buf, text_utf8_put(buf, c));
		}
		n->text = sb_steal(&b);
		n->variant = p->var;
	} else {
		n->text = xstrndup(p->s + off, i - off);
	}
	if (i - off == 1)
		n->cp = (unsigned char)p->s[off];
	p->i = i;
	return n;
}

static struct math_node *empty_row(size_t off)
{
	return node_new(MATH_ROW, off, 0);
}

/* The argument of ^, _, \frac, \mathbf...: a {group} or a single token. */
static struct math_node *parse_arg(struct parser *p, unsigned mask, const char *what, size_t at)
{
	struct tok t = peek(p);
	unsigned st = stopper(&t);
	if (st == ST_RBRACKET)
		st = 0;
	if (t.t == TK_EOF || st || t.t == TK_SUP || t.t == TK_SUB || t.t == TK_PRIME) {
		perr(p, R_MATH_SYNTAX, at, "missing argument for '%s'", what);
		return empty_row(t.off);
	}
	if (too_deep(p, t.off)) {
		take(p, &t);
		return error_node(p, t.off, t.len);
	}
	p->depth++;
	struct math_node *n;
	if (t.t == TK_CHAR && isdigit((int)t.cp)) {
		take(p, &t); /* x^10 raises only the 1 */
		n = make_letter(p, t.cp, F_LETTER, t.off, 1);
	} else {
		n = parse_atom(p, &t, mask);
		if (!n)
			n = empty_row(t.off);
	}
	p->depth--;
	return n;
}

/* A \sideset argument: a group of scripts only, such as {_a^b} or {'},
 * which parses as scripts on an empty nucleus.  Moves them to *sub and
 * *sup; false when the group holds anything else. */
static bool take_scripts(struct math_node *group, struct math_node **sub, struct math_node **sup)
{
	if (!group || group->kind != MATH_ROW)
		return false;
	if (group->nkids == 0)
		return true;
	struct math_node *k = group->kids[0];
	if (group->nkids != 1 || k->kind != MATH_SUBSUP || k->nkids != 3 || !k->kids[0] ||
	    k->kids[0]->kind != MATH_ROW || k->kids[0]->nkids != 0)
		return false;
	*sub = k->kids[1];
	*sup = k->kids[2];
	k->kids[1] = k->kids[2] = NULL;
	return true;
}

/* A delimiter after \left, \right or \big; *cp = 0 for '.'. */
static bool parse_delim(struct parser *p, uint32_t *cp, enum math_kind *kind)
{
	struct tok t = peek(p);
	*kind = MATH_ORD;
	if (t.t == TK_CHAR && strchr("()[]|/.<>", (int)t.cp)) {
		take(p, &t);
		switch (t.cp) {
		case '.': *cp = 0; break;
		case '<': *cp = 0x27E8; *kind = MATH_OPEN; break;
		case '>': *cp = 0x27E9; *kind = MATH_CLOSE; break;
		case '(': case '[': *cp = t.cp; *kind = MATH_OPEN; break;
		case ')': case ']': *cp = t.cp; *kind = MATH_CLOSE; break;
		default: *cp = t.cp; break;
		}
		return true;
	}
	if (t.t == TK_CS) {
		const struct sym *s = math_sym_by_name(t.name, t.nlen);
		if (s && (s->flags & F_DELIM)) {
			take(p, &t);
			*cp = s->cp;
			*kind = s->kind == MATH_OPEN || s->kind == MATH_CLOSE ? (enum math_kind)s->kind
									     : MATH_ORD;
			return true;
		}
	}
	return false;
}

static struct math_node *parse_fenced(struct parser *p, const struct tok *left, unsigned mask)
{
	take(p, left);
	struct math_node *f = node_new(MATH_FENCED, left->off, 0);
	enum math_kind k;
	if (!parse_delim(p, &f->open, &k))
		perr(p, R_MATH_SYNTAX, left->off, "'\\left' must be followed by a delimiter");
	node_slots(f, 1);
	f->kids[0] = parse_row(p, ST_RIGHT, mask);
	struct tok t = peek(p);
	if (cs_is(&t, "right")) {
		take(p, &t);
		if (!parse_delim(p, &f->close, &k))
			perr(p, R_MATH_SYNTAX, t.off, "'\\right' must be followed by a delimiter");
	} else {
		perr(p, R_MATH_SYNTAX, left->off, "'\\left' without matching '\\right'");
	}
	f->len = p->i - f->off;
	return f;
}

static struct math_node *parse_table(struct parser *p, const char *cols, unsigned endstop,
				     unsigned mask)
{
	struct math_node *tab = node_new(MATH_TABLE, p->i, 0);
	struct math_node *saved = p->trow;
	struct math_node *row = node_new(MATH_TROW, p->i, 0);
	for (;;) {
		p->trow = row;
		struct math_node *cell = parse_row(p, ST_AMP | ST_CR | endstop, mask);
		node_push(row, cell);
		struct tok t = peek(p);
		if (t.t == TK_AMP) {
			take(p, &t);
			continue;
		}
		row->len = p->i - row->off;
		if (stopper(&t) == ST_CR) {
			take(p, &t);
			/* \\[4pt]: the extra space is a typesetting detail */
			if (p->i < p->n && p->s[p->i] == '[') {
				const char *e = memchr(p->s + p->i, ']', p->n - p->i);
				if (e)
					p->i = (size_t)(e - p->s) + 1;
			}
			node_push(tab, row);
			row = node_new(MATH_TROW, p->i, 0);
			continue;
		}
		break;
	}
	/* A trailing \\ leaves an empty last row (its \hline is a rule below
	 * the table). */
	if (tab->nkids && row->nkids == 1 && row->kids[0]->nkids == 0 && !row->label && !row->tag) {
		tab->hline = row->hline;
		math_free(row);
	} else {
		node_push(tab, row);
	}
	p->trow = saved;
	size_t ncols = 0;
	for (size_t i = 0; i < tab->nkids; i++)
		if (tab->kids[i]->nkids > ncols)
			ncols = tab->kids[i]->nkids;
	tab->colalign = xcalloc(ncols + 1, 1);
	size_t pl = strlen(cols);
	for (size_t i = 0; i < ncols; i++)
		tab->colalign[i] = pl ? cols[i % pl] : 'c';
	tab->len = p->i - tab->off;
	return tab;
}

/* Columns of array's {lcr|c} argument; NULL after reporting if unusable.
 * *vrules gets one byte per column boundary (before each column, then
 * after the last): '|' where a rule stands, ' ' elsewhere. */
static char *array_cols(struct parser *p, size_t at, char **vrules)
{
	*vrules = NULL;
	size_t s, l;
	if (!brace_raw(p, &s, &l)) {
		perr(p, R_MATH_SYNTAX, at, "'array' needs a column specification such as {cc}");
		return NULL;
	}
	struct strbuf b, v;
	sb_init(&b);
	sb_init(&v);
	sb_addc(&v, ' ');
	for (size_t i = s; i < s + l; i++) {
		char c = p->s[i];
		if (c == '|') {
			v.s[v.len - 1] = '|';
		} else if (c == 'l' || c == 'c' || c == 'r') {
			sb_addc(&b, c);
			sb_addc(&v, ' ');
		} else if (c == '@' || c == '!' || c == 'p' || c == 'm' || c == 'b') {
			/* @{...} is inter-column material, dropped; p{width} and its
			 * kin are paragraph columns, set as l after a report */
			if (c != '@' && c != '!') {
				perr(p, R_MATH_UNSUPPORTED, i,
				     "array column type '%c' is not supported (use l, c or r)", c);
				sb_addc(&b, 'l');
				sb_addc(&v, ' ');
			}
			size_t d = 0;
			while (i + 1 < s + l) {
				i++;
				if (p->s[i] == '{')
					d++;
				else if (p->s[i] == '}' && --d == 0)
					break;
			}
		} else if (c != ' ' && c != ':') {
			perr(p, R_MATH_UNSUPPORTED, i,
			     "array column type '%c' is not supported (use l, c or r)", c);
		}
	}
	if (strchr(v.s, '|'))
		*vrules = sb_steal(&v);
	else
		sb_free(&v);
	return sb_steal(&b);
}

static struct math_node *parse_env(struct parser *p, const struct tok *begin, unsigned mask)
{
	take(p, begin);
	size_t ns, nl;
	if (!brace_raw(p, &ns, &nl)) {
		perr(p, R_MATH_SYNTAX, begin->off, "'\\begin' must be followed by {environment}");
		return error_node(p, begin->off, p->i - begin->off);
	}
	char *name = xstrndup(p->s + ns, nl);
	const struct env *e = math_env(name, strlen(name));
	char *cols = NULL, *vrules = NULL;
	if (!e)
		perr(p, R_MATH_UNSUPPORTED, begin->off, "environment '%s' is not supported", name);
	else if (!e->cols)
		cols = array_cols(p, begin->off, &vrules);
	else if (!strncmp(name, "alignat", 7) || !strcmp(name, "alignedat")) {
		/* {n}, the number of column pairs: the rows say it already */
		size_t as, al;
		if (!brace_raw(p, &as, &al))
			perr(p, R_MATH_SYNTAX, begin->off, "'%s' needs the number of column pairs, as {2}",
			     name);
	}
	struct math_node *tab = parse_table(p, cols ? cols : e && e->cols ? e->cols : "c", ST_END,
					    mask);
	free(cols);
	if (vrules) { /* as many boundaries as the table has columns, plus one */
		size_t nb = strlen(tab->colalign) + 1, have = strlen(vrules);
		tab->vrules = xcalloc(nb + 1, 1);
		for (size_t i = 0; i < nb; i++)
			tab->vrules[i] = i + 1 == nb && have ? vrules[have - 1] : i < have - 1 ? vrules[i] : ' ';
		free(vrules);
	}
	tab->env = xstrdup(name);
	if (e) {
		tab->aligned = e->aligned;
		tab->style = e->style;
	}
	struct tok t = peek(p);
	if (cs_is(&t, "end")) {
		take(p, &t);
		size_t es, el;
		if (!brace_raw(p, &es, &el))
			perr(p, R_MATH_SYNTAX, t.off, "'\\end' must be followed by {%s}", name);
		else if (el != nl || memcmp(p->s + es, name, nl) != 0)
			perr(p, R_MATH_SYNTAX, t.off, "'\\begin{%s}' ended by '\\end{%.*s}'", name,
			     (int)el, p->s + es);
	} else {
		perr(p, R_MATH_SYNTAX, begin->off, "'\\begin{%s}' without matching '\\end{%s}'", name,
		     name);
	}
	free(name);
	struct math_node *res = tab;
	if (e && e->cols && !strcmp(e->cols, "c") && e->style == MATH_STYLE_DISPLAY &&
	    tab->nkids == 1 && tab->kids[0]->nkids == 1) {
		/* equation, gather... of one line: just the formula */
		res = tab->kids[0]->kids[0];
		tab->kids[0]->kids[0] = NULL;
		math_free(tab);
	} else if (e && (e->open || e->close)) {
		struct math_node *f = node_new(MATH_FENCED, begin->off, 0);
		f->open = e->open;
		f->close = e->close;
		node_slots(f, 1);
		f->kids[0] = node_new(MATH_ROW, tab->off, tab->len);
		node_push(f->kids[0], tab);
		res = f;
	}
	res->off = begin->off;
	res->len = p->i - begin->off;
	return res;
}

/* \text{...}: raw text with TeX's few escapes, runs of spaces as one. */
static struct math_node *parse_text(struct parser *p, const struct tok *cmd, enum math_variant v)
{
	take(p, cmd);
	struct tok t = peek(p);
	struct math_node *n = node_new(MATH_TEXT, cmd->off, 0);
	n->variant = v;
	struct strbuf b;
	sb_init(&b);
	if (t.t != TK_LBRACE) { /* \text x: one character */
		if (t.t == TK_CHAR || t.t == TK_UCHAR) {
			take(p, &t);
			sb_add(&b, p->s + t.off, t.len);
		} else {
			perr(p, R_MATH_SYNTAX, cmd->off, "missing argument for '\\%.*s'", (int)cmd->nlen,
			     cmd->name);
		}
		n->text = sb_steal(&b);
		n->len = p->i - n->off;
		return n;
	}
	int depth = 0;
	size_t i = t.off;
	bool closed = false, space = false;
	for (; i < p->n; i++) {
		char c = p->s[i];
		if (c == '{') {
			depth++;
			continue;
		}
		if (c == '}') {
			if (--depth == 0) {
				closed = true;
				i++;
				break;
			}
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '~') {
			if (c == '~') {
				sb_adds(&b, "\xC2\xA0");
			} else if (!space) {
				sb_addc(&b, ' ');
			}
			space = c != '~';
			continue;
		}
		space = false;
		if (c == '\\' && i + 1 < p->n) {
			char d = p->s[i + 1];
			if (strchr("{}%$&#_ ", d)) {
				sb_addc(&b, d);
				i++;
				continue;
			}
			if (d == ',' || d == ';' || d == ':' || d == '!') {
				sb_adds(&b, d == '!' ? "" : "\xE2\x80\x89");
				i++;
				continue;
			}
			size_t j = i + 1;
			while (j < p->n && isalpha((unsigned char)p->s[j]))
				j++;
			size_t cl = j - i - 1;
			/* A nested \textbf{..} keeps its words. */
			bool known = math_text_cmd(p->s + i + 1, cl) != NULL;
			if (!known)
				perr(p, R_MATH_UNSUPPORTED, i, "command '\\%.*s' is not supported in text",
				     (int)(cl ? cl : 1), p->s + i + 1);
			i = (cl ? j : i + 2) - 1;
			continue;
		}
		if (c == '$')
			perr(p, R_MATH_UNSUPPORTED, i, "math inside '\\text' is not supported");
		sb_addc(&b, c);
	}
	if (!closed)
		perr(p, R_MATH_SYNTAX, t.off, "unbalanced braces: '{' without matching '}'");
	p->i = i;
	n->text = sb_steal(&b);
	n->len = p->i - n->off;
	return n;
}

static void set_label(struct parser *p, bool is_tag, size_t s, size_t l)
{
	char **mine = is_tag ? &p->tag : &p->label;
	if (!*mine)
		*mine = xstrndup(p->s + s, l);
	if (p->trow) {
		char **row = is_tag ? &p->trow->tag : &p->trow->label;
		if (!*row)
			*row = xstrndup(p->s + s, l);
	}
}

/* The text of \operatorname's argument, or NULL if it is not plain. */
static char *flatten_name(const struct math_node *n)
{
	if (n->text && n->kind != MATH_ERROR)
		return n->kind == MATH_SPACE ? xstrdup("\xE2\x80\x89") : xstrdup(n->text);
	if (n->kind == MATH_SPACE)
		return xstrdup("\xE2\x80\x89");
	if (n->kind != MATH_ROW && n->kind != MATH_STYLE)
		return NULL;
	struct strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < n->nkids; i++) {
		char *k = flatten_name(n->kids[i]);
		if (!k) {
			sb_free(&b);
			return NULL;
		}
		sb_adds(&b, k);
		free(k);
	}
	return sb_steal(&b);
}

/* A command's optional [argument] (\\sqrt[3], \\xrightarrow[below]), or
 * NULL when none follows. */
static struct math_node *parse_optional(struct parser *p, unsigned mask, const char *what)
{
	struct tok b = peek(p);
	if (b.t != TK_CHAR || b.cp != '[')
		return NULL;
	take(p, &b);
	struct math_node *r = parse_row(p, ST_RBRACKET, mask);
	struct tok e = peek(p);
	if (e.t == TK_CHAR && e.cp == ']')
		take(p, &e);
	else
		perr(p, R_MATH_SYNTAX, b.off, "'[' of '%s' without matching ']'", what);
	return r;
}

static struct math_node *parse_command(struct parser *p, const struct tok *t, unsigned mask)
{
	char name[32];
	size_t nl = t->nlen < sizeof name - 1 ? t->nlen : sizeof name - 1;
	memcpy(name, t->name, nl);
	name[nl] = 0;
	char what[34];
	snprintf(what, sizeof what, "\\%s", name);
	size_t off = t->off;

	const struct style_cmd *sc = math_style_cmd(t->name, t->nlen);
	if (sc) { /* as an argument: nothing follows */
		take(p, t);
		struct math_node *s = node_new(MATH_STYLE, off, t->len);
		s->style = sc->style;
		node_slots(s, 1);
		s->kids[0] = empty_row(p->i);
		return s;
	}
	const struct font *fsw = math_font_switch(t->name, t->nlen);
	if (fsw) {
		take(p, t);
		struct math_node *s = node_new(MATH_STYLE, off, t->len);
		s->variant = fsw->var;
		node_slots(s, 1);
		s->kids[0] = empty_row(p->i);
		return s;
	}

	if (!strcmp(name, "frac") || !strcmp(name, "dfrac") || !strcmp(name, "tfrac") ||
	    !strcmp(name, "cfrac")) {
		take(p, t);
		struct math_node *f = node_new(MATH_FRAC, off, 0);
		node_slots(f, 2);
		f->kids[0] = parse_arg(p, mask, what, off);
		f->kids[1] = parse_arg(p, mask, what, off);
		f->style = name[0] == 'd' || name[0] == 'c' ? MATH_STYLE_DISPLAY
			   : name[0] == 't'		  ? MATH_STYLE_TEXT
							  : MATH_STYLE_AUTO;
		f->len = p->i - off;
		return f;
	}
	if (!strcmp(name, "binom") || !strcmp(name, "dbinom") || !strcmp(name, "tbinom")) {
		take(p, t);
		struct math_node *f = node_new(MATH_FRAC, off, 0);
		node_slots(f, 2);
		f->kids[0] = parse_arg(p, mask, what, off);
		f->kids[1] = parse_arg(p, mask, what, off);
		f->no_bar = true;
		f->style = name[0] == 'd' ? MATH_STYLE_DISPLAY
			   : name[0] == 't' ? MATH_STYLE_TEXT
					    : MATH_STYLE_AUTO;
		f->len = p->i - off;
		struct math_node *fe = node_new(MATH_FENCED, off, f->len);
		fe->open = '(';
		fe->close = ')';
		node_slots(fe, 1);
		fe->kids[0] = node_new(MATH_ROW, off, f->len);
		node_push(fe->kids[0], f);
		return fe;
	}
	if (!strcmp(name, "sqrt")) {
		take(p, t);
		struct math_node *r = node_new(MATH_SQRT, off, 0);
		node_slots(r, 2);
		r->kids[1] = parse_optional(p, mask, what);
		r->kids[0] = parse_arg(p, mask, "\\sqrt", off);
		r->len = p->i - off;
		return r;
	}
	if (!strcmp(name, "left"))
		return parse_fenced(p, t, mask);
	if (!strcmp(name, "begin"))
		return parse_env(p, t, mask);
	{
		static const char *const bigs[] = {"big", "Big", "bigg", "Bigg"};
		for (int i = 0; i < 4; i++) {
			size_t bl = strlen(bigs[i]);
			if (strncmp(name, bigs[i], bl) != 0 || (name[bl] && name[bl + 1]) ||
			    (name[bl] && !strchr("lrm", name[bl])))
				continue;
			take(p, t);
			uint32_t cp;
			enum math_kind k;
			if (!parse_delim(p, &cp, &k)) {
				perr(p, R_MATH_SYNTAX, off, "'\\%s' must be followed by a delimiter", name);
				return NULL;
			}
			if (name[bl] == 'l')
				k = MATH_OPEN;
			else if (name[bl] == 'r')
				k = MATH_CLOSE;
			else if (name[bl] == 'm')
				k = MATH_REL;
			struct math_node *n = cp ? leaf(k, cp, off, p->i - off)
						 : node_new(MATH_SPACE, off, p->i - off);
			n->size = i + 1;
			return n;
		}
	}
	const struct font *tc = math_text_cmd(t->name, t->nlen);
	if (tc)
		return parse_text(p, t, tc->var);
	const struct font *fc = math_font_cmd(t->name, t->nlen);
	if (fc) {
		take(p, t);
		enum math_variant old = p->var;
		p->var = fc->var;
		struct math_node *s = node_new(MATH_STYLE, off, 0);
		s->variant = fc->var;
		node_slots(s, 1);
		struct math_node *a = parse_arg(p, mask, what, off);
		p->var = old;
		if (a->kind != MATH_ROW) {
			struct math_node *r = node_new(MATH_ROW, a->off, a->len);
			node_push(r, a);
			a = r;
		}
		s->kids[0] = a;
		s->len = p->i - off;
		return s;
	}
	const struct accent *acc = math_accent(t->name, t->nlen);
	if (acc) {
		take(p, t);
		struct math_node *n = node_new(MATH_ACCENT, off, 0);
		node_set_cp(n, acc->cp);
		n->stretchy = acc->stretchy;
		n->under = acc->under;
		n->limits = acc->brace ? MATH_LIMITS_ALWAYS : MATH_LIMITS_NONE;
		node_slots(n, 1);
		n->kids[0] = parse_arg(p, mask, what, off);
		n->len = p->i - off;
		return n;
	}
	if (!strcmp(name, "overset") || !strcmp(name, "underset") || !strcmp(name, "stackrel")) {
		take(p, t);
		struct math_node *n = node_new(MATH_UNDEROVER, off, 0);
		node_slots(n, 3);
		struct math_node *a = parse_arg(p, mask, what, off);
		n->kids[0] = parse_arg(p, mask, what, off);
		n->kids[name[0] == 'u' ? 1 : 2] = a;
		n->len = p->i - off;
		return n;
	}
	if (!strcmp(name, "xrightarrow") || !strcmp(name, "xleftarrow")) {
		/* amsmath's arrow that grows under its labels: \xrightarrow[below]{above} */
		take(p, t);
		struct math_node *n = node_new(MATH_UNDEROVER, off, 0);
		node_slots(n, 3);
		n->kids[1] = parse_optional(p, mask, what);
		n->kids[2] = parse_arg(p, mask, what, off);
		struct math_node *a = node_new(MATH_REL, off, t->len);
		a->cp = name[1] == 'r' ? 0x2192 : 0x2190;
		a->text = xstrdup(name[1] == 'r' ? "\xE2\x86\x92" : "\xE2\x86\x90");
		a->stretchy = true;
		n->kids[0] = a;
		n->len = p->i - off;
		return n;
	}
	if (!strcmp(name, "argmin") || !strcmp(name, "argmax")) {
		/* not LaTeX's own, but what papers declare with \DeclareMathOperator*
		 * and MathJax set-ups define: "arg min" with limits below */
		take(p, t);
		struct math_node *n = node_new(MATH_OP, off, t->len);
		n->text = xasprintf("arg\xE2\x80\x89%s", name + 3); /* U+2009 thin space */
		n->variant = MATH_VAR_NORMAL;
		n->limits = MATH_LIMITS_MOVABLE;
		return n;
	}
	if (!strcmp(name, "color") || !strcmp(name, "textcolor")) {
		/* colour is the page's: the argument is read and left out */
		take(p, t);
		size_t cs, cl;
		if (!brace_raw(p, &cs, &cl)) {
			perr(p, R_MATH_SYNTAX, off, "'\\%s' must be followed by {colour}", name);
			return error_node(p, off, p->i - off);
		}
		if (name[0] == 'c')
			return NULL;
		return parse_arg(p, mask, what, off);
	}
	if (!strcmp(name, "sideset")) {
		/* amsmath's \sideset{_a^b}{_c^d}\sum: scripts before and after
		 * an operator, which keeps its limits (\sideset{}{'}\sum_{i}). */
		take(p, t);
		struct math_node *pre = parse_arg(p, mask, what, off);
		struct math_node *post = parse_arg(p, mask, what, off);
		struct math_node *n = node_new(MATH_SUBSUP, off, 0);
		node_slots(n, 5);
		if (!take_scripts(pre, &n->kids[3], &n->kids[4]) ||
		    !take_scripts(post, &n->kids[1], &n->kids[2]))
			perr(p, R_MATH_SYNTAX, off, "'\\sideset' takes scripts only: \\sideset{_a^b}{_c^d}\\sum");
		math_free(pre);
		math_free(post);
		n->kids[0] = parse_arg(p, mask, what, off);
		n->len = p->i - off;
		return n;
	}
	if (!strcmp(name, "cancelto")) {
		/* \cancelto{value}{expr}: expr struck by an arrow whose tip
		 * reaches value, set where a superscript goes. */
		take(p, t);
		struct math_node *to = parse_arg(p, mask, what, off);
		struct math_node *s = node_new(MATH_STYLE, off, 0);
		s->cancel = MATH_CANCEL_TO;
		node_slots(s, 1);
		s->kids[0] = parse_arg(p, mask, what, off);
		s->len = p->i - off;
		struct math_node *n = node_new(MATH_SUBSUP, off, p->i - off);
		node_slots(n, 3);
		n->kids[0] = s;
		n->kids[2] = to;
		return n;
	}
	bool cancel = !strcmp(name, "cancel") || !strcmp(name, "bcancel") || !strcmp(name, "xcancel");
	if (!strcmp(name, "phantom") || !strcmp(name, "hphantom") || !strcmp(name, "vphantom") ||
	    !strcmp(name, "boxed") || cancel) {
		take(p, t);
		struct math_node *s = node_new(MATH_STYLE, off, 0);
		s->phantom = name[0] == 'p' ? MATH_PHANTOM : name[0] == 'h' ? MATH_HPHANTOM
			     : name[0] == 'v' ? MATH_VPHANTOM : MATH_SHOWN;
		s->boxed = !strcmp(name, "boxed");
		s->cancel = !cancel ? MATH_CANCEL_NONE : name[0] == 'c' ? MATH_CANCEL_UP
			    : name[0] == 'b' ? MATH_CANCEL_DOWN : MATH_CANCEL_X;
		node_slots(s, 1);
		s->kids[0] = parse_arg(p, mask, what, off);
		s->len = p->i - off;
		return s;
	}
	if (!strcmp(name, "operatorname")) {
		take(p, t);
		bool star = false;
		if (p->i < p->n && p->s[p->i] == '*') {
			star = true;
			p->i++;
		}
		enum math_variant old = p->var;
		p->var = MATH_VAR_NORMAL;
		struct math_node *a = parse_arg(p, mask, what, off);
		p->var = old;
		char *txt = flatten_name(a);
		math_free(a);
		if (!txt) {
			perr(p, R_MATH_UNSUPPORTED, off, "'\\operatorname' needs a plain name");
			return error_node(p, off, p->i - off);
		}
		struct math_node *n = node_new(MATH_OP, off, p->i - off);
		n->text = txt;
		n->variant = MATH_VAR_NORMAL;
		n->limits = star ? MATH_LIMITS_MOVABLE : MATH_LIMITS_NONE;
		return n;
	}
	if (!strcmp(name, "label") || !strcmp(name, "tag")) {
		take(p, t);
		bool is_tag = name[0] == 't';
		if (is_tag && p->i < p->n && p->s[p->i] == '*')
			p->i++;
		size_t s, l;
		if (!brace_raw(p, &s, &l))
			perr(p, R_MATH_SYNTAX, off, "'\\%s' must be followed by {name}", name);
		else
			set_label(p, is_tag, s, l);
		return NULL;
	}
	if (!strcmp(name, "nonumber") || !strcmp(name, "notag")) {
		take(p, t);
		if (p->trow)
			p->trow->notag = true;
		return NULL;
	}
	if (!strcmp(name, "hline") || !strcmp(name, "hdashline")) {
		take(p, t); /* a rule above the row it starts */
		if (p->trow)
			p->trow->hline = true;
		return NULL;
	}
	if (!strcmp(name, "/")) {
		take(p, t); /* italic correction: nothing to set */
		return NULL;
	}
	if (!strcmp(name, "limits") || !strcmp(name, "nolimits")) {
		take(p, t);
		perr(p, R_MATH_SYNTAX, off, "'\\%s' must follow an operator such as \\sum", name);
		return NULL;
	}
	if (!strcmp(name, "not")) {
		take(p, t);
		struct tok n2 = peek(p);
		while (cs_is(&n2, "not")) { /* \not\not is still one slash */
			take(p, &n2);
			n2 = peek(p);
		}
		if (n2.t == TK_EOF || stopper(&n2)) {
			perr(p, R_MATH_SYNTAX, off, "'\\not' must be followed by a relation");
			return NULL;
		}
		struct math_node *r = parse_atom(p, &n2, mask);
		if (r && r->text && r->kind != MATH_ERROR) {
			static const uint32_t neg[][2] = {{'=', 0x2260}, {0x2208, 0x2209},
							  {0x2261, 0x2262}, {0x2282, 0x2284},
							  {0x2283, 0x2285}, {0x2286, 0x2288},
							  {0x2287, 0x2289}, {'<', 0x226E},
							  {'>', 0x226F}, {0x2264, 0x2270},
							  {0x2265, 0x2271}, {0x223C, 0x2241}};
			bool done = false;
			for (size_t i = 0; i < sizeof neg / sizeof neg[0] && !done; i++)
				if (r->cp == neg[i][0]) {
					node_set_cp(r, neg[i][1]);
					done = true;
				}
			if (!done) { /* U+0338 COMBINING LONG SOLIDUS OVERLAY */
				char *x = xasprintf("%s\xCC\xB8", r->text);
				free(r->text);
				r->text = x;
				r->cp = 0;
			}
			r->off = off;
			r->len = p->i - off;
		} else if (r) {
			perr(p, R_MATH_SYNTAX, off, "'\\not' must be followed by a symbol");
		}
		return r;
	}
	if (!strcmp(name, "bmod") || !strcmp(name, "mod") || !strcmp(name, "pmod")) {
		take(p, t);
		struct math_node *op = node_new(MATH_OP, off, p->i - off);
		op->text = xstrdup("mod");
		op->variant = MATH_VAR_NORMAL;
		if (name[0] == 'b') {
			op->kind = MATH_BIN;
			return op;
		}
		struct math_node *r = node_new(MATH_ROW, off, 0);
		struct math_node *sp = node_new(MATH_SPACE, off, 0);
		sp->mu = name[0] == 'p' ? 8 : 18;
		node_push(r, sp);
		if (name[0] == 'p')
			node_push(r, leaf(MATH_OPEN, '(', off, 0));
		node_push(r, op);
		sp = node_new(MATH_SPACE, off, 0);
		sp->mu = 6;
		node_push(r, sp);
		if (name[0] == 'p') {
			node_push(r, parse_arg(p, mask, what, off));
			node_push(r, leaf(MATH_CLOSE, ')', p->i, 0));
		}
		r->len = p->i - off;
		return r;
	}
	{
		static const char *const classes[] = {"mathord", "mathop", "mathbin", "mathrel",
						      "mathopen", "mathclose", "mathpunct"};
		static const enum math_kind kinds[] = {MATH_ORD, MATH_OP, MATH_BIN, MATH_REL,
						       MATH_OPEN, MATH_CLOSE, MATH_PUNCT};
		for (int i = 0; i < 7; i++) {
			if (strcmp(name, classes[i]) != 0)
				continue;
			take(p, t);
			struct math_node *a = parse_arg(p, mask, what, off);
			struct math_node *x = a;
			if (x->kind == MATH_ROW && x->nkids == 1)
				x = x->kids[0];
			if (x->text && x->kind != MATH_ERROR && x->kind != MATH_TEXT) {
				if (x != a) { /* unwrap the one-item group */
					a->kids[0] = NULL;
					math_free(a);
				}
				x->kind = kinds[i];
				if (x->kind == MATH_OP)
					x->limits = MATH_LIMITS_MOVABLE;
				x->off = off;
				x->len = p->i - off;
				return x;
			}
			return a; /* a compound keeps its own classes */
		}
	}
	if (!strcmp(name, "substack")) {
		take(p, t);
		struct tok b = peek(p);
		if (b.t != TK_LBRACE) {
			perr(p, R_MATH_SYNTAX, off, "'\\substack' must be followed by {...}");
			return NULL;
		}
		take(p, &b);
		struct math_node *tab = parse_table(p, "c", ST_RBRACE, mask);
		struct tok e = peek(p);
		if (e.t == TK_RBRACE)
			take(p, &e);
		else
			perr(p, R_MATH_SYNTAX, b.off, "unbalanced braces: '{' without matching '}'");
		tab->env = xstrdup("substack");
		tab->style = MATH_STYLE_SCRIPT;
		tab->off = off;
		tab->len = p->i - off;
		return tab;
	}
	const struct space *sp = math_space(t->name, t->nlen);
	if (sp) {
		take(p, t);
		struct math_node *n = node_new(MATH_SPACE, off, t->len);
		n->mu = sp->mu;
		return n;
	}
	const struct sym *s = math_sym_by_name(t->name, t->nlen);
	if (s) {
		take(p, t);
		return make_sym(p, s, off, t->len);
	}
	take(p, t);
	perr(p, R_MATH_UNSUPPORTED, off, "command '\\%.*s' is not supported", (int)t->nlen, t->name);
	return error_node(p, off, t->len);
}

/* One atom without its scripts; NULL when the token sets nothing. */
static struct math_node *parse_atom(struct parser *p, const struct tok *t, unsigned mask)
{
	switch (t->t) {
	case TK_LBRACE: {
		take(p, t);
		struct math_node *g = parse_row(p, ST_RBRACE, mask);
		struct tok e = peek(p);
		if (e.t == TK_RBRACE)
			take(p, &e);
		else
			perr(p, R_MATH_SYNTAX, t->off, "unbalanced braces: '{' without matching '}'");
		g->off = t->off;
		g->len = p->i - t->off;
		return g;
	}
	case TK_CHAR:
		if (isdigit((int)t->cp))
			return parse_number(p, t->off);
		take(p, t);
		if (t->cp == '$') {
			perr(p, R_MATH_SYNTAX, t->off, "'$' inside a formula (write \\$ for a dollar sign)");
			return error_node(p, t->off, 1);
		}
		return make_char(p, t->cp, t->off, 1);
	case TK_UCHAR:
		take(p, t);
		return make_char(p, t->cp, t->off, t->len);
	case TK_TILDE: {
		take(p, t);
		struct math_node *n = node_new(MATH_SPACE, t->off, 1);
		n->mu = 6;
		return n;
	}
	case TK_CS:
		return parse_command(p, t, mask);
	case TK_PRIME:
		take(p, t);
		return leaf(MATH_ORD, 0x2032, t->off, 1);
	case TK_HASH:
		take(p, t);
		perr(p, R_MATH_SYNTAX, t->off, "'#' is not allowed in a formula (write \\#)");
		return error_node(p, t->off, 1);
	case TK_BAD:
		take(p, t);
		perr(p, R_MATH_SYNTAX, t->off, "invalid character in a formula");
		return error_node(p, t->off, t->len);
	default: /* stoppers and scripts are handled by the callers */
		take(p, t);
		return error_node(p, t->off, t->len);
	}
}

const struct math_node *math_limits_base(const struct math_node *n)
{
	return n && n->kind == MATH_SUBSUP && n->nkids == 5 && n->kids[0] ? n->kids[0] : n;
}

/* An atom and its scripts, appended to row. */
static void parse_item(struct parser *p, struct math_node *row, unsigned mask)
{
	struct tok t = peek(p);
	size_t start = t.off;
	struct math_node *base;
	if (t.t == TK_SUP || t.t == TK_SUB || t.t == TK_PRIME)
		base = empty_row(t.off); /* ^2 at the start: an empty nucleus */
	else if (!(base = parse_atom(p, &t, mask)))
		return;
	for (;;) {
		t = peek(p);
		if (!cs_is(&t, "limits") && !cs_is(&t, "nolimits"))
			break;
		take(p, &t);
		bool lim = t.nlen == 6;
		struct math_node *op = (struct math_node *)math_limits_base(base); /* a node of ours */
		if (op && (op->kind == MATH_OP || (op->kind == MATH_ACCENT && op->limits)))
			op->limits = lim ? MATH_LIMITS_ALWAYS : MATH_LIMITS_NONE;
		else
			perr(p, R_MATH_SYNTAX, t.off, "'\\%s' must follow an operator such as \\sum",
			     lim ? "limits" : "nolimits");
	}
	struct math_node *sub = NULL, *sup = NULL;
	bool primes = false; /* sup holds only primes so far: x'^2 is allowed */
	for (;;) {
		t = peek(p);
		if (t.t == TK_SUP || t.t == TK_SUB) {
			take(p, &t);
			struct math_node *a = parse_arg(p, mask, t.t == TK_SUP ? "^" : "_", t.off);
			if (t.t == TK_SUB && sub) {
				perr(p, R_MATH_SYNTAX, t.off, "double subscript: use braces, x_{a b}");
				math_free(a);
			} else if (t.t == TK_SUB) {
				sub = a;
			} else if (sup && !primes) {
				perr(p, R_MATH_SYNTAX, t.off, "double superscript: use braces, x^{a b}");
				math_free(a);
			} else if (sup) {
				node_push(sup, a);
				sup->len = a->off + a->len - sup->off;
				primes = false;
			} else {
				sup = a;
			}
		} else if (t.t == TK_PRIME) {
			take(p, &t);
			if (sup && !primes) {
				perr(p, R_MATH_SYNTAX, t.off, "double superscript: a prime after '^'");
				continue;
			}
			if (!sup) {
				sup = node_new(MATH_ROW, t.off, 0);
				primes = true;
			}
			node_push(sup, leaf(MATH_ORD, 0x2032, t.off, 1));
			sup->len = t.off + 1 - sup->off;
		} else {
			break;
		}
	}
	if (!sub && !sup) {
		row_add(row, base);
		return;
	}
	const struct math_node *op = math_limits_base(base);
	bool limits = op && (op->kind == MATH_OP || op->kind == MATH_ACCENT) &&
		      op->limits != MATH_LIMITS_NONE;
	struct math_node *n = node_new(limits ? MATH_UNDEROVER : MATH_SUBSUP, start, p->i - start);
	n->movable = limits && op->limits == MATH_LIMITS_MOVABLE;
	node_slots(n, 3);
	n->kids[0] = base;
	n->kids[1] = sub;
	n->kids[2] = sup;
	node_push(row, n);
}

/* A stopper no enclosing construct accepts: reported, and kept as an
 * ERROR node so that the output shows it too. */
static struct math_node *unexpected(struct parser *p, const struct tok *t, unsigned st)
{
	take(p, t);
	switch (st) {
	case ST_RBRACE:
		perr(p, R_MATH_SYNTAX, t->off, "unbalanced braces: '}' without matching '{'");
		break;
	case ST_RIGHT: {
		perr(p, R_MATH_SYNTAX, t->off, "'\\right' without matching '\\left'");
		uint32_t cp;
		enum math_kind k;
		parse_delim(p, &cp, &k);
		break;
	}
	case ST_END: {
		size_t s, l;
		perr(p, R_MATH_SYNTAX, t->off, "'\\end' without matching '\\begin'");
		brace_raw(p, &s, &l);
		break;
	}
	case ST_AMP:
		perr(p, R_MATH_SYNTAX, t->off,
		     "'&' outside a table environment (aligned, matrix, cases...)");
		break;
	default:
		perr(p, R_MATH_SYNTAX, t->off,
		     "line break '\\\\' outside a table environment or display formula");
		break;
	}
	return error_node(p, t->off, p->i - t->off);
}

static struct math_node *parse_row(struct parser *p, unsigned stops, unsigned outer)
{
	unsigned mask = stops | outer;
	struct math_node *row = node_new(MATH_ROW, p->i, 0);
	if (too_deep(p, p->i)) {
		node_push(row, skip_flat(p, mask));
		row->len = p->i - row->off;
		return row;
	}
	p->depth++;
	for (;;) {
		struct tok t = peek(p);
		if (t.t == TK_EOF)
			break;
		unsigned st = stopper(&t);
		if (st == ST_RBRACKET && !(mask & ST_RBRACKET))
			st = 0;
		if (st) {
			if (mask & st)
				break;
			node_push(row, unexpected(p, &t, st));
			continue;
		}
		if (t.t == TK_CS) {
			/* Switches hold to the end of the group: the rest of the
			 * row becomes their child. */
			struct math_node *sw = NULL;
			enum math_variant oldvar = p->var;
			const struct style_cmd *sc = t.t == TK_CS ? math_style_cmd(t.name, t.nlen) : NULL;
			const struct font *fsw = t.t == TK_CS ? math_font_switch(t.name, t.nlen) : NULL;
			if (sc) {
				sw = node_new(MATH_STYLE, t.off, 0);
				sw->style = sc->style;
				sw->variant = MATH_VAR_DEFAULT;
			}
			if (fsw) {
				sw = node_new(MATH_STYLE, t.off, 0);
				sw->variant = p->var = fsw->var;
			}
			if (sw) {
				take(p, &t);
				node_slots(sw, 1);
				sw->kids[0] = parse_row(p, stops, outer);
				p->var = oldvar;
				sw->len = p->i - sw->off;
				node_push(row, sw);
				break;
			}
			if (cs_is(&t, "over") || cs_is(&t, "choose")) {
				/* {a \over b}: what came before is the numerator */
				take(p, &t);
				struct math_node *f = node_new(MATH_FRAC, row->off, 0);
				node_slots(f, 2);
				f->kids[0] = row;
				row->len = t.off - row->off;
				f->kids[1] = parse_row(p, stops, outer);
				f->no_bar = t.nlen == 6;
				f->len = p->i - f->off;
				struct math_node *nr = node_new(MATH_ROW, f->off, f->len);
				if (f->no_bar) {
					struct math_node *fe = node_new(MATH_FENCED, f->off, f->len);
					fe->open = '(';
					fe->close = ')';
					node_slots(fe, 1);
					fe->kids[0] = node_new(MATH_ROW, f->off, f->len);
					node_push(fe->kids[0], f);
					node_push(nr, fe);
				} else {
					node_push(nr, f);
				}
				p->depth--;
				return nr;
			}
		}
		parse_item(p, row, mask);
	}
	p->depth--;
	row->len = p->i - row->off;
	return row;
}

const struct math_node *math_numbered_rows(const struct math_node *root)
{
	static const char *const envs[] = {"align", "gather", "eqnarray", "flalign", "alignat"};
	if (!root || root->kind != MATH_ROW || root->nkids != 1)
		return NULL;
	const struct math_node *t = root->kids[0];
	if (!t || t->kind != MATH_TABLE || !t->env || t->nkids < 2)
		return NULL;
	for (size_t i = 0; i < sizeof envs / sizeof envs[0]; i++)
		if (strcmp(t->env, envs[i]) == 0)
			return t;
	return NULL;
}

const struct math_node *math_multline(const struct math_node *root)
{
	if (!root || root->kind != MATH_ROW || root->nkids != 1)
		return NULL;
	const struct math_node *t = root->kids[0];
	return t && t->kind == MATH_TABLE && t->env && !strncmp(t->env, "multline", 8) &&
			       t->nkids > 1
		       ? t
		       : NULL;
}

struct math_node *math_parse(const char *tex, size_t len, bool display, struct diag_list *d,
			     const struct srcpos *where)
{
	struct parser p = {.s = tex ? tex : "", .n = tex ? len : 0, .d = d, .where = where};
	struct math_node *root;
	if (!display) {
		root = parse_row(&p, 0, 0);
	} else {
		/* Display formulas may be split into lines with \\ like gather. */
		struct math_node *rows = node_new(MATH_TABLE, 0, 0);
		for (;;) {
			struct math_node *tr = node_new(MATH_TROW, p.i, 0);
			p.trow = tr;
			node_push(tr, parse_row(&p, ST_CR, 0));
			tr->len = p.i - tr->off;
			node_push(rows, tr);
			struct tok t = peek(&p);
			if (t.t == TK_EOF)
				break;
			take(&p, &t);
			if (p.i < p.n && p.s[p.i] == '[') {
				const char *e = memchr(p.s + p.i, ']', p.n - p.i);
				if (e)
					p.i = (size_t)(e - p.s) + 1;
			}
		}
		p.trow = NULL;
		if (rows->nkids > 1) {
			struct math_node *last = rows->kids[rows->nkids - 1];
			if (last->kids[0]->nkids == 0 && !last->label && !last->tag) {
				math_free(last);
				rows->nkids--;
			}
		}
		if (rows->nkids == 1) {
			root = rows->kids[0]->kids[0];
			rows->kids[0]->kids[0] = NULL;
			math_free(rows);
		} else {
			rows->env = xstrdup("gathered");
			rows->colalign = xstrdup("c");
			rows->style = MATH_STYLE_DISPLAY;
			rows->len = p.n;
			root = node_new(MATH_ROW, 0, p.n);
			node_push(root, rows);
		}
	}
	root->off = 0;
	root->len = p.n;
	root->label = p.label;
	root->tag = p.tag;
	return root;
}

/* ------------------------------------------------------ formulas in text */

bool math_find_inline(const char *s, size_t from, size_t *a, size_t *b)
{
	for (size_t i = from; s[i]; i++) {
		if (s[i] != '$' || (i > 0 && (s[i - 1] == '\\' || s[i - 1] == '$')))
			continue;
		if (s[i + 1] == '$' || s[i + 1] == '\0' || s[i + 1] == ' ')
			continue;
		for (size_t j = i + 1; s[j]; j++) {
			if (s[j] == '\\' && s[j + 1]) {
				j++;
				continue;
			}
			if (s[j] != '$')
				continue;
			if (s[j - 1] == ' ' || s[j + 1] == '$' || (s[j + 1] >= '0' && s[j + 1] <= '9'))
				break; /* not a closing dollar: try from the next one */
			*a = i;
			*b = j + 1;
			return true;
		}
	}
	return false;
}
