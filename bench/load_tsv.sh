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

die() {
	echo "load_tsv.sh: $*" >&2
	exit 2
}

[ -x "$BUILD/etwcat" ] || die "no $BUILD/etwcat; build first (ninja -C $BUILD)"
[ -d "$DIR" ] || die "no folder $DIR"
[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-bench.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

find "$DIR" -type f -name '*.tsv' -print0 | LC_ALL=C sort -z >"$TMP/files"
NFILES=$(tr -cd '\0' <"$TMP/files" | wc -c)
[ "$NFILES" -gt 0 ] || die "no .tsv files under $DIR"
BYTES=$(xargs -0 cat <"$TMP/files" | wc -c)
LINES=$(xargs -0 cat <"$TMP/files" | wc -l)

# The load-only harness, built against this tree's library.
HARNESS=
cat >"$TMP/load.c" <<'EOF'
#include <stdio.h>
#include "etwcat.h"
#include "model.h"

int
main(int argc, char **argv)
{
	struct ecat_diag	*d = ecat_diag_new();
	struct ecat_catalog	*c;
	int			 i;

	ecat_diag_set_min(d, ECAT_SEV__MAX);	/* count, print nothing */
	c = ecat_catalog_new(d);
	for (i = 1; i < argc; i++)
		ecat_load_source(c, argv[i], NULL);
	ecat_catalog_finish(c);
	printf("%llu files, %u builds, %u providers, %llu events, "
	    "%llu shapes, %llu errors, arena %zu MB\n",
	    (unsigned long long)c->nfiles, c->nbuilds, c->nproviders,
	    (unsigned long long)c->nevents, (unsigned long long)c->nshapes,
	    (unsigned long long)ecat_diag_count_sev(d, ECAT_SEV_ERROR),
	    ecat_arena_bytes(c->arena) >> 20);
	ecat_catalog_free(c);
	ecat_diag_free(d);
	return 0;
}
EOF
if [ -f "$BUILD/libetwcat.a" ] &&
    ${CC:-cc} -O2 -D_GNU_SOURCE -I"$ROOT/catalog" -o "$TMP/harness" \
    "$TMP/load.c" "$BUILD/libetwcat.a" \
    $(pkg-config --cflags --libs libxml-2.0 jansson libcmark) \
    -lpthread -lm 2>"$TMP/cc.err"; then
	HARNESS=$TMP/harness
else
	echo "note: load harness not built ($(head -1 "$TMP/cc.err" 2>/dev/null))"
fi

# run NAME COMMAND...: one timed run, appending "SECONDS KB USER SYS"
# to $TMP/times.NAME (etwcat validate exits 1 on lint findings).
run() {
	local name=$1
	shift
	/usr/bin/time -q -f "%e %M %U %S" -o "$TMP/t" "$@" >/dev/null 2>&1
	tail -1 "$TMP/t" >>"$TMP/times.$name"
}

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

# median NAME: median wall seconds, peak KB over the runs, median CPU
# seconds (user + system), then every wall time.
median() {
	local f=$TMP/times.$1 wall cpu peak all

	wall=$(cut -d' ' -f1 "$f" | sort -n | awk '{ v[NR] = $1 }
	    END { print v[int((NR + 1) / 2)] }')
	cpu=$(awk '{ printf "%.2f\n", $3 + $4 }' "$f" | sort -n |
	    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	peak=$(cut -d' ' -f2 "$f" | sort -n | tail -1)
	all=$(cut -d' ' -f1 "$f" | sort -n | tr '\n' ' ')
	echo "$wall $peak $cpu $all"
}

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
