/*
 * check_template.c: the template engine (render/template.c) and the
 * HTML helpers (render/html.c): escaping of every variable, raw output
 * only for HTML names, sections, inverted sections, partials and their
 * recursion limit, standalone lines, the errors a maintainer sees, and
 * the unsafe-name rule with names from the real corpus.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "html.h"
#include "template.h"
#include "testutil.h"

enum { T_NAME, T_NOTE, T_ITEMS, T_FLAG, T_EMPTY, T_NUM, T_TEXTNOTE, T_SUB };

static const struct tpl_vocab voc[] = {
	{ "name", T_NAME, 0 },
	{ "note", T_NOTE, TPL_VOCAB_HTML },
	{ "items", T_ITEMS, 0 },
	{ "flag", T_FLAG, 0 },
	{ "empty", T_EMPTY, 0 },
	{ "num", T_NUM, 0 },
	{ "textnote", T_TEXTNOTE, TPL_VOCAB_HTML },
	{ "sub", T_SUB, 0 },
};

/* A test object: a name, some HTML, a list of children, a flag. */
struct tobj {
	const char	*name;
	const char	*note;
	struct tobj	*items;
	size_t		 nitems;
	int		 flag;
	int64_t		 num;
	struct tobj	*sub;
};

static const struct tpl_class tcls;

static const void *
S_item(const void *list, size_t i, void *ud)
{
	(void)ud;
	return &((const struct tobj *)list)[i];
}

static void
S_get(const void *obj, int id, struct tpl_val *v, char *scratch, void *ud)
{
	const struct tobj	*o = obj;

	(void)scratch;
	(void)ud;
	switch (id) {
	case T_NAME:
		if (o->name != NULL) {
			v->kind = TPL_STR;
			v->s = o->name;
			v->len = TPL_STRLEN;
		}
		break;
	case T_NOTE:
		if (o->note != NULL) {
			v->kind = TPL_HTML;
			v->s = o->note;
			v->len = TPL_STRLEN;
		}
		break;
	case T_TEXTNOTE:
		/* An HTML name whose value is text: still escaped. */
		if (o->note != NULL) {
			v->kind = TPL_STR;
			v->s = o->note;
			v->len = TPL_STRLEN;
		}
		break;
	case T_ITEMS:
		if (o->items != NULL) {
			v->kind = TPL_LIST;
			v->cls = &tcls;
			v->obj = o->items;
			v->n = o->nitems;
		}
		break;
	case T_FLAG:
		v->kind = o->flag ? TPL_TRUE : TPL_FALSE;
		break;
	case T_EMPTY:
		v->kind = TPL_LIST;
		v->cls = &tcls;
		v->obj = NULL;
		v->n = 0;
		break;
	case T_NUM:
		v->kind = TPL_INT;
		v->i = o->num;
		break;
	case T_SUB:
		if (o->sub != NULL) {
			v->kind = TPL_OBJ;
			v->cls = &tcls;
			v->obj = o->sub;
		}
		break;
	}
}

static const struct tpl_class tcls = { S_get, S_item };

/* Render text with obj; returns a static copy of the output. */
static const char *
S_run(struct tpl_set *set, const char *text, const struct tobj *obj)
{
	static char		*last;
	const struct tpl	*t;
	struct ecat_buf		 b;

	free(last);
	last = NULL;
	if ((t = tpl_add(set, "t", text, strlen(text))) == NULL)
		return NULL;
	ecat_buf_init(&b);
	tpl_render(t, &b, &tcls, obj, NULL);
	last = ecat_strdup(b.buf != NULL ? b.buf : "");
	ecat_buf_free(&b);
	return last;
}

static struct tpl_set *
S_set(void)
{
	return tpl_set_new(NULL, voc, sizeof(voc) / sizeof(*voc), tu_diag());
}

