/*
 * payload.c: an .etl record's payload (catalog/etl.c hands it on as
 * raw bytes, sample.h's binary) decoded field by field with the
 * candidate event's template, then checked as a JSON sample's fields
 * are (docs/etw-manifest-reference.md §1.7 templates, §2 types;
 * docs/capture-formats.md, "ETL").
 *
 * Each value becomes the text Windows renders for it in event XML
 * (catalog/binxml.c's bx_render: decimal integers, 0x hex for
 * HexInt32, HexInt64 and Pointer, GUIDs in braces, SIDs as S-1-...,
 * times in ISO 8601, Binary in upper-case hex, strings in UTF-8),
 * with its binary type in btype as the EVTX reader records it, so
 * that check_fields.c takes the rendering by type as canonical.  The
 * decoded fields go into a copy of the sample (root "event_data")
 * and through ecat_vcheck_fields() and ecat_vcheck_message().
 *
 * What only the bytes can show is reported here: a payload shorter
 * than its template (sample-payload-short, naming the field where
 * the bytes ran out), a NUL-terminated string that runs to the end
 * of the payload (sample-string-unterminated), and bytes after the
 * last field: up to 7 zero bytes are alignment padding (sample-
 * payload-padding, a note: every Kernel-Network payload of
 * KernelNetwork.etl ends with 4), anything else sample-payload-
 * trailing.  Decoding stops at the first field that does not fit;
 * the fields before it are checked and the ones after are not
 * reported missing (the one error says why).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "binxml.h"
#include "model.h"
#include "sample.h"
#include "vcheck.h"

/*
 * Most items one array field is decoded into: a record's payload is
 * at most 64 KiB, so only items of no bytes (Binary of length 0)
 * could be more.
 */
#define P_MAXITEMS	65536
/* Most zero bytes after the last field taken as alignment padding. */
#define P_MAXPAD	7

/* Why decoding stopped. */
enum pstop {
	P_OK = 0,
	P_SHORT,	/* the bytes ran out */
	P_UNTERM	/* a string without its NUL */
};

struct pdec {
	const uint8_t		*p;
	uint32_t		 len, off;
	uint8_t			 ptrsize;
	struct ecat_pool	*pool;
	struct ecat_buf		 b;
	/* where it stopped */
	enum pstop		 stop;
	const struct ecat_field	*sf;		/* the field (or member) */
	uint32_t		 need;		/* bytes it needed, 0 unknown */
	uint32_t		 at;		/* its offset */
};

/* A decoded field's number (for counts and lengths), or -1. */
struct pnum {
	const char	*name;
	int64_t		 n;
};

/* Little-endian integer of n (1, 2, 4, 8) bytes at p. */
static uint64_t
S_le(const uint8_t *p, uint32_t n)
{
	uint64_t	 u = 0;

	while (n-- > 0)
		u = u << 8 | p[n];
	return u;
}

/* The number of the field named name: the struct's members decoded so
   far first, then the top-level fields; -1 when none. */
static int64_t
S_ref(const struct pnum *mem, uint32_t nmem, const struct pnum *top,
    uint32_t ntop, const char *name)
{
	uint32_t	 i;

	for (i = nmem; i-- > 0;)
		if (strcmp(mem[i].name, name) == 0)
			return mem[i].n;
	for (i = ntop; i-- > 0;)
		if (strcmp(top[i].name, name) == 0)
			return top[i].n;
	return -1;
}

/* Size of one value of a fixed-size inType, 0 for the others. */
static uint32_t
S_fixed(const struct pdec *d, unsigned t)
{
	switch (t) {
	case ECAT_IN_INT8:
	case ECAT_IN_UINT8:
		return 1;
	case ECAT_IN_INT16:
	case ECAT_IN_UINT16:
		return 2;
	case ECAT_IN_INT32:
	case ECAT_IN_UINT32:
	case ECAT_IN_HEXINT32:
	case ECAT_IN_FLOAT:
	case ECAT_IN_BOOLEAN:
		return 4;
	case ECAT_IN_INT64:
	case ECAT_IN_UINT64:
	case ECAT_IN_HEXINT64:
	case ECAT_IN_DOUBLE:
	case ECAT_IN_FILETIME:
		return 8;
	case ECAT_IN_GUID:
	case ECAT_IN_SYSTEMTIME:
		return 16;
	case ECAT_IN_POINTER:
		return d->ptrsize;
	default:
		return 0;
	}
}

