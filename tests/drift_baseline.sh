#!/bin/sh
#
# drift_baseline.sh: `etwcat drift --baseline FILE` reads FILE as every
# other input is read (etwcat.1 DRIFT, LIMITS): a device, a folder or a
# file over the 256 MiB limit is refused with io-read or limit-exceeded
# and exit 3, at once and without reading it whole; a real baseline
# still accepts its findings.
#
# usage: drift_baseline.sh  (env ETWCAT, SRCDIR)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-baseline.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# A binary without the check reads /dev/zero until memory runs out:
# bound it, where no sanitizer needs the address space.
limit=
ldd "$ETWCAT" 2>/dev/null | grep -q 'libasan\|libtsan\|libmsan' ||
    grep -aq '__asan_init\|__tsan_init\|__msan_init' "$ETWCAT" ||
    limit='ulimit -v 4194304;'

# refused NAME FILE ID: drift with --baseline FILE exits 3 within 20 s
# with diagnostic ID naming FILE.
refused() {
	sh -c "$limit"' exec timeout 20 "$@"' sh "$ETWCAT" drift -q \
	    --baseline "$2" samples >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 3 ] || bad "$1: exit $rc, not 3"
	grep -q "^$2:0:0: error: .*\[$3\]\$" "$tmp/err" ||
	    bad "$1: no $3 diagnostic naming $2: $(head -c 300 "$tmp/err")"
}

refused "a device" /dev/zero io-read
mkdir "$tmp/dir"
refused "a folder" "$tmp/dir" io-read
# Sparse: takes no room, but its size is over the limit.
truncate -s 300M "$tmp/big" || bad "truncate"
refused "a file of 300 MiB" "$tmp/big" limit-exceeded
refused "a missing file" "$tmp/none" io-read

# A real baseline, with a line without its newline at the end and a
# CR LF line: every finding accepted, exit 0.
"$ETWCAT" drift -q --write-baseline "$tmp/bl" samples >/dev/null 2>&1
[ -s "$tmp/bl" ] || bad "no baseline written"
awk 'NR == 3 { printf "%s\r\n", $0; next } { print }' "$tmp/bl" |
    head -c -1 >"$tmp/bl2"
"$ETWCAT" drift --baseline "$tmp/bl2" samples >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || bad "a real baseline: exit $rc, not 0"
grep -q '^0 findings (.* more accepted by the baseline)' "$tmp/out" ||
    bad "a real baseline: $(tail -1 "$tmp/out")"
grep -q 'no longer found' "$tmp/err" &&
    bad "a real baseline: stale lines: $(grep 'no longer' "$tmp/err")"

[ $fail -eq 0 ] && echo "ok: baselines read under the input limits"
exit $fail
