/*
 * inputs.c: the record of what a run read (inputs.h), for `etwcat
 * build` to skip a run whose inputs are all as the last run found
 * them (render/site/rerun.c).
 *
 * What is recorded.  Every file opened for reading (io.c), every
 * folder listed (walk.c) and every path whose presence or kind a
 * loader asked about (walk.c: ecat_isdir, ecat_isfile, ecat_entry).
 * A folder's mtime and ctime change when an entry is added, removed or
 * renamed in it, which is what git's untracked cache relies on too: a
 * file new beside the files read is seen by its folder's entry, one
 * where a loader looked for none (SRC/rules, a build's build.json) by
 * that path's own.  A path is not followed up to its parents: an entry
 * replaced, removed or made tells by its own identity (the run's
 * working folder, the parent of a SOURCE, changes whenever a file is
 * made beside it).  Each entry is the path as the run spelled
 * it (relative to the working folder, which the caller keys on) and
 * what stat(2) says of it: the kind, device, inode, size, mtime and
 * ctime in nanoseconds; a path stat(2) cannot find is recorded with
 * its errno.  ctime catches a file replaced by another of the same
 * size and mtime (touch -r, cp -p, a rename over it), which no mtime
 * comparison does.
 *
 * Racy inputs.  A file's times come from the kernel's coarse clock (a
 * tick, 1 to 10 ms) or, on some file systems, whole seconds: a file
 * changed again after it was read but within the same tick keeps its
 * mtime, and its size too if the edit kept it.  git calls this the
 * "racy git" problem and treats an entry whose mtime is not older
 * than the index file as changed.  Here the run's start (the coarse
 * clock, the one file times are stamped with, read before the first
 * stat) plays the index's part: a record with any time not older than
 * the start, less a margin (10 ms, or 2 s for a time with no
 * fraction, as FAT and second-grained file systems stamp), is not
 * trusted, and the next run is a full one.  That run's record then
 * trusts the file, which is older by then.  A file system whose clock
 * runs behind this machine's (a network share) is outside what this
 * check covers.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "alloc.h"
#include "inputs.h"

/* An entry: what stat(2) said of a path. */
struct ient {
	char		 kind;		/* F file, D folder, O other, A none */
	uint64_t	 dev, ino, size;
	int64_t		 mtime, ctime;	/* ns since the epoch */
	int		 err;		/* kind A: stat's errno */
};

#define NS		1000000000LL
/* Margins of the racy check, above. */
#define RACY_NS		(10 * 1000000LL)
#define RACY_COARSE	(2 * NS)
/* Lines gathered before they are deflated. */
#define STAGE		(64 * 1024)

/*
 * The record is deflated as it is made (zlib, level 1): every shared
 * source reads 21,157 paths, 2.3 MB as lines, 0.2 MB deflated, and a
 * table of entries kept them all, 4.7 MB of the build's peak (massif).
 * A path met twice is recorded twice: if it changed in between, its
 * times are not older than the run's start, and that is racy already.
 */
static pthread_mutex_t	 S_lock = PTHREAD_MUTEX_INITIALIZER;
static int		 S_on;
static int64_t		 S_t0;		/* the run's start, coarse clock */
static const char	*S_why;		/* not to be trusted, and why */
static struct ecat_buf	 S_stage;	/* lines not yet deflated */
static struct ecat_buf	 S_z;		/* the deflated lines */
static z_stream		 S_zs;

static int64_t
S_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * NS + ts->tv_nsec;
}

static void
S_fill(struct ient *e, const struct stat *st, int err)
{
	e->err = err;
	if (st == NULL) {
		e->kind = 'A';
		e->dev = e->ino = e->size = 0;
		e->mtime = e->ctime = 0;
		return;
	}
	e->kind = S_ISREG(st->st_mode) ? 'F' : S_ISDIR(st->st_mode) ? 'D' :
	    'O';
	e->dev = (uint64_t)st->st_dev;
	e->ino = (uint64_t)st->st_ino;
	/* A folder's size is the file system's business (ext4 grows it
	   in blocks, tmpfs counts entries): its times say enough. */
	e->size = e->kind == 'F' ? (uint64_t)st->st_size : 0;
	e->mtime = S_ns(&st->st_mtim);
	e->ctime = S_ns(&st->st_ctim);
}

