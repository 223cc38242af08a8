/*
 * dreport_sarif.c: the SARIF 2.1.0 drift report (the skeleton in
 * render/sarif.c): one rule per drift class, in class order, then one
 * result per reported finding, at most --max-results of them, the
 * most severe kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/*
 * The fingerprint is the finding's baseline line (class, provider,
 * event, version, builds, field, before, after): what a drift
 * baseline matches on, so that code scanning tracks a finding as long
 * as a baseline would accept it, wherever its schema file moves.  A
 * path in it (drift-template-lost names its source files) is written
 * as the report writes it, so that the working folder does not change
 * the fingerprint.
 */
static uint64_t
S_hash(const struct ecat_drift *d)
{
	char		*line = ecat_drift_line(d);
	struct ecat_buf	 b;
	uint64_t	 h;

	ecat_buf_init(&b);
	sarif_message(&b, line);
	h = ecat_hash(b.buf, b.len, ECAT_HASH_SEED);
	ecat_buf_free(&b);
	free(line);
	return h;
}

static void
S_render(const struct ecat_catalog *cat, FILE *f, int all)
{
	struct jsonw	 w;
	struct ecat_buf	 msg;
	uint64_t	 n[3] = { 0, 0, 0 }, keep[3], seen[3] = { 0, 0, 0 };
	enum sarif_level l;
	size_t		 i;
	int		 c;

	for (i = 0; i < cat->ndrift; i++)
		if (dreport_show(&cat->drift[i], all))
			n[S_level(cat->drift[i].sev)]++;
	sarif_cap(n, keep);
	jsonw_init(&w, f, 1);
	sarif_open(&w, "drift");
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
		l = S_level(d->sev);
		if (seen[l]++ >= keep[l])
			continue;
		ecat_buf_init(&msg);
		S_message(&msg, d);
		/* The rule index is the class: rules are in class order. */
		sarif_result_open(&w, ecat_dclass_id(d->cls), d->cls, l,
		    msg.buf, d->loc.file, d->loc.line, 0);
		sarif_fingerprint(&w, S_hash(d));
		sarif_result_close(&w);
		ecat_buf_free(&msg);
	}
	jsonw_arr_close(&w);
	sarif_base_ids(&w);
	jsonw_key(&w, "properties");
	jsonw_obj_open(&w);
	sarif_cap_props(&w, n, keep);
	jsonw_obj_close(&w);
	sarif_close(&w);
	sarif_cap_warn("drift", n, keep);
}

const struct ecat_dformat ecat_dformat_sarif = {
	.name = "sarif",
	.render = S_render,
};
