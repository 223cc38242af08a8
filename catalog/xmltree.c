/*
 * xmltree.c: the manifest loader's parse (xml.h, ecat_xml_parse_tree):
 * libxml2's parser with the refusals of xml.c, but the tree built here,
 * by SAX2 callbacks, in an arena the document owns, with libxml2's own
 * node types so that the loaders (manifest.c, xld.c) read it as they
 * read libxml2's tree.
 *
 * Why: libxml2's tree builder allocates every element, attribute and
 * attribute value apart and xmlFreeDoc() frees them one by one.  Over
 * lilhoser's 2,851 manifests (etwcat validate, callgrind) building the
 * tree was 20% of the instructions (xmlSAX2StartElementNs) and freeing
 * it 11% (xmlFreeDoc), with malloc's consolidation of the freed nodes
 * on top; here each node is a bump of a pointer and the whole tree one
 * free per chunk.
 *
 * What the tree holds: elements with their namespace declarations,
 * namespace and attributes (each attribute's value one text node, as
 * libxml2 makes it), and each element's line as libxml2 records it.
 * No text, comment or instruction node: the manifest loader reads none
 * (the WEPExplorer loader does, and its documents are parsed by
 * ecat_xml_parse()).  Whatever this builder does not mirror exactly is
 * left to libxml2: a document that is not well-formed (libxml2 mends
 * namespaces and entities in recovery), has a namespace error, a line
 * past 65,534 (libxml2 finds such lines through text nodes), or a root
 * other than a manifest's is parsed again by ecat_xml_parse().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "alloc.h"
#include "xml.h"

#define EV_NS	"http://schemas.microsoft.com/win/2004/08/events"
#define ASM_NS	"urn:schemas-microsoft-com:asm.v3"

/* The arena's chunks: the first holds the document and the arena. */
struct tchunk {
	struct tchunk	*next;
	size_t		 used, size;
	max_align_t	 data[];
};

struct tstate {
	struct ecat_xml_ps	 ps;	/* first: ctxt->_private (xml.c) */
	xmlParserCtxtPtr	 ctxt;
	struct tchunk		*chunks;
	xmlDocPtr		 doc;
	xmlNodePtr		 cur;	/* the open element, or NULL */
	int			 bail;	/* leave it to ecat_xml_parse() */
};

/* The mark of a document of this file (xmlDoc.psvi). */
static const char	 S_mark;

/* The "xml" prefix's namespace, which libxml2 binds without a
   declaration. */
static xmlNs	 S_xmlns = { NULL, XML_LOCAL_NAMESPACE,
    (const xmlChar *)"http://www.w3.org/XML/1998/namespace",
    (const xmlChar *)"xml", NULL, NULL };

