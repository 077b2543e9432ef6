#include <pthread.h>
#include "md_math.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmark-gfm's public API cannot set a node's source position or attach
 * data to an extension node; the struct layouts of the Debian package's
 * own headers (libcmark-gfm-dev, same version as the library) can. */
#include <cmark-gfm/houdini.h>
#include <cmark-gfm/node.h>
#include <cmark-gfm/render.h>

cmark_node_type QUIRE_NODE_MATH_INLINE, QUIRE_NODE_MATH_DISPLAY, QUIRE_NODE_MATH_BLOCK;

static cmark_syntax_extension *the_ext;

/* Per-node data, in node->as.opaque, allocated with the node's allocator. */
struct mm_data {
	char *label;    /* NUL-terminated, or NULL */
	int delim;      /* bytes of opening delimiter before the TeX: 1, 2, or 0 for \begin */
	int nl;         /* newlines inside the formula's source */
	int stale_line; /* the line cmark's inline parser believed it was on */
	int col_shift;  /* how far cmark's columns after the formula are off */
};

static bool is_ours(cmark_node *n)
{
	return n && the_ext && n->extension == the_ext &&
	       (n->type == QUIRE_NODE_MATH_INLINE || n->type == QUIRE_NODE_MATH_DISPLAY ||
		n->type == QUIRE_NODE_MATH_BLOCK);
}

bool md_math_is_math(cmark_node *n)
{
	return is_ours(n);
}

bool md_math_is_inline(cmark_node *n)
{
	return is_ours(n) && n->type == QUIRE_NODE_MATH_INLINE;
}

bool md_math_is_display(cmark_node *n)
{
	return is_ours(n) && n->type != QUIRE_NODE_MATH_INLINE;
}

bool md_math_is_block(cmark_node *n)
{
	return is_ours(n) && n->type == QUIRE_NODE_MATH_BLOCK;
}

const char *md_math_tex(cmark_node *n)
{
	return is_ours(n) ? (const char *)n->content.ptr : NULL;
}

static struct mm_data *data_of(cmark_node *n)
{
	return is_ours(n) ? (struct mm_data *)n->as.opaque : NULL;
}

const char *md_math_label(cmark_node *n)
{
	struct mm_data *d = data_of(n);
	return d ? d->label : NULL;
}

void md_math_tex_pos(cmark_node *n, int *line, int *col)
{
	struct mm_data *d = data_of(n);
	*line = n ? n->start_line : 0;
	*col = n ? n->start_column + (d ? d->delim : 0) : 0;
}

/* ------------------------------------------------------------- scanning */

/* Environments that pandoc passes to TeX as display math. */
static const char *const math_envs[] = {
	"equation", "equation*", "align", "align*", "gather", "gather*", "multline",
	"multline*", "eqnarray", "eqnarray*", "flalign", "flalign*", "alignat", "alignat*",
	"displaymath",
};
#define N_ENVS (sizeof math_envs / sizeof math_envs[0])

/* A formula found in the inline text: [start, end) is the whole source
 * (delimiters and label included), [tex, tex_end) the TeX. */
struct span {
	int start, tex, tex_end, end;
	int label, label_len; /* label_len 0: none */
	bool display;
};

/* A \begin{env} that found no \end{env} after `from` in this text: later
 * ones in the same text cannot either, so they need not search again.
 * Reset after every parse (postprocess), so a stale text never matches. */
static _Thread_local struct {
	const unsigned char *data;
	int len, from;
	size_t env;
} env_miss;

/* Inside $...$ pandoc skips \text{...} whole, so a $ in it does not close
 * the formula.  Bounded, so that hostile input stays linear. */
static int skip_text_braces(const unsigned char *d, int len, int i)
{
	int depth = 0, limit = i + 4096 < len ? i + 4096 : len;
	for (int k = i; k < limit; k++) {
		if (d[k] == '\\')
			k++;
		else if (d[k] == '{')
			depth++;
		else if (d[k] == '}' && --depth == 0)
			return k + 1;
	}
	return -1;
}

