/* Markdown to HTML nodes.  The tree is walked with cmark's iterator, not
 * by recursion, so a pathologically nested document cannot exhaust the
 * stack: every container cmark enters pushes the element its children go
 * into (or NULL when its subtree is rendered some other way), every exit
 * pops it. */
#include "html_body_int.h"

#include <cmark-gfm-core-extensions.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "html_ui.h"
#include "proceedings/cite.h"
#include "proceedings/ident.h"
#include "proceedings/markdown.h"
#include "proceedings/mdcheck.h"
#include "proceedings/pathcheck.h"
#include "proceedings/resolve.h"
#include "proceedings/util.h"
#include "proceedings/xref.h"

#define IMAGE_HEADER_MAX (64u * 1024 * 1024)

static void walk(struct body *b, cmark_node *root, bool with_root);

/* ---- small helpers ---- */

/* Leaves get no exit event from cmark's iterator. */
static bool is_leaf(cmark_node *n)
{
	switch (type(n)) {
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_THEMATIC_BREAK:
	case CMARK_NODE_CODE_BLOCK:
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

char *html_escape_path(const char *name)
{
	struct strbuf b;
	sb_init(&b);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
			sb_addc(&b, (char)*p);
		else
			sb_printf(&b, "%%%02X", *p);
	}
	return sb_steal(&b);
}

/* ---- ids ---- */

static bool id_used(const struct body *b, const char *id)
{
	for (size_t i = 0; i < b->nids; i++)
		if (strcmp(b->ids[i], id) == 0)
			return true;
	return false;
}

/* Register `want` (prefixed), adding -2, -3... until it is unique. */
char *hb_unique_id(struct body *b, const char *want)
{
	char *id = xasprintf("%s%s", b->prefix, want);
	for (int k = 2; id_used(b, id); k++) {
		free(id);
		id = xasprintf("%s%s-%d", b->prefix, want, k);
	}
	b->ids = xgrow(b->ids, &b->idcap, b->nids + 1, sizeof *b->ids);
	b->ids[b->nids++] = id;
	return id;
}

/* Heading text to an id: letters of any script and digits kept (ASCII
 * lower-cased), everything else a single '-'.  Page ids start with "q-",
 * so a heading can never take one of those. */
static char *slugify(const char *s)
{
	struct strbuf b;
	sb_init(&b);
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80 || isalnum(*p)) {
			if (dash && b.len)
				sb_addc(&b, '-');
			dash = false;
			sb_addc(&b, (char)(*p < 0x80 ? tolower(*p) : *p));
		} else {
			dash = true;
		}
	}
	char *r = sb_steal(&b);
	if (!*r || str_starts(r, "q-") || str_starts(r, "fn")) {
		char *x = xasprintf("sec-%s", r);
		free(r);
		r = x;
	}
	if (strcmp(r, "sec-") == 0) {
		free(r);
		r = xstrdup("sec");
	}
	return r;
}

/* A trailing pandoc attribute block "{#id .class}" at the end of `s`:
 * returns its start offset (or the length of s when there is none) and the
 * id, if any, in *id (caller frees). */
static size_t attr_block(const char *s, char **id)
{
	*id = NULL;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n || s[n - 1] != '}')
		return strlen(s);
	const char *open = NULL;
	for (size_t i = n - 1; i-- > 0;)
		if (s[i] == '{') {
			open = s + i;
			break;
		} else if (s[i] == '}') {
			break;
		}
	if (!open)
		return strlen(s);
	const char *h = strchr(open, '#');
	if (h && h < s + n) {
		const char *e = h + 1;
		while (e < s + n - 1 && !isspace((unsigned char)*e))
			e++;
		if (e > h + 1)
			*id = xstrndup(h + 1, (size_t)(e - h - 1));
	}
	size_t start = (size_t)(open - s);
	while (start && isspace((unsigned char)s[start - 1]))
		start--;
	return start;
}

/* The last text child of a block, where an attribute block would be. */
static cmark_node *last_text(cmark_node *n)
{
	cmark_node *c = cmark_node_last_child(n);
	return c && type(c) == CMARK_NODE_TEXT ? c : NULL;
}

/* ---- files ---- */

void html_files_reserve(struct html_files *f, const char *name)
{
	f->reserved = xgrow(f->reserved, &f->rcap, f->nreserved + 1, sizeof *f->reserved);
	f->reserved[f->nreserved++] = xstrdup(name);
}

