/*
 * check_types.c: the captured binary types against the schema
 * (sample-type-mismatch, validator/check_types.c) and the range of
 * integer values (sample-out-of-range) in .evtx and JSON samples.
 *
 * Real captures with their real schemas first (HTTP_Server.evtx and
 * Microsoft's HTTP_Server.man; Security-Auditing captures and the
 * etwlib dump of Win11-24H2-26100.6899), then the same schemas with
 * one inType changed by hand, written to a temporary folder: the check
 * must then name the field, the capture's type and the schema's.  The
 * JSON cases put boundary values in the fields of a made-up provider
 * (tests/data/types/types.man).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "diag.h"
#include "etwcat.h"
#include "testutil.h"
#include "validate.h"

#define HTTPMAN	"corpus/manifests/microsoft-tx/HTTP_Server.man"
#define HTTPEVTX "captures/evtx/microsoft-tx/HTTP_Server.evtx"
#define SECMAN	"corpus/manifests/lilhoser/Win11-24H2-26100.6899/" \
		"Microsoft-Windows-Security-Auditing " \
		"54849625-5478-4994-a5ba-3e3b0328c30d.xml"
#define SIZETEVTX "captures/evtx/omerbenamram-evtx/Security_with_size_t.evtx"
#define ARRAYEVTX "captures/evtx/evtx-attack-samples/Credential Access/" \
		"MSSQL_multiple_failed_logon_EventID_18456.evtx"
#define HEX32EVTX "captures/evtx/evtx-attack-samples/Command and Control/" \
		"DE_RDP_Tunnel_5156.evtx"

static char	 tmpdir[] = "/tmp/check_types.XXXXXX";

static void
S_setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
S_teardown(void)
{
	char	*p;

	p = ecat_asprintf("rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(p), 0);
	free(p);
	memcpy(tmpdir + sizeof(tmpdir) - 7, "XXXXXX", 6);
}

/* Validate the schema and capture files given into run. */
static struct ecat_catalog *
S_validate(const char *schema, const char *capture, struct ecat_vrun *run)
{
	struct ecat_catalog	*cat;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ecat_validate_defer(cat);
	ecat_load_source(cat, schema, NULL);
	ecat_load_source(cat, capture, NULL);
	ecat_catalog_finish(cat);
	memset(run, 0, sizeof(*run));
	ck_assert_int_eq(ecat_validate(cat, run), 0);
	return cat;
}

static void
S_done(struct ecat_catalog *cat, struct ecat_vrun *run)
{
	ecat_vrun_clear(run);
	ecat_catalog_free(cat);
}

/*
 * A copy of the shared file rel in the temporary folder, every "from"
 * replaced by "to" (at least once); returns its path, to free.
 */
