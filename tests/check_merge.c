/*
 * check_merge.c: every source of a build merged (catalog/merge.c), the
 * conflicts between two sources of one build (lint-source-conflict)
 * and the titles made from the merge (render/title.c), on samples/ and
 * the shared corpus.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "load.h"
#include "merge.h"
#include "testutil.h"
#include "title.h"

#define KN	"Microsoft-Windows-Kernel-Network"
#define SMBS	"Microsoft-Windows-SMBServer"
#define SMBC	"Microsoft-Windows-SMBClient"
#define WSOCK	"Microsoft-Windows-Winsock-Sockets"
#define DMEDP	"Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-" \
		"Provider"

static struct ecat_catalog	*scat;	/* samples/, loaded once */

static void
S_load_samples(void)
{
	tu_diag_reset();
	scat = tu_load(tu_src("samples"), NULL);
}

static void
S_free_samples(void)
{
	ecat_catalog_free(scat);
}

/* Key (id, version) of prov merged in build bid of samples/. */
static void
S_merge(struct ecat_merged *m, const char *prov, uint32_t id,
    uint16_t version, const char *bid)
{
	tu_merge(m, scat, prov, id, version, bid);
}

#define S_bid	tu_mbuild
#define S_ev	tu_mevent

/* --------------------------------------------------------------- merge */

/*
 * Kernel-Network 10 in 26H1, whose only source is a TSV export: fields
 * from there; the channel from the nearest build with the same field
 * list that states one (the 25H2 etwlib dump, next to it); the message
 * from the nearest that states one (the 22H2 WEPExplorer dump), each
 * marked as from another build.
 */
START_TEST(test_kn10)
{
	struct ecat_merged	 m;

	S_merge(&m, KN, 10, 0, "Win11-26H1-28000");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_FIELDS), "Win11-26H1-28000");
	ck_assert_int_eq(m.at[ECAT_MA_FIELDS].origin, ECAT_ORIGIN_TSV);
	ck_assert_int_eq(m.at[ECAT_MA_FIELDS].other, 0);
	ck_assert_uint_eq(m.shape->nfields, 10);
	ck_assert_str_eq(S_bid(&m, ECAT_MA_CHANNEL), "Win11-25H2-26200.6901");
	ck_assert_int_eq(m.at[ECAT_MA_CHANNEL].origin, ECAT_ORIGIN_ETWLIB);
	ck_assert_int_eq(m.at[ECAT_MA_CHANNEL].other, 1);
	ck_assert_str_eq(S_ev(&m, ECAT_MA_CHANNEL)->channel_name,
	    "Microsoft-Windows-Kernel-Network/Analytic");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_MESSAGE), "Win10-22H2-19045.2604");
	ck_assert_int_eq(m.at[ECAT_MA_MESSAGE].origin,
	    ECAT_ORIGIN_WEPEXPLORER);
	ck_assert_str_eq(S_ev(&m, ECAT_MA_MESSAGE)->message,
	    "TCPv4: %2 bytes transmitted from %4:%6 to %3:%5.");
	/* Level and task: the TSV export states them itself. */
	ck_assert_str_eq(S_bid(&m, ECAT_MA_LEVEL), "Win11-26H1-28000");
	ck_assert_int_eq(m.at[ECAT_MA_LEVEL].other, 0);
	ck_assert(m.known & ECAT_ATTR_MESSAGE);
}
END_TEST

/*
 * Two sources of one build: the TraceEvent rebuild is read before the
 * TSV export made from the same rebuild (merge.h).
 */
