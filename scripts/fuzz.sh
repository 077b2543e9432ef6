#!/bin/sh
# Run every libFuzzer target in build-fuzz/ for SECONDS each, seeded from the
# sample volume, the regression cases and the JOSS corpus.  Prints one line
# per target with its executions; crashes land in build-fuzz/crashes/TARGET/
# and make the script fail.
set -u
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
CORPUS=${QUIRE_CORPUS:-../shared/corpus/joss}
status=0
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp:${LSAN_OPTIONS:-}"

seed() { # seed TARGET FILES...
	dir=build-fuzz/seeds/$1
	shift
	mkdir -p "$dir"
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
	done
}

seed fuzz_paper examples/volume/papers/*/paper.md tests/regress/*/input/paper.md \
	tests/regress/*/input/papers/*/paper.md "$CORPUS"/*/paper.md
seed fuzz_volume examples/volume/volume.yaml tests/regress/*/input/volume.yaml
seed fuzz_bibtex examples/volume/papers/*/paper.bib "$CORPUS"/*/paper.bib
seed fuzz_markdown examples/volume/papers/*/paper.md "$CORPUS"/*/paper.md
seed fuzz_math tests/fuzz/seeds/math/*
seed fuzz_people tests/fuzz/seeds/people/*
seed fuzz_template templates/*.html
seed fuzz_layout examples/volume/papers/*/paper.md

printf '%-16s %12s %8s %s\n' target executions seconds result
for bin in build-fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	mkdir -p "build-fuzz/corpus/$name" "build-fuzz/crashes/$name" "build-fuzz/seeds/$name"
	log=build-fuzz/$name.log
	"$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
		-print_final_stats=1 -artifact_prefix="build-fuzz/crashes/$name/" \
		"build-fuzz/corpus/$name" "build-fuzz/seeds/$name" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ $rc -eq 0 ]; then result=ok; else result="FAILED (see $log)"; status=1; fi
	printf '%-16s %12s %8s %s\n' "$name" "${execs:-?}" "$SECONDS_EACH" "$result"
done
exit $status
