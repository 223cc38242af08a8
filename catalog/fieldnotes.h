/*
 * fieldnotes.h: maintainer notes about fields (internal).
 *
 * What a field holds and the values it takes are often written down
 * nowhere a schema can say: a Winsock Protocol is an IANA protocol
 * number, with no value map in any manifest.  The catalog's
 * maintainers write it in one YAML file per provider,
 *
 *   SRC/notes/<Provider>/fields.yaml
 *
 * beside the Markdown notes (notes.h), in the format etwcat.1 gives
 * (SITE, "Field notes") and samples/notes/README.md shows:
 *
 *   fields:                    every event that has a field of the name
 *     Protocol:
 *       description: IANA protocol number
 *       source: IANA Protocol Numbers registry
 *       link: https://www.iana.org/assignments/protocol-numbers/
 *       values:
 *         6: TCP
 *         0x11: {name: UDP, description: User Datagram}
 *   events:                    one event, or one version of it
 *     - id: 2
 *       version: 0             optional
 *       fields:
 *         Protocol: ...        as above
 *
 * A field's note is the most specific one: (event, version), else
 * (event, any version), else the provider-wide one, taken whole.  A
 * later source folder's entry replaces an earlier one's of the same
 * field and scope.  A defect is a note-malformed diagnostic with its
 * line, and only the entry it is in is dropped (or only the value,
 * key or link); a note naming an event the provider never had is
 * note-unmatched, one naming a field no version of its event has is
 * note-unknown-field.  No libyaml type leaves fieldnotes.c.
 */
#ifndef ECAT_FIELDNOTES_H
#define ECAT_FIELDNOTES_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Largest fields.yaml read, and the most entries (field notes and
   known values together) kept from one (etwcat.1, LIMITS). */
#define ECAT_FNOTES_MAXFILE	(1024 * 1024)
#define ECAT_FNOTES_MAXITEMS	65536

/*
 * Read path, a fields.yaml, into p's field notes.  Returns 0, or -1
 * when it could not be read (io-read).  The _mem form reads buf (len
 * bytes), name being what diagnostics print.
 */
int	 ecat_fnotes_load(struct ecat_catalog *, struct ecat_provider *,
	    const char *path);
int	 ecat_fnotes_load_mem(struct ecat_catalog *, struct ecat_provider *,
	    const char *name, const char *buf, size_t len);

/*
 * Report the notes of p that name an event (or version) p never had
 * (note-unmatched) or a field no version of it has in a source that
 * states its fields (note-unknown-field).  Once every folder's notes
 * are read.
 */
void	 ecat_fnotes_check(struct ecat_catalog *, const struct ecat_provider *);

/* The note about field of (id, version), the most specific; or NULL. */
const struct ecat_fnote *ecat_fnote_find(const struct ecat_provider *,
	    uint32_t id, uint16_t version, const char *field);

/*
 * A field's known values, from its schema's map and its note together.
 * On a value both give, the map wins (it is what the provider itself
 * renders) and the note's entry is not shown; the note adds the values
 * the map lacks.  Sorted by value; from_note says which gave it.
 */
struct ecat_known {
	uint64_t		 value;
	const char		*name;
	const char		*description;	/* note values only, or NULL */
	int			 from_note;
	int			 hex;		/* show as 0x... */
};

/*
 * The known values of map m and note n (either may be NULL): a
 * malloc'd array the caller frees, count in *np (NULL when 0).
 */
struct ecat_known *ecat_known_merge(const struct ecat_map *m,
	    const struct ecat_fnote *n, uint32_t *np);

#endif /* !ECAT_FIELDNOTES_H */
