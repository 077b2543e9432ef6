#include "mdcheck.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ident.h"
#include "markdown.h"
#include "math.h"
#include "md_math.h"
#include "pathcheck.h"
#include "text.h"
#include "util.h"

struct fn {
	char *label;
	int line, col;
	bool used;
};

struct fnset {
	struct fn *v;
	size_t n, cap;
};

static void fn_add(struct fnset *s, const char *label, size_t n, int line, int col)
{
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->v[s->n++] = (struct fn){xstrndup(label, n), line, col, false};
}

static void fn_free(struct fnset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].label);
	free(s->v);
}

static struct fn *fn_find(struct fnset *s, const char *label)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcasecmp(s->v[i].label, label) == 0)
			return &s->v[i];
	return NULL;
}

/* Length of a "[^label]" at p, with the label's extent, or 0. */
static size_t fn_marker(const char *p, const char *end, const char **label, size_t *llen)
{
	if (end - p < 4 || p[0] != '[' || p[1] != '^')
		return 0;
	const char *q = p + 2;
	while (q < end && *q != ']' && *q != '[' && !isspace((unsigned char)*q))
		q++;
	if (q >= end || *q != ']' || q == p + 2)
		return 0;
	*label = p + 2;
	*llen = (size_t)(q - p - 2);
	return (size_t)(q - p + 1);
}

/* A fence opener or closer: up to 3 spaces, then 3+ backticks or tildes. */
static size_t fence_len(const char *line, const char *end, char *ch)
{
	const char *p = line;
	int ind = 0;
	while (p < end && *p == ' ' && ind < 4)
		p++, ind++;
	if (ind > 3 || p >= end || (*p != '`' && *p != '~'))
		return 0;
	char c = *p;
	size_t n = 0;
	while (p < end && *p == c)
		p++, n++;
	if (n < 3)
		return 0;
	*ch = c;
	return n;
}

/* Find references in one line, skipping inline code spans. */
static void scan_refs(const char *start, const char *end, const char *line_start, int line,
		      struct fnset *refs)
{
	const char *p = start;
	while (p < end) {
		if (*p == '\\' && p + 1 < end) {
			p += 2;
			continue;
		}
		if (*p == '`') {
			size_t ticks = 0;
			while (p < end && *p == '`')
				p++, ticks++;
			/* Skip to the matching run of the same length, if any on this line. */
			for (const char *q = p; q < end; q++) {
				if (*q != '`')
					continue;
				size_t t = 0;
				const char *r = q;
				while (r < end && *r == '`')
					r++, t++;
				if (t == ticks) {
					p = r;
					break;
				}
				q = r - 1;
			}
			continue;
		}
		const char *label;
		size_t llen, n = fn_marker(p, end, &label, &llen);
		if (n) {
			fn_add(refs, label, llen, line, text_char_col(line_start, (int)(p - line_start) + 1));
			p += n;
			continue;
		}
		/* On to the next byte that can start something: this loop sees
		 * every byte of every paper.  The line ends at '\n' or at the
		 * text's closing NUL, so strcspn stops there at the latest. */
		p++;
		if (p < end)
			p += strcspn(p, "\\`[\n");
		if (p > end)
			p = end;
	}
}

