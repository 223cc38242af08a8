/*
 * model.h: the catalog model shared by every stage, as the stages
 * after loading see it (internal).
 *
 * Three headers, by who may change what:
 *
 *   model.h        the model's types and lookups: what validator/ and
 *                  render/ read;
 *   annotate.h     what the stages after loading add to a finished
 *                  catalog (drift findings, examples, rule links);
 *   model_build.h  the loaders' write side: builds, providers,
 *                  schemas, shapes (catalog/ only).
 *
 * Ownership: one rule for the whole model.  The catalog owns every
 * node and every string reachable from it; all of it lives in the
 * catalog's arena and is released by ecat_catalog_free().  Nothing from
 * libxml2, Jansson or libyaml is ever stored here: loaders copy (intern)
 * what they need at once.
 *
 * Shape of the model:
 *
 *   catalog ─┬─ builds[]      ordered by build number (ecat_build)
 *            └─ providers[]   sorted by name (ecat_provider)
 *                 ├─ schemas[]   one per (build, source file): the
 *                 │              provider as one source describes it
 *                 │              in one build (ecat_pschema), holding
 *                 │              channels, levels, tasks, opcodes,
 *                 │              keywords, maps, templates, event
 *                 │              rows (each → a shared ecat_event)
 *                 └─ keys[]      one per (event id, version), sorted,
 *                                listing every build and source that
 *                                has it (ecat_evkey → ecat_occ)
 *
 * Templates are split in two: the per-source ecat_template (tid, where
 * it was) points to an interned ecat_shape (the field list).  Identical
 * field lists in different builds share one shape, so the 17-build TSV
 * corpus holds each distinct field list once, and drift compares
 * shapes by pointer before comparing fields.
 *
 * Events are split the same way: a schema's events[] are rows
 * (ecat_evrow: line, that source's template, record) that refer to an
 * interned ecat_event (the content), so the 17 TSV builds' 852,942
 * rows hold 69,547 contents (bench/load_mem.sh).  A TSV file alike an
 * earlier build's same file shares that schema's rows and templates
 * (ecat_pschema_alike()), so a row belongs to no one schema: the
 * occurrence (ecat_occ) names the schema, hence build and file.
 *
 * Numbers that a source does not give (TSV gives level, task and opcode
 * by name only) are marked unknown by the ECAT_HAS_* bits of
 * ecat_event.has, never guessed.
 */
#ifndef ECAT_MODEL_H
#define ECAT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "diag.h"

/* How a schema reached the catalog (provenance). */
enum ecat_srckind {
	ECAT_SRC_MANIFEST = 0,	/* registered manifest (XML or WEPExplorer) */
	ECAT_SRC_TSV,		/* TSV export */
	ECAT_SRC_SAMPLE,	/* observed in a captured sample */
	ECAT_SRC__MAX
};

/* The file format a schema was read from. */
enum ecat_format {
	ECAT_FMT_MANIFEST = 0,	/* instrumentationManifest XML */
	ECAT_FMT_WEPEXPLORER,	/* WEPExplorer <Providers> dump */
	ECAT_FMT_TSV_MANIFEST,	/* jdu2600 TSV, manifest/ columns */
	ECAT_FMT_TSV_MOF,	/* jdu2600 TSV, mof/ columns */
	ECAT_FMT_SAMPLE,	/* JSON sample */
	ECAT_FMT__MAX
};

/* TDH input types (tdh.h numbering; docs/etw-manifest-reference.md §2.1). */
enum ecat_intype {
	ECAT_IN_UNKNOWN = 0,
	ECAT_IN_UNICODESTRING = 1,
	ECAT_IN_ANSISTRING = 2,
	ECAT_IN_INT8 = 3,
	ECAT_IN_UINT8 = 4,
	ECAT_IN_INT16 = 5,
	ECAT_IN_UINT16 = 6,
	ECAT_IN_INT32 = 7,
	ECAT_IN_UINT32 = 8,
	ECAT_IN_INT64 = 9,
	ECAT_IN_UINT64 = 10,
	ECAT_IN_FLOAT = 11,
	ECAT_IN_DOUBLE = 12,
	ECAT_IN_BOOLEAN = 13,
	ECAT_IN_BINARY = 14,
	ECAT_IN_GUID = 15,
	ECAT_IN_POINTER = 16,
	ECAT_IN_FILETIME = 17,
	ECAT_IN_SYSTEMTIME = 18,
	ECAT_IN_SID = 19,
	ECAT_IN_HEXINT32 = 20,
	ECAT_IN_HEXINT64 = 21,
	ECAT_IN_COUNTEDSTRING = 22,	/* win:CountedUnicodeString */
	ECAT_IN_COUNTEDANSISTRING = 23,	/* win:CountedAnsiString */
	ECAT_IN_STRUCT = 24,		/* TraceLogging struct / win:Struct */
	ECAT_IN_COUNTEDBINARY = 25,
	ECAT_IN__MAX
};

