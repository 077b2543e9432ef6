#include "image.h"

#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h> /* needs stdio.h first */
#include <jerror.h>  /* message codes */
#include <png.h>
#include <zlib.h>

#include "proceedings/util.h"

/* Per-chunk allocation cap for ancillary PNG chunks (iCCP, zTXt, eXIf...);
 * pixel memory is bounded by IMAGE_MAX_PIXELS instead. */
#define PNG_CHUNK_MAX (8L * 1024 * 1024)
/* Progressive JPEG keeps every coefficient in memory: 50 MP of CMYK is
 * 400 MB, so this covers every image within the pixel limit. */
#define JPEG_MEMORY_MAX (512L * 1024 * 1024)
/* A few hundred tiny progressive scans make decoding quadratic. */
#define JPEG_MAX_SCANS 500

#define MSG_MAX 256

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	/* The caller prints it on one line. */
	for (char *p = err; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

/* The resource check every decoder runs on the header's dimensions before
 * it allocates anything for pixels. */
static bool size_ok(unsigned long w, unsigned long h, char *err, size_t errlen)
{
	if (w == 0 || h == 0) {
		set_err(err, errlen, "image is %lu x %lu pixels: it has no pixels",
			w, h);
		return false;
	}
	if ((uint64_t)w * h > (uint64_t)IMAGE_MAX_PIXELS) {
		set_err(err, errlen,
			"image is %lu x %lu pixels, over the limit of %ld megapixels",
			w, h, IMAGE_MAX_PIXELS / 1000000);
		return false;
	}
	if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE) {
		set_err(err, errlen,
			"image is %lu x %lu pixels, over the limit of %d pixels per side",
			w, h, IMAGE_MAX_SIDE);
		return false;
	}
	return true;
}

/* ---- PNG ---------------------------------------------------------------- */

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

struct png_state {
	const unsigned char *data;
	size_t len, pos;
	png_structp png;
	png_infop info;
	/* Everything allocated while libpng may still longjmp lives here, so
	 * the caller can free it whichever way png_run() returns. */
	unsigned char *buf;
	png_bytep *rows;
	unsigned char *alpha;
	char msg[MSG_MAX];     /* final message on failure */
	char warning[MSG_MAX]; /* first libpng warning, explains some errors */
	png_uint_32 width, height;
	int channels;
	double dpi_x, dpi_y;
};

static void png_fail(struct png_state *st) __attribute__((noreturn));

/* Leave the decoder with st->msg already written. */
static void png_fail(struct png_state *st)
{
	png_longjmp(st->png, 1);
}

static void chunk_name(png_uint_32 type, char out[5])
{
	for (int i = 0; i < 4; i++) {
		int c = (int)(type >> (24 - 8 * i)) & 0xff;
		out[i] = isalpha(c) ? (char)c : '?';
	}
	out[4] = '\0';
}

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
	struct png_state *st = png_get_io_ptr(png);
	if (n <= st->len - st->pos) {
		memcpy(out, st->data + st->pos, n);
		st->pos += n;
		return;
	}
	char name[5];
	chunk_name(png_get_io_chunk_type(png), name);
	switch (png_get_io_state(png) & PNG_IO_MASK_LOC) {
	case PNG_IO_CHUNK_DATA:
	case PNG_IO_CHUNK_CRC:
		snprintf(st->msg, sizeof st->msg,
			 "truncated PNG: the file ends after %zu bytes, inside the %s chunk",
			 st->len, name);
		break;
	default:
		snprintf(st->msg, sizeof st->msg,
			 "truncated PNG: the file ends after %zu bytes, before the end of the image",
			 st->len);
		break;
	}
	png_fail(st);
}