void html_files_free(struct html_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].src);
		free(f->v[i].name);
	}
	for (size_t i = 0; i < f->nreserved; i++)
		free(f->reserved[i]);
	free(f->v);
	free(f->reserved);
	memset(f, 0, sizeof *f);
}

static bool name_taken(const struct html_files *f, const char *name)
{
	for (size_t i = 0; i < f->nreserved; i++)
		if (strcasecmp(f->reserved[i], name) == 0)
			return true;
	for (size_t i = 0; i < f->n; i++)
		if (strcasecmp(f->v[i].name, name) == 0)
			return true;
	return false;
}

/* Only a plain file name may become an output file: no separators, no
 * leading dot, no control characters. */
static bool plain_name(const char *s)
{
	if (!*s || s[0] == '.' || strlen(s) > 200)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			return false;
	return true;
}

/* Resolve a local reference through the path gate and give it a name in
 * the output folder.  NULL when the file is missing, outside or odd. */
static const char *add_file(struct body *b, const char *url)
{
	struct html_files *f = b->o->files;
	if (!f)
		return NULL;
	char *rel = mdcheck_local_path(url);
	char *full = NULL;
	const char *result = NULL;
	struct stat st;
	const char *slash = strrchr(rel, '/');
	const char *base = slash ? slash + 1 : rel;
	if (plain_name(base) && path_status(b->m->dir, rel, &full) == 0 && stat(full, &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		for (size_t i = 0; i < f->n && !result; i++)
			if (strcmp(f->v[i].src, full) == 0)
				result = f->v[i].name;
		if (!result) {
			char *name = xstrdup(base);
			for (int k = 2; name_taken(f, name); k++) {
				free(name);
				name = xasprintf("%d-%s", k, base);
			}
			f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
			f->v[f->n] = (struct html_file){xstrdup(full), name};
			result = f->v[f->n++].name;
		}
	}
	free(full);
	free(rel);
	return result;
}

static const char *file_src(const struct body *b, const char *name)
{
	for (size_t i = 0; i < b->o->files->n; i++)
		if (strcmp(b->o->files->v[i].name, name) == 0)
			return b->o->files->v[i].src;
	return NULL;
}

/* Pixel size from a PNG or JPEG header, so the browser reserves the space
 * before the image arrives. */
static bool image_size(const char *path, long *w, long *h)
{
	char *data;
	size_t len;
	if (read_file(path, IMAGE_HEADER_MAX, &data, &len) != 0)
		return false;
	const unsigned char *p = (const unsigned char *)data;
	bool ok = false;
	if (len >= 24 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(p + 12, "IHDR", 4) == 0) {
		*w = (long)p[16] << 24 | (long)p[17] << 16 | (long)p[18] << 8 | p[19];
		*h = (long)p[20] << 24 | (long)p[21] << 16 | (long)p[22] << 8 | p[23];
		ok = true;
	} else if (len >= 4 && p[0] == 0xFF && p[1] == 0xD8) {
		size_t i = 2;
		while (i + 9 < len && p[i] == 0xFF) {
			unsigned m = p[i + 1];
			size_t seg = (size_t)p[i + 2] << 8 | p[i + 3];
			if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
				*h = (long)p[i + 5] << 8 | p[i + 6];
				*w = (long)p[i + 7] << 8 | p[i + 8];
				ok = true;
				break;
			}
			if (m == 0xFF) { /* fill byte */
				i++;
				continue;
			}
			i += 2 + seg;
		}
	}
	free(data);
	return ok && *w > 0 && *h > 0;
}

static xmlNodePtr image_el(struct body *b, xmlNodePtr parent, cmark_node *img)
{
	const char *url = cmark_node_get_url(img);
	if (!url || ident_url(url) != URL_RELATIVE || url[0] == '#')
		return NULL;
	const char *name = add_file(b, url);
	if (!name)
		return NULL;
	xmlNodePtr e = el(parent, "img");
	char *src = html_escape_path(name);
	attr(e, "src", src);
	free(src);
	char *alt = md_readable_text(img);
	attr(e, "alt", alt);
	free(alt);
	long w, h;
	if (image_size(file_src(b, name), &w, &h)) {
		char buf[32];
		snprintf(buf, sizeof buf, "%ld", w);
		attr(e, "width", buf);
		snprintf(buf, sizeof buf, "%ld", h);
		attr(e, "height", buf);
	}
	attr(e, "loading", "lazy");
	return e;
}

