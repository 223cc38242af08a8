/*
 * check_values.c: the validator's TDH value parsers (validator/values.c)
 * one value at a time: for each class of (inType, outType) pair, the
 * boundaries of its range, the forms it accepts with and without a
 * quirk, and the forms it rejects, with what the parser says about
 * each.  The values are built as the sample reader builds them from
 * JSON (catalog/sample.c): a string, a number with its text, true,
 * false, null.
 *
 * The expectations are what the parsers return today, including a
 * few answers that look wrong (marked "today:"); a change of parser
 * behaviour shows up here first.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sample.h"
#include "testutil.h"
#include "values.h"

#define Q(x)	(1u << ECAT_Q_##x)
#define OK	ECAT_PV_OK
#define BAD	ECAT_PV_BAD
#define RANGE	ECAT_PV_RANGE

/* Value kinds, short. */
#define S	ECAT_SV_STRING
#define I	ECAT_SV_INT
#define R	ECAT_SV_REAL
#define T	ECAT_SV_TRUE
#define F	ECAT_SV_FALSE
#define N	ECAT_SV_NULL
#define A	ECAT_SV_ARRAY

/* A value as catalog/sample.c makes it of a JSON member. */
static struct ecat_svalue
S_sv(int kind, const char *text)
{
	struct ecat_svalue	 v;
	char			*end;

	memset(&v, 0, sizeof(v));
	v.kind = (uint8_t)kind;
	switch (kind) {
	case ECAT_SV_STRING:
	case ECAT_SV_INT:
	case ECAT_SV_REAL:
		v.s = text;
		v.len = strlen(text);
		if (kind != ECAT_SV_STRING)
			v.d = strtod(text, NULL);
		if (kind == ECAT_SV_INT) {
			errno = 0;
			v.i = strtoll(text, &end, 10);
			v.big = errno == ERANGE || *end != '\0';
		}
		break;
	case ECAT_SV_TRUE:
		v.s = "true";
		v.len = 4;
		break;
	case ECAT_SV_FALSE:
		v.s = "false";
		v.len = 5;
		break;
	default:
		break;
	}
	return v;
}

/* The type the checks use: an absent outType is the inType's default. */
static struct ecat_vtype
S_type(enum ecat_intype in, enum ecat_outtype out)
{
	return ecat_vtype_of(in, out == ECAT_OUT_NONE ?
	    ecat_outtype_default(in) : out);
}

/*
 * One case: parse text (of kind) as (in, out); expect res, exactly the
 * quirks q, a reason starting with why (NULL: none), and, where chk
 * says so, the integer ('u': u and neg) or the size ('n': units).
 */
struct vcase {
	enum ecat_intype	 in;
	enum ecat_outtype	 out;
	int			 kind;
	const char		*text;
	int			 res;
	unsigned		 q;
	const char		*why;
	int			 chk;
	uint64_t		 u;
	int			 neg;
};

