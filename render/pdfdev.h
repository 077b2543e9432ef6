/* The PDF device: draws a laid-out document with libharu.  It makes no
 * layout decisions; it only flips y, loads fonts and images, and turns
 * destinations, links and outline entries into PDF objects.
 *
 * The output is deterministic: no dates unless SOURCE_DATE_EPOCH is set
 * (then it is the CreationDate), and libharu's font subset tags depend only
 * on the order fonts are first used. */
#ifndef QUIRE_PDFDEV_H
#define QUIRE_PDFDEV_H

#include <stddef.h>

struct layout_doc;

/* Write `doc` to `path` through a temporary file in the same folder that is
 * renamed over `path` only on success.  Returns 0, or -1 with a one-line
 * message in err[errlen]. */
int pdfdev_write(const struct layout_doc *doc, const char *path, char *err, size_t errlen);

/* Only pages [from, to) of `doc` (an offprint cut from a volume), with
 * `meta` for the Info dictionary.  Outline entries below level
 * `outline_min` are dropped and the rest lifted so that level becomes the
 * top; links to destinations outside the range are left out. */
struct layout_meta;
int pdfdev_write_pages(const struct layout_doc *doc, size_t from, size_t to,
		       const struct layout_meta *meta, int outline_min, const char *path, char *err,
		       size_t errlen);

#endif
