/*
 * sample_json.c: the JSON sample reader (reader.h): captured sample
 * events as JSON, from SRC/builds/<build>/samples/, loose sample files
 * and standard input.
 *
 * Each event is a JSON object shaped like the example events in
 * samples/builds/<build>/samples/ (etwcat.1, SAMPLE VALIDATION):
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
 * file and buildinfo.c are the only ones that see Jansson types (model.c
 * only gives Jansson etwcat's allocator).
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
 * Limits (etwcat.1, LIMITS; each a limit-exceeded diagnostic naming the
 * file and line): a JSON line is gathered only up to S_MAX_LINE bytes,
 * so that one endless line cannot take all memory; a longer one is
 * skipped, unread, and the lines after it are read as usual.  A file
 * hands on at most S_MAX_EVENTS events and the rest of it is not read,
 * so that pathological input costs bounded time.  Neither makes the
 * file unreadable (ecat_samples_read returns 0, as tsv.c does for its
 * line and row limits): what was read is as good as ever, and the
 * diagnostic alone makes the command exit 3.  A document past S_MAX_DOC
 * is different: nothing of it was read, and the reader returns -1.
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
 * do, and 0 is the descriptor's default (docs/etw-manifest-reference.md
 * §1.4).  A
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
#include <unistd.h>

#include <jansson.h>

#include "io.h"
#include "load.h"
#include "reader.h"
#include "sample_json.h"

/* The event descriptor's Id is 16 bits, its Version 8 (reference §1.4). */
#define S_MAX_ID	65535
#define S_MAX_VERSION	255
/* Largest document read whole (etwcat.1, LIMITS; as source.c). */
#define S_MAX_DOC	(256UL * 1024 * 1024)
/*
 * Longest JSON line, newline not counted (etwcat.1, LIMITS).  A line
 * holds one event, or an array of a few: the longest line of the
 * shared corpus (../shared/samples, 300 files) is 11,991 bytes.  An
 * .evtx record lies within one 64 KiB chunk of its file, so even as
 * JSON, escaped, an event is far below 16 MiB.
 */
#define S_MAX_LINE	(16UL * 1024 * 1024)
/*
 * Most events handed on from one file (etwcat.1, LIMITS), the TSV
 * reader's bound on rows (tsv.c).  The largest file of the shared
 * corpus has 3,028 events; a file of a million is a whole event log
 * rather than samples of it, and takes about 3 s to read.
 */
#define S_MAX_EVENTS	(1024UL * 1024)
/* Bytes asked of read(2) at a time. */
#define S_RDBLOCK	(64 * 1024)
/* Values nested deeper are kept as empty arrays or objects. */
#define S_MAX_DEPTH	32
/* Digits from which an integer may not fit json_int_t. */
#define S_BIG_DIGITS	19


struct sctx {
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	const char		*file;	/* interned name for diagnostics */
	unsigned		 flags;	/* ECAT_SR_* */
	ecat_sample_fn		 fn;
	void			*arg;
	struct ecat_pool		 pool;
	struct ecat_buf		 qbuf;	/* S_quote_big output */
	int			 quoted; /* the text parsed was quoted */
	uint64_t		 nbytes;
	uint64_t		 nevents; /* handed on, up to S_MAX_EVENTS */
	int			 stop;	/* S_MAX_EVENTS passed: read no more */
	uint64_t		 textgen; /* last text handed out */
	struct lcache		 lc;
};

/* Where an event is: set by the readers, copied into the record. */
struct where {
	uint32_t	 line, col;
	const char	*path;		/* "" or "[3]" */
	const char	*text;
	size_t		 textlen;
	uint32_t	 textline, textcol;
	int64_t		 textindex;
	uint64_t	 textgen;
};

/*
 * A diagnostic about the file being read, at line and col, unless
 * ECAT_SR_QUIET (the file was read, and reported, before).
 */
