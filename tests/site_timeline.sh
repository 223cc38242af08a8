#!/bin/sh
# site_timeline.sh: the findings badges and the event timeline, on real
# data (render/site/badge.c, timeline.c).
#
#   1. the site of samples/ (the default catalog): Kernel-Network event
#      10's example says "6 notes" in the note badge, not a red count;
#      on every event page, an example's badge names each severity with
#      the count of its findings listed under it, the worst first, and
#      has the worst one's class;
#   2. a site of four TSV builds of ../shared/corpus/tsv/jdu2600 (two
#      providers): SMBServer 101 version 2 has a row from
#      Win11-24H2-26100 with the breaking drift-fields-inserted of
#      Srv2Instance; Security-Auditing 5712 version 1 one from
#      Win11-26H1-28000 with the warning drift-fields-appended of
#      Endpoint, and version 2 "not in Win11-26H1-28000"
#      (drift-version-removed); then every finding of `etwcat drift
#      --format json` over the same builds is in its event's timeline,
#      in the row of its version starting at its later build, with its
#      class and severity word, and a page has no more rows than its
#      versions and their changes; each build page's badge counts that
#      report's findings into the build per severity.
#
# usage: site_timeline.sh (env ETWCAT, SRCDIR; SHARED)
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
CORPUS=${SHARED:-../shared}/corpus/tsv/jdu2600
BUILDS="Win11-23H2-22631 Win11-24H2-26100 Win11-25H2-26200 Win11-26H1-28000"
PROVS="Microsoft-Windows-SMBServer Microsoft-Windows-Security-Auditing"
for b in $BUILDS; do
	if [ ! -d "$CORPUS/$b/manifest" ]; then
		echo "SKIP: no $CORPUS/$b"
		exit 77
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-timeline.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# 1. samples/
timeout 300 "$ETWCAT" build -q -j 2 -o "$tmp/samples" samples \
    >/dev/null 2>"$tmp/samples.err"
rc=$?
[ $rc -le 1 ] || { bad "build of samples/ exited $rc"; cat "$tmp/samples.err"; }
kn=$tmp/samples/providers/Microsoft-Windows-Kernel-Network/events/10.html
if grep -q 'Validated against the schema: <strong class="badge sev-note">6 notes</strong>' "$kn"; then
	echo "Kernel-Network 10: the example's badge says 6 notes"
else
	bad "Kernel-Network 10's badge: $(grep -o 'Validated against the schema: .*' "$kn")"
fi

# 2. four TSV builds, two providers
src=$tmp/src
for b in $BUILDS; do
	mkdir -p "$src/$b/manifest"
	cp "$CORPUS/$b/version.txt" "$src/$b/" || exit 1
	for p in $PROVS; do
		cp "$CORPUS/$b/manifest/$p.tsv" "$src/$b/manifest/" || exit 1
	done
done
timeout 300 "$ETWCAT" build -q -j 2 -o "$tmp/tsv" "$src" \
    >/dev/null 2>"$tmp/tsv.err"
rc=$?
[ $rc -le 1 ] || { bad "build of the TSV builds exited $rc"; cat "$tmp/tsv.err"; }
timeout 300 "$ETWCAT" drift -q --format json "$src" >"$tmp/drift.json" \
    2>/dev/null
[ -s "$tmp/drift.json" ] || bad "no drift report"

python3 - "$tmp/samples" "$tmp/tsv" "$tmp/drift.json" <<'PY' || fail=1
import collections, glob, html, json, os, re, sys

samples, tsv, driftpath = sys.argv[1:4]
fails = 0

def bad(msg):
    global fails
    fails += 1
    if fails <= 20:
        print("FAIL:", msg)

def text(s):
    return html.unescape(re.sub(r"<[^>]*>", "", s))

# 1. every example's badge against the findings listed under it
VSEV = ["error", "warning", "note"]
PLURAL = {"error": "errors", "warning": "warnings", "note": "notes",
          "breaking": "breaking"}
def badge_text(counts, order):
    return ", ".join("%d %s" % (counts[s], s if counts[s] == 1 else
                                PLURAL[s]) for s in order if counts[s])

nex = 0
for page in glob.glob(os.path.join(samples, "providers/*/events/*.html")):
    s = open(page, encoding="utf-8").read()
    for m in re.finditer(r'Validated against the schema: (<strong class="([^"]*)">([^<]*)</strong>)</p>\n(<ul class="findings">\n(.*?)</ul>)?', s, re.S):
        nex += 1
        cls, said, items = m.group(2), m.group(3), m.group(5) or ""
        counts = collections.Counter(re.findall(r'<li><span class="sev sev-([a-z]+)">', items))
        if not counts:
            if (cls, said) != ("badge ok", "clean"):
                bad("%s: clean example says %r" % (page, said))
            continue
        worst = next(v for v in VSEV if counts[v])
        want = badge_text(counts, VSEV)
        if cls != "badge sev-" + worst or said != want:
            bad("%s: badge %r %r, findings %s" % (page, cls, said, dict(counts)))
