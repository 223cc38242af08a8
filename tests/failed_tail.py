#!/usr/bin/env python3
"""failed_tail.py LOGDIR...: name each test that did not pass in meson's
testlog.json of each build folder, with the last lines of its output.

make test prints this just before its summary line, so that a CI log
cut to its tail still says which test failed and why (meson prints the
failed tests' logs after each suite, where the ASan suite and the fuzz
run that follow push them out of a short tail)."""
import json
import os
import sys

TAIL = 25


def main():
    bad = 0
    for d in sys.argv[1:]:
        path = os.path.join(d, "meson-logs", "testlog.json")
        try:
            f = open(path, encoding="utf-8", errors="replace")
        except OSError as e:
            print("failed_tail: %s: %s" % (path, e.strerror))
            continue
        with f:
            for line in f:
                try:
                    t = json.loads(line)
                except ValueError:
                    continue
                if t.get("result") in ("OK", "SKIP", "EXPECTEDFAIL"):
                    continue
                bad += 1
                out = (t.get("stdout") or "").rstrip("\n").split("\n")
                print("== %s: %s %s (exit %s, %.0f s); its last lines:" % (
                    d, t.get("name"), t.get("result"), t.get("returncode"),
                    t.get("duration") or 0))
                for o in out[-TAIL:]:
                    print("   | " + o[:300])
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
