/*
 * check_etwlib.c: the manifests etwlib dumped from the provider
 * metadata of three Windows 11 builds (../shared/corpus/manifests/
 * lilhoser/, catalog/manifest.c and validator/lint.c): how such a dump
 * is recognised, the readings of its generator's output, the lint
 * counts by id per build (generator artefacts are notes, the provider
 * metadata's own defects stay errors), and file names with spaces,
 * braces and a leading ".".
 *
 * Expected values were read off the files with grep and sed; the
 * counts are those of `etwcat validate` on each build folder.
 */
#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etwcat.h"
#include "load.h"
#include "testutil.h"

#define LH	"corpus/manifests/lilhoser/"
#define B22	"Win11-22H2-22621.2134"
#define B24	"Win11-24H2-26100.6899"
#define B25	"Win11-25H2-26200.6901"

/* ------------------------------------------------------------ helpers */

static struct ecat_pschema *
S_schema(const struct ecat_catalog *cat, const char *name)
{
	struct ecat_provider	*p = ecat_provider_find(cat, name);

	ck_assert_msg(p != NULL, "provider %s not loaded", name);
	ck_assert_uint_eq(p->nschemas, 1);
	return p->schemas[0];
}

static const struct ecat_event *
S_event(const struct ecat_pschema *ps, uint32_t id, uint16_t version,
    const struct ecat_evrow **rowp)
{
	uint32_t	 i;

	for (i = 0; i < ps->nevents; i++)
		if (ps->events[i].ev->id == id &&
		    ps->events[i].ev->version == version) {
			if (rowp != NULL)
				*rowp = &ps->events[i];
			return ps->events[i].ev;
		}
	ck_abort_msg("event %u version %u not loaded", id, version);
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

/* Does a schema's file name end in suffix? */
static int
S_endswith(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Occurrences of pat in the file at path. */
static uint32_t
S_count(const char *path, const char *pat)
{
	FILE		*f = fopen(path, "rb");
	char		*buf, *p;
	long		 n;
	uint32_t	 k = 0;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	for (p = buf; (p = strstr(p, pat)) != NULL; p += strlen(pat))
		k++;
	free(buf);
	return k;
}

/* ----------------------------------------------------------- the tests */

/*
 * Every schema of a build is recognised as an etwlib dump; the TDH
 * dumps of Microsoft's Tx project (same file markers, symbol
 * "provider0") and the TraceEvent rebuild are not.
 */
START_TEST(test_recognised)
{
	struct ecat_catalog	*cat;
	uint32_t		 i, j, n = 0;

	tu_diag_reset();
	cat = tu_load(tu_shared(LH B24), NULL);
	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i]->nschemas; j++) {
			ck_assert_int_eq(cat->providers[i]->schemas[j]->etwlib,
			    1);
			n++;
		}
	ck_assert_uint_eq(n, 956);
	ecat_catalog_free(cat);

	cat = tu_load(tu_shared("corpus/manifests/microsoft-tx/"
	    "HTTP_Server.man"), "tx");
	ck_assert_int_eq(S_schema(cat, "Microsoft-Windows-HttpService")->
	    etwlib, 0);
	ecat_catalog_free(cat);
	cat = tu_load(tu_shared("corpus/manifests/repnz/Win10-1803-17134/"
	    "Microsoft-Windows-SMBClient.xml"), "r");
	ck_assert_int_eq(S_schema(cat, "Microsoft-Windows-SMBClient")->etwlib,
	    0);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * The readings of manifest.c: provider name and GUID from the file
 * name, task messages not read, level display names, templates left
 * out (unknown fields, flagged on the schema).
 */
START_TEST(test_readings)
{
	struct ecat_catalog		*cat;
	const struct ecat_pschema	*ps;
	const struct ecat_named		*t;
	const struct ecat_event		*ev;
	const struct ecat_evrow		*row;

	tu_diag_reset();
	cat = tu_load(tu_shared(LH B24), NULL);

	/* name="" and the zero GUID: a provider without events. */
	ps = S_schema(cat, "Microsoft-Windows-DDisplay");
	ck_assert_str_eq(ps->guid, "{75051c9d-2833-4a29-8923-046db7a432ca}");
	ck_assert_uint_eq(ps->nevents, 0);
	ck_assert_uint_eq(ps->nchannels, 2);
	ck_assert_str_eq(ps->channels[0].name,
	    "Microsoft-Windows-DDisplay/Analytic");
	ck_assert_ptr_null(ecat_provider_find(cat, ""));
	ck_assert_uint_eq(tu_diag_count_id("xml-dump-provider"), 16);
	ck_assert(strstr(tu_diag_text(), "Microsoft-Windows-DDisplay "
	    "75051c9d-2833-4a29-8923-046db7a432ca.xml:9:0: note: provider "
	    "name and GUID taken from the file name: the etwlib dump gives "
	    "none: Microsoft-Windows-DDisplay "
	    "{75051c9d-2833-4a29-8923-046db7a432ca}") != NULL);
	/* The one duplicate left is two registered providers' own. */
	ck_assert_uint_eq(tu_diag_count_id("source-duplicate-provider"), 1);

	/* $(string.string1) of task Enable is the provider's name. */
	ps = S_schema(cat, "Application-Addon-Event-Provider");
	t = S_named(ps->tasks, ps->ntasks, "Enable");
	ck_assert_uint_eq(t->value, 1);
	ck_assert_str_eq(t->message_ref, "$(string.string1)");
	ck_assert_ptr_null(t->message);
	/* Keywords' references are the index of their name: read. */
	ps = S_schema(cat, "Microsoft-Windows-USB-USBPORT");
	ck_assert_str_eq(S_named(ps->keywords, ps->nkeywords,
	    "PowerDiagnostics")->message, "PowerDiagnostics");

	/* Level display names. */
	ev = S_event(S_schema(cat, "WINSATAPI_ETW_PROVIDER"), 1, 0, NULL);
	ck_assert_str_eq(ev->level_name, "Log Always");
	ck_assert(ev->has & ECAT_HAS_LEVEL);
	ck_assert_uint_eq(ev->level, 0);
	ev = S_event(S_schema(cat, "Microsoft-AppV-SharedPerformance"), 1001,
	    0, NULL);
	ck_assert_str_eq(ev->level_name, "win:ReservedLevel6");
	ck_assert(ev->has & ECAT_HAS_LEVEL);
	ck_assert_uint_eq(ev->level, 6);
	ev = S_event(S_schema(cat, "Microsoft-Windows-HelloForBusiness"),
	    8002, 0, NULL);
	ck_assert_str_eq(ev->level_name, "Success");
	ck_assert(!(ev->has & ECAT_HAS_LEVEL));

	/*
	 * TaskScheduler 127 has fields (jdu2600's TSV of 26100:
	 * UnicodeString TaskName) but no template= here: unknown, which
	 * the schema's flag says.
	 */
	ps = S_schema(cat, "Microsoft-Windows-TaskScheduler");
	ev = S_event(ps, 127, 0, &row);
	ck_assert_ptr_null(ev->template_ref);
	ck_assert_ptr_null(row->tmpl);
	ck_assert_int_eq(ps->etwlib, 1);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * Lint by id per build: the generator's artefacts are notes, no error
 * is left but the provider metadata's duplicate events (jdu2600's TSV
 * of 26100 has the same 57 of MSDTC).  Before: 8,271
 * lint-unresolved-string, 3,208 lint-dangling-level, 206
 * lint-binary-no-length errors and 404 lint-name-case on 26100.6899.
 */
START_TEST(test_lint_counts)
{
	static const struct {
		const char	*build;
		size_t		 dup, duppro, lost, prov, level, task, type;
		size_t		 outtype;
	} want[] = {
		{ B22, 65, 0, 219, 9, 2558, 16291, 716, 91 },
		{ B24, 68, 1, 206, 16, 3208, 16982, 684, 93 },
		{ B25, 68, 1, 205, 14, 3216, 17100, 773, 93 },
	};
	struct ecat_catalog	*cat;
	char			 path[1024];
	size_t			 i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", tu_shared(LH),
		    want[i].build);
		tu_diag_reset();
		cat = tu_load(path, NULL);
		ecat_lint(cat);
		ck_assert_uint_eq(ecat_diag_count_sev(tu_diag(),
		    ECAT_SEV_ERROR), want[i].dup);
		ck_assert_uint_eq(tu_diag_count_id("lint-duplicate-event"),
		    want[i].dup);
		ck_assert_uint_eq(tu_diag_count_id("lint-unresolved-string"),
		    0);
		ck_assert_uint_eq(tu_diag_count_id("lint-dangling-level"), 0);
		ck_assert_uint_eq(tu_diag_count_id("lint-binary-no-length"),
		    0);
		ck_assert_uint_eq(tu_diag_count_id("lint-name-case"), 0);
		ck_assert_uint_eq(tu_diag_count_id(
		    "source-duplicate-provider"), want[i].duppro);
		ck_assert_uint_eq(tu_diag_count_id("lint-binary-length-lost"),
		    want[i].lost);
		ck_assert_uint_eq(tu_diag_count_id("xml-dump-provider"),
		    want[i].prov);
		ck_assert_uint_eq(tu_diag_count_id("lint-dump-level"),
		    want[i].level);
		ck_assert_uint_eq(tu_diag_count_id("lint-dump-task-message"),
		    want[i].task);
		ck_assert_uint_eq(tu_diag_count_id("lint-dump-type"),
		    want[i].type);
		ck_assert_uint_eq(tu_diag_count_id("lint-bad-outtype"),
		    want[i].outtype);
		ecat_catalog_free(cat);
	}
	tu_diag_reset();
}
END_TEST

