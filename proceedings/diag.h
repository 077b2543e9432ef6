/* The diagnostics engine: one table of rules (rules.def) and one list of
 * reports.  Every report names the file, line and column the author must
 * edit.  Output is sorted, so it is deterministic whatever order the checks
 * ran in. */
#ifndef QUIRE_DIAG_H
#define QUIRE_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

enum rule_id {
#define RULE(e, id, lvl, summary, help) e,
#include "rules.def"
#undef RULE
	RULE_COUNT
};

struct rule_info {
	const char *id;
	enum diag_level level;
	const char *summary;
	const char *help;
};

/* A position in a source file.  Lines and columns count from 1; a column
 * counts characters (code points), as editors do.  0 means "unknown". */
struct srcpos {
	const char *file; /* borrowed: owned by whoever loaded the file */
	int line;
	int col;
};

struct diag {
	enum rule_id rule;
	enum diag_level level;
	char *file; /* owned copy, may be NULL for whole-run problems */
	int line, col;
	char *msg;
};

struct diag_list {
	struct diag *v;
	size_t n, cap;
	size_t counts[3];
};

const struct rule_info *rule_get(enum rule_id r);
const char *diag_level_name(enum diag_level l);

void diag_init(struct diag_list *d);
void diag_free(struct diag_list *d);

/* Report a problem at `pos` (which may be NULL). */
void diag_at(struct diag_list *d, enum rule_id r, const struct srcpos *pos,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_report(struct diag_list *d, enum rule_id r, const char *file,
		 int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Move every report of `src` into `dst`. */
void diag_take(struct diag_list *dst, struct diag_list *src);

size_t diag_count(const struct diag_list *d, enum diag_level l);

/* Sort by file, line, column, rule and message; drop exact duplicates. */
void diag_sort(struct diag_list *d);

/* One diagnostic as "file:line:col: level: message [rule]". */
void diag_print_one(FILE *out, const struct diag *x, bool color);
void diag_print_text(FILE *out, const struct diag_list *d, bool color);
/* The same, each followed by its source line and a caret under the
 * column, as GCC shows them (diag_source.c). */
void diag_print_excerpts(FILE *out, const struct diag_list *d, bool color);
void diag_print_json(FILE *out, const struct diag_list *d);

/* Write `s` as a JSON string literal, quotes included. */
void json_write_string(FILE *out, const char *s);

#endif
