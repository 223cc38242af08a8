/*
 * publish.c: how the site reaches the disk.  Pages are written into
 * DIR.tmp.<pid>; a file the previous site holds with the same bytes
 * is hard-linked from it (catalog.json is compared as it streams);
 * the finished folder is swapped in for DIR and the previous site
 * removed.  Removal works without allocating, for the out-of-memory
 * hook that clears the temporary folder.  Kept apart from the pages:
 * none of this knows what a page holds.
 *
 * Incremental publishing.  The site's marker file (marker.c) lists
 * every unit (pagehash.c: the files rendered from one input hash) with
 * its hash and its files.  A unit whose hash equals the previous build's, and
 * whose files are all there, is not rendered: its files are
 * hard-linked from the previous site.  When no hash changed and every
 * file is there, nothing is written at all: no temporary folder, no
 * swap, every file keeps its inode and mtime (site_unchanged).
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "etwcat.h"
#include "gzip.h"
#include "io.h"
#include "site_int.h"

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

/* --------------------------------------------------------------- units */

/* Note that the current unit of w wrote rel. */
void
site_written(struct worker *w, const char *rel)
{
	struct site	*s = w->s;
	struct unit	*u;
	char		 key[PATH_MAX];

	if (w->unit == NO_UNIT)
		return;
	u = &s->units[w->unit];
	if (strcmp(site_unit_key(s, w->unit, key, sizeof(key)), rel) == 0) {
		u->flags |= UF_KEYFILE;
		return;
	}
	u->extra = ecat_reallocarray(u->extra, u->nextra + 1,
	    sizeof(*u->extra));
	u->extra[u->nextra++] = ecat_strdup(rel);
}

/* The next file of a list (key for "."), into buf; NULL at the end. */
static const char *
S_nextfile(const char **list, const char *key, char *buf, size_t sz)
{
	const char	*f = *list;
	size_t		 n;

	if (*f == '\0')
		return NULL;
	n = strcspn(f, "\t");
	*list = f[n] == '\t' ? f + n + 1 : f + n;
	if (n == 1 && f[0] == '.')
		return key;
	if (n >= sz)
		n = sz - 1;
	memcpy(buf, f, n);
	buf[n] = '\0';
	return buf;
}

/* Create the folders of new (a path in the temporary folder). */
static void
S_parents(const struct site *s, char *new)
{
	char	*c;

	for (c = new + strlen(s->tmp) + 1; (c = strchr(c, '/')) != NULL;
	    c++) {
		*c = '\0';
		(void)mkdir(new, 0777);
		*c = '/';
	}
}

/*
 * Keep unit u: hard-link each of its files from the previous site.
 * Returns 1, or 0 (its hash changed, or a file is missing or could
 * not be linked: whatever was linked is removed, to be rendered).
 */
static int
S_keep(struct worker *w, size_t u)
{
	struct site	*s = w->s;
	struct unit	*x = &s->units[u];
	struct stat	 st;
	const char	*files, *list, *f;
	char		 key[PATH_MAX], buf[PATH_MAX];
	char		 old[PATH_MAX], new[PATH_MAX];
	uint64_t	 n = 0, bytes = 0;

	if (x->flags & UF_KEPT)
		return 1;
	if (site_marker_unit(s, u, &files) == NULL)
		return 0;
	site_unit_key(s, u, key, sizeof(key));
	for (list = files; (f = S_nextfile(&list, key, buf,
	    sizeof(buf))) != NULL; n++) {
		snprintf(old, sizeof(old), "%s/%s", s->dir, f);
		snprintf(new, sizeof(new), "%s/%s", s->tmp, f);
		if (lstat(old, &st) == -1 || !S_ISREG(st.st_mode))
			goto undo;
		bytes += (uint64_t)st.st_size;
		if (link(old, new) == 0)
			continue;
		if (errno == ENOENT) {
			S_parents(s, new);
			if (link(old, new) == 0)
				continue;
		}
		if (errno == EEXIST || S_copyfile(old, new) == -1)
			goto undo;
	}
	w->unit = u;
	for (list = files; (f = S_nextfile(&list, key, buf,
	    sizeof(buf))) != NULL; )
		site_written(w, f);
	w->unit = NO_UNIT;
	x->flags |= UF_KEPT;
	w->st.files += n;
	w->st.unchanged += n;
	w->st.bytes += bytes;
	w->kept += n;
	return 1;
undo:
	for (list = files; n-- > 0 && (f = S_nextfile(&list, key, buf,
	    sizeof(buf))) != NULL; ) {
		snprintf(new, sizeof(new), "%s/%s", s->tmp, f);
		unlink(new);
	}
	return 0;
}

