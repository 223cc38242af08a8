/*
 * dreport_json.c: the JSON drift report (etwcat.1, SCHEMA DRIFT): an
 * object that names itself (tool, version, format, format_version),
 * then the "findings" array and a "summary".  Its JSON Schema is
 * docs/schemas/drift-report-v1.schema.json; within a format_version
 * members may be added, never renamed or removed, as in the export.
 */
#include <stdio.h>

#include "dformat.h"
#include "etwcat.h"
#include "jsonw.h"

/* Raised when a member is renamed or removed, or changes meaning. */
#define DREPORT_JSON_VERSION	1

static void
S_render(const struct ecat_catalog *cat, FILE *f, int all)
{
	struct jsonw	 w;
	size_t		 i, by[ECAT_D__MAX], accepted = 0;
	int		 c;

	jsonw_init(&w, f, 1);
	jsonw_obj_open(&w);
	/* The members the validate JSON report names itself with too. */
	jsonw_kstr(&w, "tool", "etwcat");
	jsonw_kstr(&w, "version", ECAT_VERSION);
	jsonw_kstr(&w, "format", "etwcat-drift-report");
	jsonw_kint(&w, "format_version", DREPORT_JSON_VERSION);
	jsonw_key(&w, "findings");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->ndrift; i++) {
		const struct ecat_drift *d = &cat->drift[i];

		if (d->accepted)
			accepted++;
		if (!dreport_show(d, all))
			continue;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", ecat_dclass_id(d->cls));
		jsonw_kstr(&w, "severity", ecat_dsev_name(d->sev));
		jsonw_kstr(&w, "provider", d->provider);
		jsonw_key(&w, "event_id");
		if (d->event_id >= 0)
			jsonw_int(&w, d->event_id);
		else
			jsonw_null(&w);
		jsonw_key(&w, "version");
		if (d->version >= 0)
			jsonw_int(&w, d->version);
		else
			jsonw_null(&w);
		jsonw_kstr(&w, "from", d->from->id);
		jsonw_kstr(&w, "to", d->to->id);
		jsonw_kstr(&w, "field", d->field);
		jsonw_kstr(&w, "before", d->before);
		jsonw_kstr(&w, "after", d->after);
		jsonw_kstr(&w, "file", d->loc.file);
		jsonw_kint(&w, "line", d->loc.line);
		jsonw_kbool(&w, "accepted", d->accepted);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	dreport_counts(cat, all, by);
	jsonw_key(&w, "summary");
	jsonw_obj_open(&w);
	jsonw_kint(&w, "breaking", (int64_t)ecat_drift_count(cat,
	    ECAT_DSEV_BREAKING));
	jsonw_kint(&w, "warning", (int64_t)(ecat_drift_count(cat,
	    ECAT_DSEV_WARNING) - ecat_drift_count(cat, ECAT_DSEV_BREAKING)));
	jsonw_kint(&w, "note", (int64_t)(ecat_drift_count(cat,
	    ECAT_DSEV_NOTE) - ecat_drift_count(cat, ECAT_DSEV_WARNING)));
	jsonw_kint(&w, "accepted", (int64_t)accepted);
	jsonw_key(&w, "by_id");
	jsonw_obj_open(&w);
	for (c = 0; c < ECAT_D__MAX; c++)
		if (by[c])
			jsonw_kint(&w, ecat_dclass_id(c), (int64_t)by[c]);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
}

const struct ecat_dformat ecat_dformat_json = {
	.name = "json",
	.render = S_render,
};
