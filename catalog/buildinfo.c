/*
 * buildinfo.c: SRC/builds/<build>/build.json, the facts about one build
 * (samples/README.md, "build.json", documents every member):
 *
 *   { "display_name": "Windows 10 Enterprise 1803",
 *     "os_family": "Windows 10",
 *     "build_number": 17134,
 *     "revision": "17134.1",
 *     "capture_date": null,
 *     "version_string": "Windows 10 Enterprise 1803 (17134.1.x86fre...)",
 *     "providers": [
 *       { "provider": "Microsoft-Windows-SMBServer", "binary": null,
 *         "file_version": null, "obtained": "TSV export" } ] }
 *
 * A syntax error is reported at the line and column Jansson gives; the
 * build keeps its id-derived number and its schemas still load.  A
 * member of the wrong type, or one this version does not know, is
 * reported with its path ("providers[2].binary") at the line of its
 * key, found by S_scan() since Jansson keeps no positions for values
 * (docs/style.md, "Diagnostics"); the other members still apply.
 * Jansson is confined to this file and sample_json.c (load.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "io.h"
#include "load.h"

/* Where one member key or array element starts in the text. */
struct posrec {
	char	*path;		/* "providers[2].binary" */
	size_t	 off;
};

struct bctx {
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	const char		*file;	/* interned path */
	const char		*buf;
	size_t			 len;
	struct posrec		*pos;
	size_t			 npos;
	int			 scanned;
};

/* ------------------------------------------------------------ positions */

static void
S_pos_add(struct bctx *c, const struct ecat_buf *path, size_t off, size_t *cap)
{
	if (c->npos == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		c->pos = ecat_reallocarray(c->pos, *cap, sizeof(*c->pos));
	}
	c->pos[c->npos].path = ecat_strdup(path->buf != NULL ? path->buf : "");
	c->pos[c->npos].off = off;
	c->npos++;
}

/*
 * Record where every member key and array element of the (already
 * valid) JSON text starts, by path.  Only called once a member needs a
 * diagnostic, so well-formed files never pay for it.  The text parsed
 * with json_loadb(), so strings are terminated and brackets balance;
 * the scan only has to follow strings and nesting.
 */
static void
S_scan(struct bctx *c)
{
	struct frame {
		int	 array;		/* 1 array, 0 object */
		size_t	 index;		/* array: next element index */
		size_t	 pathlen;	/* path length at container entry */
		int	 want_key;	/* object: next string is a key */
	}		 stack[64];
	struct ecat_buf	 path;
	size_t		 i, j, cap = 0, depth = 0;
	char		 num[32];

	c->scanned = 1;
	ecat_buf_init(&path);
	ecat_buf_puts(&path, "");
	for (i = 0; i < c->len; i++) {
		char ch = c->buf[i];

		if (isspace((unsigned char)ch) || ch == ':')
			continue;
		if (ch == ',') {
			if (depth > 0 && !stack[depth - 1].array)
				stack[depth - 1].want_key = 1;
			continue;
		}
		if (ch == '}' || ch == ']') {
			if (depth > 0)
				depth--;
			continue;
		}
		/* A value or key starts here. */
		if (depth > 0 && stack[depth - 1].array) {
			/* path = container path + "[index]" */
			path.len = stack[depth - 1].pathlen;
			path.buf[path.len] = '\0';
			snprintf(num, sizeof(num), "[%zu]",
			    stack[depth - 1].index++);
			ecat_buf_puts(&path, num);
			S_pos_add(c, &path, i, &cap);
		}
		if (ch == '"') {
			for (j = i + 1; j < c->len && c->buf[j] != '"'; j++)
				if (c->buf[j] == '\\')
					j++;
			if (depth > 0 && !stack[depth - 1].array &&
			    stack[depth - 1].want_key) {
				stack[depth - 1].want_key = 0;
				path.len = stack[depth - 1].pathlen;
				path.buf[path.len] = '\0';
				if (path.len > 0)
					ecat_buf_putc(&path, '.');
				ecat_buf_put(&path, c->buf + i + 1, j - i - 1);
				S_pos_add(c, &path, i, &cap);
			}
			i = j;
			continue;
		}
		if (ch == '{' || ch == '[') {
			if (depth == sizeof(stack) / sizeof(stack[0]))
				break;	/* deeper than any build.json */
			stack[depth].array = ch == '[';
			stack[depth].index = 0;
			stack[depth].pathlen = path.len;
			stack[depth].want_key = ch == '{';
			depth++;
			continue;
		}
		/* Number, true, false, null: skip to the delimiter. */
		while (i + 1 < c->len && strchr(",}] \t\r\n", c->buf[i + 1]) ==
		    NULL)
			i++;
	}
	ecat_buf_free(&path);
}

