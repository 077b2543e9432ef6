#!/bin/sh
# Regenerate the image fixtures for tests/unit/test_image.c.  Run from any
# directory; writes next to this script.  Needs ImageMagick 6 `convert` and
# python3 (used only here, to write exact pixel sources and to craft the
# damaged files).  The pixel formulas are repeated in test_image.c, so change
# both together.  Output is deterministic: dates and comments are stripped.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"

# Pixel sources as PAM, plus the files ImageMagick cannot be trusted to
# write exactly (it rewrites palettes and drops partial tRNS alpha).
python3 - <<'PY'
import struct, zlib

W, H = 29, 19

def rgb(x, y):
    return ((x * 37 + y * 11) & 255, (x * y * 7 + 13) & 255, (255 - x * 8 - y * 3) & 255)

def alpha(x, y):
    return 1 + (x * 29 + y * 53) % 255

def gray(x, y):
    return (x * 13 + y * 17) & 255

def pam(name, depth, tupl, maxval, fn):
    size = 2 if maxval > 255 else 1
    body = bytearray()
    for y in range(H):
        for x in range(W):
            for v in fn(x, y):
                body += v.to_bytes(size, 'big')
    head = 'P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL %d\nTUPLTYPE %s\nENDHDR\n' % (
        W, H, depth, maxval, tupl)
    open(name, 'wb').write(head.encode() + bytes(body))

pam('rgb.pam', 3, 'RGB', 255, rgb)
pam('rgba.pam', 4, 'RGB_ALPHA', 255, lambda x, y: rgb(x, y) + (alpha(x, y),))
pam('gray.pam', 1, 'GRAYSCALE', 255, lambda x, y: (gray(x, y),))
pam('ga.pam', 2, 'GRAYSCALE_ALPHA', 255, lambda x, y: (gray(x, y), alpha(x, y)))
pam('g1.pam', 1, 'GRAYSCALE', 255, lambda x, y: (255 if (x * 3 + y) % 5 < 2 else 0,))
pam('g2.pam', 1, 'GRAYSCALE', 255, lambda x, y: (((x + y) % 4) * 85,))
pam('g4.pam', 1, 'GRAYSCALE', 255, lambda x, y: (((x * 3 + y) % 16) * 17,))
# 16-bit samples a*257+100: rounding gives back a, truncation gives a or a+1.
pam('rgb16.pam', 3, 'RGB', 65535,
    lambda x, y: tuple(v * 257 + 100 if v < 255 else 65535 for v in rgb(x, y)))
pam('ga16.pam', 2, 'GRAYSCALE_ALPHA', 65535,
    lambda x, y: (gray(x, y) * 257, alpha(x, y) * 257))

def chunk(t, data):
    return struct.pack('>I', len(data)) + t + data + struct.pack('>I', zlib.crc32(t + data))

def png(name, w, h, depth, ctype, rows, extra=b''):
    raw = b''.join(b'\0' + r for r in rows)
    ihdr = struct.pack('>IIBBBBB', w, h, depth, ctype, 0, 0, 0)
    open(name, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + extra +
                           chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))

