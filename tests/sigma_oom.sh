#!/bin/sh
#
# sigma_oom.sh: a failed allocation while a Sigma rule is parsed is the
# run's out of memory (exit 3), never the rule's fault: libyaml's
# loader fails some allocations without setting an error, which was
# reported as "rule-malformed: YAML: error" with exit 1
# (catalog/sigma.c).  Every malloc of `validate RULES` fails once in
# turn (tests/inject/inject.c); each run must exit 3 saying "out of
# memory" (or io-read's "Cannot allocate memory" when a C library call
# fails), or, past the run's last allocation, as the run without a
# failure does.  Skips (77) for a sanitizer build, as
# fault_injection.sh does: ASan must own malloc.
#
# usage: sigma_oom.sh INJECT_SO  (env ETWCAT, SRCDIR, SHARED)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
inject=${1:?usage: sigma_oom.sh INJECT_SO}
cd "$SRCDIR" || exit 1
: "${SHARED:=../shared}"
case $ETWCAT in /*) ;; *) ETWCAT=$(pwd)/$ETWCAT ;; esac
if ldd "$ETWCAT" 2>/dev/null | grep -q 'libasan\|libtsan\|libmsan'; then
	echo "sanitizer build: no LD_PRELOAD malloc shim"; exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-sigmaoom.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# Three real rules: tags, lists, a multi-line condition.
mkdir "$tmp/rules"
n=0
for f in $(find "$SHARED/sigma" -name '*.yml' | sort | head -40); do
	grep -q '^tags:' "$f" || continue
	cp "$f" "$tmp/rules/" && n=$((n + 1))
	[ $n -ge 3 ] && break
done
[ $n -eq 3 ] || { echo "FAIL: fewer than 3 Sigma rules under $SHARED/sigma"; exit 1; }

"$ETWCAT" validate "$tmp/rules" >"$tmp/ref.out" 2>"$tmp/ref.err"
ref=$?
[ $ref -le 1 ] || { echo "FAIL: the run without failures exited $ref"; exit 1; }
grep -q rule-malformed "$tmp/ref.err" &&
    { echo "FAIL: a real rule is malformed: $(head -3 "$tmp/ref.err")"; exit 1; }

i=0 oom=0 clean=0
while [ $i -lt 20000 ] && [ $clean -lt 5 ]; do
	i=$((i + 1))
	ECAT_INJECT_FUNC=malloc ECAT_INJECT_NTH=$i LD_PRELOAD=$inject \
	    "$ETWCAT" validate "$tmp/rules" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if grep -q rule-malformed "$tmp/err"; then
		bad "malloc $i: $(grep rule-malformed "$tmp/err" | head -1)"
		continue
	fi
	# The C library's calls (opendir) fail with ENOMEM: io-read.
	if [ $rc -eq 3 ] && grep -q "out of memory\|Cannot allocate memory" \
	    "$tmp/err"; then
		oom=$((oom + 1)) clean=0
	elif [ $rc -eq $ref ] && cmp -s "$tmp/out" "$tmp/ref.out" &&
	    cmp -s "$tmp/err" "$tmp/ref.err"; then
		clean=$((clean + 1))
	else
		bad "malloc $i: exit $rc: $(head -2 "$tmp/err")"
		clean=0
	fi
done
echo "$oom allocations failed in turn, each exit 3 (out of memory)"
[ $oom -gt 100 ] || bad "only $oom allocations failed: the shim did not work"
[ $fail -eq 0 ] && echo PASS
exit $fail
