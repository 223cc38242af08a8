/*
 * check_site.c: the static site (render/site/) over the default
 * catalog (samples/) and over hostile input: the interface paths, the
 * downloads against their sources, the search index's columns, field
 * anchors, unchanged pages keeping their mtime, a failed build leaving
 * the previous site, a folder that is not a site refused, notes through
 * cmark's safe mode, and a manifest and sample full of markup, quotes
 * and "../" rendered escaped with nothing written outside DIR.
 *
 * Every page of every site built here is also parsed with libxml2's
 * HTML parser; any error fails, except libxml2 2.9's "Tag X invalid"
 * for the HTML5 elements its HTML 4.01 element table lacks
 * (HTMLparser.c, html40ElementTable).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <check.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>

#include "etwcat.h"
#include "drift.h"
#include "html.h"
#include "notes.h"
#include "notes_html.h"
#include "site.h"
#include "testutil.h"
#include "validate.h"

/* ------------------------------------------------------------ helpers */

static char *
S_read(const char *path, size_t *lenp)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), n);
	buf[n] = '\0';
	fclose(f);
	if (lenp != NULL)
		*lenp = (size_t)n;
	return buf;
}

static void
S_write(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	ck_assert_msg(f != NULL, "%s", path);
	fputs(text, f);
	fclose(f);
}

static void
S_mkdirs(const char *path)
{
	char	 buf[4096], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0777);
			*p = '/';
		}
	mkdir(buf, 0777);
}

static int
S_rm1(const char *p, const struct stat *st, int fl, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return fl == FTW_DP ? rmdir(p) : unlink(p);
}

static void
S_rmtree(const char *p)
{
	nftw(p, S_rm1, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * A provider document's shapes: numbered in order, and every record of
 * its events refers to one of them (and the events have none their
 * own).
 */
static void
S_shapes_in(json_t *pd)
{
	json_t	*shapes, *ev, *rec, *sh;
	size_t	 e, r, n, a;

	shapes = json_object_get(pd, "shapes");
	ck_assert(json_is_array(shapes));
	n = json_array_size(shapes);
	for (a = 0; a < n; a++) {
		sh = json_array_get(shapes, a);
		ck_assert_int_eq(json_integer_value(json_object_get(sh, "id")),
		    a);
	}
	json_array_foreach(json_object_get(pd, "events"), e, ev) {
		ck_assert_ptr_null(json_object_get(ev, "shapes"));
		json_array_foreach(json_object_get(ev, "records"), r, rec) {
			sh = json_object_get(rec, "shape");
			ck_assert(json_is_null(sh) ||
			    (size_t)json_integer_value(sh) < n);
		}
	}
}

static int
S_exists(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0;
}

/* Load, validate, drift, notes: what etwcat build does. */
static struct ecat_catalog *
S_catalog(const char *src)
{
	struct ecat_catalog	*cat = tu_load(src, NULL);

	ecat_validate(cat, NULL);
	ecat_drift_run(cat, NULL, NULL);
	ecat_notes_load(cat);
	return cat;
}

static int
S_build(struct ecat_catalog *cat, const char *dir, const char *tpl,
    struct ecat_site_stats *st)
{
	struct ecat_site_opts	*o;
	int			 r;

	o = ecat_site_opts_new();
	ecat_site_opts_set_dir(o, dir);
	ecat_site_opts_set_templates(o, tpl != NULL ? tpl :
	    tu_src("templates"));
	ecat_site_opts_set_jobs(o, 2);
	r = ecat_site_build_stats(cat, o, st);
	ecat_site_opts_free(o);
	return r;
}

/* Every HTML file under dir, for the walkers below. */
static char	**pages;
static size_t	 npages;

static int
S_collect(const char *p, const struct stat *st, int fl, struct FTW *ftw)
{
	size_t	 n = strlen(p);

	(void)st;
	(void)ftw;
	if (fl == FTW_F && n > 5 && strcmp(p + n - 5, ".html") == 0) {
		pages = realloc(pages, (npages + 1) * sizeof(*pages));
		pages[npages++] = strdup(p);
	}
	return 0;
}

static void
S_pages(const char *dir)
{
	size_t	 i;

	for (i = 0; i < npages; i++)
		free(pages[i]);
	free(pages);
	pages = NULL;
	npages = 0;
	nftw(dir, S_collect, 16, FTW_PHYS);
}

/* libxml2 HTML parser errors, minus its unknown HTML5 elements. */
static char	 parse_err[1024];

static void
S_xmlerr(void *ctx, const xmlError *e)
{
	static const char *const html5[] = { "header", "main", "nav",
	    "section", "footer", "details", "summary", NULL };
	const char *const	*t;
	char			 msg[128];

	(void)ctx;
	for (t = html5; *t != NULL; t++) {
		snprintf(msg, sizeof(msg), "Tag %s invalid", *t);
		if (e->message != NULL && strstr(e->message, msg) != NULL)
			return;
	}
	if (parse_err[0] == '\0')
		snprintf(parse_err, sizeof(parse_err), "%s:%d: %s",
		    e->file ? e->file : "?", e->line,
		    e->message ? e->message : "?");
}

/* Parse every page of dir; fail on the first error. */
static void
S_parse_all(const char *dir)
{
	htmlDocPtr	 doc;
	size_t		 i, len;
	char		*buf;

	S_pages(dir);
	ck_assert_uint_gt(npages, 0);
	xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)S_xmlerr);
	for (i = 0; i < npages; i++) {
		parse_err[0] = '\0';
		buf = S_read(pages[i], &len);
		doc = htmlReadMemory(buf, (int)len, pages[i], "UTF-8",
		    HTML_PARSE_NONET);
		ck_assert_msg(doc != NULL, "%s does not parse", pages[i]);
		ck_assert_msg(parse_err[0] == '\0', "%s", parse_err);
		xmlFreeDoc(doc);
		/* One h1, a lang, a skip link, a CSP allowing only 'self'. */
		ck_assert_msg(strstr(buf, "<h1") != NULL &&
		    strstr(strstr(buf, "<h1") + 3, "<h1") == NULL,
		    "%s: not one h1", pages[i]);
		ck_assert(strstr(buf, "<html lang=\"en\">") != NULL);
		ck_assert(strstr(buf, "href=\"#main\"") != NULL);
		ck_assert(strstr(buf, "Content-Security-Policy\" content=\""
		    "default-src 'none'; script-src 'self'; style-src "
		    "'self'") != NULL);
		/* Nothing fetched from elsewhere. */
		ck_assert_msg(strstr(buf, "src=\"http") == NULL &&
		    strstr(buf, "src=\"//") == NULL &&
		    strstr(buf, "<link rel=\"stylesheet\" href=\"http") ==
		    NULL, "%s loads an external resource", pages[i]);
		free(buf);
	}
	xmlSetStructuredErrorFunc(NULL, NULL);
}

