/*
 * site.c: the static catalog site (see site.h for the paths).
 *
 * Shape of the work.  Setup (one thread) assigns every provider and
 * build its safe name, loads the templates once and counts what the
 * index and build pages need.  Then N worker threads take jobs from
 * one counter: the catalog JSON first (the largest single file), then
 * one job per provider (its event pages, their JSON, the provider page
 * and its downloads), then the build pages, the index and the search
 * index.  Each page is rendered into the worker's buffer, compared
 * with the same file of the previous site, and written (or hard-linked
 * from the previous site when unchanged) under DIR.tmp.<pid>.  Nothing
 * grows with the catalog but the catalog itself: a page's strings live
 * in a per-page pool that is reset after it.
 *
 * Every value a page shows is put in a view struct here and reaches
 * the HTML only through the template engine, which escapes it; the
 * only values marked as HTML are the notes (cmark output in safe
 * mode).  Paths are built from safe names (html_safe_name) and
 * numbers only, under the temporary folder: nothing is written outside
 * it, and it becomes DIR.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "etwcat.h"
#include "drift.h"
#include "embedded.h"
#include "html.h"
#include "jsonw.h"
#include "model.h"
#include "msgfmt.h"
#include "notes.h"
#include "rules.h"
#include "site.h"
#include "template.h"

/* render/export_tsv.c: one schema as a TSV file. */
void	 ecat_export_tsv_schema(const struct ecat_pschema *, struct ecat_buf *);

#define SITE_NAME	"ETW provider catalog"
#define MARKER		".etwcat-site"

/* ---------------------------------------------------------- vocabulary */

/*
 * Every name a template may use.  X(id, "name", flags).  The classes
 * below answer the ids that make sense for their object; anything else
 * is looked up in the enclosing objects.
 */
#define VOCAB \
	X(ROOT, "root", 0) X(PAGE_TITLE, "page_title", 0) \
	X(CANONICAL, "canonical", 0) X(SITE_NAME_V, "site_name", 0) \
	X(GENERATOR, "generator", 0) X(NPROVIDERS, "nproviders", 0) \
	X(NBUILDS, "nbuilds", 0) X(NEVENT_PAGES, "nevent_pages", 0) \
	X(NKEYS, "nkeys", 0) X(BUILDS, "builds", 0) \
	X(PROVIDERS, "providers", 0) X(PROVIDER, "provider", 0) \
	X(EVENT, "event", 0) X(BUILD, "build", 0) X(NAME, "name", 0) \
	X(HREF, "href", 0) X(DIRNAME, "dir", 0) X(GUID, "guid", 0) \
	X(BINARY, "binary", 0) X(NEVENTS, "nevents", 0) \
	X(NCHANNELS, "nchannels", 0) X(SUMMARY, "summary", 0) \
	X(BUILDS_PRESENT, "builds_present", 0) \
	X(NBUILDS_PRESENT, "nbuilds_present", 0) \
	X(FIRST_BUILD, "first_build", 0) X(LAST_BUILD, "last_build", 0) \
	X(MOF, "mof", 0) X(EVENTS, "events", 0) X(CHANNELS, "channels", 0) \
	X(KEYWORDS, "keywords", 0) X(TASKS, "tasks", 0) \
	X(NOTE, "note", TPL_VOCAB_HTML) X(JSON_HREF, "json_href", 0) \
	X(TSV_HREF, "tsv_href", 0) X(TSV_BUILD, "tsv_build", 0) \
	X(ID, "id", 0) X(DISPLAY_NAME, "display_name", 0) \
	X(TITLE, "title", 0) X(CHANNEL, "channel", 0) X(LEVEL, "level", 0) \
	X(VERSIONS, "versions", 0) X(SAMPLE, "sample", 0) \
	X(NVERSIONS, "nversions", 0) X(VALUE, "value", 0) \
	X(TYPE, "type", 0) X(MESSAGE, "message", 0) X(MULTI, "multi", 0) \
	X(HIST_VERSIONS, "hist_versions", 0) X(HIST_ROWS, "hist_rows", 0) \
	X(DRIFT, "drift", 0) X(NDRIFT, "ndrift", 0) X(VERSION, "version", 0) \
	X(ANCHOR, "anchor", 0) X(DESCRIPTION, "description", 0) \
	X(ALSO_VIA, "also_via", 0) X(TASK, "task", 0) X(OPCODE, "opcode", 0) \
	X(EVENT_NAME, "event_name", 0) X(FIELDS, "fields", 0) \
	X(NFIELDS, "nfields", 0) X(VERBATIM, "verbatim", 0) \
	X(ALT_SHAPES, "alt_shapes", 0) X(EXAMPLE, "example", 0) \
	X(PROVENANCE, "provenance", 0) X(SCHEMA_BUILD, "schema_build", 0) \
	X(SCHEMA_SOURCE, "schema_source", 0) \
	X(SCHEMA_FILE, "schema_file", 0) X(SCHEMA_LINE, "schema_line", 0) \
	X(NEWEST, "newest", 0) X(INDEX, "index", 0) X(INTYPE, "intype", 0) \
	X(OUTTYPE, "outtype", 0) X(MAP, "map", 0) X(KNOWN, "known", 0) \
	X(NKNOWN, "nknown", 0) X(MANY_KNOWN, "many_known", 0) \
	X(BITMAP, "bitmap", 0) X(REFS, "refs", 0) X(SIZES, "sizes", 0) \
	X(SIZED_BY, "sized_by", 0) X(MEMBERS, "members", 0) \
	X(TEXT, "text", 0) X(LABEL, "label", 0) X(URL, "url", 0) \
	X(BY_NAME, "by_name", 0) X(JSON, "json", 0) X(FILE_V, "file", 0) \
	X(LINE, "line", 0) X(CLEAN, "clean", 0) X(FINDINGS, "findings", 0) \
	X(NFINDINGS, "nfindings", 0) X(SEVERITY, "severity", 0) \
	X(FIELD, "field", 0) X(BUILD_HREF, "build_href", 0) X(HOW, "how", 0) \
	X(FILE_VERSION, "file_version", 0) \
	X(CAPTURE_DATE, "capture_date", 0) X(COPIED_FROM, "copied_from", 0) \
	X(NSAMPLES, "nsamples", 0) X(CELLS, "cells", 0) X(MARK, "mark", 0) \
	X(FROM, "from", 0) X(TO, "to", 0) X(FROM_HREF, "from_href", 0) \
	X(TO_HREF, "to_href", 0) X(CLASS, "class", 0) X(HELP, "help", 0) \
	X(BEFORE, "before", 0) X(AFTER, "after", 0) \
	X(EVENT_HREF, "event_href", 0) X(PROVIDER_HREF, "provider_href", 0) \
	X(ACCEPTED, "accepted", 0) X(OS_FAMILY, "os_family", 0) \
	X(BUILD_NUMBER, "build_number", 0) X(REVISION, "revision", 0) \
	X(VERSION_STRING, "version_string", 0) X(PREV, "prev", 0) \
	X(NEXT, "next", 0) X(SOURCES, "sources", 0) \
	X(NCHANGES, "nchanges", 0) X(CHANGES, "changes", 0) \
	X(NBREAKING, "nbreaking", 0) X(FACTS, "facts", 0) \
	X(OBTAINED, "obtained", 0) X(HAS_TABLES, "has_tables", 0) \
	X(NOTES_FILE, "notes_file", 0) X(IS_HOME, "is_home", 0) \
	X(SEARCH_JS, "search_js", 0) X(NBUILDS_SCHEMA, "nbuilds_schema", 0) \
	X(HAS_SCHEMA, "has_schema", 0) X(PRESENT, "present", 0) \
	X(ADDED, "added", 0) X(REMOVED, "removed", 0) \
	X(CHANGES_MORE, "changes_more", 0) \
	X(HAS_CHANNELS, "has_channels", 0) \
	X(HAS_KEYWORDS, "has_keywords", 0) X(HAS_TASKS, "has_tasks", 0) \
	X(HAS_FIELDS, "has_fields", 0) X(HAS_FACTS, "has_facts", 0) \
	X(MESSAGE_BUILD, "message_build", 0) X(MEMBER, "member", 0) \
	X(RULES, "rules", 0) X(NRULES, "nrules", 0) X(USES, "uses", 0) \
	X(MODIFIERS, "modifiers", 0) X(AUTHOR, "author", 0) \
	X(STATUS, "status", 0) X(RULE_PATH, "rule_path", 0)

enum vid {
#define X(id, name, fl)	V_##id,
	VOCAB
#undef X
	V__MAX
};

static const struct tpl_vocab vocab[] = {
#define X(id, name, fl)	{ name, V_##id, fl },
	VOCAB
#undef X
};

/* ---------------------------------------------------------------- pool */

/* One page's strings and views: a pool (alloc.h) reset after the page. */
#define PNEW(p, type, n)	((type *)ecat_pool_alloc((p), sizeof(type) * (size_t)(n)))

static char *
S_pstr(struct ecat_pool *p, const char *s)
{
	return s == NULL ? NULL : ecat_pool_strn(p, s, strlen(s));
}

