/* render/site.c: stub, being written */
#include "load.h"
int ecat_site_build(struct ecat_catalog *c, const char *d);
int ecat_site_build(struct ecat_catalog *c, const char *d) { (void)c; (void)d; return 0; }
