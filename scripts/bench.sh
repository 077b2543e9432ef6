#!/bin/bash
# The benchmark behind `make bench`.  It only reports; nothing here fails on
# a slow result.
#
#   scripts/bench.sh [N_PAPERS]        # N_PAPERS: size of the HTML archive (default 10000)
#   BENCH_QUICK=1 scripts/bench.sh     # a quick pass: 300-paper archive, smaller samples
#
# Absolute times drift 15-30% on shared 2-core machines, so quire is reported
# as ratios against peers (hugo, pandoc, pandoc+pdflatex) measured in the same
# run, plus peak RSS from /usr/bin/time.  Corpora come from bench/gencorpus.c
# and live under build/bench/; the table is printed and written to
# build/bench/results.md.  quire commands that do not exist yet (`quire build`,
# `quire archive`, `quire paper`) are detected at run time and skipped.
#
# Environment (defaults in brackets; BENCH_QUICK=1 values after the slash):
#   BENCH_N           papers in the HTML archive              [10000 / 300]
#   BENCH_SMALL_N     smaller archive, to show RSS stays flat  [1000 / 100]
#   BENCH_CHECK_N     papers in the `quire check` volume       [1000 / 300]
#   BENCH_WORDS       words per paper                          [4000]
#   BENCH_SAMPLE      papers for the per-paper comparisons     [20 / 5]
#   BENCH_PDF_N       papers in the PDF volume                 [50 / 10]
#   BENCH_PDF_WORDS   words per paper in the PDF volume        [3000]
#   BENCH_BIG_WORDS   words in the single long document        [400000 / 40000]
#   BENCH_REPEAT      runs of each short quire command; the median is kept [3 / 1]
#   BENCH_BIG_REPEAT  runs of the big archive, quire and hugo taking turns;
#                     each keeps its median                     [3 / 1]
#   BENCH_QUIRE       the quire binary to measure               [./quire]
set -u -o pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	d_n=300 d_small=100 d_check=300 d_sample=5 d_pdf=10 d_big=40000 d_rep=1 d_bigrep=1
else
	d_n=10000 d_small=1000 d_check=1000 d_sample=20 d_pdf=50 d_big=400000 d_rep=3 d_bigrep=3
fi
N=${1:-${BENCH_N:-$d_n}}
SMALL_N=${BENCH_SMALL_N:-$d_small}
CHECK_N=${BENCH_CHECK_N:-$d_check}
WORDS=${BENCH_WORDS:-4000}
SAMPLE=${BENCH_SAMPLE:-$d_sample}
PDF_N=${BENCH_PDF_N:-$d_pdf}
PDF_WORDS=${BENCH_PDF_WORDS:-3000}
BIG_WORDS=${BENCH_BIG_WORDS:-$d_big}
REPEAT=${BENCH_REPEAT:-$d_rep}
BIG_REPEAT=${BENCH_BIG_REPEAT:-$d_bigrep}
[ "$SMALL_N" -ge "$N" ] && SMALL_N=$(( N / 10 > 0 ? N / 10 : 1 ))
[ "$SAMPLE" -gt "$N" ] && SAMPLE=$N

OUT=$ROOT/build/bench
LOGS=$OUT/logs
QUIRE=${BENCH_QUIRE:-$ROOT/quire}   # BENCH_QUIRE: another binary, e.g. for testing this script
SDE=1767225600
T_START=$(date +%s)

say() { printf 'bench: %s\n' "$*" >&2; }

# ---------------------------------------------------------------- peers
# Debian packages per peer; installed when root, else the apt-get line is
# printed and the peer skipped.
PEER_PKGS="pandoc hugo texlive-latex-base texlive-latex-recommended texlive-fonts-recommended lmodern time"
missing=""
for p in $PEER_PKGS; do
	case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		say "installing peers:$missing"
		export DEBIAN_FRONTEND=noninteractive
		# shellcheck disable=SC2086
		apt-get install -y -qq $missing >/dev/null 2>&1 ||
			{ apt-get update -qq && apt-get install -y -qq $missing >/dev/null; } ||
			say "apt-get install failed; the missing peers are skipped"
	else
		say "missing peers; install them with:"
		say "  sudo apt-get install$missing"
	fi
fi
have() { command -v "$1" >/dev/null 2>&1; }
HAVE_TIME=0; [ -x /usr/bin/time ] && HAVE_TIME=1
HAVE_PANDOC=0; have pandoc && HAVE_PANDOC=1
HAVE_HUGO=0; have hugo && HAVE_HUGO=1
HAVE_PDFLATEX=0; have pdflatex && HAVE_PDFLATEX=1
HAVE_PDFINFO=0; have pdfinfo && HAVE_PDFINFO=1

# ---------------------------------------------------------------- build
rm -rf "$OUT"   # corpora and outputs of earlier runs, possibly of other sizes
mkdir -p "$OUT" "$LOGS"

