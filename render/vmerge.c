/*
 * vmerge.c: etwcat merge, the reports of a validation run in shards
 * combined into one (etwcat.1, SAMPLE VALIDATION, Shards).
 *
 * Captures larger than one machine are validated in shards, one
 * `etwcat validate --format json` per shard, each given the same
 * schema SOURCEs and its own sample files.  The JSON report
 * (render/vreport_json.c) carries every diagnostic with its full
 * context, the sample files with the diagnostics emitted while each
 * was read, the run's counts and the builds; that is all any report
 * format reads (render/vformat.h).  So merging does not concatenate
 * documents: it replays the diagnostics into a diagnostics context
 * whose sink is the report being written, in the order one run would
 * have emitted them, so that every format, the counts per id and
 * severity, a baseline (a filter on that context, validator/vbaseline.c)
 * and the exit status come out as one run over all the files gives.
 *
 * The order of one run: what loading, lint and the rule checks emit
 * before the first sample file (the same in every shard, given the
 * same schema SOURCEs: taken once, as a multiset union so that a
 * finding a shard alone has is kept), then each sample file's
 * diagnostics, files in the order a folder is walked (catalog/walk.c:
 * names compared byte by byte, folder by folder), then what the run
 * emits after the last file (source-no-schema, whose count is the
 * run's, so it is written anew).
 *
 * A report is rejected whole (merge-invalid-report, a system error:
 * exit 3) when it is not an etwcat validate report of this format
 * version, when it leaves findings out (-q, --baseline, --ignore,
 * --provider: give those to merge), or when its builds are not the
 * first report's (shards run against other schemas).
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "diag.h"
#include "io.h"
#include "vformat.h"

#define VMERGE_FORMAT		"etwcat-validate-report"
#define VMERGE_VERSION		1

/* A diagnostic of a shard; strings in the merge's interner. */
struct rdiag {
	enum ecat_msg		 msg;
	struct ecat_loc		 loc;
	struct ecat_msgctx	 ctx;
	const char		*detail;	/* after "text: ", or NULL */
};

/* A sample file of a shard and its diagnostics (into m->d). */
struct rfile {
	const char	*path;
	const char	*build;
	uint64_t	 nsamples, nmalformed, nmatched, nclean;
	int		 unreadable;
	size_t		 first, count;
	size_t		 seq;		/* order of reading, for ties */
	int		 dir;		/* the --source it is under, or -1 */
	int		 top;		/* directly in that folder */
};

/* Best-match counts of one provider, summed over the shards. */
struct rbest {
	const char	*provider;
	uint64_t	 nsamples, nmatched;
	uint64_t	*best, *only;	/* [nbuilds] */
};

/* A report rejected, said when the merged report is open. */
struct reject {
	enum ecat_msg	 msg;
	const char	*path;
	char		*why;
};

struct ecat_vmerge {
	struct ecat_arena	*arena;
	struct ecat_intern	*str;
	struct rdiag		*d;
	size_t			 nd, dcap;
	struct rfile		*f;
	size_t			 nf, fcap;
	size_t			*pre, npre, precap;	/* into d */
	size_t			*post, npost, postcap;
	struct ecat_htab	 preset, postset;	/* key → union count */
	const char		**builds;		/* of the first report */
	uint32_t		 nbuilds;
	const char		*buildsfrom;
	const char		**src;			/* every report's */
	size_t			 nsrc, srccap;
	char			**srcout;		/* ecat_vmerge_sources */
	char *const		*dirs;			/* --source */
	int			 ndirs;
	struct rbest		*best;
	size_t			 nbest, bestcap;
	struct reject		*rej;
	size_t			 nrej;
	size_t			 nreports;		/* accepted */
	int			 nosschema;		/* source-no-schema seen */
	int			 sys;			/* a shard exited 3 */
	enum ecat_sev		 threshold;
	uint64_t		 nfiles, nbytes, nsamples, nmatched, nclean;
	uint64_t		 nunmatched, nmalformed, nbestmode;
	struct ecat_buf		 b;
};

struct ecat_vmerge *
ecat_vmerge_new(void)
{
	struct ecat_vmerge	*m = ecat_calloc(1, sizeof(*m));

	m->arena = ecat_arena_new();
	m->str = ecat_intern_new(m->arena);
	ecat_htab_init(&m->preset, ECAT_HKEY_STR, 1024);
	ecat_htab_init(&m->postset, ECAT_HKEY_STR, 16);
	m->threshold = ECAT_SEV__MAX;
	ecat_buf_init(&m->b);
	return m;
}

