/*
 * search.c: search-index.js, the index the search box of every page
 * loads: provider names with what makes a provider well known (builds,
 * event ids with Sigma rules, with examples), event ids, titles, and
 * field names with the version and row anchor of each on its event
 * page, in columns.  templates/assets/search.js ranks with these.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
 * What makes provider pi well known, for the ranking of equal matches:
 * the builds it is present in, its event ids with a Sigma rule and
 * those with a captured example.  pagehash.c hashes the same numbers
 * into the index's unit.
 */
void
site_search_counts(const struct site *s, uint32_t pi, uint32_t *nb,
    uint32_t *nr, uint32_t *nx)
{
	const struct ecat_provider	*p = s->cat->providers[pi];
	uint32_t			 a, b, k, r, x;

	*nb = s->pinfo[pi].nbuilds;
	*nr = *nx = 0;
	for (a = 0; a < p->nkeys; a = b) {
		b = site_idend(p, a);
		for (k = a, r = x = 0; k < b; k++) {
			r |= p->keys[k]->nrules > 0;
			x |= p->keys[k]->example != NULL;
		}
		*nr += r;
		*nx += x;
	}
}

/*
 * The ids an event page gives a version's parts and fields, as
 * event.c's S_sections() and S_anchor() take them: "v2-h" ... then
 * each field "v2-<safe name>", members "v2-<field>-<member>", each
 * with "-2", "-3" ... when taken.  An anchor list, in order.
 */
struct taken {
	char		**v;
	size_t		  n, cap;
};

static int
S_istaken(const struct taken *t, const char *a)
{
	size_t	 i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i], a) == 0)
			return 1;
	return 0;
}

static void
S_push(struct taken *t, char *a)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->v = ecat_reallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n++] = a;
}

static const char *
S_take(struct taken *t, const char *prefix, const char *name,
    uint32_t index)
{
	char		 safe[ECAT_SAFE_MAX + 1], *a;
	size_t		 len;
	uint32_t	 k = 1;
	int		 n;

	if (name == NULL || name[0] == '\0')
		snprintf(safe, sizeof(safe), "field%u", index);
	else
		ecat_safe_name(safe, name);
	len = strlen(prefix) + strlen(safe) + 16;
	a = ecat_malloc(len);
	n = snprintf(a, len, "%s-%s", prefix, safe);
	while (n > 0 && S_istaken(t, a))
		n = snprintf(a, len, "%s-%s-%u", prefix, safe, ++k);
	S_push(t, a);
	return a;
}

static void
S_takefree(struct taken *t)
{
	while (t->n > 0)
		free(t->v[--t->n]);
	free(t->v);
}

static int
S_ispart(const char *safe)
{
	static const char *const parts[] = { "h", "description", "message",
	    "fields", "example", "rules", "provenance" };
	size_t	 i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (strcmp(safe, parts[i]) == 0)
			return 1;
	return 0;
}

static int
S_strpcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Whether every field of sh has the row id search.js makes of its
 * index entry, "v<version>-" and the safe form of its name (its
 * safeName(), as ecat_safe_name()): no name is empty or has a byte
 * past ASCII (a bidirectional control is shown as "[U+202E]" in the
 * index), none is a part's ("h", "fields" ...), no two have one safe
 * form, and no member's id ("<field>-<member>") can equal a field's.
 * All but a few field lists are so.
 */
static int
S_plain(const struct ecat_shape *sh)
{
	char		 (*safe)[ECAT_SAFE_MAX + 1], **v;
	const char	*n;
	uint32_t	 i;
	int		 dash = 0, members = 0, ok = 1;

	if (sh->nfields == 0)
		return 1;
	safe = ecat_calloc(sh->nfields, sizeof(*safe));
	v = ecat_calloc(sh->nfields, sizeof(*v));
	for (i = 0; ok && i < sh->nfields; i++) {
		if ((n = sh->fields[i].name) == NULL || n[0] == '\0') {
			ok = 0;
			break;
		}
		for (; *n != '\0'; n++)
			if ((unsigned char)*n >= 0x80)
				ok = 0;
		ecat_safe_name(safe[i], sh->fields[i].name);
		v[i] = safe[i];
		if (S_ispart(safe[i]))
			ok = 0;
		dash |= strchr(safe[i], '-') != NULL;
		members |= (sh->fields[i].flags & ECAT_FIELD_STRUCT) &&
		    sh->fields[i].nmembers > 0;
	}
	if (ok && dash && members)
		ok = 0;
	if (ok) {
		qsort(v, sh->nfields, sizeof(*v), S_strpcmp);
		for (i = 1; ok && i < sh->nfields; i++)
			if (strcmp(v[i - 1], v[i]) == 0)
				ok = 0;
	}
	free(v);
	free(safe);
	return ok;
}

/*
 * The row id of field fi of sh on version k's part of the event page,
 * into out, worked out as the page does (event.c, S_sections() and
 * S_anchor()): the parts' ids, then each field's and its members' in
 * order, each taking "-2", "-3" ... when its own is taken.  Two parts
 * the page shows only sometimes ("description" and "message") are not
 * known here: a field list with a field of either name links to the
 * version's field table, "v<version>-fields".
 */
