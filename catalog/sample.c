/*
 * sample.c: captured sample events (SRC/builds/<build>/samples/, loose
 * sample files, standard input).
 *
 * Each event is a JSON object shaped like the example events of the
 * seed pages and ../shared/samples/README.md:
 *
 *   {"system": {"provider": "...", "guid": "{...}", "event_id": 10,
 *               "version": 0, "level": 4, ...},
 *    "event_data": {...} | "user_data": {"<Root>": {...}},
 *    "message": "..."}
 *
 * A file holds one event object, an array of them, or JSON lines (one
 * object, or an array, per line).  Each event becomes a struct
 * ecat_sample (sample.h) of plain C values handed to a callback: the
 * loader's records the (provider, id, version) as observed in the
 * build, the validator's checks the payload against the schema.  This
 * file is the only one that sees Jansson types.
 *
 * Streaming: JSON lines are read one line at a time and each line is
 * parsed, handed on and freed before the next, and the records' memory
 * (S_pool) is reused, so memory stays flat however long the file (the
 * shared corpus has 25,600 events).  A file is JSON lines when its
 * first non-blank line is a whole object or array by its brackets (a
 * .jsonl file always is); otherwise it is one pretty-printed document,
 * read whole (up to 256 MiB, etwcat.1 LIMITS), whose array elements are
 * still parsed one at a time so that a bad element is reported at its
 * own line.  Standard input is told apart the same way, without
 * seeking.
 *
 * Numbers: the seed pages write event_id and version as JSON numbers,
 * the shared corpus as strings, sometimes padded ("    4168") or in
 * hex.  All of these are accepted.  Integers are decoded exactly:
 * Jansson's json_int_t is 64-bit signed, and seed 003 writes keywords
 * 0x8000000000000010 as the decimal 9223372036854775824, which Jansson
 * refuses ("too big integer") and a double would round to 2^63, losing
 * the keyword bits the validator compares.  When Jansson reports such
 * an overflow, the text is parsed again with every integer of 19 or
 * more digits outside strings turned into a string marked by a leading
 * NUL (S_quote_big), which the record gives back as an integer with its
 * exact digits.
 *
 * A null or empty version counts as 0: null is what the EVTX converter
 * writes when <Version> is absent, which classic event-log providers
 * do, and 0 is the descriptor's default (manifest reference §1.4).  A
 * version member missing altogether also counts as 0, with a
 * sample-no-version note, since there the converter dropped a value
 * that may not have been 0.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "load.h"
#include "sample.h"

/* The event descriptor's Id is 16 bits, its Version 8 (manifest §1.4). */
#define S_MAX_ID	65535
#define S_MAX_VERSION	255
/* Largest document read whole (etwcat.1, LIMITS; as source.c). */
#define S_MAX_DOC	(256UL * 1024 * 1024)
/* Values nested deeper are kept as empty arrays or objects. */
#define S_MAX_DEPTH	32
/* Digits from which an integer may not fit json_int_t. */
#define S_BIG_DIGITS	19

/* --------------------------------------------------------------- pool */

/*
 * The records' memory: blocks reused for every event.  S_preset()
 * keeps the first block and frees any others an unusually large event
 * needed, so the footprint is one block plus the largest event.
 */
struct pblock {
	struct pblock	*next;
	size_t		 used;
	size_t		 cap;
	/* data follows, 8-byte aligned */
};

#define S_PBLOCK	(64 * 1024)
#define S_PDATA(b)	((char *)(b) + sizeof(struct pblock))

struct pool {
	struct pblock	*head;
	struct pblock	*cur;
};

static struct pblock *
S_pblock(size_t cap)
{
	struct pblock	*b;

	b = ecat_malloc(sizeof(*b) + cap);
	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	return b;
}

/* n bytes, 8-byte aligned, valid until the next S_preset(). */
static void *
S_palloc(struct pool *p, size_t n)
{
	struct pblock	*b;
	void		*v;

	n = (n + 7) & ~(size_t)7;
	if (p->head == NULL)
		p->head = p->cur = S_pblock(S_PBLOCK);
	b = p->cur;
	if (b->used + n > b->cap) {
		if (b->next == NULL || b->next->cap < n) {
			struct pblock *nb = S_pblock(n > S_PBLOCK ? n :
			    S_PBLOCK);

			nb->next = b->next;
			b->next = nb;
		}
		b = p->cur = b->next;
		b->used = 0;
	}
	v = S_PDATA(b) + b->used;
	b->used += n;
	return v;
}