static void
S_vreport(struct sctx *c, enum ecat_msg msg, uint32_t line, uint32_t col,
    const char *prov, int64_t id, const char *fmt, va_list ap)
{
	struct ecat_loc		 loc;
	struct ecat_msgctx	 ctx;

	if (c->flags & ECAT_SR_QUIET)
		return;
	loc.file = c->file;
	loc.line = line;
	loc.col = col;
	memset(&ctx, 0, sizeof(ctx));
	ctx.build = c->b->id;
	ctx.provider = prov;
	ctx.event_id = id;
	ctx.version = -1;
	ecat_vmsgx(c->cat->diag, msg, &loc, &ctx, fmt, ap);
}

/* A limit-exceeded diagnostic at FILE:LINE. */
static void
S_limit(struct sctx *c, uint32_t line, const char *fmt, ...)
{
	va_list			 ap;

	va_start(ap, fmt);
	S_vreport(c, ECAT_MSG_LIMIT, line, 0, NULL, -1, fmt, ap);
	va_end(ap);
}

/*
 * Count an event found at line before it is handed on.  Returns 1, or
 * 0 when the file has had S_MAX_EVENTS already: then the limit is
 * reported (once) and c->stop tells the readers to read no more.
 */
static int
S_count(struct sctx *c, uint32_t line)
{
	if (c->stop)
		return 0;
	if (c->nevents == S_MAX_EVENTS) {
		S_limit(c, line, "more than %lu events; the rest of the "
		    "file is not read", S_MAX_EVENTS);
		c->stop = 1;
		return 0;
	}
	c->nevents++;
	return 1;
}

static void
S_malformed(struct sctx *c, uint32_t line, uint32_t col, const char *prov,
    int64_t id, const char *fmt, ...)
{
	va_list			 ap;

	va_start(ap, fmt);
	S_vreport(c, ECAT_MSG_SAMPLE_MALFORMED, line, col, prov, id, fmt, ap);
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
		items = ecat_pool_alloc(&c->pool, (n + 1) * sizeof(*items));
		names = ecat_pool_alloc(&c->pool, (n + 1) * sizeof(*names));
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
		items = ecat_pool_alloc(&c->pool, (n + 1) * sizeof(*items));
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
		v->s = ecat_pool_strn(&c->pool, num, (size_t)len);
		v->len = (size_t)len;
		return;
	case JSON_REAL:
		v->kind = ECAT_SV_REAL;
		v->d = json_real_value(j);
		len = snprintf(num, sizeof(num), "%.17g", v->d);
		v->s = ecat_pool_strn(&c->pool, num, (size_t)len);
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

	if (!S_count(c, w->line))
		return;
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
	r.textgen = w->textgen;
	r.lcache = &c->lc;
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
	 * (etwcat.1, SAMPLE VALIDATION).  A root element that is not an
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

		f = ecat_pool_alloc(&c->pool, (n + 1) * sizeof(*f));
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

		f = ecat_pool_alloc(&c->pool, sizeof(*f));
		f->name = "";
		S_conv(c, pay, &f->v, 2);
		r.nfields = 1;
		r.fields = f;
	}
