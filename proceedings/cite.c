#include "cite.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "resolve_int.h"
#include "text.h"

const struct cite *cite_of(cmark_node *n)
{
	return resolve_carried(n, CITE_MAGIC);
}

/* ------------------------------------------------------------ keys */

static size_t u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static bool key_char(const char *s, size_t lim, size_t i)
{
	return i < lim && (s[i] == '_' || resolve_is_alnum_at(s, lim, i));
}

/* A key after '@' at s[i] (pandoc's rules: a letter, digit or '_', then
 * those and internal :.#$%&-+?<>~/ ; or anything in braces).  Returns its
 * length in the text (braces included) and the key, or 0. */
static size_t parse_key(const char *s, size_t lim, size_t i, char **key)
{
	if (i < lim && s[i] == '{') {
		size_t j = i + 1;
		while (j < lim && s[j] != '}' && s[j] != '{' && s[j] != '\n' && s[j] != IRUN_OBJ && j - i < 300)
			j++;
		if (j >= lim || s[j] != '}' || j == i + 1)
			return 0;
		*key = xstrndup(s + i + 1, j - i - 1);
		return j + 1 - i;
	}
	if (!key_char(s, lim, i))
		return 0;
	size_t j = i;
	for (;;) {
		if (key_char(s, lim, j))
			j += u8len((unsigned char)s[j]);
		else if (j < lim && s[j] && strchr(":.#$%&-+?<>~/", s[j]) && key_char(s, lim, j + 1))
			j++;
		else
			break;
	}
	*key = xstrndup(s + i, j - i);
	return j - i;
}

struct scan {
	struct paper_refs *r;
	struct irun *run;
	const char *s;
	size_t n;
	bool custom; /* the container takes custom inline nodes */
};

static bool key_known(const struct scan *sc, const char *key)
{
	if (xref_is_crossref_key(key))
		return xref_find(sc->r, key) != NULL;
	return sc->r->db && bib_find(sc->r->db, key);
}

/* Korean particles follow a key directly ("@fig:heat은"): when the whole
 * key is unknown but its ASCII start is known, the rest is text. */
static size_t trim_particle(const struct scan *sc, size_t at, size_t klen, char **key)
{
	if (key_known(sc, *key) || (*key)[0] == '\0' || sc->s[at] == '{')
		return klen;
	for (size_t cut = klen; cut > 1; cut--) {
		unsigned char c = (unsigned char)(*key)[cut - 1], d = (unsigned char)(*key)[cut];
		if (c >= 0x80 || d < 0x80)
			continue;
		char *shorter = xstrndup(*key, cut);
		if (key_known(sc, shorter)) {
			free(*key);
			*key = shorter;
			return cut;
		}
		free(shorter);
	}
	return klen;
}

/* ------------------------------------------------------------ hits */

struct item_tmp {
	size_t start, at, kend; /* start includes a '-'; at is the '@' */
	char *key;
	bool suppress;
	size_t pa, pb, sa, sb;  /* prefix and suffix ranges */
};

enum hit_kind { HIT_GROUP, HIT_NARRATIVE, HIT_TEXREF, HIT_URL };

struct hit {
	enum hit_kind kind;
	size_t start, end;
	struct item_tmp *items;
	size_t nitems;
	enum xref_form form; /* HIT_TEXREF */
	char *url, *shown, *rest; /* HIT_URL: the address, as written, and text after it */
};

static void hit_free(struct hit *h)
{
	for (size_t i = 0; i < h->nitems; i++)
		free(h->items[i].key);
	free(h->items);
	free(h->url);
	free(h->shown);
	free(h->rest);
}