static char *
S_pstrn(struct pool *p, const char *s, size_t n)
{
	char	*d = S_palloc(p, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void
S_preset(struct pool *p)
{
	struct pblock	*b, *next;

	if (p->head == NULL)
		return;
	for (b = p->head->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	p->head->next = NULL;
	p->head->used = 0;
	p->cur = p->head;
}

static void
S_pfree(struct pool *p)
{
	S_preset(p);
	free(p->head);
	p->head = p->cur = NULL;
}

/* ----------------------------------------------------------- context */

struct sctx {
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	const char		*file;	/* interned name for diagnostics */
	unsigned		 flags;	/* ECAT_SR_* */
	ecat_sample_fn		 fn;
	void			*arg;
	struct pool		 pool;
	struct ecat_buf		 qbuf;	/* S_quote_big output */
	int			 quoted; /* the text parsed was quoted */
	uint64_t		 nbytes;
};

/* Where an event is: set by the readers, copied into the record. */
struct where {
	uint32_t	 line, col;
	const char	*path;		/* "" or "[3]" */
	const char	*text;
	size_t		 textlen;
	uint32_t	 textline, textcol;
	int64_t		 textindex;
};

static void
S_malformed(struct sctx *c, uint32_t line, uint32_t col, const char *prov,
    int64_t id, const char *fmt, ...)
{
	struct ecat_loc		 loc;
	struct ecat_msgctx	 ctx;
	va_list			 ap;

	if (c->flags & ECAT_SR_QUIET)
		return;
	loc.file = c->file;
	loc.line = line;
	loc.col = col;
	ctx.build = c->b->id;
	ctx.provider = prov;
	ctx.event_id = id;
	ctx.version = -1;
	ctx.field = NULL;
	va_start(ap, fmt);
	ecat_vmsgx(c->cat->diag, ECAT_MSG_SAMPLE_MALFORMED, &loc, &ctx, fmt,
	    ap);
	va_end(ap);
}

/* Is v a big integer that S_quote_big turned into a string? */
static int
S_isbig(const struct sctx *c, const json_t *v)
{
	return c->quoted && json_is_string(v) &&
	    json_string_length(v) > 1 && json_string_value(v)[0] == '\0';
}

/* A short, printable rendering of a JSON value for diagnostics. */
static const char *
S_show(const struct sctx *c, const json_t *v, char *buf, size_t sz)
{
	if (S_isbig(c, v)) {
		snprintf(buf, sz, "%.40s", json_string_value(v) + 1);
		return buf;
	}
	switch (json_typeof(v)) {
	case JSON_STRING:
		snprintf(buf, sz, "\"%.40s%s\"", json_string_value(v),
		    json_string_length(v) > 40 ? "..." : "");
		return buf;
	case JSON_REAL:
		snprintf(buf, sz, "%.17g", json_real_value(v));
		return buf;
	case JSON_INTEGER:
		snprintf(buf, sz, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return buf;
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/*
 * A descriptor number written as a JSON number or as a string of
 * decimal or 0x-hex digits, possibly padded with spaces.  Returns 1 and
 * sets *out, 0 if absent (missing, null, or a blank string), -1 if not
 * a whole number from 0 to max.
 */
static int
S_number(const struct sctx *c, const json_t *v, unsigned long max,
    uint32_t *out)
{
	const char	*s;
	char		*end;
	unsigned long	 n;
	double		 d;
	int		 base = 10;

	if (v == NULL || json_is_null(v))
		return 0;
	if (S_isbig(c, v))
		return -1;
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0 ||
		    (unsigned long long)json_integer_value(v) > max)
			return -1;
		*out = (uint32_t)json_integer_value(v);
		return 1;
	}
	if (json_is_real(v)) {
		d = json_real_value(v);
		if (!(d >= 0 && d <= (double)max) ||
		    (double)(unsigned long)d != d)
			return -1;
		*out = (uint32_t)d;
		return 1;
	}
	if (!json_is_string(v))
		return -1;
	s = json_string_value(v);
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!isxdigit((unsigned char)*s))
			return -1;
	} else if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoul(s, &end, base);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end != '\0' || errno == ERANGE || n > max)
		return -1;
	*out = (uint32_t)n;
	return 1;
}

/* ------------------------------------------------------- conversion */

/* Convert a Jansson value into v, in the pool. */
static void
S_conv(struct sctx *c, const json_t *j, struct ecat_svalue *v, int depth)
{
	struct ecat_svalue	*items;
	const char		**names;
	const char		*key;
	json_t			*val;
	char			 num[32];
	size_t			 i, n;
	int			 len;

	memset(v, 0, sizeof(*v));
	if (j == NULL)
		return;
	if (S_isbig(c, j)) {
		char	*end;

		v->kind = ECAT_SV_INT;
		v->s = json_string_value(j) + 1;
		v->len = json_string_length(j) - 1;
		errno = 0;
		v->i = strtoll(v->s, &end, 10);
		v->big = errno == ERANGE || *end != '\0';
		v->d = strtod(v->s, NULL);
		return;
	}
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v->kind = ECAT_SV_OBJECT;
		if (depth >= S_MAX_DEPTH)
			return;
		n = json_object_size(j);
		items = S_palloc(&c->pool, (n + 1) * sizeof(*items));
		names = S_palloc(&c->pool, (n + 1) * sizeof(*names));
		i = 0;
		/* Jansson keeps members in insertion (file) order. */
		json_object_foreach((json_t *)j, key, val) {
			if (i == n)
				break;
			names[i] = key;
			S_conv(c, val, &items[i], depth + 1);
			i++;
		}
		v->n = (uint32_t)i;
		v->items = items;
		v->names = names;
		return;
	case JSON_ARRAY:
		v->kind = ECAT_SV_ARRAY;
		if (depth >= S_MAX_DEPTH)
			return;
		n = json_array_size(j);
		items = S_palloc(&c->pool, (n + 1) * sizeof(*items));
		for (i = 0; i < n; i++)
			S_conv(c, json_array_get(j, i), &items[i], depth + 1);
		v->n = (uint32_t)n;
		v->items = items;
		return;
	case JSON_STRING:
		v->kind = ECAT_SV_STRING;
		v->s = json_string_value(j);
		v->len = json_string_length(j);
		return;
	case JSON_INTEGER:
		v->kind = ECAT_SV_INT;
		v->i = json_integer_value(j);
		v->d = (double)v->i;
		len = snprintf(num, sizeof(num), "%" PRId64, v->i);
		v->s = S_pstrn(&c->pool, num, (size_t)len);
		v->len = (size_t)len;
		return;
	case JSON_REAL:
		v->kind = ECAT_SV_REAL;
		v->d = json_real_value(j);
		len = snprintf(num, sizeof(num), "%.17g", v->d);
		v->s = S_pstrn(&c->pool, num, (size_t)len);
		v->len = (size_t)len;
		return;
	case JSON_TRUE:
		v->kind = ECAT_SV_TRUE;
		v->s = "true";
		v->len = 4;
		return;
	case JSON_FALSE:
		v->kind = ECAT_SV_FALSE;
		v->s = "false";
		v->len = 5;
		return;
	default:
		v->kind = ECAT_SV_NULL;
		return;
	}
}

