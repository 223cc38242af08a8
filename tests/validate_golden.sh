#!/bin/sh
# validate_golden.sh: golden cases of the sample validator (etwcat.1,
# SAMPLE VALIDATION).
#
# Each case is a real captured event from the seed pages (samples/
# builds/*/samples/) mutated by hand, checked against the real schema
# of its build (copied from samples/builds/ at test time): one case per
# check id, a clean sample that must stay clean, a GUID match, best
# match over two builds and standard input.  tests/regress/validate/
# README says where each input came from and what was changed.  The
# text, JSON and SARIF reports of each case are compared with
# tests/regress/validate/<case>.{txt,report.json,sarif} (JUnit for
# some), and
# every SARIF report is validated against the vendored SARIF 2.1.0
# schema (tests/sarif-schema-2.1.0.json, python3-jsonschema).
# Set UPDATE=1 to rewrite the goldens (then read the diff).
set -u
: "${ETWCAT:?}" "${SHARED:=../shared}" "${SRCDIR:=.}"
golden=$SRCDIR/tests/regress/validate
seeds=$SRCDIR/samples/builds
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "FAIL: python3-jsonschema is needed to check SARIF (make deps)"
	exit 1
fi

# check NAME EXT: compare $tmp/NAME.EXT with the golden.
check() {
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/$1.$2" "$golden/$1.$2"
	fi
	if diff -u "$golden/$1.$2" "$tmp/$1.$2" > "$tmp/$1.$2.diff"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1 ($2)"
		head -40 "$tmp/$1.$2.diff"
	fi
}

# sarif_valid FILE: valid against the SARIF 2.1.0 schema.
sarif_valid() {
	if python3 - "$SRCDIR/tests/sarif-schema-2.1.0.json" "$1" <<'EOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.Draft7Validator
fc = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.draft7_format_checker
errors = list(cls(schema, format_checker=fc).iter_errors(doc))
for e in errors[:5]:
    print("  %s at %s" % (e.message[:200], "/".join(map(str, e.path))))
sys.exit(1 if errors else 0)
EOF
	then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1 is not valid SARIF 2.1.0"
	fi
}

# report NAME FORMAT EXT ARGS...: run etwcat validate in $tmp (so that
# paths, and SARIF fingerprints, are relative and stable).
report() {
	name=$1 fmt=$2 ext=$3
	shift 3
	(cd "$tmp" && "$ETWCAT" validate --no-lint --format "$fmt" "$@") \
	    > "$tmp/$name.$ext" 2>&1
	echo "exit $?" >> "$tmp/$name.$ext"
}

# run_case NAME BUILD SCHEMA [FORMATS]: SCHEMA is a file under
# samples/builds/BUILD/ or, with a leading "regress:", under the
# golden folder; the input is tests/regress/validate/NAME.sample.json,
# the reports NAME.txt, NAME.report.json, NAME.sarif (NAME.junit.xml).
run_case() {
	name=$1 build=$2 schema=$3 extra=${4:-}
	src=$tmp/$name/builds/$build
	mkdir -p "$src/manifests" "$src/samples"
	case $schema in
	regress:*)
		cp "$golden/${schema#regress:}" "$src/manifests/" ;;
	*)
		cp "$seeds/$build/$schema" "$src/manifests/" ;;
	esac
	cp "$golden/$name.sample.json" "$src/samples/$name.json"
	report "$name" text txt "$name"
	check "$name" txt
	report "$name" json report.json "$name"
	check "$name" report.json
	report "$name" sarif sarif "$name"
	check "$name" sarif
	sed '$d' "$tmp/$name.sarif" > "$tmp/$name.sarif.doc"
	sarif_valid "$tmp/$name.sarif.doc"
	if [ "$extra" = junit ]; then
		report "$name" junit junit.xml "$name"
		check "$name" junit.xml
		if sed '$d' "$tmp/$name.junit.xml" | python3 -c \
		    'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.stdin)'
		then pass=$((pass + 1))
		else fail=$((fail + 1)); echo "FAIL: $name JUnit not XML"; fi
	fi
}

WS=WS2022-20348.4893
W11=Win11-26200.6584
SMB=manifests/Microsoft-Windows-SMBServer.xml
KN=manifests/Microsoft-Windows-Kernel-Network.xml
SOCK=manifests/Microsoft-Windows-Winsock-Sockets.xml
VSMB=manifests/Microsoft-Windows-Hyper-V-VSmb.xml

run_case clean            $WS  $SMB junit
run_case malformed        $WS  $SOCK
run_case no-version       $WS  $SOCK
run_case unknown-provider $WS  $SOCK
run_case guid-match       $WS  $SOCK
run_case unknown-event    $WS  $SOCK junit
run_case unknown-version  $WS  $SOCK
run_case header-mismatch  $WS  $SOCK junit
run_case noncanonical     $WS  $SOCK
run_case missing-field    $W11 $VSMB
run_case unexpected-field $W11 $VSMB
run_case field-order      $W11 $VSMB
run_case bad-count        $W11 $VSMB
run_case message-clean    $W11 $VSMB
run_case message-mismatch $W11 $VSMB
run_case message-insert   $W11 regress:message-insert.xml
run_case bad-value        $WS  $KN
run_case out-of-range     $WS  $KN
run_case bad-length       $WS  $SMB
run_case unmapped-value   $WS  $SMB

# Best match: a loose capture (its folder has no schemas) against the
# two WEPExplorer builds of Winsock-Sockets; the summary names, per
# provider, the builds that matched best.
name=best-match
for b in WS2022-20348.169 Win11-24H2-26100.1742; do
	mkdir -p "$tmp/$name/builds/$b/manifests"
	cp "$seeds/$b/$SOCK" "$tmp/$name/builds/$b/manifests/"
done
mkdir -p "$tmp/$name/captures"
cp "$seeds/$WS/samples/Microsoft-Windows-Winsock-Sockets.json" \
    "$tmp/$name/captures/"
report $name text txt $name $name/captures
check $name txt
report $name json report.json $name $name/captures
check $name report.json

# Standard input, in the build -b names.
name=stdin
mkdir -p "$tmp/$name"
cp "$seeds/$WS/$SOCK" "$tmp/$name/"
(cd "$tmp" && "$ETWCAT" validate --no-lint -b $WS \
    "$name/Microsoft-Windows-Winsock-Sockets.xml" - \
    < "$golden/header-mismatch.sample.json") > "$tmp/$name.txt" 2>&1
echo "exit $?" >> "$tmp/$name.txt"
check $name txt

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