/* TDH output types (§2.2).  0 means "absent: the inType's default". */
enum ecat_outtype {
	ECAT_OUT_NONE = 0,
	ECAT_OUT_STRING = 1, ECAT_OUT_DATETIME, ECAT_OUT_BYTE,
	ECAT_OUT_UNSIGNEDBYTE, ECAT_OUT_SHORT, ECAT_OUT_UNSIGNEDSHORT,
	ECAT_OUT_INT, ECAT_OUT_UNSIGNEDINT, ECAT_OUT_LONG,
	ECAT_OUT_UNSIGNEDLONG, ECAT_OUT_FLOAT, ECAT_OUT_DOUBLE,
	ECAT_OUT_BOOLEAN, ECAT_OUT_GUID, ECAT_OUT_HEXBINARY,
	ECAT_OUT_HEXINT8, ECAT_OUT_HEXINT16, ECAT_OUT_HEXINT32,
	ECAT_OUT_HEXINT64, ECAT_OUT_PID, ECAT_OUT_TID, ECAT_OUT_PORT,
	ECAT_OUT_IPV4, ECAT_OUT_IPV6, ECAT_OUT_SOCKETADDRESS,
	ECAT_OUT_CIMDATETIME, ECAT_OUT_ETWTIME, ECAT_OUT_XML,
	ECAT_OUT_ERRORCODE, ECAT_OUT_WIN32ERROR, ECAT_OUT_NTSTATUS,
	ECAT_OUT_HRESULT, ECAT_OUT_DATETIME_CULTURE_INSENSITIVE,
	ECAT_OUT_JSON, ECAT_OUT_UTF8, ECAT_OUT_PKCS7, ECAT_OUT_CODEPOINTER,
	ECAT_OUT_DATETIME_UTC,
	ECAT_OUT__MAX
};

/* ecat_field.flags */
#define ECAT_FIELD_STRUCT	0x01	/* a <struct>: members[] used */
#define ECAT_FIELD_COUNT	0x02	/* has count (literal or count_ref) */
#define ECAT_FIELD_LENGTH	0x04	/* has length (literal or length_ref) */
#define ECAT_FIELD_TYPE_CASE	0x08	/* type name matched case-insensitively */

/*
 * One template item: a <data> element, or a <struct> with members.
 * Part of an interned shape, so it carries no source location; the
 * owning ecat_template has per-item lines where the source gives them.
 */
struct ecat_field {
	const char	*name;		/* interned; may be "" (Vista) */
	const char	*intype_name;	/* as written, prefix stripped: "UInt32",
					   "CountedUtf16String", "29" */
	const char	*outtype_name;	/* as written, prefix stripped; NULL if absent */
	const char	*intype_ns;	/* prefix as written ("win"), NULL if none */
	const char	*outtype_ns;
	uint16_t	 intype;	/* enum ecat_intype, 0 if unknown */
	uint16_t	 outtype;	/* enum ecat_outtype, 0 if absent/unknown */
	uint8_t		 flags;
	const char	*map;		/* valueMap/bitMap name, or NULL */
	const char	*count_ref;	/* field named by count=, or NULL */
	uint32_t	 count;		/* literal count when count_ref is NULL */
	const char	*length_ref;	/* field named by length=, or NULL */
	uint32_t	 length;	/* literal length when length_ref is NULL */
	uint32_t	 nmembers;	/* struct members (no nesting) */
	const struct ecat_field *members;
};

/* An interned field list; equal lists in any build share one shape. */
struct ecat_shape {
	uint32_t		 nfields;	/* top-level items */
	const struct ecat_field	*fields;
	uint64_t		 hash;
	/*
	 * Set when a TSV field list could not be parsed: the text as
	 * written, exported unchanged, and nfields is 0.
	 */
	const char		*verbatim;
	uint32_t		 serial;	/* index in catalog->shapes */
};

/* A template as one source wrote it. */
struct ecat_template {
	const char		*tid;		/* template id / name; may be NULL */
	const struct ecat_shape	*shape;
	struct ecat_loc		 loc;
	/* Source line of each top-level field, or NULL (TSV: the row). */
	const uint32_t		*field_lines;
};

/* A named number: level, task, opcode, channel, keyword. */
struct ecat_named {
	const char	*name;		/* "win:Informational", "SockCreate" */
	const char	*symbol;
	const char	*message;	/* resolved display text, or NULL */
	uint64_t	 value;		/* keyword: the mask */
	struct ecat_loc	 loc;
	/* tasks: task-local opcodes; opcodes: owning task value or -1 */
	int64_t		 task;
	uint32_t	 nopcodes;
	struct ecat_named *opcodes;
	/* channels */
	const char	*chid;
	const char	*type;		/* Admin, Operational, Analytic, Debug */
	int		 imported;	/* <importChannel> */
	int		 enabled;
	const char	*message_ref;	/* "$(string.X)" as written, or NULL */
};