/* pandoc-crossref's {#eq:label} right after a display formula. */
static void scan_label(const unsigned char *d, int len, struct span *sp)
{
	int j = sp->end;
	while (j < len && (d[j] == ' ' || d[j] == '\t'))
		j++;
	if (j + 2 >= len || d[j] != '{' || d[j + 1] != '#')
		return;
	int k = j + 2;
	while (k < len && d[k] != '}' && !isspace(d[k]) && d[k] != '{')
		k++;
	if (k >= len || d[k] != '}' || k == j + 2)
		return;
	sp->label = j + 2;
	sp->label_len = k - j - 2;
	sp->end = k + 1;
}

/* $...$ or $$...$$ at pos.  Returns 1 if found, 0 if not, -1 if "$$" was
 * found without a usable closer (both dollars are then literal text). */
static int scan_dollar(const unsigned char *d, int len, int pos, struct span *sp)
{
	memset(sp, 0, sizeof *sp);
	sp->start = pos;
	if (pos + 1 < len && d[pos + 1] == '$') {
		int i = pos + 2;
		while (i + 1 < len && !(d[i] == '$' && d[i + 1] == '$'))
			i++;
		if (i + 1 >= len)
			return -1;
		bool blank = true;
		for (int k = pos + 2; k < i; k++)
			if (!isspace(d[k]))
				blank = false;
		if (blank)
			return -1;
		sp->display = true;
		sp->tex = pos + 2;
		sp->tex_end = i;
		sp->end = i + 2;
		scan_label(d, len, sp);
		return 1;
	}
	if (pos + 1 >= len || isspace(d[pos + 1]))
		return 0;
	for (int i = pos + 1; i < len; i++) {
		if (d[i] == '\\') {
			if (i + 6 <= len && memcmp(d + i, "\\text{", 6) == 0) {
				int e = skip_text_braces(d, len, i + 5);
				if (e > 0) {
					i = e - 1;
					continue;
				}
			}
			i++;
			continue;
		}
		if (d[i] != '$')
			continue;
		if (isspace(d[i - 1]) || (i + 1 < len && isdigit(d[i + 1])))
			return 0; /* "$5 and $10": prices, not math */
		sp->tex = pos + 1;
		sp->tex_end = i;
		sp->end = i + 1;
		return 1;
	}
	return 0;
}

static int find(const unsigned char *d, int len, int from, const char *needle, int nl)
{
	for (int i = from; i + nl <= len; i++)
		if (d[i] == (unsigned char)needle[0] && memcmp(d + i, needle, (size_t)nl) == 0)
			return i;
	return -1;
}

/* \begin{env}...\end{env}, where pos is at the 'b' just after a lone
 * backslash (cmark has already turned that backslash into text). */
static bool scan_env(const unsigned char *d, int len, int pos, struct span *sp)
{
	int run = 0;
	for (int k = pos - 1; k >= 0 && d[k] == '\\'; k--)
		run++;
	if (run % 2 == 0 || len - pos < 8 || memcmp(d + pos, "begin{", 6) != 0)
		return false;
	size_t env = N_ENVS;
	int nlen = 0;
	for (size_t e = 0; e < N_ENVS; e++) {
		int l = (int)strlen(math_envs[e]);
		if (pos + 6 + l < len && memcmp(d + pos + 6, math_envs[e], (size_t)l) == 0 &&
		    d[pos + 6 + l] == '}') {
			env = e;
			nlen = l;
		}
	}
	if (env == N_ENVS)
		return false;
	if (env_miss.data == d && env_miss.len == len && env_miss.env == env && env_miss.from <= pos)
		return false;
	char needle[32];
	int n = snprintf(needle, sizeof needle, "\\end{%s}", math_envs[env]);
	int e = find(d, len, pos + 7 + nlen, needle, n);
	if (e < 0) {
		env_miss.data = d;
		env_miss.len = len;
		env_miss.env = env;
		env_miss.from = pos;
		return false;
	}
	memset(sp, 0, sizeof *sp);
	sp->display = true;
	sp->start = sp->tex = pos - 1;
	sp->tex_end = sp->end = e + n;
	return true;
}

