/*
 * check_evtx.c: the EVTX sample reader (catalog/evtx.c, binxml.c) on
 * the real captures of ../shared/captures/evtx: records per file, the
 * values of every record against the JSON twins of the same originals
 * (../shared/samples/omerbenamram-evtx, read by the JSON reader), the
 * value types of known fields, damaged chunks (the damaged files of
 * the shared captures, and chunks damaged here on a copy), and how a
 * file is told to be EVTX, and the reader's bounds on hostile records
 * (the reproducers of tests/fuzz/regress/fuzz_evtx).
 * tests/evtx_oracle.py compares every file with python3-evtx.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "alloc.h"
#include "model.h"
#include "reader.h"
#include "sample.h"
#include "testutil.h"

#define OMER	"captures/evtx/omerbenamram-evtx/"
#define TWINS	"samples/omerbenamram-evtx/"

/* What a read gave: records, malformed ones, and per record its JSON. */
struct got {
	size_t		 n, bad;
	uint32_t	 maxcol;
	json_t		*byrid;		/* event_record_id -> event JSON */
	/* the first record with these fields, for the type tests */
	const char	*want;
	char		 wantval[256];
	uint8_t		 wanttype;
	int		 found;
	char		 prov[64];	/* the first record's provider */
};

static void
S_collect(const struct ecat_sample *r, void *arg)
{
	struct got	*g = arg;
	json_t		*j, *rid;
	char		*s;
	uint32_t	 i;

	g->n++;
	if (r->malformed) {
		g->bad++;
		return;
	}
	if (r->loc.col > g->maxcol)
		g->maxcol = r->loc.col;
	if (g->prov[0] == '\0')
		snprintf(g->prov, sizeof(g->prov), "%s", r->provider);
	if (g->want != NULL && !g->found)
		for (i = 0; i < r->nfields; i++)
			if (strcmp(r->fields[i].name, g->want) == 0 &&
			    r->fields[i].btype != 0) {
				g->found = 1;
				g->wanttype = r->fields[i].btype;
				snprintf(g->wantval, sizeof(g->wantval), "%s",
				    r->fields[i].v.kind == ECAT_SV_STRING ?
				    r->fields[i].v.s : "");
			}
	if (g->byrid == NULL)
		return;
	ck_assert_ptr_nonnull(s = ecat_sample_json(r));
	ck_assert_ptr_nonnull(j = json_loads(s, 0, NULL));
	free(s);
	rid = json_object_get(json_object_get(j, "system"),
	    "event_record_id");
	if (json_is_string(rid))
		json_object_set(g->byrid, json_string_value(rid), j);
	json_decref(j);
}

/* Read path (under the shared corpus unless absolute) into g. */
static int
S_read(const char *path, struct got *g, int keep)
{
	struct ecat_catalog	*cat;
	int			 rc;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	if (keep)
		g->byrid = json_object();
	rc = ecat_samples_read(cat, ecat_build_get(cat, "t"), path[0] == '/' ?
	    path : tu_shared(path), 0, S_collect, g, NULL);
	ecat_catalog_free(cat);
	return rc;
}

/* ------------------------------------------------------------- counts */

/*
 * Records per file: the JSON twins' counts (../shared/samples, made by
 * python3-evtx), except where noted: the twins of the damaged files
 * hold records etwcat rejects, and python3-evtx reads none of the
 * CAPI2 files (the twins are another converter's, with fewer events).
 */
static const struct {
	const char	*file;
	size_t		 n;
	size_t		 diags;
} counts[] = {
	{ "sysmon.evtx", 358, 0 },
	{ "security.evtx", 2261, 0 },
	{ "system.evtx", 1881, 0 },
	{ "2-system-Microsoft-Windows-LiveId%4Operational.evtx", 399, 0 },
	{ "2-vss_7-System.evtx", 1160, 0 },
	{ "Security_with_size_t.evtx", 636, 0 },
	{ "sample-with-irregular-bool-values.evtx", 3028, 0 },
	{ "E_Windows_system32_winevt_logs_Microsoft-Windows-Shell-Core"
	    "%4Operational.evtx", 1146, 0 },
	{ "E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2"
	    "%4Operational.evtx", 340, 0 },
	{ "MSExchange_Management_wec.evtx", 1, 0 },
	/* Damaged: the twins have 17, 335, 2261; 270 and 6 with the
	   records below cut short or zeroed. */
	{ "Application_no_crc32.evtx", 17, 3 },
	{ "sample-with-zero-data-size-event.evtx", 335, 2 },
	{ "security_bad_string_cache.evtx", 2261, 1 },
	{ "sample_with_a_bad_chunk_magic.evtx", 267, 8 },
	{ "Microsoft-Windows-HelloForBusiness%4Operational.evtx", 5, 2 },
};

