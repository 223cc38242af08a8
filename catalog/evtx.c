/*
 * evtx.c: the EVTX sample reader (reader.h): captured events in the
 * .evtx files Windows writes when an event log is exported or copied.
 *
 * Why a reader of etwcat's own: Debian's libevtx (20181227) fails on
 * real files ("unsupported type: 0x05") and, like every library that
 * renders records as XML text, gives no value's type, which is what a
 * check against the schema most needs (the manifest's inType is the
 * EVTX type byte of the same value).  Written from the format's public
 * description, libyal's "Windows XML Event Log (EVTX) format" notes,
 * summed up in docs/capture-formats.md ("EVTX"); no code of another
 * project.  Debian's python3-evtx is an independent oracle in the
 * tests (tests/evtx_oracle.py), not a dependency.
 *
 * The file: a 4 KiB header ("ElfFile\0", CRC32 of its first 120
 * bytes, version 3.1 or 3.2), then chunks of 64 KiB ("ElfChnk\0",
 * CRC32 of the chunk header and of its records), each holding records
 * ("**\0\0", size, record id, FILETIME, binary XML, the size again)
 * from offset 512 up to the chunk's free-space offset.  The file is
 * read front to back a chunk at a time (standard input works too), one
 * record decoded per call of next, so memory is one chunk and one
 * record's tree.  Binary XML is decoded by binxml.c.
 *
 * Damage: a header or chunk whose CRC32 differs is reported
 * (sample-evtx-damaged at the chunk) and its records are still read, each
 * checked on its own (signature, size within the chunk, the size copy,
 * binary XML that decodes), since the records of the damaged files of
 * the shared captures are readable; a chunk without its signature is
 * reported and skipped; a record that does not check out is reported
 * and ends its chunk (what follows it cannot be found), and the next
 * chunk is read.  A chunk of zero bytes only is unused, and so are
 * chunks without their signature at the end of the file past the
 * chunks the header counts: skipped silently (a dirty file counts
 * fewer chunks than it has, so the chunks after them are read, and
 * the space after its last chunk may hold anything).  Records whose
 * binary XML does not decode, or that render more text or members than
 * a record may (S_MAX_TEXT, S_MAX_MEMBERS), are handed on as malformed
 * records, as the JSON reader does with a line that is not JSON.
 *
 * Each record becomes the struct ecat_sample the JSON reader makes of
 * the same event converted to JSON (docs/capture-formats.md, "What a
 * record becomes"): every value as the text Windows renders, with its type byte
 * in btype (sample.h).  Where: a record's location is the file, its
 * record id as the line and its chunk (counted from 1) as the column
 * (etwcat.1, SAMPLE VALIDATION); a chunk's diagnostics have line 0.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "binxml.h"
#include "evtx.h"
#include "io.h"
#include "load.h"
#include "reader.h"
#include "sample.h"

#define S_HEADER	4096
#define S_CHUNKHDR	BX_HEADER
/* Most events handed on from one file: the JSON reader's bound. */
#define S_MAX_EVENTS	(1024UL * 1024)
/* The descriptor's ranges (docs/etw-manifest-reference.md §1.4). */
#define S_MAX_ID	65535
#define S_MAX_VERSION	255
/*
 * Most text a record renders (bx_text: its text and 16 bytes a value;
 * values joined count again), and most payload members it makes
 * (S_members).  A template can use one substitution thousands of times
 * over: a 64 KiB record rendered 420 MB of text (3.2 GB resident), and
 * a cached template of 1,800 Data elements used 36 times makes 64,800
 * members.  Over all 503 files of ../shared/captures/evtx (28,926
 * records) the most a record takes of the text budget is 12,221 bytes
 * and the most members 485: the bounds are 85 and 8 times those.  A
 * record past either is reported and skipped.
 */
#define S_MAX_TEXT	(1024UL * 1024)
#define S_MAX_MEMBERS	4096

/* The record's system values the JSON shape has beyond struct
   ecat_sample's (r->impl). */
struct extra {
	struct ecat_svalue	 source;	/* Provider EventSourceName */
	struct ecat_svalue	 time;		/* TimeCreated SystemTime */
	struct ecat_svalue	 rid;		/* EventRecordID */
	struct ecat_svalue	 activity, related;
	struct ecat_svalue	 pid, tid;
	struct ecat_svalue	 computer;
	struct ecat_svalue	 user;
	int			 correlation, execution, security;
	/* the payload (fields) as one object, and whether it is one */
	struct ecat_svalue	 payload;
	int			 haspayload;
};

struct ectx {
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	const char		*file;
	unsigned		 flags;
	int			 fd;
	uint64_t		 nbytes;
	int			 state;		/* S_* below */
	uint8_t			*chunk;		/* BX_CHUNK bytes */
	struct bx_chunk		*bx;
	uint32_t		 chunkno;	/* counted from 1 */
	uint32_t		 nchunks;	/* as the header counts them */
	/* chunks without the signature past those counted, not yet
	   known to be followed by a chunk: the first's offset, number */
	uint32_t		 npending, pendno;
	uint64_t		 pendoff;
	uint64_t		 chunkoff;	/* in the file */
	uint32_t		 pos, end;	/* next record, free space */
	uint64_t		 nevents;
	/* the record's text left to render, members left to make */
	struct bx_budget	 text;
	uint32_t		 members;
	int			 toomany;
	struct ecat_pool	 pool;		/* the record's */
	struct ecat_sample	 rec;
	struct extra		 ex;
	char			 err[256];
};

