/*
 * binxml.h: the binary XML of .evtx records (internal), decoded into a
 * tree of elements, attributes and typed values (binxml.c), for the
 * EVTX reader (evtx.c).
 *
 * Layout as in docs/capture-formats.md ("Binary XML"): names
 * and template definitions are referred to by offsets from the start
 * of the chunk, so a record is decoded with its whole chunk at hand.
 * Template substitutions are filled in while decoding: a value node
 * keeps the value's EVTX type byte (the manifest's inType numbering:
 * 0x01 UnicodeString ... 0x15 HexInt64, 0x80 set for an array) and its
 * bytes in the chunk, and is rendered to text only when asked
 * (bx_text).  A value of type 0x21 (binary XML) becomes the elements
 * it holds.
 */
#ifndef ECAT_BINXML_H
#define ECAT_BINXML_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

/* Size of an .evtx chunk: every offset of its binary XML is below it. */
/* Little-endian integers of the format, at p (bounds are the caller's). */
static inline uint16_t
bx_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
bx_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
bx_u64(const uint8_t *p)
{
	return (uint64_t)bx_u32(p) | (uint64_t)bx_u32(p + 4) << 32;
}

#define BX_CHUNK	65536
/* Size of its header: names and templates lie past it. */
#define BX_HEADER	512

/* Value types (capture-formats.md, "Value types"). */
enum {
	BX_T_NULL = 0x00, BX_T_STRING = 0x01, BX_T_ANSI = 0x02,
	BX_T_INT8 = 0x03, BX_T_UINT8, BX_T_INT16, BX_T_UINT16, BX_T_INT32,
	BX_T_UINT32, BX_T_INT64, BX_T_UINT64, BX_T_FLOAT, BX_T_DOUBLE,
	BX_T_BOOL, BX_T_BINARY, BX_T_GUID, BX_T_SIZET, BX_T_FILETIME,
	BX_T_SYSTIME, BX_T_SID, BX_T_HEX32, BX_T_HEX64,
	BX_T_BINXML = 0x21,
	BX_T_ARRAY = 0x80
};

/*
 * Flags of a value node.  Text the decoder makes itself (an entity or
 * character reference, already UTF-8) is marked by a flag, not by a
 * type: every type byte 0x00-0xff can come from a file.
 */
#define BX_F_SUB	0x01	/* from a substitution */
#define BX_F_UTF8	0x02	/* p, len: UTF-8 text; type BX_T_STRING */

enum bx_kind { BX_ELEM, BX_ATTR, BX_VALUE };

/*
 * A node: an element (name, attributes, children), an attribute (name,
 * its values as children) or a value.  Children are elements and
 * values in document order.
 */
struct bx_node {
	uint8_t			 kind;		/* enum bx_kind */
	uint8_t			 type;		/* BX_VALUE: value type */
	uint8_t			 decl;		/* BX_VALUE from a substitution:
						   the type its token declares */
	uint8_t			 flags;		/* BX_VALUE: BX_F_* */
	uint32_t		 len;		/* BX_VALUE: bytes at p */
	const char		*name;		/* BX_ELEM, BX_ATTR (UTF-8) */
	const uint8_t		*p;
	struct bx_node		*attrs;
	struct bx_node		*child;
	struct bx_node		*next;
};

/* One chunk's names and templates, kept from record to record. */
struct bx_chunk;

struct bx_chunk *bx_chunk_new(void);
void	 bx_chunk_free(struct bx_chunk *);
/* Start on the chunk in buf (BX_CHUNK bytes, which outlive the use). */
void	 bx_chunk_reset(struct bx_chunk *, const uint8_t *buf);
/* How many template definitions the chunk has shown so far. */
uint32_t bx_chunk_ntemplates(const struct bx_chunk *);

/*
 * Decode the binary XML at [off, end) of the chunk, the body of one
 * record, into *root (the first top-level element; nodes in pool).
 * Returns 0, or -1 with why in err (sz bytes); *root is then NULL;
 * -2 (err says so) when the chunk's records together have used up
 * the tokens a chunk may cost (binxml.c, "Limits"): its later records
 * are not to be decoded.  Damaged input never reads outside [0,
 * BX_CHUNK) of the chunk, and the work is bounded.
 */
int	 bx_decode(struct bx_chunk *, struct ecat_pool *, uint32_t off,
	    uint32_t end, struct bx_node **root, char *err, size_t sz);

/*
 * A budget of rendered text, so that a record whose values are used
 * many times over (a template that repeats a substitution) cannot
 * render without bound: bytes left, and over once a value did not fit.
 */
struct bx_budget {
	size_t	 left;
	int	 over;
};

/* Take n bytes from the budget (NULL: none kept): 0, or -1 when they
   do not fit (then it is over, and stays so). */
int	 bx_spend(struct bx_budget *, size_t n);

/*
 * A value's text as Windows renders it in event XML (an array's items
 * are rendered one by one: bx_items), NUL-terminated, in pool;
 * *lenp its length.  Its length and a few bytes for the value (binxml.c,
 * S_VALCOST) are taken from budget (when not NULL); once that is over,
 * the text is "".
 */
const char *bx_text(struct ecat_pool *, const struct bx_node *,
	    struct bx_budget *budget, size_t *lenp);

/*
 * One value of scalar type t (the numbering above) whose bytes are
 * [p, p + len) appended to o as Windows renders it in event XML; a
 * value of the wrong size for its type is its bytes in hex.
 */
void	 bx_render(struct ecat_buf *, uint8_t t, const uint8_t *p,
	    uint32_t len);

/*
 * Is the value an array whose items bx_items can tell apart (type &
 * BX_T_ARRAY, of an element type the format defines)?  Any other
 * value, an array of an unknown type included, is rendered whole.
 */
int	 bx_isarray(const struct bx_node *);

/*
 * The items of an array value (bx_isarray): each as a value node of
 * the element type, in pool.  Returns their number.
 */
uint32_t bx_items(struct ecat_pool *, const struct bx_node *,
	    struct bx_node **items);

/* The element's first child element named name, or NULL. */
const struct bx_node *bx_child(const struct bx_node *, const char *name);
/* The element's attribute named name, or NULL. */
const struct bx_node *bx_attr(const struct bx_node *, const char *name);

#endif /* !ECAT_BINXML_H */
