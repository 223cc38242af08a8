/*
 * check_transcription.c: a transcription among the sources of the
 * catalog (catalog/carry.h, merge.h): samples/'s Hyper-V-VSmb, seed
 * page 000 transcribed for Win11-26200.6584 beside the etwlib dumps of
 * 22621.2134 and 26200.6901.  Which source each attribute of events 1,
 * 206 and 301 comes from on 26200.6584 and 26200.6901, and
 * lint-transcription-differs with both files and lines.
 */
#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etwcat.h"
#include "load.h"
#include "merge.h"
#include "testutil.h"

#define VSMB	"Microsoft-Windows-Hyper-V-VSmb"
#define TFILE	"samples/builds/Win11-26200.6584/manifests/" VSMB ".xml"
#define DFILE	"samples/builds/Win11-25H2-26200.6901/manifests/" VSMB \
		" 7b0ea079-e3bc-424a-b2f0-e3d8478d204b.xml"

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

static void
S_merge(struct ecat_merged *m, uint32_t id, uint16_t version,
    const char *bid)
{
	tu_merge(m, scat, VSMB, id, version, bid);
}

/* The build attribute a came from, and from which origin. */
static const char *
S_bid(const struct ecat_merged *m, enum ecat_mattr a,
    enum ecat_origin want)
{
	ck_assert_int_eq(m->at[a].origin, want);
	return tu_mbuild(m, a);
}

#define S_ev	tu_mevent

/* The diagnostics with id, for a failure's message (the rest is long). */
static const char *
S_lines(const char *id)
{
	static char	 out[8192];
	const char	*p, *e;
	size_t		 n = 0, l;

	out[0] = '\0';
	for (p = tu_diag_text(); *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		l = (size_t)(e - p);
		if (memmem(p, l, id, strlen(id)) == NULL ||
		    n + l + 2 > sizeof(out))
			continue;
		memcpy(out + n, p, l);
		n += l;
		out[n++] = '\n';
		out[n] = '\0';
	}
	return out;
}

/* ---------------------------------------------------------- origin */

/*
 * The transcription is known by its build.json, not by its XML, which
 * looks like an author's manifest; the dumps stay etwlib dumps.
 */
START_TEST(test_origin)
{
	const struct ecat_pschema	*ps;
	const struct ecat_evrow		*r;

	r = tu_rowps(&ps, scat, VSMB, "Win11-26200.6584", 1, 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(ecat_pschema_origin(ps), ECAT_ORIGIN_TRANSCRIBED);
	ck_assert_str_eq(ecat_origin_name(ecat_pschema_origin(ps)),
	    "transcription");
	/* It states the message and its template, not a level of 0. */
	ck_assert_uint_eq(ecat_carries(ps, r), ECAT_ATTR_FIELDS |
	    ECAT_ATTR_MESSAGE);
	/* 201: a title only on the page, so its fields are unknown. */
	r = tu_rowps(&ps, scat, VSMB, "Win11-26200.6584", 201, 1);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(ecat_carries(ps, r), ECAT_ATTR_MESSAGE);
	r = tu_rowps(&ps, scat, VSMB, "Win11-25H2-26200.6901", 1, 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(ecat_pschema_origin(ps), ECAT_ORIGIN_ETWLIB);
	ck_assert_int_lt(ecat_origin_rank(ECAT_ORIGIN_TSV_MOF),
	    ecat_origin_rank(ECAT_ORIGIN_TRANSCRIBED));
}
END_TEST

/* ------------------------------------------------------------ merge */

/*
 * 26200.6584, whose only source is the transcription: event 1 has the
 * page's seven fields, and the dump's level and channel, since the
 * dumps' five are those seven as etwlib writes them (it leaves out
 * StackFrame and Module, each counted by the field before it:
 * ecat_shape_dumped); 206 (version 1, as both dumps) has its
 * six fields and message, and the dump's channel, level and keywords;
 * 301 the page's own descriptor.
 */
START_TEST(test_merge_own_build)
{
	struct ecat_merged	 m;

	S_merge(&m, 1, 0, "Win11-26200.6584");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_FIELDS, ECAT_ORIGIN_TRANSCRIBED),
	    "Win11-26200.6584");
	ck_assert_uint_eq(m.shape->nfields, 7);
	ck_assert_str_eq(m.shape->fields[4].name, "StackFrame");
	ck_assert_str_eq(m.shape->fields[6].name, "Module");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_MESSAGE)->message, "[VMID %3] %1");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_CHANNEL, ECAT_ORIGIN_ETWLIB),
	    "Win11-25H2-26200.6901");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_LEVEL)->level_name,
	    "win:Informational");

	S_merge(&m, 206, 1, "Win11-26200.6584");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_FIELDS, ECAT_ORIGIN_TRANSCRIBED),
	    "Win11-26200.6584");
	ck_assert(!m.at[ECAT_MA_FIELDS].other);
	ck_assert_uint_eq(m.shape->nfields, 6);
	ck_assert_str_eq(m.shape->fields[3].name, "FileRelativePath");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_CHANNEL, ECAT_ORIGIN_ETWLIB),
	    "Win11-25H2-26200.6901");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_CHANNEL)->channel_name,
	    "Microsoft-Windows-Hyper-V-Worker-Operational");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_LEVEL)->level_name, "win:Error");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_KEYWORDS)->keywords_names,
	    "DirectMap");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_MESSAGE, ECAT_ORIGIN_TRANSCRIBED),
	    "Win11-26200.6584");

	S_merge(&m, 301, 1, "Win11-26200.6584");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_FIELDS, ECAT_ORIGIN_TRANSCRIBED),
	    "Win11-26200.6584");
	ck_assert_uint_eq(m.shape->nfields, 6);
	ck_assert_str_eq(m.shape->fields[5].name, "ShareJson");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_KEYWORDS, ECAT_ORIGIN_TRANSCRIBED),
	    "Win11-26200.6584");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_KEYWORDS)->keywords_names,
	    "keyword_10");
}
END_TEST

