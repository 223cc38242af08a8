/*
 * sample_locate.c: where in a JSON sample file a value is, for
 * diagnostics that point at the member rather than at the event
 * (ecat_sample_locate, through the JSON reader's entry in reader.h).
 * It reads the text itself, not Jansson's tree, which keeps no
 * positions; separate from the reader because it is a scanner of its
 * own, with its own index.
 *
 * ecat_sample_locate() is called once per finding, and an event with
 * many unknown fields has as many findings.  Scanning the text from
 * its start for each one made that quadratic (tests/pathological.py,
 * samples-fields: 10,000 unknown fields in each of 20 events took 94
 * times as long as 1,000), and so were the events of an array written
 * on one line, whose records all share the line as their text and
 * each skipped the events before it (samples-array-line: 115 times).
 * So the calls on one event share an index (struct lcache): the
 * members of each container (object or array) a path steps into go
 * into a hash table keyed by the container's offset and the name or
 * index, as far as the container has been scanned, and the scan goes
 * on from there when a later path needs more (S_lmore).  The elements
 * of an array line (S_lelem) and the text's newlines (S_lline) are
 * kept likewise for all the events of the text.  Each byte is scanned
 * once per container it is in and each step is a probe, so the time
 * is linear in the text however many paths are asked for, and the
 * memory in one event's members.  The index belongs to the reader
 * (one for each ecat_samples_read call); a record's textgen and
 * textindex say which text and event it is of.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sample_json.h"

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

/* Four hex digits at s as *out.  Returns 0, or -1 if they are not. */
static int
S_hex4(const char *s, uint32_t *out)
{
	uint32_t	 v = 0;
	int		 i, d;

	for (i = 0; i < 4; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

/*
 * Append to b the member name whose text as written (escapes and all,
 * no quotes) is s[0..n), unescaped as Jansson unescapes it: \uXXXX
 * (with surrogate pairs) as UTF-8, so that it compares equal to the
 * names the records carry.  Returns 0, or -1 for a name no record can
 * carry (a bad escape, or NUL, which Jansson refuses in a name); b is
 * then as it was.
 */
static int
S_unescape(struct ecat_buf *b, const char *s, size_t n)
{
	size_t		 i = 0, start = b->len;
	uint32_t	 u, lo;
	char		 ch, u8[4];

	while (i < n) {
		if ((ch = s[i++]) != '\\') {
			ecat_buf_putc(b, ch);
			continue;
		}
		if (i == n)
			goto bad;
		switch ((ch = s[i++])) {
		case '"':
		case '\\':
		case '/':
			break;
		case 'b': ch = '\b'; break;
		case 'f': ch = '\f'; break;
		case 'n': ch = '\n'; break;
		case 'r': ch = '\r'; break;
		case 't': ch = '\t'; break;
		case 'u':
			if (i + 4 > n || S_hex4(s + i, &u) == -1)
				goto bad;
			i += 4;
			if (u >= 0xdc00 && u <= 0xdfff)
				goto bad;
			if (u >= 0xd800 && u <= 0xdbff) {
				if (i + 6 > n || s[i] != '\\' ||
				    s[i + 1] != 'u' ||
				    S_hex4(s + i + 2, &lo) == -1 ||
				    lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				i += 6;
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			if (u == 0)
				goto bad;
			if (u < 0x80) {
				ch = (char)u;
				break;
			}
			if (u < 0x800) {
				u8[0] = (char)(0xc0 | u >> 6);
				u8[1] = (char)(0x80 | (u & 0x3f));
				ecat_buf_put(b, u8, 2);
			} else if (u < 0x10000) {
				u8[0] = (char)(0xe0 | u >> 12);
				u8[1] = (char)(0x80 | (u >> 6 & 0x3f));
				u8[2] = (char)(0x80 | (u & 0x3f));
				ecat_buf_put(b, u8, 3);
			} else {
				u8[0] = (char)(0xf0 | u >> 18);
				u8[1] = (char)(0x80 | (u >> 12 & 0x3f));
				u8[2] = (char)(0x80 | (u >> 6 & 0x3f));
				u8[3] = (char)(0x80 | (u & 0x3f));
				ecat_buf_put(b, u8, 4);
			}
			continue;
		default:
			goto bad;
		}
		ecat_buf_putc(b, ch);
	}
	return 0;
bad:
	b->len = start;
	return -1;
}

/*
 * A slot's key: the tag is the container's offset and the kind of key
 * (a member's name, k[0..n); an element, n its index; the mark that
 * the container has been indexed).
 */
enum lkind { LK_NAME, LK_ELEM, LK_DONE };

static uint64_t
S_ltag(size_t parent, enum lkind kind)
{
	return (uint64_t)parent << 2 | kind;
}

/* The slot of the current event for (parent, kind, name or index). */
static struct lslot *
S_lfind(const struct lcache *lc, size_t parent, enum lkind kind,
    const char *name, size_t klen)
{
	const struct ecat_hent	*e;

	e = ecat_htab_find(&lc->tab, name, klen, S_ltag(parent, kind));
	return e != NULL ? e->v.p : NULL;
}

/*
 * Add a slot (the caller has made sure there is none for its key); a
 * name is copied into the pool.
 */
static void
S_ladd(struct lcache *lc, size_t parent, enum lkind kind, const char *name,
    size_t klen, size_t at, size_t val)
{
	struct lslot	*sl;

	if (name != NULL)
		name = ecat_pool_strn(&lc->pool, name, klen);
	sl = ecat_pool_alloc(&lc->pool, sizeof(*sl));
	sl->at = at;
	sl->val = val;
	ecat_htab_put(&lc->tab, name, klen, S_ltag(parent, kind), NULL)->v.p =
	    sl;
}

/*
 * Index one more member or element of the container whose '{' or '['
 * is at text[p], going on where the last call for it stopped: so a
 * container is scanned once, and no further than the paths asked for
 * need.  Its LK_DONE slot keeps where to go on (at; SIZE_MAX once the
 * container has been scanned to its end) and how many members or
 * elements came before (val).  A name repeated keeps its first member,
 * as the scan this replaces found.  Text that stops being JSON ends
 * the container there; a path into the rest is then not found, as
 * before.  Returns 0, or -1 when the container has nothing more.
 */
static int
S_lmore(struct lcache *lc, const char *text, size_t len, size_t p)
{
	struct lslot	*done;
	struct scan	 k;
	size_t		 idx, ks, ke;
	const char	*name;
	int		 end = 1;

	if ((done = S_lfind(lc, p, LK_DONE, NULL, 0)) == NULL) {
		S_ladd(lc, p, LK_DONE, NULL, 0, p + 1, 0);
		done = S_lfind(lc, p, LK_DONE, NULL, 0);
	}
	if (done->at == SIZE_MAX)
		return -1;
	k.s = text;
	k.len = len;
	k.pos = done->at;
	idx = done->val;
	S_sws(&k);
	if (idx > 0) {
		if (k.pos >= len || text[k.pos] != ',')
			goto out;
		k.pos++;
		S_sws(&k);
	}
	if (text[p] == '[') {
		if (k.pos >= len || text[k.pos] == ']')
			goto out;
		S_ladd(lc, p, LK_ELEM, NULL, idx, k.pos, k.pos);
		end = S_svalue(&k) == -1;
		goto out;
	}
	if (k.pos >= len || text[k.pos] != '"')
		goto out;
	ks = k.pos;
	if (S_sstring(&k) == -1)
		goto out;
	ke = k.pos - 1;
	S_sws(&k);
	if (k.pos >= len || text[k.pos] != ':')
		goto out;
	k.pos++;
	S_sws(&k);
	ecat_buf_reset(&lc->keys);
	if (S_unescape(&lc->keys, text + ks + 1, ke - ks - 1) == 0) {
		/* "" for an empty name: a NULL key is no name. */
		name = lc->keys.buf != NULL ? lc->keys.buf : "";
		if (S_lfind(lc, p, LK_NAME, name, lc->keys.len) == NULL)
			S_ladd(lc, p, LK_NAME, name, lc->keys.len, ks, k.pos);
	}
	end = S_svalue(&k) == -1;
out:
	done->at = end ? SIZE_MAX : k.pos;
	done->val = idx + 1;
	return end ? -1 : 0;
}

/*
 * From the container at *cur, one step: sets *at to the member's name
 * or the element and *cur to its value.  Returns 0, or -1 if there is
 * no such member or element.
 */
static int
S_lstep(struct lcache *lc, const char *text, size_t len, size_t *cur,
    const struct ecat_spath *st, size_t *at)
{
	const struct lslot	*sl;
	size_t			 klen;

	if (*cur >= len || text[*cur] != (st->key == NULL ? '[' : '{'))
		return -1;
	klen = st->key != NULL ? strlen(st->key) : 0;
	for (;;) {
		sl = st->key == NULL ? S_lfind(lc, *cur, LK_ELEM, NULL,
		    st->index) : S_lfind(lc, *cur, LK_NAME, st->key, klen);
		if (sl != NULL)
			break;
		if (S_lmore(lc, text, len, *cur) == -1)
			return -1;
	}
	*at = sl->at;
	*cur = sl->val;
	return 0;
}

/*
 * Make lc the index of r's event, empty at first: of a new text, or of
 * another event of the same array line, which keeps the line's
 * elements and newlines.  The event's members are dropped, so that the
 * index holds one event's at a time, not a long line's.
 */
static void
S_lreset(struct lcache *lc, const struct ecat_sample *r)
{
	if (lc->textgen != r->textgen || lc->gen == 0) {
		lc->textgen = r->textgen;
		lc->nelem = 0;
		lc->elempos = 0;
		lc->elemend = 0;
		lc->nnl = 0;
		lc->nlscan = 0;
	}
	lc->textindex = r->textindex;
	lc->gen++;
	if (lc->tab.key != ECAT_HKEY_STR)	/* a zeroed lcache */
		ecat_htab_init(&lc->tab, ECAT_HKEY_STR, 0);
	ecat_htab_clear(&lc->tab);
	ecat_pool_reset(&lc->pool);
}

/*
 * The index-th element of the array line whose '[' is at text[p]: sets
 * *at.  The elements are scanned once for all the line's events, as
 * far as asked for.  Returns 0, or -1 if there is no such element.
 */
static int
S_lelem(struct lcache *lc, const char *text, size_t len, size_t p,
    size_t index, size_t *at)
{
	struct scan	 k;

	k.s = text;
	k.len = len;
	while (lc->nelem <= index && !lc->elemend) {
		k.pos = lc->elempos != 0 ? lc->elempos : p + 1;
		lc->elemend = 1;
		S_sws(&k);
		if (lc->nelem > 0) {
			if (k.pos >= len || text[k.pos] != ',')
				break;
			k.pos++;
			S_sws(&k);
		}
		if (k.pos >= len || text[k.pos] == ']')
			break;
		if (lc->nelem == lc->elemcap) {
			lc->elemcap = lc->elemcap ? lc->elemcap * 2 : 64;
			lc->elem = ecat_reallocarray(lc->elem, lc->elemcap,
			    sizeof(*lc->elem));
		}
		lc->elem[lc->nelem++] = k.pos;
		if (S_svalue(&k) == -1)
			break;
		lc->elempos = k.pos;
		lc->elemend = 0;
	}
	if (index >= lc->nelem)
		return -1;
	*at = lc->elem[index];
	return 0;
}

/* Free what lc holds and leave it empty, as new. */
void
sjson_lfree(struct lcache *lc)
{
	ecat_htab_free(&lc->tab);
	ecat_pool_free(&lc->pool);
	free(lc->elem);
	free(lc->nl);
	ecat_buf_free(&lc->keys);
	memset(lc, 0, sizeof(*lc));
}

/*
 * How many newlines of the text come before offset at (the line of at,
 * from 0); *last is where that line starts.  The text is searched for
 * newlines once, only as far as the offsets asked for.
 */
static size_t
S_lline(struct lcache *lc, const char *text, size_t at, size_t *last)
{
	const char	*p, *e = text + at;
	size_t		 lo, hi, mid;

	for (p = text + lc->nlscan; p < e &&
	    (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++) {
		if (lc->nnl == lc->nlcap) {
			lc->nlcap = lc->nlcap ? lc->nlcap * 2 : 64;
			lc->nl = ecat_reallocarray(lc->nl, lc->nlcap,
			    sizeof(*lc->nl));
		}
		lc->nl[lc->nnl++] = (size_t)(p - text);
	}
	if (at > lc->nlscan)
		lc->nlscan = at;
	/* The first newline at or after at. */
	for (lo = 0, hi = lc->nnl; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		if (lc->nl[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	*last = lo > 0 ? lc->nl[lo - 1] + 1 : 0;
	return lo;
}

int
sjson_locate(const struct ecat_sample *r, const struct ecat_spath *steps,
    size_t nsteps, struct ecat_loc *out)
{
	struct lcache		 local, *lc = r->lcache;
	struct scan		 k;
	size_t			 at = 0, cur, i, nl, last;
	int			 rc = -1;

	*out = r->loc;
	if (r->text == NULL)
		return -1;
	if (nsteps == 0 && r->textindex < 0)
		return 0;
	/* A record made by hand: an index for this call only. */
	if (lc == NULL) {
		memset(&local, 0, sizeof(local));
		ecat_buf_init(&local.keys);
		lc = &local;
	}
	if (lc->gen == 0 || lc->textgen != r->textgen ||
	    lc->textindex != r->textindex)
		S_lreset(lc, r);
	k.s = r->text;
	k.len = r->textlen;
	k.pos = 0;
	S_sws(&k);
	cur = k.pos;
	if (r->textindex >= 0) {
		if (cur >= r->textlen || r->text[cur] != '[' ||
		    S_lelem(lc, r->text, r->textlen, cur,
		    (size_t)r->textindex, &at) == -1)
			goto out;
		cur = at;
	}
	for (i = 0; i < nsteps; i++)
		if (S_lstep(lc, r->text, r->textlen, &cur, &steps[i],
		    &at) == -1)
			goto out;
	nl = S_lline(lc, r->text, at, &last);
	out->line = r->textline + (uint32_t)nl;
	out->col = nl == 0 ? r->textcol + (uint32_t)at :
	    (uint32_t)(at - last + 1);
	rc = 0;
out:
	if (lc == &local)
		sjson_lfree(&local);
	return rc;
}

