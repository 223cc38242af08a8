/*
 * export_tsv.c: write the catalog as jdu2600/Windows10EtwEvents TSV.
 *
 * Layout: DIR/<build>/manifest/<file> and DIR/<build>/mof/<file>, or
 * DIR/manifest/... when flat is set and the catalog holds one build.
 * Each file is written under a temporary name in its own folder and
 * renamed into place, so a reader never sees half a file.
 *
 * A schema loaded from TSV (catalog/tsv.c) is written back exactly as
 * it was read: same file name, same cells, so import then export is
 * byte-identical (tests/tsv_roundtrip.sh).  A schema loaded from a
 * manifest is written the way jdu's tool would have written it, which
 * means reproducing what TraceEvent's manifest rebuilder
 * (RegisteredTraceEventParser.GetManifestForRegisteredProvider, PerfView)
 * makes of the provider and then what jdu's Program.cs and
 * ManifestParser.cs print of that; every such rule is in the section
 * "TraceEvent and jdu2600 rules" below, and nowhere else.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "etwcat.h"
#include "model.h"
#include "tsvcols.h"

static const char hdr_manifest[] = ECAT_TSV_HDR_MANIFEST "\n";
static const char hdr_mof[] = ECAT_TSV_HDR_MOF "\n";

/* ------------------------------------------ TraceEvent and jdu2600 rules */

/*
 * File name (jdu2600 Program.cs): "use the provider name as the output
 * filename, but ':' is not a valid filename character - use a dash
 * instead, and I just don't like spaces in filenames - use an
 * underscore instead": $"{name}.tsv".Replace(' ', '_').Replace(':',
 * '-').  So "ACPI Driver Trace Provider" gives
 * ACPI_Driver_Trace_Provider.tsv and "Active Directory: Kerberos
 * Client" Active_Directory-_Kerberos_Client.tsv.  Over the 17,935
 * files of the corpus the rule gives every file name from its rows'
 * provider but one, Microsoft-Windows-PersistentMemory-ScmBus.tsv in
 * Win11-26H1-28000 whose rows say "-Scmbus" (Windows file names keep
 * the case of the file first created).  Beyond jdu's rule, '/' and
 * '\' become '_' too, so that no name can leave the folder.
 * Returns a malloc'd name.
 */
static char *
S_filename(const char *provider)
{
	char	*s, *p;

	s = ecat_asprintf("%s.tsv", provider);
	for (p = s; *p != '\0'; p++)
		if (*p == ' ' || *p == '/' || *p == '\\')
			*p = '_';
		else if (*p == ':')
			*p = '-';
	return s;
}

/*
 * TraceEvent's MakeLegalIdentifier(): spaces removed, '-' made '_'.
 * Applied to TDH's task and opcode display names and keyword names.
 */
static void
S_legal(struct ecat_buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '-')
			ecat_buf_putc(b, '_');
		else if (*s != ' ')
			ecat_buf_putc(b, *s);
}

/*
 * TraceEvent's property names: Regex.Replace(name, "[^A-Za-z0-9_]",
 * "").
 */
static void
S_propname(struct ecat_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '_')
			ecat_buf_putc(b, *s);
}

/*
 * TraceEvent's Capitalize(), bug included: a name that does not start
 * with an upper-case letter becomes its tail upper-cased followed by
 * its tail, so "opcode_64" gives "PCODE_64pcode_64" (the corpus has
 * task_0PCODE_64pcode_64).  Returns a malloc'd string.
 */
