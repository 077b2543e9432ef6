#!/bin/sh
# The archive's people at a scale where their names go to temporary files:
# 1,500 generated papers, 1,600 people, a few of them with names chosen
# to test the index order (accents, names that differ only at the end,
# one name under three ORCID iDs) and one named twice on a paper.  Checks the order and slugs of the
# author index, a person's page, and that a build with no temporary
# folder (everything kept in memory) writes the same site.
# Run by scripts/run-tests.sh with QUIRE (the binary).
set -u
QUIRE=${QUIRE:?QUIRE must name the quire binary}
# On tmpfs when there is one: this machine's ext4 slows every file made
# soon after many were deleted (see the README's Speed and memory).
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "author-index: $*" >&2; fail=1; }

# ORCID iD 0000-0001-NNNN-NNN? with its ISO 7064 check digit.
orcid() {
	awk -v n="$1" 'BEGIN {
		d = sprintf("00000001%07d", n); t = 0
		for (i = 1; i <= 15; i++) t = (t + substr(d, i, 1)) * 2
		r = (12 - t % 11) % 11
		printf "%s-%s-%s-%s%s\n", substr(d, 1, 4), substr(d, 5, 4), substr(d, 9, 4), substr(d, 13, 3), r == 10 ? "X" : r
	}'
}

vol=$tmp/vol
mkdir -p "$vol/papers"
cat >"$vol/volume.yaml" <<'YAML'
id: people-test
title: People at scale
date: 2026-11-20
language: en
editors:
  - name: Josiah Carberry
YAML
paper() { # id, then the authors' YAML
	mkdir -p "$vol/papers/$1"
	{
		printf -- '---\ntitle: Paper %s\nauthors:\n' "$1"
		printf '%s\n' "$2"
		printf 'abstract: A paper.\nlang: en\ndate: 2026-10-01\n---\n\nText.\n'
	} >"$vol/papers/$1/paper.md"
}
paper accents '  - name: Emile Zola
  - name: Émile Zola'
paper ends '  - name: Christopher Andersen-Whitfield
  - name: Christophe Andersen-Whitfield'
# A name whose slug is another's with a suffix: "Ada Lowe 2" sorts first
# (under "2") and keeps ada-lowe-2, so the second Ada Lowe gets -3.
paper lowe '  - name: Ada Lowe
    orcid: '"$(orcid 8101)"'
  - name: Ada Lowe
    orcid: '"$(orcid 8102)"'
  - name: Ada Lowe 2'
paper twice '  - name: Twice Named
    orcid: '"$(orcid 8000)"'
  - name: Twice Named'
# In paper order the iDs come 3, 1, 2; the index orders them 1, 2, 3.
for k in a3 b1 c2; do
	paper "kim-$k" "  - name: Minjun Kim
    orcid: $(orcid $((9000 + ${k#?})))"
done
# The rest in one go: paper i by Given<i> Filler, with an iD, and by
# Shared Person<i mod 100>, without.
mkdir -p $(seq -f "$vol/papers/p%g" 0 1499)
awk -v vol="$vol" 'BEGIN {
	for (i = 0; i < 1500; i++) {
		d = sprintf("00000001%07d", i); t = 0
		for (k = 1; k <= 15; k++) t = (t + substr(d, k, 1)) * 2
		r = (12 - t % 11) % 11
		id = sprintf("%s-%s-%s-%s%s", substr(d, 1, 4), substr(d, 5, 4), substr(d, 9, 4), substr(d, 13, 3), r == 10 ? "X" : r)
		dir = vol "/papers/p" i
		f = dir "/paper.md"
		printf "---\ntitle: Paper p%d\nauthors:\n  - name: Given%d Filler\n    orcid: %s\n", i, i, id >f
		printf "  - name: Shared Person%d\nabstract: A paper.\nlang: en\ndate: 2026-10-01\n---\n\nText.\n", i % 100 >f
		close(f)
	}
}'

SOURCE_DATE_EPOCH=1767225600 "$QUIRE" build "$vol" --only html -o "$tmp/out" >"$tmp/log" 2>&1 ||
	{ no "build failed"; tail -5 "$tmp/log" >&2; exit 1; }
index=$tmp/out/site/authors/index.html
[ -f "$index" ] || { no "no author index"; exit 1; }
# The index's entries in order: "slug name".
grep -o '<a href="[^"]*/index.html">[^<]*</a>' "$index" | sed 's|<a href="\([^"]*\)/index.html">\([^<]*\)</a>|\1 \2|' |
	grep -v '^\.\.' >"$tmp/order"
n=$(wc -l <"$tmp/order")
[ "$n" -eq 1611 ] || no "expected 1611 people in the index, found $n"
line() { grep -n -- "$1" "$tmp/order" | head -1 | cut -d: -f1; }
before() { # slug-and-name pattern A comes before B
	a=$(line "$1") b=$(line "$2")
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ] || no "'$1' is not before '$2' in the index"
}
before '^emile-zola Zola, Emile$' '^emile-zola-2 Zola, Émile$'
before ' Andersen-Whitfield, Christophe$' ' Andersen-Whitfield, Christopher$'
grep -q '^ada-lowe-2 2, Ada Lowe$' "$tmp/order" || no "Ada Lowe 2 lost the slug ada-lowe-2"
before '^ada-lowe Lowe, Ada$' '^ada-lowe-3 Lowe, Ada$'
grep -q "$(orcid 8102)" "$tmp/out/site/authors/ada-lowe-3/index.html" || no "ada-lowe-3 is not the second Ada Lowe"
# One name under three iDs: three people, in the order of their iDs.
before "^minjun-kim Kim, Minjun$" "^minjun-kim-2 Kim, Minjun$"
before "^minjun-kim-2 Kim, Minjun$" "^minjun-kim-3 Kim, Minjun$"
grep -q "$(orcid 9002)" "$tmp/out/site/authors/minjun-kim-2/index.html" ||
	no "minjun-kim-2 is not the person with the second iD"
# A name without an iD on 15 papers is one person listing them all.
page=$tmp/out/site/authors/shared-person7/index.html
[ -f "$page" ] || no "no page for Shared Person7"
links=$(grep -o 'href="../../people-test/p[0-9]*/index.html"' "$page")
c=$(printf '%s\n' "$links" | sort -u | wc -l)
[ "$c" -eq 15 ] || no "Shared Person7 lists $c papers, not 15"
[ "$(printf '%s\n' "$links" | wc -l)" -eq 15 ] || no "Shared Person7 lists a paper twice"
# Named twice on one paper, once with an iD: one person, the paper once.
c=$(grep -o 'href="../../people-test/twice/index.html"' "$tmp/out/site/authors/twice-named/index.html" | wc -l)
[ "$c" -eq 1 ] || no "Twice Named lists their paper $c times"
grep -q 'twice-named/index.html">Named, Twice</a>' "$index" || no "Twice Named is not in the index"
grep -q 'twice-named-2/' "$index" && no "Twice Named is two people"
# With no temporary folder, the people stay in memory: the same site.
SOURCE_DATE_EPOCH=1767225600 TMPDIR=/nonexistent/quire "$QUIRE" build "$vol" --only html -o "$tmp/mem" >/dev/null 2>&1 ||
	no "build without a temporary folder failed"
diff -r "$tmp/out" "$tmp/mem" >/dev/null || no "the site differs when no temporary folder can be made"
exit $fail
