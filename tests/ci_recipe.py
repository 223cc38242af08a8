#!/usr/bin/env python3
"""ci_recipe.py: the CI recipe of docs/ci.md, run as written on a copy
of samples/ (the commands, not the CI service), so that it cannot rot.

  1. The block marked `<!-- tested: adopt -->` writes both baselines.
  2. The GitHub Actions workflow (`<!-- tested: github -->`): each
     step's `run:` script is run with bash -e, as Actions runs it, in
     the workflow's env with GITHUB_STEP_SUMMARY set, ./build/etwcat
     being the binary under test.  The steps that need the service or
     root (checkout, the SARIF upload, apt-get) are not run; the build
     step's commands must be the ones README.md gives, and the upload
     must name the file the validate step writes.  Every step passes;
     validate.sarif is SARIF with no result (the baseline took every
     finding); the job summary holds the drift markdown.
  3. The GitLab job (`<!-- tested: gitlab -->`): its script lines, run
     in one bash -e shell as GitLab runs them, with its variables; it
     passes and writes validate.xml and drift.md, the artifacts it
     names.
  4. The recipe can fail: a mutated capture added to the copy makes the
     validate step of each exit 1.

Environment (tests/meson.build): ETWCAT, SRCDIR.
"""
import json, os, re, shutil, subprocess, sys, tempfile

etwcat = os.path.abspath(os.environ.get("ETWCAT", "build/etwcat"))
srcdir = os.path.abspath(os.environ.get("SRCDIR", "."))
fail = 0


def bad(msg):
    global fail
    print("FAIL: " + msg)
    fail = 1


with open(os.path.join(srcdir, "docs/ci.md")) as f:
    page = f.read()


def block(name):
    m = re.search(r"<!-- tested: %s -->\n```\w*\n(.*?)```" % name, page,
                  re.S)
    if m is None:
        bad("docs/ci.md has no block marked tested: " + name)
        sys.exit(1)
    return m.group(1)


def indent(line):
    return len(line) - len(line.lstrip(" "))


def mapping(lines, key):
    """KEY: VALUE lines of the mapping under `key:` (no nesting)."""
    out, inside, depth = {}, False, 0
    for l in lines:
        if re.match(r"^\s*%s:\s*$" % key, l):
            inside, depth = True, indent(l)
            continue
        if inside:
            if l.strip() == "" or indent(l) <= depth:
                break
            k, _, v = l.strip().partition(":")
            out[k.strip()] = v.strip()
    return out


def gh_steps(text):
    """The steps of the workflow: dicts with name, uses, run, with."""
    lines = text.splitlines()
    steps, cur, i = [], None, 0
    while i < len(lines):
        l = lines[i]
        m = re.match(r"^(\s*)- (\w[\w-]*):\s*(.*)$", l)
        if m and m.group(2) in ("uses", "name"):
            cur = {m.group(2): m.group(3), "depth": len(m.group(1)) + 2}
            steps.append(cur)
        elif cur is not None:
            m = re.match(r"^(\s*)(\w[\w-]*):\s*(.*)$", l)
            if m and len(m.group(1)) == cur["depth"]:
                if m.group(3) == "|":
                    body, j = [], i + 1
                    while j < len(lines) and (lines[j].strip() == "" or
                                              indent(lines[j]) >
                                              cur["depth"]):
                        body.append(lines[j].strip())
                        j += 1
                    cur[m.group(2)] = "\n".join(body) + "\n"
                    i = j
                    continue
                cur[m.group(2)] = m.group(3)
        i += 1
    return steps


def gl_list(lines, key):
    """The `- item` lines of the list under `key:`."""
    out, inside, depth = [], False, 0
    for l in lines:
        if re.match(r"^\s*%s:\s*$" % key, l):
            inside, depth = True, indent(l)
            continue
        if inside:
            if indent(l) <= depth:
                break
            out.append(l.strip()[2:])
    return out


try:
    import yaml
except ImportError:
    yaml = None
for name in ("github", "gitlab"):
    if yaml is not None:
        try:
            yaml.safe_load(block(name))
        except yaml.YAMLError as e:
            bad("%s: not YAML: %s" % (name, e))

