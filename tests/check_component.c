/*
 * check_component.c: Windows component manifests (<assembly> in the
 * asm.v3 namespace around <instrumentation> and <localization>,
 * catalog/manifest.c) on Microsoft's own source manifests of
 * ../shared/corpus/manifests/microsoft-tx/, and the $(build.*)
 * placeholders of tests/data/xml/component-placeholder.man.
 *
 * Expected strings were read off SystemEvents.man with grep and sed.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "load.h"
#include "testutil.h"

#define TX	"corpus/manifests/microsoft-tx"

static struct ecat_pschema *
S_schema(const struct ecat_catalog *cat, const char *name)
{
	struct ecat_provider	*p = ecat_provider_find(cat, name);

	ck_assert_msg(p != NULL, "provider %s not loaded", name);
	ck_assert_uint_eq(p->nschemas, 1);
	return p->schemas[0];
}

static const struct ecat_event *
S_event(const struct ecat_pschema *ps, uint32_t id)
{
	uint32_t	 i;

	for (i = 0; i < ps->nevents; i++)
		if (ps->events[i].ev->id == id &&
		    ps->events[i].ev->version == 0)
			return ps->events[i].ev;
	ck_abort_msg("event %u not loaded", id);
	return NULL;
}

static const struct ecat_named *
S_named(const struct ecat_named *v, uint32_t n, const char *name)
{
	uint32_t	 i;

	for (i = 0; i < n; i++)
		if (v[i].name != NULL && strcmp(v[i].name, name) == 0)
			return &v[i];
	ck_abort_msg("%s not defined", name);
	return NULL;
}

/* The schemas whose file's name ends in suffix. */
static uint32_t
S_nschemas(const struct ecat_catalog *cat, const char *suffix)
{
	uint32_t	 i, j, n = 0;
	size_t		 m = strlen(suffix), k;
	const char	*f;

	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i]->nschemas; j++) {
			f = cat->providers[i]->schemas[j]->loc.file;
			k = strlen(f);
			n += k >= m && strcmp(f + k - m, suffix) == 0;
		}
	return n;
}

/*
 * All eight files load, SystemEvents.man and CSV.man (component
 * manifests) and the .manifest file (UTF-16) among them, with no
 * diagnostic from the loader or lint.
 */
START_TEST(test_eight_files)
{
	struct ecat_catalog	*cat;

	tu_diag_reset();
	cat = tu_load(tu_shared(TX), NULL);
	ck_assert_uint_eq(cat->nfiles, 8);
	ck_assert_uint_eq(tu_diag_count_id("xml-not-manifest"), 0);
	ck_assert_uint_eq(S_nschemas(cat, "/SystemEvents.man"), 33);
	ck_assert_uint_eq(S_nschemas(cat, "/CSV.man"), 1);
	ck_assert_uint_eq(S_nschemas(cat, "/Microsoft.Windows."
	    "ApplicationServer.Applications.manifest"), 1);
	ck_assert_uint_eq(S_nschemas(cat, "/HTTP_Server.man"), 1);
	ck_assert_uint_eq(S_nschemas(cat, "/IE_Client.man"), 2);
	ck_assert_uint_eq(S_nschemas(cat, "/asp.man"), 2);
	ck_assert_uint_eq(S_nschemas(cat, "/eventing.man"), 1);
	ck_assert_uint_eq(S_nschemas(cat, "/tcp.man"), 1);
	ck_assert_uint_eq(S_schema(cat, "Microsoft-Windows-Application "
	    "Server-Applications")->nevents, 481);
	ecat_lint(cat);
	ck_assert_msg(tu_diag_text()[0] == '\0', "diagnostics: %s",
	    tu_diag_text());
	ecat_catalog_free(cat);
}
END_TEST

