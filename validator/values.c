/*
 * values.c: the TDH value parsers of the sample validator: one value,
 * as its (inType, outType) pair renders it (docs/etw-manifest-reference.md
 * §2.1 inTypes, §2.2 outTypes, §2.3 renderings): integers of each width
 * and sign, hex, floats, Booleans, GUIDs, SIDs, FILETIME and
 * SYSTEMTIME, strings, characters, binary, IPv4, IPv6, socket
 * addresses, ports, error codes.
 *
 * Separate from the checks so that each parser can be tested and
 * fuzzed alone (tests/check_values.c, tests/fuzz/fuzz_values.c): a
 * parser sees one value and knows nothing of the schema or the sample
 * around it.
 *
 * Values are accepted in the renderings §2.3 lists; anything other
 * than what Windows' EventData XML writes is flagged as a quirk (enum
 * ecat_quirk) that the checks report as a sample-noncanonical-value
 * note (padded numbers, hex without 0x or zero-padded, braceless
 * GUIDs).
 */
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "sample.h"
#include "values.h"

/* ------------------------------------------------------------- quirks */

static const char *const quirktext[ECAT_Q__MAX] = {
	"padded with spaces",
	"GUID without braces",
	"hex without 0x",
	"zero-padded hex",
	"decimal where Windows renders hex",
	"hex where Windows renders decimal",
	"whole number written with a fraction or exponent",
	"Boolean written as a number",
	"a JSON number or Boolean where a string is rendered",
	"binary with a 0x prefix",
	"direction marks in a date",
	"IPv4 address written as a number",
	"time written as a raw number",
	"IPv6 address written as hex",
};

const char *
ecat_quirk_text(enum ecat_quirk q)
{
	return q < ECAT_Q__MAX ? quirktext[q] : NULL;
}

/* ------------------------------------------------------ parsed values */

