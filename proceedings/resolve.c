#include "resolve.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "pathcheck.h"
#include "resolve_int.h"
#include "text.h"

/* ---------------------------------------------------------------- runs */

static void irun_push(struct irun *r, cmark_node *n, const char *s, size_t len, bool text)
{
	r->seg = xgrow(r->seg, &r->cap, r->nseg + 1, sizeof *r->seg);
	r->seg[r->nseg++] = (struct iseg){n, r->s.len, len, text};
	sb_add(&r->s, s, len);
}

void irun_init(struct irun *r, cmark_node *parent)
{
	memset(r, 0, sizeof *r);
	r->parent = parent;
	sb_init(&r->s);
	sb_adds(&r->s, ""); /* never NULL, even for an empty run */
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT) {
			const char *lit = cmark_node_get_literal(c);
			irun_push(r, c, lit ? lit : "", lit ? strlen(lit) : 0, true);
		} else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			irun_push(r, c, "\n", 1, false);
		} else {
			char obj = IRUN_OBJ;
			irun_push(r, c, &obj, 1, false);
		}
	}
}

void irun_free(struct irun *r)
{
	sb_free(&r->s);
	free(r->seg);
	memset(r, 0, sizeof *r);
}

cmark_node *resolve_text_node(const char *s, size_t n)
{
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	char *copy = xstrndup(s, n);
	cmark_node_set_literal(t, copy);
	free(copy);
	return t;
}

/* Put an edit's nodes into the tree, before `anchor`, the first time one of
 * its bytes is met.  A node the parent refuses (carriers are chosen so that
 * none is) goes to the owner rather than being freed: records point to it. */
static void place(struct paper_refs *owner, cmark_node *anchor, struct iedit *e, bool *placed)
{
	if (*placed)
		return;
	*placed = true;
	if (e->repl && !cmark_node_insert_before(anchor, e->repl))
		resolve_own(owner, e->repl);
	for (size_t k = 0; k < e->nafter; k++)
		if (!cmark_node_insert_before(anchor, e->after[k]))
			resolve_own(owner, e->after[k]);
}

/* Untouched children stay where they are: re-adding them could fail, since
 * extensions decide what their nodes hold (a table cell refuses nodes it
 * does not know). */
void irun_apply(struct paper_refs *owner, struct irun *r, struct iedit *e, size_t n)
{
	if (n == 0) {
		irun_free(r);
		return;
	}
	bool *placed = xcalloc(n, sizeof *placed);
	size_t ei = 0;
	for (size_t i = 0; i < r->nseg; i++) {
		const struct iseg *sg = &r->seg[i];
		size_t pos = sg->start, end = sg->start + sg->len;
		while (ei < n && e[ei].end <= pos)
			ei++;
		bool inside = ei < n && e[ei].start <= pos;
		if (!sg->text || sg->len == 0) {
			if (!inside || pos >= e[ei].end)
				continue;
			place(owner, sg->node, &e[ei], &placed[ei]);
			cmark_node_unlink(sg->node);
			if (!e[ei].repl || !cmark_node_append_child(e[ei].repl, sg->node))
				cmark_node_free(sg->node);
			continue;
		}
		if (!inside && (ei >= n || e[ei].start >= end))
			continue; /* untouched text */
		while (pos < end) {
			while (ei < n && e[ei].end <= pos)
				ei++;
			if (ei < n && e[ei].start <= pos) {
				size_t pe = end < e[ei].end ? end : e[ei].end;
				place(owner, sg->node, &e[ei], &placed[ei]);
				cmark_node *piece = resolve_text_node(r->s.s + pos, pe - pos);
				if (!e[ei].repl || !cmark_node_append_child(e[ei].repl, piece))
					cmark_node_free(piece);
				pos = pe;
			} else {
				size_t pe = ei < n && e[ei].start < end ? e[ei].start : end;
				cmark_node_insert_before(sg->node, resolve_text_node(r->s.s + pos, pe - pos));
				pos = pe;
			}
		}
		cmark_node_free(sg->node);
	}
	for (size_t k = 0; k < n; k++) {
		if (!placed[k]) { /* cannot happen for edits inside the run */
			if (e[k].repl)
				resolve_own(owner, e[k].repl);
			for (size_t j = 0; j < e[k].nafter; j++)
				resolve_own(owner, e[k].after[j]);
		}
		free(e[k].after);
		e[k].after = NULL;
		e[k].nafter = 0;
	}
	free(placed);
	irun_free(r);
}

