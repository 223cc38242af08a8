/*
 * sigma.c: Sigma detection rules (YAML) into the model (libyaml's
 * other user is fieldnotes.c).
 *
 * What is read follows the Sigma rules specification (SigmaHQ
 * sigma-specification, Sigma_specification.md v2.0): a rule is one
 * YAML mapping with title, id, status, level, author, description,
 * date, modified, references, tags, logsource {product, service,
 * category} and detection.  In detection, "condition" and "timeframe"
 * are not selections; every other key is a search identifier whose
 * value is a mapping (fields ANDed), a list of mappings (ORed) or a
 * list of keywords.  A mapping key is "Field|modifier|modifier"; the
 * EventID, Provider_Name and Channel keys name the event and are kept
 * apart from the event-data fields.
 *
 * libyaml's document API is used: it builds the node graph without
 * expanding aliases (an alias is one more reference to a node), and
 * nothing here walks the graph recursively, so alias bombs and cycles
 * cost nothing.  Each document is copied into the catalog's arena and
 * freed at once; no libyaml type leaves this file.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "io.h"
#include "load.h"
#include "rules.h"
#include "walk.h"

/* Largest rule file read (etwcat.1, LIMITS): SigmaHQ's largest is
   under 100 KB; this bounds libyaml's node graph. */
#define S_MAX_RULE_FILE	(4UL * 1024 * 1024)
/* Items kept per rule (S_room). */
#define S_MAX_SELS	256	/* selection mappings */
#define S_MAX_IDS	256	/* EventID values */
#define S_MAX_FIELDS	256	/* field keys */
#define S_MAX_VALS	64	/* Provider_Name and Channel values */
/*
 * Flow collections ([...], {...}) nested deeper than this: the file is
 * not parsed.  libyaml 0.2.5's scanner walks its stack of possible
 * simple keys, one per flow level, at every token, so its time grows
 * with the square of the depth: 8,000 levels took 0.34 s, 16 KB of
 * '[' would take minutes and 4 MB hours.  SigmaHQ's rules nest two.
 */
#define S_MAX_FLOW	64

/* The keys that name the event rather than match its data. */
static const char *const sysfields[] = {
	"EventID", "Provider_Name", "Channel", NULL
};

/*
 * Field names that are not event-data names, so never checked against
 * a schema: the other System header fields of the event XML (Windows
 * Event schema, EventType/SystemPropertiesType: Version, Level, Task,
 * Opcode, Keywords, TimeCreated, EventRecordID, Correlation, Execution
 * ProcessID/ThreadID, Computer, Security UserID; SigmaHQ's
 * tests/logsource.json lists Computer and Security_UserID as "common"
 * fields), and Sigma's names for the unnamed EventData children: Data
 * (classic events' <Data> without Name) and Binary (<Binary>).
 */
static const char *const headerfields[] = {
	"Version", "Level", "Task", "Opcode", "Keywords", "TimeCreated",
	"EventRecordID", "ActivityID", "RelatedActivityID", "ProcessID",
	"ProcessId", "ThreadID", "ThreadId", "Computer", "Security_UserID",
	"UserID", "Data", "Binary", NULL
};

/* SigmaHQ's top-level rule folders: a path through one of them is the
   rule's path upstream. */
static const char *const sigmatops[] = {
	"rules", "rules-emerging-threats", "rules-threat-hunting",
	"rules-placeholder", "rules-compliance", "rules-dfir",
	"deprecated", "unsupported", NULL
};

#define S_UPSTREAM	"https://github.com/SigmaHQ/sigma/blob/master/"

/* A growable array of fixed-size items, malloc'd while one document
   is read, copied into the arena when done. */
struct ld {
	struct ecat_catalog	*cat;
	yaml_document_t		*doc;
	const char		*file;		/* interned, for ecat_loc */
	const char		*path;		/* the rule's path (rule->path) */
	const char		*upstream;
	/* Per rule (S_room): items kept so far. */
	uint32_t		 nsels, nids, nfields, nvals;
	int			 capped;
};

/* ------------------------------------------------------------ helpers */

/* Returns an arena copy of v's items (NULL when empty) and frees v. */
static void *
S_vdone(struct ecat_catalog *cat, struct ecat_vec *v)
{
	void	*p = NULL;

	if (v->n > 0) {
		p = ecat_alloc(cat, v->n * v->size);
		memcpy(p, v->v, v->n * v->size);
	}
	free(v->v);
	v->v = NULL;
	v->cap = 0;
	return p;
}

