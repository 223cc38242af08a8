/*
 * etl.c: the ETL sample reader (reader.h): captured events in the
 * .etl files an ETW trace session writes (logman, xperf, WPR, tracelog,
 * PerfView), the only way to capture analytic and debug channels.
 *
 * Why a reader of etwcat's own: nothing in Debian reads ETL files.  The
 * layout is summed up in docs/capture-formats.md ("ETL"), from public
 * descriptions of the buffer and trace headers and of EVENT_HEADER and
 * TRACE_LOGFILE_HEADER; no code of another project.  Compressed
 * buffers (WPR, merged traces) hold MS-XCA plain LZ77, which Debian's
 * libfwnt decodes (libfwnt_lzxpress_decompress).
 *
 * The file: buffers one after another, each a 0x48-byte header (its
 * size on disk at +0, the filled offset at +0x30, flag 0x40 at +0x34
 * for a compressed one, whose bytes after the header decompress to
 * filled - 0x48 bytes) and records from +0x48 up to the filled offset,
 * each on an 8-byte boundary.  Byte +2 of a record is its header type,
 * which gives its kind, fixed header size and where its size is;
 * byte +3 holds the marker bits 0xC0.  The first record of the first
 * buffer is the logfile header: pointer size, clock, start time and
 * the Windows build that wrote the file.  One buffer is read (pread:
 * a regular file; standard input is never an .etl file, having no
 * name or magic) and decompressed at a time, and its records handed
 * on one per call of next, so memory is one buffer.
 *
 * Records: each EVENT_HEADER record (the manifest, EventSource and
 * TraceLogging providers') becomes a struct ecat_sample: the provider
 * by GUID (named by the catalog's provider of that GUID when there is
 * one, else the GUID itself), the descriptor's numbers, and the raw
 * payload (sample.h: payload, binary), 32- or 64-bit by its own header
 * type, whatever the logfile header says (a 64-bit session holds the
 * 32-bit records of WOW64 processes).  The other kinds (classic,
 * system, perfinfo records) have no manifest event: they are counted,
 * and one note per file (sample-etl-records) gives the counts.
 *
 * The build: a capture is checked against the build that wrote it
 * when the file's own build (-b, or its folder's name) has no build
 * number and the catalog has a build of that number; else against the
 * file's build, and the note says so.
 *
 * Damage (sample-etl-damaged, with the buffer's number and file
 * offset): a bad buffer header is skipped by looking for the next
 * buffer header that checks out, a compressed buffer that does not
 * decompress (or would expand past S_MAX_RATIO) or a bad record header
 * ends its buffer, extended data items that do not fit their record
 * skip that record, and a file with no record at all is damage too,
 * so that nothing read never passes for nothing wrong.  Where:
 * a record's location is the file, its buffer (counted from 1) as the
 * line and its offset in the (decompressed) buffer as the column.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libfwnt.h>

#include "etl.h"
#include "io.h"
#include "load.h"
#include "model.h"
#include "reader.h"
#include "sample.h"

#define S_BUFHDR	0x48
/*
 * Largest buffer, on disk and decompressed: a session's buffers are at
 * most 1 MiB in the shared captures (BondEtwSample.etl), and ETW caps a
 * session's buffer size far below this.
 */
#define S_MAX_BUFFER	(16UL * 1024 * 1024)
/* Most events handed on from one file: the other readers' bound. */
#define S_MAX_EVENTS	(1024UL * 1024)
/*
 * Most a compressed buffer may expand: filled - 0x48 at most this many
 * times its compressed bytes.  Plain LZ77 can expand a few bytes to
 * megabytes; the captures' buffers expand at most 13.3 times (net.4.5.2.
 * x86.etl), so a real trace is far inside, and a hostile one costs at
 * most this many times its size to decompress.
 */
#define S_MAX_RATIO	1024
/*
 * Most bytes decompressed per file while looking for the next buffer
 * header after damage (each compressed candidate is decompressed to
 * tell it from bytes inside a buffer); past it, only uncompressed
 * buffers are found.  A real trace needs one candidate per damage.
 */
#define S_MAX_PROBE	(64UL * 1024 * 1024)
/* Most extended data items in one record (the captures have 2). */
#define S_MAX_EXT	64
/* Bytes scanned at a time when looking for the next buffer header. */
#define S_SCAN		(1024 * 1024)

/* The EVENT_HEADER record's fixed part and the logfile header's. */
#define S_EVHDR		0x50
#define S_SYSHDR	0x20

/* The record's values the JSON shape has beyond struct ecat_sample's. */
struct extra {
	uint32_t	 pid, tid;
	uint64_t	 ts, keywords;
	uint8_t		 activity[16], related[16];
	int		 hasrelated;
};

struct gname {
	uint8_t		 g[16];
	const char	*name;
	const char	*text;
};

