/*
 * embedded.c: looking names up in the embedded templates and assets
 * (see embedded.h).  The table itself is generated into the build
 * folder (render/embed.py); this file holds the code that reads it, so
 * that the generator writes data only.
 */
#include <string.h>

#include "embedded.h"

const struct ecat_embedded *
ecat_embedded_find(const char *name)
{
	const struct ecat_embedded	*e;

	for (e = ecat_embedded_files; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

const char *
ecat_embedded_text(const char *name, size_t *lenp)
{
	const struct ecat_embedded	*e;

	if ((e = ecat_embedded_find(name)) == NULL)
		return NULL;
	*lenp = e->len;
	return e->data;
}