static bool ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* [prefix @key suffix; ...] with no '[' inside; close is the ']'. */
static bool parse_group(struct scan *sc, size_t open, size_t close, struct hit *h)
{
	const char *s = sc->s;
	size_t cap = 0;
	memset(h, 0, sizeof *h);
	h->kind = HIT_GROUP;
	for (size_t j = open + 1; j < close; j++) {
		if (s[j] != '@')
			continue;
		bool sup = j > open + 1 && s[j - 1] == '-' &&
			   (j - 1 == open + 1 || ws(s[j - 2]) || s[j - 2] == ';' || s[j - 2] == ',');
		if (!sup && resolve_word_before(s, j))
			continue; /* an e-mail address */
		if (irun_escaped(sc->r, sc->run, j))
			continue; /* \@ is a literal at sign, as in pandoc */
		char *key = NULL;
		size_t klen = parse_key(s, close, j + 1, &key);
		if (!klen)
			continue;
		klen = trim_particle(sc, j + 1, klen, &key);
		h->items = xgrow(h->items, &cap, h->nitems + 1, sizeof *h->items);
		h->items[h->nitems++] = (struct item_tmp){sup ? j - 1 : j, j, j + 1 + klen, key, sup,
							  0, 0, 0, 0};
		j += klen;
	}
	if (!h->nitems)
		return false;
	h->start = open;
	h->end = close + 1;
	h->items[0].pa = open + 1;
	h->items[0].pb = h->items[0].start;
	for (size_t k = 0; k < h->nitems; k++) {
		struct item_tmp *it = &h->items[k];
		size_t stop = k + 1 < h->nitems ? h->items[k + 1].start : close;
		it->sa = it->kend;
		it->sb = stop;
		if (k + 1 == h->nitems)
			break;
		struct item_tmp *next = &h->items[k + 1];
		const char *semi = memchr(s + it->kend, ';', stop - it->kend);
		if (semi) {
			it->sb = (size_t)(semi - s);
			next->pa = it->sb + 1;
			next->pb = stop;
		} else {
			/* "@a, @b" (SALib) separates; other text is a suffix. */
			size_t e = stop;
			while (e > it->kend && (ws(s[e - 1]) || s[e - 1] == ','))
				e--;
			it->sb = e;
			next->pa = next->pb = stop;
		}
	}
	return true;
}

/* The plain text of [a, b), trimmed; NULL when empty. */
static char *piece(const struct scan *sc, size_t a, size_t b)
{
	while (a < b && ws(sc->s[a]))
		a++;
	while (b > a && ws(sc->s[b - 1]))
		b--;
	if (a >= b)
		return NULL;
	return irun_plain(sc->run, a, b);
}

/* \autoref{x}, \ref{x}, \eqref{x} (and cleveref's \cref). */
static size_t parse_texref(const char *s, size_t n, size_t i, char **label, enum xref_form *form)
{
	static const struct {
		const char *cmd;
		enum xref_form form;
	} cmds[] = {{"\\autoref{", XREF_FULL}, {"\\Autoref{", XREF_FULL}, {"\\cref{", XREF_FULL},
		    {"\\Cref{", XREF_FULL},       {"\\ref{", XREF_NUMBER},    {"\\eqref{", XREF_PAREN}};
	for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
		size_t cl = strlen(cmds[c].cmd);
		if (i + cl > n || memcmp(s + i, cmds[c].cmd, cl) != 0)
			continue;
		size_t j = i + cl;
		while (j < n && s[j] != '}' && s[j] != '{' && s[j] != '\n' && s[j] != IRUN_OBJ && j - i < 300)
			j++;
		if (j >= n || s[j] != '}' || j == i + cl)
			return 0;
		*label = xstrndup(s + i + cl, j - i - cl);
		*form = cmds[c].form;
		return j + 1 - i;
	}
	return 0;
}

/* A web address as \url{} may hold it: what GFM would autolink. */
static bool url_like(const char *u)
{
	return str_starts(u, "http://") || str_starts(u, "https://") || str_starts(u, "ftp://") ||
	       str_starts(u, "www.");
}

/* Markdown's backslash escapes undone (a doubled backslash is one), for raw
 * source that an autolink took in and that goes back to being text. */
static char *unescape_md(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] && ispunct((unsigned char)s[1]))
			s++;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* LaTeX's \url{address}, which JOSS papers write for pandoc's LaTeX route:
 * a link to the address.  GFM's autolink has usually made the address a
 * link already, taking the closing brace into it ("…/pyKoopman}"), so
 * the hit may end inside that link.  Returns the hit's length, or 0. */
