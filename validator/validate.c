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
 *  2. Check each candidate into a list of findings: the header
 *     (check_header.c), the payload's fields: types (values.c),
 *     ranges, lengths, counts, maps, order (check_fields.c), the
 *     message (check_message.c) and the binary types an .evtx value
 *     carries (check_types.c).
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
 *
 * This file keeps the matching, the choice among candidates, the
 * reporting and the run; what the files share is in vcheck.h.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "annotate.h"
#include "diag.h"
#include "model.h"
#include "msgfmt.h"
#include "sample.h"
#include "validate.h"
#include "values.h"
#include "vcheck.h"

/* Most builds a "defined in" list names before eliding. */
#define V_LIST_MAX	8

/* ------------------------------------------------------------ context */

/* Per provider best-match statistics under construction. */
struct bestacc {
	const struct ecat_provider	*p;
	const char			*name;
	struct ecat_vbest		 out;
};

void **
ecat_vhslot(struct ecat_htab *h, const void *key, int insert)
{
	struct ecat_hent	*e;

	if (insert)
		return &ecat_htab_pput(h, key, 0, NULL)->v.p;
	return (e = ecat_htab_pfind(h, key, 0)) != NULL ? &e->v.p : NULL;
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

/*
 * Record a finding of candidate c (NULL: of the sample itself): its
 * detail starts with the JSON path of the value it is about.
 */
void
ecat_vfind(struct vctx *v, struct cand *c, enum ecat_msg m, const char *field,
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
void
ecat_vquirks(struct vctx *v, struct cand *c, unsigned q, const char *field,
    const struct ecat_spath *st, size_t nst, const struct ecat_svalue *val)
{
	struct ecat_buf	 b;
	char		 show[64];
	int		 i;

	if (q == 0)
		return;
	ecat_buf_init(&b);
	for (i = 0; i < ECAT_Q__MAX; i++)
		if (q & (1u << i))
			ecat_buf_printf(&b, "%s%s", b.len ? "; " : "",
			    ecat_quirk_text((enum ecat_quirk)i));
	ecat_vfind(v, c, ECAT_MSG_SAMPLE_NONCANONICAL, field, st, nst, "%s: %s",
	    ecat_value_show(val, show, sizeof(show)), b.buf);
	ecat_buf_free(&b);
}

/* ----------------------------------------------------------- matching */

/* Check one candidate into the findings list. */
static void
S_check(struct vctx *v, struct cand *c)
{
	c->fstart = c->fend = v->nfinds;
	c->rebuilt = ecat_pschema_rebuilt(c->ps);
	c->lenient = c->rebuilt || c->ps->format == ECAT_FMT_TSV_MANIFEST ||
	    c->ps->format == ECAT_FMT_TSV_MOF;
	ecat_vcheck_header(v, c);
	/* A record Windows could not render has no fields to check. */
	if (ecat_vcheck_procerror(v, c)) {
		c->fend = v->nfinds;
		return;
	}
	/* A binary payload is decoded by its template first; its values'
	   binary types are then the template's own, not checked. */
	if (v->s->binary) {
		ecat_vcheck_payload(v, c);
		c->fend = v->nfinds;
		return;
	}
	ecat_vcheck_fields(v, c);
	ecat_vcheck_message(v, c);
	ecat_vcheck_types(v, c);
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

/*
 * Would the checks find for candidate a what they found for b, which
 * was checked?  Returns 0 (check a), 1 (the same findings: share b's)
 * or 2 (the same findings but for the event a "once" finding names:
 * copy them).  One record (catalog/record.c), one provider header
 * and one format mean the checks read equal content: the event's
 * numbers, names, template, message and the maps its fields name, the
 * schema's levels, tasks, opcodes, channels, keywords and files.  So
 * a sample is checked once per distinct record, not once per build,
 * whatever the source.  TSV candidates keep S_samesig()'s looser rule
 * (a record equal implies it), whose shared findings name the first
 * candidate's event, as they always did.
 */
static int
S_reusable(const struct cand *a, const struct cand *b)
{
	int	 tsv;

	tsv = a->ps->format == ECAT_FMT_TSV_MANIFEST ||
	    a->ps->format == ECAT_FMT_TSV_MOF;
	if (a->row->record != NULL && a->row->record == b->row->record &&
	    a->ps->header == b->ps->header && a->ps->format == b->ps->format)
		return tsv ? 1 : 2;
	return S_samesig(a, b);
}

/* Give c the findings of o, checked: shared (how 1) or copied (2). */
static void
S_reuse(struct vctx *v, struct cand *c, const struct cand *o, int how)
{
	struct vfind	*f;
	size_t		 i;

	memcpy(c->nsev, o->nsev, sizeof(c->nsev));
	c->lenient = o->lenient;
	c->rebuilt = o->rebuilt;
	if (how == 1) {
		c->fstart = o->fstart;
		c->fend = o->fend;
		return;
	}
	c->fstart = v->nfinds;
	for (i = o->fstart; i < o->fend; i++) {
		if (v->nfinds == v->findcap) {
			v->findcap = v->findcap ? v->findcap * 2 : 64;
			v->finds = ecat_reallocarray(v->finds, v->findcap,
			    sizeof(*v->finds));
		}
		f = &v->finds[v->nfinds++];
		*f = v->finds[i];
		/* check_message.c names the candidate's own event. */
		if (f->once != NULL) {
			f->once = c->row;
			f->once_ps = c->ps;
		}
	}
	c->fend = v->nfinds;
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
	if (ecat_value_guidtext(s, n, &q) == -1)
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

/* GUID (interned: equal GUIDs are equal pointers) → provider. */
static void
S_gput(struct vctx *v, const char *g, struct ecat_provider *p)
{
	struct ecat_hent	*e;
	int			 isnew;

	if (g == NULL)
		return;
	e = ecat_htab_put(&v->guids, g, 0, 0, &isnew);
	if (isnew)
		e->v.p = p;
}

static struct ecat_provider *
S_gget(const struct vctx *v, const char *s)
{
	const struct ecat_hent	*e;
	char			 buf[39];
	const char		*g;

	if (v->guids.n == 0 || S_guidnorm(s, buf) == -1 ||
	    (g = ecat_intern_find(v->cat->strings, buf, 38)) == NULL ||
	    (e = ecat_htab_pfind(&v->guids, g, 0)) == NULL)
		return NULL;
	return e->v.p;
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
			if (ecat_occ_row(&k->occ[i]) != NULL)
				seen[ecat_occ_build(&k->occ[i])->index] = 1;
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

	slot = ecat_vhslot(&v->bestidx, p, 1);
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
		slot = &ecat_htab_pput(&v->once, f->once,
		    (uint64_t)(uintptr_t)f->once_ps, NULL)->v.p;
		if (*slot != NULL)
			return;
		*slot = (void *)1;
		loc = ecat_evrow_loc(f->once_ps, f->once);
	} else if (f->nsteps > 0)
		ecat_sample_locate(s, f->steps, f->nsteps, &loc);
	else
		loc = s->loc;
	/* A build of captures alone is not a build (model.h): none. */
	ctx.build = c != NULL ? c->build->id : ecat_build_known(s->build);
	ctx.provider = p != NULL ? p->name : s->provider;
	ctx.event_id = s->event_id;
	ctx.version = s->version;
	ctx.field = f->field;
	if (f->once != NULL) {
		ctx.event_id = f->once->ev->id;
		ctx.version = f->once->ev->version;
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
	ex->captured = s->build;
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
		    (ecat_occ_build(&k->occ[i - 1])->index >
		    ecat_occ_build(&to)->index ||
		    (ecat_occ_build(&k->occ[i - 1])->index ==
		    ecat_occ_build(&to)->index &&
		    ecat_occ_kind(&k->occ[i - 1]) > ecat_occ_kind(&to))); i--)
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
		inkey |= ecat_occ_row(&k->occ[i]) != NULL;
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
			any |= ecat_occ_row(&o->occ[j]) != NULL &&
			    (bestmode || ecat_occ_build(&o->occ[j]) ==
			    s->build);
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
	ecat_vfind(v, NULL, m, NULL, NULL, 0, "%s", b->buf);
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
	struct ecat_pv		 pp;
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
	    ecat_value_guidtext(s->sys_guid.s, s->sys_guid.len, &q) == 0 &&
	    q != 0) {
		st[1].key = "guid";
		ecat_vquirks(v, NULL, q, NULL, st, 2, &s->sys_guid);
	}
	memset(&pp, 0, sizeof(pp));
	if (ecat_value_anyint(&s->sys_event_id, 0, &pp) == ECAT_PV_OK &&
	    (pp.q & (1u << ECAT_Q_PADDED))) {
		st[1].key = "event_id";
		ecat_vquirks(v, NULL, 1u << ECAT_Q_PADDED, NULL, st, 2,
		    &s->sys_event_id);
	}
	memset(&pp, 0, sizeof(pp));
	if (s->sys_version.kind == ECAT_SV_STRING &&
	    ecat_value_anyint(&s->sys_version, 0, &pp) == ECAT_PV_OK &&
	    (pp.q & (1u << ECAT_Q_PADDED))) {
		st[1].key = "version";
		ecat_vquirks(v, NULL, 1u << ECAT_Q_PADDED, NULL, st, 2,
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

		if (ecat_occ_row(o) == NULL ||
		    (!bestmode && ecat_occ_build(o) != s->build))
			continue;
		if (v->ncands == v->candcap) {
			v->candcap = v->candcap ? v->candcap * 2 : 8;
			v->cands = ecat_reallocarray(v->cands, v->candcap,
			    sizeof(*v->cands));
		}
		c = &v->cands[v->ncands++];
		memset(c, 0, sizeof(*c));
		c->row = ecat_occ_row(o);
		c->ev = c->row->ev;
		c->ps = ecat_occ_schema(o);
		c->build = ecat_occ_build(o);
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

	/*
	 * Check every candidate once per distinct record (S_reusable);
	 * keep the best.  The nearest earlier candidate is tried first:
	 * a run of builds with one record matches at once.
	 */
	for (i = 0; i < v->ncands; i++) {
		int	 how = 0;

		c = &v->cands[i];
		for (j = i; j > 0; j--)
			if ((how = S_reusable(c, &v->cands[j - 1])) != 0)
				break;
		if (j > 0)
			S_reuse(v, c, &v->cands[j - 1], how);
		else
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

/* ---------------------------------------------------------------- help */

/* The help texts live in the diagnostics table (catalog/diag.c). */
const char *
ecat_validate_help(const char *id)
{
	enum ecat_msg	 m;

	if (id == NULL || (m = ecat_msg_by_id(id)) == ECAT_MSG__MAX)
		return NULL;
	return ecat_msg_help(m);
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

	/*
	 * Samples and not one schema: each is sample-unknown-provider, a
	 * warning, and the run would pass having checked nothing (the
	 * Sigma regression captures alone: 238 events, exit 0).
	 */
	if (run->nsamples > 0 && v.emit) {
		for (i = 0; i < cat->nbuilds && !v.hasschemas[i]; i++)
			continue;
		if (i == cat->nbuilds)
			ecat_msg(cat->diag, ECAT_MSG_SRC_NO_SCHEMA, NULL,
			    "%" PRIu64 " sample%s read, none checked: give "
			    "the schemas of their builds as a SOURCE too",
			    run->nsamples, run->nsamples == 1 ? "" : "s");
	}

	run->nbest = (uint32_t)v.nbest;
	run->best = ecat_reallocarray(NULL, v.nbest + 1, sizeof(*run->best));
	for (i = 0; i < v.nbest; i++)
		run->best[i] = v.best[i].out;
	qsort(run->best, run->nbest, sizeof(*run->best), S_bestcmp);
	if (run == &dummy)
		ecat_vrun_clear(&dummy);

	for (i = 0; i < v.msgs.cap; i++)
		if (v.msgs.e[i].h != 0)
			ecat_msgfmt_free(v.msgs.e[i].v.p);
	ecat_htab_free(&v.msgs);
	ecat_htab_free(&v.once);
	ecat_htab_free(&v.bestidx);
	ecat_htab_free(&v.guids);
	free(v.best);
	free(v.hasschemas);
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
ecat_vrun_clear(struct ecat_vrun *run)
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

struct ecat_vrun *
ecat_vrun_new(void)
{
	return ecat_calloc(1, sizeof(struct ecat_vrun));
}

void
ecat_vrun_free(struct ecat_vrun *run)
{
	if (run == NULL)
		return;
	ecat_vrun_clear(run);
	free(run);
}
