/*
 * export_json.c: the whole catalog as one JSON document.
 *
 * The schema is documented in etwcat.1 under EXPORT FORMAT and is
 * versioned by the top-level "etwcat_export" member: members may be
 * added within a version, never renamed or removed.  Field lists are
 * written once each in "shapes" and referenced by index from events,
 * because the 17-build corpus repeats most field lists in every build
 * (69,005 event versions share about 1/17 as many lists).
 *
 * Output is streamed (render/jsonw.c): memory does not grow with the
 * size of the export.
 *
 * The site's per-event JSON (render/site/event.c) writes its events,
 * fields, maps and occurrences with the writers here (export_json.h),
 * so the two documents name every member alike; only the field list
 * differs, inline there instead of an index into "shapes".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "drift.h"
#include "export_json.h"
#include "jsonw.h"
#include "model.h"

#define EXPORT_VERSION	1

static const char *const fmtnames[ECAT_FMT__MAX] = {
	"manifest", "wepexplorer", "tsv-manifest", "tsv-mof", "sample"
};

static void
S_loc(struct jsonw *w, const struct ecat_loc *loc)
{
	jsonw_kstr(w, "file", loc->file);
	jsonw_kint(w, "line", loc->line);
}

static void
S_named(struct jsonw *w, const struct ecat_named *n, int kind)
{
	uint32_t	 i;

	jsonw_obj_open(w);
	jsonw_kstr(w, "name", n->name);
	if (kind == 'k')
		jsonw_khex(w, "mask", n->value);
	else
		jsonw_kint(w, "value", (int64_t)n->value);
	jsonw_kstr(w, "symbol", n->symbol);
	jsonw_kstr(w, "message", n->message);
	if (kind == 'c') {
		jsonw_kstr(w, "chid", n->chid);
		jsonw_kstr(w, "type", n->type);
		jsonw_kbool(w, "imported", n->imported);
		jsonw_kbool(w, "enabled", n->enabled);
	}
	if (kind == 't') {
		jsonw_key(w, "opcodes");
		jsonw_arr_open(w);
		for (i = 0; i < n->nopcodes; i++)
			S_named(w, &n->opcodes[i], 'o');
		jsonw_arr_close(w);
	}
	jsonw_kint(w, "line", n->loc.line);
	jsonw_obj_close(w);
}

static void
S_namedlist(struct jsonw *w, const char *key, const struct ecat_named *a,
    uint32_t n, int kind)
{
	uint32_t	 i;

	jsonw_key(w, key);
	jsonw_arr_open(w);
	for (i = 0; i < n; i++)
		S_named(w, &a[i], kind);
	jsonw_arr_close(w);
}

static void
S_field(struct jsonw *w, const struct ecat_field *f)
{
	uint32_t	 i;

	jsonw_obj_open(w);
	jsonw_kstr(w, "name", f->name);
	jsonw_kstr(w, "in_type", f->intype_name);
	jsonw_kstr(w, "in_type_canonical", ecat_intype_qname(f->intype));
	jsonw_kstr(w, "out_type", f->outtype_name);
	jsonw_kstr(w, "out_type_canonical", f->outtype ?
	    ecat_outtype_qname(f->outtype) :
	    ecat_outtype_qname(ecat_outtype_default(f->intype)));
	jsonw_kstr(w, "map", f->map);
	jsonw_key(w, "count");
	if (!(f->flags & ECAT_FIELD_COUNT))
		jsonw_null(w);
	else if (f->count_ref != NULL)
		jsonw_str(w, f->count_ref);
	else
		jsonw_int(w, f->count);
	jsonw_key(w, "length");
	if (!(f->flags & ECAT_FIELD_LENGTH))
		jsonw_null(w);
	else if (f->length_ref != NULL)
		jsonw_str(w, f->length_ref);
	else
		jsonw_int(w, f->length);
	if (f->flags & ECAT_FIELD_STRUCT) {
		jsonw_key(w, "members");
		jsonw_arr_open(w);
		for (i = 0; i < f->nmembers; i++)
			S_field(w, &f->members[i]);
		jsonw_arr_close(w);
	}
	jsonw_obj_close(w);
}

/* A map as "maps" lists it: name, kind, entries, line. */
static void
S_map(struct jsonw *w, const struct ecat_map *m)
{
	uint32_t	 j;

	jsonw_obj_open(w);
	jsonw_kstr(w, "name", m->name);
	jsonw_kstr(w, "kind", m->bitmap ? "bitMap" : "valueMap");
	jsonw_key(w, "entries");
	jsonw_arr_open(w);
	for (j = 0; j < m->nentries; j++) {
		jsonw_obj_open(w);
		jsonw_key(w, "value");
		if (m->bitmap)
			jsonw_hex(w, m->entries[j].value);
		else
			jsonw_uint(w, m->entries[j].value);
		jsonw_kstr(w, "message", m->entries[j].message);
		jsonw_kstr(w, "symbol", m->entries[j].symbol);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_kint(w, "line", m->loc.line);
	jsonw_obj_close(w);
}

const struct ecat_map *
ecat_map_by_name(const struct ecat_pschema *ps, const char *name)
{
	uint32_t	 i;

	for (i = 0; ps != NULL && name != NULL && i < ps->nmaps; i++)
		if (ps->maps[i].name != NULL &&
		    strcmp(ps->maps[i].name, name) == 0)
			return &ps->maps[i];
	return NULL;
}

/*
 * The maps n fields (and their members) name, each once, in the order
 * first named: seen holds the nseen written so far.
 */
static void
S_fieldmaps(struct jsonw *w, const struct ecat_field *f, uint32_t n,
    const struct ecat_pschema *ps, const struct ecat_map **seen,
    uint32_t *nseen)
{
	const struct ecat_map	*m;
	uint32_t		 i, k;

	for (i = 0; i < n; i++) {
		if ((m = ecat_map_by_name(ps, f[i].map)) != NULL) {
			for (k = 0; k < *nseen && seen[k] != m; k++)
				continue;
			/* seen has room for every map of ps */
			if (k == *nseen) {
				seen[(*nseen)++] = m;
				S_map(w, m);
			}
		}
		if (f[i].flags & ECAT_FIELD_STRUCT)
			S_fieldmaps(w, f[i].members, f[i].nmembers, ps, seen,
			    nseen);
	}
}

/* The field list of e written out: verbatim, fields and their maps. */
static void
S_inline_shape(struct jsonw *w, const struct ecat_event *e)
{
	const struct ecat_shape	*sh;
	const struct ecat_map	**seen;
	uint32_t		 i, nseen = 0;

	sh = e->tmpl != NULL ? e->tmpl->shape : NULL;
	if (sh != NULL && sh->verbatim != NULL)
		jsonw_kstr(w, "verbatim", sh->verbatim);
	jsonw_key(w, "fields");
	jsonw_arr_open(w);
	for (i = 0; sh != NULL && i < sh->nfields; i++)
		S_field(w, &sh->fields[i]);
	jsonw_arr_close(w);
	jsonw_key(w, "maps");
	jsonw_arr_open(w);
	if (sh != NULL && e->schema != NULL && e->schema->nmaps > 0) {
		seen = ecat_calloc(e->schema->nmaps, sizeof(*seen));
		S_fieldmaps(w, sh->fields, sh->nfields, e->schema, seen,
		    &nseen);
		free(seen);
	}
	jsonw_arr_close(w);
}

static void
S_maybe_num(struct jsonw *w, const char *key, const char *name, int has,
    uint64_t v)
{
	jsonw_key(w, key);
	if (name == NULL && !has) {
		jsonw_null(w);
		return;
	}
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", name);
	jsonw_key(w, "value");
	if (has)
		jsonw_int(w, (int64_t)v);
	else
		jsonw_null(w);
	jsonw_obj_close(w);
}

void
ecat_json_event(struct jsonw *w, const struct ecat_event *e, uint8_t *used)
{
	jsonw_kint(w, "id", e->id);
	jsonw_kint(w, "version", e->version);
	jsonw_kstr(w, "name", e->name);
	jsonw_kstr(w, "symbol", e->symbol);
	S_maybe_num(w, "level", e->level_name, e->has & ECAT_HAS_LEVEL,
	    e->level);
	S_maybe_num(w, "task", e->task_name, e->has & ECAT_HAS_TASK, e->task);
	S_maybe_num(w, "opcode", e->opcode_name, e->has & ECAT_HAS_OPCODE,
	    e->opcode);
	jsonw_key(w, "keywords");
	jsonw_obj_open(w);
	jsonw_kstr(w, "names", e->keywords_names);
	jsonw_key(w, "mask");
	if (e->has & ECAT_HAS_KEYWORDS)
		jsonw_hex(w, e->keywords);
	else
		jsonw_null(w);
	jsonw_obj_close(w);
	S_maybe_num(w, "channel", e->channel_name, e->has & ECAT_HAS_CHANNEL,
	    e->channel);
	jsonw_kstr(w, "message", e->message);
	jsonw_kstr(w, "message_ref", e->message_ref);
	jsonw_kstr(w, "template", e->tmpl != NULL && e->tmpl->tid != NULL ?
	    e->tmpl->tid : e->template_ref);
	if (used == NULL)
		S_inline_shape(w, e);
	else if (e->tmpl != NULL && e->tmpl->shape != NULL) {
		jsonw_kint(w, "shape", e->tmpl->shape->serial);
		used[e->tmpl->shape->serial] = 1;
	} else {
		jsonw_key(w, "shape");
		jsonw_null(w);
	}
	if (e->mof_class != NULL || e->mof_type != NULL || e->mof_desc != NULL) {
		jsonw_kstr(w, "mof_class", e->mof_class);
		jsonw_kstr(w, "mof_event_type", e->mof_type);
		jsonw_kstr(w, "mof_description", e->mof_desc);
	}
	jsonw_kint(w, "line", e->loc.line);
}

static void
S_schema(struct jsonw *w, const struct ecat_pschema *ps, uint8_t *used)
{
	uint32_t	 i;

	jsonw_obj_open(w);
	jsonw_kstr(w, "build", ps->build->id);
	jsonw_kstr(w, "source", ecat_srckind_name(ps->kind));
	jsonw_kstr(w, "format", fmtnames[ps->format]);
	S_loc(w, &ps->loc);
	jsonw_kstr(w, "name", ps->name);
	jsonw_kstr(w, "guid", ps->guid);
	jsonw_kstr(w, "symbol", ps->symbol);
	jsonw_kstr(w, "resource_file", ps->resource_file);
	jsonw_kstr(w, "message_file", ps->message_file);
	jsonw_kstr(w, "parameter_file", ps->parameter_file);
	jsonw_kstr(w, "message", ps->message);
	jsonw_kbool(w, "recovered", ps->recovered);
	S_namedlist(w, "channels", ps->channels, ps->nchannels, 'c');
	S_namedlist(w, "levels", ps->levels, ps->nlevels, 'l');
	S_namedlist(w, "tasks", ps->tasks, ps->ntasks, 't');
	S_namedlist(w, "opcodes", ps->opcodes, ps->nopcodes, 'o');
	S_namedlist(w, "keywords", ps->keywords, ps->nkeywords, 'k');
	jsonw_key(w, "maps");
	jsonw_arr_open(w);
	for (i = 0; i < ps->nmaps; i++)
		S_map(w, &ps->maps[i]);
	jsonw_arr_close(w);
	jsonw_key(w, "events");
	jsonw_arr_open(w);
	for (i = 0; i < ps->nevents; i++) {
		jsonw_obj_open(w);
		ecat_json_event(w, &ps->events[i], used);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

void
ecat_json_occ(struct jsonw *w, const struct ecat_occ *o)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "build", o->build->id);
	jsonw_kstr(w, "source", ecat_srckind_name(o->kind));
	if (o->event != NULL)
		S_loc(w, &o->event->loc);
	if (o->kind == ECAT_SRC_SAMPLE)
		jsonw_kint(w, "samples", o->nsamples);
	jsonw_obj_close(w);
}

void
ecat_json_key(struct jsonw *w, const struct ecat_evkey *k)
{
	uint32_t	 j;

	jsonw_key(w, "occurrences");
	jsonw_arr_open(w);
	for (j = 0; j < k->nocc; j++)
		ecat_json_occ(w, &k->occ[j]);
	jsonw_arr_close(w);
	/* Drift between consecutive builds (validator/drift.c). */
	jsonw_key(w, "history");
	jsonw_arr_open(w);
	for (j = 0; j < k->ndrift; j++) {
		const struct ecat_drift *d = k->drift[j];

		jsonw_obj_open(w);
		jsonw_kstr(w, "from", d->from->id);
		jsonw_kstr(w, "to", d->to->id);
		jsonw_kstr(w, "id", ecat_dclass_id(d->cls));
		jsonw_kstr(w, "severity", ecat_dsev_name(d->sev));
		jsonw_kstr(w, "field", d->field);
		jsonw_kstr(w, "before", d->before);
		jsonw_kstr(w, "after", d->after);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void
S_keys(struct jsonw *w, const struct ecat_provider *p)
{
	uint32_t	 i;

	jsonw_key(w, "events");
	jsonw_arr_open(w);
	for (i = 0; i < p->nkeys; i++) {
		jsonw_obj_open(w);
		jsonw_kint(w, "id", p->keys[i]->id);
		jsonw_kint(w, "version", p->keys[i]->version);
		ecat_json_key(w, p->keys[i]);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

int
ecat_export_json(const struct ecat_catalog *cat, FILE *f)
{
	struct jsonw	 w;
	uint8_t		*used;
	uint32_t	 i, j;

	used = ecat_calloc(cat->nshapes + 1, 1);
	jsonw_init(&w, f, 1);
	jsonw_obj_open(&w);
	jsonw_kint(&w, "etwcat_export", EXPORT_VERSION);
	jsonw_kstr(&w, "generator", "etwcat " ECAT_VERSION);

	jsonw_key(&w, "builds");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->nbuilds; i++) {
		const struct ecat_build *b = cat->builds[i];

		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", b->id);
		jsonw_kstr(&w, "display_name", b->display_name);
		jsonw_kstr(&w, "os_family", b->os_family);
		jsonw_key(&w, "build_number");
		if (b->build_number)
			jsonw_int(&w, b->build_number);
		else
			jsonw_null(&w);
		jsonw_kstr(&w, "revision", b->revision);
		jsonw_kstr(&w, "capture_date", b->capture_date);
		jsonw_key(&w, "providers");
		jsonw_arr_open(&w);
		for (j = 0; j < b->nbprov; j++) {
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "provider", b->bprov[j].provider);
			jsonw_kstr(&w, "binary", b->bprov[j].binary);
			jsonw_kstr(&w, "file_version", b->bprov[j].file_version);
			jsonw_kstr(&w, "obtained", b->bprov[j].obtained);
			jsonw_obj_close(&w);
		}
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);

	jsonw_key(&w, "providers");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->nproviders; i++) {
		const struct ecat_provider *p = cat->providers[i];

		jsonw_obj_open(&w);
		jsonw_kstr(&w, "name", p->name);
		jsonw_kstr(&w, "guid", p->guid);
		jsonw_kbool(&w, "mof", p->mof);
		jsonw_key(&w, "schemas");
		jsonw_arr_open(&w);
		for (j = 0; j < p->nschemas; j++)
			S_schema(&w, p->schemas[j], used);
		jsonw_arr_close(&w);
		S_keys(&w, p);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);

	/* Only the shapes some event uses, by their serial. */
	jsonw_key(&w, "shapes");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->nshapes; i++) {
		const struct ecat_shape *s = cat->shapes[i];

		if (!used[i])
			continue;
		jsonw_obj_open(&w);
		jsonw_kint(&w, "id", s->serial);
		if (s->verbatim != NULL)
			jsonw_kstr(&w, "verbatim", s->verbatim);
		jsonw_key(&w, "fields");
		jsonw_arr_open(&w);
		for (j = 0; j < s->nfields; j++)
			S_field(&w, &s->fields[j]);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	free(used);
	if (ferror(f)) {
		/* main.c reports the file name; here only the fact. */
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, NULL,
		    "JSON export: write error");
		return -1;
	}
	return 0;
}
