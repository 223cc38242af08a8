/*
 * merge.h: one event version of one build as all its sources describe
 * it together, each attribute from the best source that states it and
 * with where it came from (internal).
 *
 * Every source is partial (carry.h): a TSV export has fields but no
 * channel or message, an etwlib dump channels but no messages and not
 * always a template, a WEPExplorer dump everything but maps.  A page
 * should show what some source says, and say which.  So for a key
 * (provider, id, version) and a build, each attribute is taken:
 *
 *   1. from the best source of that build that states it (present or
 *      absent, ecat_carries()), best by origin, in this order:
 *
 *        source manifest   the author's own file: every attribute as
 *                          written, nothing lost;
 *        WEPExplorer dump  the registered metadata with its strings
 *                          resolved: everything but maps;
 *        etwlib dump       the same metadata, strings and some
 *                          templates lost, names and channels kept;
 *        TraceEvent        a rebuild from TDH: fields, maps and
 *        rebuild           numbers, but messages replaced by symbols;
 *        TSV               that rebuild flattened to names;
 *        TSV (MOF)         fields only;
 *        transcription     a person's reading of a document that
 *                          shows the schema (carry.h): after every
 *                          source a program read from Windows, since
 *                          the page copied may itself be wrong and the
 *                          copy adds its own choices;
 *
 *      so a source that keeps more of what the author wrote is read
 *      first, and one rebuilt from another is read after it.  A
 *      transcription is what its build shows where no machine source
 *      of that build states the attribute (samples/: seed page 000 is
 *      the only schema of Hyper-V-VSmb on 26200.6584, so that build
 *      shows its seven fields of event 1 where the etwlib dumps of the
 *      builds around it give five), and it is read from other builds
 *      like any source;
 *
 *   2. where no source of the build states it, from the nearest build
 *      in build order, either side, whose own field list for the key
 *      (from its best source that states fields) is not known to
 *      differ from this build's: the same (id, version) with the same
 *      fields is the same event (reference §5.1), and its channel or
 *      message is that event's.  The fields are compared, not assumed,
 *      because a template often changes with no new version (reference
 *      §5.2).  A build whose sources state no field list for the key
 *      (an etwlib dump without template=, which is most of its events,
 *      or a WEPExplorer dump with a blank <Template>) is not known to
 *      differ: unknown is not "other", as it is not "none" (carry.h),
 *      and those dumps' channels are what they are read for.  Two
 *      builds at the same distance: the newer one, since later builds
 *      keep a message's corrected text, not an earlier one's.  Where
 *      the build itself states no field list, the fields are taken
 *      the same way from the nearest build that states one, and the
 *      other attributes are then compared with those; builds nearer
 *      than that one, whose fields are unknown too, give nothing.
 *
 * "The same field list" is the same names and inTypes in the same
 * order (ecat_shape_alike()): the shapes' pointers differ between a
 * TSV export and a manifest of the same event, since TSV writes no
 * outType, map or length, which are presentation, not layout, and
 * writes a struct as one field of some type, so a struct is alike any
 * field of its name.
 *
 * Nothing is stored: a merge is computed when a page is rendered, from
 * the key's occurrences alone (the catalog holds 170 builds; a merged
 * record per build would cost what the occurrences cost).  The page
 * hash of the site already covers every occurrence of a key, so what
 * the merge read is part of it.
 */
#ifndef ECAT_MERGE_H
#define ECAT_MERGE_H

#include <stdint.h>

#include "carry.h"
#include "model.h"

/* The attributes by index: ECAT_ATTR_* (carry.h) is 1 << index. */
enum ecat_mattr {
	ECAT_MA_FIELDS = 0,
	ECAT_MA_CHANNEL,
	ECAT_MA_LEVEL,
	ECAT_MA_TASK,
	ECAT_MA_OPCODE,
	ECAT_MA_KEYWORDS,
	ECAT_MA_MESSAGE,
	ECAT_MA_MAPS,
	ECAT_MA_NAMEMSG,
	ECAT_MA__MAX
};

/* Where one attribute came from. */
struct ecat_msource {
	const struct ecat_occ	*occ;		/* the occurrence that states
						   it; NULL: no source does
						   (unknown, never "none") */
	enum ecat_origin	 origin;	/* occ's schema's */
	int			 other;		/* occ is of another build
						   than the one asked */
};

