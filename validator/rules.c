/*
 * rules.c: tie Sigma rules to the catalog's events (catalog/rules.h has
 * the resolution steps) and run the rule checks.
 *
 * Resolution produces model data (rule->targets, each selection's
 * targets, each event key's rules and rulefields) for the site; the
 * checks then report from it: rule-unresolved and rule-unknown-event
 * here, rule-unknown-field and rule-field-missing-in-build in
 * rules_fields.c, which only reads what resolution left.
 *
 * Our schemas mostly carry no channels (the jdu2600 TSVs leave the
 * channel column empty), so a channel is tied to its provider by name
 * (rules.h, step 3); where schemas do declare channels, those win.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "annotate.h"
#include "rules.h"
#include "rules_int.h"

#include "sigma-services.h"

/*
 * Channels whose provider is not named by the part before "/"
 * (docs/etw-manifest-reference.md §1.5, "Who writes a channel", gives
 * the sources).  Only channels the SigmaHQ rules reach through the
 * service map are listed.
 */
static const struct chanprov {
	const char	*channel;
	const char	*provider;
} chanprovs[] = {
	/*
	 * The Security log is written by the security auditing provider
	 * and by the event log service's own events 1100-1108.
	 */
	{ "Security", "Microsoft-Windows-Security-Auditing" },
	{ "Security", "Microsoft-Windows-Eventlog" },
	{ "Microsoft-Windows-DNS Client Events/Operational",
	  "Microsoft-Windows-DNS-Client" },
	{ "Microsoft-Windows-AppxPackaging/Operational",
	  "Microsoft-Windows-AppxPackagingOM" },
	{ "Microsoft-Windows-AppXDeploymentServer/Operational",
	  "Microsoft-Windows-AppXDeployment-Server" },
};

/*
 * Classic logs shared by hundreds of providers (reference §1.5): an
 * EventID there means nothing without Provider_Name.
 */
static const char *const sharedlogs[] = { "System", "Application", NULL };

static const char *const rstates[ECAT_RULE__MAX] = {
	"unresolved", "resolved", "no-eventid", "category", "not-windows",
	"unknown-service", "legacy-channel", "no-provider", "unknown-event",
};

/* A channel declared by a loaded schema, and its provider. */
struct decl {
	const char		*channel;
	const struct ecat_provider *provider;
};

/* A candidate provider of a selection and how it was found. */
struct cand {
	const struct ecat_provider *provider;
	const char		*via;
};

/* An EventID no candidate provider has. */
struct unk {
	uint32_t		 id;
	struct ecat_loc		 loc;
	const struct ecat_provider *provider;	/* the first candidate */
	const char		*via;
};

struct rs {
	struct ecat_catalog	*cat;
	struct decl		*decls;		/* sorted by channel, nocase */
	size_t			 ndecls;
	struct ecat_buf		 why;
	struct ecat_vec		 unks;		/* struct unk, current rule */
};

/* ------------------------------------------------------------ helpers */

const struct ecat_sigma_service *
ecat_sigma_services(size_t *n)
{
	*n = sizeof(sigma_services) / sizeof(sigma_services[0]);
	return sigma_services;
}

const char *
ecat_rstate_name(enum ecat_rstate s)
{
	return s < ECAT_RULE__MAX ? rstates[s] : "?";
}

/*
 * The keys of p with event id: *first and the count.  Keys are sorted
 * by (id, version) once the catalog is finished.
 */
uint32_t
ecat_rules_keys(const struct ecat_provider *p, uint32_t id, uint32_t *first)
{
	uint32_t	 lo = 0, hi = p->nkeys, n = 0;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (p->keys[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + n < p->nkeys && p->keys[lo + n]->id == id)
		n++;
	return n;
}

/* Returns whether some schema of some build defines event id of p. */
static int
S_hasid(const struct ecat_provider *p, uint32_t id)
{
	uint32_t	 first, n, i, j;

	n = ecat_rules_keys(p, id, &first);
	for (i = 0; i < n; i++)
		for (j = 0; j < p->keys[first + i]->nocc; j++)
			if (ecat_occ_row(&p->keys[first + i]->occ[j]) != NULL)
				return 1;
	return 0;
}

/*
 * Returns whether two field names are equal but for spaces and
 * underscores.  Manifests may give names with spaces (Defender's
 * "Feature Name", shown so in the event XML); SigmaHQ writes them with
 * an underscore (Feature_Name) and TDH rebuilds, the public corpora
 * among them, drop the space (FeatureName): all three are one field.
 */
static int
S_looseeq(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '_')
			a++;
		while (*b == ' ' || *b == '_')
			b++;
		if (*a != *b)
			return 0;
		if (*a == '\0')
			return 1;
		a++;
		b++;
	}
}

