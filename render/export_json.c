/*
 * export_json.c: the whole catalog as one JSON document.
 *
 * The schema is documented in etwcat.1 under EXPORT FORMATS (and as a
 * JSON Schema in docs/schemas/export-v2.schema.json) and is versioned
 * by the top-level "etwcat_export" member: members may be added within
 * a version, never renamed or removed.
 *
 * Version 2 writes each distinct thing once and refers to it by index:
 * field lists ("shapes"), maps, provider headers and event version
 * schemas ("records", catalog/record.c), because most of them are the
 * same in every build: the 17 TSV builds hold 853,000 event rows but
 * far fewer distinct records.  A build's schema then holds only what is
 * its own (file, line, source, and the records and maps it uses with
 * their lines), and the cross-build view of an event version lists the
 * builds that have each record as runs (catalog/buildruns.c).  Version
 * 1 wrote every build's schema in full: 935 MB for that corpus.
 *
 * Output is streamed (render/jsonw.c): memory does not grow with the
 * size of the export.
 *
 * The site's per-event and per-provider JSON (render/site/event.c,
 * provider.c) use the writers here (export_json.h), so the documents
 * name every member alike: each has its own "shapes" (the field lists
 * its records use, each once) and writes maps out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "drift.h"
#include "export_json.h"
#include "jsonw.h"
#include "model.h"

#define EXPORT_VERSION	2

/*
 * Members this deep or deeper are written on their container's line:
 * the top levels are indented for a reader, and each build, shape,
 * map, header, record, schema and event version is one line
 * (greppable, and a diff of two exports shows whole records).  For
 * the 17 TSV builds: indented throughout 182 MB, this form 77 MB, no
 * new lines at all 76 MB.
 */
#define EXPORT_FLAT	3

static const char *const fmtnames[ECAT_FMT__MAX] = {
	"manifest", "wepexplorer", "tsv-manifest", "tsv-mof", "sample"
};

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

