#include "xref.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "math.h"
#include "md_math.h"
#include "resolve_int.h"
#include "text.h"

/* ------------------------------------------------------------ public */

const struct xref *xref_of(cmark_node *n)
{
	return resolve_carried(n, XREF_MAGIC);
}

static int node_cmp(const void *a, const void *b)
{
	const struct node_ent *x = a, *y = b;
	return x->node < y->node ? -1 : x->node > y->node;
}

const struct xfloat *xref_float_of(const struct paper_refs *r, cmark_node *n)
{
	if (!r || !n || !r->nnodes)
		return NULL;
	struct node_ent key = {n, NULL};
	const struct node_ent *e = bsearch(&key, r->nodes, r->nnodes, sizeof *r->nodes, node_cmp);
	return e ? e->f : NULL;
}

size_t xref_float_count(const struct paper_refs *r)
{
	return r ? r->nfloats : 0;
}

const struct xfloat *xref_float_at(const struct paper_refs *r, size_t i)
{
	return r && i < r->nfloats ? r->floats[i] : NULL;
}

static int label_cmp(const void *a, const void *b)
{
	const struct label_ent *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

struct xfloat *xref_find(const struct paper_refs *r, const char *label)
{
	size_t lo = 0, hi = r->nlabels;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(label, r->labels[mid].name);
		if (c == 0)
			return r->labels[mid].f;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The label closest to a misspelt one (two edits at most, as for
 * citation keys), or NULL. */
static const char *nearest_label(const struct paper_refs *r, const char *label)
{
	const char *best = NULL;
	size_t bestd = 3;
	for (size_t i = 0; i < r->nlabels && r->nlabels < 5000; i++) {
		size_t d = text_edit_distance(label, r->labels[i].name);
		if (d < bestd) {
			bestd = d;
			best = r->labels[i].name;
		}
	}
	return best;
}

const struct xfloat *xref_label(const struct paper_refs *r, const char *label)
{
	return r && label ? xref_find(r, label) : NULL;
}

static const char *const prefixes[] = {"fig:", "tbl:", "eq:", "sec:"};
static const enum xref_kind prefix_kind[] = {XREF_FIGURE, XREF_TABLE, XREF_EQUATION, XREF_SECTION};

/* pandoc-crossref's prefixes; "Fig:" asks it for a capital, which we always use. */
static int prefix_index(const char *key)
{
	for (int i = 0; i < 4; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(key, prefixes[i], n) == 0 ||
		    (tolower((unsigned char)key[0]) == prefixes[i][0] && strncmp(key + 1, prefixes[i] + 1, n - 1) == 0))
			return i;
	}
	return -1;
}

bool xref_is_crossref_key(const char *key)
{
	return prefix_index(key) >= 0;
}

/* ------------------------------------------------------------ floats */

static const char *kind_prefix(enum xref_kind k)
{
	switch (k) {
	case XREF_FIGURE: return "fig";
	case XREF_TABLE: return "tbl";
	case XREF_EQUATION: return "eq";
	default: return "sec";
	}
}

static struct xfloat *new_float(struct paper_refs *r, enum xref_kind kind, cmark_node *node,
				cmark_node *block)
{
	struct xfloat *f = xcalloc(1, sizeof *f);
	f->kind = kind;
	f->node = node;
	f->block = block ? block : node;
	f->row = -1;
	f->pos = resolve_node_pos(r, block ? block : node);
	r->floats = xgrow(r->floats, &r->capfloats, r->nfloats + 1, sizeof *r->floats);
	r->floats[r->nfloats++] = f;
	return f;
}

/* Record a label; duplicates are found once all are known.  Takes `name`. */
static void add_label(struct paper_refs *r, char *name, struct xfloat *f, struct srcpos pos)
{
	if (!f->label)
		f->label = xstrdup(name);
	r->labels = xgrow(r->labels, &r->caplabels, r->nlabels + 1, sizeof *r->labels);
	r->labels[r->nlabels] = (struct label_ent){name, f, r->nlabels, pos};
	r->nlabels++;
}

/* pandoc attributes: {#id .class key=value -}.  False if the braces hold
 * anything else, so ordinary braces in text are left alone. */
struct attrs {
	char *id;
	bool unnumbered;
	struct strbuf rest;
};

static bool parse_attrs(const char *s, size_t n, struct attrs *a)
{
	memset(a, 0, sizeof *a);
	sb_init(&a->rest);
	size_t i = 0;
	bool any = false;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
			i++;
		if (i >= n)
			break;
		size_t st = i;
		bool quoted = false;
		while (i < n && (quoted || (s[i] != ' ' && s[i] != '\t' && s[i] != '\n'))) {
			if (s[i] == '"')
				quoted = !quoted;
			i++;
		}
		size_t len = i - st;
		const char *t = s + st;
		any = true;
		if (t[0] == '#' && len > 1) {
			free(a->id);
			a->id = xstrndup(t + 1, len - 1);
		} else if ((len == 1 && t[0] == '-') || (len == 11 && memcmp(t, ".unnumbered", 11) == 0)) {
			a->unnumbered = true;
		} else if (t[0] == '.' && len > 1) {
			/* other classes mean nothing here */
		} else if (memchr(t, '=', len) && t[0] != '=') {
			sb_printf(&a->rest, "%s%.*s", a->rest.len ? " " : "", (int)len, t);
		} else {
			free(a->id);
			sb_free(&a->rest);
			memset(a, 0, sizeof *a);
			return false;
		}
	}
	return any;
}

