/*
 * vreport.h: the reports of etwcat validate (etwcat.1, SAMPLE
 * VALIDATION) as the command line sees them (internal).
 *
 * A report is the diagnostics sink of the whole run, so loading and
 * lint problems are reported with the sample checks, in the order they
 * happen.  Each format lives in its own file (render/vreport_*.c)
 * behind one table (render/vreport.c); the command line names a format
 * and lists the names for its usage text, and knows nothing else of
 * them.
 */
#ifndef ECAT_VREPORT_H
#define ECAT_VREPORT_H

#include <stddef.h>
#include <stdio.h>

#include "validate.h"

struct ecat_vformat;
struct ecat_vreport;

/* The format named s ("text", "json", "sarif", "junit"), or NULL. */
const struct ecat_vformat *ecat_vformat_find(const char *s);
/* The name of the i-th format, in table order; NULL past the last. */
const char *ecat_vformat_name(size_t i);
/*
 * Whether, without -o, the report goes to standard error: text is the
 * diagnostics' own form and goes where diagnostics always go; the
 * others are documents for a tool and go to standard output.
 */
int	 ecat_vformat_tostderr(const struct ecat_vformat *);

/*
 * A report writing to f, installed as diag's sink: every diagnostic
 * from now on (loading, lint, samples) goes into it.  threshold is
 * -W: JUnit marks a test case failed at or above it.  quiet leaves
 * the text summary out.  Free with ecat_vreport_free().
 */
struct ecat_vreport *ecat_vreport_new(struct ecat_diag *, FILE *f,
	    const struct ecat_vformat *, enum ecat_sev threshold, int quiet);
/* Hook the report into a run (file_begin, file_done). */
void	 ecat_vreport_hook(struct ecat_vreport *, struct ecat_vrun *);
/*
 * Close the report: the summary (text, JSON), the document's end.
 * Returns 0, or -1 when writing failed.
 */
int	 ecat_vreport_finish(struct ecat_vreport *, const struct ecat_catalog *,
	    const struct ecat_vrun *);
/* Restores diag's default sink. */
void	 ecat_vreport_free(struct ecat_vreport *);

#endif /* !ECAT_VREPORT_H */