/* ---- blocks ---- */

/* An image alone in its paragraph (an attribute block and white space may
 * follow) is a figure. */
static cmark_node *figure_image(cmark_node *para)
{
	cmark_node *img = NULL;
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		cmark_node_type t = type(c);
		if (t == CMARK_NODE_IMAGE && !img) {
			img = c;
		} else if (t == CMARK_NODE_SOFTBREAK && img) {
		} else if (t == CMARK_NODE_TEXT && img) {
			const char *s = cmark_node_get_literal(c);
			char *id;
			size_t at = attr_block(s, &id);
			free(id);
			for (size_t i = 0; i < at; i++)
				if (!isspace((unsigned char)s[i]))
					return NULL;
		} else {
			return NULL;
		}
	}
	return img;
}

static char *figure_id(cmark_node *para)
{
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c))
		if (type(c) == CMARK_NODE_TEXT) {
			char *id;
			attr_block(cmark_node_get_literal(c), &id);
			if (id)
				return id;
		}
	return NULL;
}

const struct xfloat *hb_float_of(const struct body *b, cmark_node *n, enum xref_kind k)
{
	const struct xfloat *f = b->pr && n ? xref_float_of(b->pr, n) : NULL;
	return f && f->kind == k ? f : NULL;
}

static void enter_figure(struct body *b, cmark_node *para)
{
	xmlNodePtr fig = el(top(b), "figure");
	attr(fig, "class", "q-figure");
	const struct xfloat *xf = hb_float_of(b, para, XREF_FIGURE);
	if (!xf)
		xf = hb_float_of(b, figure_image(para), XREF_FIGURE);
	char *want = xf && xf->anchor ? xstrdup(xf->anchor) : figure_id(para);
	char *num = xasprintf("fig-%d", ++b->nfig);
	attr(fig, "id", hb_unique_id(b, want ? want : num));
	free(b->fig_number);
	b->fig_number = xf ? (xf->number ? xstrdup(xf->number) : NULL) : xasprintf("%d", b->nfig);
	free(want);
	free(num);
	b->figure_para = para;
	push(b, fig);
}

/* "Figure 2: " / "표 1: " at the start of a caption. */
static void caption_label(struct body *b, xmlNodePtr cap, const char *kind, const char *number)
{
	xmlNodePtr label = el(cap, "span");
	attr(label, "class", "q-label");
	char *s = xasprintf("%s %s:", html_ui(b->o->lang, kind), number);
	text(label, s);
	free(s);
	text(cap, " ");
}

static void enter_figure_image(struct body *b, cmark_node *img)
{
	xmlNodePtr fig = top(b);
	image_el(b, fig, img); /* a missing file leaves the caption alone */
	xmlNodePtr cap = el(fig, "figcaption");
	if (b->fig_number)
		caption_label(b, cap, "figure", b->fig_number);
	push(b, cap);
}

/* A paragraph ": caption {#tbl:id}" (pandoc's form) right after a table
 * becomes that table's caption. */
static bool table_caption(struct body *b, cmark_node *para)
{
	if (!b->last_table || cmark_node_previous(para) != b->last_table)
		return false;
	cmark_node *first = cmark_node_first_child(para);
	if (!first || type(first) != CMARK_NODE_TEXT)
		return false;
	const char *s = cmark_node_get_literal(first);
	size_t skip = str_starts(s, ": ") ? 2 : str_starts(s, "Table: ") ? 7 : 0;
	if (!skip)
		return false;
	xmlNodePtr table = b->last_table_el;
	xmlNodePtr cap = xmlNewNode(NULL, BAD_CAST "caption");
	if (table->children)
		xmlAddPrevSibling(table->children, cap);
	else
		xmlAddChild(table, cap);
	xmlNodePtr label = el(cap, "span");
	attr(label, "class", "q-label");
	char *l = xasprintf("%s %d:", html_ui(b->o->lang, "table"), ++b->ntab);
	text(label, l);
	free(l);
	text(cap, " ");
	cmark_node *last = last_text(para);
	char *id = NULL;
	if (last) {
		b->trim_node = last;
		b->trim_len = attr_block(cmark_node_get_literal(last), &id);
	}
	char *num = xasprintf("tbl-%d", b->ntab);
	attr(table, "id", hb_unique_id(b, id ? id : num));
	free(num);
	free(id);
	b->skip_node = first;
	b->skip_len = skip;
	push(b, cap);
	return true;
}

