/*
 * drift.c: classify schema changes between Windows builds.
 *
 * Source of the classes: docs/etw-manifest-reference.md §5.  Keys are
 * (provider, event id, version), the triple TDH decodes by (§5.1).  A
 * third of real template changes come without a version bump (§5.2),
 * so field lists are compared under every unchanged key.
 *
 * Each provider's keys are walked once for all build pairs (S_walk),
 * so a run is one pass over the keys, and interned shapes and shared
 * records make unchanged events a pointer comparison.  The field lists
 * that differ are compared in drift_fields.c, the etwlib dump's ways
 * of writing them in drift_cross.c; the classes, the findings, the
 * descriptor, the walk and the baselines are here.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "carry.h"
#include "drift.h"
#include "drift_cross.h"
#include "drift_int.h"
#include "io.h"

static const struct {
	const char	*id;
	enum ecat_dsev	 sev;
	const char	*help;
} classes[ECAT_D__MAX] = {
	[ECAT_D_PROVIDER_ADDED] = { "drift-provider-added", ECAT_DSEV_NOTE,
	    "A provider is present in the later build only." },
	[ECAT_D_PROVIDER_REMOVED] = { "drift-provider-removed",
	    ECAT_DSEV_WARNING,
	    "A provider of the earlier build is missing from the later one." },
	[ECAT_D_PROVIDER_GUID] = { "drift-provider-guid", ECAT_DSEV_BREAKING,
	    "A provider keeps its name but has a new GUID: sessions enabling "
	    "it by GUID stop receiving events." },
	[ECAT_D_EVENT_ADDED] = { "drift-event-added", ECAT_DSEV_NOTE,
	    "A new event id." },
	[ECAT_D_EVENT_REMOVED] = { "drift-event-removed", ECAT_DSEV_WARNING,
	    "An event id of the earlier build is gone from the later one." },
	[ECAT_D_VERSION_ADDED] = { "drift-version-added", ECAT_DSEV_NOTE,
	    "A new version of an existing event id." },
	[ECAT_D_VERSION_REMOVED] = { "drift-version-removed",
	    ECAT_DSEV_WARNING,
	    "A version of an event id is gone while the id remains." },
	[ECAT_D_FIELDS_APPENDED] = { "drift-fields-appended",
	    ECAT_DSEV_WARNING,
	    "Fields appended under an unchanged (id, version): consumers by "
	    "name keep working, fixed-size parsers may not." },
	[ECAT_D_FIELDS_INSERTED] = { "drift-fields-inserted",
	    ECAT_DSEV_BREAKING,
	    "Fields inserted before existing ones, or reordered, under an "
	    "unchanged (id, version): positional and %N consumers break." },
	[ECAT_D_FIELDS_REMOVED] = { "drift-fields-removed",
	    ECAT_DSEV_BREAKING,
	    "Fields removed under an unchanged (id, version)." },
	[ECAT_D_FIELD_RENAMED] = { "drift-field-renamed", ECAT_DSEV_BREAKING,
	    "A field keeps its position and type but has a new name: rules "
	    "and parsers matching the name break." },
	[ECAT_D_FIELD_RETYPED] = { "drift-field-retyped", ECAT_DSEV_BREAKING,
	    "A field's inType changed under an unchanged (id, version): its "
	    "bytes decode differently." },
	[ECAT_D_FIELD_PRESENTATION] = { "drift-field-presentation",
	    ECAT_DSEV_NOTE,
	    "A field's outType, map, count or length changed: how it "
	    "renders, not its bytes." },
	[ECAT_D_DESCRIPTOR] = { "drift-descriptor", ECAT_DSEV_WARNING,
	    "Level, task, opcode, keywords (channel bits masked) or channel "
	    "changed: filters and sessions may no longer select the event." },
	[ECAT_D_MESSAGE] = { "drift-message", ECAT_DSEV_NOTE,
	    "The message template's text or inserts changed." },
	[ECAT_D_NAME_ONLY] = { "drift-name-only", ECAT_DSEV_NOTE,
	    "A symbol, task or opcode name changed while the numbers stayed "
	    "the same (or are unknown): usually an artefact of how the "
	    "schema was dumped." },
	[ECAT_D_TEMPLATE_LOST] = { "drift-template-lost", ECAT_DSEV_WARNING,
	    "An event version had fields and the later build's source gives "
	    "it none under the same (id, version).  ETW wants a new version "
	    "for a new template, so this is almost always a source that lost "
	    "the template, not a provider that dropped its fields: check "
	    "both sources named." },
};

static const char *const sevnames[] = { "note", "warning", "breaking" };

const char *
ecat_dclass_id(enum ecat_dclass c)
{
	return c < ECAT_D__MAX ? classes[c].id : NULL;
}

enum ecat_dsev
ecat_dclass_sev(enum ecat_dclass c)
{
	return classes[c].sev;
}

const char *
ecat_dclass_help(enum ecat_dclass c)
{
	return classes[c].help;
}

const char *
ecat_dsev_name(enum ecat_dsev s)
{
	return s <= ECAT_DSEV_BREAKING ? sevnames[s] : "?";
}

/* ------------------------------------------------------------- findings */


