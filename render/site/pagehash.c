/*
 * pagehash.c: the input hash of every unit of the site, so that a
 * rebuild renders only the units whose inputs changed (publish.c keeps
 * the others' files from the previous site, and keeps the whole site
 * when no hash changed).
 *
 * A unit is what one hash covers: an event page, a
 * provider page, a provider's downloads, a build page, the index, the
 * search index, the assets, downloads/catalog.json.  Its hash is taken
 * over the model data the unit shows, never over the rendered bytes
 * (rendering is the cost saved), plus a renderer part: the version,
 * the running binary's build id (so that any rebuilt etwcat renders
 * everything again) and the templates.  Other code may change how a
 * page renders without touching this file; a page that starts showing
 * data of another kind must have it added here (see "What each unit
 * shows" below), and tests/site_incremental.sh compares a rebuild with
 * a fresh build byte for byte.
 *
 * The hash is a 64-bit multiply-and-fold over the data in a fixed
 * order, strings with their length and NULL apart from "": a chance
 * collision between a page's old and new inputs is about 2^-64 per
 * changed page.  Event content is hashed once per distinct record
 * (ecat_event.record, catalog/record.c) when the catalog has them,
 * else once per event.  The providers are hashed by the site's worker
 * count of threads.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "etwcat.h"
#include "embedded.h"
#include "export_json.h"
#include "inputs.h"
#include "io.h"
#include "notes.h"
#include "site_int.h"

/* Bumped when what a hash covers changes, so old markers mismatch. */
#define PH_FORMAT	1

/* ------------------------------------------------------------ hashing */

struct ph {
	uint64_t	 h;
};

static inline void
S_w(struct ph *p, uint64_t w)
{
	p->h = (p->h ^ w) * 0xff51afd7ed558ccdULL;
	p->h ^= p->h >> 32;
}

static void
S_b(struct ph *p, const void *b, size_t n)
{
	const unsigned char	*c = b;
	uint64_t		 w;

	S_w(p, n ^ 0x5bd1e9955bd1e995ULL);
	for (; n >= 8; c += 8, n -= 8) {
		memcpy(&w, c, 8);
		S_w(p, w);
	}
	w = 0;
	memcpy(&w, c, n);
	S_w(p, w);
}

/* A string; NULL is told apart from "". */
static void
S_s(struct ph *p, const char *s)
{
	if (s == NULL)
		S_w(p, 0x9e3779b97f4a7c15ULL);
	else
		S_b(p, s, strlen(s));
}

static inline void
S_init(struct ph *p, uint64_t tag)
{
	p->h = 0xcbf29ce484222325ULL ^ tag;
}

static inline uint64_t
S_end(const struct ph *p)
{
	return ecat_hmix(p->h) | 1;	/* 0 never: "no hash" */
}

/* ----------------------------------------------------- renderer part */

/* The GNU build id of the object holding this code, if it has one. */
struct bid {
	const void	*addr;
	struct ph	*p;
	int		 found;
};

static int
S_bid_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct bid		*b = arg;
	const ElfW(Phdr)	*ph;
	const ElfW(Nhdr)	*nh;
	const char		*c, *end;
	uintptr_t		 a = (uintptr_t)b->addr, lo;
	int			 i, mine = 0;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		ph = &info->dlpi_phdr[i];
		lo = info->dlpi_addr + ph->p_vaddr;
		if (ph->p_type == PT_LOAD && a >= lo && a < lo + ph->p_memsz)
			mine = 1;
	}
	if (!mine)
		return 0;
	for (i = 0; i < info->dlpi_phnum; i++) {
		ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		c = (const char *)(info->dlpi_addr + ph->p_vaddr);
		end = c + ph->p_memsz;
		while (c + sizeof(*nh) <= end) {
			nh = (const ElfW(Nhdr) *)(const void *)c;
			c += sizeof(*nh) + ((nh->n_namesz + 3) & ~3u);
			if (nh->n_type == NT_GNU_BUILD_ID && c + nh->n_descsz <=
			    end) {
				S_b(b->p, c, nh->n_descsz);
				b->found = 1;
				return 1;
			}
			c += (nh->n_descsz + 3) & ~3u;
		}
	}
	return 1;
}

/*
 * Which etwcat renders: the version, and the build id of the running
 * binary (or, without one, the binary's bytes), so that a rebuilt
 * binary, whose pages may render otherwise, renders every page again.
 */
