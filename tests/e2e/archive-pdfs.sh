#!/bin/sh
# The archive publishes the PDFs `quire build` wrote: a volume listed as
# {volume: FOLDER, build: OUT} gets its volume PDF, offprints, page numbers
# and citation_pdf_url in the archive; the site passes the same page check
# as the sample archive; a paper changed after the build loses its PDF with
# a build-stale warning; a build of another volume, a build.json that names
# a file outside its folder, and a folder with no build.json are errors.
# Run by scripts/run-tests.sh with QUIRE (the binary) and BUILD (its tree).
set -u
QUIRE=${QUIRE:?QUIRE must name the quire binary}
BUILD=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "archive-pdfs: $*" >&2; fail=1; }

cp -r examples/volume examples/volume-2025-spring "$tmp/"
"$QUIRE" build "$tmp/volume" -o "$tmp/out-fall" >"$tmp/build.log" 2>&1 || { no "quire build failed"; exit 1; }
cat >"$tmp/archive.yaml" <<'EOF'
title: {en: Archive with PDFs}
url: https://proceedings.example.org/
volumes:
  - volume: volume
    build: out-fall
  - volume-2025-spring
EOF
out=$("$QUIRE" archive "$tmp/archive.yaml" -o "$tmp/site" 2>&1) || no "quire archive failed: $out"
[ -z "$out" ] || no "quire archive printed: $out"
vol=$tmp/site/hcds-2026-fall
cmp -s "$vol/hcds-2026-fall.pdf" "$tmp/out-fall/hcds-2026-fall.pdf" || no "the volume PDF is not the one built"
cmp -s "$vol/sepsis-early-warning/sepsis-early-warning.pdf" "$tmp/out-fall/papers/sepsis-early-warning.pdf" ||
	no "an offprint is not the one built"
grep -q 'href="hcds-2026-fall.pdf"' "$vol/index.html" || no "the volume page does not link its PDF"
grep -q 'class="q-pages">pp. 1–5<' "$vol/index.html" || no "the contents have no page numbers"
grep -q 'name="citation_pdf_url" content="https://proceedings.example.org/hcds-2026-fall/sepsis-early-warning/sepsis-early-warning.pdf"' \
	"$vol/sepsis-early-warning/index.html" || no "no citation_pdf_url on a paper page"
grep -q 'name="citation_firstpage" content="1"' "$vol/sepsis-early-warning/index.html" ||
	no "no citation_firstpage on a paper page"
# The volume without a build has neither.
find "$tmp/site/hcds-2025-spring" -name '*.pdf' | grep -q . && no "a volume without a build got PDFs"
if [ -x "$BUILD/tests/test_html" ]; then
	QUIRE_SITE="$tmp/site" "$BUILD/tests/test_html" >"$tmp/check.log" 2>&1 ||
		{ no "site check failed"; grep -av "^\[" "$tmp/check.log" | head -10 >&2; }
fi

# A paper changed after the build: a warning, and its stale PDF left out.
touch -d '+1 minute' "$tmp/volume/papers/jangdan-rhythm/paper.md"
out=$("$QUIRE" archive "$tmp/archive.yaml" -o "$tmp/site" 2>&1) || no "a stale build must not stop the archive: $out"
printf '%s\n' "$out" | grep -q "paper 'jangdan-rhythm' changed after the build.*\[build-stale\]" ||
	no "no build-stale warning: $out"
[ -f "$vol/jangdan-rhythm/jangdan-rhythm.pdf" ] && no "a stale offprint was published"
[ -f "$vol/sepsis-early-warning/sepsis-early-warning.pdf" ] || no "an up-to-date offprint was dropped"

# Errors: nothing is written.
expect_error() { # name, yaml, message
	printf '%s\n' "$2" >"$tmp/bad.yaml"
	out=$("$QUIRE" archive "$tmp/bad.yaml" -o "$tmp/bad-site" 2>&1)
	[ $? -eq 1 ] || no "$1: exit status is not 1"
	printf '%s\n' "$out" | grep -q "$3" || no "$1: expected '$3', got: $out"
	[ -e "$tmp/bad-site" ] && no "$1: a site was written"
}
expect_error "another volume's build" "$(printf 'title: T\nvolumes:\n  - {volume: volume-2025-spring, build: out-fall}')" \
	"is of volume 'hcds-2026-fall', not 'hcds-2025-spring' \[build-mismatch\]"
expect_error "no build.json" "$(printf 'title: T\nvolumes:\n  - {volume: volume, build: volume}')" \
	"has no build.json.*\[build-mismatch\]"
cp -r "$tmp/out-fall" "$tmp/out-evil"
sed -i 's|"papers/consent-dashboard.pdf"|"../../archive.yaml"|' "$tmp/out-evil/build.json"
expect_error "a path out of the build" "$(printf 'title: T\nvolumes:\n  - {volume: volume, build: out-evil}')" \
	"'../../archive.yaml' is outside its folder \[file-outside\]"
exit $fail
