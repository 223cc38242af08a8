/*
 * sample.c: captured sample events (SRC/builds/<build>/samples/).
 *
 * Each event is a JSON object shaped like the example events of the
 * seed pages and ../shared/samples/README.md:
 *
 *   {"system": {"provider": "...", "guid": "{...}", "event_id": 10,
 *               "version": 0, ...}, "event_data": {...}, ...}
 *
 * A file holds one event object, an array of them, or JSON lines (one
 * object, or an array, per line).  This minimal loader records each
 * (provider, event id, version) as observed in the build; validating
 * the payload against the schema is a later stage's job.
 *
 * JSON lines are read one line at a time and each line is parsed and
 * freed before the next, so memory stays flat however long the file
 * (the shared corpus has 25,600 events).  A .json file is either JSON
 * lines or one pretty-printed document; its first non-blank line tells
 * which (S_is_lines).  A document is read whole, but an array's
 * elements are still parsed one at a time so that a bad element is
 * reported at its own line.
 *
 * Numbers: the seed pages write event_id and version as JSON numbers,
 * the shared corpus as strings, sometimes padded ("    4168") or in
 * hex.  All of these are accepted.  Integers are decoded as doubles
 * (JSON_DECODE_INT_AS_REAL) because seed 003 writes keywords
 * 0x8000000000000010 as the decimal 9223372036854775824, which does not
 * fit Jansson's json_int_t and would make the whole event unreadable.
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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "load.h"

/* The event descriptor's Id is 16 bits, its Version 8 (manifest §1.4). */
#define S_MAX_ID	65535
#define S_MAX_VERSION	255

struct sctx {
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	const char		*file;	/* interned path */
};

