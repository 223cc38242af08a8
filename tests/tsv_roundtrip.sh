#!/bin/sh
# tsv_roundtrip.sh: import then export of the jdu2600 TSV corpus (17
# Windows builds, every manifest/ and mof/ file) must give back every
# .tsv file byte for byte, with no file missing and none extra.
# Run by meson with ETWCAT, SHARED and SRCDIR set and cwd = repo root.
# Exit 0 pass, 1 fail, 77 skip (corpus absent).
set -u
: "${ETWCAT:?}" "${SHARED:=../shared}"
src=$SHARED/corpus/tsv/jdu2600
if [ ! -d "$src" ]; then
	echo "SKIP: no TSV corpus at $src"
	exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$ETWCAT" export --format tsv -o "$tmp/out" "$src" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "FAIL: etwcat export exited $rc"
	head -20 "$tmp/err"
	exit 1
fi

# Which files: relative paths of every .tsv on each side.
(cd "$src" && find . -type f -name '*.tsv' | LC_ALL=C sort) >"$tmp/orig"
(cd "$tmp/out" && find . -type f | LC_ALL=C sort) >"$tmp/new"
LC_ALL=C comm -23 "$tmp/orig" "$tmp/new" >"$tmp/missing"
LC_ALL=C comm -13 "$tmp/orig" "$tmp/new" >"$tmp/extra"
LC_ALL=C comm -12 "$tmp/orig" "$tmp/new" >"$tmp/both"

# Byte comparison of the common files, as cmp does, but in one diff
# process rather than one cmp per file: "Files A and B differ".
diff -rq "$src" "$tmp/out" 2>&1 | sed -n "s|^Files $src/\(.*\) and .* differ\$|./\1|p" \
    >"$tmp/differ"

norig=$(wc -l <"$tmp/orig")
nboth=$(wc -l <"$tmp/both")
nmiss=$(wc -l <"$tmp/missing")
nextra=$(wc -l <"$tmp/extra")
ndiff=$(wc -l <"$tmp/differ")
nbuild=$(cut -d/ -f2 "$tmp/orig" | LC_ALL=C sort -u | wc -l)
echo "tsv_roundtrip: $norig files in $nbuild builds; $nboth written," \
    "$ndiff differ, $nmiss missing, $nextra extra"
if [ "$norig" -eq 0 ]; then
	echo "FAIL: no .tsv file under $src"
	exit 1
fi
if [ "$nmiss" -ne 0 ] || [ "$nextra" -ne 0 ] || [ "$ndiff" -ne 0 ]; then
	sed 's/^/missing: /' "$tmp/missing" | head -50
	sed 's/^/extra: /' "$tmp/extra" | head -50
	sed 's/^/differs: /' "$tmp/differ" | head -50
	# The first differing line of the first few, to see why.
	head -5 "$tmp/differ" | while IFS= read -r f; do
		echo "--- $f"
		diff "$src/$f" "$tmp/out/$f" | head -6
	done
	exit 1
fi
exit 0
