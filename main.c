/*
 * main.c: the etwcat command line.
 *
 *   etwcat <command> [options] SOURCE...
 *
 * This file only parses options and dispatches; every stage lives in
 * the library, reached through its public header alone (etwcat.h).  Exit status (etwcat.1, EXIT STATUS), named in one place
 * as jq's main.c does: 0 clean, 1 findings at or above -W, 2 usage,
 * 3 an input could not be read or a system error.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "etwcat.h"

struct cmd {
	const char	*name;
	const char	*synopsis;	/* "{formats}": formats' names, '|' */
	const char	*(*formats)(size_t);	/* --format names, or NULL */
	const char	*summary;
	int		(*fn)(int, char **);
	int		 built;
};

static int	 cmd_build(int, char **);
static int	 cmd_validate(int, char **);
static int	 cmd_drift(int, char **);
static int	 cmd_export(int, char **);
static int	 cmd_merge(int, char **);
static int	 cmd_help(int, char **);

static const struct cmd cmds[] = {
	{ "build", "etwcat build [-o DIR] [-j N] [--base-url URL] "
	  "[--templates DIR] [--full] [-W LEVEL] [-b BUILD] SOURCE...", NULL,
	  "load, check and render the catalog site into DIR (default site/)",
	  cmd_build, 1 },
	{ "validate", "etwcat validate [--format {formats}] "
	  "[-o FILE] [--no-lint] [-W LEVEL] [-b BUILD] [-q] "
	  "[--baseline FILE [--prune-baseline]] [--write-baseline FILE] "
	  "[--ignore ID] [--provider NAME] [--srcroot DIR] "
	  "[--max-results N] SOURCE...",
	  ecat_vformat_name,
	  "check captured samples against their build's schemas, lint the "
	  "schemas, and report every problem",
	  cmd_validate, 1 },
	{ "merge", "etwcat merge [--format {formats}] [-o FILE] [-W LEVEL] "
	  "[-q] [--baseline FILE [--prune-baseline]] [--write-baseline FILE] "
	  "[--ignore ID] [--provider NAME] [--source DIR] [--srcroot DIR] "
	  "[--max-results N] REPORT.json...",
	  ecat_vformat_name,
	  "combine the JSON reports of validate run in shards into one "
	  "report, as one run over every shard's files writes it",
	  cmd_merge, 1 },
	{ "drift", "etwcat drift [--from BUILD] [--to BUILD] [--baseline FILE] "
	  "[--write-baseline FILE] [--format {formats}] "
	  "[--max-bytes N] [-o FILE] [-W LEVEL] [--srcroot DIR] "
	  "[--max-results N] SOURCE...", ecat_drift_format_name,
	  "classify schema changes between builds; exit 1 on breaking drift "
	  "not in the baseline (-W warning|note to fail on less)",
	  cmd_drift, 1 },
	{ "export", "etwcat export --format tsv|json|jsonl [-o PATH] "
	  "[-b BUILD] SOURCE...", NULL,
	  "write the catalog as TSV files (one per provider) or as JSON, "
	  "or the events of captures as JSON lines",
	  cmd_export, 1 },
	{ "help", "etwcat help [COMMAND]", NULL,
	  "describe a command", cmd_help, 1 },
	{ NULL, NULL, NULL, NULL, NULL, 0 }
};

static const char *progname = "etwcat";

static void
usage_all(FILE *f)
{
	const struct cmd	*c;

	fprintf(f, "usage: etwcat <command> [options] SOURCE...\n"
	    "       etwcat --help | --version\n\ncommands:\n");
	for (c = cmds; c->name != NULL; c++)
		fprintf(f, "  %-9s %s%s\n", c->name, c->summary,
		    c->built ? "" : " (not built yet)");
	fprintf(f, "\ncommon options:\n"
	    "  -W error|warning|note  exit 1 on findings at or above this "
	    "severity (default error)\n"
	    "  -b, --build NAME       the build loose files belong to\n"
	    "  -q, --quiet            print errors only, not warnings or "
	    "notes\n"
	    "  --follow-symlinks      follow symbolic links that leave their "
	    "SOURCE\n"
	    "  --color[=WHEN]         colour severity words: auto (on a "
	    "terminal, unless\n"
	    "                         NO_COLOR), always or never\n"
	    "\nSee etwcat(1) for every option, the catalog source layout and "
	    "every diagnostic.\n");
}

