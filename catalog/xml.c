/*
 * xml.c: the hardened libxml2 layer under the two XML loaders
 * (manifest.c, wepexplorer.c): the parse with its refusals, the repair
 * of stray characters and libxml2's recovery mode.  It is separate so
 * that the policy toward hostile input is in one place, whatever the
 * format the document turns out to be.  The manifest loader's tree is
 * built by xmltree.c on the parser made here (ecat_xml_ctxt).
 *
 * Hostile input (docs/etw-manifest-reference.md §8):
 *
 *   - nothing is fetched: XML_PARSE_NONET, never NOENT, DTDLOAD or
 *     DTDATTR; the SAX resolveEntity, externalSubset and entityDecl
 *     hooks are replaced by refusals, and the process-wide external
 *     entity loader refuses everything;
 *   - a document with a DOCTYPE is refused (xml-dtd) as soon as the
 *     parser sees it (internalSubset hook, xmlStopParser), before any
 *     entity declaration is read: manifests never carry one, and
 *     without declarations there is nothing to expand (billion laughs)
 *     or to load (XXE);
 *   - libxml2's own limits stay on (no XML_PARSE_HUGE): depth 256,
 *     10,000,000 bytes of text or of one attribute value, names of
 *     50,000 bytes; a file that exceeds one is not read
 *     (limit-exceeded, not xml-malformed: nothing is wrong with the
 *     XML, and neither repair nor recovery would get past it).
 *
 * Malformed files (the TraceEvent rebuild of Windows 10 1803 left four
 * with unescaped '"' or '<' inside attribute values) get xml-malformed
 * at the first error libxml2 reports; then S_repair() escapes the
 * stray characters inside attribute values and the repaired text is
 * parsed normally.  When that does not give a well-formed document
 * (truncated files, garbage) the file is parsed once more with
 * XML_PARSE_RECOVER.  The repair comes first because it keeps more: on
 * the four corpus files it keeps all 1816 events and 243 map entries,
 * where XML_PARSE_RECOVER keeps 1761 events (none of NetworkProvider's
 * and Ntfs's) and 181 entries.  A recovered schema has recovered = 1
 * and an xml-recovered warning says how it was recovered (manifest.c,
 * the entry of both loaders).
 */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlmemory.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "model.h"
#include "xml.h"

/*
 * XML_PARSE_NOBLANKS drops whitespace-only text nodes (less to build
 * and walk); XML_PARSE_COMPACT stores short text inside the node.
 * Neither changes what the loader reads.
 */
#define PARSE_OPTS	(XML_PARSE_NONET | XML_PARSE_BIG_LINES | \
			 XML_PARSE_NOBLANKS | XML_PARSE_COMPACT)

/* ------------------------------------------------------------ parsing */

static pthread_once_t	 S_once = PTHREAD_ONCE_INIT;

/*
 * The process-wide external entity loader (this layer is the only
 * user of libxml2 in etwcat): refuses everything.  The per-parse hooks
 * already keep libxml2 from asking; this is the backstop.  Returns
 * NULL always.
 */
