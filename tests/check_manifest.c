/*
 * check_manifest.c: the instrumentation manifest and WEPExplorer loader
 * (catalog/manifest.c) on real files of the shared corpus, and on the
 * hostile and broken inputs of tests/data/xml/.
 *
 * Expected numbers come from the files themselves: counts are taken by
 * counting "<event " and "<template " in the file at run time, and the
 * literal values (masks, lines, names) were read off the files with
 * grep and sed.  "reference §" is docs/etw-manifest-reference.md.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/inotify.h>
#endif

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"
#include "testutil.h"

#define B1803	"Win10-1803-17134"
#define SMB	"corpus/manifests/repnz/" B1803 \
		"/Microsoft-Windows-SMBClient.xml"
#define FULL	"corpus/manifests/repnz-full/" B1803
#define WEP2022	"corpus/wepexplorer/nasbench/WS2022-21H2-20348.169/" \
		"Microsoft-Windows-Winsock-Sockets.xml"
#define WEP24H2	"corpus/wepexplorer/nasbench/Win11-24H2-26100.1742/" \
		"Microsoft-Windows-Winsock-Sockets.xml"

/* ------------------------------------------------------------ helpers */

/* Whole file, NUL-terminated; the caller frees it. */
static char *
S_read(const char *path, size_t *lenp)
{
	FILE	*f;
	char	*buf;
	long	 n;

	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (lenp != NULL)
		*lenp = (size_t)n;
	return buf;
}

static void
S_write(const char *path, const char *buf, size_t len)
{
	FILE	*f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* Occurrences of pat in the file at path, as grep -c counts them. */
static uint32_t
S_count(const char *path, const char *pat)
{
	char		*buf = S_read(path, NULL);
	const char	*p = buf;
	uint32_t	 n = 0;

	while ((p = strstr(p, pat)) != NULL) {
		n++;
		p += strlen(pat);
	}
	free(buf);
	return n;
}

/* A fresh catalog with one build, loading through tu_diag(). */
static struct ecat_catalog *
S_cat(struct ecat_build **bp)
{
	struct ecat_catalog	*cat;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	*bp = ecat_build_get(cat, B1803);
	return cat;
}

/* The nth schema of a provider (in load order). */
static struct ecat_pschema *
S_schema(const struct ecat_catalog *cat, const char *name, uint32_t n)
{
	struct ecat_provider	*p = ecat_provider_find(cat, name);

	ck_assert_msg(p != NULL, "provider %s not loaded", name);
	ck_assert_uint_gt(p->nschemas, n);
	return p->schemas[n];
}

static const struct ecat_evrow *
S_row(const struct ecat_pschema *ps, uint32_t id, uint16_t version)
{
	uint32_t	 i;

	for (i = 0; i < ps->nevents; i++)
		if (ps->events[i].ev->id == id &&
		    ps->events[i].ev->version == version)
			return &ps->events[i];
	ck_abort_msg("event %u version %u not loaded", id, version);
	return NULL;
}

static const struct ecat_event *
S_event(const struct ecat_pschema *ps, uint32_t id, uint16_t version)
{
	return S_row(ps, id, version)->ev;
}

static const struct ecat_template *
S_template(const struct ecat_pschema *ps, const char *tid)
{
	uint32_t	 i;

	for (i = 0; i < ps->ntemplates; i++)
		if (ps->templates[i].tid != NULL &&
		    strcmp(ps->templates[i].tid, tid) == 0)
			return &ps->templates[i];
	ck_abort_msg("template %s not loaded", tid);
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

static const struct ecat_field *
S_field(const struct ecat_template *t, const char *name, uint32_t *idx)
{
	uint32_t	 i;

	for (i = 0; i < t->shape->nfields; i++)
		if (strcmp(t->shape->fields[i].name, name) == 0) {
			if (idx != NULL)
				*idx = i;
			return &t->shape->fields[i];
		}
	ck_abort_msg("field %s not in template", name);
	return NULL;
}

/* Does the diagnostics record hold this line? */
static int
S_diag_has(const char *s)
{
	return strstr(tu_diag_text(), s) != NULL;
}

/* Convert LF to CRLF; inside <![CDATA[...]]> to CR CR LF when crcr. */
static char *
S_crlf(const char *in, int crcr, size_t *lenp)
{
	size_t	 n = strlen(in), i, o = 0;
	char	*out = malloc(n * 3 + 1);
	int	 incdata = 0;

	ck_assert_ptr_nonnull(out);
	for (i = 0; i < n; i++) {
		if (strncmp(in + i, "<![CDATA[", 9) == 0)
			incdata = 1;
		else if (strncmp(in + i, "]]>", 3) == 0)
			incdata = 0;
		if (in[i] == '\n') {
			out[o++] = '\r';
			if (crcr && incdata)
				out[o++] = '\r';
		}
		out[o++] = in[i];
	}
	out[o] = '\0';
	*lenp = o;
	return out;
}

/* ----------------------------------------------- manifests: real files */

START_TEST(test_smbclient)
{
	const struct ecat_evrow		*r;
	struct ecat_build		*b;
	struct ecat_catalog		*cat = S_cat(&b);
	const struct ecat_pschema	*ps;
	const struct ecat_named		*kw;
	const struct ecat_template	*t;
	const struct ecat_field		*f;
	const struct ecat_event		*e;
	const struct ecat_map		*m = NULL;
	const char			*path = tu_shared(SMB);
	uint32_t			 i, idx;

	ck_assert_int_eq(ecat_load_xml_file(cat, b, path), 0);
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_WARNING), 0);
	ps = S_schema(cat, "Microsoft-Windows-SMBClient", 0);
	ck_assert_int_eq(ps->kind, ECAT_SRC_MANIFEST);
	ck_assert_int_eq(ps->format, ECAT_FMT_MANIFEST);
	ck_assert_int_eq(ps->recovered, 0);
	ck_assert_ptr_eq(ps->build, b);
	ck_assert_uint_eq(ps->loc.line, 4);
	ck_assert_str_eq(ps->guid, "{988c59c5-0a1c-45b6-a555-0c62276e327d}");
	ck_assert_str_eq(ps->symbol, "MicrosoftWindowsSMBClient");
	ck_assert_str_eq(ps->resource_file, "Microsoft-Windows-SMBClient");

	/* Counts: grep -c '<event ' gives 92, '<template ' 46. */
	path = tu_shared(SMB);
	ck_assert_uint_eq(ps->nevents, S_count(path, "<event "));
	ck_assert_uint_eq(ps->nevents, 92);
	ck_assert_uint_eq(ps->ntemplates, S_count(path, "<template "));
	ck_assert_uint_eq(ps->ntemplates, 46);
	ck_assert_uint_eq(ps->nkeywords, 16);
	ck_assert_uint_eq(ps->nmaps, 6);
	ck_assert_uint_eq(ps->ntasks, 1);

	/* <keyword name="Smb_Perf" message=".." mask="0x1"/>, line 6 */
	kw = S_named(ps->keywords, ps->nkeywords, "Smb_Perf");
	ck_assert_uint_eq(kw->value, 0x1);
	ck_assert_uint_eq(kw->loc.line, 6);
	ck_assert_str_eq(kw->message, "Smb_Perf");
	/* An undeclared prefix, kept as written. */
	kw = S_named(ps->keywords, ps->nkeywords, "ut:SendPath");
	ck_assert_uint_eq(kw->value, 0x100000000ULL);

	/* valueMap Smb2ObjectStateMap: 9 entries, texts resolved. */
	for (i = 0; i < ps->nmaps; i++)
		if (strcmp(ps->maps[i].name, "Smb2ObjectStateMap") == 0)
			m = &ps->maps[i];
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->bitmap, 0);
	ck_assert_uint_eq(m->loc.line, 31);
	ck_assert_uint_eq(m->nentries, 9);
	ck_assert_uint_eq(m->entries[0].value, 0);
	ck_assert_str_eq(m->entries[0].message, "Active");
	ck_assert_uint_eq(m->entries[3].value, 3);
	ck_assert_str_eq(m->entries[3].message, "Construction in progress");
	ck_assert_uint_eq(m->entries[8].value, 8);
	ck_assert_str_eq(m->entries[8].message, "Deleted");

	/* template task_02000Args (lines 195-199) */
	t = S_template(ps, "task_02000Args");
	ck_assert_uint_eq(t->loc.line, 195);
	ck_assert_uint_eq(t->shape->nfields, 3);
	f = S_field(t, "FragmentData", &idx);
	ck_assert_uint_eq(idx, 2);
	ck_assert_int_eq(f->intype, ECAT_IN_BINARY);
	ck_assert_str_eq(f->intype_name, "Binary");
	ck_assert_str_eq(f->intype_ns, "win");
	ck_assert_ptr_null(f->outtype_name);
	ck_assert(f->flags & ECAT_FIELD_LENGTH);
	ck_assert_str_eq(f->length_ref, "FragmentSize");
	ck_assert_ptr_nonnull(t->field_lines);
	ck_assert_uint_eq(t->field_lines[0], 196);
	ck_assert_uint_eq(t->field_lines[2], 198);
	f = S_field(S_template(ps, "task_020001Args"), "CurrentOrNextState",
	    NULL);
	ck_assert_int_eq(f->intype, ECAT_IN_UINT8);
	ck_assert_str_eq(f->map, "ut:OpcodeMap");

	/* event 101: task_0, win:Error, keyword_400000000000, line 96 */
	e = (r = S_row(ps, 101, 0))->ev;
	ck_assert_uint_eq(r->line, 96);
	ck_assert_str_eq(ecat_evrow_loc(ps, r).file, path);
	ck_assert_str_eq(e->level_name, "win:Error");
	ck_assert(e->has & ECAT_HAS_LEVEL);
	ck_assert_uint_eq(e->level, 2);
	ck_assert_str_eq(e->task_name, "task_0");
	ck_assert(e->has & ECAT_HAS_TASK);
	ck_assert_uint_eq(e->task, 0);
	ck_assert_str_eq(e->keywords_names, "keyword_400000000000");
	ck_assert(e->has & ECAT_HAS_KEYWORDS);
	ck_assert_uint_eq(e->keywords, 0x400000000000ULL);
	ck_assert_str_eq(e->symbol, "task_0");
	ck_assert_str_eq(e->template_ref, "task_0Args");
	ck_assert_ptr_eq(r->tmpl, S_template(ps, "task_0Args"));
	ck_assert_ptr_eq(ecat_occ_row(&ecat_evkey_find(ps->provider, 101,
	    0)->occ[0]), r);
	ck_assert_ptr_eq(ecat_occ_schema(&ecat_evkey_find(ps->provider, 101,
	    0)->occ[0]), ps);
	ck_assert_ptr_null(e->message_ref);
	/* Two keywords ORed. */
	e = (r = S_row(ps, 30108, 0))->ev;
	ck_assert_str_eq(e->keywords_names, "Smb_Perf Smb_Info");
	ck_assert_uint_eq(e->keywords, 0x5);
	ck_assert_uint_eq(S_event(ps, 2000, 0)->level, 4);
	ck_assert_uint_eq(S_event(ps, 30103, 0)->level, 5);

	/* Every string is interned. */
	ck_assert_ptr_eq(e->keywords_names,
	    ecat_intern_find(cat->strings, "Smb_Perf Smb_Info", 17));
	ecat_catalog_free(cat);
}
END_TEST