/* Returns whether the occurrence's field list has name (interned). */
int
ecat_rules_occhas(const struct ecat_occ *o, const char *name)
{
	const struct ecat_evrow	*r;
	const struct ecat_shape	*sh;
	uint32_t		 i;

	if ((r = ecat_occ_row(o)) == NULL || r->ev->tmpl == NULL ||
	    (sh = r->ev->tmpl->shape) == NULL)
		return 0;
	for (i = 0; i < sh->nfields; i++)
		if (sh->fields[i].name == name)
			return 1;
	for (i = 0; i < sh->nfields; i++)
		if (sh->fields[i].name != NULL &&
		    S_looseeq(sh->fields[i].name, name))
			return 1;
	return 0;
}

static int
S_declcmp(const void *a, const void *b)
{
	const struct decl	*x = a, *y = b;

	return strcasecmp(x->channel, y->channel);
}

/* Index the channels the loaded schemas declare (not imported ones:
   importing System says nothing about who owns it). */
static void
S_decls(struct rs *rs)
{
	struct ecat_vec		 v;
	struct decl		*d;
	const struct ecat_pschema *ps;
	uint32_t		 i, j, k;

	ecat_vec_init(&v, sizeof(struct decl));
	for (i = 0; i < rs->cat->nproviders; i++)
		for (j = 0; j < rs->cat->providers[i]->nschemas; j++) {
			ps = rs->cat->providers[i]->schemas[j];
			for (k = 0; k < ps->nchannels; k++) {
				if (ps->channels[k].imported ||
				    ps->channels[k].name == NULL)
					continue;
				d = ecat_vec_add(&v);
				d->channel = ps->channels[k].name;
				d->provider = rs->cat->providers[i];
			}
		}
	if (v.n > 1)
		qsort(v.v, v.n, v.size, S_declcmp);
	rs->decls = (struct decl *)v.v;
	rs->ndecls = v.n;
}

/* Add (p, via) to cands unless there. */
static void
S_addcand(struct ecat_vec *cands, const struct ecat_provider *p, const char *via)
{
	struct cand	*c;
	size_t		 i;

	for (i = 0; i < cands->n; i++)
		if (((struct cand *)ecat_vec_at(cands, i))->provider == p)
			return;
	c = ecat_vec_add(cands);
	c->provider = p;
	c->via = via;
}

