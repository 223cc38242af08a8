/* fuzzutil.c: see fuzz.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift.h"
#include "etwcat.h"
#include "fuzz.h"
#include "model.h"
#include "model_build.h"

void
fuzz_quiet(const struct ecat_diagrec *r, void *arg)
{
	(void)r;
	(void)arg;
}

struct ecat_diag *
fuzz_diag(void)
{
	struct ecat_diag	*d;

	d = ecat_diag_new();
	ecat_diag_set_sink(d, fuzz_quiet, NULL);
	return d;
}

/* Loaders expect what ecat_slurp() gives: a NUL-terminated copy. */
static void
S_feed(struct ecat_catalog *cat, const char *id, const uint8_t *p, size_t n,
    fuzz_load_fn load)
{
	char	*buf;

	buf = malloc(n + 1);
	if (buf == NULL)
		abort();
	memcpy(buf, p, n);
	buf[n] = '\0';
	load(cat, ecat_build_get(cat, id), buf, n);
	free(buf);
}

void
fuzz_run(const uint8_t *data, size_t size, fuzz_load_fn load)
{
	static const char	 sep[] = "\n----8<----\n";
	struct ecat_diag	*d;
	struct ecat_catalog	*cat;
	const uint8_t		*cut = NULL;
	size_t			 i;
	FILE			*null;

	d = fuzz_diag();
	cat = ecat_catalog_new(d);
	for (i = 0; i + sizeof(sep) - 1 <= size; i++)
		if (memcmp(data + i, sep, sizeof(sep) - 1) == 0) {
			cut = data + i;
			break;
		}
	if (cut == NULL)
		S_feed(cat, "Fuzz-10586", data, size, load);
	else {
		S_feed(cat, "Fuzz-10586", data, (size_t)(cut - data), load);
		S_feed(cat, "Fuzz-17134", cut + sizeof(sep) - 1,
		    size - (size_t)(cut - data) - (sizeof(sep) - 1), load);
	}
	ecat_catalog_finish(cat);
	ecat_lint(cat);
	ecat_drift_run(cat, NULL, NULL);
	if ((null = fopen("/dev/null", "w")) != NULL) {
		ecat_export_json(cat, null);
		ecat_drift_report(cat, null, "json", 1);
		fclose(null);
	}
	ecat_catalog_free(cat);
	ecat_diag_free(d);
}