/* Two <provider> elements of one name; a real <struct> with count. */
START_TEST(test_kernel_general)
{
	const struct ecat_evrow		*r;
	struct ecat_build		*b;
	struct ecat_catalog		*cat = S_cat(&b);
	const struct ecat_pschema	*ps;
	const struct ecat_template	*t;
	const struct ecat_field		*f;
	const struct ecat_named		*ch;
	const struct ecat_event		*e;
	uint32_t			 idx;

	ck_assert_int_eq(ecat_load_xml_file(cat, b, tu_shared(FULL
	    "/Microsoft-Windows-Kernel-General.xml")), 0);
	/* The second <provider> is reported (source-duplicate-provider)
	   and loaded. */
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_WARNING), 1);
	ck_assert_uint_eq(ecat_diag_count(tu_diag(),
	    ECAT_MSG_SRC_DUP_PROVIDER), 1);
	ck_assert_uint_eq(ecat_provider_find(cat,
	    "Microsoft-Windows-Kernel-General")->nschemas, 2);

	/* The TraceEvent rebuild (lines 5-158): 16 events, 12 templates. */
	ps = S_schema(cat, "Microsoft-Windows-Kernel-General", 0);
	ck_assert_uint_eq(ps->loc.line, 5);
	ck_assert_uint_eq(ps->nevents, 16);
	ck_assert_uint_eq(ps->ntemplates, 12);
	f = S_field(S_template(ps, "AccessCheckLogArgs"), "TokenGroups", NULL);
	ck_assert_str_eq(f->intype_name, "28");		/* win:28 */
	ck_assert_int_eq(f->intype, ECAT_IN_UNKNOWN);
	ck_assert_str_eq(f->count_ref, "TokenGroupsCount");
	ck_assert(f->flags & ECAT_FIELD_COUNT);

	/* The original manifest (line 161 on): 13 events, 11 templates. */
	ps = S_schema(cat, "Microsoft-Windows-Kernel-General", 1);
	ck_assert_uint_eq(ps->loc.line, 161);
	ck_assert_uint_eq(ps->nevents, 13);
	ck_assert_uint_eq(ps->ntemplates, 11);
	ck_assert_str_eq(ps->guid, "{a68ca8b7-004f-d7b6-a698-07e2de0f1f5d}");
	ck_assert_str_eq(ps->symbol, "KernelProvGuid");
	ck_assert_str_eq(ps->message_file,
	    "%SystemRoot%\\system32\\advapi32.dll");
	/* message="$(string.KernelGeneralProviderName)": not in the table */
	ck_assert_ptr_null(ps->message);

	/* <importChannel chid="KERNEL_GENERAL_CHANNEL_SYSTEM" name=System> */
	ck_assert_uint_eq(ps->nchannels, 1);
	ch = S_named(ps->channels, ps->nchannels, "System");
	ck_assert_int_eq(ch->imported, 1);
	ck_assert_str_eq(ch->chid, "KERNEL_GENERAL_CHANNEL_SYSTEM");
	ck_assert_uint_eq(ch->value, 8);		/* winmeta System */
	e = (r = S_row(ps, 1, 0))->ev;
	ck_assert_uint_eq(r->line, 278);
	ck_assert_str_eq(e->channel_name, "KERNEL_GENERAL_CHANNEL_SYSTEM");
	ck_assert(e->has & ECAT_HAS_CHANNEL);
	ck_assert_uint_eq(e->channel, 8);
	ck_assert_str_eq(e->opcode_name, "win:Info");
	ck_assert(e->has & ECAT_HAS_OPCODE);
	ck_assert_uint_eq(e->opcode, 0);
	ck_assert_uint_eq(e->keywords, 0x10);
	/* The reference is kept; its text is not in the string table. */
	ck_assert_str_eq(e->message_ref,
	    "$(string.KernelSystemTimeChange.EventMessage)");
	ck_assert_ptr_null(e->message);

	/* <struct count="TokenGroupsCount" name="TokenGroups"> at line 242 */
	t = S_template(ps, "tid_AccessCheckLog");
	f = S_field(t, "TokenGroups", &idx);
	ck_assert(f->flags & ECAT_FIELD_STRUCT);
	ck_assert(f->flags & ECAT_FIELD_COUNT);
	ck_assert_int_eq(f->intype, ECAT_IN_STRUCT);
	ck_assert_str_eq(f->count_ref, "TokenGroupsCount");
	ck_assert_uint_eq(f->nmembers, 2);
	ck_assert_str_eq(f->members[0].name, "GroupAttributes");
	ck_assert_int_eq(f->members[0].intype, ECAT_IN_HEXINT32);
	ck_assert_str_eq(f->members[1].name, "GroupSid");
	ck_assert_int_eq(f->members[1].intype, ECAT_IN_SID);
	ck_assert_uint_eq(t->field_lines[idx], 242);
	ck_assert_str_eq(t->shape->fields[idx - 1].name, "TokenGroupsCount");
	/* The item after the struct is at the top level again. */
	f = S_field(t, "TokenPackageCount", NULL);
	ck_assert_int_eq(f->intype, ECAT_IN_UINT32);
	f = S_field(t, "SecurityDescriptorControl", NULL);
	ck_assert_int_eq(f->outtype, ECAT_OUT_HEXINT16);
	ck_assert_str_eq(f->outtype_name, "HexInt16");
	ecat_catalog_free(cat);
}
END_TEST

