#!/bin/sh
# The HTML archive end to end: build the sample archive with `quire archive`,
# check every page (HTML parses, internal links resolve, no inline script,
# CSP present: the site check in tests/unit/test_html.c, run on this
# output), check the feeds, and check that a rebuild is byte-identical and
# that a folder quire did not build is never replaced.
# Run by scripts/run-tests.sh with QUIRE (the binary) and BUILD (its tree).
set -u
QUIRE=${QUIRE:?QUIRE must name the quire binary}
BUILD=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "html-archive: $*" >&2; fail=1; }

out=$("$QUIRE" archive examples/archive.yaml -o "$tmp/site" 2>&1) || no "quire archive failed: $out"
[ -z "$out" ] || no "quire archive printed: $out"
[ -f "$tmp/site/index.html" ] || { no "no index.html"; exit 1; }

# Every page parses and every internal link resolves.
if [ -x "$BUILD/tests/test_html" ]; then
	QUIRE_SITE="$tmp/site" "$BUILD/tests/test_html" >"$tmp/check.log" 2>&1 ||
		{ no "site check failed"; tail -30 "$tmp/check.log" >&2; }
else
	no "$BUILD/tests/test_html is missing (make units)"
fi
if command -v xmllint >/dev/null 2>&1; then
	for f in $(find "$tmp/site" -name '*.html'); do
		xmllint --html --noout "$f" 2>&1 | grep -a 'parser error :' | grep -av 'Tag [a-z0-9]* invalid' |
			grep -aq . && no "$f: xmllint reports errors"
	done
	xmllint --noout "$tmp/site/sitemap.xml" "$tmp/site/atom.xml" || no "feeds are not well-formed XML"
fi

# Real papers too: the clean JOSS corpus papers built into one volume's site
# and held to the same site check.
if [ -x "$BUILD/tests/test_html" ]; then
	rc=0
	sh scripts/corpus-site.sh "$QUIRE" "$tmp/joss" || rc=$?
	if [ "$rc" -eq 0 ]; then
		QUIRE_SITE="$tmp/joss/out/site" "$BUILD/tests/test_html" >"$tmp/joss-check.log" 2>&1 ||
			{ no "site check of the corpus volume failed"; grep -av "^\[" "$tmp/joss-check.log" | head -10 >&2; }
		# emcee gives Daniel Foreman-Mackey the ORCID iD of UltraNest's author:
		# both keep their author pages.
		for who in johannes-buchner daniel-foreman-mackey; do
			[ -f "$tmp/joss/out/site/authors/$who/index.html" ] || no "no author page $who in the corpus site"
		done
		# A BibTeX title's formulas are MathML in the reference list
		# (pyhf's "$\sqrt{s} = 13$ $\mathrm{TeV}$").
		grep -q '<msqrt><mi>s</mi></msqrt>' "$tmp/joss/out/site/joss/scikit-hep--pyhf/index.html" ||
			no "a formula in a reference's title is not MathML"
		# RIS names are "Family, Given", particles kept with the family name.
		grep -q '^AU  - van Kemenade, Hugo$' "$tmp/joss/out/site/joss/fatiando--pooch/paper.ris" ||
			no "RIS author names are not 'Family, Given'"
		# A volume without sessions lists its papers under "Contents" alone.
		grep -q 'q-session-title\|Other papers' "$tmp/joss/out/site/joss/index.html" &&
			no "the corpus volume (no sessions) shows a session heading"
		# One model, one author index: the PDF's names are the archive's
		# ("van Kemenade, Hugo" in both).
		if command -v pdftotext >/dev/null 2>&1; then
			pdftotext "$tmp/joss/out/joss.pdf" - | sed -n '/Author Index$/,$p' |
				sed -n 's/^\([^ 0-9][^0-9]*, [^0-9]*[^ 0-9]\) [0-9][0-9, ]*$/\1/p' | sort >"$tmp/pdf-names"
			grep -o '<li><a href="[a-z0-9-]*/index.html">[^<]*' "$tmp/joss/out/site/authors/index.html" |
				sed 's/.*>//' | sort >"$tmp/html-names"
			[ "$(wc -l <"$tmp/pdf-names")" -ge 50 ] || no "the PDF author index reads as $(wc -l <"$tmp/pdf-names") names"
			cmp -s "$tmp/pdf-names" "$tmp/html-names" ||
				{ no "the PDF and archive author indexes differ"; diff "$tmp/pdf-names" "$tmp/html-names" | head -8 >&2; }
		fi
	elif [ "$rc" -ne 2 ]; then
		no "the corpus site was not built"
	fi
