#!/bin/bash
#
# bench/load_mem.sh: where the bytes of a loaded catalog go, by
# structure (bench/load_mem.c, linked with BUILDDIR's libetwcat.a), and
# the process's peak resident set (/usr/bin/time).  Figures, not a test.
#
# usage: bench/load_mem.sh [BUILDDIR [SOURCE...]]
#        (defaults: build, ../shared/corpus/tsv/jdu2600)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- "${SHARED:-$ROOT/../shared}/corpus/tsv/jdu2600"
. "$ROOT/bench/lib.sh"
bench_tmp
bench_link "$TMP/load_mem" "$ROOT/bench/load_mem.c" || die "$LINKERR"
/usr/bin/time -f 'peak resident %M KB, %e s' "$TMP/load_mem" "$@"
