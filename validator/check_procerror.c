/*
 * check_procerror.c: an exported event log's record that Windows could
 * not render (docs/capture-formats.md, EVTX): in place of EventData it
 * holds ProcessingErrorData, an error code, the name of the data item
 * where rendering stopped and the raw payload, which the EVTX reader
 * keeps as the payload root "processing_error_data".
 *
 * Such a record has no field values to check, so it is not compared
 * field by field (that gave a missing field for each of the template's
 * fields and an unexpected one for each of the three members: 873 and
 * 873 errors for the 291 such records of HTTP_Server.evtx).  It is one
 * finding instead, an error: Windows itself found the provider's data
 * does not fit the event's template, which is what a schema check is
 * for.  In HTTP_Server.evtx every one is error 15005 at item Url, the
 * same events whose Url runs to the end of the payload without its
 * terminator in HTTP_Server.etl (../shared/captures/SOURCES.md).
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sample.h"
#include "vcheck.h"

/* The text of member name of the payload, or NULL. */
static const char *
S_member(const struct ecat_sample *s, const char *name)
{
	uint32_t	 i;

	for (i = 0; i < s->nfields; i++)
		if (s->fields[i].name != NULL &&
		    strcmp(s->fields[i].name, name) == 0 &&
		    s->fields[i].v.kind == ECAT_SV_STRING)
			return s->fields[i].v.s;
	return NULL;
}

/* Windows' names of the codes met in ProcessingErrorData (winerror.h). */
static const char *
S_codename(const char *code)
{
	if (code == NULL)
		return NULL;
	if (strcmp(code, "15003") == 0)
		return "ERROR_EVT_EVENT_TEMPLATE_NOT_FOUND";
	if (strcmp(code, "15005") == 0)
		return "ERROR_EVT_INVALID_EVENT_DATA: the data does not fit "
		    "the event's template";
	return NULL;
}

int
ecat_vcheck_procerror(struct vctx *v, struct cand *c)
{
	static const struct ecat_spath	 st[1] = { { "processing_error_data",
	    0 } };
	const struct ecat_sample	*s = v->s;
	const char			*code, *item, *name;

	if (s->root == NULL || strcmp(s->root, "processing_error_data") != 0)
		return 0;
	code = S_member(s, "ErrorCode");
	item = S_member(s, "DataItemName");
	name = S_codename(code);
	ecat_vfind(v, c, ECAT_MSG_SAMPLE_PROCESSING_ERROR, item, st, 1,
	    "Windows could not render the event: error %s%s%s%s, at data "
	    "item %s", code != NULL ? code : "(none)", name != NULL ? " (" :
	    "", name != NULL ? name : "", name != NULL ? ")" : "",
	    item != NULL ? item : "(none)");
	return 1;
}