/*
 * Start unit u on w: returns 1 when it is to be rendered (what site_emit
 * writes next is recorded as its files), 0 when its files were kept
 * from the previous site (nothing to render).
 */
int
site_unit(struct worker *w, size_t u)
{
	w->unit = NO_UNIT;
	if (S_keep(w, u))
		return 0;
	w->unit = u;
	return 1;
}

/*
 * Keep every unit of provider idx when none changed: 1, and the
 * provider's job is not run; else 0, the units that could be kept
 * being kept (site_unit says so to the job).
 */
int
site_keep_provider(struct worker *w, uint32_t idx)
{
	struct site	*s = w->s;
	size_t		 u, end;
	int		 all = 1;

	char		 rel[PATH_MAX];

	if (!s->indexed)
		return 0;
	/* Its folders, empty ones too, as site_job_provider makes them. */
	snprintf(rel, sizeof(rel), "providers/%s", s->pinfo[idx].safe);
	if (site_mkdir(s, rel) == -1)
		return 1;
	snprintf(rel, sizeof(rel), "providers/%s/events", s->pinfo[idx].safe);
	if (site_mkdir(s, rel) == -1)
		return 1;
	end = SITE_UEV(s, idx, s->pinfo[idx].nids);
	for (u = SITE_UPROV(s, idx); u < end; u++)
		if (!S_keep(w, u))
			all = 0;
	return all;
}


void
site_units_free(struct site *s)
{
	size_t		 u;
	uint32_t	 i;

	for (u = 0; u < s->nunits; u++) {
		for (i = 0; i < s->units[u].nextra; i++)
			free(s->units[u].extra[i]);
		free(s->units[u].extra);
	}
	free(s->units);
	free(s->upoff);
	free(s->hprov);
	if (s->indexed)
		ecat_htab_free(&s->old);
	free(s->oldtext);
}

/*
 * Write b (n bytes) as rel (relative to the site root) into the new
 * site.  A file the previous site holds with the same bytes is linked
 * from it, so its mtime stays and re-publishing copies only what
 * changed.  Returns 0, or -1 after recording the failure.
 */
int
site_emit(struct worker *w, const char *rel, const char *b, size_t n)
{
	struct site	*s = w->s;
	char		 new[PATH_MAX], old[PATH_MAX];
	int		 fd;

	if ((size_t)snprintf(new, sizeof(new), "%s/%s", s->tmp, rel) >=
	    sizeof(new)) {
		site_fail(s, rel, ENAMETOOLONG);
		return -1;
	}
	w->st.files++;
	w->st.bytes += n;
	site_written(w, rel);
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
		site_fail(s, new, errno);
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (close(fd) == -1) {
		site_fail(s, new, errno);
		return -1;
	}
	return 0;
}