cmark_node *resolve_carrier(bool custom, void *data, const char *url)
{
	cmark_node *n = cmark_node_new(custom ? CMARK_NODE_CUSTOM_INLINE : CMARK_NODE_LINK);
	if (!custom)
		cmark_node_set_url(n, url ? url : "");
	cmark_node_set_user_data(n, data);
	return n;
}

void *resolve_carried(cmark_node *n, uint32_t magic)
{
	if (!n)
		return NULL;
	cmark_node_type t = cmark_node_get_type(n);
	if (t != CMARK_NODE_CUSTOM_INLINE && t != CMARK_NODE_LINK)
		return NULL;
	uint32_t *data = cmark_node_get_user_data(n);
	return data && *data == magic ? data : NULL;
}

bool resolve_accepts_custom(cmark_node *parent)
{
	cmark_node *probe = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
	bool ok = cmark_node_append_child(parent, probe);
	cmark_node_free(probe); /* unlinks it first */
	return ok;
}

const struct iseg *irun_seg_at(const struct irun *r, size_t off)
{
	size_t lo = 0, hi = r->nseg;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct iseg *sg = &r->seg[mid];
		if (off < sg->start)
			hi = mid;
		else if (off >= sg->start + sg->len && !(sg->len == 0 && off == sg->start))
			lo = mid + 1;
		else
			return sg;
	}
	return NULL;
}

char *irun_plain(const struct irun *r, size_t a, size_t b)
{
	struct strbuf out;
	sb_init(&out);
	sb_adds(&out, "");
	for (size_t i = a; i < b && i < r->s.len; i++) {
		char c = r->s.s[i];
		if (c == IRUN_OBJ) {
			const struct iseg *sg = irun_seg_at(r, i);
			cmark_node *n = sg ? sg->node : NULL;
			if (n && cmark_node_get_type(n) == CMARK_NODE_CODE) {
				sb_adds(&out, cmark_node_get_literal(n));
			} else if (n) {
				char *t = md_plain_text(n);
				sb_adds(&out, t);
				free(t);
			}
		} else if (c == '\n') {
			sb_addc(&out, ' ');
		} else {
			sb_addc(&out, c);
		}
	}
	return sb_steal(&out);
}

/* ------------------------------------------------------ source positions */

