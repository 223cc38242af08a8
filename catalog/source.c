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
 * reproducible whatever order readdir() returns.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"
#include "rules.h"

/* Largest single input file read whole (etwcat.1, LIMITS). */
#define ECAT_MAX_FILE	(256UL * 1024 * 1024)

char *
ecat_slurp(struct ecat_catalog *cat, const char *path, size_t *lenp)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	struct stat	 st;
	char		*buf;
	size_t		 len = 0, cap;
	ssize_t		 n;
	int		 fd;

	loc.file = ecat_file(cat, path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    errno ? strerror(errno) : "not a regular file");
		close(fd);
		return NULL;
	}
	if ((uintmax_t)st.st_size > ECAT_MAX_FILE) {
		ecat_msg(cat->diag, ECAT_MSG_LIMIT, &loc,
		    "file of %jd bytes; the limit is %lu", (intmax_t)st.st_size,
		    ECAT_MAX_FILE);
		close(fd);
		return NULL;
	}
	cap = (size_t)st.st_size + 1;
	buf = ecat_malloc(cap);
	for (;;) {
		if (len + 1 == cap) {
			/* The file grew while we read it. */
			if (cap > ECAT_MAX_FILE)
				break;
			cap *= 2;
			buf = ecat_realloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
			    strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	cat->nfiles++;
	return buf;
}

/* ------------------------------------------------------------- listing */

struct dlist {
	char	**names;
	size_t	 n;
};

static int
S_namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entries of dir, without "." and "..".  -1 if unreadable. */
static int
S_list(const char *dir, struct dlist *l)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 cap = 0;

	l->names = NULL;
	l->n = 0;
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (l->n == cap) {
			cap = cap ? cap * 2 : 64;
			l->names = ecat_reallocarray(l->names, cap,
			    sizeof(char *));
		}
		l->names[l->n++] = ecat_strdup(de->d_name);
	}
	closedir(d);
	qsort(l->names, l->n, sizeof(char *), S_namecmp);
	return 0;
}

static void
S_list_free(struct dlist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
}

static char *
S_join(const char *a, const char *b)
{
	size_t	 n = strlen(a);

	if (n > 0 && a[n - 1] == '/')
		return ecat_asprintf("%s%s", a, b);
	return ecat_asprintf("%s/%s", a, b);
}