static char *
S_changed(const char *rel, const char *name, const char *from, const char *to)
{
	FILE	*f;
	char	*buf, *p, *q, *out;
	long	 n;
	size_t	 nrep = 0;

	ck_assert_ptr_nonnull(f = fopen(tu_shared(rel), "rb"));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	ck_assert_int_gt(n = ftell(f), 0);
	rewind(f);
	buf = ecat_malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	out = ecat_asprintf("%s/%s", tmpdir, name);
	ck_assert_ptr_nonnull(f = fopen(out, "wb"));
	for (p = buf; (q = strstr(p, from)) != NULL; p = q + strlen(from)) {
		fwrite(p, 1, (size_t)(q - p), f);
		fputs(to, f);
		nrep++;
	}
	fputs(p, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_uint_gt(nrep, 0);
	free(buf);
	return out;
}

/* The number of diagnostic lines holding s. */
static size_t
S_lines(const char *s)
{
	const char	*t;
	size_t		 n = 0;

	for (t = tu_diag_text(); (t = strstr(t, s)) != NULL; t += strlen(s))
		n++;
	return n;
}

/*
 * HTTP_Server.evtx against Microsoft's own manifest: every binary type
 * is the field's inType or, for the 586 Pointer values, HexInt64; and
 * each value is read in the form its type renders in event XML: the
 * UInt64 RequestId and ConnectionId, whose outType is HexInt64, are
 * decimal there (an old reading took them for hex digits: 2,041 out of
 * range), as is the HexInt32-outType Status (291 "hex without 0x").
 */
START_TEST(test_http_clean)
{
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	char			*evtx = ecat_strdup(tu_shared(HTTPEVTX));

	cat = S_validate(tu_shared(HTTPMAN), evtx, &run);
	ck_assert_uint_eq(run.nsamples, 2041);
	ck_assert_uint_eq(run.nmatched, 2041);
	ck_assert_uint_eq(tu_diag_count_id("sample-type-mismatch"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-out-of-range"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-noncanonical-value"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-bad-value"), 0);
	S_done(cat, &run);
	free(evtx);
}
END_TEST

/*
 * The Pointers declared UInt32 (outType HexInt32): each of the 586
 * HexInt64 values is a type mismatch, and, holding 64-bit kernel
 * addresses, out of the UInt32 range.
 */
START_TEST(test_http_pointer_as_uint32)
{
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	char			*man, *evtx = ecat_strdup(tu_shared(HTTPEVTX));

	man = S_changed(HTTPMAN, "p.man",
	    "inType=\"win:Pointer\" outType=\"win:HexInt64\"",
	    "inType=\"win:UInt32\" outType=\"win:HexInt32\"");
	cat = S_validate(man, evtx, &run);
	ck_assert_uint_eq(run.nmatched, 2041);
	ck_assert_uint_eq(tu_diag_count_id("sample-type-mismatch"), 586);
	ck_assert_uint_eq(S_lines("warning: captured value's binary type "
	    "differs from its field's inType: event_data.ConnectionObj: "
	    "HexInt64 in the capture, UInt32 in the schema "
	    "[sample-type-mismatch]"), 4);
	ck_assert_uint_eq(S_lines("HexInt64 in the capture, UInt32 in the "
	    "schema [sample-type-mismatch]"), 586);
	ck_assert_uint_eq(tu_diag_count_id("sample-out-of-range"), 586);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "HTTP_Server.evtx:1:1: "
	    "error: value does not fit its field's type: "
	    "event_data.ConnectionObj: \"0xfffffa8003e92010\": more than "
	    "4294967295, the largest 32-bit value (UInt32, HexInt32) "
	    "[sample-out-of-range]"));
	S_done(cat, &run);
	free(man);
	free(evtx);
}
END_TEST

/*
 * The UInt64 fields declared UInt32: the 2,041 UInt64 values are type
 * mismatches, and their decimal values (18374686481819108984) are out
 * of the UInt32 range: a range check on .evtx values.
 */
START_TEST(test_http_uint64_as_uint32)
{
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	char			*man, *evtx = ecat_strdup(tu_shared(HTTPEVTX));

	man = S_changed(HTTPMAN, "u.man",
	    "inType=\"win:UInt64\" outType=\"win:HexInt64\"",
	    "inType=\"win:UInt32\" outType=\"win:HexInt32\"");
	cat = S_validate(man, evtx, &run);
	ck_assert_uint_eq(tu_diag_count_id("sample-type-mismatch"), 2041);
	ck_assert_uint_eq(S_lines("event_data.RequestId: UInt64 in the "
	    "capture, UInt32 in the schema [sample-type-mismatch]"), 1457);
	ck_assert_uint_eq(S_lines("event_data.ConnectionId: UInt64 in the "
	    "capture, UInt32 in the schema [sample-type-mismatch]"), 584);
	ck_assert_uint_eq(tu_diag_count_id("sample-out-of-range"), 2041);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "event_data.RequestId: "
	    "\"18374686481819108984\": more than 4294967295, the largest "
	    "32-bit value (UInt32, HexInt32) [sample-out-of-range]"));
	S_done(cat, &run);
	free(man);
	free(evtx);
}
END_TEST

/*
 * Security-Auditing's Pointer fields (ProcessId, NewProcessId) arrive
 * as SizeT (Security_with_size_t.evtx, 242 values) and as HexInt32
 * (DE_RDP_Tunnel_5156.evtx, 42): the same type, not reported; declared
 * UInt64 by hand, each is.
 */
