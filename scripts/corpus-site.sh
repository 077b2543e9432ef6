#!/bin/sh
# Build the JOSS corpus papers that check without errors into one volume,
# PDF and HTML site: scripts/corpus-site.sh QUIRE WORKDIR  ->  WORKDIR/out/
# (joss.pdf, site/)
# Real papers carry the formulas, tables, code and figures that hand-written
# samples miss; the e2e and browser tests hold this site to the same checks
# as the sample archive.  Exits 2 when there is no corpus (QUIRE_CORPUS).
set -eu
QUIRE=$1
work=$2
CORPUS=${QUIRE_CORPUS:-../shared/corpus/joss}
rm -rf "$work/vol" "$work/out"
[ -d "$CORPUS" ] || exit 2
mkdir -p "$work/vol/papers"
printf 'id: joss\ntitle: JOSS papers\ndate: 2026-01-01\nurl: https://example.org/\neditors:\n  - name: A B\n' \
	>"$work/vol/volume.yaml"
n=0
for d in "$CORPUS"/*/; do
	"$QUIRE" check "$d" >/dev/null 2>&1 || continue
	cp -r "$d" "$work/vol/papers/$(basename "$d" | tr 'A-Z_.' 'a-z--')"
	n=$((n + 1))
done
if [ "$n" -lt 10 ]; then
	echo "corpus-site: only $n corpus papers check clean" >&2
	exit 1
fi
"$QUIRE" build "$work/vol" -o "$work/out" >"$work/build.log" 2>&1 || {
	echo "corpus-site: the corpus volume did not build" >&2
	tail -5 "$work/build.log" >&2
	exit 1
}
