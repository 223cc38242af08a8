#!/usr/bin/env python3
"""evtx_twins.py ETWCAT EVTX_DUMP: the .evtx captures and their JSON twins give the
same findings, apart from those only binary types can reveal.

The pairs (../shared/captures/SOURCES.md):
  * captures/evtx/omerbenamram-evtx/X.evtx and samples/omerbenamram-evtx/X.jsonl;
  * captures/evtx/evtx-attack-samples/P.evtx and samples/evtx-attack-samples/P.jsonl;
  * captures/evtx/sigma-regression/**/X.evtx and the X.json beside it, which
    is the Rust evtx crate's rendering (Event, #attributes, numbers as JSON
    numbers): turned here into the sample shape, values as written.

Both sides are validated, in one etwcat run each, against the same schemas:
the etwlib dump of Win11-24H2-26100.6899 (../shared/corpus/manifests/
lilhoser), whose inTypes are those the providers register.  Findings are
matched by (pair, record id, id, field): the EventRecordID of the
record an .evtx diagnostic's line counts (EVTX_DUMP, tests/evtx_dump.c,
says which), a JSON line's event_record_id.  Prints the counts per id on each side, then every
difference with its cause; a difference without one of the causes below
fails the test:

  types       sample-type-mismatch: only a binary type reveals it;
  rendering   a value finding (sample-out-of-range, -bad-value or
              -noncanonical-value) on the JSON side only, for a value the
              converter wrote in its own form: decimal digits or a JSON
              number in a field whose outType is hex, which bare digits are
              read as, where the .evtx value carries its integer type, which
              event XML renders in decimal (bits_openvpn's hr "2147745801":
              UInt32, outType HexInt32); a GUID without braces (the Rust
              crate's form) where the .evtx GUID is rendered with them;
  unread      the record is on one side only: the converter or etwcat's
              reader could not read it (python3-evtx reads 89 of the 459
              records of E_ShadowCopy6_...CAPI2%4Operational.evtx), so its
              findings are too;
  unrendered  the .evtx record is ProcessingErrorData (Windows could not
              render the event: error code, item, payload), which the
              converter wrote as an empty event_data.

Skips (77) without the shared captures.
"""
import collections
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

SHARED = os.environ.get('SHARED', '../shared')
ETWCAT = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('ETWCAT')
EVTX_DUMP = sys.argv[2] if len(sys.argv) > 2 else None
SCHEMA = os.path.join(SHARED, 'corpus', 'manifests', 'lilhoser',
                      'Win11-24H2-26100.6899')
CAP = os.path.join(SHARED, 'captures', 'evtx')
SAM = os.path.join(SHARED, 'samples')

# Ids compared; the rest (source notes of the schemas) are not about
# samples.
ONLY_TYPES = {'sample-type-mismatch'}
VALUE_IDS = {'sample-out-of-range', 'sample-bad-value',
             'sample-noncanonical-value'}


def objs(text):
    """The JSON values of a file of concatenated ones."""
    dec = json.JSONDecoder()
    i, out = 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        o, i = dec.raw_decode(text, i)
        out.append(o)


def attrs(x):
    return x.get('#attributes', {}) if isinstance(x, dict) else {}


def text(x):
    return x.get('#text') if isinstance(x, dict) else x


def unattr(x):
    """A value without the crate's #attributes members."""
    if isinstance(x, dict):
        return {k: unattr(v) for k, v in x.items() if k != '#attributes'}
    if isinstance(x, list):
        return [unattr(v) for v in x]
    return x


def sample_shape(ev):
    """One event of the Rust evtx crate's JSON in the sample shape."""
    e = ev.get('Event', ev)
    s = e['System']
    prov = attrs(s.get('Provider'))
    sysm = {'provider': prov.get('Name'),
            'event_id': text(s.get('EventID')),
            'version': s.get('Version', 0),
            'level': s.get('Level'), 'task': s.get('Task'),
            'opcode': s.get('Opcode'), 'keywords': s.get('Keywords'),
            'channel': s.get('Channel'),
            'event_record_id': s.get('EventRecordID')}
    if prov.get('Guid'):
        g = prov['Guid']
        sysm['guid'] = g if g.startswith('{') else '{' + g + '}'
    out = {'system': {k: v for k, v in sysm.items() if v is not None}}
    if 'EventData' in e:
        out['event_data'] = unattr(e['EventData']) or {}
    elif 'UserData' in e:
        out['user_data'] = unattr(e['UserData'])
    out['message'] = ''
    return out


