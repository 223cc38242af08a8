/*
 * rules_fields.c: check the fields a Sigma rule matches on against the
 * events it is tied to (rule-unknown-field,
 * rule-field-missing-in-build).
 *
 * Separate from rules.c, which ties rules to events: this file only
 * reads the targets resolution left in the model and, for each
 * (field, event) pair, where the field is across the event's versions
 * and builds, the nearest field name when it is nowhere, and the
 * builds that lack it when it is somewhere.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "rules_int.h"

/*
 * Where a field is in the versions and builds of one event.  Arrays
 * are indexed by build index (catalog order) and by key.
 */
struct pres {
	uint32_t	 nkeys;
	uint32_t	 first;		/* p->keys[first..first+nkeys) */
	uint8_t		*kexists;	/* per key: some occurrence with a schema */
	uint8_t		*khas;		/* per key: 0 none, 1 some builds, 2 all */
	uint8_t		*bexists;	/* per build: the event is there */
	uint8_t		*bhas;		/* per build: some version has the field */
	uint32_t	 nbexists, nbhas;
};

static void
S_pres(const struct ecat_catalog *cat, const struct ecat_provider *p,
    uint32_t id, const char *name, struct pres *pr)
{
	const struct ecat_evkey	*k;
	const struct ecat_occ	*o;
	uint32_t		 i, j, b, with, total;

	pr->nkeys = ecat_rules_keys(p, id, &pr->first);
	pr->kexists = ecat_calloc(pr->nkeys + 1, 1);
	pr->khas = ecat_calloc(pr->nkeys + 1, 1);
	pr->bexists = ecat_calloc(cat->nbuilds + 1, 1);
	pr->bhas = ecat_calloc(cat->nbuilds + 1, 1);
	pr->nbexists = pr->nbhas = 0;
	for (i = 0; i < pr->nkeys; i++) {
		k = p->keys[pr->first + i];
		for (with = total = 0, j = 0; j < k->nocc; j++) {
			o = &k->occ[j];
			if (ecat_occ_row(o) == NULL)
				continue;
			total++;
			b = ecat_occ_build(o)->index;
			if (!pr->bexists[b]) {
				pr->bexists[b] = 1;
				pr->nbexists++;
			}
			if (ecat_rules_occhas(o, name)) {
				with++;
				if (!pr->bhas[b]) {
					pr->bhas[b] = 1;
					pr->nbhas++;
				}
			}
		}
		pr->kexists[i] = total > 0;
		pr->khas[i] = with == 0 ? 0 : with == total ? 2 : 1;
	}
}

static void
S_presfree(struct pres *pr)
{
	free(pr->kexists);
	free(pr->khas);
	free(pr->bexists);
	free(pr->bhas);
}

/* Levenshtein distance, ASCII case folded; long names cost their
   length difference plus a large constant. */
static unsigned
S_distance(const char *a, const char *b)
{
	unsigned	 row[129], i, j, prev, cur, la, lb;

	la = (unsigned)strlen(a);
	lb = (unsigned)strlen(b);
	if (la > 128 || lb > 128)
		return 1000 + (la > lb ? la - lb : lb - la);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			row[j] = prev + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (cur + 1 < row[j])
				row[j] = cur + 1;
			prev = cur;
		}
	}
	return row[lb];
}

/* Common suffix length, case folded: ties go to the name sharing the
   longest ending ("ServerAddress" is nearer "Address" than "ServerName"). */
static size_t
S_suffix(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), n = 0;

	while (n < la && n < lb && tolower((unsigned char)a[la - 1 - n]) ==
	    tolower((unsigned char)b[lb - 1 - n]))
		n++;
	return n;
}

/* Append " (v0, v2)" style: the versions of pr's keys having nm. */
static void
S_versions(const struct ecat_provider *p, const struct pres *pr,
    const char *nm, struct ecat_buf *b)
{
	const struct ecat_evkey	*k;
	uint32_t		 i, j, n = 0;

	for (i = 0; i < pr->nkeys; i++) {
		k = p->keys[pr->first + i];
		for (j = 0; j < k->nocc; j++)
			if (ecat_rules_occhas(&k->occ[j], nm))
				break;
		if (j == k->nocc)
			continue;
		ecat_buf_printf(b, "%sv%u", n++ ? ", " : " (", k->version);
	}
	if (n > 0)
		ecat_buf_puts(b, ")");
}

/*
 * The field of (p, id) nearest name, or NULL when the event has none;
 * also notes another event of p that has name exactly (*elsewhere, -1
 * if none).
 */
