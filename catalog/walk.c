/*
 * walk.c: listing and walking folders for the loaders (walk.h).  The
 * policy toward symbolic links lives here alone: S_link_ok() decides,
 * for the walker (S_walk) and for the folders and files a source's
 * layout names (ecat_entry).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etwcat.h"
#include "inputs.h"
#include "walk.h"

/* --follow-symlinks: links are followed wherever they lead. */
static int	 follow_links;

void
ecat_set_follow_symlinks(int on)
{
	follow_links = on != 0;
}

struct dirent1 {
	char		*name;
	unsigned char	 type;
	uint64_t	 ino;
};

static int
S_namecmp(const void *a, const void *b)
{
	return strcmp(((const struct dirent1 *)a)->name,
	    ((const struct dirent1 *)b)->name);
}

/*
 * Is the entry name of dir, whose type readdir(3) says is type, a
 * folder (a link to one too)?  A stat(2) only where readdir does not
 * say: for names starting with "." alone.  Returns 1 or 0.
 */
static int
S_isdirent(const char *dir, const char *name, unsigned char type)
{
	struct stat	 st;
	char		*p;
	int		 yes;

	if (type == DT_DIR)
		return 1;
	if (type != DT_UNKNOWN && type != DT_LNK)
		return 0;
	p = ecat_path_join(dir, name);
	yes = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	free(p);
	return yes;
}

/*
 * Names starting with "." (etwcat.1, CATALOG SOURCE LAYOUT): a folder
 * is never listed (.git, .github, .svn: the state of tools, which
 * holds their own .yml and .json files); a file only with
 * ECAT_WALK_DOTS, which the schema folders are listed with, since an
 * etwlib dump names a provider's file ".NET Common Language Runtime
 * {...}.xml", while sample, rule and note trees are not (editor and
 * OS companions, a Sigma checkout's .pre-commit-config.yaml).
 */
/*
 * The one place a folder is read: the entries of the open folder d
 * (dir is its path, for the stat of a name starting with "."), as
 * ecat_dir_list() describes them.  d stays open.
 */
static void
S_dir_read(DIR *d, const char *dir, unsigned flags, struct ecat_dirlist *l)
{
	struct dirent	*de;
	struct dirent1	*ents = NULL;
	size_t		 cap = 0, i;

	l->names = NULL;
	l->types = NULL;
	l->inos = NULL;
	l->n = 0;
	ecat_inputs_dirfd(dir, dirfd(d));	/* the run's record */
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (de->d_name[0] == '.' && (!(flags & ECAT_WALK_DOTS) ||
		    S_isdirent(dir, de->d_name, de->d_type)))
			continue;
		if (l->n == cap) {
			cap = cap ? cap * 2 : 64;
			ents = ecat_reallocarray(ents, cap, sizeof(*ents));
		}
		ents[l->n].name = ecat_strdup(de->d_name);
		ents[l->n].ino = (uint64_t)de->d_ino;
		ents[l->n++].type = de->d_type;
	}
	/* qsort(3) with a NULL base is undefined even for no elements. */
	if (l->n > 1)
		qsort(ents, l->n, sizeof(*ents), S_namecmp);
	if (l->n > 0) {
		l->names = ecat_reallocarray(NULL, l->n, sizeof(char *));
		l->types = ecat_malloc(l->n);
		l->inos = ecat_reallocarray(NULL, l->n, sizeof(*l->inos));
	}
	for (i = 0; i < l->n; i++) {
		l->names[i] = ents[i].name;
		l->types[i] = ents[i].type;
		l->inos[i] = ents[i].ino;
	}
	free(ents);
}

int
ecat_dir_list(const char *dir, unsigned flags, struct ecat_dirlist *l)
{
	DIR	*d;

	l->names = NULL;
	l->types = NULL;
	l->inos = NULL;
	l->n = 0;
	if ((d = opendir(dir)) == NULL) {
		/*
		 * opendir(3) allocates: its ENOMEM is the run's out of
		 * memory, not a folder that is not there (callers take -1
		 * as "no such layout", and a SOURCE whose listing failed
		 * so was source-empty, exit 1; tests/sigma_oom.sh).
		 */
		if (errno == ENOMEM)
			ecat_oom();
		ecat_inputs_probe(dir);		/* the run's record */
		return -1;
	}
	S_dir_read(d, dir, flags, l);
	closedir(d);
	return 0;
}