static char *
S_capitalize(const char *s)
{
	char	*r, *p;

	if (s[0] == '\0' || (s[0] >= 'A' && s[0] <= 'Z'))
		return ecat_strdup(s);
	r = ecat_asprintf("%s%s", s + 1, s + 1);
	for (p = r; *p != '\0' && p < r + strlen(s + 1); p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return r;
}

/* The part after the first ':' (ManifestParser.GetString). */
static const char *
S_after_colon(const char *s)
{
	const char	*c;

	if (s == NULL)
		return "";
	return (c = strchr(s, ':')) != NULL ? c + 1 : s;
}

/*
 * Type names.  jdu prints inType without its "win:" prefix, and
 * TraceEvent writes inType="win:" + TdhInputType.ToString() of the
 * number TDH reports, so a field's type is the name of that enum
 * member.  For a struct TDH reports StructStartIndex in the same
 * place (the EVENT_PROPERTY_INFO union), so a struct is written as
 * its first member's index in TDH's flattened property list, which
 * holds the top-level properties first and then each struct's
 * members in order; an index that happens to be an enum value prints
 * as that member's name (the 113 "Struct" types of the corpus are
 * structs starting at 24).
 */
static const char *const tdhnames[] = {
	"Null", "UnicodeString", "AnsiString", "Int8", "UInt8", "Int16",
	"UInt16", "Int32", "UInt32", "Int64", "UInt64", "Float", "Double",
	"Boolean", "Binary", "GUID", "Pointer", "FILETIME", "SYSTEMTIME",
	"SID", "HexInt32", "HexInt64", "CountedUtf16String",
	"CountedMbcsString", "Struct",
};
static const char *const tdhnames300[] = {
	"CountedString", "CountedAnsiString", "ReversedCountedString",
	"ReversedCountedAnsiString", "NonNullTerminatedString",
	"NonNullTerminatedAnsiString", "UnicodeChar", "AnsiChar", "SizeT",
	"HexDump", "WbemSID",
};

static void
S_tdhtype(struct ecat_buf *b, unsigned v)
{
	if (v < sizeof(tdhnames) / sizeof(tdhnames[0]))
		ecat_buf_puts(b, tdhnames[v]);
	else if (v >= 300 && v - 300 < sizeof(tdhnames300) /
	    sizeof(tdhnames300[0]))
		ecat_buf_puts(b, tdhnames300[v - 300]);
	else
		ecat_buf_printf(b, "%u", v);
}

/*
 * The field list of a manifest event as TDH flattens it: top-level
 * items only, "Type Name" joined by ", " (jdu's Program.cs).  Fields
 * whose inType the model does not know (TraceEvent's own "win:28"
 * placeholders in a rebuilt manifest) keep the name as written.
 */
static void
S_manifest_fields(struct ecat_buf *b, const struct ecat_shape *s)
{
	const struct ecat_field	*f;
	uint32_t		 i, next = s->nfields;

	for (i = 0; i < s->nfields; i++) {
		f = &s->fields[i];
		if (i > 0)
			ecat_buf_puts(b, ", ");
		if (f->flags & ECAT_FIELD_STRUCT) {
			S_tdhtype(b, next);
			next += f->nmembers;
		} else if (f->intype != ECAT_IN_UNKNOWN)
			S_tdhtype(b, f->intype);
		else if (f->intype_name != NULL)
			ecat_buf_puts(b, f->intype_name);
		ecat_buf_putc(b, ' ');
		S_propname(b, f->name);
	}
}

/*
 * Levels: TraceEvent writes "win:" + TraceEventLevel's name for
 * levels 0-5 and no level otherwise; jdu prints the part after ':'.
 */
static const char *const levelnames[] = {
	"Always", "Critical", "Error", "Warning", "Informational", "Verbose"
};

/*
 * Opcodes 1-9 and 240 are winmeta's.  TraceEvent builds the event
 * name from TDH's display name of the opcode and writes the opcode as
 * "win:<name>"; but in the rebuilt manifests of Win10-1803-17134
 * every event with opcode 3 or 4 reads "...DCStart" / "...DCStop" in
 * its name (83 events) and win:DC_Start / win:DC_Stop in its opcode
 * (so the TraceEvent jdu ran wrote winmeta's own names there).  Both
 * are kept: display names for the event name, winmeta names for the
 * column.
 */
static const char *
S_winmeta_opcode(unsigned v, int column)
{
	static const char *const names[] = { NULL, "Start", "Stop",
	    "DCStart", "DCStop", "Extension", "Reply", "Resume", "Suspend",
	    "Send" };

	if (column && v == 3)
		return "DC_Start";
	if (column && v == 4)
		return "DC_Stop";
	if (v < sizeof(names) / sizeof(names[0]))
		return names[v];
	return v == 240 ? "Receive" : NULL;
}

/*
 * Keywords (TraceEvent GetKeywordStr): bits 0-47 only, each named by
 * the provider keyword whose mask is exactly that bit and below 10^12,
 * MakeLegalIdentifier'd, else "keyword_<hex>"; space-separated.
 */
static void
S_keywords(struct ecat_buf *b, const struct ecat_pschema *ps, uint64_t mask)
{
	uint64_t	 bit;
	uint32_t	 i, k;
	int		 any = 0;

	for (i = 0; i < 48; i++) {
		bit = 1ULL << i;
		if (!(mask & bit))
			continue;
		if (any++)
			ecat_buf_putc(b, ' ');
		for (k = 0; k < ps->nkeywords; k++)
			if (ps->keywords[k].value == bit &&
			    bit < 1000000000000ULL &&
			    ps->keywords[k].name != NULL)
				break;
		if (k < ps->nkeywords)
			S_legal(b, ps->keywords[k].name);
		else
			ecat_buf_printf(b, "keyword_%llx",
			    (unsigned long long)bit);
	}
}

/* What TraceEvent names an event, its task and its opcode. */
struct tenames {
	char	*name;		/* symbol= : the event(fields) name */
	char	*task;		/* task= */
	char	*opcode;	/* opcode= as jdu prints it (after ':') */
};

/*
 * Name to number, as TraceEvent's Dictionary<string, int>: a string
 * table (a provider has up to a few thousand events) holding its own
 * copies of the names, the number in the value.
 */

/* The number stored under name, or -1. */
static int64_t
S_seen_get(const struct ecat_htab *t, const char *name)
{
	const struct ecat_hent	*e;

	e = ecat_htab_find(t, name, strlen(name), 0);
	return e != NULL ? (int64_t)e->v.u : -1;
}

/* Dictionary[name] = v: replace or add. */
static void
S_seen_set(struct ecat_htab *t, const char *name, uint32_t v)
{
	struct ecat_hent	*e;
	size_t			 len = strlen(name);
	int			 isnew;

	e = ecat_htab_put(t, name, len, 0, &isnew);
	if (isnew)
		e->k = ecat_strndup(name, len);
	e->v.u = v;
}

static void
S_seen_free(struct ecat_htab *t)
{
	size_t	 i;

	for (i = 0; i < t->cap; i++)
		if (t->e[i].h != 0)
			free((void *)t->e[i].k);
	ecat_htab_free(t);
}

static const struct ecat_named *
S_find_value(const struct ecat_named *a, uint32_t n, uint64_t v)
{
	uint32_t	 i;

	for (i = 0; i < n; i++)
		if (a[i].value == v)
			return &a[i];
	return NULL;
}

/*
 * The descriptor numbers of a manifest event, with the manifest's
 * defaults: an absent level, task or opcode is 0 in the compiled
 * descriptor.  Returns -1 where a name is given but its number is not
 * known (the caller then falls back to the name as written).
 */
static int64_t
S_num(const struct ecat_event *e, int bit, uint64_t v, const char *name)
{
	if (e->has & bit)
		return (int64_t)v;
	return name == NULL ? 0 : -1;
}

/*
 * TraceEvent's naming of one event (GetManifestForRegisteredProvider),
 * fed the events in the order it asks TDH for them (S_byversion).
 *
 *   task    TDH's task display name (the message, else the name)
 *           made legal, else "task_<N>"; made unique by appending
 *           "_<N>" if the name already stood for another task.
 *   opcode  "" for opcode 0; else TDH's display name made legal,
 *           else "opcode_<N>"; made unique by appending
 *           "_<task>_<N>" (with "opcode" as the name if there was
 *           none).  Opcodes below 10 are written "win:<name>", which
 *           jdu prints without the prefix.
 *   name    the task name, followed by Capitalize(opcode name) unless
 *           the task name already ends with it (ignoring case); made
 *           unique by appending the event id if the name already
 *           stood for another id; "_V<version>" appended for versions
 *           above 0.
 */
static void
S_tename(const struct ecat_pschema *ps, const struct ecat_event *e,
    struct ecat_htab *tasks, struct ecat_htab *opcodes,
    struct ecat_htab *events, struct tenames *out)
{
	const struct ecat_named	*td = NULL, *od = NULL;
	struct ecat_buf		 b;
	int64_t			 task, opcode, prev;
	const char		*tn, *on;
	char			*cap;
	int			 unnamed = 0, winmeta = 0;
	size_t			 tl, ol;

	ecat_buf_init(&b);
	task = S_num(e, ECAT_HAS_TASK, e->task, e->task_name);
	opcode = S_num(e, ECAT_HAS_OPCODE, e->opcode, e->opcode_name);

	/* Task. */
	if (task >= 0)
		td = S_find_value(ps->tasks, ps->ntasks, (uint64_t)task);
	if (td != NULL && td->message != NULL)
		S_legal(&b, td->message);
	else if (td != NULL && td->name != NULL)
		S_legal(&b, td->name);
	else if (task < 0)
		S_legal(&b, e->task_name);
	else
		ecat_buf_printf(&b, "task_%lld", (long long)task);
	if (b.len == 0 && task >= 0)
		ecat_buf_printf(&b, "task_%lld", (long long)task);
	ecat_buf_putc(&b, '\0');
	if (task >= 0 && (prev = S_seen_get(tasks, b.buf)) >= 0 &&
	    prev != task) {
		b.len--;
		ecat_buf_printf(&b, "_%lld", (long long)task);
		ecat_buf_putc(&b, '\0');
	}
	if (task >= 0)
		S_seen_set(tasks, b.buf, (uint32_t)task);
	out->task = ecat_strdup(b.buf);
	ecat_buf_reset(&b);

	/* Opcode. */
	if (opcode > 0) {
		if (td != NULL)
			od = S_find_value(td->opcodes, td->nopcodes,
			    (uint64_t)opcode);
		if (od == NULL)
			od = S_find_value(ps->opcodes, ps->nopcodes,
			    (uint64_t)opcode);
		if (od != NULL && od->message != NULL)
			S_legal(&b, od->message);
		else if (od != NULL && od->name != NULL)
			S_legal(&b, S_after_colon(od->name));
		else if (S_winmeta_opcode((unsigned)opcode, 0) != NULL) {
			ecat_buf_puts(&b, S_winmeta_opcode((unsigned)opcode,
			    0));
			winmeta = 1;
		}
		if (b.len == 0) {
			unnamed = 1;
			ecat_buf_printf(&b, "opcode_%lld", (long long)opcode);
		}
	} else if (opcode < 0)
		S_legal(&b, S_after_colon(e->opcode_name));
	ecat_buf_putc(&b, '\0');
	if (opcode > 0 && (prev = S_seen_get(opcodes, b.buf)) >= 0 &&
	    prev != opcode) {
		if (unnamed) {
			ecat_buf_reset(&b);
			ecat_buf_puts(&b, "opcode");
		} else
			b.len--;
		winmeta = 0;
		ecat_buf_printf(&b, "_%lld_%lld", (long long)(task < 0 ? 0 :
		    task), (long long)opcode);
		ecat_buf_putc(&b, '\0');
	}
	if (opcode >= 0)
		S_seen_set(opcodes, b.buf, (uint32_t)opcode);
	on = b.buf;
	/* jdu prints what follows the first ':' of "win:<name>". */
	out->opcode = ecat_strdup(winmeta ? S_winmeta_opcode((unsigned)opcode,
	    1) : opcode > 0 && opcode < 10 ? on : S_after_colon(on));

	/* Event name. */
	tn = out->task;
	tl = strlen(tn);
	ol = strlen(on);
	cap = NULL;
	if (!(ol <= tl && strcasecmp(tn + tl - ol, on) == 0))
		cap = S_capitalize(on);
	ecat_buf_reset(&b);
	ecat_buf_puts(&b, tn);
	if (cap != NULL)
		ecat_buf_puts(&b, cap);
	free(cap);
	ecat_buf_putc(&b, '\0');
	if ((prev = S_seen_get(events, b.buf)) >= 0 && prev != e->id) {
		b.len--;
		ecat_buf_printf(&b, "%u", e->id);
		ecat_buf_putc(&b, '\0');
	}
	S_seen_set(events, b.buf, e->id);
	b.len--;
	if (e->version > 0)
		ecat_buf_printf(&b, "_V%u", e->version);
	out->name = ecat_buf_detach(&b);
	ecat_buf_free(&b);
}

/*
 * The channel and message columns: jdu takes them from WEPExplorer,
 * the channel's name and the message text with CR and LF written as
 * the two characters \r and \n.
 */
static const char *
S_channel(const struct ecat_pschema *ps, const struct ecat_event *e)
{
	uint32_t	 i;

	if (e->channel_name == NULL)
		return "";
	for (i = 0; i < ps->nchannels; i++)
		if (ps->channels[i].chid != NULL &&
		    strcmp(ps->channels[i].chid, e->channel_name) == 0 &&
		    ps->channels[i].name != NULL)
			return ps->channels[i].name;
	return e->channel_name;
}

static void
S_message(struct ecat_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s == '\r')
			ecat_buf_puts(b, "\\r");
		else if (*s == '\n')
			ecat_buf_puts(b, "\\n");
		else
			ecat_buf_putc(b, *s);
}

