/*
 * html.h: HTML escaping and the names the site uses in paths and
 * anchors (internal).
 *
 * Every byte a page shows from an input goes through html_esc(), which
 * escapes the five characters that can end an element, an attribute or
 * a character reference (HTML 5.3 §13.1.2.6 "Restrictions on the
 * contents of raw text and escapable raw text elements", and the OWASP
 * XSS cheat sheet's rule #1 for element content and quoted attributes).
 * Invalid UTF-8 is replaced by U+FFFD so a page always parses as UTF-8,
 * and C0 controls other than tab and newline are dropped (HTML does
 * not allow them as characters, §13.2.5.80 "control-character-in-input-
 * stream" parse error).  Bidirectional controls are shown by name
 * (html_bidi(), below).
 *
 * Path and anchor names follow one documented rule (etwcat.1, SITE,
 * "Unsafe names"), ecat_safe_name() in catalog/safename.h; this file
 * makes them unique.
 */
#ifndef ECAT_HTML_H
#define ECAT_HTML_H

#include <stddef.h>

#include "alloc.h"
#include "safename.h"

/* Append s (n bytes) HTML-escaped. */
void	 html_esc(struct ecat_buf *, const char *s, size_t n);
/* Same for a NUL-terminated string; NULL appends nothing. */
void	 html_escs(struct ecat_buf *, const char *s);

/*
 * Bidirectional formatting characters (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069) reorder the text around them: a name
 * "\u202Egnp.exe" reads "exe.png".  html_esc() shows each as the text
 * "[U+202E]" instead, in element content and attributes alike, so a
 * name reads as what it is.  html_bidi() gives the code point of such
 * a character at s (one UTF-8 sequence of k bytes), or 0;
 * html_bidi_visible() gives s with each one replaced so, malloc'd, or
 * NULL when s has none (the search index's strings).
 */
unsigned	 html_bidi(const char *s, size_t k);
char		*html_bidi_visible(const char *s);

/*
 * Assigns unique safe names to a list of names given in a stable order
 * (the catalog's): names that are safe as they are keep themselves
 * (so a provider's URL does not move when an unsafe name is added),
 * then every other name takes its ecat_safe_name() form, followed by
 * "~2", "~3"... when that form is taken, compared without case.
 * Returns an array of n malloc'd strings (free with html_names_free).
 */
char	**html_safe_unique(const char *const *names, size_t n);
void	 html_names_free(char **, size_t n);

#endif /* !ECAT_HTML_H */
