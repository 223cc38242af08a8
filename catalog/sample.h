/*
 * sample.h: captured sample events as plain C records (internal).
 *
 * catalog/sample.c picks the reader of a sample file (reader.h): EVTX
 * (evtx.c), ETL (etl.c) or JSON.  The JSON reader, sample_json.c, is with
 * buildinfo.c the only file that sees Jansson.  It reads a sample file
 * (one event object, an array of them, or JSON lines; "-" is standard
 * input) and hands each event to a callback as a struct ecat_sample:
 * strings, numbers as written, and the payload's members in the order
 * the file gives them.  The EVTX reader makes the same record of each
 * event of an .evtx file, every value the text Windows renders, and
 * adds each payload member's binary type.  The ETL reader makes one of
 * each EVENT_HEADER record of an .etl trace: the header's numbers and
 * the payload's raw bytes (payload, binary).  The validator (validator/
 * validate.c) checks those records against the schemas; the loader
 * (ecat_load_samples_file) only records what it observed.
 *
 * Ownership: a record and everything it points to belong to the
 * reader and are valid only during the callback; the reader reuses its
 * memory for the next event, so memory stays flat however long the
 * file.  Copy (intern) what must outlive the call.
 */
#ifndef ECAT_SAMPLE_H
#define ECAT_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* What a JSON value was. */
enum ecat_svkind {
	ECAT_SV_ABSENT = 0,	/* the member is not there */
	ECAT_SV_NULL,
	ECAT_SV_FALSE,
	ECAT_SV_TRUE,
	ECAT_SV_INT,		/* a JSON integer: s is its decimal text */
	ECAT_SV_REAL,		/* a JSON number with a fraction or exponent */
	ECAT_SV_STRING,
	ECAT_SV_ARRAY,
	ECAT_SV_OBJECT
};

/*
 * One JSON value.  s is NUL-terminated for strings and numbers (a
 * string holding NUL bytes ends at the first for s; len is the whole
 * length).  Integers beyond 64 bits, such as keywords written as the
 * decimal 9223372036854775824 (seed 003), keep their exact text with
 * big set; i is then meaningless.
 */
struct ecat_svalue {
	uint8_t			 kind;		/* enum ecat_svkind */
	uint8_t			 big;		/* INT outside int64_t */
	uint32_t		 n;		/* ARRAY, OBJECT: items */
	const char		*s;		/* STRING, INT, REAL text */
	size_t			 len;
	int64_t			 i;		/* INT unless big */
	double			 d;		/* INT, REAL */
	const struct ecat_svalue *items;	/* ARRAY elements, OBJECT values */
	const char *const	*names;		/* OBJECT member names */
};

/* A payload member: the name as written and its value. */
struct ecat_sfield {
	const char		*name;
	struct ecat_svalue	 v;
	/*
	 * The value's binary type where the capture records one: the
	 * EVTX value type byte (catalog/binxml.h), numbered as the
	 * manifest's inType for the scalar types (1 UnicodeString ...
	 * 0x15 HexInt64), 0x80 set for an array (whose items are of the
	 * type without it), 0x21 for nested binary XML.  0 when unknown:
	 * JSON samples, a member made of several elements or of an
	 * element's attributes and children (UserData), and literal text
	 * of the event XML (which is 0x01).
	 */
	uint8_t			 btype;
};

struct ecat_sample {
	/* Where: the event's first line and column, and its JSON path
	   within the line (JSON lines) or file: "" or "[3]". */
	struct ecat_loc		 loc;
	const char		*path;
	struct ecat_build	*build;
	/* Already reported as sample-malformed: nothing below is set. */
	int			 malformed;

	/* Identity, decoded as the loader does. */
	const char		*provider;	/* non-empty */
	const char		*guid;		/* system.guid as written, or NULL */
	uint32_t		 event_id;
	uint16_t		 version;
	int			 version_missing; /* no member: counted as 0 */

	/* The system members as written (kind ABSENT when missing). */
	struct ecat_svalue	 sys_guid;
	struct ecat_svalue	 sys_event_id;
	struct ecat_svalue	 sys_version;
	struct ecat_svalue	 level;
	struct ecat_svalue	 task;
	struct ecat_svalue	 opcode;
	struct ecat_svalue	 keywords;
	struct ecat_svalue	 channel;
	/* The top-level "message", as written (kind ABSENT if none). */
	struct ecat_svalue	 message;