# The sites (quire's and hugo's) and the PDF volume are written to tmpfs
# when there is room: on ext4 without a journal, as on the machines here,
# creating files within minutes of deleting many (a previous run's output)
# makes the kernel's inode allocator scan past every recently deleted inode,
# which once multiplied the system time of whichever tool ran next.  Both
# tools write to the same place.  BENCH_SINK chooses another folder.
SINK=${BENCH_SINK:-}
if [ -z "$SINK" ]; then
	if [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt 6000000 ]; then
		SINK=/dev/shm/quire-bench-$$
	else
		SINK=$OUT/sink
	fi
fi
mkdir -p "$SINK"
trap 'rm -rf "$SINK"' EXIT
NOTES=()
note() { NOTES+=("$*"); say "note: $*"; }

say "building quire (make)"
if ! make >"$LOGS/make.log" 2>&1; then
	if [ -x "$QUIRE" ]; then
		note "\`make\` failed (see build/bench/logs/make.log); measured the existing ./quire."
	else
		tail -20 "$LOGS/make.log" >&2
		say "make failed and there is no ./quire"
		exit 1
	fi
fi
mkdir -p build
cc -O2 -o build/gencorpus bench/gencorpus.c || { say "cannot build bench/gencorpus.c"; exit 1; }
# mdfloor: cmark-gfm parsing the archive's papers and nothing else (a floor).
HAVE_FLOOR=0
cc -O2 -std=c17 -o build/mdfloor bench/mdfloor.c $(pkg-config --cflags --libs libcmark-gfm) \
	-lcmark-gfm-extensions 2>"$LOGS/mdfloor-cc.log" && HAVE_FLOOR=1
# writefloor: writing a built site's files from memory and nothing else.
HAVE_WFLOOR=0
cc -O2 -std=c17 -pthread -o build/writefloor bench/writefloor.c 2>"$LOGS/writefloor-cc.log" && HAVE_WFLOOR=1

# ---------------------------------------------------------------- helpers
# measure NAME CMD...: run once; sets T (wall seconds), M (peak RSS, KB),
# C (user+sys CPU seconds), RC.  Output goes to logs/NAME.{out,err}.
measure() {
	local name=$1; shift
	local tf="$LOGS/$name.time" t0 t1
	t0=$(date +%s%N)
	if [ "$HAVE_TIME" = 1 ]; then
		/usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err"
		RC=$?
	else
		"$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err"
		RC=$?
		echo "0 0 0 0" >"$tf"
	fi
	t1=$(date +%s%N)
	T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	M=$(awk 'END { print $2 + 0 }' "$tf")
	C=$(awk 'END { printf "%.2f", $3 + $4 }' "$tf")
	[ "$HAVE_TIME" = 1 ] || M=0
}

# median_of ROWS: the middle line of "T M C" rows, by wall time T.
median_of() { printf '%s' "$1" | sort -n | awk '{ r[NR] = $0 } END { print r[int((NR + 1) / 2)] }'; }

# measure_median REPEAT NAME CMD...: the median wall time of REPEAT runs, with
# the RSS and CPU of that run; RC is the worst exit status.
measure_median() {
	local rep=$1 name=$2; shift 2
	local i worst=0 rows=""
	for ((i = 1; i <= rep; i++)); do
		measure "$name" "$@"
		[ "$RC" -ne 0 ] && worst=$RC
		rows+="$T $M $C"$'\n'
	done
	read -r T M C < <(median_of "$rows")
	RC=$worst
}

# sum_runs NAME: per-item timings accumulated by add_run
RUN_T=0 RUN_M=0 RUN_C=0 RUN_FAIL=0 RUN_N=0
reset_runs() { RUN_T=0 RUN_M=0 RUN_C=0 RUN_FAIL=0 RUN_N=0; }
add_run() {
	RUN_T=$(awk -v a="$RUN_T" -v b="$T" 'BEGIN { printf "%.3f", a + b }')
	RUN_C=$(awk -v a="$RUN_C" -v b="$C" 'BEGIN { printf "%.2f", a + b }')
	[ "$M" -gt "$RUN_M" ] && RUN_M=$M
	[ "$RC" -ne 0 ] && RUN_FAIL=$((RUN_FAIL + 1))
	RUN_N=$((RUN_N + 1))
}

calc() { awk "BEGIN { $1 }"; }
mb() { calc "printf \"%.0f MB\", $1 / 1024"; }            # KB -> "12 MB"
mbytes() { calc "printf \"%.1f\", $1 / 1048576"; }        # bytes -> MB
secs() { calc "printf \"%.2f s\", $1"; }
ratio() { calc "if ($2 > 0) printf \"%.2f×\", $1 / $2; else printf \"n/a\""; }
# Two significant digits, for ratios far below 1 (0.0044×, not 0.00×).
small_ratio() { calc "if ($2 > 0) printf \"%.2g×\", $1 / $2; else printf \"n/a\""; }

# corpus DIR N WORDS [gencorpus flags]: a fresh volume; sets MD_BYTES.
# A corpus already written in this run with the same arguments is reused.
declare -A CORPUS_DONE
corpus() {
	local dir=$1 n=$2 w=$3; shift 3
	local key="$n $w $*" line
	if [ "${CORPUS_DONE[$dir]:-}" = "$key" ]; then
		line=$(cat "$dir.summary")
	else
		rm -rf "$dir"
		line=$(build/gencorpus "$@" "$dir" "$n" "$w") || { say "gencorpus failed for $dir"; exit 1; }
		echo "$line" >"$dir.summary"
		CORPUS_DONE[$dir]=$key
		say "corpus $(basename "$dir"): $line"
	fi
	MD_BYTES=$(sed -n 's/.*md_bytes=\([0-9]*\).*/\1/p' <<<"$line")
}