struct ecat_drift *
drift_add(struct run *r, enum ecat_dclass c, const char *field,
    const char *before, const char *after)
{
	struct ecat_catalog	*cat = r->cat;
	struct ecat_drift	*d;

	if (cat->ndrift == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 1024;
		cat->drift = ecat_reallocarray(cat->drift, r->cap,
		    sizeof(*cat->drift));
		r->keyof = ecat_reallocarray(r->keyof, r->cap,
		    sizeof(*r->keyof));
		r->pairof = ecat_reallocarray(r->pairof, r->cap,
		    sizeof(*r->pairof));
	}
	r->keyof[cat->ndrift] = r->key;
	r->pairof[cat->ndrift] = r->pair;
	d = &cat->drift[cat->ndrift++];
	memset(d, 0, sizeof(*d));
	d->cls = c;
	d->sev = classes[c].sev;
	d->provider = r->provider;
	d->event_id = r->key != NULL ? (int64_t)r->key->id : -1;
	d->version = r->key != NULL ? (int32_t)r->key->version : -1;
	d->from = r->from;
	d->to = r->to;
	d->field = ecat_str(cat, field);
	d->before = ecat_str(cat, before);
	d->after = ecat_str(cat, after);
	if (r->eb != NULL)
		d->loc = ecat_evrow_loc(ecat_occ_schema(r->eb),
		    ecat_occ_row(r->eb));
	return d;
}

/* "UInt32 Name" for reports; interned. */
static const char *
S_fdesc(struct ecat_catalog *cat, const struct ecat_field *f)
{
	char	*s;
	const char *in;

	s = ecat_asprintf("%s %s", f->intype_name != NULL ? f->intype_name :
	    "?", f->name);
	in = ecat_str(cat, s);
	free(s);
	return in;
}

void
drift_addf(struct run *r, enum ecat_dclass c, const char *field,
    const struct ecat_field *fa, const struct ecat_field *fb)
{
	drift_add(r, c, field, fa != NULL ? S_fdesc(r->cat, fa) : NULL,
	    fb != NULL ? S_fdesc(r->cat, fb) : NULL);
}

/*
 * The earlier build's event (ea) had the fields of sh; the later one's
 * source states none under the same key.  The finding is at the later
 * source's line and names the earlier one's, with both origins.
 */
static void
S_lost(struct run *r, const struct ecat_occ *ea, const struct ecat_shape *sh)
{
	const struct ecat_pschema	*pa = ecat_occ_schema(ea);
	const struct ecat_pschema	*pb = ecat_occ_schema(r->eb);
	struct ecat_loc			 la;
	char				*before, *after;

	la = ecat_evrow_loc(pa, ecat_occ_row(ea));
	before = ecat_asprintf("%u field%s (%s, %s:%u)", sh->nfields,
	    sh->nfields == 1 ? "" : "s",
	    ecat_origin_name(ecat_pschema_origin(pa)),
	    la.file != NULL ? la.file : "?", la.line);
	after = ecat_asprintf("no template (%s)",
	    ecat_origin_name(ecat_pschema_origin(pb)));
	drift_add(r, ECAT_D_TEMPLATE_LOST, NULL, before, after);
	free(before);
	free(after);
}

/* ----------------------------------------------------------- descriptor */

/* Channel keyword bits: mc gives each channel one bit from bit 63 down
   (§1.5); at most 8 channels, so bits 56-63. */
#define CHANNEL_BITS	0xff00000000000000ULL

static void
S_num(struct run *r, const char *what, int hasa, uint64_t va, const char *na,
    int hasb, uint64_t vb, const char *nb)
{
	char	 ba[64], bb[64];
	char	*sa, *sb;

	if (hasa && hasb) {
		if (va != vb) {
			snprintf(ba, sizeof(ba), "%llu", (unsigned long long)va);
			snprintf(bb, sizeof(bb), "%llu", (unsigned long long)vb);
			sa = ecat_asprintf("%s (%s)", na ? na : "", ba);
			sb = ecat_asprintf("%s (%s)", nb ? nb : "", bb);
			drift_add(r, ECAT_D_DESCRIPTOR, what, na || nb ? sa : ba,
			    na || nb ? sb : bb);
			free(sa);
			free(sb);
		} else if (na != nb && na != NULL && nb != NULL && !r->cross)
			drift_add(r, ECAT_D_NAME_ONLY, what, na, nb);
		return;
	}
	/* A number unknown on either side: compare names only. */
	if (na != nb && na != NULL && nb != NULL && !r->cross)
		drift_add(r, ECAT_D_NAME_ONLY, what, na, nb);
}