struct ectx {
	struct ecat_catalog	*cat;
	struct ecat_build	*b;		/* the file's */
	struct ecat_build	*rb;		/* the records' */
	const char		*file;
	unsigned		 flags;
	int			 fd;
	uint64_t		 size;		/* of the file */
	uint64_t		 nbytes;
	int			 state;		/* S_* below */
	uint64_t		 off;		/* the next buffer's */
	uint64_t		 bufoff;	/* the current buffer's */
	uint32_t		 bufno;		/* counted from 1 */
	uint8_t			*raw;		/* a compressed buffer's LZ77 */
	uint8_t			*buf;		/* header + records */
	size_t			 rawcap, bufcap;
	uint32_t		 pos, end;	/* next record, filled */
	int			 first;		/* the file's first record */
	uint64_t		 probed;	/* S_MAX_PROBE */
	/* the logfile header's clock */
	uint64_t		 t0, freq;
	/* GUIDs seen: the provider name of each */
	struct gname		*names;
	size_t			 nnames;
	struct ecat_etl_stats	 st;
	struct ecat_sample	 rec;
	struct extra		 ex;
	struct ecat_svalue	 nums[7];
	char			 numtext[7][24];
};

enum { S_START, S_BUFFER, S_RECORDS, S_SUMMARY, S_END };

/* ------------------------------------------------------------ bytes */

static uint16_t
S_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
S_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
S_u64(const uint8_t *p)
{
	return (uint64_t)S_u32(p) | (uint64_t)S_u32(p + 4) << 32;
}

/* --------------------------------------------------------- reporting */

static void	S_damaged(struct ectx *, uint32_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Damage at offset at of the current buffer (0: the buffer itself),
 * unless ECAT_SR_QUIET.
 */
static void
S_damaged(struct ectx *c, uint32_t at, const char *fmt, ...)
{
	struct ecat_loc		 loc;
	struct ecat_msgctx	 ctx;
	va_list			 ap;

	c->st.ndamaged++;
	if (c->flags & ECAT_SR_QUIET)
		return;
	loc.file = c->file;
	loc.line = c->bufno;
	loc.col = at;
	memset(&ctx, 0, sizeof(ctx));
	ctx.build = ecat_build_known(c->b);
	ctx.event_id = -1;
	ctx.version = -1;
	va_start(ap, fmt);
	ecat_vmsgx(c->cat->diag, ECAT_MSG_SAMPLE_ETL_DAMAGED, &loc, &ctx, fmt,
	    ap);
	va_end(ap);
}

/* ------------------------------------------------------------ kinds */

static const struct {
	uint8_t		 type;		/* byte +2 */
	uint8_t		 fixed;		/* fixed header size */
	uint8_t		 sizeat;	/* where the u16 record size is */
	const char	*name;
} kinds[ECAT_ETL__KINDS] = {
	[ECAT_ETL_SYSTEM32] = { 0x01, 0x20, 4, "system 32-bit" },
	[ECAT_ETL_SYSTEM64] = { 0x02, 0x20, 4, "system 64-bit" },
	[ECAT_ETL_COMPACT32] = { 0x03, 0x18, 4, "compact system 32-bit" },
	[ECAT_ETL_COMPACT64] = { 0x04, 0x18, 4, "compact system 64-bit" },
	[ECAT_ETL_PERFINFO32] = { 0x10, 0x10, 4, "perfinfo 32-bit" },
	[ECAT_ETL_PERFINFO64] = { 0x11, 0x10, 4, "perfinfo 64-bit" },
	[ECAT_ETL_EVENT32] = { 0x12, 0x50, 0, "EVENT_HEADER 32-bit" },
	[ECAT_ETL_EVENT64] = { 0x13, 0x50, 0, "EVENT_HEADER 64-bit" },
	[ECAT_ETL_FULL32] = { 0x0a, 0x30, 0, "classic 32-bit" },
	[ECAT_ETL_FULL64] = { 0x14, 0x30, 0, "classic 64-bit" },
	[ECAT_ETL_INSTANCE32] = { 0x0b, 0x48, 0, "classic instance 32-bit" },
	[ECAT_ETL_INSTANCE64] = { 0x15, 0x48, 0, "classic instance 64-bit" },
};

/* The kind of header type t, or -1. */
static int
S_kind(uint8_t t)
{
	int	 k;

	for (k = 0; k < ECAT_ETL__KINDS; k++)
		if (kinds[k].type == t)
			return k;
	return -1;
}

/* ---------------------------------------------------------- buffers */

/* Read n bytes at off: 0, or -1 (a read error, reported). */
static int
S_pread(struct ectx *c, uint8_t *p, size_t n, uint64_t off)
{
	struct ecat_loc	 loc = { c->file, 0, 0 };
	size_t		 got = 0;
	ssize_t		 r;

	while (got < n) {
		r = pread(c->fd, p + got, n - got, (off_t)(off + got));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			ecat_msg(c->cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
			    strerror(errno));
			c->state = S_END;
			return -1;
		}
		got += (size_t)r;
	}
	c->nbytes += n;
	return 0;
}