#define C(in, out, kind, text, res, q, why) \
	{ ECAT_IN_##in, ECAT_OUT_##out, kind, text, res, q, why, 0, 0, 0 }
#define CU(in, out, kind, text, q, u, neg) \
	{ ECAT_IN_##in, ECAT_OUT_##out, kind, text, OK, q, NULL, 'u', u, neg }
#define CN(in, out, kind, text, q, n) \
	{ ECAT_IN_##in, ECAT_OUT_##out, kind, text, OK, q, NULL, 'n', n, 0 }

static const char *
S_name(const char *name)
{
	return name != NULL ? name : "none";
}

static void
S_cases(const struct vcase *c, size_t n, int textok)
{
	struct ecat_svalue	 v;
	struct ecat_pv		 p;
	size_t			 i;

	for (i = 0; i < n; i++, c++) {
		v = S_sv(c->kind, c->text);
		ecat_value_parse(&v, S_type(c->in, c->out), textok, &p);
		ck_assert_msg(p.res == c->res, "case %zu (\"%s\" as %s/%s): "
		    "res %d, expected %d (%s)", i, c->text,
		    S_name(ecat_intype_name(c->in)),
		    S_name(ecat_outtype_name(c->out)), p.res, c->res, p.why);
		ck_assert_msg(p.q == c->q, "case %zu (\"%s\"): quirks 0x%x, "
		    "expected 0x%x", i, c->text, p.q, c->q);
		if (c->why == NULL)
			ck_assert_msg(p.why[0] == '\0', "case %zu (\"%s\"): "
			    "reason \"%s\"", i, c->text, p.why);
		else
			ck_assert_msg(strncmp(p.why, c->why, strlen(c->why)) ==
			    0, "case %zu (\"%s\"): reason \"%s\", expected "
			    "\"%s\"", i, c->text, p.why, c->why);
		if (c->chk == 'u') {
			ck_assert_msg(p.isint && p.u == c->u && p.neg == c->neg,
			    "case %zu (\"%s\"): isint %d u %llu neg %d", i,
			    c->text, p.isint, (unsigned long long)p.u, p.neg);
		}
		if (c->chk == 'n')
			ck_assert_msg(p.units == c->u, "case %zu (\"%s\"): "
			    "units %zu, expected %llu", i, c->text, p.units,
			    (unsigned long long)c->u);
	}
}

#define CASES(t, textok)	S_cases(t, sizeof(t) / sizeof(t[0]), textok)

/* ------------------------------------------------------------ integers */

/* Decimal integers of each width and sign, at and past each end. */
START_TEST(test_integers)
{
	static const struct vcase t[] = {
		CU(UINT8, NONE, S, "0", 0, 0, 0),
		CU(UINT8, NONE, S, "255", 0, 255, 0),
		C(UINT8, NONE, S, "256", RANGE, 0,
		    "more than 255, the largest 8-bit value"),
		C(UINT8, NONE, S, "-1", RANGE, 0,
		    "negative, and the type is unsigned"),
		CU(UINT8, NONE, S, "-0", 0, 0, 1),
		CU(INT8, NONE, S, "-128", 0, 128, 1),
		CU(INT8, NONE, S, "127", 0, 127, 0),
		C(INT8, NONE, S, "128", RANGE, 0,
		    "outside -128 to 127, the 8-bit signed range"),
		C(INT8, NONE, S, "-129", RANGE, 0,
		    "outside -128 to 127, the 8-bit signed range"),
		CU(UINT16, NONE, S, "65535", 0, 65535, 0),
		C(UINT16, NONE, S, "65536", RANGE, 0,
		    "more than 65535, the largest 16-bit value"),
		CU(INT16, NONE, S, "-32768", 0, 32768, 1),
		C(INT16, NONE, S, "32768", RANGE, 0,
		    "outside -32768 to 32767"),
		CU(UINT32, NONE, S, "4294967295", 0, 4294967295u, 0),
		C(UINT32, NONE, S, "4294967296", RANGE, 0,
		    "more than 4294967295, the largest 32-bit value"),
		CU(INT32, NONE, S, "-2147483648", 0, 2147483648u, 1),
		CU(INT32, NONE, S, "2147483647", 0, 2147483647, 0),
		C(INT32, NONE, S, "2147483648", RANGE, 0,
		    "outside -2147483648 to 2147483647"),
		CU(INT64, NONE, S, "9223372036854775807", 0,
		    9223372036854775807ULL, 0),
		CU(INT64, NONE, S, "-9223372036854775808", 0,
		    9223372036854775808ULL, 1),
		C(INT64, NONE, S, "9223372036854775808", RANGE, 0,
		    "outside -9223372036854775808 to 9223372036854775807, "
		    "the 64-bit signed range"),
		C(INT64, NONE, S, "-9223372036854775809", RANGE, 0,
		    "outside -9223372036854775808"),
		CU(UINT64, NONE, S, "18446744073709551615", 0, UINT64_MAX, 0),
		C(UINT64, NONE, S, "18446744073709551616", RANGE, 0,
		    "does not fit 64 bits"),
		/* JSON numbers; one past int64_t keeps its text. */
		CU(UINT64, NONE, I, "18446744073709551615", 0, UINT64_MAX, 0),
		CU(UINT32, NONE, I, "7", 0, 7, 0),
		C(UINT32, NONE, I, "-7", RANGE, 0, "negative"),
		CU(UINT32, NONE, R, "3.0", Q(REAL_INT), 3, 0),
		CU(INT32, NONE, R, "-3e2", Q(REAL_INT), 300, 1),
		C(UINT32, NONE, R, "3.5", BAD, 0, "not a whole number"),
		/* A whole real past 2^64 is too big, not "not whole". */
		C(UINT64, NONE, R, "2e19", RANGE, 0, "does not fit 64 bits"),
		CU(UINT64, NONE, R, "1.8446744073709550e19", Q(REAL_INT),
		    18446744073709549568ULL, 0),
		C(UINT64, NONE, R, "1.8446744073709552e19", RANGE, 0,
		    "does not fit 64 bits"),
		C(UINT32, NONE, R, "1e10", RANGE, Q(REAL_INT),
		    "more than 4294967295"),
		/* Accepted with a quirk. */
		CU(UINT32, NONE, S, " 7\t", Q(PADDED), 7, 0),
		CU(UINT32, NONE, S, "0x1F", Q(HEX_FOR_DEC), 31, 0),
		CU(UINT32, NONE, S, "0X1f", Q(HEX_FOR_DEC), 31, 0),
		/* Hex of a signed type is its two's complement. */
		CU(INT8, NONE, S, "0xFF", Q(HEX_FOR_DEC), 255, 0),
		CU(INT32, NONE, S, "0x80070005", Q(HEX_FOR_DEC), 0x80070005u,
		    0),
		C(INT8, NONE, S, "0x100", RANGE, Q(HEX_FOR_DEC),
		    "more than 255"),
		/* Rejected. */
		C(UINT32, NONE, S, "", BAD, 0,
		    "empty, where a number is expected"),
		C(UINT32, NONE, S, "  ", BAD, Q(PADDED), "empty"),
		C(UINT32, NONE, S, "-", BAD, 0, "not a number"),
		C(UINT32, NONE, S, "0x", BAD, 0, "not a decimal number"),
		C(UINT32, NONE, S, "1.5", BAD, 0, "not a decimal number"),
		C(UINT32, NONE, S, "12abc", BAD, 0, "not a decimal number"),
		C(UINT32, NONE, S, "0x1G", BAD, 0, "not a hex number"),
		C(UINT32, NONE, S, "-0x5", BAD, 0, "a negative hex number"),
		C(UINT32, NONE, S, "1 2", BAD, 0, "not a decimal number"),
		C(UINT32, NONE, T, "", BAD, 0, "not a number"),
		C(UINT32, NONE, A, "", BAD, 0, "not a number"),
		C(UINT32, NONE, N, "", BAD, 0,
		    "null, where the type needs a value"),
	};

	CASES(t, 0);
}
END_TEST

/*
 * Every integer inType at each end of its width, as a string and as a
 * JSON number: the largest value passes, one more is out of range, a
 * negative is out of range for an unsigned type.  Then the same values
 * under every outType valid for the inType, since the validator tries
 * each of them when the schema gives none (validator/check_fields.c):
 * none may accept what the width cannot hold.
 */
START_TEST(test_widths)
{
	static const struct {
		enum ecat_intype	 in;
		const char		*max, *over, *min, *under;
		const char		*hmax, *hover;	/* hex text */
	} w[] = {
		{ ECAT_IN_INT8, "127", "128", "-128", "-129", NULL, NULL },
		{ ECAT_IN_UINT8, "255", "256", "0", "-1", NULL, NULL },
		{ ECAT_IN_INT16, "32767", "32768", "-32768", "-32769", NULL,
		  NULL },
		{ ECAT_IN_UINT16, "65535", "65536", "0", "-1", NULL, NULL },
		{ ECAT_IN_INT32, "2147483647", "2147483648", "-2147483648",
		  "-2147483649", NULL, NULL },
		{ ECAT_IN_UINT32, "4294967295", "4294967296", "0", "-1", NULL,
		  NULL },
		{ ECAT_IN_INT64, "9223372036854775807", "9223372036854775808",
		  "-9223372036854775808", "-9223372036854775809", NULL, NULL },
		{ ECAT_IN_UINT64, "18446744073709551615",
		  "18446744073709551616", "0", "-1", NULL, NULL },
		{ ECAT_IN_HEXINT32, "4294967295", "4294967296", "0", "-1",
		  "0xFFFFFFFF", "0x100000000" },
		{ ECAT_IN_HEXINT64, "18446744073709551615",
		  "18446744073709551616", "0", "-1", "0xFFFFFFFFFFFFFFFF",
		  "0x10000000000000000" },
		{ ECAT_IN_POINTER, "18446744073709551615",
		  "18446744073709551616", "0", "-1", "0xFFFFFFFFFFFFFFFF",
		  "0x10000000000000000" },
	};
	static const char *const wide[] = { "4294967296", "9999999999",
	    "18446744073709551615", "18446744073709551616",
	    "99999999999999999999999" };
	struct ecat_svalue	 v;
	struct ecat_pv		 p;
	struct ecat_vtype	 vt;
	const char		*name;
	char			 buf[32];
	size_t			 i, k;
	int			 out, kind, hex;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		name = S_name(ecat_intype_name(w[i].in));
		vt = S_type(w[i].in, ECAT_OUT_NONE);
		for (kind = 0; kind < 2; kind++) {
			hex = !kind && w[i].hmax != NULL;
			v = S_sv(kind ? I : S, hex ? w[i].hmax : w[i].max);
			ecat_value_parse(&v, vt, 0, &p);
			ck_assert_msg(p.res == OK, "%s max %s: %d (%s)", name,
			    v.s, p.res, p.why);
			v = S_sv(kind ? I : S, hex ? w[i].hover : w[i].over);
			ecat_value_parse(&v, vt, 0, &p);
			ck_assert_msg(p.res == RANGE, "%s max+1 %s: %d (%s)",
			    name, v.s, p.res, p.why);
			/* Negative decimal: a number only (a string of
			   a hex type reads "-1" as hex, and refuses). */
			if (kind || vt.cls == ECAT_VC_INT) {
				v = S_sv(kind ? I : S, w[i].min);
				ecat_value_parse(&v, vt, 0, &p);
				ck_assert_msg(p.res == OK, "%s min %s: %d (%s)",
				    name, w[i].min, p.res, p.why);
				v = S_sv(kind ? I : S, w[i].under);
				ecat_value_parse(&v, vt, 0, &p);
				ck_assert_msg(p.res == RANGE, "%s min-1 %s: %d "
				    "(%s)", name, w[i].under, p.res, p.why);
			}
		}
		/* Under every valid outType: never accepted. */
		for (out = 1; out < ECAT_OUT__MAX; out++) {
			if (!ecat_outtype_valid(w[i].in, out))
				continue;
			vt = ecat_vtype_of(w[i].in, out);
			for (k = 0; k < sizeof(wide) / sizeof(wide[0]); k++)
			for (kind = 0; kind < 2; kind++) {
				if (vt.bytes >= 8 && k < 3)
					continue;
				v = S_sv(kind ? I : S, wide[k]);
				ecat_value_parse(&v, vt, 0, &p);
				ck_assert_msg(p.res != OK, "%s/%s %s %s: "
				    "accepted", name,
				    S_name(ecat_outtype_name(out)),
				    kind ? "number" : "string", wide[k]);
				if (vt.bytes >= 8)
					continue;
				/* 2^bits: past an unsigned reading too
				   (an HResult is also read unsigned). */
				snprintf(buf, sizeof(buf), "%llu",
				    1ULL << (8 * vt.bytes));
				v = S_sv(kind ? I : S, buf);
				ecat_value_parse(&v, vt, 0, &p);
				ck_assert_msg(p.res != OK, "%s/%s %s %s: "
				    "accepted", name,
				    S_name(ecat_outtype_name(out)),
				    kind ? "number" : "string", buf);
			}
		}
	}
	/* A time type's raw number is its 64-bit FILETIME count. */
	vt = S_type(ECAT_IN_FILETIME, ECAT_OUT_NONE);
	v = S_sv(I, "18446744073709551615");
	ck_assert_int_eq(ecat_value_parse(&v, vt, 0, &p), OK);
	ck_assert_uint_eq(p.q, Q(TIME_NUM));
	v = S_sv(I, "18446744073709551616");
	ck_assert_int_ne(ecat_value_parse(&v, vt, 0, &p), OK);
}
END_TEST

/* HexInt outTypes, HexInt inTypes and pointers: Windows renders hex. */
START_TEST(test_hex)
{
	static const struct vcase t[] = {
		CU(UINT32, HEXINT32, S, "0x1A", 0, 26, 0),
		CU(UINT32, HEXINT32, S, "0xffffffff", 0, 0xffffffffu, 0),
		C(UINT32, HEXINT32, S, "0x100000000", RANGE, 0,
		    "more than 4294967295"),
		CU(UINT32, HEXINT32, S, "1A", Q(HEX_NOPREFIX), 26, 0),
		CU(UINT32, HEXINT32, S, "0000001A",
		    Q(HEX_NOPREFIX) | Q(HEX_PADDED), 26, 0),
		/* Bare digits in a string are hex here; a number is not. */
		CU(UINT32, HEXINT32, S, "26", Q(HEX_NOPREFIX), 0x26, 0),
		CU(UINT32, HEXINT32, I, "26", Q(DEC_FOR_HEX), 26, 0),
		CU(UINT32, HEXINT32, S, "0x0000001A", Q(HEX_PADDED), 26, 0),
		C(UINT32, HEXINT32, S, "0xg", BAD, 0, "not a hex number"),
		C(UINT32, HEXINT32, S, "-1", BAD, Q(HEX_NOPREFIX),
		    "a negative hex number"),
		C(UINT32, HEXINT32, I, "-1", RANGE, Q(DEC_FOR_HEX),
		    "negative, and the type is unsigned"),
		CU(UINT8, HEXINT8, S, "0xFF", 0, 255, 0),
		C(UINT8, HEXINT8, S, "0x1FF", RANGE, 0, "more than 255"),
		CU(UINT16, HEXINT16, S, "0xFFFF", 0, 65535, 0),
		CU(HEXINT32, NONE, S, "0x10", 0, 16, 0),
		CU(HEXINT64, NONE, S, "0xFFFFFFFFFFFFFFFF", 0, UINT64_MAX, 0),
		C(HEXINT64, NONE, S, "0x10000000000000000", RANGE, 0,
		    "does not fit 64 bits"),
		CU(UINT64, HEXINT64, S, "0x7FF6A0B0C0D0", 0, 0x7FF6A0B0C0D0ULL,
		    0),
		/* Pointers: 8 bytes, hex; Long and UnsignedLong decimal. */
		CU(POINTER, NONE, S, "0xFFFFF80312345678", 0,
		    0xFFFFF80312345678ULL, 0),
		CU(POINTER, NONE, I, "4096", Q(DEC_FOR_HEX), 4096, 0),
		CU(POINTER, LONG, S, "-1", 0, 1, 1),
		CU(POINTER, UNSIGNEDLONG, S, "4096", 0, 4096, 0),
		C(POINTER, UNSIGNEDLONG, S, "-1", RANGE, 0, "negative"),
		CU(UINT32, CODEPOINTER, S, "0x401000", 0, 0x401000, 0),
	};

	CASES(t, 0);
}
END_TEST

/* Error codes: decimal or hex, neither a quirk; text when allowed. */
START_TEST(test_errcodes)
{
	static const struct vcase t[] = {
		CU(UINT32, WIN32ERROR, S, "5", 0, 5, 0),
		CU(UINT32, WIN32ERROR, S, "0x80070005", 0, 0x80070005u, 0),
		CU(UINT32, NTSTATUS, S, "0xC0000022", 0, 0xC0000022u, 0),
		CU(UINT32, ERRORCODE, I, "0", 0, 0, 0),
		/* Bare digits read as decimal first. */
		CU(UINT32, WIN32ERROR, S, "00000010", 0, 10, 0),
		CU(UINT32, WIN32ERROR, S, "0000001A",
		    Q(HEX_NOPREFIX) | Q(HEX_PADDED), 26, 0),
		C(UINT32, WIN32ERROR, S, "4294967296", RANGE, 0,
		    "more than 4294967295"),
		C(UINT32, WIN32ERROR, S, "Access is denied.", BAD, 0,
		    "not a decimal number"),
		CU(HEXINT32, NTSTATUS, S, "0xC0000022", 0, 0xC0000022u, 0),
		CU(INT32, HRESULT, S, "0x80070005", 0, 0x80070005u, 0),
		/* An HResult is an Int32: decimal may be signed. */
		CU(INT32, HRESULT, S, "-2147024891", 0, 2147024891u, 1),
		CU(INT32, HRESULT, I, "-2147483648", 0, 2147483648u, 1),
		C(INT32, HRESULT, I, "-2147483649", RANGE, 0,
		    "outside -2147483648 to 2147483647"),
		CU(INT32, HRESULT, I, "4294967295", 0, 4294967295u, 0),
		C(INT32, HRESULT, I, "4294967296", RANGE, 0,
		    "more than 4294967295"),
		C(UINT32, WIN32ERROR, I, "-1", RANGE, 0,
		    "negative, and the type is unsigned"),
		C(UINT32, WIN32ERROR, N, "", BAD, 0, "null"),
	};
	static const struct vcase text[] = {
		C(UINT32, WIN32ERROR, S, "Access is denied.", OK, 0, NULL),
		C(INT32, HRESULT, S, "E_ACCESSDENIED", OK, 0, NULL),
		C(UINT32, WIN32ERROR, S, "", BAD, 0, "empty"),
		C(UINT32, WIN32ERROR, T, "", BAD, 0, "not a number"),
	};

	CASES(t, 0);
	CASES(text, 1);
}
END_TEST

/* Ports (decimal, 16 bits) and ETW times (a number, or a date). */
START_TEST(test_port_etwtime)
{
	static const struct vcase t[] = {
		CU(UINT16, PORT, S, "443", 0, 443, 0),
		CU(UINT16, PORT, S, "65535", 0, 65535, 0),
		C(UINT16, PORT, S, "65536", RANGE, 0, "more than 65535"),
		CU(UINT16, PORT, S, "0x1BB", Q(HEX_FOR_DEC), 443, 0),
		CU(UINT64, ETWTIME, S, "133485408000000000", 0,
		    133485408000000000ULL, 0),
		C(UINT64, ETWTIME, S, "2024-01-01T00:00:00Z", OK, 0, NULL),
		/* A number too big for the width is that, not a bad date;
		   a UInt32 is not read as a 64-bit FILETIME count. */
		CU(UINT32, ETWTIME, I, "4294967295", 0, 4294967295u, 0),
		C(UINT32, ETWTIME, S, "4294967296", RANGE, 0,
		    "more than 4294967295, the largest 32-bit value"),
		C(UINT32, ETWTIME, I, "4294967296", RANGE, 0,
		    "more than 4294967295, the largest 32-bit value"),
		C(UINT32, ETWTIME, I, "18446744073709551615", RANGE, 0,
		    "more than 4294967295"),
		C(UINT32, ETWTIME, I, "-1", RANGE, 0, "negative"),
		CU(UINT64, ETWTIME, I, "18446744073709551615", 0, UINT64_MAX,
		    0),
		C(UINT64, ETWTIME, I, "18446744073709551616", RANGE, 0,
		    "does not fit 64 bits"),
		C(UINT64, ETWTIME, S, "soon", BAD, 0, "not an ISO 8601"),
	};

	CASES(t, 0);
}
END_TEST

/* -------------------------------------------------------------- floats */

START_TEST(test_floats)
{
	static const struct vcase t[] = {
		C(FLOAT, NONE, S, "3.14", OK, 0, NULL),
		C(FLOAT, NONE, S, "-3.4e38", OK, 0, NULL),
		C(FLOAT, NONE, S, "3.5e38", RANGE, 0,
		    "beyond the 32-bit float range"),
		C(DOUBLE, NONE, S, "3.5e38", OK, 0, NULL),
		C(DOUBLE, NONE, S, "1e308", OK, 0, NULL),
		/* Past DBL_MAX: no double holds it (infinity is "inf"). */
		C(DOUBLE, NONE, S, "1.7976931348623157e308", OK, 0, NULL),
		C(DOUBLE, NONE, S, "1e309", RANGE, 0,
		    "beyond the 64-bit float range"),
		C(DOUBLE, NONE, S, "-1e309", RANGE, 0,
		    "beyond the 64-bit float range"),
		C(FLOAT, NONE, S, "1e309", RANGE, 0,
		    "beyond the 32-bit float range"),
		C(FLOAT, NONE, S, "3.4028234e38", OK, 0, NULL),
		/* Underflow rounds to what the type stores. */
		C(DOUBLE, NONE, S, "1e-400", OK, 0, NULL),
		C(FLOAT, NONE, S, "inf", OK, 0, NULL),
		C(FLOAT, NONE, S, "nan", OK, 0, NULL),
		C(FLOAT, NONE, S, "1.#INF", OK, 0, NULL),
		C(DOUBLE, NONE, S, "-1.#QNAN", OK, 0, NULL),
		C(DOUBLE, NONE, S, "-1.#IND", OK, 0, NULL),
		C(FLOAT, NONE, S, " 2.5 ", OK, Q(PADDED), NULL),
		C(FLOAT, NONE, S, "0x1p3", OK, 0, NULL),
		C(FLOAT, NONE, I, "3", OK, 0, NULL),
		C(DOUBLE, NONE, R, "0.1", OK, 0, NULL),
		C(FLOAT, NONE, R, "1e39", RANGE, 0, "beyond"),
		C(FLOAT, NONE, S, "", BAD, 0, "not a number"),
		C(FLOAT, NONE, S, "2.5x", BAD, 0, "not a number"),
		C(FLOAT, NONE, S, "1,5", BAD, 0, "not a number"),
		C(FLOAT, NONE, S, "0.0000000000000000000000000000000000000000"
		    "000000000000000000000001", BAD, 0, "not a number"),
		C(FLOAT, NONE, T, "", BAD, 0, "not a number"),
		C(FLOAT, NONE, N, "", BAD, 0, "null"),
	};

	CASES(t, 0);
}
END_TEST

/* ------------------------------------------------------------ Booleans */

START_TEST(test_booleans)
{
	static const struct vcase t[] = {
		C(BOOLEAN, NONE, T, "", OK, 0, NULL),
		C(BOOLEAN, NONE, F, "", OK, 0, NULL),
		C(BOOLEAN, NONE, S, "true", OK, 0, NULL),
		C(BOOLEAN, NONE, S, "FALSE", OK, 0, NULL),
		/* win:Boolean is a 4-byte BOOL: any 32-bit number. */
		C(BOOLEAN, NONE, S, "1", OK, Q(BOOL_NUM), NULL),
		C(BOOLEAN, NONE, S, "-1", OK, Q(BOOL_NUM), NULL),
		C(BOOLEAN, NONE, I, "2147483647", OK, Q(BOOL_NUM), NULL),
		C(BOOLEAN, NONE, S, "0x1", OK, Q(HEX_FOR_DEC) | Q(BOOL_NUM),
		    NULL),
		C(BOOLEAN, NONE, S, " 1 ", OK, Q(PADDED) | Q(BOOL_NUM), NULL),
		C(BOOLEAN, NONE, R, "1.0", OK, Q(REAL_INT) | Q(BOOL_NUM), NULL),
		/* A number past the BOOL's 32 bits is out of range. */
		C(BOOLEAN, NONE, I, "2147483648", RANGE, 0, "outside "
		    "-2147483648 to 2147483647, the 32-bit signed range"),
		C(BOOLEAN, NONE, I, "4294967296", RANGE, 0, "outside "
		    "-2147483648 to 2147483647, the 32-bit signed range"),
		C(BOOLEAN, NONE, S, "yes", BAD, 0, "not true or false"),
		C(BOOLEAN, NONE, S, " true", BAD, 0, "not true or false"),
		C(BOOLEAN, NONE, N, "", BAD, 0, "null"),
		/* A UInt8 shown as Boolean: one unsigned byte. */
		C(UINT8, BOOLEAN, S, "255", OK, Q(BOOL_NUM), NULL),
		C(UINT8, BOOLEAN, S, "256", RANGE, 0, "more than 255, the "
		    "largest 8-bit value"),
		C(UINT8, BOOLEAN, S, "-1", RANGE, 0, "negative, and the type "
		    "is unsigned"),
		C(UINT8, BOOLEAN, T, "", OK, 0, NULL),
	};

	CASES(t, 0);
}
END_TEST

/* --------------------------------------------------------------- GUIDs */

START_TEST(test_guids)
{
	static const struct vcase t[] = {
		C(GUID, NONE, S, "{2CF3235B-8F46-4AE6-ADF2-07DC5259A954}", OK,
		    0, NULL),
		C(GUID, NONE, S, "{2cf3235b-8f46-4ae6-adf2-07dc5259a954}", OK,
		    0, NULL),
		C(GUID, NONE, S, "2cf3235b-8f46-4ae6-adf2-07dc5259a954", OK,
		    Q(NOBRACES), NULL),
		C(GUID, NONE, S, " {2CF3235B-8F46-4AE6-ADF2-07DC5259A954} ",
		    OK, Q(PADDED), NULL),
		C(GUID, NONE, S, "{2CF3235B-8F46-4AE6-ADF2-07DC5259A95}", BAD,
		    0, "not a GUID"),
		C(GUID, NONE, S, "{2CF3235B-8F46-4AE6-ADF2-07DC5259A95G}", BAD,
		    0, "not a GUID"),
		C(GUID, NONE, S, "{2CF3235B8F46-4AE6-ADF2-07DC5259A954-}", BAD,
		    0, "not a GUID"),
		C(GUID, NONE, S, "[2CF3235B-8F46-4AE6-ADF2-07DC5259A954]", BAD,
		    0, "not a GUID"),
		C(GUID, NONE, S, "2CF3235B8F464AE6ADF207DC5259A954", BAD, 0,
		    "not a GUID"),
		C(GUID, NONE, S, "", BAD, 0, "not a GUID"),
		C(GUID, NONE, I, "1", BAD, 0, "not a GUID"),
		C(GUID, NONE, N, "", BAD, 0, "null"),
	};
	unsigned	 q = 0;

	CASES(t, 0);
	/* The bare test the matcher uses on system.guid. */
	ck_assert_int_eq(ecat_value_guidtext(
	    "{2CF3235B-8F46-4AE6-ADF2-07DC5259A954}", 38, &q), 0);
	ck_assert_uint_eq(q, 0);
	ck_assert_int_eq(ecat_value_guidtext(
	    "2CF3235B-8F46-4AE6-ADF2-07DC5259A954", 36, &q), 0);
	ck_assert_uint_eq(q, Q(NOBRACES));
	ck_assert_int_eq(ecat_value_guidtext(
	    "{2CF3235B-8F46-4AE6-ADF2-07DC5259A954}", 37, &q), -1);
	/* Only n bytes are read. */
	ck_assert_int_eq(ecat_value_guidtext(
	    "2CF3235B-8F46-4AE6-ADF2-07DC5259A954}", 36, &q), 0);
}
END_TEST

/* ---------------------------------------------------------------- SIDs */

START_TEST(test_sids)
{
	static const struct vcase t[] = {
		C(SID, NONE, S, "S-1-5-18", OK, 0, NULL),
		C(SID, NONE, S, "s-1-5-18", OK, 0, NULL),
		C(SID, NONE, S, "S-1-5", OK, 0, NULL),
		C(SID, NONE, S, "S-1-5-21-3623811015-3361044348-30300820-1013",
		    OK, 0, NULL),
		C(SID, NONE, S, "S-1-0x123456789ABC-1", OK, 0, NULL),
		/* A NULL SID. */
		C(SID, NONE, S, "", OK, 0, NULL),
		C(SID, NONE, N, "", OK, 0, NULL),
		/* The authority: 48 bits; sub-authorities: 32 bits, 15. */
		C(SID, NONE, S, "S-1-281474976710655-1", OK, 0, NULL),
		C(SID, NONE, S, "S-1-281474976710656-1", RANGE, 0,
		    "identifier authority over 48 bits"),
		C(SID, NONE, S, "S-1-0x1000000000000", RANGE, 0,
		    "identifier authority over 48 bits"),
		/* 17 hex digits do not wrap past 64 bits to 0. */
		C(SID, NONE, S, "S-1-0xFFFFFFFFFFFF-5", OK, 0, NULL),
		C(SID, NONE, S, "S-1-0x10000000000000000-5", RANGE, 0,
		    "identifier authority over 48 bits"),
		C(SID, NONE, S, "S-1-0x10000000000000005-5", RANGE, 0,
		    "identifier authority over 48 bits"),
		C(SID, NONE, S, "S-1-0x00000000000000005-5", OK, 0, NULL),
		C(SID, NONE, S, "S-1-5-4294967295", OK, 0, NULL),
		C(SID, NONE, S, "S-1-5-4294967296", RANGE, 0,
		    "sub-authority over 32 bits"),
		C(SID, NONE, S, "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15",
		    OK, 0, NULL),
		C(SID, NONE, S, "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16",
		    RANGE, 0, "16 sub-authorities, at most 15"),
		C(SID, NONE, S, "S-2-5-18", BAD, 0, "not a SID (S-1-...)"),
		C(SID, NONE, S, "S-1", BAD, 0, "not a SID"),
		C(SID, NONE, S, "S-1-5-", BAD, 0, "not a SID"),
		C(SID, NONE, S, "S-1-5--18", BAD, 0, "not a SID"),
		C(SID, NONE, S, "S-1-5-18 ", BAD, 0, "not a SID"),
		C(SID, NONE, S, "S-1-5-0x12", BAD, 0, "not a SID"),
		C(SID, NONE, S, "S-1-5-12345678901234567890", BAD, 0,
		    "not a SID"),
		C(SID, NONE, S, "NT AUTHORITY\\SYSTEM", BAD, 0, "not a SID"),
		C(SID, NONE, I, "18", BAD, 0, "not a SID"),
	};

	CASES(t, 0);
}
END_TEST

/* --------------------------------------------------------------- times */

START_TEST(test_times)
{
	static const struct vcase t[] = {
		C(FILETIME, NONE, S, "2024-02-29T12:34:56.1234567Z", OK, 0,
		    NULL),
		C(FILETIME, NONE, S, "2024-01-01T00:00:00", OK, 0, NULL),
		C(FILETIME, NONE, S, "2024-01-01 00:00:00", OK, 0, NULL),
		C(FILETIME, NONE, S, "2024-01-01T00:00:00z", OK, 0, NULL),
		C(FILETIME, NONE, S, "2024-01-01T00:00:00+02:00", OK, 0, NULL),
		C(FILETIME, NONE, S, "2024-01-01T00:00:00.123456789-05:30", OK,
		    0, NULL),
		C(FILETIME, NONE, S, "2016-12-31T23:59:60Z", OK, 0, NULL),
		C(FILETIME, NONE, S, "2000-02-29T00:00:00Z", OK, 0, NULL),
		C(FILETIME, NONE, S, "1601-01-01T00:00:00Z", OK, 0, NULL),
		C(FILETIME, NONE, S, "9999-12-31T23:59:59Z", OK, 0, NULL),
		C(FILETIME, NONE, S, "1600-12-31T23:59:59Z", RANGE, 0,
		    "outside the years 1601 to 30828"),
		C(FILETIME, NONE, S, "0000-01-01T00:00:00Z", RANGE, 0,
		    "outside the years"),
		/* today: years past 9999 cannot be written (4 digits). */
		C(FILETIME, NONE, S, "30828-01-01T00:00:00Z", BAD, 0,
		    "not an ISO 8601 date and time"),
		C(FILETIME, NONE, S, "\xe2\x80\x8e" "2024-01-01T00:00:00Z", OK,
		    Q(DIRMARKS), NULL),
		C(FILETIME, NONE, S, "\xe2\x80\x8f" "2024-01-01T00:00:00"
		    "\xe2\x80\x8e" "Z", OK, Q(DIRMARKS), NULL),
		C(FILETIME, NONE, S, " 2024-01-01T00:00:00Z ", OK, Q(PADDED),
		    NULL),
		C(FILETIME, NONE, I, "133485408000000000", OK, Q(TIME_NUM),
		    NULL),
		C(FILETIME, NONE, I, "-1", BAD, 0, "not an ISO 8601"),
		C(FILETIME, NONE, S, "133485408000000000", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2023-02-29T00:00:00Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "1900-02-29T00:00:00Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-04-31T00:00:00Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-13-01T00:00:00Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-00-01T00:00:00Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-01-00T00:00:00Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-01-01T24:00:00Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-01-01T00:60:00Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-01-01T00:00:61Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-01-01T00:00:00.Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-01-01T00:00:00.1234567890Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-01-01T00:00:00+0200", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-01-01T00:00:00ZZ", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "2024-1-01T00:00:00Z", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "01/01/2024 00:00:00", BAD, 0,
		    "not an ISO 8601"),
		C(FILETIME, NONE, S, "", BAD, 0, "not an ISO 8601"),
		C(FILETIME, NONE, N, "", BAD, 0, "null"),
		C(SYSTEMTIME, NONE, S, "2024-01-01T00:00:00.000Z", OK, 0, NULL),
		C(SYSTEMTIME, NONE, S, "2024-01-01", BAD, 0, "not an ISO 8601"),
	};

	CASES(t, 0);
}
END_TEST

/* ---------------------------------------------------- strings, chars */

START_TEST(test_strings)
{
	static const struct vcase t[] = {
		CN(UNICODESTRING, NONE, S, "", 0, 0),
		CN(UNICODESTRING, NONE, S, "h\xc3\xa9llo", 0, 5),
		/* Past U+FFFF: two UTF-16 units, one code point. */
		CN(UNICODESTRING, NONE, S, "\xf0\x9f\x98\x80", 0, 2),
		CN(ANSISTRING, NONE, S, "\xf0\x9f\x98\x80", 0, 1),
		CN(COUNTEDSTRING, NONE, S, "abc", 0, 3),
		CN(COUNTEDANSISTRING, NONE, S, "abc", 0, 3),
		CN(UNICODESTRING, NONE, N, "", 0, 0),
		CN(UNICODESTRING, NONE, I, "42", Q(NOT_STRING), 2),
		CN(ANSISTRING, NONE, R, "0.5", Q(NOT_STRING), 3),
		CN(UNICODESTRING, NONE, T, "", Q(NOT_STRING), 4),
		CN(UNICODESTRING, NONE, F, "", Q(NOT_STRING), 5),
		C(UNICODESTRING, NONE, A, "", BAD, 0, "not a string"),
		/* xs:string on an 8- or 16-bit integer: one character. */
		C(INT8, STRING, S, "A", OK, 0, NULL),
		C(UINT8, STRING, S, "", OK, 0, NULL),
		C(UINT16, STRING, S, "\xc3\xa9", OK, 0, NULL),
		C(UINT16, STRING, S, "AB", BAD, 0, "not one character"),
		C(INT16, STRING, I, "65", BAD, 0, "not one character"),
		C(INT8, STRING, N, "", BAD, 0, "null"),
	};

	CASES(t, 0);
}
END_TEST

/* --------------------------------------------------------------- binary */

START_TEST(test_binary)
{
	static const struct vcase t[] = {
		CN(BINARY, NONE, S, "", 0, 0),
		CN(BINARY, NONE, S, "0A1b", 0, 2),
		CN(BINARY, NONE, S, "0x0A1B", Q(BIN_PREFIX), 2),
		CN(BINARY, NONE, S, "0X", Q(BIN_PREFIX), 0),
		CN(BINARY, NONE, N, "", 0, 0),
		CN(COUNTEDBINARY, NONE, S, "00", 0, 1),
		C(BINARY, NONE, S, "0A1", BAD, 0,
		    "has an odd number of hex digits"),
		C(BINARY, NONE, S, "zz", BAD, 0, "not hex bytes"),
		C(BINARY, NONE, S, "0A 1B", BAD, 0, "not hex bytes"),
		C(BINARY, NONE, I, "12", BAD, 0, "not hex bytes"),
	};

	CASES(t, 0);
}
END_TEST

/* ---------------------------------------------------------- addresses */

START_TEST(test_addresses)
{
	static const struct vcase t[] = {
		C(UINT32, IPV4, S, "192.168.0.1", OK, 0, NULL),
		C(UINT32, IPV4, S, "255.255.255.255", OK, 0, NULL),
		C(UINT32, IPV4, S, "256.1.1.1", BAD, 0, "not an IPv4 address"),
		C(UINT32, IPV4, S, "1.2.3", BAD, 0, "not an IPv4 address"),
		C(UINT32, IPV4, S, " 1.2.3.4", BAD, 0, "not an IPv4 address"),
		/* A number: accepted, its value not kept. */
		C(UINT32, IPV4, S, "16777343", OK, Q(IPV4_NUM), NULL),
		C(UINT32, IPV4, I, "16777343", OK, Q(IPV4_NUM), NULL),
		C(UINT32, IPV4, S, " 16777343", OK, Q(PADDED) | Q(IPV4_NUM),
		    NULL),
		C(UINT32, IPV4, S, "4294967296", RANGE, 0, "more than "
		    "4294967295"),
		C(UINT32, IPV4, S, "0x7F000001", OK,
		    Q(HEX_FOR_DEC) | Q(IPV4_NUM), NULL),
		C(UINT32, IPV4, S, "localhost", BAD, 0,
		    "not an IPv4 address"),
		C(UINT32, IPV4, N, "", BAD, 0, "null"),

		CN(BINARY, IPV6, S, "::1", 0, 16),
		CN(BINARY, IPV6, S, "fe80::1:2:3:4", 0, 16),
		CN(BINARY, IPV6, S, "::ffff:192.168.0.1", 0, 16),
		CN(BINARY, IPV6, S, "00000000000000000000000000000001",
		    Q(IPV6_HEX), 16),
		C(BINARY, IPV6, S, "0A1B", BAD, Q(IPV6_HEX),
		    "2 bytes of hex, where an IPv6 address has 16"),
		C(BINARY, IPV6, S, "fe80::1%eth0", BAD, 0,
		    "not an IPv6 address"),
		C(BINARY, IPV6, S, "1::2::3", BAD, 0, "not an IPv6 address"),
		C(BINARY, IPV6, N, "", BAD, 0, "null"),

		CN(BINARY, SOCKETADDRESS, S, "02000050C0A800010000000000000000",
		    0, 16),
		C(BINARY, SOCKETADDRESS, S, "192.168.0.1:80", OK, 0, NULL),
		C(BINARY, SOCKETADDRESS, S, "192.168.0.1:65535", OK, 0, NULL),
		C(BINARY, SOCKETADDRESS, S, "[::1]:443", OK, 0, NULL),
		C(BINARY, SOCKETADDRESS, S, "[fe80::1]:0", OK, 0, NULL),
		/* today: an empty port passes. */
		C(BINARY, SOCKETADDRESS, S, "192.168.0.1:", OK, 0, NULL),
		C(BINARY, SOCKETADDRESS, S, "192.168.0.1:65536", BAD, 0,
		    "neither address:port nor hex bytes"),
		C(BINARY, SOCKETADDRESS, S, "192.168.0.1", BAD, 0, "neither"),
		C(BINARY, SOCKETADDRESS, S, "::1:80", BAD, 0, "neither"),
		C(BINARY, SOCKETADDRESS, S, "[::1]", BAD, 0, "neither"),
		C(BINARY, SOCKETADDRESS, S, "host:80", BAD, 0, "neither"),
		C(BINARY, SOCKETADDRESS, S, "1.2.3.4:8x", BAD, 0, "neither"),
		C(BINARY, SOCKETADDRESS, S, "1.2.3.4:99999999999999999999",
		    BAD, 0, "neither"),
		C(BINARY, SOCKETADDRESS, S, "1.2.3.4:0000000000000000000080",
		    OK, 0, NULL),
		C(BINARY, SOCKETADDRESS, N, "", BAD, 0, "null"),
	};

	CASES(t, 0);
}
END_TEST

/* ------------------------------------------------------------- classes */

/* The class of each inType with its default outType and a few others. */
START_TEST(test_classes)
{
	static const struct {
		enum ecat_intype	 in;
		enum ecat_outtype	 out;
		enum ecat_vclass	 cls;
		unsigned		 bytes;
		int			 sgn;
	} t[] = {
		{ ECAT_IN_UNICODESTRING, ECAT_OUT_NONE, ECAT_VC_WSTRING, 0, 0 },
		{ ECAT_IN_ANSISTRING, ECAT_OUT_NONE, ECAT_VC_STRING, 0, 0 },
		{ ECAT_IN_INT8, ECAT_OUT_NONE, ECAT_VC_INT, 1, 1 },
		{ ECAT_IN_UINT8, ECAT_OUT_NONE, ECAT_VC_INT, 1, 0 },
		{ ECAT_IN_UINT8, ECAT_OUT_HEXINT8, ECAT_VC_HEX, 1, 0 },
		{ ECAT_IN_UINT8, ECAT_OUT_BOOLEAN, ECAT_VC_BOOL, 1, 0 },
		{ ECAT_IN_UINT8, ECAT_OUT_STRING, ECAT_VC_CHAR, 1, 0 },
		{ ECAT_IN_INT16, ECAT_OUT_NONE, ECAT_VC_INT, 2, 1 },
		{ ECAT_IN_UINT16, ECAT_OUT_PORT, ECAT_VC_PORT, 2, 0 },
		{ ECAT_IN_INT32, ECAT_OUT_NONE, ECAT_VC_INT, 4, 1 },
		{ ECAT_IN_INT32, ECAT_OUT_HRESULT, ECAT_VC_ERRCODE, 4, 1 },
		{ ECAT_IN_UINT32, ECAT_OUT_NONE, ECAT_VC_INT, 4, 0 },
		{ ECAT_IN_UINT32, ECAT_OUT_PID, ECAT_VC_INT, 4, 0 },
		{ ECAT_IN_UINT32, ECAT_OUT_IPV4, ECAT_VC_IPV4, 4, 0 },
		{ ECAT_IN_UINT32, ECAT_OUT_ETWTIME, ECAT_VC_ETWTIME, 4, 0 },
		{ ECAT_IN_UINT32, ECAT_OUT_NTSTATUS, ECAT_VC_ERRCODE, 4, 0 },
		{ ECAT_IN_UINT32, ECAT_OUT_HEXINT32, ECAT_VC_HEX, 4, 0 },
		{ ECAT_IN_INT64, ECAT_OUT_NONE, ECAT_VC_INT, 8, 1 },
		{ ECAT_IN_UINT64, ECAT_OUT_NONE, ECAT_VC_INT, 8, 0 },
		{ ECAT_IN_UINT64, ECAT_OUT_HEXINT64, ECAT_VC_HEX, 8, 0 },
		{ ECAT_IN_FLOAT, ECAT_OUT_NONE, ECAT_VC_FLOAT, 4, 0 },
		{ ECAT_IN_DOUBLE, ECAT_OUT_NONE, ECAT_VC_FLOAT, 8, 0 },
		{ ECAT_IN_BOOLEAN, ECAT_OUT_NONE, ECAT_VC_BOOL, 4, 0 },
		{ ECAT_IN_BINARY, ECAT_OUT_NONE, ECAT_VC_BINARY, 0, 0 },
		{ ECAT_IN_BINARY, ECAT_OUT_IPV6, ECAT_VC_IPV6, 0, 0 },
		{ ECAT_IN_BINARY, ECAT_OUT_SOCKETADDRESS, ECAT_VC_SOCKADDR, 0,
		  0 },
		{ ECAT_IN_GUID, ECAT_OUT_NONE, ECAT_VC_GUID, 16, 0 },
		{ ECAT_IN_POINTER, ECAT_OUT_NONE, ECAT_VC_HEX, 8, 0 },
		{ ECAT_IN_POINTER, ECAT_OUT_LONG, ECAT_VC_INT, 8, 1 },
		{ ECAT_IN_FILETIME, ECAT_OUT_NONE, ECAT_VC_TIME, 8, 0 },
		{ ECAT_IN_SYSTEMTIME, ECAT_OUT_NONE, ECAT_VC_TIME, 16, 0 },
		{ ECAT_IN_SID, ECAT_OUT_NONE, ECAT_VC_SID, 0, 0 },
		{ ECAT_IN_HEXINT32, ECAT_OUT_NONE, ECAT_VC_HEX, 4, 0 },
		{ ECAT_IN_HEXINT64, ECAT_OUT_WIN32ERROR, ECAT_VC_ERRCODE, 8,
		  0 },
		{ ECAT_IN_COUNTEDSTRING, ECAT_OUT_NONE, ECAT_VC_WSTRING, 0, 0 },
		{ ECAT_IN_COUNTEDANSISTRING, ECAT_OUT_NONE, ECAT_VC_STRING, 0,
		  0 },
		{ ECAT_IN_COUNTEDBINARY, ECAT_OUT_NONE, ECAT_VC_BINARY, 0, 0 },
		{ ECAT_IN_STRUCT, ECAT_OUT_NONE, ECAT_VC_ANY, 0, 0 },
		{ ECAT_IN_UNKNOWN, ECAT_OUT_NONE, ECAT_VC_ANY, 0, 0 },
	};
	struct ecat_vtype	 vt;
	struct ecat_svalue	 v;
	struct ecat_pv		 p;
	size_t			 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		vt = S_type(t[i].in, t[i].out);
		ck_assert_msg(vt.cls == t[i].cls && vt.bytes == t[i].bytes &&
		    vt.sgn == t[i].sgn, "%s/%s: class %d bytes %u sgn %d",
		    S_name(ecat_intype_name(t[i].in)),
		    S_name(ecat_outtype_name(t[i].out)), vt.cls, vt.bytes,
		    vt.sgn);
	}
	/* Unknown inTypes and placeholders: anything passes. */
	vt = S_type(ECAT_IN_UNKNOWN, ECAT_OUT_NONE);
	v = S_sv(A, "");
	ck_assert_int_eq(ecat_value_parse(&v, vt, 0, &p), OK);
	v = S_sv(N, "");
	ck_assert_int_eq(ecat_value_parse(&v, vt, 0, &p), OK);
}
END_TEST

/*
 * Over every (inType, valid outType) pair and values of every kind:
 * a result is OK, BAD or RANGE; a reason is given exactly when it is
 * not OK; a result that is not an integer sets no integer.
 */
START_TEST(test_every_pair)
{
	static const struct {
		int		 kind;
		const char	*text;
	} vals[] = {
		{ S, "" }, { S, "0" }, { S, "-1" }, { S, "0x80000000" },
		{ S, "18446744073709551616" }, { S, "true" }, { S, "A" },
		{ S, "{2CF3235B-8F46-4AE6-ADF2-07DC5259A954}" },
		{ S, "S-1-5-18" }, { S, "2024-01-01T00:00:00Z" },
		{ S, "0A1B" }, { S, "::1" }, { S, "1.2.3.4:80" },
		{ S, "Access is denied." }, { S, " 1 " },
		{ I, "1" }, { I, "-1" }, { I, "9223372036854775808" },
		{ R, "0.5" }, { R, "1e300" }, { T, "" }, { F, "" }, { N, "" },
		{ A, "" },
	};
	struct ecat_svalue	 v;
	struct ecat_pv		 p;
	int			 in, out, k, textok, ran = 0;

	for (in = 0; in < ECAT_IN__MAX; in++)
	for (out = 0; out < ECAT_OUT__MAX; out++) {
		if (out != 0 && !ecat_outtype_valid(in, out))
			continue;
		for (k = 0; k < (int)(sizeof(vals) / sizeof(vals[0])); k++)
		for (textok = 0; textok < 2; textok++) {
			v = S_sv(vals[k].kind, vals[k].text);
			ecat_value_parse(&v, S_type(in, out), textok, &p);
			ck_assert(p.res == OK || p.res == BAD ||
			    p.res == RANGE);
			ck_assert_msg((p.res != OK) == (p.why[0] != '\0'),
			    "%d/%d \"%s\": res %d, reason \"%s\"", in, out,
			    vals[k].text, p.res, p.why);
			ck_assert_msg(p.q < (1u << ECAT_Q__MAX), "quirks");
			ran++;
		}
	}
	ck_assert_int_gt(ran, 1000);
}
END_TEST

/* ------------------------------------------------- integers, directly */

/* The integer readers the header checks use (level, task, keywords). */
START_TEST(test_int_readers)
{
	struct ecat_svalue	 v;
	struct ecat_pv		 p;

	memset(&p, 0, sizeof(p));
	v = S_sv(S, "0xFFFFFFFFFFFFFFFF");
	ck_assert_int_eq(ecat_value_anyint(&v, 0, &p), OK);
	ck_assert(p.u == UINT64_MAX && p.hex && !p.neg);
	memset(&p, 0, sizeof(p));
	v = S_sv(S, "8000000000000000");
	ck_assert_int_eq(ecat_value_anyint(&v, 1, &p), OK);
	ck_assert(p.u == 0x8000000000000000ULL && p.hex);
	ck_assert_uint_eq(p.q, Q(HEX_NOPREFIX));
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(ecat_value_anyint(&v, 0, &p), OK);
	ck_assert(p.u == 8000000000000000ULL && !p.hex);
	memset(&p, 0, sizeof(p));
	v = S_sv(S, "-5");
	ck_assert_int_eq(ecat_value_anyint(&v, 0, &p), OK);
	ck_assert(p.u == 5 && p.neg);
	memset(&p, 0, sizeof(p));
	v = S_sv(T, "");
	ck_assert_int_eq(ecat_value_anyint(&v, 0, &p), BAD);
	ck_assert_str_eq(p.why, "not a number");

	/* A level: one unsigned byte, decimal canonical. */
	memset(&p, 0, sizeof(p));
	v = S_sv(S, "4");
	ck_assert_int_eq(ecat_value_int(&v, 1, 0, 0, &p), OK);
	memset(&p, 0, sizeof(p));
	v = S_sv(S, "256");
	ck_assert_int_eq(ecat_value_int(&v, 1, 0, 0, &p), RANGE);
	memset(&p, 0, sizeof(p));
	v = S_sv(I, "-128");
	ck_assert_int_eq(ecat_value_int(&v, 1, 1, 0, &p), OK);
	memset(&p, 0, sizeof(p));
	v = S_sv(I, "-129");
	ck_assert_int_eq(ecat_value_int(&v, 1, 1, 0, &p), RANGE);
	ck_assert_str_eq(p.why, "outside -128 to 127, the 8-bit signed "
	    "range");
}
END_TEST

/* ------------------------------------------------------------ messages */

START_TEST(test_show_and_quirks)
{
	struct ecat_svalue	 v;
	char			 buf[64];
	int			 i;

	v = S_sv(S, "abc");
	ck_assert_str_eq(ecat_value_show(&v, buf, sizeof(buf)), "\"abc\"");
	v = S_sv(S, "0123456789012345678901234567890123456789"
	    "0123456789");
	ck_assert_str_eq(ecat_value_show(&v, buf, sizeof(buf)),
	    "\"012345678901234567890123456789012345678901234567...\"");
	v = S_sv(I, "42");
	ck_assert_str_eq(ecat_value_show(&v, buf, sizeof(buf)), "42");
	v = S_sv(N, "");
	ck_assert_str_eq(ecat_value_show(&v, buf, sizeof(buf)), "null");
	v = S_sv(T, "");
	ck_assert_str_eq(ecat_value_show(&v, buf, sizeof(buf)), "true");
	v = S_sv(A, "");
	v.n = 3;
	ck_assert_str_eq(ecat_value_show(&v, buf, sizeof(buf)),
	    "an array of 3");
	v.kind = ECAT_SV_ABSENT;
	ck_assert_str_eq(ecat_value_show(&v, buf, sizeof(buf)), "nothing");
	v.kind = ECAT_SV_OBJECT;
	ck_assert_str_eq(ecat_value_show(&v, buf, sizeof(buf)), "an object");

	for (i = 0; i < ECAT_Q__MAX; i++)
		ck_assert_ptr_nonnull(ecat_quirk_text((enum ecat_quirk)i));
	ck_assert_ptr_null(ecat_quirk_text(ECAT_Q__MAX));
	ck_assert_str_eq(ecat_quirk_text(ECAT_Q_PADDED), "padded with spaces");
	ck_assert_str_eq(ecat_quirk_text(ECAT_Q_IPV6_HEX),
	    "IPv6 address written as hex");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("values");
	TCase	*tc = tcase_create("parsers");

	tcase_add_test(tc, test_integers);
	tcase_add_test(tc, test_widths);
	tcase_add_test(tc, test_hex);
	tcase_add_test(tc, test_errcodes);
	tcase_add_test(tc, test_port_etwtime);
	tcase_add_test(tc, test_floats);
	tcase_add_test(tc, test_booleans);
	tcase_add_test(tc, test_guids);
	tcase_add_test(tc, test_sids);
	tcase_add_test(tc, test_times);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_binary);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_classes);
	tcase_add_test(tc, test_every_pair);
	tcase_add_test(tc, test_int_readers);
	tcase_add_test(tc, test_show_and_quirks);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
