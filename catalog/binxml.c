/*
 * binxml.c: decoding the binary XML of .evtx records into a tree of
 * typed values (binxml.h), and rendering a value as the text Windows
 * gives it in event XML.
 *
 * Written from the format's public description, summed up with what
 * the real files show in docs/capture-formats.md ("Binary XML",
 * "Value types"); see evtx.c for why etwcat has its own reader.
 *
 * A record's body is a fragment: a fragment header, then an element or
 * a template instance.  A template instance names its definition by
 * its offset in the chunk: defined inline the first time (the offset
 * points just past itself), referred to by later records of the chunk.
 * The chunk keeps the definitions it has shown (struct bx_chunk, by
 * offset) and the names it has decoded, for the records after.  The
 * definition is decoded with the instance's values at hand, so each
 * substitution token becomes the value it names (or, for a value of
 * type 0x21, the elements that value holds).
 *
 * Some writers leave out the element's dependency identifier (two
 * bytes) in binary XML nested in a value; an element start is read
 * with it when the name offset it gives is a well-formed name (ends
 * with its NUL character, within the chunk), else without (S_elemhead).
 *
 * Limits: damaged or hostile input never makes a read outside the
 * chunk, since every offset is checked against the range it must lie
 * in before use; nesting of elements, templates and nested values
 * together is at most S_MAX_DEPTH deep; a record is at most
 * S_MAX_STEPS tokens, however its templates refer to one another, and
 * the records of a chunk together at most S_MAX_CHUNK_STEPS, since a
 * record of a few bytes can use a template of the chunk that costs a
 * record's whole budget; so decoding time and memory are bounded per
 * record and per chunk (etwcat.1, LIMITS).  Rendering is bounded by
 * the caller's budget of text (struct bx_budget).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "binxml.h"

/* Deepest nesting of elements, templates and nested values. */
#define S_MAX_DEPTH	64
/*
 * Most tokens decoded for one record, templates and nested values
 * included.  The records of the shared captures need at most a few
 * thousand; a definition that refers to itself, or a tree of templates
 * each used many times, stops here.
 */
#define S_MAX_STEPS	(1U << 18)
/*
 * Most tokens decoded for the records of one chunk: 147 times the most
 * a chunk of the shared captures needs (28,539, over all 503 files of
 * ../shared/captures/evtx).  A 64 KiB chunk of 332 records of 50
 * bytes, each using a cached template that costs 64,800 members,
 * took 35 s to read before this bound (evtx.c's member bound off:
 * 0.46 s with it).
 */
#define S_MAX_CHUNK_STEPS	(1U << 22)
/*
 * What a rendered value costs beyond its text (bx_text): about the
 * memory a value and its node take, so that many empty values (an
 * array of empty strings used many times over) are not free.
 */
#define S_VALCOST	16

/* Slots of the per-chunk caches (powers of two). */
#define S_NNAMES	4096
#define S_NTPLS		1024

struct slot {
	uint32_t	 gen;
	uint32_t	 off;
	const char	*name;		/* names */
	uint32_t	 body, size;	/* templates */
};

struct bx_chunk {
	const uint8_t		*buf;
	uint32_t		 gen;
	uint32_t		 ntpls;
	uint32_t		 steps;	/* tokens of its records so far */
	struct ecat_pool	 pool;	/* the names, for the whole chunk */
	struct slot		 names[S_NNAMES];
	struct slot		 tpls[S_NTPLS];
};

/* A template instance's values: offset, size and type of each. */
struct sub {
	uint32_t	 off, len;
	uint8_t		 type;
};

struct subs {
	uint32_t		 n;
	const struct sub	*v;
};

struct ctx {
	struct bx_chunk		*ck;
	const uint8_t		*b;
	struct ecat_pool	*pool;
	uint32_t		 steps;
	char			*err;
	size_t			 errsz;
	int			 failed;
	int			 spent;		/* the chunk's tokens */
};

/* Where decoding stands: pos up to end, both chunk offsets. */
struct in {
	uint32_t	 pos, end;
};

/* Appending to a list of nodes. */
struct list {
	struct bx_node	**tail;
};

static int	S_doc(struct ctx *, struct in *, const struct subs *,
    struct list *, int);
static int	S_content(struct ctx *, struct in *, const struct subs *,
    struct list *, int);

/* ------------------------------------------------------------ chunks */

struct bx_chunk *
bx_chunk_new(void)
{
	struct bx_chunk	*ck;

	ck = ecat_calloc(1, sizeof(*ck));
	return ck;
}

void
bx_chunk_free(struct bx_chunk *ck)
{
	if (ck == NULL)
		return;
	ecat_pool_free(&ck->pool);
	free(ck);
}

