#!/bin/sh
# site_a11y.sh: the site on a phone and for a screen reader.
#
#   1. etwcat build renders samples/ (as `make site` does) and a site of
#      two providers of the full corpus, Microsoft-Windows-SMBServer and
#      Microsoft-Windows-Kernel-Network, from their files in the four
#      sources of ../shared/corpus that have them (the two whose pages
#      were the widest at 390 px: 964 and 674 px before the Channels,
#      Keywords and Tasks tables scrolled in their own box), and of
#      Microsoft-Windows-Shell-Core, whose 2,388 events split its page
#      into group pages;
#   2. tests/site_a11y.py, in headless Chromium: one page of each kind
#      (the index, the index with search results open, a provider, a
#      provider split into groups and one group's page, an event with an
#      example event and findings, a build with its facts table) is no
#      wider than a 390 px viewport, and axe-core finds no
#      violation on it at 1280 and 390 px in the light and the dark
#      colour scheme; a few more pages (the largest provider, event and
#      build pages of samples/) are measured at 390 px only.
#
# A page of the full-corpus site is the page of its provider alone, so
# two providers' files give the same provider pages as the whole corpus
# in under a second, where the whole site takes about a minute (see
# tests/site_search.sh).  axe-core takes seconds on a page of 400 rows:
# about 40-60 s in all on 2 busy cores.
#
# axe-core is npm's (no Debian package): `make deps-test` runs npm ci in
# tests/axe/, which pins its version.  Without it, or without chromium,
# the test says so and exits 77 (skipped).
#
# Environment (tests/meson.build): ETWCAT, SHARED, SRCDIR.
set -u

ETWCAT=${ETWCAT:-./build/etwcat}
SHARED=${SHARED:-../shared}
SRCDIR=${SRCDIR:-.}

AXE=$SRCDIR/tests/axe/node_modules/axe-core
if [ ! -f "$AXE/axe.min.js" ]; then
	echo "SKIP: axe-core is not installed in tests/axe (make deps-test," \
	    "or: cd tests/axe && npm ci)"
	exit 77
fi
want=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["packages"]["node_modules/axe-core"]["version"])' \
    "$SRCDIR/tests/axe/package-lock.json") || exit 1
have=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' \
    "$AXE/package.json") || exit 1
if [ "$want" != "$have" ]; then
	echo "SKIP: tests/axe has axe-core $have, package-lock.json pins" \
	    "$want (make deps-test, or: cd tests/axe && npm ci)"
	exit 77
fi
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	echo "SKIP: chromium is not installed (apt-get install chromium)"
	exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-a11y.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

# 1. The samples report findings: exit 1 is findings.
timeout 300 "$ETWCAT" build -q -j 2 -o "$T/site" "$SRCDIR/samples" \
    2>"$T/build.err"
rc=$?
if [ $rc -gt 1 ]; then
	tail -5 "$T/build.err"
	echo "FAIL: etwcat build samples exited $rc"
	exit 1
fi
S=$T/site
pages="index=$S/index.html index+search=$S/index.html"
pages="$pages event=$S/providers/Microsoft-Windows-SMBServer/events/551.html"
pages="$pages build=$S/builds/WS2022-20348.4893/index.html"
wide="provider-SMBServer=$S/providers/Microsoft-Windows-SMBServer/index.html"
wide="$wide event-rules=$S/providers/Microsoft-Windows-SMBServer/events/8.html"
wide="$wide event-verbatim=$S/providers/Microsoft-Windows-Hyper-V-VSmb/events/1.html"
wide="$wide build-largest=$S/builds/Win11-24H2-26100/index.html"

C=$SHARED/corpus
srcs=""
for d in tsv/jdu2600 manifests/lilhoser manifests/repnz wepexplorer/nasbench; do
	[ -d "$C/$d" ] || continue
	(cd "$C/$d" && find . -type f \( \
	    -name 'Microsoft-Windows-SMBServer[. ]*' -o \
	    -name 'Microsoft-Windows-Kernel-Network[. ]*' -o \
	    -name 'Microsoft-Windows-Shell-Core[. ]*' -o \
	    -name version.txt -o -name build.json \)) >"$T/list" || exit 1
	while IFS= read -r f; do
		mkdir -p "$T/src/$d/${f%/*}" &&
		    cp "$C/$d/$f" "$T/src/$d/$f" || exit 1
	done <"$T/list"
	srcs="$srcs $T/src/$d"
done
if [ -n "$srcs" ]; then
	# shellcheck disable=SC2086
	timeout 300 "$ETWCAT" build -q -o "$T/full" $srcs 2>"$T/full.err"
	rc=$?
	if [ $rc -gt 1 ]; then
		tail -5 "$T/full.err"
		echo "FAIL: etwcat build of the two providers exited $rc"
		exit 1
	fi
	P=$T/full/providers
	for p in Microsoft-Windows-SMBServer Microsoft-Windows-Kernel-Network; do
		[ -s "$P/$p/index.html" ] || {
			echo "FAIL: no page for $p in the full-corpus site"
			exit 1
		}
	done
	pages="$pages provider-Kernel-Network=$P/Microsoft-Windows-Kernel-Network/index.html"
	# Shell-Core's 2,388 events: a provider page that lists its groups,
	# and one group's page (providers/NAME/group-N.html).
	[ -s "$P/Microsoft-Windows-Shell-Core/group-1.html" ] || {
		echo "FAIL: Shell-Core is not split into group pages"
		exit 1
	}
	pages="$pages provider-split=$P/Microsoft-Windows-Shell-Core/index.html"
	pages="$pages group=$P/Microsoft-Windows-Shell-Core/group-1.html"
	wide="$wide full-SMBServer=$P/Microsoft-Windows-SMBServer/index.html"
	wide="$wide full-Kernel-Network-10=$P/Microsoft-Windows-Kernel-Network/events/10.html"
else
	echo "no $C: samples/ only"
	pages="$pages provider-SMBServer=$S/providers/Microsoft-Windows-SMBServer/index.html"
fi

# 2. Exit 2 is "could not drive chromium": tried once more before
# skipping, as tests/site_test.sh does (a start can time out under load).
for try in 1 2; do
	# shellcheck disable=SC2086
	timeout 600 python3 "$SRCDIR/tests/site_a11y.py" "$chromium" \
	    "$AXE/axe.min.js" $pages --width $wide
	rc=$?
	[ $rc -eq 2 ] || break
done
if [ $rc -eq 2 ]; then
	echo "SKIP: chromium could not be driven here"
	exit 77
fi
exit $rc
