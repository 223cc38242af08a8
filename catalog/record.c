/*
 * record.c: the schema store's identity layer.  Every event version,
 * map and provider header of a finished catalog is tied to the one
 * distinct record, map or header with its content, so that a build
 * holds references and what is truly its own (where it was), and the
 * stages after loading compare builds by pointer or serial before they
 * compare content.
 *
 * The identity rule: two things share an identity exactly when nothing
 * a consumer can see of them differs.
 *
 *   map     name, kind (valueMap or bitMap), and its entries in order:
 *           value, message, symbol, message_ref.  Not loc.
 *   header  of a provider schema (ecat_pschema.header): name as
 *           written, guid, symbol, resource, message and parameter
 *           files, message, message_ref, and the content of the
 *           channels, levels, tasks (with their opcodes), opcodes and
 *           keywords lists (every ecat_named member but loc).  Not its
 *           lines, build, source kind, format or TSV file name: those
 *           are provenance.
 *   record  of an event row (ecat_evrow.record): its content (struct
 *           ecat_event, interned by model.c: one pointer per content,
 *           every member equal): id, version, the has bits and the
 *           numbers, level, task,
 *           opcode and channel names, keywords names, name, symbol,
 *           template_ref, the template's id, the shape (by pointer:
 *           shapes are interned), message, message_ref and the MOF
 *           columns; and the maps its fields and struct members name,
 *           each looked up by name in the row's own schema as
 *           render/export_json.c does, by content (map serial), a name
 *           the schema lacks counting as "map X, absent".  Not the
 *           template's per-field lines.
 *
 * A record never spans two event keys: its id and version are part of
 * it, and it is matched only against the other occurrences of its own
 * key, so it belongs to one provider too (the provider's name is
 * visible beside every event).  Maps and headers are global.
 *
 * Serials are deterministic: providers in name order, then for maps and
 * headers their schemas in build order (maps in source order), for
 * records their keys in (id, version) order and the occurrences in
 * build order; the events an occurrence does not index (a second
 * definition of a key in one source) come last, in schema order.
 * Hashes are of content alone (shape and map hashes, not serials or
 * pointers), so equal content has an equal hash in any catalog.
 *
 * Everything here lives in an arena of its own (and catalog->records,
 * maps and headers in malloc'd arrays), dropped and rebuilt by every
 * ecat_catalog_finish(), freed by ecat_catalog_free().
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "model_build.h"

#define NOMAP	UINT32_MAX	/* a field's map absent from its schema */

/* Start reading p into the cache (S_key_records). */
#if defined(__GNUC__)
#define PREFETCH(p)	__builtin_prefetch(p)
#else
#define PREFETCH(p)	((void)(p))
#endif

/* A record with what matching needs and consumers do not. */
struct recnode {
	struct ecat_record	 rec;		/* first: the public part */
	uint32_t		 nms;		/* map serials in field order */
	const uint32_t		*ms;		/* NOMAP for an absent one */
	uint32_t		 lastb;		/* build index + 1 last counted */
};

struct recindex {
	struct ecat_arena	*arena;
	struct ecat_htab	 maps;		/* tag: content hash → map */
	struct ecat_htab	 headers;	/* tag: content hash → pschema */
	uint64_t		*mhash;		/* content hash by map serial */
	size_t			 mcap, rcap, hcap;
	uint32_t		*ms;		/* scratch map serials */
	size_t			 mscap;
	uint32_t		 nms;
	struct ecat_vec		 keyrecs;	/* scratch: one key's records */
	uint8_t			*shmaps;	/* by shape serial: 1 if none of
						   its fields names a map, 2 if
						   one does, 0 not known yet */
	uint32_t		 nshmaps;
	const struct ecat_shape	**shapes;	/* catalog->shapes */
};

/* ------------------------------------------------------------ hashing */

static uint64_t
S_hnum(uint64_t h, uint64_t v)
{
	return ecat_hmix(h ^ v ^ 0x5851f42d4c957f2dULL);
}