/*
 * jdu replaces &quot; &lt; &gt; in the finished row (the XML parser
 * has already decoded entities, so these come from "&amp;quot;"...).
 */
static void
S_fixrow(struct ecat_buf *b, size_t start)
{
	char	*p = b->buf + start, *q = p, *end = b->buf + b->len;

	if (memchr(p, '&', (size_t)(end - p)) == NULL)
		return;
	while (p < end) {
		if (*p == '&' && end - p >= 6 && memcmp(p, "&quot;", 6) == 0) {
			*q++ = '"';
			p += 6;
		} else if (*p == '&' && end - p >= 4 &&
		    memcmp(p, "&lt;", 4) == 0) {
			*q++ = '<';
			p += 4;
		} else if (*p == '&' && end - p >= 4 &&
		    memcmp(p, "&gt;", 4) == 0) {
			*q++ = '>';
			p += 4;
		} else
			*q++ = *p++;
	}
	b->len = (size_t)(q - b->buf);
	b->buf[b->len] = '\0';
}

/*
 * A tab or line break inside a derived cell would break the row, so it
 * becomes a space (jdu's tool would have written it as is).  Cleans
 * what was appended to b since start, then appends the tab after it.
 */
static void
S_endcell(struct ecat_buf *b, size_t start, int last)
{
	size_t	 i;

	for (i = start; i < b->len; i++)
		if (b->buf[i] == '\t' || b->buf[i] == '\n' ||
		    b->buf[i] == '\r')
			b->buf[i] = ' ';
	ecat_buf_putc(b, last ? '\n' : '\t');
}

