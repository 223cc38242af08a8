/*
 * build.c: the page of each build (its facts, its providers, what
 * changed from the build before) and the index.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "drift.h"
#include "site_int.h"

/*
 * What changed, by provider.  A build pair can have thousands of
 * findings (5,513 from Win10-1511 to 1607, 1.8 MB of rows in one
 * table): each provider's are a group, folded unless some are
 * breaking, and at most BUILD_ROWS rows are shown on a page, the same
 * number (at least BUILD_MIN_ROWS) from every provider that has more,
 * breaking ones first; a finding is a line of a list, as a table per
 * provider cost 600 bytes of headings each (204 providers from 1809 to
 * 21H2).  BUILD_ROWS keeps the largest build page under 300 KB beside
 * its list of 1,000 providers (tests/site_groups.sh); the rest are on
 * the event pages and in catalog.json.  A provider whose one finding is
 * that it was added or removed is a name in one list of each instead:
 * as groups, the 1,004 providers Win10-1511-10586 adds to the partial
 * Win10-1507-10240 of every shared source took 207 KB of its 354 KB.
 */
#define BUILD_ROWS	400
#define BUILD_MIN_ROWS	3

struct dref {
	const struct ecat_drift	*d;
	const char		*prov;	/* "" for none */
	size_t			 pos;
};

static int
S_drefcmp(const void *a, const void *b)
{
	const struct dref	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->prov, y->prov)) != 0)
		return c;
	/* Breaking first, else in the drift's order. */
	if ((x->d->sev == ECAT_DSEV_BREAKING) !=
	    (y->d->sev == ECAT_DSEV_BREAKING))
		return x->d->sev == ECAT_DSEV_BREAKING ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int
S_bgroupcmp(const void *a, const void *b)
{
	const struct bgroup	*x = a, *y = b;

	if ((x->nbreaking > 0) != (y->nbreaking > 0))
		return x->nbreaking > 0 ? -1 : 1;
	return strcmp(x->label, y->label);
}

static void
S_changes(struct ecat_pool *p, const struct site *s, struct buildview *bv)
{
	struct dref	*r;
	struct bgroup	*g;
	size_t		 n = bv->nchanges, i, a, b, sum;
	uint32_t	 ng = 0, cap, j;

	if (n == 0)
		return;
	r = ecat_calloc(n, sizeof(*r));
	for (i = 0; i < n; i++) {
		r[i].d = bv->changes[i];
		r[i].prov = r[i].d->provider != NULL ? r[i].d->provider : "";
		r[i].pos = i;
	}
	qsort(r, n, sizeof(*r), S_drefcmp);
	for (a = 0; a < n; a = b) {
		for (b = a + 1; b < n && strcmp(r[a].prov, r[b].prov) == 0; b++)
			continue;
		ng++;
	}
	bv->groups = PNEW(p, struct bgroup, ng);
	bv->added = PNEW(p, struct bgroup, ng);
	bv->removed = PNEW(p, struct bgroup, ng);
	for (a = 0, g = bv->groups; a < n; a = b) {
		for (b = a + 1; b < n && strcmp(r[a].prov, r[b].prov) == 0; b++)
			continue;
		g->label = r[a].prov[0] != '\0' ? r[a].prov : "No provider";
		for (i = 0; i < s->cat->nproviders; i++)
			if (r[a].d->provider != NULL && strcmp(
			    s->cat->providers[i]->name, r[a].prov) == 0) {
				g->pi = &s->pinfo[i];
				break;
			}
		g->count = (uint32_t)(b - a);
		g->rows = PNEW(p, const struct ecat_drift *, b - a);
		for (i = a; i < b; i++) {
			g->rows[i - a] = r[i].d;
			if (r[i].d->sev == ECAT_DSEV_BREAKING)
				g->nbreaking++;
		}
		if (g->count == 1 && g->nbreaking == 0 &&
		    (r[a].d->cls == ECAT_D_PROVIDER_ADDED ||
		    r[a].d->cls == ECAT_D_PROVIDER_REMOVED)) {
			if (r[a].d->cls == ECAT_D_PROVIDER_ADDED)
				bv->added[bv->nadded++] = *g;
			else
				bv->removed[bv->nremoved++] = *g;
			memset(g, 0, sizeof(*g));
			continue;
		}
		g++;
	}
	ng = (uint32_t)(g - bv->groups);
	bv->ngroups = ng;
	/* The largest cap whose rows fit BUILD_ROWS. */
	for (cap = BUILD_ROWS; cap > BUILD_MIN_ROWS; cap--) {
		for (j = 0, sum = 0; j < ng; j++)
			sum += bv->groups[j].count < cap ?
			    bv->groups[j].count : cap;
		if (sum <= BUILD_ROWS)
			break;
	}
	bv->cap = cap;
	for (j = 0; j < ng; j++) {
		g = &bv->groups[j];
		g->nrows = g->count < cap ? g->count : cap;
		g->more = g->count - g->nrows;
		bv->nshown += g->nrows;
		if (g->more > 0)
			bv->capped = 1;
	}
	qsort(bv->groups, ng, sizeof(*bv->groups), S_bgroupcmp);
	free(r);
}