void
ecat_json_shape(struct jsonw *w, const struct ecat_shape *s, int64_t id)
{
	uint32_t	 j;

	jsonw_obj_open(w);
	jsonw_kint(w, "id", id);
	if (s->verbatim != NULL)
		jsonw_kstr(w, "verbatim", s->verbatim);
	jsonw_key(w, "fields");
	jsonw_arr_open(w);
	for (j = 0; j < s->nfields; j++)
		S_field(w, &s->fields[j]);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

/* A map's content (no line: that is its schema's): name, kind, entries. */
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
ecat_json_record(struct jsonw *w, const struct ecat_record *r, int inl,
    int64_t shape)
{
	const struct ecat_event	*e = r->event;
	const struct ecat_shape	*sh;
	uint32_t		 i;

	sh = e->tmpl != NULL ? e->tmpl->shape : NULL;
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
	jsonw_key(w, "shape");
	if (sh == NULL)
		jsonw_null(w);
	else
		jsonw_int(w, inl ? shape : (int64_t)sh->serial);
	jsonw_key(w, "maps");
	jsonw_arr_open(w);
	for (i = 0; i < r->nmaps; i++) {
		if (inl)
			S_map(w, r->maps[i]);
		else
			jsonw_int(w, r->maps[i]->serial);
	}
	jsonw_arr_close(w);
	if (e->mof_class != NULL || e->mof_type != NULL || e->mof_desc != NULL) {
		jsonw_kstr(w, "mof_class", e->mof_class);
		jsonw_kstr(w, "mof_event_type", e->mof_type);
		jsonw_kstr(w, "mof_description", e->mof_desc);
	}
}

void
ecat_json_runs(struct jsonw *w, const struct ecat_catalog *cat,
    const struct ecat_build *const *b, uint32_t n)
{
	struct ecat_brun	*runs;
	uint32_t		 nruns, i, k;

	nruns = ecat_bruns(cat, b, n, &runs);
	jsonw_arr_open(w);
	for (i = 0; i < nruns; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "first", runs[i].first->id);
		jsonw_kstr(w, "last", runs[i].last->id);
		jsonw_kint(w, "count", runs[i].count);
		jsonw_key(w, "except");
		jsonw_arr_open(w);
		for (k = 0; k < runs[i].nexcept; k++)
			jsonw_str(w, runs[i].except[k]->id);
		jsonw_arr_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	ecat_bruns_free(runs, nruns);
}

/*
 * The builds of k's occurrences with record r from source kind, each
 * once, in build order, into b (room for k->nocc); returns how many.
 * A build with two files of one kind (two manifests naming the
 * provider) has two occurrences of the key.
 */
static uint32_t
S_builds_of(const struct ecat_evkey *k, const struct ecat_record *r,
    enum ecat_srckind kind, const struct ecat_build **b)
{
	uint32_t	 o, n = 0;

	for (o = 0; o < k->nocc; o++) {
		const struct ecat_occ *oc = &k->occ[o];
		const struct ecat_evrow *row = ecat_occ_row(oc);

		if (row == NULL || row->record != r ||
		    ecat_occ_kind(oc) != kind)
			continue;
		if (n == 0 || b[n - 1] != ecat_occ_build(oc))
			b[n++] = ecat_occ_build(oc);
	}
	return n;
}

void
ecat_json_key(struct jsonw *w, const struct ecat_catalog *cat,
    const struct ecat_evkey *k, const struct ecat_record *const *local,
    uint32_t nlocal)
{
	const struct ecat_build	**b;
	uint64_t		 unknown;
	uint32_t		 i, j, n, x;

	b = ecat_calloc(k->nocc ? k->nocc : 1, sizeof(*b));
	jsonw_key(w, "records");
	jsonw_arr_open(w);
	/* One entry per (record, source), in order of first build. */
	for (i = 0; i < k->nocc; i++) {
		const struct ecat_occ *oc = &k->occ[i];
		const struct ecat_evrow *row = ecat_occ_row(oc), *rj;
		const struct ecat_record *r;

		if (row == NULL || (r = row->record) == NULL)
			continue;
		for (j = 0; j < i; j++)
			if ((rj = ecat_occ_row(&k->occ[j])) != NULL &&
			    rj->record == r &&
			    ecat_occ_kind(&k->occ[j]) == ecat_occ_kind(oc))
				break;
		if (j < i)
			continue;
		n = S_builds_of(k, r, ecat_occ_kind(oc), b);
		jsonw_obj_open(w);
		if (local != NULL) {
			for (x = 0; x < nlocal && local[x] != r; x++)
				continue;
			jsonw_kint(w, "record", x);
		} else
			jsonw_kint(w, "record", r->serial);
		jsonw_kstr(w, "source", ecat_srckind_name(ecat_occ_kind(oc)));
		jsonw_key(w, "builds");
		ecat_json_runs(w, cat, b, n);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	free(b);
	/* Builds where the key was only observed in captured samples;
	   last, those of captures whose build is unknown (model.h), as
	   one with build null. */
	jsonw_key(w, "samples");
	jsonw_arr_open(w);
	for (i = 0, unknown = 0; i < k->nocc; i++) {
		if (ecat_occ_row(&k->occ[i]) != NULL)
			continue;
		if (ecat_occ_build(&k->occ[i])->nschemas == 0) {
			unknown += k->occ[i].nsamples;
			continue;
		}
		jsonw_obj_open(w);
		jsonw_kstr(w, "build", ecat_occ_build(&k->occ[i])->id);
		jsonw_kint(w, "samples", k->occ[i].nsamples);
		jsonw_obj_close(w);
	}
	if (unknown > 0) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "build", NULL);
		jsonw_kint(w, "samples", (int64_t)unknown);
		jsonw_obj_close(w);
	}
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

/* One provider header (catalog->headers): what is not per build. */
static void
S_header(struct jsonw *w, const struct ecat_pschema *ps)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", ps->name);
	jsonw_kstr(w, "guid", ps->guid);
	jsonw_kstr(w, "symbol", ps->symbol);
	jsonw_kstr(w, "resource_file", ps->resource_file);
	jsonw_kstr(w, "message_file", ps->message_file);
	jsonw_kstr(w, "parameter_file", ps->parameter_file);
	jsonw_kstr(w, "message", ps->message);
	S_namedlist(w, "channels", ps->channels, ps->nchannels, 'c');
	S_namedlist(w, "levels", ps->levels, ps->nlevels, 'l');
	S_namedlist(w, "tasks", ps->tasks, ps->ntasks, 't');
	S_namedlist(w, "opcodes", ps->opcodes, ps->nopcodes, 'o');
	S_namedlist(w, "keywords", ps->keywords, ps->nkeywords, 'k');
	jsonw_obj_close(w);
}

