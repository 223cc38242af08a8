/*
 * check_xmltree.c: the manifest loader's own tree (catalog/xmltree.c)
 * against libxml2's (ecat_xml_parse) on real manifests of ../shared:
 * the same elements in the same order, with the same names,
 * namespaces, namespace declarations, lines and attribute values; the
 * attribute values libxml2 rewrites ("&amp;" read as "&"); and the
 * documents it leaves to libxml2 (a namespace error, a WEPExplorer
 * dump), which then keep their text.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "testutil.h"
#include "io.h"
#include "xml.h"

#define EV	"http://schemas.microsoft.com/win/2004/08/events"

static int
S_same_str(const xmlChar *a, const xmlChar *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL &&
	    strcmp((const char *)a, (const char *)b) == 0);
}

/* The next element at or after n. */
static const xmlNode *
S_el(const xmlNode *n)
{
	while (n != NULL && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

/* Compare libxml2's element x with ours, y, and below; the number of
   elements compared. */
static size_t
S_cmp(xmlDocPtr dx, const xmlNode *x, xmlDocPtr dy, const xmlNode *y,
    const char *file)
{
	const xmlNs	*nx, *ny;
	const xmlAttr	*ax, *ay;
	xmlChar		*vx, *vy;
	size_t		 n = 1;

	ck_assert_msg(S_same_str(x->name, y->name), "%s: <%s> against <%s>",
	    file, x->name, y->name);
	ck_assert_msg(xmlGetLineNo(x) == xmlGetLineNo(y),
	    "%s: <%s> at line %ld against %ld", file, x->name,
	    xmlGetLineNo(x), xmlGetLineNo(y));
	ck_assert_int_eq(x->ns == NULL, y->ns == NULL);
	if (x->ns != NULL)
		ck_assert(S_same_str(x->ns->href, y->ns->href) &&
		    S_same_str(x->ns->prefix, y->ns->prefix));
	for (nx = x->nsDef, ny = y->nsDef; nx != NULL && ny != NULL;
	    nx = nx->next, ny = ny->next)
		ck_assert(S_same_str(nx->href, ny->href) &&
		    S_same_str(nx->prefix, ny->prefix));
	ck_assert(nx == NULL && ny == NULL);
	for (ax = x->properties, ay = y->properties; ax != NULL && ay != NULL;
	    ax = ax->next, ay = ay->next) {
		ck_assert(S_same_str(ax->name, ay->name));
		ck_assert_int_eq(ax->ns == NULL, ay->ns == NULL);
		vx = xmlNodeListGetString(dx, ax->children, 1);
		vy = xmlNodeListGetString(dy, ay->children, 1);
		ck_assert_msg(S_same_str(vx, vy), "%s:%ld: %s=\"%s\" against "
		    "\"%s\"", file, xmlGetLineNo(x), ax->name, vx, vy);
		/* The loader reads a single text child (xld_attr). */
		ck_assert(ay->children != NULL &&
		    ay->children->next == NULL &&
		    ay->children->type == XML_TEXT_NODE);
		xmlFree(vx);
		xmlFree(vy);
	}
	ck_assert(ax == NULL && ay == NULL);
	/* (A document left to libxml2 has its text on both sides.) */
	for (x = S_el(x->children), y = S_el(y->children);
	    x != NULL && y != NULL; x = S_el(x->next), y = S_el(y->next))
		n += S_cmp(dx, x, dy, y, file);
	ck_assert_msg(x == NULL && y == NULL, "%s: <%s> against <%s>",
	    file, x != NULL ? (const char *)x->name : "(end)",
	    y != NULL ? (const char *)y->name : "(end)");
	return n;
}

/* Both parses of buf; the number of elements compared. */
static size_t
S_both(const char *buf, size_t len, const char *file)
{
	struct ecat_xml_ps	 px, py;
	xmlDocPtr		 dx, dy;
	size_t			 n;

	dx = ecat_xml_parse(buf, len, 0, &px);
	dy = ecat_xml_parse_tree(buf, len, &py);
	ck_assert_int_eq(dx == NULL, dy == NULL);
	ck_assert_int_eq(px.nerr, py.nerr);
	ck_assert_int_eq(px.nns, py.nns);
	ck_assert_int_eq(px.dtd, py.dtd);
	if (dx == NULL)
		return 0;
	n = S_cmp(dx, xmlDocGetRootElement(dx), dy, xmlDocGetRootElement(dy),
	    file);
	xmlFreeDoc(dx);
	ecat_xml_free(dy);
	return n;
}

START_TEST(test_corpus)
{
	static const char *const dirs[] = {
		"../shared/corpus/manifests/lilhoser/Win11-24H2-26100.6899",
		"../shared/corpus/manifests/repnz/Win10-Insider-18990",
		"../shared/corpus/manifests/repnz-full/Win10-1803-17134",
		"../shared/corpus/manifests/microsoft-tx",
	};
	struct dirent	*de;
	DIR		*d;
	char		 path[1024], *buf;
	size_t		 len, nel = 0, nfile = 0, i;
	int		 fd;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		ck_assert_ptr_nonnull(d = opendir(dirs[i]));
		while ((de = readdir(d)) != NULL) {
			if (!ecat_hassuffix(de->d_name, ".xml") &&
			    !ecat_hassuffix(de->d_name, ".man"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[i],
			    de->d_name);
			ck_assert_int_ne(fd = open(path, O_RDONLY), -1);
			ck_assert_ptr_nonnull(buf = ecat_read_fd(fd, 0,
			    ECAT_MAX_FILE, &len));
			close(fd);
			nel += S_both(buf, len, path);
			nfile++;
			free(buf);
		}
		closedir(d);
	}
	ck_assert_uint_ge(nfile, 900);
	ck_assert_uint_ge(nel, 400000);
}
END_TEST

/* Values the parser hands rewritten: "&amp;" and "&#38;" come as
   "&#38;", which libxml2's tree reads as "&". */
START_TEST(test_values)
{
	static const char doc[] =
	    "<instrumentationManifest xmlns=\"" EV "\"\n"
	    " xmlns:win=\"urn:w\">\n"
	    "<a v=\"x&amp;y&#38;z&lt;&amp;lt;&amp;#38;\" w=\"plain\"\n"
	    " e=\"\" t=\"a\tb\n c\" win:q=\"1\" xml:lang=\"en\"/>text\n"
	    "</instrumentationManifest>\n";
	struct ecat_xml_ps	 ps;
	xmlDocPtr		 d;
	const xmlNode		*a;

	ck_assert_uint_eq(S_both(doc, sizeof(doc) - 1, "values"), 2);
	ck_assert_ptr_nonnull(d = ecat_xml_parse_tree(doc, sizeof(doc) - 1,
	    &ps));
	a = xmlDocGetRootElement(d)->children;
	ck_assert_str_eq((const char *)a->properties->children->content,
	    "x&y&z<&lt;&#38;");
	ck_assert_str_eq((const char *)a->properties->next->next->next->
	    children->content, "a b  c");
	/* Built here (no text), not left to libxml2. */
	ck_assert_ptr_null(a->next);
	/* The line where the start tag ends, as libxml2 counts. */
	ck_assert_uint_eq(xmlGetLineNo(a), 5);
	ecat_xml_free(d);
}
END_TEST

/* What the builder leaves to libxml2 comes back with its text. */
START_TEST(test_left_to_libxml2)
{
	static const char nserr[] =
	    "<instrumentationManifest xmlns=\"" EV "\">"
	    "<p:b/>text</instrumentationManifest>";
	static const char wep[] = "<Providers><Name>text</Name></Providers>";
	static const char plain[] =
	    "<instrumentationManifest xmlns=\"" EV "\">"
	    "<b/>text</instrumentationManifest>";
	struct ecat_xml_ps	 ps;
	xmlDocPtr		 d;
	xmlChar			*s;

	ck_assert_ptr_nonnull(d = ecat_xml_parse_tree(nserr,
	    sizeof(nserr) - 1, &ps));
	ck_assert_uint_eq(ps.nns, 1);
	s = xmlNodeGetContent(xmlDocGetRootElement(d));
	ck_assert_str_eq((const char *)s, "text");
	xmlFree(s);
	ecat_xml_free(d);

	ck_assert_ptr_nonnull(d = ecat_xml_parse_tree(wep, sizeof(wep) - 1,
	    &ps));
	s = xmlNodeGetContent(xmlDocGetRootElement(d));
	ck_assert_str_eq((const char *)s, "text");
	xmlFree(s);
	ecat_xml_free(d);

	/* A manifest is built here: no text. */
	ck_assert_ptr_nonnull(d = ecat_xml_parse_tree(plain,
	    sizeof(plain) - 1, &ps));
	ck_assert_ptr_null(xmlDocGetRootElement(d)->children->next);
	ecat_xml_free(d);

	/* Not well-formed: NULL, and the error libxml2 gave. */
	ck_assert_ptr_null(ecat_xml_parse_tree(plain, sizeof(plain) - 3,
	    &ps));
	ck_assert_uint_ge(ps.nerr, 1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("xmltree");
	TCase	*tc = tcase_create("xmltree");

	tcase_add_test(tc, test_corpus);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_left_to_libxml2);
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
