/*
 * view.c: what a template may ask of a page.  The vocabulary (every
 * name a template may use), and per kind of view a class that answers
 * the names for its object, mostly through a table of its members.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "etwcat.h"
#include "drift.h"
#include "rules.h"
#include "site_int.h"
#include "template.h"
#include "walk.h"

/* ---------------------------------------------------------- vocabulary */

/*
 * Every name a template may use.  X(id, "name", flags).  The classes
 * below answer the ids that make sense for their object; anything else
 * is looked up in the enclosing objects.
 */
#define VOCAB \
	X(ROOT, "root", 0) X(PAGE_TITLE, "page_title", 0) \
	X(CANONICAL, "canonical", 0) X(SITE_NAME_V, "site_name", 0) \
	X(GENERATOR, "generator", 0) X(NPROVIDERS, "nproviders", 0) \
	X(NBUILDS, "nbuilds", 0) X(NEVENT_PAGES, "nevent_pages", 0) \
	X(NKEYS, "nkeys", 0) X(BUILDS, "builds", 0) \
	X(PROVIDERS, "providers", 0) X(PROVIDER, "provider", 0) \
	X(EVENT, "event", 0) X(BUILD, "build", 0) X(NAME, "name", 0) \
	X(HREF, "href", 0) X(DIRNAME, "dir", 0) X(GUID, "guid", 0) \
	X(BINARY, "binary", 0) X(NEVENTS, "nevents", 0) \
	X(SUMMARY, "summary", 0) \
	X(BUILDS_PRESENT, "builds_present", 0) \
	X(NBUILDS_PRESENT, "nbuilds_present", 0) \
	X(FIRST_BUILD, "first_build", 0) X(LAST_BUILD, "last_build", 0) \
	X(MOF, "mof", 0) X(EVENTS, "events", 0) X(CHANNELS, "channels", 0) \
	X(KEYWORDS, "keywords", 0) X(TASKS, "tasks", 0) \
	X(NOTE, "note", TPL_VOCAB_HTML) X(JSON_HREF, "json_href", 0) \
	X(TSV_HREF, "tsv_href", 0) X(TSV_BUILD, "tsv_build", 0) \
	X(ID, "id", 0) X(DISPLAY_NAME, "display_name", 0) \
	X(TITLE, "title", 0) X(CHANNEL, "channel", 0) X(LEVEL, "level", 0) \
	X(VERSIONS, "versions", 0) X(SAMPLE, "sample", 0) \
	X(NVERSIONS, "nversions", 0) X(VALUE, "value", 0) \
	X(TYPE, "type", 0) X(MESSAGE, "message", 0) X(MULTI, "multi", 0) \
	X(HIST_COLS, "hist_cols", 0) X(HIST_ROWS, "hist_rows", 0) \
	X(DRIFT, "drift", 0) X(NDRIFT, "ndrift", 0) X(VERSION, "version", 0) \
	X(ANCHOR, "anchor", 0) X(DESCRIPTION, "description", 0) \
	X(ALSO_VIA, "also_via", 0) X(TASK, "task", 0) X(OPCODE, "opcode", 0) \
	X(EVENT_NAME, "event_name", 0) X(FIELDS, "fields", 0) \
	X(NFIELDS, "nfields", 0) X(VERBATIM, "verbatim", 0) \
	X(ALT_SHAPES, "alt_shapes", 0) X(EXAMPLE, "example", 0) \
	X(PROVENANCE, "provenance", 0) X(SCHEMA_BUILD, "schema_build", 0) \
	X(SCHEMA_SOURCE, "schema_source", 0) \
	X(SCHEMA_FILE, "schema_file", 0) X(SCHEMA_LINE, "schema_line", 0) \
	X(NEWEST, "newest", 0) X(INDEX, "index", 0) X(INTYPE, "intype", 0) \
	X(OUTTYPE, "outtype", 0) X(MAP, "map", 0) X(KNOWN, "known", 0) \
	X(NKNOWN, "nknown", 0) X(MANY_KNOWN, "many_known", 0) \
	X(BITMAP, "bitmap", 0) X(REFS, "refs", 0) X(SIZES, "sizes", 0) \
	X(SIZED_BY, "sized_by", 0) X(MEMBERS, "members", 0) \
	X(TEXT, "text", 0) X(LABEL, "label", 0) X(URL, "url", 0) \
	X(BY_NAME, "by_name", 0) X(JSON, "json", 0) X(FILE_V, "file", 0) \
	X(LINE, "line", 0) X(CLEAN, "clean", 0) X(FINDINGS, "findings", 0) \
	X(NFINDINGS, "nfindings", 0) X(SEVERITY, "severity", 0) \
	X(FIELD, "field", 0) X(BUILD_HREF, "build_href", 0) X(HOW, "how", 0) \
	X(BEST_MATCH, "best_match", 0) \
	X(FILE_VERSION, "file_version", 0) \
	X(CAPTURE_DATE, "capture_date", 0) X(COPIED_FROM, "copied_from", 0) \
	X(NRUNS, "nruns", 0) \
	X(NSAMPLES, "nsamples", 0) X(CELLS, "cells", 0) X(MARK, "mark", 0) \
	X(FROM, "from", 0) X(TO, "to", 0) X(FROM_HREF, "from_href", 0) \
	X(TO_HREF, "to_href", 0) X(CLASS, "class", 0) X(HELP, "help", 0) \
	X(BEFORE, "before", 0) X(AFTER, "after", 0) \
	X(EVENT_HREF, "event_href", 0) X(PROVIDER_HREF, "provider_href", 0) \
	X(ACCEPTED, "accepted", 0) X(OS_FAMILY, "os_family", 0) \
	X(BUILD_NUMBER, "build_number", 0) X(REVISION, "revision", 0) \
	X(VERSION_STRING, "version_string", 0) X(PREV, "prev", 0) \
	X(NEXT, "next", 0) X(SOURCES, "sources", 0) \
	X(NCHANGES, "nchanges", 0) X(CHANGES, "changes", 0) \
	X(NBREAKING, "nbreaking", 0) X(FACTS, "facts", 0) \
	X(OBTAINED, "obtained", 0) X(HAS_TABLES, "has_tables", 0) \
	X(NOTES_FILE, "notes_file", 0) X(IS_HOME, "is_home", 0) \
	X(SEARCH_JS, "search_js", 0) X(NBUILDS_SCHEMA, "nbuilds_schema", 0) \
	X(HAS_SCHEMA, "has_schema", 0) X(PRESENT, "present", 0) \
	X(ADDED, "added", 0) X(REMOVED, "removed", 0) \
	X(NADDED, "nadded", 0) X(NREMOVED, "nremoved", 0) \
	X(CHANGES_MORE, "changes_more", 0) \
	X(HAS_CHANNELS, "has_channels", 0) \
	X(HAS_KEYWORDS, "has_keywords", 0) X(HAS_TASKS, "has_tasks", 0) \
	X(HAS_FIELDS, "has_fields", 0) X(HAS_FACTS, "has_facts", 0) \
	X(MESSAGE_BUILD, "message_build", 0) X(MEMBER, "member", 0) \
	X(RULES, "rules", 0) X(NRULES, "nrules", 0) X(USES, "uses", 0) \
	X(MODIFIERS, "modifiers", 0) X(AUTHOR, "author", 0) \
	X(STATUS, "status", 0) X(RULE_PATH, "rule_path", 0) \
	X(RUNS, "runs", 0) X(FIRST, "first", 0) X(LAST, "last", 0) \
	X(COUNT, "count", 0) X(PAIR, "pair", 0) X(SPAN, "span", 0) \
	X(EXCEPT, "except", 0) X(MORE, "more", 0) X(SCHEMA, "schema", 0) \
	X(BUILDS_RUNS, "builds_runs", 0) X(HAS_RULES, "has_rules", 0) \
	X(RULES_COLUMN, "rules_column", 0) \
	X(MESSAGE_PARTS, "message_parts", 0) X(KIND, "kind", 0) \
	X(CHANNEL_FROM, "channel_from", 0) X(LEVEL_FROM, "level_from", 0) \
	X(TASK_FROM, "task_from", 0) X(OPCODE_FROM, "opcode_from", 0) \
	X(KEYWORDS_FROM, "keywords_from", 0) \
	X(MESSAGE_FROM, "message_from", 0) X(MAPS_FROM, "maps_from", 0) \
	X(NOTED, "noted", 0) X(FNOTE, "fnote", 0) \
	X(FNOTE_SOURCE, "fnote_source", 0) X(FNOTE_LINK, "fnote_link", 0) \
	X(KNOWN_FROM, "known_from", 0) X(FROM_NOTE, "from_note", 0) \
	X(GROUPS, "groups", 0) X(NGROUPS, "ngroups", 0) \
	X(GROUPED_BY, "grouped_by", 0) X(SPLIT, "split", 0) \
	X(GROUP_PAGE, "group_page", 0) X(IDS, "ids", 0) X(ALL, "all", 0) \
	X(CHANNEL_COLUMN, "channel_column", 0) \
	X(SAMPLE_COLUMN, "sample_column", 0) \
	X(ALL_BUILDS, "all_builds", 0) X(NCOLS, "ncols", 0) \
	X(MANY, "many", 0) X(MANY_MORE, "many_more", 0) \
	X(CAPPED, "capped", 0) X(CAP, "cap", 0) X(NSHOWN, "nshown", 0) \
	X(HEADER_ONLY, "header_only", 0) \
	X(EMPTY_PROVIDERS, "empty_providers", 0) X(NEMPTY, "nempty", 0) \
	X(WORST, "worst", 0) X(COUNTS, "counts", 0) \
	X(TIMELINE, "timeline", 0) X(GONE_IN, "gone_in", 0)

