/*
 * check_sources.c: the default catalog in samples/, build.json and the
 * sample loader, on the real files: the samples/ data itself, the seed
 * pages and the shared sample corpus (../shared), and the small
 * fixtures in tests/data/sources/ (tests/data/sources/README.md says
 * which real file each was cut from).  "reference §" is
 * docs/etw-manifest-reference.md.
 */
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "load.h"
#include "reader.h"
#include "sample.h"
#include "testutil.h"
#include "walk.h"

/* The builds of samples/ in catalog order: by build number, then id. */
static const char *const sample_builds[] = {
	"Win7-RTM-7600", "microsoft-tx", "Win10-1507-10240",
	"Win10-1511-10586", "Win10-1607-14393", "Win10-1703-15063",
	"Win10-1709-16299", "Win10-1803-17134", "Win10-1809-17763",
	"Win10-1903-18362", "Win10-1909-18363", "Win10-Insider-18990",
	"Win10-2004-19041", "Win10-20H2-19042", "Win10-21H1-19043",
	"Win10-22H2-19045.2604", "WS2022-20348.169", "WS2022-20348.4893",
	"Win11-21H2-22000", "Win11-22H2-22621", "Win11-22H2-22621.2134",
	"Win11-23H2-22631", "Win11-24H2-26100", "Win11-24H2-26100.1742",
	"Win11-24H2-26100.6899", "Win11-25H2-26200", "Win11-26200.6584",
	"Win11-25H2-26200.6901", "Win11-26H1-28000", NULL
};

/* The five seed providers (samples/README.md), by name. */
static const char *const seed_providers[] = {
	"Microsoft-Windows-Hyper-V-VSmb", "Microsoft-Windows-Kernel-Network",
	"Microsoft-Windows-SMBClient", "Microsoft-Windows-SMBServer",
	"Microsoft-Windows-Winsock-Sockets", NULL
};

/* The event ids transcribed from seed page 000 (samples/README.md). */
static const unsigned vsmb_ids[] = {
	1, 2, 3, 4, 101, 102, 103, 104, 105, 106, 108, 109, 110, 111, 112,
	113, 115, 116, 117, 118, 119, 120, 121, 122, 201, 202, 203, 204,
	205, 206, 301
};
/* Their versions: 1 but for 1-4, as the etwlib dumps on both sides. */
#define VSMB_VER(id)	((id) > 4)

static struct ecat_catalog	*scat;	/* samples/, loaded once */

static void
S_load_samples(void)
{
	tu_diag_reset();
	scat = tu_load(tu_src("samples"), NULL);
}

static void
S_free_samples(void)
{
	ecat_catalog_free(scat);
	scat = NULL;
}

/* Read a whole (small) file; the caller frees. */
static char *
S_read(const char *path)
{
	FILE		*f;
	struct ecat_buf	 b;
	char		 chunk[4096];
	size_t		 n;

	ck_assert_msg((f = fopen(path, "r")) != NULL, "cannot open %s", path);
	ecat_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ecat_buf_put(&b, chunk, n);
	fclose(f);
	if (b.buf == NULL)
		ecat_buf_puts(&b, "");
	return ecat_buf_detach(&b);
}

/* The occurrence of kind in build, or NULL. */
static const struct ecat_occ *
S_occ(const struct ecat_evkey *k, const char *build, enum ecat_srckind kind)
{
	uint32_t	 i;

	if (k == NULL)
		return NULL;
	for (i = 0; i < k->nocc; i++)
		if (strcmp(ecat_occ_build(&k->occ[i])->id, build) == 0 &&
		    ecat_occ_kind(&k->occ[i]) == kind)
			return &k->occ[i];
	return NULL;
}

static const struct ecat_evkey *
S_key(struct ecat_catalog *cat, const char *prov, uint32_t id, uint16_t v)
{
	const struct ecat_provider *p = ecat_provider_find(cat, prov);

	ck_assert_msg(p != NULL, "no provider %s", prov);
	return ecat_evkey_find(p, id, v);
}

/* The provider's schema of this kind in this build, or NULL. */
static const struct ecat_pschema *
S_schema(struct ecat_catalog *cat, const char *prov, const char *build,
    enum ecat_srckind kind)
{
	const struct ecat_provider	*p = ecat_provider_find(cat, prov);
	uint32_t			 i;

	if (p == NULL)
		return NULL;
	for (i = 0; i < p->nschemas; i++)
		if (strcmp(p->schemas[i]->build->id, build) == 0 &&
		    p->schemas[i]->kind == kind)
			return p->schemas[i];
	return NULL;
}

/* ------------------------------------------------------- samples/ */

