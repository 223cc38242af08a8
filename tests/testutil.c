/* testutil.c: see testutil.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char		 pathbuf[4096];
static struct ecat_buf	 rec;
static struct ecat_diag	*tdiag;

const char *
tu_shared(const char *rel)
{
	const char	*s = getenv("SHARED");

	snprintf(pathbuf, sizeof(pathbuf), "%s/%s", s ? s : "../shared", rel);
	return pathbuf;
}

const char *
tu_src(const char *rel)
{
	const char	*s = getenv("SRCDIR");

	snprintf(pathbuf, sizeof(pathbuf), "%s/%s", s ? s : ".", rel);
	return pathbuf;
}

static void
S_sink(const struct ecat_diagrec *r, void *arg)
{
	(void)arg;
	ecat_buf_printf(&rec, "%s:%u:%u: %s: %s [%s]\n",
	    r->loc.file ? r->loc.file : "etwcat", r->loc.line, r->loc.col,
	    ecat_sev_name(r->sev), r->text, r->id);
}

struct ecat_diag *
tu_diag(void)
{
	if (tdiag == NULL) {
		tdiag = ecat_diag_new();
		ecat_diag_set_sink(tdiag, S_sink, NULL);
	}
	return tdiag;
}

const char *
tu_diag_text(void)
{
	return rec.buf != NULL ? rec.buf : "";
}

size_t
tu_diag_count_id(const char *id)
{
	char		 pat[256];
	const char	*p = tu_diag_text();
	size_t		 n = 0;

	snprintf(pat, sizeof(pat), "[%s]\n", id);
	while ((p = strstr(p, pat)) != NULL) {
		n++;
		p += strlen(pat);
	}
	return n;
}

void
tu_diag_reset(void)
{
	ecat_buf_reset(&rec);
	if (tdiag != NULL) {
		ecat_diag_free(tdiag);
		tdiag = NULL;
	}
}

struct ecat_catalog *
tu_load(const char *path, const char *build)
{
	struct ecat_catalog	*cat;

	cat = ecat_catalog_new(tu_diag());
	ecat_load_source(cat, path, build);
	ecat_catalog_finish(cat);
	return cat;
}

const struct ecat_evrow *
tu_rowps(const struct ecat_pschema **psp, const struct ecat_catalog *cat,
    const char *prov, const char *build, uint32_t id, uint16_t ver)
{
	const struct ecat_provider	*p;
	const struct ecat_evkey		*k;
	uint32_t			 i;

	*psp = NULL;
	if ((p = ecat_provider_find(cat, prov)) == NULL ||
	    (k = ecat_evkey_find(p, id, ver)) == NULL)
		return NULL;
	for (i = 0; i < k->nocc; i++)
		if (ecat_occ_row(&k->occ[i]) != NULL &&
		    strcmp(ecat_occ_build(&k->occ[i])->id, build) == 0) {
			*psp = ecat_occ_schema(&k->occ[i]);
			return ecat_occ_row(&k->occ[i]);
		}
	return NULL;
}

int
tu_run(Suite *s)
{
	SRunner	*sr;
	int	 nf;

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}

void
tu_merge(struct ecat_merged *m, const struct ecat_catalog *cat,
    const char *prov, uint32_t id, uint16_t version, const char *bid)
{
	const struct ecat_provider	*p = ecat_provider_find(cat, prov);
	const struct ecat_build		*b = ecat_build_find(cat, bid);
	const struct ecat_evkey		*k;

	ck_assert_msg(p != NULL, "no provider %s", prov);
	ck_assert_msg(b != NULL, "no build %s", bid);
	k = ecat_evkey_find(p, id, version);
	ck_assert_msg(k != NULL, "%s %u v%u", prov, id, version);
	ecat_merge(k, b, m);
}

const char *
tu_mbuild(const struct ecat_merged *m, enum ecat_mattr a)
{
	ck_assert_msg(m->at[a].occ != NULL, "%s unknown", ecat_mattr_name(a));
	return ecat_occ_build(m->at[a].occ)->id;
}

const struct ecat_event *
tu_mevent(const struct ecat_merged *m, enum ecat_mattr a)
{
	ck_assert_msg(m->at[a].occ != NULL, "%s unknown", ecat_mattr_name(a));
	return ecat_occ_row(m->at[a].occ)->ev;
}
