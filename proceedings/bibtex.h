/* A BibTeX reader for real .bib files.  Entries keep their position in the
 * file; field values are stored both raw (after @string expansion and `#`
 * concatenation, braces and TeX intact) and converted to Unicode text.
 * Syntax errors are reported at the file's line and column and parsing
 * resumes at the next entry (`@type{`), so one bad entry never loses the
 * rest. */
#ifndef QUIRE_BIBTEX_H
#define QUIRE_BIBTEX_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* One person of an author or editor list, converted to Unicode.  Absent
 * parts are NULL.  A corporate name ({Astropy Collaboration}) is all in
 * `family`.  The entry for `and others` has every part NULL and `others`
 * set. */
struct bib_name {
	char *given, *particle, *family, *suffix;
	bool corporate, others;
};

struct bib_field {
	char *name;  /* lower-case */
	char *value; /* converted: Unicode, braces gone, white space collapsed;
		      * url, doi, eprint, file, pdf, isbn, issn only lose
		      * braces and \_-style escapes */
	char *raw;   /* as written, after macro expansion and concatenation */
	struct srcpos pos; /* of the field name */
	/* private: the names, split the first time bib_names asks */
	struct bib_name *names;
	size_t nnames;
	bool split;
};

struct bib_entry {
	char *type; /* lower-case: "article" */
	char *key;  /* as written */
	struct srcpos pos; /* of the '@' */
	struct bib_field *fields;
	size_t nfields;
};

struct bib_keytab; /* private to bibtex.c */

struct bib_db {
	char *path;                 /* every srcpos.file points here */
	struct bib_entry *entries;  /* in file order; a duplicate key keeps the first */
	size_t n;
	struct bib_keytab *index;   /* private: hash over the keys */
};

/* Parse `len` bytes of `text` (need not be NUL-terminated) read from
 * `path`.  Problems go to `d` as R_BIB_SYNTAX, R_BIB_DUP and R_BIB_TEX.
 * Always returns a database, possibly empty; free it with bib_free. */
struct bib_db *bib_parse(const char *path, const char *text, size_t len, struct diag_list *d);

/* The entry with exactly this key (case-sensitive), or NULL. */
const struct bib_entry *bib_find(const struct bib_db *db, const char *key);

/* A field by name (any case), or NULL. */
const struct bib_field *bib_field(const struct bib_entry *e, const char *name);

/* A field's converted value, or NULL if the entry lacks it. */
const char *bib_get(const struct bib_entry *e, const char *field);

/* Split a name-list field (author, editor) into *out, following BibTeX's
 * "First von Last", "von Last, First" and "von Last, Jr, First" forms.
 * Returns the count; *out is NULL when it is 0.  The names belong to the
 * entry: a field is split once however often its names are asked for
 * (labels, the reference list, sorting), so an entry must not be read
 * from two threads at once. */
size_t bib_names(const struct bib_entry *e, const char *field, const struct bib_name **out);

/* The same for a raw name-list string, into a new array (bib_names_free). */
size_t bib_split_names(const char *raw, struct bib_name **out);

void bib_names_free(struct bib_name *v, size_t n);

void bib_free(struct bib_db *db);

#endif