START_TEST(test_escape_every_variable)
{
	struct tpl_set	*set = S_set();
	struct tobj	 o;
	const char	*r;

	memset(&o, 0, sizeof(o));
	/* A hostile provider name: markup, quotes, "../". */
	o.name = "<script>alert(\"x\")</script> & '../'";
	r = S_run(set, "<p title=\"{{name}}\">{{name}}</p>", &o);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r, "<p title=\"&lt;script&gt;alert(&quot;x&quot;)"
	    "&lt;/script&gt; &amp; &#39;../&#39;\">&lt;script&gt;alert("
	    "&quot;x&quot;)&lt;/script&gt; &amp; &#39;../&#39;</p>");
	/* Invalid UTF-8 becomes U+FFFD, controls go, CR is a line end. */
	o.name = "a\xff" "b\x01" "c\r" "d\xc3\xa9";
	r = S_run(set, "{{name}}", &o);
	ck_assert_str_eq(r, "a\xef\xbf\xbd" "bc\nd\xc3\xa9");
	/* An HTML value in an escaping tag is shown as text. */
	o.note = "<b>x</b>";
	r = S_run(set, "{{note}}|{{{note}}}|{{& note}}", &o);
	ck_assert_str_eq(r, "&lt;b&gt;x&lt;/b&gt;|<b>x</b>|<b>x</b>");
	/* A raw tag whose value is text (not etwcat's HTML): escaped. */
	r = S_run(set, "{{{textnote}}}", &o);
	ck_assert_str_eq(r, "&lt;b&gt;x&lt;/b&gt;");
	tpl_set_free(set);
}
END_TEST

START_TEST(test_raw_text_refused)
{
	struct tpl_set	*set = S_set();

	/* name is text: a template cannot write it raw. */
	ck_assert_ptr_null(tpl_add(set, "bad", "line one\n{{{name}}}", 19));
	ck_assert_uint_eq(tu_diag_count_id("template-syntax"), 1);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "bad.html:2:1: error: "));
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "'name' is text"));
	tpl_set_free(set);
}
END_TEST

START_TEST(test_sections)
{
	struct tpl_set	*set = S_set();
	struct tobj	 o, it[3], sub;
	const char	*r;

	memset(&o, 0, sizeof(o));
	memset(it, 0, sizeof(it));
	memset(&sub, 0, sizeof(sub));
	o.name = "outer";
	o.items = it;
	o.nitems = 3;
	it[0].name = "a";
	it[1].name = "b";
	/* it[2] has no name: the lookup goes out to o. */
	o.flag = 1;
	o.num = 0;
	r = S_run(set, "{{#items}}[{{name}}]{{/items}}", &o);
	ck_assert_str_eq(r, "[a][b][outer]");
	r = S_run(set, "{{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}", &o);
	ck_assert_str_eq(r, "yes");
	o.flag = 0;
	r = S_run(set, "{{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}", &o);
	ck_assert_str_eq(r, "no");
	/* An empty list is false; an int (0 too) is a value. */
	r = S_run(set, "{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}"
	    "{{#num}}<{{num}}>{{/num}}", &o);
	ck_assert_str_eq(r, "none<0>");
	/* An object section pushes it; missing names fall through. */
	sub.name = "inner";
	o.sub = &sub;
	r = S_run(set, "{{#sub}}{{name}}{{#flag}}!{{/flag}}{{/sub}}", &o);
	ck_assert_str_eq(r, "inner");
	o.sub = NULL;
	r = S_run(set, "{{#sub}}{{name}}{{/sub}}{{^sub}}-{{/sub}}", &o);
	ck_assert_str_eq(r, "-");
	/* Comments leave nothing; standalone tags take their line. */
	r = S_run(set, "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n"
	    "  {{/items}}\n  {{! a comment }}\n</ul>\n", &o);
	ck_assert_str_eq(r, "<ul>\n  <li>a</li>\n  <li>b</li>\n"
	    "  <li>outer</li>\n</ul>\n");
	tpl_set_free(set);
}
END_TEST

