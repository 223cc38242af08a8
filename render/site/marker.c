/*
 * marker.c: the site's marker file, DIR/.etwcat-site: reading the
 * previous build's (site_marker_read, site_marker_index), finding a
 * unit's line in it (site_marker_unit), telling whether the folder
 * already holds this build (site_unchanged), and writing the new
 * build's (site_marker_write), and the digest of a site's paths
 * (site_walksum; rerun.c keeps it too).  Kept apart from publish.c, which
 * decides from it which units to keep and writes the files.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "etwcat.h"
#include "gzip.h"
#include "io.h"
#include "site_int.h"

/*
 * The marker: its first line says what the folder is (site_checkdir
 * needs only the file), the second the format; then the unit table,
 * compressed by zlib (RFC 1950, its Adler-32 check included).  The
 * table, once inflated: the number of units in decimal and a newline;
 * each unit's hash, 8 bytes big-endian, in unit order; then one line
 * per unit: its key (a path of the site), and per file it wrote a tab
 * and the file's path, "." for the key's own path.  An event's page,
 * providers/P/events/ID.html, is written "ID" when P is the folder of
 * the last provider page (providers/P/index.html) above it, as
 * pagehash.c orders the units.  (Format 2 had a unit per event's JSON
 * too, written "": the site no longer writes those files.)
 *
 * Read, the table is expanded back into lines of the form
 * site_marker_index and site_unchanged read: 16 hex digits of the
 * hash, a tab, the key, the files.  On the 17 TSV builds
 * (137,067 units) the marker was 11.3 MB as such lines; as this table
 * it is 1.2 MB, of which 1.1 MB the hashes, which no compression
 * shortens (zlib's level 6: 38 ms; level 9 saves 3 KB in 126 ms;
 * Python's zlib, this machine, other jobs running).
 *
 * A marker of another format, or one that does not inflate whole and
 * checked, or whose table does not parse to its end, is not used:
 * every unit is rendered.  So is one that names a path outside the
 * folder (absolute, or with a ".." part), which no build writes.
 */
#define MARKER_HEAD	"etwcat site: this folder is replaced as a whole " \
			"by etwcat build\n"
#define MARKER_FORMAT	"etwcat-pagehash 3 zlib\n"
/* A marker, or its table inflated, larger than this is not read:
   every unit is rendered. */
#define MARKER_MAX	((size_t)1 << 30)
/* zlib's default level: see above. */
#define MARKER_LEVEL	6

/* Is p (n bytes) a path in the folder: relative, no ".." part? */
static int
S_inside(const char *p, size_t n)
{
	size_t	 i, c;

	if (n == 0 || p[0] == '/')
		return 0;
	for (i = 0; i < n; i = c + 1) {
		for (c = i; c < n && p[c] != '/'; c++)
			continue;
		if (c - i == 2 && p[i] == '.' && p[i + 1] == '.')
			return 0;
	}
	return 1;
}

/*
 * The table t (n bytes, inflated) as lines "hash<TAB>key[<TAB>file]..."
 * into a malloc'd buffer, *len its length; NULL when it does not parse.
 */