START_TEST(test_samples_builds_in_order)
{
	size_t	 i;

	for (i = 0; sample_builds[i] != NULL; i++) {
		ck_assert_uint_lt(i, scat->nbuilds);
		ck_assert_str_eq(scat->builds[i]->id, sample_builds[i]);
		ck_assert_uint_eq(scat->builds[i]->index, i);
		/* Every build folder has a build.json giving its number. */
		ck_assert_uint_gt(scat->builds[i]->build_number, 0);
		ck_assert_ptr_nonnull(scat->builds[i]->display_name);
		if (i > 0)
			ck_assert_uint_le(scat->builds[i - 1]->build_number,
			    scat->builds[i]->build_number);
	}
	ck_assert_uint_eq(scat->nbuilds, i);
	ck_assert_uint_eq(ecat_build_find(scat, "Win7-RTM-7600")->build_number,
	    7600);
	ck_assert_uint_eq(ecat_build_find(scat,
	    "Win10-Insider-18990")->build_number, 18990);
	/* The data loads clean: no build.json or sample errors. */
	ck_assert_uint_eq(tu_diag_count_id("build-json"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 0);
	ck_assert_uint_eq(tu_diag_count_id("io-read"), 0);
}
END_TEST

/*
 * The five seed providers, and the 32 others of SystemEvents.man, which
 * samples/ keeps whole (samples/README.md): those only in microsoft-tx.
 */
START_TEST(test_samples_providers)
{
	const struct ecat_provider	*p;
	size_t				 i, j, nseed = 0;

	for (i = 0; seed_providers[i] != NULL; i++)
		ck_assert_ptr_nonnull(ecat_provider_find(scat,
		    seed_providers[i]));
	for (i = 0; i < scat->nproviders; i++) {
		p = scat->providers[i];
		for (j = 0; seed_providers[j] != NULL &&
		    strcmp(seed_providers[j], p->name) != 0; j++)
			continue;
		if (seed_providers[j] != NULL) {
			nseed++;
			continue;
		}
		for (j = 0; j < p->nschemas; j++)
			ck_assert_str_eq(p->schemas[j]->build->id,
			    "microsoft-tx");
	}
	ck_assert_uint_eq(nseed, 5);
	ck_assert_uint_eq(scat->nproviders, 5 + 32);
	/* GUIDs as the seed pages' provenance sections give them. */
	ck_assert_str_eq(ecat_provider_find(scat,
	    "Microsoft-Windows-Hyper-V-VSmb")->guid,
	    "{7b0ea079-e3bc-424a-b2f0-e3d8478d204b}");
	ck_assert_str_eq(ecat_provider_find(scat,
	    "Microsoft-Windows-SMBServer")->guid,
	    "{d48ce617-33a2-4bc3-a5c7-11aa4f29619e}");
	ck_assert_str_eq(ecat_provider_find(scat,
	    "Microsoft-Windows-Kernel-Network")->guid,
	    "{7dd42a49-5329-4832-8dfd-43d979153a88}");
	ck_assert_str_eq(ecat_provider_find(scat,
	    "Microsoft-Windows-Winsock-Sockets")->guid,
	    "{bde46aea-2357-51fe-7367-d5296f530bd1}");
}
END_TEST

/* The TSVs: only the seed providers' files of all 17 jdu2600 builds. */
START_TEST(test_samples_tsv_builds)
{
	struct dirent	*de;
	DIR		*d;
	char		 path[1024];
	const char	*b;
	size_t		 nbuilds = 0, nws = 0, i;
	struct stat	 st;

	ck_assert_ptr_nonnull(d = opendir(tu_shared("corpus/tsv/jdu2600")));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		b = de->d_name;
		nbuilds++;
		ck_assert_msg(ecat_build_find(scat, b) != NULL, "no build %s",
		    b);
		for (i = 0; seed_providers[i] != NULL; i++) {
			snprintf(path, sizeof(path),
			    "corpus/tsv/jdu2600/%s/manifest/%s.tsv", b,
			    seed_providers[i]);
			if (stat(tu_shared(path), &st) == -1) {
				ck_assert_ptr_null(S_schema(scat,
				    seed_providers[i], b, ECAT_SRC_TSV));
				continue;
			}
			ck_assert_msg(S_schema(scat, seed_providers[i], b,
			    ECAT_SRC_TSV) != NULL, "%s has no TSV schema of %s",
			    b, seed_providers[i]);
			if (i == 4)
				nws++;
		}
	}
	closedir(d);
	ck_assert_uint_eq(nbuilds, 17);
	/* Winsock-Sockets exists only from Win11 21H2 (samples/README.md). */
	ck_assert_uint_eq(nws, 6);
	ck_assert_ptr_nonnull(S_schema(scat,
	    "Microsoft-Windows-Winsock-Sockets", "Win11-21H2-22000",
	    ECAT_SRC_TSV));
	ck_assert_ptr_null(S_schema(scat, "Microsoft-Windows-Winsock-Sockets",
	    "Win10-21H1-19043", ECAT_SRC_TSV));
}
END_TEST

/*
 * build.json and the data agree: every provider entry has the schema or
 * samples its "obtained" claims in that build, and every schema of a
 * build is claimed by an entry.
 */
START_TEST(test_samples_build_json_matches_data)
{
	const struct ecat_build		*b;
	const struct ecat_bprov		*bp;
	const struct ecat_provider	*p;
	const struct ecat_pschema	*ps;
	uint32_t			 i, j, k;
	int				 found;

	for (i = 0; i < scat->nbuilds; i++) {
		b = scat->builds[i];
		ck_assert_uint_gt(b->nbprov, 0);
		for (j = 0; j < b->nbprov; j++) {
			bp = &b->bprov[j];
			ck_assert_ptr_nonnull(bp->obtained);
			p = ecat_provider_find(scat, bp->provider);
			ck_assert_msg(p != NULL, "%s: unknown %s", b->id,
			    bp->provider);
			if (strcmp(bp->obtained, "captured sample") == 0) {
				found = 0;
				for (k = 0; k < p->nkeys; k++)
					if (S_occ(p->keys[k], b->id,
					    ECAT_SRC_SAMPLE) != NULL)
						found = 1;
				ck_assert_msg(found, "%s: no sample of %s",
				    b->id, bp->provider);
				continue;
			}
			ck_assert_msg(S_schema(scat, bp->provider, b->id,
			    strcmp(bp->obtained, "TSV export") == 0 ?
			    ECAT_SRC_TSV : ECAT_SRC_MANIFEST) != NULL,
			    "%s: no %s of %s", b->id, bp->obtained,
			    bp->provider);
			/* A stand-in names a build of this catalog. */
			if (bp->copied_from != NULL)
				ck_assert_ptr_nonnull(ecat_build_find(scat,
				    bp->copied_from));
		}
	}
	for (i = 0; i < scat->nproviders; i++) {
		p = scat->providers[i];
		for (j = 0; j < p->nschemas; j++) {
			ps = p->schemas[j];
			found = 0;
			for (k = 0; k < ps->build->nbprov; k++)
				if (strcmp(ps->build->bprov[k].provider,
				    p->name) == 0 &&
				    strcmp(ps->build->bprov[k].obtained,
				    ps->kind == ECAT_SRC_TSV ? "TSV export" :
				    "registered manifest") == 0)
					found = 1;
			ck_assert_msg(found, "%s: %s schema not in build.json",
			    ps->build->id, p->name);
		}
	}
}
END_TEST