START_TEST(test_rank)
{
	struct ecat_merged	 m;

	S_merge(&m, KN, 10, 0, "Win10-1803-17134");
	ck_assert_int_eq(m.at[ECAT_MA_FIELDS].origin, ECAT_ORIGIN_REBUILD);
	ck_assert_int_eq(m.at[ECAT_MA_LEVEL].origin, ECAT_ORIGIN_REBUILD);
	ck_assert_int_eq(m.at[ECAT_MA_KEYWORDS].origin, ECAT_ORIGIN_REBUILD);
	ck_assert_int_eq(m.at[ECAT_MA_FIELDS].other, 0);
	ck_assert_int_lt(ecat_origin_rank(ECAT_ORIGIN_MANIFEST),
	    ecat_origin_rank(ECAT_ORIGIN_WEPEXPLORER));
	ck_assert_int_lt(ecat_origin_rank(ECAT_ORIGIN_WEPEXPLORER),
	    ecat_origin_rank(ECAT_ORIGIN_ETWLIB));
	ck_assert_int_lt(ecat_origin_rank(ECAT_ORIGIN_ETWLIB),
	    ecat_origin_rank(ECAT_ORIGIN_REBUILD));
	ck_assert_int_lt(ecat_origin_rank(ECAT_ORIGIN_REBUILD),
	    ecat_origin_rank(ECAT_ORIGIN_TSV));
	ck_assert_int_lt(ecat_origin_rank(ECAT_ORIGIN_TSV),
	    ecat_origin_rank(ECAT_ORIGIN_TSV_MOF));
}
END_TEST

/*
 * Winsock-Sockets 1 has no channel and no message: the TSV export does
 * not say so (unknown), nor the etwlib dump next to it (it writes no
 * channel=, which states nothing); the WEPExplorer dump two builds away
 * carries both and gives neither: absent, known, not looked for
 * further away.
 */
START_TEST(test_absent)
{
	struct ecat_merged	 m;

	S_merge(&m, WSOCK, 1, 0, "Win11-26H1-28000");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_CHANNEL), "Win11-26200.6584");
	ck_assert_int_eq(m.at[ECAT_MA_CHANNEL].origin,
	    ECAT_ORIGIN_WEPEXPLORER);
	ck_assert_ptr_null(S_ev(&m, ECAT_MA_CHANNEL)->channel_name);
	ck_assert(m.known & ECAT_ATTR_CHANNEL);
	ck_assert_str_eq(S_bid(&m, ECAT_MA_MESSAGE), "Win11-26200.6584");
	ck_assert_ptr_null(S_ev(&m, ECAT_MA_MESSAGE)->message);
	/* Its maps: no source with the same field list states any. */
	ck_assert_ptr_null(m.at[ECAT_MA_MAPS].occ);
	ck_assert(!(m.known & ECAT_ATTR_MAPS));
}
END_TEST

/*
 * Hyper-V-VSmb 1 in 25H2 (its newest build): the etwlib dump gives five
 * fields, the transcription of seed 000 a build before it seven: the
 * five are the seven as etwlib writes them (StackFrame and Module,
 * each after its UInt32 count, left out), so the seven are taken, and
 * the message with them.  Hyper-V-VSmb 301 in 25H2: six fields in
 * both, alike, the dump's own kept.  SMBServer 16: the TSV export writes the Locks
 * struct as one GUID, the WEPExplorer dump as a struct: alike, so the
 * dump's message is taken.
 */
/*
 * The real files of two builds: Dwm-Core 173 v1 in the TSV of 26H1
 * writes "Int64 PrimaryAdapterLuid", the etwlib dump of 25H2 (26200.6901)
 * "PrimaryAdapterLuid-0", an array of one written item by item: the
 * same list as etwlib writes it, so the TSV's page takes the dump's
 * channel.  ecat_shape_dumped itself: that list and the reverse, and
 * not a list against itself.
 */