static void attrs_free(struct attrs *a)
{
	free(a->id);
	sb_free(&a->rest);
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The attribute block ending the run's text (before trailing white space):
 * sets *start (including the white space before it) and fills *a. */
static bool trailing_attrs(const struct irun *run, size_t *start, struct attrs *a)
{
	const char *s = run->s.s;
	size_t n = run->s.len;
	while (n && is_ws(s[n - 1]))
		n--;
	if (!n || s[n - 1] != '}')
		return false;
	size_t open = n - 1;
	while (open > 0 && n - open < 400) {
		open--;
		if (s[open] == '{')
			break;
		if (s[open] == '}' || s[open] == IRUN_OBJ)
			return false;
	}
	if (s[open] != '{' || resolve_attr_len(s, n, open) != n - open)
		return false;
	if (!parse_attrs(s + open + 1, n - open - 2, a))
		return false;
	while (open > 0 && is_ws(s[open - 1]))
		open--;
	*start = open;
	return true;
}

struct edits {
	struct iedit *v;
	size_t n, cap;
};

static void drop(struct edits *e, size_t start, size_t end)
{
	e->v = xgrow(e->v, &e->cap, e->n + 1, sizeof *e->v);
	e->v[e->n++] = (struct iedit){start, end, NULL, NULL, 0};
}

static int edit_cmp(const void *a, const void *b)
{
	const struct iedit *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Apply drop edits (possibly unsorted, never overlapping). */
static void apply_drops(struct paper_refs *owner, struct irun *run, struct edits *e)
{
	if (e->n > 1)
		qsort(e->v, e->n, sizeof *e->v, edit_cmp);
	irun_apply(owner, run, e->v, e->n);
	free(e->v);
	memset(e, 0, sizeof *e);
}

/* Every \label{..} in the run: recorded for `f` (when given) and dropped
 * with the white space before it.  Returns how many. */
static size_t take_labels(struct paper_refs *r, struct irun *run, struct edits *e, struct xfloat *f,
			  size_t limit)
{
	size_t count = 0;
	const char *s = run->s.s;
	for (size_t i = 0; i < limit; i++) {
		if (s[i] != '\\')
			continue;
		char *name = NULL;
		size_t len = resolve_label_cmd(s, limit, i, &name);
		if (!len)
			continue;
		size_t st = i;
		while (st > 0 && is_ws(s[st - 1]))
			st--;
		/* Don't overlap an earlier drop (two labels in a row). */
		if (e->n && e->v[e->n - 1].end > st)
			st = e->v[e->n - 1].end;
		if (f)
			add_label(r, name, f, irun_pos(r, run, i));
		else
			free(name);
		drop(e, st, i + len);
		count++;
		i += len - 1;
	}
	return count;
}

static char *sanitize_anchor(const char *label)
{
	struct strbuf b;
	sb_init(&b);
	if (!((label[0] | 0x20) >= 'a' && (label[0] | 0x20) <= 'z'))
		sb_adds(&b, "x-");
	for (const char *p = label; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool keep = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
			    c == '-' || c == '_' || c == '.';
		sb_addc(&b, keep ? (char)c : '-');
	}
	return sb_steal(&b);
}

/* --------------------------------------------------------- References */

static bool is_refs_title(const char *text)
{
	static const char *const names[] = {"references", "bibliography", "참고문헌", "참고 문헌",
					    "reference", "references cited", "literature cited",
					    "works cited", "cited references", "인용 문헌", NULL};
	char *t = xstrdup(text);
	char *brace = strchr(t, '{'); /* "References {-}" */
	if (brace)
		*brace = '\0';
	size_t n = strlen(t);
	while (n && is_ws(t[n - 1]))
		t[--n] = '\0';
	const char *s = t;
	while (is_ws(*s))
		s++;
	bool match = false;
	for (int i = 0; names[i] && !match; i++)
		match = strcasecmp(s, names[i]) == 0;
	free(t);
	return match;
}

/* pandoc's `::: {#refs}` / `:::` fence lines: plain text in CommonMark. */
static bool is_refs_marker(cmark_node *n)
{
	if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
		return false;
	char *t = md_plain_text(n), *save = NULL;
	bool ok = true, fence = false;
	for (char *tok = strtok_r(t, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		fence |= strncmp(tok, ":::", 3) == 0;
		if (strcmp(tok, ":::") && strcmp(tok, "{#refs}") && strcmp(tok, ":::{#refs}") &&
		    strcmp(tok, "refs") && strcmp(tok, "#refs") && strcmp(tok, "{#refs") &&
		    strcmp(tok, "}"))
			ok = false;
	}
	free(t);
	return ok && fence;
}

static void find_refs_heading(struct paper_refs *r, cmark_node *doc)
{
	for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) != CMARK_NODE_HEADING)
			continue;
		char *t = md_plain_text(c);
		if (is_refs_title(t))
			r->heading = c; /* the last one wins: JOSS puts it at the end */
		free(t);
	}
	if (!r->heading)
		return;
	for (int k = 0; k < 2; k++) {
		cmark_node *next = cmark_node_next(r->heading);
		if (!next || !is_refs_marker(next))
			break;
		cmark_node_free(next);
	}
}