static char	 tmpdir[256];

static void
S_tmp(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_site.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/*
 * Event id of provider prov in the site at dir: the element of
 * downloads/<prov>.json's "events" with that id (the site writes no
 * file per event).  *doc is the document, which the caller frees; the
 * event is borrowed from it.
 */
static json_t *
S_event_json(const char *dir, const char *prov, json_int_t id, json_t **doc)
{
	json_error_t	 err;
	json_t		*e;
	char		 path[1024];
	size_t		 i;

	snprintf(path, sizeof(path), "%s/downloads/%s.json", dir, prov);
	*doc = json_load_file(path, 0, &err);
	ck_assert_msg(*doc != NULL, "%s: %s", path, err.text);
	json_array_foreach(json_object_get(*doc, "events"), i, e)
		if (json_integer_value(json_object_get(e, "id")) == id)
			return e;
	ck_abort_msg("%s: no event %lld", path, (long long)id);
	return NULL;
}

/* ------------------------------------------------ the default catalog */

START_TEST(test_samples_site)
{
	struct ecat_catalog	*cat;
	struct ecat_site_stats	 st;
	struct ecat_buf		 b;
	json_t			*j, *a, *e;
	json_error_t		 err;
	char			 dir[512], path[1024], *txt, *exp;
	size_t			 len, i, sum;
	uint32_t		 p, k, nids;
	FILE			*f;

	S_tmp();
	snprintf(dir, sizeof(dir), "%s/site", tmpdir);
	cat = S_catalog(tu_src("samples"));
	ck_assert_int_eq(S_build(cat, dir, NULL, &st), 0);

	/* The interface paths. */
	snprintf(path, sizeof(path), "%s/index.html", dir);
	ck_assert(S_exists(path));
	snprintf(path, sizeof(path), "%s/search-index.js", dir);
	ck_assert(S_exists(path));
	snprintf(path, sizeof(path), "%s/assets/style.css", dir);
	ck_assert(S_exists(path));
	snprintf(path, sizeof(path), "%s/builds/WS2022-20348.4893/index.html",
	    dir);
	ck_assert(S_exists(path));
	for (p = 0, nids = 0; p < cat->nproviders; p++) {
		const struct ecat_provider *pr = cat->providers[p];
		size_t pids = 0;

		snprintf(path, sizeof(path), "%s/providers/%s/index.html", dir,
		    pr->name);
		ck_assert_msg(S_exists(path), "%s", path);
		snprintf(path, sizeof(path), "%s/downloads/%s.json", dir,
		    pr->name);
		j = json_load_file(path, 0, &err);
		ck_assert_msg(j != NULL, "%s: %s", path, err.text);
		ck_assert_str_eq(json_string_value(json_object_get(j, "name")),
		    pr->name);
		for (k = 0; k < pr->nkeys; k++) {
			if (k > 0 && pr->keys[k]->id == pr->keys[k - 1]->id)
				continue;
			nids++;
			pids++;
			snprintf(path, sizeof(path),
			    "%s/providers/%s/events/%u.html", dir, pr->name,
			    pr->keys[k]->id);
			ck_assert_msg(S_exists(path), "%s", path);
		}
		/* Every event JSON of the provider, one per event id, their
		   records' shapes the provider's. */
		ck_assert_uint_eq(json_array_size(json_object_get(j,
		    "events")), pids);
		S_shapes_in(j);
		json_decref(j);
		snprintf(path, sizeof(path), "%s/downloads/%s.tsv", dir,
		    pr->name);
		txt = S_read(path, NULL);
		ck_assert_ptr_nonnull(txt);
		ck_assert(strncmp(txt, "provider\tevent_id\tversion\t", 26) ==
		    0);
		free(txt);
	}
	S_pages(dir);
	/* Event pages, provider pages, build pages and the index. */
	ck_assert_uint_eq(npages, nids + cat->nproviders + cat->nbuilds + 1);
	ck_assert_uint_eq(st.pages, npages);

	/* downloads/catalog.json is the export, byte for byte. */
	ecat_buf_init(&b);
	snprintf(path, sizeof(path), "%s/expected.json", tmpdir);
	f = fopen(path, "w");
	ecat_export_json(cat, f);
	fclose(f);
	exp = S_read(path, &len);
	snprintf(path, sizeof(path), "%s/downloads/catalog.json", dir);
	txt = S_read(path, &i);
	ck_assert_uint_eq(i, len);
	ck_assert(memcmp(txt, exp, len) == 0);
	free(txt);
	free(exp);

	/* Event 10 of Kernel-Network: field anchors, the event JSON. */
	snprintf(path, sizeof(path), "%s/providers/Microsoft-Windows-Kernel-"
	    "Network/events/10.html", dir);
	txt = S_read(path, NULL);
	ck_assert_ptr_nonnull(strstr(txt, "<section id=\"v0\""));
	ck_assert_ptr_nonnull(strstr(txt, "<tr id=\"v0-PID\">"));
	ck_assert_ptr_nonnull(strstr(txt, "href=\"#v0-daddr\""));
	/*
	 * Merged from every source (catalog/merge.h): fields from the
	 * newest build's TSV export; the title and message from the 22H2
	 * WEPExplorer dump, the channel from the 25H2 etwlib dump, both
	 * with the same field list, each saying where it is from; the
	 * message as written, its inserts linked to the field rows.
	 */
	ck_assert_ptr_nonnull(strstr(txt, "<h1>Event 10: TCPv4: size bytes "
	    "transmitted from saddr:sport to daddr:dport.</h1>"));
	ck_assert_ptr_nonnull(strstr(txt, "<dt>Channel</dt><dd>Microsoft-"
	    "Windows-Kernel-Network/Analytic <span class=\"from\">from <a "
	    "href=\"../../../builds/Win11-25H2-26200.6901/index.html\">Win11-"
	    "25H2-26200.6901</a> (metadata dump)</span></dd>"));
	ck_assert_ptr_nonnull(strstr(txt, "<pre class=\"template\"><code>"
	    "TCPv4: <a href=\"#v0-size\" title=\"size\">%2</a> bytes "
	    "transmitted from <a href=\"#v0-saddr\" title=\"saddr\">%4</a>:"));
	ck_assert_ptr_nonnull(strstr(txt, "<p class=\"from\">From <a href=\""
	    "../../../builds/Win10-22H2-19045.2604/index.html\">Win10-22H2-"
	    "19045.2604</a> (WEPExplorer dump).</p>"));
	ck_assert_ptr_nonnull(strstr(txt, "The schema above is the TSV export "
	    "of <a href=\"../../../builds/Win11-26H1-28000/index.html\">"));
	/* Its head and foot: the search form is search.js's, the Sigma
	   licence only where rules are shown, the provider and the JSON
	   linked from where the page is. */
	ck_assert_ptr_null(strstr(txt, "<form"));
	ck_assert_ptr_null(strstr(txt, "Detection-Rule-License"));
	ck_assert_ptr_nonnull(strstr(txt, "<a href=\"../index.html\">"
	    "Microsoft-Windows-Kernel-Network</a>"));
	ck_assert_ptr_nonnull(strstr(txt, "<a href=\"../../../downloads/"
	    "Microsoft-Windows-Kernel-Network.json\" download>"));
	/* No file per event's JSON: it is in the provider's download. */
	snprintf(path, sizeof(path), "%s/providers/Microsoft-Windows-Kernel-"
	    "Network/events/10.json", dir);
	ck_assert_int_eq(access(path, F_OK), -1);
	/* GUID and defining binary, as seed 003's provenance. */
	ck_assert_ptr_nonnull(strstr(txt, "ETW provider GUID <code>"
	    "{7dd42a49-5329-4832-8dfd-43d979153a88}</code>. Defined in <code>"
	    "Microsoft-Windows-System-Events.dll</code>."));
	/* Seen live on WS2022-20348.4893: "Also via", as seed 003. */
	ck_assert_ptr_nonnull(strstr(txt,
	    "<dt>Also via</dt><dd>realtime ETW trace</dd>"));
	ck_assert_ptr_nonnull(strstr(txt, "WS2022-20348.4893</a> · schema "
	    "read from the registered manifest · binary version "
	    "10.0.20348.3932 · captured 2026-06-02 · stand-in: schema "
	    "copied from Win10-Insider-18990"));
	/* The builds of a provenance line as runs, not one line each. */
	ck_assert_ptr_nonnull(strstr(txt, "<li><a href=\"../../../builds/"
	    "Win10-1511-10586/index.html\">Win10-1511-10586</a> … <a href="
	    "\"../../../builds/Win10-21H1-19043/index.html\">Win10-21H1-"
	    "19043</a>, 11 builds, except Win10-Insider-18990; "));
	ck_assert_ptr_null(strstr(txt, "<li><a href=\"../../../builds/"
	    "Win10-1607-14393/index.html\">"));
	/* History: a row per version, a column per set of builds that
	   describe the event alike, headed by them as runs; the version's
	   manifest and TSV export differ (records, catalog/record.c), so
	   its cells number them. */
	ck_assert_ptr_nonnull(strstr(txt, "<tr><th scope=\"row\"><a href="
	    "\"#v0\">Version 0</a></th><td>manifest, schema 1</td><td>"
	    "manifest, schema 2</td><td>TSV, schema 3</td><td>manifest + TSV, "
	    "schemas 1, 3</td><td>manifest, schema 4</td><td>manifest + "
	    "sample, schema 1</td><td>manifest, schema 5</td></tr>"));
	ck_assert_ptr_nonnull(strstr(txt, "<th scope=\"col\"><a href=\"../"
	    "../../builds/Win10-1803-17134/index.html\">Win10-1803-17134</a>"
	    "</th>"));
	free(txt);
	e = S_event_json(dir, "Microsoft-Windows-Kernel-Network", 10, &j);
	/* The newest version's schema: a record of the event's, its field
	   list one of the provider document's shapes. */
	a = json_object_get(json_array_get(json_object_get(j, "shapes"),
	    (size_t)json_integer_value(json_object_get(json_array_get(
	    json_object_get(e, "records"), (size_t)json_integer_value(
	    json_object_get(json_object_get(json_array_get(json_object_get(e,
	    "versions"), 0), "schema"), "record"))), "shape"))), "fields");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a,
	    0), "name")), "PID");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a,
	    0), "in_type")), "UInt32");
	json_decref(j);

	/* SMBServer 551 v3: 14 fields, the HexInt32 Status linked. */
	snprintf(path, sizeof(path), "%s/providers/Microsoft-Windows-"
	    "SMBServer/events/551.html", dir);
	txt = S_read(path, NULL);
	ck_assert_ptr_nonnull(strstr(txt, "<tr id=\"v3-ReasonCode\">"));
	ck_assert_ptr_nonnull(strstr(txt, "href=\"#v3-Status\">Status</a>"
	    "</th><td><code>HexInt32</code>"));
	ck_assert_ptr_nonnull(strstr(txt, "NTSTATUS reference"));
	free(txt);

	/* Known values from a source with the same field list. */
	snprintf(path, sizeof(path), "%s/providers/Microsoft-Windows-"
	    "SMBServer/events/1012.html", dir);
	txt = S_read(path, NULL);
	ck_assert_ptr_nonnull(strstr(txt, "<p class=\"from\">Known values "
	    "from <a href=\"../../../builds/WS2022-20348.4893/index.html\">"
	    "WS2022-20348.4893</a> (TraceEvent rebuild).</p>"));
	ck_assert_ptr_nonnull(strstr(txt, "<td><code>2</code></td><td>Remove"
	    "</td>"));
	free(txt);
	/* The provider page lists 551 under each of its channels, as seed
	   001 does, with the title of that channel's newest version. */
	snprintf(path, sizeof(path), "%s/providers/Microsoft-Windows-"
	    "SMBServer/index.html", dir);
	txt = S_read(path, NULL);
	ck_assert_ptr_nonnull(strstr(txt, "<a href=\"events/551.html\">Smb "
	    "Session Authentication Failure</a></td><td>Microsoft-Windows-"
	    "SMBServer/Analytic</td><td>Informational (4)</td><td>0</td>"));
	ck_assert_ptr_nonnull(strstr(txt, "<a href=\"events/551.html\">SMB "
	    "Session Authentication Failure.</a></td><td>Microsoft-Windows-"
	    "SMBServer/Security</td><td>Error (2)</td><td>1, 2, 3</td>"));
	free(txt);
	/* No message: the task and opcode (seed 004). */
	snprintf(path, sizeof(path), "%s/providers/Microsoft-Windows-"
	    "Winsock-Sockets/events/1.html", dir);
	txt = S_read(path, NULL);
	ck_assert_ptr_nonnull(strstr(txt, "<h1>Event 1: SockCreateStart</h1>"));
	free(txt);

	/* The search index: columns of equal length. */
	snprintf(path, sizeof(path), "%s/search-index.js", dir);
	txt = S_read(path, &len);
	exp = strstr(txt, "etwcatIndex(JSON.parse('");
	ck_assert_ptr_nonnull(exp);
	exp += strlen("etwcatIndex(JSON.parse('");
	ck_assert_ptr_nonnull(strstr(exp, "'));\n"));
	*strstr(exp, "'));\n") = '\0';
	/* The string literal's escapes undone: \\ \' \n \r. */
	for (i = len = 0; exp[i] != '\0'; i++, len++)
		exp[len] = exp[i] != '\\' || exp[i + 1] == '\0' ? exp[i] :
		    exp[++i] == 'n' ? '\n' : exp[i] == 'r' ? '\r' : exp[i];
	exp[len] = '\0';
	j = json_loads(exp, 0, &err);
	ck_assert_msg(j != NULL, "%s", err.text);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "P")),
	    cat->nproviders);
	for (i = 0, sum = 0; i < cat->nproviders; i++)
		sum += (size_t)json_integer_value(json_array_get(
		    json_object_get(j, "n"), i));
	ck_assert_uint_eq(sum, nids);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "i")), nids);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "t")), nids);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "f")), nids);
	/* A title as its page gives it. */
	for (i = 0, sum = 0; i < json_array_size(json_object_get(j, "t")); i++)
		if (strcmp(json_string_value(json_array_get(json_object_get(j,
		    "t"), i)), "TCPv4: size bytes transmitted from saddr:sport "
		    "to daddr:dport.") == 0)
			sum++;
	ck_assert_uint_eq(sum, 1);
	json_decref(j);
	free(txt);

	S_parse_all(dir);
	ecat_buf_free(&b);
	ecat_catalog_free(cat);
	S_rmtree(tmpdir);
}
END_TEST