static xmlParserInputPtr
S_noload(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

/*
 * libxml2 allocates through etwcat's wrappers, which report "out of
 * memory" and exit with status 3 (alloc.h).  With its own malloc a
 * failed allocation inside the parser surfaces as a parse error
 * ("Memory allocation failed"), which would report a good manifest as
 * xml-malformed and exit 1 (tests/fault_injection.sh).
 */
static void
S_init(void)
{
	xmlMemSetup(free, ecat_malloc, ecat_realloc, ecat_strdup);
	xmlInitParser();
	xmlSetExternalEntityLoader(S_noload);
}

static struct ecat_xml_ps *
S_psof(void *ctx)
{
	xmlParserCtxtPtr	 ctxt = ctx;

	return ctxt != NULL ? ctxt->_private : NULL;
}

/* Copy libxml2's message without its trailing newline. */
static void
S_errcopy(char *dst, size_t sz, const char *msg)
{
	size_t	 n;

	snprintf(dst, sz, "%s", msg != NULL ? msg : "parse error");
	n = strlen(dst);
	while (n > 0 && (dst[n - 1] == '\n' || dst[n - 1] == ' '))
		dst[--n] = '\0';
}

/*
 * Is this one of libxml2's limits rather than bad XML?  libxml2 2.9
 * has no error code of its own for them: depth and names say "use
 * XML_PARSE_HUGE option", long attribute values "AttValue length too
 * long", long text "huge text node" (reported as a memory error), long
 * comments and CDATA "too big".  Returns 1 or 0.
 */
static int
S_islimit(const xmlError *e)
{
	const char	*m = e->message;

	if (e->code == XML_ERR_NAME_TOO_LONG)
		return 1;
	return m != NULL && (strstr(m, "XML_PARSE_HUGE") != NULL ||
	    strstr(m, "length too long") != NULL ||
	    strstr(m, "huge text node") != NULL ||
	    strstr(m, "Huge input lookup") != NULL ||
	    strstr(m, "too big found") != NULL ||
	    strstr(m, "Excessive depth") != NULL);
}

/* Structured error hook: record the first error; print nothing. */
static void
S_sax_error(void *ctx, xmlErrorPtr e)
{
	struct ecat_xml_ps	*ps;

	(void)ctx;
	if (e == NULL || (ps = S_psof(e->ctxt)) == NULL)
		return;
	if (e->domain == XML_FROM_NAMESPACE) {
		if (ps->nns++ == 0) {
			ps->nsline = e->line > 0 ? (uint32_t)e->line : 0;
			S_errcopy(ps->nsmsg, sizeof(ps->nsmsg), e->message);
		}
		return;
	}
	if (e->level < XML_ERR_ERROR || e->code == XML_ERR_USER_STOP)
		return;
	if (ps->nerr++ == 0) {
		ps->errline = e->line > 0 ? (uint32_t)e->line : 0;
		S_errcopy(ps->errmsg, sizeof(ps->errmsg), e->message);
		ps->limit = S_islimit(e);
	}
}

/*
 * <!DOCTYPE seen: refuse the document before its internal subset is
 * read, so no entity is ever declared (billion laughs, XXE).
 */
static void
S_sax_doctype(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct ecat_xml_ps	*ps = S_psof(ctx);

	(void)name;
	(void)eid;
	(void)sid;
	if (ps != NULL && !ps->dtd) {
		ps->dtd = 1;
		ps->dtdline = ctxt->input != NULL ?
		    (uint32_t)ctxt->input->line : 0;
	}
	xmlStopParser(ctxt);
}

static void
S_sax_extsubset(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	(void)name;
	(void)eid;
	(void)sid;
	S_sax_doctype(ctx, NULL, NULL, NULL);
}

/*
 * An entity declaration (never reached: the DOCTYPE hook stops the
 * parse first) stops it too; lookups find only the five predefined
 * entities.
 */
static void
S_sax_entitydecl(void *ctx, const xmlChar *name, int type,
    const xmlChar *pid, const xmlChar *sid, xmlChar *content)
{
	(void)name;
	(void)type;
	(void)pid;
	(void)sid;
	(void)content;
	S_sax_doctype(ctx, NULL, NULL, NULL);
}

static xmlEntityPtr
S_sax_getentity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	return xmlGetPredefinedEntity(name);
}

static xmlParserInputPtr
S_sax_resolve(void *ctx, const xmlChar *pid, const xmlChar *sid)
{
	(void)pid;
	(void)sid;
	S_sax_doctype(ctx, NULL, NULL, NULL);
	return NULL;
}

/*
 * A parser of buf with the hooks above, its first error reported in
 * *ps (which it points to: ctxt->_private), or NULL with *ps saying
 * why.  ecat_xml_parse() builds libxml2's tree with it; xmltree.c its
 * own.
 *
 * libxml2 copies buf first: its in-place reader for immutable memory
 * (xmlParserInputBufferCreateStatic) misparses 2.9.14's documents.
 */
xmlParserCtxtPtr
ecat_xml_ctxt(const char *buf, size_t len, int recover,
    struct ecat_xml_ps *ps)
{
	xmlParserCtxtPtr	 ctxt;
	xmlSAXHandlerPtr	 sax;