/*
 * 26200.6901, the newest build: the dump wins where it states an
 * attribute (301's keyword Share), but for a field list it writes as
 * etwlib writes another's (1: the transcription's seven for its five,
 * and then its message); the transcription gives the rest where the
 * field lists agree (206's and 301's message; 201's, whose fields no
 * source gives).
 */
START_TEST(test_merge_dump_build)
{
	struct ecat_merged	 m;

	S_merge(&m, 1, 0, "Win11-25H2-26200.6901");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_FIELDS, ECAT_ORIGIN_TRANSCRIBED),
	    "Win11-26200.6584");
	ck_assert(m.at[ECAT_MA_FIELDS].other);
	ck_assert_uint_eq(m.shape->nfields, 7);
	ck_assert_str_eq(S_ev(&m, ECAT_MA_MESSAGE)->message, "[VMID %3] %1");
	ck_assert_int_eq(m.at[ECAT_MA_CHANNEL].origin, ECAT_ORIGIN_ETWLIB);
	ck_assert(!m.at[ECAT_MA_CHANNEL].other);

	S_merge(&m, 206, 1, "Win11-25H2-26200.6901");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_FIELDS, ECAT_ORIGIN_ETWLIB),
	    "Win11-25H2-26200.6901");
	ck_assert_str_eq(S_bid(&m, ECAT_MA_MESSAGE, ECAT_ORIGIN_TRANSCRIBED),
	    "Win11-26200.6584");
	ck_assert(m.at[ECAT_MA_MESSAGE].other);

	S_merge(&m, 301, 1, "Win11-25H2-26200.6901");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_KEYWORDS)->keywords_names, "Share");
	ck_assert_int_eq(m.at[ECAT_MA_KEYWORDS].origin, ECAT_ORIGIN_ETWLIB);
	ck_assert_str_eq(S_bid(&m, ECAT_MA_MESSAGE, ECAT_ORIGIN_TRANSCRIBED),
	    "Win11-26200.6584");

	S_merge(&m, 201, 1, "Win11-25H2-26200.6901");
	ck_assert(!(m.known & ECAT_ATTR_FIELDS));
	ck_assert_str_eq(S_ev(&m, ECAT_MA_TASK)->task_name,
	    "VSmbnetReadSegmentLength");
	ck_assert_str_eq(S_ev(&m, ECAT_MA_MESSAGE)->message,
	    "VSMBNET Read segment length");
}
END_TEST

/* ------------------------------------------------------------- lint */

