#!/bin/sh
# cli.sh: the command-line contract (after jq's tests/shtest): exit
# status, usage errors, help, version, the diagnostic format.
# Run by meson with ETWCAT, SHARED and SRCDIR set and cwd = repo root.
set -u
: "${ETWCAT:?}" "${SHARED:=../shared}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# expect STATUS DESCRIPTION -- COMMAND...: run, compare the exit status.
expect() {
	want=$1 desc=$2; shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $desc: exit $got, wanted $want: $*"
		sed 's/^/  stderr: /' "$tmp/err" | head -5
	fi
}
# grep_out FILE PATTERN DESCRIPTION
grep_in() {
	if grep -q -- "$2" "$tmp/$1"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $3: no '$2' in $1:"; head -5 "$tmp/$1"
	fi
}
# line_in FILE LINE DESCRIPTION: FILE has LINE, exactly.
line_in() {
	if grep -qxF -- "$2" "$tmp/$1"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $3: no line '$2' in $1:"; head -5 "$tmp/$1"
	fi
}

expect 2 "no arguments" -- "$ETWCAT"
grep_in err "usage: etwcat <command>" "usage on stderr"
expect 0 "--help" -- "$ETWCAT" --help
grep_in out "validate" "--help lists commands"
expect 0 "--version" -- "$ETWCAT" --version
grep_in out "^etwcat [0-9]" "--version output"
expect 0 "help validate" -- "$ETWCAT" help validate
grep_in out "usage: etwcat validate" "help COMMAND"
expect 2 "help of unknown command" -- "$ETWCAT" help frobnicate
expect 2 "unknown command" -- "$ETWCAT" frobnicate
expect 2 "drift --format xml" -- "$ETWCAT" drift --format xml "$SRCDIR/samples"
expect 2 "drift --from unknown build" -- "$ETWCAT" drift -q --from NoSuchBuild "$SRCDIR/samples"
grep_in err "no build named 'NoSuchBuild'" "unknown build message"
expect 2 "bad -W" -- "$ETWCAT" validate -W fatal "$SRCDIR/samples"
grep_in err "-W takes error, warning or note" "bad -W message"
expect 2 "unknown option" -- "$ETWCAT" validate --frob "$SRCDIR/samples"
expect 2 "no source" -- "$ETWCAT" validate
expect 2 "export without --format" -- "$ETWCAT" export "$SRCDIR/samples"
expect 2 "export --format xml" -- "$ETWCAT" export --format xml "$SRCDIR/samples"
expect 2 "export tsv without -o" -- "$ETWCAT" export --format tsv "$SRCDIR/samples"

