/*
 * validate_out.c: the reports of etwcat validate (etwcat.1, SAMPLE
 * VALIDATION): text, JSON, SARIF 2.1.0 and JUnit XML.
 *
 * A report is the diagnostics sink of the whole run, so loading and
 * lint problems are reported with the sample checks, in the order they
 * happen.  Text, JSON and SARIF stream: each diagnostic is written when
 * it is emitted (render/jsonw.c), and the summary closes the document,
 * so memory does not grow with the number of findings.  JUnit has to
 * give each test suite's counts before its test cases, so its test
 * cases (one per sample file, one per other file with diagnostics) are
 * kept as text until the end.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "jsonw.h"
#include "validate.h"

/* Diagnostics about one file that is not a sample file (JUnit). */
struct ofile {
	const char	*file;
	struct ecat_buf	 fail;		/* at or above the threshold */
	struct ecat_buf	 out;		/* below it */
	uint64_t	 nfail, nsys;
	const char	*firstid;
};

struct ecat_vreport {
	struct ecat_diag	*diag;
	FILE			*f;
	enum ecat_vformat	 fmt;
	enum ecat_sev		 threshold;
	int			 quiet;
	struct jsonw		 w;
	uint64_t		 nshown;
	/* JUnit */
	const char		*curfile;	/* sample file being read */
	struct ofile		 cur;
	struct ecat_buf		 cases;		/* samples suite */
	uint64_t		 ncases, ncasefail, ncaseerr;
	struct ofile		*other;
	size_t			 nother, othercap;
	/* SARIF: rules in order of first use; ruleidx[msg] is 1 + index */
	int			 ruleidx[ECAT_MSG__MAX];
	unsigned		 rules[ECAT_MSG__MAX];
	int			 nrules;
};

int
ecat_vformat_parse(const char *s, enum ecat_vformat *out)
{
	static const char *const names[] = { "text", "json", "sarif",
	    "junit" };
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum ecat_vformat)i;
			return 0;
		}
	return -1;
}

/* ------------------------------------------------------------- SARIF */

static const char *
S_sarif_level(enum ecat_sev s)
{
	return s >= ECAT_SEV_ERROR ? "error" : s == ECAT_SEV_WARNING ?
	    "warning" : "note";
}

/* The rule index of a message: rules are listed in order of first use. */
static int
S_ruleindex(struct ecat_vreport *r, unsigned msg)
{
	if (msg >= ECAT_MSG__MAX)
		return -1;
	if (r->ruleidx[msg] == 0) {
		r->rules[r->nrules++] = msg;
		r->ruleidx[msg] = r->nrules;
	}
	return r->ruleidx[msg] - 1;
}

/*
 * SARIF is written in one pass: the results as they are emitted, then
 * the tool with the rules those results used (member order in a JSON
 * object carries no meaning, SARIF 2.1.0 §3.1), so the rules list only
 * the ids that occur and the report stays small.
 */
static void
S_sarif_head(struct ecat_vreport *r)
{
	struct jsonw	*w = &r->w;

	jsonw_obj_open(w);
	jsonw_kstr(w, "$schema", "https://json.schemastore.org/"
	    "sarif-2.1.0.json");
	jsonw_kstr(w, "version", "2.1.0");
	jsonw_key(w, "runs");
	jsonw_arr_open(w);
	jsonw_obj_open(w);
	jsonw_key(w, "results");
	jsonw_arr_open(w);
}