pdf_pages() { # FILE... -> total pages
	local total=0 f p
	for f in "$@"; do
		p=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')
		total=$((total + ${p:-0}))
	done
	echo "$total"
}

# quire subcommand detection: `quire CMD --help` exits 0 once CMD exists.
qhelp() { "$QUIRE" "$1" --help 2>/dev/null; }
has_cmd() { "$QUIRE" "$1" --help >/dev/null 2>&1; }
outflag() { # HELP-TEXT -> the output option it documents
	if grep -qE '(^|[[:space:],])-o([[:space:],=]|$)' <<<"$1"; then echo "-o"
	elif grep -q -- '--output' <<<"$1"; then echo "--output"
	else echo "-o"; fi
}
HAS_BUILD=0; has_cmd build && HAS_BUILD=1
HAS_ARCHIVE=0; has_cmd archive && HAS_ARCHIVE=1
HAS_PAPER=0; has_cmd paper && HAS_PAPER=1

# quire_html VOLUME OUTDIR -> the command line, in the array HTML_CMD
HTML_CMD=()
if [ "$HAS_BUILD" = 1 ]; then
	h=$(qhelp build); of=$(outflag "$h")
	if grep -q -- '--only' <<<"$h"; then
		HTML_MODE="quire build --only html"
	else
		HTML_MODE="quire build"
		note "\`quire build --help\` mentions no --only; the HTML timing is a full build."
	fi
elif [ "$HAS_ARCHIVE" = 1 ]; then
	h=$(qhelp archive); of=$(outflag "$h")
	HTML_MODE="quire archive"
fi
quire_html() {
	local vol=$1 dst=$2
	rm -rf "$dst"
	case "$HTML_MODE" in
	"quire build --only html") HTML_CMD=(env SOURCE_DATE_EPOCH=$SDE "$QUIRE" build "$vol" --only html "$of" "$dst") ;;
	"quire build") HTML_CMD=(env SOURCE_DATE_EPOCH=$SDE "$QUIRE" build "$vol" "$of" "$dst") ;;
	"quire archive") HTML_CMD=(env SOURCE_DATE_EPOCH=$SDE "$QUIRE" archive "$vol" "$of" "$dst") ;;
	esac
}
# html_median NAME VOL DST: the site of VOL built REPEAT times into a fresh
# DST each time; T, M and C are the medians.
html_median() {
	local name=$1 vol=$2 dst=$3 i worst=0 rows=""
	for ((i = 1; i <= REPEAT; i++)); do
		quire_html "$vol" "$dst"
		measure "$name" "${HTML_CMD[@]}"
		[ "$RC" -ne 0 ] && worst=$RC
		rows+="$T $M $C"$'\n'
	done
	rm -rf "$dst"
	read -r T M C < <(median_of "$rows")
	RC=$worst
}
PDF_VOL_CMD_OK=0
if [ "$HAS_BUILD" = 1 ] && grep -q -- '--only' <<<"$(qhelp build)"; then PDF_VOL_CMD_OK=1; fi
if [ "$HAS_PAPER" = 1 ]; then POF=$(outflag "$(qhelp paper)"); fi

# ---------------------------------------------------------------- results
ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }
RATIOS=()
rrow() { RATIOS+=("| $1 | $2 | $3 |"); }
fail_note() { echo "failed (exit $1), see build/bench/logs/$2.err"; }

# ================================================================ 1. check
say "1. quire check on $CHECK_N papers"
VCHECK=$OUT/vol-$CHECK_N
corpus "$VCHECK" "$CHECK_N" "$WORDS"
CHECK_MD=$MD_BYTES
measure_median "$REPEAT" check env SOURCE_DATE_EPOCH=$SDE "$QUIRE" check "$VCHECK"
if [ "$RC" -eq 0 ] && [ ! -s "$LOGS/check.out" ]; then
	row "\`quire check\`, $CHECK_N-paper volume" "$(mbytes "$CHECK_MD") MB md" "$(secs "$T")" \
		"$(calc "printf \"%.0f papers/s, %.1f MB/s\", $CHECK_N / $T, $CHECK_MD / 1048576 / $T")" \
		"$(mb "$M")" "median of $REPEAT; clean, no diagnostics"
else
	ndiag=$(wc -l <"$LOGS/check.out")
	row "\`quire check\`, $CHECK_N-paper volume" "$(mbytes "$CHECK_MD") MB md" "$(secs "$T")" \
		"$(calc "printf \"%.0f papers/s, %.1f MB/s\", $CHECK_N / $T, $CHECK_MD / 1048576 / $T")" \
		"$(mb "$M")" "exit $RC, $ndiag diagnostics (see logs/check.out)"
	note "\`quire check\` on the generated volume was not clean: exit $RC, $ndiag diagnostic lines."
fi

