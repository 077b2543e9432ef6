#define _GNU_SOURCE /* RTLD_NEXT */
#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "math.h"
#include "md_math.h"
#include "text.h"
#include "util.h"

static void attach(cmark_parser *p, const char *name)
{
	cmark_syntax_extension *ext = cmark_find_syntax_extension(name);
	if (ext)
		cmark_parser_attach_syntax_extension(p, ext);
}

/* Depth of block containers, measured without recursion. */
static int max_block_depth(cmark_node *root, int limit, cmark_node **first_over)
{
	int depth = 0, max = 0;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		/* A list level is its item; the list node itself adds nothing. */
		if (t != CMARK_NODE_ITEM && t != CMARK_NODE_BLOCK_QUOTE)
			continue;
		if (ev == CMARK_EVENT_ENTER) {
			if (++depth > max)
				max = depth;
			if (depth > limit && !*first_over)
				*first_over = n;
		} else if (ev == CMARK_EVENT_EXIT) {
			depth--;
		}
	}
	cmark_iter_free(it);
	return max;
}

/* ---- cmark-gfm on several threads ---------------------------------------
 * cmark-gfm marks its extensions' trigger characters ('$', '~', ':', 'w')
 * in one global table at the start of every parse's inline pass and
 * clears them at its end.  With papers parsed on several threads, one
 * parser's clearing hid '$' from another in mid-parse, and its formulas
 * came out as plain text.  Every quire parser attaches the same
 * extensions, so this definition, which cmark-gfm calls through the PLT
 * and which therefore takes the place of its own, marks them on the first
 * call and makes every later call, and every clearing, a no-op.  (Other
 * parsers see the marks too: an unmatched trigger only splits a text node
 * in two, which cmark_consolidate_text_nodes undoes.) */
typedef void manage_fn(cmark_parser *parser, int add);

void cmark_manage_extensions_special_characters(cmark_parser *parser, int add);
void cmark_manage_extensions_special_characters(cmark_parser *parser, int add)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static bool marked;
	/* A parser without extensions (titleblock.c) has nothing to mark. */
	if (!add || !cmark_parser_get_syntax_extensions(parser))
		return;
	pthread_mutex_lock(&lock);
	if (!marked) {
		manage_fn *real =
			(manage_fn *)dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
		if (real)
			real(parser, 1);
		marked = true;
	}
	pthread_mutex_unlock(&lock);
}

/* cmark-gfm's registry is global and unlocked: filled once, before any
 * parser thread reads it. */
static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	md_math_extension();
}

/* Give the markers md_math_protect swapped back to whatever text was not
 * a formula after all (code spans, literal text). */
static void unprotect_tree(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER ||
		    (t != CMARK_NODE_TEXT && t != CMARK_NODE_CODE && t != CMARK_NODE_HTML_INLINE))
			continue;
		const char *lit = cmark_node_get_literal(n);
		if (!lit)
			continue;
		char *copy = xstrdup(lit);
		md_math_unprotect(copy, strlen(copy));
		if (strcmp(copy, lit) != 0)
			cmark_node_set_literal(n, copy);
		free(copy);
	}
	cmark_iter_free(it);
}

/* Does the text hold `needle`?  Text is validated to hold no NUL, so
 * glibc's vectorised strstr answers; its memmem took 4% of an archive
 * build's instructions for these two searches. */
static bool has(const struct markdown *m, const char *needle)
{
	if (m->text[m->len] == '\0')
		return strstr(m->text, needle) != NULL;
	return memmem(m->text, m->len, needle, strlen(needle)) != NULL;
}

static bool is_break(cmark_node *n)
{
	cmark_node_type t = n ? cmark_node_get_type(n) : CMARK_NODE_NONE;
	return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
}

/* "{#fig:x width=50%}" written right after an image belongs to it. */
static bool is_attr_text(cmark_node *n)
{
	const char *s = n && cmark_node_get_type(n) == CMARK_NODE_TEXT ? cmark_node_get_literal(n) : NULL;
	size_t len = s ? strlen(s) : 0;
	return len >= 2 && s[0] == '{' && s[len - 1] == '}';
}

/* Move the siblings from `first` up to `stop` (or to the end) into a new
 * paragraph placed `before` or after `para`. */
static void move_into_new(cmark_node *para, cmark_node *first, cmark_node *stop, bool before)
{
	cmark_node *np = cmark_node_new(CMARK_NODE_PARAGRAPH);
	for (cmark_node *c = first, *next; c && c != stop; c = next) {
		next = cmark_node_next(c);
		cmark_node_unlink(c);
		cmark_node_append_child(np, c);
	}
	if (before)
		cmark_node_insert_before(para, np);
	else
		cmark_node_insert_after(para, np);
}

