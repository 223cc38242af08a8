/*
 * carry.c: what each kind of source carries (carry.h): a schema's
 * origin, and per origin the attributes it states for every event.
 *
 * The table is from what the shared corpus shows
 * (../shared/corpus/SOURCES.md), measured:
 *
 *   source manifest   everything (microsoft-tx: SystemEvents.man's
 *                     Kernel-Network has channel, tasks, opcodes and
 *                     every message);
 *   TraceEvent        fields, level, task, opcode, keywords and maps;
 *   rebuild           no messages (resolved strings are the symbols'),
 *                     no channel on any of repnz's 1803 Kernel-Network
 *                     events although the source manifest has one;
 *   metadata dump     (etwlib's: ecat_pschema.etwlib, manifest.c)
 *                     what each event writes, and nothing it leaves
 *                     out: channel on 46,512 of 57,531 events of 25H2,
 *                     a template on 15,841 (the TSVs of the same builds
 *                     have fields for about 24,000 more), opcode= left
 *                     out where the TSVs give one (1,133 drift-descriptor
 *                     findings 22621 against 22621.2134 were of that);
 *                     no messages, no maps;
 *   WEPExplorer       everything but maps where it has no <Maps>,
 *                     and fields where its <Template> is blank, a
 *                     template the dump lost (wepexplorer.c): the
 *                     rows with a template state them;
 *   TSV (manifest)    fields, level, task, opcode and keywords names;
 *                     evtlog_channel and evtlog_message are filled on
 *                     888 of the 24H2 rows only, so an empty one is
 *                     unknown;
 *   TSV (MOF)         fields;
 *   transcription     messages, and what each event writes (a
 *                     template, a level...): seed page 000 shows
 *                     fields and a title for each event and a level
 *                     or channel for none but 301, and its events
 *                     201-203 no fields at all;
 *   sample            nothing (an event only observed).
 */
#include <string.h>
#include <strings.h>

#include "carry.h"

static const struct {
	const char	*name;
	unsigned	 carries;
} origins[ECAT_ORIGIN__MAX] = {
	[ECAT_ORIGIN_MANIFEST] = { "source manifest", ECAT_ATTR__ALL },
	[ECAT_ORIGIN_REBUILD] = { "TraceEvent rebuild", ECAT_ATTR_FIELDS |
	    ECAT_ATTR_LEVEL | ECAT_ATTR_TASK | ECAT_ATTR_OPCODE |
	    ECAT_ATTR_KEYWORDS | ECAT_ATTR_MAPS },
	[ECAT_ORIGIN_ETWLIB] = { "metadata dump", 0 },
	[ECAT_ORIGIN_WEPEXPLORER] = { "WEPExplorer dump", ECAT_ATTR__ALL &
	    ~(ECAT_ATTR_MAPS | ECAT_ATTR_FIELDS) },
	[ECAT_ORIGIN_TSV] = { "TSV", ECAT_ATTR_FIELDS | ECAT_ATTR_LEVEL |
	    ECAT_ATTR_TASK | ECAT_ATTR_OPCODE | ECAT_ATTR_KEYWORDS },
	[ECAT_ORIGIN_TSV_MOF] = { "TSV (MOF)", ECAT_ATTR_FIELDS },
	[ECAT_ORIGIN_TRANSCRIBED] = { "transcription", ECAT_ATTR_MESSAGE },
	[ECAT_ORIGIN_SAMPLE] = { "sample", 0 },
};

/*
 * Is ps the file its build's build.json names as a transcription of
 * its provider?  The path is under the build folder, as written there
 * (buildinfo.c); the schema's file is the folder's path joined to it.
 * Builds without a build.json have no entry, so the common case costs
 * one comparison.
 */
static int
S_transcribed(const struct ecat_pschema *ps)
{
	const struct ecat_build	*b = ps->build;
	const char		*f = ps->loc.file, *t, *name;
	size_t			 n;
	uint32_t		 i;

	if (b == NULL || b->nbprov == 0 || f == NULL || b->dir == NULL)
		return 0;
	n = strlen(b->dir);
	if (strncmp(f, b->dir, n) != 0 || f[n] != '/')
		return 0;
	/* Before the schema is filed (model.c), only its own name. */
	name = ps->provider != NULL ? ps->provider->name : ps->name;
	for (i = 0; i < b->nbprov; i++) {
		if ((t = b->bprov[i].transcription) == NULL ||
		    b->bprov[i].provider == NULL || name == NULL ||
		    strcasecmp(b->bprov[i].provider, name) != 0)
			continue;
		if (strcmp(f + n + 1, t) == 0)
			return 1;
	}
	return 0;
}

enum ecat_origin
ecat_pschema_origin(const struct ecat_pschema *ps)
{
	switch (ps->format) {
	case ECAT_FMT_MANIFEST:
		if (ps->etwlib)		/* manifest.c, S_etwlib() */
			return ECAT_ORIGIN_ETWLIB;
		if (S_transcribed(ps))
			return ECAT_ORIGIN_TRANSCRIBED;
		return ecat_pschema_rebuilt(ps) ? ECAT_ORIGIN_REBUILD :
		    ECAT_ORIGIN_MANIFEST;
	case ECAT_FMT_WEPEXPLORER:
		return ECAT_ORIGIN_WEPEXPLORER;
	case ECAT_FMT_TSV_MANIFEST:
		return ECAT_ORIGIN_TSV;
	case ECAT_FMT_TSV_MOF:
		return ECAT_ORIGIN_TSV_MOF;
	default:
		return ECAT_ORIGIN_SAMPLE;
	}
}

const char *
ecat_origin_name(enum ecat_origin o)
{
	return o < ECAT_ORIGIN__MAX ? origins[o].name : "?";
}

unsigned
ecat_origin_carries(enum ecat_origin o)
{
	return o < ECAT_ORIGIN__MAX ? origins[o].carries : 0;
}

unsigned
ecat_carries(const struct ecat_pschema *ps, const struct ecat_evrow *r)
{
	const struct ecat_event	*e;
	unsigned		 c;

	c = ecat_origin_carries(ecat_pschema_origin(ps));
	if (r == NULL || (e = r->ev) == NULL)
		return c;
	/*
	 * What a row has, it states, whatever its origin: by name, since
	 * the manifest loaders mark every number given (ECAT_HAS_*),
	 * zero by default where the attribute is not written.  A template=
	 * that names no template gives no fields: lint reports it where
	 * the origin carries fields, and elsewhere they stay unknown.
	 */
	if (r->tmpl != NULL || e->tmpl != NULL)
		c |= ECAT_ATTR_FIELDS;
	if (e->channel_name != NULL)
		c |= ECAT_ATTR_CHANNEL;
	if (e->message != NULL || e->message_ref != NULL)
		c |= ECAT_ATTR_MESSAGE;
	if (e->level_name != NULL)
		c |= ECAT_ATTR_LEVEL;
	if (e->task_name != NULL)
		c |= ECAT_ATTR_TASK;
	if (e->opcode_name != NULL)
		c |= ECAT_ATTR_OPCODE;
	if (e->keywords_names != NULL)
		c |= ECAT_ATTR_KEYWORDS;
	if (ps->nmaps > 0)
		c |= ECAT_ATTR_MAPS;
	return c;
}