# ================================================================ 2. HTML archive vs hugo
VBIG=$OUT/vol-$N
say "2. HTML archive: corpus of $N papers"
corpus "$VBIG" "$N" "$WORDS"
BIG_MD=$MD_BYTES
if [ "$N" -gt "$CHECK_N" ]; then
	# not asked for, but it shows how `quire check` scales with the volume
	say "   quire check, $N papers"
	CHK_M=$M
	measure check-big env SOURCE_DATE_EPOCH=$SDE "$QUIRE" check "$VBIG"
	row "\`quire check\`, $N-paper volume" "$(mbytes "$BIG_MD") MB md" "$(secs "$T")" \
		"$(calc "printf \"%.0f papers/s, %.1f MB/s\", $N / $T, $BIG_MD / 1048576 / $T")" \
		"$(mb "$M")" "one run; exit $RC, $(wc -l <"$LOGS/check-big.out") diagnostics"
	rrow "\`quire check\` peak RSS, $N vs $CHECK_N papers" "$(ratio "$M" "$CHK_M")" "$(mb "$M") vs $(mb "$CHK_M"); 1.00× = flat"
fi
Q_HTML_T="" Q_HTML_M="" Q_HTML_C=""
if [ -n "${HTML_MODE:-}" ]; then
	VSMALL=$OUT/vol-$SMALL_N
	corpus "$VSMALL" "$SMALL_N" "$WORDS"
	SMALL_MD=$MD_BYTES
	say "   $HTML_MODE, $SMALL_N papers"
	html_median html-small "$VSMALL" "$SINK/html-$SMALL_N"
	if [ "$RC" -eq 0 ]; then
		S_T=$T S_M=$M
		row "\`$HTML_MODE\`, $SMALL_N papers" "$(mbytes "$SMALL_MD") MB md" "$(secs "$T")" \
			"$(calc "printf \"%.0f papers/s, %.1f MB/s\", $SMALL_N / $T, $SMALL_MD / 1048576 / $T")" \
			"$(mb "$M")" "median of $REPEAT; CPU $C s"
	else
		S_T="" S_M=""
		row "\`$HTML_MODE\`, $SMALL_N papers" "$(mbytes "$SMALL_MD") MB md" "—" "—" "—" "$(fail_note "$RC" html-small)"
		note "\`${HTML_CMD[*]}\` failed with exit $RC."
	fi
	say "   $HTML_MODE and hugo, $N papers, $BIG_REPEAT turns each"
	# hugo's site: the same paper.md files, YAML front matter and all.  hugo
	# reads `title` as a string, so a bilingual {ko:, en:} title is split
	# into title and title_ko; nothing else is touched.
	if [ "$HAVE_HUGO" = 1 ]; then
		SITE=$OUT/hugo-site
		rm -rf "$SITE" "$SINK/hugo-out" "$SINK/hugo-cache"
		mkdir -p "$SITE/content/papers"
		cp -R bench/hugo/. "$SITE/"
		find "$VBIG/papers" -name paper.md | perl -e '
			my $dst = shift;
			while (my $src = <STDIN>) {
				chomp $src;
				my ($id) = $src =~ m{/([^/]+)/paper\.md$} or next;
				open my $in, "<:raw", $src or die "$src: $!";
				local $/; my $t = <$in>; close $in;
				$t =~ s/^title: \{ko: ("[^"]*"), en: ("[^"]*")\}$/title: $2\ntitle_ko: $1/m;
				open my $o, ">:raw", "$dst/$id.md" or die "$dst/$id.md: $!";
				print $o $t; close $o;
			}' "$SITE/content/papers"
	fi
	# quire and hugo take turns, so a machine that speeds up or slows down
	# during the run weighs on both; each keeps the median of its runs.
	q_rows="" h_rows="" q_rc=0 H_RC=0
	for ((turn = 1; turn <= BIG_REPEAT; turn++)); do
		quire_html "$VBIG" "$SINK/html-$N"
		measure html-big "${HTML_CMD[@]}"
		[ "$RC" -ne 0 ] && q_rc=$RC
		q_rows+="$T $M $C"$'\n'
		nfiles=$(find "$SINK/html-$N" -type f | wc -l)
		# The last site stays for the write floor below.
		rm -rf "$SINK/site-$N"
		if [ "$turn" -eq "$BIG_REPEAT" ] && [ -d "$SINK/html-$N/site" ]; then
			mv "$SINK/html-$N/site" "$SINK/site-$N"
		fi
		rm -rf "$SINK/html-$N"
		if [ "$HAVE_HUGO" = 1 ]; then
			rm -rf "$SINK/hugo-out" "$SINK/hugo-cache"
			measure hugo hugo --source "$SITE" --destination "$SINK/hugo-out" --cacheDir "$SINK/hugo-cache" --quiet
			[ "$RC" -ne 0 ] && H_RC=$RC
			h_rows+="$T $M $C"$'\n'
			rm -rf "$SINK/hugo-out" "$SINK/hugo-cache"
		fi
	done
	read -r T M C < <(median_of "$q_rows")
	RC=$q_rc
	if [ "$RC" -eq 0 ]; then
		Q_HTML_T=$T Q_HTML_M=$M Q_HTML_C=$C
		row "\`$HTML_MODE\`, $N papers" "$(mbytes "$BIG_MD") MB md" "$(secs "$T")" \
			"$(calc "printf \"%.0f papers/s, %.1f MB/s\", $N / $T, $BIG_MD / 1048576 / $T")" \
			"$(mb "$M")" "median of $BIG_REPEAT; CPU $C s; $nfiles files written"
		if [ -n "$S_M" ]; then
			rrow "quire HTML peak RSS, $N vs $SMALL_N papers" "$(ratio "$Q_HTML_M" "$S_M")" \
				"$(mb "$Q_HTML_M") vs $(mb "$S_M"); 1.00× = flat"
			rrow "quire HTML peak RSS per 1,000 papers more" \
				"$(calc "printf \"%.2f MB\", ($Q_HTML_M - $S_M) / 1024 / ($N - $SMALL_N) * 1000")" \
				"the slope between $SMALL_N and $N papers; 0 = flat"
			# A third size between them, for the shape of the curve.
			MID_N=$(( (SMALL_N + N) / 2 ))
			VMID=$OUT/vol-$MID_N
			corpus "$VMID" "$MID_N" "$WORDS"
			say "   $HTML_MODE, $MID_N papers (memory)"
			html_median html-mid "$VMID" "$SINK/html-$MID_N"
			rm -rf "$VMID" "$VMID.summary"
			[ "$RC" -eq 0 ] && rrow "quire HTML peak RSS at $SMALL_N, $MID_N and $N papers" \
				"$(calc "printf \"%.1f / %.1f / %.1f MB\", $S_M / 1024, $M / 1024, $Q_HTML_M / 1024")" \
				"medians; equal = flat"
		fi
	else
		row "\`$HTML_MODE\`, $N papers" "$(mbytes "$BIG_MD") MB md" "—" "—" "—" "$(fail_note "$RC" html-big)"
		note "\`$HTML_MODE\` on $N papers failed with exit $RC."
	fi
