/*
 * event.c: the view of an event page (every version of one event id
 * of a provider: title, description, fields, other field lists,
 * provenance, history and drift) and its JSON download.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "etwcat.h"
#include "drift.h"
#include "export_json.h"
#include "fieldnotes.h"
#include "html.h"
#include "jsonw.h"
#include "msgfmt.h"
#include "notes.h"
#include "rules.h"
#include "site_int.h"
#include "title.h"

/* ------------------------------------------------------------ helpers */

/* How an occurrence was obtained, in the seed pages' words. */
static const char *const howtext[ECAT_SRC__MAX] = {
	"schema read from the registered manifest",
	"schema from a TSV export",
	"captured sample"
};

/* The build.json facts about (build, provider) for a way obtained. */
static const struct ecat_bprov *
S_bprov(const struct ecat_build *b, const char *provider, int kind)
{
	const struct ecat_bprov	*any = NULL;
	uint32_t		 i;

	for (i = 0; i < b->nbprov; i++) {
		if (b->bprov[i].provider == NULL ||
		    strcmp(b->bprov[i].provider, provider) != 0)
			continue;
		if (kind >= 0 && b->bprov[i].obtained != NULL &&
		    strcmp(b->bprov[i].obtained, ecat_srckind_obtained(kind)) == 0)
			return &b->bprov[i];
		if (any == NULL)
			any = &b->bprov[i];
	}
	return kind >= 0 ? NULL : any;
}

/* "win:Informational" → "Informational". */
static const char *
S_unprefix(const char *s)
{
	const char	*c;

	if (s == NULL)
		return NULL;
	return (c = strchr(s, ':')) != NULL && c[1] != '\0' ? c + 1 : s;
}

const struct ecat_build *
site_merge(const struct ecat_evkey *k, struct ecat_merged *m)
{
	const struct ecat_build	*b = NULL;
	uint32_t		 i;

	for (i = k->nocc; i-- > 0 && b == NULL; )
		if (ecat_occ_row(&k->occ[i]) != NULL)
			b = ecat_occ_build(&k->occ[i]);
	memset(m, 0, sizeof(*m));
	if (b != NULL)
		ecat_merge(k, b, m);
	return b;
}

/* The best-ranked source of m's build, whatever it states. */
static const struct ecat_occ *
S_anyocc(const struct ecat_merged *m)
{
	const struct ecat_occ	*best = NULL, *o;
	const struct ecat_evkey	*k = m->key;
	uint32_t		 i;

	for (i = 0; i < k->nocc; i++) {
		o = &k->occ[i];
		if (ecat_occ_build(o) != m->build || ecat_occ_row(o) == NULL)
			continue;
		if (best == NULL ||
		    ecat_origin_rank(ecat_pschema_origin(ecat_occ_schema(o))) <
		    ecat_origin_rank(ecat_pschema_origin(ecat_occ_schema(best))))
			best = o;
	}
	return best;
}

const struct ecat_event *
site_repr(const struct ecat_evkey *k, const struct ecat_occ **op)
{
	struct ecat_merged	 m;
	const struct ecat_occ	*o = NULL;

	if (site_merge(k, &m) != NULL &&
	    (o = m.at[ECAT_MA_FIELDS].occ) == NULL)
		o = S_anyocc(&m);
	if (op != NULL)
		*op = o;
	return o != NULL ? ecat_occ_row(o)->ev : NULL;
}

const struct ecat_shape *
site_shape(const struct ecat_event *e)
{
	return e != NULL && e->tmpl != NULL ? e->tmpl->shape : NULL;
}

/* The event of attribute a's source in m, or NULL: unknown. */
static const struct ecat_event *
S_mev(const struct ecat_merged *m, enum ecat_mattr a)
{
	return m->at[a].occ != NULL ? ecat_occ_row(m->at[a].occ)->ev : NULL;
}

/* A named thing's display text, when its source resolved one. */
static const char *
S_msgof(const struct ecat_named *n)
{
	return n != NULL && n->message != NULL && n->message[0] != '\0' &&
	    strncmp(n->message, "$(", 2) != 0 ? n->message : NULL;
}

/* The task's display text in its source, else its name. */
static const char *
S_tasktext(const struct ecat_merged *m)
{
	const struct ecat_event		*e = S_mev(m, ECAT_MA_TASK);
	const struct ecat_pschema	*ps;
	const char			*t;
	uint32_t			 i;

	if (e == NULL)
		return NULL;
	ps = ecat_occ_schema(m->at[ECAT_MA_TASK].occ);
	for (i = 0; i < ps->ntasks; i++)
		if ((e->task_name != NULL && ps->tasks[i].name != NULL &&
		    strcmp(ps->tasks[i].name, e->task_name) == 0) ||
		    (e->task_name == NULL && (e->has & ECAT_HAS_TASK) &&
		    ps->tasks[i].value == e->task))
			if ((t = S_msgof(&ps->tasks[i])) != NULL)
				return t;
	return e->task_name;
}

/* The opcode's display text in its source, else its name. */
static const char *
S_opcodetext(const struct ecat_merged *m)
{
	const struct ecat_event		*e = S_mev(m, ECAT_MA_OPCODE);
	const struct ecat_pschema	*ps;
	const char			*t;
	uint32_t			 i;

	if (e == NULL)
		return NULL;
	ps = ecat_occ_schema(m->at[ECAT_MA_OPCODE].occ);
	for (i = 0; e->opcode_name != NULL && i < ps->nopcodes; i++)
		if (ps->opcodes[i].name != NULL &&
		    strcmp(ps->opcodes[i].name, e->opcode_name) == 0 &&
		    (t = S_msgof(&ps->opcodes[i])) != NULL)
			return t;
	return e->opcode_name;
}