def pairs(tmp):
    """(name, evtx path, JSON path) of every pair."""
    out = []
    for base, ext in (('omerbenamram-evtx', '.jsonl'),
                      ('evtx-attack-samples', '.jsonl')):
        for ev in sorted(glob.glob(os.path.join(CAP, base, '**', '*.evtx'),
                                   recursive=True)):
            rel = os.path.relpath(ev, os.path.join(CAP, base))
            js = os.path.join(SAM, base, rel[:-5] + ext)
            if os.path.exists(js):
                out.append((base + '/' + rel, ev, js))
    sig = os.path.join(CAP, 'sigma-regression')
    for n, ev in enumerate(sorted(glob.glob(os.path.join(sig, '**', '*.evtx'),
                                            recursive=True))):
        src = ev[:-5] + '.json'
        if not os.path.exists(src):
            continue
        with open(src, encoding='utf-8-sig') as f:
            evs = objs(f.read())
        js = os.path.join(tmp, 'sigma%03d.jsonl' % n)
        with open(js, 'w', encoding='utf-8') as f:
            for o in evs:
                f.write(json.dumps(sample_shape(o), ensure_ascii=False))
                f.write('\n')
        out.append(('sigma-regression/' + os.path.relpath(ev, sig), ev, js))
    return out


def validate(files, out):
    r = subprocess.run([ETWCAT, 'validate', '--no-lint', '--format',
                        'json', '-o', out, SCHEMA] + files,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=600)
    if r.returncode not in (0, 1):
        sys.exit('etwcat validate: exit %d: %s' % (r.returncode,
                                                   r.stderr[-2000:]))
    with open(out, encoding='utf-8') as f:
        return json.load(f)


