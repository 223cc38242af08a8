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

#include "alloc.h"
#include "jsonw.h"

/* SARIF's result.level values that etwcat uses. */
enum sarif_level {
	SARIF_NOTE = 0,
	SARIF_WARNING,
	SARIF_ERROR
};

const char	*sarif_level_name(enum sarif_level);

/*
 * The log, its "runs" array and the one run object, with the run's
 * automationDetails id "etwcat/CMD/": GitHub code scanning takes the
 * part before the last '/' as the upload's category, so the validate
 * and drift reports of one commit do not replace each other.
 */
void	 sarif_open(struct jsonw *, const char *cmd);
void	 sarif_close(struct jsonw *);

/*
 * The run's "tool": driver name, version (and semanticVersion when
 * semver is set) and informationUri, then the open "rules" array.
 */
void	 sarif_tool_open(struct jsonw *, int semver);
/*
 * One rule: help repeats full, as GitHub code scanning shows help;
 * helpUri is the rule's entry in the man page (SARIF_MANPAGE).
 */
void	 sarif_rule(struct jsonw *, const char *id, const char *brief,
	    const char *full, enum sarif_level);
void	 sarif_tool_close(struct jsonw *);

/*
 * The result cap (etwcat.1, --max-results): n[] results of each level
 * were produced; keep[] how many of each are written, the most severe
 * first (all errors before any warning, warnings before notes), and
 * within a level the first ones in report order.  Returns the number
 * left out.
 */
uint64_t sarif_cap(const uint64_t n[3], uint64_t keep[3]);
/* The run's properties members saying what the cap left out, if any. */
void	 sarif_cap_props(struct jsonw *, const uint64_t n[3],
	    const uint64_t keep[3]);
/* One line on standard error when the cap left results out. */
void	 sarif_cap_warn(const char *cmd, const uint64_t n[3],
	    const uint64_t keep[3]);

/*
 * One result object, left open for the caller's own members: rule id
 * and index, level, message (sarif_message()), and the location when
 * file is not NULL (sarif_location(); line 0 is the whole file,
 * written as line 1; col 0 writes no column).
 */
void	 sarif_result_open(struct jsonw *, const char *rule, int64_t index,
	    enum sarif_level, const char *text, const char *file,
	    uint32_t line, uint32_t col);
void	 sarif_result_close(struct jsonw *);
/* The partialFingerprints member of a result, from a hash of what
   identifies the finding (ecat_hash()). */
void	 sarif_fingerprint(struct jsonw *, uint64_t);

/*
 * Artifact locations (render/sarif_uri.c, etwcat.1 --srcroot): the
 * base ids, file's path relative to its base id (owned by the module,
 * valid until the next call) and the name of that base id.
 */
#define SARIF_SRCROOT	"%SRCROOT%"
#define SARIF_SOURCE	"SOURCE"
#define SARIF_ELSEWHERE	"ELSEWHERE"
const char	*sarif_relpath(const char *file, const char **base);
/* An "artifactLocation" member for file. */
void	 sarif_location(struct jsonw *, const char *file);
/* text with each SOURCE folder's path as given replaced by the way
   artifact URIs show it, appended to b. */
void	 sarif_message(struct ecat_buf *, const char *text);
/* The run's "originalUriBaseIds": %SRCROOT% and the others used. */
void	 sarif_base_ids(struct jsonw *);

#endif /* !ECAT_SARIF_H */