static struct ecat_loc
S_loc(const struct ld *l, const yaml_node_t *n)
{
	struct ecat_loc	 loc;

	loc.file = l->file;
	loc.line = n != NULL ? (uint32_t)n->start_mark.line + 1 : 0;
	loc.col = n != NULL ? (uint32_t)n->start_mark.column + 1 : 0;
	return loc;
}

static yaml_node_t *
S_node(const struct ld *l, int i)
{
	return yaml_document_get_node(l->doc, i);
}

/* Returns whether n is a scalar equal to s. */
static int
S_is(const yaml_node_t *n, const char *s)
{
	size_t	 len = strlen(s);

	return n != NULL && n->type == YAML_SCALAR_NODE &&
	    n->data.scalar.length == len &&
	    memcmp(n->data.scalar.value, s, len) == 0;
}

/* Returns whether n is YAML's null: an empty plain scalar, ~ or null. */
static int
S_isnull(const yaml_node_t *n)
{
	if (n == NULL)
		return 1;
	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return n->data.scalar.length == 0 || S_is(n, "~") ||
	    S_is(n, "null") || S_is(n, "Null") || S_is(n, "NULL");
}

/* Returns the scalar interned, or NULL when n is null or no scalar. */
static const char *
S_str(struct ld *l, const yaml_node_t *n)
{
	if (n == NULL || n->type != YAML_SCALAR_NODE || S_isnull(n))
		return NULL;
	return ecat_strn(l->cat, (const char *)n->data.scalar.value,
	    n->data.scalar.length);
}

/* Returns the scalar as an arena copy (long text, not interned). */
static const char *
S_text(struct ld *l, const yaml_node_t *n)
{
	if (n == NULL || n->type != YAML_SCALAR_NODE || S_isnull(n))
		return NULL;
	return ecat_arena_strndup(l->cat->arena,
	    (const char *)n->data.scalar.value, n->data.scalar.length);
}

/*
 * A scalar or a list of scalars as a NULL-free array; *np gets the
 * count.  Returns the arena array, or NULL when empty.
 */
static const char **
S_strlist(struct ld *l, const yaml_node_t *n, uint32_t *np)
{
	struct ecat_vec	 v;
	yaml_node_item_t *it;
	const char	*s;

	ecat_vec_init(&v, sizeof(const char *));
	if (n != NULL && n->type == YAML_SEQUENCE_NODE) {
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++)
			if ((s = S_str(l, S_node(l, *it))) != NULL)
				*(const char **)ecat_vec_add(&v) = s;
	} else if ((s = S_str(l, n)) != NULL)
		*(const char **)ecat_vec_add(&v) = s;
	*np = (uint32_t)v.n;
	return S_vdone(l->cat, &v);
}

/* A scalar key of a mapping, for finding keys given twice. */
struct dkey {
	const unsigned char	*s;
	size_t			 len;
	size_t			 idx;		/* pair index */
};

