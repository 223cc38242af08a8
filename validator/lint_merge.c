/*
 * lint_merge.c: lint-source-conflict, two sources of one build that
 * describe an event version differently (catalog/merge.h): a TSV
 * export with two fields where the manifest rebuilt from the same
 * build has three (DeviceManagement-Enterprise-Diagnostics-Provider 27
 * in 17134), two <provider> blocks of one name in one file that give
 * an event different tasks (Kernel-General in 17134).  A file of its
 * own because it reads every source of a build together, where the
 * rest of lint reads one schema at a time.
 *
 * Each conflict is reported at the source the merge does not take,
 * naming the one it takes, so that both files and lines are in the
 * message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "lcheck.h"
#include "merge.h"

/* What a source says of attribute a, for the message, into b. */
void
lint_mvalue(struct ecat_buf *b, int a, const struct ecat_occ *o)
{
	const struct ecat_evrow		*r = ecat_occ_row(o);
	const struct ecat_event		*e = r->ev;
	const struct ecat_shape		*sh;
	uint32_t			 i;

	switch (a) {
	case ECAT_MA_FIELDS:
		sh = ecat_row_shape(r);
		if (sh == NULL || sh->nfields == 0) {
			ecat_buf_puts(b, "no fields");
			break;
		}
		ecat_buf_putc(b, '(');
		for (i = 0; i < sh->nfields; i++)
			ecat_buf_printf(b, "%s%s %s", i ? ", " : "",
			    sh->fields[i].intype_name != NULL ?
			    sh->fields[i].intype_name :
			    ecat_intype_name(sh->fields[i].intype),
			    sh->fields[i].name != NULL ? sh->fields[i].name :
			    "");
		ecat_buf_putc(b, ')');
		break;
	case ECAT_MA_CHANNEL:
		ecat_buf_puts(b, e->channel_name != NULL ? e->channel_name :
		    "no channel");
		if (e->channel_name == NULL && (e->has & ECAT_HAS_CHANNEL))
			ecat_buf_printf(b, " (value %u)", e->channel);
		break;
	case ECAT_MA_LEVEL:
		if (e->level_name != NULL)
			ecat_buf_printf(b, "%s", e->level_name);
		if (e->has & ECAT_HAS_LEVEL)
			ecat_buf_printf(b, "%s%u", e->level_name ? " " : "",
			    e->level);
		break;
	case ECAT_MA_TASK:
		ecat_buf_puts(b, e->task_name != NULL ? e->task_name : "");
		if (e->has & ECAT_HAS_TASK)
			ecat_buf_printf(b, "%s%u", e->task_name ? " " : "",
			    e->task);
		break;
	case ECAT_MA_OPCODE:
		ecat_buf_puts(b, e->opcode_name != NULL ? e->opcode_name : "");
		if (e->has & ECAT_HAS_OPCODE)
			ecat_buf_printf(b, "%s%u", e->opcode_name ? " " : "",
			    e->opcode);
		break;
	case ECAT_MA_KEYWORDS:
		if (e->keywords_names != NULL)
			ecat_buf_puts(b, e->keywords_names);
		else if (e->has & ECAT_HAS_KEYWORDS)
			ecat_buf_printf(b, "0x%llx",
			    (unsigned long long)e->keywords);
		break;
	case ECAT_MA_MESSAGE:
		ecat_buf_puts(b, e->message != NULL ? "another message" :
		    "no message");
		break;
	default:
		break;
	}
	if (b->len == 0)
		ecat_buf_puts(b, "none");
}

/* The conflicts of key k in the builds where it has two sources. */
static void
S_key(struct ecat_catalog *cat, const struct ecat_provider *p,
    const struct ecat_evkey *k, struct ecat_buf *va, struct ecat_buf *vb)
{
	struct ecat_mconflict	 mc[ECAT_MA__MAX];
	const struct ecat_build	*b;
	const struct ecat_pschema *pa, *pb;
	struct ecat_msgctx	 ctx;
	struct ecat_loc		 loc;
	uint32_t		 i, j, e, n, nrows;

	for (i = 0; i < k->nocc; i = e) {
		b = ecat_occ_build(&k->occ[i]);
		nrows = 0;
		for (e = i; e < k->nocc && ecat_occ_build(&k->occ[e]) == b;
		    e++)
			nrows += ecat_occ_row(&k->occ[e]) != NULL;
		if (nrows < 2)
			continue;
		n = ecat_merge_conflicts(k, b, mc, ECAT_MA__MAX);
		for (j = 0; j < n && j < ECAT_MA__MAX; j++) {
			pa = ecat_occ_schema(mc[j].a);
			pb = ecat_occ_schema(mc[j].b);
			ecat_buf_reset(va);
			ecat_buf_reset(vb);
			lint_mvalue(va, mc[j].attr, mc[j].a);
			lint_mvalue(vb, mc[j].attr, mc[j].b);
			memset(&ctx, 0, sizeof(ctx));
			ctx.build = b->id;
			ctx.provider = p->name;
			ctx.event_id = k->id;
			ctx.version = k->version;
			loc = ecat_evrow_loc(pb, ecat_occ_row(mc[j].b));
			ecat_msgx(cat->diag, ECAT_MSG_LINT_SOURCE_CONFLICT,
			    &loc, &ctx, "%s: %s (%s) against %s:%u (%s, taken): "
			    "%s", ecat_mattr_name(mc[j].attr), vb->buf,
			    ecat_origin_name(ecat_pschema_origin(pb)),
			    pa->loc.file, ecat_occ_row(mc[j].a)->line,
			    ecat_origin_name(ecat_pschema_origin(pa)),
			    va->buf);
		}
	}
}

/*
 * Has p two schemas in one build?  Only then can a key of p have two
 * rows in a build (each row an occurrence of a schema of p, one per
 * schema and key).  Asked of the schemas, not of every occurrence of
 * every key: with one schema a build, that walk was 2% of validate
 * over the 170 builds of bench/stress.sh (perf), for no finding.
 * seen has a bit per build, all clear, and is left so.
 */
static int
S_twice(const struct ecat_provider *p, uint64_t *seen)
{
	uint32_t	 i, b;
	int		 yes = 0;

	for (i = 0; i < p->nschemas && !yes; i++) {
		b = p->schemas[i]->build->index;
		yes = (seen[b / 64] >> (b % 64)) & 1;
		seen[b / 64] |= (uint64_t)1 << (b % 64);
	}
	while (i-- > 0) {
		b = p->schemas[i]->build->index;
		seen[b / 64] &= ~((uint64_t)1 << (b % 64));
	}
	return yes;
}

void
lint_merge(struct ecat_catalog *cat)
{
	const struct ecat_provider	*p;
	struct ecat_buf			 va, vb;
	uint64_t			*seen;
	uint32_t			 i, k;

	ecat_buf_init(&va);
	ecat_buf_init(&vb);
	seen = ecat_calloc((size_t)cat->nbuilds / 64 + 1, sizeof(*seen));
	for (i = 0; i < cat->nproviders; i++) {
		p = cat->providers[i];
		if (!S_twice(p, seen))
			continue;
		for (k = 0; k < p->nkeys; k++)
			S_key(cat, p, p->keys[k], &va, &vb);
	}
	free(seen);
	ecat_buf_free(&va);
	ecat_buf_free(&vb);
	lint_transcription(cat);
}
