/*
 * check_model.c: the catalog model: build order, provider and key
 * indexes, shape interning, GUID normalisation, observations.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

START_TEST(test_build_order)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());

	/* Folder names as in the TSV corpus and the seed provenance. */
	ecat_build_get(cat, "Win11-26H1-28000");
	ecat_build_get(cat, "Win10-1511-10586");
	ecat_build_get(cat, "WS2022-20348.4893");
	ecat_build_get(cat, "WS2022-21H2-20348.169");
	ecat_build_get(cat, "Win10-1909-18363");
	ecat_build_get(cat, "nonumber");
	ecat_catalog_finish(cat);
	ck_assert_str_eq(cat->builds[0]->id, "Win10-1511-10586");
	ck_assert_int_eq(cat->builds[0]->build_number, 10586);
	ck_assert_str_eq(cat->builds[1]->id, "Win10-1909-18363");
	/* Equal build numbers: by revision, not by name. */
	ck_assert_str_eq(cat->builds[2]->id, "WS2022-21H2-20348.169");
	ck_assert_str_eq(cat->builds[3]->id, "WS2022-20348.4893");
	ck_assert_str_eq(cat->builds[3]->revision, "20348.4893");
	ck_assert_str_eq(cat->builds[4]->id, "Win11-26H1-28000");
	ck_assert_str_eq(cat->builds[5]->id, "nonumber");
	ck_assert_int_eq(cat->builds[5]->build_number, 0);
	ck_assert_int_eq(cat->builds[4]->index, 4);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_shape_interning)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	struct ecat_field	 a[2], b[2];
	const struct ecat_shape	*s1, *s2, *s3;

	memset(a, 0, sizeof(a));
	a[0].name = "PID"; a[0].intype_name = "UInt32";
	a[0].intype = ECAT_IN_UINT32;
	a[1].name = "size"; a[1].intype_name = "UInt32";
	a[1].intype = ECAT_IN_UINT32;
	memcpy(b, a, sizeof(a));
	/* Different pointers, same text: one shape. */
	b[0].name = strdup("PID");
	s1 = ecat_shape_intern(cat, a, 2, NULL);
	s2 = ecat_shape_intern(cat, b, 2, NULL);
	ck_assert_ptr_eq(s1, s2);
	ck_assert_int_eq(cat->nshapes, 1);
	b[1].intype_name = "UInt64";
	b[1].intype = ECAT_IN_UINT64;
	s3 = ecat_shape_intern(cat, b, 2, NULL);
	ck_assert_ptr_ne(s1, s3);
	ck_assert_str_eq(s3->fields[1].intype_name, "UInt64");
	ck_assert_int_eq(cat->nshapes, 2);
	free((void *)b[0].name);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_keys_and_occurrences)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	struct ecat_build	*b1, *b2;
	struct ecat_pschema	*ps;
	struct ecat_provider	*p;
	struct ecat_evkey	*k;
	struct ecat_evsrc	 evs[2];
	int			 i;

	b2 = ecat_build_get(cat, "Win10-1809-17763");
	b1 = ecat_build_get(cat, "Win10-1803-17134");
	for (i = 0; i < 2; i++) {
		ps = ecat_pschema_new(cat, "Microsoft-Windows-SMBServer",
		    i ? b1 : b2, ECAT_SRC_TSV, ECAT_FMT_TSV_MANIFEST, NULL);
		memset(evs, 0, sizeof(evs));
		evs[0].ev.id = 500;
		evs[1].ev.id = 501;
		evs[1].loc.line = 7;
		ecat_pschema_commit(cat, ps, evs, 2);
		ck_assert_int_eq(ps->nevents, 2);
		ck_assert_int_eq(ps->events[1].line, 7);
	}
	ecat_observe(cat, "Microsoft-Windows-SMBServer",
	    "{D48CE617-33A2-4BC3-A5C7-11AA4F29619E}", b2, 500, 0);
	ecat_observe(cat, "Microsoft-Windows-SMBServer", NULL, b2, 500, 0);
	ecat_catalog_finish(cat);

	p = ecat_provider_find(cat, "Microsoft-Windows-SMBServer");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_null(ecat_provider_find(cat, "Nope"));
	ck_assert_int_eq(p->nkeys, 2);
	ck_assert_int_eq(p->keys[0]->id, 500);
	k = ecat_evkey_find(p, 500, 0);
	ck_assert_ptr_eq(k, p->keys[0]);
	ck_assert_int_eq(k->nocc, 3);
	/* Sorted by build order (1803 first), then kind. */
	ck_assert_str_eq(ecat_occ_build(&k->occ[0])->id, "Win10-1803-17134");
	ck_assert_int_eq(ecat_occ_kind(&k->occ[1]), ECAT_SRC_TSV);
	ck_assert_int_eq(ecat_occ_kind(&k->occ[2]), ECAT_SRC_SAMPLE);
	ck_assert_int_eq(k->occ[2].nsamples, 2);
	ck_assert_str_eq(p->guid, "{d48ce617-33a2-4bc3-a5c7-11aa4f29619e}");
	ck_assert_ptr_eq(ecat_provider_find_guid(cat,
	    "D48CE617-33A2-4BC3-A5C7-11AA4F29619E"), p);
	ck_assert_ptr_null(ecat_evkey_find(p, 500, 1));
	/* ETW provider names are case-insensitive; the corpus spells
	   PersistentMemory-ScmBus two ways across builds. */
	ck_assert_ptr_eq(ecat_provider_get(cat,
	    "Microsoft-Windows-PersistentMemory-ScmBus"), ecat_provider_get(cat,
	    "Microsoft-Windows-PersistentMemory-Scmbus"));
	ck_assert_str_eq(ecat_provider_find(cat,
	    "microsoft-windows-persistentmemory-scmbus")->name,
	    "Microsoft-Windows-PersistentMemory-ScmBus");
	ck_assert_ptr_eq(ecat_provider_find(cat, "MICROSOFT-WINDOWS-SMBSERVER"),
	    p);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_guid_norm)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());

	ck_assert_str_eq(ecat_guid_norm(cat,
	    "{BDE46AEA-2357-51FE-7367-D5296F530BD1}"),
	    "{bde46aea-2357-51fe-7367-d5296f530bd1}");
	ck_assert_str_eq(ecat_guid_norm(cat,
	    " 7dd42a49-5329-4832-8dfd-43d979153a88 "),
	    "{7dd42a49-5329-4832-8dfd-43d979153a88}");
	ck_assert_ptr_null(ecat_guid_norm(cat, "{7dd42a49-5329}"));
	ck_assert_ptr_null(ecat_guid_norm(cat,
	    "{7dd42a49x5329-4832-8dfd-43d979153a88}"));
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_types)
{
	int	 folded;

	ck_assert_int_eq(ecat_intype_lookup("HexInt32", &folded),
	    ECAT_IN_HEXINT32);
	ck_assert_int_eq(folded, 0);
	ck_assert_int_eq(ecat_intype_lookup("hexInt32", &folded),
	    ECAT_IN_HEXINT32);
	ck_assert_int_eq(folded, 1);
	ck_assert_int_eq(ecat_intype_lookup("CountedUtf16String", NULL),
	    ECAT_IN_COUNTEDSTRING);
	ck_assert_int_eq(ecat_intype_lookup("29", NULL), ECAT_IN_UNKNOWN);
	ck_assert_int_eq(ecat_outtype_default(ECAT_IN_POINTER),
	    ECAT_OUT_HEXINT64);
	ck_assert(ecat_outtype_valid(ECAT_IN_UINT32, ECAT_OUT_NTSTATUS));
	ck_assert(!ecat_outtype_valid(ECAT_IN_UINT16, ECAT_OUT_NTSTATUS));
	ck_assert_str_eq(ecat_outtype_qname(ECAT_OUT_WIN32ERROR),
	    "win:Win32Error");
	ck_assert_int_eq(ecat_intype_size(ECAT_IN_BOOLEAN), 4);
	ck_assert_int_eq(ecat_winmeta_level("win:Informational")->value, 4);
	ck_assert_str_eq(ecat_winmeta_level_by_value(4)->message,
	    "Information");
	ck_assert_int_eq(ecat_winmeta_opcode("win:Receive")->value, 240);
	ck_assert_int_eq(ecat_winmeta_channel("Security")->value, 10);
}
END_TEST