/* What a title is made from (render/title.h), from m. */
static void
S_titlein(const struct ecat_merged *m, struct ecat_titlein *ti)
{
	const struct ecat_event	*e, *me;
	const struct ecat_occ	*o;

	memset(ti, 0, sizeof(*ti));
	ti->id = m->key->id;
	if ((me = S_mev(m, ECAT_MA_MESSAGE)) != NULL) {
		ti->message = me->message;
		ti->shape = m->shape;
		if (ti->shape == NULL)
			ti->shape = ecat_row_shape(ecat_occ_row(
			    m->at[ECAT_MA_MESSAGE].occ));
	}
	ti->task = S_tasktext(m);
	ti->opcode = S_opcodetext(m);
	if ((o = m->at[ECAT_MA_FIELDS].occ) == NULL)
		o = S_anyocc(m);
	if (o != NULL) {
		e = ecat_occ_row(o)->ev;
		ti->mof_desc = e->mof_desc;
		ti->name = e->name != NULL ? e->name : e->symbol;
	}
}

const char *
site_title(struct ecat_pool *p, const struct ecat_merged *m,
    struct ecat_buf *tmp)
{
	struct ecat_titlein	 ti;

	if (m->key == NULL)
		return NULL;
	S_titlein(m, &ti);
	ecat_buf_reset(tmp);
	if (ecat_title(tmp, &ti) == 0)
		return NULL;
	return ecat_pool_strn(p, tmp->buf, tmp->len);
}

/* ------------------------------------------------------- event pages */

/*
 * Reference pages for the error-code outTypes: [MS-ERREF] 2.3.1
 * NTSTATUS Values, 2.2 Win32 Error Codes, 2.1 HRESULT Values.
 */
#define URL_NTSTATUS	"https://learn.microsoft.com/en-us/openspecs/" \
	"windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55"
#define URL_WIN32	"https://learn.microsoft.com/en-us/openspecs/" \
	"windows_protocols/ms-erref/18d8fbe8-a967-4f1c-ae50-99ca8e491d2d"
#define URL_HRESULT	"https://learn.microsoft.com/en-us/openspecs/" \
	"windows_protocols/ms-erref/705fb797-2175-4a90-b5a3-3918024b10b8"

/*
 * The reference link of a field: its outType says NTSTATUS, Win32
 * error or HRESULT; or, with no outType, a 32-bit integer named
 * "Status" or "NtStatus", which SMB, Kernel and most drivers use for
 * NTSTATUS values (the seed pages link those too); that one is marked
 * as inferred from the name.
 */
static void
S_refs(struct ecat_pool *p, struct fieldview *fv, const struct ecat_field *f)
{
	const char	*label = NULL, *url = NULL;
	int		 by_name = 0;

	switch (f->outtype) {
	case ECAT_OUT_NTSTATUS:
		label = "NTSTATUS reference";
		url = URL_NTSTATUS;
		break;
	case ECAT_OUT_WIN32ERROR:
		label = "Win32 error code reference";
		url = URL_WIN32;
		break;
	case ECAT_OUT_HRESULT:
		label = "HRESULT reference";
		url = URL_HRESULT;
		break;
	case ECAT_OUT_NONE:
		if (f->name != NULL && (f->intype == ECAT_IN_UINT32 ||
		    f->intype == ECAT_IN_INT32 ||
		    f->intype == ECAT_IN_HEXINT32) &&
		    (strcasecmp(f->name, "Status") == 0 ||
		    strcasecmp(f->name, "NtStatus") == 0)) {
			label = "NTSTATUS reference";
			url = URL_NTSTATUS;
			by_name = 1;
		}
		break;
	default:
		break;
	}
	if (label == NULL)
		return;
	fv->refs = PNEW(p, struct ref, 1);
	fv->refs[0].label = label;
	fv->refs[0].url = url;
	fv->refs[0].by_name = by_name;
	fv->nrefs = 1;
}

/*
 * Take the ids templates/event.html gives the parts of a version that
 * has a schema ("v2-h", "v2-fields" ...), each where the template shows
 * the part, so that no field anchor takes one: a field named "fields"
 * is "v2-fields-2", one named "message" keeps "v2-message" on a page
 * without a message.  The conditions are the template's.
 */
static void
S_sections(struct ecat_pool *p, const struct verview *vv,
    const struct ecat_evkey *k, struct pvec *used)
{
	const char	*part[7];
	size_t		 i, n = 0;

	part[n++] = "h";
	if (vv->description != NULL && vv->description[0] != '\0')
		part[n++] = "description";
	if (vv->me != NULL && vv->me->message != NULL &&
	    vv->me->message[0] != '\0')
		part[n++] = "message";
	part[n++] = "fields";
	if (k->example != NULL)
		part[n++] = "example";
	if (k->nrules > 0)
		part[n++] = "rules";
	part[n++] = "provenance";
	for (i = 0; i < n; i++)
		site_vpush(p, used, site_pprintf(p, "%s-%s", vv->anchor,
		    part[i]));
}

/*
 * A field anchor unique on its version's part of the page: "v2-SessionId",
 * else with "-2", "-3" ... when a part of the version (S_sections), an
 * earlier field or a member of one took it.  used holds the ids taken so
 * far; the new one is added.
 */
static const char *
S_anchor(struct ecat_pool *p, struct pvec *used, const char *prefix,
    const char *name, uint32_t index)
{
	char		 safe[ECAT_SAFE_MAX + 1];
	const char	*a;
	size_t		 i;
	uint32_t	 k = 1;

	if (name == NULL || name[0] == '\0')
		snprintf(safe, sizeof(safe), "field%u", index);
	else
		ecat_safe_name(safe, name);
	a = site_pprintf(p, "%s-%s", prefix, safe);
	for (i = 0; i < used->n; i++)
		if (strcmp(used->v[i], a) == 0) {
			a = site_pprintf(p, "%s-%s-%u", prefix, safe, ++k);
			i = (size_t)-1;		/* check the new one again */
		}
	site_vpush(p, used, (void *)a);
	return a;
}

/*
 * Where the known values of a field list are: the schema of the fields
 * (ps), and the maps' source (mps, whose field list msh names the maps)
 * when the merge took the maps from another source (catalog/merge.h):
 * a TSV export names no map, a manifest of the same field list does;
 * and the maintainers' field notes of the provider's (id, version).
 */