static size_t parse_url_cmd(const struct scan *sc, size_t i, char **url, char **shown,
			    char **rest)
{
	const char *s = sc->s;
	size_t n = sc->n, a = i + 5;
	if (i + 6 > n || memcmp(s + i, "\\url{", 5) != 0)
		return 0;
	if (s[a] == IRUN_OBJ) {
		const struct iseg *sg = irun_seg_at(sc->run, a);
		if (!sg || cmark_node_get_type(sg->node) != CMARK_NODE_LINK)
			return 0;
		const char *u = cmark_node_get_url(sg->node);
		size_t ul = u ? strlen(u) : 0;
		char *text = irun_plain(sc->run, a, a + 1);
		const char *ub = ul ? strchr(u, '}') : NULL;
		char *tb = strchr(text, '}');
		size_t len = 0;
		if (ub && ub > u && tb && tb > text) {
			/* The brace went into the autolink, with whatever followed
			 * it up to a space ("…/SINDY-MPC},\\"): that stays text. */
			*url = xstrndup(u, (size_t)(ub - u));
			*rest = unescape_md(tb + 1);
			*tb = '\0';
			len = a + 1 - i;
		} else if (a + 1 < n && s[a + 1] == '}' && ul) {
			*url = xstrdup(u);
			len = a + 2 - i;
		}
		if (len)
			*shown = text;
		else
			free(text);
		return len;
	}
	size_t j = a;
	while (j < n && j - a < 2000 && s[j] != '}' && s[j] != IRUN_OBJ && !ws(s[j]))
		j++;
	if (j >= n || s[j] != '}' || j == a)
		return 0;
	char *u = xstrndup(s + a, j - a);
	if (!url_like(u)) {
		free(u);
		return 0;
	}
	*url = str_starts(u, "www.") ? xasprintf("http://%s", u) : xstrdup(u);
	*shown = u;
	return j + 1 - i;
}

/* Any other "\command{" is printed as it is: JOSS papers are written for
 * pandoc's LaTeX route, where \textbf{} works.  Reported where it is
 * written.  \footnote{} is left to texnote_scan, which makes it a note. */