static void
S_pvbad(struct ecat_pv *p, int res, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
S_pvbad(struct ecat_pv *p, int res, const char *fmt, ...)
{
	va_list	 ap;

	p->res = res;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
}

/* A short quoted rendering of a value for messages. */
const char *
ecat_value_show(const struct ecat_svalue *v, char *buf, size_t sz)
{
	switch (v->kind) {
	case ECAT_SV_ABSENT:
		return "nothing";
	case ECAT_SV_NULL:
		return "null";
	case ECAT_SV_TRUE:
		return "true";
	case ECAT_SV_FALSE:
		return "false";
	case ECAT_SV_INT:
	case ECAT_SV_REAL:
		snprintf(buf, sz, "%.40s", v->s);
		return buf;
	case ECAT_SV_STRING:
		snprintf(buf, sz, "\"%.48s%s\"", v->s, v->len > 48 ? "..." : "");
		return buf;
	case ECAT_SV_ARRAY:
		snprintf(buf, sz, "an array of %u", v->n);
		return buf;
	default:
		return "an object";
	}
}

/*
 * An integer written as text: spaces around it (a quirk), an optional
 * '-', then "0x" and hex digits or decimal digits; hexdefault reads
 * bare digits as hex (HexInt types: seed 004 writes "00000000").
 * Sets p->u, neg, hex, quirks; returns p->res.
 */
static int
S_intext(const char *s, size_t n, int hexdefault, struct ecat_pv *p)
{
	size_t		 i = 0, e = n, st;
	uint64_t	 u = 0, d;
	int		 base = 10;

	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (i > 0 || e < n)
		p->q |= 1u << ECAT_Q_PADDED;
	if (i == e) {
		S_pvbad(p, ECAT_PV_BAD, "empty, where a number is expected");
		return p->res;
	}
	if (s[i] == '-') {
		p->neg = 1;
		i++;
	}
	if (e - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	} else if (hexdefault) {
		for (st = i; st < e && isxdigit((unsigned char)s[st]); st++)
			continue;
		if (st == e && st > i) {
			base = 16;
			p->q |= 1u << ECAT_Q_HEX_NOPREFIX;
		}
	}
	if (i == e) {
		S_pvbad(p, ECAT_PV_BAD, "not a number");
		return p->res;
	}
	if (base == 16 && hexdefault && e - i > 1 && s[i] == '0')
		p->q |= 1u << ECAT_Q_HEX_PADDED;
	for (; i < e; i++) {
		if (base == 16 && isxdigit((unsigned char)s[i]))
			d = isdigit((unsigned char)s[i]) ? (uint64_t)(s[i] - '0') :
			    (uint64_t)(tolower((unsigned char)s[i]) - 'a' + 10);
		else if (base == 10 && isdigit((unsigned char)s[i]))
			d = (uint64_t)(s[i] - '0');
		else {
			S_pvbad(p, ECAT_PV_BAD, "not a %s number",
			    base == 16 ? "hex" : "decimal");
			return p->res;
		}
		if (u > (UINT64_MAX - d) / (uint64_t)base) {
			S_pvbad(p, ECAT_PV_RANGE, "does not fit 64 bits");
			return p->res;
		}
		u = u * (uint64_t)base + d;
	}
	if (p->neg && base == 16) {
		S_pvbad(p, ECAT_PV_BAD, "a negative hex number");
		return p->res;
	}
	p->hex = base == 16;
	p->u = u;
	p->isint = 1;
	p->res = ECAT_PV_OK;
	return ECAT_PV_OK;
}

/* Any integer rendering of v (JSON number or text).  Returns p->res. */
int
ecat_value_anyint(const struct ecat_svalue *v, int hexdefault,
    struct ecat_pv *p)
{

	switch (v->kind) {
	case ECAT_SV_INT:
		return S_intext(v->s, v->len, 0, p);
	case ECAT_SV_REAL:
		if (v->d != floor(v->d)) {
			S_pvbad(p, ECAT_PV_BAD, "not a whole number");
			return p->res;
		}
		/* 2^64 is exact as a double; a whole number below it fits. */
		if (fabs(v->d) >= 18446744073709551616.0) {
			S_pvbad(p, ECAT_PV_RANGE, "does not fit 64 bits");
			return p->res;
		}
		p->q |= 1u << ECAT_Q_REAL_INT;
		p->neg = v->d < 0;
		p->u = (uint64_t)fabs(v->d);
		p->isint = 1;
		p->res = ECAT_PV_OK;
		return ECAT_PV_OK;
	case ECAT_SV_STRING:
		return S_intext(v->s, v->len, hexdefault, p);
	default:
		S_pvbad(p, ECAT_PV_BAD, "not a number");
		return p->res;
	}
}

/* Largest unsigned value of a width in bytes. */
static uint64_t
S_umax(unsigned bytes)
{
	return bytes >= 8 ? UINT64_MAX : (1ULL << (8 * bytes)) - 1;
}

/*
 * An integer of the given width and sign.  hexcanon: Windows renders
 * it in hex (HexInt outTypes, Pointer), so decimal is a quirk, and
 * bare digits in a string are hex.  Hex of a signed type is its two's
 * complement (HResult 0x80070005 is an Int32).
 */
int
ecat_value_int(const struct ecat_svalue *v, unsigned bytes, int sgn,
    int hexcanon, struct ecat_pv *p)
{

	if (ecat_value_anyint(v, hexcanon, p) != ECAT_PV_OK)
		return p->res;
	if (hexcanon && !p->hex)
		p->q |= 1u << ECAT_Q_DEC_FOR_HEX;
	if (!hexcanon && p->hex)
		p->q |= 1u << ECAT_Q_HEX_FOR_DEC;
	if (p->hex || !sgn) {
		if (p->neg && p->u > 0) {
			S_pvbad(p, ECAT_PV_RANGE, "negative, and the type is "
			    "unsigned");
			return p->res;
		}
		if (p->u > S_umax(bytes)) {
			S_pvbad(p, ECAT_PV_RANGE, "more than %" PRIu64 ", the "
			    "largest %u-bit value", S_umax(bytes), 8 * bytes);
			return p->res;
		}
		return ECAT_PV_OK;
	}
	if ((p->neg && p->u > S_umax(bytes) / 2 + 1) ||
	    (!p->neg && p->u > S_umax(bytes) / 2)) {
		S_pvbad(p, ECAT_PV_RANGE, "outside %" PRId64 " to %" PRIu64
		    ", the %u-bit signed range",
		    bytes >= 8 ? INT64_MIN : -(int64_t)(S_umax(bytes) / 2 + 1),
		    S_umax(bytes) / 2, 8 * bytes);
		return p->res;
	}
	return ECAT_PV_OK;
}

static int
S_float(const struct ecat_svalue *v, unsigned bytes, struct ecat_pv *p)
{
	char		 *end, buf[64];
	const char	*s;
	double		 d;
	size_t		 n;

	if (v->kind == ECAT_SV_INT || v->kind == ECAT_SV_REAL)
		d = v->d;
	else if (v->kind == ECAT_SV_STRING) {
		s = v->s;
		n = v->len;
		while (n > 0 && (*s == ' ' || *s == '\t'))
			s++, n--, p->q |= 1u << ECAT_Q_PADDED;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--, p->q |= 1u << ECAT_Q_PADDED;
		if (n == 0 || n >= sizeof(buf)) {
			S_pvbad(p, ECAT_PV_BAD, "not a number");
			return p->res;
		}
		memcpy(buf, s, n);
		buf[n] = '\0';
		/* MSVC prints 1.#INF and 1.#QNAN; strtod knows inf, nan. */
		if (strstr(buf, "#INF") != NULL || strstr(buf, "#QNAN") != NULL ||
		    strstr(buf, "#IND") != NULL)
			return ECAT_PV_OK;
		errno = 0;
		d = strtod(buf, &end);
		if (*end != '\0') {
			S_pvbad(p, ECAT_PV_BAD, "not a number");
			return p->res;
		}
		/*
		 * A finite number past DBL_MAX overflows to infinity: no
		 * 8-byte double holds it (an infinity is written "inf"
		 * or "1.#INF").  Underflow rounds to a denormal or 0,
		 * which is what the type stores.
		 */
		if (errno == ERANGE && isinf(d)) {
			S_pvbad(p, ECAT_PV_RANGE, "beyond the %d-bit float "
			    "range", bytes == 4 ? 32 : 64);
			return p->res;
		}
	} else {
		S_pvbad(p, ECAT_PV_BAD, "not a number");
		return p->res;
	}
	if (bytes == 4 && isfinite(d) && fabs(d) > FLT_MAX) {
		S_pvbad(p, ECAT_PV_RANGE, "beyond the 32-bit float range");
		return p->res;
	}
	return ECAT_PV_OK;
}

/* win:Boolean is a 4-byte BOOL: any number is accepted (§2.3). */
static int
S_bool(const struct ecat_svalue *v, unsigned bytes, struct ecat_pv *p)
{

	if (v->kind == ECAT_SV_TRUE || v->kind == ECAT_SV_FALSE)
		return ECAT_PV_OK;
	if (v->kind == ECAT_SV_STRING && (strcasecmp(v->s, "true") == 0 ||
	    strcasecmp(v->s, "false") == 0))
		return ECAT_PV_OK;
	if (v->kind == ECAT_SV_INT || v->kind == ECAT_SV_STRING ||
	    v->kind == ECAT_SV_REAL) {
		struct ecat_pv	 q;

		memset(&q, 0, sizeof(q));
		if (ecat_value_int(v, bytes, bytes == 4, 0, &q) == ECAT_PV_OK) {
			p->q |= q.q | 1u << ECAT_Q_BOOL_NUM;
			return ECAT_PV_OK;
		}
		/* A number, but wider than the BOOL: out of range. */
		if (q.res == ECAT_PV_RANGE) {
			*p = q;
			return p->res;
		}
	}
	S_pvbad(p, ECAT_PV_BAD, "not true or false");
	return p->res;
}

/* {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, any case; braces optional. */
int
ecat_value_guidtext(const char *s, size_t n, unsigned *q)
{
	size_t	 i;

	if (n == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		n = 36;
	} else if (n == 36)
		*q |= 1u << ECAT_Q_NOBRACES;
	else
		return -1;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -1;
		} else if (!isxdigit((unsigned char)s[i]))
			return -1;
	}
	return 0;
}

