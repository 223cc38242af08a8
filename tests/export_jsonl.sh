#!/bin/sh
#
# export_jsonl.sh: `etwcat export --format jsonl CAPTURE...` (etwcat.1,
# EXPORT FORMAT) on real captures: one JSON line per event, each in the
# JSON sample shape; validating the converted file gives the findings
# validating the capture gives (apart from sample-type-mismatch, which
# needs the binary types JSON does not keep); nothing read is an error;
# -o FILE is written whole or not at all.
#
# usage: export_jsonl.sh  (env ETWCAT, SRCDIR, SHARED)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
: "${SHARED:=../shared}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-jsonl.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

http=$SHARED/captures/evtx/microsoft-tx/HTTP_Server.evtx
sigma=$SHARED/captures/evtx/sigma-regression
man=$SHARED/corpus/manifests/microsoft-tx

# 1. One line per record, as many as the reader reads (2,041 records in
#    HTTP_Server.evtx, every one an event), each a sample-shaped object.
"$ETWCAT" export --format jsonl -o "$tmp/http.jsonl" "$http" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || bad "export of HTTP_Server.evtx exits $rc: $(head -3 "$tmp/err")"
n=$(wc -l <"$tmp/http.jsonl")
[ "$n" -eq 2041 ] || bad "HTTP_Server.evtx: $n lines, want 2041"
python3 - "$tmp/http.jsonl" <<'EOF' || bad "HTTP_Server.jsonl is not sample-shaped JSON lines"
import json, sys
n = 0
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    s = o['system']
    assert s['provider'] == 'Microsoft-Windows-HttpService', s['provider']
    assert int(s['event_id']) >= 0 and 'version' in s and 'time_created' in s
    assert ('event_data' in o) != ('processing_error_data' in o) or \
        'user_data' in o, sorted(o)
    n += 1
assert n == 2041, n
EOF

# 2. The same findings from the converted file as from the capture: by
#    (id, provider, event id, version, field), counted; locations differ
#    (line numbers against record ids).  Those that depend on binary
#    types are left out (see typed below).
findings() {
	"$ETWCAT" validate --format json "$man" "$1" 2>/dev/null |
	    python3 -c '
import collections, json, sys
d = json.load(sys.stdin)
# What needs the binary type JSON does not keep: the type itself, and
# how a value is read (a UInt64 field with a HexInt64 outType, which
# Windows renders in decimal, is read as hex in JSON; etwcat.1, EXPORT
# FORMATS).  Counted apart: the JSON side may only have more of them.
typed = ("sample-type-mismatch", "sample-out-of-range",
         "sample-noncanonical-value")
c = collections.Counter((x["id"], x.get("provider"), x.get("event_id"),
                         x.get("version"), x.get("field"))
                        for x in d["diagnostics"]
                        if x["id"].startswith("sample-") and
                        x["id"] not in typed)
for k, v in sorted(c.items(), key=str):
    print(v, *k)
print("samples", d["summary"]["samples"])
'
}
findings "$http" >"$tmp/f.evtx"
findings "$tmp/http.jsonl" >"$tmp/f.jsonl"
grep -q '^samples 2041$' "$tmp/f.evtx" || bad "validate of HTTP_Server.evtx: $(tail -1 "$tmp/f.evtx")"
# the 291 records Windows could not render (ProcessingErrorData 15005
# at Url) are one finding each, and not compared field by field
grep -qx '291 sample-processing-error Microsoft-Windows-HttpService 2 0 Url' \
    "$tmp/f.evtx" || bad "no 291 sample-processing-error: $(grep processing "$tmp/f.evtx")"
grep -q 'sample-missing-field\|sample-unexpected-field' "$tmp/f.evtx" &&
    bad "HTTP_Server.evtx: fields compared: $(grep 'field' "$tmp/f.evtx" | head -2)"
cmp -s "$tmp/f.evtx" "$tmp/f.jsonl" ||
    bad "findings differ between HTTP_Server.evtx and its JSON lines: $(diff "$tmp/f.evtx" "$tmp/f.jsonl" | head -5)"

# 3. A folder of captures: every record of the 202 Sigma regression
#    files, as many lines as validate reads samples.
"$ETWCAT" export --format jsonl "$sigma" >"$tmp/sigma.jsonl" 2>/dev/null
n=$(wc -l <"$tmp/sigma.jsonl")
want=$("$ETWCAT" validate "$sigma" 2>&1 >/dev/null |
    sed -n 's/^etwcat validate: \([0-9]*\) samples.*/\1/p')
[ -n "$want" ] && [ "$n" -eq "$want" ] && [ "$n" -gt 0 ] ||
    bad "sigma-regression: $n lines, validate reads ${want:-?} samples"
# the JSON twins' JSON files hold the same events: the .evtx of the
# folder alone, converted, is no fewer events than there are .evtx files
m=$(find "$sigma" -name '*.evtx' | wc -l)
[ "$n" -ge "$m" ] || bad "sigma-regression: $n events from $m .evtx files"

# 4. Nothing read is an error, with a message; exit 1, not 0.
mkdir "$tmp/empty"
"$ETWCAT" export --format jsonl "$tmp/empty" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || bad "export of an empty folder exits $rc, want 1"
grep -q 'no event read' "$tmp/err" || bad "no message for nothing read: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && bad "output for nothing read"

# 5. -o into a folder that cannot take it: exit 3, no file left behind.
"$ETWCAT" export --format jsonl -o "$tmp/nodir/x.jsonl" "$http" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 3 ] || bad "-o into a missing folder exits $rc, want 3"
[ -e "$tmp/nodir" ] && bad "-o into a missing folder made something"

# 6. An unknown format is a usage error naming jsonl among the choices.
"$ETWCAT" export --format xml "$http" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || bad "--format xml exits $rc, want 2"
grep -q 'jsonl' "$tmp/err" || bad "usage error does not name jsonl: $(cat "$tmp/err")"

[ "$fail" -eq 0 ] && echo "export_jsonl: ok"
exit "$fail"