/* ------------------------------------------------------------ events */

/*
 * Check one event object found at w, report it if malformed, fill a
 * record and hand it to the callback (malformed ones too).
 */
static void
S_event(struct sctx *c, const json_t *ev, const struct where *w)
{
	struct ecat_sample	 r;
	const json_t		*sys, *prov, *guid, *v, *pay;
	uint32_t		 id = 0, version = 0;
	char			 show[64];
	const char		*key;
	json_t			*val;

	memset(&r, 0, sizeof(r));
	r.loc.file = c->file;
	r.loc.line = w->line;
	r.loc.col = w->col;
	r.path = w->path;
	r.build = c->b;
	r.text = w->text;
	r.textlen = w->textlen;
	r.textline = w->textline;
	r.textcol = w->textcol;
	r.textindex = w->textindex;
	r.impl = ev;
	r.malformed = 1;

	if (!json_is_object(ev)) {
		S_malformed(c, w->line, w->col, NULL, -1,
		    "expected an event object, found %s",
		    S_show(c, ev, show, sizeof(show)));
		goto out;
	}
	if (!json_is_object(sys = json_object_get(ev, "system"))) {
		S_malformed(c, w->line, w->col, NULL, -1,
		    "no \"system\" object");
		goto out;
	}
	prov = json_object_get(sys, "provider");
	if (!json_is_string(prov) || json_string_length(prov) == 0 ||
	    json_string_value(prov)[0] == '\0') {
		S_malformed(c, w->line, w->col, NULL, -1,
		    "no system.provider name");
		goto out;
	}
	r.provider = json_string_value(prov);
	guid = json_object_get(sys, "guid");
	if (json_is_string(guid) && json_string_length(guid) > 0)
		r.guid = json_string_value(guid);

	v = json_object_get(sys, "event_id");
	switch (S_number(c, v, S_MAX_ID, &id)) {
	case 1:
		break;
	case 0:
		S_malformed(c, w->line, w->col, r.provider, -1,
		    "no system.event_id");
		goto out;
	default:
		S_malformed(c, w->line, w->col, r.provider, -1,
		    "system.event_id %s is not a number from 0 to %d",
		    S_show(c, v, show, sizeof(show)), S_MAX_ID);
		goto out;
	}
	v = json_object_get(sys, "version");
	if (S_number(c, v, S_MAX_VERSION, &version) == -1) {
		S_malformed(c, w->line, w->col, r.provider, id,
		    "system.version %s is not a number from 0 to %d",
		    S_show(c, v, show, sizeof(show)), S_MAX_VERSION);
		goto out;
	}
	if (v == NULL && !(c->flags & ECAT_SR_QUIET)) {
		/*
		 * No member at all, unlike null: the converter dropped it,
		 * so 0 is a guess; say so (13 of seed 001's examples).
		 */
		struct ecat_loc		 loc = { c->file, w->line, w->col };
		struct ecat_msgctx	 ctx = { c->b->id, r.provider, id, -1,
		    NULL };

		ecat_msgx(c->cat->diag, ECAT_MSG_SAMPLE_NO_VERSION, &loc, &ctx,
		    "%s event %u", r.provider, id);
	}
	r.malformed = 0;
	r.event_id = id;
	r.version = (uint16_t)version;
	r.version_missing = v == NULL;

	S_conv(c, guid, &r.sys_guid, 1);
	S_conv(c, json_object_get(sys, "event_id"), &r.sys_event_id, 1);
	S_conv(c, v, &r.sys_version, 1);
	S_conv(c, json_object_get(sys, "level"), &r.level, 1);
	S_conv(c, json_object_get(sys, "task"), &r.task, 1);
	S_conv(c, json_object_get(sys, "opcode"), &r.opcode, 1);
	S_conv(c, json_object_get(sys, "keywords"), &r.keywords, 1);
	S_conv(c, json_object_get(sys, "channel"), &r.channel, 1);
	S_conv(c, json_object_get(ev, "message"), &r.message, 1);

	/*
	 * The payload: event_data, or user_data's one root element
	 * (README of ../shared/samples).  A root element that is not an
	 * object (an empty <ServiceShutdown/> converts to "") has no
	 * members.
	 */
	pay = NULL;
	if ((v = json_object_get(ev, "event_data")) != NULL &&
	    !json_is_null(v)) {
		r.root = "event_data";
		pay = v;
	} else if ((v = json_object_get(ev, "user_data")) != NULL &&
	    !json_is_null(v)) {
		r.root = "user_data";
		if (json_is_object(v)) {
			json_object_foreach((json_t *)v, key, val) {
				r.rootelem = key;
				pay = val;
				break;
			}
		} else
			pay = v;
	}
	if (pay != NULL && json_is_object(pay)) {
		struct ecat_sfield	*f;
		size_t			 n = json_object_size(pay), i = 0;

		f = S_palloc(&c->pool, (n + 1) * sizeof(*f));
		json_object_foreach((json_t *)pay, key, val) {
			if (i == n)
				break;
			f[i].name = key;
			S_conv(c, val, &f[i].v, 2);
			i++;
		}
		r.nfields = (uint32_t)i;
		r.fields = f;
	} else if (pay != NULL && !json_is_string(pay)) {
		/* A payload that is an array or number: one nameless
		   member, which the validator reports as unexpected. */
		struct ecat_sfield	*f;

		f = S_palloc(&c->pool, sizeof(*f));
		f->name = "";
		S_conv(c, pay, &f->v, 2);
		r.nfields = 1;
		r.fields = f;
	}
out:
	if (c->fn != NULL)
		c->fn(&r, c->arg);
	S_preset(&c->pool);
}

