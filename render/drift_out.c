/*
 * drift_out.c: drift reports, one writer per format (text, Markdown,
 * JSON, SARIF 2.1.0) over the findings validator/drift.c put in the
 * model.  Findings a baseline accepted are left out unless `all'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift.h"
#include "jsonw.h"

static int
S_show(const struct ecat_drift *d, int all)
{
	return all || !d->accepted;
}

/* "+ UInt16 TransportLength", "A → B" and so on: what changed. */
static void
S_change(FILE *f, const struct ecat_drift *d)
{
	if (d->before != NULL && d->after != NULL)
		fprintf(f, "%s -> %s", d->before, d->after);
	else if (d->after != NULL)
		fprintf(f, "+ %s", d->after);
	else if (d->before != NULL)
		fprintf(f, "- %s", d->before);
}

static void
S_counts(const struct ecat_catalog *cat, int all, size_t *by)
{
	size_t	 i;

	memset(by, 0, sizeof(size_t) * ECAT_D__MAX);
	for (i = 0; i < cat->ndrift; i++)
		if (S_show(&cat->drift[i], all))
			by[cat->drift[i].cls]++;
}

void
ecat_drift_text(const struct ecat_catalog *cat, FILE *f, int all)
{
	const struct ecat_build	*from = NULL, *to = NULL;
	const char		*prov = NULL;
	int64_t			 ev = -2;
	int32_t			 ver = -2;
	size_t			 i, by[ECAT_D__MAX], shown = 0, accepted = 0;
	int			 c;

	for (i = 0; i < cat->ndrift; i++) {
		const struct ecat_drift *d = &cat->drift[i];

		if (d->accepted)
			accepted++;
		if (!S_show(d, all))
			continue;
		shown++;
		if (d->from != from || d->to != to) {
			fprintf(f, "%s%s -> %s\n", from ? "\n" : "",
			    d->from->id, d->to->id);
			from = d->from;
			to = d->to;
			prov = NULL;
		}
		if (d->provider != prov) {
			fprintf(f, "  %s\n", d->provider);
			prov = d->provider;
			ev = -2;
		}
		if (d->event_id != ev || d->version != ver) {
			if (d->event_id >= 0)
				fprintf(f, "    event %lld v%d\n",
				    (long long)d->event_id, (int)d->version);
			ev = d->event_id;
			ver = d->version;
		}
		fprintf(f, "%s%s: ", d->event_id >= 0 ? "      " : "    ",
		    ecat_dsev_name(d->sev));
		if (d->field != NULL)
			fprintf(f, "%s: ", d->field);
		S_change(f, d);
		if (d->before == NULL && d->after == NULL)
			fputs(ecat_dclass_help(d->cls), f);
		fprintf(f, " [%s]\n", ecat_dclass_id(d->cls));
	}
	S_counts(cat, all, by);
	fprintf(f, "%s%zu finding%s", shown ? "\n" : "", shown,
	    shown == 1 ? "" : "s");
	if (accepted && !all)
		fprintf(f, " (%zu more accepted by the baseline)", accepted);
	fputs(shown ? ":" : ".", f);
	for (c = 0; c < ECAT_D__MAX; c++)
		if (by[c])
			fprintf(f, " %s %zu;", ecat_dclass_id(c), by[c]);
	fputc('\n', f);
}

/* Markdown table cells: no pipes or newlines. */
static void
S_mdcell(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
}