static char *
S_pprintf(struct ecat_pool *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static char *
S_pprintf(struct ecat_pool *p, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[512], *r;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return S_pstr(p, "");
	if ((size_t)n < sizeof(buf))
		return ecat_pool_strn(p, buf, (size_t)n);
	r = ecat_pool_alloc(p, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(r, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return r;
}

/* A growable pointer array in a pool. */
struct pvec {
	void		**v;
	size_t		 n, cap;
};

static void
S_vpush(struct ecat_pool *p, struct pvec *a, void *x)
{
	void	**nv;

	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		nv = ecat_pool_alloc(p, a->cap * sizeof(void *));
		if (a->n > 0)
			memcpy(nv, a->v, a->n * sizeof(void *));
		a->v = nv;
	}
	a->v[a->n++] = x;
}

/* ------------------------------------------------------- site and jobs */

/* What the index, build pages and search need about a provider. */
struct pinfo {
	const struct ecat_provider *p;
	uint32_t	 idx;		/* in cat->providers */
	const char	*safe;		/* its folder name */
	const char	*href;		/* providers/<safe>/index.html */
	uint32_t	 nids;		/* event pages */
	uint32_t	 first, last;	/* build indexes where present */
	uint32_t	 nbuilds;	/* builds with a schema or sample */
	uint32_t	 nchannels;	/* distinct channels of its events */
};

struct site {
	struct ecat_catalog		*cat;
	const struct ecat_site_opts	*o;
	struct tpl_set			*tpls;
	const struct tpl		*t_index, *t_provider, *t_event;
	const struct tpl		*t_build;
	char				*tpldir;	/* NULL: the embedded set */
	char				*dir;	/* DIR, no trailing '/' */
	char				*tmp;	/* DIR.tmp.<pid> */
	int				 have_old; /* DIR holds a site */
	char				**psafe;
	char				**bsafe;
	char				**bhref;	/* builds/<safe>/index.html */
	struct pinfo			*pinfo;
	/* [build][provider]: keys present, or 0; sources (1 << kind) */
	uint32_t			*bpcount;
	uint8_t				*bpmask;
	uint32_t			 nids;	/* event pages in all */
	uint64_t			 nkeys;	/* (id, version) keys */
	/* Drift findings by build they lead to, in catalog order. */
	size_t				*dstart;	/* nbuilds + 1 */
	const struct ecat_drift		**dbyto;

	pthread_mutex_t			 lock;
	size_t				 next;	/* next job */
	size_t				 njobs;
	size_t				 done;	/* providers done */
	int				 failed;
	int				 err;	/* errno of the first failure */
	char				*errpath;
	/* The first failure was a page stopped at the template limits
	   (template.h): errpath is the page, limtpl its template. */
	char				*limtpl;
	struct ecat_site_stats		 st;
};

/* A worker's buffers, reused from page to page. */
struct worker {
	struct site	*s;
	struct ecat_buf	 out;
	struct ecat_buf	 json;		/* an event's JSON */
	struct ecat_buf	 pjson;		/* a provider's JSON */
	struct ecat_pool	 page;		/* one page's views */
	struct ecat_pool	 prov;		/* one provider's views */
	char		*cmp;		/* a previous file, to compare */
	size_t		 cmpcap;
	struct ecat_site_stats st;
};

/*
 * Record the build's first failure: errno err at path, or, with tpl
 * set, a page (path) whose render stopped at the template engine's
 * limits (template.h): a template, from --templates say, that includes
 * itself or nests sections without end.  Either way no page more is
 * written and the previous site stays.
 */
static void
S_failx(struct site *s, const char *path, int err, const char *tpl)
{
	pthread_mutex_lock(&s->lock);
	if (!s->failed) {
		s->failed = 1;
		s->err = err;
		s->errpath = ecat_strdup(path);
		s->limtpl = tpl != NULL ? ecat_strdup(tpl) : NULL;
	}
	pthread_mutex_unlock(&s->lock);
}

static void
S_fail(struct site *s, const char *path, int err)
{
	S_failx(s, path, err, NULL);
}

/* ----------------------------------------------------------- writing */

static int
S_writeall(int fd, const char *b, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, b, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Does the previous site hold exactly these bytes at rel?  1 or 0. */
static int
S_same(struct worker *w, const char *old, const char *b, size_t n)
{
	struct stat	 st;
	ssize_t		 r;
	size_t		 got = 0;
	int		 fd, same = 0;

	if ((fd = open(old, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uintmax_t)st.st_size == n) {
		if (w->cmpcap < n + 1) {
			w->cmpcap = n + 1;
			free(w->cmp);
			w->cmp = ecat_malloc(w->cmpcap);
		}
		while (got < n) {
			r = read(fd, w->cmp + got, n - got);
			if (r == -1 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		same = got == n && memcmp(w->cmp, b, n) == 0;
	}
	close(fd);
	return same;
}

/*
 * Copy old to new keeping its mtime: for file systems where link(2)
 * is refused.  Returns 0 or -1.
 */
static int
S_copykeep(const char *old, const char *new, const char *b, size_t n)
{
	struct stat	 st;
	struct timespec	 ts[2];
	int		 fd;

	if (stat(old, &st) == -1)
		return -1;
	if ((fd = open(new, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) == -1)
		return -1;
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	if (S_writeall(fd, b, n) == -1 || futimens(fd, ts) == -1) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Copy old to new whole, keeping its mtime.  Returns 0 or -1. */
static int
S_copyfile(const char *old, const char *new)
{
	struct stat	 st;
	struct timespec	 ts[2];
	char		*buf;
	ssize_t		 r;
	int		 in, out, rc = 0;

	if ((in = open(old, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(in, &st) == -1 || (out = open(new, O_WRONLY | O_CREAT |
	    O_EXCL | O_CLOEXEC, 0666)) == -1) {
		close(in);
		return -1;
	}
	buf = ecat_malloc(1 << 20);
	while ((r = read(in, buf, 1 << 20)) != 0)
		if (r == -1 ? errno != EINTR :
		    S_writeall(out, buf, (size_t)r) == -1) {
			rc = -1;
			break;
		}
	free(buf);
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	if (futimens(out, ts) == -1)
		rc = -1;
	close(in);
	if (close(out) == -1)
		rc = -1;
	return rc;
}

/*
 * Write b (n bytes) as rel (relative to the site root) into the new
 * site.  A file the previous site holds with the same bytes is linked
 * from it, so its mtime stays and re-publishing copies only what
 * changed.  Returns 0, or -1 after recording the failure.
 */
static int
S_emit(struct worker *w, const char *rel, const char *b, size_t n)
{
	struct site	*s = w->s;
	char		 new[PATH_MAX], old[PATH_MAX];
	int		 fd;

	if ((size_t)snprintf(new, sizeof(new), "%s/%s", s->tmp, rel) >=
	    sizeof(new)) {
		S_fail(s, rel, ENAMETOOLONG);
		return -1;
	}
	w->st.files++;
	w->st.bytes += n;
	if (s->have_old) {
		snprintf(old, sizeof(old), "%s/%s", s->dir, rel);
		if (S_same(w, old, b, n) && (link(old, new) == 0 ||
		    S_copykeep(old, new, b, n) == 0)) {
			w->st.unchanged++;
			return 0;
		}
	}
	if ((fd = open(new, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) == -1 || S_writeall(fd, b, n) == -1) {
		S_fail(s, new, errno);
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (close(fd) == -1) {
		S_fail(s, new, errno);
		return -1;
	}
	return 0;
}

static int
S_mkdir(struct site *s, const char *rel)
{
	char	 p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", s->tmp, rel);
	if (mkdir(p, 0777) == -1 && errno != EEXIST) {
		S_fail(s, p, errno);
		return -1;
	}
	return 0;
}

/* A FILE writing into an ecat_buf, for the JSON writer. */
static ssize_t
S_bufwrite(void *cookie, const char *b, size_t n)
{
	ecat_buf_put(cookie, b, n);
	return (ssize_t)n;
}

static FILE *
S_buffile(struct ecat_buf *b)
{
	cookie_io_functions_t	 io = { NULL, S_bufwrite, NULL, NULL };
	FILE			*f;

	if ((f = fopencookie(b, "w", io)) == NULL)
		return NULL;
	/* Only this thread writes it: no locking per character. */
	__fsetlocking(f, FSETLOCKING_BYCALLER);
	return f;
}

/* ------------------------------------------------------------ helpers */

static const char *const kindname[ECAT_SRC__MAX] = {
	"registered manifest", "TSV export", "captured sample"
};

/* How an occurrence was obtained, in the seed pages' words. */
static const char *const howtext[ECAT_SRC__MAX] = {
	"schema read from the registered manifest",
	"schema from a TSV export",
	"captured sample"
};

/* The build.json facts about (build, provider) for a way obtained. */
static const struct ecat_bprov *
S_bprov(const struct ecat_build *b, const char *provider, int kind)
{
	const struct ecat_bprov	*any = NULL;
	uint32_t		 i;

	for (i = 0; i < b->nbprov; i++) {
		if (b->bprov[i].provider == NULL ||
		    strcmp(b->bprov[i].provider, provider) != 0)
			continue;
		if (kind >= 0 && b->bprov[i].obtained != NULL &&
		    strcmp(b->bprov[i].obtained, kindname[kind]) == 0)
			return &b->bprov[i];
		if (any == NULL)
			any = &b->bprov[i];
	}
	return kind >= 0 ? NULL : any;
}

/* "win:Informational" → "Informational". */
static const char *
S_unprefix(const char *s)
{
	const char	*c;

	if (s == NULL)
		return NULL;
	return (c = strchr(s, ':')) != NULL && c[1] != '\0' ? c + 1 : s;
}

/*
 * The event that represents a key: from the newest build that
 * describes it, a manifest before a TSV export (a manifest carries
 * maps, lengths and outTypes a TSV export has lost).
 */
static const struct ecat_event *
S_repr(const struct ecat_evkey *k, const struct ecat_occ **op)
{
	const struct ecat_occ	*best = NULL, *o;
	uint32_t		 i;

	for (i = k->nocc; i-- > 0; ) {
		o = &k->occ[i];
		if (o->event == NULL)
			continue;
		if (best != NULL && o->build != best->build)
			break;
		if (best == NULL || (best->kind != ECAT_SRC_MANIFEST &&
		    o->kind == ECAT_SRC_MANIFEST))
			best = o;
	}
	if (op != NULL)
		*op = best;
	return best != NULL ? best->event : NULL;
}

static const struct ecat_shape *
S_shape(const struct ecat_event *e)
{
	return e != NULL && e->tmpl != NULL ? e->tmpl->shape : NULL;
}

/*
 * A one-line title: the message with inserts replaced by field names
 * (as the seed pages title events), else the TSV event name, else
 * task and opcode, else "Event N".  Written into the pool.
 */
static const char *
S_title(struct ecat_pool *p, const struct ecat_event *e, struct ecat_buf *tmp)
{
	const struct ecat_shape	*sh = S_shape(e);
	struct ecat_msgfmt	*mf;

	if (e == NULL)
		return NULL;
	ecat_buf_reset(tmp);
	if (e->message != NULL && e->message[0] != '\0') {
		mf = ecat_msgfmt_parses(e->message);
		ecat_msgfmt_title(mf, tmp, sh != NULL ? sh->fields : NULL,
		    sh != NULL ? sh->nfields : 0, 0);
		ecat_msgfmt_free(mf);
		if (tmp->len > 0)
			return ecat_pool_strn(p, tmp->buf, tmp->len);
	}
	if (e->mof_desc != NULL && e->mof_desc[0] != '\0')
		return S_pstr(p, e->mof_desc);
	if (e->name != NULL && e->name[0] != '\0')
		return S_pstr(p, e->name);
	if (e->task_name != NULL || e->opcode_name != NULL)
		return S_pprintf(p, "%s%s%s",
		    e->task_name ? S_unprefix(e->task_name) : "",
		    e->task_name && e->opcode_name ? " " : "",
		    e->opcode_name ? S_unprefix(e->opcode_name) : "");
	if (e->symbol != NULL)
		return S_pstr(p, e->symbol);
	return NULL;
}

/* The relative path from a page at depth d to the site root. */
static const char *
S_root(int depth)
{
	static const char *const roots[] = { "", "../", "../../",
	    "../../../", "../../../../" };

	return roots[depth < 0 ? 0 : depth > 4 ? 4 : depth];
}

/* --------------------------------------------------------------- views */

/* The object every page starts from (tpl_render's ud, too). */
struct page {
	struct site			*s;
	const char			*root;
	const char			*title;
	const char			*canonical;
	int				 is_home;
	const struct provview		*prov;
	const struct evpage		*ev;
	const struct buildview		*build;
	struct ecat_buf			*tmp;
};

struct named {
	const char	*name, *value, *type, *message;
	uint64_t	 v;		/* value, for sorting */
	int		 hasv;
};

struct evrow {
	uint32_t	 id;
	const char	*href, *title, *channel, *level, *versions;
	const char	*first, *last;
	int		 sample;
	uint32_t	 nversions;
};

struct provview {
	const struct pinfo		*pi;
	const struct ecat_provider	*p;
	uint32_t			 idx;
	const char			*summary;
	const char			*binary;
	const char			*json_href, *tsv_href, *tsv_build;
	struct pvec			 rows;		/* struct evrow */
	struct pvec			 channels;	/* struct named */
	struct pvec			 keywords;
	struct pvec			 tasks;
	struct pvec			 present;	/* ecat_build */
};

struct known {
	const char	*value, *text;
};

struct ref {
	const char	*label, *url;
	int		 by_name;
};

struct fieldview {
	const char		*name, *anchor, *intype, *outtype, *map;
	uint32_t		 index;
	struct known		*known;
	uint32_t		 nknown;
	int			 bitmap;
	struct ref		*refs;
	uint32_t		 nrefs;
	const char		*sizes, *sized_by;
	struct fieldview	*members;
	uint32_t		 nmembers;
	int			 member;	/* of a struct field */
	uint32_t		 nrules;	/* Sigma rules matching on it */
};

struct altshape {
	const struct ecat_shape	*shape;
	const struct ecat_build	*lastb;
	const char		*buildtext;
	struct fieldview	*fields;
	uint32_t		 nfields;
	const char		*verbatim;
};

struct provline {
	const struct ecat_build	*b;
	const char		*how, *file_version, *copied_from;
	uint32_t		 nsamples;
};

struct verview {
	const struct ecat_evkey		*k;
	const struct ecat_event		*e;
	const struct ecat_occ		*occ;	/* where e is from */
	/* The event whose message is shown: e, or the newest occurrence
	   with a message (a TSV export often has none, perfview#1067). */
	const struct ecat_event		*me;
	const struct ecat_build		*mbuild;	/* when not e's */
	const char			*anchor, *title, *description;
	const char			*channel, *also_via, *level, *task;
	const char			*opcode, *keywords, *event_name;
	struct fieldview		*fields;
	uint32_t			 nfields;
	const char			*verbatim;
	struct pvec			 alts;	/* struct altshape */
	struct provline			*prov;
	uint32_t			 nprov;
	int				 newest;
};

struct cell {
	const char	*mark;
};

struct hrow {
	const struct ecat_build	*b;
	struct cell		*cells;
	uint32_t		 ncells;
};

struct evpage {
	uint32_t			 id;
	const char			*title, *href, *json_href;
	struct verview			**vers;	/* newest version first */
	uint32_t			 nvers;
	const struct ecat_evkey		**keys;	/* oldest version first */
	struct hrow			*rows;
	uint32_t			 nrows;
	const struct ecat_drift		**drift;
	size_t				 ndrift;
	const char			*note;
};

struct bprovrow {
	const struct pinfo	*pi;
	uint32_t		 nkeys;
	const char		*sources;
};

struct buildview {
	const struct ecat_build		*b;
	const struct ecat_build		*prev, *next;
	struct bprovrow			*rows;
	uint32_t			 nrows;
	uint32_t			 nkeys;
	const struct ecat_drift		**changes;
	size_t				 nchanges;
	size_t				 nbreaking;
};

#define VSTR(v, str)	do { (v)->kind = TPL_STR; (v)->s = (str); \
	(v)->len = TPL_STRLEN; } while (0)
#define VINT(v, n)	do { (v)->kind = TPL_INT; (v)->i = (int64_t)(n); \
	} while (0)
/* A count, false when 0 so that {{#nfields}} can guard a table. */
#define VCOUNT(v, n)	do { if ((n) > 0) VINT(v, n); else VBOOL(v, 0); \
	} while (0)
#define VBOOL(v, b)	do { (v)->kind = (b) ? TPL_TRUE : TPL_FALSE; \
	} while (0)
#define VLIST(v, c, l, cnt) do { (v)->kind = TPL_LIST; (v)->cls = (c); \
	(v)->obj = (l); (v)->n = (cnt); } while (0)
#define VOBJ(v, c, o)	do { (v)->kind = (o) != NULL ? TPL_OBJ : TPL_FALSE; \
	(v)->cls = (c); (v)->obj = (o); } while (0)

/*
 * Most values are a member of the view as it is.  A table per class
 * says which member answers which name and how (struct vfield), and
 * S_vget() reads it, so a getter holds only what it computes: values
 * formatted into scratch, reached through another pointer that may be
 * NULL, or depending on ud.  A table is indexed by the name's id (a
 * designated initializer; the names not given are VK_NONE), so a name
 * an object does not have costs a load and a test, close to what the
 * switch it replaced cost.  Most names are asked of several objects
 * before one answers: scanning a short table of entries instead made
 * tpl_render() a quarter slower (callgrind).  The price is 2.3 KB a
 * table, mostly zeros.
 */
enum vkind {
	VK_NONE = 0,	/* not in this table */
	VK_STR,		/* const char *, written escaped (VSTR) */
	VK_HTML,	/* const char *, etwcat's HTML; NULL is false */
	VK_INT,		/* an integer as it is (VINT) */
	VK_COUNT,	/* an unsigned integer, false when 0 (VCOUNT) */
	VK_BOOL,	/* an integer, true when not 0 */
	VK_LIST,	/* items: a pointer and a count member (VLIST) */
	VK_OBJ		/* a pointer to an object, NULL is false (VOBJ) */
};

/*
 * The type of the member read: a pointer, or an integer type; for
 * VK_LIST the count's (its pointer is read as a pointer).
 */
enum vtype {
	VT_PTR,		/* VK_STR, VK_HTML, VK_OBJ */
	VT_U16,
	VT_U32,
	VT_SIZE,
	VT_INT
};

struct vfield {
	uint8_t			 kind;	/* enum vkind */
	uint8_t			 type;	/* enum vtype */
	uint16_t		 off;	/* offsetof the member */
	uint16_t		 noff;	/* VK_LIST: offsetof the count */
	const struct tpl_class	*cls;	/* VK_LIST, VK_OBJ */
};

/*
 * The type of a member, checked when compiling: a member of any other
 * type than these is an error rather than a value read wrongly.  A
 * count (and a list's length) must be unsigned, as VCOUNT's "> 0" is
 * then "not 0".
 */
#define VT_STRM(T, m)	_Generic(((const struct T *)0)->m, \
	const char *: VT_PTR)
#define VT_UNS(T, m)	_Generic(((const struct T *)0)->m, \
	uint16_t: VT_U16, uint32_t: VT_U32, size_t: VT_SIZE)
#define VT_NUM(T, m)	_Generic(((const struct T *)0)->m, \
	uint16_t: VT_U16, uint32_t: VT_U32, size_t: VT_SIZE, int: VT_INT)

/*
 * Entries, as [V_<name>] = VF_...(T, m): the class's struct T answers
 * the name with its member m.  A name given twice in a table draws
 * -Woverride-init's warning (-Wextra).
 */
#define VF_STR(T, m) \
	{ VK_STR, VT_STRM(T, m), offsetof(struct T, m), 0, NULL }
#define VF_HTML(T, m) \
	{ VK_HTML, VT_STRM(T, m), offsetof(struct T, m), 0, NULL }
#define VF_INT(T, m) \
	{ VK_INT, VT_NUM(T, m), offsetof(struct T, m), 0, NULL }
#define VF_COUNT(T, m) \
	{ VK_COUNT, VT_UNS(T, m), offsetof(struct T, m), 0, NULL }
#define VF_BOOL(T, m) \
	{ VK_BOOL, VT_NUM(T, m), offsetof(struct T, m), 0, NULL }
#define VF_LIST(T, m, n, c) \
	{ VK_LIST, VT_UNS(T, n), offsetof(struct T, m), \
	  offsetof(struct T, n), (c) }
#define VF_OBJ(T, m, c) \
	{ VK_OBJ, VT_PTR, offsetof(struct T, m), 0, (c) }

/* The integer member at p, of type t (enum vtype). */
static int64_t
S_vnum(const char *p, int t)
{
	uint16_t	 u16;
	uint32_t	 u32;
	size_t		 z;
	int		 i;

	switch (t) {
	case VT_U16:
		memcpy(&u16, p, sizeof(u16));
		return u16;
	case VT_U32:
		memcpy(&u32, p, sizeof(u32));
		return u32;
	case VT_SIZE:
		memcpy(&z, p, sizeof(z));
		return (int64_t)z;
	default:
		memcpy(&i, p, sizeof(i));
		return i;
	}
}

/*
 * Fill v from the entry f of a table for obj (but VK_STR, which
 * S_vget() writes itself).  Pointers are copied out with memcpy, as
 * the members' types are many (char, view and list pointers) and the
 * table knows none of them.
 */
static void
S_vfill(const struct vfield *f, const void *obj, struct tpl_val *v)
{
	const char		*p;
	const void		*ptr;
	int64_t			 i;

	p = (const char *)obj + f->off;
	switch (f->kind) {
	case VK_HTML:
		memcpy(&ptr, p, sizeof(ptr));
		if (ptr != NULL) {
			v->kind = TPL_HTML;
			v->s = ptr;
			v->len = TPL_STRLEN;
		} else
			VBOOL(v, 0);
		break;
	case VK_INT:
		VINT(v, S_vnum(p, f->type));
		break;
	case VK_COUNT:
		i = S_vnum(p, f->type);
		if (i != 0)
			VINT(v, i);
		else
			VBOOL(v, 0);
		break;
	case VK_BOOL:
		VBOOL(v, S_vnum(p, f->type) != 0);
		break;
	case VK_LIST:
		memcpy(&ptr, p, sizeof(ptr));
		VLIST(v, f->cls, ptr, (size_t)S_vnum((const char *)obj +
		    f->noff, f->type));
		break;
	case VK_OBJ:
		memcpy(&ptr, p, sizeof(ptr));
		VOBJ(v, f->cls, ptr);
		break;
	default:
		abort();
	}
}

/*
 * Fill v as the table t says for id in obj: 1, or 0 when the table
 * has no such name and the caller may go on.  Kept this small so that
 * it is inlined: most names asked of an object are not its own.
 */
static int
S_vget(const struct vfield t[V__MAX], const void *obj, int id,
    struct tpl_val *v)
{
	const struct vfield	*f;
	const void		*s;

	if ((unsigned)id >= V__MAX || (f = &t[id])->kind == VK_NONE)
		return 0;
	/* Text is most of what is asked: no call for it. */
	if (f->kind == VK_STR) {
		memcpy(&s, (const char *)obj + f->off, sizeof(s));
		VSTR(v, s);
	} else
		S_vfill(f, obj, v);
	return 1;
}

/*
 * A class whose every value is in its table name_vf: the getter is
 * the table's, and item the list's (NULL: never in a list).
 */
#define VCLASS(name, item)						\
static void								\
S_##name##_get(const void *obj, int id, struct tpl_val *v,		\
    char *scratch, void *ud)						\
{									\
	(void)scratch;							\
	(void)ud;							\
	S_vget(name##_vf, obj, id, v);					\
}									\
static const struct tpl_class name##_cls = { S_##name##_get, item }

static const void *
S_item_ptr(const void *list, size_t i, void *ud)
{
	(void)ud;
	return ((const void *const *)list)[i];
}

static const struct tpl_class bref_cls, pinfo_cls, provview_cls;
static const struct tpl_class evrow_cls, named_cls, evpage_cls;
static const struct tpl_class ver_cls, field_cls, known_cls, ref_cls;
static const struct tpl_class alt_cls, example_cls, finding_cls, rule_cls;
static const struct tpl_class provline_cls, hver_cls, hrow_cls, cell_cls;
static const struct tpl_class drift_cls, buildview_cls, bprovrow_cls;
static const struct tpl_class fact_cls, ruse_cls;

static const char *
S_bhref(const struct site *s, const struct ecat_build *b)
{
	return b != NULL ? s->bhref[b->index] : NULL;
}

/* Builds: every build as a link; the list is the catalog's array. */
static const void *
S_item_build(const void *list, size_t i, void *ud)
{
	(void)ud;
	return ((struct ecat_build *const *)list)[i];
}

static const struct vfield bref_vf[V__MAX] = {
	[V_ID] = VF_STR(ecat_build, id),
	[V_NAME] = VF_STR(ecat_build, id),
	[V_DISPLAY_NAME] = VF_STR(ecat_build, display_name),
	[V_CAPTURE_DATE] = VF_STR(ecat_build, capture_date),
	[V_REVISION] = VF_STR(ecat_build, revision),
	[V_OS_FAMILY] = VF_STR(ecat_build, os_family),
	[V_BUILD_NUMBER] = VF_COUNT(ecat_build, build_number), /* 0: unknown */
};

static void
S_bref_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct page	*pg = ud;

	(void)scratch;
	if (S_vget(bref_vf, obj, id, v))
		return;
	if (id == V_HREF || id == V_BUILD_HREF)
		VSTR(v, S_bhref(pg->s, obj));
}

static const struct tpl_class bref_cls = { S_bref_get, S_item_build };

/* The index's provider rows. */
static const void *
S_item_pinfo(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct pinfo *)list)[i];
}

static const struct vfield pinfo_vf[V__MAX] = {
	[V_HREF] = VF_STR(pinfo, href),
	[V_PROVIDER_HREF] = VF_STR(pinfo, href),
	[V_DIRNAME] = VF_STR(pinfo, safe),
	[V_NEVENTS] = VF_INT(pinfo, nids),
	[V_NCHANNELS] = VF_INT(pinfo, nchannels),
	[V_NBUILDS_PRESENT] = VF_COUNT(pinfo, nbuilds),
};

/* What a provider row shows of the provider itself (pinfo->p). */
static const struct vfield provider_vf[V__MAX] = {
	[V_NAME] = VF_STR(ecat_provider, name),
	[V_GUID] = VF_STR(ecat_provider, guid),
	[V_NKEYS] = VF_INT(ecat_provider, nkeys),
	[V_MOF] = VF_BOOL(ecat_provider, mof),
};

