/*
 * notes.c: load maintainer notes and render them with cmark
 * (see notes.h for the layout and the safety rules).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "html.h"
#include "io.h"
#include "load.h"
#include "notes.h"
#include "walk.h"

/* Largest note read, far above any prose a page should carry. */
#define NOTE_MAX	(1024 * 1024)

/*
 * cmark allocates through this, so that running out of memory inside
 * it is etwcat's "out of memory" and exit 3, not cmark's abort().
 */
static void *
S_cm_calloc(size_t n, size_t sz)
{
	return ecat_calloc(n, sz);
}

static void *
S_cm_realloc(void *p, size_t n)
{
	return ecat_realloc(p, n);
}

static cmark_mem cm_mem = { S_cm_calloc, S_cm_realloc, free };

char *
ecat_notes_html(const char *md, size_t len)
{
	cmark_node	*doc, *n;
	cmark_iter	*it;
	cmark_event_type ev;
	char		*html, *out;
	int		 lv;

	cmark_parser	*parser;

	parser = cmark_parser_new_with_mem(CMARK_OPT_SAFE, &cm_mem);
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type((n = cmark_iter_get_node(it))) ==
		    CMARK_NODE_HEADING) {
			/* The page has its h1 and the notes' h2. */
			lv = cmark_node_get_heading_level(n) + 2;
			cmark_node_set_heading_level(n, lv > 6 ? 6 : lv);
		}
	cmark_iter_free(it);
	/* Renders with the document's allocator (cm_mem). */
	html = cmark_render_html(doc, CMARK_OPT_SAFE);
	cmark_node_free(doc);
	/* cmark's memory comes from its own allocator: copy it out. */
	out = ecat_strdup(html);
	free(html);
	return out;
}

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
	char			 safe[HTML_SAFE_MAX + 1];
	uint32_t		 i;

	if ((p = ecat_provider_find(cat, dirname)) != NULL)
		return p;
	for (i = 0; i < cat->nproviders; i++) {
		html_safe_name(safe, cat->providers[i]->name);
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

/* Read and render one note; NULL after a diagnostic. */
static const char *
S_render(struct ecat_catalog *cat, const char *path)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	struct stat	 st;
	const char	*r;
	char		*md, *html;
	size_t		 len;

	if (stat(path, &st) == 0 && st.st_size > NOTE_MAX) {
		loc.file = ecat_file(cat, path);
		ecat_msg(cat->diag, ECAT_MSG_LIMIT, &loc,
		    "note of %jd bytes; the limit is %d", (intmax_t)st.st_size,
		    NOTE_MAX);
		return NULL;
	}
	if ((md = ecat_slurp(cat, path, &len)) == NULL)
		return NULL;
	html = ecat_notes_html(md, len);
	r = ecat_str(cat, html);
	free(html);
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
	const char		*html;
	char			**names, *path;
	size_t			 n, i, k = 0;
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
		id = S_idname(names[i]);
		if (strcmp(names[i], "index.md") != 0 &&
		    (id < 0 || !S_has_id(p, (uint32_t)id))) {
			ecat_msg(cat->diag, ECAT_MSG_NOTE_UNMATCHED, &loc,
			    id < 0 ? "%s: not index.md or <event id>.md" :
			    "%s: %s has no such event", names[i], p->name);
			free(path);
			continue;
		}
		if ((html = S_render(cat, path)) == NULL) {
			rc = -1;
			free(path);
			continue;
		}
		if (id < 0) {
			p->note_html = html;
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
		nn->html = html;
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
	return rc;
}
