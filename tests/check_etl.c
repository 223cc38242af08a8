/*
 * check_etl.c: the ETL sample reader (catalog/etl.c) on the real
 * traces of ../shared/captures/etl: buffers, compressed buffers and
 * records of every header kind per file, the logfile header's build,
 * EVENT_HEADER records per provider with their payload bytes, the
 * build the records are checked against, the provider found by GUID,
 * and damaged copies made here (a file cut short, a bad BufferSize, a
 * compressed buffer that does not decompress, a bad record header,
 * extended data items past their record, no logfile header), each
 * reported with the records of the other buffers kept.  The figures
 * are those of an independent scan of the same files, summed up in
 * docs/capture-formats.md ("ETL").
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "alloc.h"
#include "etl.h"
#include "model.h"
#include "reader.h"
#include "sample.h"
#include "testutil.h"
#include "validate.h"

#define MSTX	"captures/etl/microsoft-tx/"
#define PERF	"captures/etl/perfview/"
#define MAXBUF	512

/* What a read gave. */
struct got {
	struct ecat_etl_stats	 st;
	int			 rc;
	uint64_t		 n;		/* records handed on */
	uint64_t		 n32;		/* of which 32-bit */
	uint64_t		 nguid;		/* of provider guid */
	const char		*guid;		/* GUID text prefix to count */
	uint64_t		 perbuf[MAXBUF];	/* records by buffer */
	uint64_t		 zero4;		/* payloads ending in 4 zeros */
	uint64_t		 ev2, ev2open;	/* event 2, ending non-zero */
	uint64_t		 badjson;
	char			 first[4096];	/* the first record's JSON */
	uint32_t		 len10;		/* the first event 10's payload */
	uint32_t		 pid10;		/* length, first u32 */
	uint32_t		 ext1buf, ext1at; /* the first event 1's place */
	char			 ext1[4096];	/* and its JSON, */
	uint32_t		 ext1len;	/* payload length, */
	uint64_t		 ext1u64;	/* its first 8 bytes */
	char			 build[64];	/* the first record's build */
	char			 prov[64];	/* the first record's provider */
};