/* Does a trace header begin at r?  (Marker bits and a known type.) */
static int
S_tracehdr(const uint8_t *r)
{
	return (r[3] & 0xc0) == 0xc0 && S_kind(r[2]) != -1;
}

/* *p holds at least n bytes (*cap now). */
static uint8_t *
S_room(uint8_t **p, size_t *cap, size_t n)
{
	if (n > *cap) {
		*p = ecat_realloc(*p, n);
		*cap = n;
	}
	return *p;
}

/*
 * Does the LZ77 of the compressed buffer at file offset off (bs bytes
 * on disk, filled once decompressed) decompress to its size into
 * c->buf?  1 or 0 (-1: a read error, reported).
 */
static int
S_decompress(struct ectx *c, uint64_t off, uint32_t bs, uint32_t filled)
{
	libfwnt_error_t	*err = NULL;
	size_t		 out = filled - S_BUFHDR;

	S_room(&c->raw, &c->rawcap, bs - S_BUFHDR);
	S_room(&c->buf, &c->bufcap, filled);
	if (S_pread(c, c->raw, bs - S_BUFHDR, off + S_BUFHDR) == -1)
		return -1;
	if (libfwnt_lzxpress_decompress(c->raw, bs - S_BUFHDR,
	    c->buf + S_BUFHDR, &out, &err) != 1 || out != filled - S_BUFHDR) {
		libfwnt_error_free(&err);
		return 0;
	}
	return 1;
}

/*
 * Could a buffer header begin at h (avail bytes there, at file offset
 * off)?  The walk's tests, the values the header's flags, type, state
 * and alignment take in the shared captures, and that the first record
 * begins as a trace header does (for a compressed buffer, once
 * decompressed): a buffer is looked for with it after damage, so it
 * must not take bytes inside a buffer.
 */
static int
S_plausible(struct ectx *c, const uint8_t *h, size_t avail, uint64_t off)
{
	uint32_t	 bs, filled;
	uint8_t		 al;

	if (avail < S_BUFHDR + 4)
		return 0;
	bs = S_u32(h);
	filled = S_u32(h + 0x30);
	al = h[0x29];
	if (bs <= S_BUFHDR || bs > S_MAX_BUFFER || bs > c->size - off ||
	    filled < S_BUFHDR || filled > S_MAX_BUFFER ||
	    S_u32(h + 0x2c) > 7 || (S_u16(h + 0x34) & 0xff00) != 0 ||
	    S_u16(h + 0x36) > 0x10 || (al & (al - 1)) != 0 || al > 64)
		return 0;
	if (!(S_u16(h + 0x34) & 0x40))
		return filled <= bs && (filled == S_BUFHDR ||
		    S_tracehdr(h + S_BUFHDR));
	if (filled - S_BUFHDR < 4 || (uint64_t)(filled - S_BUFHDR) >
	    (uint64_t)(bs - S_BUFHDR) * S_MAX_RATIO ||
	    c->probed + filled > S_MAX_PROBE)
		return 0;
	c->probed += filled;
	return S_decompress(c, off, bs, filled) == 1 &&
	    S_tracehdr(c->buf + S_BUFHDR);
}

/*
 * The offset of the next buffer header at or after from, or c->size
 * when there is none.  Linear in the bytes scanned.
 */
static uint64_t
S_resync(struct ectx *c, uint64_t from)
{
	uint8_t		*w;
	uint64_t	 at;
	size_t		 n, i;

	if (from >= c->size)
		return c->size;
	w = ecat_malloc(c->size - from < S_SCAN + S_BUFHDR + 4 ?
	    (size_t)(c->size - from) : S_SCAN + S_BUFHDR + 4);
	for (at = from; at + S_BUFHDR + 4 <= c->size; at += S_SCAN) {
		n = c->size - at < S_SCAN + S_BUFHDR + 4 ?
		    (size_t)(c->size - at) : S_SCAN + S_BUFHDR + 4;
		if (S_pread(c, w, n, at) == -1)
			break;
		for (i = 0; i < S_SCAN && i + S_BUFHDR + 4 <= n; i++)
			if (S_u32(w + i) != 0 &&
			    S_plausible(c, w + i, n - i, at + i)) {
				free(w);
				return at + i;
			}
	}
	free(w);
	return c->size;
}

/*
 * After a bad buffer header at c->bufoff: go on at the next buffer
 * header found, saying where (why is the caller's text).
 */
static void
S_skip(struct ectx *c, const char *why)
{
	uint64_t	 next;

	next = S_resync(c, c->bufoff + 1);
	if (c->state == S_END)
		return;
	if (next < c->size)
		S_damaged(c, 0, "buffer at file offset 0x%" PRIx64 ": %s; "
		    "the next buffer header found is at 0x%" PRIx64, c->bufoff,
		    why, next);
	else
		S_damaged(c, 0, "buffer at file offset 0x%" PRIx64 ": %s; no "
		    "buffer header follows", c->bufoff, why);
	c->off = next;
}