static void
S_binary(struct ph *p)
{
	struct bid	 b;
	char		 buf[65536];
	ssize_t		 n;
	int		 fd;

	S_s(p, "etwcat " ECAT_VERSION);
	S_w(p, PH_FORMAT);
	b.addr = (const void *)S_binary;
	b.p = p;
	b.found = 0;
	dl_iterate_phdr(S_bid_cb, &b);
	if (b.found)
		return;
	if ((fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)) == -1) {
		/* Nothing to tell binaries apart: a new value each run. */
		S_w(p, (uint64_t)getpid() ^ (uint64_t)time(NULL) << 20);
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		S_b(p, buf, (size_t)n);
	close(fd);
}

static int
S_namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of a templates folder (and its assets/), by name. */
static void
S_tpldir(struct ph *p, const char *dir, int depth)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		**names = NULL, *path, *buf;
	size_t		 n = 0, cap = 0, i, len;
	int		 fd, ok;

	if ((d = opendir(dir)) == NULL) {
		ecat_inputs_probe(dir);		/* the run record's */
		S_s(p, NULL);
		return;
	}
	/* A file added or removed changes every page: an input of the
	   run record (rerun.c), with each file read below. */
	ecat_inputs_dirfd(dir, dirfd(d));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = ecat_reallocarray(names, cap, sizeof(*names));
		}
		names[n++] = ecat_strdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), S_namecmp);
	for (i = 0; i < n; i++) {
		path = ecat_asprintf("%s/%s", dir, names[i]);
		S_s(p, names[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < 1)
			S_tpldir(p, path, depth + 1);
		else if ((fd = open(path, O_RDONLY | O_CLOEXEC |
		    O_NONBLOCK)) != -1) {
			if ((ok = fstat(fd, &st) == 0))
				ecat_inputs_file(path, &st);
			if (ok && S_ISREG(st.st_mode) &&
			    (buf = ecat_read_fd(fd, (size_t)st.st_size,
			    64 * 1024 * 1024, &len)) != NULL) {
				S_b(p, buf, len);
				free(buf);
			} else
				S_w(p, (uint64_t)st.st_mtime);
			close(fd);
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

/* ------------------------------------------------------- model parts */

static void
S_loc(struct ph *p, const struct ecat_loc *l)
{
	S_s(p, l->file);
	S_w(p, (uint64_t)l->line << 32 | l->col);
}

static void
S_named(struct ph *p, const struct ecat_named *a, uint32_t n)
{
	uint32_t	 i;

	S_w(p, n);
	for (i = 0; i < n; i++) {
		S_s(p, a[i].name);
		S_s(p, a[i].symbol);
		S_s(p, a[i].message);
		S_w(p, a[i].value);
		S_loc(p, &a[i].loc);
		S_w(p, (uint64_t)a[i].task);
		S_named(p, a[i].opcodes, a[i].nopcodes);
		S_s(p, a[i].chid);
		S_s(p, a[i].type);
		S_w(p, (uint64_t)a[i].imported << 1 | (uint64_t)a[i].enabled);
		S_s(p, a[i].message_ref);
	}
}

static uint64_t
S_map(const struct ecat_map *m)
{
	struct ph	 p;
	uint32_t	 i;

	S_init(&p, 'm');
	S_s(&p, m->name);
	S_w(&p, (uint64_t)m->bitmap);
	S_w(&p, m->nentries);
	for (i = 0; i < m->nentries; i++) {
		S_w(&p, m->entries[i].value);
		S_s(&p, m->entries[i].message);
		S_s(&p, m->entries[i].symbol);
		S_s(&p, m->entries[i].message_ref);
		S_loc(&p, &m->entries[i].loc);
	}
	S_loc(&p, &m->loc);
	return S_end(&p);
}

/* What the site keeps per schema while hashing its provider. */
struct pscache {
	const struct ecat_pschema *ps;
	uint64_t	 header;	/* names, numbers, files, tables */
	uint64_t	 full;		/* header, maps, every event */
	uint64_t	*maps;		/* per ps->maps[] */
	uint64_t	*ev;		/* per ps->events[]: content */
	uint64_t	 fileh;		/* of ps->loc.file */
};

/*
 * A location in the schema's file: the file's name hashed once per
 * schema, not once per event (850,000 events in 17 TSV builds).
 */
static void
S_eloc(struct ph *p, const struct pscache *pc, const struct ecat_loc *l)
{
	if (l->file != NULL && l->file == pc->ps->loc.file)
		S_w(p, pc->fileh);
	else
		S_s(p, l->file);
	S_w(p, (uint64_t)l->line << 32 | l->col);
}

struct hctx {
	struct site	*s;
	const uint64_t	*bprov;		/* per provider: build.json facts */
};

/* An event version's content: what a record covers (model.h). */
static uint64_t
S_evcontent(const struct hctx *c, const struct ecat_event *e)
{
	struct ph		 p;

	S_init(&p, 'e');
	S_w(&p, (uint64_t)e->id << 32 | e->version);
	S_w(&p, (uint64_t)e->has << 48 | (uint64_t)e->level << 40 |
	    (uint64_t)e->opcode << 32 | (uint64_t)e->channel << 16 | e->task);
	S_w(&p, e->keywords);
	S_s(&p, e->name);
	S_s(&p, e->symbol);
	S_s(&p, e->level_name);
	S_s(&p, e->task_name);
	S_s(&p, e->opcode_name);
	S_s(&p, e->keywords_names);
	S_s(&p, e->channel_name);
	S_s(&p, e->template_ref);
	S_s(&p, e->tmpl != NULL ? e->tmpl->tid : NULL);
	/* Shapes are hashed by content when interned (model.c). */
	S_w(&p, e->tmpl != NULL && e->tmpl->shape != NULL ?
	    e->tmpl->shape->hash : 0);
	S_s(&p, e->message);
	S_s(&p, e->message_ref);
	S_s(&p, e->mof_class);
	S_s(&p, e->mof_type);
	S_s(&p, e->mof_desc);
	return S_end(&p);
}

/* A row's content: its record's hash when records are known. */
static uint64_t
S_content(const struct hctx *c, const struct ecat_evrow *w)
{
	/* A record's hash covers its content and maps (record.c). */
	if (w->record != NULL)
		return w->record->hash;
	return S_evcontent(c, w->ev);
}

static void
S_pschema(const struct hctx *c, struct pscache *pc,
    const struct ecat_pschema *ps)
{
	struct ph	 p;
	uint32_t	 i;

	pc->ps = ps;
	S_init(&p, 'l');
	S_s(&p, ps->loc.file);
	pc->fileh = S_end(&p);
	S_init(&p, 'h');
	S_w(&p, ps->build->index);
	S_w(&p, (uint64_t)ps->kind << 32 | ps->format);
	S_loc(&p, &ps->loc);
	S_s(&p, ps->name);
	S_s(&p, ps->guid);
	S_s(&p, ps->symbol);
	S_s(&p, ps->resource_file);
	S_s(&p, ps->message_file);
	S_s(&p, ps->parameter_file);
	S_s(&p, ps->message);
	S_s(&p, ps->message_ref);
	S_s(&p, ps->tsv_file);
	S_w(&p, (uint64_t)ps->recovered);
	S_named(&p, ps->channels, ps->nchannels);
	S_named(&p, ps->levels, ps->nlevels);
	S_named(&p, ps->tasks, ps->ntasks);
	S_named(&p, ps->opcodes, ps->nopcodes);
	S_named(&p, ps->keywords, ps->nkeywords);
	pc->header = S_end(&p);

	S_init(&p, 'f');
	S_w(&p, pc->header);
	pc->maps = ecat_calloc(ps->nmaps + 1, sizeof(*pc->maps));
	S_w(&p, ps->nmaps);
	for (i = 0; i < ps->nmaps; i++)
		S_w(&p, pc->maps[i] = S_map(&ps->maps[i]));
	pc->ev = ecat_calloc(ps->nevents + 1, sizeof(*pc->ev));
	S_w(&p, ps->ntemplates);
	S_w(&p, ps->nevents);
	for (i = 0; i < ps->nevents; i++) {
		struct ecat_loc	 l = ecat_evrow_loc(ps, &ps->events[i]);

		S_w(&p, pc->ev[i] = S_content(c, &ps->events[i]));
		S_eloc(&p, pc, &l);
	}
	pc->full = S_end(&p);
}

/* The maps the fields name (and their members'), as the JSON does. */
static void
S_fieldmaps(struct ph *p, const struct pscache *pc, const struct ecat_field *f,
    uint32_t n)
{
	const struct ecat_map	*m;
	uint32_t		 i;

	for (i = 0; i < n; i++) {
		if (f[i].map != NULL &&
		    (m = ecat_map_by_name(pc->ps, f[i].map)) != NULL)
			S_w(p, pc->maps[m - pc->ps->maps]);
		if (f[i].flags & ECAT_FIELD_STRUCT)
			S_fieldmaps(p, pc, f[i].members, f[i].nmembers);
	}
}

static const struct pscache *
S_pcfind(const struct pscache *pcs, uint32_t n, const struct ecat_pschema *ps)
{
	uint32_t	 i;

	for (i = 0; i < n; i++)
		if (pcs[i].ps == ps)
			return &pcs[i];
	return NULL;
}

static void
S_drift(struct ph *p, const struct ecat_drift *d)
{
	S_w(p, (uint64_t)d->cls << 32 | (uint64_t)d->sev);
	S_s(p, d->provider);
	S_w(p, (uint64_t)d->event_id);
	S_w(p, (uint64_t)(int64_t)d->version);
	S_w(p, d->from != NULL ? d->from->index : UINT32_MAX);
	S_w(p, d->to != NULL ? d->to->index : UINT32_MAX);
	S_s(p, d->field);
	S_s(p, d->before);
	S_s(p, d->after);
	S_loc(p, &d->loc);
	S_w(p, (uint64_t)d->accepted);
}

/*
 * A key's occurrences and drift: what its JSON and the export show.
 * Every occurrence, of every build: a page shows the key merged from
 * the sources of other builds too (catalog/merge.h, read only from the
 * key's occurrences and their schemas' headers), so a change to any of
 * them renders its pages again (tests/site_incremental.sh, 6).
 */
static uint64_t
S_keyx(const struct hctx *c, const struct pscache *pcs, uint32_t npc,
    const struct ecat_evkey *k)
{
	const struct pscache	*pc = NULL;
	const struct ecat_occ	*o;
	const struct ecat_pschema *ps;
	const struct ecat_evrow	*e;
	const struct ecat_shape	*sh;
	struct ecat_loc		 l;
	struct ph		 p;
	uint32_t		 i;

	S_init(&p, 'k');
	S_w(&p, (uint64_t)k->id << 32 | k->version);
	S_w(&p, k->nocc);
	for (i = 0; i < k->nocc; i++) {
		o = &k->occ[i];
		S_w(&p, (uint64_t)ecat_occ_build(o)->index << 32 |
		    (uint64_t)ecat_occ_kind(o));
		S_w(&p, o->nsamples);
		if ((e = ecat_occ_row(o)) == NULL) {
			S_w(&p, 0);
			continue;
		}
		ps = ecat_occ_schema(o);
		l = ecat_evrow_loc(ps, e);
		if (pc == NULL || pc->ps != ps)
			pc = S_pcfind(pcs, npc, ps);
		if (pc != NULL && e >= pc->ps->events &&
		    e < pc->ps->events + pc->ps->nevents) {
			S_w(&p, pc->ev[e - pc->ps->events]);
			S_w(&p, pc->header);
			sh = e->ev->tmpl != NULL ? e->ev->tmpl->shape : NULL;
			if (sh != NULL && pc->ps->nmaps > 0)
				S_fieldmaps(&p, pc, sh->fields, sh->nfields);
			S_eloc(&p, pc, &l);
		} else {
			S_w(&p, S_content(c, e));
			S_loc(&p, &l);
		}
	}
	S_w(&p, k->ndrift);
	for (i = 0; i < k->ndrift; i++)
		S_drift(&p, k->drift[i]);
	return S_end(&p);
}

static void
S_rule(struct ph *p, const struct ecat_rule *r)
{
	uint32_t	 i;

	S_s(p, r->title);
	S_s(p, r->id);
	S_s(p, r->status);
	S_s(p, r->level);
	S_s(p, r->author);
	S_s(p, r->description);
	S_s(p, r->date);
	S_s(p, r->modified);
	S_s(p, r->condition);
	S_w(p, r->nrefs);
	for (i = 0; i < r->nrefs; i++)
		S_s(p, r->refs[i]);
	S_w(p, r->ntags);
	for (i = 0; i < r->ntags; i++)
		S_s(p, r->tags[i]);
	S_s(p, r->product);
	S_s(p, r->service);
	S_s(p, r->category);
	S_loc(p, &r->loc);
	S_s(p, r->path);
	S_s(p, r->upstream);
	S_w(p, r->nuses);
	for (i = 0; i < r->nuses; i++) {
		S_s(p, r->uses[i].name);
		S_s(p, r->uses[i].modifiers);
		S_loc(p, &r->uses[i].loc);
	}
	S_w(p, (uint64_t)r->state);
	S_s(p, r->why);
}

/* What an event page shows of a key beyond its JSON. */
static uint64_t
S_keyp(const struct ecat_evkey *k)
{
	const struct ecat_example	*x = k->example;
	struct ph			 p;
	uint32_t			 i;

	S_init(&p, 'q');
	if (x != NULL) {
		S_s(&p, x->json);
		S_loc(&p, &x->loc);
		S_w(&p, x->build != NULL ? x->build->index : UINT32_MAX);
		S_w(&p, x->captured != NULL ? x->captured->index : UINT32_MAX);
		S_s(&p, x->channel);
		S_w(&p, x->nfindings);
		for (i = 0; i < x->nfindings; i++) {
			S_s(&p, x->findings[i].id);
			S_s(&p, x->findings[i].severity);
			S_s(&p, x->findings[i].field);
			S_s(&p, x->findings[i].text);
		}
	} else
		S_w(&p, 0);
	S_w(&p, k->nrules);
	for (i = 0; i < k->nrules; i++)
		S_rule(&p, k->rules[i]);
	S_w(&p, k->nrulefields);
	for (i = 0; i < k->nrulefields; i++) {
		S_s(&p, k->rulefields[i].name);
		S_w(&p, (uint64_t)k->rulefields[i].nrules << 1 |
		    (uint64_t)(k->rulefields[i].present != 0));
	}
	return S_end(&p);
}

/*
 * What every page of a provider shows of it: names, the builds it is
 * in and how (the history rows), its schemas' kinds and builds (which
 * TSV is the download), what build.json says of it.
 */
static uint64_t
S_pcommon(const struct hctx *c, uint32_t idx)
{
	const struct site		*s = c->s;
	const struct pinfo		*pi = &s->pinfo[idx];
	const struct ecat_provider	*pr = pi->p;
	struct ph			 p;
	uint32_t			 b, np = s->cat->nproviders, i;

	S_init(&p, 'c');
	S_s(&p, pr->name);
	S_s(&p, pr->guid);
	S_w(&p, (uint64_t)pr->mof);
	S_s(&p, pi->safe);
	S_w(&p, (uint64_t)pi->nids << 32 | pi->nbuilds);
	S_w(&p, (uint64_t)pi->first << 32 | pi->last);
	for (b = 0; b < s->cat->nbuilds; b++)
		S_w(&p, (uint64_t)s->bpcount[(size_t)b * np + idx] << 8 |
		    s->bpmask[(size_t)b * np + idx]);
	S_w(&p, pr->nschemas);
	for (i = 0; i < pr->nschemas; i++)
		S_w(&p, (uint64_t)pr->schemas[i]->build->index << 32 |
		    (uint64_t)pr->schemas[i]->kind);
	S_w(&p, c->bprov[idx]);
	return S_end(&p);
}

/*
 * The field notes an event page of id may show (the provider's and
 * id's, catalog/fieldnotes.h); nothing when there are none, so that a
 * page without one hashes as before.
 */
static void
S_fnotes(struct ph *p, const struct ecat_provider *pr, uint32_t id)
{
	const struct ecat_fnote	*n;
	uint32_t		 i, j;

	for (i = 0; i < pr->nfnotes; i++) {
		n = &pr->fnotes[i];
		if (n->id >= 0 && (uint32_t)n->id != id)
			continue;
		S_s(p, n->field);
		S_w(p, (uint64_t)(uint32_t)n->id << 32 |
		    (uint32_t)n->version);
		S_s(p, n->description);
		S_s(p, n->source);
		S_s(p, n->link);
		S_w(p, n->nvalues);
		for (j = 0; j < n->nvalues; j++) {
			S_w(p, n->values[j].value);
			S_w(p, (uint64_t)n->values[j].hex);
			S_s(p, n->values[j].name);
			S_s(p, n->values[j].description);
		}
	}
}

static void
S_note(struct ph *p, const struct ecat_note *n)
{
	if (n == NULL) {
		S_w(p, 0);
		return;
	}
	S_b(p, n->md, n->mdlen);
	S_loc(p, &n->loc);
}

/* The units of provider idx: its page, downloads, event pages. */
static void
S_provider(const struct hctx *c, uint32_t idx)
{
	struct site			*s = c->s;
	const struct ecat_provider	*pr = s->pinfo[idx].p;
	struct unit			*u = &s->units[s->upoff[idx]];
	struct pscache			*pcs;
	struct ph			 page, dl, ev, srch;
	uint64_t			 pcom, kx, kp;
	uint32_t			 i, a, b;

	pcom = S_pcommon(c, idx);
	pcs = ecat_calloc(pr->nschemas + 1, sizeof(*pcs));
	for (i = 0; i < pr->nschemas; i++)
		S_pschema(c, &pcs[i], pr->schemas[i]);

	S_init(&page, 'P');
	S_w(&page, s->hglobal);
	S_w(&page, pcom);
	if (pr->note_md != NULL)
		S_b(&page, pr->note_md, pr->note_mdlen);
	else
		S_w(&page, 0);
	S_init(&dl, 'D');
	S_w(&dl, s->hjson);
	S_w(&dl, pcom);
	S_init(&srch, 'S');
	S_s(&srch, pr->name);
	for (i = 0; i < pr->nschemas; i++) {
		S_w(&page, pcs[i].header);
		S_w(&dl, pcs[i].full);
	}
	/* Units: page, downloads, then per event id its page. */
	for (a = 0, i = 2; a < pr->nkeys; a = b, i++) {
		b = site_idend(pr, a);
		S_init(&ev, 'E');
		S_w(&ev, s->hglobal);
		S_w(&ev, pcom);
		for (; a < b; a++) {
			kx = S_keyx(c, pcs, pr->nschemas, pr->keys[a]);
			kp = S_keyp(pr->keys[a]);
			S_w(&ev, kx);
			S_w(&ev, kp);
			S_w(&page, kx);
			S_w(&dl, kx);
			S_w(&srch, kx);
		}
		S_note(&ev, ecat_note_find(pr, pr->keys[b - 1]->id));
		S_fnotes(&ev, pr, pr->keys[b - 1]->id);
		u[i].kind = UK_EVHTML;
		u[i].prov = idx;
		u[i].id = pr->keys[b - 1]->id;
		u[i].hash = S_end(&ev);
	}
	u[0].kind = UK_PROV;
	u[0].prov = idx;
	u[0].hash = S_end(&page);
	u[1].kind = UK_DL;
	u[1].prov = idx;
	u[1].hash = S_end(&dl);
	s->hprov[idx] = S_end(&srch);
	for (i = 0; i < pr->nschemas; i++) {
		free(pcs[i].maps);
		free(pcs[i].ev);
	}
	free(pcs);
}

/* ------------------------------------------------------------ threads */

struct hrun {
	const struct hctx	*c;
	pthread_mutex_t		 lock;
	uint32_t		 next;
};

static void *
S_hworker(void *arg)
{
	struct hrun	*r = arg;
	uint32_t	 i;

	for (;;) {
		pthread_mutex_lock(&r->lock);
		i = r->next++;
		pthread_mutex_unlock(&r->lock);
		if (i >= r->c->s->cat->nproviders)
			break;
		S_provider(r->c, i);
	}
	return NULL;
}

/* ------------------------------------------------------- site-wide */

static void
S_bprov(struct ph *p, const struct ecat_bprov *f)
{
	S_s(p, f->provider);
	S_s(p, f->binary);
	S_s(p, f->file_version);
	S_s(p, f->obtained);
	S_s(p, f->copied_from);
	if (f->transcription != NULL)	/* the merge's origin (carry.c) */
		S_s(p, f->transcription);
}

/* A provider's index by name (the providers are sorted by strcmp). */
static uint32_t
S_provindex(const struct ecat_catalog *cat, const char *name)
{
	uint32_t	 lo = 0, hi = cat->nproviders, mid;
	int		 c;

	while (name != NULL && lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(cat->providers[mid]->name, name)) == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return UINT32_MAX;
}

/*
 * What every page and download may show: the options, the builds (the
 * index and build lists, the history rows), every provider's name and
 * folder (the footer's count, links from drift rows).
 */
static void
S_sitewide(struct ph *p, const struct site *s)
{
	const struct ecat_catalog	*cat = s->cat;
	const struct ecat_build		*b;
	uint32_t			 i;

	S_s(p, s->o->base_url);
	S_w(p, cat->nbuilds);
	for (i = 0; i < cat->nbuilds; i++) {
		b = cat->builds[i];
		S_s(p, b->id);
		S_s(p, s->bsafe[i]);
		S_s(p, b->display_name);
		S_s(p, b->os_family);
		S_w(p, b->build_number);
		S_s(p, b->revision);
		S_s(p, b->capture_date);
		S_s(p, b->version_string);
	}
	S_w(p, cat->nproviders);
	for (i = 0; i < cat->nproviders; i++) {
		S_s(p, cat->providers[i]->name);
		S_s(p, s->psafe[i]);
	}
}

/* -------------------------------------------------------------- units */

/*
 * The units, in marker order: per provider (catalog order) its page,
 * its downloads and per event id its page and JSON; then per build its
 * page; then the index, the search index, the assets and the catalog.
 */
static void
S_units(struct site *s)
{
	const struct ecat_catalog	*cat = s->cat;
	size_t				 n = 0;
	uint32_t			 i;

	s->upoff = ecat_calloc(cat->nproviders + 1, sizeof(*s->upoff));
	for (i = 0; i < cat->nproviders; i++) {
		s->upoff[i] = n;
		n += 2 + (size_t)s->pinfo[i].nids;
	}
	s->ubuild = n;
	n += s->nlisted;
	s->uindex = n++;
	s->usearch = n++;
	s->uassets = n++;
	s->ucatalog = n++;
	s->nunits = n;
	s->units = ecat_calloc(n, sizeof(*s->units));
	for (i = 0; i < s->nlisted; i++) {
		s->units[s->ubuild + i].kind = UK_BUILD;
		s->units[s->ubuild + i].id = i;
	}
	s->units[s->uindex].kind = UK_INDEX;
	s->units[s->usearch].kind = UK_SEARCH;
	s->units[s->uassets].kind = UK_ASSETS;
	s->units[s->ucatalog].kind = UK_CATALOG;
}

/* The key of unit u in the marker (publish.c): a path of the site. */
const char *
site_unit_key(const struct site *s, size_t u, char *buf, size_t n)
{
	const struct unit	*x = &s->units[u];

	switch (x->kind) {
	case UK_EVHTML:
		snprintf(buf, n, "providers/%s/events/%u.html",
		    s->psafe[x->prov], x->id);
		break;
	case UK_PROV:
		snprintf(buf, n, "providers/%s/index.html", s->psafe[x->prov]);
		break;
	case UK_DL:
		snprintf(buf, n, "downloads/%s.json", s->psafe[x->prov]);
		break;
	case UK_BUILD:
		snprintf(buf, n, "%s", s->bhref[x->id]);
		break;
	case UK_INDEX:
		snprintf(buf, n, "index.html");
		break;
	case UK_SEARCH:
		snprintf(buf, n, "search-index.js");
		break;
	case UK_ASSETS:
		snprintf(buf, n, "assets/");
		break;
	case UK_CATALOG:
	default:
		snprintf(buf, n, "downloads/catalog.json");
		break;
	}
	return buf;
}

/* ------------------------------------------------------------ the site */

/*
 * Compute every unit's hash (s->units) and the renderer's (s->hrender)
 * for this build.  Called after the views' setup (pinfo, safe names,
 * counts) and before any job.
 */
void
site_hash(struct site *s, int nth)
{
	const struct ecat_catalog	*cat = s->cat;
	const struct ecat_build		*b;
	const struct ecat_embedded	*em;
	struct hctx			 c;
	struct hrun			 run;
	struct ph			 p, r, all, *bph;
	uint64_t			*bprov, *bfacts;
	uint64_t			 h, hbin;
	pthread_t			*th;
	uint32_t			 i, j, x;
	size_t				 d, u;
	int				 t;

	S_units(s);

	/* The renderer: binary and templates. */
	S_init(&r, 'R');
	S_binary(&r);
	hbin = S_end(&r);
	if (s->tpldir != NULL)
		S_tpldir(&r, s->tpldir, 0);
	else
		for (em = ecat_embedded_files; em->name != NULL; em++) {
			S_s(&r, em->name);
			S_b(&r, em->data, em->len);
		}
	s->hrender = S_end(&r);

	/* Every page: the renderer, then the site-wide data. */
	S_init(&p, 'G');
	S_w(&p, s->hrender);
	S_sitewide(&p, s);
	s->hglobal = S_end(&p);
	/* The JSON downloads: the binary, not the templates. */
	S_init(&p, 'j');
	S_w(&p, hbin);
	S_sitewide(&p, s);
	s->hjson = S_end(&p);

	memset(&c, 0, sizeof(c));
	c.s = s;
	/*
	 * build.json facts: per build (its page and the catalog), and per
	 * provider they name, in build order (its pages' provenance).
	 */
	bfacts = ecat_calloc(cat->nbuilds + 1, sizeof(*bfacts));
	bph = ecat_calloc(cat->nproviders + 1, sizeof(*bph));
	for (i = 0; i < cat->nproviders; i++)
		S_init(&bph[i], 'F');
	for (i = 0; i < cat->nbuilds; i++) {
		b = cat->builds[i];
		S_init(&p, 'b');
		S_s(&p, b->id);
		S_s(&p, b->dir);
		S_w(&p, b->nbprov);
		for (j = 0; j < b->nbprov; j++) {
			S_bprov(&p, &b->bprov[j]);
			if ((x = S_provindex(cat, b->bprov[j].provider)) ==
			    UINT32_MAX)
				continue;
			S_w(&bph[x], i);
			S_bprov(&bph[x], &b->bprov[j]);
		}
		bfacts[i] = S_end(&p);
	}
	bprov = ecat_calloc(cat->nproviders + 1, sizeof(*bprov));
	for (i = 0; i < cat->nproviders; i++)
		bprov[i] = S_end(&bph[i]);
	free(bph);
	c.bprov = bprov;

	/* The providers, by threads. */
	s->hprov = ecat_calloc(cat->nproviders + 1, sizeof(*s->hprov));
	memset(&run, 0, sizeof(run));
	run.c = &c;
	pthread_mutex_init(&run.lock, NULL);
	if (nth < 1)
		nth = 1;
	th = ecat_calloc((size_t)nth, sizeof(*th));
	for (t = 0; t < nth; t++)
		if (pthread_create(&th[t], NULL, S_hworker, &run) != 0)
			break;
	if (t == 0)
		S_hworker(&run);
	while (t-- > 0)
		pthread_join(th[t], NULL);
	free(th);
	pthread_mutex_destroy(&run.lock);

	/* Build pages: the build, its providers, its drift. */
	for (i = 0; i < s->nlisted; i++) {
		b = cat->builds[i];
		S_init(&p, 'B');
		S_w(&p, s->hglobal);
		S_w(&p, i);
		S_w(&p, bfacts[i]);
		for (j = 0; j < cat->nproviders; j++)
			S_w(&p, (uint64_t)s->bpcount[(size_t)i *
			    cat->nproviders + j] << 8 | s->bpmask[(size_t)i *
			    cat->nproviders + j]);
		for (d = s->dstart[i]; d < s->dstart[i + 1]; d++)
			S_drift(&p, s->dbyto[d]);
		s->units[s->ubuild + i].hash = S_end(&p);
	}

	/* The index: each provider's row (pinfo). */
	S_init(&p, 'I');
	S_w(&p, s->hglobal);
	S_w(&p, (uint64_t)s->nids << 32 ^ s->nkeys);
	for (i = 0; i < cat->nproviders; i++) {
		S_w(&p, (uint64_t)s->pinfo[i].nids << 32 |
		    s->pinfo[i].nbuilds);
		S_w(&p, (uint64_t)s->pinfo[i].first << 32 |
		    s->pinfo[i].last);
		S_w(&p, cat->providers[i]->nkeys);
		S_s(&p, cat->providers[i]->guid);
		S_w(&p, (uint64_t)cat->providers[i]->mof);
		/* A header-only one is listed with its schemas' builds. */
		for (j = 0; s->pinfo[i].nids == 0 &&
		    j < cat->providers[i]->nschemas; j++)
			S_w(&p, (uint64_t)cat->providers[i]->schemas[j]->
			    build->index << 8 |
			    cat->providers[i]->schemas[j]->kind);
	}
	s->units[s->uindex].hash = S_end(&p);

	/* The search index: every event's title and field names, and
	   what ranks a provider (site_search_counts()). */
	S_init(&p, 'S');
	S_w(&p, s->hglobal);
	for (i = 0; i < cat->nproviders; i++) {
		uint32_t nb, nr, nx;

		S_w(&p, s->hprov[i]);
		site_search_counts(s, i, &nb, &nr, &nx);
		S_w(&p, (uint64_t)nb << 40 ^ (uint64_t)nr << 20 ^ nx);
	}
	s->units[s->usearch].hash = S_end(&p);

	S_init(&p, 'A');
	S_w(&p, s->hrender);
	s->units[s->uassets].hash = S_end(&p);

	/* The whole catalog: builds with their facts, providers' schemas
	   and keys (S_provider's downloads hash holds both), drift. */
	S_init(&p, 'C');
	S_w(&p, s->hjson);
	for (i = 0; i < cat->nbuilds; i++)
		S_w(&p, bfacts[i]);
	for (i = 0; i < cat->nproviders; i++)
		S_w(&p, s->units[s->upoff[i] + 1].hash);
	S_w(&p, cat->ndrift);
	for (d = 0; d < cat->ndrift; d++)
		S_drift(&p, &cat->drift[d]);
	s->units[s->ucatalog].hash = S_end(&p);

	/*
	 * Templates of one's own may show anything anywhere: every unit
	 * then depends on every input (a no-change rebuild still keeps
	 * everything).
	 */
	if (s->tpldir != NULL) {
		S_init(&all, 'X');
		for (u = 0; u < s->nunits; u++)
			S_w(&all, s->units[u].hash);
		h = S_end(&all);
		for (u = 0; u < s->nunits; u++) {
			S_init(&p, 'Y');
			S_w(&p, s->units[u].hash);
			S_w(&p, h);
			s->units[u].hash = S_end(&p);
		}
	}
	free(bprov);
	free(bfacts);
}