/* An event, or an array of events (one level), found at w. */
static void
S_value(struct sctx *c, const json_t *v, const struct where *w)
{
	struct where	 e;
	char		 path[32];
	size_t		 i;

	if (!json_is_array(v)) {
		S_event(c, v, w);
		return;
	}
	for (i = 0; i < json_array_size(v); i++) {
		e = *w;
		snprintf(path, sizeof(path), "%s[%zu]", w->path, i);
		e.path = path;
		e.textindex = (int64_t)i;
		S_event(c, json_array_get(v, i), &e);
	}
}

/* ------------------------------------------------------- big numbers */

/*
 * Copy s into c->qbuf with every integer literal of S_BIG_DIGITS or
 * more digits outside strings written as a string whose first byte is
 * NUL ("\u0000" and the digits).  JSON has no other bare tokens with
 * digits, so a '-' or digit outside a string starts a number.
 * Returns 1 if anything was quoted.
 */
static int
S_quote_big(struct sctx *c, const char *s, size_t len)
{
	size_t	 i = 0, st, nd;
	int	 instr = 0, any = 0, integer;

	ecat_buf_reset(&c->qbuf);
	while (i < len) {
		if (instr) {
			st = i;
			while (i < len && s[i] != '"' && s[i] != '\\')
				i++;
			if (i < len && s[i] == '\\')
				i = i + 2 <= len ? i + 2 : len;
			else if (i < len) {
				instr = 0;
				i++;
			}
			ecat_buf_put(&c->qbuf, s + st, i - st);
			continue;
		}
		if (s[i] == '"') {
			instr = 1;
			ecat_buf_putc(&c->qbuf, '"');
			i++;
			continue;
		}
		if (s[i] != '-' && !isdigit((unsigned char)s[i])) {
			ecat_buf_putc(&c->qbuf, s[i]);
			i++;
			continue;
		}
		st = i;
		if (s[i] == '-')
			i++;
		for (nd = 0; i < len && isdigit((unsigned char)s[i]); i++)
			nd++;
		integer = 1;
		while (i < len && (isdigit((unsigned char)s[i]) ||
		    s[i] == '.' || s[i] == 'e' || s[i] == 'E' ||
		    s[i] == '+' || s[i] == '-')) {
			integer = 0;
			i++;
		}
		if (integer && nd >= S_BIG_DIGITS) {
			ecat_buf_puts(&c->qbuf, "\"\\u0000");
			ecat_buf_put(&c->qbuf, s + st, i - st);
			ecat_buf_putc(&c->qbuf, '"');
			any = 1;
		} else
			ecat_buf_put(&c->qbuf, s + st, i - st);
	}
	ecat_buf_put(&c->qbuf, "", 0);
	return any;
}