static void
S_each(const struct ecat_sample *r, struct got *g)
{
	const uint8_t	*p = r->payload;
	char		*s;
	json_t		*j;
	int		 i;

	ck_assert(r->binary);
	ck_assert_uint_eq(r->nfields, 0);
	if (g->n == 0) {
		snprintf(g->build, sizeof(g->build), "%s", r->build->id);
		snprintf(g->prov, sizeof(g->prov), "%s", r->provider);
		ck_assert_ptr_nonnull(s = ecat_sample_json(r));
		snprintf(g->first, sizeof(g->first), "%s", s);
		free(s);
	}
	if (r->event_id == 10 && g->len10 == 0) {
		g->len10 = r->payload_len;
		g->pid10 = r->payload_len >= 4 ? (uint32_t)p[0] |
		    (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		    (uint32_t)p[3] << 24 : 0;
	}
	if (r->event_id == 1 && g->ext1buf == 0) {
		g->ext1buf = r->loc.line;
		g->ext1at = r->loc.col;
		g->ext1len = r->payload_len;
		for (i = 8; i > 0 && r->payload_len >= 8; i--)
			g->ext1u64 = g->ext1u64 << 8 | p[i - 1];
		ck_assert_ptr_nonnull(s = ecat_sample_json(r));
		snprintf(g->ext1, sizeof(g->ext1), "%s", s);
		free(s);
	}
	g->n++;
	g->n32 += r->ptrsize == 4;
	if (g->guid != NULL && strncmp(r->guid, g->guid, strlen(g->guid)) ==
	    0)
		g->nguid++;
	if (r->loc.line < MAXBUF)
		g->perbuf[r->loc.line]++;
	if (r->payload_len >= 4 && memcmp(p + r->payload_len - 4,
	    "\0\0\0\0", 4) == 0)
		g->zero4++;
	if (r->event_id == 2 && r->payload_len >= 2) {
		g->ev2++;
		g->ev2open += p[r->payload_len - 2] != 0 ||
		    p[r->payload_len - 1] != 0;
	}
	/* Every record's JSON parses (the validator keeps examples). */
	if (g->n % 97 == 1) {
		ck_assert_ptr_nonnull(s = ecat_sample_json(r));
		if ((j = json_loads(s, 0, NULL)) == NULL)
			g->badjson++;
		json_decref(j);
		free(s);
	}
}

/*
 * Read path (under the shared corpus unless absolute) with the ETL
 * reader's handle, in a build named build of cat (a new catalog when
 * NULL), into g.
 */
static void
S_readc(struct ecat_catalog *cat, const char *build, const char *path,
    struct got *g)
{
	const struct ecat_sample	*r;
	struct ecat_catalog		*own = NULL;
	const char			*p;
	void				*h;
	int				 fd, rc;

	if (cat == NULL) {
		tu_diag_reset();
		cat = own = ecat_catalog_new(tu_diag());
	}
	p = path[0] == '/' ? path : tu_shared(path);
	ck_assert_ptr_eq(ecat_reader_find(p), &ecat_reader_etl);
	ck_assert_int_ne(fd = open(p, O_RDONLY), -1);
	h = ecat_reader_etl.open(cat, ecat_build_get(cat, build),
	    ecat_file(cat, p), p, fd, 0);
	while ((rc = ecat_reader_etl.next(h, &r)) == 1)
		S_each(r, g);
	g->rc = rc;
	g->st = *ecat_etl_stats(h);
	ecat_reader_etl.close(h, NULL);
	close(fd);
	if (own != NULL)
		ecat_catalog_free(own);
}

static void
S_read(const char *path, struct got *g)
{
	S_readc(NULL, "t", path, g);
}

/* ------------------------------------------------------------- files */

#define K(x)	[ECAT_ETL_##x]

static const struct {
	const char	*file;
	uint32_t	 buffers, compressed, build;
	uint8_t		 osmajor, osminor;
	uint64_t	 kinds[ECAT_ETL__KINDS];
	uint64_t	 extrecords, extitems;
	uint64_t	 decompressed;
	const char	*guid;		/* the main provider */
	uint64_t	 nguid;
} files[] = {
	{ MSTX "KernelNetwork.etl", 129, 0, 7601, 6, 1,
	    { K(SYSTEM64) = 1, K(EVENT64) = 8923 }, 0, 0, 0,
	    "{7DD42A49-", 8923 },
	{ MSTX "HTTP_Server.etl", 36, 0, 7601, 6, 1,
	    { K(SYSTEM64) = 1, K(EVENT64) = 2041 }, 291, 291, 0,
	    "{DD5EF90A-", 2041 },
	{ MSTX "CrossMachineHTTP.etl", 68, 0, 7601, 6, 1,
	    { K(SYSTEM64) = 1, K(EVENT64) = 3396 }, 484, 484, 0,
	    "{DD5EF90A-", 3396 },
	{ MSTX "Process.etl", 182, 0, 7600, 6, 1,
	    { K(SYSTEM64) = 1, K(EVENT64) = 10343 }, 0, 0, 0,
	    "{22FB2CD6-", 10343 },
	{ MSTX "BondEtwSample.etl", 3, 0, 10240, 10, 0,
	    { K(SYSTEM64) = 1, K(EVENT64) = 12 }, 0, 0, 0,
	    "{4F8F06BF-", 12 },
	{ MSTX "WsRm01.etl", 7, 0, 7910, 6, 2,
	    { K(SYSTEM64) = 1, K(EVENT64) = 70 }, 12, 12, 0,
	    "{A7975C8F-", 70 },
	{ PERF "SelfDescribingSingleEvent.etl", 3, 2, 22000, 10, 0,
	    { K(SYSTEM64) = 4, K(FULL64) = 18, K(EVENT64) = 1 }, 1, 2, 7264,
	    "{A61EA624-", 1 },
	/* Compressed, and mixed 32- and 64-bit records (WOW64). */
	{ PERF "net.4.5.2.x86.etl", 276, 275, 9200, 6, 2,
	    { K(SYSTEM32) = 2, K(SYSTEM64) = 4472, K(PERFINFO64) = 115091,
	    K(FULL32) = 73, K(FULL64) = 8162, K(EVENT32) = 39425,
	    K(EVENT64) = 1073 }, 1070, 1073, 17707800,
	    "{E13C0D23-", 11608 },
	{ PERF "primitive-types.etl", 2, 0, 19043, 10, 0,
	    { K(SYSTEM64) = 2, K(EVENT64) = 5 }, 5, 10, 0,
	    "{D3DD3DD4-", 5 },
};

START_TEST(test_files)
{
	struct got	 g;
	int		 k;

	memset(&g, 0, sizeof(g));
	g.guid = files[_i].guid;
	S_read(files[_i].file, &g);
	ck_assert_int_eq(g.rc, 0);
	ck_assert_msg(g.st.nbuffers == files[_i].buffers, "%s: %u buffers",
	    files[_i].file, g.st.nbuffers);
	ck_assert_uint_eq(g.st.ncompressed, files[_i].compressed);
	ck_assert_uint_eq(g.st.decompressed, files[_i].decompressed);
	ck_assert_uint_eq(g.st.build, files[_i].build);
	ck_assert_uint_eq(g.st.osmajor, files[_i].osmajor);
	ck_assert_uint_eq(g.st.osminor, files[_i].osminor);
	/* All nine: a 64-bit session on the QPC clock. */
	ck_assert_uint_eq(g.st.ptrsize, 8);
	ck_assert_uint_eq(g.st.clock, 1);
	for (k = 0; k < ECAT_ETL__KINDS; k++)
		ck_assert_msg(g.st.nkind[k] == files[_i].kinds[k], "%s: kind "
		    "%d: %llu records, expected %llu", files[_i].file, k,
		    (unsigned long long)g.st.nkind[k],
		    (unsigned long long)files[_i].kinds[k]);
	ck_assert_uint_eq(g.st.nextrecords, files[_i].extrecords);
	ck_assert_uint_eq(g.st.nextitems, files[_i].extitems);
	/* Every EVENT_HEADER record handed on, 32-bit ones as such. */
	ck_assert_uint_eq(g.n, files[_i].kinds[ECAT_ETL_EVENT32] +
	    files[_i].kinds[ECAT_ETL_EVENT64]);
	ck_assert_uint_eq(g.st.nevents, g.n);
	ck_assert_uint_eq(g.n32, files[_i].kinds[ECAT_ETL_EVENT32]);
	ck_assert_msg(g.nguid == files[_i].nguid, "%s: %llu of %s",
	    files[_i].file, (unsigned long long)g.nguid, files[_i].guid);
	ck_assert_uint_eq(g.badjson, 0);
	/* No damage; the one note of the file. */
	ck_assert_uint_eq(g.st.ndamaged, 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-etl-damaged"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-etl-records"), 1);
}
END_TEST

