/* A Markdown body (the same cmark-gfm tree the PDF is set from) built as
 * libxml2 nodes for the archive.  Nothing here goes through a string of
 * markup: every node is created directly, raw HTML is dropped, and links
 * keep only http:, https:, mailto:, #fragment and files of the paper's own
 * folder (anything else is rendered as its plain text). */
#ifndef QUIRE_HTML_BODY_H
#define QUIRE_HTML_BODY_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "proceedings/diag.h"
#include "proceedings/model.h"

/* Files a body refers to (figures, linked local files), to be copied into
 * the page's output folder under `name`.  Names are unique within one list
 * and are always plain file names. */
struct html_file {
	char *src;  /* path to read, already passed through path_status */
	char *name; /* file name in the output folder */
};

struct html_files {
	struct html_file *v;
	size_t n, cap;
	char **reserved; /* names the page itself writes (index.html, paper.bib...) */
	size_t nreserved, rcap;
};

void html_files_reserve(struct html_files *f, const char *name);
void html_files_free(struct html_files *f);

struct html_body_opts {
	int base_level;        /* output level of the body's top headings: 2 on a paper page */
	const char *lang;      /* language of the labels "Figure", "Table", "Notes" */
	const char *id_prefix; /* prefix of generated ids, so several bodies can share a page */
	struct html_files *files; /* where figures are collected; NULL: figures are left out */
	/* The resolve stage's data for this body (paper_body_open()'s refs),
	 * or NULL: citations, cross-references, numbers of figures, tables,
	 * sections and equations, and the reference list come from it, so
	 * they match the PDF's. */
	const struct paper_refs *refs;
};

/* Build the body of `m` into a new <div class="q-body"> element (without a
 * document; tv_html() takes it).  Never NULL. */
xmlNodePtr html_body(const struct markdown *m, const struct html_body_opts *o);

/* The same URL-path escaping html_body uses for file names: every byte
 * outside A-Z a-z 0-9 - . _ ~ becomes %XX.  Caller frees. */
char *html_escape_path(const char *name);

#endif
