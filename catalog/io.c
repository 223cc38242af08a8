/*
 * io.c: reading a file whole (ecat_slurp) and the suffix test, for the
 * walker and every loader (io.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "io.h"

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

int
ecat_hassuffix(const char *s, const char *suf)
{
	size_t	 n = strlen(s), m = strlen(suf);

	return n >= m && strcasecmp(s + n - m, suf) == 0;
}
