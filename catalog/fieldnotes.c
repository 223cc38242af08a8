/*
 * fieldnotes.c: maintainer notes about fields, read from
 * SRC/notes/<Provider>/fields.yaml (the format: fieldnotes.h and
 * etwcat.1, SITE, "Field notes"), checked against the catalog, and
 * merged with a field's value map for the pages.
 *
 * libyaml's document API is used, as in sigma.c: the node graph is
 * walked to a fixed depth (root, scope, field, note, values, value),
 * never recursively.  An alias would make one node read many times (a
 * few lines of YAML can name a large mapping thousands of times), so a
 * node reached twice is reported and not read again; with the limits
 * of fieldnotes.h that bounds the work by the file's size.  Every
 * string is copied into the catalog at once; no libyaml type leaves
 * this file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "carry.h"
#include "fieldnotes.h"
#include "io.h"
#include "load.h"
#include "merge.h"

/* Longest text of a note (description, source, link, value name). */
#define S_MAX_TEXT	4096
/* Flow collections nested deeper are not parsed (sigma.c, S_MAX_FLOW). */
#define S_MAX_FLOW	64

/* A note being read, with its load order for the replacement rule. */
struct pend {
	struct ecat_fnote	 n;
	uint32_t		 seq;
};

/* A known value being read, with its line for duplicates. */
struct pval {
	struct ecat_fnvalue	 v;
	uint32_t		 line;
	uint32_t		 ord;
};

struct ld {
	struct ecat_catalog	*cat;
	yaml_document_t		*doc;
	const char		*file;		/* interned */
	uint8_t			*seen;		/* per node: read already */
	size_t			 nnodes;
	uint32_t		 nitems;	/* notes and values kept */
	int			 capped;
	struct ecat_vec		 notes;		/* struct pend */
	uint32_t		 seq;
};

/* ------------------------------------------------------------ helpers */

static struct ecat_loc
S_loc(const struct ld *l, const yaml_node_t *n)
{
	struct ecat_loc	 loc;

	loc.file = l->file;
	loc.line = n != NULL ? (uint32_t)n->start_mark.line + 1 : 0;
	loc.col = n != NULL ? (uint32_t)n->start_mark.column + 1 : 0;
	return loc;
}