/* ------------------------------------------------------------ rows */

/* A cell as loaded; NULL is empty. */
static void
S_cell(struct ecat_buf *b, const char *s)
{
	if (s != NULL)
		ecat_buf_puts(b, s);
}

/*
 * event(fields) of a TSV schema, as read (catalog/tsv.c): a verbatim
 * shape "" stands for a cell that had no parentheses at all.
 */
static void
S_tsv_event(struct ecat_buf *b, const struct ecat_event *e)
{
	const struct ecat_shape	*s;
	uint32_t		 i;

	S_cell(b, e->name);
	s = e->tmpl != NULL ? e->tmpl->shape : NULL;
	if (s != NULL && s->verbatim != NULL) {
		if (s->verbatim[0] != '\0')
			ecat_buf_printf(b, "(%s)", s->verbatim);
		return;
	}
	ecat_buf_putc(b, '(');
	for (i = 0; s != NULL && i < s->nfields; i++) {
		if (i > 0)
			ecat_buf_puts(b, ", ");
		S_cell(b, s->fields[i].intype_name);
		ecat_buf_putc(b, ' ');
		S_cell(b, s->fields[i].name);
	}
	ecat_buf_putc(b, ')');
}

static void
S_tsv_rows(struct ecat_buf *b, const struct ecat_pschema *ps)
{
	const struct ecat_event	*e;
	uint32_t		 i;

	for (i = 0; i < ps->nevents; i++) {
		e = ps->events[i].ev;
		S_cell(b, ps->name);
		if (ps->format == ECAT_FMT_TSV_MOF) {
			ecat_buf_putc(b, '\t');
			S_cell(b, e->mof_class);
			ecat_buf_printf(b, "\t%u\t%u\t", e->id, e->version);
			S_tsv_event(b, e);
			ecat_buf_putc(b, '\t');
			S_cell(b, e->mof_type);
			ecat_buf_putc(b, '\t');
			S_cell(b, e->mof_desc);
		} else {
			ecat_buf_printf(b, "\t%u\t%u\t", e->id, e->version);
			S_tsv_event(b, e);
			ecat_buf_putc(b, '\t');
			S_cell(b, e->opcode_name);
			ecat_buf_putc(b, '\t');
			S_cell(b, e->keywords_names);
			ecat_buf_putc(b, '\t');
			S_cell(b, e->task_name);
			ecat_buf_putc(b, '\t');
			S_cell(b, e->level_name);
			ecat_buf_putc(b, '\t');
			S_cell(b, e->channel_name);
			ecat_buf_putc(b, '\t');
			S_cell(b, e->message);
		}
		ecat_buf_putc(b, '\n');
	}
}

