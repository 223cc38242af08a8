/*
 * bench/load.c: the load-only harness of bench/load_manifests.sh and
 * bench/load_tsv.sh, linked with a build's libetwcat.a (bench_link in
 * bench/lib.sh): loads each SOURCE, finishes the catalog, prints what
 * it holds, and nothing else: no lint, no output.
 */
#include <stdio.h>

#include "etwcat.h"
#include "model.h"

int
main(int argc, char **argv)
{
	struct ecat_diag	*d = ecat_diag_new();
	struct ecat_catalog	*c;
	int			 i;

	ecat_diag_set_min(d, ECAT_SEV__MAX);	/* count, print nothing */
	c = ecat_catalog_new(d);
	for (i = 1; i < argc; i++)
		ecat_load_source(c, argv[i], NULL);
	ecat_catalog_finish(c);
	printf("%llu files, %u builds, %u providers, %llu events, "
	    "%llu shapes, %llu errors, arena %zu MB\n",
	    (unsigned long long)c->nfiles, c->nbuilds, c->nproviders,
	    (unsigned long long)c->nevents, (unsigned long long)c->nshapes,
	    (unsigned long long)ecat_diag_count_sev(d, ECAT_SEV_ERROR),
	    ecat_arena_bytes(c->arena) >> 20);
	ecat_catalog_free(c);
	ecat_diag_free(d);
	return 0;
}