/* The tables below hash by the content hash passed as the tag. */
static uint64_t
S_taghash(const void *k, size_t n, uint64_t tag)
{
	(void)k;
	(void)n;
	return tag;
}

/* ---------------------------------------------------------------- maps */

static uint64_t
S_map_hash(const struct ecat_map *m)
{
	uint64_t	 h;
	uint32_t	 i;

	h = ecat_hash_str(ECAT_HASH_SEED, m->name);
	h = S_hnum(h, (uint64_t)m->bitmap << 32 | m->nentries);
	for (i = 0; i < m->nentries; i++) {
		h = S_hnum(h, m->entries[i].value);
		h = ecat_hash_str(h, m->entries[i].message);
		h = ecat_hash_str(h, m->entries[i].symbol);
		h = ecat_hash_str(h, m->entries[i].message_ref);
	}
	return h;
}

static int
S_map_eq(const void *a, const void *b, size_t n)
{
	const struct ecat_map	*x = a, *y = b;
	uint32_t		 i;

	(void)n;
	if (!ecat_streq(x->name, y->name) || x->bitmap != y->bitmap ||
	    x->nentries != y->nentries)
		return 0;
	for (i = 0; i < x->nentries; i++)
		if (x->entries[i].value != y->entries[i].value ||
		    !ecat_streq(x->entries[i].message, y->entries[i].message) ||
		    !ecat_streq(x->entries[i].symbol, y->entries[i].symbol) ||
		    !ecat_streq(x->entries[i].message_ref,
		    y->entries[i].message_ref))
			return 0;
	return 1;
}

static void
S_map_index(struct ecat_catalog *cat, struct recindex *ix,
    struct ecat_map *m)
{
	struct ecat_hent	*e;
	uint64_t		 h;
	int			 isnew;

	h = S_map_hash(m);
	e = ecat_htab_put(&ix->maps, m, 1, h, &isnew);
	if (!isnew) {
		m->serial = ((const struct ecat_map *)e->v.p)->serial;
		return;
	}
	e->v.p = m;
	if (cat->nmaps == ix->mcap) {
		ix->mcap = ix->mcap ? ix->mcap * 2 : 256;
		cat->maps = ecat_reallocarray(cat->maps, ix->mcap,
		    sizeof(*cat->maps));
		ix->mhash = ecat_reallocarray(ix->mhash, ix->mcap,
		    sizeof(*ix->mhash));
	}
	m->serial = cat->nmaps;
	ix->mhash[cat->nmaps] = h;
	cat->maps[cat->nmaps++] = m;
}

/* ------------------------------------------------------------- headers */

static uint64_t
S_named_hash(uint64_t h, const struct ecat_named *v, uint32_t n)
{
	uint32_t	 i;

	h = S_hnum(h, n);
	for (i = 0; i < n; i++, v++) {
		h = ecat_hash_str(h, v->name);
		h = ecat_hash_str(h, v->symbol);
		h = ecat_hash_str(h, v->message);
		h = S_hnum(h, v->value);
		h = S_hnum(h, (uint64_t)v->task);
		h = ecat_hash_str(h, v->chid);
		h = ecat_hash_str(h, v->type);
		h = S_hnum(h, (uint64_t)(v->imported != 0) << 1 |
		    (v->enabled != 0));
		h = ecat_hash_str(h, v->message_ref);
		h = S_named_hash(h, v->opcodes, v->nopcodes);
	}
	return h;
}

static int
S_named_eq(const struct ecat_named *x, const struct ecat_named *y, uint32_t n)
{
	uint32_t	 i;

	for (i = 0; i < n; i++, x++, y++)
		if (!ecat_streq(x->name, y->name) ||
		    !ecat_streq(x->symbol, y->symbol) ||
		    !ecat_streq(x->message, y->message) ||
		    x->value != y->value || x->task != y->task ||
		    !ecat_streq(x->chid, y->chid) || !ecat_streq(x->type, y->type) ||
		    (x->imported != 0) != (y->imported != 0) ||
		    (x->enabled != 0) != (y->enabled != 0) ||
		    !ecat_streq(x->message_ref, y->message_ref) ||
		    x->nopcodes != y->nopcodes ||
		    !S_named_eq(x->opcodes, y->opcodes, x->nopcodes))
			return 0;
	return 1;
}