else
	row "quire HTML archive" "—" "—" "—" "—" "skipped: neither \`quire build --help\` nor \`quire archive --help\` works yet"
	note "\`quire build\` and \`quire archive\` do not exist yet; the HTML archive and PDF volume rows are skipped."
fi

if [ "$HAVE_HUGO" = 1 ] && [ -n "${h_rows:-}" ]; then
	read -r T M C < <(median_of "$h_rows")
	RC=$H_RC
	if [ "$RC" -eq 0 ]; then
		H_T=$T H_M=$M
		row "hugo $(hugo version | sed -n 's/^hugo v\([0-9.]*\).*/\1/p'), same $N pages" "$(mbytes "$BIG_MD") MB md" "$(secs "$T")" \
			"$(calc "printf \"%.0f pages/s, %.1f MB/s\", $N / $T, $BIG_MD / 1048576 / $T")" \
			"$(mb "$M")" "median of $BIG_REPEAT; CPU $C s (hugo uses both cores)"
		if [ -n "$Q_HTML_T" ]; then
			rrow "HTML archive throughput, quire / hugo ($N papers)" "$(ratio "$H_T" "$Q_HTML_T")" ">1 = quire faster"
			rrow "HTML archive peak RSS, quire / hugo" "$(small_ratio "$Q_HTML_M" "$H_M")" "<1 = quire smaller"
		fi
	else
		row "hugo, $N pages" "—" "—" "—" "—" "$(fail_note "$RC" hugo)"
		note "hugo failed with exit $RC."
	fi
elif [ "$HAVE_HUGO" != 1 ]; then
	row "hugo" "—" "—" "—" "—" "skipped: hugo not installed"
fi
# The floor: cmark-gfm alone parsing the same papers on every core.  Any
# archive made from its trees takes at least this long here, so it shows
# how much of quire's time is its own work, and how much of a 5x-hugo
# budget parsing alone uses up.
if [ "$HAVE_FLOOR" = 1 ]; then
	measure_median "$REPEAT" mdfloor build/mdfloor "$VBIG"
	if [ "$RC" -eq 0 ]; then
		row "floor: cmark-gfm alone parses the $N papers" "$(mbytes "$BIG_MD") MB md" "$(secs "$T")" \
			"$(calc "printf \"%.0f papers/s\", $N / $T")" "$(mb "$M")" \
			"bench/mdfloor.c, one process per core; median of $REPEAT; writes nothing"
		[ -n "$Q_HTML_T" ] && rrow "quire HTML time / parse floor ($N papers)" "$(ratio "$Q_HTML_T" "$T")" \
			"1.00× = quire costs no more than cmark-gfm's parse"
		[ -n "${H_T:-}" ] && rrow "share of a 5×-hugo time budget that the parse floor uses" \
			"$(calc "printf \"%.0f%%\", 100 * $T * 5 / $H_T")" "hugo's time ÷ 5 is the budget"
		P_FLOOR_T=$T
	else
		row "floor: cmark-gfm alone" "—" "—" "—" "—" "$(fail_note "$RC" mdfloor)"
	fi
else
	note "bench/mdfloor.c did not build (see build/bench/logs/mdfloor-cc.log); no parse floor."
