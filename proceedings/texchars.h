/* TeX text to Unicode: the accents, letters, symbols and text commands that
 * BibTeX files use, turned into NFC UTF-8.  Grouping braces are dropped,
 * white space runs collapse to one space, `--`/`---` become dashes, `~` a
 * no-break space, quotes curly.  Math between `$...$` (or `$$...$$`) is
 * copied unchanged, dollars included, for the math renderer.  Unknown
 * commands are dropped with a warning and their argument text is kept. */
#ifndef QUIRE_TEXCHARS_H
#define QUIRE_TEXCHARS_H

#include <stddef.h>

#include "diag.h"

/* Convert NUL-terminated `tex`.  Unknown commands are reported as R_BIB_TEX
 * to `d` (may be NULL) at their position, counted from `pos` (the position
 * of tex[0] in its file; may be NULL).  Returns a new string. */
char *tex_to_unicode(const char *tex, struct diag_list *d, const struct srcpos *pos);

/* Called for each problem with the byte offset of the command in the input
 * and a message; lets a caller whose text was pieced together from several
 * places in a file map the offset back itself. */
typedef void (*tex_warn_fn)(void *ctx, size_t off, const char *msg);

/* The same as tex_to_unicode for `len` bytes, reporting through `warn`
 * (may be NULL). */
char *tex_convert(const char *tex, size_t len, tex_warn_fn warn, void *ctx);

/* For fields that are not prose (URLs, DOIs): drop grouping braces, turn
 * the escapes \_ \% \& \# \$ \~ \{ \} into the bare character and collapse
 * white space.  No other conversion, so `~` and `--` stay as written. */
char *tex_verbatim(const char *tex, size_t len);

#endif
