/* catalog/sigma.c: Sigma rule loader (libyaml), being written. */
#include "model.h"
