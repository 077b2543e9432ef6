/* Internals shared by the html_*.c files that build the archive site.
 * Nothing outside render/html_* includes this. */
#ifndef QUIRE_HTML_INT_H
#define QUIRE_HTML_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "html_site.h"
#include "proceedings/scratch.h"
#include "proceedings/util.h"
#include "render/outdir.h"
#include "tpl.h"

/* ---- the output folder (html_fs.c) ---- */

struct html_out {
	struct outdir dir;    /* OUT, written atomically */
	struct diag_list *d;
	bool failed;
};

/* Create the temporary folder.  Refuses an existing OUT that quire did
 * not build (it has no .quire-site marker), so a typo can never replace
 * someone's folder. */
int html_out_begin(struct html_out *o, const char *outdir, struct diag_list *d);
/* Write `rel` (components must be plain names: no "..", no leading dot)
 * inside the site, creating folders as needed. */
int html_out_write(struct html_out *o, const char *rel, const void *data, size_t len);
/* Make the folder rel (and its parents) before writing into it.  Writes
 * make missing folders themselves; a page that knows its folder is new
 * calls this first and saves each file a failed open. */
int html_out_mkdir(struct html_out *o, const char *rel);
/* The same in pieces, for files too large to hold whole: open, put any
 * number of times, close.  A failure is reported and marks the site
 * failed, so a partly written file is never committed. */
struct html_file_out {
	struct html_out *o;
	const char *rel;
	int fd;
};
int html_out_open(struct html_out *o, const char *rel, struct html_file_out *f);
int html_out_put(void *f, const char *data, size_t len); /* a tpl_sink's write */
int html_out_close(struct html_file_out *f);
/* Render template t with data straight into the file rel. */
int html_out_render(struct html_out *o, const char *rel, const struct tpl *t, const struct tv *data,
		    struct diag_list *d);
int html_out_copy(struct html_out *o, const char *rel, const char *src);
/* Replace OUT by the new site; on failure the old OUT is kept. */
int html_out_commit(struct html_out *o);
/* Remove the temporary folder if it is still there and free o's
 * strings; commit calls it itself. */
void html_out_abort(struct html_out *o);

/* ---- text helpers (html_text.c) ---- */

struct html_date {
	int y, m, d; /* m, d 0 when not given */
};

bool html_date_parse(const char *s, struct html_date *out);
/* "20 November 2026" / "2026년 11월 20일". */
char *html_date_text(const struct html_date *d, const char *lang);
/* "2026-11-20", "2026-11" or "2026". */
char *html_date_iso(const struct html_date *d);
/* The date of SOURCE_DATE_EPOCH, or 1970-01-01. */
struct html_date html_date_epoch(void);

/* Append `s` as a JSON string literal; <, >, &, U+2028 and U+2029 are
 * written as \u escapes so the JSON is safe inside a <script> element. */
void html_json_str(struct strbuf *b, const char *s);

/* "ko" when the text is mostly Hangul, else NULL. */
const char *html_guess_lang(const char *s);

/* "A, B and C" in English, "A, B, C" in Korean. */
char *html_join_names(const char *const *names, size_t n, const char *lang);

/* Set `key` to s, or to "" when s is NULL.  List items use this for every
 * optional key, so a template lookup never falls through to the same key
 * of the enclosing page. */
void html_set(struct tv *map, const char *key, const char *s);

/* The abstract of p in `lang` as plain text (md_abstract_text), or NULL
 * when it has none.  Caller frees. */
char *html_abstract_plain(const struct paper *p, const char *lang);

/* Keywords of `p` given in `lang` (the untagged list counts as the
 * paper's language).  Returns the count; *out (caller frees the array
 * only) borrows the strings. */
size_t html_keywords(const struct paper *p, const char *lang, const char ***out);

/* ---- the site being built (html_site.c) ---- */

struct html_vol {
	const struct volume *v;
	const struct html_pdf_info *pdf; /* may be NULL */
	const char *lang;                /* language of the volume page */
	struct html_date date;
	bool has_date;
	bool has_pdf;                    /* the volume PDF was copied */
};

/* A person of the archive as html_person_open reads them back: the
 * strings point into `block`. */
struct html_person {
	const char *key;      /* "orcid:..." or "name:<folded name>" */
	const char *slug;     /* authors/<slug>/ */
	const char *name;     /* in the site language */
	const char *alt_name; /* the same person's name in another language, or NULL */
	const char *alt_lang;
	const char *sort;     /* "Family, Given" for Latin names, the name otherwise */
	const char *orcid;    /* or NULL */
	size_t npapers;       /* papers listed on the person's page */
	char *block;
};

/* The people, in index order.  Their names wait in a scratch log; memory
 * keeps about 40 bytes a person: where the record is, the index letter,
 * and which author entries of which papers are theirs. */
struct html_people {
	struct html_person_at {
		int64_t rec;          /* the record in log */
		uint32_t len;
		uint32_t npapers;     /* papers listed on their page */
		uint32_t first_entry; /* their first in entry; v[i + 1].first_entry ends them */
		uint32_t group;       /* their index letter, in groups */
	} *v;
	size_t n;
	uint32_t *entry;        /* author entries (slots), person by person, each's in merge order */
	char **groups;          /* the index letters, each once */
	size_t ngroups;
	uint32_t *first;        /* per paper, in archive order: its first author's slot */
	uint32_t *person;       /* per slot: the index in v, or UINT32_MAX */
	size_t archive_papers;  /* papers in the archive; first has one entry more */
	struct scratch_log log;
};