static const struct cmd *
findcmd(const char *name)
{
	const struct cmd	*c;

	for (c = cmds; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/*
 * The names of a format table (formats(0), formats(1), ... up to
 * NULL) joined into buf: "a|b|c" with sep and last "|", "a, b or c"
 * with ", " and " or ".  The usage text is built from the tables so
 * that a new format needs no change here.
 */
static const char *
join_names(char *buf, size_t size, const char *(*formats)(size_t),
    const char *sep, const char *last)
{
	size_t	 i, n = 0;
	int	 k;

	buf[0] = '\0';
	for (i = 0; formats(i) != NULL && n < size; i++) {
		k = snprintf(buf + n, size - n, "%s%s", i == 0 ? "" :
		    formats(i + 1) != NULL ? sep : last, formats(i));
		if (k < 0)
			break;
		n += (size_t)k;
	}
	return buf;
}

static int
has_name(const char *(*formats)(size_t), const char *s)
{
	size_t	 i;

	for (i = 0; formats(i) != NULL; i++)
		if (strcmp(formats(i), s) == 0)
			return 1;
	return 0;
}

/* A command's synopsis, its --format names in place of "{formats}". */
static void
print_synopsis(FILE *f, const struct cmd *c)
{
	static const char	 mark[] = "{formats}";
	const char		*p;
	char			 names[256];

	if (c->formats == NULL ||
	    (p = strstr(c->synopsis, mark)) == NULL) {
		fputs(c->synopsis, f);
		return;
	}
	fprintf(f, "%.*s%s%s", (int)(p - c->synopsis), c->synopsis,
	    join_names(names, sizeof(names), c->formats, "|", "|"),
	    p + sizeof(mark) - 1);
}

static int
usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
usage_error(const char *cmd, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd != NULL && findcmd(cmd) != NULL) {
		fputs("usage: ", stderr);
		print_synopsis(stderr, findcmd(cmd));
		fputc('\n', stderr);
	} else
		fprintf(stderr, "Try 'etwcat --help'.\n");
	return ECAT_EXIT_USAGE;
}

/* A --format the command's table does not name. */
static int
bad_format(const char *cmd, const char *given)
{
	char	 names[256];

	return usage_error(cmd, "--format takes %s, not '%s'",
	    join_names(names, sizeof(names), findcmd(cmd)->formats, ", ",
	    " or "), given);
}

/* Options every loading command shares. */
struct common {
	enum ecat_sev	 threshold;
	const char	*build;
	const char	*output;
	const char	*format;
	const char	*from;
	const char	*to;
	const char	*baseline;
	const char	*write_baseline;
	int		 all;
	int		 no_lint;	/* validate */
	int		 quiet;
	int		 follow_symlinks;
	int		 nsources;
	char		**sources;
	const char	*base_url;	/* build */
	const char	*templates;	/* build */
	int		 jobs;		/* build: 0 means one per CPU */
	int		 full;		/* build: render every page */
	const char	**ignore;	/* validate: --ignore ID... */
	int		 nignore;
	const char	*provider;	/* validate: --provider NAME */
	int		 prune_baseline; /* validate */
	long		 max_bytes;	/* drift markdown: -1 unset, 0 no cap */
	enum ecat_colour colour;	/* --color */
	char		**msources;	/* merge: --source DIR... */
	int		 nmsources;
	int		 threshold_given; /* -W */
	const char	*srcroot;	/* validate, drift: SARIF */
	uint64_t	 max_results;	/* validate, drift: SARIF */
	int		 has_max_results;
};

enum {
	OPT_FORMAT = 256, OPT_FROM, OPT_TO, OPT_HELP, OPT_BASELINE,
	OPT_WRITE_BASELINE, OPT_ALL, OPT_BASE_URL, OPT_TEMPLATES,
	OPT_NO_LINT, OPT_FOLLOW_SYMLINKS, OPT_FULL, OPT_IGNORE, OPT_PROVIDER,
	OPT_PRUNE_BASELINE, OPT_MAX_BYTES, OPT_COLOR, OPT_SOURCE,
	OPT_SRCROOT, OPT_MAX_RESULTS
};

static int
parse_level(const char *s, enum ecat_sev *out)
{
	if (strcmp(s, "error") == 0)
		*out = ECAT_SEV_ERROR;
	else if (strcmp(s, "warning") == 0)
		*out = ECAT_SEV_WARNING;
	else if (strcmp(s, "note") == 0)
		*out = ECAT_SEV_NOTE;
	else
		return -1;
	return 0;
}

/* Returns -1 on a usage error (already printed), 1 for --help, 0 ok. */
static int
parse_common(const char *cmd, int argc, char **argv, struct common *co)
{
	static const struct option longopts[] = {
		{ "build", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "write-baseline", required_argument, NULL,
		    OPT_WRITE_BASELINE },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "no-lint", no_argument, NULL, OPT_NO_LINT },
		{ "base-url", required_argument, NULL, OPT_BASE_URL },
		{ "templates", required_argument, NULL, OPT_TEMPLATES },
		{ "jobs", required_argument, NULL, 'j' },
		{ "follow-symlinks", no_argument, NULL, OPT_FOLLOW_SYMLINKS },
		{ "full", no_argument, NULL, OPT_FULL },
		{ "ignore", required_argument, NULL, OPT_IGNORE },
		{ "provider", required_argument, NULL, OPT_PROVIDER },
		{ "prune-baseline", no_argument, NULL, OPT_PRUNE_BASELINE },
		{ "max-bytes", required_argument, NULL, OPT_MAX_BYTES },
		{ "color", optional_argument, NULL, OPT_COLOR },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "srcroot", required_argument, NULL, OPT_SRCROOT },
		{ "max-results", required_argument, NULL, OPT_MAX_RESULTS },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	static const char	*ignore[256];
	static char		*msources[256];

	memset(co, 0, sizeof(*co));
	co->threshold = ECAT_SEV_ERROR;
	co->ignore = ignore;
	co->max_bytes = -1;
	co->msources = msources;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "W:b:o:qj:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'W':
			if (parse_level(optarg, &co->threshold) == -1) {
				usage_error(cmd, "-W takes error, warning or "
				    "note, not '%s'", optarg);
				return -1;
			}
			co->threshold_given = 1;
			break;
		case 'b':
			co->build = optarg;
			break;
		case 'o':
			co->output = optarg;
			break;
		case 'q':
			co->quiet = 1;
			break;
		case OPT_FORMAT:
			co->format = optarg;
			break;
		case OPT_FROM:
			co->from = optarg;
			break;
		case OPT_TO:
			co->to = optarg;
			break;
		case OPT_BASELINE:
			co->baseline = optarg;
			break;
		case OPT_WRITE_BASELINE:
			co->write_baseline = optarg;
			break;
		case OPT_ALL:
			co->all = 1;
			break;
		case OPT_NO_LINT:
			co->no_lint = 1;
			break;
		case OPT_BASE_URL:
			co->base_url = optarg;
			break;
		case OPT_TEMPLATES:
			co->templates = optarg;
			break;
		case OPT_FOLLOW_SYMLINKS:
			co->follow_symlinks = 1;
			break;
		case OPT_FULL:
			co->full = 1;
			break;
		case OPT_IGNORE:
			if (co->nignore == (int)(sizeof(ignore) /
			    sizeof(ignore[0]))) {
				usage_error(cmd, "%s", "--ignore given more "
				    "than 256 times");
				return -1;
			}
			ignore[co->nignore++] = optarg;
			break;
		case OPT_PROVIDER:
			co->provider = optarg;
			break;
		case OPT_PRUNE_BASELINE:
			co->prune_baseline = 1;
			break;
		case OPT_MAX_BYTES: {
			char	*end;
			long	 n = strtol(optarg, &end, 10);

			/* Below 1024 the trailer of a cut report, up to
			   about 250 bytes, would not fit with a heading. */
			if (*optarg == '\0' || *end != '\0' || (n != 0 &&
			    (n < 1024 || n > 1000000000))) {
				usage_error(cmd, "--max-bytes takes 0 (no cap) "
				    "or a number of bytes from 1024 to "
				    "1000000000, not '%s'", optarg);
				return -1;
			}
			co->max_bytes = n;
			break;
		}
		case OPT_COLOR:
			/* Bare --color is always, as GNU ls and grep take it. */
			if (optarg == NULL || strcmp(optarg, "always") == 0)
				co->colour = ECAT_COLOUR_ALWAYS;
			else if (strcmp(optarg, "auto") == 0)
				co->colour = ECAT_COLOUR_AUTO;
			else if (strcmp(optarg, "never") == 0)
				co->colour = ECAT_COLOUR_NEVER;
			else {
				usage_error(cmd, "--color takes auto, always or "
				    "never, not '%s'", optarg);
				return -1;
			}
			break;
		case OPT_SOURCE:
			if (co->nmsources == (int)(sizeof(msources) /
			    sizeof(msources[0]))) {
				usage_error(cmd, "%s", "--source given more "
				    "than 256 times");
				return -1;
			}
			msources[co->nmsources++] = optarg;
			break;
		case OPT_SRCROOT:
			co->srcroot = optarg;
			break;
		case OPT_MAX_RESULTS: {
			char			*end;
			unsigned long long	 n;

			errno = 0;
			n = strtoull(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' ||
			    errno != 0) {
				usage_error(cmd, "--max-results takes a number "
				    "of results (0: no limit), not '%s'",
				    optarg);
				return -1;
			}
			co->max_results = n;
			co->has_max_results = 1;
			break;
		}
		case 'j': {
			char	*end;
			long	 n = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end != '\0' || n < 1 ||
			    n > 256) {
				usage_error(cmd, "-j takes a number of threads "
				    "from 1 to 256, not '%s'", optarg);
				return -1;
			}
			co->jobs = (int)n;
			break;
		}
		case OPT_HELP:
			return 1;
		default:
			usage_error(cmd, "unknown or incomplete option '%s'",
			    argv[optind - 1]);
			return -1;
		}
	}
	co->nsources = argc - optind;
	co->sources = argv + optind;
	ecat_set_follow_symlinks(co->follow_symlinks);
	/* Before any output: the streams are looked at once. */
	ecat_set_colour(co->colour);
	return 0;
}