static int
S_guid(const struct ecat_svalue *v, struct ecat_pv *p)
{
	const char	*s = v->s;
	size_t		 n = v->len;

	if (v->kind == ECAT_SV_STRING) {
		while (n > 0 && *s == ' ')
			s++, n--, p->q |= 1u << ECAT_Q_PADDED;
		while (n > 0 && s[n - 1] == ' ')
			n--, p->q |= 1u << ECAT_Q_PADDED;
		if (ecat_value_guidtext(s, n, &p->q) == 0)
			return ECAT_PV_OK;
	}
	S_pvbad(p, ECAT_PV_BAD, "not a GUID");
	return p->res;
}

/*
 * S-1-<authority>-<sub>...: ConvertSidToStringSid's form (§2.3); the
 * authority is 48 bits, at most 15 sub-authorities of 32 bits
 * (SID_MAX_SUB_AUTHORITIES).  An empty string or null is a NULL SID.
 */
static int
S_sid(const struct ecat_svalue *v, struct ecat_pv *p)
{
	const char	*s;
	uint64_t	 x;
	int		 part = 0, nd;

	if (v->kind == ECAT_SV_NULL ||
	    (v->kind == ECAT_SV_STRING && v->len == 0))
		return ECAT_PV_OK;
	if (v->kind != ECAT_SV_STRING || (v->s[0] != 'S' && v->s[0] != 's') ||
	    v->s[1] != '-')
		goto bad;
	for (s = v->s + 2; ; s++, part++) {
		x = 0;
		nd = 0;
		if (part == 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			/* Saturate: 17 hex digits would wrap to a small
			   authority. */
			for (s += 2; isxdigit((unsigned char)*s); s++, nd++)
				x = x > UINT64_MAX >> 4 ? UINT64_MAX : x * 16 +
				    (uint64_t)(isdigit((unsigned char)*s) ?
				    *s - '0' : tolower((unsigned char)*s) -
				    'a' + 10);
		} else
			for (; isdigit((unsigned char)*s) && nd < 20; s++, nd++)
				x = x * 10 + (uint64_t)(*s - '0');
		if (nd == 0 || nd >= 20)
			goto bad;
		if (part == 0 && x != 1)
			goto bad;
		if (part == 1 && x > 0xffffffffffffULL) {
			S_pvbad(p, ECAT_PV_RANGE, "identifier authority "
			    "over 48 bits");
			return p->res;
		}
		if (part >= 2 && x > UINT32_MAX) {
			S_pvbad(p, ECAT_PV_RANGE, "sub-authority over 32 bits");
			return p->res;
		}
		if (*s == '\0')
			break;
		if (*s != '-')
			goto bad;
	}
	if (part < 1)
		goto bad;
	if (part - 1 > 15) {
		S_pvbad(p, ECAT_PV_RANGE, "%d sub-authorities, at most 15",
		    part - 1);
		return p->res;
	}
	return ECAT_PV_OK;
bad:
	S_pvbad(p, ECAT_PV_BAD, "not a SID (S-1-...)");
	return p->res;
}