static uint64_t
S_header_hash(const struct ecat_pschema *ps)
{
	uint64_t	 h;

	h = ecat_hash_str(ECAT_HASH_SEED, ps->name);
	h = ecat_hash_str(h, ps->guid);
	h = ecat_hash_str(h, ps->symbol);
	h = ecat_hash_str(h, ps->resource_file);
	h = ecat_hash_str(h, ps->message_file);
	h = ecat_hash_str(h, ps->parameter_file);
	h = ecat_hash_str(h, ps->message);
	h = ecat_hash_str(h, ps->message_ref);
	h = S_named_hash(h, ps->channels, ps->nchannels);
	h = S_named_hash(h, ps->levels, ps->nlevels);
	h = S_named_hash(h, ps->tasks, ps->ntasks);
	h = S_named_hash(h, ps->opcodes, ps->nopcodes);
	return S_named_hash(h, ps->keywords, ps->nkeywords);
}

static int
S_header_eq(const void *a, const void *b, size_t n)
{
	const struct ecat_pschema	*x = a, *y = b;

	(void)n;
	return ecat_streq(x->name, y->name) && ecat_streq(x->guid, y->guid) &&
	    ecat_streq(x->symbol, y->symbol) &&
	    ecat_streq(x->resource_file, y->resource_file) &&
	    ecat_streq(x->message_file, y->message_file) &&
	    ecat_streq(x->parameter_file, y->parameter_file) &&
	    ecat_streq(x->message, y->message) &&
	    ecat_streq(x->message_ref, y->message_ref) &&
	    x->nchannels == y->nchannels && x->nlevels == y->nlevels &&
	    x->ntasks == y->ntasks && x->nopcodes == y->nopcodes &&
	    x->nkeywords == y->nkeywords &&
	    S_named_eq(x->channels, y->channels, x->nchannels) &&
	    S_named_eq(x->levels, y->levels, x->nlevels) &&
	    S_named_eq(x->tasks, y->tasks, x->ntasks) &&
	    S_named_eq(x->opcodes, y->opcodes, x->nopcodes) &&
	    S_named_eq(x->keywords, y->keywords, x->nkeywords);
}

static void
S_header_index(struct ecat_catalog *cat, struct recindex *ix,
    struct ecat_pschema *ps)
{
	struct ecat_hent	*e;
	int			 isnew;

	e = ecat_htab_put(&ix->headers, ps, 1, S_header_hash(ps), &isnew);
	if (!isnew) {
		ps->header = ((const struct ecat_pschema *)e->v.p)->header;
		return;
	}
	e->v.p = ps;
	if (cat->nheaders == ix->hcap) {
		ix->hcap = ix->hcap ? ix->hcap * 2 : 256;
		cat->headers = ecat_reallocarray(cat->headers, ix->hcap,
		    sizeof(*cat->headers));
	}
	ps->header = cat->nheaders;
	cat->headers[cat->nheaders++] = ps;
}

/* ------------------------------------------------------------- records */

static const struct ecat_map *
S_map_named(const struct ecat_pschema *ps, const char *name)
{
	uint32_t	 i;

	for (i = 0; i < ps->nmaps; i++)
		if (ps->maps[i].name != NULL &&
		    (ps->maps[i].name == name ||
		    strcmp(ps->maps[i].name, name) == 0))
			return &ps->maps[i];
	return NULL;
}

