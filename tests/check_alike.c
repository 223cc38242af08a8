/*
 * check_alike.c: what a TSV file alike an earlier build's (its rows
 * shared, model.h) must still give in each build: its lint findings;
 * its occurrences in every build; the
 * provider's schema in each build (ecat_provider_schema_in()).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "etwcat.h"
#include "testutil.h"

START_TEST(test_lint_each_build)
{
	const char		*path = tu_src("tests/data/tsv/dup_field.tsv");
	struct ecat_catalog	*cat;
	const struct ecat_pschema *aps, *cps;
	const struct ecat_provider *p;
	const struct ecat_evkey	*k;
	const struct ecat_evrow	*a, *c;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ck_assert_int_eq(ecat_load_source(cat, path, "b1"), 0);
	ck_assert_int_eq(ecat_load_source(cat, path, "b2"), 0);
	ck_assert_int_eq(ecat_load_source(cat, path, "b3"), 0);
	ecat_catalog_finish(cat);
	/* Loading reported nothing, so the rows are shared. */
	ck_assert_str_eq(tu_diag_text(), "");
	a = tu_rowps(&aps, cat, "Test-Provider", "b1", 1, 0);
	c = tu_rowps(&cps, cat, "Test-Provider", "b3", 1, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_eq(a, c);
	ck_assert_ptr_ne(aps, cps);
	/* Field A twice: reported in each of the three builds. */
	ecat_lint(cat);
	ck_assert_uint_eq(tu_diag_count_id("lint-duplicate-field"), 3);
	/* Each key in each build, in build order. */
	p = ecat_provider_find(cat, "Test-Provider");
	ck_assert_ptr_nonnull(p);
	k = ecat_evkey_find(p, 2, 0);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(k->nocc, 3);
	ck_assert_str_eq(ecat_occ_build(&k->occ[0])->id, "b1");
	ck_assert_str_eq(ecat_occ_build(&k->occ[2])->id, "b3");
	ck_assert_ptr_eq(ecat_provider_schema_in(p, ecat_build_find(cat,
	    "b2"))->build, ecat_build_find(cat, "b2"));
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_schema_in)
{
	const char		*pcw = tu_shared("corpus/tsv/jdu2600/"
	    "Win10-1803-17134/manifest/Microsoft-Windows-Diagnosis-PCW.tsv");
	struct ecat_catalog	*cat;
	const struct ecat_provider *p;
	struct ecat_build	*b;
	char			*path = strdup(pcw);

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	b = ecat_build_get(cat, "b0");	/* a build without the provider */
	ck_assert_int_eq(ecat_load_source(cat, path, "b1"), 0);
	ck_assert_int_eq(ecat_load_source(cat, path, "b2"), 0);
	/* A second copy in b2: the build has it (source-duplicate-provider). */
	ck_assert_int_eq(ecat_load_source(cat, path, "b2"), 0);
	ck_assert_uint_eq(tu_diag_count_id("source-duplicate-provider"), 1);
	ecat_catalog_finish(cat);
	p = ecat_provider_find(cat, "Microsoft-Windows-Diagnosis-PCW");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_null(ecat_provider_schema_in(p, b));
	ck_assert_ptr_nonnull(ecat_provider_schema_in(p,
	    ecat_build_find(cat, "b1")));
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("alike");
	TCase	*tc = tcase_create("alike");

	tcase_add_test(tc, test_lint_each_build);
	tcase_add_test(tc, test_schema_in);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