/* Are the n bytes at off zeros?  (The end of a preallocated file.) */
static int
S_zeros(struct ectx *c, uint64_t off)
{
	uint8_t		*w;
	size_t		 n, i;
	int		 z = 1;

	if (off >= c->size)
		return 1;
	w = ecat_malloc(c->size - off < S_SCAN ? (size_t)(c->size - off) :
	    S_SCAN);
	for (; z && off < c->size; off += n) {
		n = c->size - off < S_SCAN ? (size_t)(c->size - off) : S_SCAN;
		if (S_pread(c, w, n, off) == -1)
			break;
		for (i = 0; i < n && z; i++)
			z = w[i] == 0;
	}
	free(w);
	return z;
}

/*
 * The next buffer into c->buf.  Returns 1 when its records are to be
 * read, 0 when it was skipped or the file ended (c->state says which),
 * -1 on a read error.
 */
static int
S_buffer(struct ectx *c)
{
	uint8_t		*h = c->buf;
	uint32_t	 bs, filled;
	uint64_t	 left;
	char		 why[160];
	int		 rc;

	if (c->off >= c->size || c->size - c->off < S_BUFHDR) {
		if (c->off < c->size && !S_zeros(c, c->off)) {
			c->bufno++;
			c->bufoff = c->off;
			S_damaged(c, 0, "the %" PRIu64 " bytes at file offset "
			    "0x%" PRIx64 " are too few for a buffer header; "
			    "the file is cut short", c->size - c->off,
			    c->off);
		}
		c->state = c->state == S_END ? S_END : S_SUMMARY;
		return c->state == S_END ? -1 : 0;
	}
	c->bufoff = c->off;
	if (S_pread(c, h, S_BUFHDR, c->off) == -1)
		return -1;
	bs = S_u32(h);
	filled = S_u32(h + 0x30);
	left = c->size - c->off;
	if (bs == 0) {
		/* The end, unless a buffer follows (then it is damage). */
		if (S_resync(c, c->off + 1) >= c->size) {
			c->state = c->state == S_END ? S_END : S_SUMMARY;
			return c->state == S_END ? -1 : 0;
		}
		c->bufno++;
		c->st.nbuffers++;
		S_skip(c, "BufferSize is 0 but more buffers follow");
		return c->state == S_END ? -1 : 0;
	}
	c->bufno++;
	c->st.nbuffers++;
	why[0] = '\0';
	if (bs <= S_BUFHDR)
		snprintf(why, sizeof(why), "BufferSize 0x%x is not more than "
		    "its header's 0x48 bytes", bs);
	else if (bs > S_MAX_BUFFER)
		snprintf(why, sizeof(why), "BufferSize 0x%x is more than the "
		    "limit of 0x%lx", bs, S_MAX_BUFFER);
	else if (bs > left)
		snprintf(why, sizeof(why), "BufferSize 0x%x runs past the end "
		    "of the file (0x%" PRIx64 " bytes left)", bs, left);
	else if (filled < S_BUFHDR || filled > S_MAX_BUFFER ||
	    (!(S_u16(h + 0x34) & 0x40) && filled > bs))
		snprintf(why, sizeof(why), "filled offset 0x%x is outside the "
		    "buffer (BufferSize 0x%x)", filled, bs);
	if (why[0] != '\0') {
		S_skip(c, why);
		return c->state == S_END ? -1 : 0;
	}
	c->off += bs;
	h = S_room(&c->buf, &c->bufcap, filled);
	if (!(S_u16(h + 0x34) & 0x40)) {
		if (S_pread(c, h + S_BUFHDR, filled - S_BUFHDR,
		    c->bufoff + S_BUFHDR) == -1)
			return -1;
	} else {
		c->st.ncompressed++;
		if ((uint64_t)(filled - S_BUFHDR) > (uint64_t)(bs - S_BUFHDR) *
		    S_MAX_RATIO) {
			S_damaged(c, 0, "compressed buffer at file offset 0x%"
			    PRIx64 ": its 0x%x bytes of LZ77 would expand to "
			    "0x%x, more than %d times; skipped", c->bufoff,
			    bs - S_BUFHDR, filled - S_BUFHDR, S_MAX_RATIO);
			return 0;
		}
		if ((rc = S_decompress(c, c->bufoff, bs, filled)) == -1)
			return -1;
		if (rc == 0) {
			S_damaged(c, 0, "compressed buffer at file offset 0x%"
			    PRIx64 ": its 0x%x bytes of LZ77 do not decompress "
			    "to the 0x%x bytes its filled offset says; skipped",
			    c->bufoff, bs - S_BUFHDR, filled - S_BUFHDR);
			return 0;
		}
		c->st.decompressed += filled - S_BUFHDR;
	}
	c->pos = S_BUFHDR;
	c->end = filled;
	c->state = S_RECORDS;
	return 1;
}

/* ---------------------------------------------------------- records */

