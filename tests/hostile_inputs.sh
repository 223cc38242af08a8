#!/bin/sh
# hostile_inputs.sh: inputs an adversary writes on purpose, each of
# which once passed without a word or gave a wrong result: integers
# past their field's width, providers whose names differ only in case,
# impossible build dates, a TSV with a byte-order mark, Sigma rule file
# names that need percent-encoding, bidirectional controls in names.
# Run by meson with ETWCAT and SRCDIR set and cwd = repo root.
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
T="timeout 120"

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# has FILE PATTERN DESCRIPTION: a fixed string in FILE.
has() {
	if grep -qF -- "$2" "$1"; then ok; else
		ko "$3: no '$2' in $1:"; head -5 "$1" | sed 's/^/  /'
	fi
}
# hasnt FILE PATTERN DESCRIPTION
# (grep's 2, a file missing or unreadable, is a failure, not an absence)
hasnt() {
	grep -qF -- "$2" "$1"
	case $? in
	0)	ko "$3: '$2' in $1:"; grep -F -- "$2" "$1" | head -3 |
		    sed 's/^/  /' ;;
	1)	ok ;;
	*)	ko "$3: cannot read $1" ;;
	esac
}

# --- integers past the width of their field -------------------------
# A real sample, its first UInt32 "size" (line 30, no outType) set to
# values no UInt32 holds: each must be reported at that line.
b=$SRCDIR/samples/builds/WS2022-20348.4893
src=$tmp/ints
mkdir -p "$src/builds/B/samples"
cp "$b/build.json" "$src/builds/B/"
cp -R "$b/manifests" "$src/builds/B/"
f=$src/builds/B/samples/Microsoft-Windows-Kernel-Network.json
for v in 4294967296 9999999999 18446744073709551615 '"4294967296"' \
    1e10 -1; do
	sed "30s/\"size\": \"    1007\"/\"size\": $v/" \
	    "$b/samples/Microsoft-Windows-Kernel-Network.json" >"$f"
	if ! sed -n 30p "$f" | grep -qF "\"size\": $v,"; then
		ko "sample line 30 is not the size field"; continue
	fi
	$T "$ETWCAT" validate "$src" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 1 ] && ok || ko "size $v: exit $rc, wanted 1"
	has "$tmp/err" "Kernel-Network.json:30:5: error: value does not fit its field's type: [0].event_data.size: " "size $v"
	has "$tmp/err" "[sample-out-of-range]" "size $v"
done

# --- provider names that differ only in case -------------------------
# Test-A_B and test-a_b with two GUIDs in one build: the second is
# reported at its own line, naming both GUIDs, and none of its events
# is filed under the first one's GUID.
src=$tmp/dup
m=$src/builds/Win10-1909-18363/manifests
mkdir -p "$m"
manifest() {
	cat >"$1" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events"
    xmlns:win="http://manifests.microsoft.com/win/2004/08/windows/events">
 <instrumentation>
  <events>
   <provider name="$2" guid="$3" symbol="S">
    <events>
     <event value="$4" version="0" level="win:Informational"/>
    </events>
   </provider>
  </events>
 </instrumentation>
</instrumentationManifest>
EOF
}
g1='{11111111-1111-1111-1111-111111111111}'
g2='{22222222-2222-2222-2222-222222222222}'
manifest "$m/a.xml" Test-A_B "$g1" 1
manifest "$m/b.xml" test-a_b "$g2" 777
$T "$ETWCAT" validate "$src" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && ok || ko "duplicate provider: exit $rc, wanted 0"
has "$tmp/err" "b.xml:6:0: warning: provider defined again in the same build: test-a_b $g2: Test-A_B ($m/a.xml:6) has the same name but for case and the GUID $g1; not loaded" "case-folded provider"
has "$tmp/err" "[source-duplicate-provider]" "case-folded provider id"
$T "$ETWCAT" export --format json "$src" >"$tmp/out" 2>"$tmp/err"
has "$tmp/out" "\"guid\": \"$g1\"" "first provider kept"
hasnt "$tmp/out" "$g2" "second provider's GUID"
hasnt "$tmp/out" '"id":777' "second provider's event"
has "$tmp/out" '"id":1,' "first provider's event"
# The same name and GUID twice by one kind of source: reported, kept.
manifest "$m/b.xml" Test-A_B "$g1" 2
$T "$ETWCAT" validate "$src" >"$tmp/out" 2>"$tmp/err"
has "$tmp/err" "b.xml:6:0: warning: provider defined again in the same build: Test-A_B, first defined at $m/a.xml:6 [source-duplicate-provider]" "same provider twice"

