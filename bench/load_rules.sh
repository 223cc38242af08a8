#!/bin/bash
#
# bench/load_rules.sh: what loading Sigma rules adds to a build: all of
# ../shared/sigma (about 2,400 YAML files, 4.4 MB) over the 17-build
# jdu2600 TSV corpus, tied to its events and checked.
#
# usage: bench/load_rules.sh [BUILDDIR [RULES [SCHEMAS [RUNS]]]]
#
#   BUILDDIR  meson build directory holding libetwcat.a (default: build)
#   RULES     a rules folder (default: $SHARED/sigma)
#   SCHEMAS   a schema source (default: $SHARED/corpus/tsv/jdu2600)
#   RUNS      runs of each command; the median is printed (default 5)
#
# A small harness linked with libetwcat.a loads SCHEMAS and finishes
# the catalog, then (with rules) runs ecat_load_rules, ecat_rules_resolve
# and ecat_rules_check, printing each stage's own clock_gettime time.
# /usr/bin/time times the harness without and with rules, interleaved
# so that machine noise hits both alike; the difference of the medians
# is what rules add to a build.  cat(1) of the rule files is the floor.
# The aim for loading rules: under one second.  Speed is measured here,
# never by a timed unit test.
set -u

BUILD=${1:-build}
SHARED=${SHARED:-$(cd "$(dirname "$0")/.." && pwd)/../shared}
RULES=${2:-$SHARED/sigma}
SCHEMAS=${3:-$SHARED/corpus/tsv/jdu2600}
RUNS=${4:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

case $BUILD in
/*) ;;
*) BUILD=$ROOT/$BUILD ;;
esac

. "$ROOT/bench/lib.sh"

[ -f "$BUILD/libetwcat.a" ] || die "no $BUILD/libetwcat.a; build first (ninja -C $BUILD)"
[ -d "$RULES" ] || die "no folder $RULES"
[ -e "$SCHEMAS" ] || die "no $SCHEMAS"
[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"

bench_tmp

find "$RULES" -type f \( -name '*.yml' -o -name '*.yaml' \) -print0 |
    LC_ALL=C sort -z >"$TMP/files"
NFILES=$(tr -cd '\0' <"$TMP/files" | wc -c)
BYTES=$(xargs -0 cat <"$TMP/files" | wc -c)

cat >"$TMP/h.c" <<'EOF'
#include <stdio.h>
#include <time.h>
#include "etwcat.h"
#include "rules.h"

static double
now(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct ecat_diag	*d = ecat_diag_new();
	struct ecat_catalog	*c;
	struct ecat_rulestats	 st;
	double			 t0, t1, t2, t3, t4;

	ecat_diag_set_min(d, ECAT_SEV__MAX);	/* count, print nothing */
	c = ecat_catalog_new(d);
	t0 = now();
	ecat_load_source(c, argv[1], NULL);
	ecat_catalog_finish(c);
	t1 = now();
	if (argc > 2) {
		ecat_load_rules(c, argv[2]);
		t2 = now();
		ecat_rules_resolve(c);
		t3 = now();
		ecat_rules_check(c);
		t4 = now();
		ecat_rules_stats(c, &st);
		printf("schemas %.3f rules-load %.3f resolve %.3f check %.3f "
		    "rules-total %.3f | %u files, %u rules, %u with EventID, "
		    "%u resolved, %u keys with rules\n", t1 - t0, t2 - t1,
		    t3 - t2, t4 - t3, t4 - t1, st.files, st.rules,
		    st.with_eventid, st.state[ECAT_RULE_RESOLVED], st.keys);
	}
	ecat_catalog_free(c);
	ecat_diag_free(d);
	return 0;
}
EOF
bench_link "$TMP/harness" "$TMP/h.c" || die "harness: $LINKERR"

# As lib.sh's run, but keeping what the harness prints.
run_out() {
	local name=$1
	shift
	/usr/bin/time -q -f "%e %M %U %S" -o "$TMP/t" "$@" >>"$TMP/out.$name" 2>&1
	tail -1 "$TMP/t" >>"$TMP/times.$name"
}

for ((i = 0; i < RUNS; i++)); do
	run_out cat xargs -0 -a "$TMP/files" cat
	run_out schemas "$TMP/harness" "$SCHEMAS"
	run_out rules "$TMP/harness" "$SCHEMAS" "$RULES"
done


echo "rule files: $NFILES ($BYTES bytes) under $RULES; schemas: $SCHEMAS"
printf '%-36s %7s %8s   %s\n' command "wall s" "peak MB" "wall times (s), $RUNS runs"
for name in cat schemas rules; do
	f=$TMP/times.$name
	W=$(cut -d' ' -f1 "$f" | med)
	M=$(cut -d' ' -f2 "$f" | sort -n | tail -1)
	case $name in
	cat) label="cat RULES... (floor)" ;;
	schemas) label="load schemas only" ;;
	rules) label="load schemas + rules, resolve, check" ;;
	esac
	printf '%-36s %7s %8.1f   %s\n' "$label" "$W" \
	    "$(echo "$M / 1024" | bc -l)" "$(cut -d' ' -f1 "$f" | sort -n | tr '\n' ' ')"
	eval "W_$name=$W"
done
echo "added by rules (difference of medians): $(echo "$W_rules - $W_schemas" | bc -l) s"
echo "stages in process (median of $RUNS runs by rules-total):"
sort -t' ' -k10,10n "$TMP/out.rules" | awk -v n="$RUNS" 'NR == int((n + 1) / 2)'
