/* render/template.c: being written. */
#include "model.h"
