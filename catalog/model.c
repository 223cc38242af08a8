/*
 * model.c: catalog construction, indexes and the shape interner.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "carry.h"
#include "model.h"
#include "model_build.h"
#include "sample.h"

/*
 * The provider index (key: interned name pointer), the per-provider
 * key index (integer key (id << 16) | version) and the shape interner
 * (integer key: the content hash; value: a chain) are struct ecat_htab
 * (alloc.h) behind the void pointers of model.h.
 */
static struct ecat_htab *
S_tab_new(void)
{
	struct ecat_htab	*t;

	t = ecat_malloc(sizeof(*t));
	ecat_htab_init(t, ECAT_HKEY_PTR, 0);
	return t;
}

static void *
S_tab_get(const struct ecat_htab *t, const void *k, uint64_t key)
{
	const struct ecat_hent	*e;

	if (t == NULL || (e = ecat_htab_pfind(t, k, key)) == NULL)
		return NULL;
	return e->v.p;
}

static void
S_tab_free(struct ecat_htab *t)
{
	if (t == NULL)
		return;
	ecat_htab_free(t);
	free(t);
}

/*
 * The content interners of shapes and events: a node per distinct
 * content, chained from a bucket array by the content's hash (load at
 * most one), where an ecat_htab entry per hash took 40 bytes at most
 * half full.  Over every shared source the event contents' table took
 * 524,288 entries, 20 MB, for 133,395 contents; its buckets now take
 * 1 MB, its nodes 8 bytes more each (bench/load_mem.sh).
 */
struct hnode {
	struct hnode	*next;
	uint64_t	 h;
};

struct chaintab {
	struct hnode	**b;
	size_t		  cap;	/* a power of two */
	size_t		  n;
};

static struct chaintab *
S_chain_new(void)
{
	struct chaintab	*t;

	t = ecat_malloc(sizeof(*t));
	t->cap = 1024;
	t->n = 0;
	t->b = ecat_calloc(t->cap, sizeof(*t->b));
	return t;
}

static void
S_chain_free(struct chaintab *t)
{
	if (t == NULL)
		return;
	free(t->b);
	free(t);
}

/* The first node of h's bucket (other hashes may share it). */
static struct hnode *
S_chain_get(const struct chaintab *t, uint64_t h)
{
	return t->b[h & (t->cap - 1)];
}

/* Add n (its h set) in front of its bucket; the table doubles past one
   node a bucket. */
static void
S_chain_put(struct chaintab *t, struct hnode *n)
{
	struct hnode	**b, *c, *next;
	size_t		  i, cap;

	if (t->n + 1 > t->cap) {
		cap = t->cap * 2;
		b = ecat_calloc(cap, sizeof(*b));
		/* Order in a bucket does not matter: a content has one
		   node. */
		for (i = 0; i < t->cap; i++)
			for (c = t->b[i]; c != NULL; c = next) {
				next = c->next;
				c->next = b[c->h & (cap - 1)];
				b[c->h & (cap - 1)] = c;
			}
		free(t->b);
		t->b = b;
		t->cap = cap;
	}
	n->next = t->b[n->h & (t->cap - 1)];
	t->b[n->h & (t->cap - 1)] = n;
	t->n++;
}

/* Shape interner: a node of the chained table. */
struct shapenode {
	struct hnode		 hn;	/* first: the table's */
	struct ecat_shape	 shape;
};

/*
 * Jansson (build.json, samples) allocates through etwcat's wrappers,
 * which report "out of memory" and exit with status 3 (alloc.h); with
 * its own malloc a failed allocation reads as a JSON syntax error and
 * a good file would be reported as build-json or sample-malformed
 * (tests/fault_injection.sh).  Set once, here, because every use of
 * the library starts with a catalog.  (libxml2 is set up the same way
 * in manifest.c, its only user.)
 */
static pthread_once_t	 S_json_once = PTHREAD_ONCE_INIT;

static void
S_json_init(void)
{
	json_set_alloc_funcs(ecat_malloc, free);
}

struct ecat_catalog *
ecat_catalog_new(struct ecat_diag *diag)
{
	struct ecat_catalog	*cat;

	pthread_once(&S_json_once, S_json_init);
	cat = ecat_calloc(1, sizeof(*cat));
	cat->arena = ecat_arena_new();
	cat->strings = ecat_intern_new(cat->arena);
	cat->diag = diag;
	cat->shapeindex = S_chain_new();
	cat->provindex = S_tab_new();
	return cat;
}

void
ecat_catalog_free(struct ecat_catalog *cat)
{
	uint32_t	 i;

	if (cat == NULL)
		return;
	for (i = 0; i < cat->nproviders; i++) {
		for (uint32_t k = 0; k < cat->providers[i]->nkeys; k++)
			free(cat->providers[i]->keys[k]->occ);
		S_tab_free(cat->providers[i]->keyindex);
		free(cat->providers[i]->inbuild);
		free(cat->providers[i]->keys);
		free(cat->providers[i]->schemas);
	}
	ecat_records_free(cat);
	ecat_tsv_forget(cat);
	S_chain_free(cat->evindex);
	S_chain_free(cat->shapeindex);
	S_tab_free(cat->provindex);
	free(cat->builds);
	free(cat->providers);
	free(cat->shapes);
	free(cat->drift);
	free(cat->roots);
	ecat_intern_free(cat->strings);
	ecat_arena_free(cat->arena);
	free(cat);
}

void *
ecat_alloc(struct ecat_catalog *cat, size_t n)
{
	return ecat_arena_alloc(cat->arena, n);
}

const char *
ecat_str(struct ecat_catalog *cat, const char *s)
{
	return ecat_intern_str(cat->strings, s);
}