void
ecat_vmerge_free(struct ecat_vmerge *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nbest; i++) {
		free(m->best[i].best);
		free(m->best[i].only);
	}
	for (i = 0; i < m->nrej; i++)
		free(m->rej[i].why);
	free(m->rej);
	free(m->best);
	free(m->d);
	free(m->f);
	free(m->pre);
	free(m->post);
	free(m->builds);
	free(m->src);
	free(m->srcout);
	ecat_htab_free(&m->preset);
	ecat_htab_free(&m->postset);
	ecat_intern_free(m->str);
	ecat_arena_free(m->arena);
	ecat_buf_free(&m->b);
	free(m);
}

static void
S_reject(struct ecat_vmerge *m, enum ecat_msg msg, const char *path,
    const char *why)
{
	m->rej = ecat_reallocarray(m->rej, m->nrej + 1, sizeof(*m->rej));
	m->rej[m->nrej].msg = msg;
	m->rej[m->nrej].path = ecat_intern_str(m->str, path);
	m->rej[m->nrej++].why = ecat_strdup(why);
}

static const char *
S_istr(struct ecat_vmerge *m, json_t *v)
{
	return json_is_string(v) ? ecat_intern(m->str, json_string_value(v),
	    json_string_length(v)) : NULL;
}

/* ------------------------------------------------------ checking */

/*
 * Each check fills why and returns -1: the report is checked whole
 * before anything of it is taken, so a rejected report adds nothing.
 */