static void
S_pinfo_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct pinfo	*pi = obj;
	const struct page	*pg = ud;
	const struct ecat_catalog *cat = pg->s->cat;

	(void)scratch;
	if (S_vget(pinfo_vf, pi, id, v) || S_vget(provider_vf, pi->p, id, v))
		return;
	if (id == V_FIRST_BUILD)
		VSTR(v, pi->nbuilds ? cat->builds[pi->first]->id : NULL);
	else if (id == V_LAST_BUILD)
		VSTR(v, pi->nbuilds ? cat->builds[pi->last]->id : NULL);
}

static const struct tpl_class pinfo_cls = { S_pinfo_get, S_item_pinfo };

static const struct vfield provview_vf[V__MAX] = {
	[V_SUMMARY] = VF_STR(provview, summary),
	[V_BINARY] = VF_STR(provview, binary),
	[V_BUILDS_PRESENT] = VF_LIST(provview, present.v, present.n, &bref_cls),
	[V_EVENTS] = VF_LIST(provview, rows.v, rows.n, &evrow_cls),
	[V_CHANNELS] = VF_LIST(provview, channels.v, channels.n, &named_cls),
	[V_KEYWORDS] = VF_LIST(provview, keywords.v, keywords.n, &named_cls),
	[V_TASKS] = VF_LIST(provview, tasks.v, tasks.n, &named_cls),
	[V_HAS_CHANNELS] = VF_BOOL(provview, channels.n),
	[V_HAS_KEYWORDS] = VF_BOOL(provview, keywords.n),
	[V_HAS_TASKS] = VF_BOOL(provview, tasks.n),
	[V_JSON_HREF] = VF_STR(provview, json_href),
	[V_TSV_HREF] = VF_STR(provview, tsv_href),
	[V_TSV_BUILD] = VF_STR(provview, tsv_build),
};

static void
S_provview_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct provview	*pv = obj;

	if (S_vget(provview_vf, pv, id, v))
		return;
	switch (id) {
	case V_HAS_TABLES:
		VBOOL(v, pv->channels.n + pv->keywords.n + pv->tasks.n > 0);
		break;
	case V_NOTE:
		if (pv->p->note_html != NULL) {
			v->kind = TPL_HTML;
			v->s = pv->p->note_html;
			v->len = TPL_STRLEN;
		} else
			VBOOL(v, 0);
		break;
	default:
		S_pinfo_get(pv->pi, id, v, scratch, ud);
		break;
	}
}

static const struct tpl_class provview_cls = { S_provview_get, S_item_ptr };

static const struct vfield evrow_vf[V__MAX] = {
	[V_ID] = VF_INT(evrow, id),
	[V_HREF] = VF_STR(evrow, href),
	[V_EVENT_HREF] = VF_STR(evrow, href),
	[V_TITLE] = VF_STR(evrow, title),
	[V_CHANNEL] = VF_STR(evrow, channel),
	[V_LEVEL] = VF_STR(evrow, level),
	[V_VERSIONS] = VF_STR(evrow, versions),
	[V_NVERSIONS] = VF_INT(evrow, nversions),
	[V_FIRST_BUILD] = VF_STR(evrow, first),
	[V_LAST_BUILD] = VF_STR(evrow, last),
	[V_SAMPLE] = VF_BOOL(evrow, sample),
};

VCLASS(evrow, S_item_ptr);

static const struct vfield named_vf[V__MAX] = {
	[V_NAME] = VF_STR(named, name),
	[V_VALUE] = VF_STR(named, value),
	[V_TYPE] = VF_STR(named, type),
	[V_MESSAGE] = VF_STR(named, message),
};

VCLASS(named, S_item_ptr);

static const void *
S_item_field(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct fieldview *)list)[i];
}

static const void *
S_item_known(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct known *)list)[i];
}

static const void *
S_item_ref(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct ref *)list)[i];
}

static const struct vfield fieldview_vf[V__MAX] = {
	[V_NAME] = VF_STR(fieldview, name),
	[V_ANCHOR] = VF_STR(fieldview, anchor),
	[V_INDEX] = VF_INT(fieldview, index),
	[V_NRULES] = VF_COUNT(fieldview, nrules),
	[V_INTYPE] = VF_STR(fieldview, intype),
	[V_OUTTYPE] = VF_STR(fieldview, outtype),
	[V_MAP] = VF_STR(fieldview, map),
	[V_KNOWN] = VF_LIST(fieldview, known, nknown, &known_cls),
	[V_NKNOWN] = VF_COUNT(fieldview, nknown),
	[V_BITMAP] = VF_BOOL(fieldview, bitmap),
	[V_REFS] = VF_LIST(fieldview, refs, nrefs, &ref_cls),
	[V_SIZES] = VF_STR(fieldview, sizes),
	[V_SIZED_BY] = VF_STR(fieldview, sized_by),
	[V_MEMBERS] = VF_LIST(fieldview, members, nmembers, &field_cls),
	[V_MEMBER] = VF_BOOL(fieldview, member),
};

static void
S_field_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct fieldview	*f = obj;

	(void)scratch;
	(void)ud;
	if (S_vget(fieldview_vf, f, id, v))
		return;
	/* Long value lists are folded away (event.html). */
	if (id == V_MANY_KNOWN)
		VBOOL(v, f->nknown > 8);
}

static const struct tpl_class field_cls = { S_field_get, S_item_field };

static const struct vfield known_vf[V__MAX] = {
	[V_VALUE] = VF_STR(known, value),
	[V_TEXT] = VF_STR(known, text),
};

VCLASS(known, S_item_known);

static const struct vfield ref_vf[V__MAX] = {
	[V_LABEL] = VF_STR(ref, label),
	[V_URL] = VF_STR(ref, url),
	[V_BY_NAME] = VF_BOOL(ref, by_name),
};

VCLASS(ref, S_item_ref);

static const struct vfield alt_vf[V__MAX] = {
	[V_BUILDS] = VF_STR(altshape, buildtext),
	[V_FIELDS] = VF_LIST(altshape, fields, nfields, &field_cls),
	[V_NFIELDS] = VF_COUNT(altshape, nfields),
	[V_VERBATIM] = VF_STR(altshape, verbatim),
};

VCLASS(alt, S_item_ptr);

static const void *
S_item_finding(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct ecat_finding *)list)[i];
}

static const struct vfield finding_vf[V__MAX] = {
	[V_ID] = VF_STR(ecat_finding, id),
	[V_SEVERITY] = VF_STR(ecat_finding, severity),
	[V_FIELD] = VF_STR(ecat_finding, field),
	[V_TEXT] = VF_STR(ecat_finding, text),
};

VCLASS(finding, S_item_finding);

/* Sigma rules on event pages (catalog/sigma.c, validator/rules.c). */
static const void *
S_item_ruse(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct ecat_ruse *)list)[i];
}

static const struct vfield ruse_vf[V__MAX] = {
	[V_NAME] = VF_STR(ecat_ruse, name),
	[V_MODIFIERS] = VF_STR(ecat_ruse, modifiers),
};

VCLASS(ruse, S_item_ruse);

static const struct vfield rule_vf[V__MAX] = {
	[V_TITLE] = VF_STR(ecat_rule, title),
	[V_ID] = VF_STR(ecat_rule, id),
	[V_LEVEL] = VF_STR(ecat_rule, level),
	[V_STATUS] = VF_STR(ecat_rule, status),
	[V_AUTHOR] = VF_STR(ecat_rule, author),
	[V_URL] = VF_STR(ecat_rule, upstream),
	[V_RULE_PATH] = VF_STR(ecat_rule, path),
	[V_USES] = VF_LIST(ecat_rule, uses, nuses, &ruse_cls),
};

VCLASS(rule, S_item_ptr);

static const struct vfield example_vf[V__MAX] = {
	[V_JSON] = VF_STR(ecat_example, json),
	[V_FILE_V] = VF_STR(ecat_example, loc.file),
	[V_LINE] = VF_COUNT(ecat_example, loc.line),
	[V_CHANNEL] = VF_STR(ecat_example, channel),
	[V_FINDINGS] = VF_LIST(ecat_example, findings, nfindings, &finding_cls),
	[V_NFINDINGS] = VF_COUNT(ecat_example, nfindings),
};

static void
S_example_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct ecat_example *ex = obj;
	const struct page	*pg = ud;

	(void)scratch;
	if (S_vget(example_vf, ex, id, v))
		return;
	if (id == V_BUILD)
		VSTR(v, ex->build != NULL ? ex->build->id : NULL);
	else if (id == V_BUILD_HREF)
		VSTR(v, S_bhref(pg->s, ex->build));
	else if (id == V_CLEAN)
		VBOOL(v, ex->nfindings == 0);
}

static const struct tpl_class example_cls = { S_example_get, NULL };

static const void *
S_item_provline(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct provline *)list)[i];
}

static const struct vfield provline_vf[V__MAX] = {
	[V_HOW] = VF_STR(provline, how),
	[V_FILE_VERSION] = VF_STR(provline, file_version),
	[V_COPIED_FROM] = VF_STR(provline, copied_from),
	[V_NSAMPLES] = VF_COUNT(provline, nsamples),
};

static void
S_provline_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct provline	*l = obj;
	const struct page	*pg = ud;

	(void)scratch;
	if (S_vget(provline_vf, l, id, v))
		return;
	if (id == V_BUILD)
		VSTR(v, l->b->id);
	else if (id == V_BUILD_HREF)
		VSTR(v, S_bhref(pg->s, l->b));
	else if (id == V_CAPTURE_DATE)
		VSTR(v, l->b->capture_date);
}

static const struct tpl_class provline_cls = { S_provline_get,
    S_item_provline };

static const struct vfield ver_vf[V__MAX] = {
	[V_ANCHOR] = VF_STR(verview, anchor),
	[V_TITLE] = VF_STR(verview, title),
	[V_DESCRIPTION] = VF_STR(verview, description),
	[V_CHANNEL] = VF_STR(verview, channel),
	[V_ALSO_VIA] = VF_STR(verview, also_via),
	[V_LEVEL] = VF_STR(verview, level),
	[V_TASK] = VF_STR(verview, task),
	[V_OPCODE] = VF_STR(verview, opcode),
	[V_KEYWORDS] = VF_STR(verview, keywords),
	[V_EVENT_NAME] = VF_STR(verview, event_name),
	[V_FIELDS] = VF_LIST(verview, fields, nfields, &field_cls),
	[V_NFIELDS] = VF_COUNT(verview, nfields),
	[V_VERBATIM] = VF_STR(verview, verbatim),
	[V_HAS_FIELDS] = VF_BOOL(verview, nfields),
	[V_ALT_SHAPES] = VF_LIST(verview, alts.v, alts.n, &alt_cls),
	[V_PROVENANCE] = VF_LIST(verview, prov, nprov, &provline_cls),
	[V_NEWEST] = VF_BOOL(verview, newest),
};

/* What a version shows of its key (verview->k). */
static const struct vfield verkey_vf[V__MAX] = {
	[V_VERSION] = VF_INT(ecat_evkey, version),
	[V_EXAMPLE] = VF_OBJ(ecat_evkey, example, &example_cls),
	[V_RULES] = VF_LIST(ecat_evkey, rules, nrules, &rule_cls),
	[V_NRULES] = VF_COUNT(ecat_evkey, nrules),
};

static void
S_ver_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct verview	*vv = obj;
	const struct page	*pg = ud;

	(void)scratch;
	if (S_vget(ver_vf, vv, id, v) || S_vget(verkey_vf, vv->k, id, v))
		return;
	switch (id) {
	case V_MESSAGE:
		VSTR(v, vv->me != NULL ? vv->me->message : NULL);
		break;
	case V_MESSAGE_BUILD:
		VSTR(v, vv->mbuild != NULL ? vv->mbuild->id : NULL);
		break;
	case V_HAS_SCHEMA:
		VBOOL(v, vv->e != NULL);
		break;
	case V_SCHEMA_BUILD:
		VSTR(v, vv->occ != NULL ? vv->occ->build->id : NULL);
		break;
	case V_BUILD_HREF:
		VSTR(v, vv->occ != NULL ? S_bhref(pg->s, vv->occ->build) :
		    NULL);
		break;
	case V_SCHEMA_SOURCE:
		VSTR(v, vv->occ != NULL ? kindname[vv->occ->kind] : NULL);
		break;
	case V_SCHEMA_FILE:
		VSTR(v, vv->e != NULL ? vv->e->loc.file : NULL);
		break;
	case V_SCHEMA_LINE:
		if (vv->e != NULL && vv->e->loc.line > 0)
			VINT(v, vv->e->loc.line);
		else
			VBOOL(v, 0);
		break;
	default:
		break;
	}
}

static const struct tpl_class ver_cls = { S_ver_get, S_item_ptr };

/* History: the version columns are the evpage's keys. */
static const void *
S_item_hver(const void *list, size_t i, void *ud)
{
	(void)ud;
	return ((const struct ecat_evkey *const *)list)[i];
}

static void
S_hver_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct ecat_evkey	*k = obj;

	(void)ud;
	if (id == V_VERSION)
		VINT(v, k->version);
	else if (id == V_ANCHOR) {
		snprintf(scratch, TPL_SCRATCH, "v%u", k->version);
		VSTR(v, scratch);
	}
}

static const struct tpl_class hver_cls = { S_hver_get, S_item_hver };

static const void *
S_item_hrow(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct hrow *)list)[i];
}

static const void *
S_item_cell(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct cell *)list)[i];
}

static void
S_hrow_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct hrow	*r = obj;

	if (id == V_CELLS)
		VLIST(v, &cell_cls, r->cells, r->ncells);
	else
		S_bref_get(r->b, id, v, scratch, ud);
}

static const struct tpl_class hrow_cls = { S_hrow_get, S_item_hrow };

static void
S_cell_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct cell	*c = obj;

	(void)scratch;
	(void)ud;
	if (id == V_MARK)
		VSTR(v, c->mark);
	else if (id == V_PRESENT)
		VBOOL(v, c->mark != NULL);
}

static const struct tpl_class cell_cls = { S_cell_get, S_item_cell };

/* The provider index of a drift finding, found once at setup. */
static const struct pinfo *
S_drift_pinfo(const struct site *s, const struct ecat_drift *d)
{
	const struct ecat_catalog	*cat = s->cat;
	uint32_t			 lo = 0, hi = cat->nproviders, mid;
	int				 c;

	if (d->provider == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(cat->providers[mid]->name, d->provider);
		if (c == 0)
			return &s->pinfo[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (mid = 0; mid < cat->nproviders; mid++)
		if (strcmp(cat->providers[mid]->name, d->provider) == 0)
			return &s->pinfo[mid];
	return NULL;
}

static const struct vfield drift_vf[V__MAX] = {
	[V_FIELD] = VF_STR(ecat_drift, field),
	[V_BEFORE] = VF_STR(ecat_drift, before),
	[V_AFTER] = VF_STR(ecat_drift, after),
	[V_ACCEPTED] = VF_BOOL(ecat_drift, accepted),
	[V_PROVIDER] = VF_STR(ecat_drift, provider),
	[V_NAME] = VF_STR(ecat_drift, provider),
};

static void
S_drift_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct ecat_drift	*d = obj;
	const struct page	*pg = ud;
	const struct pinfo	*pi;

	if (S_vget(drift_vf, d, id, v))
		return;
	switch (id) {
	case V_FROM:
		VSTR(v, d->from != NULL ? d->from->id : NULL);
		break;
	case V_TO:
		VSTR(v, d->to != NULL ? d->to->id : NULL);
		break;
	case V_FROM_HREF:
		VSTR(v, S_bhref(pg->s, d->from));
		break;
	case V_TO_HREF:
		VSTR(v, S_bhref(pg->s, d->to));
		break;
	case V_SEVERITY:
		VSTR(v, ecat_dsev_name(d->sev));
		break;
	case V_CLASS:
		VSTR(v, ecat_dclass_id(d->cls));
		break;
	case V_HELP:
		VSTR(v, ecat_dclass_help(d->cls));
		break;
	case V_VERSION:
		/* -1: about the provider, with no version or id. */
		if (d->version >= 0)
			VINT(v, d->version);
		else
			VBOOL(v, 0);
		break;
	case V_ID:
		if (d->event_id >= 0)
			VINT(v, d->event_id);
		else
			VBOOL(v, 0);
		break;
	case V_PROVIDER_HREF:
		pi = S_drift_pinfo(pg->s, d);
		VSTR(v, pi != NULL ? pi->href : NULL);
		break;
	case V_EVENT_HREF:
		pi = S_drift_pinfo(pg->s, d);
		if (pi == NULL || d->event_id < 0)
			VBOOL(v, 0);
		else {
			snprintf(scratch, TPL_SCRATCH, "providers/%s/events/"
			    "%" PRId64 ".html", pi->safe, d->event_id);
			VSTR(v, scratch);
		}
		break;
	default:
		break;
	}
}

static const struct tpl_class drift_cls = { S_drift_get, S_item_ptr };

static const struct vfield evpage_vf[V__MAX] = {
	[V_ID] = VF_INT(evpage, id),
	[V_TITLE] = VF_STR(evpage, title),
	[V_HREF] = VF_STR(evpage, href),
	[V_JSON_HREF] = VF_STR(evpage, json_href),
	[V_VERSIONS] = VF_LIST(evpage, vers, nvers, &ver_cls),
	[V_NVERSIONS] = VF_INT(evpage, nvers),
	[V_HIST_VERSIONS] = VF_LIST(evpage, keys, nvers, &hver_cls),
	[V_HIST_ROWS] = VF_LIST(evpage, rows, nrows, &hrow_cls),
	[V_DRIFT] = VF_LIST(evpage, drift, ndrift, &drift_cls),
	[V_NDRIFT] = VF_COUNT(evpage, ndrift),
	[V_NOTE] = VF_HTML(evpage, note),
};

static void
S_evpage_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct evpage	*ev = obj;

	(void)scratch;
	(void)ud;
	if (S_vget(evpage_vf, ev, id, v))
		return;
	if (id == V_MULTI)
		VBOOL(v, ev->nvers > 1);
}

