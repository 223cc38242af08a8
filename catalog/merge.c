/*
 * merge.c: an event version of one build as all its sources describe
 * it together (merge.h): per attribute the best source of the build
 * that states it, else the nearest build with the same field list; and
 * the attributes two sources of one build state differently.  A file
 * of its own as the rule that picks sources, which pages, the search
 * index and lint share.
 */
#include <ctype.h>
#include <string.h>

#include "merge.h"

static const char *const mattr_names[ECAT_MA__MAX] = {
	"fields", "channel", "level", "task", "opcode", "keywords",
	"message", "maps", "display texts"
};

/* merge.h gives the order and why; an origin not listed comes last. */
static const int origin_rank[ECAT_ORIGIN__MAX] = {
	[ECAT_ORIGIN_MANIFEST] = 0,
	[ECAT_ORIGIN_WEPEXPLORER] = 1,
	[ECAT_ORIGIN_ETWLIB] = 2,
	[ECAT_ORIGIN_REBUILD] = 3,
	[ECAT_ORIGIN_TSV] = 4,
	[ECAT_ORIGIN_TSV_MOF] = 5,
	[ECAT_ORIGIN_TRANSCRIBED] = 6,
	[ECAT_ORIGIN_SAMPLE] = 7,
};

_Static_assert(ECAT_MA__MAX == 9 && (1u << ECAT_MA_NAMEMSG) ==
    ECAT_ATTR_NAMEMSG && (1u << ECAT_MA_MAPS) == ECAT_ATTR_MAPS,
    "enum ecat_mattr follows the ECAT_ATTR_* bits of carry.h");

const char *
ecat_mattr_name(enum ecat_mattr a)
{
	return a < ECAT_MA__MAX ? mattr_names[a] : "?";
}

int
ecat_origin_rank(enum ecat_origin o)
{
	return o < ECAT_ORIGIN__MAX ? origin_rank[o] : ECAT_ORIGIN__MAX;
}

const struct ecat_shape *
ecat_row_shape(const struct ecat_evrow *r)
{
	if (r == NULL)
		return NULL;
	if (r->tmpl != NULL)
		return r->tmpl->shape;
	return r->ev != NULL && r->ev->tmpl != NULL ? r->ev->tmpl->shape :
	    NULL;
}

/* No field: no shape, or one of no fields that is not verbatim text. */
static int
S_empty(const struct ecat_shape *s)
{
	return s == NULL || (s->nfields == 0 && s->verbatim == NULL);
}

int
ecat_shape_alike(const struct ecat_shape *a, const struct ecat_shape *b)
{
	uint32_t	 i;

	if (a == b || (S_empty(a) && S_empty(b)))
		return 1;
	if (S_empty(a) || S_empty(b) || a->nfields != b->nfields ||
	    (a->verbatim != NULL) != (b->verbatim != NULL))
		return 0;
	if (a->verbatim != NULL)
		return strcmp(a->verbatim, b->verbatim) == 0;
	for (i = 0; i < a->nfields; i++) {
		const struct ecat_field *x = &a->fields[i], *y = &b->fields[i];

		if (x->name == NULL || y->name == NULL ||
		    strcmp(x->name, y->name) != 0)
			return 0;
		/* A TSV export writes a struct as one field of some type
		   ("GUID Locks" for SMBServer 16's struct of three). */
		if ((x->flags | y->flags) & ECAT_FIELD_STRUCT)
			continue;
		if (x->intype != y->intype)
			return 0;
		if (x->intype == ECAT_IN_UNKNOWN && (x->intype_name == NULL ||
		    y->intype_name == NULL ||
		    strcmp(x->intype_name, y->intype_name) != 0))
			return 0;
	}
	return 1;
}

/* ------------------------------------------------- an etwlib dump's list */

