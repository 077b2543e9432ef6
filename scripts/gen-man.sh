#!/bin/sh
# Build quire.1 from its template and the rule table, so every diagnostic
# rule is documented the moment it exists.
#   gen-man.sh man/quire.1.in proceedings/rules.def VERSION
set -eu
template=$1 rules=$2 version=$3
rules_roff=$(sed -n 's/^RULE(R_[A-Z0-9_]*, *"\([^"]*\)", *\([A-Z]*\), *"\([^"]*\)", *"\(.*\)")$/.TP\n.B \1\n(\2) \3.\n\4/p' "$rules" |
	sed -e 's/(ERROR)/(error)/' -e 's/(WARNING)/(warning)/' -e 's/(NOTE)/(note)/' -e 's/\\\\/\\e/g')
awk -v rules="$rules_roff" -v version="$version" '
	/@RULES@/ { print rules; next }
	{ gsub(/@VERSION@/, version); print }
' "$template"