static const struct tpl_class evpage_cls = { S_evpage_get, NULL };

static const void *
S_item_bprovrow(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct bprovrow *)list)[i];
}

static void
S_bprovrow_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct bprovrow	*r = obj;

	if (id == V_NKEYS)
		VINT(v, r->nkeys);
	else if (id == V_SOURCES)
		VSTR(v, r->sources);
	else
		S_pinfo_get(r->pi, id, v, scratch, ud);
}

static const struct tpl_class bprovrow_cls = { S_bprovrow_get,
    S_item_bprovrow };

static const void *
S_item_fact(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct ecat_bprov *)list)[i];
}

static const struct vfield fact_vf[V__MAX] = {
	[V_PROVIDER] = VF_STR(ecat_bprov, provider),
	[V_NAME] = VF_STR(ecat_bprov, provider),
	[V_BINARY] = VF_STR(ecat_bprov, binary),
	[V_FILE_VERSION] = VF_STR(ecat_bprov, file_version),
	[V_OBTAINED] = VF_STR(ecat_bprov, obtained),
	[V_COPIED_FROM] = VF_STR(ecat_bprov, copied_from),
};

VCLASS(fact, S_item_fact);

static const struct vfield buildview_vf[V__MAX] = {
	[V_PREV] = VF_OBJ(buildview, prev, &bref_cls),
	[V_NEXT] = VF_OBJ(buildview, next, &bref_cls),
	[V_PROVIDERS] = VF_LIST(buildview, rows, nrows, &bprovrow_cls),
	[V_NPROVIDERS] = VF_INT(buildview, nrows),
	[V_NKEYS] = VF_INT(buildview, nkeys),
	[V_CHANGES] = VF_LIST(buildview, changes, nchanges, &drift_cls),
	[V_NCHANGES] = VF_COUNT(buildview, nchanges),
	[V_NBREAKING] = VF_COUNT(buildview, nbreaking),
};

/* What a build page shows of its build beyond the link (bref_vf). */
static const struct vfield buildpage_vf[V__MAX] = {
	[V_VERSION_STRING] = VF_STR(ecat_build, version_string),
	[V_FACTS] = VF_LIST(ecat_build, bprov, nbprov, &fact_cls),
	[V_HAS_FACTS] = VF_BOOL(ecat_build, nbprov),
};

static void
S_buildview_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct buildview	*bv = obj;

	if (!S_vget(buildview_vf, bv, id, v) &&
	    !S_vget(buildpage_vf, bv->b, id, v))
		S_bref_get(bv->b, id, v, scratch, ud);
}

static const struct tpl_class buildview_cls = { S_buildview_get, NULL };

static const struct vfield page_vf[V__MAX] = {
	[V_ROOT] = VF_STR(page, root),
	[V_PAGE_TITLE] = VF_STR(page, title),
	[V_CANONICAL] = VF_STR(page, canonical),
	[V_PROVIDER] = VF_OBJ(page, prov, &provview_cls),
	[V_EVENT] = VF_OBJ(page, ev, &evpage_cls),
	[V_BUILD] = VF_OBJ(page, build, &buildview_cls),
	[V_IS_HOME] = VF_BOOL(page, is_home),
};

static void
S_page_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct page	*pg = obj;
	const struct site	*s = pg->s;

	(void)scratch;
	(void)ud;
	if (S_vget(page_vf, pg, id, v))
		return;
	switch (id) {
	case V_SITE_NAME_V:
		VSTR(v, SITE_NAME);
		break;
	case V_GENERATOR:
		VSTR(v, "etwcat " ECAT_VERSION);
		break;
	case V_NPROVIDERS:
		VINT(v, s->cat->nproviders);
		break;
	case V_NBUILDS:
		VINT(v, s->cat->nbuilds);
		break;
	case V_NEVENT_PAGES:
		VINT(v, s->nids);
		break;
	case V_BUILDS:
		VLIST(v, &bref_cls, s->cat->builds, s->cat->nbuilds);
		break;
	case V_PROVIDERS:
		VLIST(v, &pinfo_cls, s->pinfo, s->cat->nproviders);
		break;
	case V_NKEYS:
		VINT(v, s->nkeys);
		break;
	default:
		break;
	}
}

static const struct tpl_class page_cls = { S_page_get, NULL };

/* ------------------------------------------------------- event pages */

/*
 * Reference pages for the error-code outTypes: [MS-ERREF] 2.3.1
 * NTSTATUS Values, 2.2 Win32 Error Codes, 2.1 HRESULT Values.
 */
#define URL_NTSTATUS	"https://learn.microsoft.com/en-us/openspecs/" \
	"windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55"
#define URL_WIN32	"https://learn.microsoft.com/en-us/openspecs/" \
	"windows_protocols/ms-erref/18d8fbe8-a967-4f1c-ae50-99ca8e491d2d"
#define URL_HRESULT	"https://learn.microsoft.com/en-us/openspecs/" \
	"windows_protocols/ms-erref/705fb797-2175-4a90-b5a3-3918024b10b8"

static const struct ecat_map *
S_map(const struct ecat_pschema *ps, const char *name)
{
	uint32_t	 i;

	for (i = 0; ps != NULL && name != NULL && i < ps->nmaps; i++)
		if (ps->maps[i].name != NULL &&
		    strcmp(ps->maps[i].name, name) == 0)
			return &ps->maps[i];
	return NULL;
}

/*
 * The reference link of a field: its outType says NTSTATUS, Win32
 * error or HRESULT; or, with no outType, a 32-bit integer named
 * "Status" or "NtStatus", which SMB, Kernel and most drivers use for
 * NTSTATUS values (the seed pages link those too); that one is marked
 * as inferred from the name.
 */
static void
S_refs(struct ecat_pool *p, struct fieldview *fv, const struct ecat_field *f)
{
	const char	*label = NULL, *url = NULL;
	int		 by_name = 0;

	switch (f->outtype) {
	case ECAT_OUT_NTSTATUS:
		label = "NTSTATUS reference";
		url = URL_NTSTATUS;
		break;
	case ECAT_OUT_WIN32ERROR:
		label = "Win32 error code reference";
		url = URL_WIN32;
		break;
	case ECAT_OUT_HRESULT:
		label = "HRESULT reference";
		url = URL_HRESULT;
		break;
	case ECAT_OUT_NONE:
		if (f->name != NULL && (f->intype == ECAT_IN_UINT32 ||
		    f->intype == ECAT_IN_INT32 ||
		    f->intype == ECAT_IN_HEXINT32) &&
		    (strcasecmp(f->name, "Status") == 0 ||
		    strcasecmp(f->name, "NtStatus") == 0)) {
			label = "NTSTATUS reference";
			url = URL_NTSTATUS;
			by_name = 1;
		}
		break;
	default:
		break;
	}
	if (label == NULL)
		return;
	fv->refs = PNEW(p, struct ref, 1);
	fv->refs[0].label = label;
	fv->refs[0].url = url;
	fv->refs[0].by_name = by_name;
	fv->nrefs = 1;
}

/* A field anchor unique among the n before it: "v2-SessionId". */
static const char *
S_anchor(struct ecat_pool *p, const char *prefix, const char *name,
    uint32_t index, const struct fieldview *prev, uint32_t n)
{
	char		 safe[HTML_SAFE_MAX + 1];
	const char	*a;
	uint32_t	 i, k = 1;

	if (name == NULL || name[0] == '\0')
		snprintf(safe, sizeof(safe), "field%u", index);
	else
		html_safe_name(safe, name);
	a = S_pprintf(p, "%s-%s", prefix, safe);
	for (i = 0; i < n; i++)
		if (strcmp(prev[i].anchor, a) == 0) {
			a = S_pprintf(p, "%s-%s-%u", prefix, safe, ++k);
			i = (uint32_t)-1;	/* check the new one again */
		}
	return a;
}

static void S_fields(struct ecat_pool *, struct fieldview **, uint32_t *,
    const struct ecat_field *, uint32_t, const struct ecat_pschema *,
    const char *, struct ecat_buf *);

static void
S_fieldview(struct ecat_pool *p, struct fieldview *fv, const struct ecat_field *f,
    const struct ecat_field *all, uint32_t nall,
    const struct ecat_pschema *ps, struct ecat_buf *tmp)
{
	const struct ecat_map	*m;
	uint32_t		 i;

	fv->name = f->name;
	fv->intype = f->intype_name != NULL ? f->intype_name :
	    ecat_intype_name(f->intype);
	if (f->outtype_name != NULL && (f->outtype == ECAT_OUT_NONE ||
	    f->outtype != ecat_outtype_default(f->intype)))
		fv->outtype = f->outtype_name;
	fv->map = f->map;
	if ((m = S_map(ps, f->map)) != NULL && m->nentries > 0) {
		fv->bitmap = m->bitmap;
		fv->known = PNEW(p, struct known, m->nentries);
		fv->nknown = m->nentries;
		for (i = 0; i < m->nentries; i++) {
			fv->known[i].value = m->bitmap ?
			    S_pprintf(p, "0x%" PRIx64, m->entries[i].value) :
			    S_pprintf(p, "%" PRIu64, m->entries[i].value);
			fv->known[i].text = m->entries[i].message != NULL ?
			    m->entries[i].message : m->entries[i].symbol;
		}
	}
	S_refs(p, fv, f);
	/* Which fields this one sizes, and what sizes it. */
	ecat_buf_reset(tmp);
	for (i = 0; f->name != NULL && f->name[0] != '\0' && i < nall; i++) {
		if (all[i].count_ref != NULL &&
		    strcmp(all[i].count_ref, f->name) == 0)
			ecat_buf_printf(tmp, "%scount of %s", tmp->len ?
			    "; " : "", all[i].name);
		if (all[i].length_ref != NULL &&
		    strcmp(all[i].length_ref, f->name) == 0)
			ecat_buf_printf(tmp, "%slength of %s", tmp->len ?
			    "; " : "", all[i].name);
	}
	if (tmp->len > 0)
		fv->sizes = ecat_pool_strn(p, tmp->buf, tmp->len);
	ecat_buf_reset(tmp);
	if (f->count_ref != NULL)
		ecat_buf_printf(tmp, "count given by %s", f->count_ref);
	else if ((f->flags & ECAT_FIELD_COUNT) && f->count > 1)
		ecat_buf_printf(tmp, "array of %u", f->count);
	if (f->length_ref != NULL)
		ecat_buf_printf(tmp, "%slength given by %s", tmp->len ?
		    "; " : "", f->length_ref);
	else if ((f->flags & ECAT_FIELD_LENGTH) && f->length > 0)
		ecat_buf_printf(tmp, "%slength %u", tmp->len ? "; " : "",
		    f->length);
	if (tmp->len > 0)
		fv->sized_by = ecat_pool_strn(p, tmp->buf, tmp->len);
	if ((f->flags & ECAT_FIELD_STRUCT) && f->nmembers > 0) {
		S_fields(p, &fv->members, &fv->nmembers, f->members,
		    f->nmembers, ps, fv->anchor, tmp);
		for (i = 0; i < fv->nmembers; i++)
			fv->members[i].member = 1;
	}
}

/* Views of n fields with anchors "<prefix>-<Name>". */
static void
S_fields(struct ecat_pool *p, struct fieldview **out, uint32_t *nout,
    const struct ecat_field *f, uint32_t n, const struct ecat_pschema *ps,
    const char *prefix, struct ecat_buf *tmp)
{
	struct fieldview	*fv;
	uint32_t		 i;

	fv = PNEW(p, struct fieldview, n ? n : 1);
	for (i = 0; i < n; i++) {
		fv[i].index = i + 1;
		fv[i].anchor = S_anchor(p, prefix, f[i].name, i + 1, fv, i);
		S_fieldview(p, &fv[i], &f[i], f, n, ps, tmp);
	}
	*out = fv;
	*nout = n;
}

/* Same names and inTypes: the same field list to a reader. */
static int
S_sameshape(const struct ecat_shape *a, const struct ecat_shape *b)
{
	uint32_t	 i;

	if (a == b)
		return 1;
	if (a == NULL || b == NULL || a->nfields != b->nfields ||
	    (a->verbatim != NULL) != (b->verbatim != NULL))
		return 0;
	if (a->verbatim != NULL)
		return strcmp(a->verbatim, b->verbatim) == 0;
	for (i = 0; i < a->nfields; i++)
		if (a->fields[i].intype != b->fields[i].intype ||
		    strcmp(a->fields[i].name, b->fields[i].name) != 0 ||
		    (a->fields[i].intype == ECAT_IN_UNKNOWN &&
		    strcmp(a->fields[i].intype_name,
		    b->fields[i].intype_name) != 0))
			return 0;
	return 1;
}

struct insarg {
	const struct ecat_shape	*sh;
};

/* Description: each insert %N becomes the N-th field's name. */
static int
S_insname(struct ecat_buf *out, const struct ecat_msgfmt *mf,
    const struct ecat_mftok *tk, void *arg)
{
	const struct insarg	*a = arg;

	(void)mf;
	if (a->sh == NULL || tk->n == 0 || tk->n > a->sh->nfields ||
	    a->sh->fields[tk->n - 1].name == NULL ||
	    a->sh->fields[tk->n - 1].name[0] == '\0')
		return -1;
	ecat_buf_puts(out, a->sh->fields[tk->n - 1].name);
	return 0;
}

static const char *
S_description(struct ecat_pool *p, const struct ecat_event *e, const char *title,
    struct ecat_buf *tmp)
{
	struct ecat_msgfmt	*mf;
	struct insarg		 a;
	size_t			 i, n;

	if (e->message == NULL || e->message[0] == '\0')
		return e->mof_desc != NULL && e->mof_desc[0] != '\0' &&
		    (title == NULL || strcmp(title, e->mof_desc) != 0) ?
		    e->mof_desc : NULL;
	a.sh = S_shape(e);
	mf = ecat_msgfmt_parses(e->message);
	ecat_buf_reset(tmp);
	ecat_msgfmt_render(mf, tmp, ECAT_MF_LF, S_insname, NULL, &a);
	ecat_msgfmt_free(mf);
	/* Trim, and collapse runs of blank lines to one. */
	for (i = n = 0; i < tmp->len; i++) {
		if (tmp->buf[i] == '\r')
			continue;
		if (tmp->buf[i] == '\n' && n >= 2 && tmp->buf[n - 1] == '\n' &&
		    tmp->buf[n - 2] == '\n')
			continue;
		tmp->buf[n++] = tmp->buf[i];
	}
	while (n > 0 && (tmp->buf[n - 1] == '\n' || tmp->buf[n - 1] == ' '))
		n--;
	for (i = 0; i < n && (tmp->buf[i] == '\n' || tmp->buf[i] == ' '); i++)
		continue;
	if (i == n || (title != NULL && strlen(title) == n - i &&
	    memcmp(title, tmp->buf + i, n - i) == 0))
		return NULL;
	return ecat_pool_strn(p, tmp->buf + i, n - i);
}

static const char *
S_channel_text(struct ecat_pool *p, const struct ecat_event *e)
{
	const struct ecat_pschema	*ps = e->schema;
	const struct ecat_named		*c = NULL;
	uint32_t			 i;

	if (e->channel_name != NULL && e->channel_name[0] != '\0')
		return e->channel_name;
	if (!(e->has & ECAT_HAS_CHANNEL) || ps == NULL)
		return NULL;
	for (i = 0; i < ps->nchannels; i++)
		if (ps->channels[i].value == e->channel) {
			c = &ps->channels[i];
			break;
		}
	if (c == NULL)
		return e->channel ? S_pprintf(p, "channel %u", e->channel) :
		    NULL;
	if (c->type != NULL && c->name != NULL && strstr(c->name,
	    c->type) == NULL)
		return S_pprintf(p, "%s (%s)", c->name, c->type);
	return c->name != NULL ? c->name : c->chid;
}

/* "name (value)" with either part missing. */
static const char *
S_namval(struct ecat_pool *p, const char *name, int has, uint64_t value,
    int hex)
{
	if (name != NULL && name[0] != '\0' && has)
		return hex ? S_pprintf(p, "%s (0x%" PRIx64 ")", name, value) :
		    S_pprintf(p, "%s (%" PRIu64 ")", name, value);
	if (name != NULL && name[0] != '\0')
		return name;
	if (has)
		return hex ? S_pprintf(p, "0x%" PRIx64, value) :
		    S_pprintf(p, "%" PRIu64, value);
	return NULL;
}

static const char *
S_level_text(struct ecat_pool *p, const struct ecat_event *e)
{
	const struct ecat_winmeta	*wm;
	const char			*name = S_unprefix(e->level_name);

	if (name == NULL && (e->has & ECAT_HAS_LEVEL) &&
	    (wm = ecat_winmeta_level_by_value(e->level)) != NULL)
		name = S_unprefix(wm->name);
	return S_namval(p, name, e->has & ECAT_HAS_LEVEL, e->level, 0);
}