/* n zeroed bytes; chunks double, from a quarter of a megabyte. */
static void *
S_alloc(struct tstate *st, size_t n)
{
	struct tchunk	*c = st->chunks;
	size_t		 size;
	void		*p;

	n = (n + 15) & ~(size_t)15;
	if (c == NULL || c->size - c->used < n) {
		size = c == NULL ? 256 * 1024 : c->size * 2;
		if (size > 16 * 1024 * 1024)
			size = 16 * 1024 * 1024;
		if (size < n)
			size = n;
		c = ecat_malloc(sizeof(*c) + size);
		c->next = st->chunks;
		c->used = 0;
		c->size = size;
		st->chunks = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

static void
S_chunks_free(struct tchunk *c)
{
	struct tchunk	*next;

	for (; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
}

/* The nearest declaration of prefix (NULL: the default namespace) on n
   or above, as xmlSearchNs() finds it; NULL when none. */
static xmlNsPtr
S_findns(xmlNodePtr n, const xmlChar *prefix)
{
	xmlNsPtr	 ns;

	for (; n != NULL; n = n->parent)
		for (ns = n->nsDef; ns != NULL; ns = ns->next)
			if (ns->prefix == prefix || (ns->prefix != NULL &&
			    prefix != NULL && strcmp((const char *)ns->prefix,
			    (const char *)prefix) == 0))
				return ns;
	return NULL;
}

/*
 * An attribute value as libxml2 stores it: the parser hands a value
 * that needed no change as a slice of the input, and one it changed
 * (references, normalised blanks) NUL-terminated, where with entities
 * not replaced "&amp;" and "&#38;" are written "&#38;" for the tree
 * builder to read as "&" (xmlStringLenGetNodeList).
 */
static xmlChar *
S_value(struct tstate *st, const xmlChar *v, const xmlChar *end)
{
	size_t		 n = (size_t)(end - v), i, j;
	xmlChar		*s;

	s = S_alloc(st, n + 1);
	if (*end != '\0' || memchr(v, '&', n) == NULL) {
		memcpy(s, v, n);
		return s;
	}
	for (i = j = 0; i < n; j++)
		if (v[i] == '&' && n - i >= 5 &&
		    memcmp(v + i, "&#38;", 5) == 0) {
			s[j] = '&';
			i += 5;
		} else if (v[i] == '&') {
			/* An entity reference: not in a well-formed
			   document without a DOCTYPE. */
			st->bail = 1;
			s[j] = v[i++];
		} else
			s[j] = v[i++];
	return s;
}

static void
S_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattr,
    int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct tstate		*st = ctxt->_private;
	xmlNodePtr		 n, t;
	xmlAttrPtr		 a, alast = NULL;
	xmlNsPtr		 ns, nslast = NULL;
	int			 i;

	(void)ndefaulted;
	if (st->bail)
		return;
	if (ctxt->input == NULL || ctxt->input->line >= 65535 ||
	    (uri == NULL && prefix != NULL)) {
		st->bail = 1;
		xmlStopParser(ctxt);
		return;
	}
	if (st->cur == NULL && (uri == NULL ||
	    !((strcmp((const char *)localname, "instrumentationManifest") ==
	    0 && strcmp((const char *)uri, EV_NS) == 0) ||
	    (strcmp((const char *)localname, "assembly") == 0 &&
	    strcmp((const char *)uri, ASM_NS) == 0)))) {
		st->bail = 1;
		xmlStopParser(ctxt);
		return;
	}
	n = S_alloc(st, sizeof(*n));
	n->type = XML_ELEMENT_NODE;
	n->name = localname;
	n->doc = st->doc;
	n->line = (unsigned short)ctxt->input->line;
	n->parent = st->cur;
	if (st->cur == NULL) {
		st->doc->children = st->doc->last = n;
		n->parent = (xmlNodePtr)st->doc;
	} else {
		if ((n->prev = st->cur->last) != NULL)
			n->prev->next = n;
		else
			st->cur->children = n;
		st->cur->last = n;
	}
	for (i = 0; i < nns; i++) {
		ns = S_alloc(st, sizeof(*ns));
		ns->type = XML_LOCAL_NAMESPACE;
		ns->prefix = nss[2 * i];
		ns->href = nss[2 * i + 1];
		if (nslast == NULL)
			n->nsDef = ns;
		else
			nslast->next = ns;
		nslast = ns;
	}
	if (uri != NULL && (n->ns = S_findns(n, prefix)) == NULL) {
		if (prefix != NULL && strcmp((const char *)prefix, "xml") == 0)
			n->ns = &S_xmlns;
		else
			st->bail = 1;
	}
	for (i = 0; i < nattr; i++, attrs += 5) {
		a = S_alloc(st, sizeof(*a));
		a->type = XML_ATTRIBUTE_NODE;
		a->name = attrs[0];
		a->parent = n;
		a->doc = st->doc;
		if (attrs[1] != NULL) {
			if ((a->ns = S_findns(n, attrs[1])) == NULL)
				a->ns = &S_xmlns;
		}
		t = S_alloc(st, sizeof(*t));
		t->type = XML_TEXT_NODE;
		t->name = xmlStringText;
		t->doc = st->doc;
		t->parent = (xmlNodePtr)a;
		t->content = S_value(st, attrs[3], attrs[4]);
		a->children = a->last = t;
		if ((a->prev = alast) != NULL)
			alast->next = a;
		else
			n->properties = a;
		alast = a;
	}
	st->cur = n;
}

static void
S_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct tstate		*st = ctxt->_private;

	(void)localname;
	(void)prefix;
	(void)uri;
	if (st->bail || st->cur == NULL)
		return;
	st->cur = st->cur->parent;
	if (st->cur == (xmlNodePtr)st->doc)
		st->cur = NULL;
}

static void
S_nodoc(void *ctx)
{
	(void)ctx;
}

xmlDocPtr
ecat_xml_parse_tree(const char *buf, size_t len, struct ecat_xml_ps *ps)
{
	struct tstate	 st, *keep;
	xmlSAXHandlerPtr sax;
	xmlDocPtr	 doc;
	int		 ok;

	memset(&st, 0, sizeof(st));
	if ((st.ctxt = ecat_xml_ctxt(buf, len, 0, &st.ps)) == NULL) {
		*ps = st.ps;
		return NULL;
	}
	sax = st.ctxt->sax;
	sax->startDocument = S_nodoc;
	sax->endDocument = S_nodoc;
	sax->startElementNs = S_start;
	sax->endElementNs = S_end;
	sax->characters = NULL;
	sax->ignorableWhitespace = NULL;
	sax->cdataBlock = NULL;
	sax->comment = NULL;
	sax->processingInstruction = NULL;
	sax->reference = NULL;
	st.doc = S_alloc(&st, sizeof(*st.doc));
	st.doc->type = XML_DOCUMENT_NODE;
	st.doc->doc = st.doc;
	st.doc->psvi = (void *)(uintptr_t)&S_mark;
	st.doc->dict = st.ctxt->dict;
	xmlDictReference(st.ctxt->dict);

	xmlParseDocument(st.ctxt);
	ok = ecat_xml_ok(st.ctxt, &st.ps);
	if (st.ctxt->myDoc != NULL) {
		xmlFreeDoc(st.ctxt->myDoc);
		st.ctxt->myDoc = NULL;
	}
	xmlFreeParserCtxt(st.ctxt);
	if (st.ps.dtd) {
		*ps = st.ps;
		xmlDictFree(st.doc->dict);
		S_chunks_free(st.chunks);
		return NULL;
	}
	if (st.bail || !ok || st.ps.nns > 0 || st.doc->children == NULL) {
		xmlDictFree(st.doc->dict);
		S_chunks_free(st.chunks);
		return ecat_xml_parse(buf, len, 0, ps);
	}
	*ps = st.ps;
	doc = st.doc;
	/* The chunks, kept with the document until ecat_xml_free(). */
	keep = S_alloc(&st, sizeof(*keep));
	keep->chunks = st.chunks;
	doc->_private = keep;
	return doc;
}

void
ecat_xml_free(xmlDocPtr doc)
{
	struct tstate	*keep;

	if (doc == NULL)
		return;
	if (doc->psvi != (void *)(uintptr_t)&S_mark) {
		xmlFreeDoc(doc);
		return;
	}
	keep = doc->_private;
	/* xmlSearchNs() gives the "xml" prefix a namespace of its own. */
	if (doc->oldNs != NULL)
		xmlFreeNsList(doc->oldNs);
	xmlDictFree(doc->dict);
	S_chunks_free(keep->chunks);
}
