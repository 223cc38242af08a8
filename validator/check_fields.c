/*
 * check_fields.c: the sample validator's checks of an event's payload
 * against its template (docs/etw-manifest-reference.md §1.7
 * templates, §1.8 maps, §2 types): which sample member is which
 * field, presence and order, then each value: its type (values.c),
 * range, length, count and map.
 *
 * Separate from the header and message checks: this is where a
 * sample's members are mapped to the template's fields (vctx.tmap),
 * which the message check then reads.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "sample.h"
#include "values.h"
#include "vcheck.h"

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
	struct ecat_pv			 p;
	int				 i;

	if ((i = S_tfield(sh, name)) < 0 || (val = v->tmap[i]) == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	if (ecat_value_anyint(val, 0, &p) != ECAT_PV_OK || p.neg ||
	    p.u > UINT32_MAX)
		return -1;
	return (int64_t)p.u;
}

/* A mapped value: its number in the map, or its text an entry's. */
static void
S_checkmap(struct vctx *v, struct cand *c, const struct ecat_field *f,
    const struct ecat_svalue *val, const struct ecat_pv *p,
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
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_UNMAPPED, f->name, st, nst,
		    "%s is neither a number nor an entry of %s %s",
		    ecat_value_show(val, show, sizeof(show)),
		    m->bitmap ? "bitMap" : "valueMap", m->name);
		return;
	}
	if (!m->bitmap) {
		for (i = 0; i < m->nentries; i++)
			if (m->entries[i].value == p->u)
				return;
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_UNMAPPED, f->name, st, nst,
		    "%" PRIu64 " is not in valueMap %s (%u entries)", p->u,
		    m->name, m->nentries);
		return;
	}
	for (i = 0; i < m->nentries; i++)
		all |= m->entries[i].value;
	if (p->u & ~all)
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_UNMAPPED, f->name, st, nst,
		    "bits 0x%" PRIx64 " of 0x%" PRIx64 " are not in bitMap %s",
		    p->u & ~all, p->u, m->name);
}

/*
 * The rendering of a value whose binary type bt (array bit cleared) the
 * capture gives: Windows' event XML writes a value by its binary type,
 * not by its field's outType, so an integer type is decimal and
 * HexInt32, HexInt64 and SizeT are 0x hex whatever the outType says
 * (HTTP_Server.evtx: the UInt64 RequestId, outType HexInt64, reads
 * "18374686481819108984"; the UInt32 Status, outType HexInt32, "0").
 * Only the form changes: the width and the range stay the field's,
 * but for a Pointer, whose width a HexInt32 value gives (4 bytes).
 */
static void
S_bttype(struct ecat_vtype *t, const struct ecat_field *f, unsigned bt)
{
	if (bt >= ECAT_IN_INT8 && bt <= ECAT_IN_UINT64 &&
	    t->cls == ECAT_VC_HEX) {
		t->cls = ECAT_VC_INT;
		/* Int8, Int16, Int32, Int64 are the odd numbers. */
		t->sgn = bt & 1;
	} else if ((bt == ECAT_IN_HEXINT32 || bt == ECAT_IN_HEXINT64 ||
	    bt == ECAT_IN_POINTER) && t->cls == ECAT_VC_INT) {
		t->cls = ECAT_VC_HEX;
		t->sgn = 0;
	}
	if (f->intype == ECAT_IN_POINTER && bt == ECAT_IN_HEXINT32)
		t->bytes = 4;
}

/*
 * One scalar value of field f (an array element, or the value), of
 * binary type bt in the capture (0: unknown).  Fills *p.  Reports bad
 * values, ranges, quirks and maps.
 */
static void
S_checkscalar(struct vctx *v, struct cand *c, const struct ecat_field *f,
    const struct ecat_svalue *val, const struct ecat_spath *st, size_t nst,
    unsigned bt, struct ecat_pv *p)
{
	enum ecat_outtype	 out, o;
	struct ecat_vtype	 t;
	struct ecat_pv		 alt;
	int			 lenient;
	char			 show[64];

	out = f->outtype;
	lenient = c->lenient && out == ECAT_OUT_NONE;
	if (out == ECAT_OUT_NONE || !ecat_outtype_valid(f->intype, out))
		out = ecat_outtype_default(f->intype);
	t = ecat_vtype_of(f->intype, out);
	if (bt != 0)
		S_bttype(&t, f, bt);
	ecat_value_parse(val, t, !lenient, p);
	if (lenient && (p->res != ECAT_PV_OK || p->q != 0)) {
		/* Any outType valid for the inType: first clean, else
		   first accepted (default preferred). */
		for (o = 1; o < ECAT_OUT__MAX; o++) {
			if (o == out || !ecat_outtype_valid(f->intype, o))
				continue;
			t = ecat_vtype_of(f->intype, o);
			if (bt != 0)
				S_bttype(&t, f, bt);
			ecat_value_parse(val, t, 0, &alt);
			if (alt.res == ECAT_PV_OK && (alt.q == 0 ||
			    p->res != ECAT_PV_OK))
				*p = alt;
			if (p->res == ECAT_PV_OK && p->q == 0)
				break;
		}
	}
	if (p->res == ECAT_PV_OK) {
		ecat_vquirks(v, c, p->q, f->name, st, nst, val);
		if (f->map != NULL)
			S_checkmap(v, c, f, val, p, st, nst);
		return;
	}
	/* A mapped field may be written as its map entry's text. */
	if (f->map != NULL && val->kind == ECAT_SV_STRING &&
	    p->res == ECAT_PV_BAD) {
		struct ecat_pv q;

		memset(&q, 0, sizeof(q));
		S_checkmap(v, c, f, val, &q, st, nst);
		return;
	}
	ecat_vfind(v, c, p->res == ECAT_PV_RANGE ?
	    ECAT_MSG_SAMPLE_OUT_OF_RANGE : ECAT_MSG_SAMPLE_BAD_VALUE,
	    f->name, st, nst, "%s: %s%s (%s%s%s)",
	    ecat_value_show(val, show, sizeof(show)), p->why, lenient &&
	    p->res == ECAT_PV_BAD ?
	    ", nor another rendering of the type (the schema gives no "
	    "outType)" : "", f->intype_name != NULL ? f->intype_name : "?",
	    !lenient && f->outtype != ECAT_OUT_NONE ? ", " : "",
	    !lenient && f->outtype != ECAT_OUT_NONE ?
	    ecat_outtype_name(f->outtype) : "");
}