/* ----------------------------------------------------------- sections */

/* The trailing {#id .class key=val} of a heading or caption at astart:
 * its id becomes the float's label, the rest its attributes, and the block
 * leaves the text.  The caller still owns (and frees) a. */
static void use_attrs(struct paper_refs *r, struct irun *run, struct edits *e, struct xfloat *f,
		      struct attrs *a, size_t astart)
{
	if (a->id) {
		size_t at = astart;
		while (at < run->s.len && run->s.s[at] != '{')
			at++;
		add_label(r, a->id, f, irun_pos(r, run, at));
		a->id = NULL;
	}
	if (a->rest.len)
		f->attrs = sb_steal(&a->rest);
	drop(e, astart, run->s.len);
}

struct walk {
	struct paper_refs *r;
	int minlevel;
	int counters[7];
	int figures, tables;
};

static void do_heading(struct walk *w, cmark_node *h)
{
	struct paper_refs *r = w->r;
	struct irun run;
	irun_init(&run, h);
	struct edits e = {0};
	struct attrs a;
	size_t astart = 0;
	bool has_attrs = trailing_attrs(&run, &astart, &a);
	struct xfloat *f = new_float(r, XREF_SECTION, h, NULL);
	f->level = cmark_node_get_heading_level(h);
	take_labels(r, &run, &e, f, has_attrs ? astart : run.s.len);
	if (has_attrs)
		use_attrs(r, &run, &e, f, &a, astart);
	bool unnumbered = has_attrs && a.unnumbered;
	if (has_attrs)
		attrs_free(&a);
	apply_drops(r, &run, &e);
	if (unnumbered || h == r->heading)
		return;
	int rel = f->level - w->minlevel;
	if (rel < 0)
		rel = 0;
	if (rel > 5)
		rel = 5;
	w->counters[rel]++;
	for (int k = rel + 1; k < 7; k++)
		w->counters[k] = 0;
	struct strbuf b;
	sb_init(&b);
	for (int k = 0; k <= rel; k++)
		sb_printf(&b, "%s%d", k ? "." : "", w->counters[k]);
	f->number = sb_steal(&b);
}

/* ------------------------------------------------------------ figures */

static bool ws_only(const char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (!is_ws(s[i]))
			return false;
	return true;
}

