/*
 * sample_json.h: what the JSON sample reader (sample_json.c), its
 * input (sample_input.c) and the locator of values in JSON text
 * (sample_locate.c) share (internal): the locator's index, which the
 * reader keeps for the records it hands on, so that the calls on one
 * event share it, and the block and line reader under the reader.
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

/* sample_json.c: the reader of the table (reader.h). */
extern const struct ecat_reader ecat_reader_json;

#endif /* !ECAT_SAMPLE_JSON_H */