fi
# The second floor: writing quire's own site, already made, from memory to
# the same file system.  Parsing and writing are work that no generator of
# this archive can skip, so their sum against the budget says whether 5×
# hugo is within reach on this machine at all.
if [ "$HAVE_WFLOOR" = 1 ] && [ -d "$SINK/site-$N" ]; then
	w_rows=""
	for ((i = 1; i <= REPEAT; i++)); do
		rm -rf "$SINK/wfloor"
		build/writefloor "$SINK/site-$N" "$SINK/wfloor" >"$LOGS/writefloor.out" 2>"$LOGS/writefloor.err" || break
		w_rows+="$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$LOGS/writefloor.out")"$'\n'
	done
	rm -rf "$SINK/wfloor"
	W_FLOOR_T=$(printf '%s' "$w_rows" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
	if [ -n "$W_FLOOR_T" ]; then
		wbytes=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' "$LOGS/writefloor.out")
		wfiles=$(sed -n 's/.*files=\([0-9]*\).*/\1/p' "$LOGS/writefloor.out")
		row "floor: writing quire's $N-paper site from memory" "$(mbytes "$wbytes") MB html" "$(secs "$W_FLOOR_T")" \
			"$(calc "printf \"%.0f MB/s\", $wbytes / 1048576 / $W_FLOOR_T")" "—" \
			"bench/writefloor.c, $wfiles files, one thread per core; median of $REPEAT"
		if [ -n "${H_T:-}" ] && [ -n "${P_FLOOR_T:-}" ]; then
			rrow "share of a 5×-hugo time budget that the parse and write floors use" \
				"$(calc "printf \"%.0f%%\", 100 * ($P_FLOOR_T + $W_FLOOR_T) * 5 / $H_T")" \
				"over 100% = 5× hugo is out of reach here, whatever the code"
		fi
	else
		note "bench/writefloor.c failed (see build/bench/logs/writefloor.err); no write floor."
	fi
fi
rm -rf "$SINK/site-$N"

# ================================================================ 3. per-paper HTML vs pandoc
say "3. per-paper HTML: $SAMPLE papers"
VSAMPLE=$OUT/vol-sample-$SAMPLE
corpus "$VSAMPLE" "$SAMPLE" "$WORDS"
if ! cmp -s "$VSAMPLE/papers/p00001/paper.md" "$VBIG/papers/p00001/paper.md"; then
	note "the sample papers differ from the archive's first papers (gencorpus is not index-stable)."
fi
Q_PP=""
if [ -n "${HTML_MODE:-}" ]; then
	quire_html "$VSAMPLE" "$SINK/html-sample"
	measure_median "$REPEAT" html-sample "${HTML_CMD[@]}"
	if [ "$RC" -eq 0 ]; then
		Q_PP=$(calc "printf \"%.4f\", $T / $SAMPLE")
		row "\`$HTML_MODE\`, the $SAMPLE sample papers" "$SAMPLE papers" "$(secs "$T")" \
			"$(calc "printf \"%.1f ms/paper\", 1000 * $T / $SAMPLE")" "$(mb "$M")" "median of $REPEAT; includes start-up"
	else
		row "\`$HTML_MODE\`, the $SAMPLE sample papers" "—" "—" "—" "—" "$(fail_note "$RC" html-sample)"
	fi
fi
if [ "$HAVE_PANDOC" = 1 ]; then
	PV=$(pandoc --version | awk 'NR == 1 { print $2 }')
	mkdir -p "$OUT/pandoc-html"
	reset_runs
	for d in "$VSAMPLE"/papers/*/; do
		id=$(basename "$d")
		# pandoc resolves `bibliography:` from the working directory
		measure "pandoc-html-$id" bash -c 'cd "$1" && exec pandoc paper.md --citeproc -s -o "$2"' _ "$d" "$OUT/pandoc-html/$id.html"
		add_run
	done
	P_PP=$(calc "printf \"%.4f\", $RUN_T / $RUN_N")
	row "pandoc $PV \`--citeproc\` → HTML, $RUN_N papers" "$RUN_N papers" "$(secs "$RUN_T")" \
		"$(calc "printf \"%.1f ms/paper\", 1000 * $P_PP")" "$(mb "$RUN_M")" \
		"one process per paper; $RUN_FAIL failed"
	if [ -n "$Q_PP" ]; then
		rrow "per-paper HTML time, pandoc / quire ($SAMPLE papers)" "$(ratio "$P_PP" "$Q_PP")" ">1 = quire faster"
	fi
	if [ -n "$Q_HTML_T" ]; then
		rrow "per-paper HTML time, pandoc / quire amortised over $N papers" \
			"$(ratio "$P_PP" "$(calc "printf \"%.6f\", $Q_HTML_T / $N")")" \
			"$(calc "printf \"quire %.2f ms/paper\", 1000 * $Q_HTML_T / $N")"
	fi
else
	row "pandoc → HTML" "—" "—" "—" "—" "skipped: pandoc not installed"
fi

# ================================================================ 4. PDF: quire paper vs pandoc+pdflatex
say "4. PDF: $PDF_N-paper volume of ~$PDF_WORDS words"
VPDF=$OUT/vol-pdf-$PDF_N
corpus "$VPDF" "$PDF_N" "$PDF_WORDS"
PDF_MD=$MD_BYTES
# pdflatex cannot set Hangul without CJK packages, so the per-paper PDF
# comparison uses papers with no Hangul in paper.md or paper.bib.
EN_PAPERS=()
for d in "$VPDF"/papers/*/; do
	if ! LC_ALL=C grep -q $'[\xea-\xed][\x80-\xbf][\x80-\xbf]' "$d/paper.md" "$d/paper.bib"; then
		EN_PAPERS+=("${d%/}")
	fi
	[ "${#EN_PAPERS[@]}" -ge "$SAMPLE" ] && break
