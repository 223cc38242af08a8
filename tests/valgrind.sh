#!/bin/sh
# valgrind.sh: the CLI over real corpus files under valgrind memcheck;
# any memory error or definite/indirect leak fails (--error-exitcode).
# Slow (about a minute): make test runs it; skip with 77 when valgrind
# is absent.
set -u
: "${ETWCAT:?}" "${SHARED:=../shared}" "${SRCDIR:=.}"
command -v valgrind >/dev/null || { echo "no valgrind"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
tsv=$SHARED/corpus/tsv/jdu2600

vg() {
	desc=$1; shift
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect \
	    --show-leak-kinds=definite,indirect "$ETWCAT" "$@" \
	    >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 99 ] || grep -q '^==[0-9]*==' "$tmp/err"; then
		fail=$((fail + 1)); echo "FAIL: $desc (exit $rc)"
		grep '^==' "$tmp/err" | head -30
	else
		pass=$((pass + 1))
	fi
}

mkdir -p "$tmp/two/Win10-1803-17134" "$tmp/two/Win10-1809-17763"
cp -r "$tsv/Win10-1803-17134/manifest" "$tmp/two/Win10-1803-17134/"
cp -r "$tsv/Win10-1809-17763/manifest" "$tmp/two/Win10-1809-17763/"

vg "validate 870 manifests (4 malformed)" validate -q "$SHARED/corpus/manifests/repnz-full/Win10-1803-17134"
vg "drift over two TSV builds" drift -q --format json "$tmp/two"
vg "drift baseline write and read" drift -q --write-baseline "$tmp/b.txt" "$tmp/two"
vg "drift with baseline" drift -q --baseline "$tmp/b.txt" --format sarif "$tmp/two"
vg "export tsv of one build" export -q --format tsv -o "$tmp/out" "$tmp/two/Win10-1803-17134"
vg "export json of samples/" export -q --format json -o "$tmp/c.json" "$SRCDIR/samples"
vg "build samples/" build -q -o "$tmp/site" "$SRCDIR/samples"
vg "validate the shared samples" validate -q -b Win10-1803-17134 "$SHARED/samples/near-seed-providers.jsonl"
vg "hostile XML" validate -q "$SRCDIR/tests/data/xml"
vg "usage error" validate --frob
vg "missing input" validate "$tmp/nope"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