static int
S_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* n digits at s as a number (INT_MAX if larger), or -1. */
static int
S_digits(const char *s, int n)
{
	int	 v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		/* A port's digits are not bounded: no signed overflow. */
		v = v > (INT_MAX - 9) / 10 ? INT_MAX : v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * ISO 8601 date and time as EventData renders FILETIME and SYSTEMTIME
 * (§2.3): YYYY-MM-DDTHH:MM:SS, 0-9 fraction digits, then Z, an offset
 * or nothing; U+200E/U+200F direction marks (message text) are
 * skipped with a quirk.  FILETIME spans 1601 to 30828, SYSTEMTIME's
 * wYear 1601 to 30827.  rawok: a FILETIME or SYSTEMTIME, which a
 * converter may write as the raw 64-bit FILETIME count (a quirk);
 * not an ETWTIME, whose number is its inType's and checked at its
 * width before.
 */
static int
S_time(const struct ecat_svalue *v, int rawok, struct ecat_pv *p)
{
	char		 buf[80];
	const char	*s;
	size_t		 i, n = 0;
	int		 y, mo, d, h, mi, sec, mdays;
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (rawok && v->kind == ECAT_SV_INT) {
		struct ecat_pv	 q;

		memset(&q, 0, sizeof(q));
		if (ecat_value_int(v, 8, 0, 0, &q) == ECAT_PV_OK) {
			p->q |= 1u << ECAT_Q_TIME_NUM;
			return ECAT_PV_OK;
		}
	}
	if (v->kind != ECAT_SV_STRING)
		goto bad;
	for (i = 0; i < v->len && n + 1 < sizeof(buf); i++) {
		if ((unsigned char)v->s[i] == 0xe2 && i + 2 < v->len &&
		    (unsigned char)v->s[i + 1] == 0x80 &&
		    ((unsigned char)v->s[i + 2] == 0x8e ||
		    (unsigned char)v->s[i + 2] == 0x8f)) {
			p->q |= 1u << ECAT_Q_DIRMARKS;
			i += 2;
			continue;
		}
		buf[n++] = v->s[i];
	}
	buf[n] = '\0';
	s = buf;
	while (*s == ' ')
		s++, p->q |= 1u << ECAT_Q_PADDED;
	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
		goto bad;
	y = S_digits(s, 4);
	mo = S_digits(s + 5, 2);
	d = S_digits(s + 8, 2);
	h = S_digits(s + 11, 2);
	mi = S_digits(s + 14, 2);
	sec = S_digits(s + 17, 2);
	if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0)
		goto bad;
	s += 19;
	if (*s == '.') {
		for (s++, i = 0; isdigit((unsigned char)*s); s++, i++)
			continue;
		if (i == 0 || i > 9)
			goto bad;
	}
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		if (S_digits(s + 1, 2) < 0 || s[3] != ':' ||
		    S_digits(s + 4, 2) < 0)
			goto bad;
		s += 6;
	}
	while (*s == ' ')
		s++, p->q |= 1u << ECAT_Q_PADDED;
	if (*s != '\0')
		goto bad;
	if (mo < 1 || mo > 12)
		goto bad;
	mdays = dm[mo - 1] + (mo == 2 && S_leap(y));
	if (d < 1 || d > mdays || h > 23 || mi > 59 || sec > 60)
		goto bad;
	if (y < 1601 || y > 30828) {
		S_pvbad(p, ECAT_PV_RANGE, "outside the years 1601 to 30828");
		return p->res;
	}
	return ECAT_PV_OK;