fi

# Formulas in a title, an abstract, a heading and a caption read as text
# where no math can be shown: <title>, the description, "On this page",
# alt text and the PDF's bookmarks.
pg=$(ls "$tmp"/site/*/small-area-privacy/index.html 2>/dev/null | head -1)
[ -n "$pg" ] && grep -q '<p>[^<]*budgets ε from 0.1 to 4' "$pg" ||
	no "the sample abstract's formula is not text"
mkdir -p "$tmp/mt/papers/p1"
printf 'id: mt\ntitle: Formulas\ndate: 2026-01-01\neditors:\n  - name: A B\n' >"$tmp/mt/volume.yaml"
cat >"$tmp/mt/papers/p1/paper.md" <<'EOF'
---
title: 'The $\beta$-model'
authors:
  - name: Ann Lee
abstract: 'We fit $y = x^2$ to *Drosophila* [data](javascript:alert(1)) <b>by</b> hand.'
date: 2026-01-01
---

# The $\mathbf{\Phi}(\mathbf{x})$ map

![A plot of $f(x) = x^2$.](fig.png)
EOF
cp examples/volume/papers/jangdan-rhythm/*.png "$tmp/mt/papers/p1/fig.png" 2>/dev/null ||
	cp "$(find examples -name '*.png' | head -1)" "$tmp/mt/papers/p1/fig.png"
if "$QUIRE" build "$tmp/mt" -o "$tmp/mt-out" >"$tmp/mt.log" 2>&1; then
	mp="$tmp/mt-out/site/mt/p1/index.html"
	grep -q '<title>The β-model — ' "$mp" || no "a title's formula is not text in <title>"
	grep -q '<meta name="description" content="We fit y = x² to Drosophila data by hand.">' "$mp" ||
		no "the abstract is not plain text in the description"
	# The abstract is Markdown on the page, as in the PDF; unsafe parts dropped.
	grep -q '<p>We fit y = x² to <em>Drosophila</em> data by hand.</p>' "$mp" ||
		no "the abstract's Markdown is not rendered on the page"
	grep -qi 'javascript:\|<b>' "$mp" && no "the abstract let a script link or raw HTML through"
	pdftotext "$tmp/mt-out/papers/p1.pdf" - 2>/dev/null | grep -q 'We fit y = x² to Drosophila data by hand' ||
		no "the PDF abstract does not read as the archive's"
	grep -q '<li><a href="#[^"]*">1 The 𝚽(𝐱) map</a>' "$mp" || no "the outline does not read '1 The 𝚽(𝐱) map'"
	grep -q 'alt="A plot of f(x) = x².' "$mp" || no "the alt text does not read 'f(x) = x²'"
else
	no "the formula volume did not build: $(tail -3 "$tmp/mt.log")"
fi
jp="$tmp/joss/out/site/joss/dynamicslab--pykoopman/index.html"
if [ -f "$jp" ]; then
	grep -q 'alt="[^"]*nonlinear transform Φ(x)\.' "$jp" || no "pykoopman's alt text does not read 'Φ(x)'"
fi

# The sample volume's PDF and archive list the same people, written the same
# way (the PDF adds the name in the other script in brackets).
if command -v pdftotext >/dev/null 2>&1; then
	"$QUIRE" build examples/volume -o "$tmp/exb" >/dev/null 2>&1 || no "the sample volume did not build"
	pdftotext "$tmp/exb/hcds-2026-fall.pdf" - | sed -n '/Author Index$/,$p' |
		sed -n 's/^\([^ 0-9][^0-9]*[^ 0-9]\) [0-9][0-9, ]*$/\1/p' | sed 's/ (.*)$//' | sort >"$tmp/ex-pdf"
	grep -o '<li><a href="[a-z0-9-]*/index.html">[^<]*' "$tmp/exb/site/authors/index.html" |
		sed 's/.*>//' | sort >"$tmp/ex-html"
	[ "$(wc -l <"$tmp/ex-pdf")" -ge 15 ] && cmp -s "$tmp/ex-pdf" "$tmp/ex-html" ||
		{ no "the sample's PDF and archive author indexes differ"; diff "$tmp/ex-pdf" "$tmp/ex-html" | head -6 >&2; }
fi

# Beside sessions, a paper no session lists comes under "Other papers".
cp -r examples/volume-2025-spring "$tmp/spring"
sed -i 's/papers: \[library-reading-gap, annotation-drift\]/papers: [library-reading-gap]/' "$tmp/spring/volume.yaml"
"$QUIRE" build "$tmp/spring" --only html -o "$tmp/spring-out" >/dev/null 2>&1 || no "the partly scheduled volume did not build"
grep -q '<h3 class="q-session-title">Other papers</h3>' "$tmp/spring-out/site/hcds-2025-spring/index.html" ||
	no "an unscheduled paper has no 'Other papers' heading"


head -c 40 "$tmp/site/search-index.js" | grep -q '^window.QUIRE_INDEX = {"v":1,"papers":\[' ||
	no "search-index.js does not start with the QUIRE_INDEX statement"
p="$tmp/site/hcds-2026-fall/korean-honorific-nlp"
grep -q '<html lang="ko" data-root="../../">' "$p/index.html" || no "Korean paper page: lang/data-root"
grep -q '<section class="q-translation" lang="en"' "$p/index.html" || no "no English section on the Korean paper"
grep -q 'name="citation_title"' "$p/index.html" || no "no Highwire tags"
grep -q 'name="citation_doi" content="10.5555/hcds-2026-fall.korean-honorific-nlp"' "$p/index.html" || no "no DOI tag"
grep -q '<script type="application/ld+json">' "$p/index.html" || no "no JSON-LD"
grep -q '^@inproceedings{hcds-2026-fall:korean-honorific-nlp,' "$p/paper.bib" || no "paper.bib"
grep -q '^TY  - CPAPER' "$p/paper.ris" && grep -q '^ER  - ' "$p/paper.ris" || no "paper.ris"
[ -f "$p/confusion.png" ] || no "figure not copied"
grep -q 'Sitemap: https://proceedings.example.org/sitemap.xml' "$tmp/site/robots.txt" || no "robots.txt"
grep -q 'q-search' "$tmp/site/index.html" && grep -q 'id="q-search-input"' "$tmp/site/index.html" ||
	no "no search form on the home page"
[ -f "$tmp/site/authors/yujin-choi/index.html" ] || no "no page for an author of two volumes"
[ "$(grep -c 'q-paper-entry' "$tmp/site/authors/yujin-choi/index.html")" -eq 2 ] ||
	no "an author with one ORCID iD is not merged across volumes"

# Byte-identical rebuild, and a rebuild over the old site works.
"$QUIRE" archive examples/archive.yaml -o "$tmp/again" >/dev/null 2>&1 || no "second build failed"
diff -r "$tmp/site" "$tmp/again" >/dev/null || no "two builds differ"
"$QUIRE" archive examples/archive.yaml -o "$tmp/site" >/dev/null 2>&1 || no "rebuild over the site failed"
ls "$tmp" | grep -q 'tmp-' && no "a temporary folder was left behind"

# A folder quire did not build is refused and left alone.
mkdir "$tmp/mine" && echo keep >"$tmp/mine/notes.txt"
"$QUIRE" archive examples/archive.yaml -o "$tmp/mine" >/dev/null 2>&1 && no "replaced a foreign folder"
[ -f "$tmp/mine/notes.txt" ] || no "a foreign folder lost its file"

# An archive with errors builds nothing.
mkdir -p "$tmp/bad/vol/papers/p" && cat >"$tmp/bad/archive.yaml" <<'YAML'
title: Broken
volumes: [vol, ../outside]
YAML
printf 'id: v\ntitle: V\n' >"$tmp/bad/vol/volume.yaml"
printf -- '---\ntitle: P\n---\n\nText.\n' >"$tmp/bad/vol/papers/p/paper.md"
"$QUIRE" archive "$tmp/bad/archive.yaml" -o "$tmp/bad-site" >"$tmp/bad.log" 2>&1 && no "an archive with errors was built"
grep -q 'file-outside' "$tmp/bad.log" || no "a volume outside the archive folder is not reported"
[ -e "$tmp/bad-site" ] && no "an archive with errors left a site"

exit $fail