/*
 * A real defect of a dump stays an error: MSDTC defines event 4098
 * version 0 twice (lines 12 and 13), as jdu2600's TSV of the same
 * build does; and an authored-looking outType stays a warning.
 */
START_TEST(test_real_defects)
{
	struct ecat_catalog	*cat;

	tu_diag_reset();
	cat = tu_load(tu_shared(LH B24 "/Microsoft-Windows-MSDTC "
	    "719be4ed-e9bc-4dd8-a7cf-c85ce8e4975d.xml"), B24);
	ecat_lint(cat);
	ck_assert(strstr(tu_diag_text(), "Microsoft-Windows-MSDTC "
	    "719be4ed-e9bc-4dd8-a7cf-c85ce8e4975d.xml:13:0: error: duplicate "
	    "event (id, version): event 4098 version 0, first defined at "
	    "line 12 [lint-duplicate-event]") != NULL);
	ck_assert_uint_eq(tu_diag_count_id("lint-duplicate-event"), 57);
	ecat_catalog_free(cat);

	tu_diag_reset();
	cat = tu_load(tu_shared(LH B24 "/Microsoft-Windows-AAD "
	    "4de9bc9c-b27a-43c9-8994-0915f1a5e24f.xml"), B24);
	ecat_lint(cat);
	ck_assert(strstr(tu_diag_text(), "warning: outType not valid for "
	    "inType; the inType's default applies: win:HexInt32 with "
	    "win:ErrorCode; win:HexInt32 applies (Status in Args1002_0) "
	    "[lint-bad-outtype]") != NULL);
	ecat_catalog_free(cat);
	tu_diag_reset();
}
END_TEST