done
NEN=${#EN_PAPERS[@]}
Q_PDF_PP="" P_PDF_PP=""
if [ "$HAS_PAPER" = 1 ]; then
	mkdir -p "$OUT/quire-pdf"
	reset_runs
	files=()
	for d in "${EN_PAPERS[@]}"; do
		id=$(basename "$d")
		measure "quire-paper-$id" env SOURCE_DATE_EPOCH=$SDE "$QUIRE" paper "$d" "$POF" "$OUT/quire-pdf/$id.pdf"
		add_run
		[ -f "$OUT/quire-pdf/$id.pdf" ] && files+=("$OUT/quire-pdf/$id.pdf")
	done
	QP_PAGES=0; [ "$HAVE_PDFINFO" = 1 ] && [ "${#files[@]}" -gt 0 ] && QP_PAGES=$(pdf_pages "${files[@]}")
	Q_PDF_PP=$(calc "printf \"%.4f\", $RUN_T / $RUN_N")
	row "\`quire paper\`, $RUN_N English papers" "$QP_PAGES pages" "$(secs "$RUN_T")" \
		"$(calc "printf \"%.0f ms/paper, %.1f pages/s\", 1000 * $Q_PDF_PP, $QP_PAGES / $RUN_T")" "$(mb "$RUN_M")" \
		"one process per paper; $RUN_FAIL failed"
	[ "$RUN_FAIL" -gt 0 ] && note "\`quire paper\` failed on $RUN_FAIL of $RUN_N papers (see logs/quire-paper-*.err)."
else
	row "\`quire paper\`" "—" "—" "—" "—" "skipped: \`quire paper --help\` does not work yet"
	note "\`quire paper\` does not exist yet; the per-paper PDF, the PDF volume and the 1,000-page rows are skipped."
fi
if [ "$HAVE_PANDOC" = 1 ] && [ "$HAVE_PDFLATEX" = 1 ]; then
	mkdir -p "$OUT/pandoc-pdf"
	reset_runs
	files=()
	for d in "${EN_PAPERS[@]}"; do
		id=$(basename "$d")
		measure "pandoc-pdf-$id" bash -c 'cd "$1" && exec pandoc paper.md --citeproc --pdf-engine=pdflatex -V papersize=a4 -o "$2"' \
			_ "$d" "$OUT/pandoc-pdf/$id.pdf"
		add_run
		[ -f "$OUT/pandoc-pdf/$id.pdf" ] && files+=("$OUT/pandoc-pdf/$id.pdf")
	done
	PP_PAGES=0; [ "$HAVE_PDFINFO" = 1 ] && [ "${#files[@]}" -gt 0 ] && PP_PAGES=$(pdf_pages "${files[@]}")
	P_PDF_PP=$(calc "printf \"%.4f\", $RUN_T / $RUN_N")
	row "pandoc $PV + pdflatex, $RUN_N English papers" "$PP_PAGES pages" "$(secs "$RUN_T")" \
		"$(calc "printf \"%.0f ms/paper, %.1f pages/s\", 1000 * $P_PDF_PP, $PP_PAGES / $RUN_T")" "$(mb "$RUN_M")" \
		"A4; RSS is pandoc's or pdflatex's, whichever is larger; $RUN_FAIL failed"
	[ "$RUN_FAIL" -gt 0 ] && note "pandoc+pdflatex failed on $RUN_FAIL of $RUN_N papers (see logs/pandoc-pdf-*.err)."
	note "pdflatex cannot typeset Hangul without CJK packages, so the per-paper PDF comparison uses only the $NEN papers without Hangul among the $PDF_N-paper volume's first; the PDF volume row includes the Korean papers."
	if [ -n "$Q_PDF_PP" ]; then
		rrow "per-paper PDF time, pandoc+pdflatex / quire ($NEN papers)" "$(ratio "$P_PDF_PP" "$Q_PDF_PP")" ">1 = quire faster"
	fi
else
	row "pandoc + pdflatex" "—" "—" "—" "—" "skipped: pandoc or pdflatex not installed"
fi

