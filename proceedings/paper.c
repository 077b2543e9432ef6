#define _GNU_SOURCE /* strcasestr */
#include "paper.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ident.h"
#include "markdown.h"
#include "math.h"
#include "resolve.h"
#include "text.h"
#include "util.h"
#include "yfield.h"
#include "ytree.h"

static const char *const paper_keys[] = {
	"title", "subtitle", "short-title", "authors", "affiliations", "keywords", "tags",
	"abstract", "lang", "date", "bibliography", "license", "doi", "repository", NULL};
/* Keys pandoc, R Markdown and JOSS use that mean nothing to quire. */
static const char *const paper_ignored[] = {
	"output", "header-includes", "aas-doi", "aas-journal", "codeRepository", "link-citations",
	"nocite", "csl", "documentclass", "geometry", "fontsize", "classoption", "papersize",
	"archive_doi", "software_repository_url", "year", "volume", "issue", "page",
	"journal_name", "submitted", "published", "formatted_doi", "citation_author", NULL};
static const char *const author_keys[] = {
	"name", "given-names", "surname", "given", "family", "dropping-particle",
	"non-dropping-particle", "suffix", "orcid", "affiliation", "email", "corresponding",
	"equal-contrib", "alias", "url", NULL};
static const char *const affiliation_keys[] = {"name", "index", "ror", NULL};

/* Split the "---" block off the top.  Sets *yaml and *ylen to the YAML between
 * the fences and blanks those lines in `text` so Markdown line numbers stay
 * equal to file lines. */