void
bx_chunk_reset(struct bx_chunk *ck, const uint8_t *buf)
{
	ck->buf = buf;
	/* A new generation empties both caches without touching them. */
	if (++ck->gen == 0) {
		memset(ck->names, 0, sizeof(ck->names));
		memset(ck->tpls, 0, sizeof(ck->tpls));
		ck->gen = 1;
	}
	ck->ntpls = 0;
	ck->steps = 0;
	ecat_pool_reset(&ck->pool);
}

uint32_t
bx_chunk_ntemplates(const struct bx_chunk *ck)
{
	return ck->ntpls;
}

/* The slot of off in a cache of n slots: its own, or a free one, or
   NULL when the probe finds neither (the cache is full). */
static struct slot *
S_slot(struct slot *t, uint32_t n, uint32_t gen, uint32_t off)
{
	uint32_t	 h = (off * 2654435761U) & (n - 1), i;

	for (i = 0; i < 16; i++) {
		struct slot *s = &t[(h + i) & (n - 1)];

		if (s->gen != gen || s->off == off)
			return s;
	}
	return NULL;
}

static int	S_fail(struct ctx *, uint32_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Note the first error, at chunk offset at: -1. */
static int
S_fail(struct ctx *c, uint32_t at, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (c->failed++)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(c->err, c->errsz, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < c->errsz)
		snprintf(c->err + n, c->errsz - (size_t)n,
		    " (chunk offset 0x%x)", at);
	return -1;
}

/* Are n bytes left at in?  Else -1 (reported). */
static int
S_need(struct ctx *c, const struct in *in, uint32_t n, const char *what)
{
	if (in->pos > in->end || in->end - in->pos < n)
		return S_fail(c, in->pos, "%s runs past its end", what);
	return 0;
}

static int
S_step(struct ctx *c, uint32_t at)
{
	if (++c->steps > S_MAX_STEPS)
		return S_fail(c, at, "more than %u binary XML tokens",
		    S_MAX_STEPS);
	if (++c->ck->steps > S_MAX_CHUNK_STEPS) {
		c->spent = 1;
		return S_fail(c, at, "the chunk's records use more than %u "
		    "binary XML tokens", S_MAX_CHUNK_STEPS);
	}
	return 0;
}

static struct bx_node *
S_node(struct ctx *c, struct list *l, enum bx_kind kind)
{
	struct bx_node	*n;

	n = ecat_pool_alloc(c->pool, sizeof(*n));
	n->kind = (uint8_t)kind;
	*l->tail = n;
	l->tail = &n->next;
	return n;
}

/* ------------------------------------------------------------- text */

static void
S_putcp(struct ecat_buf *o, uint32_t cp)
{
	char	 u[4];

	if (cp < 0x80)
		ecat_buf_putc(o, (int)cp);
	else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		ecat_buf_put(o, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		ecat_buf_put(o, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		ecat_buf_put(o, u, 4);
	}
}

/* n UTF-16LE code units at p as UTF-8; an unpaired surrogate is
   U+FFFD. */
static void
S_utf16(struct ecat_buf *o, const uint8_t *p, size_t n)
{
	size_t		 i;
	uint32_t	 u, v;

	for (i = 0; i < n; i++) {
		u = bx_u16(p + 2 * i);
		if (u >= 0xd800 && u < 0xdc00 && i + 1 < n &&
		    (v = bx_u16(p + 2 * i + 2)) >= 0xdc00 && v < 0xe000) {
			S_putcp(o, 0x10000 + ((u - 0xd800) << 10) +
			    (v - 0xdc00));
			i++;
		} else if (u >= 0xd800 && u < 0xe000)
			S_putcp(o, 0xfffd);
		else
			S_putcp(o, u);
	}
}

static const char *
S_pooltext(struct ecat_pool *pool, const struct ecat_buf *o, size_t *lenp)
{
	*lenp = o->len;
	return ecat_pool_strn(pool, o->len ? o->buf : "", o->len);
}

/* ------------------------------------------------------------ names */

/* Is a well-formed name at off (past the chunk header, its NUL
   character where its length says, within the chunk)?  Its size in
   bytes, or 0. */
static uint32_t
S_namesize(const uint8_t *b, uint32_t off)
{
	uint32_t	 n;

	if (off < BX_HEADER || off > BX_CHUNK - 10)
		return 0;
	n = bx_u16(b + off + 6);
	if ((uint64_t)off + 10 + 2 * (uint64_t)n > BX_CHUNK ||
	    bx_u16(b + off + 8 + 2 * n) != 0)
		return 0;
	return 10 + 2 * n;
}

/* The name at chunk offset off (checked by S_namesize), decoded once
   per chunk. */
static const char *
S_name(struct ctx *c, uint32_t off)
{
	struct bx_chunk	*ck = c->ck;
	struct slot	*s;
	struct ecat_buf	 o;
	const char	*name;
	size_t		 len;

	s = S_slot(ck->names, S_NNAMES, ck->gen, off);
	if (s != NULL && s->gen == ck->gen)
		return s->name;
	ecat_buf_init(&o);
	S_utf16(&o, c->b + off + 8, bx_u16(c->b + off + 6));
	name = S_pooltext(&ck->pool, &o, &len);
	ecat_buf_free(&o);
	if (s != NULL) {
		s->gen = ck->gen;
		s->off = off;
		s->name = name;
	}
	return name;
}

/*
 * A name reference at in: a chunk offset, and the name itself when the
 * offset points just past the reference (stored inline).
 */
static int
S_nameref(struct ctx *c, struct in *in, const char **name)
{
	uint32_t	 off, sz;

	if (S_need(c, in, 4, "name offset") == -1)
		return -1;
	off = bx_u32(c->b + in->pos);
	in->pos += 4;
	if ((sz = S_namesize(c->b, off)) == 0)
		return S_fail(c, in->pos - 4, "name offset 0x%x is not a name",
		    off);
	if (off == in->pos) {
		if (S_need(c, in, sz, "name") == -1)
			return -1;
		in->pos += sz;
	}
	*name = S_name(c, off);
	return 0;
}

/* ----------------------------------------------------------- values */

/* A text node of UTF-8 bytes (entity and character references). */
static void
S_utf8node(struct ctx *c, struct list *l, const char *s, size_t n)
{
	struct bx_node	*v = S_node(c, l, BX_VALUE);

	v->type = BX_T_STRING;
	v->flags = BX_F_UTF8;
	v->p = (const uint8_t *)ecat_pool_strn(c->pool, s, n);
	v->len = (uint32_t)n;
}

/* A substitution token (normal or optional): the value it names. */
static int
S_sub(struct ctx *c, struct in *in, const struct subs *s, struct list *l,
    int depth)
{
	const struct sub	*v;
	struct bx_node		*n;
	struct in		 nested;
	uint32_t		 at = in->pos;
	uint16_t		 idx;
	uint8_t			 decl;

	if (S_need(c, in, 4, "substitution") == -1)
		return -1;
	idx = bx_u16(c->b + in->pos + 1);
	decl = c->b[in->pos + 3];
	in->pos += 4;
	if (s == NULL || idx >= s->n)
		return S_fail(c, at, "substitution %u of %u values", idx,
		    s != NULL ? s->n : 0);
	v = &s->v[idx];
	/* A null value (or an empty one) gives nothing: the attribute or
	   element it would have filled stays empty.  An empty array is
	   one empty item (bx_items). */
	if (v->type == BX_T_NULL || (v->len == 0 && !(v->type & BX_T_ARRAY)))
		return 0;
	if (v->type == BX_T_BINXML) {
		if (depth + 1 > S_MAX_DEPTH)
			return S_fail(c, at, "nested deeper than %d",
			    S_MAX_DEPTH);
		nested.pos = v->off;
		nested.end = v->off + v->len;
		return S_doc(c, &nested, NULL, l, depth + 1);
	}
	n = S_node(c, l, BX_VALUE);
	n->type = v->type;
	n->decl = decl;
	n->flags = BX_F_SUB;
	n->p = c->b + v->off;
	n->len = v->len;
	return 0;
}

static const struct {
	const char	*name;
	const char	*text;
} entities[] = {
	{ "lt", "<" }, { "gt", ">" }, { "amp", "&" }, { "quot", "\"" },
	{ "apos", "'" }
};

/*
 * One token of character data at in: value text, a substitution, a
 * character or entity reference, CDATA.  Returns 1 when one was read,
 * 0 when the token is not character data, -1 on error.
 */
static int
S_value(struct ctx *c, struct in *in, const struct subs *s, struct list *l,
    int depth)
{
	struct bx_node	*n;
	struct ecat_buf	 o;
	const char	*name;
	uint32_t	 at = in->pos, nch;
	size_t		 i;
	uint8_t		 t;

	if (in->pos >= in->end)
		return 0;
	t = c->b[in->pos];
	switch (t) {
	case 0x05:
	case 0x45:
	case 0x07:
	case 0x47:
		/* Value text (a type byte, 0x01) or CDATA: counted UTF-16. */
		i = (t & 0x0f) == 0x05 ? 2 : 1;
		if (S_need(c, in, (uint32_t)i + 2, "value text") == -1)
			return -1;
		if (i == 2 && c->b[in->pos + 1] != BX_T_STRING)
			return S_fail(c, at, "value text of type 0x%02x",
			    c->b[in->pos + 1]);
		nch = bx_u16(c->b + in->pos + i);
		in->pos += (uint32_t)i + 2;
		if (S_need(c, in, 2 * nch, "value text") == -1)
			return -1;
		n = S_node(c, l, BX_VALUE);
		n->type = BX_T_STRING;
		n->p = c->b + in->pos;
		n->len = 2 * nch;
		in->pos += 2 * nch;
		return S_step(c, at) == -1 ? -1 : 1;
	case 0x0d:
	case 0x0e:
		if (S_sub(c, in, s, l, depth) == -1)
			return -1;
		return S_step(c, at) == -1 ? -1 : 1;
	case 0x08:
	case 0x48:
		if (S_need(c, in, 3, "character reference") == -1)
			return -1;
		ecat_buf_init(&o);
		S_utf16(&o, c->b + in->pos + 1, 1);
		S_utf8node(c, l, o.buf, o.len);
		ecat_buf_free(&o);
		in->pos += 3;
		return S_step(c, at) == -1 ? -1 : 1;
	case 0x09:
	case 0x49:
		in->pos++;
		if (S_nameref(c, in, &name) == -1)
			return -1;
		for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
			if (strcmp(name, entities[i].name) == 0)
				break;
		if (i == sizeof(entities) / sizeof(entities[0]))
			return S_fail(c, at, "unknown entity &%s;", name);
		S_utf8node(c, l, entities[i].text, strlen(entities[i].text));
		return S_step(c, at) == -1 ? -1 : 1;
	default:
		return 0;
	}
}

/* ---------------------------------------------------------- elements */

/*
 * Is the element start at in written with a dependency identifier?  1
 * or 0 by where a well-formed name is (file header comment), -1 when
 * neither reading gives one.
 */
static int
S_elemhead(struct ctx *c, const struct in *in)
{
	uint32_t	 p = in->pos, off;

	if (in->end - p >= 11) {
		off = bx_u32(c->b + p + 7);
		if (S_namesize(c->b, off) != 0 && (off == p + 11 || off < p))
			return 1;
	}
	if (in->end - p >= 9) {
		off = bx_u32(c->b + p + 5);
		if (S_namesize(c->b, off) != 0 && (off == p + 9 || off < p))
			return 0;
	}
	return -1;
}

static int
S_elem(struct ctx *c, struct in *in, const struct subs *s, struct list *l,
    int depth)
{
	struct bx_node	*e, *a;
	struct list	 al, cl, vl;
	uint32_t	 at = in->pos;
	uint8_t		 t = c->b[in->pos];
	int		 dep, r;

	if (depth + 1 > S_MAX_DEPTH)
		return S_fail(c, at, "nested deeper than %d", S_MAX_DEPTH);
	if (S_step(c, at) == -1)
		return -1;
	if ((dep = S_elemhead(c, in)) == -1)
		return S_fail(c, at, "element start without a name");
	in->pos += dep ? 7 : 5;
	e = S_node(c, l, BX_ELEM);
	if (S_nameref(c, in, &e->name) == -1)
		return -1;
	al.tail = &e->attrs;
	cl.tail = &e->child;
	if (t & 0x40) {
		if (S_need(c, in, 4, "attribute list") == -1)
			return -1;
		in->pos += 4;
		while (in->pos < in->end &&
		    (c->b[in->pos] == 0x06 || c->b[in->pos] == 0x46)) {
			if (S_step(c, in->pos) == -1)
				return -1;
			in->pos++;
			a = ecat_pool_alloc(c->pool, sizeof(*a));
			a->kind = BX_ATTR;
			if (S_nameref(c, in, &a->name) == -1)
				return -1;
			vl.tail = &a->child;
			while ((r = S_value(c, in, s, &vl, depth + 1)) == 1)
				continue;
			if (r == -1)
				return -1;
			/* An attribute whose values were all null is not
			   written. */
			if (a->child != NULL) {
				*al.tail = a;
				al.tail = &a->next;
			}
		}
	}
	if (S_need(c, in, 1, "element start") == -1)
		return -1;
	switch (c->b[in->pos++]) {
	case 0x03:
		return 0;
	case 0x02:
		return S_content(c, in, s, &cl, depth + 1);
	default:
		return S_fail(c, in->pos - 1, "element <%s> start ends with "
		    "token 0x%02x", e->name, c->b[in->pos - 1]);
	}
}

/* ---------------------------------------------------------- templates */

/*
 * A template instance at in: its definition (inline, or one the chunk
 * has shown), its values, and the definition decoded with them.
 */
static int
S_template(struct ctx *c, struct in *in, struct list *l, int depth)
{
	struct bx_chunk	*ck = c->ck;
	struct slot	*sl;
	struct sub	*v;
	struct subs	 s;
	struct in	 body;
	uint32_t	 at = in->pos, defoff, size, n, i, off;

	if (depth + 1 > S_MAX_DEPTH)
		return S_fail(c, at, "nested deeper than %d", S_MAX_DEPTH);
	if (S_step(c, at) == -1 || S_need(c, in, 10, "template instance") == -1)
		return -1;
	defoff = bx_u32(c->b + in->pos + 6);
	in->pos += 10;
	sl = S_slot(ck->tpls, S_NTPLS, ck->gen, defoff);
	if (defoff == in->pos) {
		/* Defined here: next offset, GUID, size, then the body. */
		if (S_need(c, in, 24, "template definition") == -1)
			return -1;
		size = bx_u32(c->b + in->pos + 20);
		in->pos += 24;
		if (S_need(c, in, size, "template definition") == -1)
			return -1;
		body.pos = in->pos;
		body.end = in->pos + size;
		in->pos += size;
	} else if (sl != NULL && sl->gen == ck->gen) {
		body.pos = sl->body;
		body.end = sl->body + sl->size;
	} else {
		/*
		 * Defined by a record this reader did not decode (a damaged
		 * one, or one before a damaged stretch): taken where the
		 * offset says if it is a template definition there.
		 */
		if (defoff < BX_HEADER || defoff > BX_CHUNK - 24 ||
		    (size = bx_u32(c->b + defoff + 20)) > BX_CHUNK - defoff - 24 ||
		    size < 4 || c->b[defoff + 24] != 0x0f)
			return S_fail(c, at, "template offset 0x%x is not a "
			    "template definition", defoff);
		body.pos = defoff + 24;
		body.end = body.pos + size;
	}
	if (sl != NULL && sl->gen != ck->gen) {
		sl->gen = ck->gen;
		sl->off = defoff;
		sl->body = body.pos;
		sl->size = body.end - body.pos;
		ck->ntpls++;
	}

	/* The values: a count, a descriptor each, then the bytes. */
	if (S_need(c, in, 4, "template values") == -1)
		return -1;
	n = bx_u32(c->b + in->pos);
	in->pos += 4;
	if (n > (in->end - in->pos) / 4)
		return S_fail(c, at, "%u template values do not fit the "
		    "record", n);
	v = ecat_pool_alloc(c->pool, (n + 1) * sizeof(*v));
	off = in->pos + 4 * n;
	for (i = 0; i < n; i++) {
		v[i].len = bx_u16(c->b + in->pos + 4 * i);
		v[i].type = c->b[in->pos + 4 * i + 2];
		v[i].off = off;
		if (v[i].len > in->end - off)
			return S_fail(c, at, "template value %u runs past the "
			    "record", i);
		off += v[i].len;
	}
	in->pos = off;
	s.n = n;
	s.v = v;
	return S_doc(c, &body, &s, l, depth + 1);
}

/* ---------------------------------------------------------- content */

/* A processing instruction's target or data: skipped. */
static int
S_pi(struct ctx *c, struct in *in)
{
	const char	*name;
	uint32_t	 n;

	if (c->b[in->pos++] == 0x0a)
		return S_nameref(c, in, &name);
	if (S_need(c, in, 2, "processing instruction") == -1)
		return -1;
	n = bx_u16(c->b + in->pos);
	in->pos += 2;
	if (S_need(c, in, 2 * n, "processing instruction") == -1)
		return -1;
	in->pos += 2 * n;
	return 0;
}

/* An element's content, up to its end token. */
static int
S_content(struct ctx *c, struct in *in, const struct subs *s,
    struct list *l, int depth)
{
	uint8_t		 t;
	int		 r;

	while (in->pos < in->end) {
		if ((r = S_value(c, in, s, l, depth)) == -1)
			return -1;
		if (r == 1)
			continue;
		if (S_step(c, in->pos) == -1)
			return -1;
		switch (t = c->b[in->pos]) {
		case 0x04:
			in->pos++;
			return 0;
		case 0x01:
		case 0x41:
			r = S_elem(c, in, s, l, depth);
			break;
		case 0x0a:
		case 0x0b:
			r = S_pi(c, in);
			break;
		case 0x0c:
			r = S_template(c, in, l, depth);
			break;
		case 0x0f:
			r = S_need(c, in, 4, "fragment header");
			in->pos += 4;
			break;
		default:
			return S_fail(c, in->pos, "token 0x%02x in element "
			    "content", t);
		}
		if (r == -1)
			return -1;
	}
	return S_fail(c, in->pos, "element runs past its end");
}

/*
 * A document (a record's body, a template definition, a nested binary
 * XML value): fragment headers, elements, template instances, up to
 * the end-of-file token or the end of the range.
 */
static int
S_doc(struct ctx *c, struct in *in, const struct subs *s, struct list *l,
    int depth)
{
	uint8_t		 t;
	int		 r;

	while (in->pos < in->end) {
		if (S_step(c, in->pos) == -1)
			return -1;
		switch (t = c->b[in->pos]) {
		case 0x00:
			in->pos++;
			return 0;
		case 0x0f:
			if (S_need(c, in, 4, "fragment header") == -1)
				return -1;
			in->pos += 4;
			continue;
		case 0x01:
		case 0x41:
			r = S_elem(c, in, s, l, depth);
			break;
		case 0x0c:
			r = S_template(c, in, l, depth);
			break;
		case 0x0a:
		case 0x0b:
			r = S_pi(c, in);
			break;
		default:
			if ((r = S_value(c, in, s, l, depth)) == 0)
				return S_fail(c, in->pos, "token 0x%02x at "
				    "the top of a document", t);
			break;
		}
		if (r == -1)
			return -1;
	}
	return 0;
}

int
bx_decode(struct bx_chunk *ck, struct ecat_pool *pool, uint32_t off,
    uint32_t end, struct bx_node **root, char *err, size_t sz)
{
	struct ctx	 c;
	struct in	 in;
	struct list	 l;
	struct bx_node	*top = NULL, *n;

	*root = NULL;
	if (end > BX_CHUNK || off > end) {
		snprintf(err, sz, "record outside its chunk");
		return -1;
	}
	if (ck->steps > S_MAX_CHUNK_STEPS) {
		snprintf(err, sz, "the chunk's records use more than %u "
		    "binary XML tokens", S_MAX_CHUNK_STEPS);
		return -2;
	}
	memset(&c, 0, sizeof(c));
	c.ck = ck;
	c.b = ck->buf;
	c.pool = pool;
	c.err = err;
	c.errsz = sz;
	in.pos = off;
	in.end = end;
	l.tail = &top;
	if (S_doc(&c, &in, NULL, &l, 0) == -1)
		return c.spent ? -2 : -1;
	for (n = top; n != NULL && n->kind != BX_ELEM; n = n->next)
		continue;
	if (n == NULL) {
		snprintf(err, sz, "no element");
		return -1;
	}
	*root = n;
	return 0;
}

/* ------------------------------------------------------------- tree */

const struct bx_node *
bx_child(const struct bx_node *e, const char *name)
{
	const struct bx_node	*n;

	if (e == NULL)
		return NULL;
	for (n = e->child; n != NULL; n = n->next)
		if (n->kind == BX_ELEM && strcmp(n->name, name) == 0)
			return n;
	return NULL;
}

const struct bx_node *
bx_attr(const struct bx_node *e, const char *name)
{
	const struct bx_node	*n;

	if (e == NULL)
		return NULL;
	for (n = e->attrs; n != NULL; n = n->next)
		if (strcmp(n->name, name) == 0)
			return n;
	return NULL;
}

/* --------------------------------------------------------- rendering */

/* Size of one value of a fixed-size type, or 0. */
static uint32_t
S_fixed(uint8_t t)
{
	switch (t) {
	case BX_T_INT8:
	case BX_T_UINT8:
		return 1;
	case BX_T_INT16:
	case BX_T_UINT16:
		return 2;
	case BX_T_INT32:
	case BX_T_UINT32:
	case BX_T_FLOAT:
	case BX_T_BOOL:
	case BX_T_HEX32:
		return 4;
	case BX_T_INT64:
	case BX_T_UINT64:
	case BX_T_DOUBLE:
	case BX_T_FILETIME:
	case BX_T_HEX64:
		return 8;
	case BX_T_GUID:
	case BX_T_SYSTIME:
		return 16;
	default:
		return 0;
	}
}

uint32_t
bx_items(struct ecat_pool *pool, const struct bx_node *v,
    struct bx_node **items)
{
	struct bx_node	*it;
	uint8_t		 t = v->type & 0x7f;
	uint32_t	 n = 0, i, sz, start, cnt;

	*items = NULL;
	if (!bx_isarray(v))
		return 0;
	sz = S_fixed(t);
	if (t == BX_T_SIZET)
		sz = v->len % 8 == 0 ? 8 : 4;
	/* Count first, then fill. */
	for (int pass = 0; pass < 2; pass++) {
		cnt = 0;
		i = start = 0;
		while (i < v->len) {
			uint32_t e;

			if (t == BX_T_STRING || t == BX_T_ANSI) {
				uint32_t w = t == BX_T_STRING ? 2 : 1;

				for (e = i; e + w <= v->len && (w == 2 ?
				    bx_u16(v->p + e) : v->p[e]) != 0; e += w)
					continue;
				if (e + w > v->len)
					e = v->len - (v->len - i) % w;
				start = i;
				i = e + w;
				e = e - start;
			} else if (t == BX_T_SID) {
				if (v->len - i < 8)
					break;
				e = 8 + 4 * (uint32_t)v->p[i + 1];
				if (e > v->len - i)
					e = v->len - i;
				start = i;
				i += e;
			} else if (sz != 0) {
				if (v->len - i < sz)
					break;
				start = i;
				e = sz;
				i += sz;
			} else
				break;
			if (pass == 1) {
				it = &(*items)[cnt];
				it->kind = BX_VALUE;
				it->type = t;
				it->flags = v->flags;
				it->p = v->p + start;
				it->len = e;
			}
			cnt++;
		}
		if (cnt == 0 && v->len == 0) {
			/* An empty array is rendered as one empty item. */
			if (pass == 1) {
				it = &(*items)[0];
				it->kind = BX_VALUE;
				it->type = t;
				it->flags = v->flags;
				it->p = v->p;
			}
			cnt = 1;
		}
		if (pass == 0) {
			n = cnt;
			*items = ecat_pool_alloc(pool,
			    (n + 1) * sizeof(**items));
		}
	}
	return n;
}

/* The civil date of days since 1970-01-01 (proleptic Gregorian). */
static void
S_civil(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t		 era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* A FILETIME (100 ns since 1601) as Windows writes SystemTime. */
static void
S_filetime(struct ecat_buf *o, uint64_t ft)
{
	/* Seconds from 1601-01-01 to 1970-01-01. */
	const int64_t	 epoch = 11644473600LL;
	int64_t		 secs = (int64_t)(ft / 10000000) - epoch, days, y;
	unsigned	 m, d, rem;

	days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	rem = (unsigned)(secs - days * 86400);
	S_civil(days, &y, &m, &d);
	ecat_buf_printf(o, "%04lld-%02u-%02uT%02u:%02u:%02u.%07lluZ",
	    (long long)y, m, d, rem / 3600, rem / 60 % 60, rem % 60,
	    (unsigned long long)(ft % 10000000));
	/* Windows writes nine digits: the 100 ns count, then 00. */
	o->len -= 1;
	ecat_buf_puts(o, "00Z");
}

static void
S_hex(struct ecat_buf *o, const uint8_t *p, uint32_t n)
{
	static const char	 x[] = "0123456789ABCDEF";
	uint32_t		 i;

	for (i = 0; i < n; i++) {
		ecat_buf_putc(o, x[p[i] >> 4]);
		ecat_buf_putc(o, x[p[i] & 15]);
	}
}

static void
S_guid(struct ecat_buf *o, const uint8_t *p)
{
	ecat_buf_printf(o, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X"
	    "%02X}", bx_u32(p), bx_u16(p + 4), bx_u16(p + 6), p[8], p[9], p[10],
	    p[11], p[12], p[13], p[14], p[15]);
}

static void
S_sid(struct ecat_buf *o, const uint8_t *p, uint32_t len)
{
	uint64_t	 auth = 0;
	uint32_t	 i, n;

	if (len < 8 || (n = p[1]) > (len - 8) / 4) {
		S_hex(o, p, len);
		return;
	}
	for (i = 2; i < 8; i++)
		auth = auth << 8 | p[i];
	ecat_buf_printf(o, "S-%u-%llu", p[0], (unsigned long long)auth);
	for (i = 0; i < n; i++)
		ecat_buf_printf(o, "-%u", bx_u32(p + 8 + 4 * i));
}

/* One value of a scalar type into o. */
static void
S_render(struct ecat_buf *o, uint8_t t, const uint8_t *p, uint32_t len)
{
	uint32_t	 sz = S_fixed(t), u;
	float		 f;
	double		 d;

	if (sz != 0 && len != sz && t != BX_T_BOOL) {
		/* A value of the wrong size: its bytes, as Binary is. */
		S_hex(o, p, len);
		return;
	}
	switch (t) {
	case BX_T_STRING:
		while (len >= 2 && bx_u16(p + len - 2) == 0)
			len -= 2;
		S_utf16(o, p, len / 2);
		break;
	case BX_T_ANSI:
		/* The code page is not recorded: bytes above 0x7f are
		   taken as Latin-1. */
		while (len > 0 && p[len - 1] == 0)
			len--;
		for (u = 0; u < len; u++)
			S_putcp(o, p[u]);
		break;
	case BX_T_INT8:
		ecat_buf_printf(o, "%d", (int8_t)p[0]);
		break;
	case BX_T_UINT8:
		ecat_buf_printf(o, "%u", p[0]);
		break;
	case BX_T_INT16:
		ecat_buf_printf(o, "%d", (int16_t)bx_u16(p));
		break;
	case BX_T_UINT16:
		ecat_buf_printf(o, "%u", bx_u16(p));
		break;
	case BX_T_INT32:
		ecat_buf_printf(o, "%d", (int32_t)bx_u32(p));
		break;
	case BX_T_UINT32:
		ecat_buf_printf(o, "%u", bx_u32(p));
		break;
	case BX_T_INT64:
		ecat_buf_printf(o, "%lld", (long long)(int64_t)bx_u64(p));
		break;
	case BX_T_UINT64:
		ecat_buf_printf(o, "%llu", (unsigned long long)bx_u64(p));
		break;
	case BX_T_FLOAT:
		u = bx_u32(p);
		memcpy(&f, &u, sizeof(f));
		ecat_buf_printf(o, "%.9g", (double)f);
		break;
	case BX_T_DOUBLE:
		{
			uint64_t q = bx_u64(p);

			memcpy(&d, &q, sizeof(d));
		}
		ecat_buf_printf(o, "%.17g", d);
		break;
	case BX_T_BOOL:
		/* Any size, any value other than 0 is true. */
		for (u = 0; u < len && p[u] == 0; u++)
			continue;
		ecat_buf_puts(o, u < len ? "true" : "false");
		break;
	case BX_T_GUID:
		S_guid(o, p);
		break;
	case BX_T_SIZET:
	case BX_T_HEX32:
	case BX_T_HEX64:
		if (len == 4)
			ecat_buf_printf(o, "0x%x", bx_u32(p));
		else if (len == 8)
			ecat_buf_printf(o, "0x%llx",
			    (unsigned long long)bx_u64(p));
		else
			S_hex(o, p, len);
		break;
	case BX_T_FILETIME:
		S_filetime(o, bx_u64(p));
		break;
	case BX_T_SYSTIME:
		ecat_buf_printf(o, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
		    bx_u16(p), bx_u16(p + 2), bx_u16(p + 6), bx_u16(p + 8),
		    bx_u16(p + 10), bx_u16(p + 12), bx_u16(p + 14));
		break;
	case BX_T_SID:
		S_sid(o, p, len);
		break;
	default:
		/* Binary, and types the format does not define. */
		S_hex(o, p, len);
		break;
	}
}

void
bx_render(struct ecat_buf *o, uint8_t t, const uint8_t *p, uint32_t len)
{
	S_render(o, t, p, len);
}

int
bx_isarray(const struct bx_node *v)
{
	uint8_t	 t = v->type & 0x7f;

	if (!(v->type & BX_T_ARRAY) || (v->flags & BX_F_UTF8))
		return 0;
	return t == BX_T_STRING || t == BX_T_ANSI || t == BX_T_SID ||
	    t == BX_T_SIZET || S_fixed(t) != 0;
}

int
bx_spend(struct bx_budget *b, size_t n)
{
	if (b == NULL)
		return 0;
	if (b->over || n > b->left) {
		b->over = 1;
		b->left = 0;
		return -1;
	}
	b->left -= n;
	return 0;
}

const char *
bx_text(struct ecat_pool *pool, const struct bx_node *v,
    struct bx_budget *budget, size_t *lenp)
{
	struct ecat_buf	 o;
	struct bx_node	*items;
	const char	*s;
	uint32_t	 n = 1, i;

	*lenp = 0;
	if (budget != NULL && budget->over)
		return "";
	ecat_buf_init(&o);
	if (v->flags & BX_F_UTF8)
		ecat_buf_put(&o, (const char *)v->p, v->len);
	else if (bx_isarray(v)) {
		/* Items one after another, as Windows renders them when
		   asked for the whole value. */
		n = bx_items(pool, v, &items);
		for (i = 0; i < n; i++) {
			if (i > 0)
				ecat_buf_putc(&o, ',');
			S_render(&o, items[i].type, items[i].p, items[i].len);
		}
	} else
		S_render(&o, v->type, v->p, v->len);
	/* One value is at most a chunk's bytes, so its text is bounded
	   before it is counted. */
	if (bx_spend(budget, o.len + (size_t)S_VALCOST * (n > 0 ? n : 1)) ==
	    -1) {
		ecat_buf_free(&o);
		return "";
	}
	s = S_pooltext(pool, &o, lenp);
	ecat_buf_free(&o);
	return s;
}