def record_ids(js):
    """Line number -> event_record_id of a JSON lines file."""
    ids = {}
    with open(js, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            try:
                ids[n] = int(json.loads(line)['system']['event_record_id'])
            except (ValueError, KeyError, TypeError):
                ids[n] = None
    return ids


def evtx_ids(path):
    """Record number (a diagnostic's line) -> (EventRecordID, payload root)
    of a file."""
    r = subprocess.run([EVTX_DUMP, path], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, timeout=120)
    ids = {}
    for line in r.stdout.decode('utf-8', 'replace').splitlines():
        try:
            j = json.loads(line)
            ids[j['record']] = (int(j['event']['system']['event_record_id']),
                                j.get('root'))
        except (ValueError, KeyError, TypeError):
            continue
    return ids


def record_events(js):
    """event_record_id -> event of a JSON lines file."""
    evs = {}
    with open(js, encoding='utf-8') as f:
        for line in f:
            try:
                ev = json.loads(line)
                evs[int(ev['system']['event_record_id'])] = ev
            except (ValueError, KeyError, TypeError):
                continue
    return evs


GUID = re.compile(r'^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$')


def converted(ev, field):
    """Is the JSON payload's field in a converter's form, not event
    XML's: a number, a string of decimal digits, or a GUID without
    braces?"""
    pay = ev.get('event_data')
    if pay is None and isinstance(ev.get('user_data'), dict):
        pay = next(iter(ev['user_data'].values()), None)
    if not isinstance(pay, dict) or field not in pay:
        return False
    v = pay[field]
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return True
    return isinstance(v, str) and (v.strip().isdigit() or
                                   GUID.match(v) is not None)


def main():
    if not ETWCAT or not EVTX_DUMP:
        sys.exit('usage: evtx_twins.py ETWCAT EVTX_DUMP')
    if not os.path.isdir(CAP) or not os.path.isdir(SCHEMA):
        print('no shared captures: skipped')
        sys.exit(77)
    with tempfile.TemporaryDirectory() as tmp:
        ps = pairs(tmp)
        byevtx = {os.path.normpath(e): n for n, e, _ in ps}
        byjson = {os.path.normpath(j): n for n, _, j in ps}
        dx = validate([e for _, e, _ in ps], os.path.join(tmp, 'e.json'))
        dj = validate([j for _, _, j in ps], os.path.join(tmp, 'j.json'))
        lines = {n: record_ids(j) for n, _, j in ps}
        erecs = {n: evtx_ids(e) for n, e, _ in ps}
        jevs = {n: record_events(j) for n, _, j in ps}

    # Findings per (pair, record) and what each side read.
    side = {'evtx': collections.Counter(), 'json': collections.Counter()}
    counts = {'evtx': collections.Counter(), 'json': collections.Counter()}
    for name, d in (('evtx', dx), ('json', dj)):
        for x in d['diagnostics']:
            if not x['id'].startswith('sample-'):
                continue
            f = os.path.normpath(x['file'])
            if name == 'evtx':
                pair = byevtx.get(f)
                rec = erecs[pair].get(x['line'], (-x['line'],))[0] \
                    if pair else None
            else:
                pair = byjson.get(f)
                rec = lines[pair].get(x['line']) if pair else None
            if pair is None:
                continue
            counts[name][x['id']] += 1
            side[name][(pair, rec, x['id'], x.get('field'))] += 1
    recs = {'evtx': collections.defaultdict(set),
            'json': collections.defaultdict(set)}
    for (pair, rec, _, _) in side['evtx']:
        recs['evtx'][pair].add(rec)
    for (pair, rec, _, _) in side['json']:
        recs['json'][pair].add(rec)

    print('pairs: %d; samples: evtx %d, json %d' % (
        len(ps), dx['summary']['samples'], dj['summary']['samples']))
    ids = sorted(set(counts['evtx']) | set(counts['json']))
    print('%-28s %8s %8s' % ('id', 'evtx', 'json'))
    for i in ids:
        print('%-28s %8d %8d' % (i, counts['evtx'][i], counts['json'][i]))

    causes = collections.Counter()
    unexplained = []
    keys = set(side['evtx']) | set(side['json'])
    for k in sorted(keys, key=lambda k: tuple(str(x) for x in k)):
        a, b = side['evtx'][k], side['json'][k]
        if a == b:
            continue
        pair, rec, mid, field = k
        eroots = {r: root for r, root in erecs[pair].values()}
        if mid in ONLY_TYPES and b == 0:
            cause = 'types'
        elif rec not in eroots or rec not in jevs[pair]:
            cause = 'unread'
        elif mid in ('sample-malformed', 'sample-evtx-damaged'):
            cause = 'unread'
        elif eroots[rec] == 'processing_error_data' and \
                not jevs[pair][rec].get('event_data'):
            cause = 'unrendered'
        elif mid in VALUE_IDS and a == 0 and converted(jevs[pair][rec], field):
            cause = 'rendering'
        else:
            cause = None
        if cause is None:
            unexplained.append((k, a, b))
        else:
            causes[(cause, mid)] += abs(a - b)
    for (cause, mid), n in sorted(causes.items()):
        print('difference (%s): %s: %d' % (cause, mid, n))
    for (pair, rec, mid, field), a, b in unexplained[:60]:
        print('UNEXPLAINED: %s record %s: %s %s: evtx %d, json %d' % (
            pair, rec, mid, field, a, b))
    bad = []
    if unexplained:
        bad.append('%d unexplained differences' % len(unexplained))
    # Measured: 499 pairs (23 + 274 + 202), every collection present.
    for coll in ('omerbenamram-evtx/', 'evtx-attack-samples/',
                 'sigma-regression/'):
        if not any(n.startswith(coll) for n, _, _ in ps):
            bad.append('no pair of ' + coll)
    if len(ps) < 499:
        bad.append('%d pairs, 499 expected' % len(ps))
    # Read by their binary types, the .evtx values all fit their fields
    # (the 17 the JSON side reports are its decimal digits read as hex).
    if counts['evtx']['sample-out-of-range'] != 0:
        bad.append('%d sample-out-of-range in the .evtx files' %
                   counts['evtx']['sample-out-of-range'])
    if bad:
        print('FAIL: ' + '; '.join(bad))
        sys.exit(1)
    print('ok: the findings agree but for the causes above')


if __name__ == '__main__':
    main()
