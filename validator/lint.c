/*
 * lint.c: the schema lint pass (docs/etw-manifest-reference.md §4):
 * the pass, and the schema-, event- and reference-level checks; the
 * template- and field-level checks are lint_fields.c's.
 *
 * A separate pass over the finished model, after mandoc's
 * *_validate.c: tables of check functions per level (schema, event,
 * template, field), each entry marked with the source formats it makes
 * sense for.  Manifest and WEPExplorer schemas have definition tables,
 * so their references are resolved; TSV schemas carry names only and
 * get the checks that need no tables (duplicates, ranges, types).
 *
 * References are resolved here against the schema's own tables and
 * winmeta (types.c), never through the ECAT_HAS_* bits, so lint does
 * not depend on how a loader marks things.  Each schema builds hash
 * tables of its definitions once, so the pass is linear in the size of
 * the catalog.  A template is checked once, however many events share
 * it; each event's message is parsed once.
 *
 * Two kinds of source are not compiled manifests but rebuilt from a
 * running system's provider metadata (TDH), and what their generator
 * loses or invents is reported as notes of their own ids, so that a
 * dump of a real build is not thousands of errors about the provider:
 * PerfView's TraceEvent rebuild (ecat_pschema_rebuilt(): the public
 * Windows 10 corpora) and etwlib's dumps (ecat_pschema.etwlib,
 * recognised by catalog/manifest.c: manifests/lilhoser/).  For the
 * etwlib dumps, measured on the 956 files of 26100.6899 (the other two
 * builds alike), each class of finding before this, and why:
 *
 *   - 8,271 lint-unresolved-string, all of them task messages: etwlib
 *     writes "$(string.string<value>)" for every task, and the loader
 *     reads no such reference (manifest.c): of the 8,711 that resolve,
 *     8,504 name another text than the task's name.  An
 *     artefact: lint-dump-task-message, a note per task.
 *   - 3,208 lint-dangling-level: no dump has a <levels> section, and
 *     etwlib writes level= as TDH's display name of the level ("Log
 *     Always", "Success", "win:ReservedLevel6", "wls:Verbose100").  An
 *     artefact: lint-dump-level.
 *   - 206 lint-binary-no-length: etwlib writes length= only for a
 *     length given by another item (in the 2,851 files of the three
 *     builds no length is a number; 3,104 of the 4,040 Binary items
 *     name another item, the rest nothing), and writes structs and
 *     several TDH-only types as win:Binary.  As for the
 *     TraceEvent rebuild: lint-binary-length-lost.
 *   - 404 lint-name-case, all "xs:datetime": etwlib's table spells
 *     TDH's DateTime so (and NoPrint "xs:hexbinary").  An artefact:
 *     lint-dump-type.
 *   - 373 lint-bad-outtype (warnings): 13 are outType win:Binary, the
 *     stand-in etwlib writes for an outType its table lacks (TDH's 0
 *     and 35 on: Utf8, CodePointer, DateTimeUtc...); most of the rest
 *     are structs, whose StructStartIndex and NumOfStructMembers TDH
 *     gives where a scalar has InType and OutType and etwlib writes as
 *     such (USBPORT's fid_USBPORT_HC: "win:Int8" with "xs:unsignedShort",
 *     members 3 to 8; jdu2600's TSV of the same build reads it as Int8
 *     too).  Such a pair cannot present the value, another kind of
 *     value or an integer of another size: lint-dump-type
 *     (lint_fields.c).  A pair that can (81 HexInt32 with ErrorCode, an
 *     outType winmeta allows only on UInt32) stays lint-bad-outtype.
 *   - 68 lint-duplicate-event and the one source-duplicate-provider
 *     left (two registered providers named
 *     Microsoft-Windows-RestartManager) are the provider metadata's:
 *     jdu2600's TSV of 26100 has the same 57 duplicates of MSDTC.
 *     They stay.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "carry.h"
#include "lcheck.h"
#include "msgfmt.h"

/* ---------------------------------------------------------- name tables */

/*
 * Tables (struct ecat_htab, string keys) from (name, tag) to a
 * definition.  tag tells apart names in different scopes (task-local
 * opcodes: the task's index + 1) and carries integer keys ((id,
 * version) for duplicates, with a NULL name).  ci tables hash and
 * compare without case; they only serve the "defined as X" hint after
 * an exact miss.
 */