/*
 * A report written to -o FILE goes to FILE.tmp, renamed over FILE
 * once written whole (out_close), as the baselines and the JSON lines
 * export are: a reader never sees half a report, and a run that fails
 * to write one leaves FILE as it was.  No FILE or "-": standard
 * output (or stderr, the validate text report's default).  A FILE that
 * exists and is not a regular file (a FIFO, a terminal) or is a
 * symbolic link (/dev/stdout is one) is written in place: a rename
 * would put a file where the pipe, device or link was.
 */
struct out {
	FILE		*f;
	const char	*path;	/* NULL: f is a standard stream */
	char		*tmp;	/* NULL: written in place */
};

static int
out_open(struct out *o, const char *path, FILE *std)
{
	struct stat	 st;
	size_t		 len;

	memset(o, 0, sizeof(*o));
	o->f = std;
	if (path == NULL || strcmp(path, "-") == 0)
		return 0;
	o->path = path;
	if (lstat(path, &st) == -1 || S_ISREG(st.st_mode)) {
		len = strlen(path) + sizeof(".tmp");
		if ((o->tmp = malloc(len)) == NULL) {
			/* As the library says it (etwcat.1, EXIT STATUS). */
			fputs("etwcat: out of memory\n", stderr);
			exit(ECAT_EXIT_SYSTEM);
		}
		snprintf(o->tmp, len, "%s.tmp", path);
	}
	if ((o->f = fopen(o->tmp != NULL ? o->tmp : path, "w")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", progname, o->tmp != NULL ?
		    o->tmp : path, strerror(errno));
		free(o->tmp);
		return -1;
	}
	return 0;
}

/*
 * Close o's stream; with keep, put the report in place, else drop it.
 * Returns -1, said on stderr, when it could not be written.
 */
