/*
 * drift_fields.c: the findings between two field lists of one key
 * (drift_int.h): appended, inserted, removed, renamed, retyped and
 * presentation (docs/etw-manifest-reference.md §5.5), the lists from
 * different formats compared as drift_cross.h says.
 *
 * Field lists that differ are aligned by the longest common
 * subsequence of their names; what lies between two aligned fields is
 * paired up as renames (same type) or replacements, and the rest is
 * inserted, appended or removed (§5.5).
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "drift_cross.h"
#include "drift_int.h"
#include "merge.h"

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
	drift_add(r, ECAT_D_FIELD_PRESENTATION, field, bs, as);
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
	return strcmp(ecat_dump_typename(a->intype_name),
	    ecat_dump_typename(b->intype_name)) == 0;
}

void
drift_fields(struct run *r, const struct ecat_shape *sa,
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
		drift_add(r, ECAT_D_FIELD_PRESENTATION, NULL,
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
			drift_addf(r, ECAT_D_FIELD_RETYPED, a[i].name, &a[i],
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
		drift_add(r, ECAT_D_FIELDS_INSERTED, b[j].name, pa, pb);
		if (!S_sametypex(r, &a[i], &b[j]))
			drift_addf(r, ECAT_D_FIELD_RETYPED, a[i].name, &a[i], &b[j]);
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

			/* TraceEvent's rebuild (the TSVs) makes field
			   names identifiers, where a metadata dump keeps
			   them as registered: "TargetI2CAddress" and
			   "Target I2C Address" (2,177 findings of
			   jdu2600 22621 against etwlib 22621.2134). */
			if (S_sametypex(r, fa, fb) && r->cross &&
			    fa->name != NULL && fb->name != NULL &&
			    ecat_ident_eq(fa->name, fb->name,
			    strlen(fb->name)))
				;	/* one name, spelt by two dumpers */
			else if (S_sametypex(r, fa, fb)) {
				drift_addf(r, ECAT_D_FIELD_RENAMED, fa->name, fa, fb);
				if (!r->cross)
					S_presentation(r, fa, fb);
			} else if (ka == kb)
				drift_addf(r, ECAT_D_FIELD_RETYPED, fa->name, fa, fb);
			else
				break;
		}
		for (uint32_t x = k; x < ka; x++)
			if (!unstatedb || !ecat_drift_countable(a, ma, ia + x,
			    r->countsa))
				drift_addf(r, ECAT_D_FIELDS_REMOVED,
				    a[ia + x].name, &a[ia + x], NULL);
		for (uint32_t x = k; x < kb; x++)
			if (!unstateda || !ecat_drift_countable(b, mb, jb + x,
			    r->countsb))
				drift_addf(r, (int)(jb + x) > lastb &&
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
