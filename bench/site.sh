#!/bin/bash
#
# bench/site.sh: etwcat build over the full catalog, next to the Hugo
# reference (../shared/bench/hugo-reference) run in the same invocation,
# on the same file system (the figures of etwcat.1 SITE and of the
# site's targets: a fresh build at most 10 s, a no-change rebuild at most
# 2 s, the site at most 600 MB with downloads/catalog.json at most
# 100 MB, peak memory at most 200 MB).
#
# usage: [TMPDIR=DIR] bench/site.sh [BUILDDIR [HUGO_PAGES [JOBS]]]
#
#   TMPDIR      where both sites are written (default /tmp: the disk,
#               as the targets are stated; TMPDIR=/dev/shm measures the
#               renderer without the file system)
#   BUILDDIR    meson build directory holding etwcat (default: build)
#   HUGO_PAGES  pages of the Hugo reference site (default 20000: Hugo
#               holds about 340 KB per page, so the 67,000 pages of the
#               full catalog would not fit in this machine's memory;
#               20,000 is the largest size its README measures)
#   JOBS        etwcat build -j (default: the number of CPUs)
#
# Runs, one after the other (never at once, so neither slows the other),
# each under /usr/bin/time -v, etwcat first (see disk_probe below):
#
#   hugo      gen.py writes a Hugo site of pages shaped like ours (a
#             40-row field table, a ~42-line JSON block); hugo --quiet
#             builds it into an empty public/ (fresh), then again into
#             the same public/ with nothing changed (rebuild)
#   etwcat    etwcat build -q -j JOBS over ../shared/corpus/tsv/jdu2600
#             (17 builds, 1,022 providers) into a new folder (fresh):
#             load, lint, sample validation, drift, the whole site with
#             its downloads and search index; then the same build into
#             the same folder (rebuild): every input hash is unchanged
#             (etwcat.1 SITE, Rebuilds), so nothing is rendered or
#             written, and what is left is loading and checking the
#             catalog
#
# and prints, for each: pages (HTML files), files, the site's size (du,
# apparent sizes) and for etwcat downloads/catalog.json's (and its .gz
# when there is one), fresh and rebuild wall seconds, pages/s, CPU
# seconds, peak resident memory; then etwcat's ratios to Hugo and the
# targets met or not.  The machine may be shared: load averages are
# printed with each run.  Speed is measured here, never by a timed unit
# test.
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

# Both write to the same file system: TMPDIR, /tmp by default.  On this
# project's disks (ext4 in a VM) creating files costs more than rendering
# them, and more still for a while after many were deleted (ext4 skips
# recently freed inodes): a fresh build on disk measures the file system
# too, as a user's does.
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

