/*
 * vreport_sarif.c: the SARIF 2.1.0 report of etwcat validate, as
 * GitHub code scanning reads it (etwcat.1, SAMPLE VALIDATION).
 *
 * SARIF is written in one pass (the skeleton in render/sarif.c): the
 * results as they are emitted, then the tool with the rules those
 * results used, so the rules list only the ids that occur and the
 * report stays small.
 *
 * A run holds at most --max-results results, the most severe kept
 * (sarif_cap()); which ones is known only at the end, so each result
 * is written to a spool file as it comes, with its offset and level,
 * and the kept ones are copied into the report at the end.  A file,
 * not memory: the report of a large run is tens of megabytes (22 MB
 * for the 17 TSV builds and ../shared/samples), and the other
 * formats' memory does not grow with the findings either.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vformat.h"
#include "sarif.h"

/* One spooled result: where it starts and its level. */
struct spooled {
	uint64_t	 off;
	enum sarif_level level;
};

/* Rules in order of first use; ruleidx[msg] is 1 + index. */
struct sarif {
	int		 ruleidx[ECAT_MSG__MAX];
	unsigned	 rules[ECAT_MSG__MAX];
	int		 nrules;
	FILE		*spool;
	struct spooled	*res;
	size_t		 nres, rescap;
	uint64_t	 n[3];
};

static enum sarif_level
S_level(enum ecat_sev s)
{
	return s >= ECAT_SEV_ERROR ? SARIF_ERROR : s == ECAT_SEV_WARNING ?
	    SARIF_WARNING : SARIF_NOTE;
}

/* The rule index of a message: rules are listed in order of first use. */
static int
S_ruleindex(struct sarif *s, unsigned msg)
{
	if (msg >= ECAT_MSG__MAX)
		return -1;
	if (s->ruleidx[msg] == 0) {
		s->rules[s->nrules++] = msg;
		s->ruleidx[msg] = s->nrules;
	}
	return s->ruleidx[msg] - 1;
}

/*
 * A stable fingerprint of a finding (what, where in the data): the
 * file as its artifact URI names it and the text as the result's
 * message gives it, so that it does not depend on the working folder;
 * under another base id than %SRCROOT%, that base id too.
 */
static uint64_t
S_hash(const struct ecat_diagrec *d)
{
	uint64_t	 h = ECAT_HASH_SEED;
	const char	*parts[5], *base = SARIF_SRCROOT;
	struct ecat_buf	 text;
	size_t		 i;

	ecat_buf_init(&text);
	sarif_message(&text, d->text);
	parts[0] = d->id;
	parts[1] = d->loc.file != NULL ? sarif_relpath(d->loc.file, &base) :
	    "";
	parts[2] = d->ctx->provider != NULL ? d->ctx->provider : "";
	parts[3] = text.buf != NULL ? text.buf : "";
	parts[4] = strcmp(base, SARIF_SRCROOT) != 0 ? base : NULL;
	for (i = 0; i < 5 && parts[i] != NULL; i++)
		h = ecat_hash(parts[i], strlen(parts[i]) + 1, h);
	h = ecat_hash(&d->loc.line, sizeof(d->loc.line), h);
	ecat_buf_free(&text);
	return h;
}

/*
 * The spool failing is treated as memory running out (catalog/alloc.c):
 * the report cannot be finished, so the run stops with exit status 3.
 */
static void
S_fail(const char *what)
{
	fprintf(stderr, "etwcat validate: SARIF: %s: %s\n", what,
	    strerror(errno != 0 ? errno : EIO));
	exit(ECAT_EXIT_SYSTEM);
}

/* An unlinked file in $TMPDIR, or else /tmp. */
static FILE *
S_spool(void)
{
	const char	*dir = getenv("TMPDIR");
	char		*path;
	FILE		*f = NULL;
	int		 fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = ecat_asprintf("%s/etwcat-sarif.XXXXXX", dir);
	if ((fd = mkstemp(path)) != -1) {
		unlink(path);
		if ((f = fdopen(fd, "w+")) == NULL)
			close(fd);
	}
	free(path);
	if (f == NULL && (f = tmpfile()) == NULL)
		S_fail("no spool file for the results in $TMPDIR or /tmp");
	return f;
}

static void *
S_new(struct ecat_vreport *r)
{
	struct sarif	*s = ecat_calloc(1, sizeof(struct sarif));

	s->spool = S_spool();
	sarif_open(&r->w, "validate");
	jsonw_key(&r->w, "results");
	jsonw_arr_open(&r->w);
	return s;
}

