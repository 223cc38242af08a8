/*
 * io.c: opening an input file (ecat_open_input, and ecat_open_regular
 * for the templates, which have no catalog), reading one whole
 * (ecat_slurp) and the suffix test, for the walker and every loader
 * (io.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "inputs.h"
#include "io.h"

/* What a file that is not a regular one is, for the diagnostic. */
static const char *
S_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a folder";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a file";
}

/*
 * The type is checked on the descriptor that is read, not on the name
 * before opening: opening a FIFO blocks until a writer comes, so the
 * open does not wait (O_NONBLOCK).  The flag stays: what is returned is
 * a regular file's descriptor, and Linux ignores O_NONBLOCK on regular
 * files (a read waits for the disk all the same).  Clearing it was one
 * fcntl(2) a file, one system call in six (strace -c -f over the 17
 * TSV builds).
 */
int
ecat_open_regular(const char *path, struct stat *st, char *why, size_t sz)
{
	return ecat_open_regularat(AT_FDCWD, path, path, st, why, sz);
}

int
ecat_open_regularat(int dirfd, const char *name, const char *path,
    struct stat *st, char *why, size_t sz)
{
	int		 fd, e;

	if ((fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
	    O_NOCTTY)) == -1) {
		e = errno;
		ecat_inputs_file(path, NULL);	/* the run's record */
		/* A socket cannot be opened (ENXIO): say what it is. */
		if (stat(path, st) == 0 && !S_ISREG(st->st_mode)) {
			snprintf(why, sz, "not a regular file (%s)",
			    S_kind(st->st_mode));
			errno = 0;
		} else {
			snprintf(why, sz, "%s", strerror(e));
			errno = e;
		}
		return -1;
	}
	if (fstat(fd, st) == -1) {
		e = errno;
		snprintf(why, sz, "%s", strerror(e));
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(why, sz, "not a regular file (%s)",
		    S_kind(st->st_mode));
		close(fd);
		errno = 0;
		return -1;
	}
	ecat_inputs_file(path, st);	/* the run's record (inputs.h) */
	return fd;
}

int
ecat_open_input(struct ecat_catalog *cat, const char *path, struct stat *st)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	char		 why[128];
	int		 fd;

	if (cat->walking.path != NULL && (path == cat->walking.path ||
	    strcmp(path, cat->walking.path) == 0))
		fd = ecat_open_regularat(cat->walking.fd, cat->walking.name,
		    path, st, why, sizeof(why));
	else
		fd = ecat_open_regular(path, st, why, sizeof(why));
	if (fd == -1) {
		loc.file = ecat_file(cat, path);
		ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s", why);
	}
	return fd;
}

/*
 * The one read loop: the file's size from fstat is only a hint (a file
 * may grow or shrink while it is read), so the buffer grows by
 * doubling, and the read stops with EFBIG past max bytes rather than
 * keep what it had: a cut file would load as a different one.
 *
 * The buffer has room for one byte more than the hint, so that a file
 * of the size fstat gave is read without growing it (that was a
 * realloc to twice the size, a copy of every file read).  With regular
 * set (the descriptor is a regular file's), a first read that asked
 * for more and got exactly the hint is the whole file, and the read
 * that would return 0 is not made: one system call in six of a file's
 * over the 17,935 files of the 17 TSV builds (strace -c -f).
 */
static char *
S_read(int fd, size_t hint, size_t max, size_t *lenp, int regular)
{
	char		*buf;
	size_t		 len = 0, cap, want;
	ssize_t		 n;
	int		 e;

	cap = hint < 8190 ? 8192 : hint + 2;
	if (cap > max + 1)
		cap = max + 1;
	buf = ecat_malloc(cap);
	for (;;) {
		if (len + 1 == cap && cap <= max) {
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			buf = ecat_realloc(buf, cap);
		}
		/* Full at max bytes: one byte more tells the end from EFBIG. */
		want = len + 1 == cap ? 1 : cap - len - 1;
		if ((n = read(fd, buf + len, want)) > 0 && len + 1 == cap) {
			free(buf);
			errno = EFBIG;
			return NULL;
		}
		if (n == -1) {
			if (errno == EINTR)
				continue;
			e = errno;
			free(buf);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (regular && len == hint && (size_t)n < want)
			break;
	}
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

char *
ecat_read_fd(int fd, size_t hint, size_t max, size_t *lenp)
{
	return S_read(fd, hint, max, lenp, 0);
}

char *
ecat_slurp(struct ecat_catalog *cat, const char *path, size_t *lenp)
{
	struct stat	 st;

	return ecat_slurp_stat(cat, path, ECAT_MAX_FILE, lenp, &st);
}

char *
ecat_slurp_max(struct ecat_catalog *cat, const char *path, size_t max,
    size_t *lenp)
{
	struct stat	 st;

	return ecat_slurp_stat(cat, path, max, lenp, &st);
}

int
ecat_stat_input(const struct ecat_catalog *cat, const char *path,
    struct stat *st)
{
	if (cat->walking.path != NULL && (path == cat->walking.path ||
	    strcmp(path, cat->walking.path) == 0))
		return fstatat(cat->walking.fd, cat->walking.name, st, 0);
	return stat(path, st);
}

/*
 * The size limit is checked on the descriptor that is read, as the
 * type is: a stat of the name before opening would check another file
 * than the one read if the name changed in between.
 */
char *
ecat_slurp_stat(struct ecat_catalog *cat, const char *path, size_t max,
    size_t *lenp, struct stat *stp)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	struct stat	 st;
	char		*buf;
	int		 fd, e;

	if ((fd = ecat_open_input(cat, path, &st)) == -1)
		return NULL;
	/* Interned only to report: a probe of the string table is a cache
	   miss, once per file read. */
	if ((uintmax_t)st.st_size > max) {
		loc.file = ecat_file(cat, path);
		ecat_msg(cat->diag, ECAT_MSG_LIMIT, &loc,
		    "file of %jd bytes; the limit is %zu", (intmax_t)st.st_size,
		    max);
		close(fd);
		return NULL;
	}
	if ((buf = S_read(fd, (size_t)st.st_size, max, lenp, 1)) == NULL) {
		e = errno;
		loc.file = ecat_file(cat, path);
		errno = e;
		if (errno == EFBIG)
			ecat_msg(cat->diag, ECAT_MSG_LIMIT, &loc,
			    "file grew past the limit of %zu bytes while "
			    "read", max);
		else
			ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
			    strerror(errno));
		close(fd);
		return NULL;
	}
	close(fd);
	cat->nfiles++;
	*stp = st;
	return buf;
}

int
ecat_hassuffix(const char *s, const char *suf)
{
	size_t	 n = strlen(s), m = strlen(suf);

	return n >= m && strcasecmp(s + n - m, suf) == 0;
}
