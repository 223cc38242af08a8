/*
 * source.c: find the schema, sample and build files a SOURCE names and
 * hand each to its loader.
 *
 * Layouts accepted (README, "Catalog source layout"):
 *
 *   SRC/builds/<build>/{manifests,tsv,samples}/...  a catalog source
 *   SRC/<build>/{manifest,mof}/NAME.tsv             the TSV corpus
 *   <build>/...                                     one build folder
 *   <folder>/NAME.{xml,tsv,json,jsonl}              loose files; the
 *                                                   folder names the build
 *   FILE                                            one file
 *
 * Files are visited in byte order of their names so runs are
 * reproducible whatever order readdir() returns; folders are listed
 * and walked by walk.c, files read by the loaders through io.c.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "io.h"
#include "load.h"
#include "rules.h"
#include "tsvcols.h"
#include "walk.h"

/* ------------------------------------------------------------- loading */

enum fkind { F_NONE, F_XML, F_TSV, F_SAMPLE, F_BUILDJSON, F_RULE };

static enum fkind
S_kind(const char *name)
{
	const char	*base = strrchr(name, '/');

	base = base ? base + 1 : name;
	if (strcmp(base, "build.json") == 0)
		return F_BUILDJSON;
	/* .manifest: a Windows component manifest (manifest.c). */
	if (ecat_hassuffix(base, ".xml") || ecat_hassuffix(base, ".man") ||
	    ecat_hassuffix(base, ".manifest"))
		return F_XML;
	if (ecat_hassuffix(base, ".tsv"))
		return F_TSV;
	if (ecat_hassuffix(base, ".json") || ecat_hassuffix(base, ".jsonl") ||
	    ecat_hassuffix(base, ".evtx") || ecat_hassuffix(base, ".etl"))
		return F_SAMPLE;
	if (ecat_hassuffix(base, ".yml") || ecat_hassuffix(base, ".yaml"))
		return F_RULE;
	return F_NONE;
}

static int
S_load_file(struct ecat_catalog *cat, struct ecat_build *b, const char *path,
    int quiet_unknown)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };

	switch (S_kind(path)) {
	case F_XML:
		return ecat_load_xml_file(cat, b, path);
	case F_TSV:
		return ecat_load_tsv_file(cat, b, path);
	case F_SAMPLE:
		return ecat_load_samples_file(cat, b, path);
	case F_BUILDJSON:
		return ecat_load_build_json(cat, b, path);
	case F_RULE:
		/* A Sigma rule given on its own (catalog/sigma.c). */
		return quiet_unknown ? 0 : ecat_load_rules(cat, path);
	default:
		if (!quiet_unknown) {
			loc.file = ecat_file(cat, path);
			ecat_msg(cat->diag, ECAT_MSG_SRC_IGNORED, &loc, NULL);
		}
		return 0;
	}
}

/* The files a build folder's subfolders hold (build.json aside). */
static int
S_isschema(const char *path)
{
	enum fkind	 k = S_kind(path);

	return k == F_XML || k == F_TSV || k == F_SAMPLE;
}

static int
S_visit_quiet(struct ecat_walk *w, const char *path)
{
	return S_load_file(w->cat, w->arg, path, 1);
}

/* Load every known file directly in dir (not recursing). */
static int
S_load_files(struct ecat_catalog *cat, struct ecat_build *b, const char *dir)
{
	struct ecat_walk	 w = { cat, ECAT_WALK_DOTS, 0, 0, S_isschema,
	    S_visit_quiet, b };

	return ecat_walk(&w, dir);
}

static int
S_issample(const char *path)
{
	return S_kind(path) == F_SAMPLE;
}

static int
S_visit_sample(struct ecat_walk *w, const char *path)
{
	return ecat_load_samples_file(w->cat, w->arg, path);
}