static bool split_front_matter(struct paper *p, char *text, size_t len, char **yaml,
			       size_t *ylen, struct diag_list *d)
{
	if (!(len >= 3 && memcmp(text, "---", 3) == 0 &&
	      (len == 3 || text[3] == '\n' || text[3] == '\r' || text[3] == ' '))) {
		diag_report(d, R_FM_MISSING, p->path, 1, 1,
			    "paper.md must start with a YAML front matter block ('---')");
		return false;
	}
	char *start = memchr(text, '\n', len);
	if (!start) {
		diag_report(d, R_FM_UNCLOSED, p->path, 1, 1, "front matter opened here is never closed");
		return false;
	}
	start++;
	char *line = start, *end = text + len;
	while (line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		if ((n == 3 && (memcmp(line, "---", 3) == 0 || memcmp(line, "...", 3) == 0))) {
			*yaml = xstrndup(start, (size_t)(line - start));
			*ylen = (size_t)(line - start);
			char *stop = nl ? nl : end;
			for (char *q = text; q < stop; q++)
				if (*q != '\n')
					*q = ' ';
			return true;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	diag_report(d, R_FM_UNCLOSED, p->path, 1, 1,
		    "front matter opened here is never closed (add a line '---' after it)");
	return false;
}

/* JOSS's "1, 2", a list [1, 2] or a lone number. */
static void read_author_affiliations(struct person *a, const struct ynode *n, struct diag_list *d)
{
	if (!n || ynode_is_null(n))
		return;
	const struct ynode *items[256];
	size_t count = 0;
	if (n->kind == Y_SEQ) {
		for (size_t i = 0; i < n->n && count < 256; i++)
			items[count++] = n->kids[i];
	} else if (n->kind == Y_SCALAR) {
		items[count++] = n;
	} else {
		diag_at(d, R_YAML_TYPE, &n->pos, "affiliation must be an index such as \"1, 2\" or a list");
		return;
	}
	for (size_t i = 0; i < count; i++) {
		const struct ynode *it = items[i];
		if (it->kind != Y_SCALAR) {
			diag_at(d, R_YAML_TYPE, &it->pos, "affiliation indices must be text or numbers");
			continue;
		}
		char *copy = xstrdup(it->value);
		int col_off = 0;
		char *save = NULL;
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *t = text_trim(tok);
			col_off = (int)(tok - copy);
			while (tok[0] == ' ') {
				tok++;
				col_off++;
			}
			if (*t) {
				a->aff_index = xrealloc(a->aff_index, (a->naff + 1) * sizeof *a->aff_index);
				a->aff_pos = xrealloc(a->aff_pos, (a->naff + 1) * sizeof *a->aff_pos);
				a->aff_index[a->naff] = t;
				struct srcpos pos = it->pos;
				/* Point into "1, 2" only for plain scalars, where columns map 1:1. */
				if (it->plain)
					pos.col += col_off;
				a->aff_pos[a->naff++] = pos;
			} else {
				free(t);
			}
		}
		free(copy);
	}
}

static void join_name(struct mtext *out, const struct mtext *given, const struct mtext *family,
		      const char *particle, const char *suffix)
{
	/* Build one display entry per language present in either part. */
	const struct mtext *base = family->n ? family : given;
	for (size_t i = 0; i < base->n; i++) {
		const char *lang = base->v[i].lang;
		const char *g = mtext_get(given, lang), *f = mtext_get(family, lang);
		bool hangul = f && (unsigned char)f[0] >= 0xEA && (unsigned char)f[0] <= 0xED;
		struct strbuf b;
		sb_init(&b);
		/* Korean names are written family name first, without a space. */
		if (hangul) {
			sb_printf(&b, "%s%s", f, g ? g : "");
		} else {
			if (g)
				sb_adds(&b, g);
			if (particle)
				sb_printf(&b, "%s%s", b.len ? " " : "", particle);
			if (f)
				sb_printf(&b, "%s%s", b.len ? " " : "", f);
			if (suffix)
				sb_printf(&b, "%s%s", b.len ? " " : "", suffix);
		}
		out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		out->v[out->n].lang = lang ? xstrdup(lang) : NULL;
		out->v[out->n].text = sb_steal(&b);
		out->v[out->n].pos = base->v[i].pos;
		out->n++;
	}
}

static bool mentions(const char *s, const char *word)
{
	return strcasestr(s, word) != NULL;
}

/* Pandoc's inline notes on a name, as JOSS writes "Matthew
 * Feickert^[Corresponding author.]": taken out of the name, and read when
 * they say what quire has fields for. */
static void name_notes(struct person *a, struct mtext *name, struct diag_list *d)
{
	for (size_t i = 0; i < name->n; i++) {
		char *t = name->v[i].text, *at;
		bool cut = false;
		while ((at = strstr(t, "^["))) {
			size_t depth = 0, k = 1;
			for (; at[k]; k++) {
				if (at[k] == '[')
					depth++;
				else if (at[k] == ']' && --depth == 0)
					break;
			}
			if (!at[k])
				break; /* no closing bracket: it is not a note */
			char *note = xstrndup(at + 2, k - 2);
			if (mentions(note, "corresponding"))
				a->corresponding = true;
			else if (mentions(note, "equal") && mentions(note, "contribut"))
				a->equal_contrib = true;
			else
				diag_at(d, R_AUTHOR_NOTE, &name->v[i].pos,
					"the note '%s' on an author's name is dropped", note);
			free(note);
			memmove(at, at + k + 1, strlen(at + k + 1) + 1);
			cut = true;
		}
		if (cut) {
			char *trimmed = text_trim(t);
			free(name->v[i].text);
			name->v[i].text = trimmed;
		}
	}
}

static void read_author(struct person *a, const struct ynode *n, struct diag_list *d)
{
	a->pos = n->pos;
	if (n->kind == Y_SCALAR) { /* a bare "- Ada Lovelace" */
		yf_mtext(d, n, "author name", &a->name);
		name_notes(a, &a->name, d);
		return;
	}
	if (!yf_expect(d, n, Y_MAP, "an author"))
		return;
	yf_keys(d, n, "an author", author_keys, NULL);
	yf_mtext(d, ynode_get(n, "name"), "name", &a->name);
	name_notes(a, &a->name, d);
	const struct ynode *g = ynode_get(n, "given-names");
	if (!g)
		g = ynode_get(n, "given");
	const struct ynode *f = ynode_get(n, "surname");
	if (!f)
		f = ynode_get(n, "family");
	yf_mtext(d, g, "given-names", &a->given);
	yf_mtext(d, f, "surname", &a->family);
	name_notes(a, &a->family, d);
	if (mtext_empty(&a->name) && (a->given.n || a->family.n)) {
		char *particle = yf_string(d, ynode_get(n, "non-dropping-particle"), "non-dropping-particle");
		if (!particle)
			particle = yf_string(d, ynode_get(n, "dropping-particle"), "dropping-particle");
		char *suffix = yf_string(d, ynode_get(n, "suffix"), "suffix");
		mtext_free(&a->name);
		join_name(&a->name, &a->given, &a->family, particle, suffix);
		free(particle);
		free(suffix);
	}
	const struct ynode *o = ynode_get(n, "orcid");
	if (o)
		a->orcid_pos = o->pos;
	a->orcid = yf_orcid(d, o);
	a->email = yf_email(d, ynode_get(n, "email"));
	read_author_affiliations(a, ynode_get(n, "affiliation"), d);
	yf_bool(d, ynode_get(n, "corresponding"), "corresponding", &a->corresponding);
	yf_bool(d, ynode_get(n, "equal-contrib"), "equal-contrib", &a->equal_contrib);
}

static void read_affiliation(struct affiliation *af, const struct ynode *n, struct diag_list *d)
{
	af->pos = n->pos;
	if (!yf_expect(d, n, Y_MAP, "an affiliation"))
		return;
	yf_keys(d, n, "an affiliation", affiliation_keys, NULL);
	yf_mtext(d, ynode_get(n, "name"), "affiliation name", &af->name);
	af->index = yf_string(d, ynode_get(n, "index"), "index");
	const struct ynode *r = ynode_get(n, "ror");
	af->ror = yf_string(d, r, "ror");
	if (af->ror && *af->ror && ident_ror(af->ror) != IDENT_OK)
		diag_at(d, R_ROR, &r->pos, "'%s' is not a valid ROR id", af->ror);
}

static void read_front_matter(struct paper *p, const struct ynode *fm, struct diag_list *d)
{
	yf_keys(d, fm, "the front matter", paper_keys, paper_ignored);
	const struct ynode *n;
	if ((n = ynode_get(fm, "title")))
		p->title_pos = n->pos;
	yf_mtext(d, n, "title", &p->title);
	/* An empty title is missing; a title of the wrong shape was reported. */
	if (n && n->kind == Y_SCALAR && mtext_empty(&p->title))
		p->title_pos.line = 0;
	yf_mtext(d, ynode_get(fm, "subtitle"), "subtitle", &p->subtitle);
	yf_mtext(d, ynode_get(fm, "short-title"), "short-title", &p->short_title);
	/* Titles are inline Markdown in the pandoc convention (JOSS writes
	 * "`name`: ..."); the model keeps their text. */
	struct mtext *titles[] = {&p->title, &p->subtitle, &p->short_title};
	for (size_t t = 0; t < sizeof titles / sizeof titles[0]; t++)
		for (size_t i = 0; i < titles[t]->n; i++) {
			char *plain = md_inline_text(titles[t]->v[i].text);
			free(titles[t]->v[i].text);
			titles[t]->v[i].text = plain;
		}
	if ((n = ynode_get(fm, "abstract")))
		p->abstract_pos = n->pos;
	yf_mtext(d, n, "abstract", &p->abstract);
	/* The abstract is plain text in every output; its formulas read as
	 * Unicode text there ("x²"), not as TeX source. */
	for (size_t i = 0; i < p->abstract.n; i++)
		if (strchr(p->abstract.v[i].text, '$')) {
			char *t = math_text_inline(p->abstract.v[i].text, true); /* it is Markdown */
			free(p->abstract.v[i].text);
			p->abstract.v[i].text = t;
		}
	if (n && n->kind == Y_SCALAR && mtext_empty(&p->abstract))
		p->abstract_pos.line = 0;
	n = ynode_get(fm, "keywords");
	yf_mlist(d, n ? n : ynode_get(fm, "tags"), "keywords", &p->keywords);
	if ((n = ynode_get(fm, "lang")))
		p->lang_pos = n->pos;
	p->lang = yf_lang(d, n, "lang");
	if ((n = ynode_get(fm, "date")))
		p->date_pos = n->pos;
	p->date = yf_date(d, n, "date");
	if ((n = ynode_get(fm, "bibliography")))
		p->bib_pos = n->pos;
	p->bibliography = yf_string(d, n, "bibliography");
	p->license = yf_license(d, ynode_get(fm, "license"));
	if ((n = ynode_get(fm, "doi"))) {
		p->doi = yf_string(d, n, "doi");
		if (p->doi && *p->doi && ident_doi(p->doi) != IDENT_OK)
			diag_at(d, R_DOI, &n->pos, "'%s' is not a DOI such as 10.5555/abc.123", p->doi);
	}
	p->repository = yf_url(d, ynode_get(fm, "repository"), "repository");

	n = ynode_get(fm, "authors");
	if (n && n->kind == Y_MAP) /* a single author written as a mapping */
		n = NULL, diag_at(d, R_YAML_TYPE, &ynode_get(fm, "authors")->pos,
				  "authors must be a list (start each author with '- ')");
	if (yf_expect(d, n, Y_SEQ, "authors")) {
		p->authors = xcalloc(n->n, sizeof *p->authors);
		for (size_t i = 0; i < n->n; i++)
			read_author(&p->authors[p->nauthors++], n->kids[i], d);
	}
	n = ynode_get(fm, "affiliations");
	if (yf_expect(d, n, Y_SEQ, "affiliations")) {
		p->affiliations = xcalloc(n->n, sizeof *p->affiliations);
		for (size_t i = 0; i < n->n; i++)
			read_affiliation(&p->affiliations[p->naffiliations++], n->kids[i], d);
	}
}

/* The folder name is the paper's id. */
static char *id_from_dir(const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	size_t s = n;
	while (s > 0 && dir[s - 1] != '/')
		s--;
	if (n - s == 1 && dir[s] == '.') { /* "." : use the real folder name */
		char *real = realpath(dir, NULL);
		if (real) {
			char *slash = strrchr(real, '/');
			char *id = xstrdup(slash ? slash + 1 : real);
			free(real);
			return id;
		}
	}
	return xstrndup(dir + s, n - s);
}

/* A paper with its paths set and nothing read yet. */
static struct paper *paper_new(const char *path)
{
	struct paper *p = xcalloc(1, sizeof *p);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		p->dir = xstrdup(path);
		p->path = path_join(path, "paper.md");
	} else {
		p->path = xstrdup(path);
		const char *slash = strrchr(path, '/');
		p->dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	}
	p->id = id_from_dir(p->dir);
	p->fm_pos = (struct srcpos){p->path, 1, 1};
	p->body.path = xstrdup(p->path);
	p->body.dir = xstrdup(p->dir);
	return p;
}

