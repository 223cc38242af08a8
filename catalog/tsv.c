/*
 * tsv.c: the TSV loader for jdu2600/Windows10EtwEvents.
 *
 * That corpus holds, per Windows build, one file per provider in two
 * layouts, told apart by the header line (the tool's Program.cs writes
 * both headers literally):
 *
 *   manifest/NAME.tsv  provider event_id version event(fields) opcode
 *                      keywords task level evtlog_channel evtlog_message
 *   mof/NAME.tsv       provider category event_id version event(fields)
 *                      event_type description
 *
 * The manifest rows are a projection of the manifest that TraceEvent's
 * RegisteredTraceEventParser.GetManifestForRegisteredProvider rebuilds
 * from TDH: event(fields) is the event's symbol= followed by
 * "(Type Name, Type Name, ...)" over the template's items, with Type
 * the inType without its "win:" prefix; opcode and level lose their
 * prefix; keywords and task are copied as written.  MOF rows come from
 * the WMI EventTrace classes: category is the event class GUID, the
 * id is the class's EventType qualifier and Type is the property's
 * CIM type name.  render/export_tsv.c writes the same columns back;
 * the two files must agree byte for byte (tests/tsv_roundtrip.sh).
 *
 * One file becomes one ecat_pschema.  The loader reads the buffer in
 * place (spans, never copies of rows), interns what it keeps, and
 * allocates nothing per row: events go into one array that grows by
 * doubling and is handed to ecat_pschema_commit() at the end (which
 * keeps a row per event and each distinct content once), and a field list
 * is parsed only the first time its text is seen anywhere in the
 * catalog (the 17-build corpus has about 853,000 rows but only about
 * 19,000 distinct field lists); after that one hash lookup of the
 * text gives its shape.  The array grows with the rows read, not the
 * lines: sized by the line count, a file of 256 MiB of empty lines
 * asked for 43 GB.
 *
 * Limits (etwcat.1, LIMITS; each a limit-exceeded diagnostic): a line
 * longer than S_MAX_LINE is skipped, a field list of more than
 * ECAT_MAX_FIELDS items is kept verbatim, an evtlog_message longer
 * than ECAT_MAX_STRING bytes skips its row, and rows after the
 * S_MAX_ROWS-th are not read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inputs.h"
#include "io.h"
#include "load.h"
#include "tsvcols.h"
#include "tsv_links.h"

static const char hdr_manifest[] = ECAT_TSV_HDR_MANIFEST;
static const char hdr_mof[] = ECAT_TSV_HDR_MOF;

#define NCOL_MANIFEST	TSVM__N
#define NCOL_MOF	TSVO__N

/*
 * The largest file of the corpus has 2,385 rows and its longest line
 * is 5,491 bytes; one event id and version each (16 and 8 bits) allow
 * 16.7 million rows, but no provider comes near.
 */
#define S_MAX_LINE	(1024 * 1024)
#define S_MAX_ROWS	(1024 * 1024)

/* A piece of the input buffer; never NUL-terminated. */
struct span {
	const char	*p;
	size_t		 n;
};

/*
 * cat->tsvindex: what every TSV file of one catalog shares.  The
 * field-list text is hashed eight bytes at a time (S_texthash) and
 * kept once: interning it through the catalog's byte-wise FNV-1a for
 * every row was a third of the load time.  That table is only a cache
 * of the shapes, so its slots and texts are malloc'ed and
 * ecat_tsv_forget() drops them when the catalog is finished: 7.6 MB
 * over the 17 TSV builds (bench/load_mem.c).  The file table's slots
 * live in the catalog's arena and go away with the catalog.
 */
struct tsvindex {
	struct ecat_htab shapes;	/* field-list text → shape */
	struct ecat_htab files;		/* basename → provider name */
	struct ecat_htab seen;		/* ("dir/basename", hash) → struct
					   seen */
	struct tsvlinks	 links;		/* files met again (tsv_links.h) */
};

/*
 * A file read under one "dir/basename" (manifest/NAME.tsv or
 * mof/NAME.tsv) of any build, when reading it reported nothing: its
 * bytes' hash and length, and the schema they gave; one per distinct
 * content of the name.  A later build's file with the same bytes gives
 * the same rows and templates, so it is committed as that schema's
 * alike (ecat_pschema_commit_alike()) without being parsed.  15,257 of
 * the 17,935 files of the 17 TSV builds are byte for byte their
 * previous build's; parsing them was 75% of the 170-build stress
 * catalog's load (perf, bench/stress.sh).  Every content is kept, not
 * only the last: a file that comes back to an earlier content after an
 * edit (bench/stress.sh's copies, an edit reverted in a later build)
 * is not parsed again: over the stress catalog, 1,062 fewer files
 * opened (strace -f -e trace=openat; 23,025 -> 21,963).
 *
 * The bytes are known by a 128-bit hash (two independent 64-bit
 * lanes), not kept: keeping the previous build's files for memcmp cost
 * their size (140 MB over the 17 builds) or a second read of each.  Two
 * different files of one name collide with odds of 2^-128; a file
 * written to collide could only make its schema read as the one its
 * author could have written anyway.
 */
struct seen {
	uint64_t		 h[2];
	size_t			 len;
	const struct ecat_pschema *ps;
	const char		*base;		/* the basename, interned */
	int			 named;		/* the provider name came from a
						   row, not S_noprovider() */
};

/* A cell of the previous row and its interned copy. */
struct lastcell {
	const char	*p;
	size_t		 n;
	const char	*in;
};

