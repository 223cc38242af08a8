/*
 * vreport_json.c: the JSON report of etwcat validate (etwcat.1, SAMPLE
 * VALIDATION): an object whose "diagnostics" array is streamed as the
 * diagnostics are emitted, then the "summary" object.
 */
#include "vformat.h"

static void *
S_new(struct ecat_vreport *r)
{
	jsonw_obj_open(&r->w);
	jsonw_kint(&r->w, "etwcat_validate", 1);
	jsonw_kstr(&r->w, "generator", "etwcat " ECAT_VERSION);
	jsonw_key(&r->w, "diagnostics");
	jsonw_arr_open(&r->w);
	return NULL;
}

static void
S_diag(struct ecat_vreport *r, const struct ecat_diagrec *d)
{
	struct jsonw	*w = &r->w;

	jsonw_obj_open(w);
	jsonw_kstr(w, "file", d->loc.file);
	jsonw_kint(w, "line", d->loc.line);
	jsonw_kint(w, "col", d->loc.col);
	jsonw_kstr(w, "severity", ecat_sev_name(d->sev));
	jsonw_kstr(w, "id", d->id);
	jsonw_kstr(w, "message", d->text);
	vreport_ctx(w, d->ctx, "event_id");
	jsonw_obj_close(w);
}

static void
S_finish(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	jsonw_arr_close(&r->w);
	jsonw_key(&r->w, "summary");
	vreport_summary(r, cat, run);
	jsonw_obj_close(&r->w);
}

const struct ecat_vformat ecat_vformat_json = {
	.name = "json",
	.new = S_new,
	.diag = S_diag,
	.finish = S_finish,
};