/* The location of path's key (or element), or of the file if unknown. */
static struct ecat_loc
S_locate(struct bctx *c, const char *path)
{
	struct ecat_loc	 loc = { c->file, 0, 0 };
	size_t		 i, off, linestart = 0;

	if (!c->scanned)
		S_scan(c);
	for (i = 0; i < c->npos; i++)
		if (strcmp(c->pos[i].path, path) == 0)
			break;
	if (i == c->npos)
		return loc;
	off = c->pos[i].off;
	loc.line = 1;
	for (i = 0; i < off; i++)
		if (c->buf[i] == '\n') {
			loc.line++;
			linestart = i + 1;
		}
	loc.col = (uint32_t)(off - linestart + 1);
	return loc;
}

static void
S_bad(struct bctx *c, const char *path, const char *what)
{
	struct ecat_loc		 loc = S_locate(c, path);
	struct ecat_msgctx	 ctx = { c->b->id, NULL, -1, -1, NULL };

	ecat_msgx(c->cat->diag, ECAT_MSG_BUILD_JSON, &loc, &ctx, "%s: %s",
	    path, what);
}

/* ------------------------------------------------------------- members */

/*
 * A string member that may be null.  Returns the interned string, or
 * NULL for null or after reporting a wrong type.
 */
static const char *
S_str(struct bctx *c, const char *path, json_t *v)
{
	if (json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		S_bad(c, path, "expected a string or null");
		return NULL;
	}
	return ecat_strn(c->cat, json_string_value(v), json_string_length(v));
}

/*
 * YYYY-MM-DD, or YYYY-MM / YYYY when only that much is known, and a
 * date of the proleptic Gregorian calendar: 2026-13-45 has the form
 * but is no date.  NULL if s is one, else what is wrong, in buf.
 */
static const char *
S_date_bad(const char *s, char *buf, size_t sz)
{
	static const char	 pat[] = "dddd-dd-dd";
	static const int	 mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };
	size_t			 i, n = strlen(s);
	int			 y, m, d, last;

	if (n != 4 && n != 7 && n != 10)
		return "expected YYYY-MM-DD";
	for (i = 0; i < n; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != pat[i])
			return "expected YYYY-MM-DD";
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	if (n == 4)
		return NULL;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (m < 1 || m > 12) {
		snprintf(buf, sz, "expected YYYY-MM-DD, a date: there is no "
		    "month %02d", m);
		return buf;
	}
	if (n == 7)
		return NULL;
	d = (s[8] - '0') * 10 + (s[9] - '0');
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0));
	if (d < 1 || d > last) {
		snprintf(buf, sz, "expected YYYY-MM-DD, a date: %.7s has "
		    "days 01 to %d", s, last);
		return buf;
	}
	return NULL;
}

/*
 * One entry of "providers".  Returns 1 if it was stored in *bp, 0 if it
 * was skipped (no usable provider name).
 */
static int
S_provider(struct bctx *c, size_t idx, json_t *o, struct ecat_bprov *bp)
{
	const char	*key, *s;
	char		 path[96];
	json_t		*v;
	size_t		 i;

	memset(bp, 0, sizeof(*bp));
	snprintf(path, sizeof(path), "providers[%zu]", idx);
	if (!json_is_object(o)) {
		S_bad(c, path, "expected an object");
		return 0;
	}
	json_object_foreach(o, key, v) {
		snprintf(path, sizeof(path), "providers[%zu].%s", idx, key);
		if (strcmp(key, "provider") == 0) {
			if (!json_is_string(v) || json_string_length(v) == 0)
				S_bad(c, path, "expected a provider name");
			else
				bp->provider = S_str(c, path, v);
		} else if (strcmp(key, "binary") == 0)
			bp->binary = S_str(c, path, v);
		else if (strcmp(key, "file_version") == 0)
			bp->file_version = S_str(c, path, v);
		else if (strcmp(key, "schema_copied_from") == 0)
			bp->copied_from = S_str(c, path, v);
		else if (strcmp(key, "transcription") == 0) {
			/* A path under the build folder (carry.c). */
			if ((s = S_str(c, path, v)) == NULL)
				continue;
			if (*s == '\0' || *s == '/' || strstr(s, "..") != NULL)
				S_bad(c, path, "expected a file path under the "
				    "build folder");
			else
				bp->transcription = s;
		}
		else if (strcmp(key, "obtained") == 0) {
			if ((s = S_str(c, path, v)) == NULL)
				continue;
			/* How the schema reached the catalog (model.h). */
			for (i = 0; i < ECAT_SRC__MAX; i++)
				if (strcmp(s, ecat_srckind_obtained(i)) == 0)
					break;
			if (i == ECAT_SRC__MAX)
				S_bad(c, path, "expected \"registered "
				    "manifest\", \"TSV export\" or \"captured "
				    "sample\"");
			else
				bp->obtained = s;
		} else
			S_bad(c, path, "unknown member");
	}
	if (bp->provider == NULL) {
		snprintf(path, sizeof(path), "providers[%zu]", idx);
		if (json_object_get(o, "provider") == NULL)
			S_bad(c, path, "no \"provider\" member; entry ignored");
		return 0;
	}
	return 1;
}