void
site_job_build(struct worker *w, uint32_t bi)
{
	struct site		*s = w->s;
	const struct ecat_catalog *cat = s->cat;
	struct buildview	 bv;
	struct page		 pg;
	struct ecat_buf		 tmp;
	char			 rel[PATH_MAX];
	uint32_t		 i, np = cat->nproviders, c;
	uint8_t			 m;
	size_t			 k;

	ecat_pool_reset(&w->page);
	memset(&bv, 0, sizeof(bv));
	bv.b = cat->builds[bi];
	bv.prev = bi > 0 ? cat->builds[bi - 1] : NULL;
	bv.next = bi + 1 < s->nlisted ? cat->builds[bi + 1] : NULL;
	bv.rows = PNEW(&w->page, struct bprovrow, np ? np : 1);
	for (i = 0; i < np; i++) {
		if ((c = s->bpcount[(size_t)bi * np + i]) == 0)
			continue;
		m = s->bpmask[(size_t)bi * np + i];
		bv.rows[bv.nrows].pi = &s->pinfo[i];
		bv.rows[bv.nrows].nkeys = c;
		bv.rows[bv.nrows].sources = site_pprintf(&w->page, "%s%s%s%s%s",
		    m & 1 ? ecat_srckind_obtained(ECAT_SRC_MANIFEST) : "",
		    (m & 1) && (m & 6) ? ", " : "",
		    m & 2 ? ecat_srckind_obtained(ECAT_SRC_TSV) : "",
		    (m & 2) && (m & 4) ? ", " : "",
		    m & 4 ? ecat_srckind_obtained(ECAT_SRC_SAMPLE) : "");
		bv.nrows++;
		bv.nkeys += c;
	}
	bv.changes = s->dbyto + s->dstart[bi];
	bv.nchanges = s->dstart[bi + 1] - s->dstart[bi];
	for (k = 0; k < bv.nchanges; k++)
		if (bv.changes[k]->sev == ECAT_DSEV_BREAKING)
			bv.nbreaking++;
	S_changes(&w->page, s, &bv);
	snprintf(rel, sizeof(rel), "builds/%s", s->bsafe[bi]);
	if (site_mkdir(s, rel) == -1)
		return;
	ecat_buf_init(&tmp);
	memset(&pg, 0, sizeof(pg));
	pg.s = s;
	pg.root = site_root(2);
	pg.title = site_pprintf(&w->page, "Build %s", bv.b->id);
	pg.canonical = site_canonical(&w->page, s, s->bhref[bi]);
	pg.build = &bv;
	pg.tmp = &tmp;
	site_render(w, s->t_build, &pg, s->bhref[bi]);
	ecat_buf_free(&tmp);
}

void
site_job_index(struct worker *w)
{
	struct site	*s = w->s;
	const struct ecat_catalog *cat = s->cat;
	struct page	 pg;
	struct ecat_buf	 tmp;
	uint8_t		*in;
	uint32_t	 i, bi, k, np = cat->nproviders;

	ecat_pool_reset(&w->page);
	ecat_buf_init(&tmp);
	memset(&pg, 0, sizeof(pg));
	/* Where each provider is, as runs; a header-only one (no event)
	   where its schemas are, listed apart. */
	pg.pbuilds = PNEW(&w->page, const char *, np ? np : 1);
	pg.pfull = PNEW(&w->page, const struct pinfo *, np ? np : 1);
	pg.pempty = PNEW(&w->page, const struct pinfo *, np ? np : 1);
	in = PNEW(&w->page, uint8_t, cat->nbuilds + 1);
	for (i = 0; i < np; i++) {
		const struct ecat_provider *p = cat->providers[i];

		memset(in, 0, cat->nbuilds);
		if (s->pinfo[i].nids > 0) {
			for (bi = 0; bi < cat->nbuilds; bi++)
				in[bi] = s->bpcount[(size_t)bi * np + i] > 0;
			pg.pfull[pg.nfull++] = &s->pinfo[i];
		} else {
			for (k = 0; k < p->nschemas; k++)
				if (p->schemas[k]->kind != ECAT_SRC_SAMPLE)
					in[p->schemas[k]->build->index] = 1;
			pg.pempty[pg.nempty++] = &s->pinfo[i];
		}
		pg.pbuilds[i] = site_runs_brief(&w->page, cat, in);
	}
	pg.s = s;
	pg.root = site_root(0);
	pg.title = SITE_NAME;
	pg.canonical = site_canonical(&w->page, s, "index.html");
	pg.is_home = 1;
	pg.tmp = &tmp;
	site_render(w, s->t_index, &pg, "index.html");
	ecat_buf_free(&tmp);
}
