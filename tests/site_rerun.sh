#!/bin/sh
#
# site_rerun.sh: a build whose inputs, options and program are as the
# site's run record says skips the run (etwcat.1 SITE, "Rebuilds"): it
# prints the first run's diagnostics again, exits with its status and
# writes nothing; any change to what the run reads is a full run with
# the right output.  On a copy of two builds of the TSV corpus
# (../shared/corpus/tsv/jdu2600) with MSDTC, whose rows give real
# lint-duplicate-event errors (exit 1), and a note.
#
# A skip is told from a run by the record: a run writes it again (a new
# inode; a rebuild that renders nothing rewrites it in place), a skip
# writes nothing at all (every file and folder of the site keeps its
# inode, mtime and ctime).
#
# 1. Nothing changed: the same diagnostics, line for line, and status;
#    the summary of a rebuild with nothing changed; nothing written.
#    -q prints only the errors, with the status; -j and -W are no
#    reason to run (-W warning changes no status here: errors).
# 2. Each change is a run, and the site is a fresh build's:
#    a file touched; the same size and mtime, other bytes (touch -r),
#    which the page then shows; a file replaced by another of the same
#    size and mtime (mv); a new file in a source folder (a provider
#    page appears); that file removed (its page goes); a note edited
#    (a file found by a layout path); another --base-url; a page of
#    the site deleted (rendered again); the marker cut short; the
#    program (a copy of it); a file added to the --templates folder's
#    assets; an input modified after the run's start (a time in the
#    future: racy, nothing recorded); --full.
# 3. A page edited by hand is left as it is, as a rebuild that loads
#    everything leaves it (site_incremental.sh, case 5).
#
# usage: site_rerun.sh (env ETWCAT, SRCDIR)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"
cd "$SRCDIR" || exit 1
CORPUS=../shared/corpus/tsv/jdu2600
B1=Win10-1511-10586
B2=Win10-1607-14393
ERRP=Microsoft-Windows-MSDTC
PROV=Microsoft-Windows-Kernel-Process
if [ ! -d "$CORPUS/$B2" ]; then
	echo "SKIP: no $CORPUS/$B2"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/etwcat-rerun.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

src=$tmp/src
mkdir -p "$src/notes/$PROV"
for b in $B1 $B2; do
	mkdir -p "$src/$b/manifest"
	cp "$CORPUS/$b/version.txt" "$src/$b/" || exit 1
	cp "$CORPUS/$b/manifest/$ERRP.tsv" "$CORPUS/$b/manifest/$PROV.tsv" \
	    $(ls "$CORPUS/$b/manifest/"*.tsv | sort | head -8) \
	    "$src/$b/manifest/" || exit 1
done
printf 'Emitted when a process starts.\n' >"$src/notes/$PROV/1.md"
site=$tmp/site
rec=$site/.etwcat-run
prog=$ETWCAT

run() {	# run NAME [OPTION...]: a build into $site; NAME.err, NAME.rc
	n=$1
	shift
	timeout 300 "$prog" build "$@" -o "$site" "$src" >/dev/null \
	    2>"$tmp/$n.err"
	echo $? >"$tmp/$n.rc"
}
# inode, mtime, ctime of every file and folder of the site
stamps() {
	( cd "$site" && find . -printf '%i %T@ %C@ %p\n' | sort -k4 )
}
recid() { stat -c '%i %Z' "$rec" 2>/dev/null; }
# the diagnostics of a run's stderr: all but its summary line
diags() { grep -v '^etwcat: ' "$tmp/$1.err"; }
skipped() {	# skipped NAME RUN BEFORE: run RUN wrote nothing
	[ "$(stamps)" = "$3" ] ||
	    { bad "$1: the site was written"; return 1; }
	grep -q 'nothing changed since the last build' "$tmp/$2.err" ||
	    { bad "$1: no summary line"; tail -3 "$tmp/$2.err"; }
}
ran() {		# ran NAME RECID: run NAME loaded and wrote its record
	[ "$(recid)" != "$2" ] || bad "$1: the run was skipped"
}
fresh() {	# fresh NAME [OPTION...]: the site equals a fresh build
	n=$1
	shift
	rm -rf "$tmp/fresh"
	timeout 300 "$prog" build -q "$@" -o "$tmp/fresh" "$src" \
	    >/dev/null 2>&1
	diff -r -x .etwcat-run "$site" "$tmp/fresh" >"$tmp/diff" ||
	    { bad "$n: the site differs from a fresh build"; head "$tmp/diff"; }
}