static bool in_tight_list(cmark_node *para)
{
	cmark_node *item = cmark_node_parent(para);
	if (!item || type(item) != CMARK_NODE_ITEM)
		return false;
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list);
}

static void enter_paragraph(struct body *b, cmark_node *n)
{
	if (figure_image(n)) {
		enter_figure(b, n);
		return;
	}
	if (table_caption(b, n))
		return;
	if (in_tight_list(n)) {
		push(b, top(b));
		return;
	}
	push(b, el(top(b), "p"));
}

static int out_level(struct body *b, int level)
{
	int base = b->o->base_level > 0 ? b->o->base_level : 2;
	int out = base + (level - b->min_level);
	if (out > b->prev_level + 1)
		out = b->prev_level + 1;
	if (out < base)
		out = base;
	if (out > 6)
		out = 6;
	b->prev_level = out;
	return out;
}

static void enter_heading(struct body *b, cmark_node *n)
{
	char name[3] = {'h', (char)('0' + out_level(b, cmark_node_get_heading_level(n))), 0};
	xmlNodePtr parent = top(b);
	if (b->pr && n == refs_heading(b->pr) && refs_count(b->pr)) {
		/* The paper's own References heading opens the list's section. */
		b->refs_section = el(parent, "section");
		attr(b->refs_section, "class", "q-references");
		parent = b->refs_section;
	}
	xmlNodePtr h = el(parent, name);
	const struct xfloat *xf = hb_float_of(b, n, XREF_SECTION);
	if (xf && xf->number) {
		xmlNodePtr num = el(h, "span");
		attr(num, "class", "q-secno");
		text(num, xf->number);
		text(h, " ");
	}
	cmark_node *last = last_text(n);
	char *id = NULL;
	if (last) {
		b->trim_node = last;
		b->trim_len = attr_block(cmark_node_get_literal(last), &id);
	}
	if (xf && xf->anchor) {
		free(id);
		id = xstrdup(xf->anchor);
	}
	if (!id) {
		char *plain = md_plain_text(n);
		char *cut = xstrndup(plain, attr_block(plain, &id));
		free(id);
		id = slugify(cut);
		free(cut);
		free(plain);
	}
	attr(h, "id", hb_unique_id(b, id));
	free(id);
	push(b, h);
}

static void code_block(struct body *b, cmark_node *n)
{
	xmlNodePtr pre = el(top(b), "pre");
	/* Long lines scroll; keyboard users must be able to reach them. */
	attr(pre, "tabindex", "0");
	xmlNodePtr code = el(pre, "code");
	const char *info = cmark_node_get_fence_info(n);
	if (info && *info) {
		struct strbuf cls;
		sb_init(&cls);
		sb_adds(&cls, "language-");
		for (const char *p = info; *p && !isspace((unsigned char)*p) && cls.len < 60; p++)
			if (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '+')
				sb_addc(&cls, *p);
		if (cls.len > strlen("language-"))
			attr(code, "class", cls.s);
		sb_free(&cls);
	}
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	if (len && lit[len - 1] == '\n')
		len--;
	char *s = xstrndup(lit ? lit : "", len);
	text(code, s);
	free(s);
}

static void enter_list(struct body *b, cmark_node *n)
{
	bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	xmlNodePtr l = el(top(b), ordered ? "ol" : "ul");
	int start = cmark_node_get_list_start(n);
	if (ordered && start != 1) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", start);
		attr(l, "start", buf);
	}
	push(b, l);
}

static void enter_table(struct body *b, cmark_node *n)
{
	xmlNodePtr wrap = el(top(b), "div");
	attr(wrap, "class", "q-table-wrap");
	/* A wide table scrolls: make the region focusable and name it. */
	attr(wrap, "tabindex", "0");
	attr(wrap, "role", "region");
	attr(wrap, "aria-label", strcmp(b->o->lang ? b->o->lang : "en", "ko") == 0 ? "표" : "Table");
	xmlNodePtr t = el(wrap, "table");
	b->last_table = n;
	b->last_table_el = t;
	const struct xfloat *xf = hb_float_of(b, n, XREF_TABLE);
	if (xf) {
		/* The resolve stage took the caption paragraph out of the tree. */
		b->last_table = NULL;
		if (xf->anchor)
			attr(t, "id", hb_unique_id(b, xf->anchor));
		if (xf->caption || xf->number) {
			xmlNodePtr cap = el(t, "caption");
			if (xf->number)
				caption_label(b, cap, "table", xf->number);
			if (xf->caption) {
				push(b, cap);
				walk(b, xf->caption, false);
				b->depth--;
			}
		}
	}
	push(b, t);
}