START_TEST(test_samples_build_json_values)
{
	const struct ecat_build	*b;
	char			*v;
	size_t			 n;

	/* The seed pages' provenance (seeds 001, 003, 004). */
	b = ecat_build_find(scat, "WS2022-20348.4893");
	ck_assert_str_eq(b->display_name, "Windows Server 2022");
	ck_assert_str_eq(b->os_family, "Windows Server");
	ck_assert_uint_eq(b->build_number, 20348);
	ck_assert_str_eq(b->revision, "20348.4893");
	ck_assert_str_eq(b->capture_date, "2026-06-02");
	ck_assert_ptr_null(b->version_string);
	ck_assert_uint_eq(b->nbprov, 5);
	ck_assert_str_eq(b->bprov[0].provider,
	    "Microsoft-Windows-Kernel-Network");
	ck_assert_str_eq(b->bprov[0].binary,
	    "Microsoft-Windows-System-Events.dll");
	ck_assert_str_eq(b->bprov[0].file_version, "10.0.20348.3932");
	ck_assert_str_eq(b->bprov[0].obtained, "captured sample");
	ck_assert_ptr_null(b->bprov[0].copied_from);
	ck_assert_str_eq(b->bprov[2].provider, "Microsoft-Windows-SMBServer");
	ck_assert_str_eq(b->bprov[2].binary, "srv2.sys");
	ck_assert_str_eq(b->bprov[2].file_version, "10.0.20348.4171");
	ck_assert_str_eq(b->bprov[2].obtained, "registered manifest");
	ck_assert_str_eq(b->bprov[2].copied_from, "Win10-Insider-18990");
	ck_assert_str_eq(b->bprov[4].copied_from, "WS2022-20348.169");

	b = ecat_build_find(scat, "Win11-26200.6584");
	ck_assert_str_eq(b->bprov[0].provider,
	    "Microsoft-Windows-Hyper-V-VSmb");
	ck_assert_str_eq(b->bprov[0].binary, "vmsmb.dll");
	ck_assert_str_eq(b->bprov[0].file_version, "10.0.26100.1");

	/* A TSV build: version.txt unchanged, no binary facts. */
	b = ecat_build_find(scat, "Win10-1909-18363");
	v = S_read(tu_shared("corpus/tsv/jdu2600/Win10-1909-18363/"
	    "version.txt"));
	n = strlen(v);
	while (n > 0 && (v[n - 1] == '\n' || v[n - 1] == '\r'))
		v[--n] = '\0';
	ck_assert_str_eq(b->version_string, v);
	free(v);
	ck_assert_str_eq(b->display_name, "Windows 10 Enterprise 1909");
	ck_assert_uint_eq(b->build_number, 18363);
	/* 1909's version.txt shows its 18362 base only: no revision. */
	ck_assert_ptr_null(b->revision);
	ck_assert_uint_eq(b->nbprov, 3);
	ck_assert_str_eq(b->bprov[1].provider, "Microsoft-Windows-SMBClient");
	ck_assert_str_eq(b->bprov[1].obtained, "TSV export");
	ck_assert_ptr_null(b->bprov[1].binary);
	ck_assert_ptr_null(b->bprov[1].file_version);
	ck_assert_str_eq(ecat_build_find(scat, "Win10-21H1-19043")->revision,
	    "19043.928");
	ck_assert_str_eq(ecat_build_find(scat,
	    "WS2022-20348.169")->bprov[0].file_version, "10.0.20348.1");
}
END_TEST

START_TEST(test_samples_vsmb)
{
	const struct ecat_provider	*p;
	const struct ecat_pschema	*ps;
	const struct ecat_event		*e;
	const struct ecat_occ		*o;
	size_t				 i, n = sizeof(vsmb_ids) /
					    sizeof(vsmb_ids[0]);

	p = ecat_provider_find(scat, "Microsoft-Windows-Hyper-V-VSmb");
	ck_assert_ptr_nonnull(p);
	/* The transcription, and the etwlib dumps of two builds. */
	ck_assert_uint_eq(p->nschemas, 3);
	ck_assert_ptr_nonnull(S_schema(scat, p->name, "Win11-22H2-22621.2134",
	    ECAT_SRC_MANIFEST));
	ck_assert_ptr_nonnull(S_schema(scat, p->name, "Win11-25H2-26200.6901",
	    ECAT_SRC_MANIFEST));
	ps = S_schema(scat, p->name, "Win11-26200.6584", ECAT_SRC_MANIFEST);
	ck_assert_ptr_nonnull(ps);
	ck_assert_int_eq(ps->format, ECAT_FMT_MANIFEST);
	ck_assert_uint_eq(ps->nevents, n);
	ck_assert_uint_ge(p->nkeys, n);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(ecat_evkey_find(p, vsmb_ids[i],
		    VSMB_VER(vsmb_ids[i])));
		ck_assert_ptr_nonnull(S_occ(ecat_evkey_find(p, vsmb_ids[i],
		    VSMB_VER(vsmb_ids[i])), "Win11-26200.6584",
		    ECAT_SRC_MANIFEST));
	}

	/* 301 v1: descriptor from the example event; its sample too. */
	o = S_occ(ecat_evkey_find(p, 301, 1), "Win11-26200.6584",
	    ECAT_SRC_MANIFEST);
	e = ecat_occ_row(o)->ev;
	ck_assert_uint_eq(e->level, 4);
	ck_assert(e->has & ECAT_HAS_LEVEL);
	ck_assert_uint_eq(e->keywords & 0xffffffffffffULL, 0x10);
	ck_assert_str_eq(e->channel_name,
	    "Microsoft-Windows-Hyper-V-Worker-Operational");
	ck_assert_ptr_nonnull(e->tmpl);
	ck_assert_uint_eq(e->tmpl->shape->nfields, 6);
	ck_assert_str_eq(e->tmpl->shape->fields[5].name, "ShareJson");
	ck_assert_str_eq(e->message, "'%2': VSMB Share is creating ShareName: "
	    "'%3' SharePath: '%4' ShareFlags: %5. (Virtual machine ID %1).");
	o = S_occ(ecat_evkey_find(p, 301, 1), "Win11-26200.6584",
	    ECAT_SRC_SAMPLE);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(o->nsamples, 1);

	/* 204: three fields, message rebuilt with inserts. */
	e = ecat_occ_row(S_occ(ecat_evkey_find(p, 204, 1),
	    "Win11-26200.6584", ECAT_SRC_MANIFEST))->ev;
	ck_assert_uint_eq(e->tmpl->shape->nfields, 3);
	ck_assert_str_eq(e->tmpl->shape->fields[0].name, "VMId");
	ck_assert_int_eq(e->tmpl->shape->fields[0].intype,
	    ECAT_IN_UNICODESTRING);
	ck_assert_str_eq(e->tmpl->shape->fields[1].name, "GpaPageIndex");
	ck_assert_int_eq(e->tmpl->shape->fields[2].intype, ECAT_IN_UINT64);
	ck_assert_str_eq(e->message,
	    "%1: VSMB Direct Map Section Created GPA Index %2 PageCount %3");
	/* No level on the page: the manifest default, 0 (reference §1.4). */
	ck_assert_uint_eq(e->level, 0);

	/* 115 ends with an Int64 and a GUID; 201 has no template. */
	e = ecat_occ_row(S_occ(ecat_evkey_find(p, 115, 1),
	    "Win11-26200.6584", ECAT_SRC_MANIFEST))->ev;
	ck_assert_uint_eq(e->tmpl->shape->nfields, 14);
	ck_assert_int_eq(e->tmpl->shape->fields[9].intype, ECAT_IN_UINT64);
	ck_assert_str_eq(e->tmpl->shape->fields[9].name, "ResponseTime_QPC");
	ck_assert_int_eq(e->tmpl->shape->fields[12].intype, ECAT_IN_INT64);
	ck_assert_int_eq(e->tmpl->shape->fields[13].intype, ECAT_IN_GUID);
	e = ecat_occ_row(S_occ(ecat_evkey_find(p, 201, 1),
	    "Win11-26200.6584", ECAT_SRC_MANIFEST))->ev;
	ck_assert_ptr_null(e->tmpl);
	ck_assert_str_eq(e->message, "VSMBNET Read segment length");
	/* 107 and 114 are not on the page. */
	ck_assert_ptr_null(ecat_evkey_find(p, 107, 0));
	ck_assert_ptr_null(ecat_evkey_find(p, 114, 0));
}
END_TEST

