#include "volume.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "check.h"
#include "ident.h"
#include "resolve.h"
#include "markdown.h"
#include "paper.h"
#include "paper_store.h"
#include "parallel.h"
#include "pathcheck.h"
#include "strmap.h"
#include "text.h"
#include "util.h"
#include "yfield.h"
#include "ytree.h"

#define VOLUME_YAML_MAX (4u * 1024 * 1024)

static const char *const volume_keys[] = {
	"id", "title", "subtitle", "short-title", "series", "number", "date", "location",
	"language", "publisher", "isbn", "issn", "doi-prefix", "license", "url", "editors",
	"front-matter", "committees", "sessions", "layout", "policy", NULL};
static const char *const person_keys[] = {"name", "affiliation", "orcid", "email", NULL};
static const char *const committee_keys[] = {"title", "members", NULL};
static const char *const session_keys[] = {"id", "title", "time", "place", "papers", NULL};
static const char *const layout_keys[] = {"paper", "columns", "fonts", "recto-start",
					  "citation-style", NULL};
static const char *const font_keys[] = {"serif", "sans", "mono", "hangul", "hangul-sans", NULL};
static const char *const policy_keys[] = {"max-pages", "abstract-words", "review",
					  "translations", "required", NULL};
/* Paper fields a policy may require. */
static const char *const requirable[] = {"title", "subtitle", "authors", "affiliations",
					 "abstract", "keywords", "date", "bibliography", "orcid",
					 "email", "license", NULL};

struct volume *vol_new_default(void)
{
	struct volume *v = xcalloc(1, sizeof *v);
	layout_policy_defaults(&v->layout);
	v->policy.required = xcalloc(2, sizeof(char *));
	v->policy.required[0] = xstrdup("title");
	v->policy.required[1] = xstrdup("authors");
	v->policy.nrequired = 2;
	return v;
}

static void read_person(struct person *p, const struct ynode *n, const char *what,
			struct diag_list *d)
{
	p->pos = n->pos;
	if (n->kind == Y_SCALAR) {
		yf_mtext(d, n, what, &p->name);
		return;
	}
	if (!yf_expect(d, n, Y_MAP, what))
		return;
	yf_keys(d, n, what, person_keys, NULL);
	yf_mtext(d, ynode_get(n, "name"), "name", &p->name);
	if (mtext_empty(&p->name))
		diag_at(d, R_AUTHOR_NAME, &n->pos, "%s has no name", what);
	yf_mtext(d, ynode_get(n, "affiliation"), "affiliation", &p->affiliation);
	const struct ynode *o = ynode_get(n, "orcid");
	if (o)
		p->orcid_pos = o->pos;
	p->orcid = yf_orcid(d, o);
	p->email = yf_email(d, ynode_get(n, "email"));
}

static struct person *read_people(const struct ynode *n, const char *what, size_t *count,
				  struct diag_list *d)
{
	*count = 0;
	if (!yf_expect(d, n, Y_SEQ, what))
		return NULL;
	struct person *v = xcalloc(n->n, sizeof *v);
	for (size_t i = 0; i < n->n; i++)
		read_person(&v[(*count)++], n->kids[i], "a person", d);
	return v;
}