static void enter_row(struct body *b, cmark_node *n)
{
	xmlNodePtr table = top(b);
	if (!table) {
		push(b, NULL);
		return;
	}
	const char *section = cmark_gfm_extensions_get_table_row_is_header(n) ? "thead" : "tbody";
	xmlNodePtr sec = table->last;
	if (!sec || strcmp((const char *)sec->name, section) != 0)
		sec = el(table, section);
	push(b, el(sec, "tr"));
}

static void enter_cell(struct body *b, cmark_node *n)
{
	cmark_node *row = cmark_node_parent(n);
	cmark_node *table = row ? cmark_node_parent(row) : NULL;
	bool header = row && cmark_gfm_extensions_get_table_row_is_header(row);
	xmlNodePtr c = el(top(b), header ? "th" : "td");
	if (header)
		attr(c, "scope", "col");
	int col = 0;
	for (cmark_node *p = cmark_node_previous(n); p; p = cmark_node_previous(p))
		col++;
	uint8_t *align = table ? cmark_gfm_extensions_get_table_alignments(table) : NULL;
	int ncols = table ? (int)cmark_gfm_extensions_get_table_columns(table) : 0;
	/* Classes, not style attributes: the pages forbid inline styles. */
	if (align && col < ncols) {
		const char *cls = align[col] == 'r' ? "q-right" : align[col] == 'c' ? "q-center" : NULL;
		if (cls)
			attr(c, "class", cls);
	}
	push(b, c);
}

/* ---- inlines ---- */

bool hb_allowed_scheme(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0 ||
	       strncasecmp(url, "mailto:", 7) == 0;
}

static void enter_link(struct body *b, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);
	char *href = NULL;
	if (url && url[0] == '#' && url[1]) {
		href = xstrdup(url);
	} else if (url && *url) {
		enum ident_url kind = ident_url(url);
		if (kind == URL_OK && hb_allowed_scheme(url)) {
			href = xstrdup(url);
		} else if (kind == URL_RELATIVE) {
			const char *name = add_file(b, url);
			if (name) {
				char *esc = html_escape_path(name);
				const char *frag = strchr(url, '#');
				href = xasprintf("%s%s", esc, frag ? frag : "");
				free(esc);
			}
		}
	}
	if (!href) { /* unsafe, broken or missing: keep the words, drop the link */
		push(b, top(b));
		return;
	}
	xmlNodePtr a = el(top(b), "a");
	attr(a, "href", href);
	const char *title = cmark_node_get_title(n);
	if (title && *title)
		attr(a, "title", title);
	free(href);
	push(b, a);
}

static void enter_image(struct body *b, cmark_node *n)
{
	if (b->figure_para && cmark_node_parent(n) == b->figure_para) {
		enter_figure_image(b, n);
		return;
	}
	/* An inline image: the picture, or its description when it is missing. */
	if (image_el(b, top(b), n))
		push(b, NULL);
	else
		push(b, top(b));
}

static void text_node(struct body *b, cmark_node *n)
{
	if (b->figure_para && cmark_node_parent(n) == b->figure_para)
		return; /* white space and {#id} beside a figure's image */
	const char *s = cmark_node_get_literal(n);
	if (!s)
		return;
	size_t len = strlen(s), from = 0;
	if (n == b->trim_node && b->trim_len < len)
		len = b->trim_len;
	if (n == b->skip_node)
		from = b->skip_len < len ? b->skip_len : len;
	char *part = xstrndup(s + from, len - from);
	text(top(b), part);
	free(part);
}