/*
 * Count the "Example Event" blocks of a seed page, and those whose
 * JSON has no "version" member, straight from the page text.
 */
static void
S_seed_examples(const char *page, size_t *n, size_t *noversion)
{
	char		*t, *p, *end;

	*n = *noversion = 0;
	t = S_read(tu_shared(page));
	for (p = t; (p = strstr(p, "Example Event #")) != NULL; p = end) {
		(*n)++;
		/* The example ends with a "}" alone on its line. */
		end = strstr(p, "\n}");
		ck_assert_ptr_nonnull(end);
		*end = '\0';
		if (strstr(p, "\"version\"") == NULL)
			(*noversion)++;
		end += 2;
	}
	free(t);
}

/* Samples of a provider observed in a build, summed over its keys. */
static uint64_t
S_nsamples(const char *prov, const char *build)
{
	const struct ecat_provider	*p = ecat_provider_find(scat, prov);
	const struct ecat_occ		*o;
	uint64_t			 n = 0;
	uint32_t			 i;

	for (i = 0; p != NULL && i < p->nkeys; i++)
		if ((o = S_occ(p->keys[i], build, ECAT_SRC_SAMPLE)) != NULL)
			n += o->nsamples;
	return n;
}

START_TEST(test_samples_seed_examples)
{
	/*
	 * Page 001 names two builds: its examples from the Windows 11
	 * 25H2 hosts (DESKTOP-FF3N5XK, WIN11-25H2-X64) are filed under
	 * Win11-26200.6584, the rest under WS2022-20348.4893.
	 */
	static const struct {
		const char	*page, *prov, *build, *build2;
	} pages[] = {
		{ "seeds/000_5a9667b8b737fd82.txt",
		  "Microsoft-Windows-Hyper-V-VSmb", "Win11-26200.6584", NULL },
		{ "seeds/001_1f9f3ee5af9cecfa.txt",
		  "Microsoft-Windows-SMBServer", "WS2022-20348.4893",
		  "Win11-26200.6584" },
		{ "seeds/003_1a423704d6ac93b8.txt",
		  "Microsoft-Windows-Kernel-Network", "WS2022-20348.4893",
		  NULL },
		{ "seeds/004_f7064e56c63d583a.txt",
		  "Microsoft-Windows-Winsock-Sockets", "WS2022-20348.4893",
		  NULL },
	};
	const struct ecat_evkey	*k;
	const struct ecat_occ	*o;
	size_t			 i, n, nv, total = 0, totalnv = 0;

	/* Every example of every page is observed, in its build. */
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		S_seed_examples(pages[i].page, &n, &nv);
		ck_assert_uint_gt(n, 0);
		ck_assert_uint_eq(S_nsamples(pages[i].prov, pages[i].build) +
		    (pages[i].build2 != NULL ? S_nsamples(pages[i].prov,
		    pages[i].build2) : 0), n);
		total += n;
		totalnv += nv;
	}
	ck_assert_uint_eq(total, 48);
	ck_assert_uint_eq(tu_diag_count_id("sample-no-version"), totalnv);
	/* Seed 002 (SMBClient) has no example and no samples. */
	S_seed_examples("seeds/002_c9263e17c5c8c80d.txt", &n, &nv);
	ck_assert_uint_eq(n, 0);

	/* Kernel-Network 10 v0: a string id "10" in seed 003. */
	k = S_key(scat, "Microsoft-Windows-Kernel-Network", 10, 0);
	o = S_occ(k, "WS2022-20348.4893", ECAT_SRC_SAMPLE);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(o->nsamples, 1);
	ck_assert_ptr_null(ecat_occ_row(o));
	/* The stand-in manifest and the TSVs have it too. */
	ck_assert_ptr_nonnull(S_occ(k, "WS2022-20348.4893",
	    ECAT_SRC_MANIFEST));
	ck_assert_ptr_nonnull(S_occ(k, "Win10-1511-10586", ECAT_SRC_TSV));
	ck_assert_ptr_null(S_occ(k, "Win11-26200.6584", ECAT_SRC_SAMPLE));
	/* Occurrences sorted by build, then kind. */
	for (i = 1; i < k->nocc; i++)
		ck_assert(ecat_occ_build(&k->occ[i - 1])->index <
		    ecat_occ_build(&k->occ[i])->index ||
		    (ecat_occ_build(&k->occ[i - 1])->index ==
		    ecat_occ_build(&k->occ[i])->index &&
		    ecat_occ_kind(&k->occ[i - 1]) <
		    ecat_occ_kind(&k->occ[i])));

	/* Winsock 3 and 4 v0 (seed 004, numbers as JSON numbers). */
	ck_assert_uint_eq(S_occ(S_key(scat,
	    "Microsoft-Windows-Winsock-Sockets", 3, 0), "WS2022-20348.4893",
	    ECAT_SRC_SAMPLE)->nsamples, 1);
	ck_assert_uint_eq(S_occ(S_key(scat,
	    "Microsoft-Windows-Winsock-Sockets", 4, 0), "WS2022-20348.4893",
	    ECAT_SRC_SAMPLE)->nsamples, 1);
	/* SMBServer: 551 v3 once; 4000 is on the page twice. */
	ck_assert_uint_eq(S_occ(S_key(scat, "Microsoft-Windows-SMBServer",
	    551, 3), "WS2022-20348.4893", ECAT_SRC_SAMPLE)->nsamples, 1);
	ck_assert_uint_eq(S_occ(S_key(scat, "Microsoft-Windows-SMBServer",
	    4000, 0), "Win11-26200.6584", ECAT_SRC_SAMPLE)->nsamples, 2);
	ck_assert_uint_eq(S_nsamples("Microsoft-Windows-SMBServer",
	    "Win11-26200.6584"), 10);
	/* The note points at the example without a version. */
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "Microsoft-Windows-"
	    "SMBServer.json:2:3: note: sample has no system.version member; "
	    "counted as version 0: Microsoft-Windows-SMBServer event 551 "
	    "[sample-no-version]"));
}
END_TEST

/* ------------------------------------------------------ build.json */

