/*
 * walk.h: the one folder walker of the loaders (internal).  source.c
 * (schemas and samples), sigma.c (rules) and notes.c (notes) list and
 * walk folders through it, so that the order of visits (byte order of
 * names), the depth limit and the policy toward symbolic links are
 * the same everywhere and written once (walk.c).  A folder or file a
 * source's layout names (builds/<build>/samples, notes/<Provider>/...)
 * is looked at with ecat_entry(), under the same policy.
 */
#ifndef ECAT_WALK_H
#define ECAT_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Folder depth a walk follows below its top folder (etwcat.1, LIMITS). */
#define ECAT_WALK_MAXDEPTH	16

/*
 * The entries of a folder, sorted by strcmp, with what readdir(3) said
 * each is (types[i]: DT_REG, DT_DIR, DT_LNK, ... or DT_UNKNOWN where
 * the file system does not say) and its inode number (inos[i], d_ino).
 */
struct ecat_dirlist {
	char		**names;
	unsigned char	 *types;
	uint64_t	 *inos;
	size_t		  n;
};

/* Flags of ecat_dir_list and of a walk. */
#define ECAT_WALK_DOTS		0x01	/* files named ".*" too (never
					   such folders) */
#define ECAT_WALK_REPORT	0x04	/* an unreadable folder: io-read */

/*
 * Fill l with the entries of dir other than "." and "..", without the
 * folders whose names start with ".", and without such files unless
 * flags has ECAT_WALK_DOTS.  Returns 0, or -1 when dir cannot be read
 * (l is then empty; errno is set).
 */
int	 ecat_dir_list(const char *dir, unsigned flags, struct ecat_dirlist *l);
void	 ecat_dir_list_free(struct ecat_dirlist *);

/* dir/name as a malloc'd string; no second '/' when dir ends in one. */
char	*ecat_path_join(const char *dir, const char *name);

/*
 * file relative to the longest of the n SOURCE paths it is under (as
 * spelled: a walk's paths are its SOURCE's followed by "/"), trailing
 * slashes of a SOURCE ignored; a SOURCE that is the file itself leaves
 * its last component; under none, file.  A pointer into file.  What
 * reports and pages show of an input's path, and what baselines
 * fingerprint: never the machine's folders above the SOURCE.
 */
const char *ecat_path_in_source(const char *const *sources, size_t n,
	    const char *file);

/* Is path (after symbolic links) a folder, a regular file?  Tests of
   a layout only: nothing is read on their word (ecat_entry). */
int	 ecat_isdir(const char *path);
int	 ecat_isfile(const char *path);

enum ecat_ent {
	ECAT_ENT_NONE,		/* nothing there, or not to be followed */
	ECAT_ENT_DIR,
	ECAT_ENT_FILE		/* anything else: the loader checks it */
};

/*
 * What is at path, under the policy toward symbolic links (etwcat.1,
 * CATALOG SOURCE LAYOUT): a path that resolves outside the source it
 * is under (cat->roots) is ECAT_ENT_NONE after source-symlink-skipped,
 * unless links are followed everywhere; so is a dangling link.
 * Nothing there is ECAT_ENT_NONE without a word.
 */
enum ecat_ent ecat_entry(struct ecat_catalog *, const char *path);

/*
 * One walk: every file below top, in byte order of names, subfolders
 * visited where their name falls.  Files in folders at depth mindepth
 * and below are offered (top is depth 0); folders are entered down to
 * depth maxdepth.  want, when set, chooses the files by path; visit
 * is called for each, with the walk (arg is the caller's).  Whatever
 * is not a folder is offered, FIFOs and devices too: the loaders
 * refuse them (io.h).  Links are followed as ecat_entry() says, a
 * folder met twice is entered once (source-loop), and in a walk with
 * maxdepth ECAT_WALK_MAXDEPTH a deeper folder is limit-exceeded.
 */
struct ecat_walk {
	struct ecat_catalog	*cat;
	unsigned		 flags;
	int			 mindepth;
	int			 maxdepth;
	int			(*want)(const char *path);
	int			(*visit)(struct ecat_walk *, const char *path);
	void			*arg;
};

/* Returns 0, or -1 when a visit returned -1, a folder was too deep or
   (ECAT_WALK_REPORT) a folder could not be read. */
int	 ecat_walk(struct ecat_walk *, const char *top);

/*
 * How many folders the walks of this process have listed so far: a
 * listing numbered above it (ecat_walking.listing) is made later.
 */
uint64_t ecat_walk_listings(void);

#endif /* !ECAT_WALK_H */