static void
S_fanchor(const struct ecat_evkey *k, const struct ecat_shape *sh,
    uint32_t fi, char *out, size_t outsz)
{
	char		 safe[ECAT_SAFE_MAX + 1], prefix[16], part[40];
	struct taken	 t = { NULL, 0, 0 };
	const char	*a = "";
	uint32_t	 i, m;

	snprintf(prefix, sizeof(prefix), "v%u", k->version);
	for (i = 0; i <= fi; i++) {
		ecat_safe_name(safe, sh->fields[i].name);
		if (sh->fields[i].name != NULL &&
		    sh->fields[i].name[0] != '\0' &&
		    (strcmp(safe, "description") == 0 ||
		    strcmp(safe, "message") == 0)) {
			snprintf(out, outsz, "%s-fields", prefix);
			return;
		}
	}
	for (i = 0; i < 5; i++) {
		static const char *const parts[] = { "h", "fields",
		    "provenance", "example", "rules" };

		if ((i == 3 && k->example == NULL) ||
		    (i == 4 && k->nrules == 0))
			continue;
		snprintf(part, sizeof(part), "%s-%s", prefix, parts[i]);
		S_push(&t, ecat_strdup(part));
	}
	for (i = 0; i <= fi; i++) {
		const struct ecat_field *g = &sh->fields[i];

		a = S_take(&t, prefix, g->name, i + 1);
		if (i < fi && (g->flags & ECAT_FIELD_STRUCT))
			for (m = 0; m < g->nmembers; m++)
				S_take(&t, a, g->members[m].name, m + 1);
	}
	snprintf(out, outsz, "%s", a);
	S_takefree(&t);
}

/*
 * Whether m's event is written to one of the logs every Windows reader
 * knows, System, Application or Security: channels 8, 9 and 10 of
 * winmeta.xml (no manifest may define its own there), or named so (a
 * TSV export names the channel).  search.js ranks such an event above
 * one of the same id that only a trace session sees (4624 of
 * Security-Auditing, not of EventSystem).
 */
static int
S_classic(const struct ecat_merged *m)
{
	const struct ecat_event	*e;
	const char		*n;

	if (m->at[ECAT_MA_CHANNEL].occ == NULL ||
	    (e = ecat_occ_row(m->at[ECAT_MA_CHANNEL].occ)->ev) == NULL)
		return 0;
	if ((n = e->channel_name) != NULL && n[0] != '\0')
		return strcasecmp(n, "System") == 0 ||
		    strcasecmp(n, "Application") == 0 ||
		    strcasecmp(n, "Security") == 0;
	return (e->has & ECAT_HAS_CHANNEL) && e->channel >= 8 &&
	    e->channel <= 10;
}

/*
 * The index is a JSON text in a string literal, given to JSON.parse():
 * headless Chromium loads the full corpus's 3.8 MB in about 60% of the
 * time it takes as an object literal (six loads each, from file://,
 * medians 245 ms and 414 ms, on a busy machine of 2 cores).  This
 * writes what jsonw writes into the literal between single quotes:
 * backslashes and quotes escaped, line ends as \n and \r.
 */
