/*
 * xld.c: the loader state's tables and helpers that manifest.c and
 * wepexplorer.c share (xld.h): element and attribute names compared by
 * dictionary pointer, the string and symbol tables, interning through
 * a front cache, attribute reading, numbers, QNames and message
 * references.  Separate so that neither loader reaches into the other.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "xld.h"

const char *const xld_nmstr[N__MAX] = {
	"instrumentationManifest", "instrumentation", "events", "provider",
	"channels", "channel", "importChannel", "levels", "level", "tasks",
	"task", "opcodes", "opcode", "keywords", "keyword", "maps",
	"valueMap", "bitMap", "map", "templates", "template", "data",
	"struct", "event", "localization", "resources", "stringTable",
	"string",
	"name", "guid", "symbol", "resourceFileName", "messageFileName",
	"parameterFileName", "message", "chid", "type", "value", "enabled",
	"mask", "tid", "inType", "outType", "count", "length", "version",
	"id", "culture",
};

uint64_t
xld_ptrhash(const void *p, uint32_t kind)
{
	uint64_t	 k = (uint64_t)(uintptr_t)p ^ ((uint64_t)kind << 59);

	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

/*
 * Add (kind, key) → idx unless already there (the first one wins); a
 * table not set up (outside a provider) takes nothing.
 */
void
xld_sym_add(struct ecat_htab *t, uint32_t kind, const char *key,
    uint32_t idx)
{
	struct ecat_hent	*e;
	int			 isnew;

	if (key == NULL || t->cap == 0)
		return;
	e = ecat_htab_put(t, key, 0, kind, &isnew);
	if (isnew)
		e->v.u = idx;
}

/* Index of (kind, key), or -1. */
int64_t
xld_sym_find(const struct ecat_htab *t, uint32_t kind, const char *key)
{
	const struct ecat_hent	*e;

	if (key == NULL || (e = ecat_htab_pfind(t, key, kind)) == NULL)
		return -1;
	return (int64_t)e->v.u;
}

/* Add id → val (a string table); a duplicate id: the first wins. */
void
xld_str_add(struct ecat_htab *t, const char *id, const char *val)
{
	struct ecat_hent	*e;
	int			 isnew;

	e = ecat_htab_put(t, id, strlen(id), 0, &isnew);
	if (isnew)
		e->v.p = (void *)(uintptr_t)val;
}

static const char *
S_str_find(const struct ecat_htab *t, const char *id, size_t len)
{
	const struct ecat_hent	*e;

	return (e = ecat_htab_find(t, id, len, 0)) != NULL ? e->v.p : NULL;
}

/* Free the tables of ld (the caller frees the scratch arrays). */
void
xld_free(struct xld *ld)
{
	ecat_htab_free(&ld->nmtab);
	ecat_htab_free(&ld->strs);
	ecat_htab_free(&ld->syms);
}

/* ----------------------------------------------------------- helpers */

void
xld_names(struct xld *ld)
{
	int	 i;

	ld->dictnames = ld->doc->dict != NULL;
	if (ld->nmtab.cap == 0)
		ecat_htab_init(&ld->nmtab, ECAT_HKEY_PTR, N__MAX);
	else
		ecat_htab_clear(&ld->nmtab);
	for (i = 0; i < N__MAX; i++) {
		ld->nm[i] = ld->dictnames ?
		    xmlDictExists(ld->doc->dict, (const xmlChar *)xld_nmstr[i],
		    -1) : (const xmlChar *)xld_nmstr[i];
		if (!ld->dictnames || ld->nm[i] == NULL)
			continue;
		ecat_htab_put(&ld->nmtab, ld->nm[i], 0, 0, NULL)->v.u =
		    (uint64_t)i;
	}
	ld->evns = NULL;
	ld->nsc_parent = NULL;
	ld->avnode = NULL;
	memset(ld->av, 0, sizeof(ld->av));
	ld->navset = 0;
}

/* The enum xld_nm of an element or attribute name, or N__MAX. */
enum xld_nm
xld_nmof(const struct xld *ld, const xmlChar *name)
{
	const struct ecat_hent	*e;
	int			 i;

	if (!ld->dictnames) {
		for (i = 0; i < N__MAX; i++)
			if (strcmp((const char *)name, xld_nmstr[i]) == 0)
				return (enum xld_nm)i;
		return N__MAX;
	}
	if ((e = ecat_htab_pfind(&ld->nmtab, name, 0)) == NULL)
		return N__MAX;
	return (enum xld_nm)e->v.u;
}

/*
 * Intern s (len bytes) through the front cache.  Returns the catalog's
 * interned copy.
 */
