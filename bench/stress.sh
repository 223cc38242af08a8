#!/bin/bash
#
# bench/stress.sh: etwcat over a catalog ten times the jdu2600 TSV corpus,
# the scale etwcat is built for.  The 17 real builds are each copied
# nine times into a temporary folder, as BUILD-s1 ... BUILD-s9 (same
# build number, so each copy sorts right after its original), for 170
# builds and about 8.5 million rows.  Unchanged files are hard links; in
# each copy every 97th manifest file (from an offset that depends on the
# copy) is edited, deterministically, so that drift has something to find:
#
#   rows with (line + k) % 5 == 0   get a field appended ("UInt32 StressK")
#   rows with (line + k) % 11 == 0  are left out (the event disappears)
#   rows with (line + k) % 17 == 0  have their first field renamed (k odd)
#
# Then wall time, CPU time and peak memory (/usr/bin/time) of
#
#   etwcat validate -q DIR
#   etwcat drift -q -o /dev/null DIR
#   etwcat export -q --format json -o /dev/null DIR
#
#   etwcat build -q -o SITE DIR        (only with STRESS_SITE=1)
#
# over the 17 real builds and over the 170, and the ratio of the two.
# A benchmark that prints figures, not a test.
#
# usage: bench/stress.sh [BUILDDIR [RUNS [COPIES]]]
#        (defaults: build, 1, 9; the median of RUNS runs is printed)
# STRESS_DIR=DIR keeps the large catalog in DIR (made if missing) for
# another run or a profiler; by default it is made in a temporary
# folder and removed.
# STRESS_COPY=1 copies the unchanged files instead of linking them:
# the TSV loader does not open a hard link of a file it has read
# (catalog/tsv.c, struct known), so this measures a catalog whose
# builds share no file, at 1.4 GB of disk.
set -u
BUILD=${1:-build}
RUNS=${2:-1}
COPIES=${3:-9}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
SHARED=${SHARED:-$ROOT/../shared}
DIR=$SHARED/corpus/tsv/jdu2600
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
ETWCAT=$BUILD/etwcat
[ -x "$ETWCAT" ] || { echo "no $ETWCAT: build first (make)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ -d "$DIR" ] || { echo "no corpus at $DIR" >&2; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
big=${STRESS_DIR:-$tmp/x10}
[ -n "${STRESS_COPY:-}" ] && cpflags=-R || cpflags=-al

t0=$(date +%s)
edited=0
[ -d "$big" ] && [ -n "${STRESS_DIR:-}" ] && skip=1 || skip=0
mkdir -p "$big"
[ $skip = 1 ] || for b in "$DIR"/*/; do
	b=${b%/}
	name=$(basename "$b")
	cp $cpflags "$b" "$big/$name" || exit 2
	for k in $(seq 1 "$COPIES"); do
		dst=$big/$name-s$k
		cp $cpflags "$b" "$dst" || exit 2
		# Every 97th manifest file, from offset k.
		files=$(cd "$b" && ls manifest/*.tsv 2>/dev/null | \
		    awk -v k="$k" 'NR % 97 == k % 97')
		for f in $files; do
			rm -f "$dst/$f"
			awk -F'\t' -v OFS='\t' -v k="$k" '
			NR == 1 { print; next }
			(NR + k) % 11 == 0 { next }
			{
				if ((NR + k) % 5 == 0 && $4 ~ /[^(]\)$/)
					sub(/\)$/, ", UInt32 Stress" k ")", $4)
				if (k % 2 == 1 && (NR + k) % 17 == 0 &&
				    match($4, /\([A-Za-z0-9]+ [A-Za-z0-9_]+/))
					$4 = substr($4, 1, RSTART + RLENGTH - 1) \
					    "Renamed" substr($4, RSTART + RLENGTH)
				print
			}' "$b/$f" >"$dst/$f" || exit 2
			edited=$((edited + 1))
		done
	done
done
nb=$(ls "$big" | wc -l)
nf=$(find "$big" -name '*.tsv' | wc -l)
rows=$(find "$big" -name '*.tsv' -exec cat {} + | wc -l)
echo "catalog: $nb builds, $nf files, $rows lines, $edited files edited" \
    "(made in $(( $(date +%s) - t0 )) s)"


# Where a loaded catalog's memory is: a harness linked with the tree's
# libetwcat.a loads DIR and adds up the model's parts.
cat >"$tmp/mem.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include "etwcat.h"
#include "model.h"

int
main(int argc, char **argv)
{
	struct ecat_diag	*d = ecat_diag_new();
	struct ecat_catalog	*c;
	size_t			 occ = 0, occcap = 0, keys = 0, kptr = 0;
	size_t			 ev = 0, rows = 0, sch = 0;
	uint32_t		 i, k, t;

	(void)argc;
	ecat_diag_set_min(d, ECAT_SEV__MAX);	/* count, print nothing */
	c = ecat_catalog_new(d);
	ecat_load_source(c, argv[1], NULL);
	ecat_catalog_finish(c);
	for (i = 0; i < c->nproviders; i++) {
		struct ecat_provider *p = c->providers[i];

		kptr += p->keycap * sizeof(*p->keys);
		sch += p->nschemas;
		for (k = 0; k < p->nkeys; k++) {
			keys++;
			occ += p->keys[k]->nocc;
			occcap += p->keys[k]->occcap;
		}
		/* Rows in schemas, and stored: a TSV file alike an earlier
		   build's shares its rows (model.c), counted once. */
		for (k = 0; k < p->nschemas; k++) {
			const struct ecat_pschema *ps = p->schemas[k];

			ev += ps->nevents;
			for (t = 0; t < k && (ps->nevents == 0 ||
			    p->schemas[t]->events != ps->events); t++)
				continue;
			if (t == k)
				rows += ps->nevents;
		}
	}
	printf("  arena (model and strings)         %8zu MB\n",
	    ecat_arena_bytes(c->arena) >> 20);
	printf("    rows    %9zu x %3zu B = %8zu MB (%zu in schemas)\n",
	    rows, sizeof(struct ecat_evrow),
	    rows * sizeof(struct ecat_evrow) >> 20, ev);
	printf("    contents %8llu x %3zu B = %8zu MB\n",
	    (unsigned long long)c->ncontents, sizeof(struct ecat_event),
	    (size_t)c->ncontents * sizeof(struct ecat_event) >> 20);
	printf("    schemas %9zu x %3zu B = %8zu MB\n", sch,
	    sizeof(struct ecat_pschema),
	    sch * sizeof(struct ecat_pschema) >> 20);
	printf("    keys    %9zu x %3zu B = %8zu MB\n", keys,
	    sizeof(struct ecat_evkey), keys * sizeof(struct ecat_evkey) >> 20);
	printf("    shapes  %9llu\n", (unsigned long long)c->nshapes);
	printf("  occurrences %9zu x %3zu B = %8zu MB (malloc, %zu MB "
	    "allocated)\n", occ, sizeof(struct ecat_occ),
	    occ * sizeof(struct ecat_occ) >> 20,
	    occcap * sizeof(struct ecat_occ) >> 20);
	printf("  key pointer arrays (malloc)       %8zu MB\n", kptr >> 20);
	ecat_catalog_free(c);
	ecat_diag_free(d);
	return 0;
}
EOF
mem=
if bench_link "$tmp/mem" "$tmp/mem.c"; then
	mem=$tmp/mem