/* Task-local opcodes: task="Message" opcode="UfsScanStart" (value 32). */
START_TEST(test_task_opcode)
{
	struct ecat_build		*b;
	struct ecat_catalog		*cat = S_cat(&b);
	const struct ecat_pschema	*ps;
	const struct ecat_named		*t;
	const struct ecat_event		*e;

	ecat_load_xml_file(cat, b, tu_shared(FULL
	    "/Microsoft-Antimalware-Engine.xml"));
	ps = S_schema(cat, "Microsoft-Antimalware-Engine", 0);
	t = S_named(ps->tasks, ps->ntasks, "Message");
	ck_assert_uint_eq(t->value, 2);
	ck_assert_uint_eq(t->nopcodes, 2);
	ck_assert_str_eq(t->opcodes[0].name, "UfsScanStart");
	ck_assert_uint_eq(t->opcodes[0].value, 32);
	ck_assert_int_eq(t->opcodes[0].task, 2);
	e = S_event(ps, 30, 0);
	ck_assert_uint_eq(e->task, 2);
	ck_assert_uint_eq(e->opcode, 32);
	ck_assert(e->has & ECAT_HAS_OPCODE);
	e = S_event(ps, 8, 0);	/* BehaviorMonitoring BmDetection */
	ck_assert_uint_eq(e->task, 6);
	ck_assert_uint_eq(e->opcode, 10);
	ecat_catalog_free(cat);
}
END_TEST

