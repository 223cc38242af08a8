/*
 * build.c: the page of each build (its facts, its providers, what
 * changed from the build before) and the index.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "etwcat.h"
#include "drift.h"
#include "site_int.h"

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
	uint32_t	 i, bi, np = cat->nproviders;

	ecat_pool_reset(&w->page);
	ecat_buf_init(&tmp);
	memset(&pg, 0, sizeof(pg));
	/* Where each provider is, as runs of builds. */
	pg.pbuilds = PNEW(&w->page, const char *, np ? np : 1);
	in = PNEW(&w->page, uint8_t, cat->nbuilds + 1);
	for (i = 0; i < np; i++) {
		for (bi = 0; bi < cat->nbuilds; bi++)
			in[bi] = s->bpcount[(size_t)bi * np + i] > 0;
		pg.pbuilds[i] = site_runs_mask(&w->page, cat, in);
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
