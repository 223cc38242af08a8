/* catalog/notes.c: maintainer notes loader, being written. */
#include "model.h"