/*
 * The calendar date of FILETIME ft as text ("2012-06-19T20:33:53.
 * 0140000Z", as EVTX's SystemTime), into out.
 */
static void
S_filetime(uint64_t ft, char *out, size_t n)
{
	struct tm	 tm;
	time_t		 t;

	/* 1601-01-01 to 1970-01-01: 11644473600 seconds. */
	t = (time_t)(ft / 10000000) - (time_t)11644473600LL;
	if (ft / 10000000 < 11644473600ULL || gmtime_r(&t, &tm) == NULL) {
		snprintf(out, n, "%" PRIu64, ft);
		return;
	}
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d.%07uZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (unsigned)(ft % 10000000));
}

/* A GUID (u32, u16, u16, 8 bytes) as Windows renders it, into 39 bytes. */
static void
S_guid(const uint8_t *g, char *out)
{
	snprintf(out, 39, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
	    S_u32(g), S_u16(g + 4), S_u16(g + 6), g[8], g[9], g[10], g[11],
	    g[12], g[13], g[14], g[15]);
}

/* Does some provider of p's name have a schema in build b? */
static int
S_hasschemas(const struct ecat_catalog *cat, const struct ecat_build *b)
{
	uint32_t	 i, j;

	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i]->nschemas; j++)
			if (cat->providers[i]->schemas[j]->build == b)
				return 1;
	return 0;
}

/*
 * The build the records are checked against, from the logfile
 * header's build number n (the file comment says when).
 */
static struct ecat_build *
S_pickbuild(struct ectx *c, uint32_t n)
{
	struct ecat_build	*b, *pick = NULL;
	uint32_t		 i;

	if (n == 0 || c->b->build_number != 0)
		return c->b;
	for (i = 0; i < c->cat->nbuilds; i++) {
		b = c->cat->builds[i];
		if (b->build_number != n)
			continue;
		if (pick == NULL || (!S_hasschemas(c->cat, pick) &&
		    S_hasschemas(c->cat, b)))
			pick = b;
	}
	return pick != NULL ? pick : c->b;
}

/*
 * The logfile header: the first record of the file, a system record of
 * hook id 0 (k its kind, size its size).  Returns 0, or -1 when it is
 * not one (reported).
 */
static int
S_logfile(struct ectx *c, const uint8_t *r, int k, uint32_t at,
    uint32_t size)
{
	const uint8_t	*l = r + S_SYSHDR;
	int		 p4 = k == ECAT_ETL_SYSTEM32;
	uint32_t	 need = S_SYSHDR + (p4 ? 0x110 : 0x118);

	if ((k != ECAT_ETL_SYSTEM32 && k != ECAT_ETL_SYSTEM64) ||
	    S_u16(r + 6) != 0 || size < need) {
		S_damaged(c, at, "the file's first record is not a "
		    "logfile header (kind %s, hook id 0x%x, %u bytes); the "
		    "writer's build and clock are unknown", kinds[k].name,
		    S_u16(r + 6), size);
		return -1;
	}
	c->st.osmajor = l[4];
	c->st.osminor = l[5];
	c->st.build = S_u32(l + 8);
	c->st.ncpus = S_u32(l + 0xc);
	c->st.ptrsize = S_u32(l + 0x2c);
	c->freq = S_u64(l + (p4 ? 0xf8 : 0x100));
	c->st.start = S_u64(l + (p4 ? 0x100 : 0x108));
	c->st.clock = S_u32(l + (p4 ? 0x108 : 0x110));
	c->t0 = S_u64(r + 0x10);
	c->rb = S_pickbuild(c, c->st.build);
	return 0;
}

/* The provider name of GUID g: the catalog's provider of that GUID
   (one with schemas first), else the GUID's text. */
static void
S_provider(struct ectx *c, const uint8_t *g, const char **name,
    const char **text)
{
	struct ecat_provider	*p, *pick = NULL;
	struct gname		*e;
	char			 t[39], low[39];
	size_t			 i;

	for (i = 0; i < c->nnames; i++)
		if (memcmp(c->names[i].g, g, 16) == 0) {
			*name = c->names[i].name;
			*text = c->names[i].text;
			return;
		}
	S_guid(g, t);
	for (i = 0; i < 39; i++)
		low[i] = (char)(t[i] >= 'A' && t[i] <= 'F' ? t[i] + 32 : t[i]);
	for (i = 0; i < c->cat->nproviders; i++) {
		p = c->cat->providers[i];
		if (p->guid != NULL && strcmp(p->guid, low) == 0 &&
		    (pick == NULL || (pick->nschemas == 0 && p->nschemas > 0)))
			pick = p;
	}
	c->names = ecat_reallocarray(c->names, c->nnames + 1,
	    sizeof(*c->names));
	e = &c->names[c->nnames++];
	memcpy(e->g, g, 16);
	e->text = ecat_str(c->cat, t);
	e->name = pick != NULL ? pick->name : e->text;
	*name = e->name;
	*text = e->text;
}

