#!/bin/bash
#
# bench/site.sh: how fast etwcat build renders the full catalog site,
# next to the Hugo reference (../shared/bench/hugo-reference) run in the
# same invocation, on the same file system.
#
# usage: bench/site.sh [BUILDDIR [HUGO_PAGES [JOBS]]]
#
#   BUILDDIR    meson build directory holding etwcat (default: build)
#   HUGO_PAGES  pages of the Hugo reference site (default 20000: Hugo
#               holds about 340 KB per page, so the 67,000 pages of the
#               full catalog would not fit in this machine's memory;
#               20,000 is the largest size its README measures)
#   JOBS        etwcat build -j (default: the number of CPUs)
#
# Runs, one after the other (never at once, so neither slows the other):
#
#   hugo     run.sh HUGO_PAGES: gen.py writes a Hugo site of pages shaped
#            like ours (a 40-row field table, a ~42-line JSON block),
#            then /usr/bin/time -v hugo --quiet builds it
#   etwcat   /usr/bin/time -v etwcat build -q -j JOBS over
#            ../shared/corpus/tsv/jdu2600 (17 builds, 1,022 providers)
#            into a new folder: load, lint, sample validation, drift,
#            and the whole site with its downloads (catalog.json alone
#            is about 0.9 GB) and search index
#   rebuild  the same build again into the same folder: every file is
#            compared with the previous site and kept, so this is the
#            cost of re-publishing an unchanged catalog
#
# and prints, for each: pages (HTML files written), wall seconds,
# pages/s, peak resident memory; then the ratio of etwcat's pages/s to
# Hugo's.  The aim for the site: at least 20 times Hugo's pages/s and
# under 1 GB.  The machine is shared: load averages are printed with each run.
# Speed is measured here, never by a timed unit test.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
HUGO_PAGES=${2:-20000}
JOBS=${3:-$(nproc)}
SHARED=${SHARED:-$ROOT/../shared}
CORPUS=$SHARED/corpus/tsv/jdu2600
HUGOREF=$SHARED/bench/hugo-reference

case $BUILD in
/*) ;;
*) BUILD=$ROOT/$BUILD ;;
esac

. "$ROOT/bench/lib.sh"

[ -x "$BUILD/etwcat" ] || die "no $BUILD/etwcat; build first (ninja -C $BUILD)"
[ -d "$CORPUS" ] || die "no corpus at $CORPUS"
[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"
if ! command -v hugo >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		echo "installing hugo (Debian package) for the reference"
		apt-get install -y -qq hugo >/dev/null || die "apt-get install hugo failed"
	else
		die "hugo missing: apt-get install hugo (Debian 12: 0.111.3)"
	fi
fi

# Both write to the same file system: memory (/dev/shm) unless TMPDIR
# says otherwise.  On this project's disks (ext4 in a VM) creating files
# costs far more than rendering them, and more still for a while after
# many were deleted (ext4 skips recently freed inodes), so a disk run
# measures the file system, not the renderer; run with TMPDIR=/tmp to see
# that too.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=/dev/shm
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-site-bench.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
FS=$(df -T "$WORK" | awk 'NR==2{print $2}')

# field VALUE FILE: a value of /usr/bin/time -v's report
field() {
	grep "$1" "$2" | awk '{print $NF}'
}

# seconds from h:mm:ss or m:ss.ss
secs() {
	echo "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}

echo "machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/{print $2}') GiB; $(uname -r)"
echo "hugo: $(hugo version | cut -d' ' -f1-2); etwcat: $("$BUILD/etwcat" --version 2>&1 | head -1)"
echo "output: $WORK ($FS)"
echo

# --- Hugo --------------------------------------------------------------
echo "hugo: generating and building $HUGO_PAGES pages (load $(cut -d' ' -f1-3 /proc/loadavg))"
HWORK=$WORK/hugo
HRES=$WORK/hugo-res
WORK=$HWORK RUNS=1 RES=$HRES bash "$HUGOREF/run.sh" "$HUGO_PAGES" \
    >"$WORK/hugo.log" 2>&1 || { cat "$WORK/hugo.log"; die "hugo reference failed"; }
HREP=$HRES/n$HUGO_PAGES-run1.txt
[ -s "$HREP" ] || { cat "$WORK/hugo.log"; die "no Hugo timing in $HREP"; }
H_WALL=$(secs "$(field 'Elapsed (wall' "$HREP")")
H_RSS=$(field 'Maximum resident' "$HREP")
H_CPU=$(awk -v u="$(field 'User time' "$HREP")" -v s="$(field 'System time' "$HREP")" \
    'BEGIN{print u + s}')
H_PAGES=$(find "$WORK/hugo/site-$HUGO_PAGES/public" -name '*.html' | wc -l)
rm -rf "$WORK/hugo"
sync

# --- etwcat ------------------------------------------------------------
run_etwcat() {
	local tag=$1 what=$2 rep=$WORK/etwcat-$1.txt

	echo "etwcat: $what (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
	/usr/bin/time -v "$BUILD/etwcat" build -q -j "$JOBS" -o "$WORK/site" \
	    "$CORPUS" 2>"$rep" >/dev/null
	echo "$rep"
}
sleep 5
E1=$(run_etwcat new "build into a new folder")
E_PAGES=$(find "$WORK/site" -name '*.html' | wc -l)
E_FILES=$(find "$WORK/site" -type f | wc -l)
E_BYTES=$(du -sb "$WORK/site" | awk '{print $1}')
E2=$(run_etwcat rebuild "rebuild, nothing changed")

E1_WALL=$(secs "$(field 'Elapsed (wall' "$E1")")
E1_RSS=$(field 'Maximum resident' "$E1")
E2_WALL=$(secs "$(field 'Elapsed (wall' "$E2")")
E2_RSS=$(field 'Maximum resident' "$E2")
E1_CPU=$(awk -v u="$(field 'User time' "$E1")" -v s="$(field 'System time' "$E1")" \
    'BEGIN{print u + s}')
E2_CPU=$(awk -v u="$(field 'User time' "$E2")" -v s="$(field 'System time' "$E2")" \
    'BEGIN{print u + s}')

echo
awk -v hp="$H_PAGES" -v hw="$H_WALL" -v hr="$H_RSS" -v hc="$H_CPU" \
    -v ep="$E_PAGES" -v e1="$E1_WALL" -v r1="$E1_RSS" -v c1="$E1_CPU" \
    -v e2="$E2_WALL" -v r2="$E2_RSS" -v c2="$E2_CPU" -v ef="$E_FILES" \
    -v eb="$E_BYTES" '
function row(name, p, w, c, r) {
	printf "%-28s %7d %8.2f %9.0f %8.2f %10.0f %10.0f\n", name, p, w,
	    p / w, c, p / c, r / 1024
}
BEGIN {
	printf "%-28s %7s %8s %9s %8s %10s %10s\n", "", "pages", "wall s",
	    "pages/s", "CPU s", "pages/CPUs", "peak MB"
	row("hugo (reference)", hp, hw, hc, hr)
	row("etwcat build (new folder)", ep, e1, c1, r1)
	row("etwcat build (rebuild)", ep, e2, c2, r2)
	printf "\netwcat wrote %d files, %.0f MB, downloads/catalog.json " \
	    "included\n", ef, eb / 1048576
	printf "ratio etwcat/hugo, pages/s: %.1fx (new folder), %.1fx " \
	    "(rebuild); pages per CPU second: %.1fx; aim: 20x, under 1024 MB\n",
	    (ep / e1) / (hp / hw), (ep / e2) / (hp / hw), (ep / c1) / (hp / hc)
}'
