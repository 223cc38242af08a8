/*
 * tsv_links.c: TSV files met again under another name in one run, so
 * that the loader (tsv.c) need not open, read or hash them: hard links
 * known by their identity (struct known), or by readdir(3)'s inode
 * number alone (struct dirino), and the reasons either is the file
 * read before.
 */
#include <sys/stat.h>
#include <string.h>
#include <time.h>

#include "io.h"
#include "load.h"
#include "tsv_links.h"
#include "walk.h"

/*
 * A file read once in this run, known by its identity: device, inode,
 * size, and modification and change times to the nanosecond, all that
 * stat(2) says of its bytes without reading them.  A name of a later
 * build with that identity is the same file (a hard link: the layout
 * of snapshots made with cp -al, rsync --link-dest or hardlink(1),
 * and of bench/stress.sh's copies), so its bytes' hash is the one
 * computed before and the file need not be opened or read to be found
 * alike (struct seen).  The 170-build stress catalog's 179,350 files
 * are 19,360 distinct ones and hard links to them: each link is now
 * one fstatat, where it was openat, fstat, read and close (strace -c
 * -f), and 1.3 GB are neither copied nor hashed.
 *
 * Any write to a file sets its change time to the time of the write,
 * so a file written since it was read has another identity; an
 * identity is kept only when the change time is two seconds older than
 * the index (git's racy-timestamp rule, with room for file systems
 * that keep times to two seconds), so that a write in the same clock
 * tick as the read cannot pass for the same file.
 */
struct fileid {
	uint64_t	 dev, ino, size;
	int64_t		 msec, mnsec, csec, cnsec;
};

/*
 * The same files found without a stat(2): a name the walk lists in a
 * folder, with readdir(3)'s inode number (d_ino) and the folder's
 * device, is a known file's other name when that pair is the known
 * file's device and inode.  The fstatat of each name was 16% of
 * validate over the 170 builds of bench/stress.sh (perf), 160,000
 * calls for names of files already read.
 *
 * Why a pair met again is the file read, with its bytes as they were:
 * an inode number names one file of a device at a time, so the two are
 * one file if both held that number at one instant.  The file read
 * (A) had not changed since before t0 - 2 when it was read, after t0
 * (its ctime, the racy rule of struct known), so it existed throughout
 * [t0 - 2, when read] with that number and those bytes.  The folder of
 * the later name (B) is used only when its mtime and ctime are before
 * t0 - 2 at an fstat made after t0, and it was listed after t0
 * (listing0): no entry of it was made, removed or renamed from before
 * t0 - 2 until after its listing, so B named that number throughout
 * [t0 - 2, its listing] as well.  Both at t0 - 2: one file.  A file
 * deleted during the run and its inode number given to a new one
 * cannot pass: the new name changes its folder's times.  The bytes
 * given to B are A's as read: bytes B held at an instant of the run
 * (if B's inode was written after A was read, this run reads B as if
 * it had come first; before this, such a write gave B another
 * identity and B was read again, and a later run's record, kept with
 * A's identity (ecat_inputs_file), sees the write).
 *
 * The folder's device and the inode number must be what fstat(2) says
 * of the file for the pair to be kept when the file is read: file
 * systems whose readdir(3) numbers are not the files' (FUSE without
 * use_ino, overlayfs across file systems without xino) give no pair.
 * Not covered: a file mounted over a name of the catalog (mount
 * --bind onto a file), whose readdir(3) entry names the file beneath.
 */
/* struct dirino: tsv_links.h. */

struct known {
	struct fileid	 id;
	uint64_t	 h[2];
	size_t		 len;
	struct stat	 st;		/* its fstat when it was read */
	struct dirino	 di;		/* its key in linked */
};

/*
 * The walk's folder of path, the file being visited (ecat_walking),
 * when readdir(3) gave its inode number: 1 with its device in *devp and
 * in *settled whether its pairs may be looked up (struct dirino); else
 * 0.  One fstat(2) a folder, after t0.
 */
