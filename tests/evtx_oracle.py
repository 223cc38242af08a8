#!/usr/bin/env python3
"""evtx_oracle.py [--evtxexport] EVTX_DUMP [FOLDER]: etwcat's EVTX
reader against python3-evtx, or with --evtxexport against Debian's
evtxexport (libevtx-utils; libevtx is another reader, in C, by
another author: a second opinion where python3-evtx fails).

For every .evtx file under ../shared/captures/evtx (or FOLDER), reads the records
with Debian's python3-evtx (an independent reader: its XML, parsed
again) and with etwcat's reader (EVTX_DUMP, tests/evtx_dump.c, one JSON
line a record), and compares, record by record (by EventRecordID):

  * the number of records each reads;
  * the EventID;
  * every EventData value, by its Data Name (unnamed Data and Binary by
    their element name, in order), compared as values of the type
    etwcat reports for it: python3-evtx writes Binary in base64, SizeT
    in decimal, HexInt64 zero-padded, booleans as True/False, times in
    its own format, and its XML turns CR LF into LF; etwcat writes them
    as Windows renders event XML.  Arrays other than of strings
    python3-evtx does not render: those values are counted apart.

Prints a line per file where anything differs, the files the oracle
itself fails on (an exception for a record: the records it read before
are compared), and the totals; fails when fewer records or values agree
than the floors below, or when etwcat reads no record of a file the
oracle reads in full.  Skips (77) without python3-evtx.
"""
import base64
import datetime
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

try:
    import Evtx.Evtx as evtx
except ImportError:
    # Debian's package is for Debian's python3, which may not be the
    # first python3 on PATH.
    sys.path.append('/usr/lib/python3/dist-packages')
    try:
        import Evtx.Evtx as evtx
    except ImportError:
        print('python3-evtx is not installed: skipped')
        sys.exit(77)

SHARED = os.environ.get('SHARED', '../shared')
ROOT = os.path.join(SHARED, 'captures', 'evtx')
# Floors (measured: see the totals this prints).  Records: of those
# both read, the share whose EventID agrees; values: of the EventData
# values compared, the share that agree.
# Measured: 503 files, both read 28,125 records (python3-evtx reads
# none of 7 files, and 4 damaged records etwcat rejects), every EventID
# and every one of 197,453 EventData values agree.
FLOOR_RECORDS = 28000
FLOOR_IDS = 1.0
FLOOR_VALUES = 0.9999
# evtxexport (measured): both read 27,969 records (it exports none of 4
# files, and 6 files stop at a value its XML cannot hold); every EventID
# agrees, and 199,376 of 199,377 EventData values: Application_no_crc32
# record 441's ExtraInfo, a line break, evtxexport writes empty
# (python3-evtx reads the line break, as etwcat does).
ORACLE = 'python3-evtx'
FLOORS_EVTXEXPORT = (27900, 1.0, 0.9999)

NS = '{http://schemas.microsoft.com/win/2004/08/events/event}'


def local(tag):
    return tag.split('}', 1)[1] if '}' in tag else tag


def oracle(path):
    """The records python3-evtx reads: {rid: (event id, [(name, text)])},
    their count, and the error that stopped it, if any."""
    recs = {}
    n = 0
    err = None
    try:
        with evtx.Evtx(path) as log:
            for r in log.records():
                try:
                    x = r.xml()
                    ev = ET.fromstring(x)
                except Exception as e:  # the oracle's own failure
                    err = '%s: %s' % (type(e).__name__, str(e)[:80])
                    continue
                n += 1
                sysm = ev.find(NS + 'System')
                if sysm is None:
                    continue
                rid = sysm.findtext(NS + 'EventRecordID')
                eid = sysm.findtext(NS + 'EventID')
                data = []
                ed = ev.find(NS + 'EventData')
                if ed is not None:
                    for d in ed:
                        name = d.get('Name') if local(d.tag) == 'Data' \
                            else None
                        data.append((name or local(d.tag), d.text or ''))
                recs[rid] = (eid, data)
    except Exception as e:
        err = '%s: %s' % (type(e).__name__, str(e)[:80])
    return recs, n, err