enum vid {
#define X(id, name, fl)	V_##id,
	VOCAB
#undef X
	V__MAX
};

const struct tpl_vocab site_vocab[] = {
#define X(id, name, fl)	{ name, V_##id, fl },
	VOCAB
#undef X
};

const size_t site_nvocab = sizeof(site_vocab) / sizeof(*site_vocab);

#define VSTR(v, str)	do { (v)->kind = TPL_STR; (v)->s = (str); \
	(v)->len = TPL_STRLEN; } while (0)
#define VINT(v, n)	do { (v)->kind = TPL_INT; (v)->i = (int64_t)(n); \
	} while (0)
/* A count, false when 0 so that {{#nfields}} can guard a table. */
#define VCOUNT(v, n)	do { if ((n) > 0) VINT(v, n); else VBOOL(v, 0); \
	} while (0)
#define VBOOL(v, b)	do { (v)->kind = (b) ? TPL_TRUE : TPL_FALSE; \
	} while (0)
/* A list of cnt items at l, each sz bytes; sz 0: l holds pointers. */
#define VLIST(v, c, l, cnt, sz) do { (v)->kind = TPL_LIST; (v)->cls = (c); \
	(v)->obj = (l); (v)->n = (cnt); (v)->size = (sz); } while (0)
#define VOBJ(v, c, o)	do { (v)->kind = (o) != NULL ? TPL_OBJ : TPL_FALSE; \
	(v)->cls = (c); (v)->obj = (o); } while (0)

/*
 * Most values are a member of the view as it is.  A table per class
 * says which member answers which name and how (struct vfield), and
 * S_vget() reads it, so a getter holds only what it computes: values
 * formatted into scratch, reached through another pointer that may be
 * NULL, or depending on ud.  A table is indexed by the name's id (a
 * designated initializer; the names not given are VK_NONE), so a name
 * an object does not have costs a load and a test, close to what the
 * switch it replaced cost.  Most names are asked of several objects
 * before one answers: scanning a short table of entries instead made
 * tpl_render() a quarter slower (callgrind).  The price is 2.3 KB a
 * table, mostly zeros.
 */
enum vkind {
	VK_NONE = 0,	/* not in this table */
	VK_STR,		/* const char *, written escaped (VSTR) */
	VK_HTML,	/* const char *, etwcat's HTML; NULL is false */
	VK_INT,		/* an integer as it is (VINT) */
	VK_COUNT,	/* an unsigned integer, false when 0 (VCOUNT) */
	VK_BOOL,	/* an integer, true when not 0 */
	VK_LIST,	/* items: a pointer and a count member (VLIST) */
	VK_OBJ		/* a pointer to an object, NULL is false (VOBJ) */
};

/*
 * The type of the member read: a pointer, or an integer type; for
 * VK_LIST the count's (its pointer is read as a pointer).
 */
enum vtype {
	VT_PTR,		/* VK_STR, VK_HTML, VK_OBJ */
	VT_U16,
	VT_U32,
	VT_SIZE,
	VT_INT
};

struct vfield {
	uint8_t			 kind;	/* enum vkind */
	uint8_t			 type;	/* enum vtype */
	uint16_t		 off;	/* offsetof the member */
	uint16_t		 noff;	/* VK_LIST: offsetof the count */
	uint16_t		 size;	/* VK_LIST: an item's size; 0: the
					   list holds pointers to them */
	const struct tpl_class	*cls;	/* VK_LIST, VK_OBJ */
};

/*
 * The type of a member, checked when compiling: a member of any other
 * type than these is an error rather than a value read wrongly.  A
 * count (and a list's length) must be unsigned, as VCOUNT's "> 0" is
 * then "not 0".
 */
#define VT_STRM(T, m)	_Generic(((const struct T *)0)->m, \
	const char *: VT_PTR)
#define VT_UNS(T, m)	_Generic(((const struct T *)0)->m, \
	uint16_t: VT_U16, uint32_t: VT_U32, size_t: VT_SIZE)
