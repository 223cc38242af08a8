/*
 * lint.c: the schema lint pass (docs/etw-manifest-reference.md §4).
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
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "msgfmt.h"

/* Which source formats a check applies to. */
#define L_MAN	0x01	/* MANIFEST, WEPEXPLORER: full tables */
#define L_TSV	0x02	/* TSV_MANIFEST: names, field lists */
#define L_MOF	0x04	/* TSV_MOF: MOF classes as TSV rows */
#define L_ALL	(L_MAN | L_TSV | L_MOF)

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
	uint64_t		 h = ECAT_HASH_SEED ^ (tag * 0x9e3779b97f4a7c15ULL);
	size_t			 i;

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
static void
S_hinit(struct ecat_htab *t, size_t n, int ci)
{
	ecat_htab_init(t, ECAT_HKEY_STR, n);
	if (ci) {
		t->hash = S_cihash;
		t->eq = S_cieq;
	}
}

/* Find (s, tag); NULL if absent. */
static const struct ecat_hent *
S_hget(const struct ecat_htab *t, const char *s, size_t len, uint64_t tag)
{
	return ecat_htab_find(t, s, len, tag);
}

/*
 * Add (s, tag) → v unless present.  Returns the entry holding the first
 * definition, so a caller can tell a duplicate (entry->v.p != v).
 */
static const struct ecat_hent *
S_hput(struct ecat_htab *t, const char *s, size_t len, uint64_t tag,
    const void *v)
{
	struct ecat_hent	*e;
	int			 isnew;

	e = ecat_htab_put(t, s, len, tag, &isnew);
	if (isnew)
		e->v.p = (void *)(uintptr_t)v;
	return e;
}

/* A table and its case-insensitive twin. */
struct names {
	struct ecat_htab	 exact;
	struct ecat_htab	 ci;
};

static void
S_ninit(struct names *n, size_t count)
{
	S_hinit(&n->exact, count, 0);
	S_hinit(&n->ci, count, 1);
}

static void
S_nadd(struct names *n, const char *s, uint64_t tag, const void *v)
{
	if (s == NULL)
		return;
	S_hput(&n->exact, s, strlen(s), tag, v);
	S_hput(&n->ci, s, strlen(s), tag, v);
}

static void
S_nfree(struct names *n)
{
	ecat_htab_free(&n->exact);
	ecat_htab_free(&n->ci);
}

/* ------------------------------------------------------------ context */

struct lint {
	struct ecat_catalog	*cat;
	struct ecat_pschema	*ps;
	unsigned		 fmt;		/* L_MAN, L_TSV or L_MOF */
	int			 rebuilt;	/* ecat_pschema_rebuilt() */
	struct ecat_msgctx	 ctx;
	/* Definitions of the schema (L_MAN only). */
	struct names		 templates, tasks, opcodes, keywords;
	struct names		 channels, levels, maps;
	struct ecat_htab	 localops;	/* opcode name → owning task */
	struct ecat_htab	 events;	/* (id, version) → first event */
	/* Per template of ps->templates: the first event using it. */
	const struct ecat_event	**firstuse;
	/* Templates outside ps->templates already checked. */
	struct ecat_htab	 extra;
	struct ecat_buf		 tmp;
	struct ecat_buf		 tmp2;
	/*
	 * The template being checked, when it is large: name → first
	 * item (tag 0) and name → first member of the struct at top-level
	 * index i (tag i + 1), so that count= and length= are looked up
	 * in constant time, not by a scan per reference (a template of
	 * 1,000 items each naming the one before took quadratic time;
	 * tests/pathological.py).  NULL: scan.
	 */
	const struct ecat_htab	*fnames;
};

/* Returns where a field diagnostic points: its line, else the template's. */
static struct ecat_loc
S_fieldloc(const struct ecat_template *t, uint32_t top)
{
	struct ecat_loc	 loc = t->loc;

	if (t->field_lines != NULL && t->shape != NULL &&
	    top < t->shape->nfields && t->field_lines[top] != 0) {
		loc.line = t->field_lines[top];
		loc.col = 0;
	}
	return loc;
}

/* Point the diagnostic context at ev (NULL: no event). */
static void
S_evctx(struct lint *l, const struct ecat_event *ev)
{
	l->ctx.event_id = ev != NULL ? (int64_t)ev->id : -1;
	l->ctx.version = ev != NULL ? (int32_t)ev->version : -1;
	l->ctx.field = NULL;
}