START_TEST(test_build_json_malformed)
{
	struct ecat_catalog	*cat;
	const struct ecat_build	*b;

	tu_diag_reset();
	cat = tu_load(tu_src("tests/data/sources/badjson"), NULL);
	ck_assert_uint_eq(tu_diag_count_id("build-json"), 1);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "tests/data/sources/"
	    "badjson/builds/WS2022-20348.4893/build.json:4:16: error: "
	    "build.json invalid: '}' expected near '\"build_number\"' "
	    "[build-json]\n"));
	/* Nothing from the file applied; the id still gives the number. */
	ck_assert_uint_eq(cat->nbuilds, 1);
	b = cat->builds[0];
	ck_assert_ptr_null(b->display_name);
	ck_assert_uint_eq(b->nbprov, 0);
	ck_assert_uint_eq(b->build_number, 20348);
	ck_assert_str_eq(b->revision, "20348.4893");
	/* The rest of the build still loads: the two seed 004 samples. */
	ck_assert_uint_eq(S_occ(S_key(cat, "Microsoft-Windows-Winsock-Sockets",
	    3, 0), "WS2022-20348.4893", ECAT_SRC_SAMPLE)->nsamples, 1);
	ck_assert_uint_eq(S_occ(S_key(cat, "Microsoft-Windows-Winsock-Sockets",
	    4, 0), "WS2022-20348.4893", ECAT_SRC_SAMPLE)->nsamples, 1);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_build_json_types)
{
	struct ecat_catalog	*cat;
	const struct ecat_build	*b;
	const char		*t;

	tu_diag_reset();
	cat = tu_load(tu_src("tests/data/sources/types"), NULL);
	t = tu_diag_text();
	ck_assert_uint_eq(tu_diag_count_id("build-json"), 6);
	/* Each at the line of its key, named by its path. */
	ck_assert_ptr_nonnull(strstr(t, "build.json:4:3: error: build.json "
	    "invalid: build_number: expected a positive integer"));
	ck_assert_ptr_nonnull(strstr(t, "build.json:8:3: error: build.json "
	    "invalid: release: unknown member"));
	ck_assert_ptr_nonnull(strstr(t, "build.json:13:7: error: build.json "
	    "invalid: providers[0].file_version: expected a string or null"));
	ck_assert_ptr_nonnull(strstr(t, "build.json:14:7: error: build.json "
	    "invalid: providers[0].obtained: expected"));
	ck_assert_ptr_nonnull(strstr(t, "build.json:16:5: error: build.json "
	    "invalid: providers[1]: no \"provider\" member; entry ignored"));
	/* 1909 is 18363 on an 18362 base (samples/README.md). */
	ck_assert_ptr_nonnull(strstr(t, "build.json:5:3: error: build.json "
	    "invalid: revision: expected \"BUILD.REVISION\" starting with "
	    "build_number"));
	/* The good members still apply. */
	b = ecat_build_find(cat, "Win10-1909-18363");
	ck_assert_str_eq(b->display_name, "Windows 10 Enterprise 1909");
	ck_assert_str_eq(b->os_family, "Windows 10");
	ck_assert_str_eq(b->capture_date, "2019-11");
	ck_assert_uint_eq(b->build_number, 18363);
	/* The rejected revision is not applied. */
	ck_assert_ptr_null(b->revision);
	ck_assert_uint_eq(b->nbprov, 2);
	ck_assert_str_eq(b->bprov[0].provider, "Microsoft-Windows-SMBServer");
	ck_assert_str_eq(b->bprov[0].binary, "srv2.sys");
	ck_assert_ptr_null(b->bprov[0].file_version);
	ck_assert_ptr_null(b->bprov[0].obtained);
	ck_assert_str_eq(b->bprov[1].provider,
	    "Microsoft-Windows-Kernel-Network");
	ck_assert_str_eq(b->bprov[1].obtained, "TSV export");
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_build_json_unreadable)
{
	struct ecat_catalog	*cat;
	struct ecat_build	*b;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	b = ecat_build_get(cat, "Win10-1803-17134");
	ck_assert_int_eq(ecat_load_build_json(cat, b,
	    tu_src("tests/data/sources/no-such/build.json")), -1);
	ck_assert_uint_eq(tu_diag_count_id("io-read"), 1);
	ck_assert_uint_eq(b->build_number, 17134);
	ecat_catalog_free(cat);
}
END_TEST

/* --------------------------------------------------------- samples */

START_TEST(test_jsonl_bad_line)
{
	struct ecat_catalog	*cat;
	const char		*prov = "Microsoft-Windows-Hyper-V-Netvsc";

	tu_diag_reset();
	cat = tu_load(tu_src("tests/data/sources/near-seed/"
	    "near-seed-bad-line.jsonl"), NULL);
	/* Line 4 is line 4 of near-seed-providers.jsonl, cut short. */
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 1);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(),
	    "near-seed-bad-line.jsonl:4:478: error: sample is not JSON or "
	    "not an event: string or '}' expected near end of file "
	    "[sample-malformed]"));
	/* The lines around it are observed, in the folder's build. */
	ck_assert_uint_eq(S_occ(S_key(cat, "Microsoft-Windows-Winsock-WS2HELP",
	    1, 0), "near-seed", ECAT_SRC_SAMPLE)->nsamples, 2);
	ck_assert_uint_eq(S_occ(S_key(cat, prov, 1, 0), "near-seed",
	    ECAT_SRC_SAMPLE)->nsamples, 1);
	ck_assert_uint_eq(S_occ(S_key(cat, prov, 3, 0), "near-seed",
	    ECAT_SRC_SAMPLE)->nsamples, 1);
	ck_assert_uint_eq(S_occ(S_key(cat, prov, 11, 0), "near-seed",
	    ECAT_SRC_SAMPLE)->nsamples, 1);
	ck_assert_ptr_null(S_key(cat, prov, 12, 0));
	ck_assert_str_eq(ecat_provider_find(cat, prov)->guid,
	    "{152fbe4b-c7ad-4f68-bada-a4fcc1464f6c}");
	ecat_catalog_free(cat);
}
END_TEST

/* A .json file in JSON lines is recognised by its first line. */
START_TEST(test_json_lines_detected)
{
	struct ecat_catalog	*cat;
	const char		*prov = "Microsoft-Windows-Hyper-V-Netvsc";

	tu_diag_reset();
	cat = tu_load(tu_src("tests/data/sources/near-seed/"
	    "near-seed-lines.json"), "Win10-1903-18362");
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 0);
	ck_assert_uint_eq(S_occ(S_key(cat, prov, 12, 0), "Win10-1903-18362",
	    ECAT_SRC_SAMPLE)->nsamples, 3);
	ck_assert_uint_eq(S_occ(S_key(cat, prov, 13, 0), "Win10-1903-18362",
	    ECAT_SRC_SAMPLE)->nsamples, 1);
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_single_object)
{
	struct ecat_catalog	*cat;

	tu_diag_reset();
	cat = tu_load(tu_src("tests/data/sources/object/Win11-26200.6584/"
	    "Microsoft-Windows-Hyper-V-VSmb.json"), NULL);
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 0);
	ck_assert_uint_eq(cat->nbuilds, 1);
	ck_assert_str_eq(cat->builds[0]->id, "Win11-26200.6584");
	ck_assert_uint_eq(S_occ(S_key(cat, "Microsoft-Windows-Hyper-V-VSmb",
	    301, 1), "Win11-26200.6584", ECAT_SRC_SAMPLE)->nsamples, 1);
	ck_assert_str_eq(ecat_provider_find(cat,
	    "Microsoft-Windows-Hyper-V-VSmb")->guid,
	    "{7b0ea079-e3bc-424a-b2f0-e3d8478d204b}");
	ecat_catalog_free(cat);
}
END_TEST

