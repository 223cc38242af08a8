/*
 * inputs.h: the record of what a run read (internal): every file,
 * every folder listed and every path looked at, each with its
 * identity (device, inode, size, mtime and ctime in nanoseconds), so
 * that a later run can tell, by stat(2) alone, that nothing it would
 * read has changed (render/site/rerun.c, `etwcat build`).
 *
 * Recording is off until ecat_inputs_start(); the hooks in io.c and
 * walk.c cost a test of one flag while it is off.  The record is
 * deflated as it is made; ecat_inputs_same() reads it inflated.  The record is one
 * per process (the loaders have no common state to hang it on, and a
 * run builds one catalog); it is locked, as the site's workers read
 * the assets.
 */
#ifndef ECAT_INPUTS_H
#define ECAT_INPUTS_H

#include <sys/stat.h>

#include <stddef.h>

#include "alloc.h"

/* Start recording; the run's start time is taken now (see inputs.c). */
void	 ecat_inputs_start(void);
/* Stop recording and forget what was recorded. */
void	 ecat_inputs_stop(void);

/* A file opened for reading, st its fstat(2); NULL when it could not
   be opened (its path is then looked at, as by ecat_inputs_probe). */
void	 ecat_inputs_file(const char *path, const struct stat *st);
/* A folder listed, fd open on it (its fstat is taken). */
void	 ecat_inputs_dirfd(const char *path, int fd);
/* A path whose presence or kind decided something (stat(2) taken). */
void	 ecat_inputs_probe(const char *path);
/* The running program: its executable and every shared object loaded. */
void	 ecat_inputs_binary(void);

/*
 * The record, deflated (a zlib stream of lines, one an entry), moved
 * into z (empty before; the caller frees it): NULL, or why the run
 * cannot be recorded: an input modified so recently that a change
 * right after it was read could have kept its times (inputs.c, "Racy
 * inputs"), or a name a line cannot hold.  Recording ends with it.
 */
const char *ecat_inputs_take(struct ecat_buf *z);

/*
 * Is every entry of a record (text, n bytes, as ecat_inputs_put wrote
 * it) still what stat(2) says?  1 yes; 0 with why (sz bytes) naming
 * the first difference.
 */
int	 ecat_inputs_same(const char *text, size_t n, char *why, size_t sz);

#endif /* !ECAT_INPUTS_H */
