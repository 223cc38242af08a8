/*
 * sarif.c: the SARIF 2.1.0 skeleton shared by the validate and drift
 * reports (sarif.h), so that the log, tool, rule and result objects
 * are written in one place and the two reports cannot drift apart.
 */
#include <stdint.h>

#include "etwcat.h"
#include "sarif.h"

const char *
sarif_level_name(enum sarif_level l)
{
	return l == SARIF_ERROR ? "error" : l == SARIF_WARNING ?
	    "warning" : "note";
}

void
sarif_open(struct jsonw *w)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "$schema", "https://json.schemastore.org/"
	    "sarif-2.1.0.json");
	jsonw_kstr(w, "version", "2.1.0");
	jsonw_key(w, "runs");
	jsonw_arr_open(w);
	jsonw_obj_open(w);
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
	jsonw_key(w, "rules");
	jsonw_arr_open(w);
}

void
sarif_rule(struct jsonw *w, const char *id, const char *brief,
    const char *full, enum sarif_level level)
{
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
	jsonw_obj_open(w);
	jsonw_kstr(w, "ruleId", rule);
	jsonw_kint(w, "ruleIndex", index);
	jsonw_kstr(w, "level", sarif_level_name(level));
	jsonw_key(w, "message");
	jsonw_obj_open(w);
	jsonw_kstr(w, "text", text);
	jsonw_obj_close(w);
	if (file == NULL)
		return;
	jsonw_key(w, "locations");
	jsonw_arr_open(w);
	jsonw_obj_open(w);
	jsonw_key(w, "physicalLocation");
	jsonw_obj_open(w);
	jsonw_key(w, "artifactLocation");
	jsonw_obj_open(w);
	jsonw_key(w, "uri");
	jsonw_uri(w, file);
	jsonw_obj_close(w);
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