static char *
S_expand(const unsigned char *t, size_t n, size_t *len)
{
	struct ecat_buf	 b;
	const char	*line, *end, *f, *tab, *prov = NULL;
	const unsigned char *h;
	char		 key[PATH_MAX];
	size_t		 count = 0, i, kl, provl = 0, fl;
	uint64_t	 v;
	int		 j;

	for (i = 0; i < n && t[i] >= '0' && t[i] <= '9' && i < 20; i++)
		count = count * 10 + (size_t)(t[i] - '0');
	if (i == 0 || i == n || t[i] != '\n' || count > (n - i - 1) / 8)
		return NULL;
	h = t + i + 1;
	line = (const char *)(h + 8 * count);
	end = (const char *)t + n;
	key[0] = '\0';
	kl = 0;
	ecat_buf_init(&b);
	for (i = 0; i < count; i++, line = f + 1) {
		if ((f = memchr(line, '\n', (size_t)(end - line))) == NULL)
			goto bad;
		tab = memchr(line, '\t', (size_t)(f - line));
		if (tab == NULL)
			tab = f;
		if (tab == line)
			goto bad;
		if (strspn(line, "0123456789") >= (size_t)(tab - line)) {
			if (prov == NULL || tab - line > 10)
				goto bad;
			kl = (size_t)snprintf(key, sizeof(key),
			    "providers/%.*s/events/%.*s.html", (int)provl,
			    prov, (int)(tab - line), line);
			if (kl >= sizeof(key))
				goto bad;
		} else {
			kl = (size_t)(tab - line);
			if (kl >= sizeof(key) || !S_inside(line, kl))
				goto bad;
			memcpy(key, line, kl);
			key[kl] = '\0';
			if (kl > 21 && strncmp(line, "providers/", 10) == 0 &&
			    memcmp(line + kl - 11, "/index.html", 11) == 0 &&
			    memchr(line + 10, '/', kl - 21) == NULL) {
				prov = line + 10;
				provl = kl - 21;
			}
		}
		for (v = 0, j = 0; j < 8; j++)
			v = v << 8 | h[8 * i + (size_t)j];
		ecat_buf_printf(&b, "%016" PRIx64 "\t%s", v, key);
		while (tab < f) {
			tab++;
			fl = strcspn(tab, "\t\n");
			if (!(fl == 1 && *tab == '.') && !S_inside(tab, fl))
				goto bad;
			ecat_buf_putc(&b, '\t');
			ecat_buf_put(&b, tab, fl);
			tab += fl;
		}
		ecat_buf_putc(&b, '\n');
	}
	if (line != end)
		goto bad;
	*len = b.len;
	if (b.buf == NULL)
		ecat_buf_putc(&b, '\0');
	return ecat_buf_detach(&b);
bad:
	ecat_buf_free(&b);
	return NULL;
}

/*
 * Read the previous site's marker into s->oldtext (its units' lines)
 * when its format is this one's.  Without one (a site of an earlier
 * etwcat, or --full), or with one that does not read whole, every
 * unit is rendered.
 */
void
site_marker_read(struct site *s)
{
	struct stat	 st;
	unsigned char	*table;
	char		*path, *t, *x;
	size_t		 len, tl, xl, hl = strlen(MARKER_HEAD MARKER_FORMAT);
	int		 fd;

	if (!s->have_old || s->o->full)
		return;
	path = ecat_asprintf("%s/" MARKER, s->dir);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	free(path);
	if (fd == -1)
		return;
	t = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? ecat_read_fd(fd,
	    (size_t)st.st_size, MARKER_MAX, &len) : NULL;
	close(fd);
	if (t == NULL || len < hl ||
	    memcmp(t, MARKER_HEAD MARKER_FORMAT, hl) != 0) {
		free(t);
		return;
	}
	table = ecat_zinflate(t + hl, len - hl, MARKER_MAX, &tl);
	free(t);
	if (table == NULL)
		return;
	x = S_expand(table, tl, &xl);
	free(table);
	if (x == NULL)
		return;
	s->oldtext = x;
	s->oldlen = xl;
	s->have_hashes = 1;
}

/* Index the previous marker's lines by key, for the units to keep. */
void
site_marker_index(struct site *s)
{
	char	*t = s->oldtext, *line, *end, *key;
	size_t	 len = s->oldlen;

	if (!s->have_hashes)
		return;
	ecat_htab_init(&s->old, ECAT_HKEY_STR, s->nunits);
	line = t;
	for (; line < t + len; line = end + 1) {
		if ((end = memchr(line, '\n', (size_t)(t + len - line))) ==
		    NULL)
			break;
		*end = '\0';
		if (end - line < 18 || line[16] != '\t')
			continue;
		key = line + 17;
		ecat_htab_put(&s->old, key, strcspn(key, "\t"), 0,
		    NULL)->v.p = line;
	}
	s->indexed = 1;
}

/* The previous build's line of unit u if its hash is u's, else NULL;
   *files is set to its list of files (tab-separated). */
const char *
site_marker_unit(const struct site *s, size_t u, const char **files)
{
	struct ecat_hent	*e;
	const char		*line, *key;
	char			 buf[PATH_MAX];
	size_t			 n;

	if (!s->indexed)
		return NULL;
	key = site_unit_key(s, u, buf, sizeof(buf));
	n = strlen(key);
	if ((e = ecat_htab_find(&s->old, key, n, 0)) == NULL)
		return NULL;
	line = e->v.p;
	if (strtoull(line, NULL, 16) != s->units[u].hash)
		return NULL;
	*files = line + 17 + n;
	if (**files == '\t')
		(*files)++;
	return line;
}

