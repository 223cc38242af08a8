/*
 * drift.c: classify schema changes between Windows builds.
 *
 * Source of the classes: docs/etw-manifest-reference.md §5.  Keys are
 * (provider, event id, version), the triple TDH decodes by (§5.1).  A
 * third of real template changes come without a version bump (§5.2),
 * so field lists are compared under every unchanged key.
 *
 * For each key the events of every build are gathered once into a
 * per-build table, so a run over 17 builds is one pass over the keys
 * (O(keys × builds)), and interned shapes make unchanged field lists a
 * pointer comparison.  Field lists that differ are aligned by the
 * longest common subsequence of their names; what lies between two
 * aligned fields is paired up as renames (same type) or replacements,
 * and the rest is inserted, appended or removed (§5.5).
 *
 * The subsequence is found by dynamic programming, whose time and
 * memory grow with the product of the two lengths.  Real field lists
 * have at most 99 items (emc's limit), so that is at most 10,000
 * cells; past S_LCS_CELLS (two lists of 1,024 fields, the loaders'
 * limit, would need a million per pair, and 4 MB) the lists are
 * aligned in O(n log n) instead: the common prefix as the dynamic
 * program would take it, then the longest increasing run of the
 * positions of the names found once on each side (patience diff).
 * For names that are unique on both sides, which field names are
 * (lint-duplicate-field says when not), that is a longest common
 * subsequence too; ties may be broken differently.
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

struct run {
	struct ecat_catalog	*cat;
	size_t			 cap;
	struct ecat_evkey	**keyof;	/* parallel to cat->drift */
	uint32_t		*pairof;	/* parallel too: build pair */
	uint32_t		 pair;		/* the pair compared (S_walk) */
	const struct ecat_build	*from, *to;
	const char		*provider;
	struct ecat_evkey	*key;
	const struct ecat_occ	*eb;		/* event in the later build */
	/*
	 * The two events come from different formats (a manifest in one
	 * build, a TSV export in the next): compare only what both can
	 * express, numbers and field names and types, so that what one
	 * format cannot carry (outTypes, lengths, messages, symbols) is
	 * not reported as drift.
	 */
	int			 cross;
	/* The earlier and later event's source is an etwlib dump. */
	int			 dumpa, dumpb;
	/* The earlier and later event's source writes counts (S_unexpand). */
	int			 countsa, countsb;
	/* One event id's picks in the two builds, by version (S_pair). */
	const struct ecat_occ	**pick;
	size_t			 pickcap;
	/* By build index: a partial build (S_partial). */
	uint8_t			*partial;
	/* By provider index: the last build compared that had it or
	   was whole. */
	const struct ecat_build	**last;
};

