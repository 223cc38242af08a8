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
hasnt() {
	if grep -qF -- "$2" "$1"; then
		ko "$3: '$2' in $1:"; grep -F -- "$2" "$1" | head -3 |
		    sed 's/^/  /'
	else ok; fi
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

echo "hostile_inputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
