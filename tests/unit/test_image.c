/* Unit tests for render/image.c against the fixtures in tests/data/images,
 * which make-fixtures.sh generates.  The pixel formulas below repeat the
 * ones in that script. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proceedings/util.h"
#include "render/image.h"

#define W 29
#define H 19

static char *datadir;

/* ---- helpers ------------------------------------------------------------ */

static char *fixture_path(const char *name)
{
	return path_join(datadir, name);
}

static unsigned char *slurp(const char *name, size_t *len)
{
	char *path = fixture_path(name);
	char *data;
	if (read_file(path, 1 << 20, &data, len) != 0)
		fail_msg("cannot read fixture %s", path);
	free(path);
	return (unsigned char *)data;
}

static struct image *load_ok(const char *name)
{
	char err[256] = "";
	char *path = fixture_path(name);
	struct image *img = image_load_file(path, err, sizeof err);
	free(path);
	if (!img)
		fail_msg("%s: unexpected failure: %s", name, err);
	return img;
}

static void expect_fail_mem(const char *what, const unsigned char *data,
			    size_t len, const char *needle)
{
	char err[256];
	memset(err, 'x', sizeof err - 1);
	err[sizeof err - 1] = '\0';
	struct image *img = image_load(data, len, err, sizeof err);
	if (img) {
		image_free(img);
		fail_msg("%s: loaded, expected failure with \"%s\"", what, needle);
	}
	if (!strstr(err, needle))
		fail_msg("%s: message \"%s\" does not contain \"%s\"", what, err, needle);
	if (strchr(err, '\n'))
		fail_msg("%s: message spans lines: \"%s\"", what, err);
}

static void expect_fail(const char *name, const char *needle)
{
	size_t len;
	unsigned char *data = slurp(name, &len);
	expect_fail_mem(name, data, len, needle);
	free(data);

	/* The file path goes through the same code. */
	char err[256] = "";
	char *path = fixture_path(name);
	struct image *img = image_load_file(path, err, sizeof err);
	free(path);
	assert_null(img);
	assert_non_null(strstr(err, needle));
}

static int rgb(int x, int y, int c)
{
	switch (c) {
	case 0: return (x * 37 + y * 11) & 255;
	case 1: return (x * y * 7 + 13) & 255;
	default: return (255 - x * 8 - y * 3) & 255;
	}
}

static int alpha(int x, int y)
{
	return 1 + (x * 29 + y * 53) % 255;
}

static int gray(int x, int y)
{
	return (x * 13 + y * 17) & 255;
}

static void check_header(const struct image *img, int channels, bool has_alpha)
{
	assert_int_equal(img->kind, IMAGE_PNG);
	assert_int_equal(img->width, W);
	assert_int_equal(img->height, H);
	assert_int_equal(img->channels, channels);
	assert_non_null(img->pixels);
	if (has_alpha)
		assert_non_null(img->alpha);
	else
		assert_null(img->alpha);
	assert_null(img->jpeg);
	assert_int_equal(img->jpeg_len, 0);
}

static void check_rgb(const struct image *img)
{
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			for (int c = 0; c < 3; c++)
				assert_int_equal(img->pixels[(y * W + x) * 3 + c], rgb(x, y, c));
}

static void check_gray(const struct image *img)
{
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			assert_int_equal(img->pixels[y * W + x], gray(x, y));
}

static void check_alpha(const struct image *img)
{
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			assert_int_equal(img->alpha[y * W + x], alpha(x, y));
}

/* ---- valid PNGs --------------------------------------------------------- */

static void test_png_rgb8(void **state)
{
	struct image *img = load_ok("rgb8.png");
	check_header(img, 3, false);
	check_rgb(img);
	assert_int_equal(img->pixels[0], 0);
	assert_int_equal(img->pixels[1], 13);
	assert_int_equal(img->pixels[2], 255);
	/* pHYs holds 11811 px/m, ImageMagick's rounding of 300 dpi. */
	assert_true(fabs(img->dpi_x - 300.0) < 0.01);
	assert_true(fabs(img->dpi_y - 300.0) < 0.01);
	image_free(img);
}