/*
 * etwlib writes a template without an event (validator/drift_cross.c
 * says how, measured on the dumps of ../shared/corpus): an array whose
 * count is another field is left out, and one of fixed count n is
 * written item by item, X-0 ... X-(n-1).  So a dump's field list may
 * be another source's as etwlib writes it, and then it is that list,
 * which the dump cannot state: Hyper-V-VSmb 1's five fields in the
 * dumps of 22621.2134 and 26200.6901 are the seven of seed page 000
 * without StackFrame and Module, each after its UInt32 count.
 */

int
ecat_ident_eq(const char *a, const char *b, size_t bl)
{
	const char	*be = b + bl;

	for (;;) {
		while (*a != '\0' && !isalnum((unsigned char)*a))
			a++;
		while (b < be && !isalnum((unsigned char)*b))
			b++;
		if (*a == '\0' || b == be)
			return *a == '\0' && b == be;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

/*
 * One type named by two tools, between an etwlib dump and another
 * format.  TDH gives a struct's first-member index where a type
 * belongs; TraceEvent writes an unknown number as itself ("29",
 * sometimes "Struct"), etwlib as win:Binary; TDH's counted strings are
 * TraceEvent's CountedUtf16String and CountedMbcsString, and etwlib's
 * UnicodeString and AnsiString.  Of the 487 drift-field-retyped
 * findings in pairs with a dump (tests/drift_sources.py), 224 were the
 * first and 252 the second.
 */
const char *
ecat_dump_typename(const char *t)
{
	if (t == NULL)
		return "";
	if (strcmp(t, "Struct") == 0 || (*t != '\0' &&
	    strspn(t, "0123456789") == strlen(t)))
		return "Binary";
	if (strcmp(t, "CountedUtf16String") == 0)
		return "UnicodeString";
	if (strcmp(t, "CountedMbcsString") == 0)
		return "AnsiString";
	return t;
}

static int
S_dumptypeeq(const struct ecat_field *d, const struct ecat_field *o)
{
	if (d->intype != ECAT_IN_UNKNOWN && d->intype == o->intype)
		return 1;
	return d->intype_name != NULL && o->intype_name != NULL &&
	    strcmp(ecat_dump_typename(d->intype_name),
	    ecat_dump_typename(o->intype_name)) == 0;
}

/* The k of d's name "<o's name>-<k>", or -1. */
static long
S_item(const struct ecat_field *d, const struct ecat_field *o)
{
	const char	*dash;
	long		 k = 0;

	if (d->name == NULL || o->name == NULL ||
	    (dash = strrchr(d->name, '-')) == NULL || dash[1] == '\0' ||
	    !ecat_ident_eq(o->name, d->name, (size_t)(dash - d->name)))
		return -1;
	for (dash++; *dash != '\0'; dash++) {
		if (!isdigit((unsigned char)*dash) || k > 65535)
			return -1;
		k = k * 10 + (*dash - '0');
	}
	return k;
}

int
ecat_field_counts(const struct ecat_field *f)
{
	return f->nmembers == 0 && !(f->flags & ECAT_FIELD_COUNT) &&
	    (f->intype == ECAT_IN_UINT8 || f->intype == ECAT_IN_UINT16 ||
	    f->intype == ECAT_IN_UINT32 || f->intype == ECAT_IN_HEXINT32);
}

int
ecat_shape_dumped(const struct ecat_shape *d, const struct ecat_shape *o,
    int ocounts)
{
	const struct ecat_field	*df, *of;
	uint32_t		 i = 0, j, k, n, m;
	int			 kept = 0, lost = 0;

	if (S_empty(d) || S_empty(o) || d->verbatim != NULL ||
	    o->verbatim != NULL)
		return 0;
	n = d->nfields;
	m = o->nfields;
	df = d->fields;
	of = o->fields;
	for (j = 0; j < m; j++) {
		if (i < n && df[i].name != NULL && of[j].name != NULL &&
		    ecat_ident_eq(of[j].name, df[i].name, strlen(df[i].name)) &&
		    S_dumptypeeq(&df[i], &of[j])) {
			/* Kept: a count's type before a left-out array. */
			if (ecat_field_counts(&of[j]))
				kept = 1;
			i++;
			continue;
		}
		if (i < n && S_item(&df[i], &of[j]) == 0 &&
		    S_dumptypeeq(&df[i], &of[j])) {
			/* X-0 ... X-(k-1): of[j] with a count of k. */
			for (k = 1; i + k < n && S_item(&df[i + k], &of[j]) ==
			    (long)k && S_dumptypeeq(&df[i + k], &of[j]); k++)
				continue;
			if ((of[j].flags & ECAT_FIELD_COUNT) ?
			    of[j].count_ref == NULL && of[j].count == k :
			    !ocounts) {
				i += k;
				lost = 1;
				continue;
			}
		}
		/* Left out: an array counted by another field. */
		if (ocounts ? (of[j].flags & ECAT_FIELD_COUNT) &&
		    of[j].count_ref != NULL : kept) {
			lost = 1;
			continue;
		}
		return 0;
	}
	/* Names spelt otherwise alone are not what etwlib loses. */
	return i == n && lost;
}

/* ---------------------------------------------------------------- merge */

/* The first occurrence of k in build index bi or after; k->nocc if none. */
static uint32_t
S_lower(const struct ecat_evkey *k, uint32_t bi)
{
	uint32_t	 lo = 0, hi = k->nocc, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ecat_occ_build(&k->occ[mid])->index < bi)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The end of the run of occurrences of k's build at a. */
static uint32_t
S_gend(const struct ecat_evkey *k, uint32_t a)
{
	const struct ecat_build	*b = ecat_occ_build(&k->occ[a]);
	uint32_t		 e;

	for (e = a + 1; e < k->nocc && ecat_occ_build(&k->occ[e]) == b; e++)
		continue;
	return e;
}

/* A source read from Windows by a program: no transcription, no sample. */
static int
S_machine(const struct ecat_pschema *ps)
{
	enum ecat_origin	 g = ecat_pschema_origin(ps);

	return g != ECAT_ORIGIN_TRANSCRIBED && g != ECAT_ORIGIN_SAMPLE;
}

/*
 * The best source per attribute among occurrences [a, e) of one build,
 * for the attributes of want: pick[attr] and its rank; machine: of the
 * machine sources only.  Returns the ECAT_ATTR_* bits found.
 */
static unsigned
S_bestof(const struct ecat_evkey *k, uint32_t a, uint32_t e, unsigned want,
    const struct ecat_occ *pick[ECAT_MA__MAX], int rank[ECAT_MA__MAX],
    int machine)
{
	const struct ecat_pschema	*ps;
	const struct ecat_evrow		*r;
	unsigned			 c, found = 0;
	int				 rk, i;

	for (i = 0; i < ECAT_MA__MAX; i++) {
		pick[i] = NULL;
		rank[i] = ECAT_ORIGIN__MAX + 1;
	}
	for (; a < e; a++) {
		if ((r = ecat_occ_row(&k->occ[a])) == NULL)
			continue;
		ps = ecat_occ_schema(&k->occ[a]);
		if (machine && !S_machine(ps))
			continue;
		c = ecat_carries(ps, r) & want;
		rk = ecat_origin_rank(ecat_pschema_origin(ps));
		for (i = 0; c != 0 && i < ECAT_MA__MAX; i++)
			if ((c & (1u << i)) && rk < rank[i]) {
				pick[i] = &k->occ[a];
				rank[i] = rk;
			}
		found |= c;
	}
	return found;
}

static unsigned
S_best(const struct ecat_evkey *k, uint32_t a, uint32_t e, unsigned want,
    const struct ecat_occ *pick[ECAT_MA__MAX], int rank[ECAT_MA__MAX])
{
	return S_bestof(k, a, e, want, pick, rank, 0);
}

static void
S_set(struct ecat_merged *m, int i, const struct ecat_occ *o, int other)
{
	m->at[i].occ = o;
	m->at[i].origin = ecat_pschema_origin(ecat_occ_schema(o));
	m->at[i].other = other;
	m->known |= 1u << i;
	if (i == ECAT_MA_FIELDS)
		m->shape = ecat_row_shape(ecat_occ_row(o));
}

/* Does the source of o write counts?  A TSV export and a transcription
   of a page do not. */
static int
S_counts(const struct ecat_occ *o)
{
	enum ecat_origin	 g = ecat_pschema_origin(ecat_occ_schema(o));

	return g != ECAT_ORIGIN_TSV && g != ECAT_ORIGIN_TSV_MOF &&
	    g != ECAT_ORIGIN_TRANSCRIBED;
}

/* m's field list is an etwlib dump's, which may lack arrays. */
static int
S_dumpfields(const struct ecat_merged *m)
{
	return (m->known & ECAT_ATTR_FIELDS) && !m->settled &&
	    m->at[ECAT_MA_FIELDS].origin == ECAT_ORIGIN_ETWLIB;
}

/*
 * Take what the build of occurrences [a, e) gives of the attributes m
 * still lacks, unless its field list is known to differ from m's
 * (merge.h, 2); anyfields: some build states a field list for the key.
 * Where m's field list is an etwlib dump's, the first build met with
 * a list of another source settles it: that list is taken as m's if
 * the dump's is it as etwlib writes it (ecat_shape_dumped); a list an
 * etwlib dump writes so is alike too.
 */
static void
S_borrow(struct ecat_merged *m, uint32_t a, uint32_t e, unsigned anyfields)
{
	const struct ecat_occ	*pick[ECAT_MA__MAX], *f;
	int			 rank[ECAT_MA__MAX], i, first;
	unsigned		 want = ECAT_ATTR__ALL & ~m->known;

	if (S_best(m->key, a, e, want | ECAT_ATTR_FIELDS, pick, rank) == 0)
		return;
	first = (f = pick[ECAT_MA_FIELDS]) != NULL && S_dumpfields(m) &&
	    ecat_pschema_origin(ecat_occ_schema(f)) != ECAT_ORIGIN_ETWLIB;
	if (first)
		m->settled = 1;
	if (f != NULL && (m->known & ECAT_ATTR_FIELDS) &&
	    !ecat_shape_alike(m->shape, ecat_row_shape(ecat_occ_row(f)))) {
		if (first && ecat_shape_dumped(m->shape,
		    ecat_row_shape(ecat_occ_row(f)), S_counts(f)))
			S_set(m, ECAT_MA_FIELDS, f, 1);
		else if (m->at[ECAT_MA_FIELDS].origin != ECAT_ORIGIN_ETWLIB &&
		    ecat_pschema_origin(ecat_occ_schema(f)) ==
		    ECAT_ORIGIN_ETWLIB && ecat_shape_dumped(
		    ecat_row_shape(ecat_occ_row(f)), m->shape,
		    S_counts(m->at[ECAT_MA_FIELDS].occ)))
			;	/* alike: borrow the rest */
		else
			return;
		for (i = 0; i < ECAT_MA__MAX; i++)
			if ((want & (1u << i)) && !(m->known & (1u << i)) &&
			    pick[i] != NULL)
				S_set(m, i, pick[i], 1);
		return;
	}
	if (pick[ECAT_MA_FIELDS] == NULL) {
		/*
		 * Its fields unknown: no field list to compare with yet,
		 * unless no build has one (Hyper-V-VSmb 201: no source
		 * gives its fields, the etwlib dumps give its task, the
		 * transcription of seed 000 its message).
		 */
		if (!(m->known & ECAT_ATTR_FIELDS) && anyfields)
			return;
	} else if (m->known & ECAT_ATTR_FIELDS) {
		if (!ecat_shape_alike(m->shape,
		    ecat_row_shape(ecat_occ_row(pick[ECAT_MA_FIELDS]))))
			return;
	} else
		S_set(m, ECAT_MA_FIELDS, pick[ECAT_MA_FIELDS], 1);
	for (i = 0; i < ECAT_MA__MAX; i++)
		if ((want & (1u << i)) && !(m->known & (1u << i)) &&
		    pick[i] != NULL)
			S_set(m, i, pick[i], 1);
}

int
ecat_merge(const struct ecat_evkey *k, const struct ecat_build *b,
    struct ecat_merged *m)
{
	const struct ecat_occ	*pick[ECAT_MA__MAX];
	int			 rank[ECAT_MA__MAX], i, here = 0;
	uint32_t		 lo, hi, l, r, ge, gs, bi = b->index, dl, dr;
	unsigned		 avail;

	memset(m, 0, sizeof(*m));
	m->key = k;
	m->build = b;
	lo = S_lower(k, bi);
	for (hi = lo; hi < k->nocc && ecat_occ_build(&k->occ[hi]) == b; hi++)
		continue;
	if (S_best(k, lo, hi, ECAT_ATTR__ALL, pick, rank) != 0)
		for (i = 0; i < ECAT_MA__MAX; i++)
			if (pick[i] != NULL)
				S_set(m, i, pick[i], 0);
	for (i = lo; i < (int)hi; i++)
		if (ecat_occ_row(&k->occ[i]) != NULL)
			here = 1;
	/*
	 * The other builds, nearest first, the newer on a tie, while one
	 * of them states something m lacks: over TSV builds alone no
	 * occurrence states a channel or message, and the walk went
	 * through every build of the key for nothing, for every event
	 * page, provider row and search entry.
	 */
	avail = S_best(k, 0, k->nocc, ECAT_ATTR__ALL, pick, rank);
	l = lo;
	r = hi;
	while (((m->known & avail) != avail || S_dumpfields(m)) &&
	    (l > 0 || r < k->nocc)) {
		dl = l > 0 ? bi - ecat_occ_build(&k->occ[l - 1])->index :
		    UINT32_MAX;
		dr = r < k->nocc ? ecat_occ_build(&k->occ[r])->index - bi :
		    UINT32_MAX;
		if (dr <= dl) {
			ge = S_gend(k, r);
			S_borrow(m, r, ge, avail & ECAT_ATTR_FIELDS);
			r = ge;
		} else {
			const struct ecat_build *gb =
			    ecat_occ_build(&k->occ[l - 1]);

			for (gs = l - 1; gs > 0 &&
			    ecat_occ_build(&k->occ[gs - 1]) == gb; gs--)
				continue;
			S_borrow(m, gs, l, avail & ECAT_ATTR_FIELDS);
			l = gs;
		}
	}
	return here;
}

/* ------------------------------------------------------------ conflicts */

/* A's and b's text equal, runs of white space as one, ends trimmed. */
static int
S_texteq(const char *a, const char *b)
{
	if (a == b)
		return 1;
	if (a == NULL || b == NULL)
		return 0;
	for (;;) {
		while (isspace((unsigned char)*a))
			a++;
		while (isspace((unsigned char)*b))
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		while (*a != '\0' && *b != '\0' && !isspace((unsigned char)*a) &&
		    *a == *b) {
			a++;
			b++;
		}
		if (!((*a == '\0' || isspace((unsigned char)*a)) &&
		    (*b == '\0' || isspace((unsigned char)*b))))
			return 0;
	}
}

/*
 * A name as the sources compare it: prefix ("win:") dropped, spaces
 * and case ignored, since a TSV export writes display texts without
 * their spaces ("Datasent." for "Data sent.").
 */
static int
S_nameeq(const char *a, const char *b)
{
	const char	*c;

	if (a == NULL || b == NULL)
		return a == b;
	if ((c = strchr(a, ':')) != NULL && c[1] != '\0')
		a = c + 1;
	if ((c = strchr(b, ':')) != NULL && c[1] != '\0')
		b = c + 1;
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		if (*a == '\0')
			return 1;
		a++;
		b++;
	}
}

/* The channel's name as a row states it (by name, else by value). */
static const char *
S_chname(const struct ecat_pschema *ps, const struct ecat_event *e)
{
	uint32_t	 i;

	if (e->channel_name != NULL && e->channel_name[0] != '\0')
		return e->channel_name;
	if (!(e->has & ECAT_HAS_CHANNEL) || e->channel == 0)
		return NULL;
	for (i = 0; i < ps->nchannels; i++)
		if (ps->channels[i].value == e->channel)
			return ps->channels[i].name != NULL ?
			    ps->channels[i].name : ps->channels[i].chid;
	return "?";
}

/* A level as a number, -1 when neither value nor a known name. */
static int
S_level(const struct ecat_event *e)
{
	const struct ecat_winmeta	*wm;
	const char			*n = e->level_name, *c;

	if (e->has & ECAT_HAS_LEVEL)
		return e->level;
	if (n == NULL)
		return 0;
	if ((c = strchr(n, ':')) != NULL)
		n = c + 1;
	return (wm = ecat_winmeta_level(n)) != NULL ? (int)wm->value : -1;
}

/* Each space-separated keyword name of a is in b, and as many. */
static int
S_kwseteq(const char *a, const char *b)
{
	const char	*p, *q;
	size_t		 n, m, na = 0, nb = 0;

	for (p = a; *p != '\0'; p += n) {
		p += strspn(p, " ");
		if ((n = strcspn(p, " ")) == 0)
			break;
		na++;
		for (q = b; *q != '\0'; q += m) {
			q += strspn(q, " ");
			if ((m = strcspn(q, " ")) == 0)
				break;
			if (m == n && strncasecmp(p, q, n) == 0)
				break;
		}
		if (*q == '\0')
			return 0;
	}
	for (q = b; *q != '\0'; q += m) {
		q += strspn(q, " ");
		if ((m = strcspn(q, " ")) == 0)
			break;
		nb++;
	}
	return na == nb;
}

/* Do the rows x and y of schemas px and py state attribute i alike? */
static int
S_same(int i, const struct ecat_pschema *px, const struct ecat_evrow *x,
    const struct ecat_pschema *py, const struct ecat_evrow *y)
{
	const struct ecat_event	*a = x->ev, *b = y->ev;
	int			 la, lb;

	switch (i) {
	case ECAT_MA_FIELDS:
		return ecat_shape_alike(ecat_row_shape(x), ecat_row_shape(y));
	case ECAT_MA_CHANNEL:
		return S_nameeq(S_chname(px, a), S_chname(py, b));
	case ECAT_MA_LEVEL:
		la = S_level(a);
		lb = S_level(b);
		return la < 0 || lb < 0 || la == lb;
	case ECAT_MA_TASK:
		if ((a->has & b->has & ECAT_HAS_TASK) && a->task != b->task)
			return 0;
		return a->task_name == NULL || b->task_name == NULL ||
		    S_nameeq(a->task_name, b->task_name);
	case ECAT_MA_OPCODE:
		if ((a->has & b->has & ECAT_HAS_OPCODE) &&
		    a->opcode != b->opcode)
			return 0;
		return a->opcode_name == NULL || b->opcode_name == NULL ||
		    S_nameeq(a->opcode_name, b->opcode_name);
	case ECAT_MA_KEYWORDS:
		if (a->keywords_names != NULL && b->keywords_names != NULL)
			return S_kwseteq(a->keywords_names, b->keywords_names);
		/* Bits 56-63 are the channels' (reference §1.5). */
		if (a->has & b->has & ECAT_HAS_KEYWORDS)
			return (a->keywords & 0x00ffffffffffffffULL) ==
			    (b->keywords & 0x00ffffffffffffffULL);
		return 1;
	case ECAT_MA_MESSAGE:
		if (a->message == NULL && b->message == NULL)
			return 1;
		return S_texteq(a->message, b->message);
	default:
		return 1;
	}
}

uint32_t
ecat_merge_conflicts(const struct ecat_evkey *k, const struct ecat_build *b,
    struct ecat_mconflict *out, uint32_t max)
{
	const struct ecat_occ		*pick[ECAT_MA__MAX], *o;
	const struct ecat_pschema	*ps, *pp;
	const struct ecat_evrow		*r, *pr;
	int				 rank[ECAT_MA__MAX], i;
	uint32_t			 lo, hi, a, n = 0;
	unsigned			 c;

	lo = S_lower(k, b->index);
	for (hi = lo; hi < k->nocc && ecat_occ_build(&k->occ[hi]) == b; hi++)
		continue;
	if (hi - lo < 2 || S_best(k, lo, hi, ECAT_ATTR__ALL, pick, rank) == 0)
		return 0;
	for (i = 0; i < ECAT_MA_MAPS; i++) {
		if (pick[i] == NULL)
			continue;
		pp = ecat_occ_schema(pick[i]);
		pr = ecat_occ_row(pick[i]);
		for (a = lo; a < hi; a++) {
			o = &k->occ[a];
			if (o == pick[i] || (r = ecat_occ_row(o)) == NULL)
				continue;
			ps = ecat_occ_schema(o);
			/* lint-transcription-differs reports those. */
			if (ecat_pschema_origin(ps) == ECAT_ORIGIN_TRANSCRIBED)
				continue;
			c = ecat_carries(ps, r);
			if (!(c & (1u << i)) || S_same(i, pp, pr, ps, r))
				continue;
			if (n < max) {
				out[n].attr = (enum ecat_mattr)i;
				out[n].a = pick[i];
				out[n].b = o;
			}
			n++;
			break;
		}
	}
	return n;
}

/* ------------------------------------------------------- transcriptions */

uint32_t
ecat_merge_transcribed(const struct ecat_provider *p,
    const struct ecat_evkey *k, const struct ecat_occ *t,
    struct ecat_mtdiff *out, uint32_t max)
{
	const struct ecat_occ		*pick[ECAT_MA__MAX], *o, *other = NULL;
	const struct ecat_build		*bt = ecat_occ_build(t), *ob,
					*near = NULL;
	const struct ecat_pschema	*pt = ecat_occ_schema(t);
	const struct ecat_evrow		*rt = ecat_occ_row(t);
	const struct ecat_evkey		*kk;
	int				 rank[ECAT_MA__MAX], i;
	uint32_t			 lo, hi, a, d, nd = UINT32_MAX, n = 0;
	unsigned			 ct;

	if (rt == NULL)
		return 0;
	/*
	 * The nearest build with a machine source of the event id, in
	 * any version: the keys of one id are next to each other in
	 * p->keys (sorted by id, then version).
	 */
	for (lo = 0, hi = p->nkeys; lo < hi; ) {
		a = lo + (hi - lo) / 2;
		if (p->keys[a]->id < k->id)
			lo = a + 1;
		else
			hi = a;
	}
	for (; lo < p->nkeys && (kk = p->keys[lo])->id == k->id; lo++)
		for (a = 0; a < kk->nocc; a++) {
			o = &kk->occ[a];
			if (ecat_occ_row(o) == NULL ||
			    !S_machine(ecat_occ_schema(o)))
				continue;
			ob = ecat_occ_build(o);
			d = ob->index > bt->index ? ob->index - bt->index :
			    bt->index - ob->index;
			if (d < nd || (d == nd && ob->index > near->index)) {
				near = ob;
				nd = d;
				other = kk == k ? NULL : o;
			} else if (ob == near && kk == k)
				other = NULL;
		}
	if (near == NULL)
		return 0;
	if (other != NULL) {
		/* That build describes the id in other versions only. */
		if (max > 0) {
			out[0].attr = ECAT_MA__MAX;
			out[0].m = other;
		}
		return 1;
	}
	lo = S_lower(k, near->index);
	hi = S_gend(k, lo);
	if (S_bestof(k, lo, hi, ECAT_ATTR__ALL, pick, rank, 1) == 0)
		return 0;
	ct = ecat_carries(pt, rt);
	for (i = 0; i < ECAT_MA_MAPS; i++) {
		if (!(ct & (1u << i)) || pick[i] == NULL ||
		    S_same(i, ecat_occ_schema(pick[i]), ecat_occ_row(pick[i]),
		    pt, rt))
			continue;
		if (n < max) {
			out[n].attr = i;
			out[n].m = pick[i];
		}
		n++;
	}
	return n;
}
