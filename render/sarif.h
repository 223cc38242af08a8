/*
 * sarif.h: the SARIF 2.1.0 skeleton both SARIF reports write (internal;
 * render/vreport_sarif.c for etwcat validate, render/dreport_sarif.c
 * for etwcat drift).
 *
 * A SARIF log is one object holding one run; the run holds the tool
 * (driver name, version, rules) and the results.  These calls write
 * those pieces through a jsonw, in whatever order the caller needs:
 * member order in a JSON object carries no meaning (SARIF 2.1.0 §3.1),
 * and the validate report writes its results before its tool so that
 * it can stream them.  Each open call leaves the writer inside the
 * object or array it names; the matching close call leaves it.
 */
#ifndef ECAT_SARIF_H
#define ECAT_SARIF_H

#include <stdint.h>

#include "jsonw.h"

/* SARIF's result.level values that etwcat uses. */
enum sarif_level {
	SARIF_NOTE = 0,
	SARIF_WARNING,
	SARIF_ERROR
};

const char	*sarif_level_name(enum sarif_level);

/* The log, its "runs" array and the one run object. */
void	 sarif_open(struct jsonw *);
void	 sarif_close(struct jsonw *);

/*
 * The run's "tool": driver name and version (and semanticVersion when
 * semver is set), then the open "rules" array.
 */
void	 sarif_tool_open(struct jsonw *, int semver);
/* One rule: help repeats full, as GitHub code scanning shows help. */
void	 sarif_rule(struct jsonw *, const char *id, const char *brief,
	    const char *full, enum sarif_level);
void	 sarif_tool_close(struct jsonw *);

/*
 * One result object, left open for the caller's own members: rule id
 * and index, level, message, and the location when file is not NULL
 * (line 0 is the whole file, written as line 1; col 0 writes no
 * column).
 */
void	 sarif_result_open(struct jsonw *, const char *rule, int64_t index,
	    enum sarif_level, const char *text, const char *file,
	    uint32_t line, uint32_t col);
void	 sarif_result_close(struct jsonw *);

#endif /* !ECAT_SARIF_H */
