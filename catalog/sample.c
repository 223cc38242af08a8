/* catalog/sample.c: stub, being written */
#include "load.h"
int ecat_load_samples_file(struct ecat_catalog *c, struct ecat_build *b, const char *p) { (void)c; (void)b; (void)p; return 0; }