static void test_png_rgba8(void **state)
{
	struct image *img = load_ok("rgba8.png");
	check_header(img, 3, true);
	check_rgb(img);
	check_alpha(img);
	assert_true(img->dpi_x == 0 && img->dpi_y == 0);
	image_free(img);
}

static void test_png_gray8(void **state)
{
	struct image *img = load_ok("gray8.png");
	check_header(img, 1, false);
	check_gray(img);
	assert_int_equal(img->pixels[W + 1], 30);
	image_free(img);
}

static void test_png_gray_alpha8(void **state)
{
	struct image *img = load_ok("ga8.png");
	check_header(img, 1, true);
	check_gray(img);
	check_alpha(img);
	image_free(img);
}

static void test_png_gray_low_depths(void **state)
{
	struct image *g1 = load_ok("gray1.png");
	struct image *g1i = load_ok("gray1-interlaced.png");
	struct image *g2 = load_ok("gray2.png");
	struct image *g4 = load_ok("gray4.png");
	check_header(g1, 1, false);
	check_header(g1i, 1, false);
	check_header(g2, 1, false);
	check_header(g4, 1, false);
	for (int y = 0; y < H; y++) {
		for (int x = 0; x < W; x++) {
			int i = y * W + x;
			int v1 = (x * 3 + y) % 5 < 2 ? 255 : 0;
			assert_int_equal(g1->pixels[i], v1);
			assert_int_equal(g1i->pixels[i], v1);
			assert_int_equal(g2->pixels[i], ((x + y) % 4) * 85);
			assert_int_equal(g4->pixels[i], ((x * 3 + y) % 16) * 17);
		}
	}
	image_free(g1);
	image_free(g1i);
	image_free(g2);
	image_free(g4);
}

static void test_png_16bit(void **state)
{
	/* Samples are a*257+100: rounding gives a back, truncating to the
	 * high byte would give a+1 for many of them. */
	struct image *img = load_ok("rgb16.png");
	check_header(img, 3, false);
	check_rgb(img);
	image_free(img);

	img = load_ok("ga16.png");
	check_header(img, 1, true);
	check_gray(img);
	check_alpha(img);
	image_free(img);
}

static void test_png_interlaced(void **state)
{
	struct image *a = load_ok("rgb8.png");
	struct image *b = load_ok("rgb8-interlaced.png");
	check_header(b, 3, false);
	check_rgb(b);
	assert_memory_equal(a->pixels, b->pixels, W * H * 3);
	image_free(a);
	image_free(b);

	a = load_ok("rgba8.png");
	b = load_ok("rgba8-interlaced.png");
	check_header(b, 3, true);
	check_rgb(b);
	check_alpha(b);
	assert_memory_equal(a->alpha, b->alpha, W * H);
	image_free(a);
	image_free(b);
}

static const unsigned char palette[6][3] = {
	{200, 30, 30}, {30, 200, 30}, {30, 30, 200}, {240, 240, 0}, {0, 0, 0}, {255, 255, 255},
};
static const unsigned char palette_alpha[6] = {255, 0, 128, 64, 255, 255};

static void test_png_palette(void **state)
{
	struct image *t = load_ok("palette-trns.png");
	struct image *o = load_ok("palette4.png");
	check_header(t, 3, true);
	check_header(o, 3, false);
	for (int y = 0; y < H; y++) {
		for (int x = 0; x < W; x++) {
			int i = y * W + x, k = (x / 4 + y / 3) % 6;
			assert_memory_equal(t->pixels + i * 3, palette[k], 3);
			assert_memory_equal(o->pixels + i * 3, palette[k], 3);
			assert_int_equal(t->alpha[i], palette_alpha[k]);
		}
	}
	assert_int_equal(t->alpha[0], 255);
	assert_int_equal(t->alpha[4], 0); /* x 4, y 0: index 1 */
	image_free(t);
	image_free(o);
}

