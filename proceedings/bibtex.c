/* BibTeX reader.
 *
 * Why not Debian's libbtparse (package libbtparse-dev, 0.89)?  It was tried
 * on the corpus: it reads pyhf's `%%CITATION = ...;%%` correctly and keeps
 * line numbers, but
 *   - it prints its warnings and errors to stderr itself (no handler can
 *     be set through the installed API), while quire must collect them as
 *     sorted diagnostics;
 *   - it knows lines only, never columns, and quire reports line:column;
 *   - its state is global: the PCCTS lexer's zz* variables, one process-wide
 *     @string table (AllMacros) and global error counters, so two files
 *     cannot be parsed independently, let alone in parallel.
 * The grammar is small, so this is a hand-written recursive-descent parser
 * over the whole buffer.  Every position is a byte offset until a report or
 * a srcpos needs line and column, which a table of line starts answers.
 *
 * Outside entries everything but an entry start is ignored: an '@' at the
 * start of a line or '@word{' anywhere, unless a '%' earlier on its line
 * comments it out.  So an e-mail address in free text starts no entry.
 * Recovery: after an error the parser skips to the next entry start.  A
 * value whose brace or quote is not closed before a line that starts an
 * entry is reported at its opening brace instead of swallowing the rest of
 * the file.  An entry with an error keeps the fields read before it. */
#include "bibtex.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>

#include "texchars.h"
#include "util.h"

/* ---- Small string table (open addressing, power-of-two size) --------- */

struct tslot {
	const char *key; /* borrowed from the entry or macro that owns it */
	size_t val;
};

struct bib_keytab {
	struct tslot *v;
	size_t cap, n;
};

static struct tslot *tab_slot(const struct bib_keytab *t, const char *key)
{
	size_t mask = t->cap - 1;
	for (size_t i = str_hash(key) & mask;; i = (i + 1) & mask)
		if (!t->v[i].key || strcmp(t->v[i].key, key) == 0)
			return &t->v[i];
}

static const size_t *tab_get(const struct bib_keytab *t, const char *key)
{
	if (!t || t->cap == 0)
		return NULL;
	struct tslot *s = tab_slot(t, key);
	return s->key ? &s->val : NULL;
}

/* Insert or replace. */
static void tab_put(struct bib_keytab *t, const char *key, size_t val)
{
	if ((t->n + 1) * 2 > t->cap) {
		struct bib_keytab old = *t;
		t->cap = old.cap ? old.cap * 2 : 64;
		t->v = xcalloc(t->cap, sizeof *t->v);
		t->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i].key)
				tab_put(t, old.v[i].key, old.v[i].val);
		free(old.v);
	}
	struct tslot *s = tab_slot(t, key);
	if (!s->key)
		t->n++;
	s->key = key;
	s->val = val;
}

/* ---- Parser state ------------------------------------------------------ */

/* Raw byte `raw` of a value came from byte `file` of the .bib file; the
 * following bytes follow on until the next span. */
struct span {
	size_t raw, file;
};

struct value {
	struct strbuf raw;
	struct span *spans;
	size_t nspans, cap;
};

struct macro {
	char *name; /* lower-case */
	char *raw;
	struct span *spans;
	size_t nspans;
};

struct parser {
	const char *s;
	size_t len;
	size_t i;
	struct diag_list *d;
	struct bib_db *db;
	size_t *lines; /* byte offset of each line start */
	size_t nlines;
	size_t bom; /* 3 if the file starts with a byte-order mark */
	size_t c_off, c_line; /* last position computed: positions mostly */
	int c_col;            /* come in file order, so count on from there */
	size_t ecap; /* capacity of db->entries */
	struct macro *macros;
	size_t nmacros, capmacros;
	struct bib_keytab mtab;
};

static void compute_lines(struct parser *p)
{
	size_t cap = 0;
	p->lines = xgrow(NULL, &cap, 1, sizeof *p->lines);
	p->lines[0] = 0;
	p->nlines = 1;
	for (const char *q = p->s, *end = p->s + p->len; (q = memchr(q, '\n', (size_t)(end - q)));) {
		q++;
		p->lines = xgrow(p->lines, &cap, p->nlines + 1, sizeof *p->lines);
		p->lines[p->nlines++] = (size_t)(q - p->s);
	}
}

static struct srcpos pos_of(struct parser *p, size_t off)
{
	size_t lo = 0, hi = p->nlines; /* last line start <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t start = p->lines[lo];
	int col = 1;
	if (lo == 0 && off >= p->bom)
		start = p->bom; /* editors do not show the BOM as a column */
	if (p->c_line == lo && p->c_off >= start && p->c_off <= off) {
		start = p->c_off;
		col = p->c_col;
	}
	for (size_t k = start; k < off && k < p->len; k++)
		if (((unsigned char)p->s[k] & 0xC0) != 0x80)
			col++;
	p->c_off = off;
	p->c_line = lo;
	p->c_col = col;
	return (struct srcpos){p->db->path, (int)lo + 1, col};
}