static void
S_diag(struct ecat_vreport *r, const struct ecat_diagrec *d)
{
	struct sarif	*s = r->p;
	struct jsonw	*w = &r->w;
	enum sarif_level l = S_level(d->sev);
	FILE		*out = w->f;
	off_t		 off;

	s->n[l]++;
	if ((off = ftello(s->spool)) == -1)
		S_fail("the results' spool file");
	if (s->nres == s->rescap) {
		s->rescap = s->rescap == 0 ? 1024 : s->rescap * 2;
		s->res = ecat_reallocarray(s->res, s->rescap,
		    sizeof(*s->res));
	}
	s->res[s->nres].off = (uint64_t)off;
	s->res[s->nres++].level = l;
	/* No comma from the writer: S_copy puts them between kept ones. */
	w->first[w->depth] = 1;
	w->f = s->spool;
	sarif_result_open(w, d->id, S_ruleindex(s, d->msg), l, d->text,
	    d->loc.file, d->loc.line, d->loc.col);
	sarif_fingerprint(w, S_hash(d));
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	vreport_ctx(w, d->ctx, "eventId");
	jsonw_obj_close(w);
	sarif_result_close(w);
	w->f = out;
}

/* The kept results, from the spool into the report, in report order;
   -1 when the spool cannot be read back. */
static int
S_copy(struct ecat_vreport *r, struct sarif *s, const uint64_t keep[3])
{
	uint64_t	 seen[3] = { 0, 0, 0 }, end, len, k;
	char		 buf[1 << 14];
	size_t		 i, nkept = 0, m;

	if (fflush(s->spool) == EOF || ferror(s->spool))
		return -1;
	if (fseeko(s->spool, 0, SEEK_END) == -1)
		return -1;
	end = (uint64_t)ftello(s->spool);
	for (i = 0; i < s->nres; i++) {
		if (seen[s->res[i].level]++ >= keep[s->res[i].level])
			continue;
		len = (i + 1 < s->nres ? s->res[i + 1].off : end) -
		    s->res[i].off;
		if (fseeko(s->spool, (off_t)s->res[i].off, SEEK_SET) == -1)
			return -1;
		if (nkept++ > 0)
			putc(',', r->f);
		for (k = 0; k < len; k += m) {
			m = len - k < sizeof(buf) ? (size_t)(len - k) :
			    sizeof(buf);
			if (fread(buf, 1, m, s->spool) != m)
				return -1;
			fwrite(buf, 1, m, r->f);
		}
	}
	/* The writer closes the array on its own line if it has members. */
	r->w.first[r->w.depth] = nkept == 0;
	return 0;
}

static void
S_tool(struct ecat_vreport *r)
{
	struct sarif	*s = r->p;
	const char	*id, *help, *text;
	enum ecat_msg	 m;
	int		 i;

	sarif_tool_open(&r->w, 1);
	for (i = 0; i < s->nrules; i++) {
		m = (enum ecat_msg)s->rules[i];
		id = ecat_msg_id(m);
		help = ecat_validate_help(id);
		text = ecat_msg_text(m);
		sarif_rule(&r->w, id, text, help != NULL ? help : text,
		    S_level(ecat_msg_sev(m)));
	}
	sarif_tool_close(&r->w);
}

static void
S_finish(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	struct sarif	*s = r->p;
	uint64_t	 keep[3];

	sarif_cap(s->n, keep);
	if (S_copy(r, s, keep) == -1)
		S_fail("the results' spool file");
	jsonw_arr_close(&r->w);
	S_tool(r);
	sarif_base_ids(&r->w);
	jsonw_key(&r->w, "invocations");
	jsonw_arr_open(&r->w);
	jsonw_obj_open(&r->w);
	jsonw_kbool(&r->w, "executionSuccessful",
	    ecat_diag_count_sev(r->diag, ECAT_SEV_SYSERR) == 0);
	jsonw_kint(&r->w, "exitCode", ecat_diag_exit(r->diag, r->threshold));
	jsonw_obj_close(&r->w);
	jsonw_arr_close(&r->w);
	jsonw_key(&r->w, "properties");
	jsonw_obj_open(&r->w);
	sarif_cap_props(&r->w, s->n, keep);
	jsonw_key(&r->w, "summary");
	vreport_summary(r, cat, run);
	jsonw_obj_close(&r->w);
	sarif_close(&r->w);
	sarif_cap_warn("validate", s->n, keep);
}

static void
S_free(void *p)
{
	struct sarif	*s = p;

	if (s == NULL)
		return;
	fclose(s->spool);
	free(s->res);
	free(s);
}

const struct ecat_vformat ecat_vformat_sarif = {
	.name = "sarif",
	.new = S_new,
	.diag = S_diag,
	.finish = S_finish,
	.free = S_free,
};
