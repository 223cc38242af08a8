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

/* Field names by pointer (they are interned) → dictionary slot. */
struct fdict {
	const char	**key;
	uint32_t	*count;
	uint32_t	*slot;		/* final index */
	size_t		 cap, n;
};

static size_t
S_fd_find(struct fdict *d, const char *k)
{
	size_t	 i;

	i = (size_t)(((uintptr_t)k >> 3) * 0x9e3779b97f4a7c15ULL) &
	    (d->cap - 1);
	while (d->key[i] != NULL && d->key[i] != k &&
	    strcmp(d->key[i], k) != 0)
		i = (i + 1) & (d->cap - 1);
	return i;
}

static void
S_fd_grow(struct fdict *d)
{
	const char	**ok = d->key;
	uint32_t	 *oc = d->count;
	size_t		  ocap = d->cap, i, j;

	d->cap = d->cap ? d->cap * 2 : 4096;
	d->key = ecat_calloc(d->cap, sizeof(*d->key));
	d->count = ecat_calloc(d->cap, sizeof(*d->count));
	for (i = 0; i < ocap; i++)
		if (ok[i] != NULL) {
			j = S_fd_find(d, ok[i]);
			d->key[j] = ok[i];
			d->count[j] = oc[i];
		}
	free(ok);
	free(oc);
}

/*
 * Strings equal but interned apart would hash apart; names are
 * interned per catalog, so equal names share a pointer and this
 * hashes by pointer with a strcmp fallback on collisions.
 */
static void
S_fd_add(struct fdict *d, const char *k)
{
	size_t	 i;

	if (k == NULL || k[0] == '\0')
		return;
	if (2 * (d->n + 1) > d->cap)
		S_fd_grow(d);
	i = S_fd_find(d, k);
	if (d->key[i] == NULL) {
		d->key[i] = k;
		d->n++;
	}
	d->count[i]++;
}

static int
S_fdcmp(const void *a, const void *b, void *arg)
{
	const struct fdict	*d = arg;
	size_t			 x = *(const size_t *)a, y = *(const size_t *)b;

	if (d->count[x] != d->count[y])
		return d->count[x] > d->count[y] ? -1 : 1;
	return strcmp(d->key[x], d->key[y]);
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
	struct fdict			 d;
	struct ecat_buf			 tmp;
	struct jsonw			 j;
	size_t				*order, i, k;
	uint32_t			 pi, a, b, v, f, nv, *seen, nseen;
	const char			*title;
	FILE				*out;

	memset(&d, 0, sizeof(d));
	ecat_buf_init(&tmp);
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			for (b = a + 1; b < p->nkeys && p->keys[b]->id ==
			    p->keys[a]->id; b++)
				continue;
			nv = b - a > 256 ? 256 : b - a;
			S_evshapes((const struct ecat_evkey *const *)
			    p->keys + a, nv, shp);
			for (v = 0; v < nv; v++)
				for (f = 0; shp[v] != NULL &&
				    f < shp[v]->nfields; f++)
					S_fd_add(&d, shp[v]->fields[f].name);
		}
	}
	order = ecat_calloc(d.n ? d.n : 1, sizeof(*order));
	for (i = k = 0; i < d.cap; i++)
		if (d.key != NULL && d.key[i] != NULL)
			order[k++] = i;
	qsort_r(order, d.n, sizeof(*order), S_fdcmp, &d);
	d.slot = ecat_calloc(d.cap ? d.cap : 1, sizeof(*d.slot));
	for (k = 0; k < d.n; k++)
		d.slot[order[k]] = (uint32_t)k;

	ecat_buf_reset(&w->out);
	if ((out = site_buffile(&w->out)) == NULL) {
		site_fail(s, "fopencookie", errno);
		goto done;
	}
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
		S_jstr(&j, d.key[order[k]]);
	jsonw_arr_close(&j);
	/* ids, titles and field lists, one pass each over the events */
	jsonw_key(&j, "i");
	jsonw_arr_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			for (b = a + 1; b < p->nkeys && p->keys[b]->id ==
			    p->keys[a]->id; b++)
				continue;
			jsonw_int(&j, p->keys[a]->id);
		}
	}
	jsonw_arr_close(&j);
	jsonw_key(&j, "t");
	jsonw_arr_open(&j);
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			for (b = a + 1; b < p->nkeys && p->keys[b]->id ==
			    p->keys[a]->id; b++)
				continue;
			title = NULL;
			for (v = b; v-- > a && title == NULL; ) {
				ecat_pool_reset(&w->page);
				title = site_title(&w->page,
				    site_repr(p->keys[v], NULL), &tmp);
			}
			S_jstr(&j, title != NULL ? title : "");
		}
	}
	jsonw_arr_close(&j);
	jsonw_key(&j, "f");
	jsonw_arr_open(&j);
	seen = ecat_calloc(4096, sizeof(*seen));
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b) {
			for (b = a + 1; b < p->nkeys && p->keys[b]->id ==
			    p->keys[a]->id; b++)
				continue;
			nv = b - a > 256 ? 256 : b - a;
			sh = shp;
			S_evshapes((const struct ecat_evkey *const *)
			    p->keys + a, nv, sh);
			nseen = 0;
			jsonw_arr_open(&j);
			for (v = nv; v-- > 0; )
				for (f = 0; sh[v] != NULL &&
				    f < sh[v]->nfields; f++) {
					const char *fn = sh[v]->fields[f].name;
					uint32_t x, q;

					if (fn == NULL || fn[0] == '\0')
						continue;
					x = d.slot[S_fd_find(&d, fn)];
					for (q = 0; q < nseen && seen[q] != x;
					    q++)
						continue;
					if (q < nseen || nseen == 4096)
						continue;
					seen[nseen++] = x;
					jsonw_int(&j, x);
				}
			jsonw_arr_close(&j);
		}
	}
	free(seen);
	jsonw_arr_close(&j);
	jsonw_obj_close(&j);
	fputs(");\n", out);
	fclose(out);
	site_emit(w, "search-index.js", w->out.buf, w->out.len);
done:
	free(order);
	free(d.key);
	free(d.count);
	free(d.slot);
	ecat_buf_free(&tmp);
}