# --- 1. nothing changed
# The copies must be older than the run's start by more than a tick of
# the file times, or the run records nothing (etwcat.1: racy inputs).
sleep 1
run 1
[ "$(cat "$tmp/1.rc")" = 1 ] ||
    { bad "the first run exits $(cat "$tmp/1.rc"), not 1"; cat "$tmp/1.err"; }
grep -q "$ERRP.tsv:.*error: .*\[lint-duplicate-event\]" "$tmp/1.err" ||
    bad "no lint error to replay"
[ -f "$rec" ] || bad "no run record"
s1=$(stamps)
run 2
skipped "no change" 2 "$s1"
[ "$(cat "$tmp/2.rc")" = 1 ] || bad "no change: exit $(cat "$tmp/2.rc"), not 1"
diags 1 >"$tmp/d1"
diags 2 >"$tmp/d2"
[ -s "$tmp/d1" ] || bad "the first run printed no diagnostic"
cmp -s "$tmp/d1" "$tmp/d2" ||
    { bad "no change: other diagnostics"; diff "$tmp/d1" "$tmp/d2" | head; }
files=$(sed -n 's/.*: \([0-9]*\) files: .*/\1/p' "$tmp/1.err")
grep -q "; $files files left as they were" "$tmp/2.err" ||
    bad "no change: not the $files files of the first run"
run 3 -q -j 1
[ "$(stamps)" = "$s1" ] || bad "-q -j 1: the site was written"
[ "$(cat "$tmp/3.rc")" = 1 ] || bad "-q: exit $(cat "$tmp/3.rc"), not 1"
grep ': error: ' "$tmp/d1" >"$tmp/e1"
cmp -s "$tmp/e1" "$tmp/3.err" ||
    { bad "-q: not the errors alone"; diff "$tmp/e1" "$tmp/3.err" | head; }
run 4 -W warning
skipped "-W warning" 4 "$s1"
[ "$(cat "$tmp/4.rc")" = 1 ] || bad "-W warning: exit $(cat "$tmp/4.rc")"

# --- 2. each change is a run
# (each change is older than the run by a second: the run records it)
f=$src/$B2/manifest/$PROV.tsv
id=$(recid)
touch "$f"
sleep 1
run 5
ran "a file touched" "$id"
[ "$(cat "$tmp/5.rc")" = 1 ] || bad "a file touched: exit $(cat "$tmp/5.rc")"
diags 5 >"$tmp/d5"
cmp -s "$tmp/d1" "$tmp/d5" || bad "a file touched: other diagnostics"
# the record written in place by that run, which rendered nothing
s5=$(stamps)
run 5b
skipped "no change after a touch" 5b "$s5"

# the same size and mtime, other bytes: a field renamed, as long
cp -p "$f" "$tmp/orig"
sed 's/UInt32 ImageChecksum/UInt32 ImageCheckSUM/' "$tmp/orig" >"$f"
cmp -s "$f" "$tmp/orig" && bad "the test could not edit $f"
[ "$(wc -c <"$f")" = "$(wc -c <"$tmp/orig")" ] || bad "not the same size"
touch -r "$tmp/orig" "$f"
sleep 1
id=$(recid)
run 6
ran "same size and mtime" "$id"
grep -q 'ImageCheckSUM' "$site/providers/$PROV/events/1.html" ||
    bad "same size and mtime: the page does not show the new name"
fresh "same size and mtime"

# a file replaced by another of the same size and mtime: the old bytes
cp -p "$tmp/orig" "$f.new"
touch -r "$f" "$f.new"
id=$(recid)
mv "$f.new" "$f"
sleep 1
run 7
ran "a file replaced" "$id"
grep -q 'ImageCheckSUM' "$site/providers/$PROV/events/1.html" &&
    bad "a file replaced: the page shows the old name"