static enum pstop
S_stop(struct pdec *d, enum pstop why, const struct ecat_field *f,
    uint32_t need)
{
	d->stop = why;
	d->sf = f;
	d->need = need;
	d->at = d->off;
	return why;
}

/*
 * One scalar of field f at d->off into *val, *bt its binary type (the
 * rendering's), *num its integer value when it has one.  length: the
 * field's length (WCHARs, bytes), -1 when it has none.
 */
static enum pstop
S_scalar(struct pdec *d, const struct ecat_field *f, int64_t length,
    struct ecat_svalue *val, uint8_t *bt, int64_t *num)
{
	const uint8_t	*p = d->p + d->off;
	uint32_t	 left = d->len - d->off, sz, n, e, w;
	unsigned	 t = f->intype;
	size_t		 tl;
	int		 unterm = 0;

	*num = -1;
	*bt = (uint8_t)t;
	switch (t) {
	case ECAT_IN_UNICODESTRING:
	case ECAT_IN_ANSISTRING:
		w = t == ECAT_IN_UNICODESTRING ? 2 : 1;
		if (length >= 0) {
			if (length > left || (uint64_t)length * w > left)
				return S_stop(d, P_SHORT, f, length > UINT32_MAX /
				    w ? UINT32_MAX : (uint32_t)length * w);
			n = sz = (uint32_t)length * w;
			break;
		}
		for (e = 0; e + w <= left && (w == 2 ?
		    S_le(p + e, 2) : p[e]) != 0; e += w)
			continue;
		if (e + w > left) {
			/* The rest is the string's, as far as it goes. */
			bx_render(&d->b, (uint8_t)t, p, left - left % w);
			d->off = d->len;
			unterm = 1;
			goto text;
		}
		n = e;
		sz = e + w;
		break;
	case ECAT_IN_COUNTEDSTRING:
	case ECAT_IN_COUNTEDANSISTRING:
	case ECAT_IN_COUNTEDBINARY:
		/* A 16-bit byte count, then the bytes. */
		if (left < 2)
			return S_stop(d, P_SHORT, f, 2);
		n = (uint32_t)S_le(p, 2);
		if (n > left - 2)
			return S_stop(d, P_SHORT, f, n + 2);
		*bt = t == ECAT_IN_COUNTEDSTRING ? ECAT_IN_UNICODESTRING :
		    t == ECAT_IN_COUNTEDANSISTRING ? ECAT_IN_ANSISTRING :
		    ECAT_IN_BINARY;
		bx_render(&d->b, *bt, p + 2, n);
		d->off += 2 + n;
		goto text;
	case ECAT_IN_BINARY:
		/* Without a length, the rest of the payload (lint-binary-
		   no-length says the schema should give one). */
		n = sz = length >= 0 ? (uint32_t)(length > left ? left + 1 :
		    length) : left;
		if (sz > left)
			return S_stop(d, P_SHORT, f, length > UINT32_MAX ?
			    UINT32_MAX : (uint32_t)length);
		break;
	case ECAT_IN_SID:
		if (left < 8)
			return S_stop(d, P_SHORT, f, 8);
		n = sz = 8 + 4 * (uint32_t)p[1];
		if (sz > left)
			return S_stop(d, P_SHORT, f, sz);
		break;
	default:
		if ((n = sz = S_fixed(d, t)) == 0) {
			/* An unknown inType: the rest, in hex. */
			n = sz = left;
			*bt = ECAT_IN_BINARY;
			break;
		}
		if (sz > left)
			return S_stop(d, P_SHORT, f, sz);
		if (t >= ECAT_IN_INT8 && t <= ECAT_IN_UINT64 && sz <= 8) {
			*num = (int64_t)S_le(p, sz);
			if ((t == ECAT_IN_INT8 || t == ECAT_IN_INT16 ||
			    t == ECAT_IN_INT32) && *num >> (sz * 8 - 1))
				*num = -1;	/* negative: no count */
		} else if (t == ECAT_IN_HEXINT32 || t == ECAT_IN_HEXINT64)
			*num = (int64_t)S_le(p, sz);
		break;
	}
	bx_render(&d->b, *bt, p, n);
	d->off += sz;
text:
	val->kind = ECAT_SV_STRING;
	tl = d->b.len;
	val->s = ecat_pool_strn(d->pool, d->b.len > 0 ? d->b.buf : "", tl);
	val->len = tl;
	ecat_buf_reset(&d->b);
	if (unterm) {
		d->stop = P_UNTERM;
		d->sf = f;
		d->need = 0;
		d->at = (uint32_t)(p - d->p);
		return P_UNTERM;
	}
	return P_OK;
}

