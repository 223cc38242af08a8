/*
 * diag.c: the message table and the diagnostics context.
 *
 * The table is indexed by enum ecat_msg; marker entries have NULL ids.
 * An entry holds the id, the short text every diagnostic starts with
 * and, for the sample-* ids, the long help that SARIF reports give
 * each rule (etwcat.1 says the same under DIAGNOSTICS).  etwcat.1
 * lists every id under DIAGNOSTICS and tests/check_diag.c checks that
 * the two agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "colour.h"
#include "diag.h"

struct msgdef {
	const char	*id;
	const char	*text;	/* every diagnostic's first words */
	const char	*help;	/* SARIF rules' help, or NULL */
};

static const struct msgdef msgs[ECAT_MSG__MAX] = {
	[ECAT_MSG_NOTE] = { NULL, NULL, NULL },
	[ECAT_MSG_SRC_IGNORED] = { "source-ignored",
	    "file ignored: not a schema, sample, note or rule", NULL },
	[ECAT_MSG_TSV_VERBATIM] = { "tsv-verbatim",
	    "field list does not parse as Name(Type Name, ...); kept verbatim",
	    NULL },
	[ECAT_MSG_SAMPLE_NO_VERSION] = { "sample-no-version",
	    "sample has no system.version member; counted as version 0",
	    "The sample has no system.version member; it is counted as "
	    "version 0." },
	[ECAT_MSG_SAMPLE_NONCANONICAL] = { "sample-noncanonical-value",
	    "sample value accepted in a non-canonical form",
	    "A value was accepted in a form other than Windows renders: "
	    "padded numbers, GUIDs without braces, hex without 0x or "
	    "zero-padded, names for numbers, prefixed field names, unnamed "
	    "fields matched by position." },
	[ECAT_MSG_LINT_NAME_CASE] = { "lint-name-case",
	    "name matched only case-insensitively", NULL },
	[ECAT_MSG_LINT_UNUSED_INSERT] = { "lint-unused-insert",
	    "template item never referenced by the message", NULL },
	[ECAT_MSG_LINT_BINARY_LENGTH_LOST] = { "lint-binary-length-lost",
	    "Binary field without length in a TDH rebuild, which drops "
	    "fixed lengths", NULL },
	[ECAT_MSG_LINT_REBUILD_LEVEL] = { "lint-rebuild-level",
	    "level named as the TDH rebuild names level 0", NULL },
	[ECAT_MSG_RULE_UNRESOLVED] = { "rule-unresolved",
	    "Sigma rule tied to no event of the catalog", NULL },
	[ECAT_MSG_RULE_FIELD_MISSING] = { "rule-field-missing-in-build",
	    "Sigma rule field only in some builds or versions of the event",
	    NULL },
	[ECAT_MSG_XML_DUMP_PROVIDER] = { "xml-dump-provider",
	    "provider name and GUID taken from the file name: the etwlib "
	    "dump gives none", NULL },
	[ECAT_MSG_LINT_DUMP_LEVEL] = { "lint-dump-level",
	    "level named by its display name, which the etwlib dump defines "
	    "nowhere", NULL },
	[ECAT_MSG_LINT_DUMP_TASK_MESSAGE] = { "lint-dump-task-message",
	    "task message made up by the etwlib dump from the task's value; "
	    "not read", NULL },
	[ECAT_MSG_LINT_DUMP_TYPE] = { "lint-dump-type",
	    "type as the etwlib dump writes it, not as the provider declares "
	    "it", NULL },
	[ECAT_MSG_SAMPLE_HEADER_REBUILD] = { "sample-header-rebuild",
	    "sample header differs where the schema was made from TDH",
	    "The schema comes from a TDH rebuild, an etwlib dump or a TSV, "
	    "which declare task 0 and level Informational or win:Always for "
	    "events whose real task and level TDH does not give: the "
	    "sample's task or level is not compared with them." },
	[ECAT_MSG_SAMPLE_ETL_RECORDS] = { "sample-etl-records",
	    "ETL file read",
	    "Once per .etl file: how many buffers it has, the Windows build "
	    "that wrote it (its logfile header) and the build its events are "
	    "checked against, and how many records of each header kind that "
	    "carries no manifest event (classic, system and perfinfo records, "
	    "the logfile header) were counted and not checked." },

	[ECAT_MSG_SAMPLE_PAYLOAD_PADDING] = { "sample-payload-padding",
	    "zero bytes after an .etl payload's last field",
	    "An .etl record's payload has 1 to 7 zero bytes after the last "
	    "field its template describes: alignment padding (every "
	    "Kernel-Network payload of a Windows 7 trace ends with 4), "
	    "not data." },

	[ECAT_MSG_WARNING] = { NULL, NULL, NULL },
	[ECAT_MSG_XML_RECOVERED] = { "xml-recovered",
	    "malformed XML recovered; provider marked as recovered", NULL },
	[ECAT_MSG_XML_NAMESPACE] = { "xml-namespace",
	    "unexpected namespace", NULL },
	[ECAT_MSG_XML_NOT_MANIFEST] = { "xml-not-manifest",
	    "not an instrumentation manifest or WEPExplorer dump", NULL },
	[ECAT_MSG_SRC_DUP_PROVIDER] = { "source-duplicate-provider",
	    "provider defined again in the same build", NULL },
	[ECAT_MSG_SAMPLE_UNKNOWN_PROVIDER] = { "sample-unknown-provider",
	    "no schema of the sample's provider",
	    "No schema of the sample's provider (matched by name, else by "
	    "GUID) in the build it is checked against: its own build folder "
	    "or --build, or any build when that build has no schemas. The "
	    "builds that have one are named." },
	[ECAT_MSG_SAMPLE_FIELD_ORDER] = { "sample-field-order",
	    "sample fields not in template order",
	    "The sample's fields are not in the template's order; positional "
	    "consumers (message inserts %N, TDH property indexes) would read "
	    "the wrong values." },
	[ECAT_MSG_SAMPLE_UNMAPPED] = { "sample-unmapped-value",
	    "value not in the field's map",
	    "A mapped field's number is not an entry of its valueMap, or has "
	    "bits outside its bitMap (or its text is no entry's)." },
	[ECAT_MSG_SAMPLE_HEADER] = { "sample-header-mismatch",
	    "sample header disagrees with the declared event",
	    "The sample's level, task, opcode, keywords (channel bits 56-63 "
	    "masked) or channel disagree with the event's declaration; only "
	    "numbers the schema gives are compared." },
	[ECAT_MSG_SAMPLE_MESSAGE] = { "sample-message-mismatch",
	    "sample message is not the event's message filled with its "
	    "values",
	    "The sample's rendered message is not the event's message with "
	    "the sample's values filled in (line ends and U+200E/U+200F "
	    "normalised; values whose rendering depends on the consumer "
	    "match any text)." },
	[ECAT_MSG_SAMPLE_MESSAGE_INSERT] = { "sample-message-insert",
	    "event message uses an insert beyond its template's fields; "
	    "samples' messages are matched with any text there",
	    "The event's message uses an insert beyond its template's "
	    "fields; reported once per event." },
	[ECAT_MSG_SAMPLE_TYPE_MISMATCH] = { "sample-type-mismatch",
	    "captured value's binary type differs from its field's inType",
	    "An .evtx value carries a binary type (the EVTX value type, "
	    "numbered as the manifest's inType) other than its field's "
	    "inType, or than its items' for an array. Pointer arriving as "
	    "HexInt64, HexInt32 or SizeT is not a difference, nor are the "
	    "other forms the event log is seen to store (etwcat.1)." },
	[ECAT_MSG_BUILD_NO_NUMBER] = { "build-no-number",
	    "build number unknown; build ordered last", NULL },
	[ECAT_MSG_EXPORT_COLLISION] = { "export-collision",
	    "two schemas map to one TSV file; only the first is written",
	    NULL },
	[ECAT_MSG_LINT_UNKNOWN_INTYPE] = { "lint-unknown-intype",
	    "unknown inType", NULL },
	[ECAT_MSG_LINT_BAD_OUTTYPE] = { "lint-bad-outtype",
	    "outType not valid for inType; the inType's default applies",
	    NULL },
	[ECAT_MSG_LINT_DUP_NAME] = { "lint-duplicate-field",
	    "field name used twice in one template", NULL },
	[ECAT_MSG_LINT_FMT_SPEC] = { "lint-format-spec",
	    "format spec other than s in an event message", NULL },
	[ECAT_MSG_LINT_INTYPE_PLACEHOLDER] = { "lint-intype-placeholder",
	    "inType is a placeholder for a type the rebuilt manifest "
	    "could not name", NULL },
	[ECAT_MSG_LINT_INSERT_DIGITS] = { "lint-insert-digits",
	    "insert of three digits; FormatMessage reads two and "
	    "prints the rest", NULL },
	[ECAT_MSG_LINT_SOURCE_CONFLICT] = { "lint-source-conflict",
	    "two sources of one build describe an event differently", NULL },
	[ECAT_MSG_LINT_TRANSCRIPTION] = { "lint-transcription-differs",
	    "a transcription describes an event otherwise than the nearest "
	    "machine source", NULL },
	[ECAT_MSG_NOTE_UNMATCHED] = { "note-unmatched",
	    "maintainer note names no provider or event of the catalog; "
	    "not shown", NULL },
	[ECAT_MSG_NOTE_UNKNOWN_FIELD] = { "note-unknown-field",
	    "field note names a field no version of its event has", NULL },
	[ECAT_MSG_RULE_UNKNOWN_FIELD] = { "rule-unknown-field",
	    "Sigma rule field in no version of the event in any build", NULL },
	[ECAT_MSG_RULE_UNKNOWN_EVENT] = { "rule-unknown-event",
	    "Sigma rule EventID the provider never had", NULL },
	[ECAT_MSG_SRC_SYMLINK] = { "source-symlink-skipped",
	    "symbolic link not followed", NULL },
	[ECAT_MSG_SRC_LOOP] = { "source-loop",
	    "folder reached a second time; not read again", NULL },
	[ECAT_MSG_SAMPLE_PAYLOAD_TRAILING] = { "sample-payload-trailing",
	    "bytes after an .etl payload's last field",
	    "An .etl record's payload goes on after the last field its "
	    "template describes, by more than 7 bytes or by bytes that are "
	    "not all zero: the provider wrote fields the template does not "
	    "have, or the template is not the one it wrote by." },

	[ECAT_MSG_ERROR] = { NULL, NULL, NULL },
	[ECAT_MSG_XML_MALFORMED] = { "xml-malformed",
	    "XML not well-formed", NULL },
	[ECAT_MSG_XML_DTD] = { "xml-dtd",
	    "DTD or entity declaration refused", NULL },
	[ECAT_MSG_XML_MISSING_ATTR] = { "xml-missing-attribute",
	    "required attribute missing", NULL },
	[ECAT_MSG_XML_BAD_VALUE] = { "xml-bad-value",
	    "invalid value", NULL },
	[ECAT_MSG_TSV_HEADER] = { "tsv-header",
	    "TSV header is not a known format", NULL },
	[ECAT_MSG_TSV_ROW] = { "tsv-row",
	    "bad TSV row", NULL },
	[ECAT_MSG_BUILD_JSON] = { "build-json",
	    "build.json invalid", NULL },
	[ECAT_MSG_SAMPLE_MALFORMED] = { "sample-malformed",
	    "sample is not JSON or not an event",
	    "The line or array element is not JSON, or is not an event: it "
	    "has no system object, no provider name, or a missing or "
	    "out-of-range event id (0-65535) or version (0-255)." },
	[ECAT_MSG_SAMPLE_EVTX_DAMAGED] = { "sample-evtx-damaged",
	    "EVTX file damaged",
	    "A part of an .evtx file does not check out: the file header, a "
	    "chunk (signature, CRC32, free space offset), a record (signature, "
	    "size) or its binary XML, or a record or chunk exceeds the "
	    "reader's bounds on rendered text, members or tokens. What cannot "
	    "be read is skipped, and the rest of the file is read." },
	[ECAT_MSG_SAMPLE_DUP_KEY] = { "sample-duplicate-key",
	    "sample object gives a key twice; event not checked",
	    "An object of the event (its system header, its payload or a "
	    "value within) gives one key twice, so which value counts is "
	    "ambiguous; build.json is refused for the same. The event is "
	    "not checked, as a malformed one is not, and the rest of the "
	    "file is." },
	[ECAT_MSG_SAMPLE_UNKNOWN_EVENT] = { "sample-unknown-event",
	    "sample's event id not defined",
	    "The build defines the provider but not the sample's event id. "
	    "The builds that define it are named." },
	[ECAT_MSG_SAMPLE_UNKNOWN_VERSION] = { "sample-unknown-version",
	    "sample's event version not defined",
	    "The build defines the event id but not the sample's version; "
	    "the versions it defines are named." },
	[ECAT_MSG_SAMPLE_MISSING_FIELD] = { "sample-missing-field",
	    "template field missing from the sample",
	    "A field of the event's template is not in the sample's "
	    "event_data (or user_data root element)." },
	[ECAT_MSG_SAMPLE_UNEXPECTED_FIELD] = { "sample-unexpected-field",
	    "sample field not in the template",
	    "A member of the sample's event_data is not a field of the "
	    "template (or differs only in case, or is given twice)." },
	[ECAT_MSG_SAMPLE_BAD_VALUE] = { "sample-bad-value",
	    "value does not parse as its field's type",
	    "The value does not parse as its field's inType and outType: "
	    "integers of each width, hex, Boolean, GUID, hex bytes, SID, ISO "
	    "8601 time, IPv4, IPv6, socket address, port. Where the schema "
	    "gives no outType (TSV exports, TDH rebuilds) any rendering "
	    "valid for the inType is accepted." },
	[ECAT_MSG_SAMPLE_OUT_OF_RANGE] = { "sample-out-of-range",
	    "value does not fit its field's type",
	    "The value parses but does not fit its type: a negative unsigned "
	    "number, more bits than the width, a year outside FILETIME's "
	    "range, a SID with more than 15 sub-authorities." },
	[ECAT_MSG_SAMPLE_BAD_LENGTH] = { "sample-bad-length",
	    "value's size disagrees with its length",
	    "A Binary value's byte count differs from its length, or a "
	    "fixed-length string is longer than its length; the length is a "
	    "literal or the value of the field it names." },
	[ECAT_MSG_SAMPLE_BAD_COUNT] = { "sample-bad-count",
	    "array's element count disagrees with its count",
	    "An array's element count differs from its count (a literal or "
	    "the value of the field it names), or a field that holds one "
	    "value has several." },
	[ECAT_MSG_LINT_DANGLING_TEMPLATE] = { "lint-dangling-template",
	    "event names an undefined template", NULL },
	[ECAT_MSG_LINT_DANGLING_TASK] = { "lint-dangling-task",
	    "event names an undefined task", NULL },
	[ECAT_MSG_LINT_DANGLING_OPCODE] = { "lint-dangling-opcode",
	    "event names an undefined opcode", NULL },
	[ECAT_MSG_LINT_DANGLING_KEYWORD] = { "lint-dangling-keyword",
	    "event names an undefined keyword", NULL },
	[ECAT_MSG_LINT_DANGLING_CHANNEL] = { "lint-dangling-channel",
	    "event names an undefined channel", NULL },
	[ECAT_MSG_LINT_DANGLING_LEVEL] = { "lint-dangling-level",
	    "event names an undefined level", NULL },
	[ECAT_MSG_LINT_DANGLING_MAP] = { "lint-dangling-map",
	    "field names an undefined value map or bit map", NULL },
	[ECAT_MSG_LINT_DUP_EVENT] = { "lint-duplicate-event",
	    "duplicate event (id, version)", NULL },
	[ECAT_MSG_LINT_INSERT_RANGE] = { "lint-insert-range",
	    "message insert beyond the template's top-level items", NULL },
	[ECAT_MSG_LINT_FMT_UNTERMINATED] = { "lint-unterminated-format",
	    "unterminated !format! in message", NULL },
	[ECAT_MSG_LINT_TRAILING_PERCENT] = { "lint-trailing-percent",
	    "lone % at the end of a message", NULL },
	[ECAT_MSG_LINT_UNRESOLVED_STRING] = { "lint-unresolved-string",
	    "unresolved string reference", NULL },
	[ECAT_MSG_LINT_COUNT_REF] = { "lint-count-ref",
	    "count names a missing or later field", NULL },
	[ECAT_MSG_LINT_LENGTH_REF] = { "lint-length-ref",
	    "length names a missing or later field", NULL },
	[ECAT_MSG_LINT_BINARY_NO_LENGTH] = { "lint-binary-no-length",
	    "Binary field without length", NULL },
	[ECAT_MSG_LINT_EVENT_RANGE] = { "lint-event-range",
	    "event id or version out of the descriptor's range", NULL },
	[ECAT_MSG_TEMPLATE_SYNTAX] = { "template-syntax",
	    "page template cannot be read or parsed", NULL },
	[ECAT_MSG_RULE_MALFORMED] = { "rule-malformed",
	    "Sigma rule malformed", NULL },
	[ECAT_MSG_NOTE_MALFORMED] = { "note-malformed",
	    "field notes malformed", NULL },
	[ECAT_MSG_SRC_EMPTY] = { "source-empty",
	    "source holds nothing etwcat reads", NULL },
	[ECAT_MSG_MERGE_EMPTY] = { "merge-empty",
	    "the shard reports read no sample file", NULL },
	[ECAT_MSG_SRC_NO_SCHEMA] = { "source-no-schema",
	    "captures read, but no source holds a schema to check them "
	    "against", NULL },
	[ECAT_MSG_SAMPLE_PROCESSING_ERROR] = { "sample-processing-error",
	    "event not rendered by Windows",
	    "An exported event log's record holds ProcessingErrorData in "
	    "place of its event data: Windows could not render the event "
	    "with its template (error 15005: the data does not fit it), so "
	    "the record has no field values; the error code and the data "
	    "item where rendering stopped are given." },
	[ECAT_MSG_BASELINE_MALFORMED] = { "baseline-malformed",
	    "baseline line malformed", NULL },
	[ECAT_MSG_SAMPLE_ETL_DAMAGED] = { "sample-etl-damaged",
	    "ETL file damaged",
	    "A part of an .etl file does not check out: a buffer header "
	    "(BufferSize 0 before more buffers, below its header, past the "
	    "end of the file or the reader's limit; a filled offset outside "
	    "the buffer), a compressed buffer that does not decompress, a "
	    "record header (marker, kind, size past the buffer's filled "
	    "offset), extended data items that run past their record, a "
	    "missing logfile header, or no record at all. What cannot be "
	    "read is skipped: the "
	    "rest of a buffer, or one record, or the bytes up to the next "
	    "buffer header found; the rest of the file is read." },

	[ECAT_MSG_SAMPLE_PAYLOAD_SHORT] = { "sample-payload-short",
	    "payload shorter than its template",
	    "An .etl record's payload ends before the last field its "
	    "template describes: the finding names the field where the "
	    "bytes ran out and how many it needed. The fields before it "
	    "are checked; the ones after it are not reported missing." },
	[ECAT_MSG_SAMPLE_STRING_UNTERMINATED] = {
	    "sample-string-unterminated",
	    "string runs to the end of the payload without its NUL",
	    "A NUL-terminated string field of an .etl record's payload (a "
	    "UnicodeString or AnsiString with no length) has no terminator "
	    "before the payload ends; Windows rejects such an event when it "
	    "renders it (ProcessingErrorData in an exported log). Its bytes "
	    "up to the end are checked as its value; the fields after it "
	    "are not reported missing." },

	[ECAT_MSG_SYSERR] = { NULL, NULL, NULL },
	[ECAT_MSG_IO_OPEN] = { "io-read",
	    "cannot read", NULL },
	[ECAT_MSG_IO_WRITE] = { "io-write",
	    "cannot write", NULL },
	[ECAT_MSG_LIMIT] = { "limit-exceeded",
	    "input exceeds a limit", NULL },
	[ECAT_MSG_MERGE_INVALID] = { "merge-invalid-report",
	    "shard report rejected", NULL },
};