/*
 * Load the sample files (.json, .jsonl) in the subfolders of dir, to
 * any depth, in byte order of their names, all in build b.  Captures
 * are filed in folders by technique or origin (../shared/samples has
 * evtx-attack-samples/<technique>/); schema folders keep their flat
 * layout, so only sample files are taken from subfolders.  Names that
 * start with "." are skipped; links and depth as every walk (walk.c):
 * to 16 levels, a deeper folder reported.
 */
static int
S_load_sample_tree(struct ecat_catalog *cat, struct ecat_build *b,
    const char *dir)
{
	struct ecat_walk	 w = { cat, 0, 1, ECAT_WALK_MAXDEPTH, S_issample,
	    S_visit_sample, b };

	return ecat_walk(&w, dir);
}

/* A build made when its first capture is met (S_load_rule_captures). */
struct lazybuild {
	const char		*id;
	const char		*dir;
	struct ecat_build	*b;
};

/*
 * A capture beside rules: a sample file but a .json one, which in
 * Sigma's regression data is the twin of the rule's .evtx rendered by
 * the evtx crate ({"Event": {"System": ...}}), not a JSON sample: read
 * as one, each of the 202 twins was sample-malformed.
 */
static int
S_isrulecapture(const char *path)
{
	size_t	 n = strlen(path);

	return S_issample(path) && !(n > 5 &&
	    strcasecmp(path + n - 5, ".json") == 0);
}

static int
S_visit_rule_capture(struct ecat_walk *w, const char *path)
{
	struct lazybuild	*l = w->arg;

	if (l->b == NULL) {
		l->b = ecat_build_get(w->cat, l->id);
		l->b->dir = ecat_str(w->cat, l->dir);
	}
	return ecat_load_samples_file(w->cat, l->b, path);
}

/*
 * The captures kept beside Sigma rules, as Sigma's regression data
 * keeps each rule's .evtx and its JSON twin in the rule's folder
 * (../shared/captures/evtx/sigma-regression): samples of build id,
 * which is made only if there is one, so that a plain rules checkout
 * adds no build.  Without this, validate over that folder read its 203
 * rule files and none of its 202 captures, and passed.
 */
static int
S_load_rule_captures(struct ecat_catalog *cat, const char *id,
    const char *dir)
{
	struct lazybuild	 l = { id, dir, NULL };
	struct ecat_walk	 w = { cat, 0, 1, ECAT_WALK_MAXDEPTH,
	    S_isrulecapture, S_visit_rule_capture, &l };

	return ecat_walk(&w, dir);
}

/* Subfolders of a build folder that hold its files. */
static const char *const buildsubdirs[] = {
	"manifests", "wepexplorer", "tsv", "tsv/" ECAT_TSV_MANIFEST,
	"tsv/" ECAT_TSV_MOF, ECAT_TSV_MANIFEST, ECAT_TSV_MOF, "samples", NULL
};

/*
 * Does dir hold a manifest or TSV file directly?  A folder whose
 * subfolders do is a folder of builds, as the repnz corpus is
 * (repnz/<build>/NAME.xml).
 */
static int
S_has_schemas(const char *dir)
{
	struct ecat_dirlist	 l;
	size_t		 i;
	int		 yes = 0;

	if (ecat_dir_list(dir, ECAT_WALK_DOTS, &l) == -1)
		return 0;
	for (i = 0; i < l.n && !yes; i++) {
		enum fkind k = S_kind(l.names[i]);
		yes = k == F_XML || k == F_TSV;
	}
	ecat_dir_list_free(&l);
	return yes;
}

static int
S_is_rulesdir(const char *dir)
{
	struct ecat_dirlist	 l;
	size_t		 i;
	char		*p;
	int		 yes;

	p = ecat_path_join(dir, "rules");
	yes = ecat_isdir(p);
	free(p);
	if (yes || ecat_dir_list(dir, ECAT_WALK_DOTS, &l) == -1)
		return yes;
	for (i = 0; i < l.n && !yes; i++)
		yes = S_kind(l.names[i]) == F_RULE;
	ecat_dir_list_free(&l);
	return yes;
}

