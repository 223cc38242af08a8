#!/bin/bash
#
# tests/fuzz/run.sh: build the libFuzzer harnesses (clang, ASan+UBSan)
# in build-fuzz/ and run each for SECONDS, seeded from samples/ and
# ../shared.  Crashes land in build-fuzz/crashes/<harness>/; copy each
# into tests/fuzz/regress/<harness>/ once fixed, so the ordinary suite
# replays it (the *_replay tests).
#
# usage: tests/fuzz/run.sh [SECONDS [HARNESS...]]    (default 30, all)
# make fuzz runs it with the default.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
SECS=${1:-30}
shift || true
BUILD=$ROOT/build-fuzz
HARNESSES=${*:-fuzz_xml fuzz_tsv fuzz_msgfmt fuzz_values fuzz_sample fuzz_template fuzz_notes fuzz_sigma fuzz_evtx fuzz_etl fuzz_vmerge}

if [ ! -f "$BUILD/build.ninja" ]; then
	CC=clang meson setup "$BUILD" "$ROOT" -Dfuzz=true \
	    -Db_sanitize=address,undefined -Db_lundef=false \
	    -Dbuildtype=debugoptimized >/dev/null || exit 2
fi
# NOBUILD=1: run the harnesses as last built (while the tree is being
# edited, say).
[ -n "${NOBUILD:-}" ] || ninja -C "$BUILD" >/dev/null || exit 2

# Seed corpora: small real files, copied so libFuzzer may add to them.
seed() {
	local h=$1 dir=$BUILD/corpus/$1
	mkdir -p "$dir"
	[ -n "$(ls -A "$dir")" ] && return
	case $h in
	fuzz_xml)
		cp "$ROOT"/samples/builds/*/manifests/*.xml "$ROOT"/tests/data/xml/*.xml "$dir"/ 2>/dev/null
		find "$SHARED/corpus/manifests/repnz-full" -name '*.xml' -size -8k | head -60 | \
		    while read -r f; do cp "$f" "$dir/$(basename "$f" | tr ' ' _)"; done
		# WEPExplorer dumps (the same harness: one loader for both).
		find "$SHARED/corpus/wepexplorer" -name '*.xml' -size -64k | \
		    while read -r f; do cp "$f" "$dir/wep-$(echo "$f" | md5sum | cut -c1-8).xml"; done ;;
	fuzz_tsv)
		cp "$ROOT"/tests/data/tsv/*.tsv "$dir"/
		find "$SHARED/corpus/tsv/jdu2600/Win10-1803-17134" -name '*.tsv' -size -6k | head -80 | \
		    while read -r f; do cp "$f" "$dir/$(basename "$f")"; done ;;
	fuzz_msgfmt)
		grep -ho 'value="[^"]*%[^"]*"' "$ROOT"/samples/builds/*/manifests/*.xml | \
		    head -200 | awk '{ print > ("'"$dir"'/m" NR) }' ;;
	fuzz_values)
		# The typed seeds, and the seed events' string values, each
		# under the type header of a typed seed in turn.
		local typed=("$ROOT"/tests/data/values/*) i=0
		cp "${typed[@]}" "$dir"/
		grep -ho ': "[^"]*"' "$ROOT"/samples/builds/*/samples/*.json | \
		    sed 's/^: "//; s/"$//' | sort -u | head -300 | \
		    while IFS= read -r v; do
			i=$((i + 1))
			{ head -c 3 "${typed[i % ${#typed[@]}]}"
			  printf '%s' "$v"; } > "$dir/v$i"
		    done ;;
	fuzz_sample)
		# Whole seed files, and single real events of each shape
		# (the shared samples' JSON lines, a few per file).
		for f in "$ROOT"/samples/builds/*/samples/*.json; do
			cp "$f" "$dir/$(basename "$(dirname "$(dirname "$f")")")-$(basename "$f")"
		done
		find "$SHARED/samples" -name '*.jsonl' | head -40 | \
		    while read -r f; do head -c 60000 "$f" | head -3 > \
		    "$dir/$(basename "$f" | tr ' ' _)"; done ;;
	fuzz_vmerge)
		cp "$ROOT"/tests/regress/validate/*.report.json \
		    "$ROOT"/tests/fuzz/regress/fuzz_vmerge/* "$dir"/ ;;
	fuzz_template)
		cp "$ROOT"/templates/*.html "$ROOT"/tests/fuzz/regress/fuzz_template/*.html "$dir"/ ;;
	fuzz_notes)
		cp "$ROOT"/README.md "$dir"/
		cp "$ROOT"/samples/notes/README.md "$dir"/notes-README.md
		for f in "$SHARED"/docs/*.md "$SHARED"/seeds/*.md; do
			[ -f "$f" ] && cp "$f" "$dir/$(basename "$f")"
		done ;;
	fuzz_sigma)
		find "$ROOT/samples/rules" "$SHARED/sigma" -name '*.yml' \
		    -size -4k 2>/dev/null | head -200 | \
		    while read -r f; do cp "$f" "$dir/$(basename "$f")"; done ;;
	fuzz_evtx)
		# The first chunk of each of a few real files, whole and cut
		# to its first 8 KiB (the harness puts a file header before).
		find "$SHARED/captures/evtx" -name '*.evtx' | sort | head -40 | \
		    while read -r f; do
			n=$(echo "$f" | md5sum | cut -c1-8)
			tail -c +4097 "$f" | head -c 65536 > "$dir/$n"
			head -c 8192 "$dir/$n" > "$dir/$n-cut"
		    done ;;
	fuzz_etl)
		# Each trace's first 64 KiB (the logfile header buffer and
		# the first buffers: compressed ones in perfview/), and its
		# first 8 KiB.
		find "$SHARED/captures/etl" -name '*.etl' | sort | \
		    while read -r f; do
			n=$(basename "$f" .etl)
			head -c 65536 "$f" > "$dir/$n"
			head -c 8192 "$f" > "$dir/$n-cut"
		    done ;;
	esac
}

status=0
for h in $HARNESSES; do
	seed "$h"
	mkdir -p "$BUILD/crashes/$h"
	# Artifacts of earlier runs stay (to be looked at); only new ones
	# fail this run.
	n0=$(ls "$BUILD/crashes/$h" | wc -l)
	echo "== $h for ${SECS}s"
	"$BUILD/tests/$h" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -artifact_prefix="$BUILD/crashes/$h/" \
	    "$BUILD/corpus/$h" 2>&1 | grep -E '^#[0-9]+ *DONE|ERROR|SUMMARY|Done [0-9]+ runs' | tail -3
	n=$(( $(ls "$BUILD/crashes/$h" | wc -l) - n0 ))
	echo "$h: $n new crash/timeout/oom artifacts in $BUILD/crashes/$h"
	[ "$n" -eq 0 ] || status=1
done
exit $status
