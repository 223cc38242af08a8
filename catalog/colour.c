/*
 * colour.c: colour on a terminal (etwcat.1, --color and ENVIRONMENT,
 * NO_COLOR).
 *
 * The severity words of diagnostics and of the text reports are
 * coloured when the stream they go to is standard output or standard
 * error and: --color=always, or --color=auto (the default) and that
 * stream is a terminal, NO_COLOR is unset or empty (no-color.org: any
 * non-empty value turns colour off) and TERM is not "dumb".  Whether
 * each of the two streams is coloured is decided once, when the mode
 * is set, before any thread writes: a diagnostic then costs no
 * isatty(3) call and site workers only read the answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "colour.h"
#include "etwcat.h"

/* Whether stdout (0) and stderr (1) are coloured: none until set. */
static int	 on[2];

static int
S_auto(int fd)
{
	const char	*e;

	if ((e = getenv("NO_COLOR")) != NULL && *e != '\0')
		return 0;
	if ((e = getenv("TERM")) != NULL && strcmp(e, "dumb") == 0)
		return 0;
	return isatty(fd);
}

void
ecat_set_colour(enum ecat_colour when)
{
	on[0] = when == ECAT_COLOUR_ALWAYS ||
	    (when == ECAT_COLOUR_AUTO && S_auto(STDOUT_FILENO));
	on[1] = when == ECAT_COLOUR_ALWAYS ||
	    (when == ECAT_COLOUR_AUTO && S_auto(STDERR_FILENO));
}

int
ecat_colour_on(FILE *f)
{
	return (f == stdout && on[0]) || (f == stderr && on[1]);
}

void
ecat_colour_sev(FILE *f, const char *word, const char **start,
    const char **end)
{
	*start = *end = "";
	if (!ecat_colour_on(f))
		return;
	if (strcmp(word, "error") == 0 || strcmp(word, "breaking") == 0)
		*start = "\033[1;31m";
	else if (strcmp(word, "warning") == 0)
		*start = "\033[1;35m";
	else if (strcmp(word, "note") == 0)
		*start = "\033[1;36m";
	else
		return;
	*end = "\033[m";
}