static int
S_is_builddir(const char *dir)
{
	const char *const	*s;
	char			*p;
	int			 yes = 0;

	p = ecat_path_join(dir, "build.json");
	yes = ecat_isfile(p);
	free(p);
	for (s = buildsubdirs; !yes && *s != NULL; s++) {
		p = ecat_path_join(dir, *s);
		yes = ecat_isdir(p);
		free(p);
	}
	return yes;
}

static const char *
S_basename(const char *path, char *buf, size_t sz)
{
	size_t		 n = strlen(path);
	const char	*s;

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (s = path + n; s > path && s[-1] != '/'; s--)
		continue;
	if ((size_t)(path + n - s) >= sz)
		n = (size_t)(s - path) + sz - 1;
	memcpy(buf, s, (size_t)(path + n - s));
	buf[path + n - s] = '\0';
	return buf;
}

static int
S_load_builddir(struct ecat_catalog *cat, const char *id, const char *dir)
{
	struct ecat_build	*b;
	const char *const	*s;
	char			*p;
	int			 rc = 0;

	b = ecat_build_get(cat, id);
	b->dir = ecat_str(cat, dir);
	/* A build.json that is no regular file is refused (io.c). */
	p = ecat_path_join(dir, "build.json");
	if (ecat_entry(cat, p) == ECAT_ENT_FILE &&
	    ecat_load_build_json(cat, b, p) == -1)
		rc = -1;
	free(p);
	if (S_load_files(cat, b, dir) == -1)
		rc = -1;
	for (s = buildsubdirs; *s != NULL; s++) {
		p = ecat_path_join(dir, *s);
		if (ecat_entry(cat, p) != ECAT_ENT_DIR) {
			free(p);
			continue;
		}
		if (S_load_files(cat, b, p) == -1)
			rc = -1;
		/* samples/ may hold subfolders of captures. */
		if (strcmp(*s, "samples") == 0 &&
		    S_load_sample_tree(cat, b, p) == -1)
			rc = -1;
		free(p);
	}
	return rc;
}

/* Folder names that are part of a layout, never a build's id. */
static int
S_layoutname(const char *s)
{
	static const char *const names[] = { "manifests", "wepexplorer",
	    "tsv", ECAT_TSV_MANIFEST, ECAT_TSV_MOF, "samples", NULL };
	const char *const	*n;

	for (n = names; *n != NULL; n++)
		if (strcmp(*n, s) == 0)
			return 1;
	return 0;
}

/* The build a loose file belongs to: its folder, skipping layout names. */
static struct ecat_build *
S_build_for_file(struct ecat_catalog *cat, const char *path)
{
	char	*dir, *slash, name[PATH_MAX];

	dir = ecat_strdup(path);
	for (;;) {
		if ((slash = strrchr(dir, '/')) == NULL) {
			free(dir);
			/* A file in the working directory: its folder. */
			if (getcwd(name, sizeof(name)) != NULL)
				return ecat_build_get(cat,
				    S_basename(name, name, sizeof(name)));
			return ecat_build_get(cat, "default");
		}
		*slash = '\0';
		S_basename(dir[0] ? dir : "/", name, sizeof(name));
		if (!S_layoutname(name) || slash == dir)
			break;
	}
	free(dir);
	return ecat_build_get(cat, name);
}

