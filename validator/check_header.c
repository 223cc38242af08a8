/*
 * check_header.c: the sample validator's checks of an event's header
 * (system.level, task, opcode, keywords, channel) against the event's
 * declaration (docs/etw-manifest-reference.md §1.4 descriptor, §1.5
 * channels, §1.6 levels, tasks, opcodes, keywords).
 *
 * Separate from the payload and message checks: these read the
 * schema's definition tables and winmeta, not the template.  Only
 * numbers the source gave (ECAT_HAS_*) are compared; a name where
 * EventData's System element holds a number is a quirk.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "carry.h"
#include "model.h"
#include "sample.h"
#include "values.h"
#include "vcheck.h"

/* Keyword bits 56-63 are channel bits mc adds (manifest §1.5, §1.6). */
#define V_KW_MASK	((uint64_t)0x00ffffffffffffffULL)

/* Is the text a name rather than a number?  1 or 0. */
static int
S_isname(const struct ecat_svalue *v)
{
	size_t	 i;

	if (v->kind != ECAT_SV_STRING)
		return 0;
	for (i = 0; i < v->len; i++)
		if (isalpha((unsigned char)v->s[i]) &&
		    !(i == 1 && (v->s[i] == 'x' || v->s[i] == 'X')))
			return 1;
	return 0;
}

/* A named number (level, task, opcode) by its name or display text. */
static const struct ecat_named *
S_named(const struct ecat_named *t, uint32_t n, const char *s)
{
	uint32_t	 i;
	const char	*b;

	for (i = 0; i < n; i++) {
		b = t[i].name;
		if (b != NULL && strncmp(b, "win:", 4) == 0)
			b += 4;
		if ((t[i].name != NULL && strcasecmp(t[i].name, s) == 0) ||
		    (b != NULL && strcasecmp(b, s) == 0) ||
		    (t[i].message != NULL && strcasecmp(t[i].message, s) == 0))
			return &t[i];
	}
	return NULL;
}

/* winmeta by name ("win:Informational", "Informational") or display
   text ("Information", seed 001's "level": "Information"). */
static const struct ecat_winmeta *
S_winmeta(int kind, const char *s)
{
	const struct ecat_winmeta	*w;
	uint64_t			 i;

	w = kind == 0 ? ecat_winmeta_level(s) : ecat_winmeta_opcode(s);
	if (w != NULL)
		return w;
	for (i = 0; i < 256; i++) {
		w = kind == 0 ? ecat_winmeta_level_by_value(i) :
		    ecat_winmeta_opcode_by_value(i);
		if (w != NULL && w->message != NULL &&
		    strcasecmp(w->message, s) == 0)
			return w;
	}
	return NULL;
}

enum hkind { H_LEVEL, H_TASK, H_OPCODE };

/*
 * Is declared the value a schema made from TDH gives a task or level
 * it does not know?  TDH (through which TraceEvent rebuilds, etwlib
 * dumps and jdu2600's TSVs are made) reports task 0 for an event whose
 * manifest names no task it can resolve, and a level its metadata
 * holds, which for the Security log's events is Informational (4)
 * where Windows logs them at 0: on ../shared/samples against the 17
 * TSV builds, 6,765 Security-Auditing samples each differ in both
 * (task 12544 and others against task_0), and Service Control
 * Manager's are logged at 2 or 4 where the TSV says win:Always (0).
 * Such a difference says nothing about the provider or the capture: a
 * note (sample-header-rebuild).  A level other than these two, and
 * every opcode, keyword and channel difference, stays a warning.
 */
static int
S_tdhdefault(const struct ecat_pschema *ps, enum hkind k, uint64_t declared)
{
	switch (ecat_pschema_origin(ps)) {
	case ECAT_ORIGIN_REBUILD:
	case ECAT_ORIGIN_ETWLIB:
	case ECAT_ORIGIN_TSV:
	case ECAT_ORIGIN_TSV_MOF:
		break;
	default:
		return 0;
	}
	return (k == H_TASK && declared == 0) ||
	    (k == H_LEVEL && (declared == 0 || declared == 4));
}

/*
 * Level, task or opcode: a number, compared when the source gave one
 * (ECAT_HAS_*), or a name resolved through the schema's tables and
 * winmeta (a quirk: EventData's System element holds numbers).
 */
