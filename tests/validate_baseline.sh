#!/bin/sh
#
# validate_baseline.sh: `etwcat validate --baseline FILE`,
# `--write-baseline FILE`, `--prune-baseline`, `--ignore ID` and
# `--provider NAME` (etwcat.1, SAMPLE VALIDATION, Baselines) on
# ../shared/samples against the 17 TSV builds: a written baseline makes
# the same run pass; a mutated capture added to the samples fails it,
# naming only that file; a removed capture's findings are "no longer
# found", named, and pruned on request; fingerprints hold when the
# sources are given by another path.
#
# usage: validate_baseline.sh  (env ETWCAT, SRCDIR, SHARED)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
: "${SHARED:=../shared}"
case $ETWCAT in /*) ;; *) ETWCAT=$(pwd)/$ETWCAT ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-vbase.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

tsv=$(cd "$SHARED/corpus/tsv/jdu2600" && pwd)
cp -R "$SHARED/samples" "$tmp/samples" && chmod -R u+w "$tmp/samples" ||
    exit 1
base=$tmp/base.txt

# 1. --write-baseline: exit 0, no report, one line saying how many.
"$ETWCAT" validate --write-baseline "$base" "$tsv" "$tmp/samples" \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || bad "--write-baseline exits $rc"
[ -s "$tmp/out" ] && bad "--write-baseline wrote a report on stdout"
[ "$(wc -l <"$tmp/err")" -eq 1 ] &&
    grep -q '^etwcat validate: [0-9]* findings written to ' "$tmp/err" ||
    bad "--write-baseline said: $(head -3 "$tmp/err")"
n=$(grep -vc '^#' "$base")
total=$(grep -v '^#' "$base" | awk -F '\t' '{ s += $1 } END { print s }')
grep -q "^etwcat validate: $total findings written" "$tmp/err" ||
    bad "the counts of $base add to $total, not what was said"
[ "$n" -gt 100 ] || bad "baseline of $n lines"
# sorted, and no line number in any fingerprint (the file is last)
grep -v '^#' "$base" | cut -f 2- | LC_ALL=C sort -c 2>/dev/null ||
    bad "baseline not sorted"
grep -q "$tmp" "$base" && bad "a fingerprint holds the sources' own path"
grep -q '	omerbenamram-evtx/security.jsonl$' "$base" ||
    bad "no fingerprint names omerbenamram-evtx/security.jsonl"

# 2. The same run with the baseline passes; -q still prints the summary.
"$ETWCAT" validate -q --baseline "$base" "$tsv" "$tmp/samples" \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || bad "--baseline exits $rc: $(head -3 "$tmp/err")"
grep -q '^etwcat validate: 25600 samples in 300 files' "$tmp/err" ||
    bad "-q printed no summary: $(head -2 "$tmp/err")"
grep -q "^etwcat validate: $total findings accepted by the baseline" \
    "$tmp/err" || bad "accepted count: $(grep accepted "$tmp/err")"

# 3. Another path to the same sources: the baseline still holds.
(cd "$tmp" && "$ETWCAT" validate -q --baseline base.txt "$tsv/" samples/ \
    >/dev/null 2>"$tmp/err2")
rc=$?
[ "$rc" -eq 0 ] || bad "sources by another path: exit $rc: $(head -3 "$tmp/err2")"

# 4. A mutated capture appended: exit 1, and every finding in it.
src=$tmp/samples/omerbenamram-evtx/post-Security.jsonl
mut=$tmp/samples/omerbenamram-evtx/zz-mutated.jsonl
head -3 "$src" | sed 's/"SubjectUserName"/"SubjectUserNam"/' >"$mut"
"$ETWCAT" validate --baseline "$base" "$tsv" "$tmp/samples" \
    >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || bad "a mutated capture: exit $rc, want 1"
grep -q 'zz-mutated.jsonl:2:[0-9]*: error: .*SubjectUserNam.*\[sample-unexpected-field\]' \
    "$tmp/err" || bad "the mutated field is not reported"
others=$(grep -E '^[^ ].*:[0-9]+:[0-9]+: (error|warning|note):' "$tmp/err" |
    grep -vc 'zz-mutated.jsonl:')
[ "$others" -eq 0 ] || bad "$others findings outside the mutated file"

# 5. --ignore both ids the mutation raises: exit 0 again.
"$ETWCAT" validate -q --baseline "$base" --ignore sample-unexpected-field \
    --ignore sample-missing-field "$tsv" "$tmp/samples" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || bad "--ignore: exit $rc: $(head -3 "$tmp/err")"
grep -q 'left out by --ignore or --provider' "$tmp/err" ||
    bad "--ignore: nothing said left out"
"$ETWCAT" validate --ignore no-such-id "$tsv" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || bad "--ignore no-such-id is not a usage error"

# 6. --provider: only that provider's findings.
"$ETWCAT" validate --provider Microsoft-Windows-Security-Auditing \
    --format json "$tsv" "$tmp/samples" 2>/dev/null >"$tmp/prov.json"
python3 - "$tmp/prov.json" <<'EOF' || bad "--provider let another provider's findings through"
import json, sys
d = json.load(open(sys.argv[1]))
p = set(x['provider'] for x in d['diagnostics'] if x.get('provider'))
assert p == {'Microsoft-Windows-Security-Auditing'}, sorted(p)[:5]
EOF
rm -f "$mut"

# 7. A capture removed: its findings are named as no longer found;
#    --prune-baseline drops them; the next run has none stale.
gone=omerbenamram-evtx/system.jsonl
want=$(grep -c "	$gone\$" "$base")
[ "$want" -gt 0 ] || bad "no fingerprint of $gone in the baseline"
rm "$tmp/samples/$gone"
"$ETWCAT" validate -q --baseline "$base" "$tsv" "$tmp/samples" \
    >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || bad "a removed capture: exit $rc"
grep -q 'baseline findings\{0,1\} no longer found:' "$tmp/err" ||
    bad "no 'no longer found' line: $(grep -v '^  ' "$tmp/err" | head -3)"
named=$(grep -c "^  [0-9]*	.*	$gone\$" "$tmp/err")
[ "$named" -eq "$want" ] || bad "$named of $want stale fingerprints of $gone named"
grep '^  [0-9]*	' "$tmp/err" | grep -vq "	$gone\$" &&
    bad "a fingerprint of another file named stale"
cp "$base" "$tmp/base.before"
"$ETWCAT" validate -q --baseline "$base" --prune-baseline "$tsv" \
    "$tmp/samples" >/dev/null 2>"$tmp/err"
grep -q 'pruned from the baseline' "$tmp/err" || bad "--prune-baseline said nothing"
grep -q "	$gone\$" "$base" && bad "--prune-baseline kept $gone"
[ "$(grep -vc '^#' "$base")" -eq $(($(grep -vc '^#' "$tmp/base.before") - want)) ] ||
    bad "--prune-baseline removed other lines too"
"$ETWCAT" validate -q --baseline "$base" "$tsv" "$tmp/samples" \
    >/dev/null 2>"$tmp/err"
grep -q 'no longer found' "$tmp/err" && bad "stale findings after pruning"

# 8. A malformed line is a diagnostic with its line; the rest is read.
printf '# x\nnot a count\n' >"$tmp/bad.txt"
"$ETWCAT" validate --baseline "$tmp/bad.txt" "$tsv" >/dev/null 2>"$tmp/err"
grep -q 'bad.txt:2:0: error: baseline line malformed' "$tmp/err" ||
    bad "malformed baseline line: $(grep baseline "$tmp/err" | head -2)"

[ "$fail" -eq 0 ] && echo "validate_baseline: ok"
exit "$fail"