START_TEST(test_counts)
{
	struct got	 g;
	char		 path[512];

	memset(&g, 0, sizeof(g));
	snprintf(path, sizeof(path), OMER "%s", counts[_i].file);
	ck_assert_int_eq(S_read(path, &g, 0), 0);
	ck_assert_msg(g.n == counts[_i].n, "%s: %zu records, expected %zu",
	    counts[_i].file, g.n, counts[_i].n);
	ck_assert_uint_eq(g.bad, 0);
	ck_assert_msg(tu_diag_count_id("sample-evtx-damaged") == counts[_i].diags,
	    "%s: %zu diagnostics, expected %zu:\n%s", counts[_i].file,
	    tu_diag_count_id("sample-evtx-damaged"), counts[_i].diags,
	    tu_diag_text());
}
END_TEST

/* ------------------------------------------------------------- twins */

/* A twin's value and ours the same, as the two renderers write them:
   booleans True/true, SizeT decimal/hex, CR LF/LF. */
static int
S_same(const char *twin, const char *ours)
{
	const char	*a = twin, *b = ours;

	if (strcasecmp(twin, ours) == 0)
		return 1;
	/* The twins' XML could not hold control characters
	   (security.evtx, MinPasswordAge "\x03"). */
	if (*twin == '\0' && *ours > 0 && *ours < 0x20 && ours[1] == '\0')
		return 1;
	if (strncmp(ours, "0x", 2) == 0 &&
	    strtoull(twin, NULL, 10) == strtoull(ours, NULL, 16))
		return 1;
	while (*a != '\0' && *b != '\0') {
		if (b[0] == '\r' && b[1] == '\n')
			b++;
		if (*a != *b)
			return 0;
		a++;
		b++;
	}
	return *a == *b;
}

static void
S_cmpval(const json_t *t, const json_t *o, size_t *eq, size_t *ne,
    const char *what)
{
	size_t	 i;

	if (json_is_string(t) && json_is_string(o)) {
		if (S_same(json_string_value(t), json_string_value(o)))
			(*eq)++;
		else {
			(*ne)++;
			fprintf(stderr, "%s: %.60s | %.60s\n", what,
			    json_string_value(t), json_string_value(o));
		}
	} else if (json_is_array(t) && json_is_array(o)) {
		/*
		 * A string array: python3-evtx, which made the twins,
		 * splits it at NUL bytes rather than characters (system.evtx
		 * record 177: "14", "", "14" for "", "", "", "", "14", as
		 * evtxexport has it; record 863: "983" of "298983"), so each
		 * non-empty string of the twin is looked for within ours.
		 */
		for (i = 0; i < json_array_size(t); i++) {
			const char	*ts = json_string_value(
			    json_array_get(t, i));
			size_t		 k;

			if (ts == NULL || *ts == '\0')
				continue;
			for (k = 0; k < json_array_size(o); k++)
				if (json_is_string(json_array_get(o, k)) &&
				    strstr(json_string_value(json_array_get(o,
				    k)), ts) != NULL)
					break;
			if (k < json_array_size(o))
				(*eq)++;
			else {
				(*ne)++;
				fprintf(stderr, "%s[]: %s\n", what, ts);
			}
		}
	} else if (json_is_array(t) && json_array_size(t) == 1 &&
	    json_is_string(o) && S_same(json_string_value(json_array_get(t,
	    0)), json_string_value(o))) {
		/* An empty array of python3-evtx's, [""], is our "". */
		(*eq)++;
	} else {
		(*ne)++;
		fprintf(stderr, "%s: %s\n", what, json_is_string(o) ?
		    json_string_value(o) : "(not a string)");
	}
}

/*
 * Every record of the twin against ours of the same EventRecordID:
 * provider, event id, and every EventData value.
 */
