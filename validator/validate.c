/* validator/validate.c: being written. */
#include "model.h"
