#!/usr/bin/env python3
"""site_seeds.py [-v] SITE SEEDS: compare the site with the seed pages.

Reads the five seed pages of ../shared/seeds (the catalog pages readers
know) and, for every event they show, checks the page the site has for
it (providers/<Provider>/events/<id>.html):

  * the page exists;
  * every field the seed lists appears in one of the page's field tables
    with the same type (the seeds' "EventData." prefix, a flattening
    artefact, is dropped; a field listed without a type, as the seeds do
    when the schema came only from a sample, must appear by name);
  * counted per provider and attribute, seed event by seed event, each
    against the floor FLOOR below (fewer matches fail), and each
    difference against SEED_DIFFS, which gives its cause (one it does
    not explain fails):
      title        the version's heading (of a version on the seed's
                   channel, where the page has one);
      channel      any version's, as the seeds name channels
                   ("Operational");
      level        a version's level name;
      message      shown verbatim (white space aside; an insert's
                   format spec and a '?' for a character the seed lost
                   are not told apart, since the seeds vary);
      known values a field's values and meanings, all of them, event
                   by event (the value map's and the maintainers'
                   field notes' together, as the page shows them; a
                   value's description under its meaning is not part
                   of the meaning); every seed provider gets a count,
                   0 of 0 where its seed shows none;
      description  seeds 001, 003: a version's description is the
                   seed's Description line; seed 000: its message,
                   inserts named, is in the page's description or
                   title;
      table row, table title, table sample
                   the provider page lists the event under the seed's
                   channel, with the seed's title (cut with "\u2026" on
                   the seed) and whether a sample exists;
  * every example event the seed shows: the page shows that same event
    (compared as parsed JSON), or, where the seed shows several captures
    of one (id, version), one of them (a page keeps one per version);
  * the provider's GUID and defining binary ("ETW provider GUID ...",
    "Defined in X") the seed's provenance section gives;
  * every provenance line of the seed ("BUILD, how, binary version V,
    captured D") whose build has the event: a provenance line of the
    page for that build with the same binary version and capture date
    (a page's line names its builds as runs, "A \u2026 B, 15 builds,
    except C; D", expanded here by the order of the builds on the
    site's index page).
    How it was obtained is compared too and a difference is printed with
    what build.json says, since samples/ files some schemas as stand-ins
    (samples/README.md).

Exit status 0 when everything holds, 1 otherwise (each failure
printed).  -v (or SEEDS_VERBOSE=1) also prints every difference, event
by event: provider, id, the versions of the seed's examples, the seed's
channel, the attribute, what the seed says, what the page says in each
version, and the cause SEED_DIFFS gives.
"""
import html.parser
import json
import os
import re
import sys

TYPES = sorted("""UnicodeString AnsiString Int8 UInt8 Int16 UInt16 Int32 UInt32
Int64 UInt64 Float Double Boolean Binary GUID Pointer FILETIME SYSTEMTIME SID
HexInt32 HexInt64 CountedUnicodeString CountedAnsiString Struct
CountedBinary CountedUtf16String CountedMbcsString SizeT""".split(),
               key=len, reverse=True)


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


# ------------------------------------------------------------ seed pages

def split_type(rest):
    """'HexInt32NTSTATUS reference' -> 'HexInt32'; None if no type."""
    for t in TYPES:
        if rest.startswith(t):
            return t
    return None


def parse_fields(lines, known=None):
    """Field rows of a seed's Fields block; the Known values of a field
    go to known[field] as a list of (value, text)."""
    out = []
    i = 0
    while i < len(lines):
        ln = lines[i].strip()
        i += 1
        if not ln or ln.startswith("NameDescription") or ln.startswith("|"):
            continue
        if ln == "Known values":
            vals = []
            while i + 1 < len(lines) and re.fullmatch(
                    r"(%%)?-?(0x)?[0-9A-Fa-f]+", lines[i].strip()):
                vals.append((lines[i].strip(), lines[i + 1].strip()))
                i += 2
            if known is not None and out:
                known[out[-1][0]] = vals
            continue
        ln = ln.rstrip("|").strip()
        ln = re.sub(r"\s*\|.*$", "", ln)
        parts = ln.split(None, 1)
        name = parts[0]
        if name.startswith("EventData."):
            name = name[len("EventData."):]
        typ = split_type(parts[1]) if len(parts) > 1 else None
        if len(parts) > 1 and typ is None:
            continue            # prose, not a field row
        out.append((name, typ))
    return out


def take_json(lines, i):
    """A JSON value starting at lines[i]; returns (obj, next index)."""
    buf = ""
    for j in range(i, len(lines)):
        buf += lines[j] + "\n"
        if lines[j].startswith("}"):
            try:
                return json.loads(buf), j + 1
            except ValueError:
                continue
    return None, len(lines)


