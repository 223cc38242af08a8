#!/bin/bash
#
# limits.sh: every documented input limit (etwcat.1, LIMITS) turns an
# input past it into a limit-exceeded diagnostic naming the file and
# line (exit 3), and an input just inside it loads without one.  The
# inputs are real files from samples/ with one thing made too large.
#
# Limits known to be missing from files this test's author does not
# own are listed in KNOWN: reported as XFAIL, not failing the test.
#
# usage: limits.sh    (env ETWCAT, SRCDIR; meson sets them)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
KNOWN="
"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 xfail=0
man=$SRCDIR/samples/builds/Win10-1803-17134/manifests/Microsoft-Windows-Kernel-Network.xml
ws=WS2022-20348.4893
wsman=$SRCDIR/samples/builds/$ws/manifests/Microsoft-Windows-Kernel-Network.xml
wssam=$SRCDIR/samples/builds/$ws/samples/Microsoft-Windows-Kernel-Network.json
tsv=$SRCDIR/samples/builds/Win10-1803-17134/tsv/manifest/Microsoft-Windows-Kernel-Network.tsv
rule=$SRCDIR/samples/rules/rules/windows/builtin/smbclient/security/win_smbclient_security_susp_failed_guest_logon.yml
asan=0
ldd "$ETWCAT" 2>/dev/null | grep -q libasan && asan=1