tmp = tempfile.mkdtemp(prefix="etwcat-ci.")
try:
    work = os.path.join(tmp, "repo")
    os.makedirs(os.path.join(work, "build"))
    shutil.copytree(os.path.join(srcdir, "samples"),
                    os.path.join(work, "samples"))
    os.symlink(etwcat, os.path.join(work, "build", "etwcat"))

    gh = block("github")
    ghenv = mapping(gh.splitlines(), "env")
    if ghenv.get("SOURCES") != "samples":
        bad("the workflow's SOURCES is %r, not samples" %
            ghenv.get("SOURCES"))
    env = dict(os.environ, **ghenv)

    def sh(script, name, shell=("bash", "-e", "-c")):
        r = subprocess.run(list(shell) + [script], cwd=work, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=900)
        return r.returncode, r.stderr.decode(errors="replace")

    # 1. Adopting: both baselines.
    rc, err = sh(block("adopt"), "adopt", shell=("sh", "-e", "-c"))
    if rc != 0:
        bad("adopt block exits %d: %s" % (rc, err[-300:]))
    for p in ("ci/validate-baseline.txt", "ci/drift-baseline.txt"):
        if not os.path.exists(os.path.join(work, p)):
            bad("adopt block wrote no " + p)

    # 2. GitHub Actions.
    summary = os.path.join(tmp, "summary.md")
    env["GITHUB_STEP_SUMMARY"] = summary
    open(summary, "w").close()
    steps = gh_steps(gh)
    names = [s.get("name", s.get("uses")) for s in steps]
    for want in ("Build etwcat", "Validate captures", "Upload SARIF",
                 "Schema drift"):
        if want not in names:
            bad("the workflow has no step %r: %s" % (want, names))

    def gh_run(tag):
        rcs = {}
        for s in steps:
            if "run" not in s:
                continue
            n = s.get("name", "")
            if n == "Build etwcat":
                if s["run"] != "meson setup build\nninja -C build\n":
                    bad("the build step is not README's: %r" % s["run"])
                continue
            if "apt-get" in s["run"]:
                continue
            rcs[n], err = sh(s["run"], n)
            if rcs[n] not in (0, 1):
                bad("%s: step %s exits %d: %s" % (tag, n, rcs[n],
                                                  err[-300:]))
        return rcs

    rcs = gh_run("github")
    if any(rcs.values()):
        bad("github: a step failed: %s" % rcs)
    up = [s for s in steps if s.get("name") == "Upload SARIF"]
    if up and not re.search(r"sarif_file:\s*validate\.sarif", gh):
        bad("the upload does not name validate.sarif")
    try:
        with open(os.path.join(work, "validate.sarif")) as f:
            sarif = json.load(f)
        if sarif.get("version") != "2.1.0" or \
                sarif["runs"][0]["results"] != []:
            bad("validate.sarif: not SARIF 2.1.0 with no result")
    except (OSError, ValueError, KeyError, IndexError) as e:
        bad("validate.sarif: %s" % e)
    with open(summary) as f:
        md = f.read()
    if not md.strip() or not md.lstrip().startswith("#"):
        bad("the job summary holds no drift markdown: %r" % md[:200])

    # 3. GitLab.
    gl = block("gitlab").splitlines()
    glvars = mapping(gl, "variables")
    if glvars != ghenv:
        bad("GitLab's variables %s are not the workflow's %s" % (glvars,
                                                               ghenv))
    before = gl_list(gl, "before_script")
    if [c for c in before if "apt-get" not in c] != \
            ["meson setup build", "ninja -C build"]:
        bad("GitLab's build is not README's: %s" % before)
    script = "\n".join(gl_list(gl, "script")) + "\n"
    for p in ("validate.xml", "drift.md"):
        if os.path.exists(os.path.join(work, p)):
            os.unlink(os.path.join(work, p))
    rc, err = sh(script, "gitlab")
    if rc != 0:
        bad("gitlab script exits %d: %s" % (rc, err[-300:]))
    arts = gl_list(gl, "paths")
    for p in arts:
        if not os.path.exists(os.path.join(work, p)):
            bad("gitlab: artifact %s not written" % p)
    if not re.search(r"junit:\s*validate\.xml", "\n".join(gl)):
        bad("gitlab: the JUnit report is not validate.xml")

    # 4. A new finding fails both.
    src = os.path.join(work, "samples/builds/WS2022-20348.4893/samples/"
                       "Microsoft-Windows-SMBServer.json")
    with open(src) as f:
        text = f.read()
    mutated = text.replace('"SessionGUID"', '"SessionGuId"', 1)
    if mutated == text:
        bad("the mutation changed nothing in " + src)
    with open(src, "w") as f:
        f.write(mutated)
    rcs = gh_run("github, mutated")
    if rcs.get("Validate captures") != 1:
        bad("github, mutated: validate step exits %s, not 1" %
            rcs.get("Validate captures"))
    rc, err = sh(script, "gitlab")
    if rc != 1:
        bad("gitlab, mutated: script exits %d, not 1" % rc)
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("ci_recipe: %s" % ("FAIL" if fail else "ok"))
sys.exit(fail)