# Palette with partial transparency: six colours, tRNS covers the first four.
PAL = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (240, 240, 0), (0, 0, 0), (255, 255, 255)]
TRNS = [255, 0, 128, 64]
idx = lambda x, y: (x // 4 + y // 3) % 6
plte = chunk(b'PLTE', bytes(c for p in PAL for c in p))
png('palette-trns.png', W, H, 8, 3,
    [bytes(idx(x, y) for x in range(W)) for y in range(H)],
    plte + chunk(b'tRNS', bytes(TRNS)))
# Same indices packed 4 bits per pixel, no transparency.
def pack4(y):
    v = [idx(x, y) for x in range(W)] + [0]
    return bytes(v[i] << 4 | v[i + 1] for i in range(0, W, 2))
png('palette4.png', W, H, 4, 3, [pack4(y) for y in range(H)], plte)
# 8-bit gray where value 0 is transparent through tRNS; x*9 hits 0 at x == 0.
png('gray-trns.png', W, H, 8, 0, [bytes((x * 9) & 255 for x in range(W)) for y in range(H)],
    chunk(b'tRNS', struct.pack('>H', 0)))
PY

# -strip and the exclusions keep dates and comments out of the files.
keep="-strip -define png:exclude-chunks=date,time,zTXt,tEXt,iTXt"
convert rgb.pam $keep -define png:include-chunk=pHYs -define png:color-type=2 -define png:bit-depth=8 \
	-density 300 -units PixelsPerInch rgb8.png
convert rgba.pam $keep -define png:color-type=6 -define png:bit-depth=8 rgba8.png
convert gray.pam $keep -define png:color-type=0 -define png:bit-depth=8 gray8.png
convert ga.pam $keep -define png:color-type=4 -define png:bit-depth=8 ga8.png
convert g1.pam $keep -define png:color-type=0 -define png:bit-depth=1 gray1.png
convert g2.pam $keep -define png:color-type=0 -define png:bit-depth=2 gray2.png
convert g4.pam $keep -define png:color-type=0 -define png:bit-depth=4 gray4.png
convert rgb16.pam $keep -define png:color-type=2 -define png:bit-depth=16 rgb16.png
convert ga16.pam $keep -define png:color-type=4 -define png:bit-depth=16 ga16.png
convert rgb.pam $keep -interlace PNG -define png:color-type=2 -define png:bit-depth=8 rgb8-interlaced.png
convert rgba.pam $keep -interlace PNG -define png:color-type=6 -define png:bit-depth=8 rgba8-interlaced.png
convert g1.pam $keep -interlace PNG -define png:color-type=0 -define png:bit-depth=1 gray1-interlaced.png

# JPEGs: 64x48, 4:2:0 baseline with 300 dpi JFIF density, progressive,
# grayscale and Adobe CMYK.
convert rgb.pam -strip -filter point -resize 64x48! rgb64.pam
convert rgb64.pam -strip -quality 85 -density 300 -units PixelsPerInch baseline.jpg
convert rgb64.pam -strip -quality 85 -interlace JPEG progressive.jpg
convert rgb64.pam -strip -quality 85 -colorspace Gray gray.jpg
convert rgb64.pam -strip -quality 85 -colorspace CMYK cmyk.jpg

# Check that ImageMagick wrote what the tests expect, then craft the
# damaged files.
python3 - <<'PY'
import struct, zlib

def chunks(d):
    i, out = 8, []
    while i < len(d):
        n, t = struct.unpack('>I4s', d[i:i + 8])
        out.append((t, i, n))
        i += 12 + n
    return out

def ihdr(name):
    d = open(name, 'rb').read()
    return struct.unpack('>IIBBBBB', d[16:29])

want = {
    'rgb8.png': (29, 19, 8, 2, 0), 'rgba8.png': (29, 19, 8, 6, 0),
    'gray8.png': (29, 19, 8, 0, 0), 'ga8.png': (29, 19, 8, 4, 0),
    'gray1.png': (29, 19, 1, 0, 0), 'gray2.png': (29, 19, 2, 0, 0),
    'gray4.png': (29, 19, 4, 0, 0), 'rgb16.png': (29, 19, 16, 2, 0),
    'ga16.png': (29, 19, 16, 4, 0), 'rgb8-interlaced.png': (29, 19, 8, 2, 1),
    'rgba8-interlaced.png': (29, 19, 8, 6, 1), 'gray1-interlaced.png': (29, 19, 1, 0, 1),
    'palette-trns.png': (29, 19, 8, 3, 0), 'palette4.png': (29, 19, 4, 3, 0),
    'gray-trns.png': (29, 19, 8, 0, 0),
}
for name, (w, h, depth, ctype, lace) in want.items():
    got = ihdr(name)
    if (got[0], got[1], got[2], got[3], got[6]) != (w, h, depth, ctype, lace):
        raise SystemExit('%s: ImageMagick wrote IHDR %r' % (name, got))
    if name not in ('palette-trns.png', 'gray-trns.png') and \
            any(t == b'tRNS' for t, _, _ in chunks(open(name, 'rb').read())):
        raise SystemExit('%s: unexpected tRNS' % name)

def patch_ihdr(src, dst, w, h):
    d = bytearray(open(src, 'rb').read())
    d[16:24] = struct.pack('>II', w, h)
    d[29:33] = struct.pack('>I', zlib.crc32(bytes(d[12:29])))
    open(dst, 'wb').write(d)

patch_ihdr('gray8.png', 'huge-100000.png', 100000, 100000)
patch_ihdr('gray8.png', 'wide-40000.png', 40000, 8)
patch_ihdr('gray8.png', 'area-60mp.png', 10000, 6000)

d = open('rgb8.png', 'rb').read()
idat = [c for c in chunks(d) if c[0] == b'IDAT'][0]
_, off, n = idat
# Cut in the middle of the image data.
open('truncated.png', 'wb').write(d[:off + 8 + n // 2])
# Flip one bit of the stored IDAT CRC: the data inflates fine, the CRC fails.
b = bytearray(d); b[off + 8 + n] ^= 0x01
open('bad-crc.png', 'wb').write(b)
# Flip a byte inside the compressed data itself.
b = bytearray(d); b[off + 8 + n // 2] ^= 0xff
open('corrupt-idat.png', 'wb').write(b)

j = open('baseline.jpg', 'rb').read()
open('truncated.jpg', 'wb').write(j[:len(j) * 3 // 5])
# SOF0 stores 16-bit dimensions, so 100000 cannot be expressed: use 60000x50000.
sof = j.find(b'\xff\xc0')
if sof < 0:
    raise SystemExit('baseline.jpg has no SOF0')
b = bytearray(j); b[sof + 5:sof + 9] = struct.pack('>HH', 50000, 60000)
open('huge.jpg', 'wb').write(b)
if j.find(b'\xff\xc2') >= 0 or open('progressive.jpg', 'rb').read().find(b'\xff\xc2') < 0:
    raise SystemExit('progressive.jpg is not progressive')

open('notes.png', 'w').write('These are my notes, not a picture.\nSecond line.\n')
open('drawing.png', 'w').write('<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<rect width="10" height="10" fill="red"/></svg>\n')
open('empty.png', 'w').close()
PY

for f in *.png *.jpg; do
	cp "$f" "$here/$f"
done
ls -l "$here"
