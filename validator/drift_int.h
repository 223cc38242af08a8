/*
 * drift_int.h: what the files of the drift run share (internal):
 * the run's state, adding a finding, and comparing two field lists
 * (drift_fields.c).  Used by drift.c and drift_fields.c only.
 */
#ifndef ECAT_DRIFT_INT_H
#define ECAT_DRIFT_INT_H

#include <stdint.h>

#include "drift.h"
#include "model.h"

struct run {
	struct ecat_catalog	*cat;
	size_t			 cap;
	struct ecat_evkey	**keyof;	/* parallel to cat->drift */
	uint32_t		*pairof;	/* parallel too: build pair */
	uint32_t		 pair;		/* the pair compared (S_walk) */
	const struct ecat_build	*from, *to;
	const char		*provider;
	struct ecat_evkey	*key;
	const struct ecat_occ	*eb;		/* event in the later build */
	/*
	 * The two events come from different formats (a manifest in one
	 * build, a TSV export in the next): compare only what both can
	 * express, numbers and field names and types, so that what one
	 * format cannot carry (outTypes, lengths, messages, symbols) is
	 * not reported as drift.
	 */
	int			 cross;
	/* The earlier and later event's source is an etwlib dump. */
	int			 dumpa, dumpb;
	/* The earlier and later event's source writes counts (S_unexpand). */
	int			 countsa, countsb;
	/* One event id's picks in the two builds, by version (S_pair). */
	const struct ecat_occ	**pick;
	size_t			 pickcap;
	/* By build index: a partial build (S_partial). */
	uint8_t			*partial;
	/* By provider index: the last build compared that had it or
	   was whole. */
	const struct ecat_build	**last;
};

/* A finding of class c about the run's current key (drift.c). */
struct ecat_drift *drift_add(struct run *, enum ecat_dclass, const char *field,
		    const char *before, const char *after);
/* The same, before and after written "UInt32 Name" from fa and fb. */
void		 drift_addf(struct run *, enum ecat_dclass, const char *field,
		    const struct ecat_field *fa, const struct ecat_field *fb);
/* The findings between two field lists of the run's key (drift_fields.c). */
void		 drift_fields(struct run *, const struct ecat_shape *,
		    const struct ecat_shape *);

#endif /* !ECAT_DRIFT_INT_H */