def parse_fulltext(path):
    """Seeds 001, 003, 004: 'Event ID N: title' sections."""
    lines = open(path, encoding="utf-8").read().split("\n")
    provider = lines[0].strip()
    events, prov = [], []
    cur = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        m = re.match(r"^Event ID (\d+): ?(.*)$", ln)
        if m:
            cur = {"id": int(m.group(1)), "title": m.group(2).strip(),
                   "fields": [], "message": None, "examples": [],
                   "known": {}}
            events.append(cur)
            # The descriptor block: "#", then name and value lines.
            j = i + 1
            while j < len(lines) and lines[j].strip() == "":
                j += 1
            if j < len(lines) and lines[j].strip() == "#":
                j += 1
                while j + 1 < len(lines) and lines[j].strip() != "":
                    key = lines[j].strip().lower()
                    if key in ("channel", "level", "task", "opcode"):
                        cur[key] = lines[j + 1].strip()
                    j += 2
            i += 1
            continue
        if ln.strip() == "Provenance":
            cur = None
            for pl in lines[i:]:
                pl = pl.strip()
                if pl.startswith("\u2022") or pl.startswith("- "):
                    prov.append(pl.lstrip("\u2022- ").strip())
            break
        if cur is None:
            i += 1
            continue
        if ln.strip() == "Description" and cur.get("description") is None:
            # The descriptor's Description: one line after a blank.
            j = i + 1
            while j < len(lines) and lines[j].strip() == "":
                j += 1
            if j < len(lines) and not lines[j].startswith("Message #"):
                cur["description"] = norm(lines[j])
                i = j + 1
                continue
        if ln.startswith("Message #"):
            j = i + 1
            while j < len(lines) and not (lines[j].startswith("Fields #")
                                          or lines[j].startswith("Example Event #")
                                          or lines[j].startswith("Event ID ")):
                j += 1
            msg = norm("\n".join(lines[i + 1:j]))
            cur["message"] = msg or None
            i = j
            continue
        if ln.startswith("Fields #"):
            j = i + 1
            while j < len(lines) and not (lines[j].startswith("Example Event #")
                                          or lines[j].startswith("Event ID ")
                                          or lines[j].strip() == "Provenance"):
                j += 1
            cur["fields"] += parse_fields(lines[i + 1:j], cur["known"])
            i = j
            continue
        if ln.startswith("Example Event #"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("{"):
                j += 1
            obj, i = take_json(lines, j)
            if obj is not None:
                cur["examples"].append(obj)
            continue
        i += 1
    return provider, events, prov


CHANNELS = ("Performance", "Analytic", "Operational", "Security",
            "Connectivity", "Audit", "Diagnostic", "Admin", "Debug")


def parse_table(path):
    """The event table of seeds 001, 003, 004: 'IDTitleChannel[Y|N]'
    lines, as (id, title, channel, sample or None); a title cut with
    '…' keeps its start."""
    rows = []
    lines = open(path, encoding="utf-8").read().split("\n")
    start = next((i for i, ln in enumerate(lines)
                  if ln.startswith("EventTitleChannel")), None)
    if start is None:
        return rows
    for ln in lines[start + 1:]:
        if not ln.strip():
            break
        m = re.match(r"^(\d+)(.*?)(%s)([YN]?)$" % "|".join(CHANNELS), ln)
        if m:
            rows.append((int(m.group(1)), m.group(2).strip(), m.group(3),
                         m.group(4) or None))
    return rows


def parse_000(path):
    """Seed 000: markdown-like sections, '#' glued to the headings."""
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    provider = lines[0].strip()
    events, prov = [], []
    cur = None
    mode = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        m = re.match(r"^#?Event ID (\d+): ?(.*)$", ln)
        if m and (cur is None or int(m.group(1)) != cur["id"] or mode is not None):
            title = m.group(2).strip()
            if cur is not None and int(m.group(1)) == cur["id"] and mode == "fields":
                # "Event ID 1: ... TraceData." after the fields: the
                # page's description line of the same event.
                cur["descr"] = title
                mode = None
                i += 1
                continue
            cur = {"id": int(m.group(1)), "title": title, "fields": [],
                   "message": None, "examples": [], "descr": None,
                   "known": {}}
            events.append(cur)
            mode = None
            i += 1
            continue
        if ln.strip() == "Provenance":
            for pl in lines[i:]:
                pl = pl.strip()
                if pl.startswith("- ") or pl.startswith("\u2022"):
                    prov.append(pl.lstrip("\u2022- ").strip())
            break
        if ln.startswith("#Fields") or ln.startswith("Fields #"):
            mode = "fields"
            i += 1
            continue
        if ln.startswith("#Description"):
            if cur is not None and i + 1 < len(lines):
                cur["descr"] = lines[i + 1].strip()
            mode = None
            i += 2
            continue
        if "Example Event" in ln:
            j = i + 1
            while j < len(lines) and not lines[j].startswith("{"):
                j += 1
            obj, i = take_json(lines, j)
            if obj is not None and cur is not None:
                cur["examples"].append(obj)
            mode = None
            continue
        if mode == "fields" and cur is not None:
            if ln.strip() == "Known values":
                # The values run on to the next field row: read them
                # with the row they belong to.
                j = i + 1
                while j + 1 < len(lines) and re.fullmatch(
                        r"(%%)?-?(0x)?[0-9A-Fa-f]+", lines[j].strip()):
                    j += 2
                parse_fields(lines[i - 1:j], cur["known"])
                i = j
                continue
            f = parse_fields([ln])
            cur["fields"] += f
        i += 1
    return provider, events, prov


def parse_002(path):
    """Seed 002: an HTML table of provider, id and message."""
    text = open(path, encoding="utf-8").read()
    provider = text.split("\n")[0].lstrip("# ").strip()
    events = []
    for m in re.finditer(r"<tr><td>[^<]*</td><td>(\d+)</td><td>(.*?)</td></tr>",
                         text, re.S):
        msg = html.unescape(m.group(2))
        events.append({"id": int(m.group(1)), "title": None, "fields": [],
                       "message": norm(msg), "examples": []})
    return provider, events, []


# ---------------------------------------------------------------- pages

class Page(html.parser.HTMLParser):
    """What a generated event page shows, by the classes the templates
    give its parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.fields = set()
        self.names = set()
        self.messages = []
        self.texts = []
        self.examples = []
        self.prov = []
        self.paras = []
        self._cell = None
        self._row = None
        self._buf = None

    def _in(self, tag, cls=None):
        for t, a in self.stack:
            if t == tag and (cls is None or cls in (a.get("class") or "").split()):
                return True
        return False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "br":
            self.handle_data(" ")
        if tag in ("br", "meta", "link", "input", "img", "hr"):
            return
        self.stack.append((tag, a))
        # A field row, not a row of the known-values table inside one.
        if tag == "tr" and self._in("table", "fields") and \
                not self._in("table", "known"):
            self._row = []
        if tag in ("th", "td") and self._row is not None and \
                not self._in("table", "known"):
            self._cell = ""
        if tag == "pre" or (tag == "li" and self._in("ul", "prov")) or \
                tag in ("h1", "h2", "p"):
            self._buf = ""

    def handle_endtag(self, tag):
        while self.stack:
            t, a = self.stack.pop()
            if t == tag:
                break
        else:
            return
        cls = (a.get("class") or "").split()
        if tag in ("th", "td") and self._row is not None and \
                self._cell is not None and not self._in("table", "known"):
            self._row.append(self._cell.strip())
            self._cell = None
        if tag == "tr" and self._row is not None and \
                not self._in("table", "known"):
            if len(self._row) >= 3 and self._row[0].isdigit():
                self.fields.add((self._row[1], self._row[2].split()[0]
                                 if self._row[2] else ""))
                self.names.add(self._row[1])
            self._row = None
        if self._buf is not None and tag in ("pre", "li", "h1", "h2", "p"):
            if tag == "pre" and "json" in cls:
                try:
                    self.examples.append(json.loads(self._buf))
                except ValueError:
                    pass
            elif tag == "pre" and "template" in cls:
                self.messages.append(norm(self._buf))
            elif tag == "li":
                self.prov.append(norm(self._buf))
            elif tag == "p" and "message" not in cls:
                self.paras.append(norm(self._buf))
            else:
                self.texts.append(norm(self._buf))
            self._buf = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._buf is not None:
            self._buf += data


def load_page(path):
    p = Page()
    p.feed(open(path, encoding="utf-8").read())
    p.close()
    return p


def strip_tags(h):
    return html.unescape(re.sub(r"<[^>]+>", "", h))


def page_versions(path):
    """Each version section of an event page as a dict: title, channel,
    level (names as the page gives them), messages and, per field name,
    its known values as a set of (value, meaning)."""
    text = open(path, encoding="utf-8").read()
    out = []
    for m in re.finditer(r'<section id="v(\d+)" class="version".*?</section>',
                         text, re.S):
        sec = m.group(0)
        v = {"version": int(m.group(1)), "title": None, "channel": None,
             "level": None, "messages": [], "known": {}}
        h = re.search(r"<h2[^>]*>(.*?)</h2>", sec, re.S)
        if h:
            t = strip_tags(h.group(1))
            if ": " in t:
                v["title"] = norm(t.split(": ", 1)[1])
        # A value's "from <build> (<source>)" note is not the value.
        body = re.sub(r'<span class="from">.*?</span>', "", sec, flags=re.S)
        for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", body, re.S):
            dt = strip_tags(dt).strip().lower()
            if dt in ("channel", "level"):
                v[dt] = norm(strip_tags(dd))
        d = re.search(r'<h3 id="v\d+-description">Description</h3>\s*'
                      r'<p class="message">(.*?)</p>', sec, re.S)
        v["description"] = norm(strip_tags(d.group(1))) if d else None
        for pre in re.findall(r'<pre class="template"><code>(.*?)</code></pre>',
                              sec, re.S):
            v["messages"].append(norm(strip_tags(pre)))
        for row in sec.split('\n<tr id="')[1:]:
            name = re.search(r'<th scope="row">.*?<a href="#[^"]*">(.*?)</a>',
                             row, re.S)
            kt = re.search(r'<table class="known">(.*?)</table>', row, re.S)
            if name and kt:
                # Value and meaning: the first two cells (a field note
                # adds a From column, and a value's description).
                v["known"][strip_tags(name.group(1))] = set(
                    (strip_tags(a).strip(), norm(strip_tags(re.sub(
                        r'<br><span class="vdesc">.*?</span>', "", b,
                        flags=re.S))))
                    for a, b in re.findall(
                        r"<tr><td>(.*?)</td><td>(.*?)</td>", kt.group(1),
                        re.S))
        out.append(v)
    return out


def provider_rows(site, provider):
    """The event table of a provider page: (id, title, channel, level,
    sample)."""
    path = os.path.join(site, "providers", provider, "index.html")
    text = open(path, encoding="utf-8").read()
    rows = []
    # The id is a cell of its own; the title links the event page.
    for tr in re.findall(r'<tr><td class="num">(\d+)</td>'
                         r'(<td><a href="events/\d+\.html">.*?)</tr>',
                         text, re.S):
        cells = [norm(strip_tags(c)) for c in
                 re.findall(r"<td>(.*?)</td>", tr[1], re.S)]
        rows.append((int(tr[0]), cells[0], cells[1], cells[2],
                     cells[-1] == "yes"))
    return rows


def short_channel(ch):
    """'Microsoft-Windows-SMBServer/Operational' and 'X (Operational)'
    as the seeds name channels: 'Operational'."""
    if ch is None:
        return None
    m = re.search(r"\((\w+)\)$", ch)
    if m and m.group(1) in CHANNELS:
        return m.group(1)
    return ch.split(" (")[0].rsplit("/", 1)[-1]


def level_name(lv):
    return None if lv is None else lv.split(" (")[0]


def msg_eq(seed, page):
    """A seed message and a page's, white space aside; a '?' of the
    seed stands for any one character the seed's encoding lost, and an
    insert's format spec ("%6!S!") is left out, as seed 002 does for
    some inserts and not others."""
    seed = re.sub(r"(%\d+)![^!]*!", r"\1", seed)
    page = re.sub(r"(%\d+)![^!]*!", r"\1", page)
    if seed == page:
        return True
    if "?" not in seed or len(seed) != len(page):
        return False
    return all(a == b or (a == "?" and ord(b) > 127)
               for a, b in zip(seed, page))


def build_order(site):
    """The build ids in catalog order: the index page's build table."""
    text = open(os.path.join(site, "index.html"), encoding="utf-8").read()
    return re.findall(r'<a href="builds/[^"]+">([^<]+)</a>', text)


def expand_runs(text, order):
    """'A \u2026 B, 15 builds, except C; D' -> the builds it names."""
    pos = {b: i for i, b in enumerate(order)}
    out = []
    for run in text.split("; "):
        if " \u2026 " in run:
            first, rest = run.split(" \u2026 ", 1)
            parts = rest.split(", ")
            last = parts[0]
            if not re.fullmatch(r"\d+ builds", parts[1]):
                raise ValueError("not a run: %r" % run)
            exc = set()
            if len(parts) > 2:
                if not parts[2].startswith("except "):
                    raise ValueError("not a run: %r" % run)
                exc = set([parts[2][len("except "):]] + parts[3:])
            span = order[pos[first]:pos[last] + 1]
            got = [b for b in span if b not in exc]
            if len(got) != int(parts[1].split()[0]):
                raise ValueError("run %r counts %d builds" % (run, len(got)))
            out += got
        else:
            out += run.split(", ")
    return out


def prov_lines(pg, order):
    """The page's provenance lines as (builds, facts after the runs)."""
    out = []
    for li in pg.prov:
        runs, _, facts = li.partition(" \u00b7 ")
        out.append((expand_runs(runs, order), li))
    return out


# ---------------------------------------------------------------- check

# What the site of samples/ reaches, per provider and attribute, seed
# event by seed event: a count below its floor fails (a regression).
# Raise a floor when a change makes more match.  Every difference left
# must have its cause in SEED_DIFFS below, or the test fails; -v (or
# SEEDS_VERBOSE=1) prints each one: provider, id, the versions of the
# seed's examples, the seed's channel, the attribute, what the seed
# says, what the page says per version, and why.
#
# What still differs, and why (counted by attribute; "none": no source
# of ../shared/corpus has the seed's value, "seed": the seed is wrong
# or contradicts itself, "merge": a source has it and catalog/merge.c
# does not carry it; samples/ holds every shared source of these
# providers, so none differs for want of a file):
#   Kernel-Network: 0; every title, channel, level, message,
#     description and table row matches.
#   Hyper-V-VSmb: 0.  (Event 1's description came when merge.c took
#     the transcription's seven fields for the newest build's etwlib
#     dump's five, the same list without two arrays it cannot write:
#     ecat_shape_dumped.)
#   SMBClient: 8, none: message 8.  The one message source is the
#     WEPExplorer dump of 26100.1742; the seed has texts of other
#     builds or versions: 30803, 30822 (a version the dump lacks),
#     31012-31014 ("man-in-the-middle", 24H2 says "adversary-in-the-
#     middle"), 31018, 32003 (older texts), 32002 ("Dialect: %1").
#   SMBServer: 134.
#     39 none: message 6, title 11, table title 6, description 10
#       (1914, 3024-3027, 4000: only the etwlib dumps have them, and
#       they carry no message); channel 3, table row 3 (3004-3006: no
#       source gives a channel).
#     95 seed: channel 20, table row 20 (Analytic listings of
#       1033-1040, 1045, 1900-1904, 1909 made from a live trace, whose
#       example has no channel; Operational listings of 3024-3027 and
#       4000); title 22, table title 7, description 22 (those Analytic
#       listings' empty inserts; "EventData." in 1033, 1034, 1038,
#       1040; 1005 and 1910: one version's message with another's
#       fields; 3000, 3007: lines joined; 3010: a lost character;
#       3003: the "n" of a %n kept; 551: another version's
#       description); level 2 (1034 "Error" against its own example,
#       4000 "4"); message 1 (1045 "____"); known values 1 (8: the
#       Security log's %%18xx strings for ImpersonationLevel).
#   Winsock-Sockets: 34.
#     32 none: channel 16, table row 16 (no source gives a channel;
#       the seed's own examples say "ETW Trace").
#     2 seed: title 2 (3 and 4 "SockClose", where its own task and
#       opcode give SockCloseStart and SockCloseStop).
#
# Hyper-V-VSmb, Kernel-Network, SMBClient: their seeds show no known
# values (0 of 0).
FLOOR = {
    "Microsoft-Windows-Hyper-V-VSmb": {"description": 28, "title": 3},
    "Microsoft-Windows-Kernel-Network": {
        "channel": 22, "description": 22, "level": 16, "message": 22,
        "table row": 22, "table sample": 22, "table title": 22,
        "title": 22},
    "Microsoft-Windows-SMBClient": {"message": 100},
    "Microsoft-Windows-SMBServer": {
        "channel": 184, "description": 174, "known values": 0, "level": 24,
        "message": 195, "table row": 184, "table sample": 184,
        "table title": 171, "title": 174},
    "Microsoft-Windows-Winsock-Sockets": {
        "channel": 0, "known values": 1, "level": 2, "table row": 0,
        "title": 14},
}

# Why each seed value the site of samples/ does not show differs, as
# (provider, attributes, event ids, seed channels or None for any,
# cause, reason); the first entry that fits a difference gives it.
# Causes: "none", no shared source (../shared/corpus) has the seed's
# value; "seed", the seed is wrong or contradicts itself; "merge", a
# source has it and catalog/merge.c does not carry it to the page.  A
# difference no entry explains fails the test, and an entry whose
# differences all match now is printed (remove it).  The sources named
# are the shared corpus's, which samples/ holds for these providers
# (samples/NOTICE).
TTL = ("title", "table title", "description")
WHERE = ("channel", "table row")
RDMA = (1033, 1034, 1035, 1036, 1037, 1038, 1039, 1040, 1045, 1900, 1901,
        1902, 1903, 1904, 1909)
SEED_DIFFS = [
    ("SMBServer", WHERE, RDMA, ("Analytic",), "seed",
     "a second, Analytic listing made from the seed's own live-trace "
     "capture (its examples' channel is \"Microsoft-Windows-SMBServer\", "
     "not a log): every source that gives a channel (WEPExplorer "
     "26100.1742, etwlib 22621.2134, 26100.6899, 26200.6901) puts the "
     "event on Operational only"),
    ("SMBServer", TTL, tuple(i for i in RDMA if i != 1045), ("Analytic",),
     "seed",
     "the message with every insert empty (\"Sent RDMA .\"), from the "
     "seed's live-trace capture, which has no event data"),
    ("SMBServer", ("level",), (1034,), ("Analytic",), "seed",
     "Error, where the seed's own example has level 4 (Informational), "
     "as every source"),
    ("SMBServer", ("message",), (1045,), ("Analytic",), "seed",
     "\"____\" where the message (WEPExplorer 26100.1742) has line "
     "breaks"),
    ("SMBServer", ("description",), (551,), ("Analytic",), "seed",
     "the Security version's description (\"SMB Session ...\"); the "
     "seed's own message of the Analytic version is \"Smb Session "
     "Authentication Failure\", as the page's"),
    ("SMBServer", TTL, (1033, 1034, 1038, 1040), ("Operational",), "seed",
     "inserts named \"EventData.X\", the flattening artefact "
     "../shared/seeds/README.md names, where the seed's other titles "
     "say \"X\"; without it the seed's is the page's"),
    ("SMBServer", TTL, (1005,), ("Operational",), "seed",
     "version 0's message (\"... from client %2. ...\") with version "
     "2's fields, whose second is TranslatedStatus; version 0's second "
     "field is ClientName, as the page says"),
    ("SMBServer", ("description",), (1910,), ("Operational",), "seed",
     "version 0's message with version 1's fields"),
    ("SMBServer", ("title", "table title"), (3000, 3007), ("Audit",),
     "seed", "the message's lines joined (3007's cut at 200 characters), "
     "where the seed's own Description and every other title take the "
     "first line (\"SMB1 access.\", \"Access Denied.\"), as the page"),
    ("SMBServer", ("title",), (3010,), ("Operational",), "seed",
     "\"?\" for a character the seed lost (U+2015, which its own "
     "Description has)"),
    ("SMBServer", ("description",), (3003,), ("Audit",), "seed",
     "keeps the \"n\" of a %n written as \"n\" (\"uninstalled.n.\"), "
     "which the seed's own title drops, as the page"),
    ("SMBServer", ("message",) + TTL,
     (1914, 3024, 3025, 3026, 3027, 4000), None, "none",
     "no source has the message: only the etwlib dumps (26100.6899, "
     "26200.6901) have the event, and they carry none; the page titles "
     "it by its task"),
    ("SMBServer", WHERE, (3004, 3005, 3006), ("Operational",), "none",
     "no source gives a channel: the WEPExplorer dump (26100.1742) and "
     "the etwlib dumps (26100.6899, 26200.6901) have the event with "
     "none"),
    ("SMBServer", WHERE, (3024, 3025, 3026, 3027, 4000), ("Operational",),
     "seed", "a second, Operational listing without a message or an "
     "example of its own (4000's example says channel "
     "\"Microsoft-Windows-SMBServer\", a live trace): the etwlib dumps, "
     "the only sources, and the seed's first listing put 3024-3027 on "
     "Audit and 4000 on Connectivity only"),
    ("SMBServer", ("level",), (4000,), ("Operational",), "seed",
     "the number \"4\" where the seed's other levels are names; the "
     "page says Informational (4)"),
    ("SMBServer", ("known values",), (8,), None, "seed",
     "ImpersonationLevel's values shown as the Security log's insert "
     "strings %%1831 ... %%1840, not the values 0-3 of [MS-SMB2] 2.2.13 "
     "that samples/notes gives"),
    ("SMBClient", ("message",), (30803, 30822), None, "none",
     "a version's text no source has (\"Instance name\" with the older "
     "guidance on TCP port 445): the one source of SMBClient messages, "
     "the WEPExplorer dump of 26100.1742, gives 30803 versions 0, 2, 3, "
     "4 and 30822 versions 0 and 2, each otherwise"),
    ("SMBClient", ("message",), (31012, 31013, 31014), None, "none",
     "an older text (\"man-in-the-middle\"): the one source, the "
     "WEPExplorer dump of 26100.1742, says \"adversary-in-the-middle\" "
     "(and 31013, 31014 version 2 add two lines)"),
    ("SMBClient", ("message",), (31018,), None, "none",
     "an older text: the one source's (26100.1742) is \"Guidance: An "
     "administrator has enabled AllowInsecureGuestAuth. ...\""),
    ("SMBClient", ("message",), (32002,), None, "none",
     "\"Dialect: %1\", which names field 1, Reason, in every field list "
     "of the sources; the one source's text (26100.1742) says %2"),
    ("SMBClient", ("message",), (32003,), None, "none",
     "an older text without the sentence \"The computer must be "
     "restarted ...\" that the one source's (26100.1742) ends with"),
    ("Winsock-Sockets", WHERE, tuple(range(1, 17)), None, "none",
     "no source gives a channel: the etwlib dumps' <channels> are empty, "
     "the WEPExplorer dumps (20348.169, 26100.1742) have no <Channel>, "
     "and the seed's own examples say \"ETW Trace\""),
    ("Winsock-Sockets", ("title",), (3, 4), None, "seed",
     "\"SockClose\" for both, where the seed's own descriptor gives task "
     "SockClose with opcode Start (3) and Stop (4), which its rule for "
     "1, 2 and 5-16 makes SockCloseStart and SockCloseStop, as the page"),
]


def explain(provider, attr, eid, chan):
    """The cause and reason SEED_DIFFS gives for a difference, or None."""
    for prov, attrs, ids, chans, cause, why in SEED_DIFFS:
        if provider.endswith("-" + prov) and attr in attrs and \
                eid in ids and (chans is None or chan in chans):
            return cause, why
    return None


HOW = {"schema read from the registered manifest": "registered manifest",
       "sample captured from a live trace": "captured sample"}


def seed_versions(ev):
    """The versions the seed's example events of ev state."""
    out = set()
    for ex in ev.get("examples", ()):
        v = ex.get("system", {}).get("version")
        if v is not None and str(v).strip().isdigit():
            out.add(int(v))
    return sorted(out)


def show(vals):
    """A page's values, each with the version it is on, for -v."""
    if not vals:
        return "nothing"
    return ", ".join("%s%r" % ("" if v is None else "v%d " % v, x)
                     for v, x in vals)


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    if len(args) != 2:
        print("usage: site_seeds.py [-v] SITE SEEDS", file=sys.stderr)
        return 2
    site, seeds = args
    verbose = "-v" in sys.argv[1:] or os.environ.get("SEEDS_VERBOSE") == "1"
    order = build_order(site)
    fails = []
    # provider -> attribute -> [matched, compared]; each difference as
    # (provider, id, seed channel, attribute, seed versions, seed's
    # value, page's values as (version, value), why)
    counts = {}
    diffs = []
    matched, differs = set(), set()

    def count(provider, attr, ok, eid, chan, sver, seed, page):
        c = counts.setdefault(provider, {}).setdefault(attr, [0, 0])
        c[1] += 1
        why = explain(provider, attr, eid, chan)
        key = (provider, eid, attr, chan)
        if ok:
            c[0] += 1
            if why is not None:
                matched.add(key)
            return
        differs.add(key)
        diffs.append((provider, eid, chan, attr, sver, seed, page, why))
    notes = {"no-message": 0, "how-differs": set(), "example-other": 0,
             "events": 0, "fields": 0, "examples": 0, "messages": 0,
             "provenance": 0}
    for fn in sorted(os.listdir(seeds)):
        if not fn.endswith(".txt"):
            continue
        path = os.path.join(seeds, fn)
        if fn.startswith("000_"):
            provider, events, prov = parse_000(path)
        elif fn.startswith("002_"):
            provider, events, prov = parse_002(path)
        else:
            provider, events, prov = parse_fulltext(path)
        text = open(path, encoding="utf-8").read()
        m = re.search(r"ETW provider GUID \{?([0-9A-Fa-f-]{36})\}?", text)
        guid = m.group(1).lower() if m else None
        m = re.search(r"Defined in (\S+?),? (?:which|the binary)", text)
        binary = m.group(1) if m else None
        provlines = []
        for pl in prov:
            parts = [x.strip() for x in re.split(r"\s*(?:,|\u00b7)\s+", pl)]
            d = {"build": parts[0], "how": None, "version": None, "date": None}
            for x in parts[1:]:
                if x in HOW:
                    d["how"] = x
                elif x.startswith("binary version "):
                    d["version"] = x[len("binary version "):]
                elif x.startswith("captured "):
                    d["date"] = x[len("captured "):]
            provlines.append(d)
        byid = {}
        for ev in events:
            byid.setdefault(ev["id"], []).append(ev)
        # Known values are counted for every seed provider.
        counts.setdefault(provider, {}).setdefault("known values", [0, 0])
        # The provider page's event table against the seed's.
        prows = provider_rows(site, provider)
        for eid, title, chan, sample in parse_table(path):
            mine = [r for r in prows if r[0] == eid and
                    short_channel(r[2]) == chan]
            count(provider, "table row", bool(mine), eid, chan, [],
                  "under " + chan,
                  [(None, "under %s" % (short_channel(r[2]) or "no channel"))
                   for r in prows if r[0] == eid])
            if not mine:
                continue
            want = title.rstrip("\u2026").rstrip()
            count(provider, "table title", any(
                r[1] == want or (title.endswith("\u2026") and
                                 r[1].startswith(want)) for r in mine),
                  eid, chan, [], title, [(None, r[1]) for r in mine])
            if sample is not None:
                count(provider, "table sample",
                      any(r[4] == (sample == "Y") for r in mine), eid, chan,
                      [], sample, [(None, "Y" if r[4] else "N")
                                   for r in mine])
        for eid, evs in sorted(byid.items()):
            page = os.path.join(site, "providers", provider, "events",
                                "%d.html" % eid)
            where = "%s event %d" % (provider, eid)
            notes["events"] += 1
            if not os.path.exists(page):
                fails.append("%s: no page %s" % (where, page))
                continue
            pg = load_page(page)
            vers = page_versions(page)
            for ev in evs:
                # The versions on the seed's channel, else all.
                cand = [v for v in vers if ev.get("channel") and
                        short_channel(v["channel"]) == ev["channel"]] or vers
                chan, sver = ev.get("channel"), seed_versions(ev)

                def each(key, vs=cand):
                    return [(v["version"], v[key]) for v in vs]
                if ev.get("title") and not ev.get("descr"):
                    count(provider, "title", any(
                        v["title"] == norm(ev["title"]) for v in cand),
                        eid, chan, sver, ev["title"], each("title"))
                if ev.get("description"):
                    count(provider, "description", any(
                        v["description"] == ev["description"]
                        for v in cand), eid, chan, sver,
                        ev["description"], each("description"))
                if ev.get("channel"):
                    count(provider, "channel", any(
                        short_channel(v["channel"]) == ev["channel"]
                        for v in vers), eid, chan, sver, ev["channel"],
                        each("channel", vers))
                if ev.get("level"):
                    count(provider, "level", any(
                        level_name(v["level"]) == ev["level"] for v in cand),
                        eid, chan, sver, ev["level"], each("level"))
                for fname, vals in ev.get("known", {}).items():
                    want = set((a, norm(b)) for a, b in vals)
                    count(provider, "known values", any(
                        v["known"].get(fname) == want for v in vers),
                        eid, chan, sver, "%s: %s" % (fname, sorted(want)),
                        [(v["version"], "%s: %s" % (fname, sorted(
                            v["known"].get(fname, ())))) for v in vers])
                for name, typ in ev["fields"]:
                    notes["fields"] += 1
                    if typ is None:
                        if name not in pg.names:
                            fails.append("%s: field %s missing" % (where, name))
                    elif (name, typ) not in pg.fields:
                        have = sorted(t for n, t in pg.fields if n == name)
                        fails.append("%s: field %s %s missing (page has %s)"
                                     % (where, name, typ, have or "no such field"))
                if ev.get("message"):
                    if pg.messages:
                        notes["messages"] += 1
                    else:
                        notes["no-message"] += 1
                    count(provider, "message", any(
                        msg_eq(ev["message"], m) for m in pg.messages),
                        eid, chan, sver, ev["message"],
                        [(v["version"], m) for v in vers
                         for m in v["messages"]])
                if ev.get("descr"):
                    # Seed 000: its message, inserts named, is the
                    # description or the title of the page.
                    notes["messages"] += 1
                    want = norm(ev["descr"]).rstrip(".")
                    count(provider, "description",
                          any(want in t for t in pg.texts + pg.paras),
                          eid, chan, sver, ev["descr"],
                          [(v["version"], v["description"] or v["title"])
                           for v in vers])
            # Examples: each (id, version) the seed shows, shown.
            byver = {}
            for ev in evs:
                for ex in ev["examples"]:
                    v = ex.get("system", {}).get("version", 0)
                    try:
                        v = int(str(v).strip() or 0)
                    except ValueError:
                        v = 0
                    byver.setdefault(v, []).append(ex)
            for v, exs in byver.items():
                notes["examples"] += len(exs)
                if not any(ex in pg.examples for ex in exs):
                    fails.append("%s: no example of version %d shown "
                                 "(the page has %d)" % (where, v, len(pg.examples)))
                notes["example-other"] += sum(1 for ex in exs
                                              if ex not in pg.examples)
            # The provider's GUID and defining binary.
            body = " ".join(pg.texts + pg.prov + pg.paras)
            if guid is not None:
                notes["provenance"] += 1
                if ("{%s}" % guid) not in body.lower():
                    fails.append("%s: GUID %s not shown" % (where, guid))
            if binary is not None:
                notes["provenance"] += 1
                if ("Defined in " + binary) not in body:
                    fails.append("%s: 'Defined in %s' not shown"
                                 % (where, binary))
            # Provenance, for the builds that have the event.
            plines = prov_lines(pg, order)
            for d in provlines:
                lis = [li for builds, li in plines if d["build"] in builds]
                if not lis:
                    continue
                notes["provenance"] += 1
                ok = [li for li in lis
                      if (d["version"] is None or
                          ("binary version " + d["version"]) in li) and
                      (d["date"] is None or ("captured " + d["date"]) in li)]
                if not ok:
                    fails.append("%s: provenance %s not shown (page: %s)"
                                 % (where, d, lis))
                elif d["how"] and not any(d["how"] in li for li in ok):
                    notes["how-differs"].add("%s %s: seed says %r, catalog: %s"
                                             % (provider, d["build"], d["how"],
                                                "; ".join(sorted(set(
                                                    li.split(" \u00b7 ")[1]
                                                    for li in ok)))))
    print("seed comparison: %d events, %d fields, %d messages compared, "
          "%d examples, %d provenance lines checked"
          % (notes["events"], notes["fields"], notes["messages"],
             notes["examples"], notes["provenance"]))
    print("  %d seed messages have no message in any source of the catalog "
          "(TDH-rebuilt schemas)" % notes["no-message"])
    print("  %d seed examples share an (id, version) with the one shown"
          % notes["example-other"])
    for h in sorted(notes["how-differs"]):
        print("  how obtained differs: " + h)
    # Matches per provider and attribute, against the floors.
    for provider in sorted(counts):
        print("  %s:" % provider)
        for attr in sorted(counts[provider]):
            got, n = counts[provider][attr]
            floor = FLOOR.get(provider, {}).get(attr, 0)
            print("    %-14s %4d of %4d match (floor %d)"
                  % (attr, got, n, floor))
            if got < floor:
                fails.append("%s %s: %d match, fewer than the %d reached "
                             "before" % (provider, attr, got, floor))
    for provider, attrs in sorted(FLOOR.items()):
        for attr in attrs:
            if attr not in counts.get(provider, {}) and attrs[attr] > 0:
                fails.append("%s %s: not compared" % (provider, attr))
    # Every difference, explained or not.
    bycause = {}
    for provider, eid, chan, attr, sver, seed, page, why in diffs:
        cause = why[0] if why else "unexplained"
        k = bycause.setdefault(provider, {})
        k[cause] = k.get(cause, 0) + 1
        if why is None:
            fails.append("%s %d %s%s: differs, and SEED_DIFFS does not say "
                         "why: seed %r, page %s" % (
                             provider, eid, attr,
                             " (%s)" % chan if chan else "", seed,
                             show(page)))
        if verbose:
            print("  %s %d%s%s %s:\n    seed:  %r\n    page:  %s\n"
                  "    why:   %s" % (
                      provider, eid,
                      "".join(" v%d" % v for v in sver),
                      " (%s)" % chan if chan else "", attr, seed,
                      show(page), "%s: %s" % why if why else "unexplained"))
    for provider in sorted(bycause):
        print("  %s differs in %d: %s" % (
            provider, sum(bycause[provider].values()),
            ", ".join("%d %s" % (n, c) for c, n in
                      sorted(bycause[provider].items()))))
    for provider, eid, attr, chan in sorted(matched - differs):
        print("  note: %s %d %s%s matches now: SEED_DIFFS need not "
              "explain it" % (provider, eid, attr,
                              " (%s)" % chan if chan else ""))
    for f in fails:
        print("FAIL: " + f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