START_TEST(test_partials)
{
	struct tpl_set		*set = S_set();
	struct tobj		 o, it[2];
	const struct tpl	*t;
	struct ecat_buf		 b;

	memset(&o, 0, sizeof(o));
	memset(it, 0, sizeof(it));
	o.name = "top";
	o.items = it;
	o.nitems = 2;
	it[0].name = "x<";
	it[1].name = "y";
	ck_assert_ptr_nonnull(tpl_add(set, "row", "<{{name}}>", 10));
	t = tpl_add(set, "page", "{{#items}}{{>row}}{{/items}}", 28);
	ck_assert_ptr_nonnull(t);
	ecat_buf_init(&b);
	tpl_render(t, &b, &tcls, &o, NULL);
	ck_assert_str_eq(b.buf, "<x&lt;><y>");
	ecat_buf_reset(&b);
	ck_assert_int_eq(tpl_render(t, &b, &tcls, &o, NULL), 0);
	/* A partial that includes itself stops at the depth limit, and
	   says so. */
	t = tpl_add(set, "loop", "a{{>loop}}", 10);
	ck_assert_ptr_nonnull(t);
	ecat_buf_reset(&b);
	ck_assert_int_eq(tpl_render(t, &b, &tcls, &o, NULL), -1);
	ck_assert_uint_eq(b.len, 64);
	/* A partial name cannot leave the templates folder. */
	ck_assert_ptr_null(tpl_add(set, "evil", "{{>../etc/passwd}}", 18));
	ck_assert_uint_eq(tu_diag_count_id("template-syntax"), 1);
	ecat_buf_free(&b);
	tpl_set_free(set);
}
END_TEST

/*
 * The render limits of template.h: exponential work stops with -1
 * instead of running for ever (2^64 visits) or filling memory, and the
 * output is cut at TPL_MAXOUT.
 */
START_TEST(test_render_limits)
{
	struct tpl_set		*set = S_set();
	struct tobj		 o, *it;
	const struct tpl	*t;
	struct ecat_buf		 b;
	char			*big;
	size_t			 i;

	memset(&o, 0, sizeof(o));
	ecat_buf_init(&b);
	/* Steps: a partial including itself twice, no output to speak of. */
	t = tpl_add(set, "twice", "{{>twice}}{{>twice}}", 20);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(tpl_render(t, &b, &tcls, &o, NULL), -1);
	ck_assert_uint_eq(b.len, 0);
	/* Output: 1,000 x 1,000 items of 100 kB would be 100 GB. */
	big = ecat_malloc(100 * 1000 + 1);
	memset(big, 'x', 100 * 1000);
	big[100 * 1000] = '\0';
	it = ecat_calloc(1000, sizeof(*it));
	for (i = 0; i < 1000; i++) {
		it[i].name = big;
		it[i].items = it;
		it[i].nitems = 1000;
	}
	o.items = it;
	o.nitems = 1000;
	t = tpl_add(set, "wide", "{{#items}}{{#items}}{{name}}{{/items}}"
	    "{{/items}}", 48);
	ck_assert_ptr_nonnull(t);
	ecat_buf_puts(&b, "kept");
	ck_assert_int_eq(tpl_render(t, &b, &tcls, &o, NULL), -1);
	ck_assert_uint_eq(b.len, 4 + TPL_MAXOUT);
	ck_assert_int_eq(memcmp(b.buf, "keptxxx", 7), 0);
	ck_assert_int_eq(b.buf[b.len], '\0');
	/* The same template over 3 x 3 items is within the limits. */
	for (i = 0; i < 3; i++)
		it[i].nitems = 3;
	o.nitems = 3;
	ecat_buf_reset(&b);
	ck_assert_int_eq(tpl_render(t, &b, &tcls, &o, NULL), 0);
	ck_assert_uint_eq(b.len, 9 * 100 * 1000);
	free(it);
	free(big);
	ecat_buf_free(&b);
	tpl_set_free(set);
}
END_TEST

START_TEST(test_errors)
{
	struct tpl_set	*set = S_set();

	ck_assert_ptr_null(tpl_add(set, "e1", "x\n{{titel}}", 11));
	ck_assert_ptr_nonnull(strstr(tu_diag_text(),
	    "e1.html:2:1: error: page template cannot be read or parsed: "
	    "unknown name 'titel' [template-syntax]"));
	ck_assert_ptr_null(tpl_add(set, "e2", "{{#items}}x", 11));
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "section not closed"));
	ck_assert_ptr_null(tpl_add(set, "e3", "{{#items}}{{/flag}}{{/items}}",
	    29));
	ck_assert_ptr_nonnull(strstr(tu_diag_text(),
	    "{{/flag}} closes no open section"));
	ck_assert_ptr_null(tpl_add(set, "e4", "{{name", 6));
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "unterminated tag"));
	/* A folder without the template: one diagnostic, no crash. */
	tpl_set_free(set);
	set = tpl_set_new("/nonexistent", voc, sizeof(voc) / sizeof(*voc),
	    tu_diag());
	ck_assert_ptr_null(tpl_load(set, "index"));
	ck_assert_ptr_nonnull(strstr(tu_diag_text(),
	    "/nonexistent/index.html:0:0: error"));
	tpl_set_free(set);
}
END_TEST