struct ecat_mapentry {
	uint64_t	 value;
	const char	*message;	/* resolved text */
	const char	*symbol;
	struct ecat_loc	 loc;
	const char	*message_ref;	/* "$(string.X)" as written, or NULL */
};

struct ecat_map {
	const char		*name;
	int			 bitmap;	/* 0 valueMap, 1 bitMap */
	uint32_t		 nentries;
	struct ecat_mapentry	*entries;
	struct ecat_loc		 loc;
	/* record.c: index in catalog->maps of the distinct map with this
	   content (name, kind, entries; not loc); equal maps in any build
	   have equal serials.  Set by ecat_catalog_finish(). */
	uint32_t		 serial;
};

/* ecat_event.has: which numbers the source actually gave. */
#define ECAT_HAS_LEVEL		0x01
#define ECAT_HAS_TASK		0x02
#define ECAT_HAS_OPCODE		0x04
#define ECAT_HAS_KEYWORDS	0x08
#define ECAT_HAS_CHANNEL	0x10

/*
 * The content of one event version as a source describes it, stored
 * once: every source row (ecat_evrow) of every build that describes it
 * alike refers to the same ecat_event (model.c interns it when a schema
 * is committed, as shapes are interned).  So it holds nothing about
 * where it was: the source line, schema and the source's own template
 * are the row's.
 */
struct ecat_event {
	uint32_t		 id;		/* descriptor is 16-bit; lint checks */
	uint16_t		 version;	/* descriptor is 8-bit; lint checks */
	uint8_t			 has;		/* ECAT_HAS_* */
	uint8_t			 level;
	uint8_t			 opcode;
	uint8_t			 channel;	/* channel value */
	uint16_t		 task;
	uint64_t		 keywords;	/* with channel bits, as declared */
	const char		*name;		/* TSV event name / manifest name= */
	const char		*symbol;
	const char		*level_name;	/* names as written (interned) */
	const char		*task_name;
	const char		*opcode_name;
	const char		*keywords_names; /* space-separated */
	const char		*channel_name;
	const char		*template_ref;	/* template= as written */
	/*
	 * NULL: no template / dangling.  Read only its tid and shape
	 * (part of the content): it is the template of the first source
	 * that described this content, so its loc and field_lines are
	 * that source's; a row's own template is ecat_evrow.tmpl.
	 */
	const struct ecat_template *tmpl;
	const char		*message;	/* resolved message text, or NULL */
	const char		*message_ref;	/* "$(string.X)" as written */
	/* MOF TSV only: class GUID ("category"), event type, description */
	const char		*mof_class;
	const char		*mof_type;
	const char		*mof_desc;
};

/*
 * One event version in one source: its line and that source's template,
 * and a reference to the shared content.  32 bytes where a whole event
 * was 168 (bench/load_mem.c); shared by the builds whose source file
 * is alike (ecat_pschema_alike()).
 */
struct ecat_evrow {
	const struct ecat_event	*ev;		/* shared content */
	const struct ecat_template *tmpl;	/* this source's; NULL as
						   ev->tmpl is */
	uint32_t		 line;		/* in its schema's loc.file
						   (ecat_occ_schema(): one row
						   may be shared by the builds
						   whose source file is
						   byte-for-byte alike) */
	uint32_t		 col;
	/* record.c: the distinct schema this event version shares with
	   every other build whose source describes it alike (content and
	   the maps of its schema it names); set by
	   ecat_catalog_finish(). */
	const struct ecat_record *record;
};

/*
 * One distinct event version schema (record.c): everything a consumer
 * can see of an ecat_event except where it was (loc, schema): the
 * descriptor numbers and names, name, symbol, template id and shape,
 * message and its reference, MOF columns, and the content of the maps
 * its fields name.  Two events share a record exactly when all of that
 * is equal, so a build holds a reference and its own line, and
 * comparing two builds' events starts with comparing record pointers.
 */
struct ecat_record {
	uint32_t		 serial;	/* index in catalog->records:
						   first seen in provider, key,
						   build order */
	uint64_t		 hash;		/* of the content */
	const struct ecat_event	*event;		/* the first event with this
						   content: read only what the
						   record covers, not its loc
						   or schema */
	uint32_t		 nmaps;
	const struct ecat_map	*const *maps;	/* distinct maps its fields
						   (and struct members) name,
						   first-named order */
	uint32_t		 nbuilds;	/* builds whose events use it */
};

struct ecat_build;
struct ecat_record;
struct ecat_provider;