static void footnote_ref(struct body *b, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	int num = lit ? atoi(lit) : 0;
	if (num <= 0 || num > 100000)
		return;
	if ((size_t)num >= b->nrefs) {
		size_t cap = b->nrefs;
		b->refs = xgrow(b->refs, &cap, (size_t)num + 1, sizeof *b->refs);
		memset(b->refs + b->nrefs, 0, (cap - b->nrefs) * sizeof *b->refs);
		b->nrefs = cap;
	}
	int k = ++b->refs[num];
	xmlNodePtr sup = el(top(b), "sup");
	attr(sup, "class", "q-fnref");
	xmlNodePtr a = el(sup, "a");
	char *href = xasprintf("#%sfn-%d", b->prefix, num);
	char *id = k == 1 ? xasprintf("%sfnref-%d", b->prefix, num)
			  : xasprintf("%sfnref-%d-%d", b->prefix, num, k);
	attr(a, "href", href);
	attr(a, "id", id);
	attr(a, "role", "doc-noteref");
	char buf[16];
	snprintf(buf, sizeof buf, "%d", num);
	text(a, buf);
	free(href);
	free(id);
}

static void enter_footnote(struct body *b)
{
	if (!b->notes) {
		xmlNodePtr sec = el(b->root, "section");
		attr(sec, "class", "q-footnotes");
		attr(sec, "role", "doc-endnotes");
		char level[3] = {'h', (char)('0' + (b->o->base_level > 0 ? b->o->base_level : 2)), 0};
		xmlNodePtr h = el(sec, level);
		char *hid = xasprintf("%snotes", b->prefix);
		attr(h, "id", hid);
		free(hid);
		text(h, html_ui(b->o->lang, "notes"));
		b->notes = el(sec, "ol");
	}
	xmlNodePtr li = el(b->notes, "li");
	char *id = xasprintf("%sfn-%d", b->prefix, ++b->nnotes);
	attr(li, "id", id);
	free(id);
	push(b, li);
}

/* Back links from a note to each place that cites it, inside its last
 * paragraph so they read as part of the note. */
static void exit_footnote(struct body *b, xmlNodePtr li)
{
	xmlNodePtr where = li->last && li->last->type == XML_ELEMENT_NODE &&
					   strcmp((const char *)li->last->name, "p") == 0
				   ? li->last
				   : li;
	int num = b->nnotes;
	int count = (size_t)num < b->nrefs ? b->refs[num] : 0;
	for (int k = 1; k <= count; k++) {
		text(where, " ");
		xmlNodePtr a = el(where, "a");
		char *href = k == 1 ? xasprintf("#%sfnref-%d", b->prefix, num)
				    : xasprintf("#%sfnref-%d-%d", b->prefix, num, k);
		attr(a, "href", href);
		free(href);
		attr(a, "class", "q-fnback");
		attr(a, "role", "doc-backlink");
		attr(a, "aria-label", html_ui(b->o->lang, "back_to_text"));
		text(a, "\xE2\x86\xA9\xEF\xB8\x8E"); /* ↩ as text, not emoji */
		if (k > 1) {
			char buf[16];
			snprintf(buf, sizeof buf, "%d", k);
			text(el(a, "sup"), buf);
		}
	}
}

/* ---- everything else: formulas and node types this writer does not know ---- */