static int
S_bad(char *why, size_t sz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
S_bad(char *why, size_t sz, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(why, sz, fmt, ap);
	va_end(ap);
	return -1;
}

static int
S_isnstr(json_t *v)
{
	return v == NULL || json_is_string(v) || json_is_null(v);
}

static int
S_isnint(json_t *v)
{
	return v == NULL || json_is_integer(v) || json_is_null(v);
}

static int
S_iscount(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_integer(v) && json_integer_value(v) >= 0;
}

static int
S_level(const char *s, enum ecat_sev *out)
{
	enum ecat_sev	 sv;

	for (sv = ECAT_SEV_NOTE; sv < ECAT_SEV_SYSERR; sv++)
		if (strcmp(s, ecat_sev_name(sv)) == 0) {
			*out = sv;
			return 0;
		}
	return -1;
}

/* A diagnostic: a known id, its severity, its text's first words. */
static int
S_check_diag(json_t *o, size_t i, char *why, size_t sz)
{
	const char	*id, *sev, *text, *msg;
	enum ecat_msg	 m;
	size_t		 n;

	if (!json_is_object(o))
		return S_bad(why, sz, "diagnostic %zu is not an object", i);
	id = json_string_value(json_object_get(o, "id"));
	sev = json_string_value(json_object_get(o, "severity"));
	msg = json_string_value(json_object_get(o, "message"));
	if (id == NULL || sev == NULL || msg == NULL ||
	    !S_isnstr(json_object_get(o, "file")) ||
	    !S_iscount(o, "line") || !S_iscount(o, "col") ||
	    !S_isnstr(json_object_get(o, "build")) ||
	    !S_isnstr(json_object_get(o, "provider")) ||
	    !S_isnstr(json_object_get(o, "field")) ||
	    !S_isnint(json_object_get(o, "event_id")) ||
	    !S_isnint(json_object_get(o, "version")))
		return S_bad(why, sz, "diagnostic %zu: a member missing or "
		    "of the wrong type", i);
	if ((m = ecat_msg_by_id(id)) == ECAT_MSG__MAX)
		return S_bad(why, sz, "diagnostic %zu: id %s unknown to "
		    "etwcat " ECAT_VERSION, i, id);
	if (strcmp(sev, ecat_sev_name(ecat_msg_sev(m))) != 0)
		return S_bad(why, sz, "diagnostic %zu: %s is a %s, not a %s",
		    i, id, ecat_sev_name(ecat_msg_sev(m)), sev);
	text = ecat_msg_text(m);
	n = strlen(text);
	if (strncmp(msg, text, n) != 0 ||
	    (msg[n] != '\0' && strncmp(msg + n, ": ", 2) != 0))
		return S_bad(why, sz, "diagnostic %zu: %s does not start as "
		    "etwcat " ECAT_VERSION " writes it", i, id);
	return 0;
}

/* The files: counts, and diagnostics ranges in order inside nd. */
static int
S_check_files(json_t *files, size_t nd, char *why, size_t sz)
{
	json_t		*o;
	size_t		 i;
	json_int_t	 first, count, end = 0;

	if (!json_is_array(files))
		return S_bad(why, sz, "%s", "no files array");
	json_array_foreach(files, i, o) {
		if (!json_is_object(o) ||
		    !json_is_string(json_object_get(o, "path")) ||
		    !S_isnstr(json_object_get(o, "build")) ||
		    !S_iscount(o, "samples") || !S_iscount(o, "malformed") ||
		    !S_iscount(o, "matched") || !S_iscount(o, "clean") ||
		    !json_is_boolean(json_object_get(o, "unreadable")) ||
		    !S_iscount(o, "first_diagnostic") ||
		    !S_iscount(o, "diagnostics"))
			return S_bad(why, sz, "file %zu: a member missing or "
			    "of the wrong type", i);
		first = json_integer_value(json_object_get(o,
		    "first_diagnostic"));
		count = json_integer_value(json_object_get(o, "diagnostics"));
		if (first < end || count > (json_int_t)nd ||
		    first > (json_int_t)nd - count)
			return S_bad(why, sz, "file %zu: its diagnostics are "
			    "not in order within the diagnostics array", i);
		end = first + count;
	}
	return 0;
}

static int
S_check_summary(json_t *s, uint32_t nbuilds, json_t *builds, char *why,
    size_t sz)
{
	static const char *const counts[] = { "files", "bytes", "samples",
	    "matched", "clean", "unmatched", "malformed",
	    "best_match_samples" };
	json_t		*b, *e, *x;
	size_t		 i, j, k;

	if (!json_is_object(s))
		return S_bad(why, sz, "%s", "no summary object");
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (!S_iscount(s, counts[i]))
			return S_bad(why, sz, "summary: no count %s",
			    counts[i]);
	if (!json_is_array(b = json_object_get(s, "best_match")))
		return S_bad(why, sz, "%s", "summary: no best_match array");
	json_array_foreach(b, i, e) {
		if (!json_is_object(e) ||
		    !json_is_string(json_object_get(e, "provider")) ||
		    !S_iscount(e, "samples") || !S_iscount(e, "matched") ||
		    !json_is_array(json_object_get(e, "builds")))
			return S_bad(why, sz, "best_match %zu: a member "
			    "missing or of the wrong type", i);
		json_array_foreach(json_object_get(e, "builds"), j, x) {
			const char *id = json_string_value(
			    json_object_get(x, "build"));

			for (k = 0; id != NULL && k < nbuilds; k++)
				if (strcmp(id, json_string_value(
				    json_array_get(builds, k))) == 0)
					break;
			if (id == NULL || k == nbuilds ||
			    !S_iscount(x, "best") || !S_iscount(x, "only"))
				return S_bad(why, sz, "best_match %zu: build "
				    "%zu not one of the report's builds", i,
				    j);
		}
	}
	return 0;
}

/* The whole report; returns 0 or -1 with why filled. */
static int
S_check(struct ecat_vmerge *m, json_t *root, char *why, size_t sz)
{
	json_t		*v, *builds, *diags;
	const char	*s;
	enum ecat_sev	 sev;
	size_t		 i, nb;

	if (!json_is_object(root))
		return S_bad(why, sz, "%s", "not a JSON object");
	s = json_string_value(json_object_get(root, "tool"));
	if (s == NULL && json_object_get(root, "etwcat_validate") != NULL)
		return S_bad(why, sz, "%s", "no format version: written by an "
		    "older etwcat; validate the shard again");
	if (s == NULL || strcmp(s, "etwcat") != 0)
		return S_bad(why, sz, "not written by etwcat (tool %s)",
		    s != NULL ? s : "not given");
	s = json_string_value(json_object_get(root, "format"));
	if (s == NULL || strcmp(s, VMERGE_FORMAT) != 0)
		return S_bad(why, sz, "a %s report, not an etwcat validate "
		    "--format json report", s != NULL ? s : "format-less");
	v = json_object_get(root, "format_version");
	if (v == NULL)
		return S_bad(why, sz, "%s", "no format version: written by an "
		    "older etwcat; validate the shard again");
	if (!json_is_integer(v) || json_integer_value(v) != VMERGE_VERSION)
		return S_bad(why, sz, "format version %" JSON_INTEGER_FORMAT
		    ", etwcat " ECAT_VERSION " merges version %d",
		    json_is_integer(v) ? json_integer_value(v) : 0,
		    VMERGE_VERSION);
	if (json_is_true(json_object_get(root, "quiet")))
		return S_bad(why, sz, "%s", "written with -q: its warnings and "
		    "notes are not in it");
	v = json_object_get(root, "filtered");
	if (!json_is_integer(v) || json_integer_value(v) != 0)
		return S_bad(why, sz, "%s", "findings were left out by "
		    "--baseline, --ignore or --provider: give those to etwcat "
		    "merge instead");
	s = json_string_value(json_object_get(root, "threshold"));
	if (s == NULL || S_level(s, &sev) == -1 ||
	    !json_is_integer(json_object_get(root, "exit_status")))
		return S_bad(why, sz, "%s", "no threshold or exit_status");
	v = json_object_get(root, "sources");
	if (!json_is_array(v))
		return S_bad(why, sz, "%s", "no sources array");
	for (i = 0; i < json_array_size(v); i++)
		if (!json_is_string(json_array_get(v, i)))
			return S_bad(why, sz, "%s", "a source not a string");
	builds = json_object_get(root, "builds");
	if (!json_is_array(builds))
		return S_bad(why, sz, "%s", "no builds array");
	nb = json_array_size(builds);
	for (i = 0; i < nb; i++)
		if (!json_is_string(json_array_get(builds, i)))
			return S_bad(why, sz, "%s", "a build not a string");
	if (m->nreports > 0) {
		for (i = 0; i < nb && i < m->nbuilds; i++)
			if (strcmp(json_string_value(json_array_get(builds, i)),
			    m->builds[i]) != 0)
				break;
		if (nb != m->nbuilds || i < nb)
			return S_bad(why, sz, "its builds are not those of %s "
			    "(build %zu: %s): shards must be validated against "
			    "the same SOURCEs, their loose samples given one "
			    "build with -b", m->buildsfrom, i, i < nb ?
			    json_string_value(json_array_get(builds, i)) :
			    "none");
	}
	diags = json_object_get(root, "diagnostics");
	if (!json_is_array(diags))
		return S_bad(why, sz, "%s", "no diagnostics array");
	for (i = 0; i < json_array_size(diags); i++)
		if (S_check_diag(json_array_get(diags, i), i, why, sz) == -1)
			return -1;
	if (S_check_files(json_object_get(root, "files"),
	    json_array_size(diags), why, sz) == -1)
		return -1;
	return S_check_summary(json_object_get(root, "summary"),
	    (uint32_t)nb, builds, why, sz);
}

/* ------------------------------------------------------- taking */

static size_t
S_take_diag(struct ecat_vmerge *m, json_t *o)
{
	struct rdiag	*r;
	json_t		*v;
	const char	*msg;
	size_t		 n;

	if (m->nd == m->dcap) {
		m->dcap = m->dcap ? m->dcap * 2 : 4096;
		m->d = ecat_reallocarray(m->d, m->dcap, sizeof(*m->d));
	}
	r = &m->d[m->nd];
	r->msg = ecat_msg_by_id(json_string_value(json_object_get(o, "id")));
	r->loc.file = S_istr(m, json_object_get(o, "file"));
	r->loc.line = (uint32_t)json_integer_value(json_object_get(o, "line"));
	r->loc.col = (uint32_t)json_integer_value(json_object_get(o, "col"));
	r->ctx.build = S_istr(m, json_object_get(o, "build"));
	r->ctx.provider = S_istr(m, json_object_get(o, "provider"));
	r->ctx.field = S_istr(m, json_object_get(o, "field"));
	v = json_object_get(o, "event_id");
	r->ctx.event_id = json_is_integer(v) ? json_integer_value(v) : -1;
	v = json_object_get(o, "version");
	r->ctx.version = json_is_integer(v) ?
	    (int32_t)json_integer_value(v) : -1;
	msg = json_string_value(json_object_get(o, "message"));
	n = strlen(ecat_msg_text(r->msg));
	r->detail = msg[n] == '\0' ? NULL : ecat_intern_str(m->str,
	    msg + n + 2);
	return m->nd++;
}

/* Everything of d as one string, for the union of what shards share. */
static const char *
S_key(struct ecat_vmerge *m, const struct rdiag *r)
{
	ecat_buf_reset(&m->b);
	ecat_buf_printf(&m->b, "%u\t%s\t%u\t%u\t%s\t%s\t%" PRId64 "\t%" PRId32
	    "\t%s\t%s", (unsigned)r->msg, r->loc.file != NULL ? r->loc.file :
	    "\1", r->loc.line, r->loc.col, r->ctx.build != NULL ?
	    r->ctx.build : "\1", r->ctx.provider != NULL ? r->ctx.provider :
	    "\1", r->ctx.event_id, r->ctx.version, r->ctx.field != NULL ?
	    r->ctx.field : "\1", r->detail != NULL ? r->detail : "\1");
	return ecat_intern_str(m->str, m->b.buf);
}

/*
 * Diagnostics outside every sample file: kept once each, as many times
 * as the report that has it most often has it (a multiset union).
 * mine counts this report's occurrences.
 */
static void
S_union(struct ecat_vmerge *m, struct ecat_htab *set, struct ecat_htab *mine,
    size_t **list, size_t *n, size_t *cap, size_t i)
{
	struct ecat_hent	*e, *me;
	const char		*k;

	if (m->d[i].msg == ECAT_MSG_SRC_NO_SCHEMA) {
		/* Its count is the run's: written anew at the end. */
		m->nosschema = 1;
		return;
	}
	k = S_key(m, &m->d[i]);
	me = ecat_htab_put(mine, k, strlen(k), 0, NULL);
	me->v.u++;
	e = ecat_htab_put(set, k, strlen(k), 0, NULL);
	if (e->v.u >= me->v.u)
		return;
	e->v.u++;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*list = ecat_reallocarray(*list, *cap, sizeof(**list));
	}
	(*list)[(*n)++] = i;
}