void mdcheck_footnotes(const struct markdown *m, struct diag_list *d)
{
	struct fnset defs = {0}, refs = {0};
	const char *p = m->text, *end = m->text + m->len;
	int line = 1;
	char fence_ch = 0;
	size_t fence_n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		char ch = 0;
		size_t fl = fence_len(p, le, &ch);
		if (fence_n) {
			if (fl >= fence_n && ch == fence_ch)
				fence_n = 0;
		} else if (fl) {
			fence_n = fl;
			fence_ch = ch;
		} else {
			const char *q = p;
			int ind = 0;
			while (q < le && *q == ' ' && ind < 4)
				q++, ind++;
			const char *label;
			size_t llen, n = ind <= 3 ? fn_marker(q, le, &label, &llen) : 0;
			if (n && q + n < le && q[n] == ':') {
				char *lab = xstrndup(label, llen);
				struct fn *prev = fn_find(&defs, lab);
				int col = text_char_col(p, (int)(q - p) + 1);
				if (prev)
					diag_report(d, R_FN_DUP, m->path, line, col,
						    "footnote '%s' is defined twice (first on line %d)", lab, prev->line);
				else
					fn_add(&defs, label, llen, line, col);
				free(lab);
				scan_refs(q + n + 1, le, p, line, &refs);
			} else {
				scan_refs(p, le, p, line, &refs);
			}
		}
		line++;
		p = le + 1;
	}
	for (size_t i = 0; i < refs.n; i++) {
		struct fn *def = fn_find(&defs, refs.v[i].label);
		if (def)
			def->used = true;
		else
			diag_report(d, R_FN_UNDEFINED, m->path, refs.v[i].line, refs.v[i].col,
				    "footnote [^%s] is not defined", refs.v[i].label);
	}
	for (size_t i = 0; i < defs.n; i++)
		if (!defs.v[i].used)
			diag_report(d, R_FN_UNUSED, m->path, defs.v[i].line, defs.v[i].col,
				    "footnote [^%s] is defined but never used", defs.v[i].label);
	fn_free(&defs);
	fn_free(&refs);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *mdcheck_local_path(const char *url)
{
	struct strbuf b;
	sb_init(&b);
	for (const char *p = url; *p && *p != '?' && *p != '#'; p++) {
		int h, l;
		if (*p == '%' && (h = hexval(p[1])) >= 0 && (l = hexval(p[2])) >= 0) {
			sb_addc(&b, (char)(h * 16 + l));
			p += 2;
		} else {
			sb_addc(&b, *p);
		}
	}
	char *s = sb_steal(&b);
	/* "./fig.png" is common; the leading "./" says nothing. */
	while (s[0] == '.' && s[1] == '/')
		memmove(s, s + 2, strlen(s + 2) + 1);
	return s;
}

static mdcheck_image_fn image_validator;

void mdcheck_set_image_validator(mdcheck_image_fn fn)
{
	image_validator = fn;
}

static void check_image_signature(const char *path, const char *rel, const struct srcpos *pos,
				  struct diag_list *d)
{
	unsigned char sig[8] = {0};
	FILE *f = fopen(path, "rb");
	if (!f)
		return;
	size_t n = fread(sig, 1, sizeof sig, f);
	fclose(f);
	bool png = n == 8 && memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0;
	bool jpeg = n >= 3 && sig[0] == 0xFF && sig[1] == 0xD8 && sig[2] == 0xFF;
	if (!png && !jpeg) {
		diag_at(d, R_IMAGE_FORMAT, pos, "figure '%s' is not a PNG or JPEG file", rel);
		return;
	}
	const char *why = image_validator ? image_validator(path) : NULL;
	if (why)
		diag_at(d, R_IMAGE_BAD, pos, "figure '%s' cannot be used: %s", rel, why);
}

static void check_image(const struct markdown *m, cmark_node *n, struct diag_list *d)
{
	struct srcpos pos = md_inline_pos(m, n);
	const char *url = cmark_node_get_url(n);
	char *alt = md_plain_text(n);
	char *alt_trim = text_trim(alt);
	if (!*alt_trim)
		diag_at(d, R_ALT_MISSING, &pos, "figure '%s' has no alternative text", url ? url : "");
	free(alt);
	free(alt_trim);
	if (!url || !*url) {
		diag_at(d, R_FILE_MISSING, &pos, "figure has no file name");
		return;
	}
	switch (ident_url(url)) {
	case URL_UNSAFE:
		diag_at(d, R_UNSAFE_URL, &pos, "figure URL '%s' uses a forbidden scheme", url);
		return;
	case URL_OK:
		diag_at(d, R_IMAGE_FORMAT, &pos,
			"figure '%s' is a web address; put the image file in the paper's folder", url);
		return;
	default:
		break;
	}
	char *rel = mdcheck_local_path(url);
	char *full = NULL;
	if (path_check(m->dir, rel, &pos, "figure", d, &full))
		check_image_signature(full, rel, &pos, d);
	free(full);
	free(rel);
}

static bool is_comment(const char *html)
{
	while (*html == ' ' || *html == '\t' || *html == '\n')
		html++;
	return strncmp(html, "<!--", 4) == 0;
}

/* Parse each formula once so malformed or unsupported TeX is reported
 * where the author wrote it. */
static void check_math(const struct markdown *m, cmark_node *n, struct diag_list *d)
{
	const char *tex = md_math_tex(n);
	bool display = md_math_is_display(n);
	/* Nearly every formula is fine: parse it first without working out
	 * its column, which means finding its line in the whole text. */
	struct diag_list found;
	diag_init(&found);
	math_free(math_parse(tex, strlen(tex), display, &found, NULL));
	size_t problems = found.n;
	diag_free(&found);
	if (!problems)
		return;
	int line = 0, bytecol = 0;
	md_math_tex_pos(n, &line, &bytecol);
	struct srcpos where = {m->path, line, bytecol};
	const char *ls = line > 0 ? text_line_start(m->text, m->len, line) : NULL;
	if (ls)
		where.col = text_char_col(ls, bytecol);
	math_free(math_parse(tex, strlen(tex), display, d, &where));
}

