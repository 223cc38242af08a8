#!/usr/bin/env python3
"""site_browser.py CHROMIUM SITE SHOTS [EVENT_ID PROVIDER FIELD]

The browser test: headless Chromium (Debian's chromium) opens
SITE/index.html from file://, types an event id into the search box,
follows the result for PROVIDER, and checks that the event page shows
its field table with FIELD in it, each field's link to its own row
styled as its name.  Then it saves screenshots of that
page in the light and the dark colour scheme to SHOTS/event-light.png
and SHOTS/event-dark.png, and checks that the page's colours differ
between the two (the stylesheet follows prefers-color-scheme).

Chromium is driven over the DevTools protocol on a loopback port it
picks itself (--remote-debugging-port=0), with a minimal WebSocket
client (RFC 6455) written here so that the test needs nothing but
python3.  Nothing is fetched from the network: the site is read from
file:// and Chromium runs with background networking, component updates
and sync off, and a fresh profile.

Exit status 0 on success, 1 on a failed check, 2 when Chromium could
not be driven.
"""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request


class CDP:
    """A DevTools connection: one WebSocket, one page target."""

    def __init__(self, wsurl):
        assert wsurl.startswith("ws://")
        hostport, path = wsurl[5:].split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        req = ("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
               "Sec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key))
        self.sock.sendall(req.encode())
        resp = b""
        while b"\r\n\r\n" not in resp:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise IOError("websocket handshake failed")
            resp += chunk
        if b" 101 " not in resp.split(b"\r\n")[0]:
            raise IOError("websocket handshake refused: %r" % resp[:80])
        self.buf = resp.split(b"\r\n\r\n", 1)[1]
        self.nextid = 0
        self.events = []

    def _recvn(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise IOError("connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _frame(self):
        b0, b1 = self._recvn(2)
        n = b1 & 0x7f
        if n == 126:
            n = struct.unpack(">H", self._recvn(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", self._recvn(8))[0]
        if b1 & 0x80:
            mask = self._recvn(4)
            data = bytes(c ^ mask[i % 4] for i, c in enumerate(self._recvn(n)))
        else:
            data = self._recvn(n)
        return b0 & 0x80, b0 & 0x0f, data

    def recv(self):
        msg = b""
        while True:
            fin, op, data = self._frame()
            if op == 8:
                raise IOError("connection closed by Chromium")
            if op in (9, 10):
                continue
            msg += data
            if fin:
                return json.loads(msg.decode())

    def send(self, method, **params):
        self.nextid += 1
        payload = json.dumps({"id": self.nextid, "method": method,
                              "params": params}).encode()
        head = bytes([0x81])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(c ^ mask[i % 4]
                                              for i, c in enumerate(payload)))
        while True:
            m = self.recv()
            if m.get("id") == self.nextid:
                if "error" in m:
                    raise IOError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def eval(self, expr):
        r = self.send("Runtime.evaluate", expression=expr,
                      returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise IOError("script error: %s" % r["exceptionDetails"])
        return r.get("result", {}).get("value")

    # What Chromium answers to an evaluation that raced a navigation:
    # the page it was sent to is going away; asking again reaches the
    # new one.  (Seen once in the ASan pass of make test: "Inspected
    # target navigated or closed", while waiting for the event page
    # after the click.)
    TRANSIENT = ("Inspected target navigated or closed",
                 "Execution context was destroyed",
                 "Cannot find context with specified id")

    def wait(self, expr, what, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            try:
                v = self.eval(expr)
            except IOError as e:
                if not any(t in str(e) for t in self.TRANSIENT):
                    raise
                v = None
            if v:
                return v
            time.sleep(0.1)
        raise AssertionError("timed out waiting for " + what)


def stop(proc, prof):
    """End a chromium launch() started (None: none) and remove its
    profile folder."""
    if proc is not None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    shutil.rmtree(prof, ignore_errors=True)


def launch(chromium, prof, size="1280,1000"):
    """Start headless Chromium with the fresh profile prof and a window
    of size ("W,H"); return the process and a CDP connection to its page.
    IOError when it does not start within 30 s."""
    proc = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--no-default-browser-check",
         "--user-data-dir=" + prof, "--remote-debugging-port=0",
         "--window-size=" + size, "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    portfile = os.path.join(prof, "DevToolsActivePort")
    end = time.time() + 30
    while not os.path.exists(portfile) or os.path.getsize(portfile) == 0:
        if time.time() > end or proc.poll() is not None:
            proc.kill()
            raise IOError("chromium did not start")
        time.sleep(0.1)
    port = open(portfile).read().split()[0]
    targets = json.load(urllib.request.urlopen(
        "http://127.0.0.1:%s/json/list" % port, timeout=10))
    page = [t for t in targets if t.get("type") == "page"][0]
    return proc, CDP(page["webSocketDebuggerUrl"])


def main():
    chromium, site, shots = sys.argv[1], sys.argv[2], sys.argv[3]
    eid = sys.argv[4] if len(sys.argv) > 4 else "551"
    provider = sys.argv[5] if len(sys.argv) > 5 else "Microsoft-Windows-SMBServer"
    field = sys.argv[6] if len(sys.argv) > 6 else "SessionGUID"
    site = os.path.abspath(site)
    os.makedirs(shots, exist_ok=True)
    prof = tempfile.mkdtemp(prefix="etwcat-chromium.")
    proc = None
    try:
        proc, cdp = launch(chromium, prof, "1200,1600")
        cdp.send("Page.enable")
        cdp.send("Runtime.enable")
        cdp.send("Log.enable")

        # 1. index.html from file://
        cdp.send("Page.navigate", url="file://" + site + "/index.html")
        cdp.wait("document.readyState === 'complete' && "
                 "document.getElementById('q') !== null", "index.html")
        # 2. type the event id, key by key, into the search box
        cdp.eval("document.getElementById('q').focus()")
        for ch in eid:
            cdp.send("Input.dispatchKeyEvent", type="keyDown", text=ch,
                     key=ch, unmodifiedText=ch)
            cdp.send("Input.dispatchKeyEvent", type="keyUp", key=ch)
        want = "/providers/%s/events/%s.html" % (provider, eid)
        href = cdp.wait(
            "(function(){var a=document.querySelectorAll('#results a');"
            "for(var i=0;i<a.length;i++)if(a[i].href.indexOf(%s)>=0)"
            "return a[i].href;return null;})()" % json.dumps(want),
            "a search result for %s" % want)
        print("search %r offers %s" % (eid, href))
        # 3. follow it, as a reader would: a click on the result
        box = cdp.eval(
            "(function(){var a=document.querySelectorAll('#results a');"
            "for(var i=0;i<a.length;i++)if(a[i].href===%s){"
            "a[i].scrollIntoView();var r=a[i].getBoundingClientRect();"
            "return [r.left+r.width/2,r.top+r.height/2];}})()"
            % json.dumps(href))
        for t in ("mousePressed", "mouseReleased"):
            cdp.send("Input.dispatchMouseEvent", type=t, x=box[0], y=box[1],
                     button="left", clickCount=1)
        cdp.wait("location.href === %s && document.readyState === "
                 "'complete'" % json.dumps(href), "the event page")
        # 4. the field table
        rows = cdp.wait(
            "(function(){var t=document.querySelector('table.fields');"
            "if(!t)return null;return Array.prototype.map.call("
            "t.querySelectorAll('tbody th[scope=row]'),"
            "function(th){return th.textContent;});})()", "the field table")
        print("field table: %d rows: %s" % (len(rows), ", ".join(rows[:6])))
        if field not in rows:
            print("FAIL: %s not in the field table" % field)
            return 1
        h1 = cdp.eval("document.querySelector('h1').textContent")
        print("page: " + h1)
        # a field's link to its own row looks like its name (by CSS,
        # not a class on each link), and the page's color-scheme is
        # the stylesheet's (no <meta> for it)
        look = cdp.eval(
            "(function(){var a=document.querySelector('table.fields "
            "tbody th[scope=row] > a[href^=\"#\"]'),s=getComputedStyle(a);"
            "return [s.textDecorationLine, s.color === getComputedStyle("
            "a.parentNode).color, getComputedStyle(document."
            "documentElement).colorScheme];})()")
        print("field link: decoration %s, colour of its name %s; "
              "color-scheme %s" % tuple(look))
        if look != ["none", True, "light dark"]:
            print("FAIL: a field's own link is styled as a link, or the "
                  "color-scheme is not the stylesheet's")
            return 1
        # 5. light and dark screenshots; the scheme must change colours
        colors = {}
        for scheme in ("light", "dark"):
            cdp.send("Emulation.setEmulatedMedia", features=[
                {"name": "prefers-color-scheme", "value": scheme}])
            time.sleep(0.3)
            colors[scheme] = cdp.eval(
                "getComputedStyle(document.body).backgroundColor")
            shot = cdp.send("Page.captureScreenshot", format="png")
            out = os.path.join(shots, "event-%s.png" % scheme)
            with open(out, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            print("%s scheme: background %s, screenshot %s"
                  % (scheme, colors[scheme], out))
        if colors["light"] == colors["dark"]:
            print("FAIL: light and dark schemes look the same")
            return 1
        # 6. no script error, nothing refused by the Content-Security-
        # Policy, no file missing
        errs = [e for e in cdp.events
                if e.get("method") == "Runtime.exceptionThrown" or
                (e.get("method") == "Log.entryAdded" and
                 e["params"]["entry"].get("level") == "error")]
        if errs:
            print("FAIL: script errors: %s" % errs[:2])
            return 1
        return 0
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
