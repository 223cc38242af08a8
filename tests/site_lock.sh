#!/bin/sh
#
# site_lock.sh: two `etwcat build` runs into one DIR take turns
# (etwcat.1 SITE, Locking): each holds DIR.lock for its whole run.
#
# 1. A build started while another process holds DIR.lock says it
#    waits, waits, and publishes once the lock is free.
# 2. Rounds of two builds of samples/ started together into one DIR
#    with different --base-url: after each round the site is wholly
#    one build's, every page naming one base URL.  Without the lock a
#    build could compare a page with the previous site, find it
#    unchanged, and hard-link the other build's page that had been
#    swapped in meanwhile.  That happens rarely on its own (ROUNDS
#    rounds), and nearly every time with link(2) slowed down by the
#    shim tests/inject/slow_link.c (SLOW_ROUNDS rounds; not with a
#    sanitizer build, whose runtime must be loaded first).
#
# usage: site_lock.sh [SLOW_LINK.so]  (env ETWCAT, SRCDIR; ROUNDS,
# default 10; SLOW_ROUNDS, default 4)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
ROUNDS=${ROUNDS:-10}
SLOW_ROUNDS=${SLOW_ROUNDS:-4}
shim=${1:-}
case $shim in /*|'') ;; *) shim=$PWD/$shim ;; esac
if [ -n "$shim" ] && { ldd "$ETWCAT" 2>/dev/null |
    grep -q 'libasan\|libtsan\|libmsan' ||
    grep -aq '__asan_init\|__tsan_init\|__msan_init' "$ETWCAT"; }; then
	echo "sanitizer build: no rounds with $shim"
	shim=
fi
[ -n "$shim" ] || SLOW_ROUNDS=0
cd "$SRCDIR" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-lock.XXXXXX") || exit 1
holder=
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# --- 1. the lock is taken, and waited for
site=$tmp/held
python3 - "$site.lock" "$tmp/go" <<'PY' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o666)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[1] + ".held", "w").close()
# Hold the lock until told to let go (at most 60 s).
for _ in range(600):
    if os.path.exists(sys.argv[2]):
        break
    time.sleep(0.1)
PY
holder=$!
i=0
while [ ! -e "$site.lock.held" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$site.lock.held" ] || bad "the test could not take $site.lock"
timeout 120 "$ETWCAT" build -q -j 1 -o "$site" samples 2>"$tmp/held.err" &
build=$!
i=0
while ! grep -q 'waiting for another build' "$tmp/held.err" && [ $i -lt 300 ]; do
	sleep 0.1; i=$((i + 1))
done
grep -qx "etwcat: waiting for another build of $site" "$tmp/held.err" ||
    bad "no 'waiting for another build of $site' line: $(cat "$tmp/held.err")"
sleep 1
kill -0 $build 2>/dev/null || bad "the build did not wait for the lock"
[ -e "$site" ] && bad "the build published while another held the lock"
touch "$tmp/go"
wait $holder
holder=
wait $build
rc=$?
# 1: samples/ has sample errors, counted as validate counts them.
[ $rc -eq 1 ] || bad "the build that waited exited $rc"
[ -e "$site/.etwcat-site" ] || bad "the build that waited published no site"
[ "$(grep -vc '^samples/.*: error: ' "$tmp/held.err")" -eq 1 ] ||
    bad "more than the one waiting line: $(cat "$tmp/held.err")"
[ -e "$site.lock" ] && bad "the build left $site.lock"

# --- 2. concurrent builds never mix
site=$tmp/site
"$ETWCAT" build -q -j 1 --base-url https://a.example/ -o "$site" samples \
    2>/dev/null
[ $? -eq 1 ] || bad "the first build failed"
# round N PRELOAD: two builds at once, then the site is one of them.
round() {
	LD_PRELOAD=$2 timeout 300 "$ETWCAT" build -q -j 1 \
	    --base-url https://a.example/ -o "$site" samples 2>"$tmp/a.err" &
	a=$!
	LD_PRELOAD=$2 timeout 300 "$ETWCAT" build -q -j 1 \
	    --base-url https://b.example/ -o "$site" samples 2>"$tmp/b.err" &
	b=$!
	wait $a; ra=$?
	wait $b; rb=$?
	[ $ra -eq 1 ] && [ $rb -eq 1 ] ||
	    bad "round $1: exit $ra and $rb: $(cat "$tmp/a.err" "$tmp/b.err")"
	na=$(grep -rl 'https://a\.example/' "$site" | wc -l)
	nb=$(grep -rl 'https://b\.example/' "$site" | wc -l)
	if [ "$na" -gt 0 ] && [ "$nb" -gt 0 ]; then
		echo "round $1: $na files name a.example, $nb b.example"
		mixed=$((mixed + 1))
	fi
	[ "$na" -gt 0 ] || [ "$nb" -gt 0 ] || bad "round $1: no base URL"
}
mixed=0
r=1
while [ $r -le "$ROUNDS" ]; do
	round $r ""
	r=$((r + 1))
done
while [ $r -le $((ROUNDS + SLOW_ROUNDS)) ]; do
	round "$r (link slowed)" "$shim"
	r=$((r + 1))
done
[ $mixed -eq 0 ] ||
    bad "$mixed of $((ROUNDS + SLOW_ROUNDS)) rounds published a mixed site"
ls "$tmp" | grep -q '^site\.' && bad "left beside the site: $(ls "$tmp")"

[ $fail -eq 0 ] && echo "ok: the lock holds; $ROUNDS rounds and $SLOW_ROUNDS with link slowed, none mixed"
exit $fail