static void S_bad(struct ld *, const yaml_node_t *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* A note-malformed diagnostic at node at. */
static void
S_bad(struct ld *l, const yaml_node_t *at, const char *fmt, ...)
{
	struct ecat_loc	 loc = S_loc(l, at);
	va_list		 ap;

	va_start(ap, fmt);
	ecat_vmsgx(l->cat->diag, ECAT_MSG_NOTE_MALFORMED, &loc, NULL, fmt, ap);
	va_end(ap);
}

/*
 * Node i of the document, or NULL.  A node read before (reached again
 * through an alias) is reported once per use and not read: see the
 * header comment.  libyaml keeps no position for an alias, so the
 * report is at near (the key whose value it is), else at the node.
 */
static yaml_node_t *
S_take(struct ld *l, int i, const yaml_node_t *near)
{
	yaml_node_t	*n;
	size_t		 ix;

	if ((n = yaml_document_get_node(l->doc, i)) == NULL)
		return NULL;
	ix = (size_t)(n - l->doc->nodes.start);
	if (ix >= l->nnodes)
		return NULL;
	if (l->seen[ix]) {
		S_bad(l, near != NULL ? near : n, "a node used twice (an "
		    "alias): not read again");
		return NULL;
	}
	l->seen[ix] = 1;
	return n;
}

/* The scalar's text (NUL-terminated in libyaml), or NULL. */
static const char *
S_sc(const yaml_node_t *n)
{
	if (n == NULL || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

/* Is n YAML's null: an empty plain scalar, ~ or null? */
static int
S_isnull(const yaml_node_t *n)
{
	const char	*s = S_sc(n);

	if (s == NULL || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/*
 * Text of key what: a non-empty scalar of at most S_MAX_TEXT bytes,
 * interned; or NULL after a diagnostic.
 */
static const char *
S_text(struct ld *l, const yaml_node_t *n, const char *what)
{
	const char	*s = S_sc(n);

	if (s == NULL || S_isnull(n) || n->data.scalar.length == 0) {
		S_bad(l, n, "%s: %s", what, n != NULL &&
		    n->type != YAML_SCALAR_NODE ? "not text" : "empty");
		return NULL;
	}
	if (n->data.scalar.length > S_MAX_TEXT) {
		S_bad(l, n, "%s: longer than %d bytes; not used", what,
		    S_MAX_TEXT);
		return NULL;
	}
	return ecat_strn(l->cat, s, n->data.scalar.length);
}

/*
 * A number as written, decimal or 0x hex, into *v; *hex says which.
 * Returns 0, or -1 if it is neither or does not fit 64 bits.
 */
static int
S_number(const char *s, uint64_t *v, int *hex)
{
	uint64_t	 x = 0;
	unsigned	 d;
	int		 base = 10;

	if (s == NULL || *s == '\0')
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (*s == '\0')
			return -1;
	}
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return -1;
		if (x > (UINT64_MAX - d) / (uint64_t)base)
			return -1;
		x = x * (uint64_t)base + d;
	}
	*v = x;
	*hex = base == 16;
	return 0;
}

/* Room for one more note or value: 1, or 0 once the file has max. */
static int
S_room(struct ld *l, const yaml_node_t *at)
{
	struct ecat_loc	 loc;

	if (l->nitems < ECAT_FNOTES_MAXITEMS) {
		l->nitems++;
		return 1;
	}
	if (!l->capped) {
		l->capped = 1;
		loc = S_loc(l, at);
		ecat_msg(l->cat->diag, ECAT_MSG_LIMIT, &loc, "more than %d "
		    "field notes and known values in one file; the rest are "
		    "not read", ECAT_FNOTES_MAXITEMS);
	}
	return 0;
}

/* ------------------------------------------------------------ reading */

static int
S_pvalcmp(const void *a, const void *b)
{
	const struct pval	*x = a, *y = b;

	if (x->v.value != y->v.value)
		return x->v.value < y->v.value ? -1 : 1;
	return x->ord < y->ord ? -1 : x->ord > y->ord;
}

/* One known value: "6: TCP" or "6: {name: TCP, description: ...}". */
static int
S_value(struct ld *l, const yaml_node_t *k, const yaml_node_t *v,
    struct pval *out)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*pk, *pv;
	const char		*ks;

	memset(out, 0, sizeof(*out));
	if (S_number(S_sc(k), &out->v.value, &out->v.hex) == -1) {
		S_bad(l, k, "value %s: not a number (decimal or 0x hex); not "
		    "used",
		    S_sc(k) != NULL ? S_sc(k) : "(not text)");
		return -1;
	}
	out->line = (uint32_t)k->start_mark.line + 1;
	if (v != NULL && v->type == YAML_SCALAR_NODE) {
		out->v.name = S_text(l, v, "value name");
		return out->v.name != NULL ? 0 : -1;
	}
	if (v == NULL || v->type != YAML_MAPPING_NODE) {
		S_bad(l, v != NULL ? v : k, "value %s: neither a name nor a "
		    "mapping of name and description", S_sc(k));
		return -1;
	}
	for (p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
	    p++) {
		if ((pk = S_take(l, p->key, NULL)) == NULL ||
		    (pv = S_take(l, p->value, pk)) == NULL)
			continue;
		ks = S_sc(pk);
		if (ks != NULL && strcmp(ks, "name") == 0 &&
		    out->v.name == NULL)
			out->v.name = S_text(l, pv, "value name");
		else if (ks != NULL && strcmp(ks, "description") == 0 &&
		    out->v.description == NULL)
			out->v.description = S_text(l, pv,
			    "value description");
		else
			S_bad(l, pk, "value %s: key %s unknown or given twice "
			    "(name, description); not read", S_sc(k),
			    ks != NULL ? ks : "(not text)");
	}
	if (out->v.name == NULL) {
		S_bad(l, v, "value %s: no name; not used", S_sc(k));
		return -1;
	}
	return 0;
}

/* The values mapping of a note, sorted, duplicates reported. */
static void
S_values(struct ld *l, struct ecat_fnote *n, const yaml_node_t *m)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k, *v;
	struct pval		*pv;
	struct ecat_fnvalue	*out;
	struct ecat_vec		 vec;
	size_t			 i, j, nout = 0;

	if (m->type != YAML_MAPPING_NODE) {
		S_bad(l, m, "field %s: values: not a mapping of value to "
		    "name; not read", n->field);
		return;
	}
	ecat_vec_init(&vec, sizeof(struct pval));
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	    p++) {
		if ((k = S_take(l, p->key, NULL)) == NULL ||
		    (v = S_take(l, p->value, k)) == NULL)
			continue;
		if (!S_room(l, k))
			break;
		pv = ecat_vec_add(&vec);
		if (S_value(l, k, v, pv) == -1) {
			vec.n--;
			continue;
		}
		pv->ord = (uint32_t)(vec.n - 1);
	}
	if (vec.n > 1)
		qsort(vec.v, vec.n, sizeof(struct pval), S_pvalcmp);
	out = ECAT_NEWARRAY(l->cat, struct ecat_fnvalue, vec.n ? vec.n : 1);
	pv = (struct pval *)vec.v;
	for (i = 0; i < vec.n; i = j) {
		out[nout++] = pv[i].v;
		for (j = i + 1; j < vec.n && pv[j].v.value == pv[i].v.value;
		    j++) {
			struct ecat_loc loc = { l->file, pv[j].line, 0 };

			ecat_msg(l->cat->diag, ECAT_MSG_NOTE_MALFORMED, &loc,
			    "field %s: value %llu given twice (first at line "
			    "%u); the first is used", n->field,
			    (unsigned long long)pv[j].v.value, pv[i].line);
		}
	}
	free(vec.v);
	n->values = out;
	n->nvalues = (uint32_t)nout;
}

