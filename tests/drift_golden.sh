#!/bin/sh
# drift_golden.sh: one golden case per drift class, each built from real
# rows of the jdu2600 TSV corpus (extracted here, at test time, so the
# inputs are the corpus itself) and compared with the expected report in
# tests/regress/drift/<case>.out.  Set UPDATE=1 to rewrite the goldens
# (then read the diff: a golden is only as good as its review).
#
# A case: NAME PROVIDER-FILE FROM TO IDS ("all" or id,id,...).  Several
# provider files are separated by "+".
set -u
: "${ETWCAT:?}" "${SHARED:=../shared}" "${SRCDIR:=.}"
corpus=$SHARED/corpus/tsv/jdu2600
golden=$SRCDIR/tests/regress/drift
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# rows FILE IDS: the header and the rows whose event id is listed.
rows() {
	awk -F'\t' -v ids="$2" 'BEGIN { n = split(ids, a, ","); for (i = 1; i <= n; i++) want[a[i]] = 1 }
	    NR == 1 || ids == "all" || ($2 in want)' "$1"
}

run_case() {
	name=$1 files=$2 from=$3 to=$4 ids=$5
	src=$tmp/$name
	for b in $from $to; do
		mkdir -p "$src/builds/$b/tsv/manifest"
		for f in $(echo "$files" | tr + ' '); do
			in=$corpus/$b/manifest/$f.tsv
			[ -f "$in" ] && rows "$in" "$ids" > "$src/builds/$b/tsv/manifest/$f.tsv"
		done
	done
	"$ETWCAT" drift -W note ${FORMAT:+--format $FORMAT} "$src" \
	    > "$tmp/$name.out" 2> "$tmp/$name.err"
	echo "exit $?" >> "$tmp/$name.out"
	# Paths in the report are the temporary folder's: make them stable.
	sed -i "s|$tmp/||g" "$tmp/$name.out"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/$name.out" "$golden/$name.out"
	fi
	if diff -u "$golden/$name.out" "$tmp/$name.out" > "$tmp/$name.diff"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name"; cat "$tmp/$name.diff"; cat "$tmp/$name.err"
	fi
}

run_case fields-appended Microsoft-Windows-SMBServer Win10-1803-17134 Win10-1809-17763 500,501,502
run_case fields-inserted-renamed Microsoft-Windows-SMBServer Win11-23H2-22631 Win11-24H2-26100 101,102
run_case appended-version-added Microsoft-Windows-SMBClient Win10-1909-18363 Win10-2004-19041 30203,30204
run_case fields-removed Microsoft-Windows-AppModel-Exec Win10-1511-10586 Win10-1607-14393 1101
run_case field-retyped Microsoft-Windows-Dwm-Core Win10-1809-17763 Win10-1903-18362 209
run_case descriptor Microsoft-Windows-AAD Win10-21H1-19043 Win11-21H2-22000 1241
run_case name-only Microsoft-Windows-SMBClient Win11-23H2-22631 Win11-24H2-26100 30203
run_case event-removed Microsoft-Windows-OLE-Perf Win10-1511-10586 Win10-1607-14393 all
run_case version-removed-added Microsoft-Windows-Wininit Win10-1511-10586 Win10-1607-14393 all
run_case event-added Microsoft-Windows-SMBServer Win10-1803-17134 Win10-1809-17763 all
run_case providers Microsoft-Windows-Winsock-Sockets+Microsoft-Windows-AllJoyn Win10-21H1-19043 Win11-21H2-22000 all
run_case providers-removed Microsoft-Windows-AllJoyn+Microsoft-Windows-Dot3MM+Microsoft-Windows-Kernel-Network Win11-23H2-22631 Win11-24H2-26100 all

# Classes the TSV corpus cannot show (it has no GUIDs, outTypes, maps
# or messages), from manifests.  Presentation is real: SMBClient 30803
# loses its map between the repnz 1803 and 18990 manifests.
man=$SHARED/corpus/manifests/repnz
mkdir -p "$tmp/manifests/builds/Win10-1803-17134/manifests" \
    "$tmp/manifests/builds/Win10-Insider-18990/manifests"
cp "$man/Win10-1803-17134/Microsoft-Windows-SMBClient.xml" \
    "$tmp/manifests/builds/Win10-1803-17134/manifests/"
cp "$man/Win10-Insider-18990/Microsoft-Windows-SMBClient.xml" \
    "$tmp/manifests/builds/Win10-Insider-18990/manifests/"
"$ETWCAT" drift -q -W note --format json "$tmp/manifests" > "$tmp/pres.json"
if grep -q '"id": "drift-field-presentation"' "$tmp/pres.json" &&
    grep -A 8 '"event_id": 30803' "$tmp/pres.json" |
    grep -q '"before": "map ConnectionTypeMap"'; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL: SMBClient 30803 map presentation drift"