static const char *const sevnames[ECAT_SEV__MAX] = {
	"note", "warning", "error", "error"
};

struct ecat_diag {
	ecat_diag_sink	 sink;
	void		*arg;
	ecat_diag_filter filter;
	void		*farg;
	uint64_t	 filtered;
	enum ecat_sev	 min;
	uint64_t	 counts[ECAT_MSG__MAX];
	uint64_t	 sevcounts[ECAT_SEV__MAX];
	struct ecat_buf	 text;
};

enum ecat_sev
ecat_msg_sev(enum ecat_msg m)
{
	if (m >= ECAT_MSG_SYSERR)
		return ECAT_SEV_SYSERR;
	if (m >= ECAT_MSG_ERROR)
		return ECAT_SEV_ERROR;
	if (m >= ECAT_MSG_WARNING)
		return ECAT_SEV_WARNING;
	return ECAT_SEV_NOTE;
}

const char *
ecat_msg_id(enum ecat_msg m)
{
	return m < ECAT_MSG__MAX ? msgs[m].id : NULL;
}

const char *
ecat_msg_text(enum ecat_msg m)
{
	return m < ECAT_MSG__MAX ? msgs[m].text : NULL;
}

const char *
ecat_msg_help(enum ecat_msg m)
{
	return m < ECAT_MSG__MAX ? msgs[m].help : NULL;
}

