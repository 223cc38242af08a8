/*
 * sample_json.c: the JSON sample reader (reader.h): captured sample
 * events as JSON, from SRC/builds/<build>/samples/, loose sample files
 * and standard input.
 *
 * Each event is a JSON object (its shape: sample_event.c).  A file
 * holds one event object, an array of them, or JSON lines (one object,
 * or an array, per line).  Each event becomes a struct ecat_sample
 * (sample.h) of plain C values (sjson_event, sample_event.c), one per
 * call of the reader's next (S_next), which ecat_samples_read hands to
 * a callback: the loader's records the (provider, id, version) as
 * observed in the build, the validator's checks the payload against
 * the schema.  This file, sample_event.c and buildinfo.c are the only
 * ones that see Jansson types (model.c only gives Jansson etwcat's
 * allocator).
 *
 * Streaming: JSON lines are read one line at a time (sample_input.c)
 * and each line is parsed, its events handed on one per call, and freed
 * when the call after its last event asks for the next line; the
 * records' memory (c->pool) is reused from one call to the next, so
 * memory stays flat however long the file (the shared corpus has
 * 25,600 events).  A file is JSON lines when its first non-blank line
 * is a whole object or array by its brackets (a .jsonl file always
 * is); otherwise it is one pretty-printed document, read whole (up to
 * 256 MiB, etwcat.1 LIMITS), whose array elements are still parsed one
 * at a time, one per call, so that a bad element is reported at its
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
 * is different: nothing of it was read, and next returns -1.
 *
 * Numbers: integers are decoded exactly.  Jansson's json_int_t is
 * 64-bit signed, and seed 003 writes keywords 0x8000000000000010 as the
 * decimal 9223372036854775824, which Jansson refuses ("too big
 * integer") and a double would round to 2^63, losing the keyword bits
 * the validator compares.  When Jansson reports such an overflow, the
 * text is parsed again with every integer of 19 or more digits outside
 * strings turned into a string marked by a leading NUL
 * (sjson_quote_big), which the record gives back as an integer with
 * its exact digits (sample_event.c, which also reads the descriptor
 * numbers written as strings).
 *
 * Duplicate keys: an object that gives a key twice (in the system
 * header, the payload or any value within) makes its event ambiguous,
 * since readers of JSON disagree on which value counts, and Jansson
 * would silently keep the last.  build.json is refused for one
 * (buildinfo.c); a sample event is rejected as a malformed one is, with
 * a sample-duplicate-key error at the second key, and the rest of the
 * file is read as usual (S_load).
 */
#include <sys/stat.h>

#include <ctype.h>
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

_Static_assert(SJSON_ERRTEXT == JSON_ERROR_TEXT_LENGTH,
    "struct sdup holds a Jansson error text");

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

/*
 * A diagnostic about the file being read, at line and col, unless
 * ECAT_SR_QUIET (the file was read, and reported, before).
 */
static void	S_vreport(struct sctx *, enum ecat_msg, uint32_t, uint32_t,
    const char *, int64_t, const char *, va_list)
    __attribute__((format(printf, 7, 0)));

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
	ctx.build = ecat_build_known(c->b);
	ctx.provider = prov;
	ctx.event_id = id;
	ctx.version = -1;
	ecat_vmsgx(c->cat->diag, msg, &loc, &ctx, fmt, ap);
}