bad:
	S_pvbad(p, ECAT_PV_BAD, "not an ISO 8601 date and time");
	return p->res;
}

/* Hex bytes, any case; a 0x prefix is a quirk.  Sets p->units. */
static int
S_hexbytes(const struct ecat_svalue *v, struct ecat_pv *p)
{
	const char	*s;
	size_t		 i, n;

	if (v->kind == ECAT_SV_NULL) {
		p->units = 0;
		return ECAT_PV_OK;
	}
	if (v->kind != ECAT_SV_STRING)
		goto bad;
	s = v->s;
	n = v->len;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		p->q |= 1u << ECAT_Q_BIN_PREFIX;
		s += 2;
		n -= 2;
	}
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			goto bad;
	if (n % 2 != 0) {
		S_pvbad(p, ECAT_PV_BAD, "has an odd number of hex digits");
		return p->res;
	}
	p->units = n / 2;
	return ECAT_PV_OK;
bad:
	S_pvbad(p, ECAT_PV_BAD, "not hex bytes");
	return p->res;
}

static int
S_ipv4(const struct ecat_svalue *v, struct ecat_pv *p)
{
	struct in_addr	 a;

	if (v->kind == ECAT_SV_STRING && inet_pton(AF_INET, v->s, &a) == 1)
		return ECAT_PV_OK;
	if (v->kind == ECAT_SV_INT || (v->kind == ECAT_SV_STRING &&
	    v->len > 0 && isdigit((unsigned char)v->s[v->len - 1]) &&
	    strchr(v->s, '.') == NULL)) {
		struct ecat_pv	 q;

		memset(&q, 0, sizeof(q));
		if (ecat_value_int(v, 4, 0, 0, &q) == ECAT_PV_OK) {
			p->q |= q.q | 1u << ECAT_Q_IPV4_NUM;
			return ECAT_PV_OK;
		}
		*p = q;
		return p->res;
	}
	S_pvbad(p, ECAT_PV_BAD, "not an IPv4 address");
	return p->res;
}