/* An image alone in its paragraph, perhaps followed by {#fig:x ...}. */
static bool do_figure(struct walk *w, cmark_node *para)
{
	struct paper_refs *r = w->r;
	/* Most paragraphs hold no image at all: no run needs building. */
	cmark_node *c = cmark_node_first_child(para);
	while (c && cmark_node_get_type(c) != CMARK_NODE_IMAGE)
		c = cmark_node_next(c);
	if (!c)
		return false;
	struct irun run;
	irun_init(&run, para);
	const char *s = run.s.s;
	size_t n = run.s.len, obj = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != IRUN_OBJ)
			continue;
		if (obj != SIZE_MAX) {
			irun_free(&run);
			return false;
		}
		obj = i;
	}
	cmark_node *img = obj == SIZE_MAX ? NULL : irun_seg_at(&run, obj)->node;
	if (!img || cmark_node_get_type(img) != CMARK_NODE_IMAGE || !ws_only(s, 0, obj)) {
		irun_free(&run);
		return false;
	}
	/* After the image only white space, {#fig:x ...} and \label{x} (some
	 * JOSS papers put it there) may follow. */
	struct {
		size_t at;
		char *label;
		struct attrs a;
		bool is_attrs;
	} tail[4];
	size_t ntail = 0;
	bool ok = true;
	for (size_t i = obj + 1; i < n && ok;) {
		if (is_ws(s[i])) {
			i++;
			continue;
		}
		size_t len = 0;
		ok = ntail < 4;
		if (ok && s[i] == '{' && (len = resolve_attr_len(s, n, i)) &&
		    parse_attrs(s + i + 1, len - 2, &tail[ntail].a)) {
			tail[ntail].is_attrs = true;
		} else if (ok && s[i] == '\\' && (len = resolve_label_cmd(s, n, i, &tail[ntail].label))) {
			tail[ntail].is_attrs = false;
		} else {
			ok = false;
			break;
		}
		tail[ntail++].at = i;
		i += len;
	}
	if (!ok) {
		for (size_t k = 0; k < ntail; k++) {
			if (tail[k].is_attrs)
				attrs_free(&tail[k].a);
			else
				free(tail[k].label);
		}
		irun_free(&run);
		return false;
	}
	struct xfloat *f = new_float(r, XREF_FIGURE, img, para);
	f->caption = img;
	struct edits e = {0};
	for (size_t k = 0; k < ntail; k++) {
		struct srcpos pos = irun_pos(r, &run, tail[k].at);
		if (!tail[k].is_attrs) {
			add_label(r, tail[k].label, f, pos);
			continue;
		}
		if (tail[k].a.id) {
			add_label(r, tail[k].a.id, f, pos);
			tail[k].a.id = NULL;
		}
		if (tail[k].a.rest.len && !f->attrs)
			f->attrs = sb_steal(&tail[k].a.rest);
		attrs_free(&tail[k].a);
	}
	if (ntail)
		drop(&e, obj + 1, n);
	apply_drops(r, &run, &e);

	/* The caption is the alt text; \label{} in it names the figure. */
	struct irun alt;
	irun_init(&alt, img);
	take_labels(r, &alt, &e, f, alt.s.len);
	bool empty = true;
	for (size_t i = 0; i < alt.s.len && empty; i++) {
		bool dropped = false;
		for (size_t k = 0; k < e.n; k++)
			dropped |= i >= e.v[k].start && i < e.v[k].end;
		empty = dropped || is_ws(alt.s.s[i]);
	}
	apply_drops(r, &alt, &e);
	if (!empty || f->label)
		f->number = xasprintf("%d", ++w->figures);
	return true;
}

/* ------------------------------------------------------------- tables */

/* ": caption" or "Table: caption" (pandoc); sets *skip past the marker. */
static bool caption_marker(const char *s, size_t n, size_t *skip)
{
	size_t i = 0;
	if (n >= 6 && strncasecmp(s, "table:", 6) == 0)
		i = 6;
	else if (n >= 2 && s[0] == ':' && (s[1] == ' ' || s[1] == '\t'))
		i = 1;
	else
		return false;
	while (i < n && is_ws(s[i]))
		i++;
	*skip = i;
	return i < n;
}

