/*
 * manifest.c: the instrumentationManifest XML loader and the WEPExplorer
 * <Providers> loader, told apart by the root element.  The only file in
 * the tree that includes libxml2.
 *
 * One parse per file (xmlCreateMemoryParserCtxt over the caller's
 * buffer), one walk of the tree, the document freed at once: nothing
 * from libxml2 is kept, every string the model holds is interned.
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
 *     XML, and neither repair nor recovery would get past it);
 *   - a template keeps its first ECAT_MAX_FIELDS items and a string
 *     longer than ECAT_MAX_STRING bytes is not kept (limit-exceeded;
 *     load.h).
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
 * and an xml-recovered warning says how it was recovered.
 *
 * Names are resolved the way mc does (reference §1.1, §1.4, §8):
 * QNames in attribute values through xmlSearchNs on the element, so a
 * winmeta name is one whose prefix is bound to the winmeta URI, whatever
 * the prefix text; provider-defined names are compared as written (the
 * TraceEvent rebuild writes names such as "ut:SendPath" whose prefix is
 * never declared).  Definitions are read before events, since children
 * of <provider> come in any order.  A reference that does not resolve
 * keeps its name and lacks its ECAT_HAS_* bit; lint reports it.  A
 * channel declared without value= has no number to give its events
 * (mc would assign one): they keep the name, without ECAT_HAS_CHANNEL.
 */
#include <sys/types.h>

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlmemory.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "load.h"

/* Namespace URIs (reference §1.1). */
#define NS_EVENTS	"http://schemas.microsoft.com/win/2004/08/events"
#define NS_WIN		\
	"http://manifests.microsoft.com/win/2004/08/windows/events"
#define NS_XS		"http://www.w3.org/2001/XMLSchema"
#define NS_TRACE	"http://schemas.microsoft.com/win/2004/08/events/trace"

/*
 * XML_PARSE_NOBLANKS drops whitespace-only text nodes (less to build
 * and walk); XML_PARSE_COMPACT stores short text inside the node.
 * Neither changes what the loader reads.
 */
#define PARSE_OPTS	(XML_PARSE_NONET | XML_PARSE_BIG_LINES | \
			 XML_PARSE_NOBLANKS | XML_PARSE_COMPACT)

/* Longest input value echoed in a diagnostic. */
#define ECHO_MAX	60

/* ------------------------------------------------------------ parsing */

/* What one parse saw, filled by the SAX hooks below. */
struct S_pstate {
	int		 dtd;		/* a DOCTYPE was refused */
	uint32_t	 dtdline;
	uint32_t	 nerr;		/* errors (not warnings) */
	uint32_t	 errline;	/* the first one */
	char		 errmsg[160];
	uint32_t	 nns;		/* namespace errors */
	uint32_t	 nsline;
	char		 nsmsg[160];
	int		 limit;		/* the first error is a limit's */
};

static pthread_once_t	 S_once = PTHREAD_ONCE_INIT;

/*
 * The process-wide external entity loader (this file is the only user
 * of libxml2 in etwcat): refuses everything.  The per-parse hooks
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

static struct S_pstate *
S_pstate(void *ctx)
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
	struct S_pstate	*ps;

	(void)ctx;
	if (e == NULL || (ps = S_pstate(e->ctxt)) == NULL)
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
	struct S_pstate		*ps = S_pstate(ctx);

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
 * Parse buf with the hooks above.  Returns the document (the caller
 * frees it) when it is well-formed, or, with recover, whatever libxml2
 * could build; NULL otherwise.  *ps says what was seen.
 *
 * libxml2 copies buf first: its in-place reader for immutable memory
 * (xmlParserInputBufferCreateStatic) misparses 2.9.14's documents.
 */