/* Does s hold a run of S_BIG_DIGITS digits anywhere?  1 or 0. */
static int
S_has_big(const char *s, size_t len)
{
	size_t	 i, run = 0;

	for (i = 0; i < len; i++) {
		if (isdigit((unsigned char)s[i])) {
			if (++run >= S_BIG_DIGITS)
				return 1;
		} else
			run = 0;
	}
	return 0;
}

/* --------------------------------------------------------- JSON lines */

/* The line without a UTF-8 byte order mark and trailing CR/LF (the
   buffer is not changed: a document keeps its bytes). */
static char *
S_trim_line(char *s, size_t *len, int first)
{
	if (first && *len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		*len -= 3;
	}
	while (*len > 0 && (s[*len - 1] == '\n' || s[*len - 1] == '\r'))
		--*len;
	return s;
}

static int
S_blank(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * Is this first non-blank line a whole object or array by its brackets
 * ("{...}" or "[...]")?  A pretty-printed document opens with a line
 * that does not close.  Returns 1 or 0.
 */
static int
S_whole(const char *s, size_t len)
{
	size_t	 b, e;

	for (b = 0; b < len && isspace((unsigned char)s[b]); b++)
		continue;
	for (e = len; e > b && isspace((unsigned char)s[e - 1]); e--)
		continue;
	return e - b >= 2 && ((s[b] == '{' && s[e - 1] == '}') ||
	    (s[b] == '[' && s[e - 1] == ']'));
}

/* Parse and hand on one non-blank line. */
static void
S_line(struct sctx *c, char *s, size_t len, uint32_t lineno)
{
	struct where	 w;
	json_error_t	 err;
	json_t		*v;

	c->quoted = 0;
	if ((v = json_loadb(s, len, 0, &err)) == NULL &&
	    json_error_code(&err) == json_error_numeric_overflow &&
	    S_quote_big(c, s, len)) {
		json_error_t	 err2;

		c->quoted = 1;
		/* Another error than the overflow is the one to report. */
		if ((v = json_loadb(c->qbuf.buf, c->qbuf.len, JSON_ALLOW_NUL,
		    &err2)) == NULL)
			err = err2;
	}
	if (v == NULL) {
		S_malformed(c, lineno, err.column > 0 ?
		    (uint32_t)err.column : 0, NULL, -1, "%s", err.text);
		if (c->fn != NULL) {
			struct ecat_sample r;

			memset(&r, 0, sizeof(r));
			r.loc.file = c->file;
			r.loc.line = lineno;
			r.path = "";
			r.build = c->b;
			r.malformed = 1;
			c->fn(&r, c->arg);
		}
		return;
	}
	w.line = lineno;
	w.col = 1;
	w.path = "";
	w.text = s;
	w.textlen = len;
	w.textline = lineno;
	w.textcol = 1;
	w.textindex = -1;
	S_value(c, v, &w);
	json_decref(v);
}

/* ----------------------------------------------------------- documents */

struct cursor {
	const char	*buf;
	size_t		 len;
	size_t		 pos;
	uint32_t	 line;		/* line of buf[pos], from 1 */
	size_t		 linestart;	/* offset of that line's start */
};

static uint32_t
S_col(const struct cursor *k)
{
	return (uint32_t)(k->pos - k->linestart + 1);
}

static void
S_advance(struct cursor *k, size_t n)
{
	for (; n > 0 && k->pos < k->len; n--, k->pos++)
		if (k->buf[k->pos] == '\n') {
			k->line++;
			k->linestart = k->pos + 1;
		}
}

static void
S_skipws(struct cursor *k)
{
	while (k->pos < k->len && isspace((unsigned char)k->buf[k->pos]))
		S_advance(k, 1);
}

/*
 * Parse the one JSON value starting at the cursor and move past it.
 * Returns the value, or NULL after reporting a syntax error (the
 * document cannot be resynchronised after one).
 */
static json_t *
S_parse_one(struct sctx *c, struct cursor *k)
{
	json_error_t	 err;
	json_t		*v;
	uint32_t	 line, col;

	v = json_loadb(k->buf + k->pos, k->len - k->pos,
	    JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY |
	    (c->quoted ? JSON_ALLOW_NUL : 0), &err);
	if (v == NULL) {
		/* err.line and err.column count from the cursor. */
		line = k->line + (err.line > 0 ? (uint32_t)err.line - 1 : 0);
		col = err.column > 0 ? (uint32_t)err.column : 0;
		if (err.line == 1)
			col += S_col(k) - 1;
		S_malformed(c, line, col, NULL, -1, "%s", err.text);
		if (c->fn != NULL) {
			struct ecat_sample r;

			memset(&r, 0, sizeof(r));
			r.loc.file = c->file;
			r.loc.line = line;
			r.loc.col = col;
			r.path = "";
			r.build = c->b;
			r.malformed = 1;
			c->fn(&r, c->arg);
		}
		return NULL;
	}
	S_advance(k, (size_t)err.position);
	return v;
}

/* Set w to the value the cursor stands on, from start to k->pos. */
static void
S_span(struct where *w, const struct cursor *k, size_t start,
    uint32_t line, uint32_t col, const char *path)
{
	w->line = w->textline = line;
	w->col = w->textcol = col;
	w->path = path;
	w->text = k->buf + start;
	w->textlen = k->pos - start;
	w->textindex = -1;
}

static void
S_doc(struct sctx *c, const char *buf, size_t len)
{
	struct cursor	 k;
	struct where	 w;
	json_t		*v;
	uint32_t	 line, col;
	size_t		 start, idx = 0;
	char		 path[32];

	c->quoted = 0;
	if (S_has_big(buf, len) && S_quote_big(c, buf, len)) {
		c->quoted = 1;
		buf = c->qbuf.buf;
		len = c->qbuf.len;
	}
	k.buf = buf;
	k.len = len;
	k.pos = k.linestart = 0;
	k.line = 1;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		k.pos = k.linestart = 3;
	S_skipws(&k);
	if (k.pos < k.len && buf[k.pos] == '[') {
		S_advance(&k, 1);
		S_skipws(&k);
		if (k.pos < k.len && buf[k.pos] == ']')
			S_advance(&k, 1);
		else for (;; idx++) {
			line = k.line;
			col = S_col(&k);
			start = k.pos;
			if ((v = S_parse_one(c, &k)) == NULL)
				return;
			snprintf(path, sizeof(path), "[%zu]", idx);
			S_span(&w, &k, start, line, col, path);
			S_event(c, v, &w);
			json_decref(v);
			S_skipws(&k);
			if (k.pos < k.len && buf[k.pos] == ',') {
				S_advance(&k, 1);
				S_skipws(&k);
				continue;
			}
			if (k.pos < k.len && buf[k.pos] == ']') {
				S_advance(&k, 1);
				break;
			}
			S_malformed(c, k.line, S_col(&k), NULL, -1,
			    k.pos < k.len ? "expected ',' or ']'" :
			    "unterminated array");
			return;
		}
		S_skipws(&k);
		if (k.pos < k.len)
			S_malformed(c, k.line, S_col(&k), NULL, -1,
			    "text after the array");
		return;
	}
	/* One object, or several written one after another. */
	while (k.pos < k.len) {
		line = k.line;
		col = S_col(&k);
		start = k.pos;
		if ((v = S_parse_one(c, &k)) == NULL)
			return;
		S_span(&w, &k, start, line, col, "");
		S_value(c, v, &w);
		json_decref(v);
		S_skipws(&k);
	}
}

/* ------------------------------------------------------------ reading */

/*
 * Read f: JSON lines, handed on line by line, or one document read
 * whole.  forcelines says JSON lines (.jsonl); otherwise the first
 * non-blank line decides (S_whole), without seeking, so standard input
 * works too.  Returns 0, or -1 on a read error or a document over the
 * limit (reported).
 */
static int
S_stream(struct sctx *c, FILE *f, int forcelines)
{
	enum { UNDECIDED, LINES, DOC } state;
	struct ecat_loc	 loc = { c->file, 0, 0 };
	struct ecat_buf	 doc;
	char		*line = NULL, *s;
	size_t		 cap = 0, len;
	ssize_t		 n;
	uint32_t	 lineno = 0;
	int		 rc = 0;

	state = forcelines ? LINES : UNDECIDED;
	ecat_buf_init(&doc);
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		c->nbytes += (uint64_t)n;
		if (state == DOC) {
			if (doc.len + (size_t)n > S_MAX_DOC) {
				ecat_msg(c->cat->diag, ECAT_MSG_LIMIT, &loc,
				    "document of more than %lu bytes; the "
				    "limit is %lu", S_MAX_DOC, S_MAX_DOC);
				rc = -1;
				goto done;
			}
			ecat_buf_put(&doc, line, (size_t)n);
			continue;
		}
		len = (size_t)n;
		s = S_trim_line(line, &len, lineno == 1);
		if (state == UNDECIDED) {
			/* Leading blank lines count for a document. */
			if (S_blank(s, len)) {
				ecat_buf_put(&doc, line, (size_t)n);
				continue;
			}
			if (!S_whole(s, len)) {
				state = DOC;
				ecat_buf_put(&doc, line, (size_t)n);
				continue;
			}
			state = LINES;
			ecat_buf_reset(&doc);
		}
		if (S_blank(s, len))
			continue;
		S_line(c, s, len, lineno);
	}
	if (ferror(f)) {
		loc.line = lineno;
		ecat_msg(c->cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    strerror(errno));
		rc = -1;
		goto done;
	}
	if (state == DOC)
		S_doc(c, doc.buf, doc.len);
done:
	free(line);
	ecat_buf_free(&doc);
	return rc;
}

