/*
 * rules_int.h: what the two files of the rule stage share (internal to
 * validator/).
 *
 * rules.c ties each Sigma rule to the catalog's events and reports the
 * rules and EventIDs that tie to nothing; rules_fields.c checks the
 * fields a tied rule matches on against the fields of its events.
 * Both look events up by id and fields by name the same way, so that
 * the site's per-event rule lists and the field checks agree.
 */
#ifndef ECAT_RULES_INT_H
#define ECAT_RULES_INT_H

#include <stdint.h>

#include "model.h"

/*
 * The keys of p with event id: *first and the count.  Keys are sorted
 * by (id, version) once the catalog is finished.
 */
uint32_t	ecat_rules_keys(const struct ecat_provider *, uint32_t id,
		    uint32_t *first);

/*
 * Returns whether the occurrence's field list has name (interned),
 * spaces and underscores aside.
 */
int		ecat_rules_occhas(const struct ecat_occ *, const char *name);

/*
 * rule-unknown-field and rule-field-missing-in-build for a resolved
 * rule r, in the order of its fields in the file.
 */
void		ecat_rules_checkfields(struct ecat_catalog *,
		    struct ecat_rule *r);

#endif
