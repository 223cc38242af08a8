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
 * Loaders fill the arrays (allocated with ecat_alloc) but the events,
 * which they hand to ecat_pschema_commit(): it interns them and
 * indexes them under their keys.
 */
struct ecat_pschema *ecat_pschema_new(struct ecat_catalog *, const char *name,
	    struct ecat_build *, enum ecat_srckind, enum ecat_format,
	    const struct ecat_loc *);
/*
 * The same for a name already interned in the catalog (another
 * schema's): not looked up again.  The TSV loader makes most of its
 * schemas from an earlier build's (tsv.c, S_reuse()), and interning
 * their names again was 3% of validate over the 170-build stress
 * catalog (perf, bench/stress.sh): a cache miss each.
 */
struct ecat_pschema *ecat_pschema_new_interned(struct ecat_catalog *,
	    const char *name, struct ecat_build *, enum ecat_srckind,
	    enum ecat_format, const struct ecat_loc *);

/*
 * An event as a loader reads it: the content, with ev.tmpl the
 * source's own template, and where it was (loc.file is the schema's).
 */
struct ecat_evsrc {
	struct ecat_event	 ev;
	struct ecat_loc		 loc;
};

/*
 * Commit ps with its n events, in source order: each event's content
 * is interned (one ecat_event per distinct content in the catalog) and
 * ps->events gets one row per event; the caller keeps ownership of
 * evs.
 */
void	 ecat_pschema_commit(struct ecat_catalog *, struct ecat_pschema *,
	    const struct ecat_evsrc *evs, uint32_t n);

/*
 * A TSV source alike an earlier build's: ecat_pschema_alike() returns
 * the earlier schema of ps's provider, file name, format and kind
 * whose templates are tm[0..ntm) and whose rows are evs[0..n) (their
 * ev.tmpl pointing into tm), but for the file name, or NULL.  Then
 * ecat_pschema_commit_alike() commits ps with that schema's rows and
 * templates, shared, in place of ecat_pschema_commit().
 */
const struct ecat_pschema *ecat_pschema_alike(struct ecat_catalog *,
	    const struct ecat_pschema *ps, const struct ecat_template *tm,
	    uint32_t ntm, const struct ecat_evsrc *evs, uint32_t n);
void	 ecat_pschema_commit_alike(struct ecat_catalog *,
	    struct ecat_pschema *ps, const struct ecat_pschema *);

/*
 * Intern a field list.  fields[] is copied (with members) into the
 * catalog; the caller keeps ownership of its array.  verbatim may be
 * NULL.  Returns the shared shape.
 */
const struct ecat_shape *ecat_shape_intern(struct ecat_catalog *,
	    const struct ecat_field *fields, uint32_t nfields,
	    const char *verbatim);

/*
 * Drop what the TSV loader keeps between files only to go faster (the
 * field-list text index, tsv.c); a later file rebuilds it.  Called by
 * ecat_catalog_finish() and ecat_catalog_free().
 */
void	 ecat_tsv_forget(struct ecat_catalog *);

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