static xmlDocPtr
S_parse(const char *buf, size_t len, int recover, struct S_pstate *ps)
{
	xmlParserCtxtPtr	 ctxt;
	xmlSAXHandlerPtr	 sax;
	xmlDocPtr		 doc;
	int			 ok;

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

	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	ok = ctxt->wellFormed && !ps->dtd;
	if (!ok && ps->nerr == 0 && !ps->dtd) {
		ps->nerr = 1;
		S_errcopy(ps->errmsg, sizeof(ps->errmsg), "not well-formed");
	}
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

static int
S_space(int c)
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
	while (p < end && S_space(*p))
		p++;
	if (p == end || *p == '>' || (*p == '/' && p + 1 < end && p[1] == '>'))
		return 1;
	if (!S_namestart(*p))
		return 0;
	while (p < end && S_namechar(*p))
		p++;
	while (p < end && S_space(*p))
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
	while (q < end && q - p < 64 && *q != ';' && !S_space(*q) &&
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
			while (p < end && S_space(*p)) {
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
			for (; p < end && S_space(*p); p++) {
				line += *p == '\n';
				ecat_buf_putc(o, *p);
			}
			if (p == end || *p != '=')
				return -1;
			ecat_buf_putc(o, *p++);
			for (; p < end && S_space(*p); p++) {
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

/* ------------------------------------------------------------ tables */

/* Element and attribute names, compared by dictionary pointer. */
enum S_nm {
	N_INSTRUMENTATIONMANIFEST, N_INSTRUMENTATION, N_EVENTS, N_PROVIDER,
	N_CHANNELS, N_CHANNEL, N_IMPORTCHANNEL, N_LEVELS, N_LEVEL, N_TASKS,
	N_TASK, N_OPCODES, N_OPCODE, N_KEYWORDS, N_KEYWORD, N_MAPS,
	N_VALUEMAP, N_BITMAP, N_MAP, N_TEMPLATES, N_TEMPLATE, N_DATA,
	N_STRUCT, N_EVENT, N_LOCALIZATION, N_RESOURCES, N_STRINGTABLE,
	N_STRING,
	/* attributes that are not element names too */
	N_NAME, N_GUID, N_SYMBOL, N_RESOURCEFILENAME, N_MESSAGEFILENAME,
	N_PARAMETERFILENAME, N_MESSAGE, N_CHID, N_TYPE, N_VALUE, N_ENABLED,
	N_MASK, N_TID, N_INTYPE, N_OUTTYPE, N_COUNT, N_LENGTH, N_VERSION,
	N_ID, N_CULTURE,
	N__MAX
};

static const char *const S_nmstr[N__MAX] = {
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

/* Dictionary name pointer → enum S_nm (open addressing). */
#define NMTAB	128

struct S_nment {
	const xmlChar	*name;
	uint32_t	 k;
};

/*
 * A small direct-mapped cache in front of the catalog's interner: the
 * names a manifest repeats on every event and item (levels, tasks,
 * keywords, types, field names) are found here without touching the
 * interner's large table.
 */
#define ICACHE	512

struct S_ient {
	const char	*s;		/* interned */
	uint32_t	 len;
	uint32_t	 h;
};

/* S_winmeta's memo. */
#define WMCACHE	16

struct S_wment {
	const char			*local;
	uint32_t			 kind;
	const struct ecat_winmeta	*wm;
};

/* $(string.ID) → text, for one document. */
struct S_strent {
	const char	*id;	/* libxml2's, valid with the doc */
	size_t		 len;
	uint64_t	 h;
	const char	*val;
};

struct S_strtab {
	struct S_strent	*v;
	size_t		 cap;	/* power of two; 0: empty */
};

/* Definitions of one provider by (kind, interned name). */
enum S_kind { K_LEVEL = 1, K_TASK, K_OPCODE, K_KEYWORD, K_CHID, K_CHNAME,
	K_TEMPLATE };

struct S_sym {
	const char	*key;		/* interned */
	uint32_t	 kind;
	uint32_t	 idx;
};

struct S_symtab {
	struct S_sym	*v;
	size_t		 cap;
};

/*
 * The loader's state for one file.  nm[] are the dictionary pointers of
 * the names in S_nmstr (or the strings themselves when the document has
 * no dictionary), nmtab maps them back; av[] holds the attributes of
 * the element avnode, read in one pass (S_attr), avset[] which of them
 * are set; ic[] is a small cache in front of the interner; evns and
 * nsc_* remember namespace lookups; chval[i] says channel i has a value.
 */
struct S_ld {
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	const char		*file;		/* interned */
	xmlDocPtr		 doc;
	const xmlChar		*nm[N__MAX];
	int			 dictnames;
	struct S_nment		 nmtab[NMTAB];
	const xmlNode		*avnode;
	const char		*av[N__MAX];
	uint8_t			 avset[N__MAX];
	uint32_t		 navset;
	struct S_ient		 ic[ICACHE];
	struct S_wment		 wmc[WMCACHE];
	const xmlNs		*evns;
	const xmlNode		*nsc_parent;
	char			 nsc_pfx[64];
	xmlNsPtr		 nsc_ns;
	uint32_t		 line_off;	/* WEPExplorer CDATA */
	int			 recovered;
	struct ecat_msgctx	 ctx;
	struct S_strtab		 strs;
	struct S_symtab		 syms;
	uint8_t			*chval;
	/* scratch for templates */
	struct ecat_field	*fields;
	size_t			 fieldcap;
	uint32_t		*flines;
	size_t			 flinecap;
	struct ecat_field	*mem;
	size_t			 memcap;
	size_t			*memoff;
	size_t			 memoffcap;
};

static uint64_t
S_ptrhash(const void *p, uint32_t kind)
{
	uint64_t	 k = (uint64_t)(uintptr_t)p ^ ((uint64_t)kind << 59);

	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

static void
S_sym_init(struct S_symtab *t, size_t n)
{
	t->cap = 64;
	while (t->cap < n * 2)
		t->cap *= 2;
	t->v = ecat_calloc(t->cap, sizeof(*t->v));
}

static void
S_sym_free(struct S_symtab *t)
{
	free(t->v);
	t->v = NULL;
	t->cap = 0;
}

/* Add (kind, key) → idx unless already there (the first one wins). */
static void
S_sym_add(struct S_symtab *t, uint32_t kind, const char *key, uint32_t idx)
{
	size_t	 i;

	if (key == NULL || t->cap == 0)
		return;
	i = S_ptrhash(key, kind) & (t->cap - 1);
	while (t->v[i].key != NULL) {
		if (t->v[i].key == key && t->v[i].kind == kind)
			return;
		i = (i + 1) & (t->cap - 1);
	}
	t->v[i].key = key;
	t->v[i].kind = kind;
	t->v[i].idx = idx;
}

/* Index of (kind, key), or -1. */
static int64_t
S_sym_find(const struct S_symtab *t, uint32_t kind, const char *key)
{
	size_t	 i;

	if (key == NULL || t->cap == 0)
		return -1;
	i = S_ptrhash(key, kind) & (t->cap - 1);
	while (t->v[i].key != NULL) {
		if (t->v[i].key == key && t->v[i].kind == kind)
			return t->v[i].idx;
		i = (i + 1) & (t->cap - 1);
	}
	return -1;
}

static void
S_str_init(struct S_strtab *t, size_t n)
{
	t->cap = 64;
	while (t->cap < n * 2)
		t->cap *= 2;
	t->v = ecat_calloc(t->cap, sizeof(*t->v));
}

static void
S_str_free(struct S_strtab *t)
{
	free(t->v);
	t->v = NULL;
	t->cap = 0;
}

static void
S_str_add(struct S_strtab *t, const char *id, const char *val)
{
	size_t		 len = strlen(id), i;
	uint64_t	 h = ecat_hash(id, len, ECAT_HASH_SEED);

	i = h & (t->cap - 1);
	while (t->v[i].id != NULL) {
		if (t->v[i].h == h && t->v[i].len == len &&
		    memcmp(t->v[i].id, id, len) == 0)
			return;	/* duplicate id: the first wins */
		i = (i + 1) & (t->cap - 1);
	}
	t->v[i].id = id;
	t->v[i].len = len;
	t->v[i].h = h;
	t->v[i].val = val;
}

static const char *
S_str_find(const struct S_strtab *t, const char *id, size_t len)
{
	uint64_t	 h;
	size_t		 i;

	if (t->cap == 0)
		return NULL;
	h = ecat_hash(id, len, ECAT_HASH_SEED);
	i = h & (t->cap - 1);
	while (t->v[i].id != NULL) {
		if (t->v[i].h == h && t->v[i].len == len &&
		    memcmp(t->v[i].id, id, len) == 0)
			return t->v[i].val;
		i = (i + 1) & (t->cap - 1);
	}
	return NULL;
}

/* ----------------------------------------------------------- helpers */

static void
S_names(struct S_ld *ld)
{
	int	 i;

	size_t	 j;

	ld->dictnames = ld->doc->dict != NULL;
	memset(ld->nmtab, 0, sizeof(ld->nmtab));
	for (i = 0; i < N__MAX; i++) {
		ld->nm[i] = ld->dictnames ?
		    xmlDictExists(ld->doc->dict, (const xmlChar *)S_nmstr[i],
		    -1) : (const xmlChar *)S_nmstr[i];
		if (!ld->dictnames || ld->nm[i] == NULL)
			continue;
		j = S_ptrhash(ld->nm[i], 0) & (NMTAB - 1);
		while (ld->nmtab[j].name != NULL)
			j = (j + 1) & (NMTAB - 1);
		ld->nmtab[j].name = ld->nm[i];
		ld->nmtab[j].k = (uint32_t)i;
	}
	ld->evns = NULL;
	ld->nsc_parent = NULL;
	ld->avnode = NULL;
	memset(ld->av, 0, sizeof(ld->av));
	ld->navset = 0;
}

/* The enum S_nm of an element or attribute name, or N__MAX. */
static enum S_nm
S_nmof(const struct S_ld *ld, const xmlChar *name)
{
	size_t	 j;
	int	 i;

	if (!ld->dictnames) {
		for (i = 0; i < N__MAX; i++)
			if (strcmp((const char *)name, S_nmstr[i]) == 0)
				return (enum S_nm)i;
		return N__MAX;
	}
	j = S_ptrhash(name, 0) & (NMTAB - 1);
	while (ld->nmtab[j].name != NULL) {
		if (ld->nmtab[j].name == name)
			return (enum S_nm)ld->nmtab[j].k;
		j = (j + 1) & (NMTAB - 1);
	}
	return N__MAX;
}

/*
 * Intern s (len bytes) through the front cache.  Returns the catalog's
 * interned copy.
 */
static const char *
S_istrn(struct S_ld *ld, const char *s, size_t len)
{
	struct S_ient	*e;
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

static const char *
S_istr(struct S_ld *ld, const char *s)
{
	return s == NULL ? NULL : S_istrn(ld, s, strlen(s));
}

static int
S_nameis(const struct S_ld *ld, const xmlChar *name, enum S_nm k)
{
	if (ld->dictnames)
		return ld->nm[k] != NULL && name == ld->nm[k];
	return strcmp((const char *)name, S_nmstr[k]) == 0;
}

/* Is n the manifest element k (events namespace)? */
static int
S_is(struct S_ld *ld, const xmlNode *n, enum S_nm k)
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

static uint32_t
S_line(const struct S_ld *ld, const xmlNode *n)
{
	long	 l = xmlGetLineNo(n);

	return (l > 0 ? (uint32_t)l : 0) + ld->line_off;
}

static struct ecat_loc
S_loc(const struct S_ld *ld, const xmlNode *n)
{
	struct ecat_loc	 loc;

	loc.file = ld->file;
	loc.line = n != NULL ? S_line(ld, n) : 0;
	loc.col = 0;
	return loc;
}

static void
S_msg(struct S_ld *ld, enum ecat_msg m, const xmlNode *n, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

/* Emit m at n's line, with the build, provider and event in context. */
static void
S_msg(struct S_ld *ld, enum ecat_msg m, const xmlNode *n, const char *fmt,
    ...)
{
	struct ecat_loc	 loc = S_loc(ld, n);
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
static const char *
S_attr(struct S_ld *ld, const xmlNode *n, enum S_nm k)
{
	const xmlAttr	*a;
	xmlChar		*s;
	const char	*v;
	enum S_nm	 ak;

	/* One pass over an element's attributes, kept for later calls. */
	if (n != ld->avnode) {
		while (ld->navset > 0)
			ld->av[ld->avset[--ld->navset]] = NULL;
		ld->avnode = n;
		for (a = n->properties; a != NULL; a = a->next) {
			if (a->ns != NULL ||
			    (ak = S_nmof(ld, a->name)) == N__MAX ||
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
static const char *
S_iattr(struct S_ld *ld, const xmlNode *n, enum S_nm k)
{
	return S_istr(ld, S_attr(ld, n, k));
}

/*
 * A required attribute: emits xml-missing-attribute when absent.
 * Returns the value (libxml2's) or NULL.
 */
static const char *
S_req(struct S_ld *ld, const xmlNode *n, enum S_nm k)
{
	const char	*v = S_attr(ld, n, k);

	if (v == NULL)
		S_msg(ld, ECAT_MSG_XML_MISSING_ATTR, n, "<%s> has no %s=",
		    (const char *)n->name, S_nmstr[k]);
	return v;
}

/*
 * Parse a decimal or 0x-hex number, blanks around it allowed.  Returns
 * 0 and *out, or -1 when s is not a number or exceeds max.
 */
static int
S_num(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t	 v = 0;
	unsigned	 d;
	int		 hex = 0, any = 0;

	while (S_space(*s))
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
	while (S_space(*s))
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
static int
S_numattr(struct S_ld *ld, const xmlNode *n, enum S_nm k, uint64_t max,
    int required, uint64_t *out)
{
	const char	*v = required ? S_req(ld, n, k) : S_attr(ld, n, k);

	if (v == NULL)
		return 1;
	if (S_num(v, max, out) == 0)
		return 0;
	S_msg(ld, ECAT_MSG_XML_BAD_VALUE, n,
	    "<%s %s=\"%.*s\">: not a number from 0 to %llu",
	    (const char *)n->name, S_nmstr[k], ECHO_MAX, v,
	    (unsigned long long)max);
	return -1;
}

/*
 * If the QName s has a prefix bound to uri on n, returns the local part
 * (pointing into s); otherwise NULL.  An unprefixed name is in the
 * default namespace (the events namespace), never in uri.
 */
static const char *
S_qname_in(struct S_ld *ld, const xmlNode *n, const char *s, const char *uri)
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
 * Resolve a message reference "$(string.ID)" (reference §1.9; "string"
 * case-insensitive).  Returns the text (libxml2's), or NULL when s is
 * not such a reference or the ID is not in the string table.
 */
static const char *
S_resolve(const struct S_ld *ld, const char *s)
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
static const char *
S_message(struct S_ld *ld, const xmlNode *n)
{
	return ecat_str(ld->cat, S_resolve(ld, S_attr(ld, n, N_MESSAGE)));
}

static size_t
S_nchildren(struct S_ld *ld, const xmlNode *n, enum S_nm k)
{
	const xmlNode	*c;
	size_t		 i = 0;

	for (c = n->children; c != NULL; c = c->next)
		if (S_is(ld, c, k))
			i++;
	return i;
}

/* ------------------------------------------------ localization (§1.9) */

/*
 * Build the string table from the en-US <resources>, or the first one
 * when there is no en-US.
 */
static void
S_strings(struct S_ld *ld, const xmlNode *root)
{
	const xmlNode	*loc, *res, *pick = NULL, *tab, *s;
	const char	*culture, *id, *val;
	size_t		 n = 0;

	for (loc = root->children; loc != NULL; loc = loc->next) {
		if (!S_is(ld, loc, N_LOCALIZATION))
			continue;
		for (res = loc->children; res != NULL; res = res->next) {
			if (!S_is(ld, res, N_RESOURCES))
				continue;
			if (pick == NULL)
				pick = res;
			culture = S_attr(ld, res, N_CULTURE);
			if (culture != NULL &&
			    strcasecmp(culture, "en-US") == 0) {
				pick = res;
				break;
			}
		}
		if (pick != NULL)
			break;
	}
	if (pick == NULL)
		return;
	for (tab = pick->children; tab != NULL; tab = tab->next)
		if (S_is(ld, tab, N_STRINGTABLE))
			n += S_nchildren(ld, tab, N_STRING);
	S_str_init(&ld->strs, n);
	for (tab = pick->children; tab != NULL; tab = tab->next) {
		if (!S_is(ld, tab, N_STRINGTABLE))
			continue;
		for (s = tab->children; s != NULL; s = s->next) {
			if (!S_is(ld, s, N_STRING))
				continue;
			if ((id = S_req(ld, s, N_ID)) == NULL ||
			    (val = S_req(ld, s, N_VALUE)) == NULL)
				continue;
			if (strlen(val) > ECAT_MAX_STRING) {
				S_msg(ld, ECAT_MSG_LIMIT, s, "string %.*s of "
				    "%zu bytes; the limit is %d; not kept",
				    ECHO_MAX, id, strlen(val), ECAT_MAX_STRING);
				continue;
			}
			S_str_add(&ld->strs, id, val);
		}
	}
}

/* -------------------------------------------------- definitions (§1.5) */

/* name, symbol, message and loc of a definition. */
static void
S_named(struct S_ld *ld, const xmlNode *n, struct ecat_named *d)
{
	d->name = S_iattr(ld, n, N_NAME);
	d->symbol = S_iattr(ld, n, N_SYMBOL);
	d->message_ref = S_iattr(ld, n, N_MESSAGE);
	d->message = S_message(ld, n);
	d->loc = S_loc(ld, n);
	d->task = -1;
}

static void
S_channel(struct S_ld *ld, const xmlNode *n, struct ecat_named *d,
    uint32_t idx, int imported)
{
	const struct ecat_winmeta	*wm;
	const char			*v;
	uint64_t			 u;

	S_named(ld, n, d);
	if (S_req(ld, n, N_NAME) == NULL)
		d->name = NULL;
	d->chid = S_iattr(ld, n, N_CHID);
	d->imported = imported;
	if (!imported) {
		if ((d->type = S_iattr(ld, n, N_TYPE)) == NULL)
			S_req(ld, n, N_TYPE);
		v = S_attr(ld, n, N_ENABLED);
		d->enabled = v != NULL &&
		    (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
		if (S_numattr(ld, n, N_VALUE, 255, 0, &u) == 0) {
			d->value = u;
			ld->chval[idx] = 1;
		}
	} else if ((wm = ecat_winmeta_channel(d->name)) != NULL) {
		/* A winmeta legacy channel has a fixed value (§1.5). */
		d->value = wm->value;
		ld->chval[idx] = 1;
	}
	S_sym_add(&ld->syms, K_CHID, d->chid, idx);
	S_sym_add(&ld->syms, K_CHNAME, d->name, idx);
}

/*
 * A level, task, opcode or keyword: name and value (mask for keywords)
 * are required.  Returns 0 when both are valid.
 */
static int
S_def(struct S_ld *ld, const xmlNode *n, struct ecat_named *d,
    enum S_nm vattr, uint64_t max)
{
	uint64_t	 u = 0;
	int		 rc = 0;

	S_named(ld, n, d);
	if (S_req(ld, n, N_NAME) == NULL)
		rc = -1;
	if (S_numattr(ld, n, vattr, max, 1, &u) != 0)
		rc = -1;
	d->value = u;
	return rc;
}

static void
S_map(struct S_ld *ld, const xmlNode *n, struct ecat_map *m)
{
	const xmlNode	*c;
	uint64_t	 u;
	uint32_t	 i = 0;

	m->name = S_iattr(ld, n, N_NAME);
	if (m->name == NULL)
		S_req(ld, n, N_NAME);
	m->bitmap = S_is(ld, n, N_BITMAP);
	m->loc = S_loc(ld, n);
	m->nentries = (uint32_t)S_nchildren(ld, n, N_MAP);
	m->entries = ECAT_NEWARRAY(ld->cat, struct ecat_mapentry,
	    m->nentries);
	for (c = n->children; c != NULL; c = c->next) {
		if (!S_is(ld, c, N_MAP))
			continue;
		if (S_numattr(ld, c, N_VALUE, UINT32_MAX, 1, &u) == 0)
			m->entries[i].value = u;
		m->entries[i].message_ref = S_iattr(ld, c, N_MESSAGE);
		m->entries[i].message = S_message(ld, c);
		m->entries[i].symbol = S_iattr(ld, c, N_SYMBOL);
		m->entries[i].loc = S_loc(ld, c);
		i++;
	}
}

/* ------------------------------------------------------ templates (§1.7) */

static struct ecat_field *
S_grow_fields(struct ecat_field **v, size_t *cap, size_t n)
{
	if (n >= *cap) {
		*cap = *cap ? *cap * 2 : 64;
		if (*cap <= n)
			*cap = n + 1;
		*v = ecat_reallocarray(*v, *cap, sizeof(**v));
	}
	memset(&(*v)[n], 0, sizeof(**v));
	return &(*v)[n];
}

/*
 * An inType or outType QName: the prefix and local part as written,
 * and the type when the prefix is bound to winmeta (or, for outTypes,
 * XML Schema).  Returns the enum value, 0 when unknown.
 */
static unsigned
S_type(struct S_ld *ld, const xmlNode *n, const char *s, int out,
    const char **name, const char **ns, uint8_t *flags)
{
	const char	*colon, *local;
	int		 folded = 0;
	unsigned	 t = 0;

	*name = *ns = NULL;
	if (s == NULL)
		return 0;
	if ((colon = strchr(s, ':')) != NULL) {
		*ns = S_istrn(ld, s, (size_t)(colon - s));
		*name = S_istr(ld, colon + 1);
	} else
		*name = S_istr(ld, s);
	if ((local = S_qname_in(ld, n, s, NS_WIN)) == NULL && out)
		local = S_qname_in(ld, n, s, NS_XS);
	if (local != NULL) {
		t = out ? (unsigned)ecat_outtype_lookup(local, &folded) :
		    (unsigned)ecat_intype_lookup(local, &folded);
		if (t != 0 && folded)
			*flags |= ECAT_FIELD_TYPE_CASE;
	} else if (S_qname_in(ld, n, s, NS_TRACE) == NULL) {
		/*
		 * No prefix (the default namespace is the events one),
		 * or one bound elsewhere: mc rejects both (§1.1).  The
		 * type stays unknown, its name as written.  trace: types
		 * are legacy names with no TDH number here: lint reports
		 * them as unknown, without this warning.
		 */
		S_msg(ld, ECAT_MSG_XML_NAMESPACE, n,
		    "%s=\"%.*s\": not in the winmeta%s namespace",
		    out ? "outType" : "inType", ECHO_MAX, s,
		    out ? " or XML Schema" : "");
	}
	return t;
}

/* count= or length=: a literal number or the name of another item. */
static void
S_countlen(struct S_ld *ld, const xmlNode *n, enum S_nm k,
    struct ecat_field *f)
{
	const char	*v = S_attr(ld, n, k);
	uint64_t	 u;

	if (v == NULL)
		return;
	f->flags |= k == N_COUNT ? ECAT_FIELD_COUNT : ECAT_FIELD_LENGTH;
	if (S_num(v, UINT64_MAX, &u) == 0) {
		if (u > UINT32_MAX) {
			S_msg(ld, ECAT_MSG_XML_BAD_VALUE, n,
			    "<%s %s=\"%.*s\">: not a number from 0 to %u",
			    (const char *)n->name, S_nmstr[k], ECHO_MAX, v,
			    UINT32_MAX);
			u = 0;
		}
		if (k == N_COUNT)
			f->count = (uint32_t)u;
		else
			f->length = (uint32_t)u;
	} else if (k == N_COUNT)
		f->count_ref = S_istr(ld, v);
	else
		f->length_ref = S_istr(ld, v);
}

/* One <data> item. */
static void
S_data(struct S_ld *ld, const xmlNode *n, struct ecat_field *f)
{
	const char	*in;

	f->name = S_iattr(ld, n, N_NAME);
	if (f->name == NULL)
		f->name = S_istr(ld, "");	/* Vista: optional */
	if ((in = S_req(ld, n, N_INTYPE)) != NULL)
		f->intype = (uint16_t)S_type(ld, n, in, 0, &f->intype_name,
		    &f->intype_ns, &f->flags);
	f->outtype = (uint16_t)S_type(ld, n, S_attr(ld, n, N_OUTTYPE), 1,
	    &f->outtype_name, &f->outtype_ns, &f->flags);
	f->map = S_iattr(ld, n, N_MAP);
	S_countlen(ld, n, N_COUNT, f);
	S_countlen(ld, n, N_LENGTH, f);
}

/*
 * Fill t from the <data> and <struct> children of n (a <template>);
 * the field list is interned and the lines kept per top-level item.
 */
static void
S_template_items(struct S_ld *ld, const xmlNode *n, struct ecat_template *t)
{
	const xmlNode		*c, *m;
	struct ecat_field	*f;
	size_t			 nf = 0, nm = 0, i, off;
	uint32_t		*lines;
	int			 full = 0;

	for (c = n->children; c != NULL && !full; c = c->next) {
		if ((S_is(ld, c, N_DATA) || S_is(ld, c, N_STRUCT)) &&
		    nf + nm >= ECAT_MAX_FIELDS) {
			S_msg(ld, ECAT_MSG_LIMIT, c, "template of more than "
			    "%d items; the rest are not read",
			    ECAT_MAX_FIELDS);
			break;
		}
		if (S_is(ld, c, N_DATA)) {
			f = S_grow_fields(&ld->fields, &ld->fieldcap, nf);
			S_data(ld, c, f);
		} else if (S_is(ld, c, N_STRUCT)) {
			f = S_grow_fields(&ld->fields, &ld->fieldcap, nf);
			f->name = S_iattr(ld, c, N_NAME);
			if (f->name == NULL)
				f->name = S_istr(ld, "");
			f->intype = ECAT_IN_STRUCT;
			f->intype_name = S_istr(ld,
			    ecat_intype_name(ECAT_IN_STRUCT));
			f->flags = ECAT_FIELD_STRUCT;
			S_countlen(ld, c, N_COUNT, f);
			S_countlen(ld, c, N_LENGTH, f);
			off = nm;
			for (m = c->children; m != NULL; m = m->next) {
				if (!S_is(ld, m, N_DATA))
					continue;
				if (nf + 1 + nm >= ECAT_MAX_FIELDS) {
					S_msg(ld, ECAT_MSG_LIMIT, m, "template "
					    "of more than %d items; the rest "
					    "are not read", ECAT_MAX_FIELDS);
					full = 1;
					break;
				}
				S_data(ld, m, S_grow_fields(&ld->mem,
				    &ld->memcap, nm));
				nm++;
			}
			f->nmembers = (uint32_t)(nm - off);
			/* Members move while mem grows: keep the offset. */
			if (nf >= ld->memoffcap) {
				ld->memoffcap = ld->memoffcap ?
				    ld->memoffcap * 2 : 64;
				if (ld->memoffcap <= nf)
					ld->memoffcap = nf + 1;
				ld->memoff = ecat_reallocarray(ld->memoff,
				    ld->memoffcap, sizeof(*ld->memoff));
			}
			ld->memoff[nf] = off;
		} else
			continue;
		if (nf >= ld->flinecap) {
			ld->flinecap = ld->fieldcap;
			ld->flines = ecat_reallocarray(ld->flines,
			    ld->flinecap, sizeof(*ld->flines));
		}
		ld->flines[nf] = S_line(ld, c);
		nf++;
	}
	for (i = 0; i < nf; i++)
		if (ld->fields[i].flags & ECAT_FIELD_STRUCT)
			ld->fields[i].members = ld->fields[i].nmembers ?
			    ld->mem + ld->memoff[i] : NULL;
	t->shape = ecat_shape_intern(ld->cat, ld->fields, (uint32_t)nf, NULL);
	if (nf > 0) {
		lines = ECAT_NEWARRAY(ld->cat, uint32_t, nf);
		memcpy(lines, ld->flines, nf * sizeof(*lines));
		t->field_lines = lines;
	}
}

/* --------------------------------------------------- events (§1.4) */

/*
 * The winmeta level, opcode or keyword (kind) named by local, a pointer
 * into an interned string, remembered by that pointer: every event of
 * a manifest names one of a handful.  Returns NULL when none.
 */
static const struct ecat_winmeta *
S_winmeta(struct S_ld *ld, enum S_kind kind, const char *local)
{
	struct S_wment	*m;

	m = &ld->wmc[(S_ptrhash(local, kind) >> 7) & (WMCACHE - 1)];
	if (m->local == local && m->kind == kind)
		return m->wm;
	m->local = local;
	m->kind = kind;
	m->wm = kind == K_LEVEL ? ecat_winmeta_level(local) :
	    kind == K_OPCODE ? ecat_winmeta_opcode(local) :
	    ecat_winmeta_keyword(local);
	return m->wm;
}

/* Resolve the opcode name s of an event whose task is task (or -1). */
static const struct ecat_named *
S_find_opcode(struct S_ld *ld, const struct ecat_pschema *ps, int64_t task,
    const char *s)
{
	const struct ecat_named	*t;
	int64_t			 i;
	uint32_t		 j;

	if (task >= 0) {
		t = &ps->tasks[task];
		for (j = 0; j < t->nopcodes; j++)
			if (t->opcodes[j].name == s)
				return &t->opcodes[j];
	}
	if ((i = S_sym_find(&ld->syms, K_OPCODE, s)) >= 0)
		return &ps->opcodes[i];
	return NULL;
}

static void
S_event(struct S_ld *ld, const xmlNode *n, struct ecat_pschema *ps,
    struct ecat_event *e)
{
	const struct ecat_winmeta	*wm;
	const struct ecat_named		*d;
	const char			*s, *l, *p, *q, *kw;
	uint64_t			 u;
	int64_t				 i, task = -1;
	int				 ok;

	e->loc = S_loc(ld, n);
	e->schema = ps;
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	if (S_numattr(ld, n, N_VALUE, UINT32_MAX, 1, &u) == 0) {
		e->id = (uint32_t)u;
		ld->ctx.event_id = (int64_t)u;
	}
	if (S_numattr(ld, n, N_VERSION, UINT16_MAX, 0, &u) == 0) {
		e->version = (uint16_t)u;
		ld->ctx.version = (int32_t)u;
	} else
		ld->ctx.version = 0;
	e->name = S_iattr(ld, n, N_NAME);
	e->symbol = ecat_str(ld->cat, S_attr(ld, n, N_SYMBOL));
	e->template_ref = S_iattr(ld, n, N_TEMPLATE);
	if (e->template_ref != NULL &&
	    (i = S_sym_find(&ld->syms, K_TEMPLATE, e->template_ref)) >= 0)
		e->tmpl = &ps->templates[i];
	e->message_ref = S_iattr(ld, n, N_MESSAGE);
	e->message = ecat_str(ld->cat, S_resolve(ld, e->message_ref));

	/* Absent level, task, opcode, keywords, channel mean 0 (§1.4). */
	e->has = ECAT_HAS_LEVEL | ECAT_HAS_TASK | ECAT_HAS_OPCODE |
	    ECAT_HAS_KEYWORDS | ECAT_HAS_CHANNEL;

	if ((e->level_name = S_iattr(ld, n, N_LEVEL)) != NULL) {
		if ((i = S_sym_find(&ld->syms, K_LEVEL, e->level_name)) >= 0)
			e->level = (uint8_t)ps->levels[i].value;
		else if ((l = S_qname_in(ld, n, e->level_name, NS_WIN)) !=
		    NULL && (wm = S_winmeta(ld, K_LEVEL, l)) != NULL)
			e->level = (uint8_t)wm->value;
		else
			e->has &= ~ECAT_HAS_LEVEL;
	}
	if ((e->task_name = S_iattr(ld, n, N_TASK)) != NULL) {
		if ((task = S_sym_find(&ld->syms, K_TASK, e->task_name)) >= 0)
			e->task = (uint16_t)ps->tasks[task].value;
		else if ((l = S_qname_in(ld, n, e->task_name, NS_WIN)) !=
		    NULL && strcmp(l, "None") == 0)
			e->task = 0;	/* winmeta win:None (§1.6) */
		else
			e->has &= ~ECAT_HAS_TASK;
	}
	if ((e->opcode_name = S_iattr(ld, n, N_OPCODE)) != NULL) {
		/* Task-local opcodes first, then global, then winmeta. */
		if ((d = S_find_opcode(ld, ps, task, e->opcode_name)) != NULL)
			e->opcode = (uint8_t)d->value;
		else if ((l = S_qname_in(ld, n, e->opcode_name, NS_WIN)) !=
		    NULL && (wm = S_winmeta(ld, K_OPCODE, l)) != NULL)
			e->opcode = (uint8_t)wm->value;
		else
			e->has &= ~ECAT_HAS_OPCODE;
	}
	if ((kw = S_attr(ld, n, N_KEYWORDS)) != NULL) {
		e->keywords_names = S_istr(ld, kw);
		ok = 1;
		for (p = kw; *p != '\0'; p = q) {
			while (S_space(*p))
				p++;
			if (*p == '\0')
				break;
			for (q = p; *q != '\0' && !S_space(*q); q++)
				continue;
			s = S_istrn(ld, p, (size_t)(q - p));
			if ((i = S_sym_find(&ld->syms, K_KEYWORD, s)) >= 0)
				e->keywords |= ps->keywords[i].value;
			else if ((l = S_qname_in(ld, n, s, NS_WIN)) != NULL &&
			    (wm = S_winmeta(ld, K_KEYWORD, l)) != NULL)
				e->keywords |= wm->value;
			else
				ok = 0;
		}
		if (!ok)
			e->has &= ~ECAT_HAS_KEYWORDS;
	}
	if ((e->channel_name = S_iattr(ld, n, N_CHANNEL)) != NULL) {
		/* A chid, or the name when the channel has no chid (§1.4). */
		if ((i = S_sym_find(&ld->syms, K_CHID, e->channel_name)) < 0)
			i = S_sym_find(&ld->syms, K_CHNAME, e->channel_name);
		if (i >= 0 && ld->chval[i])
			e->channel = (uint8_t)ps->channels[i].value;
		else
			e->has &= ~ECAT_HAS_CHANNEL;
	}
}

/* ---------------------------------------------------- providers (§1.3) */

/*
 * The sections of a provider, counted before anything is allocated.
 * Children of <provider> come in any order (§1.2, xs:choice), so the
 * definitions are read in one pass and the events in a second.
 */
struct S_counts {
	size_t	 channels, levels, tasks, opcodes, keywords, maps;
	size_t	 templates, events;
};

static void
S_count(struct S_ld *ld, const xmlNode *prov, struct S_counts *k)
{
	const xmlNode	*sec;

	memset(k, 0, sizeof(*k));
	for (sec = prov->children; sec != NULL; sec = sec->next) {
		if (sec->type != XML_ELEMENT_NODE)
			continue;
		if (S_is(ld, sec, N_CHANNELS))
			k->channels += S_nchildren(ld, sec, N_CHANNEL) +
			    S_nchildren(ld, sec, N_IMPORTCHANNEL);
		else if (S_is(ld, sec, N_LEVELS))
			k->levels += S_nchildren(ld, sec, N_LEVEL);
		else if (S_is(ld, sec, N_TASKS))
			k->tasks += S_nchildren(ld, sec, N_TASK);
		else if (S_is(ld, sec, N_OPCODES))
			k->opcodes += S_nchildren(ld, sec, N_OPCODE);
		else if (S_is(ld, sec, N_KEYWORDS))
			k->keywords += S_nchildren(ld, sec, N_KEYWORD);
		else if (S_is(ld, sec, N_MAPS))
			k->maps += S_nchildren(ld, sec, N_VALUEMAP) +
			    S_nchildren(ld, sec, N_BITMAP);
		else if (S_is(ld, sec, N_TEMPLATES))
			k->templates += S_nchildren(ld, sec, N_TEMPLATE);
		else if (S_is(ld, sec, N_EVENTS))
			k->events += S_nchildren(ld, sec, N_EVENT);
	}
}

/* The task-local opcodes of task n (a <task>). */
static void
S_task_opcodes(struct S_ld *ld, const xmlNode *n, struct ecat_named *t)
{
	const xmlNode	*sec, *c;
	size_t		 cnt = 0;
	uint32_t	 j = 0;

	for (sec = n->children; sec != NULL; sec = sec->next)
		if (S_is(ld, sec, N_OPCODES))
			cnt += S_nchildren(ld, sec, N_OPCODE);
	if (cnt == 0)
		return;
	t->opcodes = ECAT_NEWARRAY(ld->cat, struct ecat_named, cnt);
	for (sec = n->children; sec != NULL; sec = sec->next) {
		if (!S_is(ld, sec, N_OPCODES))
			continue;
		for (c = sec->children; c != NULL; c = c->next) {
			if (!S_is(ld, c, N_OPCODE))
				continue;
			S_def(ld, c, &t->opcodes[j], N_VALUE, UINT8_MAX);
			t->opcodes[j].task = (int64_t)t->value;
			j++;
		}
	}
	t->nopcodes = j;
}

/* The enum S_nm of a manifest element (events namespace), or N__MAX. */
static enum S_nm
S_elemk(struct S_ld *ld, const xmlNode *n)
{
	enum S_nm	 k;

	if (n->type != XML_ELEMENT_NODE ||
	    (k = S_nmof(ld, n->name)) == N__MAX)
		return N__MAX;
	return S_is(ld, n, k) ? k : N__MAX;
}

static void
S_definitions(struct S_ld *ld, const xmlNode *prov, struct ecat_pschema *ps)
{
	const xmlNode		*sec, *c;
	struct ecat_named	*d;
	struct ecat_template	*t;
	enum S_nm		 sk, ck;

	for (sec = prov->children; sec != NULL; sec = sec->next) {
		if ((sk = S_elemk(ld, sec)) == N__MAX || sk == N_EVENTS)
			continue;
		for (c = sec->children; c != NULL; c = c->next) {
			if ((ck = S_elemk(ld, c)) == N__MAX)
				continue;
			if (sk == N_CHANNELS && (ck == N_CHANNEL ||
			    ck == N_IMPORTCHANNEL)) {
				S_channel(ld, c, &ps->channels[ps->nchannels],
				    ps->nchannels, ck == N_IMPORTCHANNEL);
				ps->nchannels++;
			} else if (sk == N_LEVELS && ck == N_LEVEL) {
				d = &ps->levels[ps->nlevels];
				if (S_def(ld, c, d, N_VALUE, UINT8_MAX) == 0)
					S_sym_add(&ld->syms, K_LEVEL, d->name,
					    ps->nlevels);
				ps->nlevels++;
			} else if (sk == N_TASKS && ck == N_TASK) {
				d = &ps->tasks[ps->ntasks];
				if (S_def(ld, c, d, N_VALUE, UINT16_MAX) == 0)
					S_sym_add(&ld->syms, K_TASK, d->name,
					    ps->ntasks);
				S_task_opcodes(ld, c, d);
				ps->ntasks++;
			} else if (sk == N_OPCODES && ck == N_OPCODE) {
				d = &ps->opcodes[ps->nopcodes];
				if (S_def(ld, c, d, N_VALUE, UINT8_MAX) == 0)
					S_sym_add(&ld->syms, K_OPCODE, d->name,
					    ps->nopcodes);
				ps->nopcodes++;
			} else if (sk == N_KEYWORDS && ck == N_KEYWORD) {
				d = &ps->keywords[ps->nkeywords];
				if (S_def(ld, c, d, N_MASK, UINT64_MAX) == 0)
					S_sym_add(&ld->syms, K_KEYWORD, d->name,
					    ps->nkeywords);
				ps->nkeywords++;
			} else if (sk == N_MAPS && (ck == N_VALUEMAP ||
			    ck == N_BITMAP)) {
				S_map(ld, c, &ps->maps[ps->nmaps++]);
			} else if (sk == N_TEMPLATES && ck == N_TEMPLATE) {
				t = &ps->templates[ps->ntemplates];
				if ((t->tid = S_iattr(ld, c, N_TID)) == NULL)
					S_req(ld, c, N_TID);
				t->loc = S_loc(ld, c);
				S_template_items(ld, c, t);
				S_sym_add(&ld->syms, K_TEMPLATE, t->tid,
				    ps->ntemplates);
				ps->ntemplates++;
			}
		}
	}
}

static void
S_provider(struct S_ld *ld, const xmlNode *prov)
{
	struct ecat_pschema	*ps;
	struct ecat_loc		 loc = S_loc(ld, prov);
	struct S_counts		 k;
	const xmlNode		*sec, *c;
	const char		*name, *guid;

	ld->ctx.provider = NULL;
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	if ((name = S_req(ld, prov, N_NAME)) == NULL)
		return;
	ps = ecat_pschema_new(ld->cat, name, ld->b, ECAT_SRC_MANIFEST,
	    ECAT_FMT_MANIFEST, &loc);
	ld->ctx.provider = ps->name;
	ps->recovered = ld->recovered;
	if ((guid = S_req(ld, prov, N_GUID)) != NULL &&
	    (ps->guid = ecat_guid_norm(ld->cat, guid)) == NULL)
		S_msg(ld, ECAT_MSG_XML_BAD_VALUE, prov,
		    "<provider guid=\"%.*s\">: not a GUID", ECHO_MAX, guid);
	ps->symbol = S_iattr(ld, prov, N_SYMBOL);
	ps->resource_file = S_iattr(ld, prov, N_RESOURCEFILENAME);
	ps->message_file = S_iattr(ld, prov, N_MESSAGEFILENAME);
	ps->parameter_file = S_iattr(ld, prov, N_PARAMETERFILENAME);
	ps->message_ref = S_iattr(ld, prov, N_MESSAGE);
	ps->message = S_message(ld, prov);

	S_count(ld, prov, &k);
	ps->channels = ECAT_NEWARRAY(ld->cat, struct ecat_named, k.channels);
	ps->levels = ECAT_NEWARRAY(ld->cat, struct ecat_named, k.levels);
	ps->tasks = ECAT_NEWARRAY(ld->cat, struct ecat_named, k.tasks);
	ps->opcodes = ECAT_NEWARRAY(ld->cat, struct ecat_named, k.opcodes);
	ps->keywords = ECAT_NEWARRAY(ld->cat, struct ecat_named, k.keywords);
	ps->maps = ECAT_NEWARRAY(ld->cat, struct ecat_map, k.maps);
	ps->templates = ECAT_NEWARRAY(ld->cat, struct ecat_template,
	    k.templates);
	ps->events = ECAT_NEWARRAY(ld->cat, struct ecat_event, k.events);
	ld->chval = ecat_calloc(k.channels + 1, 1);
	S_sym_init(&ld->syms, k.channels * 2 + k.levels + k.tasks +
	    k.opcodes + k.keywords + k.templates);

	S_definitions(ld, prov, ps);
	for (sec = prov->children; sec != NULL; sec = sec->next) {
		if (!S_is(ld, sec, N_EVENTS))
			continue;
		for (c = sec->children; c != NULL; c = c->next)
			if (S_is(ld, c, N_EVENT))
				S_event(ld, c, ps, &ps->events[ps->nevents++]);
	}
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	S_sym_free(&ld->syms);
	free(ld->chval);
	ld->chval = NULL;
	ecat_pschema_commit(ld->cat, ps);
}

/* An <instrumentationManifest>: strings first, then every provider. */
static void
S_manifest(struct S_ld *ld, const xmlNode *root)
{
	const xmlNode	*ins, *evs, *p;

	S_strings(ld, root);
	for (ins = root->children; ins != NULL; ins = ins->next) {
		if (!S_is(ld, ins, N_INSTRUMENTATION))
			continue;
		for (evs = ins->children; evs != NULL; evs = evs->next) {
			/*
			 * <provider> belongs in <events>; the rebuilt
			 * Kernel-General of 1803 also has one directly in
			 * <instrumentation>, which is read the same way.
			 */
			if (S_is(ld, evs, N_PROVIDER)) {
				S_provider(ld, evs);
				continue;
			}
			if (!S_is(ld, evs, N_EVENTS))
				continue;
			for (p = evs->children; p != NULL; p = p->next)
				if (S_is(ld, p, N_PROVIDER))
					S_provider(ld, p);
		}
	}
	S_str_free(&ld->strs);
}

/* ------------------------------------------------- WEPExplorer dumps */

/*
 * WEPExplorer (github.com/lallousx86/WinTools, WEPExplorer/cli) prints
 * what EvtOpenPublisherMetadata returns as plain elements:
 *
 *   <Providers><Provider><Name/>
 *     <Metadata><Guid/><ResourceFilePath/><ParameterFilePath/>
 *       <MessageFilePath/><HelpLink/><PublisherMessage/>
 *       <Channels><Channel><Message/><Path/><Index/><Id/><Imported/>
 *       <Levels><Level><Message/><Name/><Value/>
 *       <Tasks><Task><Message/><Name/>[<Guid/>]<Value/>
 *       <Opcodes><Opcode><Message/><Name/><Value/><Task/>
 *       <Keywords><Keyword><Message/><Name/><Value/>   (decimal mask)
 *     <EventMetadata><Event><Id/><Version/>[<Channel/>][<Level/>]
 *       [<Task/>][<Opcode/>][<Keyword/>][<Message>CDATA]<Template>CDATA
 *
 * An event names its channel, level, task, opcode and keywords by their
 * display text (the message, or the name when there is none), keywords
 * joined with spaces, and omits a value of 0.  An opcode's <Task> is
 * the task of a task-local opcode, 0 for a global one.  The template is
 * the <template> XML TDH returns, with win: and xs: prefixes it does
 * not declare; it is parsed on its own, inside a wrapper that binds
 * them to the winmeta and XML Schema URIs.
 */

/* A definition and the display text an event would name it by. */
struct S_wdef {
	const char		*label;	/* message, or the name */
	struct ecat_named	*def;
	int64_t			 task;	/* opcode's task, or 0 */
};

struct S_wset {
	struct S_wdef	*w;
	uint32_t	 n;
};

static int
S_wis(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns == NULL &&
	    strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *
S_wchild(const xmlNode *n, const char *name)
{
	const xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next)
		if (S_wis(c, name))
			return c;
	return NULL;
}

/*
 * Text of an element (text and CDATA children), interned; NULL when
 * the element is absent, "" when empty.
 */
static const char *
S_wtext(struct S_ld *ld, const xmlNode *n)
{
	xmlChar		*s;
	const char	*r;

	if (n == NULL)
		return NULL;
	if (n->children == NULL)
		return ecat_str(ld->cat, "");
	if (n->children->next == NULL && n->children->content != NULL &&
	    (n->children->type == XML_TEXT_NODE ||
	    n->children->type == XML_CDATA_SECTION_NODE))
		return ecat_str(ld->cat, (const char *)n->children->content);
	s = xmlNodeGetContent(n);
	r = ecat_str(ld->cat, s != NULL ? (const char *)s : "");
	xmlFree(s);
	return r;
}

static const char *
S_wfield(struct S_ld *ld, const xmlNode *n, const char *name)
{
	return S_wtext(ld, S_wchild(n, name));
}

/* Text, or NULL when absent or empty. */
static const char *
S_wfield_ne(struct S_ld *ld, const xmlNode *n, const char *name)
{
	const char	*s = S_wfield(ld, n, name);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* The <Message> text, or NULL when absent, empty or too long. */
static const char *
S_wmessage(struct S_ld *ld, const xmlNode *n)
{
	const char	*s = S_wfield_ne(ld, n, "Message");

	if (s != NULL && strlen(s) > ECAT_MAX_STRING) {
		S_msg(ld, ECAT_MSG_LIMIT, S_wchild(n, "Message"), "message "
		    "of %zu bytes; the limit is %d; not kept", strlen(s),
		    ECAT_MAX_STRING);
		return NULL;
	}
	return s;
}

/* A numeric child element; same convention as S_numattr. */
static int
S_wnum(struct S_ld *ld, const xmlNode *n, const char *name, uint64_t max,
    int required, uint64_t *out)
{
	const xmlNode	*c = S_wchild(n, name);
	const char	*v;

	if (c == NULL) {
		if (required)
			S_msg(ld, ECAT_MSG_XML_MISSING_ATTR, n,
			    "<%s> has no <%s>", (const char *)n->name, name);
		return 1;
	}
	v = S_wtext(ld, c);
	if (S_num(v, max, out) == 0)
		return 0;
	S_msg(ld, ECAT_MSG_XML_BAD_VALUE, c,
	    "<%s>%.*s</%s>: not a number from 0 to %llu", name, ECHO_MAX, v,
	    name, (unsigned long long)max);
	return -1;
}

/*
 * Read the items of the section secname of meta (Levels, Tasks, ...)
 * into a fresh ecat_named array, and ws with their display texts.
 * Returns the array (owned by the catalog); ws->w is malloc'd.
 */
static struct ecat_named *
S_wdefs(struct S_ld *ld, const xmlNode *meta, const char *secname,
    const char *itemname, uint64_t max, struct S_wset *ws)
{
	const xmlNode		*sec, *c;
	struct ecat_named	*v, *d;
	uint64_t		 u;
	uint32_t		 n = 0;
	int			 chan = strcmp(itemname, "Channel") == 0;

	ws->n = 0;
	ws->w = NULL;
	if ((sec = S_wchild(meta, secname)) != NULL)
		for (c = sec->children; c != NULL; c = c->next)
			if (S_wis(c, itemname))
				n++;
	v = ECAT_NEWARRAY(ld->cat, struct ecat_named, n);
	ws->w = ecat_calloc(n + 1, sizeof(*ws->w));
	if (n == 0)
		return v;
	for (c = sec->children; c != NULL; c = c->next) {
		if (!S_wis(c, itemname))
			continue;
		d = &v[ws->n];
		d->loc = S_loc(ld, c);
		d->task = -1;
		d->message = S_wmessage(ld, c);
		d->name = S_wfield_ne(ld, c, chan ? "Path" : "Name");
		if (d->name == NULL)
			S_msg(ld, ECAT_MSG_XML_MISSING_ATTR, c,
			    "<%s> has no <%s>", itemname,
			    chan ? "Path" : "Name");
		if (S_wnum(ld, c, chan ? "Id" : "Value", max, 1, &u) == 0)
			d->value = u;
		if (chan)
			d->imported = S_wfield(ld, c, "Imported") != NULL &&
			    strcmp(S_wfield(ld, c, "Imported"), "true") == 0;
		ws->w[ws->n].def = d;
		ws->w[ws->n].label = d->message != NULL ? d->message : d->name;
		if (strcmp(itemname, "Opcode") == 0 &&
		    S_wnum(ld, c, "Task", UINT16_MAX, 0, &u) == 0)
			ws->w[ws->n].task = (int64_t)u;
		ws->n++;
	}
	return v;
}

/*
 * Move the task-local opcodes (<Task> not 0, a task of that value
 * listed) under their task, as a manifest has them (§1.6); the others
 * stay provider-global.  ws is updated to point at the moved copies.
 */
static void
S_wsplit(struct S_ld *ld, struct ecat_pschema *ps, struct S_wset *ws)
{
	struct ecat_named	*t;
	uint32_t		 i, k, nglob = 0;
	int64_t			*owner;

	owner = ecat_calloc(ws->n + 1, sizeof(*owner));
	for (i = 0; i < ws->n; i++) {
		owner[i] = -1;
		for (k = 0; ws->w[i].task != 0 && k < ps->ntasks; k++)
			if (ps->tasks[k].value == (uint64_t)ws->w[i].task) {
				owner[i] = k;
				ps->tasks[k].nopcodes++;
				break;
			}
		if (owner[i] < 0)
			nglob++;
	}
	for (k = 0; k < ps->ntasks; k++) {
		t = &ps->tasks[k];
		t->opcodes = ECAT_NEWARRAY(ld->cat, struct ecat_named,
		    t->nopcodes);
		t->nopcodes = 0;
	}
	ps->opcodes = ECAT_NEWARRAY(ld->cat, struct ecat_named, nglob);
	ps->nopcodes = 0;
	for (i = 0; i < ws->n; i++) {
		if (owner[i] < 0) {
			ps->opcodes[ps->nopcodes] = *ws->w[i].def;
			ws->w[i].def = &ps->opcodes[ps->nopcodes++];
			continue;
		}
		t = &ps->tasks[owner[i]];
		t->opcodes[t->nopcodes] = *ws->w[i].def;
		t->opcodes[t->nopcodes].task = (int64_t)t->value;
		ws->w[i].def = &t->opcodes[t->nopcodes++];
	}
	free(owner);
}

/*
 * The definition an event's display text s names: by display text, then
 * by name.  For opcodes (task ≥ 0) the opcodes local to that task are
 * tried first, then the global ones, as WEPExplorer's GetOpcodeName
 * chose them.  Returns NULL when none matches.
 */
static const struct ecat_named *
S_wfind(const struct S_wset *ws, const char *s, int64_t task)
{
	uint32_t	 i;
	int		 pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < ws->n; i++) {
			if (task >= 0 &&
			    ws->w[i].task != (pass == 0 ? task : 0))
				continue;
			if (ws->w[i].label == s || ws->w[i].def->name == s)
				return ws->w[i].def;
		}
		if (task < 0)
			break;
	}
	return NULL;
}

/*
 * Parse a template CDATA with the same refusals as a document; lines
 * are offset to where the CDATA starts, on the line of <Template>.
 * Returns 0 and fills t, or -1 when the text is not well-formed
 * (xml-malformed or xml-dtd emitted).
 */
static int
S_wtemplate(struct S_ld *ld, const xmlNode *tnode, const char *text,
    struct ecat_template *t)
{
	static const char	 head[] = "<w xmlns:win=\"" NS_WIN
	    "\" xmlns:xs=\"" NS_XS "\" xmlns:trace=\"" NS_TRACE "\">";
	static const char	 tail[] = "</w>";
	struct S_ld		 sub;
	struct S_pstate		 ps;
	struct ecat_buf		 b;
	struct ecat_loc		 loc;
	const xmlNode		*w, *c;
	xmlDocPtr		 doc;
	uint32_t		 base;

	base = S_line(ld, tnode);
	base = base > 0 ? base - 1 : 0;
	t->loc = S_loc(ld, tnode);
	ecat_buf_init(&b);
	ecat_buf_put(&b, head, sizeof(head) - 1);
	ecat_buf_puts(&b, text);
	ecat_buf_put(&b, tail, sizeof(tail) - 1);
	doc = S_parse(b.buf, b.len, 0, &ps);
	ecat_buf_free(&b);
	loc.file = ld->file;
	loc.col = 0;
	if (doc == NULL) {
		if (ps.dtd) {
			loc.line = base + ps.dtdline;
			ecat_msgx(ld->cat->diag, ECAT_MSG_XML_DTD, &loc,
			    &ld->ctx, "in <Template>; template not read");
		} else {
			loc.line = base + ps.errline;
			ecat_msgx(ld->cat->diag, ECAT_MSG_XML_MALFORMED, &loc,
			    &ld->ctx, "in <Template>: %s", ps.errmsg);
		}
		return -1;
	}
	/* The manifest walker, on the sub-document. */
	sub = *ld;
	sub.doc = doc;
	sub.line_off = base;
	S_names(&sub);
	w = xmlDocGetRootElement(doc);
	for (c = w != NULL ? w->children : NULL; c != NULL; c = c->next)
		if (S_is(&sub, c, N_TEMPLATE))
			break;
	if (c != NULL) {
		t->loc = S_loc(&sub, c);
		S_template_items(&sub, c, t);
	} else
		t->shape = ecat_shape_intern(ld->cat, NULL, 0, NULL);
	/* The scratch arrays may have moved in the copy. */
	ld->fields = sub.fields;
	ld->fieldcap = sub.fieldcap;
	ld->flines = sub.flines;
	ld->flinecap = sub.flinecap;
	ld->mem = sub.mem;
	ld->memcap = sub.memcap;
	ld->memoff = sub.memoff;
	ld->memoffcap = sub.memoffcap;
	xmlFreeDoc(doc);
	return 0;
}

/* Drop the line end WEPExplorer writes right after "<![CDATA[". */
static const char *
S_wcdata(struct S_ld *ld, const char *s)
{
	if (s != NULL && *s == '\n')
		return ecat_str(ld->cat, s + 1);
	return s;
}

/*
 * Keywords: display texts joined with spaces, where a text may hold
 * spaces itself; the longest one that matches is taken at each point.
 * Sets the mask and the names; returns 0 when every one resolved.
 */
static int
S_wkeywords(struct S_ld *ld, const struct S_wset *ws, const char *s,
    struct ecat_event *e)
{
	const struct ecat_named	*best;
	const char		*lab[2];
	struct ecat_buf		 names;
	size_t			 bestlen, l;
	uint32_t		 j;
	int			 m, ok = 1;

	ecat_buf_init(&names);
	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		best = NULL;
		bestlen = 0;
		for (j = 0; j < ws->n; j++) {
			lab[0] = ws->w[j].label;
			lab[1] = ws->w[j].def->name;
			for (m = 0; m < 2; m++) {
				if (lab[m] == NULL)
					continue;
				l = strlen(lab[m]);
				if (l > bestlen && strncmp(s, lab[m], l) == 0 &&
				    (s[l] == ' ' || s[l] == '\0')) {
					best = ws->w[j].def;
					bestlen = l;
				}
			}
		}
		if (names.len > 0)
			ecat_buf_putc(&names, ' ');
		if (best == NULL) {
			ok = 0;
			bestlen = strcspn(s, " ");
			ecat_buf_put(&names, s, bestlen);
		} else {
			e->keywords |= best->value;
			ecat_buf_puts(&names, best->name != NULL ?
			    best->name : "");
		}
		s += bestlen;
	}
	e->keywords_names = ecat_str(ld->cat, names.len > 0 ? names.buf : "");
	ecat_buf_free(&names);
	return ok ? 0 : -1;
}

/* winmeta level or opcode whose display text is s (§1.6), or NULL. */
static const struct ecat_winmeta *
S_wwinmeta(const char *s, int opcode)
{
	const struct ecat_winmeta	*wm;
	unsigned			 u;

	for (u = 0; u < 256; u++) {
		wm = opcode ? ecat_winmeta_opcode_by_value(u) :
		    ecat_winmeta_level_by_value(u);
		if (wm != NULL && wm->message != NULL &&
		    strcmp(wm->message, s) == 0)
			return wm;
	}
	return NULL;
}

struct S_wprov {
	struct S_wset	 ch, lv, tk, op, kw;
};

static void
S_wevent(struct S_ld *ld, const xmlNode *n, struct ecat_pschema *ps,
    const struct S_wprov *wp, struct ecat_template *t)
{
	struct ecat_event		*e = &ps->events[ps->nevents++];
	const struct ecat_winmeta	*wm;
	const struct ecat_named		*d;
	const char			*s, *tmpl;
	uint64_t			 u;
	int				 task = -1;

	e->loc = S_loc(ld, n);
	e->schema = ps;
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	if (S_wnum(ld, n, "Id", UINT32_MAX, 1, &u) == 0) {
		e->id = (uint32_t)u;
		ld->ctx.event_id = (int64_t)u;
	}
	if (S_wnum(ld, n, "Version", UINT16_MAX, 0, &u) == 0)
		e->version = (uint16_t)u;
	ld->ctx.version = e->version;
	/* An absent element is a 0 WEPExplorer did not print. */
	e->has = ECAT_HAS_LEVEL | ECAT_HAS_TASK | ECAT_HAS_OPCODE |
	    ECAT_HAS_KEYWORDS | ECAT_HAS_CHANNEL;

	/*
	 * Names are those of the definition the display text resolves
	 * to, so that they compare with a manifest's; a text that does
	 * not resolve is kept as written, without its bit.
	 */
	if ((s = S_wfield_ne(ld, n, "Channel")) != NULL) {
		if ((d = S_wfind(&wp->ch, s, -1)) != NULL) {
			e->channel = (uint8_t)d->value;
			e->channel_name = d->name;
		} else {
			e->channel_name = s;
			e->has &= ~ECAT_HAS_CHANNEL;
		}
	}
	if ((s = S_wfield_ne(ld, n, "Level")) != NULL) {
		if ((d = S_wfind(&wp->lv, s, -1)) != NULL) {
			e->level = (uint8_t)d->value;
			e->level_name = d->name;
		} else if ((wm = S_wwinmeta(s, 0)) != NULL) {
			e->level = (uint8_t)wm->value;
			e->level_name = ecat_str(ld->cat, wm->name);
		} else {
			e->level_name = s;
			e->has &= ~ECAT_HAS_LEVEL;
		}
	}
	if ((s = S_wfield_ne(ld, n, "Task")) != NULL) {
		if ((d = S_wfind(&wp->tk, s, -1)) != NULL) {
			e->task = (uint16_t)d->value;
			e->task_name = d->name;
			task = e->task;
		} else {
			e->task_name = s;
			e->has &= ~ECAT_HAS_TASK;
		}
	}
	if ((s = S_wfield_ne(ld, n, "Opcode")) != NULL) {
		if ((d = S_wfind(&wp->op, s, task >= 0 ? task : 0)) != NULL) {
			e->opcode = (uint8_t)d->value;
			e->opcode_name = d->name;
		} else if ((wm = S_wwinmeta(s, 1)) != NULL) {
			e->opcode = (uint8_t)wm->value;
			e->opcode_name = ecat_str(ld->cat, wm->name);
		} else {
			e->opcode_name = s;
			e->has &= ~ECAT_HAS_OPCODE;
		}
	}
	if ((s = S_wfield_ne(ld, n, "Keyword")) != NULL &&
	    S_wkeywords(ld, &wp->kw, s, e) != 0)
		e->has &= ~ECAT_HAS_KEYWORDS;
	e->message = S_wcdata(ld, S_wmessage(ld, n));
	/* A template that does not parse is left out, not made empty. */
	if ((tmpl = S_wfield(ld, n, "Template")) != NULL &&
	    S_wtemplate(ld, S_wchild(n, "Template"), tmpl, t) == 0) {
		e->tmpl = t;
		ps->ntemplates++;
	}
}

static void
S_wprovider(struct S_ld *ld, const xmlNode *prov)
{
	struct ecat_pschema	*ps;
	struct ecat_loc		 loc = S_loc(ld, prov);
	struct S_wprov		 wp;
	const xmlNode		*meta, *em, *c;
	const char		*name, *guid;
	uint32_t		 nev = 0;

	ld->ctx.provider = NULL;
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	if ((name = S_wfield_ne(ld, prov, "Name")) == NULL) {
		S_msg(ld, ECAT_MSG_XML_MISSING_ATTR, prov,
		    "<Provider> has no <Name>");
		return;
	}
	ps = ecat_pschema_new(ld->cat, name, ld->b, ECAT_SRC_MANIFEST,
	    ECAT_FMT_WEPEXPLORER, &loc);
	ld->ctx.provider = ps->name;
	ps->recovered = ld->recovered;
	if ((meta = S_wchild(prov, "Metadata")) == NULL)
		meta = prov;
	if ((guid = S_wfield_ne(ld, meta, "Guid")) == NULL)
		S_msg(ld, ECAT_MSG_XML_MISSING_ATTR, meta,
		    "<Metadata> has no <Guid>");
	else if ((ps->guid = ecat_guid_norm(ld->cat, guid)) == NULL)
		S_msg(ld, ECAT_MSG_XML_BAD_VALUE, S_wchild(meta, "Guid"),
		    "<Guid>%.*s</Guid>: not a GUID", ECHO_MAX, guid);
	ps->resource_file = S_wfield_ne(ld, meta, "ResourceFilePath");
	ps->message_file = S_wfield_ne(ld, meta, "MessageFilePath");
	ps->parameter_file = S_wfield_ne(ld, meta, "ParameterFilePath");
	ps->message = S_wfield_ne(ld, meta, "PublisherMessage");

	ps->channels = S_wdefs(ld, meta, "Channels", "Channel", UINT8_MAX,
	    &wp.ch);
	ps->nchannels = wp.ch.n;
	ps->levels = S_wdefs(ld, meta, "Levels", "Level", UINT8_MAX, &wp.lv);
	ps->nlevels = wp.lv.n;
	ps->tasks = S_wdefs(ld, meta, "Tasks", "Task", UINT16_MAX, &wp.tk);
	ps->ntasks = wp.tk.n;
	S_wdefs(ld, meta, "Opcodes", "Opcode", UINT8_MAX, &wp.op);
	S_wsplit(ld, ps, &wp.op);
	ps->keywords = S_wdefs(ld, meta, "Keywords", "Keyword", UINT64_MAX,
	    &wp.kw);
	ps->nkeywords = wp.kw.n;

	if ((em = S_wchild(prov, "EventMetadata")) != NULL)
		for (c = em->children; c != NULL; c = c->next)
			if (S_wis(c, "Event"))
				nev++;
	ps->events = ECAT_NEWARRAY(ld->cat, struct ecat_event, nev);
	/* One template per event that has one, in event order. */
	ps->templates = ECAT_NEWARRAY(ld->cat, struct ecat_template, nev);
	if (em != NULL)
		for (c = em->children; c != NULL; c = c->next)
			if (S_wis(c, "Event"))
				S_wevent(ld, c, ps, &wp,
				    &ps->templates[ps->ntemplates]);
	free(wp.ch.w);
	free(wp.lv.w);
	free(wp.tk.w);
	free(wp.op.w);
	free(wp.kw.w);
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	ecat_pschema_commit(ld->cat, ps);
}

static void
S_wep(struct S_ld *ld, const xmlNode *root)
{
	const xmlNode	*p;

	for (p = root->children; p != NULL; p = p->next)
		if (S_wis(p, "Provider"))
			S_wprovider(ld, p);
}

/* ---------------------------------------------------------- the entry */

/*
 * WEPExplorer writes through a text-mode stream, so the template's own
 * CRLF line ends come out as CR CR LF.  libxml2 turns the lone CR into
 * a second line feed inside the CDATA while counting one line, which
 * would double the template's line numbers; "\r\r\n" is rewritten
 * "\r\n" (one line end either way).  Returns a malloc'd copy, or NULL
 * when the buffer has no "\r\r\n".
 */
static char *
S_crcrlf(const char *buf, size_t len, size_t *outlen)
{
	const char	*p, *end = buf + len;
	char		*o, *q;

	for (p = buf; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
		if (end - p >= 3 && p[1] == '\r' && p[2] == '\n')
			break;
	if (p == NULL)
		return NULL;
	o = q = ecat_malloc(len + 1);
	for (p = buf; p < end; p++) {
		if (*p == '\r' && end - p >= 3 && p[1] == '\r' && p[2] == '\n')
			continue;
		*q++ = *p;
	}
	*q = '\0';
	*outlen = (size_t)(q - o);
	return o;
}

enum S_root { R_OTHER, R_MANIFEST, R_WEP };

/* What the document's root element says it is. */
static enum S_root
S_rootkind(struct S_ld *ld, xmlDocPtr doc)
{
	const xmlNode	*root = xmlDocGetRootElement(doc);

	if (root == NULL)
		return R_OTHER;
	ld->doc = doc;
	S_names(ld);
	if (S_is(ld, root, N_INSTRUMENTATIONMANIFEST))
		return R_MANIFEST;
	if (S_wis(root, "Providers"))
		return R_WEP;
	return R_OTHER;
}

static const char *
S_rootname(xmlDocPtr doc, char *buf, size_t sz)
{
	const xmlNode	*root = xmlDocGetRootElement(doc);
	const char	*ns = NULL;

	if (root == NULL)
		return "(none)";
	if (root->ns != NULL && root->ns->href != NULL)
		ns = (const char *)root->ns->href;
	snprintf(buf, sz, "<%.*s>%s%.*s", ECHO_MAX, (const char *)root->name,
	    ns != NULL ? " in namespace " : "", ECHO_MAX, ns != NULL ? ns : "");
	return buf;
}

/*
 * The document could not be parsed: repair stray characters inside
 * attribute values and parse normally, else use libxml2's recovery
 * mode.  Returns a document whose root is a manifest or a WEPExplorer
 * dump (xml-recovered emitted), or NULL (nothing more emitted, except
 * xml-dtd when a recovered parse met a DOCTYPE).
 */
static xmlDocPtr
S_recover(struct S_ld *ld, const char *buf, size_t len, enum S_root *kind)
{
	struct S_pstate	 ps;
	struct ecat_loc	 loc;
	struct ecat_buf	 rep, lb;
	xmlDocPtr	 doc = NULL;
	uint32_t	 lines[8];
	size_t		 nl = 0, i;
	int		 nrep;

	ecat_buf_init(&rep);
	nrep = S_repair(buf, len, &rep, lines, 8, &nl);
	if (nrep > 0)
		doc = S_parse(rep.buf, rep.len, 0, &ps);
	ecat_buf_free(&rep);
	if (doc == NULL) {
		nrep = 0;
		doc = S_parse(buf, len, 1, &ps);
	}
	loc.file = ld->file;
	loc.col = 0;
	if (ps.dtd) {
		loc.line = ps.dtdline;
		ecat_msgx(ld->cat->diag, ECAT_MSG_XML_DTD, &loc, &ld->ctx,
		    "document type declarations are not read; file skipped");
		if (doc != NULL)
			xmlFreeDoc(doc);
		return NULL;
	}
	if (doc == NULL)
		return NULL;
	if ((*kind = S_rootkind(ld, doc)) == R_OTHER) {
		xmlFreeDoc(doc);
		return NULL;
	}
	ecat_buf_init(&lb);
	if (nrep > 0) {
		for (i = 0; i < nl; i++)
			ecat_buf_printf(&lb, "%s%u", i ? ", " : "", lines[i]);
		loc.line = lines[0];
		ecat_msgx(ld->cat->diag, ECAT_MSG_XML_RECOVERED, &loc, &ld->ctx,
		    "escaped %d stray character%s inside attribute values "
		    "(line%s %s%s)", nrep, nrep == 1 ? "" : "s",
		    nl == 1 ? "" : "s", lb.buf, nl == 8 ? ", ..." : "");
	} else {
		loc.line = ps.errline;
		ecat_msgx(ld->cat->diag, ECAT_MSG_XML_RECOVERED, &loc, &ld->ctx,
		    "libxml2 recovery mode; what follows the error may be "
		    "missing");
	}
	ecat_buf_free(&lb);
	ld->recovered = 1;
	return doc;
}

/*
 * Load buf.  owned, when not NULL, is the caller's malloc'd copy of buf
 * that this function frees as soon as libxml2 has its own: freeing a
 * large block after xmlFreeDoc has filled malloc's fast bins costs a
 * consolidation of all of them.  Returns 0.
 */
static int
S_load(struct ecat_catalog *cat, struct ecat_build *b, const char *name,
    const char *buf, size_t len, char *owned)
{
	struct S_ld	 ld;
	struct S_pstate	 ps;
	struct ecat_loc	 loc;
	enum S_root	 kind = R_OTHER;
	xmlDocPtr	 doc;
	size_t		 clen = 0;
	char		*crlf, rbuf[200];

	memset(&ld, 0, sizeof(ld));
	ld.cat = cat;
	ld.b = b;
	ld.file = ecat_file(cat, name);
	ld.ctx.build = b != NULL ? b->id : NULL;
	ld.ctx.event_id = -1;
	ld.ctx.version = -1;
	loc.file = ld.file;
	loc.col = 0;

	if ((crlf = S_crcrlf(buf, len, &clen)) != NULL) {
		buf = crlf;
		len = clen;
	}
	doc = S_parse(buf, len, 0, &ps);
	if (doc != NULL && owned != NULL) {
		free(owned);
		owned = NULL;
		buf = NULL;
	}
	if (ps.dtd) {
		loc.line = ps.dtdline;
		ecat_msgx(cat->diag, ECAT_MSG_XML_DTD, &loc, &ld.ctx,
		    "document type declarations are not read; file skipped");
	} else if (doc == NULL && ps.limit) {
		loc.line = ps.errline;
		ecat_msgx(cat->diag, ECAT_MSG_LIMIT, &loc, &ld.ctx,
		    "libxml2: %s; file not read", ps.errmsg);
	} else if (doc == NULL) {
		loc.line = ps.errline;
		ecat_msgx(cat->diag, ECAT_MSG_XML_MALFORMED, &loc, &ld.ctx,
		    "%s", ps.errmsg);
		doc = S_recover(&ld, buf, len, &kind);
	} else {
		if (ps.nns > 0) {
			loc.line = ps.nsline;
			ecat_msgx(cat->diag, ECAT_MSG_XML_NAMESPACE, &loc,
			    &ld.ctx, "%s", ps.nsmsg);
		}
		if ((kind = S_rootkind(&ld, doc)) == R_OTHER) {
			loc.line = (uint32_t)
			    xmlGetLineNo(xmlDocGetRootElement(doc));
			ecat_msgx(cat->diag, ECAT_MSG_XML_NOT_MANIFEST, &loc,
			    &ld.ctx, "root element %s",
			    S_rootname(doc, rbuf, sizeof(rbuf)));
		}
	}
	if (kind == R_MANIFEST)
		S_manifest(&ld, xmlDocGetRootElement(doc));
	else if (kind == R_WEP)
		S_wep(&ld, xmlDocGetRootElement(doc));
	if (doc != NULL)
		xmlFreeDoc(doc);
	free(ld.fields);
	free(ld.flines);
	free(ld.mem);
	free(ld.memoff);
	free(crlf);
	free(owned);
	return 0;
}

int
ecat_load_xml_mem(struct ecat_catalog *cat, struct ecat_build *b,
    const char *name, const char *buf, size_t len)
{
	return S_load(cat, b, name, buf, len, NULL);
}

int
ecat_load_xml_file(struct ecat_catalog *cat, struct ecat_build *b,
    const char *path)
{
	char	*buf;
	size_t	 len;

	if ((buf = ecat_slurp(cat, path, &len)) == NULL)
		return -1;
	return S_load(cat, b, path, buf, len, buf);
}
