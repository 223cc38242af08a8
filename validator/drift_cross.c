/*
 * drift_cross.c: drift between two sources of different formats, and
 * the etwlib dump's ways of writing a template (drift_cross.h): the
 * names fields are aligned by, an array written item by item, an array
 * the dump leaves out, and one type named by two tools.  drift.c
 * compares field lists with these where its two events' sources differ
 * in format.
 *
 * etwlib's generator artefacts in field lists (how it writes a
 * template: tdh.h's EVENT_PROPERTY_INFO flags read in manifest mode,
 * without an event):
 *
 * - A fixed-count array X (PropertyParamFixedCount, count="n") is
 *   written as n items ... X-(n-1), each of X's type, where a
 *   TSV writes one item X: Dwm-Core 24's "Binary rgcDXRefresh" is
 *   rgcDXRefresh-0 ... rgcDXRefresh-15 in the dumps; count="1" gives
 *   X-0 alone (Win32k 3's UIPI_Trace_Header-0).  Between jdu2600's TSV
 *   of 22621 and etwlib's dump of 22621.2134 that made 32 of the 33
 *   drift-field-renamed findings and 15 drift-fields-appended.
 * - An array whose count is another item (PropertyParamCount) is given
 *   zero elements, so it is not in the dump at all: JScript 106's
 *   "AnsiString Values" (count="Count"), BTH-BTHPORT's Context and
 *   Reserved.  That was every one of the 525 drift-fields-removed
 *   findings of that pair; etwlib dumps hold no count= attribute in
 *   any of their 2,851 files.
 *
 * So, between an etwlib dump and another format only:
 * a run X-0 ... X-(n-1) of one type, complete and in order, is the
 * field X of the other side when that side has X of the same type and
 * states n as X's count, or states no count because its format writes
 * none (TSV); a field the dump lacks is not compared when it may be
 * such a counted array (ecat_drift_countable), since whether it is there is
 * unknown.  What is left of that pair is the provider's own changes:
 * each field and level finding left between a TSV build and the dump
 * of its number was checked against the next TSV build, which has the
 * dump's side (SENSE 405-407 Error, Kernel-Boot 50's Pca2023 fields).
 * The cost: a field the dump lacks is unknown in both directions, so
 * of the 11 event versions whose fields change between the TSVs of
 * 22621 and 22631, 5 still show a field finding through 22621.2134,
 * where 8 did among the 1,285 findings of those two pairs before.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "drift_cross.h"
#include "merge.h"

/* One type as written (drift.c's rule). */
static int
S_sametype(const struct ecat_field *a, const struct ecat_field *b)
{
	return a->intype_name == b->intype_name;
}

/* The k in name "<base>-<k>", if name is one; else -1. */
static long
S_elemof(const char *name, const char *base, size_t bl)
{
	const char	*p;
	long		 k = 0;

	if (strncmp(name, base, bl) != 0 || name[bl] != '-' ||
	    name[bl + 1] == '\0')
		return -1;
	for (p = name + bl + 1; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || k > 65535 ||
		    (p == name + bl + 1 && *p == '0' && p[1] != '\0'))
			return -1;
		k = k * 10 + (*p - '0');
	}
	return k;
}

/*
 * d[0..n): the dump's fields; o[0..m): the other side's, whose format
 * writes counts or not (ocounts).  Returns d with each expansion run
 * that stands for a field of o made one field (name X, count n), and
 * its length in *np; NULL when there is none.  Malloc'ed.
 */
struct ecat_field *
ecat_drift_unexpand(struct ecat_catalog *cat, const struct ecat_field *d,
    uint32_t n, const struct ecat_field *o, uint32_t m, int ocounts,
    uint32_t *np)
{
	struct ecat_field	*out = NULL;
	const char		*base;
	size_t			 bl;
	uint32_t		 i, j, k, w = 0;

	for (i = 0; i < n; i++) {
		const struct ecat_field *of = NULL;

		if (d[i].name == NULL || (bl = strlen(d[i].name)) < 3 ||
		    strcmp(d[i].name + bl - 2, "-0") != 0 ||
		    (base = ecat_intern_find(cat->strings, d[i].name,
		    bl - 2)) == NULL)
			goto copy;
		bl -= 2;
		for (j = 0; j < m && of == NULL; j++)
			if (o[j].name == base)
				of = &o[j];
		for (j = 0; j < n && of != NULL; j++)
			if (d[j].name == base)
				of = NULL;	/* X beside X-0: not ours */
		if (of == NULL || !S_sametype(of, &d[i]))
			goto copy;
		for (k = 1; i + k < n && d[i + k].name != NULL &&
		    S_sametype(&d[i + k], &d[i]) &&
		    S_elemof(d[i + k].name, base, bl) == (long)k; k++)
			;
		/* The count, exactly: stated and n, or not written. */
		if ((of->flags & ECAT_FIELD_COUNT) ? of->count_ref != NULL ||
		    of->count != k : ocounts)
			goto copy;
		if (out == NULL) {
			out = ecat_calloc(n + 1, sizeof(*out));
			memcpy(out, d, i * sizeof(*out));
			w = i;
		}
		out[w] = d[i];
		out[w].name = base;
		out[w].flags |= ECAT_FIELD_COUNT;
		out[w].count = k;
		out[w].count_ref = NULL;
		w++;
		i += k - 1;
		continue;
copy:
		if (out != NULL)
			out[w++] = d[i];
	}
	if (out != NULL)
		*np = w;
	return out;
}

/*
 * Is f[x], a field the dump lacks, possibly a counted array it could
 * not write?  Where f's format writes counts (counts), when it says
 * so: WEPExplorer's 24H2 SMBServer 1061 "Dialects" has
 * count="DialectCount", and is the one field etwlib's 26100.6899 dump
 * lacks there.  Where it writes none (TSV), when an earlier item kept
 * on both sides (al[i] >= 0) has a count's type.
 */
int
ecat_drift_countable(const struct ecat_field *f, const int32_t *al, uint32_t x,
    int counts)
{
	uint32_t	 i;

	if (counts)
		return (f[x].flags & ECAT_FIELD_COUNT) &&
		    f[x].count_ref != NULL;
	for (i = 0; i < x; i++)
		if (al[i] >= 0 && ecat_field_counts(&f[i]))
			return 1;
	return 0;
}

/*
 * The names S_fields aligns by: the fields' own, or across formats the
 * name ecat_ident_eq compares (letters and digits, lower case), so that
 * a field spelt by two dumpers is found where it moved (Windows
 * Defender 1121's "SecurityintelligenceVersion" and "Security
 * intelligence Version", in other places of the list) and the members
 * of a struct TraceEvent flattened ("SourceRectleft") meet the dump's
 * ("SourceRect.left").  Interned, so pointers compare.  Malloc'ed.
 */
const char **
ecat_drift_alignnames(struct ecat_catalog *cat, int cross,
    const struct ecat_field *f, uint32_t n)
{
	const char	**v;
	char		 *buf, *q;
	const char	 *p;
	uint32_t	  i;

	v = ecat_calloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i] = f[i].name;
		if (!cross || f[i].name == NULL)
			continue;
		buf = ecat_strdup(f[i].name);
		for (p = f[i].name, q = buf; *p != '\0'; p++)
			if (isalnum((unsigned char)*p))
				*q++ = (char)tolower((unsigned char)*p);
		*q = '\0';
		/* A name of no letter or digit ("!", "_") keeps itself:
		   as "" it would meet every other such name. */
		if (*buf != '\0')
			v[i] = ecat_str(cat, buf);
		free(buf);
	}
	return v;
}