/* ------------------------------------------- formulas over several lines */

/* A block marker at the start of a line inside a display formula, and the
 * control byte that stands in for it while cmark parses (none of these
 * bytes is in the text when md_math_protect changes anything). */
static const char protect_from[] = "+-*>#=.)";
static const char protect_to[] = "\x0E\x0F\x10\x11\x12\x13\x14\x15";

/* The byte of a block marker that a line [a, e) starts with (after up to
 * three spaces), or NULL: a list item, a block quote, a heading or a
 * setext underline, each of which CommonMark lets interrupt a paragraph. */
static char *block_marker(char *a, char *e)
{
	char *p = a;
	while (p < e && p - a < 3 && *p == ' ')
		p++;
	if (p == e)
		return NULL;
	bool space_after = p + 1 == e || p[1] == ' ' || p[1] == '\t';
	if ((*p == '+' || *p == '-' || *p == '*' || *p == '>') && (space_after || *p == '>'))
		return p;
	if (*p == '#' && (space_after || p[1] == '#'))
		return p;
	if (*p == '=' || *p == '-') { /* a setext underline: the one character repeated */
		char *q = p;
		while (q < e && *q == *p)
			q++;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		return q == e ? p : NULL;
	}
	char *q = p;
	while (q < e && q - p < 9 && *q >= '0' && *q <= '9')
		q++;
	if (q > p && q < e && (*q == '.' || *q == ')') && (q + 1 == e || q[1] == ' ' || q[1] == '\t'))
		return q;
	return NULL;
}

static size_t count(const char *a, const char *e, const char *needle)
{
	size_t n = 0, nl = strlen(needle);
	for (const char *p = a; p + nl <= e; p++)
		if (memcmp(p, needle, nl) == 0) {
			n++;
			p += nl - 1;
		}
	return n;
}

/* Where the display formula opened on line [a, e) closes: "$$" when the
 * line leaves one open, "\end{env}" for a \begin{env} it does not end;
 * false when the line opens none. */
static bool opens_display(const char *a, const char *e, char *closer, size_t cap)
{
	if (memchr(a, '$', (size_t)(e - a)) && count(a, e, "$$") % 2 == 1) {
		snprintf(closer, cap, "$$");
		return true;
	}
	if (!count(a, e, "\\begin{"))
		return false;
	for (size_t k = 0; k < N_ENVS; k++) {
		char open[40];
		snprintf(open, sizeof open, "\\begin{%s}", math_envs[k]);
		snprintf(closer, cap, "\\end{%s}", math_envs[k]);
		if (count(a, e, open) > count(a, e, closer))
			return true;
	}
	return false;
}

bool md_math_protect(char *s, size_t len)
{
	if (strlen(s) != len || strpbrk(s, protect_to))
		return false;
	bool changed = false, fence = false;
	char fch = 0;
	char *end = s + len, *a = s;
	while (a < end) {
		char *e = memchr(a, '\n', (size_t)(end - a));
		if (!e)
			e = end;
		const char *t = a;
		while (t < e && t - a < 3 && *t == ' ')
			t++;
		if (e - t >= 3 && (*t == '`' || *t == '~') && t[1] == *t && t[2] == *t &&
		    (!fence || *t == fch)) { /* code fences: nothing inside is math */
			fence = !fence;
			fch = *t;
		}
		char closer[40];
		if (fence || !opens_display(a, e, closer, sizeof closer)) {
			a = e < end ? e + 1 : end;
			continue;
		}
		/* The lines up to the closer, if they come before a blank line. */
		char *l = e < end ? e + 1 : end, *stop = NULL;
		for (char *k = l; k < end;) {
			char *ke = memchr(k, '\n', (size_t)(end - k));
			if (!ke)
				ke = end;
			const char *b = k;
			while (b < ke && (*b == ' ' || *b == '\t' || *b == '\r'))
				b++;
			if (b == ke)
				break; /* a blank line ends the paragraph, and the formula with it */
			if (count(k, ke, closer)) {
				stop = ke;
				break;
			}
			k = ke < end ? ke + 1 : end;
		}
		if (!stop) {
			a = e < end ? e + 1 : end;
			continue;
		}
		for (char *k = l; k < stop;) {
			char *ke = memchr(k, '\n', (size_t)(stop - k));
			if (!ke)
				ke = stop;
			char *m = block_marker(k, ke);
			if (m) {
				*m = protect_to[strchr(protect_from, *m) - protect_from];
				changed = true;
			}
			k = ke + 1;
		}
		a = stop < end ? stop + 1 : end;
	}
	return changed;
}

