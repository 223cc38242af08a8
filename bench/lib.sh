# bench/lib.sh: what the benchmark scripts share (sourced, not run).
#
#   die MESSAGE...        print to standard error, exit 2
#   bench_tmp             make $TMP (removed on exit)
#   bench_link OUT SRC    compile the C harness SRC against
#                         $BUILD/libetwcat.a into OUT; returns 1, with
#                         the compiler's first line in $LINKERR, when it
#                         cannot (no library, no compiler)
#   run NAME COMMAND...   one timed run (/usr/bin/time), appending
#                         "WALL KB USER SYS" to $TMP/times.NAME; output
#                         and exit status are ignored (etwcat validate
#                         exits 1 on findings)
#   median NAME           "WALL PEAKKB CPU ALL": median wall seconds,
#                         peak KB over the runs, median CPU seconds
#                         (user + system), then every wall time, sorted
#   med                   the median of the numbers on standard input
#
# Needs ROOT (the source tree) and BUILD (a meson build folder).

die() {
	echo "$(basename "$0"): $*" >&2
	exit 2
}

bench_tmp() {
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-bench.XXXXXX") || exit 2
	trap 'rm -rf "$TMP"' EXIT
}

bench_link() {
	local out=$1 src=$2
	LINKERR=
	[ -f "$BUILD/libetwcat.a" ] || { LINKERR="no $BUILD/libetwcat.a"; return 1; }
	# shellcheck disable=SC2046	# pkg-config's flags are meant to split
	if ! ${CC:-cc} -O2 -D_GNU_SOURCE -I"$ROOT/include" -I"$ROOT/catalog" \
	    -I"$ROOT/validator" -o "$out" \
	    "$src" "$BUILD/libetwcat.a" \
	    $(pkg-config --cflags --libs libxml-2.0 jansson libcmark yaml-0.1 zlib libfwnt) \
	    -lpthread -lm 2>"$out.err"; then
		LINKERR=$(head -1 "$out.err")
		return 1
	fi
}

run() {
	local name=$1
	shift
	/usr/bin/time -q -f "%e %M %U %S" -o "$TMP/t" "$@" >/dev/null 2>&1
	tail -1 "$TMP/t" >>"$TMP/times.$name"
}

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

med() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
