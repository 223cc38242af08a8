/*
 * lcheck.h: what the two files of the schema lint pass share
 * (internal): lint.c runs the pass and holds the schema-, event- and
 * reference-level checks, lint_fields.c the template- and field-level
 * ones.  Only those two include it.
 */
#ifndef ECAT_LCHECK_H
#define ECAT_LCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Which source formats a check applies to. */
#define L_MAN	0x01	/* MANIFEST, WEPEXPLORER: full tables */
#define L_TSV	0x02	/* TSV_MANIFEST: names, field lists */
#define L_MOF	0x04	/* TSV_MOF: MOF classes as TSV rows */
#define L_ALL	(L_MAN | L_TSV | L_MOF)

/* A table and its case-insensitive twin. */
struct names {
	struct ecat_htab	 exact;
	struct ecat_htab	 ci;
};

/* The state of the pass, over one schema at a time. */
struct lint {
	struct ecat_catalog	*cat;
	struct ecat_pschema	*ps;
	unsigned		 fmt;		/* L_MAN, L_TSV or L_MOF */
	int			 rebuilt;	/* ecat_pschema_rebuilt() */
	int			 etwlib;	/* ecat_pschema.etwlib */
	struct ecat_msgctx	 ctx;
	/* Definitions of the schema (L_MAN only). */
	struct names		 templates, tasks, opcodes, keywords;
	struct names		 channels, levels, maps;
	struct ecat_htab	 localops;	/* opcode name → owning task */
	struct ecat_htab	 events;	/* (id, version) → first row */
	const struct ecat_evrow	*row;		/* the event being checked */
	struct ecat_loc		 evloc;		/* where it is */
	/* Per template of ps->templates: the first event using it. */
	const struct ecat_event	**firstuse;
	/* Templates outside ps->templates already checked. */
	struct ecat_htab	 extra;
	struct ecat_buf		 tmp;
	struct ecat_buf		 tmp2;
	/*
	 * The template being checked, when it is large: name → first
	 * item (tag 0) and name → first member of the struct at top-level
	 * index i (tag i + 1), so that count= and length= are looked up
	 * in constant time, not by a scan per reference (a template of
	 * 1,000 items each naming the one before took quadratic time;
	 * tests/pathological.py).  NULL: scan.
	 */
	const struct ecat_htab	*fnames;
};

enum refres {
	REF_FOUND = 0,
	REF_MISSING,
	REF_CASE		/* only a case-insensitive match */
};

/* lint.c: the name tables (struct ecat_htab with string keys). */
void	 lint_hinit(struct ecat_htab *, size_t n, int ci);
const struct ecat_hent *lint_hget(const struct ecat_htab *, const char *s,
	    size_t len, uint64_t tag);
const struct ecat_hent *lint_hput(struct ecat_htab *, const char *s,
	    size_t len, uint64_t tag, const void *v);
enum refres lint_resolve(const struct names *, const char *s, size_t len,
	    uint64_t tag, const void **def, const char **hint);

/* lint.c: is s a $(string.X) reference (§1.9), not a placeholder? */
int	 lint_strref(const char *s);

/* lint.c: the diagnostic context. */
void	 lint_evctx(struct lint *, const struct ecat_event *);
const char *lint_tid(const struct ecat_template *);

/* lint_fields.c: the checks of template t, whose first user is ev. */
void	 lint_template(struct lint *, const struct ecat_template *t,
	    const struct ecat_event *user);

/*
 * lint_merge.c: lint-source-conflict over the catalog, every source of
 * a build read together (catalog/merge.h).
 */
void	 lint_merge(struct ecat_catalog *);

/* lint_merge.c: what occurrence o states of attribute a, into b. */
void	 lint_mvalue(struct ecat_buf *b, int a, const struct ecat_occ *o);

/*
 * lint_transcription.c: lint-transcription-differs, each transcription
 * against the nearest machine source (catalog/merge.h).
 */
void	 lint_transcription(struct ecat_catalog *);

#endif /* !ECAT_LCHECK_H */
