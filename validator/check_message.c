/*
 * check_message.c: the sample validator's check of an event's
 * rendered message against the event's message filled with the
 * sample's values (docs/etw-manifest-reference.md §3 messages), and
 * ecat_message_fill(), the same filling for the site's examples.
 *
 * Separate from the header and field checks: messages are rendered
 * by catalog/msgfmt.c, and compared as a pattern, not value by value.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "carry.h"
#include "merge.h"
#include "model.h"
#include "msgfmt.h"
#include "sample.h"
#include "validate.h"
#include "values.h"
#include "vcheck.h"

/*
 * The expected message is a pattern: literal text, case-insensitive
 * runs (hex, GUIDs, Booleans: renderers differ in case) and holes
 * that match any text (values whose rendering depends on the
 * consumer: maps, error-code texts, dates, addresses, arrays, floats,
 * parameter strings).  Markers inside the pattern buffer:
 */
#define P_ANY	'\001'
#define P_CI	'\002'
#define P_END	'\003'

struct mrender {
	struct vctx		*v;
	struct cand		*c;
	const struct ecat_shape	*sh;
	int			 lenient;	/* sh's outTypes unknown */
	int			 unfilled;	/* an insert beyond the fields */
};

static void
S_pput(struct ecat_buf *out, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] != P_ANY && s[i] != P_CI && s[i] != P_END)
			ecat_buf_putc(out, s[i]);
}

static int
S_minsert(struct ecat_buf *out, const struct ecat_msgfmt *mf,
    const struct ecat_mftok *tok, void *arg)
{
	struct mrender			*r = arg;
	const struct ecat_field		*f;
	const struct ecat_svalue	*val;
	const char			*spec;
	struct ecat_vtype		 t;
	struct ecat_pv			 p;
	char				 num[40];

	if (tok->nstar > 0)
		goto any;
	if (tok->fmtlen > 0) {
		spec = mf->src + tok->fmtoff;
		if (!((tok->fmtlen == 1 && (*spec == 's' || *spec == 'S')) ||
		    (tok->fmtlen == 2 && (strncmp(spec, "ws", 2) == 0 ||
		    strncmp(spec, "ls", 2) == 0))))
			goto any;
	}
	if (r->sh == NULL || tok->n == 0 || tok->n > r->sh->nfields) {
		r->unfilled = 1;
		goto any;
	}
	f = &r->sh->fields[tok->n - 1];
	if ((val = r->v->tmap[tok->n - 1]) == NULL || f->map != NULL ||
	    (f->flags & (ECAT_FIELD_STRUCT | ECAT_FIELD_COUNT)) ||
	    f->count_ref != NULL || val->kind == ECAT_SV_ARRAY)
		goto any;
	t = ecat_vtype_of(f->intype, f->outtype != ECAT_OUT_NONE &&
	    ecat_outtype_valid(f->intype, f->outtype) ? f->outtype :
	    ecat_outtype_default(f->intype));
	if (r->lenient && f->outtype == ECAT_OUT_NONE &&
	    t.cls != ECAT_VC_STRING && t.cls != ECAT_VC_WSTRING &&
	    t.cls != ECAT_VC_GUID && t.cls != ECAT_VC_SID &&
	    t.cls != ECAT_VC_BOOL)
		goto any;
	ecat_value_parse(val, t, 1, &p);
	if (p.res != ECAT_PV_OK)
		goto any;
	switch (t.cls) {
	case ECAT_VC_STRING:
	case ECAT_VC_WSTRING:
	case ECAT_VC_SID:
		if (val->kind != ECAT_SV_STRING || strstr(val->s, "%%") != NULL)
			goto any;
		S_pput(out, val->s, val->len);
		return 0;
	case ECAT_VC_INT:
	case ECAT_VC_PORT:
		if (!p.isint)
			goto any;
		snprintf(num, sizeof(num), "%s%" PRIu64, p.neg ? "-" : "", p.u);
		ecat_buf_puts(out, num);
		return 0;
	case ECAT_VC_HEX:
		snprintf(num, sizeof(num), "%c0x%" PRIX64 "%c", P_CI, p.u,
		    P_END);
		ecat_buf_puts(out, num);
		return 0;
	case ECAT_VC_GUID:
		if (val->s[0] != '{' && val->len != 36)
			goto any;
		ecat_buf_putc(out, P_ANY);	/* braces or not */
		ecat_buf_putc(out, P_CI);
		S_pput(out, val->s[0] == '{' ? val->s + 1 : val->s,
		    val->s[0] == '{' ? 36 : val->len);
		ecat_buf_putc(out, P_END);
		ecat_buf_putc(out, P_ANY);
		return 0;
	case ECAT_VC_BOOL:
		if (val->kind == ECAT_SV_TRUE || val->kind == ECAT_SV_FALSE ||
		    val->kind == ECAT_SV_STRING) {
			ecat_buf_putc(out, P_CI);
			ecat_buf_puts(out, val->kind == ECAT_SV_TRUE ? "true" :
			    val->kind == ECAT_SV_FALSE ? "false" : val->s);
			ecat_buf_putc(out, P_END);
			return 0;
		}
		goto any;
	case ECAT_VC_BINARY:
		/* Messages print binary as 0x and hex (seed 001, 1006). */
		ecat_buf_putc(out, P_ANY);
		ecat_buf_putc(out, P_CI);
		S_pput(out, val->s, val->len);
		ecat_buf_putc(out, P_END);
		return 0;
	default:
		goto any;
	}
any:
	ecat_buf_putc(out, P_ANY);
	return 0;
}

