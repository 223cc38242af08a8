#!/bin/sh
# validate.sh: sample validation throughput and memory (etwcat.1,
# SAMPLE VALIDATION).
#
# Prints, in one invocation over the same bytes (../shared/samples,
# 25,600 events in 300 JSON-lines files):
#   1. a parse-only pass with Jansson (each line json_loadb'd and freed,
#      as catalog/sample.c reads them), events/s and MB/s;
#   2. etwcat validate against the 17 jdu2600 TSV builds, the samples'
#      own build having no schemas (best match over every build): the
#      validation time is the run's CPU time minus the CPU time to
#      load the same schemas alone, each the least of $RUNS runs (CPU
#      time, because other work on a shared machine inflates wall
#      time; both are printed);
#      and the CPU time of the validation phase alone (ecat_validate()
#      through the build's libetwcat.a);
#   3. peak RSS of that run with the samples once and four times over
#      (a copy of the tree under four folders): memory flat in input
#      size means the two differ by little.
#
# Usage: bench/validate.sh [ETWCAT]  (default build/etwcat; RUNS=5).
# Needs cc, pkg-config and libjansson-dev (Makefile DEBS), GNU time.
set -eu
: "${SHARED:=../shared}" "${RUNS:=5}" "${SRCDIR:=.}"
etwcat=${1:-${ETWCAT:-build/etwcat}}
samples=$SHARED/samples
corpus=$SHARED/corpus/tsv/jdu2600
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