/* One file being loaded. */
struct tload {
	struct ecat_catalog	*cat;
	struct ecat_build	*build;
	struct tsvindex		*ix;
	const char		*file;		/* interned, for locations */
	const char		*base;		/* interned basename */
	enum ecat_format	 fmt;
	struct span		 prov;		/* first good row's provider */
	struct ecat_evsrc	*ev;		/* one per good row */
	uint32_t		 nev;
	size_t			 evcap;
	uint32_t		*tix;		/* per event: template + 1 */
	struct ecat_template	*tm;		/* scratch templates */
	uint32_t		 ntm;
	size_t			 tmcap;
	struct ecat_htab	 tmpl;		/* shape → template + 1 */
	struct ecat_field	*fs;		/* scratch field list */
	size_t			 fcap;
	struct lastcell		 last[NCOL_MANIFEST];
	int			 rowlimit;	/* S_MAX_ROWS reached */
};

/* ------------------------------------------------------------ maps */

/*
 * A 64-bit hash of n bytes, a word at a time (multiply and fold, as
 * in wyhash), for the shapes table.
 */
static uint64_t
S_texthash(const void *k, size_t n, uint64_t tag)
{
	const char	*p = k;
	uint64_t	 h = 0x9e3779b97f4a7c15ULL ^ n ^ tag, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return h;
}

static struct tsvindex *
S_index(struct ecat_catalog *cat)
{
	struct tsvindex	*ix;

	if ((ix = cat->tsvindex) != NULL)
		return ix;
	ix = ecat_alloc(cat, sizeof(*ix));
	ecat_htab_init(&ix->shapes, ECAT_HKEY_STR, 0);
	ix->shapes.hash = S_texthash;
	ecat_htab_init(&ix->files, ECAT_HKEY_PTR, 0);
	ix->files.arena = cat->arena;
	ecat_htab_init(&ix->seen, ECAT_HKEY_STR, 0);
	ix->seen.hash = S_texthash;
	ix->seen.arena = cat->arena;
	tsvlinks_init(&ix->links, cat);
	cat->tsvindex = ix;
	return ix;
}

/* ------------------------------------------------------------ helpers */

static int
S_spaneq(struct span s, const char *lit)
{
	return strlen(lit) == s.n && memcmp(s.p, lit, s.n) == 0;
}

/*
 * A decimal number of at most max, as .NET's int.ToString() writes
 * it (digits only, no sign).  Returns 0 and sets *out, or -1.
 */
