/*
 * site_int.h: what the files of the site share (internal to
 * render/site/): the site and a worker's state, the views the pages
 * are rendered from, and each file's entry points.
 *
 *   options.c   the options (etwcat.h), opaque to callers
 *   site.c      setup, the jobs and their workers, ecat_site_build()
 *   publish.c   writing into the temporary folder, comparing with and
 *               hard-linking from the previous site, the units kept
 *               from the previous build, the swap, removal and the
 *               out-of-memory hook
 *   marker.c    the marker file: the previous build's units read, the
 *               new build's written
 *   pagehash.c  the input hash of every unit (what a page shows)
 *   view.c      the template vocabulary and the views' getters
 *   event.c     event pages and their JSON
 *   timeline.c  an event page's timeline: each version's builds as
 *               runs, split where drift found a change
 *   badge.c     a list of findings as one badge: the worst severity
 *               and the count of each
 *   provider.c  provider pages and their downloads
 *   build.c     build pages and the index
 *   search.c    the search index
 *   assets.c    where the templates are, and their assets copied
 *
 * Every value a page shows is put in a view struct (below) and reaches
 * the HTML only through the template engine, which escapes it.
 */
#ifndef ECAT_SITE_INT_H
#define ECAT_SITE_INT_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "alloc.h"
#include "merge.h"
#include "model.h"
#include "site.h"
#include "template.h"

#define SITE_NAME	"ETW provider catalog"
#define MARKER		".etwcat-site"
/* The run record beside it (rerun.c). */
#define RERUN		".etwcat-run"

/* ---------------------------------------------------------------- pool */

/* One page's strings and views: a pool (alloc.h) reset after the page. */
#define PNEW(p, type, n) \
	((type *)ecat_pool_alloc((p), sizeof(type) * (size_t)(n)))

/* A growable pointer array in a pool. */
struct pvec {
	void		**v;
	size_t		 n, cap;
};

/* ------------------------------------------------------- site and jobs */

/* The options (etwcat.h; set in options.c).  Strings are owned. */
struct ecat_site_opts {
	char		*dir;		/* output folder; NULL: "site" */
	char		*templates;	/* NULL: ecat_site_templates_dir() */
	char		*base_url;	/* absolute URL of DIR, no trailing
					   '/', or NULL */
	int		 jobs;		/* worker threads; < 1: 1 */
	int		 progress;	/* progress line on stderr */
	int		 full;		/* render every unit, whatever the
					   previous build's hashes */
	int		 quiet;		/* no summary line */
	struct ecat_rerun *rerun;	/* the run to record, or NULL */
};

/* What the index, build pages and search need about a provider. */
struct pinfo {
	const struct ecat_provider *p;
	uint32_t	 idx;		/* in cat->providers */
	const char	*safe;		/* its folder name */
	const char	*href;		/* providers/<safe>/index.html */
	uint32_t	 nids;		/* event pages */
	uint32_t	 first, last;	/* build indexes where present */
	uint32_t	 nbuilds;	/* builds with a schema or sample */
	/* Its notes as HTML (render/notes_html.h): the provider's, or
	   NULL, and one per p->notes[].  Rendered once, before the
	   workers start, as cmark is not asked to be thread-safe. */
	char		*note_html;
	char		**notes_html;
};

/*
 * A unit: the files rendered from one input hash (pagehash.c), so kept
 * or rendered together.  The marker of the site (marker.c) lists each
 * unit's hash and the files it wrote, which are recorded as site_emit
 * writes them: whatever a job writes while its unit is current.
 */
enum ukind { UK_EVHTML, UK_PROV, UK_DL, UK_BUILD, UK_INDEX,
    UK_SEARCH, UK_ASSETS, UK_CATALOG };

#define UF_KEYFILE	0x01	/* wrote the file its key names */
#define UF_KEPT		0x02	/* files linked from the previous site */