static void tex_in_text(const struct scan *sc, size_t i)
{
	const char *s = sc->s;
	size_t j = i + 1;
	while (j < sc->n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
		j++;
	if (j - i < 3 || j >= sc->n || s[j] != '{' || !sc->r->d)
		return;
	if (j - i == 9 && memcmp(s + i, "\\footnote", 9) == 0)
		return; /* a footnote: texnote_scan makes it one */
	struct srcpos pos = irun_pos(sc->r, sc->run, i);
	diag_at(sc->r->d, R_TEX_IN_TEXT, &pos, "LaTeX command '%.*s' is printed as it is",
		(int)(j - i), s + i);
}

/* Find every citation and reference in the run, in order. */
static size_t find_hits(struct scan *sc, struct hit **out)
{
	const char *s = sc->s;
	size_t n = sc->n, nh = 0, cap = 0;
	struct hit *v = NULL;
	size_t i = 0;
	while (i < n) {
		/* On to the next byte that can start a hit (the run is text, so
		 * its only NUL is the one that ends it). */
		i += strcspn(s + i, "[@\\");
		if (i >= n)
			break;
		struct hit h;
		memset(&h, 0, sizeof h);
		bool ok = false;
		if (s[i] == '[') {
			/* The group ends at the first ']' with no '[' before it, which
			 * keeps the scan linear. */
			size_t j = i + 1;
			while (j < n && s[j] != ']' && s[j] != '[')
				j++;
			if (j < n && s[j] == ']' && memchr(s + i, '@', j - i))
				ok = parse_group(sc, i, j, &h);
			if (!ok && h.items)
				hit_free(&h);
		} else if (s[i] == '@' && !resolve_word_before(s, i) && !irun_escaped(sc->r, sc->run, i)) {
			char *key = NULL;
			size_t klen = parse_key(s, n, i + 1, &key);
			if (klen) {
				klen = trim_particle(sc, i + 1, klen, &key);
				memset(&h, 0, sizeof h);
				h.kind = HIT_NARRATIVE;
				h.items = xcalloc(1, sizeof *h.items);
				h.nitems = 1;
				h.items[0] = (struct item_tmp){i, i, i + 1 + klen, key, false, 0, 0, 0, 0};
				h.start = i;
				h.end = i + 1 + klen;
				/* @key [p. 3]: a locator in brackets right after. */
				size_t b = h.end;
				if (b < n && s[b] == ' ')
					b++;
				if (b < n && s[b] == '[') {
					size_t e = b + 1;
					while (e < n && s[e] != ']' && s[e] != '[' && s[e] != '@')
						e++;
					if (e < n && s[e] == ']' && e > b + 1 &&
					    !(e + 1 < n && (s[e + 1] == '(' || s[e + 1] == '[' || s[e + 1] == ':'))) {
						h.items[0].sa = b + 1;
						h.items[0].sb = e;
						h.end = e + 1;
					}
				}
				ok = true;
			}
		} else if (s[i] == '\\') {
			char *label = NULL, *url = NULL, *shown = NULL, *rest = NULL;
			enum xref_form form;
			size_t len = parse_url_cmd(sc, i, &url, &shown, &rest);
			if (len) {
				memset(&h, 0, sizeof h);
				h.kind = HIT_URL;
				h.url = url;
				h.shown = shown;
				h.rest = rest;
				h.start = i;
				h.end = i + len;
				ok = true;
			} else if ((len = parse_texref(s, n, i, &label, &form))) {
				memset(&h, 0, sizeof h);
				h.kind = HIT_TEXREF;
				h.form = form;
				h.items = xcalloc(1, sizeof *h.items);
				h.nitems = 1;
				h.items[0] = (struct item_tmp){i, i, i + len, label, false, 0, 0, 0, 0};
				h.start = i;
				h.end = i + len;
				ok = true;
			} else {
				tex_in_text(sc, i);
			}
		}
		if (ok) {
			v = xgrow(v, &cap, nh + 1, sizeof *v);
			v[nh++] = h;
			i = h.end;
		} else {
			i++;
		}
	}
	*out = v;
	return nh;
}

/* ------------------------------------------------------------ nodes */

static struct ref *ref_for(struct paper_refs *r, const struct bib_entry *e)
{
	size_t idx = (size_t)(e - r->db->entries);
	if (!r->by_entry[idx]) {
		struct ref *f = xcalloc(1, sizeof *f);
		f->key = e->key;
		f->entry = e;
		f->seq = r->nrefs;
		r->refs = xgrow(r->refs, &r->caprefs, r->nrefs + 1, sizeof *r->refs);
		r->refs[r->nrefs++] = f;
		r->by_entry[idx] = f;
	}
	return r->by_entry[idx];
}

static void report_unknown(struct paper_refs *r, const char *key, const struct srcpos *pos)
{
	/* Suggest a key one or two edits away, or else one that starts the
	 * other ("ScientificTypes" for "ScientificTypesBase"). */
	const char *best = NULL, *prefix = NULL;
	size_t bestd = 3, klen = strlen(key);
	for (size_t i = 0; i < r->db->n && r->db->n < 5000; i++) {
		const char *cand = r->db->entries[i].key;
		size_t clen = strlen(cand), dist = text_edit_distance(key, cand);
		if (dist < bestd) {
			bestd = dist;
			best = cand;
		} else if (!prefix && clen >= 6 && klen >= 6 &&
			   strncmp(key, cand, clen < klen ? clen : klen) == 0) {
			prefix = cand;
		}
	}
	if (!best)
		best = prefix;
	const char *file = strrchr(r->db->path, '/');
	file = file ? file + 1 : r->db->path;
	if (best)
		diag_at(r->d, R_CITE_UNKNOWN, pos, "citation key '%s' is not in %s (did you mean '%s'?)", key,
			file, best);
	else
		diag_at(r->d, R_CITE_UNKNOWN, pos, "citation key '%s' is not in %s", key, file);
}

/* Finding an item's place in paper.md costs more than the rest of the
 * citation, so it is looked up only when a diagnostic may need it: for the
 * first citation and for an unknown key. */
static void resolve_item(struct paper_refs *r, struct scan *sc, size_t at, struct cite_item *it)
{
	const struct bib_entry *e = r->db ? bib_find(r->db, it->key) : NULL;
	if (!r->any_cite || (r->db && !e))
		it->pos = irun_pos(r, sc->run, at);
	if (!r->any_cite) {
		r->any_cite = true;
		r->first_cite = it->pos;
	}
	if (e) {
		struct ref *f = ref_for(r, e);
		f->ncited++;
		it->ref = f;
		r->nresolved++;
	} else if (r->db) {
		report_unknown(r, it->key, &it->pos);
	}
	/* Without a usable file: R_BIB_MISSING, or the path problem check_paper reports. */
}

/* "[@a; b]": pandoc reads b as text after the citation of a, and prints
 * it.  When a word of that text is exactly a key of the bibliography, the
 * author surely meant @b. */
static void check_missing_at(struct scan *sc, const struct item_tmp *t, const char *suffix)
{
	if (!suffix || !sc->r->db || !sc->r->d || !strpbrk(suffix, ";,"))
		return;
	char *copy = xstrdup(suffix), *save = NULL;
	for (char *w = strtok_r(copy, ";, \t\n", &save); w; w = strtok_r(NULL, ";, \t\n", &save)) {
		if (strlen(w) < 3 || !bib_find(sc->r->db, w))
			continue;
		struct srcpos pos = irun_pos(sc->r, sc->run, t->sa);
		diag_at(sc->r->d, R_CITE_NO_AT, &pos,
			"'%s' is a key of the bibliography but has no @: it prints as text (write @%s)", w, w);
		break;
	}
	free(copy);
}

/* One cite node for items [a, b) of the hit. */
static cmark_node *make_cite(struct scan *sc, const struct hit *h, size_t a, size_t b, size_t src_a,
			     size_t src_b)
{
	struct paper_refs *r = sc->r;
	struct cite *c = xcalloc(1, sizeof *c);
	c->magic = CITE_MAGIC;
	c->bracketed = h->kind == HIT_GROUP;
	c->items = xcalloc(b - a, sizeof *c->items);
	for (size_t k = a; k < b; k++) {
		const struct item_tmp *t = &h->items[k];
		struct cite_item *it = &c->items[c->nitems++];
		it->key = xstrdup(t->key);
		it->mode = h->kind == HIT_NARRATIVE ? CITE_NARRATIVE
			   : t->suppress            ? CITE_SUPPRESS_AUTHOR
						    : CITE_NORMAL;
		it->prefix = t->pb > t->pa ? piece(sc, t->pa, t->pb) : NULL;
		it->suffix = t->sb > t->sa ? piece(sc, t->sa, t->sb) : NULL;
		if (h->kind == HIT_GROUP)
			check_missing_at(sc, t, it->suffix);
		resolve_item(r, sc, t->at, it);
	}
	c->source = irun_plain(sc->run, src_a, src_b);
	cmark_node *node = resolve_carrier(sc->custom, c, "");
	r->cites = xgrow(r->cites, &r->capcites, r->ncites + 1, sizeof *r->cites);
	r->cite_nodes = xgrow(r->cite_nodes, &r->capcitenodes, r->ncites + 1, sizeof *r->cite_nodes);
	r->cite_nodes[r->ncites] = node;
	r->cites[r->ncites++] = c;
	return node;
}

struct out {
	cmark_node **v;
	size_t n, cap;
};

static void out_push(struct out *o, cmark_node *n)
{
	o->v = xgrow(o->v, &o->cap, o->n + 1, sizeof *o->v);
	o->v[o->n++] = n;
}

static void out_text(struct out *o, const char *s)
{
	if (s && *s)
		out_push(o, resolve_text_node(s, strlen(s)));
}

/* Give a node that is not the edit's replacement its own fallback text. */
static void fallback(cmark_node *n, const struct scan *sc, size_t a, size_t b)
{
	char *t = irun_plain(sc->run, a, b);
	cmark_node_append_child(n, resolve_text_node(t, strlen(t)));
	free(t);
}

/* Turn one hit into an edit: citations and references in order. */
static void build_hit(struct scan *sc, struct hit *h, struct iedit *e)
{
	struct paper_refs *r = sc->r;
	struct out o = {0};
	if (h->kind == HIT_URL) {
		/* The command and its braces go; a link to the address, showing
		 * it, takes their place. */
		cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
		cmark_node_set_url(link, h->url);
		cmark_node_append_child(link, resolve_text_node(h->shown, strlen(h->shown)));
		bool rest = h->rest && *h->rest;
		*e = (struct iedit){h->start, h->end, NULL, xmalloc(2 * sizeof *e->after), rest ? 2 : 1};
		e->after[0] = link;
		if (rest)
			e->after[1] = resolve_text_node(h->rest, strlen(h->rest));
		return;
	}
	if (h->kind == HIT_TEXREF) {
		struct srcpos pos = irun_pos(r, sc->run, h->start);
		out_push(&o, xref_make(r, h->items[0].key, h->form, &pos, false, true, sc->custom));
	} else {
		size_t k = 0;
		bool any_xref = false;
		for (size_t i = 0; i < h->nitems; i++)
			any_xref |= xref_is_crossref_key(h->items[i].key);
		while (k < h->nitems) {
			size_t run_end = k;
			bool isx = xref_is_crossref_key(h->items[k].key);
			while (run_end < h->nitems && xref_is_crossref_key(h->items[run_end].key) == isx)
				run_end++;
			if (k > 0)
				out_text(&o, "; ");
			if (!isx) {
				/* Bibliographic items stay together in one bracketed cite. */
				size_t sa = any_xref ? h->items[k].start : h->start;
				size_t sb = any_xref ? h->items[run_end - 1].kend : h->end;
				cmark_node *c = make_cite(sc, h, k, run_end, sa, sb);
				if (o.n)
					fallback(c, sc, sa, sb);
				out_push(&o, c);
			} else {
				size_t count = run_end - k;
				for (size_t i = k; i < run_end; i++) {
					const struct item_tmp *t = &h->items[i];
					char *pre = t->pb > t->pa ? piece(sc, t->pa, t->pb) : NULL;
					char *suf = t->sb > t->sa ? piece(sc, t->sa, t->sb) : NULL;
					if (i > k)
						out_text(&o, i + 1 == run_end && !r->korean ? " and " : ", ");
					if (pre) {
						char *p = xasprintf("%s ", pre);
						out_text(&o, p);
						free(p);
					}
					struct srcpos pos = irun_pos(r, sc->run, t->at);
					cmark_node *x = xref_make(r, t->key, XREF_FULL, &pos, count > 1, i == k, sc->custom);
					if (o.n)
						fallback(x, sc, t->start, t->kend);
					out_push(&o, x);
					if (suf) {
						char *p = xasprintf("%s%s", suf[0] == ',' ? "" : " ", suf);
						out_text(&o, p);
						free(p);
					}
					free(pre);
					free(suf);
				}
			}
			k = run_end;
		}
	}
	/* The first node keeps the original inlines when it can hold them. */
	e->start = h->start;
	e->end = h->end;
	size_t from = 0;
	if (o.n && cmark_node_get_type(o.v[0]) != CMARK_NODE_TEXT)
		e->repl = o.v[from++];
	e->nafter = o.n - from;
	e->after = e->nafter ? xmalloc(e->nafter * sizeof *e->after) : NULL;
	for (size_t i = from; i < o.n; i++)
		e->after[i - from] = o.v[i];
	free(o.v);
}

static void scan_container(struct paper_refs *r, cmark_node *parent)
{
	/* Most paragraphs have neither '@' nor '\\', which every citation and
	 * reference starts with, and need no run built. */
	if (!resolve_text_has(parent, "@\\"))
		return;
	struct irun run;
	irun_init(&run, parent);
	struct scan sc = {r, &run, run.s.s, run.s.len, true};
	struct hit *hits;
	size_t nh = find_hits(&sc, &hits);
	if (!nh) {
		free(hits);
		irun_free(&run);
		return;
	}
	sc.custom = resolve_accepts_custom(parent);
	struct iedit *e = xcalloc(nh, sizeof *e);
	for (size_t i = 0; i < nh; i++) {
		build_hit(&sc, &hits[i], &e[i]);
		hit_free(&hits[i]);
	}
	free(hits);
	irun_apply(r, &run, e, nh);
	free(e);
}

static bool is_container(cmark_node_type t)
{
	return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_TABLE_CELL ||
	       t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG || t == CMARK_NODE_STRIKETHROUGH ||
	       t == CMARK_NODE_IMAGE;
}

/* Each container is scanned when entered; it changes only its own children
 * (the iterator is then reset to it), and the new nodes and links are
 * skipped, never entered. */
static void scan_tree(struct paper_refs *r, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_CUSTOM_INLINE) {
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* links and our own nodes */
			continue;
		}
		if (t == CMARK_NODE_TABLE) {
			const struct xfloat *f = xref_float_of(r, n);
			if (f && f->caption)
				scan_tree(r, f->caption); /* one level: captions hold no tables */
		}
		if (is_container(t)) {
			scan_container(r, n);
			/* cmark_iter computed the next step from the old children. */
			cmark_iter_reset(it, n, CMARK_EVENT_ENTER);
		}
	}
	cmark_iter_free(it);
}

