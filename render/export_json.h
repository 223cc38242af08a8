/*
 * export_json.h: the writers of export --format json (internal) that
 * the site's per-event JSON shares, so that both documents name an
 * event's members alike (etwcat.1, EXPORT FORMATS and SITE).
 */
#ifndef ECAT_EXPORT_JSON_H
#define ECAT_EXPORT_JSON_H

#include <stdint.h>

#include "jsonw.h"
#include "model.h"

/*
 * The members of an event object, from "id" to "line", into an object
 * the caller opened.  With used, the field list is "shape", an index
 * into the export's "shapes", and used[shape] is set; with used NULL
 * it is written out: "verbatim" (a TSV field list that could not be
 * parsed), "fields", and "maps", the maps those fields name.
 */
void	 ecat_json_event(struct jsonw *, const struct ecat_event *,
	    uint8_t *used);

/* One occurrence of a key: build, source, file, line, samples. */
void	 ecat_json_occ(struct jsonw *, const struct ecat_occ *);

/* The members "occurrences" and "history" of a key. */
void	 ecat_json_key(struct jsonw *, const struct ecat_evkey *);

/* The map called name in ps, or NULL. */
const struct ecat_map *ecat_map_by_name(const struct ecat_pschema *,
	    const char *name);

#endif /* !ECAT_EXPORT_JSON_H */