/* A provider as described by one source in one build. */
struct ecat_pschema {
	struct ecat_provider	*provider;
	struct ecat_build	*build;
	enum ecat_srckind	 kind;
	enum ecat_format	 format;
	struct ecat_loc		 loc;		/* file, line of <provider> */
	const char		*name;		/* as the source wrote it */
	const char		*guid;		/* normalised "{lowercase}", or NULL */
	const char		*symbol;
	const char		*resource_file;
	const char		*message_file;
	const char		*parameter_file;
	const char		*message;	/* resolved provider display name */
	const char		*tsv_file;	/* TSV: basename it came from */
	int			 recovered;	/* loaded from malformed XML */
	int			 dups;		/* an (id, version) twice (only
						   its first row is indexed) */
	/*
	 * A dump of provider metadata by etwlib (recognised in
	 * catalog/manifest.c, S_etwlib(); etwcat.1, CATALOG SOURCE
	 * LAYOUT): it writes template= only on the first event of each
	 * field list, so an event of it without template= has fields
	 * this source does not know, never "no fields"; lint reports its
	 * generator artefacts as notes.
	 */
	int			 etwlib;

	uint32_t		 nchannels, nlevels, ntasks, nopcodes, nkeywords;
	uint32_t		 nmaps, ntemplates, nevents;
	struct ecat_named	*channels;
	struct ecat_named	*levels;
	struct ecat_named	*tasks;
	struct ecat_named	*opcodes;	/* provider-global opcodes */
	struct ecat_named	*keywords;
	struct ecat_map		*maps;
	struct ecat_template	*templates;
	struct ecat_evrow	*events;	/* in source order */
	const char		*message_ref;	/* provider message= as written */
	/* record.c: index in catalog->headers of the distinct provider
	   header with this content (name, guid, symbol, files, message,
	   channels, levels, tasks, opcodes, keywords, not lines); set by
	   ecat_catalog_finish(). */
	uint32_t		 header;
};

/* Where a row is in its source, for diagnostics. */
static inline struct ecat_loc
ecat_evrow_loc(const struct ecat_pschema *ps, const struct ecat_evrow *r)
{
	struct ecat_loc	 loc;

	loc.file = ps->loc.file;
	loc.line = r->line;
	loc.col = r->col;
	return loc;
}

/*
 * One occurrence of an (id, version) key in a build, from one source:
 * the schema (hence build, kind and file) and the row's index in its
 * events[].  It names the schema because a row may be shared by
 * several builds.  16 bytes, where a build, row and schema pointer and
 * the kind took 32: there is one per row and build, 844,723 over the
 * 17 TSV builds and 8,441,062 over the 170 of bench/stress.sh, where
 * they take 128 MB rather than 257 MB and validate's peak went from
 * 484 to 341 MB.
 *
 * An occurrence only observed in samples (ecat_observe()) names its
 * build's sample schema (ecat_build.sample: kind ECAT_SRC_SAMPLE, no
 * provider, no rows, in no provider's schemas[]), so that the build and
 * kind are always the schema's.  Outside model.c, read an occurrence
 * through the accessors below, never its members: ecat_occ_schema() and
 * ecat_occ_row() are NULL for a sample occurrence, where ps is not.
 */
struct ecat_occ {
	const struct ecat_pschema *ps;		/* never NULL */
	uint32_t		 rowix;		/* index in ps->events
						   (0 for a sample) */
	uint32_t		 nsamples;	/* samples observed (kind SAMPLE) */
};

#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(struct ecat_occ) == 16,
    "struct ecat_occ is 16 bytes with 64-bit pointers (its comment)");
#endif

static inline struct ecat_build *
ecat_occ_build(const struct ecat_occ *o)
{
	return o->ps->build;
}

static inline enum ecat_srckind
ecat_occ_kind(const struct ecat_occ *o)
{
	return o->ps->kind;
}

/* The occurrence's schema, or NULL for a sample occurrence. */
static inline const struct ecat_pschema *
ecat_occ_schema(const struct ecat_occ *o)
{
	return o->ps->kind == ECAT_SRC_SAMPLE ? NULL : o->ps;
}

/* The occurrence's row, or NULL for a sample occurrence. */
static inline const struct ecat_evrow *
ecat_occ_row(const struct ecat_occ *o)
{
	return o->ps->kind == ECAT_SRC_SAMPLE ? NULL :
	    &o->ps->events[o->rowix];
}

/* One finding of the sample validator about an example. */
struct ecat_finding {
	const char		*id;		/* "sample-bad-value" */
	const char		*severity;	/* "error", "warning", "note" */
	const char		*field;		/* NULL when not about one */
	const char		*text;
};

/* A captured sample kept as an event key's example. */
struct ecat_example {
	const char		*json;		/* pretty-printed, as captured */
	struct ecat_loc		 loc;		/* the sample's file and line */
	const struct ecat_build	*build;		/* the build it was matched in */
	const struct ecat_build	*captured;	/* the sample's own: another
						   than build when it has no
						   schemas (best match) */
	const char		*channel;	/* system.channel as captured */
	uint32_t		 nfindings;	/* 0: clean */
	const struct ecat_finding *findings;
};

/* A maintainer note about one event id (all its versions). */
struct ecat_note {
	uint32_t		 id;		/* event id */
	const char		*md;		/* Markdown as written, mdlen
						   bytes; render/notes_html.h
						   renders it */
	size_t			 mdlen;
	struct ecat_loc		 loc;		/* the .md file */
};