struct mapsrc {
	const struct ecat_pschema	*ps;
	const struct ecat_pschema	*mps;	/* NULL: ps */
	const struct ecat_shape		*msh;
	const struct ecat_provider	*prov;	/* field notes; NULL: none */
	uint32_t			 id;
	uint16_t			 version;
};

/* The map field f names, in the maps' source first. */
static const struct ecat_map *
S_fieldmap(const struct mapsrc *ms, const struct ecat_field *f,
    const char **name)
{
	const struct ecat_map	*m = NULL;
	const char		*n = f->map;
	uint32_t		 i;

	if (n == NULL && ms->msh != NULL && f->name != NULL)
		for (i = 0; i < ms->msh->nfields; i++)
			if (ms->msh->fields[i].name != NULL &&
			    strcmp(ms->msh->fields[i].name, f->name) == 0) {
				n = ms->msh->fields[i].map;
				break;
			}
	if (n != NULL && ms->mps != NULL)
		m = ecat_map_by_name(ms->mps, n);
	if (n != NULL && m == NULL && ms->ps != NULL)
		m = ecat_map_by_name(ms->ps, n);
	*name = n;
	return m;
}

static void S_fields(struct ecat_pool *, struct fieldview **, uint32_t *,
    const struct ecat_field *, uint32_t, const struct mapsrc *,
    struct pvec *, const char *, struct ecat_buf *);

/*
 * A field with a maintainer's note: its description and source, and
 * the known values of its map and note together, each saying which
 * gave it (catalog/fieldnotes.h: the map wins on a value both give).
 */
static void
S_noted(struct ecat_pool *p, struct fieldview *fv, const struct ecat_map *m,
    const struct ecat_fnote *fn)
{
	struct ecat_known	*k;
	uint32_t		 i, n;

	fv->noted = 1;
	fv->fnote = fn->description;
	fv->fnote_source = fn->source != NULL ? fn->source : fn->link;
	fv->fnote_link = fn->link;
	fv->known_from = fn->nvalues > 0;
	if (m != NULL)
		fv->bitmap = m->bitmap;
	if ((k = ecat_known_merge(m, fn, &n)) == NULL)
		return;
	fv->known = PNEW(p, struct known, n);
	fv->nknown = n;
	for (i = 0; i < n; i++) {
		fv->known[i].value = k[i].hex ?
		    site_pprintf(p, "0x%" PRIx64, k[i].value) :
		    site_pprintf(p, "%" PRIu64, k[i].value);
		fv->known[i].text = k[i].name;
		fv->known[i].description = k[i].description;
		fv->known[i].from_note = k[i].from_note;
		fv->known[i].map = k[i].from_note ? NULL : fv->map;
	}
	free(k);
}

static void
S_fieldview(struct ecat_pool *p, struct fieldview *fv,
    const struct ecat_field *f, const struct ecat_field *all, uint32_t nall,
    const struct mapsrc *ms, struct pvec *used, struct ecat_buf *tmp)
{
	const struct ecat_map	*m;
	const struct ecat_fnote	*fn = NULL;
	uint32_t		 i;

	fv->name = f->name;
	fv->intype = f->intype_name != NULL ? f->intype_name :
	    ecat_intype_name(f->intype);
	if (f->outtype_name != NULL && (f->outtype == ECAT_OUT_NONE ||
	    f->outtype != ecat_outtype_default(f->intype)))
		fv->outtype = f->outtype_name;
	m = S_fieldmap(ms, f, &fv->map);
	if (ms->prov != NULL)
		fn = ecat_fnote_find(ms->prov, ms->id, ms->version, f->name);
	if (fn != NULL)
		S_noted(p, fv, m, fn);
	else if (m != NULL && m->nentries > 0) {
		fv->bitmap = m->bitmap;
		fv->known = PNEW(p, struct known, m->nentries);
		fv->nknown = m->nentries;
		for (i = 0; i < m->nentries; i++) {
			fv->known[i].value = m->bitmap ?
			    site_pprintf(p, "0x%" PRIx64, m->entries[i].value) :
			    site_pprintf(p, "%" PRIu64, m->entries[i].value);
			fv->known[i].text = m->entries[i].message != NULL ?
			    m->entries[i].message : m->entries[i].symbol;
		}
	}
	S_refs(p, fv, f);
	/* Which fields this one sizes, and what sizes it. */
	ecat_buf_reset(tmp);
	for (i = 0; f->name != NULL && f->name[0] != '\0' && i < nall; i++) {
		if (all[i].count_ref != NULL &&
		    strcmp(all[i].count_ref, f->name) == 0)
			ecat_buf_printf(tmp, "%scount of %s", tmp->len ?
			    "; " : "", all[i].name);
		if (all[i].length_ref != NULL &&
		    strcmp(all[i].length_ref, f->name) == 0)
			ecat_buf_printf(tmp, "%slength of %s", tmp->len ?
			    "; " : "", all[i].name);
	}
	if (tmp->len > 0)
		fv->sizes = ecat_pool_strn(p, tmp->buf, tmp->len);
	ecat_buf_reset(tmp);
	if (f->count_ref != NULL)
		ecat_buf_printf(tmp, "count given by %s", f->count_ref);
	else if ((f->flags & ECAT_FIELD_COUNT) && f->count > 1)
		ecat_buf_printf(tmp, "array of %u", f->count);
	if (f->length_ref != NULL)
		ecat_buf_printf(tmp, "%slength given by %s", tmp->len ?
		    "; " : "", f->length_ref);
	else if ((f->flags & ECAT_FIELD_LENGTH) && f->length > 0)
		ecat_buf_printf(tmp, "%slength %u", tmp->len ? "; " : "",
		    f->length);
	if (tmp->len > 0)
		fv->sized_by = ecat_pool_strn(p, tmp->buf, tmp->len);
	if ((f->flags & ECAT_FIELD_STRUCT) && f->nmembers > 0) {
		S_fields(p, &fv->members, &fv->nmembers, f->members,
		    f->nmembers, ms, used, fv->anchor, tmp);
		for (i = 0; i < fv->nmembers; i++)
			fv->members[i].member = 1;
	}
}