/* How a key was obtained in one build, for the provenance lines. */
static void
S_provlines(struct ecat_pool *p, struct verview *vv, const char *provider)
{
	const struct ecat_evkey	*k = vv->k;
	const struct ecat_bprov	*bp, *any;
	struct provline		*l;
	uint32_t		 i;

	vv->prov = PNEW(p, struct provline, k->nocc ? k->nocc : 1);
	for (i = 0; i < k->nocc; i++) {
		l = &vv->prov[vv->nprov++];
		l->b = k->occ[i].build;
		bp = S_bprov(l->b, provider, (int)k->occ[i].kind);
		any = bp != NULL ? bp : S_bprov(l->b, provider, -1);
		if (k->occ[i].kind == ECAT_SRC_SAMPLE)
			l->how = bp != NULL ?
			    "sample captured from a live trace" :
			    "captured sample";
		else
			l->how = howtext[k->occ[i].kind];
		l->file_version = any != NULL ? any->file_version : NULL;
		l->copied_from = bp != NULL ? bp->copied_from : NULL;
		l->nsamples = k->occ[i].nsamples;
		if (k->occ[i].kind == ECAT_SRC_SAMPLE && bp != NULL)
			vv->also_via = "realtime ETW trace";
		else if (k->occ[i].kind == ECAT_SRC_SAMPLE &&
		    vv->also_via == NULL)
			vv->also_via = "captured sample";
	}
}

static struct verview *
S_verview(struct ecat_pool *p, const struct ecat_provider *prov,
    const struct ecat_evkey *k, struct ecat_buf *tmp)
{
	struct verview		*vv;
	struct altshape		*alt;
	const struct ecat_event	*e;
	const struct ecat_shape	*sh, *osh;
	const char		*prefix;
	size_t			 j;
	uint32_t		 i;

	vv = PNEW(p, struct verview, 1);
	vv->k = k;
	vv->anchor = S_pprintf(p, "v%u", k->version);
	vv->e = e = S_repr(k, &vv->occ);
	S_provlines(p, vv, prov->name);
	if (e == NULL)
		return vv;
	sh = S_shape(e);
	vv->me = e;
	for (i = k->nocc; (e->message == NULL || e->message[0] == '\0') &&
	    i-- > 0; )
		if (k->occ[i].event != NULL &&
		    k->occ[i].event->message != NULL &&
		    k->occ[i].event->message[0] != '\0') {
			vv->me = k->occ[i].event;
			vv->mbuild = k->occ[i].build;
			break;
		}
	vv->title = S_title(p, vv->me, tmp);
	vv->description = S_description(p, vv->me, vv->title, tmp);
	vv->channel = S_channel_text(p, e);
	for (i = k->nocc; vv->channel == NULL && i-- > 0; )
		if (k->occ[i].event != NULL)
			vv->channel = S_channel_text(p, k->occ[i].event);
	vv->level = S_level_text(p, e);
	vv->task = S_namval(p, e->task_name, (e->has & ECAT_HAS_TASK) &&
	    e->task != 0, e->task, 0);
	{
		const struct ecat_winmeta	*wm;
		const char			*on = S_unprefix(e->opcode_name);

		/* An opcode given by value only: winmeta names 0-9. */
		if (on == NULL && (e->has & ECAT_HAS_OPCODE) &&
		    (wm = ecat_winmeta_opcode_by_value(e->opcode)) != NULL)
			on = S_unprefix(wm->name);
		vv->opcode = S_namval(p, on, e->has & ECAT_HAS_OPCODE,
		    e->opcode, 0);
	}
	vv->keywords = S_namval(p, e->keywords_names,
	    (e->has & ECAT_HAS_KEYWORDS) && e->keywords != 0, e->keywords, 1);
	vv->event_name = e->name != NULL ? e->name : e->symbol;
	if (sh != NULL && sh->verbatim != NULL)
		vv->verbatim = sh->verbatim;
	else if (sh != NULL)
		S_fields(p, &vv->fields, &vv->nfields, sh->fields, sh->nfields,
		    e->schema, vv->anchor, tmp);
	/* How many Sigma rules match on each field (rules.c). */
	for (uint32_t fi = 0; fi < vv->nfields; fi++)
		vv->fields[fi].nrules = ecat_evkey_rule_count(k,
		    vv->fields[fi].name);
	/* Other field lists this version had in other builds. */
	for (i = 0; i < k->nocc; i++) {
		if (k->occ[i].event == NULL ||
		    S_sameshape((osh = S_shape(k->occ[i].event)), sh))
			continue;
		for (j = 0; j < vv->alts.n; j++) {
			alt = vv->alts.v[j];
			if (S_sameshape(alt->shape, osh))
				break;
		}
		if (j == vv->alts.n) {
			alt = PNEW(p, struct altshape, 1);
			alt->shape = osh;
			S_vpush(p, &vv->alts, alt);
			prefix = S_pprintf(p, "%s-alt%zu", vv->anchor, j + 1);
			if (osh != NULL && osh->verbatim != NULL)
				alt->verbatim = osh->verbatim;
			else if (osh != NULL)
				S_fields(p, &alt->fields, &alt->nfields,
				    osh->fields, osh->nfields,
				    k->occ[i].event->schema, prefix, tmp);
		}
		alt = vv->alts.v[j];
		if (alt->lastb == k->occ[i].build)
			continue;
		/* Build lists are short: grow the pool string. */
		alt->buildtext = alt->buildtext == NULL ?
		    k->occ[i].build->id : S_pprintf(p, "%s, %s",
		    alt->buildtext, k->occ[i].build->id);
		alt->lastb = k->occ[i].build;
	}
	return vv;
}