static int
S_same(const struct ient *a, const struct ient *b)
{
	return a->kind == b->kind && a->dev == b->dev && a->ino == b->ino &&
	    a->size == b->size && a->mtime == b->mtime &&
	    a->ctime == b->ctime && a->err == b->err;
}

/* Racy (see above): modified too close to the run's start to trust. */
static int
S_racy(int64_t t)
{
	return t >= S_t0 - (t % NS == 0 ? RACY_COARSE : RACY_NS);
}

/* Deflate the staged lines into S_z; finish the stream when last. */
static void
S_deflate(int last)
{
	unsigned char	 out[16384];
	int		 e;

	S_zs.next_in = (unsigned char *)S_stage.buf;
	S_zs.avail_in = (unsigned)S_stage.len;
	do {
		S_zs.next_out = out;
		S_zs.avail_out = sizeof(out);
		if ((e = deflate(&S_zs, last ? Z_FINISH : Z_NO_FLUSH)) ==
		    Z_STREAM_ERROR) {
			S_why = "the record could not be compressed";
			break;
		}
		ecat_buf_put(&S_z, (const char *)out,
		    sizeof(out) - S_zs.avail_out);
	} while (S_zs.avail_out == 0 || (last && e != Z_STREAM_END));
	ecat_buf_reset(&S_stage);
}

/* Record path as e says (lock held). */
static void
S_put(const char *path, const struct ient *e)
{
	size_t	 n = strlen(path);

	if (S_why != NULL)
		return;
	if (n == 0 || memchr(path, '\n', n) != NULL) {
		S_why = "an input's name holds a line break";
		return;
	}
	if (e->kind != 'A' && (S_racy(e->mtime) || S_racy(e->ctime))) {
		S_why = "an input was modified as the run started";
		return;
	}
	ecat_buf_printf(&S_stage, "%c %" PRIu64 " %" PRIu64 " %" PRIu64
	    " %" PRId64 " %" PRId64 " %d %s\n", e->kind, e->dev, e->ino,
	    e->size, e->mtime, e->ctime, e->err, path);
	if (S_stage.len >= STAGE)
		S_deflate(0);
}

/* Record what stat(2) says of path now (lock held). */
static void
S_stat(const char *path)
{
	struct stat	 st;
	struct ient	 e;

	if (stat(path, &st) == 0)
		S_fill(&e, &st, 0);
	else
		S_fill(&e, NULL, errno);
	S_put(path, &e);
}

void
ecat_inputs_start(void)
{
	struct timespec	 ts;

	pthread_mutex_lock(&S_lock);
#ifdef CLOCK_REALTIME_COARSE
	if (clock_gettime(CLOCK_REALTIME_COARSE, &ts) == -1)
#endif
		clock_gettime(CLOCK_REALTIME, &ts);
	S_t0 = S_ns(&ts);
	S_why = NULL;
	ecat_buf_init(&S_stage);
	ecat_buf_init(&S_z);
	memset(&S_zs, 0, sizeof(S_zs));
	/* zlib's only failure here is an allocation's. */
	if (deflateInit(&S_zs, 1) != Z_OK)
		ecat_oom();
	S_on = 1;
	pthread_mutex_unlock(&S_lock);
}

void
ecat_inputs_stop(void)
{
	pthread_mutex_lock(&S_lock);
	if (S_on) {
		deflateEnd(&S_zs);
		ecat_buf_free(&S_stage);
		ecat_buf_free(&S_z);
		S_on = 0;
	}
	pthread_mutex_unlock(&S_lock);
}