const char *
ecat_sev_name(enum ecat_sev s)
{
	return s < ECAT_SEV__MAX ? sevnames[s] : "?";
}

enum ecat_msg
ecat_msg_by_id(const char *id)
{
	int	 m;

	for (m = 0; m < ECAT_MSG__MAX; m++)
		if (msgs[m].id != NULL && strcmp(msgs[m].id, id) == 0)
			return (enum ecat_msg)m;
	return ECAT_MSG__MAX;
}

struct ecat_diag *
ecat_diag_new(void)
{
	struct ecat_diag	*d;

	d = ecat_calloc(1, sizeof(*d));
	ecat_buf_init(&d->text);
	return d;
}

void
ecat_diag_free(struct ecat_diag *d)
{
	if (d == NULL)
		return;
	ecat_buf_free(&d->text);
	free(d);
}

void
ecat_diag_set_sink(struct ecat_diag *d, ecat_diag_sink sink, void *arg)
{
	d->sink = sink;
	d->arg = arg;
}

void
ecat_diag_set_filter(struct ecat_diag *d, ecat_diag_filter filter, void *arg)
{
	d->filter = filter;
	d->farg = arg;
}

uint64_t
ecat_diag_count_filtered(const struct ecat_diag *d)
{
	return d->filtered;
}