START_TEST(test_dumped_items)
{
	struct ecat_catalog		*cat;
	const struct ecat_provider	*p;
	const struct ecat_evkey		*k;
	const struct ecat_pschema	*ps;
	const struct ecat_evrow		*d, *t;
	struct ecat_merged		 m;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ecat_load_source(cat, tu_shared("corpus/manifests/lilhoser/"
	    "Win11-25H2-26200.6901/Microsoft-Windows-Dwm-Core "
	    "9e9bba3c-2e38-40cb-99f4-9e8281425164.xml"),
	    "Win11-25H2-26200.6901");
	ecat_load_source(cat, tu_shared("corpus/tsv/jdu2600/Win11-26H1-28000/"
	    "manifest/Microsoft-Windows-Dwm-Core.tsv"), "Win11-26H1-28000");
	ecat_catalog_finish(cat);
	p = ecat_provider_find(cat, "Microsoft-Windows-Dwm-Core");
	ck_assert_ptr_nonnull(p);
	k = ecat_evkey_find(p, 173, 1);
	ck_assert_ptr_nonnull(k);
	d = tu_rowps(&ps, cat, "Microsoft-Windows-Dwm-Core",
	    "Win11-25H2-26200.6901", 173, 1);
	t = tu_rowps(&ps, cat, "Microsoft-Windows-Dwm-Core",
	    "Win11-26H1-28000", 173, 1);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(t);
	ck_assert(!ecat_shape_alike(ecat_row_shape(d), ecat_row_shape(t)));
	ck_assert(ecat_shape_dumped(ecat_row_shape(d), ecat_row_shape(t), 0));
	ck_assert(!ecat_shape_dumped(ecat_row_shape(t), ecat_row_shape(d), 0));
	ck_assert(!ecat_shape_dumped(ecat_row_shape(t), ecat_row_shape(t), 0));
	/* A source that writes counts must state the count: 1. */
	ck_assert(!ecat_shape_dumped(ecat_row_shape(d), ecat_row_shape(t), 1));

	ecat_merge(k, ecat_build_find(cat, "Win11-26H1-28000"), &m);
	ck_assert_int_eq(m.at[ECAT_MA_FIELDS].origin, ECAT_ORIGIN_TSV);
	ck_assert_ptr_nonnull(m.at[ECAT_MA_CHANNEL].occ);
	ck_assert_str_eq(S_ev(&m, ECAT_MA_CHANNEL)->channel_name,
	    "Microsoft-Windows-Dwm-Core/Diagnostic");
	ck_assert(m.at[ECAT_MA_CHANNEL].other);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_other_fields)
{
	struct ecat_merged	 m;

	S_merge(&m, "Microsoft-Windows-Hyper-V-VSmb", 1, 0,
	    "Win11-25H2-26200.6901");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_FIELDS), "Win11-26200.6584");
	ck_assert_uint_eq(m.shape->nfields, 7);
	ck_assert_str_eq(S_ev(&m, ECAT_MA_MESSAGE)->message, "[VMID %3] %1");
	S_merge(&m, "Microsoft-Windows-Hyper-V-VSmb", 301, 1,
	    "Win11-25H2-26200.6901");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_FIELDS), "Win11-25H2-26200.6901");
	S_merge(&m, "Microsoft-Windows-Hyper-V-VSmb", 1, 0,
	    "Win11-26200.6584");
	ck_assert_uint_eq(m.shape->nfields, 7);
	ck_assert_str_eq(S_ev(&m, ECAT_MA_MESSAGE)->message, "[VMID %3] %1");

	S_merge(&m, SMBS, 16, 2, "Win11-26H1-28000");
	ck_assert_int_eq(m.at[ECAT_MA_FIELDS].origin, ECAT_ORIGIN_TSV);
	ck_assert_str_eq(S_bid(&m, ECAT_MA_MESSAGE), "Win11-24H2-26100.1742");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_MESSAGE)->message,
	    "SMB2 Request Lock");
}
END_TEST

/*
 * A build whose sources state no field list is not known to differ:
 * SMBServer 3026 in 26H1 takes its channel from the 25H2 etwlib dump,
 * which writes no template= for it; 203 its message from the 24H2
 * WEPExplorer dump, whose <Template> for it is blank.
 */
START_TEST(test_unknown_fields)
{
	struct ecat_merged	 m;
	const struct ecat_pschema *ps;
	const struct ecat_evrow	*r;

	r = tu_rowps(&ps, scat, SMBS, "Win11-25H2-26200.6901", 3026, 0);
	ck_assert_ptr_nonnull(r);
	ck_assert(!(ecat_carries(ps, r) & ECAT_ATTR_FIELDS));
	S_merge(&m, SMBS, 3026, 0, "Win11-26H1-28000");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_CHANNEL), "Win11-25H2-26200.6901");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_CHANNEL)->channel_name,
	    "Microsoft-Windows-SMBServer/Audit");
	S_merge(&m, SMBS, 203, 0, "Win11-26H1-28000");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_MESSAGE), "Win11-24H2-26100.1742");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_MESSAGE)->message,
	    "SMB2 Work Item activity id transfer");
}
END_TEST

