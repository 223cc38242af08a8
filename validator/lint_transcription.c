/*
 * lint_transcription.c: lint-transcription-differs, a schema a person
 * transcribed from a document (catalog/carry.h; build.json
 * "transcription") that describes an event otherwise than the nearest
 * source a program read from Windows (catalog/merge.h,
 * ecat_merge_transcribed()).  In samples/, seed page 000's
 * Hyper-V-VSmb on 26200.6584 against the etwlib dump of 26200.6901:
 * event 1's seven fields where the dump has five (it drops an array
 * whose count is another field), event 301's keyword, whose name the
 * page does not give.
 *
 * The merge already decides which one a page shows (etwcat.1, "Every
 * source merged"); this says where the two disagree, so that a
 * maintainer can correct the transcription or see that the dump lost
 * something.  A file of its own because it reads one kind of source
 * against every build, where lint_merge.c reads one build's sources
 * together.  Reported at the transcription's event, naming the other
 * file and line, with what each says.
 */
#include <stdio.h>
#include <string.h>

#include "etwcat.h"
#include "lcheck.h"
#include "merge.h"

/* Does p have a transcribed schema?  Most providers have none. */
static int
S_has(const struct ecat_provider *p)
{
	uint32_t	 i;

	for (i = 0; i < p->nschemas; i++)
		if (ecat_pschema_origin(p->schemas[i]) ==
		    ECAT_ORIGIN_TRANSCRIBED)
			return 1;
	return 0;
}

static void
S_report(struct ecat_catalog *cat, const struct ecat_provider *p,
    const struct ecat_evkey *k, const struct ecat_occ *t,
    const struct ecat_mtdiff *d, struct ecat_buf *vt, struct ecat_buf *vm)
{
	const struct ecat_pschema	*pt = ecat_occ_schema(t);
	const struct ecat_pschema	*pm = ecat_occ_schema(d->m);
	const struct ecat_build		*bm = ecat_occ_build(d->m);
	struct ecat_msgctx		 ctx;
	struct ecat_loc			 loc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.build = ecat_occ_build(t)->id;
	ctx.provider = p->name;
	ctx.event_id = k->id;
	ctx.version = k->version;
	loc = ecat_evrow_loc(pt, ecat_occ_row(t));
	if (d->attr == ECAT_MA__MAX) {
		ecat_msgx(cat->diag, ECAT_MSG_LINT_TRANSCRIPTION, &loc, &ctx,
		    "version: %u (transcription) against %s:%u (%s, %s): "
		    "version %u, not %u", k->version, pm->loc.file,
		    ecat_occ_row(d->m)->line, bm->id,
		    ecat_origin_name(ecat_pschema_origin(pm)),
		    ecat_occ_row(d->m)->ev->version, k->version);
		return;
	}
	ecat_buf_reset(vt);
	ecat_buf_reset(vm);
	lint_mvalue(vt, d->attr, t);
	lint_mvalue(vm, d->attr, d->m);
	ecat_msgx(cat->diag, ECAT_MSG_LINT_TRANSCRIPTION, &loc, &ctx,
	    "%s: %s (transcription) against %s:%u (%s, %s): %s",
	    ecat_mattr_name(d->attr), vt->buf, pm->loc.file,
	    ecat_occ_row(d->m)->line, bm->id,
	    ecat_origin_name(ecat_pschema_origin(pm)), vm->buf);
}

void
lint_transcription(struct ecat_catalog *cat)
{
	const struct ecat_provider	*p;
	const struct ecat_evkey		*k;
	const struct ecat_occ		*t;
	struct ecat_mtdiff		 d[ECAT_MA__MAX + 1];
	struct ecat_buf			 vt, vm;
	uint32_t			 i, j, o, n, x;

	ecat_buf_init(&vt);
	ecat_buf_init(&vm);
	for (i = 0; i < cat->nproviders; i++) {
		p = cat->providers[i];
		if (!S_has(p))
			continue;
		for (j = 0; j < p->nkeys; j++) {
			k = p->keys[j];
			for (o = 0; o < k->nocc; o++) {
				t = &k->occ[o];
				if (ecat_occ_row(t) == NULL ||
				    ecat_pschema_origin(ecat_occ_schema(t)) !=
				    ECAT_ORIGIN_TRANSCRIBED)
					continue;
				n = ecat_merge_transcribed(p, k, t, d,
				    ECAT_MA__MAX + 1);
				for (x = 0; x < n && x <= ECAT_MA__MAX; x++)
					S_report(cat, p, k, t, &d[x], &vt, &vm);
			}
		}
	}
	ecat_buf_free(&vt);
	ecat_buf_free(&vm);
}