/* Payload bytes: the spans the template decoder will read. */
START_TEST(test_payloads)
{
	struct got	 g;

	/*
	 * KernelNetwork: the first event 10 has a 40-byte payload,
	 * PID 2716 first; every payload ends in 4 zero bytes past its
	 * template.  Its time from the QPC clock.
	 */
	memset(&g, 0, sizeof(g));
	S_read(MSTX "KernelNetwork.etl", &g);
	ck_assert_uint_eq(g.len10, 40);
	ck_assert_uint_eq(g.pid10, 2716);
	ck_assert_uint_eq(g.zero4, 8923);
	ck_assert_ptr_nonnull(strstr(g.first,
	    "\"time_created\": \"2012-06-19T20:33:53.0139795Z\""));
	ck_assert_ptr_nonnull(strstr(g.first,
	    "\"guid\": \"{7DD42A49-5329-4832-8DFD-43D979153A88}\""));
	ck_assert_ptr_nonnull(strstr(g.first, "\"event_id\": 27,"));
	ck_assert_ptr_nonnull(strstr(g.first,
	    "\"keywords\": \"0x8000000000000020\""));

	/* HTTP_Server: all 291 event 2 payloads end inside the Url. */
	memset(&g, 0, sizeof(g));
	S_read(MSTX "HTTP_Server.etl", &g);
	ck_assert_uint_eq(g.ev2, 291);
	ck_assert_uint_eq(g.ev2open, 291);
	/* Event 1 carries a related activity (an extended item), and
	   its payload follows the item. */
	ck_assert_ptr_nonnull(strstr(g.ext1, "\"RelatedActivityID\": \"{"));
	/* (a 0x98-byte record: 0x50 of header, an item of 8 + 16) */
	ck_assert_uint_eq(g.ext1len, 0x98 - 0x50 - 24);
	/* RequestObj, a pointer: the item's data begins with it too. */
	ck_assert_uint_eq(g.ext1u64, 0xff0000008000060dULL);
}
END_TEST