/* A key in a build, merged.  Points into the catalog; owns nothing. */
struct ecat_merged {
	const struct ecat_evkey	*key;
	const struct ecat_build	*build;
	const struct ecat_shape	*shape;		/* at[FIELDS]'s field list;
						   NULL: none or unknown */
	unsigned		 known;		/* ECAT_ATTR_* of at[] set */
	int			 settled;	/* the merge's own: a field
						   list of another format
						   than an etwlib dump's was
						   met (ecat_shape_dumped) */
	struct ecat_msource	 at[ECAT_MA__MAX];
};

/* "fields", "channel", "level" ... */
const char	*ecat_mattr_name(enum ecat_mattr);

/* An origin's place in the order above: 0 is read first. */
int		 ecat_origin_rank(enum ecat_origin);

/* The field list a row states (its own template's, else its content's). */
const struct ecat_shape *ecat_row_shape(const struct ecat_evrow *);

/*
 * Same names and inTypes in the same order (an unknown inType by the
 * name written); NULL and a list of no fields are alike.  1 or 0.
 */
int		 ecat_shape_alike(const struct ecat_shape *,
		    const struct ecat_shape *);

/*
 * Is d, an etwlib dump's field list, o's as etwlib writes it: o with
 * each array counted by another field left out and each array of
 * fixed count n written X-0 ... X-(n-1) (merge.c says why)?  ocounts:
 * o's source writes counts (not a TSV export or a transcription), so
 * a left-out array must say count= there; else it must follow a field
 * of a count's type.  Names by letters and digits, types as the two
 * tools name them.  1 or 0: 0 where no array is left out or written
 * item by item (a name spelt otherwise, "!FUNC!" for a TSV's "FUNC",
 * is the dump's to keep).
 */
int		 ecat_shape_dumped(const struct ecat_shape *d,
		    const struct ecat_shape *o, int ocounts);

/*
 * Two spellings of one name, a and the bl bytes at b: letters and
 * digits equal, case ignored ("Target I2C Address" and
 * "TargetI2CAddress", "!FUNC!" and "FUNC").  1 or 0.
 */
int		 ecat_ident_eq(const char *a, const char *b, size_t bl);

/*
 * Can f count an array that follows it: a scalar of a count's type
 * (UInt8, UInt16, UInt32, HexInt32), itself no array?  The rule by
 * which an etwlib dump, which leaves such arrays out, is read both in
 * the merge (ecat_shape_dumped) and in drift (ecat_drift_countable).
 */
int		 ecat_field_counts(const struct ecat_field *f);

/* A type name as an etwlib dump names it ("29", "Struct": "Binary"). */
const char	*ecat_dump_typename(const char *);

/*
 * Merge key k in build b into *m (set whole).  Returns 1, or 0 when no
 * source of b describes k (only samples, or not there); m is then
 * filled from the other builds alone, as if b's sources stated
 * nothing.
 */
int		 ecat_merge(const struct ecat_evkey *k,
		    const struct ecat_build *b, struct ecat_merged *m);

/* Two sources of one build that state an attribute differently. */
struct ecat_mconflict {
	enum ecat_mattr		 attr;
	const struct ecat_occ	*a;		/* the one the merge takes */
	const struct ecat_occ	*b;		/* one that says otherwise */
};

/*
 * The attributes that two sources of build b state differently for k
 * (fields, channel, level, task, opcode, keywords, message; maps and
 * display texts are not compared), at most max of them into out, each
 * against the source the merge takes.  Returns how many there are.
 * A transcription is left to ecat_merge_transcribed().
 */
uint32_t	 ecat_merge_conflicts(const struct ecat_evkey *k,
		    const struct ecat_build *b, struct ecat_mconflict *out,
		    uint32_t max);

/*
 * A transcription against what a program read from Windows
 * (lint-transcription-differs).  For occurrence t of key k of p, a
 * transcription: the nearest build, t's own first, then either side,
 * the newer on a tie, that has a machine source (no transcription, no
 * sample) of event id k->id in any version.  Where that build has k,
 * each attribute of fields .. message that t states and that build's
 * best machine source states otherwise; where it has the id in other
 * versions only, the version (attr ECAT_MA__MAX), since a page that
 * shows no version leaves the transcription at 0.
 */
struct ecat_mtdiff {
	int			 attr;		/* enum ecat_mattr, or
						   ECAT_MA__MAX: the version */
	const struct ecat_occ	*m;		/* the machine source's */
};

/* At most max into out; returns how many there are. */
uint32_t	 ecat_merge_transcribed(const struct ecat_provider *p,
		    const struct ecat_evkey *k, const struct ecat_occ *t,
		    struct ecat_mtdiff *out, uint32_t max);

#endif /* !ECAT_MERGE_H */