/* FNV-1a over the name folded to lower case, seeded by tag. */
static uint64_t
S_cihash(const void *k, size_t len, uint64_t tag)
{
	const unsigned char	*s = k;
	uint64_t		 h;
	size_t			 i;

	h = ECAT_HASH_SEED ^ (tag * 0x9e3779b97f4a7c15ULL);
	/* ASCII folding inline: tolower(3) per byte was 3.5% of a
	   validate run over the 870-file build. */
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h ^= c;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int
S_cieq(const void *a, const void *b, size_t len)
{
	return strncasecmp(a, b, len) == 0;
}

/* An empty table for about n entries (it grows past them). */
void
lint_hinit(struct ecat_htab *t, size_t n, int ci)
{
	ecat_htab_init(t, ECAT_HKEY_STR, n);
	if (ci) {
		t->hash = S_cihash;
		t->eq = S_cieq;
	}
}

/* Find (s, tag); NULL if absent. */
const struct ecat_hent *
lint_hget(const struct ecat_htab *t, const char *s, size_t len,
    uint64_t tag)
{
	return ecat_htab_find(t, s, len, tag);
}

/*
 * Add (s, tag) → v unless present.  Returns the entry holding the first
 * definition, so a caller can tell a duplicate (entry->v.p != v).
 */
const struct ecat_hent *
lint_hput(struct ecat_htab *t, const char *s, size_t len, uint64_t tag,
    const void *v)
{
	struct ecat_hent	*e;
	int			 isnew;

	e = ecat_htab_put(t, s, len, tag, &isnew);
	if (isnew)
		e->v.p = (void *)(uintptr_t)v;
	return e;
}

static void
S_ninit(struct names *n, size_t count)
{
	lint_hinit(&n->exact, count, 0);
	lint_hinit(&n->ci, count, 1);
}

static void
S_nadd(struct names *n, const char *s, uint64_t tag, const void *v)
{
	if (s == NULL)
		return;
	lint_hput(&n->exact, s, strlen(s), tag, v);
	lint_hput(&n->ci, s, strlen(s), tag, v);
}

static void
S_nfree(struct names *n)
{
	ecat_htab_free(&n->exact);
	ecat_htab_free(&n->ci);
}

/* ------------------------------------------------------------ context */

/* Point the diagnostic context at ev (NULL: no event). */
void
lint_evctx(struct lint *l, const struct ecat_event *ev)
{
	l->ctx.event_id = ev != NULL ? (int64_t)ev->id : -1;
	l->ctx.version = ev != NULL ? (int32_t)ev->version : -1;
	l->ctx.field = NULL;
}

/* Returns the template's tid for a diagnostic, never NULL. */
const char *
lint_tid(const struct ecat_template *t)
{
	return t != NULL && t->tid != NULL ? t->tid : "(unnamed)";
}

/* ----------------------------------------------------- reference lookup */

/*
 * Resolve (s[0..len), tag) in n; on REF_FOUND *def (if def is not NULL)
 * is the definition, on REF_CASE *hint the name as defined.  Returns
 * the resolution.
 */
enum refres
lint_resolve(const struct names *n, const char *s, size_t len,
    uint64_t tag, const void **def, const char **hint)
{
	const struct ecat_hent	*e;

	if ((e = lint_hget(&n->exact, s, len, tag)) != NULL) {
		if (def != NULL)
			*def = e->v.p;
		return REF_FOUND;
	}
	if ((e = lint_hget(&n->ci, s, len, tag)) != NULL) {
		*hint = e->k;
		return REF_CASE;
	}
	return REF_MISSING;
}

/*
 * Emit a dangling-reference error for name, adding a hint when it
 * differs from a definition only in case (XML names are
 * case-sensitive, so mc rejects it too).
 */
static void
S_dangling(struct lint *l, enum ecat_msg m, const struct ecat_event *ev,
    const char *s, size_t len, enum refres r, const char *hint)
{
	if (r == REF_CASE)
		ecat_msgx(l->cat->diag, m, &l->evloc, &l->ctx,
		    "%.*s (defined as %s; names are case-sensitive)",
		    (int)len, s, hint);
	else
		ecat_msgx(l->cat->diag, m, &l->evloc, &l->ctx, "%.*s",
		    (int)len, s);
}

/* ------------------------------------------------------ event checks */

typedef void (*lint_event_fn)(struct lint *, const struct ecat_event *,
    const struct ecat_template *);

/* The descriptor has a 16-bit id and an 8-bit version (§1.4). */
static void
S_check_range(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	if (ev->id > 65535)
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_EVENT_RANGE, &l->evloc,
		    &l->ctx, "event id %u exceeds 65535", (unsigned)ev->id);
	if (ev->version > 255)
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_EVENT_RANGE, &l->evloc,
		    &l->ctx, "event %u version %u exceeds 255",
		    (unsigned)ev->id, (unsigned)ev->version);
}

