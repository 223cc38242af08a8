#!/bin/sh
#
# site_captures.sh: an event page's example says how its capture was
# made (etwcat.1, SITE): "from an exported log" for an .evtx record,
# "in a trace" for an .etl one, nothing more for a JSON sample; "best
# match: BUILD (capture build unknown)" for a capture whose build is not
# known; paths relative to their SOURCE; on the real HTTP_Server
# captures and their manifest.
#
# usage: site_captures.sh  (env ETWCAT, SRCDIR, SHARED)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
: "${SHARED:=../shared}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-sitecap.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

mkdir -p "$tmp/Win7-7601"
cp "$SHARED/corpus/manifests/microsoft-tx/HTTP_Server.man" "$tmp/Win7-7601/"
cap=$SHARED/captures
page=providers/Microsoft-Windows-HttpService/events/21.html

# example PAGE-DIR: the page's example line
example() {
	grep -h 'class="example-result"' "$1/$page"
}

# A loose capture's build is not known (its folder, microsoft-tx, has
# no schemas): it is matched against every build, and the page says
# "best match", never "captured in".  Its path is relative to the
# SOURCE it was given as: the file's name.
"$ETWCAT" build -q -o "$tmp/evtx" "$tmp/Win7-7601" \
    "$cap/evtx/microsoft-tx/HTTP_Server.evtx" >/dev/null 2>&1
example "$tmp/evtx" | grep -q '^<p class="example-result">Best match: <a [^>]*>Win7-7601</a> (capture build unknown)\. Captured from an exported log (<code>HTTP_Server.evtx:1</code>)' ||
    bad ".evtx example: $(example "$tmp/evtx")"
grep -rq 'in <a [^>]*>Win7-7601</a> (<code>' "$tmp/evtx/providers" &&
    bad "a loose capture said to be captured in Win7-7601"
# Its folder is no build: no build page, no build list, history column,
# provider's Builds cell or download names it; the provenance counts
# its captures under "build unknown".
[ -e "$tmp/evtx/builds/microsoft-tx" ] &&
    bad "a build page for the folder of a loose capture"
grep -rl 'microsoft-tx' "$tmp/evtx" --include='*.html' --include='*.json' \
    --include='*.js' | sed "s|$tmp/evtx/||" | head -3 | while read -r f; do
	echo "FAIL: $f names the capture's folder as a build"; done |
    grep . && fail=1
grep -q '<li>captured sample, build unknown ([0-9]*)</li>' \
    "$tmp/evtx/$page" || bad "no 'captured sample, build unknown' line: $(
    grep -A3 'class="prov"' "$tmp/evtx/$page")"
# With -b the capture's build is known.
"$ETWCAT" build -q -b Win7-7601 -o "$tmp/evtxb" "$tmp/Win7-7601" \
    "$cap/evtx/microsoft-tx/HTTP_Server.evtx" >/dev/null 2>&1
example "$tmp/evtxb" | grep -q '^<p class="example-result">Captured from an exported log, in <a [^>]*>Win7-7601</a> (<code>HTTP_Server.evtx:1</code>)' ||
    bad ".evtx example with -b: $(example "$tmp/evtxb")"

"$ETWCAT" build -q -o "$tmp/etl" "$tmp/Win7-7601" \
    "$cap/etl/microsoft-tx/HTTP_Server.etl" >/dev/null 2>&1
example "$tmp/etl" | grep -q '^<p class="example-result">Captured in a trace, in <a [^>]*>Win7-7601</a> (<code>[^<]*HTTP_Server.etl:' ||
    bad ".etl example: $(example "$tmp/etl")"

# The same events as JSON lines: no capture kind.
"$ETWCAT" export --format jsonl -o "$tmp/http.jsonl" \
    "$cap/evtx/microsoft-tx/HTTP_Server.evtx" 2>/dev/null
"$ETWCAT" build -q -o "$tmp/json" "$tmp/Win7-7601" "$tmp/http.jsonl" \
    >/dev/null 2>&1
example "$tmp/json" | grep -q '^<p class="example-result">Best match: <a [^>]*>Win7-7601</a> (capture build unknown)\. Captured (<code>http.jsonl:1</code>)' ||
    bad "JSON example: $(example "$tmp/json")"

[ "$fail" -eq 0 ] && echo "site_captures: ok"
exit "$fail"