void md_math_unprotect(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		const char *c = s[i] ? memchr(protect_to, s[i], sizeof protect_to - 1) : NULL;
		if (c)
			s[i] = protect_from[c - protect_to];
	}
}

/* Without {#eq:x}, a display formula is named by its first \label{x}. */
static void scan_tex_label(const unsigned char *d, struct span *sp)
{
	if (!sp->display || sp->label_len)
		return;
	int l = find(d, sp->tex_end, sp->tex, "\\label{", 7);
	if (l < 0)
		return;
	int c = find(d, sp->tex_end, l + 7, "}", 1);
	if (c > l + 7) {
		sp->label = l + 7;
		sp->label_len = c - l - 7;
	}
}

/* --------------------------------------------------------------- nodes */

static char *mem_strndup(cmark_mem *mem, const unsigned char *s, int n)
{
	char *r = mem->calloc(1, (size_t)n + 1);
	memcpy(r, s, (size_t)n);
	return r;
}

static cmark_node *make_text(cmark_mem *mem, const char *s, int line, int col)
{
	cmark_node *t = cmark_node_new_with_mem(CMARK_NODE_TEXT, mem);
	cmark_node_set_literal(t, s);
	t->start_line = t->end_line = line;
	t->start_column = col;
	t->end_column = col + (int)strlen(s) - 1;
	return t;
}