const char *
xld_istrn(struct xld *ld, const char *s, size_t len)
{
	struct xld_ient	*e;
	uint64_t	 h, a = 0, z = 0;

	if (s == NULL)
		return NULL;
	/*
	 * Hash the length and the first and last 8 bytes only: a wrong
	 * guess costs a memcmp and a trip to the interner, which hashes
	 * the whole string.
	 */
	if (len >= 8) {
		memcpy(&a, s, 8);
		memcpy(&z, s + len - 8, 8);
	} else
		memcpy(&a, s, len);
	h = (a ^ (z * 0x9e3779b97f4a7c15ULL) ^ len) * 0xff51afd7ed558ccdULL;
	h ^= h >> 29;
	e = &ld->ic[(h ^ (h >> 32)) & (ICACHE - 1)];
	if (e->s != NULL && e->len == len && e->h == (uint32_t)h &&
	    memcmp(e->s, s, len) == 0)
		return e->s;
	e->s = ecat_strn(ld->cat, s, len);
	e->len = (uint32_t)len;
	e->h = (uint32_t)h;
	return e->s;
}

const char *
xld_istr(struct xld *ld, const char *s)
{
	return s == NULL ? NULL : xld_istrn(ld, s, strlen(s));
}

static int
S_nameis(const struct xld *ld, const xmlChar *name, enum xld_nm k)
{
	if (ld->dictnames)
		return ld->nm[k] != NULL && name == ld->nm[k];
	return strcmp((const char *)name, xld_nmstr[k]) == 0;
}

/* Is n the manifest element k (events namespace)? */
int
xld_is(struct xld *ld, const xmlNode *n, enum xld_nm k)
{
	if (n->type != XML_ELEMENT_NODE || !S_nameis(ld, n->name, k))
		return 0;
	if (n->ns == NULL || n->ns->href == NULL)
		return 0;
	if (n->ns == ld->evns)
		return 1;
	if (strcmp((const char *)n->ns->href, NS_EVENTS) != 0)
		return 0;
	ld->evns = n->ns;
	return 1;
}

uint32_t
xld_line(const struct xld *ld, const xmlNode *n)
{
	long	 l = xmlGetLineNo(n);

	return (l > 0 ? (uint32_t)l : 0) + ld->line_off;
}

struct ecat_loc
xld_loc(const struct xld *ld, const xmlNode *n)
{
	struct ecat_loc	 loc;

	loc.file = ld->file;
	loc.line = n != NULL ? xld_line(ld, n) : 0;
	loc.col = 0;
	return loc;
}

/* Emit m at n's line, with the build, provider and event in context. */
void
xld_msg(struct xld *ld, enum ecat_msg m, const xmlNode *n, const char *fmt,
    ...)
{
	struct ecat_loc	 loc = xld_loc(ld, n);
	va_list		 ap;

	va_start(ap, fmt);
	ecat_vmsgx(ld->cat->diag, m, &loc, &ld->ctx, fmt, ap);
	va_end(ap);
}

/*
 * Value of the unqualified attribute k of n, or NULL when absent.  The
 * pointer is libxml2's, valid while the document lives; values that are
 * not a single text node (never seen: entity references are refused)
 * are interned.
 */
const char *
xld_attr(struct xld *ld, const xmlNode *n, enum xld_nm k)
{
	const xmlAttr	*a;
	xmlChar		*s;
	const char	*v;
	enum xld_nm	 ak;

	/* One pass over an element's attributes, kept for later calls. */
	if (n != ld->avnode) {
		while (ld->navset > 0)
			ld->av[ld->avset[--ld->navset]] = NULL;
		ld->avnode = n;
		for (a = n->properties; a != NULL; a = a->next) {
			if (a->ns != NULL ||
			    (ak = xld_nmof(ld, a->name)) == N__MAX ||
			    ld->av[ak] != NULL)
				continue;
			if (a->children == NULL)
				v = "";
			else if (a->children->next == NULL &&
			    a->children->type == XML_TEXT_NODE &&
			    a->children->content != NULL)
				v = (const char *)a->children->content;
			else {
				s = xmlNodeListGetString(ld->doc,
				    a->children, 1);
				v = ecat_str(ld->cat,
				    s != NULL ? (const char *)s : "");
				xmlFree(s);
			}
			ld->av[ak] = v;
			ld->avset[ld->navset++] = (uint8_t)ak;
		}
	}
	return ld->av[k];
}

/* The attribute, interned; NULL when absent. */
const char *
xld_iattr(struct xld *ld, const xmlNode *n, enum xld_nm k)
{
	return xld_istr(ld, xld_attr(ld, n, k));
}