/* A number value (the JSON reader's ECAT_SV_INT) in slot i. */
static void
S_num(struct ectx *c, int i, uint64_t n, struct ecat_svalue *v)
{
	snprintf(c->numtext[i], sizeof(c->numtext[i]), "%" PRIu64, n);
	memset(v, 0, sizeof(*v));
	v->kind = ECAT_SV_INT;
	v->s = c->numtext[i];
	v->len = strlen(v->s);
	v->big = n > INT64_MAX;
	v->i = (int64_t)(n > INT64_MAX ? 0 : n);
	v->d = (double)n;
}

/*
 * The EVENT_HEADER record at r (buffer offset at, size bytes, kind k)
 * into c->rec.  Returns 1, or 0 when its extended data items do not
 * fit (reported).
 */
static int
S_event(struct ectx *c, const uint8_t *r, int k, uint32_t at, uint32_t size)
{
	struct ecat_sample	*s = &c->rec;
	struct extra		*x = &c->ex;
	uint32_t		 q = S_EVHDR, isz, dsz, n = 0;
	uint16_t		 type, link;
	const char		*name, *text;

	memset(x, 0, sizeof(*x));
	if (S_u16(r + 4) & 0x0001) {
		do {
			if (++n > S_MAX_EXT || size - q < 8 ||
			    (isz = S_u16(r + q)) < 8 || isz > size - q ||
			    (dsz = S_u16(r + q + 6)) > isz - 8) {
				S_damaged(c, at, "record at buffer offset "
				    "0x%x: extended data item %u at record "
				    "offset 0x%x %s; record skipped", at,
				    n, q, n > S_MAX_EXT ? "is past the limit "
				    "of 64 items" : "does not fit its record");
				return 0;
			}
			type = S_u16(r + q + 2);
			link = S_u16(r + q + 4);
			if (type == 0x0001 && dsz >= 16) {
				memcpy(x->related, r + q + 8, 16);
				x->hasrelated = 1;
			}
			q += isz;
		} while (link & 1);
		c->st.nextrecords++;
		c->st.nextitems += n;
	}
	memset(s, 0, sizeof(*s));
	s->loc.file = c->file;
	s->loc.line = c->bufno;
	s->loc.col = at;
	s->path = "";
	s->build = c->rb;
	s->textindex = -1;
	s->impl = x;
	s->reader = &ecat_reader_etl;
	S_provider(c, r + 0x18, &name, &text);
	s->provider = name;
	s->guid = text;
	s->sys_guid.kind = ECAT_SV_STRING;
	s->sys_guid.s = text;
	s->sys_guid.len = 38;
	s->event_id = S_u16(r + 0x28);
	s->version = r[0x2a];
	S_num(c, 0, s->event_id, &s->sys_event_id);
	S_num(c, 1, s->version, &s->sys_version);
	S_num(c, 2, r[0x2b], &s->channel);
	S_num(c, 3, r[0x2c], &s->level);
	S_num(c, 4, r[0x2d], &s->opcode);
	S_num(c, 5, S_u16(r + 0x2e), &s->task);
	S_num(c, 6, S_u64(r + 0x30), &s->keywords);
	x->tid = S_u32(r + 8);
	x->pid = S_u32(r + 0xc);
	x->ts = S_u64(r + 0x10);
	x->keywords = S_u64(r + 0x30);
	memcpy(x->activity, r + 0x40, 16);
	s->payload = r + q;
	s->payload_len = size - q;
	s->ptrsize = k == ECAT_ETL_EVENT32 ? 4 : 8;
	s->binary = 1;
	return 1;
}

/*
 * The next EVENT_HEADER record of the buffer into c->rec, counting and
 * stepping over the others.  Returns 1, or 0 when the buffer has no
 * more (then the state moves on).
 */
static int
S_record(struct ectx *c)
{
	const uint8_t	*r;
	uint32_t	 size, left, at, next;
	int		 k;

	for (;;) {
		at = c->pos;
		if (at >= c->end || c->end - at < 8) {
			c->state = S_BUFFER;
			return 0;
		}
		r = c->buf + at;
		left = c->end - at;
		if (S_u32(r) == 0 || S_u32(r) == 0xffffffff) {
			c->state = S_BUFFER;
			return 0;
		}
		k = S_kind(r[2]);
		size = k == -1 ? 0 : S_u16(r + kinds[k].sizeat);
		if ((r[3] & 0xc0) != 0xc0 || k == -1 ||
		    size < kinds[k].fixed || size > left) {
			S_damaged(c, at, "record at buffer offset 0x%x (buffer "
			    "at file offset 0x%" PRIx64 "): %s; the rest of "
			    "the buffer is skipped", at, c->bufoff,
			    (r[3] & 0xc0) != 0xc0 ? "no trace header marker" :
			    k == -1 ? "unknown header type" :
			    size < kinds[k].fixed ? "size below its header's" :
			    "size runs past the buffer's filled offset");
			c->state = S_BUFFER;
			return 0;
		}
		c->st.nkind[k]++;
		/* The next record is 8-byte aligned; the gap is not data. */
		next = at + size + (8 - size % 8) % 8;
		c->pos = next > c->end ? c->end : next;
		if (c->first) {
			c->first = 0;
			if (S_logfile(c, r, k, at, size) == 0)
				continue;
		}
		if (k != ECAT_ETL_EVENT32 && k != ECAT_ETL_EVENT64)
			continue;
		if (c->st.nevents == S_MAX_EVENTS) {
			if (!(c->flags & ECAT_SR_QUIET)) {
				struct ecat_loc loc = { c->file, c->bufno, at };

				ecat_msg(c->cat->diag, ECAT_MSG_LIMIT, &loc,
				    "more than %lu events; the rest of the "
				    "file is not read", S_MAX_EVENTS);
			}
			c->state = S_SUMMARY;
			return 0;
		}
		if (S_event(c, r, k, at, size) == 0)
			continue;
		c->st.nevents++;
		return 1;
	}
}

