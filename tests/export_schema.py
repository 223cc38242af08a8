#!/usr/bin/env python3
"""export_schema.py: the JSON documents etwcat writes, validated against
docs/schemas/export-v2.schema.json (JSON Schema draft 7, with
python3-jsonschema) and checked for what a schema cannot say: every
index refers to something, every build named exists.

  1. `etwcat export --format json` of samples/ (manifests, maps, a
     WEPExplorer dump, captured samples);
  2. the export of eight providers' TSV files from three builds of the
     jdu2600 corpus (records shared across builds, runs with a build
     excepted: Setup 1001 and 1002, MOF columns, duplicate events);
  3. `etwcat build` of samples/: every per-provider JSON of the site
     (its events' records indexing its shapes), no per-event JSON file,
     and downloads/catalog.json and its gzip copy equal to the export of
     step 1;
  4. broken documents (a member missing, a wrong type, a wrong version,
     an index past the end) must fail, so the checks can fail.

Environment (tests/meson.build): ETWCAT, SHARED, SRCDIR.
"""
import copy, glob, gzip, json, os, subprocess, sys, tempfile

try:
    import jsonschema
except ImportError:
    print("FAIL: python3-jsonschema is needed (make deps-test)")
    sys.exit(1)

etwcat = os.environ.get("ETWCAT", "build/etwcat")
shared = os.environ.get("SHARED", "../shared")
srcdir = os.environ.get("SRCDIR", ".")
corpus = os.path.join(shared, "corpus/tsv/jdu2600")

with open(os.path.join(srcdir, "docs/schemas/export-v2.schema.json")) as f:
    schema = json.load(f)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
# Each kind of document against its own definition too, for errors that
# name the member (the top level's oneOf names only the document).
kinds = {k: jsonschema.Draft7Validator({"$ref": "#/definitions/" + k,
                                        "definitions": schema["definitions"]})
         for k in ["export", "event_document", "provider_document"]}
fail = 0


def bad(msg):
    global fail
    print("FAIL: " + msg)
    fail = 1


def run(args):
    r = subprocess.run([etwcat] + args, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=900)
    # 1: findings (lint errors in the corpus); more: etwcat failed.
    if r.returncode > 1:
        bad("etwcat %s exited %d: %s" % (" ".join(args), r.returncode,
            r.stderr.decode(errors="replace")[-500:]))
        sys.exit(1)


def runs_ok(runs, builds, where):
    """A runs array names builds of the catalog, first before last."""
    errs = []
    for r in runs:
        for b in [r["first"], r["last"]] + r["except"]:
            if b not in builds:
                errs.append("%s: build %s not in the catalog" % (where, b))
        if r["first"] in builds and r["last"] in builds:
            span = builds[r["last"]] - builds[r["first"]] + 1
            if r["count"] + len(r["except"]) != span:
                errs.append("%s: count %d + %d excepted is not the span %d"
                            % (where, r["count"], len(r["except"]), span))
    return errs


def export_refs(d):
    """Index checks of an export: what JSON Schema cannot express."""
    errs = []
    builds = {b["id"]: i for i, b in enumerate(d["builds"])}
    shapes = {s["id"] for s in d["shapes"]}
    nrec, nmap, nhdr = len(d["records"]), len(d["maps"]), len(d["headers"])
    for i, r in enumerate(d["records"]):
        if r["shape"] is not None and r["shape"] not in shapes:
            errs.append("records[%d]: shape %d not in shapes" % (i,
                        r["shape"]))
        errs += ["records[%d]: map %d past maps" % (i, m)
                 for m in r["maps"] if m >= nmap]
    for p in d["providers"]:
        for s in p["schemas"]:
            if s["build"] not in builds:
                errs.append("%s: schema of unknown build %s" % (p["name"],
                            s["build"]))
            if s["header"] >= nhdr:
                errs.append("%s: header %d past headers" % (p["name"],
                            s["header"]))
            errs += ["%s: map %d past maps" % (p["name"], m)
                     for m, _ in s["maps"] if m >= nmap]
            errs += ["%s: record %s past records" % (p["name"], r)
                     for r, _ in s["events"] if r is None or r >= nrec]
        for e in p["events"]:
            where = "%s %d v%d" % (p["name"], e["id"], e["version"])
            for x in e["records"]:
                if x["record"] >= nrec:
                    errs.append(where + ": record past records")
                elif (d["records"][x["record"]]["id"], d["records"][
                        x["record"]]["version"]) != (e["id"], e["version"]):
                    errs.append(where + ": record of another event")
                errs += runs_ok(x["builds"], builds, where)
    return errs