static cmark_node *match_inline(cmark_syntax_extension *ext, cmark_parser *parser,
				cmark_node *parent, unsigned char c, cmark_inline_parser *ip)
{
	(void)parser;
	if (c != '$' && c != 'b')
		return NULL;
	cmark_chunk *ch = cmark_inline_parser_get_chunk(ip);
	const unsigned char *d = ch->data;
	int len = ch->len, pos = cmark_inline_parser_get_offset(ip);
	int line = cmark_inline_parser_get_line(ip), col = cmark_inline_parser_get_column(ip);
	cmark_mem *mem = cmark_node_mem(parent);
	struct span sp;
	if (c == '$') {
		int r = scan_dollar(d, len, pos, &sp);
		if (r < 0) {
			cmark_inline_parser_set_offset(ip, pos + 2);
			return make_text(mem, "$$", line, col);
		}
		if (r == 0)
			return NULL;
	} else {
		/* The backslash is cmark's own special character, so no
		 * extension sees it.  But cmark offers every character that
		 * starts a new text run to the extensions, and after a lone
		 * "\" (kept as text: 'b' cannot be escaped) that is the 'b' of
		 * \begin.  Take back the backslash text and match from it. */
		if (pos == 0 || !scan_env(d, len, pos, &sp))
			return NULL;
		cmark_node *last = parent->last_child;
		if (!last || last->type != CMARK_NODE_TEXT || last->as.literal.len < 1 ||
		    last->as.literal.data[last->as.literal.len - 1] != '\\')
			return NULL;
		if (last->as.literal.len == 1)
			cmark_node_free(last);
		else
			cmark_node_unput(parent, 1);
		col -= 1;
	}

	scan_tex_label(d, &sp);
	cmark_node_type type = !sp.display ? QUIRE_NODE_MATH_INLINE : QUIRE_NODE_MATH_DISPLAY;
	cmark_node *n = cmark_node_new_with_mem_and_ext(type, mem, ext);
	cmark_strbuf_set(&n->content, d + sp.tex, sp.tex_end - sp.tex);
	md_math_unprotect((char *)n->content.ptr, (size_t)n->content.size);
	struct mm_data *md = mem->calloc(1, sizeof *md);
	n->as.opaque = md;
	md->delim = sp.tex - sp.start;
	if (sp.label_len)
		md->label = mem_strndup(mem, d + sp.label, sp.label_len);

	n->start_line = line;
	n->start_column = col;
	int last_nl = -1;
	for (int k = sp.start; k < sp.end; k++)
		if (d[k] == '\n') {
			md->nl++;
			last_nl = k;
		}
	if (!md->nl) {
		n->end_line = line;
		n->end_column = col + (sp.end - sp.start) - 1;
	} else {
		/* cmark will not learn about these newlines, so the lines and
		 * columns it gives what follows are off; postprocess fixes
		 * them with what is recorded here (see fix_positions). */
		int block_offset = parent->start_column - 1 + parent->internal_offset;
		int line_start = sp.start + 1 + block_offset - col; /* where cmark thinks the line began */
		md->stale_line = line;
		md->col_shift = last_nl + 1 - line_start;
		n->end_line = line + md->nl;
		n->end_column = sp.end - last_nl - 1 + block_offset;
	}
	cmark_inline_parser_set_offset(ip, sp.end);
	if (cmark_node_can_contain_type(parent, type))
		return n;
	/* GFM table cells accept only a fixed list of inline types: link the
	 * formula in by hand and give cmark an empty text node to append,
	 * which postprocess removes again. */
	n->parent = parent;
	n->prev = parent->last_child;
	if (parent->last_child)
		parent->last_child->next = n;
	else
		parent->first_child = n;
	parent->last_child = n;
	return make_text(mem, "", n->end_line, n->end_column + 1);
}

static bool is_sentinel(cmark_node *n)
{
	return n->type == CMARK_NODE_TEXT && n->as.literal.len == 0 && n->prev && is_ours(n->prev);
}

/* ---------------------------------------------------------- postprocess */

static bool leaf_type(cmark_node *n)
{
	switch (n->type) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE:
		return true;
	default:
		return false;
	}
}

struct fix {
	int lines;      /* newlines inside formulas so far in this block */
	bool active;    /* columns on stale_line are shifted */
	int stale_line, shift;
};

static void fix_end(struct fix *f, cmark_node *n, int orig_start_line)
{
	struct mm_data *md = is_ours(n) ? n->as.opaque : NULL;
	if (md && md->nl) { /* end was computed exactly, relative to the start */
		n->end_line += f->lines;
		f->lines += md->nl;
		f->active = true;
		f->stale_line = md->stale_line;
		f->shift = md->col_shift;
		return;
	}
	if (n->end_line <= 0)
		return;
	if (leaf_type(n) && n->end_line != orig_start_line) {
		/* a code span over lines: cmark counted its newlines itself */
		n->end_line += f->lines;
		f->active = false;
		return;
	}
	if (f->active && n->end_line == f->stale_line)
		n->end_column -= f->shift;
	n->end_line += f->lines;
}

/* Inline positions that cmark computed without knowing about the newlines
 * inside multi-line formulas. */
static void fix_positions(cmark_node *root)
{
	struct fix f = {0};
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (CMARK_NODE_BLOCK_P(n)) {
			memset(&f, 0, sizeof f);
			continue;
		}
		if (n->type == CMARK_NODE_SOFTBREAK || n->type == CMARK_NODE_LINEBREAK)
			f.active = false; /* cmark restarts its columns at a real newline */
		if (!f.lines && !f.active && !is_ours(n))
			continue;
		if (ev == CMARK_EVENT_ENTER) {
			int orig = n->start_line;
			if (n->start_line > 0) {
				if (f.active && n->start_line == f.stale_line)
					n->start_column -= f.shift;
				n->start_line += f.lines;
			}
			if (leaf_type(n))
				fix_end(&f, n, orig);
		} else if (ev == CMARK_EVENT_EXIT) {
			fix_end(&f, n, n->end_line);
		}
	}
	cmark_iter_free(it);
}

