#!/usr/bin/env python3
"""drift_markdown.py: the markdown drift report as a pull-request
comment (etwcat.1, DRIFT), on the 17 jdu2600 TSV builds of ../shared
and rendered by cmark-gfm with its table extension (Debian cmark-gfm,
GitHub's own renderer):

- Win11-24H2-26100 -> Win11-25H2-26200 with the default cap: at most
  65,000 bytes (so characters), the first section is the breaking one,
  every table renders with the rows the report means (one per finding,
  the same findings in the same order as the JSON report), and the
  "N more findings in the full report" count is the JSON report's
  count less the rows shown;
- small caps (--max-bytes 1024, 5000, 20000): under the cap, cut after
  a whole row, valid UTF-8, the same count checks;
- "No drift" for a build against itself and for two identical copies
  of a build, exit 0; a baseline that accepts everything says so;
- inputs crafted with markdown and HTML metacharacters in provider,
  field and build names render as the same text, in the right cells,
  and inject no element (cmark-gfm --unsafe, so raw HTML would pass);
- --max-bytes with another format, or below 1024, is a usage error.
"""
import html.parser, json, os, re, shutil, subprocess, sys, tempfile

shared = os.environ.get("SHARED", "../shared")
etwcat = os.environ.get("ETWCAT", "build/etwcat")
corpus = os.path.join(shared, "corpus/tsv/jdu2600")
A, B = "Win11-24H2-26100", "Win11-25H2-26200"
fails = 0

if shutil.which("cmark-gfm") is None:
    print("FAIL: cmark-gfm is needed (make deps-test)")
    sys.exit(1)


def check(cond, msg):
    global fails
    print(("ok: " if cond else "FAIL: ") + msg)
    fails += 0 if cond else 1


def drift(*args):
    p = subprocess.run([etwcat, "drift", "-q"] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=600)
    return p.returncode, p.stdout


class Tables(html.parser.HTMLParser):
    """Every table as a list of rows, a row a list of cell texts; the
    headings in order; every start tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.headings, self.tags = [], [], []
        self.cell = self.head = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ""
        elif re.fullmatch(r"h[1-6]", tag):
            self.head = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self.cell)
            self.cell = None
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append((tag, self.head))
            self.head = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.head is not None:
            self.head += data


def render(md, unsafe=False):
    args = ["cmark-gfm", "-e", "table"] + (["--unsafe"] if unsafe else [])
    p = subprocess.run(args, input=md, stdout=subprocess.PIPE, check=True,
                       timeout=120)
    t = Tables()
    t.feed(p.stdout.decode("utf-8"))
    return t


def cell_of(f):
    """A JSON finding as its markdown row's cells, as rendered."""
    if f["before"] is not None and f["after"] is not None:
        change = "%s \u2192 %s" % (f["before"], f["after"])
    elif f["after"] is not None:
        change = "+ " + f["after"]
    elif f["before"] is not None:
        change = "- " + f["before"]
    else:
        change = ""
    ev = "" if f["event_id"] is None else "%d v%d" % (f["event_id"],
                                                      f["version"])
    loc = (f["file"] or "") + (":%d" % f["line"] if f["line"] else "")
    return [f["provider"], ev, f["id"], f["field"] or "", change, loc]


SEV = ["breaking", "warning", "note"]
HEAD = ["provider", "event", "class", "field", "change", "file:line"]


def finding_rows(t):
    """The finding tables' rows, in order, without their header rows."""
    rows = []
    for tab in t.tables:
        if tab and tab[0] == HEAD:
            rows.extend(tab[1:])
    return rows


def trailer(md):
    m = re.search(rb"\*\*(\d+) more findings? in the full report\*\* "
                  rb"\((\d+) breaking, (\d+) warnings?, (\d+) notes?;", md)
    return [int(x) for x in m.groups()] if m else None


def check_report(md, js, cap, name):
    """md is the capped report of the findings of js (the JSON report);
    check size, cut, order, tables and the count left out."""
    found = [f for f in js["findings"] if not f["accepted"]]
    check(len(md) <= cap, "%s: %d bytes <= %d" % (name, len(md), cap))
    try:
        text = md.decode("utf-8")
        check(len(text) <= cap, "%s: %d characters" % (name, len(text)))
    except UnicodeDecodeError as e:
        check(False, "%s: not UTF-8: %s" % (name, e))
    check(md.endswith(b"\n"), "%s: ends with a whole line" % name)
    t = render(md)
    rows = finding_rows(t)
    # Every row has the header's six cells: nothing broke a row.
    bad = [r for r in rows if len(r) != 6]
    check(not bad, "%s: every finding row has 6 cells (%d do not)" %
          (name, len(bad)))
    # The findings, most severe first, each in JSON order.
    order = sorted(found, key=lambda f: SEV.index(f["severity"]))
    want = [cell_of(f) for f in order[:len(rows)]]
    check(rows == want, "%s: %d rows are the first %d findings, "
          "breaking first" % (name, len(rows), len(rows)))
    tr = trailer(md)
    if len(rows) < len(found):
        shown = {s: sum(1 for f in order[:len(rows)] if f["severity"] == s)
                 for s in SEV}
        left = [len(found) - len(rows)] + [
            js["summary"][s] - shown[s] for s in SEV]
        check(tr == left, "%s: trailer %s == JSON %d - %d rows, by "
              "severity %s" % (name, tr, len(found), len(rows), left[1:]))
    else:
        check(tr is None, "%s: every finding shown, no trailer" % name)
    return t, rows