/* Returns whether s is one of the NULL-terminated list. */
static int
S_oneof(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcasecmp(s, *list) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ resolving */

/*
 * The candidate providers of one channel into cands.  Returns the
 * state explaining an empty result (rs->why set), or RESOLVED.
 */
static enum ecat_rstate
S_chancands(struct rs *rs, const char *chan, struct ecat_vec *cands)
{
	const struct ecat_provider	*p;
	struct decl			 key, *d;
	const char			*slash;
	char				*prefix;
	size_t				 i, before = cands->n;

	if (S_oneof(chan, sharedlogs)) {
		ecat_buf_reset(&rs->why);
		ecat_buf_printf(&rs->why, "channel %s is written by many "
		    "providers and the rule names no Provider_Name", chan);
		return ECAT_RULE_LEGACY_CHANNEL;
	}
	key.channel = chan;
	if (rs->ndecls > 0 && (d = bsearch(&key, rs->decls, rs->ndecls,
	    sizeof(*d), S_declcmp)) != NULL) {
		while (d > rs->decls && strcasecmp(d[-1].channel, chan) == 0)
			d--;
		for (; d < rs->decls + rs->ndecls &&
		    strcasecmp(d->channel, chan) == 0; d++)
			S_addcand(cands, d->provider, chan);
	}
	for (i = 0; i < sizeof(chanprovs) / sizeof(chanprovs[0]); i++)
		if (strcasecmp(chanprovs[i].channel, chan) == 0 &&
		    (p = ecat_provider_find(rs->cat,
		    chanprovs[i].provider)) != NULL)
			S_addcand(cands, p, chan);
	if (cands->n > before)
		return ECAT_RULE_RESOLVED;
	slash = strchr(chan, '/');
	prefix = slash != NULL ? ecat_strndup(chan, (size_t)(slash - chan)) :
	    ecat_strdup(chan);
	p = ecat_provider_find(rs->cat, prefix);
	if (p != NULL)
		S_addcand(cands, p, chan);
	else {
		ecat_buf_reset(&rs->why);
		ecat_buf_printf(&rs->why, "channel %s: no provider %s in "
		    "the catalog", chan, prefix);
	}
	free(prefix);
	return p != NULL ? ECAT_RULE_RESOLVED : ECAT_RULE_NO_PROVIDER;
}

/*
 * The string values of a selection attribute with the fallbacks of
 * rules.h: the mapping's own, else its selection's other mappings',
 * else every mapping's of the rule.  which: 0 Provider_Name, 1 Channel.
 */
static void
S_values(const struct ecat_rule *r, const struct ecat_rsel *s,
    int which, struct ecat_vec *out)
{
	const struct ecat_rsel	*t;
	uint32_t		 i, j, n;
	const char		**a;
	int			 pass;

	for (pass = 0; pass < 3 && out->n == 0; pass++)
		for (i = 0; i < r->nsels; i++) {
			t = &r->sels[i];
			if ((pass == 0 && t != s) ||
			    (pass == 1 && strcmp(t->name, s->name) != 0))
				continue;
			n = which == 0 ? t->nprovs : t->nchannels;
			a = which == 0 ? t->provs : t->channels;
			for (j = 0; j < n; j++)
				*(const char **)ecat_vec_add(out) = a[j];
		}
}

/* The EventIDs of a selection mapping, with the same fallbacks. */
static void
S_ids(const struct ecat_rule *r, const struct ecat_rsel *s, struct ecat_vec *out)
{
	const struct ecat_rsel	*t;
	uint32_t		 i, j;
	size_t			 k;
	int			 pass;

	for (pass = 0; pass < 3 && out->n == 0; pass++)
		for (i = 0; i < r->nsels; i++) {
			t = &r->sels[i];
			if ((pass == 0 && t != s) ||
			    (pass == 1 && strcmp(t->name, s->name) != 0))
				continue;
			for (j = 0; j < t->nids; j++) {
				for (k = 0; k < out->n; k++)
					if (*(uint32_t *)ecat_vec_at(out, k) ==
					    t->ids[j])
						break;
				if (k == out->n)
					*(uint32_t *)ecat_vec_add(out) = t->ids[j];
			}
		}
}

/*
 * The candidate providers of a selection mapping.  Returns RESOLVED
 * when there is one, else the state saying why not (rs->why set).
 */
static enum ecat_rstate
S_cands(struct rs *rs, const struct ecat_rule *r, const struct ecat_rsel *s,
    struct ecat_vec *cands)
{
	struct ecat_vec		 provs, chans;
	const struct ecat_provider *p;
	enum ecat_rstate	 st, first = ECAT_RULE_RESOLVED;
	size_t			 i, n;
	const char		*ch;
	struct ecat_buf		 miss;

	ecat_vec_init(&provs, sizeof(const char *));
	ecat_vec_init(&chans, sizeof(const char *));
	S_values(r, s, 0, &provs);
	if (provs.n > 0) {
		ecat_buf_init(&miss);
		for (i = 0; i < provs.n; i++) {
			ch = *(const char **)ecat_vec_at(&provs, i);
			if ((p = ecat_provider_find(rs->cat, ch)) != NULL)
				S_addcand(cands, p, ch);
			else
				ecat_buf_printf(&miss, "%s%s",
				    miss.len ? ", " : "", ch);
		}
		if (cands->n == 0) {
			ecat_buf_reset(&rs->why);
			ecat_buf_printf(&rs->why, "Provider_Name %s: not in "
			    "the catalog", miss.buf);
			first = ECAT_RULE_NO_PROVIDER;
		}
		ecat_buf_free(&miss);
		free(provs.v);
		return first;
	}
	S_values(r, s, 1, &chans);
	if (chans.n == 0 && r->service != NULL) {
		for (i = 0; i < sizeof(sigma_services) /
		    sizeof(sigma_services[0]); i++)
			if (strcmp(sigma_services[i].service, r->service) == 0)
				*(const char **)ecat_vec_add(&chans) =
				    sigma_services[i].channel;
		if (chans.n == 0) {
			ecat_buf_reset(&rs->why);
			ecat_buf_printf(&rs->why, "service %s is not in the "
			    "service map (catalog/sigma-services.tsv)",
			    r->service);
			free(chans.v);
			return ECAT_RULE_UNKNOWN_SERVICE;
		}
	}
	if (chans.n == 0) {
		ecat_buf_reset(&rs->why);
		ecat_buf_printf(&rs->why, "no service, Channel or "
		    "Provider_Name");
		return ECAT_RULE_UNKNOWN_SERVICE;
	}
	for (i = 0; i < chans.n; i++) {
		n = cands->n;
		st = S_chancands(rs, *(const char **)ecat_vec_at(&chans, i), cands);
		if (cands->n == n && first == ECAT_RULE_RESOLVED)
			first = st;
	}
	free(chans.v);
	return cands->n > 0 ? ECAT_RULE_RESOLVED : first;
}

static int
S_tgtcmp(const void *a, const void *b)
{
	const struct ecat_rtarget	*x = a, *y = b;
	int				 c;

	if ((c = strcmp(x->provider->name, y->provider->name)) != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Returns whether (p, id) is among the n targets t, sorted by
   S_tgtcmp. */
static int
S_hastgt(const struct ecat_rtarget *t, size_t n,
    const struct ecat_provider *p, uint32_t id)
{
	struct ecat_rtarget	 key;

	if (n == 0)
		return 0;
	key.provider = p;
	key.id = id;
	key.via = NULL;
	return bsearch(&key, t, n, sizeof(*t), S_tgtcmp) != NULL;
}

/* Sort targets and drop repeats; returns the new count. */
static size_t
S_tgtuniq(struct ecat_rtarget *t, size_t n)
{
	size_t	 i, m = 0;

	if (n == 0)
		return 0;
	qsort(t, n, sizeof(*t), S_tgtcmp);
	for (i = 0; i < n; i++)
		if (m == 0 || S_tgtcmp(&t[m - 1], &t[i]) != 0)
			t[m++] = t[i];
	return m;
}

/*
 * Targets kept per selection mapping and per rule.  SigmaHQ's rules
 * have at most a handful; the bound keeps a crafted rule (256
 * mappings of 256 EventIDs over many candidate providers) from
 * asking the field checks for millions of (field, event) pairs.
 */
#define S_MAX_TARGETS	1024

/* Tie one rule to events; unknown EventIDs go to rs->unks. */
static void
S_resolve(struct rs *rs, struct ecat_rule *r)
{
	struct ecat_catalog	*cat = rs->cat;
	struct ecat_rsel	*s;
	struct ecat_vec		 cands, ids, tgts, all;
	struct ecat_rtarget	*t;
	struct cand		*c;
	struct unk		*u;
	enum ecat_rstate	 st, why = ECAT_RULE_RESOLVED;
	const char		*whytext = NULL;
	uint32_t		 i, id;
	size_t			 j, k, x;
	int			 any = 0, found;

	r->state = ECAT_RULE_UNRESOLVED;
	r->why = NULL;
	r->ntargets = 0;
	r->targets = NULL;
	for (i = 0; i < r->nsels; i++)
		if (r->sels[i].nids > 0)
			any = 1;
	if (!any) {
		r->state = ECAT_RULE_NO_EVENTID;
		return;
	}
	if (r->service == NULL && r->category != NULL) {
		r->state = ECAT_RULE_CATEGORY;
		return;
	}
	if (r->product != NULL && strcasecmp(r->product, "windows") != 0) {
		r->state = ECAT_RULE_NOT_WINDOWS;
		return;
	}
	ecat_vec_init(&all, sizeof(struct ecat_rtarget));
	for (i = 0; i < r->nsels; i++) {
		s = (struct ecat_rsel *)&r->sels[i];
		s->ntargets = 0;
		s->targets = NULL;
		/* Keyword selections name no event data. */
		if (s->nids == 0 && s->nfields == 0)
			continue;
		ecat_vec_init(&cands, sizeof(struct cand));
		ecat_vec_init(&ids, sizeof(uint32_t));
		ecat_vec_init(&tgts, sizeof(struct ecat_rtarget));
		st = S_cands(rs, r, s, &cands);
		if (st != ECAT_RULE_RESOLVED && why == ECAT_RULE_RESOLVED) {
			why = st;
			whytext = ecat_str(cat, rs->why.buf);
		}
		S_ids(r, s, &ids);
		for (j = 0; j < ids.n && cands.n > 0; j++) {
			id = *(uint32_t *)ecat_vec_at(&ids, j);
			for (found = 0, k = 0; k < cands.n; k++) {
				c = ecat_vec_at(&cands, k);
				if (!S_hasid(c->provider, id))
					continue;
				found = 1;
				if (tgts.n >= S_MAX_TARGETS)
					break;
				t = ecat_vec_add(&tgts);
				t->provider = c->provider;
				t->id = id;
				t->via = c->via;
			}
			if (found || s->nids == 0)
				continue;
			/* Reported once per rule and id, at the first place. */
			for (x = 0; x < rs->unks.n; x++)
				if (((struct unk *)ecat_vec_at(&rs->unks, x))->id ==
				    id)
					break;
			if (x < rs->unks.n)
				continue;
			c = ecat_vec_at(&cands, 0);
			u = ecat_vec_add(&rs->unks);
			u->id = id;
			u->loc = s->idloc;
			for (x = 0; x < s->nids; x++)
				if (s->ids[x] == id) {
					u->loc = s->idlocs[x];
					break;
				}
			u->provider = c->provider;
			u->via = c->via;
		}
		tgts.n = S_tgtuniq((struct ecat_rtarget *)tgts.v, tgts.n);
		s->ntargets = (uint32_t)tgts.n;
		if (tgts.n > 0) {
			s->targets = ECAT_NEWARRAY(cat, struct ecat_rtarget,
			    tgts.n);
			memcpy((void *)s->targets, tgts.v,
			    tgts.n * sizeof(struct ecat_rtarget));
		}
		for (j = 0; j < tgts.n && all.n < 16 * S_MAX_TARGETS; j++)
			*(struct ecat_rtarget *)ecat_vec_add(&all) =
			    *(struct ecat_rtarget *)ecat_vec_at(&tgts, j);
		all.n = S_tgtuniq((struct ecat_rtarget *)all.v, all.n);
		free(cands.v);
		free(ids.v);
		free(tgts.v);
	}
	if (all.n > S_MAX_TARGETS)
		all.n = S_MAX_TARGETS;
	if (all.n > 0) {
		r->targets = ECAT_NEWARRAY(cat, struct ecat_rtarget, all.n);
		memcpy((void *)r->targets, all.v, all.n * all.size);
		r->ntargets = (uint32_t)all.n;
		r->state = ECAT_RULE_RESOLVED;
	} else if (rs->unks.n > 0)
		r->state = ECAT_RULE_UNKNOWN_EVENT;
	else {
		r->state = why != ECAT_RULE_RESOLVED ? why :
		    ECAT_RULE_NO_PROVIDER;
		r->why = whytext;
	}
	free(all.v);
}

static int
S_rulecmp(const void *a, const void *b)
{
	const struct ecat_rule	*x = *(const struct ecat_rule *const *)a;
	const struct ecat_rule	*y = *(const struct ecat_rule *const *)b;
	int			 c;

	if ((c = strcmp(x->title, y->title)) != 0)
		return c;
	return strcmp(x->path, y->path);
}

static int
S_namecmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Field names rule r matches on for event (p, id): those of the
 * selections tied to it, each once, appended to out.
 */
static void
S_rulenames(const struct ecat_rule *r, const struct ecat_provider *p,
    uint32_t id, struct ecat_vec *out)
{
	const struct ecat_rsel	*s;
	size_t			 start = out->n, k;
	uint32_t		 i, j;

	for (i = 0; i < r->nsels; i++) {
		s = &r->sels[i];
		if (!S_hastgt(s->targets, s->ntargets, p, id))
			continue;
		for (j = 0; j < s->nfields; j++) {
			if (s->fields[j].header)
				continue;
			for (k = start; k < out->n; k++)
				if (*(const char **)ecat_vec_at(out, k) ==
				    s->fields[j].name)
					break;
			if (k == out->n)
				*(const char **)ecat_vec_add(out) =
				    s->fields[j].name;
		}
	}
}

/* Fill the per-key lists from the rules' targets. */
static void
S_attach(struct ecat_catalog *cat)
{
	struct ecat_provider	*p;
	struct ecat_evkey	*k;
	const struct ecat_rule	*r;
	struct ecat_rulefield	*rf;
	struct ecat_vec		 names;
	uint32_t		 i, j, first, n, x, y, nf;
	size_t			 a, b;
	const char		*nm;

	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i]->nkeys; j++) {
			k = cat->providers[i]->keys[j];
			k->nrules = 0;
			k->rules = NULL;
			k->nrulefields = 0;
			k->rulefields = NULL;
		}
	/* Count, allocate, fill. */
	for (i = 0; i < cat->nrules; i++)
		for (r = cat->rules[i], j = 0; j < r->ntargets; j++) {
			n = ecat_rules_keys(r->targets[j].provider,
			    r->targets[j].id, &first);
			for (x = 0; x < n; x++)
				r->targets[j].provider->keys[first + x]->
				    nrules++;
		}
	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i]->nkeys; j++) {
			k = cat->providers[i]->keys[j];
			if (k->nrules > 0)
				k->rules = ECAT_NEWARRAY(cat,
				    const struct ecat_rule *, k->nrules);
			k->nrules = 0;
		}
	for (i = 0; i < cat->nrules; i++)
		for (r = cat->rules[i], j = 0; j < r->ntargets; j++) {
			p = (struct ecat_provider *)r->targets[j].provider;
			n = ecat_rules_keys(p, r->targets[j].id, &first);
			for (x = 0; x < n; x++) {
				k = p->keys[first + x];
				k->rules[k->nrules++] = r;
			}
		}
	ecat_vec_init(&names, sizeof(const char *));
	for (i = 0; i < cat->nproviders; i++) {
		p = cat->providers[i];
		for (j = 0; j < p->nkeys; j++) {
			k = p->keys[j];
			if (k->nrules == 0)
				continue;
			qsort(k->rules, k->nrules, sizeof(*k->rules),
			    S_rulecmp);
			names.n = 0;
			for (x = 0; x < k->nrules; x++)
				S_rulenames(k->rules[x], p, k->id, &names);
			if (names.n == 0)
				continue;
			qsort(names.v, names.n, names.size, S_namecmp);
			for (nf = 0, a = 0; a < names.n; a = b, nf++)
				for (b = a; b < names.n &&
				    *(const char **)ecat_vec_at(&names, b) ==
				    *(const char **)ecat_vec_at(&names, a); b++)
					continue;
			rf = ECAT_NEWARRAY(cat, struct ecat_rulefield, nf);
			for (nf = 0, a = 0; a < names.n; a = b, nf++) {
				nm = *(const char **)ecat_vec_at(&names, a);
				for (b = a; b < names.n &&
				    *(const char **)ecat_vec_at(&names, b) == nm;
				    b++)
					continue;
				rf[nf].name = nm;
				rf[nf].nrules = (uint32_t)(b - a);
				for (y = 0; y < k->nocc; y++)
					if (ecat_rules_occhas(&k->occ[y], nm))
						rf[nf].present = 1;
			}
			k->rulefields = rf;
			k->nrulefields = nf;
		}
	}
	free(names.v);
}