/* A limit-exceeded diagnostic at FILE:LINE. */
static void	S_limit(struct sctx *, uint32_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

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
int
sjson_count(struct sctx *c, uint32_t line)
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

/* A diagnostic about the file at line and col, with no event named. */
void
sjson_reportf(struct sctx *c, enum ecat_msg msg, uint32_t line, uint32_t col,
    const char *fmt, ...)
{
	va_list			 ap;

	va_start(ap, fmt);
	S_vreport(c, msg, line, col, NULL, -1, fmt, ap);
	va_end(ap);
}

void
sjson_malformed(struct sctx *c, uint32_t line, uint32_t col, const char *prov,
    int64_t id, const char *fmt, ...)
{
	va_list			 ap;

	va_start(ap, fmt);
	S_vreport(c, ECAT_MSG_SAMPLE_MALFORMED, line, col, prov, id, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------- parsing, duplicate keys */

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
 * Note that the event idx of the value parsed last gives a key twice,
 * as e says: the value's text starts at line and col, which e counts
 * from.  Jansson names the key as written in the text ("duplicate
 * object key near '\"Level\"'"), which is what is worth saying.
 */
static void
S_dupadd(struct sctx *c, size_t idx, const json_error_t *e, uint32_t line,
    uint32_t col)
{
	static const char	 pre[] = "duplicate object key near '";
	struct sdup		*d;
	size_t			 n = strlen(e->text);

	if (c->ndups == c->dupcap) {
		c->dupcap = c->dupcap ? c->dupcap * 2 : 4;
		c->dups = ecat_reallocarray(c->dups, c->dupcap,
		    sizeof(*c->dups));
	}
	d = &c->dups[c->ndups++];
	d->idx = idx;
	d->line = line + (e->line > 0 ? (uint32_t)e->line - 1 : 0);
	d->col = e->column > 0 ? (uint32_t)e->column : 0;
	if (e->line == 1)
		d->col += col - 1;
	if (strncmp(e->text, pre, sizeof(pre) - 1) == 0 &&
	    n > sizeof(pre) && e->text[n - 1] == '\'')
		snprintf(d->text, sizeof(d->text), "key %.*s",
		    (int)(n - sizeof(pre)), e->text + sizeof(pre) - 1);
	else
		snprintf(d->text, sizeof(d->text), "%s", e->text);
}

/*
 * The elements of the array of events in text (len bytes at line and
 * col, parsed whole with flags, and holding a key given twice): which
 * of them give a key twice, each parsed again apart.
 */
static void
S_dupelems(struct sctx *c, const char *text, size_t len, size_t flags,
    uint32_t line, uint32_t col)
{
	struct cursor	 k = { text, len, 0, line, 0 };
	json_error_t	 e;
	json_t		*v;
	size_t		 i;
	uint32_t	 l, cl;

	flags |= JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY;
	S_skipws(&k);
	S_advance(&k, 1);		/* the '[' */
	S_skipws(&k);
	for (i = 0; k.pos < k.len && k.buf[k.pos] != ']'; i++) {
		l = k.line;
		cl = S_col(&k) + (k.line == line ? col - 1 : 0);
		if ((v = json_loadb(k.buf + k.pos, k.len - k.pos,
		    flags | JSON_REJECT_DUPLICATES, &e)) == NULL) {
			if (json_error_code(&e) != json_error_duplicate_key)
				return;
			S_dupadd(c, i, &e, l, cl);
			if ((v = json_loadb(k.buf + k.pos, k.len - k.pos,
			    flags, &e)) == NULL)
				return;
		}
		json_decref(v);
		S_advance(&k, (size_t)e.position);
		S_skipws(&k);
		if (k.pos < k.len && k.buf[k.pos] == ',')
			S_advance(&k, 1);
		S_skipws(&k);
	}
}

/*
 * json_loadb of len bytes of text with flags, and duplicate keys looked
 * for (as buildinfo.c refuses them).  Text that has one is parsed again
 * allowing them, so that the reading goes on past the event that gives
 * a key twice; c->dups then names it, and where its second key is
 * (line and col: where text starts).  With elems, a value that is an
 * array is an array of events, each of which may give a key twice or
 * not; else the value is one event.  Returns the value, or NULL with
 * *err set.  Only text with a duplicate key is parsed more than once.
 */
static json_t *
S_load(struct sctx *c, const char *text, size_t len, size_t flags,
    int elems, uint32_t line, uint32_t col, json_error_t *err)
{
	json_error_t	 e;
	json_t		*v;

	c->ndups = c->dupnext = 0;
	v = json_loadb(text, len, flags | JSON_REJECT_DUPLICATES, err);
	if (v != NULL || json_error_code(err) != json_error_duplicate_key)
		return v;
	e = *err;
	if ((v = json_loadb(text, len, flags, err)) == NULL)
		return NULL;
	if (elems && json_is_array(v))
		S_dupelems(c, text, len, flags, line, col);
	else
		S_dupadd(c, 0, &e, line, col);
	return v;
}

/* The duplicate-key record of event idx of the value parsed last, or
   NULL; asked in the order of idx. */
static const struct sdup *
S_dupof(struct sctx *c, size_t idx)
{
	while (c->dupnext < c->ndups && c->dups[c->dupnext].idx < idx)
		c->dupnext++;
	return c->dupnext < c->ndups && c->dups[c->dupnext].idx == idx ?
	    &c->dups[c->dupnext] : NULL;
}

/* ------------------------------------------------------------ events */

/*
 * The next event of c->val, an event or an array of events (one level)
 * found at c->w, into c->rec.  Returns 1, or 0 when val has no more
 * (then it is freed) or the file has had S_MAX_EVENTS.
 */
static int
S_take(struct sctx *c)
{
	const struct sdup	*d;
	struct where		 e;

	while (c->val != NULL) {
		if (!json_is_array(c->val)) {
			if (c->vi++ == 0 && sjson_event(c, c->val, &c->w,
			    S_dupof(c, 0), &c->rec))
				return 1;
		} else if (c->vi < json_array_size(c->val) && !c->stop) {
			e = c->w;
			snprintf(c->path, sizeof(c->path), "%s[%zu]", c->w.path,
			    c->vi);
			e.path = c->path;
			e.textindex = (int64_t)c->vi;
			d = S_dupof(c, c->vi);
			if (sjson_event(c, json_array_get(c->val, c->vi++), &e,
			    d, &c->rec))
				return 1;
			continue;
		}
		json_decref(c->val);
		c->val = NULL;
	}
	return 0;
}

/* --------------------------------------------------------- JSON lines */

/*
 * A malformed record at line and col, for text that is not JSON:
 * nothing but where it is.
 */
static void
S_bad(struct sctx *c, uint32_t line, uint32_t col)
{
	memset(&c->rec, 0, sizeof(c->rec));
	c->rec.loc.file = c->file;
	c->rec.loc.line = line;
	c->rec.loc.col = col;
	c->rec.path = "";
	c->rec.build = c->b;
	c->rec.malformed = 1;
}

/*
 * Parse one non-blank line into c->val, whose events S_take hands on.
 * Returns 1 when the line is not JSON: reported, and a malformed
 * record is in c->rec; otherwise 0.
 */
static int
S_line(struct sctx *c, char *s, size_t len, uint32_t lineno)
{
	struct where	*w = &c->w;
	json_error_t	 err;
	json_t		*v;

	c->quoted = 0;
	if ((v = S_load(c, s, len, 0, 1, lineno, 1, &err)) == NULL &&
	    json_error_code(&err) == json_error_numeric_overflow &&
	    sjson_quote_big(&c->qbuf, s, len)) {
		json_error_t	 err2;

		c->quoted = 1;
		/* Another error than the overflow is the one to report. */
		if ((v = S_load(c, c->qbuf.buf, c->qbuf.len, JSON_ALLOW_NUL, 1,
		    lineno, 1, &err2)) == NULL)
			err = err2;
	}
	if (v == NULL) {
		if (!sjson_count(c, lineno))
			return 0;
		sjson_malformed(c, lineno, err.column > 0 ?
		    (uint32_t)err.column : 0, NULL, -1, "%s", err.text);
		S_bad(c, lineno, 0);
		return 1;
	}
	w->line = lineno;
	w->col = 1;
	w->path = "";
	w->text = s;
	w->textlen = len;
	w->textline = lineno;
	w->textcol = 1;
	w->textindex = -1;
	w->textgen = ++c->textgen;
	c->val = v;
	c->vi = 0;
	return 0;
}

/* ----------------------------------------------------------- documents */

/*
 * Parse the one JSON value starting at the cursor and move past it;
 * elems as for S_load.  Returns the value, or NULL after a syntax error
 * (the document cannot be resynchronised after one): then *bad is 1
 * when the error was reported and a malformed record is in c->rec, 0
 * when the file has had S_MAX_EVENTS.
 */
static json_t *
S_parse_one(struct sctx *c, struct cursor *k, int elems, int *bad)
{
	json_error_t	 err;
	json_t		*v;
	uint32_t	 line, col;

	v = S_load(c, k->buf + k->pos, k->len - k->pos,
	    JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY |
	    (c->quoted ? JSON_ALLOW_NUL : 0), elems, k->line, S_col(k), &err);
	if (v == NULL) {
		/* err.line and err.column count from the cursor. */
		line = k->line + (err.line > 0 ? (uint32_t)err.line - 1 : 0);
		col = err.column > 0 ? (uint32_t)err.column : 0;
		if (err.line == 1)
			col += S_col(k) - 1;
		*bad = 0;
		if (!sjson_count(c, line))
			return NULL;
		sjson_malformed(c, line, col, NULL, -1, "%s", err.text);
		S_bad(c, line, col);
		*bad = 1;
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

/*
 * Begin the document in c->doc, read whole: its big integers quoted
 * (sjson_quote_big), the cursor on its first value, and the state that
 * reads on from there: the elements of an array, or the values one
 * after another.
 */
static void
S_doc(struct sctx *c)
{
	struct cursor	*k = &c->k;
	const char	*buf = c->doc.buf;
	size_t		 len = c->doc.len;

	c->quoted = 0;
	if (sjson_has_big(buf, len) && sjson_quote_big(&c->qbuf, buf, len)) {
		c->quoted = 1;
		buf = c->qbuf.buf;
		len = c->qbuf.len;
	}
	k->buf = buf;
	k->len = len;
	k->pos = k->linestart = 0;
	k->line = 1;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		k->pos = k->linestart = 3;
	S_skipws(k);
	c->state = SS_VALUES;
	if (k->pos < k->len && buf[k->pos] == '[') {
		S_advance(k, 1);
		S_skipws(k);
		c->state = SS_ELEM;
		if (k->pos < k->len && buf[k->pos] == ']') {
			S_advance(k, 1);
			c->state = SS_ARRAYEND;
		}
	}
}

/*
 * One step through the document: an element of its array into c->rec,
 * the separator after one, the end of the array, or the next of its
 * values into c->val.  Returns 1 when a record is in c->rec, else 0.
 */
static int
S_docstep(struct sctx *c)
{
	struct cursor	*k = &c->k;
	struct where	 w;
	json_t		*v;
	uint32_t	 line, col;
	size_t		 start;
	int		 bad;

	switch (c->state) {
	case SS_ELEM:
		line = k->line;
		col = S_col(k);
		start = k->pos;
		c->state = SS_ELEMEND;
		if ((v = S_parse_one(c, k, 0, &bad)) == NULL) {
			c->state = SS_END;
			return bad;
		}
		snprintf(c->path, sizeof(c->path), "[%zu]", c->idx);
		S_span(c, &w, k, start, line, col, c->path);
		c->elem = v;
		return sjson_event(c, v, &w, S_dupof(c, 0), &c->rec);
	case SS_ELEMEND:
		c->state = SS_END;
		if (c->stop)
			return 0;
		S_skipws(k);
		if (k->pos < k->len && k->buf[k->pos] == ',') {
			S_advance(k, 1);
			S_skipws(k);
			c->idx++;
			c->state = SS_ELEM;
			return 0;
		}
		if (k->pos < k->len && k->buf[k->pos] == ']') {
			S_advance(k, 1);
			c->state = SS_ARRAYEND;
			return 0;
		}
		sjson_malformed(c, k->line, S_col(k), NULL, -1,
		    k->pos < k->len ? "expected ',' or ']'" :
		    "unterminated array");
		return 0;
	case SS_ARRAYEND:
		c->state = SS_END;
		S_skipws(k);
		if (k->pos < k->len)
			sjson_malformed(c, k->line, S_col(k), NULL, -1,
			    "text after the array");
		return 0;
	default:
		/* SS_VALUES: one object, or several one after another. */
		S_skipws(k);
		if (k->pos >= k->len || c->stop) {
			c->state = SS_END;
			return 0;
		}
		line = k->line;
		col = S_col(k);
		start = k->pos;
		if ((v = S_parse_one(c, k, 1, &bad)) == NULL) {
			c->state = SS_END;
			return bad;
		}
		S_span(c, &c->w, k, start, line, col, "");
		c->val = v;
		c->vi = 0;
		return 0;
	}
}

/* ------------------------------------------------------------ reading */

/*
 * S_next reads a record at a time: JSON lines a line at a time, the
 * events of an array line one per call, a document read whole and then
 * its values or its array's elements one per call.  Whether the input
 * is JSON lines or one document is decided by its first non-blank line
 * (sjson_whole), without seeking, so standard input works too; a .jsonl
 * file always is JSON lines.  A first line longer than S_MAX_LINE
 * decides for a document (a minified one, on one line), which S_MAX_DOC
 * still bounds; a later one, or any in a .jsonl file, is skipped with a
 * limit-exceeded diagnostic.
 *
 * Each call does the work, diagnostics included, that lies between
 * handing on the last record and the next, so the diagnostics come in
 * the order of the file, each before the record it is about.
 */

/*
 * The next line: of JSON lines, or one of those that decide between
 * lines and a document.  Returns 1 when the line is not JSON and a
 * malformed record is in c->rec, else 0 (c->val may hold its events).
 */
static int
S_linestep(struct sctx *c)
{
	char	*s;
	size_t	 len;
	int	 k;

	ecat_buf_reset(&c->lb);
	if (c->stop ||
	    (k = sjson_getline(&c->in, &c->lb, S_MAX_LINE)) == 0) {
		c->state = SS_LINESEND;
		return 0;
	}
	c->lineno++;
	if (k == 2 && c->state == SS_FIRST) {
		ecat_buf_put(&c->doc, c->lb.buf, c->lb.len);
		c->state = SS_DOC;
		return 0;
	}
	if (k == 2) {
		S_limit(c, c->lineno, "line of more than %lu bytes; the "
		    "limit is %lu; line skipped", S_MAX_LINE, S_MAX_LINE);
		sjson_skipline(&c->in);
		return 0;
	}
	len = c->lb.len;
	s = sjson_trim_line(c->lb.buf, &len, c->lineno == 1);
	if (c->state == SS_FIRST) {
		/* Leading blank lines count for a document. */
		if (sjson_blank(s, len)) {
			ecat_buf_put(&c->doc, c->lb.buf, c->lb.len);
			return 0;
		}
		if (!sjson_whole(s, len)) {
			ecat_buf_put(&c->doc, c->lb.buf, c->lb.len);
			c->state = SS_DOC;
			return 0;
		}
		c->state = SS_LINES;
		ecat_buf_reset(&c->doc);
	}
	if (sjson_blank(s, len))
		return 0;
	return S_line(c, s, len, c->lineno);
}

/* A read error, reported at the last line read: -1; else 0. */
static int
S_readerr(struct sctx *c)
{
	struct ecat_loc	 loc = { c->file, c->lineno, 0 };

	if (c->in.err == 0)
		return 0;
	ecat_msg(c->cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
	    strerror(c->in.err));
	return -1;
}

/*
 * The rest of a document, a block at a time, then its first value
 * (S_doc).  Returns 0, or -1 on a read error or a document over the
 * limit (reported), when nothing of it is handed on.
 */
static int
S_readdoc(struct sctx *c)
{
	struct ecat_loc	 loc = { c->file, 0, 0 };

	c->state = SS_END;
	while (c->doc.len <= S_MAX_DOC && sjson_fill(&c->in)) {
		ecat_buf_put(&c->doc, c->in.blk + c->in.pos,
		    c->in.end - c->in.pos);
		c->in.pos = c->in.end;
	}
	if (c->doc.len > S_MAX_DOC) {
		ecat_msg(c->cat->diag, ECAT_MSG_LIMIT, &loc,
		    "document of more than %lu bytes; the limit is %lu",
		    S_MAX_DOC, S_MAX_DOC);
		return -1;
	}
	if (S_readerr(c) == -1)
		return -1;
	S_doc(c);
	return 0;
}

/* reader.h's next: 1 and *out, 0 at the end, -1 (reported). */
static int
S_next(void *arg, const struct ecat_sample **out)
{
	struct sctx	*c = arg;

	/* What the last record pointed into. */
	ecat_pool_reset(&c->pool);
	json_decref(c->elem);
	c->elem = NULL;
	for (;;) {
		if (S_take(c))
			break;
		switch (c->state) {
		case SS_FIRST:
		case SS_LINES:
			if (S_linestep(c))
				goto record;
			break;
		case SS_LINESEND:
			c->state = SS_END;
			if (S_readerr(c) == -1)
				return -1;
			break;
		case SS_DOC:
			if (S_readdoc(c) == -1)
				return -1;
			break;
		case SS_END:
			return 0;
		default:
			if (S_docstep(c))
				goto record;
			break;
		}
	}
record:
	*out = &c->rec;
	return 1;
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
	/* Big integers quoted by sjson_quote_big print as numbers again. */
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

static void *
S_open(struct ecat_catalog *cat, struct ecat_build *b, const char *file,
    const char *path, int fd, unsigned flags)
{
	struct sctx	*c;

	c = ecat_calloc(1, sizeof(*c));
	ecat_buf_init(&c->lc.keys);
	c->cat = cat;
	c->b = b;
	c->flags = flags;
	ecat_buf_init(&c->qbuf);
	ecat_buf_init(&c->lb);
	ecat_buf_init(&c->doc);
	c->file = file;
	/*
	 * .jsonl is JSON lines by definition; .json says by its content.
	 * The stream is read through its descriptor (sjson_fill): nothing
	 * else reads it, standard input included.
	 */
	sjson_input_init(&c->in, fd, &c->nbytes);
	c->state = strcmp(path, "-") != 0 && ecat_hassuffix(path, ".jsonl") ?
	    SS_LINES : SS_FIRST;
	return c;
}

static void
S_close(void *arg, uint64_t *nbytes)
{
	struct sctx	*c = arg;

	json_decref(c->val);
	json_decref(c->elem);
	sjson_input_free(&c->in);
	ecat_buf_free(&c->lb);
	ecat_buf_free(&c->doc);
	ecat_pool_free(&c->pool);
	ecat_buf_free(&c->qbuf);
	sjson_lfree(&c->lc);
	free(c->dups);
	if (nbytes != NULL)
		*nbytes += c->nbytes;
	free(c);
}

/* Every file: .json, .jsonl, standard input, and the content decides. */
static int
S_claims(const char *path)
{
	return 1;
}

const struct ecat_reader ecat_reader_json = {
	"json", S_claims, S_open, S_next, sjson_locate, S_json, S_close, NULL
};
