#!/usr/bin/env python3
"""site_search.py anchors SITE | site_search.py browser SITE CHROMIUM

anchors: every field entry of SITE's search index (search-index.js,
etwcat(1) SITE) names, as search.js makes the link of a field hit, the
row of that field on its event page (<tr id=...> with the field's
name), or the version's field table (<h3 id="vN-fields">) where the
index says so.

browser: the search box of the full-corpus site in headless Chromium
(the driver of tests/site_browser.py), from file://: four queries a
detection engineer types, each from a fresh page, and the first hit of
each:

  551 on the SMBServer provider page   SMBServer's event 551
  4624 on index.html                   Security-Auditing's 4624
  SessionId on index.html              a SessionId field row
                                       (events/N.html#vV-SessionId)
  ClientAddress 551 on index.html      the ClientAddress row of
                                       SMBServer 551, not
                                       ClientAddressLength's

A field hit is then followed: its row is on the page, a <tr> with the
field's name.  Each query also prints how long its results took: from
the first keystroke to the first results (the index is loaded when the
box takes the focus, just before), and the slowest keystroke after the
index is in.  These are printed, not asserted (timings belong in
bench/; the machine is shared).

SITE is what `etwcat build` made of ../shared/corpus (tests/
site_search.sh builds it).  Exit status 0 on success, 1 on a failed
check, 2 when Chromium could not be driven.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from site_browser import launch, stop  # noqa: E402

SMB = "Microsoft-Windows-SMBServer"
CASES = [
    # (page, query, what the first hit's href must end with, field)
    ("providers/%s/index.html" % SMB, "551",
     "/providers/%s/events/551.html" % SMB, None),
    ("index.html", "4624",
     "/providers/Microsoft-Windows-Security-Auditing/events/4624.html",
     None),
    ("index.html", "SessionId", None, "SessionId"),
    ("index.html", "ClientAddress 551",
     "/providers/%s/events/551.html" % SMB, "ClientAddress"),
]

# Timestamps, in the page: every input event (before search.js sees
# it: a capturing listener on the document) and every change of the
# results region, with whether it then holds a link.
PROBE = """(function(){
  window.__t = {inputs: [], muts: []};
  document.addEventListener('input', function () {
    __t.inputs.push(performance.now()); }, true);
  new MutationObserver(function () {
    __t.muts.push([performance.now(),
      document.querySelector('#results a') !== null]);
  }).observe(document.getElementById('results'),
    {childList: true, subtree: true});
  return true; })()"""

FIRST = """(function(){
  var a = document.querySelector('#results ol a');
  if (!a) return null;
  var f = a.querySelector('.rf'), c = a.cloneNode(true);
  Array.prototype.forEach.call(c.querySelectorAll('.rf'),
    function (x) { x.remove(); });
  return {href: a.href, text: c.textContent,
          field: f ? f.textContent.replace(/^field /, '') : null,
          n: document.querySelectorAll('#results ol a').length};
})()"""


def key(cdp, ch):
    cdp.send("Input.dispatchKeyEvent", type="keyDown", text=ch, key=ch,
             unmodifiedText=ch)
    cdp.send("Input.dispatchKeyEvent", type="keyUp", key=ch)


def open_page(cdp, url):
    cdp.send("Page.navigate", url=url)
    cdp.wait("location.href === %s && document.readyState === 'complete'"
             " && document.getElementById('results') !== null"
             % json.dumps(url), url)
    cdp.eval(PROBE)


def results_after(cdp, n):
    """Wait for a change of the results with a link after input n."""
    return cdp.wait(
        "(function(){var t=__t.inputs[%d];for(var i=0;i<__t.muts.length;"
        "i++)if(__t.muts[i][0]>=t&&__t.muts[i][1])return __t.muts[i][0]-t;"
        "return null;})()" % n, "results after keystroke %d" % (n + 1))


def one(cdp, site, page, query, want, field):
    url = "file://" + os.path.join(site, page)
    # Cold: a fresh page, the box focused (the index starts loading)
    # and the query typed at once, as a reader would.
    open_page(cdp, url)
    cdp.eval("document.getElementById('q').focus()")
    for ch in query:
        key(cdp, ch)
    first = results_after(cdp, 0)
    cdp.wait("(function(){var r=document.getElementById('results');"
             "return document.getElementById('q').value===%s&&"
             "__t.inputs.length===%d&&__t.muts.length>0&&"
             "__t.muts[__t.muts.length-1][0]>=__t.inputs[%d];})()"
             % (json.dumps(query), len(query), len(query) - 1),
             "the results of %r" % query)
    time.sleep(0.2)
    hit = cdp.wait(FIRST, "a result for %r" % query)
    # Warm: the index in, the query typed again key by key, each
    # keystroke's results awaited.
    cdp.eval("(function(){var q=document.getElementById('q');q.value='';"
             "q.dispatchEvent(new Event('input'));__t.inputs=[];"
             "__t.muts=[];return true;})()")
    slow = 0.0
    for n, ch in enumerate(query):
        key(cdp, ch)
        if ch != " ":
            slow = max(slow, results_after(cdp, n))
    # A reader: the page shown, the box reached a second later (the
    # index loads once the page is idle), the query typed at once.
    open_page(cdp, url)
    time.sleep(1.0)
    cdp.eval("document.getElementById('q').focus()")
    for ch in query:
        key(cdp, ch)
    idle = results_after(cdp, 0)
    print("%-28s first results %6.1f ms after the first keystroke "
          "typed at once on a fresh page, %6.1f ms typed a second "
          "after it loaded; slowest keystroke, index loaded: "
          "%5.1f ms" % ("%r on %s" % (query, page.split("/")[-2]
                                       if "/" in page else page),
                        first, idle, slow))
    print("    first hit: %s%s -> %s" % (
        hit["text"][:80], "" if hit["field"] is None else
        " [field %s]" % hit["field"], hit["href"].split(site, 1)[-1]))
    bad = 0
    path, _, frag = hit["href"].partition("#")
    if want is not None and not path.endswith(want):
        print("FAIL: the first hit of %r is not %s" % (query, want))
        bad = 1
    if field is not None:
        if hit["field"] != field or not frag:
            print("FAIL: the first hit of %r is not a %s field row"
                  % (query, field))
            return 1
        # Follow it: the row it names is that field's.
        cdp.send("Page.navigate", url=hit["href"])
        row = cdp.wait(
            "(function(){if(location.href!==%s||document.readyState!=="
            "'complete')return null;var r=document.getElementById(%s);"
            "if(!r)return 'none';var th=r.querySelector('th');return "
            "r.tagName+' '+(th?th.textContent:'');})()"
            % (json.dumps(hit["href"]), json.dumps(frag)), "the row")
        print("    #%s is: %s" % (frag, row))
        if row != "TR " + field:
            print("FAIL: #%s is not the row of %s" % (frag, field))
            bad = 1
    elif frag:
        print("FAIL: an event id hit links into the page (#%s)" % frag)
        bad = 1
    return bad


def load_index(site):
    """The index's object: the JSON text in its JSON.parse() literal."""
    s = open(os.path.join(site, "search-index.js"), encoding="utf-8").read()
    if "etwcatIndex(JSON.parse('" not in s:
        raise ValueError("search-index.js is not etwcatIndex(JSON.parse(...))")
    s = s[s.index("JSON.parse('") + 12:s.rindex("')")]
    s = re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(
        m.group(1), m.group(1)), s)
    return json.loads(s)


