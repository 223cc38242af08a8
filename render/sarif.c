/*
 * sarif.c: the SARIF 2.1.0 skeleton shared by the validate and drift
 * reports (sarif.h), so that the log, tool, rule and result objects
 * are written in one place and the two reports cannot drift apart.
 * Where files are is render/sarif_uri.c.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "etwcat.h"
#include "sarif.h"

/*
 * Where the tool and each rule are documented: the project's home and
 * its man page as HTML, one anchor per diagnostic id (mandoc tags each
 * ".It Sy ID" of etwcat.1 with the id).  One place to change when the
 * project is published elsewhere; etwcat.invalid is the host the JSON
 * Schemas of docs/schemas/ use too.
 */
#define SARIF_HOME	"https://etwcat.invalid/"
#define SARIF_MANPAGE	SARIF_HOME "etwcat.1.html"

/*
 * GitHub code scanning rejects a run of more than 25,000 results
 * (etwcat.1, --max-results); 0 means no cap.
 */
static uint64_t	 S_max = 25000;

void
ecat_sarif_set_max_results(uint64_t n)
{
	S_max = n;
}

const char *
sarif_level_name(enum sarif_level l)
{
	return l == SARIF_ERROR ? "error" : l == SARIF_WARNING ?
	    "warning" : "note";
}

void
sarif_open(struct jsonw *w, const char *cmd)
{
	char	 id[64];

	jsonw_obj_open(w);
	jsonw_kstr(w, "$schema", "https://json.schemastore.org/"
	    "sarif-2.1.0.json");
	jsonw_kstr(w, "version", "2.1.0");
	jsonw_key(w, "runs");
	jsonw_arr_open(w);
	jsonw_obj_open(w);
	snprintf(id, sizeof(id), "etwcat/%s/", cmd);
	jsonw_key(w, "automationDetails");
	jsonw_obj_open(w);
	jsonw_kstr(w, "id", id);
	jsonw_obj_close(w);
}

void
sarif_close(struct jsonw *w)
{
	jsonw_obj_close(w);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

void
sarif_tool_open(struct jsonw *w, int semver)
{
	jsonw_key(w, "tool");
	jsonw_obj_open(w);
	jsonw_key(w, "driver");
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", "etwcat");
	jsonw_kstr(w, "version", ECAT_VERSION);
	if (semver)
		jsonw_kstr(w, "semanticVersion", ECAT_VERSION);
	jsonw_kstr(w, "informationUri", SARIF_HOME);
	jsonw_key(w, "rules");
	jsonw_arr_open(w);
}

void
sarif_rule(struct jsonw *w, const char *id, const char *brief,
    const char *full, enum sarif_level level)
{
	struct ecat_buf	 uri;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", id);
	jsonw_key(w, "shortDescription");
	jsonw_obj_open(w);
	jsonw_kstr(w, "text", brief);
	jsonw_obj_close(w);
	jsonw_key(w, "fullDescription");
	jsonw_obj_open(w);
	jsonw_kstr(w, "text", full);
	jsonw_obj_close(w);
	jsonw_key(w, "help");
	jsonw_obj_open(w);
	jsonw_kstr(w, "text", full);
	jsonw_obj_close(w);
	/* Ids are lower-case letters, digits and '-': no escaping. */
	ecat_buf_init(&uri);
	ecat_buf_printf(&uri, "%s#%s", SARIF_MANPAGE, id);
	jsonw_kstr(w, "helpUri", uri.buf);
	ecat_buf_free(&uri);
	jsonw_key(w, "defaultConfiguration");
	jsonw_obj_open(w);
	jsonw_kstr(w, "level", sarif_level_name(level));
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

void
sarif_tool_close(struct jsonw *w)
{
	jsonw_arr_close(w);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

void
sarif_result_open(struct jsonw *w, const char *rule, int64_t index,
    enum sarif_level level, const char *text, const char *file,
    uint32_t line, uint32_t col)
{
	struct ecat_buf	 msg;

	jsonw_obj_open(w);
	jsonw_kstr(w, "ruleId", rule);
	jsonw_kint(w, "ruleIndex", index);
	jsonw_kstr(w, "level", sarif_level_name(level));
	jsonw_key(w, "message");
	jsonw_obj_open(w);
	ecat_buf_init(&msg);
	sarif_message(&msg, text);
	jsonw_kstr(w, "text", msg.buf != NULL ? msg.buf : "");
	ecat_buf_free(&msg);
	jsonw_obj_close(w);
	if (file == NULL)
		return;
	jsonw_key(w, "locations");
	jsonw_arr_open(w);
	jsonw_obj_open(w);
	jsonw_key(w, "physicalLocation");
	jsonw_obj_open(w);
	sarif_location(w, file);
	jsonw_key(w, "region");
	jsonw_obj_open(w);
	/* Code scanning needs a line: a whole file is line 1. */
	jsonw_kint(w, "startLine", line > 0 ? line : 1);
	if (line > 0 && col > 0)
		jsonw_kint(w, "startColumn", col);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	jsonw_arr_close(w);
}

void
sarif_result_close(struct jsonw *w)
{
	jsonw_obj_close(w);
}

void
sarif_fingerprint(struct jsonw *w, uint64_t h)
{
	char	 hex[24];

	snprintf(hex, sizeof(hex), "%016" PRIx64, h);
	jsonw_key(w, "partialFingerprints");
	jsonw_obj_open(w);
	jsonw_kstr(w, "etwcatFinding/v1", hex);
	jsonw_obj_close(w);
}

/* ---------------------------------------------------------------- cap */

uint64_t
sarif_cap(const uint64_t n[3], uint64_t keep[3])
{
	uint64_t	 room = S_max, out = 0;
	int		 l;

	for (l = SARIF_ERROR; l >= SARIF_NOTE; l--) {
		keep[l] = S_max == 0 || n[l] <= room ? n[l] : room;
		room -= S_max == 0 ? 0 : keep[l];
		out += n[l] - keep[l];
	}
	return out;
}

void
sarif_cap_props(struct jsonw *w, const uint64_t n[3],
    const uint64_t keep[3])
{
	int	 l;

	jsonw_key(w, "maxResults");
	jsonw_uint(w, S_max);
	jsonw_key(w, "resultsLeftOut");
	jsonw_obj_open(w);
	jsonw_key(w, "total");
	jsonw_uint(w, n[0] + n[1] + n[2] - keep[0] - keep[1] - keep[2]);
	for (l = SARIF_ERROR; l >= SARIF_NOTE; l--) {
		jsonw_key(w, sarif_level_name(l));
		jsonw_uint(w, n[l] - keep[l]);
	}
	jsonw_obj_close(w);
}

void
sarif_cap_warn(const char *cmd, const uint64_t n[3],
    const uint64_t keep[3])
{
	uint64_t	 out[3];
	int		 l;

	for (l = 0; l < 3; l++)
		out[l] = n[l] - keep[l];
	if (out[0] + out[1] + out[2] == 0)
		return;
	fprintf(stderr, "etwcat %s: SARIF: %" PRIu64 " of %" PRIu64
	    " results left out past --max-results %" PRIu64 " (%" PRIu64
	    " errors, %" PRIu64 " warnings, %" PRIu64 " notes); the run's "
	    "properties say so\n", cmd, out[0] + out[1] + out[2],
	    n[0] + n[1] + n[2], S_max, out[SARIF_ERROR], out[SARIF_WARNING],
	    out[SARIF_NOTE]);
}
