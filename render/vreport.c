/*
 * vreport.c: the table of validate report formats, and what every
 * format shares: the diagnostics sink that feeds them, the report's
 * life cycle, and the context and summary members the JSON and SARIF
 * formats both write.  Each format is in its own file
 * (render/vreport_text.c, _json.c, _sarif.c, _junit.c).
 *
 * Text, JSON and SARIF stream: each diagnostic is written when it is
 * emitted (render/jsonw.c), and the summary closes the document, so
 * memory does not grow with the number of findings.  JUnit has to
 * give each test suite's counts before its test cases, so it keeps
 * its test cases as text until the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vformat.h"

/*
 * The formats, in the order usage and etwcat.1 list them (the first
 * is the default).  To add one: write render/vreport_NAME.c defining
 * a const struct ecat_vformat ecat_vformat_NAME (see vformat.h and an
 * existing format), declare it and list it here, add the file to
 * meson.build, and describe it in etwcat.1 (SYNOPSIS, --format, SAMPLE
 * VALIDATION); the usage text is built from this table.
 */
extern const struct ecat_vformat ecat_vformat_text;
extern const struct ecat_vformat ecat_vformat_json;
extern const struct ecat_vformat ecat_vformat_sarif;
extern const struct ecat_vformat ecat_vformat_junit;

static const struct ecat_vformat *const formats[] = {
	&ecat_vformat_text,
	&ecat_vformat_json,
	&ecat_vformat_sarif,
	&ecat_vformat_junit,
};

#define NFORMATS	(sizeof(formats) / sizeof(formats[0]))

const struct ecat_vformat *
ecat_vformat_find(const char *s)
{
	size_t	 i;

	for (i = 0; i < NFORMATS; i++)
		if (strcmp(s, formats[i]->name) == 0)
			return formats[i];
	return NULL;
}

const char *
ecat_vformat_name(size_t i)
{
	return i < NFORMATS ? formats[i]->name : NULL;
}

int
ecat_vformat_tostderr(const struct ecat_vformat *fmt)
{
	return fmt->tostderr;
}

/* ------------------------------------------------------- life cycle */

static void
S_sink(const struct ecat_diagrec *d, void *arg)
{
	struct ecat_vreport	*r = arg;

	r->nshown++;
	/*
	 * A system error (an unreadable input, a limit) decides the exit
	 * status 3: say it on stderr too when the report goes elsewhere,
	 * so a CI log shows why.
	 */
	if (d->sev == ECAT_SEV_SYSERR && r->f != stderr)
		ecat_diag_format(stderr, d);
	r->fmt->diag(r, d);
}

struct ecat_vreport *
ecat_vreport_new(struct ecat_diag *diag, FILE *f,
    const struct ecat_vformat *fmt, enum ecat_sev threshold, int quiet)
{
	struct ecat_vreport	*r;

	r = ecat_calloc(1, sizeof(*r));
	r->diag = diag;
	r->f = f;
	r->fmt = fmt;
	r->threshold = threshold;
	r->quiet = quiet;
	jsonw_init(&r->w, f, 1);
	if (fmt->new != NULL)
		r->p = fmt->new(r);
	ecat_diag_set_sink(diag, S_sink, r);
	return r;
}

static void
S_file_begin(const struct ecat_vfile *vf, void *arg)
{
	struct ecat_vreport	*r = arg;

	r->fmt->file_begin(r, vf);
}

static void
S_file_done(const struct ecat_vfile *vf, void *arg)
{
	struct ecat_vreport	*r = arg;

	r->fmt->file_done(r, vf);
}

void
ecat_vreport_hook(struct ecat_vreport *r, struct ecat_vrun *run)
{
	if (r->fmt->file_begin == NULL && r->fmt->file_done == NULL)
		return;
	run->file_begin = r->fmt->file_begin != NULL ? S_file_begin : NULL;
	run->file_done = r->fmt->file_done != NULL ? S_file_done : NULL;
	run->arg = r;
}

int
ecat_vreport_finish(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	r->fmt->finish(r, cat, run);
	return ferror(r->f) ? -1 : 0;
}

