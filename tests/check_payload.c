/*
 * check_payload.c: .etl payloads decoded with their templates
 * (validator/payload.c).  On the real traces of ../shared/captures/
 * etl/microsoft-tx against their manifests: KernelNetwork.etl's 8,923
 * Kernel-Network events decode with no error and 4 zero bytes of
 * padding each, HTTP_Server.etl has 291 event 2 records whose Url
 * runs to the end of the payload without its NUL (Windows itself
 * rejected them: ProcessingErrorData in HTTP_Server.evtx), and
 * Process.etl's 10,343 Kernel-Process events (build 7600) decode
 * exactly with the build 7601 manifest.  Then payloads made here, one
 * finding each: an integer cut short, an array counted by an earlier
 * field, a SID's subauthority count, an unterminated string, 3
 * trailing zero bytes against 9 trailing bytes.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sample.h"
#include "testutil.h"
#include "validate.h"
#include "vcheck.h"

#define MSTX	"captures/etl/microsoft-tx/"
#define MANS	"corpus/manifests/microsoft-tx/"
#define TMP	"/tmp/check_payload.d"

/* Validate trace against the manifests in TMP/Win7-7601. */
static void
S_validate(const char *trace, struct ecat_vrun *run)
{
	struct ecat_catalog	*cat;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ecat_validate_defer(cat);
	ecat_load_source(cat, TMP "/Win7-7601", NULL);
	ecat_load_source(cat, tu_shared(trace), NULL);
	ecat_catalog_finish(cat);
	memset(run, 0, sizeof(*run));
	ck_assert_int_eq(ecat_validate(cat, run), 0);
	ecat_vrun_clear(run);
	ecat_catalog_free(cat);
}

static void
S_setup(void)
{
	char	 cmd[2048];

	snprintf(cmd, sizeof(cmd), "rm -rf " TMP " && mkdir -p " TMP
	    "/Win7-7601 && cp %sSystemEvents.man %sHTTP_Server.man " TMP
	    "/Win7-7601/", tu_shared(MANS), tu_shared(MANS));
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_kernelnetwork)
{
	struct ecat_vrun	 run;

	S_setup();
	S_validate(MSTX "KernelNetwork.etl", &run);
	ck_assert_uint_eq(run.nsamples, 8923);
	ck_assert_uint_eq(run.nmatched, 8923);
	ck_assert_uint_eq(tu_diag_count_id("sample-payload-padding"), 8923);
	ck_assert_uint_eq(tu_diag_count_id("sample-payload-short"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-payload-trailing"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-string-unterminated"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-bad-value"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-missing-field"), 0);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), ": 4 zero bytes after "
	    "the last field, at byte "));
	ck_assert_ptr_null(strstr(tu_diag_text(), " error: "));
}
END_TEST

START_TEST(test_http_server)
{
	struct ecat_vrun	 run;
	const char		*t, *e;
	size_t			 n = 0;

	S_setup();
	S_validate(MSTX "HTTP_Server.etl", &run);
	ck_assert_uint_eq(tu_diag_count_id("sample-string-unterminated"),
	    291);
	ck_assert_uint_eq(tu_diag_count_id("sample-payload-short"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-payload-trailing"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-payload-padding"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-missing-field"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-bad-value"), 0);
	/* Every error is one of them, each about event 2's Url, which
	   starts after RequestObj (Pointer) and HttpVerb (UInt32). */
	for (t = tu_diag_text(); (e = strstr(t, " error: ")) != NULL;
	    t = e + 1) {
		ck_assert_ptr_nonnull(strstr(e, "event_data.Url: Url "
		    "(UnicodeString) runs from byte 12 to the end of the "));
		n++;
	}
	ck_assert_uint_eq(n, 291);
}
END_TEST

