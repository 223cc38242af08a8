/*
 * check_record.c: the schema store's identity layer (catalog/record.c)
 * on real data: event versions whose TSV rows are equal share a record
 * and changed ones do not; maps and provider headers of real manifests
 * share a serial exactly where their content is equal; lines do not
 * count; a second ecat_catalog_finish() rebuilds the same thing, and
 * after a build more the same as a catalog loaded at once.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "testutil.h"

#define TSV	"corpus/tsv/jdu2600/"
#define REPNZ	"corpus/manifests/repnz/"

/* ------------------------------------------------------- TSV row reader */

/* A few files' lines, most recently read first: keys come by provider. */
#define NCACHE	8
static struct rowfile {
	const char	*path;		/* interned: compared by pointer */
	char		*text;
	char		**lines;
	size_t		 nlines;
} S_cache[NCACHE];
static size_t	S_next;

static void
S_cache_free(void)
{
	size_t	 i;

	for (i = 0; i < NCACHE; i++) {
		free(S_cache[i].text);
		free(S_cache[i].lines);
		memset(&S_cache[i], 0, sizeof(S_cache[i]));
	}
}

/* Line n (1-based) of path without its line end, from the second
   column on (the provider's name as written belongs to the header). */
static const char *
S_row(const char *path, uint32_t n)
{
	struct rowfile	*f = NULL;
	FILE		*fp;
	char		*p, *tab;
	size_t		 i, len, cap = 0;

	for (i = 0; i < NCACHE; i++)
		if (S_cache[i].path == path)
			f = &S_cache[i];
	if (f == NULL) {
		f = &S_cache[S_next++ % NCACHE];
		free(f->text);
		free(f->lines);
		memset(f, 0, sizeof(*f));
		fp = fopen(path, "rb");
		ck_assert_msg(fp != NULL, "%s", path);
		fseek(fp, 0, SEEK_END);
		len = (size_t)ftell(fp);
		rewind(fp);
		f->text = malloc(len + 1);
		ck_assert(fread(f->text, 1, len, fp) == len);
		f->text[len] = '\0';
		fclose(fp);
		f->path = path;
		for (p = f->text; p != NULL && *p != '\0'; ) {
			if (f->nlines == cap) {
				cap = cap ? cap * 2 : 256;
				f->lines = realloc(f->lines,
				    cap * sizeof(*f->lines));
			}
			f->lines[f->nlines++] = p;
			if ((p = strchr(p, '\n')) != NULL) {
				if (p > f->text && p[-1] == '\r')
					p[-1] = '\0';
				*p++ = '\0';
			}
		}
	}
	ck_assert_msg(n >= 1 && n <= f->nlines, "%s:%u", path, n);
	tab = strchr(f->lines[n - 1], '\t');
	return tab != NULL ? tab : f->lines[n - 1];
}

/*
 * Three builds of the TSV corpus: for every key, every pair of its
 * occurrences in two builds shares a record exactly when the two TSV
 * rows are equal.
 */