static int
S_hassuffix(const char *s, const char *suf)
{
	size_t	 n = strlen(s), m = strlen(suf);

	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

int
ecat_samples_read(struct ecat_catalog *cat, struct ecat_build *b,
    const char *path, unsigned flags, ecat_sample_fn fn, void *arg,
    uint64_t *nbytes)
{
	struct sctx	 c;
	struct ecat_loc	 loc = { NULL, 0, 0 };
	struct stat	 st;
	FILE		*f;
	int		 rc, isstdin = strcmp(path, "-") == 0;

	memset(&c, 0, sizeof(c));
	c.cat = cat;
	c.b = b;
	c.flags = flags;
	c.fn = fn;
	c.arg = arg;
	ecat_buf_init(&c.qbuf);
	c.file = loc.file = ecat_file(cat, isstdin ? "<stdin>" : path);
	if (isstdin)
		f = stdin;
	else if ((f = fopen(path, "re")) == NULL) {
		ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    strerror(errno));
		return -1;
	}
	errno = 0;
	if (!isstdin && (fstat(fileno(f), &st) == -1 ||
	    !S_ISREG(st.st_mode))) {
		ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    errno ? strerror(errno) : "not a regular file");
		fclose(f);
		return -1;
	}
	/* .jsonl is JSON lines by definition; .json says by its content. */
	rc = S_stream(&c, f, !isstdin && S_hassuffix(path, ".jsonl"));
	if (!isstdin)
		fclose(f);
	S_pfree(&c.pool);
	ecat_buf_free(&c.qbuf);
	if (nbytes != NULL)
		*nbytes += c.nbytes;
	return rc;
}