/*
 * A maintainer note about a field (catalog/fieldnotes.h): what the
 * field holds and the values it is known to take, which no schema
 * gives.
 */
struct ecat_fnvalue {
	uint64_t		 value;
	const char		*name;
	const char		*description;	/* or NULL */
	int			 hex;		/* written 0x...: shown so */
};

struct ecat_fnote {
	const char		*field;		/* interned */
	int32_t			 id;		/* event id; -1: every event */
	int32_t			 version;	/* -1: every version */
	const char		*description;	/* or NULL */
	const char		*source;	/* where its facts are from */
	const char		*link;		/* http(s) address, or NULL */
	uint32_t		 nvalues;
	const struct ecat_fnvalue *values;	/* sorted by value */
	struct ecat_loc		 loc;		/* its key in fields.yaml */
};

/* An (event id, version) of one provider across every build. */
struct ecat_evkey {
	uint32_t		 id;
	uint16_t		 version;
	uint32_t		 nocc;
	uint32_t		 occcap;	/* nocc once finished (model.c) */
	struct ecat_occ		*occ;		/* sorted by build order */
	/* Drift findings about this key, in build order (drift.c). */
	uint32_t		 ndrift;
	uint32_t		 npend;		/* model.c, while filing
						   occurrences: how many come */
	const struct ecat_drift	**drift;
	/* A captured sample shown as this key's example, or NULL
	   (validator/validate.c keeps one per key, clean ones first). */
	const struct ecat_example *example;
	/* Sigma rules tied to this key's event id, any version, sorted by
	   title, and per field name how many of them match on it
	   (validator/rules.c, catalog/rules.h). */
	uint32_t		 nrules;
	uint32_t		 nrulefields;
	const struct ecat_rule	**rules;
	const struct ecat_rulefield *rulefields;	/* sorted by name */
};

/* Drift classes (validator/drift.c); ids are part of the interface. */
enum ecat_dclass {
	ECAT_D_PROVIDER_ADDED = 0,
	ECAT_D_PROVIDER_REMOVED,
	ECAT_D_PROVIDER_GUID,
	ECAT_D_EVENT_ADDED,
	ECAT_D_EVENT_REMOVED,
	ECAT_D_VERSION_ADDED,
	ECAT_D_VERSION_REMOVED,
	ECAT_D_FIELDS_APPENDED,
	ECAT_D_FIELDS_INSERTED,
	ECAT_D_FIELDS_REMOVED,
	ECAT_D_FIELD_RENAMED,
	ECAT_D_FIELD_RETYPED,
	ECAT_D_FIELD_PRESENTATION,
	ECAT_D_DESCRIPTOR,
	ECAT_D_MESSAGE,
	ECAT_D_NAME_ONLY,
	ECAT_D_TEMPLATE_LOST,
	ECAT_D__MAX
};

/* enum ecat_dsev (how much a drift class breaks consumers): etwcat.h */

/* One drift finding between two builds. */
struct ecat_drift {
	enum ecat_dclass	 cls;
	enum ecat_dsev		 sev;
	const char		*provider;
	int64_t			 event_id;	/* -1: provider-level */
	int32_t			 version;	/* -1: provider-level */
	const struct ecat_build	*from;
	const struct ecat_build	*to;
	const char		*field;		/* NULL when not about one */
	const char		*before;	/* NULL when not applicable */
	const char		*after;
	struct ecat_loc		 loc;		/* where it is in the later build */
	int			 accepted;	/* in the baseline */
};

struct ecat_provider {
	const char		*name;		/* interned */
	const char		*guid;		/* first GUID seen, normalised */
	uint32_t		 nschemas;
	struct ecat_pschema	**schemas;	/* by build order */
	size_t			 schemacap;
	uint32_t		 nkeys;
	struct ecat_evkey	**keys;		/* sorted by (id, version) after
						   ecat_catalog_finish() */
	size_t			 keycap;
	void			*keyindex;	/* internal hash (id, version); NULL
						   once finished (model.c) */
	uint32_t		 nindexed;	/* schemas[] whose rows have their
						   occurrences filed (model.c) */
	uint64_t		*inbuild;	/* bit ecat_build.serial: a schema
						   in that build (model.c) */
	uint32_t		 ninbuild;	/* words */
	int			 mof;		/* classic MOF provider */
	/* Maintainer notes (catalog/notes.c): SRC/notes/<Provider>/
	   index.md as Markdown (note_mdlen bytes), or NULL, and the
	   event notes by id. */
	const char		*note_md;
	size_t			 note_mdlen;
	uint32_t		 nnotes;
	const struct ecat_note	*notes;		/* sorted by event id */
	/* Field notes (catalog/fieldnotes.h): SRC/notes/<Provider>/
	   fields.yaml, in load order. */
	uint32_t		 nfnotes;
	const struct ecat_fnote	*fnotes;
};