static void PNGCBAPI png_on_error(png_structp png, png_const_charp msg)
{
	struct png_state *st = png_get_error_ptr(png);
	/* png_chunk_error() formats CRC failures as "IDAT: CRC error". */
	if (strlen(msg) > 4 && strcmp(msg + 4, ": CRC error") == 0)
		snprintf(st->msg, sizeof st->msg, "PNG CRC error in %.4s", msg);
	else if (st->warning[0] && strstr(msg, "IHDR"))
		snprintf(st->msg, sizeof st->msg, "damaged PNG: %.100s (%.120s)", msg,
			 st->warning);
	else
		snprintf(st->msg, sizeof st->msg, "damaged PNG: %s", msg);
	png_fail(st);
}

static void PNGCBAPI png_on_warning(png_structp png, png_const_charp msg)
{
	/* Warnings cover recoverable problems (a bad ancillary chunk is
	 * dropped); only keep the first to explain a later error. */
	struct png_state *st = png_get_error_ptr(png);
	if (!st->warning[0])
		snprintf(st->warning, sizeof st->warning, "%s", msg);
}

/* Move the alpha samples of the interleaved rows in st->buf into st->alpha,
 * compacting the colour samples in place.  Writes never overtake reads:
 * pixel i's colour goes to i*colour, at or before where it was read. */
static void png_split_alpha(struct png_state *st)
{
	size_t n = (size_t)st->width * st->height;
	int in = st->channels, colour = in - 1;
	unsigned char *p = st->buf;
	bool opaque = true;
	st->alpha = xmalloc(n);
	for (size_t i = 0; i < n; i++) {
		unsigned char a = p[i * in + colour];
		for (int c = 0; c < colour; c++)
			p[i * colour + c] = p[i * in + c];
		st->alpha[i] = a;
		opaque &= a == 255;
	}
	st->channels = colour;
	st->buf = xrealloc(st->buf, n * colour);
	if (opaque) {
		/* No SMask needed in the PDF. */
		free(st->alpha);
		st->alpha = NULL;
	}
}