static const struct {
	const char	*base;
	size_t		 min;		/* EventData values that agree */
	size_t		 maxdiff;
} twins[] = {
	{ "sysmon", 4700, 0 },
	{ "security", 20000, 0 },
	{ "system", 5000, 0 },
	{ "Security_with_size_t", 5000, 0 },
	{ "2-system-Microsoft-Windows-LiveId%4Operational", 500, 0 },
	{ "sample-with-irregular-bool-values", 5500, 0 },
	{ "2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS"
	    "%4Operational", 1000, 0 },
};

START_TEST(test_twins)
{
	struct got	 g;
	char		 path[512];
	json_t		*tw, *o, *ts, *os, *td, *od, *v;
	json_error_t	 err;
	FILE		*f;
	char		 line[1 << 16];
	const char	*key;
	size_t		 recs = 0, eq = 0, ne = 0, missing = 0;

	memset(&g, 0, sizeof(g));
	snprintf(path, sizeof(path), OMER "%s.evtx", twins[_i].base);
	ck_assert_int_eq(S_read(path, &g, 1), 0);
	snprintf(path, sizeof(path), TWINS "%s.jsonl", twins[_i].base);
	ck_assert_ptr_nonnull(f = fopen(tu_shared(path), "r"));
	while (fgets(line, sizeof(line), f) != NULL) {
		ck_assert_ptr_nonnull(tw = json_loads(line, 0, &err));
		ts = json_object_get(tw, "system");
		o = json_object_get(g.byrid, json_string_value(
		    json_object_get(ts, "event_record_id")));
		if (o == NULL) {
			missing++;
			json_decref(tw);
			continue;
		}
		recs++;
		os = json_object_get(o, "system");
		ck_assert_str_eq(json_string_value(json_object_get(ts,
		    "provider")), json_string_value(json_object_get(os,
		    "provider")));
		ck_assert_str_eq(json_string_value(json_object_get(ts,
		    "event_id")), json_string_value(json_object_get(os,
		    "event_id")));
		td = json_object_get(tw, "event_data");
		od = json_object_get(o, "event_data");
		if (json_is_object(td)) {
			ck_assert(json_is_object(od));
			json_object_foreach(td, key, v)
				S_cmpval(v, json_object_get(od, key), &eq, &ne,
				    key);
		}
		json_decref(tw);
	}
	fclose(f);
	json_decref(g.byrid);
	ck_assert_uint_eq(missing, 0);
	ck_assert_uint_eq(recs, g.n);
	ck_assert_msg(eq >= twins[_i].min && ne <= twins[_i].maxdiff,
	    "%s: %zu values agree, %zu differ", twins[_i].base, eq, ne);
}
END_TEST

/* -------------------------------------------------------------- types */

static const struct {
	const char	*file;
	const char	*field;
	uint8_t		 type;
	const char	*value;		/* the first record's, or NULL */
} types[] = {
	{ "sysmon.evtx", "ProcessId", 0x08, "9112" },	/* UInt32 */
	{ "sysmon.evtx", "ProcessGuid", 0x0f,		/* GUID */
	    "{94F748D5-4A45-5A42-0000-0010D265F20F}" },
	{ "sysmon.evtx", "LogonId", 0x15, "0x3e7" },	/* HexInt64 */
	{ "sysmon.evtx", "Image", 0x01, NULL },		/* UnicodeString */
	{ "Security_with_size_t.evtx", "ProcessId", 0x10, NULL }, /* SizeT */
	{ "security.evtx", "SubjectUserSid", 0x13, "S-1-0-0" }, /* SID */
	{ "system.evtx", "StartTime", 0x11,		/* FILETIME */
	    "2017-07-12T17:16:05.499259900Z" },
	{ "2-system-Microsoft-Windows-LiveId%4Operational.evtx", "Created",
	    0x12, NULL },				/* SYSTEMTIME */
	{ "sample-with-irregular-bool-values.evtx", "IsAsyncProcessing", 0x0d,
	    NULL },					/* Boolean */
	{ "system.evtx", "Data", 0x81, NULL },		/* string array */
	{ "system.evtx", "Binary", 0x0e, NULL },	/* Binary */
};

START_TEST(test_types)
{
	struct got	 g;
	char		 path[512];

	memset(&g, 0, sizeof(g));
	g.want = types[_i].field;
	snprintf(path, sizeof(path), OMER "%s", types[_i].file);
	ck_assert_int_eq(S_read(path, &g, 0), 0);
	ck_assert_msg(g.found, "%s: no %s", types[_i].file, types[_i].field);
	ck_assert_msg(g.wanttype == types[_i].type, "%s %s: type 0x%02x, "
	    "expected 0x%02x", types[_i].file, types[_i].field, g.wanttype,
	    types[_i].type);
	if (types[_i].value != NULL)
		ck_assert_str_eq(g.wantval, types[_i].value);
}
END_TEST