/* Keyword names as a sorted set, for sources without masks. */
static int
S_kwcmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static char *
S_kwset(const char *names)
{
	char	*copy, *tok, *save = NULL, **v = NULL;
	size_t	 n = 0, i;
	struct ecat_buf b;

	if (names == NULL)
		return ecat_strdup("");
	copy = ecat_strdup(names);
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		v = ecat_reallocarray(v, n + 1, sizeof(*v));
		v[n++] = tok;
	}
	/* qsort(3) with a NULL base is undefined even for no elements. */
	if (n > 1)
		qsort(v, n, sizeof(*v), S_kwcmp);
	ecat_buf_init(&b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			ecat_buf_putc(&b, ' ');
		ecat_buf_puts(&b, v[i]);
	}
	free(v);
	free(copy);
	return ecat_buf_detach(&b);
}

/*
 * Level 0 in one source and "win:Verbose" in an etwlib dump of the
 * other: the dump's doing, not the provider's.  Between jdu2600's TSV
 * of 22621 and etwlib's dump of 22621.2134, 3,396 of the 3,400 level
 * findings were exactly that.  The TSV's 4,703 level-0 events are
 * 1,246 "Log Always" in the dump plus about 3,400 "win:Verbose".
 * TraceEvent writes the descriptor's number, which says 0.  So etwlib
 * names an unnamed level 0 as win:Verbose.
 */
static int
S_dump_level0(const struct run *r, const struct ecat_event *a,
    const struct ecat_event *b)
{
	if (!(a->has & ECAT_HAS_LEVEL) || !(b->has & ECAT_HAS_LEVEL))
		return 0;
	if (r->dumpa && !r->dumpb) {
		const struct ecat_event *t = a;

		a = b;
		b = t;
	} else if (!r->dumpb || r->dumpa)
		return 0;
	/* a: the other source; b: the dump's. */
	return a->level == 0 && b->level == 5 && b->level_name != NULL &&
	    strcmp(b->level_name, "win:Verbose") == 0;
}

/*
 * both: the attributes both sides state (carry.c); what one side's
 * source does not carry is unknown there, so not compared: a TSV's
 * empty channel against a manifest's channel is no change.
 */
static void
S_descriptor(struct run *r, const struct ecat_event *a,
    const struct ecat_event *b, unsigned both)
{
	char	 ba[32], bb[32];

	if ((both & ECAT_ATTR_LEVEL) && !S_dump_level0(r, a, b))
		S_num(r, "level", a->has & ECAT_HAS_LEVEL, a->level,
		    a->level_name, b->has & ECAT_HAS_LEVEL, b->level,
		    b->level_name);
	if (both & ECAT_ATTR_TASK)
		S_num(r, "task", a->has & ECAT_HAS_TASK, a->task, a->task_name,
		    b->has & ECAT_HAS_TASK, b->task, b->task_name);
	if (both & ECAT_ATTR_OPCODE)
		S_num(r, "opcode", a->has & ECAT_HAS_OPCODE, a->opcode,
		    a->opcode_name, b->has & ECAT_HAS_OPCODE, b->opcode,
		    b->opcode_name);
	if (both & ECAT_ATTR_CHANNEL)
		S_num(r, "channel", a->has & ECAT_HAS_CHANNEL, a->channel,
		    a->channel_name, b->has & ECAT_HAS_CHANNEL, b->channel,
		    b->channel_name);
	if (!(both & ECAT_ATTR_KEYWORDS))
		;
	else if ((a->has & ECAT_HAS_KEYWORDS) &&
	    (b->has & ECAT_HAS_KEYWORDS)) {
		if ((a->keywords & ~CHANNEL_BITS) !=
		    (b->keywords & ~CHANNEL_BITS)) {
			snprintf(ba, sizeof(ba), "0x%llx", (unsigned long long)
			    (a->keywords & ~CHANNEL_BITS));
			snprintf(bb, sizeof(bb), "0x%llx", (unsigned long long)
			    (b->keywords & ~CHANNEL_BITS));
			drift_add(r, ECAT_D_DESCRIPTOR, "keywords", ba, bb);
		}
	} else if (a->keywords_names != b->keywords_names && !r->cross) {
		/* No masks (TSV): keyword names are what we have. */
		char *ka = S_kwset(a->keywords_names);
		char *kb = S_kwset(b->keywords_names);

		if (strcmp(ka, kb) != 0)
			drift_add(r, ECAT_D_DESCRIPTOR, "keywords", ka, kb);
		free(ka);
		free(kb);
	}
	if (r->cross)
		return;
	if (a->name != b->name && a->name != NULL && b->name != NULL)
		drift_add(r, ECAT_D_NAME_ONLY, "name", a->name, b->name);
	if (a->symbol != b->symbol && a->symbol != NULL && b->symbol != NULL)
		drift_add(r, ECAT_D_NAME_ONLY, "symbol", a->symbol, b->symbol);
	if ((both & ECAT_ATTR_MESSAGE) && a->message != b->message &&
	    (a->message != NULL || b->message != NULL))
		drift_add(r, ECAT_D_MESSAGE, NULL, a->message, b->message);
}

