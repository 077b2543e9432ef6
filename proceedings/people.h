/* The people of one or more volumes: authors merged across papers (by
 * ORCID, else by identical normalised name), split into family and given
 * names, sorted with ICU collation and grouped under letter headings —
 * Latin A–Z and Hangul ㄱ–ㅎ each in their natural order.  The PDF author
 * index and the archive's author pages both read this. */
#ifndef QUIRE_PEOPLE_H
#define QUIRE_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"

struct person_paper {
	const struct volume *volume;
	const struct paper_stub *paper; /* volume->papers[i] (paper_meta_open opens it) */
	size_t author;          /* index into paper->authors */
};

struct index_person {
	char *name;             /* display name in the index language, e.g. "Kim, Minjun" or "김민준" */
	char *full;             /* name as printed on papers, e.g. "Minjun Kim" */
	char *alt;              /* the name in another script or language ("김민준"), or NULL */
	char *family, *given;
	char *orcid;            /* NULL when no paper gave one */
	char *slug;             /* stable, URL-safe id: from the ORCID, else the name */
	char *group;            /* letter-group heading: "A".."Z", "ㄱ".."ㅎ", or the first character */
	struct person_paper *papers;
	size_t npapers;
};

struct people {
	struct index_person *v;
	size_t n;
};

/* Collect the authors of every paper of `vols`, names in `lang` (falling
 * back as mtext_get does), sorted for an index in `lang`. */
struct people *people_collect(const struct volume *const *vols, size_t nvols, const char *lang);

/* The check that goes with the merge: one ORCID iD given under names that
 * differ gets an orcid-name-mismatch warning at every later occurrence,
 * saying whether the names are too different to be merged.  Papers are
 * opened one at a time; the first name given with each iD waits on disk
 * (key_index.h). */
void people_check_orcids(const struct volume *const *vols, size_t nvols, const char *lang,
			 struct diag_list *d);
void people_free(struct people *p);

/* A name case-folded, white space collapsed, dots and commas dropped:
 * "J. Smith" and "j smith" are written the same way. */
char *people_fold_name(const char *s);
/* Each of an author entry's names folded, the empty ones left out: *n of
 * them, the caller's to free with the array. */
char **people_fold_names(const struct person *a, size_t *n);

/* Which person each of n author entries is: group[i] in 0..(the number
 * returned - 1), numbered in the order the people are found.  The one rule
 * of the PDF index and the archive: iD holders first, merged by ORCID iD
 * when their names can be one person's (people_names_compatible), then
 * everyone else by a name written the same way (case, dots and commas
 * aside) in any language; a name without an iD joins the person, with or
 * without one, who has that name. */
size_t people_merge(const struct person *const *who, size_t n, size_t *group);

/* The same merge one author entry at a time, for callers that read the
 * papers one by one (paper_store.h) instead of holding every entry: add
 * all entries with an ORCID iD first, in order, then all the others.
 * Each gets its person's number, counted from 0 in the order found.  The
 * names and iDs seen wait on disk (key_index.h); `expect`, the number of
 * entries to come or 0, sizes the tables in memory once. */
struct people_merger *people_merger_new(size_t expect);
size_t people_merger_add(struct people_merger *m, const struct person *a);
void people_merger_free(struct people_merger *m);

/* Whether two folded names given under one ORCID iD can be one person's:
 * they share a word ("j smith", "john smith"; "min-jun kim", "minjun kim")
 * or cannot be compared (another script: "김민준").  Otherwise the iD was
 * copied by mistake ("daniel foreman-mackey", "johannes buchner") and the
 * two stay two people. */
bool people_names_compatible(const char *a, const char *b);

/* Split a display name into family and given names: Korean names are
 * family-first ("김민준": 김 + 민준), others end with the family name,
 * particles included ("Marijn van Vliet": van Vliet + Marijn).  The PDF
 * index and the archive's author pages both sort by it. */
void people_split_name(const char *name, char **family, char **given);

/* "Family, Given" (the family name alone when there is no given name):
 * from `family` and `given` when both are written, else from the name as
 * people_split_name splits it ("van Kemenade, Hugo").  Caller frees. */
char *people_family_first(const char *name, const char *family, const char *given);

/* The letter-group heading for a sort name. */
char *people_group(const char *family);

#endif
