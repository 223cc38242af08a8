/*
 * notes.h: maintainer notes (internal).
 *
 * A note is Markdown written by the catalog's maintainers about what
 * no schema says.  It lives in a source folder as
 *
 *   SRC/notes/<Provider>/index.md   about the provider
 *   SRC/notes/<Provider>/<id>.md    about event <id>, every version
 *
 * where <Provider> is the provider's name, or its safe form (the site's
 * unsafe-name rule, etwcat.1 SITE) for names a folder cannot hold.
 * Notes are rendered once, at load, with cmark in its safe mode: raw
 * HTML is dropped and javascript:, vbscript:, file: and data: links are
 * removed (cmark(3), CMARK_OPT_SAFE, the default since cmark 0.29), and
 * headings are moved two levels down so that a note's "# Title" sits
 * under the page's own h1 and h2.
 */
#ifndef ECAT_NOTES_H
#define ECAT_NOTES_H

#include "model.h"

/*
 * Load the notes of every source root of the catalog (cat->roots) into
 * its providers (note_html, notes[]).  Call after ecat_catalog_finish().
 * A note that names no provider or event is a note-unmatched warning.
 * Returns 0, or -1 when a note could not be read (io-read).
 */
int	 ecat_notes_load(struct ecat_catalog *);

/*
 * Markdown to the site's HTML, as notes are rendered; the caller frees
 * the result.  Exposed for the tests.
 */
char	*ecat_notes_html(const char *md, size_t len);

/* The note about event id of p, or NULL. */
const struct ecat_note *ecat_note_find(const struct ecat_provider *,
	    uint32_t id);

#endif /* !ECAT_NOTES_H */