START_TEST(test_security_pointers)
{
	static const struct {
		const char	*evtx;
		const char	*bt;
		size_t		 n;
	} c[] = {
		{ SIZETEVTX, "SizeT", 242 },
		{ HEX32EVTX, "HexInt32", 42 },
	};
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	char			*man, *evtx, *want;
	size_t			 i;

	man = S_changed(SECMAN, "sa.xml", "inType=\"win:Pointer\"",
	    "inType=\"win:UInt64\"");
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		evtx = ecat_strdup(tu_shared(c[i].evtx));
		cat = S_validate(tu_shared(SECMAN), evtx, &run);
		ck_assert_uint_gt(run.nmatched, 0);
		ck_assert_uint_eq(tu_diag_count_id("sample-type-mismatch"), 0);
		ck_assert_uint_eq(tu_diag_count_id("sample-out-of-range"), 0);
		S_done(cat, &run);

		cat = S_validate(man, evtx, &run);
		want = ecat_asprintf(": %s in the capture, UInt64 in the schema "
		    "[sample-type-mismatch]", c[i].bt);
		ck_assert_uint_eq(tu_diag_count_id("sample-type-mismatch"),
		    c[i].n);
		ck_assert_uint_eq(S_lines(want), c[i].n);
		ck_assert_uint_eq(tu_diag_count_id("sample-out-of-range"), 0);
		free(want);
		S_done(cat, &run);
		free(evtx);
	}
	free(man);
}
END_TEST

/*
 * An array: MSSQLSERVER 18456 holds its three unnamed Data strings as
 * one EVTX array of UnicodeString (0x81); its items' type is compared
 * with the field's inType (tests/data/types/mssql-array.man: Data,
 * UnicodeString, count 3), so nothing is reported, and with the field
 * declared UInt32, each of the 10 records is.
 */
