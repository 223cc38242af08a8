#!/bin/bash
#
# adversary_rest.sh: three hostile inputs that once passed unnoticed.
#   - A sample event that gives a key twice is rejected with
#     sample-duplicate-key at the second key (build.json is refused for
#     the same), and the rest of the file is still checked (etwcat.1,
#     DIAGNOSTICS).
#   - A maintainer note's image from elsewhere (https:, //host, data:)
#     is not an <img> in the site but a link labelled with its alt text;
#     a relative one stays an image (etwcat.1, SITE, Notes).
#   - A page template or an asset of --templates that is a FIFO is
#     refused with io-read instead of blocking build (etwcat.1, CATALOG
#     SOURCE LAYOUT).
# Each case asserts the exit status, the diagnostic's id and place, and
# what was or was not written.  Every run has a timeout: a regression
# in the last case is a hang.
#
# usage: adversary_rest.sh    (env ETWCAT, SRCDIR; meson sets them)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"

NOISE='sample-noncanonical-value\|lint-binary-length-lost\|rule-'
. "$SRCDIR/tests/caselib.sh"
ws=$SRCDIR/samples/builds/WS2022-20348.4893
man=$ws/manifests/Microsoft-Windows-Kernel-Network.xml
prov=Microsoft-Windows-Kernel-Network
# An event id the manifest lacks: a sample of it that is read is
# reported as sample-unknown-event, so its line shows it was checked.
ev() { echo '{"system":{"provider":"'$prov'","event_id":'$1',"version":0'"${2-}"'}}'; }

# at NAME WHERE ID: a diagnostic with this id at WHERE ("file:line:").
at() { grep -F -- "$2" "$tmp/$1.err" | grep -q "\[$3\]\$"; }
count() { [ "$(grep -c "\[$2\]\$" "$tmp/$1.err")" = "$3" ]; }

# 1. Duplicate keys in JSON lines: in the payload, in the header (an
# ambiguous provider), in one element of an array line, nested.  Each
# such event is malformed; every other event is checked.
f=$tmp/dup.jsonl
{
	ev 9001 ',"level":4},"event_data":{"a":1,"a":2'
	ev 9002
	echo "[$(ev 9003),$(ev 9004 ',"provider":"Other"'),$(ev 9005)]"
	ev 9006 ',"x":{"k":[{"n":1,"n":1}]}'
	ev 9007
} >"$f"
run dup-lines validate -b B "$man" "$f"
ok dup-lines 'rc dup-lines 1' "expected exit 1"
ok dup-lines 'at dup-lines "$f:1:" sample-duplicate-key' \
    "no sample-duplicate-key at line 1 (payload)"
ok dup-lines 'at dup-lines "$f:3:" sample-duplicate-key' \
    "no sample-duplicate-key at line 3 (an array's element)"
ok dup-lines 'at dup-lines "$f:4:" sample-duplicate-key' \
    "no sample-duplicate-key at line 4 (nested)"
ok dup-lines 'count dup-lines sample-duplicate-key 3' \
    "expected 3 sample-duplicate-key"
ok dup-lines 'grep -q "key \"provider\"" "$tmp/dup-lines.err"' \
    "the diagnostic does not name the key"
ok dup-lines 'count dup-lines sample-unknown-event 4' \
    "the other events (9002, 9003, 9005, 9007) were not all checked"
ok dup-lines '! grep -q "event 900[146]\b" "$tmp/dup-lines.err"' \
    "an event with a duplicate key was checked"
ok dup-lines 'grep -q "3 malformed" "$tmp/dup-lines.err"' \
    "the summary does not count them as malformed"

