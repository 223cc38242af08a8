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
  naming both sources, not drift-fields-removed;
- etwlib writes a fixed-count array X as X-0 ... X-(n-1) where a TSV
  writes X, and leaves out an array whose count is another field
  (drift.c, S_unexpand and S_countable): 525 drift-fields-removed
  between 22621 and 22621.2134 were the latter.

It prints the findings of every pair in build order, by class, with
the breaking count (the table of the closing note).
"""
import collections, json, os, re, subprocess, sys, tempfile

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


# ---------------------------------------------------------------- arrays

def later_row(d):
    """The later source's line of a finding (its loc), or ''."""
    try:
        with open(d["file"], encoding="utf-8", errors="replace") as f:
            for i, line in enumerate(f, 1):
                if i == d["line"]:
                    return line
    except (OSError, TypeError):
        pass
    return ""


# A lost template is drift-template-lost, never drift-fields-removed:
# the later row of every removal has a template (an etwlib <event>
# with template=, a TSV row with a field in its parentheses).
notmpl = []
for d in found:
    if d["id"] != "drift-fields-removed":
        continue
    row = later_row(d)
    cells = row.split("\t")
    if ("<event" in row and "template=" not in row) or \
            (len(cells) > 3 and cells[3].endswith("()")):
        notmpl.append(d)
check(not notmpl, "%d drift-fields-removed whose later row has no "
      "template%s" % (len(notmpl), ": " + str(notmpl[0]) if notmpl else ""))

# etwlib's X-0 ... X-(n-1) against a TSV's X (Dwm-Core 24's 16-element
# rgcDXRefresh, Win32k 3's UIPI_Trace_Header-0): no finding names an
# element, in a pair with a dump on either side.
elem = [d for d in found if (dump(d["from"]) or dump(d["to"])) and
        any(re.search(r"-\d+$", (x or "").split(" ", 1)[-1])
            for x in (d["field"], d["before"], d["after"]))]
check(not elem, "%d findings on etwlib's array elements X-k (was 32 "
      "drift-field-renamed and 15 drift-fields-appended on 22621 -> "
      "22621.2134)%s" % (len(elem), ": " + str(elem[0]) if elem else ""))
check(not any(d["provider"] == "Microsoft-Windows-Dwm-Core" and
              d["event_id"] == 24 and dump(d["to"]) for d in found),
      "Dwm-Core 24 (rgcDXRefresh-0 ... -15): no finding into a dump")
# Arrays counted by another field are not in the dumps: the TSV builds
# of the dumps' numbers lose none to them (were 525, 590 and 579).
for a, b in (("Win11-22H2-22621", "Win11-22H2-22621.2134"),
             ("Win11-24H2-26100", "Win11-24H2-26100.6899"),
             ("Win11-25H2-26200", "Win11-25H2-26200.6901")):
    n = by[(a, b, "drift-fields-removed")]
    # What is left are the provider's own changes in the updates
    # (CloudRestoreLauncher 60 in 26100.6899).
    check(n <= 25, "%s -> %s: %d drift-fields-removed (<= 25)" % (a, b, n))
# WEPExplorer states the counts: its 24H2 SMBServer 1061 Dialects has
# count="DialectCount", the one field etwlib's 26100.6899 dump lacks.
n = by[("Win11-24H2-26100.1742", "Win11-24H2-26100.6899",
        "drift-fields-removed")]
check(n == 0, "26100.1742 (WEPExplorer) -> 26100.6899: %d "
      "drift-fields-removed (was 4, all count= arrays)" % n)
# One type named by two tools (drift.c, S_dumptype): TraceEvent's
# struct number against etwlib's Binary, CountedUtf16String against
# UnicodeString (were 224 and 252 of 487 retyped in pairs with a dump).
art = [d for d in found if d["id"] == "drift-field-retyped" and
       (dump(d["from"]) or dump(d["to"])) and
       {re.sub(r"^(\d+|Struct)$", "Binary", x.split(" ", 1)[0])
        .replace("CountedUtf16String", "UnicodeString")
        .replace("CountedMbcsString", "AnsiString")
        for x in (d["before"], d["after"])}.__len__() == 1]
check(not art, "%d drift-field-retyped between two tools' names of one "
      "type%s" % (len(art), ": " + str(art[0]) if art else ""))
total = len(found)
check(total < 27000, "%d findings in all (30,217 before arrays)" % total)

# ----------------------------------------------------------- the table

def order(b):
    """Build order: the number after the last '-', revision second."""
    n = b.rsplit("-", 1)[-1].split(".")
    return (int(n[0]), int(n[1]) if len(n) > 1 else 0)


builds = sorted({d["from"] for d in found} | {d["to"] for d in found} |
                {e for s in srcs for e in os.listdir(s)
                 if os.path.isdir(os.path.join(s, e))}, key=order)
pairs = {(d["from"], d["to"]) for d in found}
pairs |= set(zip(builds, builds[1:]))
cols = [("drift-provider-added", "prov+"), ("drift-provider-removed", "prov-"),
        ("drift-event-added", "ev+"), ("drift-event-removed", "ev-"),
        ("drift-version-added", "ver+"), ("drift-version-removed", "ver-"),
        ("drift-fields-appended", "app"), ("drift-fields-inserted", "ins"),
        ("drift-fields-removed", "rem"), ("drift-field-renamed", "ren"),
        ("drift-field-retyped", "ret"), ("drift-field-presentation", "pres"),
        ("drift-descriptor", "desc"), ("drift-message", "msg"),
        ("drift-name-only", "name"), ("drift-template-lost", "tlost")]
brk = collections.Counter((d["from"], d["to"]) for d in found
                          if d["severity"] == "breaking")
tot = collections.Counter((d["from"], d["to"]) for d in found)
print("| Pair | " + " | ".join(c for _, c in cols) +
      " | all | breaking |")
print("|---" * (len(cols) + 3) + "|")
for a, b in sorted(pairs, key=lambda p: (order(p[1]), order(p[0]))):
    print("| %s -> %s | " % (a, b) +
          " | ".join(str(by[(a, b, i)]) for i, _ in cols) +
          " | %d | %d |" % (tot[(a, b)], brk[(a, b)]))
print("| all | " + " | ".join(
    str(sum(v for k, v in by.items() if k[2] == i)) for i, _ in cols) +
    " | %d | %d |" % (len(found), sum(brk.values())))

print("drift_sources: %d failed; %d findings: %s" % (
    fails, len(found), dict(collections.Counter(d["id"] for d in found)
                            .most_common(6))))
sys.exit(1 if fails else 0)
