/*
 * provider.c: the page of each provider (its events, channels, keywords
 * and tasks) with its downloads, and the pages of its events: one job
 * per provider, so that a provider's views live in one pool.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "export_json.h"
#include "jsonw.h"
#include "site_int.h"

/* render/export_tsv.c: one schema as a TSV file. */
void	 ecat_export_tsv_schema(const struct ecat_pschema *, struct ecat_buf *);

/* Add (name, value) to a table unless a row of that name is there. */
static void
S_named_add(struct ecat_pool *p, struct pvec *a, const char *name, int hasv,
    uint64_t v, int hex, const char *type, const char *message)
{
	struct named	*n;
	size_t		 i;

	if (name == NULL || name[0] == '\0')
		return;
	for (i = 0; i < a->n; i++) {
		n = a->v[i];
		if (strcmp(n->name, name) != 0)
			continue;
		if (!n->hasv && hasv) {
			n->hasv = 1;
			n->v = v;
			n->value = hex ? site_pprintf(p, "0x%" PRIx64, v) :
			    site_pprintf(p, "%" PRIu64, v);
		}
		if (n->type == NULL)
			n->type = type;
		if (n->message == NULL)
			n->message = message;
		return;
	}
	n = PNEW(p, struct named, 1);
	n->name = name;
	n->hasv = hasv;
	n->v = v;
	if (hasv)
		n->value = hex ? site_pprintf(p, "0x%" PRIx64, v) :
		    site_pprintf(p, "%" PRIu64, v);
	n->type = type;
	n->message = message;
	site_vpush(p, a, n);
}