fresh "a file replaced"

# a new file in a source folder; then removed
new=Microsoft-Windows-Kernel-Power
cp "$CORPUS/$B2/manifest/$new.tsv" "$src/$B2/manifest/" || exit 1
sleep 1
id=$(recid)
run 8
ran "a new file" "$id"
[ -f "$site/providers/$new/index.html" ] ||
    bad "a new file: no page for $new"
fresh "a new file"
rm "$src/$B2/manifest/$new.tsv"
sleep 1
id=$(recid)
run 9
ran "a file removed" "$id"
[ -e "$site/providers/$new" ] && bad "a file removed: $new is still there"
fresh "a file removed"

# a note edited (notes/ is found by a layout path, not read by a walk)
printf 'Emitted when a process starts; see also event 2.\n' \
    >"$src/notes/$PROV/1.md"
sleep 1
id=$(recid)
run 10
ran "a note" "$id"
grep -q 'see also event 2' "$site/providers/$PROV/events/1.html" ||
    bad "a note: the page does not show it"

# another --base-url: a run; the same again: a skip
id=$(recid)
run 11 --base-url https://example.org/etw
ran "--base-url" "$id"
grep -q 'https://example.org/etw/' "$site/index.html" ||
    bad "--base-url: no canonical link"
fresh "--base-url" --base-url https://example.org/etw
s11=$(stamps)
run 12 --base-url https://example.org/etw
skipped "--base-url again" 12 "$s11"
id=$(recid)
run 13
ran "no --base-url" "$id"

# a page of the site deleted: rendered again
page=$site/providers/$PROV/events/1.html
rm "$page"
id=$(recid)
run 14
ran "a page deleted" "$id"
[ -f "$page" ] || bad "a page deleted: not rendered again"

# --- 3. a page edited by hand: left as it is
echo '<!-- edited by hand -->' >>"$page"
s15=$(stamps)
run 15
skipped "a page edited by hand" 15 "$s15"
grep -q 'edited by hand' "$page" || bad "a page edited by hand: rendered"

# the marker cut short (site_incremental.sh: every unit rendered)
cp "$site/.etwcat-site" "$tmp/marker"
head -c $(($(wc -c <"$tmp/marker") - 64)) "$tmp/marker" >"$site/.etwcat-site"
id=$(recid)
run 16
ran "the marker cut short" "$id"
grep -q ' 0 kept unrendered' "$tmp/16.err" ||
    bad "the marker cut short: units kept"

# the program: a copy of it is another file
cp "$ETWCAT" "$tmp/etwcat-copy" || exit 1
prog=$tmp/etwcat-copy
id=$(recid)
run 17
ran "another program" "$id"
prog=$ETWCAT
id=$(recid)
run 17b
ran "the program again" "$id"

# --templates: a skip as any; an asset added to the folder is a run
cp -R templates "$tmp/tpl" || exit 1
sleep 1
run 17c --templates "$tmp/tpl"
s17=$(stamps)
run 17d --templates "$tmp/tpl"
skipped "--templates again" 17d "$s17"
echo '/* added */' >"$tmp/tpl/assets/added.css"
sleep 1
id=$(recid)
run 17e --templates "$tmp/tpl"
ran "an asset added" "$id"
[ -f "$site/assets/added.css" ] || bad "an asset added: not in the site"
run 17f

# an input modified after the run started: not recorded
touch -d '+1 hour' "$f"
run 18
[ -f "$rec" ] && bad "a racy input: the run was recorded"
run 19
grep -q 'nothing changed since the last build' "$tmp/19.err" ||
    bad "a racy input: the next run did not load it again"
touch -d '-1 hour' "$f"

# --full: a run, whatever the record
sleep 1
run 20
run 20b
id=$(recid)
[ -n "$id" ] || bad "no record to test --full with"
run 21 --full
ran "--full" "$id"
grep -q ' 0 kept unrendered' "$tmp/21.err" || bad "--full kept units"

[ $fail = 0 ] && echo "ok: a rebuild with nothing changed is skipped, and only then"
exit $fail