static bool is_caption_para(cmark_node *n)
{
	if (!n || cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
		return false;
	cmark_node *c = cmark_node_first_child(n);
	if (!c || cmark_node_get_type(c) != CMARK_NODE_TEXT)
		return false;
	const char *lit = cmark_node_get_literal(c);
	size_t skip;
	return lit && caption_marker(lit, strlen(lit), &skip);
}

static void do_table(struct walk *w, cmark_node *table)
{
	struct paper_refs *r = w->r;
	cmark_node *cap = cmark_node_next(table);
	/* A caption after the table wins; one before it is free, since an
	 * earlier table would already have taken the caption that follows it. */
	if (!is_caption_para(cap)) {
		cap = cmark_node_previous(table);
		if (!is_caption_para(cap))
			cap = NULL;
	}
	struct xfloat *f = new_float(r, XREF_TABLE, table, NULL);
	if (!cap)
		return;
	struct irun run;
	irun_init(&run, cap);
	struct edits e = {0};
	size_t skip = 0;
	caption_marker(run.s.s, run.s.len, &skip);
	drop(&e, 0, skip);
	struct attrs a;
	size_t astart = 0;
	bool has_attrs = trailing_attrs(&run, &astart, &a);
	if (has_attrs && astart < skip)
		has_attrs = false, attrs_free(&a);
	take_labels(r, &run, &e, f, has_attrs ? astart : run.s.len);
	if (has_attrs) {
		use_attrs(r, &run, &e, f, &a, astart);
		attrs_free(&a);
	}
	apply_drops(r, &run, &e);
	cmark_node_unlink(cap);
	resolve_own(r, cap);
	f->caption = cap;
	f->number = xasprintf("%d", ++w->tables);
}

/* ---------------------------------------------------------- equations */

static void number_equation(struct walk *w, struct xfloat *f)
{
	f->number = xasprintf("%d", ++w->r->eq_count);
}

/* Each \label{} in tex[from, to), for `f` (NULL: the names are dropped). */
static void label_range(struct paper_refs *r, struct xfloat *f, cmark_node *m, const char *tex,
			size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		char *name = NULL;
		size_t len = tex[i] == '\\' ? resolve_label_cmd(tex, to, i, &name) : 0;
		if (!len)
			continue;
		if (f)
			add_label(r, name, f, resolve_node_pos(r, m));
		else
			free(name);
		i += len - 1;
	}
}

static bool row_numbered(const struct math_node *row)
{
	return !row->notag && (row->label || row->tag);
}

/* An align, gather, eqnarray or flalign numbers its rows, as LaTeX does:
 * each row with a \label (or a \tag) gets its own number and anchor, so
 * \eqref{second} says (2) and points at the second line.  A \label on a
 * \nonumber row names the row numbered before it, as in LaTeX.  False
 * when the display is not such an environment or no row is numbered. */
static bool number_rows(struct walk *w, cmark_node *m)
{
	const char *tex = md_math_tex(m);
	size_t n = tex ? strlen(tex) : 0;
	struct math_node *root = math_parse(tex, n, true, NULL, NULL);
	const struct math_node *tab = math_numbered_rows(root);
	bool any = false;
	for (size_t i = 0; tab && i < tab->nkids && !any; i++)
		any = row_numbered(tab->kids[i]);
	struct xfloat *prev = NULL;
	for (size_t i = 0; any && i < tab->nkids; i++) {
		const struct math_node *row = tab->kids[i];
		size_t to = row->off + row->len <= n ? row->off + row->len : n;
		if (!row_numbered(row)) {
			label_range(w->r, prev, m, tex, row->off, to);
			continue;
		}
		struct xfloat *f = new_float(w->r, XREF_EQUATION, m, NULL);
		f->row = (int)i;
		if (prev)
			prev->next_row = f;
		label_range(w->r, f, m, tex, row->off, to);
		f->number = row->tag ? xstrdup(row->tag) : xasprintf("%d", ++w->r->eq_count);
		prev = f;
	}
	math_free(root);
	return any;
}