/*
 * File names: spaces, braces and a leading "." load as any file, in
 * a folder of schemas; a folder named ".*" is not entered nor taken
 * for a build (etwcat.1, CATALOG SOURCE LAYOUT).
 */
START_TEST(test_file_names)
{
	struct ecat_catalog		*cat;
	const struct ecat_pschema	*ps;
	char				 d[] = "/tmp/check_etwlib.XXXXXX";
	char				 path[1024], cmd[8192];
	const char			*net = ".NET Common Language Runtime "
	    "{e13c0d23-ccbc-4e12-931b-d9cc2eee27e4}.xml";

	tu_diag_reset();
	cat = tu_load(tu_shared(LH B22), NULL);
	ps = S_schema(cat, "Microsoft-Windows-DotNETRuntime");
	ck_assert(S_endswith(ps->loc.file, "/.NET Common Language Runtime "
	    "{e13c0d23-ccbc-4e12-931b-d9cc2eee27e4}.xml"));
	snprintf(path, sizeof(path), "%s/%s", tu_shared(LH B22), net);
	ck_assert_uint_eq(ps->nevents, S_count(path, "<event "));
	ck_assert_uint_eq(ps->nevents, 168);
	ps = S_schema(cat, "Application Error");
	ck_assert(S_endswith(ps->loc.file, "/Application Error "
	    "{a0e9b465-b939-57d7-b27d-95d8e925ff57}.xml"));
	ck_assert_uint_eq(ps->nevents, 2);
	ck_assert_uint_eq(cat->nfiles, 927);
	ecat_catalog_free(cat);

	/* A folder of builds with the dot file, and dot folders. */
	ck_assert_ptr_nonnull(mkdtemp(d));
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/B1/.git' '%s/.hidden' && "
	    "cp '%s' '%s/B1/' && cp '%s' '%s/B1/.git/x.xml' && "
	    "cp '%s' '%s/.hidden/y.xml'", d, d, path, d, path, d, path, d);
	ck_assert_int_eq(system(cmd), 0);
	tu_diag_reset();
	cat = tu_load(d, NULL);
	ck_assert_uint_eq(cat->nfiles, 1);
	ck_assert_uint_eq(cat->nbuilds, 1);
	ck_assert_str_eq(cat->builds[0]->id, "B1");
	ps = S_schema(cat, "Microsoft-Windows-DotNETRuntime");
	ck_assert_uint_eq(ps->nevents, 168);
	ecat_catalog_free(cat);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	ck_assert_int_eq(system(cmd), 0);
	tu_diag_reset();
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("etwlib");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_recognised);
	tcase_add_test(tc, test_readings);
	tcase_add_test(tc, test_lint_counts);
	tcase_add_test(tc, test_real_defects);
	tcase_add_test(tc, test_file_names);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