static void
S_malformed(struct sctx *c, uint32_t line, uint32_t col, const char *prov,
    int64_t id, const char *fmt, ...)
{
	struct ecat_loc		 loc;
	struct ecat_msgctx	 ctx;
	va_list			 ap;

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

/* A short, printable rendering of a JSON value for diagnostics. */
static const char *
S_show(const json_t *v, char *buf, size_t sz)
{
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
S_number(const json_t *v, unsigned long max, uint32_t *out)
{
	const char	*s;
	char		*end;
	unsigned long	 n;
	double		 d;
	int		 base = 10;

	if (v == NULL || json_is_null(v))
		return 0;
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

/* Record one event object found at line:col. */
static void
S_event(struct sctx *c, const json_t *ev, uint32_t line, uint32_t col)
{
	const json_t	*sys, *prov, *guid, *v;
	const char	*name, *g = NULL;
	uint32_t	 id = 0, version = 0;
	char		 show[64];

	if (!json_is_object(ev)) {
		S_malformed(c, line, col, NULL, -1,
		    "expected an event object, found %s",
		    S_show(ev, show, sizeof(show)));
		return;
	}
	if (!json_is_object(sys = json_object_get(ev, "system"))) {
		S_malformed(c, line, col, NULL, -1,
		    "no \"system\" object");
		return;
	}
	prov = json_object_get(sys, "provider");
	if (!json_is_string(prov) || json_string_length(prov) == 0) {
		S_malformed(c, line, col, NULL, -1,
		    "no system.provider name");
		return;
	}
	name = json_string_value(prov);
	guid = json_object_get(sys, "guid");
	if (json_is_string(guid) && json_string_length(guid) > 0)
		g = json_string_value(guid);

	v = json_object_get(sys, "event_id");
	switch (S_number(v, S_MAX_ID, &id)) {
	case 1:
		break;
	case 0:
		S_malformed(c, line, col, name, -1,
		    "no system.event_id");
		return;
	default:
		S_malformed(c, line, col, name, -1, "system.event_id %s is "
		    "not a number from 0 to %d", S_show(v, show, sizeof(show)),
		    S_MAX_ID);
		return;
	}
	v = json_object_get(sys, "version");
	if (S_number(v, S_MAX_VERSION, &version) == -1) {
		S_malformed(c, line, col, name, id, "system.version %s is not "
		    "a number from 0 to %d", S_show(v, show, sizeof(show)),
		    S_MAX_VERSION);
		return;
	}
	if (v == NULL) {
		/*
		 * No member at all, unlike null: the converter dropped it,
		 * so 0 is a guess; say so (13 of seed 001's examples).
		 */
		struct ecat_loc		 loc = { c->file, line, col };
		struct ecat_msgctx	 ctx = { c->b->id, name, id, -1, NULL };

		ecat_msgx(c->cat->diag, ECAT_MSG_SAMPLE_NO_VERSION, &loc, &ctx,
		    "%s event %u", name, id);
	}
	ecat_observe(c->cat, name, g, c->b, id, (uint16_t)version);
}

/* An event, or an array of events (one level), found at line:col. */
static void
S_value(struct sctx *c, const json_t *v, uint32_t line, uint32_t col)
{
	size_t	 i;

	if (!json_is_array(v)) {
		S_event(c, v, line, col);
		return;
	}
	for (i = 0; i < json_array_size(v); i++)
		S_event(c, json_array_get(v, i), line, col);
}

/* --------------------------------------------------------- JSON lines */

/* Strip a UTF-8 byte order mark and trailing CR/LF in place. */
static char *
S_trim_line(char *s, size_t *len, int first)
{
	if (first && *len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		*len -= 3;
	}
	while (*len > 0 && (s[*len - 1] == '\n' || s[*len - 1] == '\r'))
		s[--*len] = '\0';
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
 * Is this .json file JSON lines?  Yes when its first non-blank line is
 * a whole object or array by its brackets ("{...}" or "[...]"); a
 * pretty-printed document opens with a line that does not close.
 */
static int
S_is_lines(FILE *f)
{
	char	*line = NULL, *s;
	size_t	 cap = 0, len, b, e;
	ssize_t	 n;
	int	 first = 1, yes = 0;

	while ((n = getline(&line, &cap, f)) != -1) {
		len = (size_t)n;
		s = S_trim_line(line, &len, first);
		first = 0;
		if (S_blank(s, len))
			continue;
		for (b = 0; isspace((unsigned char)s[b]); b++)
			continue;
		for (e = len; isspace((unsigned char)s[e - 1]); e--)
			continue;
		yes = e - b >= 2 && ((s[b] == '{' && s[e - 1] == '}') ||
		    (s[b] == '[' && s[e - 1] == ']'));
		break;
	}
	free(line);
	rewind(f);
	return yes;
}

/* Returns 0, or -1 on a read error (reported). */
static int
S_lines(struct sctx *c, FILE *f)
{
	struct ecat_loc	 loc = { c->file, 0, 0 };
	json_error_t	 err;
	json_t		*v;
	char		*line = NULL, *s;
	size_t		 cap = 0, len;
	ssize_t		 n;
	uint32_t	 lineno = 0;

	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		len = (size_t)n;
		s = S_trim_line(line, &len, lineno == 1);
		if (S_blank(s, len))
			continue;
		if ((v = json_loadb(s, len, JSON_DECODE_INT_AS_REAL,
		    &err)) == NULL) {
			S_malformed(c, lineno, err.column > 0 ?
			    (uint32_t)err.column : 0, NULL, -1, "%s",
			    err.text);
			continue;
		}
		S_value(c, v, lineno, 1);
		json_decref(v);
	}
	free(line);
	if (ferror(f)) {
		loc.line = lineno;
		ecat_msg(c->cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    strerror(errno));
		return -1;
	}
	return 0;
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
	    JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL,
	    &err);
	if (v == NULL) {
		/* err.line and err.column count from the cursor. */
		line = k->line + (err.line > 0 ? (uint32_t)err.line - 1 : 0);
		col = err.column > 0 ? (uint32_t)err.column : 0;
		if (err.line == 1)
			col += S_col(k) - 1;
		S_malformed(c, line, col, NULL, -1, "%s", err.text);
		return NULL;
	}
	S_advance(k, (size_t)err.position);
	return v;
}

static void
S_doc(struct sctx *c, const char *buf, size_t len)
{
	struct cursor	 k = { buf, len, 0, 1, 0 };
	json_t		*v;
	uint32_t	 line, col;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		k.pos = k.linestart = 3;
	S_skipws(&k);
	if (k.pos < k.len && buf[k.pos] == '[') {
		S_advance(&k, 1);
		S_skipws(&k);
		if (k.pos < k.len && buf[k.pos] == ']')
			S_advance(&k, 1);
		else for (;;) {
			line = k.line;
			col = S_col(&k);
			if ((v = S_parse_one(c, &k)) == NULL)
				return;
			S_event(c, v, line, col);
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
		if ((v = S_parse_one(c, &k)) == NULL)
			return;
		S_value(c, v, line, col);
		json_decref(v);
		S_skipws(&k);
	}
}

/* ----------------------------------------------------------------- API */

static int
S_hassuffix(const char *s, const char *suf)
{
	size_t	 n = strlen(s), m = strlen(suf);

	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

int
ecat_load_samples_file(struct ecat_catalog *cat, struct ecat_build *b,
    const char *path)
{
	struct sctx	 c;
	struct ecat_loc	 loc = { NULL, 0, 0 };
	struct stat	 st;
	FILE		*f;
	char		*buf;
	size_t		 len;
	int		 rc;

	c.cat = cat;
	c.b = b;
	c.file = loc.file = ecat_file(cat, path);
	if ((f = fopen(path, "re")) == NULL) {
		ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    strerror(errno));
		return -1;
	}
	errno = 0;
	if (fstat(fileno(f), &st) == -1 || !S_ISREG(st.st_mode)) {
		ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    errno ? strerror(errno) : "not a regular file");
		fclose(f);
		return -1;
	}
	/* .jsonl is JSON lines by definition; .json says by its content. */
	if (S_hassuffix(path, ".jsonl") || S_is_lines(f)) {
		cat->nfiles++;
		rc = S_lines(&c, f);
		fclose(f);
		return rc;
	}
	fclose(f);
	if ((buf = ecat_slurp(cat, path, &len)) == NULL)
		return -1;
	S_doc(&c, buf, len);
	free(buf);
	return 0;
}
