/*
 * diag.h: diagnostics with stable ids (after mandoc's enum mandocerr).
 *
 * Every message etwcat can print has one entry in enum ecat_msg.  Marker
 * entries split the enum into severity ranges, so a message's severity
 * follows from its position; the text, the stable id string and the
 * long help live in one table in diag.c.  The id strings are part of
 * the interface (CI scripts grep for them): never rename one, only add.
 */
#ifndef ECAT_DIAG_H
#define ECAT_DIAG_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "etwcat.h"

enum ecat_msg {
	ECAT_MSG_NOTE = 0,		/* ===== start of notes ===== */
	ECAT_MSG_SRC_IGNORED,		/* file ignored: not a known source kind */
	ECAT_MSG_TSV_VERBATIM,		/* field list kept verbatim */
	ECAT_MSG_SAMPLE_NO_VERSION,	/* sample without version: counted as 0 */
	ECAT_MSG_SAMPLE_NONCANONICAL,	/* sample value accepted in a quirky form */
	ECAT_MSG_LINT_NAME_CASE,	/* name matched case-insensitively */
	ECAT_MSG_LINT_UNUSED_INSERT,	/* reserved */
	ECAT_MSG_LINT_BINARY_LENGTH_LOST, /* Binary, no length, TDH rebuild */
	ECAT_MSG_LINT_REBUILD_LEVEL,	/* win:Always in a TDH rebuild */
	ECAT_MSG_RULE_UNRESOLVED,	/* Sigma rule tied to no event */
	ECAT_MSG_RULE_FIELD_MISSING,	/* rule field in some builds/versions */
	ECAT_MSG_XML_DUMP_PROVIDER,	/* etwlib dump: provider from file name */
	ECAT_MSG_LINT_DUMP_LEVEL,	/* etwlib dump: level display name */
	ECAT_MSG_LINT_DUMP_TASK_MESSAGE, /* etwlib dump: made-up task message */
	ECAT_MSG_LINT_DUMP_TYPE,	/* etwlib dump: type it wrote wrongly */
	ECAT_MSG_SAMPLE_HEADER_REBUILD,	/* header a TDH-made schema lost */
	ECAT_MSG_SAMPLE_ETL_RECORDS,	/* .etl: records not checked, build */
	ECAT_MSG_SAMPLE_PAYLOAD_PADDING, /* .etl payload: zero bytes at its end */

	ECAT_MSG_WARNING,		/* ===== start of warnings ===== */
	ECAT_MSG_XML_RECOVERED,		/* malformed XML recovered */
	ECAT_MSG_XML_NAMESPACE,		/* unexpected namespace */
	/*
	 * An XML file that is not a schema (the repnz corpus ships
	 * TraceEvent's .NET documentation files among its manifests):
	 * skipped with a warning, not an error in a schema.
	 */
	ECAT_MSG_XML_NOT_MANIFEST,	/* root element not a manifest */
	ECAT_MSG_SRC_DUP_PROVIDER,	/* provider defined twice in a build */
	ECAT_MSG_SAMPLE_UNKNOWN_PROVIDER, /* sample's provider: no schema */
	ECAT_MSG_SAMPLE_FIELD_ORDER,	/* sample fields out of template order */
	ECAT_MSG_SAMPLE_UNMAPPED,	/* value outside its valueMap/bitMap */
	ECAT_MSG_SAMPLE_HEADER,		/* level/task/opcode/keywords/channel */
	ECAT_MSG_SAMPLE_MESSAGE,	/* rendered message disagrees */
	ECAT_MSG_SAMPLE_MESSAGE_INSERT,	/* message insert beyond the template */
	ECAT_MSG_SAMPLE_TYPE_MISMATCH,	/* capture's binary type not the inType */
	ECAT_MSG_BUILD_NO_NUMBER,	/* build number unknown */
	ECAT_MSG_EXPORT_COLLISION,	/* two schemas, one TSV file */
	ECAT_MSG_LINT_UNKNOWN_INTYPE,	/* unknown inType */
	ECAT_MSG_LINT_BAD_OUTTYPE,	/* outType not valid for inType */
	ECAT_MSG_LINT_DUP_NAME,		/* duplicate field name in template */
	ECAT_MSG_LINT_FMT_SPEC,		/* format spec other than s */
	ECAT_MSG_LINT_INTYPE_PLACEHOLDER, /* inType a TraceEvent placeholder */
	ECAT_MSG_LINT_INSERT_DIGITS,	/* %100: insert 10 followed by "0" */
	ECAT_MSG_LINT_SOURCE_CONFLICT,	/* two sources of a build disagree */
	ECAT_MSG_LINT_TRANSCRIPTION,	/* transcription vs a machine source */
	ECAT_MSG_NOTE_UNMATCHED,	/* note names no provider/event */
	ECAT_MSG_NOTE_UNKNOWN_FIELD,	/* field note: field in no version */
	ECAT_MSG_RULE_UNKNOWN_FIELD,	/* Sigma rule field in no version */
	ECAT_MSG_RULE_UNKNOWN_EVENT,	/* Sigma rule EventID never existed */
	ECAT_MSG_SRC_SYMLINK,		/* link leaves its source, or dangles */
	ECAT_MSG_SRC_LOOP,		/* folder reached twice: not again */
	ECAT_MSG_SAMPLE_PAYLOAD_TRAILING, /* .etl payload: bytes after the fields */