/* One build's schema of a provider: what is its own, and references. */
static void
S_schema(struct jsonw *w, const struct ecat_pschema *ps)
{
	uint32_t	 i;

	jsonw_obj_open(w);
	jsonw_kstr(w, "build", ps->build->id);
	jsonw_kstr(w, "source", ecat_srckind_name(ps->kind));
	jsonw_kstr(w, "format", fmtnames[ps->format]);
	jsonw_kstr(w, "file", ps->loc.file);
	jsonw_kint(w, "line", ps->loc.line);
	jsonw_kbool(w, "recovered", ps->recovered);
	jsonw_kint(w, "header", ps->header);
	/* [map, line] and [record, line] pairs: a pair is a third of an
	   object with named members, and there are 853,000 events. */
	jsonw_key(w, "maps");
	jsonw_arr_open(w);
	for (i = 0; i < ps->nmaps; i++) {
		jsonw_arr_open(w);
		jsonw_int(w, ps->maps[i].serial);
		jsonw_int(w, ps->maps[i].loc.line);
		jsonw_arr_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "events");
	jsonw_arr_open(w);
	for (i = 0; i < ps->nevents; i++) {
		const struct ecat_evrow *e = &ps->events[i];

		jsonw_arr_open(w);
		if (e->record != NULL)
			jsonw_int(w, e->record->serial);
		else
			jsonw_null(w);
		jsonw_int(w, e->line);
		jsonw_arr_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

static void
S_builds(struct jsonw *w, const struct ecat_catalog *cat)
{
	uint32_t	 i, j;

	jsonw_key(w, "builds");
	jsonw_arr_open(w);
	/* Not those of captures alone: their build is unknown (model.h). */
	for (i = 0; i < cat->nbuilds && cat->builds[i]->nschemas > 0; i++) {
		const struct ecat_build *b = cat->builds[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "id", b->id);
		jsonw_kstr(w, "display_name", b->display_name);
		jsonw_kstr(w, "os_family", b->os_family);
		jsonw_key(w, "build_number");
		if (b->build_number)
			jsonw_int(w, b->build_number);
		else
			jsonw_null(w);
		jsonw_kstr(w, "revision", b->revision);
		jsonw_kstr(w, "capture_date", b->capture_date);
		jsonw_key(w, "providers");
		jsonw_arr_open(w);
		for (j = 0; j < b->nbprov; j++) {
			jsonw_obj_open(w);
			jsonw_kstr(w, "provider", b->bprov[j].provider);
			jsonw_kstr(w, "binary", b->bprov[j].binary);
			jsonw_kstr(w, "file_version", b->bprov[j].file_version);
			jsonw_kstr(w, "obtained", b->bprov[j].obtained);
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
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

	jsonw_init(&w, f, 1);
	jsonw_flat(&w, EXPORT_FLAT);
	jsonw_obj_open(&w);
	jsonw_kint(&w, "etwcat_export", EXPORT_VERSION);
	jsonw_kstr(&w, "generator", "etwcat " ECAT_VERSION);
	S_builds(&w, cat);

	/* What is referred to comes first, for a reader that streams. */
	used = ecat_calloc(cat->nshapes + 1, 1);
	for (i = 0; i < cat->nrecords; i++) {
		const struct ecat_event *e = cat->records[i]->event;

		if (e->tmpl != NULL && e->tmpl->shape != NULL)
			used[e->tmpl->shape->serial] = 1;
	}
	/* Only the shapes some record uses, with their serial. */
	jsonw_key(&w, "shapes");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->nshapes; i++) {
		const struct ecat_shape *s = cat->shapes[i];

		if (!used[i])
			continue;
		ecat_json_shape(&w, s, s->serial);
	}
	jsonw_arr_close(&w);
	free(used);

	/* maps, headers and records: index is the serial. */
	jsonw_key(&w, "maps");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->nmaps; i++)
		S_map(&w, cat->maps[i]);
	jsonw_arr_close(&w);
	jsonw_key(&w, "headers");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->nheaders; i++)
		S_header(&w, cat->headers[i]);
	jsonw_arr_close(&w);
	jsonw_key(&w, "records");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->nrecords; i++) {
		jsonw_obj_open(&w);
		ecat_json_record(&w, cat->records[i], 0, 0);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);

	jsonw_key(&w, "providers");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->nproviders; i++) {
		const struct ecat_provider *p = cat->providers[i];

		/* Pretty here: a provider's schemas and events one a line. */
		jsonw_flat(&w, EXPORT_FLAT + 2);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "name", p->name);
		jsonw_kstr(&w, "guid", p->guid);
		jsonw_kbool(&w, "mof", p->mof);
		jsonw_key(&w, "schemas");
		jsonw_arr_open(&w);
		for (j = 0; j < p->nschemas; j++)
			S_schema(&w, p->schemas[j]);
		jsonw_arr_close(&w);
		jsonw_key(&w, "events");
		jsonw_arr_open(&w);
		for (j = 0; j < p->nkeys; j++) {
			jsonw_obj_open(&w);
			jsonw_kint(&w, "id", p->keys[j]->id);
			jsonw_kint(&w, "version", p->keys[j]->version);
			ecat_json_key(&w, cat, p->keys[j], NULL, 0);
			jsonw_obj_close(&w);
		}
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
		jsonw_flat(&w, EXPORT_FLAT);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	if (ferror(f)) {
		/* main.c reports the file name; here only the fact. */
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, NULL,
		    "JSON export: write error");
		return -1;
	}
	return 0;
}
