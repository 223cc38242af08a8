#!/usr/bin/env python3
"""colour.py: severity words are coloured on a terminal and nowhere
else (etwcat.1, --color, ENVIRONMENT NO_COLOR; catalog/colour.c).

Each run's standard output and standard error are a pseudo-terminal
(the pty module) or a pipe:

  1. validate's text report on a terminal (stderr): "error" in bold
     red, "warning" magenta, "note" cyan, in the diagnostics and the
     summary's id table; the rest of each line as without colour;
  2. none with NO_COLOR=1, with TERM=dumb, with --color=never, or on a
     pipe; colour again with NO_COLOR empty (no-color.org: only a
     non-empty value counts), and on a pipe with --color=always;
  3. never in a -o FILE, even with --color=always;
  4. drift's text report on a terminal (stdout): "breaking" red;
  5. build on a terminal: its findings coloured, and the replay of an
     unchanged rebuild (render/site/rerun.c) too, while the run record
     keeps them plain: the same rebuild on a pipe has none.

Environment (tests/meson.build): ETWCAT, SRCDIR.
"""
import os, pty, re, shutil, subprocess, sys, tempfile, threading

etwcat = os.environ.get("ETWCAT", "build/etwcat")
srcdir = os.environ.get("SRCDIR", ".")
build = os.path.join(srcdir, "samples/builds/Win11-26200.6584")
fail = 0
SGR = {"error": "\033[1;31m", "breaking": "\033[1;31m",
       "warning": "\033[1;35m", "note": "\033[1;36m"}


def bad(msg):
    global fail
    print("FAIL: " + msg)
    fail = 1


def run(args, tty=("stdout", "stderr"), env=None):
    """etwcat ARGS; returns (status, stdout, stderr) as text, each
    stream a pseudo-terminal if named in tty, else a pipe."""
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e["TERM"] = "xterm"
    e.update(env or {})
    fds, masters, out = {}, {}, {}
    for name in ("stdout", "stderr"):
        if name in tty:
            m, s = pty.openpty()
            masters[name], fds[name] = m, s
        else:
            fds[name] = subprocess.PIPE
    p = subprocess.Popen([etwcat] + args, stdout=fds["stdout"],
                         stderr=fds["stderr"], stdin=subprocess.DEVNULL,
                         env=e)

    def drain(name, fd):
        chunks = []
        while True:
            try:
                b = os.read(fd, 65536)
            except OSError:		# EIO: the terminal's last writer left
                break
            if not b:
                break
            chunks.append(b)
        out[name] = b"".join(chunks)

    threads = []
    for name in ("stdout", "stderr"):
        if name in masters:
            os.close(fds[name])
            t = threading.Thread(target=drain, args=(name,
                                                     masters[name]))
        else:
            t = threading.Thread(target=lambda n=name: out.__setitem__(
                n, getattr(p, n).read()))
        t.start()
        threads.append(t)
    try:
        rc = p.wait(timeout=300)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    for t in threads:
        t.join(timeout=60)
    for m in masters.values():
        os.close(m)
    return (rc, out.get("stdout", b"").decode(errors="replace"),
            out.get("stderr", b"").decode(errors="replace"))


def plain(s):
    return re.sub(r"\033\[[0-9;]*m", "", s).replace("\r\n", "\n")


def coloured(s, words, what):
    for w in words:
        if SGR[w] + w + "\033[m" not in s:
            bad("%s: no coloured %r" % (what, w))


def uncoloured(s, what):
    if "\033" in s:
        bad("%s: an escape sequence: %r" % (what, s[s.index("\033"):][:40]))


tmp = tempfile.mkdtemp(prefix="colour.")
try:
    # 1.
    rc, _, err = run(["validate", build])
    ref = subprocess.run([etwcat, "validate", build], capture_output=True,
                         text=True, timeout=300).stderr
    coloured(err, ["error", "warning", "note"], "validate on a terminal")
    if "  sample-missing-field" not in err or \
            re.search(r"sample-missing-field +[0-9]+ \033\[1;31merror", err) \
            is None:
        bad("validate on a terminal: the id table's severity not coloured")
    if plain(err) != ref:
        bad("validate on a terminal: not the piped report once the "
            "colour is taken out")
    # 2.
    for what, args, env, tty in [
            ("NO_COLOR=1", [], {"NO_COLOR": "1"}, ("stderr",)),
            ("TERM=dumb", [], {"TERM": "dumb"}, ("stderr",)),
            ("--color=never", ["--color=never"], {}, ("stderr",)),
            ("a pipe", [], {}, ())]:
        rc, _, err = run(["validate"] + args + [build], tty=tty, env=env)
        uncoloured(err, "validate with " + what)
        if "error:" not in err:
            bad("validate with %s: no report" % what)
    rc, _, err = run(["validate", build], tty=("stderr",),
                     env={"NO_COLOR": ""})
    coloured(err, ["error"], "validate with NO_COLOR empty")
    rc, _, err = run(["validate", "--color=always", build], tty=())
    coloured(err, ["error", "warning"], "validate --color=always on a pipe")
    rc, _, err = run(["validate", "--color", "-q", build], tty=())
    coloured(err, ["error"], "validate --color on a pipe")
    rc, _, err = run(["validate", "--color=sometimes", build], tty=())
    if rc != 2 or "--color takes auto, always or never" not in err:
        bad("--color=sometimes: exit %d, %r" % (rc, err[:200]))
    # 3.
    out = os.path.join(tmp, "report.txt")
    run(["validate", "--color=always", "-o", out, build])
    with open(out) as f:
        uncoloured(f.read(), "validate -o FILE --color=always")
    # 4.
    rc, out, _ = run(["drift", "-q", os.path.join(srcdir, "samples")])
    coloured(out, ["breaking", "warning"], "drift on a terminal")
    rc, out, _ = run(["drift", "-q", os.path.join(srcdir, "samples")],
                     tty=())
    uncoloured(out, "drift on a pipe")
    # 5.
    site = os.path.join(tmp, "site")
    rc1, _, err1 = run(["build", "-q", "-o", site, build])
    coloured(err1, ["error"], "build on a terminal")
    # Without -q (not in the run's key): the replay says it is one.
    rc2, _, err2 = run(["build", "-o", site, build])
    if "nothing changed since the last build" not in err2:
        bad("rebuild: not a replay")
    coloured(err2, ["error", "warning", "note"],
             "rebuild's replay on a terminal")
    if rc1 != 1 or rc2 != 1:
        bad("build and rebuild exited %d and %d, wanted 1" % (rc1, rc2))
    rc3, _, err3 = run(["build", "-o", site, build], tty=())
    uncoloured(err3, "rebuild's replay on a pipe (the run record)")
    if plain(err2).replace("\n", "") != err3.replace("\n", ""):
        bad("rebuild's replay differs on a terminal and a pipe")
    print("ok: colour on a terminal, none with NO_COLOR, TERM=dumb, "
          "--color=never, a pipe or -o FILE")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(fail)
