#!/usr/bin/env python3
"""validate_merge.py: `etwcat merge` of validate reports written in
shards (etwcat.1, SAMPLE VALIDATION, Shards; docs/ci.md), and the JSON
report against docs/schemas/validate-report.schema.json.

  1. The shard recipe of docs/ci.md (the block marked
     `<!-- tested: shards -->`, run as written with etwcat on PATH)
     splits ../shared/samples in four and validates each quarter
     against the 17 TSV builds; the merge of the four reports equals
     one run over all of it, byte for byte, in every format (text, json,
     sarif, junit), with the same exit status; likewise with -W warning,
     with -q, with a baseline written by the single run (exit 0) and
     with a mutated capture appended (exit 1 in both, the same
     findings); a merge of merges equals the merge of all.
  2. Reports merge rejects: another tool, another format version, a
     report written with -q or a baseline, other builds, not JSON, a
     missing file (merge-invalid-report / io-read, exit 3), none with a
     capture file (merge-empty, exit 1); a rejected shard is named in
     the report and never passes for a clean run.
  3. Real reports (samples/, the single run, the shards, the merge)
     pass the JSON Schema (python3-jsonschema, draft 7), and documents
     broken on purpose fail it.

Environment (tests/meson.build): ETWCAT, SHARED, SRCDIR.
"""
import copy, json, os, re, shutil, subprocess, sys, tempfile

try:
    import jsonschema
except ImportError:
    print("FAIL: python3-jsonschema is needed (make deps-test)")
    sys.exit(1)

etwcat = os.path.abspath(os.environ.get("ETWCAT", "build/etwcat"))
shared = os.path.abspath(os.environ.get("SHARED", "../shared"))
srcdir = os.path.abspath(os.environ.get("SRCDIR", "."))
tsv = os.path.join(shared, "corpus/tsv/jdu2600")
fail = 0


def bad(msg):
    global fail
    print("FAIL: " + msg)
    fail = 1


def run(args, cwd=None, env=None):
    r = subprocess.run([etwcat] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=900, cwd=cwd, env=env)
    return r.returncode, r.stdout, r.stderr


def block(name):
    """The code block of docs/ci.md marked <!-- tested: name -->."""
    with open(os.path.join(srcdir, "docs/ci.md")) as f:
        text = f.read()
    m = re.search(r"<!-- tested: %s -->\n```\w*\n(.*?)```" % name, text,
                  re.S)
    if m is None:
        bad("docs/ci.md has no block marked tested: " + name)
        sys.exit(1)
    return m.group(1)


def read(path):
    with open(path, "rb") as f:
        return f.read()


