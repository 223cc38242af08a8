#!/bin/bash
#
# bench/drift.sh: wall time and peak memory of `etwcat drift` over all
# 17 builds of the jdu2600 TSV corpus (16 consecutive pairs), next to
# `etwcat validate -q` over the same folder (load + lint, no drift) as
# the reference in the same invocation, so the ratio shows what drift
# itself adds.  The aim for drift: under 5 s and 1 GB.
#
# usage: bench/drift.sh [BUILDDIR [RUNS]]     (defaults: build, 3)
set -u
BUILD=${1:-build}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
SHARED=${SHARED:-$ROOT/../shared}
DIR=$SHARED/corpus/tsv/jdu2600
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
ETWCAT=$BUILD/etwcat
[ -x "$ETWCAT" ] || { echo "no $ETWCAT: build first (make)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

for i in $(seq "$RUNS"); do
	/usr/bin/time -f '%e %M' -o "$tmp/v.$i" "$ETWCAT" validate -q "$DIR" >/dev/null 2>&1
	/usr/bin/time -f '%e %M' -o "$tmp/d.$i" "$ETWCAT" drift -q -o "$tmp/out.txt" "$DIR" 2>/dev/null
done
# time(1) writes "Command exited with non-zero status 1" first when
# drift finds something (exit 1): keep only the figures line.
fig() { for f in "$tmp"/$1.*; do tail -1 "$f"; done | awk -v c="$2" '{print $c}' | med; }
vw=$(fig v 1); vm=$(fig v 2); dw=$(fig d 1); dm=$(fig d 2)
findings=$(tail -1 "$tmp/out.txt" | awk '{print $1}')
printf '%-34s %8s %10s\n' "command (median of $RUNS)" "wall s" "peak MB"
printf '%-34s %8s %10d\n' "etwcat validate -q (load + lint)" "$vw" $((vm / 1024))
printf '%-34s %8s %10d\n' "etwcat drift (17 builds)" "$dw" $((dm / 1024))
awk -v d="$dw" -v v="$vw" -v f="$findings" 'BEGIN {
	printf "drift / validate wall: %.2f; %s findings; aim: < 5 s and < 1024 MB\n", d / v, f }'
