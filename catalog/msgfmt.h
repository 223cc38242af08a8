/*
 * msgfmt.h: event message strings (internal).
 *
 * An ETW event message follows the FormatMessage grammar
 * (docs/etw-manifest-reference.md §3.1).  ecat_msgfmt_parse() turns a
 * message into a token array once; the validator checks the tokens and
 * the renderers fill them as often as they like: with real values
 * (ecat_msgfmt_render, to compare with captured messages) or with the
 * template's field names (ecat_msgfmt_title, for the catalog pages).
 *
 * Ownership, one rule as in cmark.h: a parsed message is one block of
 * memory holding the struct, its tokens, its problems and its own copy
 * of the source text.  The caller owns it and releases it with
 * ecat_msgfmt_free(); nothing it returns needs freeing separately, and
 * the source given to ecat_msgfmt_parse() may be freed at once.
 * Renderers append to an ecat_buf the caller owns.
 */
#ifndef ECAT_MSGFMT_H
#define ECAT_MSGFMT_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "model.h"

/* Token types, one per construct of §3.1. */
enum ecat_mftype {
	ECAT_MF_TEXT = 0,	/* literal text: src[off, off+len) */
	ECAT_MF_INSERT,		/* %N or %N!fmt!: insert n (1-99) */
	ECAT_MF_PARAM,		/* %%<digits>: parameter string n */
	ECAT_MF_ESCAPE,		/* %. %! %% %<space> %x: outputs src[off, off+len) */
	ECAT_MF_BREAK,		/* %n: hard line break (CRLF) */
	ECAT_MF_CR,		/* %r: carriage return only */
	ECAT_MF_TAB,		/* %t */
	ECAT_MF_BLANK,		/* %b: a space (.mc text only, §3.1) */
	ECAT_MF_END		/* %0: end of message, no newline; always last */
};

/*
 * One token.  off/len locate what the token outputs (TEXT, ESCAPE) or
 * the whole construct as written (INSERT: "%2!s!", PARAM: "%%1833",
 * the others: the two characters), so a renderer can always fall back
 * to the text as written.
 */
struct ecat_mftok {
	uint8_t		 type;		/* enum ecat_mftype */
	uint8_t		 nstar;		/* INSERT: '*' in the spec; each
					   consumes the next insert number */
	uint16_t	 fmtlen;	/* INSERT: spec length, 0 if none */
	uint32_t	 n;		/* INSERT: 1-99; PARAM: message id */
	uint32_t	 off;
	uint32_t	 len;
	uint32_t	 fmtoff;	/* INSERT: spec between the ! marks */
};

/* Problems found while parsing (§3.3). */
enum ecat_mfprob {
	ECAT_MFP_UNTERMINATED = 0, /* "%N!" without closing "!" (error) */
	ECAT_MFP_TRAILING,	/* lone "%" at the end (error) */
	ECAT_MFP_FMT_SPEC,	/* spec type other than s S ws ls (warning) */
	ECAT_MFP_OVER99,	/* "%100": read as insert 10, then "0" */
	ECAT_MFP__MAX
};

/*
 * off/len: UNTERMINATED the opening "!" to the end; TRAILING the "%";
 * FMT_SPEC the spec between the marks; OVER99 the "%" and every digit.
 */
struct ecat_mfproblem {
	enum ecat_mfprob kind;
	uint32_t	 off;
	uint32_t	 len;
};

struct ecat_msgfmt {
	const char		*src;	/* the copy parsed, NUL-terminated */
	uint32_t		 srclen;
	uint32_t		 ntok;
	const struct ecat_mftok	*tok;
	uint32_t		 nprob;
	const struct ecat_mfproblem *prob;
	/* Highest insert number used, '*' inserts included; 0 if none. */
	uint32_t		 maxinsert;
	/* Bit n-1 set when insert n (1-99) is used: word (n-1)/64. */
	uint64_t		 used[2];
};

/*
 * Parse len bytes of src (a message as written, NUL bytes allowed but
 * ending the text as FormatMessage would).  Never fails: malformed
 * constructs become problems and render as written.  Returns a new
 * parsed message that the caller frees with ecat_msgfmt_free().
 */
struct ecat_msgfmt *ecat_msgfmt_parse(const char *src, size_t len);
/* Same for a NUL-terminated string (NULL parses as ""). */
struct ecat_msgfmt *ecat_msgfmt_parses(const char *src);
void	 ecat_msgfmt_free(struct ecat_msgfmt *);

/* Highest insert number the message uses (0: none). */
uint32_t ecat_msgfmt_maxinsert(const struct ecat_msgfmt *);
/* Does the message use insert n?  Returns 1 or 0. */
int	 ecat_msgfmt_uses(const struct ecat_msgfmt *, uint32_t n);
/* The stable name of a problem kind, for tests and reports. */
const char *ecat_mfprob_name(enum ecat_mfprob);

/*
 * Render callbacks.  Each appends the text for insert tok->n (or the
 * parameter string id) to out and returns 0, or returns -1 to have the
 * renderer write the construct as it was written ("%3", "%%1833").
 * The format spec, if any, is src[tok->fmtoff, +tok->fmtlen).
 */
typedef int (*ecat_mf_insert_fn)(struct ecat_buf *out,
	    const struct ecat_msgfmt *, const struct ecat_mftok *, void *arg);
typedef int (*ecat_mf_param_fn)(struct ecat_buf *out, uint32_t id,
	    void *arg);

/* Render flags. */
#define ECAT_MF_LF		0x01	/* %n as "\n", not "\r\n" */
#define ECAT_MF_ONELINE		0x02	/* title: join lines with a space
					   instead of stopping at the first */
#define ECAT_MF_SENTENCE	0x04	/* title: end with a full stop */

/*
 * Append the message to out as FormatMessage would write it, asking
 * insert (and param) for each insert's text; either callback may be
 * NULL, which keeps those constructs as written.  A lone trailing "%"
 * is kept; an unterminated spec renders the insert, then the rest as
 * text.  flags: ECAT_MF_LF.
 */
void	 ecat_msgfmt_render(const struct ecat_msgfmt *, struct ecat_buf *out,
	    unsigned flags, ecat_mf_insert_fn insert, ecat_mf_param_fn param,
	    void *arg);

/*
 * Append a one-line title: each insert N becomes the name of the N-th
 * top-level field of fields[0..nfields) (kept as "%N" when there is no
 * such field or its name is empty), %t %b and runs of white space
 * become one space, and the title ends at the first line break (%n,
 * %r or a CR/LF in the text) after some text, as the seed pages show
 * ("Component capabilities: %1%nInternal patch number: %2" is titled
 * "Component capabilities: SrvNetComponentCapabilities"); no line break
 * ever leaves an "n" behind.  ECAT_MF_ONELINE joins the lines instead.
 * ECAT_MF_SENTENCE ends the title with "." (a trailing ":" ";" or ","
 * is replaced; "." "!" "?" are kept).  Leading and trailing space is
 * dropped.  Returns the number of bytes appended.
 */
size_t	 ecat_msgfmt_title(const struct ecat_msgfmt *, struct ecat_buf *out,
	    const struct ecat_field *fields, uint32_t nfields, unsigned flags);

#endif /* !ECAT_MSGFMT_H */