/* Event 1's fields and 301's keyword, each with both files and lines. */
START_TEST(test_lint)
{
	size_t	 n0 = tu_diag_count_id("lint-transcription-differs");
	char	*tf, *df, want[1024];

	ecat_lint(scat);
	ck_assert_uint_eq(tu_diag_count_id("lint-transcription-differs"),
	    n0 + 2);
	ck_assert_uint_eq(tu_diag_count_id("lint-source-conflict"), 0);
	tf = strdup(tu_src(TFILE));
	df = strdup(tu_src(DFILE));
	snprintf(want, sizeof(want), "%s:25:0: warning: a transcription "
	    "describes an event otherwise than the nearest machine source: "
	    "fields: (UnicodeString TraceData, UnicodeString VmName, "
	    "UnicodeString VmId, UInt32 StackFrameCount, Pointer StackFrame, "
	    "UInt32 ModuleCount, Int32 Module) (transcription) against "
	    "%s:11 (Win11-25H2-26200.6901, metadata dump): (UnicodeString "
	    "TraceData, UnicodeString VmName, UnicodeString VmId, UInt32 "
	    "StackFrameCount, UInt32 ModuleCount) "
	    "[lint-transcription-differs]", tf, df);
	ck_assert_msg(strstr(tu_diag_text(), want) != NULL, "%s",
	    S_lines("lint-transcription"));
	snprintf(want, sizeof(want), "%s:55:0: warning: a transcription "
	    "describes an event otherwise than the nearest machine source: "
	    "keywords: keyword_10 (transcription) against %s:44 "
	    "(Win11-25H2-26200.6901, metadata dump): Share "
	    "[lint-transcription-differs]", tf, df);
	ck_assert_msg(strstr(tu_diag_text(), want) != NULL, "%s",
	    S_lines("lint-transcription"));
	free(tf);
	free(df);
}
END_TEST

/* Copy samples/ file rel to dir/rel, with from replaced by to once. */
static void
S_copy(const char *dir, const char *rel, const char *from, const char *to)
{
	char	 path[4096], *buf, *at;
	FILE	*f;
	long	 n;

	f = fopen(tu_src(rel), "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "%s", path);
	if (from != NULL && (at = strstr(buf, from)) != NULL) {
		fwrite(buf, 1, (size_t)(at - buf), f);
		fputs(to, f);
		fputs(at + strlen(from), f);
	} else
		fwrite(buf, 1, (size_t)n, f);
	fclose(f);
	free(buf);
}

/*
 * A transcription left at the default version where the nearest dump
 * has the id only at version 1 (samples/ before it took the dumps'
 * version): a version finding at the event, naming the dump's line.
 */
START_TEST(test_lint_version)
{
	static const char *const dirs[] = { "samples", "samples/builds",
	    "samples/builds/Win11-26200.6584",
	    "samples/builds/Win11-26200.6584/manifests",
	    "samples/builds/Win11-25H2-26200.6901",
	    "samples/builds/Win11-25H2-26200.6901/manifests", NULL };
	struct ecat_catalog	*cat;
	char			 tmp[] = "/tmp/etwcat-transcr.XXXXXX", path[4096];
	size_t			 i, n0;

	ck_assert_ptr_nonnull(mkdtemp(tmp));
	for (i = 0; dirs[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", tmp, dirs[i]);
		ck_assert_int_eq(mkdir(path, 0700), 0);
	}
	S_copy(tmp, "samples/builds/Win11-26200.6584/build.json", NULL, NULL);
	S_copy(tmp, TFILE, "<event value=\"206\" version=\"1\"",
	    "<event value=\"206\"");
	S_copy(tmp, DFILE, NULL, NULL);
	snprintf(path, sizeof(path), "%s/samples", tmp);
	n0 = tu_diag_count_id("lint-transcription-differs");
	cat = tu_load(path, NULL);
	ecat_lint(cat);
	ck_assert_uint_eq(tu_diag_count_id("lint-transcription-differs"),
	    n0 + 3);
	ck_assert_msg(strstr(tu_diag_text(), ":54:0: warning: a transcription "
	    "describes an event otherwise than the nearest machine source: "
	    "version: 0 (transcription) against ") != NULL, "%s",
	    S_lines("lint-transcription"));
	ck_assert_msg(strstr(tu_diag_text(), ".xml:43 (Win11-25H2-26200.6901, "
	    "metadata dump): version 1, not 0 [lint-transcription-differs]") !=
	    NULL, "%s", S_lines("lint-transcription"));
	ecat_catalog_free(cat);
	snprintf(path, sizeof(path), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

static Suite *
S_suite(void)
{
	Suite	*s = suite_create("transcription");
	TCase	*tc = tcase_create("samples");

	tcase_add_unchecked_fixture(tc, S_load_samples, S_free_samples);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_origin);
	tcase_add_test(tc, test_merge_own_build);
	tcase_add_test(tc, test_merge_dump_build);
	tcase_add_test(tc, test_lint);
	tcase_add_test(tc, test_lint_version);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(S_suite());
}
