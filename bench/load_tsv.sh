#!/bin/bash
#
# bench/load_tsv.sh: how long etwcat takes to load the whole jdu2600
# TSV corpus (17 Windows builds, about 17,900 files and 853,000 rows),
# next to cat(1) of the same files as a floor, in the same invocation.
#
# usage: bench/load_tsv.sh [BUILDDIR [DIR [RUNS]]]
#
#   BUILDDIR  meson build directory holding etwcat and libetwcat.a
#             (default: build)
#   DIR       the corpus root with <build>/{manifest,mof}/*.tsv
#             (default: ../shared/corpus/tsv/jdu2600, or
#             $SHARED/corpus/tsv/jdu2600 when SHARED is set)
#   RUNS      runs of each command; the median is printed (default 3)
#
# Timed with /usr/bin/time -f (wall seconds, peak resident set, CPU),
# interleaved so that machine noise hits every command alike:
#
#   cat       cat FILE... >/dev/null: reading the bytes, the floor
#   load      a small harness linked with libetwcat.a that only loads
#             DIR and orders the catalog (catalog/tsv.c and the model)
#   validate  etwcat validate -q DIR: load, then lint
#   export    etwcat export --format tsv -o TMP DIR: load, then write
#             every file back (render/export_tsv.c); writing 17,900
#             files through rename(2) depends mostly on the file system
#   cp -r     cp -r DIR TMP: the same files written by cp, the floor
#             for export
#
# The aim (catalog/tsv.c) is a load of all 17 builds in a couple of
# seconds.  Speed is measured here, never by a timed unit test.
set -u

BUILD=${1:-build}
SHARED=${SHARED:-$(cd "$(dirname "$0")/.." && pwd)/../shared}
DIR=${2:-$SHARED/corpus/tsv/jdu2600}
RUNS=${3:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

case $BUILD in
/*) ;;
*) BUILD=$ROOT/$BUILD ;;
esac

. "$ROOT/bench/lib.sh"

[ -x "$BUILD/etwcat" ] || die "no $BUILD/etwcat; build first (ninja -C $BUILD)"
[ -d "$DIR" ] || die "no folder $DIR"
[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"

bench_tmp

find "$DIR" -type f -name '*.tsv' -print0 | LC_ALL=C sort -z >"$TMP/files"
NFILES=$(tr -cd '\0' <"$TMP/files" | wc -c)
[ "$NFILES" -gt 0 ] || die "no .tsv files under $DIR"
BYTES=$(xargs -0 cat <"$TMP/files" | wc -c)
LINES=$(xargs -0 cat <"$TMP/files" | wc -l)

# The load-only harness (bench/load.c), built against this tree's library.
HARNESS=
if bench_link "$TMP/harness" "$ROOT/bench/load.c"; then
	HARNESS=$TMP/harness
else
	echo "note: load harness not built ($LINKERR)"
fi

for ((i = 0; i < RUNS; i++)); do
	run cat xargs -0 -a "$TMP/files" cat
	[ -n "$HARNESS" ] && run load "$HARNESS" "$DIR"
	run validate "$BUILD/etwcat" validate -q "$DIR"
	rm -rf "$TMP/out"
	run export "$BUILD/etwcat" export --format tsv -o "$TMP/out" "$DIR"
	rm -rf "$TMP/out"
	run cp cp -r "$DIR" "$TMP/out"
	rm -rf "$TMP/out"
done

echo "files: $NFILES ($BYTES bytes, $LINES lines) under $DIR"
[ -n "$HARNESS" ] && echo "catalog: $("$HARNESS" "$DIR")"
printf '%-34s %7s %8s %8s   %s\n' command "wall s" "cpu s" "peak MB" \
    "wall times (s), $RUNS runs"
for name in cat load validate cp export; do
	[ -s "$TMP/times.$name" ] || continue
	read -r T M C ALL <<<"$(median "$name")"
	case $name in
	cat) label="cat FILE... (floor)" ;;
	load) label="load only (harness)" ;;
	validate) label="etwcat validate -q DIR" ;;
	cp) label="cp -r DIR (floor for export)" ;;
	export) label="etwcat export --format tsv" ;;
	esac
	printf '%-34s %7s %8s %8.1f   %s\n' "$label" "$T" "$C" \
	    "$(echo "$M / 1024" | bc -l)" "$ALL"
done
