/*
 * options.c: the options of ecat_site_build(), opaque to its callers
 * (etwcat.h), so that a new option is a new setter and no caller
 * changes; and ecat_site_build() itself, the public entry point over
 * ecat_site_build_stats() (site.c).
 */
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "site_int.h"

struct ecat_site_opts *
ecat_site_opts_new(void)
{
	return ecat_calloc(1, sizeof(struct ecat_site_opts));
}

void
ecat_site_opts_free(struct ecat_site_opts *o)
{
	if (o == NULL)
		return;
	free(o->dir);
	free(o->templates);
	free(o->base_url);
	free(o);
}

/* Replace *dst by a copy of s (NULL clears it). */
static void
S_set(char **dst, const char *s)
{
	free(*dst);
	*dst = s != NULL ? ecat_strdup(s) : NULL;
}

void
ecat_site_opts_set_dir(struct ecat_site_opts *o, const char *dir)
{
	S_set(&o->dir, dir);
}

void
ecat_site_opts_set_templates(struct ecat_site_opts *o, const char *dir)
{
	S_set(&o->templates, dir);
}

/* The URL is joined with "/" and a path: trailing '/' is dropped. */
void
ecat_site_opts_set_base_url(struct ecat_site_opts *o, const char *url)
{
	size_t	 n;

	S_set(&o->base_url, url);
	if (o->base_url == NULL)
		return;
	for (n = strlen(o->base_url); n > 0 && o->base_url[n - 1] == '/';
	    n--)
		o->base_url[n - 1] = '\0';
}

void
ecat_site_opts_set_jobs(struct ecat_site_opts *o, int jobs)
{
	o->jobs = jobs;
}

void
ecat_site_opts_set_progress(struct ecat_site_opts *o, int on)
{
	o->progress = on;
}

/* Render every page, whatever the previous build's input hashes. */
void
ecat_site_opts_set_rerun(struct ecat_site_opts *o, struct ecat_rerun *r)
{
	o->rerun = r;
}

void
ecat_site_opts_set_full(struct ecat_site_opts *o, int on)
{
	o->full = on;
}

void
ecat_site_opts_set_quiet(struct ecat_site_opts *o, int on)
{
	o->quiet = on;
}

int
ecat_site_build(struct ecat_catalog *cat, const struct ecat_site_opts *o)
{
	return ecat_site_build_stats(cat, o, NULL);
}