static void
S_sarif_tool(struct ecat_vreport *r)
{
	struct jsonw	*w = &r->w;
	const char	*id, *help;
	unsigned	 m;
	int		 i;

	jsonw_key(w, "tool");
	jsonw_obj_open(w);
	jsonw_key(w, "driver");
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", "etwcat");
	jsonw_kstr(w, "version", ECAT_VERSION);
	jsonw_kstr(w, "semanticVersion", ECAT_VERSION);
	jsonw_key(w, "rules");
	jsonw_arr_open(w);
	for (i = 0; i < r->nrules; i++) {
		m = r->rules[i];
		id = ecat_msg_id((enum ecat_msg)m);
		help = ecat_validate_help(id);
		jsonw_obj_open(w);
		jsonw_kstr(w, "id", id);
		jsonw_key(w, "shortDescription");
		jsonw_obj_open(w);
		jsonw_kstr(w, "text", ecat_msg_text((enum ecat_msg)m));
		jsonw_obj_close(w);
		jsonw_key(w, "fullDescription");
		jsonw_obj_open(w);
		jsonw_kstr(w, "text", help != NULL ? help :
		    ecat_msg_text((enum ecat_msg)m));
		jsonw_obj_close(w);
		jsonw_key(w, "help");
		jsonw_obj_open(w);
		jsonw_kstr(w, "text", help != NULL ? help :
		    ecat_msg_text((enum ecat_msg)m));
		jsonw_obj_close(w);
		jsonw_key(w, "defaultConfiguration");
		jsonw_obj_open(w);
		jsonw_kstr(w, "level", S_sarif_level(ecat_msg_sev(
		    (enum ecat_msg)m)));
		jsonw_obj_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

/*
 * A diagnostic's context (build, provider, event, version, field) as
 * members of the current object; eventkey names the event id member
 * (SARIF properties say "eventId", etwcat's JSON "event_id").
 */
static void
S_ctx(struct jsonw *w, const struct ecat_msgctx *c, const char *eventkey)
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

/* A stable fingerprint of a finding (what, where in the data). */
static void
S_fingerprint(struct jsonw *w, const struct ecat_diagrec *d)
{
	uint64_t	 h = ECAT_HASH_SEED;
	char		 hex[24];
	const char	*parts[4];
	size_t		 i;

	parts[0] = d->id;
	parts[1] = d->loc.file != NULL ? d->loc.file : "";
	parts[2] = d->ctx->provider != NULL ? d->ctx->provider : "";
	parts[3] = d->text;
	for (i = 0; i < 4; i++)
		h = ecat_hash(parts[i], strlen(parts[i]) + 1, h);
	h = ecat_hash(&d->loc.line, sizeof(d->loc.line), h);
	snprintf(hex, sizeof(hex), "%016" PRIx64, h);
	jsonw_key(w, "partialFingerprints");
	jsonw_obj_open(w);
	jsonw_kstr(w, "etwcatFinding/v1", hex);
	jsonw_obj_close(w);
}

static void
S_sarif_result(struct ecat_vreport *r, const struct ecat_diagrec *d)
{
	struct jsonw	*w = &r->w;

	jsonw_obj_open(w);
	jsonw_kstr(w, "ruleId", d->id);
	jsonw_kint(w, "ruleIndex", S_ruleindex(r, d->msg));
	jsonw_kstr(w, "level", S_sarif_level(d->sev));
	jsonw_key(w, "message");
	jsonw_obj_open(w);
	jsonw_kstr(w, "text", d->text);
	jsonw_obj_close(w);
	if (d->loc.file != NULL) {
		jsonw_key(w, "locations");
		jsonw_arr_open(w);
		jsonw_obj_open(w);
		jsonw_key(w, "physicalLocation");
		jsonw_obj_open(w);
		jsonw_key(w, "artifactLocation");
		jsonw_obj_open(w);
		jsonw_key(w, "uri");
		jsonw_uri(w, d->loc.file);
		jsonw_obj_close(w);
		jsonw_key(w, "region");
		jsonw_obj_open(w);
		/* Code scanning needs a line: a whole file is line 1. */
		jsonw_kint(w, "startLine", d->loc.line > 0 ? d->loc.line : 1);
		if (d->loc.line > 0 && d->loc.col > 0)
			jsonw_kint(w, "startColumn", d->loc.col);
		jsonw_obj_close(w);
		jsonw_obj_close(w);
		jsonw_obj_close(w);
		jsonw_arr_close(w);
	}
	S_fingerprint(w, d);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	S_ctx(w, d->ctx, "eventId");
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

/* -------------------------------------------------------------- JSON */

static void
S_json_diag(struct ecat_vreport *r, const struct ecat_diagrec *d)
{
	struct jsonw	*w = &r->w;

	jsonw_obj_open(w);
	jsonw_kstr(w, "file", d->loc.file);
	jsonw_kint(w, "line", d->loc.line);
	jsonw_kint(w, "col", d->loc.col);
	jsonw_kstr(w, "severity", ecat_sev_name(d->sev));
	jsonw_kstr(w, "id", d->id);
	jsonw_kstr(w, "message", d->text);
	S_ctx(w, d->ctx, "event_id");
	jsonw_obj_close(w);
}

/* ------------------------------------------------------------- JUnit */

/* XML-escape s into b (text and attribute values alike). */
static void
S_xml(struct ecat_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '<':
			ecat_buf_puts(b, "&lt;");
			break;
		case '>':
			ecat_buf_puts(b, "&gt;");
			break;
		case '&':
			ecat_buf_puts(b, "&amp;");
			break;
		case '"':
			ecat_buf_puts(b, "&quot;");
			break;
		default:
			/* XML 1.0 forbids most control characters. */
			if ((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t')
				ecat_buf_putc(b, '?');
			else
				ecat_buf_putc(b, *s);
		}
	}
}

static void
S_ofile_init(struct ofile *o, const char *file)
{
	memset(o, 0, sizeof(*o));
	o->file = file;
	ecat_buf_init(&o->fail);
	ecat_buf_init(&o->out);
}

static void
S_ofile_free(struct ofile *o)
{
	ecat_buf_free(&o->fail);
	ecat_buf_free(&o->out);
}

static void
S_ofile_add(struct ecat_vreport *r, struct ofile *o,
    const struct ecat_diagrec *d)
{
	struct ecat_buf	*b = d->sev >= r->threshold ? &o->fail : &o->out;
	char		 line[64];

	if (d->sev >= r->threshold) {
		o->nfail++;
		if (o->firstid == NULL)
			o->firstid = d->id;
	}
	if (d->sev == ECAT_SEV_SYSERR)
		o->nsys++;
	snprintf(line, sizeof(line), "%u:%u: ", d->loc.line, d->loc.col);
	ecat_buf_puts(b, line);
	S_xml(b, ecat_sev_name(d->sev));
	ecat_buf_puts(b, ": ");
	S_xml(b, d->text);
	ecat_buf_puts(b, " [");
	S_xml(b, d->id);
	ecat_buf_puts(b, "]\n");
}

/* Append o as a <testcase> to b. */
static void
S_testcase(struct ecat_buf *b, const struct ofile *o, const char *classname,
    const char *extra)
{
	ecat_buf_puts(b, "    <testcase classname=\"");
	S_xml(b, classname);
	ecat_buf_puts(b, "\" name=\"");
	S_xml(b, o->file != NULL ? o->file : "etwcat");
	ecat_buf_puts(b, "\">\n");
	if (o->nsys > 0) {
		ecat_buf_puts(b, "      <error message=\"");
		ecat_buf_printf(b, "%" PRIu64 " system error%s", o->nsys,
		    o->nsys == 1 ? "" : "s");
		ecat_buf_puts(b, "\" type=\"");
		S_xml(b, o->firstid);
		ecat_buf_puts(b, "\">");
		ecat_buf_put(b, o->fail.buf, o->fail.len);
		ecat_buf_puts(b, "</error>\n");
	} else if (o->nfail > 0) {
		ecat_buf_printf(b, "      <failure message=\"%" PRIu64
		    " finding%s at or above the threshold%s\" type=\"",
		    o->nfail, o->nfail == 1 ? "" : "s", extra);
		S_xml(b, o->firstid);
		ecat_buf_puts(b, "\">");
		ecat_buf_put(b, o->fail.buf, o->fail.len);
		ecat_buf_puts(b, "</failure>\n");
	}
	if (o->out.len > 0) {
		ecat_buf_puts(b, "      <system-out>");
		ecat_buf_put(b, o->out.buf, o->out.len);
		ecat_buf_puts(b, "</system-out>\n");
	}
	ecat_buf_puts(b, "    </testcase>\n");
}

static void
S_junit_diag(struct ecat_vreport *r, const struct ecat_diagrec *d)
{
	size_t	 i;

	if (r->curfile != NULL && d->loc.file == r->curfile) {
		S_ofile_add(r, &r->cur, d);
		return;
	}
	for (i = 0; i < r->nother; i++)
		if (r->other[i].file == d->loc.file)
			break;
	if (i == r->nother) {
		if (r->nother == r->othercap) {
			r->othercap = r->othercap ? r->othercap * 2 : 16;
			r->other = ecat_reallocarray(r->other, r->othercap,
			    sizeof(*r->other));
		}
		S_ofile_init(&r->other[r->nother++], d->loc.file);
	}
	S_ofile_add(r, &r->other[i], d);
}

static void
S_file_begin(const struct ecat_vfile *vf, void *arg)
{
	struct ecat_vreport	*r = arg;

	r->curfile = vf->path;
	S_ofile_init(&r->cur, vf->path);
}

static void
S_file_done(const struct ecat_vfile *vf, void *arg)
{
	struct ecat_vreport	*r = arg;
	struct ecat_buf		 cls, extra;

	ecat_buf_init(&cls);
	ecat_buf_init(&extra);
	ecat_buf_printf(&cls, "etwcat.validate.%s", vf->build != NULL ?
	    vf->build->id : "none");
	ecat_buf_printf(&extra, " in %" PRIu64 " sample%s", vf->nsamples,
	    vf->nsamples == 1 ? "" : "s");
	if (vf->unreadable && r->cur.nsys == 0)
		r->cur.nsys = 1;
	S_testcase(&r->cases, &r->cur, cls.buf, extra.buf);
	r->ncases++;
	if (r->cur.nsys > 0)
		r->ncaseerr++;
	else if (r->cur.nfail > 0)
		r->ncasefail++;
	S_ofile_free(&r->cur);
	r->curfile = NULL;
	ecat_buf_free(&cls);
	ecat_buf_free(&extra);
}

/* -------------------------------------------------------------- sink */

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
	switch (r->fmt) {
	case ECAT_VF_TEXT:
		ecat_diag_format(r->f, d);
		break;
	case ECAT_VF_JSON:
		S_json_diag(r, d);
		break;
	case ECAT_VF_SARIF:
		S_sarif_result(r, d);
		break;
	case ECAT_VF_JUNIT:
		S_junit_diag(r, d);
		break;
	}
}

struct ecat_vreport *
ecat_vreport_new(struct ecat_diag *diag, FILE *f, enum ecat_vformat fmt,
    enum ecat_sev threshold, int quiet)
{
	struct ecat_vreport	*r;

	r = ecat_calloc(1, sizeof(*r));
	r->diag = diag;
	r->f = f;
	r->fmt = fmt;
	r->threshold = threshold;
	r->quiet = quiet;
	ecat_buf_init(&r->cases);
	jsonw_init(&r->w, f, 1);
	if (fmt == ECAT_VF_JSON) {
		jsonw_obj_open(&r->w);
		jsonw_kint(&r->w, "etwcat_validate", 1);
		jsonw_kstr(&r->w, "generator", "etwcat " ECAT_VERSION);
		jsonw_key(&r->w, "diagnostics");
		jsonw_arr_open(&r->w);
	} else if (fmt == ECAT_VF_SARIF)
		S_sarif_head(r);
	ecat_diag_set_sink(diag, S_sink, r);
	return r;
}

void
ecat_vreport_hook(struct ecat_vreport *r, struct ecat_vrun *run)
{
	if (r->fmt != ECAT_VF_JUNIT)
		return;
	run->file_begin = S_file_begin;
	run->file_done = S_file_done;
	run->arg = r;
}

/* ----------------------------------------------------------- summary */

/* Severity totals of every diagnostic emitted (shown or not). */
static void
S_sevcounts(const struct ecat_diag *diag, uint64_t *by)
{
	unsigned	 m;

	memset(by, 0, sizeof(uint64_t) * ECAT_SEV__MAX);
	for (m = 0; m < ECAT_MSG__MAX; m++)
		if (ecat_msg_id((enum ecat_msg)m) != NULL)
			by[ecat_msg_sev((enum ecat_msg)m)] +=
			    ecat_diag_count(diag, (enum ecat_msg)m);
}

/*
 * The best-match lines of one provider: builds in catalog order, runs
 * of consecutive builds with the same counts joined ("A .. B").
 */
static void
S_text_best(FILE *f, const struct ecat_catalog *cat,
    const struct ecat_vbest *vb)
{
	uint32_t	 i, j;

	fprintf(f, "  %s: %" PRIu64 " sample%s, %" PRIu64 " with a schema "
	    "in some build\n", vb->provider, vb->nsamples,
	    vb->nsamples == 1 ? "" : "s", vb->nmatched);
	for (i = 0; i < cat->nbuilds; i = j) {
		if (vb->best[i] == 0) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < cat->nbuilds && vb->best[j] ==
		    vb->best[i] && vb->only[j] == vb->only[i]; j++)
			continue;
		if (j - i == 1)
			fprintf(f, "    %s", cat->builds[i]->id);
		else
			fprintf(f, "    %s .. %s (%u builds)",
			    cat->builds[i]->id, cat->builds[j - 1]->id, j - i);
		fprintf(f, ": best for %" PRIu64 "%s", vb->best[i],
		    j - i > 1 ? " each" : "");
		if (vb->only[i] > 0)
			fprintf(f, ", %" PRIu64 " of them only there",
			    vb->only[i]);
		fputc('\n', f);
	}
}

static void
S_text_summary(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	FILE		*f = r->f;
	uint64_t	 by[ECAT_SEV__MAX], n;
	unsigned	 m;
	uint32_t	 i;

	S_sevcounts(r->diag, by);
	fprintf(f, "etwcat validate: %" PRIu64 " sample%s in %" PRIu64
	    " file%s: %" PRIu64 " matched, %" PRIu64 " clean, %" PRIu64
	    " without a schema, %" PRIu64 " malformed\n", run->nsamples,
	    run->nsamples == 1 ? "" : "s", run->nfiles,
	    run->nfiles == 1 ? "" : "s", run->nmatched, run->nclean,
	    run->nunmatched, run->nmalformed);
	fprintf(f, "  %" PRIu64 " error%s, %" PRIu64 " warning%s, %" PRIu64
	    " note%s\n", by[ECAT_SEV_ERROR] + by[ECAT_SEV_SYSERR],
	    by[ECAT_SEV_ERROR] + by[ECAT_SEV_SYSERR] == 1 ? "" : "s",
	    by[ECAT_SEV_WARNING], by[ECAT_SEV_WARNING] == 1 ? "" : "s",
	    by[ECAT_SEV_NOTE], by[ECAT_SEV_NOTE] == 1 ? "" : "s");
	for (m = 0; m < ECAT_MSG__MAX; m++) {
		if (ecat_msg_id((enum ecat_msg)m) == NULL ||
		    (n = ecat_diag_count(r->diag, (enum ecat_msg)m)) == 0)
			continue;
		fprintf(f, "  %-28s %8" PRIu64 " %s\n",
		    ecat_msg_id((enum ecat_msg)m), n,
		    ecat_sev_name(ecat_msg_sev((enum ecat_msg)m)));
	}
	if (run->nbest > 0) {
		fprintf(f, "best-matching builds of samples whose build has "
		    "no schemas (%" PRIu64 " sample%s; fewest errors, then "
		    "warnings, then notes):\n", run->nbestmode,
		    run->nbestmode == 1 ? "" : "s");
		for (i = 0; i < run->nbest; i++)
			S_text_best(f, cat, &run->best[i]);
	}
}

/* The summary object (JSON report, SARIF run properties). */
static void
S_json_summary(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	struct jsonw	*w = &r->w;
	uint64_t	 by[ECAT_SEV__MAX], n;
	unsigned	 m;
	uint32_t	 i, j;

	S_sevcounts(r->diag, by);
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

static void
S_junit(struct ecat_vreport *r)
{
	struct ecat_buf	 schemas;
	uint64_t	 nfail = 0, nerr = 0;
	size_t		 i;
	FILE		*f = r->f;

	ecat_buf_init(&schemas);
	for (i = 0; i < r->nother; i++) {
		S_testcase(&schemas, &r->other[i], "etwcat.validate.schemas",
		    "");
		if (r->other[i].nsys > 0)
			nerr++;
		else if (r->other[i].nfail > 0)
			nfail++;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"etwcat validate\" tests=\"%zu\" "
	    "failures=\"%" PRIu64 "\" errors=\"%" PRIu64 "\">\n",
	    (size_t)r->ncases + r->nother, r->ncasefail + nfail,
	    r->ncaseerr + nerr);
	fprintf(f, "  <testsuite name=\"samples\" tests=\"%" PRIu64 "\" "
	    "failures=\"%" PRIu64 "\" errors=\"%" PRIu64 "\" "
	    "skipped=\"0\">\n", r->ncases, r->ncasefail, r->ncaseerr);
	if (r->cases.len > 0)
		fwrite(r->cases.buf, 1, r->cases.len, f);
	fprintf(f, "  </testsuite>\n");
	fprintf(f, "  <testsuite name=\"schemas\" tests=\"%zu\" "
	    "failures=\"%" PRIu64 "\" errors=\"%" PRIu64 "\" "
	    "skipped=\"0\">\n", r->nother, nfail, nerr);
	if (schemas.len > 0)
		fwrite(schemas.buf, 1, schemas.len, f);
	fprintf(f, "  </testsuite>\n</testsuites>\n");
	ecat_buf_free(&schemas);
}

int
ecat_vreport_finish(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	switch (r->fmt) {
	case ECAT_VF_TEXT:
		if (!r->quiet)
			S_text_summary(r, cat, run);
		break;
	case ECAT_VF_JSON:
		jsonw_arr_close(&r->w);
		jsonw_key(&r->w, "summary");
		S_json_summary(r, cat, run);
		jsonw_obj_close(&r->w);
		break;
	case ECAT_VF_SARIF:
		jsonw_arr_close(&r->w);
		S_sarif_tool(r);
		jsonw_key(&r->w, "invocations");
		jsonw_arr_open(&r->w);
		jsonw_obj_open(&r->w);
		jsonw_kbool(&r->w, "executionSuccessful",
		    ecat_diag_count_sev(r->diag, ECAT_SEV_SYSERR) == 0);
		jsonw_kint(&r->w, "exitCode",
		    ecat_diag_exit(r->diag, r->threshold));
		jsonw_obj_close(&r->w);
		jsonw_arr_close(&r->w);
		jsonw_key(&r->w, "properties");
		jsonw_obj_open(&r->w);
		jsonw_key(&r->w, "summary");
		S_json_summary(r, cat, run);
		jsonw_obj_close(&r->w);
		jsonw_obj_close(&r->w);
		jsonw_arr_close(&r->w);
		jsonw_obj_close(&r->w);
		break;
	case ECAT_VF_JUNIT:
		S_junit(r);
		break;
	}
	return ferror(r->f) ? -1 : 0;
}

void
ecat_vreport_free(struct ecat_vreport *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	ecat_diag_set_sink(r->diag, NULL, NULL);
	for (i = 0; i < r->nother; i++)
		S_ofile_free(&r->other[i]);
	free(r->other);
	ecat_buf_free(&r->cases);
	free(r);
}
