/*
 * sample_json.h: what the JSON sample reader (sample_json.c and its
 * events, sample_event.c), its input (sample_input.c) and the locator
 * of values in JSON text (sample_locate.c) share (internal): the
 * locator's index, which the reader keeps for the records it hands on,
 * so that the calls on one event share it, the block and line reader
 * under the reader, and the reader's state.
 */
#ifndef ECAT_SAMPLE_JSON_H
#define ECAT_SAMPLE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "sample.h"

/*
 * ecat_sample_locate()'s index of one event (see "locate" below): a
 * hash table of the members and elements of the containers it stepped
 * into (their names and the struct lslot values in pool, emptied with
 * the table for each event), and, for the whole text, the elements of
 * an array line and the newlines.
 */
struct lslot {
	size_t		 at;		/* the member's name or the element */
	size_t		 val;		/* the member's value or the element */
};

struct lcache {
	uint64_t	 textgen;	/* the text indexed; 0: none yet */
	int64_t		 textindex;	/* the event's element in it, or -1 */
	uint64_t	 gen;		/* events indexed; 0: none yet */
	struct ecat_htab tab;		/* (container, name or index) → slot */
	struct ecat_pool pool;		/* the slots and names of tab */
	struct ecat_buf	 keys;		/* a member name, unescaped */
	size_t		*elem;		/* an array line's elements */
	size_t		 nelem, elemcap;
	size_t		 elempos;	/* where to go on; 0: not begun */
	int		 elemend;	/* elem holds them all */
	size_t		*nl;		/* offsets of the text's newlines */
	size_t		 nnl, nlcap;
	size_t		 nlscan;	/* nl holds those before this */
};

/*
 * sample_input.c: the reader's input, a descriptor read with read(2) a
 * block at a time, the lines cut from it, and its text as Jansson is
 * to parse it.
 */
struct sjson_input {
	int		 fd;
	char		*blk;
	size_t		 pos, end;	/* unread bytes of blk */
	int		 eof;
	int		 err;		/* errno of a failed read, or 0 */
	uint64_t	*nbytes;	/* counts the bytes read */
};

void	 sjson_input_init(struct sjson_input *, int fd, uint64_t *nbytes);
void	 sjson_input_free(struct sjson_input *);
/* Make sure some input is unread in blk.  Returns 1, or 0 at the end
   of the input or after a read error (err set). */
int	 sjson_fill(struct sjson_input *);
/*
 * Append the next line, with its newline, to b, which the caller has
 * emptied, taking at most max bytes before the newline.  Returns 1 for
 * a line (the last may lack a newline), 2 when the line goes on past
 * max bytes (b holds max + 1 of them and the rest of the line is still
 * unread), 0 at the end of the input or on a read error.
 */
int	 sjson_getline(struct sjson_input *, struct ecat_buf *b, size_t max);
/* Read past the end of the current line, keeping nothing of it. */
void	 sjson_skipline(struct sjson_input *);

/* The line without a UTF-8 byte order mark (first: the file's first
   line) and trailing CR/LF; the buffer is not changed, so that a
   document keeps its bytes. */
char	*sjson_trim_line(char *s, size_t *len, int first);
/* Is s all white space?  1 or 0. */
int	 sjson_blank(const char *s, size_t len);
/*
 * Is this first non-blank line a whole object or array by its brackets
 * ("{...}" or "[...]")?  A pretty-printed document opens with a line
 * that does not close.  Returns 1 or 0.
 */
int	 sjson_whole(const char *s, size_t len);
/* Does s hold a run of 19 digits (an integer that may not fit
   json_int_t) anywhere?  1 or 0. */
int	 sjson_has_big(const char *s, size_t len);
/*
 * Copy s into q (emptied first, and NUL-terminated) with every integer
 * literal of 19 or more digits outside strings written as a string
 * whose first byte is NUL ("\u0000" and the digits).  JSON has no
 * other bare tokens with digits, so a '-' or digit outside a string
 * starts a number.  Returns 1 if anything was quoted.
 */
int	 sjson_quote_big(struct ecat_buf *q, const char *s, size_t len);

/* sample_locate.c */
void	 sjson_lfree(struct lcache *);
int	 sjson_locate(const struct ecat_sample *, const struct ecat_spath *,
	    size_t nsteps, struct ecat_loc *);

/*
 * The reader's state, which sample_json.c (finding the events in the
 * file) and sample_event.c (turning one into a record) share.  Jansson
 * values are named by their struct tag: only those two files include
 * jansson.h, and this header is read by the input, the locator and
 * the table of readers too, which see no Jansson value.
 */
