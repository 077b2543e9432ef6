/* Raster images for the PDF writer.  libharu cannot be trusted with image
 * files (it aborts on a damaged PNG, cannot read interlaced ones and embeds
 * a truncated JPEG silently), so quire checks and decodes them here:
 *
 *   PNG  is decoded with libpng into 8-bit gray or RGB samples plus an
 *        optional separate 8-bit alpha plane;
 *   JPEG is decoded once with libjpeg only to prove it is complete and
 *        undamaged; the original bytes are then embedded as-is (DCTDecode).
 *
 * Every failure comes back as NULL plus a one-line message; nothing here
 * prints, aborts or leaks on bad input. */
#ifndef QUIRE_IMAGE_H
#define QUIRE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

/* Resource bounds, checked against the header before any pixel memory is
 * allocated. */
#define IMAGE_MAX_PIXELS 50000000L           /* 50 megapixels */
#define IMAGE_MAX_SIDE 30000                 /* pixels, either side */
#define IMAGE_MAX_FILE (64L * 1024 * 1024)   /* image_load_file() */

enum image_kind { IMAGE_PNG, IMAGE_JPEG };

struct image {
	enum image_kind kind;
	int width, height;      /* pixels, both > 0 */

	/* PNG only (NULL / 0 for JPEG).  Palettes are expanded, 1/2/4-bit
	 * gray widened and 16-bit samples rounded to 8 bits. */
	int channels;           /* 1 gray or 3 RGB */
	unsigned char *pixels;  /* width*height*channels bytes, rows top down */
	unsigned char *alpha;   /* width*height bytes when the image has any
				 * transparency (alpha channel or tRNS); NULL
				 * when it is fully opaque, even if the file
				 * carries an all-255 alpha channel */

	/* JPEG only (NULL / 0 / false for PNG). */
	unsigned char *jpeg;    /* the original file bytes, verified */
	size_t jpeg_len;
	int jpeg_components;    /* 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK */
	bool jpeg_invert;       /* 4 components written by Adobe software:
				 * the samples are inverted, so the PDF needs
				 * /Decode [1 0 1 0 1 0 1 0] */

	double dpi_x, dpi_y;    /* from pHYs / JFIF density, else 0 */
};

/* Decode an image held in memory.  The format is sniffed from the
 * signature, never from a file name.  On failure returns NULL and writes a
 * one-line message into err[errlen] (err may be NULL), e.g.
 * "truncated PNG: ...", "PNG CRC error in IDAT",
 * "image is 100000 x 100000 pixels, over the limit of 50 megapixels" or
 * "not a PNG or JPEG file (looks like SVG)".  `data` is not kept. */
struct image *image_load(const unsigned char *data, size_t len, char *err,
			 size_t errlen);

/* The same for a file of at most IMAGE_MAX_FILE bytes.  The message does not
 * repeat the path: the caller reports it. */
struct image *image_load_file(const char *path, char *err, size_t errlen);

/* What `quire check` needs to know of a figure file, without decoding its
 * pixels: for a PNG, that its chunks are all there with valid CRCs, its
 * header within the limits and the chunks the decoder needs present (the
 * same messages as image_load_file); other files get the decoder's full
 * check (a JPEG is read at an eighth of its size).  Compressed PNG data
 * that passes its CRCs yet does not inflate is left to the typesetter.
 * Decoding every figure fully made checking a real paper ten times
 * slower than reading its text. */
bool image_check(const unsigned char *data, size_t len, char *err, size_t errlen);
bool image_check_file(const char *path, char *err, size_t errlen);

void image_free(struct image *img);

#endif
