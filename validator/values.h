/*
 * values.h: parse one sample value as its field's TDH type (internal).
 *
 * The validator's checks (validate.c, check_*.c) ask only two things
 * of a value: does it parse as the (inType, outType) pair's rendering,
 * and in which quirky form.  The parsers answer without a catalog, a
 * schema or a diagnostics context, so that they can be tested and
 * fuzzed one value at a time (tests/check_values.c,
 * tests/fuzz/fuzz_values.c).  The renderings accepted are those of
 * docs/etw-manifest-reference.md §2.3.
 */
#ifndef ECAT_VALUES_H
#define ECAT_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "sample.h"

/* Accepted non-canonical renderings (sample-noncanonical-value). */
enum ecat_quirk {
	ECAT_Q_PADDED = 0,
	ECAT_Q_NOBRACES,
	ECAT_Q_HEX_NOPREFIX,
	ECAT_Q_HEX_PADDED,
	ECAT_Q_DEC_FOR_HEX,
	ECAT_Q_HEX_FOR_DEC,
	ECAT_Q_REAL_INT,
	ECAT_Q_BOOL_NUM,
	ECAT_Q_NOT_STRING,
	ECAT_Q_BIN_PREFIX,
	ECAT_Q_DIRMARKS,
	ECAT_Q_IPV4_NUM,
	ECAT_Q_TIME_NUM,
	ECAT_Q_IPV6_HEX,
	ECAT_Q__MAX
};

/* What a quirk note says: "padded with spaces"; NULL past the end. */
const char	*ecat_quirk_text(enum ecat_quirk);

/* A parse's result: parsed, not of the type, or parsed but too big. */
enum { ECAT_PV_OK = 0, ECAT_PV_BAD, ECAT_PV_RANGE };

/* A parsed value.  Zero it before a parse (ecat_value_parse does). */
struct ecat_pv {
	int		 res;
	unsigned	 q;		/* 1 << enum ecat_quirk */
	int		 isint;		/* u holds the value */
	int		 neg;		/* negative decimal: the value is -u */
	int		 hex;		/* written in hex */
	uint64_t	 u;
	size_t		 units;		/* binary bytes, string chars */
	char		 why[160];	/* what is wrong, when res is not OK */
};

/* How a value is rendered: the (inType, outType) pair's class. */
enum ecat_vclass {
	ECAT_VC_ANY = 0, ECAT_VC_INT, ECAT_VC_HEX, ECAT_VC_FLOAT,
	ECAT_VC_BOOL, ECAT_VC_GUID, ECAT_VC_STRING, ECAT_VC_WSTRING,
	ECAT_VC_CHAR, ECAT_VC_SID, ECAT_VC_TIME, ECAT_VC_BINARY,
	ECAT_VC_IPV4, ECAT_VC_IPV6, ECAT_VC_SOCKADDR, ECAT_VC_PORT,
	ECAT_VC_ERRCODE, ECAT_VC_ETWTIME
};

struct ecat_vtype {
	enum ecat_vclass cls;
	unsigned	 bytes;		/* the inType's size, 0 if variable */
	int		 sgn;
};

/* The class of an (inType, outType) pair; out must be valid for in
   (ecat_outtype_valid) or the inType's default. */
struct ecat_vtype ecat_vtype_of(enum ecat_intype, enum ecat_outtype);

/*
 * Parse v as type t into *p (zeroed first).  textok: error codes may
 * be their looked-up text (the outType is known, §2.3).  Returns
 * p->res: ECAT_PV_OK, ECAT_PV_BAD or ECAT_PV_RANGE (p->why says why).
 */
int	 ecat_value_parse(const struct ecat_svalue *, struct ecat_vtype,
	    int textok, struct ecat_pv *);

/*
 * Any integer rendering of v (a JSON number, or text: decimal, 0x hex,
 * bare hex digits when hexdefault), any size.  Adds to *p, which the
 * caller zeroes.  Returns p->res.
 */
int	 ecat_value_anyint(const struct ecat_svalue *, int hexdefault,
	    struct ecat_pv *);
/*
 * An integer of the given width in bytes and sign.  hexcanon: Windows
 * renders it in hex, so decimal is a quirk and bare digits in a
 * string are hex.  Adds to *p, which the caller zeroes.  Returns
 * p->res.
 */
int	 ecat_value_int(const struct ecat_svalue *, unsigned bytes, int sgn,
	    int hexcanon, struct ecat_pv *);
/* n bytes at s a GUID, braces optional (their absence sets a quirk in
   *q)?  0 or -1. */
int	 ecat_value_guidtext(const char *s, size_t n, unsigned *q);

/* A short rendering of v for messages ("\"abc\"", "null", "an array
   of 3"), in buf or a constant. */
const char	*ecat_value_show(const struct ecat_svalue *, char *buf,
		    size_t sz);

#endif /* !ECAT_VALUES_H */