#define VT_NUM(T, m)	_Generic(((const struct T *)0)->m, \
	uint16_t: VT_U16, uint32_t: VT_U32, size_t: VT_SIZE, int: VT_INT)

/*
 * Entries, as [V_<name>] = VF_...(T, m): the class's struct T answers
 * the name with its member m.  A name given twice in a table draws
 * -Woverride-init's warning (-Wextra).  A list is walked by the
 * template engine itself (tpl_val.size): VF_LIST for an array of the
 * items, VF_PLIST for an array of pointers to them; no class has an
 * item function.
 */
#define VF_STR(T, m) \
	{ VK_STR, VT_STRM(T, m), offsetof(struct T, m), 0, 0, NULL }
#define VF_HTML(T, m) \
	{ VK_HTML, VT_STRM(T, m), offsetof(struct T, m), 0, 0, NULL }
#define VF_INT(T, m) \
	{ VK_INT, VT_NUM(T, m), offsetof(struct T, m), 0, 0, NULL }
#define VF_COUNT(T, m) \
	{ VK_COUNT, VT_UNS(T, m), offsetof(struct T, m), 0, 0, NULL }
#define VF_BOOL(T, m) \
	{ VK_BOOL, VT_NUM(T, m), offsetof(struct T, m), 0, 0, NULL }
#define VF_LIST(T, m, n, c) \
	{ VK_LIST, VT_UNS(T, n), offsetof(struct T, m), \
	  offsetof(struct T, n), sizeof(*((const struct T *)0)->m), (c) }
#define VF_PLIST(T, m, n, c) \
	{ VK_LIST, VT_UNS(T, n), offsetof(struct T, m), \
	  offsetof(struct T, n), 0, (c) }
#define VF_OBJ(T, m, c) \
	{ VK_OBJ, VT_PTR, offsetof(struct T, m), 0, 0, (c) }

/* The integer member at p, of type t (enum vtype). */
static int64_t
S_vnum(const char *p, int t)
{
	uint16_t	 u16;
	uint32_t	 u32;
	size_t		 z;
	int		 i;

	switch (t) {
	case VT_U16:
		memcpy(&u16, p, sizeof(u16));
		return u16;
	case VT_U32:
		memcpy(&u32, p, sizeof(u32));
		return u32;
	case VT_SIZE:
		memcpy(&z, p, sizeof(z));
		return (int64_t)z;
	default:
		memcpy(&i, p, sizeof(i));
		return i;
	}
}

/*
 * Fill v from the entry f of a table for obj (but VK_STR, which
 * S_vget() writes itself).  Pointers are copied out with memcpy, as
 * the members' types are many (char, view and list pointers) and the
 * table knows none of them.
 */
static void
S_vfill(const struct vfield *f, const void *obj, struct tpl_val *v)
{
	const char		*p;
	const void		*ptr;
	int64_t			 i;

	p = (const char *)obj + f->off;
	switch (f->kind) {
	case VK_HTML:
		memcpy(&ptr, p, sizeof(ptr));
		if (ptr != NULL) {
			v->kind = TPL_HTML;
			v->s = ptr;
			v->len = TPL_STRLEN;
		} else
			VBOOL(v, 0);
		break;
	case VK_INT:
		VINT(v, S_vnum(p, f->type));
		break;
	case VK_COUNT:
		i = S_vnum(p, f->type);
		if (i != 0)
			VINT(v, i);
		else
			VBOOL(v, 0);
		break;
	case VK_BOOL:
		VBOOL(v, S_vnum(p, f->type) != 0);
		break;
	case VK_LIST:
		memcpy(&ptr, p, sizeof(ptr));
		VLIST(v, f->cls, ptr, (size_t)S_vnum((const char *)obj +
		    f->noff, f->type), f->size);
		break;
	case VK_OBJ:
		memcpy(&ptr, p, sizeof(ptr));
		VOBJ(v, f->cls, ptr);
		break;
	default:
		abort();
	}
}

/*
 * Fill v as the table t says for id in obj: 1, or 0 when the table
 * has no such name and the caller may go on.  Kept this small so that
 * it is inlined: most names asked of an object are not its own.
 */
static int
S_vget(const struct vfield t[V__MAX], const void *obj, int id,
    struct tpl_val *v)
{
	const struct vfield	*f;
	const void		*s;

	if ((unsigned)id >= V__MAX || (f = &t[id])->kind == VK_NONE)
		return 0;
	/* Text is most of what is asked: no call for it. */
	if (f->kind == VK_STR) {
		memcpy(&s, (const char *)obj + f->off, sizeof(s));
		VSTR(v, s);
	} else
		S_vfill(f, obj, v);
	return 1;
}

/* A class whose every value is in its table name_vf. */
#define VCLASS(name)							\
static void								\
S_##name##_get(const void *obj, int id, struct tpl_val *v,		\
    char *scratch, void *ud)						\
{									\
	(void)scratch;							\
	(void)ud;							\
	S_vget(name##_vf, obj, id, v);					\
}									\
static const struct tpl_class name##_cls = { S_##name##_get, NULL }

static const struct tpl_class bref_cls, pinfo_cls, provview_cls;
static const struct tpl_class evrow_cls, named_cls, evpage_cls;
static const struct tpl_class ver_cls, field_cls, known_cls, ref_cls;
static const struct tpl_class alt_cls, example_cls, finding_cls, rule_cls;
static const struct tpl_class provline_cls, hrow_cls, cell_cls;
static const struct tpl_class drift_cls, buildview_cls, bprovrow_cls;
static const struct tpl_class fact_cls, ruse_cls, run_cls, except_cls;
static const struct tpl_class hcol_cls, from_cls, msgpart_cls;
static const struct tpl_class evgroup_cls, bgroup_cls;
static const struct tpl_class tlrow_cls, tlchange_cls;

static const char *
S_bhref(const struct site *s, const struct ecat_build *b)
{
	return b != NULL ? s->bhref[b->index] : NULL;
}

/* Builds: every build as a link; the list is the catalog's array. */
static const struct vfield bref_vf[V__MAX] = {
	[V_ID] = VF_STR(ecat_build, id),
	[V_NAME] = VF_STR(ecat_build, id),
	[V_DISPLAY_NAME] = VF_STR(ecat_build, display_name),
	[V_CAPTURE_DATE] = VF_STR(ecat_build, capture_date),
	[V_REVISION] = VF_STR(ecat_build, revision),
	[V_OS_FAMILY] = VF_STR(ecat_build, os_family),
	[V_BUILD_NUMBER] = VF_COUNT(ecat_build, build_number), /* 0: unknown */
};

static void
S_bref_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct page	*pg = ud;

	(void)scratch;
	if (S_vget(bref_vf, obj, id, v))
		return;
	if (id == V_HREF || id == V_BUILD_HREF)
		VSTR(v, S_bhref(pg->s, obj));
}