void
ecat_vreport_sources(struct ecat_vreport *r, char *const *sources, int n)
{
	r->sources = sources;
	r->nsources = n;
}

void
ecat_vreport_free(struct ecat_vreport *r)
{
	if (r == NULL)
		return;
	ecat_diag_set_sink(r->diag, NULL, NULL);
	if (r->fmt->free != NULL)
		r->fmt->free(r->p);
	free(r);
}

/* ------------------------------------------------------------ shared */

void
vreport_ctx(struct jsonw *w, const struct ecat_msgctx *c,
    const char *eventkey)
{
	jsonw_kstr(w, "build", c->build);
	jsonw_kstr(w, "provider", c->provider);
	jsonw_key(w, eventkey);
	if (c->event_id >= 0)
		jsonw_int(w, c->event_id);
	else
		jsonw_null(w);
	jsonw_key(w, "version");
	if (c->version >= 0)
		jsonw_int(w, c->version);
	else
		jsonw_null(w);
	jsonw_kstr(w, "field", c->field);
}

void
vreport_sevcounts(const struct ecat_diag *diag, uint64_t *by)
{
	unsigned	 m;

	memset(by, 0, sizeof(uint64_t) * ECAT_SEV__MAX);
	for (m = 0; m < ECAT_MSG__MAX; m++)
		if (ecat_msg_id((enum ecat_msg)m) != NULL)
			by[ecat_msg_sev((enum ecat_msg)m)] +=
			    ecat_diag_count(diag, (enum ecat_msg)m);
}

void
vreport_summary(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	struct jsonw	*w = &r->w;
	uint64_t	 by[ECAT_SEV__MAX], n;
	unsigned	 m;
	uint32_t	 i, j;

	vreport_sevcounts(r->diag, by);
	jsonw_obj_open(w);
	jsonw_kint(w, "files", (int64_t)run->nfiles);
	jsonw_kint(w, "bytes", (int64_t)run->nbytes);
	jsonw_kint(w, "samples", (int64_t)run->nsamples);
	jsonw_kint(w, "matched", (int64_t)run->nmatched);
	jsonw_kint(w, "clean", (int64_t)run->nclean);
	jsonw_kint(w, "unmatched", (int64_t)run->nunmatched);
	jsonw_kint(w, "malformed", (int64_t)run->nmalformed);
	jsonw_key(w, "by_severity");
	jsonw_obj_open(w);
	jsonw_kint(w, "error", (int64_t)(by[ECAT_SEV_ERROR] +
	    by[ECAT_SEV_SYSERR]));
	jsonw_kint(w, "warning", (int64_t)by[ECAT_SEV_WARNING]);
	jsonw_kint(w, "note", (int64_t)by[ECAT_SEV_NOTE]);
	jsonw_obj_close(w);
	jsonw_key(w, "by_id");
	jsonw_obj_open(w);
	for (m = 0; m < ECAT_MSG__MAX; m++)
		if (ecat_msg_id((enum ecat_msg)m) != NULL &&
		    (n = ecat_diag_count(r->diag, (enum ecat_msg)m)) > 0)
			jsonw_kint(w, ecat_msg_id((enum ecat_msg)m),
			    (int64_t)n);
	jsonw_obj_close(w);
	jsonw_kint(w, "best_match_samples", (int64_t)run->nbestmode);
	jsonw_key(w, "best_match");
	jsonw_arr_open(w);
	for (i = 0; i < run->nbest; i++) {
		const struct ecat_vbest *vb = &run->best[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "provider", vb->provider);
		jsonw_kint(w, "samples", (int64_t)vb->nsamples);
		jsonw_kint(w, "matched", (int64_t)vb->nmatched);
		jsonw_key(w, "builds");
		jsonw_arr_open(w);
		for (j = 0; j < cat->nbuilds; j++) {
			if (vb->best[j] == 0)
				continue;
			jsonw_obj_open(w);
			jsonw_kstr(w, "build", cat->builds[j]->id);
			jsonw_kint(w, "best", (int64_t)vb->best[j]);
			jsonw_kint(w, "only", (int64_t)vb->only[j]);
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}