	ECAT_MSG_ERROR,			/* ===== start of errors ===== */
	ECAT_MSG_XML_MALFORMED,		/* XML not well-formed */
	ECAT_MSG_XML_DTD,		/* DTD or entity declaration refused */
	ECAT_MSG_XML_MISSING_ATTR,	/* required attribute missing */
	ECAT_MSG_XML_BAD_VALUE,		/* attribute value invalid */
	ECAT_MSG_TSV_HEADER,		/* bad TSV header */
	ECAT_MSG_TSV_ROW,		/* bad TSV row */
	ECAT_MSG_BUILD_JSON,		/* build.json invalid */
	ECAT_MSG_SAMPLE_MALFORMED,	/* sample line not JSON or not an event */
	ECAT_MSG_SAMPLE_EVTX_DAMAGED,	/* .evtx header, chunk or record damaged */
	ECAT_MSG_SAMPLE_DUP_KEY,	/* sample object gives a key twice */
	ECAT_MSG_SAMPLE_UNKNOWN_EVENT,	/* event id not in the build */
	ECAT_MSG_SAMPLE_UNKNOWN_VERSION, /* id known, version not */
	ECAT_MSG_SAMPLE_MISSING_FIELD,	/* template field absent */
	ECAT_MSG_SAMPLE_UNEXPECTED_FIELD, /* sample field not in template */
	ECAT_MSG_SAMPLE_BAD_VALUE,	/* value does not parse as its type */
	ECAT_MSG_SAMPLE_OUT_OF_RANGE,	/* parses, does not fit the width */
	ECAT_MSG_SAMPLE_BAD_LENGTH,	/* size disagrees with length */
	ECAT_MSG_SAMPLE_BAD_COUNT,	/* element count disagrees with count */
	ECAT_MSG_LINT_DANGLING_TEMPLATE,
	ECAT_MSG_LINT_DANGLING_TASK,
	ECAT_MSG_LINT_DANGLING_OPCODE,
	ECAT_MSG_LINT_DANGLING_KEYWORD,
	ECAT_MSG_LINT_DANGLING_CHANNEL,
	ECAT_MSG_LINT_DANGLING_LEVEL,
	ECAT_MSG_LINT_DANGLING_MAP,
	ECAT_MSG_LINT_DUP_EVENT,	/* duplicate (id, version) */
	ECAT_MSG_LINT_INSERT_RANGE,	/* %N beyond top-level items */
	ECAT_MSG_LINT_FMT_UNTERMINATED,	/* unterminated !fmt! */
	ECAT_MSG_LINT_TRAILING_PERCENT,	/* lone % at end of message */
	ECAT_MSG_LINT_UNRESOLVED_STRING, /* unresolved $(string.X) */
	ECAT_MSG_LINT_COUNT_REF,	/* count names missing or later field */
	ECAT_MSG_LINT_LENGTH_REF,	/* length names missing or later field */
	ECAT_MSG_LINT_BINARY_NO_LENGTH,	/* Binary without length */
	ECAT_MSG_LINT_EVENT_RANGE,	/* event value > 65535 or version > 255 */
	ECAT_MSG_TEMPLATE_SYNTAX,	/* page template unreadable or bad */
	ECAT_MSG_RULE_MALFORMED,	/* Sigma rule not YAML or not a rule */
	ECAT_MSG_NOTE_MALFORMED,	/* fields.yaml entry malformed */
	ECAT_MSG_SRC_NO_SCHEMA,		/* samples, but no schema at all */
	/* A SOURCE that yields nothing: an error since a run that read
	   nothing must not pass (it was a warning). */
	ECAT_MSG_SRC_EMPTY,		/* source holds nothing etwcat reads */
	ECAT_MSG_SAMPLE_PROCESSING_ERROR, /* Windows could not render it */
	ECAT_MSG_BASELINE_MALFORMED,	/* validate baseline line unreadable */
	ECAT_MSG_SAMPLE_ETL_DAMAGED,	/* .etl buffer or record damaged */
	ECAT_MSG_SAMPLE_PAYLOAD_SHORT,	/* .etl payload shorter than template */
	ECAT_MSG_SAMPLE_STRING_UNTERMINATED, /* .etl string without its NUL */
	ECAT_MSG_MERGE_EMPTY,		/* merge: no shard read a sample file */

	ECAT_MSG_SYSERR,		/* ===== start of system errors ===== */
	ECAT_MSG_IO_OPEN,		/* cannot open or read */
	ECAT_MSG_IO_WRITE,		/* cannot write */
	ECAT_MSG_LIMIT,			/* input exceeds a documented limit */
	ECAT_MSG_MERGE_INVALID,		/* merge: shard report rejected */

	ECAT_MSG__MAX
};

void	 ecat_msg(struct ecat_diag *, enum ecat_msg, const struct ecat_loc *,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 ecat_msgx(struct ecat_diag *, enum ecat_msg, const struct ecat_loc *,
	    const struct ecat_msgctx *, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
void	 ecat_vmsgx(struct ecat_diag *, enum ecat_msg, const struct ecat_loc *,
	    const struct ecat_msgctx *, const char *fmt, va_list)
	    __attribute__((format(printf, 5, 0)));

enum ecat_sev	 ecat_msg_sev(enum ecat_msg);
const char	*ecat_msg_id(enum ecat_msg);
const char	*ecat_msg_text(enum ecat_msg);
/* Long help (SARIF rules' help text), or NULL: sample-* ids have one. */
const char	*ecat_msg_help(enum ecat_msg);
const char	*ecat_sev_name(enum ecat_sev);
/* Look a message up by its id string; returns ECAT_MSG__MAX if none. */
enum ecat_msg	 ecat_msg_by_id(const char *);

/*
 * Write again a diagnostic line ecat_diag_format() wrote, len bytes
 * with its newline, its severity word coloured if f is (colour.h).
 */
void	 ecat_diag_reprint(FILE *, const char *line, size_t len,
	    enum ecat_sev);

/* How many messages of this id were emitted. */
uint64_t ecat_diag_count(const struct ecat_diag *, enum ecat_msg);

#endif /* !ECAT_DIAG_H */