static int
S_mparam(struct ecat_buf *out, uint32_t id, void *arg)
{
	(void)id;
	(void)arg;
	ecat_buf_putc(out, P_ANY);
	return 0;
}

/*
 * Normalise for comparison (etwcat.1, SAMPLE VALIDATION): line ends
 * become LF, U+200E and U+200F go, trailing white space goes.  Pattern
 * markers pass.
 */
static void
S_mnorm(struct ecat_buf *b, const char *s, size_t n)
{
	size_t	 i;

	ecat_buf_reset(b);
	for (i = 0; i < n; i++) {
		if (s[i] == '\r') {
			ecat_buf_putc(b, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
			continue;
		}
		if ((unsigned char)s[i] == 0xe2 && i + 2 < n &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x8e ||
		    (unsigned char)s[i + 2] == 0x8f)) {
			i += 2;
			continue;
		}
		ecat_buf_putc(b, s[i]);
	}
	ecat_buf_put(b, "", 0);
	while (b->len > 0 && isspace((unsigned char)b->buf[b->len - 1]))
		b->buf[--b->len] = '\0';
}

/*
 * Match text against pattern (markers above); the classic wildcard
 * walk with one backtrack point per hole, linear in practice.
 * Returns 1 on a match; else 0 with *pfail at the furthest pattern
 * position reached and *tfail at the text position it was reached at.
 */
static int
S_mmatch(const char *pat, const char *text, size_t *tfail, size_t *pfail)
{
	size_t	 p = 0, t = 0, sp = (size_t)-1, st = 0, best = 0, bestp = 0;
	int	 ci = 0, sci = 0;

	for (;;) {
		while (pat[p] == P_CI || pat[p] == P_END) {
			ci = pat[p] == P_CI;
			p++;
		}
		if (pat[p] == P_ANY) {
			sp = ++p;
			st = t;
			sci = ci;
			continue;
		}
		if (text[t] == '\0' && pat[p] == '\0')
			return 1;
		if (text[t] != '\0' && pat[p] != '\0' && (pat[p] == text[t] ||
		    (ci && tolower((unsigned char)pat[p]) ==
		    tolower((unsigned char)text[t])))) {
			p++;
			t++;
			/*
			 * The furthest point of the message matched, not of
			 * the sample: a hole lets every later place of the
			 * sample be tried, and the furthest text reached
			 * was a space in SMBServer 1006's closing sentence
			 * where the sample's "Mapped Access: 0x81" differs
			 * from the value, 0x80.
			 */
			if (p > bestp) {
				best = t;
				bestp = p;
			}
			continue;
		}
		if (sp == (size_t)-1 || text[st] == '\0') {
			*tfail = best;
			*pfail = bestp;
			return 0;
		}
		p = sp;
		t = ++st;
		ci = sci;
	}
}