/* A display math node: labelled by \label inside, or {#eq:x} after it. */
static void do_math(struct walk *w, cmark_node *m)
{
	struct paper_refs *r = w->r;
	const char *label = md_math_label(m);
	char *id = NULL;
	cmark_node *next = cmark_node_next(m);
	if (next && cmark_node_get_type(next) == CMARK_NODE_TEXT) {
		const char *lit = cmark_node_get_literal(next);
		size_t n = lit ? strlen(lit) : 0, i = 0;
		while (i < n && is_ws(lit[i]))
			i++;
		size_t alen = resolve_attr_len(lit ? lit : "", n, i);
		struct attrs a;
		if (alen && parse_attrs(lit + i + 1, alen - 2, &a)) {
			id = a.id;
			a.id = NULL;
			attrs_free(&a);
			char *rest = xstrdup(lit + i + alen);
			if (*rest)
				cmark_node_set_literal(next, rest);
			else
				cmark_node_free(next);
			free(rest);
		}
	}
	if (!label && !id)
		return;
	if (!id && number_rows(w, m))
		return;
	struct xfloat *f = new_float(r, XREF_EQUATION, m, NULL);
	if (label)
		add_label(r, xstrdup(label), f, resolve_node_pos(r, m));
	if (id)
		add_label(r, id, f, resolve_node_pos(r, m));
	/* Further \label{}s in the same display (eqnarray rows) name it too. */
	const char *tex = md_math_tex(m);
	size_t n = tex ? strlen(tex) : 0;
	for (size_t i = 0; i < n; i++) {
		char *name = NULL;
		size_t len = tex[i] == '\\' ? resolve_label_cmd(tex, n, i, &name) : 0;
		if (!len)
			continue;
		if (!label || strcmp(name, label) != 0)
			add_label(r, name, f, resolve_node_pos(r, m));
		else
			free(name);
		i += len - 1;
	}
	number_equation(w, f);
}

/* Display math written as TeX in running text ($$...$$, \begin{equation}
 * ... \end{equation}), which is what the text holds when no math
 * extension turned it into math nodes.  Labels inside give numbers. */
static void do_tex_equations(struct walk *w, cmark_node *para)
{
	struct paper_refs *r = w->r;
	if (!resolve_text_has(para, "$\\"))
		return; /* neither $$ nor \label{ nor \begin{ can be there */
	struct irun run;
	irun_init(&run, para);
	const char *s = run.s.s;
	size_t n = run.s.len;
	if (!strstr(s, "\\label{") && !strstr(s, "$$")) {
		irun_free(&run);
		return;
	}
	struct edits e = {0};
	size_t i = 0;
	/* Environments seen with no \end, so the search for it is not repeated. */
	char *unclosed[8];
	size_t nunclosed = 0;
	while (i < n) {
		size_t body = 0, stop = 0, after = 0;
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '$') {
			const char *end = strstr(s + i + 2, "$$");
			if (!end)
				break;
			body = i + 2;
			stop = (size_t)(end - s);
			after = stop + 2;
		} else if (strncmp(s + i, "\\begin{", 7) == 0) {
			const char *close = strchr(s + i + 7, '}');
			if (!close || close - (s + i) > 40) {
				i++;
				continue;
			}
			char *endtag = xasprintf("\\end{%.*s}", (int)(close - (s + i + 7)), s + i + 7);
			bool known_open = false;
			for (size_t u = 0; u < nunclosed && !known_open; u++)
				known_open = strcmp(unclosed[u], endtag) == 0;
			const char *end = known_open || nunclosed == 8 ? NULL : strstr(close, endtag);
			size_t tl = strlen(endtag);
			if (!end) {
				if (!known_open && nunclosed < 8)
					unclosed[nunclosed++] = endtag;
				else
					free(endtag);
				i++;
				continue;
			}
			free(endtag);
			body = (size_t)(close - s) + 1;
			stop = (size_t)(end - s);
			after = stop + tl;
		} else {
			i++;
			continue;
		}
		struct xfloat *f = NULL;
		for (size_t j = body; j < stop; j++) {
			char *name = NULL;
			size_t len = s[j] == '\\' ? resolve_label_cmd(s, stop, j, &name) : 0;
			if (!len)
				continue;
			if (!f) {
				f = new_float(r, XREF_EQUATION, para, NULL);
				number_equation(w, f);
			}
			add_label(r, name, f, irun_pos(r, &run, j));
			j += len - 1;
		}
		/* pandoc-crossref: $$ ... $$ {#eq:x} */
		size_t k = after;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		size_t alen = resolve_attr_len(s, n, k);
		struct attrs a;
		if (s[i] == '$' && alen && parse_attrs(s + k + 1, alen - 2, &a)) {
			if (a.id) {
				if (!f) {
					f = new_float(r, XREF_EQUATION, para, NULL);
					number_equation(w, f);
				}
				add_label(r, a.id, f, irun_pos(r, &run, k));
				a.id = NULL;
			}
			attrs_free(&a);
			drop(&e, after, k + alen);
			after = k + alen;
		}
		i = after;
	}
	for (size_t u = 0; u < nunclosed; u++)
		free(unclosed[u]);
	apply_drops(r, &run, &e);
}

