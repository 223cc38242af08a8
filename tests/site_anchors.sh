#!/bin/sh
#
# site_anchors.sh: on an event page every id is unique (etwcat.1 SITE):
# a field named as a version's section (fields, provenance, h, ...)
# takes "-2", as a second field of one name does, while every other
# field keeps #v<version>-<Field>, and each section its own id.
#
# usage: site_anchors.sh  (env ETWCAT, SRCDIR)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-anchors.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

d=$tmp/src/builds/Win11-Test-1/tsv/manifest
mkdir -p "$d" || exit 1
{
	printf 'provider\tevent_id\tversion\tevent(fields)\topcode\t'
	printf 'keywords\ttask\tlevel\tevtlog_channel\tevtlog_message\n'
	printf 'Test-Anchors\t1\t0\tTask.(UInt32 SessionId, UInt32 fields, '
	printf 'UInt32 provenance, UInt32 h, UInt32 message, UInt32 fields, '
	printf 'UInt32 Fields, UInt32 rules)\t\t\t\tInformational\t\t\n'
	printf 'Test-Anchors\t1\t1\tTask.(UInt32 SessionId, UInt32 h, '
	printf 'UInt32 message)\t\t\t\tInformational\t\tSession %%1\n'
} >"$d/Test-Anchors.tsv"
"$ETWCAT" build -q -o "$tmp/site" "$tmp/src" || { echo "FAIL: build"; exit 1; }
page=$tmp/site/providers/Test-Anchors/events/1.html
[ -f "$page" ] || { echo "FAIL: no $page"; exit 1; }

python3 - "$page" <<'PY' || fail=1
import sys
from collections import Counter
from html.parser import HTMLParser

class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.tags, self.hrefs = Counter(), {}, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] += 1
            self.tags.setdefault(a["id"], tag)
        if a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"][1:])

p = Ids()
p.feed(open(sys.argv[1], encoding="utf-8").read())
bad = 0
def check(ok, what):
    global bad
    if not ok:
        print("FAIL:", what)
        bad = 1
dup = sorted(i for i, n in p.ids.items() if n > 1)
check(not dup, "ids given more than once: %s" % dup)
# Fields: the table rows.
# Version 0 has no message and no rules: those names keep their
# anchors; version 1 has a message.
for v, names in ((0, ["SessionId", "fields-2", "provenance-2", "h-2",
                      "message", "fields-3", "Fields", "rules"]),
                 (1, ["SessionId", "h-2", "message-2"])):
    for n in names:
        a = "v%d-%s" % (v, n)
        check(p.tags.get(a) == "tr", "no field row with id %s" % a)
        check(a in p.hrefs, "no link to #%s" % a)
# Sections keep theirs.
for a, tag in (("v0", "section"), ("v0-h", "h2"), ("v0-fields", "h3"),
               ("v0-provenance", "h3"), ("v1-h", "h2"),
               ("v1-message", "h3")):
    check(p.tags.get(a) == tag, "id %s is on <%s>, not <%s>" %
          (a, p.tags.get(a), tag))
# Every in-page link lands somewhere.
lost = sorted(set(h for h in p.hrefs if h not in p.ids))
check(not lost, "links to no id: %s" % lost)
sys.exit(bad)
PY

[ $fail -eq 0 ] && echo "ok: one id each on the event page"
exit $fail
