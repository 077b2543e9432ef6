#!/bin/sh
# Run every test against one build tree (build or build-san):
#   unit tests (cmocka), regression cases (tests/regress/*/), the JOSS corpus
#   (tests/corpus/*.expected) and end-to-end checks of the sample volume.
# Ends with one line "N passed, N failed".  UPDATE=1 rewrites expected files.
set -u
cd "$(dirname "$0")/.."
BUILD=${1:-build}
QUIRE="$PWD/$BUILD/quire"
CORPUS=${QUIRE_CORPUS:-../shared/corpus/joss}
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Sanitizer builds must stop at the first report, and leaks count.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}

echo "== unit tests ($BUILD)"
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	if "$t" >"$BUILD/$(basename "$t").log" 2>&1; then
		ok
	else
		bad "unit $(basename "$t") (see $BUILD/$(basename "$t").log)"
		tail -20 "$BUILD/$(basename "$t").log"
	fi
done

echo "== fuzz inputs that once failed"
for r in "$BUILD"/replay/fuzz_*; do
	[ -x "$r" ] || continue
	name=$(basename "$r")
	set -- tests/fuzz/crashes/"$name"/*
	[ -e "$1" ] || continue
	if "$r" "$@" >"$BUILD/$name.replay.log" 2>&1; then ok; else bad "replay $name (see $BUILD/$name.replay.log)"; fi
done

# One regression case: run quire with the case's args inside its folder and
# compare standard output + standard error and the exit status.
run_case() {
	dir=$1 name=$2 args=$3
	out=$(cd "$dir" && eval "\"$QUIRE\" $args" 2>&1)
	status=$?
	if [ "${UPDATE:-0}" = 1 ]; then
		printf '%s\n' "$out" | sed -e '$ { /^$/ d }' >"$dir/expected"
		echo "$status" >"$dir/status"
	fi
	want=$(cat "$dir/expected" 2>/dev/null)
	want_status=$(cat "$dir/status" 2>/dev/null || echo 0)
	if [ "$out" = "$want" ] && [ "$status" = "$want_status" ]; then
		ok
	else
		bad "regress $name (exit $status, expected $want_status)"
		printf '%s\n' "$out" >"$dir/.actual"
		diff -u "$dir/expected" "$dir/.actual" | head -20
		rm -f "$dir/.actual"
	fi
}

echo "== regression cases"
for dir in tests/regress/*/; do
	dir=${dir%/}
	[ -f "$dir/args" ] || continue
	run_case "$dir" "$(basename "$dir")" "$(cat "$dir/args")"
done

echo "== JOSS corpus"
if [ -d "$CORPUS" ]; then
	for paper in "$CORPUS"/*/; do
		name=$(basename "$paper")
		exp=tests/corpus/$name.expected
		out=$("$QUIRE" check "$CORPUS/$name" 2>&1)
		status=$?
		if [ "${UPDATE:-0}" = 1 ]; then
			printf '%s\n' "$out" | sed -e '$ { /^$/ d }' | sed "s|$CORPUS/|CORPUS/|g" >"$exp"
		fi
		want=$(sed "s|CORPUS/|$CORPUS/|g" "$exp" 2>/dev/null)
		# A crash or sanitizer report would show as an exit status over 1.
		if [ "$out" = "$want" ] && [ "$status" -le 1 ]; then
			ok
		else
			bad "corpus $name (exit $status)"
			printf '%s\n' "$out" | diff -u "$exp" - | head -10
		fi
	done
else
	echo "(no corpus at $CORPUS)"
fi

echo "== sample volume and scaffolding"
out=$("$QUIRE" check examples/volume 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then ok; else bad "quire check examples/volume: $out"; fi
tmp=$(mktemp -d)
if "$QUIRE" init "$tmp/vol" >/dev/null && out=$("$QUIRE" check "$tmp/vol" 2>&1) && [ -z "$out" ]; then
	ok
else
	bad "quire init output does not check clean: $out"
fi
rm -rf "$tmp"
for cmd in check init rules; do
	if "$QUIRE" "$cmd" --help | grep -q "usage: quire $cmd"; then ok; else bad "quire $cmd --help"; fi
done
if "$QUIRE" --version | grep -q '^quire [0-9]'; then ok; else bad "quire --version"; fi
"$QUIRE" frobnicate >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else bad "unknown command must exit 2"; fi
"$QUIRE" check /nonexistent/path >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else bad "missing path must exit 2"; fi

for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	if QUIRE="$QUIRE" BUILD="$BUILD" sh "$t"; then ok; else bad "e2e $(basename "$t")"; fi
done

echo "$BUILD: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