tmp = tempfile.mkdtemp(prefix="etwcat-vmerge.")
try:
    # ../shared/samples is copied so that a capture can be appended.
    samples = os.path.join(tmp, "samples")
    shutil.copytree(os.path.join(shared, "samples"), samples)
    bindir = os.path.join(tmp, "bin")
    os.mkdir(bindir)
    os.symlink(etwcat, os.path.join(bindir, "etwcat"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"],
               SCHEMAS=tsv, SAMPLES=samples)

    def shards(work):
        """Run the recipe's shard commands in work; the shard paths."""
        os.makedirs(work)
        script = block("shards")
        # The recipe's own merge is checked below, format by format.
        script = "\n".join(l for l in script.splitlines()
                           if not l.startswith("etwcat merge"))
        r = subprocess.run(["sh", "-ec", script], cwd=work, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=900)
        if r.returncode != 0:
            bad("the shard recipe exited %d: %s" % (r.returncode,
                r.stderr.decode(errors="replace")[-500:]))
            sys.exit(1)
        d = os.path.join(work, "shards")
        out = sorted(os.path.join(d, n) for n in os.listdir(d)
                     if n.startswith("shard."))
        if len(out) != 4:
            bad("the shard recipe wrote %d reports, not 4" % len(out))
        return out

    every = ["text", "json", "sarif", "junit"]

    def compare(tag, vargs, margs, shard_paths, want_rc=None, fmts=every):
        """Single run vs merge, in fmts, as files (-o)."""
        for fmt in fmts:
            one = os.path.join(tmp, "one.%s.%s" % (tag, fmt))
            mer = os.path.join(tmp, "merged.%s.%s" % (tag, fmt))
            rc1, _, e1 = run(["validate", "--format", fmt, "-o", one] +
                             vargs + [tsv, samples])
            rc2, _, e2 = run(["merge", "--format", fmt, "-o", mer,
                              "--source", samples] + margs + shard_paths)
            if rc1 != rc2:
                bad("%s %s: validate exits %d, merge %d: %s" % (tag, fmt,
                    rc1, rc2, e2.decode(errors="replace")[-300:]))
            if want_rc is not None and rc2 != want_rc:
                bad("%s %s: merge exits %d, want %d" % (tag, fmt, rc2,
                                                        want_rc))
            if read(one) != read(mer):
                bad("%s %s: the merged report differs from one run's "
                    "(diff %s %s)" % (tag, fmt, one, mer))
            # Baseline lines on stderr name the command; else the same.
            if e1.replace(b"etwcat validate:", b"etwcat merge:") != e2:
                bad("%s %s: stderr differs: %r / %r" % (tag, fmt, e1[-200:],
                                                       e2[-200:]))

    # 1. The recipe's four shards against one run.
    sp = shards(os.path.join(tmp, "w1"))
    compare("plain", [], [], sp, want_rc=1)
    with open(os.path.join(tmp, "one.plain.json")) as f:
        one = json.load(f)
    n = sum(len(json.load(open(p))["files"]) for p in sp)
    if n != 300 or len(one["files"]) != 300:
        bad("the shards hold %d files, the single run %d, not 300" %
            (n, len(one["files"])))
    lint = [d for d in one["diagnostics"] if d["id"].startswith("lint-")]
    if len(lint) < 100:
        bad("only %d lint findings: the shards' shared part is not "
            "exercised" % len(lint))
    # The threshold decides JUnit's failures and SARIF's exit code; -q
    # what text and JSON list.
    compare("W", ["-W", "warning"], ["-W", "warning"], sp, want_rc=1,
            fmts=["junit", "sarif"])
    compare("q", ["-q"], ["-q"], sp, want_rc=1, fmts=["text", "json"])
    # -W taken from the shards when merge is given none.
    rc, _, _ = run(["merge", "--format", "json", "-o",
                    os.path.join(tmp, "w.json"), "--source", samples] + sp)
    if json.load(open(os.path.join(tmp, "w.json")))["threshold"] != "error":
        bad("merge without -W: threshold not the shards' error")

    # A baseline written by one run; merge applies it: exit 0.
    base = os.path.join(tmp, "base.txt")
    rc, _, _ = run(["validate", "--write-baseline", base, tsv, samples])
    if rc != 0:
        bad("--write-baseline exits %d" % rc)
    compare("baseline", ["--baseline", base], ["--baseline", base], sp,
            want_rc=0)
    # merge --write-baseline writes the same baseline.
    base2 = os.path.join(tmp, "base2.txt")
    rc, _, _ = run(["merge", "--write-baseline", base2, "--source",
                    samples] + sp)
    if rc != 0 or read(base) != read(base2):
        bad("merge --write-baseline (exit %d) differs from validate's" % rc)

    # A merge of merges is the merge of all.
    half = []
    for i, part in enumerate([sp[:2], sp[2:]]):
        p = os.path.join(tmp, "half%d.json" % i)
        run(["merge", "--format", "json", "-o", p, "--source", samples] +
            part)
        half.append(p)
    rc, _, _ = run(["merge", "--format", "json", "-o",
                    os.path.join(tmp, "mm.json"), "--source", samples] + half)
    if read(os.path.join(tmp, "mm.json")) != read(
            os.path.join(tmp, "one.plain.json")):
        bad("a merge of two merges differs from one run")

    # A mutated capture appended: exit 1 in both, the same findings.
    src = os.path.join(samples, "omerbenamram-evtx", "post-Security.jsonl")
    mut = os.path.join(samples, "omerbenamram-evtx", "zz-mutated.jsonl")
    with open(src) as f, open(mut, "w") as g:
        for i, line in zip(range(3), f):
            g.write(line.replace('"SubjectUserName"', '"SubjectUserNam"'))
    sp2 = shards(os.path.join(tmp, "w2"))
    compare("mutated", ["--baseline", base], ["--baseline", base], sp2,
            want_rc=1, fmts=["text", "junit"])
    txt = read(os.path.join(tmp, "merged.mutated.text")).decode()
    found = [l for l in txt.splitlines()
             if re.match(r"^[^ ].*:\d+:\d+: (error|warning|note):", l)]
    if not found or any("zz-mutated.jsonl:" not in l for l in found):
        bad("mutated capture: %d findings, not all in zz-mutated.jsonl" %
            len(found))
    os.unlink(mut)

    # 2. Reports merge rejects.
    good = json.load(open(sp[0]))

    def rejected(name, doc, why, raw=None):
        p = os.path.join(tmp, name + ".json")
        with open(p, "w") as f:
            f.write(raw if raw is not None else json.dumps(doc))
        out = os.path.join(tmp, name + ".out.json")
        rc, _, err = run(["merge", "--format", "json", "-o", out] + sp[1:] +
                         [p])
        if rc != 3:
            bad("%s: merge exits %d, not 3" % (name, rc))
        if not re.search(r"merge-invalid-report|io-read", err.decode()) or \
                why not in err.decode():
            bad("%s: stderr does not say '%s': %s" % (name, why,
                err.decode(errors="replace")[-300:]))
        rep = json.load(open(out))
        if not any(d["file"] == p and d["severity"] == "error" and
                   d["id"] in ("merge-invalid-report", "io-read")
                   for d in rep["diagnostics"]):
            bad("%s: the report does not name the rejected shard" % name)
        if rep["exit_status"] != 3:
            bad("%s: the report's exit_status is %d" % (name,
                                                         rep["exit_status"]))

    d = copy.deepcopy(good); d["tool"] = "othertool"
    rejected("tool", d, "not written by etwcat")
    d = copy.deepcopy(good); d["format_version"] = 2
    rejected("version", d, "format version 2")
    d = copy.deepcopy(good); del d["format_version"]
    rejected("noversion", d, "format version")
    d = copy.deepcopy(good); d["format"] = "etwcat-drift-report"
    rejected("format", d, "not an etwcat validate")
    d = copy.deepcopy(good); d["quiet"] = True
    rejected("quiet", d, "written with -q")
    d = copy.deepcopy(good); d["filtered"] = 5
    rejected("filtered", d, "--baseline, --ignore or --provider")
    d = copy.deepcopy(good); d["builds"] = d["builds"][1:]
    rejected("builds", d, "its builds are not those of")
    d = copy.deepcopy(good); d["diagnostics"][0]["id"] = "no-such-id"
    rejected("badid", d, "unknown to etwcat")
    rejected("notjson", None, "not JSON", raw=json.dumps(good)[:5000])
    rc, _, err = run(["merge", "-o", os.path.join(tmp, "x.txt"), sp[0],
                      os.path.join(tmp, "absent.json")])
    if rc != 3 or b"io-read" not in err:
        bad("a missing shard: exit %d: %s" % (rc, err[-200:]))
    # Reports with no capture file: merge-empty, not a clean run.
    empty = run(["validate", "--format", "json", tsv])[1]
    p = os.path.join(tmp, "empty.json")
    with open(p, "wb") as f:
        f.write(empty)
    rc, _, err = run(["merge", "-W", "error", p])
    if rc != 1 or b"[merge-empty]" not in err:
        bad("a merge of no capture file: exit %d: %s" % (rc, err[-200:]))
    rc, _, _ = run(["merge"])
    if rc != 2:
        bad("merge with no REPORT exits %d, not 2" % rc)

    # 3. The JSON Schema, against real reports.
    with open(os.path.join(srcdir,
                           "docs/schemas/validate-report.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    rc, out, _ = run(["validate", "--format", "json", "samples"],
                     cwd=srcdir)
    docs = {"samples/": json.loads(out),
            "the single run": one,
            "a shard": good,
            "the merge": json.load(open(os.path.join(tmp,
                                                     "merged.plain.json"))),
            "a rejecting merge": json.load(open(os.path.join(
                tmp, "tool.out.json")))}
    for name, doc in docs.items():
        errs = sorted(validator.iter_errors(doc), key=str)
        if errs:
            bad("%s: %d schema errors, first: %s at %s" % (name, len(errs),
                errs[0].message, list(errs[0].absolute_path)))
    broken = []
    d = copy.deepcopy(good); del d["summary"]["by_id"]; broken.append(d)
    d = copy.deepcopy(good); d["format_version"] = "1"; broken.append(d)
    d = copy.deepcopy(good); d["diagnostics"][0]["severity"] = "fatal"
    broken.append(d)
    d = copy.deepcopy(good); d["files"][0]["samples"] = -1; broken.append(d)
    d = copy.deepcopy(good); d["tool"] = "other"; broken.append(d)
    for i, d in enumerate(broken):
        if validator.is_valid(d):
            bad("broken document %d passes the schema" % i)
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("validate_merge: %s" % ("FAIL" if fail else "ok"))
sys.exit(fail)