/* ---------------------------------------------------------- the walk */

static int min_heading_level(struct paper_refs *r, cmark_node *doc)
{
	int min = 7;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING && n != r->heading &&
		    cmark_node_get_heading_level(n) < min)
			min = cmark_node_get_heading_level(n);
	}
	cmark_iter_free(it);
	return min == 7 ? 1 : min;
}

static void make_anchors(struct paper_refs *r)
{
	for (size_t i = 0; i < r->nfloats; i++) {
		struct xfloat *f = r->floats[i];
		if (f->label)
			f->anchor = sanitize_anchor(f->label);
		else if (f->number && f->row < 0) /* a row's number may be a \tag's text */
			f->anchor = xasprintf("%s-%s", kind_prefix(f->kind), f->number);
		else
			f->anchor = xasprintf("%s-u%zu", kind_prefix(f->kind), i + 1);
		for (char *p = f->anchor; *p; p++)
			if (*p == '.')
				*p = '-';
	}
}

struct anchor_ent {
	struct xfloat *f;
	size_t idx;
};

static int anchor_cmp(const void *a, const void *b)
{
	const struct anchor_ent *x = a, *y = b;
	int c = strcmp(x->f->anchor, y->f->anchor);
	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Two labels may sanitise alike ("a:b", "a-b"): the later ones get their
 * document index appended. */
static void unique_anchors(struct paper_refs *r)
{
	if (r->nfloats < 2)
		return;
	struct anchor_ent *v = xmalloc(r->nfloats * sizeof *v);
	for (size_t i = 0; i < r->nfloats; i++)
		v[i] = (struct anchor_ent){r->floats[i], i};
	qsort(v, r->nfloats, sizeof *v, anchor_cmp);
	size_t first = 0;
	for (size_t i = 1; i < r->nfloats; i++) {
		if (strcmp(v[i].f->anchor, v[first].f->anchor) != 0) {
			first = i;
			continue;
		}
		char *a = xasprintf("%s-%zu", v[i].f->anchor, v[i].idx + 1);
		free(v[i].f->anchor);
		v[i].f->anchor = a;
	}
	free(v);
}

static void index_nodes(struct paper_refs *r)
{
	for (size_t i = 0; i < r->nfloats; i++) {
		struct xfloat *f = r->floats[i];
		if (f->row >= 0 && i > 0 && r->floats[i - 1]->node == f->node)
			continue; /* a display's first numbered row stands for it */
		cmark_node *keys[3] = {f->node, f->block != f->node ? f->block : NULL,
				       f->kind == XREF_TABLE ? f->caption : NULL};
		for (int k = 0; k < 3; k++) {
			if (!keys[k])
				continue;
			r->nodes = xgrow(r->nodes, &r->capnodes, r->nnodes + 1, sizeof *r->nodes);
			r->nodes[r->nnodes++] = (struct node_ent){keys[k], f};
		}
	}
	if (r->nnodes > 1)
		qsort(r->nodes, r->nnodes, sizeof *r->nodes, node_cmp);
	/* TeX equations share their paragraph: keep the first of each node. */
	size_t out = 0;
	for (size_t i = 0; i < r->nnodes; i++)
		if (!out || r->nodes[out - 1].node != r->nodes[i].node)
			r->nodes[out++] = r->nodes[i];
	r->nnodes = out;
}

static void check_labels(struct paper_refs *r)
{
	if (r->nlabels > 1)
		qsort(r->labels, r->nlabels, sizeof *r->labels, label_cmp);
	size_t out = 0;
	for (size_t i = 0; i < r->nlabels; i++) {
		struct label_ent *l = &r->labels[i];
		if (out && strcmp(r->labels[out - 1].name, l->name) == 0) {
			const struct label_ent *first = &r->labels[out - 1];
			/* The same float may carry one label twice ({#x} and \label{x}). */
			if (first->f != l->f)
				diag_at(r->d, R_LABEL_DUP, &l->pos, "label '%s' is already defined on line %d",
					l->name, first->pos.line);
			free(l->name);
			continue;
		}
		r->labels[out++] = *l;
	}
	r->nlabels = out;
}

void xref_structure(struct paper_refs *r, cmark_node *doc)
{
	find_refs_heading(r, doc);
	struct walk w = {.r = r, .minlevel = min_heading_level(r, doc)};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	/* Each handler changes only the children of the node just entered, or
	 * its siblings; cmark_iter has already computed its next step, so it is
	 * reset to the node to compute it again from the new links. */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING) {
			do_heading(&w, n);
			cmark_iter_reset(it, n, CMARK_EVENT_ENTER);
		} else if (t == CMARK_NODE_PARAGRAPH) {
			if (!do_figure(&w, n))
				do_tex_equations(&w, n);
			cmark_iter_reset(it, n, CMARK_EVENT_ENTER);
		} else if (t == CMARK_NODE_TABLE) {
			do_table(&w, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* nothing to number inside */
		}
		else if (md_math_is_display(n)) {
			do_math(&w, n);
			cmark_iter_reset(it, n, CMARK_EVENT_ENTER);
		}
	}
	cmark_iter_free(it);
	make_anchors(r);
	unique_anchors(r);
	check_labels(r);
	index_nodes(r);
}

