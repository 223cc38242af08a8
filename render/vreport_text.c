/*
 * vreport_text.c: the text report of etwcat validate, the default:
 * each diagnostic as "FILE:LINE:COL: SEVERITY: text [id]", as it is
 * emitted, then a summary for people (left out with -q).  Severity
 * words are coloured on a terminal (catalog/colour.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "colour.h"
#include "vformat.h"

static void
S_diag(struct ecat_vreport *r, const struct ecat_diagrec *d)
{
	ecat_diag_format(r->f, d);
}

/*
 * The best-match lines of one provider: one line per (best, only)
 * count, first seen first, with its builds as runs (model.h,
 * ecat_bruns): "A … B, 5 builds, except C: best for 2 each".
 */
static void
S_best(FILE *f, const struct ecat_catalog *cat, const struct ecat_vbest *vb)
{
	const struct ecat_build	**in;
	struct ecat_brun	*runs;
	uint8_t			*done;
	char			*t;
	uint32_t		 i, j, n, nr;

	fprintf(f, "  %s: %" PRIu64 " sample%s, %" PRIu64 " with a schema "
	    "in some build\n", vb->provider, vb->nsamples,
	    vb->nsamples == 1 ? "" : "s", vb->nmatched);
	in = ecat_calloc(cat->nbuilds + 1, sizeof(*in));
	done = ecat_calloc(cat->nbuilds + 1, 1);
	for (i = 0; i < cat->nbuilds; i++) {
		if (vb->best[i] == 0 || done[i])
			continue;
		for (j = i, n = 0; j < cat->nbuilds; j++)
			if (!done[j] && vb->best[j] == vb->best[i] &&
			    vb->only[j] == vb->only[i]) {
				done[j] = 1;
				in[n++] = cat->builds[j];
			}
		nr = ecat_bruns(cat, in, n, &runs);
		t = ecat_bruns_text(runs, nr);
		fprintf(f, "    %s: best for %" PRIu64 "%s", t, vb->best[i],
		    n > 1 ? " each" : "");
		free(t);
		ecat_bruns_free(runs, nr);
		if (vb->only[i] > 0)
			fprintf(f, ", %" PRIu64 " of them only there",
			    vb->only[i]);
		fputc('\n', f);
	}
	free(done);
	free(in);
}

static void
S_finish(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	FILE		*f = r->f;
	const char	*w, *on, *off;
	uint64_t	 by[ECAT_SEV__MAX], n;
	unsigned	 m;
	uint32_t	 i;

	/* The summary's two lines are printed with -q too: a CI log must
	   show what was checked (ids and best matches are not). */
	vreport_sevcounts(r->diag, by);
	fprintf(f, "etwcat validate: %" PRIu64 " sample%s in %" PRIu64
	    " file%s: %" PRIu64 " matched, %" PRIu64 " clean, %" PRIu64
	    " without a schema, %" PRIu64 " malformed\n", run->nsamples,
	    run->nsamples == 1 ? "" : "s", run->nfiles,
	    run->nfiles == 1 ? "" : "s", run->nmatched, run->nclean,
	    run->nunmatched, run->nmalformed);
	fprintf(f, "  %" PRIu64 " error%s, %" PRIu64 " warning%s, %" PRIu64
	    " note%s\n", by[ECAT_SEV_ERROR] + by[ECAT_SEV_SYSERR],
	    by[ECAT_SEV_ERROR] + by[ECAT_SEV_SYSERR] == 1 ? "" : "s",
	    by[ECAT_SEV_WARNING], by[ECAT_SEV_WARNING] == 1 ? "" : "s",
	    by[ECAT_SEV_NOTE], by[ECAT_SEV_NOTE] == 1 ? "" : "s");
	if (r->quiet)
		return;
	for (m = 0; m < ECAT_MSG__MAX; m++) {
		if (ecat_msg_id((enum ecat_msg)m) == NULL ||
		    (n = ecat_diag_count(r->diag, (enum ecat_msg)m)) == 0)
			continue;
		w = ecat_sev_name(ecat_msg_sev((enum ecat_msg)m));
		ecat_colour_sev(f, w, &on, &off);
		fprintf(f, "  %-28s %8" PRIu64 " %s%s%s\n",
		    ecat_msg_id((enum ecat_msg)m), n, on, w, off);
	}
	if (run->nbest > 0) {
		fprintf(f, "best-matching builds of samples whose build has "
		    "no schemas (%" PRIu64 " sample%s; fewest errors, then "
		    "warnings, then notes):\n", run->nbestmode,
		    run->nbestmode == 1 ? "" : "s");
		for (i = 0; i < run->nbest; i++)
			S_best(f, cat, &run->best[i]);
	}
}

const struct ecat_vformat ecat_vformat_text = {
	.name = "text",
	.tostderr = 1,
	.diag = S_diag,
	.finish = S_finish,
};