static void enter_other(struct body *b, cmark_node *n)
{
	if (hb_math(b, n))
		return;
	/* Unknown to this writer: show the plain text so nothing the author
	 * wrote disappears. */
	bool block = (type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
	char *plain = md_plain_text(n);
	text(block ? el(top(b), "p") : top(b), plain);
	free(plain);
	push(b, NULL);
}

/* ---- the walk ---- */

static void enter(struct body *b, cmark_node *n)
{
	cmark_node_type t = type(n);
	xmlNodePtr parent = top(b);
	const struct cite *ci = cite_of(n);
	const struct xref *xr = ci ? NULL : xref_of(n);
	if (ci) {
		hb_citation(b, ci);
		push(b, NULL);
	} else if (xr) {
		hb_cross_reference(b, xr);
		push(b, NULL);
	} else if (t == CMARK_NODE_DOCUMENT) {
		push(b, b->root);
	} else if (t == CMARK_NODE_PARAGRAPH) {
		enter_paragraph(b, n);
	} else if (t == CMARK_NODE_HEADING) {
		enter_heading(b, n);
	} else if (t == CMARK_NODE_BLOCK_QUOTE) {
		push(b, el(parent, "blockquote"));
	} else if (t == CMARK_NODE_LIST) {
		enter_list(b, n);
	} else if (t == CMARK_NODE_ITEM) {
		push(b, el(parent, "li"));
	} else if (t == CMARK_NODE_CODE_BLOCK) {
		code_block(b, n);
	} else if (t == CMARK_NODE_THEMATIC_BREAK) {
		el(parent, "hr");
	} else if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
		/* raw HTML is never output (quire check warns about it) */
	} else if (t == CMARK_NODE_CUSTOM_BLOCK || t == CMARK_NODE_CUSTOM_INLINE) {
		push(b, parent); /* their on-enter/on-exit markup is raw HTML: dropped */
	} else if (t == CMARK_NODE_TEXT) {
		text_node(b, n);
	} else if (t == CMARK_NODE_SOFTBREAK) {
		if (!(b->figure_para && cmark_node_parent(n) == b->figure_para))
			text(parent, "\n");
	} else if (t == CMARK_NODE_LINEBREAK) {
		el(parent, "br");
	} else if (t == CMARK_NODE_CODE) {
		text(el(parent, "code"), cmark_node_get_literal(n));
	} else if (t == CMARK_NODE_EMPH) {
		push(b, el(parent, "em"));
	} else if (t == CMARK_NODE_STRONG) {
		push(b, el(parent, "strong"));
	} else if (t == CMARK_NODE_LINK) {
		enter_link(b, n);
	} else if (t == CMARK_NODE_IMAGE) {
		enter_image(b, n);
	} else if (t == CMARK_NODE_FOOTNOTE_REFERENCE) {
		footnote_ref(b, n);
		push(b, NULL);
	} else if (t == CMARK_NODE_FOOTNOTE_DEFINITION) {
		enter_footnote(b);
	} else if (t == CMARK_NODE_STRIKETHROUGH) {
		push(b, el(parent, "del"));
	} else if (t == CMARK_NODE_TABLE) {
		enter_table(b, n);
	} else if (t == CMARK_NODE_TABLE_ROW) {
		enter_row(b, n);
	} else if (t == CMARK_NODE_TABLE_CELL) {
		enter_cell(b, n);
	} else {
		enter_other(b, n);
	}
}

static void leave(struct body *b, cmark_node *n)
{
	if (!b->depth)
		return;
	xmlNodePtr e = b->stack[--b->depth];
	cmark_node_type t = type(n);
	if (t == CMARK_NODE_FOOTNOTE_DEFINITION && e)
		exit_footnote(b, e);
	else if (t == CMARK_NODE_PARAGRAPH && n == b->figure_para)
		b->figure_para = NULL;
	else if (t == CMARK_NODE_HEADING && b->refs_section && b->pr && n == refs_heading(b->pr))
		hb_ref_list(b, b->refs_section);
}

/* Render `root`'s subtree into top(b); without `with_root`, only what is
 * inside it (a detached caption paragraph's inlines). */
static void walk(struct body *b, cmark_node *root, bool with_root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (n == root && !with_root)
			continue;
		bool skipping = b->depth && b->stack[b->depth - 1] == NULL;
		if (ev == CMARK_EVENT_ENTER) {
			if (skipping) {
				if (!is_leaf(n))
					push(b, NULL);
			} else {
				enter(b, n);
			}
		} else if (ev == CMARK_EVENT_EXIT) {
			leave(b, n);
		}
	}
	cmark_iter_free(it);
}

static int min_heading_level(cmark_node *doc)
{
	int min = 6;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) < min)
			min = cmark_node_get_heading_level(n);
	}
	cmark_iter_free(it);
	return min;
}

xmlNodePtr html_body(const struct markdown *m, const struct html_body_opts *o)
{
	struct body b = {.m = m, .o = o, .prefix = o->id_prefix ? o->id_prefix : ""};
	b.root = xmlNewNode(NULL, BAD_CAST "div");
	attr(b.root, "class", "q-body");
	if (!m->doc)
		return b.root;
	b.min_level = min_heading_level(m->doc);
	b.prev_level = (o->base_level > 0 ? o->base_level : 2) - 1;
	b.pr = o->refs;
	walk(&b, m->doc, true);
	hb_references_at_end(&b);
	free(b.fig_number);
	for (size_t i = 0; i < b.nids; i++)
		free(b.ids[i]);
	free(b.ids);
	free(b.stack);
	free(b.refs);
	return b.root;
}
