/*
 * check_fieldnotes.c: maintainers' field notes (catalog/fieldnotes.c)
 * against the real Winsock-Sockets schema of the corpus: the file
 * samples/ ships, which note a field gets (the most specific, a later
 * folder's replacing an earlier one's), each defect a diagnostic at
 * its line with the rest of the file kept, and the known values of a
 * map and a note together (the map wins on a value both give).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldnotes.h"
#include "testutil.h"

#define WINSOCK "Microsoft-Windows-Winsock-Sockets"
#define WINSOCK_WEP "corpus/wepexplorer/nasbench/Win11-24H2-26100.1742/" \
	"Microsoft-Windows-Winsock-Sockets.xml"
#define WINSOCK_NOTES "samples/notes/Microsoft-Windows-Winsock-Sockets/" \
	"fields.yaml"

static struct ecat_catalog	*cat;
static struct ecat_provider	*prov;
/* Where the diagnostics of the step under test start in tu_diag_text()
   (tu_diag_reset() would free the catalog's diagnostics context). */
static size_t			 mark;

static void
S_mark(void)
{
	mark = strlen(tu_diag_text());
}

/* The diagnostics since S_mark(). */
static const char *
S_diags(void)
{
	return tu_diag_text() + mark;
}

/* How many diagnostics since S_mark() have [id]. */
static size_t
S_count(const char *id)
{
	const char	*p = S_diags();
	char		 pat[64];
	size_t		 n = 0;

	snprintf(pat, sizeof(pat), "[%s]\n", id);
	for (; (p = strstr(p, pat)) != NULL; p += strlen(pat))
		n++;
	return n;
}

static void
S_setup(void)
{
	char	*path = strdup(tu_shared(WINSOCK_WEP));

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ck_assert_int_eq(ecat_load_source(cat, path, "B"), 0);
	ecat_catalog_finish(cat);
	free(path);
	prov = ecat_provider_find(cat, WINSOCK);
	ck_assert_ptr_nonnull(prov);
	S_mark();
}

static void
S_teardown(void)
{
	ecat_catalog_free(cat);
	cat = NULL;
	prov = NULL;
}

/* Is there a diagnostic "file:line:" with [id]?  */
static int
S_diag_at(const char *file, unsigned line, const char *id)
{
	const char	*p = S_diags(), *nl;
	char		 head[256], tag[64];

	snprintf(head, sizeof(head), "%s:%u:", file, line);
	snprintf(tag, sizeof(tag), "[%s]", id);
	for (; p != NULL && *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		if (strncmp(p, head, strlen(head)) == 0 &&
		    memmem(p, (size_t)(nl - p), tag, strlen(tag)) != NULL)
			return 1;
	}
	return 0;
}

static void
S_mem(const char *name, const char *text)
{
	ck_assert_int_eq(ecat_fnotes_load_mem(cat, prov, name, text,
	    strlen(text)), 0);
}

/* The file samples/ ships: Protocol's 15 IANA numbers, no diagnostic. */
START_TEST(test_samples_file)
{
	const struct ecat_fnote	*n;

	ck_assert_int_eq(ecat_fnotes_load(cat, prov, tu_src(WINSOCK_NOTES)),
	    0);
	ecat_fnotes_check(cat, prov);
	ck_assert_str_eq(S_diags(), "");
	n = ecat_fnote_find(prov, 2, 0, "Protocol");
	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(n->id, -1);
	ck_assert_str_eq(n->description, "IP protocol number");
	ck_assert_str_eq(n->source, "IANA Protocol Numbers registry");
	ck_assert_uint_eq(n->nvalues, 15);
	ck_assert_uint_eq(n->values[0].value, 0);
	ck_assert_str_eq(n->values[0].name, "HOPOPT");
	ck_assert_uint_eq(n->values[3].value, 6);
	ck_assert_str_eq(n->values[3].name, "TCP");
	ck_assert_str_eq(n->values[3].description, "Transmission Control");
	ck_assert_uint_eq(n->values[14].value, 132);
	ck_assert_str_eq(n->values[14].name, "SCTP");
	ck_assert_ptr_null(ecat_fnote_find(prov, 2, 0, "AddressFamily"));
}
END_TEST

/*
 * Which note a field gets: (event, version), else (event), else the
 * provider's; a later folder's note of the same scope replaces the
 * earlier one's, the others stay.
 */
