/*
 * dformat.h: what a drift report format implements, and what the
 * formats share (internal to render/dreport*.c; the public entry
 * point is ecat_drift_report() in etwcat.h).
 *
 * A drift report is written in one call over the findings that
 * validator/drift.c put in the finished model, so a format is a name
 * and one render function (lowdown's new/render/free triad with
 * nothing to set up or release).
 */
#ifndef ECAT_DFORMAT_H
#define ECAT_DFORMAT_H

#include <stddef.h>
#include <stdio.h>

#include "drift.h"

struct ecat_dformat {
	const char	*name;		/* as --format takes it */
	/* The report of cat's findings; accepted ones only with all. */
	void		(*render)(const struct ecat_catalog *, FILE *, int all);
	/* The same at most max bytes long (0: no cap), or NULL when the
	   format cannot be cut (ecat_drift_report_max()). */
	void		(*render_max)(const struct ecat_catalog *, FILE *,
			    int all, size_t max);
};

/* Whether a finding is reported: all, or not accepted by a baseline. */
int	 dreport_show(const struct ecat_drift *, int all);
/* Reported findings per class, into by[ECAT_D__MAX]. */
void	 dreport_counts(const struct ecat_catalog *, int all, size_t *by);

#endif /* !ECAT_DFORMAT_H */