static int
S_dkeycmp(const void *a, const void *b)
{
	const struct dkey	*x = a, *y = b;
	int			 c;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((c = memcmp(x->s, y->s, x->len)) != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Keys of mapping m given twice: YAML forbids them and libyaml keeps
 * both, so which one a Sigma backend reads is the backend's choice;
 * the first is used here.  Returns a malloc'd array, one byte per
 * pair, set for each later duplicate (sorting keeps this n log n
 * whatever the mapping's size); each is reported.
 */
static uint8_t *
S_dupkeys(struct ld *l, const yaml_node_t *m)
{
	size_t			 n, i, j, nk = 0;
	struct dkey		*k;
	uint8_t			*dup;
	uint32_t		*first;
	yaml_node_t		*kn;
	struct ecat_loc		 loc;

	n = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
	dup = ecat_calloc(n + 1, 1);
	first = ecat_calloc(n + 1, sizeof(*first));
	k = ecat_reallocarray(NULL, n + 1, sizeof(*k));
	for (i = 0; i < n; i++) {
		kn = S_node(l, m->data.mapping.pairs.start[i].key);
		if (kn == NULL || kn->type != YAML_SCALAR_NODE)
			continue;
		k[nk].s = kn->data.scalar.value;
		k[nk].len = kn->data.scalar.length;
		k[nk].idx = i;
		nk++;
	}
	qsort(k, nk, sizeof(*k), S_dkeycmp);
	for (i = 0; i < nk; i = j)
		for (j = i + 1; j < nk && k[j].len == k[i].len &&
		    memcmp(k[j].s, k[i].s, k[i].len) == 0; j++) {
			dup[k[j].idx] = 1;
			first[k[j].idx] = (uint32_t)k[i].idx;
		}
	for (i = 0; i < n; i++) {
		if (!dup[i])
			continue;
		kn = S_node(l, m->data.mapping.pairs.start[i].key);
		loc = S_loc(l, kn);
		ecat_msg(l->cat->diag, ECAT_MSG_RULE_MALFORMED, &loc,
		    "key %.*s given twice (first at line %zu); the first is "
		    "used", (int)kn->data.scalar.length,
		    (const char *)kn->data.scalar.value,
		    (size_t)S_node(l, m->data.mapping.pairs.start[
		    first[i]].key)->start_mark.line + 1);
	}
	free(k);
	free(first);
	return dup;
}

/*
 * Room for one more item of a kind in the current rule: returns 1 and
 * counts it, or 0 (once per rule, a rule-malformed diagnostic) when
 * the rule already holds max.  The limits (etwcat.1, LIMITS) are far
 * above SigmaHQ's largest rules (36 selection mappings, 69 fields) and
 * bound the work a crafted rule can ask of the resolver.
 */
static int
S_room(struct ld *l, uint32_t *count, uint32_t max, const char *what,
    const yaml_node_t *at)
{
	struct ecat_loc	 loc;

	if (*count < max) {
		(*count)++;
		return 1;
	}
	if (!l->capped) {
		l->capped = 1;
		loc = S_loc(l, at);
		ecat_msg(l->cat->diag, ECAT_MSG_RULE_MALFORMED, &loc,
		    "more than %u %s in one rule; the rest are ignored",
		    max, what);
	}
	return 0;
}

/*
 * Parse an EventID value: decimal digits only (quoted or not), at most
 * 4294967295.  Returns 0 and sets *id, or -1.
 */
static int
S_eventid(const yaml_node_t *n, uint32_t *id)
{
	const unsigned char	*s;
	size_t			 i, len;
	uint64_t		 v = 0;

	if (n == NULL || n->type != YAML_SCALAR_NODE)
		return -1;
	s = n->data.scalar.value;
	len = n->data.scalar.length;
	if (len == 0 || len > 10)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*id = (uint32_t)v;
	return 0;
}

/* ------------------------------------------------------------ detection */

/* Add the scalars of n (a scalar or list) to v as interned strings,
   while the rule has room for them. */
static void
S_addstrs(struct ld *l, const yaml_node_t *n, struct ecat_vec *v)
{
	const char		**a;
	uint32_t		 i, na;

	a = S_strlist(l, n, &na);
	for (i = 0; i < na; i++)
		if (S_room(l, &l->nvals, S_MAX_VALS,
		    "Provider_Name and Channel values", n))
			*(const char **)ecat_vec_add(v) = a[i];
}

/*
 * One mapping of selection name: its EventIDs, Provider_Name and
 * Channel values and its event-data fields, appended to sels.
 */
static void
S_selmap(struct ld *l, const char *name, const yaml_node_t *m,
    struct ecat_vec *sels)
{
	struct ecat_rsel	*s;
	struct ecat_vec		 ids, idlocs, provs, chans, fields;
	yaml_node_pair_t	*p;
	yaml_node_item_t	*it;
	yaml_node_t		*k, *v, *c;
	struct ecat_rfield	*f;
	struct ecat_loc		 loc;
	const char		*key, *bar;
	size_t			 klen, blen;
	uint32_t		 id;
	uint8_t			*dup;
	size_t			 pi;
	int			 i, sys;

	if (!S_room(l, &l->nsels, S_MAX_SELS, "selection mappings", m))
		return;
	ecat_vec_init(&ids, sizeof(uint32_t));
	ecat_vec_init(&idlocs, sizeof(struct ecat_loc));
	ecat_vec_init(&provs, sizeof(const char *));
	ecat_vec_init(&chans, sizeof(const char *));
	ecat_vec_init(&fields, sizeof(struct ecat_rfield));
	s = ecat_vec_add(sels);
	s->name = name;
	s->loc = S_loc(l, m);
	dup = S_dupkeys(l, m);
	for (pi = 0, p = m->data.mapping.pairs.start;
	    p < m->data.mapping.pairs.top; p++, pi++) {
		k = S_node(l, p->key);
		v = S_node(l, p->value);
		if (k == NULL || k->type != YAML_SCALAR_NODE) {
			loc = S_loc(l, k);
			ecat_msg(l->cat->diag, ECAT_MSG_RULE_MALFORMED, &loc,
			    "selection %s: a key is not a field name", name);
			continue;
		}
		if (dup[pi])
			continue;
		key = (const char *)k->data.scalar.value;
		klen = k->data.scalar.length;
		bar = memchr(key, '|', klen);
		blen = bar != NULL ? (size_t)(bar - key) : klen;
		/* "|all" alone modifies a keyword list: no field. */
		if (blen == 0)
			continue;
		for (sys = -1, i = 0; sysfields[i] != NULL; i++)
			if (strlen(sysfields[i]) == blen &&
			    memcmp(sysfields[i], key, blen) == 0)
				sys = i;
		if (sys >= 0) {
			/* With a modifier (EventID|gt) no value is concrete. */
			if (bar != NULL)
				continue;
			if (sys == 0) {
				if (ids.n == 0)
					s->idloc = S_loc(l, k);
				if (v != NULL && v->type == YAML_SEQUENCE_NODE) {
					for (it = v->data.sequence.items.start;
					    it < v->data.sequence.items.top;
					    it++) {
						c = S_node(l, *it);
						if (S_eventid(c, &id) == -1 ||
						    !S_room(l, &l->nids,
						    S_MAX_IDS, "EventID values",
						    c))
							continue;
						*(uint32_t *)ecat_vec_add(&ids) = id;
						*(struct ecat_loc *)ecat_vec_add(
						    &idlocs) = S_loc(l, c);
					}
				} else if (S_eventid(v, &id) == 0 &&
				    S_room(l, &l->nids, S_MAX_IDS,
				    "EventID values", v)) {
					*(uint32_t *)ecat_vec_add(&ids) = id;
					*(struct ecat_loc *)ecat_vec_add(&idlocs) =
					    S_loc(l, v);
				}
			} else if (sys == 1)
				S_addstrs(l, v, &provs);
			else if (sys == 2)
				S_addstrs(l, v, &chans);
			continue;
		}
		if (!S_room(l, &l->nfields, S_MAX_FIELDS, "fields", k))
			continue;
		f = ecat_vec_add(&fields);
		f->name = ecat_strn(l->cat, key, blen);
		f->modifiers = bar != NULL ?
		    ecat_strn(l->cat, bar + 1, klen - blen - 1) : NULL;
		f->loc = S_loc(l, k);
		for (i = 0; headerfields[i] != NULL; i++)
			if (strcmp(headerfields[i], f->name) == 0)
				f->header = 1;
	}
	s->nids = (uint32_t)ids.n;
	s->ids = S_vdone(l->cat, &ids);
	s->idlocs = S_vdone(l->cat, &idlocs);
	s->nprovs = (uint32_t)provs.n;
	s->provs = S_vdone(l->cat, &provs);
	s->nchannels = (uint32_t)chans.n;
	s->channels = S_vdone(l->cat, &chans);
	s->nfields = (uint32_t)fields.n;
	s->fields = S_vdone(l->cat, &fields);
	free(dup);
}

/*
 * The detection mapping: selections into *sels, the first condition
 * into r->condition.  Returns whether a condition was found.
 */
static int
S_detection(struct ld *l, struct ecat_rule *r, const yaml_node_t *d,
    struct ecat_vec *sels)
{
	yaml_node_pair_t	*p;
	yaml_node_item_t	*it;
	yaml_node_t		*k, *v, *c;
	struct ecat_rsel	*s;
	const char		*name;
	uint8_t			*dup;
	size_t			 pi;
	int			 cond = 0;

	dup = S_dupkeys(l, d);
	for (pi = 0, p = d->data.mapping.pairs.start;
	    p < d->data.mapping.pairs.top; p++, pi++) {
		k = S_node(l, p->key);
		v = S_node(l, p->value);
		if (dup[pi] || (name = S_str(l, k)) == NULL)
			continue;
		if (strcmp(name, "condition") == 0) {
			cond = 1;
			c = v;
			if (c != NULL && c->type == YAML_SEQUENCE_NODE &&
			    c->data.sequence.items.start <
			    c->data.sequence.items.top)
				c = S_node(l, *c->data.sequence.items.start);
			r->condition = S_text(l, c);
			continue;
		}
		if (strcmp(name, "timeframe") == 0)
			continue;
		if (v != NULL && v->type == YAML_MAPPING_NODE) {
			S_selmap(l, name, v, sels);
			continue;
		}
		if (v != NULL && v->type == YAML_SEQUENCE_NODE) {
			/* Mappings ORed; keywords need no field. */
			int kw = 0;
			for (it = v->data.sequence.items.start;
			    it < v->data.sequence.items.top; it++) {
				c = S_node(l, *it);
				if (c != NULL && c->type == YAML_MAPPING_NODE)
					S_selmap(l, name, c, sels);
				else
					kw = 1;
			}
			if (!kw)
				continue;
		}
		/* A keyword selection: no field, no EventID. */
		if (!S_room(l, &l->nsels, S_MAX_SELS, "selection mappings",
		    v != NULL ? v : k))
			continue;
		s = ecat_vec_add(sels);
		s->name = name;
		s->loc = S_loc(l, v != NULL ? v : k);
	}
	free(dup);
	return cond;
}

/* ------------------------------------------------------------ the rule */

static int
S_usecmp(const void *a, const void *b)
{
	const struct ecat_ruse	*x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int
S_strpcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Merge the fields of every selection into r->uses. */
static void
S_uses(struct ld *l, struct ecat_rule *r)
{
	struct ecat_vec		 uses, mods;
	struct ecat_ruse	*u;
	struct ecat_buf		 b;
	const struct ecat_rfield *f;
	const char		*m;
	uint32_t		 i, j, k, x;

	ecat_vec_init(&uses, sizeof(struct ecat_ruse));
	for (i = 0; i < r->nsels; i++)
		for (j = 0; j < r->sels[i].nfields; j++) {
			f = &r->sels[i].fields[j];
			for (k = 0; k < uses.n; k++)
				if (((struct ecat_ruse *)uses.v)[k].name ==
				    f->name)
					break;
			if (k < uses.n)
				continue;
			u = ecat_vec_add(&uses);
			u->name = f->name;
			u->loc = f->loc;
		}
	ecat_buf_init(&b);
	for (k = 0; k < uses.n; k++) {
		u = &((struct ecat_ruse *)uses.v)[k];
		ecat_vec_init(&mods, sizeof(const char *));
		for (i = 0; i < r->nsels; i++)
			for (j = 0; j < r->sels[i].nfields; j++) {
				f = &r->sels[i].fields[j];
				if (f->name != u->name)
					continue;
				m = f->modifiers != NULL ? f->modifiers : "eq";
				for (x = 0; x < mods.n; x++)
					if (strcmp(((const char **)mods.v)[x],
					    m) == 0)
						break;
				if (x == mods.n)
					*(const char **)ecat_vec_add(&mods) = m;
			}
		qsort(mods.v, mods.n, mods.size, S_strpcmp);
		ecat_buf_reset(&b);
		ecat_buf_put(&b, "", 0);
		for (x = 0; x < mods.n; x++) {
			if (x > 0)
				ecat_buf_puts(&b, ", ");
			ecat_buf_puts(&b, ((const char **)mods.v)[x]);
		}
		u->modifiers = ecat_str(l->cat, b.buf);
		free(mods.v);
	}
	ecat_buf_free(&b);
	if (uses.n > 1)
		qsort(uses.v, uses.n, uses.size, S_usecmp);
	r->nuses = (uint32_t)uses.n;
	r->uses = S_vdone(l->cat, &uses);
}

/* Append r to the catalog's rules (arena array, doubled when full). */
static void
S_addrule(struct ecat_catalog *cat, struct ecat_rule *r)
{
	struct ecat_rule	**a;

	if (cat->nrules == cat->rulecap) {
		cat->rulecap = cat->rulecap ? cat->rulecap * 2 : 64;
		a = ECAT_NEWARRAY(cat, struct ecat_rule *, cat->rulecap);
		if (cat->nrules > 0)
			memcpy(a, cat->rules, cat->nrules * sizeof(*a));
		cat->rules = a;
	}
	cat->rules[cat->nrules++] = r;
}

/* One YAML document: a rule when it is a mapping with a detection. */
static void
S_document(struct ld *l, const yaml_node_t *root)
{
	struct ecat_catalog	*cat = l->cat;
	struct ecat_rule	*r;
	struct ecat_loc		 loc = S_loc(l, root);
	yaml_node_pair_t	*p;
	yaml_node_pair_t	*q;
	yaml_node_t		*k, *v, *lk, *lv, *det = NULL, *detk = NULL;
	struct ecat_vec		 sels;
	const char		*name;
	const char		*base;
	uint8_t			*dup, *ldup;
	size_t			 pi, qi;

	if (root->type != YAML_MAPPING_NODE) {
		ecat_msg(cat->diag, ECAT_MSG_RULE_MALFORMED, &loc,
		    "the document is a %s, not a mapping; skipped",
		    root->type == YAML_SEQUENCE_NODE ? "sequence" : "scalar");
		return;
	}
	/*
	 * Neither logsource nor detection: not a rule at all (SigmaHQ
	 * keeps backend configurations such as tests/thor.yml and the
	 * info.yml files of regression_data/ beside its rules).
	 */
	for (p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++)
		if (S_is(S_node(l, p->key), "logsource") ||
		    S_is(S_node(l, p->key), "detection"))
			break;
	if (p == root->data.mapping.pairs.top) {
		ecat_msg(cat->diag, ECAT_MSG_SRC_IGNORED, &loc,
		    "YAML without logsource or detection: not a Sigma rule");
		return;
	}
	l->nsels = l->nids = l->nfields = l->nvals = 0;
	l->capped = 0;
	r = ecat_alloc(cat, sizeof(*r));
	r->loc = loc;
	r->loc.col = 0;
	r->path = l->path;
	r->upstream = l->upstream;
	dup = S_dupkeys(l, root);
	for (pi = 0, p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++, pi++) {
		k = S_node(l, p->key);
		v = S_node(l, p->value);
		if (dup[pi] || (name = S_str(l, k)) == NULL)
			continue;
		if (strcmp(name, "title") == 0)
			r->title = S_text(l, v);
		else if (strcmp(name, "id") == 0)
			r->id = S_str(l, v);
		else if (strcmp(name, "status") == 0)
			r->status = S_str(l, v);
		else if (strcmp(name, "level") == 0)
			r->level = S_str(l, v);
		else if (strcmp(name, "author") == 0)
			r->author = S_text(l, v);
		else if (strcmp(name, "description") == 0)
			r->description = S_text(l, v);
		else if (strcmp(name, "date") == 0)
			r->date = S_str(l, v);
		else if (strcmp(name, "modified") == 0)
			r->modified = S_str(l, v);
		else if (strcmp(name, "references") == 0)
			r->refs = S_strlist(l, v, &r->nrefs);
		else if (strcmp(name, "tags") == 0)
			r->tags = S_strlist(l, v, &r->ntags);
		else if (strcmp(name, "logsource") == 0) {
			r->lsloc = S_loc(l, k);
			if (v == NULL || v->type != YAML_MAPPING_NODE)
				continue;
			ldup = S_dupkeys(l, v);
			for (qi = 0, q = v->data.mapping.pairs.start;
			    q < v->data.mapping.pairs.top; q++, qi++) {
				lk = S_node(l, q->key);
				lv = S_node(l, q->value);
				if (ldup[qi])
					continue;
				if (S_is(lk, "product"))
					r->product = S_str(l, lv);
				else if (S_is(lk, "service")) {
					r->service = S_str(l, lv);
					r->lsloc = S_loc(l, lk);
				} else if (S_is(lk, "category"))
					r->category = S_str(l, lv);
			}
			free(ldup);
		} else if (strcmp(name, "detection") == 0) {
			det = v;
			detk = k;
		}
	}
	free(dup);
	if (det == NULL || det->type != YAML_MAPPING_NODE) {
		if (detk != NULL)
			loc = S_loc(l, detk);
		ecat_msg(cat->diag, ECAT_MSG_RULE_MALFORMED, &loc,
		    det == NULL ? "no detection; skipped" :
		    "detection is not a mapping; skipped");
		return;
	}
	ecat_vec_init(&sels, sizeof(struct ecat_rsel));
	if (!S_detection(l, r, det, &sels)) {
		loc = S_loc(l, detk);
		ecat_msg(cat->diag, ECAT_MSG_RULE_MALFORMED, &loc,
		    "detection has no condition");
	}
	r->nsels = (uint32_t)sels.n;
	r->sels = S_vdone(cat, &sels);
	if (r->title == NULL) {
		ecat_msg(cat->diag, ECAT_MSG_RULE_MALFORMED, &r->loc,
		    "no title; the file name stands for it");
		base = strrchr(l->file, '/');
		r->title = base != NULL ? base + 1 : l->file;
	}
	S_uses(l, r);
	S_addrule(cat, r);
}

/*
 * base, then path percent-encoded (RFC 3986 §2.1): every byte but the
 * unreserved ones and '/', so that a file named "x#?.yml" links to
 * that file, not to "x" with a fragment.  SigmaHQ's own names need
 * none of it.
 */
static char *
S_urlpath(const char *base, const char *path)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 nb = strlen(base), i;
	char			*url, *o;
	unsigned char		 c;

	url = ecat_malloc(nb + 3 * strlen(path) + 1);
	memcpy(url, base, nb);
	for (o = url + nb, i = 0; path[i] != '\0'; i++) {
		c = (unsigned char)path[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/')
			*o++ = (char)c;
		else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return url;
}

/*
 * The rule's path in SigmaHQ's tree: from the last folder of name that
 * is one of SigmaHQ's top-level rule folders with at least one folder
 * below it ("rules/windows/x.yml", "unsupported/windows/x.yml"), else
 * the file's name.  Sets *upstream to the rule on GitHub, or NULL.
 */
static const char *
S_rulepath(struct ecat_catalog *cat, const char *name,
    const char **upstream)
{
	const char	*p, *best = NULL, *seg, *next;
	size_t		 len;
	int		 i, below;
	char		*url;

	*upstream = NULL;
	for (seg = name; seg != NULL; seg = next) {
		next = strchr(seg, '/');
		len = next != NULL ? (size_t)(next - seg) : strlen(seg);
		if (next != NULL)
			next++;
		if (next == NULL)
			break;
		for (i = 0; sigmatops[i] != NULL; i++)
			if (strlen(sigmatops[i]) == len &&
			    memcmp(sigmatops[i], seg, len) == 0)
				break;
		if (sigmatops[i] == NULL)
			continue;
		/* At least a folder and the file below it. */
		for (below = 0, p = next; (p = strchr(p, '/')) != NULL; p++)
			below++;
		if (below >= 1)
			best = seg;
	}
	if (best == NULL) {
		p = strrchr(name, '/');
		return ecat_str(cat, p != NULL ? p + 1 : name);
	}
	url = S_urlpath(S_UPSTREAM, best);
	*upstream = ecat_str(cat, url);
	free(url);
	return ecat_str(cat, best);
}

/* The line (1-based) of byte offset off in buf. */
static uint32_t
S_lineof(const char *buf, size_t len, size_t off)
{
	uint32_t	 line = 1;
	size_t		 i;

	for (i = 0; i < off && i < len; i++)
		if (buf[i] == '\n')
			line++;
	return line;
}

/*
 * How deep [ and { nest in buf, outside quoted scalars and comments.
 * A quote starts a scalar only where a scalar may start (after a
 * blank, or [ { , :); a bracket inside a plain or block scalar is
 * counted, so this may overestimate, never underestimate.  Stops
 * counting at max + 1.  Sets *line to where the depth first passed
 * max.  Returns the depth.
 */
unsigned
ecat_yaml_flowdepth(const char *buf, size_t len, unsigned max,
    uint32_t *line)
{
	unsigned	 d = 0, maxd = 0;
	uint32_t	 ln = 1;
	size_t		 i;
	char		 q = 0, prev = '\n';

	for (i = 0; i < len && maxd <= max; prev = buf[i++]) {
		char c = buf[i];

		if (c == '\n')
			ln++;
		if (q == '"') {
			if (c == '\\' && i + 1 < len)
				prev = buf[i++];
			else if (c == '"')
				q = 0;
			continue;
		}
		if (q == '\'') {
			if (c == '\'' && i + 1 < len && buf[i + 1] == '\'')
				prev = buf[i++];
			else if (c == '\'')
				q = 0;
			continue;
		}
		switch (c) {
		case '"':
		case '\'':
			if (strchr(" \t\r\n[{,:", prev) != NULL)
				q = c;
			break;
		case '#':
			if (strchr(" \t\r\n", prev) != NULL)
				while (i + 1 < len && buf[i + 1] != '\n')
					i++;
			break;
		case '[':
		case '{':
			if (++d > maxd && (maxd = d) > max)
				*line = ln;
			break;
		case ']':
		case '}':
			if (d > 0)
				d--;
			break;
		}
	}
	return maxd;
}

int
ecat_load_rules_mem(struct ecat_catalog *cat, const char *name,
    const char *buf, size_t len)
{
	struct ld		 l;
	yaml_parser_t		 parser;
	yaml_document_t		 doc;
	yaml_node_t		*root;
	struct ecat_loc		 loc;
	int			 ndocs = 0;

	memset(&l, 0, sizeof(l));
	l.cat = cat;
	l.file = ecat_file(cat, name);
	l.path = S_rulepath(cat, name, &l.upstream);
	loc.file = l.file;
	cat->nrulefiles++;
	if (ecat_yaml_flowdepth(buf, len, S_MAX_FLOW, &loc.line) > S_MAX_FLOW) {
		loc.col = 0;
		ecat_msg(cat->diag, ECAT_MSG_LIMIT, &loc, "YAML flow "
		    "collections nested more than %d deep; file not read",
		    S_MAX_FLOW);
		return 0;
	}
	/*
	 * libyaml has no allocator hook: a failed allocation inside it
	 * is YAML_MEMORY_ERROR, which is not the rule's fault, so it
	 * ends the run as etwcat's own allocation failures do (alloc.h).
	 * Some of its loader's allocations (a tag's copy) fail without
	 * setting any error: a failed load with YAML_NO_ERROR and no
	 * problem is one of those, not a malformed rule (it was reported
	 * as "YAML: error", exit 1, under tests/inject's failing malloc).
	 */
	if (!yaml_parser_initialize(&parser))
		ecat_oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	for (;;) {
		if (!yaml_parser_load(&parser, &doc)) {
			if (parser.error == YAML_MEMORY_ERROR ||
			    (parser.error == YAML_NO_ERROR &&
			    parser.problem == NULL))
				ecat_oom();
			if (parser.error == YAML_READER_ERROR) {
				loc.line = S_lineof(buf, len,
				    parser.problem_offset);
				loc.col = 0;
			} else {
				loc.line = (uint32_t)parser.problem_mark.line +
				    1;
				loc.col = (uint32_t)parser.problem_mark.column +
				    1;
			}
			ecat_msg(cat->diag, ECAT_MSG_RULE_MALFORMED, &loc,
			    "YAML: %s%s%s", parser.problem != NULL ?
			    parser.problem : "error",
			    parser.context != NULL ? " " : "",
			    parser.context != NULL ? parser.context : "");
			break;
		}
		if ((root = yaml_document_get_root_node(&doc)) == NULL) {
			yaml_document_delete(&doc);
			if (ndocs == 0) {
				loc.line = 1;
				loc.col = 0;
				ecat_msg(cat->diag, ECAT_MSG_RULE_MALFORMED,
				    &loc, "no YAML document");
			}
			break;
		}
		ndocs++;
		l.doc = &doc;
		S_document(&l, root);
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
	return 0;
}

/* One rule file: read whole, then parsed from memory. */
static int
S_load_file(struct ecat_catalog *cat, const char *path)
{
	char		*buf;
	size_t		 len;

	if ((buf = ecat_slurp_max(cat, path, S_MAX_RULE_FILE, &len)) == NULL)
		return -1;
	ecat_load_rules_mem(cat, path, buf, len);
	free(buf);
	return 0;
}

static int
S_isrule(const char *path)
{
	return ecat_hassuffix(path, ".yml") || ecat_hassuffix(path, ".yaml");
}

static int
S_visit(struct ecat_walk *w, const char *path)
{
	return S_load_file(w->cat, path);
}

int
ecat_load_rules(struct ecat_catalog *cat, const char *path)
{
	struct stat	 st;
	struct ecat_loc	 loc;

	if (stat(path, &st) == -1) {
		loc.file = ecat_file(cat, path);
		loc.line = loc.col = 0;
		ecat_msg(cat->diag, ECAT_MSG_IO_OPEN, &loc, "%s",
		    strerror(errno));
		return -1;
	}
	/* Every .yml/.yaml file under path, in byte order; a folder that
	   cannot be read is reported. */
	if (S_ISDIR(st.st_mode)) {
		struct ecat_walk w = { cat, ECAT_WALK_REPORT, 0,
		    ECAT_WALK_MAXDEPTH, S_isrule, S_visit, NULL };

		return ecat_walk(&w, path);
	}
	return S_load_file(cat, path);
}