void
ecat_dir_list_free(struct ecat_dirlist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	free(l->types);
	free(l->inos);
	l->names = NULL;
	l->types = NULL;
	l->inos = NULL;
	l->n = 0;
}

char *
ecat_path_join(const char *a, const char *b)
{
	size_t	 n = strlen(a);

	if (n > 0 && a[n - 1] == '/')
		return ecat_asprintf("%s%s", a, b);
	return ecat_asprintf("%s/%s", a, b);
}

int
ecat_isdir(const char *p)
{
	struct stat	 st;

	ecat_inputs_probe(p);		/* the run's record (inputs.h) */
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int
ecat_isfile(const char *p)
{
	struct stat	 st;

	ecat_inputs_probe(p);		/* the run's record (inputs.h) */
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* ------------------------------------------------------ symbolic links */

/* Is path dir itself or below it?  Both spelled alike (as given, or
   both resolved). */
static int
S_under(const char *path, const char *dir)
{
	size_t	 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/*
 * The SOURCE path was found in: the source root (cat->roots, as given
 * on the command line) it is spelled under, the one being loaded
 * (the last) first; else NULL (a walk started outside any source,
 * whose top is then its root).
 */
static const char *
S_root(const struct ecat_catalog *cat, const char *path)
{
	uint32_t	 r;

	for (r = cat->nroots; r-- > 0;)
		if (S_under(path, cat->roots[r]))
			return cat->roots[r];
	return NULL;
}

/*
 * The policy toward symbolic links, for every loader: a link (or a
 * path reached through one) is followed when what it resolves to is
 * inside the source it was found in, root; anywhere with
 * --follow-symlinks.  A source root that is itself a link is the
 * user's choice: it is resolved (realpath) and its target is the
 * folder links must stay in.  Returns 1 to follow, 0 after a warning
 * naming the link and its target (never the target's content).
 */
static int
S_link_ok(struct ecat_catalog *cat, const char *path, const char *root)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	char		*real, *realroot;
	int		 ok;

	if (follow_links || root == NULL)
		return 1;
	loc.file = ecat_file(cat, path);
	/*
	 * realpath(3) allocates: its ENOMEM is the run's out of memory,
	 * not a link to skip (fault_injection.sh made it a
	 * source-symlink-skipped warning and a run that went on).
	 */
	if ((real = realpath(path, NULL)) == NULL) {
		if (errno == ENOMEM)
			ecat_oom();
		ecat_msg(cat->diag, ECAT_MSG_SRC_SYMLINK, &loc, "%s",
		    strerror(errno));
		return 0;
	}
	if ((realroot = realpath(root, NULL)) == NULL) {
		if (errno == ENOMEM)
			ecat_oom();
		/* A root that can no longer be resolved holds nothing. */
		ecat_msg(cat->diag, ECAT_MSG_SRC_SYMLINK, &loc,
		    "%s: %s", root, strerror(errno));
		free(real);
		return 0;
	}
	if (!(ok = S_under(real, realroot)))
		ecat_msg(cat->diag, ECAT_MSG_SRC_SYMLINK, &loc,
		    "it leads to %s, outside the source %s "
		    "(--follow-symlinks follows it)", real, root);
	free(realroot);
	free(real);
	return ok;
}

/* A dangling link (or a chain of links that loops, err ELOOP): named
   with what it points to, and skipped. */
static void
S_dangling(struct ecat_catalog *cat, const char *path, int err)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	char		 target[PATH_MAX];
	ssize_t		 n;

	loc.file = ecat_file(cat, path);
	if ((n = readlink(path, target, sizeof(target) - 1)) == -1)
		n = 0;
	target[n] = '\0';
	ecat_msg(cat->diag, ECAT_MSG_SRC_SYMLINK, &loc, "it points to %s: %s",
	    target, strerror(err));
}

enum ecat_ent
ecat_entry(struct ecat_catalog *cat, const char *path)
{
	struct stat	 st;

	ecat_inputs_probe(path);	/* the run's record (inputs.h) */
	if (lstat(path, &st) == -1)
		return ECAT_ENT_NONE;
	if (S_ISLNK(st.st_mode) && stat(path, &st) == -1) {
		S_dangling(cat, path, errno);
		return ECAT_ENT_NONE;
	}
	/*
	 * A layout path such as builds/B/tsv/manifest is joined whole: a
	 * link may be any of its parts, so the resolved path is checked
	 * even when the last part is no link.
	 */
	if (!S_link_ok(cat, path, S_root(cat, path)))
		return ECAT_ENT_NONE;
	return S_ISDIR(st.st_mode) ? ECAT_ENT_DIR : ECAT_ENT_FILE;
}

/* ---------------------------------------------------------------- walk */

/* A folder met by the walk, by device and inode. */
struct seen {
	dev_t	 dev;
	ino_t	 ino;
	char	*path;		/* where it was first met */
};

static int
S_seencmp(const void *a, const void *b)
{
	const struct seen	*x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return 0;
}

static void
S_seenfree(void *p)
{
	struct seen	*s = p;

	free(s->path);
	free(s);
}

/*
 * Folders listed by walks so far: each listing's number, for a loader
 * to tell one folder's files from another's (ecat_walking.listing).
 */
static uint64_t	 S_listings;

uint64_t
ecat_walk_listings(void)
{
	return __atomic_load_n(&S_listings, __ATOMIC_RELAXED);
}

/* One walk's state beside the caller's struct ecat_walk. */
struct wstate {
	struct ecat_walk	*w;
	const char		*root;	/* the source, or the walk's top */
	const char		*top;
	void			*seen;	/* tsearch(3) tree of struct seen */
};

/*
 * Record the folder at path (st: its stat, links followed).  Returns 0
 * the first time; a folder met again (a link to a folder of the walk,
 * a loop back up) is reported and 1 returned, so that no walk reads a
 * file twice or goes round.
 */
static int
S_seen_again(struct wstate *s, const char *path, const struct stat *st)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	struct seen	*n, **f;

	n = ecat_malloc(sizeof(*n));
	n->dev = st->st_dev;
	n->ino = st->st_ino;
	n->path = NULL;
	if ((f = tsearch(n, &s->seen, S_seencmp)) == NULL)
		ecat_oom();
	if (*f == n) {
		n->path = ecat_strdup(path);
		return 0;
	}
	free(n);
	loc.file = ecat_file(s->w->cat, path);
	ecat_msg(s->w->cat->diag, ECAT_MSG_SRC_LOOP, &loc,
	    "the folder %s again", (*f)->path);
	return 1;
}

