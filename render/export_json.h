/*
 * export_json.h: the writers of export --format json (internal) that
 * the site's per-event and per-provider JSON share, so that the
 * documents name an event's members alike (etwcat.1, EXPORT FORMATS
 * and SITE).
 */
#ifndef ECAT_EXPORT_JSON_H
#define ECAT_EXPORT_JSON_H

#include <stdint.h>

#include "jsonw.h"
#include "model.h"

/*
 * The members of a record object, from "id" to the MOF columns, into
 * an object the caller opened.  inl 0: "shape" is the shape's serial,
 * an index into the export's "shapes", and "maps" indexes into its
 * "maps"; inl 1: "shape" is the index given (an index into the
 * document's own "shapes"; null all the same when the record has no
 * field list) and "maps" are map objects.
 */
void	 ecat_json_record(struct jsonw *, const struct ecat_record *,
	    int inl, int64_t shape);

/* One "shapes" item: id, verbatim when set, fields. */
void	 ecat_json_shape(struct jsonw *, const struct ecat_shape *,
	    int64_t id);

/*
 * A set of builds (n, in catalog order, no duplicates) as an array of
 * runs {"first", "last", "count", "except"} (catalog/buildruns.c).
 */
void	 ecat_json_runs(struct jsonw *, const struct ecat_catalog *,
	    const struct ecat_build *const *, uint32_t n);

/*
 * The members "records" (one {"record", "source", "builds"} per record
 * and source, "builds" as runs), "samples" and "history" of a key.
 * "record" is the record's serial, or with local its index in
 * local[0..nlocal), a document's own list of records.
 */
void	 ecat_json_key(struct jsonw *, const struct ecat_catalog *,
	    const struct ecat_evkey *, const struct ecat_record *const *local,
	    uint32_t nlocal);

/* One occurrence of a key: build, source, file, line, samples. */

/* The map called name in ps, or NULL. */
const struct ecat_map *ecat_map_by_name(const struct ecat_pschema *,
	    const char *name);

#endif /* !ECAT_EXPORT_JSON_H */