START_TEST(test_override)
{
	const struct ecat_fnote	*n;

	S_mem("a/fields.yaml",
	    "fields:\n"
	    "  Protocol: {description: provider-wide}\n"
	    "  ErrorCode: {description: any event}\n"
	    "events:\n"
	    "  - id: 2\n"
	    "    fields:\n"
	    "      Protocol: {description: event 2}\n"
	    "  - id: 2\n"
	    "    version: 0\n"
	    "    fields:\n"
	    "      Protocol: {description: event 2 version 0}\n");
	ck_assert_str_eq(S_diags(), "");
	ck_assert_str_eq(ecat_fnote_find(prov, 2, 0, "Protocol")->description,
	    "event 2 version 0");
	ck_assert_str_eq(ecat_fnote_find(prov, 2, 1, "Protocol")->description,
	    "event 2");
	ck_assert_str_eq(ecat_fnote_find(prov, 1, 0, "Protocol")->description,
	    "provider-wide");
	ck_assert_str_eq(ecat_fnote_find(prov, 9, 0, "ErrorCode")->description,
	    "any event");
	/* A second folder's file: replaces the provider-wide Protocol. */
	S_mem("b/fields.yaml",
	    "fields:\n"
	    "  Protocol:\n"
	    "    description: from b\n"
	    "    values: {6: TCP}\n");
	ck_assert_str_eq(S_diags(), "");
	n = ecat_fnote_find(prov, 1, 0, "Protocol");
	ck_assert_str_eq(n->description, "from b");
	ck_assert_str_eq(n->loc.file, "b/fields.yaml");
	ck_assert_uint_eq(n->loc.line, 2);
	ck_assert_str_eq(ecat_fnote_find(prov, 2, 0, "Protocol")->description,
	    "event 2 version 0");
	ck_assert_str_eq(ecat_fnote_find(prov, 9, 0, "ErrorCode")->description,
	    "any event");
	ck_assert_uint_eq(prov->nfnotes, 4);
	ecat_fnotes_check(cat, prov);
	ck_assert_str_eq(S_diags(), "");
}
END_TEST

/* Every defect at its line; what is sound in the file is kept. */
static const char bad[] =
	"fields:\n"				/* 1 */
	"  Protocol:\n"				/* 2 */
	"    description: IP protocol number\n"	/* 3 */
	"    link: javascript:alert(1)\n"	/* 4: not http(s) */
	"    colour: red\n"			/* 5: unknown key */
	"    values:\n"				/* 6 */
	"      6: TCP\n"			/* 7 */
	"      0x6: TCP again\n"		/* 8: 6 twice */
	"      seventeen: UDP\n"		/* 9: not a number */
	"      17: UDP\n"			/* 10 */
	"  Socket: {}\n"			/* 11: neither */
	"  Protocol: {description: twice}\n"	/* 12: field twice */
	"  Protcol: {description: typo}\n"	/* 13: no such field */
	"  Other: &a {description: x}\n"	/* 14 */
	"  Again: *a\n"				/* 15: alias */
	"events:\n"				/* 16 */
	"  - version: 0\n"			/* 17: no id */
	"    fields: {Protocol: {description: y}}\n"	/* 18 */
	"  - id: 70000\n"			/* 19: out of range */
	"    fields: {Protocol: {description: y}}\n"	/* 20 */
	"  - id: 555\n"				/* 21 */
	"    fields: {Protocol: {description: y}}\n"	/* 22: no event */
	"  - id: 4\n"				/* 23 */
	"    fields:\n"				/* 24 */
	"      Protocol: {description: y}\n"	/* 25: not in 4 */
	"      IsProviderSocket: {description: sound}\n"; /* 26 */

