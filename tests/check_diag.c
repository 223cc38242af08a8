/*
 * check_diag.c: the message table, severities, the output format and
 * the exit status; and that etwcat.1 documents every id.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

START_TEST(test_ids_unique_and_documented)
{
	FILE		*f;
	char		*man = NULL;
	size_t		 cap = 0;
	ssize_t		 n;
	struct ecat_buf	 b;
	int		 m, k;

	/* Read the man page once. */
	ecat_buf_init(&b);
	f = fopen(tu_src("etwcat.1"), "r");
	ck_assert_ptr_nonnull(f);
	while ((n = getline(&man, &cap, f)) != -1)
		ecat_buf_put(&b, man, (size_t)n);
	free(man);
	fclose(f);

	for (m = 0; m < ECAT_MSG__MAX; m++) {
		const char *id = ecat_msg_id((enum ecat_msg)m);
		if (id == NULL)
			continue;
		for (k = m + 1; k < ECAT_MSG__MAX; k++)
			if (ecat_msg_id((enum ecat_msg)k) != NULL)
				ck_assert_str_ne(id,
				    ecat_msg_id((enum ecat_msg)k));
		ck_assert_int_eq(ecat_msg_by_id(id), m);
		/* Listed in DIAGNOSTICS as ".It Sy id" or plain text. */
		ck_assert_msg(strstr(b.buf, id) != NULL,
		    "etwcat.1 does not document %s", id);
	}
	ecat_buf_free(&b);
}
END_TEST

START_TEST(test_severity_ranges)
{
	ck_assert_int_eq(ecat_msg_sev(ECAT_MSG_SRC_IGNORED), ECAT_SEV_NOTE);
	ck_assert_int_eq(ecat_msg_sev(ECAT_MSG_XML_RECOVERED),
	    ECAT_SEV_WARNING);
	ck_assert_int_eq(ecat_msg_sev(ECAT_MSG_XML_MALFORMED), ECAT_SEV_ERROR);
	ck_assert_int_eq(ecat_msg_sev(ECAT_MSG_IO_OPEN), ECAT_SEV_SYSERR);
	ck_assert_str_eq(ecat_msg_id(ECAT_MSG_XML_MALFORMED), "xml-malformed");
}
END_TEST

START_TEST(test_format_and_exit)
{
	struct ecat_diag	*d;
	struct ecat_loc		 loc = { "a/b.xml", 286, 0 };

	tu_diag_reset();
	d = tu_diag();
	ck_assert_int_eq(ecat_diag_exit(d, ECAT_SEV_ERROR), ECAT_EXIT_OK);
	ecat_msg(d, ECAT_MSG_SRC_IGNORED, &loc, NULL);
	ck_assert_int_eq(ecat_diag_exit(d, ECAT_SEV_ERROR), ECAT_EXIT_OK);
	ck_assert_int_eq(ecat_diag_exit(d, ECAT_SEV_NOTE),
	    ECAT_EXIT_FINDINGS);
	ecat_msg(d, ECAT_MSG_XML_MALFORMED, &loc, "attributes construct %s",
	    "error\nsecond line");
	ck_assert_str_eq(tu_diag_text(),
	    "a/b.xml:286:0: note: file ignored: not a schema, sample, note "
	    "or rule [source-ignored]\n"
	    "a/b.xml:286:0: error: XML not well-formed: attributes construct "
	    "error second line [xml-malformed]\n");
	ck_assert_int_eq(ecat_diag_exit(d, ECAT_SEV_ERROR),
	    ECAT_EXIT_FINDINGS);
	ecat_msg(d, ECAT_MSG_IO_OPEN, &loc, "No such file or directory");
	ck_assert_int_eq(ecat_diag_exit(d, ECAT_SEV_ERROR), ECAT_EXIT_SYSTEM);
	ck_assert_int_eq(ecat_diag_count(d, ECAT_MSG_XML_MALFORMED), 1);
	ck_assert_int_eq(ecat_diag_count_sev(d, ECAT_SEV_WARNING), 2);
	tu_diag_reset();
}
END_TEST

START_TEST(test_min_severity_counts_but_hides)
{
	struct ecat_diag	*d;

	tu_diag_reset();
	d = tu_diag();
	ecat_diag_set_min(d, ECAT_SEV_ERROR);
	ecat_msg(d, ECAT_MSG_XML_RECOVERED, NULL, NULL);
	ck_assert_str_eq(tu_diag_text(), "");
	ck_assert_int_eq(ecat_diag_exit(d, ECAT_SEV_WARNING),
	    ECAT_EXIT_FINDINGS);
	tu_diag_reset();
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("diag");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_ids_unique_and_documented);
	tcase_add_test(tc, test_severity_ranges);
	tcase_add_test(tc, test_format_and_exit);
	tcase_add_test(tc, test_min_severity_counts_but_hides);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