/* ------------------------------------------------------------ damage */

/* A copy of the first max bytes of a shared capture in a temporary
   file, changed by fn. */
static char *
S_copyn(const char *rel, void (*fn)(unsigned char *, size_t), size_t max)
{
	char		*tmp, *buf;
	size_t		 n;
	FILE		*f;
	int		 fd;

	ck_assert_ptr_nonnull(f = fopen(tu_shared(rel), "rb"));
	buf = ecat_malloc(4 << 20);
	n = fread(buf, 1, max < (4 << 20) ? max : 4 << 20, f);
	fclose(f);
	fn((unsigned char *)buf, n);
	tmp = ecat_strdup("/tmp/check_evtx.XXXXXX");
	ck_assert_int_ne(fd = mkstemp(tmp), -1);
	ck_assert_int_eq(write(fd, buf, n), (ssize_t)n);
	close(fd);
	free(buf);
	return tmp;
}

static char *
S_copy(const char *rel, void (*fn)(unsigned char *, size_t))
{
	return S_copyn(rel, fn, SIZE_MAX);
}

/* sysmon.evtx: chunk 2 (at 0x11000) without its signature. */
static void
S_badmagic(unsigned char *b, size_t n)
{
	ck_assert_uint_gt(n, 0x21000);
	memcpy(b + 0x11000, "ElfJunk", 8);
}

/* sysmon.evtx: a byte of the first record's data changed. */
static void
S_badbyte(unsigned char *b, size_t n)
{
	(void)n;
	b[0x1000 + 512 + 30] ^= 0xff;
}

START_TEST(test_bad_chunk)
{
	struct got	 whole, g;
	char		*tmp;

	memset(&whole, 0, sizeof(whole));
	ck_assert_int_eq(S_read(OMER "sysmon.evtx", &whole, 0), 0);
	tmp = S_copy(OMER "sysmon.evtx", S_badmagic);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(S_read(tmp, &g, 0), 0);
	/* Reported with the chunk's offset; the chunks after it read. */
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "chunk at offset "
	    "0x11000 has no ElfChnk signature; skipped [sample-evtx-damaged]"));
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), ":0:2: error:"));
	ck_assert_uint_eq(tu_diag_count_id("sample-evtx-damaged"), 1);
	ck_assert_uint_lt(g.n, whole.n);
	ck_assert_uint_gt(g.n, whole.n - 60);
	ck_assert_uint_eq(g.maxcol, whole.maxcol);
	unlink(tmp);
	free(tmp);

	/* A record's byte: the chunk's CRC32, and the record's place. */
	tmp = S_copy(OMER "sysmon.evtx", S_badbyte);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(S_read(tmp, &g, 0), 0);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "chunk at offset "
	    "0x1000: records CRC32 is"));
	ck_assert_uint_ge(g.n, whole.n - 1);
	unlink(tmp);
	free(tmp);
}
END_TEST

/* The damaged file of the shared captures: its bad chunk, and the
   records of the chunks after it. */
START_TEST(test_bad_chunk_magic_file)
{
	struct got	 g;

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(S_read(OMER "sample_with_a_bad_chunk_magic.evtx", &g,
	    0), 0);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "chunk at offset "
	    "0x61000 has no ElfChnk signature; skipped"));
	ck_assert_uint_gt(g.maxcol, 7);
}
END_TEST

/* ---------------------------------------------------------- detection */

static void
S_none(unsigned char *b, size_t n)
{
	(void)b;
	(void)n;
}

static void
S_cut(unsigned char *b, size_t n)
{
	(void)n;
	b[100] = 0x55;
}

/* ------------------------------------------------------------ bounds */

#define REGRESS	"tests/fuzz/regress/fuzz_evtx/"

/* How often s is in the diagnostics. */
static size_t
S_ndiag(const char *s)
{
	const char	*p = tu_diag_text();
	size_t		 n = 0;

	while ((p = strstr(p, s)) != NULL) {
		n++;
		p += strlen(s);
	}
	return n;
}

