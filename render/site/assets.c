/*
 * assets.c: where the templates come from when --templates is not
 * given ($ETWCAT_TEMPLATES, else the set compiled in: embedded.h), and
 * the copy of their assets/ folder into the site.  Alone in a file as
 * both belong to how templates reach the binary, which may change
 * apart from the pages.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etwcat.h"
#include "embedded.h"
#include "html.h"
#include "site_int.h"

/*
 * Copy templates/assets/ (flat; safe names only) to assets/: the
 * embedded ones, or those of the templates folder given.
 */
void
site_job_assets(struct worker *w)
{
	struct site	*s = w->s;
	const struct ecat_embedded *e;
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		 path[PATH_MAX], rel[PATH_MAX], *buf;
	FILE		*f;
	size_t		 n;

	if (s->tpldir == NULL) {
		for (e = ecat_embedded_files; e->name != NULL; e++)
			if (strncmp(e->name, "assets/", 7) == 0)
				site_emit(w, e->name, e->data, e->len);
		return;
	}
	snprintf(path, sizeof(path), "%s/assets", s->tpldir);
	if ((d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !ecat_is_safe_name(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/assets/%s", s->tpldir,
		    de->d_name);
		if (stat(path, &st) == -1 || !S_ISREG(st.st_mode) ||
		    st.st_size > 64 * 1024 * 1024)
			continue;
		if ((f = fopen(path, "r")) == NULL) {
			site_fail(s, path, errno);
			continue;
		}
		buf = ecat_malloc((size_t)st.st_size + 1);
		n = fread(buf, 1, (size_t)st.st_size, f);
		fclose(f);
		snprintf(rel, sizeof(rel), "assets/%s", de->d_name);
		site_emit(w, rel, buf, n);
		free(buf);
	}
	closedir(d);
}

char *
ecat_site_templates_dir(void)
{
	const char	*env;

	if ((env = getenv("ETWCAT_TEMPLATES")) != NULL && env[0] != '\0')
		return ecat_strdup(env);
	return NULL;
}
