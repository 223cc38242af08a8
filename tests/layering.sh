#!/bin/sh
# layering.sh: the include rule of the layers (README.md, "Source tree").
#
#   include/etwcat.h  the public header: includes no project header
#   catalog/          catalog/ and include/ headers only
#   validator/        those and validator/'s, never render/'s
#   render/           any layer's
#   main.c            etwcat.h and system headers only
#
# and validator/ and render/ never include the loaders' write side,
# catalog/model_build.h (or catalog/load.h, which includes it): after
# loading they add to a catalog only through catalog/annotate.h.
#
# meson compiles each layer with only the include folders below it, so
# most breaches do not compile; this test also catches the ones that
# would, such as a relative path ("../render/html.h").  Each #include
# is resolved as the compiler resolves it: "NAME" first beside the
# including file, then in the layers' folders; <NAME> in the layers'
# folders only (anything else is a system header).
#
# Usage: layering.sh [ROOT]   (ROOT: $SRCDIR, else the working folder)
# Then, unless ROOT was given, the check is run on scratch copies of
# the tree with one forbidden include each, every one of which must
# fail, so that the test is known to be able to fail.
set -u
LC_ALL=C
export LC_ALL

# layer PATH: 0 include/, 1 catalog/, 2 validator/, 3 render/, 9 else.
layer() {
	case $1 in
	include/*) echo 0 ;;
	catalog/*) echo 1 ;;
	validator/*) echo 2 ;;
	render/*) echo 3 ;;
	*) echo 9 ;;
	esac
}

# resolve FILE NAME QUOTED: the project file an include names, relative
# to the root, or nothing for a system header.
resolve() {
	if [ "$3" = 1 ]; then
		set -- "$1" "$2" "$(dirname "$1")/$2"
	else
		set -- "$1" "$2" ""
	fi
	for c in $3 "include/$2" "catalog/$2" "validator/$2" "render/$2" \
	    "./$2"; do
		if [ -f "$c" ]; then
			realpath -m --relative-to=. "$c"
			return
		fi
	done
}

# check ROOT: prints each breach as FILE:LINE: ...; exit 1 if any.
check() {
	(
	cd "$1" || exit 2
	tmpf=$(mktemp) || exit 2
	bad=0
	for f in main.c include/*.h catalog/*.[ch] validator/*.[ch] \
	    render/*.[ch] render/*/*.[ch]; do
		[ -f "$f" ] || continue
		from=$(layer "$f")
		[ "$f" = main.c ] && from=main
		# "LINE QUOTED NAME" for every #include line.
		awk '/^[ \t]*#[ \t]*include/ {
			s = $0
			sub(/^[ \t]*#[ \t]*include[ \t]*/, "", s)
			q = substr(s, 1, 1)
			if (q != "\"" && q != "<")
				next
			s = substr(s, 2)
			if ((i = index(s, q == "<" ? ">" : "\"")) == 0)
				next
			print NR, q == "\"" ? 1 : 0, substr(s, 1, i - 1)
		}' "$f" >"$tmpf"
		while read -r line q name; do
			to=$(resolve "$f" "$name" "$q")
			[ -n "$to" ] || continue	# a system header
			why=
			case $from in
			main)
				[ "$to" = include/etwcat.h ] ||
				    why="main.c may include etwcat.h and system headers only"
				;;
			*)
				tl=$(layer "$to")
				if [ "$tl" -gt "$from" ]; then
					case $from in
					0) why="the public header includes no project header" ;;
					1) why="catalog/ may include catalog/ and include/ headers only" ;;
					2) why="validator/ may not include render/ headers" ;;
					esac
				elif [ "$from" -ge 2 ] && { [ "$to" = catalog/model_build.h ] ||
				    [ "$to" = catalog/load.h ]; }; then
					why="the loaders' write side is catalog/'s alone (use annotate.h)"
				fi
				;;
			esac
			if [ -n "$why" ]; then
				echo "$f:$line: includes $to: $why"
				bad=1
			fi
		done <"$tmpf"
	done
	rm -f "$tmpf"
	exit $bad
	)
}

if [ $# -gt 0 ]; then
	check "$1"
	exit
fi
root=${SRCDIR:-.}
if ! check "$root"; then
	echo "FAIL: layering: the tree breaks the include rule (above)"
	exit 1
fi

# Each forbidden include must be caught: FILE LINE-TO-ADD.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
while IFS='|' read -r file inc; do
	rm -rf "$tmp/t"
	mkdir "$tmp/t"
	(cd "$root" && cp -R main.c include catalog validator render "$tmp/t/")
	printf '%s\n' "$inc" >>"$tmp/t/$file"
	n=$((n + 1))
	if check "$tmp/t" >"$tmp/out"; then
		echo "FAIL: layering: '$inc' in $file not caught"
		fail=$((fail + 1))
	elif ! grep -q "^$file:" "$tmp/out"; then
		echo "FAIL: layering: '$inc' in $file reported elsewhere:"
		cat "$tmp/out"
		fail=$((fail + 1))
	fi
done <<'EOF'
catalog/model.c|#include "vcheck.h"
catalog/notes.c|#include "../render/html.h"
catalog/model.h|#include <render/html.h>
validator/lint.c|#include "vformat.h"
validator/drift.c|#include "model_build.h"
render/site/view.c|#include "load.h"
include/etwcat.h|#include "model.h"
main.c|#include "model.h"
main.c|#include "../validator/validate.h"
EOF
if [ $fail -ne 0 ]; then
	echo "layering: $fail of $n forbidden includes not caught"
	exit 1
fi
echo "layering: the tree keeps the rule; $n forbidden includes caught"
