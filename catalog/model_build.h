/*
 * model_build.h: the write side of the catalog model, for the loaders
 * in catalog/ (internal).
 *
 * The loaders build the model through these functions; validator/ and
 * render/ never include this header (tests/layering.sh fails the build
 * when they do), so after loading the set of builds, providers,
 * schemas, event keys and shapes is fixed.  What the later stages add
 * to a catalog is in annotate.h; the one late addition to the model's
 * structure, a deferred sample recorded as observed when the validator
 * reads it, is declared with the sample reader (sample.h).
 */
#ifndef ECAT_MODEL_BUILD_H
#define ECAT_MODEL_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "annotate.h"
#include "model.h"

/* Intern n bytes into the catalog's string table (NULL stays NULL). */
const char *ecat_strn(struct ecat_catalog *, const char *, size_t);

/* Find or add a build by id.  The catalog owns it. */
struct ecat_build *ecat_build_get(struct ecat_catalog *, const char *id);

/* Find or add a provider by name. */
struct ecat_provider *ecat_provider_get(struct ecat_catalog *, const char *name);

/*
 * Start a provider schema for (provider name, build, kind, format).
 * Loaders fill the arrays (allocated with ecat_alloc) and then call
 * ecat_pschema_commit(), which indexes the events under their keys.
 */
struct ecat_pschema *ecat_pschema_new(struct ecat_catalog *, const char *name,
	    struct ecat_build *, enum ecat_srckind, enum ecat_format,
	    const struct ecat_loc *);
void	 ecat_pschema_commit(struct ecat_catalog *, struct ecat_pschema *);

/*
 * Intern a field list.  fields[] is copied (with members) into the
 * catalog; the caller keeps ownership of its array.  verbatim may be
 * NULL.  Returns the shared shape.
 */
const struct ecat_shape *ecat_shape_intern(struct ecat_catalog *,
	    const struct ecat_field *fields, uint32_t nfields,
	    const char *verbatim);

/* Normalise a GUID to "{xxxxxxxx-...}" lowercase; NULL if not a GUID. */
const char *ecat_guid_norm(struct ecat_catalog *, const char *);

/*
 * record.c: tie every event, map and provider schema of the catalog to
 * its distinct record, map and header (model.h), dropping the ones an
 * earlier call built; ecat_catalog_finish() calls it last.
 * ecat_records_free() drops them (ecat_catalog_free()).
 */
void	 ecat_records_build(struct ecat_catalog *);
void	 ecat_records_free(struct ecat_catalog *);

#endif /* !ECAT_MODEL_BUILD_H */
