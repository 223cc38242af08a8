/*
 * colour.h: whether text written to standard output or standard error
 * is coloured, and the colour of each severity word (etwcat.1,
 * ENVIRONMENT, NO_COLOR; the --color option).
 *
 * The command line sets the mode once, before any output, with
 * ecat_set_colour() (etwcat.h); the library alone colours nothing.  A
 * stream other than stdout and stderr (a -o FILE, the run record's
 * memory stream) is never coloured, whatever the mode.
 */
#ifndef ECAT_COLOUR_H
#define ECAT_COLOUR_H

#include <stdio.h>

/*
 * The SGR sequences that start and end a severity word on f: "" and ""
 * when f is not coloured or the word has no colour.  Words: error,
 * breaking (red), warning (magenta), note (cyan), bold as GCC prints
 * them, so a log reads the same whichever tool wrote it.
 */
void	 ecat_colour_sev(FILE *f, const char *word, const char **start,
	    const char **end);
/* Whether f is coloured. */
int	 ecat_colour_on(FILE *f);

#endif /* !ECAT_COLOUR_H */
