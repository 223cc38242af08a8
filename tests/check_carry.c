/*
 * check_carry.c: what each kind of source carries (catalog/carry.c),
 * on the real files of each origin: an attribute a source does not
 * carry is unknown, never "none".
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carry.h"
#include "load.h"
#include "testutil.h"

#define LILHOSER "corpus/manifests/lilhoser/Win11-24H2-26100.6899/"
#define TASKSCHED_ETWLIB LILHOSER \
	"Microsoft-Windows-TaskScheduler de7b24ea-73c8-4a09-985d-5bdadcfa9017.xml"
#define TASKSCHED_TSV "corpus/tsv/jdu2600/Win11-24H2-26100/manifest/" \
	"Microsoft-Windows-TaskScheduler.tsv"
#define KNET_REPNZ "corpus/manifests/repnz/Win10-1803-17134/" \
	"Microsoft-Windows-Kernel-Network.xml"
#define HTTP_TX "corpus/manifests/microsoft-tx/HTTP_Server.man"

#define S_row	tu_rowps

/*
 * TaskScheduler 127 in 24H2: the etwlib dump has its channel but no
 * template= (SOURCES.md), the TSV its field but no channel.  Each
 * states what it has; neither says the other's attribute is none.
 */
START_TEST(test_taskscheduler_127)
{
	struct ecat_catalog		*cat;
	const struct ecat_pschema	*ps;
	const struct ecat_evrow		*r;
	char				*etwlib, *tsv;
	unsigned			 c;

	etwlib = strdup(tu_shared(TASKSCHED_ETWLIB));
	tsv = strdup(tu_shared(TASKSCHED_TSV));
	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ck_assert_int_eq(ecat_load_source(cat, etwlib, "E"), 0);
	ck_assert_int_eq(ecat_load_source(cat, tsv, "T"), 0);
	ecat_catalog_finish(cat);

	r = S_row(&ps, cat, "Microsoft-Windows-TaskScheduler", "E", 127, 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(ecat_pschema_origin(ps), ECAT_ORIGIN_ETWLIB);
	ck_assert_str_eq(r->ev->channel_name,
	    "Microsoft-Windows-TaskScheduler/Operational");
	c = ecat_carries(ps, r);
	ck_assert(c & ECAT_ATTR_CHANNEL);
	ck_assert(c & ECAT_ATTR_TASK);
	ck_assert(!(c & ECAT_ATTR_FIELDS));	/* no template=: unknown */
	ck_assert(!(c & ECAT_ATTR_MESSAGE));
	ck_assert(!(c & ECAT_ATTR_MAPS));

	r = S_row(&ps, cat, "Microsoft-Windows-TaskScheduler", "T", 127, 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(ecat_pschema_origin(ps), ECAT_ORIGIN_TSV);
	ck_assert_ptr_nonnull(r->tmpl);
	ck_assert_uint_eq(r->tmpl->shape->nfields, 1);
	c = ecat_carries(ps, r);
	ck_assert(c & ECAT_ATTR_FIELDS);
	ck_assert(c & ECAT_ATTR_LEVEL);
	ck_assert(!(c & ECAT_ATTR_CHANNEL));	/* empty evtlog_channel */
	ck_assert(!(c & ECAT_ATTR_MESSAGE));
	ck_assert_str_eq(ecat_origin_name(ECAT_ORIGIN_TSV), "TSV");
	ecat_catalog_free(cat);
	free(etwlib);
	free(tsv);
}
END_TEST

/* A TraceEvent rebuild: fields and maps, no messages, no channels. */
START_TEST(test_rebuild)
{
	struct ecat_catalog		*cat;
	const struct ecat_pschema	*ps;
	const struct ecat_evrow		*r;
	unsigned			 c;

	tu_diag_reset();
	cat = tu_load(tu_shared(KNET_REPNZ), "R");
	r = S_row(&ps, cat, "Microsoft-Windows-Kernel-Network", "R", 10, 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(ecat_pschema_origin(ps), ECAT_ORIGIN_REBUILD);
	c = ecat_carries(ps, r);
	ck_assert(c & ECAT_ATTR_FIELDS);
	ck_assert(c & ECAT_ATTR_MAPS);
	ck_assert(!(c & ECAT_ATTR_CHANNEL));
	ecat_catalog_free(cat);
}
END_TEST

/*
 * microsoft-tx's HTTP_Server.man writes messageFileName="noMessageFile"
 * as etwlib does, but is Microsoft's own manifest with every message
 * (symbol="provider0": not an etwlib dump, manifest.c): a source
 * manifest, all of whose attributes are stated.
 */
START_TEST(test_tx_manifest)
{
	struct ecat_catalog		*cat;
	const struct ecat_pschema	*ps;
	const struct ecat_evrow		*r;
	unsigned			 c;

	tu_diag_reset();
	cat = tu_load(tu_shared(HTTP_TX), "H");
	r = S_row(&ps, cat, "Microsoft-Windows-HttpService", "H", 1, 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(ecat_pschema_origin(ps), ECAT_ORIGIN_MANIFEST);
	c = ecat_carries(ps, r);
	ck_assert(c & ECAT_ATTR_MESSAGE);
	ck_assert(c & ECAT_ATTR_CHANNEL);
	ck_assert(c & ECAT_ATTR_FIELDS);
	ck_assert_uint_eq(ecat_carries(ps, NULL), ECAT_ATTR__ALL);
	ck_assert_uint_eq(ecat_origin_carries(ECAT_ORIGIN_ETWLIB), 0);
	ecat_catalog_free(cat);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("carry");
	TCase	*tc = tcase_create("origins");

	tcase_add_test(tc, test_taskscheduler_127);
	tcase_add_test(tc, test_rebuild);
	tcase_add_test(tc, test_tx_manifest);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