/* tests/data/xml/edge.xml: namespaces by URI, bad and missing values. */
START_TEST(test_edge)
{
	struct ecat_build		*b;
	struct ecat_catalog		*cat = S_cat(&b);
	const struct ecat_pschema	*ps;
	const struct ecat_template	*t;
	const struct ecat_field		*f;
	const struct ecat_event		*e;
	const char			*path;

	path = tu_src("tests/data/xml/edge.xml");
	ck_assert_int_eq(ecat_load_xml_file(cat, b, path), 0);
	ps = S_schema(cat, "Test-Edge", 0);
	/* en-US is chosen over the first culture (de-DE). */
	ck_assert_str_eq(ps->message, "Test provider");
	ck_assert_uint_eq(ps->nevents, 7);

	/* level="w:Error": w is bound to the winmeta URI. */
	e = S_event(ps, 1, 2);
	ck_assert_uint_eq(e->level, 2);
	ck_assert(e->has & ECAT_HAS_LEVEL);
	ck_assert_str_eq(e->name, "FirstEvent");
	ck_assert_str_eq(e->symbol, "EV1");
	/* Task-local opcode "Begin" of Connect (20), not of Disconnect. */
	ck_assert_uint_eq(e->task, 1);
	ck_assert_uint_eq(e->opcode, 20);
	/* KwA | KwB | w:AuditSuccess (bit 53) */
	ck_assert_uint_eq(e->keywords, 0x1 | 0x8000000000ULL | (1ULL << 53));
	ck_assert(e->has & ECAT_HAS_KEYWORDS);
	/* channel by chid */
	ck_assert_uint_eq(e->channel, 16);
	ck_assert(e->has & ECAT_HAS_CHANNEL);
	ck_assert_str_eq(e->message, "First event: %1 items");
	ck_assert_ptr_nonnull(e->tmpl);

	/* level="win:Error": win is NOT the winmeta URI here. */
	e = S_event(ps, 2, 0);
	ck_assert_str_eq(e->level_name, "win:Error");
	ck_assert(!(e->has & ECAT_HAS_LEVEL));
	ck_assert_uint_eq(e->opcode, 30);	/* Disconnect's Begin */
	ck_assert_uint_eq(e->channel, 17);		/* by name, no chid */
	ck_assert_str_eq(e->template_ref, "Missing");	/* lint's */
	ck_assert_ptr_null(e->tmpl);
	ck_assert_str_eq(e->message_ref, "$(string.Nope)");
	ck_assert_ptr_null(e->message);

	/* Provider level; a keyword that is not defined. */
	e = S_event(ps, 3, 0);
	ck_assert_uint_eq(e->level, 16);
	ck_assert_uint_eq(e->opcode, 1);		/* w:Start */
	ck_assert(!(e->has & ECAT_HAS_KEYWORDS));
	ck_assert_str_eq(e->keywords_names, "KwA Nokw");
	/* Global opcode when the event has no task. */
	ck_assert_uint_eq(S_event(ps, 6, 0)->opcode, 40);
	/* Version beyond the descriptor's 8 bits: lint's, not ours. */
	ck_assert_uint_eq(S_event(ps, 4, 300)->level, 4);
	ck_assert_uint_eq(S_event(ps, 0x10000, 0)->id, 65536);
	/* level "Bad" was defined with value="256": unresolved. */
	ck_assert(!(S_event(ps, 0x10000, 0)->has & ECAT_HAS_LEVEL));

	/* Diagnostics name the attribute and the line. */
	ck_assert(S_diag_has("edge.xml:23:0: error: invalid value: "
	    "<event value=\"x5\">"));
	ck_assert(S_diag_has("edge.xml:33:0: error: invalid value: "
	    "<level value=\"256\">"));
	ck_assert(S_diag_has("edge.xml:53:0: error: required attribute "
	    "missing: <keyword> has no mask="));
	ck_assert_uint_eq(tu_diag_count_id("xml-bad-value"), 2);
	ck_assert_uint_eq(tu_diag_count_id("xml-missing-attribute"), 1);
	/* inType="win:UInt32" with win bound elsewhere */
	ck_assert_uint_eq(tu_diag_count_id("xml-namespace"), 1);
	/* The event with value="x5" stays, with what is known. */
	ck_assert_uint_eq(S_event(ps, 0, 0)->level, 3);

	t = S_template(ps, "T1");
	ck_assert_uint_eq(t->shape->nfields, 6);
	f = S_field(t, "Items", NULL);
	ck_assert_str_eq(f->count_ref, "Count");
	ck_assert_str_eq(f->map, "Flags");
	ck_assert_int_eq(f->outtype, ECAT_OUT_HEXINT32);
	f = S_field(t, "Blob", NULL);
	ck_assert_ptr_null(f->length_ref);
	ck_assert_uint_eq(f->length, 16);
	f = S_field(t, "Other", NULL);
	ck_assert_int_eq(f->intype, ECAT_IN_UNKNOWN);
	ck_assert_str_eq(f->intype_name, "UInt32");
	f = S_field(t, "Mixed", NULL);
	ck_assert_int_eq(f->intype, ECAT_IN_HEXINT32);
	ck_assert(f->flags & ECAT_FIELD_TYPE_CASE);
	ck_assert_int_eq(f->outtype, ECAT_OUT_UNSIGNEDINT);
	ck_assert_str_eq(f->outtype_ns, "xs");
	f = S_field(t, "Pairs", NULL);
	ck_assert_uint_eq(f->count, 2);
	ck_assert_ptr_null(f->count_ref);
	ck_assert_uint_eq(f->nmembers, 2);
	ck_assert_int_eq(f->members[1].intype, ECAT_IN_INT64);

	/* Map entry whose text does not resolve keeps a NULL text. */
	ck_assert_str_eq(ps->maps[0].entries[0].message, "Flag one");
	ck_assert_ptr_null(ps->maps[0].entries[1].message);
	ck_assert_int_eq(ps->maps[0].bitmap, 1);
	ck_assert_str_eq(S_named(ps->levels, ps->nlevels,
	    "Verbose16")->message, "Verbose plus");
	ecat_catalog_free(cat);
}
END_TEST

/* ------------------------------------------------------- WEPExplorer */

static void
S_check_winsock(const struct ecat_pschema *ps, const char *path)
{
	const struct ecat_event	*e;
	const struct ecat_field	*f;

	ck_assert_int_eq(ps->format, ECAT_FMT_WEPEXPLORER);
	ck_assert_int_eq(ps->kind, ECAT_SRC_MANIFEST);
	ck_assert_str_eq(ps->guid, "{bde46aea-2357-51fe-7367-d5296f530bd1}");
	/* C:\Windows\... in 20348, %SystemRoot%\... in 26100 */
	ck_assert_ptr_nonnull(strstr(ps->resource_file,
	    "\\system32\\ws2_32.dll"));
	ck_assert_str_eq(ps->message,
	    "Microsoft-Windows-Winsock-Sockets sockets provider");
	ck_assert_uint_eq(ps->nevents, S_count(path, "<Event>"));
	ck_assert_uint_eq(ps->nevents, 16);
	ck_assert_uint_eq(ps->nlevels, 2);
	ck_assert_uint_eq(ps->ntasks, 8);
	ck_assert_uint_eq(S_named(ps->keywords, ps->nkeywords,
	    "WINSOCK_SOCKET_LIFETIME")->value, 4096);

	/* <Level>Information</Level> is win:Informational, 4. */
	ck_assert_uint_eq(S_row(ps, 2, 0)->line, 112);
	e = S_event(ps, 2, 0);
	ck_assert_uint_eq(e->level, 4);
	ck_assert_str_eq(e->level_name, "win:Informational");
	ck_assert_uint_eq(e->task, 1000);
	ck_assert_str_eq(e->task_name, "SockCreate");
	ck_assert_uint_eq(e->opcode, 2);
	ck_assert_str_eq(e->opcode_name, "win:Stop");
	ck_assert_uint_eq(e->keywords, 0x1001);
	ck_assert_str_eq(e->keywords_names,
	    "WINSOCK_API_BOUNDARY WINSOCK_SOCKET_LIFETIME");
	ck_assert_uint_eq(e->has & (ECAT_HAS_LEVEL | ECAT_HAS_TASK |
	    ECAT_HAS_OPCODE | ECAT_HAS_KEYWORDS), ECAT_HAS_LEVEL |
	    ECAT_HAS_TASK | ECAT_HAS_OPCODE | ECAT_HAS_KEYWORDS);

	/* The template parsed from the CDATA, lines of the file. */
	ck_assert_ptr_nonnull(e->tmpl);
	ck_assert_uint_eq(e->tmpl->shape->nfields, 7);
	f = &e->tmpl->shape->fields[0];
	ck_assert_str_eq(f->name, "ErrorCode");
	ck_assert_int_eq(f->intype, ECAT_IN_HEXINT32);
	ck_assert_str_eq(f->intype_name, "HexInt32");
	ck_assert_int_eq(f->outtype, ECAT_OUT_WIN32ERROR);
	ck_assert_str_eq(f->outtype_name, "Win32Error");
	f = &e->tmpl->shape->fields[1];
	ck_assert_str_eq(f->name, "Socket");
	ck_assert_int_eq(f->intype, ECAT_IN_POINTER);
	ck_assert_int_eq(f->outtype, ECAT_OUT_HEXINT64);
	ck_assert_str_eq(e->tmpl->shape->fields[5].outtype_name, "PID");
	ck_assert_uint_eq(e->tmpl->field_lines[0], 121);
	ck_assert_uint_eq(e->tmpl->field_lines[1], 122);
	ck_assert_uint_eq(e->tmpl->loc.line, 120);
	/* Event 1's template is empty. */
	ck_assert_uint_eq(S_event(ps, 1, 0)->tmpl->shape->nfields, 0);
	ck_assert_uint_eq(S_event(ps, 1, 0)->level, 5);
}