/* The text of a paragraph, code spans left out: where Markdown did not
 * make a link, its brackets and parentheses are still there. */
static void paragraph_text(cmark_node *para, struct strbuf *b)
{
	cmark_iter *it = cmark_iter_new(para);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_TEXT)
			sb_adds(b, cmark_node_get_literal(n));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK || t == CMARK_NODE_CODE)
			sb_addc(b, '\n'); /* a pattern never runs across these */
	}
	cmark_iter_free(it);
}

/* The position of `needle` within the paragraph's lines (*found), else
 * the paragraph's start. */
static struct srcpos find_in_para(const struct markdown *m, cmark_node *para, const char *needle,
				  bool *found)
{
	struct srcpos pos = md_node_pos(m, para);
	*found = false;
	int last = cmark_node_get_end_line(para);
	const char *ls = text_line_start(m->text, m->len, pos.line);
	for (int l = pos.line; ls && l > 0 && l <= last; l++) {
		const char *le = ls + strcspn(ls, "\n");
		const char *hit = strstr(ls, needle);
		if (hit && hit < le) {
			pos.line = l;
			pos.col = text_char_col(ls, (int)(hit - ls) + 1);
			*found = true;
			break;
		}
		ls = *le ? le + 1 : NULL;
	}
	return pos;
}

/* "![caption](my figure.png)": a target with a space is not a link in
 * CommonMark, and the figure silently becomes text.  Reported where the
 * target is written in the paragraph's lines. */
static void check_unparsed_links(const struct markdown *m, cmark_node *para, struct diag_list *d)
{
	struct strbuf b;
	sb_init(&b);
	paragraph_text(para, &b);
	for (const char *p = b.s ? strstr(b.s, "](") : NULL; p; p = strstr(p + 2, "](")) {
		const char *open = p;
		while (open > b.s && open[-1] != '[' && open[-1] != '\n')
			open--;
		const char *close = p + 2 + strcspn(p + 2, ")\n");
		if (open == b.s || open[-1] != '[' || *close != ')' || !memchr(p + 2, ' ', (size_t)(close - p - 2)))
			continue;
		bool image = open - 1 > b.s && open[-2] == '!';
		char *target = xstrndup(p + 2, (size_t)(close - p - 2));
		char *needle = xasprintf("](%s)", target);
		bool found;
		struct srcpos pos = find_in_para(m, para, needle, &found);
		if (found)
			pos.col += 2; /* at the target, past "](" */
		diag_at(d, R_LINK_UNPARSED, &pos,
			"'%s' is not read as %s: a target with spaces must be written <%s>", target,
			image ? "an image" : "a link", target);
		free(needle);
		free(target);
		p = close - 1;
	}
	sb_free(&b);
}

/* "#Introduction" on a line of its own: CommonMark wants a space after
 * the #s, so this is a paragraph and the section has no heading. */
static void check_heading_space(const struct markdown *m, cmark_node *para, struct diag_list *d)
{
	int line = cmark_node_get_start_line(para);
	if (line <= 0 || line != cmark_node_get_end_line(para))
		return;
	/* cheap first: the paragraph's text must start with '#' */
	cmark_node *first = cmark_node_first_child(para);
	const char *lit = first && cmark_node_get_type(first) == CMARK_NODE_TEXT
				  ? cmark_node_get_literal(first)
				  : NULL;
	if (!lit || lit[0] != '#')
		return;
	const char *ls = text_line_start(m->text, m->len, line);
	if (!ls)
		return;
	const char *p = ls;
	while (*p == ' ')
		p++;
	size_t hashes = strspn(p, "#");
	unsigned char c = (unsigned char)p[hashes];
	size_t n = strcspn(p, "\n");
	/* a letter follows, and no full stop ends it: "#123 is an issue." is a sentence */
	if (hashes < 1 || hashes > 6 || !(isalpha(c) || c >= 0x80) || p[n - 1] == '.')
		return;
	struct srcpos pos = {m->path, line, (int)(p - ls) + 1};
	diag_at(d, R_HEADING_SPACE, &pos, "'%.*s' is not a heading: put a space after '%.*s'",
		(int)(n > 60 ? 60 : n), p, (int)hashes, p);
}