/* Returns the template's tid for a diagnostic, never NULL. */
static const char *
S_tid(const struct ecat_template *t)
{
	return t != NULL && t->tid != NULL ? t->tid : "(unnamed)";
}

/* ----------------------------------------------------- reference lookup */

enum refres {
	REF_FOUND = 0,
	REF_MISSING,
	REF_CASE		/* only a case-insensitive match */
};

/*
 * Resolve (s[0..len), tag) in n; on REF_FOUND *def (if def is not NULL)
 * is the definition, on REF_CASE *hint the name as defined.  Returns
 * the resolution.
 */
static enum refres
S_resolve(const struct names *n, const char *s, size_t len, uint64_t tag,
    const void **def, const char **hint)
{
	const struct ecat_hent	*e;

	if ((e = S_hget(&n->exact, s, len, tag)) != NULL) {
		if (def != NULL)
			*def = e->v.p;
		return REF_FOUND;
	}
	if ((e = S_hget(&n->ci, s, len, tag)) != NULL) {
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
		ecat_msgx(l->cat->diag, m, &ev->loc, &l->ctx,
		    "%.*s (defined as %s; names are case-sensitive)",
		    (int)len, s, hint);
	else
		ecat_msgx(l->cat->diag, m, &ev->loc, &l->ctx, "%.*s",
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
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_EVENT_RANGE, &ev->loc,
		    &l->ctx, "event id %u exceeds 65535", (unsigned)ev->id);
	if (ev->version > 255)
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_EVENT_RANGE, &ev->loc,
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
	const struct ecat_event	*first;
	const char		*cls = NULL;
	uint64_t		 key;

	key = ((uint64_t)ev->id << 16) | ev->version;
	if (l->fmt == L_MOF && ev->mof_class != NULL)
		cls = ev->mof_class;
	e = S_hput(&l->events, cls, cls != NULL ? strlen(cls) : 0, key, ev);
	if (e->v.p == ev)
		return;
	first = e->v.p;
	if (cls != NULL)
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DUP_EVENT, &ev->loc,
		    &l->ctx, "class %s event type %u version %u, first "
		    "defined at line %u", cls, (unsigned)ev->id,
		    (unsigned)ev->version, (unsigned)first->loc.line);
	else
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DUP_EVENT, &ev->loc,
		    &l->ctx, "event %u version %u, first defined at line %u",
		    (unsigned)ev->id, (unsigned)ev->version,
		    (unsigned)first->loc.line);
}

