/*
 * check_types.c: the sample validator's check of each captured value's
 * binary type against its field's inType (sample-type-mismatch).
 *
 * An .evtx file keeps, for every substitution value, the type byte the
 * provider's event was written with; it is numbered as the manifest's
 * inType for the scalar types 1 to 0x15, with 0x80 set for an array
 * (docs/etw-manifest-reference.md §2.1; catalog/sample.h).  JSON
 * samples have lost it: "4294967296" cannot say whether the provider
 * wrote a UInt32 or a UInt64.  This is the one check only a capture
 * with types can make, which is why it is a file of its own: the value
 * checks of check_fields.c apply to every format alike.
 *
 * Not every difference of numbers is a difference of types: the event
 * log stores some inTypes as another value type (S_equiv below), each
 * seen in the real captures the comment names.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "sample.h"
#include "vcheck.h"

/* EVTX value types (docs/capture-formats.md, "Value types"). */
#define BT_SIZET	0x10
#define BT_HEX32	0x14
#define BT_HEX64	0x15
#define BT_LASTSCALAR	0x15
#define BT_ARRAY	0x80

/*
 * An inType and a value type the event log stores it as, that are
 * the same type written another way.  Over every .evtx file of the
 * shared captures (../shared/captures/evtx) against the etwlib dump of
 * Win11-24H2-26100.6899, 80,671 values of matched fields have a binary
 * type; those of Pointer fields arrive as HexInt64 (2,159 in 34 files:
 * Security-Auditing, HttpService), HexInt32 (91 in 5) and SizeT (242,
 * all in omerbenamram-evtx/Security_with_size_t.evtx: Security-Auditing
 * 4616, 4624, 4625, 4648); every other value arrives as its field's
 * inType: Boolean as Boolean (1,951: GroupPolicy, LiveId, Bits-Client),
 * HexInt32 and HexInt64 as themselves (1,545 and 4,832:
 * Security-Auditing, RdpCoreTS, Eventlog), AnsiString as AnsiString
 * (672: LiveId, HttpService), so no other pair is listed.
 */
static const struct {
	uint8_t	 in;
	uint8_t	 bt;
} S_equiv[] = {
	/*
	 * win:Pointer is 4 or 8 bytes by the event header's flag; the
	 * event log declares it SizeT in the template and stores it as
	 * HexInt64, or HexInt32 from a 32-bit process
	 * (docs/capture-formats.md: HTTP_Server.evtx, HttpService
	 * events 3 and 51, 586 Pointer values as HexInt64;
	 * evtx-attack-samples' DE_RDP_Tunnel_5156.evtx, Security-Auditing
	 * 4688 ProcessId as HexInt32).
	 */
	{ ECAT_IN_POINTER, BT_HEX64 },
	{ ECAT_IN_POINTER, BT_HEX32 },
	/* SizeT is Pointer's own number, 16: no entry needed. */
};

/* The name of an EVTX value type (without its array bit). */
static const char *
S_btname(unsigned bt)
{
	if (bt == BT_SIZET)
		return "SizeT";
	if (bt >= 1 && bt <= BT_LASTSCALAR)
		return ecat_intype_name((enum ecat_intype)bt);
	return "?";
}

uint8_t
ecat_vbtype(const struct vctx *v, uint32_t j)
{
	const struct ecat_sfield	*sf;
	uint32_t			 t = v->tidx[j];

	if (v->tmap[j] == NULL || (t & 0xffffu) >= v->s->nfields)
		return 0;
	sf = &v->s->fields[t & 0xffffu];
	/* A value matched by position is one of several unnamed ones:
	   their member has a type only when it is one value. */
	if ((t & 0x80000000u) && sf->v.kind == ECAT_SV_ARRAY)
		return 0;
	if ((t & 0x80000000u) == 0 && v->tmap[j] != &sf->v)
		return 0;
	return sf->btype;
}

/* Is a value of binary type bt (array bit cleared) of inType in? */
static int
S_same(enum ecat_intype in, unsigned bt)
{
	size_t	 i;

	if (bt == (unsigned)in)
		return 1;
	for (i = 0; i < sizeof(S_equiv) / sizeof(S_equiv[0]); i++)
		if (S_equiv[i].in == in && S_equiv[i].bt == bt)
			return 1;
	return 0;
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

void
ecat_vcheck_types(struct vctx *v, struct cand *c)
{
	const struct ecat_shape	*sh;
	const struct ecat_field	*f;
	struct ecat_spath	 st[V_MAXSTEPS];
	size_t			 nroot, n;
	uint32_t		 j, t;
	unsigned		 bt, base;

	sh = c->ev->tmpl != NULL ? c->ev->tmpl->shape : NULL;
	if (sh == NULL || sh->verbatim != NULL)
		return;
	nroot = S_rootsteps(v->s, st);
	for (j = 0; j < sh->nfields; j++) {
		f = &sh->fields[j];
		if ((bt = ecat_vbtype(v, j)) == 0)
			continue;
		base = bt & ~BT_ARRAY;
		/*
		 * Nested binary XML (0x21) is no scalar to compare.  The
		 * EVTX value types stop at 0x15 (docs/capture-formats.md):
		 * the counted strings and CountedBinary (22, 23, 25) have
		 * no number of their own there, so what they arrive as
		 * says nothing (none is among the captures' fields).
		 */
		if (base == 0 || base > BT_LASTSCALAR ||
		    f->intype == ECAT_IN_UNKNOWN ||
		    f->intype > BT_LASTSCALAR || (f->flags & ECAT_FIELD_STRUCT))
			continue;
		if (S_same((enum ecat_intype)f->intype, base))
			continue;
		n = nroot;
		t = v->tidx[j];
		st[n].key = v->tname[j];
		st[n++].index = 0;
		if (t & 0x80000000u) {
			st[n].key = NULL;
			st[n++].index = (t >> 16) & 0x7fff;
		}
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_TYPE_MISMATCH, f->name, st, n,
		    "%s%s in the capture, %s in the schema",
		    bt & BT_ARRAY ? "an array of " : "", S_btname(base),
		    f->intype_name != NULL ? f->intype_name :
		    ecat_intype_name((enum ecat_intype)f->intype));
	}
}