struct unit {
	uint64_t	 hash;
	uint8_t		 kind;		/* enum ukind */
	uint8_t		 flags;		/* UF_* */
	uint32_t	 prov;		/* provider index, for keys */
	uint32_t	 id;		/* event id, or build index */
	uint32_t	 nextra;
	char		**extra;	/* other files it wrote */
};

#define NO_UNIT		SIZE_MAX

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
	/* Builds the site lists: cat->builds[0 .. nlisted), those with
	   schemas (catalog/model.h, ecat_build.nschemas). */
	uint32_t			 nlisted;
	uint64_t			 nkeys;	/* (id, version) keys */
	/* Drift findings by build they lead to, in catalog order. */
	size_t				*dstart;	/* nbuilds + 1 */
	const struct ecat_drift		**dbyto;

	/* Units (pagehash.c): per provider from upoff[i] its page,
	   downloads, then each event id's page and JSON; then builds. */
	struct unit			*units;
	size_t				 nunits;
	size_t				*upoff;
	size_t				 ubuild, uindex, usearch, uassets;
	size_t				 ucatalog;
	uint64_t			 hrender;	/* binary, templates */
	uint64_t			 hglobal;	/* every page */
	uint64_t			 hjson;		/* every download */
	uint64_t			*hprov;		/* search, per provider */
	/* The previous build's marker: unit key -> its line. */
	char				*oldtext;	/* its text */
	size_t				 oldlen;
	int				 have_hashes;	/* oldtext is one */
	struct ecat_htab		 old;
	int				 indexed;	/* old is filled */
	/* The site's paths, summed as site_walksum sums them, and
	   counted, the marker and the record apart (rerun.c). */
	uint64_t			 fsum, fnum;

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
	struct ecat_pool	 page;		/* one page's views */
	struct ecat_pool	 prov;		/* one provider's views */
	char		*cmp;		/* a previous file, to compare */
	size_t		 cmpcap;
	size_t		 unit;		/* being written, or NO_UNIT */
	uint64_t	 kept;		/* files of kept units */
	struct ecat_site_stats st;
};

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
	const char			**pbuilds;	/* index: where each
							   provider is, as runs */
	/* index: the providers with events, and the header-only ones
	   (no event: pbuilds is where their schemas are). */
	const struct pinfo		**pfull, **pempty;
	uint32_t			 nfull, nempty;
	struct ecat_buf			*tmp;
};

struct named {
	const char	*name, *value, *type, *message;
	uint64_t	 v;		/* value, for sorting */
	int		 hasv;
};

/*
 * A provider page's event row: the versions of one event id that share
 * a channel (the seed pages list event 551 under Analytic and under
 * Security), newest version's title and level.
 */
struct evrow {
	uint32_t	 id;
	const char	*href, *title, *channel, *level, *versions;
	const char	*builds;	/* where any version is, as runs */
	int		 sample;
	uint32_t	 nversions;
	const char	*task;		/* its newest version's task name */
	int		 all;		/* builds: every build of the provider */
};

/*
 * A group of a provider page's event rows (provider.c): the events of
 * one task, task family or channel.  label NULL: the rows of a
 * provider whose events are not grouped.  On a provider split into a
 * page per group, href is the group's page and ids its event ids (the
 * provider page's filter finds a group by them).
 */
struct evgroup {
	const char	*label, *href, *ids;
	struct pvec	 rows;		/* struct evrow */
	uint32_t	 count;		/* event ids */
	uint32_t	 first, last;	/* the first and last id */
	uint32_t	 ncols;		/* columns of its table */
};

/*
 * A set of builds as runs (runs.c, templates/runs.html): a run is its
 * first and last build, how many of the set it spans, and the builds
 * inside it not in the set.  more: not the first of its list, so that
 * the template can write the separator.
 */
struct exview {
	const struct ecat_build	*b;
	int			 more;
};

