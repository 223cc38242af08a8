/*
 * fuzz_template.c: the template engine (render/template.c): parse
 * templates given as text, then render them against a small tree of
 * values of every kind.  The input is split at the line "----8<----":
 * the first part is the page, the others the partials p1, p2, ... (a
 * partial may include itself or another: the render limits end it).
 *
 * Besides not crashing, it checks what the engine promises (template.h)
 * and aborts when it is broken:
 *   - a text value is always escaped: the marker "<\x01" in every
 *     TPL_STR value never reaches the output unless the templates
 *     themselves contain it;
 *   - rendering stays within its output limit (TPL_MAXOUT).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "fuzz.h"
#include "template.h"

enum { V_TITLE, V_HTML, V_N, V_ITEMS, V_OBJ, V_YES, V_NO, V_STRS, V_NAME,
	V_SUB, V_EMPTY };

static const struct tpl_vocab S_vocab[] = {
	{ "title", V_TITLE, 0 },
	{ "html", V_HTML, TPL_VOCAB_HTML },
	{ "n", V_N, 0 },
	{ "items", V_ITEMS, 0 },
	{ "obj", V_OBJ, 0 },
	{ "yes", V_YES, 0 },
	{ "no", V_NO, 0 },
	{ "strs", V_STRS, 0 },
	{ "name", V_NAME, 0 },
	{ "sub", V_SUB, 0 },
	{ "empty", V_EMPTY, 0 },
};

#define S_MARK	"<\x01"

struct node {
	const char	*name;
	int		 nsub;		/* items in sub (all nodes) */
};

static const struct node S_nodes[4] = {
	{ "a" S_MARK "&\"'", 3 }, { "b" S_MARK, 3 }, { "", 3 }, { S_MARK, 3 }
};
static const char *const S_strs[] = { S_MARK "x", "y&z", "" };

static const struct tpl_class S_node_cls, S_str_cls;

static const void *
S_item_node(const void *list, size_t i, void *ud)
{
	(void)list;
	(void)ud;
	return &S_nodes[i % 4];
}

static const void *
S_item_str(const void *list, size_t i, void *ud)
{
	(void)ud;
	return ((const char *const *)list)[i];
}

static void
S_get_str(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	(void)scratch;
	(void)ud;
	if (id == -1) {		/* {{.}} */
		v->kind = TPL_STR;
		v->s = obj;
		v->len = TPL_STRLEN;
	}
}

static void
S_get_node(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	const struct node	*n = obj;

	(void)ud;
	switch (id) {
	case V_NAME:
		v->kind = TPL_STR;
		v->s = n->name;
		v->len = TPL_STRLEN;
		break;
	case V_SUB:
		v->kind = TPL_LIST;
		v->n = (size_t)n->nsub;
		v->cls = &S_node_cls;
		v->obj = S_nodes;
		break;
	case V_N:
		/* Formatted into scratch, as the site's getters do. */
		v->kind = TPL_STR;
		v->len = (size_t)snprintf(scratch, TPL_SCRATCH, "%d<%s",
		    n->nsub, n->name);
		v->s = scratch;
		break;
	}
}

static void
S_get_root(const void *obj, int id, struct tpl_val *v, char *scratch,
    void *ud)
{
	(void)obj;
	(void)scratch;
	(void)ud;
	switch (id) {
	case V_TITLE:
		v->kind = TPL_STR;
		v->s = "Title " S_MARK "&amp;";
		v->len = TPL_STRLEN;
		break;
	case V_HTML:
		v->kind = TPL_HTML;
		v->s = "<b>bold</b>";
		v->len = TPL_STRLEN;
		break;
	case V_N:
		v->kind = TPL_INT;
		v->i = -42;
		break;
	case V_ITEMS:
		v->kind = TPL_LIST;
		v->n = 4;
		v->cls = &S_node_cls;
		v->obj = S_nodes;
		break;
	case V_OBJ:
		v->kind = TPL_OBJ;
		v->cls = &S_node_cls;
		v->obj = &S_nodes[1];
		break;
	case V_YES:
		v->kind = TPL_TRUE;
		break;
	case V_NO:
		v->kind = TPL_FALSE;
		break;
	case V_STRS:
		v->kind = TPL_LIST;
		v->n = 3;
		v->cls = &S_str_cls;
		v->obj = S_strs;
		break;
	case V_EMPTY:
		v->kind = TPL_LIST;
		v->n = 0;
		v->cls = &S_str_cls;
		v->obj = S_strs;
		break;
	}
}

static const struct tpl_class S_root_cls = { S_get_root, NULL };
static const struct tpl_class S_node_cls = { S_get_node, S_item_node };
static const struct tpl_class S_str_cls = { S_get_str, S_item_str };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 sep[] = "\n----8<----\n";
	struct ecat_diag	*d;
	struct tpl_set		*set;
	const struct tpl	*t;
	const char		*parts[8], *s = (const char *)data, *p;
	size_t			 lens[8], np = 0, i;
	char			 name[8];
	struct ecat_buf		 out;

	/* Split at the separator, at most 8 parts. */
	parts[0] = s;
	while (np < 7 && (p = memmem(parts[np], size - (size_t)(parts[np] -
	    s), sep, sizeof(sep) - 1)) != NULL) {
		lens[np] = (size_t)(p - parts[np]);
		parts[np + 1] = p + sizeof(sep) - 1;
		np++;
	}
	lens[np] = size - (size_t)(parts[np] - s);
	np++;

	d = fuzz_diag();
	set = tpl_set_new(NULL, S_vocab, sizeof(S_vocab) / sizeof(S_vocab[0]),
	    d);
	/* Partials last to first, so that p1 may include p2. */
	for (i = np - 1; i > 0; i--) {
		snprintf(name, sizeof(name), "p%zu", i);
		(void)tpl_add(set, name, parts[i], lens[i]);
	}
	if ((t = tpl_add(set, "page", parts[0], lens[0])) != NULL) {
		ecat_buf_init(&out);
		(void)tpl_render(t, &out, &S_root_cls, NULL, NULL);
		if (out.len > TPL_MAXOUT)
			abort();
		if (memmem(data, size, S_MARK, 2) == NULL &&
		    out.len > 0 && memmem(out.buf, out.len, S_MARK, 2) != NULL)
			abort();
		ecat_buf_free(&out);
	}
	tpl_set_free(set);
	ecat_diag_free(d);
	return 0;
}