START_TEST(test_wepexplorer)
{
	struct ecat_build	*b;
	struct ecat_catalog	*cat = S_cat(&b);
	const char		*path;

	path = strdup(tu_shared(WEP2022));
	ck_assert_int_eq(ecat_load_xml_file(cat, b, path), 0);
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_NOTE), 0);
	S_check_winsock(S_schema(cat, "Microsoft-Windows-Winsock-Sockets", 0),
	    path);
	free((void *)path);
	path = strdup(tu_shared(WEP24H2));
	ck_assert_int_eq(ecat_load_xml_file(cat, b, path), 0);
	/* Both dumps in one build: the second is reported, and loaded. */
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_NOTE),
	    ecat_diag_count(tu_diag(), ECAT_MSG_SRC_DUP_PROVIDER));
	S_check_winsock(S_schema(cat, "Microsoft-Windows-Winsock-Sockets", 1),
	    path);
	free((void *)path);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * tests/data/xml/wep-full.xml: the elements WEPExplorer writes that the
 * Winsock dumps lack (channels, task-local opcodes, keyword messages
 * with spaces, event messages) and a template that does not parse.
 */
START_TEST(test_wepexplorer_full)
{
	struct ecat_build		*b;
	struct ecat_catalog		*cat = S_cat(&b);
	const struct ecat_pschema	*ps;
	const struct ecat_named		*t;
	const struct ecat_event		*e;
	const struct ecat_field		*f;

	ecat_load_xml_file(cat, b, tu_src("tests/data/xml/wep-full.xml"));
	ps = S_schema(cat, "Test-WEPExplorer", 0);
	ck_assert_str_eq(ps->message, "Test provider");
	ck_assert_ptr_null(ps->parameter_file);
	ck_assert_uint_eq(ps->nchannels, 2);
	ck_assert_int_eq(S_named(ps->channels, 2, "System")->imported, 1);
	/* Task-local opcodes under their task, the global one apart. */
	t = S_named(ps->tasks, ps->ntasks, "TaskClose");
	ck_assert_uint_eq(t->nopcodes, 1);
	ck_assert_str_eq(t->opcodes[0].name, "CloseBegin");
	ck_assert_int_eq(t->opcodes[0].task, 2);
	ck_assert_uint_eq(ps->nopcodes, 1);
	ck_assert_str_eq(ps->opcodes[0].name, "GlobalBegin");

	/* Everything named by display text. */
	e = S_event(ps, 100, 1);
	ck_assert_str_eq(e->channel_name, "Test-WEPExplorer/Operational");
	ck_assert_uint_eq(e->channel, 16);
	ck_assert_str_eq(e->level_name, "win:Error");
	ck_assert_str_eq(e->task_name, "TaskConnect");
	ck_assert_uint_eq(e->opcode, 20);		/* Connect's "Begin" */
	/* "Network Activity" before "Network": the longest label wins. */
	ck_assert_str_eq(e->keywords_names, "KW_NET KW_NET2 KW_OTHER");
	ck_assert_uint_eq(e->keywords, 0x10000000003ULL);
	ck_assert(e->has & ECAT_HAS_KEYWORDS);
	ck_assert_str_eq(e->message, "Connection to %1 failed: %2");
	f = &e->tmpl->shape->fields[2];
	ck_assert(f->flags & ECAT_FIELD_STRUCT);
	ck_assert_str_eq(f->count_ref, "Status");
	ck_assert_uint_eq(e->tmpl->field_lines[2], 100);

	e = S_event(ps, 101, 0);
	ck_assert_uint_eq(e->channel, 8);
	ck_assert_uint_eq(e->level, 1);		/* winmeta "Critical" */
	ck_assert_uint_eq(e->opcode, 30);		/* TaskClose's "Begin" */
	ck_assert(!(e->has & ECAT_HAS_KEYWORDS));
	ck_assert_str_eq(e->keywords_names, "Unknown Words");
	ck_assert_ptr_null(e->tmpl);		/* did not parse */
	ck_assert(S_diag_has("wep-full.xml:117:0: error: XML not "
	    "well-formed: in <Template>"));

	e = S_event(ps, 102, 0);
	ck_assert_uint_eq(e->opcode, 40);		/* no task: global */
	ck_assert_str_eq(e->level_name, "Nonesuch");
	ck_assert(!(e->has & ECAT_HAS_LEVEL));
	ck_assert_uint_eq(ps->ntemplates, 1);
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_NOTE), 1);
	ecat_catalog_free(cat);
}
END_TEST