/* ------------------------------------------------------ identity, build */

START_TEST(test_guid_and_build)
{
	static const char *const paths[] = {
	    "/tmp/check_etl.b/Win7-7601/SystemEvents.man",
	    "/tmp/check_etl.b/caps/KernelNetwork.etl",
	    "/tmp/check_etl.b/caps/Process.etl",
	    "/tmp/check_etl.b/caps/WsRm01.etl", NULL };
	const char *const	*p;
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	struct got		 g;
	char			 cmd[1024];

	/* The manifest in a build of number 7601, the traces loose. */
	snprintf(cmd, sizeof(cmd), "rm -rf /tmp/check_etl.b && mkdir -p "
	    "/tmp/check_etl.b/Win7-7601 /tmp/check_etl.b/caps && cp %s "
	    "/tmp/check_etl.b/Win7-7601/", tu_shared("corpus/manifests/"
	    "microsoft-tx/SystemEvents.man"));
	ck_assert_int_eq(system(cmd), 0);
	for (p = paths + 1; *p != NULL; p++) {
		snprintf(cmd, sizeof(cmd), "cp %s%s /tmp/check_etl.b/caps/",
		    tu_shared(MSTX), strrchr(*p, '/') + 1);
		ck_assert_int_eq(system(cmd), 0);
	}

	/* Read alone: the provider is named by the catalog's GUID. */
	cat = tu_load(paths[0], NULL);
	memset(&g, 0, sizeof(g));
	S_readc(cat, "caps", paths[1], &g);
	ck_assert_str_eq(g.prov, "Microsoft-Windows-Kernel-Network");
	/* The file's build has no number: the trace's build 7601. */
	ck_assert_str_eq(g.build, "Win7-7601");
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "written by Windows 6.1 "
	    "build 7601, checked against build Win7-7601;"));
	/* Build 7600 is not loaded: the file's own build. */
	memset(&g, 0, sizeof(g));
	S_readc(cat, "caps", paths[2], &g);
	ck_assert_str_eq(g.build, "caps");
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "build 7600, checked "
	    "against build caps (no loaded build has its number)"));
	/* A build with a number (as -b gives) is kept. */
	memset(&g, 0, sizeof(g));
	S_readc(cat, "Win7-7600", paths[1], &g);
	ck_assert_str_eq(g.build, "Win7-7600");
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "build 7601, checked "
	    "against build Win7-7600 as given"));
	ecat_catalog_free(cat);

	/* Validated: every Kernel-Network and Kernel-Process event
	   matched by GUID and clean; WinRM has no schema. */
	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ecat_validate_defer(cat);
	for (p = paths; *p != NULL; p++)
		ecat_load_source(cat, *p, NULL);
	ecat_catalog_finish(cat);
	memset(&run, 0, sizeof(run));
	ck_assert_int_eq(ecat_validate(cat, &run), 0);
	ck_assert_uint_eq(run.nsamples, 8923 + 10343 + 70);
	ck_assert_uint_eq(run.nmatched, 8923 + 10343);
	ck_assert_uint_eq(run.nclean, 8923 + 10343);
	ck_assert_uint_eq(tu_diag_count_id("sample-unknown-provider"), 70);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "WsRm01.etl:2:72: "
	    "warning: no schema of the sample's provider: {A7975C8F-AC13-"
	    "49F1-87DA-5A984A4AB417}: no loaded build has a schema"));
	ecat_vrun_clear(&run);
	ecat_catalog_free(cat);
	ck_assert_int_eq(system("rm -rf /tmp/check_etl.b"), 0);
}
END_TEST