enum { S_START, S_CHUNK, S_RECORDS, S_END };

/* --------------------------------------------------------- reporting */

static void	S_report(struct ectx *, uint64_t, const char *, int64_t,
    const char *, ...) __attribute__((format(printf, 5, 6)));
static void	S_notevent(struct ectx *, uint64_t, const char *, int64_t,
    const char *, ...) __attribute__((format(printf, 5, 6)));

/*
 * A diagnostic at record id rid (0: about the chunk or file) of the
 * current chunk, unless ECAT_SR_QUIET.
 */
static void
S_vreport(struct ectx *c, enum ecat_msg m, uint64_t rid, const char *prov,
    int64_t id, const char *fmt, va_list ap)
{
	struct ecat_loc		 loc;
	struct ecat_msgctx	 ctx;

	if (c->flags & ECAT_SR_QUIET)
		return;
	loc.file = c->file;
	loc.line = rid > UINT32_MAX ? 0 : (uint32_t)rid;
	loc.col = c->chunkno;
	memset(&ctx, 0, sizeof(ctx));
	ctx.build = ecat_build_known(c->b);
	ctx.provider = prov;
	ctx.event_id = id;
	ctx.version = -1;
	ecat_vmsgx(c->cat->diag, m, &loc, &ctx, fmt, ap);
}

/* Damage to the file, a chunk or a record (sample-evtx-damaged). */
static void
S_report(struct ectx *c, uint64_t rid, const char *prov, int64_t id,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	S_vreport(c, ECAT_MSG_SAMPLE_EVTX_DAMAGED, rid, prov, id, fmt, ap);
	va_end(ap);
}

/* A record that decodes but is not an event (sample-malformed, as the
   JSON reader reports one). */