static int
S_driftcmp(const void *a, const void *b)
{
	const struct ecat_drift	*x = *(const struct ecat_drift *const *)a;
	const struct ecat_drift	*y = *(const struct ecat_drift *const *)b;

	if (x->to != NULL && y->to != NULL && x->to->index != y->to->index)
		return x->to->index < y->to->index ? -1 : 1;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * The view of one event page: keys[0..n) of provider pi, all with the
 * same id, oldest version first.
 */
static struct evpage *
S_evpage(struct worker *w, const struct pinfo *pi,
    const struct ecat_evkey *const *keys, uint32_t n, struct ecat_buf *tmp)
{
	struct site		*s = w->s;
	struct ecat_pool		*p = &w->page;
	const struct ecat_note	*note;
	struct evpage		*ev;
	uint8_t			*mask;
	uint32_t		 i, j, bi, nb = s->cat->nbuilds, np;
	size_t			 nd = 0, k;

	np = s->cat->nproviders;
	ev = PNEW(p, struct evpage, 1);
	ev->id = keys[0]->id;
	ev->keys = (const struct ecat_evkey **)keys;
	ev->nvers = n;
	ev->vers = PNEW(p, struct verview *, n);
	for (i = 0; i < n; i++) {
		ev->vers[n - 1 - i] = S_verview(p, pi->p, keys[i], tmp);
		nd += keys[i]->ndrift;
	}
	ev->vers[0]->newest = 1;
	for (i = 0; i < n && ev->title == NULL; i++)
		ev->title = ev->vers[i]->title;
	ev->href = S_pprintf(p, "providers/%s/events/%u.html", pi->safe,
	    ev->id);
	ev->json_href = S_pprintf(p, "providers/%s/events/%u.json",
	    pi->safe, ev->id);
	if ((note = ecat_note_find(pi->p, ev->id)) != NULL)
		ev->note = note->html;
	/* History: builds where the provider is, by versions. */
	mask = PNEW(p, uint8_t, (size_t)nb * n);
	for (i = 0; i < n; i++)
		for (j = 0; j < keys[i]->nocc; j++)
			mask[(size_t)keys[i]->occ[j].build->index * n + i] |=
			    (uint8_t)(1u << keys[i]->occ[j].kind);
	ev->rows = PNEW(p, struct hrow, pi->nbuilds ? pi->nbuilds : 1);
	for (bi = 0; bi < nb; bi++) {
		struct hrow *r;

		if (s->bpcount[(size_t)bi * np + pi->idx] == 0)
			continue;
		r = &ev->rows[ev->nrows++];
		r->b = s->cat->builds[bi];
		r->cells = PNEW(p, struct cell, n);
		r->ncells = n;
		for (i = 0; i < n; i++) {
			static const char *const marks[8] = { NULL,
			    "manifest", "TSV", "manifest + TSV", "sample",
			    "manifest + sample", "TSV + sample",
			    "manifest + TSV + sample" };

			r->cells[i].mark = marks[mask[(size_t)bi * n + i] & 7];
		}
	}
	/* Drift findings of every version, by build. */
	ev->drift = PNEW(p, const struct ecat_drift *, nd ? nd : 1);
	for (i = 0; i < n; i++)
		for (k = 0; k < keys[i]->ndrift; k++)
			ev->drift[ev->ndrift++] = keys[i]->drift[k];
	if (ev->ndrift > 1)
		qsort(ev->drift, ev->ndrift, sizeof(*ev->drift), S_driftcmp);
	return ev;
}

/* -------------------------------------------------------------- JSON */

static void
S_json_field(struct jsonw *j, const struct ecat_field *f,
    const struct ecat_pschema *ps)
{
	const struct ecat_map	*m;
	uint32_t		 i;

	jsonw_obj_open(j);
	jsonw_kstr(j, "name", f->name);
	jsonw_kstr(j, "inType", f->intype_name != NULL ? f->intype_name :
	    ecat_intype_name(f->intype));
	if (f->outtype_name != NULL)
		jsonw_kstr(j, "outType", f->outtype_name);
	if (f->map != NULL) {
		jsonw_kstr(j, "map", f->map);
		if ((m = S_map(ps, f->map)) != NULL) {
			jsonw_kbool(j, "bitmap", m->bitmap);
			jsonw_key(j, "values");
			jsonw_arr_open(j);
			for (i = 0; i < m->nentries; i++) {
				jsonw_obj_open(j);
				if (m->bitmap)
					jsonw_khex(j, "value",
					    m->entries[i].value);
				else {
					jsonw_key(j, "value");
					jsonw_uint(j, m->entries[i].value);
				}
				jsonw_kstr(j, "message", m->entries[i].message);
				jsonw_obj_close(j);
			}
			jsonw_arr_close(j);
		}
	}
	if (f->count_ref != NULL)
		jsonw_kstr(j, "countField", f->count_ref);
	else if (f->flags & ECAT_FIELD_COUNT)
		jsonw_kint(j, "count", f->count);
	if (f->length_ref != NULL)
		jsonw_kstr(j, "lengthField", f->length_ref);
	else if (f->flags & ECAT_FIELD_LENGTH)
		jsonw_kint(j, "length", f->length);
	if ((f->flags & ECAT_FIELD_STRUCT) && f->nmembers > 0) {
		jsonw_key(j, "members");
		jsonw_arr_open(j);
		for (i = 0; i < f->nmembers; i++)
			S_json_field(j, &f->members[i], ps);
		jsonw_arr_close(j);
	}
	jsonw_obj_close(j);
}

static void
S_json_named(struct jsonw *j, const char *key, const char *name, int has,
    uint64_t value, int hex)
{
	if (name == NULL && !has)
		return;
	jsonw_key(j, key);
	jsonw_obj_open(j);
	jsonw_kstr(j, "name", name);
	jsonw_key(j, hex ? "mask" : "value");
	if (!has)
		jsonw_null(j);
	else if (hex)
		jsonw_hex(j, value);
	else
		jsonw_uint(j, value);
	jsonw_obj_close(j);
}

/*
 * One event id as JSON (etwcat.1, SITE): every version with the schema
 * the page shows and where it was seen.  Written to f, which the caller
 * flushes.
 */
static void
S_json_event(FILE *f, const struct pinfo *pi, const struct evpage *ev,
    const char *base_url)
{
	static const char *const srcnames[ECAT_SRC__MAX] = {
		"manifest", "tsv", "sample"
	};
	const struct ecat_event	*e;
	const struct ecat_shape	*sh;
	const struct verview	*vv;
	struct jsonw		 j;
	uint32_t		 i, k;

	/* Compact: 68,000 of these for the full corpus, and each is
	   copied into its provider's document too. */
	jsonw_init(&j, f, 0);
	jsonw_obj_open(&j);
	jsonw_kstr(&j, "provider", pi->p->name);
	jsonw_kstr(&j, "guid", pi->p->guid);
	jsonw_kint(&j, "id", ev->id);
	if (base_url != NULL) {
		char	*url = ecat_asprintf("%s/%s", base_url, ev->href);

		jsonw_kstr(&j, "url", url);
		free(url);
	}
	jsonw_key(&j, "versions");
	jsonw_arr_open(&j);
	for (i = ev->nvers; i-- > 0; ) {
		vv = ev->vers[i];
		e = vv->e;
		jsonw_obj_open(&j);
		jsonw_kint(&j, "version", vv->k->version);
		jsonw_kstr(&j, "title", vv->title);
		if (e != NULL) {
			jsonw_kstr(&j, "name", vv->event_name);
			jsonw_kstr(&j, "message", e->message);
			jsonw_kstr(&j, "channel", vv->channel);
			S_json_named(&j, "level", S_unprefix(e->level_name),
			    e->has & ECAT_HAS_LEVEL, e->level, 0);
			S_json_named(&j, "task", e->task_name,
			    e->has & ECAT_HAS_TASK, e->task, 0);
			S_json_named(&j, "opcode", S_unprefix(e->opcode_name),
			    e->has & ECAT_HAS_OPCODE, e->opcode, 0);
			S_json_named(&j, "keywords", e->keywords_names,
			    e->has & ECAT_HAS_KEYWORDS, e->keywords, 1);
			jsonw_key(&j, "schema");
			jsonw_obj_open(&j);
			jsonw_kstr(&j, "build", vv->occ->build->id);
			jsonw_kstr(&j, "source", srcnames[vv->occ->kind]);
			jsonw_kstr(&j, "file", e->loc.file);
			jsonw_kint(&j, "line", e->loc.line);
			jsonw_obj_close(&j);
			sh = S_shape(e);
			if (sh != NULL && sh->verbatim != NULL)
				jsonw_kstr(&j, "fieldsVerbatim", sh->verbatim);
			jsonw_key(&j, "fields");
			jsonw_arr_open(&j);
			for (k = 0; sh != NULL && k < sh->nfields; k++)
				S_json_field(&j, &sh->fields[k], e->schema);
			jsonw_arr_close(&j);
		}
		jsonw_key(&j, "builds");
		jsonw_arr_open(&j);
		for (k = 0; k < vv->k->nocc; k++) {
			jsonw_obj_open(&j);
			jsonw_kstr(&j, "build", vv->k->occ[k].build->id);
			jsonw_kstr(&j, "source", srcnames[vv->k->occ[k].kind]);
			jsonw_obj_close(&j);
		}
		jsonw_arr_close(&j);
		jsonw_obj_close(&j);
	}
	jsonw_arr_close(&j);
	jsonw_obj_close(&j);
}

/* ---------------------------------------------------- provider pages */

/* Add (name, value) to a table unless a row of that name is there. */
static void
S_named_add(struct ecat_pool *p, struct pvec *a, const char *name, int hasv,
    uint64_t v, int hex, const char *type, const char *message)
{
	struct named	*n;
	size_t		 i;

	if (name == NULL || name[0] == '\0')
		return;
	for (i = 0; i < a->n; i++) {
		n = a->v[i];
		if (strcmp(n->name, name) != 0)
			continue;
		if (!n->hasv && hasv) {
			n->hasv = 1;
			n->v = v;
			n->value = hex ? S_pprintf(p, "0x%" PRIx64, v) :
			    S_pprintf(p, "%" PRIu64, v);
		}
		if (n->type == NULL)
			n->type = type;
		if (n->message == NULL)
			n->message = message;
		return;
	}
	n = PNEW(p, struct named, 1);
	n->name = name;
	n->hasv = hasv;
	n->v = v;
	if (hasv)
		n->value = hex ? S_pprintf(p, "0x%" PRIx64, v) :
		    S_pprintf(p, "%" PRIu64, v);
	n->type = type;
	n->message = message;
	S_vpush(p, a, n);
}

static int
S_namedcmp(const void *a, const void *b)
{
	const struct named	*x = *(const struct named *const *)a;
	const struct named	*y = *(const struct named *const *)b;

	if (x->hasv != y->hasv)
		return x->hasv ? -1 : 1;
	if (x->hasv && x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * Interned names already added, by pointer: a TSV export names the same
 * task on hundreds of rows in each of 17 builds, and a string compare
 * against every row of the table for each would cost more than the
 * page.  Returns 1 if p was there, else adds it and returns 0.
 */
struct pset {
	const void	**slot;
	size_t		  cap, n;
};

static int
S_pset_seen(struct ecat_pool *pl, struct pset *set, const void *p)
{
	const void	**old;
	size_t		  i, k, ocap;

	if (2 * (set->n + 1) > set->cap) {
		old = set->slot;
		ocap = set->cap;
		set->cap = set->cap ? set->cap * 2 : 64;
		set->slot = ecat_pool_alloc(pl, set->cap * sizeof(*set->slot));
		for (k = 0; k < ocap; k++)
			if (old[k] != NULL) {
				i = ((uintptr_t)old[k] >> 3) & (set->cap - 1);
				while (set->slot[i] != NULL)
					i = (i + 1) & (set->cap - 1);
				set->slot[i] = old[k];
			}
	}
	i = ((uintptr_t)p >> 3) & (set->cap - 1);
	while (set->slot[i] != NULL) {
		if (set->slot[i] == p)
			return 1;
		i = (i + 1) & (set->cap - 1);
	}
	set->slot[i] = p;
	set->n++;
	return 0;
}

/* Channels, keywords and tasks over every schema of the provider. */
static void
S_tables(struct ecat_pool *p, struct provview *pv)
{
	const struct ecat_pschema	*ps;
	const struct ecat_event		*e;
	const char			*kw, *sp;
	struct pset			 sc, st, sk;
	uint32_t			 s, i;

	memset(&sc, 0, sizeof(sc));
	memset(&st, 0, sizeof(st));
	memset(&sk, 0, sizeof(sk));

	for (s = 0; s < pv->p->nschemas; s++) {
		ps = pv->p->schemas[s];
		for (i = 0; i < ps->nchannels; i++)
			S_named_add(p, &pv->channels, ps->channels[i].name !=
			    NULL ? ps->channels[i].name : ps->channels[i].chid,
			    1, ps->channels[i].value, 0, ps->channels[i].type,
			    ps->channels[i].message);
		for (i = 0; i < ps->nkeywords; i++)
			S_named_add(p, &pv->keywords, ps->keywords[i].name, 1,
			    ps->keywords[i].value, 1, NULL,
			    ps->keywords[i].message);
		for (i = 0; i < ps->ntasks; i++)
			S_named_add(p, &pv->tasks, ps->tasks[i].name, 1,
			    ps->tasks[i].value, 0, NULL, ps->tasks[i].message);
		/* A TSV export names them on its rows only. */
		if (ps->kind != ECAT_SRC_TSV)
			continue;
		for (i = 0; i < ps->nevents; i++) {
			e = &ps->events[i];
			/* Interned: one pointer per distinct name. */
			if (e->channel_name != NULL &&
			    !S_pset_seen(p, &sc, e->channel_name))
				S_named_add(p, &pv->channels, e->channel_name,
				    0, 0, 0, NULL, NULL);
			if (e->task_name != NULL &&
			    !S_pset_seen(p, &st, e->task_name))
				S_named_add(p, &pv->tasks, e->task_name, 0, 0,
				    0, NULL, NULL);
			if (e->keywords_names == NULL ||
			    S_pset_seen(p, &sk, e->keywords_names))
				continue;
			for (kw = e->keywords_names; kw != NULL && *kw; ) {
				while (*kw == ' ')
					kw++;
				if (*kw == '\0')
					break;
				sp = strchr(kw, ' ');
				S_named_add(p, &pv->keywords, ecat_pool_strn(p, kw,
				    sp ? (size_t)(sp - kw) : strlen(kw)), 0, 0,
				    1, NULL, NULL);
				kw = sp ? sp : kw + strlen(kw);
			}
		}
	}
	if (pv->channels.n > 1)
		qsort(pv->channels.v, pv->channels.n, sizeof(void *),
		    S_namedcmp);
	if (pv->keywords.n > 1)
		qsort(pv->keywords.v, pv->keywords.n, sizeof(void *),
		    S_namedcmp);
	if (pv->tasks.n > 1)
		qsort(pv->tasks.v, pv->tasks.n, sizeof(void *), S_namedcmp);
}

static const char *
S_canonical(struct ecat_pool *p, const struct site *s, const char *rel)
{
	if (s->o->base_url == NULL)
		return NULL;
	return S_pprintf(p, "%s/%s", s->o->base_url, rel);
}

/* The event table row of a page, copied into the provider's pool. */
static struct evrow *
S_evrow(struct ecat_pool *p, const struct evpage *ev)
{
	struct evrow		*r;
	struct ecat_buf		 b;
	const struct ecat_evkey	*k;
	uint32_t		 i, j, first = UINT32_MAX, last = 0;

	r = PNEW(p, struct evrow, 1);
	r->id = ev->id;
	r->href = S_pstr(p, ev->href);
	r->title = S_pstr(p, ev->title);
	r->channel = S_pstr(p, ev->vers[0]->channel);
	r->level = S_pstr(p, ev->vers[0]->level);
	r->nversions = ev->nvers;
	ecat_buf_init(&b);
	for (i = 0; i < ev->nvers; i++) {
		k = ev->keys[i];
		ecat_buf_printf(&b, "%s%u", i ? ", " : "", k->version);
		for (j = 0; j < k->nocc; j++) {
			if (k->occ[j].build->index < first)
				first = k->occ[j].build->index;
			if (k->occ[j].build->index > last)
				last = k->occ[j].build->index;
			if (k->occ[j].kind == ECAT_SRC_SAMPLE)
				r->sample = 1;
		}
	}
	r->versions = ecat_pool_strn(p, b.buf, b.len);
	ecat_buf_free(&b);
	if (first != UINT32_MAX) {
		r->first = ev->keys[0]->occ[0].build->id;
		for (i = 0; i < ev->nvers; i++)
			for (j = 0; j < ev->keys[i]->nocc; j++) {
				if (ev->keys[i]->occ[j].build->index == first)
					r->first = ev->keys[i]->occ[j].build->id;
				if (ev->keys[i]->occ[j].build->index == last)
					r->last = ev->keys[i]->occ[j].build->id;
			}
	}
	return r;
}

static void
S_render(struct worker *w, const struct tpl *t, struct page *pg,
    const char *rel)
{
	ecat_buf_reset(&w->out);
	if (tpl_render(t, &w->out, &page_cls, pg, pg) == -1) {
		S_failx(w->s, rel, 0, tpl_name(t));
		return;
	}
	if (S_emit(w, rel, w->out.buf, w->out.len) == 0)
		w->st.pages++;
}

static void
S_job_provider(struct worker *w, uint32_t idx)
{
	struct site			*s = w->s;
	const struct pinfo		*pi = &s->pinfo[idx];
	const struct ecat_provider	*p = pi->p;
	const struct ecat_pschema	*ps, *tsv = NULL;
	const struct ecat_bprov		*bp;
	struct provview			 pv;
	struct page			 pg;
	struct evpage			*ev;
	struct ecat_buf			 tmp;
	struct pvec			 chans;
	char				 rel[PATH_MAX];
	FILE				*jf, *pf;
	uint32_t			 a, b, i;
	size_t				 k;

	ecat_pool_reset(&w->prov);
	memset(&pv, 0, sizeof(pv));
	memset(&chans, 0, sizeof(chans));
	pv.pi = pi;
	pv.p = p;
	pv.idx = idx;
	/* The defining binary the newest build.json names. */
	for (i = s->cat->nbuilds; i-- > 0 && pv.binary == NULL; )
		for (a = 0; a < s->cat->builds[i]->nbprov; a++) {
			bp = &s->cat->builds[i]->bprov[a];
			if (bp->binary != NULL && bp->provider != NULL &&
			    strcmp(bp->provider, p->name) == 0) {
				pv.binary = bp->binary;
				break;
			}
		}
	for (i = 0; i < s->cat->nbuilds; i++)
		if (s->bpcount[(size_t)i * s->cat->nproviders + idx] > 0)
			S_vpush(&w->prov, &pv.present, s->cat->builds[i]);
	/* The TSV download: the newest schema, a TSV export first. */
	for (i = p->nschemas; i-- > 0; ) {
		ps = p->schemas[i];
		if (ps->kind == ECAT_SRC_SAMPLE)
			continue;
		if (tsv != NULL && ps->build != tsv->build)
			break;
		if (tsv == NULL || ps->kind == ECAT_SRC_TSV)
			tsv = ps;
	}
	pv.json_href = S_pprintf(&w->prov, "downloads/%s.json", pi->safe);
	if (tsv != NULL) {
		pv.tsv_href = S_pprintf(&w->prov, "downloads/%s.tsv",
		    pi->safe);
		pv.tsv_build = tsv->build->id;
	}
	S_tables(&w->prov, &pv);

	snprintf(rel, sizeof(rel), "providers/%s", pi->safe);
	if (S_mkdir(s, rel) == -1)
		return;
	snprintf(rel, sizeof(rel), "providers/%s/events", pi->safe);
	if (S_mkdir(s, rel) == -1)
		return;

	ecat_buf_init(&tmp);
	ecat_buf_reset(&w->pjson);
	jf = S_buffile(&w->json);
	pf = S_buffile(&w->pjson);
	if (jf == NULL || pf == NULL) {
		S_fail(s, "fopencookie", errno);
		goto out;
	}
	fputs("{\"etwcat_provider\":1,\"generator\":\"etwcat "
	    ECAT_VERSION "\",\"name\":\"", pf);
	jsonw_escape(pf, p->name, strlen(p->name));
	fputs("\",\"guid\":", pf);
	if (p->guid != NULL) {
		fputc('"', pf);
		jsonw_escape(pf, p->guid, strlen(p->guid));
		fputc('"', pf);
	} else
		fputs("null", pf);
	fputs(",\"builds\":[", pf);
	for (k = 0; k < pv.present.n; k++) {
		const struct ecat_build *bd = pv.present.v[k];

		fputs(k ? ",\"" : "\"", pf);
		jsonw_escape(pf, bd->id, strlen(bd->id));
		fputc('"', pf);
	}
	fputs("],\"events\":[\n", pf);

	for (a = 0; a < p->nkeys; a = b) {
		for (b = a + 1; b < p->nkeys && p->keys[b]->id ==
		    p->keys[a]->id; b++)
			continue;
		ecat_pool_reset(&w->page);
		ev = S_evpage(w, pi, (const struct ecat_evkey *const *)
		    p->keys + a, b - a, &tmp);
		memset(&pg, 0, sizeof(pg));
		pg.s = s;
		pg.root = S_root(3);
		pg.title = ev->title != NULL ? S_pprintf(&w->page,
		    "%s (event %u, %s)", ev->title, ev->id, p->name) :
		    S_pprintf(&w->page, "Event %u, %s", ev->id, p->name);
		pg.canonical = S_canonical(&w->page, s, ev->href);
		pg.prov = &pv;
		pg.ev = ev;
		pg.tmp = &tmp;
		S_render(w, s->t_event, &pg, ev->href);

		ecat_buf_reset(&w->json);
		S_json_event(jf, pi, ev, s->o->base_url);
		fputc('\n', jf);
		fflush(jf);
		S_emit(w, ev->json_href, w->json.buf, w->json.len);
		if (a > 0)
			fputs(",\n", pf);
		fwrite(w->json.buf, 1, w->json.len - 1, pf);

		S_vpush(&w->prov, &pv.rows, S_evrow(&w->prov, ev));
		if (ev->vers[0]->channel != NULL) {
			for (k = 0; k < chans.n; k++)
				if (strcmp(chans.v[k], ev->vers[0]->channel) ==
				    0)
					break;
			if (k == chans.n)
				S_vpush(&w->prov, &chans, S_pstr(&w->prov,
				    ev->vers[0]->channel));
		}
	}
	fputs("\n]}\n", pf);
	fflush(pf);

	pv.summary = chans.n > 0 ? S_pprintf(&w->prov,
	    "%u event%s across %zu channel%s", pi->nids, pi->nids == 1 ?
	    "" : "s", chans.n, chans.n == 1 ? "" : "s") :
	    S_pprintf(&w->prov, "%u event%s", pi->nids, pi->nids == 1 ?
	    "" : "s");
	ecat_pool_reset(&w->page);
	memset(&pg, 0, sizeof(pg));
	pg.s = s;
	pg.root = S_root(2);
	pg.title = p->name;
	pg.canonical = S_canonical(&w->page, s, pi->href);
	pg.prov = &pv;
	pg.tmp = &tmp;
	S_render(w, s->t_provider, &pg, pi->href);

	S_emit(w, pv.json_href, w->pjson.buf, w->pjson.len);
	if (tsv != NULL) {
		ecat_buf_reset(&w->out);
		ecat_export_tsv_schema(tsv, &w->out);
		S_emit(w, pv.tsv_href, w->out.buf, w->out.len);
	}
out:
	if (jf != NULL)
		fclose(jf);
	if (pf != NULL)
		fclose(pf);
	ecat_buf_free(&tmp);
}

/* ------------------------------------------------ build pages, index */

static void
S_job_build(struct worker *w, uint32_t bi)
{
	struct site		*s = w->s;
	const struct ecat_catalog *cat = s->cat;
	struct buildview	 bv;
	struct page		 pg;
	struct ecat_buf		 tmp;
	char			 rel[PATH_MAX];
	uint32_t		 i, np = cat->nproviders, c;
	uint8_t			 m;
	size_t			 k;

	ecat_pool_reset(&w->page);
	memset(&bv, 0, sizeof(bv));
	bv.b = cat->builds[bi];
	bv.prev = bi > 0 ? cat->builds[bi - 1] : NULL;
	bv.next = bi + 1 < cat->nbuilds ? cat->builds[bi + 1] : NULL;
	bv.rows = PNEW(&w->page, struct bprovrow, np ? np : 1);
	for (i = 0; i < np; i++) {
		if ((c = s->bpcount[(size_t)bi * np + i]) == 0)
			continue;
		m = s->bpmask[(size_t)bi * np + i];
		bv.rows[bv.nrows].pi = &s->pinfo[i];
		bv.rows[bv.nrows].nkeys = c;
		bv.rows[bv.nrows].sources = S_pprintf(&w->page, "%s%s%s%s%s",
		    m & 1 ? kindname[0] : "", (m & 1) && (m & 6) ? ", " : "",
		    m & 2 ? kindname[1] : "", (m & 2) && (m & 4) ? ", " : "",
		    m & 4 ? kindname[2] : "");
		bv.nrows++;
		bv.nkeys += c;
	}
	bv.changes = s->dbyto + s->dstart[bi];
	bv.nchanges = s->dstart[bi + 1] - s->dstart[bi];
	for (k = 0; k < bv.nchanges; k++)
		if (bv.changes[k]->sev == ECAT_DSEV_BREAKING)
			bv.nbreaking++;
	snprintf(rel, sizeof(rel), "builds/%s", s->bsafe[bi]);
	if (S_mkdir(s, rel) == -1)
		return;
	ecat_buf_init(&tmp);
	memset(&pg, 0, sizeof(pg));
	pg.s = s;
	pg.root = S_root(2);
	pg.title = S_pprintf(&w->page, "Build %s", bv.b->id);
	pg.canonical = S_canonical(&w->page, s, s->bhref[bi]);
	pg.build = &bv;
	pg.tmp = &tmp;
	S_render(w, s->t_build, &pg, s->bhref[bi]);
	ecat_buf_free(&tmp);
}

static void
S_job_index(struct worker *w)
{
	struct site	*s = w->s;
	struct page	 pg;
	struct ecat_buf	 tmp;

	ecat_pool_reset(&w->page);
	ecat_buf_init(&tmp);
	memset(&pg, 0, sizeof(pg));
	pg.s = s;
	pg.root = S_root(0);
	pg.title = SITE_NAME;
	pg.canonical = S_canonical(&w->page, s, "index.html");
	pg.is_home = 1;
	pg.tmp = &tmp;
	S_render(w, s->t_index, &pg, "index.html");
	ecat_buf_free(&tmp);
}

/* ------------------------------------------------------------- search */

/* Field names by pointer (they are interned) → dictionary slot. */
struct fdict {
	const char	**key;
	uint32_t	*count;
	uint32_t	*slot;		/* final index */
	size_t		 cap, n;
};

static size_t
S_fd_find(struct fdict *d, const char *k)
{
	size_t	 i;

	i = (size_t)(((uintptr_t)k >> 3) * 0x9e3779b97f4a7c15ULL) &
	    (d->cap - 1);
	while (d->key[i] != NULL && d->key[i] != k &&
	    strcmp(d->key[i], k) != 0)
		i = (i + 1) & (d->cap - 1);
	return i;
}

static void
S_fd_grow(struct fdict *d)
{
	const char	**ok = d->key;
	uint32_t	 *oc = d->count;
	size_t		  ocap = d->cap, i, j;

	d->cap = d->cap ? d->cap * 2 : 4096;
	d->key = ecat_calloc(d->cap, sizeof(*d->key));
	d->count = ecat_calloc(d->cap, sizeof(*d->count));
	for (i = 0; i < ocap; i++)
		if (ok[i] != NULL) {
			j = S_fd_find(d, ok[i]);
			d->key[j] = ok[i];
			d->count[j] = oc[i];
		}
	free(ok);
	free(oc);
}

/*
 * Strings equal but interned apart would hash apart; names are
 * interned per catalog, so equal names share a pointer and this
 * hashes by pointer with a strcmp fallback on collisions.
 */
static void
S_fd_add(struct fdict *d, const char *k)
{
	size_t	 i;

	if (k == NULL || k[0] == '\0')
		return;
	if (2 * (d->n + 1) > d->cap)
		S_fd_grow(d);
	i = S_fd_find(d, k);
	if (d->key[i] == NULL) {
		d->key[i] = k;
		d->n++;
	}
	d->count[i]++;
}

static int
S_fdcmp(const void *a, const void *b, void *arg)
{
	const struct fdict	*d = arg;
	size_t			 x = *(const size_t *)a, y = *(const size_t *)b;

	if (d->count[x] != d->count[y])
		return d->count[x] > d->count[y] ? -1 : 1;
	return strcmp(d->key[x], d->key[y]);
}

/* The field lists of every version of an event page, as shapes. */
static void
S_evshapes(const struct ecat_evkey *const *keys, uint32_t n,
    const struct ecat_shape **out)
{
	uint32_t	 i;

	for (i = 0; i < n; i++)
		out[i] = S_shape(S_repr(keys[i], NULL));
}

/*
 * search-index.js: one call, etwcatIndex({...}), of columns (etwcat.1,
 * SITE): "P" provider names, "U" their folder names where they differ,
 * "n" event pages per provider, "i" event ids, "t" titles, "F" the
 * field-name dictionary (most used first, so most indexes are short)
 * and "f" per event the indexes of its field names.  A script tag can
 * load it from file://, where fetch() of a .json file is refused.
 */
static void
S_job_search(struct worker *w)
{
	struct site			*s = w->s;
	const struct ecat_catalog	*cat = s->cat;
	const struct ecat_provider	*p;
	const struct ecat_shape		*shp[256], **sh;
	struct fdict			 d;
	struct ecat_buf			 tmp;
	struct jsonw			 j;
	size_t				*order, i, k;
	uint32_t			 pi, a, b, v, f, nv, *seen, nseen;
	const char			*title;
	FILE				*out;

	memset(&d, 0, sizeof(d));
	ecat_buf_init(&tmp);
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			for (b = a + 1; b < p->nkeys && p->keys[b]->id ==
			    p->keys[a]->id; b++)
				continue;
			nv = b - a > 256 ? 256 : b - a;
			S_evshapes((const struct ecat_evkey *const *)
			    p->keys + a, nv, shp);
			for (v = 0; v < nv; v++)
				for (f = 0; shp[v] != NULL &&
				    f < shp[v]->nfields; f++)
					S_fd_add(&d, shp[v]->fields[f].name);
		}
	}
	order = ecat_calloc(d.n ? d.n : 1, sizeof(*order));
	for (i = k = 0; i < d.cap; i++)
		if (d.key != NULL && d.key[i] != NULL)
			order[k++] = i;
	qsort_r(order, d.n, sizeof(*order), S_fdcmp, &d);
	d.slot = ecat_calloc(d.cap ? d.cap : 1, sizeof(*d.slot));
	for (k = 0; k < d.n; k++)
		d.slot[order[k]] = (uint32_t)k;

	ecat_buf_reset(&w->out);
	if ((out = S_buffile(&w->out)) == NULL) {
		S_fail(s, "fopencookie", errno);
		goto done;
	}
	fputs("/* etwcat search index: see etwcat(1), SITE. */\n"
	    "etwcatIndex(", out);
	jsonw_init(&j, out, 0);
	jsonw_obj_open(&j);
	jsonw_kint(&j, "v", 1);
	jsonw_key(&j, "P");
	jsonw_arr_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++)
		jsonw_str(&j, cat->providers[pi]->name);
	jsonw_arr_close(&j);
	jsonw_key(&j, "U");
	jsonw_obj_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++)
		if (strcmp(s->pinfo[pi].safe, cat->providers[pi]->name) != 0) {
			char	 key[16];

			snprintf(key, sizeof(key), "%u", pi);
			jsonw_kstr(&j, key, s->pinfo[pi].safe);
		}
	jsonw_obj_close(&j);
	jsonw_key(&j, "n");
	jsonw_arr_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++)
		jsonw_int(&j, s->pinfo[pi].nids);
	jsonw_arr_close(&j);
	jsonw_key(&j, "F");
	jsonw_arr_open(&j);
	for (k = 0; k < d.n; k++)
		jsonw_str(&j, d.key[order[k]]);
	jsonw_arr_close(&j);
	/* ids, titles and field lists, one pass each over the events */
	jsonw_key(&j, "i");
	jsonw_arr_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			for (b = a + 1; b < p->nkeys && p->keys[b]->id ==
			    p->keys[a]->id; b++)
				continue;
			jsonw_int(&j, p->keys[a]->id);
		}
	}
	jsonw_arr_close(&j);
	jsonw_key(&j, "t");
	jsonw_arr_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			for (b = a + 1; b < p->nkeys && p->keys[b]->id ==
			    p->keys[a]->id; b++)
				continue;
			title = NULL;
			for (v = b; v-- > a && title == NULL; ) {
				ecat_pool_reset(&w->page);
				title = S_title(&w->page, S_repr(p->keys[v],
				    NULL), &tmp);
			}
			jsonw_str(&j, title != NULL ? title : "");
		}
	}
	jsonw_arr_close(&j);
	jsonw_key(&j, "f");
	jsonw_arr_open(&j);
	seen = ecat_calloc(4096, sizeof(*seen));
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			for (b = a + 1; b < p->nkeys && p->keys[b]->id ==
			    p->keys[a]->id; b++)
				continue;
			nv = b - a > 256 ? 256 : b - a;
			sh = shp;
			S_evshapes((const struct ecat_evkey *const *)
			    p->keys + a, nv, sh);
			nseen = 0;
			jsonw_arr_open(&j);
			for (v = nv; v-- > 0; )
				for (f = 0; sh[v] != NULL &&
				    f < sh[v]->nfields; f++) {
					const char *fn = sh[v]->fields[f].name;
					uint32_t x, q;

					if (fn == NULL || fn[0] == '\0')
						continue;
					x = d.slot[S_fd_find(&d, fn)];
					for (q = 0; q < nseen && seen[q] != x;
					    q++)
						continue;
					if (q < nseen || nseen == 4096)
						continue;
					seen[nseen++] = x;
					jsonw_int(&j, x);
				}
			jsonw_arr_close(&j);
		}
	}
	free(seen);
	jsonw_arr_close(&j);
	jsonw_obj_close(&j);
	fputs(");\n", out);
	fclose(out);
	S_emit(w, "search-index.js", w->out.buf, w->out.len);