const char *
ecat_strn(struct ecat_catalog *cat, const char *s, size_t n)
{
	return s == NULL ? NULL : ecat_intern(cat->strings, s, n);
}

const char *
ecat_file(struct ecat_catalog *cat, const char *path)
{
	return ecat_str(cat, path);
}

/* --------------------------------------------------------------- builds */

struct ecat_build *
ecat_build_find(const struct ecat_catalog *cat, const char *id)
{
	uint32_t	 i;

	for (i = 0; i < cat->nbuilds; i++)
		if (strcmp(cat->builds[i]->id, id) == 0)
			return cat->builds[i];
	return NULL;
}

/*
 * The build number of a folder name such as "Win10-1803-17134" or
 * "WS2022-20348.4893": the last run of 4-5 digits that is not a year
 * -like release name.  build.json overrides it.
 */
static uint32_t
S_build_number(const char *id, const char **rev)
{
	const char	*p, *best = NULL;
	size_t		 n;

	*rev = NULL;
	for (p = id; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p) ||
		    (p > id && isdigit((unsigned char)p[-1])))
			continue;
		n = strspn(p, "0123456789");
		if (n == 5 || (n == 4 && p > id && p[-1] == '-' &&
		    p[n] == '\0'))
			best = p;
	}
	if (best == NULL)
		return 0;
	if (best[strspn(best, "0123456789")] == '.')
		*rev = best;
	return (uint32_t)strtoul(best, NULL, 10);
}

struct ecat_build *
ecat_build_get(struct ecat_catalog *cat, const char *id)
{
	struct ecat_build	*b;
	const char		*rev;

	if ((b = ecat_build_find(cat, id)) != NULL)
		return b;
	b = ecat_alloc(cat, sizeof(*b));
	b->id = ecat_str(cat, id);
	b->build_number = S_build_number(id, &rev);
	if (rev != NULL)
		b->revision = ecat_str(cat, rev);
	if (cat->nbuilds == cat->buildcap) {
		cat->buildcap = cat->buildcap ? cat->buildcap * 2 : 16;
		cat->builds = ecat_reallocarray(cat->builds, cat->buildcap,
		    sizeof(*cat->builds));
	}
	b->index = cat->nbuilds;
	b->serial = cat->nbuilds;
	cat->builds[cat->nbuilds++] = b;
	return b;
}

/* ------------------------------------------------------------ providers */

/*
 * Each file of a build asks whether its provider has a schema in that
 * build already (ecat_pschema_alike(), tsv.c S_reuse()): a scan of the
 * provider's schemas made that quadratic in builds, a cache miss per
 * schema (a fifth of the TSV loader's own time over the 170 builds of
 * bench/stress.sh, perf).  A bit per build's serial answers "no" at
 * once; a set bit is confirmed by the scan (a build made by hand, not
 * by ecat_build_get(), has serial 0).
 */
static void
S_inbuild_set(struct ecat_provider *p, const struct ecat_build *b)
{
	uint32_t	 w = b->serial / 64, n;

	if (w >= p->ninbuild) {
		n = w + 1 > 2 * p->ninbuild ? w + 1 : 2 * p->ninbuild;
		p->inbuild = ecat_reallocarray(p->inbuild, n,
		    sizeof(*p->inbuild));
		memset(p->inbuild + p->ninbuild, 0,
		    (n - p->ninbuild) * sizeof(*p->inbuild));
		p->ninbuild = n;
	}
	p->inbuild[w] |= (uint64_t)1 << (b->serial % 64);
}

const struct ecat_pschema *
ecat_provider_schema_in(const struct ecat_provider *p,
    const struct ecat_build *b)
{
	uint32_t	 i, w = b->serial / 64;

	if (w >= p->ninbuild ||
	    (p->inbuild[w] & (uint64_t)1 << (b->serial % 64)) == 0)
		return NULL;
	for (i = p->nschemas; i-- > 0; )
		if (p->schemas[i]->build == b)
			return p->schemas[i];
	return NULL;
}

/*
 * ETW treats provider names case-insensitively, and the corpus spells
 * one provider two ways across builds (PersistentMemory-ScmBus and
 * -Scmbus), so the index is keyed by the lower-cased name; the
 * provider keeps the first spelling seen.
 */
static const char *
S_foldkey(const struct ecat_catalog *cat, const char *name, int insert)
{
	char		 small[256], *buf = small;
	const char	*in;
	size_t		 n = strlen(name), i;

	if (n >= sizeof(small))
		buf = ecat_malloc(n + 1);
	for (i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	buf[n] = '\0';
	in = insert ? ecat_intern(cat->strings, buf, n) :
	    ecat_intern_find(cat->strings, buf, n);
	if (buf != small)
		free(buf);
	return in;
}

struct ecat_provider *
ecat_provider_find(const struct ecat_catalog *cat, const char *name)
{
	const char	*key;

	/* A name never interned names no provider. */
	if ((key = S_foldkey(cat, name, 0)) == NULL)
		return NULL;
	return S_tab_get(cat->provindex, key, 0);
}

struct ecat_provider *
ecat_provider_get(struct ecat_catalog *cat, const char *name)
{
	struct ecat_provider	*p;
	struct ecat_hent	*e;

	e = ecat_htab_pput(cat->provindex, S_foldkey(cat, name, 1), 0, NULL);
	if (e->v.p != NULL)
		return e->v.p;
	p = ecat_alloc(cat, sizeof(*p));
	e->v.p = p;
	p->name = ecat_str(cat, name);
	p->keyindex = S_tab_new();
	if (cat->nproviders == cat->providercap) {
		cat->providercap = cat->providercap ? cat->providercap * 2 : 256;
		cat->providers = ecat_reallocarray(cat->providers,
		    cat->providercap, sizeof(*cat->providers));
	}
	cat->providers[cat->nproviders++] = p;
	return p;
}

const char *
ecat_guid_norm(struct ecat_catalog *cat, const char *s)
{
	char	 out[39];
	size_t	 i, j, n;

	if (s == NULL)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		n = 36;
	}
	if (n != 36)
		return NULL;
	out[0] = '{';
	for (i = 0, j = 1; i < 36; i++, j++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return NULL;
			out[j] = '-';
		} else if (isxdigit((unsigned char)s[i]))
			out[j] = (char)tolower((unsigned char)s[i]);
		else
			return NULL;
	}
	out[37] = '}';
	out[38] = '\0';
	return ecat_str(cat, out);
}