[ -x "$etwcat" ] || { echo "no etwcat at $etwcat (build it first)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "GNU time needed" >&2; exit 2; }

# --- 1. Jansson parse-only ------------------------------------------------
cat > "$tmp/parse.c" <<'EOF'
/* Parse every non-blank line of each file with Jansson, then free it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

int
main(int argc, char *argv[])
{
	struct timespec	 a, b;
	clock_t		 c0, c1;
	json_error_t	 err;
	json_t		*v;
	char		*line = NULL;
	size_t		 cap = 0, bytes = 0, events = 0, bad = 0;
	ssize_t		 n;
	int		 i;
	FILE		*f;

	clock_gettime(CLOCK_MONOTONIC, &a);
	c0 = clock();
	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "r")) == NULL) {
			perror(argv[i]);
			return 1;
		}
		while ((n = getline(&line, &cap, f)) != -1) {
			bytes += (size_t)n;
			if (strspn(line, " \t\r\n") == (size_t)n)
				continue;
			if ((v = json_loadb(line, (size_t)n, 0, &err)) == NULL) {
				bad++;
				continue;
			}
			events++;
			json_decref(v);
		}
		fclose(f);
	}
	c1 = clock();
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%zu %zu %zu %.6f %.6f\n", events, bad, bytes,
	    (double)(c1 - c0) / CLOCKS_PER_SEC,
	    (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
	free(line);
	return 0;
}
EOF
cc -O2 -o "$tmp/parse" "$tmp/parse.c" $(pkg-config --cflags --libs jansson)

find "$samples" -name '*.jsonl' -print0 | sort -z > "$tmp/files"
best=""
i=0
while [ $i -lt "$RUNS" ]; do
	r=$(xargs -0 "$tmp/parse" < "$tmp/files")
	t=$(echo "$r" | cut -d' ' -f4)	# CPU seconds
	if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then
		best=$t
		res=$r
	fi
	i=$((i + 1))
done
events=$(echo "$res" | cut -d' ' -f1)
bad=$(echo "$res" | cut -d' ' -f2)
bytes=$(echo "$res" | cut -d' ' -f3)
mb=$(echo "scale=2; $bytes / 1000000" | bc -l)
printf 'input: %s events (+%s lines Jansson refuses) in %s MB\n' \
    "$events" "$bad" "$mb"
pcpu=$best
printf 'jansson parse-only:  %8.3f s  %9.0f events/s  %7.1f MB/s  (CPU; wall %s s)\n' \
    "$best" "$(echo "$events / $best" | bc -l)" \
    "$(echo "$bytes / $best / 1000000" | bc -l)" "$(echo "$res" | cut -d' ' -f5)"

# --- 2. etwcat validate ---------------------------------------------------
# fastest of RUNS runs of a command, by CPU time (user + system, which
# other load on the machine disturbs less than wall time): prints
# "cpu_seconds wall_seconds maxrss_kb".
fastest() {
	b="" w="" m=""
	j=0
	while [ $j -lt "$RUNS" ]; do
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/t" "$@" \
		    > /dev/null 2> /dev/null || true
		l=$(tail -n 1 "$tmp/t")
		c=$(echo "$l" | awk '{ print $2 + $3 }')
		if [ -z "$b" ] || [ "$(echo "$c < $b" | bc -l)" = 1 ]; then
			b=$c
			w=$(echo "$l" | cut -d' ' -f1)
			m=$(echo "$l" | cut -d' ' -f4)
		fi
		j=$((j + 1))
	done
	echo "$b $w $m"
}

load=$(fastest "$etwcat" validate --no-lint "$corpus")
full=$(fastest "$etwcat" validate --no-lint "$corpus" "$samples")
tl=$(echo "$load" | cut -d' ' -f1)
tf=$(echo "$full" | cut -d' ' -f1)
tv=$(echo "$tf - $tl" | bc -l)
# GNU time has 10 ms resolution: never divide by less.
if [ "$(echo "$tv < 0.01" | bc -l)" = 1 ]; then tv=0.01; fi
printf 'etwcat CPU time: load 17 TSV builds %.2f s; load + validate %.2f s (wall %s s, %s s)\n' \
    "$tl" "$tf" "$(echo "$load" | cut -d' ' -f2)" "$(echo "$full" | cut -d' ' -f2)"
printf 'etwcat validate:     %8.3f s  %9.0f events/s  %7.1f MB/s  (CPU; text report)\n' \
    "$tv" "$(echo "$events / $tv" | bc -l)" \
    "$(echo "$bytes / $tv / 1000000" | bc -l)"
printf 'ratio to parse-only: %.2f (aim: at least 0.50)\n' \
    "$(echo "$pcpu / $tv" | bc -l)"

# --- 2b. the validation phase alone -----------------------------------------
# The same run through the library, timing ecat_validate() itself (CPU
# time of the process, getrusage), so that the subtraction above, which
# also moves allocator and cache effects between two processes, can be
# checked.  Needs the build's libetwcat.a.
lib=$(dirname "$etwcat")/libetwcat.a
cat > "$tmp/phase.c" <<'EOF2'
#include <sys/resource.h>
#include <stdio.h>
#include <string.h>
#include "etwcat.h"
#include "model.h"
#include "validate.h"

static double
S_cpu(void)
{
	struct rusage	 u;

	getrusage(RUSAGE_SELF, &u);
	return u.ru_utime.tv_sec + u.ru_stime.tv_sec +
	    (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int
main(int argc, char *argv[])
{
	struct ecat_diag	*d = ecat_diag_new();
	FILE			*f = fopen("/dev/null", "w");
	struct ecat_vreport	*r;
	struct ecat_catalog	*cat;
	struct ecat_vrun	*run;
	double			 a, b;
	int			 i;

	r = ecat_vreport_new(d, f, ecat_vformat_find("text"),
	    ECAT_SEV_ERROR, 0);
	cat = ecat_catalog_new(d);
	ecat_validate_defer(cat);
	for (i = 1; i < argc; i++)
		ecat_load_source(cat, argv[i], NULL);
	ecat_catalog_finish(cat);
	run = ecat_vrun_new();
	a = S_cpu();
	ecat_validate(cat, run);
	ecat_vreport_finish(r, cat, run);
	b = S_cpu();
	printf("%.3f %llu\n", b - a, (unsigned long long)run->nsamples);
	return 0;
}
EOF2
if [ -f "$lib" ] && cc -O2 -I"$SRCDIR/include" -I"$SRCDIR/catalog" -I"$SRCDIR/validator" \
    -I"$SRCDIR/render" -o "$tmp/phase" "$tmp/phase.c" "$lib" \
    $(pkg-config --libs jansson libxml-2.0 libcmark zlib libfwnt) \
    $(pkg-config --libs yaml-0.1 2>/dev/null) -lpthread -lm 2>"$tmp/cc.err"
then
	bp=""
	j=0
	while [ $j -lt "$RUNS" ]; do
		t=$("$tmp/phase" "$corpus" "$samples" | cut -d' ' -f1)
		if [ -z "$bp" ] || [ "$(echo "$t < $bp" | bc -l)" = 1 ]; then
			bp=$t
		fi
		j=$((j + 1))
	done
	printf 'validation phase:    %8.3f s  %9.0f events/s  %7.1f MB/s  (CPU of ecat_validate and the text report)\n' \
	    "$bp" "$(echo "$events / $bp" | bc -l)" \
	    "$(echo "$bytes / $bp / 1000000" | bc -l)"
	printf 'ratio to parse-only: %.2f\n' "$(echo "$pcpu / $bp" | bc -l)"
else
	echo "validation phase: not measured (could not link $lib)"
fi

# --- 3. memory: 1x and 4x -------------------------------------------------
mkdir "$tmp/x4"
for k in 1 2 3 4; do
	cp -r "$samples" "$tmp/x4/copy$k"
done
m1=$(echo "$full" | cut -d' ' -f3)
x4=$(RUNS=1 fastest "$etwcat" validate --no-lint "$corpus" "$tmp/x4")
m4=$(echo "$x4" | cut -d' ' -f3)
m0=$(echo "$load" | cut -d' ' -f3)
printf 'peak RSS: schemas alone %d KB; with samples 1x %d KB (+%d); 4x %d KB (+%d)\n' \
    "$m0" "$m1" $((m1 - m0)) "$m4" $((m4 - m0))