/* An image on a line of its own inside a paragraph ("![Fig. 1](a.png)"
 * and the text right under it, with no blank line between) is a figure
 * to its author, but to Markdown an inline image, which the PDF can only
 * name.  The paragraph keeps the image, as a figure captioned with its
 * description, and the text before and after it become paragraphs of
 * their own; the author is told. */
static void split_line_images(const struct markdown *m, struct diag_list *d)
{
	cmark_iter *it = cmark_iter_new(m->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *img = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(img) != CMARK_NODE_IMAGE)
			continue;
		cmark_node *para = cmark_node_parent(img);
		cmark_node *prev = cmark_node_previous(img), *next = cmark_node_next(img);
		if (is_attr_text(next))
			next = cmark_node_next(next);
		if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH || (!prev && !next) ||
		    (prev && !is_break(prev)) || (next && !is_break(next)))
			continue;
		struct srcpos pos = md_inline_pos(m, img);
		const char *alt = cmark_node_first_child(img) ? cmark_node_get_literal(cmark_node_first_child(img)) : NULL;
		diag_at(d, R_FIGURE_IN_TEXT, &pos,
			"the image has a line of its own but no blank line around it: it is set as a "
			"figure captioned '%s', and the text around it as paragraphs",
			alt && *alt ? alt : "");
		if (next) {
			move_into_new(para, cmark_node_next(next), NULL, false);
			cmark_node_free(next);
		}
		if (prev) {
			move_into_new(para, cmark_node_first_child(para), prev, true);
			cmark_node_free(prev);
		}
		/* Go on after the image's paragraph (the text after it is next). */
		cmark_iter_reset(it, para, CMARK_EVENT_EXIT);
	}
	cmark_iter_free(it);
}

void md_parse(struct markdown *m, struct diag_list *d)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, register_extensions);
	cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART);
	attach(p, "table");
	attach(p, "strikethrough");
	attach(p, "autolink");
	cmark_parser_attach_syntax_extension(p, md_math_extension());
	/* Formulas over several lines keep their lines (md_math_protect). */
	char *shielded = NULL;
	if (has(m, "$$") || has(m, "\\begin{")) {
		shielded = xstrndup(m->text, m->len);
		if (!md_math_protect(shielded, m->len)) {
			free(shielded);
			shielded = NULL;
		}
	}
	cmark_parser_feed(p, shielded ? shielded : m->text, m->len);
	m->doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	if (shielded) {
		unprotect_tree(m->doc);
		free(shielded);
	}
	split_line_images(m, d);
	cmark_node *deep = NULL;
	if (max_block_depth(m->doc, MD_MAX_DEPTH, &deep) > MD_MAX_DEPTH) {
		struct srcpos pos = md_node_pos(m, deep);
		diag_at(d, R_TOO_DEEP, &pos, "lists or block quotes nest more than %d levels deep",
			MD_MAX_DEPTH);
	}
}