/* Per-provider facts a build.json gives. */
struct ecat_bprov {
	const char	*provider;
	const char	*binary;	/* defining binary */
	const char	*file_version;
	const char	*obtained;	/* how the schema was obtained */
	const char	*copied_from;	/* build id whose schema file stands in
					   for this one (build.json), or NULL */
	const char	*transcription;	/* schema file under the build folder
					   written by hand from a document
					   (catalog/carry.h), or NULL */
};

struct ecat_build {
	const char		*id;		/* folder name */
	const char		*display_name;
	const char		*os_family;
	uint32_t		 build_number;	/* 0: unknown */
	const char		*revision;	/* "20348.4893" style, or NULL */
	const char		*capture_date;
	const char		*dir;		/* SRC/builds/<id>, or NULL */
	uint32_t		 index;		/* position in catalog order */
	uint32_t		 serial;	/* order of creation, kept by
						   ecat_catalog_finish() */
	uint32_t		 nbprov;
	struct ecat_bprov	*bprov;
	const char		*version_string; /* the source tool's own version
						   string (build.json), or NULL */
	/* The schema of this build's sample-only occurrences (ecat_occ),
	   made by the first ecat_observe() in the build, or NULL. */
	struct ecat_pschema	*sample;
	/* Schemas loaded in this build, counted by ecat_catalog_finish().
	   0: a build of captures alone (a folder of loose captures,
	   standard input, -b naming no loaded build), whose real build
	   is not known: its captures are matched against every build
	   (best match), and no page or report lists it as a build.
	   ecat_catalog_finish() sorts these after every other build. */
	uint32_t		 nschemas;
};

/* The build's id, or NULL for a build of captures alone, which
   diagnostics and reports name as no build (ecat_build.nschemas). */
static inline const char *
ecat_build_known(const struct ecat_build *b)
{
	return b != NULL && b->nschemas > 0 ? b->id : NULL;
}

/*
 * The file a walk is visiting (catalog/walk.c), so that its loader
 * opens it by its name in the walk's open folder (catalog/io.c,
 * ecat_open_input); path NULL when none.
 */
struct ecat_walking {
	int			 fd;		/* the folder's */
	const char		*path;		/* the file's, as visited */
	const char		*name;		/* its name in the folder */
	uint64_t		 ino;		/* readdir(3)'s d_ino when it
						   said DT_REG, else 0 */
	uint64_t		 listing;	/* which listing of a folder the
						   file is from: another folder,
						   another number */
};

struct ecat_catalog {
	struct ecat_arena	*arena;
	struct ecat_intern	*strings;
	struct ecat_diag	*diag;		/* not owned */
	void			*shapeindex;	/* internal: shape interner */
	void			*evindex;	/* internal: event content
						   interner (model.c), kept
						   across finishes */
	void			*provindex;	/* internal: name → provider */

	uint32_t		 nbuilds;
	struct ecat_build	**builds;	/* ordered by build number */
	size_t			 buildcap;
	uint32_t		 nproviders;
	struct ecat_provider	**providers;	/* sorted by name when finished */
	size_t			 providercap;

	/* Source roots (SRC folders) given on the command line. */
	uint32_t		 nroots;
	const char		**roots;

	/* Drift findings, build-pair order (validator/drift.c). */
	size_t			 ndrift;
	struct ecat_drift	*drift;

	/* internal (walk.c, io.c) */
	struct ecat_walking	 walking;

	/* Counters for reports and benchmarks. */
	uint64_t		 nfiles;
	uint64_t		 nevents;	/* event versions, all builds */
	uint64_t		 nshapes;	/* distinct field lists */
	uint64_t		 ncontents;	/* distinct event contents
						   (ecat_event), all builds */
	const struct ecat_shape	**shapes;	/* by serial (load order) */
	/* record.c, rebuilt by every ecat_catalog_finish(): the distinct
	   event version schemas, maps and provider headers, by serial. */
	uint32_t		 nrecords;
	const struct ecat_record **records;
	uint32_t		 nmaps;
	const struct ecat_map	**maps;		/* first map seen with each
						   content */
	uint32_t		 nheaders;
	const struct ecat_pschema **headers;	/* first schema seen with each
						   header content */
	void			*recindex;	/* internal (record.c) */
	int			 finished;
	/* internal (tsv.c): field-list text → shape, lives in the arena */
	void			*tsvindex;
	/* internal (sample.c): sample files met while loading, for the
	   validator (catalog/sample.h); lives in the arena */
	void			*samplequeue;
	/* Sigma rules (catalog/sigma.c), in load order; tied to events
	   by validator/rules.c.  See catalog/rules.h. */
	uint32_t		 nrules;
	struct ecat_rule	**rules;
	size_t			 rulecap;
	uint32_t		 nrulefiles;	/* rule files read */
	uint32_t		 rules_resolved; /* nrules when last resolved */
};

/* ------------------------------------------ Sigma rules (catalog/rules.h) */

