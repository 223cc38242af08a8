#!/usr/bin/env python3
"""sarif_reports.py: the full SARIF reports as GitHub code scanning
takes them (etwcat.1, --srcroot, --max-results).

- validate over ../shared/corpus/tsv/jdu2600 and ../shared/samples, and
  drift over the 17 TSV builds, run from the repository root (both
  SOURCEs outside the srcroot): valid against the OASIS SARIF 2.1.0
  schema (tests/sarif-schema-2.1.0.json); no "../", no "file:" and no
  absolute path anywhere in the document; every artifact URI relative,
  under a base id the run declares without an absolute URI, and naming
  a file that exists there; every result's rule listed with a helpUri
  whose anchor is an ".It Sy ID" entry of etwcat.1; a fingerprint on
  every result.
- --srcroot ../shared: every URI under %SRCROOT%; the drift report is
  the same byte for byte from another working folder with absolute
  paths.
- --max-results: the kept results are all the errors, then the first
  warnings in report order (validate), or errors, warnings and the
  first notes (drift), exactly; the run's properties count what was
  left out per level, and standard error says so.
"""
import json, os, re, shutil, subprocess, sys, tempfile
import urllib.parse

shared = os.environ.get("SHARED", "../shared")
etwcat = os.path.abspath(os.environ.get("ETWCAT", "build/etwcat"))
srcdir = os.environ.get("SRCDIR", ".")
tsv = os.path.join(shared, "corpus/tsv/jdu2600")
samples = os.path.join(shared, "samples")
manpage = "https://etwcat.invalid/etwcat.1.html"
fails = 0

try:
    import jsonschema
except ImportError:
    print("FAIL: python3-jsonschema is needed to check SARIF (make deps)")
    sys.exit(1)

schema = json.load(open(os.path.join(srcdir, "tests/sarif-schema-2.1.0.json")))
# The anchors of etwcat.1 as HTML: mandoc's own when it is installed,
# else the first word of each ".It Sy" head (what mandoc tags first; a
# later word of a head is tagged only when nothing else claims it).
man = os.path.join(srcdir, "etwcat.1")
if shutil.which("mandoc"):
    html = subprocess.run(["mandoc", "-T", "html", man], capture_output=True,
                          timeout=60).stdout.decode()
    tagged = set(re.findall(r' id="([a-z0-9-]+)"', html))
else:
    tagged = set(re.findall(r"^\.It Sy ([a-z0-9-]+)", open(man).read(), re.M))


def check(cond, msg):
    global fails
    print(("ok: " if cond else "FAIL: ") + msg)
    fails += 0 if cond else 1


def run(args, cwd=None):
    p = subprocess.run([etwcat] + args, cwd=cwd, capture_output=True,
                       timeout=600)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def schema_errors(doc):
    cls = jsonschema.Draft7Validator
    fc = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.draft7_format_checker
    errs = list(cls(schema, format_checker=fc).iter_errors(doc))
    for e in errs[:5]:
        print("  %s at %s" % (e.message[:200], "/".join(map(str, e.path))))
    return len(errs)


def artifacts(run_):
    """Every artifactLocation of the results."""
    for r in run_["results"]:
        for loc in r.get("locations", []) + r.get("relatedLocations", []):
            pl = loc.get("physicalLocation")
            if pl and "artifactLocation" in pl:
                yield pl["artifactLocation"]


def portable(name, text, bases):
    """No "../", no absolute path or URI; URIs resolve under bases."""
    doc = json.loads(text)
    run_ = doc["runs"][0]
    check(schema_errors(doc) == 0, name + ": valid SARIF 2.1.0 (OASIS schema)")
    check("../" not in text, name + ": no '../' anywhere")
    check("file:/" not in text, name + ": no file: URI anywhere")
    for p in (os.path.abspath(shared), os.getcwd()):
        check(p not in text, name + ": no absolute path (%s)" % p)
    ids = run_.get("originalUriBaseIds", {})
    check(all("uri" not in v and "description" in v for v in ids.values()),
          name + ": base ids declared with a description, no absolute URI")
    locs = list(artifacts(run_))
    bad = [a for a in locs if a["uri"].startswith("/") or
           re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", a["uri"]) or
           a.get("uriBaseId") not in ids]
    check(locs and not bad, name + ": %d artifact URIs relative, each under "
          "a declared base id (%d not)" % (len(locs), len(bad)))
    seen = {(a["uriBaseId"], a["uri"]) for a in locs}
    missing = [s for s in seen if s[0] not in bases or not os.path.exists(
        os.path.join(bases[s[0]], urllib.parse.unquote(s[1])))]
    check(not missing, name + ": %d distinct URIs name existing files under "
          "their base (%s)" % (len(seen), missing[:3]))
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    check(run_["tool"]["driver"].get("informationUri", "").startswith(
        "https://"), name + ": the driver has an informationUri")
    used = {r["ruleId"] for r in run_["results"]}
    nohelp = [i for i in used if i not in rules or
              rules[i].get("helpUri") != manpage + "#" + i]
    check(not nohelp, name + ": every ruleId (%d) has a rule with its "
          "helpUri (%s)" % (len(used), nohelp[:3]))
    untagged = [i for i in rules if i not in tagged]
    check(not untagged, name + ": each helpUri anchor is an '.It Sy ID' of "
          "etwcat.1 (%s)" % untagged[:3])
    nofp = [r for r in run_["results"]
            if "etwcatFinding/v1" not in r.get("partialFingerprints", {})]
    check(not nofp, name + ": a partial fingerprint on every result")
    return run_


def levels(results):
    n = {"error": 0, "warning": 0, "note": 0}
    for r in results:
        n[r["level"]] += 1
    return n


