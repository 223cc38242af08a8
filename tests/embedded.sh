#!/bin/sh
# embedded.sh BUILDDIR [MESON]: the compiled-in templates (render/
# embedded.h) and what `meson install` puts in place.
#
#   1. etwcat build run from a temporary folder outside the repository,
#      with no $ETWCAT_TEMPLATES, writes the site that a build from the
#      repository root with --templates templates writes (diff -r); a
#      templates/ folder in the working directory is not read;
#   2. --templates DIR and $ETWCAT_TEMPLATES, each with a changed page
#      template and stylesheet, are honoured (the option over the
#      variable, an empty variable as unset), and a DIR that lacks a
#      partial fails rather than borrowing the built-in one;
#   3. `meson install --destdir` installs the binary and the man page and
#      no etwcat.h without a library; the installed binary, run from
#      another temporary folder, writes the same site.  Without meson
#      (MESON empty) parts 1 and 2 still run and the test exits 77.
#
# Every site is built from one absolute SOURCE path, since the pages
# show the path a schema was read from.
#
# Environment (tests/meson.build): ETWCAT, SRCDIR.
set -u

BUILDDIR=${1:-build}
MESON=${2:-}
ETWCAT=${ETWCAT:-./build/etwcat}
SRCDIR=${SRCDIR:-.}
SRC=$(cd "$SRCDIR" && pwd -P)
case $ETWCAT in /*) ;; *) ETWCAT=$(pwd -P)/$ETWCAT ;; esac
case $BUILDDIR in /*) ;; *) BUILDDIR=$(pwd -P)/$BUILDDIR ;; esac
T=$(mktemp -d /tmp/embedded.XXXXXX)
T=$(cd "$T" && pwd -P)
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
unset ETWCAT_TEMPLATES

say() { printf '%s\n' "$*"; }
bad() { say "FAIL: $*"; fail=1; }

# build NAME DIR VAR [ARGS...]: etwcat build run in DIR, into $T/site-NAME,
# with VAR ("NAME=value", or empty) in its environment.
build() {
	name=$1 dir=$2 var=$3
	shift 3
	(cd "$dir" && env ${var:+"$var"} "$ETWCAT" build -q -j 2 "$@" \
	    -o "$T/site-$name" "$SRC/samples") 2>"$T/$name.err"
	rc=$?
	[ $rc -le 1 ] && return 0
	cat "$T/$name.err"
	bad "build $name (in $dir) exited $rc"
	return 1
}
same() {	# same SITE WHAT: SITE is the reference site (the marker apart:
		# its hashes cover the templates, and where they are read from)
	diff -r -x .etwcat-site -x .etwcat-run "$T/site-ref" "$1" >"$T/diff" 2>&1 && return 0
	head -20 "$T/diff"
	bad "$2: not the site --templates templates writes"
}

case $T/ in
"$SRC"/*) say "FAIL: $T is inside the repository"; exit 1 ;;
esac

# 1. the reference, then the embedded set from elsewhere
build ref "$SRC" "" --templates templates || exit 1
mkdir "$T/run"
build run "$T/run" "" && same "$T/site-run" "build from $T/run"
mkdir -p "$T/cwd/templates/assets"
cp -r "$SRC/templates/." "$T/cwd/templates/"
echo '<!-- read from the working directory -->' >>"$T/cwd/templates/index.html"
build cwd "$T/cwd" "" && same "$T/site-cwd" "build beside a templates/ folder"

# 2. overrides
for v in opt env; do
	cp -r "$SRC/templates" "$T/tpl-$v"
	echo "<!-- etwcat-test-$v -->" >>"$T/tpl-$v/index.html"
	echo "/* etwcat-test-$v */" >>"$T/tpl-$v/assets/style.css"
done
marked() {	# marked SITE V WHAT
	grep -q "etwcat-test-$2" "$1/index.html" &&
	    grep -q "etwcat-test-$2" "$1/assets/style.css" ||
	    bad "$3: the changed template or stylesheet was not used"
}
build o "$T/run" "" --templates "$T/tpl-opt" && marked "$T/site-o" opt "--templates"
build e "$T/run" "ETWCAT_TEMPLATES=$T/tpl-env" && marked "$T/site-e" env '$ETWCAT_TEMPLATES'
build oe "$T/run" "ETWCAT_TEMPLATES=$T/tpl-env" --templates "$T/tpl-opt" &&
    marked "$T/site-oe" opt '--templates with $ETWCAT_TEMPLATES set'
build empty "$T/run" ETWCAT_TEMPLATES= && same "$T/site-empty" 'an empty $ETWCAT_TEMPLATES'
rm "$T/tpl-opt/head.html"
(cd "$T/run" && "$ETWCAT" build -q --templates "$T/tpl-opt" -o "$T/site-np" \
    "$SRC/samples") 2>"$T/np.err"
rc=$?
{ [ $rc -eq 1 ] || [ $rc -eq 3 ]; } && grep -q 'template-syntax' "$T/np.err" ||
    bad "a templates folder without head.html did not fail ($rc)"

# 3. meson install
if [ -z "$MESON" ]; then
	say "SKIP install test: meson not found"
	[ $fail -eq 0 ] && exit 77
	exit $fail
fi
if ! "$MESON" install -C "$BUILDDIR" --no-rebuild --destdir "$T/dest" \
    >"$T/install.log" 2>&1; then
	tail -20 "$T/install.log"
	bad "meson install --destdir failed"
	exit 1
fi
(cd "$T/dest" && find . -type f | sort) >"$T/files"
say "installed:" $(cat "$T/files")
bin=$(grep '/bin/etwcat$' "$T/files")
grep -q '/man1/etwcat\.1$' "$T/files" || bad "no man page installed"
if grep -q '\.h$' "$T/files" &&
    ! grep -q -E '/lib[^/]*/libetwcat[^/]*\.(so|a)' "$T/files"; then
	bad "a header is installed without a library that implements it"
fi
if [ -z "$bin" ]; then
	bad "no bin/etwcat installed"
else
	mkdir "$T/run2"
	ETWCAT=$T/dest/${bin#./}
	build installed "$T/run2" "" && same "$T/site-installed" "the installed binary"
fi
exit $fail