static cmark_node *enclosing_block(cmark_node *n)
{
	while (n && (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE)
		n = cmark_node_parent(n);
	return n;
}

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Consume one character of the literal at lit[*i] from the source at *j,
 * allowing for what cmark changed: backslash escapes, entities and smart
 * punctuation.  False when they do not match. */
static bool step(const char **jp, const char *end, const char *lit, size_t *i)
{
	const char *j = *jp;
	if (j >= end || *j == '\n')
		return false;
	unsigned char c = (unsigned char)lit[*i];
	size_t cl = utf8_len(c);
	const char *semi = j + 1;
	if (*j == '&') /* an entity: &amp; &#233; &#x1F600; */
		while (semi < end && semi - j < 40 && (isalnum((unsigned char)*semi) || *semi == '#'))
			semi++;
	if (*j == '\\' && j + 1 < end && ispunct((unsigned char)j[1]) && j[1] == lit[*i]) {
		j += 2; /* a backslash escape */
	} else if (*j == '&' && semi > j + 1 && semi < end && *semi == ';') {
		j = semi + 1;
	} else if ((size_t)(end - j) >= cl && memcmp(j, lit + *i, cl) == 0) {
		j += cl;
	} else if (cl == 3 && memcmp(lit + *i, "\xE2\x80", 2) == 0) {
		unsigned char t = (unsigned char)lit[*i + 2];
		if ((t == 0x9C || t == 0x9D || t == 0x98 || t == 0x99) && (*j == '"' || *j == '\''))
			j++; /* curly quotes */
		else if (t == 0x93 && end - j >= 2 && j[0] == '-' && j[1] == '-')
			j += 2; /* en dash */
		else if (t == 0x94 && end - j >= 3 && memcmp(j, "---", 3) == 0)
			j += 3; /* em dash */
		else if (t == 0xA6 && end - j >= 3 && memcmp(j, "...", 3) == 0)
			j += 3; /* ellipsis */
		else
			return false;
	} else {
		return false;
	}
	*i += cl;
	*jp = j;
	return true;
}

/* Does lit[0..n) match the source at src? */
static bool align(const char *src, const char *end, const char *lit, size_t n)
{
	size_t i = 0;
	while (i < n)
		if (!step(&src, end, lit, &i))
			return false;
	return true;
}

/* Start of line `line` (from 1), or NULL past the end: an index built once,
 * since text_line_start() scans from the top each time. */
static const char *line_ptr(const struct paper_refs *r, int line)
{
	if (line < 1 || (size_t)line > r->nlines)
		return NULL;
	return r->md->text + r->line_off[line - 1];
}

static void index_lines(struct paper_refs *r)
{
	const struct markdown *m = r->md;
	size_t cap = 0;
	r->line_off = xgrow(NULL, &cap, 1, sizeof *r->line_off);
	r->line_off[r->nlines++] = 0;
	const char *end = m->text + m->len;
	for (const char *p = m->text; p && (p = memchr(p, '\n', (size_t)(end - p))); p++) {
		r->line_off = xgrow(r->line_off, &cap, r->nlines + 1, sizeof *r->line_off);
		r->line_off[r->nlines++] = (size_t)(p - m->text) + 1;
	}
}

static int count_chars(const char *a, const char *b)
{
	int n = 0;
	for (; a < b; a++)
		n += ((unsigned char)*a & 0xC0) != 0x80;
	return n;
}

/* Where byte k of TEXT node t came from in the source: sets *line and *col
 * (in characters) and returns true, or false.  The run remembers the last
 * answer, so positions asked in order cost one pass over each text node. */
static bool text_source(const struct paper_refs *r, struct irun *run, const struct iseg *sg, size_t k,
			int *line_out, int *col_out, const char **src_out)
{
	const struct markdown *m = r->md;
	cmark_node *t = sg->node;
	const char *lit = run->s.s + sg->start; /* the literal, not NUL-terminated */
	size_t len = sg->len;
	if (k > len)
		k = len;
	const char *j = NULL, *bend = m->text + m->len;
	size_t i = 0;
	int line = 0, col = 0;
	if (run->pos_node == t && run->pos_k <= k) {
		j = run->pos_src;
		i = run->pos_k;
		line = run->pos_line;
		col = run->pos_col;
	} else {
		cmark_node *block = enclosing_block(t);
		if (!block || cmark_node_get_start_line(block) == 0)
			return false;
		line = cmark_node_get_start_line(t);
		int c0 = cmark_node_get_start_column(t);
		for (cmark_node *p = cmark_node_previous(t); line == 0 && p; p = cmark_node_previous(p))
			if (cmark_node_get_start_line(p)) {
				line = cmark_node_get_end_line(p);
				c0 = cmark_node_get_end_column(p) + 1;
			}
		if (line == 0 || line < cmark_node_get_start_line(block)) {
			line = cmark_node_get_start_line(block);
			c0 = cmark_node_get_start_column(block);
		}
		const char *ls = line_ptr(r, line);
		if (!ls)
			return false;
		const char *e = line_ptr(r, cmark_node_get_end_line(block) + 1);
		if (e)
			bend = e;
		const char *from = ls;
		for (int c = 1; c < c0 && from < bend && *from != '\n'; c++)
			from++;
		/* cmark's columns only ever lag (stripped indentation), so search
		 * forward for where the text's start matches. */
		size_t probe = len < 64 ? len : 64;
		size_t tries = 0;
		for (const char *c = from; c < bend && tries < 4096 && !j; c++, tries++)
			if (align(c, bend, lit, probe))
				j = c;
		bool exact = j != NULL;
		if (!j) {
			/* Fall back on the verbatim text from byte k on (a key, a label). */
			size_t n = len - k < 24 ? len - k : 24;
			for (const char *c = from; n && c + n <= bend && !j; c++)
				if (memcmp(c, lit + k, n) == 0)
					j = c;
			if (!j)
				return false;
		}
		for (const char *q = ls; q < j; q++)
			if (*q == '\n') {
				line++;
				ls = q + 1;
			}
		col = 1 + count_chars(ls, j);
		if (!exact) {
			*line_out = line;
			*col_out = col;
			*src_out = j;
			return true;
		}
	}
	const char *before = j;
	while (i < k && step(&j, bend, lit, &i))
		;
	col += count_chars(before, j);
	run->pos_node = t;
	run->pos_k = i;
	run->pos_src = j;
	run->pos_line = line;
	run->pos_col = col;
	*line_out = line;
	*col_out = col;
	*src_out = j;
	return true;
}

struct srcpos resolve_node_pos(const struct paper_refs *r, cmark_node *n)
{
	struct srcpos pos = {r->md->path, 0, 0};
	while (n && cmark_node_get_start_line(n) == 0)
		n = cmark_node_parent(n);
	const char *ls = n ? line_ptr(r, cmark_node_get_start_line(n)) : NULL;
	if (!ls)
		return pos;
	pos.line = cmark_node_get_start_line(n);
	const char *p = ls;
	for (int c = 1; c < cmark_node_get_start_column(n) && *p && *p != '\n'; c++)
		p++;
	pos.col = 1 + count_chars(ls, p);
	return pos;
}

/* Whether the source has "\@" anywhere: '@' is rare enough that memchr
 * for it beats memmem for the pair. */
static bool has_escaped_at(const char *s, size_t n)
{
	if (!s)
		return false;
	for (const char *p = s, *end = s + n; (p = memchr(p, '@', (size_t)(end - p))); p++)
		if (p > s && p[-1] == '\\')
			return true;
	return false;
}

bool resolve_text_has(cmark_node *parent, const char *chars)
{
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) != CMARK_NODE_TEXT)
			continue;
		const char *lit = cmark_node_get_literal(c);
		if (lit && strpbrk(lit, chars))
			return true;
	}
	return false;
}