struct html_site {
	struct html_out out;
	struct diag_list *d;
	const struct mtext *title;
	const char *lang;        /* site language (home, author pages) */
	char *base_url;          /* ends in '/', or NULL */
	const char *tpl_dir;     /* override folder, or NULL */
	struct tpl *base, *home, *volume, *paper, *authors, *author;
	struct html_vol *vols;   /* newest first */
	size_t nvols;
	struct html_people people;
	struct html_date updated; /* newest volume date, for feeds */
	bool have_search_js;     /* assets/search.js is written */
	struct html_prep *prep;  /* bodies prepared while loading, or NULL */
};

/* Run fn for i = 0..n-1 on the machine's cores (html_site.c).  fn gets a
 * copy of the site whose diagnostics and failure flag are merged back into
 * s afterwards; it must only read everything else. */
int html_for_each(struct html_site *s, size_t n, int (*fn)(struct html_site *s, size_t i));

/* ---- people (html_people.c) ---- */

/* How a person is named (html_people_names.c), from the author entry that
 * names them best and the language of its paper.  name, alt_name and
 * alt_lang are the entry's own; the rest are the caller's to free. */
struct html_person_names {
	const char *name;     /* in the site language */
	const char *alt_name; /* another language's, or NULL */
	const char *alt_lang;
	char *sort;           /* "Family, Given" for Latin names, the name otherwise */
	char *group;          /* index letter: A-Z, ㄱ-ㅎ, ... */
	char *slug;           /* ASCII, transliterated when the name is not */
};
/* The collation locale of a site's indexes. */
const char *html_naming_locale(const char *site_lang);
struct html_naming *html_naming_new(const char *site_lang);
void html_naming_free(struct html_naming *nm);
void html_name_person(struct html_naming *nm, const struct person *best, const char *best_lang,
		      struct html_person_names *out);
void html_person_names_free(struct html_person_names *pn);

void html_people_build(struct html_site *s);
void html_people_free(struct html_people *pp);
/* The index in s->people.v of the person author `author` of paper `paper`
 * of s->vols[vol] is, or SIZE_MAX for an author without a name. */
size_t html_people_find(const struct html_site *s, size_t vol, size_t paper, size_t author);
/* Person i's names and iD, read back; close with html_person_close.
 * Thread-safe. */
void html_person_open(const struct html_site *s, size_t i, struct html_person *hp);
void html_person_close(struct html_person *hp);
/* Person i's author entries, in the order they were merged: archive
 * order, those with an ORCID iD first.  *vol, *paper and *author say
 * where entry k of theirs is. */
size_t html_person_entries(const struct html_site *s, size_t i);
/* Whether person i's entry k lists its paper on their page: an author
 * named twice on one paper lists it once, at the first entry. */
bool html_person_entry_lists_paper(const struct html_site *s, size_t i, size_t k);
void html_person_entry(const struct html_site *s, size_t i, size_t k, size_t *vol, size_t *paper,
		       size_t *author);

/* ---- one paper's derived facts (html_paper.c) ---- */

struct html_paper {
	const struct html_vol *hv;
	const struct volume *v;
	const struct paper_stub *stub; /* v->papers[index] */
	const struct paper *p;    /* the whole paper (paper_meta_open) */
	size_t index;      /* in v->papers */
	const char *lang;  /* the paper's language */
	int first, last;   /* pages in the volume, 0 unknown */
	char *doi;         /* <doi-prefix>/<volume-id>.<paper-id>, or NULL */
	char *path;        /* "<volume-id>/<paper-id>/" from the site root */
	char *abs_url;     /* base URL + path, or NULL */
	const char *pdf_src; /* offprint to copy, or NULL */
	char *pdf_name;    /* its name in the paper's folder, or NULL */
	char *abstract;    /* the abstract in `lang` as plain text (html_abstract_plain), or NULL */
};

void html_paper_init(struct html_paper *hp, const struct html_site *s, const struct html_vol *hv,
		     size_t index);
void html_paper_fini(struct html_paper *hp);
/* Author names of the paper in `lang`. */
size_t html_author_names(const struct paper *p, const char *lang, const char ***out);

/* One paper as a line of a contents list, with links relative to
 * `root` (the page's way back to the site root). */
struct tv *html_paper_entry(const struct html_site *s, const struct html_vol *hv, size_t index,
			    const char *page_lang, const char *root);

/* ---- pages ---- */

/* The data every page starts from: language, UI strings, relative root,
 * paths of the shared files.  `depth` is how many folders below the root
 * the page is. */
struct tv *html_page_data(const struct html_site *s, const char *lang, int depth);
/* Expand `content` into the base template and write `rel`.  Frees data. */
int html_page_write(struct html_site *s, const struct tpl *content, struct tv *data, const char *rel);

int html_write_home(struct html_site *s);
int html_write_volume(struct html_site *s, const struct html_vol *hv);
int html_write_paper(struct html_site *s, const struct html_vol *hv, size_t index);
int html_write_authors(struct html_site *s);
int html_write_feeds(struct html_site *s);

/* ---- metadata and exports (html_meta.c, html_cite.c) ---- */

/* Highwire citation_* tags, Open Graph tags and JSON-LD of a paper page
 * into `data` (keys meta, og, jsonld). */
void html_paper_meta(const struct html_site *s, const struct html_paper *hp, struct tv *data);

char *html_bibtex(const struct html_site *s, const struct html_paper *hp);
char *html_ris(const struct html_site *s, const struct html_paper *hp);
/* A one-line citation in the paper's language. */
char *html_citation(const struct html_site *s, const struct html_paper *hp);

#endif