/* ------------------------------------------------------------- locate */

struct scan {
	const char	*s;
	size_t		 len;
	size_t		 pos;
};

static void
S_sws(struct scan *k)
{
	while (k->pos < k->len && isspace((unsigned char)k->s[k->pos]))
		k->pos++;
}

/* At '"': move past the closing quote.  Returns 0, -1 if unclosed. */
static int
S_sstring(struct scan *k)
{
	for (k->pos++; k->pos < k->len; k->pos++) {
		if (k->s[k->pos] == '\\')
			k->pos++;
		else if (k->s[k->pos] == '"') {
			k->pos++;
			return 0;
		}
	}
	return -1;
}

/* Skip one value.  Returns 0, -1 on text that is not JSON. */
static int
S_svalue(struct scan *k)
{
	int	 depth = 0;

	S_sws(k);
	do {
		if (k->pos >= k->len)
			return -1;
		switch (k->s[k->pos]) {
		case '"':
			if (S_sstring(k) == -1)
				return -1;
			break;
		case '{':
		case '[':
			depth++;
			k->pos++;
			break;
		case '}':
		case ']':
			depth--;
			k->pos++;
			break;
		default:
			/* Scalars, commas and colons inside containers. */
			while (k->pos < k->len && strchr(",:{}[]\"",
			    k->s[k->pos]) == NULL)
				k->pos++;
			if (depth > 0 && k->pos < k->len &&
			    (k->s[k->pos] == ',' || k->s[k->pos] == ':'))
				k->pos++;
			break;
		}
	} while (depth > 0);
	return 0;
}

/*
 * Does the raw key text s[0..n) (escapes as written) spell key?
 * Handles the simple escapes and \u00XX; returns 1 or 0.
 */
static int
S_keyeq(const char *s, size_t n, const char *key)
{
	size_t	 i = 0;
	char	 ch;

	while (i < n) {
		ch = s[i++];
		if (ch == '\\' && i < n) {
			ch = s[i++];
			switch (ch) {
			case 'n': ch = '\n'; break;
			case 't': ch = '\t'; break;
			case 'r': ch = '\r'; break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'u':
				if (i + 4 > n || strncmp(s + i, "00", 2) != 0)
					return 0;
				ch = (char)strtol((char[]){ s[i + 2], s[i + 3],
				    '\0' }, NULL, 16);
				i += 4;
				break;
			default:
				break;
			}
		}
		if (*key++ != ch)
			return 0;
	}
	return *key == '\0';
}

/* Move into an object member or array element.  Returns 0 or -1. */
static int
S_step(struct scan *k, const struct ecat_spath *st, size_t *at)
{
	size_t	 ks, ke, i;

	S_sws(k);
	if (k->pos >= k->len)
		return -1;
	if (st->key == NULL) {
		if (k->s[k->pos] != '[')
			return -1;
		k->pos++;
		for (i = 0; i < st->index; i++) {
			if (S_svalue(k) == -1)
				return -1;
			S_sws(k);
			if (k->pos >= k->len || k->s[k->pos] != ',')
				return -1;
			k->pos++;
		}
		S_sws(k);
		*at = k->pos;
		return k->pos < k->len && k->s[k->pos] != ']' ? 0 : -1;
	}
	if (k->s[k->pos] != '{')
		return -1;
	k->pos++;
	for (;;) {
		S_sws(k);
		if (k->pos >= k->len || k->s[k->pos] != '"')
			return -1;
		ks = k->pos;
		if (S_sstring(k) == -1)
			return -1;
		ke = k->pos - 1;
		S_sws(k);
		if (k->pos >= k->len || k->s[k->pos] != ':')
			return -1;
		k->pos++;
		if (S_keyeq(k->s + ks + 1, ke - ks - 1, st->key)) {
			*at = ks;
			S_sws(k);
			return 0;
		}
		if (S_svalue(k) == -1)
			return -1;
		S_sws(k);
		if (k->pos >= k->len || k->s[k->pos] != ',')
			return -1;
		k->pos++;
	}
}

