# Thin convenience layer over meson, as cmark keeps one over CMake.
#   make site    build etwcat and render samples/ into ./site
#   make test    build etwcat and run the whole test suite
# Both install missing Debian build dependencies first when run as root.

SHELL := /bin/bash

BUILDDIR ?= build
MESON    ?= meson
NINJA    ?= ninja

# Debian packages the build, the tests and the benchmarks need.
DEBS = meson ninja-build pkg-config gcc libc6-dev \
       libxml2-dev libxml2-utils libjansson-dev libcmark-dev libyaml-dev check \
       time

.PHONY: all site test deps build clean

all: build

deps:
	@missing=""; \
	for p in $(DEBS); do \
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

# meson prints its own summary; the last line restates it in the plain
# "N passed, N failed" form that any CI log reader understands.
test: build
	@set -o pipefail; \
	$(MESON) test -C $(BUILDDIR) --print-errorlogs --num-processes 2 \
	  | tee $(BUILDDIR)/test-summary.txt; rc=$$?; \
	ok=$$(awk '/^Ok:/{print $$2}' $(BUILDDIR)/test-summary.txt); \
	fail=$$(awk '/^Fail:/{print $$2}' $(BUILDDIR)/test-summary.txt); \
	to=$$(awk '/^Timeout:/{print $$2}' $(BUILDDIR)/test-summary.txt); \
	skip=$$(awk '/^Skipped:/{print $$2}' $(BUILDDIR)/test-summary.txt); \
	echo "$${ok:-0} passed, $$(( $${fail:-0} + $${to:-0} )) failed, $${skip:-0} skipped"; \
	exit $$rc

clean:
	rm -rf $(BUILDDIR) site
