/*
 * dreport_markdown.c: the Markdown drift report, fit for a pull-request
 * comment: a summary table, then one collapsible section per build pair
 * and provider.
 */
#include <stdio.h>

#include "dformat.h"

/* Markdown table cells: no pipes or newlines. */
static void
S_mdcell(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
}

static void
S_render(const struct ecat_catalog *cat, FILE *f, int all)
{
	size_t	 by[ECAT_D__MAX], i, j, n;
	int	 c;

	dreport_counts(cat, all, by);
	fputs("## Schema drift\n\n| class | severity | findings |\n"
	    "|---|---|---:|\n", f);
	for (c = 0; c < ECAT_D__MAX; c++)
		if (by[c])
			fprintf(f, "| `%s` | %s | %zu |\n", ecat_dclass_id(c),
			    ecat_dsev_name(ecat_dclass_sev(c)), by[c]);
	fputc('\n', f);
	/* One collapsible section per (build pair, provider). */
	for (i = 0; i < cat->ndrift; i = j) {
		const struct ecat_drift *d = &cat->drift[i];

		n = 0;
		for (j = i; j < cat->ndrift && cat->drift[j].provider ==
		    d->provider && cat->drift[j].from == d->from &&
		    cat->drift[j].to == d->to; j++)
			if (dreport_show(&cat->drift[j], all))
				n++;
		if (n == 0)
			continue;
		fputs("<details><summary>", f);
		S_mdcell(f, d->provider);
		fprintf(f, ": %s &rarr; %s (%zu)</summary>\n\n"
		    "| event | version | severity | class | field | before "
		    "| after |\n|---:|---:|---|---|---|---|---|\n", d->from->id,
		    d->to->id, n);
		for (size_t k = i; k < j; k++) {
			const struct ecat_drift *e = &cat->drift[k];

			if (!dreport_show(e, all))
				continue;
			if (e->event_id >= 0)
				fprintf(f, "| %lld | %d ", (long long)e->event_id,
				    (int)e->version);
			else
				fputs("| | ", f);
			fprintf(f, "| %s | `%s` | ", ecat_dsev_name(e->sev),
			    ecat_dclass_id(e->cls));
			S_mdcell(f, e->field);
			fputs(" | ", f);
			S_mdcell(f, e->before);
			fputs(" | ", f);
			S_mdcell(f, e->after);
			fputs(" |\n", f);
		}
		fputs("\n</details>\n\n", f);
	}
}

const struct ecat_dformat ecat_dformat_markdown = {
	.name = "markdown",
	.render = S_render,
};