static int
S_isdir(const char *p)
{
	struct stat	 st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
S_isfile(const char *p)
{
	struct stat	 st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int
S_hassuffix(const char *s, const char *suf)
{
	size_t	 n = strlen(s), m = strlen(suf);

	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* ------------------------------------------------------------- loading */

enum fkind { F_NONE, F_XML, F_TSV, F_SAMPLE, F_BUILDJSON, F_RULE };

static enum fkind
S_kind(const char *name)
{
	const char	*base = strrchr(name, '/');

	base = base ? base + 1 : name;
	if (strcmp(base, "build.json") == 0)
		return F_BUILDJSON;
	if (S_hassuffix(base, ".xml") || S_hassuffix(base, ".man"))
		return F_XML;
	if (S_hassuffix(base, ".tsv"))
		return F_TSV;
	if (S_hassuffix(base, ".json") || S_hassuffix(base, ".jsonl"))
		return F_SAMPLE;
	if (S_hassuffix(base, ".yml") || S_hassuffix(base, ".yaml"))
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

/* Load every known file directly in dir (not recursing). */
static int
S_load_files(struct ecat_catalog *cat, struct ecat_build *b, const char *dir)
{
	struct dlist	 l;
	size_t		 i;
	char		*p;
	int		 rc = 0;

	if (S_list(dir, &l) == -1)
		return 0;
	for (i = 0; i < l.n; i++) {
		p = S_join(dir, l.names[i]);
		if (S_isfile(p) && strcmp(l.names[i], "build.json") != 0 &&
		    S_load_file(cat, b, p, 1) == -1)
			rc = -1;
		free(p);
	}
	S_list_free(&l);
	return rc;
}

/*
 * Load the sample files (.json, .jsonl) in the subfolders of dir, to
 * any depth, in byte order of their names, all in build b.  Captures
 * are filed in folders by technique or origin (../shared/samples has
 * evtx-attack-samples/<technique>/); schema folders keep their flat
 * layout, so only sample files are taken from subfolders.  Folders
 * whose names start with "." and symbolic links to folders are not
 * followed (no loops), nor is anything deeper than S_MAX_DEPTH.
 */
#define S_MAX_DEPTH	16

static int
S_load_sample_tree(struct ecat_catalog *cat, struct ecat_build *b,
    const char *dir, int depth)
{
	struct dlist	 l;
	struct stat	 st;
	size_t		 i;
	char		*p;
	int		 rc = 0;

	if (depth > S_MAX_DEPTH || S_list(dir, &l) == -1)
		return 0;
	for (i = 0; i < l.n; i++) {
		if (l.names[i][0] == '.')
			continue;
		p = S_join(dir, l.names[i]);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (S_load_sample_tree(cat, b, p, depth + 1) == -1)
				rc = -1;
		} else if (depth > 0 && S_isfile(p) &&
		    S_kind(p) == F_SAMPLE &&
		    ecat_load_samples_file(cat, b, p) == -1)
			rc = -1;
		free(p);
	}
	S_list_free(&l);
	return rc;
}

/* Subfolders of a build folder that hold its files. */
static const char *const buildsubdirs[] = {
	"manifests", "wepexplorer", "tsv", "tsv/manifest", "tsv/mof",
	"manifest", "mof", "samples", NULL
};

/*
 * Does dir hold a manifest or TSV file directly?  A folder whose
 * subfolders do is a folder of builds, as the repnz corpus is
 * (repnz/<build>/NAME.xml).
 */
static int
S_has_schemas(const char *dir)
{
	struct dlist	 l;
	size_t		 i;
	int		 yes = 0;

	if (S_list(dir, &l) == -1)
		return 0;
	for (i = 0; i < l.n && !yes; i++) {
		enum fkind k = S_kind(l.names[i]);
		yes = k == F_XML || k == F_TSV;
	}
	S_list_free(&l);
	return yes;
}

static int
S_is_rulesdir(const char *dir)
{
	struct dlist	 l;
	size_t		 i;
	char		*p;
	int		 yes;

	p = S_join(dir, "rules");
	yes = S_isdir(p);
	free(p);
	if (yes || S_list(dir, &l) == -1)
		return yes;
	for (i = 0; i < l.n && !yes; i++)
		yes = S_kind(l.names[i]) == F_RULE;
	S_list_free(&l);
	return yes;
}

static int
S_is_builddir(const char *dir)
{
	const char *const	*s;
	char			*p;
	int			 yes = 0;

	p = S_join(dir, "build.json");
	yes = S_isfile(p);
	free(p);
	for (s = buildsubdirs; !yes && *s != NULL; s++) {
		p = S_join(dir, *s);
		yes = S_isdir(p);
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
	p = S_join(dir, "build.json");
	if (S_isfile(p) && ecat_load_build_json(cat, b, p) == -1)
		rc = -1;
	free(p);
	if (S_load_files(cat, b, dir) == -1)
		rc = -1;
	for (s = buildsubdirs; *s != NULL; s++) {
		p = S_join(dir, *s);
		if (S_isdir(p) && S_load_files(cat, b, p) == -1)
			rc = -1;
		/* samples/ may hold subfolders of captures. */
		if (strcmp(*s, "samples") == 0 && S_isdir(p) &&
		    S_load_sample_tree(cat, b, p, 0) == -1)
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
	    "tsv", "manifest", "mof", "samples", NULL };
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
	struct dlist	 l;
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
	p = S_join(path, "builds");
	if (S_isdir(p)) {
		if (S_list(p, &l) == 0) {
			for (i = 0; i < l.n; i++) {
				char *bd = S_join(p, l.names[i]);
				if (S_isdir(bd)) {
					any = 1;
					if (S_load_builddir(cat, l.names[i],
					    bd) == -1)
						rc = -1;
				}
				free(bd);
			}
			S_list_free(&l);
		}
		free(p);
		if (!any)
			ecat_msg(cat->diag, ECAT_MSG_SRC_EMPTY, &loc,
			    "builds/ holds no build folders");
		/* SRC/rules/ and below: Sigma rules.  (SRC/notes/ is read by the
		   site, catalog/notes.c, through cat->roots.) */
		p = S_join(path, "rules");
		if (S_isdir(p) && ecat_load_rules(cat, p) == -1)
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
	if (S_list(path, &l) == 0) {
		for (i = 0; i < l.n; i++) {
			char *bd = S_join(path, l.names[i]);
			if (S_isdir(bd) && (S_is_builddir(bd) ||
			    S_has_schemas(bd))) {
				any = 1;
				if (S_load_builddir(cat, l.names[i], bd) == -1)
					rc = -1;
			}
			free(bd);
		}
		S_list_free(&l);
	}
	if (any)
		return rc;

	/*
	 * A folder of Sigma rules (a rules/ folder inside, or YAML files
	 * directly, as a SigmaHQ checkout has): every *.yml below it.
	 */
	if (S_is_rulesdir(path))
		return ecat_load_rules(cat, path);

	/* Loose files; the folder (or -b) names the build. */
	{
		struct ecat_build *b = ecat_build_get(cat, build_id != NULL ?
		    build_id : S_basename(path, name, sizeof(name)));
		uint64_t before = cat->nfiles;

		b->dir = ecat_str(cat, path);
		rc = S_load_files(cat, b, path);
		if (S_load_sample_tree(cat, b, path, 0) == -1)
			rc = -1;
		if (cat->nfiles == before)
			ecat_msg(cat->diag, ECAT_MSG_SRC_EMPTY, &loc, NULL);
	}
	return rc;
}