static void
S_notevent(struct ectx *c, uint64_t rid, const char *prov, int64_t id,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	S_vreport(c, ECAT_MSG_SAMPLE_MALFORMED, rid, prov, id, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------ input */

/* Read up to n bytes, short only at the end: the count, or -1. */
static ssize_t
S_read(struct ectx *c, uint8_t *buf, size_t n)
{
	size_t	 got = 0;
	ssize_t	 r;

	while (got < n) {
		if ((r = read(c->fd, buf + got, n - got)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	c->nbytes += got;
	return (ssize_t)got;
}

static int
S_ioerr(struct ectx *c)
{
	struct ecat_loc	 loc = { c->file, 0, 0 };

	ecat_msg(c->cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s", strerror(errno));
	c->state = S_END;
	return -1;
}

/* The file header.  Returns 0 (c->state says whether to go on), -1. */
static int
S_header(struct ectx *c)
{
	uint8_t		 h[S_HEADER];
	ssize_t		 n;
	uint32_t	 crc;

	c->state = S_END;
	if ((n = S_read(c, h, sizeof(h))) == -1)
		return S_ioerr(c);
	if (n < 8 || memcmp(h, "ElfFile", 8) != 0) {
		S_report(c, 0, NULL, -1, "not an EVTX file (no ElfFile "
		    "signature)");
		return 0;
	}
	if (n < S_HEADER) {
		S_report(c, 0, NULL, -1, "file header cut short at %zd "
		    "bytes", n);
		return 0;
	}
	crc = (uint32_t)crc32(0, h, 120);
	if (crc != bx_u32(h + 124))
		S_report(c, 0, NULL, -1, "file header CRC32 is 0x%08x, the "
		    "header says 0x%08x; the chunks are read", crc,
		    bx_u32(h + 124));
	if (bx_u16(h + 38) != 3 || bx_u16(h + 36) < 1 || bx_u16(h + 36) > 2)
		S_report(c, 0, NULL, -1, "format version %u.%u (known: 3.1, "
		    "3.2); the chunks are read", bx_u16(h + 38), bx_u16(h + 36));
	c->nchunks = bx_u16(h + 42);
	c->chunkoff = S_HEADER;
	c->state = S_CHUNK;
	return 0;
}

/*
 * The next chunk: read, checked, and its records begun.  Returns 1
 * when its records are to be read, 0 when it was skipped or the file
 * ended (c->state), -1 on a read error.
 */
static int
S_chunk(struct ectx *c)
{
	ssize_t		 n;
	uint32_t	 crc, i, freeoff;
	const uint8_t	*k = c->chunk;

	if (c->chunkno > 0)
		c->chunkoff += BX_CHUNK;
	if ((n = S_read(c, c->chunk, BX_CHUNK)) == -1)
		return S_ioerr(c);
	if (n == 0) {
		c->state = S_END;
		if (c->chunkno < c->nchunks)
			S_report(c, 0, NULL, -1, "the file header counts %u "
			    "chunks, the file has %u", c->nchunks, c->chunkno);
		return 0;
	}
	c->chunkno++;
	if (n < BX_CHUNK) {
		c->state = S_END;
		for (i = 0; i < (uint32_t)n && k[i] == 0; i++)
			continue;
		if (i < (uint32_t)n)
			S_report(c, 0, NULL, -1, "chunk at offset 0x%" PRIx64
			    " cut short at %zd bytes; not read", c->chunkoff,
			    n);
		return 0;
	}
	if (memcmp(k, "ElfChnk", 8) != 0) {
		/*
		 * Past the chunks the header counts, a file can hold space
		 * never written or stale bytes (sysmon.evtx of the shared
		 * captures: 8 such chunks after 9 counted ones).
		 */
		for (i = 0; i < BX_CHUNK && k[i] == 0; i++)
			continue;
		if (i < BX_CHUNK && c->chunkno <= c->nchunks)
			S_report(c, 0, NULL, -1, "chunk at offset 0x%" PRIx64
			    " has no ElfChnk signature; skipped", c->chunkoff);
		else if (i < BX_CHUNK && c->npending++ == 0) {
			c->pendoff = c->chunkoff;
			c->pendno = c->chunkno;
		}
		return 0;
	}
	if (c->npending > 0) {
		/* Not trailing space after all: chunks lost between chunks. */
		uint32_t	 no = c->chunkno;

		c->chunkno = c->pendno;
		S_report(c, 0, NULL, -1, "chunk at offset 0x%" PRIx64 " has no "
		    "ElfChnk signature; skipped%s", c->pendoff,
		    c->npending > 1 ? ", and so have the chunks after it up "
		    "to the next" : "");
		c->chunkno = no;
		c->npending = 0;
	}
	crc = (uint32_t)crc32(0, k, 120);
	crc = (uint32_t)crc32(crc, k + 128, S_CHUNKHDR - 128);
	if (crc != bx_u32(k + 124))
		S_report(c, 0, NULL, -1, "chunk at offset 0x%" PRIx64 ": header "
		    "CRC32 is 0x%08x, the header says 0x%08x; its records are "
		    "read", c->chunkoff, crc, bx_u32(k + 124));
	freeoff = bx_u32(k + 48);
	if (freeoff < S_CHUNKHDR || freeoff > BX_CHUNK) {
		S_report(c, 0, NULL, -1, "chunk at offset 0x%" PRIx64 ": free "
		    "space offset 0x%x outside the chunk; records read up to "
		    "its end", c->chunkoff, freeoff);
		freeoff = BX_CHUNK;
	} else {
		crc = (uint32_t)crc32(0, k + S_CHUNKHDR, freeoff - S_CHUNKHDR);
		if (crc != bx_u32(k + 52))
			S_report(c, 0, NULL, -1, "chunk at offset 0x%" PRIx64
			    ": records CRC32 is 0x%08x, the header says "
			    "0x%08x; its records are read", c->chunkoff, crc,
			    bx_u32(k + 52));
	}
	bx_chunk_reset(c->bx, c->chunk);
	c->pos = S_CHUNKHDR;
	c->end = freeoff;
	c->state = S_RECORDS;
	return 1;
}

/* --------------------------------------------------------- conversion */

static void
S_null(struct ecat_svalue *v)
{
	memset(v, 0, sizeof(*v));
	v->kind = ECAT_SV_NULL;
}

static void
S_str(struct ecat_svalue *v, const char *s, size_t len)
{
	memset(v, 0, sizeof(*v));
	v->kind = ECAT_SV_STRING;
	v->s = s;
	v->len = len;
}

/*
 * The character data of a node (an element's, or an attribute's
 * values) into v: the text of its values one after another; an array
 * value alone is an ARRAY of its items.  Returns the binary type: the
 * value's when it is a single value, 0x01 for text of several, 0 for
 * none.
 */
static uint8_t
S_nodeval(struct ectx *c, const struct bx_node *e, struct ecat_svalue *v)
{
	const struct bx_node	*n, *one = NULL;
	struct ecat_buf		 o;
	struct ecat_svalue	*items;
	struct bx_node		*it;
	const char		*t;
	size_t			 len;
	uint32_t		 nv = 0, i, k;

	for (n = e->child; n != NULL; n = n->next)
		if (n->kind == BX_VALUE) {
			one = n;
			nv++;
		}
	if (nv == 0) {
		S_str(v, "", 0);
		return 0;
	}
	if (nv == 1 && bx_isarray(one)) {
		k = bx_items(&c->pool, one, &it);
		items = ecat_pool_alloc(&c->pool, (k + 1) * sizeof(*items));
		for (i = 0; i < k; i++) {
			t = bx_text(&c->pool, &it[i], &c->text, &len);
			S_str(&items[i], t, len);
		}
		memset(v, 0, sizeof(*v));
		v->kind = ECAT_SV_ARRAY;
		v->n = k;
		v->items = items;
		return one->type;
	}
	if (nv == 1) {
		t = bx_text(&c->pool, one, &c->text, &len);
		S_str(v, t, len);
		return one->type;
	}
	ecat_buf_init(&o);
	for (n = e->child; n != NULL && !c->text.over; n = n->next)
		if (n->kind == BX_VALUE) {
			t = bx_text(&c->pool, n, &c->text, &len);
			ecat_buf_put(&o, t, len);
		}
	/* The joined text is a copy: it counts again. */
	if (bx_spend(&c->text, o.len) == -1)
		o.len = 0;
	S_str(v, ecat_pool_strn(&c->pool, o.len ? o.buf : "", o.len), o.len);
	ecat_buf_free(&o);
	return BX_T_STRING;
}

/* An element's text, or NULL when the element is absent. */
static void
S_elemval(struct ectx *c, const struct bx_node *e, struct ecat_svalue *v)
{
	if (e == NULL)
		S_null(v);
	else
		S_nodeval(c, e, v);
}

/* An attribute's text; absent is absent_null ? null : "". */
static void
S_attrval(struct ectx *c, const struct bx_node *e, const char *name,
    struct ecat_svalue *v, int absent_null)
{
	const struct bx_node	*a = bx_attr(e, name);

	if (a != NULL)
		S_nodeval(c, a, v);
	else if (absent_null)
		S_null(v);
	else
		S_str(v, "", 0);
}

/* A name and value being gathered into an object. */
struct member {
	const char		*name;
	struct ecat_svalue	 v;
	uint8_t			 btype;
};

/* A member's name and place, for grouping by name. */
struct byname {
	const char	*name;
	uint32_t	 i;
};

static int
S_byname(const void *a, const void *b)
{
	const struct byname	*x = a, *y = b;
	int			 r;

	if ((r = strcmp(x->name, y->name)) != 0)
		return r;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * May the record make n more members?  Else it has too many (reported
 * by S_record) and the caller makes none.
 */
static int
S_members(struct ectx *c, uint32_t n)
{
	if (c->toomany || n > S_MAX_MEMBERS - c->members) {
		c->toomany = 1;
		return 0;
	}
	c->members += n;
	return 1;
}

/*
 * Members into an object value: a name given more than once becomes
 * one ARRAY of the values, at its first place (as the JSON shape has
 * unnamed Data elements: "Data": [...]), of no one binary type.  The
 * members' binary types into *btypes, when not NULL.  The members are
 * grouped by sorting their names (n log n: a record of many members
 * each of its own name must not cost n squared).
 */
static void
S_object(struct ectx *c, struct member *m, uint32_t n, struct ecat_svalue *v,
    uint8_t **btypes)
{
	struct ecat_svalue	*items, *arr;
	struct byname		*by;
	const char		**names;
	uint32_t		*first, *run, i, j, k, out = 0, cnt;
	uint8_t			*bt;

	items = ecat_pool_alloc(&c->pool, (n + 1) * sizeof(*items));
	names = ecat_pool_alloc(&c->pool, (n + 1) * sizeof(*names));
	bt = ecat_pool_alloc(&c->pool, n + 1);
	by = ecat_pool_alloc(&c->pool, (n + 1) * sizeof(*by));
	/*
	 * Sorted by name, then place, the members of a name are one run
	 * of by, in their order.  first[i]: the place of the first member
	 * of i's name; run[i] at that place: where its run starts.
	 */
	first = ecat_pool_alloc(&c->pool, (n + 1) * sizeof(*first));
	run = ecat_pool_alloc(&c->pool, (n + 1) * sizeof(*run));
	for (i = 0; i < n; i++) {
		by[i].name = m[i].name;
		by[i].i = i;
	}
	if (n > 1)
		qsort(by, n, sizeof(*by), S_byname);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && strcmp(by[j].name, by[i].name) == 0; j++)
			first[by[j].i] = by[i].i;
		run[by[i].i] = i;
	}
	for (i = 0; i < n; i++) {
		if (first[i] != i)
			continue;
		names[out] = m[i].name;
		for (j = run[i], cnt = 0; j < n && first[by[j].i] == i; j++)
			cnt++;
		if (cnt == 1) {
			items[out] = m[i].v;
			bt[out] = m[i].btype;
		} else {
			arr = ecat_pool_alloc(&c->pool, cnt * sizeof(*arr));
			for (k = 0; k < cnt; k++)
				arr[k] = m[by[run[i] + k].i].v;
			memset(&items[out], 0, sizeof(items[out]));
			items[out].kind = ECAT_SV_ARRAY;
			items[out].n = cnt;
			items[out].items = arr;
		}
		out++;
	}
	memset(v, 0, sizeof(*v));
	v->kind = ECAT_SV_OBJECT;
	v->n = out;
	v->items = items;
	v->names = names;
	if (btypes != NULL)
		*btypes = bt;
}

static int
S_isxmlns(const char *name)
{
	return strcmp(name, "xmlns") == 0 || strncmp(name, "xmlns:", 6) == 0;
}

/*
 * An element of UserData as the JSON shape has it: its text when it
 * has neither attributes nor child elements, else an object of its
 * attributes, its child elements and its text as "#text".  Returns the
 * binary type of a text (S_nodeval), 0 for an object.
 */
static uint8_t
S_xval(struct ectx *c, const struct bx_node *e, struct ecat_svalue *v,
    int depth)
{
	const struct bx_node	*n;
	struct member		*m;
	struct ecat_svalue	 text;
	uint32_t		 k = 0, cnt = 0;

	for (n = e->attrs; n != NULL; n = n->next)
		cnt += !S_isxmlns(n->name);
	for (n = e->child; n != NULL; n = n->next)
		cnt += n->kind == BX_ELEM;
	if (cnt == 0 || depth > 32)
		return S_nodeval(c, e, v);
	if (!S_members(c, cnt + 1)) {
		S_str(v, "", 0);
		return 0;
	}
	m = ecat_pool_alloc(&c->pool, (cnt + 2) * sizeof(*m));
	for (n = e->attrs; n != NULL; n = n->next)
		if (!S_isxmlns(n->name)) {
			m[k].name = n->name;
			m[k].btype = S_nodeval(c, n, &m[k].v);
			k++;
		}
	for (n = e->child; n != NULL; n = n->next)
		if (n->kind == BX_ELEM) {
			m[k].name = n->name;
			m[k].btype = S_xval(c, n, &m[k].v, depth + 1);
			k++;
		}
	m[k].btype = S_nodeval(c, e, &text);
	if (text.kind != ECAT_SV_STRING || text.len > 0) {
		m[k].name = "#text";
		m[k++].v = text;
	}
	S_object(c, m, k, v, NULL);
	return 0;
}

/*
 * The payload: EventData's elements (a Data element by its Name), the
 * members of UserData's one element, or ProcessingErrorData's elements
 * (an event Windows could not render: error code, item name, payload).
 */
static void
S_payload(struct ectx *c, const struct bx_node *ev, struct ecat_sample *r)
{
	const struct bx_node	*pay, *n, *a;
	struct member		*m;
	struct ecat_svalue	*obj = &c->ex.payload;
	uint8_t			*btypes;
	uint32_t		 cnt = 0, k = 0;
	size_t			 len;

	if ((pay = bx_child(ev, "EventData")) != NULL)
		r->root = "event_data";
	else if ((pay = bx_child(ev, "UserData")) != NULL) {
		r->root = "user_data";
		for (n = pay->child; n != NULL && n->kind != BX_ELEM;
		    n = n->next)
			continue;
		if (n != NULL)
			r->rootelem = n->name;
		pay = n;
	} else if ((pay = bx_child(ev, "ProcessingErrorData")) != NULL)
		r->root = "processing_error_data";
	else
		return;
	c->ex.haspayload = 1;
	if (pay == NULL) {
		S_str(obj, "", 0);
		return;
	}
	for (n = pay->child; n != NULL; n = n->next)
		cnt += n->kind == BX_ELEM;
	if (!S_members(c, cnt)) {
		S_str(obj, "", 0);
		return;
	}
	m = ecat_pool_alloc(&c->pool, (cnt + 1) * sizeof(*m));
	for (n = pay->child; n != NULL; n = n->next) {
		if (n->kind != BX_ELEM)
			continue;
		m[k].name = n->name;
		if (strcmp(r->root, "event_data") == 0) {
			if (strcmp(n->name, "Data") == 0 &&
			    (a = bx_attr(n, "Name")) != NULL)
				m[k].name = bx_text(&c->pool,
				    a->child != NULL ? a->child : n, &c->text,
				    &len);
			m[k].btype = S_nodeval(c, n, &m[k].v);
		} else
			m[k].btype = S_xval(c, n, &m[k].v, 1);
		k++;
	}
	if (k == 0 && strcmp(r->root, "user_data") == 0) {
		/* An empty root element (<ServiceShutdown/>) is "". */
		S_str(obj, "", 0);
		return;
	}
	S_object(c, m, k, obj, &btypes);
	r->nfields = obj->n;
	r->fields = ecat_pool_alloc(&c->pool,
	    (obj->n + 1) * sizeof(*r->fields));
	for (k = 0; k < obj->n; k++) {
		((struct ecat_sfield *)r->fields)[k].name = obj->names[k];
		((struct ecat_sfield *)r->fields)[k].v = obj->items[k];
		((struct ecat_sfield *)r->fields)[k].btype = btypes[k];
	}
}

/* A descriptor number from its text: 1 and *out, 0 absent, -1 bad. */
static int
S_number(const struct ecat_svalue *v, unsigned long max, uint32_t *out)
{
	char		*end;
	unsigned long	 n;

	if (v->kind != ECAT_SV_STRING || v->len == 0)
		return 0;
	/* strtoul would take leading spaces and a sign. */
	if (v->s[0] < '0' || v->s[0] > '9')
		return -1;
	errno = 0;
	n = strtoul(v->s, &end, v->s[0] == '0' && v->s[1] == 'x' ? 16 : 10);
	if (*end != '\0' || errno == ERANGE || n > max)
		return -1;
	*out = (uint32_t)n;
	return 1;
}

/*
 * The record of the event tree ev (record id rid) into c->rec; a
 * malformed record (reported) when it has no provider or event id.
 */
static void
S_event(struct ectx *c, const struct bx_node *ev, uint64_t rid)
{
	struct ecat_sample	*r = &c->rec;
	struct extra		*x = &c->ex;
	const struct bx_node	*sys, *prov, *e;
	struct ecat_svalue	 name;
	uint32_t		 id = 0, version = 0;

	sys = bx_child(ev, "System");
	prov = bx_child(sys, "Provider");
	S_attrval(c, prov, "Name", &name, 0);
	if (name.kind != ECAT_SV_STRING || name.len == 0 ||
	    name.s[0] == '\0') {
		S_notevent(c, rid, NULL, -1, "record %" PRIu64 ": no System "
		    "Provider Name", rid);
		return;
	}
	r->provider = name.s;
	S_attrval(c, prov, "Guid", &r->sys_guid, 0);
	if (r->sys_guid.kind == ECAT_SV_STRING && r->sys_guid.len > 0)
		r->guid = r->sys_guid.s;
	S_attrval(c, prov, "EventSourceName", &x->source, 0);
	S_elemval(c, bx_child(sys, "EventID"), &r->sys_event_id);
	if (S_number(&r->sys_event_id, S_MAX_ID, &id) != 1) {
		S_notevent(c, rid, r->provider, -1, "record %" PRIu64 ": "
		    "EventID %s is not a number from 0 to %d", rid,
		    r->sys_event_id.kind == ECAT_SV_STRING ?
		    r->sys_event_id.s : "(none)", S_MAX_ID);
		return;
	}
	S_elemval(c, bx_child(sys, "Version"), &r->sys_version);
	if (S_number(&r->sys_version, S_MAX_VERSION, &version) == -1) {
		S_notevent(c, rid, r->provider, id, "record %" PRIu64 ": "
		    "Version %s is not a number from 0 to %d", rid,
		    r->sys_version.s, S_MAX_VERSION);
		return;
	}
	r->malformed = 0;
	r->event_id = id;
	r->version = (uint16_t)version;
	S_elemval(c, bx_child(sys, "Level"), &r->level);
	S_elemval(c, bx_child(sys, "Task"), &r->task);
	S_elemval(c, bx_child(sys, "Opcode"), &r->opcode);
	S_elemval(c, bx_child(sys, "Keywords"), &r->keywords);
	S_elemval(c, bx_child(sys, "Channel"), &r->channel);
	S_elemval(c, bx_child(sys, "Computer"), &x->computer);
	S_elemval(c, bx_child(sys, "EventRecordID"), &x->rid);
	e = bx_child(sys, "TimeCreated");
	S_attrval(c, e, "SystemTime", &x->time, 1);
	e = bx_child(sys, "Correlation");
	S_attrval(c, e, "ActivityID", &x->activity, 1);
	S_attrval(c, e, "RelatedActivityID", &x->related, 1);
	e = bx_child(sys, "Execution");
	S_attrval(c, e, "ProcessID", &x->pid, 1);
	S_attrval(c, e, "ThreadID", &x->tid, 1);
	e = bx_child(sys, "Security");
	x->security = e != NULL;
	S_attrval(c, e, "UserID", &x->user, e == NULL);
	/* Forwarded events carry their message (RenderingInfo). */
	if ((e = bx_child(bx_child(ev, "RenderingInfo"), "Message")) != NULL)
		S_nodeval(c, e, &r->message);
	S_payload(c, ev, r);
}

/* ----------------------------------------------------------- records */

/*
 * The next record of the chunk into c->rec.  Returns 1, or 0 when the
 * chunk has no more (then the state moves on to the next chunk).
 */
static int
S_record(struct ectx *c)
{
	struct ecat_sample	*r = &c->rec;
	const uint8_t		*k = c->chunk;
	struct bx_node		*ev;
	uint32_t		 at = c->pos, size;
	uint64_t		 rid;

	if (c->pos >= c->end || c->end - c->pos < 28) {
		c->state = S_CHUNK;
		return 0;
	}
	if (bx_u32(k + at) != 0x00002a2a) {
		S_report(c, 0, NULL, -1, "chunk at offset 0x%" PRIx64 ": no "
		    "record signature at chunk offset 0x%x; the rest of the "
		    "chunk is not read", c->chunkoff, at);
		c->state = S_CHUNK;
		return 0;
	}
	size = bx_u32(k + at + 4);
	rid = bx_u64(k + at + 8);
	/* A record lies within the chunk's records: at is below c->end. */
	if (size < 28 || size > c->end - at || bx_u32(k + at + size - 4) !=
	    size) {
		S_report(c, rid, NULL, -1, "record %" PRIu64 " at chunk offset "
		    "0x%x: size %u %s; the rest of the chunk is not read", rid,
		    at, size, size < 28 ? "is less than a record's 28 bytes" :
		    size > c->end - at ? "runs past the chunk's records" :
		    "differs from its copy at the end");
		c->state = S_CHUNK;
		return 0;
	}
	c->pos = at + size;
	if (c->nevents == S_MAX_EVENTS) {
		if (!(c->flags & ECAT_SR_QUIET)) {
			struct ecat_loc loc = { c->file, 0, c->chunkno };

			ecat_msg(c->cat->diag, ECAT_MSG_LIMIT, &loc,
			    "more than %lu events; the rest of the file is "
			    "not read", S_MAX_EVENTS);
		}
		c->state = S_END;
		return 0;
	}
	c->nevents++;

	memset(r, 0, sizeof(*r));
	memset(&c->ex, 0, sizeof(c->ex));
	r->loc.file = c->file;
	r->loc.line = rid > UINT32_MAX ? 0 : (uint32_t)rid;
	r->loc.col = c->chunkno;
	r->path = "";
	r->build = c->b;
	r->malformed = 1;
	r->textindex = -1;
	r->impl = &c->ex;
	r->reader = &ecat_reader_evtx;
	c->text.left = S_MAX_TEXT;
	c->text.over = 0;
	c->members = 0;
	c->toomany = 0;
	switch (bx_decode(c->bx, &c->pool, at + 24, at + size - 4, &ev,
	    c->err, sizeof(c->err))) {
	case 0:
		break;
	case -2:
		/* Reported once: the chunk's later records are not decoded. */
		S_report(c, rid, NULL, -1, "record %" PRIu64 ": binary XML: %s; "
		    "the rest of the chunk is not read", rid, c->err);
		c->state = S_CHUNK;
		return 1;
	default:
		S_report(c, rid, NULL, -1, "record %" PRIu64 ": binary XML: %s",
		    rid, c->err);
		return 1;
	}
	S_event(c, ev, rid);
	if (c->text.over || c->toomany) {
		r->malformed = 1;
		if (c->text.over)
			S_report(c, rid, r->provider, -1, "record %" PRIu64
			    ": renders more than %lu bytes of text; skipped",
			    rid, S_MAX_TEXT);
		else
			S_report(c, rid, r->provider, -1, "record %" PRIu64
			    ": more than %d members; skipped", rid,
			    S_MAX_MEMBERS);
	}
	return 1;
}

static int
S_next(void *arg, const struct ecat_sample **out)
{
	struct ectx	*c = arg;

	ecat_pool_reset(&c->pool);
	for (;;) {
		switch (c->state) {
		case S_START:
			if (S_header(c) == -1)
				return -1;
			break;
		case S_CHUNK:
			if (S_chunk(c) == -1)
				return -1;
			break;
		case S_RECORDS:
			if (S_record(c)) {
				*out = &c->rec;
				return 1;
			}
			break;
		default:
			return 0;
		}
	}
}

/* ---------------------------------------------------------------- JSON */

static void
S_jstr(struct ecat_buf *o, const char *s, size_t len)
{
	/* Jansson's escapes (json_dumps, checked with Debian's 2.14):
	   \b \f \n \r \t, other controls as \u00XX in upper case. */
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 i;
	unsigned char		 ch;

	ecat_buf_putc(o, '"');
	for (i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\') {
			ecat_buf_putc(o, '\\');
			ecat_buf_putc(o, ch);
		} else if (ch == '\n')
			ecat_buf_puts(o, "\\n");
		else if (ch == '\r')
			ecat_buf_puts(o, "\\r");
		else if (ch == '\t')
			ecat_buf_puts(o, "\\t");
		else if (ch == '\b')
			ecat_buf_puts(o, "\\b");
		else if (ch == '\f')
			ecat_buf_puts(o, "\\f");
		else if (ch < 0x20) {
			ecat_buf_puts(o, "\\u00");
			ecat_buf_putc(o, hex[ch >> 4]);
			ecat_buf_putc(o, hex[ch & 15]);
		} else
			ecat_buf_putc(o, ch);
	}
	ecat_buf_putc(o, '"');
}

static void
S_indent(struct ecat_buf *o, int depth)
{
	ecat_buf_putc(o, '\n');
	while (depth-- > 0)
		ecat_buf_puts(o, "  ");
}

/* A value as Jansson's JSON_INDENT(2) writes it (the JSON reader's). */
static void
S_jval(struct ecat_buf *o, const struct ecat_svalue *v, int depth)
{
	uint32_t	 i;

	switch (v->kind) {
	case ECAT_SV_STRING:
		S_jstr(o, v->s, v->len);
		return;
	case ECAT_SV_ARRAY:
	case ECAT_SV_OBJECT:
		if (v->n == 0) {
			ecat_buf_puts(o, v->kind == ECAT_SV_ARRAY ? "[]" : "{}");
			return;
		}
		ecat_buf_putc(o, v->kind == ECAT_SV_ARRAY ? '[' : '{');
		for (i = 0; i < v->n; i++) {
			if (i > 0)
				ecat_buf_putc(o, ',');
			S_indent(o, depth + 1);
			if (v->kind == ECAT_SV_OBJECT) {
				S_jstr(o, v->names[i], strlen(v->names[i]));
				ecat_buf_puts(o, ": ");
			}
			S_jval(o, &v->items[i], depth + 1);
		}
		S_indent(o, depth);
		ecat_buf_putc(o, v->kind == ECAT_SV_ARRAY ? ']' : '}');
		return;
	default:
		ecat_buf_puts(o, "null");
		return;
	}
}

/* A member's name at depth, after a comma unless first. */
static void
S_jkey(struct ecat_buf *o, int depth, const char *name, int first)
{
	if (!first)
		ecat_buf_putc(o, ',');
	S_indent(o, depth);
	S_jstr(o, name, strlen(name));
	ecat_buf_puts(o, ": ");
}

/*
 * The record in the JSON shape the JSON reader reads (docs/capture-
 * formats.md, "What a record becomes"), written as it prints an event.
 */
static char *
S_json(const struct ecat_sample *r)
{
	const struct extra	*x = r->impl;
	struct ecat_buf		 o;
	struct ecat_svalue	 prov, empty;
	const struct {
		const char			*name;
		const struct ecat_svalue	*v;
	} head[] = {
		{ "provider", &prov }, { "guid", &r->sys_guid },
		{ "event_source_name", &x->source },
		{ "event_id", &r->sys_event_id }, { "version", &r->sys_version },
		{ "level", &r->level }, { "task", &r->task },
		{ "opcode", &r->opcode }, { "keywords", &r->keywords },
		{ "time_created", &x->time }, { "event_record_id", &x->rid }
	};
	size_t			 i;
	int			 first;

	if (r->malformed || x == NULL)
		return NULL;
	S_str(&prov, r->provider, strlen(r->provider));
	S_str(&empty, "", 0);
	ecat_buf_init(&o);
	ecat_buf_putc(&o, '{');
	S_jkey(&o, 1, "system", 1);
	ecat_buf_putc(&o, '{');
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++) {
		S_jkey(&o, 2, head[i].name, i == 0);
		S_jval(&o, head[i].v, 2);
	}
	/* Correlation holds the identifiers the event has. */
	S_jkey(&o, 2, "correlation", 0);
	ecat_buf_putc(&o, '{');
	first = 1;
	if (x->activity.kind == ECAT_SV_STRING) {
		S_jkey(&o, 3, "ActivityID", first);
		S_jval(&o, &x->activity, 3);
		first = 0;
	}
	if (x->related.kind == ECAT_SV_STRING) {
		S_jkey(&o, 3, "RelatedActivityID", first);
		S_jval(&o, &x->related, 3);
		first = 0;
	}
	if (!first)
		S_indent(&o, 2);
	ecat_buf_putc(&o, '}');
	S_jkey(&o, 2, "execution", 0);
	ecat_buf_putc(&o, '{');
	S_jkey(&o, 3, "process_id", 1);
	S_jval(&o, &x->pid, 3);
	S_jkey(&o, 3, "thread_id", 0);
	S_jval(&o, &x->tid, 3);
	S_indent(&o, 2);
	ecat_buf_putc(&o, '}');
	S_jkey(&o, 2, "channel", 0);
	S_jval(&o, &r->channel, 2);
	S_jkey(&o, 2, "computer", 0);
	S_jval(&o, &x->computer, 2);
	S_jkey(&o, 2, "security", 0);
	ecat_buf_putc(&o, '{');
	S_jkey(&o, 3, "user_id", 1);
	S_jval(&o, &x->user, 3);
	S_indent(&o, 2);
	ecat_buf_puts(&o, "}");
	S_indent(&o, 1);
	ecat_buf_putc(&o, '}');
	if (x->haspayload) {
		S_jkey(&o, 1, r->root, 0);
		if (r->rootelem != NULL) {
			/* {"user_data": {"<Root>": {...}}} */
			ecat_buf_putc(&o, '{');
			S_jkey(&o, 2, r->rootelem, 1);
			S_jval(&o, &x->payload, 2);
			S_indent(&o, 1);
			ecat_buf_putc(&o, '}');
		} else
			S_jval(&o, &x->payload, 1);
	}
	S_jkey(&o, 1, "message", 0);
	S_jval(&o, r->message.kind == ECAT_SV_STRING ? &r->message : &empty,
	    1);
	S_indent(&o, 0);
	ecat_buf_putc(&o, '}');
	return ecat_buf_detach(&o);
}

/* ----------------------------------------------------------- reader */

static void *
S_open(struct ecat_catalog *cat, struct ecat_build *b, const char *file,
    const char *path, int fd, unsigned flags)
{
	struct ectx	*c;

	(void)path;
	c = ecat_calloc(1, sizeof(*c));
	c->cat = cat;
	c->b = b;
	c->file = file;
	c->flags = flags;
	c->fd = fd;
	c->chunk = ecat_malloc(BX_CHUNK);
	c->bx = bx_chunk_new();
	c->state = S_START;
	return c;
}

static void
S_close(void *arg, uint64_t *nbytes)
{
	struct ectx	*c = arg;

	if (nbytes != NULL)
		*nbytes += c->nbytes;
	bx_chunk_free(c->bx);
	ecat_pool_free(&c->pool);
	free(c->chunk);
	free(c);
}

static int
S_claims(const char *path)
{
	return strcmp(path, "-") != 0 && ecat_hassuffix(path, ".evtx");
}

/* Does the file begin as an .evtx file does?  (reader.h, sniff) */
static int
S_sniff(const uint8_t *head, size_t n)
{
	return n >= 8 && memcmp(head, "ElfFile", 8) == 0;
}

const struct ecat_reader ecat_reader_evtx = {
	"evtx", S_claims, S_open, S_next, ecat_reader_locate_record, S_json, S_close, S_sniff
};