/* The originals are CRLF with CR CR LF inside the CDATA: same result. */
START_TEST(test_wepexplorer_crlf)
{
	struct ecat_build	*b;
	struct ecat_catalog	*cat = S_cat(&b);
	const struct ecat_evrow	*lf, *cr, *crcr;
	char			*buf, *conv;
	size_t			 len;
	int			 crcrmode;

	buf = S_read(tu_shared(WEP2022), NULL);
	ck_assert_int_eq(ecat_load_xml_mem(cat, b, "lf.xml", buf, strlen(buf)),
	    0);
	for (crcrmode = 0; crcrmode < 2; crcrmode++) {
		conv = S_crlf(buf, crcrmode, &len);
		ck_assert_ptr_nonnull(strstr(conv, crcrmode ? "\r\r\n" :
		    "\r\n"));
		ck_assert_int_eq(ecat_load_xml_mem(cat, b, crcrmode ?
		    "crcrlf.xml" : "crlf.xml", conv, len), 0);
		free(conv);
	}
	/* Three loads in one build: the later two are reported. */
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_NOTE),
	    ecat_diag_count(tu_diag(), ECAT_MSG_SRC_DUP_PROVIDER));
	lf = S_row(S_schema(cat, "Microsoft-Windows-Winsock-Sockets", 0),
	    2, 0);
	cr = S_row(S_schema(cat, "Microsoft-Windows-Winsock-Sockets", 1),
	    2, 0);
	crcr = S_row(S_schema(cat, "Microsoft-Windows-Winsock-Sockets", 2),
	    2, 0);
	/* One interned field list, the same lines. */
	ck_assert_ptr_eq(lf->tmpl->shape, cr->tmpl->shape);
	ck_assert_ptr_eq(lf->tmpl->shape, crcr->tmpl->shape);
	ck_assert_uint_eq(cr->line, 112);
	ck_assert_uint_eq(crcr->line, 112);
	ck_assert_uint_eq(cr->tmpl->field_lines[0], 121);
	ck_assert_uint_eq(crcr->tmpl->field_lines[0], 121);
	ck_assert_uint_eq(crcr->tmpl->field_lines[6], 127);
	ck_assert_uint_eq(crcr->ev->keywords, lf->ev->keywords);
	free(buf);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_manifest_crlf)
{
	struct ecat_build		*b;
	struct ecat_catalog		*cat = S_cat(&b);
	const struct ecat_pschema	*ps;
	const struct ecat_template	*t;
	char				*buf, *conv;
	size_t				 len;

	buf = S_read(tu_shared(SMB), NULL);
	conv = S_crlf(buf, 0, &len);
	ck_assert_int_eq(ecat_load_xml_mem(cat, b, "smb-crlf.xml", conv, len),
	    0);
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_NOTE), 0);
	ps = S_schema(cat, "Microsoft-Windows-SMBClient", 0);
	ck_assert_uint_eq(ps->nevents, 92);
	ck_assert_uint_eq(S_row(ps, 101, 0)->line, 96);
	t = S_template(ps, "task_02000Args");
	ck_assert_uint_eq(t->field_lines[2], 198);
	/* Texts carry no CR. */
	ck_assert_str_eq(ps->maps[1].entries[3].message,
	    "Construction in progress");
	free(conv);
	free(buf);
	ecat_catalog_free(cat);
}
END_TEST

/* ------------------------------------------------------ malformed XML */

static void
S_check_malformed(const char *file, uint32_t line, const char *provider)
{
	struct ecat_build		*b;
	struct ecat_catalog		*cat = S_cat(&b);
	const struct ecat_pschema	*ps;
	char				 path[4096], want[4200];

	snprintf(path, sizeof(path), "%s/%s", tu_shared(FULL), file);
	ck_assert_int_eq(ecat_load_xml_file(cat, b, path), 0);
	/* xmllint --noout reports its first error at the same line. */
	snprintf(want, sizeof(want), "%s:%u:0: error: XML not well-formed",
	    path, line);
	ck_assert_msg(S_diag_has(want), "no \"%s\" in:\n%s", want,
	    tu_diag_text());
	ck_assert_uint_eq(tu_diag_count_id("xml-malformed"), 1);
	ck_assert_uint_eq(tu_diag_count_id("xml-recovered"), 1);
	snprintf(want, sizeof(want), "%s:%u:0: warning: malformed XML "
	    "recovered", path, line);
	ck_assert_msg(S_diag_has(want), "no \"%s\"", want);
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_ERROR), 1);
	ps = S_schema(cat, provider, 0);
	ck_assert_int_eq(ps->recovered, 1);
	/* Every event of the file is kept. */
	ck_assert_uint_eq(ps->nevents, S_count(path, "<event "));
	ck_assert_uint_eq(ps->ntemplates, S_count(path, "<template "));
	ck_assert_uint_eq(ps->nmaps, S_count(path, "<valueMap ") +
	    S_count(path, "<bitMap "));
	ecat_catalog_free(cat);
}

START_TEST(test_malformed)
{
	struct ecat_build		*b;
	struct ecat_catalog		*cat;
	const struct ecat_pschema	*ps;
	const struct ecat_map		*m = NULL;
	uint32_t			 i;

	S_check_malformed("Microsoft-Windows-AppXDeployment-Server.xml", 286,
	    "Microsoft-Windows-AppXDeployment-Server");
	S_check_malformed("Microsoft-Windows-GroupPolicy.xml", 29,
	    "Microsoft-Windows-GroupPolicy");
	S_check_malformed("Microsoft-Windows-NetworkProvider.xml", 32,
	    "Microsoft-Windows-NetworkProvider");
	S_check_malformed("Microsoft-Windows-Ntfs.xml", 43,
	    "Microsoft-Windows-Ntfs");

	/* The repaired texts: <map message="$(string.X"No loopback mode")"/> */
	cat = S_cat(&b);
	ecat_load_xml_file(cat, b, tu_shared(FULL
	    "/Microsoft-Windows-GroupPolicy.xml"));
	ps = S_schema(cat, "Microsoft-Windows-GroupPolicy", 0);
	ck_assert_uint_eq(ps->nevents, 201);
	for (i = 0; i < ps->nmaps; i++)
		if (strcmp(ps->maps[i].name, "PolicyProcessingModeMap") == 0)
			m = &ps->maps[i];
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->nentries, 3);
	ck_assert_str_eq(m->entries[0].message, "\"No loopback mode\"");
	ck_assert_str_eq(m->entries[2].message, "\"Replace\"");
	ecat_catalog_free(cat);

	cat = S_cat(&b);
	ecat_load_xml_file(cat, b, tu_shared(FULL
	    "/Microsoft-Windows-NetworkProvider.xml"));
	ps = S_schema(cat, "Microsoft-Windows-NetworkProvider", 0);
	ck_assert_str_eq(ps->maps[1].name, "MupCskvExpectedToken");
	ck_assert_str_eq(ps->maps[1].entries[0].message, "<Property>");
	ck_assert_uint_eq(ps->nevents, 10);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * The whole 870-file build: 4 malformed (recovered), 2 TraceEvent
 * documentation files that are not manifests, the rest without an
 * error of the loader.
 */
