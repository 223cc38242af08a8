/*
 * carry.h: what each kind of source carries (internal).
 *
 * Every real source is partial, each in its own way
 * (../shared/corpus/SOURCES.md): a TSV export gives fields and the
 * names of level, task, opcode and keywords but no channel or message
 * on most rows; a TraceEvent rebuild of the registered metadata gives
 * fields and maps but no messages and no channels; an etwlib dump of
 * the provider metadata gives channels and names but no messages, no
 * maps, and lost the template of about 24,000 events; a WEPExplorer
 * dump and a source manifest give everything.  So an attribute a
 * schema does not have is one of two things:
 *
 *   absent   the source carries that attribute and this event has none
 *            (a source manifest's event without channel=);
 *   unknown  the source does not carry it, or not for this event (a
 *            TSV row with an empty evtlog_channel, an etwlib event
 *            without template=).
 *
 * Only absent is "none": an unknown attribute is never shown, compared
 * (drift) or merged as if it were.  ecat_carries() says which
 * attributes a row states, from the table in carry.c by origin.
 *
 * A transcription is a manifest a person wrote from a document that
 * shows a schema (samples/: Hyper-V-VSmb from seed page 000).  Its
 * XML looks like an author's manifest, so only the build's build.json
 * can say what it is: a providers entry's "transcription" names the
 * file (samples/README.md, "build.json").  It states the messages and
 * what each event writes, nothing it leaves out: a page that shows no
 * level does not say the level is 0.
 */
#ifndef ECAT_CARRY_H
#define ECAT_CARRY_H

#include "model.h"

/* The attributes of an event version, as bits. */
#define ECAT_ATTR_FIELDS	0x001	/* template: field list and types */
#define ECAT_ATTR_CHANNEL	0x002
#define ECAT_ATTR_LEVEL		0x004
#define ECAT_ATTR_TASK		0x008
#define ECAT_ATTR_OPCODE	0x010
#define ECAT_ATTR_KEYWORDS	0x020
#define ECAT_ATTR_MESSAGE	0x040	/* the event's message */
#define ECAT_ATTR_MAPS		0x080	/* value and bit maps of its fields */
#define ECAT_ATTR_NAMEMSG	0x100	/* display texts of its channel,
					   level, task, opcode, keywords */
#define ECAT_ATTR__ALL		0x1ff

/* Where a schema's content came from: the generator of its source. */
enum ecat_origin {
	ECAT_ORIGIN_MANIFEST = 0,	/* a manifest as its author wrote it */
	ECAT_ORIGIN_REBUILD,		/* TraceEvent's rebuild from TDH
					   (ecat_pschema_rebuilt()) */
	ECAT_ORIGIN_ETWLIB,		/* etwlib dump of provider metadata
					   (messageFileName="noMessageFile") */
	ECAT_ORIGIN_WEPEXPLORER,	/* WEPExplorer <Providers> dump */
	ECAT_ORIGIN_TSV,		/* jdu2600 TSV, manifest columns */
	ECAT_ORIGIN_TSV_MOF,		/* jdu2600 TSV, MOF columns */
	ECAT_ORIGIN_TRANSCRIBED,	/* written by hand from a document
					   (build.json "transcription") */
	ECAT_ORIGIN_SAMPLE,		/* only observed in captures */
	ECAT_ORIGIN__MAX
};

enum ecat_origin ecat_pschema_origin(const struct ecat_pschema *);

/* "source manifest", "TraceEvent rebuild", "etwlib dump", ... */
const char	*ecat_origin_name(enum ecat_origin);

/* What an origin carries for every event (ECAT_ATTR_* bits). */
unsigned	 ecat_origin_carries(enum ecat_origin);

/*
 * The attributes row r of schema ps states, present or absent: its
 * origin's, plus those this row happens to have (a TSV row's channel
 * and message, an etwlib event's template).  r NULL: the schema's.
 */
unsigned	 ecat_carries(const struct ecat_pschema *ps,
		    const struct ecat_evrow *r);

#endif