/* ------------------------------------------------------------ damage */

/* A copy of a shared capture, changed by fn, in a temporary file. */
static char *
S_copy(const char *rel, size_t (*fn)(unsigned char *, size_t))
{
	char		*tmp, *buf;
	size_t		 n;
	FILE		*f;
	int		 fd;

	ck_assert_ptr_nonnull(f = fopen(tu_shared(rel), "rb"));
	buf = ecat_malloc(32 << 20);
	n = fread(buf, 1, 32 << 20, f);
	fclose(f);
	n = fn((unsigned char *)buf, n);
	tmp = ecat_strdup("/tmp/check_etl.XXXXXX.etl");
	ck_assert_int_ne(fd = mkstemps(tmp, 4), -1);
	ck_assert_int_eq(write(fd, buf, n), (ssize_t)n);
	close(fd);
	free(buf);
	return tmp;
}

static void
S_put32(unsigned char *b, uint32_t v)
{
	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
}

/* KernelNetwork's buffers are 8 KiB: buffer 41 is at 0x50000. */
static size_t
S_cut(unsigned char *b, size_t n)
{
	(void)b;
	return n - 0x1000;
}

static size_t
S_bigsize(unsigned char *b, size_t n)
{
	S_put32(b + 0x50000, 0xffffff00);
	return n;
}

static size_t
S_zerosize(unsigned char *b, size_t n)
{
	S_put32(b + 0x50000, 0);
	return n;
}

static size_t
S_badmarker(unsigned char *b, size_t n)
{
	b[0x50048 + 3] = 0x11;
	return n;
}

static size_t
S_nologfile(unsigned char *b, size_t n)
{
	b[0x48 + 6] = 0x50;		/* hook id 0x50: not the header */
	return n;
}

/* net.4.5.2.x86.etl: buffer 20 (at 0x49622) is compressed. */
static size_t
S_badlz(unsigned char *b, size_t n)
{
	unsigned char	*h = b + 0x49622;
	uint32_t	 bs = (uint32_t)h[0] | (uint32_t)h[1] << 8 |
	    (uint32_t)h[2] << 16;

	ck_assert(h[0x34] & 0x40);
	memset(h + 0x48, 0, bs - 0x48);
	return n;
}

static size_t
S_badlzsize(unsigned char *b, size_t n)
{
	S_put32(b + 0x49622, 0x7fffffff);
	return n;
}

/*
 * HTTP_Server.etl: the first event 1 (with a related activity item),
 * at ext1at in buffer ext1buf (of a whole read): its item's size made
 * to run past the record.
 */
static uint32_t	 ext1buf, ext1at;