START_TEST(test_array)
{
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	char			*man, *cmd;
	char			*evtx = ecat_strdup(tu_shared(ARRAYEVTX));
	const char		*src = "tests/data/types/mssql-array.man";

	cat = S_validate(tu_src(src), evtx, &run);
	ck_assert_uint_eq(run.nmatched, 10);
	ck_assert_uint_eq(tu_diag_count_id("sample-type-mismatch"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-bad-count"), 0);
	S_done(cat, &run);

	/* S_changed reads under the shared corpus: this file is ours. */
	man = ecat_asprintf("%s/m32.man", tmpdir);
	cmd = ecat_asprintf("sed 's/inType=\"win:UnicodeString\"/"
	    "inType=\"win:UInt32\"/' '%s' >'%s'", tu_src(src), man);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	cat = S_validate(man, evtx, &run);
	ck_assert_uint_eq(tu_diag_count_id("sample-type-mismatch"), 10);
	ck_assert_uint_eq(S_lines("event_data.Data: an array of UnicodeString "
	    "in the capture, UInt32 in the schema [sample-type-mismatch]"), 10);
	S_done(cat, &run);
	free(man);
	free(evtx);
}
END_TEST

/* One JSON event of the made-up provider, fields as given. */
static char *
S_json(const char *fields)
{
	char	*path, *p;
	FILE	*f;

	path = ecat_asprintf("%s/s.json", tmpdir);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	p = ecat_asprintf("{\"system\": {\"provider\": \"Etwcat-Test-Types\", "
	    "\"event_id\": 1, \"version\": 0}, \"event_data\": {%s}}\n",
	    fields);
	ck_assert_int_ge(fputs(p, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	free(p);
	return path;
}

/*
 * Boundaries in JSON, as numbers and as strings: the largest value of
 * each width passes, one more is out of range; so is a negative value
 * in an unsigned field and a Boolean past 32 bits.  JSON has no binary
 * types: no type mismatch, whatever the values.
 */
START_TEST(test_json_ranges)
{
	static const struct {
		const char	*fields;
		size_t		 nrange;
		const char	*want;
	} c[] = {
		{ "\"U8\": 255, \"U16\": 65535, \"U32\": 4294967295, "
		  "\"U64\": 18446744073709551615, \"I8\": -128, "
		  "\"I32\": -2147483648, \"H32\": \"0xffffffff\", "
		  "\"H64\": \"0xffffffffffffffff\", \"B\": true, "
		  "\"P\": \"0xffffffffffffffff\"", 0, NULL },
		{ "\"U8\": \"255\", \"U16\": \"65535\", \"U32\": "
		  "\"4294967295\", \"U64\": \"18446744073709551615\", "
		  "\"I8\": \"127\", \"I32\": \"2147483647\", \"H32\": "
		  "\"0x0\", \"H64\": \"0x0\", \"B\": \"false\", \"P\": "
		  "\"0x0\"", 0, NULL },
		{ "\"U8\": 256, \"U16\": 0, \"U32\": 0, \"U64\": 0, \"I8\": 0, "
		  "\"I32\": 0, \"H32\": \"0x0\", \"H64\": \"0x0\", "
		  "\"B\": true, \"P\": \"0x0\"", 1,
		  "event_data.U8: 256: more than 255, the largest 8-bit "
		  "value (UInt8) [sample-out-of-range]" },
		{ "\"U8\": 0, \"U16\": 0, \"U32\": 4294967296, \"U64\": 0, "
		  "\"I8\": 0, \"I32\": 0, \"H32\": \"0x0\", \"H64\": \"0x0\", "
		  "\"B\": true, \"P\": \"0x0\"", 1,
		  "event_data.U32: 4294967296: more than 4294967295, the "
		  "largest 32-bit value (UInt32) [sample-out-of-range]" },
		{ "\"U8\": 0, \"U16\": 0, \"U32\": \"4294967296\", \"U64\": 0, "
		  "\"I8\": 0, \"I32\": 0, \"H32\": \"0x0\", \"H64\": \"0x0\", "
		  "\"B\": true, \"P\": \"0x0\"", 1,
		  "event_data.U32: \"4294967296\": more than 4294967295, the "
		  "largest 32-bit value (UInt32) [sample-out-of-range]" },
		{ "\"U8\": -1, \"U16\": 0, \"U32\": 0, \"U64\": \"-1\", "
		  "\"I8\": 0, \"I32\": 0, \"H32\": \"0x0\", \"H64\": \"0x0\", "
		  "\"B\": true, \"P\": \"0x0\"", 2,
		  "event_data.U64: \"-1\": negative, and the type is "
		  "unsigned (UInt64) [sample-out-of-range]" },
		{ "\"U8\": 0, \"U16\": 0, \"U32\": 0, \"U64\": 0, "
		  "\"I8\": -129, \"I32\": 2147483648, \"H32\": \"0x100000000\","
		  " \"H64\": \"0x0\", \"B\": true, \"P\": \"0x0\"", 3,
		  "event_data.H32: \"0x100000000\": more than 4294967295, the "
		  "largest 32-bit value (HexInt32) [sample-out-of-range]" },
		{ "\"U8\": 0, \"U16\": 0, \"U32\": 0, \"U64\": 0, "
		  "\"I8\": 0, \"I32\": 0, \"H32\": \"0x0\", \"H64\": \"0x0\", "
		  "\"B\": 4294967296, \"P\": \"0x10000000000000000\"", 2,
		  "event_data.B: 4294967296: outside -2147483648 to "
		  "2147483647, the 32-bit signed range (Boolean) "
		  "[sample-out-of-range]" },
	};
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	char			*json;
	size_t			 i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		json = S_json(c[i].fields);
		cat = S_validate(tu_src("tests/data/types/types.man"), json,
		    &run);
		ck_assert_uint_eq(run.nmatched, 1);
		ck_assert_msg(tu_diag_count_id("sample-out-of-range") ==
		    c[i].nrange, "case %zu: %s", i, tu_diag_text());
		ck_assert_uint_eq(tu_diag_count_id("sample-bad-value"), 0);
		ck_assert_uint_eq(tu_diag_count_id("sample-type-mismatch"), 0);
		if (c[i].want != NULL)
			ck_assert_msg(strstr(tu_diag_text(), c[i].want) != NULL,
			    "case %zu: no \"%s\" in:\n%s", i, c[i].want,
			    tu_diag_text());
		S_done(cat, &run);
		free(json);
	}
}
END_TEST

/* The id, its severity and its help text are in the table. */
START_TEST(test_id)
{
	enum ecat_msg	 m;

	m = ecat_msg_by_id("sample-type-mismatch");
	ck_assert_int_ne(m, ECAT_MSG__MAX);
	ck_assert_int_eq(ecat_msg_sev(m), ECAT_SEV_WARNING);
	ck_assert_ptr_nonnull(ecat_msg_help(m));
	ck_assert_ptr_nonnull(ecat_validate_help("sample-type-mismatch"));
}
END_TEST

static Suite *
S_suite(void)
{
	Suite	*s = suite_create("types");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, S_setup, S_teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_http_clean);
	tcase_add_test(tc, test_http_pointer_as_uint32);
	tcase_add_test(tc, test_http_uint64_as_uint32);
	tcase_add_test(tc, test_security_pointers);
	tcase_add_test(tc, test_array);
	tcase_add_test(tc, test_json_ranges);
	tcase_add_test(tc, test_id);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(S_suite());
}
