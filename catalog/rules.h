/*
 * rules.h: Sigma detection rules (internal).
 *
 * Two stages share the model structs of model.h (ecat_rule and the
 * per-key lists):
 *
 *   catalog/sigma.c     loads rule files (YAML; the only libyaml user)
 *                       into catalog->rules, nothing else;
 *   validator/rules.c   ties each rule to the events of the loaded
 *                       schemas; validator/rules_fields.c checks its
 *                       fields against them.
 *
 * How a rule is tied to events (SIGMA RULES in etwcat.1):
 *
 *   1. Only rules with a concrete EventID (a plain "EventID:" key, no
 *      modifier) and logsource product windows are tied to anything.
 *      A rule with a category and no service (process_creation and the
 *      like) is tied to nothing: a backend pipeline picks its events.
 *   2. Channels: the selection's Channel values, else the service's
 *      channels from the service map (catalog/sigma-services.tsv,
 *      SigmaHQ's tests/thor.yml).
 *   3. Providers: the Provider_Name values when the rule gives them;
 *      else, per channel, the providers whose schemas declare it (when
 *      they carry channels; the jdu2600 TSVs do not), the providers of
 *      the few channels named otherwise than their provider (a table
 *      in rules.c, from docs/etw-manifest-reference.md §1.5), else the
 *      provider named by the part before "/" (the whole name when there
 *      is none), compared case-insensitively:
 *      Microsoft-Windows-SmbClient/Security is
 *      Microsoft-Windows-SMBClient's.  System and Application are
 *      written by hundreds of providers: without Provider_Name the rule
 *      stays unresolved.
 *   4. Each EventID goes to every candidate provider that has it, in
 *      any version and build; all versions of it apply.
 *
 * The fields of a selection mapping are checked against the events of
 * its own EventIDs, else those of the selection's other mappings, else
 * every EventID of the rule; Provider_Name and Channel likewise.
 */
#ifndef ECAT_RULES_H
#define ECAT_RULES_H

#include <stddef.h>

#include "model.h"

/*
 * Load Sigma rules from path: a .yml/.yaml file, or a folder read to
 * any depth in byte order of the names (names starting with "." and
 * symbolic links to folders skipped).  Every YAML document with a
 * detection mapping becomes one rule.  Returns 0 when path was read
 * (malformed rules are rule-malformed diagnostics), -1 when it could
 * not be read at all (io-read).
 */
int	 ecat_load_rules(struct ecat_catalog *, const char *path);
/* One rule file from memory; name is the file name diagnostics print
   and the rule's path.  Returns 0. */
int	 ecat_load_rules_mem(struct ecat_catalog *, const char *name,
	    const char *buf, size_t len);

/*
 * Tie every rule to the catalog's events: fills each rule's state and
 * targets and each event key's rules and rulefields.  Call after
 * ecat_catalog_finish(); again after loading more rules.  Emits no
 * diagnostics.
 */
void	 ecat_rules_resolve(struct ecat_catalog *);

/*
 * ecat_rules_check() (etwcat.h) resolves when needed, then reports
 * rule-unresolved, rule-unknown-event, rule-unknown-field and
 * rule-field-missing-in-build, each at the rule's file and line.
 */

/* How many of the key's rules match on field (its rulefields entry);
   0 if none. */
uint32_t ecat_evkey_rule_count(const struct ecat_evkey *, const char *field);

/* Counts over the loaded rules, after ecat_rules_check(). */
struct ecat_rulestats {
	uint32_t	 files;			/* rule files read */
	uint32_t	 rules;			/* rules loaded */
	uint32_t	 with_eventid;		/* naming a concrete EventID */
	uint32_t	 state[ECAT_RULE__MAX];	/* by enum ecat_rstate */
	uint32_t	 targets;		/* (provider, id) pairs, all rules */
	uint32_t	 keys;			/* event keys with a rule */
	uint32_t	 unknown_field_rules;	/* rules with rule-unknown-field */
	uint32_t	 unknown_fields;	/* rule-unknown-field findings */
	uint32_t	 missing_fields;	/* rule-field-missing-in-build */
	uint32_t	 unknown_events;	/* rule-unknown-event */
};
void	 ecat_rules_stats(const struct ecat_catalog *, struct ecat_rulestats *);
/* "resolved", "no-eventid", "category", ... for reports. */
const char *ecat_rstate_name(enum ecat_rstate);

/* The service map (catalog/sigma-services.tsv), one row per channel. */
struct ecat_sigma_service {
	const char	*service;	/* "smbserver-connectivity" */
	const char	*channel;	/* "Microsoft-Windows-SMBServer/Connectivity" */
};
const struct ecat_sigma_service *ecat_sigma_services(size_t *n);

#endif /* !ECAT_RULES_H */
