/*
 * lint_fields.c: the template- and field-level checks of the schema
 * lint pass (docs/etw-manifest-reference.md §4; the pass is lint.c's):
 * duplicate field names, inType and outType, binary lengths, count=,
 * length= and map= references, and the names TDH rebuilds strip.  A
 * file of its own because a template's checks need none of the
 * event-level machinery, only the schema's map table.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lcheck.h"

/*
 * Returns where a field diagnostic points: its line, else the
 * template's.  A TSV file's templates may be an earlier build's alike
 * file's (catalog/model.c shares them): the file is the schema's.
 */
static struct ecat_loc
S_fieldloc(const struct lint *l, const struct ecat_template *t,
    uint32_t top)
{
	struct ecat_loc	 loc = t->loc;

	if (l->ps->tsv_file != NULL)
		loc.file = l->ps->loc.file;
	if (t->field_lines != NULL && t->shape != NULL &&
	    top < t->shape->nfields && t->field_lines[top] != 0) {
		loc.line = t->field_lines[top];
		loc.col = 0;
	}
	return loc;
}

/* ------------------------------------------------------ field checks */

/* A field in its template: top-level index, and its struct if a member. */
struct fpos {
	const struct ecat_template	*t;
	const struct ecat_field		*f;
	const struct ecat_field		*parent;	/* NULL: top level */
	uint32_t			 top;		/* top-level index */
	uint32_t			 member;	/* index in parent */
};

typedef void (*lint_field_fn)(struct lint *, const struct fpos *);

