/*
 * manifest.c: the instrumentationManifest XML loader, and the entry of
 * both XML loaders: a document is told apart by its root element and
 * handed to the manifest walker below or to the WEPExplorer loader
 * (wepexplorer.c).  The parse itself, with its refusals of hostile
 * input, its repair and recovery, is xml.c's; the loader state and
 * its helpers are xld.c's.
 *
 * One parse per file (xmlCreateMemoryParserCtxt over the caller's
 * buffer), one walk of the tree, the document freed at once: nothing
 * from libxml2 is kept, every string the model holds is interned.
 *
 * A template keeps its first ECAT_MAX_FIELDS items and a string longer
 * than ECAT_MAX_STRING bytes is not kept (limit-exceeded; load.h).
 *
 * Section numbers (§) refer to docs/etw-manifest-reference.md.
 *
 * Names are resolved the way mc does (reference §1.1, §1.4, §8):
 * QNames in attribute values through xmlSearchNs on the element, so a
 * winmeta name is one whose prefix is bound to the winmeta URI, whatever
 * the prefix text; provider-defined names are compared as written (the
 * TraceEvent rebuild writes names such as "ut:SendPath" whose prefix is
 * never declared).  Definitions are read before events, since children
 * of <provider> come in any order.  A reference that does not resolve
 * keeps its name and lacks its ECAT_HAS_* bit; lint reports it.  A
 * channel declared without value= has no number to give its events
 * (mc would assign one): they keep the name, without ECAT_HAS_CHANNEL.
 *
 * A Windows component manifest (<assembly> in the asm.v3 namespace:
 * Microsoft's SystemEvents.man and CSV.man) carries the same
 * <instrumentation> and <localization> sections among its own
 * elements, written in its own namespace, around <events> in the
 * events one; both sections are read from it as from an
 * <instrumentationManifest>, and the rest (assemblyIdentity with its
 * $(build.*) placeholders, registry keys, counters) is not.
 *
 * An etwlib dump (S_etwlib) is read as written, with three readings
 * that its generator's output makes certain (etwcat.1, CATALOG SOURCE
 * LAYOUT): a provider without events has name="" and the zero GUID,
 * and the file's name gives both; a task's message= is made up from
 * its value and not read; an event's level= is TDH's display name of
 * the level, whose value is known for winmeta's.  And an event without
 * template= has fields the dump does not give, which the schema's
 * etwlib flag says: etwlib names a template only for an event whose
 * field list is not within an earlier one's (41,527 of the 57,904
 * events of 26100.6899 have none; of the 24,177 of them that jdu2600's
 * TSV of 26100 gives fields, 23,471 have fields all named in another
 * template of the same dump).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "io.h"
#include "xld.h"

/* The namespace of a Windows component manifest's own elements. */
#define NS_ASMV3	"urn:schemas-microsoft-com:asm.v3"

/*
 * Is n the element k?  Everything in an <instrumentationManifest> is
 * in the events namespace; in a component manifest (wrapped) the
 * sections around <events> may be in the asm.v3 one, as SystemEvents.man
 * writes <instrumentation>, <localization>, <resources>, <stringTable>
 * and <string>.
 */
static int
S_el(struct xld *ld, const xmlNode *n, enum xld_nm k, int wrapped)
{
	if (xld_is(ld, n, k))
		return 1;
	return wrapped && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, NS_ASMV3) == 0 &&
	    xld_nmof(ld, n->name) == k;
}

/* ------------------------------------------------ localization (§1.9) */

/*
 * Build the string table from the en-US <resources>, or the first one
 * when there is no en-US.
 */
static void
S_strings(struct xld *ld, const xmlNode *root, int wrapped)
{
	const xmlNode	*loc, *res, *pick = NULL, *tab, *s;
	const char	*culture, *id, *val;
	size_t		 n = 0;

	for (loc = root->children; loc != NULL; loc = loc->next) {
		if (!S_el(ld, loc, N_LOCALIZATION, wrapped))
			continue;
		for (res = loc->children; res != NULL; res = res->next) {
			if (!S_el(ld, res, N_RESOURCES, wrapped))
				continue;
			if (pick == NULL)
				pick = res;
			culture = xld_attr(ld, res, N_CULTURE);
			if (culture != NULL &&
			    strcasecmp(culture, "en-US") == 0) {
				pick = res;
				break;
			}
		}
		if (pick != NULL)
			break;
	}
	if (pick == NULL)
		return;
	for (tab = pick->children; tab != NULL; tab = tab->next)
		if (S_el(ld, tab, N_STRINGTABLE, wrapped))
			for (s = tab->children; s != NULL; s = s->next)
				n += S_el(ld, s, N_STRING, wrapped);
	ecat_htab_init(&ld->strs, ECAT_HKEY_STR, n);
	for (tab = pick->children; tab != NULL; tab = tab->next) {
		if (!S_el(ld, tab, N_STRINGTABLE, wrapped))
			continue;
		for (s = tab->children; s != NULL; s = s->next) {
			if (!S_el(ld, s, N_STRING, wrapped))
				continue;
			if ((id = xld_req(ld, s, N_ID)) == NULL ||
			    (val = xld_req(ld, s, N_VALUE)) == NULL)
				continue;
			if (strlen(val) > ECAT_MAX_STRING) {
				xld_msg(ld, ECAT_MSG_LIMIT, s, "string %.*s of "
				    "%zu bytes; the limit is %d; not kept",
				    ECHO_MAX, id, strlen(val), ECAT_MAX_STRING);
				continue;
			}
			xld_str_add(&ld->strs, id, val);
		}
	}
}

/* -------------------------------------------------- definitions (§1.5) */

/* name, symbol, message and loc of a definition. */
static void
S_named(struct xld *ld, const xmlNode *n, struct ecat_named *d)
{
	d->name = xld_iattr(ld, n, N_NAME);
	d->symbol = xld_iattr(ld, n, N_SYMBOL);
	d->message_ref = xld_iattr(ld, n, N_MESSAGE);
	d->message = xld_message(ld, n);
	d->loc = xld_loc(ld, n);
	d->task = -1;
}