# --- build.json: impossible dates, a build number past 32 bits -------
src=$tmp/bj
mkdir -p "$src/builds/Win10-1909-18363"
bj=$src/builds/Win10-1909-18363/build.json
for d in 2026-13-45:"there is no month 13" 2026-02-29:"2026-02 has days 01 to 28" \
    2100-02-29:"2100-02 has days 01 to 28" 2026-04-31:"2026-04 has days 01 to 30" \
    2026-01-00:"2026-01 has days 01 to 31" 2026-00:"there is no month 00"; do
	printf '{\n  "capture_date": "%s"\n}\n' "${d%%:*}" >"$bj"
	$T "$ETWCAT" validate "$src" >"$tmp/out" 2>"$tmp/err"
	has "$tmp/err" "build.json:2:3: error: build.json invalid: capture_date: expected YYYY-MM-DD, a date: ${d#*:} [build-json]" "capture_date ${d%%:*}"
done
for d in 2024-02-29 2000-02-29 2026-12-31 2026-12 2026; do
	printf '{\n  "capture_date": "%s"\n}\n' "$d" >"$bj"
	$T "$ETWCAT" validate "$src" >"$tmp/out" 2>"$tmp/err"
	hasnt "$tmp/err" "build-json" "capture_date $d"
done
printf '{\n  "build_number": 4294967296\n}\n' >"$bj"
$T "$ETWCAT" validate "$src" >"$tmp/out" 2>"$tmp/err"
has "$tmp/err" "build.json:2:3: error: build.json invalid: build_number: expected a positive integer of at most 4294967295 [build-json]" "build_number 2^32"
printf '{\n  "build_number": 4294967295\n}\n' >"$bj"
$T "$ETWCAT" validate "$src" >"$tmp/out" 2>"$tmp/err"
hasnt "$tmp/err" "build-json" "build_number 2^32-1"

# --- a TSV that starts with a UTF-8 byte-order mark ------------------
# Loads as the same file without one: no tsv-header error, the same
# export but for the folder name.
f=$SRCDIR/samples/builds/Win10-1903-18362/tsv/manifest/Microsoft-Windows-SMBClient.tsv
for d in bom nobom; do
	mkdir -p "$tmp/$d/builds/Win10-1909-18363/tsv/manifest"
done
{ printf '\357\273\277'; cat "$f"; } \
    >"$tmp/bom/builds/Win10-1909-18363/tsv/manifest/${f##*/}"
cp "$f" "$tmp/nobom/builds/Win10-1909-18363/tsv/manifest/"
$T "$ETWCAT" validate "$tmp/bom" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && ok || ko "TSV with a BOM: exit $rc, wanted 0"
hasnt "$tmp/err" "tsv-header" "TSV with a BOM"
for d in bom nobom; do
	$T "$ETWCAT" export --format json "$tmp/$d" 2>&1 |
	    sed "s|$tmp/$d/||" >"$tmp/export-$d"
done
if cmp -s "$tmp/export-bom" "$tmp/export-nobom" &&
    grep -q '"id":1,' "$tmp/export-bom"; then ok; else
	ko "TSV with a BOM exports differently:"
	diff "$tmp/export-nobom" "$tmp/export-bom" | head -5
fi