START_TEST(test_tsv_rows)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	const struct ecat_occ	*a, *b;
	const struct ecat_evrow	*ra, *rb;
	const struct ecat_evkey	*k;
	const struct ecat_provider *p;
	uint32_t		 i, j, x, y, same = 0, changed = 0, all3 = 0;
	int			 eqrow;

	ecat_load_source(cat, tu_shared(TSV "Win10-1511-10586"), NULL);
	ecat_load_source(cat, tu_shared(TSV "Win10-1809-17763"), NULL);
	ecat_load_source(cat, tu_shared(TSV "Win11-24H2-26100"), NULL);
	ecat_catalog_finish(cat);
	ck_assert_int_eq(cat->nbuilds, 3);
	ck_assert_uint_gt(cat->nrecords, 0);
	for (i = 0; i < cat->nproviders; i++) {
		p = cat->providers[i];
		for (j = 0; j < p->nkeys; j++) {
			k = p->keys[j];
			for (x = 0; x < k->nocc; x++) {
				a = &k->occ[x];
				ra = ecat_occ_row(a);
				ck_assert_ptr_nonnull(ra->record);
				ck_assert_ptr_eq(cat->records[
				    ra->record->serial], ra->record);
				for (y = x + 1; y < k->nocc; y++) {
					b = &k->occ[y];
					rb = ecat_occ_row(b);
					if (ecat_occ_build(a) ==
					    ecat_occ_build(b))
						continue;
					eqrow = strcmp(S_row(
					    ecat_occ_schema(a)->loc.file,
					    ra->line), S_row(
					    ecat_occ_schema(b)->loc.file,
					    rb->line)) == 0;
					ck_assert_msg(eqrow ==
					    (ra->record == rb->record),
					    "%s %u v%u: "
					    "rows %s, records %s", p->name,
					    k->id, k->version, eqrow ?
					    "equal" : "differ",
					    ra->record == rb->record ?
					    "equal" : "differ");
					if (eqrow)
						same++;
					else
						changed++;
				}
			}
			if (k->nocc == 3 &&
			    ecat_occ_row(&k->occ[0])->record ==
			    ecat_occ_row(&k->occ[2])->record &&
			    ecat_occ_row(&k->occ[1])->record ==
			    ecat_occ_row(&k->occ[2])->record) {
				ck_assert_uint_eq(ecat_occ_row(
				    &k->occ[0])->record->nbuilds, 3);
				all3++;
			}
		}
	}
	S_cache_free();
	/* Both cases happen often in ten years of Windows. */
	ck_assert_uint_gt(same, 10000);
	ck_assert_uint_gt(changed, 1000);
	ck_assert_uint_gt(all3, 5000);
	ecat_catalog_free(cat);
}
END_TEST

/* A finish after a finish rebuilds the same records, from scratch. */
START_TEST(test_refinish)
{
	struct ecat_catalog	*cat, *both;
	const struct ecat_record *r;
	uint32_t		 n, nb, i, shared;

	cat = tu_load(tu_shared(TSV "Win11-24H2-26100"), NULL);
	n = cat->nrecords;
	ck_assert_uint_gt(n, 1000);
	r = ecat_occ_row(&cat->providers[0]->keys[0]->occ[0])->record;
	nb = r->nbuilds;
	ecat_catalog_finish(cat);
	ck_assert_uint_eq(cat->nrecords, n);
	r = ecat_occ_row(&cat->providers[0]->keys[0]->occ[0])->record;
	ck_assert_uint_eq(r->nbuilds, nb);
	ck_assert_uint_eq(r->serial, 0);
	for (i = 0; i < cat->nrecords; i++)
		ck_assert_uint_eq(cat->records[i]->serial, i);
	/*
	 * A build loaded after the finish and a second finish: the same
	 * records, serials and build counts as both loaded at once.
	 */
	ck_assert_int_eq(ecat_load_source(cat,
	    tu_shared(TSV "Win11-26H1-28000"), NULL), 0);
	ecat_catalog_finish(cat);
	both = ecat_catalog_new(tu_diag());
	ck_assert_int_eq(ecat_load_source(both,
	    tu_shared(TSV "Win11-24H2-26100"), NULL), 0);
	ck_assert_int_eq(ecat_load_source(both,
	    tu_shared(TSV "Win11-26H1-28000"), NULL), 0);
	ecat_catalog_finish(both);
	ck_assert_uint_gt(cat->nrecords, n);
	ck_assert_uint_eq(cat->nrecords, both->nrecords);
	for (i = 0, shared = 0; i < cat->nrecords; i++) {
		ck_assert_uint_eq(cat->records[i]->hash,
		    both->records[i]->hash);
		ck_assert_uint_eq(cat->records[i]->nbuilds,
		    both->records[i]->nbuilds);
		shared += cat->records[i]->nbuilds == 2;
	}
	ck_assert_uint_gt(shared, 1000);
	ecat_catalog_free(both);
	ecat_catalog_free(cat);
}
END_TEST

/* ------------------------------------------------------------ manifests */