/* Kernel-Network in SystemEvents.man: 22 events, each its message. */
START_TEST(test_kernel_network)
{
	struct ecat_catalog		*cat;
	const struct ecat_pschema	*ps;
	const struct ecat_event		*ev;
	const struct ecat_named		*t;
	uint32_t			 i;

	tu_diag_reset();
	cat = tu_load(tu_shared(TX "/SystemEvents.man"), "tx");
	ps = S_schema(cat, "Microsoft-Windows-Kernel-Network");
	ck_assert_str_eq(ps->guid, "{7dd42a49-5329-4832-8dfd-43d979153a88}");
	ck_assert_uint_eq(ps->nevents, 22);
	for (i = 0; i < ps->nevents; i++)
		ck_assert_msg(ps->events[i].ev->message != NULL,
		    "event %u has no message", ps->events[i].ev->id);
	ev = S_event(ps, 10);
	ck_assert_str_eq(ev->message,
	    "TCPv4: %2 bytes transmitted from %4:%6 to %3:%5.");
	ck_assert_str_eq(ev->message_ref,
	    "$(string.Network.SendIPV4.EventMessage)");
	ck_assert_str_eq(S_event(ps, 17)->message,
	    "TCPv4: Connection attempt failed with error code %2.");
	ck_assert_str_eq(S_event(ps, 34)->message, "TCPv6: %2 bytes copied "
	    "in protocol on behalf of user for connection between %4:%6 and "
	    "%3:%5.");
	ck_assert_str_eq(S_event(ps, 59)->message,
	    "UDPv6: %2 bytes received from %4:%6 to %3:%5.");
	/* Its channel, by chid; tasks; opcodes with their messages. */
	ck_assert_str_eq(ev->channel_name, "NetEvents");
	ck_assert_uint_eq(ps->nchannels, 1);
	ck_assert_str_eq(ps->channels[0].name,
	    "Microsoft-Windows-Kernel-Network/Analytic");
	ck_assert_str_eq(ps->channels[0].type, "Analytic");
	ck_assert_uint_eq(ps->ntasks, 2);
	t = S_named(ps->tasks, ps->ntasks, "KERNEL_NETWORK_TASK_TCPIP");
	ck_assert_uint_eq(t->value, 10);
	ck_assert_str_eq(ev->task_name, "KERNEL_NETWORK_TASK_TCPIP");
	ck_assert(ev->has & ECAT_HAS_TASK);
	ck_assert_uint_eq(ev->task, 10);
	ck_assert_uint_eq(ps->nopcodes, 12);
	ck_assert_str_eq(S_named(ps->opcodes, ps->nopcodes,
	    "KERNEL_NETWORK_OPCODE_SEND")->message, "Data sent.");
	ck_assert_uint_eq(ev->opcode, 10);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * A $(build.*) placeholder is kept as written and is no unresolved
 * string; an <assembly> without <instrumentation> stays
 * xml-not-manifest.
 */
START_TEST(test_placeholder)
{
	static const char	 noinst[] =
	    "<?xml version='1.0' encoding='utf-8'?>\n"
	    "<assembly xmlns=\"urn:schemas-microsoft-com:asm.v3\" "
	    "manifestVersion=\"1.0\">\n"
	    "  <assemblyIdentity name=\"X\" version=\"$(build.version)\"/>\n"
	    "</assembly>\n";
	struct ecat_catalog		*cat;
	const struct ecat_pschema	*ps;
	const struct ecat_named		*t;
	struct ecat_build		*b;

	tu_diag_reset();
	cat = tu_load(tu_src("tests/data/xml/component-placeholder.man"),
	    "tx");
	ps = S_schema(cat, "Microsoft-Windows-CsvFs-Diagnostic");
	t = S_named(ps->tasks, ps->ntasks, "Task.VolumeStateChange");
	ck_assert_str_eq(t->message_ref, "$(build.buildType)");
	ck_assert_ptr_null(t->message);
	t = S_named(ps->tasks, ps->ntasks, "Task.File.CreateFile");
	ck_assert_str_eq(t->message, "Create File");
	ck_assert_str_eq(ps->message, "Microsoft-Windows-CsvFs");
	ck_assert_str_eq(S_event(ps, 0x400)->message,
	    "Query Volume Information completed with status %1.");
	ecat_lint(cat);
	ck_assert_msg(tu_diag_text()[0] == '\0', "diagnostics: %s",
	    tu_diag_text());
	ecat_catalog_free(cat);

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	b = ecat_build_get(cat, "tx");
	ecat_load_xml_mem(cat, b, "noinst.man", noinst, sizeof(noinst) - 1);
	ck_assert(strstr(tu_diag_text(), "noinst.man:2:0: warning: not an "
	    "instrumentation manifest or WEPExplorer dump: root element "
	    "<assembly> in namespace urn:schemas-microsoft-com:asm.v3 "
	    "[xml-not-manifest]") != NULL);
	ck_assert_uint_eq(cat->nproviders, 0);
	ecat_catalog_free(cat);
	tu_diag_reset();
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("component");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_eight_files);
	tcase_add_test(tc, test_kernel_network);
	tcase_add_test(tc, test_placeholder);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
