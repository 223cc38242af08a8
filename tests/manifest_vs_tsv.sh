#!/bin/sh
# manifest_vs_tsv.sh: the 870 rebuilt manifests of Win10-1803-17134
# (repnz) exported as TSV must give the field lists that jdu2600's TSV
# of the same build has: for every (provider, id, version) present on
# both sides, the same types and names in the same order, for at
# least 99.5% of the keys.  Also prints how often the other columns
# agree (informational).
# Run by meson with ETWCAT, SHARED and SRCDIR set and cwd = repo root.
# Exit 0 pass, 1 fail, 77 skip (corpus absent, or the manifest loader
# yields no events yet).
set -u
: "${ETWCAT:?}" "${SHARED:=../shared}"
build=Win10-1803-17134
xml=$SHARED/corpus/manifests/repnz-full/$build
tsv=$SHARED/corpus/tsv/jdu2600/$build/manifest
if [ ! -d "$xml" ] || [ ! -d "$tsv" ]; then
	echo "SKIP: need $xml and $tsv"
	exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Four of the files are malformed XML (samples/README.md): errors, exit 1.
"$ETWCAT" export --format tsv -b "$build" -o "$tmp/out" "$xml" \
    2>"$tmp/err"
rc=$?
if [ "$rc" -gt 1 ]; then
	echo "FAIL: etwcat export exited $rc"
	head -20 "$tmp/err"
	exit 1
fi
out=$tmp/out/$build/manifest
if [ ! -d "$out" ] || [ -z "$(find "$out" -name '*.tsv' -size +1 |
    head -1)" ] || ! cat "$out"/*.tsv | grep -qv '^provider	'; then
	echo "SKIP: the manifest loader yields no events (catalog/manifest.c" \
	    "not built yet?)"
	exit 77
fi

# One awk over both sides: side=j is jdu's TSV, side=x ours.  Keys are
# (provider without case, id, version): ETW names are case-insensitive
# and the two captures spell a few providers differently (DiagTrack).
awk -F '\t' -v examples="$tmp/examples" '
function flist(s,    n, p) {
	n = split(s, p, "(")
	s = p[n]
	sub(/\)$/, "", s)
	return s
}
function ename(s) {
	sub(/\([^(]*$/, "", s)
	return s
}
function nf(s,    a) {
	return s == "" ? 0 : split(s, a, ", ")
}
function names(s,    a, n, i, r, t) {
	n = split(s, a, ", ")
	r = ""
	for (i = 1; i <= n; i++) {
		t = a[i]
		sub(/^[^ ]* /, "", t)
		r = r "," t
	}
	return r
}
FNR == 1 { next }
side == "j" {
	k = tolower($1) SUBSEP $2 SUBSEP $3
	if (!(k in jf)) {
		jf[k] = flist($4); jn[k] = ename($4)
		jrow[k] = $5 "\t" $6 "\t" $7 "\t" $8 "\t" $9 "\t" $10
		nj++
	}
	next
}
side == "x" {
	k = tolower($1) SUBSEP $2 SUBSEP $3
	if (k in seen)
		next
	seen[k] = 1
	nx++
	if (!(k in jf))
		next
	n++
	a = flist($4); b = jf[k]
	if (ename($4) == jn[k]) sname++
	if ($5 "\t" $6 "\t" $7 "\t" $8 "\t" $9 "\t" $10 == jrow[k]) srow++
	if (a == b) {
		same++
		next
	}
	if (nf(a) < nf(b) && index(b, a) == 1) cat["fields missing at the end (ours shorter)"]++
	else if (nf(a) > nf(b) && index(a, b) == 1) cat["fields extra at the end (ours longer)"]++
	else if (nf(a) == nf(b) && names(a) == names(b)) cat["same names, a type differs"]++
	else if (nf(a) == nf(b)) cat["same count, a name differs"]++
	else cat["other"]++
	if (ne++ < 15)
		printf "%s %s v%s\n  ours: %s\n  jdu:  %s\n", $1, $2, $3,
		    substr(a, 1, 300), substr(b, 1, 300) >examples
}
END {
	if (n == 0) {
		print "manifest_vs_tsv: no key on both sides"
		exit 1
	}
	pct = 100.0 * same / n
	printf "manifest_vs_tsv: %d keys in jdu2600, %d exported, %d on " \
	    "both sides\n", nj, nx, n
	printf "field lists identical: %d / %d = %.2f%% (need 99.50%%)\n",
	    same, n, pct
	printf "event names identical: %d / %d = %.2f%%\n", sname, n,
	    100.0 * sname / n
	printf "opcode..message columns identical: %d / %d = %.2f%%\n",
	    srow, n, 100.0 * srow / n
	for (c in cat)
		printf "  %6d %s\n", cat[c], c
	exit pct >= 99.5 ? 0 : 1
}
' side=j "$tsv"/*.tsv side=x "$out"/*.tsv
rc=$?
if [ -s "$tmp/examples" ]; then
	echo "first differences:"
	cat "$tmp/examples"
fi
exit $rc
