#!/usr/bin/env python3
"""drift_counts.py: an independent count of events and versions added and
removed between consecutive builds of the jdu2600 TSV corpus, compared
with `etwcat drift --format json`.  Shares no code with etwcat.

Definitions (etwcat.1, DRIFT): a provider is identified by its file name
(case-insensitive; one file per provider, as the corpus has); keys are
(provider, event id, version) from the rows; only providers present in
both builds count (a new or removed provider is one provider finding).
A new key is an event added if the provider had no version of that id
before, else a version added; removed likewise.
"""
import collections, json, os, subprocess, sys

shared = os.environ.get("SHARED", "../shared")
etwcat = os.environ.get("ETWCAT", "build/etwcat")
corpus = os.path.join(shared, "corpus/tsv/jdu2600")

def load(build):
    provs = {}
    for sub, idcol in (("manifest", 1), ("mof", 2)):
        d = os.path.join(corpus, build, sub)
        for name in os.listdir(d):
            keys = provs.setdefault(name.lower(), set())
            with open(os.path.join(d, name), encoding="ascii") as f:
                next(f)
                for line in f:
                    c = line.rstrip("\n").split("\t")
                    keys.add((int(c[idcol]), int(c[idcol + 1])))
    return provs

def diff(a, b):
    n = collections.Counter()
    for p in a.keys() & b.keys():
        ids_a = {i for i, _ in a[p]}
        ids_b = {i for i, _ in b[p]}
        for i, v in b[p] - a[p]:
            n["drift-version-added" if i in ids_a else "drift-event-added"] += 1
        for i, v in a[p] - b[p]:
            n["drift-version-removed" if i in ids_b else "drift-event-removed"] += 1
    return n

builds = sorted(os.listdir(corpus), key=lambda b: int(b.rsplit("-", 1)[1]))
want = {}
prev = None
for b in builds:
    cur = load(b)
    if prev is not None:
        want[(prev[0], b)] = diff(prev[1], cur)
    prev = (b, cur)

out = subprocess.run([etwcat, "drift", "-q", "--format", "json", corpus],
                     capture_output=True, text=True)
if out.returncode not in (0, 1):
    sys.exit("etwcat drift failed (%d): %s" % (out.returncode, out.stderr[:2000]))
got = collections.defaultdict(collections.Counter)
for f in json.loads(out.stdout)["findings"]:
    got[(f["from"], f["to"])][f["id"]] += 1

classes = ["drift-event-added", "drift-version-added",
           "drift-event-removed", "drift-version-removed"]
bad = 0
print("%-34s %s" % ("pair", " ".join("%8s" % c.split("-", 1)[1] for c in classes)))
for pair, n in want.items():
    row = []
    for c in classes:
        ok = n[c] == got[pair][c]
        bad += not ok
        row.append("%8s" % (str(n[c]) if ok else "%d!=%d" % (got[pair][c], n[c])))
    print("%-34s %s" % ("%s..%s" % pair, " ".join(row)))
print("%d passed, %d failed" % (len(want) * len(classes) - bad, bad))
sys.exit(1 if bad else 0)
