#!/bin/bash
#
# adversary_io.sh: hostile file system objects in a SOURCE (etwcat.1,
# CATALOG SOURCE LAYOUT and Symbolic links).  FIFOs and devices where a
# file is expected are refused at once (io-read, exit 3) instead of
# blocking; symbolic links are followed only inside the SOURCE they are
# found in, or anywhere with --follow-symlinks, and every link not
# followed is reported (source-symlink-skipped) without its target's
# content; loops (source-loop) and folders deeper than 16 levels
# (limit-exceeded) are reported.  Each case asserts the exit status,
# the diagnostic's id and file, and what was or was not read.  Every
# run has a timeout: a regression here is a hang.
#
# usage: adversary_io.sh    (env ETWCAT, SRCDIR; meson sets them)
set -u
: "${ETWCAT:?}" "${SRCDIR:=.}"

NOISE='sample-noncanonical-value\|lint-binary-length-lost'
. "$SRCDIR/tests/caselib.sh"
ws=$SRCDIR/samples/builds/WS2022-20348.4893
man=$ws/manifests/Microsoft-Windows-Kernel-Network.xml
sam=$ws/samples/Microsoft-Windows-Kernel-Network.json
rule=$SRCDIR/samples/rules/rules/windows/builtin/smbclient/security/win_smbclient_security_susp_failed_guest_logon.yml
prov=Microsoft-Windows-Kernel-Network
# A sample with an event id the manifest lacks: read, it is reported
# as sample-unknown-event naming its file.
marker='{"system":{"provider":"'$prov'","event_id":9999,"version":0}}'

# mksrc DIR: a catalog source with one build (B), a manifest, a
# sample, a rule and a note.
mksrc() {
	mkdir -p "$1/builds/B/manifests" "$1/builds/B/samples" "$1/rules" \
	    "$1/notes/$prov"
	cp "$man" "$1/builds/B/manifests/"
	cp "$sam" "$1/builds/B/samples/"
	cp "$rule" "$1/rules/"
	echo "A note about the provider." >"$1/notes/$prov/index.md"
}

# diag NAME FILE ID: a diagnostic with this id at FILE (a path).
diag() { grep -qF -- "$2:" "$tmp/$1.err" && grep -F -- "$2:" "$tmp/$1.err" |
    grep -q "\[$3\]\$"; }

# 1. A FIFO named *.yml under rules/, and a link to a FIFO inside the
# source: refused without blocking.
s=$tmp/fifo-rules
mksrc "$s"
mkfifo "$s/rules/fifo.yml" "$s/pipe"
ln -s ../pipe "$s/rules/link.yml"
run fifo-rules validate -q "$s"
ok fifo-rules 'rc fifo-rules 3' "expected exit 3, no hang"
ok fifo-rules 'diag fifo-rules "$s/rules/fifo.yml" io-read' \
    "no io-read at rules/fifo.yml"
ok fifo-rules 'diag fifo-rules "$s/rules/link.yml" io-read' \
    "no io-read at rules/link.yml (a link to a FIFO)"
ok fifo-rules 'grep -q "not a regular file (a FIFO)" "$tmp/fifo-rules.err"' \
    "the text does not say it is a FIFO"

# 2. A FIFO named *.json among the samples, *.xml among the manifests,
# *.tsv, a build.json, and a note: each refused, none waited on.
s=$tmp/fifo-kinds
mksrc "$s"
mkdir -p "$s/builds/B/tsv"
mkfifo "$s/builds/B/samples/fifo.json" "$s/builds/B/manifests/fifo.xml" \
    "$s/builds/B/tsv/fifo.tsv"
run fifo-kinds validate -q "$s"
ok fifo-kinds 'rc fifo-kinds 3' "expected exit 3, no hang"
for f in samples/fifo.json manifests/fifo.xml tsv/fifo.tsv; do
	ok fifo-kinds "diag fifo-kinds '$s/builds/B/$f' io-read" \
	    "no io-read at $f"
done
s=$tmp/fifo-build
mksrc "$s"
mkfifo "$s/builds/B/build.json"
run fifo-build validate -q "$s"
ok fifo-build 'rc fifo-build 3' "expected exit 3, no hang"
ok fifo-build 'diag fifo-build "$s/builds/B/build.json" io-read' \
    "no io-read at build.json"
