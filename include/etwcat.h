/*
 * etwcat.h: the public interface of libetwcat.
 *
 * The one header the command line (main.c) includes, and the only one
 * in include/: meson gives main.c no other folder, so it cannot reach
 * the stages' internal headers.  Every name in it starts with ecat_ or
 * ECAT_.  Types are opaque: options are set through functions, so a
 * new option adds a function and changes no caller.  Ownership, one
 * rule as in jq's jv.h: a catalog owns everything loaded into it and
 * ecat_catalog_free() releases all of it; strings returned by the
 * library point into the catalog (or are the library's own constants)
 * and stay valid until then; what a _new function returns is the
 * caller's, freed by the matching _free.  A diagnostics context is
 * owned by its creator and must outlive every catalog that reports to
 * it.  Functions that return int return 0 on success and -1 when an input
 * could not be read or a system error occurred (a diagnostic has been
 * emitted); problems in the content of an input are diagnostics, never
 * failures.
 */
#ifndef ETWCAT_H
#define ETWCAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ECAT_VERSION	"0.1.0"

/* Exit status, documented in etwcat.1 under EXIT STATUS. */
#define ECAT_EXIT_OK		0	/* nothing at or above the threshold */
#define ECAT_EXIT_FINDINGS	1	/* findings at or above -W */
#define ECAT_EXIT_USAGE		2	/* bad command line, or not built yet */
#define ECAT_EXIT_SYSTEM	3	/* an input unreadable, or a system error */

enum ecat_sev {
	ECAT_SEV_NOTE = 0,
	ECAT_SEV_WARNING,
	ECAT_SEV_ERROR,
	ECAT_SEV_SYSERR,
	ECAT_SEV__MAX
};

/* Where a message points.  file may be NULL; line/col 0 when unknown. */
struct ecat_loc {
	const char	*file;
	uint32_t	 line;
	uint32_t	 col;
};

/*
 * Optional context of a diagnostic, for the JSON and SARIF reports.
 * Any member may be NULL/-1 when it does not apply.
 */
struct ecat_msgctx {
	const char	*build;
	const char	*provider;
	int64_t		 event_id;	/* -1: none */
	int32_t		 version;	/* -1: none */
	const char	*field;
};

/* One emitted diagnostic, as handed to a sink.  Valid during the call. */
struct ecat_diagrec {
	unsigned		 msg;	/* internal enum ecat_msg */
	enum ecat_sev		 sev;
	const char		*id;	/* stable id, e.g. "xml-malformed" */
	struct ecat_loc		 loc;
	const struct ecat_msgctx *ctx;	/* never NULL */
	const char		*text;	/* full message text */
};

typedef void (*ecat_diag_sink)(const struct ecat_diagrec *, void *arg);
/* 1: the message is taken (a baseline accepts it); its text is NULL. */
typedef int (*ecat_diag_filter)(const struct ecat_diagrec *, void *arg);

struct ecat_diag;
struct ecat_catalog;
struct ecat_build;

/* ------------------------------------------------------------ diagnostics */

/* New context printing to stderr.  The caller frees it with
   ecat_diag_free() after every catalog using it is freed. */
struct ecat_diag *ecat_diag_new(void);
void	 ecat_diag_free(struct ecat_diag *);
/* Replace the sink (NULL restores printing to stderr).  arg is not owned. */
void	 ecat_diag_set_sink(struct ecat_diag *, ecat_diag_sink, void *arg);
/*
 * Ask filter (arg not owned; NULL: none) about every message but system
 * errors before it is counted: one it takes is neither counted, shown
 * nor part of the exit status, only counted apart.
 */
void	 ecat_diag_set_filter(struct ecat_diag *, ecat_diag_filter, void *arg);
/* Messages the filter took. */
uint64_t ecat_diag_count_filtered(const struct ecat_diag *);
/* Messages below this severity are counted but not passed to the sink. */
void	 ecat_diag_set_min(struct ecat_diag *, enum ecat_sev);
/* Messages emitted at or above this severity. */
uint64_t ecat_diag_count_sev(const struct ecat_diag *, enum ecat_sev);
/*
 * Exit status for a run: ECAT_EXIT_SYSTEM if any system error,
 * ECAT_EXIT_FINDINGS if any message at or above threshold, else 0.
 */
