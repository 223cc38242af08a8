/*
 * dreport_text.c: the text drift report, the default: findings grouped
 * by build pair, provider and event, each line ending in the bracketed
 * class id, then a one-line summary.  Severity words are coloured on
 * a terminal (catalog/colour.c).
 */
#include <stdio.h>

#include "colour.h"
#include "dformat.h"

/* "+ UInt16 TransportLength", "A -> B" and so on: what changed. */
static void
S_change(FILE *f, const struct ecat_drift *d)
{
	if (d->before != NULL && d->after != NULL)
		fprintf(f, "%s -> %s", d->before, d->after);
	else if (d->after != NULL)
		fprintf(f, "+ %s", d->after);
	else if (d->before != NULL)
		fprintf(f, "- %s", d->before);
}

static void
S_render(const struct ecat_catalog *cat, FILE *f, int all)
{
	const struct ecat_build	*from = NULL, *to = NULL;
	const char		*prov = NULL, *on, *off;
	int64_t			 ev = -2;
	int32_t			 ver = -2;
	size_t			 i, by[ECAT_D__MAX], shown = 0, accepted = 0;
	int			 c;

	for (i = 0; i < cat->ndrift; i++) {
		const struct ecat_drift *d = &cat->drift[i];

		if (d->accepted)
			accepted++;
		if (!dreport_show(d, all))
			continue;
		shown++;
		if (d->from != from || d->to != to) {
			fprintf(f, "%s%s -> %s\n", from ? "\n" : "",
			    d->from->id, d->to->id);
			from = d->from;
			to = d->to;
			prov = NULL;
		}
		if (d->provider != prov) {
			fprintf(f, "  %s\n", d->provider);
			prov = d->provider;
			ev = -2;
		}
		if (d->event_id != ev || d->version != ver) {
			if (d->event_id >= 0)
				fprintf(f, "    event %lld v%d\n",
				    (long long)d->event_id, (int)d->version);
			ev = d->event_id;
			ver = d->version;
		}
		/* The severity word coloured on a terminal (colour.h). */
		ecat_colour_sev(f, ecat_dsev_name(d->sev), &on, &off);
		fprintf(f, "%s%s%s%s: ", d->event_id >= 0 ? "      " : "    ",
		    on, ecat_dsev_name(d->sev), off);
		if (d->field != NULL)
			fprintf(f, "%s: ", d->field);
		S_change(f, d);
		if (d->before == NULL && d->after == NULL)
			fputs(ecat_dclass_help(d->cls), f);
		fprintf(f, " [%s]\n", ecat_dclass_id(d->cls));
	}
	dreport_counts(cat, all, by);
	fprintf(f, "%s%zu finding%s", shown ? "\n" : "", shown,
	    shown == 1 ? "" : "s");
	if (accepted && !all)
		fprintf(f, " (%zu more accepted by the baseline)", accepted);
	fputs(shown ? ":" : ".", f);
	for (c = 0; c < ECAT_D__MAX; c++)
		if (by[c])
			fprintf(f, " %s %zu;", ecat_dclass_id(c), by[c]);
	fputc('\n', f);
}

const struct ecat_dformat ecat_dformat_text = {
	.name = "text",
	.render = S_render,
};
