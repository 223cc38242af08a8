/*
 * drift.h: schema drift between builds (internal).
 *
 * Drift produces model data, not text (as lowdown's diff produces an
 * annotated tree): ecat_drift_run() fills catalog->drift and each
 * key's drift list, and the report writers (render/dreport*.c) and
 * the site print that like anything else.
 */
#ifndef ECAT_DRIFT_H
#define ECAT_DRIFT_H

#include <stdio.h>

#include "model.h"

/* ecat_drift_run(), baselines, counts and reports: see etwcat.h. */

/* The stable id ("drift-fields-appended") and severity of a class. */
const char	*ecat_dclass_id(enum ecat_dclass);
enum ecat_dsev	 ecat_dclass_sev(enum ecat_dclass);
const char	*ecat_dsev_name(enum ecat_dsev);
/* One-line help text for a class (SARIF rules, man page). */
const char	*ecat_dclass_help(enum ecat_dclass);

/* The baseline line of a finding; the caller frees it. */
char	*ecat_drift_line(const struct ecat_drift *);

#endif /* !ECAT_DRIFT_H */