/* One event-data field a detection mapping matches on. */
struct ecat_rfield {
	const char		*name;		/* "ShareName", interned */
	const char		*modifiers;	/* "contains|all" as written,
						   interned; NULL: none */
	struct ecat_loc		 loc;		/* the key in the rule file */
	int			 header;	/* not event data: a System
						   header field (Keywords...) or
						   Data/Binary; never checked */
};

/* A (provider, event id) a rule is tied to; every version applies. */
struct ecat_rtarget {
	const struct ecat_provider *provider;
	uint32_t		 id;
	const char		*via;		/* the channel or Provider_Name
						   that led there */
};

/*
 * One mapping of a detection selection.  A selection written as a list
 * of mappings (their OR) gives one ecat_rsel per mapping, all with the
 * selection's name; a keyword list gives one without fields.
 */
struct ecat_rsel {
	const char		*name;		/* "selection_shares" */
	struct ecat_loc		 loc;
	uint32_t		 nids;
	const uint32_t		*ids;		/* its EventID values */
	struct ecat_loc		 idloc;		/* the EventID key */
	const struct ecat_loc	*idlocs;	/* each value, as ids */
	uint32_t		 nprovs;
	const char		**provs;	/* Provider_Name values */
	uint32_t		 nchannels;
	const char		**channels;	/* Channel values */
	uint32_t		 nfields;
	const struct ecat_rfield *fields;	/* event-data fields only */
	/* validator/rules.c: the events its fields are checked against */
	uint32_t		 ntargets;
	const struct ecat_rtarget *targets;
};

/* A field a rule uses, all its selections merged (for pages). */
struct ecat_ruse {
	const char		*name;		/* interned */
	const char		*modifiers;	/* distinct modifier chains as
						   written, sorted, ", " between;
						   "eq" for a plain match */
	struct ecat_loc		 loc;		/* first use */
};

/* Whether and why a rule is tied to events (validator/rules.c). */
enum ecat_rstate {
	ECAT_RULE_UNRESOLVED = 0,	/* not resolved yet */
	ECAT_RULE_RESOLVED,		/* tied to at least one event */
	ECAT_RULE_NO_EVENTID,		/* names no concrete EventID */
	ECAT_RULE_CATEGORY,		/* a category, no service: a backend
					   pipeline picks the events */
	ECAT_RULE_NOT_WINDOWS,		/* logsource product not windows */
	ECAT_RULE_UNKNOWN_SERVICE,	/* service not in the service map */
	ECAT_RULE_LEGACY_CHANNEL,	/* System or Application, no
					   Provider_Name */
	ECAT_RULE_NO_PROVIDER,		/* its provider is not in the catalog */
	ECAT_RULE_UNKNOWN_EVENT,	/* provider found, none of its EventIDs */
	ECAT_RULE__MAX
};

/* One Sigma rule (one YAML document). */
struct ecat_rule {
	const char		*title;		/* never NULL (file name if none) */
	const char		*id;		/* the rule's UUID, or NULL */
	const char		*status;	/* NULL when absent */
	const char		*level;
	const char		*author;
	const char		*description;
	const char		*date;
	const char		*modified;
	const char		*condition;	/* first condition as written */
	uint32_t		 nrefs;
	const char		**refs;		/* references */
	uint32_t		 ntags;
	const char		**tags;
	const char		*product;	/* logsource */
	const char		*service;
	const char		*category;
	struct ecat_loc		 loc;		/* file, line of the document */
	struct ecat_loc		 lsloc;		/* the logsource key */
	const char		*path;		/* path in SigmaHQ's tree
						   ("rules/windows/..."), else
						   the file's name */
	const char		*upstream;	/* the rule on GitHub, or NULL */
	uint32_t		 nsels;
	const struct ecat_rsel	*sels;
	uint32_t		 nuses;
	const struct ecat_ruse	*uses;		/* sorted by name */
	/* validator/rules.c */
	enum ecat_rstate	 state;
	const char		*why;		/* not resolved: why, or NULL */
	uint32_t		 ntargets;
	const struct ecat_rtarget *targets;	/* distinct, by provider, id */
	uint32_t		 nunknown_fields; /* ecat_rules_check() findings */
	uint32_t		 nmissing_fields;
	uint32_t		 nunknown_events;
};

/* Per event key: a field name its rules match on, and how many do. */
struct ecat_rulefield {
	const char		*name;		/* interned */
	uint32_t		 nrules;
	int			 present;	/* in this key's field list in
						   some build */
};

/* ------------------------------------------------------ reading (model.c) */

/*
 * What validator/ and render/ may call: lookups.  The catalog is built
 * by the loaders through model_build.h, which only catalog/ includes;
 * ecat_catalog_new(), ecat_catalog_free(), ecat_catalog_finish() and
 * ecat_build_find() are public (etwcat.h).  The stages after loading
 * add their results to a finished catalog through annotate.h, and the
 * validator records late-read samples through sample.h; nothing else
 * outside catalog/ adds to the model.
 */