s=$tmp/fifo-note
mksrc "$s"
rm "$s/notes/$prov/index.md"
mkfifo "$s/notes/$prov/index.md"
run fifo-note build -q -o "$tmp/fifo-site" "$s"
ok fifo-note 'rc fifo-note 3' "expected exit 3, no hang"
ok fifo-note 'diag fifo-note "$s/notes/$prov/index.md" io-read' \
    "no io-read at the note"
ok fifo-note '[ ! -e "$tmp/fifo-site" ]' "the site was written"

# 3. A note linked to /etc/passwd: not read, not published, reported.
s=$tmp/passwd
mksrc "$s"
rm "$s/notes/$prov/index.md"
ln -s /etc/passwd "$s/notes/$prov/index.md"
run passwd build -o "$tmp/passwd-site" "$s"
ok passwd 'rc passwd 0' "expected exit 0 (a warning)"
ok passwd 'diag passwd "$s/notes/$prov/index.md" source-symlink-skipped' \
    "no source-symlink-skipped at the note"
ok passwd 'grep -q "/etc/passwd" "$tmp/passwd.err"' \
    "the warning does not name the target"
ok passwd '[ -f "$tmp/passwd-site/providers/$prov/index.html" ]' \
    "the site was not written"
ok passwd '! grep -rq "root:" "$tmp/passwd-site" "$tmp/passwd.err"' \
    "/etc/passwd was published or quoted"

# 4. A samples folder linked to /usr: not walked.
s=$tmp/usr
mksrc "$s"
rm -r "$s/builds/B/samples"
ln -s /usr "$s/builds/B/samples"
run usr validate "$s"
ok usr 'rc usr 0' "expected exit 0"
ok usr 'diag usr "$s/builds/B/samples" source-symlink-skipped' \
    "no source-symlink-skipped at samples"
ok usr '! grep -q "^/usr/\|samples/[^:]*:[0-9]" "$tmp/usr.err"' \
    "a file below the link was read"

# 5. *.xml and *.json links to files outside the source: not read, their
# content not quoted.
s=$tmp/outside
mksrc "$s"
mkdir "$tmp/secret"
echo 'SECRET-XML <not a manifest' >"$tmp/secret/s.xml"
echo 'SECRET-JSON {' >"$tmp/secret/s.json"
ln -s "$tmp/secret/s.xml" "$s/builds/B/manifests/evil.xml"
ln -s ../../../../secret/s.json "$s/builds/B/samples/evil.json"
run outside validate "$s"
ok outside 'rc outside 0' "expected exit 0"
ok outside 'diag outside "$s/builds/B/manifests/evil.xml" source-symlink-skipped' \
    "no source-symlink-skipped at evil.xml"
ok outside 'diag outside "$s/builds/B/samples/evil.json" source-symlink-skipped' \
    "no source-symlink-skipped at evil.json"
ok outside '! grep -q SECRET "$tmp/outside.err" "$tmp/outside.out"' \
    "the content of a file outside the source was quoted"
ok outside 'grep -q "$tmp/secret/s.xml" "$tmp/outside.err"' \
    "the warning does not name the target"

# 6. Links inside the source: a sample subfolder and a rules folder,
# now followed.
s=$tmp/inside
mksrc "$s"
mkdir -p "$s/captures/sub" "$s/sigma"
echo "$marker" >"$s/captures/sub/m.json"
cp "$rule" "$s/sigma/r.yml"
ln -s ../../../captures/sub "$s/builds/B/samples/linked"
ln -s ../sigma "$s/rules/linked"
run inside validate "$s"
ok inside 'rc inside 1' "expected exit 1 (the marker sample's error)"
ok inside 'diag inside "$s/builds/B/samples/linked/m.json" sample-unknown-event' \
    "the linked sample subfolder was not read"
ok inside 'diag inside "$s/rules/linked/r.yml" rule-unresolved' \
    "the linked rules folder was not read"
ok inside '! grep -q "source-symlink-skipped\|source-loop" "$tmp/inside.err"' \
    "a link inside the source was reported"

# 7. A Sigma checkout linked into rules/ from outside: skipped with a
# warning; read with --follow-symlinks.
s=$tmp/follow
mksrc "$s"
mkdir -p "$tmp/sigma-checkout/windows"
cp "$rule" "$tmp/sigma-checkout/windows/r.yml"
ln -s "$tmp/sigma-checkout" "$s/rules/sigma"
run follow-no validate -W warning "$s"
ok follow-no 'rc follow-no 1' "expected exit 1 (-W warning)"
ok follow-no 'diag follow-no "$s/rules/sigma" source-symlink-skipped' \
    "no source-symlink-skipped at rules/sigma"
