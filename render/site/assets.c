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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etwcat.h"
#include "embedded.h"
#include "html.h"
#include "inputs.h"
#include "io.h"
#include "site_int.h"

/*
 * An asset that cannot be read: io-read, from a worker thread.  No
 * other thread reports anything while the workers run, and the lock
 * keeps it so should another job ever report too.
 */
static void
S_unreadable(struct site *s, const char *path, const char *why)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };

	loc.file = path;
	pthread_mutex_lock(&s->lock);
	ecat_msg(s->cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s", why);
	pthread_mutex_unlock(&s->lock);
}

/*
 * Read an asset (fd, st.st_size bytes) into buf.  Returns the bytes
 * read, or -1 with errno.
 */
static ssize_t
S_readall(int fd, char *buf, size_t size)
{
	size_t	 len = 0;
	ssize_t	 n;

	while (len < size) {
		if ((n = read(fd, buf + len, size - len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	return (ssize_t)len;
}

/*
 * Copy templates/assets/ (flat; safe names only) to assets/: the
 * embedded ones, or those of the templates folder given.  Each is
 * opened as every input is (ecat_open_regular): a FIFO, a device or a
 * socket there is refused with io-read, not waited on, and the site is
 * written without it; a folder is not copied (assets/ is flat).
 */
void
site_job_assets(struct worker *w)
{
	struct site	*s = w->s;
	const struct ecat_embedded *e;
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		 path[PATH_MAX], rel[PATH_MAX], why[128], *buf;
	ssize_t		 n;
	int		 fd;

	if (s->tpldir == NULL) {
		for (e = ecat_embedded_files; e->name != NULL; e++)
			if (strncmp(e->name, "assets/", 7) == 0)
				site_emit(w, e->name, e->data, e->len);
		return;
	}
	snprintf(path, sizeof(path), "%s/assets", s->tpldir);
	if ((d = opendir(path)) == NULL) {
		ecat_inputs_probe(path);	/* the run record's */
		return;
	}
	ecat_inputs_dirfd(path, dirfd(d));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !ecat_is_safe_name(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/assets/%s", s->tpldir,
		    de->d_name);
		if ((fd = ecat_open_regular(path, &st, why,
		    sizeof(why))) == -1) {
			if (errno != 0 || !S_ISDIR(st.st_mode))
				S_unreadable(s, path, why);
			continue;
		}
		if (st.st_size > 64 * 1024 * 1024) {
			close(fd);
			continue;
		}
		buf = ecat_malloc((size_t)st.st_size + 1);
		if ((n = S_readall(fd, buf, (size_t)st.st_size)) == -1) {
			S_unreadable(s, path, strerror(errno));
			close(fd);
			free(buf);
			continue;
		}
		close(fd);
		snprintf(rel, sizeof(rel), "assets/%s", de->d_name);
		site_emit(w, rel, buf, (size_t)n);
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