/* Views of n fields with anchors "<prefix>-<Name>" (S_anchor). */
static void
S_fields(struct ecat_pool *p, struct fieldview **out, uint32_t *nout,
    const struct ecat_field *f, uint32_t n, const struct mapsrc *ms,
    struct pvec *used, const char *prefix, struct ecat_buf *tmp)
{
	struct fieldview	*fv;
	uint32_t		 i;

	fv = PNEW(p, struct fieldview, n ? n : 1);
	for (i = 0; i < n; i++) {
		fv[i].index = i + 1;
		fv[i].anchor = S_anchor(p, used, prefix, f[i].name, i + 1);
		S_fieldview(p, &fv[i], &f[i], f, n, ms, used, tmp);
	}
	*out = fv;
	*nout = n;
}

/*
 * A message as written, its line breaks kept (%n too) and each insert,
 * written "%N", linked to its field's row (the fields' anchors, so after S_fields()), into
 * vv->mparts: runs of text joined, leading and trailing blank lines
 * dropped (a WEPExplorer dump starts each message on a line of its
 * own).
 */
static void
S_mparts(struct ecat_pool *p, struct verview *vv, struct ecat_buf *tmp)
{
	const struct ecat_mftok	*t;
	struct ecat_msgfmt	*mf;
	struct msgpart		*mp;
	uint32_t		 i, n = 0;
	size_t			 a, z;

	if (vv->me == NULL || vv->me->message == NULL ||
	    vv->me->message[0] == '\0')
		return;
	mf = ecat_msgfmt_parses(vv->me->message);
	mp = PNEW(p, struct msgpart, 2 * (size_t)mf->ntok + 1);
	ecat_buf_reset(tmp);
	for (i = 0; i < mf->ntok; i++) {
		t = &mf->tok[i];
		if (t->type == ECAT_MF_END)
			break;
		if (t->type == ECAT_MF_INSERT && t->n <= vv->nfields &&
		    vv->fields[t->n - 1].anchor != NULL) {
			if (tmp->len > 0) {
				mp[n++].text = ecat_pool_strn(p, tmp->buf,
				    tmp->len);
				ecat_buf_reset(tmp);
			}
			/* "%6", its format spec ("!S!") left out as the
			   seed pages do: the field row gives the type. */
			mp[n].text = site_pprintf(p, "%%%u", t->n);
			mp[n].href = vv->fields[t->n - 1].anchor;
			mp[n++].name = vv->fields[t->n - 1].name;
			continue;
		}
		switch (t->type) {
		case ECAT_MF_BREAK:
			ecat_buf_putc(tmp, '\n');
			break;
		case ECAT_MF_CR:
			break;
		case ECAT_MF_TAB:
			ecat_buf_putc(tmp, '\t');
			break;
		case ECAT_MF_BLANK:
			ecat_buf_putc(tmp, ' ');
			break;
		default:	/* TEXT, ESCAPE, PARAM, an unknown insert */
			a = t->off;
			/* An escape as written: "%SystemRoot%" (1031 of
			   SMBServer), not what FormatMessage makes of it. */
			if (t->type == ECAT_MF_ESCAPE && a > 0)
				a--;
			for (z = t->off + t->len; a < z; a++)
				if (mf->src[a] != '\r')
					ecat_buf_putc(tmp, mf->src[a]);
			break;
		}
	}
	if (tmp->len > 0)
		mp[n++].text = ecat_pool_strn(p, tmp->buf, tmp->len);
	ecat_msgfmt_free(mf);
	/* Blank lines around the message. */
	while (n > 0 && mp[0].href == NULL &&
	    strspn(mp[0].text, " \t\n") == strlen(mp[0].text)) {
		mp++;
		n--;
	}
	if (n > 0 && mp[0].href == NULL)
		mp[0].text += strspn(mp[0].text, "\n");
	while (n > 0 && mp[n - 1].href == NULL &&
	    strspn(mp[n - 1].text, " \t\n") == strlen(mp[n - 1].text))
		n--;
	if (n > 0 && mp[n - 1].href == NULL) {
		char	*e = (char *)mp[n - 1].text;
		size_t	 l = strlen(e);

		while (l > 0 && e[l - 1] == '\n')
			e[--l] = '\0';
	}
	vv->mparts = mp;
	vv->nmparts = n;
}

/*
 * A channel as a reader knows it: its name (a manifest's event names
 * it by chid, "NetEvents" for Microsoft-Windows-Kernel-Network/
 * Analytic), with its type where the source wrote one.
 */
static const char *
S_channel_text(struct ecat_pool *p, const struct ecat_occ *o)
{
	const struct ecat_event		*e = ecat_occ_row(o)->ev;
	const struct ecat_pschema	*ps = ecat_occ_schema(o);
	const struct ecat_named		*c = NULL;
	const char			*n = e->channel_name;
	uint32_t			 i;

	if (n != NULL && n[0] == '\0')
		n = NULL;
	for (i = 0; i < ps->nchannels && c == NULL; i++)
		if (n != NULL ? ((ps->channels[i].chid != NULL &&
		    strcmp(ps->channels[i].chid, n) == 0) ||
		    (ps->channels[i].name != NULL &&
		    strcmp(ps->channels[i].name, n) == 0)) :
		    ((e->has & ECAT_HAS_CHANNEL) &&
		    ps->channels[i].value == e->channel))
			c = &ps->channels[i];
	if (c == NULL || (c->name == NULL && c->chid == NULL)) {
		if (n != NULL)
			return n;
		return (e->has & ECAT_HAS_CHANNEL) && e->channel ?
		    site_pprintf(p, "channel %u", e->channel) : NULL;
	}
	/* An etwlib dump calls most channels "Debug" (catalog/carry.h). */
	if (c->type != NULL && c->name != NULL && strstr(c->name,
	    c->type) == NULL && ecat_pschema_origin(ps) !=
	    ECAT_ORIGIN_ETWLIB)
		return site_pprintf(p, "%s (%s)", c->name, c->type);
	return c->name != NULL ? c->name : c->chid;
}