void cite_scan(struct paper_refs *r, cmark_node *doc)
{
	scan_tree(r, doc);
}

/* ------------------------------------------------------------ layout */

struct parts {
	struct cite_part *v;
	size_t n, cap;
};

static void part(struct parts *p, const char *text, const struct ref *ref)
{
	if (!text || !*text)
		return;
	/* Plain pieces run together. */
	if (!ref && p->n && !p->v[p->n - 1].ref) {
		char *j = xasprintf("%s%s", p->v[p->n - 1].text, text);
		free(p->v[p->n - 1].text);
		p->v[p->n - 1].text = j;
		return;
	}
	p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
	p->v[p->n++] = (struct cite_part){xstrdup(text), ref};
}

static void part_suffix(struct parts *p, const char *suffix, bool narrative_locator)
{
	if (!suffix)
		return;
	char *s = xasprintf("%s%s", suffix[0] == ',' ? "" : narrative_locator ? ", " : " ", suffix);
	part(p, s, NULL);
	free(s);
}

static void part_prefix(struct parts *p, const char *prefix)
{
	if (!prefix)
		return;
	char *s = xasprintf("%s ", prefix);
	part(p, s, NULL);
	free(s);
}

static void part_unknown(struct parts *p, const char *key)
{
	char *s = xasprintf("%s?", key);
	part(p, s, NULL);
	free(s);
}

