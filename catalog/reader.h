/*
 * reader.h: the sample readers (internal).  A capture format is one
 * struct ecat_reader in the table of sample.c: the validator and the
 * loader call ecat_samples_read, ecat_sample_locate and
 * ecat_sample_json (sample.h), which pick the reader, so that a new
 * format is a new file and a table entry, with nothing to change in
 * validator/.
 *
 * A reader is opened on a file sample.c has opened and checked (a
 * regular file, or standard input), hands on its records one per call
 * of next, and is closed; ecat_samples_read is that one loop for every
 * reader.  A reader that finds several records in one unit of its
 * input (an array of events on a JSON line, an .evtx chunk) keeps the
 * unit and hands them on one call at a time.  Every diagnostic about
 * the input (malformed records, limits, read errors) is emitted by the
 * next call that reaches it, so diagnostics come in file order, each
 * before the record it is about.
 *
 * Ownership: the handle belongs to the caller from open to close, and
 * everything else to the handle.  The record next returns, with every
 * string, value, name and text it points to, stays valid until the
 * next call of next or close on the same handle, and no longer: the
 * reader reuses that memory for the next record, so memory is bounded
 * by one record (and its unit) however long the file.  locate and json
 * may be called on it in that time.  The file name given to open is
 * interned (the catalog's) and outlives the handle; the descriptor
 * stays the caller's, who closes it after close.  json's string is
 * malloc'd and the caller's to free.
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
	/* The next record into *out: returns 1, or 0 at the end, or
	   -1 when the rest of the file could not be read (reported;
	   ecat_samples_read returns -1).  After 0 or -1, call close. */
	int		(*next)(void *, const struct ecat_sample **out);
	/* Where the value at steps below the record is (as
	   ecat_sample_locate). */
	int		(*locate)(const struct ecat_sample *,
			    const struct ecat_spath *steps, size_t nsteps,
			    struct ecat_loc *out);
	/* The record as JSON text, malloc'd (the caller frees it);
	   NULL if it has none. */
	char		*(*json)(const struct ecat_sample *);
	/* Free the handle; adds the bytes read to *nbytes (if not NULL). */
	void		(*close)(void *, uint64_t *nbytes);
	/* Does the reader take a file that begins with these n bytes
	   (its first 8 or fewer), whatever its name?  NULL: by name
	   only.  Asked before claims, for regular files. */
	int		(*sniff)(const uint8_t *head, size_t n);
};

/* A locate for readers whose records hold every value themselves
   (EVTX, ETL): where a value is, is the record (r->loc). */
int	 ecat_reader_locate_record(const struct ecat_sample *r,
	    const struct ecat_spath *steps, size_t nsteps, struct ecat_loc *out);

/* The reader of path: the first of the table that claims it. */
const struct ecat_reader *ecat_reader_find(const char *path);
/*
 * The reader of a file that begins with head (n bytes, its first; n 0
 * when they are not known, as for standard input): the first of the
 * table whose sniff takes them, else ecat_reader_find(path).
 */
const struct ecat_reader *ecat_reader_sniff(const char *path,
	    const uint8_t *head, size_t n);

#endif /* !ECAT_READER_H */
