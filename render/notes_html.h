/*
 * notes_html.h: maintainer notes (catalog/notes.h) rendered to the
 * site's HTML (internal).
 *
 * The model keeps a note's Markdown as written; this is the one place
 * that turns it into HTML, with cmark in its safe mode: raw HTML is
 * dropped and javascript:, vbscript:, file: and data: links are
 * removed (cmark(3), CMARK_OPT_SAFE, the default since cmark 0.29),
 * an image whose address is not a relative path becomes a link to it
 * (notes_html.c), so that nothing loads from elsewhere, and headings
 * are moved two levels down so that a note's "# Title" sits under the
 * page's own h1 and h2.  The site renders each note
 * once, before its worker threads start (render/site/site.c).
 */
#ifndef ECAT_NOTES_HTML_H
#define ECAT_NOTES_HTML_H

#include <stddef.h>

/* Markdown (len bytes) to the site's HTML; the caller frees it. */
char	*ecat_notes_html(const char *md, size_t len);

#endif /* !ECAT_NOTES_HTML_H */
