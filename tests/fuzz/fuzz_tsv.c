/* fuzz_tsv.c: the jdu2600 TSV format (manifest and mof headers). */
#include "fuzz.h"
#include "load.h"

static void
S_load(struct ecat_catalog *cat, struct ecat_build *b, const char *buf,
    size_t len)
{
	ecat_load_tsv_mem(cat, b, "fuzz.tsv", buf, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_run(data, size, S_load);
	return 0;
}