static int
out_close(struct out *o, int keep)
{
	int	 bad;

	bad = ferror(o->f);
	if (o->path == NULL)
		bad |= fflush(o->f) == EOF;
	else
		bad |= fclose(o->f) == EOF;
	if (!bad && keep && o->tmp != NULL && rename(o->tmp, o->path) == -1)
		bad = 1;
	if (bad)
		fprintf(stderr, "%s: %s: %s\n", progname, o->path != NULL ?
		    o->path : o->f == stderr ? "<stderr>" : "<stdout>",
		    strerror(errno));
	if (o->tmp != NULL && (bad || !keep))
		remove(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	return bad ? -1 : 0;
}

/*
 * Load every SOURCE into a new catalog.  Returns the catalog (the
 * caller frees it and the diag); *rc is -1 if an input was unreadable.
 */
static struct ecat_catalog *
load_all(const struct common *co, struct ecat_diag *diag, int *rc)
{
	struct ecat_catalog	*cat;
	int			 i;

	if (co->quiet)
		ecat_diag_set_min(diag, ECAT_SEV_ERROR);
	cat = ecat_catalog_new(diag);
	*rc = 0;
	for (i = 0; i < co->nsources; i++)
		if (ecat_load_source(cat, co->sources[i], co->build) == -1)
			*rc = -1;
	ecat_catalog_finish(cat);
	return cat;
}

static int
show_help(const char *name)
{
	const struct cmd	*c;

	if ((c = findcmd(name)) == NULL)
		return usage_error(NULL, "no command '%s'", name);
	fputs("usage: ", stdout);
	print_synopsis(stdout, c);
	printf("\n\n%s.\n", c->summary);
	if (!c->built)
		printf("\nThis command is not built yet.\n");
	printf("\nSee etwcat(1) for details.\n");
	return ECAT_EXIT_OK;
}

static int
need_sources(const char *cmd, const struct common *co)
{
	if (co->nsources > 0)
		return 0;
	usage_error(cmd, "%s: no SOURCE given", cmd);
	return -1;
}

/*
 * The baseline and the --ignore and --provider filters of validate and
 * merge (etwcat.1, SAMPLE VALIDATION, Baselines), for the run's SOURCE
 * arguments; *vb stays NULL when none is asked.  -1: a usage error,
 * printed.
 */
static int
baseline_new(const char *cmd, const struct common *co, char *const *sources,
    int nsources, struct ecat_vbaseline **vb)
{
	int	 i;

	*vb = NULL;
	if (co->baseline == NULL && co->write_baseline == NULL &&
	    co->nignore == 0 && co->provider == NULL)
		return 0;
	*vb = ecat_vbaseline_new(sources, nsources);
	for (i = 0; i < co->nignore; i++)
		if (ecat_vbaseline_ignore(*vb, co->ignore[i]) == -1) {
			ecat_vbaseline_free(*vb);
			*vb = NULL;
			usage_error(cmd, "--ignore: no diagnostic has the id "
			    "'%s'", co->ignore[i]);
			return -1;
		}
	if (co->provider != NULL)
		ecat_vbaseline_provider(*vb, co->provider);
	if (co->write_baseline != NULL)
		ecat_vbaseline_record(*vb);
	return 0;
}

/* --write-baseline: the file, and one line saying so; 0 or -1. */
static int
baseline_write(const char *cmd, const struct common *co,
    struct ecat_vbaseline *vb, struct ecat_diag *diag)
{
	if (ecat_vbaseline_write(vb, co->write_baseline, diag) == -1)
		return -1;
	fprintf(stderr, "%s %s: %" PRIu64 " finding%s written to %s\n",
	    progname, cmd, ecat_vbaseline_accepted(vb),
	    ecat_vbaseline_accepted(vb) == 1 ? "" : "s", co->write_baseline);
	return 0;
}

/* After the report: what the baseline took, what it no longer finds,
   and --prune-baseline; 0, or -1 when the baseline was not written. */
static int
baseline_done(const char *cmd, const struct common *co,
    struct ecat_vbaseline *vb, struct ecat_diag *diag)
{
	uint64_t	 stale;

	if (vb == NULL)
		return 0;
	if (ecat_vbaseline_accepted(vb) + ecat_vbaseline_leftout(vb) > 0)
		fprintf(stderr, "%s %s: %" PRIu64 " finding%s accepted by the "
		    "baseline, %" PRIu64 " left out by --ignore or "
		    "--provider\n", progname, cmd, ecat_vbaseline_accepted(vb),
		    ecat_vbaseline_accepted(vb) == 1 ? "" : "s",
		    ecat_vbaseline_leftout(vb));
	if ((stale = ecat_vbaseline_stale(vb, NULL)) > 0) {
		fprintf(stderr, "%s %s: %" PRIu64 " baseline finding%s no "
		    "longer found%s\n", progname, cmd, stale,
		    stale == 1 ? "" : "s", co->prune_baseline ?
		    ", pruned from the baseline" : ":");
		if (!co->prune_baseline)
			ecat_vbaseline_stale(vb, stderr);
	}
	if (co->prune_baseline &&
	    ecat_vbaseline_prune(vb, co->baseline, diag) == -1)
		return -1;
	return 0;
}

/*
 * The report's stream (out_open()): -o FILE, else standard error for
 * text (where diagnostics go) and standard output for the others.
 * NULL after saying why.
 */
static FILE *
report_open(const struct common *co, const struct ecat_vformat *fmt,
    struct out *o)
{
	if (out_open(o, co->output, ecat_vformat_tostderr(fmt) &&
	    co->output == NULL ? stderr : stdout) == -1)
		return NULL;
	/* Unbuffered stderr would cost one write per diagnostic. */
	if (o->f == stderr)
		setvbuf(stderr, NULL, _IOFBF, 1 << 16);
	return o->f;
}

/*
 * Close the report's stream, putting -o FILE in place: a report with
 * findings of an unreadable input (r -1) is whole, and kept.  -1 when
 * it could not be written (said) or r is -1.
 */
static int
report_close(struct out *o, int r)
{
	return out_close(o, 1) == -1 || r == -1 ? -1 : 0;
}

/*
 * The diagnostics of validate and merge: errors only with -q, through
 * the baseline's filter (read first, unless it is being written).
 * *rc is set to -1 when the baseline could not be read.
 */
static struct ecat_diag *
report_diag(const struct common *co, struct ecat_vbaseline *vb, int *rc)
{
	struct ecat_diag	*diag = ecat_diag_new();

	if (co->quiet)
		ecat_diag_set_min(diag, ECAT_SEV_ERROR);
	if (vb != NULL) {
		if (co->baseline != NULL && co->write_baseline == NULL &&
		    ecat_vbaseline_read(vb, co->baseline, diag) == -1)
			*rc = -1;
		ecat_diag_set_filter(diag, ecat_vbaseline_filter, vb);
	}
	return diag;
}

/*
 * The SARIF options (--srcroot, --max-results), used by SARIF alone:
 * other formats only check that --srcroot is a folder, and the run
 * does no more than before (tests/fault_injection.sh counts its
 * allocations).  Returns -1 after a usage error.
 */
static int
sarif_options(const char *cmd, const struct common *co, int sarif,
    char *const *sources, int nsources)
{
	struct stat	 st;

	if (!sarif) {
		if (co->srcroot == NULL)
			return 0;
		if (stat(co->srcroot, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				return 0;
			errno = ENOTDIR;
		}
	} else if (ecat_sarif_set_srcroot(co->srcroot, sources,
	    nsources) == 0) {
		if (co->has_max_results)
			ecat_sarif_set_max_results(co->max_results);
		return 0;
	}
	usage_error(cmd, "--srcroot %s: %s", co->srcroot != NULL ?
	    co->srcroot : ".", strerror(errno));
	return -1;
}

static int
cmd_validate(int argc, char **argv)
{
	struct common		 co;
	struct ecat_diag	*diag;
	struct ecat_catalog	*cat;
	struct ecat_vreport	*rep;
	struct ecat_vrun	*run;
	const struct ecat_vformat *fmt;
	struct ecat_vbaseline	*vb = NULL;
	struct out		 out;
	FILE			*f;
	int			 rc = 0, r, i, nstdin = 0;

	if ((r = parse_common("validate", argc, argv, &co)) != 0)
		return r == 1 ? show_help("validate") : ECAT_EXIT_USAGE;
	if (co.prune_baseline && co.baseline == NULL)
		return usage_error("validate", "%s", "--prune-baseline needs "
		    "--baseline FILE");
	/* The table's first format is the default. */
	if ((fmt = ecat_vformat_find(co.format != NULL ? co.format :
	    ecat_vformat_name(0))) == NULL)
		return bad_format("validate", co.format);
	if (need_sources("validate", &co) == -1)
		return ECAT_EXIT_USAGE;
	for (i = 0; i < co.nsources; i++)
		nstdin += strcmp(co.sources[i], "-") == 0;
	if (nstdin > 1)
		return usage_error("validate", "%s", "standard input (-) "
		    "given twice");
	if (sarif_options("validate", &co,
	    fmt == ecat_vformat_find("sarif"), co.sources, co.nsources) == -1)
		return ECAT_EXIT_USAGE;
	if (baseline_new("validate", &co, co.sources, co.nsources, &vb) == -1)
		return ECAT_EXIT_USAGE;
	/* Text goes where diagnostics always go, the others to stdout;
	   with --write-baseline the baseline is the output, no report. */
	f = NULL;
	if (co.write_baseline == NULL &&
	    (f = report_open(&co, fmt, &out)) == NULL) {
		ecat_vbaseline_free(vb);
		return ECAT_EXIT_SYSTEM;
	}

	diag = report_diag(&co, vb, &rc);
	rep = f != NULL ? ecat_vreport_new(diag, f, fmt, co.threshold,
	    co.quiet) : NULL;
	if (rep != NULL)
		ecat_vreport_sources(rep, co.sources, co.nsources);
	/* Samples are read once, after every schema is loaded. */
	cat = ecat_catalog_new(diag);
	ecat_validate_defer(cat);
	for (i = 0; i < co.nsources; i++)
		if (ecat_load_source(cat, co.sources[i], co.build) == -1)
			rc = -1;
	ecat_catalog_finish(cat);
	if (!co.no_lint)
		ecat_lint(cat);
	/* Sigma rules' fields against the schemas (rule-* checks). */
	ecat_rules_check(cat);
	run = ecat_vrun_new();
	if (rep != NULL)
		ecat_vreport_hook(rep, run);
	if (ecat_validate(cat, run) == -1)
		rc = -1;
	if (rep == NULL) {
		/* --write-baseline: the file, and one line saying so. */
		if (baseline_write("validate", &co, vb, diag) == -1)
			rc = -1;
		r = ecat_diag_exit(diag, co.threshold);
		ecat_vrun_free(run);
		ecat_catalog_free(cat);
		ecat_diag_free(diag);
		ecat_vbaseline_free(vb);
		return rc == -1 ? ECAT_EXIT_SYSTEM : r;
	}
	r = ecat_vreport_finish(rep, cat, run);
	if (baseline_done("validate", &co, vb, diag) == -1)
		rc = -1;
	if (report_close(&out, r) == -1)
		rc = -1;
	r = ecat_diag_exit(diag, co.threshold);
	ecat_vrun_free(run);
	ecat_vreport_free(rep);
	ecat_catalog_free(cat);
	ecat_diag_free(diag);
	ecat_vbaseline_free(vb);
	return rc == -1 ? ECAT_EXIT_SYSTEM : r;
}

/*
 * merge: the JSON reports of validate run in shards, as one report
 * (etwcat.1, SAMPLE VALIDATION, Shards).  The baseline, --ignore and
 * --provider apply here, not in the shards; the threshold is -W, else
 * the shards' own (the lowest).
 */
static int
cmd_merge(int argc, char **argv)
{
	struct common		 co;
	struct ecat_vmerge	*m;
	struct ecat_diag	*diag;
	struct ecat_vreport	*rep = NULL;
	struct ecat_vbaseline	*vb;
	const struct ecat_vformat *fmt;
	struct out		 out;
	enum ecat_sev		 threshold;
	char *const		*sources;
	FILE			*f = NULL;
	int			 rc = 0, r, i, nsources;

	if ((r = parse_common("merge", argc, argv, &co)) != 0)
		return r == 1 ? show_help("merge") : ECAT_EXIT_USAGE;
	if (co.prune_baseline && co.baseline == NULL)
		return usage_error("merge", "%s", "--prune-baseline needs "
		    "--baseline FILE");
	if ((fmt = ecat_vformat_find(co.format != NULL ? co.format :
	    ecat_vformat_name(0))) == NULL)
		return bad_format("merge", co.format);
	if (co.nsources == 0)
		return usage_error("merge", "%s", "merge: no REPORT given");
	m = ecat_vmerge_new();
	for (i = 0; i < co.nsources; i++)
		(void)ecat_vmerge_read(m, co.sources[i]);
	threshold = co.threshold_given ? co.threshold :
	    ecat_vmerge_threshold(m);
	sources = ecat_vmerge_sources(m, co.msources, co.nmsources, &nsources);
	if (sarif_options("merge", &co, fmt == ecat_vformat_find("sarif"),
	    sources, nsources) == -1 ||
	    baseline_new("merge", &co, sources, nsources, &vb) == -1) {
		ecat_vmerge_free(m);
		return ECAT_EXIT_USAGE;
	}
	if (co.write_baseline == NULL &&
	    (f = report_open(&co, fmt, &out)) == NULL) {
		ecat_vbaseline_free(vb);
		ecat_vmerge_free(m);
		return ECAT_EXIT_SYSTEM;
	}
	diag = report_diag(&co, vb, &rc);
	if (f != NULL) {
		rep = ecat_vreport_new(diag, f, fmt, threshold, co.quiet);
		ecat_vreport_sources(rep, sources, nsources);
	}
	r = ecat_vmerge_finish(m, diag, rep);
	if (rep == NULL) {
		if (baseline_write("merge", &co, vb, diag) == -1)
			rc = -1;
	} else {
		if (baseline_done("merge", &co, vb, diag) == -1)
			rc = -1;
		if (report_close(&out, r) == -1)
			rc = -1;
	}
	r = ecat_diag_exit(diag, threshold);
	if (r < ecat_vmerge_status(m))
		r = ecat_vmerge_status(m);
	ecat_vreport_free(rep);
	ecat_diag_free(diag);
	ecat_vbaseline_free(vb);
	ecat_vmerge_free(m);
	return rc == -1 ? ECAT_EXIT_SYSTEM : r;
}

/*
 * export --format jsonl: the events of the captures the sources hold,
 * one JSON line each, to -o FILE (written whole through FILE.tmp, or
 * not at all) or standard output.  Captures are read after loading,
 * as validate reads them.  No event read is an error: a conversion
 * that wrote nothing must not pass for one that worked.
 */
static int
export_jsonl(const struct common *co)
{
	struct ecat_diag	*diag = ecat_diag_new();
	struct ecat_catalog	*cat;
	struct out		 out;
	uint64_t		 n = 0;
	int			 rc = 0, r, i;

	if (co->quiet)
		ecat_diag_set_min(diag, ECAT_SEV_ERROR);
	cat = ecat_catalog_new(diag);
	ecat_validate_defer(cat);
	for (i = 0; i < co->nsources; i++)
		if (ecat_load_source(cat, co->sources[i], co->build) == -1)
			rc = -1;
	ecat_catalog_finish(cat);
	if (out_open(&out, co->output, stdout) == -1) {
		ecat_catalog_free(cat);
		ecat_diag_free(diag);
		return ECAT_EXIT_SYSTEM;
	}
	if (ecat_export_jsonl(cat, out.f, &n) == -1)
		rc = -1;
	/* An input not read: the export is incomplete, not put in place. */
	if (out_close(&out, rc != -1) == -1)
		rc = -1;
	r = ecat_diag_exit(diag, co->threshold);
	if (n == 0 && rc != -1) {
		fprintf(stderr, "%s: export: no event read from the sources "
		    "(captures: .evtx, .etl, JSON samples)\n", progname);
		r = ECAT_EXIT_FINDINGS;
	}
	ecat_catalog_free(cat);
	ecat_diag_free(diag);
	return rc == -1 ? ECAT_EXIT_SYSTEM : r;
}

static int
cmd_export(int argc, char **argv)
{
	struct common		 co;
	struct ecat_diag	*diag;
	struct ecat_catalog	*cat;
	struct out		 out;
	int			 rc, r;

	if ((r = parse_common("export", argc, argv, &co)) != 0)
		return r == 1 ? show_help("export") : ECAT_EXIT_USAGE;
	if (co.format == NULL)
		return usage_error("export", "%s", "--format tsv|json is "
		    "required");
	if (strcmp(co.format, "tsv") != 0 && strcmp(co.format, "json") != 0 &&
	    strcmp(co.format, "jsonl") != 0)
		return usage_error("export", "--format takes tsv, json or "
		    "jsonl, not '%s'", co.format);
	if (strcmp(co.format, "tsv") == 0 && co.output == NULL)
		return usage_error("export", "%s", "--format tsv needs -o DIR");
	if (need_sources("export", &co) == -1)
		return ECAT_EXIT_USAGE;
	if (strcmp(co.format, "jsonl") == 0)
		return export_jsonl(&co);
	diag = ecat_diag_new();
	cat = load_all(&co, diag, &rc);
	if (strcmp(co.format, "tsv") == 0) {
		if (ecat_export_tsv(cat, co.output, 0) == -1)
			rc = -1;
	} else {
		/* The JSON export carries each event's history. */
		ecat_drift_run(cat, NULL, NULL);
		if (out_open(&out, co.output, stdout) == -1) {
			ecat_catalog_free(cat);
			ecat_diag_free(diag);
			return ECAT_EXIT_SYSTEM;
		}
		if (ecat_export_json(cat, out.f) == -1)
			rc = -1;
		/* As jsonl: an incomplete catalog is not put in place. */
		if (out_close(&out, rc != -1) == -1)
			rc = -1;
	}
	r = ecat_diag_exit(diag, co.threshold);
	ecat_catalog_free(cat);
	ecat_diag_free(diag);
	return rc == -1 ? ECAT_EXIT_SYSTEM : r;
}

/*
 * The key of a build's run record (etwcat.1, SITE, Rebuilds): what
 * changes what the run reads, renders or prints, each item its name,
 * its length and its bytes.  The working folder, since relative
 * SOURCE paths and the diagnostics' file names depend on it; -b, which
 * names the build of loose files; --base-url; --templates and
 * $ETWCAT_TEMPLATES (the templates folder; its files are inputs);
 * --follow-symlinks; the SOURCE arguments as given.  Not in it: -q, -W
 * and -j, which change what is printed or how fast, not what the run
 * finds: the record keeps every diagnostic and their counts, and the
 * skip filters and counts them again; --full, which skips no run; -o,
 * the folder the record is in.  NULL when the run cannot be recorded
 * (a SOURCE "-": standard input has no identity).
 */
static char *
build_key(const struct common *co, size_t *len)
{
	const char	*env = getenv("ETWCAT_TEMPLATES");
	const char	*name[64], *val[64];
	char		*cwd, *buf, *p;
	size_t		 n = 0, i, cap = 0;

	for (i = 0; i < (size_t)co->nsources; i++)
		if (strcmp(co->sources[i], "-") == 0)
			return NULL;
	if ((cwd = getcwd(NULL, 0)) == NULL) {
		if (errno == ENOMEM)
			goto oom;
		return NULL;	/* no working folder: not recorded */
	}
#define KEY(k, v) do { name[n] = (k); val[n++] = (v); } while (0)
	KEY("cwd", cwd);
	KEY("build", co->build);
	KEY("base-url", co->base_url);
	KEY("templates", co->templates);
	KEY("ETWCAT_TEMPLATES", env);
	KEY("follow-symlinks", co->follow_symlinks ? "1" : "0");
#undef KEY
	for (i = 0; i < n; i++)
		cap += strlen(name[i]) + (val[i] != NULL ? strlen(val[i]) :
		    0) + 32;
	for (i = 0; i < (size_t)co->nsources; i++)
		cap += strlen(co->sources[i]) + 32;
	if ((buf = p = malloc(cap + 1)) == NULL) {
		free(cwd);
		goto oom;
	}
	/* Each item "name length value\n"; no value: the length -1. */
	for (i = 0; i < n; i++)
		p += val[i] != NULL ? sprintf(p, "%s %zu %s\n", name[i],
		    strlen(val[i]), val[i]) : sprintf(p, "%s -1 \n",
		    name[i]);
	for (i = 0; i < (size_t)co->nsources; i++)
		p += sprintf(p, "source %zu %s\n", strlen(co->sources[i]),
		    co->sources[i]);
	free(cwd);
	*len = (size_t)(p - buf);
	return buf;
oom:
	/* As the library does (etwcat.1, EXIT STATUS). */
	fputs("etwcat: out of memory\n", stderr);
	exit(ECAT_EXIT_SYSTEM);
}

/*
 * build: load, check and render the site.  Returns the exit status: 3
 * when an input could not be read (the site is not written) or the
 * site could not be written or its old copy removed, else from the
 * findings at or above -W.
 */
static int
cmd_build(int argc, char **argv)
{
	struct common		 co, lo;
	struct ecat_diag	*diag;
	struct ecat_catalog	*cat;
	struct ecat_site_opts	*so;
	struct ecat_rerun	*rr = NULL;
	struct ecat_vrun	*run;
	char			*key;
	size_t			 keylen = 0;
	int			 rc, r;
	long			 ncpu;

	if ((r = parse_common("build", argc, argv, &co)) != 0)
		return r == 1 ? show_help("build") : ECAT_EXIT_USAGE;
	if (need_sources("build", &co) == -1)
		return ECAT_EXIT_USAGE;
	so = ecat_site_opts_new();
	ecat_site_opts_set_dir(so, co.output != NULL ? co.output : "site");
	ecat_site_opts_set_quiet(so, co.quiet);
	ecat_site_opts_set_full(so, co.full);
	/* Nothing the run reads changed since the site's last build: its
	   diagnostics and status again, nothing loaded or written. */
	if ((key = build_key(&co, &keylen)) != NULL &&
	    ecat_site_rerun(so, key, keylen, co.threshold, &r) == 1) {
		free(key);
		ecat_site_opts_free(so);
		return r;
	}
	diag = ecat_diag_new();
	lo = co;
	if (key != NULL) {
		rr = ecat_rerun_new(key, keylen);
		free(key);
		/* -q hides notes and warnings; the record keeps them. */
		ecat_rerun_attach(rr, diag, co.quiet ? ECAT_SEV_ERROR :
		    ECAT_SEV_NOTE);
		lo.quiet = 0;
	}
	cat = load_all(&lo, diag, &rc);
	if (rc == -1)
		goto unread;
	ecat_lint(cat);
	/* Rules on the event pages, and their fields checked. */
	ecat_rules_check(cat);
	/*
	 * Examples and their findings for the event pages, each finding
	 * also printed and counted in the exit status as validate prints
	 * and counts it: a page must not show an error the run passed.
	 */
	run = ecat_vrun_new();
	if (ecat_validate(cat, run) == -1)
		rc = -1;
	ecat_vrun_free(run);
	/* History: each build against the one before it. */
	ecat_drift_run(cat, NULL, NULL);
	if (ecat_notes_load(cat) == -1)
		rc = -1;
	/*
	 * The samples and the notes are read only now, after the schemas;
	 * all of them are read before stopping, so that one run names every
	 * input that could not be read.
	 */
	if (rc == -1)
		goto unread;
	ecat_site_opts_set_templates(so, co.templates);
	/* Joined with "/" and a path: the setter drops trailing '/'. */
	ecat_site_opts_set_base_url(so, co.base_url);
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	ecat_site_opts_set_jobs(so, co.jobs > 0 ? co.jobs : ncpu > 0 ?
	    (int)ncpu : 1);
	ecat_site_opts_set_progress(so, !co.quiet && isatty(STDERR_FILENO));
	ecat_site_opts_set_rerun(so, rr);
	if (ecat_site_build(cat, so) == -1)
		rc = -1;
	ecat_site_opts_free(so);
	r = ecat_diag_exit(diag, co.threshold);
	ecat_catalog_free(cat);
	ecat_diag_free(diag);
	ecat_rerun_free(rr);
	return rc == -1 ? ECAT_EXIT_SYSTEM : r;
unread:
	/*
	 * An input that could not be read (io-read, limit-exceeded): a
	 * schema, a sample file or a note.  The catalog is incomplete, so
	 * publishing it would replace a good site with a partial one: the
	 * previous site is left as it is, byte for byte.
	 */
	fprintf(stderr, "%s: build: an input could not be read; the site "
	    "was not written\n", progname);
	ecat_site_opts_free(so);
	ecat_catalog_free(cat);
	ecat_diag_free(diag);
	ecat_rerun_free(rr);
	return ECAT_EXIT_SYSTEM;
}

/*
 * drift: exit status from the findings not accepted by the baseline:
 * -W error (the default) fails on breaking drift, -W warning also on
 * warnings, -W note on any finding.  Load errors count as usual.
 */
static int
cmd_drift(int argc, char **argv)
{
	struct common		 co;
	struct ecat_diag	*diag;
	struct ecat_catalog	*cat;
	struct out		 out;
	long			 stale = 0;
	int			 rc, r;
	enum ecat_dsev		 fail;

	if ((r = parse_common("drift", argc, argv, &co)) != 0)
		return r == 1 ? show_help("drift") : ECAT_EXIT_USAGE;
	/* The table's first format is the default. */
	if (co.format == NULL)
		co.format = ecat_drift_format_name(0);
	if (!has_name(ecat_drift_format_name, co.format))
		return bad_format("drift", co.format);
	/* Only a markdown report is cut: a cut JSON or SARIF document
	   would not parse, and text has no size limit to meet. */
	if (co.max_bytes >= 0 && strcmp(co.format, "markdown") != 0)
		return usage_error("drift", "--max-bytes applies to "
		    "--format markdown only");
	if (co.max_bytes < 0)
		co.max_bytes = ECAT_DRIFT_MAX_BYTES;
	if (need_sources("drift", &co) == -1 ||
	    sarif_options("drift", &co, strcmp(co.format, "sarif") == 0,
	    co.sources, co.nsources) == -1)
		return ECAT_EXIT_USAGE;
	diag = ecat_diag_new();
	cat = load_all(&co, diag, &rc);
	if (ecat_drift_run(cat, co.from, co.to) == -1) {
		fprintf(stderr, "%s: drift: no build named '%s'\n", progname,
		    co.from != NULL && ecat_build_find(cat, co.from) == NULL ?
		    co.from : co.to);
		ecat_catalog_free(cat);
		ecat_diag_free(diag);
		return ECAT_EXIT_USAGE;
	}
	if (co.baseline != NULL &&
	    (stale = ecat_drift_baseline_read(cat, co.baseline)) == -1)
		rc = -1;
	if (co.write_baseline != NULL &&
	    ecat_drift_baseline_write(cat, co.write_baseline) == -1)
		rc = -1;
	if (out_open(&out, co.output, stdout) == -1) {
		ecat_catalog_free(cat);
		ecat_diag_free(diag);
		return ECAT_EXIT_SYSTEM;
	}
	ecat_drift_report_max(cat, out.f, co.format, co.all,
	    (size_t)co.max_bytes);
	if (stale > 0 && !co.quiet)
		fprintf(stderr, "%s: %ld baseline finding%s no longer "
		    "found\n", progname, stale, stale == 1 ? "" : "s");
	if (out_close(&out, 1) == -1)
		rc = -1;
	fail = co.threshold == ECAT_SEV_ERROR ? ECAT_DSEV_BREAKING :
	    co.threshold == ECAT_SEV_WARNING ? ECAT_DSEV_WARNING :
	    ECAT_DSEV_NOTE;
	r = ecat_diag_exit(diag, co.threshold);
	if (r == ECAT_EXIT_OK && ecat_drift_count(cat, fail) > 0)
		r = ECAT_EXIT_FINDINGS;
	ecat_catalog_free(cat);
	ecat_diag_free(diag);
	return rc == -1 ? ECAT_EXIT_SYSTEM : r;
}

static int
cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage_all(stdout);
		return ECAT_EXIT_OK;
	}
	return show_help(argv[1]);
}

int
main(int argc, char *argv[])
{
	const struct cmd	*c;

	if (argc < 2) {
		usage_all(stderr);
		return ECAT_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_all(stdout);
		return ECAT_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("etwcat %s\n", ECAT_VERSION);
		return ECAT_EXIT_OK;
	}
	if ((c = findcmd(argv[1])) == NULL)
		return usage_error(NULL, "no command '%s'", argv[1]);
	if (!c->built) {
		fprintf(stderr, "%s: %s: not built yet\n", progname, c->name);
		return ECAT_EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