/* ------------------------------------------------------------------ run */

/*
 * The event to compare for a key in a build, from the given source
 * kind (-1: the best kind the build has, manifest first).
 */
static const struct ecat_occ *
S_pick(const struct ecat_evkey *k, const struct ecat_build *b, int kind,
    int sorted)
{
	const struct ecat_occ	*best = NULL;
	uint32_t		 i, lo = 0, hi = k->nocc, mid;

	/*
	 * A finished catalog keeps occurrences sorted by build order
	 * (ecat_catalog_finish): start at b's first and stop after its
	 * last.  A scan of them all, per key and per build pair, made a
	 * run over 170 builds take 16 times as long as one over 17
	 * (bench/stress.sh).
	 */
	while (sorted && lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ecat_occ_build(&k->occ[mid])->index < b->index)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < k->nocc; i++) {
		const struct ecat_occ *o = &k->occ[i];

		if (sorted && ecat_occ_build(o)->index > b->index)
			break;
		if (ecat_occ_build(o) != b || ecat_occ_row(o) == NULL)
			continue;
		if (kind >= 0 && (int)ecat_occ_kind(o) != kind)
			continue;
		if (best == NULL || ecat_occ_kind(o) < ecat_occ_kind(best))
			best = o;
	}
	return best;
}

/* Does the source write counts?  A TSV writes none (catalog/tsv.c). */
static int
S_counts(const struct ecat_pschema *ps)
{
	enum ecat_origin o = ecat_pschema_origin(ps);

	return o != ECAT_ORIGIN_TSV && o != ECAT_ORIGIN_TSV_MOF;
}

/* Has the provider a schema in build b?  The first one, if so. */
static const struct ecat_pschema *
S_schema_in(const struct ecat_provider *p, const struct ecat_build *b,
    int sorted)
{
	uint32_t	 i, lo = 0, hi = p->nschemas, mid;

	/* Schemas are in build order too (ecat_catalog_finish). */
	while (sorted && lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p->schemas[mid]->build->index < b->index)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < p->nschemas; i++) {
		if (sorted && p->schemas[i]->build->index > b->index)
			break;
		if (p->schemas[i]->build == b)
			return p->schemas[i];
	}
	return NULL;
}

/*
 * A provider in one build pair (from, fb): the provider's own findings
 * (added, removed, GUID).  Returns the earlier build whose events are
 * to be compared with fb's (from, or the last one that had the
 * provider when from is partial), or NULL when there are none.
 */
static const struct ecat_build *
S_pair(struct run *r, struct ecat_provider *p, uint32_t pi,
    const struct ecat_build *from, const struct ecat_build *fb)
{
	int			 sorted = r->cat->finished;
	const struct ecat_build	*fa = from;
	const struct ecat_pschema *sa = S_schema_in(p, fa, sorted);
	const struct ecat_pschema *sb = S_schema_in(p, fb, sorted);

	r->to = fb;
	/*
	 * A partial build (S_partial) says nothing of the providers
	 * it lacks: they are neither removed there nor added after
	 * it, and the next build is compared with the last one that
	 * had the provider or was whole.
	 */
	if (sb == NULL && r->partial[fb->index])
		return NULL;
	if (sa == NULL && r->partial[fa->index] && r->last[pi] != NULL) {
		fa = r->last[pi];
		sa = S_schema_in(p, fa, sorted);
	}
	r->last[pi] = fb;
	r->from = fa;
	r->provider = p->name;
	r->key = NULL;
	r->eb = NULL;
	if (sa == NULL && sb == NULL)
		return NULL;
	if (sa == NULL) {
		drift_add(r, ECAT_D_PROVIDER_ADDED, NULL, NULL, NULL)->loc =
		    sb->loc;
		return NULL;
	}
	if (sb == NULL) {
		drift_add(r, ECAT_D_PROVIDER_REMOVED, NULL, NULL, NULL)->loc =
		    sa->loc;
		return NULL;
	}
	/* One header (record.c): the same GUID. */
	if (sa->header != sb->header && sa->guid != NULL &&
	    sb->guid != NULL && sa->guid != sb->guid)
		drift_add(r, ECAT_D_PROVIDER_GUID, NULL, sa->guid,
		    sb->guid)->loc = sb->loc;
	return fa;
}