else
	echo "note: memory harness not built ($LINKERR)"
fi

# fig CMDNAME SRC ARGS...: "wall cpu peakMB" (medians of RUNS).
fig() {
	local tag=$1 i
	shift
	for i in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/t.$tag.$i" \
		    "$ETWCAT" "$@" >/dev/null 2>"$tmp/err.$tag"
		rc=$?
		[ $rc -le 1 ] || { echo "$tag: exit $rc" >&2; tail -3 "$tmp/err.$tag" >&2; }
	done
	w=$(for f in "$tmp"/t.$tag.*; do tail -1 "$f"; done | awk '{print $1}' | med)
	c=$(for f in "$tmp"/t.$tag.*; do tail -1 "$f"; done | awk '{print $2 + $3}' | med)
	m=$(for f in "$tmp"/t.$tag.*; do tail -1 "$f"; done | awk '{print $4}' | med)
	echo "$w $c $((m / 1024))"
}

printf '%-44s %8s %8s %9s\n' "command (median of $RUNS)" "wall s" "cpu s" "peak MB"
for c in validate drift export; do
	case $c in
	validate) args="validate -q" ;;
	drift) args="drift -q -o /dev/null" ;;
	export) args="export -q --format json -o /dev/null" ;;
	esac
	read -r w1 c1 m1 <<<"$(fig "$c.1" $args "$DIR")"
	read -r w10 c10 m10 <<<"$(fig "$c.10" $args "$big")"
	printf '%-44s %8s %8s %9s\n' "etwcat $args (17 builds)" "$w1" "$c1" "$m1"
	printf '%-44s %8s %8s %9s\n' "etwcat $args ($nb builds)" "$w10" "$c10" "$m10"
	awk -v a="$c1" -v b="$c10" -v x="$m1" -v y="$m10" 'BEGIN {
		printf "%-44s %8s %8.1f %9.1f\n", "  ratio", "", b / a, y / x }'
done
# STRESS_SITE=1: the site too (etwcat build).  Off by default: the 170
# builds make about 10 times the 17-build site's pages and bytes (on
# the order of 1.4 million files and 20 GB; df is checked first).
avail=$(df -Pm "$tmp" | awk 'NR == 2 { print $4 }')
if [ -n "${STRESS_SITE:-}" ] && [ "$avail" -lt 30000 ]; then
	echo "STRESS_SITE: only $avail MB free in $tmp; 30000 wanted, skipped"
elif [ -n "${STRESS_SITE:-}" ]; then
	for n in 1 10; do
		[ $n = 1 ] && src=$DIR || src=$big
		rm -rf "$tmp/site" "$tmp/site.old"
		read -r w c m <<<"$(RUNS=1 fig "build.$n" build -q -o "$tmp/site" "$src")"
		pages=$(find "$tmp/site" -name '*.html' | wc -l)
		bytes=$(du -sm "$tmp/site" | awk '{print $1}')
		printf '%-44s %8s %8s %9s   %d pages, %d MB\n' \
		    "etwcat build -q ($( [ $n = 1 ] && echo 17 || echo "$nb") builds)" \
		    "$w" "$c" "$m" "$pages" "$bytes"
		rm -rf "$tmp/site"
	done
fi
if [ -n "$mem" ]; then
	echo "memory of the loaded catalog, 17 builds:"
	"$mem" "$DIR"
	echo "memory of the loaded catalog, $nb builds:"
	"$mem" "$big"
fi
# What drift found in the large catalog (the edits).
"$ETWCAT" drift -q --format json -o "$tmp/d.json" "$big" 2>/dev/null
echo "drift findings in the $nb builds, by class:"
grep -o '"drift-[a-z-]*"' "$tmp/d.json" | sort | uniq -c | sort -rn