def safe_name(n):
    """catalog/safename.c's ecat_safe_name(), as search.js has it."""
    o = re.sub(r"[^A-Za-z0-9._-]+", "_", n)[:200]
    if o == "":
        return "_"
    return "_" + o[1:] if o[0] in ".-" else o


def anchors(site):
    try:
        j = load_index(site)
    except ValueError as e:
        print("FAIL: %s" % e)
        return 1
    odd = {(j["A"][k], j["A"][k + 1]): j["A"][k + 2]
           for k in range(0, len(j["A"]), 3)}
    ep = []
    for pi, n in enumerate(j["n"]):
        ep += [pi] * n
    rows_re = re.compile(r'<tr id="([^"]*)"><td>[^<]*</td><th scope="row">'
                         r'<a href="#[^"]*">(.*?)</a></th>')
    h3_re = re.compile(r'<h3 id="(v[0-9]+-fields)"')
    total = bad = 0
    for e, fl in enumerate(j["f"]):
        if not fl:
            continue
        pi = ep[e]
        page = os.path.join(site, "providers", j["U"].get(str(pi), j["P"][pi]),
                            "events", "%d.html" % j["i"][e])
        h = open(page, encoding="utf-8").read()
        rows = {a: html.unescape(n) for a, n in rows_re.findall(h)}
        tables = set(h3_re.findall(h))
        ver = 0
        for x in fl:
            if x < 0:
                ver = -x - 1
                continue
            a = odd.get((e, x)) or "v%d-%s" % (ver, safe_name(j["F"][x]))
            total += 1
            if rows.get(a) != j["F"][x] and not (
                    (e, x) in odd and a == "v%d-fields" % ver and a in tables):
                bad += 1
                if bad <= 10:
                    print("FAIL: %s: #%s is not the row of %s"
                          % (page, a, j["F"][x]))
    print("field links: %d, %d to no row; %d row ids not v<version>-<name>"
          % (total, bad, len(odd)))
    return 1 if bad or total == 0 else 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "anchors":
        return anchors(os.path.abspath(sys.argv[2]))
    if len(sys.argv) != 4 or sys.argv[1] != "browser":
        print(__doc__.split("\n")[0])
        return 2
    site, chromium = os.path.abspath(sys.argv[2]), sys.argv[3]
    prof = tempfile.mkdtemp(prefix="etwcat-chromium.")
    proc = None
    try:
        proc, cdp = launch(chromium, prof)
        cdp.send("Page.enable")
        cdp.send("Runtime.enable")
        bad = 0
        for page, query, want, field in CASES:
            bad |= one(cdp, site, page, query, want, field)
        return bad
    except (IOError, OSError, IndexError) as e:
        print("could not drive chromium: %s" % e)
        return 2
    except AssertionError as e:
        print("FAIL: %s" % e)
        return 1
    finally:
        stop(proc, prof)


if __name__ == "__main__":
    sys.exit(main())