static const char *
S_closest(const struct ecat_provider *p, uint32_t id, const struct pres *pr,
    const char *name, int64_t *elsewhere)
{
	const struct ecat_evkey	*k;
	const struct ecat_evrow	*r;
	const struct ecat_shape	*sh;
	const char		*best = NULL, *nm;
	unsigned		 d, bd = ~0U;
	size_t			 sf, bsf = 0;
	uint32_t		 i, j, f;

	for (i = 0; i < pr->nkeys; i++) {
		k = p->keys[pr->first + i];
		for (j = 0; j < k->nocc; j++) {
			if ((r = ecat_occ_row(&k->occ[j])) == NULL ||
			    r->ev->tmpl == NULL ||
			    (sh = r->ev->tmpl->shape) == NULL)
				continue;
			for (f = 0; f < sh->nfields; f++) {
				nm = sh->fields[f].name;
				if (nm == NULL || *nm == '\0' || nm == best)
					continue;
				d = S_distance(name, nm);
				sf = S_suffix(name, nm);
				if (d < bd || (d == bd && (sf > bsf ||
				    (sf == bsf && strcmp(nm, best) < 0)))) {
					best = nm;
					bd = d;
					bsf = sf;
				}
			}
		}
	}
	*elsewhere = -1;
	for (i = 0; i < p->nkeys && *elsewhere < 0; i++) {
		k = p->keys[i];
		if (k->id == id)
			continue;
		for (j = 0; j < k->nocc; j++)
			if (ecat_rules_occhas(&k->occ[j], name)) {
				*elsewhere = k->id;
				break;
			}
	}
	return best;
}

/* Append the builds where the event is but the field is not, as runs
   "A..B" over the builds having the event. */
static void
S_buildruns(const struct ecat_catalog *cat, const struct pres *pr,
    struct ecat_buf *b)
{
	uint32_t	 i, start = UINT32_MAX, last = 0, n = 0;

	for (i = 0; i <= cat->nbuilds; i++) {
		if (i < cat->nbuilds && !pr->bexists[i])
			continue;
		if (i < cat->nbuilds && !pr->bhas[i]) {
			if (start == UINT32_MAX)
				start = i;
			last = i;
			continue;
		}
		if (start == UINT32_MAX)
			continue;
		ecat_buf_printf(b, "%s%s", n++ ? ", " : "",
		    cat->builds[start]->id);
		if (last != start)
			ecat_buf_printf(b, "..%s", cat->builds[last]->id);
		start = UINT32_MAX;
	}
}

/* One (field, event) pair of a rule to check. */
struct fchk {
	const char		*name;
	struct ecat_loc		 loc;		/* first use for this event */
	const struct ecat_provider *provider;
	uint32_t		 id;
	uint32_t		 nbhas;		/* builds with the field */
	int			 partial;	/* some version lacks it somewhere */
	int			 anyhas;	/* some event of the rule has it */
};

/* By name, event, then place: the first use of each pair first. */
static int
S_fchkcmp(const void *a, const void *b)
{
	const struct fchk	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	if ((c = strcmp(x->provider->name, y->provider->name)) != 0)
		return c;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return x->loc.col < y->loc.col ? -1 : x->loc.col > y->loc.col;
}