if nex < 40:
    bad("only %d examples on the samples/ site" % nex)
print("%d example badges agree with their findings" % nex)

# 2. the timelines against drift's report over the same builds
def timeline(page):
    s = open(page, encoding="utf-8").read()
    m = re.search(r'<h3 id="timeline">Timeline</h3>.*?<tbody>\n(.*?)</tbody>', s, re.S)
    if m is None:
        return None
    rows = []
    for r in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ver = int(re.search(r"Version (\d+)", cells[0]).group(1))
        changes = [text(li) for li in re.findall(r"<li>(.*?)</li>", cells[2])]
        rows.append((ver, text(cells[1]), changes))
    return rows

def page_of(site, prov, eid):
    return os.path.join(site, "providers", prov, "events", "%d.html" % eid)

def row_at(rows, ver, build):
    for r in rows:
        if r[0] == ver and (re.match(re.escape(build) + r"( |,|$)", r[1])
                            or r[1] == "not in " + build):
            return r
    return None

checks = [
    ("Microsoft-Windows-SMBServer", 101, 2, "Win11-24H2-26100",
     "breaking drift-fields-inserted: Srv2Instance"),
    ("Microsoft-Windows-Security-Auditing", 5712, 1, "Win11-26H1-28000",
     "warning drift-fields-appended: Endpoint"),
    ("Microsoft-Windows-Security-Auditing", 5712, 2, "Win11-26H1-28000",
     "warning drift-version-removed"),
]
for prov, eid, ver, build, want in checks:
    rows = timeline(page_of(tsv, prov, eid))
    r = row_at(rows or [], ver, build)
    if r is None or not any(c.startswith(want) for c in r[2]):
        bad("%s %d version %d: no row from %s with %r: %r" %
            (prov, eid, ver, build, want, rows))
    else:
        print("%s %d version %d, %s: %s" % (prov, eid, ver, r[1], "; ".join(r[2])))

rep = json.load(open(driftpath))["findings"]
bykey = collections.defaultdict(list)
byto = collections.defaultdict(collections.Counter)
for f in rep:
    byto[f["to"]][f["severity"]] += 1
    if f["event_id"] is not None:
        bykey[(f["provider"], f["event_id"])].append(f)
nf = 0
for (prov, eid), fs in sorted(bykey.items()):
    rows = timeline(page_of(tsv, prov, eid))
    if rows is None:
        bad("%s %d: no timeline" % (prov, eid))
        continue
    for f in fs:
        r = row_at(rows, f["version"], f["to"])
        label = "%s %s" % (f["severity"], f["id"])
        if r is None or not any(c == label or c.startswith(label + ":") or
                                c.startswith(label + " ") for c in r[2]):
            bad("%s %d v%d: %s into %s not in its timeline %r" %
                (prov, eid, f["version"], label, f["to"], rows))
        nf += 1
    # compact: a row per version, one per change, one after an absence
    vers = {r[0] for r in rows}
    points = {(f["version"], f["to"]) for f in fs}
    if len(rows) > 2 * len(vers) + 2 * len(points):
        bad("%s %d: %d rows for %d versions and %d changes" %
            (prov, eid, len(rows), len(vers), len(points)))
if nf < 100:
    bad("only %d drift findings of events checked" % nf)
print("%d drift findings of %d events found in their timelines" %
      (nf, len(bykey)))

DSEV = ["breaking", "warning", "note"]
nb = 0
for page in glob.glob(os.path.join(tsv, "builds/*/index.html")):
    b = os.path.basename(os.path.dirname(page))
    s = open(page, encoding="utf-8").read()
    m = re.search(r'<p>(\d+) drift findings: <strong class="([^"]*)">([^<]*)</strong>', s)
    c = byto.get(b)
    if not c:
        if m:
            bad("%s: a badge with no findings" % b)
        continue
    nb += 1
    worst = next(v for v in DSEV if c[v])
    if m is None or m.group(2) != "badge sev-" + worst or \
            m.group(3) != badge_text(c, DSEV) or \
            int(m.group(1)) != sum(c.values()):
        bad("%s: badge %r, drift report %s" % (b, m and m.group(0), dict(c)))
    else:
        print("%s: %s" % (b, m.group(3)))
if nb != 3:
    bad("%d build pages with findings, expected 3" % nb)
sys.exit(1 if fails else 0)
PY
[ $fail -eq 0 ] && echo "site_timeline: ok"
exit $fail
