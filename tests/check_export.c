/*
 * check_export.c: the JSON export (version 2), parsed back with Jansson
 * and checked against values read from the real corpus files.
 */
#include <sys/stat.h>

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "etwcat.h"
#include "gzip.h"
#include "testutil.h"

static json_t *
S_export(struct ecat_catalog *cat)
{
	json_error_t	 err;
	json_t		*j;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*f;

	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ecat_export_json(cat, f), 0);
	fclose(f);
	j = json_loadb(buf, len, 0, &err);
	ck_assert_msg(j != NULL, "export is not JSON: %s at line %d",
	    err.text, err.line);
	free(buf);
	return j;
}

static json_t *
S_provider(json_t *root, const char *name)
{
	json_t	*p;
	size_t	 i;

	json_array_foreach(json_object_get(root, "providers"), i, p)
		if (strcmp(json_string_value(json_object_get(p, "name")),
		    name) == 0)
			return p;
	return NULL;
}

/*
 * Kernel-Network's TSV is the same in all 17 builds (same bytes): the
 * JSON export (version 2) has one record for event 10 v0, used by every
 * build's schema at line 2 and listed for the key as one run of all 17
 * builds; the record's shape is the TSV's field list.
 */
START_TEST(test_kernel_network_17_builds)
{
	struct ecat_catalog	*cat;
	json_t			*root, *p, *ev, *recs, *run, *shapes, *sh;
	json_t			*fields, *schemas, *e0, *rec;
	size_t			 i;
	json_int_t		 r = -1;

	cat = ecat_catalog_new(tu_diag());
	{
		/* Only Kernel-Network from every build, as loose files. */
		static const char *const builds[] = {
			"Win10-1511-10586", "Win10-1607-14393",
			"Win10-1703-15063", "Win10-1709-16299",
			"Win10-1803-17134", "Win10-1809-17763",
			"Win10-1903-18362", "Win10-1909-18363",
			"Win10-2004-19041", "Win10-20H2-19042",
			"Win10-21H1-19043", "Win11-21H2-22000",
			"Win11-22H2-22621", "Win11-23H2-22631",
			"Win11-24H2-26100", "Win11-25H2-26200",
			"Win11-26H1-28000", NULL };
		char	 path[1024];

		for (i = 0; builds[i] != NULL; i++) {
			snprintf(path, sizeof(path), "corpus/tsv/jdu2600/%s/"
			    "manifest/Microsoft-Windows-Kernel-Network.tsv",
			    builds[i]);
			ck_assert_int_eq(ecat_load_source(cat, tu_shared(path),
			    builds[i]), 0);
		}
	}
	ecat_catalog_finish(cat);
	root = S_export(cat);
	ck_assert_int_eq(json_integer_value(json_object_get(root,
	    "etwcat_export")), 2);
	ck_assert_int_eq(json_array_size(json_object_get(root, "builds")),
	    17);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(root, "builds"), 0), "id")), "Win10-1511-10586");
	p = S_provider(root, "Microsoft-Windows-Kernel-Network");
	ck_assert_ptr_nonnull(p);
	/* 22 rows after the header in each file, each one record. */
	ck_assert_int_eq(json_array_size(json_object_get(p, "events")), 22);
	ck_assert_int_eq(json_array_size(json_object_get(root, "records")),
	    22);
	ev = json_array_get(json_object_get(p, "events"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(ev, "id")), 10);
	recs = json_object_get(ev, "records");
	ck_assert_int_eq(json_array_size(recs), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(recs,
	    0), "source")), "tsv");
	r = json_integer_value(json_object_get(json_array_get(recs, 0),
	    "record"));
	/* All 17 builds: one run, nothing excepted. */
	ck_assert_int_eq(json_array_size(json_object_get(json_array_get(recs,
	    0), "builds")), 1);
	run = json_array_get(json_object_get(json_array_get(recs, 0),
	    "builds"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(run, "first")),
	    "Win10-1511-10586");
	ck_assert_str_eq(json_string_value(json_object_get(run, "last")),
	    "Win11-26H1-28000");
	ck_assert_int_eq(json_integer_value(json_object_get(run, "count")),
	    17);
	ck_assert_int_eq(json_array_size(json_object_get(run, "except")), 0);

	schemas = json_object_get(p, "schemas");
	ck_assert_int_eq(json_array_size(schemas), 17);
	for (i = 0; i < 17; i++) {
		e0 = json_array_get(json_object_get(json_array_get(schemas, i),
		    "events"), 0);
		/* [record, line]: the same record, row 2 of every file. */
		ck_assert_int_eq(json_integer_value(json_array_get(e0, 0)), r);
		ck_assert_int_eq(json_integer_value(json_array_get(e0, 1)), 2);
	}
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    schemas, 16), "file")), tu_shared("corpus/tsv/jdu2600/"
	    "Win11-26H1-28000/manifest/Microsoft-Windows-Kernel-Network.tsv"));
	rec = json_array_get(json_object_get(root, "records"), (size_t)r);
	ck_assert_ptr_nonnull(rec);
	ck_assert_int_eq(json_integer_value(json_object_get(rec, "id")), 10);
	ck_assert_str_eq(json_string_value(json_object_get(rec, "name")),
	    "KERNEL_NETWORK_TASK_TCPIPDatasent.");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(rec,
	    "level"), "name")), "Informational");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(rec,
	    "level"), "value")), 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(rec,
	    "task"), "name")), "KERNEL_NETWORK_TASK_TCPIP");

	shapes = json_object_get(root, "shapes");
	sh = NULL;
	json_array_foreach(shapes, i, sh)
		if (json_integer_value(json_object_get(sh, "id")) ==
		    json_integer_value(json_object_get(rec, "shape")))
			break;
	ck_assert_ptr_nonnull(sh);
	fields = json_object_get(sh, "fields");
	ck_assert_int_eq(json_array_size(fields), 10);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    fields, 4), "name")), "dport");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    fields, 4), "in_type")), "UInt16");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    fields, 4), "in_type_canonical")), "win:UInt16");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    fields, 4), "out_type_canonical")), "xs:unsignedShort");
	json_decref(root);
	ecat_catalog_free(cat);
}
END_TEST