struct ecat_provider *ecat_provider_find(const struct ecat_catalog *,
	    const char *name);
/* By GUID ("{...}" or bare, any case); NULL if none. */
struct ecat_provider *ecat_provider_find_guid(const struct ecat_catalog *,
	    const char *guid);
/* p's last schema (in load order) in build b, or NULL. */
const struct ecat_pschema *ecat_provider_schema_in(const struct ecat_provider *,
	    const struct ecat_build *);

/*
 * Is ps a manifest rebuilt from TDH by PerfView's (TraceEvent's)
 * RegisteredTraceEventParser, not compiled by mc?  Returns 1 or 0.
 */
int	 ecat_pschema_rebuilt(const struct ecat_pschema *ps);

/* Look up a key; NULL if the provider never had it. */
struct ecat_evkey *ecat_evkey_find(const struct ecat_provider *, uint32_t id,
	    uint16_t version);

/*
 * The file name interned, for ecat_loc.file.  Every stage reports
 * about files, so this one interning function is on the read side: it
 * adds a string the catalog owns, not a node of the model.
 */
const char *ecat_file(struct ecat_catalog *, const char *path);

/* ------------------------------------------------------------- buildruns.c */

/*
 * Runs of builds (issue 13: "ranges, not lists").  A set of builds, in
 * catalog order, as the fewest spans of consecutive builds, each with
 * the builds inside it that are not in the set named as exceptions:
 * "Win10-1511-10586 … Win11-24H2-26100, 15 builds, except
 * Win10-1809-17763".  A gap of more than ECAT_RUN_MAXGAP builds ends a
 * span.  Pages, reports and the exports all list builds this way.
 */
#define ECAT_RUN_MAXGAP	2

struct ecat_brun {
	const struct ecat_build	*first;
	const struct ecat_build	*last;
	uint32_t		 count;		/* builds of the set in the span */
	uint32_t		 nexcept;
	const struct ecat_build	**except;	/* in the span, not in the set */
};

/*
 * in: nin builds of cat, in catalog order (build->index ascending, no
 * duplicates).  Returns the number of runs and sets *runs to an array
 * the caller frees with ecat_bruns_free().
 */
uint32_t ecat_bruns(const struct ecat_catalog *cat,
	    const struct ecat_build *const *in, uint32_t nin,
	    struct ecat_brun **runs);
void	 ecat_bruns_free(struct ecat_brun *runs, uint32_t nruns);
/*
 * The runs as one line of text, malloc'ed: "A … B, 15 builds, except C;
 * D" (a single build is its id alone, two builds "A, B").
 */
char	*ecat_bruns_text(const struct ecat_brun *runs, uint32_t nruns);

/* ---------------------------------------------------------------- types.c */

/*
 * The names of a source kind, one table for every stage: the id the
 * exports write ("manifest", "tsv", "sample"), and the words build.json
 * gives as "obtained" and the site shows ("registered manifest", "TSV
 * export", "captured sample").  NULL for a value out of range.
 */
const char	*ecat_srckind_name(enum ecat_srckind);
const char	*ecat_srckind_obtained(enum ecat_srckind);

/* inType by name (prefix already stripped); case-insensitive fallback
   sets *folded.  TraceEvent aliases (CountedUtf16String...) known. */
enum ecat_intype ecat_intype_lookup(const char *, int *folded);
enum ecat_outtype ecat_outtype_lookup(const char *, int *folded);
/* Canonical name without prefix: "UInt32", "HexInt64", "dateTime". */
const char	*ecat_intype_name(enum ecat_intype);
const char	*ecat_outtype_name(enum ecat_outtype);
/* Qualified canonical names: "win:UInt32", "xs:dateTime". */
const char	*ecat_intype_qname(enum ecat_intype);
const char	*ecat_outtype_qname(enum ecat_outtype);
/* The inType's default outType. */
enum ecat_outtype ecat_outtype_default(enum ecat_intype);
/* Is out valid for in (winmeta list, §2.1)? */
int		 ecat_outtype_valid(enum ecat_intype, enum ecat_outtype);
/* Fixed wire size in bytes, 0 if variable (strings, binary, SID). */
unsigned	 ecat_intype_size(enum ecat_intype);

/* winmeta predefined levels, opcodes, keywords, channels (§1.5-1.6). */
struct ecat_winmeta {
	const char	*name;		/* "win:Informational" */
	uint64_t	 value;
	const char	*message;	/* "Information" */
};
const struct ecat_winmeta *ecat_winmeta_level(const char *qname_local);
const struct ecat_winmeta *ecat_winmeta_opcode(const char *qname_local);
const struct ecat_winmeta *ecat_winmeta_keyword(const char *qname_local);
const struct ecat_winmeta *ecat_winmeta_channel(const char *name);
const struct ecat_winmeta *ecat_winmeta_level_by_value(uint64_t);
const struct ecat_winmeta *ecat_winmeta_opcode_by_value(uint64_t);

#endif /* !ECAT_MODEL_H */