/*
 * One record whose template renders a 30,000-byte Binary value 7,000
 * times (420 MB of text): skipped with its diagnostic.
 */
START_TEST(test_text_bound)
{
	struct got	 g;

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(S_read(tu_src(REGRESS "subst-repeat-text.evtx"), &g,
	    0), 0);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(g.bad, 1);
	ck_assert_uint_eq(tu_diag_count_id("sample-evtx-damaged"), 1);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), ":1:1: error: EVTX file "
	    "damaged: record 1: renders more than 1048576 bytes of text; "
	    "skipped [sample-evtx-damaged]"));
}
END_TEST

/*
 * Records of 50 bytes that each use a cached template of 1,800 named
 * Data elements 36 times (64,800 members): each skipped for its
 * members, until the chunk's tokens run out (record 17), reported once.
 */
START_TEST(test_member_bound)
{
	struct got	 g;

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(S_read(tu_src(REGRESS "template-members.evtx"), &g,
	    0), 0);
	ck_assert_uint_eq(g.n, 17);
	ck_assert_uint_eq(g.bad, 17);
	ck_assert_uint_eq(S_ndiag(": more than 4096 members; skipped "
	    "[sample-evtx-damaged]"), 16);
	ck_assert_uint_eq(S_ndiag("the chunk's records use more than "
	    "4194304 binary XML tokens"), 1);
	ck_assert_uint_eq(tu_diag_count_id("sample-evtx-damaged"), 17);
}
END_TEST

/*
 * 332 records of one chunk, each costing the tokens of a whole record:
 * the chunk stops at its bound, with one diagnostic, and the records
 * after it are not read.
 */
START_TEST(test_chunk_bound)
{
	struct got	 g;

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(S_read(tu_src(REGRESS "template-chunk-tokens.evtx"),
	    &g, 0), 0);
	ck_assert_uint_eq(g.n, 17);
	ck_assert_uint_eq(S_ndiag(":17:1: error: EVTX file damaged: record "
	    "17: binary XML: the chunk's records use more than 4194304 "
	    "binary XML tokens"), 1);
	ck_assert_uint_eq(S_ndiag("the rest of the chunk is not read"), 1);
}
END_TEST

/* security.evtx, its first chunk: every value of the first record's
   template instance of type 0xff (an array of an undefined type). */
static void
S_typeff(unsigned char *b, size_t n)
{
	const unsigned char	*p;
	size_t			 i, cnt;
	uint32_t		 k, nv;

	p = memmem(b + 0x1000 + 512 + 24, n - 0x1218, "\x0c\x01", 2);
	ck_assert_ptr_nonnull(p);
	i = (size_t)(p - b);
	cnt = i + 34 + (b[i + 30] | b[i + 31] << 8 | b[i + 32] << 16 |
	    (uint32_t)b[i + 33] << 24);
	nv = b[cnt] | b[cnt + 1] << 8;
	ck_assert_uint_gt(nv, 5);
	for (k = 0; k < nv; k++)
		b[cnt + 4 + 4 * k + 2] = 0xff;
}

/* A type byte 0xff from the file is an undefined type: its bytes as
   hex, not text (the reader's own UTF-8 text has a flag of its own). */
START_TEST(test_type_ff)
{
	struct got	 g;
	char		*tmp;

	tmp = S_copyn(OMER "security.evtx", S_typeff, 0x1000 + 0x10000);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(S_read(tmp, &g, 0), 0);
	/* "Microsoft-Windows-Security-Auditing" in UTF-16LE, as hex. */
	ck_assert_msg(strncmp(g.prov, "4D006900630072006F0073006F0066007400"
	    "2D00570069006E0064006F00", 60) == 0, "provider %s", g.prov);
	ck_assert_uint_eq(g.n, 91);
	unlink(tmp);
	free(tmp);
}
END_TEST

/* security.evtx, one chunk: the header counting 65,535 chunks, the
   first record's size 0, or running past the chunk's free space. */
static void
S_nchunks(unsigned char *b, size_t n)
{
	(void)n;
	b[42] = b[43] = 0xff;
}

static void
S_size0(unsigned char *b, size_t n)
{
	(void)n;
	memset(b + 0x1000 + 512 + 4, 0, 4);
}

static void
S_freeoff(unsigned char *b, size_t n)
{
	(void)n;
	/* Free space from 28 bytes into the first record. */
	b[0x1000 + 48] = (512 + 28) & 0xff;
	b[0x1000 + 49] = (512 + 28) >> 8;
	b[0x1000 + 50] = b[0x1000 + 51] = 0;
}