/*
 * The versions ki..kj-1 of one event id of p in the builds fa and fb,
 * whose picks are in r->pick (earlier, later), ida and idb set when
 * any version has a pick in fa, fb.
 */
static void
S_compare(struct run *r, struct ecat_provider *p, uint32_t ki, uint32_t kj,
    const struct ecat_build *fa, const struct ecat_build *fb, int ida,
    int idb)
{
	int			 sorted = r->cat->finished;

	for (uint32_t k = ki; k < kj; k++) {
		struct ecat_evkey *key = p->keys[k];
		const struct ecat_occ *ea, *eb;
		const struct ecat_pschema *pa, *pb;
		const struct ecat_evrow *ra, *rb;
		const struct ecat_template *ta, *tb;
		unsigned	 both;

		r->key = key;
		ea = r->pick[2 * (k - ki)];
		eb = r->pick[2 * (k - ki) + 1];
		r->eb = eb != NULL ? eb : ea;
		if (ea == NULL && eb == NULL)
			continue;
		if (ea == NULL) {
			drift_add(r, ida ? ECAT_D_VERSION_ADDED :
			    ECAT_D_EVENT_ADDED, NULL, NULL, NULL);
			continue;
		}
		if (eb == NULL) {
			drift_add(r, idb ? ECAT_D_VERSION_REMOVED :
			    ECAT_D_EVENT_REMOVED, NULL, NULL,
			    NULL);
			continue;
		}
		/* Like with like when both builds have it. */
		if (ecat_occ_kind(ea) != ecat_occ_kind(eb)) {
			const struct ecat_occ *x;

			if ((x = S_pick(key, fa,
			    (int)ecat_occ_kind(eb), sorted)) !=
			    NULL)
				ea = x;
			else if ((x = S_pick(key, fb,
			    (int)ecat_occ_kind(ea), sorted)) !=
			    NULL)
				eb = x;
		}
		r->eb = eb;
		/* Picks have rows (S_pick). */
		pa = ecat_occ_schema(ea);
		pb = ecat_occ_schema(eb);
		ra = ecat_occ_row(ea);
		rb = ecat_occ_row(eb);
		/*
		 * One record: nothing a consumer can see
		 * differs (catalog/record.c), so neither the
		 * field lists nor the descriptor can.
		 */
		if (ra->record != NULL &&
		    ra->record == rb->record)
			continue;
		r->cross = pa->format != pb->format;
		r->dumpa = ecat_pschema_origin(pa) ==
		    ECAT_ORIGIN_ETWLIB;
		r->dumpb = ecat_pschema_origin(pb) ==
		    ECAT_ORIGIN_ETWLIB;
		r->countsa = S_counts(pa);
		r->countsb = S_counts(pb);
		both = ecat_carries(pa, ra) &
		    ecat_carries(pb, rb);
		ta = ra->tmpl;
		tb = rb->tmpl;
		if (!(both & ECAT_ATTR_FIELDS))
			;	/* unknown on a side */
		else if (ta != NULL && tb != NULL) {
			if (ta->shape != tb->shape)
				drift_fields(r, ta->shape,
				    tb->shape);
		} else if (ta != NULL &&
		    ta->shape->nfields > 0) {
			/* Fields gone, same version. */
			S_lost(r, ea, ta->shape);
		} else if (ta != NULL || tb != NULL) {
			static const struct ecat_shape empty;

			drift_fields(r, ta ? ta->shape : &empty,
			    tb ? tb->shape : &empty);
		}
		S_descriptor(r, ra->ev, rb->ev, both);
	}
}

/*
 * What S_pick(k, b, -1) gives, for every build at once: best[b->index].
 * One pass over the key's occurrences; picking per build pair searched
 * them again for every pair, a cache miss or more per key and pair
 * (S_pick was a quarter of drift over the 170 builds of
 * bench/stress.sh, perf).
 */