struct srcpos irun_pos(const struct paper_refs *r, struct irun *run, size_t off)
{
	const struct markdown *m = r->md;
	const struct iseg *sg = irun_seg_at(run, off);
	if (!sg && run->nseg)
		sg = &run->seg[run->nseg - 1];
	if (!sg)
		return resolve_node_pos(r, run->parent);
	if (sg->text) {
		struct srcpos pos = {m->path, 0, 0};
		const char *src;
		if (text_source(r, run, sg, off - sg->start, &pos.line, &pos.col, &src))
			return pos;
	}
	return resolve_node_pos(r, sg->node);
}

bool irun_escaped(const struct paper_refs *r, struct irun *run, size_t off)
{
	if (!r->escaped_at)
		return false; /* no backslash before an @ in the source: most papers */
	const struct iseg *sg = irun_seg_at(run, off);
	int line, col;
	const char *src = NULL;
	if (!sg || !sg->text || !text_source(r, run, sg, off - sg->start, &line, &col, &src))
		return false;
	/* The character's source is the escape itself. */
	return src[0] == '\\' && src + 1 < r->md->text + r->md->len && src[1] == run->s.s[off];
}

/* -------------------------------------------------------- small scanners */

static UChar32 decode_at(const char *s, size_t n, size_t i, size_t *len)
{
	UChar32 c;
	int32_t off = (int32_t)i, lim = (int32_t)n;
	U8_NEXT(s, off, lim, c);
	*len = (size_t)off - i;
	return c;
}

bool resolve_is_alnum_at(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return false;
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	size_t len;
	UChar32 cp = decode_at(s, n, i, &len);
	return cp >= 0 && u_isalnum(cp);
}

bool resolve_word_before(const char *s, size_t i)
{
	if (i == 0)
		return false;
	size_t j = i - 1;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	if (s[j] == '_')
		return true;
	return resolve_is_alnum_at(s, i, j);
}

size_t resolve_attr_len(const char *s, size_t n, size_t i)
{
	if (i >= n || s[i] != '{')
		return 0;
	for (size_t j = i + 1; j < n && j - i < 400; j++) {
		if (s[j] == '}')
			return j + 1 - i;
		if (s[j] == '{' || s[j] == IRUN_OBJ)
			return 0;
	}
	return 0;
}

size_t resolve_label_cmd(const char *s, size_t n, size_t i, char **name)
{
	static const char cmd[] = "\\label{";
	size_t cl = sizeof cmd - 1;
	if (i + cl > n || memcmp(s + i, cmd, cl) != 0)
		return 0;
	size_t j = i + cl;
	while (j < n && s[j] != '}' && s[j] != '{' && s[j] != '\n' && s[j] != IRUN_OBJ && j - i < 300)
		j++;
	if (j >= n || s[j] != '}' || j == i + cl)
		return 0;
	*name = xstrndup(s + i + cl, j - i - cl);
	return j + 1 - i;
}

void resolve_own(struct paper_refs *r, cmark_node *n)
{
	r->owned = xgrow(r->owned, &r->capowned, r->nowned + 1, sizeof *r->owned);
	r->owned[r->nowned++] = n;
}

/* ---------------------------------------------------------- bibliography */

static void load_bib(struct paper_refs *r, const struct paper *p, struct diag_list *d)
{
	if (!p->bibliography || !*p->bibliography)
		return;
	r->bib_named = true;
	char *full = NULL;
	/* check_paper reports a missing or outside file; never read one. */
	if (path_status(p->dir, p->bibliography, &full) != 0)
		return;
	char *text;
	size_t len;
	if (md_read_text(full, MD_MAX_BYTES, &text, &len, d)) {
		r->db = bib_parse(full, text, len, d);
		free(text);
	}
	free(full);
}