if [ "$HAS_BUILD" = 1 ] && [ "$PDF_VOL_CMD_OK" = 1 ]; then
	rm -rf "$SINK/pdf-vol"
	measure_median "$REPEAT" pdf-vol env SOURCE_DATE_EPOCH=$SDE "$QUIRE" build "$VPDF" --only pdf "$of" "$SINK/pdf-vol"
	if [ "$RC" -eq 0 ]; then
		VT=$T
		mapfile -t pdfs < <(find "$SINK/pdf-vol" -name '*.pdf' | sort)
		VPAGES=0 VMAX=0
		if [ "$HAVE_PDFINFO" = 1 ] && [ "${#pdfs[@]}" -gt 0 ]; then
			for f in "${pdfs[@]}"; do
				p=$(pdf_pages "$f"); VPAGES=$((VPAGES + p)); [ "$p" -gt "$VMAX" ] && VMAX=$p
			done
			# one volume PDF holding every paper, plus per-paper PDFs: count it once
			[ "$VMAX" -ge $((VPAGES - VMAX)) ] && [ "${#pdfs[@]}" -gt 1 ] && VPAGES=$VMAX
		fi
		row "\`quire build --only pdf\`, $PDF_N papers" "$VPAGES pages" "$(secs "$VT")" \
			"$(calc "printf \"%.1f pages/s\", $VPAGES / $VT")" "$(mb "$M")" "median of $REPEAT; ${#pdfs[@]} PDF files; CPU $C s; target < 1 s"
		if [ -n "$P_PDF_PP" ]; then
			EXTRA=$(calc "printf \"%.2f\", $P_PDF_PP * $PDF_N")
			row "pandoc + pdflatex × $PDF_N (per-paper time × $PDF_N)" "—" "$(secs "$EXTRA")" "—" "—" "extrapolated from the English papers"
			rrow "$PDF_N-paper PDF volume, pandoc+pdflatex×$PDF_N / quire" "$(ratio "$EXTRA" "$VT")" ">1 = quire faster"
		fi
	else
		row "\`quire build --only pdf\`, $PDF_N papers" "—" "—" "—" "—" "$(fail_note "$RC" pdf-vol)"
		note "\`quire build --only pdf\` failed with exit $RC."
	fi
else
	row "\`quire build --only pdf\`, $PDF_N papers" "—" "—" "—" "—" "skipped: \`quire build --only\` not available"
fi

# ================================================================ 5. one long document
if [ "$HAS_PAPER" = 1 ]; then
	say "5. one document of $BIG_WORDS words"
	VLONG=$OUT/vol-long
	corpus "$VLONG" 1 "$BIG_WORDS" --en
	LONG_MD=$MD_BYTES
	measure_median "$REPEAT" long-doc env SOURCE_DATE_EPOCH=$SDE "$QUIRE" paper "$VLONG/papers/p00001" "$POF" "$OUT/long.pdf"
	if [ "$RC" -eq 0 ]; then
		LP=0; [ "$HAVE_PDFINFO" = 1 ] && LP=$(pdf_pages "$OUT/long.pdf")
		verdict=$(calc "print ($T < 1.5 ? \"time target met\" : \"time target missed\") \", \" ($M < 150 * 1024 ? \"RSS target met\" : \"RSS target missed\")")
		row "\`quire paper\`, one document of $BIG_WORDS words" "$LP pages, $(mbytes "$LONG_MD") MB md" "$(secs "$T")" \
			"$(calc "printf \"%.0f pages/s\", $LP / $T")" "$(mb "$M")" "median of $REPEAT; targets < 1.5 s and < 150 MB at ~1,000 pages: $verdict"
	else
		row "\`quire paper\`, one document of $BIG_WORDS words" "—" "—" "—" "—" "$(fail_note "$RC" long-doc)"
		note "\`quire paper\` failed on the long document with exit $RC."
	fi
fi

# ================================================================ report
T_END=$(date +%s)
{
	echo "# quire benchmark"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo);" \
		"$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); run took $((T_END - T_START)) s."
	echo "$("$QUIRE" --version 2>/dev/null | head -1)" \
		"$([ "$HAVE_PANDOC" = 1 ] && echo "· pandoc $(pandoc --version | awk 'NR == 1 { print $2 }')")" \
		"$([ "$HAVE_HUGO" = 1 ] && echo "· hugo $(hugo version | sed -n 's/^hugo v\([0-9.]*\).*/\1/p')")" \
		"$([ "$HAVE_PDFLATEX" = 1 ] && echo "· $(pdflatex --version | head -1)")"
	echo
	echo "Papers of ~$WORDS words (the PDF volume: ~$PDF_WORDS), every 5th in Korean, from bench/gencorpus.c."
	echo "Absolute times drift 15–30% on shared machines; compare the ratios, measured in this same run."
	[ "$QUICK" = 1 ] && echo "**Quick run** (BENCH_QUICK=1): smaller corpora than the default."
	echo
	echo "| benchmark | input | time | throughput | peak RSS | notes |"
	echo "|---|---|---:|---|---:|---|"
	printf '%s\n' "${ROWS[@]}"
	if [ "${#RATIOS[@]}" -gt 0 ]; then
		echo
		echo "| ratio | value | meaning |"
		echo "|---|---:|---|"
		printf '%s\n' "${RATIOS[@]}"
	fi
	if [ "${#NOTES[@]}" -gt 0 ]; then
		echo
		for n in "${NOTES[@]}"; do echo "- $n"; done
	fi
} >"$OUT/results.md"
cat "$OUT/results.md"