/* By place in the file, then event: the order diagnostics come in. */
static int
S_fchkplace(const void *a, const void *b)
{
	const struct fchk	*x = a, *y = b;
	int			 c;

	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	if ((c = strcmp(x->provider->name, y->provider->name)) != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* rule-unknown-field for c: the event's nearest field and versions. */
static void
S_unknownfield(struct ecat_catalog *cat, struct ecat_rule *r,
    const struct fchk *c, const struct pres *pr, struct ecat_buf *b,
    const struct ecat_msgctx *ctx)
{
	const char	*best;
	int64_t		 elsewhere;

	best = S_closest(c->provider, c->id, pr, c->name, &elsewhere);
	ecat_buf_printf(b, "%s: %s %u has no such field in any of its %u "
	    "versions in %u builds", c->name, c->provider->name, c->id,
	    pr->nkeys, pr->nbexists);
	if (best != NULL) {
		ecat_buf_printf(b, "; closest: %s", best);
		S_versions(c->provider, pr, best, b);
	} else
		ecat_buf_puts(b, "; the event has no fields");
	if (elsewhere >= 0)
		ecat_buf_printf(b, "; event %lld of the provider has %s",
		    (long long)elsewhere, c->name);
	ecat_msgx(cat->diag, ECAT_MSG_RULE_UNKNOWN_FIELD, &c->loc, ctx, "%s",
	    b->buf);
	r->nunknown_fields++;
}

/* rule-field-missing-in-build for c: the versions and builds without. */
static void
S_missingfield(struct ecat_catalog *cat, struct ecat_rule *r,
    const struct fchk *c, const struct pres *pr, struct ecat_buf *b,
    const struct ecat_msgctx *ctx)
{
	uint32_t	 n, x;

	ecat_buf_printf(b, "%s: %s %u has it in", c->name, c->provider->name,
	    c->id);
	for (x = 0, n = 0; n < pr->nkeys; n++)
		if (pr->kexists[n] && pr->khas[n] != 0)
			ecat_buf_printf(b, "%s v%u%s", x++ ? "," : "",
			    c->provider->keys[pr->first + n]->version,
			    pr->khas[n] == 1 ? " (some builds)" : "");
	for (x = 0, n = 0; n < pr->nkeys; n++)
		if (pr->kexists[n] && pr->khas[n] == 0)
			ecat_buf_printf(b, "%sv%u", x++ ? ", " : ", not in ",
			    c->provider->keys[pr->first + n]->version);
	if (pr->nbhas < pr->nbexists) {
		ecat_buf_printf(b, "; no version has it in %u of the %u "
		    "builds with the event: ", pr->nbexists - pr->nbhas,
		    pr->nbexists);
		S_buildruns(cat, pr, b);
	} else
		ecat_buf_puts(b, "; every build with the event has a version "
		    "with it");
	ecat_msgx(cat->diag, ECAT_MSG_RULE_FIELD_MISSING, &c->loc, ctx, "%s",
	    b->buf);
	r->nmissing_fields++;
}

/*
 * Check the fields of rule r against its events.  A field none of the
 * events it is checked against has is unknown, for each of them; one
 * that some have is reported only where some versions or builds lack
 * it (the rule may well use it for one event and not another).
 */
void
ecat_rules_checkfields(struct ecat_catalog *cat, struct ecat_rule *r)
{
	struct ecat_vec		 fc;
	struct fchk		*c, *all;
	struct pres		 pr;
	struct ecat_msgctx	 ctx;
	struct ecat_buf		 b;
	const struct ecat_rsel	*s;
	size_t			 i, j, m;
	uint32_t		 si, fi, ti, n;
	int			 anyhas;

	ecat_vec_init(&fc, sizeof(struct fchk));
	for (si = 0; si < r->nsels; si++) {
		s = &r->sels[si];
		for (fi = 0; fi < s->nfields; fi++)
			for (ti = 0; ti < s->ntargets && !s->fields[fi].header;
			    ti++) {
				c = ecat_vec_add(&fc);
				c->name = s->fields[fi].name;
				c->loc = s->fields[fi].loc;
				c->provider = s->targets[ti].provider;
				c->id = s->targets[ti].id;
			}
	}
	all = (struct fchk *)fc.v;
	if (fc.n > 1)
		qsort(all, fc.n, sizeof(*all), S_fchkcmp);
	/* One per (field, event), at its first use. */
	for (m = 0, i = 0; i < fc.n; i++)
		if (m == 0 || all[m - 1].name != all[i].name ||
		    all[m - 1].provider != all[i].provider ||
		    all[m - 1].id != all[i].id)
			all[m++] = all[i];
	for (i = 0; i < m; i++) {
		S_pres(cat, all[i].provider, all[i].id, all[i].name, &pr);
		all[i].nbhas = pr.nbhas;
		for (n = 0; n < pr.nkeys; n++)
			if (pr.kexists[n] && pr.khas[n] != 2)
				all[i].partial = 1;
		S_presfree(&pr);
	}
	for (i = 0; i < m; i = j) {
		for (anyhas = 0, j = i; j < m && all[j].name == all[i].name;
		    j++)
			anyhas |= all[j].nbhas > 0;
		for (j = i; j < m && all[j].name == all[i].name; j++)
			all[j].anyhas = anyhas;
	}
	if (m > 1)
		qsort(all, m, sizeof(*all), S_fchkplace);
	ecat_buf_init(&b);
	ctx.build = NULL;
	ctx.version = -1;
	for (i = 0; i < m; i++) {
		c = &all[i];
		if (c->anyhas && (c->nbhas == 0 || !c->partial))
			continue;
		ctx.provider = c->provider->name;
		ctx.event_id = c->id;
		ctx.field = c->name;
		S_pres(cat, c->provider, c->id, c->name, &pr);
		ecat_buf_reset(&b);
		if (!c->anyhas)
			S_unknownfield(cat, r, c, &pr, &b, &ctx);
		else
			S_missingfield(cat, r, c, &pr, &b, &ctx);
		S_presfree(&pr);
	}
	ecat_buf_free(&b);
	free(fc.v);
}