static size_t
S_badext(unsigned char *b, size_t n)
{
	unsigned char	*r;
	size_t		 off = 0;
	uint32_t	 i;

	for (i = 1; i < ext1buf; i++)
		off += (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 |
		    (uint32_t)b[off + 2] << 16 | (uint32_t)b[off + 3] << 24;
	r = b + off + ext1at;
	ck_assert_uint_eq(r[2], 0x13);
	ck_assert(r[4] & 1);
	r[0x50] = 0xf0;			/* item size 0xfff0 */
	r[0x51] = 0xff;
	return n;
}

static const struct {
	const char	*file;
	size_t		 (*fn)(unsigned char *, size_t);
	uint32_t	 lostbuf;	/* buffer whose records are lost */
	uint64_t	 lost;		/* else records lost */
	const char	*text;
} damage[] = {
	{ MSTX "KernelNetwork.etl", S_cut, 129, 0, "KernelNetwork-cut:129:0: "
	    "error: ETL file damaged: buffer at file offset 0x100000: "
	    "BufferSize 0x2000 runs past the end of the file (0x1000 bytes "
	    "left); no buffer header follows [sample-etl-damaged]" },
	{ MSTX "KernelNetwork.etl", S_bigsize, 41, 0, ":41:0: error: ETL file "
	    "damaged: buffer at file offset 0x50000: BufferSize 0xffffff00 is "
	    "more than the limit of 0x1000000; the next buffer header found "
	    "is at 0x52000 [sample-etl-damaged]" },
	{ MSTX "KernelNetwork.etl", S_zerosize, 41, 0, ":41:0: error: ETL "
	    "file damaged: buffer at file offset 0x50000: BufferSize is 0 but "
	    "more buffers follow; the next buffer header found is at 0x52000" },
	{ MSTX "KernelNetwork.etl", S_badmarker, 41, 0, ":41:72: error: ETL "
	    "file damaged: record at buffer offset 0x48 (buffer at file "
	    "offset 0x50000): no trace header marker; the rest of the buffer "
	    "is skipped" },
	{ MSTX "KernelNetwork.etl", S_nologfile, 0, 0, ":1:72: error: ETL "
	    "file damaged: the file's first record is not a logfile header "
	    "(kind system 64-bit, hook id 0x50, 498 bytes); the writer's build "
	    "and clock are unknown" },
	{ PERF "net.4.5.2.x86.etl", S_badlz, 20, 0, ":20:0: error: ETL file "
	    "damaged: compressed buffer at file offset 0x49622: its 0x45e1 "
	    "bytes of LZ77 do not decompress to the 0xffa0 bytes its filled "
	    "offset says; skipped" },
	{ PERF "net.4.5.2.x86.etl", S_badlzsize, 20, 0, ":20:0: error: ETL "
	    "file damaged: buffer at file offset 0x49622: BufferSize "
	    "0x7fffffff is more than the limit of 0x1000000; the next buffer "
	    "header found is at 0x4dc4b" },
	{ MSTX "HTTP_Server.etl", S_badext, 0, 1, ":2:328: error: ETL file "
	    "damaged: record at buffer offset 0x148: extended data item 1 at "
	    "record offset 0x50 does not fit its record; record skipped" },
};

START_TEST(test_damage)
{
	struct got	 whole, g;
	char		*tmp, want[512];
	const char	*text;

	memset(&whole, 0, sizeof(whole));
	S_read(damage[_i].file, &whole);
	ext1buf = whole.ext1buf;
	ext1at = whole.ext1at;
	tmp = S_copy(damage[_i].file, damage[_i].fn);
	memset(&g, 0, sizeof(g));
	S_read(tmp, &g);
	ck_assert_int_eq(g.rc, 0);
	/* Reported once, with the buffer and its file offset. */
	text = tu_diag_text();
	snprintf(want, sizeof(want), "%s", damage[_i].text);
	if (strncmp(want, "KernelNetwork-cut", 17) == 0)
		snprintf(want, sizeof(want), "%s%s", tmp, damage[_i].text + 17);
	ck_assert_msg(strstr(text, want) != NULL, "%s: no\n%s\nin\n%s",
	    damage[_i].file, want, text);
	ck_assert_msg(tu_diag_count_id("sample-etl-damaged") == 1, "%s: %s",
	    damage[_i].file, text);
	ck_assert_uint_eq(g.st.ndamaged, 1);
	/* Every record of the other buffers kept. */
	ck_assert_uint_eq(g.n, whole.n - (damage[_i].lostbuf != 0 ?
	    whole.perbuf[damage[_i].lostbuf] : damage[_i].lost));
	if (damage[_i].lostbuf != 0)
		ck_assert_uint_gt(whole.perbuf[damage[_i].lostbuf], 0);
	if (damage[_i].fn == S_nologfile)
		ck_assert_uint_eq(g.st.build, 0);
	unlink(tmp);
	free(tmp);
}
END_TEST

/*
 * The limit of 64 extended items: KernelNetwork's header buffer, then
 * a buffer of one EVENT_HEADER record with n empty items (each an
 * 8-byte head, linked to the next).  Returns the records read.
 */
static uint64_t
S_items(uint32_t n)
{
	unsigned char	*b;
	unsigned char	*r;
	char		 tmp[] = "/tmp/check_etl.XXXXXX.etl";
	struct got	 g;
	FILE		*f;
	uint32_t	 i, size = 0x50 + 8 * n + 4;
	int		 fd;

	b = ecat_calloc(1, 0x4000);
	ck_assert_ptr_nonnull(f = fopen(tu_shared(MSTX "KernelNetwork.etl"),
	    "rb"));
	ck_assert_uint_eq(fread(b, 1, 0x2000, f), 0x2000);
	fclose(f);
	memcpy(b + 0x2000, b, 0x48);		/* a header like it */
	S_put32(b + 0x2000 + 0x30, 0x48 + ((size + 7) & ~7U));
	b[0x2000 + 0x36] = 0;			/* an ordinary buffer */
	r = b + 0x2048;
	r[0] = (unsigned char)size;
	r[1] = (unsigned char)(size >> 8);
	r[2] = 0x13;
	r[3] = 0xc0;
	r[4] = 1;				/* extended items */
	for (i = 0; i < n; i++) {
		r[0x50 + 8 * i] = 8;
		r[0x50 + 8 * i + 4] = i + 1 < n;
	}
	ck_assert_int_ne(fd = mkstemps(tmp, 4), -1);
	ck_assert_int_eq(write(fd, b, 0x4000), 0x4000);
	close(fd);
	free(b);
	memset(&g, 0, sizeof(g));
	S_read(tmp, &g);
	unlink(tmp);
	ck_assert_uint_eq(g.st.nkind[ECAT_ETL_EVENT64], 1);
	if (g.n == 1)
		ck_assert_uint_eq(g.st.nextitems, n);
	return g.n;
}

START_TEST(test_ext_limit)
{
	ck_assert_uint_eq(S_items(64), 1);
	ck_assert_uint_eq(tu_diag_count_id("sample-etl-damaged"), 0);
	ck_assert_uint_eq(S_items(65), 0);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), ":2:72: error: ETL file "
	    "damaged: record at buffer offset 0x48: extended data item 65 at "
	    "record offset 0x250 is past the limit of 64 items; record "
	    "skipped"));
}
END_TEST