static void read_sessions(struct volume *v, const struct ynode *n, struct diag_list *d)
{
	if (!yf_expect(d, n, Y_SEQ, "sessions"))
		return;
	v->sessions = xcalloc(n->n, sizeof *v->sessions);
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *s = n->kids[i];
		if (!yf_expect(d, s, Y_MAP, "a session"))
			continue;
		struct session *ss = &v->sessions[v->nsessions++];
		ss->pos = s->pos;
		yf_keys(d, s, "a session", session_keys, NULL);
		const struct ynode *idn = ynode_get(s, "id");
		ss->id = yf_string(d, idn, "session id");
		if (ss->id && !ident_slug(ss->id))
			diag_at(d, R_SLUG, &idn->pos, "session id '%s' is not a valid id", ss->id);
		yf_mtext(d, ynode_get(s, "title"), "session title", &ss->title);
		if (mtext_empty(&ss->title))
			diag_at(d, R_REQUIRED, &s->pos, "session has no title");
		ss->time = yf_string(d, ynode_get(s, "time"), "time");
		yf_mtext(d, ynode_get(s, "place"), "place", &ss->place);
		const struct ynode *ps = ynode_get(s, "papers");
		if (ps && ps->kind == Y_SEQ) {
			ss->paper_ids = xcalloc(ps->n, sizeof *ss->paper_ids);
			ss->paper_pos = xcalloc(ps->n, sizeof *ss->paper_pos);
			for (size_t j = 0; j < ps->n; j++) {
				char *id = yf_string(d, ps->kids[j], "paper id");
				if (!id)
					continue;
				ss->paper_pos[ss->npapers] = ps->kids[j]->pos;
				ss->paper_ids[ss->npapers++] = id;
			}
		} else if (ps && !ynode_is_null(ps)) {
			yf_expect(d, ps, Y_SEQ, "papers");
		}
		if (ss->npapers == 0)
			diag_at(d, R_SESSION_EMPTY, &s->pos, "session '%s' lists no papers",
				mtext_get(&ss->title, "en") ? mtext_get(&ss->title, "en") : "");
	}
}

static void read_layout(struct volume *v, const struct ynode *n, struct diag_list *d)
{
	if (!yf_expect(d, n, Y_MAP, "layout"))
		return;
	yf_keys(d, n, "layout", layout_keys, NULL);
	struct layout_policy *l = &v->layout;
	const struct ynode *x;
	if ((x = ynode_get(n, "paper"))) {
		char *s = yf_string(d, x, "paper");
		if (s && (strcmp(s, "a4") == 0 || strcmp(s, "letter") == 0)) {
			free(l->paper);
			l->paper = s;
		} else {
			if (s)
				diag_at(d, R_LAYOUT, &x->pos, "paper must be a4 or letter, not '%s'", s);
			free(s);
		}
	}
	yf_int(d, ynode_get(n, "columns"), "columns", 1, 2, &l->columns);
	yf_bool(d, ynode_get(n, "recto-start"), "recto-start", &l->recto_start);
	if ((x = ynode_get(n, "citation-style"))) {
		char *s = yf_string(d, x, "citation-style");
		if (s && (strcmp(s, "numeric") == 0 || strcmp(s, "author-year") == 0)) {
			free(l->citation_style);
			l->citation_style = s;
		} else {
			if (s)
				diag_at(d, R_LAYOUT, &x->pos,
					"citation-style must be numeric or author-year, not '%s'", s);
			free(s);
		}
	}
	const struct ynode *f = ynode_get(n, "fonts");
	if (yf_expect(d, f, Y_MAP, "fonts")) {
		yf_keys(d, f, "fonts", font_keys, NULL);
		struct {
			const char *key;
			char **slot;
		} fonts[] = {{"serif", &l->font_serif}, {"sans", &l->font_sans},
			     {"mono", &l->font_mono}, {"hangul", &l->font_hangul},
			     {"hangul-sans", &l->font_hangul_sans}};
		for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++) {
			char *s = yf_string(d, ynode_get(f, fonts[i].key), fonts[i].key);
			if (s && *s) {
				free(*fonts[i].slot);
				*fonts[i].slot = s;
			} else {
				free(s);
			}
		}
	}
}

