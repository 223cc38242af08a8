#!/usr/bin/env python3
#
# pathological.py: quadratic-behaviour checks in the spirit of cmark's
# test/pathological_tests.py.  For each parser (manifest XML, TSV,
# message strings, sample JSON lines, Sigma YAML) and for drift's field
# alignment, an input of size N and one ten times larger are generated,
# etwcat runs over each, and the larger must take at most RATIO times
# the CPU time of the smaller (about 10x for linear work; quadratic work
# takes 100x).  CPU time (user + system, from wait4) rather than wall
# time, the best of REPEAT runs, so that other work on the machine does
# not count.  Peak memory is checked the same way, above the memory of
# a run over an empty input.
#
# The inputs are built around the real Microsoft-Windows-Kernel-Network
# schema in samples/ (its provider name, GUID, field names and types).
#
# usage: pathological.py [CASE...]   (env ETWCAT, SRCDIR; meson sets
# them).  Prints one line of figures per case.  Standard library only.

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ETWCAT = os.environ.get("ETWCAT", "build/etwcat")
SRCDIR = os.environ.get("SRCDIR", ".")
# Linear work gives about 10, quadratic about 100.  The limit was 15
# until a clean-clone CI run on a loaded machine measured xml-fields at
# 15.2 (0.024 s against 0.361 s: the smaller run is near the clock's
# granularity, and the larger one loses more to a shared cache), where
# a quiet machine gives 11-12.  25 leaves that noise room and still
# fails anything quadratic by a factor of four.
RATIO = float(os.environ.get("RATIO", "25"))
REPEAT = int(os.environ.get("REPEAT", "3"))
# Below this the smaller run's time is taken as this (clock granularity).
FLOOR = 0.02
# Memory: growth above the empty run, floored likewise (KB).
MEMFLOOR = 4096
# Under ASan, freed blocks wait in its quarantine (256 MB by default)
# before reuse, so peak memory there measures the sanitizer: the
# manifest loader's growing parse buffers gave ratios of 15.3-16.8 on
# the xml-* cases, 9.9-11.1 with a 16 MB quarantine, as without ASan
# (10.6-10.8).  A smaller quarantine keeps the measure ours.
if "ASAN_OPTIONS" in os.environ:
    os.environ["ASAN_OPTIONS"] += ":quarantine_size_mb=16"

PROV = "Microsoft-Windows-Kernel-Network"
GUID = "{7dd42a49-5329-4832-8dfd-43d979153a88}"
REAL_FIELDS = [("PID", "UInt32"), ("size", "UInt32"), ("daddr", "UInt32"),
               ("saddr", "UInt32"), ("dport", "UInt16"), ("sport", "UInt16"),
               ("startime", "UInt32"), ("endtime", "UInt32"),
               ("seqnum", "UInt32"), ("connid", "UInt32")]


def fields(n, salt=""):
    """n fields named after the real template's, made unique."""
    return [("%s%s%d" % (REAL_FIELDS[i % 10][0], salt, i),
             REAL_FIELDS[i % 10][1]) for i in range(n)]


def xml_escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace('"', "&quot;"))


def manifest(templates, events, strings=(), symbol="MicrosoftWindowsKernelNetwork"):
    """templates: [(tid, [(name, type)] or [("struct", name, members)])];
    events: [(id, version, tid or None, message string id or None)];
    strings: [(id, value)]."""
    o = ['<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events">',
         ' <instrumentation xmlns:xs="http://www.w3.org/2001/XMLSchema" '
         'xmlns:win="http://manifests.microsoft.com/win/2004/08/windows/events">',
         '  <events>',
         '   <provider name="%s" guid="%s" symbol="%s" '
         'resourceFileName="x.dll" messageFileName="x.dll">'
         % (PROV, GUID, xml_escape(symbol)),
         '    <events>']
    for eid, ver, tid, msg in events:
        o.append('     <event value="%d" version="%d" level="win:Informational"%s%s/>'
                 % (eid, ver, ' template="%s"' % tid if tid else "",
                    ' message="$(string.%s)"' % msg if msg else ""))
    o.append('    </events>')
    o.append('    <templates>')
    for tid, items in templates:
        o.append('     <template tid="%s">' % tid)
        for it in items:
            if it[0] == "struct":
                o.append('      <struct name="%s">' % it[1])
                for name, ty in it[2]:
                    o.append('       <data name="%s" inType="win:%s"/>' % (name, ty))
                o.append('      </struct>')
            else:
                o.append('      <data name="%s" inType="win:%s"/>' % it)
        o.append('     </template>')
    o.append('    </templates>')
    o.append('   </provider>')
    o.append('  </events>')
    o.append(' </instrumentation>')
    o.append(' <localization><resources culture="en-US"><stringTable>')
    for sid, val in strings:
        o.append('  <string id="%s" value="%s"/>' % (sid, xml_escape(val)))
    o.append(' </stringTable></resources></localization>')
    o.append('</instrumentationManifest>')
    return "\n".join(o) + "\n"


