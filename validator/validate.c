/*
 * validate.c: check captured samples against the schemas of their
 * build (etwcat.1, SAMPLE VALIDATION; docs/etw-manifest-reference.md
 * §1.4 descriptor, §1.7 templates, §1.8 maps, §2 types, §3 messages).
 *
 * Each sample (catalog/sample.h) is checked as it is read and then
 * forgotten; only one example per event key is kept, for the site.
 *
 *  1. Match.  The provider by name (ETW names are case-insensitive),
 *     else by GUID; then the key (event id, version).  The candidates
 *     are the key's occurrences in the sample's build (a manifest and
 *     a TSV export may both describe it) or, when that build has no
 *     schemas at all (loose captures, standard input), in every build
 *     that has the key: best match.  A provider, id or version missing
 *     from the build is reported with the builds that have it.
 *  2. Check each candidate with the tables below into a list of
 *     findings: the header (hchecks[]), the payload's fields (types,
 *     ranges, lengths, counts, maps, order) and the message.
 *  3. Keep the candidate with the fewest findings, errors first, then
 *     warnings, then notes (ties: the later build, whose schema is the
 *     likelier for a capture of unknown origin), and report its
 *     findings, each at the line and column of the value it is about.
 *
 * What a schema does not say is not checked: header numbers only
 * where the source gave them (ECAT_HAS_*), maps and lengths only where
 * a manifest has them.  TSV exports and manifests rebuilt from TDH
 * (PerfView's RegisteredTraceEventParser: resourceFileName and
 * messageFileName equal to the provider name, the same test as
 * lint.c) carry no outTypes, so a field without one is "lenient": its
 * value may take the rendering of any outType valid for its inType
 * (a UInt32 written as a dotted IPv4 address is fine there), except
 * the looked-up text of error codes, which would accept anything.
 *
 * Values are accepted in the renderings §2.3 lists; anything other
 * than what Windows' EventData XML writes is a sample-noncanonical-
 * value note (padded numbers, hex without 0x or zero-padded, braceless
 * GUIDs, names where numbers are rendered).
 */
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "msgfmt.h"
#include "sample.h"
#include "validate.h"

/* Keyword bits 56-63 are channel bits mc adds (manifest §1.5, §1.6). */
#define V_KW_MASK	((uint64_t)0x00ffffffffffffffULL)
/* Most builds a "defined in" list names before eliding. */
#define V_LIST_MAX	8
/* Steps of a JSON path a finding keeps (system.level, event_data.X[3]). */
#define V_MAXSTEPS	5

/* ------------------------------------------------------------- quirks */

/* Accepted non-canonical renderings (sample-noncanonical-value). */
enum quirk {
	Q_PADDED = 0,
	Q_NOBRACES,
	Q_HEX_NOPREFIX,
	Q_HEX_PADDED,
	Q_DEC_FOR_HEX,
	Q_HEX_FOR_DEC,
	Q_REAL_INT,
	Q_BOOL_NUM,
	Q_NOT_STRING,
	Q_BIN_PREFIX,
	Q_DIRMARKS,
	Q_IPV4_NUM,
	Q_TIME_NUM,
	Q_IPV6_HEX,
	Q__MAX
};

