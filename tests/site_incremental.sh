#!/bin/sh
#
# site_incremental.sh: a rebuild renders only the units whose inputs
# changed (etwcat.1 SITE, "Rebuilds"), and the site it leaves equals a
# fresh build byte for byte.  On a copy of two builds of the TSV corpus
# (../shared/corpus/tsv/jdu2600) with one note:
#
# The copy holds 40 providers of each build (Kernel-Process and the
# first 39 by name), to keep the five builds short on a slow disk.
#
# 1. A rebuild with nothing changed says so and leaves every file (the
#    marker and the folder included) with its inode and mtime.
# 2. One TSV row's field type changed (Kernel-Process event 1 version
#    2, in the newer build): the units whose hash changed in the marker
#    are exactly those that show that row (the event's page and JSON,
#    the provider's page and downloads, the newer build's page with its
#    drift, the search index, catalog.json); the run renders exactly
#    their files; every other file keeps its inode and mtime; the site
#    equals a fresh build of the changed input.
# 3. The note changed: only that event's page.
# 4. --full renders every file again (and they keep their bytes).
#
# usage: site_incremental.sh (env ETWCAT, SRCDIR)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
CORPUS=../shared/corpus/tsv/jdu2600
OLD=Win11-24H2-26100
NEW=Win11-25H2-26200
PROV=Microsoft-Windows-Kernel-Process
if [ ! -d "$CORPUS/$NEW" ]; then
	echo "SKIP: no $CORPUS/$NEW"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-incr.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

src=$tmp/src
mkdir -p "$src/notes/$PROV"
for b in $OLD $NEW; do
	mkdir -p "$src/$b/manifest"
	cp "$CORPUS/$b/version.txt" "$src/$b/" || exit 1
	cp "$CORPUS/$b/manifest/$PROV.tsv" $(ls "$CORPUS/$b/manifest/"*.tsv |
	    sort | head -39) "$src/$b/manifest/" || exit 1
done
printf 'Emitted when a process starts.\n' >"$src/notes/$PROV/1.md"
site=$tmp/site

build() {	# build LOG [OPTION...]: into $site, stderr to LOG
	log=$1
	shift
	timeout 300 "$ETWCAT" build -j 2 "$@" -o "$site" "$src" \
	    >/dev/null 2>"$log"
	rc=$?
	[ $rc -le 1 ] || { bad "build exit $rc"; cat "$log"; }
}
# inode, mtime and path of every file and folder of the site
stamps() {
	( cd "$site" && find . -printf '%i %T@ %p\n' | sort -k3 )
}
# "rendered N" of the summary line
rendered() {
	sed -n 's/.* files: \([0-9]*\) rendered.*/\1/p' "$1"
}
# the marker's units whose hash differs between two markers, by key
changed() {
	awk -F'\t' 'NR == FNR { if (FNR > 2) h[$2] = $1; next }
	    FNR > 2 && h[$2] != $1 { print $2 }' "$1" "$2" | sort
}
# files the units of keys in file $1 wrote, per the marker $2
unitfiles() {
	awk -F'\t' 'NR == FNR { k[$1] = 1; next }
	    FNR > 2 && ($2 in k) { print NF - 2 }' "$1" "$2" |
	    awk '{ n += $1 } END { print n + 0 }'
}
# the site against a fresh build of the same input
fresh() {
	rm -rf "$tmp/fresh"
	timeout 300 "$ETWCAT" build -q -j 2 -o "$tmp/fresh" "$src" \
	    >/dev/null 2>&1
	diff -r "$site" "$tmp/fresh" >"$tmp/diff" ||
	    { bad "$1: the site differs from a fresh build"; head "$tmp/diff"; }
}

