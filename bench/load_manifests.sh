#!/bin/bash
#
# bench/load_manifests.sh: how long etwcat takes to load a whole build
# of instrumentation manifests, next to xmllint --noout over the same
# files in the same invocation.
#
# usage: [INSTR=1] bench/load_manifests.sh [BUILDDIR [DIR [RUNS]]]
#
#   BUILDDIR  meson build directory holding etwcat and libetwcat.a
#             (default: build)
#   DIR       a folder of manifests (default: the 870 files of
#             ../shared/corpus/manifests/repnz-full/Win10-1803-17134,
#             or $SHARED/corpus/... when SHARED is set)
#   RUNS      runs of each command; the median is printed (default 5)
#
# Three things are timed with /usr/bin/time -f (wall seconds, peak
# resident set), interleaved so that machine noise hits them alike:
#
#   xmllint   xmllint --noout FILE...: parse, build and free each tree
#   validate  etwcat validate -q DIR: load (parse, walk, intern), lint
#   load      a small harness linked with libetwcat.a that only loads
#             DIR and orders the catalog, as every etwcat command does
#             first: what the loader itself costs
#
# The aim (catalog/manifest.c) is a load within 1.5x of xmllint and
# under 300 MB.  Speed is measured here, never by a timed unit test.
# Wall and CPU times swing with whatever else runs on the machine (on
# a shared 2-core machine the ratio moved between 1.15 and 1.8 from one
# invocation to the next); with INSTR=1 the script also counts the
# instructions each command executes (valgrind --tool=callgrind, about
# a minute), a figure that does not depend on the machine's load.
#
# Notes on what was measured while writing the loader (2 cores, Debian
# 12, libxml2 2.9.14):
#   - Recovery of the 4 malformed files of that build: repairing the
#     stray '"' and '<' inside attribute values, then parsing normally,
#     keeps 1816 events and all 243 map entries (texts resolved); libxml2's
#     XML_PARSE_RECOVER keeps 1761 events (NetworkProvider and Ntfs
#     lose every event) and 181 map entries, 169 resolved.  Compared
#     with tsv/jdu2600/Win10-1803-17134 the repaired four match all
#     1808 keys the TSV has, field lists identical.
#   - Instruction counts (INSTR=1): xmllint 1.97 G; the loader 2.37 G
#     (1.20x), of which libxml2's parse 1.40 G, freeing the tree
#     0.31 G, the walk, interning and the model 0.41 G.
set -u

BUILD=${1:-build}
SHARED=${SHARED:-$(cd "$(dirname "$0")/.." && pwd)/../shared}
DIR=${2:-$SHARED/corpus/manifests/repnz-full/Win10-1803-17134}
RUNS=${3:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

case $BUILD in
/*) ;;
*) BUILD=$ROOT/$BUILD ;;
esac

. "$ROOT/bench/lib.sh"

[ -x "$BUILD/etwcat" ] || die "no $BUILD/etwcat; build first (ninja -C $BUILD)"
[ -d "$DIR" ] || die "no folder $DIR"
command -v xmllint >/dev/null ||
    die "xmllint missing (apt-get install libxml2-utils)"
[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"

bench_tmp

shopt -s nullglob
FILES=("$DIR"/*.xml)
[ ${#FILES[@]} -gt 0 ] || die "no .xml files in $DIR"
BYTES=$(cat "${FILES[@]}" | wc -c)

# The load-only harness (bench/load.c), built against this tree's library.
HARNESS=
if bench_link "$TMP/harness" "$ROOT/bench/load.c"; then
	HARNESS=$TMP/harness
else
	echo "note: load harness not built ($LINKERR)"
fi

for ((i = 0; i < RUNS; i++)); do
	run xmllint xmllint --noout "${FILES[@]}"
	run validate "$BUILD/etwcat" validate -q "$DIR"
	[ -n "$HARNESS" ] && run load "$HARNESS" "$DIR"
done

read -r XT XM XC XALL <<<"$(median xmllint)"
echo "files: ${#FILES[@]} ($BYTES bytes) in $DIR"
[ -n "$HARNESS" ] && echo "catalog: $("$HARNESS" "$DIR")"
printf '%-24s %8s %6s %8s %6s %8s   %s\n' command "wall s" ratio \
    "cpu s" ratio "peak MB" "wall times (s)"
printf '%-24s %8s %6s %8s %6s %8.1f   %s\n' "xmllint --noout FILE..." \
    "$XT" 1.00 "$XC" 1.00 "$(echo "$XM / 1024" | bc -l)" "$XALL"
for name in load validate; do
	[ -s "$TMP/times.$name" ] || continue
	read -r T M C ALL <<<"$(median "$name")"
	case $name in
	load) label="load only (harness)" ;;
	validate) label="etwcat validate -q DIR" ;;
	esac
	printf '%-24s %8s %6.2f %8s %6.2f %8.1f   %s\n' "$label" "$T" \
	    "$(echo "$T / $XT" | bc -l)" "$C" "$(echo "$C / $XC" | bc -l)" \
	    "$(echo "$M / 1024" | bc -l)" "$ALL"
done

# count NAME COMMAND...: instructions executed, from callgrind's summary.
count() {
	local name=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
	    >/dev/null 2>"$TMP/cg.$name"
	sed -n 's/.*I *refs: *//p' "$TMP/cg.$name" | tr -d ,
}

if [ "${INSTR:-0}" = 1 ]; then
	if ! command -v valgrind >/dev/null; then
		echo "note: INSTR=1 needs valgrind (apt-get install valgrind)"
		exit 0
	fi
	XI=$(count xmllint xmllint --noout "${FILES[@]}")
	printf '%-24s %14s %6s\n' command instructions ratio
	printf '%-24s %14s %6s\n' "xmllint --noout FILE..." "$XI" 1.00
	if [ -n "$HARNESS" ]; then
		LI=$(count load "$HARNESS" "$DIR")
		printf '%-24s %14s %6.2f\n' "load only (harness)" "$LI" \
		    "$(echo "$LI / $XI" | bc -l)"
	fi
	VI=$(count validate "$BUILD/etwcat" validate -q "$DIR")
	printf '%-24s %14s %6.2f\n' "etwcat validate -q DIR" "$VI" \
	    "$(echo "$VI / $XI" | bc -l)"
fi
