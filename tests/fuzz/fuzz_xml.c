/* fuzz_xml.c: instrumentation manifests and WEPExplorer dumps. */
#include "fuzz.h"
#include "load.h"

static void
S_load(struct ecat_catalog *cat, struct ecat_build *b, const char *buf,
    size_t len)
{
	ecat_load_xml_mem(cat, b, "fuzz.xml", buf, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_run(data, size, S_load);
	return 0;
}
