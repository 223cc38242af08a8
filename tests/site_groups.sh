#!/bin/sh
# site_groups.sh: large and empty providers on the site of the 17 TSV
# builds and ../shared/samples (render/site/provider.c, build.c):
#
#   1. no HTML page of the site weighs 300 KB or more (the five largest
#      are printed);
#   2. Microsoft-Windows-Shell-Core (2,388 events) is split in a page
#      per group, its page under 300 KB, and every one of its events is
#      linked from its page or a group page;
#   3. Microsoft-IE (698 events) is one page whose events are grouped
#      (a heading row per group);
#   4. a build page's changes are grouped per provider in <details>;
#   5. ATA_Port_Driver_Tracing_Provider (no event) is listed among the
#      header-only schemas of the index, not in the providers' table;
#   6. no keyword's mask is an empty <code></code>: a mask the schema
#      does not give says so.
#
# About 20 s on /dev/shm, 2-3 minutes on a busy disk (the site is
# 480 MB).  Environment (tests/meson.build): ETWCAT, SHARED.
set -u

ETWCAT=${ETWCAT:-./build/etwcat}
SHARED=${SHARED:-../shared}
C=$SHARED/corpus/tsv/jdu2600
if [ ! -d "$C" ] || [ ! -d "$SHARED/samples" ]; then
	echo "SKIP: no $C or $SHARED/samples"
	exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-groups.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}

# The lint reports the corpus's duplicate events: exit 1 is findings.
timeout 900 "$ETWCAT" build -q -o "$T/site" "$C" "$SHARED/samples" \
    2>"$T/build.err"
rc=$?
if [ $rc -gt 1 ] || [ ! -f "$T/site/index.html" ]; then
	tail -5 "$T/build.err"
	echo "FAIL: etwcat build exited $rc"
	exit 1
fi
S=$T/site

# 1.
echo "the five largest pages:"
find "$S" -name '*.html' -printf '%s %P\n' | sort -n | tail -5 >"$T/big"
cat "$T/big"
max=$(tail -1 "$T/big" | cut -d' ' -f1)
[ "$max" -lt 300000 ] || bad "the largest page is $max bytes"

# 1b. The site of every shared source: more providers on the index, and
# Win10-1511-10586 adding 1,004 providers to the partial 1507 (each a
# name in one list, not a group each: 354 KB before).
A=$SHARED/corpus
timeout 900 "$ETWCAT" build -q -j 2 -o "$T/all" "$C" "$A/manifests/lilhoser" \
    "$A/manifests/repnz" "$A/wepexplorer/nasbench" \
    "$A/manifests/microsoft-tx" 2>"$T/all.err"
rc=$?
if [ $rc -gt 1 ] || [ ! -f "$T/all/index.html" ]; then
	tail -5 "$T/all.err"
	echo "FAIL: etwcat build of every shared source exited $rc"
	exit 1
fi
echo "the five largest pages of every shared source's site:"
find "$T/all" -name '*.html' -printf '%s %P\n' | sort -n | tail -5 >"$T/big2"
cat "$T/big2"
max=$(tail -1 "$T/big2" | cut -d' ' -f1)
[ "$max" -lt 300000 ] || bad "every source: the largest page is $max bytes"
n=$(grep -o '<ul class="plist">' "$T/all/builds/Win10-1511-10586/index.html" |
    wc -l)
[ "$n" -ge 1 ] || bad "1511's providers added are not a list"
rm -rf "$T/all"

# 2.
P=$S/providers/Microsoft-Windows-Shell-Core
n=$(wc -c <"$P/index.html")
[ "$n" -lt 307200 ] || bad "Shell-Core's page is $n bytes"
ls "$P"/group-*.html >/dev/null 2>&1 || bad "Shell-Core has no group page"
ls "$P/events" | sed 's/\.html$//' | sort -u >"$T/ids"
[ "$(wc -l <"$T/ids")" -eq 2388 ] ||
    bad "Shell-Core has $(wc -l <"$T/ids") event pages, not 2388"
cat "$P/index.html" "$P"/group-*.html 2>/dev/null |
    grep -o 'href="events/[0-9]*\.html"' | sed 's/.*events\///; s/\.html"//' |
    sort -u >"$T/linked"
cmp -s "$T/ids" "$T/linked" ||
    bad "Shell-Core: $(comm -23 "$T/ids" "$T/linked" | wc -l) events not linked"
# Its groups are found by event id from its page: 18509's is there.
grep -q 'data-ids="[^"]*\b18509\b' "$P/index.html" ||
    bad "Shell-Core's page does not find event 18509 by id"

# 3.
g=$(grep -c '<tr class="gh"><th scope="rowgroup"' \
    "$S/providers/Microsoft-IE/index.html")
[ "$g" -ge 2 ] || bad "Microsoft-IE's events are in $g groups"

# 4.
B=$S/builds/Win10-1607-14393/index.html
grep -q '<details class="grp"' "$B" || bad "1607's changes are not grouped"
grep -q '<summary>Microsoft-Windows-Kernel-Boot — [0-9]* finding' "$B" ||
    bad "1607 has no Kernel-Boot group"

# 5.
sed -n '/id="provtable"/,/<\/table>/p' "$S/index.html" >"$T/full"
sed -n '/id="headeronly"/,/<\/table>/p' "$S/index.html" >"$T/empty"
grep -q 'ATA_Port_Driver_Tracing_Provider' "$T/full" &&
    bad "ATA_Port_Driver_Tracing_Provider is among the providers with events"
grep -q '>ATA_Port_Driver_Tracing_Provider</a></td><td>Win10-1511-10586' "$T/empty" ||
    bad "ATA_Port_Driver_Tracing_Provider is not listed as header-only"
grep -q '<td class="num">0</td>' "$T/full" &&
    bad "a provider with 0 events among the providers with events"

# 6.
if grep -l '<code></code>' "$S"/providers/*/index.html >"$T/chips"; then
	bad "$(wc -l <"$T/chips") provider pages with an empty mask, e.g. $(head -1 "$T/chips")"
fi
grep -q '<span class="absent">not given</span>' \
    "$S/providers/Microsoft-Windows-Shell-Core/index.html" ||
    bad "Shell-Core's keywords without a mask do not say so"

[ $fail -eq 0 ] && echo "PASS"
exit $fail