/*
 * (value, version) identifies a manifest event (§1.4; emc
 * Collections.cs).  A classic MOF provider is many event classes, each
 * numbering its event types from 1 (§6): there the class GUID is part
 * of the identity.
 */
static void
S_check_duplicate(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	const struct ecat_hent	*e;
	const struct ecat_evrow	*first;
	const char		*cls = NULL;
	uint64_t		 key;

	key = ((uint64_t)ev->id << 16) | ev->version;
	if (l->fmt == L_MOF && ev->mof_class != NULL)
		cls = ev->mof_class;
	/* Rows, not contents: two equal definitions share one content. */
	e = lint_hput(&l->events, cls, cls != NULL ? strlen(cls) : 0, key,
	    l->row);
	if (e->v.p == l->row)
		return;
	first = e->v.p;
	if (cls != NULL)
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DUP_EVENT, &l->evloc,
		    &l->ctx, "class %s event type %u version %u, first "
		    "defined at line %u", cls, (unsigned)ev->id,
		    (unsigned)ev->version, (unsigned)first->line);
	else
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DUP_EVENT, &l->evloc,
		    &l->ctx, "event %u version %u, first defined at line %u",
		    (unsigned)ev->id, (unsigned)ev->version,
		    (unsigned)first->line);
}

static void
S_check_template_ref(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	enum refres	 r;
	const char	*hint = NULL;

	if (ev->template_ref == NULL)
		return;
	r = lint_resolve(&l->templates, ev->template_ref,
	    strlen(ev->template_ref), 0, NULL, &hint);
	if (r != REF_FOUND)
		S_dangling(l, ECAT_MSG_LINT_DANGLING_TEMPLATE, ev,
		    ev->template_ref, strlen(ev->template_ref), r, hint);
}

static void
S_check_level_ref(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	enum refres	 r;
	const char	*hint = NULL;

	if (ev->level_name == NULL)
		return;
	r = lint_resolve(&l->levels, ev->level_name, strlen(ev->level_name), 0,
	    NULL, &hint);
	if (r == REF_FOUND || ecat_winmeta_level(ev->level_name) != NULL)
		return;
	/*
	 * PerfView's TDH rebuild (§5.4) writes level 0 as "win:Always";
	 * winmeta's name is win:LogAlways.  4,682 events of the 1803
	 * manifests carry it: say what it means.
	 */
	/*
	 * An etwlib dump defines no levels and names each by TDH's
	 * display name (manifest.c): not a defect of the provider.
	 */
	if (l->etwlib) {
		if (ev->has & ECAT_HAS_LEVEL)
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DUMP_LEVEL,
			    &l->evloc, &l->ctx, "%s (level %u)",
			    ev->level_name, (unsigned)ev->level);
		else
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DUMP_LEVEL,
			    &l->evloc, &l->ctx, "%s (a provider's level; its "
			    "value is not given)", ev->level_name);
		return;
	}
	if (strcmp(ev->level_name, "win:Always") == 0) {
		/*
		 * In a rebuilt manifest this is the rebuild's spelling, not
		 * a defect of the provider: a note, so that validating a
		 * dump of a real build is not thousands of errors.
		 */
		ecat_msgx(l->cat->diag, l->rebuilt ?
		    ECAT_MSG_LINT_REBUILD_LEVEL : ECAT_MSG_LINT_DANGLING_LEVEL,
		    &l->evloc, &l->ctx, "win:Always (the TraceEvent rebuild's "
		    "name for level 0; winmeta's is win:LogAlways)");
		return;
	}
	S_dangling(l, ECAT_MSG_LINT_DANGLING_LEVEL, ev,
	    ev->level_name, strlen(ev->level_name), r, hint);
}

