/*
 * notes.h: maintainer notes (internal).
 *
 * A note is Markdown written by the catalog's maintainers about what
 * no schema says.  It lives in a source folder as
 *
 *   SRC/notes/<Provider>/index.md   about the provider
 *   SRC/notes/<Provider>/<id>.md    about event <id>, every version
 *   SRC/notes/<Provider>/fields.yaml  about its fields (fieldnotes.h)
 *
 * where <Provider> is the provider's name, or its safe form (the site's
 * unsafe-name rule, etwcat.1 SITE; catalog/safename.h) for names a
 * folder cannot hold.  ecat_notes_load() (etwcat.h) reads them into
 * the providers (note_md, notes[]) as Markdown, as written: the model
 * holds what the sources say, and turning Markdown into HTML is the
 * site's job (render/notes_html.h).
 */
#ifndef ECAT_NOTES_H
#define ECAT_NOTES_H

#include "model.h"

/* The note about event id of p, or NULL. */
const struct ecat_note *ecat_note_find(const struct ecat_provider *,
	    uint32_t id);

#endif /* !ECAT_NOTES_H */
