/*
 * xld.h: the state and helpers the two XML loaders share (internal):
 * manifest.c reads instrumentation manifests, wepexplorer.c reads
 * WEPExplorer dumps and hands the <template> XML they carry to the
 * manifest's template reader, on a copy of this state.  Only xld.c,
 * manifest.c and wepexplorer.c include it.
 */
#ifndef ECAT_XLD_H
#define ECAT_XLD_H

#include <stdint.h>

#include <libxml/tree.h>

#include "load.h"
#include "xml.h"

/* Namespace URIs (docs/etw-manifest-reference.md §1.1). */
#define NS_EVENTS	"http://schemas.microsoft.com/win/2004/08/events"
#define NS_WIN		\
	"http://manifests.microsoft.com/win/2004/08/windows/events"
#define NS_XS		"http://www.w3.org/2001/XMLSchema"
#define NS_TRACE	"http://schemas.microsoft.com/win/2004/08/events/trace"

/* Longest input value echoed in a diagnostic. */
#define ECHO_MAX	60

/* Element and attribute names, compared by dictionary pointer. */
enum xld_nm {
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

/* Their text, indexed by enum xld_nm (xld.c). */
extern const char *const xld_nmstr[N__MAX];

/*
 * A small direct-mapped cache in front of the catalog's interner: the
 * names a manifest repeats on every event and item (levels, tasks,
 * keywords, types, field names) are found here without touching the
 * interner's large table.  A cache, not a table: a name that lands in
 * a taken slot replaces the one there, so it stays this size.
 */
#define ICACHE	512

struct xld_ient {
	const char	*s;		/* interned */
	uint32_t	 len;
	uint32_t	 h;
};

/*
 * S_winmeta's memo, direct-mapped: it may drop an entry when two names
 * share a slot, which a hash table never does, and costs one compare.
 */
#define WMCACHE	16

struct xld_wment {
	const char			*local;
	uint32_t			 kind;
	const struct ecat_winmeta	*wm;
};

/* Definitions of one provider by (kind, interned name): ld->syms. */
enum xld_kind { K_LEVEL = 1, K_TASK, K_OPCODE, K_KEYWORD, K_CHID, K_CHNAME,
	K_TEMPLATE };

/*
 * The loader's state for one file.  nm[] are the dictionary pointers of
 * the names in xld_nmstr (or the strings themselves when the document has
 * no dictionary), nmtab maps them back; av[] holds the attributes of
 * the element avnode, read in one pass (xld_attr), avset[] which of them
 * are set; ic[] is a small cache in front of the interner; evns and
 * nsc_* remember namespace lookups; chval[i] says channel i has a value.
 */
struct xld {
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	const char		*file;		/* interned */
	xmlDocPtr		 doc;
	const xmlChar		*nm[N__MAX];
	int			 dictnames;
	struct ecat_htab	 nmtab;		/* name pointer → enum xld_nm */
	const xmlNode		*avnode;
	const char		*av[N__MAX];
	uint8_t			 avset[N__MAX];
	uint32_t		 navset;
	struct xld_ient		 ic[ICACHE];
	struct xld_wment		 wmc[WMCACHE];
	const xmlNs		*evns;
	const xmlNode		*nsc_parent;
	char			 nsc_pfx[64];
	xmlNsPtr		 nsc_ns;
	uint32_t		 line_off;	/* WEPExplorer CDATA */
	int			 recovered;
	struct ecat_msgctx	 ctx;
	struct ecat_htab	 strs;		/* $(string.ID) → text */
	struct ecat_htab	 syms;		/* (kind, name) → index */
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

/* xld.c: the tables (struct ecat_htab, alloc.h). */
uint64_t	 xld_ptrhash(const void *, uint32_t kind);
void		 xld_sym_add(struct ecat_htab *, uint32_t kind,
		    const char *key, uint32_t idx);
int64_t		 xld_sym_find(const struct ecat_htab *, uint32_t kind,
		    const char *key);
void		 xld_str_add(struct ecat_htab *, const char *id,
		    const char *val);
void		 xld_free(struct xld *);

/* xld.c: names, strings, lines and diagnostics. */
void		 xld_names(struct xld *);
enum xld_nm	 xld_nmof(const struct xld *, const xmlChar *name);
const char	*xld_istrn(struct xld *, const char *s, size_t len);
const char	*xld_istr(struct xld *, const char *s);
int		 xld_is(struct xld *, const xmlNode *, enum xld_nm);
uint32_t	 xld_line(const struct xld *, const xmlNode *);
struct ecat_loc	 xld_loc(const struct xld *, const xmlNode *);
void		 xld_msg(struct xld *, enum ecat_msg, const xmlNode *,
		    const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));

/* xld.c: attributes and values. */
const char	*xld_attr(struct xld *, const xmlNode *, enum xld_nm);
const char	*xld_iattr(struct xld *, const xmlNode *, enum xld_nm);
const char	*xld_req(struct xld *, const xmlNode *, enum xld_nm);
int		 xld_num(const char *s, uint64_t max, uint64_t *out);
int		 xld_numattr(struct xld *, const xmlNode *, enum xld_nm,
		    uint64_t max, int required, uint64_t *out);
const char	*xld_qname_in(struct xld *, const xmlNode *, const char *s,
		    const char *uri);
const char	*xld_resolve(const struct xld *, const char *s);
const char	*xld_message(struct xld *, const xmlNode *);
size_t		 xld_nchildren(struct xld *, const xmlNode *, enum xld_nm);

/* manifest.c: the items of a <template> element into t. */
void		 mf_template_items(struct xld *, const xmlNode *,
		    struct ecat_template *t);

/* wepexplorer.c */
int		 wep_is(const xmlNode *, const char *name);
void		 wep_load(struct xld *, const xmlNode *root);
char		*wep_crcrlf(const char *buf, size_t len, size_t *outlen);

#endif /* !ECAT_XLD_H */