static void
S_best(const struct ecat_evkey *k, const struct ecat_occ **best,
    uint32_t nbuilds)
{
	const struct ecat_occ	*o;
	uint32_t		 i, b;

	memset(best, 0, nbuilds * sizeof(*best));
	for (i = 0; i < k->nocc; i++) {
		o = &k->occ[i];
		if (ecat_occ_row(o) == NULL)
			continue;
		b = ecat_occ_build(o)->index;
		if (best[b] == NULL || ecat_occ_kind(o) < ecat_occ_kind(best[b]))
			best[b] = o;
	}
}

/*
 * Every build pair (from[j], to[j]), a provider at a time and an event
 * id at a time: each key's occurrences are read once for all pairs,
 * while they are in cache, not once per pair.  The findings come out
 * by provider, then by pair; S_bypair() puts them back in pair order.
 */
static void
S_walk(struct run *r, const struct ecat_build *const *from,
    const struct ecat_build *const *to, uint32_t npairs)
{
	struct ecat_catalog	*cat = r->cat;
	const struct ecat_build	**pfa, *fa;
	const struct ecat_occ	**best = NULL;
	size_t			 bestcap = 0, nb = cat->nbuilds;
	uint32_t		 pi, ki, kj, k, j;

	pfa = ecat_calloc(npairs + 1, sizeof(*pfa));
	for (pi = 0; pi < cat->nproviders; pi++) {
		struct ecat_provider	*p = cat->providers[pi];

		for (j = 0; j < npairs; j++) {
			r->pair = j;
			pfa[j] = S_pair(r, p, pi, from[j], to[j]);
		}
		/* Keys are sorted by (id, version): one id at a time. */
		for (ki = 0; ki < p->nkeys; ki = kj) {
			for (kj = ki; kj < p->nkeys &&
			    p->keys[kj]->id == p->keys[ki]->id; kj++) {
				if ((kj - ki + 1) * nb > bestcap) {
					bestcap = 2 * (kj - ki + 1) * nb;
					best = ecat_reallocarray(best, bestcap,
					    sizeof(*best));
				}
				if (2 * (size_t)(kj - ki + 1) > r->pickcap) {
					r->pickcap = 2 * (size_t)(kj - ki + 1) * 2;
					r->pick = ecat_reallocarray(r->pick,
					    r->pickcap, sizeof(*r->pick));
				}
				S_best(p->keys[kj], best + (kj - ki) * nb,
				    (uint32_t)nb);
			}
			for (j = 0; j < npairs; j++) {
				int	 ida = 0, idb = 0;

				if ((fa = pfa[j]) == NULL)
					continue;
				r->pair = j;
				r->from = fa;
				r->to = to[j];
				r->provider = p->name;
				for (k = 0; k < kj - ki; k++) {
					r->pick[2 * k] = best[k * nb +
					    fa->index];
					r->pick[2 * k + 1] = best[k * nb +
					    to[j]->index];
					ida |= r->pick[2 * k] != NULL;
					idb |= r->pick[2 * k + 1] != NULL;
				}
				S_compare(r, p, ki, kj, fa, to[j], ida, idb);
			}
		}
	}
	free(best);
	free(pfa);
}

/*
 * Findings in build-pair order, keeping their order within a pair
 * (provider, then key): a counting sort on r->pairof, which carries
 * r->keyof along.
 */
static void
S_bypair(struct run *r, uint32_t npairs)
{
	struct ecat_catalog	*cat = r->cat;
	struct ecat_drift	*d;
	struct ecat_evkey	**keyof;
	size_t			*at, i, n = cat->ndrift;
	uint32_t		 j;

	if (n == 0)
		return;
	at = ecat_calloc(npairs + 1, sizeof(*at));
	for (i = 0; i < n; i++)
		at[r->pairof[i] + 1]++;
	for (j = 0; j < npairs; j++)
		at[j + 1] += at[j];
	d = ecat_reallocarray(NULL, n, sizeof(*d));
	keyof = ecat_reallocarray(NULL, n, sizeof(*keyof));
	for (i = 0; i < n; i++) {
		d[at[r->pairof[i]]] = cat->drift[i];
		keyof[at[r->pairof[i]]++] = r->keyof[i];
	}
	free(cat->drift);
	free(r->keyof);
	cat->drift = d;
	r->keyof = keyof;
	r->cap = n;
	free(at);
}

/*
 * Which builds are partial: their sources give fewer than half as many
 * providers as the median build that has any.  A WEPExplorer dump of
 * three providers, or repnz's Kernel-Network-only Windows 7 folder, is
 * not a build from which a thousand providers were removed: over the 17
 * TSV builds with the lilhoser and nasbench builds in build order, the
 * three nasbench builds gave 1,056 drift-provider-removed and 1,061
 * drift-provider-added findings that meant only that.  Only where the
 * median build has S_PARTIAL_MIN providers or more.  Malloc'ed, by
 * build index.
 */