/* A path's share of an order-free digest of a set of paths. */
static uint64_t
S_pathsum(const char *p, size_t n)
{
	return ecat_hmix(ecat_hash(p, n, ECAT_HASH_SEED));
}

/*
 * Sum the digests of the regular files under dir (rel its path in the
 * site, "" at the top) into *sum and count them, the marker apart.
 * Names come from the folders (d_type), with no stat per file: a
 * folder walk costs a few system calls per hundred files.  -1 when a
 * folder cannot be read or holds something else than files and
 * folders.
 */
static int
S_walksum(int dfd, char *rel, size_t rl, uint64_t *sum, uint64_t *n)
{
	struct dirent	*de;
	DIR		*d;
	size_t		 nl;
	int		 fd, rc = 0;

	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		nl = strlen(de->d_name);
		if (rl + nl + 2 >= PATH_MAX) {
			rc = -1;
			break;
		}
		memcpy(rel + rl, de->d_name, nl + 1);
		if (de->d_type == DT_REG) {
			if (rl == 0 && (strcmp(de->d_name, MARKER) == 0 ||
			    strcmp(de->d_name, RERUN) == 0))
				continue;
			*sum += S_pathsum(rel, rl + nl);
			(*n)++;
		} else if (de->d_type == DT_DIR) {
			if ((fd = openat(dirfd(d), de->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
				rc = -1;
				break;
			}
			rel[rl + nl] = '/';
			rel[rl + nl + 1] = '\0';
			rc = S_walksum(fd, rel, rl + nl + 1, sum, n);
		} else
			rc = -1;	/* or DT_UNKNOWN: not told */
	}
	closedir(d);
	rel[rl] = '\0';
	return rc;
}

int
site_walksum(const char *dir, uint64_t *sum, uint64_t *n)
{
	char	 rel[PATH_MAX];
	int	 dfd;

	*sum = *n = 0;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rel[0] = '\0';
	return S_walksum(dfd, rel, 0, sum, n);
}

/*
 * Does the previous site hold this build already: the marker's lines,
 * in order, the units' keys with their hashes, and the folder holding
 * exactly the files they list?  The marker is read in unit order
 * (pagehash.c writes it so), with no table; the files are checked by a
 * digest of their paths against one of the folder's (S_walksum).
 * 1 (and *nfiles the files, the marker included) or 0.
 */
int
site_unchanged(struct site *s, uint64_t *nfiles)
{
	const char	*t = s->oldtext, *end, *line, *f, *files;
	char		 key[PATH_MAX];
	uint64_t	 want = 0, have = 0, n = 0, m = 0, h;
	size_t		 u, kl, fl;
	int		 i, c;

	if (!s->have_hashes)
		return 0;
	end = t + s->oldlen;
	line = t;
	for (u = 0; u < s->nunits; u++) {
		if (end - line < 18 || line[16] != '\t')
			return 0;
		for (h = 0, i = 0; i < 16; i++) {
			c = line[i];
			h = h << 4 | (uint64_t)(c >= 'a' ? c - 'a' + 10 :
			    c - '0');
		}
		if (h != s->units[u].hash)
			return 0;
		site_unit_key(s, u, key, sizeof(key));
		kl = strlen(key);
		files = line + 17;
		if ((size_t)(end - files) < kl ||
		    memcmp(files, key, kl) != 0 ||
		    (files[kl] != '\t' && files[kl] != '\n'))
			return 0;
		for (f = files + kl; *f == '\t'; f += fl) {
			f++;
			fl = strcspn(f, "\t\n");
			if (fl == 1 && *f == '.')
				want += S_pathsum(key, kl);
			else
				want += S_pathsum(f, fl);
			n++;
		}
		if (*f != '\n')
			return 0;
		line = f + 1;
	}
	if (line != end)
		return 0;
	if (site_walksum(s->dir, &have, &m) == -1 || m != n || have != want)
		return 0;
	s->fsum = want;
	s->fnum = n;
	*nfiles = n + 1;
	return 1;
}

/* Deflate n bytes of b into f (Z_FINISH when last); -1 on failure. */
static int
S_zwrite(z_stream *zs, FILE *f, const void *b, size_t n, int last)
{
	unsigned char	 out[16384];
	int		 e;

	zs->next_in = (unsigned char *)(uintptr_t)b;
	zs->avail_in = (unsigned)n;
	do {
		zs->next_out = out;
		zs->avail_out = sizeof(out);
		if ((e = deflate(zs, last ? Z_FINISH : Z_NO_FLUSH)) ==
		    Z_STREAM_ERROR)
			return -1;
		if (fwrite(out, 1, sizeof(out) - zs->avail_out, f) !=
		    sizeof(out) - zs->avail_out)
			return -1;
	} while (zs->avail_out == 0 || (last && e != Z_STREAM_END));
	return 0;
}

/*
 * Write the marker into the new site, once every job is done.  The
 * table is deflated as it is made: whole, it was 4 MB at the end of
 * the build, its peak (every shared source, 80,000 units; VmHWM).
 * Returns 0, or -1 after recording the failure.
 */
int
site_marker_write(struct site *s)
{
	const struct unit	*x;
	struct ecat_buf		 lines;
	char			 path[PATH_MAX], key[PATH_MAX];
	unsigned char		 h[8 * 512];
	z_stream		 zs;
	FILE			*f;
	size_t			 u, k;
	uint32_t		 i, prov = UINT32_MAX;
	int			 j, e = 0;

	s->fsum = s->fnum = 0;
	snprintf(path, sizeof(path), "%s/" MARKER, s->tmp);
	memset(&zs, 0, sizeof(zs));
	if ((f = fopen(path, "wxe")) == NULL) {
		site_fail(s, path, errno);
		return -1;
	}
	/* zlib's only failure here is an allocation's. */
	if (deflateInit(&zs, MARKER_LEVEL) != Z_OK)
		ecat_oom();
	ecat_buf_init(&lines);
	fputs(MARKER_HEAD MARKER_FORMAT, f);
	ecat_buf_printf(&lines, "%zu\n", s->nunits);
	if (S_zwrite(&zs, f, lines.buf, lines.len, 0) == -1)
		e = ENOMEM;
	ecat_buf_reset(&lines);
	for (u = 0; e == 0 && u < s->nunits; u += k) {
		for (k = 0; k < 512 && u + k < s->nunits; k++)
			for (j = 0; j < 8; j++)
				h[8 * k + (size_t)j] = (unsigned char)
				    (s->units[u + k].hash >> (56 - 8 * j));
		if (S_zwrite(&zs, f, h, 8 * k, 0) == -1)
			e = ENOMEM;
	}
	for (u = 0; e == 0 && u < s->nunits; u++) {
		x = &s->units[u];
		if (x->kind == UK_PROV)
			prov = x->prov;
		if (x->kind == UK_EVHTML && x->prov == prov)
			ecat_buf_printf(&lines, "%" PRIu32, x->id);
		else
			ecat_buf_puts(&lines, site_unit_key(s, u, key,
			    sizeof(key)));
		if (x->flags & UF_KEYFILE) {
			ecat_buf_puts(&lines, "\t.");
			site_unit_key(s, u, key, sizeof(key));
			s->fsum += S_pathsum(key, strlen(key));
			s->fnum++;
		}
		for (i = 0; i < x->nextra; i++) {
			ecat_buf_putc(&lines, '\t');
			ecat_buf_puts(&lines, x->extra[i]);
			s->fsum += S_pathsum(x->extra[i],
			    strlen(x->extra[i]));
			s->fnum++;
		}
		ecat_buf_putc(&lines, '\n');
		if (lines.len >= 65536 || u + 1 == s->nunits) {
			if (S_zwrite(&zs, f, lines.buf, lines.len, 0) == -1)
				e = ENOMEM;
			ecat_buf_reset(&lines);
		}
	}
	if (e == 0 && S_zwrite(&zs, f, "", 0, 1) == -1)
		e = ENOMEM;
	deflateEnd(&zs);
	ecat_buf_free(&lines);
	if (ferror(f) && e == 0)
		e = errno ? errno : EIO;
	if (fclose(f) == EOF && e == 0)
		e = errno ? errno : EIO;
	if (e != 0) {
		site_fail(s, path, e);
		return -1;
	}
	return 0;
}
