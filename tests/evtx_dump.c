/*
 * evtx_dump.c: print what the sample readers read from each FILE, one
 * JSON line per record, for tests/evtx_oracle.py (which compares it
 * with Debian's python3-evtx).  A test tool, built with the tests and
 * never installed: users have no command that prints decoded records.
 *
 *   {"record": R, "chunk": C, "malformed": false, "provider": "...",
 *    "event_id": N, "version": N, "root": "event_data",
 *    "rootelem": null, "fields": [[NAME, VALUE, BTYPE], ...],
 *    "event": {the record as ecat_sample_json gives it}}
 *
 * Diagnostics go to standard error as etwcat prints them.
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "etwcat.h"
#include "model.h"
#include "model_build.h"
#include "sample.h"

static json_t *
S_val(const struct ecat_svalue *v)
{
	json_t		*j;
	uint32_t	 i;

	switch (v->kind) {
	case ECAT_SV_STRING:
	case ECAT_SV_INT:
	case ECAT_SV_REAL:
		return json_stringn(v->s, v->len);
	case ECAT_SV_TRUE:
		return json_true();
	case ECAT_SV_FALSE:
		return json_false();
	case ECAT_SV_ARRAY:
		j = json_array();
		for (i = 0; i < v->n; i++)
			json_array_append_new(j, S_val(&v->items[i]));
		return j;
	case ECAT_SV_OBJECT:
		j = json_object();
		for (i = 0; i < v->n; i++)
			json_object_set_new(j, v->names[i], S_val(&v->items[i]));
		return j;
	default:
		return json_null();
	}
}

static void
S_print(const struct ecat_sample *r, void *arg)
{
	json_t		*o, *f;
	char		*s;
	uint32_t	 i;

	(void)arg;
	o = json_object();
	json_object_set_new(o, "record", json_integer(r->loc.line));
	json_object_set_new(o, "chunk", json_integer(r->loc.col));
	json_object_set_new(o, "malformed", json_boolean(r->malformed));
	if (!r->malformed) {
		json_object_set_new(o, "provider", json_string(r->provider));
		json_object_set_new(o, "event_id", json_integer(r->event_id));
		json_object_set_new(o, "version", json_integer(r->version));
		json_object_set_new(o, "root", r->root != NULL ?
		    json_string(r->root) : json_null());
		json_object_set_new(o, "rootelem", r->rootelem != NULL ?
		    json_string(r->rootelem) : json_null());
		f = json_array();
		for (i = 0; i < r->nfields; i++)
			json_array_append_new(f, json_pack("[s o i]",
			    r->fields[i].name, S_val(&r->fields[i].v),
			    (int)r->fields[i].btype));
		json_object_set_new(o, "fields", f);
		if ((s = ecat_sample_json(r)) != NULL) {
			json_object_set_new(o, "event", json_loads(s, 0, NULL));
			free(s);
		}
	}
	s = json_dumps(o, JSON_COMPACT);
	puts(s);
	free(s);
	json_decref(o);
}

int
main(int argc, char **argv)
{
	struct ecat_diag	*d = ecat_diag_new();
	struct ecat_catalog	*cat = ecat_catalog_new(d);
	struct ecat_build	*b = ecat_build_get(cat, "dump");
	int			 i, rc = 0;

	for (i = 1; i < argc; i++)
		if (ecat_samples_read(cat, b, argv[i], 0, S_print, NULL,
		    NULL) == -1)
			rc = 1;
	ecat_catalog_free(cat);
	ecat_diag_free(d);
	return rc;
}