int
ecat_sample_locate(const struct ecat_sample *r, const struct ecat_spath *steps,
    size_t nsteps, struct ecat_loc *out)
{
	struct ecat_spath	 first;
	struct scan		 k;
	size_t			 at = 0, i, nl = 0, last = 0;

	*out = r->loc;
	if (r->text == NULL)
		return -1;
	k.s = r->text;
	k.len = r->textlen;
	k.pos = 0;
	if (r->textindex >= 0) {
		first.key = NULL;
		first.index = (uint32_t)r->textindex;
		if (S_step(&k, &first, &at) == -1)
			return -1;
	}
	for (i = 0; i < nsteps; i++)
		if (S_step(&k, &steps[i], &at) == -1)
			return -1;
	if (nsteps == 0 && r->textindex < 0)
		return 0;
	for (i = 0; i < at; i++)
		if (r->text[i] == '\n') {
			nl++;
			last = i + 1;
		}
	out->line = r->textline + (uint32_t)nl;
	out->col = nl == 0 ? r->textcol + (uint32_t)at :
	    (uint32_t)(at - last + 1);
	return 0;
}

/* ---------------------------------------------------------- pretty text */

char *
ecat_sample_json(const struct ecat_sample *r)
{
	char	*s, *p, *q;

	if (r->malformed || r->impl == NULL)
		return NULL;
	if ((s = json_dumps(r->impl, JSON_INDENT(2) | JSON_ENCODE_ANY)) ==
	    NULL)
		return NULL;
	/* Big integers quoted by S_quote_big print as numbers again. */
	for (p = q = s; *p != '\0'; ) {
		if (strncmp(p, "\"\\u0000", 7) == 0 &&
		    (isdigit((unsigned char)p[7]) || p[7] == '-')) {
			char *e = p + 8;

			while (isdigit((unsigned char)*e))
				e++;
			if (*e == '"') {
				memmove(q, p + 7, (size_t)(e - p - 7));
				q += e - p - 7;
				p = e + 1;
				continue;
			}
		}
		*q++ = *p++;
	}
	*q = '\0';
	/* The caller frees with free(); json_dumps used malloc. */
	return s;
}

/* -------------------------------------------------------------- queue */

struct squeue {
	struct ecat_samplefile	*head;
	struct ecat_samplefile	*tail;
	int			 defer;
};

static struct squeue *
S_queue(struct ecat_catalog *cat)
{
	if (cat->samplequeue == NULL)
		cat->samplequeue = ecat_alloc(cat, sizeof(struct squeue));
	return cat->samplequeue;
}

void
ecat_samples_defer(struct ecat_catalog *cat, int defer)
{
	S_queue(cat)->defer = defer;
}

const struct ecat_samplefile *
ecat_samplefiles(const struct ecat_catalog *cat)
{
	return cat->samplequeue != NULL ?
	    ((const struct squeue *)cat->samplequeue)->head : NULL;
}

static void
S_enqueue(struct ecat_catalog *cat, struct ecat_build *b, const char *path,
    int loaded)
{
	struct squeue		*q = S_queue(cat);
	struct ecat_samplefile	*f;

	f = ecat_alloc(cat, sizeof(*f));
	f->path = ecat_str(cat, path);
	f->build = b;
	f->loaded = loaded;
	if (q->tail != NULL)
		q->tail->next = f;
	else
		q->head = f;
	q->tail = f;
}

/* ----------------------------------------------------------------- API */

/* The loader's callback: record the key as observed in the build. */
static void
S_observe(const struct ecat_sample *r, void *arg)
{
	struct ecat_catalog	*cat = arg;

	if (!r->malformed)
		ecat_observe(cat, r->provider, r->guid, r->build, r->event_id,
		    r->version);
}

int
ecat_load_samples_file(struct ecat_catalog *cat, struct ecat_build *b,
    const char *path)
{
	/* Standard input can be read once: by the validator. */
	if (S_queue(cat)->defer || strcmp(path, "-") == 0) {
		S_enqueue(cat, b, path, 0);
		cat->nfiles++;
		return 0;
	}
	if (ecat_samples_read(cat, b, path, 0, S_observe, cat, NULL) == -1)
		return -1;
	cat->nfiles++;
	S_enqueue(cat, b, path, 1);
	return 0;
}