static const char *const quirktext[Q__MAX] = {
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

/* ------------------------------------------------------ parsed values */

enum { PV_OK = 0, PV_BAD, PV_RANGE };

struct pv {
	int		 res;
	unsigned	 q;		/* 1 << enum quirk */
	int		 isint;		/* u holds the value */
	int		 neg;		/* negative decimal: the value is -u */
	int		 hex;		/* written in hex */
	uint64_t	 u;
	size_t		 units;		/* binary bytes, string chars */
	char		 why[160];
};

static void
S_pvbad(struct pv *p, int res, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
S_pvbad(struct pv *p, int res, const char *fmt, ...)
{
	va_list	 ap;

	p->res = res;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
}

/* A short quoted rendering of a value for messages. */
static const char *
S_show(const struct ecat_svalue *v, char *buf, size_t sz)
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
S_intext(const char *s, size_t n, int hexdefault, struct pv *p)
{
	size_t		 i = 0, e = n, st;
	uint64_t	 u = 0, d;
	int		 base = 10;

	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (i > 0 || e < n)
		p->q |= 1u << Q_PADDED;
	if (i == e) {
		S_pvbad(p, PV_BAD, "empty, where a number is expected");
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
			p->q |= 1u << Q_HEX_NOPREFIX;
		}
	}
	if (i == e) {
		S_pvbad(p, PV_BAD, "not a number");
		return p->res;
	}
	if (base == 16 && hexdefault && e - i > 1 && s[i] == '0')
		p->q |= 1u << Q_HEX_PADDED;
	for (; i < e; i++) {
		if (base == 16 && isxdigit((unsigned char)s[i]))
			d = isdigit((unsigned char)s[i]) ? (uint64_t)(s[i] - '0') :
			    (uint64_t)(tolower((unsigned char)s[i]) - 'a' + 10);
		else if (base == 10 && isdigit((unsigned char)s[i]))
			d = (uint64_t)(s[i] - '0');
		else {
			S_pvbad(p, PV_BAD, "not a %s number",
			    base == 16 ? "hex" : "decimal");
			return p->res;
		}
		if (u > (UINT64_MAX - d) / (uint64_t)base) {
			S_pvbad(p, PV_RANGE, "does not fit 64 bits");
			return p->res;
		}
		u = u * (uint64_t)base + d;
	}
	if (p->neg && base == 16) {
		S_pvbad(p, PV_BAD, "a negative hex number");
		return p->res;
	}
	p->hex = base == 16;
	p->u = u;
	p->isint = 1;
	p->res = PV_OK;
	return PV_OK;
}

/* Any integer rendering of v (JSON number or text).  Returns p->res. */
static int
S_anyint(const struct ecat_svalue *v, int hexdefault, struct pv *p)
{

	switch (v->kind) {
	case ECAT_SV_INT:
		return S_intext(v->s, v->len, 0, p);
	case ECAT_SV_REAL:
		if (v->d == floor(v->d) && fabs(v->d) < 1.8e19) {
			p->q |= 1u << Q_REAL_INT;
			p->neg = v->d < 0;
			p->u = (uint64_t)fabs(v->d);
			p->isint = 1;
			p->res = PV_OK;
			return PV_OK;
		}
		S_pvbad(p, PV_BAD, "not a whole number");
		return p->res;
	case ECAT_SV_STRING:
		return S_intext(v->s, v->len, hexdefault, p);
	default:
		S_pvbad(p, PV_BAD, "not a number");
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
static int
S_int(const struct ecat_svalue *v, unsigned bytes, int sgn, int hexcanon,
    struct pv *p)
{

	if (S_anyint(v, hexcanon, p) != PV_OK)
		return p->res;
	if (hexcanon && !p->hex)
		p->q |= 1u << Q_DEC_FOR_HEX;
	if (!hexcanon && p->hex)
		p->q |= 1u << Q_HEX_FOR_DEC;
	if (p->hex || !sgn) {
		if (p->neg && p->u > 0) {
			S_pvbad(p, PV_RANGE, "negative, and the type is "
			    "unsigned");
			return p->res;
		}
		if (p->u > S_umax(bytes)) {
			S_pvbad(p, PV_RANGE, "more than %" PRIu64 ", the "
			    "largest %u-bit value", S_umax(bytes), 8 * bytes);
			return p->res;
		}
		return PV_OK;
	}
	if ((p->neg && p->u > S_umax(bytes) / 2 + 1) ||
	    (!p->neg && p->u > S_umax(bytes) / 2)) {
		S_pvbad(p, PV_RANGE, "outside %" PRId64 " to %" PRIu64
		    ", the %u-bit signed range",
		    bytes >= 8 ? INT64_MIN : -(int64_t)(S_umax(bytes) / 2 + 1),
		    S_umax(bytes) / 2, 8 * bytes);
		return p->res;
	}
	return PV_OK;
}

static int
S_float(const struct ecat_svalue *v, unsigned bytes, struct pv *p)
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
			s++, n--, p->q |= 1u << Q_PADDED;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--, p->q |= 1u << Q_PADDED;
		if (n == 0 || n >= sizeof(buf)) {
			S_pvbad(p, PV_BAD, "not a number");
			return p->res;
		}
		memcpy(buf, s, n);
		buf[n] = '\0';
		/* MSVC prints 1.#INF and 1.#QNAN; strtod knows inf, nan. */
		if (strstr(buf, "#INF") != NULL || strstr(buf, "#QNAN") != NULL ||
		    strstr(buf, "#IND") != NULL)
			return PV_OK;
		errno = 0;
		d = strtod(buf, &end);
		if (*end != '\0') {
			S_pvbad(p, PV_BAD, "not a number");
			return p->res;
		}
	} else {
		S_pvbad(p, PV_BAD, "not a number");
		return p->res;
	}
	if (bytes == 4 && isfinite(d) && fabs(d) > FLT_MAX) {
		S_pvbad(p, PV_RANGE, "beyond the 32-bit float range");
		return p->res;
	}
	return PV_OK;
}

/* win:Boolean is a 4-byte BOOL: any number is accepted (§2.3). */
static int
S_bool(const struct ecat_svalue *v, unsigned bytes, struct pv *p)
{

	if (v->kind == ECAT_SV_TRUE || v->kind == ECAT_SV_FALSE)
		return PV_OK;
	if (v->kind == ECAT_SV_STRING && (strcasecmp(v->s, "true") == 0 ||
	    strcasecmp(v->s, "false") == 0))
		return PV_OK;
	if (v->kind == ECAT_SV_INT || v->kind == ECAT_SV_STRING ||
	    v->kind == ECAT_SV_REAL) {
		struct pv	 q;

		memset(&q, 0, sizeof(q));
		if (S_int(v, bytes, bytes == 4, 0, &q) == PV_OK) {
			p->q |= q.q | 1u << Q_BOOL_NUM;
			return PV_OK;
		}
	}
	S_pvbad(p, PV_BAD, "not true or false");
	return p->res;
}

/* {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, any case; braces optional. */
static int
S_guidtext(const char *s, size_t n, unsigned *q)
{
	size_t	 i;

	if (n == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		n = 36;
	} else if (n == 36)
		*q |= 1u << Q_NOBRACES;
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
S_guid(const struct ecat_svalue *v, struct pv *p)
{
	const char	*s = v->s;
	size_t		 n = v->len;

	if (v->kind == ECAT_SV_STRING) {
		while (n > 0 && *s == ' ')
			s++, n--, p->q |= 1u << Q_PADDED;
		while (n > 0 && s[n - 1] == ' ')
			n--, p->q |= 1u << Q_PADDED;
		if (S_guidtext(s, n, &p->q) == 0)
			return PV_OK;
	}
	S_pvbad(p, PV_BAD, "not a GUID");
	return p->res;
}

/*
 * S-1-<authority>-<sub>...: ConvertSidToStringSid's form (§2.3); the
 * authority is 48 bits, at most 15 sub-authorities of 32 bits
 * (SID_MAX_SUB_AUTHORITIES).  An empty string or null is a NULL SID.
 */
static int
S_sid(const struct ecat_svalue *v, struct pv *p)
{
	const char	*s;
	uint64_t	 x;
	int		 part = 0, nd;

	if (v->kind == ECAT_SV_NULL ||
	    (v->kind == ECAT_SV_STRING && v->len == 0))
		return PV_OK;
	if (v->kind != ECAT_SV_STRING || (v->s[0] != 'S' && v->s[0] != 's') ||
	    v->s[1] != '-')
		goto bad;
	for (s = v->s + 2; ; s++, part++) {
		x = 0;
		nd = 0;
		if (part == 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			for (s += 2; isxdigit((unsigned char)*s); s++, nd++)
				x = x * 16 + (uint64_t)(isdigit((unsigned char)
				    *s) ? *s - '0' : tolower((unsigned char)*s) -
				    'a' + 10);
		} else
			for (; isdigit((unsigned char)*s) && nd < 20; s++, nd++)
				x = x * 10 + (uint64_t)(*s - '0');
		if (nd == 0 || nd >= 20)
			goto bad;
		if (part == 0 && x != 1)
			goto bad;
		if (part == 1 && x > 0xffffffffffffULL) {
			S_pvbad(p, PV_RANGE, "identifier authority over 48 "
			    "bits");
			return p->res;
		}
		if (part >= 2 && x > UINT32_MAX) {
			S_pvbad(p, PV_RANGE, "sub-authority over 32 bits");
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
		S_pvbad(p, PV_RANGE, "%d sub-authorities, at most 15", part - 1);
		return p->res;
	}
	return PV_OK;
bad:
	S_pvbad(p, PV_BAD, "not a SID (S-1-...)");
	return p->res;
}

static int
S_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* n digits at s as a number, or -1. */
static int
S_digits(const char *s, int n)
{
	int	 v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * ISO 8601 date and time as EventData renders FILETIME and SYSTEMTIME
 * (§2.3): YYYY-MM-DDTHH:MM:SS, 0-9 fraction digits, then Z, an offset
 * or nothing; U+200E/U+200F direction marks (message text) are
 * skipped with a quirk.  FILETIME spans 1601 to 30828, SYSTEMTIME's
 * wYear 1601 to 30827.
 */
static int
S_time(const struct ecat_svalue *v, struct pv *p)
{
	char		 buf[80];
	const char	*s;
	size_t		 i, n = 0;
	int		 y, mo, d, h, mi, sec, mdays;
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (v->kind == ECAT_SV_INT) {
		struct pv	 q;

		memset(&q, 0, sizeof(q));
		if (S_int(v, 8, 0, 0, &q) == PV_OK) {
			p->q |= 1u << Q_TIME_NUM;
			return PV_OK;
		}
	}
	if (v->kind != ECAT_SV_STRING)
		goto bad;
	for (i = 0; i < v->len && n + 1 < sizeof(buf); i++) {
		if ((unsigned char)v->s[i] == 0xe2 && i + 2 < v->len &&
		    (unsigned char)v->s[i + 1] == 0x80 &&
		    ((unsigned char)v->s[i + 2] == 0x8e ||
		    (unsigned char)v->s[i + 2] == 0x8f)) {
			p->q |= 1u << Q_DIRMARKS;
			i += 2;
			continue;
		}
		buf[n++] = v->s[i];
	}
	buf[n] = '\0';
	s = buf;
	while (*s == ' ')
		s++, p->q |= 1u << Q_PADDED;
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
		s++, p->q |= 1u << Q_PADDED;
	if (*s != '\0')
		goto bad;
	if (mo < 1 || mo > 12)
		goto bad;
	mdays = dm[mo - 1] + (mo == 2 && S_leap(y));
	if (d < 1 || d > mdays || h > 23 || mi > 59 || sec > 60)
		goto bad;
	if (y < 1601 || y > 30828) {
		S_pvbad(p, PV_RANGE, "outside the years 1601 to 30828");
		return p->res;
	}
	return PV_OK;
bad:
	S_pvbad(p, PV_BAD, "not an ISO 8601 date and time");
	return p->res;
}

/* Hex bytes, any case; a 0x prefix is a quirk.  Sets p->units. */
static int
S_hexbytes(const struct ecat_svalue *v, struct pv *p)
{
	const char	*s;
	size_t		 i, n;

	if (v->kind == ECAT_SV_NULL) {
		p->units = 0;
		return PV_OK;
	}
	if (v->kind != ECAT_SV_STRING)
		goto bad;
	s = v->s;
	n = v->len;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		p->q |= 1u << Q_BIN_PREFIX;
		s += 2;
		n -= 2;
	}
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			goto bad;
	if (n % 2 != 0) {
		S_pvbad(p, PV_BAD, "has an odd number of hex digits");
		return p->res;
	}
	p->units = n / 2;
	return PV_OK;
bad:
	S_pvbad(p, PV_BAD, "not hex bytes");
	return p->res;
}

static int
S_ipv4(const struct ecat_svalue *v, struct pv *p)
{
	struct in_addr	 a;

	if (v->kind == ECAT_SV_STRING && inet_pton(AF_INET, v->s, &a) == 1)
		return PV_OK;
	if (v->kind == ECAT_SV_INT || (v->kind == ECAT_SV_STRING &&
	    v->len > 0 && isdigit((unsigned char)v->s[v->len - 1]) &&
	    strchr(v->s, '.') == NULL)) {
		struct pv	 q;

		memset(&q, 0, sizeof(q));
		if (S_int(v, 4, 0, 0, &q) == PV_OK) {
			p->q |= q.q | 1u << Q_IPV4_NUM;
			return PV_OK;
		}
		*p = q;
		return p->res;
	}
	S_pvbad(p, PV_BAD, "not an IPv4 address");
	return p->res;
}

static int
S_ipv6(const struct ecat_svalue *v, struct pv *p)
{
	struct in6_addr	 a;

	if (v->kind == ECAT_SV_STRING && inet_pton(AF_INET6, v->s, &a) == 1) {
		p->units = 16;
		return PV_OK;
	}
	if (S_hexbytes(v, p) == PV_OK) {
		p->q |= 1u << Q_IPV6_HEX;
		if (p->units != 16)
			S_pvbad(p, PV_BAD, "%zu bytes of hex, where an IPv6 "
			    "address has 16", p->units);
		return p->res;
	}
	p->res = PV_OK;
	S_pvbad(p, PV_BAD, "not an IPv6 address");
	return p->res;
}

/*
 * win:SocketAddress: "a.b.c.d:port" or "[v6]:port" for AF_INET and
 * AF_INET6, other families as a hex dump (§2.3); the seed pages give
 * the hex dump (SMBServer ClientAddress).
 */
static int
S_sockaddr(const struct ecat_svalue *v, struct pv *p)
{
	char		 buf[80], *colon;
	struct in_addr	 a4;
	struct in6_addr	 a6;
	struct pv	 q;

	memset(&q, 0, sizeof(q));
	if (S_hexbytes(v, &q) == PV_OK) {
		*p = q;
		return PV_OK;
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
		return PV_OK;
	if (buf[0] == '[' && colon > buf && colon[-1] == ']') {
		colon[-1] = '\0';
		if (inet_pton(AF_INET6, buf + 1, &a6) == 1)
			return PV_OK;
	}
bad:
	S_pvbad(p, PV_BAD, "neither address:port nor hex bytes");
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
S_string(const struct ecat_svalue *v, int wide, struct pv *p)
{
	if (v->kind == ECAT_SV_STRING) {
		/* A fixed-length string's NUL padding is not rendered. */
		p->units = wide ? S_utf16len(v->s, strlen(v->s)) :
		    S_codepoints(v->s, strlen(v->s));
		return PV_OK;
	}
	if (v->kind == ECAT_SV_NULL) {
		p->units = 0;
		return PV_OK;
	}
	if (v->kind == ECAT_SV_INT || v->kind == ECAT_SV_REAL ||
	    v->kind == ECAT_SV_TRUE || v->kind == ECAT_SV_FALSE) {
		p->q |= 1u << Q_NOT_STRING;
		p->units = v->len;
		return PV_OK;
	}
	S_pvbad(p, PV_BAD, "not a string");
	return p->res;
}

/* xs:string on an 8- or 16-bit integer: one character (§2.1). */
static int
S_char(const struct ecat_svalue *v, struct pv *p)
{

	if (v->kind == ECAT_SV_STRING &&
	    S_codepoints(v->s, v->len) <= 1)
		return PV_OK;
	S_pvbad(p, PV_BAD, "not one character");
	return p->res;
}

/* ------------------------------------------------------------- types */

/* How a value is rendered: the (inType, outType) pair's class. */
enum vclass {
	VC_ANY = 0, VC_INT, VC_HEX, VC_FLOAT, VC_BOOL, VC_GUID, VC_STRING,
	VC_WSTRING, VC_CHAR, VC_SID, VC_TIME, VC_BINARY, VC_IPV4, VC_IPV6,
	VC_SOCKADDR, VC_PORT, VC_ERRCODE, VC_ETWTIME
};

struct vtype {
	enum vclass	 cls;
	unsigned	 bytes;
	int		 sgn;
};

static struct vtype
S_vtype(enum ecat_intype in, enum ecat_outtype out)
{
	struct vtype	 t = { VC_ANY, 0, 0 };

	t.bytes = ecat_intype_size(in);
	switch (in) {
	case ECAT_IN_UNICODESTRING:
	case ECAT_IN_COUNTEDSTRING:
		t.cls = VC_WSTRING;
		break;
	case ECAT_IN_ANSISTRING:
	case ECAT_IN_COUNTEDANSISTRING:
		t.cls = VC_STRING;
		break;
	case ECAT_IN_INT8:
	case ECAT_IN_INT16:
	case ECAT_IN_INT64:
		t.cls = out == ECAT_OUT_STRING ? VC_CHAR : VC_INT;
		t.sgn = 1;
		break;
	case ECAT_IN_UINT8:
	case ECAT_IN_UINT16:
		t.cls = out == ECAT_OUT_STRING ? VC_CHAR :
		    out == ECAT_OUT_BOOLEAN ? VC_BOOL :
		    out == ECAT_OUT_PORT ? VC_PORT :
		    out == ECAT_OUT_HEXINT8 || out == ECAT_OUT_HEXINT16 ?
		    VC_HEX : VC_INT;
		break;
	case ECAT_IN_INT32:
		t.cls = out == ECAT_OUT_HRESULT ? VC_ERRCODE : VC_INT;
		t.sgn = 1;
		break;
	case ECAT_IN_UINT32:
		t.cls = out == ECAT_OUT_IPV4 ? VC_IPV4 :
		    out == ECAT_OUT_ETWTIME ? VC_ETWTIME :
		    out == ECAT_OUT_WIN32ERROR || out == ECAT_OUT_NTSTATUS ||
		    out == ECAT_OUT_ERRORCODE ? VC_ERRCODE :
		    out == ECAT_OUT_HEXINT32 || out == ECAT_OUT_CODEPOINTER ?
		    VC_HEX : VC_INT;
		break;
	case ECAT_IN_UINT64:
		t.cls = out == ECAT_OUT_ETWTIME ? VC_ETWTIME :
		    out == ECAT_OUT_HEXINT64 || out == ECAT_OUT_CODEPOINTER ?
		    VC_HEX : VC_INT;
		break;
	case ECAT_IN_FLOAT:
	case ECAT_IN_DOUBLE:
		t.cls = VC_FLOAT;
		break;
	case ECAT_IN_BOOLEAN:
		t.cls = VC_BOOL;
		break;
	case ECAT_IN_BINARY:
	case ECAT_IN_COUNTEDBINARY:
		t.cls = out == ECAT_OUT_IPV6 ? VC_IPV6 :
		    out == ECAT_OUT_SOCKETADDRESS ? VC_SOCKADDR : VC_BINARY;
		break;
	case ECAT_IN_GUID:
		t.cls = VC_GUID;
		break;
	case ECAT_IN_POINTER:
		/* 4 or 8 bytes by the header's flag (§2.1): allow 8. */
		t.cls = out == ECAT_OUT_LONG || out == ECAT_OUT_UNSIGNEDLONG ?
		    VC_INT : VC_HEX;
		t.sgn = out == ECAT_OUT_LONG;
		break;
	case ECAT_IN_FILETIME:
	case ECAT_IN_SYSTEMTIME:
		t.cls = VC_TIME;
		break;
	case ECAT_IN_SID:
		t.cls = VC_SID;
		break;
	case ECAT_IN_HEXINT32:
	case ECAT_IN_HEXINT64:
		t.cls = out == ECAT_OUT_WIN32ERROR ||
		    out == ECAT_OUT_NTSTATUS ? VC_ERRCODE : VC_HEX;
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
static int
S_parse(const struct ecat_svalue *v, struct vtype t, int textok,
    struct pv *p)
{
	memset(p, 0, sizeof(*p));
	if (v->kind == ECAT_SV_NULL && t.cls != VC_STRING &&
	    t.cls != VC_WSTRING && t.cls != VC_SID && t.cls != VC_BINARY &&
	    t.cls != VC_ANY) {
		S_pvbad(p, PV_BAD, "null, where the type needs a value");
		return p->res;
	}
	switch (t.cls) {
	case VC_INT:
		return S_int(v, t.bytes, t.sgn, 0, p);
	case VC_HEX:
		return S_int(v, t.bytes, 0, 1, p);
	case VC_PORT:
		return S_int(v, 2, 0, 0, p);
	case VC_ERRCODE:
		/* Decimal or 0x hex: renderers differ; neither a quirk. */
		if (S_int(v, t.bytes, 0, 0, p) == PV_OK) {
			p->q &= ~(1u << Q_HEX_FOR_DEC);
			return PV_OK;
		}
		/* Hex without 0x is a number too ("00000000", seed 004). */
		if (p->res == PV_BAD) {
			memset(p, 0, sizeof(*p));
			if (S_int(v, t.bytes, 0, 1, p) == PV_OK) {
				p->q &= ~(1u << Q_DEC_FOR_HEX);
				return PV_OK;
			}
		}
		if (p->res == PV_BAD && textok && v->kind == ECAT_SV_STRING &&
		    v->len > 0) {
			memset(p, 0, sizeof(*p));
			return PV_OK;
		}
		return p->res;
	case VC_ETWTIME:
		if (S_int(v, t.bytes, 0, 0, p) == PV_OK)
			return PV_OK;
		memset(p, 0, sizeof(*p));
		if (S_time(v, p) == PV_OK)
			p->q &= ~(1u << Q_TIME_NUM);
		return p->res;
	case VC_FLOAT:
		return S_float(v, t.bytes, p);
	case VC_BOOL:
		return S_bool(v, t.bytes ? t.bytes : 1, p);
	case VC_GUID:
		return S_guid(v, p);
	case VC_STRING:
		return S_string(v, 0, p);
	case VC_WSTRING:
		return S_string(v, 1, p);
	case VC_CHAR:
		return S_char(v, p);
	case VC_SID:
		return S_sid(v, p);
	case VC_TIME:
		return S_time(v, p);
	case VC_BINARY:
		return S_hexbytes(v, p);
	case VC_IPV4:
		return S_ipv4(v, p);
	case VC_IPV6:
		return S_ipv6(v, p);
	case VC_SOCKADDR:
		return S_sockaddr(v, p);
	default:
		/* Unknown inTypes and placeholders: nothing to check. */
		return PV_OK;
	}
}

/* ------------------------------------------------------------ context */

/* One finding of one candidate, before it is reported. */
struct vfind {
	enum ecat_msg		 m;
	const char		*field;
	size_t			 text;		/* offset in vctx.text */
	struct ecat_spath	 steps[V_MAXSTEPS];
	uint8_t			 nsteps;
	const struct ecat_event	*once;		/* report once per event */
};

/* A schema a sample is checked against. */
struct cand {
	const struct ecat_event		*ev;
	const struct ecat_pschema	*ps;
	const struct ecat_build		*build;
	int				 lenient;	/* outTypes unknown */
	int				 rebuilt;
	size_t				 fstart, fend;	/* in vctx.finds */
	uint32_t			 nsev[ECAT_SEV__MAX];
};

/* Per provider best-match statistics under construction. */
struct bestacc {
	const struct ecat_provider	*p;
	const char			*name;
	struct ecat_vbest		 out;
};

/* Small pointer → pointer hash (events → parsed messages, once-sets). */
struct phash {
	const void	**k;
	void		**v;
	size_t		 cap, n;
};

struct vctx {
	struct ecat_catalog	*cat;
	struct ecat_vrun	*run;
	struct ecat_vfile	 file;
	uint8_t			*hasschemas;	/* by build index */

	/* GUID → provider with schemas */
	const char		**gkeys;
	struct ecat_provider	**gvals;
	size_t			 gcap, gn;
	int			 loaded;	/* file observed at load time */
	int			 emit;		/* report findings (a run given) */

	/* per sample */
	const struct ecat_sample *s;
	struct vfind		*finds;
	size_t			 nfinds, findcap;
	struct ecat_buf		 text;
	struct cand		*cands;
	size_t			 ncands, candcap;
	const struct ecat_svalue **tmap;	/* template field → value */
	const char		**tname;	/* ... and its sample name */
	uint32_t		*tidx;		/* ... its index in the sample */
	size_t			 tcap;

	struct phash		 msgs;		/* event → ecat_msgfmt */
	struct phash		 once;		/* events reported once */
	struct phash		 bestidx;	/* provider → bestacc index + 1 */
	struct bestacc		*best;
	size_t			 nbest, bestcap;
};

static uint64_t
S_pmix(const void *p)
{
	uint64_t	 k = (uint64_t)(uintptr_t)p;

	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

static void **
S_hslot(struct phash *h, const void *key, int insert)
{
	size_t	 i, j, oc;

	if (h->cap == 0) {
		if (!insert)
			return NULL;
		h->cap = 64;
		h->k = ecat_calloc(h->cap, sizeof(*h->k));
		h->v = ecat_calloc(h->cap, sizeof(*h->v));
	}
	if (insert && (h->n + 1) * 2 > h->cap) {
		const void	**ok = h->k;
		void		**ov = h->v;

		oc = h->cap;
		h->cap *= 2;
		h->k = ecat_calloc(h->cap, sizeof(*h->k));
		h->v = ecat_calloc(h->cap, sizeof(*h->v));
		for (j = 0; j < oc; j++) {
			if (ok[j] == NULL)
				continue;
			i = S_pmix(ok[j]) & (h->cap - 1);
			while (h->k[i] != NULL)
				i = (i + 1) & (h->cap - 1);
			h->k[i] = ok[j];
			h->v[i] = ov[j];
		}
		free(ok);
		free(ov);
	}
	i = S_pmix(key) & (h->cap - 1);
	while (h->k[i] != NULL) {
		if (h->k[i] == key)
			return &h->v[i];
		i = (i + 1) & (h->cap - 1);
	}
	if (!insert)
		return NULL;
	h->k[i] = key;
	h->n++;
	return &h->v[i];
}

static void
S_hfree(struct phash *h)
{
	free(h->k);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

/* ----------------------------------------------------------- findings */

/* Append the JSON path of steps below the sample to b. */
static void
S_pathstr(struct ecat_buf *b, const struct ecat_sample *s,
    const struct ecat_spath *st, size_t n)
{
	size_t		 i, start = b->len;
	const char	*k;
	int		 ident;

	ecat_buf_puts(b, s->path != NULL ? s->path : "");
	for (i = 0; i < n; i++) {
		if ((k = st[i].key) == NULL) {
			ecat_buf_printf(b, "[%u]", st[i].index);
			continue;
		}
		ident = *k != '\0' && !isdigit((unsigned char)*k);
		for (; ident && *k != '\0'; k++)
			if (!isalnum((unsigned char)*k) && *k != '_')
				ident = 0;
		if (ident)
			ecat_buf_printf(b, "%s%s", b->len > start ? "." : "",
			    st[i].key);
		else
			ecat_buf_printf(b, "[\"%s\"]", st[i].key);
	}
}

static void
S_find(struct vctx *v, struct cand *c, enum ecat_msg m, const char *field,
    const struct ecat_spath *st, size_t nst, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/*
 * Record a finding of candidate c (NULL: of the sample itself): its
 * detail starts with the JSON path of the value it is about.
 */
static void
S_find(struct vctx *v, struct cand *c, enum ecat_msg m, const char *field,
    const struct ecat_spath *st, size_t nst, const char *fmt, ...)
{
	struct vfind	*f;
	va_list		 ap;
	size_t		 i;

	if (v->nfinds == v->findcap) {
		v->findcap = v->findcap ? v->findcap * 2 : 64;
		v->finds = ecat_reallocarray(v->finds, v->findcap,
		    sizeof(*v->finds));
	}
	f = &v->finds[v->nfinds++];
	memset(f, 0, sizeof(*f));
	f->m = m;
	f->field = field;
	if (nst > V_MAXSTEPS)
		nst = V_MAXSTEPS;
	for (i = 0; i < nst; i++)
		f->steps[i] = st[i];
	f->nsteps = (uint8_t)nst;
	f->text = v->text.len;
	if (nst > 0 || (v->s->path != NULL && v->s->path[0] != '\0')) {
		S_pathstr(&v->text, v->s, st, nst);
		ecat_buf_puts(&v->text, ": ");
	}
	va_start(ap, fmt);
	ecat_buf_vprintf(&v->text, fmt, ap);
	va_end(ap);
	ecat_buf_putc(&v->text, '\0');
	if (c != NULL) {
		c->nsev[ecat_msg_sev(m)]++;
		c->fend = v->nfinds;
	}
}

/* Report the quirks in q of the value at st as one note. */
static void
S_quirks(struct vctx *v, struct cand *c, unsigned q, const char *field,
    const struct ecat_spath *st, size_t nst, const struct ecat_svalue *val)
{
	struct ecat_buf	 b;
	char		 show[64];
	int		 i;

	if (q == 0)
		return;
	ecat_buf_init(&b);
	for (i = 0; i < Q__MAX; i++)
		if (q & (1u << i))
			ecat_buf_printf(&b, "%s%s", b.len ? "; " : "",
			    quirktext[i]);
	S_find(v, c, ECAT_MSG_SAMPLE_NONCANONICAL, field, st, nst, "%s: %s",
	    S_show(val, show, sizeof(show)), b.buf);
	ecat_buf_free(&b);
}

/* Steps of the payload root: event_data, or user_data.<Root>. */
static size_t
S_rootsteps(const struct ecat_sample *s, struct ecat_spath *st)
{
	size_t	 n = 0;

	if (s->root == NULL)
		return 0;
	st[n].key = s->root;
	st[n++].index = 0;
	if (s->rootelem != NULL) {
		st[n].key = s->rootelem;
		st[n++].index = 0;
	}
	return n;
}

/* ------------------------------------------------------------- header */

/* Is the text a name rather than a number?  1 or 0. */
static int
S_isname(const struct ecat_svalue *v)
{
	size_t	 i;

	if (v->kind != ECAT_SV_STRING)
		return 0;
	for (i = 0; i < v->len; i++)
		if (isalpha((unsigned char)v->s[i]) &&
		    !(i == 1 && (v->s[i] == 'x' || v->s[i] == 'X')))
			return 1;
	return 0;
}

/* A named number (level, task, opcode) by its name or display text. */
static const struct ecat_named *
S_named(const struct ecat_named *t, uint32_t n, const char *s)
{
	uint32_t	 i;
	const char	*b;

	for (i = 0; i < n; i++) {
		b = t[i].name;
		if (b != NULL && strncmp(b, "win:", 4) == 0)
			b += 4;
		if ((t[i].name != NULL && strcasecmp(t[i].name, s) == 0) ||
		    (b != NULL && strcasecmp(b, s) == 0) ||
		    (t[i].message != NULL && strcasecmp(t[i].message, s) == 0))
			return &t[i];
	}
	return NULL;
}

/* winmeta by name ("win:Informational", "Informational") or display
   text ("Information", seed 001's "level": "Information"). */
static const struct ecat_winmeta *
S_winmeta(int kind, const char *s)
{
	const struct ecat_winmeta	*w;
	uint64_t			 i;

	w = kind == 0 ? ecat_winmeta_level(s) : ecat_winmeta_opcode(s);
	if (w != NULL)
		return w;
	for (i = 0; i < 256; i++) {
		w = kind == 0 ? ecat_winmeta_level_by_value(i) :
		    ecat_winmeta_opcode_by_value(i);
		if (w != NULL && w->message != NULL &&
		    strcasecmp(w->message, s) == 0)
			return w;
	}
	return NULL;
}

enum hkind { H_LEVEL, H_TASK, H_OPCODE };

/*
 * Level, task or opcode: a number, compared when the source gave one
 * (ECAT_HAS_*), or a name resolved through the schema's tables and
 * winmeta (a quirk: EventData's System element holds numbers).
 */
static void
S_hnum(struct vctx *v, struct cand *c, enum hkind k)
{
	static const char *const what[] = { "level", "task", "opcode" };
	static const uint8_t hasbit[] = { ECAT_HAS_LEVEL, ECAT_HAS_TASK,
	    ECAT_HAS_OPCODE };
	const struct ecat_sample	*s = v->s;
	const struct ecat_svalue	*val = k == H_LEVEL ? &s->level :
	    k == H_TASK ? &s->task : &s->opcode;
	const struct ecat_event		*e = c->ev;
	const struct ecat_pschema	*ps = c->ps;
	const struct ecat_named		*d = NULL;
	const struct ecat_winmeta	*w = NULL;
	const char			*declname;
	struct ecat_spath		 st[2] = { { "system", 0 }, { NULL, 0 } };
	struct pv			 p;
	uint64_t			 declared, got;
	char				 show[64];
	uint32_t			 i;

	st[1].key = what[k];
	if (val->kind == ECAT_SV_ABSENT || val->kind == ECAT_SV_NULL)
		return;
	declared = k == H_LEVEL ? e->level : k == H_TASK ? e->task : e->opcode;
	declname = k == H_LEVEL ? e->level_name : k == H_TASK ? e->task_name :
	    e->opcode_name;
	if (S_isname(val)) {
		/* Resolve the name: the schema's, then winmeta's. */
		if (k == H_LEVEL)
			d = S_named(ps->levels, ps->nlevels, val->s);
		else if (k == H_TASK)
			d = S_named(ps->tasks, ps->ntasks, val->s);
		else {
			for (i = 0; d == NULL && i < ps->ntasks; i++)
				if (ps->tasks[i].value == e->task)
					d = S_named(ps->tasks[i].opcodes,
					    ps->tasks[i].nopcodes, val->s);
			if (d == NULL)
				d = S_named(ps->opcodes, ps->nopcodes, val->s);
		}
		if (d == NULL && k != H_TASK)
			w = S_winmeta(k == H_LEVEL ? 0 : 1, val->s);
		if (d == NULL && w == NULL && k == H_TASK &&
		    (strcasecmp(val->s, "None") == 0 ||
		    strcasecmp(val->s, "win:None") == 0))
			w = &(const struct ecat_winmeta){ "win:None", 0, "None" };
		S_find(v, c, ECAT_MSG_SAMPLE_NONCANONICAL, NULL, st, 2,
		    "%s: %s given by name", S_show(val, show, sizeof(show)),
		    what[k]);
		if (d == NULL && w == NULL) {
			/* Unknown to the tables: compare the names. */
			if (declname != NULL && (strcasecmp(declname, val->s) == 0 ||
			    (strncmp(declname, "win:", 4) == 0 &&
			    strcasecmp(declname + 4, val->s) == 0)))
				return;
			S_find(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
			    "%s %s is not a name the schema defines (%s is "
			    "declared %s)", what[k], S_show(val, show,
			    sizeof(show)), e->symbol != NULL ? e->symbol :
			    "the event", declname != NULL ? declname :
			    "without one");
			return;
		}
		if (!(e->has & hasbit[k]))
			return;
		got = d != NULL ? d->value : w->value;
	} else {
		memset(&p, 0, sizeof(p));
		if (S_int(val, k == H_TASK ? 2 : 1, 0, 0, &p) != PV_OK) {
			S_find(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
			    "%s %s is not a %s", what[k], S_show(val, show,
			    sizeof(show)), k == H_TASK ? "16-bit number" :
			    "number from 0 to 255");
			return;
		}
		S_quirks(v, c, p.q & ~(1u << Q_HEX_FOR_DEC), NULL, st, 2, val);
		if (!(e->has & hasbit[k]))
			return;
		got = p.u;
	}
	if (got != declared)
		S_find(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
		    "%s is %" PRIu64 ", the event declares %" PRIu64 "%s%s%s",
		    what[k], got, declared, declname != NULL ? " (" : "",
		    declname != NULL ? declname : "",
		    declname != NULL ? ")" : "");
}

static void
S_hlevel(struct vctx *v, struct cand *c)
{
	S_hnum(v, c, H_LEVEL);
}

static void
S_htask(struct vctx *v, struct cand *c)
{
	S_hnum(v, c, H_TASK);
}

static void
S_hopcode(struct vctx *v, struct cand *c)
{
	S_hnum(v, c, H_OPCODE);
}

/* Keywords, decimal or hex, compared with channel bits masked. */
static void
S_hkeywords(struct vctx *v, struct cand *c)
{
	const struct ecat_svalue	*val = &v->s->keywords;
	struct ecat_spath		 st[2] = { { "system", 0 },
	    { "keywords", 0 } };
	struct pv			 p;
	char				 show[64];

	if (val->kind == ECAT_SV_ABSENT || val->kind == ECAT_SV_NULL)
		return;
	memset(&p, 0, sizeof(p));
	if (S_anyint(val, 0, &p) != PV_OK || p.neg) {
		S_find(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
		    "keywords %s are not a 64-bit mask", S_show(val, show,
		    sizeof(show)));
		return;
	}
	/* Decimal keywords are the seeds' normal form: not a quirk. */
	S_quirks(v, c, p.q & (1u << Q_PADDED), NULL, st, 2, val);
	if (!(c->ev->has & ECAT_HAS_KEYWORDS))
		return;
	if ((p.u & V_KW_MASK) != (c->ev->keywords & V_KW_MASK))
		S_find(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
		    "keywords 0x%" PRIx64 " (channel bits masked), the event "
		    "declares 0x%" PRIx64 "%s%s%s", p.u & V_KW_MASK,
		    c->ev->keywords & V_KW_MASK,
		    c->ev->keywords_names != NULL ? " (" : "",
		    c->ev->keywords_names != NULL ? c->ev->keywords_names : "",
		    c->ev->keywords_names != NULL ? ")" : "");
}

/*
 * The channel, by name.  "ETW Trace" is what converters write for a
 * real-time session, which is no channel; a rebuilt manifest or a TSV
 * export without a channel does not say.  A real manifest's event
 * without a channel is logged to no channel (§1.4).
 */
static void
S_hchannel(struct vctx *v, struct cand *c)
{
	const struct ecat_svalue	*val = &v->s->channel;
	const struct ecat_event		*e = c->ev;
	const struct ecat_pschema	*ps = c->ps;
	const struct ecat_winmeta	*w;
	const char			*decl = NULL;
	struct ecat_spath		 st[2] = { { "system", 0 },
	    { "channel", 0 } };
	char				 show[64];
	uint32_t			 i;

	if (val->kind != ECAT_SV_STRING || val->len == 0 ||
	    strcasecmp(val->s, "ETW Trace") == 0)
		return;
	if (e->channel_name == NULL) {
		if (c->rebuilt || c->lenient ||
		    (ps->format != ECAT_FMT_MANIFEST &&
		    ps->format != ECAT_FMT_WEPEXPLORER))
			return;
		S_find(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
		    "channel %s, the event declares no channel",
		    S_show(val, show, sizeof(show)));
		return;
	}
	for (i = 0; i < ps->nchannels; i++)
		if ((ps->channels[i].chid != NULL &&
		    strcmp(ps->channels[i].chid, e->channel_name) == 0) ||
		    (ps->channels[i].name != NULL &&
		    strcmp(ps->channels[i].name, e->channel_name) == 0)) {
			decl = ps->channels[i].name;
			break;
		}
	if (decl == NULL && (w = ecat_winmeta_channel(e->channel_name)) !=
	    NULL)
		decl = w->name;
	if (decl == NULL)
		decl = e->channel_name;
	if (strcasecmp(decl, val->s) != 0)
		S_find(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
		    "channel %s, the event declares %s",
		    S_show(val, show, sizeof(show)), decl);
}

/* The header checks, in the order findings are listed. */
static const struct {
	void	(*fn)(struct vctx *, struct cand *);
} hchecks[] = {
	{ S_hlevel },
	{ S_htask },
	{ S_hopcode },
	{ S_hkeywords },
	{ S_hchannel },
};

/* ------------------------------------------------------------- fields */

static const struct ecat_map *
S_map(const struct ecat_pschema *ps, const char *name)
{
	uint32_t	 i;

	for (i = 0; i < ps->nmaps; i++)
		if (ps->maps[i].name != NULL &&
		    strcmp(ps->maps[i].name, name) == 0)
			return &ps->maps[i];
	return NULL;
}

/* Index of the template field named name, or -1. */
static int
S_tfield(const struct ecat_shape *sh, const char *name)
{
	uint32_t	 i;

	for (i = 0; name != NULL && i < sh->nfields; i++)
		if (strcmp(sh->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/*
 * The integer value of the field a count or length names, from the
 * sample; -1 when it is not there or not a number (reported on its
 * own).
 */
static int64_t
S_refvalue(struct vctx *v, const struct ecat_shape *sh, const char *name)
{
	const struct ecat_svalue	*val;
	struct pv			 p;
	int				 i;

	if ((i = S_tfield(sh, name)) < 0 || (val = v->tmap[i]) == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	if (S_anyint(val, 0, &p) != PV_OK || p.neg || p.u > UINT32_MAX)
		return -1;
	return (int64_t)p.u;
}

/* A mapped value: its number in the map, or its text an entry's. */
static void
S_checkmap(struct vctx *v, struct cand *c, const struct ecat_field *f,
    const struct ecat_svalue *val, const struct pv *p,
    const struct ecat_spath *st, size_t nst)
{
	const struct ecat_map	*m;
	uint64_t		 all = 0;
	uint32_t		 i;
	char			 show[64];

	if (f->map == NULL || (m = S_map(c->ps, f->map)) == NULL)
		return;
	if (!p->isint) {
		for (i = 0; val->kind == ECAT_SV_STRING && i < m->nentries; i++)
			if (m->entries[i].message != NULL &&
			    strcasecmp(m->entries[i].message, val->s) == 0)
				return;
		S_find(v, c, ECAT_MSG_SAMPLE_UNMAPPED, f->name, st, nst,
		    "%s is neither a number nor an entry of %s %s",
		    S_show(val, show, sizeof(show)),
		    m->bitmap ? "bitMap" : "valueMap", m->name);
		return;
	}
	if (!m->bitmap) {
		for (i = 0; i < m->nentries; i++)
			if (m->entries[i].value == p->u)
				return;
		S_find(v, c, ECAT_MSG_SAMPLE_UNMAPPED, f->name, st, nst,
		    "%" PRIu64 " is not in valueMap %s (%u entries)", p->u,
		    m->name, m->nentries);
		return;
	}
	for (i = 0; i < m->nentries; i++)
		all |= m->entries[i].value;
	if (p->u & ~all)
		S_find(v, c, ECAT_MSG_SAMPLE_UNMAPPED, f->name, st, nst,
		    "bits 0x%" PRIx64 " of 0x%" PRIx64 " are not in bitMap %s",
		    p->u & ~all, p->u, m->name);
}

/*
 * One scalar value of field f (an array element, or the value).
 * Fills *p.  Reports bad values, ranges, quirks and maps.
 */
static void
S_checkscalar(struct vctx *v, struct cand *c, const struct ecat_field *f,
    const struct ecat_svalue *val, const struct ecat_spath *st, size_t nst,
    struct pv *p)
{
	enum ecat_outtype	 out, o;
	struct vtype		 t;
	struct pv		 alt;
	int			 lenient;
	char			 show[64];

	out = f->outtype;
	lenient = c->lenient && out == ECAT_OUT_NONE;
	if (out == ECAT_OUT_NONE || !ecat_outtype_valid(f->intype, out))
		out = ecat_outtype_default(f->intype);
	t = S_vtype(f->intype, out);
	S_parse(val, t, !lenient, p);
	if (lenient && (p->res != PV_OK || p->q != 0)) {
		/* Any outType valid for the inType: first clean, else
		   first accepted (default preferred). */
		for (o = 1; o < ECAT_OUT__MAX; o++) {
			if (o == out || !ecat_outtype_valid(f->intype, o))
				continue;
			S_parse(val, S_vtype(f->intype, o), 0, &alt);
			if (alt.res == PV_OK && (alt.q == 0 || p->res != PV_OK))
				*p = alt;
			if (p->res == PV_OK && p->q == 0)
				break;
		}
	}
	if (p->res == PV_OK) {
		S_quirks(v, c, p->q, f->name, st, nst, val);
		if (f->map != NULL)
			S_checkmap(v, c, f, val, p, st, nst);
		return;
	}
	/* A mapped field may be written as its map entry's text. */
	if (f->map != NULL && val->kind == ECAT_SV_STRING &&
	    p->res == PV_BAD) {
		struct pv q;

		memset(&q, 0, sizeof(q));
		S_checkmap(v, c, f, val, &q, st, nst);
		return;
	}
	S_find(v, c, p->res == PV_RANGE ? ECAT_MSG_SAMPLE_OUT_OF_RANGE :
	    ECAT_MSG_SAMPLE_BAD_VALUE, f->name, st, nst, "%s: %s%s (%s%s%s)",
	    S_show(val, show, sizeof(show)), p->why, lenient &&
	    p->res == PV_BAD ?
	    ", nor another rendering of the type (the schema gives no "
	    "outType)" : "", f->intype_name != NULL ? f->intype_name : "?",
	    !lenient && f->outtype != ECAT_OUT_NONE ? ", " : "",
	    !lenient && f->outtype != ECAT_OUT_NONE ?
	    ecat_outtype_name(f->outtype) : "");
}

/*
 * The value of template field f: an array when it has a count, a
 * struct's members, or one scalar; then its length.
 */
static void
S_checkfield(struct vctx *v, struct cand *c, const struct ecat_shape *sh,
    const struct ecat_field *f, const struct ecat_svalue *val,
    struct ecat_spath *st, size_t nst)
{
	const struct ecat_svalue	*elem;
	struct pv			 p;
	int64_t				 count = -1, length = -1;
	uint32_t			 i, n;
	int				 isarray;
	char				 show[64];

	isarray = (f->flags & ECAT_FIELD_COUNT) || f->count_ref != NULL;
	if (f->count_ref != NULL)
		count = S_refvalue(v, sh, f->count_ref);
	else if (isarray)
		count = f->count;
	if (f->length_ref != NULL)
		length = S_refvalue(v, sh, f->length_ref);
	else if ((f->flags & ECAT_FIELD_LENGTH) || f->length != 0)
		length = f->length;

	n = val->kind == ECAT_SV_ARRAY ? val->n : 1;
	if (val->kind == ECAT_SV_ARRAY && !isarray && n != 1) {
		S_find(v, c, ECAT_MSG_SAMPLE_BAD_COUNT, f->name, st, nst,
		    "%u values for a field that holds one", n);
		return;
	}
	if (isarray && count >= 0 && (int64_t)n != count)
		S_find(v, c, ECAT_MSG_SAMPLE_BAD_COUNT, f->name, st, nst,
		    "%u element%s, the count %s%s is %" PRId64, n,
		    n == 1 ? "" : "s", f->count_ref != NULL ? "field " : "",
		    f->count_ref != NULL ? f->count_ref : "", count);
	for (i = 0; i < n; i++) {
		elem = val->kind == ECAT_SV_ARRAY ? &val->items[i] : val;
		if (val->kind == ECAT_SV_ARRAY && nst < V_MAXSTEPS) {
			st[nst].key = NULL;
			st[nst].index = i;
		}
		if (f->flags & ECAT_FIELD_STRUCT) {
			if (elem->kind != ECAT_SV_OBJECT &&
			    elem->kind != ECAT_SV_NULL)
				S_find(v, c, ECAT_MSG_SAMPLE_BAD_VALUE, f->name,
				    st, nst + (val->kind == ECAT_SV_ARRAY),
				    "%s where the struct %s is expected",
				    S_show(elem, show, sizeof(show)), f->name);
			continue;
		}
		S_checkscalar(v, c, f, elem, st, nst +
		    (val->kind == ECAT_SV_ARRAY), &p);
		if (p.res != PV_OK || length < 0)
			continue;
		/*
		 * Length (§1.7): bytes for Binary, exactly; WCHARs or
		 * bytes for a fixed-length string, whose NUL padding is
		 * not rendered, so only a longer value disagrees.
		 */
		if ((f->intype == ECAT_IN_BINARY) && (int64_t)p.units != length)
			S_find(v, c, ECAT_MSG_SAMPLE_BAD_LENGTH, f->name, st,
			    nst + (val->kind == ECAT_SV_ARRAY), "%zu bytes, "
			    "the length %s%s is %" PRId64, p.units,
			    f->length_ref != NULL ? "field " : "",
			    f->length_ref != NULL ? f->length_ref : "", length);
		else if ((f->intype == ECAT_IN_UNICODESTRING ||
		    f->intype == ECAT_IN_ANSISTRING) &&
		    (int64_t)p.units > length)
			S_find(v, c, ECAT_MSG_SAMPLE_BAD_LENGTH, f->name, st,
			    nst + (val->kind == ECAT_SV_ARRAY), "%zu %s, more "
			    "than the length %s%s, %" PRId64, p.units,
			    f->intype == ECAT_IN_UNICODESTRING ?
			    "UTF-16 units" : "characters",
			    f->length_ref != NULL ? "field " : "",
			    f->length_ref != NULL ? f->length_ref : "", length);
	}
}

/*
 * Index of the template field named like name once the characters a
 * TDH rebuild drops from names are dropped: the jdu2600 TSVs write
 * Windows Defender's "Product Name" as ProductName.  Lenient
 * candidates only; -1 if none.
 */
static int
S_tfield_ident(const struct ecat_shape *sh, const char *name)
{
	char	 buf[256];
	size_t	 n = 0;

	for (; *name != '\0' && n + 1 < sizeof(buf); name++)
		if (isalnum((unsigned char)*name) || *name == '_' ||
		    (unsigned char)*name >= 0x80)
			buf[n++] = *name;
	buf[n] = '\0';
	return n > 0 ? S_tfield(sh, buf) : -1;
}

/* Strip the "EventData." flattening prefix of the seed pages. */
static const char *
S_unprefix(const char *name)
{
	if (strncmp(name, "EventData.", 10) == 0 && name[10] != '\0')
		return name + 10;
	return NULL;
}

/*
 * Map the sample's payload members to the template's fields (by name;
 * a "Data" array of unnamed values by position), then check presence,
 * order and each value.
 */
static void
S_fields(struct vctx *v, struct cand *c)
{
	const struct ecat_sample	*s = v->s;
	const struct ecat_shape		*sh;
	const struct ecat_sfield	*sf;
	const char			*name, *pre;
	struct ecat_spath		 st[V_MAXSTEPS];
	size_t				 nroot, i;
	uint32_t			 nf, j, k;
	int				 ti, data = -1, prevti = -1, prevj = -1;
	int				 reported = 0;
	char				 show[64];

	sh = c->ev->tmpl != NULL ? c->ev->tmpl->shape : NULL;
	nf = sh != NULL ? sh->nfields : 0;
	if (sh != NULL && sh->verbatim != NULL)
		return;		/* an unparsed TSV field list: no fields */
	if (nf > v->tcap) {
		v->tcap = nf;
		v->tmap = ecat_reallocarray(v->tmap, nf, sizeof(*v->tmap));
		v->tname = ecat_reallocarray(v->tname, nf, sizeof(*v->tname));
		v->tidx = ecat_reallocarray(v->tidx, nf, sizeof(*v->tidx));
	}
	for (j = 0; j < nf; j++) {
		v->tmap[j] = NULL;
		v->tname[j] = NULL;
		v->tidx[j] = 0;
	}
	nroot = S_rootsteps(s, st);

	/* Unnamed fields: "Data": [...] when no field is named Data. */
	for (j = 0; j < s->nfields; j++)
		if (strcmp(s->fields[j].name, "Data") == 0 &&
		    S_tfield(sh != NULL ? sh : &(struct ecat_shape){ 0 },
		    "Data") < 0)
			data = (int)j;
	for (j = 0; j < s->nfields; j++) {
		sf = &s->fields[j];
		st[nroot].key = sf->name;
		st[nroot].index = 0;
		if ((int)j == data) {
			const struct ecat_svalue *dv = &sf->v;
			uint32_t nd = dv->kind == ECAT_SV_ARRAY ? dv->n : 1;

			S_find(v, c, ECAT_MSG_SAMPLE_NONCANONICAL, NULL, st,
			    nroot + 1, "%u unnamed value%s, matched to the "
			    "template's fields by position", nd,
			    nd == 1 ? "" : "s");
			for (k = 0; k < nd; k++) {
				if (k < nf) {
					v->tmap[k] = dv->kind == ECAT_SV_ARRAY ?
					    &dv->items[k] : dv;
					v->tname[k] = sf->name;
					v->tidx[k] = j | (k << 16) | 0x80000000u;
					continue;
				}
				st[nroot + 1].key = NULL;
				st[nroot + 1].index = k;
				S_find(v, c, ECAT_MSG_SAMPLE_UNEXPECTED_FIELD,
				    NULL, st, nroot + 2, "unnamed value %u, "
				    "the template has %u field%s", k + 1, nf,
				    nf == 1 ? "" : "s");
			}
			continue;
		}
		name = sf->name;
		pre = S_unprefix(name);
		ti = sh != NULL ? S_tfield(sh, name) : -1;
		if (ti < 0 && pre != NULL && sh != NULL &&
		    (ti = S_tfield(sh, pre)) >= 0)
			S_find(v, c, ECAT_MSG_SAMPLE_NONCANONICAL,
			    sh->fields[ti].name, st, nroot + 1, "field name "
			    "with an EventData. prefix");
		if (ti < 0 && c->lenient && sh != NULL)
			ti = S_tfield_ident(sh, pre != NULL ? pre : name);
		if (ti < 0 && strcmp(name, "Binary") == 0 &&
		    v->s->root != NULL && strcmp(v->s->root, "event_data") == 0) {
			/*
			 * EVTX's <Binary> beside the <Data> elements is the
			 * record's binary data, not a template field; a
			 * TDH rebuild shows it as __binLength, BinaryData
			 * (TraceEvent's names).
			 */
			if (sh != NULL && (ti = S_tfield(sh, "BinaryData")) >= 0 &&
			    v->tmap[ti] == NULL) {
				v->tmap[ti] = &sf->v;
				v->tname[ti] = name;
				v->tidx[ti] = j;
			}
			continue;
		}
		if (ti < 0) {
			for (k = 0; k < nf; k++)
				if (strcasecmp(sh->fields[k].name,
				    pre != NULL ? pre : name) == 0)
					break;
			if (k < nf && v->tmap[k] == NULL) {
				S_find(v, c, ECAT_MSG_SAMPLE_UNEXPECTED_FIELD,
				    name, st, nroot + 1, "%s differs from the "
				    "template's %s in case only", S_show(&(struct
				    ecat_svalue){ ECAT_SV_STRING, 0, 0, name,
				    strlen(name), 0, 0, NULL, NULL }, show,
				    sizeof(show)), sh->fields[k].name);
				ti = (int)k;
			} else {
				if (sh == NULL)
					S_find(v, c,
					    ECAT_MSG_SAMPLE_UNEXPECTED_FIELD,
					    name, st, nroot + 1, "the event has "
					    "no template");
				else
					S_find(v, c,
					    ECAT_MSG_SAMPLE_UNEXPECTED_FIELD,
					    name, st, nroot + 1, "not in the "
					    "template (%u field%s)", nf,
					    nf == 1 ? "" : "s");
				continue;
			}
		}
		if (v->tmap[ti] != NULL) {
			S_find(v, c, ECAT_MSG_SAMPLE_UNEXPECTED_FIELD, name,
			    st, nroot + 1, "field %s given twice",
			    sh->fields[ti].name);
			continue;
		}
		v->tmap[ti] = &sf->v;
		v->tname[ti] = name;
		v->tidx[ti] = j;
		if (ti < prevti && !reported) {
			S_find(v, c, ECAT_MSG_SAMPLE_FIELD_ORDER,
			    sh->fields[ti].name, st, nroot + 1, "%s (field %d "
			    "of the template) comes after %s (field %d)",
			    sh->fields[ti].name, ti + 1,
			    s->fields[prevj].name, prevti + 1);
			reported = 1;
		}
		if (ti > prevti) {
			prevti = ti;
			prevj = (int)j;
		}
	}

	/* Missing fields, then each value in template order. */
	for (j = 0; j < nf; j++) {
		const struct ecat_field *f = &sh->fields[j];

		if (v->tmap[j] == NULL && (strcmp(f->name, "__binLength") == 0 ||
		    strcmp(f->name, "BinaryData") == 0) &&
		    S_tfield(sh, "__binLength") >= 0 &&
		    S_tfield(sh, "BinaryData") >= 0)
			continue;	/* no <Binary>: empty binary data */
		if (v->tmap[j] == NULL) {
			S_find(v, c, ECAT_MSG_SAMPLE_MISSING_FIELD, f->name, st,
			    nroot, "%s (%s, field %u of %u)", f->name[0] ?
			    f->name : "(unnamed)", f->intype_name != NULL ?
			    f->intype_name : "?", j + 1, nf);
			continue;
		}
		i = nroot;
		st[i].key = v->tname[j];
		st[i++].index = 0;
		if (v->tidx[j] & 0x80000000u) {
			st[i].key = NULL;
			st[i++].index = (v->tidx[j] >> 16) & 0x7fff;
		}
		S_checkfield(v, c, sh, f, v->tmap[j], st, i);
	}
}

/* ------------------------------------------------------------ message */

/*
 * The expected message is a pattern: literal text, case-insensitive
 * runs (hex, GUIDs, Booleans: renderers differ in case) and holes
 * that match any text (values whose rendering depends on the
 * consumer: maps, error-code texts, dates, addresses, arrays, floats,
 * parameter strings).  Markers inside the pattern buffer:
 */
#define P_ANY	'\001'
#define P_CI	'\002'
#define P_END	'\003'

struct mrender {
	struct vctx		*v;
	struct cand		*c;
	const struct ecat_shape	*sh;
	int			 unfilled;	/* an insert beyond the fields */
};

static void
S_pput(struct ecat_buf *out, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] != P_ANY && s[i] != P_CI && s[i] != P_END)
			ecat_buf_putc(out, s[i]);
}

static int
S_minsert(struct ecat_buf *out, const struct ecat_msgfmt *mf,
    const struct ecat_mftok *tok, void *arg)
{
	struct mrender			*r = arg;
	const struct ecat_field		*f;
	const struct ecat_svalue	*val;
	const char			*spec;
	struct vtype			 t;
	struct pv			 p;
	char				 num[40];

	if (tok->nstar > 0)
		goto any;
	if (tok->fmtlen > 0) {
		spec = mf->src + tok->fmtoff;
		if (!((tok->fmtlen == 1 && (*spec == 's' || *spec == 'S')) ||
		    (tok->fmtlen == 2 && (strncmp(spec, "ws", 2) == 0 ||
		    strncmp(spec, "ls", 2) == 0))))
			goto any;
	}
	if (r->sh == NULL || tok->n == 0 || tok->n > r->sh->nfields) {
		r->unfilled = 1;
		goto any;
	}
	f = &r->sh->fields[tok->n - 1];
	if ((val = r->v->tmap[tok->n - 1]) == NULL || f->map != NULL ||
	    (f->flags & (ECAT_FIELD_STRUCT | ECAT_FIELD_COUNT)) ||
	    f->count_ref != NULL || val->kind == ECAT_SV_ARRAY)
		goto any;
	t = S_vtype(f->intype, f->outtype != ECAT_OUT_NONE &&
	    ecat_outtype_valid(f->intype, f->outtype) ? f->outtype :
	    ecat_outtype_default(f->intype));
	if (r->c->lenient && f->outtype == ECAT_OUT_NONE &&
	    t.cls != VC_STRING && t.cls != VC_WSTRING && t.cls != VC_GUID &&
	    t.cls != VC_SID && t.cls != VC_BOOL)
		goto any;
	S_parse(val, t, 1, &p);
	if (p.res != PV_OK)
		goto any;
	switch (t.cls) {
	case VC_STRING:
	case VC_WSTRING:
	case VC_SID:
		if (val->kind != ECAT_SV_STRING || strstr(val->s, "%%") != NULL)
			goto any;
		S_pput(out, val->s, val->len);
		return 0;
	case VC_INT:
	case VC_PORT:
		if (!p.isint)
			goto any;
		snprintf(num, sizeof(num), "%s%" PRIu64, p.neg ? "-" : "", p.u);
		ecat_buf_puts(out, num);
		return 0;
	case VC_HEX:
		snprintf(num, sizeof(num), "%c0x%" PRIX64 "%c", P_CI, p.u,
		    P_END);
		ecat_buf_puts(out, num);
		return 0;
	case VC_GUID:
		if (val->s[0] != '{' && val->len != 36)
			goto any;
		ecat_buf_putc(out, P_ANY);	/* braces or not */
		ecat_buf_putc(out, P_CI);
		S_pput(out, val->s[0] == '{' ? val->s + 1 : val->s,
		    val->s[0] == '{' ? 36 : val->len);
		ecat_buf_putc(out, P_END);
		ecat_buf_putc(out, P_ANY);
		return 0;
	case VC_BOOL:
		if (val->kind == ECAT_SV_TRUE || val->kind == ECAT_SV_FALSE ||
		    val->kind == ECAT_SV_STRING) {
			ecat_buf_putc(out, P_CI);
			ecat_buf_puts(out, val->kind == ECAT_SV_TRUE ? "true" :
			    val->kind == ECAT_SV_FALSE ? "false" : val->s);
			ecat_buf_putc(out, P_END);
			return 0;
		}
		goto any;
	case VC_BINARY:
		/* Messages print binary as 0x and hex (seed 001, 1006). */
		ecat_buf_putc(out, P_ANY);
		ecat_buf_putc(out, P_CI);
		S_pput(out, val->s, val->len);
		ecat_buf_putc(out, P_END);
		return 0;
	default:
		goto any;
	}
any:
	ecat_buf_putc(out, P_ANY);
	return 0;
}

static int
S_mparam(struct ecat_buf *out, uint32_t id, void *arg)
{
	(void)id;
	(void)arg;
	ecat_buf_putc(out, P_ANY);
	return 0;
}

/*
 * Normalise for comparison (issue 3): line ends become LF, U+200E and
 * U+200F go, trailing white space goes.  Pattern markers pass.
 */
static void
S_mnorm(struct ecat_buf *b, const char *s, size_t n)
{
	size_t	 i;

	ecat_buf_reset(b);
	for (i = 0; i < n; i++) {
		if (s[i] == '\r') {
			ecat_buf_putc(b, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
			continue;
		}
		if ((unsigned char)s[i] == 0xe2 && i + 2 < n &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x8e ||
		    (unsigned char)s[i + 2] == 0x8f)) {
			i += 2;
			continue;
		}
		ecat_buf_putc(b, s[i]);
	}
	ecat_buf_put(b, "", 0);
	while (b->len > 0 && isspace((unsigned char)b->buf[b->len - 1]))
		b->buf[--b->len] = '\0';
}

/*
 * Match text against pattern (markers above); the classic wildcard
 * walk with one backtrack point per hole, linear in practice.
 * Returns 1 on a match; else 0 with *tfail, *pfail at the furthest
 * text position reached.
 */
static int
S_mmatch(const char *pat, const char *text, size_t *tfail, size_t *pfail)
{
	size_t	 p = 0, t = 0, sp = (size_t)-1, st = 0, best = 0, bestp = 0;
	int	 ci = 0, sci = 0;

	for (;;) {
		while (pat[p] == P_CI || pat[p] == P_END) {
			ci = pat[p] == P_CI;
			p++;
		}
		if (pat[p] == P_ANY) {
			sp = ++p;
			st = t;
			sci = ci;
			continue;
		}
		if (text[t] == '\0' && pat[p] == '\0')
			return 1;
		if (text[t] != '\0' && pat[p] != '\0' && (pat[p] == text[t] ||
		    (ci && tolower((unsigned char)pat[p]) ==
		    tolower((unsigned char)text[t])))) {
			p++;
			t++;
			if (t > best) {
				best = t;
				bestp = p;
			}
			continue;
		}
		if (sp == (size_t)-1 || text[st] == '\0') {
			*tfail = best;
			*pfail = bestp;
			return 0;
		}
		p = sp;
		t = ++st;
		ci = sci;
	}
}

/* Up to n bytes of s from off, markers shown as "…", for messages. */
static void
S_excerpt(struct ecat_buf *b, const char *s, size_t off, size_t n)
{
	size_t	 i;

	ecat_buf_putc(b, '"');
	for (i = off; s[i] != '\0' && i < off + n; i++) {
		if (s[i] == P_ANY)
			ecat_buf_puts(b, "...");
		else if (s[i] == '\n')
			ecat_buf_puts(b, "\\n");
		else if (s[i] != P_CI && s[i] != P_END)
			ecat_buf_putc(b, s[i]);
	}
	if (s[i] != '\0')
		ecat_buf_puts(b, "...");
	ecat_buf_putc(b, '"');
}

static void
S_message(struct vctx *v, struct cand *c)
{
	const struct ecat_svalue	*m = &v->s->message;
	const struct ecat_msgfmt	*mf;
	struct ecat_spath		 st[1] = { { "message", 0 } };
	struct ecat_buf			 pat, raw, text, ex;
	struct mrender			 r;
	void				**slot;
	size_t				 tf, pf;

	if (m->kind != ECAT_SV_STRING || m->len == 0 ||
	    c->ev->message == NULL || c->ev->message[0] == '\0')
		return;
	/* Each event's message is parsed once. */
	slot = S_hslot(&v->msgs, c->ev, 1);
	if (*slot == NULL)
		*slot = ecat_msgfmt_parses(c->ev->message);
	mf = *slot;

	r.v = v;
	r.c = c;
	r.sh = c->ev->tmpl != NULL && c->ev->tmpl->shape->verbatim == NULL ?
	    c->ev->tmpl->shape : NULL;
	r.unfilled = 0;
	ecat_buf_init(&raw);
	ecat_buf_init(&pat);
	ecat_buf_init(&text);
	ecat_msgfmt_render(mf, &raw, ECAT_MF_LF, S_minsert, S_mparam, &r);
	S_mnorm(&pat, raw.buf, raw.len);
	S_mnorm(&text, m->s, m->len);
	if (r.unfilled) {
		/* Reported once per event, not per sample (issue 3). */
		S_find(v, c, ECAT_MSG_SAMPLE_MESSAGE_INSERT, NULL, NULL, 0,
		    "%s event %u version %u: \"%s\" has %u field%s",
		    c->ps->name, c->ev->id, c->ev->version, c->ev->message,
		    r.sh != NULL ? r.sh->nfields : 0,
		    r.sh != NULL && r.sh->nfields == 1 ? "" : "s");
		v->finds[v->nfinds - 1].once = c->ev;
		c->nsev[ecat_msg_sev(ECAT_MSG_SAMPLE_MESSAGE_INSERT)]--;
	}
	if (!S_mmatch(pat.buf, text.buf, &tf, &pf)) {
		ecat_buf_init(&ex);
		ecat_buf_puts(&ex, "differs after ");
		S_excerpt(&ex, text.buf, tf > 30 ? tf - 30 : 0, tf > 30 ? 30 :
		    tf);
		ecat_buf_puts(&ex, ": the sample has ");
		S_excerpt(&ex, text.buf, tf, 40);
		ecat_buf_puts(&ex, ", the event's message ");
		S_excerpt(&ex, pat.buf, pf, 40);
		S_find(v, c, ECAT_MSG_SAMPLE_MESSAGE, NULL, st, 1, "%s",
		    ex.buf);
		ecat_buf_free(&ex);
	}
	ecat_buf_free(&raw);
	ecat_buf_free(&pat);
	ecat_buf_free(&text);
}

/* ----------------------------------------------------------- matching */

static int
S_rebuilt(const struct ecat_pschema *ps)
{
	/* As lint.c: a PerfView TDH rebuild names no PE file (§5.4). */
	return ps->format == ECAT_FMT_MANIFEST && ps->name != NULL &&
	    ps->resource_file != NULL && ps->message_file != NULL &&
	    strcmp(ps->resource_file, ps->name) == 0 &&
	    strcmp(ps->message_file, ps->name) == 0;
}

/* Check one candidate into the findings list. */
static void
S_check(struct vctx *v, struct cand *c)
{
	size_t	 i;

	c->fstart = c->fend = v->nfinds;
	c->rebuilt = S_rebuilt(c->ps);
	c->lenient = c->rebuilt || c->ps->format == ECAT_FMT_TSV_MANIFEST ||
	    c->ps->format == ECAT_FMT_TSV_MOF;
	for (i = 0; i < sizeof(hchecks) / sizeof(hchecks[0]); i++)
		hchecks[i].fn(v, c);
	S_fields(v, c);
	S_message(v, c);
	c->fend = v->nfinds;
}

static int
S_streq(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * Would candidates a and b give the same findings?  Only TSV exports
 * are compared: they have no definition tables, so their findings
 * follow from the event alone, and the 17 jdu2600 builds repeat most
 * events unchanged (best match would check each sample 17 times).
 * Returns 1 or 0.
 */
static int
S_samesig(const struct cand *a, const struct cand *b)
{
	const struct ecat_event	*x = a->ev, *y = b->ev;

	if ((a->ps->format != ECAT_FMT_TSV_MANIFEST &&
	    a->ps->format != ECAT_FMT_TSV_MOF) || a->ps->format !=
	    b->ps->format)
		return 0;
	return (x->tmpl != NULL ? x->tmpl->shape : NULL) ==
	    (y->tmpl != NULL ? y->tmpl->shape : NULL) &&
	    x->has == y->has && x->level == y->level &&
	    x->task == y->task && x->opcode == y->opcode &&
	    x->keywords == y->keywords && x->channel == y->channel &&
	    S_streq(x->level_name, y->level_name) &&
	    S_streq(x->task_name, y->task_name) &&
	    S_streq(x->opcode_name, y->opcode_name) &&
	    S_streq(x->keywords_names, y->keywords_names) &&
	    S_streq(x->channel_name, y->channel_name) &&
	    S_streq(x->symbol, y->symbol) &&
	    S_streq(x->message, y->message) &&
	    S_streq(a->ps->name, b->ps->name);
}

/* Is a better than b: fewer errors, then warnings, then notes? */
static int
S_better(const struct cand *a, const struct cand *b)
{
	int	 s;

	for (s = ECAT_SEV_SYSERR; s >= ECAT_SEV_NOTE; s--)
		if (a->nsev[s] != b->nsev[s])
			return a->nsev[s] < b->nsev[s];
	return 0;
}

static int
S_same(const struct cand *a, const struct cand *b)
{
	return memcmp(a->nsev, b->nsev, sizeof(a->nsev)) == 0;
}

/* Normalised GUID ("{lowercase}") of s into buf[39]; -1 if not one. */
static int
S_guidnorm(const char *s, char *buf)
{
	size_t	 n, i;
	unsigned q = 0;

	if (s == NULL)
		return -1;
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (S_guidtext(s, n, &q) == -1)
		return -1;
	if (*s == '{')
		s++;
	buf[0] = '{';
	for (i = 0; i < 36; i++)
		buf[i + 1] = (char)tolower((unsigned char)s[i]);
	buf[37] = '}';
	buf[38] = '\0';
	return 0;
}

static void
S_gput(struct vctx *v, const char *g, struct ecat_provider *p)
{
	size_t	 i, j, oc;

	if (g == NULL)
		return;
	if (v->gcap == 0) {
		v->gcap = 1024;
		v->gkeys = ecat_calloc(v->gcap, sizeof(*v->gkeys));
		v->gvals = ecat_calloc(v->gcap, sizeof(*v->gvals));
	}
	/* Interned: equal GUIDs are equal pointers; grow at half. */
	for (i = S_pmix(g) & (v->gcap - 1); v->gkeys[i] != NULL;
	    i = (i + 1) & (v->gcap - 1))
		if (v->gkeys[i] == g)
			return;
	v->gkeys[i] = g;
	v->gvals[i] = p;
	if (++v->gn * 2 > v->gcap) {
		const char		**ok = v->gkeys;
		struct ecat_provider	**ov = v->gvals;

		oc = v->gcap;
		v->gcap *= 2;
		v->gkeys = ecat_calloc(v->gcap, sizeof(*v->gkeys));
		v->gvals = ecat_calloc(v->gcap, sizeof(*v->gvals));
		for (j = 0; j < oc; j++) {
			if (ok[j] == NULL)
				continue;
			for (i = S_pmix(ok[j]) & (v->gcap - 1);
			    v->gkeys[i] != NULL; i = (i + 1) & (v->gcap - 1))
				continue;
			v->gkeys[i] = ok[j];
			v->gvals[i] = ov[j];
		}
		free(ok);
		free(ov);
	}
}

static struct ecat_provider *
S_gget(const struct vctx *v, const char *s)
{
	char		 buf[39];
	const char	*g;
	size_t		 i;

	if (v->gcap == 0 || S_guidnorm(s, buf) == -1 ||
	    (g = ecat_intern_find(v->cat->strings, buf, 38)) == NULL)
		return NULL;
	for (i = S_pmix(g) & (v->gcap - 1); v->gkeys[i] != NULL;
	    i = (i + 1) & (v->gcap - 1))
		if (v->gkeys[i] == g)
			return v->gvals[i];
	return NULL;
}

/* Write "N build(s): A, B, ..." naming the builds in seen order. */
static void
S_builds(struct vctx *v, struct ecat_buf *b, const struct ecat_provider *p,
    const struct ecat_evkey *k)
{
	const struct ecat_catalog *cat = v->cat;
	uint8_t		*seen;
	uint32_t	 i, j, n = 0;

	seen = ecat_calloc(cat->nbuilds + 1, 1);
	if (k != NULL) {
		for (i = 0; i < k->nocc; i++)
			if (k->occ[i].event != NULL)
				seen[k->occ[i].build->index] = 1;
	} else
		for (i = 0; p != NULL && i < p->nschemas; i++)
			seen[p->schemas[i]->build->index] = 1;
	for (i = 0; i < cat->nbuilds; i++)
		n += seen[i];
	ecat_buf_printf(b, "%u build%s", n, n == 1 ? "" : "s");
	for (i = 0, j = 0; i < cat->nbuilds; i++) {
		if (!seen[i])
			continue;
		j++;
		if (n > V_LIST_MAX && j > 3 && j < n - 1) {
			if (j == 4)
				ecat_buf_puts(b, ", ...");
			continue;
		}
		ecat_buf_printf(b, "%s%s", j == 1 ? ": " : ", ",
		    cat->builds[i]->id);
	}
	free(seen);
}

/* Does provider p have a schema in build b? */
static int
S_inbuild(const struct ecat_provider *p, const struct ecat_build *b)
{
	uint32_t	 i;

	for (i = 0; p != NULL && i < p->nschemas; i++)
		if (p->schemas[i]->build == b)
			return 1;
	return 0;
}

/* Best-match statistics of provider p. */
static struct bestacc *
S_best(struct vctx *v, const struct ecat_provider *p, const char *name)
{
	void	**slot;
	size_t	 n = v->cat->nbuilds;

	slot = S_hslot(&v->bestidx, p, 1);
	if (*slot != NULL)
		return &v->best[(uintptr_t)*slot - 1];
	if (v->nbest == v->bestcap) {
		v->bestcap = v->bestcap ? v->bestcap * 2 : 32;
		v->best = ecat_reallocarray(v->best, v->bestcap,
		    sizeof(*v->best));
	}
	memset(&v->best[v->nbest], 0, sizeof(v->best[0]));
	v->best[v->nbest].p = p;
	v->best[v->nbest].name = p != NULL ? p->name : name;
	v->best[v->nbest].out.provider = v->best[v->nbest].name;
	v->best[v->nbest].out.best = ecat_calloc(n + 1, sizeof(uint64_t));
	v->best[v->nbest].out.only = ecat_calloc(n + 1, sizeof(uint64_t));
	*slot = (void *)(uintptr_t)++v->nbest;
	return &v->best[v->nbest - 1];
}

/* ----------------------------------------------------------- reporting */

static void
S_emit(struct vctx *v, const struct vfind *f, const struct cand *c,
    const struct ecat_provider *p)
{
	const struct ecat_sample	*s = v->s;
	struct ecat_msgctx		 ctx;
	struct ecat_loc			 loc;
	void				**slot;

	if (!v->emit)
		return;
	if (f->once != NULL) {
		slot = S_hslot(&v->once, f->once, 1);
		if (*slot != NULL)
			return;
		*slot = (void *)1;
		loc = f->once->loc;
	} else if (f->nsteps > 0)
		ecat_sample_locate(s, f->steps, f->nsteps, &loc);
	else
		loc = s->loc;
	ctx.build = c != NULL ? c->build->id : s->build->id;
	ctx.provider = p != NULL ? p->name : s->provider;
	ctx.event_id = s->event_id;
	ctx.version = s->version;
	ctx.field = f->field;
	if (f->once != NULL) {
		ctx.event_id = f->once->id;
		ctx.version = f->once->version;
	}
	ecat_msgx(v->cat->diag, f->m, &loc, &ctx, "%s", v->text.buf + f->text);
}

/*
 * Keep s as its key's example when it beats the current one: fewer
 * errors, then warnings, then notes (a clean one first of all).
 */
static void
S_example(struct vctx *v, const struct ecat_provider *p, const struct cand *c,
    size_t fstart, size_t fend, const uint32_t *nsev)
{
	struct ecat_catalog	*cat = v->cat;
	const struct ecat_sample *s = v->s;
	struct ecat_evkey	*k;
	struct ecat_example	*ex;
	struct ecat_finding	*fd;
	const struct ecat_example *old;
	char			*json;
	size_t			 i, n = 0;
	int			 sv;

	if (p == NULL || (k = ecat_evkey_find(p, s->event_id, s->version)) ==
	    NULL)
		return;
	if ((old = k->example) != NULL) {
		uint32_t	 on[ECAT_SEV__MAX] = { 0 };

		for (i = 0; i < old->nfindings; i++)
			for (sv = 0; sv < ECAT_SEV__MAX; sv++)
				if (strcmp(old->findings[i].severity,
				    ecat_sev_name((enum ecat_sev)sv)) == 0) {
					on[sv]++;
					break;
				}
		for (sv = ECAT_SEV_SYSERR; sv >= ECAT_SEV_NOTE; sv--)
			if (nsev[sv] != on[sv])
				break;
		if (sv < ECAT_SEV_NOTE || nsev[sv] > on[sv])
			return;
	}
	if ((json = ecat_sample_json(s)) == NULL)
		return;
	ex = ecat_alloc(cat, sizeof(*ex));
	ex->json = ecat_str(cat, json);
	free(json);
	ex->loc = s->loc;
	ex->build = c != NULL ? c->build : s->build;
	if (s->channel.kind == ECAT_SV_STRING)
		ex->channel = ecat_str(cat, s->channel.s);
	for (i = fstart; i < fend; i++)
		n += v->finds[i].once == NULL;
	fd = ECAT_NEWARRAY(cat, struct ecat_finding, n + 1);
	for (i = fstart, n = 0; i < fend; i++) {
		const struct vfind *f = &v->finds[i];

		if (f->once != NULL)
			continue;
		fd[n].id = ecat_msg_id(f->m);
		fd[n].severity = ecat_sev_name(ecat_msg_sev(f->m));
		fd[n].field = ecat_str(cat, f->field);
		fd[n].text = ecat_str(cat, v->text.buf + f->text);
		n++;
	}
	ex->nfindings = (uint32_t)n;
	ex->findings = fd;
	k->example = ex;
}

/* ------------------------------------------------------------- samples */

/*
 * Record a deferred sample as observed (ecat_observe) and keep the
 * finished catalog's order (model.h: providers by name, keys by (id,
 * version), occurrences by build, then kind, as ecat_catalog_finish()
 * sorts them) by moving what observing appended into place, instead
 * of sorting the whole catalog again: the 17 TSV builds have a
 * million occurrences.
 */
static void
S_observe(struct vctx *v, const struct ecat_sample *s)
{
	struct ecat_catalog	*cat = v->cat;
	struct ecat_provider	*p, *tp;
	struct ecat_evkey	*k, *tk;
	struct ecat_occ		 to;
	uint32_t		 np = cat->nproviders, nk = 0, no = 0, i;

	if ((p = ecat_provider_find(cat, s->provider)) != NULL) {
		nk = p->nkeys;
		if ((k = ecat_evkey_find(p, s->event_id, s->version)) != NULL)
			no = k->nocc;
	}
	ecat_observe(cat, s->provider, s->guid, s->build, s->event_id,
	    s->version);
	p = ecat_provider_find(cat, s->provider);
	k = ecat_evkey_find(p, s->event_id, s->version);
	if (cat->nproviders > np) {
		tp = cat->providers[cat->nproviders - 1];
		for (i = cat->nproviders - 1; i > 0 &&
		    strcmp(cat->providers[i - 1]->name, tp->name) > 0; i--)
			cat->providers[i] = cat->providers[i - 1];
		cat->providers[i] = tp;
	}
	if (p->nkeys > nk) {
		tk = p->keys[p->nkeys - 1];
		for (i = p->nkeys - 1; i > 0 && (p->keys[i - 1]->id > tk->id ||
		    (p->keys[i - 1]->id == tk->id &&
		    p->keys[i - 1]->version > tk->version)); i--)
			p->keys[i] = p->keys[i - 1];
		p->keys[i] = tk;
	}
	if (k->nocc > no) {
		to = k->occ[k->nocc - 1];
		for (i = k->nocc - 1; i > 0 &&
		    (k->occ[i - 1].build->index > to.build->index ||
		    (k->occ[i - 1].build->index == to.build->index &&
		    k->occ[i - 1].kind > to.kind)); i--)
			k->occ[i] = k->occ[i - 1];
		k->occ[i] = to;
	}
}

/* Candidate a replaces the kept b: better, or as good in a later build
   (within one build the first source, a manifest, stays). */
static int
S_replaces(const struct cand *a, const struct cand *b)
{
	return S_better(a, b) || (S_same(a, b) && a->build != b->build);
}

/*
 * The sample matched nothing: say which of provider, event id or
 * version is missing, in its build (naming the builds that have it)
 * or, in best-match mode, in every build.
 */
static void
S_unknown(struct vctx *v, const struct ecat_provider *p,
    const struct ecat_evkey *k, int bestmode, struct ecat_buf *b)
{
	const struct ecat_sample	*s = v->s;
	const struct ecat_evkey		*o;
	struct ecat_buf			 vers;
	enum ecat_msg			 m;
	uint32_t			 i, j, nv = 0;
	int				 inkey = 0, any;

	for (i = 0; k != NULL && i < k->nocc; i++)
		inkey |= k->occ[i].event != NULL;
	ecat_buf_reset(b);
	if (p == NULL || p->nschemas == 0) {
		m = ECAT_MSG_SAMPLE_UNKNOWN_PROVIDER;
		ecat_buf_printf(b, "%s: no loaded build has a schema of this "
		    "provider", s->provider);
		goto out;
	}
	if (!bestmode && !S_inbuild(p, s->build)) {
		m = ECAT_MSG_SAMPLE_UNKNOWN_PROVIDER;
		ecat_buf_printf(b, "%s has no schema in build %s; ", p->name,
		    s->build->id);
		S_builds(v, b, p, NULL);
		ecat_buf_puts(b, " have one");
		goto out;
	}
	ecat_buf_printf(b, "%s event %u version %u is not %s %s", p->name,
	    s->event_id, s->version, bestmode ? "defined in" : "in build",
	    bestmode ? "any loaded build" : s->build->id);
	/* The versions of the id the build(s) define, if any. */
	ecat_buf_init(&vers);
	for (i = 0; i < 256; i++) {
		if (i == s->version || (o = ecat_evkey_find(p, s->event_id,
		    (uint16_t)i)) == NULL)
			continue;
		for (j = 0, any = 0; j < o->nocc; j++)
			any |= o->occ[j].event != NULL &&
			    (bestmode || o->occ[j].build == s->build);
		if (any)
			ecat_buf_printf(&vers, "%s%u", nv++ ? ", " : "", i);
	}
	if (nv > 0)
		ecat_buf_printf(b, bestmode ? " (they define version%s %s)" :
		    ", which defines version%s %s", nv > 1 ? "s" : "",
		    vers.buf);
	ecat_buf_free(&vers);
	m = nv > 0 ? ECAT_MSG_SAMPLE_UNKNOWN_VERSION :
	    ECAT_MSG_SAMPLE_UNKNOWN_EVENT;
	if (!bestmode) {
		if (inkey) {
			ecat_buf_puts(b, "; defined in ");
			S_builds(v, b, p, k);
		} else
			ecat_buf_puts(b, "; no loaded build defines it");
	}
out:
	S_find(v, NULL, m, NULL, NULL, 0, "%s", b->buf);
}

static void
S_sample(const struct ecat_sample *s, void *arg)
{
	struct vctx		*v = arg;
	struct ecat_vrun	*run = v->run;
	struct ecat_provider	*p, *op;
	const struct ecat_evkey	*k;
	struct cand		*c, *bestc = NULL;
	struct bestacc		*ba = NULL;
	struct ecat_buf		 b;
	struct ecat_spath	 st[2] = { { "system", 0 }, { NULL, 0 } };
	struct pv		 pp;
	uint32_t		 i, nsev[ECAT_SEV__MAX] = { 0 };
	size_t			 j, common, n;
	unsigned		 q = 0;
	int			 bestmode;

	run->nsamples++;
	v->file.nsamples++;
	if (s->malformed) {
		run->nmalformed++;
		v->file.nmalformed++;
		return;
	}
	v->s = s;
	v->nfinds = 0;
	v->ncands = 0;
	ecat_buf_reset(&v->text);

	/* A deferred sample is observed first: observing may move a
	   key's occurrences, so no pointer into them is held yet. */
	if (!v->loaded)
		S_observe(v, s);
	op = ecat_provider_find(v->cat, s->provider);

	/* Header quirks that do not depend on the schema. */
	if (s->sys_guid.kind == ECAT_SV_STRING &&
	    S_guidtext(s->sys_guid.s, s->sys_guid.len, &q) == 0 && q != 0) {
		st[1].key = "guid";
		S_quirks(v, NULL, q, NULL, st, 2, &s->sys_guid);
	}
	memset(&pp, 0, sizeof(pp));
	if (S_anyint(&s->sys_event_id, 0, &pp) == PV_OK &&
	    (pp.q & (1u << Q_PADDED))) {
		st[1].key = "event_id";
		S_quirks(v, NULL, 1u << Q_PADDED, NULL, st, 2,
		    &s->sys_event_id);
	}
	memset(&pp, 0, sizeof(pp));
	if (s->sys_version.kind == ECAT_SV_STRING &&
	    S_anyint(&s->sys_version, 0, &pp) == PV_OK &&
	    (pp.q & (1u << Q_PADDED))) {
		st[1].key = "version";
		S_quirks(v, NULL, 1u << Q_PADDED, NULL, st, 2,
		    &s->sys_version);
	}
	common = v->nfinds;
	for (j = 0; j < common; j++)
		nsev[ecat_msg_sev(v->finds[j].m)]++;

	/* The provider by name, else by GUID, among those with schemas. */
	p = op;
	if ((p == NULL || p->nschemas == 0) && s->guid != NULL &&
	    (p = S_gget(v, s->guid)) == NULL)
		p = op;
	bestmode = !v->hasschemas[s->build->index];
	k = p != NULL ? ecat_evkey_find(p, s->event_id, s->version) : NULL;

	/* Candidates: the key's schemas in the build, or in any build. */
	for (i = 0; k != NULL && i < k->nocc; i++) {
		const struct ecat_occ *o = &k->occ[i];

		if (o->event == NULL || (!bestmode && o->build != s->build))
			continue;
		if (v->ncands == v->candcap) {
			v->candcap = v->candcap ? v->candcap * 2 : 8;
			v->cands = ecat_reallocarray(v->cands, v->candcap,
			    sizeof(*v->cands));
		}
		c = &v->cands[v->ncands++];
		memset(c, 0, sizeof(*c));
		c->ev = o->event;
		c->ps = o->event->schema;
		c->build = o->build;
	}
	if (bestmode && (p != NULL || op != NULL)) {
		run->nbestmode++;
		ba = S_best(v, p != NULL ? p : op, s->provider);
		ba->out.nsamples++;
	}

	if (v->ncands == 0) {
		run->nunmatched++;
		ecat_buf_init(&b);
		S_unknown(v, p, k, bestmode, &b);
		ecat_buf_free(&b);
		for (j = 0; j < v->nfinds; j++)
			S_emit(v, &v->finds[j], NULL, p);
		nsev[ecat_msg_sev(v->finds[v->nfinds - 1].m)]++;
		S_example(v, op, NULL, 0, v->nfinds, nsev);
		return;
	}

	/* Check every candidate (once per distinct one); keep the best. */
	for (i = 0; i < v->ncands; i++) {
		c = &v->cands[i];
		for (j = i; j > 0; j--)
			if (S_samesig(c, &v->cands[j - 1]))
				break;
		if (j > 0) {
			c->fstart = v->cands[j - 1].fstart;
			c->fend = v->cands[j - 1].fend;
			memcpy(c->nsev, v->cands[j - 1].nsev, sizeof(c->nsev));
			c->lenient = v->cands[j - 1].lenient;
			c->rebuilt = v->cands[j - 1].rebuilt;
		} else
			S_check(v, c);
		if (bestc == NULL || S_replaces(&v->cands[i], bestc))
			bestc = &v->cands[i];
	}
	run->nmatched++;
	v->file.nmatched++;
	if (ba != NULL) {
		uint32_t	 nties = 0;
		int		 dup;

		ba->out.nmatched++;
		for (i = 0; i < v->ncands; i++) {
			if (!S_same(&v->cands[i], bestc))
				continue;
			/* Each build once, though two sources tie. */
			for (j = 0, dup = 0; j < i; j++)
				dup |= S_same(&v->cands[j], bestc) &&
				    v->cands[j].build == v->cands[i].build;
			if (!dup) {
				ba->out.best[v->cands[i].build->index]++;
				nties++;
			}
		}
		if (nties == 1)
			ba->out.only[bestc->build->index]++;
	}
	for (j = 0; j < common; j++)
		S_emit(v, &v->finds[j], bestc, p);
	for (j = bestc->fstart; j < bestc->fend; j++)
		S_emit(v, &v->finds[j], bestc, p);
	for (i = 0; i < ECAT_SEV__MAX; i++)
		nsev[i] += bestc->nsev[i];
	if (nsev[ECAT_SEV_ERROR] == 0 && nsev[ECAT_SEV_WARNING] == 0 &&
	    nsev[ECAT_SEV_SYSERR] == 0) {
		run->nclean++;
		v->file.nclean++;
	}
	/* The example keeps the common findings and the kept candidate's:
	   move those next to the common ones. */
	n = bestc->fend - bestc->fstart;
	if (bestc->fstart != common)
		memmove(&v->finds[common], &v->finds[bestc->fstart],
		    n * sizeof(*v->finds));
	S_example(v, op, bestc, 0, common + n, nsev);
}

/* ---------------------------------------------------------- message fill */

struct mfill {
	const char *const	*values;
	uint32_t		 n;
};

static int
S_fillinsert(struct ecat_buf *out, const struct ecat_msgfmt *mf,
    const struct ecat_mftok *tok, void *arg)
{
	const struct mfill	*f = arg;

	(void)mf;
	/* '*' widths take insert numbers of their own: as written. */
	if (tok->nstar > 0 || tok->n == 0 || tok->n > f->n ||
	    f->values[tok->n - 1] == NULL)
		return -1;
	ecat_buf_puts(out, f->values[tok->n - 1]);
	return 0;
}

void
ecat_message_fill(struct ecat_buf *out, const char *message,
    const char *const *values, uint32_t nvalues, int lf)
{
	struct ecat_msgfmt	*mf;
	struct mfill		 f;

	f.values = values;
	f.n = nvalues;
	mf = ecat_msgfmt_parses(message);
	ecat_msgfmt_render(mf, out, lf ? ECAT_MF_LF : 0, S_fillinsert, NULL,
	    &f);
	ecat_msgfmt_free(mf);
}

/* ---------------------------------------------------------------- help */

/* Long help per check (SARIF rules' help text; etwcat.1 says the same). */
static const struct {
	const char	*id;
	const char	*help;
} helps[] = {
	{ "sample-malformed", "The line or array element is not JSON, or "
	  "is not an event: it has no system object, no provider name, or "
	  "a missing or out-of-range event id (0-65535) or version (0-255)." },
	{ "sample-unknown-provider", "No schema of the sample's provider "
	  "(matched by name, else by GUID) in the build it is checked "
	  "against: its own build folder or --build, or any build when that "
	  "build has no schemas. The builds that have one are named." },
	{ "sample-unknown-event", "The build defines the provider but not "
	  "the sample's event id. The builds that define it are named." },
	{ "sample-unknown-version", "The build defines the event id but not "
	  "the sample's version; the versions it defines are named." },
	{ "sample-missing-field", "A field of the event's template is not "
	  "in the sample's event_data (or user_data root element)." },
	{ "sample-unexpected-field", "A member of the sample's event_data is "
	  "not a field of the template (or differs only in case, or is "
	  "given twice)." },
	{ "sample-field-order", "The sample's fields are not in the "
	  "template's order; positional consumers (message inserts %N, "
	  "TDH property indexes) would read the wrong values." },
	{ "sample-bad-value", "The value does not parse as its field's "
	  "inType and outType: integers of each width, hex, Boolean, GUID, "
	  "hex bytes, SID, ISO 8601 time, IPv4, IPv6, socket address, port. "
	  "Where the schema gives no outType (TSV exports, TDH rebuilds) any "
	  "rendering valid for the inType is accepted." },
	{ "sample-out-of-range", "The value parses but does not fit its "
	  "type: a negative unsigned number, more bits than the width, a "
	  "year outside FILETIME's range, a SID with more than 15 "
	  "sub-authorities." },
	{ "sample-bad-length", "A Binary value's byte count differs from "
	  "its length, or a fixed-length string is longer than its length; "
	  "the length is a literal or the value of the field it names." },
	{ "sample-bad-count", "An array's element count differs from its "
	  "count (a literal or the value of the field it names), or a "
	  "field that holds one value has several." },
	{ "sample-unmapped-value", "A mapped field's number is not an entry "
	  "of its valueMap, or has bits outside its bitMap (or its text is "
	  "no entry's)." },
	{ "sample-header-mismatch", "The sample's level, task, opcode, "
	  "keywords (channel bits 56-63 masked) or channel disagree with the "
	  "event's declaration; only numbers the schema gives are compared." },
	{ "sample-message-mismatch", "The sample's rendered message is not "
	  "the event's message with the sample's values filled in (line "
	  "ends and U+200E/U+200F normalised; values whose rendering "
	  "depends on the consumer match any text)." },
	{ "sample-message-insert", "The event's message uses an insert "
	  "beyond its template's fields; reported once per event." },
	{ "sample-noncanonical-value", "A value was accepted in a form "
	  "other than Windows renders: padded numbers, GUIDs without braces, "
	  "hex without 0x or zero-padded, names for numbers, prefixed field "
	  "names, unnamed fields matched by position." },
	{ "sample-no-version", "The sample has no system.version member; it "
	  "is counted as version 0." },
};

const char *
ecat_validate_help(const char *id)
{
	size_t	 i;

	for (i = 0; id != NULL && i < sizeof(helps) / sizeof(helps[0]); i++)
		if (strcmp(helps[i].id, id) == 0)
			return helps[i].help;
	return NULL;
}

/* --------------------------------------------------------------- run */

static int
S_bestcmp(const void *a, const void *b)
{
	return strcasecmp(((const struct ecat_vbest *)a)->provider,
	    ((const struct ecat_vbest *)b)->provider);
}

int
ecat_validate(struct ecat_catalog *cat, struct ecat_vrun *run)
{
	const struct ecat_samplefile	*sf;
	struct ecat_vrun		 dummy;
	struct vctx			 v;
	uint32_t			 i, j;
	int				 rc = 0;

	memset(&v, 0, sizeof(v));
	v.emit = run != NULL;
	if (run == NULL) {
		memset(&dummy, 0, sizeof(dummy));
		run = &dummy;
	}
	v.cat = cat;
	v.run = run;
	ecat_buf_init(&v.text);
	if (!cat->finished)
		ecat_catalog_finish(cat);

	/* Which builds have schemas; GUIDs of providers with schemas. */
	v.hasschemas = ecat_calloc(cat->nbuilds + 1, 1);
	for (i = 0; i < cat->nproviders; i++) {
		struct ecat_provider *p = cat->providers[i];

		for (j = 0; j < p->nschemas; j++) {
			v.hasschemas[p->schemas[j]->build->index] = 1;
			S_gput(&v, p->schemas[j]->guid, p);
		}
	}

	for (sf = ecat_samplefiles(cat); sf != NULL; sf = sf->next) {
		memset(&v.file, 0, sizeof(v.file));
		v.file.path = ecat_file(cat, strcmp(sf->path, "-") == 0 ?
		    "<stdin>" : sf->path);
		v.file.build = sf->build;
		v.loaded = sf->loaded;
		if (run->file_begin != NULL)
			run->file_begin(&v.file, run->arg);
		if (ecat_samples_read(cat, sf->build, sf->path,
		    sf->loaded ? ECAT_SR_QUIET : 0, S_sample, &v,
		    &run->nbytes) == -1) {
			v.file.unreadable = 1;
			rc = -1;
		}
		run->nfiles++;
		if (run->file_done != NULL)
			run->file_done(&v.file, run->arg);
	}

	run->nbest = (uint32_t)v.nbest;
	run->best = ecat_reallocarray(NULL, v.nbest + 1, sizeof(*run->best));
	for (i = 0; i < v.nbest; i++)
		run->best[i] = v.best[i].out;
	qsort(run->best, run->nbest, sizeof(*run->best), S_bestcmp);
	if (run == &dummy)
		ecat_vrun_free(&dummy);

	for (i = 0; i < v.msgs.cap; i++)
		if (v.msgs.k[i] != NULL)
			ecat_msgfmt_free(v.msgs.v[i]);
	S_hfree(&v.msgs);
	S_hfree(&v.once);
	S_hfree(&v.bestidx);
	free(v.best);
	free(v.hasschemas);
	free(v.gkeys);
	free(v.gvals);
	free(v.finds);
	free(v.cands);
	free(v.tmap);
	free(v.tname);
	free(v.tidx);
	ecat_buf_free(&v.text);
	return rc;
}

void
ecat_validate_defer(struct ecat_catalog *cat)
{
	ecat_samples_defer(cat, 1);
}

void
ecat_vrun_free(struct ecat_vrun *run)
{
	uint32_t	 i;

	for (i = 0; i < run->nbest; i++) {
		free(run->best[i].best);
		free(run->best[i].only);
	}
	free(run->best);
	run->best = NULL;
	run->nbest = 0;
}