START_TEST(test_diagnostics)
{
	const struct ecat_fnote	*n;
	const char		*f = "c/fields.yaml";

	S_mem(f, bad);
	ck_assert(S_diag_at(f, 4, "note-malformed"));
	ck_assert(S_diag_at(f, 5, "note-malformed"));
	ck_assert(S_diag_at(f, 8, "note-malformed"));
	ck_assert(S_diag_at(f, 9, "note-malformed"));
	ck_assert(S_diag_at(f, 11, "note-malformed"));
	ck_assert(S_diag_at(f, 12, "note-malformed"));
	ck_assert(S_diag_at(f, 15, "note-malformed"));
	ck_assert(S_diag_at(f, 17, "note-malformed"));
	ck_assert(S_diag_at(f, 19, "note-malformed"));
	ck_assert_uint_eq(S_count("note-malformed"), 9);
	/* The sound parts: Protocol as first given, without its link. */
	n = ecat_fnote_find(prov, 2, 0, "Protocol");
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(n->description, "IP protocol number");
	ck_assert_ptr_null(n->link);
	ck_assert_uint_eq(n->nvalues, 2);
	ck_assert_str_eq(n->values[0].name, "TCP");
	ck_assert_int_eq(n->values[0].hex, 0);
	ck_assert_uint_eq(n->values[1].value, 17);
	ck_assert_ptr_null(ecat_fnote_find(prov, 2, 0, "Socket"));
	ck_assert_ptr_nonnull(ecat_fnote_find(prov, 2, 0, "Other"));
	ck_assert_ptr_null(ecat_fnote_find(prov, 2, 0, "Again"));
	ck_assert_str_eq(ecat_fnote_find(prov, 4, 0,
	    "IsProviderSocket")->description, "sound");
	/* What it names, once every file is read. */
	S_mark();
	ecat_fnotes_check(cat, prov);
	ck_assert(S_diag_at(f, 13, "note-unknown-field"));
	ck_assert(S_diag_at(f, 14, "note-unknown-field"));
	ck_assert(S_diag_at(f, 22, "note-unmatched"));
	ck_assert(S_diag_at(f, 25, "note-unknown-field"));
	ck_assert_uint_eq(S_count("note-unknown-field"), 3);
	ck_assert_uint_eq(S_count("note-unmatched"), 1);
	ck_assert_uint_eq(S_count("note-malformed"), 0);
}
END_TEST

/* Not YAML: one diagnostic at the parser's line, nothing kept. */
START_TEST(test_not_yaml)
{
	S_mem("d/fields.yaml", "fields:\n  Protocol: {description: [x\n"
	    "  Socket: y\n");
	ck_assert_uint_eq(S_count("note-malformed"), 1);
	ck_assert(strstr(S_diags(), "d/fields.yaml:3:") != NULL);
	ck_assert_uint_eq(prov->nfnotes, 0);
	S_mark();
	S_mem("e/fields.yaml", "- a list\n");
	ck_assert(S_diag_at("e/fields.yaml", 1, "note-malformed"));
	ck_assert_uint_eq(prov->nfnotes, 0);
}
END_TEST

/* A map and a note: the map wins on 6, the note adds 1, sorted. */
START_TEST(test_known_merge)
{
	struct ecat_mapentry	 e[2];
	struct ecat_map		 m;
	struct ecat_known	*k;
	const struct ecat_fnote	*n;
	uint32_t		 nk;

	memset(e, 0, sizeof(e));
	memset(&m, 0, sizeof(m));
	e[0].value = 17;
	e[0].message = "User Datagram";
	e[1].value = 6;
	e[1].symbol = "IPPROTO_TCP";
	m.name = "ProtocolMap";
	m.entries = e;
	m.nentries = 2;
	S_mem("f/fields.yaml", "fields:\n  Protocol:\n    values:\n"
	    "      6: TCP\n      1: {name: ICMP, description: x}\n");
	n = ecat_fnote_find(prov, 2, 0, "Protocol");
	ck_assert_ptr_nonnull(n);
	ck_assert_ptr_null(n->description);
	k = ecat_known_merge(&m, n, &nk);
	ck_assert_uint_eq(nk, 3);
	ck_assert_uint_eq(k[0].value, 1);
	ck_assert_str_eq(k[0].name, "ICMP");
	ck_assert_int_eq(k[0].from_note, 1);
	ck_assert_str_eq(k[0].description, "x");
	ck_assert_uint_eq(k[1].value, 6);
	ck_assert_str_eq(k[1].name, "IPPROTO_TCP");
	ck_assert_int_eq(k[1].from_note, 0);
	ck_assert_uint_eq(k[2].value, 17);
	ck_assert_str_eq(k[2].name, "User Datagram");
	free(k);
	k = ecat_known_merge(NULL, n, &nk);
	ck_assert_uint_eq(nk, 2);
	ck_assert_int_eq(k[1].from_note, 1);
	free(k);
	ck_assert_ptr_null(ecat_known_merge(NULL, NULL, &nk));
	ck_assert_uint_eq(nk, 0);
}
END_TEST

static Suite *
S_suite(void)
{
	Suite	*s = suite_create("fieldnotes");
	TCase	*tc = tcase_create("fieldnotes");

	tcase_add_checked_fixture(tc, S_setup, S_teardown);
	tcase_add_test(tc, test_samples_file);
	tcase_add_test(tc, test_override);
	tcase_add_test(tc, test_diagnostics);
	tcase_add_test(tc, test_not_yaml);
	tcase_add_test(tc, test_known_merge);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(S_suite());
}