/* An event and its place in the source. */
struct evref {
	const struct ecat_event	*e;
	uint32_t		 i;	/* source order */
};

/*
 * The order TraceEvent names events in: it asks TDH for one version at
 * a time (0 to 255); within a version this takes TDH's order to be by
 * id, then manifest order (an assumption: the manifests at hand list
 * events by id, so the two cannot be told apart).
 */
static int
S_byversion(const void *a, const void *b)
{
	const struct evref	*x = a, *y = b;

	if (x->e->version != y->e->version)
		return x->e->version < y->e->version ? -1 : 1;
	if (x->e->id != y->e->id)
		return x->e->id < y->e->id ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int
S_byid(const void *a, const void *b)
{
	const struct evref	*x = a, *y = b;

	if (x->e->id != y->e->id)
		return x->e->id < y->e->id ? -1 : 1;
	if (x->e->version != y->e->version)
		return x->e->version < y->e->version ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Rows of a manifest schema.  A manifest rebuilt by TraceEvent
 * (ecat_pschema_rebuilt) already carries TraceEvent's names, and jdu
 * prints them as written (symbol=, task=, keywords=, and opcode= and
 * level= after their prefix), in its order; any other is named by
 * S_tename() in TraceEvent's order and written sorted by (id,
 * version), as TraceEvent writes events.
 */
static void
S_manifest_rows(struct ecat_buf *b, const struct ecat_pschema *ps)
{
	struct evref		*ev;
	struct tenames		*tn;
	struct ecat_htab	 tasks, opcodes, events;
	const struct ecat_event	*e;
	size_t			 row, c;
	uint32_t		 i, k;
	int64_t			 lv;
	int			 rebuilt = ecat_pschema_rebuilt(ps);

	if (ps->nevents == 0)
		return;
	ev = ecat_calloc(ps->nevents, sizeof(*ev));
	tn = ecat_calloc(ps->nevents, sizeof(*tn));
	ecat_htab_init(&tasks, ECAT_HKEY_STR, 0);
	ecat_htab_init(&opcodes, ECAT_HKEY_STR, 0);
	ecat_htab_init(&events, ECAT_HKEY_STR, 0);
	for (i = 0; i < ps->nevents; i++) {
		ev[i].e = ps->events[i].ev;
		ev[i].i = i;
	}
	qsort(ev, ps->nevents, sizeof(*ev), S_byversion);
	for (k = 0; k < ps->nevents; k++)
		S_tename(ps, ev[k].e, &tasks, &opcodes, &events,
		    &tn[ev[k].i]);
	if (!rebuilt)
		qsort(ev, ps->nevents, sizeof(*ev), S_byid);
	else
		for (i = 0; i < ps->nevents; i++) {
			ev[i].e = ps->events[i].ev;
			ev[i].i = i;
		}

	for (k = 0; k < ps->nevents; k++) {
		e = ev[k].e;
		i = ev[k].i;
		row = c = b->len;
		S_cell(b, ps->name);
		S_endcell(b, c, 0);
		ecat_buf_printf(b, "%u\t%u\t", e->id, e->version);
		c = b->len;
		ecat_buf_puts(b, rebuilt && e->symbol != NULL ? e->symbol :
		    tn[i].name);
		ecat_buf_putc(b, '(');
		if (e->tmpl != NULL && e->tmpl->shape != NULL) {
			if (e->tmpl->shape->verbatim != NULL)
				ecat_buf_puts(b, e->tmpl->shape->verbatim);
			else
				S_manifest_fields(b, e->tmpl->shape);
		}
		ecat_buf_putc(b, ')');
		S_endcell(b, c, 0);
		/* opcode */
		c = b->len;
		if (rebuilt)
			ecat_buf_puts(b, S_after_colon(e->opcode_name));
		else
			ecat_buf_puts(b, tn[i].opcode);
		S_endcell(b, c, 0);
		/* keywords */
		c = b->len;
		if (!rebuilt && (e->has & ECAT_HAS_KEYWORDS))
			S_keywords(b, ps, e->keywords);
		else
			S_cell(b, e->keywords_names);
		S_endcell(b, c, 0);
		/* task */
		c = b->len;
		ecat_buf_puts(b, rebuilt && e->task_name != NULL ?
		    e->task_name : tn[i].task);
		S_endcell(b, c, 0);
		/* level: GetString, then Substring after ':' again */
		c = b->len;
		lv = S_num(e, ECAT_HAS_LEVEL, e->level, e->level_name);
		if (rebuilt || lv < 0)
			ecat_buf_puts(b, S_after_colon(S_after_colon(
			    e->level_name)));
		else if (lv <= 5)
			ecat_buf_puts(b, levelnames[lv]);
		S_endcell(b, c, 0);
		c = b->len;
		ecat_buf_puts(b, S_channel(ps, e));
		S_endcell(b, c, 0);
		c = b->len;
		S_message(b, e->message);
		S_endcell(b, c, 1);
		S_fixrow(b, row);
	}
	for (i = 0; i < ps->nevents; i++) {
		free(tn[i].name);
		free(tn[i].task);
		free(tn[i].opcode);
	}
	free(tn);
	free(ev);
	S_seen_free(&tasks);
	S_seen_free(&opcodes);
	S_seen_free(&events);
}

/* ------------------------------------------------------------ files */

/* One output file. */
struct job {
	const struct ecat_pschema	*ps;
	char				*file;	/* basename, malloc'd */
	int				 mof;
	uint32_t			 seq;
};

/* Which schema wins a file: TSV (exact) before manifest before
   WEPExplorer, then source file and line, then load order. */
static int
S_jobcmp(const void *a, const void *b)
{
	const struct job	*x = a, *y = b;
	int			 c, kx, ky;

	if (x->ps->build->index != y->ps->build->index)
		return x->ps->build->index < y->ps->build->index ? -1 : 1;
	if (x->mof != y->mof)
		return x->mof - y->mof;
	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	kx = x->ps->kind == ECAT_SRC_TSV ? 0 : 1;
	ky = y->ps->kind == ECAT_SRC_TSV ? 0 : 1;
	if (kx != ky)
		return kx - ky;
	if (x->ps->format != y->ps->format)
		return (int)x->ps->format - (int)y->ps->format;
	if (x->ps->loc.file != NULL && y->ps->loc.file != NULL &&
	    (c = strcmp(x->ps->loc.file, y->ps->loc.file)) != 0)
		return c;
	if (x->ps->loc.line != y->ps->loc.line)
		return x->ps->loc.line < y->ps->loc.line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * "." and ".." cannot name a file or a build folder (a build named
 * after the folder ".." of loose files would write outside DIR); a
 * '/' in a build id (-b a/b) becomes '_' for the same reason.
 */
static int
S_dotname(const char *s)
{
	return strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || s[0] == '\0';
}

/* mkdir -p.  Returns 0, or -1 with errno set. */
static int
S_mkdirs(const char *path)
{
	struct stat	 st;
	char		*p, *s;
	int		 rc = 0;

	s = ecat_strdup(path);
	for (p = s + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(s, 0777) == -1 && errno != EEXIST)
				rc = -1;
			else if (stat(s, &st) == -1 || !S_ISDIR(st.st_mode)) {
				if (errno == 0)
					errno = ENOTDIR;
				rc = -1;
			}
			*p = c;
			if (rc == -1)
				break;
		}
		if (*p == '\0')
			break;
	}
	free(s);
	return rc;
}