static int
S_namedcmp(const void *a, const void *b)
{
	const struct named	*x = *(const struct named *const *)a;
	const struct named	*y = *(const struct named *const *)b;

	if (x->hasv != y->hasv)
		return x->hasv ? -1 : 1;
	if (x->hasv && x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * Interned names already added, by pointer: a TSV export names the same
 * task on hundreds of rows in each of 17 builds, and a string compare
 * against every row of the table for each would cost more than the
 * page.  Returns 1 if p was there, else adds it and returns 0.
 */
static int
S_pset_seen(struct ecat_htab *set, const void *p)
{
	int	 isnew;

	ecat_htab_pput(set, p, 0, &isnew);
	return !isnew;
}

/* Channels, keywords and tasks over every schema of the provider. */
static void
S_tables(struct ecat_pool *p, struct provview *pv)
{
	const struct ecat_pschema	*ps;
	const struct ecat_event		*e;
	const char			*kw, *sp;
	struct ecat_htab		 sc, st, sk;
	uint32_t			 s, i;

	ecat_htab_init(&sc, ECAT_HKEY_PTR, 0);
	ecat_htab_init(&st, ECAT_HKEY_PTR, 0);
	ecat_htab_init(&sk, ECAT_HKEY_PTR, 0);

	for (s = 0; s < pv->p->nschemas; s++) {
		ps = pv->p->schemas[s];
		for (i = 0; i < ps->nchannels; i++)
			S_named_add(p, &pv->channels, ps->channels[i].name !=
			    NULL ? ps->channels[i].name : ps->channels[i].chid,
			    1, ps->channels[i].value, 0, ps->channels[i].type,
			    ps->channels[i].message);
		for (i = 0; i < ps->nkeywords; i++)
			S_named_add(p, &pv->keywords, ps->keywords[i].name, 1,
			    ps->keywords[i].value, 1, NULL,
			    ps->keywords[i].message);
		for (i = 0; i < ps->ntasks; i++)
			S_named_add(p, &pv->tasks, ps->tasks[i].name, 1,
			    ps->tasks[i].value, 0, NULL, ps->tasks[i].message);
		/* A TSV export names them on its rows only. */
		if (ps->kind != ECAT_SRC_TSV)
			continue;
		for (i = 0; i < ps->nevents; i++) {
			e = ps->events[i].ev;
			/* Interned: one pointer per distinct name. */
			if (e->channel_name != NULL &&
			    !S_pset_seen(&sc, e->channel_name))
				S_named_add(p, &pv->channels, e->channel_name,
				    0, 0, 0, NULL, NULL);
			if (e->task_name != NULL &&
			    !S_pset_seen(&st, e->task_name))
				S_named_add(p, &pv->tasks, e->task_name, 0, 0,
				    0, NULL, NULL);
			if (e->keywords_names == NULL ||
			    S_pset_seen(&sk, e->keywords_names))
				continue;
			for (kw = e->keywords_names; kw != NULL && *kw; ) {
				while (*kw == ' ')
					kw++;
				if (*kw == '\0')
					break;
				sp = strchr(kw, ' ');
				S_named_add(p, &pv->keywords, ecat_pool_strn(p, kw,
				    sp ? (size_t)(sp - kw) : strlen(kw)), 0, 0,
				    1, NULL, NULL);
				kw = sp ? sp : kw + strlen(kw);
			}
		}
	}
	ecat_htab_free(&sc);
	ecat_htab_free(&st);
	ecat_htab_free(&sk);
	if (pv->channels.n > 1)
		qsort(pv->channels.v, pv->channels.n, sizeof(void *),
		    S_namedcmp);
	if (pv->keywords.n > 1)
		qsort(pv->keywords.v, pv->keywords.n, sizeof(void *),
		    S_namedcmp);
	if (pv->tasks.n > 1)
		qsort(pv->tasks.v, pv->tasks.n, sizeof(void *), S_namedcmp);
}

static int
S_chaneq(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * The event table rows of a page, copied into the provider's pool: one
 * per channel its versions are on, in the order of their oldest
 * version (the seed pages list event 551 under Analytic, version 0, and
 * under Security, versions 1 to 3), each with the title and level of
 * its newest version with a message (else with a title) and its
 * versions' builds and samples.
 */
static void
S_evrows(struct ecat_pool *p, const struct ecat_catalog *cat,
    const struct evpage *ev, uint8_t *seen, struct pvec *rows)
{
	struct evrow		*r;
	struct ecat_buf		 b;
	const struct ecat_evkey	*k;
	const struct verview	*vv, *nv;
	uint8_t			*done;
	uint32_t		 i, g, j;

	done = PNEW(p, uint8_t, ev->nvers);
	ecat_buf_init(&b);
	/* ev->keys is oldest version first, ev->vers newest first. */
	for (g = 0; g < ev->nvers; g++) {
		if (done[g])
			continue;
		r = PNEW(p, struct evrow, 1);
		r->id = ev->id;
		r->href = site_pstr(p, ev->href);
		vv = ev->vers[ev->nvers - 1 - g];
		r->channel = site_pstr(p, vv->channel);
		ecat_buf_reset(&b);
		nv = NULL;
		for (i = g; i < ev->nvers; i++) {
			vv = ev->vers[ev->nvers - 1 - i];
			if (done[i] || !S_chaneq(vv->channel, r->channel))
				continue;
			done[i] = 1;
			k = ev->keys[i];
			ecat_buf_printf(&b, "%s%u", b.len ? ", " : "",
			    k->version);
			r->nversions++;
			/* A title from a message before one from names. */
			if (nv == NULL || (vv->description != NULL) >
			    (nv->description != NULL) ||
			    ((vv->description != NULL) ==
			    (nv->description != NULL) && vv->title != NULL))
				nv = vv;
			for (j = 0; j < k->nocc; j++) {
				/* Not a build: model.h, ecat_build.nschemas. */
				seen[ecat_occ_build(&k->occ[j])->index] =
				    ecat_occ_build(&k->occ[j])->nschemas > 0;
				if (ecat_occ_kind(&k->occ[j]) ==
				    ECAT_SRC_SAMPLE)
					r->sample = 1;
			}
		}
		r->title = site_pstr(p, nv->title);
		if (nv->m.at[ECAT_MA_TASK].occ != NULL)
			r->task = site_pstr(p, ecat_occ_row(
			    nv->m.at[ECAT_MA_TASK].occ)->ev->task_name);
		r->level = site_pstr(p, nv->level);
		r->versions = ecat_pool_strn(p, b.buf, b.len);
		/* The builds of its versions, as runs: seen is cleared. */
		r->builds = site_runs_mask(p, cat, seen);
		memset(seen, 0, cat->nbuilds);
		site_vpush(p, rows, r);
	}
	ecat_buf_free(&b);
}

/*
 * Grouping a provider's event rows.  A table of a few screens reads
 * whole: under GROUP_MIN_ROWS rows there are no groups.  A group must
 * say something: grouping is kept only when the groups hold
 * GROUP_MIN_AVG rows each on average and the events alone in their
 * group (gathered in "Other") are under half of them.  Shell-Core's
 * 1,480 tasks for 2,388 events are a task per Start/Stop pair, named
 * Area_Action: its tasks fail the test, their first words (Shell32,
 * Explorer, Taskbar ...) pass it.  Over SPLIT_ROWS rows the provider
 * page lists the groups and each group has a page of its own: at
 * about 120 bytes a row, Shell-Core's table alone was 290 KB, over
 * the 300 KB a page may weigh (tests/site_groups.sh).  A provider
 * that large with no grouping is split in blocks of event ids.
 */
#define GROUP_MIN_ROWS	40
#define GROUP_MIN_AVG	4
#define SPLIT_ROWS	1000
#define BLOCK_ROWS	500

enum gby { GB_TASK, GB_FAMILY, GB_CHANNEL };

struct gkey {
	const char	*key;	/* NULL: none */
	size_t		 len;
	uint32_t	 row;	/* index in pv->rows */
};

static int
S_gkeycmp(const void *a, const void *b)
{
	const struct gkey	*x = a, *y = b;
	size_t			 n;
	int			 c;

	if ((x->key == NULL) != (y->key == NULL))
		return x->key == NULL ? 1 : -1;
	if (x->key != NULL) {
		n = x->len < y->len ? x->len : y->len;
		if ((c = strncmp(x->key, y->key, n)) != 0)
			return c;
		if (x->len != y->len)
			return x->len < y->len ? -1 : 1;
	}
	return x->row < y->row ? -1 : x->row > y->row;
}

static int
S_gkeyeq(const struct gkey *x, const struct gkey *y)
{
	if (x->key == NULL || y->key == NULL)
		return x->key == y->key;
	return x->len == y->len && strncmp(x->key, y->key, x->len) == 0;
}

/* The key of row r when grouped by how. */
static void
S_gkey(const struct evrow *r, enum gby how, struct gkey *k)
{
	const char	*t = how == GB_CHANNEL ? r->channel : r->task;
	size_t		 n;

	k->key = t != NULL && t[0] != '\0' ? t : NULL;
	k->len = k->key != NULL ? strlen(k->key) : 0;
	if (how == GB_FAMILY && k->key != NULL) {
		n = strcspn(k->key, "_.:");
		if (n > 0)
			k->len = n;
	}
}

/* Event ids among rows [a, b) of k (rows of one id are adjacent). */
static uint32_t
S_nids(const struct provview *pv, const struct gkey *k, size_t a, size_t b)
{
	const struct evrow	*r, *prev = NULL;
	uint32_t		 n = 0;

	for (; a < b; a++) {
		r = pv->rows.v[k[a].row];
		if (prev == NULL || prev->id != r->id)
			n++;
		prev = r;
	}
	return n;
}

static void
S_gadd(struct ecat_pool *p, struct evgroup *g, struct evrow *r)
{
	if (g->rows.n == 0 || r->id < g->first)
		g->first = r->id;
	if (g->rows.n == 0 || r->id > g->last)
		g->last = r->id;
	if (g->rows.n == 0 ||
	    ((struct evrow *)g->rows.v[g->rows.n - 1])->id != r->id)
		g->count++;
	site_vpush(p, &g->rows, r);
}

/* Group by how; 0 when that says nothing (see above). */
static int
S_groupby(struct ecat_pool *p, struct provview *pv, enum gby how)
{
	struct gkey	*k;
	struct evgroup	*g;
	size_t		 n = pv->rows.n, a, b, other = 0, i;
	uint32_t	 ng = 0, nother, gi;
	int		 ok;

	k = ecat_calloc(n, sizeof(*k));
	for (i = 0; i < n; i++) {
		S_gkey(pv->rows.v[i], how, &k[i]);
		k[i].row = (uint32_t)i;
	}
	qsort(k, n, sizeof(*k), S_gkeycmp);
	for (a = 0; a < n; a = b) {
		for (b = a + 1; b < n && S_gkeyeq(&k[a], &k[b]); b++)
			continue;
		if (S_nids(pv, k, a, b) > 1)
			ng++;
		else
			other += b - a;
	}
	nother = other > 0;
	ok = ng >= 2 && other * 2 < n &&
	    n >= (size_t)GROUP_MIN_AVG * (ng + nother);
	if (!ok) {
		free(k);
		return 0;
	}
	pv->groups = PNEW(p, struct evgroup, ng + nother);
	pv->nglist = ng + nother;
	for (a = 0, gi = 0; a < n; a = b) {
		for (b = a + 1; b < n && S_gkeyeq(&k[a], &k[b]); b++)
			continue;
		if (S_nids(pv, k, a, b) > 1) {
			g = &pv->groups[gi++];
			g->label = k[a].key != NULL ? ecat_pool_strn(p,
			    k[a].key, k[a].len) : how == GB_CHANNEL ?
			    "No channel" : "No task";
		} else
			g = &pv->groups[ng];
		for (i = a; i < b; i++)
			S_gadd(p, g, pv->rows.v[k[i].row]);
	}
	if (nother)
		pv->groups[ng].label = "Other: one event each";
	free(k);
	pv->grouped_by = how == GB_TASK ? "task" : how == GB_FAMILY ?
	    "task family (the task's name up to its first _ or .)" :
	    "channel";
	return 1;
}

/* Blocks of about BLOCK_ROWS rows, an id never cut in two. */
static void
S_blocks(struct ecat_pool *p, struct provview *pv)
{
	struct evgroup	*g;
	size_t		 i, n = pv->rows.n;
	uint32_t	 nb = (uint32_t)((n + BLOCK_ROWS - 1) / BLOCK_ROWS);

	pv->groups = PNEW(p, struct evgroup, nb + 1);
	g = pv->groups;
	for (i = 0; i < n; i++) {
		struct evrow *r = pv->rows.v[i];

		if (g->rows.n >= BLOCK_ROWS && r->id != g->last)
			g++;
		S_gadd(p, g, r);
	}
	pv->nglist = (uint32_t)(g - pv->groups) + 1;
	for (i = 0; i < pv->nglist; i++)
		pv->groups[i].label = site_pprintf(p, "Events %u to %u",
		    pv->groups[i].first, pv->groups[i].last);
	pv->grouped_by = "event id";
}

/*
 * The provider's rows into groups (pv->groups), which columns its
 * tables need, and whether it is split in a page per group.
 */
static void
S_groups(struct ecat_pool *p, const struct ecat_catalog *cat,
    struct provview *pv)
{
	struct evgroup	*g;
	struct ecat_buf	 b;
	const char	*all;
	size_t		 i, j;
	int		 chans = 0, grouped = 0;

	all = site_runs_text(p, cat, (const struct ecat_build *const *)
	    pv->present.v, (uint32_t)pv->present.n);
	for (i = 0; i < pv->rows.n; i++) {
		struct evrow *r = pv->rows.v[i];

		if (r->channel != NULL && r->channel[0] != '\0')
			chans = 1;
		if (r->sample)
			pv->samplecol = 1;
		/* Spelt once, above the table. */
		if (pv->present.n > 1 && r->builds != NULL &&
		    strcmp(r->builds, all) == 0)
			r->all = pv->allbuilds = 1;
	}
	if (pv->rows.n >= GROUP_MIN_ROWS)
		grouped = S_groupby(p, pv, GB_TASK) ||
		    S_groupby(p, pv, GB_FAMILY) ||
		    S_groupby(p, pv, GB_CHANNEL);
	pv->chancol = chans;
	if (!grouped && pv->rows.n > SPLIT_ROWS) {
		S_blocks(p, pv);
		grouped = 1;
	}
	if (!grouped) {
		pv->groups = PNEW(p, struct evgroup, 1);
		pv->groups[0].rows = pv->rows;
		pv->nglist = 1;
	} else
		pv->ngroups = pv->nglist;
	pv->split = grouped && pv->rows.n > SPLIT_ROWS;
	for (i = 0; i < pv->nglist; i++) {
		g = &pv->groups[i];
		g->ncols = 5 + (uint32_t)pv->chancol + (uint32_t)pv->samplecol;
		if (!pv->split)
			continue;
		g->href = site_pprintf(p, "group-%zu.html", i + 1);
		ecat_buf_init(&b);
		for (j = 0; j < g->rows.n; j++) {
			const struct evrow *r = g->rows.v[j];

			if (j > 0 && ((const struct evrow *)
			    g->rows.v[j - 1])->id == r->id)
				continue;
			ecat_buf_printf(&b, "%s%u", b.len ? " " : "", r->id);
		}
		g->ids = ecat_pool_strn(p, b.len ? b.buf : "", b.len);
		ecat_buf_free(&b);
	}
}

uint32_t
site_idend(const struct ecat_provider *p, uint32_t a)
{
	uint32_t	 b;

	for (b = a + 1; b < p->nkeys && p->keys[b]->id == p->keys[a]->id; b++)
		continue;
	return b;
}

/*
 * The field lists p's records use, each once in order of first use,
 * into *out; pshape[serial] is each one's index there.  Returns how
 * many.
 */
static uint32_t
S_pshapes(const struct ecat_catalog *cat, const struct ecat_provider *p,
    uint32_t *pshape, const struct ecat_shape ***out)
{
	const struct ecat_shape	**v = NULL, *sh;
	uint8_t			*seen;
	uint32_t		 a, o, n = 0, cap = 0;

	seen = ecat_calloc(cat->nshapes + 1, 1);
	for (a = 0; a < p->nkeys; a++)
		for (o = 0; o < p->keys[a]->nocc; o++) {
			const struct ecat_evrow *e =
			    ecat_occ_row(&p->keys[a]->occ[o]);

			if (e == NULL || e->record == NULL ||
			    e->record->event->tmpl == NULL ||
			    (sh = e->record->event->tmpl->shape) == NULL ||
			    seen[sh->serial])
				continue;
			seen[sh->serial] = 1;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				v = ecat_reallocarray(v, cap, sizeof(*v));
			}
			pshape[sh->serial] = n;
			v[n++] = sh;
		}
	free(seen);
	*out = v;
	return n;
}

/* The page of group g of a split provider, beside its page. */
static void
S_grouppage(struct worker *w, const struct provview *pv,
    const struct evgroup *g, struct ecat_buf *tmp)
{
	struct site	*s = w->s;
	struct provview	 gv = *pv;
	struct page	 pg;
	const char	*rel;

	ecat_pool_reset(&w->page);
	gv.gpage = g;
	gv.groups = (struct evgroup *)g;
	gv.nglist = 1;
	gv.ngroups = 0;
	gv.split = 0;
	rel = site_pprintf(&w->page, "providers/%s/%s", pv->pi->safe, g->href);
	memset(&pg, 0, sizeof(pg));
	pg.s = s;
	pg.root = site_root(2);
	pg.title = site_pprintf(&w->page, "%s: %s", pv->p->name, g->label);
	pg.canonical = site_canonical(&w->page, s, rel);
	pg.prov = &gv;
	pg.tmp = tmp;
	site_render(w, s->t_provider, &pg, rel);
}

void
site_job_provider(struct worker *w, uint32_t idx)
{
	struct site			*s = w->s;
	const struct pinfo		*pi = &s->pinfo[idx];
	const struct ecat_provider	*p = pi->p;
	const struct ecat_pschema	*ps, *tsv = NULL;
	const struct ecat_bprov		*bp;
	struct provview			 pv;
	struct page			 pg;
	struct evpage			*ev;
	struct ecat_buf			 tmp;
	struct pvec			 chans;
	char				 rel[PATH_MAX];
	FILE				*pf;
	struct site_stream		*pst = NULL;
	uint8_t				*seen;
	const struct ecat_shape		**shapes = NULL;
	uint32_t			*pshape = NULL;
	struct jsonw			 pj;
	uint32_t			 a, b, i, n, nshapes;
	int				 dl;
	size_t				 k;

	ecat_pool_reset(&w->prov);
	memset(&pv, 0, sizeof(pv));
	memset(&chans, 0, sizeof(chans));
	pv.pi = pi;
	pv.p = p;
	pv.idx = idx;
	/* The defining binary the newest build.json names. */
	for (i = s->cat->nbuilds; i-- > 0 && pv.binary == NULL; )
		for (a = 0; a < s->cat->builds[i]->nbprov; a++) {
			bp = &s->cat->builds[i]->bprov[a];
			if (bp->binary != NULL && bp->provider != NULL &&
			    strcmp(bp->provider, p->name) == 0) {
				pv.binary = bp->binary;
				break;
			}
		}
	seen = PNEW(&w->prov, uint8_t, s->cat->nbuilds + 1);
	/* Header-only (no event): the builds of its schemas. */
	pv.headeronly = pi->nids == 0;
	for (i = 0; pv.headeronly && i < p->nschemas; i++)
		if (p->schemas[i]->kind != ECAT_SRC_SAMPLE)
			seen[p->schemas[i]->build->index] = 1;
	for (i = 0; i < s->cat->nbuilds; i++)
		if (s->bpcount[(size_t)i * s->cat->nproviders + idx] > 0 ||
		    seen[i])
			site_vpush(&w->prov, &pv.present, s->cat->builds[i]);
	memset(seen, 0, s->cat->nbuilds);
	pv.pruns = site_runs(&w->prov, s->cat, (const struct ecat_build *const *)
	    pv.present.v, (uint32_t)pv.present.n, &pv.npruns);
	/* The TSV download: the newest schema, a TSV export first. */
	for (i = p->nschemas; i-- > 0; ) {
		ps = p->schemas[i];
		if (ps->kind == ECAT_SRC_SAMPLE)
			continue;
		if (tsv != NULL && ps->build != tsv->build)
			break;
		if (tsv == NULL || ps->kind == ECAT_SRC_TSV)
			tsv = ps;
	}
	pv.json_href = site_pprintf(&w->prov, "downloads/%s.json", pi->safe);
	if (tsv != NULL) {
		pv.tsv_href = site_pprintf(&w->prov, "downloads/%s.tsv",
		    pi->safe);
		pv.tsv_build = tsv->build->id;
	}
	S_tables(&w->prov, &pv);

	snprintf(rel, sizeof(rel), "providers/%s", pi->safe);
	if (site_mkdir(s, rel) == -1)
		return;
	snprintf(rel, sizeof(rel), "providers/%s/events", pi->safe);
	if (site_mkdir(s, rel) == -1)
		return;

	ecat_buf_init(&tmp);
	/* Streamed: the unit kept or not is known once every event page
	   is rendered (publish.c says what that saves). */
	if ((pf = site_stream_open(w, pv.json_href, &pst)) == NULL)
		goto out;
	fputs("{\"etwcat_provider\":2,\"generator\":\"etwcat "
	    ECAT_VERSION "\",\"name\":\"", pf);
	jsonw_escape(pf, p->name, strlen(p->name));
	fputs("\",\"guid\":", pf);
	if (p->guid != NULL) {
		fputc('"', pf);
		jsonw_escape(pf, p->guid, strlen(p->guid));
		fputc('"', pf);
	} else
		fputs("null", pf);
	fputs(",\"builds\":", pf);
	jsonw_init(&pj, pf, 0);
	ecat_json_runs(&pj, s->cat, (const struct ecat_build *const *)
	    pv.present.v, (uint32_t)pv.present.n);
	/* The provider's field lists once: 38 MB of its documents' 100
	   MB were field lists written out, 21 MB once each (17 TSV
	   builds). */
	pshape = ecat_calloc(s->cat->nshapes + 1, sizeof(*pshape));
	nshapes = S_pshapes(s->cat, p, pshape, &shapes);
	fputs(",\"shapes\":[", pf);
	for (i = 0; i < nshapes; i++) {
		if (i > 0)
			fputc(',', pf);
		jsonw_init(&pj, pf, 0);
		ecat_json_shape(&pj, shapes[i], i);
	}
	fputs("],\"events\":[\n", pf);

	for (a = 0, n = 0; a < p->nkeys; a = b, n++) {
		b = site_idend(p, a);
		ecat_pool_reset(&w->page);
		ev = site_evpage(w, pi, (const struct ecat_evkey *const *)
		    p->keys + a, b - a, &tmp);
		memset(&pg, 0, sizeof(pg));
		pg.s = s;
		pg.root = site_root(3);
		pg.title = ev->title != NULL ? site_pprintf(&w->page,
		    "%s (event %u, %s)", ev->title, ev->id, p->name) :
		    site_pprintf(&w->page, "Event %u, %s", ev->id, p->name);
		pg.canonical = site_canonical(&w->page, s, ev->href);
		pg.prov = &pv;
		pg.ev = ev;
		pg.tmp = &tmp;
		/* Units kept from the previous build: publish.c. */
		if (site_unit(w, SITE_UEV(s, idx, n)))
			site_render(w, s->t_event, &pg, ev->href);

		if (a > 0)
			fputs(",\n", pf);
		site_json_event(pf, s->cat, pi, ev, s->o->base_url, pshape);

		S_evrows(&w->prov, s->cat, ev, seen, &pv.rows);
		for (i = 0; i < ev->nvers; i++) {
			const char *ch = ev->vers[i]->channel;

			if (ch == NULL)
				continue;
			for (k = 0; k < chans.n; k++)
				if (strcmp(chans.v[k], ch) == 0)
					break;
			if (k == chans.n)
				site_vpush(&w->prov, &chans, site_pstr(&w->prov,
				    ch));
		}
	}
	fputs("\n]}\n", pf);

	pv.summary = chans.n > 0 ? site_pprintf(&w->prov,
	    "%u event%s across %zu channel%s", pi->nids, pi->nids == 1 ?
	    "" : "s", chans.n, chans.n == 1 ? "" : "s") :
	    site_pprintf(&w->prov, "%u event%s", pi->nids, pi->nids == 1 ?
	    "" : "s");
	ecat_pool_reset(&w->page);
	memset(&pg, 0, sizeof(pg));
	pg.s = s;
	pg.root = site_root(2);
	pg.title = p->name;
	pg.canonical = site_canonical(&w->page, s, pi->href);
	pg.prov = &pv;
	pg.tmp = &tmp;
	S_groups(&w->prov, s->cat, &pv);
	if (site_unit(w, SITE_UPROV(s, idx))) {
		site_render(w, s->t_provider, &pg, pi->href);
		/* Its group pages belong to its unit: same inputs. */
		for (i = 0; pv.split && i < pv.nglist; i++)
			S_grouppage(w, &pv, &pv.groups[i], &tmp);
	}

	dl = site_unit(w, SITE_UDL(s, idx));
	site_stream_close(w, pst, dl);
	pst = NULL;
	if (dl && tsv != NULL) {
		ecat_buf_reset(&w->out);
		ecat_export_tsv_schema(tsv, &w->out);
		site_emit(w, pv.tsv_href, w->out.buf, w->out.len);
	}
out:
	free(pshape);
	free(shapes);
	if (pst != NULL)
		site_stream_close(w, pst, 0);
	ecat_buf_free(&tmp);
}