static void err_at(struct parser *p, enum rule_id r, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void err_at(struct parser *p, enum rule_id r, size_t off, const char *fmt, ...)
{
	struct strbuf b;
	sb_init(&b);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	struct srcpos pos = pos_of(p, off);
	diag_report(p->d, r, pos.file, pos.line, pos.col, "%s", b.s);
	sb_free(&b);
}

/* ---- Lexical helpers ---------------------------------------------------- */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* BibTeX's identifier characters: anything printable but these. */
static bool is_ident(char c)
{
	return c && !is_ws(c) && !strchr("\"#%'(),={}@\\", c);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t skip_ws(const struct parser *p, size_t i)
{
	while (i < p->len && is_ws(p->s[i]))
		i++;
	return i;
}

static size_t ident_end(const struct parser *p, size_t i)
{
	while (i < p->len && is_ident(p->s[i]))
		i++;
	return i;
}

static char *lower_dup(const char *s, size_t n)
{
	char *r = xstrndup(s, n);
	for (char *q = r; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return r;
}

/* Show the character at i in a message ("end of file" past the end). */
static const char *what_at(const struct parser *p, size_t i, char buf[8])
{
	if (i >= p->len)
		return "the end of the file";
	unsigned char c = (unsigned char)p->s[i];
	if (c == '\n' || c == '\r')
		return "the end of the line";
	if (c < 0x20 || c >= 0x80)
		return "an unexpected character";
	buf[0] = '\'';
	buf[1] = (char)c;
	buf[2] = '\'';
	buf[3] = '\0';
	return buf;
}

static bool at_line_start(const struct parser *p, size_t at)
{
	if (at > p->len) /* callers may ask just past the end after a truncated entry */
		at = p->len;
	for (size_t k = at; k > 0; k--) {
		char c = p->s[k - 1];
		if (c == '\n')
			return true;
		if (c != ' ' && c != '\t' && c != '\r')
			return false;
	}
	return true;
}

/* '@' followed by a word and '{' or '('. */
static bool looks_like_entry(const struct parser *p, size_t at)
{
	size_t i = skip_ws(p, at + 1);
	size_t e = ident_end(p, i);
	if (e == i)
		return false;
	e = skip_ws(p, e);
	return e < p->len && (p->s[e] == '{' || p->s[e] == '(');
}

static bool is_entry_start(const struct parser *p, size_t at)
{
	return p->s[at] == '@' && (at_line_start(p, at) || looks_like_entry(p, at));
}

/* Scan forward for an entry start.  Outside entries a '%' comments out the
 * rest of its line, so a commented-out '@article{' is not read. */
static size_t next_entry_start(const struct parser *p, size_t from)
{
	bool blank = at_line_start(p, from);
	for (size_t i = from; i < p->len; i++) {
		char c = p->s[i];
		if (c == '\n') {
			blank = true;
		} else if (c == '%') {
			const char *nl = memchr(p->s + i, '\n', p->len - i);
			if (!nl)
				break;
			i = (size_t)(nl - p->s);
			blank = true;
		} else if (c == '@' && (blank || looks_like_entry(p, i))) {
			return i;
		} else if (!is_ws(c)) {
			blank = false;
		}
	}
	return p->len;
}

/* A newline, blank space and then an entry start: a brace or quote left
 * open has run into the next entry. */
static bool runaway_at(const struct parser *p, size_t nl)
{
	size_t k = nl + 1;
	while (k < p->len && (p->s[k] == ' ' || p->s[k] == '\t' || p->s[k] == '\r'))
		k++;
	return k < p->len && p->s[k] == '@' && looks_like_entry(p, k);
}

/* ---- Values --------------------------------------------------------------- */

static void value_add(struct value *v, const char *s, size_t n, size_t file_off)
{
	v->spans = xgrow(v->spans, &v->cap, v->nspans + 1, sizeof *v->spans);
	v->spans[v->nspans++] = (struct span){v->raw.len, file_off};
	sb_add(&v->raw, s, n);
}

static void value_free(struct value *v)
{
	sb_free(&v->raw);
	free(v->spans);
}

static const char *const month_names[12][2] = {
	{"jan", "January"}, {"feb", "February"}, {"mar", "March"}, {"apr", "April"},
	{"may", "May"}, {"jun", "June"}, {"jul", "July"}, {"aug", "August"},
	{"sep", "September"}, {"oct", "October"}, {"nov", "November"}, {"dec", "December"},
};

static bool expand_macro(struct parser *p, struct value *v, const char *name, size_t at)
{
	const size_t *idx = tab_get(&p->mtab, name);
	if (idx) {
		const struct macro *m = &p->macros[*idx];
		size_t base = v->raw.len;
		if (m->nspans == 0) {
			value_add(v, "", 0, at);
			return true;
		}
		v->spans = xgrow(v->spans, &v->cap, v->nspans + m->nspans, sizeof *v->spans);
		for (size_t k = 0; k < m->nspans; k++)
			v->spans[v->nspans++] = (struct span){base + m->spans[k].raw, m->spans[k].file};
		sb_adds(&v->raw, m->raw);
		return true;
	}
	for (int k = 0; k < 12; k++)
		if (strcmp(name, month_names[k][0]) == 0) {
			value_add(v, month_names[k][1], strlen(month_names[k][1]), at);
			return true;
		}
	return false;
}

/* A delimited piece starting at p->i ('{' or '"').  Returns false after
 * reporting an unclosed delimiter; p->i is then where to resume. */
static bool delimited(struct parser *p, struct value *v)
{
	size_t open = p->i;
	bool quote = p->s[open] == '"';
	int depth = quote ? 0 : 1;
	for (size_t k = open + 1; k < p->len; k++) {
		char c = p->s[k];
		if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (depth == 0) {
				/* only possible in quotes: BibTeX refuses it too */
				err_at(p, R_BIB_SYNTAX, k, "unbalanced '}' inside a quoted value");
				p->i = k + 1;
				return false;
			}
			if (--depth == 0 && !quote) {
				value_add(v, p->s + open + 1, k - open - 1, open + 1);
				p->i = k + 1;
				return true;
			}
		} else if (c == '"' && quote && depth == 0) {
			value_add(v, p->s + open + 1, k - open - 1, open + 1);
			p->i = k + 1;
			return true;
		} else if (c == '\n' && runaway_at(p, k)) {
			p->i = k + 1;
			goto unclosed;
		}
	}
	p->i = p->len;
unclosed:
	if (quote)
		err_at(p, R_BIB_SYNTAX, open, "this quoted value is never closed: a '\"' is missing%s",
		       depth > 0 ? " (or a '}' inside it)" : "");
	else
		err_at(p, R_BIB_SYNTAX, open, "unbalanced braces: this '{' is never closed");
	return false;
}

/* value = piece ('#' piece)*.  Unknown macros are reported and expand to
 * nothing, as in BibTeX; other errors return false. */
static bool parse_value(struct parser *p, struct value *v)
{
	for (;;) {
		p->i = skip_ws(p, p->i);
		size_t at = p->i;
		char c = at < p->len ? p->s[at] : '\0';
		if (c == '{' || c == '"') {
			if (!delimited(p, v))
				return false;
		} else if (is_digit(c)) {
			size_t e = at;
			while (e < p->len && is_digit(p->s[e]))
				e++;
			value_add(v, p->s + at, e - at, at);
			p->i = e;
		} else if (at < p->len && is_ident(c)) {
			size_t e = ident_end(p, at);
			char *name = lower_dup(p->s + at, e - at);
			if (!expand_macro(p, v, name, at))
				err_at(p, R_BIB_SYNTAX, at, "unknown macro '%.*s': define it with @string or put the value in braces",
				       (int)(e - at), p->s + at);
			free(name);
			p->i = e;
		} else {
			char buf[8];
			err_at(p, R_BIB_SYNTAX, at, "expected a value ({braced}, \"quoted\", a number or a macro name) but found %s",
			       what_at(p, at, buf));
			return false;
		}
		size_t k = skip_ws(p, p->i);
		if (k < p->len && p->s[k] == '#') {
			p->i = k + 1;
			continue;
		}
		return true;
	}
}

/* ---- Conversion with positions --------------------------------------------- */

struct warn_ctx {
	struct parser *p;
	const struct value *v;
	const char *field;
};

static void value_warn(void *ctx, size_t off, const char *msg)
{
	struct warn_ctx *w = ctx;
	size_t file = 0;
	for (size_t k = 0; k < w->v->nspans && w->v->spans[k].raw <= off; k++)
		file = w->v->spans[k].file + (off - w->v->spans[k].raw);
	err_at(w->p, R_BIB_TEX, file, "%s (field '%s')", msg, w->field);
}

/* Fields holding identifiers rather than prose: no TeX typography. */
static bool is_verbatim_field(const char *name)
{
	static const char *const names[] = {"url", "doi", "eprint", "file", "pdf", "isbn", "issn", NULL};
	for (int k = 0; names[k]; k++)
		if (strcmp(name, names[k]) == 0)
			return true;
	return false;
}

/* ---- Entries ----------------------------------------------------------------- */

struct entry_build {
	struct bib_entry e;
	size_t cap;
	bool dup; /* the key was taken: parse for errors, then drop */
};

static void entry_free(struct bib_entry *e)
{
	for (size_t k = 0; k < e->nfields; k++) {
		free(e->fields[k].name);
		free(e->fields[k].value);
		free(e->fields[k].raw);
		bib_names_free(e->fields[k].names, e->fields[k].nnames);
	}
	free(e->fields);
	free(e->type);
	free(e->key);
}

static void add_field(struct parser *p, struct entry_build *b, size_t name_at, size_t name_end,
		      struct value *v)
{
	char *name = lower_dup(p->s + name_at, name_end - name_at);
	for (size_t k = 0; k < b->e.nfields; k++)
		if (strcmp(b->e.fields[k].name, name) == 0) {
			/* BibTeX keeps the first and calls the second an error. */
			err_at(p, R_BIB_SYNTAX, name_at, "field '%s' appears twice in this entry (first at line %d); the second is ignored",
			       name, b->e.fields[k].pos.line);
			free(name);
			return;
		}
	struct bib_field f = {0};
	f.name = name;
	f.raw = sb_steal(&v->raw);
	f.pos = pos_of(p, name_at);
	if (is_verbatim_field(name)) {
		f.value = tex_verbatim(f.raw, strlen(f.raw));
	} else {
		struct warn_ctx w = {p, v, name};
		f.value = tex_convert(f.raw, strlen(f.raw), value_warn, &w);
	}
	b->e.fields = xgrow(b->e.fields, &b->cap, b->e.nfields + 1, sizeof *b->e.fields);
	b->e.fields[b->e.nfields++] = f;
}

static void add_entry(struct parser *p, struct entry_build *b)
{
	struct bib_db *db = p->db;
	if (b->dup) {
		entry_free(&b->e);
		return;
	}
	db->entries = xgrow(db->entries, &p->ecap, db->n + 1, sizeof *db->entries);
	db->entries[db->n] = b->e;
	tab_put(db->index, db->entries[db->n].key, db->n);
	db->n++;
}

/* After a key or a field value ending at `end`: a ',' or the closing
 * delimiter.  Returns 1 to read more fields, 0 when the entry is complete,
 * -1 after an error that needs recovery. */
static int separator(struct parser *p, size_t end, char close, const char *key)
{
	p->i = skip_ws(p, end);
	size_t i = p->i;
	if (i < p->len && p->s[i] == ',') {
		p->i = i + 1;
		return 1;
	}
	if (i < p->len && p->s[i] == close) {
		p->i = i + 1;
		return 0;
	}
	if (i >= p->len || is_entry_start(p, i)) {
		err_at(p, R_BIB_SYNTAX, end, "entry '%s' is not closed: a '%c' is missing", key, close);
		return 0;
	}
	size_t e = ident_end(p, i);
	if (e > i && skip_ws(p, e) < p->len && p->s[skip_ws(p, e)] == '=') {
		/* The next field follows: report the comma and go on reading. */
		err_at(p, R_BIB_SYNTAX, end, "missing ',' before field '%.*s'", (int)(e - i), p->s + i);
		return 1;
	}
	char buf[8];
	err_at(p, R_BIB_SYNTAX, i, "expected ',' or '%c' but found %s", close, what_at(p, i, buf));
	return -1;
}

static void parse_entry(struct parser *p, size_t at, char *type, char close)
{
	p->i = skip_ws(p, p->i);
	size_t k0 = p->i, k = k0;
	while (k < p->len && !is_ws(p->s[k]) && !strchr(",={}\"#", p->s[k]) && p->s[k] != close)
		k++;
	size_t after = skip_ws(p, k);
	if (k == k0 || (after < p->len && p->s[after] == '=')) {
		err_at(p, R_BIB_SYNTAX, k0, "@%s has no key: write the citation key and a ',' after '%c'",
		       type, close == ')' ? '(' : '{');
		free(type);
		p->i = k0 + 1;
		return;
	}
	struct entry_build b = {{type, xstrndup(p->s + k0, k - k0), pos_of(p, at), NULL, 0}, 0, false};
	const size_t *prev = tab_get(p->db->index, b.e.key);
	if (prev) {
		err_at(p, R_BIB_DUP, k0, "duplicate key '%s': the first entry with this key is at line %d",
		       b.e.key, p->db->entries[*prev].pos.line);
		b.dup = true;
	}
	int more = separator(p, k, close, b.e.key);
	while (more == 1) {
		size_t after_comma = p->i;
		p->i = skip_ws(p, p->i);
		size_t n0 = p->i;
		if (n0 < p->len && p->s[n0] == close) { /* a trailing comma */
			p->i++;
			break;
		}
		if (n0 >= p->len || is_entry_start(p, n0)) {
			err_at(p, R_BIB_SYNTAX, after_comma, "entry '%s' is not closed: a '%c' is missing", b.e.key, close);
			break;
		}
		size_t n1 = ident_end(p, n0);
		if (n1 == n0) {
			char buf[8];
			err_at(p, R_BIB_SYNTAX, n0, "expected a field name but found %s", what_at(p, n0, buf));
			more = -1;
			break;
		}
		size_t eq = skip_ws(p, n1);
		if (eq >= p->len || p->s[eq] != '=') {
			err_at(p, R_BIB_SYNTAX, n1, "missing '=' after field name '%.*s'", (int)(n1 - n0), p->s + n0);
			p->i = eq;
			more = -1;
			break;
		}
		p->i = eq + 1;
		struct value v = {{NULL, 0, 0}, NULL, 0, 0};
		if (!parse_value(p, &v)) {
			value_free(&v);
			more = -1;
			break;
		}
		size_t end = p->i;
		add_field(p, &b, n0, n1, &v);
		value_free(&v);
		more = separator(p, end, close, b.e.key);
	}
	/* An entry with an error keeps the fields read before it. */
	add_entry(p, &b);
	if (more == -1)
		p->i = next_entry_start(p, p->i);
}

static void define_macro(struct parser *p, char *name, struct value *v)
{
	const size_t *idx = tab_get(&p->mtab, name);
	struct macro *m;
	if (idx) { /* a redefinition replaces the value, as in BibTeX */
		m = &p->macros[*idx];
		free(name);
		free(m->raw);
		free(m->spans);
	} else {
		p->macros = xgrow(p->macros, &p->capmacros, p->nmacros + 1, sizeof *p->macros);
		m = &p->macros[p->nmacros];
		m->name = name;
		tab_put(&p->mtab, name, p->nmacros++);
	}
	m->raw = sb_steal(&v->raw);
	m->spans = v->spans;
	m->nspans = v->nspans;
	v->spans = NULL;
	v->nspans = v->cap = 0;
}

/* @string{name = value} or @preamble{value}; kind is 's' or 'p'. */
static void parse_string_or_preamble(struct parser *p, char kind, char close)
{
	char *name = NULL;
	p->i = skip_ws(p, p->i);
	if (kind == 's') {
		size_t n0 = p->i, n1 = ident_end(p, n0);
		if (n1 == n0 || is_digit(p->s[n0])) {
			char buf[8];
			err_at(p, R_BIB_SYNTAX, n0, "expected a macro name after @string but found %s", what_at(p, n0, buf));
			p->i = next_entry_start(p, n0 + 1);
			return;
		}
		size_t eq = skip_ws(p, n1);
		if (eq >= p->len || p->s[eq] != '=') {
			err_at(p, R_BIB_SYNTAX, n1, "missing '=' after macro name '%.*s'", (int)(n1 - n0), p->s + n0);
			p->i = next_entry_start(p, n0 + 1);
			return;
		}
		name = lower_dup(p->s + n0, n1 - n0);
		p->i = eq + 1;
	}
	struct value v = {{NULL, 0, 0}, NULL, 0, 0};
	if (!parse_value(p, &v)) {
		free(name);
		value_free(&v);
		if (p->i < p->len)
			p->i = next_entry_start(p, p->i);
		return;
	}
	size_t end = p->i;
	if (name)
		define_macro(p, name, &v);
	value_free(&v);
	p->i = skip_ws(p, end);
	if (p->i < p->len && p->s[p->i] == close) {
		p->i++;
		return;
	}
	if (p->i >= p->len || is_entry_start(p, p->i)) {
		err_at(p, R_BIB_SYNTAX, end, "@%s is not closed: a '%c' is missing",
		       kind == 's' ? "string" : "preamble", close);
		return;
	}
	char buf[8];
	err_at(p, R_BIB_SYNTAX, p->i, "expected '%c' but found %s", close, what_at(p, p->i, buf));
	p->i = next_entry_start(p, p->i);
}

/* @comment: its braced body, if balanced, is skipped whole, so commented-out
 * entries stay out; otherwise only the word is, as in BibTeX. */
static void skip_comment(struct parser *p, char close)
{
	char open = close == '}' ? '{' : '(';
	int depth = 0;
	for (size_t k = p->i - 1; k < p->len; k++) {
		if (p->s[k] == open || p->s[k] == '{')
			depth++;
		else if ((p->s[k] == close || p->s[k] == '}') && --depth == 0) {
			p->i = k + 1;
			return;
		}
	}
}

static void parse_item(struct parser *p, size_t at)
{
	size_t t0 = skip_ws(p, at + 1), t1 = ident_end(p, t0);
	if (t1 == t0) {
		char buf[8];
		err_at(p, R_BIB_SYNTAX, t0, "expected an entry type after '@' but found %s", what_at(p, t0, buf));
		p->i = next_entry_start(p, at + 1);
		return;
	}
	char *type = lower_dup(p->s + t0, t1 - t0);
	size_t o = skip_ws(p, t1);
	if (o >= p->len || (p->s[o] != '{' && p->s[o] != '(')) {
		if (strcmp(type, "comment") != 0) {
			/* at the end of the type if the line ends there */
			size_t at_err = memchr(p->s + t1, '\n', o - t1) ? t1 : o;
			char buf[8];
			err_at(p, R_BIB_SYNTAX, at_err, "expected '{' after @%s but found %s", type,
			       what_at(p, at_err, buf));
		}
		free(type);
		p->i = next_entry_start(p, t1);
		return;
	}
	char close = p->s[o] == '{' ? '}' : ')';
	p->i = o + 1;
	if (strcmp(type, "comment") == 0) {
		free(type);
		skip_comment(p, close);
	} else if (strcmp(type, "string") == 0 || strcmp(type, "preamble") == 0) {
		char kind = type[0];
		free(type);
		parse_string_or_preamble(p, kind, close);
	} else {
		parse_entry(p, at, type, close);
	}
}

struct bib_db *bib_parse(const char *path, const char *text, size_t len, struct diag_list *d)
{
	struct bib_db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path ? path : "");
	db->index = xcalloc(1, sizeof *db->index);
	struct parser p;
	memset(&p, 0, sizeof p);
	p.s = text;
	p.len = len;
	p.d = d;
	p.db = db;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		p.bom = 3;
	compute_lines(&p);
	p.i = p.bom;
	p.c_off = p.bom;
	p.c_col = 1;
	for (;;) {
		size_t at = next_entry_start(&p, p.i);
		if (at >= len)
			break;
		parse_item(&p, at);
		if (p.i <= at) /* always make progress */
			p.i = at + 1;
	}
	for (size_t k = 0; k < p.nmacros; k++) {
		free(p.macros[k].name);
		free(p.macros[k].raw);
		free(p.macros[k].spans);
	}
	free(p.macros);
	free(p.mtab.v);
	free(p.lines);
	return db;
}

const struct bib_entry *bib_find(const struct bib_db *db, const char *key)
{
	if (!db || !key)
		return NULL;
	const size_t *idx = tab_get(db->index, key);
	return idx ? &db->entries[*idx] : NULL;
}

const struct bib_field *bib_field(const struct bib_entry *e, const char *name)
{
	if (!e || !name)
		return NULL;
	for (size_t k = 0; k < e->nfields; k++)
		if (strcasecmp(e->fields[k].name, name) == 0)
			return &e->fields[k];
	return NULL;
}

const char *bib_get(const struct bib_entry *e, const char *field)
{
	const struct bib_field *f = bib_field(e, field);
	return f ? f->value : NULL;
}

void bib_free(struct bib_db *db)
{
	if (!db)
		return;
	for (size_t k = 0; k < db->n; k++)
		entry_free(&db->entries[k]);
	free(db->entries);
	if (db->index)
		free(db->index->v);
	free(db->index);
	free(db->path);
	free(db);
}

/* ---- Names --------------------------------------------------------------------- */

/* BibTeX's case of a name word: the first letter at brace depth 0 decides;
 * a group starting with a backslash is a "special character" whose case is
 * that of its letter; other groups are caseless.  Unlike BibTeX, a control
 * sequence at depth 0 (Fr\"ohlich) is read the same way, and non-ASCII
 * letters count by their Unicode case. */
enum wcase { W_NONE, W_LOWER, W_UPPER };

#define MAX_CASE_DEPTH 16

static enum wcase letter_case(const char *s, size_t n, size_t *used)
{
	unsigned char c = (unsigned char)s[0];
	*used = 1;
	if (c >= 'a' && c <= 'z')
		return W_LOWER;
	if (c >= 'A' && c <= 'Z')
		return W_UPPER;
	if (c < 0x80)
		return W_NONE;
	size_t k = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
	if (k > n || k == 1)
		return W_NONE;
	UChar32 cp = c & (0x7F >> k);
	for (size_t j = 1; j < k; j++)
		cp = (cp << 6) | (s[j] & 0x3F);
	*used = k;
	if (u_isUUppercase(cp) || u_istitle(cp))
		return W_UPPER;
	if (u_isULowercase(cp))
		return W_LOWER;
	return W_NONE;
}

/* Case of a control word used as a letter (\o, \AE), W_NONE if it is not
 * one of those. */
static enum wcase control_word_case(const char *w, size_t n)
{
	static const char *const lower[] = {"i", "j", "oe", "ae", "aa", "o", "l", "ss", NULL};
	static const char *const upper[] = {"OE", "AE", "AA", "O", "L", NULL};
	for (int k = 0; lower[k]; k++)
		if (strlen(lower[k]) == n && memcmp(lower[k], w, n) == 0)
			return W_LOWER;
	for (int k = 0; upper[k]; k++)
		if (strlen(upper[k]) == n && memcmp(upper[k], w, n) == 0)
			return W_UPPER;
	return W_NONE;
}

static bool is_alpha_c(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Scan s[i, end) for the first letter; backslash sequences as described. */
static enum wcase scan_case(const char *s, size_t i, size_t end, int depth_left)
{
	if (depth_left <= 0)
		return W_NONE; /* hostile nesting: call it caseless */
	while (i < end) {
		char c = s[i];
		if (c == '\\') {
			size_t j = i + 1;
			while (j < end && is_alpha_c(s[j]))
				j++;
			if (j == i + 1) { /* control symbol (an accent): its argument decides */
				i = j + 1;
				continue;
			}
			enum wcase wc = control_word_case(s + i + 1, j - i - 1);
			if (wc != W_NONE)
				return wc;
			i = j; /* an accent word (\v, \H) or anything else: read on */
			continue;
		}
		if (c == '{') {
			if (i + 1 < end && s[i + 1] == '\\') {
				/* special character: decided inside, else caseless */
				int depth = 1;
				size_t j = i + 1;
				while (j < end && depth > 0) {
					if (s[j] == '{')
						depth++;
					else if (s[j] == '}')
						depth--;
					j++;
				}
				size_t inner_end = depth == 0 ? j - 1 : j;
				enum wcase wc = scan_case(s, i + 1, inner_end, depth_left - 1);
				if (wc != W_NONE)
					return wc;
				i = j;
				continue;
			}
			int depth = 1;
			i++;
			while (i < end && depth > 0) {
				if (s[i] == '{')
					depth++;
				else if (s[i] == '}')
					depth--;
				i++;
			}
			continue;
		}
		size_t used;
		enum wcase wc = letter_case(s + i, end - i, &used);
		if (wc != W_NONE)
			return wc;
		i += used;
	}
	return W_NONE;
}

struct word {
	size_t a, b;  /* the word is s[a, b) */
	char sep;     /* separator before it: ' ' (space or tie) or '-' */
};

/* Split s[a, b) into words at brace depth 0 on white space, '~' and '-'. */
static size_t split_words(const char *s, size_t a, size_t b, struct word **out)
{
	struct word *w = NULL;
	size_t n = 0, cap = 0;
	int depth = 0;
	size_t i = a, start = a;
	char sep = ' ', pending = ' ';
	for (; i <= b; i++) {
		char c = i < b ? s[i] : ' ';
		bool split = false;
		if (c == '{')
			depth++;
		else if (c == '}' && depth > 0)
			depth--;
		else if (depth == 0 && (is_ws(c) || c == '~' || c == '-'))
			split = true;
		if (c == '\\' && i + 1 < b) {
			i++; /* \- and \~ stay inside the word */
			continue;
		}
		if (!split)
			continue;
		if (i > start) {
			w = xgrow(w, &cap, n + 1, sizeof *w);
			w[n++] = (struct word){start, i, sep};
			pending = ' ';
		}
		if (c == '-')
			pending = '-';
		sep = pending;
		start = i + 1;
	}
	*out = w;
	return n;
}

/* Convert s[a, b) into a name part: TeX to Unicode, ties as plain spaces. */
static char *name_part(const char *s, size_t a, size_t b)
{
	if (a >= b)
		return NULL;
	char *t = tex_convert(s + a, b - a, NULL, NULL);
	struct strbuf out;
	sb_init(&out);
	for (const char *q = t; *q; q++) {
		if ((unsigned char)q[0] == 0xC2 && (unsigned char)q[1] == 0xA0) {
			sb_addc(&out, ' ');
			q++;
		} else {
			sb_addc(&out, *q);
		}
	}
	free(t);
	char *r = sb_steal(&out);
	if (!*r) {
		free(r);
		return NULL;
	}
	return r;
}

static size_t trim_left(const char *s, size_t a, size_t b)
{
	while (a < b && is_ws(s[a]))
		a++;
	return a;
}

static size_t trim_right(const char *s, size_t a, size_t b)
{
	while (b > a && is_ws(s[b - 1]))
		b--;
	return b;
}

static size_t group_end(const char *s, size_t open, size_t end)
{
	int depth = 0;
	for (size_t i = open; i < end; i++) {
		if (s[i] == '\\' && i + 1 < end) {
			i++;
			continue;
		}
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return i;
	}
	return end;
}

/* Fill *nm from the name s[a, b); false if it has no text at all. */
static bool split_one(const char *s, size_t a, size_t b, struct bib_name *nm)
{
	memset(nm, 0, sizeof *nm);
	a = trim_left(s, a, b);
	b = trim_right(s, a, b);
	if (a >= b)
		return false;
	if (b - a == 6 && memcmp(s + a, "others", 6) == 0) {
		nm->others = true;
		return true;
	}
	if (s[a] == '{' && a + 1 < b && s[a + 1] != '\\' && group_end(s, a, b) == b - 1) {
		nm->family = name_part(s, a + 1, b - 1);
		nm->corporate = true;
		return nm->family != NULL;
	}
	/* commas at depth 0 choose the form */
	size_t commas[2];
	int ncommas = 0, depth = 0;
	for (size_t i = a; i < b; i++) {
		if (s[i] == '\\') {
			i++;
		} else if (s[i] == '{') {
			depth++;
		} else if (s[i] == '}' && depth > 0) {
			depth--;
		} else if (s[i] == ',' && depth == 0 && ncommas < 2) {
			commas[ncommas++] = i; /* a third comma stays in First */
		}
	}
	size_t vl_end = ncommas ? commas[0] : b;
	struct word *w;
	size_t n = split_words(s, a, vl_end, &w);
	if (n == 0) {
		free(w);
		if (ncommas == 0)
			return false;
	}
	size_t first_end = 0, von_start = 0, von_end = 0;
	if (n > 0) {
		size_t last = n - 1;
		if (ncommas == 0) {
			/* First von Last: von starts at the first lower-case word */
			while (von_start < last && scan_case(s, w[von_start].a, w[von_start].b, MAX_CASE_DEPTH) != W_LOWER)
				von_start++;
			if (von_start == last) {
				/* no von: Last takes the words hyphenated to it */
				while (von_start > 0 && w[von_start].sep == '-')
					von_start--;
				von_end = von_start;
			}
			first_end = von_start;
		}
		if (ncommas > 0 || von_start < last) {
			/* von ends at the last lower-case word before the last word */
			von_end = last;
			while (von_end > von_start && scan_case(s, w[von_end - 1].a, w[von_end - 1].b, MAX_CASE_DEPTH) != W_LOWER)
				von_end--;
		}
		if (first_end > 0)
			nm->given = name_part(s, w[0].a, w[first_end - 1].b);
		if (von_end > von_start)
			nm->particle = name_part(s, w[von_start].a, w[von_end - 1].b);
		nm->family = name_part(s, w[von_end].a, w[n - 1].b);
	}
	free(w);
	if (ncommas == 1) {
		nm->given = name_part(s, trim_left(s, commas[0] + 1, b), b);
	} else if (ncommas == 2) {
		size_t ja = trim_left(s, commas[0] + 1, commas[1]);
		nm->suffix = name_part(s, ja, trim_right(s, ja, commas[1]));
		nm->given = name_part(s, trim_left(s, commas[1] + 1, b), b);
	}
	return nm->given || nm->particle || nm->family || nm->suffix;
}

static bool is_and(const char *s, size_t a, size_t b)
{
	return b - a == 3 && (s[a] | 0x20) == 'a' && (s[a + 1] | 0x20) == 'n' && (s[a + 2] | 0x20) == 'd';
}

size_t bib_split_names(const char *raw, struct bib_name **out)
{
	*out = NULL;
	if (!raw)
		return 0;
	size_t len = strlen(raw);
	struct bib_name *v = NULL;
	size_t n = 0, cap = 0;
	/* words at depth 0; the word "and" separates names */
	size_t name_start = 0, i = 0;
	int depth = 0;
	while (i <= len) {
		while (i < len && depth == 0 && is_ws(raw[i]))
			i++;
		size_t w0 = i;
		while (i < len && (depth > 0 || !is_ws(raw[i]))) {
			if (raw[i] == '\\' && i + 1 < len)
				i++;
			else if (raw[i] == '{')
				depth++;
			else if (raw[i] == '}' && depth > 0)
				depth--;
			i++;
		}
		bool end = i >= len;
		bool sep = is_and(raw, w0, i);
		if (sep || end) {
			size_t name_end = sep ? w0 : len;
			struct bib_name nm;
			if (split_one(raw, name_start, name_end, &nm)) {
				v = xgrow(v, &cap, n + 1, sizeof *v);
				v[n++] = nm;
			}
			name_start = i;
		}
		if (end)
			break;
	}
	*out = v;
	return n;
}

size_t bib_names(const struct bib_entry *e, const char *field, const struct bib_name **out)
{
	struct bib_field *f = (struct bib_field *)bib_field(e, field); /* its private cache */
	*out = NULL;
	if (!f)
		return 0;
	if (!f->split) {
		f->nnames = bib_split_names(f->raw, &f->names);
		f->split = true;
	}
	*out = f->names;
	return f->nnames;
}

void bib_names_free(struct bib_name *v, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		free(v[k].given);
		free(v[k].particle);
		free(v[k].family);
		free(v[k].suffix);
	}
	free(v);
}