/* The serials of the maps n fields (and members) name, in ix->ms. */
static void
S_fieldmaps(struct recindex *ix, const struct ecat_pschema *ps,
    const struct ecat_field *f, uint32_t n)
{
	const struct ecat_map	*m;
	uint32_t		 i;

	for (i = 0; i < n; i++) {
		if (f[i].map != NULL) {
			if (ix->nms == ix->mscap) {
				ix->mscap = ix->mscap ? ix->mscap * 2 : 64;
				ix->ms = ecat_reallocarray(ix->ms, ix->mscap,
				    sizeof(*ix->ms));
			}
			m = S_map_named(ps, f[i].map);
			ix->ms[ix->nms++] = m != NULL ? m->serial : NOMAP;
		}
		if (f[i].flags & ECAT_FIELD_STRUCT)
			S_fieldmaps(ix, ps, f[i].members, f[i].nmembers);
	}
}

static const struct ecat_shape *
S_shape(const struct ecat_event *e)
{
	return e->tmpl != NULL ? e->tmpl->shape : NULL;
}

/*
 * The serials of the maps e's fields name, in ix->ms.  Most shapes name
 * none (all of the TSV corpus's): that is known per shape after its
 * first walk (0.092 -> 0.080 s CPU for this stage on the 17 TSV builds,
 * least of 10 rebuilds).
 */
static void
S_event_maps(struct recindex *ix, const struct ecat_event *e,
    const struct ecat_pschema *ps)
{
	const struct ecat_shape	*sh = S_shape(e);
	uint8_t			*known = NULL;

	ix->nms = 0;
	if (sh == NULL)
		return;
	/* A shape not interned (built by hand) is walked every time. */
	if (sh->serial < ix->nshmaps && ix->shapes[sh->serial] == sh) {
		known = &ix->shmaps[sh->serial];
		if (*known == 1)
			return;
	}
	S_fieldmaps(ix, ps, sh->fields, sh->nfields);
	if (known != NULL)
		*known = ix->nms == 0 ? 1 : 2;
}

/* The content hash of e, whose map serials S_event_maps() left. */
static uint64_t
S_event_hash(const struct recindex *ix, const struct ecat_event *e)
{
	const struct ecat_shape	*sh = S_shape(e);
	uint64_t		 h;
	uint32_t		 i;

	h = S_hnum(ECAT_HASH_SEED, (uint64_t)e->id << 24 |
	    (uint64_t)e->version << 8 | e->has);
	if (e->has & ECAT_HAS_LEVEL)
		h = S_hnum(h, 0x100 | e->level);
	if (e->has & ECAT_HAS_TASK)
		h = S_hnum(h, 0x20000 | e->task);
	if (e->has & ECAT_HAS_OPCODE)
		h = S_hnum(h, 0x300 | e->opcode);
	if (e->has & ECAT_HAS_KEYWORDS)
		h = S_hnum(h, e->keywords);
	if (e->has & ECAT_HAS_CHANNEL)
		h = S_hnum(h, 0x500 | e->channel);
	h = ecat_hash_str(h, e->name);
	h = ecat_hash_str(h, e->symbol);
	h = ecat_hash_str(h, e->level_name);
	h = ecat_hash_str(h, e->task_name);
	h = ecat_hash_str(h, e->opcode_name);
	h = ecat_hash_str(h, e->keywords_names);
	h = ecat_hash_str(h, e->channel_name);
	h = ecat_hash_str(h, e->template_ref);
	h = ecat_hash_str(h, e->tmpl != NULL ? e->tmpl->tid : NULL);
	h = S_hnum(h, sh != NULL ? sh->hash : 0);
	h = ecat_hash_str(h, e->message);
	h = ecat_hash_str(h, e->message_ref);
	h = ecat_hash_str(h, e->mof_class);
	h = ecat_hash_str(h, e->mof_type);
	h = ecat_hash_str(h, e->mof_desc);
	for (i = 0; i < ix->nms; i++)
		h = ix->ms[i] == NOMAP ? ecat_hash_str(h, "absent") :
		    S_hnum(h, ix->mhash[ix->ms[i]]);
	return h;
}

