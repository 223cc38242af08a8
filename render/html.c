/*
 * html.c: HTML escaping and unique safe names for the site (see
 * html.h; the safe-name rule itself is catalog/safename.c).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/*
 * Byte classes: 0 copied as is, 1 escaped (& < > " '), 2 dropped (C0
 * controls but tab and LF, and DEL), 3 the lead of a multi-byte UTF-8
 * sequence, checked by ecat_utf8_len().  A constant table: threads share it.
 */
static const unsigned char cls[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 2, 2, 2, 2, 2,	/* 0x00 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,	/* 0x10 */
	0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,	/* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,	/* 0x70 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* 0x80 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* 0x90 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* 0xa0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* 0xb0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* 0xc0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* 0xd0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* 0xe0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* 0xf0 */
};


void
html_esc(struct ecat_buf *b, const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, run, k;
	unsigned		 cp;

	while (i < n) {
		run = i;
		while (i < n && cls[s[i]] == 0)
			i++;
		if (i > run)
			ecat_buf_put(b, str + run, i - run);
		if (i == n)
			break;
		switch (cls[s[i]]) {
		case 1:
			switch (s[i]) {
			case '&':
				ecat_buf_put(b, "&amp;", 5);
				break;
			case '<':
				ecat_buf_put(b, "&lt;", 4);
				break;
			case '>':
				ecat_buf_put(b, "&gt;", 4);
				break;
			case '"':
				ecat_buf_put(b, "&quot;", 6);
				break;
			default:
				ecat_buf_put(b, "&#39;", 5);
				break;
			}
			i++;
			break;
		case 2:
			/* CR is kept as a line end would be; others go. */
			if (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))
				ecat_buf_putc(b, '\n');
			i++;
			break;
		default:
			if ((k = ecat_utf8_len(s + i, n - i)) == 0) {
				ecat_buf_put(b, "\xef\xbf\xbd", 3);
				i++;
			} else if ((cp = html_bidi(str + i, k)) != 0) {
				ecat_buf_printf(b, "[U+%04X]", cp);
				i += k;
			} else {
				ecat_buf_put(b, str + i, k);
				i += k;
			}
			break;
		}
	}
}

unsigned
html_bidi(const char *str, size_t k)
{
	const unsigned char	*s = (const unsigned char *)str;

	/* U+061C ARABIC LETTER MARK */
	if (k == 2 && s[0] == 0xd8 && s[1] == 0x9c)
		return 0x061c;
	if (k != 3 || s[0] != 0xe2)
		return 0;
	/* U+200E, U+200F: LRM, RLM; U+202A-U+202E: LRE RLE PDF LRO RLO */
	if (s[1] == 0x80 && (s[2] == 0x8e || s[2] == 0x8f ||
	    (s[2] >= 0xaa && s[2] <= 0xae)))
		return 0x2000 | (unsigned)(s[2] & 0x3f);
	/* U+2066-U+2069: LRI RLI FSI PDI */
	if (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return 0x2040 | (unsigned)(s[2] & 0x3f);
	return 0;
}

char *
html_bidi_visible(const char *s)
{
	struct ecat_buf	 b;
	size_t		 i, n, k, run = 0;
	unsigned	 cp;
	int		 found = 0;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	ecat_buf_init(&b);
	for (i = 0; i < n; i += k) {
		if ((k = ecat_utf8_len((const unsigned char *)s + i,
		    n - i)) == 0) {
			k = 1;
			continue;
		}
		if ((cp = html_bidi(s + i, k)) == 0)
			continue;
		ecat_buf_put(&b, s + run, i - run);
		ecat_buf_printf(&b, "[U+%04X]", cp);
		run = i + k;
		found = 1;
	}
	if (!found)
		return NULL;
	ecat_buf_put(&b, s + run, n - run);
	return ecat_buf_detach(&b);
}

void
html_escs(struct ecat_buf *b, const char *s)
{
	if (s != NULL)
		html_esc(b, s, strlen(s));
}

/* ------------------------------------------------ unique safe names */

/*
 * The names given so far are a string table compared without case
 * (html.h), with its own hash and equality: the hash folds with
 * tolower(3), as strncasecmp(3) compares.
 */
static uint64_t
S_lhash(const void *k, size_t n, uint64_t tag)
{
	const unsigned char	*s = k;
	uint64_t		 h = ECAT_HASH_SEED;

	(void)tag;
	for (; n > 0; s++, n--) {
		h ^= (unsigned char)tolower(*s);
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int
S_leq(const void *a, const void *b, size_t n)
{
	return strncasecmp(a, b, n) == 0;
}

/* Adds s unless present (without case).  Returns 1 added, 0 present. */
static int
S_set_add(struct ecat_htab *set, const char *s)
{
	int	 isnew;

	ecat_htab_put(set, s, strlen(s), 0, &isnew);
	return isnew;
}

char **
html_safe_unique(const char *const *names, size_t n)
{
	struct ecat_htab	 set;
	char			**out, buf[ECAT_SAFE_MAX + 1];
	size_t			 i;
	unsigned		 k;
	int			 pass;

	out = ecat_calloc(n ? n : 1, sizeof(char *));
	ecat_htab_init(&set, ECAT_HKEY_STR, n);
	set.hash = S_lhash;
	set.eq = S_leq;
	/* Pass 0: names that are their own safe form; pass 1: others. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			if (out[i] != NULL)
				continue;
			if (pass == 0 && !ecat_is_safe_name(names[i]))
				continue;
			ecat_safe_name(buf, names[i]);
			out[i] = ecat_strdup(buf);
			for (k = 2; !S_set_add(&set, out[i]); k++) {
				free(out[i]);
				out[i] = ecat_asprintf("%s~%u", buf, k);
			}
		}
	ecat_htab_free(&set);
	return out;
}

void
html_names_free(char **a, size_t n)
{
	size_t	 i;

	for (i = 0; a != NULL && i < n; i++)
		free(a[i]);
	free(a);
}