static void test_png_gray_trns(void **state)
{
	struct image *img = load_ok("gray-trns.png");
	check_header(img, 1, true);
	for (int y = 0; y < H; y++) {
		for (int x = 0; x < W; x++) {
			int i = y * W + x;
			assert_int_equal(img->pixels[i], (x * 9) & 255);
			assert_int_equal(img->alpha[i], x == 0 ? 0 : 255);
		}
	}
	image_free(img);
}

/* ---- valid JPEGs -------------------------------------------------------- */

static void check_jpeg(const char *name, int components, bool invert)
{
	size_t len;
	unsigned char *data = slurp(name, &len);
	char err[256] = "";

	/* From memory (copied) and from a file (buffer taken over). */
	struct image *m = image_load(data, len, err, sizeof err);
	if (!m)
		fail_msg("%s: %s", name, err);
	struct image *f = load_ok(name);
	const struct image *both[2] = {m, f};
	for (int i = 0; i < 2; i++) {
		const struct image *img = both[i];
		assert_int_equal(img->kind, IMAGE_JPEG);
		assert_int_equal(img->width, 64);
		assert_int_equal(img->height, 48);
		assert_int_equal(img->jpeg_components, components);
		assert_int_equal(img->jpeg_invert, invert);
		assert_int_equal(img->jpeg_len, len);
		assert_memory_equal(img->jpeg, data, len);
		assert_null(img->pixels);
		assert_null(img->alpha);
		assert_int_equal(img->channels, 0);
	}
	assert_ptr_not_equal(m->jpeg, data);
	image_free(m);
	image_free(f);
	free(data);
}

static void test_jpeg_valid(void **state)
{
	check_jpeg("baseline.jpg", 3, false);
	check_jpeg("progressive.jpg", 3, false);
	check_jpeg("gray.jpg", 1, false);
	check_jpeg("cmyk.jpg", 4, true);

	struct image *img = load_ok("baseline.jpg");
	assert_true(img->dpi_x == 300.0 && img->dpi_y == 300.0);
	image_free(img);
}

/* ---- broken and foreign files ------------------------------------------- */

/* The message names the size of the file, whatever the generator made. */
static void expect_truncated(const char *name, const char *fmt)
{
	size_t len;
	free(slurp(name, &len));
	char *want = xasprintf(fmt, len);
	expect_fail(name, want);
	free(want);
}

static void test_png_broken(void **state)
{
	expect_truncated("truncated.png",
			 "truncated PNG: the file ends after %zu bytes, inside the IDAT chunk");
	expect_fail("bad-crc.png", "PNG CRC error in IDAT");
	/* libpng inflates the data before it checks the chunk's CRC, so here
	 * the filter byte gives the damage away first. */
	expect_fail("corrupt-idat.png", "damaged PNG: ");
	expect_fail("huge-100000.png",
		    "image is 100000 x 100000 pixels, over the limit of 50 megapixels");
	expect_fail("wide-40000.png",
		    "image is 40000 x 8 pixels, over the limit of 30000 pixels per side");
	expect_fail("area-60mp.png",
		    "image is 10000 x 6000 pixels, over the limit of 50 megapixels");
}

static void test_jpeg_broken(void **state)
{
	expect_truncated("truncated.jpg",
			 "truncated JPEG: the file ends after %zu bytes, before the image data is complete");
	/* SOF dimensions are 16-bit, so 100000 cannot even be written. */
	expect_fail("huge.jpg", "image is 60000 x 50000 pixels, over the limit of 50 megapixels");
}

