/*
 * marker.c: the site's marker file, DIR/.etwcat-site: reading the
 * previous build's (site_marker_read, site_marker_index), finding a
 * unit's line in it (site_marker_unit), telling whether the folder
 * already holds this build (site_unchanged), and writing the new
 * build's (site_marker_write).  Kept apart from publish.c, which
 * decides from it which units to keep and writes the files.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etwcat.h"
#include "io.h"
#include "site_int.h"

/*
 * The marker: its first line says what the folder is (site_checkdir
 * needs only the file), the second the format; then one line per
 * unit: 16 hex digits of its hash, a tab, its key (a path of the
 * site), and per file it wrote a tab and the file's path, "." for the
 * key's own path.
 */
#define MARKER_HEAD	"etwcat site: this folder is replaced as a whole " \
			"by etwcat build\n"
#define MARKER_FORMAT	"etwcat-pagehash 1\n"
/* A marker larger than this is not read: every unit is rendered. */
#define MARKER_MAX	((size_t)1 << 30)

/*
 * Read the previous site's marker into s->old (key -> the unit's line)
 * when its format is this one's.  Without one (a site of an earlier
 * etwcat, or --full) every unit is rendered.
 */
void
site_marker_read(struct site *s)
{
	struct stat	 st;
	char		*path, *t;
	size_t		 len, hl = strlen(MARKER_HEAD), fl;
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
	fl = strlen(MARKER_FORMAT);
	if (t == NULL || len < hl + fl || memcmp(t, MARKER_HEAD, hl) != 0 ||
	    memcmp(t + hl, MARKER_FORMAT, fl) != 0) {
		free(t);
		return;
	}
	s->oldtext = t;
	s->oldlen = len;
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
	line = t + strlen(MARKER_HEAD MARKER_FORMAT);
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
			if (rl == 0 && strcmp(de->d_name, MARKER) == 0)
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
	char		 key[PATH_MAX], rel[PATH_MAX];
	uint64_t	 want = 0, have = 0, n = 0, m = 0, h;
	size_t		 u, kl, fl;
	int		 dfd, i, c;

	if (!s->have_hashes)
		return 0;
	end = t + s->oldlen;
	line = t + strlen(MARKER_HEAD MARKER_FORMAT);
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
	if ((dfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return 0;
	rel[0] = '\0';
	if (S_walksum(dfd, rel, 0, &have, &m) == -1 || m != n || have != want)
		return 0;
	*nfiles = n + 1;
	return 1;
}

/*
 * Write the marker into the new site, once every job is done.
 * Returns 0, or -1 after recording the failure.
 */
int
site_marker_write(struct site *s)
{
	const struct unit	*x;
	char			 path[PATH_MAX], key[PATH_MAX];
	FILE			*f;
	size_t			 u;
	uint32_t		 i;

	snprintf(path, sizeof(path), "%s/" MARKER, s->tmp);
	if ((f = fopen(path, "wxe")) == NULL) {
		site_fail(s, path, errno);
		return -1;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	fputs(MARKER_HEAD MARKER_FORMAT, f);
	for (u = 0; u < s->nunits; u++) {
		x = &s->units[u];
		fprintf(f, "%016" PRIx64 "\t%s", x->hash,
		    site_unit_key(s, u, key, sizeof(key)));
		if (x->flags & UF_KEYFILE)
			fputs("\t.", f);
		for (i = 0; i < x->nextra; i++)
			fprintf(f, "\t%s", x->extra[i]);
		fputc('\n', f);
	}
	if (ferror(f) || fclose(f) == EOF) {
		site_fail(s, path, errno ? errno : EIO);
		return -1;
	}
	return 0;
}