/*
 * Does e (its map serials in ix->ms) have r's content?  Contents are
 * interned when a schema is committed (model.c, S_event_intern): equal
 * content is one ecat_event, so the pointer decides, and only the maps,
 * which belong to each row's schema, are compared here.
 */
static int
S_event_is(const struct recindex *ix, const struct recnode *r,
    const struct ecat_event *e)
{
	return r->rec.event == e && r->nms == ix->nms && (r->nms == 0 ||
	    memcmp(r->ms, ix->ms, r->nms * sizeof(*r->ms)) == 0);
}

/* A new record for e, whose hash is h and map serials ix->ms. */
static struct recnode *
S_record_new(struct ecat_catalog *cat, struct recindex *ix,
    const struct ecat_event *e, uint64_t h)
{
	struct recnode		*r;
	const struct ecat_map	**maps;
	uint32_t		*ms;
	uint32_t		 i, k, n = 0;

	r = ecat_arena_alloc(ix->arena, sizeof(*r));
	r->rec.hash = h;
	r->rec.event = e;
	if (ix->nms > 0) {
		ms = ecat_arena_alloc(ix->arena, ix->nms * sizeof(*ms));
		memcpy(ms, ix->ms, ix->nms * sizeof(*ms));
		r->ms = ms;
		r->nms = ix->nms;
		maps = ecat_arena_alloc(ix->arena, ix->nms * sizeof(*maps));
		for (i = 0; i < ix->nms; i++) {
			if (ms[i] == NOMAP)
				continue;
			for (k = 0; k < n && maps[k] != cat->maps[ms[i]]; k++)
				continue;
			if (k == n)
				maps[n++] = cat->maps[ms[i]];
		}
		r->rec.maps = maps;
		r->rec.nmaps = n;
	}
	if (cat->nrecords == ix->rcap) {
		ix->rcap = ix->rcap ? ix->rcap * 2 : 1024;
		cat->records = ecat_reallocarray(cat->records, ix->rcap,
		    sizeof(*cat->records));
	}
	r->rec.serial = cat->nrecords;
	cat->records[cat->nrecords++] = &r->rec;
	return r;
}

/*
 * Tie every event an occurrence of k indexes to its record; returns how
 * many there were.  An event is compared with its key's records (few:
 * 82,691 records for 844,723 occurrences on the 17 TSV builds), the
 * last one matched first, as most builds repeat the one before; only a
 * new record's content is hashed.  Hashing every occurrence to look it
 * up was 81% of this stage's instructions (callgrind, 3 TSV builds);
 * on the 17 builds the stage went from 0.216 to 0.108 s CPU without it
 * (least of 10 rebuilds).  Then most of the time was spent waiting for
 * the events (168 bytes each, one key's in as many builds' arrays):
 * reading ahead within the key took the stage from 0.080 to 0.066 s
 * (across keys as well was no better).  Events are now 40-byte rows
 * and a shared content (model.h), read ahead the same way.
 */
