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

/* sample_locate.c */
void	 sjson_lfree(struct lcache *);
int	 sjson_locate(const struct ecat_sample *, const struct ecat_spath *,
	    size_t nsteps, struct ecat_loc *);

/* sample_json.c: the reader of the table (reader.h). */
extern const struct ecat_reader ecat_reader_json;

#endif /* !ECAT_SAMPLE_JSON_H */
