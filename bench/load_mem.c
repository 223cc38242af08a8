/*
 * bench/load_mem.c: where the bytes of a loaded catalog go, by
 * structure.  Linked with a build's libetwcat.a (bench_link in
 * bench/lib.sh; bench/load_mem.sh builds and runs it): loads each
 * SOURCE, finishes the catalog and adds up what the model holds,
 * walking it, so that every figure is a count times a size, not a
 * guess; what the walk cannot attribute in the arena (chunk slack,
 * the TSV loader's text index, tables abandoned as they grew) is
 * printed as the rest.  Also counts how many event contents there
 * are once their place (file, line, schema) is set aside, as model.c
 * stores them (ecat_event, once per content; ecat_evrow per row).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "model.h"

#define MB(x)	((double)(x) / (1024.0 * 1024.0))

static size_t
S_fields(const struct ecat_field *f, uint32_t n)
{
	size_t	 b = n * sizeof(*f);
	uint32_t i;

	for (i = 0; i < n; i++)
		b += S_fields(f[i].members, f[i].nmembers);
	return b;
}

static size_t
S_named(const struct ecat_named *v, uint32_t n)
{
	size_t	 b = n * sizeof(*v);
	uint32_t i;

	for (i = 0; i < n; i++)
		b += S_named(v[i].opcodes, v[i].nopcodes);
	return b;
}

static uint64_t
S_mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

/* A row's content, place left out (interned strings: pointers). */
static uint64_t
S_evhash(const struct ecat_evrow *r, int withline)
{
	const struct ecat_event *e = r->ev;
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	h = S_mix(h, (uint64_t)e->id << 32 | e->version << 16 | e->has);
	h = S_mix(h, (uint64_t)e->level << 32 | (uint64_t)e->opcode << 24 |
	    (uint64_t)e->channel << 16 | e->task);
	h = S_mix(h, e->keywords);
	h = S_mix(h, (uintptr_t)e->name);
	h = S_mix(h, (uintptr_t)e->symbol);
	h = S_mix(h, (uintptr_t)e->level_name);
	h = S_mix(h, (uintptr_t)e->task_name);
	h = S_mix(h, (uintptr_t)e->opcode_name);
	h = S_mix(h, (uintptr_t)e->keywords_names);
	h = S_mix(h, (uintptr_t)e->channel_name);
	h = S_mix(h, (uintptr_t)e->template_ref);
	h = S_mix(h, (uintptr_t)(e->tmpl != NULL ? e->tmpl->shape : NULL));
	h = S_mix(h, (uintptr_t)(e->tmpl != NULL ? e->tmpl->tid : NULL));
	h = S_mix(h, (uintptr_t)e->message);
	h = S_mix(h, (uintptr_t)e->message_ref);
	h = S_mix(h, (uintptr_t)e->mof_class);
	h = S_mix(h, (uintptr_t)e->mof_type);
	h = S_mix(h, (uintptr_t)e->mof_desc);
	if (withline)
		h = S_mix(h, r->line);
	return h;
}

static int
S_u64cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static size_t
S_distinct(uint64_t *v, size_t n)
{
	size_t	 i, d = 0;

	qsort(v, n, sizeof(*v), S_u64cmp);
	for (i = 0; i < n; i++)
		d += i == 0 || v[i] != v[i - 1];
	return d;
}