/* The note of field k in a scope (id, version: -1 for any). */
static void
S_note(struct ld *l, const yaml_node_t *k, const yaml_node_t *m,
    int32_t id, int32_t version)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*pk, *pv, *vals = NULL;
	struct pend		*pe;
	struct ecat_fnote	 n;
	const char		*ks;

	memset(&n, 0, sizeof(n));
	if ((n.field = S_text(l, k, "field name")) == NULL)
		return;
	n.id = id;
	n.version = version;
	n.loc = S_loc(l, k);
	if (m->type != YAML_MAPPING_NODE) {
		S_bad(l, m, "field %s: not a mapping of description, source, "
		    "link and values; not used", n.field);
		return;
	}
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	    p++) {
		if ((pk = S_take(l, p->key, NULL)) == NULL ||
		    (pv = S_take(l, p->value, pk)) == NULL)
			continue;
		ks = S_sc(pk) != NULL ? S_sc(pk) : "(not text)";
		if (strcmp(ks, "description") == 0 && n.description == NULL)
			n.description = S_text(l, pv, "description");
		else if (strcmp(ks, "source") == 0 && n.source == NULL)
			n.source = S_text(l, pv, "source");
		else if (strcmp(ks, "link") == 0 && n.link == NULL) {
			n.link = S_text(l, pv, "link");
			/* Only a web address: a page links nothing else. */
			if (n.link != NULL && strncmp(n.link, "https://", 8) &&
			    strncmp(n.link, "http://", 7)) {
				S_bad(l, pv, "link %s: not an http or https "
				    "address; not shown", n.link);
				n.link = NULL;
			} else if (n.link != NULL &&
			    strpbrk(n.link, " \t\r\n") != NULL) {
				S_bad(l, pv, "link %s: holds white space; not "
				    "shown", n.link);
				n.link = NULL;
			}
		} else if (strcmp(ks, "values") == 0 && vals == NULL)
			vals = pv;
		else
			S_bad(l, pk, "field %s: key %s unknown or given twice "
			    "(description, source, link, values); not read",
			    n.field, ks);
	}
	if (vals != NULL)
		S_values(l, &n, vals);
	if (n.description == NULL && n.nvalues == 0) {
		S_bad(l, k, "field %s: neither a description nor a known "
		    "value; not used", n.field);
		return;
	}
	if (!S_room(l, k))
		return;
	pe = ecat_vec_add(&l->notes);
	pe->n = n;
	pe->seq = l->seq++;
}