# --- 1. nothing changed
build "$tmp/1.err"
grep -q 'of them as they were' "$tmp/1.err" || bad "no summary line"
stamps >"$tmp/s1"
cp "$site/.etwcat-site" "$tmp/m1"
sleep 1
build "$tmp/2.err"
grep -q 'nothing changed since the last build' "$tmp/2.err" ||
    { bad "a rebuild with nothing changed did not say so"; cat "$tmp/2.err"; }
stamps >"$tmp/s2"
cmp -s "$tmp/s1" "$tmp/s2" ||
    { bad "a no-change rebuild touched files"; diff "$tmp/s1" "$tmp/s2" | head; }

# --- 2. one TSV row's field type
f=$src/$NEW/manifest/$PROV.tsv
sed 's/^\(Microsoft-Windows-Kernel-Process	1	2	.*\)UInt32 ImageChecksum/\1UInt64 ImageChecksum/' \
    "$f" >"$f.new" && mv "$f.new" "$f"
grep -q 'UInt64 ImageChecksum' "$f" || bad "the test could not change $f"
build "$tmp/3.err"
stamps >"$tmp/s3"
changed "$tmp/m1" "$site/.etwcat-site" >"$tmp/c3"
cat >"$tmp/want3" <<EOF
builds/$NEW/index.html
downloads/$PROV.json
downloads/catalog.json
providers/$PROV/events/1.html
providers/$PROV/events/1.json
providers/$PROV/index.html
search-index.js
EOF
sort -o "$tmp/want3" "$tmp/want3"
cmp -s "$tmp/c3" "$tmp/want3" ||
    { bad "a field type: other units than expected"; diff "$tmp/want3" "$tmp/c3"; }
n=$(unitfiles "$tmp/c3" "$site/.etwcat-site")
r=$(rendered "$tmp/3.err")
# the marker is written anew as well
[ "$r" = $((n + 1)) ] || bad "a field type: $r files rendered, not $n + 1"
# every file of the other units keeps its inode and mtime
awk -F'\t' 'NR == FNR { k[$1] = 1; next } FNR > 2 && !($2 in k) {
	for (i = 3; i <= NF; i++) print "./" ($i == "." ? $2 : $i) }' \
    "$tmp/c3" "$site/.etwcat-site" | sort >"$tmp/kept3"
[ -s "$tmp/kept3" ] || bad "no kept file"
for s in s2 s3; do
	awk 'NR == FNR { k[$1] = 1; next } ($3 in k) { print $1, $2, $3 }' \
	    "$tmp/kept3" "$tmp/$s" >"$tmp/$s.kept"
done
[ "$(wc -l <"$tmp/s3.kept")" = "$(wc -l <"$tmp/kept3")" ] ||
    bad "kept files missing from the site"
cmp -s "$tmp/s2.kept" "$tmp/s3.kept" ||
    { bad "kept files lost their inode or mtime"; diff "$tmp/s2.kept" "$tmp/s3.kept" | head; }
fresh "a field type"
cp "$site/.etwcat-site" "$tmp/m3"

# --- 3. the note
printf 'Emitted when a process starts; see also event 2.\n' \
    >"$src/notes/$PROV/1.md"
build "$tmp/4.err"
changed "$tmp/m3" "$site/.etwcat-site" >"$tmp/c4"
echo "providers/$PROV/events/1.html" >"$tmp/want4"
cmp -s "$tmp/c4" "$tmp/want4" ||
    { bad "a note: other units than expected"; diff "$tmp/want4" "$tmp/c4"; }
[ "$(rendered "$tmp/4.err")" = 2 ] ||
    { bad "a note: not 2 files rendered"; cat "$tmp/4.err"; }
grep -q 'see also event 2' "$site/providers/$PROV/events/1.html" ||
    bad "a note: the page does not show it"
fresh "a note"

# --- 4. --full
build "$tmp/5.err" --full
grep -q ' 0 kept unrendered' "$tmp/5.err" ||
    { bad "--full kept units"; cat "$tmp/5.err"; }

[ $fail = 0 ] && echo "ok: rebuilds render what changed, and only that"
exit $fail