/* "name (value)" with either part missing. */
static const char *
S_namval(struct ecat_pool *p, const char *name, int has, uint64_t value,
    int hex)
{
	if (name != NULL && name[0] != '\0' && has)
		return hex ?
		    site_pprintf(p, "%s (0x%" PRIx64 ")", name, value) :
		    site_pprintf(p, "%s (%" PRIu64 ")", name, value);
	if (name != NULL && name[0] != '\0')
		return name;
	if (has)
		return hex ? site_pprintf(p, "0x%" PRIx64, value) :
		    site_pprintf(p, "%" PRIu64, value);
	return NULL;
}

static const char *
S_level_text(struct ecat_pool *p, const struct ecat_event *e)
{
	const struct ecat_winmeta	*wm;
	const char			*name = S_unprefix(e->level_name);

	if (name == NULL && (e->has & ECAT_HAS_LEVEL) &&
	    (wm = ecat_winmeta_level_by_value(e->level)) != NULL)
		name = S_unprefix(wm->name);
	return S_namval(p, name, e->has & ECAT_HAS_LEVEL, e->level, 0);
}

/*
 * How a key was obtained, for the provenance lines: one line per way
 * (how, binary version, capture date, stand-in, samples counted), with
 * the builds where it was obtained that way as runs, lines in the order
 * of their first build.  A line's facts are compared by pointer where
 * they are interned or from one build.json, by text otherwise.
 */
