#!/usr/bin/env python3
"""site_a11y.py CHROMIUM AXE_JS PAGE... [--width PAGE...]

The site on a phone and for a screen reader, in headless Chromium
(tests/site_browser.py's launch and DevTools connection).  Each PAGE is
an HTML file of a built site, given as KIND=PATH (KIND names it in the
output: index, provider, event, build...); a KIND ending in "+search"
is the page with the results of a search for "551" open.  For each:

  1. at 390 px wide (a phone's viewport: the device metrics of a
     mobile screen, so the page's viewport <meta> applies) the page is
     no wider than the viewport: document.documentElement.scrollWidth
     <= 390, in the light and the dark colour scheme.  When it is, the
     elements that reach past the right edge outside a scroll
     container are named;
  2. axe-core (AXE_JS: axe.min.js, from tests/axe/ by npm ci) finds no
     violation, at 1280 and 390 px, with prefers-color-scheme light and
     dark (emulated): every violation is printed with the first nodes
     it names.

The PAGEs after --width get check 1 only, in the light scheme: more
pages can be measured than axe-core has time to check (a few seconds a
page, on a provider page of 400 events).

Exit status 0 when every page passes, 1 when one does not, 2 when
Chromium could not be driven.
"""
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from site_browser import launch, stop  # noqa: E402

WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
PHONE = 390

# The elements whose right edge is past the viewport and that are not
# inside an element that scrolls sideways: what makes a page wider
# than the screen.
OFFENDERS = r"""
(() => {
  const w = document.documentElement.clientWidth, out = [];
  const scrolls = e => {
    for (let p = e.parentElement; p && p !== document.body;
         p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'auto' || s.overflowX === 'scroll' ||
          s.overflowX === 'hidden')
        return true;
    }
    return false;
  };
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.right > w + 0.5 && r.width > 0 && !scrolls(e)) {
      const id = e.id ? '#' + e.id : '';
      const cl = e.className && typeof e.className === 'string' ?
          '.' + e.className.trim().split(/\s+/).join('.') : '';
      out.push(e.tagName.toLowerCase() + id + cl + ' right=' +
               Math.round(r.right) + ' "' +
               (e.textContent || '').trim().slice(0, 40) + '"');
      if (out.length >= 8) break;
    }
  }
  return out;
})()
"""

AXE_RUN = r"""
axe.run(document, {resultTypes: ['violations']}).then(r =>
  r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, n: v.nodes.length,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))
  })))
"""


def load(cdp, url, search):
    """Open url and wait until search.js has put its form in the header
    (the page as a reader sees it); with search, type 551 and wait for
    the results."""
    cdp.send("Page.navigate", url=url)
    cdp.wait("document.readyState === 'complete' && "
             "document.querySelector('form.search input') !== null", url)
    if search:
        cdp.eval("document.querySelector('form.search input').focus()")
        for ch in "551":
            cdp.send("Input.dispatchKeyEvent", type="keyDown", text=ch,
                     key=ch, unmodifiedText=ch)
            cdp.send("Input.dispatchKeyEvent", type="keyUp", key=ch)
        cdp.wait("document.querySelector('.results.open li') !== null",
                 "search results on " + url)


def main():
    chromium, axe_js = sys.argv[1], sys.argv[2]
    pages, wide = [], []
    into = pages
    for a in sys.argv[3:]:
        if a == "--width":
            into = wide
            continue
        kind, path = a.split("=", 1)
        into.append((kind, os.path.abspath(path)))
    axe_src = open(axe_js).read()
    prof = tempfile.mkdtemp(prefix="etwcat-chromium.")
    proc = None
    fails = 0
    t0 = time.time()
    try:
        try:
            proc, cdp = launch(chromium, prof)
            cdp.send("Page.enable")
            cdp.send("Runtime.enable")
        except (IOError, OSError) as e:
            print("could not drive chromium: %s" % e)
            return 2
        for width in WIDTHS:
            cdp.send("Emulation.setDeviceMetricsOverride", width=width,
                     height=844 if width == PHONE else 1000,
                     deviceScaleFactor=1, mobile=width == PHONE)
            for scheme in SCHEMES:
                cdp.send("Emulation.setEmulatedMedia", features=[
                    {"name": "prefers-color-scheme", "value": scheme}])
                todo = [(k, p, True) for k, p in pages]
                if width == PHONE and scheme == SCHEMES[0]:
                    todo += [(k, p, False) for k, p in wide]
                for kind, path, axe in todo:
                    what = "%s at %d px, %s" % (kind, width, scheme)
                    load(cdp, "file://" + path, kind.endswith("+search"))
                    if cdp.eval("matchMedia('(prefers-color-scheme: %s)')"
                                ".matches" % scheme) is not True:
                        print("FAIL: %s: the colour scheme is not "
                              "emulated" % what)
                        fails += 1
                    if width == PHONE:
                        sw = cdp.eval(
                            "document.documentElement.scrollWidth")
                        ok = sw <= PHONE
                        print("%s: %s scrollWidth %d px" %
                              ("ok" if ok else "FAIL", what, sw))
                        if not ok:
                            fails += 1
                            for o in cdp.eval(OFFENDERS):
                                print("    wider: %s" % o)
                    if not axe:
                        continue
                    cdp.eval(axe_src + "\n;0")
                    vs = cdp.eval(AXE_RUN)
                    if vs:
                        fails += 1
                        print("FAIL: %s: %d axe violations" % (what, len(vs)))
                        for v in vs:
                            print("    %s (%s, %d nodes): %s" %
                                  (v["id"], v["impact"], v["n"], v["help"]))
                            for n in v["nodes"]:
                                print("        %s" % n)
                    else:
                        print("ok: %s: no axe violation" % what)
    except (AssertionError, IOError) as e:
        print("FAIL: %s" % e)
        return 1
    finally:
        stop(proc, prof)
    print("%d pages x %d widths x %d schemes with axe-core, %d more "
          "measured at %d px, in %.1f s: %d failed" %
          (len(pages), len(WIDTHS), len(SCHEMES), len(wide), PHONE,
           time.time() - t0, fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