static void
S_channel(struct xld *ld, const xmlNode *n, struct ecat_named *d,
    uint32_t idx, int imported)
{
	const struct ecat_winmeta	*wm;
	const char			*v;
	uint64_t			 u;

	S_named(ld, n, d);
	if (xld_req(ld, n, N_NAME) == NULL)
		d->name = NULL;
	d->chid = xld_iattr(ld, n, N_CHID);
	d->imported = imported;
	if (!imported) {
		if ((d->type = xld_iattr(ld, n, N_TYPE)) == NULL)
			xld_req(ld, n, N_TYPE);
		v = xld_attr(ld, n, N_ENABLED);
		d->enabled = v != NULL &&
		    (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
		if (xld_numattr(ld, n, N_VALUE, 255, 0, &u) == 0) {
			d->value = u;
			ld->chval[idx] = 1;
		}
	} else if ((wm = ecat_winmeta_channel(d->name)) != NULL) {
		/* A winmeta legacy channel has a fixed value (§1.5). */
		d->value = wm->value;
		ld->chval[idx] = 1;
	}
	xld_sym_add(&ld->syms, K_CHID, d->chid, idx);
	xld_sym_add(&ld->syms, K_CHNAME, d->name, idx);
}

/*
 * A level, task, opcode or keyword: name and value (mask for keywords)
 * are required.  Returns 0 when both are valid.
 */
static int
S_def(struct xld *ld, const xmlNode *n, struct ecat_named *d,
    enum xld_nm vattr, uint64_t max)
{
	uint64_t	 u = 0;
	int		 rc = 0;

	S_named(ld, n, d);
	if (xld_req(ld, n, N_NAME) == NULL)
		rc = -1;
	if (xld_numattr(ld, n, vattr, max, 1, &u) != 0)
		rc = -1;
	d->value = u;
	return rc;
}

static void
S_map(struct xld *ld, const xmlNode *n, struct ecat_map *m)
{
	const xmlNode	*c;
	uint64_t	 u;
	uint32_t	 i = 0;

	m->name = xld_iattr(ld, n, N_NAME);
	if (m->name == NULL)
		xld_req(ld, n, N_NAME);
	m->bitmap = xld_is(ld, n, N_BITMAP);
	m->loc = xld_loc(ld, n);
	m->nentries = (uint32_t)xld_nchildren(ld, n, N_MAP);
	m->entries = ECAT_NEWARRAY(ld->cat, struct ecat_mapentry,
	    m->nentries);
	for (c = n->children; c != NULL; c = c->next) {
		if (!xld_is(ld, c, N_MAP))
			continue;
		if (xld_numattr(ld, c, N_VALUE, UINT32_MAX, 1, &u) == 0)
			m->entries[i].value = u;
		m->entries[i].message_ref = xld_iattr(ld, c, N_MESSAGE);
		m->entries[i].message = xld_message(ld, c);
		m->entries[i].symbol = xld_iattr(ld, c, N_SYMBOL);
		m->entries[i].loc = xld_loc(ld, c);
		i++;
	}
}

/* ------------------------------------------------------ templates (§1.7) */

static struct ecat_field *
S_grow_fields(struct ecat_field **v, size_t *cap, size_t n)
{
	if (n >= *cap) {
		*cap = *cap ? *cap * 2 : 64;
		if (*cap <= n)
			*cap = n + 1;
		*v = ecat_reallocarray(*v, *cap, sizeof(**v));
	}
	memset(&(*v)[n], 0, sizeof(**v));
	return &(*v)[n];
}

/*
 * An inType or outType QName: the prefix and local part as written,
 * and the type when the prefix is bound to winmeta (or, for outTypes,
 * XML Schema).  Returns the enum value, 0 when unknown.
 */
static unsigned
S_type(struct xld *ld, const xmlNode *n, const char *s, int out,
    const char **name, const char **ns, uint8_t *flags)
{
	const char	*colon, *local;
	int		 folded = 0;
	unsigned	 t = 0;

	*name = *ns = NULL;
	if (s == NULL)
		return 0;
	if ((colon = strchr(s, ':')) != NULL) {
		*ns = xld_istrn(ld, s, (size_t)(colon - s));
		*name = xld_istr(ld, colon + 1);
	} else
		*name = xld_istr(ld, s);
	if ((local = xld_qname_in(ld, n, s, NS_WIN)) == NULL && out)
		local = xld_qname_in(ld, n, s, NS_XS);
	if (local != NULL) {
		t = out ? (unsigned)ecat_outtype_lookup(local, &folded) :
		    (unsigned)ecat_intype_lookup(local, &folded);
		if (t != 0 && folded)
			*flags |= ECAT_FIELD_TYPE_CASE;
	} else if (xld_qname_in(ld, n, s, NS_TRACE) == NULL) {
		/*
		 * No prefix (the default namespace is the events one),
		 * or one bound elsewhere: mc rejects both (§1.1).  The
		 * type stays unknown, its name as written.  trace: types
		 * are legacy names with no TDH number here: lint reports
		 * them as unknown, without this warning.
		 */
		xld_msg(ld, ECAT_MSG_XML_NAMESPACE, n,
		    "%s=\"%.*s\": not in the winmeta%s namespace",
		    out ? "outType" : "inType", ECHO_MAX, s,
		    out ? " or XML Schema" : "");
	}
	return t;
}

/* count= or length=: a literal number or the name of another item. */
static void
S_countlen(struct xld *ld, const xmlNode *n, enum xld_nm k,
    struct ecat_field *f)
{
	const char	*v = xld_attr(ld, n, k);
	uint64_t	 u;

	if (v == NULL)
		return;
	f->flags |= k == N_COUNT ? ECAT_FIELD_COUNT : ECAT_FIELD_LENGTH;
	if (xld_num(v, UINT64_MAX, &u) == 0) {
		if (u > UINT32_MAX) {
			xld_msg(ld, ECAT_MSG_XML_BAD_VALUE, n,
			    "<%s %s=\"%.*s\">: not a number from 0 to %u",
			    (const char *)n->name, xld_nmstr[k], ECHO_MAX, v,
			    UINT32_MAX);
			u = 0;
		}
		if (k == N_COUNT)
			f->count = (uint32_t)u;
		else
			f->length = (uint32_t)u;
	} else if (k == N_COUNT)
		f->count_ref = xld_istr(ld, v);
	else
		f->length_ref = xld_istr(ld, v);
}

/* One <data> item. */
static void
S_data(struct xld *ld, const xmlNode *n, struct ecat_field *f)
{
	const char	*in;

	f->name = xld_iattr(ld, n, N_NAME);
	if (f->name == NULL)
		f->name = xld_istr(ld, "");	/* Vista: optional */
	if ((in = xld_req(ld, n, N_INTYPE)) != NULL)
		f->intype = (uint16_t)S_type(ld, n, in, 0, &f->intype_name,
		    &f->intype_ns, &f->flags);
	f->outtype = (uint16_t)S_type(ld, n, xld_attr(ld, n, N_OUTTYPE), 1,
	    &f->outtype_name, &f->outtype_ns, &f->flags);
	f->map = xld_iattr(ld, n, N_MAP);
	S_countlen(ld, n, N_COUNT, f);
	S_countlen(ld, n, N_LENGTH, f);
}

/*
 * Fill t from the <data> and <struct> children of n (a <template>);
 * the field list is interned and the lines kept per top-level item.
 */
void
mf_template_items(struct xld *ld, const xmlNode *n, struct ecat_template *t)
{
	const xmlNode		*c, *m;
	struct ecat_field	*f;
	size_t			 nf = 0, nm = 0, i, off;
	uint32_t		*lines;
	int			 full = 0;

	for (c = n->children; c != NULL && !full; c = c->next) {
		if ((xld_is(ld, c, N_DATA) || xld_is(ld, c, N_STRUCT)) &&
		    nf + nm >= ECAT_MAX_FIELDS) {
			xld_msg(ld, ECAT_MSG_LIMIT, c, "template of more than "
			    "%d items; the rest are not read",
			    ECAT_MAX_FIELDS);
			break;
		}
		if (xld_is(ld, c, N_DATA)) {
			f = S_grow_fields(&ld->fields, &ld->fieldcap, nf);
			S_data(ld, c, f);
		} else if (xld_is(ld, c, N_STRUCT)) {
			f = S_grow_fields(&ld->fields, &ld->fieldcap, nf);
			f->name = xld_iattr(ld, c, N_NAME);
			if (f->name == NULL)
				f->name = xld_istr(ld, "");
			f->intype = ECAT_IN_STRUCT;
			f->intype_name = xld_istr(ld,
			    ecat_intype_name(ECAT_IN_STRUCT));
			f->flags = ECAT_FIELD_STRUCT;
			S_countlen(ld, c, N_COUNT, f);
			S_countlen(ld, c, N_LENGTH, f);
			off = nm;
			for (m = c->children; m != NULL; m = m->next) {
				if (!xld_is(ld, m, N_DATA))
					continue;
				if (nf + 1 + nm >= ECAT_MAX_FIELDS) {
					xld_msg(ld, ECAT_MSG_LIMIT, m,
					    "template of more than %d items; "
					    "the rest are not read",
					    ECAT_MAX_FIELDS);
					full = 1;
					break;
				}
				S_data(ld, m, S_grow_fields(&ld->mem,
				    &ld->memcap, nm));
				nm++;
			}
			f->nmembers = (uint32_t)(nm - off);
			/* Members move while mem grows: keep the offset. */
			if (nf >= ld->memoffcap) {
				ld->memoffcap = ld->memoffcap ?
				    ld->memoffcap * 2 : 64;
				if (ld->memoffcap <= nf)
					ld->memoffcap = nf + 1;
				ld->memoff = ecat_reallocarray(ld->memoff,
				    ld->memoffcap, sizeof(*ld->memoff));
			}
			ld->memoff[nf] = off;
		} else
			continue;
		if (nf >= ld->flinecap) {
			ld->flinecap = ld->fieldcap;
			ld->flines = ecat_reallocarray(ld->flines,
			    ld->flinecap, sizeof(*ld->flines));
		}
		ld->flines[nf] = xld_line(ld, c);
		nf++;
	}
	for (i = 0; i < nf; i++)
		if (ld->fields[i].flags & ECAT_FIELD_STRUCT)
			ld->fields[i].members = ld->fields[i].nmembers ?
			    ld->mem + ld->memoff[i] : NULL;
	t->shape = ecat_shape_intern(ld->cat, ld->fields, (uint32_t)nf, NULL);
	if (nf > 0) {
		lines = ECAT_NEWARRAY(ld->cat, uint32_t, nf);
		memcpy(lines, ld->flines, nf * sizeof(*lines));
		t->field_lines = lines;
	}
}

/* ------------------------------------------------------ etwlib dumps */

/*
 * Is prov (a <provider>) from an etwlib dump?  etwlib (lilhoser's .NET
 * library, which dumped the manifests of manifests/lilhoser/ from the
 * provider metadata of three builds) writes every provider element
 * alike: symbol equal to name, messageFileName="noMessageFile",
 * resourceFileName="noResourceFile" (all 2,851 files of the three
 * builds).  The TDH dumps Microsoft's Tx project keeps beside its source
 * manifests (HTTP_Server.man, tcp.man) carry the same two file markers
 * but symbol="provider0", and are not etwlib's.  This is the one place
 * that decides (struct ecat_pschema.etwlib).  Returns 1 or 0.
 */
static int
S_etwlib(struct xld *ld, const xmlNode *prov)
{
	const char	*name, *sym, *mf, *rf;

	return (name = xld_attr(ld, prov, N_NAME)) != NULL &&
	    (sym = xld_attr(ld, prov, N_SYMBOL)) != NULL &&
	    (mf = xld_attr(ld, prov, N_MESSAGEFILENAME)) != NULL &&
	    (rf = xld_attr(ld, prov, N_RESOURCEFILENAME)) != NULL &&
	    strcmp(name, sym) == 0 && strcmp(mf, "noMessageFile") == 0 &&
	    strcmp(rf, "noResourceFile") == 0;
}

/*
 * etwlib takes a provider's name and GUID from its first event, so a
 * provider without events is written with name="" and the zero GUID
 * (all 39 such files of the three builds); the file's name, which
 * etwlib makes "<provider> {GUID}.xml" or "<provider> GUID.xml" from
 * TDH's list of providers, still gives both.  Returns 0 with the name
 * in buf and the normalised GUID in *guid, or -1 when the file's name
 * has not that form.
 */
static int
S_dump_fname(struct xld *ld, char *buf, size_t sz, const char **guid)
{
	const char	*base, *sp;
	size_t		 n;

	base = strrchr(ld->file, '/');
	base = base != NULL ? base + 1 : ld->file;
	n = strlen(base);
	if (n < 4 || strcmp(base + n - 4, ".xml") != 0)
		return -1;
	n -= 4;
	for (sp = base + n; sp > base && sp[-1] != ' '; sp--)
		continue;
	if (sp <= base + 1 || (size_t)(sp - 1 - base) >= sz ||
	    (size_t)(base + n - sp) >= 40)
		return -1;
	memcpy(buf, sp, (size_t)(base + n - sp));
	buf[base + n - sp] = '\0';
	if ((*guid = ecat_guid_norm(ld->cat, buf)) == NULL)
		return -1;
	memcpy(buf, base, (size_t)(sp - 1 - base));
	buf[sp - 1 - base] = '\0';
	return 0;
}

/*
 * etwlib writes a task's message= as "$(string.string<value>)", made
 * up from the task's value where keywords and opcodes get the index
 * of their name in the string table: it names some other string or
 * none (of the 16,982 tasks of 26100.6899, 8,271 resolve to nothing
 * and 8,504 of the rest to another text than the task's name, e.g.
 * task Enable to the provider's name).  Such a message is not read;
 * the task's name is the text etwlib had.  Returns 1 when t's
 * message= is made up that way.
 */
static int
S_dump_task_msg(const struct ecat_named *t)
{
	char	 buf[40];

	snprintf(buf, sizeof(buf), "$(string.string%llu)",
	    (unsigned long long)t->value);
	return t->message_ref != NULL && strcmp(t->message_ref, buf) == 0;
}

/*
 * etwlib writes an event's level= as TDH's display name of the level,
 * mapped to a winmeta QName where it can, and defines no level of its
 * own.  Returns the value a name it passed on stands for: winmeta's
 * display name of level 0, "Log Always" (§1.6, types.c), or a reserved
 * level "win:ReservedLevel6" to 15 (§1.6); else -1 (a provider's own
 * level: the dump does not say its value).
 */
static int
S_dump_level(struct xld *ld, const xmlNode *n, const char *name)
{
	const struct ecat_winmeta	*wm;
	const char			*l;
	char				*end;
	unsigned long			 v;

	for (v = 0; v <= 5; v++)
		if ((wm = ecat_winmeta_level_by_value(v)) != NULL &&
		    wm->message != NULL && strcmp(wm->message, name) == 0)
			return (int)v;
	if ((l = xld_qname_in(ld, n, name, NS_WIN)) != NULL &&
	    strncmp(l, "ReservedLevel", 13) == 0 && l[13] >= '0' &&
	    l[13] <= '9') {
		v = strtoul(l + 13, &end, 10);
		if (*end == '\0' && v >= 6 && v <= 15)
			return (int)v;
	}
	return -1;
}

/* --------------------------------------------------- events (§1.4) */

/*
 * The winmeta level, opcode or keyword (kind) named by local, a pointer
 * into an interned string, remembered by that pointer: every event of
 * a manifest names one of a handful.  Returns NULL when none.
 */
static const struct ecat_winmeta *
S_winmeta(struct xld *ld, enum xld_kind kind, const char *local)
{
	struct xld_wment	*m;

	m = &ld->wmc[(xld_ptrhash(local, kind) >> 7) & (WMCACHE - 1)];
	if (m->local == local && m->kind == kind)
		return m->wm;
	m->local = local;
	m->kind = kind;
	m->wm = kind == K_LEVEL ? ecat_winmeta_level(local) :
	    kind == K_OPCODE ? ecat_winmeta_opcode(local) :
	    ecat_winmeta_keyword(local);
	return m->wm;
}

/* Resolve the opcode name s of an event whose task is task (or -1). */
static const struct ecat_named *
S_find_opcode(struct xld *ld, const struct ecat_pschema *ps, int64_t task,
    const char *s)
{
	const struct ecat_named	*t;
	int64_t			 i;
	uint32_t		 j;

	if (task >= 0) {
		t = &ps->tasks[task];
		for (j = 0; j < t->nopcodes; j++)
			if (t->opcodes[j].name == s)
				return &t->opcodes[j];
	}
	if ((i = xld_sym_find(&ld->syms, K_OPCODE, s)) >= 0)
		return &ps->opcodes[i];
	return NULL;
}

static void
S_event(struct xld *ld, const xmlNode *n, struct ecat_pschema *ps,
    struct ecat_evsrc *src)
{
	struct ecat_event		*e = &src->ev;
	const struct ecat_winmeta	*wm;
	const struct ecat_named		*d;
	const char			*s, *l, *p, *q, *kw;
	uint64_t			 u;
	int64_t				 i, task = -1;
	int				 ok, lv;

	src->loc = xld_loc(ld, n);
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	if (xld_numattr(ld, n, N_VALUE, UINT32_MAX, 1, &u) == 0) {
		e->id = (uint32_t)u;
		ld->ctx.event_id = (int64_t)u;
	}
	if (xld_numattr(ld, n, N_VERSION, UINT16_MAX, 0, &u) == 0) {
		e->version = (uint16_t)u;
		ld->ctx.version = (int32_t)u;
	} else
		ld->ctx.version = 0;
	e->name = xld_iattr(ld, n, N_NAME);
	e->symbol = ecat_str(ld->cat, xld_attr(ld, n, N_SYMBOL));
	e->template_ref = xld_iattr(ld, n, N_TEMPLATE);
	if (e->template_ref != NULL &&
	    (i = xld_sym_find(&ld->syms, K_TEMPLATE, e->template_ref)) >= 0)
		e->tmpl = &ps->templates[i];
	e->message_ref = xld_iattr(ld, n, N_MESSAGE);
	e->message = ecat_str(ld->cat, xld_resolve(ld, e->message_ref));

	/* Absent level, task, opcode, keywords, channel mean 0 (§1.4). */
	e->has = ECAT_HAS_LEVEL | ECAT_HAS_TASK | ECAT_HAS_OPCODE |
	    ECAT_HAS_KEYWORDS | ECAT_HAS_CHANNEL;

	if ((e->level_name = xld_iattr(ld, n, N_LEVEL)) != NULL) {
		if ((i = xld_sym_find(&ld->syms, K_LEVEL, e->level_name)) >= 0)
			e->level = (uint8_t)ps->levels[i].value;
		else if ((l = xld_qname_in(ld, n, e->level_name, NS_WIN)) !=
		    NULL && (wm = S_winmeta(ld, K_LEVEL, l)) != NULL)
			e->level = (uint8_t)wm->value;
		else if (ps->etwlib &&
		    (lv = S_dump_level(ld, n, e->level_name)) >= 0)
			e->level = (uint8_t)lv;
		else
			e->has &= ~ECAT_HAS_LEVEL;
	}
	if ((e->task_name = xld_iattr(ld, n, N_TASK)) != NULL) {
		if ((task = xld_sym_find(&ld->syms, K_TASK, e->task_name)) >= 0)
			e->task = (uint16_t)ps->tasks[task].value;
		else if ((l = xld_qname_in(ld, n, e->task_name, NS_WIN)) !=
		    NULL && strcmp(l, "None") == 0)
			e->task = 0;	/* winmeta win:None (§1.6) */
		else
			e->has &= ~ECAT_HAS_TASK;
	}
	if ((e->opcode_name = xld_iattr(ld, n, N_OPCODE)) != NULL) {
		/* Task-local opcodes first, then global, then winmeta. */
		if ((d = S_find_opcode(ld, ps, task, e->opcode_name)) != NULL)
			e->opcode = (uint8_t)d->value;
		else if ((l = xld_qname_in(ld, n, e->opcode_name, NS_WIN)) !=
		    NULL && (wm = S_winmeta(ld, K_OPCODE, l)) != NULL)
			e->opcode = (uint8_t)wm->value;
		else
			e->has &= ~ECAT_HAS_OPCODE;
	}
	if ((kw = xld_attr(ld, n, N_KEYWORDS)) != NULL) {
		e->keywords_names = xld_istr(ld, kw);
		ok = 1;
		for (p = kw; *p != '\0'; p = q) {
			while (ecat_xml_space(*p))
				p++;
			if (*p == '\0')
				break;
			for (q = p; *q != '\0' && !ecat_xml_space(*q); q++)
				continue;
			s = xld_istrn(ld, p, (size_t)(q - p));
			if ((i = xld_sym_find(&ld->syms, K_KEYWORD, s)) >= 0)
				e->keywords |= ps->keywords[i].value;
			else if ((l = xld_qname_in(ld, n, s, NS_WIN)) != NULL &&
			    (wm = S_winmeta(ld, K_KEYWORD, l)) != NULL)
				e->keywords |= wm->value;
			else
				ok = 0;
		}
		if (!ok)
			e->has &= ~ECAT_HAS_KEYWORDS;
	}
	if ((e->channel_name = xld_iattr(ld, n, N_CHANNEL)) != NULL) {
		/* A chid, or the name when the channel has no chid (§1.4). */
		if ((i = xld_sym_find(&ld->syms, K_CHID, e->channel_name)) < 0)
			i = xld_sym_find(&ld->syms, K_CHNAME, e->channel_name);
		if (i >= 0 && ld->chval[i])
			e->channel = (uint8_t)ps->channels[i].value;
		else
			e->has &= ~ECAT_HAS_CHANNEL;
	}
}

/* ---------------------------------------------------- providers (§1.3) */

/*
 * The sections of a provider, counted before anything is allocated.
 * Children of <provider> come in any order (§1.2, xs:choice), so the
 * definitions are read in one pass and the events in a second.
 */
struct S_counts {
	size_t	 channels, levels, tasks, opcodes, keywords, maps;
	size_t	 templates, events;
};

static void
S_count(struct xld *ld, const xmlNode *prov, struct S_counts *k)
{
	const xmlNode	*sec;

	memset(k, 0, sizeof(*k));
	for (sec = prov->children; sec != NULL; sec = sec->next) {
		if (sec->type != XML_ELEMENT_NODE)
			continue;
		if (xld_is(ld, sec, N_CHANNELS))
			k->channels += xld_nchildren(ld, sec, N_CHANNEL) +
			    xld_nchildren(ld, sec, N_IMPORTCHANNEL);
		else if (xld_is(ld, sec, N_LEVELS))
			k->levels += xld_nchildren(ld, sec, N_LEVEL);
		else if (xld_is(ld, sec, N_TASKS))
			k->tasks += xld_nchildren(ld, sec, N_TASK);
		else if (xld_is(ld, sec, N_OPCODES))
			k->opcodes += xld_nchildren(ld, sec, N_OPCODE);
		else if (xld_is(ld, sec, N_KEYWORDS))
			k->keywords += xld_nchildren(ld, sec, N_KEYWORD);
		else if (xld_is(ld, sec, N_MAPS))
			k->maps += xld_nchildren(ld, sec, N_VALUEMAP) +
			    xld_nchildren(ld, sec, N_BITMAP);
		else if (xld_is(ld, sec, N_TEMPLATES))
			k->templates += xld_nchildren(ld, sec, N_TEMPLATE);
		else if (xld_is(ld, sec, N_EVENTS))
			k->events += xld_nchildren(ld, sec, N_EVENT);
	}
}

/* The task-local opcodes of task n (a <task>). */
static void
S_task_opcodes(struct xld *ld, const xmlNode *n, struct ecat_named *t)
{
	const xmlNode	*sec, *c;
	size_t		 cnt = 0;
	uint32_t	 j = 0;

	for (sec = n->children; sec != NULL; sec = sec->next)
		if (xld_is(ld, sec, N_OPCODES))
			cnt += xld_nchildren(ld, sec, N_OPCODE);
	if (cnt == 0)
		return;
	t->opcodes = ECAT_NEWARRAY(ld->cat, struct ecat_named, cnt);
	for (sec = n->children; sec != NULL; sec = sec->next) {
		if (!xld_is(ld, sec, N_OPCODES))
			continue;
		for (c = sec->children; c != NULL; c = c->next) {
			if (!xld_is(ld, c, N_OPCODE))
				continue;
			S_def(ld, c, &t->opcodes[j], N_VALUE, UINT8_MAX);
			t->opcodes[j].task = (int64_t)t->value;
			j++;
		}
	}
	t->nopcodes = j;
}

/* The enum xld_nm of a manifest element (events namespace), or N__MAX. */
static enum xld_nm
S_elemk(struct xld *ld, const xmlNode *n)
{
	enum xld_nm	 k;

	if (n->type != XML_ELEMENT_NODE ||
	    (k = xld_nmof(ld, n->name)) == N__MAX)
		return N__MAX;
	return xld_is(ld, n, k) ? k : N__MAX;
}

static void
S_definitions(struct xld *ld, const xmlNode *prov, struct ecat_pschema *ps)
{
	const xmlNode		*sec, *c;
	struct ecat_named	*d;
	struct ecat_template	*t;
	enum xld_nm		 sk, ck;

	for (sec = prov->children; sec != NULL; sec = sec->next) {
		if ((sk = S_elemk(ld, sec)) == N__MAX || sk == N_EVENTS)
			continue;
		for (c = sec->children; c != NULL; c = c->next) {
			if ((ck = S_elemk(ld, c)) == N__MAX)
				continue;
			if (sk == N_CHANNELS && (ck == N_CHANNEL ||
			    ck == N_IMPORTCHANNEL)) {
				S_channel(ld, c, &ps->channels[ps->nchannels],
				    ps->nchannels, ck == N_IMPORTCHANNEL);
				ps->nchannels++;
			} else if (sk == N_LEVELS && ck == N_LEVEL) {
				d = &ps->levels[ps->nlevels];
				if (S_def(ld, c, d, N_VALUE, UINT8_MAX) == 0)
					xld_sym_add(&ld->syms, K_LEVEL, d->name,
					    ps->nlevels);
				ps->nlevels++;
			} else if (sk == N_TASKS && ck == N_TASK) {
				d = &ps->tasks[ps->ntasks];
				if (S_def(ld, c, d, N_VALUE, UINT16_MAX) == 0)
					xld_sym_add(&ld->syms, K_TASK, d->name,
					    ps->ntasks);
				if (ps->etwlib && S_dump_task_msg(d))
					d->message = NULL;
				S_task_opcodes(ld, c, d);
				ps->ntasks++;
			} else if (sk == N_OPCODES && ck == N_OPCODE) {
				d = &ps->opcodes[ps->nopcodes];
				if (S_def(ld, c, d, N_VALUE, UINT8_MAX) == 0)
					xld_sym_add(&ld->syms, K_OPCODE,
					    d->name, ps->nopcodes);
				ps->nopcodes++;
			} else if (sk == N_KEYWORDS && ck == N_KEYWORD) {
				d = &ps->keywords[ps->nkeywords];
				if (S_def(ld, c, d, N_MASK, UINT64_MAX) == 0)
					xld_sym_add(&ld->syms, K_KEYWORD,
					    d->name, ps->nkeywords);
				ps->nkeywords++;
			} else if (sk == N_MAPS && (ck == N_VALUEMAP ||
			    ck == N_BITMAP)) {
				S_map(ld, c, &ps->maps[ps->nmaps++]);
			} else if (sk == N_TEMPLATES && ck == N_TEMPLATE) {
				t = &ps->templates[ps->ntemplates];
				if ((t->tid = xld_iattr(ld, c, N_TID)) == NULL)
					xld_req(ld, c, N_TID);
				t->loc = xld_loc(ld, c);
				mf_template_items(ld, c, t);
				xld_sym_add(&ld->syms, K_TEMPLATE, t->tid,
				    ps->ntemplates);
				ps->ntemplates++;
			}
		}
	}
}

static void
S_provider(struct xld *ld, const xmlNode *prov)
{
	struct ecat_pschema	*ps;
	struct ecat_loc		 loc = xld_loc(ld, prov);
	struct S_counts		 k;
	const xmlNode		*sec, *c;
	const char		*name, *guid, *fguid;
	struct ecat_evsrc	*evs;
	uint32_t		 nev = 0;
	int			 etwlib;
	char			 fname[256];

	ld->ctx.provider = NULL;
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	if ((name = xld_req(ld, prov, N_NAME)) == NULL)
		return;
	etwlib = S_etwlib(ld, prov);
	if (etwlib && name[0] == '\0' &&
	    S_dump_fname(ld, fname, sizeof(fname), &fguid) == 0)
		name = fname;
	else
		fguid = NULL;
	ps = ecat_pschema_new(ld->cat, name, ld->b, ECAT_SRC_MANIFEST,
	    ECAT_FMT_MANIFEST, &loc);
	ld->ctx.provider = ps->name;
	ps->recovered = ld->recovered;
	ps->etwlib = etwlib;
	if (fguid != NULL) {
		ps->guid = fguid;
		xld_msg(ld, ECAT_MSG_XML_DUMP_PROVIDER, prov, "%s %s (etwlib "
		    "writes name=\"\" and the zero GUID for a provider "
		    "without events)", ps->name, ps->guid);
	} else if ((guid = xld_req(ld, prov, N_GUID)) != NULL &&
	    (ps->guid = ecat_guid_norm(ld->cat, guid)) == NULL)
		xld_msg(ld, ECAT_MSG_XML_BAD_VALUE, prov,
		    "<provider guid=\"%.*s\">: not a GUID", ECHO_MAX, guid);
	ps->symbol = xld_iattr(ld, prov, N_SYMBOL);
	ps->resource_file = xld_iattr(ld, prov, N_RESOURCEFILENAME);
	ps->message_file = xld_iattr(ld, prov, N_MESSAGEFILENAME);
	ps->parameter_file = xld_iattr(ld, prov, N_PARAMETERFILENAME);
	ps->message_ref = xld_iattr(ld, prov, N_MESSAGE);
	ps->message = xld_message(ld, prov);

	S_count(ld, prov, &k);
	ps->channels = ECAT_NEWARRAY(ld->cat, struct ecat_named, k.channels);
	ps->levels = ECAT_NEWARRAY(ld->cat, struct ecat_named, k.levels);
	ps->tasks = ECAT_NEWARRAY(ld->cat, struct ecat_named, k.tasks);
	ps->opcodes = ECAT_NEWARRAY(ld->cat, struct ecat_named, k.opcodes);
	ps->keywords = ECAT_NEWARRAY(ld->cat, struct ecat_named, k.keywords);
	ps->maps = ECAT_NEWARRAY(ld->cat, struct ecat_map, k.maps);
	ps->templates = ECAT_NEWARRAY(ld->cat, struct ecat_template,
	    k.templates);
	evs = ecat_calloc(k.events + 1, sizeof(*evs));
	ld->chval = ecat_calloc(k.channels + 1, 1);
	ecat_htab_init(&ld->syms, ECAT_HKEY_PTR, k.channels * 2 + k.levels +
	    k.tasks + k.opcodes + k.keywords + k.templates);

	S_definitions(ld, prov, ps);
	for (sec = prov->children; sec != NULL; sec = sec->next) {
		if (!xld_is(ld, sec, N_EVENTS))
			continue;
		for (c = sec->children; c != NULL; c = c->next)
			if (xld_is(ld, c, N_EVENT))
				S_event(ld, c, ps, &evs[nev++]);
	}
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	ecat_htab_free(&ld->syms);
	free(ld->chval);
	ld->chval = NULL;
	ecat_pschema_commit(ld->cat, ps, evs, nev);
	free(evs);
}

/*
 * An <instrumentationManifest>, or the <assembly> of a component
 * manifest (wrapped): strings first, then every provider.
 */
static void
S_manifest(struct xld *ld, const xmlNode *root, int wrapped)
{
	const xmlNode	*ins, *evs, *p;

	S_strings(ld, root, wrapped);
	for (ins = root->children; ins != NULL; ins = ins->next) {
		if (!S_el(ld, ins, N_INSTRUMENTATION, wrapped))
			continue;
		for (evs = ins->children; evs != NULL; evs = evs->next) {
			/*
			 * <provider> belongs in <events>; the rebuilt
			 * Kernel-General of 1803 also has one directly in
			 * <instrumentation>, which is read the same way.
			 */
			if (xld_is(ld, evs, N_PROVIDER)) {
				S_provider(ld, evs);
				continue;
			}
			if (!xld_is(ld, evs, N_EVENTS))
				continue;
			for (p = evs->children; p != NULL; p = p->next)
				if (xld_is(ld, p, N_PROVIDER))
					S_provider(ld, p);
		}
	}
	ecat_htab_free(&ld->strs);
}

/* ---------------------------------------------------------- the entry */


enum S_root { R_OTHER, R_MANIFEST, R_ASSEMBLY, R_WEP };

/*
 * What the document's root element says it is.  A component manifest
 * (<assembly>) is a manifest when it has an <instrumentation> section;
 * most have none, and stay xml-not-manifest.
 */
static enum S_root
S_rootkind(struct xld *ld, xmlDocPtr doc)
{
	const xmlNode	*root = xmlDocGetRootElement(doc), *c;

	if (root == NULL)
		return R_OTHER;
	ld->doc = doc;
	xld_names(ld);
	if (xld_is(ld, root, N_INSTRUMENTATIONMANIFEST))
		return R_MANIFEST;
	if (wep_is(root, "Providers"))
		return R_WEP;
	if (strcmp((const char *)root->name, "assembly") == 0 &&
	    root->ns != NULL && root->ns->href != NULL &&
	    strcmp((const char *)root->ns->href, NS_ASMV3) == 0)
		for (c = root->children; c != NULL; c = c->next)
			if (S_el(ld, c, N_INSTRUMENTATION, 1))
				return R_ASSEMBLY;
	return R_OTHER;
}

static const char *
S_rootname(xmlDocPtr doc, char *buf, size_t sz)
{
	const xmlNode	*root = xmlDocGetRootElement(doc);
	const char	*ns = NULL;

	if (root == NULL)
		return "(none)";
	if (root->ns != NULL && root->ns->href != NULL)
		ns = (const char *)root->ns->href;
	snprintf(buf, sz, "<%.*s>%s%.*s", ECHO_MAX, (const char *)root->name,
	    ns != NULL ? " in namespace " : "", ECHO_MAX, ns != NULL ? ns : "");
	return buf;
}

/*
 * The document could not be parsed: repair stray characters inside
 * attribute values and parse normally, else use libxml2's recovery
 * mode.  Returns a document whose root is a manifest or a WEPExplorer
 * dump (xml-recovered emitted), or NULL (nothing more emitted, except
 * xml-dtd when a recovered parse met a DOCTYPE).
 */
static xmlDocPtr
S_recover(struct xld *ld, const char *buf, size_t len, enum S_root *kind)
{
	struct ecat_xml_ps	 ps;
	struct ecat_loc		 loc;
	struct ecat_buf		 lb;
	xmlDocPtr		 doc;
	uint32_t		 lines[8];
	size_t			 nl = 0, i;
	int			 nrep;

	doc = ecat_xml_recover(buf, len, &ps, &nrep, lines, 8, &nl);
	loc.file = ld->file;
	loc.col = 0;
	if (ps.dtd) {
		loc.line = ps.dtdline;
		ecat_msgx(ld->cat->diag, ECAT_MSG_XML_DTD, &loc, &ld->ctx,
		    "document type declarations are not read; file skipped");
		if (doc != NULL)
			ecat_xml_free(doc);
		return NULL;
	}
	if (doc == NULL)
		return NULL;
	if ((*kind = S_rootkind(ld, doc)) == R_OTHER) {
		ecat_xml_free(doc);
		return NULL;
	}
	ecat_buf_init(&lb);
	if (nrep > 0) {
		for (i = 0; i < nl; i++)
			ecat_buf_printf(&lb, "%s%u", i ? ", " : "", lines[i]);
		loc.line = lines[0];
		ecat_msgx(ld->cat->diag, ECAT_MSG_XML_RECOVERED, &loc, &ld->ctx,
		    "escaped %d stray character%s inside attribute values "
		    "(line%s %s%s)", nrep, nrep == 1 ? "" : "s",
		    nl == 1 ? "" : "s", lb.buf, nl == 8 ? ", ..." : "");
	} else {
		loc.line = ps.errline;
		ecat_msgx(ld->cat->diag, ECAT_MSG_XML_RECOVERED, &loc, &ld->ctx,
		    "libxml2 recovery mode; what follows the error may be "
		    "missing");
	}
	ecat_buf_free(&lb);
	ld->recovered = 1;
	return doc;
}

/*
 * Load buf.  owned, when not NULL, is the caller's malloc'd copy of buf
 * that this function frees as soon as libxml2 has its own: freeing a
 * large block after xmlFreeDoc has filled malloc's fast bins costs a
 * consolidation of all of them.  Returns 0.
 */
static int
S_load(struct ecat_catalog *cat, struct ecat_build *b, const char *name,
    const char *buf, size_t len, char *owned)
{
	struct xld	 ld;
	struct ecat_xml_ps	 ps;
	struct ecat_loc	 loc;
	enum S_root	 kind = R_OTHER;
	xmlDocPtr	 doc;
	size_t		 clen = 0;
	char		*crlf, rbuf[200];

	memset(&ld, 0, sizeof(ld));
	ld.cat = cat;
	ld.b = b;
	ld.file = ecat_file(cat, name);
	ld.ctx.build = b != NULL ? b->id : NULL;
	ld.ctx.event_id = -1;
	ld.ctx.version = -1;
	loc.file = ld.file;
	loc.col = 0;

	if ((crlf = wep_crcrlf(buf, len, &clen)) != NULL) {
		buf = crlf;
		len = clen;
	}
	doc = ecat_xml_parse_tree(buf, len, &ps);
	if (doc != NULL && owned != NULL) {
		free(owned);
		owned = NULL;
		buf = NULL;
	}
	if (ps.dtd) {
		loc.line = ps.dtdline;
		ecat_msgx(cat->diag, ECAT_MSG_XML_DTD, &loc, &ld.ctx,
		    "document type declarations are not read; file skipped");
	} else if (doc == NULL && ps.limit) {
		loc.line = ps.errline;
		ecat_msgx(cat->diag, ECAT_MSG_LIMIT, &loc, &ld.ctx,
		    "libxml2: %s; file not read", ps.errmsg);
	} else if (doc == NULL) {
		loc.line = ps.errline;
		ecat_msgx(cat->diag, ECAT_MSG_XML_MALFORMED, &loc, &ld.ctx,
		    "%s", ps.errmsg);
		doc = S_recover(&ld, buf, len, &kind);
	} else {
		if (ps.nns > 0) {
			loc.line = ps.nsline;
			ecat_msgx(cat->diag, ECAT_MSG_XML_NAMESPACE, &loc,
			    &ld.ctx, "%s", ps.nsmsg);
		}
		if ((kind = S_rootkind(&ld, doc)) == R_OTHER) {
			loc.line = (uint32_t)
			    xmlGetLineNo(xmlDocGetRootElement(doc));
			ecat_msgx(cat->diag, ECAT_MSG_XML_NOT_MANIFEST, &loc,
			    &ld.ctx, "root element %s",
			    S_rootname(doc, rbuf, sizeof(rbuf)));
		}
	}
	if (kind == R_MANIFEST || kind == R_ASSEMBLY)
		S_manifest(&ld, xmlDocGetRootElement(doc), kind == R_ASSEMBLY);
	else if (kind == R_WEP)
		wep_load(&ld, xmlDocGetRootElement(doc));
	if (doc != NULL)
		ecat_xml_free(doc);
	xld_free(&ld);
	free(ld.fields);
	free(ld.flines);
	free(ld.mem);
	free(ld.memoff);
	free(crlf);
	free(owned);
	return 0;
}

int
ecat_load_xml_mem(struct ecat_catalog *cat, struct ecat_build *b,
    const char *name, const char *buf, size_t len)
{
	return S_load(cat, b, name, buf, len, NULL);
}

int
ecat_load_xml_file(struct ecat_catalog *cat, struct ecat_build *b,
    const char *path)
{
	char	*buf;
	size_t	 len;

	if ((buf = ecat_slurp(cat, path, &len)) == NULL)
		return -1;
	return S_load(cat, b, path, buf, len, buf);
}