static int
S_ipv6(const struct ecat_svalue *v, struct ecat_pv *p)
{
	struct in6_addr	 a;

	if (v->kind == ECAT_SV_STRING && inet_pton(AF_INET6, v->s, &a) == 1) {
		p->units = 16;
		return ECAT_PV_OK;
	}
	if (S_hexbytes(v, p) == ECAT_PV_OK) {
		p->q |= 1u << ECAT_Q_IPV6_HEX;
		if (p->units != 16)
			S_pvbad(p, ECAT_PV_BAD, "%zu bytes of hex, where an "
			    "IPv6 address has 16", p->units);
		return p->res;
	}
	p->res = ECAT_PV_OK;
	S_pvbad(p, ECAT_PV_BAD, "not an IPv6 address");
	return p->res;
}

/*
 * win:SocketAddress: "a.b.c.d:port" or "[v6]:port" for AF_INET and
 * AF_INET6, other families as a hex dump (§2.3); the seed pages give
 * the hex dump (SMBServer ClientAddress).
 */
static int
S_sockaddr(const struct ecat_svalue *v, struct ecat_pv *p)
{
	char		 buf[80], *colon;
	struct in_addr	 a4;
	struct in6_addr	 a6;
	struct ecat_pv	 q;

	memset(&q, 0, sizeof(q));
	if (S_hexbytes(v, &q) == ECAT_PV_OK) {
		*p = q;
		return ECAT_PV_OK;
	}
	if (v->kind != ECAT_SV_STRING || v->len >= sizeof(buf))
		goto bad;
	memcpy(buf, v->s, v->len + 1);
	if ((colon = strrchr(buf, ':')) == NULL)
		goto bad;
	*colon = '\0';
	if (S_digits(colon + 1, (int)strlen(colon + 1)) < 0 ||
	    strtol(colon + 1, NULL, 10) > 65535)
		goto bad;
	if (inet_pton(AF_INET, buf, &a4) == 1)
		return ECAT_PV_OK;
	if (buf[0] == '[' && colon > buf && colon[-1] == ']') {
		colon[-1] = '\0';
		if (inet_pton(AF_INET6, buf + 1, &a6) == 1)
			return ECAT_PV_OK;
	}
bad:
	S_pvbad(p, ECAT_PV_BAD, "neither address:port nor hex bytes");
	return p->res;
}

/* UTF-16 code units of a UTF-8 string (chars past U+FFFF count 2). */
static size_t
S_utf16len(const char *s, size_t n)
{
	size_t	 i, u = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xc0) == 0x80)
			continue;
		u += c >= 0xf0 ? 2 : 1;
	}
	return u;
}

static size_t
S_codepoints(const char *s, size_t n)
{
	size_t	 i, u = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			u++;
	return u;
}

static int
S_string(const struct ecat_svalue *v, int wide, struct ecat_pv *p)
{
	if (v->kind == ECAT_SV_STRING) {
		/* A fixed-length string's NUL padding is not rendered. */
		p->units = wide ? S_utf16len(v->s, strlen(v->s)) :
		    S_codepoints(v->s, strlen(v->s));
		return ECAT_PV_OK;
	}
	if (v->kind == ECAT_SV_NULL) {
		p->units = 0;
		return ECAT_PV_OK;
	}
	if (v->kind == ECAT_SV_INT || v->kind == ECAT_SV_REAL ||
	    v->kind == ECAT_SV_TRUE || v->kind == ECAT_SV_FALSE) {
		p->q |= 1u << ECAT_Q_NOT_STRING;
		p->units = v->len;
		return ECAT_PV_OK;
	}
	S_pvbad(p, ECAT_PV_BAD, "not a string");
	return p->res;
}

/* xs:string on an 8- or 16-bit integer: one character (§2.1). */
static int
S_char(const struct ecat_svalue *v, struct ecat_pv *p)
{

	if (v->kind == ECAT_SV_STRING &&
	    S_codepoints(v->s, v->len) <= 1)
		return ECAT_PV_OK;
	S_pvbad(p, ECAT_PV_BAD, "not one character");
	return p->res;
}