# --- a Sigma rule file name that needs percent-encoding ------------
# x#?.yml in SigmaHQ's layout links to .../x%23%3F.yml, not to "x"
# with a query and a fragment.
src=$tmp/sigma
r=$src/rules/rules/windows/builtin/smbclient
mkdir -p "$r" "$src/builds"
cp -R "$SRCDIR/samples/builds/Win11-22H2-22621" "$src/builds/"
cp "$SRCDIR/samples/rules/rules/windows/builtin/smbclient/security/win_smbclient_security_susp_failed_guest_logon.yml" \
    "$r/x#?.yml"
$T "$ETWCAT" build -q -o "$tmp/sigma-site" "$src" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && ok || ko "site with rule x#?.yml: exit $rc, wanted 0"
has "$tmp/sigma-site/providers/Microsoft-Windows-SMBClient/events/31017.html" \
    'href="https://github.com/SigmaHQ/sigma/blob/master/rules/windows/builtin/smbclient/x%23%3F.yml"' \
    "Sigma upstream link percent-encoded"
hasnt "$tmp/sigma-site/providers/Microsoft-Windows-SMBClient/events/31017.html" \
    'smbclient/x#' "Sigma upstream link not encoded"

# --- bidirectional controls in names --------------------------------
# A provider, an event and a field named with U+202E (and the other
# bidi controls): the pages and the search index show each by its code
# point, and hold none of them raw.  (The JSON and TSV downloads are
# data and keep the names as they are.)
src=$tmp/bidi
m=$src/builds/Win10-1909-18363/manifests
mkdir -p "$m"
rlo=$(printf '\342\200\256')
all=$(printf '\330\234\342\200\216\342\200\217\342\200\252\342\200\253\342\200\254\342\200\255\342\201\246\342\201\247\342\201\250\342\201\251')
cat >"$m/bidi.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events"
    xmlns:win="http://manifests.microsoft.com/win/2004/08/windows/events">
 <instrumentation>
  <events>
   <provider name="${rlo}gnp.exe" guid="{33333333-3333-3333-3333-333333333333}" symbol="S">
    <events>
     <event value="1" version="0" level="win:Informational" template="T" symbol="${rlo}txt.exe"/>
    </events>
    <templates>
     <template tid="T">
      <data name="${rlo}fdp.exe" inType="win:UInt32"/>
      <data name="x${all}y" inType="win:UInt32"/>
     </template>
    </templates>
   </provider>
  </events>
 </instrumentation>
</instrumentationManifest>
EOF
$T "$ETWCAT" build -q -o "$tmp/bidi-site" "$src" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && ok || ko "site with bidi names: exit $rc, wanted 0"
if LC_ALL=C grep -rlE "$(printf '\330\234|\342\200[\216\217\252-\256]|\342\201[\246-\251]')" \
    --include='*.html' --include='*.js' "$tmp/bidi-site" >"$tmp/raw"; then
	ko "raw bidi controls in the site:"; sed 's/^/  /' "$tmp/raw"
else ok; fi
ev=$(ls "$tmp/bidi-site/providers"/*/events/1.html 2>/dev/null | head -1)
if [ -n "$ev" ]; then ok; else ko "no event page in the bidi site"; ev=/dev/null; fi
has "$ev" "[U+202E]gnp.exe" "provider name shown by code point"
has "$ev" "[U+202E]fdp.exe" "field name shown by code point"
has "$ev" "x[U+061C][U+200E][U+200F][U+202A][U+202B][U+202C][U+202D][U+2066][U+2067][U+2068][U+2069]y" \
    "every bidi control shown by code point"
has "$tmp/bidi-site/index.html" "[U+202E]gnp.exe" "provider on the index"
has "$tmp/bidi-site/search-index.js" '"[U+202E]gnp.exe"' "provider in the search index"
has "$tmp/bidi-site/search-index.js" '"[U+202E]fdp.exe"' "field in the search index"

echo "hostile_inputs: $pass passed, $fail failed"
# A run that checked nothing must not pass.
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