struct ecat_provider *
ecat_provider_find_guid(const struct ecat_catalog *cat, const char *guid)
{
	char		 norm[39];
	size_t		 i, j, n;
	uint32_t	 k;

	/* Normalise without interning (cat is const). */
	if (guid == NULL)
		return NULL;
	n = strlen(guid);
	if (n == 38 && guid[0] == '{')
		guid++, n = 36;
	if (n != 36)
		return NULL;
	norm[0] = '{';
	for (i = 0, j = 1; i < 36; i++, j++)
		norm[j] = (char)tolower((unsigned char)guid[i]);
	norm[37] = '}';
	norm[38] = '\0';
	for (k = 0; k < cat->nproviders; k++)
		if (cat->providers[k]->guid != NULL &&
		    strcmp(cat->providers[k]->guid, norm) == 0)
			return cat->providers[k];
	return NULL;
}

/*
 * The rebuild (docs/etw-manifest-reference.md §5.4), the source of the
 * public Windows corpora, writes resourceFileName and messageFileName
 * as the provider's name, where a compiled manifest names a PE file;
 * 868 of the 869 providers of the 1803 corpus match, the odd one
 * being a hand-written Kernel-General.  Lint and validate go easier on
 * such a schema, and the TSV export keeps its names and order.
 */
int
ecat_pschema_rebuilt(const struct ecat_pschema *ps)
{
	return ps->format == ECAT_FMT_MANIFEST && ps->name != NULL &&
	    ps->resource_file != NULL && ps->message_file != NULL &&
	    strcmp(ps->resource_file, ps->name) == 0 &&
	    strcmp(ps->message_file, ps->name) == 0;
}

/* ----------------------------------------------------------------- keys */

static uint64_t
S_keyof(uint32_t id, uint16_t version)
{
	return ((uint64_t)id << 16) | version;
}

/*
 * Keys are found by hash while a provider is being loaded and by
 * binary search once ecat_catalog_finish() has sorted them: the finish
 * frees the hash tables (p->keyindex NULL), 7.8 MB of slots for the
 * 69,000 keys of the 17 TSV builds (bench/load_mem.c).  A key added
 * after that (a sample observed late) brings the table back until the
 * next finish, since it is appended out of order.
 */