void
ecat_diag_set_min(struct ecat_diag *d, enum ecat_sev min)
{
	d->min = min;
}

/*
 * A file name is any bytes: one with a line break must not start a line
 * that reads as a diagnostic of its own, so line breaks in it become
 * spaces, as ecat_vmsgx() does to the text.  One fprintf() a line, so
 * that lines from threads sharing f do not interleave.
 */
void
ecat_diag_format(FILE *f, const struct ecat_diagrec *r)
{
	const char	*file = r->loc.file != NULL ? r->loc.file : "etwcat";
	const char	*on, *off;
	char		*copy = NULL, *p;

	if (file[strcspn(file, "\n\r")] != '\0') {
		file = copy = ecat_strdup(file);
		for (p = copy; *p != '\0'; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
	}
	/* The severity word coloured on a terminal (catalog/colour.c). */
	ecat_colour_sev(f, ecat_sev_name(r->sev), &on, &off);
	fprintf(f, "%s:%u:%u: %s%s%s: %s [%s]\n", file, r->loc.line,
	    r->loc.col, on, ecat_sev_name(r->sev), off, r->text, r->id);
	free(copy);
}

/*
 * A line ecat_diag_format() wrote uncoloured (the run record keeps
 * them so, render/site/rerun.c), written again to f, its severity word
 * coloured as ecat_diag_format() would colour it.  The word is the one
 * after "FILE:LINE:COL: ": the first ":DIGITS:DIGITS: sev: " in the
 * line; a line where none is found is written as it is.
 */
void
ecat_diag_reprint(FILE *f, const char *line, size_t len, enum ecat_sev sev)
{
	const char	*name = ecat_sev_name(sev), *on, *off, *p, *q;
	size_t		 nl = strlen(name), i;

	ecat_colour_sev(f, name, &on, &off);
	if (*on == '\0') {
		fwrite(line, 1, len, f);
		return;
	}
	for (i = 0; i + nl + 4 <= len; i++) {
		p = line + i;
		if (p[0] != ':' || p[1] != ' ' || memcmp(p + 2, name, nl) != 0 ||
		    p[2 + nl] != ':' || p[3 + nl] != ' ')
			continue;
		/* Preceded by ":LINE:COL". */
		for (q = p; q > line && q[-1] >= '0' && q[-1] <= '9'; q--)
			continue;
		if (q == p || q == line || *--q != ':')
			continue;
		for (p = q; q > line && q[-1] >= '0' && q[-1] <= '9'; q--)
			continue;
		if (q == p || q == line || q[-1] != ':')
			continue;
		fprintf(f, "%.*s%s%s%s%.*s", (int)(i + 2), line, on, name, off,
		    (int)(len - i - 2 - nl), line + i + 2 + nl);
		return;
	}
	fwrite(line, 1, len, f);
}

void
ecat_vmsgx(struct ecat_diag *d, enum ecat_msg m, const struct ecat_loc *loc,
    const struct ecat_msgctx *ctx, const char *fmt, va_list ap)
{
	static const struct ecat_msgctx	 noctx = { NULL, NULL, -1, -1, NULL };
	static const struct ecat_loc	 noloc = { NULL, 0, 0 };
	struct ecat_diagrec		 r;

	if (m >= ECAT_MSG__MAX || msgs[m].id == NULL)
		abort();
	r.msg = m;
	r.sev = ecat_msg_sev(m);
	r.id = msgs[m].id;
	r.loc = loc != NULL ? *loc : noloc;
	r.ctx = ctx != NULL ? ctx : &noctx;
	/* A filter (a baseline) sees the message before it is counted;
	   a system error is never its to take. */
	if (d->filter != NULL && r.sev != ECAT_SEV_SYSERR) {
		r.text = NULL;
		if (d->filter(&r, d->farg)) {
			d->filtered++;
			return;
		}
	}
	d->counts[m]++;
	d->sevcounts[r.sev]++;
	if (r.sev < d->min)
		return;

	/* "text: detail", as mandoc prints its messages. */
	ecat_buf_reset(&d->text);
	ecat_buf_puts(&d->text, msgs[m].text);
	if (fmt != NULL && *fmt != '\0') {
		ecat_buf_puts(&d->text, ": ");
		ecat_buf_vprintf(&d->text, fmt, ap);
	}
	/* One diagnostic is one line, whatever the input held. */
	for (char *p = d->text.buf; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	r.text = d->text.buf;
	if (d->sink != NULL)
		d->sink(&r, d->arg);
	else
		ecat_diag_format(stderr, &r);
}

void
ecat_msgx(struct ecat_diag *d, enum ecat_msg m, const struct ecat_loc *loc,
    const struct ecat_msgctx *ctx, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	ecat_vmsgx(d, m, loc, ctx, fmt, ap);
	va_end(ap);
}

void
ecat_msg(struct ecat_diag *d, enum ecat_msg m, const struct ecat_loc *loc,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	ecat_vmsgx(d, m, loc, NULL, fmt, ap);
	va_end(ap);
}

uint64_t
ecat_diag_count(const struct ecat_diag *d, enum ecat_msg m)
{
	return m < ECAT_MSG__MAX ? d->counts[m] : 0;
}

uint64_t
ecat_diag_count_sev(const struct ecat_diag *d, enum ecat_sev s)
{
	uint64_t	 n = 0;

	for (; s < ECAT_SEV__MAX; s++)
		n += d->sevcounts[s];
	return n;
}

int
ecat_diag_exit(const struct ecat_diag *d, enum ecat_sev threshold)
{
	if (d->sevcounts[ECAT_SEV_SYSERR] > 0)
		return ECAT_EXIT_SYSTEM;
	if (ecat_diag_count_sev(d, threshold) > 0)
		return ECAT_EXIT_FINDINGS;
	return ECAT_EXIT_OK;
}