def shape_refs(records, shapes, where):
    """A site document's record's shape is an index into its shapes."""
    return ["%s: records[%d]: shape %d past the %d shapes" % (where, i,
            r["shape"], len(shapes))
            for i, r in enumerate(records)
            if r["shape"] is not None and r["shape"] >= len(shapes)]


def event_refs(d, builds, shapes=None):
    """shapes: the provider document's, for one of its events."""
    n = len(d["records"])
    errs = shape_refs(d["records"], d["shapes"] if shapes is None
                      else shapes, "%s %d" % (d["provider"], d["id"]))
    for v in d["versions"]:
        where = "%s %d v%d" % (d["provider"], v["id"], v["version"])
        for x in v["records"]:
            if x["record"] >= n:
                errs.append(where + ": record past the document's")
            errs += runs_ok(x["builds"], builds, where)
        if "schema" in v and v["schema"]["record"] >= n:
            errs.append(where + ": schema's record past the document's")
    return errs


def check(doc, name, refs=None, top=False):
    kind = ("export" if "etwcat_export" in doc else "provider_document"
            if "etwcat_provider" in doc else "event_document")
    errs = ["%s at %s" % (e.message[:200], "/".join(map(str, e.path)))
            for e in kinds[kind].iter_errors(doc)]
    if not errs and top and not validator.is_valid(doc):
        errs = ["valid as %s but not against the top level" % kind]
    if not errs and refs is not None:
        errs = refs(doc)
    for e in errs[:5]:
        print("  %s: %s" % (name, e))
    return len(errs) == 0


def must_fail(doc, name, refs=None):
    if check(doc, name + " (broken on purpose)", refs):
        bad("%s: a broken document passed" % name)