START_TEST(test_rebuilt)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	struct ecat_build	*b = ecat_build_get(cat, "Win10-1803-17134");
	struct ecat_loc		 loc = { "x.man", 1, 0 };
	struct ecat_pschema	*ps;

	ps = ecat_pschema_new(cat, "Microsoft-Windows-Foo", b,
	    ECAT_SRC_MANIFEST, ECAT_FMT_MANIFEST, &loc);
	ck_assert_int_eq(ecat_pschema_rebuilt(ps), 0);
	/* TraceEvent writes the provider's name for both files. */
	ps->resource_file = "Microsoft-Windows-Foo";
	ps->message_file = "Microsoft-Windows-Foo";
	ck_assert_int_eq(ecat_pschema_rebuilt(ps), 1);
	/* mc writes the PE file. */
	ps->message_file = "%SystemRoot%\\system32\\foo.dll";
	ck_assert_int_eq(ecat_pschema_rebuilt(ps), 0);
	/* Only a manifest is a rebuild. */
	ps->message_file = ps->resource_file;
	ps->format = ECAT_FMT_WEPEXPLORER;
	ck_assert_int_eq(ecat_pschema_rebuilt(ps), 0);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_build_runs)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	const struct ecat_build	*in[8];
	struct ecat_brun	*r;
	uint32_t		 n;
	char			*t;
	char			 id[32];
	int			 i;

	for (i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "B-%d", 10000 + i);
		ecat_build_get(cat, id);
	}
	ecat_catalog_finish(cat);
	/* 0,1,2,4,5 (3 missing: an exception), then 9 (gap of 3: new run) */
	in[0] = cat->builds[0]; in[1] = cat->builds[1];
	in[2] = cat->builds[2]; in[3] = cat->builds[4];
	in[4] = cat->builds[5]; in[5] = cat->builds[9];
	n = ecat_bruns(cat, in, 6, &r);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(r[0].first->id, "B-10000");
	ck_assert_str_eq(r[0].last->id, "B-10005");
	ck_assert_uint_eq(r[0].count, 5);
	ck_assert_uint_eq(r[0].nexcept, 1);
	ck_assert_str_eq(r[0].except[0]->id, "B-10003");
	ck_assert_uint_eq(r[1].count, 1);
	t = ecat_bruns_text(r, n);
	ck_assert_str_eq(t, "B-10000 \xe2\x80\xa6 B-10005, 5 builds, "
	    "except B-10003; B-10009");
	free(t);
	ecat_bruns_free(r, n);
	/* Two consecutive builds read as a pair; none is an empty text. */
	n = ecat_bruns(cat, in, 2, &r);
	t = ecat_bruns_text(r, n);
	ck_assert_str_eq(t, "B-10000, B-10001");
	free(t);
	ecat_bruns_free(r, n);
	ck_assert_uint_eq(ecat_bruns(cat, in, 0, &r), 0);
	t = ecat_bruns_text(r, 0);
	ck_assert_str_eq(t, "");
	free(t);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * Once finished, keys are found by binary search (the hash tables are
 * freed) and occurrence arrays are trimmed to their length; a key a
 * late sample adds is found at once, and again after the next finish.
 * One real build of the TSV corpus: 869 providers.
 */