# 2. A pretty-printed document: the diagnostic is at the second key's
# own line, and the elements after it are read.
f=$tmp/dup.json
cat >"$f" <<EOF
[
 $(ev 9002),
 {"system": {"provider": "$prov", "event_id": 9001,
   "version": 0,
   "version": 1}},
 $(ev 9003)
]
EOF
run dup-doc validate -b B "$man" "$f"
ok dup-doc 'rc dup-doc 1' "expected exit 1"
ok dup-doc 'at dup-doc "$f:5:" sample-duplicate-key' \
    "no sample-duplicate-key at line 5"
ok dup-doc 'count dup-doc sample-unknown-event 2' \
    "the elements around it were not both checked"

# 3. A note's images: only a relative one is an <img>.
s=$tmp/notes
mkdir -p "$s/builds/B/manifests" "$s/notes/$prov"
cp "$man" "$s/builds/B/manifests/"
cat >"$s/notes/$prov/index.md" <<'EOF'
Remote: ![remote alt](https://evil.example/r.png "t").
Host-relative: ![](//evil.example/h.png).
Data: ![data alt](data:image/png;base64,AAAA).
Badge: [![badge alt](http://evil.example/b.svg)](https://ci.example/).
Root: ![root alt](/r.png).
Local: ![local alt](local.png).
EOF
run notes build -q -o "$tmp/site" "$s"
ok notes 'rc notes 0' "expected exit 0"
page=$(grep -rl "Remote:" "$tmp/site" 2>/dev/null | head -1)
ok notes '[ -n "$page" ]' "the note is on no page"
ok notes '! grep -q "<img src=\"[a-zA-Z+.-]*:" "$page"' \
    "an image with a scheme is still an <img>"
ok notes '! grep -q "<img src=\"[/\\\\]" "$page"' \
    "an image from the host root or //host is still an <img>"
ok notes 'grep -qF "<a href=\"https://evil.example/r.png\" title=\"t\">remote alt</a>" "$page"' \
    "the remote image is not a link labelled with its alt text"
ok notes 'grep -qF "<a href=\"https://ci.example/\">badge alt</a>" "$page"' \
    "the badge is not its link's alt text"
ok notes 'grep -qF "<img src=\"local.png\" alt=\"local alt\"" "$page"' \
    "the relative image is gone"

# 4. --templates with a FIFO for a page template, a partial and an
# asset: io-read naming it, never a hang.
s=$tmp/src
mkdir -p "$s/builds/B/manifests"
cp "$man" "$s/builds/B/manifests/"
for k in page partial asset; do
	cp -r "$SRCDIR/templates" "$tmp/t-$k"
done
rm "$tmp/t-page/event.html" "$tmp/t-partial/head.html"
mkfifo "$tmp/t-page/event.html" "$tmp/t-partial/head.html" \
    "$tmp/t-asset/assets/fifo.css"
for k in page partial; do
	run tpl-$k build -q --templates "$tmp/t-$k" -o "$tmp/site-$k" "$s"
	ok tpl-$k "rc tpl-$k 3" "expected exit 3, no hang"
	ok tpl-$k '! [ -e "$tmp/site-$k" ]' "a site was written"
done
ok tpl-page 'at tpl-page "$tmp/t-page/event.html:" io-read' \
    "no io-read at event.html"
ok tpl-page 'grep -q "not a regular file (a FIFO)" "$tmp/tpl-page.err"' \
    "the text does not say it is a FIFO"
ok tpl-partial 'at tpl-partial "$tmp/t-partial/head.html:" io-read' \
    "no io-read at head.html"
run tpl-asset build -q --templates "$tmp/t-asset" -o "$tmp/site-asset" "$s"
ok tpl-asset 'rc tpl-asset 3' "expected exit 3, no hang"
ok tpl-asset 'at tpl-asset "$tmp/t-asset/assets/fifo.css:" io-read' \
    "no io-read at assets/fifo.css"
ok tpl-asset '[ -f "$tmp/site-asset/assets/style.css" ] &&
    ! [ -e "$tmp/site-asset/assets/fifo.css" ]' \
    "the other assets were not copied, or the FIFO was"

finish adversary_rest