static struct ecat_drift *
S_add(struct run *r, enum ecat_dclass c, const char *field,
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

static void
S_addf(struct run *r, enum ecat_dclass c, const char *field,
    const struct ecat_field *fa, const struct ecat_field *fb)
{
	S_add(r, c, field, fa != NULL ? S_fdesc(r->cat, fa) : NULL,
	    fb != NULL ? S_fdesc(r->cat, fb) : NULL);
}

/*
 * Are a and b one name but for spaces, punctuation and case?  TraceEvent's
 * rebuild (the TSVs) makes field names identifiers, where a metadata
 * dump keeps them as registered: "TargetI2CAddress" and "Target I2C
 * Address", "Status" and "Status " (jdu2600 22621 against etwlib
 * 22621.2134: 2,177 drift-field-renamed findings, all of this kind
 * among those looked at).  Only between different formats (r->cross).
 */
static int
S_sameident(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return 0;
	for (;;) {
		while (*a != '\0' && !isalnum((unsigned char)*a))
			a++;
		while (*b != '\0' && !isalnum((unsigned char)*b))
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
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
	S_add(r, ECAT_D_TEMPLATE_LOST, NULL, before, after);
	free(before);
	free(after);
}

/* ------------------------------------------------------------- fields */

static enum ecat_outtype
S_effout(const struct ecat_field *f)
{
	return f->outtype ? (enum ecat_outtype)f->outtype :
	    ecat_outtype_default((enum ecat_intype)f->intype);
}

/* Count or length as text: "7", "FieldName" or NULL. */
static const char *
S_cl(struct ecat_catalog *cat, int has, const char *ref, uint32_t lit)
{
	char	 buf[16];

	if (!has)
		return NULL;
	if (ref != NULL)
		return ref;
	snprintf(buf, sizeof(buf), "%u", lit);
	return ecat_str(cat, buf);
}

/* One presentation finding: "what x" -> "what y" (absent: dflt). */
static void
S_pres(struct run *r, const char *field, const char *what, const char *x,
    const char *y, const char *dflt)
{
	char	*bs, *as;

	bs = ecat_asprintf("%s %s", what, x != NULL ? x : dflt);
	as = ecat_asprintf("%s %s", what, y != NULL ? y : dflt);
	S_add(r, ECAT_D_FIELD_PRESENTATION, field, bs, as);
	free(bs);
	free(as);
}

/* Presentation differences of two fields with the same name and type. */
static void
S_presentation(struct run *r, const struct ecat_field *a,
    const struct ecat_field *b)
{
	struct ecat_catalog	*cat = r->cat;
	const char		*x, *y;

	if (S_effout(a) != S_effout(b) ||
	    (a->outtype == 0 && b->outtype == 0 && a->outtype_name !=
	    b->outtype_name))
		S_pres(r, a->name, "outType", a->outtype_name != NULL ?
		    a->outtype_name : ecat_outtype_name(S_effout(a)),
		    b->outtype_name != NULL ? b->outtype_name :
		    ecat_outtype_name(S_effout(b)), "(default)");
	if (a->map != b->map)
		S_pres(r, a->name, "map", a->map, b->map, "(none)");
	x = S_cl(cat, a->flags & ECAT_FIELD_COUNT, a->count_ref, a->count);
	y = S_cl(cat, b->flags & ECAT_FIELD_COUNT, b->count_ref, b->count);
	if (x != y)
		S_pres(r, a->name, "count", x, y, "(none)");
	x = S_cl(cat, a->flags & ECAT_FIELD_LENGTH, a->length_ref, a->length);
	y = S_cl(cat, b->flags & ECAT_FIELD_LENGTH, b->length_ref, b->length);
	if (x != y)
		S_pres(r, a->name, "length", x, y, "(none)");
}

/* Past this many cells, S_fields aligns by S_patience. */
#ifndef S_LCS_CELLS
#define S_LCS_CELLS	(1 << 16)
#endif

/* A name's occurrences on each side and its last b index. */
struct pcount {
	uint32_t	 na, nb;
	uint32_t	 jb;
};

/* The counts of name (interned: a pointer key) in t, made if new. */
static struct pcount *
S_pcount(struct ecat_htab *t, struct pcount *pc, const char *name)
{
	struct ecat_hent	*e;
	int			 isnew;

	e = ecat_htab_pput(t, name, 0, &isnew);
	if (isnew)
		e->v.u = t->n - 1;
	return &pc[e->v.u];
}

/*
 * Align a[p..n) with b[p..m) (p: the common prefix, already aligned)
 * by the names found exactly once on each side: their b positions in
 * a's order, and the longest strictly increasing run of those
 * (patience sorting with back links, O(k log k)).  Sets ma[] and mb[]
 * for the pairs of the run; both start at -1.
 */
static void
S_patience(const char *const *a, uint32_t n, const char *const *b,
    uint32_t m, uint32_t p, int32_t *ma, int32_t *mb)
{
	struct ecat_htab t;
	struct pcount	*pc, *e;
	uint32_t	*ia, *jb, *tail, *prev, k = 0, len = 0, i, lo, hi, mid;

	ecat_htab_init(&t, ECAT_HKEY_PTR, (size_t)(n - p) + (m - p));
	pc = ecat_calloc((size_t)(n - p) + (m - p) + 1, sizeof(*pc));
	for (i = p; i < n; i++)
		if (a[i] != NULL)
			S_pcount(&t, pc, a[i])->na++;
	for (i = p; i < m; i++) {
		if (b[i] == NULL)
			continue;
		e = S_pcount(&t, pc, b[i]);
		e->nb++;
		e->jb = i;
	}
	ia = ecat_calloc(n - p + 1, sizeof(*ia));
	jb = ecat_calloc(n - p + 1, sizeof(*jb));
	for (i = p; i < n; i++) {
		if (a[i] == NULL)
			continue;
		e = S_pcount(&t, pc, a[i]);
		if (e->na == 1 && e->nb == 1) {
			ia[k] = i;
			jb[k++] = e->jb;
		}
	}
	ecat_htab_free(&t);
	free(pc);
	/* tail[l]: the candidate ending the best run of length l + 1. */
	tail = ecat_calloc(k + 1, sizeof(*tail));
	prev = ecat_calloc(k + 1, sizeof(*prev));
	for (i = 0; i < k; i++) {
		for (lo = 0, hi = len; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (jb[tail[mid]] < jb[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo > 0 ? tail[lo - 1] : UINT32_MAX;
		tail[lo] = i;
		if (lo == len)
			len++;
	}
	for (i = len > 0 ? tail[len - 1] : UINT32_MAX; i != UINT32_MAX;
	    i = prev[i]) {
		ma[ia[i]] = (int32_t)jb[i];
		mb[jb[i]] = (int32_t)ia[i];
	}
	free(tail);
	free(prev);
	free(ia);
	free(jb);
}

/*
 * For the "moved" pass over large lists: per name (a pointer key of
 * a table), a chain of a's indices (next[]) whose head, the value,
 * skips the aligned ones as the pass goes, so the first unaligned a[i]
 * of a name is found without a scan.
 */

/* Same type for drift purposes: the type as written (intypes may be
   unknown placeholders such as TraceEvent's struct numbers). */
static int
S_sametype(const struct ecat_field *a, const struct ecat_field *b)
{
	return a->intype_name == b->intype_name;
}

/*
 * Same type for drift purposes; between an etwlib dump and another
 * format, also two tools' names of one type (drift_cross.h).
 */
static int
S_sametypex(const struct run *r, const struct ecat_field *a,
    const struct ecat_field *b)
{
	if (S_sametype(a, b))
		return 1;
	if (!r->cross || r->dumpa == r->dumpb)
		return 0;
	return strcmp(ecat_drift_dumptype(a->intype_name),
	    ecat_drift_dumptype(b->intype_name)) == 0;
}

static void
S_fields(struct run *r, const struct ecat_shape *sa,
    const struct ecat_shape *sb)
{
	const struct ecat_field	*a = sa->fields, *b = sb->fields;
	uint32_t		 n = sa->nfields, m = sb->nfields;
	uint32_t		*dp, i, j, w, *next = NULL;
	struct ecat_field	*ua = NULL, *ub = NULL;
	const char		**an, **bn;
	int			 unstateda, unstatedb;
	int32_t			*ma, *mb;
	struct ecat_htab	 chains;
	struct ecat_hent	*c;
	int			 isnew;
	int			 lastb, large;
	char			 pa[32], pb[32];

	if (sa->verbatim != NULL || sb->verbatim != NULL) {
		/* Unparsed TSV field lists: all we can say is "changed". */
		S_add(r, ECAT_D_FIELD_PRESENTATION, NULL,
		    sa->verbatim, sb->verbatim);
		return;
	}
	/* etwlib's artefacts (drift_cross.h): across formats only. */
	unstateda = r->cross && r->dumpa && !r->dumpb;
	unstatedb = r->cross && r->dumpb && !r->dumpa;
	if (unstateda && (ua = ecat_drift_unexpand(r->cat, a, n, b, m,
	    r->countsb, &n)) != NULL)
		a = ua;
	if (unstatedb && (ub = ecat_drift_unexpand(r->cat, b, m, a, n,
	    r->countsa, &m)) != NULL)
		b = ub;
	an = ecat_drift_alignnames(r->cat, r->cross, a, n);
	bn = ecat_drift_alignnames(r->cat, r->cross, b, m);

	ma = ecat_calloc(n + 1, sizeof(*ma));
	mb = ecat_calloc(m + 1, sizeof(*mb));
	for (i = 0; i < n; i++)
		ma[i] = -1;
	for (j = 0; j < m; j++)
		mb[j] = -1;
	large = (uint64_t)(n + 1) * (m + 1) > S_LCS_CELLS;
	if (large) {
		/* The common prefix, as the dynamic program takes it. */
		for (i = 0; i < n && i < m && an[i] == bn[i]; i++) {
			ma[i] = (int32_t)i;
			mb[i] = (int32_t)i;
		}
		S_patience(an, n, bn, m, i, ma, mb);
	} else {
		/* LCS of the name sequences (names are interned pointers). */
		w = m + 1;
		dp = ecat_calloc((size_t)(n + 1) * w, sizeof(*dp));
		for (i = n; i-- > 0;)
			for (j = m; j-- > 0;)
				dp[i * w + j] = an[i] == bn[j] ?
				    dp[(i + 1) * w + j + 1] + 1 :
				    (dp[(i + 1) * w + j] > dp[i * w + j + 1] ?
				    dp[(i + 1) * w + j] : dp[i * w + j + 1]);
		for (i = 0, j = 0; i < n && j < m;) {
			if (an[i] == bn[j]) {
				ma[i] = (int32_t)j;
				mb[j] = (int32_t)i;
				i++, j++;
			} else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1])
				i++;
			else
				j++;
		}
		free(dp);
	}

	/* Fields kept in order: type or presentation changes. */
	for (i = 0; i < n; i++) {
		if (ma[i] < 0)
			continue;
		if (!S_sametypex(r, &a[i], &b[ma[i]]))
			S_addf(r, ECAT_D_FIELD_RETYPED, a[i].name, &a[i],
			    &b[ma[i]]);
		else if (!r->cross)
			S_presentation(r, &a[i], &b[ma[i]]);
	}

	/*
	 * Moved: a name on both sides that the alignment left out.  Large
	 * lists find the first unaligned a[i] of the name through a chain
	 * of a's indices per name instead of a scan.
	 */
	ecat_htab_init(&chains, ECAT_HKEY_PTR, large ? n : 0);
	if (large) {
		next = ecat_calloc(n + 1, sizeof(*next));
		for (i = n; i-- > 0;) {
			next[i] = n;
			if (an[i] == NULL)
				continue;
			c = ecat_htab_put(&chains, an[i], 0, 0, &isnew);
			next[i] = isnew ? n : (uint32_t)c->v.u;
			c->v.u = i;
		}
	}
	for (j = 0; j < m; j++) {
		if (mb[j] >= 0)
			continue;
		if (large) {
			if (bn[j] == NULL || (c = ecat_htab_pfind(&chains,
			    bn[j], 0)) == NULL)
				continue;
			while (c->v.u < n && ma[c->v.u] >= 0)
				c->v.u = next[c->v.u];
			i = (uint32_t)c->v.u;
		} else
			for (i = 0; i < n; i++)
				if (ma[i] < 0 && an[i] == bn[j])
					break;
		if (i == n)
			continue;
		snprintf(pa, sizeof(pa), "position %u", i + 1);
		snprintf(pb, sizeof(pb), "position %u", j + 1);
		S_add(r, ECAT_D_FIELDS_INSERTED, b[j].name, pa, pb);
		if (!S_sametypex(r, &a[i], &b[j]))
			S_addf(r, ECAT_D_FIELD_RETYPED, a[i].name, &a[i], &b[j]);
		ma[i] = (int32_t)j;
		mb[j] = (int32_t)i;
	}

	/*
	 * Gaps between aligned fields: pair the i-th unaligned field of
	 * each side in order.  Same type: renamed; other type with equal
	 * gap sizes: replaced (retyped).  What is left of the later side
	 * is inserted, or appended when it comes after every field of
	 * the earlier build; what is left of the earlier side is removed.
	 */
	lastb = -1;
	for (j = 0; j < m; j++)
		if (mb[j] >= 0)
			lastb = (int)j;
	i = 0;
	j = 0;
	while (i < n || j < m) {
		uint32_t ia = i, jb = j, ka, kb, k;

		while (i < n && ma[i] < 0)
			i++;
		while (j < m && mb[j] < 0)
			j++;
		/* Gap: a[ia..i), b[jb..j). */
		ka = i - ia;
		kb = j - jb;
		for (k = 0; k < ka && k < kb; k++) {
			const struct ecat_field *fa = &a[ia + k];
			const struct ecat_field *fb = &b[jb + k];

			if (S_sametypex(r, fa, fb) && r->cross &&
			    S_sameident(fa->name, fb->name))
				;	/* one name, spelt by two dumpers */
			else if (S_sametypex(r, fa, fb)) {
				S_addf(r, ECAT_D_FIELD_RENAMED, fa->name, fa, fb);
				if (!r->cross)
					S_presentation(r, fa, fb);
			} else if (ka == kb)
				S_addf(r, ECAT_D_FIELD_RETYPED, fa->name, fa, fb);
			else
				break;
		}
		for (uint32_t x = k; x < ka; x++)
			if (!unstatedb || !ecat_drift_countable(a, ma, ia + x,
			    r->countsa))
				S_addf(r, ECAT_D_FIELDS_REMOVED,
				    a[ia + x].name, &a[ia + x], NULL);
		for (uint32_t x = k; x < kb; x++)
			if (!unstateda || !ecat_drift_countable(b, mb, jb + x,
			    r->countsb))
				S_addf(r, (int)(jb + x) > lastb &&
				    ia + ka == n && (x >= ka) ?
				    ECAT_D_FIELDS_APPENDED :
				    ECAT_D_FIELDS_INSERTED, b[jb + x].name,
				    NULL, &b[jb + x]);
		/* Step over the aligned pair that closed the gap. */
		if (i < n)
			i++;
		if (j < m)
			j++;
	}
	free(ma);
	free(mb);
	ecat_htab_free(&chains);
	free(next);
	free(an);
	free(bn);
	free(ua);
	free(ub);
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
			S_add(r, ECAT_D_DESCRIPTOR, what, na || nb ? sa : ba,
			    na || nb ? sb : bb);
			free(sa);
			free(sb);
		} else if (na != nb && na != NULL && nb != NULL && !r->cross)
			S_add(r, ECAT_D_NAME_ONLY, what, na, nb);
		return;
	}
	/* A number unknown on either side: compare names only. */
	if (na != nb && na != NULL && nb != NULL && !r->cross)
		S_add(r, ECAT_D_NAME_ONLY, what, na, nb);
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
			S_add(r, ECAT_D_DESCRIPTOR, "keywords", ba, bb);
		}
	} else if (a->keywords_names != b->keywords_names && !r->cross) {
		/* No masks (TSV): keyword names are what we have. */
		char *ka = S_kwset(a->keywords_names);
		char *kb = S_kwset(b->keywords_names);

		if (strcmp(ka, kb) != 0)
			S_add(r, ECAT_D_DESCRIPTOR, "keywords", ka, kb);
		free(ka);
		free(kb);
	}
	if (r->cross)
		return;
	if (a->name != b->name && a->name != NULL && b->name != NULL)
		S_add(r, ECAT_D_NAME_ONLY, "name", a->name, b->name);
	if (a->symbol != b->symbol && a->symbol != NULL && b->symbol != NULL)
		S_add(r, ECAT_D_NAME_ONLY, "symbol", a->symbol, b->symbol);
	if ((both & ECAT_ATTR_MESSAGE) && a->message != b->message &&
	    (a->message != NULL || b->message != NULL))
		S_add(r, ECAT_D_MESSAGE, NULL, a->message, b->message);
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
		S_add(r, ECAT_D_PROVIDER_ADDED, NULL, NULL, NULL)->loc =
		    sb->loc;
		return NULL;
	}
	if (sb == NULL) {
		S_add(r, ECAT_D_PROVIDER_REMOVED, NULL, NULL, NULL)->loc =
		    sa->loc;
		return NULL;
	}
	/* One header (record.c): the same GUID. */
	if (sa->header != sb->header && sa->guid != NULL &&
	    sb->guid != NULL && sa->guid != sb->guid)
		S_add(r, ECAT_D_PROVIDER_GUID, NULL, sa->guid,
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
			S_add(r, ida ? ECAT_D_VERSION_ADDED :
			    ECAT_D_EVENT_ADDED, NULL, NULL, NULL);
			continue;
		}
		if (eb == NULL) {
			S_add(r, idb ? ECAT_D_VERSION_REMOVED :
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
				S_fields(r, ta->shape,
				    tb->shape);
		} else if (ta != NULL &&
		    ta->shape->nfields > 0) {
			/* Fields gone, same version. */
			S_lost(r, ea, ta->shape);
		} else if (ta != NULL || tb != NULL) {
			static const struct ecat_shape empty;

			S_fields(r, ta ? ta->shape : &empty,
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
static void
S_bput(struct ecat_buf *b, const char *s)
{
	if (s == NULL) {
		ecat_buf_putc(b, '-');
		return;
	}
	for (; *s != '\0'; s++) {
		if (*s == '\t')
			ecat_buf_puts(b, "\\t");
		else if (*s == '\n')
			ecat_buf_puts(b, "\\n");
		else if (*s == '\r')
			ecat_buf_puts(b, "\\r");
		else if (*s == '\\')
			ecat_buf_puts(b, "\\\\");
		else
			ecat_buf_putc(b, *s);
	}
}

char *
ecat_drift_line(const struct ecat_drift *d)
{
	struct ecat_buf	 b;

	ecat_buf_init(&b);
	ecat_buf_puts(&b, classes[d->cls].id);
	ecat_buf_putc(&b, '\t');
	S_bput(&b, d->provider);
	if (d->event_id >= 0)
		ecat_buf_printf(&b, "\t%lld\t%d", (long long)d->event_id,
		    (int)d->version);
	else
		ecat_buf_puts(&b, "\t-\t-");
	ecat_buf_putc(&b, '\t');
	S_bput(&b, d->from->id);
	ecat_buf_putc(&b, '\t');
	S_bput(&b, d->to->id);
	ecat_buf_putc(&b, '\t');
	S_bput(&b, d->field);
	ecat_buf_putc(&b, '\t');
	S_bput(&b, d->before);
	ecat_buf_putc(&b, '\t');
	S_bput(&b, d->after);
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