void
ecat_inputs_file(const char *path, const struct stat *st)
{
	struct ient	 e;

	if (!__atomic_load_n(&S_on, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&S_lock);
	if (st == NULL)
		S_stat(path);
	else {
		S_fill(&e, st, 0);
		S_put(path, &e);
	}
	pthread_mutex_unlock(&S_lock);
}

void
ecat_inputs_dirfd(const char *path, int fd)
{
	struct stat	 st;
	struct ient	 e;

	if (!__atomic_load_n(&S_on, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&S_lock);
	if (fstat(fd, &st) == 0) {
		S_fill(&e, &st, 0);
		S_put(path, &e);
	} else
		S_stat(path);
	pthread_mutex_unlock(&S_lock);
}

void
ecat_inputs_probe(const char *path)
{
	if (!__atomic_load_n(&S_on, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&S_lock);
	S_stat(path);
	pthread_mutex_unlock(&S_lock);
}

/*
 * Was the object name preloaded (LD_PRELOAD: a list split by spaces
 * or colons, of paths or of names the loader searched for)?
 */
static int
S_preloaded(const char *name)
{
	const char	*l = getenv("LD_PRELOAD"), *base;
	size_t		 n, bl;

	if (l == NULL)
		return 0;
	base = strrchr(name, '/') != NULL ? strrchr(name, '/') + 1 : name;
	bl = strlen(base);
	for (; *l != '\0'; l += n) {
		l += strspn(l, " :");
		n = strcspn(l, " :");
		if (n == 0)
			break;
		if ((n == strlen(name) && memcmp(l, name, n) == 0) ||
		    (memchr(l, '/', n) == NULL && n == bl &&
		    memcmp(l, base, n) == 0))
			return 1;
	}
	return 0;
}

/*
 * The shared objects the program loaded, by their paths; not those
 * preloaded for one run (a fault-injection shim, tests/inject/), which
 * belong to its environment: a run under one is the same program.
 */
static int
S_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	if (info->dlpi_name != NULL && info->dlpi_name[0] == '/' &&
	    !S_preloaded(info->dlpi_name))
		S_stat(info->dlpi_name);
	return 0;
}

/*
 * The program is an input too: a rebuilt etwcat, or an upgraded
 * library it loads (libxml2 parses the manifests), may print or
 * render otherwise.  Its files' identities say when either changed.
 */
void
ecat_inputs_binary(void)
{
	char	 exe[PATH_MAX];
	ssize_t	 n;

	if (!__atomic_load_n(&S_on, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&S_lock);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		S_stat(exe);
	} else if (S_why == NULL)
		S_why = "the running program's file is not known";
	dl_iterate_phdr(S_object, NULL);
	pthread_mutex_unlock(&S_lock);
}

const char *
ecat_inputs_take(struct ecat_buf *z)
{
	const char	*why;

	pthread_mutex_lock(&S_lock);
	if (!S_on)
		why = "inputs were not recorded";
	else if ((why = S_why) == NULL) {
		S_deflate(1);
		if ((why = S_why) == NULL) {
			*z = S_z;
			ecat_buf_init(&S_z);
		}
	}
	/* One record a run: what comes after is not in it. */
	if (S_on && why == NULL)
		S_why = "the record was taken";
	pthread_mutex_unlock(&S_lock);
	return why;
}

/* Parse one number of a record's line, and the space after it. */
static int
S_num(const char **p, const char *end, int64_t *v)
{
	const char	*s = *p;
	uint64_t	 x = 0;
	int		 neg = 0;

	if (s < end && *s == '-') {
		neg = 1;
		s++;
	}
	if (s == end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	if (s == end || *s != ' ')
		return -1;
	*v = neg ? -(int64_t)x : (int64_t)x;
	*p = s + 1;
	return 0;
}

int
ecat_inputs_same(const char *text, size_t n, char *why, size_t sz)
{
	const char	*line = text, *end = text + n, *nl, *p;
	struct ient	 want, have;
	struct stat	 st;
	int64_t		 v[6];
	char		 path[PATH_MAX];
	size_t		 pl;
	int		 i;

	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL ||
		    nl - line < 2 || line[1] != ' ' ||
		    strchr("FDOA", line[0]) == NULL)
			goto bad;
		want.kind = line[0];
		for (p = line + 2, i = 0; i < 6; i++)
			if (S_num(&p, nl, &v[i]) == -1)
				goto bad;
		want.dev = (uint64_t)v[0];
		want.ino = (uint64_t)v[1];
		want.size = (uint64_t)v[2];
		want.mtime = v[3];
		want.ctime = v[4];
		want.err = (int)v[5];
		if ((pl = (size_t)(nl - p)) == 0 || pl >= sizeof(path))
			goto bad;
		memcpy(path, p, pl);
		path[pl] = '\0';
		if (stat(path, &st) == 0)
			S_fill(&have, &st, 0);
		else
			S_fill(&have, NULL, errno);
		if (!S_same(&want, &have)) {
			snprintf(why, sz, "%s changed", path);
			return 0;
		}
	}
	return 1;
bad:
	snprintf(why, sz, "the record does not parse");
	return 0;
}
