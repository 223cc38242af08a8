/*
 * walk.c: listing and walking folders for the loaders (walk.h).  The
 * policy toward symbolic links lives in S_entry() alone.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "walk.h"

static int
S_namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ecat_dir_list(const char *dir, unsigned flags, struct ecat_dirlist *l)
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
		if (de->d_name[0] == '.' && !(flags & ECAT_WALK_DOTS))
			continue;
		if (l->n == cap) {
			cap = cap ? cap * 2 : 64;
			l->names = ecat_reallocarray(l->names, cap,
			    sizeof(char *));
		}
		l->names[l->n++] = ecat_strdup(de->d_name);
	}
	closedir(d);
	/* qsort(3) with a NULL base is undefined even for no elements. */
	if (l->n > 1)
		qsort(l->names, l->n, sizeof(char *), S_namecmp);
	return 0;
}

void
ecat_dir_list_free(struct ecat_dirlist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	l->names = NULL;
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

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int
ecat_isfile(const char *p)
{
	struct stat	 st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

enum S_ent { E_NONE, E_DIR, E_FILE };

/*
 * What a walk does with the entry at path: the policy toward symbolic
 * links, for every walk.  A folder is entered only when it is one
 * itself (lstat): a symbolic link to a folder is not followed, so no
 * walk can loop or leave the tree it was given.  Anything else is a
 * file; with ECAT_WALK_REGULAR only what is a regular file after
 * following links, so a link to a file is read as that file.
 * (Folders a source names by its layout, such as builds/<build>, are
 * reached with ecat_isdir, which follows links.)
 */
static enum S_ent
S_entry(const char *path, unsigned flags)
{
	struct stat	 st;

	if (lstat(path, &st) == -1)
		return E_NONE;
	if (S_ISDIR(st.st_mode))
		return E_DIR;
	if ((flags & ECAT_WALK_REGULAR) && !ecat_isfile(path))
		return E_NONE;
	return E_FILE;
}

static int
S_walk(struct ecat_walk *w, const char *dir, int depth)
{
	struct ecat_dirlist	 l;
	struct ecat_loc		 loc;
	size_t			 i;
	char			*p;
	int			 rc = 0;

	if (ecat_dir_list(dir, w->flags, &l) == -1) {
		if (!(w->flags & ECAT_WALK_REPORT))
			return 0;
		loc.file = ecat_file(w->cat, dir);
		loc.line = loc.col = 0;
		ecat_msg(w->cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    strerror(errno));
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		p = ecat_path_join(dir, l.names[i]);
		switch (S_entry(p, w->flags)) {
		case E_DIR:
			if (depth < w->maxdepth &&
			    S_walk(w, p, depth + 1) == -1)
				rc = -1;
			break;
		case E_FILE:
			if (depth >= w->mindepth &&
			    (w->want == NULL || w->want(p)) &&
			    w->visit(w, p) == -1)
				rc = -1;
			break;
		default:
			break;
		}
		free(p);
	}
	ecat_dir_list_free(&l);
	return rc;
}

int
ecat_walk(struct ecat_walk *w, const char *top)
{
	return S_walk(w, top, 0);
}