int
site_mkdir(struct site *s, const char *rel)
{
	char	 p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", s->tmp, rel);
	if (mkdir(p, 0777) == -1 && errno != EEXIST) {
		site_fail(s, p, errno);
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

FILE *
site_buffile(struct ecat_buf *b)
{
	cookie_io_functions_t	 io = { NULL, S_bufwrite, NULL, NULL };
	FILE			*f;

	if ((f = fopencookie(b, "w", io)) == NULL)
		return NULL;
	/* Only this thread writes it: no locking per character. */
	__fsetlocking(f, FSETLOCKING_BYCALLER);
	return f;
}

/* ---------------------------------------------------- catalog JSON */

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
 * A file of the current unit written as a stream (site_int.h): a
 * provider's downloads/<P>.json is up to 4.6 MB and the search index
 * 3.5 MB (every shared source); held whole in a worker's buffer, whose
 * capacity doubled past them and stayed, they were 9 MB of the site's
 * peak memory (-j 1, /proc/self/status).  It goes through the same
 * comparing FILE as catalog.json, into "<rel>.part" in the new site,
 * renamed when done: a unit kept unrendered (site_unit() returned 0,
 * its files linked from the previous site) drops the part instead.
 */
struct site_stream {
	struct cmpw	 c;
	FILE		*f;
	char		 rel[PATH_MAX];
	char		 new[PATH_MAX];
	char		 part[PATH_MAX + 8];
	char		 old[PATH_MAX];
};

FILE *
site_stream_open(struct worker *w, const char *rel, struct site_stream **sp)
{
	cookie_io_functions_t	 io = { NULL, S_cmpw_write, NULL, NULL };
	struct site		*s = w->s;
	struct site_stream	*st;

	*sp = NULL;
	st = ecat_calloc(1, sizeof(*st));
	st->c.oldfd = st->c.newfd = -1;
	if ((size_t)snprintf(st->new, sizeof(st->new), "%s/%s", s->tmp,
	    rel) >= sizeof(st->new) || (size_t)snprintf(st->part,
	    sizeof(st->part), "%s.part", st->new) >= sizeof(st->part) ||
	    (size_t)snprintf(st->old,
	    sizeof(st->old), "%s/%s", s->dir, rel) >= sizeof(st->old) ||
	    strlen(rel) >= sizeof(st->rel)) {
		site_fail(s, rel, ENAMETOOLONG);
		free(st);
		return NULL;
	}
	memcpy(st->rel, rel, strlen(rel) + 1);
	st->c.newpath = st->part;
	if (s->have_old)
		st->c.oldfd = open(st->old, O_RDONLY | O_CLOEXEC);
	if ((st->f = fopencookie(&st->c, "w", io)) == NULL) {
		site_fail(s, st->part, errno);
		if (st->c.oldfd != -1)
			close(st->c.oldfd);
		free(st);
		return NULL;
	}
	setvbuf(st->f, NULL, _IOFBF, 64 * 1024);
	__fsetlocking(st->f, FSETLOCKING_BYCALLER);
	*sp = st;
	return st->f;
}

int
site_stream_close(struct worker *w, struct site_stream *st, int keep)
{
	struct site	*s = w->s;
	const char	*new = st != NULL ? st->new : NULL;
	char		 one;
	int		 rc = 0, e = 0;

	if (st == NULL)
		return -1;
	if (fclose(st->f) == EOF || st->c.err)
		e = st->c.err ? st->c.err : errno ? errno : EIO;
	if (e != 0 || !keep)
		goto out;
	w->st.files++;
	w->st.bytes += st->c.total;
	site_written(w, st->rel);
	if (st->c.newfd == -1 && st->c.oldfd != -1) {
		/* Equal so far: equal if the old file ends here too. */
		if (read(st->c.oldfd, &one, 1) == 0 &&
		    (link(st->old, new) == 0 ||
		    S_copyfile(st->old, new) == 0)) {
			w->st.unchanged++;
			goto out;
		}
		if (S_cmpw_diverge(&st->c) == -1) {
			e = errno ? errno : EIO;
			goto out;
		}
	} else if (st->c.newfd == -1 && (st->c.newfd = open(st->part,
	    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) == -1) {
		e = errno;		/* an empty file */
		goto out;
	}
	if (close(st->c.newfd) == -1)
		e = errno;
	st->c.newfd = -1;
	if (e == 0 && rename(st->part, new) == -1)
		e = errno;
out:
	if (st->c.newfd != -1)
		close(st->c.newfd);
	if (st->c.oldfd != -1)
		close(st->c.oldfd);
	/* Not kept, or failed: no part left in the new site. */
	if ((e != 0 || !keep) && unlink(st->part) == -1 && errno != ENOENT &&
	    e == 0)
		e = errno;
	if (e != 0) {
		site_fail(s, new, e);
		rc = -1;
	}
	free(st->c.buf);
	free(st);
	return rc;
}

/*
 * downloads/catalog.json: the export document (77 MB for the 17-build
 * corpus), streamed; kept from the previous site when equal; and its
 * gzip copy when large.
 */
void
site_job_catalog(struct worker *w)
{
	cookie_io_functions_t	 io = { NULL, S_cmpw_write, NULL, NULL };
	struct site		*s = w->s;
	struct cmpw		 c;
	char			 new[PATH_MAX], old[PATH_MAX], one;
	char			 gz[PATH_MAX + 3], oldgz[PATH_MAX + 3];
	FILE			*f;
	int			 rc, same = 0;

	memset(&c, 0, sizeof(c));
	c.oldfd = c.newfd = -1;
	snprintf(new, sizeof(new), "%s/downloads/catalog.json", s->tmp);
	snprintf(old, sizeof(old), "%s/downloads/catalog.json", s->dir);
	c.newpath = new;
	if (s->have_old)
		c.oldfd = open(old, O_RDONLY | O_CLOEXEC);
	if ((f = fopencookie(&c, "w", io)) == NULL) {
		site_fail(s, new, errno);
		goto out;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	__fsetlocking(f, FSETLOCKING_BYCALLER);
	rc = ecat_export_json(s->cat, f);
	if (fclose(f) == EOF || rc == -1 || c.err) {
		site_fail(s, new, c.err ? c.err : errno ? errno : EIO);
		goto out;
	}
	w->st.files++;
	w->st.bytes += c.total;
	if (c.newfd == -1 && c.oldfd != -1) {
		/* Equal so far: equal if the old file ends here too. */
		if (read(c.oldfd, &one, 1) == 0) {
			if (link(old, new) == -1 &&
			    S_copyfile(old, new) == -1) {
				site_fail(s, new, errno);
				goto out;
			}
			w->st.unchanged++;
			same = 1;
			goto gz;
		}
		if (S_cmpw_diverge(&c) == -1) {
			/* The site fails: no copy of a partial document. */
			site_fail(s, new, errno ? errno : EIO);
			goto out;
		}
	} else if (c.newfd == -1 && (c.newfd = open(new, O_WRONLY |
	    O_CREAT | O_EXCL | O_CLOEXEC, 0666)) == -1) {
		site_fail(s, new, errno);	/* an empty document */
		goto out;
	}
gz:
	/*
	 * catalog.json.gz always; catalog.json only up to the size hosts
	 * keep (render/gzip.h says why).
	 */
	if (c.newfd != -1 && close(c.newfd) == -1)
		site_fail(s, new, errno);
	c.newfd = -1;
	snprintf(gz, sizeof(gz), "%s.gz", new);
	snprintf(oldgz, sizeof(oldgz), "%s.gz", old);
	if ((rc = ecat_gzip_file(new, gz, same ? oldgz : NULL)) == -1)
		site_fail(s, gz, errno);
	else {
		w->st.files++;
		w->st.unchanged += rc;
		/* Kept with catalog.json when its unit is unchanged. */
		site_written(w, "downloads/catalog.json.gz");
	}
	if (c.total > ECAT_CATALOG_PLAIN_MAX) {
		if (unlink(new) == -1)
			site_fail(s, new, errno);
		w->st.files--;
		w->st.bytes -= c.total;
		w->st.unchanged -= same;
	} else
		site_written(w, "downloads/catalog.json");
out:
	if (c.newfd != -1 && close(c.newfd) == -1)
		site_fail(s, new, errno);
	if (c.oldfd != -1)
		close(c.oldfd);
	free(c.buf);
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
 * (errno); the caller reports a failure, which site_rmfail makes an
 * io-write diagnostic.
 */
int
site_rmtree(const char *path)
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
void
site_rmfail(const struct site *s, const char *path, const char *what)
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
 * of adding entries behind the walk, and site_stale removes that name as
 * well, should the process die before the walk ends.  A call already
 * past its path lookup can still add one entry; S_rmat walks a folder
 * again when it is not empty.  A flag the writers test would leave the
 * same window open, and a lock could deadlock: the thread that ran out
 * may hold s->lock (site_fail allocates under it).
 */
static char	 S_oomtmp[PATH_MAX], S_oomgrave[PATH_MAX];

/* The hook (ecat_oom_hook): reports a failed removal itself. */
static void
S_oomclean(void)
{
	const char	*p = S_oomtmp;

	if (S_oomgrave[0] != '\0' && rename(S_oomtmp, S_oomgrave) == 0)
		p = S_oomgrave;
	if (site_rmtree(p) == -1) {
		/* As alloc.c: stdio to stderr, which allocates nothing. */
		fputs("etwcat: could not remove ", stderr);
		fputs(p, stderr);
		fputs(": ", stderr);
		fputs(strerror(errno), stderr);
		fputc('\n', stderr);
	}
}

/* Set the hook for s->tmp, just created.  No allocation. */
void
site_oomarm(const struct site *s)
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

/* ------------------------------------------------------------ the swap */

/*
 * Check DIR before anything is written: it may be missing, empty, or a
 * site an earlier build wrote (it holds MARKER).  Anything else (a
 * symbolic link, a file, a folder of other things) is refused, since
 * the swap would replace it and delete what it held.  Returns 0 (with
 * s->have_old set), or -1 with a message in *why.
 */
int
site_checkdir(struct site *s, const char **why)
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
 * Hold DIR.lock, beside DIR, for the whole build, so that two builds
 * into one DIR take turns: each compares its pages with the site the
 * other may be swapping out, and links the unchanged ones from it, so
 * that two at once could publish a mix of both.  The lock file is not
 * in DIR, which the swap replaces.  It is removed when the build ends
 * (site_unlock), while still locked, so a build that was waiting holds
 * a lock on a file no longer there: it checks that the name still
 * leads to the file it locked, and starts again when not.  An flock(2)
 * lock goes with its process: a file a killed build left is free, and
 * the next build uses it.  A second build waits, saying so once.
 * Returns the descriptor for site_unlock, or -1 after a diagnostic.
 */
int
site_lock(const struct site *s)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	struct stat	 st, now;
	const char	*why;
	char		*path;
	int		 fd, r, said = 0;

	path = ecat_asprintf("%s.lock", s->dir);
	loc.file = ecat_file(s->cat, path);
	free(path);
	for (;;) {
		if ((fd = open(loc.file, O_RDWR | O_CREAT | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC, 0666)) == -1) {
			why = strerror(errno);
			break;
		}
		if (fstat(fd, &st) == -1) {
			why = strerror(errno);
			break;
		}
		if (!S_ISREG(st.st_mode)) {
			why = "not a regular file";
			break;
		}
		if ((r = flock(fd, LOCK_EX | LOCK_NB)) == -1 &&
		    errno == EWOULDBLOCK) {
			if (!said++)
				fprintf(stderr, "etwcat: waiting for another "
				    "build of %s\n", s->dir);
			while ((r = flock(fd, LOCK_EX)) == -1 &&
			    errno == EINTR)
				continue;
		}
		if (r == -1) {
			why = strerror(errno);
			break;
		}
		if (lstat(loc.file, &now) == 0) {
			if (now.st_dev == st.st_dev && now.st_ino == st.st_ino)
				return fd;
		} else if (errno != ENOENT) {
			why = strerror(errno);
			break;
		}
		/* Removed, or made anew, by the build that held it. */
		close(fd);
	}
	ecat_msg(s->cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s; the lock file "
	    "of builds into %s", why, s->dir);
	if (fd != -1)
		close(fd);
	return -1;
}

/*
 * Remove the lock file and let go of it.  A lock file that cannot be
 * removed is left: the next build uses it (site_lock).  Called after
 * the swap: no allocation, so running out of memory cannot come after
 * the new site is in place.
 */
void
site_unlock(const struct site *s, int fd)
{
	char	 path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s.lock", s->dir) <
	    sizeof(path))
		unlink(path);
	close(fd);
}

/*
 * Remove DIR.tmp.<pid> folders that builds killed midway left beside
 * DIR, and DIR.tmp.<pid>.oom ones that builds out of memory were
 * removing when they died (S_oomclean), when no process of that pid
 * runs any more.  Only names of those exact forms are touched.  One
 * that cannot be removed is reported (site_rmfail).
 */
void
site_stale(const struct site *s)
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
		if (site_rmtree(path) == -1)
			site_rmfail(s, path, "the folder a build that was "
			    "stopped left");
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
int
site_swap(struct site *s)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	char		*old;
	int		 e;

	if (!s->have_old && S_isempty(s->dir) == 1)
		rmdir(s->dir);
	if (renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->dir,
	    RENAME_EXCHANGE) == 0) {
		/* s->tmp now holds the previous site. */
		if (site_rmtree(s->tmp) == -1)
			site_rmfail(s, s->tmp, "the previous site (the new one "
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
	if (site_rmtree(old) == -1)
		site_rmfail(s, old, "the previous site (the new one is in "
		    "place)");
	free(old);
	return 0;
}