/* A fields mapping: field name to note. */
static void
S_fields(struct ld *l, const yaml_node_t *m, int32_t id, int32_t version)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k, *v;

	if (m->type != YAML_MAPPING_NODE) {
		S_bad(l, m, "fields: not a mapping of field name to note; not "
		    "read");
		return;
	}
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	    p++)
		if ((k = S_take(l, p->key, NULL)) != NULL &&
		    (v = S_take(l, p->value, k)) != NULL)
			S_note(l, k, v, id, version);
}

/* A number key of an event entry in [0, max], or -1. */
static int32_t
S_small(struct ld *l, const yaml_node_t *n, const char *what, uint64_t max)
{
	uint64_t	 v;
	int		 hex;

	if (S_number(S_sc(n), &v, &hex) == -1 || v > max) {
		S_bad(l, n, "%s: not a number from 0 to %llu; not used", what,
		    (unsigned long long)max);
		return -1;
	}
	return (int32_t)v;
}

/* One item of events: {id, version, fields}. */
static void
S_event(struct ld *l, const yaml_node_t *m)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*pk, *pv, *fields = NULL, *idn = NULL;
	yaml_node_t		*vern = NULL;
	int32_t			 id, version = -1;
	const char		*ks;

	if (m->type != YAML_MAPPING_NODE) {
		S_bad(l, m, "events: an item is not a mapping of id, version "
		    "and fields; not used");
		return;
	}
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	    p++) {
		if ((pk = S_take(l, p->key, NULL)) == NULL ||
		    (pv = S_take(l, p->value, pk)) == NULL)
			continue;
		ks = S_sc(pk) != NULL ? S_sc(pk) : "(not text)";
		if (strcmp(ks, "id") == 0 && idn == NULL)
			idn = pv;
		else if (strcmp(ks, "version") == 0 && vern == NULL)
			vern = pv;
		else if (strcmp(ks, "fields") == 0 && fields == NULL)
			fields = pv;
		else
			S_bad(l, pk, "events: key %s unknown or given twice "
			    "(id, version, fields); not read", ks);
	}
	if (idn == NULL) {
		S_bad(l, m, "events: an item has no id; not used");
		return;
	}
	if ((id = S_small(l, idn, "id", 65535)) < 0)
		return;
	if (vern != NULL && (version = S_small(l, vern, "version", 255)) < 0)
		return;
	if (fields == NULL) {
		S_bad(l, m, "events: an item has no fields; not used");
		return;
	}
	S_fields(l, fields, id, version);
}

/* The root: {fields, events}. */
static void
S_root(struct ld *l, const yaml_node_t *root)
{
	yaml_node_pair_t	*p;
	yaml_node_item_t	*it;
	yaml_node_t		*k, *v, *e;
	const char		*ks;
	int			 seenf = 0, seene = 0;

	if (root->type != YAML_MAPPING_NODE) {
		S_bad(l, root, "not a mapping of fields and events; not "
		    "read");
		return;
	}
	for (p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++) {
		if ((k = S_take(l, p->key, NULL)) == NULL ||
		    (v = S_take(l, p->value, k)) == NULL)
			continue;
		ks = S_sc(k) != NULL ? S_sc(k) : "(not text)";
		if (strcmp(ks, "fields") == 0 && !seenf++)
			S_fields(l, v, -1, -1);
		else if (strcmp(ks, "events") == 0 && !seene++) {
			if (v->type != YAML_SEQUENCE_NODE) {
				S_bad(l, v, "events: not a list; not read");
				continue;
			}
			for (it = v->data.sequence.items.start;
			    it < v->data.sequence.items.top; it++)
				if ((e = S_take(l, *it, NULL)) != NULL)
					S_event(l, e);
		} else
			S_bad(l, k, "key %s unknown or given twice (fields, "
			    "events); not read", ks);
	}
}

