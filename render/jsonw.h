/*
 * jsonw.h: a streaming JSON writer (internal).  Output goes straight to
 * a FILE in one pass; nothing is built in memory, so exporting the
 * whole 17-build catalog costs no more memory than the catalog.
 *
 * Output uses the *_unlocked stdio calls (half the CPU time of the
 * site's catalog.json): a FILE handed to a jsonw must not be written
 * by another thread at the same time.
 *
 * The writer tracks nesting to place commas; keys and values are
 * escaped per RFC 8259 (control characters as \u00XX, invalid UTF-8
 * bytes replaced by U+FFFD so the output is always valid JSON).
 */
#ifndef ECAT_JSONW_H
#define ECAT_JSONW_H

#include <stdint.h>
#include <stdio.h>

#define JSONW_MAXDEPTH	64

struct jsonw {
	FILE	*f;
	int	 depth;
	int	 pretty;		/* indent with two spaces */
	int	 flat;			/* members this deep: one line */
	int	 first[JSONW_MAXDEPTH];	/* no member written yet */
	int	 afterkey;		/* a key was just written */
};

void	 jsonw_init(struct jsonw *, FILE *, int pretty);
/*
 * Pretty output only above a depth: the members of containers opened
 * at depth - 1 or deeper go on their container's line, without the
 * space after ':' (an export's records one a line).  Any time.
 */
void	 jsonw_flat(struct jsonw *, int depth);
void	 jsonw_obj_open(struct jsonw *);
void	 jsonw_obj_close(struct jsonw *);
void	 jsonw_arr_open(struct jsonw *);
void	 jsonw_arr_close(struct jsonw *);
void	 jsonw_key(struct jsonw *, const char *);
/* Values; a NULL string writes null. */
void	 jsonw_str(struct jsonw *, const char *);
void	 jsonw_strn(struct jsonw *, const char *, size_t);
void	 jsonw_int(struct jsonw *, int64_t);
void	 jsonw_uint(struct jsonw *, uint64_t);
void	 jsonw_bool(struct jsonw *, int);
void	 jsonw_null(struct jsonw *);
/* 64-bit masks as "0x..." strings: JSON numbers lose bits above 2^53. */
void	 jsonw_hex(struct jsonw *, uint64_t);
/* Key + value shorthands. */
void	 jsonw_kstr(struct jsonw *, const char *, const char *);
void	 jsonw_kint(struct jsonw *, const char *, int64_t);
void	 jsonw_kbool(struct jsonw *, const char *, int);
void	 jsonw_khex(struct jsonw *, const char *, uint64_t);
/* Write s escaped as the body of a JSON string (no quotes). */
void	 jsonw_escape(FILE *, const char *, size_t);
/* A file path as a URI reference (SARIF's artifactLocation.uri):
   unreserved bytes and '/' as they are, every other byte %-escaped. */
void	 jsonw_uri(struct jsonw *, const char *path);

#endif
