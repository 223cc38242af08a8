/*
 * site.h: the static catalog site (internal).
 *
 * ecat_site_build() (etwcat.h) renders a loaded catalog (after lint,
 * drift and the sample validator have filled the model) into DIR:
 *
 *   index.html                                 providers, with a filter
 *   providers/<Provider>/index.html            one page per provider
 *   providers/<Provider>/events/<id>.html      one page per event id,
 *                                              every version (#v<N>,
 *                                              fields #v<N>-<Field>)
 *   builds/<build>/index.html                  one page per build
 *   downloads/catalog.json.gz                  etwcat export --format json,
 *                                              gzip (and catalog.json
 *                                              itself up to 100 MiB)
 *   downloads/<Provider>.json, <Provider>.tsv  one provider, every
 *                                              event's schema
 *   search-index.js                            the search index
 *   assets/                                    templates/assets/, copied
 *
 * Names are made safe for paths by ecat_safe_name() (etwcat.1, SITE).
 * The site is written into DIR.tmp.<pid> beside DIR and swapped in only
 * when complete; a file whose bytes are unchanged from the previous
 * site is hard-linked from it, so its mtime stays.
 */
#ifndef ECAT_SITE_H
#define ECAT_SITE_H

#include "model.h"

/* Counts of a finished build, for the summary line and benchmarks. */
struct ecat_site_stats {
	uint64_t	 pages;		/* HTML pages */
	uint64_t	 files;		/* every file written or kept */
	uint64_t	 unchanged;	/* kept from the previous site */
	uint64_t	 bytes;		/* bytes of every file */
};

/*
 * ecat_site_build() (etwcat.h), with the counts of the build put in
 * stats when it is not NULL, for the tests and benchmarks.  The
 * options are opaque (etwcat.h; render/site/options.c).
 */
int	 ecat_site_build_stats(struct ecat_catalog *,
	    const struct ecat_site_opts *, struct ecat_site_stats *);

/*
 * The templates folder used when none is given: $ETWCAT_TEMPLATES as a
 * malloc'd path, or NULL when it is unset or empty, for the templates
 * and assets compiled in (embedded.h).
 */
char	*ecat_site_templates_dir(void);

#endif /* !ECAT_SITE_H */