static struct rbest *
S_best(struct ecat_vmerge *m, const char *provider)
{
	size_t		 i;
	struct rbest	*b;

	for (i = 0; i < m->nbest; i++)
		if (strcmp(m->best[i].provider, provider) == 0)
			return &m->best[i];
	if (m->nbest == m->bestcap) {
		m->bestcap = m->bestcap ? m->bestcap * 2 : 64;
		m->best = ecat_reallocarray(m->best, m->bestcap,
		    sizeof(*m->best));
	}
	b = &m->best[m->nbest++];
	memset(b, 0, sizeof(*b));
	b->provider = ecat_intern_str(m->str, provider);
	b->best = ecat_calloc(m->nbuilds + 1, sizeof(uint64_t));
	b->only = ecat_calloc(m->nbuilds + 1, sizeof(uint64_t));
	return b;
}

static uint64_t
S_count(json_t *o, const char *key)
{
	return (uint64_t)json_integer_value(json_object_get(o, key));
}

static void
S_take(struct ecat_vmerge *m, const char *path, json_t *root)
{
	struct ecat_htab	 mine;
	json_t			*diags, *files, *s, *v, *e, *x;
	size_t			 base, i, j, k, nd, prend;
	enum ecat_sev		 sev;
	char			*infile;

	if (m->nreports++ == 0) {
		v = json_object_get(root, "builds");
		m->nbuilds = (uint32_t)json_array_size(v);
		m->builds = ecat_calloc(m->nbuilds + 1, sizeof(*m->builds));
		for (i = 0; i < m->nbuilds; i++)
			m->builds[i] = S_istr(m, json_array_get(v, i));
		m->buildsfrom = ecat_intern_str(m->str, path);
	}
	if (S_level(json_string_value(json_object_get(root, "threshold")),
	    &sev) == 0 && sev < m->threshold)
		m->threshold = sev;
	if (json_integer_value(json_object_get(root, "exit_status")) ==
	    ECAT_EXIT_SYSTEM)
		m->sys = 1;
	json_array_foreach(json_object_get(root, "sources"), i, v) {
		if (m->nsrc == m->srccap) {
			m->srccap = m->srccap ? m->srccap * 2 : 64;
			m->src = ecat_reallocarray(m->src, m->srccap,
			    sizeof(*m->src));
		}
		m->src[m->nsrc++] = S_istr(m, v);
	}

	diags = json_object_get(root, "diagnostics");
	files = json_object_get(root, "files");
	nd = json_array_size(diags);
	base = m->nd;
	for (i = 0; i < nd; i++)
		S_take_diag(m, json_array_get(diags, i));
	/* Before the first file; outside every file after it (after the
	   last file, or between two: none today). */
	prend = json_array_size(files) > 0 ? (size_t)json_integer_value(
	    json_object_get(json_array_get(files, 0), "first_diagnostic")) :
	    nd;
	infile = ecat_calloc(nd + 1, 1);
	json_array_foreach(files, i, v) {
		struct rfile	*f;

		if (m->nf == m->fcap) {
			m->fcap = m->fcap ? m->fcap * 2 : 256;
			m->f = ecat_reallocarray(m->f, m->fcap, sizeof(*m->f));
		}
		f = &m->f[m->nf];
		f->path = S_istr(m, json_object_get(v, "path"));
		f->build = S_istr(m, json_object_get(v, "build"));
		f->nsamples = S_count(v, "samples");
		f->nmalformed = S_count(v, "malformed");
		f->nmatched = S_count(v, "matched");
		f->nclean = S_count(v, "clean");
		f->unreadable = json_is_true(json_object_get(v, "unreadable"));
		f->first = base + S_count(v, "first_diagnostic");
		f->count = S_count(v, "diagnostics");
		f->seq = m->nf++;
		memset(infile + f->first - base, 1, f->count);
	}
	ecat_htab_init(&mine, ECAT_HKEY_STR, 1024);
	for (i = 0; i < prend; i++)
		S_union(m, &m->preset, &mine, &m->pre, &m->npre, &m->precap,
		    base + i);
	ecat_htab_clear(&mine);
	for (i = prend; i < nd; i++)
		if (!infile[i])
			S_union(m, &m->postset, &mine, &m->post, &m->npost,
			    &m->postcap, base + i);
	ecat_htab_free(&mine);
	free(infile);

	s = json_object_get(root, "summary");
	m->nfiles += S_count(s, "files");
	m->nbytes += S_count(s, "bytes");
	m->nsamples += S_count(s, "samples");
	m->nmatched += S_count(s, "matched");
	m->nclean += S_count(s, "clean");
	m->nunmatched += S_count(s, "unmatched");
	m->nmalformed += S_count(s, "malformed");
	m->nbestmode += S_count(s, "best_match_samples");
	json_array_foreach(json_object_get(s, "best_match"), i, e) {
		struct rbest	*b = S_best(m, json_string_value(
		    json_object_get(e, "provider")));

		b->nsamples += S_count(e, "samples");
		b->nmatched += S_count(e, "matched");
		json_array_foreach(json_object_get(e, "builds"), j, x) {
			const char *id = json_string_value(json_object_get(x,
			    "build"));

			for (k = 0; k < m->nbuilds; k++)
				if (strcmp(m->builds[k], id) == 0)
					break;
			b->best[k] += S_count(x, "best");
			b->only[k] += S_count(x, "only");
		}
	}
}