	memset(ps, 0, sizeof(*ps));
	pthread_once(&S_once, S_init);
	if (len == 0 || len > INT_MAX) {
		ps->nerr = 1;
		ps->errline = 1;
		S_errcopy(ps->errmsg, sizeof(ps->errmsg), len == 0 ?
		    "empty file" : "document too large");
		return NULL;
	}
	if ((ctxt = xmlCreateMemoryParserCtxt(buf, (int)len)) == NULL) {
		ps->nerr = 1;
		S_errcopy(ps->errmsg, sizeof(ps->errmsg), "out of memory");
		return NULL;
	}
	xmlCtxtUseOptions(ctxt, PARSE_OPTS | (recover ? XML_PARSE_RECOVER : 0));
	sax = ctxt->sax;
	sax->serror = S_sax_error;
	sax->internalSubset = S_sax_doctype;
	sax->externalSubset = S_sax_extsubset;
	sax->entityDecl = S_sax_entitydecl;
	sax->getEntity = S_sax_getentity;
	sax->getParameterEntity = S_sax_getentity;
	sax->resolveEntity = S_sax_resolve;
	ctxt->_private = ps;
	ctxt->linenumbers = 1;
	/*
	 * No ID/IDREF bookkeeping for attributes (3% of the parse).  This
	 * makes loadsubset non-zero, which only matters once a DOCTYPE
	 * has been seen, and the hooks above stop the parse there.
	 */
	ctxt->loadsubset |= XML_SKIP_IDS;
	return ctxt;
}

/* Was the parse of ctxt well-formed?  Sets ps->nerr when it was not
   and no error said why. */
int
ecat_xml_ok(xmlParserCtxtPtr ctxt, struct ecat_xml_ps *ps)
{
	int	 ok = ctxt->wellFormed && !ps->dtd;

	if (!ok && ps->nerr == 0 && !ps->dtd) {
		ps->nerr = 1;
		S_errcopy(ps->errmsg, sizeof(ps->errmsg), "not well-formed");
	}
	return ok;
}

/*
 * Parse buf with the hooks above.  Returns the document (the caller
 * frees it) when it is well-formed, or, with recover, whatever libxml2
 * could build; NULL otherwise.  *ps says what was seen.
 */
xmlDocPtr
ecat_xml_parse(const char *buf, size_t len, int recover,
    struct ecat_xml_ps *ps)
{
	xmlParserCtxtPtr	 ctxt;
	xmlDocPtr		 doc;
	int			 ok;