/* The note of the file: its buffers, build and records not checked. */
static void
S_summary(struct ectx *c)
{
	struct ecat_buf		 b;
	struct ecat_loc		 loc = { c->file, 0, 0 };
	struct ecat_msgctx	 ctx;
	uint64_t		 skipped = 0;
	int			 k, any = 0;

	if (c->flags & ECAT_SR_QUIET)
		return;
	ecat_buf_init(&b);
	ecat_buf_printf(&b, "%u buffer%s (%u compressed)", c->st.nbuffers,
	    c->st.nbuffers == 1 ? "" : "s", c->st.ncompressed);
	if (c->st.build != 0)
		ecat_buf_printf(&b, ", written by Windows %u.%u build %u",
		    c->st.osmajor, c->st.osminor, c->st.build);
	if (c->rb != c->b || (c->st.build != 0 &&
	    c->b->build_number == c->st.build))
		ecat_buf_printf(&b, ", checked against build %s", c->rb->id);
	else if (c->st.build != 0 && c->b->build_number != 0 &&
	    c->b->build_number != c->st.build)
		ecat_buf_printf(&b, ", checked against build %s as given",
		    c->b->id);
	else if (c->st.build != 0)
		ecat_buf_printf(&b, ", checked against build %s (no loaded "
		    "build has its number)", c->b->id);
	ecat_buf_printf(&b, "; %" PRIu64 " EVENT_HEADER record%s read",
	    c->st.nevents, c->st.nevents == 1 ? "" : "s");
	for (k = 0; k < ECAT_ETL__KINDS; k++)
		if (k != ECAT_ETL_EVENT32 && k != ECAT_ETL_EVENT64)
			skipped += c->st.nkind[k];
	if (skipped > 0) {
		ecat_buf_printf(&b, "; not checked: ");
		for (k = 0; k < ECAT_ETL__KINDS; k++) {
			if (k == ECAT_ETL_EVENT32 || k == ECAT_ETL_EVENT64 ||
			    c->st.nkind[k] == 0)
				continue;
			ecat_buf_printf(&b, "%s%" PRIu64 " %s", any ? ", " : "",
			    c->st.nkind[k], kinds[k].name);
			any = 1;
		}
		if (c->st.build != 0)
			ecat_buf_printf(&b, " (the logfile header among them)");
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.build = ecat_build_known(c->rb);
	ctx.event_id = -1;
	ctx.version = -1;
	ecat_msgx(c->cat->diag, ECAT_MSG_SAMPLE_ETL_RECORDS, &loc, &ctx, "%s",
	    b.buf);
	ecat_buf_free(&b);
}

static int
S_next(void *arg, const struct ecat_sample **out)
{
	struct ectx	*c = arg;

	for (;;) {
		switch (c->state) {
		case S_START:
		case S_BUFFER:
			c->state = S_BUFFER;
			if (S_buffer(c) == -1)
				return -1;
			break;
		case S_RECORDS:
			if (S_record(c)) {
				*out = &c->rec;
				return 1;
			}
			break;
		case S_SUMMARY:
			/* Nothing read is not nothing wrong. */
			if (c->first && c->st.ndamaged == 0)
				S_damaged(c, 0, "no buffer holds a record (an "
				    "empty file, or zeros only): not a trace");
			S_summary(c);
			c->state = S_END;
			return 0;
		default:
			return 0;
		}
	}
}

/* ---------------------------------------------------------------- JSON */

/* A JSON string (names and GUIDs: escaped as Jansson does). */
static void
S_jstr(struct ecat_buf *o, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 ch;

	ecat_buf_putc(o, '"');
	for (; *s != '\0'; s++) {
		ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\') {
			ecat_buf_putc(o, '\\');
			ecat_buf_putc(o, ch);
		} else if (ch < 0x20) {
			ecat_buf_puts(o, "\\u00");
			ecat_buf_putc(o, hex[ch >> 4]);
			ecat_buf_putc(o, hex[ch & 15]);
		} else
			ecat_buf_putc(o, ch);
	}
	ecat_buf_putc(o, '"');
}