/* One note per uncited entry, up to a few: a shared bibliography with a
 * hundred unused entries gets the first ones and a count, not a hundred
 * lines that bury the rest of the report. */
enum { UNCITED_LISTED = 5 };

static bool uncited(const struct paper_refs *r, size_t i)
{
	return !r->by_entry[i] && strcmp(r->db->entries[i].type, "ieeetranbstctl") != 0;
}

static void report_uncited(struct paper_refs *r)
{
	if (!r->db)
		return;
	size_t listed = 0;
	for (size_t i = 0; i < r->db->n; i++) {
		if (!uncited(r, i))
			continue;
		const struct bib_entry *e = &r->db->entries[i];
		if (listed++ < UNCITED_LISTED) {
			diag_at(r->d, R_CITE_UNCITED, &e->pos, "'%s' is never cited", e->key);
			continue;
		}
		size_t more = 0;
		for (size_t k = i + 1; k < r->db->n; k++)
			more += uncited(r, k);
		if (more == 0)
			diag_at(r->d, R_CITE_UNCITED, &e->pos, "'%s' is never cited", e->key);
		else
			diag_at(r->d, R_CITE_UNCITED, &e->pos, "'%s' and %zu more entries after it are never cited",
				e->key, more);
		return;
	}
}

static bool wants_author_year(const struct volume *vol)
{
	return vol && vol->layout.citation_style && strcmp(vol->layout.citation_style, "author-year") == 0;
}

void resolve_set_style(struct paper_refs *r, const struct volume *vol)
{
	if (!r || wants_author_year(vol) == r->author_year)
		return;
	r->author_year = wants_author_year(vol);
	refs_finish(r);
	cite_layout(r);
}

struct paper_refs *resolve_body(const struct volume *vol, const struct paper *p, struct markdown *body,
				struct diag_list *d)
{
	struct paper_refs *r = xcalloc(1, sizeof *r);
	r->md = body;
	r->d = d;
	r->lang = xstrdup(p->lang && *p->lang ? p->lang : "en");
	r->korean = strncmp(r->lang, "ko", 2) == 0;
	r->escaped_at = has_escaped_at(body->text, body->len);
	r->author_year = wants_author_year(vol);
	index_lines(r);
	load_bib(r, p, d);
	if (r->db && r->db->n)
		r->by_entry = xcalloc(r->db->n, sizeof *r->by_entry);
	if (body->doc) {
		xref_structure(r, body->doc);
		cite_scan(r, body->doc);
		texnote_scan(r, body->doc);
		/* When the front matter itself is broken, that is the problem to report. */
		if (r->any_cite && !r->bib_named && p->front_matter_ok)
			diag_at(d, R_BIB_MISSING, &r->first_cite,
				"the paper cites works but its front matter names no bibliography");
		refs_finish(r);
		cite_layout(r);
		report_uncited(r);
	}
	r->d = NULL; /* borrowed for the call only */
	return r;
}

struct paper_refs *resolve_paper(const struct volume *vol, struct paper *p, struct diag_list *d)
{
	return resolve_body(vol, p, &p->body, d);
}

void resolve_free(struct paper_refs *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrefs; i++)
		refs_free_one(r->refs[i]);
	free(r->refs);
	free(r->by_entry);
	cite_free_all(r);
	xref_free_all(r);
	for (size_t i = 0; i < r->nowned; i++)
		cmark_node_free(r->owned[i]);
	free(r->owned);
	free(r->line_off);
	bib_free(r->db);
	free(r->lang);
	free(r);
}

size_t refs_count(const struct paper_refs *r)
{
	return r ? r->nrefs : 0;
}

const struct ref *refs_at(const struct paper_refs *r, size_t i)
{
	return r && i < r->nrefs ? r->refs[i] : NULL;
}

bool refs_author_year(const struct paper_refs *r)
{
	return r && r->author_year;
}

cmark_node *refs_heading(const struct paper_refs *r)
{
	return r ? r->heading : NULL;
}

const char *refs_title(const struct paper_refs *r)
{
	return r && r->korean ? "참고문헌" : "References";
}

size_t refs_cited_count(const struct paper_refs *r)
{
	return r ? r->nresolved : 0;
}

const struct bib_db *refs_bib(const struct paper_refs *r)
{
	return r ? r->db : NULL;
}