/* ------------------------------------------ rebuilds, failures, refusal */

START_TEST(test_rebuild_keeps_unchanged)
{
	struct ecat_catalog	*cat;
	struct ecat_site_stats	 st;
	struct stat		 a, b, c;
	char			 dir[512], page[1024], other[1024], tpl[512];
	char			 path[1024], *before, *after;
	const char *const	*n;
	static const char *const names[] = { "index", "provider", "event",
	    "build", "head", "foot", "fieldrow", "runs", NULL };

	S_tmp();
	snprintf(dir, sizeof(dir), "%s/site", tmpdir);
	cat = S_catalog(tu_src("samples"));
	ck_assert_int_eq(S_build(cat, dir, NULL, &st), 0);
	ck_assert_uint_eq(st.unchanged, 0);
	snprintf(page, sizeof(page), "%s/providers/Microsoft-Windows-"
	    "SMBClient/events/30611.html", dir);
	snprintf(other, sizeof(other), "%s/index.html", dir);
	ck_assert_int_eq(stat(page, &a), 0);
	/* A build killed midway left its folder: a dead pid's is removed. */
	{
		pid_t	 dead = fork();

		if (dead == 0)
			_exit(0);
		waitpid(dead, NULL, 0);
		snprintf(path, sizeof(path), "%s.tmp.%ld/providers", dir,
		    (long)dead);
		S_mkdirs(path);
	}
	sleep(1);
	/* Same catalog: every file kept, with its mtime and inode. */
	ck_assert_int_eq(S_build(cat, dir, NULL, &st), 0);
	ck_assert_uint_eq(st.unchanged, st.files);
	ck_assert_int_eq(stat(page, &b), 0);
	*strrchr(path, '/') = '\0';
	ck_assert_msg(!S_exists(path), "%s left", path);
	ck_assert_int_eq(a.st_mtime, b.st_mtime);
	ck_assert_int_eq(a.st_ino, b.st_ino);

	/* A template that changes only event pages: index kept. */
	snprintf(tpl, sizeof(tpl), "%s/tpl", tmpdir);
	S_mkdirs(tpl);
	for (n = names; *n != NULL; n++) {
		char	*t;

		snprintf(path, sizeof(path), "%s/%s.html",
		    tu_src("templates"), *n);
		t = S_read(path, NULL);
		snprintf(path, sizeof(path), "%s/%s.html", tpl, *n);
		if (strcmp(*n, "event") == 0) {
			char *m = ecat_asprintf("%s<!-- changed -->\n", t);

			S_write(path, m);
			free(m);
		} else
			S_write(path, t);
		free(t);
	}
	ck_assert_int_eq(stat(other, &a), 0);
	ck_assert_int_eq(S_build(cat, dir, tpl, &st), 0);
	ck_assert_int_eq(stat(other, &c), 0);
	ck_assert_int_eq(a.st_ino, c.st_ino);
	ck_assert_int_eq(stat(page, &c), 0);
	ck_assert_int_ne(b.st_ino, c.st_ino);
	ck_assert_uint_lt(st.unchanged, st.files);

	/* A broken template: -1, the previous site left as it was. */
	before = S_read(page, NULL);
	snprintf(path, sizeof(path), "%s/event.html", tpl);
	S_write(path, "{{>head}}{{#event}}{{titel}}{{/event}}{{>foot}}");
	tu_diag_reset();
	ecat_catalog_free(cat);
	cat = S_catalog(tu_src("samples"));
	ck_assert_int_eq(S_build(cat, dir, tpl, &st), -1);
	ck_assert_uint_eq(tu_diag_count_id("template-syntax"), 1);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "event.html:1:"));
	after = S_read(page, NULL);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	/* No temporary folder left beside DIR. */
	{
		DIR		*d = opendir(tmpdir);
		struct dirent	*de;

		while ((de = readdir(d)) != NULL)
			ck_assert_msg(strstr(de->d_name, ".tmp.") == NULL,
			    "left %s", de->d_name);
		closedir(d);
	}

	/* A folder that is not a site is refused, and left alone. */
	snprintf(path, sizeof(path), "%s/mine", tmpdir);
	S_mkdirs(path);
	snprintf(page, sizeof(page), "%s/mine/thesis.txt", tmpdir);
	S_write(page, "precious\n");
	ck_assert_int_eq(S_build(cat, path, NULL, &st), -1);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "holds no site written "
	    "by etwcat build"));
	before = S_read(page, NULL);
	ck_assert_str_eq(before, "precious\n");
	free(before);
	ecat_catalog_free(cat);
	S_rmtree(tmpdir);
}
END_TEST

