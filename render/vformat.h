/*
 * vformat.h: what a validate report format implements, and what the
 * formats share (internal to render/vreport*.c).
 *
 * The reports of etwcat validate (etwcat.1, SAMPLE VALIDATION): a
 * report is the diagnostics sink of the whole run, so loading and lint
 * problems are reported with the sample checks, in the order they
 * happen.  Each format lives in its own file (render/vreport_*.c)
 * behind one table (render/vreport.c); the command line names a format
 * and lists the names for its usage text through the entry points in
 * etwcat.h (ecat_vformat_*, ecat_vreport_*), and knows nothing else of
 * them.
 *
 * A format is one struct ecat_vformat of functions, after lowdown's
 * per-format new/render/free triads, adapted to a report that streams:
 * new opens the document, diag writes one diagnostic as it is emitted,
 * finish writes the summary and closes the document, free releases
 * the format's state.  Formats that must see sample file boundaries
 * (JUnit: one test case per file) also set file_begin and file_done.
 */
#ifndef ECAT_VFORMAT_H
#define ECAT_VFORMAT_H

#include <stdint.h>
#include <stdio.h>

#include "jsonw.h"
#include "model.h"
#include "validate.h"

/* A report: what every format reads, and the format's own state. */
struct ecat_vreport {
	struct ecat_diag		*diag;
	FILE				*f;
	const struct ecat_vformat	*fmt;
	enum ecat_sev			 threshold;
	int				 quiet;
	struct jsonw			 w;	/* on f, pretty */
	uint64_t			 nshown;
	void				*p;	/* what fmt->new returned */
	/* The run's SOURCE arguments (ecat_vreport_sources; the JSON
	   report records them for etwcat merge), not owned. */
	char *const			*sources;
	int				 nsources;
};

struct ecat_vformat {
	const char	*name;		/* as --format takes it */
	int		 tostderr;	/* ecat_vformat_tostderr() */
	/* Open the document; returns the format's state, or NULL. */
	void		*(*new)(struct ecat_vreport *);
	/* One diagnostic, in the order they are emitted. */
	void		 (*diag)(struct ecat_vreport *,
			    const struct ecat_diagrec *);
	/* Around each sample file; both NULL if the format needs neither. */
	void		 (*file_begin)(struct ecat_vreport *,
			    const struct ecat_vfile *);
	void		 (*file_done)(struct ecat_vreport *,
			    const struct ecat_vfile *);
	/* The summary and the document's end. */
	void		 (*finish)(struct ecat_vreport *,
			    const struct ecat_catalog *,
			    const struct ecat_vrun *);
	/* Release the state new returned; NULL if there is none. */
	void		 (*free)(void *);
};

/*
 * A diagnostic's context (build, provider, event, version, field) as
 * members of the current object; eventkey names the event id member
 * (SARIF properties say "eventId", etwcat's JSON "event_id").
 */
void	 vreport_ctx(struct jsonw *, const struct ecat_msgctx *,
	    const char *eventkey);
/* Severity totals of every diagnostic emitted (shown or not). */
void	 vreport_sevcounts(const struct ecat_diag *, uint64_t *by);
/* The summary object (JSON report, SARIF run properties). */
void	 vreport_summary(struct ecat_vreport *, const struct ecat_catalog *,
	    const struct ecat_vrun *);

#endif /* !ECAT_VFORMAT_H */