static uint32_t
S_key_records(struct ecat_catalog *cat, struct recindex *ix,
    const struct ecat_evkey *k)
{
	struct ecat_evrow	*w, *lastw = NULL;
	const struct ecat_evrow	*pe;
	const struct ecat_pschema *ps, *lastps = NULL;
	const struct ecat_event	*e;
	struct recnode		*r, *last = NULL, **v;
	uint32_t		 i, n = 0;
	size_t			 j;

	ix->keyrecs.n = 0;
	for (i = 0; i < k->nocc; i++) {
		/* Read ahead: the row 4 on, the content of the one 2 on. */
		if (i + 4 < k->nocc &&
		    (pe = ecat_occ_row(&k->occ[i + 4])) != NULL)
			PREFETCH(pe);
		if (i + 2 < k->nocc &&
		    (pe = ecat_occ_row(&k->occ[i + 2])) != NULL)
			PREFETCH(pe->ev);
		/* The occurrence's row is the schema's own, writable. */
		if ((w = (struct ecat_evrow *)(uintptr_t)
		    ecat_occ_row(&k->occ[i])) == NULL)
			continue;
		e = w->ev;
		n++;
		ps = ecat_occ_schema(&k->occ[i]);
		/*
		 * The row of the occurrence before, shared by schemas alike
		 * (model.h), which name no maps: the same record, known
		 * without comparing (most occurrences over many builds).
		 */
		if (w == lastw && ps->nmaps == 0 && lastps->nmaps == 0) {
			r = last;
			goto found;
		}
		lastw = w;
		lastps = ps;
		S_event_maps(ix, e, ps);
		r = NULL;
		if (last != NULL && S_event_is(ix, last, e))
			r = last;
		for (j = 0; r == NULL && j < ix->keyrecs.n; j++) {
			v = ecat_vec_at(&ix->keyrecs, j);
			if (*v != last && S_event_is(ix, *v, e))
				r = *v;
		}
		if (r == NULL) {
			r = S_record_new(cat, ix, e, S_event_hash(ix, e));
			v = ecat_vec_add(&ix->keyrecs);
			*v = r;
		}
found:
		last = r;
		w->record = &r->rec;
		if (r->lastb != ecat_occ_build(&k->occ[i])->index + 1) {
			r->lastb = ecat_occ_build(&k->occ[i])->index + 1;
			r->rec.nbuilds++;
		}
	}
	return n;
}

/*
 * An event no occurrence indexes (a second definition of its key in
 * one source): matched against its key's records, or a record of its
 * own.
 */
static void
S_stray_record(struct ecat_catalog *cat, struct recindex *ix,
    const struct ecat_provider *p, const struct ecat_pschema *ps,
    struct ecat_evrow *w)
{
	const struct ecat_event	*e = w->ev;
	const struct ecat_evkey	*k;
	const struct ecat_evrow	*ow;
	const struct ecat_record *rec = NULL;
	struct recnode		*r;
	uint64_t		 h;
	uint32_t		 i;
	int			 inbuild = 0;

	S_event_maps(ix, e, ps);
	h = S_event_hash(ix, e);
	k = ecat_evkey_find(p, e->id, e->version);
	for (i = 0; k != NULL && i < k->nocc; i++) {
		if ((ow = ecat_occ_row(&k->occ[i])) == NULL)
			continue;
		r = (struct recnode *)(uintptr_t)ow->record;
		if (rec == NULL && r != NULL && r->rec.hash == h &&
		    S_event_is(ix, r, e))
			rec = &r->rec;
	}
	for (i = 0; rec != NULL && i < k->nocc; i++)
		if ((ow = ecat_occ_row(&k->occ[i])) != NULL &&
		    ow->record == rec &&
		    ecat_occ_build(&k->occ[i]) == ps->build)
			inbuild = 1;
	if (rec == NULL)
		rec = &S_record_new(cat, ix, e, h)->rec;
	if (!inbuild)
		((struct ecat_record *)(uintptr_t)rec)->nbuilds++;
	w->record = rec;
}

/* ------------------------------------------------------------ the index */

void
ecat_records_free(struct ecat_catalog *cat)
{
	struct recindex	*ix = cat->recindex;

	if (ix != NULL) {
		ecat_arena_free(ix->arena);
		free(ix->mhash);
		free(ix->ms);
		free(ix->keyrecs.v);
		free(ix->shmaps);
		free(ix);
	}
	free(cat->records);
	free(cat->maps);
	free(cat->headers);
	cat->recindex = NULL;
	cat->records = NULL;
	cat->maps = NULL;
	cat->headers = NULL;
	cat->nrecords = cat->nmaps = cat->nheaders = 0;
}

/*
 * The rows p's occurrences index, into the set rows (emptied first).
 * ecat_pschema_commit() indexes every event of a schema but a second
 * definition of a key; a row not in the set is such a one.  A set, not
 * a scan of the row's key's occurrences for each row of each schema:
 * alike schemas share their rows, so that scan grew with the square
 * of the builds (1.6% of validate over the 170 builds of
 * bench/stress.sh, perf).
 */