START_TEST(test_full_build)
{
	struct ecat_catalog	*cat;
	struct ecat_provider	*p;
	DIR			*d;
	struct dirent		*de;
	char			 path[4096];
	uint64_t		 want = 0, got = 0;
	uint32_t		 i, j, nschemas = 0;

	tu_diag_reset();
	cat = tu_load(tu_shared(FULL), B1803);
	ck_assert_uint_eq(cat->nfiles, 870);
	ck_assert_uint_eq(tu_diag_count_id("xml-malformed"), 4);
	ck_assert_uint_eq(tu_diag_count_id("xml-recovered"), 4);
	ck_assert_uint_eq(tu_diag_count_id("xml-not-manifest"), 2);
	ck_assert(S_diag_has("Microsoft.Diagnostics.Tracing.TraceEvent.xml:2:0:"
	    " warning: not an instrumentation manifest"));
	ck_assert_uint_eq(tu_diag_count_id("xml-dtd"), 0);
	ck_assert_uint_eq(tu_diag_count_id("xml-bad-value"), 0);
	ck_assert_uint_eq(tu_diag_count_id("xml-missing-attribute"), 0);
	ck_assert_uint_eq(tu_diag_count_id("xml-namespace"), 0);
	ck_assert_uint_eq(tu_diag_count_id("io-read"), 0);

	/* Every <event> of every file is in the catalog. */
	d = opendir(tu_shared(FULL));
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".xml") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tu_shared(FULL),
		    de->d_name);
		want += S_count(path, "<event ");
	}
	closedir(d);
	for (i = 0; i < cat->nproviders; i++) {
		p = cat->providers[i];
		for (j = 0; j < p->nschemas; j++) {
			got += p->schemas[j]->nevents;
			nschemas++;
		}
	}
	ck_assert_uint_eq(got, want);
	ck_assert_uint_eq(got, 50179);
	/* 868 manifests, Kernel-General with two <provider>. */
	ck_assert_uint_eq(nschemas, 869);
	ck_assert_uint_eq(cat->nproviders, 867);
	ecat_catalog_free(cat);
}
END_TEST

/* ------------------------------------------ hostile XML (reference §8) */

START_TEST(test_billion_laughs)
{
	struct ecat_build	*b;
	struct ecat_catalog	*cat = S_cat(&b);
	struct rusage		 ru;

	ck_assert_int_eq(ecat_load_xml_file(cat, b,
	    tu_src("tests/data/xml/billion-laughs.xml")), 0);
	ck_assert_uint_eq(tu_diag_count_id("xml-dtd"), 1);
	ck_assert(S_diag_has("billion-laughs.xml:2:0: error: DTD or entity "
	    "declaration refused"));
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_NOTE), 1);
	ck_assert_ptr_null(ecat_provider_find(cat, "Test-Lol"));
	ck_assert_ptr_null(ecat_intern_find(cat->strings, "lol", 3));
	/* 10^9 "lol" would be 3 GB; nothing near that was allocated. */
	ck_assert_int_eq(getrusage(RUSAGE_SELF, &ru), 0);
	ck_assert_int_lt(ru.ru_maxrss, 200 * 1024);
	ecat_catalog_free(cat);
}
END_TEST

/* Replace @SECRET@ in the XXE template by path; write it to out. */
static void
S_make_xxe(const char *secret_path, const char *out)
{
	char		*tmpl, *at;
	FILE		*f;

	tmpl = S_read(tu_src("tests/data/xml/xxe.xml"), NULL);
	at = strstr(tmpl, "@SECRET@");
	ck_assert_ptr_nonnull(at);
	*at = '\0';
	f = fopen(out, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%s%s%s", tmpl, secret_path, at + strlen("@SECRET@"));
	ck_assert_int_eq(fclose(f), 0);
	free(tmpl);
}

START_TEST(test_xxe)
{
	struct ecat_build	*b;
	struct ecat_catalog	*cat = S_cat(&b);
	char			 dir[] = "/tmp/etwcat-xxe.XXXXXX";
	char			 secret_path[256], xml[256], secret[64];
	char			 cmd[600], out[4096];
	FILE			*p;
	size_t			 n;
	int			 ino = -1;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(secret_path, sizeof(secret_path), "%s/secret.txt", dir);
	snprintf(xml, sizeof(xml), "%s/xxe.xml", dir);
	snprintf(secret, sizeof(secret), "etwcat-secret-%ld-5b1f",
	    (long)getpid());
	S_write(secret_path, secret, strlen(secret));
	S_make_xxe(secret_path, xml);
#ifdef __linux__
	/* Any open or read of the secret shows up here. */
	ino = inotify_init1(IN_NONBLOCK);
	ck_assert_int_ge(ino, 0);
	ck_assert_int_ge(inotify_add_watch(ino, secret_path,
	    IN_OPEN | IN_ACCESS), 0);
#endif

	ck_assert_int_eq(ecat_load_xml_file(cat, b, xml), 0);
	ck_assert_uint_eq(tu_diag_count_id("xml-dtd"), 1);
	ck_assert_ptr_null(ecat_provider_find(cat, "Test-XXE"));
	ck_assert_ptr_null(strstr(tu_diag_text(), secret));
	ck_assert_ptr_null(ecat_intern_find(cat->strings, secret,
	    strlen(secret)));
#ifdef __linux__
	{
		char	 ev[4096];

		ck_assert_msg(read(ino, ev, sizeof(ev)) < 0,
		    "the loader opened the secret file");
		close(ino);
	}
#endif
	(void)ino;

	/*
	 * Control: a parser that expands entities does read the secret
	 * through this file, so the test above tests something.
	 */
	if (access("/usr/bin/xmllint", X_OK) == 0) {
		snprintf(cmd, sizeof(cmd), "/usr/bin/xmllint --noent '%s' "
		    "2>/dev/null", xml);
		p = popen(cmd, "r");
		ck_assert_ptr_nonnull(p);
		n = fread(out, 1, sizeof(out) - 1, p);
		out[n] = '\0';
		pclose(p);
		ck_assert_msg(strstr(out, secret) != NULL,
		    "xmllint --noent did not expand the XXE: %s", out);
	}
	unlink(xml);
	unlink(secret_path);
	rmdir(dir);
	ecat_catalog_free(cat);
}
END_TEST

/* Other ways to bring in a DTD: each refused before anything is read. */
START_TEST(test_dtd_variants)
{
	static const char *const docs[] = {
		"<!DOCTYPE instrumentationManifest SYSTEM "
		    "\"file:///etc/passwd\">\n<instrumentationManifest "
		    "xmlns=\"http://schemas.microsoft.com/win/2004/08/"
		    "events\"/>",
		"<?xml version=\"1.0\"?>\n<!DOCTYPE x [ <!ENTITY % p SYSTEM "
		    "\"file:///etc/passwd\"> %p; ]>\n<x/>",
		"<?xml version=\"1.0\"?>\n<!DOCTYPE x PUBLIC \"-//X//Y\" "
		    "\"http://127.0.0.1:9/x.dtd\">\n<x/>",
	};
	struct ecat_build	*b;
	struct ecat_catalog	*cat = S_cat(&b);
	size_t			 i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		ecat_load_xml_mem(cat, b, "dtd.xml", docs[i], strlen(docs[i]));
	ck_assert_uint_eq(tu_diag_count_id("xml-dtd"), 3);
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_NOTE), 3);
	ck_assert_uint_eq(cat->nproviders, 0);
	ck_assert_ptr_null(strstr(tu_diag_text(), "root:"));
	ecat_catalog_free(cat);
}
END_TEST