/* ----------------------------------------------------- hostile input */

static const char hostile_xml[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<instrumentationManifest xmlns=\"http://schemas.microsoft.com/win/2004/08/events\">\n"
" <instrumentation xmlns:win=\"http://manifests.microsoft.com/win/2004/08/windows/events\">\n"
"  <events>\n"
"   <provider name=\"../&lt;script&gt;alert(&quot;p&quot;)&lt;/script&gt;'\" guid=\"{11111111-2222-3333-4444-555555555555}\" symbol=\"Evil\" resourceFileName=\"../../evil.dll\" messageFileName=\"x.dll\">\n"
"    <channels><channel name=\"Evil/&lt;img src=x onerror=alert(1)&gt;\" chid=\"c1\" type=\"Operational\" value=\"16\"/></channels>\n"
"    <tasks><task name=\"T&lt;b&gt;\" value=\"1\"/></tasks>\n"
"    <maps><valueMap name=\"EvilMap\"><map value=\"1\" message=\"$(string.m1)\"/></valueMap></maps>\n"
"    <events><event value=\"7\" version=\"0\" channel=\"c1\" level=\"win:Informational\" task=\"T&lt;b&gt;\" template=\"T1\" message=\"$(string.e7)\"/></events>\n"
"    <templates><template tid=\"T1\">\n"
"     <data name=\"&lt;script&gt;F&quot;'\" inType=\"win:UInt32\" map=\"EvilMap\"/>\n"
"     <data name=\"../x\" inType=\"win:UnicodeString\"/>\n"
"    </template></templates>\n"
"   </provider>\n"
"  </events>\n"
" </instrumentation>\n"
" <localization><resources culture=\"en-US\"><stringTable>\n"
"  <string id=\"m1\" value=\"&lt;script&gt;alert('map')&lt;/script&gt;\"/>\n"
"  <string id=\"e7\" value=\"&lt;script&gt;alert(%1)&lt;/script&gt; &quot;%2&quot; ../../etc\"/>\n"
" </stringTable></resources></localization>\n"
"</instrumentationManifest>\n";

static const char hostile_sample[] =
"[{\"system\": {\"provider\": \"../<script>alert(\\\"p\\\")</script>'\",\n"
"  \"guid\": \"{11111111-2222-3333-4444-555555555555}\", \"event_id\": 7,\n"
"  \"version\": 0, \"level\": 4,\n"
"  \"channel\": \"Evil/<img src=x onerror=alert(1)>\"},\n"
" \"event_data\": {\"<script>F\\\"'\": \"1\",\n"
"  \"../x\": \"<script>alert('v')</script>../../\"}}]\n";

static const char hostile_note[] =
"# Evil note <script>alert('note')</script>\n\n"
"<img src=x onerror=alert(2)>\n\n"
"[click](javascript:alert(3)) and [ok](https://example.org/).\n";

START_TEST(test_hostile)
{
	struct ecat_catalog	*cat;
	struct ecat_site_stats	 st;
	char			 src[512], out[512], dir[1024], path[1024];
	char			 safe[ECAT_SAFE_MAX + 1], *txt, *s, big[2048];
	size_t			 i, n;
	DIR			*d;
	struct dirent		*de;

	S_tmp();
	snprintf(src, sizeof(src), "%s/src", tmpdir);
	snprintf(path, sizeof(path), "%s/builds/Evil<b>'1/manifests", src);
	S_mkdirs(path);
	snprintf(path, sizeof(path), "%s/builds/Evil<b>'1/manifests/evil.xml",
	    src);
	S_write(path, hostile_xml);
	snprintf(path, sizeof(path), "%s/builds/Evil<b>'1/samples", src);
	S_mkdirs(path);
	snprintf(path, sizeof(path), "%s/builds/Evil<b>'1/samples/evil.json",
	    src);
	S_write(path, hostile_sample);
	/* Notes under the provider's safe name, and one unmatched. */
	ecat_safe_name(safe, "../<script>alert(\"p\")</script>'");
	ck_assert_str_eq(safe, "_._script_alert_p_script_");
	snprintf(path, sizeof(path), "%s/notes/%s", src, safe);
	S_mkdirs(path);
	snprintf(path, sizeof(path), "%s/notes/%s/index.md", src, safe);
	S_write(path, hostile_note);
	snprintf(path, sizeof(path), "%s/notes/%s/7.md", src, safe);
	S_write(path, hostile_note);
	snprintf(path, sizeof(path), "%s/notes/%s/99.md", src, safe);
	S_write(path, "no such event\n");

	snprintf(out, sizeof(out), "%s/out", tmpdir);
	S_mkdirs(out);
	snprintf(dir, sizeof(dir), "%s/site", out);
	cat = S_catalog(src);
	ck_assert_uint_eq(cat->nproviders, 1);
	ck_assert_uint_eq(tu_diag_count_id("note-unmatched"), 1);
	ck_assert_int_eq(S_build(cat, dir, NULL, &st), 0);

	/* Nothing but DIR beside DIR, nothing above it. */
	d = opendir(out);
	n = 0;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.') {
			ck_assert_str_eq(de->d_name, "site");
			n++;
		}
	closedir(d);
	ck_assert_uint_eq(n, 1);
	d = opendir(tmpdir);
	while ((de = readdir(d)) != NULL)
		ck_assert_msg(de->d_name[0] == '.' ||
		    strcmp(de->d_name, "src") == 0 ||
		    strcmp(de->d_name, "out") == 0, "%s", de->d_name);
	closedir(d);

	snprintf(big, sizeof(big), "%s/providers/%s/events/7.html", dir,
	    safe);
	ck_assert_msg(S_exists(big), "%s", big);
	txt = S_read(big, NULL);
	/* Escaped wherever it shows: name, field, map, message, sample. */
	ck_assert_ptr_nonnull(strstr(txt, "../&lt;script&gt;alert(&quot;p"
	    "&quot;)&lt;/script&gt;&#39;"));
	ck_assert_ptr_nonnull(strstr(txt, "&lt;script&gt;F&quot;&#39;"));
	ck_assert_ptr_nonnull(strstr(txt,
	    "&lt;script&gt;alert(&#39;map&#39;)&lt;/script&gt;"));
	/* The message as written, its inserts linked to the fields. */
	ck_assert_ptr_nonnull(strstr(txt, "<code>&lt;script&gt;alert(<a href="
	    "\"#v0-_script_F_\" title=\"&lt;script&gt;F&quot;&#39;\">%1</a>)"
	    "&lt;/script&gt; &quot;<a href=\"#v0-_._x\" title=\"../x\">%2"
	    "</a>&quot; ../../etc</code>"));
	ck_assert_ptr_nonnull(strstr(txt, "Evil/&lt;img src=x"));
	/* The example, when the validator kept one. */
	ck_assert_ptr_nonnull(cat->providers[0]->keys[0]->example);
	ck_assert_ptr_nonnull(strstr(txt,
	    "&lt;script&gt;alert(&#39;v&#39;)&lt;/script&gt;"));
	/* The note: cmark's safe mode, headings moved down. */
	ck_assert_ptr_nonnull(strstr(txt, "<h3>Evil note "));
	ck_assert_ptr_null(strstr(txt, "javascript:"));
	ck_assert_ptr_nonnull(strstr(txt, "href=\"https://example.org/\""));
	free(txt);

	/* No page holds markup from the input, only escaped text. */
	S_pages(dir);
	for (i = 0; i < npages; i++) {
		txt = S_read(pages[i], NULL);
		ck_assert_msg(strstr(txt, "<script>") == NULL, "%s",
		    pages[i]);
		/* Only our own script element. */
		for (s = txt, n = 0; (s = strstr(s, "<script")) != NULL; s++)
			n++;
		ck_assert_msg(n == 1, "%s: %zu script elements", pages[i], n);
		ck_assert_msg(strstr(txt, "<img") == NULL, "%s", pages[i]);
		free(txt);
	}
	S_parse_all(dir);
	ecat_catalog_free(cat);
	S_rmtree(tmpdir);
}
END_TEST

