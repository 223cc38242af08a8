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
# 3. The note changed: only that event's page.  A field note added
#    for one event (notes/<Provider>/fields.yaml): only that page too.
# 4. --full renders every file again (and they keep their bytes).
# 5. A marker that is cut short, fails its zlib check, or names a file
#    outside the folder is not used: every unit is rendered (a page
#    edited by hand, which a trusted marker would keep, is rendered
#    again), and nothing outside the folder is touched.
# 6. A page shows what another build's source says (catalog/merge.h:
#    the newer build's event 1 takes its channel from an etwlib dump of
#    the build between the two): that source changed, the page is
#    rendered again with what it now says, and the site equals a fresh
#    build.
#
# The marker's unit table is zlib-compressed (etwcat.1 SITE,
# "Rebuilds"): marker() below reads it with Python's zlib into lines
# "hash<TAB>key<TAB>file...", after the two lines of its head.
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
# marker [FILE] [-w]: the marker (of the site by default) as lines; with
# -w, lines on standard input written as FILE, a marker
cat >"$tmp/marker.py" <<'PY'
import re, sys, zlib
path, write = sys.argv[1], sys.argv[2] == "-w"
HEAD = b"etwcat site: this folder is replaced as a whole by etwcat build\n"
FMT = b"etwcat-pagehash 3 zlib\n"
if write:
    lines = [l.split("\t") for l in sys.stdin.read().splitlines()[2:]]
    hashes = b"".join(bytes.fromhex(l[0]) for l in lines)
    text = "".join("\t".join(l[1:]) + "\n" for l in lines).encode()
    open(path, "wb").write(HEAD + FMT + zlib.compress(
        b"%d\n" % len(lines) + hashes + text))
    sys.exit(0)
m = open(path, "rb").read()
assert m.startswith(HEAD + FMT), "not a marker of this format"
t = zlib.decompress(m[len(HEAD + FMT):])
n, t = t.split(b"\n", 1)
n = int(n)
hashes, lines = t[:8 * n], t[8 * n:].decode().split("\n")
assert len(lines) == n + 1 and lines[n] == ""
out = [HEAD.decode().rstrip("\n"), FMT.decode().rstrip("\n")]
prov, key = None, ""
for i in range(n):
    f = lines[i].split("\t")
    if f[0].isdigit():
        key = "providers/%s/events/%s.html" % (prov, f[0])
    else:
        key = f[0]
        p = re.fullmatch(r"providers/([^/]+)/index\.html", key)
        if p:
            prov = p.group(1)
    out.append("\t".join([hashes[8 * i:8 * i + 8].hex(), key] + f[1:]))
print("\n".join(out))
PY
marker() {
	python3 "$tmp/marker.py" "${1:-$site/.etwcat-site}" "${2:-}"
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
	# the run record (site_rerun.sh) says when and from what each ran
	diff -r -x .etwcat-run "$site" "$tmp/fresh" >"$tmp/diff" ||
	    { bad "$1: the site differs from a fresh build"; head "$tmp/diff"; }
}

# --- 1. nothing changed
# The copies must be older than the run by more than the file times'
# tick, or the run records nothing to skip the next on (etwcat.1 SITE,
# "Rebuilds"): a rebuild would load again, and write that record.
sleep 1
build "$tmp/1.err"
grep -q 'of them as they were' "$tmp/1.err" || bad "no summary line"
stamps >"$tmp/s1"
marker >"$tmp/m1" || bad "the marker does not read"
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
marker >"$tmp/m3"
changed "$tmp/m1" "$tmp/m3" >"$tmp/c3"
cat >"$tmp/want3" <<EOF
builds/$NEW/index.html
downloads/$PROV.json
downloads/catalog.json
providers/$PROV/events/1.html
providers/$PROV/index.html
search-index.js
EOF
sort -o "$tmp/want3" "$tmp/want3"
cmp -s "$tmp/c3" "$tmp/want3" ||
    { bad "a field type: other units than expected"; diff "$tmp/want3" "$tmp/c3"; }
n=$(unitfiles "$tmp/c3" "$tmp/m3")
r=$(rendered "$tmp/3.err")
# the marker is written anew as well
[ "$r" = $((n + 1)) ] || bad "a field type: $r files rendered, not $n + 1"
# every file of the other units keeps its inode and mtime
awk -F'\t' 'NR == FNR { k[$1] = 1; next } FNR > 2 && !($2 in k) {
	for (i = 3; i <= NF; i++) print "./" ($i == "." ? $2 : $i) }' \
    "$tmp/c3" "$tmp/m3" | sort >"$tmp/kept3"
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

# --- 3. the note
printf 'Emitted when a process starts; see also event 2.\n' \
    >"$src/notes/$PROV/1.md"