static int
S_streq(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void
S_provlines(struct ecat_pool *p, const struct ecat_catalog *cat,
    struct verview *vv, const char *provider)
{
	const struct ecat_evkey	*k = vv->k;
	const struct ecat_bprov	*bp, *any;
	const struct ecat_build	*b;
	enum ecat_srckind	 kind;
	struct provline		 t, *l;
	uint32_t		 i, j;

	vv->prov = PNEW(p, struct provline, k->nocc ? k->nocc : 1);
	for (i = 0; i < k->nocc; i++) {
		memset(&t, 0, sizeof(t));
		b = ecat_occ_build(&k->occ[i]);
		kind = ecat_occ_kind(&k->occ[i]);
		bp = S_bprov(b, provider, (int)kind);
		any = bp != NULL ? bp : S_bprov(b, provider, -1);
		/* Captures of an unknown build name no build (model.h). */
		if (kind == ECAT_SRC_SAMPLE && b->nschemas == 0)
			t.how = "captured sample, build unknown";
		else if (kind == ECAT_SRC_SAMPLE)
			t.how = bp != NULL ?
			    "sample captured from a live trace" :
			    "captured sample";
		else
			t.how = howtext[kind];
		t.file_version = any != NULL ? any->file_version : NULL;
		t.copied_from = bp != NULL ? bp->copied_from : NULL;
		t.capture_date = b->nschemas > 0 ? b->capture_date : NULL;
		t.nsamples = k->occ[i].nsamples;
		if (kind == ECAT_SRC_SAMPLE && bp != NULL)
			vv->also_via = "realtime ETW trace";
		else if (kind == ECAT_SRC_SAMPLE &&
		    vv->also_via == NULL)
			vv->also_via = "captured sample";
		/* Those of every unknown build on one line. */
		for (j = 0; b->nschemas == 0 && j < vv->nprov; j++)
			if (vv->prov[j].how == t.how) {
				vv->prov[j].nsamples += t.nsamples;
				break;
			}
		if (b->nschemas == 0) {
			if (j == vv->nprov)
				vv->prov[vv->nprov++] = t;
			continue;
		}
		for (j = 0; j < vv->nprov; j++) {
			l = &vv->prov[j];
			if (l->how == t.how && l->nsamples == t.nsamples &&
			    S_streq(l->file_version, t.file_version) &&
			    S_streq(l->copied_from, t.copied_from) &&
			    S_streq(l->capture_date, t.capture_date))
				break;
		}
		if (j == vv->nprov)
			vv->prov[vv->nprov++] = t;
		l = &vv->prov[j];
		/* Occurrences are in build order: a build once per line. */
		if (l->builds.n == 0 || l->builds.v[l->builds.n - 1] != b)
			site_vpush(p, &l->builds, (void *)b);
	}
	for (j = 0; j < vv->nprov; j++) {
		l = &vv->prov[j];
		l->runs = site_runs(p, cat, (const struct ecat_build *const *)
		    l->builds.v, (uint32_t)l->builds.n, &l->nruns);
	}
}

/*
 * Where attribute i of vv's merge is from, when that is not the source
 * of the fields (the provenance section names that one), else NULL.
 */
static const struct fromview *
S_from(struct ecat_pool *p, const struct verview *vv, enum ecat_mattr i)
{
	const struct ecat_msource	*src = &vv->m.at[i];
	struct fromview			*f;

	if (src->occ == NULL || (vv->occ != NULL &&
	    ecat_occ_schema(src->occ) == ecat_occ_schema(vv->occ)))
		return NULL;
	f = PNEW(p, struct fromview, 1);
	f->b = ecat_occ_build(src->occ);
	f->kind = ecat_origin_name(src->origin);
	return f;
}

/* The texts of the header attributes, each from its source in vv->m. */
static void
S_header(struct ecat_pool *p, struct verview *vv)
{
	const struct ecat_winmeta	*wm;
	const struct ecat_event		*e;
	const char			*on;

	if (vv->m.at[ECAT_MA_CHANNEL].occ != NULL)
		vv->channel = S_channel_text(p, vv->m.at[ECAT_MA_CHANNEL].occ);
	if ((e = S_mev(&vv->m, ECAT_MA_LEVEL)) != NULL)
		vv->level = S_level_text(p, e);
	if ((e = S_mev(&vv->m, ECAT_MA_TASK)) != NULL)
		vv->task = S_namval(p, e->task_name, (e->has &
		    ECAT_HAS_TASK) && e->task != 0, e->task, 0);
	if ((e = S_mev(&vv->m, ECAT_MA_OPCODE)) != NULL) {
		on = S_unprefix(e->opcode_name);
		/* An opcode given by value only: winmeta names 0-9. */
		if (on == NULL && (e->has & ECAT_HAS_OPCODE) &&
		    (wm = ecat_winmeta_opcode_by_value(e->opcode)) != NULL)
			on = S_unprefix(wm->name);
		vv->opcode = S_namval(p, on, e->has & ECAT_HAS_OPCODE,
		    e->opcode, 0);
	}
	if ((e = S_mev(&vv->m, ECAT_MA_KEYWORDS)) != NULL)
		vv->keywords = S_namval(p, e->keywords_names, (e->has &
		    ECAT_HAS_KEYWORDS) && e->keywords != 0, e->keywords, 1);
}

static struct verview *
S_verview(struct ecat_pool *p, const struct ecat_catalog *cat,
    const struct ecat_provider *prov, const struct ecat_evkey *k,
    struct ecat_buf *tmp)
{
	struct verview		*vv;
	struct altshape		*alt;
	struct ecat_titlein	 ti;
	struct mapsrc		 ms;
	const struct ecat_event	*e;
	const struct ecat_evrow	*r;
	const struct ecat_shape	*sh, *osh;
	const char		*prefix;
	struct pvec		 used = { NULL, 0, 0 };
	size_t			 j;
	uint32_t		 i;

	vv = PNEW(p, struct verview, 1);
	vv->k = k;
	vv->anchor = site_pprintf(p, "v%u", k->version);
	S_provlines(p, cat, vv, prov->name);
	if (site_merge(k, &vv->m) == NULL)
		return vv;
	if ((vv->occ = vv->m.at[ECAT_MA_FIELDS].occ) == NULL)
		vv->occ = S_anyocc(&vv->m);
	vv->e = e = ecat_occ_row(vv->occ)->ev;
	sh = vv->m.shape;
	if ((vv->me = S_mev(&vv->m, ECAT_MA_MESSAGE)) != NULL &&
	    ecat_occ_build(vv->m.at[ECAT_MA_MESSAGE].occ) !=
	    ecat_occ_build(vv->occ))
		vv->mbuild = ecat_occ_build(vv->m.at[ECAT_MA_MESSAGE].occ);
	vv->title = site_title(p, &vv->m, tmp);
	S_titlein(&vv->m, &ti);
	ecat_buf_reset(tmp);
	if (ecat_description(tmp, &ti) > 0)
		vv->description = ecat_pool_strn(p, tmp->buf, tmp->len);
	S_header(p, vv);
	for (i = ECAT_MA_CHANNEL; i < ECAT_MA__MAX; i++)
		vv->from[i] = S_from(p, vv, (enum ecat_mattr)i);
	vv->event_name = e->name != NULL ? e->name : e->symbol;
	S_sections(p, vv, k, &used);
	memset(&ms, 0, sizeof(ms));
	ms.ps = ecat_occ_schema(vv->occ);
	ms.prov = prov;
	ms.id = k->id;
	ms.version = k->version;
	if (vv->m.at[ECAT_MA_MAPS].occ != NULL) {
		ms.mps = ecat_occ_schema(vv->m.at[ECAT_MA_MAPS].occ);
		ms.msh = ecat_row_shape(ecat_occ_row(
		    vv->m.at[ECAT_MA_MAPS].occ));
	}
	if (sh != NULL && sh->verbatim != NULL)
		vv->verbatim = sh->verbatim;
	else if (sh != NULL)
		S_fields(p, &vv->fields, &vv->nfields, sh->fields, sh->nfields,
		    &ms, &used, vv->anchor, tmp);
	S_mparts(p, vv, tmp);
	/* Where the known values are from, if any is shown. */
	for (i = 0; i < vv->nfields && vv->fields[i].nknown == 0; i++)
		continue;
	if (i == vv->nfields)
		vv->from[ECAT_MA_MAPS] = NULL;
	/* How many Sigma rules match on each field (rules.c). */
	for (uint32_t fi = 0; fi < vv->nfields; fi++)
		vv->fields[fi].nrules = ecat_evkey_rule_count(k,
		    vv->fields[fi].name);
	/*
	 * Other field lists this version had in other builds, from the
	 * sources that state one (an etwlib dump without template= does
	 * not: its fields are unknown, not another list).
	 */
	for (i = 0; i < k->nocc; i++) {
		if ((r = ecat_occ_row(&k->occ[i])) == NULL ||
		    !(ecat_carries(ecat_occ_schema(&k->occ[i]), r) &
		    ECAT_ATTR_FIELDS) ||
		    ecat_shape_alike((osh = ecat_row_shape(r)), sh))
			continue;
		for (j = 0; j < vv->alts.n; j++) {
			alt = vv->alts.v[j];
			if (ecat_shape_alike(alt->shape, osh))
				break;
		}
		if (j == vv->alts.n) {
			alt = PNEW(p, struct altshape, 1);
			alt->shape = osh;
			site_vpush(p, &vv->alts, alt);
			prefix = site_pprintf(p, "%s-alt%zu", vv->anchor,
			    j + 1);
			memset(&ms, 0, sizeof(ms));
			ms.ps = ecat_occ_schema(&k->occ[i]);
			ms.prov = prov;
			ms.id = k->id;
			ms.version = k->version;
			if (osh != NULL && osh->verbatim != NULL)
				alt->verbatim = osh->verbatim;
			else if (osh != NULL)
				S_fields(p, &alt->fields, &alt->nfields,
				    osh->fields, osh->nfields, &ms, &used,
				    prefix, tmp);
		}
		alt = vv->alts.v[j];
		if (alt->builds.n > 0 &&
		    alt->builds.v[alt->builds.n - 1] ==
		    ecat_occ_build(&k->occ[i]))
			continue;
		site_vpush(p, &alt->builds, (void *)ecat_occ_build(&k->occ[i]));
	}
	for (j = 0; j < vv->alts.n; j++) {
		alt = vv->alts.v[j];
		alt->buildtext = site_runs_text(p, cat,
		    (const struct ecat_build *const *)alt->builds.v,
		    (uint32_t)alt->builds.n);
	}
	return vv;
}

static int
S_driftcmp(const void *a, const void *b)
{
	const struct ecat_drift	*x = *(const struct ecat_drift *const *)a;
	const struct ecat_drift	*y = *(const struct ecat_drift *const *)b;

	if (x->to != NULL && y->to != NULL && x->to->index != y->to->index)
		return x->to->index < y->to->index ? -1 : 1;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* What a build has of a version: how it was obtained, which records. */
struct hstate {
	uint8_t			 mask;		/* 1 << ecat_srckind */
	const struct ecat_record *rec[ECAT_SRC_SAMPLE];	/* manifest, TSV */
};

/*
 * A cell's records by their numbers among the version's nrec: "schema
 * 2", or "schemas 1, 2" for a manifest and a TSV export that differ.
 */
static const char *
S_schemas(struct ecat_pool *p, const struct hstate *x,
    const struct ecat_record *const *recs, uint32_t nrec)
{
	uint32_t	 kd, j, num[ECAT_SRC_SAMPLE], n = 0;

	for (kd = 0; kd < ECAT_SRC_SAMPLE; kd++) {
		if (!(x->mask & (1u << kd)))
			continue;
		for (j = 0; j < nrec && recs[j] != x->rec[kd]; j++)
			continue;
		if (n == 0 || num[n - 1] != j + 1)
			num[n++] = j + 1;
	}
	if (n == 0)
		return NULL;
	return n == 1 ? site_pprintf(p, "schema %u", num[0]) :
	    site_pprintf(p, "schemas %u, %u", num[0], num[1]);
}

/*
 * The history of an event page: for every build where the provider
 * is, what it has of each version (struct hstate); builds with equal
 * states share a column, headed by them as runs, so a column is a
 * distinct schema of the event and the table grows with the schemas,
 * not the builds.  A version with more than one record over the
 * columns numbers them, first seen first, and a cell names its own.
 */
static void
S_history(struct ecat_pool *p, const struct site *s, const struct pinfo *pi,
    struct evpage *ev, const struct ecat_evkey *const *keys, uint32_t n)
{
	static const char *const marks[8] = { NULL, "manifest", "TSV",
	    "manifest + TSV", "sample", "manifest + sample", "TSV + sample",
	    "manifest + TSV + sample" };
	const struct ecat_catalog *cat = s->cat;
	const struct ecat_occ	*o;
	struct hstate		*st, *x;
	struct pvec		*cb;
	const struct ecat_record **recs;
	uint32_t		*rep, nb = cat->nbuilds;
	uint32_t		 np = cat->nproviders, i, j, c, bi, nrec, kd;
	size_t			 sz = sizeof(*st) * n;

	st = PNEW(p, struct hstate, (size_t)nb * n);
	for (i = 0; i < n; i++)
		for (j = 0; j < keys[i]->nocc; j++) {
			o = &keys[i]->occ[j];
			kd = ecat_occ_kind(o);
			x = &st[(size_t)ecat_occ_build(o)->index * n + i];
			x->mask |= (uint8_t)(1u << kd);
			if (kd < ECAT_SRC_SAMPLE && ecat_occ_row(o) != NULL)
				x->rec[kd] = ecat_occ_row(o)->record;
		}
	rep = PNEW(p, uint32_t, pi->nbuilds ? pi->nbuilds : 1);
	cb = PNEW(p, struct pvec, pi->nbuilds ? pi->nbuilds : 1);
	for (bi = 0; bi < nb; bi++) {
		if (s->bpcount[(size_t)bi * np + pi->idx] == 0)
			continue;
		x = &st[(size_t)bi * n];
		for (c = 0; c < ev->ncols; c++)
			if (memcmp(x, &st[(size_t)rep[c] * n], sz) == 0)
				break;
		if (c == ev->ncols)
			rep[ev->ncols++] = bi;
		site_vpush(p, &cb[c], cat->builds[bi]);
	}
	ev->cols = PNEW(p, struct hcol, ev->ncols ? ev->ncols : 1);
	for (c = 0; c < ev->ncols; c++)
		ev->cols[c].runs = site_runs(p, cat,
		    (const struct ecat_build *const *)cb[c].v,
		    (uint32_t)cb[c].n, &ev->cols[c].nruns);
	ev->rows = PNEW(p, struct hrow, n);
	ev->nrows = n;
	recs = PNEW(p, const struct ecat_record *, (size_t)ev->ncols *
	    ECAT_SRC_SAMPLE + 1);
	for (i = 0; i < n; i++) {
		struct hrow *r = &ev->rows[i];

		r->k = keys[i];
		r->cells = PNEW(p, struct cell, ev->ncols ? ev->ncols : 1);
		r->ncells = ev->ncols;
		/* The version's distinct records, first seen first. */
		nrec = 0;
		for (c = 0; c < ev->ncols; c++) {
			x = &st[(size_t)rep[c] * n + i];
			r->cells[c].mark = marks[x->mask & 7];
			for (kd = 0; kd < ECAT_SRC_SAMPLE; kd++) {
				if (!(x->mask & (1u << kd)))
					continue;
				for (j = 0; j < nrec && recs[j] != x->rec[kd];
				    j++)
					continue;
				if (j == nrec)
					recs[nrec++] = x->rec[kd];
			}
		}
		for (c = 0; nrec > 1 && c < ev->ncols; c++)
			r->cells[c].schema = S_schemas(p,
			    &st[(size_t)rep[c] * n + i], recs, nrec);
	}
}

/*
 * The view of one event page: keys[0..n) of provider pi, all with the
 * same id, oldest version first.
 */
struct evpage *
site_evpage(struct worker *w, const struct pinfo *pi,
    const struct ecat_evkey *const *keys, uint32_t n, struct ecat_buf *tmp)
{
	struct site		*s = w->s;
	struct ecat_pool		*p = &w->page;
	const struct ecat_note	*note;
	struct evpage		*ev;
	uint32_t		 i;
	size_t			 nd = 0, k;

	ev = PNEW(p, struct evpage, 1);
	ev->id = keys[0]->id;
	ev->keys = (const struct ecat_evkey **)keys;
	ev->nvers = n;
	ev->vers = PNEW(p, struct verview *, n);
	for (i = 0; i < n; i++) {
		ev->vers[n - 1 - i] = S_verview(p, s->cat, pi->p, keys[i],
		    tmp);
		nd += keys[i]->ndrift;
	}
	ev->vers[0]->newest = 1;
	for (i = 0; i < n && ev->title == NULL; i++)
		ev->title = ev->vers[i]->title;
	ev->href = site_pprintf(p, "providers/%s/events/%u.html", pi->safe,
	    ev->id);
	ev->json_href = site_pprintf(p, "downloads/%s.json", pi->safe);
	if ((note = ecat_note_find(pi->p, ev->id)) != NULL)
		ev->note = pi->notes_html[note - pi->p->notes];
	S_history(p, s, pi, ev, keys, n);
	/* Drift findings of every version, by build. */
	ev->drift = PNEW(p, const struct ecat_drift *, nd ? nd : 1);
	for (i = 0; i < n; i++)
		for (k = 0; k < keys[i]->ndrift; k++)
			ev->drift[ev->ndrift++] = keys[i]->drift[k];
	if (ev->ndrift > 1)
		qsort(ev->drift, ev->ndrift, sizeof(*ev->drift), S_driftcmp);
	site_timeline(p, s, ev, tmp);
	return ev;
}

/* -------------------------------------------------------------- JSON */

/* The field list of r's representative, as the export names it. */
static const struct ecat_shape *
S_recshape(const struct ecat_record *r)
{
	const struct ecat_event	*e = r->event;

	return e->tmpl != NULL ? e->tmpl->shape : NULL;
}

/*
 * One event id as JSON, an element of its provider's download's
 * "events" (etwcat.1, SITE): the distinct records of its versions,
 * each once with its shape's index, pshape[its shape's serial], into
 * the download's "shapes", and its maps written out (the export's
 * record writer, export_json.h), then every version, oldest first,
 * with the page's title, the occurrence the schema shown is from, and
 * the builds that have each record as runs.  Written to f, which the
 * caller flushes.
 */
void
site_json_event(FILE *f, const struct ecat_catalog *cat,
    const struct pinfo *pi, const struct evpage *ev, const char *base_url,
    const uint32_t *pshape)
{
	const struct verview	*vv;
	const struct ecat_record **recs;
	const struct ecat_shape	*sh;
	struct jsonw		 j;
	uint32_t		 i, o, x, nrecs = 0, cap = 0;

	/* The records of every version, oldest version first, each in
	   order of its first build. */
	for (i = 0; i < ev->nvers; i++)
		cap += ev->vers[i]->k->nocc;
	recs = ecat_calloc(cap ? cap : 1, sizeof(*recs));
	for (i = ev->nvers; i-- > 0; ) {
		const struct ecat_evkey *k = ev->vers[i]->k;

		for (o = 0; o < k->nocc; o++) {
			const struct ecat_record *r;

			const struct ecat_evrow *row = ecat_occ_row(&k->occ[o]);

			if (row == NULL || (r = row->record) == NULL)
				continue;
			for (x = 0; x < nrecs && recs[x] != r; x++)
				continue;
			if (x == nrecs)
				recs[nrecs++] = r;
		}
	}
	/* Compact: 68,000 of these for the full corpus. */
	jsonw_init(&j, f, 0);
	jsonw_obj_open(&j);
	jsonw_kstr(&j, "provider", pi->p->name);
	jsonw_kstr(&j, "guid", pi->p->guid);
	jsonw_kint(&j, "id", ev->id);
	if (base_url != NULL) {
		char	*url = ecat_asprintf("%s/%s", base_url, ev->href);

		jsonw_kstr(&j, "url", url);
		free(url);
	}
	jsonw_key(&j, "records");
	jsonw_arr_open(&j);
	for (x = 0; x < nrecs; x++) {
		sh = S_recshape(recs[x]);
		i = sh != NULL ? pshape[sh->serial] : 0;
		jsonw_obj_open(&j);
		ecat_json_record(&j, recs[x], 1, i);
		jsonw_obj_close(&j);
	}
	jsonw_arr_close(&j);
	jsonw_key(&j, "versions");
	jsonw_arr_open(&j);
	for (i = ev->nvers; i-- > 0; ) {
		vv = ev->vers[i];
		jsonw_obj_open(&j);
		jsonw_kint(&j, "id", vv->k->id);
		jsonw_kint(&j, "version", vv->k->version);
		jsonw_kstr(&j, "title", vv->title);
		if (vv->occ != NULL && ecat_occ_row(vv->occ) != NULL) {
			const struct ecat_evrow *row = ecat_occ_row(vv->occ);

			jsonw_key(&j, "schema");
			jsonw_obj_open(&j);
			jsonw_kstr(&j, "build", ecat_occ_build(vv->occ)->id);
			jsonw_kstr(&j, "source",
			    ecat_srckind_name(ecat_occ_kind(vv->occ)));
			jsonw_kstr(&j, "file",
			    ecat_occ_schema(vv->occ)->loc.file);
			jsonw_kint(&j, "line", row->line);
			for (x = 0; x < nrecs && recs[x] != row->record; x++)
				continue;
			jsonw_kint(&j, "record", x);
			jsonw_obj_close(&j);
		}
		ecat_json_key(&j, cat, vv->k, recs, nrecs);
		jsonw_obj_close(&j);
	}
	jsonw_arr_close(&j);
	jsonw_obj_close(&j);
	free(recs);
}
