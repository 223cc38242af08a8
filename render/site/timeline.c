/*
 * timeline.c: the timeline of an event page, beside its history: for
 * each version, the builds that have it as runs of consecutive builds
 * (runs.c), cut into a new row at each build where drift found a
 * change to it, the row naming the change by its drift class and
 * severity (validator/drift.c's class table).  The runs are text, not
 * links: the history's column heads beside it link the same builds,
 * and links would double the timeline's bytes on every event page.
 *
 * Why rows of runs and not a cell per build: the 17-build corpus
 * would fit, but the stress catalog has 170 builds, and a row per
 * change keeps the table as long as the event's changes, not its
 * builds.  Why drift's findings and not a comparison here: the site
 * runs drift once over the catalog before the pages (main.c) and every
 * key carries its findings (ecat_evkey.drift), which the list under
 * the history shows too; a page compares nothing again.  They are
 * hashed with the key (pagehash.c, S_keyx), as are the occurrences
 * the runs are made from, so the timeline adds no input to a page.
 *
 * Each severity is written as a word, which the style sheet marks with
 * a symbol too, so the table reads the same without colour.
 */
#include <stdlib.h>
#include <string.h>

#include "drift.h"
#include "site_int.h"

/* At most this many field names in a row's class; then "and N more"
   (the list under the history names every one). */
#define TL_MAXFIELDS	3

/*
 * The findings of k whose later build is b, one tlchange per class,
 * the most severe first, then in the class table's order.
 */
static void
S_changes(struct ecat_pool *p, struct tlrow *row, const struct ecat_evkey *k,
    const struct ecat_build *b, struct ecat_buf *tmp)
{
	const struct ecat_drift	*d, **at;
	struct tlchange		*c;
	uint32_t		 cls, nf, more, i, n = 0;
	int			 sev;

	/* The findings into b first, so that the classes walk only them. */
	at = PNEW(p, const struct ecat_drift *, k->ndrift ? k->ndrift : 1);
	for (i = 0; i < k->ndrift; i++)
		if (k->drift[i]->to == b)
			at[n++] = k->drift[i];
	row->changes = PNEW(p, struct tlchange, ECAT_D__MAX);
	for (sev = ECAT_DSEV_BREAKING; sev >= ECAT_DSEV_NOTE; sev--)
		for (cls = 0; cls < ECAT_D__MAX; cls++) {
			if ((int)ecat_dclass_sev((enum ecat_dclass)cls) != sev)
				continue;
			c = NULL;
			nf = more = 0;
			ecat_buf_reset(tmp);
			for (i = 0; i < n; i++) {
				d = at[i];
				if ((uint32_t)d->cls != cls)
					continue;
				if (c == NULL) {
					c = &row->changes[row->nchanges++];
					c->severity = ecat_dsev_name(d->sev);
					c->cls = ecat_dclass_id(d->cls);
					c->accepted = 1;
				}
				if (!d->accepted)
					c->accepted = 0;
				if (d->field == NULL)
					continue;
				if (nf == TL_MAXFIELDS) {
					more++;
					continue;
				}
				ecat_buf_printf(tmp, "%s%s", nf ? ", " : "",
				    d->field);
				nf++;
			}
			if (c == NULL)
				continue;
			if (more > 0)
				ecat_buf_printf(tmp, " and %u more", more);
			if (tmp->len > 0)
				c->fields = ecat_pool_strn(p, tmp->buf,
				    tmp->len);
		}
}

/* A row being made: the builds it will show as runs. */
struct tlmake {
	struct tlrow	*r;
	struct pvec	 builds;		/* ecat_build */
};

/* A new row of key k, at the end of rows. */
static struct tlmake *
S_row(struct ecat_pool *p, struct pvec *rows, const struct ecat_evkey *k)
{
	struct tlmake	*m;

	m = PNEW(p, struct tlmake, 1);		/* zeroed */
	m->r = PNEW(p, struct tlrow, 1);
	m->r->k = k;
	site_vpush(p, rows, m);
	return m;
}

void
site_timeline(struct ecat_pool *p, const struct site *s, struct evpage *ev,
    struct ecat_buf *tmp)
{
	const struct ecat_catalog *cat = s->cat;
	const struct ecat_evkey	*k;
	struct pvec		 rows = { NULL, 0, 0 };
	struct tlmake		*m;
	uint8_t			*has, *cp;
	uint32_t		 nb = cat->nbuilds, i, j, bi;
	size_t			 x;

	has = PNEW(p, uint8_t, nb ? nb : 1);
	cp = PNEW(p, uint8_t, nb ? nb : 1);
	for (i = 0; i < ev->nvers; i++) {
		k = ev->keys[i];
		memset(has, 0, nb ? nb : 1);
		memset(cp, 0, nb ? nb : 1);
		/* Captures of an unknown build are in no build (model.h). */
		for (j = 0; j < k->nocc; j++)
			has[ecat_occ_build(&k->occ[j])->index] =
			    ecat_occ_build(&k->occ[j])->nschemas > 0;
		for (j = 0; j < k->ndrift; j++)
			if (k->drift[j]->to != NULL)
				cp[k->drift[j]->to->index] = 1;
		/*
		 * Walk the builds in order: a change starts a row (one
		 * saying the version is not there, when it is not), and a
		 * build with the version joins the current row, or starts
		 * one at the first or after a row of its absence.
		 */
		m = NULL;
		for (bi = 0; bi < nb; bi++) {
			if (cp[bi]) {
				m = S_row(p, &rows, k);
				S_changes(p, m->r, k, cat->builds[bi], tmp);
				if (!has[bi])
					m->r->gone_in = cat->builds[bi];
			}
			if (!has[bi])
				continue;
			if (m == NULL || m->r->gone_in != NULL)
				m = S_row(p, &rows, k);
			site_vpush(p, &m->builds, (void *)cat->builds[bi]);
		}
	}
	ev->ntl = (uint32_t)rows.n;
	ev->tl = PNEW(p, struct tlrow, rows.n ? rows.n : 1);
	for (x = 0; x < rows.n; x++) {
		m = rows.v[x];
		ev->tl[x] = *m->r;
		if (m->builds.n > 0)
			ev->tl[x].builds = site_runs_text(p, cat,
			    (const struct ecat_build *const *)m->builds.v,
			    (uint32_t)m->builds.n);
	}
}
