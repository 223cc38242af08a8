/*
 * fuzz_evtx.c: the EVTX sample reader (catalog/evtx.c, binxml.c) on
 * one input: a whole .evtx file when the input begins with "ElfFile",
 * else one chunk (up to 64 KiB, zero-padded) behind a valid file
 * header, so that a chunk cut from a real file (tests/fuzz/run.sh cuts
 * them from ../shared/captures/evtx; libFuzzer's inputs stay under 64
 * KiB) reaches the binary XML decoder.  Every record is rendered as
 * JSON (ecat_sample_json), as the validator does for examples.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "etwcat.h"
#include "fuzz.h"
#include "model.h"
#include "model_build.h"
#include "sample.h"

static void
S_each(const struct ecat_sample *r, void *arg)
{
	char	*s;

	(void)arg;
	if ((s = ecat_sample_json(r)) != NULL)
		free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ecat_diag	*d;
	struct ecat_catalog	*cat;
	uint8_t			 hdr[4096];
	uint8_t			*chunk;
	char			 path[64];
	uint32_t		 crc;
	FILE			*f;

	snprintf(path, sizeof(path), "/tmp/fuzz_evtx.%ld.evtx",
	    (long)getpid());
	if ((f = fopen(path, "wb")) == NULL)
		return 0;
	if (size >= 8 && memcmp(data, "ElfFile", 8) == 0)
		fwrite(data, 1, size, f);
	else {
		memset(hdr, 0, sizeof(hdr));
		memcpy(hdr, "ElfFile", 8);
		hdr[32] = 128;		/* header size */
		hdr[36] = 1;		/* version 3.1 */
		hdr[38] = 3;
		hdr[41] = 0x10;		/* block size 4096 */
		hdr[42] = 1;		/* one chunk */
		crc = (uint32_t)crc32(0, hdr, 120);
		memcpy(hdr + 124, &crc, 4);
		if ((chunk = calloc(1, 65536)) == NULL)
			abort();
		memcpy(chunk, data, size < 65536 ? size : 65536);
		fwrite(hdr, 1, sizeof(hdr), f);
		fwrite(chunk, 1, 65536, f);
		free(chunk);
	}
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
