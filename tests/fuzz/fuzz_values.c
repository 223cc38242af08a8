/*
 * fuzz_values.c: the validator's TDH value parsers (validator/values.c)
 * on one value.  Input: byte 0 the inType, byte 1 the outType (each
 * modulo its count), byte 2 the value's kind (low 3 bits: string,
 * JSON integer, JSON real, true, false, null, array) and whether error
 * codes may be text (bit 3); the rest is the value's text, NULs and
 * all, as the sample reader would hold it.  Seeds: tests/data/values/.
 *
 * Besides not crashing, each parse must keep the parsers' contract:
 * a result is OK, BAD or RANGE, with a reason exactly when it is not
 * OK, and an integer of a width that passes fits the width.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "model.h"
#include "sample.h"
#include "values.h"

static const int kinds[] = {
	ECAT_SV_STRING, ECAT_SV_INT, ECAT_SV_REAL, ECAT_SV_TRUE,
	ECAT_SV_FALSE, ECAT_SV_NULL, ECAT_SV_ARRAY, ECAT_SV_STRING
};

static void
S_contract(const struct ecat_pv *p)
{
	if (p->res != ECAT_PV_OK && p->res != ECAT_PV_BAD &&
	    p->res != ECAT_PV_RANGE)
		abort();
	if ((p->res != ECAT_PV_OK) != (p->why[0] != '\0'))
		abort();
	if (p->q >= 1u << ECAT_Q__MAX)
		abort();
	if (memchr(p->why, '\0', sizeof(p->why)) == NULL)
		abort();
}

/* An integer of bytes and sgn that parsed must fit them. */
static void
S_fits(const struct ecat_pv *p, unsigned bytes, int sgn)
{
	uint64_t	 max;

	if (p->res != ECAT_PV_OK || !p->isint)
		return;
	max = bytes >= 8 ? UINT64_MAX : (1ULL << (8 * bytes)) - 1;
	if (p->hex || !sgn) {
		if ((p->neg && p->u > 0) || p->u > max)
			abort();
	} else if (p->neg ? p->u > max / 2 + 1 : p->u > max / 2)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned widths[] = { 1, 2, 4, 8 };
	struct ecat_svalue	 v;
	struct ecat_vtype	 t;
	struct ecat_pv		 p;
	enum ecat_intype	 in;
	enum ecat_outtype	 out, o;
	char			*text, *end, show[64];
	const char		*sh;
	unsigned		 q;
	size_t			 i, n;
	int			 textok, sgn, hex;

	if (size < 3)
		return 0;
	in = (enum ecat_intype)(data[0] % ECAT_IN__MAX);
	out = (enum ecat_outtype)(data[1] % ECAT_OUT__MAX);
	textok = (data[2] >> 3) & 1;
	n = size - 3;
	text = malloc(n + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data + 3, n);
	text[n] = '\0';

	/* The value as catalog/sample.c makes it. */
	memset(&v, 0, sizeof(v));
	v.kind = (uint8_t)kinds[data[2] & 7];
	switch (v.kind) {
	case ECAT_SV_STRING:
	case ECAT_SV_INT:
	case ECAT_SV_REAL:
		v.s = text;
		v.len = n;
		if (v.kind == ECAT_SV_STRING)
			break;
		v.d = strtod(text, NULL);
		if (v.kind == ECAT_SV_INT) {
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
	case ECAT_SV_ARRAY:
		v.n = (uint32_t)n;
		break;
	default:
		break;
	}

	/* As the type says, and, like a field without an outType, as
	   every outType valid for the inType. */
	t = ecat_vtype_of(in, out);
	ecat_value_parse(&v, t, textok, &p);
	S_contract(&p);
	if (t.cls == ECAT_VC_INT || t.cls == ECAT_VC_HEX)
		S_fits(&p, t.bytes, t.cls == ECAT_VC_INT && t.sgn);
	if (t.cls == ECAT_VC_BINARY && p.res == ECAT_PV_OK &&
	    p.units * 2 > n)
		abort();
	for (o = 0; o < ECAT_OUT__MAX; o++) {
		if (o != ECAT_OUT_NONE && !ecat_outtype_valid(in, o))
			continue;
		ecat_value_parse(&v, ecat_vtype_of(in, o != ECAT_OUT_NONE ?
		    o : ecat_outtype_default(in)), textok, &p);
		S_contract(&p);
	}

	/* The integer readers of the header checks. */
	for (hex = 0; hex < 2; hex++) {
		memset(&p, 0, sizeof(p));
		ecat_value_anyint(&v, hex, &p);
		S_contract(&p);
		for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++)
			for (sgn = 0; sgn < 2; sgn++) {
				memset(&p, 0, sizeof(p));
				ecat_value_int(&v, widths[i], sgn, hex, &p);
				S_contract(&p);
				S_fits(&p, widths[i], sgn);
			}
	}

	/* The matcher's GUID test, and the messages' rendering. */
	q = 0;
	if (ecat_value_guidtext(text, n, &q) == 0 && n != 36 && n != 38)
		abort();
	sh = ecat_value_show(&v, show, sizeof(show));
	if (sh == NULL || strlen(sh) >= sizeof(show))
		abort();
	free(text);
	return 0;
}