static int
S_number(const char *p, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t	 v = 0;
	size_t		 i;

	if (n == 0 || n > 20)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * TraceEvent's invented names carry the number exactly as
 * N.ToString() writes it: no sign, no leading zero.  Returns 0 and
 * sets *out when s is prefix followed by such a number up to max.
 */
static int
S_prefixnum(const char *s, const char *prefix, uint64_t max, uint64_t *out)
{
	size_t	 n = strlen(prefix), len;

	if (strncmp(s, prefix, n) != 0)
		return -1;
	s += n;
	len = strlen(s);
	if (len > 1 && s[0] == '0')
		return -1;
	return S_number(s, len, max, out);
}

/*
 * Intern cell col of the current row.  Name columns mostly repeat the
 * row above (level, task, keywords), so the previous row's cell is
 * compared first: cheaper than a probe of the catalog's interner,
 * whose table is too large to stay in cache.  NULL for an empty cell.
 */
static const char *
S_intern(struct tload *t, int col, struct span s)
{
	struct lastcell	*l = &t->last[col];

	if (s.n == 0)
		return NULL;
	if (l->in != NULL && l->n == s.n && memcmp(l->p, s.p, s.n) == 0)
		return l->in;
	l->p = s.p;
	l->n = s.n;
	return l->in = ecat_strn(t->cat, s.p, s.n);
}

/* ------------------------------------------------------------ numbers */

/*
 * Which descriptor numbers a name gives.  The names in a manifest TSV
 * are TraceEvent's, so the rules are the ones its rebuilder
 * (RegisteredTraceEventParser.GetManifestForRegisteredProvider) uses
 * to invent them; a number is set, with its ECAT_HAS_* bit, only where
 * the name admits exactly one value:
 *
 * level   TraceEvent writes "win:" + the TraceEventLevel enum name for
 *         levels 0-5 and nothing otherwise, so Always (winmeta's
 *         LogAlways) = 0, Critical = 1, Error = 2, Warning = 3,
 *         Informational = 4, Verbose = 5; an empty level is above 5
 *         and stays unknown.
 * task    "task_<N>" is what TraceEvent writes when TDH has no task
 *         name, so it is task N.  A real name says nothing about the
 *         number.
 * opcode  TraceEvent writes no opcode for opcode 0, so an empty
 *         opcode is 0.  "opcode_<N>" is its name for an unnamed opcode
 *         N, and "opcode_<T>_<N>" the same made unique within task T.
 *         winmeta names are NOT taken as numbers: the names are TDH's
 *         display names, and providers define their own opcodes with
 *         the same names (in Win10-1803-17134 52 events use a custom
 *         "Start" opcode, 69 "Stop", 23 "Receive", 5 "Info", beside
 *         9,569 win:Start and 9,819 win:Stop ones).
 * keywords never: names replace the mask, and TraceEvent drops every
 *         bit from 48 up (channel and reserved bits), so even
 *         "keyword_<hex>" names leave the full mask unknown.
 *
 * MOF rows: the id column is the class's EventType qualifier, which is
 * the opcode of a classic event (EVENT_TRACE_HEADER Class.Type), so
 * the opcode is the id.
 */
static void
S_levelnum(struct ecat_event *e)
{
	const struct ecat_winmeta	*w;

	if (e->level_name == NULL)
		return;
	if (strcmp(e->level_name, "Always") == 0) {
		e->level = 0;
		e->has |= ECAT_HAS_LEVEL;
	} else if ((w = ecat_winmeta_level(e->level_name)) != NULL) {
		e->level = (uint8_t)w->value;
		e->has |= ECAT_HAS_LEVEL;
	}
}

static void
S_tasknum(struct ecat_event *e)
{
	uint64_t	 v;

	if (e->task_name != NULL &&
	    S_prefixnum(e->task_name, "task_", 65535, &v) == 0) {
		e->task = (uint16_t)v;
		e->has |= ECAT_HAS_TASK;
	}
}

static void
S_opcodenum(struct ecat_event *e)
{
	const char	*s = e->opcode_name, *u;
	uint64_t	 v, t;

	if (s == NULL) {
		e->opcode = 0;
		e->has |= ECAT_HAS_OPCODE;
		return;
	}
	if (S_prefixnum(s, "opcode_", 255, &v) == 0) {
		e->opcode = (uint8_t)v;
		e->has |= ECAT_HAS_OPCODE;
		return;
	}
	/* opcode_<task>_<opcode> */
	if (strncmp(s, "opcode_", 7) != 0 || (u = strchr(s + 7, '_')) == NULL ||
	    (u > s + 8 && s[7] == '0') ||
	    S_number(s + 7, (size_t)(u - s - 7), 65535, &t) == -1 ||
	    S_prefixnum(u, "_", 255, &v) == -1)
		return;
	e->opcode = (uint8_t)v;
	e->has |= ECAT_HAS_OPCODE;
}

/* ------------------------------------------------------------ fields */

/*
 * The inType of a type name as the TSV writes it.  Manifest rows use
 * TraceEvent's TdhInputType names, which ecat_intype_lookup() knows
 * (with the CountedUtf16String and CountedMbcsString aliases).  MOF
 * rows use WMI CIM type names (System.Management.CimType, which jdu's
 * tool prints with ToString()); the signed and real ones map one to
 * one onto TDH types and are resolved here.  String (ANSI or UTF-16
 * depending on qualifiers the TSV drops), Char16, Object, DateTime
 * and Reference stay unknown.
 *
 * A bare number is TraceEvent's placeholder for a struct: TDH's
 * EVENT_PROPERTY_INFO keeps StructStartIndex where a plain property
 * keeps InType, and TraceEvent prints the union's first member through
 * its TdhInputType enum, which yields a number when no enum member has
 * that value.  The number is where the struct's members start in TDH's
 * flattened property list (top-level properties first, then the
 * members of each struct in order): Kernel-General event 14 in
 * Win10-1803-17134 has 28 top-level items and its structs read 28, 30,
 * 31, 33, 34, 38, the running sum of their member counts (2, 1, 2, 1,
 * 4) after 28.  The members are not in the TSV, so such a field is
 * kept as written with an unknown inType and no ECAT_FIELD_STRUCT
 * flag (that flag promises members[]), as a rebuilt manifest's
 * inType="win:28" on a plain <data> is.  Two blind spots: a struct
 * starting below 25 prints as the enum member of that value (the
 * "Struct" types of the corpus are structs starting at 24, and
 * USB-USBPORT event 76 of Win10-1511-10586 reads "UInt32", "Binary",
 * "HexInt64", "Struct" for structs starting at 8, 14, 21, 24), and 25
 * may also be TDH_INTYPE_COUNTEDBINARY, which has no enum member
 * either.
 */
static const struct {
	const char	*name;
	uint16_t	 type;
} cimtypes[] = {
	{ "SInt8", ECAT_IN_INT8 },
	{ "SInt16", ECAT_IN_INT16 },
	{ "SInt32", ECAT_IN_INT32 },
	{ "SInt64", ECAT_IN_INT64 },
	{ "Real32", ECAT_IN_FLOAT },
	{ "Real64", ECAT_IN_DOUBLE },
};

static uint16_t
S_intype(const char *name, uint8_t *flags)
{
	enum ecat_intype	 t;
	size_t			 i;
	int			 folded;

	if ((t = ecat_intype_lookup(name, &folded)) != ECAT_IN_UNKNOWN) {
		if (folded)
			*flags |= ECAT_FIELD_TYPE_CASE;
		return (uint16_t)t;
	}
	for (i = 0; i < sizeof(cimtypes) / sizeof(cimtypes[0]); i++)
		if (strcmp(cimtypes[i].name, name) == 0)
			return cimtypes[i].type;
	return ECAT_IN_UNKNOWN;
}

/*
 * Parse "Type Name, Type Name, ..." (the text between the event
 * name's parentheses, not empty) into t->fs.  Every item must be
 * exactly one type and one name separated by one space, items
 * separated by ", ": anything else could not be written back as it
 * was.  Returns the number of fields, -1, or -2 when there are more
 * than ECAT_MAX_FIELDS.
 */
static int
S_parse_fields(struct tload *t, struct span list)
{
	const char		*p = list.p, *end = list.p + list.n;
	const char		*item, *iend, *sp;
	struct ecat_field	*f;
	size_t			 n = 0;

	for (item = p; ; item = iend + 2) {
		iend = memchr(item, ',', (size_t)(end - item));
		if (iend == NULL)
			iend = end;
		else if (iend + 1 >= end || iend[1] != ' ')
			return -1;
		sp = memchr(item, ' ', (size_t)(iend - item));
		if (sp == NULL || sp == item || sp + 1 == iend ||
		    memchr(sp + 1, ' ', (size_t)(iend - sp - 1)) != NULL)
			return -1;
		if (n == ECAT_MAX_FIELDS)
			return -2;
		if (n == t->fcap) {
			t->fcap = t->fcap ? t->fcap * 2 : 64;
			t->fs = ecat_reallocarray(t->fs, t->fcap,
			    sizeof(*t->fs));
		}
		f = &t->fs[n++];
		memset(f, 0, sizeof(*f));
		f->intype_name = ecat_strn(t->cat, item, (size_t)(sp - item));
		f->name = ecat_strn(t->cat, sp + 1, (size_t)(iend - sp - 1));
		f->intype = S_intype(f->intype_name, &f->flags);
		if (iend == end)
			break;
	}
	return (int)n;
}

/*
 * The shape of a non-empty field list.  Sets *verbatim when the list
 * did not parse and the shape keeps the text as written.  A list of
 * too many items is kept verbatim too, with limit-exceeded at loc
 * (once: later rows find the verbatim shape).
 */
static const struct ecat_shape *
S_shape(struct tload *t, struct span list, int *verbatim,
    const struct ecat_loc *loc)
{
	const struct ecat_shape	*s = NULL;
	struct ecat_hent	*e;
	int			 n;

	if ((e = ecat_htab_find(&t->ix->shapes, list.p, list.n, 0)) != NULL)
		s = e->v.p;
	if (s == NULL) {
		if ((n = S_parse_fields(t, list)) < 0) {
			if (n == -2)
				ecat_msg(t->cat->diag, ECAT_MSG_LIMIT, loc,
				    "field list of more than %d items; kept "
				    "verbatim", ECAT_MAX_FIELDS);
			s = ecat_shape_intern(t->cat, NULL, 0,
			    ecat_strn(t->cat, list.p, list.n));
		} else
			s = ecat_shape_intern(t->cat, t->fs, (uint32_t)n,
			    NULL);
		e = ecat_htab_put(&t->ix->shapes, list.p, list.n, 0, NULL);
		e->k = ecat_strndup(list.p, list.n);
		e->v.p = (void *)(uintptr_t)s;
	}
	*verbatim = s->verbatim != NULL;
	return s;
}

/*
 * Point event i at this file's template for shape s, making one the
 * first time s is seen in the file: equal field lists of one provider
 * share a template, as TraceEvent's rebuilt manifest shares them.
 */
static void
S_template(struct tload *t, uint32_t i, const struct ecat_shape *s)
{
	struct ecat_template	*tm;
	struct ecat_hent	*e;
	int			 isnew;

	e = ecat_htab_pput(&t->tmpl, s, 0, &isnew);
	if (isnew) {
		if (t->ntm == t->tmcap) {
			t->tmcap = t->tmcap ? t->tmcap * 2 : 16;
			t->tm = ecat_reallocarray(t->tm, t->tmcap,
			    sizeof(*t->tm));
		}
		tm = &t->tm[t->ntm];
		memset(tm, 0, sizeof(*tm));
		tm->shape = s;
		tm->loc = t->ev[i].loc;
		e->v.u = ++t->ntm;
	}
	t->tix[i] = (uint32_t)e->v.u;
}

/*
 * The event(fields) column: "Name(Type Name, ...)".  The name may hold
 * parentheses itself ("MediaFoundationAsyncWrapperProcessInput(MFT)
 * Start(...)") but field names and types never do (TraceEvent strips
 * every character outside [A-Za-z0-9_] from property names), so the
 * list starts at the last '('.  "Name()" is an event without a
 * template, as in TraceEvent's manifest.  A list that does not parse
 * is kept verbatim; a column without the parentheses at all becomes
 * the name, with a verbatim shape of "" (which no parsed list can
 * give, since the empty list parses) so that export writes it back
 * without adding "()".
 */
static void
S_eventcol(struct tload *t, uint32_t i, struct span c)
{
	struct ecat_event	*e = &t->ev[i].ev;
	const struct ecat_loc	*loc = &t->ev[i].loc;
	const struct ecat_shape	*s;
	const char		*open = NULL;
	struct span		 list;
	int			 verbatim = 1;

	if (c.n >= 2 && c.p[c.n - 1] == ')')
		open = memrchr(c.p, '(', c.n - 1);
	if (open == NULL) {
		e->name = ecat_strn(t->cat, c.p, c.n);
		s = ecat_shape_intern(t->cat, NULL, 0, "");
	} else {
		e->name = ecat_strn(t->cat, c.p, (size_t)(open - c.p));
		list.p = open + 1;
		list.n = (size_t)(c.p + c.n - 1 - list.p);
		if (list.n == 0)
			return;
		s = S_shape(t, list, &verbatim, loc);
	}
	if (verbatim)
		ecat_msg(t->cat->diag, ECAT_MSG_TSV_VERBATIM, loc,
		    "%s %u v%u", e->name, e->id, e->version);
	S_template(t, i, s);
}

/* ------------------------------------------------------------ rows */

/* A tsv-row error at line, column of at (0 if NULL). */
static void S_rowmsg(struct tload *, uint32_t, const char *, const char *,
    const char *, ...) __attribute__((format(printf, 5, 6)));

static void
S_rowmsg(struct tload *t, uint32_t line, const char *lp, const char *at,
    const char *fmt, ...)
{
	struct ecat_msgctx	 ctx;
	struct ecat_loc		 loc;
	va_list			 ap;

	memset(&ctx, 0, sizeof(ctx));
	ctx.build = t->build != NULL ? t->build->id : NULL;
	ctx.event_id = -1;
	ctx.version = -1;
	loc.file = t->file;
	loc.line = line;
	loc.col = at != NULL ? (uint32_t)(at - lp) + 1 : 0;
	va_start(ap, fmt);
	ecat_vmsgx(t->cat->diag, ECAT_MSG_TSV_ROW, &loc, &ctx, fmt, ap);
	va_end(ap);
}

/* A limit-exceeded error at line. */
static void S_limit(struct tload *, uint32_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
S_limit(struct tload *t, uint32_t line, const char *fmt, ...)
{
	struct ecat_msgctx	 ctx;
	struct ecat_loc		 loc;
	va_list			 ap;

	memset(&ctx, 0, sizeof(ctx));
	ctx.build = t->build != NULL ? t->build->id : NULL;
	ctx.event_id = -1;
	ctx.version = -1;
	loc.file = t->file;
	loc.line = line;
	loc.col = 0;
	va_start(ap, fmt);
	ecat_vmsgx(t->cat->diag, ECAT_MSG_LIMIT, &loc, &ctx, fmt, ap);
	va_end(ap);
}

/*
 * One data line.  A bad row is reported with its line (and the column
 * of the bad cell) and skipped; the rest of the file goes on.
 */
static void
S_row(struct tload *t, const char *lp, size_t len, uint32_t line)
{
	struct span		 c[NCOL_MANIFEST], *pc, *ic, *vc;
	struct ecat_event	*e;
	const char		*p = lp, *end = lp + len, *tab;
	size_t			 ncol = 0, want;
	uint64_t		 id, ver;
	int			 man = t->fmt == ECAT_FMT_TSV_MANIFEST;

	want = man ? NCOL_MANIFEST : NCOL_MOF;
	if (len > S_MAX_LINE) {
		S_limit(t, line, "line of %zu bytes; the limit is %d; row "
		    "skipped", len, S_MAX_LINE);
		return;
	}
	if (t->nev == S_MAX_ROWS) {
		if (!t->rowlimit)
			S_limit(t, line, "more than %d rows; the rest of the "
			    "file is not read", S_MAX_ROWS);
		t->rowlimit = 1;
		return;
	}
	for (;;) {
		tab = memchr(p, '\t', (size_t)(end - p));
		if (ncol < want) {
			c[ncol].p = p;
			c[ncol].n = (size_t)((tab ? tab : end) - p);
		}
		ncol++;
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	if (ncol != want) {
		S_rowmsg(t, line, lp, NULL, "%zu columns, expected %zu; "
		    "row skipped", ncol, want);
		return;
	}
	if (memchr(lp, '\0', len) != NULL) {
		S_rowmsg(t, line, lp, memchr(lp, '\0', len),
		    "NUL byte; row skipped");
		return;
	}
	/* The provider column is the first of both layouts. */
	pc = &c[TSVM_PROVIDER];
	ic = &c[man ? TSVM_EVENT_ID : TSVO_EVENT_ID];
	vc = &c[man ? TSVM_VERSION : TSVO_VERSION];
	if (pc->n == 0) {
		S_rowmsg(t, line, lp, pc->p, "empty provider; row "
		    "skipped");
		return;
	}
	if (t->prov.p == NULL)
		t->prov = *pc;
	else if (pc->n != t->prov.n || memcmp(pc->p, t->prov.p,
	    pc->n) != 0) {
		S_rowmsg(t, line, lp, pc->p, "row names provider %.*s "
		    "where the file's rows name %.*s; row skipped",
		    (int)pc->n, pc->p, (int)t->prov.n, t->prov.p);
		return;
	}
	/* The descriptor's id is 16-bit and its version 8-bit; lint
	   checks that.  Here a number is what the model can hold. */
	if (S_number(ic->p, ic->n, UINT32_MAX, &id) == -1) {
		S_rowmsg(t, line, lp, ic->p, "event_id '%.*s' is "
		    "not a number; row skipped", (int)ic->n, ic->p);
		return;
	}
	if (S_number(vc->p, vc->n, UINT16_MAX, &ver) == -1) {
		S_rowmsg(t, line, lp, vc->p, "version '%.*s' is "
		    "not a number; row skipped", (int)vc->n, vc->p);
		return;
	}

	if (man && c[TSVM_MESSAGE].n > ECAT_MAX_STRING) {
		S_limit(t, line, "evtlog_message of %zu bytes; the limit is "
		    "%d; row skipped", c[TSVM_MESSAGE].n, ECAT_MAX_STRING);
		return;
	}
	if (t->nev == t->evcap) {
		t->evcap = t->evcap ? t->evcap * 2 : 256;
		t->ev = ecat_reallocarray(t->ev, t->evcap, sizeof(*t->ev));
		t->tix = ecat_reallocarray(t->tix, t->evcap,
		    sizeof(*t->tix));
	}
	memset(&t->ev[t->nev], 0, sizeof(t->ev[t->nev]));
	e = &t->ev[t->nev].ev;
	t->tix[t->nev] = 0;
	e->id = (uint32_t)id;
	e->version = (uint16_t)ver;
	t->ev[t->nev].loc.file = t->file;
	t->ev[t->nev].loc.line = line;
	if (man) {
		e->opcode_name = S_intern(t, TSVM_OPCODE, c[TSVM_OPCODE]);
		e->keywords_names = S_intern(t, TSVM_KEYWORDS,
		    c[TSVM_KEYWORDS]);
		e->task_name = S_intern(t, TSVM_TASK, c[TSVM_TASK]);
		e->level_name = S_intern(t, TSVM_LEVEL, c[TSVM_LEVEL]);
		e->channel_name = S_intern(t, TSVM_CHANNEL, c[TSVM_CHANNEL]);
		/* As written: WEPExplorer's text with CR and LF escaped
		   as the two characters \r and \n. */
		e->message = S_intern(t, TSVM_MESSAGE, c[TSVM_MESSAGE]);
		S_levelnum(e);
		S_tasknum(e);
		S_opcodenum(e);
	} else {
		e->mof_class = S_intern(t, TSVO_CATEGORY, c[TSVO_CATEGORY]);
		e->mof_type = S_intern(t, TSVO_EVENT_TYPE,
		    c[TSVO_EVENT_TYPE]);
		e->mof_desc = S_intern(t, TSVO_DESCRIPTION,
		    c[TSVO_DESCRIPTION]);
		e->opcode_name = e->mof_type;
		if (id <= 255) {
			e->opcode = (uint8_t)id;
			e->has |= ECAT_HAS_OPCODE;
		}
	}
	S_eventcol(t, t->nev, c[man ? TSVM_EVENT : TSVO_EVENT]);
	t->nev++;
}

/*
 * The header decides the format.  A line that is neither header is
 * reported; the format is then guessed from its column count, or from
 * the first data line's, and the file goes on.  Returns 0, or -1 when
 * nothing tells the format (the file is skipped).
 */
static int
S_header(struct tload *t, struct span h, struct span next)
{
	struct ecat_loc	 loc;
	size_t		 ncol, i;
	int		 pass;

	if (S_spaneq(h, hdr_manifest)) {
		t->fmt = ECAT_FMT_TSV_MANIFEST;
		return 0;
	}
	if (S_spaneq(h, hdr_mof)) {
		t->fmt = ECAT_FMT_TSV_MOF;
		return 0;
	}
	loc.file = t->file;
	loc.line = 1;
	loc.col = 0;
	for (pass = 0; pass < 2; pass++) {
		struct span s = pass == 0 ? h : next;

		if (s.p == NULL)
			break;
		for (ncol = 1, i = 0; i < s.n; i++)
			ncol += s.p[i] == '\t';
		if (ncol == NCOL_MANIFEST || ncol == NCOL_MOF) {
			t->fmt = ncol == NCOL_MANIFEST ?
			    ECAT_FMT_TSV_MANIFEST : ECAT_FMT_TSV_MOF;
			ecat_msg(t->cat->diag, ECAT_MSG_TSV_HEADER, &loc,
			    "%s; reading the rows as %s columns (%zu)",
			    h.n == 0 ? "empty first line" :
			    "not jdu2600's manifest or mof header",
			    ncol == NCOL_MANIFEST ? ECAT_TSV_MANIFEST :
			    ECAT_TSV_MOF, ncol);
			return 0;
		}
	}
	ecat_msg(t->cat->diag, ECAT_MSG_TSV_HEADER, &loc, "%s; file skipped",
	    h.p == NULL || (h.n == 0 && next.p == NULL) ? "empty file" :
	    "neither jdu2600's manifest nor mof columns");
	return -1;
}

/* Next line from *pp (without its LF, or CR LF); .p NULL at the end. */
static struct span
S_line(const char **pp, const char *end)
{
	struct span	 s = { NULL, 0 };
	const char	*nl;

	if (*pp >= end)
		return s;
	s.p = *pp;
	if ((nl = memchr(*pp, '\n', (size_t)(end - *pp))) == NULL) {
		s.n = (size_t)(end - *pp);
		*pp = end;
	} else {
		s.n = (size_t)(nl - *pp);
		*pp = nl + 1;
	}
	/* Files checked out on Windows end lines with CR LF. */
	if (s.n > 0 && s.p[s.n - 1] == '\r')
		s.n--;
	return s;
}

/*
 * The provider of a file without a good row.  jdu's tool writes a
 * provider's manifest/ and mof/ files under one name, so a file name
 * already seen with rows (in this build or an earlier one) names the
 * provider; otherwise the file name's stem stands in, as written,
 * since the file name rule (export_tsv.c) cannot be undone: "_" is a
 * space or an underscore, "-" a colon or a dash.
 */
static const char *
S_noprovider(struct tload *t)
{
	const struct ecat_hent	*e;
	size_t			 n = strlen(t->base);

	if ((e = ecat_htab_pfind(&t->ix->files, t->base, 0)) != NULL)
		return e->v.p;
	if (n > 4 && strcmp(t->base + n - 4, ".tsv") == 0)
		n -= 4;
	return ecat_strn(t->cat, t->base, n);
}

/*
 * A 128-bit hash of a file's bytes: two lanes of S_texthash's multiply
 * and fold, with different constants, over every eight bytes.  Each
 * lane's multiply waits for the one before, so the even and the odd
 * words go to two pairs of lanes, which the processor runs side by
 * side: hashing 1.4 GB was 7% of validate over the 170 builds of
 * bench/stress.sh with one pair (perf).  The pairs are folded together
 * at the end, each word still having gone through two lanes.
 */
static void
S_filehash(const char *p, size_t n, uint64_t h[2])
{
	uint64_t	 a = 0x9e3779b97f4a7c15ULL ^ n, b = 0x243f6a8885a308d3ULL ^ n;
	uint64_t	 c = 0x13198a2e03707344ULL ^ n, d = 0xa4093822299f31d0ULL ^ n;
	uint64_t	 w, x;

	for (; n >= 16; p += 16, n -= 16) {
		memcpy(&w, p, 8);
		memcpy(&x, p + 8, 8);
		a = (a ^ w) * 0xff51afd7ed558ccdULL;
		a ^= a >> 32;
		b = (b + w) * 0x9fb21c651e98df25ULL;
		b ^= b >> 29;
		c = (c ^ x) * 0xff51afd7ed558ccdULL;
		c ^= c >> 32;
		d = (d + x) * 0x9fb21c651e98df25ULL;
		d ^= d >> 29;
	}
	if (n >= 8) {
		memcpy(&w, p, 8);
		a = (a ^ w) * 0xff51afd7ed558ccdULL;
		a ^= a >> 32;
		b = (b + w) * 0x9fb21c651e98df25ULL;
		b ^= b >> 29;
		p += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, p, n);
	a = (a ^ w ^ (c << 31 | c >> 33)) * 0xc4ceb9fe1a85ec53ULL;
	a ^= a >> 29;
	b = (b + w + (d << 17 | d >> 47)) * 0xd6e8feb86659fd93ULL;
	b ^= b >> 32;
	h[0] = a;
	h[1] = b;
}

/*
 * "dir/basename" of a path: the key of struct seen, by content.  Not
 * interned for the lookup: each interning is a probe of the catalog's
 * string table, a cache miss per file (ecat_intern was a tenth of
 * validate over the 170 builds of bench/stress.sh, perf); the table of
 * seen files holds a thousand names.
 */
static struct span
S_seenkey(const char *name, const char *base)
{
	struct span	 k;
	const char	*dir;

	k.p = base;
	if (base != name) {
		for (dir = base - 1; dir > name && dir[-1] != '/'; dir--)
			continue;
		k.p = dir;
	}
	k.n = strlen(k.p);
	return k;
}

/*
 * Commit a file whose bytes are those of sn's: ps the earlier schema's
 * alike, under this file's name.  Not when this build has the provider
 * already (S_pschema_dup() then reports it, which needs the parse), nor
 * when the earlier file's provider name came from S_noprovider() and
 * a file read since names it otherwise.  Returns 1 when committed.
 */
static int
S_reuse(struct tload *t, const struct seen *sn)
{
	struct ecat_pschema		*ps;
	const struct ecat_pschema	*q = sn->ps;
	const struct ecat_provider	*p;
	struct ecat_loc			 loc;

	/* A file with no good row (146 of each build's 1,055 in the TSV
	   corpus, mostly headers of empty mof/ files) is named by
	   S_noprovider(): reused while that still gives its name, as
	   names are interned (pointers compare). */
	if (!sn->named && S_noprovider(t) != q->name)
		return 0;
	if ((p = q->provider) == NULL)
		p = ecat_provider_find(t->cat, q->name);
	if (p != NULL && ecat_provider_schema_in(p, t->build) != NULL)
		return 0;
	loc.file = t->file;
	loc.line = 1;
	loc.col = 0;
	ps = ecat_pschema_new_interned(t->cat, q->name, t->build,
	    ECAT_SRC_TSV, q->format, &loc);
	ps->tsv_file = t->base;
	ecat_pschema_commit_alike(t->cat, ps, q);
	return 1;
}

/*
 * Is name, whose bytes hash to fh and are len long, the file an
 * earlier build had under its "dir/basename" (struct seen)?  Then it
 * is committed as that file's schema's alike and 1 is returned; else
 * 0, with *hep the entry of its "dir/basename" in the seen table and
 * t->base unset.  t has cat, build, ix and file set.
 */
static int
S_seen_reuse(struct tload *t, const char *name, const uint64_t fh[2],
    size_t len, struct ecat_hent **hep)
{
	struct ecat_hent	*he;
	const struct seen	*sn;
	const char		*slash = strrchr(name, '/');
	struct span		 key;
	int			 isnew;

	key = S_seenkey(name, slash != NULL ? slash + 1 : name);
	he = ecat_htab_put(&t->ix->seen, key.p, key.n, fh[0], &isnew);
	if (isnew)
		he->k = ecat_strn(t->cat, key.p, key.n);
	*hep = he;
	sn = he->v.p;
	if (sn != NULL && sn->len == len && sn->h[1] == fh[1]) {
		t->base = sn->base;
		if (S_reuse(t, sn))
			return 1;
	}
	return 0;
}

static int S_load(struct ecat_catalog *, struct ecat_build *, const char *,
    const char *, size_t, const uint64_t [2]);

int
ecat_load_tsv_mem(struct ecat_catalog *cat, struct ecat_build *b,
    const char *name, const char *buf, size_t len)
{
	uint64_t	 fh[2];

	S_filehash(buf, len, fh);
	return S_load(cat, b, name, buf, len, fh);
}

static int
S_load(struct ecat_catalog *cat, struct ecat_build *b, const char *name,
    const char *buf, size_t len, const uint64_t fh[2])
{
	struct tload		 t;
	struct ecat_pschema	*ps;
	const struct ecat_pschema *q;
	struct ecat_loc		 loc;
	struct span		 h, l, next;
	const char		*p, *end = buf + len, *slash, *pname;
	struct seen		*sn;
	struct ecat_hent	*he;
	uint64_t		 ndiag;
	uint32_t		 i, lineno;

	memset(&t, 0, sizeof(t));
	t.cat = cat;
	t.build = b;
	t.ix = S_index(cat);
	t.file = ecat_file(cat, name);
	slash = strrchr(name, '/');

	if (S_seen_reuse(&t, name, fh, len, &he))
		return 0;
	t.base = ecat_str(cat, slash != NULL ? slash + 1 : name);
	ndiag = ecat_diag_count_sev(cat->diag, ECAT_SEV_NOTE);

	p = buf;
	/* Windows tools (Notepad, PowerShell 5's UTF8 encoding) write a
	   UTF-8 byte-order mark first: not part of the header. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	h = S_line(&p, end);
	next = S_line(&(const char *){ p }, end);
	if (S_header(&t, h, next) == -1)
		return 0;
	/* Room for a file's templates at once: most have a few dozen. */
	ecat_htab_init(&t.tmpl, ECAT_HKEY_PTR, 31);

	/* Line numbers are 32-bit: a 256 MiB file has fewer lines. */
	for (lineno = 2; (l = S_line(&p, end)).p != NULL &&
	    lineno < UINT32_MAX; lineno++)
		S_row(&t, l.p, l.n, lineno);

	if (t.prov.p != NULL) {
		pname = ecat_strn(cat, t.prov.p, t.prov.n);
		ecat_htab_put(&t.ix->files, t.base, 0, 0, NULL)->v.p =
		    (void *)(uintptr_t)pname;
	} else
		pname = S_noprovider(&t);
	loc.file = t.file;
	loc.line = 1;
	loc.col = 0;
	ps = ecat_pschema_new(cat, pname, b, ECAT_SRC_TSV, t.fmt, &loc);
	ps->tsv_file = t.base;
	for (i = 0; i < t.nev; i++)
		if (t.tix[i] != 0)
			t.ev[i].ev.tmpl = &t.tm[t.tix[i] - 1];
	if ((q = ecat_pschema_alike(cat, ps, t.tm, t.ntm, t.ev, t.nev)) !=
	    NULL) {
		ecat_pschema_commit_alike(cat, ps, q);
		goto done;
	}
	if (t.ntm > 0) {
		ps->templates = ECAT_NEWARRAY(cat, struct ecat_template,
		    t.ntm);
		memcpy(ps->templates, t.tm, t.ntm * sizeof(*t.tm));
		ps->ntemplates = t.ntm;
	}
	for (i = 0; i < t.nev; i++)
		if (t.tix[i] != 0)
			t.ev[i].ev.tmpl = &ps->templates[t.tix[i] - 1];
	ecat_pschema_commit(cat, ps, t.ev, t.nev);
done:
	/*
	 * Remembered for the next build only when it reported nothing.  A
	 * file with an (id, version) twice is (ps->dups): the lint reports
	 * that on each schema that has it (validator/lint.c), from rows
	 * an alike shares.  Those 14 files of each build were read and
	 * parsed again in every build: 1,925 of the 21,438 TSV files the
	 * 170-build stress catalog's load opened (strace -f -e
	 * trace=openat, bench/stress.sh; 19,513 now).
	 */
	if (ecat_diag_count_sev(cat->diag, ECAT_SEV_NOTE) == ndiag) {
		if ((sn = he->v.p) == NULL) {
			sn = ecat_alloc(cat, sizeof(*sn));
			he->v.p = sn;
		}
		sn->h[0] = fh[0];
		sn->h[1] = fh[1];
		sn->len = len;
		sn->ps = ps;
		sn->base = t.base;
		sn->named = t.prov.p != NULL;
	}

	free(t.ev);
	free(t.tix);
	ecat_htab_free(&t.tmpl);
	free(t.tm);
	free(t.fs);
	return 0;
}

void
ecat_tsv_forget(struct ecat_catalog *cat)
{
	struct tsvindex	*ix;
	size_t		 i;

	if ((ix = cat->tsvindex) == NULL)
		return;
	for (i = 0; i < ix->shapes.cap; i++)
		if (ix->shapes.e[i].h != 0)
			free((void *)(uintptr_t)ix->shapes.e[i].k);
	ecat_htab_free(&ix->shapes);
}

/* Commit path as the bytes hashed to h, len long, when struct seen
   allows (a file met again, tsv_links.h); 1 if done. */
static int
S_known_reuse(struct ecat_catalog *cat, struct ecat_build *b,
    const char *path, const uint64_t h[2], size_t len, const struct stat *st)
{
	struct tload		 t;
	struct ecat_hent	*he;

	memset(&t, 0, sizeof(t));
	t.cat = cat;
	t.build = b;
	t.ix = S_index(cat);
	t.file = ecat_file(cat, path);
	if (!S_seen_reuse(&t, path, h, len, &he))
		return 0;
	ecat_inputs_file(path, st);	/* inputs.h */
	cat->nfiles++;
	return 1;
}

int
ecat_load_tsv_file(struct ecat_catalog *cat, struct ecat_build *b,
    const char *path)
{
	struct tsvindex		*ix = S_index(cat);
	struct tsvprobe		 pr;
	struct stat		 st;
	char			*buf;
	size_t			 len;
	uint64_t		 fh[2];
	int			 rc;

	if (tsvlinks_find(&ix->links, cat, path, &pr, fh, &len, &st) &&
	    S_known_reuse(cat, b, path, fh, len, &st))
		return 0;
	if ((buf = ecat_slurp_stat(cat, path, ECAT_MAX_FILE, &len, &st)) ==
	    NULL)
		return -1;
	S_filehash(buf, len, fh);
	tsvlinks_remember(&ix->links, cat, &pr, &st, fh, len);
	rc = S_load(cat, b, path, buf, len, fh);
	free(buf);
	return rc;
}
