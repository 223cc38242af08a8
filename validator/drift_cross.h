/*
 * drift_cross.h: drift between sources of different formats, and the
 * etwlib dump's ways of writing a template (internal; drift_cross.c
 * says which, measured).  Used by drift.c only.
 */
#ifndef ECAT_DRIFT_CROSS_H
#define ECAT_DRIFT_CROSS_H

#include <stdint.h>

#include "model.h"

/*
 * d[0..n): an etwlib dump's fields; o[0..m): the other source's, whose
 * format writes counts or not (ocounts).  d with each run X-0 ...
 * X-(n-1) that stands for o's X made one field X of count n, and its
 * length in *np; NULL (and *np untouched) when there is none.  The
 * caller frees it; names are interned.
 */
struct ecat_field *ecat_drift_unexpand(struct ecat_catalog *,
		    const struct ecat_field *d, uint32_t n,
		    const struct ecat_field *o, uint32_t m, int ocounts,
		    uint32_t *np);

/*
 * May f[x], a field the dump lacks, be an array counted by another
 * field, which the dump cannot write?  al[i] >= 0: f[i] is on both
 * sides; counts: f's format writes counts.  1 or 0.
 */
int		 ecat_drift_countable(const struct ecat_field *f,
		    const int32_t *al, uint32_t x, int counts);


/*
 * The names to align f[0..n) by: its own, or across formats (cross)
 * letters and digits in lower case, interned.  The caller frees the
 * array, not the names.
 */
const char	**ecat_drift_alignnames(struct ecat_catalog *, int cross,
		    const struct ecat_field *f, uint32_t n);

#endif /* !ECAT_DRIFT_CROSS_H */