done:
	free(order);
	free(d.key);
	free(d.count);
	free(d.slot);
	ecat_buf_free(&tmp);
}

/* ------------------------------------------- catalog JSON and assets */

/*
 * A FILE for a large streamed file (catalog.json) that compares what is
 * written with the previous site's file as it goes and writes nothing
 * while they agree: at the first difference it copies the agreeing
 * part from the old file and writes on.  An unchanged file is then
 * linked from the previous site: no gigabyte is written again.
 */
struct cmpw {
	int		 oldfd;		/* previous file, or -1 */
	int		 newfd;		/* -1 while nothing differs */
	const char	*newpath;
	uint64_t	 pos;		/* bytes equal so far */
	uint64_t	 total;		/* bytes written to the FILE */
	char		*buf;
	size_t		 cap;
	int		 err;		/* errno of a failure */
};

/* Start writing the new file with the first pos bytes of the old. */
static int
S_cmpw_diverge(struct cmpw *c)
{
	uint64_t	 off = 0;
	ssize_t		 r;
	size_t		 n;

	if ((c->newfd = open(c->newpath, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, 0666)) == -1)
		return -1;
	while (off < c->pos) {
		n = c->pos - off < c->cap ? (size_t)(c->pos - off) : c->cap;
		if ((r = pread(c->oldfd, c->buf, n, (off_t)off)) <= 0 ||
		    S_writeall(c->newfd, c->buf, (size_t)r) == -1)
			return -1;
		off += (uint64_t)r;
	}
	close(c->oldfd);
	c->oldfd = -1;
	return 0;
}