static const struct tpl_class bref_cls = { S_bref_get, NULL };

/* Builds as runs (runs.c, templates/runs.html). */
static const struct vfield run_vf[V__MAX] = {
	[V_FIRST] = VF_OBJ(runview, first, &bref_cls),
	[V_LAST] = VF_OBJ(runview, last, &bref_cls),
	[V_COUNT] = VF_INT(runview, count),
	[V_MORE] = VF_BOOL(runview, more),
	[V_PAIR] = VF_BOOL(runview, pair),
	[V_SPAN] = VF_BOOL(runview, span),
	[V_EXCEPT] = VF_LIST(runview, except, nexcept, &except_cls),
};

VCLASS(run);

static void
S_except_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct exview	*x = obj;

	if (id == V_MORE)
		VBOOL(v, x->more);
	else
		S_bref_get(x->b, id, v, scratch, ud);
}

static const struct tpl_class except_cls = { S_except_get, NULL };

/* The index's provider rows. */
static const struct vfield pinfo_vf[V__MAX] = {
	[V_HREF] = VF_STR(pinfo, href),
	[V_PROVIDER_HREF] = VF_STR(pinfo, href),
	[V_DIRNAME] = VF_STR(pinfo, safe),
	[V_NEVENTS] = VF_INT(pinfo, nids),
	[V_NBUILDS_PRESENT] = VF_COUNT(pinfo, nbuilds),
};

/* What a provider row shows of the provider itself (pinfo->p). */
static const struct vfield provider_vf[V__MAX] = {
	[V_NAME] = VF_STR(ecat_provider, name),
	[V_GUID] = VF_STR(ecat_provider, guid),
	[V_NKEYS] = VF_INT(ecat_provider, nkeys),
	[V_MOF] = VF_BOOL(ecat_provider, mof),
};

static void
S_pinfo_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct pinfo	*pi = obj;
	const struct page	*pg = ud;
	const struct ecat_catalog *cat = pg->s->cat;

	(void)scratch;
	if (S_vget(pinfo_vf, pi, id, v) || S_vget(provider_vf, pi->p, id, v))
		return;
	if (id == V_BUILDS_RUNS)
		VSTR(v, pg->pbuilds != NULL ? pg->pbuilds[pi->idx] : NULL);
	else if (id == V_FIRST_BUILD)
		VSTR(v, pi->nbuilds ? cat->builds[pi->first]->id : NULL);
	else if (id == V_LAST_BUILD)
		VSTR(v, pi->nbuilds ? cat->builds[pi->last]->id : NULL);
}

static const struct tpl_class pinfo_cls = { S_pinfo_get, NULL };

static const struct vfield provview_vf[V__MAX] = {
	[V_SUMMARY] = VF_STR(provview, summary),
	[V_BINARY] = VF_STR(provview, binary),
	[V_BUILDS_PRESENT] = VF_PLIST(provview, present.v, present.n,
	    &bref_cls),
	[V_RUNS] = VF_LIST(provview, pruns, npruns, &run_cls),
	[V_EVENTS] = VF_PLIST(provview, rows.v, rows.n, &evrow_cls),
	[V_CHANNELS] = VF_PLIST(provview, channels.v, channels.n, &named_cls),
	[V_KEYWORDS] = VF_PLIST(provview, keywords.v, keywords.n, &named_cls),
	[V_TASKS] = VF_PLIST(provview, tasks.v, tasks.n, &named_cls),
	[V_HAS_CHANNELS] = VF_BOOL(provview, channels.n),
	[V_HAS_KEYWORDS] = VF_BOOL(provview, keywords.n),
	[V_HAS_TASKS] = VF_BOOL(provview, tasks.n),
	[V_JSON_HREF] = VF_STR(provview, json_href),
	[V_TSV_HREF] = VF_STR(provview, tsv_href),
	[V_TSV_BUILD] = VF_STR(provview, tsv_build),
	[V_GROUPS] = VF_LIST(provview, groups, nglist, &evgroup_cls),
	[V_NGROUPS] = VF_COUNT(provview, ngroups),
	[V_GROUPED_BY] = VF_STR(provview, grouped_by),
	[V_SPLIT] = VF_BOOL(provview, split),
	[V_GROUP_PAGE] = VF_OBJ(provview, gpage, &evgroup_cls),
	[V_CHANNEL_COLUMN] = VF_BOOL(provview, chancol),
	[V_SAMPLE_COLUMN] = VF_BOOL(provview, samplecol),
	[V_ALL_BUILDS] = VF_BOOL(provview, allbuilds),
	[V_HEADER_ONLY] = VF_BOOL(provview, headeronly),
};

static void
S_provview_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct provview	*pv = obj;

	if (S_vget(provview_vf, pv, id, v))
		return;
	switch (id) {
	case V_HAS_TABLES:
		VBOOL(v, pv->channels.n + pv->keywords.n + pv->tasks.n > 0);
		break;
	case V_NBUILDS_PRESENT:
		/* Header-only: the builds of its schemas. */
		if (pv->headeronly)
			VCOUNT(v, pv->present.n);
		else
			S_pinfo_get(pv->pi, id, v, scratch, ud);
		break;
	case V_NOTE:
		if (pv->pi->note_html != NULL) {
			v->kind = TPL_HTML;
			v->s = pv->pi->note_html;
			v->len = TPL_STRLEN;
		} else
			VBOOL(v, 0);
		break;
	default:
		S_pinfo_get(pv->pi, id, v, scratch, ud);
		break;
	}
}

static const struct tpl_class provview_cls = { S_provview_get, NULL };

static const struct vfield evrow_vf[V__MAX] = {
	[V_ID] = VF_INT(evrow, id),
	[V_HREF] = VF_STR(evrow, href),
	[V_EVENT_HREF] = VF_STR(evrow, href),
	[V_TITLE] = VF_STR(evrow, title),
	[V_CHANNEL] = VF_STR(evrow, channel),
	[V_LEVEL] = VF_STR(evrow, level),
	[V_VERSIONS] = VF_STR(evrow, versions),
	[V_NVERSIONS] = VF_INT(evrow, nversions),
	[V_BUILDS_RUNS] = VF_STR(evrow, builds),
	[V_SAMPLE] = VF_BOOL(evrow, sample),
	[V_ALL] = VF_BOOL(evrow, all),
};

VCLASS(evrow);

/* A group of a provider page's event rows (provider.c). */
static const struct vfield evgroup_vf[V__MAX] = {
	[V_LABEL] = VF_STR(evgroup, label),
	[V_HREF] = VF_STR(evgroup, href),
	[V_IDS] = VF_STR(evgroup, ids),
	[V_COUNT] = VF_INT(evgroup, count),
	[V_FIRST] = VF_INT(evgroup, first),
	[V_LAST] = VF_INT(evgroup, last),
	[V_NCOLS] = VF_INT(evgroup, ncols),
	[V_EVENTS] = VF_PLIST(evgroup, rows.v, rows.n, &evrow_cls),
};

