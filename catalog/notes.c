/*
 * notes.c: load maintainer notes as Markdown (see notes.h for the
 * layout; render/notes_html.c renders them), and hand each
 * fields.yaml to fieldnotes.c.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fieldnotes.h"
#include "io.h"
#include "load.h"
#include "notes.h"
#include "safename.h"
#include "walk.h"

/* Largest note read, far above any prose a page should carry. */
#define NOTE_MAX	(1024 * 1024)

static int
S_notecmp(const void *a, const void *b)
{
	const struct ecat_note	*x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

const struct ecat_note *
ecat_note_find(const struct ecat_provider *p, uint32_t id)
{
	struct ecat_note	 key;

	if (p->nnotes == 0)
		return NULL;
	key.id = id;
	return bsearch(&key, p->notes, p->nnotes, sizeof(key), S_notecmp);
}

/* The provider a notes folder names: its name or its safe form. */
static struct ecat_provider *
S_provider(const struct ecat_catalog *cat, const char *dirname)
{
	struct ecat_provider	*p;
	char			 safe[ECAT_SAFE_MAX + 1];
	uint32_t		 i;

	if ((p = ecat_provider_find(cat, dirname)) != NULL)
		return p;
	for (i = 0; i < cat->nproviders; i++) {
		ecat_safe_name(safe, cat->providers[i]->name);
		if (strcmp(safe, dirname) == 0)
			return cat->providers[i];
	}
	return NULL;
}

/* An event id file name: digits, ".md".  Returns the id or -1. */
static long
S_idname(const char *s)
{
	char	*end;
	long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || v > 65535 || strcmp(end, ".md") != 0)
		return -1;
	return v;
}

static int
S_has_id(const struct ecat_provider *p, uint32_t id)
{
	uint32_t	 i;

	for (i = 0; i < p->nkeys; i++)
		if (p->keys[i]->id == id)
			return 1;
	return 0;
}

/*
 * Read one note into the catalog: its Markdown, *lenp bytes; NULL
 * after a diagnostic.
 */
static const char *
S_read(struct ecat_catalog *cat, const char *path, size_t *lenp)
{
	const char	*r;
	char		*md;
	size_t		 len;

	if ((md = ecat_slurp_max(cat, path, NOTE_MAX, &len)) == NULL)
		return NULL;
	r = ecat_strn(cat, md, len);
	*lenp = len;
	free(md);
	return r;
}

static int
S_load_dir(struct ecat_catalog *cat, struct ecat_provider *p,
    const char *dir)
{
	struct ecat_loc		 loc = { NULL, 0, 0 };
	struct ecat_note	*notes, *nn;
	struct ecat_dirlist	 l;
	const char		*md;
	char			**names, *path;
	size_t			 n, i, k = 0, len;
	long			 id;
	int			 rc = 0;

	if (ecat_dir_list(dir, 0, &l) == -1)
		return 0;
	names = l.names;
	n = l.n;
	notes = ECAT_NEWARRAY(cat, struct ecat_note, p->nnotes + n + 1);
	if (p->nnotes > 0)
		memcpy(notes, p->notes, p->nnotes * sizeof(*notes));
	k = p->nnotes;
	for (i = 0; i < n; i++) {
		path = ecat_asprintf("%s/%s", dir, names[i]);
		loc.file = ecat_file(cat, path);
		/* A link leaving the source is not read (walk.c); a FIFO
		   or device is refused by the read (io.c). */
		if (ecat_entry(cat, path) != ECAT_ENT_FILE) {
			free(path);
			continue;
		}
		/* What the fields hold: fieldnotes.c. */
		if (strcmp(names[i], "fields.yaml") == 0) {
			if (ecat_fnotes_load(cat, p, path) == -1)
				rc = -1;
			free(path);
			continue;
		}
		id = S_idname(names[i]);
		if (strcmp(names[i], "index.md") != 0 &&
		    (id < 0 || !S_has_id(p, (uint32_t)id))) {
			ecat_msg(cat->diag, ECAT_MSG_NOTE_UNMATCHED, &loc,
			    id < 0 ? "%s: not index.md, fields.yaml or "
			    "<event id>.md" :
			    "%s: %s has no such event", names[i], p->name);
			free(path);
			continue;
		}
		if ((md = S_read(cat, path, &len)) == NULL) {
			rc = -1;
			free(path);
			continue;
		}
		if (id < 0) {
			p->note_md = md;
			p->note_mdlen = len;
			free(path);
			continue;
		}
		/* A later root's note replaces an earlier one. */
		for (nn = notes; nn < notes + k && nn->id != (uint32_t)id;
		    nn++)
			continue;
		if (nn == notes + k)
			k++;
		nn->id = (uint32_t)id;
		nn->md = md;
		nn->mdlen = len;
		nn->loc = loc;
		free(path);
	}
	qsort(notes, k, sizeof(*notes), S_notecmp);
	p->notes = notes;
	p->nnotes = (uint32_t)k;
	ecat_dir_list_free(&l);
	return rc;
}

int
ecat_notes_load(struct ecat_catalog *cat)
{
	struct ecat_loc		 loc = { NULL, 0, 0 };
	struct ecat_provider	*p;
	struct ecat_dirlist	 l;
	char			*root, *dir;
	size_t			 i;
	uint32_t		 r;
	int			 rc = 0;

	for (r = 0; r < cat->nroots; r++) {
		root = ecat_asprintf("%s/notes", cat->roots[r]);
		if (ecat_entry(cat, root) != ECAT_ENT_DIR ||
		    ecat_dir_list(root, 0, &l) == -1) {
			free(root);
			continue;
		}
		for (i = 0; i < l.n; i++) {
			dir = ecat_asprintf("%s/%s", root, l.names[i]);
			if (ecat_entry(cat, dir) != ECAT_ENT_DIR) {
				free(dir);
				continue;	/* README.md and the like */
			}
			if ((p = S_provider(cat, l.names[i])) == NULL) {
				loc.file = ecat_file(cat, dir);
				ecat_msg(cat->diag, ECAT_MSG_NOTE_UNMATCHED,
				    &loc, "no provider named %s", l.names[i]);
			} else if (S_load_dir(cat, p, dir) == -1)
				rc = -1;
			free(dir);
		}
		ecat_dir_list_free(&l);
		free(root);
	}
	/* Once every folder's field notes are in: what they name. */
	for (i = 0; i < cat->nproviders; i++)
		if (cat->providers[i]->nfnotes > 0)
			ecat_fnotes_check(cat, cat->providers[i]);
	return rc;
}