def oracle_evtxexport(path):
    """The same from Debian's evtxexport (libevtx, -f xml): its event
    documents one after another, each parsed alone."""
    recs = {}
    n = 0
    err = None
    try:
        p = subprocess.run(['evtxexport', '-f', 'xml', path],
                           capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        return recs, 0, '%s: %s' % (type(e).__name__, str(e)[:80])
    if p.returncode != 0:
        last = p.stderr.decode('utf-8', 'replace').strip().splitlines()
        err = 'exit %d: %s' % (p.returncode, last[-1][:80] if last else '')
    out = p.stdout.decode('utf-8', 'replace')
    for doc in re.findall(r'<Event xmlns=.*?</Event>', out, re.S):
        try:
            ev = ET.fromstring(doc)
        except ET.ParseError as e:  # the oracle's own failure
            err = 'ParseError: %s' % str(e)[:80]
            continue
        n += 1
        sysm = ev.find(NS + 'System')
        if sysm is None:
            continue
        rid = sysm.findtext(NS + 'EventRecordID')
        eid = sysm.findtext(NS + 'EventID')
        data = []
        ed = ev.find(NS + 'EventData')
        if ed is not None:
            for d in ed:
                name = d.get('Name') if local(d.tag) == 'Data' else None
                data.append((name or local(d.tag), d.text or ''))
        recs[rid] = (eid, data)
    return recs, n, err


def ours(dump, path):
    p = subprocess.run([dump, path], capture_output=True, text=True,
                       timeout=300)
    recs = {}
    bad = 0
    for line in p.stdout.splitlines():
        o = json.loads(line)
        if o['malformed']:
            bad += 1
            continue
        # by EventRecordID: an exported file numbers its records anew
        # (the sigma-regression files: 1, 2, ...), its events keep theirs
        recs[o['event']['system']['event_record_id']] = o
    return recs, bad, p.stderr.count('\n')


def ftime(s):
    """A time as python3-evtx or etwcat writes it, in microseconds."""
    s = s.replace('T', ' ').rstrip('Z')
    m = re.match(r'(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)(?:\.(\d+))?$', s)
    if not m:
        return s
    frac = (m.group(7) or '0')[:6].ljust(6, '0')
    d = datetime.datetime(*[int(x) for x in m.groups()[:6]])
    return (d - datetime.datetime(1601, 1, 1)).total_seconds() * 10**6 + \
        int(frac)


def text(v):
    """etwcat's text as python3-evtx's XML gives it back: CR LF and CR
    as LF, without the control characters XML cannot hold."""
    v = v.replace('\r\n', '\n').replace('\r', '\n')
    return re.sub(r'[\x00-\x08\x0b\x0c\x0e-\x1f]', '', v)


def same(text_, v, btype):
    """Does python3-evtx's text say the value etwcat read (v, of type
    btype)?  None when the oracle cannot render the type."""
    t = btype & 0x7f
    if btype & 0x80:
        if t != 0x01:
            return None
        # python3-evtx splits the strings at NUL bytes rather than
        # characters (system.evtx record 177: "14", "", "14", "60" of
        # four empty strings and "14", "60", as evtxexport has them;
        # record 539: "249221", "221"): each non-empty string of one
        # must be found in the other's (python3-evtx's within etwcat's)
        items = set(i for i in re.findall(r'<string>(.*?)</string>',
                                          text_, re.S) if i)
        vs = set(text(x) for x in (v if isinstance(v, list) else [v])
                 if x)
        return vs <= items and all(any(i in x for x in vs)
                                   for i in items)
    if isinstance(v, list):
        return None
    if t == 0x0d:
        return text_.lower() == v.lower()
    if t == 0x0e:
        if ORACLE == 'evtxexport':     # hex, as Windows renders it
            return text_.lower() == v.lower()
        try:
            return base64.b64decode(text_) == bytes.fromhex(v)
        except ValueError:
            return False
    if t in (0x10, 0x14, 0x15):
        try:
            return int(text_, 0) == int(v, 0)
        except ValueError:
            return False
    if t == 0x0f:
        return text_.lower() == v.lower()
    if t in (0x11, 0x12):
        # python3-evtx goes through floating point: a few microseconds
        a, b = ftime(text_), ftime(v)
        if isinstance(a, str) or isinstance(b, str):
            return a == b
        return abs(a - b) <= 5
    if t in (0x0b, 0x0c):
        try:
            a, b = float(text_), float(v)
        except ValueError:
            return False
        return a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b))
    return text_ == text(v)


