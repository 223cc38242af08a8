/* render/html.c: being written. */
#include "model.h"