/*
 * Kernel-Network 10 in 1809: the source manifest of microsoft-tx and
 * the 22H2 WEPExplorer dump both give the message, seven builds away
 * on either side: the newer is taken.
 */
START_TEST(test_tie)
{
	struct ecat_merged	 m;
	uint32_t		 b = ecat_build_find(scat,
				    "Win10-1809-17763")->index;

	ck_assert_uint_eq(b - ecat_build_find(scat, "microsoft-tx")->index,
	    ecat_build_find(scat, "Win10-22H2-19045.2604")->index - b);
	S_merge(&m, KN, 10, 0, "Win10-1809-17763");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_MESSAGE), "Win10-22H2-19045.2604");
	/* From 1511, nearer the source manifest: that one. */
	S_merge(&m, KN, 10, 0, "Win10-1511-10586");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_MESSAGE), "microsoft-tx");
	ck_assert_int_eq(m.at[ECAT_MA_MESSAGE].origin, ECAT_ORIGIN_MANIFEST);
}
END_TEST

/*
 * SMBClient 30831 v0 in 26100.1742: the WEPExplorer dump lost its
 * template (a blank <Template>, its message uses %11): the fields are
 * unknown there, not none, so they come from another build, and lint
 * does not check the message's inserts against them.
 */
START_TEST(test_lost_template)
{
	struct ecat_merged	 m;
	const struct ecat_pschema *ps;
	const struct ecat_evrow	*r;

	r = tu_rowps(&ps, scat, SMBC, "Win11-24H2-26100.1742", 30831, 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(r->tmpl);
	ck_assert(!(ecat_carries(ps, r) & ECAT_ATTR_FIELDS));
	ck_assert(ecat_carries(ps, r) & ECAT_ATTR_MESSAGE);
	S_merge(&m, SMBC, 30831, 0, "Win11-24H2-26100.1742");
	ck_assert_int_eq(m.at[ECAT_MA_FIELDS].other, 1);
	ck_assert_uint_ge(m.shape->nfields, 11);
	ck_assert_int_eq(m.at[ECAT_MA_MESSAGE].other, 0);
	ecat_lint(scat);
	ck_assert_uint_eq(tu_diag_count_id("lint-insert-range"), 0);
}
END_TEST

/* ---------------------------------------------------------- conflicts */

/*
 * DeviceManagement-Enterprise-Diagnostics-Provider 27 in 1803: repnz's
 * rebuild gives three fields, jdu2600's TSV export of the same build
 * two.  The merge takes the rebuild; lint names both files and lines.
 */
START_TEST(test_conflict)
{
	struct ecat_catalog	*cat;
	struct ecat_mconflict	 mc[ECAT_MA__MAX];
	const struct ecat_evkey	*k;
	char			*man, *tsv, want[1024];

	man = strdup(tu_shared("corpus/manifests/repnz-full/Win10-1803-17134/"
	    DMEDP ".xml"));
	tsv = strdup(tu_shared("corpus/tsv/jdu2600/Win10-1803-17134/"
	    "manifest/" DMEDP ".tsv"));
	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ck_assert_int_eq(ecat_load_source(cat, man, "B"), 0);
	ck_assert_int_eq(ecat_load_source(cat, tsv, "B"), 0);
	ecat_catalog_finish(cat);
	k = ecat_evkey_find(ecat_provider_find(cat, DMEDP), 27, 0);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(ecat_merge_conflicts(k, ecat_build_find(cat, "B"),
	    mc, ECAT_MA__MAX), 1);
	ck_assert_int_eq(mc[0].attr, ECAT_MA_FIELDS);
	ck_assert_int_eq(ecat_pschema_origin(ecat_occ_schema(mc[0].a)),
	    ECAT_ORIGIN_REBUILD);
	ck_assert_int_eq(ecat_pschema_origin(ecat_occ_schema(mc[0].b)),
	    ECAT_ORIGIN_TSV);
	ecat_lint(cat);
	ck_assert_uint_eq(tu_diag_count_id("lint-source-conflict"), 3);
	snprintf(want, sizeof(want), "%s:20:0: warning: two sources of one "
	    "build describe an event differently: fields: (HexInt32 HexInt1, "
	    "HexInt32 HRESULT) (TSV) against %s:86 (TraceEvent rebuild, "
	    "taken): (HexInt32 HexInt1, HexInt32 HexInt2, HexInt32 HRESULT) "
	    "[lint-source-conflict]", tsv, man);
	ck_assert_msg(strstr(tu_diag_text(), want) != NULL, "%s",
	    tu_diag_text());
	ecat_catalog_free(cat);
	free(man);
	free(tsv);
}
END_TEST

/* One source per build in samples/: nothing to disagree. */
START_TEST(test_no_conflict)
{
	ecat_lint(scat);
	ck_assert_uint_eq(tu_diag_count_id("lint-source-conflict"), 0);
}
END_TEST

/* ------------------------------------------------------------ titles */

/* The title and description of a key merged in a build. */
static void
S_title(char **title, char **descr, const char *prov, uint32_t id,
    uint16_t version, const char *bid)
{
	struct ecat_merged	 m;
	struct ecat_titlein	 ti;
	struct ecat_buf		 b;
	const struct ecat_event	*e;

	S_merge(&m, prov, id, version, bid);
	memset(&ti, 0, sizeof(ti));
	ti.id = id;
	if (m.at[ECAT_MA_MESSAGE].occ != NULL)
		ti.message = S_ev(&m, ECAT_MA_MESSAGE)->message;
	ti.shape = m.shape;
	if (m.at[ECAT_MA_TASK].occ != NULL)
		ti.task = S_ev(&m, ECAT_MA_TASK)->task_name;
	if (m.at[ECAT_MA_OPCODE].occ != NULL)
		ti.opcode = S_ev(&m, ECAT_MA_OPCODE)->opcode_name;
	e = S_ev(&m, ECAT_MA_FIELDS);
	ti.name = e->name != NULL ? e->name : e->symbol;
	ecat_buf_init(&b);
	ecat_title(&b, &ti);
	*title = ecat_buf_detach(&b);
	ecat_buf_init(&b);
	ecat_description(&b, &ti);
	*descr = ecat_buf_detach(&b);
}

/* Seed pages 001, 003 and 004, their headings and descriptions. */
START_TEST(test_titles)
{
	static const struct {
		const char	*prov;
		uint32_t	 id;
		uint16_t	 version;
		const char	*build, *title, *descr;
	} t[] = {
		/* Inserts named; the message's own full stop. */
		{ KN, 10, 0, "Win11-26H1-28000", "TCPv4: size bytes "
		  "transmitted from saddr:sport to daddr:dport.", "TCPv4: size "
		  "bytes transmitted from saddr:sport to daddr:dport." },
		/* One line, no insert: no full stop, but the description. */
		{ SMBS, 1, 2, "Win11-24H2-26100.1742", "SMB2 Request Negotiate",
		  "SMB2 Request Negotiate." },
		/* More lines follow: the first, ended. */
		{ SMBS, 551, 3, "Win11-24H2-26100.1742", "SMB Session "
		  "Authentication Failure.", "SMB Session Authentication "
		  "Failure." },
		/*
		 * The first sentence of the first line; the description is
		 * the whole line, white space collapsed, as seed 001 gives it.
		 */
		{ SMBS, 1024, 0, "Win11-24H2-26100.1742", "SMB2 and SMB3 have "
		  "been disabled on this server.", "SMB2 and SMB3 have been "
		  "disabled on this server. This results in reduced "
		  "functionality and performance." },
		/* A line ended with ":": a full stop (seed 001 3011). */
		{ SMBS, 3011, 0, "Win11-24H2-26100.1742", "The SMB server "
		  "service created an endpoint with the following listener "
		  "rule entry settings.", "The SMB server service created an "
		  "endpoint with the following listener rule entry settings." },
		/* One line of three sentences (seed 000 206's description). */
		{ "Microsoft-Windows-Hyper-V-VSmb", 206, 1, "Win11-26200.6584",
		  "VMId: VSMB Dataless CIMFs Direct Map Request failed in "
		  "share VMName for file SharePath due to size mismatch.",
		  "VMId: VSMB Dataless CIMFs Direct Map Request failed in "
		  "share VMName for file SharePath due to size mismatch. "
		  "Expected: FileRelativePath. Actual ExpectedSize. The CIM "
		  "file may need to be recreated." },
		/* One line with an insert: ended. */
		{ SMBS, 2000, 0, "Win11-24H2-26100.1742", "Packet Fragment "
		  "(FragmentSize bytes).", "Packet Fragment (FragmentSize "
		  "bytes)." },
		/* "uninstalled.n", a %n written as "n", before a line break. */
		{ SMBS, 3003, 1, "Win11-24H2-26100.1742", "SMB1 server service "
		  "has been automatically uninstalled.", "SMB1 server service "
		  "has been automatically uninstalled." },
		/* Over 150 characters: cut as the seed cuts it. */
		{ SMBS, 604, 0, "Win11-24H2-26100.1742", "A client connection "
		  "to a continuously available share has been marked so that "
		  "the client will be forced to reconnect to the server node "
		  "with best p...", NULL },
		/* No message: task and opcode run together (seed 004). */
		{ WSOCK, 1, 0, "Win11-24H2-26100.1742", "SockCreateStart", "" },
		{ WSOCK, 4, 0, "Win11-26H1-28000", "SockCloseStop", "" },
	};
	char	*title, *descr;
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		S_title(&title, &descr, t[i].prov, t[i].id, t[i].version,
		    t[i].build);
		ck_assert_msg(strcmp(title, t[i].title) == 0, "%s %u: %s",
		    t[i].prov, t[i].id, title);
		if (t[i].descr != NULL)
			ck_assert_msg(strcmp(descr, t[i].descr) == 0,
			    "%s %u: %s", t[i].prov, t[i].id, descr);
		free(title);
		free(descr);
	}
}
END_TEST