/* ------------------------------------------------------------- types */

struct ecat_vtype
ecat_vtype_of(enum ecat_intype in, enum ecat_outtype out)
{
	struct ecat_vtype	 t = { ECAT_VC_ANY, 0, 0 };

	t.bytes = ecat_intype_size(in);
	switch (in) {
	case ECAT_IN_UNICODESTRING:
	case ECAT_IN_COUNTEDSTRING:
		t.cls = ECAT_VC_WSTRING;
		break;
	case ECAT_IN_ANSISTRING:
	case ECAT_IN_COUNTEDANSISTRING:
		t.cls = ECAT_VC_STRING;
		break;
	case ECAT_IN_INT8:
	case ECAT_IN_INT16:
	case ECAT_IN_INT64:
		t.cls = out == ECAT_OUT_STRING ? ECAT_VC_CHAR : ECAT_VC_INT;
		t.sgn = 1;
		break;
	case ECAT_IN_UINT8:
	case ECAT_IN_UINT16:
		t.cls = out == ECAT_OUT_STRING ? ECAT_VC_CHAR :
		    out == ECAT_OUT_BOOLEAN ? ECAT_VC_BOOL :
		    out == ECAT_OUT_PORT ? ECAT_VC_PORT :
		    out == ECAT_OUT_HEXINT8 || out == ECAT_OUT_HEXINT16 ?
		    ECAT_VC_HEX : ECAT_VC_INT;
		break;
	case ECAT_IN_INT32:
		t.cls = out == ECAT_OUT_HRESULT ? ECAT_VC_ERRCODE : ECAT_VC_INT;
		t.sgn = 1;
		break;
	case ECAT_IN_UINT32:
		t.cls = out == ECAT_OUT_IPV4 ? ECAT_VC_IPV4 :
		    out == ECAT_OUT_ETWTIME ? ECAT_VC_ETWTIME :
		    out == ECAT_OUT_WIN32ERROR || out == ECAT_OUT_NTSTATUS ||
		    out == ECAT_OUT_ERRORCODE ? ECAT_VC_ERRCODE :
		    out == ECAT_OUT_HEXINT32 || out == ECAT_OUT_CODEPOINTER ?
		    ECAT_VC_HEX : ECAT_VC_INT;
		break;
	case ECAT_IN_UINT64:
		t.cls = out == ECAT_OUT_ETWTIME ? ECAT_VC_ETWTIME :
		    out == ECAT_OUT_HEXINT64 || out == ECAT_OUT_CODEPOINTER ?
		    ECAT_VC_HEX : ECAT_VC_INT;
		break;
	case ECAT_IN_FLOAT:
	case ECAT_IN_DOUBLE:
		t.cls = ECAT_VC_FLOAT;
		break;
	case ECAT_IN_BOOLEAN:
		t.cls = ECAT_VC_BOOL;
		break;
	case ECAT_IN_BINARY:
	case ECAT_IN_COUNTEDBINARY:
		t.cls = out == ECAT_OUT_IPV6 ? ECAT_VC_IPV6 :
		    out == ECAT_OUT_SOCKETADDRESS ? ECAT_VC_SOCKADDR :
		    ECAT_VC_BINARY;
		break;
	case ECAT_IN_GUID:
		t.cls = ECAT_VC_GUID;
		break;
	case ECAT_IN_POINTER:
		/* 4 or 8 bytes by the header's flag (§2.1): allow 8. */
		t.cls = out == ECAT_OUT_LONG || out == ECAT_OUT_UNSIGNEDLONG ?
		    ECAT_VC_INT : ECAT_VC_HEX;
		t.sgn = out == ECAT_OUT_LONG;
		break;
	case ECAT_IN_FILETIME:
	case ECAT_IN_SYSTEMTIME:
		t.cls = ECAT_VC_TIME;
		break;
	case ECAT_IN_SID:
		t.cls = ECAT_VC_SID;
		break;
	case ECAT_IN_HEXINT32:
	case ECAT_IN_HEXINT64:
		t.cls = out == ECAT_OUT_WIN32ERROR ||
		    out == ECAT_OUT_NTSTATUS ? ECAT_VC_ERRCODE : ECAT_VC_HEX;
		break;
	default:
		break;
	}
	return t;
}