int	 ecat_diag_exit(const struct ecat_diag *, enum ecat_sev threshold);
/* Print one record as "FILE:LINE:COL: SEVERITY: text [id]". */
void	 ecat_diag_format(FILE *, const struct ecat_diagrec *);
/* The severity name: "note", "warning", "error". */
const char *ecat_sev_name(enum ecat_sev);

/* ---------------------------------------------------------------- catalog */

/*
 * New empty catalog reporting to diag (not owned).  Free with
 * ecat_catalog_free(), which releases everything loaded into it.
 */
struct ecat_catalog *ecat_catalog_new(struct ecat_diag *diag);
void	 ecat_catalog_free(struct ecat_catalog *);

/*
 * Load what path names: a catalog source folder (SRC with builds/,
 * notes/, rules/), a single build folder, or one manifest, WEPExplorer,
 * TSV or sample file.  Loose files belong to the build named by
 * build_id, or to a build named after the file's folder when NULL.
 */
int	 ecat_load_source(struct ecat_catalog *, const char *path,
	    const char *build_id);
/*
 * Follow symbolic links wherever they lead (1), or only to what lies
 * inside the source they were found in (0, the default); for every
 * catalog of the process (etwcat.1, --follow-symlinks).
 */
void	 ecat_set_follow_symlinks(int);
/*
 * Colour the severity words written to standard output and standard
 * error: on a terminal unless NO_COLOR or TERM=dumb (auto), always or
 * never (etwcat.1, --color).  Call before any output; until then
 * nothing is coloured.
 */
enum ecat_colour { ECAT_COLOUR_AUTO, ECAT_COLOUR_ALWAYS, ECAT_COLOUR_NEVER };
void	 ecat_set_colour(enum ecat_colour);
/*
 * Order builds, providers and keys and tie every event version, map and
 * provider header to its distinct record (catalog/record.c).  Call it
 * after loading; it may be called again after loading more, and then
 * redoes all of it from scratch (build indexes and record serials may
 * change).
 */
void	 ecat_catalog_finish(struct ecat_catalog *);
/* The build named id, or NULL; it belongs to the catalog. */
struct ecat_build *ecat_build_find(const struct ecat_catalog *,
	    const char *id);

/* Lint the loaded schemas (docs/etw-manifest-reference.md §4): only
   diagnostics. */
void	 ecat_lint(struct ecat_catalog *);

/*
 * Tie the loaded Sigma rules to the catalog's events (for the event
 * pages) and report rule-unresolved, rule-unknown-event,
 * rule-unknown-field and rule-field-missing-in-build.  Call after
 * ecat_catalog_finish().  The links live in the catalog.
 */
void	 ecat_rules_check(struct ecat_catalog *);

/*
 * Read the maintainer notes (SRC/notes/, etwcat.1) of every source
 * folder loaded, as Markdown, into the catalog, which owns them; the
 * site renders them.  Call after ecat_catalog_finish().  A note that
 * names no provider or event is a note-unmatched warning.  Returns 0,
 * or -1 when a note could not be read (io-read).
 */
int	 ecat_notes_load(struct ecat_catalog *);

/* --------------------------------------------------------------- validate */

/* The counts and per-file hooks of one validation run (opaque). */
struct ecat_vrun;

/* New empty run; the caller frees it with ecat_vrun_free(). */
struct ecat_vrun *ecat_vrun_new(void);
/* Free run and everything ecat_validate() put in it; NULL is ignored. */
void	 ecat_vrun_free(struct ecat_vrun *);

/*
 * Have loading record sample files instead of reading them, so that
 * ecat_validate() reads each once, after every schema.  Call before
 * the first ecat_load_source().
 */
void	 ecat_validate_defer(struct ecat_catalog *);
/*
 * Check every sample file of the catalog against its build's schemas
 * (etwcat.1, SAMPLE VALIDATION) and keep, per event, one example for
 * the site; the examples live in the catalog.  run (not owned) gets
 * the counts and emits the sample-* diagnostics; with run NULL only the
 * examples and their findings are kept, quietly.  Returns 0, or -1
 * when a sample file could not be read (io-read).
 */
int	 ecat_validate(struct ecat_catalog *, struct ecat_vrun *run);