/*
 * Field f (a top-level field, or a struct's member) into *val: one
 * value, an array of count values, or the struct's members, repeated.
 */
static enum pstop
S_field(struct pdec *d, const struct ecat_field *f, const struct pnum *mem,
    uint32_t nmem, const struct pnum *top, uint32_t ntop,
    struct ecat_svalue *val, uint8_t *bt, int64_t *num)
{
	struct ecat_svalue	*items, *mv;
	struct pnum		*mn;
	const char		**names;
	int64_t			 count = 1, length = -1, n;
	uint32_t		 i, k;
	int			 isarray;
	uint8_t			 ebt = 0, mbt;
	enum pstop		 r;

	isarray = (f->flags & ECAT_FIELD_COUNT) || f->count_ref != NULL;
	if (f->count_ref != NULL)
		count = S_ref(mem, nmem, top, ntop, f->count_ref);
	else if (isarray)
		count = f->count;
	if (count < 0)
		count = 1;	/* no number to count by (lint-count-ref) */
	if (count > P_MAXITEMS)
		count = P_MAXITEMS;
	if (f->length_ref != NULL)
		length = S_ref(mem, nmem, top, ntop, f->length_ref);
	else if ((f->flags & ECAT_FIELD_LENGTH) || f->length != 0)
		length = f->length;

	*num = -1;
	*bt = 0;
	items = isarray ? ecat_pool_alloc(d->pool, (size_t)(count > 0 ?
	    count : 1) * sizeof(*items)) : val;
	for (i = 0; i < (uint32_t)count || (!isarray && i == 0); i++) {
		if (!(f->flags & ECAT_FIELD_STRUCT)) {
			r = S_scalar(d, f, length, &items[i], &ebt, &n);
			if (!isarray)
				*num = n;
			if (r != P_OK) {
				if (r == P_UNTERM && isarray)
					i++;
				count = i;
				goto out;
			}
			continue;
		}
		/* A struct: its members in order, as an object. */
		mv = ecat_pool_alloc(d->pool, (f->nmembers + 1) *
		    sizeof(*mv));
		mn = ecat_pool_alloc(d->pool, (f->nmembers + 1) *
		    sizeof(*mn));
		names = ecat_pool_alloc(d->pool, (f->nmembers + 1) *
		    sizeof(*names));
		for (k = 0; k < f->nmembers; k++) {
			names[k] = f->members[k].name;
			mn[k].name = f->members[k].name;
			r = S_field(d, &f->members[k], mn, k, top, ntop,
			    &mv[k], &mbt, &mn[k].n);
			if (r != P_OK)
				break;
		}
		items[i].kind = ECAT_SV_OBJECT;
		items[i].n = k + (k < f->nmembers && d->stop == P_UNTERM);
		items[i].items = mv;
		items[i].names = names;
		if (k < f->nmembers) {
			count = i + 1;
			r = d->stop;
			goto out;
		}
	}
	r = P_OK;
out:
	if (isarray) {
		val->kind = ECAT_SV_ARRAY;
		val->n = (uint32_t)count;
		val->items = items;
		*bt = ebt != 0 ? (uint8_t)(ebt | 0x80) : 0;
	} else
		*bt = ebt;
	return r;
}

/* The type and size a stopped field wanted, for the report. */
static void
S_want(const struct pdec *d, char *buf, size_t sz)
{
	const struct ecat_field	*f = d->sf;

	if (d->need > 0)
		snprintf(buf, sz, "%s, %u bytes", f->intype_name != NULL ?
		    f->intype_name : "?", d->need);
	else
		snprintf(buf, sz, "%s", f->intype_name != NULL ?
		    f->intype_name : "?");
}