/* Up to n bytes of s from off, markers shown as "…", for messages. */
static void
S_excerpt(struct ecat_buf *b, const char *s, size_t off, size_t n)
{
	size_t	 i;

	ecat_buf_putc(b, '"');
	for (i = off; s[i] != '\0' && i < off + n; i++) {
		if (s[i] == P_ANY)
			ecat_buf_puts(b, "...");
		else if (s[i] == '\n')
			ecat_buf_puts(b, "\\n");
		else if (s[i] != P_CI && s[i] != P_END)
			ecat_buf_putc(b, s[i]);
	}
	if (s[i] != '\0')
		ecat_buf_puts(b, "...");
	ecat_buf_putc(b, '"');
}

/*
 * The message to judge the sample by: the candidate event's own, or,
 * where its source carries no messages (a TSV export, a TraceEvent
 * rebuild, an etwlib dump: carry.h), the one the merge of its key in
 * its build takes from another source (catalog/merge.h), of that build
 * or of the nearest other.  Only when that message's event states a
 * field list alike the candidate's (ecat_shape_alike(): same names and
 * inTypes in order), or is of the same build and states none: the
 * merge also takes a message from another build whose fields are
 * unknown, which is right for a page but cannot say which value a %N
 * means.  Returns the event whose message it is, or NULL; *sh and
 * *lenient are the field list to render its inserts by and whether
 * that list's outTypes are unknown: the message's own source's, whose
 * outTypes the text was rendered with (SMBServer 1006's MappedAccess
 * is HexInt32 in the 24H2 WEPExplorer dump, without outType in the
 * TraceEvent rebuild of the sample's build).
 */
static const struct ecat_event *
S_msgevent(const struct cand *c, const struct ecat_shape **sh, int *lenient)
{
	const struct ecat_pschema	*mps;
	const struct ecat_evkey		*k;
	const struct ecat_evrow		*mr;
	const struct ecat_occ		*o;
	struct ecat_merged		 mg;

	*sh = c->ev->tmpl != NULL && c->ev->tmpl->shape->verbatim == NULL ?
	    c->ev->tmpl->shape : NULL;
	*lenient = c->lenient;
	if (c->ev->message != NULL && c->ev->message[0] != '\0')
		return c->ev;
	if ((ecat_carries(c->ps, c->row) & ECAT_ATTR_MESSAGE) ||
	    c->ps->provider == NULL || (k = ecat_evkey_find(c->ps->provider,
	    c->ev->id, c->ev->version)) == NULL)
		return NULL;
	ecat_merge(k, c->build, &mg);
	if (!(mg.known & ECAT_ATTR_MESSAGE) ||
	    (o = mg.at[ECAT_MA_MESSAGE].occ) == NULL ||
	    (mr = ecat_occ_row(o)) == NULL || mr->ev->message == NULL ||
	    mr->ev->message[0] == '\0')
		return NULL;
	mps = ecat_occ_schema(o);
	if (ecat_carries(mps, mr) & ECAT_ATTR_FIELDS) {
		if (!ecat_shape_alike(ecat_row_shape(mr),
		    ecat_row_shape(c->row)))
			return NULL;
		if (mr->ev->tmpl != NULL &&
		    mr->ev->tmpl->shape->verbatim == NULL) {
			*sh = mr->ev->tmpl->shape;
			*lenient = ecat_pschema_rebuilt(mps) ||
			    mps->format == ECAT_FMT_TSV_MANIFEST ||
			    mps->format == ECAT_FMT_TSV_MOF;
		}
	} else if (mg.at[ECAT_MA_MESSAGE].other)
		return NULL;
	return mr->ev;
}

