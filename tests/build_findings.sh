#!/bin/sh
#
# build_findings.sh: etwcat build prints the findings it renders on the
# pages and counts them in its exit status as validate does (etwcat.1,
# EXIT STATUS): over the same SOURCEs, build's diagnostics on standard
# error are validate's, line for line (as a multiset: the two read the
# samples in another order), and the two exit alike, at each -W and
# with -q; a rebuild with nothing changed replays them (render/site/
# rerun.c) with the same status.
#
# 1. samples/: 29 sample errors (two builds' SMBServer captures): exit
#    1 from both, the same 1,208 lines.
# 2. samples/builds/Win11-24H2-26100.6899: notes only: exit 0 at -W
#    error, 1 at -W note, from both; the rebuild with nothing changed
#    exits 0, then 1 at -W note, with the same lines.
# 3. samples/builds/WS2022-20348.4893 with -q: the errors alone.
# 4. the 17 TSV builds of ../shared/corpus/tsv/jdu2600 and
#    ../shared/samples (about 21,500 lines; the build takes about
#    30 s here, mostly writing the site).
#
# usage: build_findings.sh (env ETWCAT, SRCDIR)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-bf.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# The diagnostics of a run's stderr, sorted: without validate's summary
# (its "etwcat validate:" line, the indented counts, the best-match
# table) and build's own "etwcat: ..." lines (progress, site summary).
diags() {
	grep -v -e '^etwcat[: ]' -e '^  ' -e '^best-matching' "$1" | sort
}

# same NAME SITE [OPTION...] -- SOURCE...: validate and build alike.
same() {
	name=$1 site=$2
	shift 2
	timeout 300 "$ETWCAT" validate "$@" >/dev/null 2>"$tmp/v.err"
	rv=$?
	timeout 600 "$ETWCAT" build -j 2 -o "$site" "$@" >"$tmp/b.out" \
	    2>"$tmp/b.err"
	rb=$?
	[ $rv -eq $rb ] || bad "$name: validate exited $rv, build $rb"
	[ -s "$tmp/b.out" ] && bad "$name: build wrote to standard output"
	diags "$tmp/v.err" >"$tmp/v.s"
	diags "$tmp/b.err" >"$tmp/b.s"
	if ! cmp -s "$tmp/v.s" "$tmp/b.s"; then
		bad "$name: build's diagnostics are not validate's" \
		    "($(wc -l <"$tmp/v.s") and $(wc -l <"$tmp/b.s") lines):"
		diff "$tmp/v.s" "$tmp/b.s" | head -5
	fi
	n=$(wc -l <"$tmp/b.s")
}

# want NAME STATUS LINES: the last same's figures.
want() {
	[ $rb -eq "$2" ] || bad "$1: exit $rb, wanted $2"
	[ "$n" -eq "$3" ] || bad "$1: $n diagnostics, wanted $3"
}

# 1.
same samples "$tmp/s1" samples
want samples 1 1208
grep -q ': error: .*\[sample-missing-field\]$' "$tmp/b.s" ||
    bad "samples: no sample-missing-field error from build"

# 2. and the run record's replay.
B=samples/builds/Win11-24H2-26100.6899
same "notes only" "$tmp/s2" "$B"
want "notes only" 0 363
same "notes only, -W note" "$tmp/s2n" -W note "$B"
want "notes only, -W note" 1 363
for w in error note; do
	timeout 300 "$ETWCAT" build -W $w -o "$tmp/s2" "$B" 2>"$tmp/r.err"
	rr=$?
	grep -q 'nothing changed since the last build' "$tmp/r.err" ||
	    bad "rebuild -W $w: not a replay"
	diags "$tmp/r.err" >"$tmp/r.s"
	cmp -s "$tmp/r.s" "$tmp/b.s" ||
	    bad "rebuild -W $w: not the diagnostics of the run"
	[ $rr -eq "$( [ $w = note ] && echo 1 || echo 0)" ] ||
	    bad "rebuild -W $w: exit $rr"
done

# 3.
same "-q" "$tmp/s3" -q samples/builds/WS2022-20348.4893
want "-q" 1 13
grep -qv ': error: ' "$tmp/b.s" && bad "-q: build printed more than errors"

# 4.
same "17 TSV builds and ../shared/samples" "$tmp/s4" \
    ../shared/corpus/tsv/jdu2600 ../shared/samples
[ $rb -eq 1 ] && [ "$n" -gt 20000 ] ||
    bad "17 TSV builds and ../shared/samples: exit $rb, $n diagnostics"

[ $fail -eq 0 ] && echo "ok: build prints and counts what validate does" \
    "(samples/, two builds at -W error, note and -q, 17 TSV builds and" \
    "../shared/samples: $n lines)"
exit $fail