bool md_prepare_text(const char *path, const char *raw, size_t rawlen, char **text, size_t *len,
		     struct diag_list *d)
{
	size_t skip = 0;
	if (rawlen >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
		skip = 3; /* a byte-order mark is harmless: drop it */
	*text = text_prepare(path, raw + skip, rawlen - skip, len, d);
	return *text != NULL;
}

bool md_read_text(const char *path, size_t limit, char **text, size_t *len, struct diag_list *d)
{
	char *raw;
	size_t rawlen;
	if (read_file(path, limit, &raw, &rawlen) != 0) {
		if (errno == EFBIG)
			diag_report(d, R_TOO_LARGE, path, 0, 0, "file is larger than %zu MB", limit >> 20);
		else
			diag_report(d, R_IO, path, 0, 0, "cannot read: %s", strerror(errno));
		return false;
	}
	bool ok = md_prepare_text(path, raw, rawlen, text, len, d);
	free(raw);
	return ok;
}

bool md_load_file(struct markdown *m, const char *path, const char *dir, struct diag_list *d)
{
	memset(m, 0, sizeof *m);
	m->path = xstrdup(path);
	m->dir = xstrdup(dir);
	if (!md_read_text(path, MD_MAX_BYTES, &m->text, &m->len, d))
		return false;
	md_parse(m, d);
	return true;
}

struct srcpos md_node_pos(const struct markdown *m, cmark_node *n)
{
	struct srcpos pos = {m->path, 0, 0};
	while (n && cmark_node_get_start_line(n) == 0)
		n = cmark_node_parent(n);
	if (!n)
		return pos;
	pos.line = cmark_node_get_start_line(n);
	int bytecol = cmark_node_get_start_column(n);
	const char *ls = text_line_start(m->text, m->len, pos.line);
	pos.col = ls ? text_char_col(ls, bytecol) : bytecol;
	return pos;
}

/* The enclosing block, whose source position cmark records reliably. */
static cmark_node *enclosing_block(cmark_node *n)
{
	while (n && (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE)
		n = cmark_node_parent(n);
	return n;
}

static struct srcpos pos_of_ptr(const struct markdown *m, const char *p)
{
	struct srcpos pos = {m->path, 1, 1};
	const char *ls = m->text;
	for (const char *q = m->text; q < p; q++)
		if (*q == '\n') {
			pos.line++;
			ls = q + 1;
		}
	pos.col = text_char_col(ls, (int)(p - ls) + 1);
	return pos;
}

struct srcpos md_inline_pos(const struct markdown *m, cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	const char *url = (t == CMARK_NODE_IMAGE || t == CMARK_NODE_LINK) ? cmark_node_get_url(n) : NULL;
	cmark_node *block = enclosing_block(n);
	if (!url || !*url || !block || cmark_node_get_start_line(block) == 0)
		return md_node_pos(m, n);
	/* cmark's inline positions drift in multi-line paragraphs, so find the
	 * destination in the block's own lines instead. */
	const char *start = text_line_start(m->text, m->len, cmark_node_get_start_line(block));
	const char *stop = text_line_start(m->text, m->len, cmark_node_get_end_line(block) + 1);
	if (!start)
		return md_node_pos(m, n);
	if (!stop)
		stop = m->text + m->len;
	char *needle = xasprintf("](%s", url);
	size_t nl = strlen(needle);
	const char *hit = NULL;
	for (const char *p = start; p + nl <= stop; p++)
		if (memcmp(p, needle, nl) == 0) {
			hit = p;
			break;
		}
	free(needle);
	if (!hit)
		return md_node_pos(m, n);
	/* Walk back to the opening bracket, balancing nested brackets. */
	int depth = 0;
	for (const char *p = hit - 1; p >= start; p--) {
		if (*p == ']')
			depth++;
		else if (*p == '[' && depth > 0)
			depth--;
		else if (*p == '[') {
			if (t == CMARK_NODE_IMAGE && p > start && p[-1] == '!')
				p--;
			return pos_of_ptr(m, p);
		}
	}
	return pos_of_ptr(m, hit);
}

static char *md_inline_plain(const char *s)
{
	if (!s[strcspn(s, "`*_\\&<[~")])
		return xstrdup(s);
	/* One paragraph, whatever the text starts with: "x " cannot open a
	 * heading, list or quote, and comes off again below. */
	struct strbuf in;
	sb_init(&in);
	sb_adds(&in, "x ");
	for (const char *p = s; *p; p++)
		sb_addc(&in, *p == '\n' || *p == '\r' ? ' ' : *p);
	cmark_node *doc = cmark_parse_document(in.s, in.len, CMARK_OPT_DEFAULT);
	sb_free(&in);
	cmark_node *para = cmark_node_first_child(doc);
	char *text = para ? md_plain_text(para) : NULL;
	cmark_node_free(doc);
	if (!text || !str_starts(text, "x ")) {
		free(text);
		return xstrdup(s);
	}
	char *out = text_trim(text + 2);
	free(text);
	return out;
}

char *md_inline_text(const char *s)
{
	if (strchr(s, '$')) { /* formulas first, as pandoc reads them before escapes */
		char *m = math_text_inline(s, true);
		char *r = md_inline_plain(m);
		free(m);
		return r;
	}
	return md_inline_plain(s);
}

cmark_node *md_parse_abstract(const char *text)
{
	cmark_node *doc = cmark_parse_document(text, strlen(text), CMARK_OPT_SMART);
	cmark_consolidate_text_nodes(doc); /* see the note on trigger characters above */
	for (cmark_node *n = cmark_node_first_child(doc), *next; n; n = next) {
		next = cmark_node_next(n);
		if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
			cmark_node_free(n); /* unlinks it too */
	}
	return doc;
}

char *md_abstract_text(const char *text)
{
	struct strbuf b;
	sb_init(&b);
	for (const char *p = text; *p;) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *para = xstrndup(p, n);
		char *plain = md_inline_text(para);
		char *t = text_trim(plain);
		if (*t) {
			if (b.len)
				sb_adds(&b, "\n\n");
			sb_adds(&b, t);
		}
		free(t);
		free(plain);
		free(para);
		if (!end)
			break;
		p = end + 2;
		while (*p == '\n')
			p++;
	}
	return sb_steal(&b);
}

static char *node_text(cmark_node *n, bool readable)
{
	struct strbuf b;
	sb_init(&b);
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *x = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(x);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
			sb_adds(&b, cmark_node_get_literal(x));
		} else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			sb_addc(&b, ' ');
		} else if (md_math_is_math(x)) {
			const char *tex = md_math_tex(x);
			if (readable) {
				char *m = math_text_of(tex, strlen(tex));
				sb_adds(&b, m);
				free(m);
			} else {
				sb_adds(&b, tex);
			}
		}
	}
	cmark_iter_free(it);
	return sb_steal(&b);
}

char *md_plain_text(cmark_node *n)
{
	return node_text(n, false);
}

char *md_readable_text(cmark_node *n)
{
	return node_text(n, true);
}