/* Parse the text of paper.md (valid NFC UTF-8, owned by the paper from
 * here on). */
static void paper_parse(struct paper *p, char *text, size_t len, struct diag_list *d)
{
	char *yaml = NULL;
	size_t ylen = 0;
	if (split_front_matter(p, text, len, &yaml, &ylen, d)) {
		size_t errors = diag_count(d, DIAG_ERROR);
		struct ynode *fm = ytree_parse(p->path, yaml, ylen, 2, d);
		if (fm && fm->kind == Y_MAP)
			read_front_matter(p, fm, d);
		else if (fm)
			diag_at(d, R_YAML_TYPE, &fm->pos, "the front matter must be a mapping of keys to values");
		/* Fields missing because the YAML broke are not worth reporting. */
		p->front_matter_ok = fm && fm->kind == Y_MAP &&
				     (errors == diag_count(d, DIAG_ERROR) || fm->n > 0);
		if (!fm && errors == diag_count(d, DIAG_ERROR))
			p->front_matter_ok = true; /* an empty block: report what is missing */
		ytree_free(fm);
		free(yaml);
	}
	if (!p->lang)
		p->lang = xstrdup("en");
	p->body.text = text;
	p->body.len = len;
	md_parse(&p->body, d);
	/* Numeric style until the volume says otherwise (resolve_set_style). */
	p->refs = resolve_paper(NULL, p, d);
}