static int
S_walkdir(struct ecat_catalog *cat, struct tsvlinks *ix, const char *path,
    uint64_t *devp, int *settled)
{
	const struct ecat_walking	*w = &cat->walking;
	struct stat			 st;

	if (w->path == NULL || w->ino == 0 || (path != w->path &&
	    strcmp(path, w->path) != 0))
		return 0;
	if (w->listing != ix->listing) {
		ix->listing = w->listing;
		ix->dirok = fstat(w->fd, &st) == 0 && S_ISDIR(st.st_mode);
		ix->dirdev = ix->dirok ? (uint64_t)st.st_dev : 0;
		ix->dirsettled = ix->dirok && w->listing > ix->listing0 &&
		    st.st_mtim.tv_sec < ix->t0 - 2 &&
		    st.st_ctim.tv_sec < ix->t0 - 2;
	}
	*devp = ix->dirdev;
	*settled = ix->dirsettled;
	return ix->dirok;
}

static void
S_fileid(const struct stat *st, struct fileid *id)
{
	memset(id, 0, sizeof(*id));	/* compared as bytes */
	id->dev = (uint64_t)st->st_dev;
	id->ino = (uint64_t)st->st_ino;
	id->size = (uint64_t)st->st_size;
	id->msec = st->st_mtim.tv_sec;
	id->mnsec = st->st_mtim.tv_nsec;
	id->csec = st->st_ctim.tv_sec;
	id->cnsec = st->st_ctim.tv_nsec;
}

void
tsvlinks_init(struct tsvlinks *l, struct ecat_catalog *cat)
{
	ecat_htab_init(&l->known, ECAT_HKEY_STR, 0);
	l->known.arena = cat->arena;
	ecat_htab_init(&l->linked, ECAT_HKEY_STR, 0);
	l->linked.arena = cat->arena;
	l->t0 = time(NULL);
	l->listing0 = ecat_walk_listings();
}

int
tsvlinks_find(struct tsvlinks *l, struct ecat_catalog *cat,
    const char *path, struct tsvprobe *pr, uint64_t h[2], size_t *len,
    struct stat *st)
{
	const struct known	*kn = NULL;
	struct ecat_hent	*he;
	struct fileid		 id;
	int			 settled = 0;

	/* By readdir(3)'s inode number (struct dirino), else by stat(2)
	   (struct known). */
	memset(pr, 0, sizeof(*pr));	/* di compared as bytes */
	pr->walked = S_walkdir(cat, l, path, &pr->di.dev, &settled);
	pr->di.ino = cat->walking.ino;
	if (pr->walked && settled && (he = ecat_htab_find(&l->linked,
	    &pr->di, sizeof(pr->di), 0)) != NULL) {
		kn = he->v.p;
		*st = kn->st;
	} else if (ecat_stat_input(cat, path, st) == 0 &&
	    S_ISREG(st->st_mode)) {
		S_fileid(st, &id);
		if ((he = ecat_htab_find(&l->known, &id, sizeof(id), 0)) !=
		    NULL)
			kn = he->v.p;
	}
	if (kn == NULL)
		return 0;
	h[0] = kn->h[0];
	h[1] = kn->h[1];
	*len = kn->len;
	return 1;
}

void
tsvlinks_remember(struct tsvlinks *l, struct ecat_catalog *cat,
    const struct tsvprobe *pr, const struct stat *st, const uint64_t h[2],
    size_t len)
{
	struct fileid		 id;
	struct known		*kn;
	struct ecat_hent	*he;
	int			 isnew;

	/* Only a file with another name can be met again (st_nlink): the
	   17 TSV builds have none, and kept every file it was 7 MB. */
	if (st->st_nlink <= 1 || st->st_ctim.tv_sec >= l->t0 - 2 ||
	    (uint64_t)st->st_size != len)
		return;
	S_fileid(st, &id);
	he = ecat_htab_put(&l->known, &id, sizeof(id), 0, &isnew);
	if (isnew) {
		kn = ecat_alloc(cat, sizeof(*kn));
		kn->id = id;
		kn->h[0] = h[0];
		kn->h[1] = h[1];
		kn->len = len;
		kn->st = *st;
		he->k = &kn->id;
		he->v.p = kn;
	}
	kn = he->v.p;
	/* The pair, when readdir(3) numbered the file as fstat(2) does
	   (struct dirino). */
	if (pr->walked && pr->di.dev == (uint64_t)st->st_dev &&
	    pr->di.ino == (uint64_t)st->st_ino) {
		he = ecat_htab_put(&l->linked, &pr->di, sizeof(pr->di), 0,
		    &isnew);
		if (isnew) {
			kn->di = pr->di;
			he->k = &kn->di;
			he->v.p = kn;
		}
	}
}