tmp = tempfile.mkdtemp()
try:
    pair = ["--from", A, "--to", B, corpus]
    rc, js = drift("--format", "json", *pair)
    js = json.loads(js)
    nfound = len(js["findings"])
    check(rc == 1 and nfound > 1000 and js["summary"]["breaking"] > 0,
          "json: exit %d, %d findings, %d breaking" % (
              rc, nfound, js["summary"]["breaking"]))

    # The default cap, GitHub's comment.
    rc, md = drift("--format", "markdown", *pair)
    check(rc == 1, "markdown %s -> %s: exit %d" % (A, B, rc))
    t, rows = check_report(md, js, 65000, "default cap")
    sections = [h for tag, h in t.headings if tag == "h3"]
    check(sections and sections[0].startswith("Breaking drift: %d "
          "findings" % js["summary"]["breaking"]),
          "first section: %r" % (sections[:1],))
    check(t.headings[0] == ("h2", "Schema drift"), "title")
    # The summary table: one pair, its counts per severity.
    s = js["summary"]
    check(t.tables[0] == [["build pair", "breaking", "warning", "note",
                           "accepted"],
                          ["%s \u2192 %s" % (A, B), str(s["breaking"]),
                           str(s["warning"]), str(s["note"]), "0"]],
          "summary table: %r" % (t.tables[0],))
    # Tables: the summary, then one per severity (one pair).
    check(len(t.tables) == 4 and
          [len(x) for x in t.tables[1:3]] == [s["breaking"] + 1,
                                              s["warning"] + 1],
          "tables: %d, rows %r" % (len(t.tables),
                                   [len(x) for x in t.tables]))
    check(re.search(rb"^1145 findings in 1 build pair: \*\*80 breaking\*\*, "
                    rb"119 warnings and 946 notes; 0 accepted by the "
                    rb"baseline\.$", md, re.M) is not None,
          "totals line")
    with open(os.path.join(tmp, "default.md"), "wb") as f:
        f.write(md)

    # No cap: every finding.
    rc, full = drift("--format", "markdown", "--max-bytes", "0", *pair)
    t, rows = check_report(full, js, 10 ** 9, "no cap")
    check(len(rows) == nfound and len(full) > 65000,
          "no cap: %d rows, %d bytes" % (len(rows), len(full)))
    # The default report is the full one cut after a line.
    head = md[:md.rfind(b"|\n") + 2]
    check(len(head) > 60000 and full.startswith(head),
          "the default report is a prefix of the full one")

    # Small caps.
    for cap in (1024, 5000, 20000):
        rc, small = drift("--format", "markdown", "--max-bytes",
                          str(cap), *pair)
        check_report(small, js, cap, "--max-bytes %d" % cap)

    # Every cut: caps from 1024 past the whole report, 11 bytes apart
    # (a row is about 150 bytes, so each row end is passed several
    # times), on three providers of the pair (3 breaking, 5 warnings,
    # 32 notes: cuts in each section, in and out of <details>).
    small = os.path.join(tmp, "small")
    for b in (A, B):
        os.makedirs(os.path.join(small, "builds", b, "tsv"))
        for p in ("DxgKrnl", "SENSE", "Win32k"):
            shutil.copy(os.path.join(corpus, b, "manifest",
                                     "Microsoft-Windows-%s.tsv" % p),
                        os.path.join(small, "builds", b, "tsv"))
    rc, sjs = drift("--format", "json", small)
    sjs = json.loads(sjs)
    n = len(sjs["findings"])
    rc, sfull = drift("--format", "markdown", "--max-bytes", "0", small)
    bad = []
    for cap in range(1024, len(sfull) + 64, 11):
        rc, out = drift("--format", "markdown", "--max-bytes", str(cap),
                        small)
        rows = len(re.findall(rb"^\| Microsoft-", out, re.M))
        tr = trailer(out)
        ok = (len(out) <= cap and out.endswith(b"\n") and
              sfull.startswith(out[:out.rfind(b"|\n") + 2]) and
              (tr is None if rows == n else tr and tr[0] == n - rows) and
              out.count(b"<details>") == out.count(b"</details>"))
        if ok and cap % 5 == 0:
            t = render(out)
            ok = finding_rows(t) == [cell_of(f) for f in sorted(
                sjs["findings"],
                key=lambda f: SEV.index(f["severity"]))][:rows]
        if not ok:
            bad.append(cap)
    check(n == 40 and not bad, "every cut of %d findings, %d bytes: "
          "failed at %s" % (n, len(sfull), bad[:10]))

    # No drift: a build against itself.
    rc, md = drift("--format", "markdown", "--from", A, "--to", A, corpus)
    check(rc == 0 and b"**No drift**" in md and b"|" not in md,
          "%s against itself: exit %d, %r" % (A, rc, md[:80]))
    # ... and two identical copies of a build's TSV exports.
    same = os.path.join(tmp, "same")
    for b in (A + "-copy1", A + "-copy2"):
        shutil.copytree(os.path.join(corpus, A, "manifest"),
                        os.path.join(same, "builds", b, "tsv"))
    rc, md = drift("--format", "markdown", "-W", "note", same)
    check(rc == 0 and md.startswith(b"## Schema drift\n\n**No drift**: "
                                    b"no schema changed"),
          "two identical copies: exit %d, %r" % (rc, md[:80]))
    t = render(md)
    check(t.tables == [], "no drift: no table")

    # A baseline that accepts every finding: no drift outside it.
    base = os.path.join(tmp, "base")
    drift("--write-baseline", base, *pair)
    rc, md = drift("--format", "markdown", "--baseline", base, *pair)
    t = render(md)
    check(rc == 0 and b"**No drift** outside the baseline: it accepts "
          b"all %d findings." % nfound in md and
          t.tables[0][1][1:] == ["0", "0", "0", str(nfound)],
          "baseline: exit %d, %r" % (rc, t.tables[:1]))
    # ... and the count of the accepted with one finding left out of it.
    with open(base) as f:
        lines = f.readlines()
    keep = [l for l in lines if l.startswith("#") or
            not l.startswith("drift-field-retyped\t")]
    with open(base, "w") as f:
        f.writelines(keep)
    nret = len(lines) - len(keep)
    rc, md = drift("--format", "markdown", "--baseline", base, *pair)
    t = render(md)
    check(rc == 1 and nret > 0 and
          t.tables[0][1][1:] == [str(nret), "0", "0", str(nfound - nret)]
          and len(finding_rows(t)) == nret and
          all(r[2] == "drift-field-retyped" for r in finding_rows(t)),
          "baseline less %d retyped: exit %d, %r" % (nret, rc,
                                                       t.tables[0]))

    # Crafted names: provider, fields and builds with metacharacters.
    evil = os.path.join(tmp, "evil")
    prov = "Evil|<b>*Prov*</b>`x`_[l](javascript:alert(1))@octocat"
    builds = ["a|<i>b", "c*`d`<script>&amp;"]
    fields = {
        builds[0]: "UInt32 a|b, UInt64 c*d_e_, UInt32 `tick`",
        builds[1]: "UInt32 a|b, UInt32 c*d_e_, UInt32 `tock`, "
                   "UInt32 <img/src=x/onerror=alert`1`>, UInt32 "
                   "&amp;$m$~~s~~\\#!",
    }
    hdr = open(os.path.join(corpus, A, "manifest",
                            "Microsoft-Windows-SMBServer.tsv")).readline()
    for b in builds:
        d = os.path.join(evil, "builds", b, "tsv")
        os.makedirs(d)
        with open(os.path.join(d, "evil.tsv"), "w") as f:
            f.write(hdr + "%s\t1\t0\tEv(%s)\t\t\t\t0\t\t\n" % (prov,
                                                              fields[b]))
    rc, ejs = drift("--format", "json", "-W", "note", evil)
    ejs = json.loads(ejs)
    rc, md = drift("--format", "markdown", evil)
    t = render(md, unsafe=True)
    rows = finding_rows(t)
    # An @ is followed by a zero-width space: no mention of anybody.
    want = [[c.replace("@", "@\u200b") for c in cell_of(f)]
            for f in ejs["findings"]]
    check(len(want) == 4 and rows == want,
          "crafted names render as themselves: %r" % (rows,))
    check(b"@octocat" not in md and "@\u200boctocat".encode() in md,
          "an @ in a name is a mention: %r" % md[:200])
    check(t.tables[0][1][0] == "%s \u2192 %s" % tuple(builds),
          "crafted build names: %r" % (t.tables[0][1][:1],))
    check(set(t.tags) <= {"h2", "h3", "h4", "p", "strong", "table",
                          "thead", "tbody", "tr", "th", "td", "details",
                          "summary"},
          "crafted names inject no element: %r" % (sorted(set(t.tags)),))

    # Usage.
    for args in (["--format", "json", "--max-bytes", "5000"],
                 ["--format", "markdown", "--max-bytes", "1023"],
                 ["--format", "markdown", "--max-bytes", "12k"]):
        rc, _ = drift(*args, evil)
        check(rc == 2, "%s: exit %d" % (" ".join(args), rc))
finally:
    shutil.rmtree(tmp)

print("drift_markdown: %d failed" % fails)
sys.exit(1 if fails else 0)