# --- etwcat ------------------------------------------------------------
run_etwcat() {
	local tag=$1 what=$2 rep=$WORK/etwcat-$1.txt

	echo "etwcat: $what (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
	/usr/bin/time -v "$BUILD/etwcat" build -q -j "$JOBS" -o "$WORK/site" \
	    "$CORPUS" 2>"$rep" >/dev/null
	echo "$rep"
}
# The disk's own cost of making a file, measured here and now, before
# each tool's fresh build: 4 KB files, as a page.  On this project's VM
# disk (ext4) it was seen from 31 us a file on a quiet disk to 520 us
# while other jobs ran and for minutes after many files were deleted
# (ext4's allocator then skips recently freed inodes: perf shows
# recently_deleted and insert_inode_locked).  So nothing is deleted
# before a measured run: the probes' files, like both sites, stay until
# the script exits, and etwcat runs before Hugo's 20,000-page site is
# generated and removed.  Printed so that a fresh-build time can be
# read against the disk.
disk_probe() {
	python3 - "$WORK/probe$1" <<'PY'
import os, sys, time
root = sys.argv[1]
os.mkdir(root)
n, data = 10000, b"x" * 4096
t = time.time()
for i in range(n):
    d = "%s/%d" % (root, i // 500)
    if i % 500 == 0:
        os.mkdir(d)
    fd = os.open("%s/%d.html" % (d, i), os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    os.write(fd, data)
    os.close(fd)
print("%.0f" % ((time.time() - t) / n * 1e6))
PY
}
sync
DISK_US=$(disk_probe 1)
E1=$(run_etwcat new "build into a new folder")
E2=$(run_etwcat rebuild "rebuild, nothing changed")
DISK_US2=$(disk_probe 2)

# --- Hugo --------------------------------------------------------------
echo "hugo: generating and building $HUGO_PAGES pages (load $(cut -d' ' -f1-3 /proc/loadavg))"
HWORK=$WORK/hugo
HRES=$WORK/hugo-res
WORK=$HWORK RUNS=1 RES=$HRES bash "$HUGOREF/run.sh" "$HUGO_PAGES" \
    >"$WORK/hugo.log" 2>&1 || { cat "$WORK/hugo.log"; die "hugo reference failed"; }
H1=$HRES/n$HUGO_PAGES-run1.txt
[ -s "$H1" ] || { cat "$WORK/hugo.log"; die "no Hugo timing in $H1"; }
HSITE=$HWORK/site-$HUGO_PAGES
echo "hugo: rebuild, nothing changed (load $(cut -d' ' -f1-3 /proc/loadavg))"
H2=$WORK/hugo-rebuild.txt
/usr/bin/time -v hugo --quiet -s "$HSITE" -d "$HSITE/public" 2>"$H2" ||
    die "hugo rebuild failed"
H_PAGES=$(find "$HSITE/public" -name '*.html' | wc -l)
H_FILES=$(find "$HSITE/public" -type f | wc -l)
H_BYTES=$(du -s --apparent-size -B1 "$HSITE/public" | awk '{print $1}')
rm -rf "$HWORK"
sync

E_PAGES=$(find "$WORK/site" -name '*.html' | wc -l)
E_FILES=$(find "$WORK/site" -type f | wc -l)
E_BYTES=$(du -s --apparent-size -B1 "$WORK/site" | awk '{print $1}')
E_CAT=$(stat -c %s "$WORK/site/downloads/catalog.json" 2>/dev/null || echo 0)
E_CATGZ=$(stat -c %s "$WORK/site/downloads/catalog.json.gz" 2>/dev/null || echo 0)

# wall CPU peak-KB of a /usr/bin/time -v report
times() {
	echo "$(secs "$(field 'Elapsed (wall' "$1")")" \
	    "$(awk -v u="$(field 'User time' "$1")" \
	    -v s="$(field 'System time' "$1")" 'BEGIN{print u + s}')" \
	    "$(field 'Maximum resident' "$1")"
}

echo
{ times "$H1"; times "$H2"; times "$E1"; times "$E2"; } | tr '\n' ' ' |
awk -v hp="$H_PAGES" -v hf="$H_FILES" -v hb="$H_BYTES" \
    -v ep="$E_PAGES" -v ef="$E_FILES" -v eb="$E_BYTES" -v ec="$E_CAT" \
    -v ez="$E_CATGZ" -v du="${DISK_US:-0}" -v du2="${DISK_US2:-0}" '
function row(name, p, f, b, w1, c1, r1, w2, c2, r2) {
	printf "%-8s %7d %7d %8.0f %8.2f %8.0f %7.2f %8.2f %7.2f %8.0f\n",
	    name, p, f, b / 1048576, w1, p / w1, c1, w2, c2,
	    (r1 > r2 ? r1 : r2) / 1024
}
function mark(ok) { return ok ? "met" : "NOT met" }
{
	hw1 = $1; hc1 = $2; hr1 = $3; hw2 = $4; hc2 = $5; hr2 = $6
	ew1 = $7; ec1 = $8; er1 = $9; ew2 = $10; ec2 = $11; er2 = $12
	printf "%-8s %7s %7s %8s %8s %8s %7s %8s %7s %8s\n", "", "pages",
	    "files", "site MB", "fresh s", "pages/s", "CPU s", "rebuild",
	    "CPU s", "peak MB"
	row("hugo", hp, hf, hb, hw1, hc1, hr1, hw2, hc2, hr2)
	row("etwcat", ep, ef, eb, ew1, ec1, er1, ew2, ec2, er2)
	printf "\ndisk: %d us to create one 4 KB file before the etwcat " \
	    "fresh build, %d us before the Hugo one (python, 10,000 files); the " \
	    "%d files etwcat wrote: about %.1f s of that alone\n", du, du2,
	    ef, du * ef / 1e6
	printf "etwcat downloads/catalog.json: %.1f MB", ec / 1048576
	if (ez > 0)
		printf " (catalog.json.gz %.1f MB)", ez / 1048576
	printf "\n"
	printf "etwcat / hugo: pages/s %.1fx (fresh); rebuild wall %.2fx; " \
	    "bytes per page %.2fx; peak memory %.2fx\n",
	    (ep / ew1) / (hp / hw1), ew2 / hw2, (eb / ep) / (hb / hp),
	    (er1 > er2 ? er1 : er2) / (hr1 > hr2 ? hr1 : hr2)
	em = (er1 > er2 ? er1 : er2) / 1024
	printf "targets: fresh <= 10 s %s (%.2f); rebuild <= 2 s %s (%.2f); " \
	    "site <= 600 MB %s (%.0f); catalog.json <= 100 MB %s (%.0f); " \
	    "peak <= 200 MB %s (%.0f)\n", mark(ew1 <= 10), ew1,
	    mark(ew2 <= 2), ew2, mark(eb / 1048576 <= 600), eb / 1048576,
	    mark(ec / 1048576 <= 100), ec / 1048576, mark(em <= 200), em
}'
