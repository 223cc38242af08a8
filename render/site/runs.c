/*
 * runs.c: a set of builds as the pages show it, runs of consecutive
 * builds with the exceptions named (catalog/buildruns.c, ecat_bruns),
 * as views in a page's pool for templates/runs.html, or as one line of
 * text where a cell has no room for links.
 *
 * Why the pages list runs and not builds: an event page listed one
 * provenance line and one history row per build, which made those two
 * parts 44% of the bytes of the 17-build site's event pages, and the
 * share grows with every build added; a run is one line however many
 * builds it spans.
 */
#include <stdlib.h>
#include <string.h>

#include "site_int.h"

struct runview *
site_runs(struct ecat_pool *p, const struct ecat_catalog *cat,
    const struct ecat_build *const *in, uint32_t nin, uint32_t *nout)
{
	struct ecat_brun	*r;
	struct runview		*rv;
	uint32_t		 i, k, n;

	n = ecat_bruns(cat, in, nin, &r);
	rv = PNEW(p, struct runview, n ? n : 1);
	for (i = 0; i < n; i++) {
		rv[i].first = r[i].first;
		rv[i].last = r[i].last;
		rv[i].count = r[i].count;
		rv[i].more = i > 0;
		rv[i].pair = r[i].count == 2 && r[i].nexcept == 0;
		rv[i].span = r[i].first != r[i].last && !rv[i].pair;
		rv[i].nexcept = r[i].nexcept;
		rv[i].except = PNEW(p, struct exview, r[i].nexcept ?
		    r[i].nexcept : 1);
		for (k = 0; k < r[i].nexcept; k++) {
			rv[i].except[k].b = r[i].except[k];
			rv[i].except[k].more = k > 0;
		}
	}
	ecat_bruns_free(r, n);
	*nout = n;
	return rv;
}

const char *
site_runs_text(struct ecat_pool *p, const struct ecat_catalog *cat,
    const struct ecat_build *const *in, uint32_t nin)
{
	struct ecat_brun	*r;
	char			*t;
	const char		*out;
	uint32_t		 n;

	n = ecat_bruns(cat, in, nin, &r);
	t = ecat_bruns_text(r, n);
	out = site_pstr(p, t);
	free(t);
	ecat_bruns_free(r, n);
	return out;
}

const char *
site_runs_mask(struct ecat_pool *p, const struct ecat_catalog *cat,
    const uint8_t *in)
{
	const struct ecat_build	**b;
	uint32_t		 i, n = 0;

	b = PNEW(p, const struct ecat_build *, cat->nbuilds ?
	    cat->nbuilds : 1);
	for (i = 0; i < cat->nbuilds; i++)
		if (in[i])
			b[n++] = cat->builds[i];
	return site_runs_text(p, cat, b, n);
}

/*
 * The builds of mask in as runs with their exceptions counted, not
 * named ("A \u2026 B, 20 builds, except 4"): the index's rows, where
 * the named exceptions of every shared source took 143 bytes in each
 * of 687 rows (a 404 KB page); each provider's page names them.
 */
const char *
site_runs_brief(struct ecat_pool *p, const struct ecat_catalog *cat,
    const uint8_t *in)
{
	const struct ecat_build	**b;
	struct ecat_brun	*r;
	struct ecat_buf		 t;
	const char		*out;
	uint32_t		 i, n = 0, nr;

	b = PNEW(p, const struct ecat_build *, cat->nbuilds ?
	    cat->nbuilds : 1);
	for (i = 0; i < cat->nbuilds; i++)
		if (in[i])
			b[n++] = cat->builds[i];
	nr = ecat_bruns(cat, b, n, &r);
	ecat_buf_init(&t);
	for (i = 0; i < nr; i++) {
		if (i > 0)
			ecat_buf_puts(&t, "; ");
		ecat_buf_puts(&t, r[i].first->id);
		if (r[i].first == r[i].last)
			continue;
		if (r[i].count == 2 && r[i].nexcept == 0) {
			ecat_buf_printf(&t, ", %s", r[i].last->id);
			continue;
		}
		ecat_buf_printf(&t, " \xe2\x80\xa6 %s, %u builds", r[i].last->id,
		    r[i].count);
		if (r[i].nexcept > 0)
			ecat_buf_printf(&t, ", except %u", r[i].nexcept);
	}
	out = site_pstr(p, t.buf != NULL ? t.buf : "");
	ecat_buf_free(&t);
	ecat_bruns_free(r, nr);
	return out;
}
