/* The typesetter's output: a document of pages, each a display list of
 * placed items in points.  Coordinates have their origin at the top-left
 * corner of the page with y growing downwards (the PDF device flips them).
 * Nothing here knows about libharu; tests inspect these lists directly.
 *
 * A document holds the fonts it was measured with, and may receive several
 * papers in sequence (the volume builder): pages are appended, each with
 * its own printed number. */
#ifndef QUIRE_LAYOUT_H
#define QUIRE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proceedings/util.h"

struct font_set;
struct image;

enum dl_kind {
	DL_TEXT,    /* UTF-8 text at baseline (x, y) in font/size/colour */
	DL_LINE,    /* a stroked line from (x, y) to (x + w, y + h), width `size` */
	DL_RECT,    /* a filled rectangle, top-left (x, y), size w × h */
	DL_DISC,    /* a filled circle inscribed in the box (x, y, w, w) */
	DL_BRACE,   /* a horizontal curly brace of line width `size`: its ends at
		     * (x, y) and (x + w, y), its tip at (x + w/2, y + h) */
	DL_IMAGE,   /* image number `ref`, top-left (x, y), size w × h */
	DL_LINK,    /* a clickable area: str is a URI, or "#name" for a destination */
	DL_DEST,    /* a named destination at (x, y): str is the name */
	DL_OUTLINE, /* a bookmark at level `ref` (1 = top) pointing at (x, y): str is its title */
};

struct dl_item {
	enum dl_kind kind;
	int font;           /* DL_TEXT: face id in the document's font set */
	int ref;            /* DL_IMAGE: image number; DL_OUTLINE: level */
	float size;         /* DL_TEXT: font size; DL_LINE, DL_BRACE: line width */
	float x, y, w, h;   /* DL_TEXT: w is the advance width */
	float cs;           /* DL_TEXT: extra space after each character */
	uint32_t color;     /* 0xRRGGBB */
	uint32_t str, len;  /* UTF-8 in the document's string pool */
};

/* How a page's number is shown (the PDF's page labels follow it). */
enum layout_numbering { LAYOUT_DECIMAL, LAYOUT_ROMAN };

struct layout_page {
	float width, height; /* points */
	int number;          /* the printed page number */
	enum layout_numbering numbering;
	struct dl_item *items;
	size_t n, cap;
};

/* Document-wide metadata for the PDF's Info dictionary and catalog. */
struct layout_meta {
	char *title, *author, *subject, *keywords;
	char *lang;          /* BCP 47, e.g. "en" or "ko" */
};

struct layout_doc {
	struct font_set *fonts;     /* owned */
	struct layout_page *pages;
	size_t npages, cappages;
	struct strbuf pool;         /* every string the items refer to */
	struct image **images;      /* owned, decoded once */
	size_t nimages, capimages;
	struct layout_meta meta;    /* owned strings, may be NULL */
};

/* A document measuring with `fonts` (ownership passes to the document). */
struct layout_doc *layout_doc_new(struct font_set *fonts);
void layout_doc_free(struct layout_doc *doc);
/* Drop every page, image and string but keep the fonts, to set another
 * document with the same measurements. */
void layout_doc_clear(struct layout_doc *doc);

struct layout_page *layout_add_page(struct layout_doc *doc, float width, float height, int number);

/* Store a string in the pool; returns its offset. */
uint32_t layout_str(struct layout_doc *doc, const char *s, size_t len);
static inline const char *layout_strp(const struct layout_doc *doc, uint32_t off)
{
	return doc->pool.s + off;
}

/* Append an item; the returned pointer is valid until the next append to
 * the same page. */
struct dl_item *layout_put(struct layout_page *pg, const struct dl_item *it);

/* Take ownership of an image; returns its number for DL_IMAGE. */
int layout_add_image(struct layout_doc *doc, struct image *img);

void layout_set_meta(char **field, const char *value);
/* Free the metadata's strings and zero it. */
void layout_meta_clear(struct layout_meta *m);

/* Insert an item before item `at` of the page (a session's bookmark must
 * come before its first paper's). */
void layout_insert(struct layout_page *pg, size_t at, const struct dl_item *it);

/* Move pages [from, npages) to the front, keeping their order (the front
 * matter is set last, once the papers' page numbers are known). */
void layout_rotate_tail(struct layout_doc *doc, size_t from);

#endif