build "$tmp/4.err"
marker >"$tmp/m4"
changed "$tmp/m3" "$tmp/m4" >"$tmp/c4"
echo "providers/$PROV/events/1.html" >"$tmp/want4"
cmp -s "$tmp/c4" "$tmp/want4" ||
    { bad "a note: other units than expected"; diff "$tmp/want4" "$tmp/c4"; }
[ "$(rendered "$tmp/4.err")" = 2 ] ||
    { bad "a note: not 2 files rendered"; cat "$tmp/4.err"; }
grep -q 'see also event 2' "$site/providers/$PROV/events/1.html" ||
    bad "a note: the page does not show it"
fresh "a note"

# --- 3b. a field note for one event
cat >"$src/notes/$PROV/fields.yaml" <<'YAML'
events:
  - id: 1
    fields:
      ProcessID:
        description: Process id of the new process
        values:
          4: System
YAML
build "$tmp/4b.err"
marker >"$tmp/m4b"
changed "$tmp/m4" "$tmp/m4b" >"$tmp/c4b"
cmp -s "$tmp/c4b" "$tmp/want4" ||
    { bad "a field note: other units than expected"; diff "$tmp/want4" "$tmp/c4b"; }
grep -q 'Process id of the new process' "$site/providers/$PROV/events/1.html" ||
    bad "a field note: the page does not show it"
fresh "a field note"

# --- 4. --full
build "$tmp/5.err" --full
grep -q ' 0 kept unrendered' "$tmp/5.err" ||
    { bad "--full kept units"; cat "$tmp/5.err"; }

# --- 5. a marker not to be trusted
page=$site/providers/$PROV/events/1.html
tamper() {	# tamper NAME: edit the page by hand, keep the marker
	echo '<!-- edited by hand -->' >>"$page"
	cp "$site/.etwcat-site" "$tmp/m5"
}
untrusted() {	# untrusted NAME: the marker was $1; every unit rendered
	build "$tmp/6.err"
	grep -q ' 0 kept unrendered' "$tmp/6.err" ||
	    { bad "$1: units kept"; cat "$tmp/6.err"; }
	grep -q 'edited by hand' "$page" &&
	    bad "$1: the page edited by hand was kept"
}
tamper
build "$tmp/6.err"
grep -q 'edited by hand' "$page" ||
    bad "an intact marker: the page edited by hand was rendered again"
size=$(wc -c <"$tmp/m5")
head -c $((size - 64)) "$tmp/m5" >"$site/.etwcat-site"
untrusted "a marker cut short"
tamper
# the last byte: that of the Adler-32 check, after the whole table
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read())
b[-1] ^= 1; open(sys.argv[2], "wb").write(b)' "$tmp/m5" "$site/.etwcat-site"
cmp -s "$site/.etwcat-site" "$tmp/m5" && bad "the test could not alter the check"
untrusted "a marker failing its check"
tamper
# the page's unit also lists a file beside the folder
echo keep >"$tmp/beside"
marker "$tmp/m5" | awk -F'\t' -v k="providers/$PROV/events/1.html" \
    'BEGIN { OFS = FS } $2 == k { $0 = $0 "\t../beside" } { print }' |
    marker "$site/.etwcat-site" -w
marker | grep -q '\.\./beside' || bad "the test could not write a marker"
untrusted "a marker naming ../beside"
[ -f "$tmp/beside" ] || bad "a file beside the site was removed"

# --- 6. another build's source
mid=$src/Win11-24H2-26100.6899
dump="$PROV 22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716.xml"
mkdir -p "$mid"
cp "../shared/corpus/manifests/lilhoser/Win11-24H2-26100.6899/$dump" \
    "$mid/" || exit 1
build "$tmp/7.err"
marker >"$tmp/m7"
grep -q "<dd>$PROV/Analytic <span class=\"from\">from <a href=\"../../../builds/Win11-24H2-26100.6899/" \
    "$page" || bad "another build: the page does not take its channel"
sed 's|\(<event value="1" [^>]*channel="\)[^"]*|\1Test-Channel|' \
    "$mid/$dump" >"$tmp/dump" && cat "$tmp/dump" >"$mid/$dump"
grep -q 'Test-Channel' "$mid/$dump" || bad "the test could not change the dump"
build "$tmp/8.err"
marker >"$tmp/m8"
changed "$tmp/m7" "$tmp/m8" | grep -qx "providers/$PROV/events/1.html" ||
    bad "another build: its page was not rendered again"
grep -q '<dd>Test-Channel <span class="from">' "$page" ||
    bad "another build: the page does not show the new channel"
fresh "another build's source"

[ $fail = 0 ] && echo "ok: rebuilds render what changed, and only that"
exit $fail