ok follow-no '! grep -q "rules/sigma/windows/r.yml" "$tmp/follow-no.err"' \
    "the checkout was read"
run follow-yes validate --follow-symlinks "$s"
ok follow-yes 'rc follow-yes 0' "expected exit 0"
ok follow-yes 'diag follow-yes "$s/rules/sigma/windows/r.yml" rule-unresolved' \
    "--follow-symlinks did not read the checkout"
ok follow-yes '! grep -q source-symlink-skipped "$tmp/follow-yes.err"' \
    "--follow-symlinks still skipped a link"

# 8. A loop: a link back up inside samples/.  Reported, no hang, and
# nothing is read twice.
s=$tmp/loop
mksrc "$s"
mkdir -p "$s/builds/B/samples/sub"
echo "$marker" >"$s/builds/B/samples/sub/m.json"
ln -s .. "$s/builds/B/samples/sub/up"
run loop validate "$s"
ok loop 'rc loop 1' "expected exit 1 (the marker sample's error)"
ok loop 'diag loop "$s/builds/B/samples/sub/up" source-loop' \
    "no source-loop at sub/up"
ok loop '[ "$(grep -c "\[sample-unknown-event\]$" "$tmp/loop.err")" = 1 ]' \
    "the marker sample was not read exactly once"

# 9. Folders 17 levels deep: the 16th is read, the 17th reported.
s=$tmp/deep
mksrc "$s"
d=$s/builds/B/samples
for i in $(seq 1 17); do
	d=$d/d$i
done
mkdir -p "$d"
echo "$marker" >"$d/m17.json"
echo "$marker" >"$(dirname "$d")/m16.json"
run deep validate "$s"
ok deep 'rc deep 3' "expected exit 3 (limit-exceeded)"
ok deep 'diag deep "$d" limit-exceeded' "no limit-exceeded at the 17th folder"
ok deep 'diag deep "$(dirname "$d")/m16.json" sample-unknown-event' \
    "the sample 16 levels down was not read"
ok deep '! grep -q m17.json "$tmp/deep.err"' "the 17th level was read"

# 10. A device given as a source file: refused, saying what it is.
ln -s /dev/zero "$tmp/zero.xml"
run zero validate "$tmp/zero.xml"
ok zero 'rc zero 3' "expected exit 3"
ok zero 'diag zero "$tmp/zero.xml" io-read' "no io-read at zero.xml"
ok zero 'grep -q "not a regular file (a character device)" "$tmp/zero.err"' \
    "the text does not say it is a device"
ok zero '! grep -q "No such file" "$tmp/zero.err"' "a wrong errno text"

# 11. Dangling links among the manifests and the samples: reported.
s=$tmp/dangling
mksrc "$s"
ln -s nowhere.xml "$s/builds/B/manifests/gone.xml"
ln -s nowhere.json "$s/builds/B/samples/gone.json"
run dangling validate -W warning "$s"
ok dangling 'rc dangling 1' "expected exit 1 (-W warning)"
ok dangling 'diag dangling "$s/builds/B/manifests/gone.xml" source-symlink-skipped' \
    "no warning at manifests/gone.xml"
ok dangling 'diag dangling "$s/builds/B/samples/gone.json" source-symlink-skipped' \
    "no warning at samples/gone.json"

# 12. Standard input may still be a pipe; a SOURCE that is itself a link
# is resolved and used as the root.
echo "$marker" | timeout 20 "$ETWCAT" validate -q -b B "$man" - \
    >"$tmp/stdin.out" 2>"$tmp/stdin.err"
echo $? >"$tmp/stdin.rc"
ok stdin 'rc stdin 1' "expected exit 1 (the marker sample's error)"
ok stdin 'diag stdin "<stdin>" sample-unknown-event' "stdin was not read"
s=$tmp/inside
ln -s "$s" "$tmp/srclink"
run srclink validate "$tmp/srclink"
ok srclink 'rc srclink 1' "expected exit 1 (the marker sample's error)"
ok srclink 'diag srclink "$tmp/srclink/builds/B/samples/linked/m.json" sample-unknown-event' \
    "a link inside a linked SOURCE was not followed"
ok srclink '! grep -q source-symlink-skipped "$tmp/srclink.err"' \
    "a link inside a linked SOURCE was skipped"

finish adversary_io