void
ecat_drift_markdown(const struct ecat_catalog *cat, FILE *f, int all)
{
	size_t	 by[ECAT_D__MAX], i, j, n;
	int	 c;

	S_counts(cat, all, by);
	fputs("## Schema drift\n\n| class | severity | findings |\n"
	    "|---|---|---:|\n", f);
	for (c = 0; c < ECAT_D__MAX; c++)
		if (by[c])
			fprintf(f, "| `%s` | %s | %zu |\n", ecat_dclass_id(c),
			    ecat_dsev_name(ecat_dclass_sev(c)), by[c]);
	fputc('\n', f);
	/* One collapsible section per (build pair, provider). */
	for (i = 0; i < cat->ndrift; i = j) {
		const struct ecat_drift *d = &cat->drift[i];

		n = 0;
		for (j = i; j < cat->ndrift && cat->drift[j].provider ==
		    d->provider && cat->drift[j].from == d->from &&
		    cat->drift[j].to == d->to; j++)
			if (S_show(&cat->drift[j], all))
				n++;
		if (n == 0)
			continue;
		fputs("<details><summary>", f);
		S_mdcell(f, d->provider);
		fprintf(f, ": %s &rarr; %s (%zu)</summary>\n\n"
		    "| event | version | severity | class | field | before "
		    "| after |\n|---:|---:|---|---|---|---|---|\n", d->from->id,
		    d->to->id, n);
		for (size_t k = i; k < j; k++) {
			const struct ecat_drift *e = &cat->drift[k];

			if (!S_show(e, all))
				continue;
			if (e->event_id >= 0)
				fprintf(f, "| %lld | %d ", (long long)e->event_id,
				    (int)e->version);
			else
				fputs("| | ", f);
			fprintf(f, "| %s | `%s` | ", ecat_dsev_name(e->sev),
			    ecat_dclass_id(e->cls));
			S_mdcell(f, e->field);
			fputs(" | ", f);
			S_mdcell(f, e->before);
			fputs(" | ", f);
			S_mdcell(f, e->after);
			fputs(" |\n", f);
		}
		fputs("\n</details>\n\n", f);
	}
}

void
ecat_drift_json(const struct ecat_catalog *cat, FILE *f, int all)
{
	struct jsonw	 w;
	size_t		 i, by[ECAT_D__MAX], accepted = 0;
	int		 c;

	jsonw_init(&w, f, 1);
	jsonw_obj_open(&w);
	jsonw_key(&w, "findings");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->ndrift; i++) {
		const struct ecat_drift *d = &cat->drift[i];

		if (d->accepted)
			accepted++;
		if (!S_show(d, all))
			continue;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", ecat_dclass_id(d->cls));
		jsonw_kstr(&w, "severity", ecat_dsev_name(d->sev));
		jsonw_kstr(&w, "provider", d->provider);
		jsonw_key(&w, "event_id");
		if (d->event_id >= 0)
			jsonw_int(&w, d->event_id);
		else
			jsonw_null(&w);
		jsonw_key(&w, "version");
		if (d->version >= 0)
			jsonw_int(&w, d->version);
		else
			jsonw_null(&w);
		jsonw_kstr(&w, "from", d->from->id);
		jsonw_kstr(&w, "to", d->to->id);
		jsonw_kstr(&w, "field", d->field);
		jsonw_kstr(&w, "before", d->before);
		jsonw_kstr(&w, "after", d->after);
		jsonw_kstr(&w, "file", d->loc.file);
		jsonw_kint(&w, "line", d->loc.line);
		jsonw_kbool(&w, "accepted", d->accepted);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	S_counts(cat, all, by);
	jsonw_key(&w, "summary");
	jsonw_obj_open(&w);
	jsonw_kint(&w, "breaking", (int64_t)ecat_drift_count(cat,
	    ECAT_DSEV_BREAKING));
	jsonw_kint(&w, "warning", (int64_t)(ecat_drift_count(cat,
	    ECAT_DSEV_WARNING) - ecat_drift_count(cat, ECAT_DSEV_BREAKING)));
	jsonw_kint(&w, "note", (int64_t)(ecat_drift_count(cat,
	    ECAT_DSEV_NOTE) - ecat_drift_count(cat, ECAT_DSEV_WARNING)));
	jsonw_kint(&w, "accepted", (int64_t)accepted);
	jsonw_key(&w, "by_id");
	jsonw_obj_open(&w);
	for (c = 0; c < ECAT_D__MAX; c++)
		if (by[c])
			jsonw_kint(&w, ecat_dclass_id(c), (int64_t)by[c]);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
}

