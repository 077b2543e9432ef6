/* The one parsed model of a volume and its papers.  Every back end (PDF,
 * HTML archive, exports) reads these structs and nothing else, so the title
 * in the PDF, the archive and the exports can never disagree.  The model is
 * built by vol_load()/paper_load() and never changed by render/.  A
 * volume holds a small stub of each paper (struct paper_stub); a checked
 * volume's metadata waits on disk, so read a paper of a volume through
 * paper_meta_open (paper_store.h). */
#ifndef QUIRE_MODEL_H
#define QUIRE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct cmark_node;
struct paper_refs;
struct paper_store;

/* Text that may be given in several languages: a plain YAML string (lang
 * NULL, meaning "the document's own language") or a map such as
 * {ko: ..., en: ...}.  Order is the order of the source. */
struct mtext_entry {
	char *lang; /* NULL for a plain string */
	char *text; /* NFC UTF-8, trimmed */
	struct srcpos pos;
};

struct mtext {
	struct mtext_entry *v;
	size_t n;
};

/* A list of keywords, possibly per language ({en: [..], ko: [..]}). */
struct mlist {
	struct mtext *v; /* one mtext per keyword; each entry's lang says which list it came from */
	size_t n;
};

struct person {
	struct mtext name;         /* display name ("name", or given-names + surname) */
	struct mtext given, family; /* when given separately (JOSS given-names/surname) */
	char *orcid;               /* normalised 0000-0000-0000-000X, or NULL */
	char *email;
	struct mtext affiliation;  /* editors and committee members: free text */
	char **aff_index;          /* paper authors: affiliation indices as written ("1", "e") */
	size_t naff;
	struct srcpos *aff_pos;    /* where each index was written */
	bool corresponding;
	bool equal_contrib;
	struct srcpos pos;         /* the list item in the YAML */
	struct srcpos orcid_pos;
};

struct affiliation {
	char *index;               /* usually a number, but JOSS papers also use marks like "e" */
	struct mtext name;
	char *ror;
	struct srcpos pos;
};

/* A Markdown document: the body of a paper or a front-matter file. */
struct markdown {
	char *path;               /* as given to the loader (for diagnostics) */
	char *dir;                /* folder that relative links resolve against */
	char *text;               /* the whole file, NFC; front matter lines blanked */
	size_t len;
	struct cmark_node *doc;   /* cmark-gfm tree; node lines equal file lines */
};

struct paper {
	char *id;                 /* folder name under papers/ */
	char *dir;
	char *path;               /* .../paper.md */
	struct mtext title, subtitle, short_title;
	struct person *authors;
	size_t nauthors;
	struct affiliation *affiliations;
	size_t naffiliations;
	struct mlist keywords;
	struct mtext abstract;
	char *lang;               /* "en" unless the paper says otherwise */
	char *date;               /* as written */
	char *bibliography;       /* relative path as written, or NULL */
	char *license;
	char *doi;                /* the paper's own DOI when it already has one */
	char *repository;         /* code or data repository URL */
	struct srcpos title_pos, abstract_pos, lang_pos, date_pos, bib_pos, fm_pos;
	bool front_matter_ok;     /* false when it was missing or unreadable */
	struct markdown body;
	struct paper_refs *refs;  /* citations, references, cross-references (resolve.h); NULL once the body is dropped */
};

/* What a volume keeps of each of its papers: who it is, where it stands,
 * and either the whole paper or where its record waits in the volume's
 * store (paper_store.h).  About 60 bytes and the names, in one block, so
 * 10,000 papers fit in under two megabytes. */
struct paper_stub {
	char *id, *dir, *path;    /* as the paper's own; they live in names[] */
	struct paper *whole;      /* while memory holds the paper (unchecked loads, no scratch file), else NULL */
	struct {                  /* the record in the store, when whole is NULL */
		long long off;
		uint32_t len, arena;
	} stored;
	int session;              /* index into volume->sessions, -1 if none */
	uint32_t nauthors;        /* so the archive can size its tables of people without opening papers */
	char names[];
};

struct committee {
	struct mtext title;
	struct person *members;
	size_t nmembers;
};

struct session {
	char *id;
	struct mtext title;
	char *time;
	struct mtext place;
	char **paper_ids;
	struct srcpos *paper_pos;
	size_t npapers;
	struct srcpos pos;
};

enum review_mode { REVIEW_NONE, REVIEW_SINGLE_BLIND, REVIEW_DOUBLE_BLIND, REVIEW_OPEN };

struct layout_policy {
	char *paper;              /* "a4" or "letter" */
	int columns;              /* 1 or 2 */
	char *font_serif, *font_sans, *font_mono, *font_hangul, *font_hangul_sans;
	bool recto_start;         /* papers start on odd pages (default true) */
	char *citation_style;     /* "numeric" (default) or "author-year" */
};

struct volume_policy {
	int max_pages;            /* 0 = no limit */
	int abstract_words;       /* 0 = no limit */
	enum review_mode review;
	char **translations;      /* languages non-matching papers must also give */
	size_t ntranslations;
	char **required;          /* paper fields that must be present */
	size_t nrequired;
	struct srcpos max_pages_pos, abstract_words_pos;
};

struct volume {
	char *dir;                /* the volume folder as given */
	char *path;               /* .../volume.yaml */
	char *id;
	struct mtext title, subtitle, short_title, series, location, publisher;
	char *number;
	char *date;
	char **languages;
	size_t nlanguages;
	char *isbn, *issn, *doi_prefix, *license, *url;
	struct person *editors;
	size_t neditors;
	struct markdown *front;   /* front-matter Markdown files */
	size_t nfront;
	struct committee *committees;
	size_t ncommittees;
	struct session *sessions;
	size_t nsessions;
	struct layout_policy layout;
	struct volume_policy policy;
	struct paper_stub **papers; /* in volume order: by session, then unscheduled by id */
	size_t npapers;
	struct paper_store *store; /* the papers' metadata on disk (vol_load_checked), or NULL */
	char **unreadable;        /* ids of folders whose paper.md exists but could not be read (reported) */
	size_t nunreadable;
	struct srcpos id_pos, title_pos, date_pos, sessions_pos;
};

/* Pick the text for `lang` (falling back to the untagged entry, then to
 * English, then to the first entry).  Returns NULL when the field is empty. */
const char *mtext_get(const struct mtext *t, const char *lang);
/* The entry for exactly `lang` (the untagged entry counts as `doc_lang`). */
const struct mtext_entry *mtext_find(const struct mtext *t, const char *lang, const char *doc_lang);
bool mtext_empty(const struct mtext *t);
void mtext_free(struct mtext *t);

/* The default layout and policy, as documented in the README. */
void layout_policy_defaults(struct layout_policy *l);

void person_free(struct person *p);
void markdown_free(struct markdown *m);
void paper_free(struct paper *p);
/* A stub holding p whole (and owning it), with the volume's session unset. */
struct paper_stub *paper_stub_new(struct paper *p);
void paper_stub_free(struct paper_stub *s);
void volume_free(struct volume *v);
/* How many author entries the papers of v have, from their stubs. */
size_t vol_nauthors(const struct volume *v);

#endif