struct json_t;

/* Room for a Jansson error text (JSON_ERROR_TEXT_LENGTH, which
   sample_json.c checks against this). */
#define SJSON_ERRTEXT	160

/* Where an event is: set by the readers, copied into the record. */
struct where {
	uint32_t	 line, col;
	const char	*path;		/* "" or "[3]" */
	const char	*text;
	size_t		 textlen;
	uint32_t	 textline, textcol;
	int64_t		 textindex;
	uint64_t	 textgen;
};

/*
 * An event that gives a key twice: its index in the value parsed last
 * (0 for a value that is not an array of events), where the second key
 * is, and what to say (S_dupadd, sample_json.c).
 */
struct sdup {
	size_t		 idx;
	uint32_t	 line, col;
	char		 text[SJSON_ERRTEXT];
};

/* A place in a document read whole, or in a value being parsed. */
struct cursor {
	const char	*buf;
	size_t		 len;
	size_t		 pos;
	uint32_t	 line;		/* line of buf[pos], from 1 */
	size_t		 linestart;	/* offset of that line's start */
};

/*
 * Where S_next goes on (see "reading" in sample_json.c): deciding by
 * the first non-blank line between JSON lines and a document, the
 * lines, or the document read whole and then its array's elements or
 * its values one after another.
 */
enum sstate {
	SS_FIRST,	/* no non-blank line yet: lines or a document? */
	SS_LINES,	/* JSON lines: the next line */
	SS_LINESEND,	/* the lines are read: was there a read error? */
	SS_DOC,		/* a document: read the rest of it */
	SS_ELEM,	/* the document's array: the next element */
	SS_ELEMEND,	/* after an element: ',' or ']' */
	SS_ARRAYEND,	/* after the array: only blanks */
	SS_VALUES,	/* one value or several, one after another */
	SS_END
};

/* An open JSON sample file (the handle of reader.h). */
struct sctx {
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	const char		*file;	/* interned name for diagnostics */
	unsigned		 flags;	/* ECAT_SR_* */
	struct ecat_pool		 pool;
	struct ecat_buf		 qbuf;	/* sjson_quote_big output */
	int			 quoted; /* the text parsed was quoted */
	uint64_t		 nbytes;
	uint64_t		 nevents; /* handed on, up to S_MAX_EVENTS */
	int			 stop;	/* S_MAX_EVENTS passed: read no more */
	uint64_t		 textgen; /* last text handed out */
	struct lcache		 lc;

	enum sstate		 state;
	struct sjson_input	 in;
	struct ecat_buf		 lb;	/* the line read last */
	uint32_t		 lineno;
	struct ecat_buf		 doc;	/* a document, whole */
	struct cursor		 k;	/* in doc, or in qbuf if quoted */
	size_t			 idx;	/* the array element at k */
	/* The record handed on last and what it points into: a line's
	   value (an event, or an array of them: S_take) or a document's
	   element (elem), freed when the next record is asked for. */
	struct ecat_sample	 rec;
	struct json_t		*val;
	size_t			 vi;	/* val's next element */
	struct where		 w;	/* where val is */
	struct json_t		*elem;
	char			 path[32];	/* rec.path of an element */
	/* The events of the value parsed last that give a key twice, in
	   the order of their idx (S_load), and the next to hand out. */
	struct sdup		*dups;
	size_t			 ndups, dupcap, dupnext;
};

/* sample_json.c: the reader's diagnostics, and its count of events
   (at most S_MAX_EVENTS: 1, or 0 when the file has had them). */
int	 sjson_count(struct sctx *, uint32_t line);
/* A diagnostic about the file at line and col, with no event named. */
void	 sjson_reportf(struct sctx *, enum ecat_msg, uint32_t line,
	    uint32_t col, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* A sample-malformed error at line and col, naming the provider and
   event id when known (NULL, -1 if not). */
void	 sjson_malformed(struct sctx *, uint32_t line, uint32_t col,
	    const char *prov, int64_t id, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

/* sample_event.c: one event found at w into *rp (1), or 0 when the
   file has had S_MAX_EVENTS. */
int	 sjson_event(struct sctx *, const struct json_t *ev,
	    const struct where *w, const struct sdup *d,
	    struct ecat_sample *rp);

/* sample_json.c: the reader of the table (reader.h). */
extern const struct ecat_reader ecat_reader_json;

#endif /* !ECAT_SAMPLE_JSON_H */