/*
 * A validate baseline and the --ignore and --provider filters
 * (validator/vbaseline.c; etwcat.1, SAMPLE VALIDATION, Baselines), set
 * as the diagnostics filter: ecat_diag_set_filter(diag,
 * ecat_vbaseline_filter, vb) before loading.  sources are the run's
 * SOURCE arguments: file names in fingerprints are relative to them.
 */
struct ecat_vbaseline;
struct ecat_vbaseline *ecat_vbaseline_new(char *const *sources, int n);
void	 ecat_vbaseline_free(struct ecat_vbaseline *);
/* Leave out findings of this id; -1 when no diagnostic has it. */
int	 ecat_vbaseline_ignore(struct ecat_vbaseline *, const char *id);
/* Leave out findings of other providers (name is not copied). */
void	 ecat_vbaseline_provider(struct ecat_vbaseline *, const char *name);
/* Read a baseline: 0, or -1 after io-read or limit-exceeded. */
int	 ecat_vbaseline_read(struct ecat_vbaseline *, const char *path,
	    struct ecat_diag *);
/* Take every finding, to write them (--write-baseline). */
void	 ecat_vbaseline_record(struct ecat_vbaseline *);
int	 ecat_vbaseline_filter(const struct ecat_diagrec *, void *vb);
/* Write what was recorded, through path.tmp: 0 or -1 (io-write). */
int	 ecat_vbaseline_write(struct ecat_vbaseline *, const char *path,
	    struct ecat_diag *);
/* Findings the baseline took, and those --ignore/--provider left out. */
uint64_t ecat_vbaseline_accepted(const struct ecat_vbaseline *);
uint64_t ecat_vbaseline_leftout(const struct ecat_vbaseline *);
/* Accepted findings not met this run; each listed on f (if not NULL). */
uint64_t ecat_vbaseline_stale(const struct ecat_vbaseline *, FILE *f);
/* Rewrite the baseline with only what this run met: 0 or -1. */
int	 ecat_vbaseline_prune(const struct ecat_vbaseline *, const char *path,
	    struct ecat_diag *);

/* ----------------------------------------------------------------- report */

/* A validate report format (opaque; the library owns every one). */
struct ecat_vformat;
/* A validate report being written (opaque). */
struct ecat_vreport;

/* The format named s ("text", "json", "sarif", "junit"), or NULL. */
const struct ecat_vformat *ecat_vformat_find(const char *s);
/* The name of the i-th format (the first is the default); NULL past
   the last. */
const char *ecat_vformat_name(size_t i);
/*
 * Whether, without -o, the report goes to standard error: text is the
 * diagnostics' own form and goes where diagnostics always go; the
 * others are documents for a tool and go to standard output.
 */
int	 ecat_vformat_tostderr(const struct ecat_vformat *);

/*
 * A report writing to f (not owned; the caller closes it after
 * ecat_vreport_free()), installed as diag's sink: every diagnostic
 * from now on (loading, lint, samples) goes into it.  threshold is
 * -W: JUnit marks a test case failed at or above it.  quiet leaves the
 * text summary out.  Free with ecat_vreport_free().
 */
struct ecat_vreport *ecat_vreport_new(struct ecat_diag *, FILE *f,
	    const struct ecat_vformat *, enum ecat_sev threshold, int quiet);
/* The run's SOURCE arguments (not copied: they must outlive the
   report), which the JSON report records for etwcat merge. */
void	 ecat_vreport_sources(struct ecat_vreport *, char *const *, int);
/* Have run (not owned) tell the report where each sample file starts
   and ends; call before ecat_validate(). */
void	 ecat_vreport_hook(struct ecat_vreport *, struct ecat_vrun *);
/*
 * Close the report: the summary (text, JSON), the document's end.
 * Returns 0, or -1 when writing failed.
 */
int	 ecat_vreport_finish(struct ecat_vreport *, const struct ecat_catalog *,
	    const struct ecat_vrun *);
/* Free the report and restore diag's default sink; NULL is ignored. */
void	 ecat_vreport_free(struct ecat_vreport *);

/* ------------------------------------------------------------------ merge */

/*
 * etwcat merge (render/vmerge.c; etwcat.1, SAMPLE VALIDATION, Shards):
 * validate JSON reports of shards of one run read, then replayed into
 * a diagnostics context whose sink is a report, in the order one run
 * over every shard's files emits them.
 */
