#!/bin/sh
# Papers are loaded, checked and written on several threads.  The result
# must not depend on it: one worker and four give byte-identical
# diagnostics, sites and PDFs, on a generated volume of 40 papers with
# errors planted in some of them (a paper that is not UTF-8, a folder with
# no paper.md); so do bodies prepared while loading and
# bodies parsed again when their pages are written.  Run with a ThreadSanitizer build
# (QUIRE=build-tsan/quire) it also shows the threads share nothing unguarded.
set -u
QUIRE=${QUIRE:-./quire}
cd "$(dirname "$0")/../.."
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}
export QUIRE_TEMPLATES=${QUIRE_TEMPLATES:-$PWD/templates}
fail=0
bad() { echo "parallel: $*"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O1 -o "$tmp/gencorpus" bench/gencorpus.c || { bad "cannot build bench/gencorpus.c"; exit 1; }
"$tmp/gencorpus" "$tmp/vol" 40 600 >/dev/null || { bad "gencorpus failed"; exit 1; }

# A clean volume: the site and the PDFs.
for j in 1 4; do
	QUIRE_JOBS=$j "$QUIRE" build "$tmp/vol" -o "$tmp/out$j" >"$tmp/log$j" 2>&1 ||
		{ bad "build with $j workers failed"; cat "$tmp/log$j"; }
done
diff -r "$tmp/out1" "$tmp/out4" >/dev/null || bad "the build differs between 1 and 4 workers"
# Bodies are made into HTML while the papers load and kept in a temporary
# file; without one, each page parses its body again, to the same result.
QUIRE_JOBS=4 "$QUIRE" build "$tmp/vol" --only html -o "$tmp/prepared" >"$tmp/log-html" 2>&1 ||
	{ bad "--only html failed"; cat "$tmp/log-html"; }
TMPDIR=/nonexistent QUIRE_JOBS=4 "$QUIRE" build "$tmp/vol" --only html -o "$tmp/reparsed" >"$tmp/log-re" 2>&1 ||
	{ bad "build without a temporary folder failed"; cat "$tmp/log-re"; }
diff -r "$tmp/prepared/site" "$tmp/reparsed/site" >/dev/null || bad "bodies parsed again differ from bodies prepared while loading"
[ "$(find "$tmp/out4/site" -name index.html | wc -l)" -gt 40 ] || bad "too few pages written"

# Planted errors: every worker's diagnostics are gathered, in one order.
for p in p00003 p00017 p00029; do
	sed -i 's/^title:.*/title: ""/' "$tmp/vol/papers/$p/paper.md"
	printf '\nSee [@nosuchkey] and ![](missing.png).\n' >>"$tmp/vol/papers/$p/paper.md"
done
printf 'title: "broken \377 bytes"\n' >"$tmp/vol/papers/p00011/paper.md" # not UTF-8
rm "$tmp/vol/papers/p00023/paper.md"                                      # a folder without one
for j in 1 4; do
	QUIRE_JOBS=$j "$QUIRE" check "$tmp/vol" >"$tmp/check$j" 2>&1
	echo "exit $?" >>"$tmp/check$j"
done
cmp -s "$tmp/check1" "$tmp/check4" || { bad "check output differs between 1 and 4 workers"; diff "$tmp/check1" "$tmp/check4" | head; }
for p in p00003 p00017 p00029; do
	grep -q "papers/$p/paper.md:.*nosuchkey" "$tmp/check4" || bad "no diagnostic for $p's unknown citation"
done
grep -q "papers/p00011/paper.md:1:16: error: invalid UTF-8" "$tmp/check4" || bad "no diagnostic for the paper that is not UTF-8"
grep -q "papers/p00023: .*no paper.md" "$tmp/check4" || bad "no diagnostic for the folder without paper.md"
grep -q "^exit 1$" "$tmp/check4" || bad "check should fail on the planted errors"
if grep -q "ThreadSanitizer" "$tmp"/log* "$tmp"/check*; then
	bad "ThreadSanitizer reports"
	grep -h -A12 "WARNING: ThreadSanitizer" "$tmp"/log* "$tmp"/check* | head -40
fi
exit $fail
