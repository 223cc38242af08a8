/*
 * dreport.c: the table of drift report formats (etwcat.1, SCHEMA
 * DRIFT), the entry point that picks one, and what the formats share.
 * Each format is in its own file (render/dreport_text.c, _markdown.c,
 * _json.c, _sarif.c) and prints the findings validator/drift.c put in
 * the model; findings a baseline accepted are left out unless `all'.
 */
#include <stdio.h>
#include <string.h>

#include "dformat.h"

/*
 * The formats, in the order usage and etwcat.1 list them (the first
 * is the default).  To add one: write render/dreport_NAME.c defining
 * a const struct ecat_dformat ecat_dformat_NAME (see dformat.h and an
 * existing format), declare it and list it here, add the file to
 * meson.build, and describe it in etwcat.1 (SYNOPSIS, SCHEMA DRIFT);
 * the usage text is built from this table.
 */
extern const struct ecat_dformat ecat_dformat_text;
extern const struct ecat_dformat ecat_dformat_markdown;
extern const struct ecat_dformat ecat_dformat_json;
extern const struct ecat_dformat ecat_dformat_sarif;

static const struct ecat_dformat *const formats[] = {
	&ecat_dformat_text,
	&ecat_dformat_markdown,
	&ecat_dformat_json,
	&ecat_dformat_sarif,
};

#define NFORMATS	(sizeof(formats) / sizeof(formats[0]))

const char *
ecat_drift_format_name(size_t i)
{
	return i < NFORMATS ? formats[i]->name : NULL;
}

int
ecat_drift_report(const struct ecat_catalog *cat, FILE *f,
    const char *format, int all)
{
	return ecat_drift_report_max(cat, f, format, all, 0);
}

int
ecat_drift_report_max(const struct ecat_catalog *cat, FILE *f,
    const char *format, int all, size_t max)
{
	size_t	 i;

	for (i = 0; i < NFORMATS; i++)
		if (strcmp(format, formats[i]->name) == 0) {
			if (max > 0 && formats[i]->render_max != NULL)
				formats[i]->render_max(cat, f, all, max);
			else
				formats[i]->render(cat, f, all);
			return 0;
		}
	return -1;
}

int
dreport_show(const struct ecat_drift *d, int all)
{
	return all || !d->accepted;
}

void
dreport_counts(const struct ecat_catalog *cat, int all, size_t *by)
{
	size_t	 i;

	memset(by, 0, sizeof(size_t) * ECAT_D__MAX);
	for (i = 0; i < cat->ndrift; i++)
		if (dreport_show(&cat->drift[i], all))
			by[cat->drift[i].cls]++;
}