static void png_decode(struct png_state *st)
{
	png_structp png = st->png;
	png_infop info = st->info;

	png_set_user_limits(png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
	png_set_chunk_malloc_max(png, PNG_CHUNK_MAX);
	png_read_info(png, info);

	png_uint_32 w, h;
	int depth, ctype, interlace;
	png_get_IHDR(png, info, &w, &h, &depth, &ctype, &interlace, NULL, NULL);
	if (!size_ok(w, h, st->msg, sizeof st->msg))
		png_fail(st);

	png_uint_32 rx, ry;
	int unit;
	if (png_get_pHYs(png, info, &rx, &ry, &unit) && unit == PNG_RESOLUTION_METER) {
		st->dpi_x = rx * 0.0254;
		st->dpi_y = ry * 0.0254;
	}

	if (ctype == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (ctype == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	if (png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(png);
	if (depth == 16)
		png_set_scale_16(png); /* rounds; strip_16 would truncate */
	png_set_interlace_handling(png);
	png_read_update_info(png, info);

	int channels = png_get_channels(png, info);
	size_t rowbytes = png_get_rowbytes(png, info);
	if (png_get_bit_depth(png, info) != 8 || channels < 1 || channels > 4 ||
	    rowbytes != (size_t)w * channels) {
		snprintf(st->msg, sizeof st->msg,
			 "damaged PNG: unsupported sample layout (%d-bit, %d channels)",
			 depth, channels);
		png_fail(st);
	}
	st->width = w;
	st->height = h;
	st->channels = channels;

	/* Interlaced images are assembled over seven passes, so the whole
	 * interleaved image is decoded first and split afterwards. */
	st->buf = xmalloc(rowbytes * h);
	st->rows = xmalloc(h * sizeof *st->rows);
	for (png_uint_32 y = 0; y < h; y++)
		st->rows[y] = st->buf + y * rowbytes;
	png_read_image(png, st->rows);
	/* Reading to IEND catches truncation and CRC errors after the pixels. */
	png_read_end(png, NULL);

	if (channels == 2 || channels == 4)
		png_split_alpha(st);
}

/* Only the setjmp lives here: png_decode's locals are never read after a
 * longjmp, and everything that must be freed is in *st. */
static bool png_run(struct png_state *st)
{
	if (setjmp(png_jmpbuf(st->png)))
		return false;
	png_decode(st);
	return true;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* libpng itself rejects oversized headers with "Invalid IHDR data"; look
 * first so the message can say what is wrong. */
static bool png_header_size_ok(const unsigned char *data, size_t len, char *err, size_t errlen)
{
	return len < 24 || memcmp(data + 12, "IHDR", 4) != 0 ||
	       size_ok(be32(data + 16), be32(data + 20), err, errlen);
}

static struct image *load_png(const unsigned char *data, size_t len, char *err,
			      size_t errlen)
{
	if (!png_header_size_ok(data, len, err, errlen))
		return NULL;

	struct png_state st;
	memset(&st, 0, sizeof st);
	st.data = data;
	st.len = len;
	st.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &st, png_on_error,
					png_on_warning);
	if (st.png)
		st.info = png_create_info_struct(st.png);
	if (!st.png || !st.info) {
		png_destroy_read_struct(&st.png, &st.info, NULL);
		set_err(err, errlen, "cannot initialise libpng");
		return NULL;
	}
	png_set_read_fn(st.png, &st, png_read_mem);

	bool ok = png_run(&st);
	png_destroy_read_struct(&st.png, &st.info, NULL);
	free(st.rows);
	if (!ok) {
		free(st.buf);
		free(st.alpha);
		set_err(err, errlen, "%s", st.msg);
		return NULL;
	}
	struct image *img = xcalloc(1, sizeof *img);
	img->kind = IMAGE_PNG;
	img->width = (int)st.width;
	img->height = (int)st.height;
	img->channels = st.channels;
	img->pixels = st.buf;
	img->alpha = st.alpha;
	img->dpi_x = st.dpi_x;
	img->dpi_y = st.dpi_y;
	return img;
}

/* ---- JPEG --------------------------------------------------------------- */

struct jpeg_state {
	struct jpeg_error_mgr pub; /* first: libjpeg hands back &pub */
	jmp_buf jump;
	size_t len;
	char msg[MSG_MAX];
};

struct jpeg_job {
	struct jpeg_decompress_struct cinfo;
	struct jpeg_state err;
	struct jpeg_progress_mgr progress;
	const unsigned char *data;
	size_t len;
	int components;
	bool invert;
	double dpi_x, dpi_y;
};

static void jpeg_fail(j_common_ptr cinfo) __attribute__((noreturn));

static void jpeg_fail(j_common_ptr cinfo)
{
	struct jpeg_state *st = (struct jpeg_state *)cinfo->err;
	longjmp(st->jump, 1);
}

static void jpeg_on_error(j_common_ptr cinfo)
{
	struct jpeg_state *st = (struct jpeg_state *)cinfo->err;
	char buf[JMSG_LENGTH_MAX];
	switch (st->pub.msg_code) {
	case JWRN_JPEG_EOF:
		snprintf(st->msg, sizeof st->msg,
			 "truncated JPEG: the file ends after %zu bytes, before the image data is complete",
			 st->len);
		break;
	case JERR_NO_BACKING_STORE:
		snprintf(st->msg, sizeof st->msg,
			 "JPEG would need more than %ld MB of memory to decode",
			 JPEG_MEMORY_MAX / (1024 * 1024));
		break;
	default:
		(*st->pub.format_message)(cinfo, buf);
		snprintf(st->msg, sizeof st->msg, "damaged JPEG: %s", buf);
		break;
	}
	jpeg_fail(cinfo);
}

static void jpeg_on_message(j_common_ptr cinfo, int level)
{
	if (level >= 0)
		return; /* trace output */
	/* libjpeg "warnings" mean damaged data that a viewer would paper over
	 * with grey blocks, so they fail the image; only problems confined to
	 * metadata the PDF does not use are let through. */
	int code = cinfo->err->msg_code;
	if (code == JWRN_JFIF_MAJOR || code == JWRN_BOGUS_ICC) {
		cinfo->err->num_warnings++;
		return;
	}
	jpeg_on_error(cinfo);
}

static void jpeg_on_progress(j_common_ptr cinfo)
{
	j_decompress_ptr d = (j_decompress_ptr)cinfo;
	if (d->input_scan_number > JPEG_MAX_SCANS) {
		struct jpeg_state *st = (struct jpeg_state *)cinfo->err;
		snprintf(st->msg, sizeof st->msg,
			 "damaged JPEG: more than %d progressive scans", JPEG_MAX_SCANS);
		jpeg_fail(cinfo);
	}
}

static void jpeg_check(struct jpeg_job *j)
{
	struct jpeg_decompress_struct *ci = &j->cinfo;
	char *msg = j->err.msg;
	size_t msglen = sizeof j->err.msg;

	jpeg_create_decompress(ci);
	ci->progress = &j->progress;
	ci->mem->max_memory_to_use = JPEG_MEMORY_MAX;
	jpeg_mem_src(ci, j->data, (unsigned long)j->len);
	jpeg_read_header(ci, TRUE);

	if (!size_ok(ci->image_width, ci->image_height, msg, msglen))
		jpeg_fail((j_common_ptr)ci);
	int n = ci->num_components;
	if (n != 1 && n != 3 && n != 4) {
		snprintf(msg, msglen, "JPEG with %d colour components cannot go into a PDF", n);
		jpeg_fail((j_common_ptr)ci);
	}
	if (ci->data_precision != 8) {
		snprintf(msg, msglen, "%d-bit JPEG cannot go into a PDF; save it as 8-bit",
			 ci->data_precision);
		jpeg_fail((j_common_ptr)ci);
	}
	if (ci->arith_code) {
		snprintf(msg, msglen,
			 "arithmetic-coded JPEG is not supported by PDF readers; save it as baseline or progressive");
		jpeg_fail((j_common_ptr)ci);
	}
	j->components = n;
	j->invert = n == 4 && ci->saw_Adobe_marker;
	if (ci->saw_JFIF_marker && ci->X_density && ci->Y_density &&
	    (ci->density_unit == 1 || ci->density_unit == 2)) {
		double f = ci->density_unit == 2 ? 2.54 : 1.0;
		j->dpi_x = ci->X_density * f;
		j->dpi_y = ci->Y_density * f;
	}

	/* Every coefficient is still entropy-decoded at 1/8 scale, which is
	 * what proves the file complete; the cheap IDCT is all we skip. */
	ci->scale_num = 1;
	ci->scale_denom = 8;
	ci->dct_method = JDCT_IFAST;
	ci->do_fancy_upsampling = FALSE;
	ci->do_block_smoothing = FALSE;
	jpeg_start_decompress(ci);
	JSAMPARRAY row = (*ci->mem->alloc_sarray)((j_common_ptr)ci, JPOOL_IMAGE,
						  ci->output_width * ci->output_components, 1);
	while (ci->output_scanline < ci->output_height)
		jpeg_read_scanlines(ci, row, 1);
	jpeg_finish_decompress(ci);
}

static bool jpeg_run(struct jpeg_job *j)
{
	if (setjmp(j->err.jump))
		return false;
	jpeg_check(j);
	return true;
}

static struct image *load_jpeg(const unsigned char *data, size_t len,
			       unsigned char **steal, char *err, size_t errlen)
{
	struct jpeg_job *j = xcalloc(1, sizeof *j); /* jmp_buf and cinfo are big */
	j->data = data;
	j->len = len;
	j->cinfo.err = jpeg_std_error(&j->err.pub);
	j->err.pub.error_exit = jpeg_on_error;
	j->err.pub.emit_message = jpeg_on_message;
	j->err.len = len;
	j->progress.progress_monitor = jpeg_on_progress;

	bool ok = jpeg_run(j);
	/* Safe on a half-created struct: cinfo started zeroed. */
	jpeg_destroy_decompress(&j->cinfo);
	if (!ok) {
		set_err(err, errlen, "%s", j->err.msg);
		free(j);
		return NULL;
	}
	struct image *img = xcalloc(1, sizeof *img);
	img->kind = IMAGE_JPEG;
	img->width = (int)j->cinfo.image_width;
	img->height = (int)j->cinfo.image_height;
	img->jpeg_components = j->components;
	img->jpeg_invert = j->invert;
	img->dpi_x = j->dpi_x;
	img->dpi_y = j->dpi_y;
	if (steal && *steal) {
		img->jpeg = *steal;
		*steal = NULL;
	} else {
		img->jpeg = xmalloc(len);
		memcpy(img->jpeg, data, len);
	}
	img->jpeg_len = len;
	free(j);
	return img;
}

/* ---- Sniffing ----------------------------------------------------------- */

static bool at(const unsigned char *d, size_t len, size_t off, const char *s, size_t n)
{
	return len >= off + n && memcmp(d + off, s, n) == 0;
}

/* Case-insensitive search in the first few KB, for markup. */
static bool head_has(const unsigned char *d, size_t len, const char *needle)
{
	size_t n = strlen(needle), lim = len < 4096 ? len : 4096;
	for (size_t i = 0; i + n <= lim; i++) {
		size_t k = 0;
		while (k < n && tolower(d[i + k]) == needle[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/* Printable ASCII or valid UTF-8, with the usual whitespace. */
static bool looks_like_text(const unsigned char *d, size_t len)
{
	size_t lim = len < 1024 ? len : 1024;
	for (size_t i = 0; i < lim; i++) {
		unsigned char c = d[i];
		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
				return false;
			continue;
		}
		int more;
		if (c >= 0xc2 && c <= 0xdf)
			more = 1;
		else if (c >= 0xe0 && c <= 0xef)
			more = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			more = 3;
		else
			return false;
		for (; more > 0; more--) {
			if (++i >= len)
				return false;
			if (i >= lim)
				break; /* a sequence cut by the sampling window */
			if ((d[i] & 0xc0) != 0x80)
				return false;
		}
	}
	return true;
}

/* Name the format of a file that is neither PNG nor JPEG, or NULL. */
static const char *sniff_other(const unsigned char *d, size_t len)
{
	if (at(d, len, 0, "GIF87a", 6) || at(d, len, 0, "GIF89a", 6))
		return "GIF";
	if (at(d, len, 0, "%PDF-", 5))
		return "PDF";
	if (at(d, len, 0, "%!PS", 4))
		return "PostScript";
	if (at(d, len, 0, "RIFF", 4) && at(d, len, 8, "WEBP", 4))
		return "WebP";
	if (at(d, len, 0, "II*\0", 4) || at(d, len, 0, "MM\0*", 4))
		return "TIFF";
	if (at(d, len, 0, "8BPS", 4))
		return "Photoshop PSD";
	if (at(d, len, 0, "\0\0\0\x0cjP  \r\n\x87\n", 12) || at(d, len, 0, "\xff\x4f\xff\x51", 4))
		return "JPEG 2000";
	if (at(d, len, 4, "ftyp", 4)) {
		if (at(d, len, 8, "avif", 4) || at(d, len, 8, "avis", 4))
			return "AVIF";
		if (at(d, len, 8, "heic", 4) || at(d, len, 8, "heix", 4) ||
		    at(d, len, 8, "mif1", 4) || at(d, len, 8, "msf1", 4))
			return "HEIC";
		return "an MP4/QuickTime file";
	}
	if (at(d, len, 0, "\x1f\x8b", 2))
		return "gzip data (SVGZ?)";
	if (at(d, len, 0, "PK\3\4", 4))
		return "a ZIP archive";
	/* "BM" alone is too weak: also require a known DIB header size. */
	if (at(d, len, 0, "BM", 2) && len >= 18) {
		uint32_t dib = d[14] | d[15] << 8 | (uint32_t)d[16] << 16 | (uint32_t)d[17] << 24;
		if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 ||
		    dib == 108 || dib == 124)
			return "BMP";
	}

	size_t i = at(d, len, 0, "\xef\xbb\xbf", 3) ? 3 : 0;
	while (i < len && isspace(d[i]))
		i++;
	if (i < len && d[i] == '<') {
		if (head_has(d, len, "<svg"))
			return "SVG";
		if (head_has(d, len, "<html") || head_has(d, len, "<!doctype html"))
			return "HTML";
		return "XML";
	}
	if (looks_like_text(d, len))
		return "text";
	return NULL;
}

static struct image *load(const unsigned char *data, size_t len,
			  unsigned char **steal, char *err, size_t errlen)
{
	if (!data || len == 0) {
		set_err(err, errlen, "empty file (0 bytes), not a PNG or JPEG image");
		return NULL;
	}
	if (len >= 8 && memcmp(data, png_signature, 8) == 0)
		return load_png(data, len, err, errlen);
	if (len >= 2 && data[0] == 0xff && data[1] == 0xd8)
		return load_jpeg(data, len, steal, err, errlen);
	if (len >= 4 && memcmp(data, png_signature, 4) == 0) {
		if (len < 8 && memcmp(data, png_signature, len) == 0)
			set_err(err, errlen, "truncated PNG: the file is only %zu bytes", len);
		else
			/* Typically \r\n turned into \n by a text-mode transfer. */
			set_err(err, errlen,
				"damaged PNG: the signature is corrupted (was the file transferred as text?)");
		return NULL;
	}
	const char *what = sniff_other(data, len);
	if (what) {
		set_err(err, errlen, "not a PNG or JPEG file (looks like %s)", what);
		return NULL;
	}
	struct strbuf sig;
	sb_init(&sig);
	for (size_t i = 0; i < len && i < 4; i++)
		sb_printf(&sig, "%s%02x", i ? " " : "", data[i]);
	set_err(err, errlen, "not a PNG or JPEG file (unknown signature %s)", sig.s);
	sb_free(&sig);
	return NULL;
}

struct image *image_load(const unsigned char *data, size_t len, char *err,
			 size_t errlen)
{
	return load(data, len, NULL, err, errlen);
}

/* An image file of at most IMAGE_MAX_FILE bytes, or false with the reason. */
static bool read_image(const char *path, char **data, size_t *len, char *err, size_t errlen)
{
	if (read_file(path, IMAGE_MAX_FILE, data, len) == 0)
		return true;
	if (errno == EFBIG)
		set_err(err, errlen, "image file is larger than the %ld MB limit",
			IMAGE_MAX_FILE / (1024 * 1024));
	else
		set_err(err, errlen, "cannot read image file: %s", strerror(errno));
	return false;
}

struct image *image_load_file(const char *path, char *err, size_t errlen)
{
	char *data;
	size_t len;
	if (!read_image(path, &data, &len, err, errlen))
		return NULL;
	/* A verified JPEG keeps the buffer read_file() allocated. */
	unsigned char *buf = (unsigned char *)data;
	struct image *img = load(buf, len, &buf, err, errlen);
	free(buf);
	return img;
}

/* ---- Checking without decoding ------------------------------------------ */

/* A PNG's structure, chunk by chunk: a valid IHDR within the limits,
 * every critical chunk's CRC, PLTE where the colour type needs it, image
 * data, and IEND before the file ends.  The messages are the decoder's. */
static bool png_walk(const unsigned char *d, size_t len, char *err, size_t errlen)
{
	if (!png_header_size_ok(d, len, err, errlen))
		return false;
	size_t pos = 8;
	int ctype = -1;
	bool plte = false, idat = false;
	for (bool first = true;; first = false) {
		if (len - pos < 8) {
			set_err(err, errlen, "truncated PNG: the file ends after %zu bytes, before the end of the image",
				len);
			return false;
		}
		uint32_t n = be32(d + pos);
		const unsigned char *type = d + pos + 4;
		char name[5];
		chunk_name(be32(type), name);
		if (n > 0x7fffffffu) {
			set_err(err, errlen, "damaged PNG: the %s chunk's length is out of range", name);
			return false;
		}
		if (len - pos - 8 < (size_t)n + 4) {
			set_err(err, errlen, "truncated PNG: the file ends after %zu bytes, inside the %s chunk",
				len, name);
			return false;
		}
		if (!isalpha(type[0]) || !isalpha(type[1]) || !isalpha(type[2]) || !isalpha(type[3])) {
			/* As libpng names it: a byte that is not a letter in hex. */
			char shown[24] = "";
			for (int i = 0, o = 0; i < 4; i++)
				o += snprintf(shown + o, sizeof shown - (size_t)o, isalpha(type[i]) ? "%c" : "[%02X]",
					      type[i]);
			set_err(err, errlen, "damaged PNG: %s: invalid chunk type", shown);
			return false;
		}
		bool critical = !(type[0] & 0x20);
		/* An ancillary chunk with a bad CRC is dropped by the decoder. */
		if (critical && crc32(crc32(0, type, 4), type + 4, n) != be32(type + 4 + n)) {
			set_err(err, errlen, "PNG CRC error in %s", name);
			return false;
		}
		const unsigned char *c = type + 4;
		if (first != (memcmp(type, "IHDR", 4) == 0)) {
			set_err(err, errlen, "damaged PNG: %s", first ? "it does not start with IHDR" : "a second IHDR");
			return false;
		}
		if (first) {
			/* The legal bit depths of each colour type: bit d means depth d. */
			static const uint32_t depths[7] = {0x10116, 0, 0x10100, 0x116, 0x10100, 0, 0x10100};
			int depth = n == 13 ? c[8] : 0;
			ctype = n == 13 ? c[9] : -1;
			if (n != 13 || ctype < 0 || ctype > 6 || depth > 16 || !((depths[ctype] >> depth) & 1) ||
			    c[10] || c[11] || c[12] > 1) {
				set_err(err, errlen, "damaged PNG: invalid IHDR data");
				return false;
			}
		} else if (memcmp(type, "PLTE", 4) == 0) {
			plte = true;
		} else if (memcmp(type, "IDAT", 4) == 0) {
			if (ctype == 3 && !plte) {
				set_err(err, errlen, "damaged PNG: no PLTE before the image data");
				return false;
			}
			idat = true;
		} else if (memcmp(type, "IEND", 4) == 0) {
			if (!idat) {
				set_err(err, errlen, "damaged PNG: it has no image data");
				return false;
			}
			return true;
		}
		pos += 12 + (size_t)n;
	}
}

bool image_check(const unsigned char *data, size_t len, char *err, size_t errlen)
{
	if (data && len >= 8 && memcmp(data, png_signature, 8) == 0)
		return png_walk(data, len, err, errlen);
	/* JPEGs (read at an eighth of their size) and everything else go the
	 * decoder's way. */
	struct image *img = load(data, len, NULL, err, errlen);
	image_free(img);
	return img != NULL;
}

bool image_check_file(const char *path, char *err, size_t errlen)
{
	char *data;
	size_t len;
	if (!read_image(path, &data, &len, err, errlen))
		return false;
	bool ok = image_check((const unsigned char *)data, len, err, errlen);
	free(data);
	return ok;
}

void image_free(struct image *img)
{
	if (!img)
		return;
	free(img->pixels);
	free(img->alpha);
	free(img->jpeg);
	free(img);
}