/*
 * Write b to dir/file through a temporary file in dir and rename(2),
 * so the file appears whole or not at all.  Returns 0, or -1 after an
 * io-write diagnostic.
 */
static int
S_writefile(const struct ecat_catalog *cat, const char *dir,
    const char *file, const struct ecat_buf *b, mode_t mode)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	char		*path, *tmp;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd, rc = -1;

	path = ecat_asprintf("%s/%s", dir, file);
	tmp = ecat_asprintf("%s/.%s.XXXXXX", dir, file);
	loc.file = path;
	if ((fd = mkstemp(tmp)) == -1) {
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s",
		    strerror(errno));
		goto out;
	}
	while (off < b->len) {
		n = write(fd, b->buf + off, b->len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		off += (size_t)n;
	}
	if (off < b->len || fchmod(fd, mode) == -1) {
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s",
		    strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s",
		    strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	free(path);
	return rc;
}

/*
 * One schema as a whole TSV file (header and rows) appended to b, as
 * ecat_export_tsv() writes it; the site's downloads/<Provider>.tsv.
 */
void	 ecat_export_tsv_schema(const struct ecat_pschema *, struct ecat_buf *);

void
ecat_export_tsv_schema(const struct ecat_pschema *ps, struct ecat_buf *b)
{
	ecat_buf_puts(b, ps->format == ECAT_FMT_TSV_MOF ? hdr_mof :
	    hdr_manifest);
	if (ps->kind == ECAT_SRC_TSV)
		S_tsv_rows(b, ps);
	else
		S_manifest_rows(b, ps);
}

int
ecat_export_tsv(const struct ecat_catalog *cat, const char *dir, int flat)
{
	struct ecat_loc			 loc = { NULL, 0, 0 };
	const struct ecat_pschema	*ps, *win;
	struct job			*jobs = NULL, *j;
	struct ecat_buf			 b;
	char				*sub = NULL, *lastsub = NULL;
	size_t				 njobs = 0, cap = 0, k;
	uint32_t			 i, s;
	mode_t				 mode;
	int				 rc = 0;

	/* Files get the permissions open(2) with 0666 would give. */
	mode = umask(0);
	umask(mode);
	mode = 0666 & ~mode;

	for (i = 0; i < cat->nproviders; i++)
		for (s = 0; s < cat->providers[i]->nschemas; s++) {
			ps = cat->providers[i]->schemas[s];
			if (ps->kind == ECAT_SRC_SAMPLE || ps->build == NULL)
				continue;
			if (njobs == cap) {
				cap = cap ? cap * 2 : 1024;
				jobs = ecat_reallocarray(jobs, cap,
				    sizeof(*jobs));
			}
			j = &jobs[njobs];
			j->ps = ps;
			j->mof = ps->format == ECAT_FMT_TSV_MOF;
			j->file = ps->kind == ECAT_SRC_TSV &&
			    ps->tsv_file != NULL && strchr(ps->tsv_file,
			    '/') == NULL && !S_dotname(ps->tsv_file) ?
			    ecat_strdup(ps->tsv_file) : S_filename(ps->name);
			j->seq = (uint32_t)njobs++;
		}
	if (njobs > 0)
		qsort(jobs, njobs, sizeof(*jobs), S_jobcmp);

	ecat_buf_init(&b);
	for (k = 0; k < njobs; k++) {
		j = &jobs[k];
		ps = j->ps;
		if (k > 0 && ps->build == jobs[k - 1].ps->build &&
		    j->mof == jobs[k - 1].mof &&
		    strcmp(j->file, jobs[k - 1].file) == 0) {
			/* jobs[k - 1].ps is the file's first schema, even
			   after several collisions (see below). */
			win = jobs[k - 1].ps;
			loc = ps->loc;
			ecat_msg(cat->diag, ECAT_MSG_EXPORT_COLLISION, &loc,
			    "%s/%s/%s: %s not written, %s (%s:%u) is",
			    ps->build->id,
			    j->mof ? ECAT_TSV_MOF : ECAT_TSV_MANIFEST,
			    j->file, ps->name, win->name,
			    win->loc.file != NULL ? win->loc.file : "?",
			    win->loc.line);
			jobs[k].ps = win;
			continue;
		}
		free(sub);
		if (flat && cat->nbuilds == 1)
			sub = ecat_asprintf("%s/%s", dir, j->mof ?
			    ECAT_TSV_MOF : ECAT_TSV_MANIFEST);
		else {
			char *bid = ecat_asprintf("%s%s",
			    S_dotname(ps->build->id) ? "_" : "",
			    ps->build->id), *q;

			for (q = bid; *q != '\0'; q++)
				if (*q == '/')
					*q = '_';
			sub = ecat_asprintf("%s/%s/%s", dir, bid,
			    j->mof ? ECAT_TSV_MOF : ECAT_TSV_MANIFEST);
			free(bid);
		}
		if (lastsub == NULL || strcmp(sub, lastsub) != 0) {
			if (S_mkdirs(sub) == -1) {
				loc.file = sub;
				loc.line = loc.col = 0;
				ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc,
				    "%s", strerror(errno));
				rc = -1;
				free(lastsub);
				lastsub = NULL;
				continue;
			}
			free(lastsub);
			lastsub = ecat_strdup(sub);
		}
		ecat_buf_reset(&b);
		ecat_buf_puts(&b, j->mof ? hdr_mof : hdr_manifest);
		if (ps->kind == ECAT_SRC_TSV)
			S_tsv_rows(&b, ps);
		else
			S_manifest_rows(&b, ps);
		if (S_writefile(cat, sub, j->file, &b, mode) == -1)
			rc = -1;
	}
	ecat_buf_free(&b);
	free(sub);
	free(lastsub);
	for (k = 0; k < njobs; k++)
		free(jobs[k].file);
	free(jobs);
	return rc;
}