def capped(name, full, cmd, maxres):
    """cmd with --max-results maxres against the full run's results."""
    rc, out, err = run(cmd + ["--max-results", str(maxres)])
    run_ = json.loads(out)["runs"][0]
    n = levels(full)
    keep, room = {}, maxres
    for lv in ("error", "warning", "note"):
        keep[lv] = min(n[lv], room)
        room -= keep[lv]
    seen = {"error": 0, "warning": 0, "note": 0}
    want = []
    for r in full:
        seen[r["level"]] += 1
        if seen[r["level"]] <= keep[r["level"]]:
            want.append(r)
    check(run_["results"] == want, name + ": %d of %d results kept, the most "
          "severe, in report order %s" % (len(run_["results"]), len(full),
                                          keep))
    out_ = {lv: n[lv] - keep[lv] for lv in n}
    props = run_["properties"]
    check(props["maxResults"] == maxres and props["resultsLeftOut"] == dict(
        out_, total=sum(out_.values())), name + ": the run's properties count "
          "what was left out: %s" % props["resultsLeftOut"])
    check("%d of %d results left out past --max-results %d" % (
        sum(out_.values()), len(full), maxres) in err,
          name + ": standard error says how many were left out")
    return run_


# validate: the 17 TSV builds and the shared samples.
rc, vtext, err = run(["validate", "--format", "sarif", tsv, samples])
check(rc == 1, "validate exits 1 (it has errors): %d" % rc)
vrun = portable("validate", vtext, {"SOURCE1": tsv, "SOURCE2": samples})
vres = vrun["results"]
vn = levels(vres)
print("validate: %d results %s" % (len(vres), vn))
check(vrun["properties"]["maxResults"] == 25000 and
      vrun["properties"]["resultsLeftOut"]["total"] == 0,
      "validate: the default cap is 25,000 and nothing was left out")
summary = vrun["properties"]["summary"]
check(sum(summary["by_severity"].values()) == len(vres),
      "validate: one result per diagnostic (%s)" % summary["by_severity"])
check(vrun["automationDetails"]["id"] == "etwcat/validate/",
      "validate: its own code scanning category")

# drift over the 17 TSV builds.
rc, dtext, err = run(["drift", "--format", "sarif", tsv])
drun = portable("drift", dtext, {"SOURCE1": tsv})
dres = drun["results"]
print("drift: %d results %s" % (len(dres), levels(dres)))
fps = [r["partialFingerprints"]["etwcatFinding/v1"] for r in dres]
check(len(set(fps)) == len(fps), "drift: %d fingerprints, all distinct" %
      len(fps))
check(drun["automationDetails"]["id"] == "etwcat/drift/",
      "drift: its own code scanning category")

# --srcroot: everything under %SRCROOT%, whatever the working folder.
rc, text, err = run(["drift", "--format", "sarif", "--srcroot", shared, tsv])
rrun = portable("drift --srcroot", text, {"%SRCROOT%": shared})
check(all(a["uriBaseId"] == "%SRCROOT%" and
          a["uri"].startswith("corpus/tsv/jdu2600/") for a in artifacts(rrun)),
      "drift --srcroot: every URI under %SRCROOT%, from corpus/tsv/jdu2600/")
check(list(rrun["originalUriBaseIds"]) == ["%SRCROOT%"],
      "drift --srcroot: %SRCROOT% the only base id")
with tempfile.TemporaryDirectory() as tmp:
    rc, text2, err = run(["drift", "--format", "sarif", "--srcroot",
                          os.path.abspath(shared), os.path.abspath(tsv)],
                         cwd=tmp)
check(text2 == text, "drift --srcroot: the same report from another working "
      "folder with absolute paths")
rc, text, err = run(["validate", "--format", "sarif", "--srcroot", shared,
                     tsv, samples])
srun = json.loads(text)["runs"][0]
check(all(a["uriBaseId"] == "%SRCROOT%" for a in artifacts(srun)) and
      len(srun["results"]) == len(vres), "validate --srcroot: every URI "
      "under %SRCROOT%, the same results")

# A SOURCE that is a file outside the srcroot: its own folder is the base.
one = os.path.join(samples, "near-seed-providers.jsonl")
rc, text, err = run(["validate", "--format", "sarif", "-b",
                     "Win10-1803-17134", one])
frun = portable("validate of a file SOURCE", text,
                {"SOURCE1": os.path.dirname(one)})
check({(a["uriBaseId"], a["uri"]) for a in artifacts(frun)} ==
      {("SOURCE1", "near-seed-providers.jsonl")},
      "validate of a file SOURCE: the file's name under SOURCE1")

# The cap: into the warnings (validate), into the notes (drift).
capped("validate --max-results", vres, ["validate", "--format", "sarif",
       tsv, samples], vn["error"] + vn["warning"] // 2)
dn = levels(dres)
crun = capped("drift --max-results", dres, ["drift", "--format", "sarif",
              tsv], dn["error"] + dn["warning"] + 100)
check(schema_errors(json.loads(json.dumps({"version": "2.1.0", "runs": [crun],
      "$schema": "https://json.schemastore.org/sarif-2.1.0.json"}))) == 0,
      "drift --max-results: still valid SARIF")
rc, text, err = run(["drift", "--format", "sarif", "--max-results", "0", tsv])
check(json.loads(text)["runs"][0]["results"] == dres,
      "drift --max-results 0: no cap")
rc, out, err = run(["drift", "--format", "sarif", "--max-results", "-1", tsv])
check(rc == 2 and "--max-results takes a number" in err,
      "--max-results -1 is a usage error")
rc, out, err = run(["drift", "--srcroot", "/nonexistent", tsv])
check(rc == 2 and "--srcroot /nonexistent" in err,
      "--srcroot of no folder is a usage error")

print("%d failed" % fails)
sys.exit(1 if fails else 0)