static int int_cmp(const void *a, const void *b)
{
	const struct ref *const *x = a, *const *y = b;
	return (*x)->index < (*y)->index ? -1 : (*x)->index > (*y)->index;
}

/* [1, 3–5]: sorted, duplicates dropped, three or more in a row as a range. */
static void numeric_compressed(struct parts *p, const struct cite *c)
{
	const struct ref **v = xmalloc((c->nitems + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < c->nitems; i++)
		if (c->items[i].ref)
			v[n++] = c->items[i].ref;
	if (n > 1)
		qsort(v, n, sizeof *v, int_cmp);
	bool first = true;
	for (size_t i = 0; i < n;) {
		if (i && v[i] == v[i - 1]) {
			i++;
			continue;
		}
		size_t j = i;
		while (j + 1 < n && (v[j + 1] == v[j] || v[j + 1]->index == v[j]->index + 1))
			j++;
		if (!first)
			part(p, ", ", NULL);
		first = false;
		size_t distinct = v[j]->index - v[i]->index + 1;
		if (distinct >= 3) {
			part(p, v[i]->label, v[i]);
			part(p, "–", NULL);
			part(p, v[j]->label, v[j]);
		} else {
			part(p, v[i]->label, v[i]);
			if (distinct == 2) {
				part(p, ", ", NULL);
				part(p, v[j]->label, v[j]);
			}
		}
		i = j + 1;
	}
	for (size_t i = 0; i < c->nitems; i++)
		if (!c->items[i].ref) {
			if (!first)
				part(p, ", ", NULL);
			first = false;
			part_unknown(p, c->items[i].key);
		}
	free(v);
}

static void layout_numeric(struct parts *p, const struct cite *c)
{
	if (!c->bracketed) {
		const struct cite_item *it = &c->items[0];
		if (it->ref) {
			char *s = xasprintf("%s ", it->ref->names_narrative);
			part(p, s, NULL);
			free(s);
		}
		part(p, "[", NULL);
		if (it->ref)
			part(p, it->ref->label, it->ref);
		else
			part_unknown(p, it->key);
		part_suffix(p, it->suffix, true);
		part(p, "]", NULL);
		return;
	}
	bool plain = true;
	for (size_t i = 0; i < c->nitems; i++)
		plain &= !c->items[i].prefix && !c->items[i].suffix;
	part(p, "[", NULL);
	if (plain) {
		numeric_compressed(p, c);
	} else {
		for (size_t i = 0; i < c->nitems; i++) {
			const struct cite_item *it = &c->items[i];
			if (i)
				part(p, "; ", NULL);
			part_prefix(p, it->prefix);
			if (it->ref)
				part(p, it->ref->label, it->ref);
			else
				part_unknown(p, it->key);
			part_suffix(p, it->suffix, false);
		}
	}
	part(p, "]", NULL);
}

static void layout_author_year(struct parts *p, const struct cite *c)
{
	if (!c->bracketed) {
		const struct cite_item *it = &c->items[0];
		if (!it->ref) {
			part_unknown(p, it->key);
			return;
		}
		part(p, it->ref->names_narrative, it->ref);
		part(p, " (", NULL);
		part(p, it->ref->year, it->ref);
		part_suffix(p, it->suffix, true);
		part(p, ")", NULL);
		return;
	}
	part(p, "(", NULL);
	for (size_t i = 0; i < c->nitems; i++) {
		const struct cite_item *it = &c->items[i];
		if (i)
			part(p, "; ", NULL);
		part_prefix(p, it->prefix);
		if (!it->ref) {
			part_unknown(p, it->key);
		} else if (it->mode == CITE_SUPPRESS_AUTHOR) {
			part(p, it->ref->year, it->ref);
		} else {
			char *s = xasprintf("%s, %s", it->ref->names, it->ref->year);
			part(p, s, it->ref);
			free(s);
		}
		part_suffix(p, it->suffix, false);
	}
	part(p, ")", NULL);
}

void cite_layout(struct paper_refs *r)
{
	for (size_t i = 0; i < r->ncites; i++) {
		struct cite *c = r->cites[i];
		for (size_t k = 0; k < c->nparts; k++) /* laid out again on a change of style */
			free(c->parts[k].text);
		free(c->parts);
		free(c->text);
		struct parts p = {0};
		if (r->author_year)
			layout_author_year(&p, c);
		else
			layout_numeric(&p, c);
		struct strbuf b;
		sb_init(&b);
		for (size_t k = 0; k < p.n; k++)
			sb_adds(&b, p.v[k].text);
		c->parts = p.v;
		c->nparts = p.n;
		c->text = sb_steal(&b);
		/* A link carrier (table cells) points at the first entry. */
		cmark_node *node = r->cite_nodes[i];
		if (cmark_node_get_type(node) == CMARK_NODE_LINK && c->items[0].ref) {
			char *url = xasprintf("#%s", c->items[0].ref->anchor);
			cmark_node_set_url(node, url);
			free(url);
		}
	}
}

void cite_free_all(struct paper_refs *r)
{
	for (size_t i = 0; i < r->ncites; i++) {
		struct cite *c = r->cites[i];
		for (size_t k = 0; k < c->nitems; k++) {
			free(c->items[k].key);
			free(c->items[k].prefix);
			free(c->items[k].suffix);
		}
		free(c->items);
		for (size_t k = 0; k < c->nparts; k++)
			free(c->parts[k].text);
		free(c->parts);
		free(c->text);
		free(c->source);
		free(c);
	}
	free(r->cites);
	free(r->cite_nodes);
}
