/*
 * drift.h: schema drift between builds (internal).
 *
 * Drift produces model data, not text (as lowdown's diff produces an
 * annotated tree): ecat_drift_run() fills catalog->drift and each
 * key's drift list, and the report writers (render/drift_out.c) and
 * the site print that like anything else.
 */
#ifndef ECAT_DRIFT_H
#define ECAT_DRIFT_H

#include <stdio.h>

#include "model.h"

/*
 * Compare builds: from → to when both are given (either may be NULL:
 * the first / last build with schemas), else each build with schemas
 * against the previous one.  Keys are (provider, id, version); field
 * lists are compared even when id and version are unchanged.
 * Returns 0, or -1 when from/to names no build (nothing computed).
 */
int	 ecat_drift_run(struct ecat_catalog *, const char *from,
	    const char *to);

/* The stable id ("drift-fields-appended") and severity of a class. */
const char	*ecat_dclass_id(enum ecat_dclass);
enum ecat_dsev	 ecat_dclass_sev(enum ecat_dclass);
const char	*ecat_dsev_name(enum ecat_dsev);
/* One-line help text for a class (SARIF rules, man page). */
const char	*ecat_dclass_help(enum ecat_dclass);

/*
 * Baselines: one finding a line, sorted, so they diff well.
 * Write: returns 0 or -1 (io-write diagnostic).  Read: marks the
 * findings present in the file as accepted; returns the number of
 * baseline lines that matched nothing (stale), or -1 when unreadable.
 */
int	 ecat_drift_baseline_write(struct ecat_catalog *, const char *path);
long	 ecat_drift_baseline_read(struct ecat_catalog *, const char *path);
/* The baseline line of a finding; the caller frees it. */
char	*ecat_drift_line(const struct ecat_drift *);

/* Findings not accepted, at or above sev. */
size_t	 ecat_drift_count(const struct ecat_catalog *, enum ecat_dsev);

/* Reports (render/drift_out.c); only findings not accepted unless all. */
void	 ecat_drift_text(const struct ecat_catalog *, FILE *, int all);
void	 ecat_drift_markdown(const struct ecat_catalog *, FILE *, int all);
void	 ecat_drift_json(const struct ecat_catalog *, FILE *, int all);
void	 ecat_drift_sarif(const struct ecat_catalog *, FILE *, int all);

#endif /* !ECAT_DRIFT_H */