int
ecat_vmerge_read(struct ecat_vmerge *m, const char *path)
{
	struct stat	 st;
	json_error_t	 err;
	json_t		*root;
	char		 why[512];
	FILE		*fp;
	int		 fd;

	if ((fd = ecat_open_regular(path, &st, why, sizeof(why))) == -1) {
		S_reject(m, ECAT_MSG_IO_OPEN, path, why);
		return -1;
	}
	if ((fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		S_reject(m, ECAT_MSG_IO_OPEN, path, strerror(errno));
		return -1;
	}
	root = json_loadf(fp, JSON_REJECT_DUPLICATES, &err);
	fclose(fp);
	if (root == NULL) {
		snprintf(why, sizeof(why), "not JSON: line %d: %s", err.line,
		    err.text);
		S_reject(m, ECAT_MSG_MERGE_INVALID, path, why);
		return -1;
	}
	if (S_check(m, root, why, sizeof(why)) == -1) {
		json_decref(root);
		S_reject(m, ECAT_MSG_MERGE_INVALID, path, why);
		return -1;
	}
	S_take(m, path, root);
	json_decref(root);
	return 0;
}

enum ecat_sev
ecat_vmerge_threshold(const struct ecat_vmerge *m)
{
	return m->threshold < ECAT_SEV_SYSERR ? m->threshold : ECAT_SEV_ERROR;
}

int
ecat_vmerge_status(const struct ecat_vmerge *m)
{
	return m->sys ? ECAT_EXIT_SYSTEM : ECAT_EXIT_OK;
}

/* Is path dir, or under it? */
static int
S_under(const char *path, const char *dir)
{
	size_t	 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/');
}

char *const *
ecat_vmerge_sources(struct ecat_vmerge *m, char *const *dirs, int ndirs,
    int *n)
{
	struct ecat_htab	 seen;
	size_t			 i, k = 0;
	int			 j;

	m->dirs = dirs;
	m->ndirs = ndirs;
	free(m->srcout);
	m->srcout = ecat_calloc(m->nsrc + (size_t)ndirs + 1, sizeof(char *));
	memset(&seen, 0, sizeof(seen));
	ecat_htab_init(&seen, ECAT_HKEY_PTR, m->nsrc);
	for (i = 0; i < m->nsrc; i++) {
		int isnew;

		for (j = 0; j < ndirs; j++)
			if (S_under(m->src[i], dirs[j]))
				break;
		if (j < ndirs)
			continue;
		ecat_htab_pput(&seen, m->src[i], 0, &isnew);
		if (isnew)
			m->srcout[k++] = (char *)(uintptr_t)m->src[i];
	}
	ecat_htab_free(&seen);
	for (j = 0; j < ndirs; j++)
		m->srcout[k++] = dirs[j];
	*n = (int)k;
	return m->srcout;
}

/* ------------------------------------------------------ replaying */

/* A message with no detail: ecat_vmsgx() with fmt NULL. */
static void
S_bare(struct ecat_diag *diag, enum ecat_msg msg, const struct ecat_loc *loc,
    const struct ecat_msgctx *ctx, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	ecat_vmsgx(diag, msg, loc, ctx, fmt, ap);
	va_end(ap);
}

static void
S_emit(struct ecat_diag *diag, const struct rdiag *r)
{
	if (r->detail != NULL)
		ecat_msgx(diag, r->msg, &r->loc, &r->ctx, "%s", r->detail);
	else
		S_bare(diag, r->msg, &r->loc, &r->ctx, NULL);
}

/*
 * Folder by folder, as catalog/walk.c sorts a folder's names (strcmp):
 * where two paths first differ, the one whose name ends there ('/')
 * comes first.
 */
static int
S_pathcmp(const char *a, const char *b)
{
	const unsigned char	*x = (const unsigned char *)a;
	const unsigned char	*y = (const unsigned char *)b;

	while (*x != '\0' && *x == *y)
		x++, y++;
	if (*x == *y)
		return 0;
	if (*x == '/' && *y != '\0')
		return -1;
	if (*y == '/' && *x != '\0')
		return 1;
	return *x < *y ? -1 : 1;
}

static int
S_filecmp(const void *pa, const void *pb)
{
	const struct rfile	*a = pa, *b = pb;
	int			 c;

	if (a->dir != b->dir)
		return (unsigned)a->dir < (unsigned)b->dir ? -1 : 1;
	if (a->top != b->top)
		return a->top ? -1 : 1;
	if ((c = S_pathcmp(a->path, b->path)) != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int
S_bestcmp(const void *pa, const void *pb)
{
	const struct ecat_vbest	*a = pa, *b = pb;
	int			 c;

	if ((c = strcasecmp(a->provider, b->provider)) != 0)
		return c;
	return strcmp(a->provider, b->provider);
}

int
ecat_vmerge_finish(struct ecat_vmerge *m, struct ecat_diag *diag,
    struct ecat_vreport *rep)
{
	struct ecat_catalog	*cat;
	struct ecat_build	*bs;
	struct ecat_vrun	 run;
	struct ecat_vfile	 vf;
	struct ecat_loc		 loc;
	size_t			 i, j;
	uint32_t		 b;
	int			 rc = 0;

	for (i = 0; i < m->nrej; i++) {
		loc.file = m->rej[i].path;
		loc.line = loc.col = 0;
		ecat_msg(diag, m->rej[i].msg, &loc, "%s", m->rej[i].why);
	}
	/*
	 * The formats read a catalog for its builds alone (the summary's
	 * best matches, as runs of builds): one with those of the reports.
	 */
	cat = ecat_calloc(1, sizeof(*cat));
	bs = ecat_calloc(m->nbuilds + 1, sizeof(*bs));
	cat->builds = ecat_calloc(m->nbuilds + 1, sizeof(*cat->builds));
	for (b = 0; b < m->nbuilds; b++) {
		bs[b].id = m->builds[b];
		bs[b].index = b;
		bs[b].nschemas = 1;	/* reports list no other (model.h) */
		cat->builds[b] = &bs[b];
	}
	cat->nbuilds = m->nbuilds;

	memset(&run, 0, sizeof(run));
	if (rep != NULL)
		ecat_vreport_hook(rep, &run);
	for (i = 0; i < m->npre; i++)
		S_emit(diag, &m->d[m->pre[i]]);
	/*
	 * A folder of captures is read as catalog/source.c reads one: the
	 * files directly in it, then those of its subfolders, walked;
	 * folders given with --source in their order, then files under
	 * none of them.
	 */
	for (i = 0; i < m->nf; i++) {
		struct rfile	*f = &m->f[i];
		size_t		 n;
		int		 k;

		f->dir = -1;
		f->top = 0;
		for (k = 0; k < m->ndirs && f->dir == -1; k++)
			if (S_under(f->path, m->dirs[k])) {
				f->dir = k;
				n = strlen(m->dirs[k]);
				while (n > 1 && m->dirs[k][n - 1] == '/')
					n--;
				f->top = f->path[n] == '/' &&
				    strchr(f->path + n + 1, '/') == NULL;
			}
	}
	if (m->nf > 1)
		qsort(m->f, m->nf, sizeof(*m->f), S_filecmp);
	for (i = 0; i < m->nf; i++) {
		const struct rfile *f = &m->f[i];

		memset(&vf, 0, sizeof(vf));
		vf.path = f->path;
		for (b = 0; f->build != NULL && b < m->nbuilds; b++)
			if (m->builds[b] == f->build)
				vf.build = cat->builds[b];
		vf.nsamples = f->nsamples;
		vf.nmalformed = f->nmalformed;
		vf.nmatched = f->nmatched;
		vf.nclean = f->nclean;
		vf.unreadable = f->unreadable;
		if (run.file_begin != NULL)
			run.file_begin(&vf, run.arg);
		for (j = 0; j < f->count; j++)
			S_emit(diag, &m->d[f->first + j]);
		if (run.file_done != NULL)
			run.file_done(&vf, run.arg);
	}
	if (m->nosschema)
		ecat_msg(diag, ECAT_MSG_SRC_NO_SCHEMA, NULL, "%" PRIu64
		    " sample%s read, none checked: give the schemas of their "
		    "builds as a SOURCE too", m->nsamples,
		    m->nsamples == 1 ? "" : "s");
	for (i = 0; i < m->npost; i++)
		S_emit(diag, &m->d[m->post[i]]);
	/* Nothing merged must not pass for a clean run. */
	if (m->nf == 0)
		ecat_msg(diag, ECAT_MSG_MERGE_EMPTY, NULL, "%zu report%s "
		    "merged", m->nreports, m->nreports == 1 ? "" : "s");

	run.nfiles = m->nfiles;
	run.nbytes = m->nbytes;
	run.nsamples = m->nsamples;
	run.nmatched = m->nmatched;
	run.nclean = m->nclean;
	run.nunmatched = m->nunmatched;
	run.nmalformed = m->nmalformed;
	run.nbestmode = m->nbestmode;
	run.nbest = (uint32_t)m->nbest;
	run.best = ecat_calloc(m->nbest + 1, sizeof(*run.best));
	for (i = 0; i < m->nbest; i++) {
		run.best[i].provider = m->best[i].provider;
		run.best[i].nsamples = m->best[i].nsamples;
		run.best[i].nmatched = m->best[i].nmatched;
		run.best[i].best = m->best[i].best;
		run.best[i].only = m->best[i].only;
	}
	if (run.nbest > 1)
		qsort(run.best, run.nbest, sizeof(*run.best), S_bestcmp);
	if (rep != NULL && ecat_vreport_finish(rep, cat, &run) == -1)
		rc = -1;
	free(run.best);
	free(cat->builds);
	free(cat);
	free(bs);
	return rc;
}