static void opaque_free(cmark_syntax_extension *ext, cmark_mem *mem, cmark_node *n)
{
	(void)ext;
	struct mm_data *md = n->as.opaque;
	if (!md)
		return;
	if (md->label)
		mem->free(md->label);
	mem->free(md);
	n->as.opaque = NULL;
}

/* A paragraph that is one display formula and nothing else becomes a
 * block, so back ends need not look inside paragraphs for it. */
static void promote(cmark_syntax_extension *ext, cmark_node *para)
{
	cmark_node *m = para->first_child;
	cmark_mem *mem = cmark_node_mem(para);
	struct mm_data *old = m->as.opaque;
	cmark_node *b = cmark_node_new_with_mem_and_ext(QUIRE_NODE_MATH_BLOCK, mem, ext);
	cmark_strbuf_set(&b->content, m->content.ptr, m->content.size);
	struct mm_data *md = mem->calloc(1, sizeof *md);
	*md = *old;
	md->label = NULL;
	if (old->label)
		md->label = mem_strndup(mem, (const unsigned char *)old->label,
					(int)strlen(old->label));
	b->as.opaque = md;
	b->start_line = para->start_line;
	b->start_column = para->start_column;
	b->end_line = para->end_line;
	b->end_column = para->end_column;
	if (cmark_node_replace(para, b))
		cmark_node_free(para);
	else
		cmark_node_free(b);
}

static cmark_node *postprocess(cmark_syntax_extension *ext, cmark_parser *parser, cmark_node *root)
{
	(void)parser;
	memset(&env_miss, 0, sizeof env_miss);
	fix_positions(root);
	/* Collect sentinels and paragraphs to promote first: the tree must
	 * not change under the iterator. */
	cmark_node **todo = NULL;
	size_t np = 0, cap = 0;
	cmark_mem *mem = cmark_node_mem(root);
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && is_sentinel(n)) {
			if (np == cap) {
				cap = cap ? 2 * cap : 8;
				todo = mem->realloc(todo, cap * sizeof *todo);
			}
			todo[np++] = n;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER || n->type != CMARK_NODE_PARAGRAPH)
			continue;
		cmark_node *k = n->first_child;
		if (!k || k != n->last_child || k->type != QUIRE_NODE_MATH_DISPLAY || !is_ours(k))
			continue;
		if (np == cap) {
			cap = cap ? 2 * cap : 8;
			todo = mem->realloc(todo, cap * sizeof *todo);
		}
		todo[np++] = n;
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < np; i++) {
		if (todo[i]->type == CMARK_NODE_TEXT)
			cmark_node_free(todo[i]);
		else
			promote(ext, todo[i]);
	}
	if (todo)
		mem->free(todo);
	return root;
}

/* ------------------------------------------------------------ rendering */

static void html_render(cmark_syntax_extension *ext, struct cmark_html_renderer *r,
			cmark_node *n, cmark_event_type ev, int options)
{
	(void)ext;
	(void)options;
	if (ev != CMARK_EVENT_ENTER)
		return;
	struct mm_data *md = n->as.opaque;
	cmark_strbuf *html = r->html;
	bool block = n->type == QUIRE_NODE_MATH_BLOCK, inl = n->type == QUIRE_NODE_MATH_INLINE;
	bool env = md && md->delim == 0;
	if (block) {
		if (html->size && html->ptr[html->size - 1] != '\n')
			cmark_strbuf_putc(html, '\n');
		cmark_strbuf_puts(html, "<div class=\"math display\">");
	} else {
		cmark_strbuf_puts(html, inl ? "<span class=\"math inline\">"
					    : "<span class=\"math display\">");
	}
	if (!env)
		cmark_strbuf_puts(html, inl ? "\\(" : "\\[");
	houdini_escape_html0(html, n->content.ptr, n->content.size, 0);
	if (!env)
		cmark_strbuf_puts(html, inl ? "\\)" : "\\]");
	cmark_strbuf_puts(html, block ? "</div>\n" : "</span>");
}

