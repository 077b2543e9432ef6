#!/bin/sh
# quire build on the sample volume: page numbers in the contents, the
# author index, bookmarks and links agree with where the papers really are
# in the PDF; qpdf finds no damage; rebuilds are byte-identical; papers
# start on odd pages; --only works; errors and interruptions write nothing.
# Needs qpdf and pdftotext (poppler-utils); python3 for the PDF structure
# checks (skipped, with a note, when it is missing).
set -u
QUIRE=${QUIRE:-./quire}
cd "$(dirname "$0")/../.."
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}
fail=0
bad() { echo "volume-build: $*"; fail=1; }
for t in qpdf pdftotext; do
	command -v $t >/dev/null || { echo "volume-build: $t missing, skipped"; exit 0; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VOL=examples/volume
OUT=$tmp/out
ID=hcds-2026-fall

"$QUIRE" build "$VOL" -o "$OUT" >"$tmp/log" 2>&1 || { bad "build failed"; cat "$tmp/log"; exit 1; }
[ -f "$OUT/$ID.pdf" ] || bad "no volume PDF"
[ -f "$OUT/site/index.html" ] || bad "no site"
[ -f "$OUT/build.json" ] || bad "no build.json"
n=0
for p in "$VOL"/papers/*/; do
	id=$(basename "$p")
	n=$((n + 1))
	[ -f "$OUT/papers/$id.pdf" ] || bad "no offprint for $id"
	grep -q "\"id\": \"$id\"" "$OUT/build.json" || bad "build.json lacks $id"
	qpdf --check "$OUT/papers/$id.pdf" >/dev/null 2>&1 || bad "qpdf --check $id.pdf"
done
qpdf --check "$OUT/$ID.pdf" >/dev/null 2>&1 || bad "qpdf --check volume"
[ "$(grep -c '"first_page": [0-9]' "$OUT/build.json")" = "$n" ] || bad "build.json: not every paper has pages"
ls -a "$tmp" | grep -q 'tmp-' && bad "temporary folder left behind"

# Byte-identical rebuild (into a fresh folder, and over the old one).
"$QUIRE" build "$VOL" -o "$tmp/again" >/dev/null 2>&1 || bad "second build failed"
diff -r "$OUT" "$tmp/again" >/dev/null || bad "rebuild differs"
"$QUIRE" build "$VOL" -o "$OUT" >/dev/null 2>&1 || bad "rebuild over OUT failed"
diff -r "$OUT" "$tmp/again" >/dev/null || bad "rebuild over OUT differs"

# The PDF's own structure against its text.
if command -v python3 >/dev/null; then
	python3 - "$OUT" "$ID" <<'PYEOF' || fail=1
import json, re, subprocess, sys
out, vid = sys.argv[1], sys.argv[2]
pdf = f"{out}/{vid}.pdf"
ok = True
def bad(m):
    global ok
    ok = False
    print("volume-build:", m)
man = json.load(open(f"{out}/build.json"))
papers = man["papers"]
j = json.loads(subprocess.run(["qpdf", "--json", pdf], capture_output=True, check=True).stdout)
pages = j["pages"]
def label(i):
    l = pages[i]["label"] or {}
    return (l.get("/S"), l.get("/St"))
objs = {}
for k, v in j["qpdf"][1].items():
    objs[k[4:] if k.startswith("obj:") else k] = v.get("value")
pageidx = {p["object"]: i for i, p in enumerate(pages)}
text = [subprocess.run(["pdftotext", "-f", str(i + 1), "-l", str(i + 1), pdf, "-"],
        capture_output=True, text=True).stdout for i in range(len(pages))]
norm = [" ".join(t.split()) for t in text]
# Each paper: on the first arabic page holding its title, labelled first_page.
where = {}
for p in papers:
    words = " ".join(p["title"].split()[:4])
    hits = [i for i in range(len(pages)) if label(i)[0] == "/D" and words in norm[i]]
    if not hits:
        bad(f"title of {p['id']} not found"); continue
    where[p["id"]] = hits[0]
    if label(hits[0]) != ("/D", p["first_page"]):
        bad(f"{p['id']}: title on page labelled {label(hits[0])}, build.json says {p['first_page']}")
    if p["first_page"] % 2 != 1:
        bad(f"{p['id']} starts on an even page")
# The contents: its numbers, in order, are the papers' pages and the index's.
toc = [i for i in range(len(pages)) if label(i)[0] == "/r" and "Contents" in text[i]]
if not toc:
    bad("no contents page")
else:
    nums = [int(x) for i in toc for x in re.findall(r"(?:\. ?){3,}\s*(\d+)", text[i])]
    want = [p["first_page"] for p in papers]
    if nums[:len(want)] != want:
        bad(f"contents numbers {nums} != {want}")
    # Its links land on those pages.
    targets = []
    for i in toc:
        for a in (objs.get(pages[i]["object"]) or {}).get("/Annots", []):
            d = (objs.get(a) or {}).get("/Dest")
            if isinstance(d, str):
                d = objs.get(d)
            if isinstance(d, list) and d[0] in pageidx:
                lab = label(pageidx[d[0]])
                if lab[0] == "/D" and (not targets or targets[-1] != lab[1]):
                    targets.append(lab[1])
    if targets[:len(want)] != want:
        bad(f"contents links go to {targets}, want {want}")
# Bookmarks: every paper's lands on its first page.
def walk(ol):
    for o in ol:
        yield o
        yield from walk(o.get("kids", []))
marks = {o["title"]: o.get("destpageposfrom1") for o in walk(j["outlines"])}
# A heading's formula reads as text in its bookmark, not as TeX source.
if "3.2 Remedies at \u03b5 = 1" not in marks:
    bad("no bookmark '3.2 Remedies at \u03b5 = 1': " + str([t for t in marks if "emed" in t]))
if any("\\" in t for t in marks):
    bad("a bookmark holds TeX: " + str([t for t in marks if "\\" in t]))
for p in papers:
    pos = marks.get(p["title"])
    if pos is None:
        bad(f"no bookmark for {p['id']}")
    elif label(pos - 1) != ("/D", p["first_page"]):
        bad(f"bookmark of {p['id']} goes to {label(pos - 1)}")
# The author index: the first author of each paper lists its page.
idx = [i for i in range(len(pages)) if "Author Index" in text[i] and label(i)[0] == "/D"]
itext = "\n".join(text[i] for i in idx)
for p in [p for p in papers if " " in p["authors"][0]][:4]:
    name = p["authors"][0].split()
    fam, given = name[-1], " ".join(name[:-1])
    line = [l for l in itext.splitlines() if l.startswith(f"{fam}, {given}")]
    if not line or str(p["first_page"]) not in re.findall(r"\d+", line[0]):
        bad(f"index: {fam}, {given} should list {p['first_page']}: {line}")
sys.exit(0 if ok else 1)
PYEOF
else
	echo "volume-build: python3 missing, PDF structure checks skipped"
fi

# --only pdf: no site; --only html: a site and no PDFs.
"$QUIRE" build "$VOL" -o "$tmp/pdf" --only pdf >/dev/null 2>&1 || bad "--only pdf failed"
[ -f "$tmp/pdf/$ID.pdf" ] && [ ! -e "$tmp/pdf/site" ] || bad "--only pdf output wrong"
"$QUIRE" build "$VOL" -o "$tmp/html" --only html >/dev/null 2>&1 || bad "--only html failed"
[ -f "$tmp/html/site/index.html" ] && [ ! -e "$tmp/html/$ID.pdf" ] || bad "--only html output wrong"

# A volume with an error writes nothing.
cp -R "$VOL" "$tmp/broken"
sed -i 's/^isbn: .*/isbn: 979-11-99999-03-0/' "$tmp/broken/volume.yaml"
"$QUIRE" build "$tmp/broken" -o "$tmp/nothing" >/dev/null 2>&1
[ $? -eq 1 ] || bad "a volume with errors must exit 1"
[ -e "$tmp/nothing" ] && bad "a volume with errors wrote output"
# A folder quire did not write is never replaced.
mkdir "$tmp/mine" && echo keep >"$tmp/mine/file"
"$QUIRE" build "$VOL" -o "$tmp/mine" >/dev/null 2>&1 && bad "replaced a foreign folder"
[ -f "$tmp/mine/file" ] || bad "foreign folder touched"

# Interrupted: the previous OUT stays, nothing temporary remains.
if [ -x build/gencorpus ] || cc -O2 -o "$tmp/gencorpus" bench/gencorpus.c 2>/dev/null; then
	gen=build/gencorpus
	[ -x "$gen" ] || gen=$tmp/gencorpus
	"$gen" "$tmp/big" 30 3000 >/dev/null
	"$QUIRE" build "$VOL" -o "$tmp/keep" --only pdf >/dev/null 2>&1
	cp "$tmp/keep/$ID.pdf" "$tmp/keep.pdf"
	"$QUIRE" build "$tmp/big" -o "$tmp/keep" >/dev/null 2>&1 &
	pid=$!
	sleep 0.3
	kill -INT $pid
	wait $pid
	st=$?
	if [ $st -eq 130 ]; then
		cmp -s "$tmp/keep/$ID.pdf" "$tmp/keep.pdf" || bad "interrupted build changed OUT"
		ls "$tmp" | grep -q 'keep.tmp-' && bad "interrupted build left its temporary folder"
	elif [ $st -ne 0 ]; then
		bad "interrupted build exited $st"
	fi
fi
exit $fail