static void
S_hnum(struct vctx *v, struct cand *c, enum hkind k)
{
	static const char *const what[] = { "level", "task", "opcode" };
	static const uint8_t hasbit[] = { ECAT_HAS_LEVEL, ECAT_HAS_TASK,
	    ECAT_HAS_OPCODE };
	const struct ecat_sample	*s = v->s;
	const struct ecat_svalue	*val = k == H_LEVEL ? &s->level :
	    k == H_TASK ? &s->task : &s->opcode;
	const struct ecat_event		*e = c->ev;
	const struct ecat_pschema	*ps = c->ps;
	const struct ecat_named		*d = NULL;
	const struct ecat_winmeta	*w = NULL;
	const char			*declname;
	struct ecat_spath		 st[2] = { { "system", 0 }, { NULL, 0 } };
	struct ecat_pv			 p;
	uint64_t			 declared, got;
	char				 show[64];
	uint32_t			 i;

	st[1].key = what[k];
	if (val->kind == ECAT_SV_ABSENT || val->kind == ECAT_SV_NULL)
		return;
	declared = k == H_LEVEL ? e->level : k == H_TASK ? e->task : e->opcode;
	declname = k == H_LEVEL ? e->level_name : k == H_TASK ? e->task_name :
	    e->opcode_name;
	if (S_isname(val)) {
		/* Resolve the name: the schema's, then winmeta's. */
		if (k == H_LEVEL)
			d = S_named(ps->levels, ps->nlevels, val->s);
		else if (k == H_TASK)
			d = S_named(ps->tasks, ps->ntasks, val->s);
		else {
			for (i = 0; d == NULL && i < ps->ntasks; i++)
				if (ps->tasks[i].value == e->task)
					d = S_named(ps->tasks[i].opcodes,
					    ps->tasks[i].nopcodes, val->s);
			if (d == NULL)
				d = S_named(ps->opcodes, ps->nopcodes, val->s);
		}
		if (d == NULL && k != H_TASK)
			w = S_winmeta(k == H_LEVEL ? 0 : 1, val->s);
		if (d == NULL && w == NULL && k == H_TASK &&
		    (strcasecmp(val->s, "None") == 0 ||
		    strcasecmp(val->s, "win:None") == 0))
			w = &(const struct ecat_winmeta){ "win:None", 0, "None" };
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_NONCANONICAL, NULL, st, 2,
		    "%s: %s given by name", ecat_value_show(val, show,
		    sizeof(show)), what[k]);
		if (d == NULL && w == NULL) {
			/* Unknown to the tables: compare the names. */
			if (declname != NULL && (strcasecmp(declname, val->s) == 0 ||
			    (strncmp(declname, "win:", 4) == 0 &&
			    strcasecmp(declname + 4, val->s) == 0)))
				return;
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
			    "%s %s is not a name the schema defines (%s is "
			    "declared %s)", what[k], ecat_value_show(val, show,
			    sizeof(show)), e->symbol != NULL ? e->symbol :
			    "the event", declname != NULL ? declname :
			    "without one");
			return;
		}
		if (!(e->has & hasbit[k]))
			return;
		got = d != NULL ? d->value : w->value;
	} else {
		memset(&p, 0, sizeof(p));
		if (ecat_value_int(val, k == H_TASK ? 2 : 1, 0, 0, &p) !=
		    ECAT_PV_OK) {
			ecat_vfind(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
			    "%s %s is not a %s", what[k], ecat_value_show(val,
			    show, sizeof(show)), k == H_TASK ? "16-bit number" :
			    "number from 0 to 255");
			return;
		}
		ecat_vquirks(v, c, p.q & ~(1u << ECAT_Q_HEX_FOR_DEC), NULL, st,
		    2, val);
		if (!(e->has & hasbit[k]))
			return;
		got = p.u;
	}
	if (got == declared)
		return;
	if (S_tdhdefault(ps, k, declared)) {
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_HEADER_REBUILD, NULL, st, 2,
		    "%s is %" PRIu64 ", the event declares %" PRIu64 "%s%s%s:"
		    " a schema made from TDH (%s) says so where TDH knows no "
		    "%s", what[k], got, declared,
		    declname != NULL ? " (" : "", declname != NULL ?
		    declname : "", declname != NULL ? ")" : "",
		    ecat_origin_name(ecat_pschema_origin(ps)), what[k]);
		return;
	}
	ecat_vfind(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
	    "%s is %" PRIu64 ", the event declares %" PRIu64 "%s%s%s",
	    what[k], got, declared, declname != NULL ? " (" : "",
	    declname != NULL ? declname : "",
	    declname != NULL ? ")" : "");
}