static void test_not_images(void **state)
{
	expect_fail("notes.png", "not a PNG or JPEG file (looks like text)");
	expect_fail("drawing.png", "not a PNG or JPEG file (looks like SVG)");
	expect_fail("empty.png", "empty file");
	expect_fail_mem("NULL", NULL, 0, "empty file");

	static const struct {
		const char *bytes;
		size_t len;
		const char *needle;
	} cases[] = {
		{"GIF89a\x01\0\x01\0\0\0\0;", 13, "(looks like GIF)"},
		{"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15, "(looks like PDF)"},
		{"RIFF\x24\0\0\0WEBPVP8 ", 16, "(looks like WebP)"},
		{"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0", 20, "(looks like BMP)"},
		{"II*\0\x08\0\0\0", 8, "(looks like TIFF)"},
		{"MM\0*\0\0\0\x08", 8, "(looks like TIFF)"},
		{"\0\0\0\x18" "ftypheic\0\0\0\0", 16, "(looks like HEIC)"},
		{"\0\0\0\x1c" "ftypavif\0\0\0\0", 16, "(looks like AVIF)"},
		{"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>", 46, "(looks like SVG)"},
		{"<!DOCTYPE html><html><body>404</body></html>", 44, "(looks like HTML)"},
		{"<?xml version='1.0'?><doc/>", 27, "(looks like XML)"},
		{"\x1f\x8b\x08\0\0\0\0\0", 8, "(looks like gzip"},
		{"BMW repair notes", 16, "(looks like text)"},
		{"Gr\xc3\xbc\xc3\x9f" "e, caf\xc3\xa9\n", 14, "(looks like text)"},
		{"\x00\x01\x02\x03\x04\x05", 6, "(unknown signature 00 01 02 03)"},
		{"\xfe\xfe", 2, "(unknown signature fe fe)"},
		{"\x89", 1, "(unknown signature 89)"},
		{"\x89PNG\n\x1a\n\0\0\0\x0dIHDR", 16, "signature is corrupted"},
		{"\x89PNG\r\n", 6, "truncated PNG: the file is only 6 bytes"},
		{"\xff\xd8", 2, "truncated JPEG"},
		{"\xff\xd8\xff\xd9", 4, "damaged JPEG"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_fail_mem(cases[i].needle, (const unsigned char *)cases[i].bytes,
				cases[i].len, cases[i].needle);
}

static void test_error_buffer(void **state)
{
	const unsigned char text[] = "hello";
	/* No buffer at all, an empty one, and one too short for the message. */
	assert_null(image_load(text, 5, NULL, 0));
	char err[8] = "keep";
	assert_null(image_load(text, 5, err, 0));
	assert_string_equal(err, "keep");
	assert_null(image_load(text, 5, err, sizeof err));
	assert_string_equal(err, "not a P");
	image_free(NULL);
}

static void test_load_file_errors(void **state)
{
	char err[256] = "";
	assert_null(image_load_file("/nonexistent/quire/picture.png", err, sizeof err));
	assert_string_equal(err, "cannot read image file: No such file or directory");
	assert_null(image_load_file(datadir, err, sizeof err));
	assert_string_equal(err, "cannot read image file: Is a directory");

	/* A sparse file just over the limit: refused, never decoded. */
	char tmpl[] = "/tmp/quire-test-image-XXXXXX";
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, IMAGE_MAX_FILE + 1), 0);
	close(fd);
	assert_null(image_load_file(tmpl, err, sizeof err));
	unlink(tmpl);
	assert_string_equal(err, "image file is larger than the 64 MB limit");
}

/* ---- robustness --------------------------------------------------------- */

static const char *const fuzz_files[] = {
	"rgb8.png", "rgba8-interlaced.png", "gray1-interlaced.png", "palette-trns.png",
	"ga16.png", "baseline.jpg", "progressive.jpg", "cmyk.jpg",
};

/* Every proper prefix of a valid file is refused with a message. */
static void test_every_prefix(void **state)
{
	for (size_t f = 0; f < sizeof fuzz_files / sizeof fuzz_files[0]; f++) {
		size_t len;
		unsigned char *data = slurp(fuzz_files[f], &len);
		for (size_t n = 0; n < len; n++) {
			char err[256] = "";
			/* An exact-size copy so ASan sees any read past the end. */
			unsigned char *copy = xmalloc(n ? n : 1);
			memcpy(copy, data, n);
			struct image *img = image_load(copy, n, err, sizeof err);
			free(copy);
			if (img) {
				image_free(img);
				fail_msg("%s: prefix of %zu bytes loaded", fuzz_files[f], n);
			}
			if (!err[0])
				fail_msg("%s: prefix of %zu bytes: no message", fuzz_files[f], n);
		}
		free(data);
	}
}

/* Damage every byte in turn: the loader either succeeds with a sane image
 * or fails with a message, and never crashes or leaks (run under SAN=1). */
static void test_every_byte_damaged(void **state)
{
	static const unsigned char flips[] = {0x01, 0x80, 0xff};
	size_t loaded = 0, refused = 0;
	for (size_t f = 0; f < sizeof fuzz_files / sizeof fuzz_files[0]; f++) {
		size_t len;
		unsigned char *data = slurp(fuzz_files[f], &len);
		unsigned char *copy = xmalloc(len);
		for (size_t i = 0; i < len; i++) {
			for (size_t k = 0; k < sizeof flips; k++) {
				char err[256] = "";
				memcpy(copy, data, len);
				copy[i] ^= flips[k];
				struct image *img = image_load(copy, len, err, sizeof err);
				if (!img) {
					if (!err[0])
						fail_msg("%s: byte %zu: no message", fuzz_files[f], i);
					refused++;
					continue;
				}
				assert_true(img->width > 0 && img->height > 0);
				assert_true((long)img->width * img->height <= IMAGE_MAX_PIXELS);
				if (img->kind == IMAGE_PNG) {
					assert_non_null(img->pixels);
					assert_true(img->channels == 1 || img->channels == 3);
					/* Touch the last byte of each plane. */
					size_t n = (size_t)img->width * img->height;
					volatile unsigned char last = img->pixels[n * img->channels - 1];
					if (img->alpha)
						last = img->alpha[n - 1];
					(void)last;
				} else {
					assert_int_equal(img->jpeg_len, len);
				}
				image_free(img);
				loaded++;
			}
		}
		free(copy);
		free(data);
	}
	/* Ancillary bytes and some pixel data damage are harmless. */
	assert_true(loaded > 0);
	assert_true(refused > loaded / 10);
}

/* ---- checking without decoding ------------------------------------------ */

/* image_check agrees with the decoder: every valid fixture passes, every
 * bad one fails with the decoder's own message, and so does every prefix
 * and every damaged byte of the PNGs, except where the decoder would only
 * have found out by inflating data whose CRC is intact. */
static void test_check_agrees_with_decoder(void **state)
{
	static const char *const good[] = {
		"rgb8.png", "rgba8.png", "gray8.png", "ga8.png", "gray1.png", "gray2.png", "gray4.png",
		"rgb16.png", "ga16.png", "rgb8-interlaced.png", "rgba8-interlaced.png",
		"gray1-interlaced.png", "palette4.png", "palette-trns.png", "gray-trns.png",
		"baseline.jpg", "progressive.jpg", "cmyk.jpg", "gray.jpg",
	};
	for (size_t f = 0; f < sizeof good / sizeof good[0]; f++) {
		char err[256] = "";
		char *path = fixture_path(good[f]);
		if (!image_check_file(path, err, sizeof err))
			fail_msg("%s: refused: %s", good[f], err);
		free(path);
	}
	static const char *const bad[] = {"bad-crc.png", "truncated.png", "huge-100000.png",
					  "wide-40000.png", "area-60mp.png", "truncated.jpg", "empty.png"};
	for (size_t f = 0; f < sizeof bad / sizeof bad[0]; f++) {
		char want[256] = "", got[256] = "";
		char *path = fixture_path(bad[f]);
		struct image *img = image_load_file(path, want, sizeof want);
		assert_null(img);
		assert_false(image_check_file(path, got, sizeof got));
		assert_string_equal(got, want);
		free(path);
	}
	size_t same = 0, inflate_only = 0;
	for (size_t f = 0; f < sizeof fuzz_files / sizeof fuzz_files[0]; f++) {
		if (!strstr(fuzz_files[f], ".png"))
			continue;
		size_t len;
		unsigned char *data = slurp(fuzz_files[f], &len);
		unsigned char *copy = xmalloc(len);
		for (size_t i = 0; i <= len; i++) {
			for (int k = 0; k < (i < len ? 2 : 1); k++) {
				memcpy(copy, data, len);
				size_t n = len;
				if (i == len)
					n = len; /* the file itself */
				else if (k == 0)
					n = i; /* a prefix */
				else
					copy[i] ^= 0x80; /* one damaged byte */
				char want[256] = "", got[256] = "";
				struct image *img = image_load(copy, n, want, sizeof want);
				bool ok = image_check(copy, n, got, sizeof got);
				if (!ok && img)
					fail_msg("%s: byte %zu/%d: check refuses what decodes: %s", fuzz_files[f], i, k, got);
				if (ok && !img) {
					/* Only the deflate stream can hide damage from the CRCs. */
					if (!strstr(want, "damaged PNG"))
						fail_msg("%s: byte %zu/%d: check passes \"%s\"", fuzz_files[f], i, k, want);
					inflate_only++;
				}
				/* A cut file reads as the decoder reads it. */
				if (!ok && !img && k == 0 && i < len && strstr(want, "truncated") && strcmp(got, want))
					fail_msg("%s: byte %zu/%d: \"%s\" but the decoder says \"%s\"", fuzz_files[f], i, k, got, want);
				same += ok == (img != NULL);
				image_free(img);
			}
		}
		free(copy);
		free(data);
	}
	/* On these files no damage is hidden from the CRCs: full agreement
	 * (4,335 cases). */
	assert_int_equal(inflate_only, 0);
	assert_true(same > 4000);
}

/* ---- main --------------------------------------------------------------- */

/* The fixtures are found through $QUIRE_TEST_IMAGES, from the source root,
 * or relative to build/tests/test_image. */
static char *find_datadir(const char *argv0)
{
	const char *env = getenv("QUIRE_TEST_IMAGES");
	if (env && *env)
		return xstrdup(env);
	if (access("tests/data/images/rgb8.png", R_OK) == 0)
		return xstrdup("tests/data/images");
	const char *slash = strrchr(argv0, '/');
	char *bindir = slash ? xstrndup(argv0, (size_t)(slash - argv0)) : xstrdup(".");
	char *dir = path_join(bindir, "../../tests/data/images");
	free(bindir);
	return dir;
}

int main(int argc, char **argv)
{
	datadir = find_datadir(argc > 0 ? argv[0] : "");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_agrees_with_decoder),
		cmocka_unit_test(test_png_rgb8),
		cmocka_unit_test(test_png_rgba8),
		cmocka_unit_test(test_png_gray8),
		cmocka_unit_test(test_png_gray_alpha8),
		cmocka_unit_test(test_png_gray_low_depths),
		cmocka_unit_test(test_png_16bit),
		cmocka_unit_test(test_png_interlaced),
		cmocka_unit_test(test_png_palette),
		cmocka_unit_test(test_png_gray_trns),
		cmocka_unit_test(test_jpeg_valid),
		cmocka_unit_test(test_png_broken),
		cmocka_unit_test(test_jpeg_broken),
		cmocka_unit_test(test_not_images),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_load_file_errors),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_every_byte_damaged),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(datadir);
	return rc;
}