/*
 * The value of template field f: an array when it has a count, a
 * struct's members, or one scalar; then its length.  bt: the value's
 * binary type in the capture, array bit cleared (0: unknown).
 */
static void
S_checkfield(struct vctx *v, struct cand *c, const struct ecat_shape *sh,
    const struct ecat_field *f, const struct ecat_svalue *val,
    struct ecat_spath *st, size_t nst, unsigned bt)
{
	const struct ecat_svalue	*elem;
	struct ecat_pv			 p;
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
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_BAD_COUNT, f->name, st, nst,
		    "%u values for a field that holds one", n);
		return;
	}
	if (isarray && count >= 0 && (int64_t)n != count)
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_BAD_COUNT, f->name, st, nst,
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
				ecat_vfind(v, c, ECAT_MSG_SAMPLE_BAD_VALUE,
				    f->name, st, nst +
				    (val->kind == ECAT_SV_ARRAY),
				    "%s where the struct %s is expected",
				    ecat_value_show(elem, show, sizeof(show)),
				    f->name);
			continue;
		}
		S_checkscalar(v, c, f, elem, st, nst +
		    (val->kind == ECAT_SV_ARRAY), bt, &p);
		if (p.res != ECAT_PV_OK || length < 0)
			continue;
		/*
		 * Length (§1.7): bytes for Binary, exactly; WCHARs or
		 * bytes for a fixed-length string, whose NUL padding is
		 * not rendered, so only a longer value disagrees.
		 */
		if ((f->intype == ECAT_IN_BINARY) && (int64_t)p.units != length)
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_BAD_LENGTH, f->name,
			    st, nst + (val->kind == ECAT_SV_ARRAY),
			    "%zu bytes, the length %s%s is %" PRId64, p.units,
			    f->length_ref != NULL ? "field " : "",
			    f->length_ref != NULL ? f->length_ref : "", length);
		else if ((f->intype == ECAT_IN_UNICODESTRING ||
		    f->intype == ECAT_IN_ANSISTRING) &&
		    (int64_t)p.units > length)
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_BAD_LENGTH, f->name,
			    st, nst + (val->kind == ECAT_SV_ARRAY),
			    "%zu %s, more than the length %s%s, %" PRId64,
			    p.units,
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
void
ecat_vcheck_fields(struct vctx *v, struct cand *c)
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

			ecat_vfind(v, c, ECAT_MSG_SAMPLE_NONCANONICAL, NULL, st,
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
				ecat_vfind(v, c,
				    ECAT_MSG_SAMPLE_UNEXPECTED_FIELD,
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
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_NONCANONICAL,
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
				ecat_vfind(v, c,
				    ECAT_MSG_SAMPLE_UNEXPECTED_FIELD, name, st,
				    nroot + 1, "%s differs from the template's "
				    "%s in case only", ecat_value_show(&(struct
				    ecat_svalue){ ECAT_SV_STRING, 0, 0, name,
				    strlen(name), 0, 0, NULL, NULL }, show,
				    sizeof(show)), sh->fields[k].name);
				ti = (int)k;
			} else {
				if (sh == NULL)
					ecat_vfind(v, c,
					    ECAT_MSG_SAMPLE_UNEXPECTED_FIELD,
					    name, st, nroot + 1, "the event has "
					    "no template");
				else
					ecat_vfind(v, c,
					    ECAT_MSG_SAMPLE_UNEXPECTED_FIELD,
					    name, st, nroot + 1, "not in the "
					    "template (%u field%s)", nf,
					    nf == 1 ? "" : "s");
				continue;
			}
		}
		if (v->tmap[ti] != NULL) {
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_UNEXPECTED_FIELD, name,
			    st, nroot + 1, "field %s given twice",
			    sh->fields[ti].name);
			continue;
		}
		v->tmap[ti] = &sf->v;
		v->tname[ti] = name;
		v->tidx[ti] = j;
		if (ti < prevti && !reported) {
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_FIELD_ORDER,
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
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_MISSING_FIELD, f->name,
			    st, nroot, "%s (%s, field %u of %u)", f->name[0] ?
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
		S_checkfield(v, c, sh, f, v->tmap[j], st, i,
		    ecat_vbtype(v, j) & 0x7fu);
	}
}