struct paper *paper_load(const char *path, struct diag_list *d)
{
	struct paper *p = paper_new(path);
	char *text;
	size_t len;
	if (!md_read_text(p->path, MD_MAX_BYTES, &text, &len, d)) {
		paper_free(p);
		return NULL;
	}
	paper_parse(p, text, len, d);
	return p;
}

void paper_drop_body(struct paper *p)
{
	resolve_free(p->refs); /* it points into the tree */
	p->refs = NULL;
	char *path = p->body.path, *dir = p->body.dir;
	p->body.path = p->body.dir = NULL;
	markdown_free(&p->body);
	p->body.path = path;
	p->body.dir = dir;
}

bool paper_body_read(const struct paper *p, struct markdown *out)
{
	memset(out, 0, sizeof *out);
	out->path = xstrdup(p->path);
	out->dir = xstrdup(p->dir);
	char *text, *yaml = NULL;
	size_t len, ylen;
	struct diag_list ignored;
	diag_init(&ignored);
	bool ok = md_read_text(p->path, MD_MAX_BYTES, &text, &len, &ignored);
	if (ok) {
		/* Only the front matter's lines need blanking again; its values were
		 * read when the paper was loaded. */
		struct paper shape = {.path = p->path};
		if (split_front_matter(&shape, text, len, &yaml, &ylen, &ignored))
			free(yaml);
		out->text = text;
		out->len = len;
		md_parse(out, &ignored);
	}
	diag_free(&ignored);
	return ok;
}

void paper_body_open(const struct volume *vol, const struct paper *p, struct paper_body *b)
{
	memset(b, 0, sizeof *b);
	if (p->body.doc) {
		b->md = &p->body;
		b->refs = p->refs;
		return;
	}
	b->md = &b->scratch;
	if (paper_body_read(p, &b->scratch)) {
		struct diag_list ignored;
		diag_init(&ignored);
		b->own_refs = resolve_body(vol, p, &b->scratch, &ignored);
		b->refs = b->own_refs;
		diag_free(&ignored);
	}
}

void paper_body_close(struct paper_body *b)
{
	resolve_free(b->own_refs);
	markdown_free(&b->scratch);
	memset(b, 0, sizeof *b);
}

struct paper *paper_from_memory(const char *path, const char *raw, size_t rawlen,
				struct diag_list *d)
{
	struct paper *p = paper_new(path);
	char *text;
	size_t len;
	if (rawlen > MD_MAX_BYTES) {
		diag_report(d, R_TOO_LARGE, p->path, 0, 0, "file is larger than %u MB", MD_MAX_BYTES >> 20);
		paper_free(p);
		return NULL;
	}
	if (!md_prepare_text(p->path, raw, rawlen, &text, &len, d)) {
		paper_free(p);
		return NULL;
	}
	paper_parse(p, text, len, d);
	return p;
}