void
ecat_vcheck_payload(struct vctx *v, struct cand *c)
{
	const struct ecat_sample	*s = v->s;
	const struct ecat_shape		*sh;
	const struct ecat_event		*ev = c->ev;
	struct ecat_event		 tev;
	struct ecat_template		 ttm;
	struct ecat_shape		 tsh;
	struct ecat_sample		 ds;
	struct ecat_sfield		*sf;
	struct ecat_pool		 pool;
	struct pdec			 d;
	struct pnum			*top;
	struct ecat_spath		 st[2] = { { "event_data", 0 },
					    { NULL, 0 } };
	uint32_t			 nf, j, nd, k;
	char				 want[64];

	sh = ev->tmpl != NULL ? ev->tmpl->shape : NULL;
	if (sh != NULL && sh->verbatim != NULL)
		return;		/* an unparsed TSV field list: no fields */
	nf = sh != NULL ? sh->nfields : 0;

	memset(&pool, 0, sizeof(pool));
	memset(&d, 0, sizeof(d));
	d.p = s->payload;
	d.len = s->payload != NULL ? s->payload_len : 0;
	d.ptrsize = s->ptrsize == 4 ? 4 : 8;
	d.pool = &pool;
	ecat_buf_init(&d.b);
	sf = ecat_pool_alloc(&pool, (nf + 1) * sizeof(*sf));
	top = ecat_pool_alloc(&pool, (nf + 1) * sizeof(*top));
	for (j = 0; j < nf; j++) {
		sf[j].name = sh->fields[j].name;
		top[j].name = sh->fields[j].name;
		if (S_field(&d, &sh->fields[j], NULL, 0, top, j, &sf[j].v,
		    &sf[j].btype, &top[j].n) != P_OK)
			break;
	}

	/* The tail: where decoding stopped, or what is left. */
	nd = j;
	if (j < nf) {
		st[1].key = sh->fields[j].name;
		S_want(&d, want, sizeof(want));
		if (d.stop == P_UNTERM) {
			nd = j + 1;
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_STRING_UNTERMINATED,
			    sh->fields[j].name, st, 2, "%s%s%s (%s) runs from "
			    "byte %u to the end of the %u-byte payload "
			    "without its NUL", sh->fields[j].name,
			    d.sf != &sh->fields[j] ? "." : "",
			    d.sf != &sh->fields[j] ? d.sf->name : "", want,
			    d.at, d.len);
		} else
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_PAYLOAD_SHORT,
			    sh->fields[j].name, st, 2, "the %u-byte payload "
			    "ends in field %u of %u, %s%s%s (%s), at byte %u",
			    d.len, j + 1, nf, sh->fields[j].name,
			    d.sf != &sh->fields[j] ? "." : "",
			    d.sf != &sh->fields[j] ? d.sf->name : "", want,
			    d.at);
	} else if (d.off < d.len) {
		for (k = d.off; k < d.len && d.p[k] == 0; k++)
			continue;
		if (k == d.len && d.len - d.off <= P_MAXPAD)
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_PAYLOAD_PADDING,
			    NULL, st, 1, "%u zero byte%s after the last "
			    "field, at byte %u of %u", d.len - d.off,
			    d.len - d.off == 1 ? "" : "s", d.off, d.len);
		else
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_PAYLOAD_TRAILING,
			    NULL, st, 1, "%u byte%s after the last field "
			    "(%u of %u), the first at byte %u%s", d.len -
			    d.off, d.len - d.off == 1 ? "" : "s", nf, nf,
			    d.off, nf == 0 ? ": the event has no fields" : "");
	}

	/*
	 * The decoded fields, checked as a JSON sample's; when decoding
	 * stopped, against the template's fields up to there (a copy),
	 * so that the ones after are not reported missing as well.
	 */
	ds = *s;
	ds.root = "event_data";
	ds.rootelem = NULL;
	ds.fields = sf;
	ds.nfields = nd;
	if (nd < nf) {
		tsh = *sh;
		tsh.nfields = nd;
		ttm = *ev->tmpl;
		ttm.shape = &tsh;
		tev = *ev;
		tev.tmpl = &ttm;
		c->ev = &tev;
	}
	v->s = &ds;
	ecat_vcheck_fields(v, c);
	ecat_vcheck_message(v, c);
	v->s = s;
	c->ev = ev;
	ecat_buf_free(&d.b);
	ecat_pool_free(&pool);
}
