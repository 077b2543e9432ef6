#!/bin/sh
# Pathological inputs, as cmark's suite has them: each must finish within
# its time limit with the expected diagnostic (or none), never crash.
# Inputs are generated here rather than committed (some are megabytes).
set -u
: "${QUIRE:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fm='---
title: T
authors:
  - name: A
---
'

make_paper() { # make_paper NAME: body on stdin
	mkdir -p "$tmp/$1"
	{ printf '%s\n' "$fm"; cat; } >"$tmp/$1/paper.md"
}

# expect NAME STATUS GREP-PATTERN (empty pattern: no output at all)
expect() {
	out=$(timeout 20 "$QUIRE" check --color=never "$tmp/$1" 2>&1)
	status=$?
	if [ "$status" -ne "$2" ]; then
		echo "pathological $1: exit $status, expected $2"; echo "$out" | head -3
		fails=$((fails + 1))
	elif [ -z "$3" ] && [ -n "$out" ]; then
		echo "pathological $1: expected no output, got:"; echo "$out" | head -3
		fails=$((fails + 1))
	elif [ -n "$3" ] && ! echo "$out" | grep -q -- "$3"; then
		echo "pathological $1: output lacks '$3':"; echo "$out" | head -3
		fails=$((fails + 1))
	fi
}

awk 'BEGIN { for (i = 0; i < 10000; i++) printf ">"; print " deep" }' | make_paper quotes
expect quotes 1 'paper.md:7:101: error: lists or block quotes nest more than 100 levels deep \[nesting-too-deep\]'
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "- "; print "x" }' | make_paper lists
expect lists 1 'nesting-too-deep'
awk 'BEGIN { printf "https://example.org/"; for (i = 0; i < 5 * 1024 * 1024; i++) printf "a"; print "" }' | make_paper long-url
expect long-url 0 ''
awk 'BEGIN { for (r = 0; r < 3; r++) { for (i = 0; i < 500; i++) printf "|%s", (r == 1 ? "-" : "c" i); print "|" } }' | make_paper wide-table
expect wide-table 0 ''
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; print "" }' | make_paper brackets
expect brackets 0 ''
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "*a **b "; print "" }' | make_paper emphasis
expect emphasis 0 ''
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "[a]("; print "" }' | make_paper links
expect links 0 ''
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "x[^n%d] ", i; print "" }' | make_paper footnotes
expect footnotes 1 'footnote-undefined'

# A YAML key of 1 MB: libyaml refuses keys over 1024 characters.
mkdir -p "$tmp/big-key"
awk 'BEGIN { print "---"; print "title: T"; for (i = 0; i < 1024 * 1024; i++) printf "k"; print ": v"; print "---" }' >"$tmp/big-key/paper.md"
expect big-key 1 'yaml-syntax'
# "Billion laughs": refused at the first alias, nothing is expanded.
mkdir -p "$tmp/laughs"
{
	echo "---"
	echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
	for l in b c d e f g h i; do
		prev=$(printf '%s' "$l" | tr 'b-i' 'a-h')
		echo "$l: &$l [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"
	done
	echo "---"
} >"$tmp/laughs/paper.md"
expect laughs 1 'yaml-alias'
# Over the 32 MB input limit.
mkdir -p "$tmp/huge"
head -c 34000000 /dev/zero | tr '\0' 'a' >"$tmp/huge/paper.md"
expect huge 1 'input-too-large'

# The layout must finish on the long URL and the wide table too, with a
# valid PDF (tests/unit/test_layout.c checks them for overfull lines).
for case in long-url wide-table; do
	if ! timeout 120 "$QUIRE" paper "$tmp/$case" -o "$tmp/$case.pdf" >/dev/null 2>&1; then
		echo "pathological $case: quire paper failed or took over 120 s"
		fails=$((fails + 1))
	elif command -v qpdf >/dev/null && ! qpdf --check "$tmp/$case.pdf" >/dev/null 2>&1; then
		echo "pathological $case: the PDF does not pass qpdf --check"
		fails=$((fails + 1))
	fi
done

[ "$fails" -eq 0 ]