struct runview {
	const struct ecat_build	*first, *last;
	uint32_t		 count;
	int			 more;
	int			 pair;	/* two builds, side by side: "A, B" */
	int			 span;	/* three or more: "A … B, N builds" */
	struct exview		*except;
	uint32_t		 nexcept;
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
	struct runview			*pruns;		/* present, as runs */
	uint32_t			 npruns;
	/* The event rows by group (provider.c): nglist groups, of which
	   ngroups are shown as groups (0: one list, or a group's page). */
	struct evgroup			*groups;
	uint32_t			 nglist, ngroups;
	const char			*grouped_by;	/* "task" ... */
	int				 split;		/* a page per group */
	const struct evgroup		*gpage;		/* this group's page */
	int				 chancol, samplecol, allbuilds;
	int				 headeronly;	/* no event */
};

struct known {
	const char	*value, *text;
	/* With a field note only (catalog/fieldnotes.h): the value's
	   description, and which gave it, the note or map. */
	const char	*description, *map;
	int		 from_note;
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
	/* A maintainer's field note: noted, its description, where its
	   facts are from and that source's address; known_from: the
	   known values say which gave each. */
	int			 noted, known_from;
	const char		*fnote, *fnote_source, *fnote_link;
	struct fieldview	*members;
	uint32_t		 nmembers;
	int			 member;	/* of a struct field */
	uint32_t		 nrules;	/* Sigma rules matching on it */
};

struct altshape {
	const struct ecat_shape	*shape;
	struct pvec		 builds;	/* ecat_build */
	const char		*buildtext;	/* builds, as runs */
	struct fieldview	*fields;
	uint32_t		 nfields;
	const char		*verbatim;
};

/*
 * A provenance line: the builds of a version where it was obtained
 * alike (how, binary version, capture date, stand-in, samples), as runs.
 */
struct provline {
	const char		*how, *file_version, *copied_from;
	const char		*capture_date;
	uint32_t		 nsamples;
	struct pvec		 builds;		/* ecat_build */
	struct runview		*runs;
	uint32_t		 nruns;
};

/*
 * Where an attribute shown was taken from when it is not the source of
 * the fields (catalog/merge.h): "from <build> (<source kind>)".
 */
struct fromview {
	const struct ecat_build	*b;
	const char		*kind;		/* ecat_origin_name() */
};

/* A piece of a message as written: text, or an insert linked to its
   field's row (href: the field's anchor, NULL for text). */
struct msgpart {
	const char	*text, *href, *name;
};