out:
	if (c->fn != NULL)
		c->fn(&r, c->arg);
	ecat_pool_reset(&c->pool);
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
	for (i = 0; i < json_array_size(v) && !c->stop; i++) {
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
		if (!S_count(c, lineno))
			return;
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
	w.textgen = ++c->textgen;
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
		if (!S_count(c, line))
			return NULL;
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

/* Set w to the value the cursor stands on, from start to k->pos: a
   text of its own for ecat_sample_locate. */
static void
S_span(struct sctx *c, struct where *w, const struct cursor *k,
    size_t start, uint32_t line, uint32_t col, const char *path)
{
	w->line = w->textline = line;
	w->col = w->textcol = col;
	w->path = path;
	w->text = k->buf + start;
	w->textlen = k->pos - start;
	w->textindex = -1;
	w->textgen = ++c->textgen;
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
			S_span(c, &w, &k, start, line, col, path);
			S_event(c, v, &w);
			json_decref(v);
			if (c->stop)
				return;
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
	while (k.pos < k.len && !c->stop) {
		line = k.line;
		col = S_col(&k);
		start = k.pos;
		if ((v = S_parse_one(c, &k)) == NULL)
			return;
		S_span(c, &w, &k, start, line, col, "");
		S_value(c, v, &w);
		json_decref(v);
		S_skipws(&k);
	}
}

/* ------------------------------------------------------------ reading */

/*
 * The input, read with read(2) in blocks of S_RDBLOCK rather than with
 * getline(3): a line is gathered only up to S_MAX_LINE bytes however
 * long it goes on, and what a pipe holds is handled as soon as it is
 * there (standard input may be a capture still being written).
 */
struct rd {
	int		 fd;
	char		*blk;
	size_t		 pos, end;	/* unread bytes of blk */
	int		 eof;
	int		 err;		/* errno of a failed read, or 0 */
	uint64_t	*nbytes;	/* counts the bytes read */
};

/*
 * Make sure some input is unread in r->blk.  Returns 1, or 0 at the
 * end of the input or after a read error (r->err set).
 */
static int
S_fill(struct rd *r)
{
	ssize_t	 n;

	if (r->pos < r->end)
		return 1;
	if (r->eof || r->err != 0)
		return 0;
	do
		n = read(r->fd, r->blk, S_RDBLOCK);
	while (n == -1 && errno == EINTR);
	if (n <= 0) {
		if (n == 0)
			r->eof = 1;
		else
			r->err = errno != 0 ? errno : EIO;
		return 0;
	}
	r->pos = 0;
	r->end = (size_t)n;
	*r->nbytes += (uint64_t)n;
	return 1;
}

/*
 * Append the next line, with its newline, to b, which the caller has
 * emptied, taking at most max bytes before the newline.  Returns 1 for
 * a line (the last may lack a newline), 2 when the line goes on past
 * max bytes (b holds max + 1 of them and the rest of the line is still
 * unread), 0 at the end of the input or on a read error.
 */
static int
S_getline(struct rd *r, struct ecat_buf *b, size_t max)
{
	const char	*p, *nl;
	size_t		 n, room;

	while (S_fill(r)) {
		p = r->blk + r->pos;
		n = r->end - r->pos;
		if ((nl = memchr(p, '\n', n)) != NULL)
			n = (size_t)(nl - p);
		/* b->len <= max here: the bytes that would pass max. */
		room = max + 1 - b->len;
		if (n >= room) {
			ecat_buf_put(b, p, room);
			r->pos += room;
			return 2;
		}
		if (nl != NULL)
			n++;
		ecat_buf_put(b, p, n);
		r->pos += n;
		if (nl != NULL)
			return 1;
	}
	return b->len > 0;
}

/* Read past the end of the current line, keeping nothing of it. */
static void
S_skipline(struct rd *r)
{
	const char	*nl;

	while (S_fill(r)) {
		nl = memchr(r->blk + r->pos, '\n', r->end - r->pos);
		if (nl != NULL) {
			r->pos = (size_t)(nl - r->blk) + 1;
			return;
		}
		r->pos = r->end;
	}
}

/*
 * Read fd: JSON lines, handed on line by line, or one document read
 * whole.  forcelines says JSON lines (.jsonl); otherwise the first
 * non-blank line decides (S_whole), without seeking, so standard input
 * works too.  A first line longer than S_MAX_LINE decides for a
 * document (a minified one, on one line), which S_MAX_DOC still
 * bounds; a later one, or any in a .jsonl file, is skipped with a
 * limit-exceeded diagnostic.  Returns 0, or -1 on a read error or a
 * document over the limit (reported).
 */
static int
S_stream(struct sctx *c, int fd, int forcelines)
{
	enum { UNDECIDED, LINES, DOC } state;
	struct ecat_loc	 loc = { c->file, 0, 0 };
	struct ecat_buf	 doc, lb;
	struct rd	 r;
	char		*s;
	size_t		 len;
	uint32_t	 lineno = 0;
	int		 rc = 0, k;

	memset(&r, 0, sizeof(r));
	r.fd = fd;
	r.blk = ecat_malloc(S_RDBLOCK);
	r.nbytes = &c->nbytes;
	state = forcelines ? LINES : UNDECIDED;
	ecat_buf_init(&doc);
	ecat_buf_init(&lb);
	while (state != DOC && !c->stop) {
		ecat_buf_reset(&lb);
		if ((k = S_getline(&r, &lb, S_MAX_LINE)) == 0)
			break;
		lineno++;
		if (k == 2 && state == UNDECIDED) {
			ecat_buf_put(&doc, lb.buf, lb.len);
			state = DOC;
			break;
		}
		if (k == 2) {
			S_limit(c, lineno, "line of more than %lu bytes; "
			    "the limit is %lu; line skipped", S_MAX_LINE,
			    S_MAX_LINE);
			S_skipline(&r);
			continue;
		}
		len = lb.len;
		s = S_trim_line(lb.buf, &len, lineno == 1);
		if (state == UNDECIDED) {
			/* Leading blank lines count for a document. */
			if (S_blank(s, len)) {
				ecat_buf_put(&doc, lb.buf, lb.len);
				continue;
			}
			if (!S_whole(s, len)) {
				ecat_buf_put(&doc, lb.buf, lb.len);
				state = DOC;
				break;
			}
			state = LINES;
			ecat_buf_reset(&doc);
		}
		if (S_blank(s, len))
			continue;
		S_line(c, s, len, lineno);
	}
	if (state == DOC) {
		/* The rest of the document, a block at a time. */
		while (doc.len <= S_MAX_DOC && S_fill(&r)) {
			ecat_buf_put(&doc, r.blk + r.pos, r.end - r.pos);
			r.pos = r.end;
		}
		if (doc.len > S_MAX_DOC) {
			ecat_msg(c->cat->diag, ECAT_MSG_LIMIT, &loc,
			    "document of more than %lu bytes; the limit is "
			    "%lu", S_MAX_DOC, S_MAX_DOC);
			rc = -1;
			goto done;
		}
	}
	if (r.err != 0) {
		loc.line = lineno;
		ecat_msg(c->cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    strerror(r.err));
		rc = -1;
		goto done;
	}
	if (state == DOC)
		S_doc(c, doc.buf, doc.len);
done:
	free(r.blk);
	ecat_buf_free(&lb);
	ecat_buf_free(&doc);
	return rc;
}

/* ---------------------------------------------------------- pretty text */

static char *
S_json(const struct ecat_sample *r)
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

/* ------------------------------------------------------------- reader */

/* An open JSON sample file. */
struct sjson {
	struct sctx	 c;
	int		 fd;
	int		 forcelines;
};

static void *
S_open(struct ecat_catalog *cat, struct ecat_build *b, const char *file,
    const char *path, int fd, unsigned flags)
{
	struct sjson	*h;

	h = ecat_calloc(1, sizeof(*h));
	ecat_buf_init(&h->c.lc.keys);
	h->c.cat = cat;
	h->c.b = b;
	h->c.flags = flags;
	ecat_buf_init(&h->c.qbuf);
	h->c.file = file;
	h->fd = fd;
	/*
	 * .jsonl is JSON lines by definition; .json says by its content.
	 * The stream is read through its descriptor (S_fill): nothing
	 * else reads it, standard input included.
	 */
	h->forcelines = strcmp(path, "-") != 0 &&
	    ecat_hassuffix(path, ".jsonl");
	return h;
}

static int
S_read(void *arg, ecat_sample_fn fn, void *fnarg)
{
	struct sjson	*h = arg;

	h->c.fn = fn;
	h->c.arg = fnarg;
	return S_stream(&h->c, h->fd, h->forcelines);
}

static void
S_close(void *arg, uint64_t *nbytes)
{
	struct sjson	*h = arg;

	ecat_pool_free(&h->c.pool);
	ecat_buf_free(&h->c.qbuf);
	sjson_lfree(&h->c.lc);
	if (nbytes != NULL)
		*nbytes += h->c.nbytes;
	free(h);
}

/* Every file: .json, .jsonl, standard input, and the content decides. */
static int
S_claims(const char *path)
{
	return 1;
}

const struct ecat_reader ecat_reader_json = {
	"json", S_claims, S_open, NULL, S_read, sjson_locate, S_json,
	S_close
};
