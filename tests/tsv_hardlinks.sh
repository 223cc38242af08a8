#!/bin/sh
#
# tsv_hardlinks.sh: a TSV catalog whose builds share files by hard
# links (cp -al, as snapshots and bench/stress.sh make them) loads as
# the same catalog made of copies: the TSV loader takes a file whose
# identity (device, inode, size, times) it has read before for the
# same bytes without reading it again (catalog/tsv.c, struct known),
# and a file whose bytes any earlier build had under its name for
# that build's schema (struct seen).  Compared: the JSON and TSV
# exports, the drift JSON, and validate's report and diagnostics,
# with the catalog's folder name replaced.
#
# Layout, from three real builds A B C of the 17 TSV builds:
#   A, B, C          the builds (copied)
#   A-s1             A's files, one provider file edited (new inode)
#   A-s2             A's files, none edited
#   B-s1             B's files; a manifest file of A put back in B's
#                    place (a file that comes back to an earlier build's
#                    bytes) and a header-only mof file
# made twice: with hard links (L) and with copies (K).
#
# With strace(1) installed, also: the hard-linked catalog opens fewer
# files than the copied one (the known files are not opened), and
# stats no more names than it opens (the links the walk lists with a
# known inode number are not stat'ed).
#
# usage: tsv_hardlinks.sh  (env ETWCAT, SRCDIR, SHARED)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
: "${SHARED:=../shared}"
case $ETWCAT in /*) ;; *) ETWCAT=$(pwd)/$ETWCAT ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-hlink.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

tsv=$SHARED/corpus/tsv/jdu2600
A=Win10-1511-10586 B=Win10-1607-14393 C=Win10-1703-15063
for b in $A $B $C; do
	[ -d "$tsv/$b" ] || { echo "FAIL: no $tsv/$b"; exit 1; }
done
# A provider file with rows, in A and in B with other bytes.
edit=manifest/Microsoft-Windows-Kernel-Process.tsv
cmp -s "$tsv/$A/$edit" "$tsv/$B/$edit" &&
    { echo "FAIL: $edit is the same in $A and $B"; exit 1; }

# make DIR CP: the layout above, copying files with CP.
make() {
	d=$1 cp=$2
	mkdir -p "$d" || exit 1
	for b in $A $B $C; do
		cp -R "$tsv/$b" "$d/$b" || exit 1
	done
	chmod -R u+w "$d"
	$cp "$d/$A" "$d/$A-s1" || exit 1
	rm -f "$d/$A-s1/$edit"
	awk -F'\t' -v OFS='\t' 'NR % 3 != 0' "$d/$A/$edit" \
	    >"$d/$A-s1/$edit" || exit 1
	$cp "$d/$A" "$d/$A-s2" || exit 1
	$cp "$d/$B" "$d/$B-s1" || exit 1
	rm -f "$d/$B-s1/$edit"
	$cp "$d/$A/$edit" "$d/$B-s1/$edit" || exit 1
}
make "$tmp/L" "cp -al"
make "$tmp/K" "cp -R"
n=$(find "$tmp/L" -type f -links +1 | wc -l)
[ "$n" -gt 1000 ] || bad "only $n hard-linked files in the linked catalog"
[ "$(find "$tmp/K" -type f -links +1 | wc -l)" -eq 0 ] ||
    bad "the copied catalog has hard links"
# A file changed less than two seconds before the run is read again
# whatever its identity (the racy-timestamp rule): wait that out.
sleep 3

for v in L K; do
	"$ETWCAT" export --format json -o "$tmp/$v.json" "$tmp/$v" \
	    2>"$tmp/$v.xerr"
	"$ETWCAT" export --format tsv -o "$tmp/$v.tsv" "$tmp/$v" 2>/dev/null
	"$ETWCAT" drift --format json -o "$tmp/$v.drift" "$tmp/$v" 2>/dev/null
	"$ETWCAT" validate "$tmp/$v" >"$tmp/$v.vout" 2>"$tmp/$v.verr"
	echo $? >"$tmp/$v.rc"
	for f in json drift vout verr xerr; do
		sed "s|$tmp/$v|CAT|g" "$tmp/$v.$f" >"$tmp/$v.$f.n"
	done
done
for f in json drift vout verr xerr rc; do
	ext=$f.n
	[ $f = rc ] && ext=rc
	cmp -s "$tmp/L.$ext" "$tmp/K.$ext" ||
	    bad "hard links and copies differ in $f: $(diff "$tmp/L.$ext" \
	        "$tmp/K.$ext" | head -5)"
done
diff -r "$tmp/L.tsv" "$tmp/K.tsv" >/dev/null ||
    bad "hard links and copies differ in export --format tsv"
# Not the same catalog as the originals': the builds are all there.
for b in $A $A-s1 $A-s2 $B $B-s1 $C; do
	grep -q "\"$b\"" "$tmp/L.json" || bad "build $b not in the export"
done
# The edit is seen: drift finds events gone from A to A-s1 and back.
grep -q '"drift-event-removed"' "$tmp/L.drift" ||
    bad "no drift-event-removed for the edited file"
[ "$(cat "$tmp/L.rc")" = 1 ] ||
    bad "validate exit $(cat "$tmp/L.rc"), not 1 (the corpus has lint errors)"
grep -q "lint-duplicate-event" "$tmp/L.verr" ||
    bad "lint-duplicate-event not reported"
# Each build's duplicate events are reported in that build's files.
for b in $A $A-s2 $B-s1; do
	grep -q "CAT/$b/manifest/Microsoft-Windows-MSDTC.tsv:.*lint-duplicate-event" \
	    "$tmp/L.verr.n" || bad "$b: MSDTC's duplicates not reported"
done

if command -v strace >/dev/null 2>&1; then
	for v in L K; do
		strace -f -e trace=openat,newfstatat,statx,stat,lstat \
		    -o "$tmp/$v.strace" "$ETWCAT" validate -q "$tmp/$v" \
		    >/dev/null 2>&1
		grep 'open.*\.tsv"' "$tmp/$v.strace" | wc -l >"$tmp/$v.opens"
		grep 'stat.*\.tsv"' "$tmp/$v.strace" | wc -l >"$tmp/$v.stats"
	done
	l=$(cat "$tmp/L.opens") k=$(cat "$tmp/K.opens")
	echo "TSV files opened: $l with hard links, $k with copies"
	[ "$l" -lt "$k" ] || bad "hard links opened $l files, copies $k"
	# A link the walk lists with the inode number of a file read
	# before is not stat'ed either (catalog/tsv.c, struct dirino):
	# only the files opened are, once before opening.
	l=$(cat "$tmp/L.stats")
	echo "TSV names stat'ed: $l with hard links, $k with copies"
	[ "$l" -le "$(cat "$tmp/L.opens")" ] ||
	    bad "hard links: $l names stat'ed for $(cat "$tmp/L.opens") opened"
else
	echo "strace not installed: the count of files opened not checked"
fi
[ $fail = 0 ] && echo "PASS"
exit $fail
