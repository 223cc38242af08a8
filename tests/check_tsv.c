/*
 * check_tsv.c: the jdu2600 TSV loader (catalog/tsv.c) and the TSV
 * exporter (render/export_tsv.c), on the real corpus files in
 * ../shared/corpus/tsv/jdu2600 and on the small malformed inputs in
 * tests/data/tsv/.
 */
#include <sys/stat.h>

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etwcat.h"
#include "io.h"
#include "testutil.h"

#define C1803	"corpus/tsv/jdu2600/Win10-1803-17134"
#define C1809	"corpus/tsv/jdu2600/Win10-1809-17763"
#define C1511	"corpus/tsv/jdu2600/Win10-1511-10586"

/* ------------------------------------------------------------ helpers */

/* A copy of a shared-corpus path (tu_shared's buffer is reused). */
static char *
S_shared(const char *rel)
{
	return strdup(tu_shared(rel));
}

static char *
S_src(const char *rel)
{
	return strdup(tu_src(rel));
}

/* Load one file into a fresh, finished catalog as build. */
static struct ecat_catalog *
S_load(const char *path, const char *build)
{
	tu_diag_reset();
	return tu_load(path, build);
}

#define S_rowps	tu_rowps

/* The event (provider, id, version) of build, or NULL. */
static const struct ecat_evrow *
S_row(const struct ecat_catalog *cat, const char *prov, const char *build,
    uint32_t id, uint16_t ver)
{
	const struct ecat_pschema	*ps;

	return S_rowps(&ps, cat, prov, build, id, ver);
}

/* The content of a row, or NULL. */
static const struct ecat_event *
S_ev(const struct ecat_evrow *r)
{
	return r != NULL ? r->ev : NULL;
}

static const struct ecat_shape *
S_shape(const struct ecat_event *e)
{
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(e->tmpl);
	ck_assert_ptr_nonnull(e->tmpl->shape);
	return e->tmpl->shape;
}

/* Whole file, NUL-terminated; *len its size.  NULL if unreadable. */
static char *
S_readfile(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

/* The line of file that starts with prefix, without its LF (static). */
static const char *
S_line(const char *path, const char *prefix)
{
	static char	 line[65536];
	FILE		*f;

	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, prefix, strlen(prefix)) == 0) {
			line[strcspn(line, "\n")] = '\0';
			fclose(f);
			return line;
		}
	fclose(f);
	ck_abort_msg("no line starting with %s in %s", prefix, path);
	return NULL;
}

