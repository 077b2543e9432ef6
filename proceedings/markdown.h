/* Markdown bodies parsed once with cmark-gfm (tables, footnotes,
 * strikethrough, autolinks, TeX math); every back end walks this tree. */
#ifndef QUIRE_MARKDOWN_H
#define QUIRE_MARKDOWN_H

#include <cmark-gfm.h>
#include <stdbool.h>

#include "diag.h"
#include "model.h"

/* cmark-gfm exports these node types without declaring them in a header. */
extern cmark_node_type CMARK_NODE_TABLE, CMARK_NODE_TABLE_ROW, CMARK_NODE_TABLE_CELL,
	CMARK_NODE_STRIKETHROUGH;

/* Inputs larger than this are refused before parsing. */
#define MD_MAX_BYTES (32u * 1024 * 1024)
/* Block nesting (lists, quotes) deeper than this is refused. */
#define MD_MAX_DEPTH 100

/* Parse m->text (valid NFC UTF-8) into m->doc.  Reports nesting deeper
 * than MD_MAX_DEPTH; the tree is kept either way. */
void md_parse(struct markdown *m, struct diag_list *d);

/* Read, validate and parse a whole Markdown file (volume front matter).
 * Returns false (with diagnostics) when the file cannot be used. */
bool md_load_file(struct markdown *m, const char *path, const char *dir, struct diag_list *d);

/* Check raw bytes as UTF-8 (reporting against `path`), drop a byte-order
 * mark and normalise to NFC into *text (caller frees). */
bool md_prepare_text(const char *path, const char *raw, size_t rawlen, char **text, size_t *len,
		     struct diag_list *d);

/* Read a text file, check its UTF-8 and normalise it to NFC. */
bool md_read_text(const char *path, size_t limit, char **text, size_t *len, struct diag_list *d);

/* The source position of a node, with the column counted in characters.
 * Nodes cmark leaves at 0:0 (autolinks, soft breaks) take their parent's. */
struct srcpos md_node_pos(const struct markdown *m, cmark_node *n);

/* Like md_node_pos, but exact for images and links in multi-line
 * paragraphs, where cmark's own inline positions drift. */
struct srcpos md_inline_pos(const struct markdown *m, cmark_node *n);

/* The plain text of a node's inline content, formulas as their TeX
 * source: what identifiers and checks are made from. */
char *md_plain_text(cmark_node *n);
/* The same for readers, formulas as Unicode text (math_text): alt text,
 * bookmarks, a section named by its title. */
char *md_readable_text(cmark_node *n);

/* The text of one line of inline Markdown, as pandoc reads a title in the
 * front matter: "`PyAutoLens`: Lens Modeling" is "PyAutoLens: Lens
 * Modeling", and *emphasis*, escapes and entities are read the same way.
 * Text without Markdown's inline characters comes back unchanged.  Caller
 * frees. */
char *md_inline_text(const char *s);

/* An abstract as its back ends set it: CommonMark with smart punctuation,
 * its paragraphs only (no headings, lists or tables).  The PDF and the
 * archive both read this tree, so they show the same emphasis, code and
 * links.  Caller frees (cmark_node_free). */
cmark_node *md_parse_abstract(const char *text);
/* The abstract as plain text for metadata (descriptions, feeds, search,
 * RIS): each paragraph read as md_inline_text reads a title, paragraphs
 * separated by a blank line.  Caller frees. */
char *md_abstract_text(const char *text);

#endif
