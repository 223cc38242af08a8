/* catalog/manifest.c: stub, being written */
#include "load.h"
int ecat_load_xml_file(struct ecat_catalog *c, struct ecat_build *b, const char *p) { (void)c; (void)b; (void)p; return 0; }
int ecat_load_xml_mem(struct ecat_catalog *c, struct ecat_build *b, const char *n, const char *buf, size_t len) { (void)c; (void)b; (void)n; (void)buf; (void)len; return 0; }