/* The event's task definition (index + 1 as the opcode tag), or 0. */
static uint64_t
S_event_task(struct lint *l, const struct ecat_event *ev)
{
	const void	*def = NULL;
	const char	*hint;

	if (ev->task_name == NULL || lint_resolve(&l->tasks, ev->task_name,
	    strlen(ev->task_name), 0, &def, &hint) != REF_FOUND)
		return 0;
	return (uint64_t)((const struct ecat_named *)def - l->ps->tasks) + 1;
}

static void
S_check_task_ref(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	enum refres	 r;
	const char	*hint = NULL;

	if (ev->task_name == NULL)
		return;
	r = lint_resolve(&l->tasks, ev->task_name, strlen(ev->task_name), 0,
	    NULL, &hint);
	/* winmeta defines one task, win:None = 0 (§1.6). */
	if (r == REF_FOUND || strcmp(ev->task_name, "win:None") == 0)
		return;
	S_dangling(l, ECAT_MSG_LINT_DANGLING_TASK, ev,
	    ev->task_name, strlen(ev->task_name), r, hint);
}

/*
 * Task-aware (§1.6): an opcode defined inside a <task> can only be used
 * by events naming that task; provider-global and winmeta opcodes by
 * any event.
 */
static void
S_check_opcode_ref(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	const struct ecat_hent	*e;
	const char		*s = ev->opcode_name, *hint = NULL;
	uint64_t		 task;
	size_t			 len;
	enum refres		 r;

	if (s == NULL)
		return;
	len = strlen(s);
	task = S_event_task(l, ev);
	if (task != 0 && lint_resolve(&l->opcodes, s, len, task, NULL, &hint) ==
	    REF_FOUND)
		return;
	r = lint_resolve(&l->opcodes, s, len, 0, NULL, &hint);
	if (r == REF_FOUND || ecat_winmeta_opcode(s) != NULL)
		return;
	if ((e = lint_hget(&l->localops, s, len, 0)) != NULL) {
		const struct ecat_named	*owner = e->v.p;

		if (ev->task_name == NULL)
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DANGLING_OPCODE,
			    &l->evloc, &l->ctx, "%s is local to task %s and "
			    "the event names no task", s,
			    owner->name != NULL ? owner->name : "?");
		else
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DANGLING_OPCODE,
			    &l->evloc, &l->ctx, "%s is local to task %s, not "
			    "to the event's task %s", s,
			    owner->name != NULL ? owner->name : "?",
			    ev->task_name);
		return;
	}
	if (r == REF_MISSING && task != 0)
		r = lint_resolve(&l->opcodes, s, len, task, NULL, &hint);
	S_dangling(l, ECAT_MSG_LINT_DANGLING_OPCODE, ev, s, len,
	    r == REF_FOUND ? REF_MISSING : r, hint);
}

/* keywords= is a space-separated QName list (§1.4). */
static void
S_check_keyword_ref(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	const char	*p, *q, *hint = NULL;
	char		 buf[256];
	enum refres	 r;

	if ((p = ev->keywords_names) == NULL)
		return;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && *q != ' ' && *q != '\t' &&
		    *q != '\n' && *q != '\r'; q++)
			continue;
		r = lint_resolve(&l->keywords, p, (size_t)(q - p), 0, NULL,
		    &hint);
		if (r != REF_FOUND) {
			if ((size_t)(q - p) < sizeof(buf)) {
				memcpy(buf, p, (size_t)(q - p));
				buf[q - p] = '\0';
			} else
				buf[0] = '\0';
			if (ecat_winmeta_keyword(buf) == NULL)
				S_dangling(l, ECAT_MSG_LINT_DANGLING_KEYWORD,
				    ev, p, (size_t)(q - p), r, hint);
		}
		p = q;
	}
}

/* channel= names a chid, or the channel's name when it has none (§1.4). */
static void
S_check_channel_ref(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	enum refres	 r;
	const char	*hint = NULL;

	if (ev->channel_name == NULL)
		return;
	r = lint_resolve(&l->channels, ev->channel_name,
	    strlen(ev->channel_name), 0, NULL, &hint);
	/* winmeta legacy channels need no import (§1.5, mc output). */
	if (r == REF_FOUND || ecat_winmeta_channel(ev->channel_name) != NULL)
		return;
	S_dangling(l, ECAT_MSG_LINT_DANGLING_CHANNEL, ev,
	    ev->channel_name, strlen(ev->channel_name), r, hint);
}