# The report formats come from tables (render/vreport.c, render/dreport.c):
# the synopsis and the bad --format message name each table's formats,
# in the words they always had, and etwcat.1's SYNOPSIS lists the same.
expect 0 "help validate" -- "$ETWCAT" help validate
line_in out "usage: etwcat validate [--format text|json|sarif|junit] [-o FILE] [--no-lint] [-W LEVEL] [-b BUILD] [-q] [--baseline FILE [--prune-baseline]] [--write-baseline FILE] [--ignore ID] [--provider NAME] [--srcroot DIR] [--max-results N] SOURCE..." "validate synopsis"
expect 0 "help drift" -- "$ETWCAT" help drift
line_in out "usage: etwcat drift [--from BUILD] [--to BUILD] [--baseline FILE] [--write-baseline FILE] [--format text|markdown|json|sarif] [--max-bytes N] [-o FILE] [-W LEVEL] [--srcroot DIR] [--max-results N] SOURCE..." "drift synopsis"
expect 2 "validate --format xml" -- "$ETWCAT" validate --format xml "$SRCDIR/samples"
line_in err "etwcat: --format takes text, json, sarif or junit, not 'xml'" "validate bad --format message"
line_in err "usage: etwcat validate [--format text|json|sarif|junit] [-o FILE] [--no-lint] [-W LEVEL] [-b BUILD] [-q] [--baseline FILE [--prune-baseline]] [--write-baseline FILE] [--ignore ID] [--provider NAME] [--srcroot DIR] [--max-results N] SOURCE..." "validate bad --format usage"
expect 2 "drift --format xml" -- "$ETWCAT" drift --format xml "$SRCDIR/samples"
line_in err "etwcat: --format takes text, markdown, json or sarif, not 'xml'" "drift bad --format message"
for c in validate drift; do
	"$ETWCAT" help $c | sed -n 's/.*\[--format \([^] ]*\)\].*/\1/p' \
	    >"$tmp/fmt.cli"
	awk -v c="$c" '/^\.Cm /{ cur = $2 } cur == c && /^\.Op Fl Fl format Cm / {
		sub(/^\.Op Fl Fl format Cm /, ""); gsub(/ \| /, "|"); print; exit }' \
	    "$SRCDIR/etwcat.1" >"$tmp/fmt.man"
	if [ -s "$tmp/fmt.cli" ] && cmp -s "$tmp/fmt.cli" "$tmp/fmt.man"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $c: --format $(cat "$tmp/fmt.cli") in usage," \
		    "$(cat "$tmp/fmt.man") in etwcat.1 SYNOPSIS"
	fi
	# Every format the usage names writes a report.
	for f in $(tr '|' ' ' <"$tmp/fmt.cli"); do
		rm -f "$tmp/rep"
		"$ETWCAT" $c --format "$f" -o "$tmp/rep" "$SRCDIR/samples" \
		    2>"$tmp/err"
		rc=$?
		if [ "$rc" -le 1 ] && [ -s "$tmp/rep" ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: $c --format $f: exit $rc, or no report"
		fi
	done
done

# An unreadable input: exit 3, diagnostic with the path and [io-read].
expect 3 "missing source" -- "$ETWCAT" validate "$tmp/nope"
grep_in err "$tmp/nope:0:0: error: cannot read: No such file or directory \[io-read\]" "io-read format"

# Thresholds on a real file with a note only: an unknown file kind.
mkdir "$tmp/b1"
cp "$SHARED/corpus/tsv/jdu2600/Win10-1803-17134/version.txt" "$tmp/b1/"
printf 'x' > "$tmp/b1/readme.txt"
expect 0 "notes do not fail at -W error" -- "$ETWCAT" validate "$tmp/b1/readme.txt"
grep_in err "readme.txt:0:0: note: .*\[source-ignored\]" "note printed"
expect 1 "notes fail at -W note" -- "$ETWCAT" validate -W note "$tmp/b1/readme.txt"
expect 0 "-q hides notes" -- "$ETWCAT" validate -q -W warning "$tmp/b1/readme.txt"
# -q keeps validate's two summary lines and nothing else
if grep -qv '^etwcat validate: \|^  [0-9]* errors\{0,1\}, ' "$tmp/err"; then fail=$((fail + 1)); echo "FAIL: -q printed:"; cat "$tmp/err"; else pass=$((pass + 1)); fi
grep_in err "^etwcat validate: 0 samples in 0 files" "-q keeps the summary"

# A Sigma rule given as a SOURCE is checked against the schemas: the
# CVE-2023-23397 rule's ServerAddress is in no SMBClient 30803 version.
cve="$SHARED/sigma/rules-emerging-threats/2023/Exploits/CVE-2023-23397/win_smbclient_connectivity_exploit_cve_2023_23397_outlook_remote_file.yml"
expect 0 "rule warnings pass at -W error" -- "$ETWCAT" validate --no-lint "$SHARED/corpus/tsv/jdu2600/Win11-26H1-28000/manifest/Microsoft-Windows-SMBClient.tsv" "$cve"
expect 1 "rule warnings fail at -W warning" -- "$ETWCAT" validate --no-lint -W warning "$SHARED/corpus/tsv/jdu2600/Win11-26H1-28000/manifest/Microsoft-Windows-SMBClient.tsv" "$cve"
grep_in err "outlook_remote_file.yml:28:11: warning: .*ServerAddress: Microsoft-Windows-SMBClient 30803 .*closest: RemoteAddress.*\[rule-unknown-field\]" "rule-unknown-field at the rule's line"

# sample-type-mismatch: HTTP_Server.evtx against its own manifest has
# none (its Pointers arrive as HexInt64, the same type); with the UInt16
# fields declared UInt32 by hand, each of the 873 UInt16 values is one.
# (Exit 1 both times: 291 records are ProcessingErrorData.)
http="$SHARED/captures/evtx/microsoft-tx/HTTP_Server.evtx"
expect 1 "validate HTTP_Server.evtx" -- "$ETWCAT" validate --no-lint "$SHARED/corpus/manifests/microsoft-tx/HTTP_Server.man" "$http"
if grep -q 'sample-type-mismatch\|sample-out-of-range' "$tmp/err"; then
	fail=$((fail + 1)); echo "FAIL: HTTP_Server.evtx: type or range findings against its manifest"
else
	pass=$((pass + 1))
fi
sed 's/inType="win:UInt16"/inType="win:UInt32"/' "$SHARED/corpus/manifests/microsoft-tx/HTTP_Server.man" >"$tmp/u16.man"
expect 1 "validate HTTP_Server.evtx, UInt16 as UInt32" -- "$ETWCAT" validate --no-lint "$tmp/u16.man" "$http"
line_in err "$http:12:1: warning: captured value's binary type differs from its field's inType: event_data.StatusCode: UInt16 in the capture, UInt32 in the schema [sample-type-mismatch]" "sample-type-mismatch names the field and both types"
grep_in err "^  sample-type-mismatch  *873 warning$" "873 UInt16 values reported"

# JSON export is valid JSON and has the documented top level.
expect 0 "export json of samples" -- "$ETWCAT" export --format json -q -o "$tmp/c.json" "$SRCDIR/samples"
if command -v python3 >/dev/null; then
	expect 0 "export json parses" -- python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["etwcat_export"]==2 and all(k in d for k in ("providers","shapes","maps","headers","records"))' "$tmp/c.json"
fi

# build: the site lands in place, the temporary folder does not remain.
# Exit 1: samples/ has sample errors, which build counts as validate does.
expect 1 "build samples" -- "$ETWCAT" build -q -o "$tmp/site" "$SRCDIR/samples"
[ -f "$tmp/site/index.html" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: no site/index.html"; }
ls "$tmp" | grep -q '\.tmp\.' && { fail=$((fail + 1)); echo "FAIL: temporary site folder left"; } || pass=$((pass + 1))

# The SMBServer 4000 page shows the share-connection rule (samples/rules)
# with its fields, and the field table counts one rule for each of the
# rule's four fields and none for the others.
p4000="$tmp/site/providers/Microsoft-Windows-SMBServer/events/4000.html"
for want in "Unsigned or Unencrypted SMB Connection to Share Established" \
    "Mohamed Abdelghani" "Detection Rule License (DRL) 1.1" \
    'title="Sigma rules matching on ShareName">1<' \
    'title="Sigma rules matching on ClientAddress">1<' \
    'title="Sigma rules matching on SigningUsed">1<' \
    'title="Sigma rules matching on EncyptionUsed">1<'; do
	if grep -qF -- "$want" "$p4000"; then pass=$((pass + 1));
	else fail=$((fail + 1)); echo "FAIL: 4000 page lacks: $want"; fi
done
n=$(grep -o 'title="Sigma rules matching on [A-Za-z]*">' "$p4000" | sort -u | wc -l)
[ "$n" -eq 4 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: $n fields with rule counts on the 4000 page, wanted 4"; }

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