#define S_PARTIAL_MIN	50

static uint8_t *
S_partial(const struct ecat_catalog *cat, const uint8_t *with)
{
	uint32_t	*n, *sorted, i, j, k = 0, med;
	uint8_t		*partial;

	n = ecat_calloc(cat->nbuilds + 1, sizeof(*n));
	sorted = ecat_calloc(cat->nbuilds + 1, sizeof(*sorted));
	partial = ecat_calloc(cat->nbuilds + 1, 1);
	for (i = 0; i < cat->nproviders; i++) {
		const struct ecat_provider *p = cat->providers[i];
		const struct ecat_build *last = NULL;

		for (j = 0; j < p->nschemas; j++)
			if (p->schemas[j]->build != last) {
				last = p->schemas[j]->build;
				n[last->index]++;
			}
	}
	for (i = 0; i < cat->nbuilds; i++)
		if (with[i])
			sorted[k++] = n[i];
	/* Insertion sort: builds number in the hundreds. */
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
			uint32_t t = sorted[j];

			sorted[j] = sorted[j - 1];
			sorted[j - 1] = t;
		}
	med = k > 0 ? sorted[k / 2] : 0;
	/* Not in catalogs of a few providers (samples/, tests): there
	   a build of one provider is as likely whole. */
	for (i = 0; i < cat->nbuilds; i++)
		partial[i] = with[i] && med >= S_PARTIAL_MIN &&
		    (uint64_t)n[i] * 2 < med;
	free(n);
	free(sorted);
	return partial;
}

int
ecat_drift_run(struct ecat_catalog *cat, const char *from, const char *to)
{
	struct run		 r;
	struct ecat_build	*fa = NULL, *fb = NULL, *prev = NULL;
	const struct ecat_build	**pfrom, **pto;
	uint8_t			*with;
	uint32_t		 i, npairs = 0;
	size_t			 d;

	/* The builds that have schemas: one pass, not one per build. */
	with = ecat_calloc(cat->nbuilds + 1, 1);
	for (i = 0; i < cat->nproviders; i++)
		for (uint32_t j = 0; j < cat->providers[i]->nschemas; j++)
			with[cat->providers[i]->schemas[j]->build->index] = 1;
	if (from != NULL && (fa = ecat_build_find(cat, from)) == NULL) {
		free(with);
		return -1;
	}
	if (to != NULL && (fb = ecat_build_find(cat, to)) == NULL) {
		free(with);
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.cat = cat;
	r.partial = S_partial(cat, with);
	r.last = ecat_calloc(cat->nproviders + 1, sizeof(*r.last));
	pfrom = ecat_calloc(cat->nbuilds + 1, sizeof(*pfrom));
	pto = ecat_calloc(cat->nbuilds + 1, sizeof(*pto));
	if (from != NULL || to != NULL) {
		for (i = 0; fa == NULL && i < cat->nbuilds; i++)
			if (with[i])
				fa = cat->builds[i];
		for (i = cat->nbuilds; fb == NULL && i-- > 0;)
			if (with[i])
				fb = cat->builds[i];
		if (fa != NULL && fb != NULL && fa != fb) {
			pfrom[npairs] = fa;
			pto[npairs++] = fb;
		}
	} else {
		for (i = 0; i < cat->nbuilds; i++) {
			if (!with[i])
				continue;
			if (prev != NULL) {
				pfrom[npairs] = prev;
				pto[npairs++] = cat->builds[i];
			}
			prev = cat->builds[i];
		}
	}
	S_walk(&r, pfrom, pto, npairs);
	S_bypair(&r, npairs);
	free(pfrom);
	free(pto);
	free(with);
	free(r.pick);
	free(r.partial);
	free(r.last);
	free(r.pairof);

	/* Hang each finding on its key, in build-pair order (history). */
	for (d = 0; d < cat->ndrift; d++)
		if (r.keyof[d] != NULL)
			r.keyof[d]->ndrift++;
	for (i = 0; i < cat->nproviders; i++)
		for (uint32_t k = 0; k < cat->providers[i]->nkeys; k++) {
			struct ecat_evkey *key = cat->providers[i]->keys[k];

			if (key->ndrift > 0)
				key->drift = ECAT_NEWARRAY(cat,
				    const struct ecat_drift *, key->ndrift);
			key->ndrift = 0;
		}
	for (d = 0; d < cat->ndrift; d++)
		if (r.keyof[d] != NULL)
			r.keyof[d]->drift[r.keyof[d]->ndrift++] =
			    &cat->drift[d];
	free(r.keyof);
	return 0;
}

size_t
ecat_drift_count(const struct ecat_catalog *cat, enum ecat_dsev sev)
{
	size_t	 i, n = 0;

	for (i = 0; i < cat->ndrift; i++)
		if (!cat->drift[i].accepted && cat->drift[i].sev >= sev)
			n++;
	return n;
}

/* ------------------------------------------------------------ baselines */

/*
 * One line per finding, tab-separated so names with spaces survive:
 * id, provider, event id, version, from, to, field, before, after.
 * Absent members are "-".  Tabs and newlines inside values (messages)
 * are written as \t and \n.
 */
char *
ecat_drift_line(const struct ecat_drift *d)
{
	struct ecat_buf	 b;

	ecat_buf_init(&b);
	ecat_buf_puts(&b, classes[d->cls].id);
	ecat_buf_putc(&b, '\t');
	ecat_buf_putfield(&b, d->provider);
	if (d->event_id >= 0)
		ecat_buf_printf(&b, "\t%lld\t%d", (long long)d->event_id,
		    (int)d->version);
	else
		ecat_buf_puts(&b, "\t-\t-");
	ecat_buf_putc(&b, '\t');
	ecat_buf_putfield(&b, d->from->id);
	ecat_buf_putc(&b, '\t');
	ecat_buf_putfield(&b, d->to->id);
	ecat_buf_putc(&b, '\t');
	ecat_buf_putfield(&b, d->field);
	ecat_buf_putc(&b, '\t');
	ecat_buf_putfield(&b, d->before);
	ecat_buf_putc(&b, '\t');
	ecat_buf_putfield(&b, d->after);
	return ecat_buf_detach(&b);
}

static int
S_strpcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ecat_drift_baseline_write(struct ecat_catalog *cat, const char *path)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	char		**lines, *tmp;
	size_t		 i;
	FILE		*f;
	int		 rc = 0;

	loc.file = ecat_file(cat, path);
	lines = ecat_calloc(cat->ndrift + 1, sizeof(*lines));
	for (i = 0; i < cat->ndrift; i++)
		lines[i] = ecat_drift_line(&cat->drift[i]);
	qsort(lines, cat->ndrift, sizeof(*lines), S_strpcmp);
	tmp = ecat_asprintf("%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		rc = -1;
	else {
		fputs("# etwcat drift baseline: one accepted finding a line, "
		    "sorted.\n# id\tprovider\tevent\tversion\tfrom\tto\tfield"
		    "\tbefore\tafter\n", f);
		for (i = 0; i < cat->ndrift; i++)
			if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0)
				fprintf(f, "%s\n", lines[i]);
		if (fclose(f) == EOF || rename(tmp, path) == -1)
			rc = -1;
	}
	if (rc == -1) {
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s",
		    strerror(errno));
		remove(tmp);
	}
	for (i = 0; i < cat->ndrift; i++)
		free(lines[i]);
	free(lines);
	free(tmp);
	return rc;
}