static void
S_evgroup_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct evgroup	*g = obj;

	(void)scratch;
	(void)ud;
	if (S_vget(evgroup_vf, g, id, v))
		return;
	if (id == V_MANY)
		VBOOL(v, g->count != 1);
}

static const struct tpl_class evgroup_cls = { S_evgroup_get, NULL };

static const struct vfield named_vf[V__MAX] = {
	[V_NAME] = VF_STR(named, name),
	[V_VALUE] = VF_STR(named, value),
	[V_TYPE] = VF_STR(named, type),
	[V_MESSAGE] = VF_STR(named, message),
};

VCLASS(named);

static const struct vfield fieldview_vf[V__MAX] = {
	[V_NAME] = VF_STR(fieldview, name),
	[V_ANCHOR] = VF_STR(fieldview, anchor),
	[V_INDEX] = VF_INT(fieldview, index),
	[V_NRULES] = VF_COUNT(fieldview, nrules),
	[V_INTYPE] = VF_STR(fieldview, intype),
	[V_OUTTYPE] = VF_STR(fieldview, outtype),
	[V_MAP] = VF_STR(fieldview, map),
	[V_KNOWN] = VF_LIST(fieldview, known, nknown, &known_cls),
	[V_NKNOWN] = VF_COUNT(fieldview, nknown),
	[V_BITMAP] = VF_BOOL(fieldview, bitmap),
	[V_REFS] = VF_LIST(fieldview, refs, nrefs, &ref_cls),
	[V_SIZES] = VF_STR(fieldview, sizes),
	[V_SIZED_BY] = VF_STR(fieldview, sized_by),
	[V_MEMBERS] = VF_LIST(fieldview, members, nmembers, &field_cls),
	[V_MEMBER] = VF_BOOL(fieldview, member),
	[V_NOTED] = VF_BOOL(fieldview, noted),
	[V_FNOTE] = VF_STR(fieldview, fnote),
	[V_FNOTE_SOURCE] = VF_STR(fieldview, fnote_source),
	[V_FNOTE_LINK] = VF_STR(fieldview, fnote_link),
	[V_KNOWN_FROM] = VF_BOOL(fieldview, known_from),
};

static void
S_field_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct fieldview	*f = obj;

	(void)scratch;
	(void)ud;
	if (S_vget(fieldview_vf, f, id, v))
		return;
	/* Long value lists are folded away (event.html). */
	if (id == V_MANY_KNOWN)
		VBOOL(v, f->nknown > 8);
}

static const struct tpl_class field_cls = { S_field_get, NULL };

static const struct vfield known_vf[V__MAX] = {
	[V_VALUE] = VF_STR(known, value),
	[V_TEXT] = VF_STR(known, text),
	[V_DESCRIPTION] = VF_STR(known, description),
	[V_MAP] = VF_STR(known, map),
	[V_FROM_NOTE] = VF_BOOL(known, from_note),
};

VCLASS(known);

static const struct vfield ref_vf[V__MAX] = {
	[V_LABEL] = VF_STR(ref, label),
	[V_URL] = VF_STR(ref, url),
	[V_BY_NAME] = VF_BOOL(ref, by_name),
};

VCLASS(ref);

static const struct vfield alt_vf[V__MAX] = {
	[V_BUILDS] = VF_STR(altshape, buildtext),
	[V_FIELDS] = VF_LIST(altshape, fields, nfields, &field_cls),
	[V_NFIELDS] = VF_COUNT(altshape, nfields),
	[V_VERBATIM] = VF_STR(altshape, verbatim),
};

VCLASS(alt);

static const struct vfield finding_vf[V__MAX] = {
	[V_ID] = VF_STR(ecat_finding, id),
	[V_SEVERITY] = VF_STR(ecat_finding, severity),
	[V_FIELD] = VF_STR(ecat_finding, field),
	[V_TEXT] = VF_STR(ecat_finding, text),
};

VCLASS(finding);

/* Sigma rules on event pages (catalog/sigma.c, validator/rules.c). */
static const struct vfield ruse_vf[V__MAX] = {
	[V_NAME] = VF_STR(ecat_ruse, name),
	[V_MODIFIERS] = VF_STR(ecat_ruse, modifiers),
};

VCLASS(ruse);

static const struct vfield rule_vf[V__MAX] = {
	[V_TITLE] = VF_STR(ecat_rule, title),
	[V_ID] = VF_STR(ecat_rule, id),
	[V_LEVEL] = VF_STR(ecat_rule, level),
	[V_STATUS] = VF_STR(ecat_rule, status),
	[V_AUTHOR] = VF_STR(ecat_rule, author),
	[V_URL] = VF_STR(ecat_rule, upstream),
	[V_RULE_PATH] = VF_STR(ecat_rule, path),
	[V_USES] = VF_LIST(ecat_rule, uses, nuses, &ruse_cls),
};

VCLASS(rule);

static const struct vfield example_vf[V__MAX] = {
	[V_JSON] = VF_STR(ecat_example, json),
	[V_LINE] = VF_COUNT(ecat_example, loc.line),
	[V_CHANNEL] = VF_STR(ecat_example, channel),
	[V_FINDINGS] = VF_LIST(ecat_example, findings, nfindings, &finding_cls),
	[V_NFINDINGS] = VF_COUNT(ecat_example, nfindings),
};

/*
 * An input's path as pages show it: relative to the SOURCE it was read
 * from (walk.h), not the folders of the machine that built the site.
 */
static const char *
S_srcpath(const struct site *s, const char *file)
{
	return ecat_path_in_source(s->cat->roots, s->cat->nroots, file);
}

/* How an example's file was captured, by its kind: NULL for JSON. */
static const char *
S_capturedhow(const char *file)
{
	size_t	 n = file != NULL ? strlen(file) : 0;

	if (n > 5 && strcasecmp(file + n - 5, ".evtx") == 0)
		return "from an exported log";
	if (n > 4 && strcasecmp(file + n - 4, ".etl") == 0)
		return "in a trace";
	return NULL;
}

