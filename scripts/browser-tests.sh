#!/bin/sh
# Browser tests of a built HTML archive: scripts/browser-tests.sh SITE_DIR [CORPUS_SITE_DIR]
#   Crawls every page (and those of the corpus site, from scripts/corpus-site.sh) (file:// and http://127.0.0.1), runs the search box, takes
#   screenshots (tests/browser/screenshots/) and checks accessibility with axe-core,
#   in Debian's Chromium driven by playwright-core; plus the node-only unit test of
#   templates/search.js. Installs what is missing first: Debian's chromium (and a
#   Hangul font) through apt-get when run as root, the npm packages from
#   package-lock.json. Node's test runner ends with "# pass N" / "# fail N".
set -eu
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -f "$1/index.html" ]; then
	echo "usage: scripts/browser-tests.sh SITE_DIR [CORPUS_SITE_DIR]   (built archives with index.html)" >&2
	exit 2
fi
SITE=$(cd "$1" && pwd)
CORPUS_SITE=""
[ $# -eq 2 ] && CORPUS_SITE=$(cd "$2" && pwd)
CHROMIUM=${QUIRE_CHROMIUM:-/usr/bin/chromium}

# Debian packages: chromium, and a Korean font so Hangul shows in screenshots.
pkgs=""
[ -x "$CHROMIUM" ] || pkgs="chromium"
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=ko family 2>/dev/null)" ]; then
	pkgs="$pkgs fonts-noto-cjk"
fi
if [ -n "$pkgs" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "== apt-get install$pkgs"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q >/dev/null
		# shellcheck disable=SC2086
		apt-get install -y -q --no-install-recommends $pkgs >/dev/null
	elif [ ! -x "$CHROMIUM" ]; then
		echo "Chromium is missing; install it with:" >&2
		echo "  sudo apt-get install -y chromium fonts-noto-cjk" >&2
		exit 1
	else
		echo "note: no Korean font; Hangul may show as boxes (sudo apt-get install -y fonts-noto-cjk)" >&2
	fi
fi

if ! command -v node >/dev/null 2>&1 || \
	[ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
	echo "Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))" >&2
	exit 1
fi

# npm packages (playwright-core, axe-core), exactly as package-lock.json pins them.
# playwright-core brings no browser; never run "npx playwright install" here.
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
	echo "== npm packages"
	if [ -f package-lock.json ]; then
		npm ci --no-audit --no-fund
	else
		npm install --no-audit --no-fund
	fi
fi

echo "== browser tests of $SITE"
QUIRE_SITE="$SITE" QUIRE_CORPUS_SITE="$CORPUS_SITE" QUIRE_CHROMIUM="$CHROMIUM" exec node --test tests/browser/
