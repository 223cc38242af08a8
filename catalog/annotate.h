/*
 * annotate.h: what the stages after loading may add to a loaded
 * catalog (internal).
 *
 * validator/ stores its results in the catalog so that they live as
 * long as it and the site reads them from the model: drift findings
 * (ecat_catalog.drift, ecat_evkey.drift), a sample example per event
 * key with its findings (ecat_evkey.example), and the links between
 * Sigma rules and events (ecat_rule.targets, ecat_evkey.rules).  Those
 * are arrays and strings in the catalog's arena, so this header gives
 * exactly that, allocation and interning, and no more: the functions
 * that add builds, providers, schemas and shapes are in model_build.h,
 * which only the loaders in catalog/ include, so that no stage after
 * loading can change what was loaded.  These entry points are the
 * ones the loaders use as well, not wrappers, so that results and
 * loaded strings share one string table and one arena.
 */
#ifndef ECAT_ANNOTATE_H
#define ECAT_ANNOTATE_H

#include <stddef.h>

#include "model.h"

/* Intern into the catalog's string table (NULL stays NULL). */
const char *ecat_str(struct ecat_catalog *, const char *);

/* Arena allocation: zeroed, owned by the catalog. */
void	*ecat_alloc(struct ecat_catalog *, size_t);
#define ECAT_NEWARRAY(cat, type, n) \
	((type *)ecat_alloc((cat), sizeof(type) * (size_t)(n)))

#endif /* !ECAT_ANNOTATE_H */