static void
S_example_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct ecat_example *ex = obj;
	const struct page	*pg = ud;
	const char		*worst;

	if (S_vget(example_vf, ex, id, v))
		return;
	if (id == V_BUILD)
		VSTR(v, ex->build != NULL ? ex->build->id : NULL);
	else if (id == V_BUILD_HREF)
		VSTR(v, S_bhref(pg->s, ex->build));
	else if (id == V_CLEAN)
		VBOOL(v, ex->nfindings == 0);
	else if (id == V_COUNTS || id == V_WORST) {
		/* badge.c: "6 notes", "1 error, 2 warnings". */
		VSTR(v, site_badge_findings(ex->findings, ex->nfindings,
		    &worst, scratch, TPL_SCRATCH));
		if (id == V_WORST)
			VSTR(v, worst);
	} else if (id == V_HOW)
		VSTR(v, S_capturedhow(ex->loc.file));
	else if (id == V_FILE_V)
		VSTR(v, S_srcpath(pg->s, ex->loc.file));
	else if (id == V_BEST_MATCH)
		/* Its own build has no schemas: a loose capture matched
		   against every build, whose build is not known. */
		VBOOL(v, ex->captured != NULL && ex->build != NULL &&
		    ex->captured != ex->build);
}

static const struct tpl_class example_cls = { S_example_get, NULL };

static const struct vfield provline_vf[V__MAX] = {
	[V_HOW] = VF_STR(provline, how),
	[V_FILE_VERSION] = VF_STR(provline, file_version),
	[V_COPIED_FROM] = VF_STR(provline, copied_from),
	[V_CAPTURE_DATE] = VF_STR(provline, capture_date),
	[V_NSAMPLES] = VF_COUNT(provline, nsamples),
	[V_RUNS] = VF_LIST(provline, runs, nruns, &run_cls),
	[V_NRUNS] = VF_COUNT(provline, nruns),
};

VCLASS(provline);

static const struct vfield ver_vf[V__MAX] = {
	[V_ANCHOR] = VF_STR(verview, anchor),
	[V_TITLE] = VF_STR(verview, title),
	[V_DESCRIPTION] = VF_STR(verview, description),
	[V_CHANNEL] = VF_STR(verview, channel),
	[V_ALSO_VIA] = VF_STR(verview, also_via),
	[V_LEVEL] = VF_STR(verview, level),
	[V_TASK] = VF_STR(verview, task),
	[V_OPCODE] = VF_STR(verview, opcode),
	[V_KEYWORDS] = VF_STR(verview, keywords),
	[V_EVENT_NAME] = VF_STR(verview, event_name),
	[V_FIELDS] = VF_LIST(verview, fields, nfields, &field_cls),
	[V_NFIELDS] = VF_COUNT(verview, nfields),
	[V_VERBATIM] = VF_STR(verview, verbatim),
	[V_HAS_FIELDS] = VF_BOOL(verview, nfields),
	[V_ALT_SHAPES] = VF_PLIST(verview, alts.v, alts.n, &alt_cls),
	[V_PROVENANCE] = VF_LIST(verview, prov, nprov, &provline_cls),
	[V_NEWEST] = VF_BOOL(verview, newest),
	[V_MESSAGE_PARTS] = VF_LIST(verview, mparts, nmparts, &msgpart_cls),
	[V_CHANNEL_FROM] = VF_OBJ(verview, from[ECAT_MA_CHANNEL], &from_cls),
	[V_LEVEL_FROM] = VF_OBJ(verview, from[ECAT_MA_LEVEL], &from_cls),
	[V_TASK_FROM] = VF_OBJ(verview, from[ECAT_MA_TASK], &from_cls),
	[V_OPCODE_FROM] = VF_OBJ(verview, from[ECAT_MA_OPCODE], &from_cls),
	[V_KEYWORDS_FROM] = VF_OBJ(verview, from[ECAT_MA_KEYWORDS], &from_cls),
	[V_MESSAGE_FROM] = VF_OBJ(verview, from[ECAT_MA_MESSAGE], &from_cls),
	[V_MAPS_FROM] = VF_OBJ(verview, from[ECAT_MA_MAPS], &from_cls),
};

/* What a version shows of its key (verview->k). */
static const struct vfield verkey_vf[V__MAX] = {
	[V_VERSION] = VF_INT(ecat_evkey, version),
	[V_EXAMPLE] = VF_OBJ(ecat_evkey, example, &example_cls),
	[V_RULES] = VF_PLIST(ecat_evkey, rules, nrules, &rule_cls),
	[V_NRULES] = VF_COUNT(ecat_evkey, nrules),
};

static void
S_ver_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct verview	*vv = obj;
	const struct page	*pg = ud;

	(void)scratch;
	if (S_vget(ver_vf, vv, id, v) || S_vget(verkey_vf, vv->k, id, v))
		return;
	switch (id) {
	case V_MESSAGE:
		VSTR(v, vv->me != NULL ? vv->me->message : NULL);
		break;
	case V_MESSAGE_BUILD:
		VSTR(v, vv->mbuild != NULL ? vv->mbuild->id : NULL);
		break;
	case V_HAS_SCHEMA:
		VBOOL(v, vv->e != NULL);
		break;
	case V_SCHEMA_BUILD:
		VSTR(v, vv->occ != NULL ? ecat_occ_build(vv->occ)->id : NULL);
		break;
	case V_BUILD_HREF:
		VSTR(v, vv->occ != NULL ? S_bhref(pg->s,
		    ecat_occ_build(vv->occ)) : NULL);
		break;
	case V_SCHEMA_SOURCE:
		VSTR(v, vv->occ != NULL ?
		    ecat_srckind_obtained(ecat_occ_kind(vv->occ)) : NULL);
		break;
	case V_SCHEMA_FILE:
		VSTR(v, vv->e != NULL ? S_srcpath(pg->s,
		    ecat_occ_schema(vv->occ)->loc.file) : NULL);
		break;
	case V_SCHEMA_LINE:
		if (vv->e != NULL && ecat_occ_row(vv->occ)->line > 0)
			VINT(v, ecat_occ_row(vv->occ)->line);
		else
			VBOOL(v, 0);
		break;
	default:
		break;
	}
}

static const struct tpl_class ver_cls = { S_ver_get, NULL };

/* Where an attribute was taken from (catalog/merge.h). */
static void
S_from_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct fromview	*f = obj;

	if (id == V_KIND)
		VSTR(v, f->kind);
	else
		S_bref_get(f->b, id, v, scratch, ud);
}

static const struct tpl_class from_cls = { S_from_get, NULL };

/* A message as written, its inserts linked to their fields. */
static const struct vfield msgpart_vf[V__MAX] = {
	[V_TEXT] = VF_STR(msgpart, text),
	[V_HREF] = VF_STR(msgpart, href),
	[V_NAME] = VF_STR(msgpart, name),
};

VCLASS(msgpart);

/* History: a column per distinct schema, a row per version. */
static const struct vfield hcol_vf[V__MAX] = {
	[V_RUNS] = VF_LIST(hcol, runs, nruns, &run_cls),
};

VCLASS(hcol);

static const struct vfield hrow_vf[V__MAX] = {
	[V_CELLS] = VF_LIST(hrow, cells, ncells, &cell_cls),
};