START_TEST(test_keys_after_finish)
{
	struct ecat_catalog	*cat;
	struct ecat_provider	*p, *big = NULL;
	struct ecat_evkey	*k, *old, *mid;
	uint32_t		 i, j, nkeys = 0, gap;

	cat = tu_load(tu_shared("corpus/tsv/jdu2600/Win10-1803-17134"), NULL);
	ck_assert_uint_gt(cat->nproviders, 500);
	for (i = 0; i < cat->nproviders; i++) {
		p = cat->providers[i];
		ck_assert_ptr_null(p->keyindex);
		for (j = 0; j < p->nkeys; j++) {
			k = p->keys[j];
			ck_assert_ptr_eq(ecat_evkey_find(p, k->id, k->version),
			    k);
			ck_assert_uint_eq(k->occcap, k->nocc);
			nkeys++;
		}
		ck_assert_ptr_null(ecat_evkey_find(p, 70000, 0));
		if (big == NULL || p->nkeys > big->nkeys)
			big = p;
	}
	ck_assert_uint_gt(nkeys, 3000);
	/* A key after the last one and one between two. */
	old = big->keys[big->nkeys / 2];
	ecat_observe(cat, big->name, NULL, cat->builds[0], 70000, 3);
	ck_assert_ptr_nonnull(big->keyindex);
	k = ecat_evkey_find(big, 70000, 3);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(k->nocc, 1);
	ck_assert_int_eq(ecat_occ_kind(&k->occ[0]), ECAT_SRC_SAMPLE);
	ck_assert_ptr_eq(ecat_evkey_find(big, old->id, old->version), old);
	ecat_observe(cat, big->name, NULL, cat->builds[0], old->id,
	    old->version);
	ck_assert_uint_eq(old->nocc, 2);
	ck_assert_ptr_eq(ecat_occ_build(&old->occ[1]), cat->builds[0]);
	/* A new key between two existing ones (an id no key has). */
	for (gap = 0; gap + 1 < big->nkeys; gap++)
		if (big->keys[gap + 1]->id > big->keys[gap]->id + 1)
			break;
	ck_assert_uint_lt(gap + 1, big->nkeys);
	ck_assert_ptr_null(ecat_evkey_find(big, big->keys[gap]->id + 1, 0));
	ecat_observe(cat, big->name, NULL, cat->builds[0],
	    big->keys[gap]->id + 1, 0);
	mid = ecat_evkey_find(big, big->keys[gap]->id + 1, 0);
	ck_assert_ptr_nonnull(mid);
	ecat_catalog_finish(cat);
	/* Sorted into place, found by the binary search. */
	ck_assert_ptr_eq(big->keys[gap + 1], mid);
	ck_assert_ptr_eq(ecat_evkey_find(big, mid->id, 0), mid);
	ck_assert_ptr_null(big->keyindex);
	ck_assert_ptr_eq(big->keys[big->nkeys - 1], k);
	ck_assert_ptr_eq(ecat_evkey_find(big, 70000, 3), k);
	ck_assert_ptr_eq(ecat_evkey_find(big, old->id, old->version), old);
	ck_assert_uint_eq(old->occcap, 2);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * An occurrence is a schema and a row index (model.h): a sample-only
 * one names its build's sample schema, which no provider lists, and
 * reads as before through the accessors (no row, no schema); a row
 * occurrence's row is its schema's, also when two builds' alike TSV
 * files share one array of rows.
 */
START_TEST(test_occ_accessors)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	struct ecat_build	*b1, *b2;
	const struct ecat_provider *p;
	const struct ecat_pschema *ps;
	const struct ecat_evkey	*k;
	const struct ecat_occ	*o, *so = NULL, *to = NULL;
	const struct ecat_evrow	*r;
	uint32_t		 i, j, x, nrow = 0, shared = 0;

	ck_assert_uint_eq(sizeof(struct ecat_occ), sizeof(void *) == 8 ?
	    16 : sizeof(struct ecat_occ));
	ecat_load_source(cat,
	    tu_shared("corpus/tsv/jdu2600/Win10-1803-17134"), NULL);
	ecat_load_source(cat,
	    tu_shared("corpus/tsv/jdu2600/Win10-1809-17763"), NULL);
	b1 = ecat_build_get(cat, "Win10-1803-17134");
	b2 = ecat_build_get(cat, "Win10-1809-17763");
	ck_assert_ptr_null(b1->sample);
	ecat_observe(cat, "Microsoft-Windows-SMBServer", NULL, b2, 1, 2);
	ecat_observe(cat, "Microsoft-Windows-SMBServer", NULL, b2, 1, 2);
	ecat_observe(cat, "Microsoft-Windows-SMBServer", NULL, b2, 70000, 0);
	ecat_catalog_finish(cat);
	ck_assert_uint_eq(cat->nbuilds, 2);

	/* SMBServer 1 v2: the 1803 and 1809 rows, then the samples. */
	p = ecat_provider_find(cat, "Microsoft-Windows-SMBServer");
	ck_assert_ptr_nonnull(p);
	k = ecat_evkey_find(p, 1, 2);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(k->nocc, 3);
	so = &k->occ[2];
	ck_assert_ptr_eq(ecat_occ_build(so), b2);
	ck_assert_int_eq(ecat_occ_kind(so), ECAT_SRC_SAMPLE);
	ck_assert_ptr_null(ecat_occ_row(so));
	ck_assert_ptr_null(ecat_occ_schema(so));
	ck_assert_uint_eq(so->nsamples, 2);
	to = &k->occ[1];
	ck_assert_ptr_eq(ecat_occ_build(to), b2);
	ck_assert_int_eq(ecat_occ_kind(to), ECAT_SRC_TSV);
	ck_assert_uint_eq(to->nsamples, 0);
	ck_assert_str_eq(ecat_occ_schema(to)->tsv_file,
	    "Microsoft-Windows-SMBServer.tsv");
	ck_assert_str_eq(ecat_occ_row(to)->ev->name,
	    "Smb2RequestNegotiate_V2");
	ck_assert_uint_eq(ecat_occ_row(to)->line, 2);
	ck_assert_ptr_eq(ecat_occ_build(&k->occ[0]), b1);

	/* One sample schema per build, in no provider's schemas. */
	k = ecat_evkey_find(p, 70000, 0);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(k->nocc, 1);
	ck_assert_ptr_null(ecat_occ_row(&k->occ[0]));
	ck_assert_ptr_eq(k->occ[0].ps, so->ps);
	ck_assert_ptr_eq(so->ps, b2->sample);
	ck_assert_ptr_null(b1->sample);
	ck_assert_ptr_null(b2->sample->provider);
	ck_assert_uint_eq(b2->sample->nevents, 0);
	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i]->nschemas; j++)
			ck_assert_ptr_ne(cat->providers[i]->schemas[j],
			    b2->sample);

	/* Every row occurrence: its schema's row with its key. */
	for (i = 0; i < cat->nproviders; i++) {
		p = cat->providers[i];
		for (j = 0; j < p->nkeys; j++) {
			k = p->keys[j];
			for (x = 0; x < k->nocc; x++) {
				o = &k->occ[x];
				if ((r = ecat_occ_row(o)) == NULL)
					continue;
				ps = ecat_occ_schema(o);
				ck_assert_ptr_eq(ps->provider, p);
				ck_assert_ptr_eq(ps->build, ecat_occ_build(o));
				ck_assert_int_eq(ps->kind, ecat_occ_kind(o));
				ck_assert(r >= ps->events &&
				    r < ps->events + ps->nevents);
				ck_assert_uint_eq(r->ev->id, k->id);
				ck_assert_uint_eq(r->ev->version, k->version);
				nrow++;
				shared += x > 0 &&
				    ecat_occ_row(&k->occ[x - 1]) == r &&
				    ecat_occ_schema(&k->occ[x - 1]) != ps;
			}
		}
	}
	ck_assert_uint_eq(nrow, cat->nevents);
	/* Most of 1809's files are 1803's byte for byte. */
	ck_assert_uint_gt(shared, nrow / 4);
	ecat_catalog_free(cat);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("model");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_build_order);
	tcase_add_test(tc, test_shape_interning);
	tcase_add_test(tc, test_keys_and_occurrences);
	tcase_add_test(tc, test_guid_norm);
	tcase_add_test(tc, test_types);
	tcase_add_test(tc, test_rebuilt);
	tcase_add_test(tc, test_build_runs);
	tcase_add_test(tc, test_keys_after_finish);
	tcase_add_test(tc, test_occ_accessors);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