TSV_HDR = ("provider\tevent_id\tversion\tevent(fields)\topcode\tkeywords\t"
           "task\tlevel\tevtlog_channel\tevtlog_message")


def tsv_row(eid, ver, name, flds, msg=""):
    return "\t".join([PROV, str(eid), str(ver),
                      "%s(%s)" % (name, ", ".join("%s %s" % (t, n) for n, t in flds)),
                      "", "", "task_0", "Informational", "", msg])


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ------------------------------------------------------------- the cases
#
# Each returns the etwcat arguments for an input of size n written
# under d.

def c_xml_templates(d, n):
    """many templates and events (10 fields each)"""
    tm = [("T%d" % i, fields(10, "t%d_" % i)) for i in range(n)]
    ev = [(i % 65536, i // 65536, "T%d" % i, None) for i in range(n)]
    write(d + "/b/manifests/k.xml", manifest(tm, ev))
    return ["validate", "-q", d + "/b"]


def c_xml_fields(d, n):
    """templates of many fields (lint checks each)"""
    tm = [("T%d" % i, fields(n, "t%d_" % i)) for i in range(100)]
    ev = [(i, 0, "T%d" % i, None) for i in range(100)]
    write(d + "/b/manifests/k.xml", manifest(tm, ev))
    return ["validate", "-q", d + "/b"]


def c_xml_structs(d, n):
    """structs of many members"""
    tm = []
    for i in range(100):
        mem = fields(n, "s%d_" % i)
        tm.append(("T%d" % i, [("Len", "UInt16"),
                               ("struct", "S", mem)]))
    ev = [(i, 0, "T%d" % i, None) for i in range(100)]
    write(d + "/b/manifests/k.xml", manifest(tm, ev))
    return ["validate", "-q", d + "/b"]


def c_xml_refs(d, n):
    """length= on every item naming the one before (lint looks it up)"""
    tm = []
    for i in range(60):
        items = ['      <data name="L0" inType="win:UInt16"/>']
        for k in range(1, n):
            items.append('      <data name="L%d" inType="win:UInt16" length="L%d"/>'
                         % (k, k - 1))
        tm.append(("T%d" % i, items))
    o = manifest([(t, []) for t, _ in tm], [(i, 0, "T%d" % i, None) for i in range(60)])
    for t, items in tm:
        o = o.replace('<template tid="%s">' % t,
                      '<template tid="%s">\n' % t + "\n".join(items), 1)
    write(d + "/b/manifests/k.xml", o)
    return ["validate", "-q", d + "/b"]


def c_xml_longattr(d, n):
    """long attribute values (strings: 64 KB at most)"""
    tm = [("T0", fields(10))]
    ev = [(i, 0, "T0", "m%d" % i) for i in range(100)]
    st = [("m%d" % i, "%%1 %s" % ("v" * (n * 6))) for i in range(100)]
    write(d + "/b/manifests/k.xml",
          manifest(tm, ev, st, symbol="S" * (n * 1000)))
    return ["validate", "-q", d + "/b"]


def c_msg_inserts(d, n):
    """messages with many %N inserts"""
    tm = [("T0", fields(99))]
    st = [("m%d" % i, " ".join("%%%d" % (1 + k % 99) for k in range(n)))
          for i in range(500)]
    ev = [(i, 0, "T0", "m%d" % i) for i in range(500)]
    write(d + "/b/manifests/k.xml", manifest(tm, ev, st))
    return ["validate", "-q", d + "/b"]


def c_msg_fmt(d, n):
    """messages with long !fmt! specs, and unterminated ones"""
    # Under 10 MB in all: libxml2 2.9 refuses larger files made of long
    # attribute values ("Huge input lookup", limit-exceeded).
    tm = [("T0", fields(10))]
    st = []
    for i in range(200):
        st.append(("m%d" % i, "%%1!%s! %%2!" % ("-" * (n * 5)) +
                   "x" * (n * 5)))
    ev = [(i, 0, "T0", "m%d" % i) for i in range(200)]
    write(d + "/b/manifests/k.xml", manifest(tm, ev, st))
    return ["validate", "-q", d + "/b"]


def c_tsv_rows(d, n):
    """many rows"""
    rows = [TSV_HDR] + [tsv_row(i % 65536, i // 65536, "E%d" % (i % 100),
                                REAL_FIELDS) for i in range(n)]
    write(d + "/Win10-1803-17134/manifest/%s.tsv" % PROV, "\n".join(rows) + "\n")
    return ["validate", "-q", d]


def c_tsv_fields(d, n):
    """rows of many fields"""
    # Each row's list differs (so each is parsed) by its last field;
    # the names repeat across rows, as they do in the corpus.
    rows = [TSV_HDR] + [tsv_row(i, 0, "E%d" % i,
                                fields(n) + [("Row%d" % i, "UInt32")])
                        for i in range(300)]
    write(d + "/Win10-1803-17134/manifest/%s.tsv" % PROV, "\n".join(rows) + "\n")
    return ["validate", "-q", d]


def c_tsv_longrows(d, n):
    """long rows (long event names and messages)"""
    rows = [TSV_HDR] + [tsv_row(i, 0, "E" * (n * 100), REAL_FIELDS,
                                "m %1 " * (n * 10)) for i in range(300)]
    write(d + "/Win10-1803-17134/manifest/%s.tsv" % PROV, "\n".join(rows) + "\n")
    return ["validate", "-q", d]


def sample(eid, data):
    import json
    return json.dumps({"system": {"provider": PROV, "guid": GUID,
                                  "event_id": str(eid), "version": "0"},
                       "event_data": data})


def c_samples_many(d, n):
    """many samples (JSON lines)"""
    shutil.copy(SRCDIR + "/samples/builds/WS2022-20348.4893/manifests/%s.xml"
                % PROV, _mk(d + "/b/manifests"))
    data = {f: "1" for f, _ in REAL_FIELDS}
    write(d + "/b/samples/s.jsonl",
          "\n".join(sample(10, data) for _ in range(n)) + "\n")
    return ["validate", "-q", d + "/b"]


def c_samples_fields(d, n):
    """samples with many fields"""
    shutil.copy(SRCDIR + "/samples/builds/WS2022-20348.4893/manifests/%s.xml"
                % PROV, _mk(d + "/b/manifests"))
    data = {f: "1" for f, _ in REAL_FIELDS}
    for k in range(n):
        data["Extra%d" % k] = str(k)
    write(d + "/b/samples/s.jsonl",
          "\n".join(sample(10, data) for _ in range(20)) + "\n")
    return ["validate", "-q", d + "/b"]


def c_samples_array_line(d, n):
    """one JSON line holding an array of many samples, each with a
    finding (all the records share the line as their text)"""
    import json
    shutil.copy(SRCDIR + "/samples/builds/WS2022-20348.4893/manifests/%s.xml"
                % PROV, _mk(d + "/b/manifests"))
    data = {f: "1" for f, _ in REAL_FIELDS}
    data["Extra"] = "1"
    ev = json.loads(sample(10, data))
    write(d + "/b/samples/s.jsonl", json.dumps([ev] * n) + "\n")
    return ["validate", "-q", d + "/b"]


def c_samples_long(d, n):
    """samples with long strings"""
    shutil.copy(SRCDIR + "/samples/builds/WS2022-20348.4893/manifests/%s.xml"
                % PROV, _mk(d + "/b/manifests"))
    data = {f: "1" for f, _ in REAL_FIELDS}
    data["PID"] = "4" * (n * 1000)
    write(d + "/b/samples/s.jsonl",
          "\n".join(sample(10, data) for _ in range(20)) + "\n")
    return ["validate", "-q", d + "/b"]


def c_drift_fields(d, n):
    """drift between field lists that differ at every position"""
    for b, salt in (("Win10-1803-17134", ""), ("Win10-1809-17763", "")):
        rows = [TSV_HDR]
        for i in range(200):
            f = fields(n, "e%d_" % i)
            if b == "Win10-1809-17763":
                # reversed, every third renamed and every fifth retyped
                f = [("%sX" % nm if k % 3 == 0 else nm,
                      "UInt64" if k % 5 == 0 else t)
                     for k, (nm, t) in enumerate(reversed(f))]
            rows.append(tsv_row(i, 0, "E%d" % i, f))
        write(d + "/%s/manifest/%s.tsv" % (b, PROV), "\n".join(rows) + "\n")
    return ["drift", "-q", "-o", "/dev/null", d]


def c_yaml_values(d, n):
    """Sigma rules with long lists"""
    vals = "\n".join("      - %d" % (4600 + k) for k in range(n))
    strs = "\n".join("      - 'value %d'" % k for k in range(n))
    write(d + "/r/rule.yml",
          "title: long lists\nlogsource:\n  product: windows\n  service: security\n"
          "detection:\n  sel:\n    EventID:\n%s\n    TargetUserName|contains:\n%s\n"
          "  condition: sel\n" % (vals, strs))
    return ["validate", "-q", d + "/r/rule.yml"]


def _mk(p):
    os.makedirs(p, exist_ok=True)
    return p


# Quadratic behaviour known in files this test's author does not own:
# reported as XFAIL, not failing the test (XPASS once fixed).
KNOWN = set()

CASES = [
    # name, function, N
    ("xml-templates", c_xml_templates, 800),
    ("xml-fields", c_xml_fields, 100),
    ("xml-structs", c_xml_structs, 100),
    ("xml-length-refs", c_xml_refs, 100),
    ("xml-long-attribute", c_xml_longattr, 100),
    ("msg-many-inserts", c_msg_inserts, 200),
    ("msg-long-format", c_msg_fmt, 200),
    ("tsv-rows", c_tsv_rows, 20000),
    ("tsv-fields", c_tsv_fields, 100),
    ("tsv-long-rows", c_tsv_longrows, 100),
    ("samples-many", c_samples_many, 4000),
    ("samples-fields", c_samples_fields, 100),
    ("samples-array-line", c_samples_array_line, 1000),
    ("samples-long-strings", c_samples_long, 100),
    ("drift-fields", c_drift_fields, 100),
    ("yaml-long-lists", c_yaml_values, 6000),
]


# A child's peak memory as wait4 reports it includes the memory of the
# process it was forked from (this one, holding the inputs it wrote), so
# etwcat runs under /usr/bin/time, a small process that forks it: its
# %M is etwcat's own.  The CPU time comes from wait4, in microseconds.
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def measure(args, tmp):
    """Best CPU seconds and peak RSS (KB, or 0) of REPEAT runs."""
    best_t, best_m = None, None
    memfile = tmp + "/mem"
    argv = [ETWCAT] + args
    if TIME:
        argv = [TIME, "-f", "%M", "-o", memfile] + argv
    for _ in range(REPEAT):
        pid = os.fork()
        if pid == 0:
            try:
                fd = os.open(os.devnull, os.O_WRONLY)
                os.dup2(fd, 1)
                os.dup2(fd, 2)
                os.execv(argv[0], argv)
            finally:
                os._exit(127)
        _, status, ru = os.wait4(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code < 0 or code > 1:
            raise RuntimeError("etwcat %s: exit %d" % (" ".join(args), code))
        t = ru.ru_utime + ru.ru_stime
        m = 0
        if TIME:
            with open(memfile) as f:
                m = int(f.read().split()[-1])
        best_t = t if best_t is None else min(best_t, t)
        best_m = m if best_m is None else min(best_m, m)
    return best_t, best_m


def main():
    only = set(sys.argv[1:])
    tmp = tempfile.mkdtemp(prefix="etwcat-patho-")
    fails = 0
    start = time.time()
    try:
        # The memory of a run over an empty input.
        write(tmp + "/empty/b/manifests/k.xml", manifest([], []))
        _, mem0 = measure(["validate", "-q", tmp + "/empty/b"], tmp)
        print("%-22s %9s %9s %7s %9s %9s %7s" % ("case", "N cpu s", "10N cpu s",
              "ratio", "N KB", "10N KB", "ratio"))
        for name, fn, n in CASES:
            if only and name not in only:
                continue
            r = []
            for k, size in enumerate((n, 10 * n)):
                d = "%s/%s.%d" % (tmp, name, k)
                args = fn(d, size)
                r.append(measure(args, tmp))
                shutil.rmtree(d)
            (t1, m1), (t10, m10) = r
            tr = t10 / max(t1, FLOOR)
            mr = max(m10 - mem0, 0) / max(m1 - mem0, MEMFLOOR)
            ok = tr <= RATIO and mr <= RATIO
            verdict = ("" if ok and name not in KNOWN else
                       "  XPASS" if ok else "  XFAIL" if name in KNOWN else
                       "  FAIL")
            print("%-22s %9.3f %9.3f %7.1f %9d %9d %7.1f%s" % (
                name, t1, t10, tr, m1, m10, mr, verdict))
            sys.stdout.flush()
            if not ok and name not in KNOWN:
                fails += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d failed; %.0f s; ratio limit %.0f (CPU time best of %d; memory "
          "above an empty run's %d KB)" % (fails, time.time() - start, RATIO,
                                           REPEAT, mem0))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
