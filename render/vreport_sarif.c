/*
 * vreport_sarif.c: the SARIF 2.1.0 report of etwcat validate, as
 * GitHub code scanning reads it (etwcat.1, SAMPLE VALIDATION).
 *
 * SARIF is written in one pass (the skeleton in render/sarif.c): the
 * results as they are emitted, then the tool with the rules those
 * results used, so the rules list only the ids that occur and the
 * report stays small.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vformat.h"
#include "sarif.h"

/* Rules in order of first use; ruleidx[msg] is 1 + index. */
struct sarif {
	int		 ruleidx[ECAT_MSG__MAX];
	unsigned	 rules[ECAT_MSG__MAX];
	int		 nrules;
};

static enum sarif_level
S_level(enum ecat_sev s)
{
	return s >= ECAT_SEV_ERROR ? SARIF_ERROR : s == ECAT_SEV_WARNING ?
	    SARIF_WARNING : SARIF_NOTE;
}

/* The rule index of a message: rules are listed in order of first use. */
static int
S_ruleindex(struct sarif *s, unsigned msg)
{
	if (msg >= ECAT_MSG__MAX)
		return -1;
	if (s->ruleidx[msg] == 0) {
		s->rules[s->nrules++] = msg;
		s->ruleidx[msg] = s->nrules;
	}
	return s->ruleidx[msg] - 1;
}

/* A stable fingerprint of a finding (what, where in the data). */
static void
S_fingerprint(struct jsonw *w, const struct ecat_diagrec *d)
{
	uint64_t	 h = ECAT_HASH_SEED;
	char		 hex[24];
	const char	*parts[4];
	size_t		 i;

	parts[0] = d->id;
	parts[1] = d->loc.file != NULL ? d->loc.file : "";
	parts[2] = d->ctx->provider != NULL ? d->ctx->provider : "";
	parts[3] = d->text;
	for (i = 0; i < 4; i++)
		h = ecat_hash(parts[i], strlen(parts[i]) + 1, h);
	h = ecat_hash(&d->loc.line, sizeof(d->loc.line), h);
	snprintf(hex, sizeof(hex), "%016" PRIx64, h);
	jsonw_key(w, "partialFingerprints");
	jsonw_obj_open(w);
	jsonw_kstr(w, "etwcatFinding/v1", hex);
	jsonw_obj_close(w);
}

static void *
S_new(struct ecat_vreport *r)
{
	sarif_open(&r->w);
	jsonw_key(&r->w, "results");
	jsonw_arr_open(&r->w);
	return ecat_calloc(1, sizeof(struct sarif));
}

static void
S_diag(struct ecat_vreport *r, const struct ecat_diagrec *d)
{
	struct jsonw	*w = &r->w;

	sarif_result_open(w, d->id, S_ruleindex(r->p, d->msg),
	    S_level(d->sev), d->text, d->loc.file, d->loc.line, d->loc.col);
	S_fingerprint(w, d);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	vreport_ctx(w, d->ctx, "eventId");
	jsonw_obj_close(w);
	sarif_result_close(w);
}

static void
S_tool(struct ecat_vreport *r)
{
	struct sarif	*s = r->p;
	const char	*id, *help, *text;
	enum ecat_msg	 m;
	int		 i;

	sarif_tool_open(&r->w, 1);
	for (i = 0; i < s->nrules; i++) {
		m = (enum ecat_msg)s->rules[i];
		id = ecat_msg_id(m);
		help = ecat_validate_help(id);
		text = ecat_msg_text(m);
		sarif_rule(&r->w, id, text, help != NULL ? help : text,
		    S_level(ecat_msg_sev(m)));
	}
	sarif_tool_close(&r->w);
}

static void
S_finish(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	jsonw_arr_close(&r->w);
	S_tool(r);
	jsonw_key(&r->w, "invocations");
	jsonw_arr_open(&r->w);
	jsonw_obj_open(&r->w);
	jsonw_kbool(&r->w, "executionSuccessful",
	    ecat_diag_count_sev(r->diag, ECAT_SEV_SYSERR) == 0);
	jsonw_kint(&r->w, "exitCode", ecat_diag_exit(r->diag, r->threshold));
	jsonw_obj_close(&r->w);
	jsonw_arr_close(&r->w);
	jsonw_key(&r->w, "properties");
	jsonw_obj_open(&r->w);
	jsonw_key(&r->w, "summary");
	vreport_summary(r, cat, run);
	jsonw_obj_close(&r->w);
	sarif_close(&r->w);
}

const struct ecat_vformat ecat_vformat_sarif = {
	.name = "sarif",
	.new = S_new,
	.diag = S_diag,
	.finish = S_finish,
	.free = free,
};