long
ecat_drift_baseline_read(struct ecat_catalog *cat, const char *path)
{
	char		**lines, *buf, *line, *next;
	size_t		 i, len, n, nb = 0, bcap = 0;
	long		 stale = 0;
	uint8_t		*hit;

	/* Read as every other input is: a regular file, under the size
	   limit (io.h); io-read or limit-exceeded otherwise. */
	if ((buf = ecat_slurp(cat, path, &len)) == NULL)
		return -1;
	lines = NULL;
	for (line = buf; line < buf + len; line = next) {
		if ((next = memchr(line, '\n', buf + len - line)) == NULL)
			next = buf + len;
		*next++ = '\0';
		n = strlen(line);
		while (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (nb == bcap) {
			bcap = bcap ? bcap * 2 : 256;
			lines = ecat_reallocarray(lines, bcap, sizeof(*lines));
		}
		lines[nb++] = ecat_strdup(line);
	}
	free(buf);
	if (nb > 1)	/* none: lines is NULL (an empty baseline) */
		qsort(lines, nb, sizeof(*lines), S_strpcmp);
	hit = ecat_calloc(nb + 1, 1);
	for (i = 0; i < cat->ndrift; i++) {
		char	 *l = ecat_drift_line(&cat->drift[i]), **found;

		found = bsearch(&l, lines, nb, sizeof(*lines), S_strpcmp);
		if (found != NULL) {
			cat->drift[i].accepted = 1;
			hit[found - lines] = 1;
		}
		free(l);
	}
	for (i = 0; i < nb; i++) {
		if (!hit[i])
			stale++;
		free(lines[i]);
	}
	free(hit);
	free(lines);
	return stale;
}
