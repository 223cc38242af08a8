/*
 * search.c: search-index.js, the index the search box of every page
 * loads: provider names, event ids, titles and field names, in
 * columns.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "html.h"
#include "jsonw.h"
#include "site_int.h"

/*
 * The field-name dictionary: a table of field names by pointer, the
 * value each name's count, then its index in the dictionary.  Equal
 * strings interned apart would hash apart, and a strcmp fallback on
 * collisions would not join them; names are interned per catalog
 * (ecat_shape_intern() interns every field's strings), so equal names
 * share a pointer and the pointer is the whole key.
 */
static void
S_fd_add(struct ecat_htab *d, const char *k)
{
	if (k == NULL || k[0] == '\0')
		return;
	ecat_htab_pput(d, k, 0, NULL)->v.u++;
}

/* Most used first, then by name. */
static int
S_fdcmp(const void *a, const void *b)
{
	const struct ecat_hent	*x = *(const struct ecat_hent *const *)a;
	const struct ecat_hent	*y = *(const struct ecat_hent *const *)b;

	if (x->v.u != y->v.u)
		return x->v.u > y->v.u ? -1 : 1;
	return strcmp(x->k, y->k);
}

/* The field lists of every version of an event page, as shapes. */
static void
S_evshapes(const struct ecat_evkey *const *keys, uint32_t n,
    const struct ecat_shape **out)
{
	uint32_t	 i;

	for (i = 0; i < n; i++)
		out[i] = site_shape(site_repr(keys[i], NULL));
}

/*
 * A string of the index, its bidirectional controls shown as the pages
 * show them ("[U+202E]", html.h): the results are the pages' text, and
 * the script holds no character that reorders its source.
 */
static void
S_jstr(struct jsonw *j, const char *s)
{
	char	*v;

	v = html_bidi_visible(s);
	jsonw_str(j, v != NULL ? v : s);
	free(v);
}

/*
 * search-index.js: one call, etwcatIndex({...}), of columns (etwcat.1,
 * SITE): "P" provider names, "U" their folder names where they differ,
 * "n" event pages per provider, "i" event ids, "t" titles, "F" the
 * field-name dictionary (most used first, so most indexes are short)
 * and "f" per event the indexes of its field names.  A script tag can
 * load it from file://, where fetch() of a .json file is refused.
 */
void
site_job_search(struct worker *w)
{
	struct site			*s = w->s;
	const struct ecat_catalog	*cat = s->cat;
	const struct ecat_provider	*p;
	const struct ecat_shape		*shp[256], **sh;
	struct ecat_htab		 d;
	struct ecat_hent		**order;
	struct ecat_buf			 tmp;
	struct jsonw			 j;
	size_t				 i, k;
	uint32_t			 pi, a, b, v, f, nv, *seen, nseen;
	const char			*title;
	FILE				*out;
	struct site_stream		*st;

	ecat_htab_init(&d, ECAT_HKEY_PTR, 2047);
	ecat_buf_init(&tmp);
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			b = site_idend(p, a);
			nv = b - a > 256 ? 256 : b - a;
			S_evshapes((const struct ecat_evkey *const *)
			    p->keys + a, nv, shp);
			for (v = 0; v < nv; v++)
				for (f = 0; shp[v] != NULL &&
				    f < shp[v]->nfields; f++)
					S_fd_add(&d, shp[v]->fields[f].name);
		}
	}
	/* No put follows: the entries stay where they are. */
	order = ecat_calloc(d.n ? d.n : 1, sizeof(*order));
	for (i = k = 0; i < d.cap; i++)
		if (d.e[i].h != 0)
			order[k++] = &d.e[i];
	if (d.n > 1)
		qsort(order, d.n, sizeof(*order), S_fdcmp);
	for (k = 0; k < d.n; k++)
		order[k]->v.u = k;

	/* Streamed, as a provider's JSON is (publish.c). */
	if ((out = site_stream_open(w, "search-index.js", &st)) == NULL)
		goto done;
	fputs("/* etwcat search index: see etwcat(1), SITE. */\n"
	    "etwcatIndex(", out);
	jsonw_init(&j, out, 0);
	jsonw_obj_open(&j);
	jsonw_kint(&j, "v", 1);
	jsonw_key(&j, "P");
	jsonw_arr_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++)
		S_jstr(&j, cat->providers[pi]->name);
	jsonw_arr_close(&j);
	jsonw_key(&j, "U");
	jsonw_obj_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++)
		if (strcmp(s->pinfo[pi].safe, cat->providers[pi]->name) != 0) {
			char	 key[16];

			snprintf(key, sizeof(key), "%u", pi);
			jsonw_kstr(&j, key, s->pinfo[pi].safe);
		}
	jsonw_obj_close(&j);
	jsonw_key(&j, "n");
	jsonw_arr_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++)
		jsonw_int(&j, s->pinfo[pi].nids);
	jsonw_arr_close(&j);
	jsonw_key(&j, "F");
	jsonw_arr_open(&j);
	for (k = 0; k < d.n; k++)
		S_jstr(&j, order[k]->k);
	jsonw_arr_close(&j);
	/* ids, titles and field lists, one pass each over the events */
	jsonw_key(&j, "i");
	jsonw_arr_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			b = site_idend(p, a);
			jsonw_int(&j, p->keys[a]->id);
		}
	}
	jsonw_arr_close(&j);
	jsonw_key(&j, "t");
	jsonw_arr_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			b = site_idend(p, a);
			/* The event page's: its newest version's with one. */
			title = NULL;
			for (v = b; v-- > a && title == NULL; ) {
				struct ecat_merged	 m;

				ecat_pool_reset(&w->page);
				site_merge(p->keys[v], &m);
				title = site_title(&w->page, &m, &tmp);
			}
			S_jstr(&j, title != NULL ? title : "");
		}
	}
	jsonw_arr_close(&j);
	jsonw_key(&j, "f");
	jsonw_arr_open(&j);
	/*
	 * seen[x] is the number of the last event that listed name x, so
	 * that an event lists each of its field names once, in one step
	 * per field and with no bound on how many it has.
	 */
	seen = ecat_calloc(d.n + 1, sizeof(*seen));
	nseen = 0;
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			b = site_idend(p, a);
			nv = b - a > 256 ? 256 : b - a;
			sh = shp;
			S_evshapes((const struct ecat_evkey *const *)
			    p->keys + a, nv, sh);
			nseen++;
			jsonw_arr_open(&j);
			for (v = nv; v-- > 0; )
				for (f = 0; sh[v] != NULL &&
				    f < sh[v]->nfields; f++) {
					const char *fn = sh[v]->fields[f].name;
					uint32_t x;

					if (fn == NULL || fn[0] == '\0')
						continue;
					x = (uint32_t)ecat_htab_pfind(&d,
					    fn, 0)->v.u;
					if (seen[x] == nseen)
						continue;
					seen[x] = nseen;
					jsonw_int(&j, x);
				}
			jsonw_arr_close(&j);
		}
	}
	free(seen);
	jsonw_arr_close(&j);
	jsonw_obj_close(&j);
	fputs(");\n", out);
	site_stream_close(w, st, 1);
done:
	free(order);
	ecat_htab_free(&d);
	ecat_buf_free(&tmp);
}
