/*
 * sample_json.h: what the JSON sample reader (sample_json.c) and the
 * locator of values in JSON text (sample_locate.c) share (internal):
 * the locator's index, which the reader keeps for the records it hands
 * on, so that the calls on one event share it.
 */
#ifndef ECAT_SAMPLE_JSON_H
#define ECAT_SAMPLE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "sample.h"

/* lslot.key for an array element (klen is its index) and for the
   mark that a container has been indexed. */
#define LK_ELEM		((size_t)-1)
#define LK_DONE		((size_t)-2)

/*
 * ecat_sample_locate()'s index of one event (see "locate" below): a
 * hash table of the members and elements of the containers it stepped
 * into, and, for the whole text, the elements of an array line and
 * the newlines.  Slots of another generation than gen are empty, so
 * the next event starts with a new gen and nothing to clear.
 */
struct lslot {
	uint64_t	 gen;		/* in use when the cache's gen */
	uint64_t	 h;
	size_t		 parent;	/* offset of the container's '{' or '[' */
	size_t		 key;		/* offset in keys, or LK_ELEM, LK_DONE */
	size_t		 klen;		/* key length, or the element's index */
	size_t		 at;		/* the member's name or the element */
	size_t		 val;		/* the member's value or the element */
};

struct lcache {
	uint64_t	 textgen;	/* the text indexed; 0: none yet */
	int64_t		 textindex;	/* the event's element in it, or -1 */
	uint64_t	 gen;		/* the slots of this event */
	struct lslot	*slots;
	size_t		 cap;		/* power of two, or 0 */
	size_t		 n;		/* slots of gen */
	struct ecat_buf	 keys;		/* member names, unescaped */
	size_t		*elem;		/* an array line's elements */
	size_t		 nelem, elemcap;
	size_t		 elempos;	/* where to go on; 0: not begun */
	int		 elemend;	/* elem holds them all */
	size_t		*nl;		/* offsets of the text's newlines */
	size_t		 nnl, nlcap;
	size_t		 nlscan;	/* nl holds those before this */
};

/* sample_locate.c */
void	 sjson_lfree(struct lcache *);
int	 sjson_locate(const struct ecat_sample *, const struct ecat_spath *,
	    size_t nsteps, struct ecat_loc *);

/* sample_json.c: the reader of the table (reader.h). */
extern const struct ecat_reader ecat_reader_json;

#endif /* !ECAT_SAMPLE_JSON_H */