static void
S_hlevel(struct vctx *v, struct cand *c)
{
	S_hnum(v, c, H_LEVEL);
}

static void
S_htask(struct vctx *v, struct cand *c)
{
	S_hnum(v, c, H_TASK);
}

static void
S_hopcode(struct vctx *v, struct cand *c)
{
	S_hnum(v, c, H_OPCODE);
}

/* Keywords, decimal or hex, compared with channel bits masked. */
static void
S_hkeywords(struct vctx *v, struct cand *c)
{
	const struct ecat_svalue	*val = &v->s->keywords;
	struct ecat_spath		 st[2] = { { "system", 0 },
	    { "keywords", 0 } };
	struct ecat_pv			 p;
	char				 show[64];

	if (val->kind == ECAT_SV_ABSENT || val->kind == ECAT_SV_NULL)
		return;
	memset(&p, 0, sizeof(p));
	if (ecat_value_anyint(val, 0, &p) != ECAT_PV_OK || p.neg) {
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
		    "keywords %s are not a 64-bit mask", ecat_value_show(val,
		    show, sizeof(show)));
		return;
	}
	/* Decimal keywords are the seeds' normal form: not a quirk. */
	ecat_vquirks(v, c, p.q & (1u << ECAT_Q_PADDED), NULL, st, 2, val);
	if (!(c->ev->has & ECAT_HAS_KEYWORDS))
		return;
	if ((p.u & V_KW_MASK) != (c->ev->keywords & V_KW_MASK))
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
		    "keywords 0x%" PRIx64 " (channel bits masked), the event "
		    "declares 0x%" PRIx64 "%s%s%s", p.u & V_KW_MASK,
		    c->ev->keywords & V_KW_MASK,
		    c->ev->keywords_names != NULL ? " (" : "",
		    c->ev->keywords_names != NULL ? c->ev->keywords_names : "",
		    c->ev->keywords_names != NULL ? ")" : "");
}

/*
 * The channel, by name.  "ETW Trace" is what converters write for a
 * real-time session, which is no channel; a rebuilt manifest or a TSV
 * export without a channel does not say.  A real manifest's event
 * without a channel is logged to no channel (§1.4).
 */
static void
S_hchannel(struct vctx *v, struct cand *c)
{
	const struct ecat_svalue	*val = &v->s->channel;
	const struct ecat_event		*e = c->ev;
	const struct ecat_pschema	*ps = c->ps;
	const struct ecat_winmeta	*w;
	const char			*decl = NULL;
	struct ecat_spath		 st[2] = { { "system", 0 },
	    { "channel", 0 } };
	char				 show[64];
	uint32_t			 i;

	if (val->kind != ECAT_SV_STRING || val->len == 0 ||
	    strcasecmp(val->s, "ETW Trace") == 0)
		return;
	if (e->channel_name == NULL) {
		if (c->rebuilt || c->lenient ||
		    (ps->format != ECAT_FMT_MANIFEST &&
		    ps->format != ECAT_FMT_WEPEXPLORER))
			return;
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
		    "channel %s, the event declares no channel",
		    ecat_value_show(val, show, sizeof(show)));
		return;
	}
	for (i = 0; i < ps->nchannels; i++)
		if ((ps->channels[i].chid != NULL &&
		    strcmp(ps->channels[i].chid, e->channel_name) == 0) ||
		    (ps->channels[i].name != NULL &&
		    strcmp(ps->channels[i].name, e->channel_name) == 0)) {
			decl = ps->channels[i].name;
			break;
		}
	if (decl == NULL && (w = ecat_winmeta_channel(e->channel_name)) !=
	    NULL)
		decl = w->name;
	if (decl == NULL)
		decl = e->channel_name;
	if (strcasecmp(decl, val->s) != 0)
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_HEADER, NULL, st, 2,
		    "channel %s, the event declares %s",
		    ecat_value_show(val, show, sizeof(show)), decl);
}

/* The header checks, in the order findings are listed. */
static const struct {
	void	(*fn)(struct vctx *, struct cand *);
} hchecks[] = {
	{ S_hlevel },
	{ S_htask },
	{ S_hopcode },
	{ S_hkeywords },
	{ S_hchannel },
};

void
ecat_vcheck_header(struct vctx *v, struct cand *c)
{
	size_t	 i;

	for (i = 0; i < sizeof(hchecks) / sizeof(hchecks[0]); i++)
		hchecks[i].fn(v, c);
}
