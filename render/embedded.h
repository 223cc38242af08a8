/*
 * embedded.h: the default templates and assets, compiled in (internal).
 *
 * render/embed.py turns templates/ into a C table at build time
 * (meson.build), so that `etwcat build` needs no templates folder at
 * run time: it renders the same site from any working directory and
 * after `meson install`.  A folder named by --templates or
 * $ETWCAT_TEMPLATES replaces the whole set (etwcat.1, SITE).  This is
 * a file of its own because the table is generated: the site and the
 * template engine only look names up in it.
 */
#ifndef ECAT_EMBEDDED_H
#define ECAT_EMBEDDED_H

#include <stddef.h>

struct ecat_embedded {
	const char	*name;	/* under templates/: "event.html", "assets/style.css" */
	const char	*data;	/* len bytes, then a NUL not counted */
	size_t		 len;
};

/* Every embedded file, in name order; a NULL name ends the table. */
extern const struct ecat_embedded ecat_embedded_files[];

/*
 * How messages name the embedded templates: "<built-in>/event.html",
 * after the compilers' name for what they define themselves.
 */
#define ECAT_EMBEDDED_DIR	"<built-in>"

/* The embedded file name ("head.html"), or NULL. */
const struct ecat_embedded *ecat_embedded_find(const char *name);

/*
 * The text of name, with its length, for tpl_set_new_mem(): NULL when
 * there is no such file.
 */
const char	*ecat_embedded_text(const char *name, size_t *lenp);

#endif /* !ECAT_EMBEDDED_H */