void
ecat_vcheck_message(struct vctx *v, struct cand *c)
{
	const struct ecat_svalue	*m = &v->s->message;
	const struct ecat_msgfmt	*mf;
	const struct ecat_event		*me;
	struct ecat_spath		 st[1] = { { "message", 0 } };
	struct ecat_buf			 pat, raw, text, ex;
	struct mrender			 r;
	void				**slot;
	size_t				 tf, pf;

	if (m->kind != ECAT_SV_STRING || m->len == 0 ||
	    (me = S_msgevent(c, &r.sh, &r.lenient)) == NULL)
		return;
	/* Each event's message is parsed once. */
	slot = ecat_vhslot(&v->msgs, me, 1);
	if (*slot == NULL)
		*slot = ecat_msgfmt_parses(me->message);
	mf = *slot;

	r.v = v;
	r.c = c;
	r.unfilled = 0;
	ecat_buf_init(&raw);
	ecat_buf_init(&pat);
	ecat_buf_init(&text);
	ecat_msgfmt_render(mf, &raw, ECAT_MF_LF, S_minsert, S_mparam, &r);
	S_mnorm(&pat, raw.buf, raw.len);
	S_mnorm(&text, m->s, m->len);
	if (r.unfilled) {
		/* Reported once per event, not per sample (etwcat.1). */
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_MESSAGE_INSERT, NULL, NULL, 0,
		    "%s event %u version %u: \"%s\" has %u field%s",
		    c->ps->name, c->ev->id, c->ev->version, me->message,
		    r.sh != NULL ? r.sh->nfields : 0,
		    r.sh != NULL && r.sh->nfields == 1 ? "" : "s");
		v->finds[v->nfinds - 1].once = c->row;
		v->finds[v->nfinds - 1].once_ps = c->ps;
		c->nsev[ecat_msg_sev(ECAT_MSG_SAMPLE_MESSAGE_INSERT)]--;
	}
	if (!S_mmatch(pat.buf, text.buf, &tf, &pf)) {
		ecat_buf_init(&ex);
		ecat_buf_puts(&ex, "differs after ");
		S_excerpt(&ex, text.buf, tf > 30 ? tf - 30 : 0, tf > 30 ? 30 :
		    tf);
		ecat_buf_puts(&ex, ": the sample has ");
		S_excerpt(&ex, text.buf, tf, 40);
		ecat_buf_puts(&ex, ", the event's message ");
		S_excerpt(&ex, pat.buf, pf, 40);
		ecat_vfind(v, c, ECAT_MSG_SAMPLE_MESSAGE, NULL, st, 1, "%s",
		    ex.buf);
		ecat_buf_free(&ex);
	}
	ecat_buf_free(&raw);
	ecat_buf_free(&pat);
	ecat_buf_free(&text);
}

/* ------------------------------------------------------- message fill */

struct mfill {
	const char *const	*values;
	uint32_t		 n;
};

static int
S_fillinsert(struct ecat_buf *out, const struct ecat_msgfmt *mf,
    const struct ecat_mftok *tok, void *arg)
{
	const struct mfill	*f = arg;

	(void)mf;
	/* '*' widths take insert numbers of their own: as written. */
	if (tok->nstar > 0 || tok->n == 0 || tok->n > f->n ||
	    f->values[tok->n - 1] == NULL)
		return -1;
	ecat_buf_puts(out, f->values[tok->n - 1]);
	return 0;
}

void
ecat_message_fill(struct ecat_buf *out, const char *message,
    const char *const *values, uint32_t nvalues, int lf)
{
	struct ecat_msgfmt	*mf;
	struct mfill		 f;

	f.values = values;
	f.n = nvalues;
	mf = ecat_msgfmt_parses(message);
	ecat_msgfmt_render(mf, out, lf ? ECAT_MF_LF : 0, S_fillinsert, NULL,
	    &f);
	ecat_msgfmt_free(mf);
}