/*
 * Is s a string table reference "$(string.X)" or "$(mc.X)" (§1.9)?  A
 * component manifest's $(build.X) and the like are placeholders its
 * build fills in, kept as written and never looked up.  Returns 1 or
 * 0.
 */
int
lint_strref(const char *s)
{
	return s != NULL && (strncasecmp(s, "$(string.", 9) == 0 ||
	    strncasecmp(s, "$(mc.", 5) == 0 || strncmp(s, "$(", 2) != 0);
}

/* Every message= must resolve in the primary culture (§1.9). */
static void
S_check_event_string(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	if (ev->message_ref != NULL && ev->message == NULL &&
	    lint_strref(ev->message_ref))
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_UNRESOLVED_STRING,
		    &l->evloc, &l->ctx, "event message %s", ev->message_ref);
}

/*
 * The message checks of §3.3: syntax problems found by the parser,
 * then inserts against the template's top-level items (§3.2: %N is the
 * N-th top-level item; TDH's TopLevelPropertyCount).  t is the template
 * the event resolves to, or NULL; when the event names a template that
 * does not exist the range is unknown and not checked.
 */
static void
S_check_message(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	struct ecat_msgfmt		*mf;
	const struct ecat_mfproblem	*p;
	uint32_t			 i, nitems;
	int				 known;

	if (ev->message == NULL)
		return;
	mf = ecat_msgfmt_parses(ev->message);
	for (i = 0; i < mf->nprob; i++) {
		p = &mf->prob[i];
		switch (p->kind) {
		case ECAT_MFP_UNTERMINATED:
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_FMT_UNTERMINATED,
			    &l->evloc, &l->ctx, "\"%.*s\" at offset %u; "
			    "write %%! for a literal !",
			    (int)(p->len > 24 ? 24 : p->len), mf->src + p->off,
			    (unsigned)p->off);
			break;
		case ECAT_MFP_TRAILING:
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_TRAILING_PERCENT,
			    &l->evloc, &l->ctx, "at offset %u; write %%%% for "
			    "a literal %%", (unsigned)p->off);
			break;
		case ECAT_MFP_FMT_SPEC:
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_FMT_SPEC,
			    &l->evloc, &l->ctx, "!%.*s! at offset %u",
			    (int)p->len, mf->src + p->off, (unsigned)p->off);
			break;
		case ECAT_MFP_OVER99:
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_INSERT_DIGITS,
			    &l->evloc, &l->ctx, "%.*s at offset %u reads as "
			    "%.3s then %.*s", (int)p->len, mf->src + p->off,
			    (unsigned)p->off, mf->src + p->off,
			    (int)p->len - 3, mf->src + p->off + 3);
			break;
		default:
			break;
		}
	}

	known = 1;
	nitems = 0;
	if (t != NULL) {
		nitems = t->shape != NULL ? t->shape->nfields : 0;
		/* An unparsed TSV field list has no item count. */
		if (t->shape == NULL || t->shape->verbatim != NULL)
			known = 0;
	} else if (ev->template_ref != NULL)
		known = 0;	/* dangling: reported by its own check */
	else if (!(ecat_carries(l->ps, l->row) & ECAT_ATTR_FIELDS))
		known = 0;	/* a source that lost it (carry.h) */
	if (known && mf->maxinsert > nitems) {
		if (t == NULL)
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_INSERT_RANGE,
			    &l->evloc, &l->ctx, "%%%u but the event has no "
			    "template", (unsigned)mf->maxinsert);
		else
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_INSERT_RANGE,
			    &l->evloc, &l->ctx, "%%%u but template %s has %u "
			    "top-level item%s", (unsigned)mf->maxinsert,
			    lint_tid(t), (unsigned)nitems, nitems == 1 ? "" : "s");
	}
	ecat_msgfmt_free(mf);
}

static const struct {
	lint_event_fn	 fn;
	unsigned	 fmts;
} event_checks[] = {
	{ S_check_range,	L_ALL },
	{ S_check_duplicate,	L_ALL },
	{ S_check_template_ref,	L_MAN },
	{ S_check_level_ref,	L_MAN },
	{ S_check_task_ref,	L_MAN },
	{ S_check_opcode_ref,	L_MAN },
	{ S_check_keyword_ref,	L_MAN },
	{ S_check_channel_ref,	L_MAN },
	{ S_check_event_string,	L_MAN },
	{ S_check_message,	L_ALL },
};