static void
S_providers(struct bctx *c, json_t *a)
{
	struct ecat_bprov	*bp;
	size_t			 i, n = 0;

	if (json_is_null(a))
		return;
	if (!json_is_array(a)) {
		S_bad(c, "providers", "expected an array");
		return;
	}
	bp = ECAT_NEWARRAY(c->cat, struct ecat_bprov,
	    json_array_size(a) > 0 ? json_array_size(a) : 1);
	for (i = 0; i < json_array_size(a); i++)
		if (S_provider(c, i, json_array_get(a, i), &bp[n]))
			n++;
	c->b->bprov = bp;
	c->b->nbprov = (uint32_t)n;
}

static void
S_build_number(struct bctx *c, json_t *v)
{
	json_int_t	 n;

	if (json_is_null(v))
		return;
	if (!json_is_integer(v) || (n = json_integer_value(v)) <= 0) {
		S_bad(c, "build_number", "expected a positive integer");
		return;
	}
	/* A positive integer, too big for the 32 bits a build number
	   has: say so, not that it is no positive integer. */
	if (n > (json_int_t)UINT32_MAX) {
		S_bad(c, "build_number", "expected a positive integer of at "
		    "most 4294967295");
		return;
	}
	c->b->build_number = (uint32_t)n;
}

/*
 * The revision "BUILD.UBR" must begin with the build number, so that
 * an enablement-package build (1909 = 18363 on an 18362 base;
 * samples/README.md) cannot silently carry its base build's revision.
 * Called once the build number is final; applies r only if it passes.
 */
static void
S_revision(struct bctx *c, const char *r)
{
	char		*end;
	unsigned long	 n;

	if (r == NULL)
		return;
	n = strtoul(r, &end, 10);
	if (!isdigit((unsigned char)*r) || *end != '.' ||
	    !isdigit((unsigned char)end[1]) || end[1 + strspn(end + 1,
	    "0123456789")] != '\0' ||
	    (c->b->build_number != 0 && n != c->b->build_number)) {
		S_bad(c, "revision", "expected \"BUILD.REVISION\" starting "
		    "with build_number");
		return;
	}
	c->b->revision = r;
}

int
ecat_load_build_json(struct ecat_catalog *cat, struct ecat_build *b,
    const char *path)
{
	struct bctx	 c;
	struct ecat_loc	 loc;
	json_error_t	 err;
	json_t		*root, *v;
	const char	*key, *s, *rev = NULL, *why;
	char		*buf, whybuf[80];
	size_t		 len, i;

	if ((buf = ecat_slurp(cat, path, &len)) == NULL)
		return -1;
	memset(&c, 0, sizeof(c));
	c.cat = cat;
	c.b = b;
	c.file = ecat_file(cat, path);
	c.buf = buf;
	c.len = len;

	/*
	 * Duplicate keys would make the second value silently win; the
	 * file is written by hand, so refuse them.
	 */
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		struct ecat_msgctx ctx = { b->id, NULL, -1, -1, NULL };

		loc.file = c.file;
		loc.line = err.line > 0 ? (uint32_t)err.line : 0;
		loc.col = err.column > 0 ? (uint32_t)err.column : 0;
		ecat_msgx(cat->diag, ECAT_MSG_BUILD_JSON, &loc, &ctx, "%s",
		    err.text);
		free(buf);
		return 0;
	}
	if (!json_is_object(root)) {
		loc.file = c.file;
		loc.line = 1;
		loc.col = 1;
		ecat_msg(cat->diag, ECAT_MSG_BUILD_JSON, &loc,
		    "the top level is not an object");
		json_decref(root);
		free(buf);
		return 0;
	}

	json_object_foreach(root, key, v) {
		if (strcmp(key, "display_name") == 0)
			b->display_name = S_str(&c, key, v);
		else if (strcmp(key, "os_family") == 0)
			b->os_family = S_str(&c, key, v);
		else if (strcmp(key, "build_number") == 0)
			S_build_number(&c, v);
		else if (strcmp(key, "revision") == 0)
			rev = S_str(&c, key, v);
		else if (strcmp(key, "capture_date") == 0) {
			if ((s = S_str(&c, key, v)) != NULL &&
			    (why = S_date_bad(s, whybuf, sizeof(whybuf))) !=
			    NULL)
				S_bad(&c, key, why);
			else
				b->capture_date = s;
		} else if (strcmp(key, "version_string") == 0)
			b->version_string = S_str(&c, key, v);
		else if (strcmp(key, "providers") == 0)
			S_providers(&c, v);
		else
			S_bad(&c, key, "unknown member");
	}
	S_revision(&c, rev);

	json_decref(root);
	for (i = 0; i < c.npos; i++)
		free(c.pos[i].path);
	free(c.pos);
	free(buf);
	return 0;
}
