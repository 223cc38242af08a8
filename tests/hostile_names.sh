#!/bin/sh
#
# hostile_names.sh: file names and values that are any bytes do not
# break etwcat validate's reports (etwcat.1 SAMPLE VALIDATION,
# DIAGNOSTICS):
#
# 1. JUnit: a sample file whose name holds invalid UTF-8 and a control
#    character, and one with a value that does (a value quoted in a
#    diagnostic is cut at 48 bytes, here inside a two-byte character),
#    give a well-formed XML report.
# 2. Text: a sample file whose name holds newlines and a whole fake
#    diagnostic prints no line of its own: every line that reads as a
#    diagnostic starts with the real folder's path.
#
# usage: hostile_names.sh  (env ETWCAT, SRCDIR)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-names.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

b=Win11-26200.6584
for d in name value nl; do
	mkdir -p "$tmp/$d/builds/$b/samples" || exit 1
	cp -R "samples/builds/$b/manifests" "samples/builds/$b/build.json" \
	    "$tmp/$d/builds/$b/" || exit 1
done
python3 - "$tmp" "$b" <<'PY' || exit 1
import json, os, sys
t, b = os.fsencode(sys.argv[1]), os.fsencode(sys.argv[2])
def write(src, name, data):
    ok = {"ErrorCode": "0x0", "Socket": "0x1", "AddressFamily": "2",
          "SocketType": "1", "Protocol": "6", "ProcessId": "4",
          "FailurePoint": "0x0"}
    ok.update(data)
    ev = {"system": {"provider": "Microsoft-Windows-Winsock-Sockets",
          "event_id": 2, "version": 0}, "event_data": ok}
    path = t + b"/" + src + b"/builds/" + b + b"/samples/" + name
    open(path, "wb").write(json.dumps(ev).encode() + b"\n")
# Name: invalid UTF-8 and a control character; a value bad for its
# type, so the file has a diagnostic.
write(b"name", b"bad\xff\x01name.jsonl", {"AddressFamily": "x"})
# Values cut inside a character when quoted, and control characters.
write(b"value", b"values.jsonl", {
    "AddressFamily": "A" * 47 + "\u00e9\u0001tail",
    "SocketType": "\u0001\u00e9" * 30})
# A name that would print a diagnostic line of its own.
write(b"nl", b"nl\nforged.json:9:9: error: forged [sample-bad-value]\n.jsonl",
    {"Protocol": "x"})
PY

# --- 1. JUnit
# junit SRC TEXT: the report on SRC is well-formed XML, has one test
# case, and has TEXT (a Python literal) in its text.
junit() {
	"$ETWCAT" validate --format junit -o "$tmp/r.xml" "$tmp/$1" \
	    2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || bad "junit $1: exit $rc, not 1: $(cat "$tmp/err")"
	python3 - "$tmp/r.xml" "$2" <<'PY' ||
import ast, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
names = [c.get("name") for c in root.iter("testcase")]
assert len(names) == 1, names
want = ast.literal_eval(sys.argv[2])
assert want in ET.tostring(root, encoding="unicode"), want
PY
	    bad "junit $1: not well-formed, or without the text $2"
	if command -v xmllint >/dev/null; then
		xmllint --noout "$tmp/r.xml" 2>"$tmp/xerr" ||
		    bad "junit $1: xmllint: $(head -3 "$tmp/xerr")"
	fi
}
junit name '"bad\ufffd?name.jsonl"'
junit value '"AAAAAAAAA\ufffd..."'

# --- 2. text
"$ETWCAT" validate "$tmp/nl" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || bad "text: exit $rc, not 1"
cat "$tmp/out" "$tmp/err" >"$tmp/all"
# The real diagnostic, its file named on one line (line breaks as
# spaces) before its own line and column.  (Only "forged" would match
# the file name whatever was printed.)
grep -aqE "^$tmp/nl/builds/$b/samples/nl forged\.json:9:9: error: forged \[sample-bad-value\] \.jsonl:[0-9]+:[0-9]+: " \
    "$tmp/all" || bad "text: the file's diagnostic is missing or split"
grep -an '^forged' "$tmp/all" && bad "text: a line starts with the forged name"
grep -aE ':[0-9]+:[0-9]+: (error|warning|note): ' "$tmp/all" |
    grep -av "^$tmp/nl/" >"$tmp/stray"
[ -s "$tmp/stray" ] && bad "text: diagnostics not under $tmp/nl: $(cat "$tmp/stray")"

[ $fail -eq 0 ] && echo "ok: names and values of any bytes"
exit $fail
