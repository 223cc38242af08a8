/*
 * buildruns.c: a set of builds as runs of consecutive builds with the
 * exceptions named (model.h, ecat_bruns).
 *
 * Why spans with exceptions and not plain runs: in the 17-build TSV
 * corpus an event is most often in every build from the one that
 * introduced it, but a build whose dump missed a provider (a partial
 * source, not a removal) would cut plain runs in two.  "A … B, 15
 * builds, except C" says both facts in one line.  A gap longer than
 * ECAT_RUN_MAXGAP builds is a real absence and ends the span.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

uint32_t
ecat_bruns(const struct ecat_catalog *cat, const struct ecat_build *const *in,
    uint32_t nin, struct ecat_brun **runs)
{
	struct ecat_brun	*r;
	uint32_t		 i, j, n = 0, start, gap;

	*runs = NULL;
	if (nin == 0)
		return 0;
	r = ecat_calloc(nin, sizeof(*r));
	for (i = 0; i < nin; i = j) {
		start = i;
		/* Extend while the next member is at most MAXGAP away. */
		for (j = i + 1; j < nin; j++) {
			gap = in[j]->index - in[j - 1]->index - 1;
			if (gap > ECAT_RUN_MAXGAP)
				break;
		}
		r[n].first = in[start];
		r[n].last = in[j - 1];
		r[n].count = j - start;
		r[n].nexcept = (in[j - 1]->index - in[start]->index + 1) -
		    r[n].count;
		if (r[n].nexcept > 0) {
			uint32_t k, b, m = 0;

			r[n].except = ecat_calloc(r[n].nexcept,
			    sizeof(*r[n].except));
			for (k = start; k + 1 < j; k++)
				for (b = in[k]->index + 1;
				    b < in[k + 1]->index; b++)
					r[n].except[m++] = cat->builds[b];
		}
		n++;
	}
	*runs = r;
	return n;
}

void
ecat_bruns_free(struct ecat_brun *runs, uint32_t nruns)
{
	uint32_t	 i;

	for (i = 0; i < nruns; i++)
		free(runs[i].except);
	free(runs);
}

char *
ecat_bruns_text(const struct ecat_brun *runs, uint32_t nruns)
{
	struct ecat_buf	 b;
	uint32_t	 i, k;

	ecat_buf_init(&b);
	for (i = 0; i < nruns; i++) {
		const struct ecat_brun *r = &runs[i];

		if (i > 0)
			ecat_buf_puts(&b, "; ");
		ecat_buf_puts(&b, r->first->id);
		if (r->first == r->last)
			continue;
		/* Two consecutive builds read better as a pair. */
		if (r->count == 2 && r->nexcept == 0) {
			ecat_buf_puts(&b, ", ");
			ecat_buf_puts(&b, r->last->id);
			continue;
		}
		ecat_buf_puts(&b, " \xe2\x80\xa6 ");	/* U+2026 */
		ecat_buf_puts(&b, r->last->id);
		ecat_buf_printf(&b, ", %u builds", r->count);
		for (k = 0; k < r->nexcept; k++) {
			ecat_buf_puts(&b, k == 0 ? ", except " : ", ");
			ecat_buf_puts(&b, r->except[k]->id);
		}
	}
	if (b.buf == NULL)
		ecat_buf_puts(&b, "");
	return ecat_buf_detach(&b);
}