/*
 * Each damage, on a one-chunk copy of security.evtx: the records still
 * read, and the diagnostics (every text must be there).
 */
static const struct {
	void		(*fn)(unsigned char *, size_t);
	uint32_t	 n;
	const char	*text[2];
} damaged[] = {
	{ S_nchunks, 91, { ":0:1: error: EVTX file damaged: the file header "
	    "counts 65535 chunks, the file has 1 [sample-evtx-damaged]",
	    NULL } },
	{ S_size0, 0, { "record 1 at chunk offset 0x200: size 0 is less than "
	    "a record's 28 bytes; the rest of the chunk is not read", NULL } },
	{ S_freeoff, 0, { "record 1 at chunk offset 0x200: size ",
	    " runs past the chunk's records; the rest of the chunk is not "
	    "read" } },
};

START_TEST(test_damaged_header_record)
{
	struct got	 g;
	char		*tmp;
	size_t		 i, t;

	for (i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		tmp = S_copyn(OMER "security.evtx", damaged[i].fn,
		    0x1000 + 0x10000);
		memset(&g, 0, sizeof(g));
		ck_assert_int_eq(S_read(tmp, &g, 0), 0);
		ck_assert_uint_eq(g.n, damaged[i].n);
		for (t = 0; t < 2 && damaged[i].text[t] != NULL; t++)
			ck_assert_msg(strstr(tu_diag_text(),
			    damaged[i].text[t]) != NULL, "damage %zu: no "
			    "\"%s\"", i, damaged[i].text[t]);
		unlink(tmp);
		free(tmp);
	}
}
END_TEST

START_TEST(test_detect)
{
	struct got	 g;
	char		*tmp, *named;

	/* By the signature, whatever the name. */
	tmp = S_copy(OMER "sysmon.evtx", S_none);
	named = ecat_asprintf("%s.json", tmp);
	ck_assert_int_eq(rename(tmp, named), 0);
	ck_assert_str_eq(ecat_reader_sniff(named, (const uint8_t *)"ElfFile",
	    8)->name, "evtx");
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(S_read(named, &g, 0), 0);
	ck_assert_uint_eq(g.n, 358);
	unlink(named);
	free(named);
	free(tmp);
	/* By the name, and then not an EVTX file: no record, one
	   diagnostic. */
	ck_assert_str_eq(ecat_reader_find("a.EVTX")->name, "evtx");
	ck_assert_str_eq(ecat_reader_find("-")->name, "json");
	tmp = S_copy("samples/README.md", S_none);
	named = ecat_asprintf("%s.evtx", tmp);
	ck_assert_int_eq(rename(tmp, named), 0);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(S_read(named, &g, 0), 0);
	ck_assert_uint_eq(g.n, 0);
	ck_assert_uint_eq(g.bad, 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-evtx-damaged"), 1);
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 0);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "EVTX file damaged: not "
	    "an EVTX file (no ElfFile signature) [sample-evtx-damaged]"));
	unlink(named);
	free(named);
	free(tmp);
	/* A header whose CRC32 differs: reported, chunks read. */
	tmp = S_copy(OMER "sysmon.evtx", S_cut);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(S_read(tmp, &g, 0), 0);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "file header CRC32"));
	ck_assert_uint_eq(g.n, 358);
	unlink(tmp);
	free(tmp);
}
END_TEST

static Suite *
S_suite(void)
{
	Suite	*s = suite_create("evtx");
	TCase	*tc = tcase_create("evtx");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_counts, 0,
	    sizeof(counts) / sizeof(counts[0]));
	tcase_add_loop_test(tc, test_twins, 0,
	    sizeof(twins) / sizeof(twins[0]));
	tcase_add_loop_test(tc, test_types, 0,
	    sizeof(types) / sizeof(types[0]));
	tcase_add_test(tc, test_bad_chunk);
	tcase_add_test(tc, test_bad_chunk_magic_file);
	tcase_add_test(tc, test_detect);
	tcase_add_test(tc, test_text_bound);
	tcase_add_test(tc, test_member_bound);
	tcase_add_test(tc, test_chunk_bound);
	tcase_add_test(tc, test_type_ff);
	tcase_add_test(tc, test_damaged_header_record);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(S_suite());
}
