#!/bin/sh
#
# report_output.sh: where each command writes (etwcat.1, -o): reports to
# standard output or -o FILE, diagnostics to standard error; a report
# written with -o goes through FILE.tmp and rename(2), so FILE is the
# whole report or what it was before, never half of one.
#
# 1. For validate (each format), drift (each format), export json and
#    jsonl: -o FILE holds what standard output (validate's text: what
#    standard error) holds without it, and no FILE.tmp is left.
# 2. A write that fails midway (a file size limit, SIGXFSZ ignored, so
#    write(2) fails with EFBIG): exit 3, "File too large" on stderr,
#    FILE as it was before, no FILE.tmp.
# 3. FILE.tmp cannot be created (it is a folder): exit 3, FILE as it
#    was.
# 4. export json of a SOURCE that cannot be read: exit 3, FILE as it
#    was (an incomplete catalog does not replace an export).
# 5. -o FIFO and -o LINK (a symbolic link, as /dev/stdout is) are
#    written in place: the report through the FIFO, in the link's
#    target, the FIFO and the link left as they are.
# 6. build and help write nothing to standard output but help's text.
#
# usage: report_output.sh (env ETWCAT, SRCDIR)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-out.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0
bad() { echo "FAIL: $*"; fail=1; }
S=samples
B=samples/builds/Win11-26200.6584

# 1. same NAME STREAM -- ARGS: ARGS to STREAM, then with -o FILE.
same() {
	name=$1 stream=$2
	shift 3
	if [ "$stream" = stderr ]; then
		"$@" 2>"$tmp/want" >/dev/null
	else
		"$@" >"$tmp/want" 2>/dev/null
	fi
	"$@" -o "$tmp/got" >"$tmp/out" 2>/dev/null
	if ! cmp -s "$tmp/want" "$tmp/got"; then
		bad "$name: -o FILE is not what $stream holds without it"
	elif [ ! -s "$tmp/got" ]; then
		bad "$name: empty report"
	else
		pass=$((pass + 1))
	fi
	[ -s "$tmp/out" ] && bad "$name: -o FILE and output on stdout too"
	[ -e "$tmp/got.tmp" ] && bad "$name: $tmp/got.tmp left"
	rm -f "$tmp/got"
}
same "validate text" stderr -- "$ETWCAT" validate "$B"
for f in json sarif junit; do
	same "validate $f" stdout -- "$ETWCAT" validate --format $f "$B"
done
for f in text markdown json sarif; do
	same "drift $f" stdout -- "$ETWCAT" drift -q --format $f "$S"
done
same "export json" stdout -- "$ETWCAT" export -q --format json "$B"
same "export jsonl" stdout -- "$ETWCAT" export -q --format jsonl "$B"

# 2. and 3. fails NAME ARGS...: FILE (holding "before") kept, exit 3.
fails() {
	name=$1
	shift
	printf 'before\n' >"$tmp/keep"
	"$@" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 3 ] || bad "$name: exit $rc, wanted 3"
	[ "$(cat "$tmp/keep")" = before ] || bad "$name: FILE changed"
	[ -f "$tmp/keep.tmp" ] && bad "$name: FILE.tmp left"
	[ $rc -eq 3 ] && [ "$(cat "$tmp/keep")" = before ] && pass=$((pass + 1))
}
# Each report is larger than the 8 KiB limit.
limited() { (trap '' XFSZ; ulimit -f 8; exec "$@"); }
fails "validate json, EFBIG" limited "$ETWCAT" validate --format json \
    -o "$tmp/keep" "$B"
grep -q "^etwcat: $tmp/keep: File too large$" "$tmp/err" ||
    bad "validate json, EFBIG: no 'File too large': $(cat "$tmp/err")"
fails "validate text, EFBIG" limited "$ETWCAT" validate -o "$tmp/keep" "$B"
fails "drift json, EFBIG" limited "$ETWCAT" drift -q --format json \
    -o "$tmp/keep" "$S"
fails "export json, EFBIG" limited "$ETWCAT" export -q --format json \
    -o "$tmp/keep" "$B"
fails "export jsonl, EFBIG" limited "$ETWCAT" export -q --format jsonl \
    -o "$tmp/keep" "$B"
mkdir "$tmp/keep.tmp"
fails "drift, FILE.tmp a folder" "$ETWCAT" drift -q -o "$tmp/keep" "$S"
grep -q "keep.tmp: Is a directory" "$tmp/err" ||
    bad "FILE.tmp a folder: not said: $(cat "$tmp/err")"
rmdir "$tmp/keep.tmp"
# 4.
fails "export json, a SOURCE not read" "$ETWCAT" export -q --format json \
    -o "$tmp/keep" "$B" "$tmp/no-such-source"

# 5. (not /dev/stdout itself: a broken etwcat run as root would put a
# file in its place for the rest of the machine's tests)
mkfifo "$tmp/fifo" || bad "mkfifo failed"
cat "$tmp/fifo" >"$tmp/fromfifo" &
reader=$!
timeout 60 "$ETWCAT" drift -q --format json -o "$tmp/fifo" "$S" 2>"$tmp/err"
rc=$?
wait $reader
[ $rc -le 1 ] || bad "-o FIFO: exit $rc: $(cat "$tmp/err")"
[ -p "$tmp/fifo" ] || bad "-o FIFO: the FIFO was replaced"
grep -q '"format": "etwcat-drift-report"' "$tmp/fromfifo" ||
    bad "-o FIFO: the report did not come through the FIFO"
ln -s target "$tmp/link"
"$ETWCAT" drift -q --format json -o "$tmp/link" "$S" 2>"$tmp/err"
[ -L "$tmp/link" ] || bad "-o LINK: the symbolic link was replaced"
grep -q '"format": "etwcat-drift-report"' "$tmp/target" ||
    bad "-o LINK: the report is not in the link's target"

# 6.
"$ETWCAT" build -q -o "$tmp/site" "$B" >"$tmp/out" 2>/dev/null
[ -s "$tmp/out" ] && bad "build wrote to standard output"
"$ETWCAT" help drift >"$tmp/out" 2>"$tmp/err"
grep -q '^usage: etwcat drift' "$tmp/out" && [ ! -s "$tmp/err" ] ||
    bad "help: not on standard output alone"

[ $fail -eq 0 ] && echo "ok: $pass reports written whole or not at all"
exit $fail
