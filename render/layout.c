#include "render/layout.h"

#include <stdlib.h>
#include <string.h>

#include "render/font.h"
#include "render/image.h"

struct layout_doc *layout_doc_new(struct font_set *fonts)
{
	struct layout_doc *doc = xcalloc(1, sizeof *doc);
	doc->fonts = fonts;
	sb_init(&doc->pool);
	sb_add(&doc->pool, "", 0); /* offset 0 is the empty string */
	sb_addc(&doc->pool, '\0');
	return doc;
}

void layout_doc_clear(struct layout_doc *doc)
{
	for (size_t i = 0; i < doc->npages; i++)
		free(doc->pages[i].items);
	free(doc->pages);
	doc->pages = NULL;
	doc->npages = doc->cappages = 0;
	for (size_t i = 0; i < doc->nimages; i++)
		image_free(doc->images[i]);
	free(doc->images);
	doc->images = NULL;
	doc->nimages = doc->capimages = 0;
	sb_free(&doc->pool);
}

void layout_doc_free(struct layout_doc *doc)
{
	if (!doc)
		return;
	layout_doc_clear(doc);
	layout_meta_clear(&doc->meta);
	font_set_free(doc->fonts);
	free(doc);
}

struct layout_page *layout_add_page(struct layout_doc *doc, float width, float height, int number)
{
	doc->pages = xgrow(doc->pages, &doc->cappages, doc->npages + 1, sizeof *doc->pages);
	struct layout_page *pg = &doc->pages[doc->npages++];
	memset(pg, 0, sizeof *pg);
	pg->width = width;
	pg->height = height;
	pg->number = number;
	return pg;
}

uint32_t layout_str(struct layout_doc *doc, const char *s, size_t len)
{
	size_t off = doc->pool.len;
	sb_add(&doc->pool, s, len);
	sb_addc(&doc->pool, '\0'); /* the PDF device draws NUL-terminated text */
	return (uint32_t)off;
}

struct dl_item *layout_put(struct layout_page *pg, const struct dl_item *it)
{
	pg->items = xgrow(pg->items, &pg->cap, pg->n + 1, sizeof *pg->items);
	pg->items[pg->n] = *it;
	return &pg->items[pg->n++];
}

int layout_add_image(struct layout_doc *doc, struct image *img)
{
	doc->images = xgrow(doc->images, &doc->capimages, doc->nimages + 1, sizeof *doc->images);
	doc->images[doc->nimages] = img;
	return (int)doc->nimages++;
}

void layout_set_meta(char **field, const char *value)
{
	free(*field);
	*field = value && *value ? xstrdup(value) : NULL;
}

void layout_meta_clear(struct layout_meta *m)
{
	free(m->title);
	free(m->author);
	free(m->subject);
	free(m->keywords);
	free(m->lang);
	memset(m, 0, sizeof *m);
}

void layout_insert(struct layout_page *pg, size_t at, const struct dl_item *it)
{
	if (at > pg->n)
		at = pg->n;
	pg->items = xgrow(pg->items, &pg->cap, pg->n + 1, sizeof *pg->items);
	memmove(&pg->items[at + 1], &pg->items[at], (pg->n - at) * sizeof *pg->items);
	pg->items[at] = *it;
	pg->n++;
}

void layout_rotate_tail(struct layout_doc *doc, size_t from)
{
	if (from == 0 || from >= doc->npages)
		return;
	size_t nt = doc->npages - from;
	struct layout_page *tmp = xmalloc(nt * sizeof *tmp);
	memcpy(tmp, &doc->pages[from], nt * sizeof *tmp);
	memmove(&doc->pages[nt], &doc->pages[0], from * sizeof *tmp);
	memcpy(&doc->pages[0], tmp, nt * sizeof *tmp);
	free(tmp);
}