static void read_policy(struct volume *v, const struct ynode *n, struct diag_list *d)
{
	if (!yf_expect(d, n, Y_MAP, "policy"))
		return;
	yf_keys(d, n, "policy", policy_keys, NULL);
	struct volume_policy *p = &v->policy;
	const struct ynode *x;
	if ((x = ynode_get(n, "max-pages"))) {
		p->max_pages_pos = x->pos;
		yf_int(d, x, "max-pages", 0, 10000, &p->max_pages);
	}
	if ((x = ynode_get(n, "abstract-words"))) {
		p->abstract_words_pos = x->pos;
		yf_int(d, x, "abstract-words", 0, 100000, &p->abstract_words);
	}
	if ((x = ynode_get(n, "review"))) {
		char *s = yf_string(d, x, "review");
		if (!s) {
		} else if (strcmp(s, "single-blind") == 0) {
			p->review = REVIEW_SINGLE_BLIND;
		} else if (strcmp(s, "double-blind") == 0) {
			p->review = REVIEW_DOUBLE_BLIND;
		} else if (strcmp(s, "open") == 0) {
			p->review = REVIEW_OPEN;
		} else {
			diag_at(d, R_LAYOUT, &x->pos,
				"review must be single-blind, double-blind or open, not '%s'", s);
		}
		free(s);
	}
	if ((x = ynode_get(n, "translations"))) {
		p->translations = yf_strings(d, x, "translations", &p->ntranslations);
		for (size_t i = 0; i < p->ntranslations; i++)
			if (!ident_lang(p->translations[i]))
				diag_at(d, R_LANG, &x->pos, "'%s' is not a language code", p->translations[i]);
	}
	if ((x = ynode_get(n, "required"))) {
		for (size_t i = 0; i < p->nrequired; i++)
			free(p->required[i]);
		free(p->required);
		p->required = yf_strings(d, x, "required", &p->nrequired);
		for (size_t i = 0; i < p->nrequired; i++) {
			bool known = false;
			for (size_t j = 0; requirable[j]; j++)
				known |= strcmp(requirable[j], p->required[i]) == 0;
			if (!known)
				diag_at(d, R_LAYOUT, &x->pos, "'%s' is not a paper field a policy can require",
					p->required[i]);
		}
	}
}

static void read_identifiers(struct volume *v, const struct ynode *root, struct diag_list *d)
{
	const struct ynode *x;
	if ((x = ynode_get(root, "isbn"))) {
		v->isbn = yf_string(d, x, "isbn");
		if (v->isbn && *v->isbn && ident_isbn(v->isbn) != IDENT_OK)
			diag_at(d, R_ISBN, &x->pos, "ISBN %s is not valid (wrong length or check digit)", v->isbn);
	}
	if ((x = ynode_get(root, "issn"))) {
		v->issn = yf_string(d, x, "issn");
		if (v->issn && *v->issn && ident_issn(v->issn) != IDENT_OK)
			diag_at(d, R_ISSN, &x->pos, "ISSN %s is not valid (wrong form or check digit)", v->issn);
	}
	if ((x = ynode_get(root, "doi-prefix"))) {
		v->doi_prefix = yf_string(d, x, "doi-prefix");
		if (v->doi_prefix && *v->doi_prefix && ident_doi_prefix(v->doi_prefix) != IDENT_OK)
			diag_at(d, R_DOI, &x->pos, "'%s' is not a DOI prefix such as 10.5555", v->doi_prefix);
	}
	v->license = yf_license(d, ynode_get(root, "license"));
	v->url = yf_url(d, ynode_get(root, "url"), "url");
}

static void read_front_files(struct volume *v, const struct ynode *n, struct diag_list *d)
{
	size_t count;
	if (!n)
		return;
	char **files = yf_strings(d, n, "front-matter", &count);
	v->front = xcalloc(count ? count : 1, sizeof *v->front);
	for (size_t i = 0; i < count; i++) {
		const struct ynode *at = n->kind == Y_SEQ && i < n->n ? n->kids[i] : n;
		char *full = NULL;
		if (path_check(v->dir, files[i], &at->pos, "front-matter file", d, &full)) {
			struct markdown *m = &v->front[v->nfront];
			if (md_load_file(m, full, v->dir, d))
				v->nfront++;
			else
				markdown_free(m);
		}
		free(full);
		free(files[i]);
	}
	free(files);
}