struct ecat_vmerge;
struct ecat_vmerge *ecat_vmerge_new(void);
void	 ecat_vmerge_free(struct ecat_vmerge *);
/*
 * Read one shard report: 0, or -1 when it was rejected (unreadable,
 * not a validate report of this format version, written with -q or a
 * filter, other builds); ecat_vmerge_finish() emits why.
 */
int	 ecat_vmerge_read(struct ecat_vmerge *, const char *path);
/* The lowest threshold (-W) the reports were written with. */
enum ecat_sev ecat_vmerge_threshold(const struct ecat_vmerge *);
/* ECAT_EXIT_SYSTEM when a report says its run exited so, else 0. */
int	 ecat_vmerge_status(const struct ecat_vmerge *);
/*
 * The SOURCE arguments of the merged run (the merge owns the array):
 * the reports', but those under one of dirs, then dirs; fingerprints
 * of a baseline are relative to them.
 */
char *const *ecat_vmerge_sources(struct ecat_vmerge *, char *const *dirs,
	    int ndirs, int *n);
/*
 * Emit every diagnostic into diag, and, when rep is not NULL (it is
 * diag's sink), close the report with the summed counts.  Returns 0,
 * or -1 when writing the report failed.
 */
int	 ecat_vmerge_finish(struct ecat_vmerge *, struct ecat_diag *,
	    struct ecat_vreport *rep);
/*
 * The SARIF reports of validate and drift, for every report the
 * process writes (etwcat.1, --srcroot, --max-results).  Artifact URIs
 * are relative to dir (NULL: the working folder) under %SRCROOT%; a
 * file outside it, relative to the SOURCE it came from, one of
 * sources[] as the command line gives them.  Returns 0, or -1 with
 * errno when dir is not a folder that can be resolved.
 */
int	 ecat_sarif_set_srcroot(const char *dir, char *const *sources,
	    int nsources);
/* At most n results in a SARIF run, the most severe kept; 0: no cap.
   The default is 25,000, GitHub code scanning's limit. */
void	 ecat_sarif_set_max_results(uint64_t n);

/* ------------------------------------------------------------------ drift */

/* How much a drift finding breaks consumers. */
enum ecat_dsev {
	ECAT_DSEV_NOTE = 0,
	ECAT_DSEV_WARNING,
	ECAT_DSEV_BREAKING
};

/*
 * Compare builds: from → to (either NULL: the first / last build with
 * schemas), or each build with schemas against the previous one when
 * both are NULL.  The findings live in the catalog.  Returns 0, or -1
 * when from/to names no build.
 */
int	 ecat_drift_run(struct ecat_catalog *, const char *from,
	    const char *to);
/* Write every finding to path, sorted, one a line.  0 or -1 (io-write). */
int	 ecat_drift_baseline_write(struct ecat_catalog *, const char *path);
/* Accept the findings listed in path; returns how many of its lines
   matched nothing, or -1 when unreadable (io-read). */
long	 ecat_drift_baseline_read(struct ecat_catalog *, const char *path);
/* Findings not accepted by a baseline, at or above sev. */
size_t	 ecat_drift_count(const struct ecat_catalog *, enum ecat_dsev);
/* The name of the i-th report format ("text", "markdown", "json",
   "sarif"; the first is the default), or NULL past the last. */
const char *ecat_drift_format_name(size_t i);
/* Write the report in the named format; accepted findings are left
   out unless all is set.  Returns 0, or -1 when no format has that
   name (nothing is written). */
int	 ecat_drift_report(const struct ecat_catalog *, FILE *,
	    const char *format, int all);
/* etwcat drift's default cap of a markdown report, in bytes: under
   GitHub's 65,536 characters of a comment, whichever way a host counts
   characters (a UTF-8 character is at least one byte). */
#define ECAT_DRIFT_MAX_BYTES	65000
/* The same, a markdown report cut between lines to at most max bytes
   (0: no cap; at least 1024 for the cut to keep to it), ending in how
   many findings it left out (etwcat.1, DRIFT); the other formats are
   never cut. */
int	 ecat_drift_report_max(const struct ecat_catalog *, FILE *,
	    const char *format, int all, size_t max);

/* ----------------------------------------------------------------- export */

/*
 * Write the catalog as TSV files in the jdu2600 layout:
 * DIR/<build>/manifest/<Provider>.tsv and DIR/<build>/mof/<Provider>.tsv
 * (DIR/manifest/... when the catalog holds one build and flat is set).
 */