/* ----------------------------------------------------------- xref nodes */

static const char *kind_word(const struct paper_refs *r, enum xref_kind k, bool plural)
{
	if (r->korean) {
		static const char *const ko[] = {"그림", "표", "식", "절"};
		return ko[k];
	}
	static const char *const one[] = {"Figure", "Table", "Equation", "Section"};
	static const char *const many[] = {"Figures", "Tables", "Equations", "Sections"};
	return plural ? many[k] : one[k];
}

cmark_node *xref_make(struct paper_refs *r, const char *label, enum xref_form form,
		      const struct srcpos *pos, bool plural, bool first, bool custom)
{
	struct xref *x = xcalloc(1, sizeof *x);
	x->magic = XREF_MAGIC;
	x->label = xstrdup(label);
	x->form = form;
	x->pos = *pos;
	struct xfloat *f = xref_find(r, label);
	x->target = f;
	int pi = prefix_index(label);
	x->kind = f ? f->kind : pi >= 0 ? prefix_kind[pi] : XREF_FIGURE;
	if (!f) {
		const char *near = nearest_label(r, label);
		if (near)
			diag_at(r->d, R_LABEL_UNDEFINED, pos,
				"no figure, table, section or equation is labelled '%s' (did you mean '%s'?)",
				label, near);
		else
			diag_at(r->d, R_LABEL_UNDEFINED, pos,
				"no figure, table, section or equation is labelled '%s'", label);
	}
	char *title = NULL;
	const char *num = f && f->number ? f->number : "??";
	if (f && !f->number && f->kind == XREF_SECTION)
		num = title = md_readable_text(f->node); /* an unnumbered section goes by its title */
	bool eq_paren = x->kind == XREF_EQUATION && (r->korean || form == XREF_PAREN);
	char *shown = eq_paren && !title ? xasprintf("(%s)", num) : xstrdup(num);
	if (form == XREF_FULL && first && !title)
		x->text = xasprintf("%s %s", kind_word(r, x->kind, plural), shown);
	else
		x->text = xstrdup(shown);
	free(shown);
	free(title);
	r->xrefs = xgrow(r->xrefs, &r->capxrefs, r->nxrefs + 1, sizeof *r->xrefs);
	r->xrefs[r->nxrefs++] = x;
	char *url = f ? xasprintf("#%s", f->anchor) : xstrdup("");
	cmark_node *node = resolve_carrier(custom, x, url);
	free(url);
	return node;
}

void xref_free_all(struct paper_refs *r)
{
	for (size_t i = 0; i < r->nxrefs; i++) {
		free(r->xrefs[i]->label);
		free(r->xrefs[i]->text);
		free(r->xrefs[i]);
	}
	free(r->xrefs);
	for (size_t i = 0; i < r->nfloats; i++) {
		struct xfloat *f = r->floats[i];
		free(f->label);
		free(f->anchor);
		free(f->number);
		free(f->attrs);
		free(f);
	}
	free(r->floats);
	for (size_t i = 0; i < r->nlabels; i++)
		free(r->labels[i].name);
	free(r->labels);
	free(r->nodes);
}
