/*
 * reader.h: the sample readers (internal).  A capture format is one
 * struct ecat_reader in the table of sample.c: the validator and the
 * loader call ecat_samples_read, ecat_sample_locate and
 * ecat_sample_json (sample.h), which pick the reader, so that a new
 * format is a new file and a table entry, with nothing to change in
 * validator/.
 *
 * A reader is opened on a file sample.c has opened and checked (a
 * regular file, or standard input), hands on its records as struct
 * ecat_sample (sample.h: valid until the next record), and is closed.
 * It hands them on either one at a time (next: a binary capture read
 * record by record) or all in one call (read: JSON, whose documents
 * nest events inside arrays and lines); a reader sets one of the two.
 */
#ifndef ECAT_READER_H
#define ECAT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "sample.h"

struct ecat_reader {
	const char	*name;
	/* Does the reader take this file (by its name; "-" is standard
	   input)?  The first reader of the table that does reads it. */
	int		(*claims)(const char *path);
	/* A handle reading fd; file is the name diagnostics print
	   (interned), flags ECAT_SR_*. */
	void		*(*open)(struct ecat_catalog *, struct ecat_build *,
			    const char *file, const char *path, int fd,
			    unsigned flags);
	/* The next record, or NULL at the end. */
	const struct ecat_sample *(*next)(void *);
	/* Every record to fn.  Returns 0, or -1 when the file could
	   not be read (reported). */
	int		(*read)(void *, ecat_sample_fn fn, void *arg);
	/* Where the value at steps below the record is (as
	   ecat_sample_locate). */
	int		(*locate)(const struct ecat_sample *,
			    const struct ecat_spath *steps, size_t nsteps,
			    struct ecat_loc *out);
	/* The record as JSON text, malloc'd; NULL if it has none. */
	char		*(*json)(const struct ecat_sample *);
	/* Free the handle; adds the bytes read to *nbytes (if not NULL). */
	void		(*close)(void *, uint64_t *nbytes);
};

/* The reader of path: the first of the table that claims it. */
const struct ecat_reader *ecat_reader_find(const char *path);

#endif /* !ECAT_READER_H */