	if ((ctxt = ecat_xml_ctxt(buf, len, recover, ps)) == NULL)
		return NULL;
	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	ok = ecat_xml_ok(ctxt, ps);
	xmlFreeParserCtxt(ctxt);
	if (doc != NULL && (ps->dtd || (!ok && !recover))) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

/* ------------------------------------------------------------- repair */

static int
S_namestart(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	    c == ':' || (unsigned char)c >= 0x80;
}

static int
S_namechar(int c)
{
	return S_namestart(c) || (c >= '0' && c <= '9') || c == '-' ||
	    c == '.';
}

int
ecat_xml_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Is the quote at p[-1] the end of an attribute value?  It is when what
 * follows, past blanks, ends the tag or starts the next attribute
 * (Name '=').  The TraceEvent rebuild wrote display strings such as
 * "Merge" and <Property> unescaped inside message= and value=, and none
 * of them is followed by Name '='.
 */
static int
S_closes(const char *p, const char *end)
{
	while (p < end && ecat_xml_space(*p))
		p++;
	if (p == end || *p == '>' || (*p == '/' && p + 1 < end && p[1] == '>'))
		return 1;
	if (!S_namestart(*p))
		return 0;
	while (p < end && S_namechar(*p))
		p++;
	while (p < end && ecat_xml_space(*p))
		p++;
	return p < end && *p == '=';
}

/* Does p start a character or entity reference ("&name;", "&#..;")? */
static int
S_isref(const char *p, const char *end)
{
	const char	*q = p + 1;

	if (q < end && *q == '#') {
		q++;
		if (q < end && (*q == 'x' || *q == 'X'))
			q++;
	} else if (q >= end || !S_namestart(*q))
		return 0;
	while (q < end && q - p < 64 && *q != ';' && !ecat_xml_space(*q) &&
	    *q != '<' && *q != '&' && *q != '"' && *q != '\'')
		q++;
	return q < end && *q == ';' && q > p + 1;
}

/* Copy until the terminator (included); NULL when it never comes. */
static const char *
S_copyto(struct ecat_buf *o, const char *p, const char *end, const char *term)
{
	size_t		 n = strlen(term);
	const char	*q;

	for (q = p; q + n <= end; q++)
		if (memcmp(q, term, n) == 0) {
			ecat_buf_put(o, p, (size_t)(q - p) + n);
			return q + n;
		}
	return NULL;
}

/*
 * Escape the stray '"', '\'', '<' and '&' inside attribute values of
 * start tags; everything else is copied as is.  Returns the number of
 * characters escaped, with the repaired text in *o and the distinct
 * lines (at most nlines) in lines[]; -1 when the text cannot be
 * repaired this way (an unterminated tag, comment or value).
 */
static int
S_repair(const char *buf, size_t len, struct ecat_buf *o,
    uint32_t *lines, size_t nlines, size_t *nl)
{
	const char	*p = buf, *end = buf + len, *q;
	uint32_t	 line = 1;
	int		 n = 0;
	char		 quote;

	*nl = 0;
	ecat_buf_reset(o);
	while (p < end) {
		if (*p != '<') {
			if (*p == '\n')
				line++;
			ecat_buf_putc(o, *p++);
			continue;
		}
		/* Markup that is not a start tag is copied whole. */
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
			q = S_copyto(o, p, end, "-->");
		else if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
			q = S_copyto(o, p, end, "]]>");
		else if (end - p >= 2 && (p[1] == '?' || p[1] == '!' ||
		    p[1] == '/'))
			q = S_copyto(o, p, end, ">");
		else if (end - p >= 2 && S_namestart(p[1]))
			q = p;
		else {
			ecat_buf_putc(o, *p++);
			continue;
		}
		if (q == NULL)
			return -1;
		if (q != p) {
			for (; p < q; p++)
				if (*p == '\n')
					line++;
			continue;
		}
		/* A start tag: name, then attributes up to '>'. */
		ecat_buf_putc(o, *p++);
		while (p < end && S_namechar(*p))
			ecat_buf_putc(o, *p++);
		for (;;) {
			while (p < end && ecat_xml_space(*p)) {
				if (*p == '\n')
					line++;
				ecat_buf_putc(o, *p++);
			}
			if (p == end)
				return -1;
			if (*p == '>') {
				ecat_buf_putc(o, *p++);
				break;
			}
			if (*p == '/' && p + 1 < end && p[1] == '>') {
				ecat_buf_put(o, p, 2);
				p += 2;
				break;
			}
			if (!S_namestart(*p))
				return -1;
			while (p < end && S_namechar(*p))
				ecat_buf_putc(o, *p++);
			for (; p < end && ecat_xml_space(*p); p++) {
				line += *p == '\n';
				ecat_buf_putc(o, *p);
			}
			if (p == end || *p != '=')
				return -1;
			ecat_buf_putc(o, *p++);
			for (; p < end && ecat_xml_space(*p); p++) {
				line += *p == '\n';
				ecat_buf_putc(o, *p);
			}
			if (p == end || (*p != '"' && *p != '\''))
				return -1;
			quote = *p;
			ecat_buf_putc(o, *p++);
			for (;;) {
				const char *esc = NULL;

				if (p == end)
					return -1;
				if (*p == quote && S_closes(p + 1, end)) {
					ecat_buf_putc(o, *p++);
					break;
				}
				if (*p == '"')
					esc = "&quot;";
				else if (*p == '\'' && quote == '\'')
					esc = "&apos;";
				else if (*p == '<')
					esc = "&lt;";
				else if (*p == '&' && !S_isref(p, end))
					esc = "&amp;";
				if (esc != NULL) {
					ecat_buf_puts(o, esc);
					n++;
					if (*nl == 0 || (*nl < nlines &&
					    lines[*nl - 1] != line))
						lines[(*nl)++] = line;
					p++;
					continue;
				}
				if (*p == '\n')
					line++;
				ecat_buf_putc(o, *p++);
			}
		}
	}
	return n;
}

/*
 * The repair comes first because it keeps more (see the top of this
 * file); recovery mode is the fallback for what it cannot mend.
 */
xmlDocPtr
ecat_xml_recover(const char *buf, size_t len, struct ecat_xml_ps *ps,
    int *nrep, uint32_t *lines, size_t nlines, size_t *nl)
{
	struct ecat_buf	 rep;
	xmlDocPtr	 doc = NULL;

	ecat_buf_init(&rep);
	*nrep = S_repair(buf, len, &rep, lines, nlines, nl);
	if (*nrep > 0)
		doc = ecat_xml_parse(rep.buf, rep.len, 0, ps);
	ecat_buf_free(&rep);
	if (doc == NULL) {
		*nrep = 0;
		doc = ecat_xml_parse(buf, len, 1, ps);
	}
	return doc;
}
