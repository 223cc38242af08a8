# Thin convenience layer over meson, as cmark keeps one over CMake.
#   make site    build etwcat and render samples/ into ./site
#   make test    build etwcat and run the whole test suite
# Both install missing Debian build dependencies first when run as root.

SHELL := /bin/bash

BUILDDIR ?= build
MESON    ?= meson
NINJA    ?= ninja

# Debian packages the build needs (libfwnt-dev: the LZ77 decoder of
# compressed .etl buffers; no Debian package reads ETL itself), and
# those only the tests need
# (valgrind for the memcheck runs, python3-jsonschema for the SARIF
# schema check, chromium for the headless browser test of the site,
# clang and its runtime for the libFuzzer harnesses, python3-evtx and
# libevtx-utils as independent readers of .evtx files for the tests,
# strace to count the files a load opens, cmark-gfm to render the
# markdown drift report as GitHub does).
DEBS = meson ninja-build pkg-config gcc libc6-dev \
       libxml2-dev libxml2-utils libjansson-dev libcmark-dev libyaml-dev \
       zlib1g-dev libfwnt-dev check time bc
TEST_DEBS = valgrind python3-jsonschema chromium clang libclang-rt-14-dev \
            python3-evtx libevtx-utils strace cmark-gfm

.PHONY: all site test deps deps-test build clean fuzz

all: build

# Install the Debian packages of $(1) that are missing (as root).
define install_missing
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing Debian packages:$$missing (run as root, or install them)" >&2; \
	    exit 1; \
	  fi; \
	fi
endef

deps:
	$(call install_missing,$(DEBS))

# axe-core, for tests/site_a11y.sh, is npm's (no Debian package):
# npm ci installs the version tests/axe/package-lock.json pins into
# tests/axe/node_modules (not in git), unless it is there already (npm
# ci would remove it first, and fail offline).  Without npm, or when npm
# ci fails, site_a11y is skipped and says why.
AXE_VERSION = node -p 'require("./$(1)").$(2)' 2>/dev/null
deps-test:
	$(call install_missing,$(TEST_DEBS))
	@cd tests/axe && \
	if ! command -v npm >/dev/null; then \
	  echo "no npm: tests/site_a11y.sh will be skipped (install nodejs and npm)" >&2; \
	elif [ "$$($(call AXE_VERSION,node_modules/axe-core/package.json,version))" != \
	    "$$($(call AXE_VERSION,package-lock.json,packages["node_modules/axe-core"].version))" ]; then \
	  npm ci --no-audit --no-fund || \
	    echo "npm ci failed in tests/axe: tests/site_a11y.sh will be skipped" >&2; \
	fi

$(BUILDDIR)/build.ninja:
	$(MESON) setup $(BUILDDIR)

build: deps $(BUILDDIR)/build.ninja
	$(NINJA) -C $(BUILDDIR)

# -q: errors only; `etwcat validate samples` lists every note and warning.
site: build
	./$(BUILDDIR)/etwcat build -q -o site samples; rc=$$?; \
	if [ $$rc -le 1 ]; then \
	  echo "site written: open file://$$(pwd)/site/index.html"; \
	else exit $$rc; fi

# make test: the whole suite (with the valgrind runs of the CLI over the
# real corpus), then the whole suite again built with AddressSanitizer,
# UndefinedBehaviorSanitizer and LeakSanitizer in $(ASANDIR), then a
# short run of every fuzz harness (TESTFUZZTIME seconds each: about
# four minutes for the seven, which CI's time allows; the fuzz run
# counts as one test, failed if any harness left an artifact).  meson
# prints its own summaries; the last line adds them up in the plain
# "N passed, N failed" form that any CI log reader understands.
ASANDIR ?= build-asan
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

$(ASANDIR)/build.ninja:
	$(MESON) setup $(ASANDIR) -Db_sanitize=address,undefined \
	  -Db_lundef=false -Dbuildtype=debug -Dc_args=-fno-sanitize-recover=all

test: build deps-test $(ASANDIR)/build.ninja
	@set -o pipefail; $(NINJA) -C $(ASANDIR) >/dev/null || exit 1; \
	$(MESON) test -C $(BUILDDIR) --print-errorlogs --num-processes 2 \
	  | tee $(BUILDDIR)/test-summary.txt; rc1=$$?; \
	echo "== the same suite under ASan+UBSan+LSan ($(ASANDIR)) =="; \
	$(SANITIZE_ENV) $(MESON) test -C $(ASANDIR) --print-errorlogs \
	  --num-processes 2 --no-suite valgrind --no-suite oracle \
	  | tee $(ASANDIR)/test-summary.txt; rc2=$$?; \
	sum() { awk -v k="$$1" '$$1 == k":" {n += $$2} END {print n + 0}' \
	  $(BUILDDIR)/test-summary.txt $(ASANDIR)/test-summary.txt; }; \
	echo "== each fuzz harness for $(TESTFUZZTIME) s (tests/fuzz/run.sh) =="; \
	tests/fuzz/run.sh $(TESTFUZZTIME); rc3=$$?; \
	fz=$$([ $$rc3 -eq 0 ] && echo 1 || echo 0); \
	tests/failed_tail.py $(BUILDDIR) $(ASANDIR) || true; \
	echo "$$(( $$(sum Ok) + fz )) passed, $$(( $$(sum Fail) + $$(sum Timeout) + 1 - fz )) failed, $$(sum Skipped) skipped"; \
	[ $$rc1 -eq 0 ] && [ $$rc2 -eq 0 ] && [ $$rc3 -eq 0 ]

TESTFUZZTIME ?= 30

# make fuzz: each libFuzzer harness for FUZZTIME seconds (clang needed).
FUZZTIME ?= 30
fuzz: deps deps-test
	tests/fuzz/run.sh $(FUZZTIME)

clean:
	rm -rf $(BUILDDIR) $(ASANDIR) site
