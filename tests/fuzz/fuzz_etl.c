/*
 * fuzz_etl.c: the ETL sample reader (catalog/etl.c, and through it
 * libfwnt's LZ77 decoder) on one input, a whole .etl file: the seeds
 * are the shared traces and their first 64 KiB (tests/fuzz/run.sh;
 * libFuzzer's inputs stay under 64 KiB), which hold the logfile header
 * buffer and the first buffers, compressed ones in the perfview
 * traces.  Every record is rendered as JSON (ecat_sample_json), as the
 * validator does for examples, and its payload bytes are read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etwcat.h"
#include "fuzz.h"
#include "model.h"
#include "model_build.h"
#include "sample.h"

static void
S_each(const struct ecat_sample *r, void *arg)
{
	volatile uint8_t	 sum = 0;
	uint32_t		 i;
	char			*s;

	(void)arg;
	if ((s = ecat_sample_json(r)) != NULL)
		free(s);
	/* The payload span is within the record: ASan says if not. */
	for (i = 0; i < r->payload_len; i++)
		sum ^= r->payload[i];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ecat_diag	*d;
	struct ecat_catalog	*cat;
	char			 path[64];
	FILE			*f;

	snprintf(path, sizeof(path), "/tmp/fuzz_etl.%ld.etl", (long)getpid());
	if ((f = fopen(path, "wb")) == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	d = fuzz_diag();
	cat = ecat_catalog_new(d);
	ecat_samples_read(cat, ecat_build_get(cat, "fuzz"), path, 0, S_each,
	    NULL, NULL);
	ecat_catalog_free(cat);
	ecat_diag_free(d);
	unlink(path);
	return 0;
}
