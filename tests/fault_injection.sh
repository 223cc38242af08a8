#!/bin/bash
#
# fault_injection.sh: make memory, file opens, reads, writes, renames
# and unlinks fail at chosen points of load, validate, drift and build
# (through the LD_PRELOAD shim tests/inject/inject.c, as jq's tests do
# with src/inject_errors.c), and check that each failure either
#
#   - is reported: exit status 3 and a diagnostic on standard error
#     that says what failed (io-read, io-write, "out of memory", or
#     "etwcat: PATH: strerror"), and, for build, the site an earlier
#     build wrote is left as it was, byte for byte, with no temporary
#     folder beside it; or, when the failure came after the swap
#     (removing the previous site: "could not remove ... the new one
#     is in place"), the new site is in place, byte for byte as a run
#     without failures writes it, and the folder left beside it is the
#     one the diagnostic names; or
#   - is absorbed without effect: the same exit status and the same
#     output, byte for byte, as a run without the failure (the C
#     library runs a stream unbuffered when its buffer cannot be
#     allocated; build writes a page again when the previous copy
#     cannot be opened for comparison; a rename(2) exchange refused is
#     done as two renames);
#
# and in both cases no crash (signal), no sanitizer report, no hang
# (20 s).
#
# For each command and each kind of call, a counting run (the shim's
# ECAT_INJECT_COUNT) says how many such calls the command makes; the
# failure points are spread over that range (first, last and between),
# so they land in every stage the command goes through.  The inputs
# are real files from samples/: three builds (manifests, TSV, samples,
# build.json; two providers, kept small so that the whole test takes
# seconds), a Sigma rule and a maintainer note.  The previous site is
# built from two of the three builds, so that build has pages to write
# anew.
#
# Defects known in files this test's author does not own are listed
# in KNOWN below: a failure that matches one is reported as XFAIL and
# does not fail the test; once fixed it shows as XPASS (then remove
# the entry).
#
# usage: fault_injection.sh SHIM.so    (env ETWCAT, SRCDIR; meson sets
# them).  Skips (77) for a sanitizer build: ASan must own malloc and
# refuses an LD_PRELOAD library loaded before it.
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
SHIM=${1:?usage: fault_injection.sh SHIM.so}
case $SHIM in /*) ;; *) SHIM=$PWD/$SHIM ;; esac
[ -f "$SHIM" ] || { echo "no shim $SHIM"; exit 1; }
if ldd "$ETWCAT" 2>/dev/null | grep -q 'libasan\|libtsan\|libmsan'; then
	echo "sanitizer build: no LD_PRELOAD malloc shim"; exit 77
fi
# Points per kind of call (more for malloc, where most calls are;
# half as many for calloc and realloc).
NALLOC=${NALLOC:-6}
NIO=${NIO:-3}
# VERBOSE=1: print every run.
VERBOSE=${VERBOSE:-0}

#
# Known defects: "COMMAND KIND WHERE WHAT" (WHERE: in, out or mem;
# WHAT: the check that fails), each with why.
#
KNOWN="
"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
src=$tmp/src
sb=$SRCDIR/samples/builds
take() {	# take BUILD FILE...: copy files of a sample build
	local b=$1 f
	shift
	for f in build.json "$@"; do
		mkdir -p "$(dirname "$src/builds/$b/$f")"
		cp "$sb/$b/$f" "$src/builds/$b/$f" || exit 1
	done
}
take WS2022-20348.4893 manifests/Microsoft-Windows-Kernel-Network.xml \
    samples/Microsoft-Windows-Kernel-Network.json
take Win10-1803-17134 manifests/Microsoft-Windows-Kernel-Network.xml \
    tsv/manifest/Microsoft-Windows-Kernel-Network.tsv
take Win11-26200.6584 manifests/Microsoft-Windows-Hyper-V-VSmb.xml \
    samples/Microsoft-Windows-Hyper-V-VSmb.json \
    tsv/manifest/Microsoft-Windows-Kernel-Network.tsv
mkdir -p "$src/rules"
cp "$SRCDIR"/samples/rules/rules/windows/builtin/smbclient/security/*.yml \
    "$src/rules/" || exit 1
# A maintainer note (read by catalog/notes.c, rendered through cmark
# by render/notes_html.c).
mkdir -p "$src/notes/Microsoft-Windows-Kernel-Network"
printf '%s\n' "# TCP/IP events" "" \
    "Events 10 to 18 report *TCP* traffic; see the" \
    "[schema](https://example.invalid/) and:" "" "- 10: data sent" \
    "- 11: data received" >"$src/notes/Microsoft-Windows-Kernel-Network/index.md"
out=$tmp/out
mkdir -p "$out"
# Older than the runs by more than a tick of the file times, so that
# every build writes the same run record (etwcat.1 SITE, "Rebuilds").
sleep 1

pass=0 fail=0 xfail=0 runs=0 absorbed=0
declare -A covered hit

bad() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}

# The commands.  $out/ holds what they write; build writes $out/site.
# load is export to JSON; load-tsv exports TSV files (each through a
# temporary file and rename(2)).  validate prints its text report on
# standard error; validate-o writes a JSON report to a file (system
# errors still go to standard error).
cmdline() {
	case $1 in
	load)	 echo export -q --format json -o "$out/catalog.json" "$src" ;;
	load-tsv) echo export -q --format tsv -o "$out/tsv" "$src" ;;
	validate) echo validate "$src" ;;
	validate-o) echo validate -q --format json -o "$out/report.json" \
		    "$src" ;;
	drift)	 echo drift -q -o "$out/drift.txt" --write-baseline \
		    "$out/baseline.txt" "$src" ;;
	build)	 echo build -q -j 1 -o "$out/site" "$src" ;;
	build-j4) echo build -q -j 4 -o "$out/site" "$src" ;;
	esac
}

# What a command wrote: checksums of its files (build: the site).
outputs() {
	case $1 in
	load)	 cksum <"$out/catalog.json" ;;
	load-tsv) sitesum "$out/tsv" ;;
	validate) cksum <"$tmp/err" ;;
	validate-o) cksum <"$out/report.json" ;;
	drift)	 cat "$out/drift.txt" "$out/baseline.txt" | cksum ;;
	build|build-j4) sitesum "$out/site" ;;
	esac 2>/dev/null
}
sitesum() { (cd "$1" 2>/dev/null && find . -type f -exec cksum {} + | sort -k3); }
cleanout() { rm -rf "$out/catalog.json" "$out/report.json" "$out/drift.txt" \
    "$out/baseline.txt" "$out/tsv"; }

# The previous site: two of the three builds.
mkdir -p "$tmp/prev/builds"
cp -r "$src/builds/WS2022-20348.4893" "$src/builds/Win10-1803-17134" \
    "$tmp/prev/builds/"
"$ETWCAT" build -q -j 1 -o "$tmp/site.prev" "$tmp/prev" 2>"$tmp/err"
[ $? -le 1 ] || { echo "previous site: build failed"; cat "$tmp/err"; exit 1; }
sitesum "$tmp/site.prev" >"$tmp/prev.sum"
restore() { [ "${1%-j4}" = build ] || return 0; rm -rf "$out/site"; cp -al "$tmp/site.prev" "$out/site"; }

# Without faults: each command's exit status (0 or 1) and output.
declare -A base_rc base_out
for w in load load-tsv validate validate-o drift build build-j4; do
	cleanout; restore $w
	"$ETWCAT" $(cmdline $w) >/dev/null 2>"$tmp/err"
	base_rc[$w]=$?
	base_out[$w]=$(outputs $w)
	[ ${base_rc[$w]} -le 1 ] || { bad "$w without faults: exit ${base_rc[$w]}"; cat "$tmp/err"; }
done
sitesum "$out/site" | cmp -s - "$tmp/prev.sum" && bad "build: the site did not change"
[ "${base_out[build-j4]}" = "${base_out[build]}" ] || bad "build -j 4: not the site -j 1 writes"

# count W KIND PATTERN: calls of KIND that W makes on paths matching
# PATTERN ("" for memory).  One counting run per (W, PATTERN) gives
# every kind.
count() {
	local f=$tmp/count.$1.${3:+${3//[^a-z]/}}
	if [ ! -f "$f" ]; then
		cleanout; restore $1
		ECAT_INJECT_COUNT=$f ECAT_INJECT_PATH=$3 LD_PRELOAD=$SHIM \
		    "$ETWCAT" $(cmdline $1) >/dev/null 2>&1
	fi
	awk -v k="$2" '$1 == k { print $2 }' "$f"
}

# points N K: K points spread over 1..N (all of them when N <= K).
points() {
	awk -v n="$1" -v k="$2" 'BEGIN {
		if (n <= k) { for (i = 1; i <= n; i++) print i; exit }
		for (i = 0; i < k; i++) print int(1 + i * (n - 1) / (k - 1))
	}' | uniq
}

# check W KIND WHERE WHAT DESC: a failed check, unless known.
check_failed() {
	if printf '%s\n' "$KNOWN" | grep -qx "$1 $2 $3 $4"; then
		hit["$1 $2 $3 $4"]=1
		xfail=$((xfail + 1))
		echo "XFAIL: $5"
		return 1
	fi
	bad "$5"
	return 0
}

# inject W KIND N PATTERN WHERE [ERRNO [TIMES]]: run W with the Nth
# KIND call failing (and TIMES - 1 after it; 0: all of them).
inject() {
	local w=$1 kind=$2 n=$3 pat=$4 where=$5 err=${6:-} times=${7:-1}
	local rc desc shown=0 problems="" p
	local class
	case $kind in
	malloc|calloc|realloc) class=alloc ;;
	open|fopen) class=open ;;
	read|fread) class=read ;;
	unlink) class=unlink ;;
	*) class=write ;;
	esac
	desc="$w: $kind #$n${pat:+ on $where files}"
	[ "$times" = 1 ] || desc="$desc (and every one after)"
	rm -f "$tmp/log"
	cleanout; restore $w
	ECAT_INJECT_FUNC=$kind ECAT_INJECT_NTH=$n ECAT_INJECT_PATH=$pat \
	    ECAT_INJECT_ERRNO=$err ECAT_INJECT_TIMES=$times \
	    ECAT_INJECT_LOG=$tmp/log LD_PRELOAD=$SHIM \
	    timeout 20 "$ETWCAT" $(cmdline $w) >/dev/null 2>"$tmp/err"
	rc=$?
	runs=$((runs + 1))
	if [ ! -s "$tmp/log" ]; then
		bad "$desc: no failure was injected (exit $rc)"
		return
	fi
	covered[$w.$class]=1
	[ "$VERBOSE" = 1 ] && echo "$desc: exit $rc: $(head -1 "$tmp/log")" \
	    "| $(grep -v '^$' "$tmp/err" | tail -1)"
	if [ $rc -eq 124 ]; then
		problems="hang"
	elif [ $rc -ge 128 ]; then
		problems="signal"
	elif grep -q 'Sanitizer\|runtime error:\|Segmentation\|Aborted\|\[cmark\]' \
	    "$tmp/err"; then
		problems="crash"
	elif [ $rc -eq 3 ]; then
		grep -Eq '\[(io-read|io-write|limit-exceeded)\]$|^etwcat: out of memory$|^etwcat: .+: .+' \
		    "$tmp/err" || problems="nodiag"
		if [ "${w%-j4}" != build ]; then
			:
		elif grep -q 'could not remove .*the new one is in place' \
		    "$tmp/err"; then
			# After the swap: the new site, whole.
			[ "$(outputs $w)" = "${base_out[$w]}" ] ||
			    problems="$problems newsite"
		elif ! sitesum "$out/site" | cmp -s - "$tmp/prev.sum"; then
			problems="$problems site"
		fi
	elif [ $rc -eq "${base_rc[$w]}" ] &&
	    [ "$(outputs $w)" = "${base_out[$w]}" ]; then
		absorbed=$((absorbed + 1))
	else
		problems="exit$rc"
		[ "${w%-j4}" = build ] && grep -q 'could not remove' "$tmp/err" &&
		    problems="$problems leftover"
	fi
	# A temporary site folder left beside the site, or a temporary
	# file beside an exported one.
	if [ "$w" = load-tsv ] && [ -n "$(find "$out/tsv" -name '.*' 2>/dev/null)" ]; then
		problems="$problems leftover"
	fi
	# One that a diagnostic names (its removal failed) is reported.
	# The lock file site.lock stays when the build could not remove
	# it or exited out of memory (etwcat.1 SITE, Locking): harmless.
	if [ "${w%-j4}" = build ]; then
		for p in $(ls -A "$out" | grep '^site\.' | grep -vx 'site\.lock'); do
			[ $rc -eq 3 ] && grep -qF "could not remove" "$tmp/err" &&
			    grep -qF "$out/$p:" "$tmp/err" ||
			    problems="${problems% leftover} leftover"
			rm -rf "${out:?}/$p"
		done
	fi
	if [ -z "$problems" ]; then
		pass=$((pass + 1))
		return
	fi
	for p in $problems; do
		case $p in
		hang) msg="hung (killed after 20 s)" ;;
		signal) msg="killed by signal $((rc - 128))" ;;
		crash) msg="crash report on standard error" ;;
		nodiag) msg="exit 3 without a diagnostic saying what failed" ;;
		site) msg="the previous site was changed" ;;
		newsite) msg="the previous site not removed, the new one not whole" ;;
		leftover) msg="temporary folder left beside the site" ;;
		exit*) msg="exit $rc: neither 3 nor the output of a run without failures" ;;
		esac
		if check_failed "$w" "$kind" "$where" "${p%%[0-9]*}" "$desc: $msg" &&
		    [ $shown = 0 ]; then
			shown=1
			head -1 "$tmp/log" | sed 's/^/    /'
			grep -v '^$' "$tmp/err" | tail -3 | sed 's/^/    | /'
		fi
	done
}

for w in load load-tsv validate validate-o drift build; do
	# Memory: any allocation, anywhere.
	if [ "$w" != load-tsv ]; then
		for kind in malloc calloc realloc; do
			n=$(count $w $kind "")
			k=$NALLOC
			[ $kind = malloc ] || k=$((NALLOC / 2))
			for p in $(points "${n:-0}" $k); do
				inject $w $kind "$p" "" mem
			done
		done
	fi
	# Files: the inputs (under $src) and what the command writes
	# (under $out).
	for kind in open fopen read fread write fwrite rename unlink; do
		for where in in out; do
			case $w:$kind:$where in
			*:read:out|*:fread:out) continue ;;
			*:write:in|*:fwrite:in|*:rename:in|*:unlink:in) continue ;;
			load-tsv:*:in) continue ;;
			esac
			[ $where = in ] && pat="$src/*" || pat="$out/*"
			# An output that cannot be created: EACCES, since
			# ENOENT makes build create the folder and retry.
			err=
			[ $where = out ] && [ $kind = open -o $kind = fopen ] &&
			    err=13
			n=$(count $w $kind "$pat")
			for p in $(points "${n:-0}" $NIO); do
				inject $w $kind "$p" "$pat" $where "$err"
			done
			# A file system that refuses every rename from then
			# on (build's fallback from an exchange to two
			# renames must not lose the site either).
			if [ $kind = rename ]; then
				for p in $(points "${n:-0}" 2); do
					inject $w $kind "$p" "$pat" $where "" 0
				done
			fi
		done
	done
done

# Out of memory while four workers write the site, every allocation
# from the point on failing in whichever thread makes it: several
# threads run out at once, and the first one's hook (render/site/publish.c,
# S_oomclean) removes the temporary folder while the others still
# write into it.  Allocations count from the first file opened in the
# temporary folder (ECAT_INJECT_AFTER), and the points lie in the first
# half of them, since a -j 4 run's count varies by a few calls.
export ECAT_INJECT_AFTER="$out/site.tmp.*/*"
n=$(count build-j4 malloc "")
for p in $(points $((${n:-0} / 2)) 3); do
	inject build-j4 malloc "$p" "" mem "" 0
done
unset ECAT_INJECT_AFTER

# Every command must have met each kind of failure at least once.
for w in load validate drift build; do
	for c in alloc open read write; do
		case $w.$c in validate.write) w2=validate-o ;; *) w2=$w ;; esac
		[ -n "${covered[$w2.$c]:-}" ] || bad "$w: no $c failure injected"
	done
done
# A known defect that no run showed: fixed, or no longer reached.
while read -r k; do
	[ -n "$k" ] && [ -z "${hit[$k]:-}" ] &&
	    echo "XPASS: known defect \"$k\" not seen (remove it from KNOWN)"
done <<<"$KNOWN"
echo "$runs runs: $pass passed ($absorbed absorbed without effect)," \
    "$fail failed, $xfail known failures"
[ $fail -eq 0 ]