fi
# GUID and message: no real pair in the corpus changes them, so the
# Hyper-V-VSmb transcription (samples/) is copied and mutated by hand:
# a new GUID and a new text for event 2 in the later copy.
vsmb=$SRCDIR/samples/builds/Win11-26200.6584/manifests/Microsoft-Windows-Hyper-V-VSmb.xml
mkdir -p "$tmp/mut/builds/Win11-25H2-26200/manifests" \
    "$tmp/mut/builds/Win11-26H1-28000/manifests"
cp "$vsmb" "$tmp/mut/builds/Win11-25H2-26200/manifests/"
sed -e 's/{7b0ea079-e3bc-424a-b2f0-e3d8478d204b}/{7b0ea079-e3bc-424a-b2f0-e3d8478d2000}/' \
    -e 's|<string id="event_2" value="\[VMID %3\] %1"/>|<string id="event_2" value="[VM %3] %1 (%2)"/>|' \
    "$vsmb" > "$tmp/mut/builds/Win11-26H1-28000/manifests/vsmb.xml"
"$ETWCAT" drift -q -W note "$tmp/mut" > "$tmp/mut.out"
if [ $? -eq 1 ] &&
    grep -q "breaking: A provider keeps its name but has a new GUID.*\|{7b0ea079-e3bc-424a-b2f0-e3d8478d204b} -> {7b0ea079-e3bc-424a-b2f0-e3d8478d2000} \[drift-provider-guid\]" "$tmp/mut.out" &&
    grep -q "note: \[VMID %3\] %1 -> \[VM %3\] %1 (%2) \[drift-message\]" "$tmp/mut.out" &&
    grep -q "^2 findings: drift-provider-guid 1; drift-message 1;" "$tmp/mut.out"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL: GUID and message drift"; cat "$tmp/mut.out"
fi

# The other report formats, on the insert-and-rename case.
FORMAT=markdown run_case markdown Microsoft-Windows-SMBServer Win11-23H2-22631 Win11-24H2-26100 101
FORMAT=json run_case json Microsoft-Windows-SMBServer Win10-1803-17134 Win10-1809-17763 500
FORMAT=sarif run_case sarif Microsoft-Windows-Dwm-Core Win10-1809-17763 Win10-1903-18362 209

# Kernel-Network is the same in all 17 builds: no finding in any pair.
out=$("$ETWCAT" drift -W note "$tmp/kn" 2>/dev/null; true)
mkdir -p "$tmp/kn"
for b in $(ls "$corpus"); do
	mkdir -p "$tmp/kn/builds/$b/tsv"
	cp "$corpus/$b/manifest/Microsoft-Windows-Kernel-Network.tsv" "$tmp/kn/builds/$b/tsv/"
done
out=$("$ETWCAT" drift -W note "$tmp/kn")
rc=$?
if [ $rc -eq 0 ] && [ "$out" = "0 findings." ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL: Kernel-Network unchanged: exit $rc: $out" | head -20
fi

# CI use: a baseline written from two builds accepts all their drift
# (exit 0); an edit to a copy of the later build is the only finding.
ci=$tmp/ci
for b in Win10-1803-17134 Win10-1809-17763; do
	mkdir -p "$ci/builds/$b/tsv"
	cp "$corpus/$b/manifest/Microsoft-Windows-SMBServer.tsv" "$ci/builds/$b/tsv/"
done
"$ETWCAT" drift -q --write-baseline "$tmp/base.txt" "$ci" > /dev/null
n=$(grep -vc '^#' "$tmp/base.txt")
sorted=$(grep -v '^#' "$tmp/base.txt" | LC_ALL=C sort -c 2>&1 && echo sorted)
"$ETWCAT" drift -q -W note --baseline "$tmp/base.txt" "$ci" > "$tmp/ci1.out"
rc1=$?
# Event 1 v2 SessionId: UInt64 -> UInt32 in the later build's copy.
sed -i 's/^\(Microsoft-Windows-SMBServer\t1\t2\tSmb2RequestNegotiate_V2(\)UInt64 SessionId/\1UInt32 SessionId/' \
    "$ci/builds/Win10-1809-17763/tsv/Microsoft-Windows-SMBServer.tsv"
"$ETWCAT" drift -q --baseline "$tmp/base.txt" "$ci" > "$tmp/ci2.out"
rc2=$?
if [ "$n" -ge 18 ] && [ "$sorted" = sorted ] && [ $rc1 -eq 0 ] &&
    grep -q "^0 findings (${n} more accepted by the baseline)" "$tmp/ci1.out" &&
    [ $rc2 -eq 1 ] &&
    grep -q "^1 finding (${n} more accepted by the baseline): drift-field-retyped 1;" "$tmp/ci2.out" &&
    grep -q "SessionId: UInt64 SessionId -> UInt32 SessionId \[drift-field-retyped\]" "$tmp/ci2.out"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: baseline: $n lines, $sorted, exit $rc1 then $rc2"
	cat "$tmp/ci1.out" "$tmp/ci2.out" | head -20
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
