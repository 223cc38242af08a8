/* render/export_json.c: stub, being written */
#include "load.h"
int ecat_export_json(const struct ecat_catalog *c, FILE *f) { (void)c; (void)f; return 0; }