/* ------------------------------------------------------ into the model */

static int
S_scopecmp(const struct ecat_fnote *x, const struct ecat_fnote *y)
{
	int	 c;

	if ((c = strcmp(x->field, y->field)) != 0)
		return c;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	return 0;
}

static int
S_pendcmp(const void *a, const void *b)
{
	const struct pend	*x = a, *y = b;
	int			 c;

	if ((c = S_scopecmp(&x->n, &y->n)) != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * The provider's notes and the new ones (l->notes, after the old in
 * seq order), one per (field, id, version), sorted: of two in one file
 * the first is kept and the second reported; a later file's replaces
 * an earlier file's.
 */
static void
S_commit(struct ld *l, struct ecat_provider *p)
{
	struct ecat_vec		 all;
	struct ecat_fnote	*out;
	struct pend		*pe, *keep;
	const char		*sc;
	size_t			 i, j, n = 0;

	ecat_vec_init(&all, sizeof(struct pend));
	for (i = 0; i < p->nfnotes; i++) {
		pe = ecat_vec_add(&all);
		pe->n = p->fnotes[i];
		pe->seq = (uint32_t)i;
	}
	for (i = 0; i < l->notes.n; i++) {
		pe = ecat_vec_add(&all);
		*pe = *(struct pend *)ecat_vec_at(&l->notes, i);
		pe->seq += p->nfnotes;
	}
	if (all.n > 1)	/* qsort(NULL, 0, ...) is undefined */
		qsort(all.v, all.n, sizeof(struct pend), S_pendcmp);
	out = ECAT_NEWARRAY(l->cat, struct ecat_fnote, all.n ? all.n : 1);
	pe = (struct pend *)all.v;
	for (i = 0; i < all.n; i = j) {
		keep = &pe[i];
		for (j = i + 1; j < all.n &&
		    S_scopecmp(&pe[j].n, &pe[i].n) == 0; j++) {
			if (pe[j].n.loc.file != keep->n.loc.file) {
				keep = &pe[j];
				continue;
			}
			sc = pe[j].n.id < 0 ? "in fields" : "in events";
			ecat_msg(l->cat->diag, ECAT_MSG_NOTE_MALFORMED,
			    &pe[j].n.loc, "field %s given twice %s for one "
			    "scope (first at line %u); the first is used",
			    pe[j].n.field, sc, keep->n.loc.line);
		}
		out[n++] = keep->n;
	}
	free(all.v);
	p->fnotes = out;
	p->nfnotes = (uint32_t)n;
}

int
ecat_fnotes_load_mem(struct ecat_catalog *cat, struct ecat_provider *p,
    const char *name, const char *buf, size_t len)
{
	struct ld		 l;
	yaml_parser_t		 parser;
	yaml_document_t		 doc, more;
	yaml_node_t		*root;
	struct ecat_loc		 loc;

	memset(&l, 0, sizeof(l));
	l.cat = cat;
	l.file = ecat_file(cat, name);
	loc.file = l.file;
	loc.col = 0;
	ecat_vec_init(&l.notes, sizeof(struct pend));
	if (ecat_yaml_flowdepth(buf, len, S_MAX_FLOW, &loc.line) >
	    S_MAX_FLOW) {
		ecat_msg(cat->diag, ECAT_MSG_LIMIT, &loc, "YAML flow "
		    "collections nested more than %d deep; file not read",
		    S_MAX_FLOW);
		return 0;
	}
	/* As in sigma.c: libyaml's own allocation failure ends the run. */
	if (!yaml_parser_initialize(&parser))
		ecat_oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		if (parser.error == YAML_MEMORY_ERROR)
			ecat_oom();
		loc.line = (uint32_t)parser.problem_mark.line + 1;
		loc.col = (uint32_t)parser.problem_mark.column + 1;
		ecat_msg(cat->diag, ECAT_MSG_NOTE_MALFORMED, &loc,
		    "YAML: %s%s%s; file not read", parser.problem != NULL ?
		    parser.problem : "error", parser.context != NULL ? " " :
		    "", parser.context != NULL ? parser.context : "");
		yaml_parser_delete(&parser);
		return 0;
	}
	if ((root = yaml_document_get_root_node(&doc)) == NULL) {
		loc.line = 1;
		ecat_msg(cat->diag, ECAT_MSG_NOTE_MALFORMED, &loc,
		    "no YAML document");
	} else {
		l.doc = &doc;
		l.nnodes = (size_t)(doc.nodes.top - doc.nodes.start);
		l.seen = ecat_calloc(l.nnodes + 1, 1);
		(void)S_take(&l, 1, NULL);		/* the root: node 1 */
		S_root(&l, root);
		free(l.seen);
		/* A second document is not read, and said so. */
		if (yaml_parser_load(&parser, &more)) {
			if (yaml_document_get_root_node(&more) != NULL) {
				loc.line = (uint32_t)more.start_mark.line + 1;
				ecat_msg(cat->diag, ECAT_MSG_NOTE_MALFORMED,
				    &loc, "a second YAML document; not read");
			}
			yaml_document_delete(&more);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	S_commit(&l, p);
	free(l.notes.v);
	return 0;
}

int
ecat_fnotes_load(struct ecat_catalog *cat, struct ecat_provider *p,
    const char *path)
{
	char	*buf;
	size_t	 len;

	if ((buf = ecat_slurp_max(cat, path, ECAT_FNOTES_MAXFILE, &len)) ==
	    NULL)
		return -1;
	ecat_fnotes_load_mem(cat, p, path, buf, len);
	free(buf);
	return 0;
}

/* ------------------------------------------------------------ lookups */

const struct ecat_fnote *
ecat_fnote_find(const struct ecat_provider *p, uint32_t id,
    uint16_t version, const char *field)
{
	const struct ecat_fnote	*best = NULL, *n;
	size_t			 lo = 0, hi = p->nfnotes, mid;

	if (field == NULL || p->nfnotes == 0)
		return NULL;
	/* The first note of the field: they are sorted by field first. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(p->fnotes[mid].field, field) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Then by id and version, -1 first: the last that applies is the
	   most specific. */
	for (n = &p->fnotes[lo]; n < p->fnotes + p->nfnotes &&
	    strcmp(n->field, field) == 0; n++)
		if ((n->id < 0 || (uint32_t)n->id == id) &&
		    (n->version < 0 || (uint16_t)n->version == version))
			best = n;
	return best;
}

static int
S_knowncmp(const void *a, const void *b)
{
	const struct ecat_known	*x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->from_note - y->from_note;
}

struct ecat_known *
ecat_known_merge(const struct ecat_map *m, const struct ecat_fnote *n,
    uint32_t *np)
{
	struct ecat_known	*k;
	uint32_t		 i, j, nk = 0, nm = m != NULL ? m->nentries : 0;

	*np = 0;
	if (nm + (n != NULL ? n->nvalues : 0) == 0)
		return NULL;
	k = ecat_reallocarray(NULL, nm + (n != NULL ? n->nvalues : 0),
	    sizeof(*k));
	for (i = 0; i < nm; i++, nk++) {
		memset(&k[nk], 0, sizeof(*k));
		k[nk].value = m->entries[i].value;
		k[nk].name = m->entries[i].message != NULL ?
		    m->entries[i].message : m->entries[i].symbol;
		k[nk].hex = m->bitmap;
	}
	for (i = 0; n != NULL && i < n->nvalues; i++) {
		memset(&k[nk], 0, sizeof(*k));
		k[nk].value = n->values[i].value;
		k[nk].name = n->values[i].name;
		k[nk].description = n->values[i].description;
		k[nk].from_note = 1;
		k[nk].hex = n->values[i].hex || (m != NULL && m->bitmap);
		nk++;
	}
	/*
	 * In value order, a map's entry before a note's of the same value;
	 * then a note's value the map gives is dropped (the map's wins),
	 * in one pass: a note may hold 65,536 values (fieldnotes.h) and is
	 * merged for every row of every page that shows the field.  A map
	 * may give one value twice (its own lint): kept as given.
	 */
	qsort(k, nk, sizeof(*k), S_knowncmp);
	for (i = j = 0; i < nk; i++) {
		if (k[i].from_note && j > 0 && !k[j - 1].from_note &&
		    k[j - 1].value == k[i].value)
			continue;
		k[j++] = k[i];
	}
	*np = j;
	return k;
}

/* ------------------------------------------------------------- checks */

/* Does shape sh have a field (or struct member) named name? */
static int
S_shape_has(const struct ecat_shape *sh, const char *name)
{
	uint32_t	 i, j;

	for (i = 0; sh != NULL && i < sh->nfields; i++) {
		if (sh->fields[i].name != NULL &&
		    strcmp(sh->fields[i].name, name) == 0)
			return 1;
		for (j = 0; j < sh->fields[i].nmembers; j++)
			if (sh->fields[i].members[j].name != NULL &&
			    strcmp(sh->fields[i].members[j].name, name) == 0)
				return 1;
	}
	return 0;
}

/*
 * Whether key k has field name in a source that states its fields: 1,
 * 0 when none of them has it, -1 when no source states its fields.
 */
static int
S_key_has(const struct ecat_evkey *k, const char *name)
{
	const struct ecat_evrow	*r;
	const struct ecat_shape	*sh, *last = NULL;
	uint32_t		 i;
	int			 stated = 0;

	for (i = 0; i < k->nocc; i++) {
		if ((r = ecat_occ_row(&k->occ[i])) == NULL ||
		    !(ecat_carries(ecat_occ_schema(&k->occ[i]), r) &
		    ECAT_ATTR_FIELDS))
			continue;
		stated = 1;
		if ((sh = ecat_row_shape(r)) == last)
			continue;
		last = sh;
		if (S_shape_has(sh, name))
			return 1;
	}
	return stated ? 0 : -1;
}

void
ecat_fnotes_check(struct ecat_catalog *cat, const struct ecat_provider *p)
{
	const struct ecat_fnote	*n;
	const struct ecat_evkey	*k;
	uint32_t		 i, j, nkeys;
	int			 has, r;
	char			 scope[48];

	for (i = 0; i < p->nfnotes; i++) {
		n = &p->fnotes[i];
		nkeys = 0;
		has = -1;
		for (j = 0; j < p->nkeys && has != 1; j++) {
			k = p->keys[j];
			if ((n->id >= 0 && k->id != (uint32_t)n->id) ||
			    (n->version >= 0 &&
			    k->version != (uint16_t)n->version))
				continue;
			nkeys++;
			if ((r = S_key_has(k, n->field)) > has)
				has = r;
		}
		if (n->version >= 0)
			snprintf(scope, sizeof(scope), "event %d version %d",
			    n->id, n->version);
		else
			snprintf(scope, sizeof(scope), "event %d", n->id);
		if (nkeys == 0 && n->id >= 0)
			ecat_msg(cat->diag, ECAT_MSG_NOTE_UNMATCHED, &n->loc,
			    "field %s: %s has no %s", n->field, p->name,
			    scope);
		else if (has == 0 && n->id >= 0)
			ecat_msg(cat->diag, ECAT_MSG_NOTE_UNKNOWN_FIELD,
			    &n->loc, "%s: %s of %s does not have it in any "
			    "build", n->field, scope, p->name);
		else if (has == 0)
			ecat_msg(cat->diag, ECAT_MSG_NOTE_UNKNOWN_FIELD,
			    &n->loc, "%s: no event of %s has it", n->field,
			    p->name);
	}
}