/* ----------------------------------------------------- schema checks */

typedef void (*lint_schema_fn)(struct lint *);

static void
S_unresolved(struct lint *l, const char *what, const char *name,
    const char *ref, const char *msg, const struct ecat_loc *loc)
{
	if (ref != NULL && msg == NULL && lint_strref(ref))
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_UNRESOLVED_STRING,
		    loc, &l->ctx, "%s%s%s message %s", what,
		    name != NULL ? " " : "", name != NULL ? name : "", ref);
}

static void
S_unresolved_named(struct lint *l, const char *what,
    const struct ecat_named *a, uint32_t n)
{
	uint32_t	 i;

	for (i = 0; i < n; i++)
		S_unresolved(l, what, a[i].name, a[i].message_ref,
		    a[i].message, &a[i].loc);
}

/*
 * message= of the provider, channels, levels, tasks, opcodes, keywords
 * and map entries must resolve (§1.9; emc: an error in the primary
 * culture).  Events are checked with the event table.
 */
static void
S_check_strings(struct lint *l)
{
	struct ecat_pschema	*ps = l->ps;
	uint32_t		 i, k;

	lint_evctx(l, NULL);
	S_unresolved(l, "provider", ps->name, ps->message_ref, ps->message,
	    &ps->loc);
	S_unresolved_named(l, "channel", ps->channels, ps->nchannels);
	S_unresolved_named(l, "level", ps->levels, ps->nlevels);
	for (i = 0; i < ps->ntasks; i++) {
		const struct ecat_named *t = &ps->tasks[i];
		char	 buf[40];

		/* The reference etwlib makes up (manifest.c). */
		snprintf(buf, sizeof(buf), "$(string.string%llu)",
		    (unsigned long long)t->value);
		if (l->etwlib && t->message == NULL &&
		    t->message_ref != NULL && strcmp(t->message_ref, buf) == 0)
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DUMP_TASK_MESSAGE,
			    &t->loc, &l->ctx, "task %s value %llu message %s",
			    t->name != NULL ? t->name : "?",
			    (unsigned long long)t->value, t->message_ref);
		else
			S_unresolved(l, "task", t->name, t->message_ref,
			    t->message, &t->loc);
	}
	for (i = 0; i < ps->ntasks; i++)
		S_unresolved_named(l, "opcode", ps->tasks[i].opcodes,
		    ps->tasks[i].nopcodes);
	S_unresolved_named(l, "opcode", ps->opcodes, ps->nopcodes);
	S_unresolved_named(l, "keyword", ps->keywords, ps->nkeywords);
	for (i = 0; i < ps->nmaps; i++)
		for (k = 0; k < ps->maps[i].nentries; k++) {
			const struct ecat_mapentry *e = &ps->maps[i].entries[k];

			if (e->message_ref != NULL && e->message == NULL &&
			    lint_strref(e->message_ref))
				ecat_msgx(l->cat->diag,
				    ECAT_MSG_LINT_UNRESOLVED_STRING, &e->loc,
				    &l->ctx, "map %s value 0x%llx message %s",
				    ps->maps[i].name != NULL ?
				    ps->maps[i].name : "?",
				    (unsigned long long)e->value,
				    e->message_ref);
		}
}

static const struct {
	lint_schema_fn	 fn;
	unsigned	 fmts;
} schema_checks[] = {
	{ S_check_strings,	L_MAN },
};

/* ------------------------------------------------------------ driver */