START_TEST(test_real_templates_parse)
{
	struct tpl_set	*set;
	const char	*dir = tu_src("templates");
	char		*copy = ecat_strdup(dir);
	/* The names templates/ uses, from the site's vocabulary: a name
	   unknown to this list fails the load, so the list is checked
	   against the files (a stale template is found here). */
	static const char *const names[] = { "index", "provider", "event",
	    "build", "head", "foot", "fieldrow", NULL };
	const char *const	*n;
	FILE			*f;
	char			 path[4096];

	/* Every template file exists and is non-empty. */
	for (n = names; *n != NULL; n++) {
		snprintf(path, sizeof(path), "%s/%s.html", copy, *n);
		f = fopen(path, "r");
		ck_assert_msg(f != NULL, "%s missing", path);
		fclose(f);
	}
	/* With no vocabulary every name is unknown: the parser reports
	   each, so it really read the files. */
	set = tpl_set_new(copy, NULL, 0, tu_diag());
	ck_assert_ptr_null(tpl_load(set, "event"));
	ck_assert_uint_gt(tu_diag_count_id("template-syntax"), 20);
	tpl_set_free(set);
	free(copy);
}
END_TEST

/* Templates held in memory, as the embedded set is: page includes row. */
static const char *
S_memfind(const char *name, size_t *lenp)
{
	static const char *const files[][2] = {
		{ "page.html", "{{#items}}{{>row}}{{/items}}" },
		{ "row.html", "<{{name}}>\0ignored" },
		{ "bad.html", "{{>missing}}" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (strcmp(files[i][0], name) == 0) {
			/* The NUL ends the text, as in a file. */
			*lenp = strcmp(name, "row.html") == 0 ? 18 :
			    strlen(files[i][1]);
			return files[i][1];
		}
	return NULL;
}

START_TEST(test_memory_set)
{
	struct tpl_set		*set;
	struct tobj		 o, it[2];
	const struct tpl	*t;
	struct ecat_buf		 b;
	size_t			 n;

	memset(&o, 0, sizeof(o));
	memset(it, 0, sizeof(it));
	o.items = it;
	o.nitems = 2;
	it[0].name = "x<";
	it[1].name = "y";
	set = tpl_set_new_mem("<mem>", S_memfind, voc,
	    sizeof(voc) / sizeof(*voc), tu_diag());
	/* The partial is asked for when page is parsed, not added first. */
	t = tpl_load(set, "page");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(tpl_name(t), "<mem>/page.html");
	ecat_buf_init(&b);
	ck_assert_int_eq(tpl_render(t, &b, &tcls, &o, NULL), 0);
	ck_assert_str_eq(b.buf, "<x&lt;><y>");
	ecat_buf_free(&b);
	/* Missing ones: a page is reported under the label, a partial
	   by the parser. */
	n = tu_diag_count_id("template-syntax");
	ck_assert_ptr_null(tpl_load(set, "index"));
	ck_assert_ptr_nonnull(strstr(tu_diag_text(),
	    "<mem>/index.html:0:0: error"));
	ck_assert_ptr_null(tpl_load(set, "bad"));
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "<mem>/bad.html:1:"));
	ck_assert_uint_eq(tu_diag_count_id("template-syntax"), n + 2);
	tpl_set_free(set);
}
END_TEST