	/*
	 * The payload: the members of "event_data", or of the one root
	 * element of "user_data" ({"user_data": {"Root": {...}}}), in
	 * file order.  root is "event_data" or "user_data", rootelem the
	 * root element's name (user_data only), NULL when the event has
	 * no payload member at all.
	 */
	const char		*root;
	const char		*rootelem;
	uint32_t		 nfields;
	const struct ecat_sfield *fields;

	/*
	 * A binary capture's payload (an .etl EVENT_HEADER record's user
	 * data after its extended data items, catalog/etl.c) exactly as
	 * the provider wrote it, and the pointer size it was written with
	 * (4 or 8: the record's header type).  binary is set when the
	 * payload is these bytes, not yet decoded into fields (nfields
	 * 0): the validator then checks the header but not the fields.
	 * NULL, 0, 0, 0 for JSON and EVTX records.
	 */
	const uint8_t		*payload;
	uint32_t		 payload_len;
	uint8_t			 ptrsize;
	uint8_t			 binary;

	/* internal (sample.c): the text to search in ecat_sample_locate
	   and the parsed value for ecat_sample_json */
	const char		*text;
	size_t			 textlen;
	uint32_t		 textline, textcol;
	int64_t			 textindex;	/* element of an array line, or -1 */
	const void		*impl;
	/* internal: which text this is (records of one array line share
	   it) and the reader's index of it, built by the first
	   ecat_sample_locate call on it; NULL in a record made by hand */
	uint64_t		 textgen;
	void			*lcache;
	/* internal: the reader that made the record (reader.h); NULL is
	   the JSON reader, in a record made by hand too */
	const struct ecat_reader *reader;
};

/* One step of a JSON path: a member name, or an array index (key NULL). */
struct ecat_spath {
	const char	*key;
	uint32_t	 index;
};

typedef void (*ecat_sample_fn)(const struct ecat_sample *, void *arg);

/* ecat_samples_read() flags */
#define ECAT_SR_QUIET	0x01	/* the file was loaded before: do not report
				   sample-malformed, sample-no-version or
				   the line and event limits again */

/*
 * Read every event of path ("-": standard input) as belonging to build
 * b and hand each to fn, malformed ones too (after reporting them
 * unless ECAT_SR_QUIET).  Returns 0 when the file was read, -1 when it
 * could not be (io-read, or limit-exceeded for a document past the
 * document limit).  A JSON line past the line limit is skipped and the
 * events past the per-file limit are not read, each with a
 * limit-exceeded diagnostic; the file still counts as read (0), as a
 * TSV file with a line or rows past its limits does (etwcat.1,
 * LIMITS).  Adds to *nbytes the bytes read, when nbytes is not NULL.
 */
int	 ecat_samples_read(struct ecat_catalog *, struct ecat_build *,
	    const char *path, unsigned flags, ecat_sample_fn fn, void *arg,
	    uint64_t *nbytes);

/*
 * Where the value at path (steps below the event) is in the file: its
 * member name's line and column, or the element's for an index.
 * Returns 0 and sets *out, or -1 (path not found; *out is the event's
 * own location).
 */
int	 ecat_sample_locate(const struct ecat_sample *,
	    const struct ecat_spath *steps, size_t nsteps, struct ecat_loc *out);

/* The event pretty-printed (two-space indent, members in file order);
   the caller frees it.  NULL for a malformed event. */
char	*ecat_sample_json(const struct ecat_sample *);

/* ------------------------------------------------ files for the validator */

/* A sample file met while loading, in load order. */
struct ecat_samplefile {
	const char		*path;		/* as given; "-" is standard input */
	struct ecat_build	*build;
	int			 loaded;	/* read (observed) at load time */
	struct ecat_samplefile	*next;
};

/*
 * With defer set, loading records sample files without reading them,
 * so that the validator reads each once, after every schema is loaded
 * (etwcat validate).  Standard input is always deferred.  Call before
 * loading.
 */
void	 ecat_samples_defer(struct ecat_catalog *, int defer);
/* The sample files met while loading, in load order; NULL if none. */
const struct ecat_samplefile *ecat_samplefiles(const struct ecat_catalog *);

/*
 * Record that a sample of (provider, id, version) was observed in
 * build.  Creates the provider and key when unknown.  Part of the
 * loaders' write side (model_build.h), declared here because a
 * deferred sample file is read by the validator: observing what it
 * reads is the loader's work done late, and the one addition to the
 * model's structure made outside catalog/.
 */
void	 ecat_observe(struct ecat_catalog *, const char *provider,
	    const char *guid, struct ecat_build *, uint32_t id, uint16_t version);

#endif /* !ECAT_SAMPLE_H */
