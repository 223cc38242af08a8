#!/bin/sh
# captures.sh: throughput of the binary capture readers (etwcat.1,
# SAMPLE VALIDATION), each next to a reference run over the same files
# in the same invocation.
#
#   EVTX  every .evtx under ../shared/captures/evtx (503 files): Debian's
#         evtxexport (libevtx-utils, -f xml: the whole record, as
#         etwcat reads it) one file at a time, against etwcat validate
#         over the same files, which reads and validates them against
#         one TSV build (the captures' build is unknown, so each is
#         matched against that build).  etwcat's figure is the run's
#         CPU time minus the CPU time to load the same schemas alone;
#         both are printed.
#   ETL   every .etl under ../shared/captures/etl against their
#         manifests (../shared/corpus/manifests/microsoft-tx), against
#         cat of the same files to /dev/null: MB/s of each.
#
# CPU time, the least of $RUNS runs (other work on a shared machine
# inflates wall time; the least is the run it disturbed least).  The
# target: etwcat at least 2x evtxexport's rate while also validating.
#
# Usage: bench/captures.sh [ETWCAT]  (default build/etwcat; RUNS=3).
# Needs GNU time; evtxexport from libevtx-utils (make deps-test).
set -eu
: "${SHARED:=../shared}" "${RUNS:=3}"
etwcat=${1:-${ETWCAT:-build/etwcat}}
evtxdir=$SHARED/captures/evtx
etldir=$SHARED/captures/etl
schema=$SHARED/corpus/tsv/jdu2600/Win11-24H2-26100
manifests=$SHARED/corpus/manifests/microsoft-tx
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

[ -x "$etwcat" ] || { echo "no etwcat at $etwcat (build it first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time needed" >&2; exit 2; }
command -v evtxexport >/dev/null ||
    { echo "evtxexport missing: apt-get install libevtx-utils" >&2; exit 2; }

find "$evtxdir" -name '*.evtx' -type f | sort >"$tmp/evtx"
find "$etldir" -name '*.etl' -type f | sort >"$tmp/etl"
nevtx=$(wc -l <"$tmp/evtx")
netl=$(wc -l <"$tmp/etl")
bevtx=$(tr '\n' '\0' <"$tmp/evtx" | xargs -0 cat | wc -c)
betl=$(tr '\n' '\0' <"$tmp/etl" | xargs -0 cat | wc -c)

# least CPU seconds (user + system) of $RUNS runs of a command
cpu() {
	i=0
	: >"$tmp/cpu"
	while [ "$i" -lt "$RUNS" ]; do
		/usr/bin/time -f '%U %S' -o "$tmp/t" "$@" >/dev/null 2>&1 || :
		# GNU time writes "Command exited with non-zero status" first
		tail -1 "$tmp/t" | awk '{ print $1 + $2 }' >>"$tmp/cpu"
		i=$((i + 1))
	done
	sort -g "$tmp/cpu" | head -1
}

echo "machine: $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "evtxexport: $(evtxexport -V 2>&1 | head -1); etwcat: $("$etwcat" --version 2>&1 | head -1)"
echo

# --- EVTX -----------------------------------------------------------------
cat >"$tmp/evtxexport.sh" <<'EOF'
#!/bin/sh
# one evtxexport a file; count those it fails on
fail=0
while IFS= read -r f; do
	evtxexport -f xml "$f" >/dev/null 2>&1 || fail=$((fail + 1))
done <"$1"
echo "$fail" >"$2"
EOF
ref=$(cpu sh "$tmp/evtxexport.sh" "$tmp/evtx" "$tmp/fail")
fail=$(cat "$tmp/fail")
tr '\n' '\0' <"$tmp/evtx" >"$tmp/evtx0"
load=$(cpu "$etwcat" validate -q "$schema")
full=$(cpu sh -c 'xargs -0 "$0" validate -q "$1" <"$2"' "$etwcat" \
    "$schema" "$tmp/evtx0")
xargs -0 "$etwcat" validate "$schema" <"$tmp/evtx0" 2>&1 >/dev/null |
    grep "^etwcat validate:" >"$tmp/summary" || :
awk -v n="$nevtx" -v b="$bevtx" -v r="$ref" -v l="$load" -v f="$full" \
    -v fail="$fail" -v sum="$(cat "$tmp/summary")" 'BEGIN {
	net = f - l
	if (net <= 0)
		net = 0.001
	printf "EVTX: %d files, %.1f MB\n", n, b / 1048576
	printf "  evtxexport -f xml   %6.2f s CPU  %7.1f MB/s  (%d files it " \
	    "could not export)\n", r, b / 1048576 / r, fail
	printf "  etwcat validate     %6.2f s CPU  %7.1f MB/s  (run %.2f s " \
	    "less schema load %.2f s)\n", net, b / 1048576 / net, f, l
	printf "  %s\n", sum
	printf "  etwcat / evtxexport: %.1fx (target 2x)\n", r / net
}'
echo

# --- ETL ------------------------------------------------------------------
tr '\n' '\0' <"$tmp/etl" >"$tmp/etl0"
xargs -0 "$etwcat" validate "$manifests" <"$tmp/etl0" >"$tmp/etlout" 2>&1 || :
if ! grep -q 'sample-etl' "$tmp/etlout"; then
	echo "ETL: this etwcat does not read .etl files"
	exit 0
fi
catcpu=$(cpu sh -c 'xargs -0 cat <"$0"' "$tmp/etl0")
eload=$(cpu "$etwcat" validate -q "$manifests")
efull=$(cpu sh -c 'xargs -0 "$0" validate -q "$1" <"$2"' "$etwcat" \
    "$manifests" "$tmp/etl0")
awk -v n="$netl" -v b="$betl" -v c="$catcpu" -v l="$eload" -v f="$efull" \
    -v sum="$(grep '^etwcat validate:' "$tmp/etlout")" 'BEGIN {
	net = f - l
	if (net <= 0)
		net = 0.001
	if (c <= 0)
		c = 0.001
	printf "ETL: %d files, %.1f MB\n", n, b / 1048576
	printf "  cat                 %6.2f s CPU  %7.1f MB/s\n", c,
	    b / 1048576 / c
	printf "  etwcat validate     %6.2f s CPU  %7.1f MB/s  (run %.2f s " \
	    "less schema load %.2f s)\n", net, b / 1048576 / net, f, l
	printf "  %s\n", sum
}'