/* The embedded table holds templates/ byte for byte, and only it. */
START_TEST(test_embedded_files)
{
	const struct ecat_embedded	*e;
	const char			*dir = tu_src("templates");
	char				*copy = ecat_strdup(dir);
	char				 path[4096], *buf;
	FILE				*f;
	static const char *const	 need[] = { "index.html",
	    "provider.html", "event.html", "build.html", "head.html",
	    "foot.html", "fieldrow.html", "assets/style.css",
	    "assets/search.js", NULL };
	const char *const		*nm;
	size_t				 n;
	long				 len;

	for (e = ecat_embedded_files; e->name != NULL; e++) {
		snprintf(path, sizeof(path), "%s/%s", copy, e->name);
		f = fopen(path, "rb");
		ck_assert_msg(f != NULL, "%s: embedded, not in templates/",
		    e->name);
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		buf = ecat_malloc((size_t)len + 1);
		n = fread(buf, 1, (size_t)len, f);
		fclose(f);
		ck_assert_uint_eq(n, e->len);
		ck_assert_msg(memcmp(buf, e->data, n) == 0, "%s differs",
		    e->name);
		ck_assert_int_eq(e->data[e->len], '\0');
		ck_assert_ptr_eq(ecat_embedded_find(e->name), e);
		free(buf);
	}
	/* What the site asks for (render/embed.py refuses a file of
	   templates/ left out of the table). */
	for (nm = need; *nm != NULL; nm++)
		ck_assert_msg(ecat_embedded_find(*nm) != NULL, "%s missing",
		    *nm);
	ck_assert_ptr_null(ecat_embedded_find("nonexistent.html"));
	free(copy);
}
END_TEST

START_TEST(test_safe_names)
{
	char		 buf[ECAT_SAFE_MAX + 1];
	char		**u;
	const char	*names[6];
	char		 longname[400];

	/* Provider names of the jdu2600 corpus with unsafe bytes. */
	ecat_safe_name(buf, "Active Directory: Kerberos Client");
	ck_assert_str_eq(buf, "Active_Directory_Kerberos_Client");
	ecat_safe_name(buf, "File Kernel Trace; Operation Set 1");
	ck_assert_str_eq(buf, "File_Kernel_Trace_Operation_Set_1");
	ecat_safe_name(buf, "Local Security Authority (LSA)");
	ck_assert_str_eq(buf, "Local_Security_Authority_LSA_");
	ck_assert(ecat_is_safe_name("Microsoft-Windows-SMBServer"));
	ck_assert(ecat_is_safe_name("MSDASQL_1"));
	/* Hostile names. */
	ecat_safe_name(buf, "../<script>");
	ck_assert_str_eq(buf, "_._script_");
	ecat_safe_name(buf, "..");
	ck_assert_str_eq(buf, "_.");
	ecat_safe_name(buf, ".hidden");
	ck_assert_str_eq(buf, "_hidden");
	ecat_safe_name(buf, "-rf");
	ck_assert_str_eq(buf, "_rf");
	ecat_safe_name(buf, "");
	ck_assert_str_eq(buf, "_");
	ecat_safe_name(buf, "a/b\\c\"d'e");
	ck_assert_str_eq(buf, "a_b_c_d_e");
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_uint_eq(ecat_safe_name(buf, longname), ECAT_SAFE_MAX);

	/*
	 * Collisions: the corpus has Microsoft-Windows-PersistentMemory-
	 * ScmBus and -Scmbus (26H1), equal without case.  A name safe as
	 * it is keeps itself; the others get ~2, ~3 in order.
	 */
	names[0] = "A B";
	names[1] = "A_B";
	names[2] = "a_b";
	names[3] = "Microsoft-Windows-PersistentMemory-ScmBus";
	names[4] = "Microsoft-Windows-PersistentMemory-Scmbus";
	names[5] = "A:B";
	u = html_safe_unique(names, 6);
	ck_assert_str_eq(u[1], "A_B");
	ck_assert_str_eq(u[2], "a_b~2");
	ck_assert_str_eq(u[0], "A_B~3");
	ck_assert_str_eq(u[5], "A_B~4");
	ck_assert_str_eq(u[3], "Microsoft-Windows-PersistentMemory-ScmBus");
	ck_assert_str_eq(u[4], "Microsoft-Windows-PersistentMemory-Scmbus~2");
	html_names_free(u, 6);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("template");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 nf;

	tcase_add_test(tc, test_escape_every_variable);
	tcase_add_test(tc, test_raw_text_refused);
	tcase_add_test(tc, test_sections);
	tcase_add_test(tc, test_partials);
	tcase_add_test(tc, test_render_limits);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_real_templates_parse);
	tcase_add_test(tc, test_memory_set);
	tcase_add_test(tc, test_embedded_files);
	tcase_add_test(tc, test_safe_names);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
