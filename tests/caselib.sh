# tests/caselib.sh: what the case-by-case shell tests share (sourced,
# not run; adversary_io.sh, adversary_rest.sh).  The sourcing script
# sets ETWCAT, and NOISE (a grep -e pattern of diagnostic lines to leave
# out when a failing case's stderr is shown; may be empty).
#
#   run NAME ARGS...    etwcat ARGS under a 20 s timeout (a regression in
#                       these tests is a hang): $tmp/NAME.out, .err, .rc
#   ok NAME TEST MSG    count TEST's outcome (eval'd) for case NAME;
#                       on failure print MSG, the exit status and stderr
#   rc NAME STATUS      did case NAME exit STATUS?
#   finish SCRIPT       fail any case whose stderr holds a sanitizer
#                       report, print "SCRIPT: N passed, N failed", and
#                       return 0 only when none failed
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
: "${NOISE:=^$}"

run() {
	local name=$1
	shift
	timeout 20 "$ETWCAT" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

ok() {
	local name=$1 msg=$3
	if eval "$2"; then
		pass=$((pass + 1))
		return
	fi
	fail=$((fail + 1))
	echo "FAIL: $name: $msg (exit $(cat "$tmp/$name.rc"))"
	grep -v -e "$NOISE" "$tmp/$name.err" | head -5 | sed 's/^/    | /'
}

rc() { [ "$(cat "$tmp/$1.rc")" = "$2" ]; }

finish() {
	local n
	for n in "$tmp"/*.err; do
		[ -e "$n" ] || continue
		if grep -q 'Sanitizer\|runtime error' "$n"; then
			fail=$((fail + 1))
			echo "FAIL: $(basename "$n" .err): sanitizer report"
		fi
	done
	echo "$1: $pass passed, $fail failed"
	[ "$pass" -gt 0 ] && [ "$fail" = 0 ]
}