static void
S_fmsg(struct lint *l, enum ecat_msg m, const struct fpos *fp,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Emit m about a field, at its line, with the field in the context. */
static void
S_fmsg(struct lint *l, enum ecat_msg m, const struct fpos *fp,
    const char *fmt, ...)
{
	struct ecat_loc	 loc = S_fieldloc(l, fp->t, fp->top);
	va_list		 ap;

	l->ctx.field = fp->f->name;
	ecat_buf_reset(&l->tmp);
	va_start(ap, fmt);
	ecat_buf_vprintf(&l->tmp, fmt, ap);
	va_end(ap);
	/*
	 * "(Pairs.Key in PairArgs)": where, since one line may hold more.
	 * TSV templates have no tid: name the first event using them.
	 */
	ecat_buf_printf(&l->tmp, " (%s%s%s", fp->parent != NULL &&
	    fp->parent->name != NULL ? fp->parent->name : "",
	    fp->parent != NULL ? "." : "", fp->f->name != NULL &&
	    fp->f->name[0] != '\0' ? fp->f->name : "unnamed item");
	if (fp->t->tid == NULL && l->ctx.event_id >= 0)
		ecat_buf_printf(&l->tmp, " of event %lld version %d)",
		    (long long)l->ctx.event_id, (int)l->ctx.version);
	else
		ecat_buf_printf(&l->tmp, " in %s)", lint_tid(fp->t));
	ecat_msgx(l->cat->diag, m, &loc, &l->ctx, "%s", l->tmp.buf);
	l->ctx.field = NULL;
}

/* Is s all decimal digits? */
static int
S_isnumber(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/*
 * ECAT_FIELD_TYPE_CASE covers both types of a field: tell which one was
 * written in another case ("hexInt32" for "HexInt32").  Aliases such as
 * CountedUtf16String differ in more than case and are not reported.
 */
static int
S_folded(const char *written, const char *canon)
{
	return written != NULL && canon != NULL &&
	    strcmp(written, canon) != 0 && strcasecmp(written, canon) == 0;
}

/*
 * inType must be a winmeta type (§2.1, §4).  TraceEvent's rebuilder
 * (§5.4) writes a struct as a bare number on a plain <data> ("win:29":
 * TDH's StructStartIndex read through the InType union, see tsv.c) or
 * as "win:Struct": placeholders of the rebuild, not authoring errors,
 * so they get their own id and a reader can filter them.
 */
static void
S_check_intype(struct lint *l, const struct fpos *fp)
{
	const struct ecat_field	*f = fp->f;
	const char		*n = f->intype_name != NULL ? f->intype_name : "";

	if (f->flags & ECAT_FIELD_STRUCT)
		return;
	if (f->intype == ECAT_IN_STRUCT)
		S_fmsg(l, ECAT_MSG_LINT_INTYPE_PLACEHOLDER, fp, "%s%s%s on a "
		    "data item, not a <struct>: its members are not given",
		    f->intype_ns != NULL ? f->intype_ns : "",
		    f->intype_ns != NULL ? ":" : "", n);
	else if (f->intype == ECAT_IN_UNKNOWN && S_isnumber(n))
		S_fmsg(l, ECAT_MSG_LINT_INTYPE_PLACEHOLDER, fp, "%s%s%s, a bare "
		    "number: a struct, numbered where its members start in "
		    "TDH's property list; the members are not given",
		    f->intype_ns != NULL ? f->intype_ns : "",
		    f->intype_ns != NULL ? ":" : "", n);
	else if (f->intype == ECAT_IN_UNKNOWN)
		S_fmsg(l, ECAT_MSG_LINT_UNKNOWN_INTYPE, fp, "%s%s%s",
		    f->intype_ns != NULL ? f->intype_ns : "",
		    f->intype_ns != NULL ? ":" : "",
		    n[0] != '\0' ? n : "(empty)");
	else if ((f->flags & ECAT_FIELD_TYPE_CASE) && S_folded(n,
	    ecat_intype_name(f->intype)))
		S_fmsg(l, ECAT_MSG_LINT_NAME_CASE, fp, "inType %s%s%s read as "
		    "%s", f->intype_ns != NULL ? f->intype_ns : "",
		    f->intype_ns != NULL ? ":" : "", n,
		    ecat_intype_qname(f->intype));
	/* etwlib's table spells DateTime "xs:datetime" (lint.c). */
	if ((f->flags & ECAT_FIELD_TYPE_CASE) && f->outtype_name != NULL &&
	    S_folded(f->outtype_name, ecat_outtype_name(f->outtype)))
		S_fmsg(l, l->etwlib ? ECAT_MSG_LINT_DUMP_TYPE :
		    ECAT_MSG_LINT_NAME_CASE, fp, "outType %s%s%s read as "
		    "%s%s", f->outtype_ns != NULL ? f->outtype_ns : "",
		    f->outtype_ns != NULL ? ":" : "", f->outtype_name,
		    ecat_outtype_qname(f->outtype), l->etwlib ?
		    ", etwlib's spelling" : "");
}

/*
 * What kind of value a type holds, and for integers its size in bytes
 * (0: 4 or 8, a pointer's), so that an outType that cannot present
 * an inType's value is told from one the winmeta list only happens not
 * to allow (§2.1).
 */
enum vkind { VK_NONE, VK_STR, VK_INT, VK_FLT, VK_BOOL, VK_BIN, VK_GUID,
	VK_TIME, VK_SID };

static enum vkind
S_inkind(enum ecat_intype t, unsigned *size)
{
	*size = 0;
	switch (t) {
	case ECAT_IN_UNICODESTRING:
	case ECAT_IN_ANSISTRING:
	case ECAT_IN_COUNTEDSTRING:
	case ECAT_IN_COUNTEDANSISTRING:
		return VK_STR;
	case ECAT_IN_INT8:
	case ECAT_IN_UINT8:
	case ECAT_IN_INT16:
	case ECAT_IN_UINT16:
	case ECAT_IN_INT32:
	case ECAT_IN_UINT32:
	case ECAT_IN_INT64:
	case ECAT_IN_UINT64:
	case ECAT_IN_HEXINT32:
	case ECAT_IN_HEXINT64:
		*size = ecat_intype_size(t);
		return VK_INT;
	case ECAT_IN_POINTER:
		return VK_INT;
	case ECAT_IN_FLOAT:
	case ECAT_IN_DOUBLE:
		return VK_FLT;
	case ECAT_IN_BOOLEAN:
		return VK_BOOL;
	case ECAT_IN_BINARY:
	case ECAT_IN_COUNTEDBINARY:
		return VK_BIN;
	case ECAT_IN_GUID:
		return VK_GUID;
	case ECAT_IN_FILETIME:
	case ECAT_IN_SYSTEMTIME:
		return VK_TIME;
	case ECAT_IN_SID:
		return VK_SID;
	default:
		return VK_NONE;
	}
}

static enum vkind
S_outkind(enum ecat_outtype t, unsigned *size)
{
	*size = 0;
	switch (t) {
	case ECAT_OUT_STRING:
	case ECAT_OUT_XML:
	case ECAT_OUT_JSON:
	case ECAT_OUT_UTF8:
		return VK_STR;
	case ECAT_OUT_BYTE:
	case ECAT_OUT_UNSIGNEDBYTE:
	case ECAT_OUT_HEXINT8:
		*size = 1;
		return VK_INT;
	case ECAT_OUT_SHORT:
	case ECAT_OUT_UNSIGNEDSHORT:
	case ECAT_OUT_HEXINT16:
	case ECAT_OUT_PORT:
		*size = 2;
		return VK_INT;
	case ECAT_OUT_INT:
	case ECAT_OUT_UNSIGNEDINT:
	case ECAT_OUT_HEXINT32:
	case ECAT_OUT_PID:
	case ECAT_OUT_TID:
	case ECAT_OUT_IPV4:
	case ECAT_OUT_ERRORCODE:
	case ECAT_OUT_WIN32ERROR:
	case ECAT_OUT_NTSTATUS:
	case ECAT_OUT_HRESULT:
		*size = 4;
		return VK_INT;
	case ECAT_OUT_LONG:
	case ECAT_OUT_UNSIGNEDLONG:
	case ECAT_OUT_HEXINT64:
	case ECAT_OUT_ETWTIME:
		*size = 8;
		return VK_INT;
	case ECAT_OUT_CODEPOINTER:
		return VK_INT;
	case ECAT_OUT_FLOAT:
	case ECAT_OUT_DOUBLE:
		return VK_FLT;
	case ECAT_OUT_BOOLEAN:
		return VK_BOOL;
	case ECAT_OUT_GUID:
		return VK_GUID;
	case ECAT_OUT_DATETIME:
	case ECAT_OUT_CIMDATETIME:
	case ECAT_OUT_DATETIME_CULTURE_INSENSITIVE:
	case ECAT_OUT_DATETIME_UTC:
		return VK_TIME;
	case ECAT_OUT_HEXBINARY:
	case ECAT_OUT_IPV6:
	case ECAT_OUT_SOCKETADDRESS:
	case ECAT_OUT_PKCS7:
		return VK_BIN;
	default:
		return VK_NONE;
	}
}

/*
 * Can outType out present a value of inType in at all: the same kind
 * of value, an integer of the same size?  Returns 1 or 0.
 */
static int
S_presents(enum ecat_intype in, enum ecat_outtype out)
{
	enum vkind	 ki, ko;
	unsigned	 si, so;

	ki = S_inkind(in, &si);
	ko = S_outkind(out, &so);
	if (ki == VK_NONE || ko == VK_NONE)
		return 1;
	if (ki != ko)
		return 0;
	return ki != VK_INT || si == 0 || so == 0 || si == so;
}

/* §2.2 and tdh.h: a decoder falls back to the inType's default. */
static void
S_check_outtype(struct lint *l, const struct fpos *fp)
{
	const struct ecat_field	*f = fp->f;

	if (f->outtype_name == NULL || (f->flags & ECAT_FIELD_STRUCT) ||
	    f->intype == ECAT_IN_UNKNOWN || f->intype == ECAT_IN_STRUCT)
		return;
	/*
	 * An etwlib dump writes win:Binary for an outType its table has
	 * no name for, and a struct's member range as its inType and
	 * outType (lint.c): notes, where the pair cannot be the
	 * provider's choice.
	 */
	if (l->etwlib && f->outtype == ECAT_OUT_NONE &&
	    strcmp(f->outtype_name, "Binary") == 0) {
		S_fmsg(l, ECAT_MSG_LINT_DUMP_TYPE, fp, "outType %s%s%s: "
		    "etwlib's stand-in for an outType it cannot name",
		    f->outtype_ns != NULL ? f->outtype_ns : "",
		    f->outtype_ns != NULL ? ":" : "", f->outtype_name);
		return;
	}
	if (l->etwlib && f->outtype != ECAT_OUT_NONE &&
	    !ecat_outtype_valid(f->intype, f->outtype) &&
	    !S_presents(f->intype, f->outtype)) {
		S_fmsg(l, ECAT_MSG_LINT_DUMP_TYPE, fp, "%s with %s: a struct, "
		    "whose first member and member count etwlib writes as "
		    "inType and outType", ecat_intype_qname(f->intype),
		    ecat_outtype_qname(f->outtype));
		return;
	}
	if (f->outtype == ECAT_OUT_NONE)
		S_fmsg(l, ECAT_MSG_LINT_BAD_OUTTYPE, fp, "unknown outType "
		    "%s%s%s; %s applies", f->outtype_ns != NULL ?
		    f->outtype_ns : "", f->outtype_ns != NULL ? ":" : "",
		    f->outtype_name, ecat_outtype_qname(
		    ecat_outtype_default(f->intype)) != NULL ?
		    ecat_outtype_qname(ecat_outtype_default(f->intype)) :
		    "the default");
	else if (!ecat_outtype_valid(f->intype, f->outtype))
		S_fmsg(l, ECAT_MSG_LINT_BAD_OUTTYPE, fp, "%s with %s; %s "
		    "applies", ecat_intype_qname(f->intype),
		    ecat_outtype_qname(f->outtype),
		    ecat_outtype_qname(ecat_outtype_default(f->intype)) !=
		    NULL ? ecat_outtype_qname(ecat_outtype_default(f->intype)) :
		    "the default");
}

/*
 * win:Binary needs a length (§1.7; §2.1: "length bytes"), with or
 * without count: an array of blobs has no exemption, nor has a struct
 * member.  The one exemption is outType win:IPv6, which implies 16
 * bytes (§2.1).  Counted binaries (CountedBinary) carry their size.
 *
 * A TDH rebuild cannot show a fixed length: PerfView's
 * RegisteredTraceEventParser writes length= and count= only for
 * PropertyParamLength and PropertyParamCount (a reference to another
 * item), never a literal, and writes no outType.  None of the 870
 * rebuilt manifests of Windows 10 1803 has a literal length, and 186
 * of their 1,043 Binary items have none (Kernel-Network's IPv6
 * addresses, 16 bytes in TDH, among them).  There the missing length
 * says nothing about the real schema: a note under its own id.
 */
static void
S_check_binary(struct lint *l, const struct fpos *fp)
{
	const struct ecat_field	*f = fp->f;

	if (f->intype != ECAT_IN_BINARY || (f->flags & ECAT_FIELD_LENGTH) ||
	    f->length_ref != NULL || f->length != 0 ||
	    f->outtype == ECAT_OUT_IPV6)
		return;
	/* etwlib writes no literal length either (lint.c). */
	if (l->rebuilt || l->etwlib) {
		S_fmsg(l, ECAT_MSG_LINT_BINARY_LENGTH_LOST, fp, "%s",
		    (f->flags & ECAT_FIELD_COUNT) || f->count_ref != NULL ?
		    "each blob's length is unknown" :
		    "its length is unknown");
		return;
	}
	S_fmsg(l, ECAT_MSG_LINT_BINARY_NO_LENGTH, fp, "%s",
	    (f->flags & ECAT_FIELD_COUNT) || f->count_ref != NULL ?
	    "an array of blobs still needs each blob's length" :
	    "a decoder cannot tell where it ends");
}

/*
 * count= and length= may name another item (§1.7).  Decoders read the
 * payload in order, so the item must come earlier, and its value is
 * the size, so it must be a scalar unsigned integer of at most 32
 * bits: UInt8, UInt16, UInt32 or HexInt32 (§1.7, the list of what a
 * count or length may name).  All three are errors: an item that is
 * missing or later cannot be read, and one of another type (a string,
 * an array, a signed or 64-bit number) gives no size a decoder can
 * trust.  Members of a struct may name an earlier member of the same
 * struct or an item before the struct.
 */
/*
 * ref with every character other than [A-Za-z0-9_] removed, in b, when
 * that differs from ref and names an item before fp; else NULL.
 */
static const char *
S_stripped_item(const struct lint *l, const struct fpos *fp, const char *ref,
    struct ecat_buf *b)
{
	const struct ecat_shape	*sh = fp->t->shape;
	const char		*p;
	uint32_t		 i;

	ecat_buf_reset(b);
	ecat_buf_put(b, "", 0);
	for (p = ref; *p != '\0'; p++)
		if (isalnum((unsigned char)*p) || *p == '_')
			ecat_buf_putc(b, *p);
	if (strcmp(b->buf, ref) == 0 || b->len == 0)
		return NULL;
	if (l->fnames != NULL) {
		const struct ecat_hent *e = lint_hget(l->fnames, b->buf, b->len, 0);

		return e != NULL && (const struct ecat_field *)e->v.p -
		    sh->fields < fp->top ? b->buf : NULL;
	}
	for (i = 0; i < fp->top && i < sh->nfields; i++)
		if (sh->fields[i].name != NULL &&
		    strcmp(sh->fields[i].name, b->buf) == 0)
			return b->buf;
	return NULL;
}

static void
S_check_ref(struct lint *l, const struct fpos *fp, const char *ref,
    enum ecat_msg m, const char *what)
{
	const struct ecat_shape	*sh = fp->t->shape;
	const struct ecat_field	*g = NULL;
	uint32_t		 i;
	int			 later = 0, self = 0;

	/* Earlier siblings first, then (for members) earlier top-level. */
	if (l->fnames != NULL) {
		/* The same lookups, through the template's table. */
		const struct ecat_hent	*e;
		size_t			 len = strlen(ref);

		if (fp->parent != NULL && (e = lint_hget(l->fnames, ref, len,
		    (uint64_t)fp->top + 1)) != NULL) {
			if ((const struct ecat_field *)e->v.p -
			    fp->parent->members < fp->member)
				g = e->v.p;
			else
				later = 1;
		}
		if (g == NULL && (e = lint_hget(l->fnames, ref, len, 0)) !=
		    NULL) {
			i = (uint32_t)((const struct ecat_field *)e->v.p -
			    sh->fields);
			if (i < fp->top)
				g = e->v.p;
			else if (i == fp->top && fp->parent == NULL)
				self = 1;
			else
				later = 1;
		}
	} else if (fp->parent != NULL) {
		for (i = 0; i < fp->parent->nmembers; i++) {
			const struct ecat_field *c = &fp->parent->members[i];

			if (c->name == NULL || strcmp(c->name, ref) != 0)
				continue;
			if (i < fp->member) {
				g = c;
				break;
			}
			later = 1;
		}
	}
	/* A member's struct is at fp->top: items before it qualify. */
	for (i = 0; l->fnames == NULL && g == NULL && i < sh->nfields; i++) {
		if (sh->fields[i].name == NULL ||
		    strcmp(sh->fields[i].name, ref) != 0)
			continue;
		if (i < fp->top)
			g = &sh->fields[i];
		else if (i == fp->top && fp->parent == NULL)
			self = 1;
		else
			later = 1;
		break;
	}
	if (g == NULL && !self && !later && S_stripped_item(l, fp, ref,
	    &l->tmp2) != NULL) {
		/*
		 * PerfView's rebuild strips all but [A-Za-z0-9_] from item
		 * names and writes count=/length= from the unstripped
		 * names (RegisteredTraceEventParser.cs): "Byte Length".
		 */
		S_fmsg(l, m, fp, "%s=%s names no item of the template; the "
		    "TDH rebuild wrote item %s without the other characters",
		    what, ref, l->tmp2.buf);
		return;
	}
	if (g == NULL) {
		S_fmsg(l, m, fp, "%s=%s names %s", what, ref, self ?
		    "the item itself" : later ? "an item that comes later" :
		    "no item of the template");
		return;
	}
	if (g->flags & (ECAT_FIELD_STRUCT | ECAT_FIELD_COUNT)) {
		S_fmsg(l, m, fp, "%s=%s names %s, not a scalar", what, ref,
		    g->flags & ECAT_FIELD_STRUCT ? "a struct" : "an array");
		return;
	}
	switch (g->intype) {
	case ECAT_IN_UINT8:
	case ECAT_IN_UINT16:
	case ECAT_IN_UINT32:
	case ECAT_IN_HEXINT32:
		return;
	default:
		S_fmsg(l, m, fp, "%s=%s names an item of type %s, not UInt8, "
		    "UInt16, UInt32 or HexInt32", what, ref,
		    g->intype_name != NULL ? g->intype_name : "unknown");
		return;
	}
}

static void
S_check_count(struct lint *l, const struct fpos *fp)
{
	if (fp->f->count_ref != NULL)
		S_check_ref(l, fp, fp->f->count_ref, ECAT_MSG_LINT_COUNT_REF,
		    "count");
}

static void
S_check_length(struct lint *l, const struct fpos *fp)
{
	if (fp->f->length_ref != NULL)
		S_check_ref(l, fp, fp->f->length_ref, ECAT_MSG_LINT_LENGTH_REF,
		    "length");
}

static void
S_check_map_ref(struct lint *l, const struct fpos *fp)
{
	enum refres	 r;
	const char	*hint = NULL, *m = fp->f->map;

	if (m == NULL)
		return;
	r = lint_resolve(&l->maps, m, strlen(m), 0, NULL, &hint);
	if (r == REF_CASE)
		S_fmsg(l, ECAT_MSG_LINT_DANGLING_MAP, fp, "%s (defined as %s; "
		    "names are case-sensitive)", m, hint);
	else if (r == REF_MISSING)
		S_fmsg(l, ECAT_MSG_LINT_DANGLING_MAP, fp, "%s", m);
}

static const struct {
	lint_field_fn	 fn;
	unsigned	 fmts;
} field_checks[] = {
	/* MOF type names (String, SInt64, Object) are not winmeta's. */
	{ S_check_intype,	L_MAN | L_TSV },
	{ S_check_outtype,	L_MAN },
	{ S_check_binary,	L_MAN },
	{ S_check_count,	L_MAN },
	{ S_check_length,	L_MAN },
	{ S_check_map_ref,	L_MAN },
};

/* --------------------------------------------------- template checks */

typedef void (*lint_tmpl_fn)(struct lint *, const struct ecat_template *);

/* Names are unique within a template (§1.7, emc). */
static void
S_check_dupfield(struct lint *l, const struct ecat_template *t)
{
	const struct ecat_shape	*sh = t->shape;
	struct ecat_htab	 h;
	struct fpos		 fp;
	const struct ecat_hent	*e;
	uint32_t		 i, j;

	if (sh->nfields < 2)
		return;
	memset(&fp, 0, sizeof(fp));
	fp.t = t;
	if (sh->nfields <= 12) {
		/* Small lists: pairs are cheaper than a table. */
		for (i = 1; i < sh->nfields; i++) {
			if (sh->fields[i].name == NULL ||
			    sh->fields[i].name[0] == '\0')
				continue;
			for (j = 0; j < i; j++)
				if (sh->fields[j].name != NULL &&
				    strcmp(sh->fields[j].name,
				    sh->fields[i].name) == 0)
					break;
			if (j == i)
				continue;
			fp.f = &sh->fields[i];
			fp.top = i;
			S_fmsg(l, ECAT_MSG_LINT_DUP_NAME, &fp, "also item %u",
			    (unsigned)j + 1);
		}
		return;
	}
	lint_hinit(&h, sh->nfields, 0);
	for (i = 0; i < sh->nfields; i++) {
		const char *n = sh->fields[i].name;

		if (n == NULL || n[0] == '\0')
			continue;
		e = lint_hput(&h, n, strlen(n), 0, &sh->fields[i]);
		if (e->v.p == &sh->fields[i])
			continue;
		fp.f = &sh->fields[i];
		fp.top = i;
		S_fmsg(l, ECAT_MSG_LINT_DUP_NAME, &fp, "also item %u",
		    (unsigned)((const struct ecat_field *)e->v.p - sh->fields) +
		    1);
	}
	ecat_htab_free(&h);
}

/*
 * Run the field table over every item and struct member.  A template
 * of more than S_SMALL items gets a name table for the reference
 * checks (struct lint, fnames).
 */
#define S_SMALL	16

static void
S_check_fields(struct lint *l, const struct ecat_template *t)
{
	const struct ecat_shape	*sh = t->shape;
	struct fpos		 fp;
	struct ecat_htab	 h;
	size_t			 n = sh->nfields;
	uint32_t		 i, k, c;

	for (i = 0; i < sh->nfields; i++)
		n += sh->fields[i].nmembers;
	if (n > S_SMALL) {
		lint_hinit(&h, n, 0);
		for (i = 0; i < sh->nfields; i++) {
			const struct ecat_field *f = &sh->fields[i];

			if (f->name != NULL)
				lint_hput(&h, f->name, strlen(f->name), 0, f);
			for (k = 0; k < f->nmembers; k++)
				if (f->members[k].name != NULL)
					lint_hput(&h, f->members[k].name,
					    strlen(f->members[k].name),
					    (uint64_t)i + 1, &f->members[k]);
		}
		l->fnames = &h;
	}
	memset(&fp, 0, sizeof(fp));
	fp.t = t;
	for (i = 0; i < sh->nfields; i++) {
		fp.f = &sh->fields[i];
		fp.parent = NULL;
		fp.top = i;
		for (c = 0; c < sizeof(field_checks) / sizeof(field_checks[0]);
		    c++)
			if (field_checks[c].fmts & l->fmt)
				field_checks[c].fn(l, &fp);
		if (!(sh->fields[i].flags & ECAT_FIELD_STRUCT))
			continue;
		fp.parent = &sh->fields[i];
		for (k = 0; k < sh->fields[i].nmembers; k++) {
			fp.f = &sh->fields[i].members[k];
			fp.member = k;
			for (c = 0; c < sizeof(field_checks) /
			    sizeof(field_checks[0]); c++)
				if (field_checks[c].fmts & l->fmt)
					field_checks[c].fn(l, &fp);
		}
	}
	if (l->fnames != NULL) {
		ecat_htab_free(&h);
		l->fnames = NULL;
	}
}

static const struct {
	lint_tmpl_fn	 fn;
	unsigned	 fmts;
} template_checks[] = {
	{ S_check_dupfield,	L_ALL },
	{ S_check_fields,	L_ALL },
};

void
lint_template(struct lint *l, const struct ecat_template *t,
    const struct ecat_event *user)
{
	size_t	 c;

	if (t->shape == NULL)
		return;
	lint_evctx(l, user);
	for (c = 0; c < sizeof(template_checks) / sizeof(template_checks[0]);
	    c++)
		if (template_checks[c].fmts & l->fmt)
			template_checks[c].fn(l, t);
}