static ssize_t
S_cmpw_write(void *cookie, const char *b, size_t n)
{
	struct cmpw	*c = cookie;
	size_t		 got = 0;
	ssize_t		 r;

	if (c->err)
		return -1;
	c->total += n;
	if (c->newfd == -1 && c->oldfd != -1) {
		if (c->cap < n) {
			free(c->buf);
			c->cap = n;
			c->buf = ecat_malloc(c->cap);
		}
		while (got < n) {
			r = read(c->oldfd, c->buf + got, n - got);
			if (r == -1 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		if (got == n && memcmp(c->buf, b, n) == 0) {
			c->pos += n;
			return (ssize_t)n;
		}
		if (S_cmpw_diverge(c) == -1) {
			c->err = errno ? errno : EIO;
			return -1;
		}
	} else if (c->newfd == -1 && (c->newfd = open(c->newpath,
	    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) == -1) {
		c->err = errno;
		return -1;
	}
	if (S_writeall(c->newfd, b, n) == -1) {
		c->err = errno;
		return -1;
	}
	return (ssize_t)n;
}

/*
 * downloads/catalog.json: the export document (about 0.9 GB for the
 * 17-build corpus), streamed; kept from the previous site when equal.
 */
static void
S_job_catalog(struct worker *w)
{
	cookie_io_functions_t	 io = { NULL, S_cmpw_write, NULL, NULL };
	struct site		*s = w->s;
	struct cmpw		 c;
	char			 new[PATH_MAX], old[PATH_MAX], one;
	FILE			*f;
	int			 rc;

	memset(&c, 0, sizeof(c));
	c.oldfd = c.newfd = -1;
	snprintf(new, sizeof(new), "%s/downloads/catalog.json", s->tmp);
	snprintf(old, sizeof(old), "%s/downloads/catalog.json", s->dir);
	c.newpath = new;
	if (s->have_old)
		c.oldfd = open(old, O_RDONLY | O_CLOEXEC);
	if ((f = fopencookie(&c, "w", io)) == NULL) {
		S_fail(s, new, errno);
		goto out;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	__fsetlocking(f, FSETLOCKING_BYCALLER);
	rc = ecat_export_json(s->cat, f);
	if (fclose(f) == EOF || rc == -1 || c.err) {
		S_fail(s, new, c.err ? c.err : errno ? errno : EIO);
		goto out;
	}
	w->st.files++;
	w->st.bytes += c.total;
	if (c.newfd == -1 && c.oldfd != -1) {
		/* Equal so far: equal if the old file ends here too. */
		if (read(c.oldfd, &one, 1) == 0) {
			if (link(old, new) == -1 && S_copyfile(old, new) == -1)
				S_fail(s, new, errno);
			w->st.unchanged++;
			goto out;
		}
		if (S_cmpw_diverge(&c) == -1)
			S_fail(s, new, errno ? errno : EIO);
	} else if (c.newfd == -1 && (c.newfd = open(new, O_WRONLY |
	    O_CREAT | O_EXCL | O_CLOEXEC, 0666)) == -1)
		S_fail(s, new, errno);	/* an empty document */
out:
	if (c.newfd != -1 && close(c.newfd) == -1)
		S_fail(s, new, errno);
	if (c.oldfd != -1)
		close(c.oldfd);
	free(c.buf);
}

/*
 * Copy templates/assets/ (flat; safe names only) to assets/: the
 * embedded ones, or those of the templates folder given.
 */
static void
S_job_assets(struct worker *w)
{
	struct site	*s = w->s;
	const struct ecat_embedded *e;
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		 path[PATH_MAX], rel[PATH_MAX], *buf;
	FILE		*f;
	size_t		 n;

	if (s->tpldir == NULL) {
		for (e = ecat_embedded_files; e->name != NULL; e++)
			if (strncmp(e->name, "assets/", 7) == 0)
				S_emit(w, e->name, e->data, e->len);
		return;
	}
	snprintf(path, sizeof(path), "%s/assets", s->tpldir);
	if ((d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !html_is_safe(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/assets/%s", s->tpldir,
		    de->d_name);
		if (stat(path, &st) == -1 || !S_ISREG(st.st_mode) ||
		    st.st_size > 64 * 1024 * 1024)
			continue;
		if ((f = fopen(path, "r")) == NULL) {
			S_fail(s, path, errno);
			continue;
		}
		buf = ecat_malloc((size_t)st.st_size + 1);
		n = fread(buf, 1, (size_t)st.st_size, f);
		fclose(f);
		snprintf(rel, sizeof(rel), "assets/%s", de->d_name);
		S_emit(w, rel, buf, n);
		free(buf);
	}
	closedir(d);
}

/* ---------------------------------------------------------- workers */

enum jobkind { J_CATALOG, J_PROVIDER, J_BUILD, J_INDEX, J_SEARCH,
    J_ASSETS, J_MARKER };

struct job {
	enum jobkind	 kind;
	uint32_t	 idx;
};

static void
S_job(struct worker *w, const struct job *j)
{
	static const char marker[] = "etwcat site: this folder is replaced "
	    "as a whole by etwcat build\n";

	switch (j->kind) {
	case J_CATALOG:
		S_job_catalog(w);
		break;
	case J_PROVIDER:
		S_job_provider(w, j->idx);
		pthread_mutex_lock(&w->s->lock);
		w->s->done++;
		pthread_mutex_unlock(&w->s->lock);
		break;
	case J_BUILD:
		S_job_build(w, j->idx);
		break;
	case J_INDEX:
		S_job_index(w);
		break;
	case J_SEARCH:
		S_job_search(w);
		break;
	case J_ASSETS:
		S_job_assets(w);
		break;
	case J_MARKER:
		S_emit(w, MARKER, marker, sizeof(marker) - 1);
		break;
	}
}

struct wstart {
	struct site	*s;
	struct job	*jobs;
	struct worker	*w;
};

static void *
S_worker(void *arg)
{
	struct wstart	*ws = arg;
	struct site	*s = ws->s;
	size_t		 j;

	for (;;) {
		pthread_mutex_lock(&s->lock);
		j = s->failed ? s->njobs : s->next++;
		pthread_mutex_unlock(&s->lock);
		if (j >= s->njobs)
			break;
		S_job(ws->w, &ws->jobs[j]);
	}
	return NULL;
}

static void
S_worker_free(struct worker *w)
{
	ecat_buf_free(&w->out);
	ecat_buf_free(&w->json);
	ecat_buf_free(&w->pjson);
	ecat_pool_free(&w->page);
	ecat_pool_free(&w->prov);
	free(w->cmp);
}

/* ------------------------------------------------------------- setup */

char *
ecat_site_templates_dir(void)
{
	const char	*env;

	if ((env = getenv("ETWCAT_TEMPLATES")) != NULL && env[0] != '\0')
		return ecat_strdup(env);
	return NULL;
}

/* ------------------------------------------------------------ removal */

/*
 * Deepest folder level removed below a tree's root.  A site is four
 * levels deep (DIR/providers/<Provider>/events/); the bound leaves room
 * for what someone added to a published site, and keeps the stack a
 * walk needs small (a 2 KiB buffer per level, 128 KiB at most, well
 * within a thread's stack), since the walk also runs in the
 * out-of-memory hook, on whichever thread ran out.
 */
#define RM_DEPTH	64

/*
 * Remove name (relative to dfd) and, for a folder, everything in it,
 * without allocating: the out-of-memory hook below calls this after
 * malloc failed, so there is no nftw(3) (it allocates) and no
 * opendir(3).  Each folder is opened relative to its parent's
 * descriptor with O_NOFOLLOW, so a symbolic link is removed, never
 * followed, and nothing outside the tree is touched.  A failure does
 * not stop the walk: as much as can go goes.  A folder still not empty
 * after its walk (an entry added behind the walk by another thread, or
 * missed by a directory read during removals) is walked again, twice
 * at most; one nested deeper than RM_DEPTH is left (ENOTEMPTY).
 * Returns 0 (also when name does not exist), or -1 with errno the
 * first failure.
 */
static int
S_rmat(int dfd, const char *name, int depth)
{
	char		 buf[2048] __attribute__((aligned(8)));
	struct dirent64	*de;
	ssize_t		 n, off;
	int		 fd, e = 0, tries;

	if ((fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		/* A file or a symbolic link: unlinked as such. */
		if (errno != ENOTDIR && errno != ELOOP)
			return -1;
		return unlinkat(dfd, name, 0) == -1 && errno != ENOENT ?
		    -1 : 0;
	}
	if (depth >= RM_DEPTH) {
		close(fd);
		errno = ENOTEMPTY;
		return -1;
	}
	for (tries = 0; ; tries++) {
		if (lseek(fd, 0, SEEK_SET) == -1) {
			e = errno;
			break;
		}
		while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
			for (off = 0; off < n; off += de->d_reclen) {
				de = (struct dirent64 *)(void *)(buf + off);
				if (strcmp(de->d_name, ".") == 0 ||
				    strcmp(de->d_name, "..") == 0)
					continue;
				if ((de->d_type == DT_DIR ||
				    de->d_type == DT_UNKNOWN ?
				    S_rmat(fd, de->d_name, depth + 1) :
				    unlinkat(fd, de->d_name, 0) == -1 &&
				    errno != ENOENT ? -1 : 0) == -1 && e == 0)
					e = errno;
			}
		if (n == -1 && e == 0)
			e = errno;
		if (e != 0 || unlinkat(dfd, name, AT_REMOVEDIR) == 0 ||
		    errno == ENOENT)
			break;
		if ((errno != ENOTEMPTY && errno != EEXIST) || tries == 2) {
			e = errno;
			break;
		}
	}
	close(fd);
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}

/*
 * Remove a tree this run created (the temporary folder), the previous
 * site it replaced, or a folder a killed build left.  Returns 0 or -1
 * (errno); the caller reports a failure, which S_rmfail makes an
 * io-write diagnostic.
 */
static int
S_rmtree(const char *path)
{
	return S_rmat(AT_FDCWD, path, 0);
}

/*
 * A folder this build meant to remove and could not (what says which).
 * An io-write diagnostic and so exit status 3, even when the new site
 * is in place: the folder stays beside it, holding a site's worth of
 * disk, until someone removes it, and a script that publishes the site
 * must hear of it.  errno is the failure.
 */
static void
S_rmfail(const struct site *s, const char *path, const char *what)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	int		 e = errno;

	loc.file = ecat_file(s->cat, path);
	ecat_msg(s->cat->diag, ECAT_MSG_IO_WRITE, &loc, "could not remove "
	    "%s: %s", what, strerror(e));
}

/*
 * Out of memory during a build.  alloc.c reports it and exits at once,
 * from whichever thread ran out, which would leave DIR.tmp.<pid> beside
 * the site (the previous site is intact: nothing is swapped before the
 * new one is complete).  The hook below removes the folder first.  It
 * must not allocate, so the names live in fixed buffers, and it is set
 * only while the name holds nothing but this run's work: from the
 * mkdir of the folder to the end of ecat_site_build.  After the swap
 * the name holds nothing (a plain rename) or the previous site on its
 * way out (an exchange), never the new site; before the mkdir the hook
 * is unset, so nothing of an earlier build is touched.  One build at a
 * time per process: the hook and the buffers are global.
 *
 * The site's worker threads may still be writing into the folder while
 * the hook runs.  The hook therefore first renames the folder to
 * DIR.tmp.<pid>.oom, a name no worker builds paths from: their later
 * opens, links and mkdirs under DIR.tmp.<pid> fail with ENOENT instead
 * of adding entries behind the walk, and S_stale removes that name as
 * well, should the process die before the walk ends.  A call already
 * past its path lookup can still add one entry; S_rmat walks a folder
 * again when it is not empty.  A flag the writers test would leave the
 * same window open, and a lock could deadlock: the thread that ran out
 * may hold s->lock (S_fail allocates under it).
 */
static char	 S_oomtmp[PATH_MAX], S_oomgrave[PATH_MAX];

/* The hook (ecat_oom_hook): reports a failed removal itself. */
static void
S_oomclean(void)
{
	const char	*p = S_oomtmp;

	if (S_oomgrave[0] != '\0' && rename(S_oomtmp, S_oomgrave) == 0)
		p = S_oomgrave;
	if (S_rmtree(p) == -1) {
		/* As alloc.c: stdio to stderr, which allocates nothing. */
		fputs("etwcat: could not remove ", stderr);
		fputs(p, stderr);
		fputs(": ", stderr);
		fputs(strerror(errno), stderr);
		fputc('\n', stderr);
	}
}

/* Set the hook for s->tmp, just created.  No allocation. */
static void
S_oomarm(const struct site *s)
{
	if ((size_t)snprintf(S_oomtmp, sizeof(S_oomtmp), "%s", s->tmp) >=
	    sizeof(S_oomtmp))
		return;
	if ((size_t)snprintf(S_oomgrave, sizeof(S_oomgrave), "%s.oom",
	    s->tmp) >= sizeof(S_oomgrave))
		S_oomgrave[0] = '\0';
	ecat_oom_hook(S_oomclean);
}

/* Is dir empty?  1, 0, or -1 if unreadable. */
static int
S_isempty(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 empty = 1;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

/* Count what the index, builds and search need, in one pass. */
static void
S_count(struct site *s)
{
	const struct ecat_catalog	*cat = s->cat;
	const struct ecat_provider	*p;
	const struct ecat_evkey		*k;
	struct pinfo			*pi;
	uint32_t			 i, j, o, np = cat->nproviders, bi;
	uint32_t			 last;
	size_t				 d;

	s->pinfo = ecat_calloc(np ? np : 1, sizeof(*s->pinfo));
	s->bpcount = ecat_calloc((size_t)cat->nbuilds * np + 1,
	    sizeof(*s->bpcount));
	s->bpmask = ecat_calloc((size_t)cat->nbuilds * np + 1, 1);
	for (i = 0; i < np; i++) {
		p = cat->providers[i];
		pi = &s->pinfo[i];
		pi->p = p;
		pi->idx = i;
		pi->safe = s->psafe[i];
		pi->href = ecat_asprintf("providers/%s/index.html", pi->safe);
		pi->first = UINT32_MAX;
		for (j = 0; j < p->nkeys; j++) {
			k = p->keys[j];
			if (j == 0 || k->id != p->keys[j - 1]->id)
				pi->nids++;
			last = UINT32_MAX;
			for (o = 0; o < k->nocc; o++) {
				bi = k->occ[o].build->index;
				s->bpmask[(size_t)bi * np + i] |=
				    (uint8_t)(1u << k->occ[o].kind);
				if (bi == last)
					continue;
				last = bi;
				s->bpcount[(size_t)bi * np + i]++;
			}
		}
		for (bi = 0; bi < cat->nbuilds; bi++)
			if (s->bpcount[(size_t)bi * np + i] > 0) {
				if (pi->first == UINT32_MAX)
					pi->first = bi;
				pi->last = bi;
				pi->nbuilds++;
			}
		if (pi->first == UINT32_MAX)
			pi->first = 0;
		s->nids += pi->nids;
		s->nkeys += p->nkeys;
	}
	/* Drift findings by the build they lead to. */
	s->dstart = ecat_calloc(cat->nbuilds + 1, sizeof(*s->dstart));
	s->dbyto = ecat_calloc(cat->ndrift ? cat->ndrift : 1,
	    sizeof(*s->dbyto));
	for (d = 0; d < cat->ndrift; d++)
		if (cat->drift[d].to != NULL)
			s->dstart[cat->drift[d].to->index + 1]++;
	for (bi = 0; bi < cat->nbuilds; bi++)
		s->dstart[bi + 1] += s->dstart[bi];
	{
		size_t *fill = ecat_calloc(cat->nbuilds + 1, sizeof(*fill));

		for (d = 0; d < cat->ndrift; d++)
			if (cat->drift[d].to != NULL) {
				bi = cat->drift[d].to->index;
				s->dbyto[s->dstart[bi] + fill[bi]++] =
				    &cat->drift[d];
			}
		free(fill);
	}
}

static void
S_site_free(struct site *s)
{
	uint32_t	 i;

	tpl_set_free(s->tpls);
	if (s->pinfo != NULL)
		for (i = 0; i < s->cat->nproviders; i++)
			free((char *)s->pinfo[i].href);
	free(s->pinfo);
	html_names_free(s->psafe, s->cat->nproviders);
	html_names_free(s->bsafe, s->cat->nbuilds);
	html_names_free(s->bhref, s->cat->nbuilds);
	free(s->bpcount);
	free(s->bpmask);
	free(s->dstart);
	free(s->dbyto);
	free(s->tpldir);
	free(s->dir);
	free(s->tmp);
	free(s->errpath);
	free(s->limtpl);
	pthread_mutex_destroy(&s->lock);
}

/* Larger providers first, so no thread is left with a big one last. */
static int
S_jobcmp(const void *a, const void *b, void *arg)
{
	const struct job	*x = a, *y = b;
	const struct site	*s = arg;
	uint32_t		 nx, ny;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if (x->kind != J_PROVIDER)
		return x->idx < y->idx ? -1 : x->idx > y->idx;
	nx = s->cat->providers[x->idx]->nkeys;
	ny = s->cat->providers[y->idx]->nkeys;
	if (nx != ny)
		return nx > ny ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
S_progress(struct site *s, int final)
{
	size_t	 done;

	pthread_mutex_lock(&s->lock);
	done = s->done;
	pthread_mutex_unlock(&s->lock);
	if (final)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\retwcat: rendering providers %zu/%u",
		    done, s->cat->nproviders);
	fflush(stderr);
}

/*
 * Check DIR before anything is written: it may be missing, empty, or a
 * site an earlier build wrote (it holds MARKER).  Anything else (a
 * symbolic link, a file, a folder of other things) is refused, since
 * the swap would replace it and delete what it held.  Returns 0 (with
 * s->have_old set), or -1 with a message in *why.
 */
static int
S_checkdir(struct site *s, const char **why)
{
	struct stat	 st;
	char		*m;
	int		 e;

	if (lstat(s->dir, &st) == -1) {
		if (errno == ENOENT)
			return 0;
		*why = strerror(errno);
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		*why = "is a symbolic link; give the folder it points to";
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*why = "exists and is not a folder";
		return -1;
	}
	if ((e = S_isempty(s->dir)) == 1)
		return 0;
	m = ecat_asprintf("%s/" MARKER, s->dir);
	e = e == -1 ? -1 : stat(m, &st);
	free(m);
	if (e != 0) {
		*why = "is not empty and holds no site written by etwcat "
		    "build (no " MARKER "); refusing to replace it";
		return -1;
	}
	s->have_old = 1;
	return 0;
}

/*
 * Remove DIR.tmp.<pid> folders that builds killed midway left beside
 * DIR, and DIR.tmp.<pid>.oom ones that builds out of memory were
 * removing when they died (S_oomclean), when no process of that pid
 * runs any more.  Only names of those exact forms are touched.  One
 * that cannot be removed is reported (S_rmfail).
 */
static void
S_stale(const struct site *s)
{
	const char	*slash = strrchr(s->dir, '/');
	char		*parent, *path, *end;
	const char	*base;
	struct dirent	*de;
	size_t		 n;
	long		 pid;
	DIR		*d;

	parent = slash == NULL ? ecat_strdup(".") : slash == s->dir ?
	    ecat_strdup("/") : ecat_strndup(s->dir, (size_t)(slash - s->dir));
	base = slash == NULL ? s->dir : slash + 1;
	n = strlen(base);
	if ((d = opendir(parent)) == NULL) {
		free(parent);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, base, n) != 0 ||
		    strncmp(de->d_name + n, ".tmp.", 5) != 0 ||
		    de->d_name[n + 5] < '1' || de->d_name[n + 5] > '9')
			continue;
		pid = strtol(de->d_name + n + 5, &end, 10);
		if ((*end != '\0' && strcmp(end, ".oom") != 0) ||
		    pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		path = ecat_asprintf("%s/%s", parent, de->d_name);
		if (S_rmtree(path) == -1)
			S_rmfail(s, path, "the folder a build that was stopped "
			    "left");
		free(path);
	}
	closedir(d);
	free(parent);
}

/*
 * Put the new site in place of the old one, then remove the old one.
 * Returns 0 (the new site in place; a previous site that could not be
 * removed is reported), -1 (errno; nothing changed), or -2 when the
 * previous site was moved aside and could not be put back (reported).
 */
static int
S_swap(struct site *s)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	char		*old;
	int		 e;

	if (!s->have_old && S_isempty(s->dir) == 1)
		rmdir(s->dir);
	if (renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->dir,
	    RENAME_EXCHANGE) == 0) {
		/* s->tmp now holds the previous site. */
		if (S_rmtree(s->tmp) == -1)
			S_rmfail(s, s->tmp, "the previous site (the new one "
			    "is in place)");
		return 0;
	}
	if (errno == ENOENT && rename(s->tmp, s->dir) == 0)
		return 0;
	/* No atomic exchange here: two renames, old kept until done. */
	old = ecat_asprintf("%s.old.%ld", s->dir, (long)getpid());
	if (rename(s->dir, old) == -1 && errno != ENOENT) {
		e = errno;
		free(old);
		errno = e;
		return -1;
	}
	if (rename(s->tmp, s->dir) == -1) {
		e = errno;
		if (rename(old, s->dir) == -1 && errno != ENOENT) {
			loc.file = ecat_file(s->cat, old);
			ecat_msg(s->cat->diag, ECAT_MSG_IO_WRITE, &loc,
			    "%s; the new site could not be put in place, nor "
			    "the previous site moved back from here to %s",
			    strerror(e), s->dir);
			free(old);
			return -2;
		}
		free(old);
		errno = e;
		return -1;
	}
	if (S_rmtree(old) == -1)
		S_rmfail(s, old, "the previous site (the new one is in place)");
	free(old);
	return 0;
}

/*
 * Returns 0 once the new site is in place, or -1 after a diagnostic
 * (site.h).  A 0 can come with an io-write diagnostic too: the previous
 * site, or a folder a killed build left, could not be removed; the
 * command then exits 3 (ecat_diag_exit) with the new site published.
 */
int
ecat_site_build(struct ecat_catalog *cat, const struct ecat_site_opts *o,
    struct ecat_site_stats *stp)
{
	static const char *const dirs[] = { "providers", "builds",
	    "downloads", "assets", NULL };
	struct ecat_loc		 loc = { NULL, 0, 0 };
	struct site		 s;
	struct worker		*w;
	struct wstart		*ws;
	struct job		*jobs;
	pthread_t		*th;
	const char		*why = NULL, *const *dp;
	const char		**names;
	size_t			 n, i;
	uint32_t		 k;
	int			 nth, r, rc = -1, started = 0;
	struct timespec		 t0, t1, nap = { 0, 100 * 1000000L };

	memset(&s, 0, sizeof(s));
	s.cat = cat;
	s.o = o;
	pthread_mutex_init(&s.lock, NULL);
	s.dir = ecat_strdup(o->dir != NULL ? o->dir : "site");
	for (n = strlen(s.dir); n > 1 && s.dir[n - 1] == '/'; n--)
		s.dir[n - 1] = '\0';
	loc.file = ecat_file(cat, s.dir);
	if (strcmp(s.dir, ".") == 0 || strcmp(s.dir, "..") == 0 ||
	    strcmp(s.dir, "/") == 0 || s.dir[0] == '\0' ||
	    ((n = strlen(s.dir)) >= 3 && strcmp(s.dir + n - 3, "/..") == 0)) {
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "not a folder "
		    "the site can replace; name a folder for it");
		goto out;
	}
	if (S_checkdir(&s, &why) == -1) {
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s", why);
		goto out;
	}
	s.tmp = ecat_asprintf("%s.tmp.%ld", s.dir, (long)getpid());
	/* An earlier process of this pid, killed during its build. */
	if (S_rmtree(s.tmp) == -1) {
		S_rmfail(&s, s.tmp, "the folder an earlier build left");
		goto out;
	}
	S_stale(&s);

	/* Templates: every page type is parsed once, here. */
	s.tpldir = o->templates != NULL ? ecat_strdup(o->templates) :
	    ecat_site_templates_dir();
	s.tpls = s.tpldir != NULL ? tpl_set_new(s.tpldir, vocab,
	    sizeof(vocab) / sizeof(*vocab), cat->diag) :
	    tpl_set_new_mem(ECAT_EMBEDDED_DIR, ecat_embedded_text, vocab,
	    sizeof(vocab) / sizeof(*vocab), cat->diag);
	s.t_index = tpl_load(s.tpls, "index");
	s.t_provider = tpl_load(s.tpls, "provider");
	s.t_event = tpl_load(s.tpls, "event");
	s.t_build = tpl_load(s.tpls, "build");
	if (s.t_index == NULL || s.t_provider == NULL || s.t_event == NULL ||
	    s.t_build == NULL)
		goto out;

	/* Names: unique safe forms, in catalog order. */
	names = ecat_calloc(cat->nproviders + cat->nbuilds + 1,
	    sizeof(*names));
	for (k = 0; k < cat->nproviders; k++)
		names[k] = cat->providers[k]->name;
	s.psafe = html_safe_unique(names, cat->nproviders);
	for (k = 0; k < cat->nbuilds; k++)
		names[k] = cat->builds[k]->id;
	s.bsafe = html_safe_unique(names, cat->nbuilds);
	free(names);
	s.bhref = ecat_calloc(cat->nbuilds + 1, sizeof(*s.bhref));
	for (k = 0; k < cat->nbuilds; k++)
		s.bhref[k] = ecat_asprintf("builds/%s/index.html",
		    s.bsafe[k]);
	S_count(&s);

	if (mkdir(s.tmp, 0777) == -1) {
		loc.file = s.tmp;
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s",
		    strerror(errno));
		goto out;
	}
	started = 1;
	S_oomarm(&s);
	for (dp = dirs; *dp != NULL; dp++)
		if (S_mkdir(&s, *dp) == -1)
			goto failed;

	/* Jobs: the catalog JSON first, then providers, largest first. */
	n = 0;
	jobs = ecat_calloc(cat->nproviders + cat->nbuilds + 8,
	    sizeof(*jobs));
	jobs[n++].kind = J_CATALOG;
	for (k = 0; k < cat->nproviders; k++) {
		jobs[n].kind = J_PROVIDER;
		jobs[n++].idx = k;
	}
	for (k = 0; k < cat->nbuilds; k++) {
		jobs[n].kind = J_BUILD;
		jobs[n++].idx = k;
	}
	jobs[n++].kind = J_INDEX;
	jobs[n++].kind = J_SEARCH;
	jobs[n++].kind = J_ASSETS;
	jobs[n++].kind = J_MARKER;
	qsort_r(jobs, n, sizeof(*jobs), S_jobcmp, &s);
	s.njobs = n;

	nth = o->jobs > 0 ? o->jobs : 1;
	if ((size_t)nth > n)
		nth = (int)n;
	w = ecat_calloc((size_t)nth, sizeof(*w));
	ws = ecat_calloc((size_t)nth, sizeof(*ws));
	th = ecat_calloc((size_t)nth, sizeof(*th));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < (size_t)nth; i++) {
		w[i].s = &s;
		ecat_buf_init(&w[i].out);
		ecat_buf_init(&w[i].json);
		ecat_buf_init(&w[i].pjson);
		ws[i].s = &s;
		ws[i].jobs = jobs;
		ws[i].w = &w[i];
		if (pthread_create(&th[i], NULL, S_worker, &ws[i]) != 0) {
			S_fail(&s, "pthread_create", errno);
			break;
		}
	}
	nth = (int)i;
	/* A progress line for long builds, on a terminal only. */
	if (o->progress)
		for (;;) {
			size_t done;

			nanosleep(&nap, NULL);
			pthread_mutex_lock(&s.lock);
			done = s.next >= s.njobs || s.failed;
			pthread_mutex_unlock(&s.lock);
			if (done)
				break;
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (t1.tv_sec - t0.tv_sec >= 1)
				S_progress(&s, 0);
		}
	for (i = 0; i < (size_t)nth; i++)
		pthread_join(th[i], NULL);
	if (o->progress)
		S_progress(&s, 1);
	for (i = 0; i < (size_t)nth; i++) {
		s.st.pages += w[i].st.pages;
		s.st.files += w[i].st.files;
		s.st.unchanged += w[i].st.unchanged;
		s.st.bytes += w[i].st.bytes;
		S_worker_free(&w[i]);
	}
	free(w);
	free(ws);
	free(th);
	free(jobs);
	if (s.failed)
		goto failed;
	if ((r = S_swap(&s)) == -1) {
		S_fail(&s, s.dir, errno);
		goto failed;
	}
	/* -2: reported; s.tmp still holds the new site, removed below. */
	if (r == -2)
		goto out;
	started = 0;
	if (stp != NULL)
		*stp = s.st;
	if (o->progress && !o->quiet)
		fprintf(stderr, "etwcat: %s: %" PRIu64 " pages, %" PRIu64
		    " files (%" PRIu64 " unchanged)\n", s.dir, s.st.pages,
		    s.st.files, s.st.unchanged);
	rc = 0;
	goto out;
failed:
	if (s.limtpl != NULL) {
		loc.file = s.limtpl;
		ecat_msg(cat->diag, ECAT_MSG_LIMIT, &loc, "page %s: "
		    "rendering stopped at a limit (%lu MiB of output, %lu "
		    "steps, or nesting %d deep); the previous site is left "
		    "as it was", s.errpath, TPL_MAXOUT >> 20, TPL_MAXSTEPS,
		    TPL_MAXDEPTH);
	} else {
		loc.file = s.errpath != NULL ? s.errpath : s.tmp;
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s; the "
		    "previous site is left as it was",
		    strerror(s.err ? s.err : EIO));
	}
out:
	if (started && S_rmtree(s.tmp) == -1)
		S_rmfail(&s, s.tmp, "the temporary folder");
	ecat_oom_hook(NULL);
	S_site_free(&s);
	return rc;
}