/* Hash the schema's definitions (manifest kinds only). */
static void
S_tables(struct lint *l)
{
	struct ecat_pschema	*ps = l->ps;
	uint32_t		 i, k, nlocal = 0;

	memset(&l->templates, 0, sizeof(l->templates));
	memset(&l->tasks, 0, sizeof(l->tasks));
	memset(&l->opcodes, 0, sizeof(l->opcodes));
	memset(&l->keywords, 0, sizeof(l->keywords));
	memset(&l->channels, 0, sizeof(l->channels));
	memset(&l->levels, 0, sizeof(l->levels));
	memset(&l->maps, 0, sizeof(l->maps));
	memset(&l->localops, 0, sizeof(l->localops));
	lint_hinit(&l->events, ps->nevents, 0);
	if (!(l->fmt & L_MAN))
		return;
	S_ninit(&l->templates, ps->ntemplates);
	for (i = 0; i < ps->ntemplates; i++)
		S_nadd(&l->templates, ps->templates[i].tid, 0,
		    &ps->templates[i]);
	S_ninit(&l->tasks, ps->ntasks);
	for (i = 0; i < ps->ntasks; i++) {
		S_nadd(&l->tasks, ps->tasks[i].name, 0, &ps->tasks[i]);
		nlocal += ps->tasks[i].nopcodes;
	}
	S_ninit(&l->opcodes, ps->nopcodes + nlocal);
	lint_hinit(&l->localops, nlocal, 0);
	for (i = 0; i < ps->nopcodes; i++)
		S_nadd(&l->opcodes, ps->opcodes[i].name, 0, &ps->opcodes[i]);
	for (i = 0; i < ps->ntasks; i++)
		for (k = 0; k < ps->tasks[i].nopcodes; k++) {
			const char *n = ps->tasks[i].opcodes[k].name;

			S_nadd(&l->opcodes, n, i + 1, &ps->tasks[i].opcodes[k]);
			if (n != NULL)
				lint_hput(&l->localops, n, strlen(n), 0,
				    &ps->tasks[i]);
		}
	S_ninit(&l->keywords, ps->nkeywords);
	for (i = 0; i < ps->nkeywords; i++)
		S_nadd(&l->keywords, ps->keywords[i].name, 0,
		    &ps->keywords[i]);
	/* An event names a channel by chid, or by name without one. */
	S_ninit(&l->channels, 2 * ps->nchannels);
	for (i = 0; i < ps->nchannels; i++) {
		S_nadd(&l->channels, ps->channels[i].chid, 0,
		    &ps->channels[i]);
		S_nadd(&l->channels, ps->channels[i].name, 0,
		    &ps->channels[i]);
	}
	S_ninit(&l->levels, ps->nlevels);
	for (i = 0; i < ps->nlevels; i++)
		S_nadd(&l->levels, ps->levels[i].name, 0, &ps->levels[i]);
	S_ninit(&l->maps, ps->nmaps);
	for (i = 0; i < ps->nmaps; i++)
		S_nadd(&l->maps, ps->maps[i].name, 0, &ps->maps[i]);
}

static void
S_tables_free(struct lint *l)
{
	S_nfree(&l->templates);
	S_nfree(&l->tasks);
	S_nfree(&l->opcodes);
	S_nfree(&l->keywords);
	S_nfree(&l->channels);
	S_nfree(&l->levels);
	S_nfree(&l->maps);
	ecat_htab_free(&l->localops);
	ecat_htab_free(&l->events);
}

/*
 * The template an event uses: its row's own pointer when the loader
 * resolved it, else the tid looked up here.
 */
static const struct ecat_template *
S_event_template(struct lint *l, const struct ecat_event *ev)
{
	const void	*def = NULL;
	const char	*hint;

	if (l->row->tmpl != NULL)
		return l->row->tmpl;
	if (ev->template_ref != NULL && (l->fmt & L_MAN) &&
	    lint_resolve(&l->templates, ev->template_ref,
	    strlen(ev->template_ref), 0, &def, &hint) == REF_FOUND)
		return def;
	return NULL;
}