/* A row about key k (history, timeline): its version and anchor. */
static void
S_keyrow_get(const struct ecat_evkey *k, int id, struct tpl_val *v,
    char *scratch)
{
	if (id == V_VERSION)
		VINT(v, k->version);
	else if (id == V_ANCHOR) {
		snprintf(scratch, TPL_SCRATCH, "v%u", k->version);
		VSTR(v, scratch);
	}
}

static void
S_hrow_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct hrow	*r = obj;

	(void)ud;
	if (!S_vget(hrow_vf, r, id, v))
		S_keyrow_get(r->k, id, v, scratch);
}

static const struct tpl_class hrow_cls = { S_hrow_get, NULL };

static void
S_cell_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct cell	*c = obj;

	(void)scratch;
	(void)ud;
	if (id == V_MARK)
		VSTR(v, c->mark);
	else if (id == V_PRESENT)
		VBOOL(v, c->mark != NULL);
	else if (id == V_SCHEMA)
		VSTR(v, c->schema);
}

static const struct tpl_class cell_cls = { S_cell_get, NULL };

/* The timeline (timeline.c): a row per stretch of a version's builds. */
static const struct vfield tlchange_vf[V__MAX] = {
	[V_SEVERITY] = VF_STR(tlchange, severity),
	[V_CLASS] = VF_STR(tlchange, cls),
	[V_FIELD] = VF_STR(tlchange, fields),
	[V_ACCEPTED] = VF_BOOL(tlchange, accepted),
};

VCLASS(tlchange);

static const struct vfield tlrow_vf[V__MAX] = {
	[V_BUILDS] = VF_STR(tlrow, builds),
	[V_GONE_IN] = VF_OBJ(tlrow, gone_in, &bref_cls),
	[V_CHANGES] = VF_LIST(tlrow, changes, nchanges, &tlchange_cls),
	[V_NCHANGES] = VF_COUNT(tlrow, nchanges),
};

static void
S_tlrow_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct tlrow	*r = obj;

	(void)ud;
	if (!S_vget(tlrow_vf, r, id, v))
		S_keyrow_get(r->k, id, v, scratch);
}

static const struct tpl_class tlrow_cls = { S_tlrow_get, NULL };

/*
 * The provider of a drift finding: a binary search of the providers,
 * which ecat_catalog_finish() sorted by strcmp(3) of their names.
 */
static const struct pinfo *
S_drift_pinfo(const struct site *s, const struct ecat_drift *d)
{
	const struct ecat_catalog	*cat = s->cat;
	uint32_t			 lo = 0, hi = cat->nproviders, mid;
	int				 c;

	if (d->provider == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(cat->providers[mid]->name, d->provider);
		if (c == 0)
			return &s->pinfo[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct vfield drift_vf[V__MAX] = {
	[V_FIELD] = VF_STR(ecat_drift, field),
	[V_BEFORE] = VF_STR(ecat_drift, before),
	[V_AFTER] = VF_STR(ecat_drift, after),
	[V_ACCEPTED] = VF_BOOL(ecat_drift, accepted),
	[V_PROVIDER] = VF_STR(ecat_drift, provider),
	[V_NAME] = VF_STR(ecat_drift, provider),
};

static void
S_drift_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct ecat_drift	*d = obj;
	const struct page	*pg = ud;
	const struct pinfo	*pi;

	if (S_vget(drift_vf, d, id, v))
		return;
	switch (id) {
	case V_FROM:
		VSTR(v, d->from != NULL ? d->from->id : NULL);
		break;
	case V_TO:
		VSTR(v, d->to != NULL ? d->to->id : NULL);
		break;
	case V_FROM_HREF:
		VSTR(v, S_bhref(pg->s, d->from));
		break;
	case V_TO_HREF:
		VSTR(v, S_bhref(pg->s, d->to));
		break;
	case V_SEVERITY:
		VSTR(v, ecat_dsev_name(d->sev));
		break;
	case V_CLASS:
		VSTR(v, ecat_dclass_id(d->cls));
		break;
	case V_HELP:
		VSTR(v, ecat_dclass_help(d->cls));
		break;
	case V_VERSION:
		/* -1: about the provider, with no version or id. */
		if (d->version >= 0)
			VINT(v, d->version);
		else
			VBOOL(v, 0);
		break;
	case V_ID:
		if (d->event_id >= 0)
			VINT(v, d->event_id);
		else
			VBOOL(v, 0);
		break;
	case V_PROVIDER_HREF:
		pi = S_drift_pinfo(pg->s, d);
		VSTR(v, pi != NULL ? pi->href : NULL);
		break;
	case V_EVENT_HREF:
		pi = S_drift_pinfo(pg->s, d);
		if (pi == NULL || d->event_id < 0)
			VBOOL(v, 0);
		else {
			snprintf(scratch, TPL_SCRATCH, "providers/%s/events/"
			    "%" PRId64 ".html", pi->safe, d->event_id);
			VSTR(v, scratch);
		}
		break;
	default:
		break;
	}
}

static const struct tpl_class drift_cls = { S_drift_get, NULL };

static const struct vfield evpage_vf[V__MAX] = {
	[V_ID] = VF_INT(evpage, id),
	[V_TITLE] = VF_STR(evpage, title),
	[V_HREF] = VF_STR(evpage, href),
	[V_JSON_HREF] = VF_STR(evpage, json_href),
	[V_VERSIONS] = VF_PLIST(evpage, vers, nvers, &ver_cls),
	[V_NVERSIONS] = VF_INT(evpage, nvers),
	[V_HIST_COLS] = VF_LIST(evpage, cols, ncols, &hcol_cls),
	[V_HIST_ROWS] = VF_LIST(evpage, rows, nrows, &hrow_cls),
	[V_DRIFT] = VF_PLIST(evpage, drift, ndrift, &drift_cls),
	[V_NDRIFT] = VF_COUNT(evpage, ndrift),
	[V_TIMELINE] = VF_LIST(evpage, tl, ntl, &tlrow_cls),
	[V_NOTE] = VF_HTML(evpage, note),
};

static void
S_evpage_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct evpage	*ev = obj;

	(void)scratch;
	(void)ud;
	if (S_vget(evpage_vf, ev, id, v))
		return;
	if (id == V_MULTI)
		VBOOL(v, ev->nvers > 1);
	else if (id == V_HAS_RULES) {
		uint32_t	 i;

		for (i = 0; i < ev->nvers && ev->vers[i]->k->nrules == 0; i++)
			continue;
		VBOOL(v, i < ev->nvers);
	}
}

static const struct tpl_class evpage_cls = { S_evpage_get, NULL };

static void
S_bprovrow_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct bprovrow	*r = obj;

	if (id == V_NKEYS)
		VINT(v, r->nkeys);
	else if (id == V_SOURCES)
		VSTR(v, r->sources);
	else
		S_pinfo_get(r->pi, id, v, scratch, ud);
}

