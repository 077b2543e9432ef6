#!/bin/sh
# Install the Debian packages quire needs to build and test, when run as
# root; otherwise print the exact apt-get line and stop.  Used by `make demo`
# and `make test`, so the README's two commands work on a fresh Debian 12.
set -eu

PACKAGES="build-essential pkg-config
 libcmark-gfm-dev libcmark-gfm-extensions-dev libhpdf-dev libxml2-dev
 libpcre2-dev libyaml-dev libicu-dev libhyphen-dev hyphen-en-us
 libfontconfig-dev libpng-dev libjpeg-dev zlib1g-dev fonts-nanum fonts-dejavu-core
 fonts-dejavu-extra libmimalloc-dev libcmocka-dev poppler-utils qpdf"
# `deps.sh fuzz` adds clang and its libFuzzer runtime for `make fuzz`.
[ "${1:-}" = fuzz ] && PACKAGES="$PACKAGES clang libclang-rt-14-dev"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "quire: installing missing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
else
	echo "quire: missing Debian packages. Install them with:" >&2
	echo "  sudo apt-get install$missing" >&2
	exit 1
fi