/* A changed catalog: catalog.json written again, equal to the export. */
START_TEST(test_catalog_json_changes)
{
	struct ecat_catalog	*small, *big;
	struct ecat_site_stats	 st;
	char			 dir[512], path[1024], *a, *b;
	size_t			 la, lb;
	FILE			*f;

	S_tmp();
	snprintf(dir, sizeof(dir), "%s/site", tmpdir);
	big = S_catalog(tu_src("samples"));
	small = S_catalog(tu_src("samples/builds/Win11-26200.6584"));
	ck_assert_int_eq(S_build(big, dir, NULL, &st), 0);
	ck_assert_int_eq(S_build(small, dir, NULL, &st), 0);
	ck_assert_int_eq(S_build(big, dir, NULL, &st), 0);
	snprintf(path, sizeof(path), "%s/expected.json", tmpdir);
	f = fopen(path, "w");
	ecat_export_json(big, f);
	fclose(f);
	a = S_read(path, &la);
	snprintf(path, sizeof(path), "%s/downloads/catalog.json", dir);
	b = S_read(path, &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(memcmp(a, b, la) == 0);
	free(a);
	free(b);
	/* The small site's provider is gone with its pages. */
	ck_assert_int_eq(S_build(small, dir, NULL, &st), 0);
	snprintf(path, sizeof(path), "%s/providers/Microsoft-Windows-"
	    "SMBClient/index.html", dir);
	ck_assert(!S_exists(path));
	ecat_catalog_free(small);
	ecat_catalog_free(big);
	S_rmtree(tmpdir);
}
END_TEST

/* Field details: maps, lengths, counts, structs, error outTypes. */
static const char details_xml[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<instrumentationManifest xmlns=\"http://schemas.microsoft.com/win/2004/08/events\">\n"
" <instrumentation xmlns:win=\"http://manifests.microsoft.com/win/2004/08/windows/events\">\n"
"  <events>\n"
"   <provider name=\"Test-Details\" guid=\"{22222222-2222-3333-4444-555555555555}\" symbol=\"TD\" resourceFileName=\"td.dll\" messageFileName=\"td.dll\">\n"
"    <maps>\n"
"     <valueMap name=\"KindMap\"><map value=\"1\" message=\"$(string.k1)\"/><map value=\"2\" message=\"$(string.k2)\"/></valueMap>\n"
"     <bitMap name=\"FlagMap\"><map value=\"0x1\" message=\"$(string.f1)\"/><map value=\"0x4\" message=\"$(string.f4)\"/></bitMap>\n"
"    </maps>\n"
"    <events><event value=\"5\" version=\"1\" level=\"win:Error\" template=\"T\" message=\"$(string.e5)\"/></events>\n"
"    <templates><template tid=\"T\">\n"
"     <data name=\"Kind\" inType=\"win:UInt32\" map=\"KindMap\"/>\n"
"     <data name=\"Flags\" inType=\"win:UInt32\" outType=\"win:HexInt32\" map=\"FlagMap\"/>\n"
"     <data name=\"Status\" inType=\"win:UInt32\" outType=\"win:NTSTATUS\"/>\n"
"     <data name=\"Error\" inType=\"win:UInt32\" outType=\"win:Win32Error\"/>\n"
"     <data name=\"Result\" inType=\"win:Int32\" outType=\"win:HResult\"/>\n"
"     <data name=\"DataLength\" inType=\"win:UInt16\"/>\n"
"     <data name=\"Data\" inType=\"win:Binary\" length=\"DataLength\"/>\n"
"     <data name=\"Count\" inType=\"win:UInt32\"/>\n"
"     <struct name=\"Items\" count=\"Count\">\n"
"      <data name=\"Id\" inType=\"win:UInt32\"/>\n"
"      <data name=\"Name\" inType=\"win:UnicodeString\"/>\n"
"     </struct>\n"
"    </template></templates>\n"
"   </provider>\n"
"  </events>\n"
" </instrumentation>\n"
" <localization><resources culture=\"en-US\"><stringTable>\n"
"  <string id=\"k1\" value=\"First kind\"/><string id=\"k2\" value=\"Second kind\"/>\n"
"  <string id=\"f1\" value=\"Flag one\"/><string id=\"f4\" value=\"Flag four\"/>\n"
"  <string id=\"e5\" value=\"Kind %1 failed with %3.%nSecond line %8.\"/>\n"
" </stringTable></resources></localization>\n"
"</instrumentationManifest>\n";

/*
 * The event JSON of Test-Details 5 (in its provider download) against the export of the same
 * catalog: one writer, so every member of the export's record (but
 * "shape" and "maps", written out instead) is in the document's record
 * with the same value, its fields are the shape's, its maps the
 * export's maps it names, and the version's records, samples and
 * history the key's (the record index the document's own).
 */
static void
S_same_json(struct ecat_catalog *cat, const char *dir)
{
	json_t		*ev, *ex, *ver, *xrec, *xprov, *xsch, *shape, *v;
	json_t		*rec, *m, *xr, *dr, *doc;
	json_error_t	 err;
	const char	*key;
	char		 path[1024];
	size_t		 i;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/export.json", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ecat_export_json(cat, f), 0);
	fclose(f);
	ex = json_load_file(path, 0, &err);
	ck_assert_msg(ex != NULL, "%s", err.text);
	ev = S_event_json(dir, "Test-Details", 5, &doc);

	ck_assert_uint_eq(json_array_size(json_object_get(ev, "versions")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(ev, "records")), 1);
	ver = json_array_get(json_object_get(ev, "versions"), 0);
	rec = json_array_get(json_object_get(ev, "records"), 0);
	xprov = json_array_get(json_object_get(ex, "providers"), 0);
	xsch = json_array_get(json_object_get(xprov, "schemas"), 0);
	/* The schema's first [record, line]. */
	xrec = json_array_get(json_object_get(ex, "records"),
	    (size_t)json_integer_value(json_array_get(json_array_get(
	    json_object_get(xsch, "events"), 0), 0)));
	ck_assert_ptr_nonnull(xrec);
	json_object_foreach(xrec, key, v) {
		if (strcmp(key, "shape") == 0 || strcmp(key, "maps") == 0)
			continue;
		ck_assert_msg(json_equal(json_object_get(rec, key), v),
		    "member %s differs from the export's", key);
	}
	/* The record's shape: the provider document's own first, equal to
	   the export's but for its index. */
	ck_assert_int_eq(json_integer_value(json_object_get(rec, "shape")), 0);
	ck_assert_ptr_null(json_object_get(rec, "fields"));
	shape = json_array_get(json_object_get(ex, "shapes"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(shape, "id")),
	    json_integer_value(json_object_get(xrec, "shape")));
	v = json_array_get(json_object_get(doc, "shapes"), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(v, "fields")), 9);
	ck_assert(json_equal(json_object_get(v, "fields"),
	    json_object_get(shape, "fields")));
	ck_assert_uint_eq(json_array_size(json_object_get(rec, "maps")), 2);
	json_array_foreach(json_object_get(xrec, "maps"), i, m)
		ck_assert(json_equal(json_array_get(json_object_get(rec,
		    "maps"), i), json_array_get(json_object_get(ex, "maps"),
		    (size_t)json_integer_value(m))));
	v = json_array_get(json_object_get(xprov, "events"), 0);
	ck_assert(json_equal(json_object_get(ver, "samples"),
	    json_object_get(v, "samples")));
	ck_assert(json_equal(json_object_get(ver, "history"),
	    json_object_get(v, "history")));
	ck_assert_uint_eq(json_array_size(json_object_get(ver, "records")), 1);
	xr = json_array_get(json_object_get(v, "records"), 0);
	dr = json_array_get(json_object_get(ver, "records"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(dr, "record")), 0);
	ck_assert(json_equal(json_object_get(dr, "source"),
	    json_object_get(xr, "source")));
	ck_assert(json_equal(json_object_get(dr, "builds"),
	    json_object_get(xr, "builds")));
	/* The schema shown: the key's one occurrence, its file and line. */
	v = json_object_get(ver, "schema");
	ck_assert(json_equal(json_object_get(v, "build"),
	    json_object_get(xsch, "build")));
	ck_assert(json_equal(json_object_get(v, "file"),
	    json_object_get(xsch, "file")));
	ck_assert(json_equal(json_object_get(v, "line"), json_array_get(
	    json_array_get(json_object_get(xsch, "events"), 0), 1)));
	ck_assert_int_eq(json_integer_value(json_object_get(v, "record")), 0);
	json_decref(doc);
	json_decref(ex);
}

START_TEST(test_field_details)
{
	struct ecat_catalog	*cat;
	struct ecat_site_stats	 st;
	char			 src[512], dir[512], path[1024], *t;

	S_tmp();
	snprintf(src, sizeof(src), "%s/src/builds/B-1/manifests", tmpdir);
	S_mkdirs(src);
	snprintf(path, sizeof(path), "%s/td.xml", src);
	S_write(path, details_xml);
	snprintf(src, sizeof(src), "%s/src", tmpdir);
	snprintf(dir, sizeof(dir), "%s/site", tmpdir);
	cat = S_catalog(src);
	ck_assert_int_eq(S_build(cat, dir, NULL, &st), 0);
	snprintf(path, sizeof(path), "%s/providers/Test-Details/events/5.html",
	    dir);
	t = S_read(path, NULL);
	ck_assert_ptr_nonnull(t);
	/* Title and description: the first sentence, inserts named; the
	   message as written, %n a line break, each insert linked to its
	   field's row (render/title.h). */
	ck_assert_ptr_nonnull(strstr(t, "<h1>Event 5: Kind Kind failed with "
	    "Status.</h1>"));
	ck_assert_ptr_nonnull(strstr(t, "<p class=\"message\">Kind Kind failed "
	    "with Status.</p>"));
	ck_assert_ptr_nonnull(strstr(t, "<pre class=\"template\"><code>Kind "
	    "<a href=\"#v1-Kind\" title=\"Kind\">%1</a> failed with <a href="
	    "\"#v1-Status\" title=\"Status\">%3</a>.\nSecond line <a href="
	    "\"#v1-Count\" title=\"Count\">%8</a>.</code></pre>"));
	ck_assert_ptr_nonnull(strstr(t, "<tr id=\"v1-Count\">"));
	/* Known values, value map and bit map. */
	ck_assert_ptr_nonnull(strstr(t, "<td><code>2</code></td><td>Second "
	    "kind</td>"));
	ck_assert_ptr_nonnull(strstr(t, "<td><code>0x4</code></td><td>Flag "
	    "four</td>"));
	ck_assert_ptr_nonnull(strstr(t, "bit map <code>FlagMap</code>"));
	/* outType shown where not the default; error references. */
	ck_assert_ptr_nonnull(strstr(t, "as <code>HexInt32</code>"));
	ck_assert_ptr_nonnull(strstr(t, ">NTSTATUS reference</a>"));
	ck_assert_ptr_nonnull(strstr(t, ">Win32 error code reference</a>"));
	ck_assert_ptr_nonnull(strstr(t, ">HRESULT reference</a>"));
	/* Which field sizes which. */
	ck_assert_ptr_nonnull(strstr(t, "Holds the length of Data"));
	ck_assert_ptr_nonnull(strstr(t, "length given by DataLength"));
	ck_assert_ptr_nonnull(strstr(t, "Holds the count of Items"));
	ck_assert_ptr_nonnull(strstr(t, "count given by Count"));
	/* Struct members, each with its own anchor. */
	ck_assert_ptr_nonnull(strstr(t, "<tr id=\"v1-Items-Name\" "
	    "class=\"member\">"));
	free(t);
	S_parse_all(dir);
	S_same_json(cat, dir);
	ecat_catalog_free(cat);
	S_rmtree(tmpdir);
}
END_TEST

START_TEST(test_notes_render)
{
	char	*h;

	h = ecat_notes_html(hostile_note, strlen(hostile_note));
	/* Raw HTML dropped, javascript: link emptied, h1 made h3. */
	ck_assert_ptr_null(strstr(h, "<script"));
	ck_assert_ptr_null(strstr(h, "<img"));
	ck_assert_ptr_null(strstr(h, "javascript:"));
	ck_assert_ptr_nonnull(strstr(h, "<h3>"));
	ck_assert_ptr_nonnull(strstr(h, "<a href=\"https://example.org/\">"));
	free(h);
}
END_TEST

START_TEST(test_base_url)
{
	struct ecat_catalog	*cat;
	struct ecat_site_opts	*o;
	char			 dir[512], path[1024], *txt;

	S_tmp();
	snprintf(dir, sizeof(dir), "%s/site", tmpdir);
	cat = S_catalog(tu_src("samples/builds/Win11-26200.6584"));
	o = ecat_site_opts_new();
	ecat_site_opts_set_dir(o, dir);
	ecat_site_opts_set_templates(o, tu_src("templates"));
	/* The setter drops the trailing '/', as etwcat build did. */
	ecat_site_opts_set_base_url(o, "https://etw.example.org/catalog/");
	ecat_site_opts_set_jobs(o, 1);
	ck_assert_int_eq(ecat_site_build(cat, o), 0);
	ecat_site_opts_free(o);
	snprintf(path, sizeof(path), "%s/providers/Microsoft-Windows-Hyper-V-"
	    "VSmb/events/301.html", dir);
	txt = S_read(path, NULL);
	ck_assert_ptr_nonnull(strstr(txt, "<link rel=\"canonical\" href=\""
	    "https://etw.example.org/catalog/providers/Microsoft-Windows-"
	    "Hyper-V-VSmb/events/301.html\">"));
	/* Seed 000's title of event 301, from the transcribed message. */
	ck_assert_ptr_nonnull(strstr(txt, "<h1>Event 301: "));
	free(txt);
	ecat_catalog_free(cat);
	S_rmtree(tmpdir);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("site");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 nf;

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_samples_site);
	tcase_add_test(tc, test_rebuild_keeps_unchanged);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_catalog_json_changes);
	tcase_add_test(tc, test_field_details);
	tcase_add_test(tc, test_notes_render);
	tcase_add_test(tc, test_base_url);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