START_TEST(test_array_bad_elements)
{
	struct ecat_catalog	*cat;
	const char		*prov = "Microsoft-Windows-Winsock-Sockets";

	/* An element that is JSON but not an event: the rest loads. */
	tu_diag_reset();
	cat = tu_load(tu_src("tests/data/sources/winsock/WS2022-20348.4893/"
	    "non-event.json"), NULL);
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 1);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "non-event.json:31:1: "
	    "error: sample is not JSON or not an event: no system.event_id "
	    "[sample-malformed]"));
	ck_assert_ptr_nonnull(S_occ(S_key(cat, prov, 3, 0),
	    "WS2022-20348.4893", ECAT_SRC_SAMPLE));
	ck_assert_ptr_nonnull(S_occ(S_key(cat, prov, 4, 0),
	    "WS2022-20348.4893", ECAT_SRC_SAMPLE));
	ecat_catalog_free(cat);

	/* A document cut short: what came before it is kept. */
	tu_diag_reset();
	cat = tu_load(tu_src("tests/data/sources/winsock/WS2022-20348.4893/"
	    "truncated.json"), NULL);
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 1);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "truncated.json:57:"));
	ck_assert_ptr_nonnull(S_occ(S_key(cat, prov, 3, 0),
	    "WS2022-20348.4893", ECAT_SRC_SAMPLE));
	ck_assert_ptr_null(S_key(cat, prov, 4, 0));
	ecat_catalog_free(cat);
}
END_TEST

/* ----------------------------------------- the shared sample corpus */

struct walk {
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	size_t			 nfiles;
	size_t			 nlines;	/* non-blank lines */
};

static void
S_walk(struct walk *w, const char *dir)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		*p, *t, *s;
	size_t		 n;

	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = ecat_asprintf("%s/%s", dir, de->d_name);
		ck_assert_int_eq(stat(p, &st), 0);
		if (S_ISDIR(st.st_mode))
			S_walk(w, p);
		else if ((n = strlen(p)) > 6 &&
		    strcmp(p + n - 6, ".jsonl") == 0) {
			w->nfiles++;
			ck_assert_int_eq(ecat_load_samples_file(w->cat, w->b,
			    p), 0);
			/* Count events independently: non-blank lines. */
			t = S_read(p);
			for (s = strtok(t, "\n"); s != NULL;
			    s = strtok(NULL, "\n"))
				if (strspn(s, " \t\r") != strlen(s))
					w->nlines++;
			free(t);
		}
		free(p);
	}
	closedir(d);
}

START_TEST(test_shared_samples)
{
	struct walk	 w;
	uint64_t	 observed = 0;
	uint32_t	 i, j, k;
	char		 dir[4096];

	tu_diag_reset();
	memset(&w, 0, sizeof(w));
	w.cat = ecat_catalog_new(tu_diag());
	w.b = ecat_build_get(w.cat, "shared");
	snprintf(dir, sizeof(dir), "%s", tu_shared("samples"));
	S_walk(&w, dir);
	ecat_catalog_finish(w.cat);
	for (i = 0; i < w.cat->nproviders; i++)
		for (j = 0; j < w.cat->providers[i]->nkeys; j++)
			for (k = 0; k < w.cat->providers[i]->keys[j]->nocc; k++)
				observed += w.cat->providers[i]->keys[j]->
				    occ[k].nsamples;
	/* README: 25,600 events in 300 files, file names with spaces. */
	ck_assert_uint_eq(w.nfiles, 300);
	ck_assert_uint_eq(w.nlines, 25600);
	/* Every line is observed or reported, never lost. */
	ck_assert_uint_eq(observed + tu_diag_count_id("sample-malformed"),
	    w.nlines);
	/* Two records of corrupt EVTX chunks have an empty provider. */
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 2);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(),
	    "sample_with_a_bad_chunk_magic.jsonl:14:1: error: sample is not "
	    "JSON or not an event: no system.provider name"));
	ck_assert_uint_eq(tu_diag_count_id("io-read"), 0);
	ecat_catalog_free(w.cat);
}
END_TEST

/* ---------------------------------------------------------- walker */