struct verview {
	const struct ecat_evkey		*k;
	const struct ecat_event		*e;
	const struct ecat_occ		*occ;	/* where e is from: the
						   source of the fields */
	/* The key merged in the newest build that describes it
	   (catalog/merge.h): every attribute below is from its source. */
	struct ecat_merged		 m;
	/* The event whose message is shown (m's), or NULL. */
	const struct ecat_event		*me;
	const struct ecat_build		*mbuild;	/* me's build, when
							   not the fields' */
	struct msgpart			*mparts;	/* me's message */
	uint32_t			 nmparts;
	/* Per attribute (enum ecat_mattr), where it is from when that is
	   not the fields' source, else NULL. */
	const struct fromview		*from[ECAT_MA__MAX];
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

/*
 * History: a row per version, a column per set of builds that describe
 * the event alike (each version the same schema record, obtained the
 * same way).  A cell's schema names its records by their numbers
 * among the version's, when the version has more than one.
 */
struct cell {
	const char	*mark;
	const char	*schema;	/* "schema 2", or NULL */
};

struct hrow {
	const struct ecat_evkey	*k;
	struct cell		*cells;
	uint32_t		 ncells;
};

struct hcol {
	struct runview		*runs;
	uint32_t		 nruns;
};

/*
 * The timeline of an event page (timeline.c): a row per stretch of
 * builds of a version, a new one at each build where drift found a
 * change to it; the findings of a row, one per class (tlchange).
 */
struct tlchange {
	const char		*severity, *cls;
	const char		*fields;	/* the fields named, or NULL */
	int			 accepted;	/* all in the baseline */
};

struct tlrow {
	const struct ecat_evkey	*k;
	const char		*builds;	/* as runs; NULL: the
						   version is not in gone_in */
	const struct ecat_build	*gone_in;
	struct tlchange		*changes;	/* at the row's first build */
	uint32_t		 nchanges;
};

struct evpage {
	uint32_t			 id;
	const char			*title, *href, *json_href;
	struct verview			**vers;	/* newest version first */
	uint32_t			 nvers;
	const struct ecat_evkey		**keys;	/* oldest version first */
	struct hrow			*rows;	/* oldest version first */
	uint32_t			 nrows;
	struct hcol			*cols;
	uint32_t			 ncols;
	const struct ecat_drift		**drift;
	size_t				 ndrift;
	struct tlrow			*tl;	/* timeline.c */
	uint32_t			 ntl;
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
	/* The changes by provider (build.c), breaking ones first. */
	struct bgroup			*groups;
	uint32_t			 ngroups;
	size_t				 nshown;	/* rows shown in all */
	uint32_t			 cap;		/* rows a provider */
	int				 capped;	/* some left out */
	/* Providers whose one finding is that they were added or
	   removed, named in a list each rather than a group each. */
	struct bgroup			*added, *removed;
	uint32_t			 nadded, nremoved;
};

/*
 * A provider's drift findings on a build page: shown, the first nrows
 * of them (breaking first); more, how many are left out.
 */
struct bgroup {
	const struct pinfo		*pi;
	const char			*label;
	const struct ecat_drift		**rows;
	uint32_t			 nrows, count, nbreaking, more;
};

/* site.c */
void		 site_failx(struct site *, const char *path, int err,
		    const char *tpl);
void		 site_fail(struct site *, const char *path, int err);
char		*site_pstr(struct ecat_pool *, const char *);
char		*site_pprintf(struct ecat_pool *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 site_vpush(struct ecat_pool *, struct pvec *, void *);
const char	*site_root(int depth);
const char	*site_canonical(struct ecat_pool *, const struct site *,
		    const char *rel);

/* publish.c */
int		 site_emit(struct worker *, const char *rel, const char *,
		    size_t);
int		 site_mkdir(struct site *, const char *rel);
FILE		*site_buffile(struct ecat_buf *);
/*
 * A file of the current unit written as a stream rather than from a
 * buffer: open (NULL after a failure, reported), write, then close
 * with keep nonzero when the unit is rendered (site_unit() returned 1:
 * the file is the unit's; an equal previous one is linked) or zero
 * when it is kept unrendered (what was written is dropped).  Returns
 * 0, or -1 after recording the failure.
 */
struct site_stream;
FILE		*site_stream_open(struct worker *, const char *rel,
		    struct site_stream **);
int		 site_stream_close(struct worker *, struct site_stream *,
		    int keep);
void		 site_job_catalog(struct worker *);
int		 site_rmtree(const char *path);
void		 site_rmfail(const struct site *, const char *path,
		    const char *what);
void		 site_oomarm(const struct site *);
int		 site_checkdir(struct site *, const char **why);
int		 site_lock(const struct site *);
void		 site_unlock(const struct site *, int);
void		 site_stale(const struct site *);
int		 site_swap(struct site *);
int		 site_unit(struct worker *, size_t unit);
void		 site_written(struct worker *, const char *rel);
int		 site_keep_provider(struct worker *, uint32_t idx);
void		 site_units_free(struct site *);

/* marker.c */
void		 site_marker_read(struct site *);
void		 site_marker_index(struct site *);
/* The previous build's line of unit u if its hash is u's, else NULL;
   *files is set to its list of files (tab-separated). */
const char	*site_marker_unit(const struct site *, size_t u,
		    const char **files);
int		 site_unchanged(struct site *, uint64_t *nfiles);
int		 site_marker_write(struct site *);
/* The paths of the files under the site dir, the marker and the run
   record apart: *sum their order-free digest, *n their count; -1 when
   a folder cannot be read or holds other than files and folders. */
int		 site_walksum(const char *dir, uint64_t *sum, uint64_t *n);

/* rerun.c */
int		 site_rerun_write(struct site *, const char *dir, int inplace,
		    uint64_t files);

/* pagehash.c */
void		 site_hash(struct site *, int nthreads);
const char	*site_unit_key(const struct site *, size_t unit, char *,
		    size_t);
/* The units of provider idx's event page n (its n-th event id). */
#define SITE_UEV(s, idx, n)	((s)->upoff[idx] + 2 + (size_t)(n))
#define SITE_UPROV(s, idx)	((s)->upoff[idx])
#define SITE_UDL(s, idx)	((s)->upoff[idx] + 1)

/* view.c */
extern const struct tpl_vocab site_vocab[];
extern const size_t site_nvocab;
void		 site_render(struct worker *, const struct tpl *,
		    struct page *, const char *rel);

/* event.c */
/*
 * The newest build with a source describing k, k merged there into *m
 * (catalog/merge.h).  Returns that build, or NULL (only samples).
 */
const struct ecat_build *site_merge(const struct ecat_evkey *k,
		    struct ecat_merged *m);
/*
 * The event that represents a key: its fields' source's in site_merge(),
 * else the best source of that build; *occ set to its occurrence.
 */
const struct ecat_event *site_repr(const struct ecat_evkey *,
		    const struct ecat_occ **);
const struct ecat_shape *site_shape(const struct ecat_event *);
/*
 * The end of the run of p's keys (sorted by id, then version) that
 * share keys[a]'s event id: one event page, every version.
 */
uint32_t	 site_idend(const struct ecat_provider *p, uint32_t a);
/* A key's title (render/title.h) from its merge, in the pool; NULL: none. */
const char	*site_title(struct ecat_pool *, const struct ecat_merged *,
		    struct ecat_buf *tmp);
struct evpage	*site_evpage(struct worker *, const struct pinfo *,
		    const struct ecat_evkey *const *, uint32_t,
		    struct ecat_buf *tmp);
void		 site_json_event(FILE *, const struct ecat_catalog *,
		    const struct pinfo *, const struct evpage *,
		    const char *base_url, const uint32_t *pshape);

/* timeline.c: ev->tl from ev->keys (oldest version first, nvers of
   them) and their drift findings. */
void		 site_timeline(struct ecat_pool *, const struct site *,
		    struct evpage *, struct ecat_buf *tmp);

/*
 * badge.c: the badge of a list of findings, validate's (severity
 * names) or drift's: *worst the worst severity's name, buf its text,
 * the count of each severity, worst first ("1 error, 2 warnings").
 * Returns buf, or NULL for no findings.
 */
const char	*site_badge_findings(const struct ecat_finding *, uint32_t,
		    const char **worst, char *buf, size_t);
const char	*site_badge_drift(const struct ecat_drift *const *, size_t,
		    const char **worst, char *buf, size_t);

/* runs.c: in builds in catalog order, no duplicates. */
struct runview	*site_runs(struct ecat_pool *, const struct ecat_catalog *,
		    const struct ecat_build *const *in, uint32_t nin,
		    uint32_t *nruns);
const char	*site_runs_text(struct ecat_pool *,
		    const struct ecat_catalog *,
		    const struct ecat_build *const *in, uint32_t nin);
/* The same for the builds whose in[build index] is not 0. */
const char	*site_runs_mask(struct ecat_pool *,
		    const struct ecat_catalog *, const uint8_t *in);
/* The same with the exceptions counted, not named (the index). */
const char	*site_runs_brief(struct ecat_pool *,
		    const struct ecat_catalog *, const uint8_t *in);

/* provider.c, build.c, search.c, assets.c */
void		 site_job_provider(struct worker *, uint32_t);
void		 site_job_build(struct worker *, uint32_t);
void		 site_job_index(struct worker *);
void		 site_job_search(struct worker *);
void		 site_search_counts(const struct site *, uint32_t,
		    uint32_t *, uint32_t *, uint32_t *);
void		 site_job_assets(struct worker *);

#endif /* !ECAT_SITE_INT_H */