/*
 * Parse v as type t.  textok: error codes may be their looked-up text
 * (the outType is known, §2.3).  Returns p->res.
 */
int
ecat_value_parse(const struct ecat_svalue *v, struct ecat_vtype t, int textok,
    struct ecat_pv *p)
{
	memset(p, 0, sizeof(*p));
	if (v->kind == ECAT_SV_NULL && t.cls != ECAT_VC_STRING &&
	    t.cls != ECAT_VC_WSTRING && t.cls != ECAT_VC_SID &&
	    t.cls != ECAT_VC_BINARY && t.cls != ECAT_VC_ANY) {
		S_pvbad(p, ECAT_PV_BAD, "null, where the type needs a value");
		return p->res;
	}
	switch (t.cls) {
	case ECAT_VC_INT:
		return ecat_value_int(v, t.bytes, t.sgn, 0, p);
	case ECAT_VC_HEX:
		return ecat_value_int(v, t.bytes, 0, 1, p);
	case ECAT_VC_PORT:
		return ecat_value_int(v, 2, 0, 0, p);
	case ECAT_VC_ERRCODE:
		/* Decimal or 0x hex: renderers differ; neither a quirk. */
		if (ecat_value_int(v, t.bytes, 0, 0, p) == ECAT_PV_OK) {
			p->q &= ~(1u << ECAT_Q_HEX_FOR_DEC);
			return ECAT_PV_OK;
		}
		/*
		 * An HResult is an Int32: negative in decimal is its
		 * signed reading (-2147024891 is 0x80070005).
		 */
		if (t.sgn && p->res == ECAT_PV_RANGE && p->neg) {
			memset(p, 0, sizeof(*p));
			return ecat_value_int(v, t.bytes, 1, 0, p);
		}
		/* Hex without 0x is a number too ("00000000", seed 004). */
		if (p->res == ECAT_PV_BAD) {
			memset(p, 0, sizeof(*p));
			if (ecat_value_int(v, t.bytes, 0, 1, p) == ECAT_PV_OK) {
				p->q &= ~(1u << ECAT_Q_DEC_FOR_HEX);
				return ECAT_PV_OK;
			}
		}
		if (p->res == ECAT_PV_BAD && textok &&
		    v->kind == ECAT_SV_STRING && v->len > 0) {
			memset(p, 0, sizeof(*p));
			return ECAT_PV_OK;
		}
		return p->res;
	case ECAT_VC_ETWTIME: {
		struct ecat_pv	 num;

		/* A number of the inType's width, or a date. */
		if (ecat_value_int(v, t.bytes, 0, 0, p) == ECAT_PV_OK)
			return ECAT_PV_OK;
		num = *p;
		memset(p, 0, sizeof(*p));
		if (S_time(v, 0, p) == ECAT_PV_OK)
			return ECAT_PV_OK;
		/* A number too big for the width is that, not a bad date. */
		if (num.res == ECAT_PV_RANGE)
			*p = num;
		return p->res;
	}
	case ECAT_VC_FLOAT:
		return S_float(v, t.bytes, p);
	case ECAT_VC_BOOL:
		return S_bool(v, t.bytes ? t.bytes : 1, p);
	case ECAT_VC_GUID:
		return S_guid(v, p);
	case ECAT_VC_STRING:
		return S_string(v, 0, p);
	case ECAT_VC_WSTRING:
		return S_string(v, 1, p);
	case ECAT_VC_CHAR:
		return S_char(v, p);
	case ECAT_VC_SID:
		return S_sid(v, p);
	case ECAT_VC_TIME:
		return S_time(v, 1, p);
	case ECAT_VC_BINARY:
		return S_hexbytes(v, p);
	case ECAT_VC_IPV4:
		return S_ipv4(v, p);
	case ECAT_VC_IPV6:
		return S_ipv6(v, p);
	case ECAT_VC_SOCKADDR:
		return S_sockaddr(v, p);
	default:
		/* Unknown inTypes and placeholders: nothing to check. */
		return ECAT_PV_OK;
	}
}