struct ecat_evkey *
ecat_evkey_find(const struct ecat_provider *p, uint32_t id, uint16_t version)
{
	struct ecat_evkey	*k;
	uint32_t		 lo = 0, hi = p->nkeys, mid;

	if (p->keyindex != NULL)
		return S_tab_get(p->keyindex, NULL, S_keyof(id, version));
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		k = p->keys[mid];
		if (k->id == id && k->version == version)
			return k;
		if (k->id < id || (k->id == id && k->version < version))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct ecat_evkey *
S_evkey_get(struct ecat_catalog *cat, struct ecat_provider *p, uint32_t id,
    uint16_t version)
{
	struct ecat_evkey	*k;
	struct ecat_hent	*e;
	uint32_t		 i;

	if (p->keyindex == NULL) {
		if ((k = ecat_evkey_find(p, id, version)) != NULL)
			return k;
		p->keyindex = S_tab_new();
		for (i = 0; i < p->nkeys; i++)
			ecat_htab_pput(p->keyindex, NULL, S_keyof(p->keys[i]->id,
			    p->keys[i]->version), NULL)->v.p = p->keys[i];
	}
	e = ecat_htab_pput(p->keyindex, NULL, S_keyof(id, version), NULL);
	if (e->v.p != NULL)
		return e->v.p;
	k = ecat_alloc(cat, sizeof(*k));
	k->id = id;
	k->version = version;
	e->v.p = k;
	if (p->nkeys == p->keycap) {
		p->keycap = p->keycap ? p->keycap * 2 : 16;
		p->keys = ecat_reallocarray(p->keys, p->keycap,
		    sizeof(*p->keys));
	}
	p->keys[p->nkeys++] = k;
	return k;
}

/*
 * Occurrence arrays grow with realloc, not in the arena: growing in
 * the arena abandoned the old arrays, about 45 MB over the 17-build
 * corpus.  A key gains about one occurrence per build, so the arrays
 * grow by a quarter (at least 4), not double: doubling left 44% of
 * them unused at 17 builds (1,452,000 allocated for 845,000), and
 * ecat_catalog_finish() trims each to its length.  ecat_catalog_free()
 * frees them.
 */
static struct ecat_occ *
S_occ_add(struct ecat_evkey *k)
{
	uint32_t	 cap;

	if (k->nocc == k->occcap) {
		if (k->occcap == UINT32_MAX)
			ecat_oom();
		cap = k->occcap < 16 ? k->occcap + 4 :
		    k->occcap + k->occcap / 4;
		if (cap < k->occcap)
			cap = UINT32_MAX;
		k->occ = ecat_reallocarray(k->occ, cap, sizeof(*k->occ));
		k->occcap = cap;
	}
	return &k->occ[k->nocc++];
}

/* Trim a key's occurrences to their length once loading is done. */
static void
S_occ_trim(struct ecat_evkey *k)
{
	if (k->nocc == k->occcap || k->nocc == 0)
		return;
	k->occ = ecat_reallocarray(k->occ, k->nocc, sizeof(*k->occ));
	k->occcap = k->nocc;
}

/* -------------------------------------------------------------- schemas */

struct ecat_pschema *
ecat_pschema_new(struct ecat_catalog *cat, const char *name,
    struct ecat_build *b, enum ecat_srckind kind, enum ecat_format fmt,
    const struct ecat_loc *loc)
{
	return ecat_pschema_new_interned(cat, ecat_str(cat, name), b, kind,
	    fmt, loc);
}

struct ecat_pschema *
ecat_pschema_new_interned(struct ecat_catalog *cat, const char *name,
    struct ecat_build *b, enum ecat_srckind kind, enum ecat_format fmt,
    const struct ecat_loc *loc)
{
	struct ecat_pschema	*ps;

	ps = ecat_alloc(cat, sizeof(*ps));
	ps->name = name;
	ps->build = b;
	ps->kind = kind;
	ps->format = fmt;
	if (loc != NULL)
		ps->loc = *loc;
	return ps;
}

/*
 * Another schema of p in ps's build: a second definition of one
 * provider (source-duplicate-provider).  Names are case-folded, so
 * A_B and a_b meet here; a different GUID makes them two providers
 * that one name cannot hold, and the later one is left out rather
 * than have its events filed under the first one's GUID.  Returns 1
 * when ps is to be left out.
 */
static int
S_pschema_dup(struct ecat_catalog *cat, const struct ecat_provider *p,
    const struct ecat_pschema *ps)
{
	const struct ecat_pschema	*q;
	struct ecat_msgctx		 ctx = { NULL, NULL, -1, -1, NULL };
	uint32_t			 i;

	if (ecat_provider_schema_in(p, ps->build) == NULL)
		return 0;
	for (i = 0; i < p->nschemas; i++) {
		q = p->schemas[i];
		if (q->build != ps->build)
			continue;
		ctx.build = ps->build->id;
		ctx.provider = ps->name;
		if (q->guid != NULL && ps->guid != NULL &&
		    strcmp(q->guid, ps->guid) != 0) {
			ecat_msgx(cat->diag, ECAT_MSG_SRC_DUP_PROVIDER,
			    &ps->loc, &ctx, "%s %s: %s (%s:%u) has the same "
			    "name but for case and the GUID %s; not loaded, "
			    "so that its events are not filed under that "
			    "GUID", ps->name, ps->guid, q->name,
			    q->loc.file != NULL ? q->loc.file : "?",
			    q->loc.line, q->guid);
			return 1;
		}
		/*
		 * Manifest files of other origins (a WEPExplorer and an
		 * etwlib dump) are merged (merge.h); a manifest and a MOF
		 * TSV of one name are two providers.
		 */
		if (q->kind == ps->kind && (q->loc.file == ps->loc.file ||
		    ps->kind != ECAT_SRC_MANIFEST ||
		    ecat_pschema_origin(q) == ecat_pschema_origin(ps))) {
			ecat_msgx(cat->diag, ECAT_MSG_SRC_DUP_PROVIDER,
			    &ps->loc, &ctx, "%s, first defined at %s:%u",
			    ps->name, q->loc.file != NULL ? q->loc.file :
			    "?", q->loc.line);
			return 0;
		}
	}
	return 0;
}

/* ---------------------------------------------------- event contents */

/*
 * An event's content is interned as shapes are: a hash of every
 * member, then a chain of the contents with that hash.  The strings
 * a loader gives are interned, so they are compared (and hashed) as
 * pointers; two equal texts at different addresses would only miss a
 * share, never merge different contents.
 */
struct evnode {
	struct hnode		 hn;	/* first: the table's (shapenode) */
	struct ecat_event	 ev;
};

static uint64_t
S_hptr(uint64_t h, const void *p)
{
	return ecat_hmix(h ^ (uint64_t)(uintptr_t)p);
}

static uint64_t
S_event_hash(const struct ecat_event *e)
{
	uint64_t	 h;

	h = ecat_hmix(ECAT_HASH_SEED ^ ((uint64_t)e->id << 16 ^ e->version));
	h = ecat_hmix(h ^ ((uint64_t)e->has << 40 | (uint64_t)e->level << 32 |
	    (uint64_t)e->opcode << 24 | (uint64_t)e->channel << 16 | e->task));
	h = ecat_hmix(h ^ e->keywords);
	h = S_hptr(h, e->name);
	h = S_hptr(h, e->symbol);
	h = S_hptr(h, e->level_name);
	h = S_hptr(h, e->task_name);
	h = S_hptr(h, e->opcode_name);
	h = S_hptr(h, e->keywords_names);
	h = S_hptr(h, e->channel_name);
	h = S_hptr(h, e->template_ref);
	h = S_hptr(h, e->tmpl != NULL ? e->tmpl->tid : NULL);
	h = S_hptr(h, e->tmpl != NULL ? e->tmpl->shape : NULL);
	h = S_hptr(h, e->message);
	h = S_hptr(h, e->message_ref);
	h = S_hptr(h, e->mof_class);
	h = S_hptr(h, e->mof_type);
	return S_hptr(h, e->mof_desc);
}

static int
S_event_eq(const struct ecat_event *x, const struct ecat_event *y)
{
	if ((x->tmpl == NULL) != (y->tmpl == NULL))
		return 0;
	if (x->tmpl != NULL && (x->tmpl->tid != y->tmpl->tid ||
	    x->tmpl->shape != y->tmpl->shape))
		return 0;
	return x->id == y->id && x->version == y->version &&
	    x->has == y->has && x->level == y->level &&
	    x->opcode == y->opcode && x->channel == y->channel &&
	    x->task == y->task && x->keywords == y->keywords &&
	    x->name == y->name && x->symbol == y->symbol &&
	    x->level_name == y->level_name &&
	    x->task_name == y->task_name &&
	    x->opcode_name == y->opcode_name &&
	    x->keywords_names == y->keywords_names &&
	    x->channel_name == y->channel_name &&
	    x->template_ref == y->template_ref &&
	    x->message == y->message && x->message_ref == y->message_ref &&
	    x->mof_class == y->mof_class && x->mof_type == y->mof_type &&
	    x->mof_desc == y->mof_desc;
}

/* The shared copy of e's content, made on first sight. */
static const struct ecat_event *
S_event_intern(struct ecat_catalog *cat, const struct ecat_event *e)
{
	struct evnode		*n;
	uint64_t		 h;

	if (cat->evindex == NULL)
		cat->evindex = S_chain_new();
	h = S_event_hash(e);
	for (n = (struct evnode *)S_chain_get(cat->evindex, h); n != NULL;
	    n = (struct evnode *)n->hn.next)
		if (n->hn.h == h && S_event_eq(&n->ev, e))
			return &n->ev;
	n = ecat_alloc(cat, sizeof(*n));
	n->ev = *e;
	n->hn.h = h;
	S_chain_put(cat->evindex, &n->hn);
	cat->ncontents++;
	return &n->ev;
}

/*
 * File the occurrences of p's schemas from schemas[nindexed] up to
 * schemas[upto], which are all schemas alike an earlier one (their
 * keys exist and their rows are distinct keys).  Filing a row at once,
 * in load order, went build by build through every provider's keys
 * and occurrence arrays, a cache miss or two per row (S_pschema_index
 * was 14% of validate over the 170 builds of bench/stress.sh, perf);
 * filed here, one provider at a time, its keys stay in cache, each
 * array is allocated once at its size, and the occurrences come in
 * the order a row-at-a-time filing gave.
 */
static void
S_index_pending(struct ecat_catalog *cat, struct ecat_provider *p,
    uint32_t upto)
{
	/*
	 * The keys of a schema's rows, by rows array: alike schemas
	 * share one (most providers have one file, some two, per build),
	 * so the few last arrays seen are kept and looked up only once.
	 */
	struct {
		const struct ecat_evrow	*rows;
		struct ecat_evkey	**keys;
		uint32_t		 n, cap;
	}				 kc[4];
	const struct ecat_pschema	*ps;
	struct ecat_evkey		**keys, *k;
	struct ecat_occ			*o;
	uint32_t			 s, i, c, next = 0, cap, pass;

	if (p->nindexed >= upto)
		return;
	memset(kc, 0, sizeof(kc));
	/* Count each key's new occurrences, then file them. */
	for (pass = 0; pass < 2; pass++)
		for (s = p->nindexed; s < upto; s++) {
			ps = p->schemas[s];
			if (ps->nevents == 0)
				continue;
			for (c = 0; c < 4 && kc[c].rows != ps->events; c++)
				continue;
			if (c == 4) {
				c = next;
				next = (next + 1) % 4;
				if (kc[c].cap < ps->nevents) {
					kc[c].cap = ps->nevents;
					kc[c].keys = ecat_reallocarray(
					    kc[c].keys, kc[c].cap,
					    sizeof(*kc[c].keys));
				}
				kc[c].rows = ps->events;
				for (i = 0; i < ps->nevents; i++)
					kc[c].keys[i] = S_evkey_get(cat, p,
					    ps->events[i].ev->id,
					    ps->events[i].ev->version);
			}
			keys = kc[c].keys;
			if (pass == 0) {
				for (i = 0; i < ps->nevents; i++)
					keys[i]->npend++;
				continue;
			}
			for (i = 0; i < ps->nevents; i++) {
				k = keys[i];
				if (k->npend > 0) {
					if (k->nocc + (uint64_t)k->npend >
					    UINT32_MAX)
						ecat_oom();
					cap = k->nocc + k->npend;
					if (cap > k->occcap) {
						k->occ = ecat_reallocarray(
						    k->occ, cap,
						    sizeof(*k->occ));
						k->occcap = cap;
					}
					k->npend = 0;
				}
				/* As S_pschema_index(): one per (build,
				   source).  ps is no sample schema, so its
				   occurrences are those whose ps it is. */
				if (k->nocc > 0 && k->occ[k->nocc - 1].ps == ps)
					continue;
				o = S_occ_add(k);
				o->ps = ps;
				o->rowix = i;
				o->nsamples = 0;
				cat->nevents++;
			}
		}
	for (c = 0; c < 4; c++)
		free(kc[c].keys);
	p->nindexed = upto;
}

/*
 * File ps under its provider and index its rows by key; evs (NULL when
 * the rows are an earlier schema's, their contents known) gives each
 * row's content to intern.  The rows of an earlier schema's alike are
 * filed later (S_index_pending()), before anything reads p's
 * occurrences: a parsed schema of p, a sample observed, the finish.
 */
static void
S_pschema_index(struct ecat_catalog *cat, struct ecat_provider *p,
    struct ecat_pschema *ps, const struct ecat_evsrc *evs)
{
	struct ecat_evkey	*k;
	struct ecat_occ		*o;
	struct ecat_evrow	*r;
	const struct ecat_evrow	*lr;
	const struct ecat_event	*e, *last;
	uint32_t		 i;

	ps->provider = p;
	if (p->guid == NULL && ps->guid != NULL)
		p->guid = ps->guid;
	if (ps->format == ECAT_FMT_TSV_MOF)
		p->mof = 1;
	if (p->nschemas == p->schemacap) {
		p->schemacap = p->schemacap ? p->schemacap * 2 : 4;
		p->schemas = ecat_reallocarray(p->schemas, p->schemacap,
		    sizeof(*p->schemas));
	}
	p->schemas[p->nschemas++] = ps;
	S_inbuild_set(p, ps->build);
	if (evs == NULL)
		return;
	S_index_pending(cat, p, p->nschemas - 1);
	for (i = 0; i < ps->nevents; i++) {
		r = &ps->events[i];
		e = &evs[i].ev;
		k = S_evkey_get(cat, p, e->id, e->version);
		/*
		 * Most builds describe an event as the build before did:
		 * the key's last content is tried before the table, whose
		 * probes were most of this function (perf, 17 TSV builds).
		 */
		lr = k->nocc > 0 ? ecat_occ_row(&k->occ[k->nocc - 1]) : NULL;
		last = lr != NULL ? lr->ev : NULL;
		r->ev = last != NULL && S_event_eq(last, e) ? last :
		    S_event_intern(cat, e);
		/*
		 * A duplicate (id, version) inside one source is a lint
		 * finding; index only the first so that every occurrence
		 * names a distinct (build, source).
		 */
		if (k->nocc > 0 && ecat_occ_schema(&k->occ[k->nocc - 1]) ==
		    ps) {
			ps->dups = 1;
			continue;
		}
		o = S_occ_add(k);
		o->ps = ps;
		o->rowix = i;
		o->nsamples = 0;
		cat->nevents++;
	}
	p->nindexed = p->nschemas;
}

void
ecat_pschema_commit(struct ecat_catalog *cat, struct ecat_pschema *ps,
    const struct ecat_evsrc *evs, uint32_t n)
{
	struct ecat_provider	*p;
	struct ecat_evrow	*r;
	uint32_t		 i;

	ps->events = n > 0 ? ECAT_NEWARRAY(cat, struct ecat_evrow, n) : NULL;
	ps->nevents = n;
	for (i = 0; i < n; i++) {
		r = &ps->events[i];
		r->ev = NULL;
		r->tmpl = evs[i].ev.tmpl;
		r->line = evs[i].loc.line;
		r->col = evs[i].loc.col;
		r->record = NULL;
	}
	p = ecat_provider_get(cat, ps->name);
	if (S_pschema_dup(cat, p, ps)) {
		for (i = 0; i < n; i++)
			ps->events[i].ev = S_event_intern(cat, &evs[i].ev);
		return;
	}
	S_pschema_index(cat, p, ps, evs);
}

/*
 * Would a TSV file give the rows and templates of one an earlier build
 * of its provider had under the same file name?  Most builds repeat
 * most files byte for byte (15,257 of the 17,935 TSV files of the 17
 * builds of ../shared/corpus/tsv/jdu2600), and such a file's rows are
 * then shared rather than copied: rows and templates were 421 of the
 * 820 MB the 170-build stress catalog took (bench/load_mem.sh).
 * Equal here means what a row or template holds: content, line,
 * column, template shape, id and line; the file name is the schema's.
 */
const struct ecat_pschema *
ecat_pschema_alike(struct ecat_catalog *cat, const struct ecat_pschema *ps,
    const struct ecat_template *tm, uint32_t ntm,
    const struct ecat_evsrc *evs, uint32_t n)
{
	const struct ecat_provider	*p;
	const struct ecat_pschema	*q = NULL, *x;
	const struct ecat_template	*a, *b;
	const struct ecat_evrow		*r;
	uint32_t			 i;

	if (ps->tsv_file == NULL || ps->nmaps > 0 ||
	    (p = ecat_provider_find(cat, ps->name)) == NULL)
		return NULL;
	/* Not when the build has the provider already (S_pschema_dup). */
	if (ecat_provider_schema_in(p, ps->build) != NULL)
		return NULL;
	for (i = p->nschemas; q == NULL && i-- > 0; ) {
		x = p->schemas[i];
		if (x->tsv_file == ps->tsv_file &&
		    x->format == ps->format && x->kind == ps->kind)
			q = x;
	}
	if (q == NULL || q->dups || q->nmaps > 0 || q->nevents != n ||
	    q->ntemplates != ntm)
		return NULL;
	for (i = 0; i < ntm; i++) {
		a = &q->templates[i];
		b = &tm[i];
		if (a->tid != b->tid || a->shape != b->shape ||
		    a->loc.line != b->loc.line || a->loc.col != b->loc.col ||
		    a->field_lines != NULL || b->field_lines != NULL)
			return NULL;
	}
	for (i = 0; i < n; i++) {
		r = &q->events[i];
		if (r->line != evs[i].loc.line || r->col != evs[i].loc.col ||
		    (r->tmpl == NULL) != (evs[i].ev.tmpl == NULL) ||
		    (r->tmpl != NULL &&
		    r->tmpl - q->templates != evs[i].ev.tmpl - tm) ||
		    !S_event_eq(r->ev, &evs[i].ev))
			return NULL;
	}
	return q;
}

void
ecat_pschema_commit_alike(struct ecat_catalog *cat, struct ecat_pschema *ps,
    const struct ecat_pschema *q)
{
	ps->templates = q->templates;
	ps->ntemplates = q->ntemplates;
	ps->events = q->events;
	ps->nevents = q->nevents;
	ps->dups = q->dups;		/* the same rows */
	/* ps->name is q's (ecat_pschema_alike()), so is its provider. */
	S_pschema_index(cat, q->provider != NULL && q->name == ps->name ?
	    q->provider : ecat_provider_get(cat, ps->name), ps, NULL);
}

void
ecat_observe(struct ecat_catalog *cat, const char *provider, const char *guid,
    struct ecat_build *b, uint32_t id, uint16_t version)
{
	struct ecat_provider	*p;
	struct ecat_evkey	*k;
	struct ecat_occ		*o;
	uint32_t		 i;

	p = ecat_provider_get(cat, provider);
	if (p->guid == NULL && guid != NULL)
		p->guid = ecat_guid_norm(cat, guid);
	S_index_pending(cat, p, p->nschemas);
	k = S_evkey_get(cat, p, id, version);
	for (i = 0; i < k->nocc; i++) {
		o = &k->occ[i];
		if (ecat_occ_build(o) == b &&
		    ecat_occ_kind(o) == ECAT_SRC_SAMPLE) {
			o->nsamples++;
			return;
		}
	}
	/*
	 * The build's sample schema: an occurrence's build and kind are
	 * its schema's (model.h).  Filed under no provider, so nothing
	 * that walks schemas meets it.
	 */
	if (b->sample == NULL)
		b->sample = ecat_pschema_new(cat, "", b, ECAT_SRC_SAMPLE,
		    ECAT_FMT_SAMPLE, NULL);
	o = S_occ_add(k);
	o->ps = b->sample;
	o->rowix = 0;
	o->nsamples = 1;
}

/* --------------------------------------------------------------- shapes */

/*
 * Shapes are looked up by content, not by pointer, so callers need not
 * intern their strings first; only a new shape is copied (and its
 * strings interned).  Content hashing costs a pass over a few short
 * names, cheaper than interning each name to compare pointers.
 */
static uint64_t
S_hash_field(uint64_t h, const struct ecat_field *f)
{
	uint32_t	 i;

	h = ecat_hash_str(h, f->name != NULL ? f->name : "");
	h = ecat_hash_str(h, f->intype_name);
	h = ecat_hash_str(h, f->outtype_name);
	h = ecat_hash_str(h, f->intype_ns);
	h = ecat_hash_str(h, f->outtype_ns);
	h = ecat_hash_str(h, f->map);
	h = ecat_hash_str(h, f->count_ref);
	h = ecat_hash_str(h, f->length_ref);
	h = ecat_hmix(h ^ ((uint64_t)f->intype << 48 | (uint64_t)f->outtype << 32 |
	    f->flags));
	h = ecat_hmix(h ^ ((uint64_t)f->count << 32 | f->length));
	for (i = 0; i < f->nmembers; i++)
		h = S_hash_field(h, &f->members[i]);
	return ecat_hmix(h ^ f->nmembers);
}

static int
S_field_eq(const struct ecat_field *a, const struct ecat_field *b)
{
	uint32_t	 i;

	if (!ecat_streq(a->name != NULL ? a->name : "",
	    b->name != NULL ? b->name : "") ||
	    !ecat_streq(a->intype_name, b->intype_name) ||
	    !ecat_streq(a->outtype_name, b->outtype_name) ||
	    !ecat_streq(a->intype_ns, b->intype_ns) ||
	    !ecat_streq(a->outtype_ns, b->outtype_ns) ||
	    a->intype != b->intype || a->outtype != b->outtype ||
	    a->flags != b->flags || !ecat_streq(a->map, b->map) ||
	    !ecat_streq(a->count_ref, b->count_ref) || a->count != b->count ||
	    !ecat_streq(a->length_ref, b->length_ref) ||
	    a->length != b->length || a->nmembers != b->nmembers)
		return 0;
	for (i = 0; i < a->nmembers; i++)
		if (!S_field_eq(&a->members[i], &b->members[i]))
			return 0;
	return 1;
}

/* Re-intern every string of a caller's field so pointers compare. */
static void
S_field_copy(struct ecat_catalog *cat, struct ecat_field *dst,
    const struct ecat_field *src)
{
	struct ecat_field	*m;
	uint32_t		 i;

	*dst = *src;
	dst->name = ecat_str(cat, src->name != NULL ? src->name : "");
	dst->intype_name = ecat_str(cat, src->intype_name);
	dst->outtype_name = ecat_str(cat, src->outtype_name);
	dst->intype_ns = ecat_str(cat, src->intype_ns);
	dst->outtype_ns = ecat_str(cat, src->outtype_ns);
	dst->map = ecat_str(cat, src->map);
	dst->count_ref = ecat_str(cat, src->count_ref);
	dst->length_ref = ecat_str(cat, src->length_ref);
	dst->members = NULL;
	if (src->nmembers > 0) {
		m = ECAT_NEWARRAY(cat, struct ecat_field, src->nmembers);
		for (i = 0; i < src->nmembers; i++)
			S_field_copy(cat, &m[i], &src->members[i]);
		dst->members = m;
	}
}

const struct ecat_shape *
ecat_shape_intern(struct ecat_catalog *cat, const struct ecat_field *fields,
    uint32_t nfields, const char *verbatim)
{
	struct ecat_field	*copy;
	struct shapenode	*sn;
	uint64_t		 h;
	uint32_t		 i;
	const char		*vb;

	vb = ecat_str(cat, verbatim);
	h = ecat_hash_str(ecat_hmix(ECAT_HASH_SEED ^ nfields), vb);
	for (i = 0; i < nfields; i++)
		h = S_hash_field(h, &fields[i]);
	for (sn = (struct shapenode *)S_chain_get(cat->shapeindex, h);
	    sn != NULL; sn = (struct shapenode *)sn->hn.next) {
		if (sn->hn.h != h || sn->shape.nfields != nfields ||
		    sn->shape.verbatim != vb)
			continue;
		for (i = 0; i < nfields; i++)
			if (!S_field_eq(&fields[i], &sn->shape.fields[i]))
				break;
		if (i == nfields)
			return &sn->shape;
	}
	sn = ecat_alloc(cat, sizeof(*sn));
	copy = ECAT_NEWARRAY(cat, struct ecat_field, nfields);
	for (i = 0; i < nfields; i++)
		S_field_copy(cat, &copy[i], &fields[i]);
	sn->shape.nfields = nfields;
	sn->shape.fields = copy;
	sn->shape.hash = h;
	sn->shape.verbatim = vb;
	sn->hn.h = h;
	S_chain_put(cat->shapeindex, &sn->hn);
	if ((cat->nshapes & (cat->nshapes - 1)) == 0)
		cat->shapes = ecat_reallocarray(cat->shapes,
		    cat->nshapes ? cat->nshapes * 2 : 1, sizeof(*cat->shapes));
	sn->shape.serial = (uint32_t)cat->nshapes;
	cat->shapes[cat->nshapes++] = &sn->shape;
	return &sn->shape;
}

/* --------------------------------------------------------------- finish */

static int
S_build_cmp(const void *a, const void *b)
{
	const struct ecat_build	*x = *(struct ecat_build *const *)a;
	const struct ecat_build	*y = *(struct ecat_build *const *)b;
	uint32_t		 nx, ny;

	/* Builds of captures alone after every build (model.h), so
	   that the builds pages and reports list are a prefix. */
	if ((x->nschemas == 0) != (y->nschemas == 0))
		return x->nschemas == 0 ? 1 : -1;
	/* Unknown build numbers sort last. */
	nx = x->build_number ? x->build_number : UINT32_MAX;
	ny = y->build_number ? y->build_number : UINT32_MAX;
	if (nx != ny)
		return nx < ny ? -1 : 1;
	/* Same build number: by revision (20348.169 before 20348.4893). */
	if (x->revision != NULL && y->revision != NULL) {
		const char *rx = strchr(x->revision, '.');
		const char *ry = strchr(y->revision, '.');
		unsigned long ux = rx ? strtoul(rx + 1, NULL, 10) : 0;
		unsigned long uy = ry ? strtoul(ry + 1, NULL, 10) : 0;

		if (ux != uy)
			return ux < uy ? -1 : 1;
	}
	return strcmp(x->id, y->id);
}

static int
S_prov_cmp(const void *a, const void *b)
{
	const struct ecat_provider *x = *(struct ecat_provider *const *)a;
	const struct ecat_provider *y = *(struct ecat_provider *const *)b;

	return strcmp(x->name, y->name);
}

static int
S_key_cmp(const void *a, const void *b)
{
	const struct ecat_evkey	*x = *(struct ecat_evkey *const *)a;
	const struct ecat_evkey	*y = *(struct ecat_evkey *const *)b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (int)x->version - (int)y->version;
}

static int
S_occ_cmp(const void *a, const void *b)
{
	const struct ecat_pschema *x = ((const struct ecat_occ *)a)->ps;
	const struct ecat_pschema *y = ((const struct ecat_occ *)b)->ps;

	if (x->build->index != y->build->index)
		return x->build->index < y->build->index ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* Already in S_occ_cmp() order?  Then qsort(3) would leave it be. */
static int
S_occ_sorted(const struct ecat_evkey *k)
{
	uint32_t	 i;

	for (i = 1; i < k->nocc; i++)
		if (S_occ_cmp(&k->occ[i - 1], &k->occ[i]) > 0)
			return 0;
	return 1;
}

static int
S_schema_cmp(const void *a, const void *b)
{
	const struct ecat_pschema *x = *(struct ecat_pschema *const *)a;
	const struct ecat_pschema *y = *(struct ecat_pschema *const *)b;

	if (x->build->index != y->build->index)
		return x->build->index < y->build->index ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* qsort(3) with a NULL base is undefined even for zero elements. */
static void
S_sort(void *base, size_t n, size_t sz, int (*cmp)(const void *,
    const void *))
{
	if (n > 1)
		qsort(base, n, sz, cmp);
}

void
ecat_catalog_finish(struct ecat_catalog *cat)
{
	struct ecat_provider	*p;
	uint32_t		 i, j;

	ecat_tsv_forget(cat);
	/*
	 * The content index is kept: a schema committed after a finish
	 * must find the earlier contents, because one pointer per content
	 * is what record.c's identity compares (check_record's refinish).
	 */
	for (i = 0; i < cat->nbuilds; i++)
		cat->builds[i]->nschemas = 0;
	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i]->nschemas; j++)
			cat->providers[i]->schemas[j]->build->nschemas++;
	S_sort(cat->builds, cat->nbuilds, sizeof(*cat->builds), S_build_cmp);
	for (i = 0; i < cat->nbuilds; i++)
		cat->builds[i]->index = i;
	S_sort(cat->providers, cat->nproviders, sizeof(*cat->providers),
	    S_prov_cmp);
	for (i = 0; i < cat->nproviders; i++) {
		p = cat->providers[i];
		S_index_pending(cat, p, p->nschemas);
		S_sort(p->keys, p->nkeys, sizeof(*p->keys), S_key_cmp);
		/* mergesort would keep source order; qsort with a total
		   order on (build, kind) is enough here.  Most arrays are
		   in order already (builds load in order). */
		for (j = 0; j < p->nkeys; j++) {
			if (!S_occ_sorted(p->keys[j]))
				S_sort(p->keys[j]->occ, p->keys[j]->nocc,
				    sizeof(struct ecat_occ), S_occ_cmp);
			S_occ_trim(p->keys[j]);
		}
		/* Sorted: ecat_evkey_find() searches them now. */
		S_tab_free(p->keyindex);
		p->keyindex = NULL;
		S_sort(p->schemas, p->nschemas, sizeof(*p->schemas),
		    S_schema_cmp);
	}
	ecat_records_build(cat);
	cat->finished = 1;
}