/* Markdown and LaTeX output give the formula back as written. */
static void source_render(cmark_syntax_extension *ext, cmark_renderer *r, cmark_node *n,
			  cmark_event_type ev, int options)
{
	(void)ext;
	(void)options;
	if (ev != CMARK_EVENT_ENTER)
		return;
	struct mm_data *md = n->as.opaque;
	const char *delim = !md || md->delim == 0 ? "" : md->delim == 1 ? "$" : "$$";
	if (n->type == QUIRE_NODE_MATH_BLOCK)
		r->blankline(r);
	r->out(r, n, delim, false, LITERAL);
	r->out(r, n, (const char *)n->content.ptr, false, LITERAL);
	r->out(r, n, delim, false, LITERAL);
	if (md && md->label && md->delim == 2) {
		r->out(r, n, " {#", false, LITERAL);
		r->out(r, n, md->label, false, LITERAL);
		r->out(r, n, "}", false, LITERAL);
	}
	if (n->type == QUIRE_NODE_MATH_BLOCK)
		r->blankline(r);
}

static void plain_render(cmark_syntax_extension *ext, cmark_renderer *r, cmark_node *n,
			 cmark_event_type ev, int options)
{
	(void)ext;
	(void)options;
	if (ev == CMARK_EVENT_ENTER)
		r->out(r, n, (const char *)n->content.ptr, false, LITERAL);
}

static const char *type_string(cmark_syntax_extension *ext, cmark_node *n)
{
	(void)ext;
	return n->type == QUIRE_NODE_MATH_INLINE    ? "math_inline"
	       : n->type == QUIRE_NODE_MATH_DISPLAY ? "math_display"
						    : "math_block";
}

static int can_contain(cmark_syntax_extension *ext, cmark_node *n, cmark_node_type t)
{
	(void)ext;
	(void)n;
	(void)t;
	return 0;
}

static int contains_inlines(cmark_syntax_extension *ext, cmark_node *n)
{
	(void)ext;
	(void)n;
	return 0;
}

/* Node types are numbered from a global counter in cmark-gfm: made once,
 * even when parser threads ask together. */
static void make_extension(void)
{
	cmark_syntax_extension *e = cmark_syntax_extension_new("quire-math");
	QUIRE_NODE_MATH_INLINE = cmark_syntax_extension_add_node(1);
	QUIRE_NODE_MATH_DISPLAY = cmark_syntax_extension_add_node(1);
	QUIRE_NODE_MATH_BLOCK = cmark_syntax_extension_add_node(0);
	cmark_mem *mem = cmark_get_default_mem_allocator();
	cmark_llist *chars = cmark_llist_append(mem, NULL, (void *)(uintptr_t)'$');
	cmark_syntax_extension_set_special_inline_chars(e, chars);
	cmark_syntax_extension_set_match_inline_func(e, match_inline);
	cmark_syntax_extension_set_postprocess_func(e, postprocess);
	cmark_syntax_extension_set_opaque_free_func(e, opaque_free);
	cmark_syntax_extension_set_get_type_string_func(e, type_string);
	cmark_syntax_extension_set_can_contain_func(e, can_contain);
	cmark_syntax_extension_set_contains_inlines_func(e, contains_inlines);
	cmark_syntax_extension_set_html_render_func(e, html_render);
	cmark_syntax_extension_set_commonmark_render_func(e, source_render);
	cmark_syntax_extension_set_latex_render_func(e, source_render);
	cmark_syntax_extension_set_plaintext_render_func(e, plain_render);
	cmark_syntax_extension_set_man_render_func(e, plain_render);
	the_ext = e;
}

cmark_syntax_extension *md_math_extension(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_extension);
	return the_ext;
}
