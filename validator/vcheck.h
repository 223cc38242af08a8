/*
 * vcheck.h: what the sample validator's files share (internal to
 * validator/): the state of one run (struct vctx), the candidate
 * schema a sample is checked against (struct cand), its findings
 * before they are reported (struct vfind), and the three groups of
 * checks.
 *
 * validate.c matches a sample to its candidates, runs the checks on
 * each, keeps the best candidate and reports its findings; the checks
 * of the header (check_header.c), the payload's fields
 * (check_fields.c), the message (check_message.c) and the captured
 * binary types (check_types.c) only record findings with
 * ecat_vfind().  Values are parsed in values.c.
 */
#ifndef ECAT_VCHECK_H
#define ECAT_VCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "sample.h"
#include "validate.h"

/* Steps of a JSON path a finding keeps (system.level, event_data.X[3]). */
#define V_MAXSTEPS	5

/* One finding of one candidate, before it is reported. */
struct vfind {
	enum ecat_msg		 m;
	const char		*field;
	size_t			 text;		/* offset in vctx.text */
	struct ecat_spath	 steps[V_MAXSTEPS];
	uint8_t			 nsteps;
	const struct ecat_evrow	*once;		/* report once per event row */
	const struct ecat_pschema *once_ps;	/* and schema: a row may be
						   shared by builds */
};

/* A schema a sample is checked against. */
struct cand {
	const struct ecat_evrow		*row;
	const struct ecat_event		*ev;		/* row->ev */
	const struct ecat_pschema	*ps;
	const struct ecat_build		*build;
	int				 lenient;	/* outTypes unknown */
	int				 rebuilt;
	size_t				 fstart, fend;	/* in vctx.finds */
	uint32_t			 nsev[ECAT_SEV__MAX];
};

struct vctx {
	struct ecat_catalog	*cat;
	struct ecat_vrun	*run;
	struct ecat_vfile	 file;
	uint8_t			*hasschemas;	/* by build index */

	struct ecat_htab	 guids;		/* GUID → provider with schemas */
	int			 loaded;	/* file observed at load time */
	int			 emit;		/* report findings (a run given) */

	/* per sample */
	const struct ecat_sample *s;
	struct vfind		*finds;
	size_t			 nfinds, findcap;
	struct ecat_buf		 text;
	struct cand		*cands;
	size_t			 ncands, candcap;
	const struct ecat_svalue **tmap;	/* template field → value */
	const char		**tname;	/* ... and its sample name */
	uint32_t		*tidx;		/* ... its index in the sample */
	size_t			 tcap;

	/* pointer keys (alloc.h) */
	struct ecat_htab	 msgs;		/* event → ecat_msgfmt */
	struct ecat_htab	 once;		/* events reported once */
	struct ecat_htab	 bestidx;	/* provider → bestacc index + 1 */
	struct bestacc		*best;		/* validate.c */
	size_t			 nbest, bestcap;
};

/* ---------------------------------------------------- validate.c */

/*
 * Record a finding of candidate c (NULL: of the sample itself): its
 * detail starts with the JSON path of the value it is about.
 */
void	 ecat_vfind(struct vctx *, struct cand *, enum ecat_msg,
	    const char *field, const struct ecat_spath *, size_t nst,
	    const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Report the quirks in q (1 << enum ecat_quirk) of the value at the
   path as one sample-noncanonical-value note. */
void	 ecat_vquirks(struct vctx *, struct cand *, unsigned q,
	    const char *field, const struct ecat_spath *, size_t nst,
	    const struct ecat_svalue *);
/* The value slot of key in h; with insert, created (NULL) if new,
   else NULL when key is absent. */
void	**ecat_vhslot(struct ecat_htab *h, const void *key, int insert);

/* ------------------------------------------------------ the checks */

/* Level, task, opcode, keywords and channel (check_header.c). */
void	 ecat_vcheck_header(struct vctx *, struct cand *);
/* The payload's fields against the template (check_fields.c); fills
   v->tmap, which the message check reads. */
void	 ecat_vcheck_fields(struct vctx *, struct cand *);
/* The rendered message against the event's (check_message.c); after
   ecat_vcheck_fields(). */
void	 ecat_vcheck_message(struct vctx *, struct cand *);
/* Each captured value's binary type against its field's inType
   (check_types.c); after ecat_vcheck_fields(). */
void	 ecat_vcheck_types(struct vctx *, struct cand *);
/* check_procerror.c: a record Windows could not render is one finding,
   not compared field by field; 1 when it was one, else 0. */
int	 ecat_vcheck_procerror(struct vctx *, struct cand *);
/* The binary type of template field j's value (sample.h's btype),
   0 when unknown; after ecat_vcheck_fields() mapped the fields. */
uint8_t	 ecat_vbtype(const struct vctx *, uint32_t j);
/* A binary payload (sample.h) decoded with the template, its length
   and string terminators checked, then its fields and message as
   ecat_vcheck_fields() and ecat_vcheck_message() check them
   (payload.c). */
void	 ecat_vcheck_payload(struct vctx *, struct cand *);

#endif /* !ECAT_VCHECK_H */
