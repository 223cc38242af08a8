/*
 * io.h: reading files whole, and the file-name suffix test (internal).
 * Separate from the walker (walk.h) and the loaders so that every
 * loader reads its file the same way, under the same size limit,
 * without calling back into the code that found the file.
 */
#ifndef ECAT_IO_H
#define ECAT_IO_H

#include <sys/stat.h>

#include <stddef.h>

#include "model.h"

/* Largest single input file read whole (etwcat.1, LIMITS). */
#define ECAT_MAX_FILE	(256UL * 1024 * 1024)

/*
 * Open an input file for reading: the descriptor (blocking,
 * close-on-exec) with its fstat in *st, or -1 after io-read.  Anything
 * but a regular file (a FIFO, a device, a socket, a folder) is refused
 * without blocking and without reading a byte of it.
 */
int	 ecat_open_input(struct ecat_catalog *, const char *path,
	    struct stat *st);
/*
 * The same open, for readers without a catalog to report to (the page
 * templates and assets of render/): the descriptor, or -1 with why
 * (sz bytes) saying what went wrong in the words of ecat_open_input's
 * diagnostic, and errno that of the failing call, or 0 for a file that
 * is not a regular one.
 */
int	 ecat_open_regular(const char *path, struct stat *st, char *why,
	    size_t sz);
/*
 * The same for the file name in the folder open as dirfd (AT_FDCWD:
 * the working folder), path being how it is named to the user.  Every
 * input file is opened and its fstat taken here, once.
 */
int	 ecat_open_regularat(int dirfd, const char *name, const char *path,
	    struct stat *st, char *why, size_t sz);

/*
 * Read fd to its end into a malloc'd, NUL-terminated buffer (the
 * caller frees it), hint being the size expected (fstat's).  Returns
 * it with its length in *len, or NULL with errno: EFBIG past max
 * bytes, else the read's.  fd stays open.
 */
char	*ecat_read_fd(int fd, size_t hint, size_t max, size_t *len);

/* Read a whole file into a malloc'd, NUL-terminated buffer (the caller
   frees it).  Returns NULL and emits io-read (ecat_open_input) or
   limit-exceeded on failure; counts the file in cat->nfiles on
   success. */
char	*ecat_slurp(struct ecat_catalog *, const char *path, size_t *len);
/* The same with a smaller limit than ECAT_MAX_FILE (notes, rules). */
char	*ecat_slurp_max(struct ecat_catalog *, const char *path, size_t max,
	    size_t *len);

/* ecat_slurp_max() that also gives the fstat(2) of what was read. */
char	*ecat_slurp_stat(struct ecat_catalog *, const char *path,
	    size_t max, size_t *len, struct stat *st);

/*
 * stat(2) of the file ecat_open_input() would open, by the same name
 * (in the walk's open folder when it is the one visited), following
 * links as open(2) does; no diagnostic.  Returns 0, or -1 and errno.
 */
int	 ecat_stat_input(const struct ecat_catalog *, const char *path,
	    struct stat *st);

/* Does name end in suf, ASCII case folded (".XML" is ".xml")? */
int	 ecat_hassuffix(const char *name, const char *suf);

#endif /* !ECAT_IO_H */