/* SARIF levels: breaking is an error, the rest map by name. */
static const char *
S_sarif_level(enum ecat_dsev s)
{
	return s == ECAT_DSEV_BREAKING ? "error" :
	    s == ECAT_DSEV_WARNING ? "warning" : "note";
}

void
ecat_drift_sarif(const struct ecat_catalog *cat, FILE *f, int all)
{
	struct jsonw	 w;
	size_t		 i;
	int		 c;

	jsonw_init(&w, f, 1);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	jsonw_kstr(&w, "version", "2.1.0");
	jsonw_key(&w, "runs");
	jsonw_arr_open(&w);
	jsonw_obj_open(&w);
	jsonw_key(&w, "tool");
	jsonw_obj_open(&w);
	jsonw_key(&w, "driver");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "name", "etwcat");
	jsonw_kstr(&w, "version", ECAT_VERSION);
	jsonw_key(&w, "rules");
	jsonw_arr_open(&w);
	for (c = 0; c < ECAT_D__MAX; c++) {
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", ecat_dclass_id(c));
		jsonw_key(&w, "shortDescription");
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "text", ecat_dclass_id(c));
		jsonw_obj_close(&w);
		jsonw_key(&w, "fullDescription");
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "text", ecat_dclass_help(c));
		jsonw_obj_close(&w);
		jsonw_key(&w, "help");
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "text", ecat_dclass_help(c));
		jsonw_obj_close(&w);
		jsonw_key(&w, "defaultConfiguration");
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "level", S_sarif_level(ecat_dclass_sev(c)));
		jsonw_obj_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	jsonw_key(&w, "results");
	jsonw_arr_open(&w);
	for (i = 0; i < cat->ndrift; i++) {
		const struct ecat_drift *d = &cat->drift[i];
		struct ecat_buf	 msg;

		if (!S_show(d, all))
			continue;
		ecat_buf_init(&msg);
		ecat_buf_printf(&msg, "%s", d->provider);
		if (d->event_id >= 0)
			ecat_buf_printf(&msg, " event %lld v%d",
			    (long long)d->event_id, (int)d->version);
		ecat_buf_printf(&msg, ", %s -> %s: ", d->from->id, d->to->id);
		if (d->field != NULL)
			ecat_buf_printf(&msg, "%s: ", d->field);
		if (d->before != NULL && d->after != NULL)
			ecat_buf_printf(&msg, "%s -> %s", d->before, d->after);
		else if (d->after != NULL)
			ecat_buf_printf(&msg, "+ %s", d->after);
		else if (d->before != NULL)
			ecat_buf_printf(&msg, "- %s", d->before);
		else
			ecat_buf_puts(&msg, ecat_dclass_help(d->cls));
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "ruleId", ecat_dclass_id(d->cls));
		jsonw_kint(&w, "ruleIndex", d->cls);
		jsonw_kstr(&w, "level", S_sarif_level(d->sev));
		jsonw_key(&w, "message");
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "text", msg.buf);
		jsonw_obj_close(&w);
		if (d->loc.file != NULL) {
			jsonw_key(&w, "locations");
			jsonw_arr_open(&w);
			jsonw_obj_open(&w);
			jsonw_key(&w, "physicalLocation");
			jsonw_obj_open(&w);
			jsonw_key(&w, "artifactLocation");
			jsonw_obj_open(&w);
			jsonw_key(&w, "uri");
			jsonw_uri(&w, d->loc.file);
			jsonw_obj_close(&w);
			jsonw_key(&w, "region");
			jsonw_obj_open(&w);
			jsonw_kint(&w, "startLine", d->loc.line > 0 ?
			    d->loc.line : 1);
			jsonw_obj_close(&w);
			jsonw_obj_close(&w);
			jsonw_obj_close(&w);
			jsonw_arr_close(&w);
		}
		jsonw_obj_close(&w);
		ecat_buf_free(&msg);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
}