static void
S_schema(struct lint *l, struct ecat_pschema *ps)
{
	const struct ecat_template	*t;
	const struct ecat_event		*ev;
	uint32_t			 i;
	size_t				 c;

	switch (ps->format) {
	case ECAT_FMT_MANIFEST:
	case ECAT_FMT_WEPEXPLORER:
		l->fmt = L_MAN;
		break;
	case ECAT_FMT_TSV_MANIFEST:
		l->fmt = L_TSV;
		break;
	case ECAT_FMT_TSV_MOF:
		l->fmt = L_MOF;
		break;
	default:
		return;		/* samples declare nothing */
	}
	l->ps = ps;
	l->rebuilt = ecat_pschema_rebuilt(ps);
	l->etwlib = ps->etwlib;
	l->ctx.build = ps->build != NULL ? ps->build->id : NULL;
	l->ctx.provider = ps->provider != NULL ? ps->provider->name : ps->name;
	lint_evctx(l, NULL);
	S_tables(l);
	l->firstuse = ecat_calloc(ps->ntemplates + 1, sizeof(*l->firstuse));
	memset(&l->extra, 0, sizeof(l->extra));

	for (c = 0; c < sizeof(schema_checks) / sizeof(schema_checks[0]); c++)
		if (schema_checks[c].fmts & l->fmt)
			schema_checks[c].fn(l);

	for (i = 0; i < ps->nevents; i++) {
		l->row = &ps->events[i];
		l->evloc = ecat_evrow_loc(ps, l->row);
		ev = l->row->ev;
		t = S_event_template(l, ev);
		lint_evctx(l, ev);
		for (c = 0; c < sizeof(event_checks) / sizeof(event_checks[0]);
		    c++)
			if (event_checks[c].fmts & l->fmt)
				event_checks[c].fn(l, ev, t);
		if (t == NULL)
			continue;
		/* Remember the first user; check strays once, here. */
		if (t >= ps->templates && t < ps->templates + ps->ntemplates) {
			if (l->firstuse[t - ps->templates] == NULL)
				l->firstuse[t - ps->templates] = ev;
		} else {
			if (lint_hget(&l->extra, NULL, 0, (uintptr_t)t) == NULL) {
				lint_hput(&l->extra, NULL, 0, (uintptr_t)t, t);
				lint_template(l, t, ev);
			}
		}
	}
	for (i = 0; i < ps->ntemplates; i++)
		lint_template(l, &ps->templates[i], l->firstuse[i]);

	free(l->firstuse);
	l->firstuse = NULL;
	ecat_htab_free(&l->extra);
	S_tables_free(l);
}

/*
 * A TSV file alike an earlier build's shares that schema's rows and
 * templates (model.h, ecat_pschema_alike()), and a TSV schema's checks
 * read nothing else of it but its format and name, which are alike
 * too: so when the rows' first schema reported nothing, neither will
 * the others.  Linting each of them again was 12% of validate over the
 * 170 builds of bench/stress.sh (perf).  A schema whose rows reported
 * anything is linted again in each build, whose file and line its
 * findings name.
 */
static int
S_tsv(const struct ecat_pschema *ps)
{
	return ps->format == ECAT_FMT_TSV_MANIFEST ||
	    ps->format == ECAT_FMT_TSV_MOF;
}

void
ecat_lint(struct ecat_catalog *cat)
{
	struct lint		 l;
	struct ecat_htab	 clean;
	struct ecat_pschema	*ps;
	const struct ecat_pschema *q;
	struct ecat_hent	*e;
	uint64_t		 n;
	uint32_t		 p, s;

	if (cat == NULL)
		return;
	memset(&l, 0, sizeof(l));
	l.cat = cat;
	ecat_buf_init(&l.tmp);
	ecat_buf_init(&l.tmp2);
	ecat_htab_init(&clean, ECAT_HKEY_PTR, 0);
	for (p = 0; p < cat->nproviders; p++)
		for (s = 0; s < cat->providers[p]->nschemas; s++) {
			ps = cat->providers[p]->schemas[s];
			if (!S_tsv(ps) || ps->nevents == 0) {
				S_schema(&l, ps);
				continue;
			}
			e = ecat_htab_pput(&clean, ps->events, 0, NULL);
			q = e->v.p;
			if (q != NULL && q->templates == ps->templates &&
			    q->ntemplates == ps->ntemplates &&
			    q->nevents == ps->nevents &&
			    q->format == ps->format && q->name == ps->name &&
			    q->dups == 0 && ps->dups == 0)
				continue;
			/* Findings a baseline took count too: a schema
			   is clean only if it emitted nothing at all. */
			n = ecat_diag_count_sev(cat->diag, ECAT_SEV_NOTE) +
			    ecat_diag_count_filtered(cat->diag);
			S_schema(&l, ps);
			if (ecat_diag_count_sev(cat->diag, ECAT_SEV_NOTE) +
			    ecat_diag_count_filtered(cat->diag) == n &&
			    q == NULL)
				e->v.p = ps;
		}
	ecat_htab_free(&clean);
	lint_merge(cat);
	ecat_buf_free(&l.tmp);
	ecat_buf_free(&l.tmp2);
}