/* Where the walk tests build their trees. */
static char *
S_tmpdir(void)
{
	char	*d = ecat_strdup("/tmp/check_sources.XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static void
S_touch(const char *dir, const char *rel)
{
	char	*p = ecat_path_join(dir, rel);
	FILE	*f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fputs("{}\n", f);
	fclose(f);
	free(p);
}

static void
S_mkdir(const char *dir, const char *rel)
{
	char	*p = ecat_path_join(dir, rel);

	ck_assert_int_eq(mkdir(p, 0755), 0);
	free(p);
}

static void
S_rmtree(const char *dir)
{
	char	*cmd = ecat_asprintf("rm -rf '%s'", dir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

/* Visits recorded in b (w->arg), one path per line. */
static int
S_record(struct ecat_walk *w, const char *path)
{
	struct ecat_buf	*b = w->arg;

	ecat_buf_printf(b, "%s\n", path);
	return 0;
}

START_TEST(test_walk_empty_folder)
{
	struct ecat_catalog	*cat;
	struct ecat_dirlist	 l;
	struct ecat_buf		 b;
	struct ecat_walk	 w = { NULL, ECAT_WALK_REPORT, 0,
	    ECAT_WALK_MAXDEPTH, NULL, S_record, NULL };
	char			*d = S_tmpdir();

	/* No names: no sort of a NULL array (UBSan's nonnull check). */
	ck_assert_int_eq(ecat_dir_list(d, ECAT_WALK_DOTS, &l), 0);
	ck_assert_uint_eq(l.n, 0);
	ecat_dir_list_free(&l);
	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ecat_buf_init(&b);
	w.cat = cat;
	w.arg = &b;
	ck_assert_int_eq(ecat_walk(&w, d), 0);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(ecat_load_source(cat, d, NULL), 0);
	ck_assert_uint_eq(tu_diag_count_id("source-empty"), 1);
	ecat_buf_free(&b);
	ecat_catalog_free(cat);
	S_rmtree(d);
	free(d);
}
END_TEST

START_TEST(test_walk_order_links_depth)
{
	struct ecat_catalog	*cat;
	struct ecat_buf		 b, want;
	struct ecat_walk	 w = { NULL, 0, 1, ECAT_WALK_MAXDEPTH, NULL,
	    S_record, NULL };
	char			*d = S_tmpdir(), *p, *q;
	int			 i, j;

	S_touch(d, "top.json");			/* depth 0: below mindepth */
	S_mkdir(d, "b");
	S_touch(d, "b/2.json");
	S_touch(d, "b/10.json");
	S_mkdir(d, "a");
	S_touch(d, "a/x.json");
	S_touch(d, "a/.hidden.json");		/* dot names skipped */
	S_mkdir(d, "a/.git");
	S_touch(d, "a/.git/y.json");
	p = ecat_path_join(d, "a/loop");	/* link back up: a loop */
	ck_assert_int_eq(symlink("..", p), 0);
	free(p);
	p = ecat_path_join(d, "a/link.json");	/* link to a file */
	ck_assert_int_eq(symlink("x.json", p), 0);
	free(p);
	/* A chain c/c/...: the file at depth 16 is read, the folder at
	   17 is not and is reported. */
	q = ecat_strdup("c");
	for (i = 1; i <= 17; i++) {
		S_mkdir(d, q);
		p = ecat_asprintf("%s/f%02d.json", q, i);
		S_touch(d, p);
		free(p);
		p = ecat_asprintf("%s/c", q);
		free(q);
		q = p;
	}
	free(q);

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ecat_buf_init(&b);
	ecat_buf_init(&want);
	w.cat = cat;
	w.arg = &b;
	ck_assert_int_eq(ecat_walk(&w, d), -1);
	ck_assert_uint_eq(tu_diag_count_id("source-loop"), 1);
	ck_assert_uint_eq(tu_diag_count_id("limit-exceeded"), 1);
	ecat_buf_printf(&want, "%s/a/link.json\n%s/a/x.json\n"
	    "%s/b/10.json\n%s/b/2.json\n", d, d, d, d);
	/* "c" sorts before "f01.json": the deepest file comes first. */
	for (i = 16; i >= 1; i--) {
		ecat_buf_printf(&want, "%s/", d);
		for (j = 0; j < i; j++)
			ecat_buf_puts(&want, "c/");
		ecat_buf_printf(&want, "f%02d.json\n", i);
	}
	ck_assert_str_eq(b.buf, want.buf);
	ecat_buf_free(&b);
	ecat_buf_free(&want);
	ecat_catalog_free(cat);
	S_rmtree(d);
	free(d);
}
END_TEST

START_TEST(test_walk_unreadable)
{
	struct ecat_catalog	*cat;
	struct ecat_buf		 b;
	struct ecat_walk	 w = { NULL, 0, 0, ECAT_WALK_MAXDEPTH, NULL,
	    S_record, NULL };

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ecat_buf_init(&b);
	w.cat = cat;
	w.arg = &b;
	/* Silent for the sample walk, reported for the rules walk. */
	ck_assert_int_eq(ecat_walk(&w, "/nonexistent/etwcat"), 0);
	ck_assert_uint_eq(tu_diag_count_id("io-read"), 0);
	w.flags = ECAT_WALK_REPORT;
	ck_assert_int_eq(ecat_walk(&w, "/nonexistent/etwcat"), -1);
	ck_assert_uint_eq(tu_diag_count_id("io-read"), 1);
	ecat_buf_free(&b);
	ecat_catalog_free(cat);
}
END_TEST

/* --------------------------------------------------------- readers */

static int	 fake_located;

static int
S_fake_locate(const struct ecat_sample *r, const struct ecat_spath *steps,
    size_t nsteps, struct ecat_loc *out)
{
	fake_located++;
	*out = r->loc;
	out->line = 42;
	return 0;
}

static char *
S_fake_json(const struct ecat_sample *r)
{
	return ecat_strdup("fake");
}

START_TEST(test_reader_dispatch)
{
	static const struct ecat_reader fake = { "fake", NULL, NULL, NULL,
	    S_fake_locate, S_fake_json, NULL, NULL };
	struct ecat_sample	 r;
	struct ecat_loc		 loc;
	char			*s;

	/* JSON takes .json, .jsonl and standard input. */
	ck_assert_str_eq(ecat_reader_find("a.json")->name, "json");
	ck_assert_str_eq(ecat_reader_find("a.JSONL")->name, "json");
	ck_assert_str_eq(ecat_reader_find("-")->name, "json");
	/* A record goes back to the reader that made it... */
	memset(&r, 0, sizeof(r));
	r.loc.line = 7;
	r.reader = &fake;
	ck_assert_int_eq(ecat_sample_locate(&r, NULL, 0, &loc), 0);
	ck_assert_int_eq(fake_located, 1);
	ck_assert_uint_eq(loc.line, 42);
	s = ecat_sample_json(&r);
	ck_assert_str_eq(s, "fake");
	free(s);
	/* ...and one made by hand, without text, to JSON's locator. */
	r.reader = NULL;
	ck_assert_int_eq(ecat_sample_locate(&r, NULL, 0, &loc), -1);
	ck_assert_int_eq(fake_located, 1);
	ck_assert_uint_eq(loc.line, 7);
	ck_assert_ptr_null(ecat_sample_json(&r));
}
END_TEST

/* Two events, for the readers' tests. */
#define EV1	"{\"system\": {\"provider\": \"P\", \"event_id\": 1, " \
		"\"version\": 0}}"
#define EV2	"{\"system\": {\"provider\": \"P\", \"event_id\": 2, " \
		"\"version\": 0}}"

/* Write text to fd, whole. */
static void
S_put(int fd, const char *text)
{
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
}

/*
 * The JSON reader hands on one record per call of next, and does no
 * more than it takes to find it: a line's record comes while the pipe
 * is still open, an array line's events come one per call sharing the
 * line's text, and the diagnostic of a line that is not JSON comes
 * with its record, not before.
 */
START_TEST(test_reader_next_lines)
{
	const struct ecat_reader	*rd = ecat_reader_find("-");
	const struct ecat_sample	*r;
	struct ecat_catalog		*cat;
	struct ecat_build		*b;
	const char			*text;
	uint64_t			 nbytes = 0;
	void				*h;
	int				 p[2];

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	b = ecat_build_get(cat, "Win10-1903-18362");
	ck_assert_int_eq(pipe(p), 0);
	S_put(p[1], EV1 "\n");
	h = rd->open(cat, b, ecat_file(cat, "<stdin>"), "-", p[0], 0);
	ck_assert_int_eq(rd->next(h, &r), 1);
	ck_assert_int_eq(r->malformed, 0);
	ck_assert_uint_eq(r->event_id, 1);
	ck_assert_uint_eq(r->loc.line, 1);
	ck_assert_str_eq(r->path, "");
	ck_assert_ptr_eq(r->build, b);
	S_put(p[1], "[" EV2 ", 5]\nnot JSON\n\n" EV1);
	close(p[1]);
	ck_assert_int_eq(rd->next(h, &r), 1);
	ck_assert_int_eq(r->malformed, 0);
	ck_assert_uint_eq(r->event_id, 2);
	ck_assert_uint_eq(r->loc.line, 2);
	ck_assert_str_eq(r->path, "[0]");
	ck_assert_int_eq(r->textindex, 0);
	text = r->text;
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 0);
	ck_assert_int_eq(rd->next(h, &r), 1);
	ck_assert_int_eq(r->malformed, 1);
	ck_assert_str_eq(r->path, "[1]");
	ck_assert_ptr_eq(r->text, text);
	ck_assert_int_eq(r->textindex, 1);
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 1);
	ck_assert_int_eq(rd->next(h, &r), 1);
	ck_assert_int_eq(r->malformed, 1);
	ck_assert_uint_eq(r->loc.line, 3);
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 2);
	/* A blank line is no record; the last line needs no newline. */
	ck_assert_int_eq(rd->next(h, &r), 1);
	ck_assert_int_eq(r->malformed, 0);
	ck_assert_uint_eq(r->event_id, 1);
	ck_assert_uint_eq(r->loc.line, 5);
	ck_assert_int_eq(rd->next(h, &r), 0);
	ck_assert_int_eq(rd->next(h, &r), 0);
	rd->close(h, &nbytes);
	ck_assert_uint_eq(nbytes, 2 * strlen(EV1) + strlen(EV2) +
	    strlen("\n[, 5]\nnot JSON\n\n"));
	close(p[0]);
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 2);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * A document's array: one element per call, each at its own line, and
 * the diagnostic about what follows the array only when next has
 * reached it, after the last element.
 */
START_TEST(test_reader_next_document)
{
	const struct ecat_reader	*rd = ecat_reader_find("a.json");
	const struct ecat_sample	*r;
	struct ecat_catalog		*cat;
	struct ecat_build		*b;
	void				*h;
	int				 p[2];

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	b = ecat_build_get(cat, "Win10-1903-18362");
	ck_assert_int_eq(pipe(p), 0);
	S_put(p[1], "[\n  " EV1 ",\n  7,\n  " EV2 "\n] x\n");
	close(p[1]);
	h = rd->open(cat, b, ecat_file(cat, "a.json"), "a.json", p[0], 0);
	ck_assert_int_eq(rd->next(h, &r), 1);
	ck_assert_uint_eq(r->loc.line, 2);
	ck_assert_uint_eq(r->loc.col, 3);
	ck_assert_str_eq(r->path, "[0]");
	ck_assert_uint_eq(r->event_id, 1);
	ck_assert_int_eq(rd->next(h, &r), 1);
	ck_assert_uint_eq(r->loc.line, 3);
	ck_assert_str_eq(r->path, "[1]");
	ck_assert_int_eq(r->malformed, 1);
	ck_assert_int_eq(rd->next(h, &r), 1);
	ck_assert_uint_eq(r->loc.line, 4);
	ck_assert_str_eq(r->path, "[2]");
	ck_assert_uint_eq(r->event_id, 2);
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 1);
	ck_assert_int_eq(rd->next(h, &r), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-malformed"), 2);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "a.json:5:3: "));
	rd->close(h, NULL);
	close(p[0]);
	ecat_catalog_free(cat);
}
END_TEST

/* A read error ends the records with -1, reported once. */
START_TEST(test_reader_next_error)
{
	const struct ecat_reader	*rd = ecat_reader_find("a.jsonl");
	const struct ecat_sample	*r;
	struct ecat_catalog		*cat;
	DIR				*d;
	void				*h;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ck_assert_ptr_nonnull(d = opendir("."));
	/* read(2) of a directory fails (EISDIR). */
	h = rd->open(cat, ecat_build_get(cat, "Win10-1903-18362"),
	    ecat_file(cat, "a.jsonl"), "a.jsonl", dirfd(d), 0);
	ck_assert_int_eq(rd->next(h, &r), -1);
	ck_assert_uint_eq(tu_diag_count_id("io-read"), 1);
	ck_assert_int_eq(rd->next(h, &r), 0);
	ck_assert_uint_eq(tu_diag_count_id("io-read"), 1);
	rd->close(h, NULL);
	closedir(d);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * ecat_read_fd: a file of exactly max bytes is read whole, one byte
 * more is EFBIG (not a file cut at max), and the size hint is only a
 * hint: a pipe, whose size fstat gives as 0, is read to its end.
 */
START_TEST(test_read_fd_limits)
{
	char	 path[] = "/tmp/etwcat-readfd-XXXXXX", *buf, big[20000];
	size_t	 len;
	int	 fd, p[2];

	memset(big, 'x', sizeof(big));
	ck_assert_int_ne(fd = mkstemp(path), -1);
	ck_assert_int_eq(write(fd, big, 10000), 10000);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	buf = ecat_read_fd(fd, 10000, 10000, &len);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(len, 10000);
	ck_assert_int_eq(buf[len], '\0');
	free(buf);
	ck_assert_int_eq(write(fd, "y", 1), 1);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	errno = 0;
	ck_assert_ptr_null(ecat_read_fd(fd, 10000, 10000, &len));
	ck_assert_int_eq(errno, EFBIG);
	close(fd);
	unlink(path);

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], big, sizeof(big)), (int)sizeof(big));
	close(p[1]);
	buf = ecat_read_fd(p[0], 0, 1 << 20, &len);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(len, sizeof(big));
	ck_assert_int_eq(memcmp(buf, big, len), 0);
	free(buf);
	close(p[0]);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sources");
	TCase	*tc = tcase_create("samples-catalog");
	TCase	*tl = tcase_create("loaders");
	SRunner	*sr;
	int	 nf;

	tcase_add_unchecked_fixture(tc, S_load_samples, S_free_samples);
	tcase_add_test(tc, test_samples_builds_in_order);
	tcase_add_test(tc, test_samples_providers);
	tcase_add_test(tc, test_samples_tsv_builds);
	tcase_add_test(tc, test_samples_build_json_matches_data);
	tcase_add_test(tc, test_samples_build_json_values);
	tcase_add_test(tc, test_samples_vsmb);
	tcase_add_test(tc, test_samples_seed_examples);
	suite_add_tcase(s, tc);
	tcase_add_test(tl, test_build_json_malformed);
	tcase_add_test(tl, test_build_json_types);
	tcase_add_test(tl, test_build_json_unreadable);
	tcase_add_test(tl, test_jsonl_bad_line);
	tcase_add_test(tl, test_json_lines_detected);
	tcase_add_test(tl, test_single_object);
	tcase_add_test(tl, test_array_bad_elements);
	tcase_add_test(tl, test_shared_samples);
	tcase_add_test(tl, test_walk_empty_folder);
	tcase_add_test(tl, test_walk_order_links_depth);
	tcase_add_test(tl, test_walk_unreadable);
	tcase_add_test(tl, test_reader_dispatch);
	tcase_add_test(tl, test_reader_next_lines);
	tcase_add_test(tl, test_reader_next_document);
	tcase_add_test(tl, test_reader_next_error);
	tcase_add_test(tl, test_read_fd_limits);
	suite_add_tcase(s, tl);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