/*
 * A compressed buffer may expand at most 1024 times: KernelNetwork's
 * header buffer, then one of 8 bytes of LZ77 said to fill out bytes.
 */
static void
S_ratio(uint32_t out)
{
	unsigned char	 b[0x2000 + 0x48 + 8];
	char		 tmp[] = "/tmp/check_etl.XXXXXX.etl";
	struct got	 g;
	FILE		*f;
	int		 fd;

	memset(b, 0, sizeof(b));
	ck_assert_ptr_nonnull(f = fopen(tu_shared(MSTX "KernelNetwork.etl"),
	    "rb"));
	ck_assert_uint_eq(fread(b, 1, 0x2000, f), 0x2000);
	fclose(f);
	memcpy(b + 0x2000, b, 0x48);
	S_put32(b + 0x2000, 0x48 + 8);
	S_put32(b + 0x2000 + 0x30, 0x48 + out);
	b[0x2000 + 0x34] = 0x40;		/* compressed */
	memset(b + 0x2048, 0xff, 8);
	ck_assert_int_ne(fd = mkstemps(tmp, 4), -1);
	ck_assert_int_eq(write(fd, b, sizeof(b)), (ssize_t)sizeof(b));
	close(fd);
	memset(&g, 0, sizeof(g));
	S_read(tmp, &g);
	unlink(tmp);
	ck_assert_uint_eq(g.st.nbuffers, 2);
	ck_assert_uint_eq(tu_diag_count_id("sample-etl-damaged"), 1);
}