int
main(int argc, char **argv)
{
	struct ecat_diag	*d = ecat_diag_new();
	struct ecat_catalog	*c;
	size_t	 nprov = 0, kptr = 0, kidx = 0, sptr = 0, nkeys = 0;
	size_t	 nocc = 0, occcap = 0, nocc1 = 0, nsch = 0, named = 0;
	size_t	 maps = 0, ntm = 0, flines = 0, nev = 0, nevtsv = 0;
	size_t	 nrows = 0;	/* rows stored: shared arrays counted once */
	size_t	 shapes = 0, nstr, strbytes, strslots, slotsz, acc, arena, k, i;
	uint64_t *h0, *h1;
	size_t	 nh = 0;
	uint32_t p, s, j, m;
	int	 a;

	ecat_diag_set_min(d, ECAT_SEV__MAX);	/* count, print nothing */
	c = ecat_catalog_new(d);
	for (a = 1; a < argc; a++)
		ecat_load_source(c, argv[a], NULL);
	ecat_catalog_finish(c);
	for (p = 0; p < c->nproviders; p++) {
		const struct ecat_provider *pv = c->providers[p];

		nprov++;
		kptr += pv->keycap * sizeof(*pv->keys);
		sptr += pv->schemacap * sizeof(*pv->schemas);
		if (pv->keyindex != NULL)
			kidx += ((const struct ecat_htab *)pv->keyindex)->cap *
			    sizeof(struct ecat_hent);
		for (k = 0; k < pv->nkeys; k++) {
			nkeys++;
			nocc += pv->keys[k]->nocc;
			occcap += pv->keys[k]->occcap;
			nocc1 += pv->keys[k]->nocc == 1;
		}
		for (s = 0; s < pv->nschemas; s++) {
			const struct ecat_pschema *ps = pv->schemas[s];

			uint32_t	 t;
			int		 shared = 0;

			nsch++;
			/* A TSV file alike an earlier build's shares that
			   schema's rows and templates (model.c): count the
			   arrays once, at their first schema. */
			for (t = 0; t < s && !shared; t++)
				shared = pv->schemas[t]->events == ps->events &&
				    ps->nevents > 0;
			named += S_named(ps->channels, ps->nchannels) +
			    S_named(ps->levels, ps->nlevels) +
			    S_named(ps->tasks, ps->ntasks) +
			    S_named(ps->opcodes, ps->nopcodes) +
			    S_named(ps->keywords, ps->nkeywords);
			maps += ps->nmaps * sizeof(struct ecat_map);
			for (m = 0; m < ps->nmaps; m++)
				maps += ps->maps[m].nentries *
				    sizeof(struct ecat_mapentry);
			nev += ps->nevents;
			if (ps->kind == ECAT_SRC_TSV)
				nevtsv += ps->nevents;
			if (shared)
				continue;
			nrows += ps->nevents;
			ntm += ps->ntemplates;
			for (j = 0; j < ps->ntemplates; j++)
				if (ps->templates[j].field_lines != NULL &&
				    ps->templates[j].shape != NULL)
					flines += (ps->templates[j].shape->
					    nfields * 4 + 7) & ~(size_t)7;
		}
	}
	h0 = calloc(nev + 1, sizeof(*h0));
	h1 = calloc(nev + 1, sizeof(*h1));
	for (p = 0; p < c->nproviders; p++)
		for (s = 0; s < c->providers[p]->nschemas; s++) {
			const struct ecat_pschema *ps =
			    c->providers[p]->schemas[s];

			for (j = 0; j < ps->nevents; j++) {
				h0[nh] = S_evhash(&ps->events[j], 0) ^
				    (uintptr_t)ps->provider;
				h1[nh++] = S_evhash(&ps->events[j], 1) ^
				    (uintptr_t)ps->provider;
			}
		}
	for (i = 0; i < c->nshapes; i++)
		shapes += sizeof(struct ecat_shape) + sizeof(void *) +
		    S_fields(c->shapes[i]->fields, c->shapes[i]->nfields);
	ecat_intern_stats(c->strings, &nstr, &strbytes, &strslots, &slotsz);
	arena = ecat_arena_bytes(c->arena);

	printf("%u builds, %zu providers, %zu schemas, %zu keys, %zu events "
	    "(%zu TSV)\n", c->nbuilds, nprov, nsch, nkeys, nev, nevtsv);
	printf("arena total                        %9.1f MB\n", MB(arena));
	acc = 0;
#define ROW(label, n, sz) do {						\
	printf("  %-20s %9zu x %4zu B = %9.1f MB\n", label, (size_t)(n),	\
	    (size_t)(sz), MB((size_t)(n) * (sz)));			\
	acc += (size_t)(n) * (sz);					\
} while (0)
#define ROWB(label, b) do {						\
	printf("  %-35s %9.1f MB\n", label, MB(b));			\
	acc += (b);							\
} while (0)
	ROW("event rows", nrows, sizeof(struct ecat_evrow));
	/* model.c's struct evnode: the content and a chain pointer. */
	ROW("event contents", c->ncontents, sizeof(struct ecat_event) +
	    sizeof(void *));
	ROW("templates", ntm, sizeof(struct ecat_template));
	ROWB("template field_lines", flines);
	ROW("schemas", nsch, sizeof(struct ecat_pschema));
	ROWB("schemas' named lists", named);
	ROWB("schemas' maps", maps);
	ROW("keys", nkeys, sizeof(struct ecat_evkey));
	ROW("providers", nprov, sizeof(struct ecat_provider));
	ROWB("shapes with fields", shapes);
	ROW("interned strings", nstr, strbytes / (nstr ? nstr : 1));
	/* tsv.c's struct tsvindex: two tables, slots in the arena. */
	if (c->tsvindex != NULL) {
		const struct ecat_htab *t = c->tsvindex;
		size_t	 tb = 0;

		for (i = 0; i < t[0].cap; i++)
			if (t[0].e[i].h != 0)
				tb += (t[0].e[i].n + 1 + 7) & ~(size_t)7;
		ROWB("TSV field-list index texts", tb);
		ROWB("TSV index slots (and grown out)",
		    2 * (t[0].cap + t[1].cap) * sizeof(struct ecat_hent));
	}
	ROWB("chunk slack", arena - ecat_arena_used(c->arena));
	printf("  rest (other tables, small nodes)   %7.1f MB\n",
	    MB(arena - acc));
	printf("malloc\n");
	printf("  occurrences %9zu used, %zu allocated x %zu B = %.1f MB "
	    "(%zu keys with one)\n", nocc, occcap, sizeof(struct ecat_occ),
	    MB(occcap * sizeof(struct ecat_occ)), nocc1);
	printf("  interner slots %9zu x %zu B = %9.1f MB\n", strslots,
	    slotsz, MB(strslots * slotsz));
	printf("  key index slots (after finish)    %9.1f MB\n", MB(kidx));
	printf("  key and schema pointer arrays    %9.1f MB\n", MB(kptr + sptr));
	printf("event contents: %zu distinct by this walk, %llu stored "
	    "(%zu with the line)\n", S_distinct(h0, nh),
	    (unsigned long long)c->ncontents, S_distinct(h1, nh));
	free(h0);
	free(h1);
	ecat_catalog_free(c);
	ecat_diag_free(d);
	return 0;
}