/*
 * The record in the sample JSON shape (docs/capture-formats.md, "What
 * a record becomes"): its system members; the payload is not decoded
 * here, so the record has no event_data.
 */
static char *
S_json(const struct ecat_sample *s)
{
	const struct extra	*x = s->impl;
	const struct ectx	*c;
	struct ecat_buf		 o;
	uint64_t		 ft = 0, d;
	char			 t[64], g[39];
	static const uint8_t	 zero[16];

	if (s->malformed || x == NULL)
		return NULL;
	c = (const struct ectx *)(const void *)((const char *)x -
	    offsetof(struct ectx, ex));
	/*
	 * The session clock to FILETIME: a system time already (clock
	 * 2), else ticks since the logfile header's at its frequency
	 * (QPC; for CPU cycles the frequency is approximate).
	 */
	if (c->st.clock == 2)
		ft = x->ts;
	else if (c->freq != 0 && c->st.start != 0 && x->ts >= c->t0) {
		d = x->ts - c->t0;
		ft = c->st.start + d / c->freq * 10000000 +
		    d % c->freq * 10000000 / c->freq;
	}
	ecat_buf_init(&o);
	ecat_buf_puts(&o, "{\n  \"system\": {\n    \"provider\": ");
	S_jstr(&o, s->provider);
	ecat_buf_puts(&o, ",\n    \"guid\": ");
	S_jstr(&o, s->guid);
	/* Keywords in hex, as EVTX renders them: as a number, most would
	   not fit a JSON reader's 64-bit signed integers. */
	ecat_buf_printf(&o, ",\n    \"event_id\": %s,\n    \"version\": %s,\n"
	    "    \"level\": %s,\n    \"task\": %s,\n    \"opcode\": %s,\n"
	    "    \"keywords\": \"0x%016" PRIx64 "\",\n", s->sys_event_id.s,
	    s->sys_version.s, s->level.s, s->task.s, s->opcode.s,
	    x->keywords);
	if (ft != 0) {
		S_filetime(ft, t, sizeof(t));
		ecat_buf_printf(&o, "    \"time_created\": \"%s\",\n", t);
	}
	ecat_buf_puts(&o, "    \"correlation\": {");
	if (memcmp(x->activity, zero, 16) != 0) {
		S_guid(x->activity, g);
		ecat_buf_printf(&o, "\n      \"ActivityID\": \"%s\"", g);
	}
	if (x->hasrelated) {
		S_guid(x->related, g);
		ecat_buf_printf(&o, "%s\n      \"RelatedActivityID\": \"%s\"",
		    memcmp(x->activity, zero, 16) != 0 ? "," : "", g);
	}
	if (memcmp(x->activity, zero, 16) != 0 || x->hasrelated)
		ecat_buf_puts(&o, "\n    ");
	ecat_buf_printf(&o, "},\n    \"execution\": {\n      \"process_id\": "
	    "%" PRIu32 ",\n      \"thread_id\": %" PRIu32 "\n    },\n"
	    "    \"channel\": %s\n  },\n  \"message\": \"\"\n}", x->pid, x->tid,
	    s->channel.s);
	return ecat_buf_detach(&o);
}

/* ----------------------------------------------------------- reader */

static void *
S_open(struct ecat_catalog *cat, struct ecat_build *b, const char *file,
    const char *path, int fd, unsigned flags)
{
	struct ectx	*c;
	struct stat	 st;

	(void)path;
	c = ecat_calloc(1, sizeof(*c));
	c->cat = cat;
	c->b = c->rb = b;
	c->file = file;
	c->flags = flags;
	c->fd = fd;
	c->size = fstat(fd, &st) == 0 && st.st_size > 0 ?
	    (uint64_t)st.st_size : 0;
	/* Buffers grow to the largest of the file (64 KiB is usual). */
	S_room(&c->buf, &c->bufcap, 64 * 1024);
	c->first = 1;
	c->state = S_START;
	return c;
}

static void
S_close(void *arg, uint64_t *nbytes)
{
	struct ectx	*c = arg;

	if (nbytes != NULL)
		*nbytes += c->nbytes;
	free(c->names);
	free(c->raw);
	free(c->buf);
	free(c);
}

const struct ecat_etl_stats *
ecat_etl_stats(const void *handle)
{
	return &((const struct ectx *)handle)->st;
}

static int
S_claims(const char *path)
{
	return strcmp(path, "-") != 0 && ecat_hassuffix(path, ".etl");
}

/*
 * No sniff: an .etl file has no magic in its first 8 bytes (a buffer
 * size and an offset), so only its name claims it.
 */
const struct ecat_reader ecat_reader_etl = {
	"etl", S_claims, S_open, S_next, ecat_reader_locate_record, S_json, S_close, NULL
};
