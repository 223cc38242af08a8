/*
 * tsv_links.h: TSV files met again under another name in one run
 * (hard links), found without reading them (tsv_links.c).  Internal to
 * the TSV loader (tsv.c), which keeps one struct tsvlinks per catalog
 * and commits a file met again by its bytes' hash and length.
 */
#ifndef ECAT_TSV_LINKS_H
#define ECAT_TSV_LINKS_H

#include <sys/stat.h>
#include <stdint.h>
#include <time.h>

#include "alloc.h"

struct ecat_catalog;

/* A file by readdir(3)'s inode number and its folder's device. */
struct dirino {
	uint64_t	 dev, ino;
};

struct tsvlinks {
	struct ecat_htab known;		/* struct fileid → struct known */
	struct ecat_htab linked;	/* struct dirino → struct known */
	time_t		 t0;		/* when the catalog's TSV index was
					   made */
	uint64_t	 listing0;	/* folders listed before t0 */
	uint64_t	 listing;	/* the folder looked at last */
	uint64_t	 dirdev;	/* its device */
	int		 dirok;		/* fstat(2) of it worked */
	int		 dirsettled;	/* untouched since before t0 - 2 */
};

/* What tsvlinks_find() learnt of a path for tsvlinks_remember(). */
struct tsvprobe {
	struct dirino	 di;
	int		 walked;	/* di is the walk's, readdir(3)'s */
};

void	tsvlinks_init(struct tsvlinks *, struct ecat_catalog *);
/* path read before under another name: 1 with its bytes' hash in h,
   their length in *len and the stat(2) to record for it in *st. */
int	tsvlinks_find(struct tsvlinks *, struct ecat_catalog *,
	    const char *path, struct tsvprobe *, uint64_t h[2], size_t *len,
	    struct stat *st);
/* path, just read (st its fstat), may be met again: remember it. */
void	tsvlinks_remember(struct tsvlinks *, struct ecat_catalog *,
	    const struct tsvprobe *, const struct stat *st,
	    const uint64_t h[2], size_t len);

#endif