static int
S_wanted(const struct ecat_walk *w, const char *path, int depth)
{
	return depth >= w->mindepth && (w->want == NULL || w->want(path));
}

/*
 * The entries of dir, in byte order.  Each is looked at without
 * following links (lstat): a link is followed, to a folder or a file,
 * only as S_link_ok() says, and a folder met twice is not entered
 * again.  Anything that is not a folder is offered to the visit by
 * name: the loaders refuse what is not a regular file (ecat_open_input)
 * with a diagnostic, which a FIFO, a device or a socket gets.  Folders
 * deeper than maxdepth are reported (limit-exceeded) in a walk to the
 * limit; a walk of one folder (maxdepth 0) skips its subfolders by
 * design, silently.
 */
static int
S_walk(struct wstate *s, const char *dir, int depth)
{
	struct ecat_walk	*w = s->w;
	struct ecat_walking	 was;
	struct ecat_dirlist	 l;
	struct ecat_loc		 loc = { NULL, 0, 0 };
	struct stat		 st;
	DIR			*d;
	size_t			 i;
	uint64_t		 listing;
	char			*p;
	int			 rc = 0, islink, e;

	if ((d = opendir(dir)) == NULL) {
		e = errno;
		ecat_inputs_probe(dir);		/* the run's record */
		errno = e;
		if (!(w->flags & ECAT_WALK_REPORT))
			return 0;
		loc.file = ecat_file(w->cat, dir);
		ecat_msg(w->cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    strerror(errno));
		return -1;
	}
	S_dir_read(d, dir, w->flags, &l);
	listing = __atomic_add_fetch(&S_listings, 1, __ATOMIC_RELAXED);
	for (i = 0; i < l.n; i++) {
		p = ecat_path_join(dir, l.names[i]);
		/*
		 * A regular file, as readdir(3) says, is offered without an
		 * lstat(2): that call was 7% of a validate run over the
		 * 179,350 files of the 170-build stress catalog
		 * (bench/stress.sh); the loader's open and fstat check
		 * the file anyway (ecat_open_input).
		 */
		if (l.types[i] == DT_REG) {
			islink = 0;
			goto file;
		}
		if (lstat(p, &st) == -1)
			goto next;
		if ((islink = S_ISLNK(st.st_mode)) && stat(p, &st) == -1) {
			e = errno;
			if (S_wanted(w, p, depth))
				S_dangling(w->cat, p, e);
			goto next;
		}
		if (S_ISDIR(st.st_mode)) {
			if (depth >= w->maxdepth) {
				if (w->maxdepth < ECAT_WALK_MAXDEPTH)
					goto next;
				loc.file = ecat_file(w->cat, p);
				ecat_msg(w->cat->diag, ECAT_MSG_LIMIT, &loc,
				    "folder more than %d levels below %s; "
				    "not read", w->maxdepth, s->top);
				rc = -1;
				goto next;
			}
			if (islink && !S_link_ok(w->cat, p, s->root))
				goto next;
			if (S_seen_again(s, p, &st))
				goto next;
			if (S_walk(s, p, depth + 1) == -1)
				rc = -1;
			goto next;
		}
file:
		if (!S_wanted(w, p, depth))
			goto next;
		if (islink && !S_link_ok(w->cat, p, s->root))
			goto next;
		/*
		 * The loader opens the file relative to the folder, open
		 * here (ecat_open_input): the kernel then looks up one
		 * name, not every folder of the path again.
		 */
		was = w->cat->walking;
		w->cat->walking.fd = dirfd(d);
		w->cat->walking.path = p;
		w->cat->walking.name = l.names[i];
		w->cat->walking.ino = l.types[i] == DT_REG ? l.inos[i] : 0;
		w->cat->walking.listing = listing;
		if (w->visit(w, p) == -1)
			rc = -1;
		w->cat->walking = was;
next:
		free(p);
	}
	ecat_dir_list_free(&l);
	closedir(d);
	return rc;
}

const char *
ecat_path_in_source(const char *const *sources, size_t n, const char *file)
{
	const char	*best = NULL, *slash;
	size_t		 i, len, bestn = 0;

	if (file == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		len = strlen(sources[i]);
		while (len > 1 && sources[i][len - 1] == '/')
			len--;
		if (strncmp(file, sources[i], len) != 0)
			continue;
		if (file[len] == '\0') {
			slash = strrchr(file, '/');
			return slash != NULL && slash[1] != '\0' ? slash + 1 :
			    file;
		}
		if (len > bestn && file[len] == '/' && file[len + 1] != '\0') {
			best = file + len + 1;
			bestn = len;
		}
	}
	return best != NULL ? best : file;
}

int
ecat_walk(struct ecat_walk *w, const char *top)
{
	struct wstate	 s;
	struct stat	 st;
	int		 rc;

	s.w = w;
	s.top = top;
	s.seen = NULL;
	if ((s.root = S_root(w->cat, top)) == NULL)
		s.root = top;
	/* The top counts as met: a link back up to it is a loop. */
	if (stat(top, &st) == 0)
		S_seen_again(&s, top, &st);
	rc = S_walk(&s, top, 0);
	tdestroy(s.seen, S_seenfree);
	return rc;
}
