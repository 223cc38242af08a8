#!/usr/bin/env python3
"""report_schema.py: the JSON reports etwcat writes, other than the
export (tests/export_schema.py), validated against their JSON Schemas
in docs/schemas/ (draft 7, with python3-jsonschema), on real outputs.

  1. `etwcat drift --format json` over the 17 TSV builds of
     ../shared/corpus/tsv/jdu2600 (about 23,500 findings, each class
     and severity), against docs/schemas/drift-report-v1.schema.json;
     its tool, version (that of `etwcat --version`) and format;
  2. the same with a baseline written from it and --all, so that every
     finding is accepted and shown ("accepted": true);
  3. the drift report of samples/ (manifests, TSVs, dumps);
  4. broken documents (no format_version, a string format_version,
     another format, a finding without its id) must fail, so the
     check can fail.

The drift baseline is a TSV file, not JSON: it has no schema.

Environment (tests/meson.build): ETWCAT, SHARED, SRCDIR.
"""
import copy, json, os, subprocess, sys, tempfile

try:
    import jsonschema
except ImportError:
    print("FAIL: python3-jsonschema is needed (make deps-test)")
    sys.exit(1)

etwcat = os.environ.get("ETWCAT", "build/etwcat")
shared = os.environ.get("SHARED", "../shared")
srcdir = os.environ.get("SRCDIR", ".")
corpus = os.path.join(shared, "corpus/tsv/jdu2600")
fail = 0


def bad(msg):
    global fail
    print("FAIL: " + msg)
    fail = 1


with open(os.path.join(srcdir,
                       "docs/schemas/drift-report-v1.schema.json")) as f:
    schema = json.load(f)
jsonschema.Draft7Validator.check_schema(schema)
drift = jsonschema.Draft7Validator(schema)
version = subprocess.run([etwcat, "--version"], capture_output=True,
                         text=True, timeout=60).stdout.split()[-1]


def errors(v, doc):
    return ["%s at %s" % (e.message[:200], "/".join(map(str, e.path)))
            for e in v.iter_errors(doc)]


def report(args, name):
    """Run etwcat drift --format json ARGS into a file; the document."""
    out = os.path.join(tmp, "r.json")
    r = subprocess.run([etwcat, "drift", "--format", "json", "-q", "-o",
                        out] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=900)
    # 1: breaking drift; more: etwcat failed.
    if r.returncode > 1:
        bad("%s: etwcat exited %d: %s" % (name, r.returncode,
            r.stderr.decode(errors="replace")[-500:]))
        sys.exit(1)
    if r.stdout:
        bad("%s: a report written with -o also went to standard output"
            % name)
    with open(out) as f:
        doc = json.load(f)
    errs = errors(drift, doc)
    for e in errs[:5]:
        print("  %s: %s" % (name, e))
    if errs:
        bad("%s does not validate" % name)
    if (doc.get("tool"), doc.get("version"), doc.get("format"),
            doc.get("format_version")) != ("etwcat", version,
                                           "etwcat-drift-report", 1):
        bad("%s: names itself %r %r %r %r" % (name, doc.get("tool"),
            doc.get("version"), doc.get("format"),
            doc.get("format_version")))
    return doc


tmp = tempfile.mkdtemp(prefix="report_schema.")
try:
    # 1.
    full = report([corpus], "drift of 17 TSV builds")
    sev = {f["severity"] for f in full["findings"]}
    if len(full["findings"]) < 20000 or sev != {"breaking", "warning",
                                                "note"}:
        bad("drift of 17 TSV builds: %d findings, severities %s" %
            (len(full["findings"]), sorted(sev)))
    # 2.
    base = os.path.join(tmp, "baseline")
    subprocess.run([etwcat, "drift", "-q", "--write-baseline", base,
                    "-o", os.devnull, corpus], timeout=900)
    acc = report(["--baseline", base, "--all", corpus],
                 "drift of 17 TSV builds, all accepted")
    if not acc["findings"] or not all(f["accepted"]
                                      for f in acc["findings"]):
        bad("drift with the baseline and --all: not every finding shown "
            "and accepted")
    if acc["summary"]["accepted"] != len(acc["findings"]):
        bad("drift with the baseline: summary accepted %d of %d" %
            (acc["summary"]["accepted"], len(acc["findings"])))
    # 3.
    report([os.path.join(srcdir, "samples")], "drift of samples/")
    print("validated: drift of 17 TSV builds (%d findings), with a "
          "baseline and --all, of samples/" % len(full["findings"]))

    # 4.
    small = copy.deepcopy(full)
    small["findings"] = small["findings"][:50]
    for name, edit in [
            ("no format_version", lambda d: d.pop("format_version")),
            ("format_version \"1\"",
             lambda d: d.update(format_version="1")),
            ("another format", lambda d: d.update(format="etwcat-export")),
            ("a finding without its id",
             lambda d: d["findings"][0].pop("id")),
            ("a severity \"error\"",
             lambda d: d["findings"][0].update(severity="error"))]:
        d = copy.deepcopy(small)
        edit(d)
        if not errors(drift, d):
            bad("a drift report with %s passed" % name)
finally:
    subprocess.run(["rm", "-rf", tmp])
sys.exit(fail)