/* TraceEvent's noise off a TSV event name (render/title.h, rule 4). */
START_TEST(test_symbol)
{
	static const struct {
		const char	*name;
		uint32_t	 id;
		const char	*want;
	} t[] = {
		{ "Smb2RequestNegotiate1_V2", 1, "Smb2RequestNegotiate" },
		{ "Smb2RequestSessionSetup_V2", 2, "Smb2RequestSessionSetup" },
		{ "KERNEL_NETWORK_TASK_TCPIPDatasent.", 10,
		  "KERNEL_NETWORK_TASK_TCPIPDatasent." },
		{ "task_04624_V3", 4624, "" },
		{ "task_04611", 4611, "" },
		{ "SrvDisabled_V1", 1001, "SrvDisabled" },
		{ "Event10", 110, "Event10" },
	};
	struct ecat_buf	 b;
	size_t		 i;

	ecat_buf_init(&b);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ecat_buf_reset(&b);
		ck_assert_uint_eq(ecat_title_symbol(&b, t[i].name, t[i].id),
		    strlen(t[i].want));
		ck_assert_str_eq(b.buf, t[i].want);
	}
	ecat_buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("merge");
	TCase	*tc = tcase_create("samples");
	TCase	*tc2 = tcase_create("corpus");

	tcase_add_unchecked_fixture(tc, S_load_samples, S_free_samples);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_kn10);
	tcase_add_test(tc, test_rank);
	tcase_add_test(tc, test_absent);
	tcase_add_test(tc, test_other_fields);
	tcase_add_test(tc, test_dumped_items);
	tcase_add_test(tc, test_unknown_fields);
	tcase_add_test(tc, test_tie);
	tcase_add_test(tc, test_lost_template);
	tcase_add_test(tc, test_no_conflict);
	tcase_add_test(tc, test_titles);
	suite_add_tcase(s, tc);
	tcase_add_test(tc2, test_conflict);
	tcase_add_test(tc2, test_symbol);
	suite_add_tcase(s, tc2);
	return tu_run(s);
}
