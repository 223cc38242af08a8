#!/usr/bin/env python3
"""drift_sources.py: drift over sources that are each partial in their
own way (../shared/corpus/SOURCES.md): the 17 jdu2600 TSV builds, the
three etwlib metadata dumps (manifests/lilhoser) and the WEPExplorer
dumps (wepexplorer/nasbench), in build order.  What one source does not
carry must not read as a change (etwcat.1, DRIFT):

- an etwlib event without template= has unknown fields: between
  Win11-22H2-22621 (TSV) and Win11-22H2-22621.2134 (etwlib) there were
  69,449 breaking drift-fields-removed findings, all of that kind;
- a WEPExplorer build of three providers removes no provider from the
  build before it (1,056 drift-provider-removed findings were that);
- a field name spelt by two dumpers ("TargetI2CAddress", "Target I2C
  Address") is no rename;
- level 0 in one source and "win:Verbose" in an etwlib dump is the
  dump's naming, not a change;
- a template gone under the same (id, version) is drift-template-lost,
  naming both sources, not drift-fields-removed.
"""
import collections, json, os, subprocess, sys, tempfile

shared = os.environ.get("SHARED", "../shared")
etwcat = os.environ.get("ETWCAT", "build/etwcat")
srcs = [os.path.join(shared, p) for p in ("corpus/tsv/jdu2600",
        "corpus/manifests/lilhoser", "corpus/wepexplorer/nasbench")]
fails = 0


def check(cond, msg):
    global fails
    print(("ok: " if cond else "FAIL: ") + msg)
    fails += 0 if cond else 1


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "d.json")
    rc = subprocess.run([etwcat, "drift", "-q", "--format", "json", "-o",
                         out] + srcs, stderr=subprocess.DEVNULL,
                        timeout=600).returncode
    check(rc in (0, 1), "drift exits 0 or 1 (%d)" % rc)
    with open(out) as f:
        found = json.load(f)["findings"]

by = collections.Counter((d["from"], d["to"], d["id"]) for d in found)
pair = ("Win11-22H2-22621", "Win11-22H2-22621.2134")
n = by[pair + ("drift-fields-removed",)]
# The rest are arrays and blobs the dump gives differently: 525 today.
check(n < 1000, "22621 -> 22621.2134: %d drift-fields-removed (was 69,449)"
      % n)
levels = sum(1 for d in found if d["id"] == "drift-descriptor" and
             d["field"] == "level" and (d["from"], d["to"]) == pair)
# etwlib names an unnamed level 0 "win:Verbose" (drift.c, S_dump_level0);
# 4 real-looking ones remain (Informational -> win:Error and the like).
check(levels < 20, "22621 -> 22621.2134: %d level findings (was 3,400, "
      "3,396 of them Always (0) -> win:Verbose (5))" % levels)
removed = sum(v for (a, b, i), v in by.items()
              if i == "drift-provider-removed" and "19045" in b)
check(removed == 0, "into the 3-provider WEPExplorer build 19045.2604: "
      "%d drift-provider-removed (was 1,056)" % removed)
added = sum(v for (a, b, i), v in by.items()
            if i == "drift-provider-added" and a.startswith("WS2022-21H2"))
check(added == 0, "after the WEPExplorer build 20348.169: %d "
      "drift-provider-added (was 1,061)" % added)


def ident(s):
    return "".join(c for c in (s or "").lower() if c.isalnum())


def dump(b):
    """A build of the dumps, not of the TSVs (whose ids hold no '.')."""
    return "." in b.rsplit("-", 1)[-1]


# Across formats only: AvailableMemoryMb -> AvailableMemoryMB between
# two TSV builds is a rename a case-sensitive consumer sees.
spelt = [d for d in found if d["id"] == "drift-field-renamed" and
         (dump(d["from"]) or dump(d["to"])) and
         ident(d["before"].split(" ", 1)[-1]) ==
         ident(d["after"].split(" ", 1)[-1])]
check(not spelt, "%d drift-field-renamed between two spellings of one name "
      "(was 2,177 on 22621 -> 22621.2134)%s" %
      (len(spelt), ": " + str(spelt[0]) if spelt else ""))
lost = [d for d in found if d["id"] == "drift-template-lost"]
check(len(lost) > 0 and all(d["severity"] == "warning" and
      ".tsv:" in d["before"] and d["file"] for d in lost),
      "%d drift-template-lost, warnings naming the earlier source's "
      "file:line and the later's file" % len(lost))
# WWAN-MM-EVENTS 10001 v0 has 4 fields in 1511 and none in 1607's TSV.
check(any(d["provider"] == "Microsoft-Windows-WWAN-MM-EVENTS" and
          d["event_id"] == 10001 and d["to"] == "Win10-1607-14393"
          for d in lost), "WWAN-MM-EVENTS 10001: template lost in 1607")
print("drift_sources: %d failed; %d findings: %s" % (
    fails, len(found), dict(collections.Counter(d["id"] for d in found)
                            .most_common(6))))
sys.exit(1 if fails else 0)