START_TEST(test_ratio)
{
	S_ratio(8 * 1024);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), ":2:0: error: ETL file "
	    "damaged: compressed buffer at file offset 0x2000: its 0x8 bytes "
	    "of LZ77 do not decompress to the 0x2000 bytes"));
	S_ratio(8 * 1024 + 1);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), ":2:0: error: ETL file "
	    "damaged: compressed buffer at file offset 0x2000: its 0x8 bytes "
	    "of LZ77 would expand to 0x2001, more than 1024 times; skipped"));
}
END_TEST

/* An empty .etl file, or one of zeros, is damage: nothing was read. */
START_TEST(test_empty)
{
	char		 tmp[] = "/tmp/check_etl.XXXXXX.etl";
	struct got	 g;
	char		 zeros[0x3000];
	size_t		 n[] = { 0, 0x20, sizeof(zeros) };
	size_t		 i;
	int		 fd;

	memset(zeros, 0, sizeof(zeros));
	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		ck_assert_int_ne(fd = mkstemps(tmp, 4), -1);
		ck_assert_int_eq(write(fd, zeros, n[i]), (ssize_t)n[i]);
		close(fd);
		memset(&g, 0, sizeof(g));
		S_read(tmp, &g);
		unlink(tmp);
		memcpy(tmp + strlen(tmp) - 10, "XXXXXX", 6);
		ck_assert_int_eq(g.rc, 0);
		ck_assert_uint_eq(g.n, 0);
		ck_assert_uint_eq(tu_diag_count_id("sample-etl-damaged"), 1);
		ck_assert_ptr_nonnull(strstr(tu_diag_text(), ":0:0: error: "
		    "ETL file damaged: no buffer holds a record (an empty "
		    "file, or zeros only): not a trace"));
	}
}
END_TEST

/* The reader is chosen by name: an .etl file is no JSON or EVTX. */
START_TEST(test_claims)
{
	ck_assert_ptr_eq(ecat_reader_find("x/KernelNetwork.etl"),
	    &ecat_reader_etl);
	ck_assert_ptr_ne(ecat_reader_find("x/KernelNetwork.etl.json"),
	    &ecat_reader_etl);
	ck_assert_ptr_ne(ecat_reader_find("-"), &ecat_reader_etl);
}
END_TEST

static Suite *
S_suite(void)
{
	Suite	*s = suite_create("etl");
	TCase	*tc = tcase_create("etl");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_files, 0,
	    sizeof(files) / sizeof(files[0]));
	tcase_add_test(tc, test_payloads);
	tcase_add_test(tc, test_guid_and_build);
	tcase_add_loop_test(tc, test_damage, 0,
	    sizeof(damage) / sizeof(damage[0]));
	tcase_add_test(tc, test_ext_limit);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_ratio);
	tcase_add_test(tc, test_claims);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(S_suite());
}