static int
S_rm(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static char *
S_tmpdir(void)
{
	char	*d = strdup("/tmp/check_tsv.XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static void
S_rmtree(char *d)
{
	nftw(d, S_rm, 16, FTW_DEPTH | FTW_PHYS);
	free(d);
}

/* Does the recorded diagnostics text hold this line? */
static void
S_has_diag(const char *line)
{
	if (strstr(tu_diag_text(), line) == NULL)
		ck_abort_msg("diagnostic missing: %s\nrecorded:\n%s", line,
		    tu_diag_text());
}

/* ------------------------------------------------------------ loading */

/*
 * SMBServer event 1 version 2 in Win10-1803-17134, line 2 of
 * manifest/Microsoft-Windows-SMBServer.tsv:
 * Smb2RequestNegotiate_V2(UInt64 SessionId, ... GUID ConnectionGUID)
 * with opcode "", keywords Request, task Smb2RequestNegotiate, level
 * Informational.
 */
START_TEST(test_smbserver)
{
	static const struct {
		const char	*type;
		const char	*name;
		int		 in;
	} want[] = {
		{ "UInt64", "SessionId", ECAT_IN_UINT64 },
		{ "UInt32", "ProcessId", ECAT_IN_UINT32 },
		{ "UInt32", "TreeId", ECAT_IN_UINT32 },
		{ "UInt64", "MessageId", ECAT_IN_UINT64 },
		{ "UInt64", "MasterMessageId", ECAT_IN_UINT64 },
		{ "UInt16", "Command", ECAT_IN_UINT16 },
		{ "UInt16", "CreditsRequested", ECAT_IN_UINT16 },
		{ "UInt32", "Flags", ECAT_IN_UINT32 },
		{ "UInt16", "SecurityMode", ECAT_IN_UINT16 },
		{ "UInt32", "Capabilities", ECAT_IN_UINT32 },
		{ "UInt16", "DialectCount", ECAT_IN_UINT16 },
		{ "UInt16", "Dialects", ECAT_IN_UINT16 },
		{ "GUID", "ClientGuid", ECAT_IN_GUID },
		{ "GUID", "ConnectionGUID", ECAT_IN_GUID },
	};
	char			*path = S_shared(C1803
	    "/manifest/Microsoft-Windows-SMBServer.tsv");
	struct ecat_catalog	*cat = S_load(path, "Win10-1803-17134");
	const struct ecat_event	*e;
	const struct ecat_evrow	*r;
	const struct ecat_pschema *rps;
	const struct ecat_shape	*s;
	const struct ecat_pschema *ps;
	size_t			 i;

	e = S_ev(r = S_rowps(&rps, cat, "Microsoft-Windows-SMBServer", "Win10-1803-17134",
	    1, 2));
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->name, "Smb2RequestNegotiate_V2");
	s = S_shape(e);
	ck_assert_ptr_null(s->verbatim);
	ck_assert_int_eq(s->nfields, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < s->nfields; i++) {
		ck_assert_str_eq(s->fields[i].intype_name, want[i].type);
		ck_assert_str_eq(s->fields[i].name, want[i].name);
		ck_assert_int_eq(s->fields[i].intype, want[i].in);
		ck_assert_int_eq(s->fields[i].flags, 0);
	}
	/* Empty opcode: TraceEvent omits opcode 0. */
	ck_assert_ptr_null(e->opcode_name);
	ck_assert(e->has & ECAT_HAS_OPCODE);
	ck_assert_int_eq(e->opcode, 0);
	ck_assert_str_eq(e->keywords_names, "Request");
	ck_assert(!(e->has & ECAT_HAS_KEYWORDS));
	ck_assert_str_eq(e->task_name, "Smb2RequestNegotiate");
	ck_assert(!(e->has & ECAT_HAS_TASK));
	ck_assert_str_eq(e->level_name, "Informational");
	ck_assert(e->has & ECAT_HAS_LEVEL);
	ck_assert_int_eq(e->level, 4);
	ck_assert_ptr_null(e->channel_name);
	ck_assert_ptr_null(e->message);
	ck_assert_uint_eq(r->line, 2);
	ck_assert_str_eq(rps->loc.file, path);

	ps = rps;
	ck_assert_int_eq(ps->kind, ECAT_SRC_TSV);
	ck_assert_int_eq(ps->format, ECAT_FMT_TSV_MANIFEST);
	ck_assert_str_eq(ps->name, "Microsoft-Windows-SMBServer");
	ck_assert_str_eq(ps->tsv_file, "Microsoft-Windows-SMBServer.tsv");
	/* 130 lines: the header and 129 events in file order. */
	ck_assert_uint_eq(ps->nevents, 129);
	for (i = 0; i < ps->nevents; i++)
		ck_assert_uint_eq(ps->events[i].line, i + 2);
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_NOTE), 0);
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

/*
 * mof/Active_Directory-_Kerberos_Client.tsv, Win10-1803-17134: class
 * GUID {52e82f1a-...}, EventType 1 Start and 2 End, CIM type names.
 */
START_TEST(test_mof)
{
	char			*path = S_shared(C1803
	    "/mof/Active_Directory-_Kerberos_Client.tsv");
	struct ecat_catalog	*cat = S_load(path, "Win10-1803-17134");
	const struct ecat_event	*e;
	const struct ecat_evrow	*r;
	const struct ecat_pschema *rps;
	const struct ecat_shape	*s;
	const struct ecat_provider *p;

	p = ecat_provider_find(cat, "Active Directory: Kerberos Client");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->mof, 1);
	e = S_ev(r = S_rowps(&rps, cat, "Active Directory: Kerberos Client",
	    "Win10-1803-17134", 1, 0));
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(rps->format, ECAT_FMT_TSV_MOF);
	ck_assert_str_eq(rps->tsv_file,
	    "Active_Directory-_Kerberos_Client.tsv");
	ck_assert_str_eq(e->mof_class,
	    "{52e82f1a-7cd4-47ed-b5e5-fde7bf64cea6}");
	ck_assert_str_eq(e->mof_type, "Start");
	ck_assert_str_eq(e->mof_desc,
	    "Kerberos Initialize Security Context Handler");
	ck_assert_str_eq(e->name, "KerbInitSecurityContext_Start");
	ck_assert_ptr_null(e->tmpl);		/* "()" */
	/* EventType is the classic event's opcode. */
	ck_assert(e->has & ECAT_HAS_OPCODE);
	ck_assert_int_eq(e->opcode, 1);

	e = S_ev(r = S_rowps(&rps, cat, "Active Directory: Kerberos Client",
	    "Win10-1803-17134", 2, 0));
	ck_assert_str_eq(e->mof_type, "End");
	ck_assert_int_eq(e->opcode, 2);
	s = S_shape(e);
	ck_assert_int_eq(s->nfields, 7);
	ck_assert_str_eq(s->fields[0].intype_name, "UInt32");
	ck_assert_str_eq(s->fields[0].name, "Status");
	ck_assert_int_eq(s->fields[0].intype, ECAT_IN_UINT32);
	/* CIM String: ANSI or UTF-16 by qualifiers the TSV drops. */
	ck_assert_str_eq(s->fields[1].intype_name, "String");
	ck_assert_str_eq(s->fields[1].name, "CredSource");
	ck_assert_int_eq(s->fields[1].intype, ECAT_IN_UNKNOWN);
	ck_assert_str_eq(s->fields[6].name, "klininfo");
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

/*
 * Microsoft-Windows-MF event 1126 in Win10-1803-17134: the event name
 * holds parentheses, "MediaFoundationAsyncWrapperProcessInput(MFT)
 * Start(Pointer WrapperPtr, UInt32 StreamID, Pointer SamplePtr)", and
 * so does its task.
 */
START_TEST(test_name_parens)
{
	char			*path = S_shared(C1803
	    "/manifest/Microsoft-Windows-MF.tsv");
	struct ecat_catalog	*cat = S_load(path, "Win10-1803-17134");
	const struct ecat_event	*e;
	const struct ecat_shape	*s;

	e = S_ev(S_row(cat, "Microsoft-Windows-MF", "Win10-1803-17134", 1126, 0));
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->name,
	    "MediaFoundationAsyncWrapperProcessInput(MFT)Start");
	ck_assert_str_eq(e->task_name,
	    "MediaFoundationAsyncWrapperProcessInput(MFT)");
	s = S_shape(e);
	ck_assert_int_eq(s->nfields, 3);
	ck_assert_str_eq(s->fields[0].name, "WrapperPtr");
	ck_assert_int_eq(s->fields[0].intype, ECAT_IN_POINTER);
	ck_assert_str_eq(s->fields[1].name, "StreamID");
	ck_assert_str_eq(s->fields[2].name, "SamplePtr");
	/* A winmeta-looking opcode name does not fix the number. */
	ck_assert_str_eq(e->opcode_name, "Start");
	ck_assert(!(e->has & ECAT_HAS_OPCODE));
	ck_assert_str_eq(e->level_name, "Verbose");
	ck_assert_int_eq(e->level, 5);
	ck_assert_uint_eq(ecat_diag_count(tu_diag(), ECAT_MSG_TSV_VERBATIM), 0);
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

/*
 * Struct placeholders.  Kernel-General event 14 (Win10-1803-17134):
 * 28 top-level items, structs written as their members' start index
 * in TDH's flattened list (28, 30, 31, 33, 34, 38).  USB-USBPORT event
 * 76 (Win10-1511-10586) has a struct starting at 24, which TraceEvent
 * prints as the TdhInputType name "Struct".
 */
START_TEST(test_struct_numbers)
{
	static const struct {
		uint32_t	 at;
		const char	*type;
		const char	*name;
	} structs[] = {
		{ 11, "28", "TokenGroups" }, { 13, "30", "TokenPackage" },
		{ 15, "31", "TokenCapabilities" },
		{ 17, "33", "TokenTrustLevel" }, { 24, "34", "DaclAce" },
		{ 27, "38", "SaclAce" },
	};
	char			*path = S_shared(C1803
	    "/manifest/Microsoft-Windows-Kernel-General.tsv");
	struct ecat_catalog	*cat = S_load(path, "Win10-1803-17134");
	const struct ecat_event	*e;
	const struct ecat_shape	*s;
	size_t			 i;

	e = S_ev(S_row(cat, "Microsoft-Windows-Kernel-General",
	    "Win10-1803-17134", 14, 0));
	ck_assert_str_eq(e->name, "task_014");
	/* task_<N> is TraceEvent's name for task N. */
	ck_assert_str_eq(e->task_name, "task_0");
	ck_assert(e->has & ECAT_HAS_TASK);
	ck_assert_int_eq(e->task, 0);
	ck_assert_int_eq(e->level, 2);			/* Error */
	s = S_shape(e);
	ck_assert_int_eq(s->nfields, 28);
	for (i = 0; i < sizeof(structs) / sizeof(structs[0]); i++) {
		const struct ecat_field *f = &s->fields[structs[i].at];

		ck_assert_str_eq(f->intype_name, structs[i].type);
		ck_assert_str_eq(f->name, structs[i].name);
		ck_assert_int_eq(f->intype, ECAT_IN_UNKNOWN);
		ck_assert(!(f->flags & ECAT_FIELD_STRUCT));
		ck_assert_uint_eq(f->nmembers, 0);
	}
	ck_assert_int_eq(s->fields[10].intype, ECAT_IN_UINT32);
	ecat_catalog_free(cat);
	free(path);

	path = S_shared(C1511 "/manifest/Microsoft-Windows-USB-USBPORT.tsv");
	cat = S_load(path, "Win10-1511-10586");
	e = S_ev(S_row(cat, "Microsoft-Windows-USB-USBPORT", "Win10-1511-10586",
	    76, 0));
	s = S_shape(e);
	ck_assert_str_eq(s->fields[3].intype_name, "Struct");
	ck_assert_str_eq(s->fields[3].name, "fid_USBPORT_Endpoint_Descriptor");
	ck_assert_int_eq(s->fields[3].intype, ECAT_IN_STRUCT);
	ck_assert_str_eq(s->fields[5].intype_name, "30");
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

/*
 * Names that fix numbers (tsv.c S_levelnum and friends), on
 * CertificateServicesClient-AutoEnrollment (Win10-1803-17134): every
 * row is task_0, level Always, opcode opcode_64/128/192.
 */
START_TEST(test_invented_names)
{
	char			*path = S_shared(C1803 "/manifest/"
	    "Microsoft-Windows-CertificateServicesClient-AutoEnrollment.tsv");
	struct ecat_catalog	*cat = S_load(path, "Win10-1803-17134");
	const char		*prov =
	    "Microsoft-Windows-CertificateServicesClient-AutoEnrollment";
	const struct ecat_event	*e;

	e = S_ev(S_row(cat, prov, "Win10-1803-17134", 1, 0));
	ck_assert_str_eq(e->name, "task_0PCODE_64pcode_64");
	ck_assert_str_eq(e->opcode_name, "opcode_64");
	ck_assert(e->has & ECAT_HAS_OPCODE);
	ck_assert_int_eq(e->opcode, 64);
	ck_assert_str_eq(e->level_name, "Always");
	ck_assert(e->has & ECAT_HAS_LEVEL);
	ck_assert_int_eq(e->level, 0);
	ck_assert(e->has & ECAT_HAS_TASK);
	ck_assert_int_eq(e->task, 0);
	ck_assert_ptr_null(e->keywords_names);
	ck_assert(!(e->has & ECAT_HAS_KEYWORDS));
	e = S_ev(S_row(cat, prov, "Win10-1803-17134", 2, 0));
	ck_assert_int_eq(e->opcode, 192);
	e = S_ev(S_row(cat, prov, "Win10-1803-17134", 64, 0));
	ck_assert_str_eq(e->name, "task_0PCODE_128pcode_12864");
	ck_assert_int_eq(e->opcode, 128);
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

/*
 * SMBServer's event 1 v2 has the same field list in Win10-1803-17134
 * and Win10-1809-17763: one shape, compared by pointer.  Across the
 * two whole files, far fewer shapes than events.  The row is the same
 * text in both builds, so its content is stored once: two rows (each
 * its own schema and line), one ecat_event.
 */
START_TEST(test_shapes_shared)
{
	char			*p1 = S_shared(C1803
	    "/manifest/Microsoft-Windows-SMBServer.tsv");
	char			*p2 = S_shared(C1809
	    "/manifest/Microsoft-Windows-SMBServer.tsv");
	struct ecat_catalog	*cat;
	const struct ecat_evrow	*a, *b;
	const struct ecat_pschema *aps, *bps;
	char			 la[65536];

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ck_assert_int_eq(ecat_load_source(cat, p1, "Win10-1803-17134"), 0);
	ck_assert_int_eq(ecat_load_source(cat, p2, "Win10-1809-17763"), 0);
	ecat_catalog_finish(cat);
	a = S_rowps(&aps, cat, "Microsoft-Windows-SMBServer",
	    "Win10-1803-17134", 1, 2);
	b = S_rowps(&bps, cat, "Microsoft-Windows-SMBServer",
	    "Win10-1809-17763", 1, 2);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_ne(a, b);
	ck_assert_ptr_ne(aps, bps);
	ck_assert_str_eq(aps->build->id, "Win10-1803-17134");
	ck_assert_str_eq(bps->build->id, "Win10-1809-17763");
	/* The two rows are the same text. */
	snprintf(la, sizeof(la), "%s", S_line(p1,
	    "Microsoft-Windows-SMBServer\t1\t2\t"));
	ck_assert_str_eq(la, S_line(p2, "Microsoft-Windows-SMBServer\t1\t2\t"));
	ck_assert_ptr_eq(a->ev, b->ev);
	ck_assert_ptr_eq(S_shape(a->ev), S_shape(b->ev));
	/* The files differ: each keeps its own rows and templates. */
	ck_assert_ptr_ne(aps->events, bps->events);
	ck_assert_ptr_ne(a->tmpl, b->tmpl);
	ck_assert_ptr_eq(a->tmpl->shape, b->tmpl->shape);
	ck_assert_uint_lt(cat->nshapes, aps->nevents);
	/* Most of the second file's rows share the first's contents. */
	ck_assert_uint_lt(cat->ncontents, aps->nevents +
	    bps->nevents / 4);
	ecat_catalog_free(cat);
	free(p1);
	free(p2);
}
END_TEST

/*
 * Diagnosis-PCW.tsv is byte-for-byte the same file in Win10-1803-17134
 * and Win10-1809-17763: the second build's schema shares the first's
 * rows and templates, and each occurrence still names its own build,
 * schema and file.
 */
START_TEST(test_rows_shared)
{
	char			*p1 = S_shared(C1803
	    "/manifest/Microsoft-Windows-Diagnosis-PCW.tsv");
	char			*p2 = S_shared(C1809
	    "/manifest/Microsoft-Windows-Diagnosis-PCW.tsv");
	struct ecat_catalog	*cat;
	const struct ecat_evrow	*a, *b;
	const struct ecat_pschema *aps, *bps;
	char			*t1, *t2;
	size_t			 n1, n2;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	t1 = ecat_slurp(cat, p1, &n1);
	t2 = ecat_slurp(cat, p2, &n2);
	ck_assert_ptr_nonnull(t1);
	ck_assert_ptr_nonnull(t2);
	ck_assert_uint_eq(n1, n2);
	ck_assert(memcmp(t1, t2, n1) == 0);
	free(t1);
	free(t2);
	ck_assert_int_eq(ecat_load_source(cat, p1, "Win10-1803-17134"), 0);
	ck_assert_int_eq(ecat_load_source(cat, p2, "Win10-1809-17763"), 0);
	ecat_catalog_finish(cat);
	a = S_rowps(&aps, cat, "Microsoft-Windows-Diagnosis-PCW",
	    "Win10-1803-17134", 2, 0);
	b = S_rowps(&bps, cat, "Microsoft-Windows-Diagnosis-PCW",
	    "Win10-1809-17763", 2, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_eq(a, b);
	ck_assert_uint_eq(a->line, 3);
	ck_assert_ptr_ne(aps, bps);
	ck_assert_uint_eq(aps->nevents, 20);
	ck_assert_ptr_eq(aps->events, bps->events);
	ck_assert_ptr_eq(aps->templates, bps->templates);
	ck_assert_str_eq(aps->build->id, "Win10-1803-17134");
	ck_assert_str_eq(bps->build->id, "Win10-1809-17763");
	ck_assert_str_eq(ecat_evrow_loc(aps, a).file, p1);
	ck_assert_str_eq(ecat_evrow_loc(bps, b).file, p2);
	ck_assert_ptr_nonnull(a->record);
	ck_assert_uint_eq(a->record->nbuilds, 2);
	ecat_catalog_free(cat);
	free(p1);
	free(p2);
}
END_TEST

/*
 * A file with the bytes of an earlier build's same manifest/ file is not
 * parsed again (tsv.c, struct seen), but nothing of what a parse does
 * may be lost: a file whose reading reported something reports it
 * again in every build (its rows are parsed each time), and a provider
 * given twice in one build is still reported as such.
 */
START_TEST(test_reuse_reports)
{
	char			*bad = S_src("tests/data/tsv/short_row.tsv");
	char			*good = S_shared(C1803
	    "/manifest/Microsoft-Windows-Diagnosis-PCW.tsv");
	struct ecat_catalog	*cat;
	const struct ecat_evrow	*a, *b;
	const struct ecat_pschema *aps, *bps;
	char			 want[512];

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ck_assert_int_eq(ecat_load_source(cat, bad, "b1"), 0);
	ck_assert_int_eq(ecat_load_source(cat, bad, "b2"), 0);
	ck_assert_int_eq(ecat_load_source(cat, bad, "b3"), 0);
	ecat_catalog_finish(cat);
	/* Two bad rows, reported for each of the three builds. */
	ck_assert_uint_eq(tu_diag_count_id("tsv-row"), 6);
	a = S_rowps(&aps, cat, "Test-Provider", "b1", 3, 0);
	b = S_rowps(&bps, cat, "Test-Provider", "b3", 3, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_eq(a->ev, b->ev);
	ck_assert_uint_eq(b->line, 4);
	ecat_catalog_free(cat);

	/* A clean file: shared, and a second copy in one build reported. */
	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ck_assert_int_eq(ecat_load_source(cat, good, "b1"), 0);
	ck_assert_int_eq(ecat_load_source(cat, good, "b2"), 0);
	ck_assert_uint_eq(tu_diag_count_id("source-duplicate-provider"), 0);
	ck_assert_int_eq(ecat_load_source(cat, good, "b2"), 0);
	ecat_catalog_finish(cat);
	ck_assert_uint_eq(tu_diag_count_id("source-duplicate-provider"), 1);
	snprintf(want, sizeof(want), "%s:1:0: ", good);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), want));
	a = S_rowps(&aps, cat, "Microsoft-Windows-Diagnosis-PCW", "b1", 2, 0);
	b = S_rowps(&bps, cat, "Microsoft-Windows-Diagnosis-PCW", "b2", 2, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_eq(a, b);
	ck_assert_ptr_eq(aps->events, bps->events);
	ck_assert_str_eq(bps->build->id, "b2");
	ck_assert_str_eq(bps->tsv_file, "Microsoft-Windows-Diagnosis-PCW.tsv");
	ck_assert_int_eq(bps->format, ECAT_FMT_TSV_MANIFEST);
	ecat_catalog_free(cat);
	free(bad);
	free(good);
}
END_TEST

/* ------------------------------------------------------------ malformed */

START_TEST(test_bad_header)
{
	char			*path = S_src("tests/data/tsv/bad_header.tsv");
	struct ecat_catalog	*cat = S_load(path, "test");
	const struct ecat_event	*e;
	const struct ecat_evrow	*r;
	const struct ecat_pschema *rps;
	char			 want[512];

	snprintf(want, sizeof(want), "%s:1:0: error: TSV header is not a "
	    "known format: not jdu2600's manifest or mof header; reading the "
	    "rows as manifest columns (10) [tsv-header]\n", path);
	S_has_diag(want);
	ck_assert_uint_eq(tu_diag_count_id("tsv-header"), 1);
	/* Both rows still load, as manifest rows. */
	e = S_ev(r = S_rowps(&rps, cat, "Test-Provider", "test", 1, 0));
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(rps->format, ECAT_FMT_TSV_MANIFEST);
	ck_assert_str_eq(e->name, "First");
	ck_assert_uint_eq(r->line, 2);
	e = S_ev(r = S_rowps(&rps, cat, "Test-Provider", "test", 2, 1));
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(r->line, 3);
	ecat_catalog_free(cat);
	free(path);

	/* A header-less MOF file: the first row is taken as the header. */
	path = S_src("tests/data/tsv/noheader_mof.tsv");
	cat = S_load(path, "test");
	snprintf(want, sizeof(want), "%s:1:0: error: TSV header is not a "
	    "known format: not jdu2600's manifest or mof header; reading the "
	    "rows as mof columns (7) [tsv-header]\n", path);
	S_has_diag(want);
	e = S_ev(r = S_rowps(&rps, cat, "Test MOF", "test", 2, 0));
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(rps->format, ECAT_FMT_TSV_MOF);
	ck_assert_int_eq(S_shape(e)->fields[1].intype, ECAT_IN_INT32);
	ck_assert_str_eq(S_shape(e)->fields[1].intype_name, "SInt32");
	ck_assert_ptr_null(S_ev(S_row(cat, "Test MOF", "test", 1, 0)));
	ecat_catalog_free(cat);
	free(path);

	/* An empty file: no schema at all. */
	path = S_src("tests/data/tsv/empty.tsv");
	cat = S_load(path, "test");
	snprintf(want, sizeof(want), "%s:1:0: error: TSV header is not a "
	    "known format: empty file; file skipped [tsv-header]\n", path);
	S_has_diag(want);
	ck_assert_uint_eq(cat->nproviders, 0);
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

START_TEST(test_bad_rows)
{
	char			*path = S_src("tests/data/tsv/short_row.tsv");
	struct ecat_catalog	*cat = S_load(path, "test");
	const struct ecat_event	*e;
	const struct ecat_evrow	*r;
	const struct ecat_pschema *rps;
	char			 want[512];

	snprintf(want, sizeof(want), "%s:3:0: error: bad TSV row: 9 columns, "
	    "expected 10; row skipped [tsv-row]\n", path);
	S_has_diag(want);
	snprintf(want, sizeof(want), "%s:5:0: error: bad TSV row: 11 "
	    "columns, expected 10; row skipped [tsv-row]\n", path);
	S_has_diag(want);
	ck_assert_uint_eq(tu_diag_count_id("tsv-row"), 2);
	ck_assert_ptr_nonnull(S_ev(S_row(cat, "Test-Provider", "test", 1, 0)));
	ck_assert_ptr_null(S_ev(S_row(cat, "Test-Provider", "test", 2, 0)));
	e = S_ev(r = S_rowps(&rps, cat, "Test-Provider", "test", 3, 0));
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(r->line, 4);
	ck_assert_int_eq(e->opcode, 12);		/* opcode_12 */
	ck_assert_int_eq(e->task, 7);			/* task_7 */
	ck_assert_int_eq(e->level, 2);			/* Error */
	ck_assert_ptr_null(S_ev(S_row(cat, "Test-Provider", "test", 4, 0)));
	ck_assert_uint_eq(rps->nevents, 2);
	ecat_catalog_free(cat);
	free(path);

	path = S_src("tests/data/tsv/bad_number.tsv");
	cat = S_load(path, "test");
	snprintf(want, sizeof(want), "%s:3:15: error: bad TSV row: event_id "
	    "'0x10' is not a number; row skipped [tsv-row]\n", path);
	S_has_diag(want);
	snprintf(want, sizeof(want), "%s:4:17: error: bad TSV row: version "
	    "'v1' is not a number; row skipped [tsv-row]\n", path);
	S_has_diag(want);
	snprintf(want, sizeof(want), "%s:6:17: error: bad TSV row: version "
	    "'70000' is not a number; row skipped [tsv-row]\n", path);
	S_has_diag(want);
	ck_assert_uint_eq(tu_diag_count_id("tsv-row"), 3);
	ck_assert_ptr_nonnull(S_ev(S_row(cat, "Test-Provider", "test", 1, 0)));
	/* 256 fits the model; lint reports the 8-bit descriptor range. */
	e = S_ev(r = S_rowps(&rps, cat, "Test-Provider", "test", 4, 256));
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(r->line, 5);
	ck_assert_uint_eq(rps->nevents, 2);
	ecat_catalog_free(cat);
	free(path);

	path = S_src("tests/data/tsv/other_provider.tsv");
	cat = S_load(path, "test");
	snprintf(want, sizeof(want), "%s:3:1: error: bad TSV row: row names "
	    "provider Other-Provider where the file's rows name "
	    "Test-Provider; row skipped [tsv-row]\n", path);
	S_has_diag(want);
	ck_assert_ptr_null(ecat_provider_find(cat, "Other-Provider"));
	ck_assert_ptr_nonnull(S_ev(S_row(cat, "Test-Provider", "test", 3, 0)));
	ecat_catalog_free(cat);
	free(path);

	/* CR LF line ends (a Windows checkout) read as LF. */
	path = S_src("tests/data/tsv/crlf.tsv");
	cat = S_load(path, "test");
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_NOTE), 0);
	e = S_ev(r = S_rowps(&rps, cat, "Test-Provider", "test", 2, 0));
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->level_name, "Warning");
	ck_assert_ptr_null(e->message);
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

/*
 * Field lists that do not parse are kept verbatim with a note, and
 * export writes them back unchanged (with the rest of the row).
 */
START_TEST(test_verbatim)
{
	char			*path = S_src("tests/data/tsv/verbatim.tsv");
	struct ecat_catalog	*cat = S_load(path, "test");
	const struct ecat_event	*e;
	char			*dir = S_tmpdir(), *out, *a, *b, want[512];
	size_t			 la, lb;

	snprintf(want, sizeof(want), "%s:2:0: note: field list does not "
	    "parse as Name(Type Name, ...); kept verbatim: NoSpace 1 v0 "
	    "[tsv-verbatim]\n", path);
	S_has_diag(want);
	ck_assert_uint_eq(tu_diag_count_id("tsv-verbatim"), 4);
	e = S_ev(S_row(cat, "Test-Provider", "test", 1, 0));
	ck_assert_str_eq(S_shape(e)->verbatim, "UInt32 a,UInt32 b");
	ck_assert_int_eq(S_shape(e)->nfields, 0);
	e = S_ev(S_row(cat, "Test-Provider", "test", 2, 0));
	ck_assert_str_eq(e->name, "NoParens");
	ck_assert_str_eq(S_shape(e)->verbatim, "");
	e = S_ev(S_row(cat, "Test-Provider", "test", 4, 0));
	ck_assert_ptr_null(S_shape(e)->verbatim);
	ck_assert_str_eq(e->name, "Good(MFT)Start");
	ck_assert_str_eq(e->channel_name, "Test-Provider/Operational");
	ck_assert_str_eq(e->message, "Line one\\r\\nLine two");
	ck_assert_str_eq(e->keywords_names, "Kw1 Kw2");

	ck_assert_int_eq(ecat_export_tsv(cat, dir, 1), 0);
	out = malloc(strlen(dir) + 64);
	sprintf(out, "%s/manifest/verbatim.tsv", dir);
	a = S_readfile(path, &la);
	b = S_readfile(out, &lb);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(la, lb);
	ck_assert(memcmp(a, b, la) == 0);
	free(a);
	free(b);
	free(out);
	S_rmtree(dir);
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

/* ------------------------------------------------------------ export */

/*
 * Files without rows.  mof/ATA_Port_Driver_Tracing_Provider.tsv of
 * Win10-1511-10586 is a header only: the stem names the provider and
 * export writes the file back.  In tests/data/tsv/pair the manifest/
 * file of "Test Provider" has rows and the mof/ file of the same name
 * has none: it belongs to the same provider.
 */
START_TEST(test_header_only)
{
	char			*path = S_shared(C1511
	    "/mof/ATA_Port_Driver_Tracing_Provider.tsv");
	struct ecat_catalog	*cat = S_load(path, "Win10-1511-10586");
	const struct ecat_provider *p;
	char			*dir = S_tmpdir(), *out, *a, *b;
	size_t			 la, lb;

	p = ecat_provider_find(cat, "ATA_Port_Driver_Tracing_Provider");
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->nschemas, 1);
	ck_assert_uint_eq(p->schemas[0]->nevents, 0);
	ck_assert_int_eq(p->schemas[0]->format, ECAT_FMT_TSV_MOF);
	ck_assert_int_eq(ecat_export_tsv(cat, dir, 0), 0);
	out = malloc(strlen(dir) + 128);
	sprintf(out, "%s/Win10-1511-10586/mof/"
	    "ATA_Port_Driver_Tracing_Provider.tsv", dir);
	a = S_readfile(path, &la);
	ck_assert_ptr_nonnull(b = S_readfile(out, &lb));
	ck_assert_uint_eq(la, lb);
	ck_assert(memcmp(a, b, la) == 0);
	free(a);
	free(b);
	free(out);
	S_rmtree(dir);
	ecat_catalog_free(cat);
	free(path);

	path = S_src("tests/data/tsv/pair");
	cat = S_load(path, NULL);
	p = ecat_provider_find(cat, "Test Provider");
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->nschemas, 2);
	ck_assert_ptr_null(ecat_provider_find(cat, "Test_Provider"));
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

/*
 * A schema that did not come from TSV is named the way jdu2600's tool
 * names TraceEvent's rebuild of it.  Rebuild the 8 events of
 * CertificateServicesClient-AutoEnrollment (Win10-1803-17134) as a
 * compiled manifest with numbers only (task 0, level 0, opcodes 64,
 * 128, 192, no names) and export: the file must be jdu's, byte for
 * byte, uniqueness suffixes and TraceEvent's Capitalize() included.
 */
START_TEST(test_export_names)
{
	char			*path = S_shared(C1803 "/manifest/"
	    "Microsoft-Windows-CertificateServicesClient-AutoEnrollment.tsv");
	struct ecat_catalog	*tc = S_load(path, "Win10-1803-17134");
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	const struct ecat_pschema *src;
	struct ecat_pschema	*ps;
	struct ecat_template	*tm;
	struct ecat_build	*b;
	struct ecat_loc		 loc = { "test.man", 1, 0 };
	struct ecat_evsrc	*evs;
	char			*dir = S_tmpdir(), *out, *x, *y;
	size_t			 lx, ly;
	uint32_t		 i;

	src = ecat_provider_find(tc,
	    "Microsoft-Windows-CertificateServicesClient-AutoEnrollment")->
	    schemas[0];
	ck_assert_uint_eq(src->nevents, 8);
	b = ecat_build_get(cat, "Win10-1803-17134");
	ps = ecat_pschema_new(cat, src->name, b, ECAT_SRC_MANIFEST,
	    ECAT_FMT_MANIFEST, &loc);
	ps->resource_file = ecat_str(cat,
	    "%SystemRoot%\\system32\\dsreg.dll");
	ps->message_file = ps->resource_file;
	evs = calloc(src->nevents, sizeof(*evs));
	ps->ntemplates = src->nevents;
	ps->templates = tm = ECAT_NEWARRAY(cat, struct ecat_template,
	    src->nevents);
	/* Reversed, to check that export sorts by (id, version). */
	for (i = 0; i < src->nevents; i++) {
		const struct ecat_event *se;
		struct ecat_event *e = &evs[i].ev;

		se = src->events[src->nevents - 1 - i].ev;

		ck_assert(se->has & ECAT_HAS_OPCODE);
		ck_assert(se->has & ECAT_HAS_TASK);
		ck_assert(se->has & ECAT_HAS_LEVEL);
		e->id = se->id;
		e->version = se->version;
		e->has = ECAT_HAS_LEVEL | ECAT_HAS_TASK | ECAT_HAS_OPCODE |
		    ECAT_HAS_KEYWORDS;
		e->level = se->level;
		e->task = se->task;
		e->opcode = se->opcode;
		e->keywords = 0x8000000000000000ULL;	/* bits >= 48 dropped */
		e->symbol = ecat_str(cat, "NotUsed");
		tm[i].shape = ecat_shape_intern(cat, se->tmpl->shape->fields,
		    se->tmpl->shape->nfields, NULL);
		e->tmpl = &tm[i];
	}
	ecat_pschema_commit(cat, ps, evs, src->nevents);
	free(evs);
	ecat_catalog_finish(cat);
	ck_assert_int_eq(ecat_export_tsv(cat, dir, 0), 0);
	out = malloc(strlen(dir) + 256);
	sprintf(out, "%s/Win10-1803-17134/manifest/Microsoft-Windows-"
	    "CertificateServicesClient-AutoEnrollment.tsv", dir);
	ck_assert_ptr_nonnull(x = S_readfile(out, &lx));
	y = S_readfile(path, &ly);
	ck_assert_str_eq(x, y);
	free(x);
	free(y);
	free(out);
	S_rmtree(dir);
	ecat_catalog_free(cat);
	ecat_catalog_free(tc);
	free(path);
}
END_TEST

/* One item of a hand-written template: a struct when members > 0. */
struct item {
	const char	*type;
	const char	*name;
	uint32_t	 members;
};

/*
 * Kernel-General as a compiled manifest (the original manifest at the
 * end of repnz's Microsoft-Windows-Kernel-General.xml, with the
 * TokenTrustLevel struct the 1803 build adds): tasks, keywords and a
 * template with <struct>s.  Exported rows must be the rows of jdu's
 * Win10-1803-17134 TSV: "task_0", "task_02" and "task_014" (TraceEvent
 * makes names unique with the id), SystemTimeChange_V1, the struct
 * indices 28 30 31 33 34 38, keyword names, level names.
 */
START_TEST(test_export_structs)
{
	static const struct item access[] = {
		{ "UnicodeString", "Mode", 0 },
		{ "UnicodeString", "ObjectType", 0 },
		{ "UnicodeString", "ObjectName", 0 },
		{ "UnicodeString", "ProcessName", 0 },
		{ "UnicodeString", "ObjectCreatorProcessName", 0 },
		{ "HexInt32", "AccessMask", 0 },
		{ "UInt32", "TokenType", 0 },
		{ "UInt32", "ImpersonationLevel", 0 },
		{ "UInt32", "SessionId", 0 },
		{ "UInt32", "LowBoxNumber", 0 },
		{ "UInt32", "TokenGroupsCount", 0 },
		{ NULL, "TokenGroups", 2 },
		{ "UInt32", "TokenPackageCount", 0 },
		{ NULL, "TokenPackage", 1 },
		{ "UInt32", "TokenCapabilityCount", 0 },
		{ NULL, "TokenCapabilities", 2 },
		{ "UInt32", "TokenTrustLevelCount", 0 },
		{ NULL, "TokenTrustLevel", 1 },
		{ "UInt8", "SecurityDescriptorRevision", 0 },
		{ "UInt16", "SecurityDescriptorControl", 0 },
		{ "SID", "SecurityDescriptorOwner", 0 },
		{ "SID", "SecurityDescriptorGroup", 0 },
		{ "UInt8", "DaclRevision", 0 },
		{ "UInt16", "DaclAceCount", 0 },
		{ NULL, "DaclAce", 4 },
		{ "UInt8", "SaclRevision", 0 },
		{ "UInt16", "SaclAceCount", 0 },
		{ NULL, "SaclAce", 4 },
		{ NULL, NULL, 0 }
	};
	static const struct item timechange[] = {
		{ "FILETIME", "NewTime", 0 }, { "FILETIME", "OldTime", 0 },
		{ NULL, NULL, 0 }
	};
	static const struct item timechange1[] = {
		{ "FILETIME", "NewTime", 0 }, { "FILETIME", "OldTime", 0 },
		{ "UInt32", "Reason", 0 }, { NULL, NULL, 0 }
	};
	static const struct item start[] = {
		{ "UInt32", "MajorVersion", 0 },
		{ "UInt32", "MinorVersion", 0 },
		{ "UInt32", "BuildVersion", 0 }, { "UInt32", "QfeVersion", 0 },
		{ "UInt16", "ServiceVersion", 0 }, { "UInt32", "BootMode", 0 },
		{ "FILETIME", "StartTime", 0 }, { NULL, NULL, 0 }
	};
	/* id, version, task, level, keywords, template: manifest order. */
	static const struct {
		uint32_t		 id, version, task, level;
		uint64_t		 kw;
		const struct item	*t;
	} evs[] = {
		{ 1, 0, 0, 4, 0x10 | 0x8000000000000000ULL, timechange },
		{ 1, 1, 5, 4, 0x10, timechange1 },
		{ 2, 0, 0, 4, 0, NULL },
		{ 12, 0, 1, 4, 0x80, start },
		{ 14, 0, 0, 2, 0x20, access },
	};
	static const char *const keys[] = {
		"\t1\t0\t", "\t1\t1\t", "\t2\t0\t", "\t12\t0\t", "\t14\t0\t"
	};
	char			*path = S_shared(C1803
	    "/manifest/Microsoft-Windows-Kernel-General.tsv");
	struct ecat_catalog	*cat;
	struct ecat_pschema	*ps;
	struct ecat_field	 f[32], m[8];
	struct ecat_build	*b;
	struct ecat_loc		 loc = { "kernel-general.man", 161, 0 };
	struct ecat_evsrc	*src;
	uint32_t		 nev;
	char			*dir = S_tmpdir(), *out, *x, *line, *next;
	char			 key[128];
	size_t			 i, j, k;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	b = ecat_build_get(cat, "Win10-1803-17134");
	ps = ecat_pschema_new(cat, "Microsoft-Windows-Kernel-General", b,
	    ECAT_SRC_MANIFEST, ECAT_FMT_MANIFEST, &loc);
	ps->resource_file = ecat_str(cat,
	    "%SystemRoot%\\system32\\advapi32.dll");
	ps->message_file = ps->resource_file;
	ps->ntasks = 2;
	ps->tasks = ECAT_NEWARRAY(cat, struct ecat_named, 2);
	ps->tasks[0].name = ecat_str(cat, "SystemStart");
	ps->tasks[0].message = ecat_str(cat, "SystemStart");
	ps->tasks[0].value = 1;
	ps->tasks[1].name = ecat_str(cat, "SystemTimeChange");
	ps->tasks[1].value = 5;		/* no message: the name */
	ps->nkeywords = 3;
	ps->keywords = ECAT_NEWARRAY(cat, struct ecat_named, 3);
	ps->keywords[0].name = ecat_str(cat, "KERNEL_GENERAL_KEYWORD_TIME");
	ps->keywords[0].value = 0x10;
	ps->keywords[1].name = ecat_str(cat,
	    "KERNEL_GENERAL_SECURITY_ACCESSCHECK");
	ps->keywords[1].value = 0x20;
	ps->keywords[2].name = ecat_str(cat, "BootPerformance");
	ps->keywords[2].value = 0x80;
	nev = sizeof(evs) / sizeof(evs[0]);
	src = calloc(nev, sizeof(*src));
	ps->ntemplates = nev;
	ps->templates = ECAT_NEWARRAY(cat, struct ecat_template, nev);
	memset(m, 0, sizeof(m));
	for (k = 0; k < 8; k++) {
		m[k].name = "Member";
		m[k].intype_name = "SID";
		m[k].intype = ECAT_IN_SID;
	}
	for (i = 0; i < nev; i++) {
		struct ecat_event *e = &src[i].ev;

		e->id = evs[i].id;
		e->version = (uint16_t)evs[i].version;
		e->task = (uint16_t)evs[i].task;
		e->level = (uint8_t)evs[i].level;
		e->keywords = evs[i].kw;
		e->has = ECAT_HAS_LEVEL | ECAT_HAS_TASK | ECAT_HAS_KEYWORDS;
		if (evs[i].t == NULL)
			continue;
		memset(f, 0, sizeof(f));
		for (j = 0; evs[i].t[j].name != NULL; j++) {
			f[j].name = evs[i].t[j].name;
			if (evs[i].t[j].members > 0) {
				f[j].flags = ECAT_FIELD_STRUCT;
				f[j].nmembers = evs[i].t[j].members;
				f[j].members = m;
			} else {
				f[j].intype_name = evs[i].t[j].type;
				f[j].intype_ns = "win";
				f[j].intype = ecat_intype_lookup(
				    evs[i].t[j].type, NULL);
			}
		}
		ps->templates[i].shape = ecat_shape_intern(cat, f,
		    (uint32_t)j, NULL);
		e->tmpl = &ps->templates[i];
	}
	ecat_pschema_commit(cat, ps, src, nev);
	free(src);
	ecat_catalog_finish(cat);
	ck_assert_int_eq(ecat_export_tsv(cat, dir, 1), 0);

	out = malloc(strlen(dir) + 128);
	sprintf(out, "%s/manifest/Microsoft-Windows-Kernel-General.tsv", dir);
	ck_assert_ptr_nonnull(x = S_readfile(out, NULL));
	line = strchr(x, '\n') + 1;		/* past the header */
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		ck_assert_ptr_nonnull(next = strchr(line, '\n'));
		*next = '\0';
		snprintf(key, sizeof(key), "Microsoft-Windows-Kernel-General%s",
		    keys[k]);
		ck_assert_str_eq(line, S_line(path, key));
		line = next + 1;
	}
	ck_assert_str_eq(line, "");
	free(x);
	free(out);
	S_rmtree(dir);
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

/*
 * A struct whose start index is a TdhInputType value prints as that
 * type's name.  USB-USBPORT event 76 in Win10-1511-10586 has 8
 * top-level items, five of them structs of 6, 7, 3, 6 and 2 members:
 * jdu's row reads "UInt32 fid_USBPORT_HC, Binary fid_USBPORT_Device,
 * HexInt64 ..., Struct ..., Pointer fid_URB_Ptr, 30 ...".  The task
 * and opcode names come from their messages, spaces removed.
 */
START_TEST(test_export_struct_names)
{
	static const struct item urb[] = {
		{ NULL, "fid_USBPORT_HC", 6 },
		{ NULL, "fid_USBPORT_Device", 7 },
		{ NULL, "fid_USBPORT_Endpoint", 3 },
		{ NULL, "fid_USBPORT_Endpoint_Descriptor", 6 },
		{ "Pointer", "fid_URB_Ptr", 0 },
		{ NULL, "fid_USBPORT_URB_CONTROL_TRANSFER", 2 },
		{ "UInt16", "fid_URB_TransferDataLength", 0 },
		{ "UInt8", "fid_URB_TransferData", 0 },
		{ NULL, NULL, 0 }
	};
	char			*path = S_shared(C1511
	    "/manifest/Microsoft-Windows-USB-USBPORT.tsv");
	struct ecat_catalog	*cat;
	struct ecat_pschema	*ps;
	struct ecat_event	*e;
	struct ecat_named	*t;
	struct ecat_field	 f[8], m[8];
	struct ecat_loc		 loc = { "usbport.man", 1, 0 };
	struct ecat_evsrc	 src;
	char			*dir = S_tmpdir(), *out, *x, *line;
	size_t			 j;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ps = ecat_pschema_new(cat, "Microsoft-Windows-USB-USBPORT",
	    ecat_build_get(cat, "Win10-1511-10586"), ECAT_SRC_MANIFEST,
	    ECAT_FMT_MANIFEST, &loc);
	ps->resource_file = ecat_str(cat, "%SystemRoot%\\system32\\"
	    "drivers\\usbport.sys");
	ps->message_file = ps->resource_file;
	ps->ntasks = 1;
	ps->tasks = t = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	t->name = ecat_str(cat, "URB_FUNCTION_CONTROL_TRANSFER");
	t->message = ecat_str(cat, "URB_FUNCTION_CONTROL_TRANSFER");
	t->value = 3;
	t->nopcodes = 1;
	t->opcodes = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	t->opcodes[0].name = ecat_str(cat, "CompleteInternalWithData");
	t->opcodes[0].message = ecat_str(cat, "Complete Internal with Data");
	t->opcodes[0].value = 76;
	ps->nkeywords = 1;
	ps->keywords = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	ps->keywords[0].name = ecat_str(cat, "Diagnostic");
	ps->keywords[0].value = 0x1;
	memset(&src, 0, sizeof(src));
	e = &src.ev;
	e->id = 76;
	e->task = 3;
	e->opcode = 76;
	e->level = 4;
	e->keywords = 0x1;
	e->has = ECAT_HAS_LEVEL | ECAT_HAS_TASK | ECAT_HAS_OPCODE |
	    ECAT_HAS_KEYWORDS;
	memset(f, 0, sizeof(f));
	memset(m, 0, sizeof(m));
	for (j = 0; j < 8; j++) {
		m[j].name = "m";
		m[j].intype_name = "UInt8";
		m[j].intype = ECAT_IN_UINT8;
	}
	for (j = 0; urb[j].name != NULL; j++) {
		f[j].name = urb[j].name;
		if (urb[j].members > 0) {
			f[j].flags = ECAT_FIELD_STRUCT;
			f[j].nmembers = urb[j].members;
			f[j].members = m;
		} else {
			f[j].intype_name = urb[j].type;
			f[j].intype = ecat_intype_lookup(urb[j].type, NULL);
		}
	}
	ps->ntemplates = 1;
	ps->templates = ECAT_NEWARRAY(cat, struct ecat_template, 1);
	ps->templates[0].shape = ecat_shape_intern(cat, f, (uint32_t)j, NULL);
	e->tmpl = &ps->templates[0];
	ecat_pschema_commit(cat, ps, &src, 1);
	ecat_catalog_finish(cat);
	ck_assert_int_eq(ecat_export_tsv(cat, dir, 1), 0);

	out = malloc(strlen(dir) + 128);
	sprintf(out, "%s/manifest/Microsoft-Windows-USB-USBPORT.tsv", dir);
	ck_assert_ptr_nonnull(x = S_readfile(out, NULL));
	line = strchr(x, '\n') + 1;
	line[strcspn(line, "\n")] = '\0';
	ck_assert_str_eq(line, S_line(path,
	    "Microsoft-Windows-USB-USBPORT\t76\t0\t"));
	free(x);
	free(out);
	S_rmtree(dir);
	ecat_catalog_free(cat);
	free(path);
}
END_TEST

/*
 * File names: jdu's rule for schemas that are not from TSV, the
 * TSV's own file name otherwise, and a collision reported.
 */
START_TEST(test_export_files)
{
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	struct ecat_pschema	*ps;
	struct ecat_loc		 loc = { "a.man", 3, 0 };
	struct stat		 st;
	char			*dir = S_tmpdir(), *p;
	char			*path;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	b = ecat_build_get(cat, "Win10-1803-17134");
	ps = ecat_pschema_new(cat, "Active Directory: Kerberos Client", b,
	    ECAT_SRC_MANIFEST, ECAT_FMT_MANIFEST, &loc);
	ecat_pschema_commit(cat, ps, NULL, 0);
	ps = ecat_pschema_new(cat, "Active Directory/ Kerberos Client", b,
	    ECAT_SRC_MANIFEST, ECAT_FMT_MANIFEST, &loc);
	ecat_pschema_commit(cat, ps, NULL, 0);
	loc.line = 9;
	ps = ecat_pschema_new(cat, "Active_Directory- Kerberos_Client", b,
	    ECAT_SRC_MANIFEST, ECAT_FMT_MANIFEST, &loc);
	ecat_pschema_commit(cat, ps, NULL, 0);
	path = S_shared(C1803 "/manifest/Microsoft-Windows-SMBServer.tsv");
	ecat_load_source(cat, path, "Win10-1803-17134");
	ecat_catalog_finish(cat);
	ck_assert_int_eq(ecat_export_tsv(cat, dir, 0), 0);
	p = malloc(strlen(dir) + 256);
	sprintf(p, "%s/Win10-1803-17134/manifest/"
	    "Active_Directory-_Kerberos_Client.tsv", dir);
	ck_assert_int_eq(stat(p, &st), 0);
	sprintf(p, "%s/Win10-1803-17134/manifest/"
	    "Active_Directory__Kerberos_Client.tsv", dir);
	ck_assert_int_eq(stat(p, &st), 0);
	sprintf(p, "%s/Win10-1803-17134/manifest/"
	    "Microsoft-Windows-SMBServer.tsv", dir);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_uint_eq(tu_diag_count_id("export-collision"), 1);
	S_has_diag("a.man:9:0: warning: two schemas map to one TSV file; only "
	    "the first is written: Win10-1803-17134/manifest/"
	    "Active_Directory-_Kerberos_Client.tsv: Active_Directory- "
	    "Kerberos_Client not written, Active Directory: Kerberos Client "
	    "(a.man:3) is [export-collision]\n");
	free(p);
	free(path);
	S_rmtree(dir);
	ecat_catalog_free(cat);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("tsv");
	TCase	*tl = tcase_create("load");
	TCase	*tb = tcase_create("malformed");
	TCase	*te = tcase_create("export");
	SRunner	*sr;
	int	 nf;

	tcase_add_test(tl, test_smbserver);
	tcase_add_test(tl, test_mof);
	tcase_add_test(tl, test_name_parens);
	tcase_add_test(tl, test_struct_numbers);
	tcase_add_test(tl, test_invented_names);
	tcase_add_test(tl, test_shapes_shared);
	tcase_add_test(tl, test_rows_shared);
	tcase_add_test(tl, test_reuse_reports);
	tcase_add_test(tb, test_bad_header);
	tcase_add_test(tb, test_bad_rows);
	tcase_add_test(tb, test_verbatim);
	tcase_add_test(te, test_header_only);
	tcase_add_test(te, test_export_names);
	tcase_add_test(te, test_export_structs);
	tcase_add_test(te, test_export_struct_names);
	tcase_add_test(te, test_export_files);
	suite_add_tcase(s, tl);
	suite_add_tcase(s, tb);
	suite_add_tcase(s, te);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