static const struct tpl_class bprovrow_cls = { S_bprovrow_get, NULL };

static const struct vfield fact_vf[V__MAX] = {
	[V_PROVIDER] = VF_STR(ecat_bprov, provider),
	[V_NAME] = VF_STR(ecat_bprov, provider),
	[V_BINARY] = VF_STR(ecat_bprov, binary),
	[V_FILE_VERSION] = VF_STR(ecat_bprov, file_version),
	[V_OBTAINED] = VF_STR(ecat_bprov, obtained),
	[V_COPIED_FROM] = VF_STR(ecat_bprov, copied_from),
};

VCLASS(fact);

static const struct vfield buildview_vf[V__MAX] = {
	[V_PREV] = VF_OBJ(buildview, prev, &bref_cls),
	[V_NEXT] = VF_OBJ(buildview, next, &bref_cls),
	[V_PROVIDERS] = VF_LIST(buildview, rows, nrows, &bprovrow_cls),
	[V_NPROVIDERS] = VF_INT(buildview, nrows),
	[V_NKEYS] = VF_INT(buildview, nkeys),
	[V_CHANGES] = VF_PLIST(buildview, changes, nchanges, &drift_cls),
	[V_NCHANGES] = VF_COUNT(buildview, nchanges),
	[V_NBREAKING] = VF_COUNT(buildview, nbreaking),
	[V_GROUPS] = VF_LIST(buildview, groups, ngroups, &bgroup_cls),
	[V_ADDED] = VF_LIST(buildview, added, nadded, &bgroup_cls),
	[V_NADDED] = VF_COUNT(buildview, nadded),
	[V_REMOVED] = VF_LIST(buildview, removed, nremoved, &bgroup_cls),
	[V_NREMOVED] = VF_COUNT(buildview, nremoved),
	[V_NGROUPS] = VF_COUNT(buildview, ngroups),
	[V_CAPPED] = VF_BOOL(buildview, capped),
	[V_CAP] = VF_INT(buildview, cap),
	[V_NSHOWN] = VF_INT(buildview, nshown),
};

/* A provider's findings on a build page (build.c). */
static const struct vfield bgroup_vf[V__MAX] = {
	[V_LABEL] = VF_STR(bgroup, label),
	[V_COUNT] = VF_INT(bgroup, count),
	[V_NBREAKING] = VF_COUNT(bgroup, nbreaking),
	[V_MORE] = VF_COUNT(bgroup, more),
	[V_CHANGES] = VF_PLIST(bgroup, rows, nrows, &drift_cls),
};

static void
S_bgroup_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct bgroup	*g = obj;

	(void)scratch;
	(void)ud;
	if (S_vget(bgroup_vf, g, id, v))
		return;
	if (id == V_HREF)
		VSTR(v, g->pi != NULL ? g->pi->href : NULL);
	else if (id == V_MANY)
		VBOOL(v, g->count != 1);
	else if (id == V_MANY_MORE)
		VBOOL(v, g->more != 1);
}

static const struct tpl_class bgroup_cls = { S_bgroup_get, NULL };

/* What a build page shows of its build beyond the link (bref_vf). */
static const struct vfield buildpage_vf[V__MAX] = {
	[V_VERSION_STRING] = VF_STR(ecat_build, version_string),
	[V_FACTS] = VF_LIST(ecat_build, bprov, nbprov, &fact_cls),
	[V_HAS_FACTS] = VF_BOOL(ecat_build, nbprov),
};

static void
S_buildview_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct buildview	*bv = obj;
	const char		*worst;

	if (id == V_COUNTS || id == V_WORST) {
		/* badge.c: "80 breaking, 20 warnings, 3 notes". */
		VSTR(v, site_badge_drift(bv->changes, bv->nchanges, &worst,
		    scratch, TPL_SCRATCH));
		if (id == V_WORST)
			VSTR(v, worst);
		return;
	}
	if (S_vget(buildview_vf, bv, id, v) ||
	    S_vget(buildpage_vf, bv->b, id, v))
		return;
	if (id == V_MANY)
		VBOOL(v, bv->ngroups != 1);
	else
		S_bref_get(bv->b, id, v, scratch, ud);
}

static const struct tpl_class buildview_cls = { S_buildview_get, NULL };

static const struct vfield page_vf[V__MAX] = {
	[V_ROOT] = VF_STR(page, root),
	[V_PAGE_TITLE] = VF_STR(page, title),
	[V_CANONICAL] = VF_STR(page, canonical),
	[V_PROVIDER] = VF_OBJ(page, prov, &provview_cls),
	[V_EVENT] = VF_OBJ(page, ev, &evpage_cls),
	[V_BUILD] = VF_OBJ(page, build, &buildview_cls),
	[V_IS_HOME] = VF_BOOL(page, is_home),
};

static void
S_page_get(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct page	*pg = obj;
	const struct site	*s = pg->s;

	(void)scratch;
	(void)ud;
	if (S_vget(page_vf, pg, id, v))
		return;
	switch (id) {
	case V_SITE_NAME_V:
		VSTR(v, SITE_NAME);
		break;
	case V_GENERATOR:
		VSTR(v, "etwcat " ECAT_VERSION);
		break;
	case V_NPROVIDERS:
		VINT(v, s->cat->nproviders);
		break;
	case V_NBUILDS:
		VINT(v, s->nlisted);
		break;
	case V_NEVENT_PAGES:
		VINT(v, s->nids);
		break;
	case V_BUILDS:
		VLIST(v, &bref_cls, s->cat->builds, s->nlisted, 0);
		break;
	case V_PROVIDERS:
		if (pg->pfull != NULL)
			VLIST(v, &pinfo_cls, pg->pfull, pg->nfull, 0);
		else
			VLIST(v, &pinfo_cls, s->pinfo, s->cat->nproviders,
			    sizeof(*s->pinfo));
		break;
	case V_EMPTY_PROVIDERS:
		VLIST(v, &pinfo_cls, pg->pempty, pg->nempty, 0);
		break;
	case V_NEMPTY:
		VCOUNT(v, pg->nempty);
		break;
	case V_NKEYS:
		VINT(v, s->nkeys);
		break;
	case V_RULES_COLUMN:
		/* Without rules the column would be empty on every page:
		   16 MB of the 17 TSV builds' event pages. */
		VBOOL(v, s->cat->nrules > 0);
		break;
	default:
		break;
	}
}

static const struct tpl_class page_cls = { S_page_get, NULL };

void
site_render(struct worker *w, const struct tpl *t, struct page *pg,
    const char *rel)
{
	ecat_buf_reset(&w->out);
	if (tpl_render(t, &w->out, &page_cls, pg, pg) == -1) {
		site_failx(w->s, rel, 0, tpl_name(t));
		return;
	}
	if (site_emit(w, rel, w->out.buf, w->out.len) == 0)
		w->st.pages++;
}
