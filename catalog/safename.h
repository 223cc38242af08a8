/*
 * safename.h: the safe form of a name, as one path component or
 * anchor (internal; etwcat.1, SITE, "Unsafe names").
 *
 * The rule is the site's (render/html.h makes the names of a page set
 * unique), but it lives in catalog/ because the notes loader matches a
 * notes folder against the providers' safe forms too
 * (catalog/notes.c), and catalog/ may not use render/.
 */
#ifndef ECAT_SAFENAME_H
#define ECAT_SAFENAME_H

#include <stddef.h>

/*
 * Longest safe name, in bytes, before a collision suffix: file system
 * components are limited to 255 bytes, and the suffix and ".html" must
 * still fit.
 */
#define ECAT_SAFE_MAX	200

/*
 * The safe form of a name, as one path component or anchor: every run
 * of bytes outside [A-Za-z0-9._-] becomes one '_', a leading '.' or
 * '-' becomes '_' (no hidden files, no "..", nothing a shell reads as
 * an option), the result is cut at ECAT_SAFE_MAX bytes and an empty
 * result is "_".  So "Active Directory: Kerberos Client" gives
 * "Active_Directory_Kerberos_Client" and "../<script>" gives
 * "_._script_".  Collisions (two names, one safe form, compared without
 * case so case-insensitive file systems keep them apart too) are the
 * caller's to resolve with html_safe_unique() (render/html.h).  Writes
 * into out, which holds ECAT_SAFE_MAX + 1 bytes; returns its length.
 */
size_t	 ecat_safe_name(char *out, const char *name);

/* Is name its own safe form?  Returns 1 or 0. */
int	 ecat_is_safe_name(const char *name);

#endif /* !ECAT_SAFENAME_H */