int	 ecat_export_tsv(const struct ecat_catalog *, const char *dir, int flat);
/* Write the whole catalog as JSON (schema in etwcat.1, EXPORT FORMAT). */
int	 ecat_export_json(const struct ecat_catalog *, FILE *);
/*
 * Write every event of the capture files the catalog was loaded with
 * (ecat_validate_defer() before loading) as one JSON line each, in the
 * JSON sample shape (etwcat.1, EXPORT FORMAT); *nevents (if not NULL)
 * is how many.  Returns -1 when a file could not be read or f failed.
 */
int	 ecat_export_jsonl(struct ecat_catalog *, FILE *, uint64_t *nevents);

/* ------------------------------------------------------------------- site */

/* How to render the site (opaque). */
struct ecat_site_opts;

/*
 * New options: DIR "site", the templates compiled in (or
 * $ETWCAT_TEMPLATES), no base URL, one thread, no progress line, the
 * summary line printed.  The caller frees them with
 * ecat_site_opts_free(); the setters copy the strings they are given.
 */
struct ecat_site_opts *ecat_site_opts_new(void);
void	 ecat_site_opts_free(struct ecat_site_opts *);
/* The output folder (NULL: "site"). */
void	 ecat_site_opts_set_dir(struct ecat_site_opts *, const char *dir);
/* A templates folder overriding the compiled-in set (NULL: none). */
void	 ecat_site_opts_set_templates(struct ecat_site_opts *,
	    const char *dir);
/* The absolute URL the site is published at, trailing '/' dropped
   (NULL: none; pages then have no canonical link). */
void	 ecat_site_opts_set_base_url(struct ecat_site_opts *, const char *url);
/* Worker threads; below 1 means 1. */
void	 ecat_site_opts_set_jobs(struct ecat_site_opts *, int jobs);
/* A progress line on standard error when on is nonzero. */
void	 ecat_site_opts_set_progress(struct ecat_site_opts *, int on);
/* No summary line when on is nonzero. */
void	 ecat_site_opts_set_quiet(struct ecat_site_opts *, int on);
/* Render every page, not only those whose inputs changed since the
   previous build into the folder, when on is nonzero. */
void	 ecat_site_opts_set_full(struct ecat_site_opts *, int on);

/*
 * The run record of a build (etwcat.1, SITE, Rebuilds;
 * render/site/rerun.c): a key saying what the run was asked (the
 * caller's: the options that change what it reads or writes, its
 * SOURCE arguments and working folder), the diagnostics it printed,
 * and, through catalog/inputs.c, every input it read.  New with the
 * key (keylen bytes, copied); freed by the caller, after the site.
 */
struct ecat_rerun;
struct ecat_rerun *ecat_rerun_new(const char *key, size_t keylen);
void	 ecat_rerun_free(struct ecat_rerun *);
/* Route d's diagnostics through r: printed on standard error from min
   up, as before, and kept at every severity.  Call before loading. */
void	 ecat_rerun_attach(struct ecat_rerun *, struct ecat_diag *,
	    enum ecat_sev min);
/* Record the run in the site it writes (not owned; NULL: none). */
void	 ecat_site_opts_set_rerun(struct ecat_site_opts *,
	    struct ecat_rerun *);
/*
 * Before loading: does DIR's run record say that this run (its key)
 * would load, check and render what is there already?  Then its
 * diagnostics are printed again (from error up when the options are
 * quiet) with the summary line, *status set from their counts and
 * threshold, and 1 returned; nothing is written.  0: run as usual.
 */
int	 ecat_site_rerun(const struct ecat_site_opts *, const char *key,
	    size_t keylen, enum ecat_sev threshold, int *status);

/*
 * Render the site of a catalog that lint, the rules, the validator,
 * drift and the notes have filled (etwcat.1, SITE).  Returns 0 once the
 * new site is in place, or -1 after a diagnostic (template-syntax,
 * io-write, limit-exceeded): the previous site, if any, is then left
 * untouched.  A 0 may come with an io-write diagnostic too, when the
 * previous site or a folder a killed build left could not be removed.
 */
int	 ecat_site_build(struct ecat_catalog *, const struct ecat_site_opts *);

#endif /* !ETWCAT_H */
