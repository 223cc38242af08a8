/*
 * check_message.c: a sample's rendered message judged by a message
 * another source states (validator/check_message.c, S_msgevent).
 *
 * The seed examples of SMBServer 1006 and 1010 (samples/, build
 * WS2022-20348.4893) carry Event Viewer's message; that build's schema
 * is a TraceEvent rebuild, which has none.  The merge of the key
 * (catalog/merge.h) takes the message of the 24H2 WEPExplorer dump
 * (26100.1742), whose field list is alike.  So the samples are judged
 * by it: as captured they match (hex in other case, a status rendered
 * as text, a socket address, line breaks from %n); one value changed
 * in the message is a sample-message-mismatch; and when the dump's
 * field list for the event differs (one field renamed), its message
 * says nothing of the sample and is not used.
 *
 * The files are the real ones, copied into a temporary tree: the two
 * SMBServer schemas and the two samples from samples/.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "alloc.h"
#include "diag.h"
#include "model.h"
#include "testutil.h"
#include "validate.h"

#define WS	"WS2022-20348.4893"
#define W24	"Win11-24H2-26100.1742"
#define SMB	"Microsoft-Windows-SMBServer"

static char *
S_read(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 n;

	ck_assert_ptr_nonnull(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = ecat_malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
S_write(const char *path, const char *s)
{
	FILE	*f;

	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_int_ge(fputs(s, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

/* s with the first from after at (or s's start) made to. */
static char *
S_subst(const char *s, const char *at, const char *from, const char *to)
{
	const char	*p, *q;

	p = at != NULL ? strstr(s, at) : s;
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(q = strstr(p, from));
	return ecat_asprintf("%.*s%s%s", (int)(q - s), s, to,
	    q + strlen(from));
}

/*
 * Validate a tree of the two builds' SMBServer schemas (the 24H2 dump's
 * as given, or with GrantedAccess renamed in 1006's template) and the
 * seed samples with messages (1006's "Mapped Access: 0x80" as given or
 * changed to "0x81").  Returns the sample-message-mismatch count; the
 * text is in tu_diag_text().
 */
static size_t
S_case(int rename, int change, uint32_t *nmatched)
{
	const char		*paths[2];
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	json_error_t		 err;
	json_t			*a, *out, *ev;
	char			 tmpl[] = "/tmp/check_message.XXXXXX", *d, *p;
	char			*xml, *x2, *js, *m2;
	size_t			 i, n;

	ck_assert_ptr_nonnull(d = mkdtemp(tmpl));
	p = ecat_asprintf("mkdir -p '%s/builds/" WS "/manifests' "
	    "'%s/builds/" WS "/samples' '%s/builds/" W24 "/manifests' && "
	    "cp '%s' '%s/builds/" WS "/manifests/'", d, d, d,
	    tu_src("samples/builds/" WS "/manifests/" SMB ".xml"), d);
	ck_assert_int_eq(system(p), 0);
	free(p);

	xml = S_read(tu_src("samples/builds/" W24 "/manifests/" SMB ".xml"));
	x2 = rename ? S_subst(xml, "<Id>1006</Id>", "name=\"GrantedAccess\"",
	    "name=\"GrantedAccessMask\"") : ecat_strdup(xml);
	p = ecat_asprintf("%s/builds/" W24 "/manifests/" SMB ".xml", d);
	S_write(p, x2);
	free(p);
	free(xml);
	free(x2);

	/* The samples of samples/ that carry a message. */
	ck_assert_ptr_nonnull(a = json_load_file(tu_src("samples/builds/" WS
	    "/samples/" SMB ".json"), 0, &err));
	out = json_array();
	json_array_foreach(a, i, ev) {
		const char *m = json_string_value(json_object_get(ev,
		    "message"));

		if (m == NULL || m[0] == '\0')
			continue;
		if (change && strstr(m, "Mapped Access: 0x80") != NULL) {
			m2 = S_subst(m, NULL, "Mapped Access: 0x80",
			    "Mapped Access: 0x81");
			json_object_set_new(ev, "message", json_string(m2));
			free(m2);
		}
		json_array_append(out, ev);
	}
	ck_assert_uint_eq(json_array_size(out), 2);
	js = json_dumps(out, JSON_INDENT(1));
	p = ecat_asprintf("%s/builds/" WS "/samples/" SMB ".json", d);
	S_write(p, js);
	free(p);
	free(js);
	json_decref(out);
	json_decref(a);

	paths[0] = d;
	paths[1] = NULL;
	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ecat_validate_defer(cat);
	ecat_load_source(cat, paths[0], NULL);
	ecat_catalog_finish(cat);
	memset(&run, 0, sizeof(run));
	ck_assert_int_eq(ecat_validate(cat, &run), 0);
	ck_assert_uint_eq(run.nsamples, 2);
	*nmatched = (uint32_t)run.nmatched;
	n = tu_diag_count_id("sample-message-mismatch");
	ecat_vrun_clear(&run);
	ecat_catalog_free(cat);
	p = ecat_asprintf("rm -rf '%s'", d);
	ck_assert_int_eq(system(p), 0);
	free(p);
	return n;
}

/* As captured: both samples match the 24H2 dump's messages. */
START_TEST(test_merged_match)
{
	uint32_t	 m;

	ck_assert_uint_eq(S_case(0, 0, &m), 0);
	ck_assert_uint_eq(m, 2);
	ck_assert_uint_eq(tu_diag_count_id("sample-message-insert"), 0);
}
END_TEST

/*
 * One value changed: judged by the other build's message, it differs
 * where the value is (the rebuild of the sample's build has no message,
 * so before the merged message was read this was no finding).
 */
START_TEST(test_merged_mismatch)
{
	uint32_t	 m;

	ck_assert_uint_eq(S_case(0, 1, &m), 1);
	/* Named where the message and the value part. */
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "[0].message: differs "
	    "after \"0xC0000022)\\nMapped Access: 0x8...\": the sample has "
	    "\"1\\nGranted Access: 0x0\\nSecurity Descripto...\", the "
	    "event's message \"0\\nGranted Access: 0x0\\nSecurity "
	    "Descri...\" [sample-message-mismatch]"));
}
END_TEST

/* The dump's field list differs: its message judges nothing. */
START_TEST(test_merged_other_fields)
{
	uint32_t	 m;

	ck_assert_uint_eq(S_case(1, 1, &m), 0);
	ck_assert_uint_eq(m, 2);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("message");
	TCase	*tc = tcase_create("merged");

	tcase_add_test(tc, test_merged_match);
	tcase_add_test(tc, test_merged_mismatch);
	tcase_add_test(tc, test_merged_other_fields);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
