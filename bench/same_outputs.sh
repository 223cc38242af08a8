#!/usr/bin/env bash
# bench/same_outputs.sh OLD NEW [quick]: do two etwcat binaries write the
# same outputs over the real corpus?  For refactors that must not change
# what the tool writes: run it with the binary of the commit before and
# the one after, from the repository root (samples/ and ../shared are
# read by relative paths, as the outputs name them).
#
# Each command's stdout, stderr and exit status, and the folders it
# writes, are compared: the site of samples/ and (unless quick) of the
# 17 TSV builds; validate in every format over the 17 TSV builds with
# ../shared/samples, and over the manifest corpus; drift in every
# format; export --format tsv, and --format json (unless quick: 892 MB).
# Prints each difference (a folder's first 20) and exits 1 if any.
# Takes about a minute and 3 GB of temporary space in full.
set -u
[ $# -ge 2 ] || { echo "usage: $0 OLD NEW [quick]" >&2; exit 2; }
OLD=$(readlink -f "$1") NEW=$(readlink -f "$2") Q=${3:-}
for b in "$OLD" "$NEW"; do
	[ -x "$b" ] || { echo "$0: $b: not an executable" >&2; exit 2; }
done
S=../shared
[ -d samples ] && [ -d "$S/corpus" ] || {
	echo "$0: run from the repository root, ../shared beside it" >&2
	exit 2
}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-same.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

outputs() {	# outputs BINARY DIR
	local B=$1 O=$2
	mkdir -p "$O"
	run() { local n=$1; shift; "$@" >"$O/$n.out" 2>"$O/$n.err"; echo $? >"$O/$n.rc"; }
	run site-samples "$B" build -q -j 2 -o "$O/site-samples" samples
	for f in text json sarif junit; do
		run validate-$f "$B" validate --format $f "$S/corpus/tsv/jdu2600" "$S/samples"
	done
	run validate-manifests "$B" validate --format json "$S/corpus/manifests"
	for f in text markdown json sarif; do
		run drift-$f "$B" drift --format $f "$S/corpus/tsv/jdu2600"
	done
	run export-tsv "$B" export --format tsv -o "$O/export-tsv" "$S/corpus/tsv/jdu2600"
	run export-json-samples "$B" export --format json samples
	if [ "$Q" != quick ]; then
		run export-json "$B" export --format json -o "$O/export.json" "$S/corpus/tsv/jdu2600"
		run site-jdu "$B" build -q -j 2 -o "$O/site-jdu" "$S/corpus/tsv/jdu2600"
	fi
}
outputs "$OLD" "$TMP/old"
outputs "$NEW" "$TMP/new"
bad=0
for f in "$TMP"/old/*.out "$TMP"/old/*.err "$TMP"/old/*.rc; do
	b=$(basename "$f")
	# Messages may name the output folder: compare without it.
	cmp -s <(sed "s#$TMP/old#OUT#g" "$f") <(sed "s#$TMP/new#OUT#g" "$TMP/new/$b") ||
	    { echo "differ: $b"; bad=1; }
done
for d in site-samples site-jdu export-tsv export.json; do
	[ -e "$TMP/old/$d" ] || continue
	if ! diff -rq "$TMP/old/$d" "$TMP/new/$d" >"$TMP/diff"; then
		echo "differ: $d ($(wc -l <"$TMP/diff") entries)"
		sed "s#$TMP/##g" "$TMP/diff" | head -20
		bad=1
	fi
done
[ $bad = 0 ] && echo "same outputs" || echo "outputs differ"
exit $bad