static const struct ecat_pschema *
S_schema(const struct ecat_catalog *cat, const char *prov, const char *build)
{
	const struct ecat_provider	*p;
	uint32_t			 i;

	p = ecat_provider_find(cat, prov);
	ck_assert_ptr_nonnull(p);
	for (i = 0; i < p->nschemas; i++)
		if (strcmp(p->schemas[i]->build->id, build) == 0)
			return p->schemas[i];
	ck_abort_msg("%s not in %s", prov, build);
	return NULL;
}

static const struct ecat_map *
S_map(const struct ecat_catalog *cat, const char *prov, const char *build,
    const char *name)
{
	const struct ecat_pschema	*ps = S_schema(cat, prov, build);
	uint32_t			 i;

	for (i = 0; i < ps->nmaps; i++)
		if (strcmp(ps->maps[i].name, name) == 0)
			return &ps->maps[i];
	ck_abort_msg("no map %s in %s %s", name, prov, build);
	return NULL;
}

#define B1507	"Win10-1507-10240"
#define B1803	"Win10-1803-17134"
#define BINS	"Win10-Insider-18990"
#define SMBC	"Microsoft-Windows-SMBClient"
#define SMBS	"Microsoft-Windows-SMBServer"
#define KNET	"Microsoft-Windows-Kernel-Network"

/*
 * repnz's manifests: which maps are equal was read off the files (the
 * map elements' text, whitespace folded).  Kernel-Network's file is
 * the same in all four builds.
 */
START_TEST(test_manifest_maps_headers)
{
	struct ecat_catalog		*cat;
	const struct ecat_map		*m1, *m2, *m3;
	const struct ecat_pschema	*ps;
	const struct ecat_provider	*p;
	uint32_t			 i;

	cat = tu_load(tu_shared(REPNZ), NULL);
	ck_assert_int_eq(cat->nbuilds, 4);
	/* Equal in all three builds: one serial, the first map seen. */
	m1 = S_map(cat, SMBC, B1507, "ShareTypeMap");
	m2 = S_map(cat, SMBC, B1803, "ShareTypeMap");
	m3 = S_map(cat, SMBC, BINS, "ShareTypeMap");
	ck_assert_uint_eq(m1->serial, m2->serial);
	ck_assert_uint_eq(m1->serial, m3->serial);
	ck_assert_ptr_eq(cat->maps[m1->serial], m1);
	ck_assert_uint_ne(m1->loc.line, m3->loc.line);
	/* Changed in the Insider build. */
	m1 = S_map(cat, SMBC, B1507, "Smb2DiagReasonMap");
	m2 = S_map(cat, SMBC, B1803, "Smb2DiagReasonMap");
	m3 = S_map(cat, SMBC, BINS, "Smb2DiagReasonMap");
	ck_assert_uint_eq(m1->serial, m2->serial);
	ck_assert_uint_ne(m1->serial, m3->serial);
	ck_assert_ptr_eq(cat->maps[m3->serial], m3);
	m1 = S_map(cat, SMBS, B1803, "LiveDumpReason");
	m2 = S_map(cat, SMBS, BINS, "LiveDumpReason");
	ck_assert_uint_ne(m1->serial, m2->serial);
	/* 39 maps, 21 distinct texts per provider. */
	ck_assert_uint_le(cat->nmaps, 21);
	ck_assert_uint_ge(cat->nmaps, 19);
	/* The same file in four builds: one header, shared records. */
	p = ecat_provider_find(cat, KNET);
	ck_assert_uint_eq(p->nschemas, 4);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(p->schemas[i]->header,
		    p->schemas[0]->header);
	ck_assert_ptr_eq(cat->headers[p->schemas[0]->header],
	    p->schemas[0]);
	for (i = 0; i < p->nkeys; i++) {
		ck_assert_uint_eq(p->keys[i]->nocc, 4);
		ck_assert_ptr_eq(ecat_occ_row(&p->keys[i]->occ[0])->record,
		    ecat_occ_row(&p->keys[i]->occ[3])->record);
		ck_assert_uint_eq(ecat_occ_row(
		    &p->keys[i]->occ[0])->record->nbuilds, 4);
	}
	/* SMBServer's header changed between 1507 and the Insider build. */
	ps = S_schema(cat, SMBS, B1507);
	ck_assert_uint_ne(ps->header, S_schema(cat, SMBS, BINS)->header);
	ecat_catalog_free(cat);
}
END_TEST