void
ecat_rules_resolve(struct ecat_catalog *cat)
{
	struct rs	 rs;
	uint32_t	 i;

	if (!cat->finished ||
	    (cat->rules_resolved == cat->nrules && cat->nrules > 0))
		return;
	memset(&rs, 0, sizeof(rs));
	rs.cat = cat;
	ecat_buf_init(&rs.why);
	ecat_vec_init(&rs.unks, sizeof(struct unk));
	S_decls(&rs);
	for (i = 0; i < cat->nrules; i++) {
		rs.unks.n = 0;
		S_resolve(&rs, cat->rules[i]);
	}
	S_attach(cat);
	cat->rules_resolved = cat->nrules;
	free(rs.decls);
	free(rs.unks.v);
	ecat_buf_free(&rs.why);
}

uint32_t
ecat_evkey_rule_count(const struct ecat_evkey *k, const char *field)
{
	uint32_t	 lo = 0, hi = k->nrulefields;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = strcmp(k->rulefields[mid].name, field);
		if (c == 0)
			return k->rulefields[mid].nrules;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void
ecat_rules_check(struct ecat_catalog *cat)
{
	struct rs		 rs;
	struct ecat_rule	*r;
	struct ecat_msgctx	 ctx;
	struct ecat_loc		 loc;
	struct unk		*u;
	uint32_t		 i;
	size_t			 j;

	if (!cat->finished)
		return;
	ecat_rules_resolve(cat);
	/*
	 * Unknown EventIDs are found while resolving; find them again
	 * here rather than keep them in the model.
	 */
	memset(&rs, 0, sizeof(rs));
	rs.cat = cat;
	ecat_buf_init(&rs.why);
	ecat_vec_init(&rs.unks, sizeof(struct unk));
	S_decls(&rs);
	for (i = 0; i < cat->nrules; i++) {
		r = cat->rules[i];
		r->nunknown_fields = r->nmissing_fields = 0;
		r->nunknown_events = 0;
		if (r->state == ECAT_RULE_NO_EVENTID ||
		    r->state == ECAT_RULE_CATEGORY ||
		    r->state == ECAT_RULE_NOT_WINDOWS)
			continue;
		rs.unks.n = 0;
		S_resolve(&rs, r);
		ctx.build = NULL;
		ctx.version = -1;
		ctx.field = NULL;
		for (j = 0; j < rs.unks.n; j++) {
			u = ecat_vec_at(&rs.unks, j);
			ctx.provider = u->provider->name;
			ctx.event_id = u->id;
			ecat_msgx(cat->diag, ECAT_MSG_RULE_UNKNOWN_EVENT,
			    &u->loc, &ctx, "%u: no event of %s has this id "
			    "in any of the catalog's %u builds (via %s)", u->id,
			    u->provider->name, cat->nbuilds, u->via);
			r->nunknown_events++;
		}
		if (r->state != ECAT_RULE_RESOLVED &&
		    r->state != ECAT_RULE_UNKNOWN_EVENT) {
			loc = r->lsloc.file != NULL ? r->lsloc : r->loc;
			ctx.provider = NULL;
			ctx.event_id = -1;
			ecat_msgx(cat->diag, ECAT_MSG_RULE_UNRESOLVED, &loc,
			    &ctx, "%s", r->why != NULL ? r->why :
			    ecat_rstate_name(r->state));
			continue;
		}
		ecat_rules_checkfields(cat, r);
	}
	free(rs.decls);
	free(rs.unks.v);
	ecat_buf_free(&rs.why);
}

void
ecat_rules_stats(const struct ecat_catalog *cat, struct ecat_rulestats *st)
{
	const struct ecat_rule	*r;
	uint32_t		 i, j;

	memset(st, 0, sizeof(*st));
	st->files = cat->nrulefiles;
	st->rules = cat->nrules;
	for (i = 0; i < cat->nrules; i++) {
		r = cat->rules[i];
		for (j = 0; j < r->nsels; j++)
			if (r->sels[j].nids > 0)
				break;
		if (j < r->nsels)
			st->with_eventid++;
		st->state[r->state < ECAT_RULE__MAX ? r->state : 0]++;
		st->targets += r->ntargets;
		st->unknown_field_rules += r->nunknown_fields > 0;
		st->unknown_fields += r->nunknown_fields;
		st->missing_fields += r->nmissing_fields;
		st->unknown_events += r->nunknown_events;
	}
	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i]->nkeys; j++)
			st->keys += cat->providers[i]->keys[j]->nrules > 0;
}
