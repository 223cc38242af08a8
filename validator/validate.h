/*
 * validate.h: check captured samples against their build's schemas
 * (internal; etwcat.1 SAMPLE VALIDATION).
 *
 * The validator reads every sample file the loaders met
 * (ecat_samplefiles(), catalog/sample.h), one event at a time, and
 * reports through the catalog's diagnostics context: sample-* ids with
 * a context (build, provider, event id, version, field) that the
 * reports (render/vformat.h) print.  It keeps no samples: only,
 * per event key, one example (ecat_evkey.example) for the site,
 * preferring a clean one.
 *
 * Use: load with ecat_validate_defer() (etwcat.h, where the run's
 * entry points are) so that samples are read once, after every
 * schema; ecat_catalog_finish(); then ecat_validate().  Without
 * deferring (etwcat build), the files the loader read are read again,
 * quietly, for their examples and checks.
 */
#ifndef ECAT_VALIDATE_H
#define ECAT_VALIDATE_H

#include <stdint.h>

#include "model.h"

/*
 * Best-match statistics of one provider: its samples whose own build
 * has no schemas were checked against every build that defines their
 * key; best[i] counts the samples for which build i (catalog order)
 * had the fewest findings (ties all count), only[i] those for which it
 * alone did.
 */
struct ecat_vbest {
	const char	*provider;
	uint64_t	 nsamples;	/* checked this way */
	uint64_t	 nmatched;	/* some build defines their key */
	uint64_t	*best;		/* [catalog->nbuilds] */
	uint64_t	*only;		/* [catalog->nbuilds] */
};

/* One sample file, as the report sees it (JUnit: one test case). */
struct ecat_vfile {
	const char		*path;		/* as diagnostics print it */
	const struct ecat_build	*build;
	uint64_t		 nsamples;	/* events read, malformed too */
	uint64_t		 nmalformed;
	uint64_t		 nmatched;
	uint64_t		 nclean;
	int			 unreadable;
};

/* The run (opaque in etwcat.h: ecat_vrun_new, ecat_vrun_free). */
struct ecat_vrun {
	/* In: called around each sample file; either may be NULL. */
	void		(*file_begin)(const struct ecat_vfile *, void *);
	void		(*file_done)(const struct ecat_vfile *, void *);
	void		*arg;

	/* Out: totals over every sample file. */
	uint64_t	 nfiles;
	uint64_t	 nbytes;	/* bytes read */
	uint64_t	 nsamples;	/* events read, malformed too */
	uint64_t	 nmalformed;
	uint64_t	 nmatched;	/* a schema of their key was found */
	uint64_t	 nunmatched;	/* well-formed, no schema of their key */
	uint64_t	 nclean;	/* matched, no error or warning */
	uint64_t	 nbestmode;	/* checked against every build */
	/* Per provider, sorted by name (best-match mode only). */
	uint32_t	 nbest;
	struct ecat_vbest *best;
};

/*
 * Release what ecat_validate() put in run and leave it empty, run
 * itself kept: for a run the caller holds by value, as the tests do.
 */
void	 ecat_vrun_clear(struct ecat_vrun *);

/*
 * Fill a message string (an event's message as the schema gives it)
 * with field values: insert %N (and %N!s!) becomes values[N-1] as
 * given, an insert with no value (N > nvalues, or a NULL value) and
 * %%N parameter references stay as written; %n, %t, %r, %b, %0 and the
 * escapes render as FormatMessage renders them (catalog/msgfmt.h), %n
 * as "\r\n" unless lf.  Appends to out (the caller owns it).  For the
 * site's examples; the validator compares with a pattern instead.
 */
void	 ecat_message_fill(struct ecat_buf *out, const char *message,
	    const char *const *values, uint32_t nvalues, int lf);

/* Long help for a diagnostic id (SARIF rules, man page), or NULL: the
   diagnostics table's (ecat_msg_help); sample-* ids have one. */
const char *ecat_validate_help(const char *id);

#endif /* !ECAT_VALIDATE_H */