static ssize_t
S_litw(void *cookie, const char *buf, size_t n)
{
	FILE		*out = cookie;
	size_t		 i, a = 0;
	const char	*esc;

	for (i = 0; i < n; i++) {
		switch (buf[i]) {
		case '\\': esc = "\\\\"; break;
		case '\'': esc = "\\'"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		fwrite(buf + a, 1, i - a, out);
		fputs(esc, out);
		a = i + 1;
	}
	fwrite(buf + a, 1, n - a, out);
	return ferror(out) ? -1 : (ssize_t)n;
}

/* A row id of an index entry that search.js would not make. */
struct oddrow {
	uint32_t	 ev, x;
	char		*anchor;
};

/*
 * search-index.js: one call, etwcatIndex({...}), of columns (etwcat.1,
 * SITE): "P" provider names, "U" their folder names where they differ,
 * "n" event pages per provider, "b", "r", "x" per provider the builds
 * it is present in and its event ids with a Sigma rule and with an
 * example (site_search_counts()), "i" event ids, "t" titles, "F" the
 * field-name dictionary (most used first, so most indexes are short),
 * "f" per event the indexes of its field names, newest version first,
 * each field once, in the newest version that has it: -(v + 1) starts
 * the fields of version v (0 until one does), "L" the events whose
 * newest version is written to the System, Application or Security
 * log (S_classic()), and "A" the row ids that are not "v<version>-"
 * and the name's safe form, as [event, field index, id] triples.  A
 * script tag can load it from file://, where fetch() of a .json file
 * is refused.
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
	uint32_t			 ev, ver, *cnt[3];
	struct oddrow			*odd = NULL;
	uint32_t			*logged = NULL;
	size_t				 nlog = 0, logcap = 0;
	size_t				 nodd = 0, oddcap = 0;
	char				 safe[ECAT_SAFE_MAX + 1], *disp;
	char				 simple[ECAT_SAFE_MAX + 32];
	const char			*title;
	FILE				*out, *lit;
	cookie_io_functions_t		 litio = { NULL, S_litw, NULL, NULL };
	struct site_stream		*st;

	ecat_htab_init(&d, ECAT_HKEY_PTR, 2047);
	ecat_buf_init(&tmp);
	for (i = 0; i < 3; i++)
		cnt[i] = ecat_calloc(cat->nproviders + 1, sizeof(*cnt[i]));
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
	    "etwcatIndex(JSON.parse('", out);
	if ((lit = fopencookie(out, "w", litio)) == NULL) {
		site_fail(s, "search-index.js", errno);
		site_stream_close(w, st, 0);
		goto done;
	}
	jsonw_init(&j, lit, 0);
	jsonw_obj_open(&j);
	jsonw_kint(&j, "v", 2);
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
	for (pi = 0; pi < cat->nproviders; pi++)
		site_search_counts(s, pi, &cnt[0][pi], &cnt[1][pi],
		    &cnt[2][pi]);
	for (i = 0; i < 3; i++) {
		jsonw_key(&j, (const char *[]){ "b", "r", "x" }[i]);
		jsonw_arr_open(&j);
		for (pi = 0; pi < cat->nproviders; pi++)
			jsonw_int(&j, cnt[i][pi]);
		jsonw_arr_close(&j);
	}
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
	ev = 0;
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b, ev++) {
			b = site_idend(p, a);
			/* The event page's: its newest version's with one. */
			title = NULL;
			for (v = b; v-- > a && title == NULL; ) {
				struct ecat_merged	 m;

				ecat_pool_reset(&w->page);
				site_merge(p->keys[v], &m);
				title = site_title(&w->page, &m, &tmp);
				if (v + 1 == b && S_classic(&m)) {
					if (nlog == logcap) {
						logcap = logcap ? logcap * 2 :
						    256;
						logged = ecat_reallocarray(
						    logged, logcap,
						    sizeof(*logged));
					}
					logged[nlog++] = ev;
				}
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
	ev = 0;
	for (pi = 0; pi < cat->nproviders; pi++) {
		p = cat->providers[pi];
		for (a = 0; a < p->nkeys; a = b, ev++) {
			b = site_idend(p, a);
			nv = b - a > 256 ? 256 : b - a;
			sh = shp;
			S_evshapes((const struct ecat_evkey *const *)
			    p->keys + a, nv, sh);
			nseen++;
			jsonw_arr_open(&j);
			for (ver = 0, v = nv; v-- > 0; ) {
				const struct ecat_evkey *key = p->keys[a + v];
				int plain;

				if (sh[v] == NULL || sh[v]->verbatim != NULL)
					continue;
				plain = S_plain(sh[v]);
				for (f = 0; f < sh[v]->nfields; f++) {
					const char *fn = sh[v]->fields[f].name;
					char anchor[ECAT_SAFE_MAX + 64];
					uint32_t x;

					if (fn == NULL || fn[0] == '\0')
						continue;
					x = (uint32_t)ecat_htab_pfind(&d,
					    fn, 0)->v.u;
					if (seen[x] == nseen)
						continue;
					seen[x] = nseen;
					if (key->version != ver) {
						ver = key->version;
						jsonw_int(&j,
						    -(int64_t)ver - 1);
					}
					jsonw_int(&j, x);
					if (plain)
						continue;
					S_fanchor(key, sh[v], f, anchor,
					    sizeof(anchor));
					disp = html_bidi_visible(fn);
					ecat_safe_name(safe,
					    disp != NULL ? disp : fn);
					free(disp);
					snprintf(simple, sizeof(simple),
					    "v%u-%s", key->version, safe);
					if (strcmp(anchor, simple) == 0)
						continue;
					if (nodd == oddcap) {
						oddcap = oddcap ? oddcap * 2 : 64;
						odd = ecat_reallocarray(odd,
						    oddcap, sizeof(*odd));
					}
					odd[nodd].ev = ev;
					odd[nodd].x = x;
					odd[nodd++].anchor = ecat_strdup(anchor);
				}
			}
			jsonw_arr_close(&j);
		}
	}
	free(seen);
	jsonw_arr_close(&j);
	jsonw_key(&j, "L");
	jsonw_arr_open(&j);
	for (i = 0; i < nlog; i++)
		jsonw_int(&j, logged[i]);
	jsonw_arr_close(&j);
	jsonw_key(&j, "A");
	jsonw_arr_open(&j);
	for (i = 0; i < nodd; i++) {
		jsonw_int(&j, odd[i].ev);
		jsonw_int(&j, odd[i].x);
		jsonw_str(&j, odd[i].anchor);
		free(odd[i].anchor);
	}
	free(odd);
	jsonw_arr_close(&j);
	jsonw_obj_close(&j);
	fclose(lit);
	fputs("'));\n", out);
	site_stream_close(w, st, 1);
done:
	free(logged);
	for (i = 0; i < 3; i++)
		free(cnt[i]);
	free(order);
	ecat_htab_free(&d);
	ecat_buf_free(&tmp);
}