int
ecat_load_source(struct ecat_catalog *cat, const char *path,
    const char *build_id)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	struct ecat_dirlist	 l;
	struct stat	 st;
	char		*p, name[PATH_MAX];
	size_t		 i;
	int		 rc = 0, any = 0;

	/*
	 * "-" is standard input, read as a sample file (the validator
	 * reads it, once) in the build -b names, else in a build named
	 * "stdin".
	 */
	if (strcmp(path, "-") == 0)
		return ecat_load_samples_file(cat, ecat_build_get(cat,
		    build_id != NULL ? build_id : "stdin"), path);
	loc.file = ecat_file(cat, path);
	if (stat(path, &st) == -1) {
		ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    strerror(errno));
		return -1;
	}
	if (cat->nroots % 8 == 0)
		cat->roots = ecat_reallocarray(cat->roots, cat->nroots + 8,
		    sizeof(char *));
	cat->roots[cat->nroots++] = ecat_str(cat, path);

	if (!S_ISDIR(st.st_mode)) {
		struct ecat_build *b = build_id != NULL ?
		    ecat_build_get(cat, build_id) :
		    S_build_for_file(cat, path);
		return S_load_file(cat, b, path, 0);
	}

	/* SRC/builds/<build>/... */
	p = ecat_path_join(path, "builds");
	if (ecat_isdir(p)) {
		if (ecat_entry(cat, p) == ECAT_ENT_DIR &&
		    ecat_dir_list(p, ECAT_WALK_DOTS, &l) == 0) {
			for (i = 0; i < l.n; i++) {
				char *bd = ecat_path_join(p, l.names[i]);
				if (ecat_entry(cat, bd) == ECAT_ENT_DIR) {
					any = 1;
					if (S_load_builddir(cat, l.names[i],
					    bd) == -1)
						rc = -1;
				}
				free(bd);
			}
			ecat_dir_list_free(&l);
		}
		free(p);
		if (!any)
			ecat_msg(cat->diag, ECAT_MSG_SRC_EMPTY, &loc,
			    "builds/ holds no build folders");
		/* SRC/rules/ and below: Sigma rules.  (SRC/notes/ is read by the
		   site, catalog/notes.c, through cat->roots.) */
		p = ecat_path_join(path, "rules");
		if (ecat_entry(cat, p) == ECAT_ENT_DIR &&
		    ecat_load_rules(cat, p) == -1)
			rc = -1;
		free(p);
		return rc;
	}
	free(p);

	/* A single build folder. */
	if (S_is_builddir(path))
		return S_load_builddir(cat, build_id != NULL ? build_id :
		    S_basename(path, name, sizeof(name)), path);

	/* A folder of build folders (the TSV corpus layout). */
	if (ecat_dir_list(path, ECAT_WALK_DOTS, &l) == 0) {
		for (i = 0; i < l.n; i++) {
			char *bd = ecat_path_join(path, l.names[i]);
			if (ecat_isdir(bd) && (S_is_builddir(bd) ||
			    S_has_schemas(bd))) {
				any = 1;
				if (ecat_entry(cat, bd) == ECAT_ENT_DIR &&
				    S_load_builddir(cat, l.names[i], bd) == -1)
					rc = -1;
			}
			free(bd);
		}
		ecat_dir_list_free(&l);
	}
	if (any)
		return rc;

	/*
	 * A folder of Sigma rules (a rules/ folder inside, or YAML files
	 * directly, as a SigmaHQ checkout has): every *.yml below it.
	 */
	if (S_is_rulesdir(path)) {
		rc = ecat_load_rules(cat, path);
		if (S_load_rule_captures(cat, build_id != NULL ? build_id :
		    S_basename(path, name, sizeof(name)), path) == -1)
			rc = -1;
		return rc;
	}

	/* Loose files; the folder (or -b) names the build. */
	{
		struct ecat_build *b = ecat_build_get(cat, build_id != NULL ?
		    build_id : S_basename(path, name, sizeof(name)));
		uint64_t before = cat->nfiles;

		b->dir = ecat_str(cat, path);
		rc = S_load_files(cat, b, path);
		if (S_load_sample_tree(cat, b, path) == -1)
			rc = -1;
		if (cat->nfiles == before)
			ecat_msg(cat->diag, ECAT_MSG_SRC_EMPTY, &loc, NULL);
	}
	return rc;
}
