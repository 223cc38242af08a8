/* catalog/msgfmt.c: stub, being written */
#include "load.h"