static void read_volume_yaml(struct volume *v, const struct ynode *root, struct diag_list *d)
{
	yf_keys(d, root, "volume.yaml", volume_keys, NULL);
	const struct ynode *x;
	if ((x = ynode_get(root, "id"))) {
		v->id_pos = x->pos;
		v->id = yf_string(d, x, "id");
		if (v->id && !ident_slug(v->id))
			diag_at(d, R_SLUG, &x->pos, "volume id '%s' is not a valid id", v->id);
	}
	if ((x = ynode_get(root, "title")))
		v->title_pos = x->pos;
	yf_mtext(d, x, "title", &v->title);
	yf_mtext(d, ynode_get(root, "subtitle"), "subtitle", &v->subtitle);
	yf_mtext(d, ynode_get(root, "short-title"), "short-title", &v->short_title);
	yf_mtext(d, ynode_get(root, "series"), "series", &v->series);
	yf_mtext(d, ynode_get(root, "location"), "location", &v->location);
	yf_mtext(d, ynode_get(root, "publisher"), "publisher", &v->publisher);
	v->number = yf_string(d, ynode_get(root, "number"), "number");
	if ((x = ynode_get(root, "date")))
		v->date_pos = x->pos;
	v->date = yf_date(d, x, "date");
	if ((x = ynode_get(root, "language"))) {
		v->languages = yf_strings(d, x, "language", &v->nlanguages);
		for (size_t i = 0; i < v->nlanguages; i++)
			if (!ident_lang(v->languages[i]))
				diag_at(d, R_LANG, &x->pos, "'%s' is not a language code", v->languages[i]);
	}
	read_identifiers(v, root, d);
	if ((x = ynode_get(root, "editors")))
		v->editors = read_people(x, "editors", &v->neditors, d);
	if ((x = ynode_get(root, "committees")) && yf_expect(d, x, Y_SEQ, "committees")) {
		v->committees = xcalloc(x->n, sizeof *v->committees);
		for (size_t i = 0; i < x->n; i++) {
			const struct ynode *c = x->kids[i];
			if (!yf_expect(d, c, Y_MAP, "a committee"))
				continue;
			struct committee *cc = &v->committees[v->ncommittees++];
			yf_keys(d, c, "a committee", committee_keys, NULL);
			yf_mtext(d, ynode_get(c, "title"), "committee title", &cc->title);
			cc->members = read_people(ynode_get(c, "members"), "members", &cc->nmembers, d);
		}
	}
	if ((x = ynode_get(root, "sessions")))
		v->sessions_pos = x->pos;
	read_sessions(v, x, d);
	read_layout(v, ynode_get(root, "layout"), d);
	read_policy(v, ynode_get(root, "policy"), d);
	read_front_files(v, ynode_get(root, "front-matter"), d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Paper folder names under papers/, sorted so the order never depends on
 * the file system. */
static char **list_paper_dirs(const char *papers, size_t *count)
{
	*count = 0;
	DIR *dir = opendir(papers);
	if (!dir)
		return NULL;
	char **v = NULL;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		char *sub = path_join(papers, e->d_name);
		struct stat st;
		bool is_dir = lstat(sub, &st) == 0 && S_ISDIR(st.st_mode);
		free(sub);
		if (!is_dir)
			continue;
		v = xgrow(v, &cap, *count + 1, sizeof *v);
		v[(*count)++] = xstrdup(e->d_name);
	}
	closedir(dir);
	if (*count)
		qsort(v, *count, sizeof *v, cmp_str);
	return v;
}

/* Order papers as the sessions list them, unscheduled ones last, and
 * record each paper's session. */
static void order_papers(struct volume *v)
{
	struct strmap by_id;
	strmap_init(&by_id);
	for (size_t i = 0; i < v->npapers; i++)
		strmap_put(&by_id, v->papers[i]->id, i);
	struct paper_stub **ordered = xcalloc(v->npapers ? v->npapers : 1, sizeof *ordered);
	size_t n = 0, i;
	for (size_t s = 0; s < v->nsessions; s++) {
		for (size_t j = 0; j < v->sessions[s].npapers; j++) {
			if (!strmap_get(&by_id, v->sessions[s].paper_ids[j], &i) || !v->papers[i])
				continue;
			v->papers[i]->session = (int)s;
			ordered[n++] = v->papers[i];
			v->papers[i] = NULL;
		}
	}
	for (i = 0; i < v->npapers; i++)
		if (v->papers[i])
			ordered[n++] = v->papers[i];
	free(v->papers);
	v->papers = ordered;
	strmap_free(&by_id);
}

/* Ids that differ only in letter case collide in URLs and on
 * case-insensitive file systems. */
static void check_case_collisions(struct volume *v, struct diag_list *d)
{
	struct strmap seen;
	strmap_init(&seen);
	for (size_t i = 0; i < v->npapers; i++) {
		char *folded = xstrdup(v->papers[i]->id);
		for (char *c = folded; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		size_t first;
		if (strmap_get(&seen, folded, &first))
			diag_report(d, R_PAPER_DUP, v->papers[i]->path, 0, 0,
				    "paper id '%s' differs from '%s' only in letter case", v->papers[i]->id,
				    v->papers[first]->id);
		else
			strmap_put(&seen, folded, i);
		free(folded);
	}
	strmap_free(&seen);
}

/* With `check`, each paper is checked as soon as it is read and its body
 * dropped, so memory does not grow with the number of papers. */
/* Loading (and checking) one paper is independent of every other, so the
 * papers are spread over the cores; each job fills its own slot and its
 * own worker's diagnostics, and the results are gathered in folder order. */
struct load_job {
	const struct volume *v;
	const char *papers;
	char **ids;
	struct paper_stub **slot;
	bool *unreadable;        /* per folder: paper.md is there but did not load */
	struct diag_list *diags; /* one list per worker */
	bool check;
	const struct vol_visitor *visit; /* or NULL */
	struct paper_store *store;       /* where checked papers wait */
};

static void load_one(void *ctx, size_t worker, size_t i)
{
	struct load_job *j = ctx;
	struct diag_list *d = &j->diags[worker];
	char *dir = path_join(j->papers, j->ids[i]);
	char *md = path_join(dir, "paper.md");
	struct stat st;
	if (stat(md, &st) != 0) {
		diag_report(d, R_FILE_MISSING, dir, 0, 0, "paper folder '%s' has no paper.md", j->ids[i]);
	} else {
		struct paper *p = paper_load(dir, d);
		if (p) {
			resolve_set_style(p->refs, j->v); /* volume.yaml was read first */
			if (!ident_slug(p->id))
				diag_report(d, R_SLUG, p->path, 0, 0,
					    "paper id '%s' (the folder name) is not a valid id", p->id);
			struct paper_stub *s = paper_stub_new(p);
			if (j->check) {
				check_paper(j->v, p, d);
				if (j->visit)
					j->visit->paper(j->visit->ctx, j->v, s);
				paper_drop_body(p);
				paper_store_put(j->store, s); /* or, failing that, kept whole */
			}
			j->slot[i] = s;
		} else {
			j->unreadable[i] = true;
		}
	}
	free(md);
	free(dir);
}

static void load_papers(struct volume *v, bool check, const struct vol_visitor *visit,
			struct diag_list *d)
{
	char *papers = path_join(v->dir, "papers");
	size_t count;
	char **ids = list_paper_dirs(papers, &count);
	/* Unchecked papers keep their bodies: one thread, to bound memory. */
	size_t workers = check ? par_workers(count) : 1;
	if (check)
		v->store = paper_store_new();
	struct load_job j = {.v = v, .papers = papers, .ids = ids, .check = check, .visit = visit, .store = v->store};
	j.slot = xcalloc(count ? count : 1, sizeof *j.slot);
	j.unreadable = xcalloc(count ? count : 1, sizeof *j.unreadable);
	j.diags = xcalloc(workers, sizeof *j.diags);
	for (size_t w = 0; w < workers; w++)
		diag_init(&j.diags[w]);
	par_for(count, workers, load_one, &j);
	for (size_t w = 0; w < workers; w++)
		diag_take(d, &j.diags[w]); /* and empties j.diags[w] */
	free(j.diags);
	v->papers = xcalloc(count ? count : 1, sizeof *v->papers);
	for (size_t i = 0; i < count; i++) {
		if (j.slot[i])
			v->papers[v->npapers++] = j.slot[i];
		if (j.unreadable[i]) {
			v->unreadable = xrealloc(v->unreadable, (v->nunreadable + 1) * sizeof *v->unreadable);
			v->unreadable[v->nunreadable++] = ids[i];
		} else {
			free(ids[i]);
		}
	}
	free(j.slot);
	free(j.unreadable);
	free(ids);
	free(papers);
	check_case_collisions(v, d);
	order_papers(v);
}

static struct ynode *read_yaml(struct volume *v, struct diag_list *d)
{
	char *text;
	size_t len;
	if (!md_read_text(v->path, VOLUME_YAML_MAX, &text, &len, d))
		return NULL;
	struct ynode *root = ytree_parse(v->path, text, len, 1, d);
	free(text);
	if (root && root->kind != Y_MAP) {
		diag_at(d, R_YAML_TYPE, &root->pos, "volume.yaml must be a mapping of keys to values");
		ytree_free(root);
		return NULL;
	}
	return root;
}

static struct volume *load(const char *dir, bool check, const struct vol_visitor *visit,
			   struct diag_list *d)
{
	struct volume *v = vol_new_default();
	v->dir = xstrdup(dir);
	v->path = path_join(dir, "volume.yaml");
	struct stat st;
	if (stat(v->path, &st) != 0) {
		diag_report(d, R_IO, v->path, 0, 0, "cannot read: %s", strerror(errno));
		volume_free(v);
		return NULL;
	}
	struct ynode *root = read_yaml(v, d);
	if (root)
		read_volume_yaml(v, root, d);
	ytree_free(root);
	load_papers(v, check, visit, d);
	if (check)
		check_volume_meta(v, d);
	return v;
}

struct volume *vol_load(const char *dir, struct diag_list *d)
{
	return load(dir, false, NULL, d);
}

struct volume *vol_load_checked(const char *dir, struct diag_list *d)
{
	return load(dir, true, NULL, d);
}

struct volume *vol_load_checked_visit(const char *dir, const struct vol_visitor *visit,
				      struct diag_list *d)
{
	return load(dir, true, visit, d);
}

struct volume *vol_from_memory(const char *dir, const char *raw, size_t len, struct diag_list *d)
{
	struct volume *v = vol_new_default();
	v->dir = xstrdup(dir);
	v->path = path_join(dir, "volume.yaml");
	char *text;
	size_t tlen;
	if (len > VOLUME_YAML_MAX) {
		diag_report(d, R_TOO_LARGE, v->path, 0, 0, "file is larger than %u MB", VOLUME_YAML_MAX >> 20);
		return v;
	}
	if (!md_prepare_text(v->path, raw, len, &text, &tlen, d))
		return v;
	struct ynode *root = ytree_parse(v->path, text, tlen, 1, d);
	free(text);
	if (root && root->kind == Y_MAP)
		read_volume_yaml(v, root, d);
	ytree_free(root);
	load_papers(v, false, NULL, d);
	return v;
}

struct volume *vol_load_settings(const char *dir)
{
	struct diag_list ignored;
	diag_init(&ignored);
	struct volume *v = vol_new_default();
	v->dir = xstrdup(dir);
	v->path = path_join(dir, "volume.yaml");
	struct ynode *root = read_yaml(v, &ignored);
	if (root) {
		read_layout(v, ynode_get(root, "layout"), &ignored);
		read_policy(v, ynode_get(root, "policy"), &ignored);
	}
	ytree_free(root);
	diag_free(&ignored);
	return v;
}
