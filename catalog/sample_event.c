/*
 * sample_event.c: one event of the JSON sample reader (sample_json.c),
 * from the Jansson value parsed to the record handed on (struct
 * ecat_sample, sample.h): the system header checked, the descriptor
 * numbers decoded, the payload found, and every value converted to
 * plain C values in the reader's pool.  Separate from the reader
 * because it does not care where the value came from: the reader
 * finds the events (JSON lines, a document, an array's elements) and
 * keeps its place in the file; this file only sees one event at a
 * time, with where it was found.
 *
 * Each event is a JSON object shaped like the example events in
 * samples/builds/<build>/samples/ (etwcat.1, SAMPLE VALIDATION):
 *
 *   {"system": {"provider": "...", "guid": "{...}", "event_id": 10,
 *               "version": 0, "level": 4, ...},
 *    "event_data": {...} | "user_data": {"<Root>": {...}},
 *    "message": "..."}
 *
 * Numbers: the seed pages write event_id and version as JSON numbers,
 * the shared corpus as strings, sometimes padded ("    4168") or in
 * hex.  All of these are accepted (S_number).  An integer of 19 or
 * more digits that the reader had to quote for Jansson (sample_json.c,
 * "Numbers") is a string whose first byte is NUL (S_isbig), which the
 * record gives back as an integer with its exact digits (S_conv).
 *
 * A null or empty version counts as 0: null is what the EVTX converter
 * writes when <Version> is absent, which classic event-log providers
 * do, and 0 is the descriptor's default (docs/etw-manifest-reference.md
 * §1.4).  A version member missing altogether also counts as 0, with a
 * sample-no-version note, since there the converter dropped a value
 * that may not have been 0.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "load.h"
#include "sample_json.h"

/* The event descriptor's Id is 16 bits, its Version 8 (reference §1.4). */
#define S_MAX_ID	65535
#define S_MAX_VERSION	255
/* Values nested deeper are kept as empty arrays or objects. */
#define S_MAX_DEPTH	32

/* ------------------------------------------------------- conversion */

/* Is v a big integer that sjson_quote_big turned into a string? */
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
 * Check one event object found at w, report it if malformed or if it
 * gives a key twice (d, from S_dupof, else NULL), and fill *rp
 * (malformed ones too), in c->pool.  Returns 1, or 0 when the file has
 * had S_MAX_EVENTS already (sjson_count).
 */
int
sjson_event(struct sctx *c, const json_t *ev, const struct where *w,
    const struct sdup *d, struct ecat_sample *rp)
{
	struct ecat_sample	 r;
	const json_t		*sys, *prov, *guid, *v, *pay;
	uint32_t		 id = 0, version = 0;
	char			 show[64];
	const char		*key;
	json_t			*val;

	if (!sjson_count(c, w->line))
		return 0;
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

	if (d != NULL) {
		sjson_reportf(c, ECAT_MSG_SAMPLE_DUP_KEY, d->line, d->col, "%s",
		    d->text);
		goto out;
	}
	if (!json_is_object(ev)) {
		sjson_malformed(c, w->line, w->col, NULL, -1,
		    "expected an event object, found %s",
		    S_show(c, ev, show, sizeof(show)));
		goto out;
	}
	if (!json_is_object(sys = json_object_get(ev, "system"))) {
		sjson_malformed(c, w->line, w->col, NULL, -1,
		    "no \"system\" object");
		goto out;
	}
	prov = json_object_get(sys, "provider");
	if (!json_is_string(prov) || json_string_length(prov) == 0 ||
	    json_string_value(prov)[0] == '\0') {
		sjson_malformed(c, w->line, w->col, NULL, -1,
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
		sjson_malformed(c, w->line, w->col, r.provider, -1,
		    "no system.event_id");
		goto out;
	default:
		sjson_malformed(c, w->line, w->col, r.provider, -1,
		    "system.event_id %s is not a number from 0 to %d",
		    S_show(c, v, show, sizeof(show)), S_MAX_ID);
		goto out;
	}
	v = json_object_get(sys, "version");
	if (S_number(c, v, S_MAX_VERSION, &version) == -1) {
		sjson_malformed(c, w->line, w->col, r.provider, id,
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
	 * The payload: event_data, user_data's one root element, or
	 * processing_error_data (etwcat.1, SAMPLE VALIDATION).  A root element that is not an
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
	} else if ((v = json_object_get(ev, "processing_error_data")) !=
	    NULL && !json_is_null(v)) {
		/* What the EVTX reader makes of a record Windows could
		   not render (catalog/evtx.c), converted to JSON. */
		r.root = "processing_error_data";
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
	*rp = r;
	return 1;
}