/*
 * A required attribute: emits xml-missing-attribute when absent.
 * Returns the value (libxml2's) or NULL.
 */
const char *
xld_req(struct xld *ld, const xmlNode *n, enum xld_nm k)
{
	const char	*v = xld_attr(ld, n, k);

	if (v == NULL)
		xld_msg(ld, ECAT_MSG_XML_MISSING_ATTR, n, "<%s> has no %s=",
		    (const char *)n->name, xld_nmstr[k]);
	return v;
}

/*
 * Parse a decimal or 0x-hex number, blanks around it allowed.  Returns
 * 0 and *out, or -1 when s is not a number or exceeds max.
 */
int
xld_num(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t	 v = 0;
	unsigned	 d;
	int		 hex = 0, any = 0;

	while (ecat_xml_space(*s))
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		hex = 1;
		s += 2;
	}
	for (;; s++) {
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (hex && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (hex && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / (hex ? 16 : 10))
			return -1;
		v = v * (hex ? 16 : 10) + d;
		any = 1;
	}
	while (ecat_xml_space(*s))
		s++;
	if (!any || *s != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * The numeric attribute k of n: 0 and *out when valid, 1 when absent
 * (and required: xml-missing-attribute), -1 when invalid (xml-bad-value
 * naming the attribute).
 */
int
xld_numattr(struct xld *ld, const xmlNode *n, enum xld_nm k, uint64_t max,
    int required, uint64_t *out)
{
	const char	*v = required ? xld_req(ld, n, k) : xld_attr(ld, n, k);

	if (v == NULL)
		return 1;
	if (xld_num(v, max, out) == 0)
		return 0;
	xld_msg(ld, ECAT_MSG_XML_BAD_VALUE, n,
	    "<%s %s=\"%.*s\">: not a number from 0 to %llu",
	    (const char *)n->name, xld_nmstr[k], ECHO_MAX, v,
	    (unsigned long long)max);
	return -1;
}

/*
 * If the QName s has a prefix bound to uri on n, returns the local part
 * (pointing into s); otherwise NULL.  An unprefixed name is in the
 * default namespace (the events namespace), never in uri.
 */
const char *
xld_qname_in(struct xld *ld, const xmlNode *n, const char *s,
    const char *uri)
{
	const char	*colon;
	char		 pfx[64];
	xmlNsPtr	 ns;
	size_t		 len;

	if (s == NULL || (colon = strchr(s, ':')) == NULL)
		return NULL;
	len = (size_t)(colon - s);
	if (len == 0 || len >= sizeof(pfx))
		return NULL;
	memcpy(pfx, s, len);
	pfx[len] = '\0';
	/*
	 * Siblings without declarations of their own see the same
	 * bindings: remember the last lookup under a parent.
	 */
	if (n->nsDef == NULL && n->parent != NULL &&
	    n->parent == ld->nsc_parent && strcmp(pfx, ld->nsc_pfx) == 0)
		ns = ld->nsc_ns;
	else {
		ns = xmlSearchNs(ld->doc, (xmlNodePtr)(uintptr_t)n,
		    (const xmlChar *)pfx);
		if (n->nsDef == NULL && n->parent != NULL) {
			ld->nsc_parent = n->parent;
			memcpy(ld->nsc_pfx, pfx, len + 1);
			ld->nsc_ns = ns;
		}
	}
	if (ns == NULL || ns->href == NULL ||
	    strcmp((const char *)ns->href, uri) != 0)
		return NULL;
	return colon + 1;
}

/*
 * Resolve a message reference "$(string.ID)" (§1.9 of
 * docs/etw-manifest-reference.md; "string" case-insensitive).  Returns
 * the text (libxml2's), or NULL when s is not such a reference or the
 * ID is not in the string table.
 */
const char *
xld_resolve(const struct xld *ld, const char *s)
{
	size_t	 len;

	if (s == NULL || strncmp(s, "$(", 2) != 0 ||
	    strncasecmp(s + 2, "string.", 7) != 0)
		return NULL;
	len = strlen(s);
	if (len < 10 || s[len - 1] != ')')
		return NULL;
	return S_str_find(&ld->strs, s + 9, len - 10);
}

/* Interned resolved text of a message= attribute, or NULL. */
const char *
xld_message(struct xld *ld, const xmlNode *n)
{
	return ecat_str(ld->cat, xld_resolve(ld, xld_attr(ld, n, N_MESSAGE)));
}

size_t
xld_nchildren(struct xld *ld, const xmlNode *n, enum xld_nm k)
{
	const xmlNode	*c;
	size_t		 i = 0;

	for (c = n->children; c != NULL; c = c->next)
		if (xld_is(ld, c, k))
			i++;
	return i;
}