tmp = tempfile.mkdtemp(prefix="export_schema.")
try:
    # 1. samples/
    run(["export", "--format", "json", "-q", "-o", tmp + "/samples.json",
         os.path.join(srcdir, "samples")])
    with open(tmp + "/samples.json") as f:
        ex = json.load(f)
    if not check(ex, "export of samples/", export_refs, True):
        bad("export of samples/ does not validate")
    if not ex["maps"] or not ex["records"] or not ex["headers"]:
        bad("export of samples/ has no maps, records or headers")

    # 2. three TSV builds, seven providers
    files = []
    for b in ["Win10-1511-10586", "Win10-1809-17763", "Win11-26H1-28000"]:
        for p in ["manifest/Microsoft-Windows-Kernel-Network",
                  "manifest/Microsoft-Windows-Kernel-Process",
                  "manifest/Microsoft-Windows-SMBServer",
                  "manifest/Microsoft-Windows-MSDTC",
                  "manifest/Microsoft-Windows-Winlogon",
                  "manifest/Microsoft-Windows-Setup",
                  "mof/ADODB.1", "mof/ACPI_Driver_Trace_Provider"]:
            files.append(os.path.join(corpus, b, p + ".tsv"))
    run(["export", "--format", "json", "-q", "-o", tmp + "/tsv.json"] +
        files)
    with open(tmp + "/tsv.json") as f:
        tsv = json.load(f)
    if not check(tsv, "export of 3 TSV builds", export_refs, True):
        bad("export of 3 TSV builds does not validate")
    # Kernel-Network's TSV is the same in every build: one record per
    # event version, in all three builds.
    kn = [p for p in tsv["providers"]
          if p["name"] == "Microsoft-Windows-Kernel-Network"][0]
    if len(kn["schemas"]) != 3 or any(
            len(e["records"]) != 1 or e["records"][0]["builds"] != [
                {"first": "Win10-1511-10586", "last": "Win11-26H1-28000",
                 "count": 3, "except": []}] for e in kn["events"]):
        bad("Kernel-Network: not one record in all three builds per event")
    if not any(x["except"] for p in tsv["providers"] for e in p["events"]
               for r in e["records"] for x in r["builds"]):
        bad("no run with a build excepted in 3 TSV builds")

    # 3. the site of samples/
    run(["build", "-q", "-j", "2", "-o", tmp + "/site",
         os.path.join(srcdir, "samples")])
    with open(tmp + "/site/downloads/catalog.json") as f:
        if json.load(f) != ex:
            bad("downloads/catalog.json is not the export")
    with gzip.open(tmp + "/site/downloads/catalog.json.gz") as f:
        if json.load(f) != ex:
            bad("downloads/catalog.json.gz is not the export")
    builds = {b["id"]: i for i, b in enumerate(ex["builds"])}
    evdocs = sorted(glob.glob(tmp + "/site/providers/*/events/*.json"))
    pdocs = sorted(glob.glob(tmp + "/site/downloads/*.json"))
    pdocs = [p for p in pdocs if not p.endswith("/catalog.json")]
    if evdocs:
        bad("site: %d per-event JSON files (the site writes none)" %
            len(evdocs))
    nev = 0
    nbad = 0
    for path in pdocs:
        with open(path) as f:
            d = json.load(f)
        nev += len(d["events"])
        if not check(d, path[len(tmp) + 1:], lambda x: sum(
                [event_refs(e, builds, x["shapes"]) for e in x["events"]],
                []) +
                runs_ok(x["builds"], builds, "builds"), path == pdocs[0]):
            nbad += 1
    if nev < 400 or len(pdocs) < 5:
        bad("site: only %d events in %d provider documents" %
            (nev, len(pdocs)))
    if nbad:
        bad("site: %d documents do not validate" % nbad)
    print("validated: export of samples/ (%d records), of 3 TSV builds "
          "(%d records), %d event and %d provider documents" %
          (len(ex["records"]), len(tsv["records"]), nev, len(pdocs)))

    # 4. broken documents fail
    with open(pdocs[0]) as f:
        pd = json.load(f)
    d = copy.deepcopy(ex); del d["records"]
    must_fail(d, "export without records")
    d = copy.deepcopy(ex); d["etwcat_export"] = 1
    must_fail(d, "export version 1")
    d = copy.deepcopy(ex); d["providers"][0]["events"][0]["records"][0][
        "builds"][0]["count"] = "3"
    must_fail(d, "export with a string count")
    d = copy.deepcopy(ex); d["providers"][0]["schemas"][0]["events"][0][
        0] = len(d["records"])
    must_fail(d, "export with a record past the end", export_refs)
    d = copy.deepcopy(ex); d["records"][0]["keywords"]["mask"] = 7
    must_fail(d, "export with a numeric keyword mask")
    d = copy.deepcopy(pd); del d["events"][0]["records"][0]["shape"]
    must_fail(d, "provider document without a record's shape")
    d = copy.deepcopy(pd); d["events"][0]["shapes"] = pd["shapes"]
    must_fail(d, "provider document with an event's own shapes")
    d = copy.deepcopy(pd); d["events"][0]["records"][0]["shape"] = len(
        d["shapes"])
    must_fail(d, "provider document with a shape past the end",
              lambda x: sum([event_refs(e, builds, x["shapes"])
                             for e in x["events"]], []))
    d = copy.deepcopy(pd); d["events"][0]["versions"][0]["records"][0][
        "builds"][0]["first"] = "No-Such-Build"
    must_fail(d, "provider document naming an unknown build",
              lambda x: sum([event_refs(e, builds, x["shapes"])
                             for e in x["events"]], []))
    d = copy.deepcopy(pd); d["etwcat_provider"] = 1
    must_fail(d, "provider document version 1")
finally:
    subprocess.run(["rm", "-rf", tmp])
sys.exit(fail)