static char *
S_slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*buf;

	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "%s", path);
	fseek(fp, 0, SEEK_END);
	*len = (size_t)ftell(fp);
	rewind(fp);
	buf = malloc(*len + 1);
	ck_assert(fread(buf, 1, *len, fp) == *len);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

/* Replace the first from in *buf by to (a new malloc'd text). */
static char *
S_edit(const char *buf, const char *from, const char *to)
{
	const char	*at = strstr(buf, from);
	char		*out;
	size_t		 n;

	ck_assert_ptr_nonnull(at);
	n = strlen(buf) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	memcpy(out, buf, (size_t)(at - buf));
	strcpy(out + (at - buf), to);
	strcat(out, at + strlen(from));
	return out;
}

/*
 * Kernel-Network's real manifest in three builds: as is, with every
 * line moved down one (same identity: lines are not part of it), and
 * with the IPV6 keyword's mask changed (a new header; the events with
 * that keyword get new records, the others keep theirs).
 */
START_TEST(test_lines_and_content)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	const struct ecat_provider *p;
	const struct ecat_evkey	*k;
	const struct ecat_evrow	*e0, *e1, *e2;
	char			*orig, *moved, *mask;
	size_t			 len;
	uint32_t		 i, kept = 0, renewed = 0;

	orig = S_slurp(tu_shared(REPNZ "Win7-RTM-7600/" KNET ".xml"), &len);
	moved = S_edit(orig, "<instrumentation ", "\n<instrumentation ");
	mask = S_edit(orig, "mask=\"0x20\"", "mask=\"0x40\"");
	ecat_load_xml_mem(cat, ecat_build_get(cat, "Win10-1507-10240"),
	    "a.xml", orig, len);
	ecat_load_xml_mem(cat, ecat_build_get(cat, "Win10-1803-17134"),
	    "b.xml", moved, strlen(moved));
	ecat_load_xml_mem(cat, ecat_build_get(cat, "Win10-1809-17763"),
	    "c.xml", mask, strlen(mask));
	ecat_catalog_finish(cat);
	p = ecat_provider_find(cat, KNET);
	ck_assert_uint_eq(p->nschemas, 3);
	ck_assert_uint_eq(p->schemas[0]->header, p->schemas[1]->header);
	ck_assert_uint_ne(p->schemas[0]->header, p->schemas[2]->header);
	ck_assert_uint_eq(cat->nheaders, 2);
	ck_assert_uint_gt(p->nkeys, 10);
	for (i = 0; i < p->nkeys; i++) {
		k = p->keys[i];
		ck_assert_uint_eq(k->nocc, 3);
		e0 = ecat_occ_row(&k->occ[0]);
		e1 = ecat_occ_row(&k->occ[1]);
		e2 = ecat_occ_row(&k->occ[2]);
		ck_assert_uint_ne(e0->line, e1->line);
		ck_assert_ptr_eq(e0->record, e1->record);
		if (e0->ev->keywords == e2->ev->keywords) {
			ck_assert_ptr_eq(e0->record, e2->record);
			ck_assert_uint_eq(e0->record->nbuilds, 3);
			kept++;
		} else {
			ck_assert_ptr_ne(e0->record, e2->record);
			ck_assert_uint_eq(e0->record->nbuilds, 2);
			ck_assert_uint_eq(e2->record->nbuilds, 1);
			renewed++;
		}
	}
	ck_assert_uint_gt(kept, 0);
	ck_assert_uint_gt(renewed, 0);
	free(orig);
	free(moved);
	free(mask);
	ecat_catalog_free(cat);
}
END_TEST

static Suite *
S_suite(void)
{
	Suite	*s = suite_create("record");
	TCase	*tc = tcase_create("record");

	tcase_add_test(tc, test_tsv_rows);
	tcase_add_test(tc, test_refinish);
	tcase_add_test(tc, test_manifest_maps_headers);
	tcase_add_test(tc, test_lines_and_content);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(S_suite());
}