START_TEST(test_process)
{
	struct ecat_vrun	 run;

	S_setup();
	S_validate(MSTX "Process.etl", &run);
	ck_assert_uint_eq(run.nsamples, 10343);
	ck_assert_uint_eq(run.nmatched, 10343);
	ck_assert_uint_eq(run.nclean, 10343);
	ck_assert_uint_eq(tu_diag_count_id("sample-payload-padding"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-payload-short"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-payload-trailing"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-missing-field"), 0);
}
END_TEST

/* ------------------------------------------------ payloads made here */

static const char man[] =
    "<?xml version=\"1.0\"?>\n"
    "<instrumentationManifest xmlns=\"http://schemas.microsoft.com/win/"
    "2004/08/events\" xmlns:win=\"http://manifests.microsoft.com/win/"
    "2004/08/windows/events\" xmlns:xs=\"http://www.w3.org/2001/"
    "XMLSchema\"><instrumentation><events>\n"
    "<provider name=\"Test-Payload\" guid=\"{11111111-2222-3333-4444-"
    "555555555555}\" symbol=\"TP\" resourceFileName=\"tp.dll\" "
    "messageFileName=\"tp.dll\">\n"
    "<events>\n"
    "<event value=\"1\" version=\"0\" template=\"t1\"/>\n"
    "<event value=\"2\" version=\"0\" template=\"t2\"/>\n"
    "<event value=\"3\" version=\"0\" template=\"t3\"/>\n"
    "<event value=\"4\" version=\"0\" template=\"t4\"/>\n"
    "</events>\n"
    "<templates>\n"
    "<template tid=\"t1\"><data name=\"A\" inType=\"win:UInt32\"/>"
    "<data name=\"S\" inType=\"win:UnicodeString\"/></template>\n"
    "<template tid=\"t2\"><data name=\"A\" inType=\"win:UInt32\"/>"
    "<data name=\"B\" inType=\"win:UInt16\"/></template>\n"
    "<template tid=\"t3\"><data name=\"N\" inType=\"win:UInt16\"/>"
    "<data name=\"V\" inType=\"win:UInt32\" count=\"N\"/>"
    "<data name=\"Bin\" inType=\"win:Binary\" length=\"N\"/></template>\n"
    "<template tid=\"t4\"><data name=\"U\" inType=\"win:SID\"/>"
    "<data name=\"X\" inType=\"win:UInt8\"/></template>\n"
    "</templates>\n"
    "</provider></events></instrumentation></instrumentationManifest>\n";

struct made {
	struct ecat_catalog	*cat;
	struct vctx		 v;
	struct cand		 c;
	struct ecat_sample	 s;
};

/* Check payload p (n bytes) as event id's; the findings in m->v. */
static void
S_check(struct made *m, uint32_t id, const void *p, uint32_t n)
{
	const struct ecat_pschema	*ps;
	const struct ecat_evrow		*row;

	ck_assert_ptr_nonnull(row = tu_rowps(&ps, m->cat, "Test-Payload",
	    "Made-1", id, 0));
	free(m->v.finds);
	ecat_buf_free(&m->v.text);
	m->v.finds = NULL;
	m->v.nfinds = m->v.findcap = 0;
	ecat_buf_init(&m->v.text);
	memset(&m->s, 0, sizeof(m->s));
	m->s.provider = "Test-Payload";
	m->s.event_id = id;
	m->s.payload = p;
	m->s.payload_len = n;
	m->s.ptrsize = 8;
	m->s.binary = 1;
	m->v.cat = m->cat;
	m->v.s = &m->s;
	memset(&m->c, 0, sizeof(m->c));
	m->c.row = row;
	m->c.ev = row->ev;
	m->c.ps = ps;
	ecat_vcheck_payload(&m->v, &m->c);
	ck_assert_ptr_eq(m->v.s, &m->s);
	ck_assert_ptr_eq(m->c.ev, row->ev);
}

/* The one finding's id and text. */
static void
S_one(const struct made *m, const char *id, const char *text)
{
	ck_assert_uint_eq(m->v.nfinds, 1);
	ck_assert_str_eq(ecat_msg_id(m->v.finds[0].m), id);
	ck_assert_str_eq(m->v.text.buf + m->v.finds[0].text, text);
}

START_TEST(test_made)
{
	static const uint8_t cut[] = { 1, 0, 0, 0, 7 };
	static const uint8_t whole[] = { 1, 0, 0, 0, 7, 0 };
	static const uint8_t pad3[] = { 1, 0, 0, 0, 7, 0, 0, 0, 0 };
	static const uint8_t pad8[] = { 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0,
	    0, 0 };
	static const uint8_t tail9[] = { 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 1 };
	static const uint8_t str[] = { 1, 0, 0, 0, 'h', 0, 'i', 0, 0, 0 };
	static const uint8_t open[] = { 1, 0, 0, 0, 'h', 0, 'i', 0 };
	static const uint8_t arr[] = { 2, 0, 1, 0, 0, 0, 2, 0, 0, 0,
	    0xab, 0xcd };
	static const uint8_t sid1[] = { 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0,
	    9 };
	static const uint8_t sid5[] = { 1, 5, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0,
	    9 };
	struct made	 m;
	char		 path[256];
	FILE		*f;

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(system("rm -rf " TMP "m && mkdir -p " TMP
	    "m/Made-1"), 0);
	snprintf(path, sizeof(path), TMP "m/Made-1/test.man");
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_eq(fputs(man, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	m.cat = tu_load(TMP "m/Made-1", NULL);
	ecat_buf_init(&m.v.text);

	/* Integers: exact, cut short, padded, followed by data. */
	S_check(&m, 2, whole, sizeof(whole));
	ck_assert_uint_eq(m.v.nfinds, 0);
	S_check(&m, 2, cut, sizeof(cut));
	S_one(&m, "sample-payload-short", "event_data.B: the 5-byte payload "
	    "ends in field 2 of 2, B (UInt16, 2 bytes), at byte 4");
	S_check(&m, 2, pad3, sizeof(pad3));
	S_one(&m, "sample-payload-padding", "event_data: 3 zero bytes after "
	    "the last field, at byte 6 of 9");
	S_check(&m, 2, pad8, sizeof(pad8));
	S_one(&m, "sample-payload-trailing", "event_data: 8 bytes after the "
	    "last field (2 of 2), the first at byte 6");
	S_check(&m, 2, tail9, sizeof(tail9));
	S_one(&m, "sample-payload-trailing", "event_data: 9 bytes after the "
	    "last field (2 of 2), the first at byte 6");

	/* Strings: terminated, and running to the end. */
	S_check(&m, 1, str, sizeof(str));
	ck_assert_uint_eq(m.v.nfinds, 0);
	S_check(&m, 1, open, sizeof(open));
	S_one(&m, "sample-string-unterminated", "event_data.S: S "
	    "(UnicodeString) runs from byte 4 to the end of the 8-byte "
	    "payload without its NUL");

	/* An array and a Binary counted by N. */
	S_check(&m, 3, arr, sizeof(arr));
	ck_assert_uint_eq(m.v.nfinds, 0);
	S_check(&m, 3, arr, sizeof(arr) - 1);
	S_one(&m, "sample-payload-short", "event_data.Bin: the 11-byte "
	    "payload ends in field 3 of 3, Bin (Binary, 2 bytes), at byte 10");

	/* A SID's length is its subauthority count's. */
	S_check(&m, 4, sid1, sizeof(sid1));
	ck_assert_uint_eq(m.v.nfinds, 0);
	S_check(&m, 4, sid5, sizeof(sid5));
	S_one(&m, "sample-payload-short", "event_data.U: the 13-byte payload "
	    "ends in field 1 of 2, U (SID, 28 bytes), at byte 0");

	free(m.v.finds);
	free(m.v.tmap);
	free(m.v.tname);
	free(m.v.tidx);
	ecat_buf_free(&m.v.text);
	ecat_catalog_free(m.cat);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("payload");
	TCase	*tc = tcase_create("payload");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_made);
	tcase_add_test(tc, test_kernelnetwork);
	tcase_add_test(tc, test_http_server);
	tcase_add_test(tc, test_process);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
