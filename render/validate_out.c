/* render/validate_out.c: being written. */
#include "model.h"