# run NAME FILE...: load the files (drift: load, no lint, tiny output).
run() {
	local name=$1
	shift
	"$ETWCAT" drift -q -o /dev/null "$@" >/dev/null 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

# over NAME WHERE [KNOWN-ID]: the last run gave limit-exceeded at WHERE
# ("FILE:LINE:"), exit 3, and nothing else went wrong.
over() {
	local name=$1 where=$2 known=${3:-} rc
	rc=$(cat "$tmp/$name.rc")
	if [ "$rc" = 3 ] && grep -q "^$where.*\[limit-exceeded\]$" \
	    "$tmp/$name.err" && ! grep -q 'Sanitizer\|runtime error' \
	    "$tmp/$name.err"; then
		pass=$((pass + 1))
		[ -n "$known" ] && echo "XPASS: $name (remove $known from KNOWN)"
		return
	fi
	if [ -n "$known" ] && printf '%s\n' "$KNOWN" | grep -qx "$known"; then
		xfail=$((xfail + 1))
		echo "XFAIL: $name: exit $rc, no limit-exceeded at $where"
		return
	fi
	fail=$((fail + 1))
	echo "FAIL: $name: exit $rc, expected limit-exceeded at $where"
	head -5 "$tmp/$name.err" | sed 's/^/    | /'
}

# under NAME: the last run gave no limit-exceeded and exit 0 or 1.
under() {
	local name=$1 rc
	rc=$(cat "$tmp/$name.rc")
	if [ "$rc" -le 1 ] && ! grep -q 'limit-exceeded' "$tmp/$name.err"; then
		pass=$((pass + 1))
		return
	fi
	fail=$((fail + 1))
	echo "FAIL: $name: exit $rc, expected no limit-exceeded"
	head -5 "$tmp/$name.err" | sed 's/^/    | /'
}

# py SCRIPT ARGS...: generate an input with python3.
py() { python3 -c "$@" || exit 1; }

# Edit the real manifest: the first template, string or provider.
# mkman OUT WHAT N: WHAT is fields (N <data> items in the first
# template), members (one <struct> of N members in it), string (a
# string of N bytes), attr (a symbol= of N bytes), depth (N nested
# elements inside <provider>).  Prints the line of interest.
mkman() {
	py '
import re, sys
src, out, what, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
s = open(src, encoding="utf-8").read()
if what in ("fields", "members"):
    i = s.index("<template ")
    j = s.index(">", i) + 1
    items = "".join("\n      <data name=\"F%d\" inType=\"win:UInt32\"/>" % k
                    for k in range(n))
    if what == "members":
        items = "\n      <struct name=\"S\">" + items + "\n      </struct>"
    k = s.index("</template>", j)
    s = s[:j] + items + "\n     " + s[k:]
    # the line of the first item past the limit (top-level or member)
    line = s[:j].count("\n") + 1 + 1024 + 1
elif what == "string":
    m = re.search(r"<string id=\"[^\"]*\" value=\"([^\"]*)\"", s)
    s = s[:m.start(1)] + "x" * n + s[m.end(1):]
    line = s[:m.start()].count("\n") + 1
elif what == "attr":
    m = re.search(r"<provider [^>]*symbol=\"", s)
    s = s[:m.end()] + "A" * n + s[m.end():]
    line = s[:m.start()].count("\n") + 1
elif what == "depth":
    i = s.index(">", s.index("<provider ")) + 1
    s = s[:i] + "<x>" * n + "</x>" * n + s[i:]
    line = s[:i].count("\n") + 1
open(out, "w", encoding="utf-8").write(s)
print(line)
' "$man" "$@"
}

mkdir -p "$tmp/m"

# 1. File size: 256 MiB (source.c), checked before reading (sparse).
truncate -s $((256 * 1024 * 1024 + 1)) "$tmp/m/big.tsv"
run size "$tmp/m/big.tsv"
over size "$tmp/m/big.tsv:0:"
rm -f "$tmp/m/big.tsv"

# 2. XML nesting: libxml2's 256 levels.
l=$(mkman "$tmp/m/deep.xml" depth 300)
run depth "$tmp/m/deep.xml"; over depth "$tmp/m/deep.xml:$l:"
mkman "$tmp/m/deep.xml" depth 200 >/dev/null
run depth-ok "$tmp/m/deep.xml"; under depth-ok
rm -f "$tmp/m/deep.xml"

# 3. One attribute value: libxml2's 10,000,000 bytes.
l=$(mkman "$tmp/m/attr.xml" attr 10000001)
run attr "$tmp/m/attr.xml"; over attr "$tmp/m/attr.xml:$l:"
mkman "$tmp/m/attr.xml" attr 9000000 >/dev/null
run attr-ok "$tmp/m/attr.xml"; under attr-ok
rm -f "$tmp/m/attr.xml"

# 4. A message string: 65,535 bytes.
l=$(mkman "$tmp/m/str.xml" string 65536)
run string "$tmp/m/str.xml"; over string "$tmp/m/str.xml:$l:"
mkman "$tmp/m/str.xml" string 65535 >/dev/null
run string-ok "$tmp/m/str.xml"; under string-ok

# 5. Template items: 1,024, struct members included.
l=$(mkman "$tmp/m/f.xml" fields 1025)
run fields "$tmp/m/f.xml"; over fields "$tmp/m/f.xml:$l:"
mkman "$tmp/m/f.xml" fields 1024 >/dev/null
run fields-ok "$tmp/m/f.xml"; under fields-ok
l=$(mkman "$tmp/m/f.xml" members 1024)
run members "$tmp/m/f.xml"; over members "$tmp/m/f.xml:$l:"
mkman "$tmp/m/f.xml" members 1023 >/dev/null
run members-ok "$tmp/m/f.xml"; under members-ok
rm -f "$tmp/m"/*

# TSV: the real file with one row changed or added.
# mktsv OUT WHAT N: WHAT is fields (the first row's list made N items),
# message (its message N bytes), line (its event name made so that the
# line is N bytes), rows (N short rows of its provider).  Prints the
# line of interest.
mktsv() {
	py '
import sys
src, out, what, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
lines = open(src, encoding="utf-8").read().split("\n")
c = lines[1].split("\t")
line = 2
if what == "fields":
    name = c[3][:c[3].rindex("(")]
    c[3] = name + "(" + ", ".join("UInt32 F%d" % k for k in range(n)) + ")"
elif what == "message":
    c[9] = "m" * n
elif what == "line":
    other = len("\t".join(c)) - len(c[3])
    c[3] = "E" * (n - other - 2) + "()"
elif what == "rows":
    base = c[:4] + [""] * 6
    base[3] = "E()"
    rows = []
    for k in range(n):
        base[1] = str(k % 65536)
        base[2] = str(k // 65536)
        rows.append("\t".join(base))
    lines = [lines[0]] + rows + [""]
    line = 1 + 1024 * 1024 + 1
if what != "rows":
    lines[1] = "\t".join(c)
open(out, "w", encoding="utf-8").write("\n".join(lines))
print(line)
' "$tsv" "$@"
}

# 6. A TSV line: 1 MiB.
l=$(mktsv "$tmp/m/l.tsv" line $((1024 * 1024 + 1)))
run line "$tmp/m/l.tsv"; over line "$tmp/m/l.tsv:$l:"
mktsv "$tmp/m/l.tsv" line $((1024 * 1024)) >/dev/null
run line-ok "$tmp/m/l.tsv"; under line-ok

# 7. A TSV field list: 1,024 items; more are kept verbatim, so the
# file is still written back byte for byte.
l=$(mktsv "$tmp/m/f.tsv" fields 1025)
run tsvfields "$tmp/m/f.tsv"; over tsvfields "$tmp/m/f.tsv:$l:"
mkdir -p "$tmp/x"
"$ETWCAT" export -q --format tsv -o "$tmp/x" "$tmp/m/f.tsv" 2>/dev/null
if cmp -s "$tmp/m/f.tsv" "$tmp/x"/*/*/f.tsv 2>/dev/null ||
    cmp -s "$tmp/m/f.tsv" "$(find "$tmp/x" -name '*.tsv' | head -1)"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL: tsvfields: not written back as read"
fi
mktsv "$tmp/m/f.tsv" fields 1024 >/dev/null
run tsvfields-ok "$tmp/m/f.tsv"; under tsvfields-ok

# 8. A TSV message: 65,535 bytes.
l=$(mktsv "$tmp/m/m.tsv" message 65536)
run tsvmsg "$tmp/m/m.tsv"; over tsvmsg "$tmp/m/m.tsv:$l:"
mktsv "$tmp/m/m.tsv" message 65535 >/dev/null
run tsvmsg-ok "$tmp/m/m.tsv"; under tsvmsg-ok

# 9. TSV rows: 1,048,576 per file.
l=$(mktsv "$tmp/m/r.tsv" rows $((1024 * 1024 + 1)))
run rows "$tmp/m/r.tsv"; over rows "$tmp/m/r.tsv:$l:"
rm -f "$tmp/m"/*

# 10. Sigma rules: 4 MiB per file (sigma.c), flow nesting 64.
cp "$rule" "$tmp/m/r.yml"
truncate -s $((4 * 1024 * 1024 + 1)) "$tmp/m/r.yml"
run rulesize "$tmp/m/r.yml"; over rulesize "$tmp/m/r.yml:0:"
mkyaml() {
	py '
import sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = open(src, encoding="utf-8").read().rstrip("\n")
open(out, "w", encoding="utf-8").write(s + "\nextra: " + "[" * n + "]" * n + "\n")
print(s.count("\n") + 2)
' "$rule" "$@"
}
l=$(mkyaml "$tmp/m/r.yml" 65)
run flow "$tmp/m/r.yml"; over flow "$tmp/m/r.yml:$l:"
mkyaml "$tmp/m/r.yml" 64 >/dev/null
run flow-ok "$tmp/m/r.yml"; under flow-ok
rm -f "$tmp/m"/*

# 11. A JSON-lines sample line: 16 MiB, newline not counted
# (sample.c).  A longer one is skipped unread and the lines after it
# are still validated; memory stays bounded even for a line that does
# not end.  The events are the real file's first, re-written as JSON
# lines: line 2's message padded to N bytes of line, line 3 given a
# field its template lacks (a finding there shows it was read).
# mkjsonl OUT N
mkjsonl() {
	py '
import json, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ev = json.load(open(src, encoding="utf-8"))[0]
one = json.dumps(ev)
pad = dict(ev, message="")
pad["message"] = "m" * (n - len(json.dumps(pad)))
extra = dict(ev, event_data=dict(ev["event_data"], NotInTemplate="1"))
lines = [one, json.dumps(pad), json.dumps(extra)]
assert len(lines[1]) == n
open(out, "w", encoding="utf-8").write("\n".join(lines) + "\n")
' "$wssam" "$@"
}
# vrun NAME FILE: validate FILE against the real schema, in its build.
vrun() {
	"$ETWCAT" validate -q --no-lint -b $ws "$wsman" "$2" >/dev/null \
	    2>"$tmp/$1.err"
	echo $? >"$tmp/$1.rc"
}
# found NAME WHERE ID: the last run reported ID at WHERE.
found() {
	if grep -q "^$2.*\[$3\]$" "$tmp/$1.err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1: no $3 at $2"
		head -5 "$tmp/$1.err" | sed 's/^/    | /'
	fi
}
mkjsonl "$tmp/m/s.jsonl" $((16 * 1024 * 1024 + 1))
vrun sampleline "$tmp/m/s.jsonl"; over sampleline "$tmp/m/s.jsonl:2:"
found sampleline "$tmp/m/s.jsonl:3:" sample-unexpected-field
mkjsonl "$tmp/m/s.jsonl" $((16 * 1024 * 1024))
vrun sampleline-ok "$tmp/m/s.jsonl"; under sampleline-ok
found sampleline-ok "$tmp/m/s.jsonl:3:" sample-unexpected-field
rm -f "$tmp/m/s.jsonl"
# A line that does not end, in a file and on standard input, with
# memory capped (not under ASan, which needs its address space): it
# must be skipped, not read whole.
if [ $asan = 0 ]; then
	truncate -s $((256 * 1024 * 1024 + 1)) "$tmp/m/s.jsonl"
	(ulimit -v 1048576; run sampleline-endless "$tmp/m/s.jsonl")
	over sampleline-endless "$tmp/m/s.jsonl:1:"
	rm -f "$tmp/m/s.jsonl"
	mkjsonl "$tmp/m/s.jsonl" 1000
	(ulimit -v 1048576; { head -1 "$tmp/m/s.jsonl";
	    head -c $((256 * 1024 * 1024 + 1)) /dev/zero; } |
	    vrun sampleline-stdin -)
	over sampleline-stdin "<stdin>:2:"
	rm -f "$tmp/m/s.jsonl"
fi

# 12. Sample events: 1,048,576 per file (sample.c); the rest of the
# file is not read.  The real file's provider and event, as short
# JSON lines.
mkevents() {
	py '
import sys
out, n = sys.argv[1], int(sys.argv[2])
line = (b"{\"system\": {\"provider\": \"Microsoft-Windows-Kernel-Network\", "
        b"\"event_id\": \"10\", \"version\": \"0\"}}\n")
with open(out, "wb") as f:
    f.write(line * n)
' "$@"
}
mkevents "$tmp/m/e.jsonl" $((1024 * 1024 + 1))
run events "$tmp/m/e.jsonl"; over events "$tmp/m/e.jsonl:$((1024 * 1024 + 1)):"
mkevents "$tmp/m/e.jsonl" $((1024 * 1024))
run events-ok "$tmp/m/e.jsonl"; under events-ok
rm -f "$tmp/m"/*

echo "$pass passed, $fail failed, $xfail known failures"
[ $fail -eq 0 ]