def main():
    global ROOT, ORACLE, oracle, FLOOR_RECORDS, FLOOR_IDS, FLOOR_VALUES
    args = sys.argv[1:]
    if args and args[0] == '--evtxexport':
        args = args[1:]
        ORACLE = 'evtxexport'
        oracle = oracle_evtxexport
        FLOOR_RECORDS, FLOOR_IDS, FLOOR_VALUES = FLOORS_EVTXEXPORT
        if subprocess.run(['sh', '-c', 'command -v evtxexport'],
                          capture_output=True).returncode != 0:
            print('evtxexport is not installed: skipped')
            return 77
    dump = args[0]
    if len(args) > 1:
        ROOT = args[1]
    files = []
    for dp, dn, fn in os.walk(ROOT):
        dn.sort()
        for f in sorted(fn):
            if f.endswith('.evtx'):
                files.append(os.path.join(dp, f))
    if not files:
        print('no .evtx files under %s' % ROOT)
        return 1
    tot = dict(files=0, oracle=0, ours=0, both=0, ids=0, values=0,
               vagree=0, vskip=0, malformed=0, diags=0)
    failed = []
    lost = []
    for path in files:
        rel = os.path.relpath(path, ROOT)
        orc, norc, err = oracle(path)
        mine, bad, diags = ours(dump, path)
        tot['files'] += 1
        tot['oracle'] += norc
        tot['ours'] += len(mine)
        tot['malformed'] += bad
        tot['diags'] += diags
        if err is not None:
            failed.append('%s (%s)' % (rel, err))
        if norc > 0 and not mine and err is None:
            lost.append(rel)
        diff = []
        for rid, (eid, data) in orc.items():
            o = mine.get(rid)
            if o is None:
                continue
            tot['both'] += 1
            if str(o['event_id']) == eid:
                tot['ids'] += 1
            else:
                diff.append('record %s: EventID %s, etwcat %s' %
                            (rid, eid, o['event_id']))
            if o.get('root') != 'event_data':
                continue
            # python's values by name, repeated names in order
            fields = {}
            for name, v, bt in o['fields']:
                fields[name] = (v, bt)
            groups = {}
            for name, text in data:
                groups.setdefault(name, []).append(text)
            for name, texts in groups.items():
                if name not in fields:
                    tot['values'] += len(texts)
                    diff.append('record %s: %s not read' % (rid, name))
                    continue
                v, bt = fields[name]
                # evtxexport writes an array's items as elements of
                # the array's name, one each
                if len(texts) > 1 or (isinstance(v, list) and
                                      (not bt & 0x80 or
                                       ORACLE == 'evtxexport')):
                    pairs = list(zip(texts, v if isinstance(v, list)
                                     else [v]))
                    if len(pairs) != len(texts):
                        pairs = []
                        diff.append('record %s: %s count' % (rid, name))
                    # repeated elements: each of its own, untyped
                    pairs = [(t, x, 0x01) for t, x in pairs]
                else:
                    pairs = [(texts[0], v, bt)]
                for text, x, b in pairs:
                    r = same(text, x, b) if isinstance(x, (str, list)) \
                        else None
                    if r is None:
                        tot['vskip'] += 1
                        continue
                    tot['values'] += 1
                    if r:
                        tot['vagree'] += 1
                    else:
                        diff.append('record %s: %s = %r, etwcat %r (type '
                                    '0x%02x)' % (rid, name, text[:60],
                                                 str(x)[:60], b))
        if diff or len(mine) != norc:
            print('%s: %d records, %s %d; %d differences%s' %
                  (rel, len(mine), ORACLE, norc, len(diff),
                   (': ' + diff[0]) if diff else ''))
    print('oracle fails on %d files:' % len(failed))
    for f in failed:
        print('  ' + f)
    print(('%(files)d files: etwcat %(ours)d records (%(malformed)d '
          'malformed, %(diags)d diagnostics), ' + ORACLE + ' %(oracle)d; '
          'both %(both)d, EventID agrees %(ids)d; EventData values '
          'agree %(vagree)d of %(values)d (%(vskip)d of types '
          'the oracle does not render)') % tot)
    ok = True
    if tot['both'] < FLOOR_RECORDS:
        print('FAIL: %d records compared, floor %d' % (tot['both'],
                                                         FLOOR_RECORDS))
        ok = False
    if tot['ids'] < FLOOR_IDS * tot['both']:
        print('FAIL: EventID agreement below %.3f' % FLOOR_IDS)
        ok = False
    if tot['vagree'] < FLOOR_VALUES * tot['values']:
        print('FAIL: EventData agreement below %.3f' % FLOOR_VALUES)
        ok = False
    if lost:
        print('FAIL: no record read of ' + ', '.join(lost))
        ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
