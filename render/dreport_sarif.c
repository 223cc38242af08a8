/*
 * dreport_sarif.c: the SARIF 2.1.0 drift report (the skeleton in
 * render/sarif.c): one rule per drift class, in class order, then one
 * result per reported finding.
 */
#include <stdio.h>

#include "dformat.h"
#include "sarif.h"

/* SARIF levels: breaking is an error, the rest map by name. */
static enum sarif_level
S_level(enum ecat_dsev s)
{
	return s == ECAT_DSEV_BREAKING ? SARIF_ERROR :
	    s == ECAT_DSEV_WARNING ? SARIF_WARNING : SARIF_NOTE;
}

/* The result's message: where, then what changed. */
static void
S_message(struct ecat_buf *msg, const struct ecat_drift *d)
{
	ecat_buf_printf(msg, "%s", d->provider);
	if (d->event_id >= 0)
		ecat_buf_printf(msg, " event %lld v%d",
		    (long long)d->event_id, (int)d->version);
	ecat_buf_printf(msg, ", %s -> %s: ", d->from->id, d->to->id);
	if (d->field != NULL)
		ecat_buf_printf(msg, "%s: ", d->field);
	if (d->before != NULL && d->after != NULL)
		ecat_buf_printf(msg, "%s -> %s", d->before, d->after);
	else if (d->after != NULL)
		ecat_buf_printf(msg, "+ %s", d->after);
	else if (d->before != NULL)
		ecat_buf_printf(msg, "- %s", d->before);
	else
		ecat_buf_puts(msg, ecat_dclass_help(d->cls));
}

static void
S_render(const struct ecat_catalog *cat, FILE *f, int all)
{
	struct jsonw	 w;
	struct ecat_buf	 msg;
	size_t		 i;
	int		 c;

	jsonw_init(&w, f, 1);
	sarif_open(&w);
	sarif_tool_open(&w, 0);
	for (c = 0; c < ECAT_D__MAX; c++)
		sarif_rule(&w, ecat_dclass_id(c), ecat_dclass_id(c),
		    ecat_dclass_help(c), S_level(ecat_dclass_sev(c)));
	sarif_tool_close(&w);
	jsonw_key(&w, "results");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->ndrift; i++) {
		const struct ecat_drift *d = &cat->drift[i];

		if (!dreport_show(d, all))
			continue;
		ecat_buf_init(&msg);
		S_message(&msg, d);
		/* The rule index is the class: rules are in class order. */
		sarif_result_open(&w, ecat_dclass_id(d->cls), d->cls,
		    S_level(d->sev), msg.buf, d->loc.file, d->loc.line, 0);
		sarif_result_close(&w);
		ecat_buf_free(&msg);
	}
	jsonw_arr_close(&w);
	sarif_close(&w);
}

const struct ecat_dformat ecat_dformat_sarif = {
	.name = "sarif",
	.render = S_render,
};
