/* validator/rules.c: rule resolution and rule-* checks, being written. */
#include "model.h"