/* "$ x^2 $": LaTeX allows the spaces, pandoc's Markdown does not, and the
 * dollars print as they are.  Only text that reads as TeX is reported, so
 * "$ 5 and $ 10" are left to be prices. */
static void check_math_spaces(const struct markdown *m, cmark_node *para, struct diag_list *d)
{
	struct strbuf b;
	sb_init(&b);
	paragraph_text(para, &b);
	for (const char *p = b.s ? strchr(b.s, '$') : NULL; p; p = strchr(p + 1, '$')) {
		if (p[1] != ' ' || (p > b.s && p[-1] == '\\'))
			continue;
		const char *close = strchr(p + 1, '$');
		if (!close || close - p > 200 || close[-1] != ' ' || memchr(p, '\n', (size_t)(close - p)))
			continue;
		char *inner = xstrndup(p + 1, (size_t)(close - p - 1));
		char *t = text_trim(inner);
		bool tex = *t && (strpbrk(t, "\\^_{}=") || (isalpha((unsigned char)t[0]) && !t[1]));
		if (tex) {
			char *shown = xstrndup(p, (size_t)(close - p + 1));
			bool found;
			struct srcpos pos = find_in_para(m, para, shown, &found);
			/* not in the source as it is: escaped dollars (\$ y \$) */
			if (found)
				diag_at(d, R_MATH_SPACE, &pos, "'%s' is not read as math: write $%s$", shown, t);
			free(shown);
			p = close;
		}
		free(t);
		free(inner);
	}
	sb_free(&b);
}

/* Rows of a pipe table with no |---| line under the header: a paragraph. */
static void check_table_delimiter(const struct markdown *m, cmark_node *para, struct diag_list *d)
{
	int first = cmark_node_get_start_line(para), last = cmark_node_get_end_line(para);
	if (first <= 0 || last <= first)
		return;
	cmark_node *c = cmark_node_first_child(para);
	const char *lit = c && cmark_node_get_type(c) == CMARK_NODE_TEXT ? cmark_node_get_literal(c) : NULL;
	if (!lit || lit[0] != '|')
		return;
	const char *ls = text_line_start(m->text, m->len, first);
	for (int l = first; ls && l <= last; l++) {
		const char *p = ls;
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, "\n");
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\r'))
			n--;
		if (n < 2 || p[0] != '|' || p[n - 1] != '|')
			return; /* not every line is a row */
		ls = p[strcspn(p, "\n")] ? p + strcspn(p, "\n") + 1 : NULL;
	}
	struct srcpos pos = md_node_pos(m, para);
	diag_at(d, R_TABLE_DELIMITER, &pos,
		"these %d lines look like a table but are text: put a line such as |---|---| under the header",
		last - first + 1);
}

void mdcheck_nodes(const struct markdown *m, struct diag_list *d)
{
	if (!m->doc)
		return;
	/* Most papers have no "](" with a space before the next ')' at all. */
	bool maybe_unparsed = false;
	for (const char *p = strstr(m->text, "]("); p && !maybe_unparsed; p = strstr(p + 2, "](")) {
		size_t k = strcspn(p + 2, ")\n");
		maybe_unparsed = p[2 + k] == ')' && memchr(p + 2, ' ', k);
	}
	bool maybe_math_space = strstr(m->text, "$ ") != NULL;
	cmark_iter *it = cmark_iter_new(m->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
			if (maybe_unparsed)
				check_unparsed_links(m, n, d);
			if (maybe_math_space)
				check_math_spaces(m, n, d);
			check_heading_space(m, n, d);
			check_table_delimiter(m, n, d);
			break;
		case CMARK_NODE_IMAGE:
			check_image(m, n, d);
			break;
		case CMARK_NODE_LINK: {
			const char *url = cmark_node_get_url(n);
			if (url && ident_url(url) == URL_UNSAFE) {
				struct srcpos pos = md_inline_pos(m, n);
				diag_at(d, R_UNSAFE_URL, &pos, "link '%s' uses a forbidden URL scheme", url);
			}
			break;
		}
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE: {
			const char *html = cmark_node_get_literal(n);
			/* One report per element: closing tags add nothing. */
			if (html && !is_comment(html) && strncmp(html, "</", 2) != 0) {
				struct srcpos pos = md_node_pos(m, n);
				diag_at(d, R_RAW_HTML, &pos, "raw HTML is dropped from the output");
			}
			break;
		}
		default:
			if (md_math_is_math(n))
				check_math(m, n, d);
			break;
		}
	}
	cmark_iter_free(it);
}