static void
S_indexed_rows(const struct ecat_provider *p, struct ecat_htab *rows)
{
	const struct ecat_evkey	*k;
	const struct ecat_evrow	*w;
	uint32_t		 j, i;

	ecat_htab_clear(rows);
	for (j = 0; j < p->nkeys; j++) {
		k = p->keys[j];
		for (i = 0; i < k->nocc; i++)
			if ((w = ecat_occ_row(&k->occ[i])) != NULL)
				(void)ecat_htab_pput(rows, w, 0, NULL);
	}
}

/*
 * The events are read once, key by key; none is cleared or walked
 * again to find the ones no occurrence indexes (an earlier finish's
 * record pointers are simply overwritten).  A provider has such
 * strays only when its schemas hold more events than its keys index
 * (each event is indexed at most once), and only then are its events
 * looked up one by one.  The 852,942 events of the 17 TSV builds took
 * 143 MB (rows now: 33 MB); the clearing pass and the pass looking for strays over all
 * of them were 15% of this stage (0.108 -> 0.092 s CPU without them,
 * least of 10 rebuilds).
 */
void
ecat_records_build(struct ecat_catalog *cat)
{
	struct recindex		*ix;
	struct ecat_provider	*p;
	struct ecat_pschema	*ps;
	struct ecat_vec		 strays;	/* (provider, schema, event) */
	struct ecat_htab	 rows;		/* S_indexed_rows() */
	void			**sv;
	uint64_t		 nev, nidx;
	uint32_t		 i, j, m;

	ecat_records_free(cat);
	ix = ecat_calloc(1, sizeof(*ix));
	ix->arena = ecat_arena_new();
	ecat_htab_init(&ix->maps, ECAT_HKEY_STR, 0);
	ix->maps.hash = S_taghash;
	ix->maps.eq = S_map_eq;
	ix->maps.arena = ix->arena;
	ecat_htab_init(&ix->headers, ECAT_HKEY_STR, 0);
	ix->headers.hash = S_taghash;
	ix->headers.eq = S_header_eq;
	ix->headers.arena = ix->arena;
	ecat_vec_init(&ix->keyrecs, sizeof(struct recnode *));
	ecat_vec_init(&strays, 3 * sizeof(void *));
	ecat_htab_init(&rows, ECAT_HKEY_PTR, 0);
	ix->nshmaps = (uint32_t)cat->nshapes;
	ix->shmaps = ecat_calloc((size_t)ix->nshmaps + 1, 1);
	ix->shapes = cat->shapes;
	cat->recindex = ix;

	for (i = 0; i < cat->nproviders; i++) {
		p = cat->providers[i];
		for (j = 0; j < p->nschemas; j++) {
			ps = p->schemas[j];
			S_header_index(cat, ix, ps);
			for (m = 0; m < ps->nmaps; m++)
				S_map_index(cat, ix, &ps->maps[m]);
		}
	}
	for (i = 0; i < cat->nproviders; i++) {
		p = cat->providers[i];
		for (j = 0, nev = 0; j < p->nschemas; j++)
			nev += p->schemas[j]->nevents;
		for (j = 0, nidx = 0; j < p->nkeys; j++)
			nidx += S_key_records(cat, ix, p->keys[j]);
		if (nidx == nev)
			continue;
		S_indexed_rows(p, &rows);
		for (j = 0; j < p->nschemas; j++) {
			ps = p->schemas[j];
			for (m = 0; m < ps->nevents; m++)
				if (ecat_htab_pfind(&rows, &ps->events[m],
				    0) == NULL) {
					sv = ecat_vec_add(&strays);
					sv[0] = p;
					sv[1] = ps;
					sv[2] = &ps->events[m];
				}
		}
	}
	/* Strays last, in provider, schema and event order. */
	for (i = 0; i < strays.n; i++) {
		sv = ecat_vec_at(&strays, i);
		S_stray_record(cat, ix, sv[0], sv[1], sv[2]);
	}
	free(strays.v);
	ecat_htab_free(&rows);
}
