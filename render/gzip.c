/*
 * gzip.c: a gzip copy of a finished file (gzip.h), for the site's
 * downloads/catalog.json.gz.  The copy is made from the file on disk
 * after it is complete rather than while it streams: whether it is
 * wanted depends on the file's final size, and reading back what was
 * just written costs little next to compressing it.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "alloc.h"
#include "gzip.h"

/*
 * zlib's level 3: on the 17-build catalog.json (77 MB) level 1 gives
 * 4.6 MB in 0.51 s, 3 gives 4.3 MB in 0.63 s, 6 (gzip's default)
 * 3.5 MB in 1.7 s and 9 3.3 MB in 4.1 s (Python's zlib, one core of
 * this machine, other jobs running): past 3, a few hundred kilobytes
 * less cost a second or more of every site build.
 */
#define GZIP_MODE	"wb3"

#define GZIP_BUF	(1 << 20)

int
ecat_gzip_file(const char *src, const char *dst, const char *reuse)
{
	struct stat	 st;
	char		*buf;
	gzFile		 gz;
	ssize_t		 r;
	int		 in, out, e, zerr;

	/* Where links fail (another file system), compressed again. */
	if (reuse != NULL && stat(reuse, &st) == 0 && S_ISREG(st.st_mode) &&
	    link(reuse, dst) == 0)
		return 1;
	if ((buf = malloc(GZIP_BUF)) == NULL)
		return -1;
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1) {
		free(buf);
		return -1;
	}
	errno = 0;
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) == -1 || (gz = gzdopen(out, GZIP_MODE)) == NULL) {
		e = errno ? errno : ENOMEM;
		if (out != -1) {
			close(out);
			unlink(dst);
		}
		close(in);
		free(buf);
		errno = e;
		return -1;
	}
	e = 0;
	for (;;) {
		r = read(in, buf, GZIP_BUF);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			e = errno;
			break;
		}
		if (r == 0)
			break;
		if (gzwrite(gz, buf, (unsigned)r) != (int)r) {
			gzerror(gz, &zerr);
			e = zerr == Z_ERRNO && errno ? errno : EIO;
			break;
		}
	}
	close(in);
	free(buf);
	/* gzclose flushes the last block and closes out. */
	if ((zerr = gzclose(gz)) != Z_OK && e == 0)
		e = zerr == Z_ERRNO && errno ? errno : EIO;
	if (e != 0) {
		unlink(dst);
		errno = e;
		return -1;
	}
	return 0;
}

unsigned char *
ecat_zinflate(const void *z, size_t n, size_t max, size_t *len)
{
	z_stream	 zs;
	unsigned char	*out;
	size_t		 cap = n * 4 + 4096;
	int		 r;

	memset(&zs, 0, sizeof(zs));
	if (n > UINT_MAX || inflateInit(&zs) != Z_OK)
		return NULL;
	out = ecat_malloc(cap);
	zs.next_in = (unsigned char *)(uintptr_t)z;
	zs.avail_in = (unsigned)n;
	do {
		if (zs.total_out == cap) {
			if (cap >= max)
				break;
			cap *= 2;
			out = ecat_realloc(out, cap);
		}
		zs.next_out = out + zs.total_out;
		zs.avail_out = (unsigned)(cap - zs.total_out > UINT_MAX ?
		    UINT_MAX : cap - zs.total_out);
		r = inflate(&zs, Z_NO_FLUSH);
	} while (r == Z_OK);
	*len = zs.total_out;
	inflateEnd(&zs);
	if (r != Z_STREAM_END || zs.avail_in != 0) {
		free(out);
		return NULL;
	}
	return out;
}