static void
S_check_template_ref(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	enum refres	 r;
	const char	*hint = NULL;

	if (ev->template_ref == NULL)
		return;
	r = S_resolve(&l->templates, ev->template_ref,
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
	r = S_resolve(&l->levels, ev->level_name, strlen(ev->level_name), 0,
	    NULL, &hint);
	if (r == REF_FOUND || ecat_winmeta_level(ev->level_name) != NULL)
		return;
	/*
	 * PerfView's TDH rebuild (§5.4) writes level 0 as "win:Always";
	 * winmeta's name is win:LogAlways.  4,682 events of the 1803
	 * manifests carry it: say what it means.
	 */
	if (strcmp(ev->level_name, "win:Always") == 0) {
		/*
		 * In a rebuilt manifest this is the rebuild's spelling, not
		 * a defect of the provider: a note, so that validating a
		 * dump of a real build is not thousands of errors.
		 */
		ecat_msgx(l->cat->diag, l->rebuilt ?
		    ECAT_MSG_LINT_REBUILD_LEVEL : ECAT_MSG_LINT_DANGLING_LEVEL,
		    &ev->loc, &l->ctx, "win:Always (the TraceEvent rebuild's "
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

	if (ev->task_name == NULL || S_resolve(&l->tasks, ev->task_name,
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
	r = S_resolve(&l->tasks, ev->task_name, strlen(ev->task_name), 0,
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
	if (task != 0 && S_resolve(&l->opcodes, s, len, task, NULL, &hint) ==
	    REF_FOUND)
		return;
	r = S_resolve(&l->opcodes, s, len, 0, NULL, &hint);
	if (r == REF_FOUND || ecat_winmeta_opcode(s) != NULL)
		return;
	if ((e = S_hget(&l->localops, s, len, 0)) != NULL) {
		const struct ecat_named	*owner = e->v.p;

		if (ev->task_name == NULL)
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DANGLING_OPCODE,
			    &ev->loc, &l->ctx, "%s is local to task %s and "
			    "the event names no task", s,
			    owner->name != NULL ? owner->name : "?");
		else
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_DANGLING_OPCODE,
			    &ev->loc, &l->ctx, "%s is local to task %s, not "
			    "to the event's task %s", s,
			    owner->name != NULL ? owner->name : "?",
			    ev->task_name);
		return;
	}
	if (r == REF_MISSING && task != 0)
		r = S_resolve(&l->opcodes, s, len, task, NULL, &hint);
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
		r = S_resolve(&l->keywords, p, (size_t)(q - p), 0, NULL,
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
	r = S_resolve(&l->channels, ev->channel_name,
	    strlen(ev->channel_name), 0, NULL, &hint);
	/* winmeta legacy channels need no import (§1.5, mc output). */
	if (r == REF_FOUND || ecat_winmeta_channel(ev->channel_name) != NULL)
		return;
	S_dangling(l, ECAT_MSG_LINT_DANGLING_CHANNEL, ev,
	    ev->channel_name, strlen(ev->channel_name), r, hint);
}

/* Every message= must resolve in the primary culture (§1.9). */
static void
S_check_event_string(struct lint *l, const struct ecat_event *ev,
    const struct ecat_template *t)
{
	if (ev->message_ref != NULL && ev->message == NULL)
		ecat_msgx(l->cat->diag, ECAT_MSG_LINT_UNRESOLVED_STRING,
		    &ev->loc, &l->ctx, "event message %s", ev->message_ref);
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
			    &ev->loc, &l->ctx, "\"%.*s\" at offset %u; "
			    "write %%! for a literal !",
			    (int)(p->len > 24 ? 24 : p->len), mf->src + p->off,
			    (unsigned)p->off);
			break;
		case ECAT_MFP_TRAILING:
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_TRAILING_PERCENT,
			    &ev->loc, &l->ctx, "at offset %u; write %%%% for "
			    "a literal %%", (unsigned)p->off);
			break;
		case ECAT_MFP_FMT_SPEC:
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_FMT_SPEC,
			    &ev->loc, &l->ctx, "!%.*s! at offset %u",
			    (int)p->len, mf->src + p->off, (unsigned)p->off);
			break;
		case ECAT_MFP_OVER99:
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_INSERT_DIGITS,
			    &ev->loc, &l->ctx, "%.*s at offset %u reads as "
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
	if (known && mf->maxinsert > nitems) {
		if (t == NULL)
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_INSERT_RANGE,
			    &ev->loc, &l->ctx, "%%%u but the event has no "
			    "template", (unsigned)mf->maxinsert);
		else
			ecat_msgx(l->cat->diag, ECAT_MSG_LINT_INSERT_RANGE,
			    &ev->loc, &l->ctx, "%%%u but template %s has %u "
			    "top-level item%s", (unsigned)mf->maxinsert,
			    S_tid(t), (unsigned)nitems, nitems == 1 ? "" : "s");
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

/* ------------------------------------------------------ field checks */

/* A field in its template: top-level index, and its struct if a member. */
struct fpos {
	const struct ecat_template	*t;
	const struct ecat_field		*f;
	const struct ecat_field		*parent;	/* NULL: top level */
	uint32_t			 top;		/* top-level index */
	uint32_t			 member;	/* index in parent */
};

typedef void (*lint_field_fn)(struct lint *, const struct fpos *);

static void
S_fmsg(struct lint *l, enum ecat_msg m, const struct fpos *fp,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Emit m about a field, at its line, with the field in the context. */
static void
S_fmsg(struct lint *l, enum ecat_msg m, const struct fpos *fp,
    const char *fmt, ...)
{
	struct ecat_loc	 loc = S_fieldloc(fp->t, fp->top);
	va_list		 ap;

	l->ctx.field = fp->f->name;
	ecat_buf_reset(&l->tmp);
	va_start(ap, fmt);
	ecat_buf_vprintf(&l->tmp, fmt, ap);
	va_end(ap);
	/*
	 * "(Pairs.Key in PairArgs)": where, since one line may hold more.
	 * TSV templates have no tid: name the first event using them.
	 */
	ecat_buf_printf(&l->tmp, " (%s%s%s", fp->parent != NULL &&
	    fp->parent->name != NULL ? fp->parent->name : "",
	    fp->parent != NULL ? "." : "", fp->f->name != NULL &&
	    fp->f->name[0] != '\0' ? fp->f->name : "unnamed item");
	if (fp->t->tid == NULL && l->ctx.event_id >= 0)
		ecat_buf_printf(&l->tmp, " of event %lld version %d)",
		    (long long)l->ctx.event_id, (int)l->ctx.version);
	else
		ecat_buf_printf(&l->tmp, " in %s)", S_tid(fp->t));
	ecat_msgx(l->cat->diag, m, &loc, &l->ctx, "%s", l->tmp.buf);
	l->ctx.field = NULL;
}

/* Is s all decimal digits? */
static int
S_isnumber(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/*
 * ECAT_FIELD_TYPE_CASE covers both types of a field: tell which one was
 * written in another case ("hexInt32" for "HexInt32").  Aliases such as
 * CountedUtf16String differ in more than case and are not reported.
 */
static int
S_folded(const char *written, const char *canon)
{
	return written != NULL && canon != NULL &&
	    strcmp(written, canon) != 0 && strcasecmp(written, canon) == 0;
}

/*
 * inType must be a winmeta type (§2.1, §4).  TraceEvent's rebuilder
 * (§5.4) writes a struct as a bare number on a plain <data> ("win:29":
 * TDH's StructStartIndex read through the InType union, see tsv.c) or
 * as "win:Struct": placeholders of the rebuild, not authoring errors,
 * so they get their own id and a reader can filter them.
 */
static void
S_check_intype(struct lint *l, const struct fpos *fp)
{
	const struct ecat_field	*f = fp->f;
	const char		*n = f->intype_name != NULL ? f->intype_name : "";

	if (f->flags & ECAT_FIELD_STRUCT)
		return;
	if (f->intype == ECAT_IN_STRUCT)
		S_fmsg(l, ECAT_MSG_LINT_INTYPE_PLACEHOLDER, fp, "%s%s%s on a "
		    "data item, not a <struct>: its members are not given",
		    f->intype_ns != NULL ? f->intype_ns : "",
		    f->intype_ns != NULL ? ":" : "", n);
	else if (f->intype == ECAT_IN_UNKNOWN && S_isnumber(n))
		S_fmsg(l, ECAT_MSG_LINT_INTYPE_PLACEHOLDER, fp, "%s%s%s, a bare "
		    "number: a struct, numbered where its members start in "
		    "TDH's property list; the members are not given",
		    f->intype_ns != NULL ? f->intype_ns : "",
		    f->intype_ns != NULL ? ":" : "", n);
	else if (f->intype == ECAT_IN_UNKNOWN)
		S_fmsg(l, ECAT_MSG_LINT_UNKNOWN_INTYPE, fp, "%s%s%s",
		    f->intype_ns != NULL ? f->intype_ns : "",
		    f->intype_ns != NULL ? ":" : "",
		    n[0] != '\0' ? n : "(empty)");
	else if ((f->flags & ECAT_FIELD_TYPE_CASE) && S_folded(n,
	    ecat_intype_name(f->intype)))
		S_fmsg(l, ECAT_MSG_LINT_NAME_CASE, fp, "inType %s%s%s read as "
		    "%s", f->intype_ns != NULL ? f->intype_ns : "",
		    f->intype_ns != NULL ? ":" : "", n,
		    ecat_intype_qname(f->intype));
	if ((f->flags & ECAT_FIELD_TYPE_CASE) && f->outtype_name != NULL &&
	    S_folded(f->outtype_name, ecat_outtype_name(f->outtype)))
		S_fmsg(l, ECAT_MSG_LINT_NAME_CASE, fp, "outType %s%s%s read as "
		    "%s", f->outtype_ns != NULL ? f->outtype_ns : "",
		    f->outtype_ns != NULL ? ":" : "", f->outtype_name,
		    ecat_outtype_qname(f->outtype));
}

/* §2.2 and tdh.h: a decoder falls back to the inType's default. */
static void
S_check_outtype(struct lint *l, const struct fpos *fp)
{
	const struct ecat_field	*f = fp->f;

	if (f->outtype_name == NULL || (f->flags & ECAT_FIELD_STRUCT) ||
	    f->intype == ECAT_IN_UNKNOWN || f->intype == ECAT_IN_STRUCT)
		return;
	if (f->outtype == ECAT_OUT_NONE)
		S_fmsg(l, ECAT_MSG_LINT_BAD_OUTTYPE, fp, "unknown outType "
		    "%s%s%s; %s applies", f->outtype_ns != NULL ?
		    f->outtype_ns : "", f->outtype_ns != NULL ? ":" : "",
		    f->outtype_name, ecat_outtype_qname(
		    ecat_outtype_default(f->intype)) != NULL ?
		    ecat_outtype_qname(ecat_outtype_default(f->intype)) :
		    "the default");
	else if (!ecat_outtype_valid(f->intype, f->outtype))
		S_fmsg(l, ECAT_MSG_LINT_BAD_OUTTYPE, fp, "%s with %s; %s "
		    "applies", ecat_intype_qname(f->intype),
		    ecat_outtype_qname(f->outtype),
		    ecat_outtype_qname(ecat_outtype_default(f->intype)) !=
		    NULL ? ecat_outtype_qname(ecat_outtype_default(f->intype)) :
		    "the default");
}

/*
 * win:Binary needs a length (§1.7; §2.1: "length bytes"), with or
 * without count: an array of blobs has no exemption, nor has a struct
 * member.  The one exemption is outType win:IPv6, which implies 16
 * bytes (§2.1).  Counted binaries (CountedBinary) carry their size.
 *
 * A TDH rebuild cannot show a fixed length: PerfView's
 * RegisteredTraceEventParser writes length= and count= only for
 * PropertyParamLength and PropertyParamCount (a reference to another
 * item), never a literal, and writes no outType.  None of the 870
 * rebuilt manifests of Windows 10 1803 has a literal length, and 186
 * of their 1,043 Binary items have none (Kernel-Network's IPv6
 * addresses, 16 bytes in TDH, among them).  There the missing length
 * says nothing about the real schema: a note under its own id.
 */
static void
S_check_binary(struct lint *l, const struct fpos *fp)
{
	const struct ecat_field	*f = fp->f;

	if (f->intype != ECAT_IN_BINARY || (f->flags & ECAT_FIELD_LENGTH) ||
	    f->length_ref != NULL || f->length != 0 ||
	    f->outtype == ECAT_OUT_IPV6)
		return;
	if (l->rebuilt) {
		S_fmsg(l, ECAT_MSG_LINT_BINARY_LENGTH_LOST, fp, "%s",
		    (f->flags & ECAT_FIELD_COUNT) || f->count_ref != NULL ?
		    "each blob's length is unknown" :
		    "its length is unknown");
		return;
	}
	S_fmsg(l, ECAT_MSG_LINT_BINARY_NO_LENGTH, fp, "%s",
	    (f->flags & ECAT_FIELD_COUNT) || f->count_ref != NULL ?
	    "an array of blobs still needs each blob's length" :
	    "a decoder cannot tell where it ends");
}

/*
 * count= and length= may name another item (§1.7).  Decoders read the
 * payload in order, so the item must come earlier, and its value is
 * the size, so it must be a scalar unsigned integer of at most 32
 * bits: UInt8, UInt16, UInt32 or HexInt32 (§1.7, eventman.xsd's
 * DataDefinitionType page).  All three are errors: an item that is
 * missing or later cannot be read, and one of another type (a string,
 * an array, a signed or 64-bit number) gives no size a decoder can
 * trust.  Members of a struct may name an earlier member of the same
 * struct or an item before the struct.
 */
/*
 * ref with every character other than [A-Za-z0-9_] removed, in b, when
 * that differs from ref and names an item before fp; else NULL.
 */
static const char *
S_stripped_item(const struct lint *l, const struct fpos *fp, const char *ref,
    struct ecat_buf *b)
{
	const struct ecat_shape	*sh = fp->t->shape;
	const char		*p;
	uint32_t		 i;

	ecat_buf_reset(b);
	ecat_buf_put(b, "", 0);
	for (p = ref; *p != '\0'; p++)
		if (isalnum((unsigned char)*p) || *p == '_')
			ecat_buf_putc(b, *p);
	if (strcmp(b->buf, ref) == 0 || b->len == 0)
		return NULL;
	if (l->fnames != NULL) {
		const struct ecat_hent *e = S_hget(l->fnames, b->buf, b->len, 0);

		return e != NULL && (const struct ecat_field *)e->v.p -
		    sh->fields < fp->top ? b->buf : NULL;
	}
	for (i = 0; i < fp->top && i < sh->nfields; i++)
		if (sh->fields[i].name != NULL &&
		    strcmp(sh->fields[i].name, b->buf) == 0)
			return b->buf;
	return NULL;
}

static void
S_check_ref(struct lint *l, const struct fpos *fp, const char *ref,
    enum ecat_msg m, const char *what)
{
	const struct ecat_shape	*sh = fp->t->shape;
	const struct ecat_field	*g = NULL;
	uint32_t		 i;
	int			 later = 0, self = 0;

	/* Earlier siblings first, then (for members) earlier top-level. */
	if (l->fnames != NULL) {
		/* The same lookups, through the template's table. */
		const struct ecat_hent	*e;
		size_t			 len = strlen(ref);

		if (fp->parent != NULL && (e = S_hget(l->fnames, ref, len,
		    (uint64_t)fp->top + 1)) != NULL) {
			if ((const struct ecat_field *)e->v.p -
			    fp->parent->members < fp->member)
				g = e->v.p;
			else
				later = 1;
		}
		if (g == NULL && (e = S_hget(l->fnames, ref, len, 0)) !=
		    NULL) {
			i = (uint32_t)((const struct ecat_field *)e->v.p -
			    sh->fields);
			if (i < fp->top)
				g = e->v.p;
			else if (i == fp->top && fp->parent == NULL)
				self = 1;
			else
				later = 1;
		}
	} else if (fp->parent != NULL) {
		for (i = 0; i < fp->parent->nmembers; i++) {
			const struct ecat_field *c = &fp->parent->members[i];

			if (c->name == NULL || strcmp(c->name, ref) != 0)
				continue;
			if (i < fp->member) {
				g = c;
				break;
			}
			later = 1;
		}
	}
	/* A member's struct is at fp->top: items before it qualify. */
	for (i = 0; l->fnames == NULL && g == NULL && i < sh->nfields; i++) {
		if (sh->fields[i].name == NULL ||
		    strcmp(sh->fields[i].name, ref) != 0)
			continue;
		if (i < fp->top)
			g = &sh->fields[i];
		else if (i == fp->top && fp->parent == NULL)
			self = 1;
		else
			later = 1;
		break;
	}
	if (g == NULL && !self && !later && S_stripped_item(l, fp, ref,
	    &l->tmp2) != NULL) {
		/*
		 * PerfView's rebuild strips all but [A-Za-z0-9_] from item
		 * names and writes count=/length= from the unstripped
		 * names (RegisteredTraceEventParser.cs): "Byte Length".
		 */
		S_fmsg(l, m, fp, "%s=%s names no item of the template; the "
		    "TDH rebuild wrote item %s without the other characters",
		    what, ref, l->tmp2.buf);
		return;
	}
	if (g == NULL) {
		S_fmsg(l, m, fp, "%s=%s names %s", what, ref, self ?
		    "the item itself" : later ? "an item that comes later" :
		    "no item of the template");
		return;
	}
	if (g->flags & (ECAT_FIELD_STRUCT | ECAT_FIELD_COUNT)) {
		S_fmsg(l, m, fp, "%s=%s names %s, not a scalar", what, ref,
		    g->flags & ECAT_FIELD_STRUCT ? "a struct" : "an array");
		return;
	}
	switch (g->intype) {
	case ECAT_IN_UINT8:
	case ECAT_IN_UINT16:
	case ECAT_IN_UINT32:
	case ECAT_IN_HEXINT32:
		return;
	default:
		S_fmsg(l, m, fp, "%s=%s names an item of type %s, not UInt8, "
		    "UInt16, UInt32 or HexInt32", what, ref,
		    g->intype_name != NULL ? g->intype_name : "unknown");
		return;
	}
}

static void
S_check_count(struct lint *l, const struct fpos *fp)
{
	if (fp->f->count_ref != NULL)
		S_check_ref(l, fp, fp->f->count_ref, ECAT_MSG_LINT_COUNT_REF,
		    "count");
}

static void
S_check_length(struct lint *l, const struct fpos *fp)
{
	if (fp->f->length_ref != NULL)
		S_check_ref(l, fp, fp->f->length_ref, ECAT_MSG_LINT_LENGTH_REF,
		    "length");
}

static void
S_check_map_ref(struct lint *l, const struct fpos *fp)
{
	enum refres	 r;
	const char	*hint = NULL, *m = fp->f->map;

	if (m == NULL)
		return;
	r = S_resolve(&l->maps, m, strlen(m), 0, NULL, &hint);
	if (r == REF_CASE)
		S_fmsg(l, ECAT_MSG_LINT_DANGLING_MAP, fp, "%s (defined as %s; "
		    "names are case-sensitive)", m, hint);
	else if (r == REF_MISSING)
		S_fmsg(l, ECAT_MSG_LINT_DANGLING_MAP, fp, "%s", m);
}

static const struct {
	lint_field_fn	 fn;
	unsigned	 fmts;
} field_checks[] = {
	/* MOF type names (String, SInt64, Object) are not winmeta's. */
	{ S_check_intype,	L_MAN | L_TSV },
	{ S_check_outtype,	L_MAN },
	{ S_check_binary,	L_MAN },
	{ S_check_count,	L_MAN },
	{ S_check_length,	L_MAN },
	{ S_check_map_ref,	L_MAN },
};

/* --------------------------------------------------- template checks */

typedef void (*lint_tmpl_fn)(struct lint *, const struct ecat_template *);

/* Names are unique within a template (§1.7, emc). */
static void
S_check_dupfield(struct lint *l, const struct ecat_template *t)
{
	const struct ecat_shape	*sh = t->shape;
	struct ecat_htab	 h;
	struct fpos		 fp;
	const struct ecat_hent	*e;
	uint32_t		 i, j;

	if (sh->nfields < 2)
		return;
	memset(&fp, 0, sizeof(fp));
	fp.t = t;
	if (sh->nfields <= 12) {
		/* Small lists: pairs are cheaper than a table. */
		for (i = 1; i < sh->nfields; i++) {
			if (sh->fields[i].name == NULL ||
			    sh->fields[i].name[0] == '\0')
				continue;
			for (j = 0; j < i; j++)
				if (sh->fields[j].name != NULL &&
				    strcmp(sh->fields[j].name,
				    sh->fields[i].name) == 0)
					break;
			if (j == i)
				continue;
			fp.f = &sh->fields[i];
			fp.top = i;
			S_fmsg(l, ECAT_MSG_LINT_DUP_NAME, &fp, "also item %u",
			    (unsigned)j + 1);
		}
		return;
	}
	S_hinit(&h, sh->nfields, 0);
	for (i = 0; i < sh->nfields; i++) {
		const char *n = sh->fields[i].name;

		if (n == NULL || n[0] == '\0')
			continue;
		e = S_hput(&h, n, strlen(n), 0, &sh->fields[i]);
		if (e->v.p == &sh->fields[i])
			continue;
		fp.f = &sh->fields[i];
		fp.top = i;
		S_fmsg(l, ECAT_MSG_LINT_DUP_NAME, &fp, "also item %u",
		    (unsigned)((const struct ecat_field *)e->v.p - sh->fields) +
		    1);
	}
	ecat_htab_free(&h);
}

/*
 * Run the field table over every item and struct member.  A template
 * of more than S_SMALL items gets a name table for the reference
 * checks (struct lint, fnames).
 */
#define S_SMALL	16

static void
S_check_fields(struct lint *l, const struct ecat_template *t)
{
	const struct ecat_shape	*sh = t->shape;
	struct fpos		 fp;
	struct ecat_htab	 h;
	size_t			 n = sh->nfields;
	uint32_t		 i, k, c;

	for (i = 0; i < sh->nfields; i++)
		n += sh->fields[i].nmembers;
	if (n > S_SMALL) {
		S_hinit(&h, n, 0);
		for (i = 0; i < sh->nfields; i++) {
			const struct ecat_field *f = &sh->fields[i];

			if (f->name != NULL)
				S_hput(&h, f->name, strlen(f->name), 0, f);
			for (k = 0; k < f->nmembers; k++)
				if (f->members[k].name != NULL)
					S_hput(&h, f->members[k].name,
					    strlen(f->members[k].name),
					    (uint64_t)i + 1, &f->members[k]);
		}
		l->fnames = &h;
	}
	memset(&fp, 0, sizeof(fp));
	fp.t = t;
	for (i = 0; i < sh->nfields; i++) {
		fp.f = &sh->fields[i];
		fp.parent = NULL;
		fp.top = i;
		for (c = 0; c < sizeof(field_checks) / sizeof(field_checks[0]);
		    c++)
			if (field_checks[c].fmts & l->fmt)
				field_checks[c].fn(l, &fp);
		if (!(sh->fields[i].flags & ECAT_FIELD_STRUCT))
			continue;
		fp.parent = &sh->fields[i];
		for (k = 0; k < sh->fields[i].nmembers; k++) {
			fp.f = &sh->fields[i].members[k];
			fp.member = k;
			for (c = 0; c < sizeof(field_checks) /
			    sizeof(field_checks[0]); c++)
				if (field_checks[c].fmts & l->fmt)
					field_checks[c].fn(l, &fp);
		}
	}
	if (l->fnames != NULL) {
		ecat_htab_free(&h);
		l->fnames = NULL;
	}
}

static const struct {
	lint_tmpl_fn	 fn;
	unsigned	 fmts;
} template_checks[] = {
	{ S_check_dupfield,	L_ALL },
	{ S_check_fields,	L_ALL },
};

static void
S_template(struct lint *l, const struct ecat_template *t,
    const struct ecat_event *user)
{
	size_t	 c;

	if (t->shape == NULL)
		return;
	S_evctx(l, user);
	for (c = 0; c < sizeof(template_checks) / sizeof(template_checks[0]);
	    c++)
		if (template_checks[c].fmts & l->fmt)
			template_checks[c].fn(l, t);
}

/* ----------------------------------------------------- schema checks */

typedef void (*lint_schema_fn)(struct lint *);

static void
S_unresolved(struct lint *l, const char *what, const char *name,
    const char *ref, const char *msg, const struct ecat_loc *loc)
{
	if (ref != NULL && msg == NULL)
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

	S_evctx(l, NULL);
	S_unresolved(l, "provider", ps->name, ps->message_ref, ps->message,
	    &ps->loc);
	S_unresolved_named(l, "channel", ps->channels, ps->nchannels);
	S_unresolved_named(l, "level", ps->levels, ps->nlevels);
	S_unresolved_named(l, "task", ps->tasks, ps->ntasks);
	for (i = 0; i < ps->ntasks; i++)
		S_unresolved_named(l, "opcode", ps->tasks[i].opcodes,
		    ps->tasks[i].nopcodes);
	S_unresolved_named(l, "opcode", ps->opcodes, ps->nopcodes);
	S_unresolved_named(l, "keyword", ps->keywords, ps->nkeywords);
	for (i = 0; i < ps->nmaps; i++)
		for (k = 0; k < ps->maps[i].nentries; k++) {
			const struct ecat_mapentry *e = &ps->maps[i].entries[k];

			if (e->message_ref != NULL && e->message == NULL)
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
	S_hinit(&l->events, ps->nevents, 0);
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
	S_hinit(&l->localops, nlocal, 0);
	for (i = 0; i < ps->nopcodes; i++)
		S_nadd(&l->opcodes, ps->opcodes[i].name, 0, &ps->opcodes[i]);
	for (i = 0; i < ps->ntasks; i++)
		for (k = 0; k < ps->tasks[i].nopcodes; k++) {
			const char *n = ps->tasks[i].opcodes[k].name;

			S_nadd(&l->opcodes, n, i + 1, &ps->tasks[i].opcodes[k]);
			if (n != NULL)
				S_hput(&l->localops, n, strlen(n), 0,
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
 * The template an event uses: its own pointer when the loader resolved
 * it, else the tid looked up here.
 */
static const struct ecat_template *
S_event_template(struct lint *l, const struct ecat_event *ev)
{
	const void	*def = NULL;
	const char	*hint;

	if (ev->tmpl != NULL)
		return ev->tmpl;
	if (ev->template_ref != NULL && (l->fmt & L_MAN) &&
	    S_resolve(&l->templates, ev->template_ref,
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
	l->ctx.build = ps->build != NULL ? ps->build->id : NULL;
	l->ctx.provider = ps->provider != NULL ? ps->provider->name : ps->name;
	S_evctx(l, NULL);
	S_tables(l);
	l->firstuse = ecat_calloc(ps->ntemplates + 1, sizeof(*l->firstuse));
	memset(&l->extra, 0, sizeof(l->extra));

	for (c = 0; c < sizeof(schema_checks) / sizeof(schema_checks[0]); c++)
		if (schema_checks[c].fmts & l->fmt)
			schema_checks[c].fn(l);

	for (i = 0; i < ps->nevents; i++) {
		ev = &ps->events[i];
		t = S_event_template(l, ev);
		S_evctx(l, ev);
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
			if (S_hget(&l->extra, NULL, 0, (uintptr_t)t) == NULL) {
				S_hput(&l->extra, NULL, 0, (uintptr_t)t, t);
				S_template(l, t, ev);
			}
		}
	}
	for (i = 0; i < ps->ntemplates; i++)
		S_template(l, &ps->templates[i], l->firstuse[i]);

	free(l->firstuse);
	l->firstuse = NULL;
	ecat_htab_free(&l->extra);
	S_tables_free(l);
}

void
ecat_lint(struct ecat_catalog *cat)
{
	struct lint	 l;
	uint32_t	 p, s;

	if (cat == NULL)
		return;
	memset(&l, 0, sizeof(l));
	l.cat = cat;
	ecat_buf_init(&l.tmp);
	ecat_buf_init(&l.tmp2);
	for (p = 0; p < cat->nproviders; p++)
		for (s = 0; s < cat->providers[p]->nschemas; s++)
			S_schema(&l, cat->providers[p]->schemas[s]);
	ecat_buf_free(&l.tmp);
	ecat_buf_free(&l.tmp2);
}