/* ------------------------------------------------- broken and foreign */

START_TEST(test_truncated)
{
	struct ecat_build		*b;
	struct ecat_catalog		*cat = S_cat(&b);
	const struct ecat_pschema	*ps;
	char				*buf;
	size_t				 len;

	buf = S_read(tu_shared(SMB), &len);
	/* Cut inside the second valueMap (line 39). */
	ecat_load_xml_mem(cat, b, "cut1.xml", buf, 3000);
	ck_assert(S_diag_has("cut1.xml:39:0: error: XML not well-formed"));
	ck_assert(S_diag_has("cut1.xml:39:0: warning: malformed XML "
	    "recovered"));
	ps = S_schema(cat, "Microsoft-Windows-SMBClient", 0);
	ck_assert_int_eq(ps->recovered, 1);
	ck_assert_uint_eq(ps->nkeywords, 16);
	ck_assert_uint_eq(ps->nevents, 0);
	/* Cut in the middle of the events: the ones before are kept. */
	ecat_load_xml_mem(cat, b, "cut2.xml", buf,
	    (size_t)(strstr(buf, "<event value=\"30401\"") - buf));
	ps = S_schema(cat, "Microsoft-Windows-SMBClient", 1);
	ck_assert_int_eq(ps->recovered, 1);
	ck_assert_uint_eq(ps->nevents, 24);	/* lines 96-119 */
	ck_assert_uint_eq(S_event(ps, 101, 0)->level, 2);
	ck_assert_uint_eq(tu_diag_count_id("xml-malformed"), 2);
	free(buf);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_not_manifest)
{
	struct ecat_build	*b;
	struct ecat_catalog	*cat = S_cat(&b);

	ecat_load_xml_file(cat, b, tu_src("tests/data/xml/not-manifest.xml"));
	ck_assert(S_diag_has("not-manifest.xml:2:0: warning: not an "
	    "instrumentation manifest or WEPExplorer dump: root element "
	    "<doc> [xml-not-manifest]"));
	ecat_load_xml_file(cat, b, tu_shared(FULL
	    "/Microsoft.Diagnostics.FastSerialization.xml"));
	ck_assert_uint_eq(tu_diag_count_id("xml-not-manifest"), 2);
	ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(), ECAT_SEV_NOTE), 2);
	ck_assert_uint_eq(cat->nproviders, 0);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_empty_and_garbage)
{
	struct ecat_build	*b;
	struct ecat_catalog	*cat = S_cat(&b);
	char			 junk[4096], *buf, *u16;
	size_t			 i, len;
	uint32_t		 x = 2463534242U;

	ck_assert_int_eq(ecat_load_xml_mem(cat, b, "empty.xml", "", 0), 0);
	ck_assert(S_diag_has("empty.xml:1:0: error: XML not well-formed: "
	    "empty file"));
	ecat_load_xml_mem(cat, b, "blank.xml", " \n\t\n", 4);
	/* xorshift bytes, NULs included: no crash, no schema */
	for (i = 0; i < sizeof(junk); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (char)(x & 0xff);
	}
	ecat_load_xml_mem(cat, b, "junk.xml", junk, sizeof(junk));
	junk[0] = '<';
	ecat_load_xml_mem(cat, b, "junk2.xml", junk, sizeof(junk));
	ck_assert_uint_eq(tu_diag_count_id("xml-malformed"), 4);
	ck_assert_uint_eq(tu_diag_count_id("xml-recovered"), 0);
	ck_assert_uint_eq(cat->nproviders, 0);

	/* The same manifest in UTF-16 with a BOM loads the same. */
	buf = S_read(tu_shared(SMB), &len);
	u16 = malloc(2 * len + 2);
	ck_assert_ptr_nonnull(u16);
	u16[0] = (char)0xff;
	u16[1] = (char)0xfe;
	for (i = 0; i < len; i++) {
		u16[2 + 2 * i] = buf[i];	/* the file is ASCII */
		u16[3 + 2 * i] = '\0';
	}
	ecat_load_xml_mem(cat, b, "utf16.xml", u16, 2 * len + 2);
	ck_assert_uint_eq(S_schema(cat, "Microsoft-Windows-SMBClient",
	    0)->nevents, 92);
	ck_assert_uint_eq(S_row(S_schema(cat, "Microsoft-Windows-SMBClient",
	    0), 101, 0)->line, 96);
	free(u16);
	free(buf);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_unreadable)
{
	struct ecat_build	*b;
	struct ecat_catalog	*cat = S_cat(&b);

	ck_assert_int_eq(ecat_load_xml_file(cat, b,
	    "/nonexistent/etwcat/x.xml"), -1);
	ck_assert_uint_eq(tu_diag_count_id("io-read"), 1);
	ecat_catalog_free(cat);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("manifest");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 nf;

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_smbclient);
	tcase_add_test(tc, test_kernel_general);
	tcase_add_test(tc, test_task_opcode);
	tcase_add_test(tc, test_edge);
	tcase_add_test(tc, test_wepexplorer);
	tcase_add_test(tc, test_wepexplorer_full);
	tcase_add_test(tc, test_wepexplorer_crlf);
	tcase_add_test(tc, test_manifest_crlf);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_full_build);
	tcase_add_test(tc, test_billion_laughs);
	tcase_add_test(tc, test_xxe);
	tcase_add_test(tc, test_dtd_variants);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_not_manifest);
	tcase_add_test(tc, test_empty_and_garbage);
	tcase_add_test(tc, test_unreadable);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