/* Strings with quotes, controls and bad UTF-8 still give valid JSON. */
START_TEST(test_escaping)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	struct ecat_pschema	*ps;
	struct ecat_evsrc	 ev;
	json_t			*root, *p, *e;

	ps = ecat_pschema_new(cat, "Evil\"<script>\\\x01\xff",
	    ecat_build_get(cat, "b"), ECAT_SRC_MANIFEST, ECAT_FMT_MANIFEST,
	    NULL);
	memset(&ev, 0, sizeof(ev));
	ev.ev.message = ecat_str(cat, "line1\r\nline2\ttab \xc3\xa9");
	ecat_pschema_commit(cat, ps, &ev, 1);
	ecat_catalog_finish(cat);
	root = S_export(cat);
	p = json_array_get(json_object_get(root, "providers"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(p, "name")),
	    "Evil\"<script>\\\x01\xef\xbf\xbd");
	e = json_array_get(json_object_get(json_array_get(json_object_get(p,
	    "schemas"), 0), "events"), 0);
	e = json_array_get(json_object_get(root, "records"),
	    (size_t)json_integer_value(json_array_get(e, 0)));
	ck_assert_str_eq(json_string_value(json_object_get(e, "message")),
	    "line1\r\nline2\ttab \xc3\xa9");
	json_decref(root);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * The site's catalog.json.gz (render/gzip.c): a real export, larger
 * than the copy buffer, compressed and read back with zlib equal to
 * the original; a header without name or time, so equal files give
 * equal bytes; and a reused copy is a hard link, not a new file.
 */
START_TEST(test_gzip_copy)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	char			 dir[] = "/tmp/etwcat-gz.XXXXXX";
	char			 src[64], dst[64], again[64], *a, *b;
	unsigned char		 hdr[10];
	struct stat		 s1, s2;
	FILE			*f;
	gzFile			 gz;
	size_t			 n, got;
	int			 r;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(src, sizeof(src), "%s/catalog.json", dir);
	snprintf(dst, sizeof(dst), "%s/catalog.json.gz", dir);
	snprintf(again, sizeof(again), "%s/again.gz", dir);
	ecat_load_source(cat, "../shared/corpus/tsv/jdu2600/"
	    "Win11-24H2-26100", NULL);
	ecat_catalog_finish(cat);
	ck_assert_ptr_nonnull(f = fopen(src, "w"));
	ck_assert_int_eq(ecat_export_json(cat, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	ecat_catalog_free(cat);
	ck_assert_int_eq(stat(src, &s1), 0);
	ck_assert_int_gt(s1.st_size, 4 << 20);	/* several reads */

	ck_assert_int_eq(ecat_gzip_file(src, dst, NULL), 0);
	ck_assert_ptr_nonnull(f = fopen(dst, "rb"));
	ck_assert_uint_eq(fread(hdr, 1, sizeof(hdr), f), sizeof(hdr));
	fclose(f);
	ck_assert_uint_eq(hdr[0], 0x1f);
	ck_assert_uint_eq(hdr[1], 0x8b);
	ck_assert_uint_eq(hdr[3] & 0x08, 0);		/* no FNAME */
	ck_assert_uint_eq(hdr[4] | hdr[5] | hdr[6] | hdr[7], 0); /* MTIME */

	n = (size_t)s1.st_size;
	a = malloc(n + 1);
	b = malloc(n + 1);
	ck_assert_ptr_nonnull(f = fopen(src, "rb"));
	ck_assert_uint_eq(fread(a, 1, n, f), n);
	fclose(f);
	ck_assert_ptr_nonnull(gz = gzopen(dst, "rb"));
	for (got = 0; got <= n; got += (size_t)r)
		if ((r = gzread(gz, b + got, (unsigned)(n + 1 - got))) <= 0)
			break;
	gzclose(gz);
	ck_assert_uint_eq(got, n);
	ck_assert_int_eq(memcmp(a, b, n), 0);
	free(a);
	free(b);

	/* Reuse: a hard link to the previous copy. */
	ck_assert_int_eq(ecat_gzip_file(src, again, dst), 1);
	ck_assert_int_eq(stat(dst, &s1), 0);
	ck_assert_int_eq(stat(again, &s2), 0);
	ck_assert_uint_eq(s1.st_ino, s2.st_ino);
	/* dst must not exist: refused, and the existing file kept. */
	ck_assert_int_eq(ecat_gzip_file(src, again, NULL), -1);
	ck_assert_int_eq(stat(again, &s2), 0);
	ck_assert_uint_eq(s1.st_ino, s2.st_ino);

	unlink(again);
	unlink(dst);
	unlink(src);
	rmdir(dir);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("export");
	TCase	*tc = tcase_create("json");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_kernel_network_17_builds);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_gzip_copy);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
