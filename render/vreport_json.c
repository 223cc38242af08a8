/*
 * vreport_json.c: the JSON report of etwcat validate (etwcat.1, SAMPLE
 * VALIDATION, Reports; docs/schemas/validate-report.schema.json): an
 * object naming the tool, its version and the format's, whose
 * "diagnostics" array is streamed as the diagnostics are emitted, then
 * what etwcat merge needs to write any report a single run over many
 * shards would have written (render/vmerge.c): the run's threshold,
 * SOURCE arguments and builds, each sample file with the diagnostics
 * emitted while it was read, and the "summary" object.
 *
 * "etwcat_validate" (1) and "generator" are the members this report
 * had before it named its format; they stay, so that readers of the
 * older report go on working.
 */
#include <stdlib.h>

#include "vformat.h"
#include "walk.h"

/* The format version: members may be added within a version, never
   renamed or removed (etwcat merge rejects other versions). */
#define VREPORT_JSON_VERSION	1

/* A sample file as read, and the diagnostics emitted meanwhile. */
struct jfile {
	const char	*path;		/* interned by the catalog */
	const char	*build;
	uint64_t	 nsamples, nmalformed, nmatched, nclean;
	uint64_t	 first, count;	/* into "diagnostics" */
	int		 unreadable;
};

struct jrep {
	struct jfile	*files;
	size_t		 nfiles, cap;
	uint64_t	 first;		/* of the file being read */
};

static void *
S_new(struct ecat_vreport *r)
{
	jsonw_obj_open(&r->w);
	jsonw_kstr(&r->w, "tool", "etwcat");
	jsonw_kstr(&r->w, "version", ECAT_VERSION);
	jsonw_kstr(&r->w, "format", "etwcat-validate-report");
	jsonw_kint(&r->w, "format_version", VREPORT_JSON_VERSION);
	jsonw_kint(&r->w, "etwcat_validate", 1);
	jsonw_kstr(&r->w, "generator", "etwcat " ECAT_VERSION);
	jsonw_key(&r->w, "diagnostics");
	jsonw_arr_open(&r->w);
	return ecat_calloc(1, sizeof(struct jrep));
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
S_file_begin(struct ecat_vreport *r, const struct ecat_vfile *vf)
{
	struct jrep	*j = r->p;

	(void)vf;
	j->first = r->nshown;
}

static void
S_file_done(struct ecat_vreport *r, const struct ecat_vfile *vf)
{
	struct jrep	*j = r->p;
	struct jfile	*jf;

	if (j->nfiles == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 64;
		j->files = ecat_reallocarray(j->files, j->cap,
		    sizeof(*j->files));
	}
	jf = &j->files[j->nfiles++];
	jf->path = vf->path;
	jf->build = vf->build != NULL && vf->build->nschemas > 0 ?
	    vf->build->id : NULL;
	jf->nsamples = vf->nsamples;
	jf->nmalformed = vf->nmalformed;
	jf->nmatched = vf->nmatched;
	jf->nclean = vf->nclean;
	jf->unreadable = vf->unreadable;
	jf->first = j->first;
	jf->count = r->nshown - j->first;
}

static void
S_finish(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	struct jrep	*j = r->p;
	struct jsonw	*w = &r->w;
	size_t		 i;
	int		 k;

	jsonw_arr_close(w);
	jsonw_kstr(w, "threshold", ecat_sev_name(r->threshold));
	jsonw_kint(w, "exit_status", ecat_diag_exit(r->diag, r->threshold));
	jsonw_kbool(w, "quiet", r->quiet);
	jsonw_kint(w, "filtered", (int64_t)ecat_diag_count_filtered(r->diag));
	jsonw_key(w, "sources");
	jsonw_arr_open(w);
	for (k = 0; k < r->nsources; k++)
		jsonw_str(w, r->sources[k]);
	jsonw_arr_close(w);
	jsonw_key(w, "builds");
	jsonw_arr_open(w);
	for (i = 0; i < cat->nbuilds; i++)
		if (cat->builds[i]->nschemas > 0)
			jsonw_str(w, cat->builds[i]->id);
	jsonw_arr_close(w);
	jsonw_key(w, "files");
	jsonw_arr_open(w);
	for (i = 0; i < j->nfiles; i++) {
		const struct jfile *jf = &j->files[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "path", jf->path);
		/* As baseline fingerprints and SARIF name it. */
		jsonw_kstr(w, "relative", ecat_path_in_source(
		    (const char *const *)r->sources, (size_t)r->nsources,
		    jf->path));
		jsonw_kstr(w, "build", jf->build);
		jsonw_kint(w, "samples", (int64_t)jf->nsamples);
		jsonw_kint(w, "malformed", (int64_t)jf->nmalformed);
		jsonw_kint(w, "matched", (int64_t)jf->nmatched);
		jsonw_kint(w, "clean", (int64_t)jf->nclean);
		jsonw_kbool(w, "unreadable", jf->unreadable);
		jsonw_kint(w, "first_diagnostic", (int64_t)jf->first);
		jsonw_kint(w, "diagnostics", (int64_t)jf->count);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "summary");
	vreport_summary(r, cat, run);
	jsonw_obj_close(w);
}

static void
S_free(void *p)
{
	struct jrep	*j = p;

	free(j->files);
	free(j);
}

const struct ecat_vformat ecat_vformat_json = {
	.name = "json",
	.new = S_new,
	.diag = S_diag,
	.file_begin = S_file_begin,
	.file_done = S_file_done,
	.finish = S_finish,
	.free = S_free,
};
