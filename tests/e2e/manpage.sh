#!/bin/sh
# The man page documents every command and every diagnostic rule, and
# `make install` honours PREFIX and DESTDIR.
set -u
: "${QUIRE:?}"
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scripts/gen-man.sh man/quire.1.in proceedings/rules.def test >"$tmp/quire.1" || exit 1
text=$(MANWIDTH=200 man -l "$tmp/quire.1" 2>/dev/null || cat "$tmp/quire.1")
fails=0
for rule in $("$QUIRE" rules | awk 'NF && $1 !~ /^ / && /^[a-z]/ {print $1}'); do
	echo "$text" | grep -q -- "$rule" || { echo "man page lacks rule $rule"; fails=$((fails + 1)); }
done
for cmd in check paper build archive init rules; do
	echo "$text" | grep -q -- "$cmd" || { echo "man page lacks command $cmd"; fails=$((fails + 1)); }
	"$QUIRE" --help | grep -q "^  $cmd" || { echo "quire --help lacks $cmd"; fails=$((fails + 1)); }
done
make -s install PREFIX=/usr DESTDIR="$tmp/root" >/dev/null 2>&1 || { echo "make install failed"; exit 1; }
for f in usr/bin/quire usr/share/man/man1/quire.1 usr/share/quire/templates/paper.html; do
	[ -f "$tmp/root/$f" ] || { echo "make install did not write /$f"; fails=$((fails + 1)); }
done
[ "$fails" -eq 0 ]
