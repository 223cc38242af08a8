/*
 * sample_input.c: the JSON sample reader's input (sample_json.h): a
 * file descriptor read with read(2) in blocks of S_RDBLOCK and cut into
 * lines of bounded length, and the tests and rewriting of that text
 * before Jansson parses it (is a line blank, is it a whole object or
 * array, integers too big for Jansson).  Separate from the reader
 * (sample_json.c) because none of it sees a Jansson value: it is the
 * text level under the reader's states, and the one place that calls
 * read(2) on a sample.
 *
 * read(2) rather than getline(3): a line is gathered only up to the
 * caller's limit however long it goes on (the rest is skipped without
 * being kept), and what a pipe holds is handled as soon as it is there
 * (standard input may be a capture still being written).
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sample_json.h"

/* Bytes asked of read(2) at a time. */
#define S_RDBLOCK	(64 * 1024)
/* Digits from which an integer may not fit json_int_t. */
#define S_BIG_DIGITS	19

void
sjson_input_init(struct sjson_input *r, int fd, uint64_t *nbytes)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->blk = ecat_malloc(S_RDBLOCK);
	r->nbytes = nbytes;
}

void
sjson_input_free(struct sjson_input *r)
{
	free(r->blk);
	r->blk = NULL;
}

int
sjson_fill(struct sjson_input *r)
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

int
sjson_getline(struct sjson_input *r, struct ecat_buf *b, size_t max)
{
	const char	*p, *nl;
	size_t		 n, room;

	while (sjson_fill(r)) {
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

void
sjson_skipline(struct sjson_input *r)
{
	const char	*nl;

	while (sjson_fill(r)) {
		nl = memchr(r->blk + r->pos, '\n', r->end - r->pos);
		if (nl != NULL) {
			r->pos = (size_t)(nl - r->blk) + 1;
			return;
		}
		r->pos = r->end;
	}
}

/* ------------------------------------------------------- big numbers */

int
sjson_quote_big(struct ecat_buf *q, const char *s, size_t len)
{
	size_t	 i = 0, st, nd;
	int	 instr = 0, any = 0, integer;

	ecat_buf_reset(q);
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
			ecat_buf_put(q, s + st, i - st);
			continue;
		}
		if (s[i] == '"') {
			instr = 1;
			ecat_buf_putc(q, '"');
			i++;
			continue;
		}
		if (s[i] != '-' && !isdigit((unsigned char)s[i])) {
			ecat_buf_putc(q, s[i]);
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
			ecat_buf_puts(q, "\"\\u0000");
			ecat_buf_put(q, s + st, i - st);
			ecat_buf_putc(q, '"');
			any = 1;
		} else
			ecat_buf_put(q, s + st, i - st);
	}
	ecat_buf_put(q, "", 0);
	return any;
}

int
sjson_has_big(const char *s, size_t len)
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

char *
sjson_trim_line(char *s, size_t *len, int first)
{
	if (first && *len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		*len -= 3;
	}
	while (*len > 0 && (s[*len - 1] == '\n' || s[*len - 1] == '\r'))
		--*len;
	return s;
}

int
sjson_blank(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

int
sjson_whole(const char *s, size_t len)
{
	size_t	 b, e;

	for (b = 0; b < len && isspace((unsigned char)s[b]); b++)
		continue;
	for (e = len; e > b && isspace((unsigned char)s[e - 1]); e--)
		continue;
	return e - b >= 2 && ((s[b] == '{' && s[e - 1] == '}') ||
	    (s[b] == '[' && s[e - 1] == ']'));
}
