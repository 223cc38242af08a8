/*
 * dreport_markdown.c: the Markdown drift report, fit for a pull-request
 * comment or a CI job summary (etwcat.1, DRIFT): a line of totals or
 * "No drift", a table of counts per build pair and severity, then one
 * section per severity, breaking first, each headed by its counts (in
 * all and per class), with one table per build pair whose rows give
 * each finding's file:line.
 *
 * A code-review host limits a comment's size (GitHub: 65,536
 * characters), so the report can be capped in bytes: a UTF-8 character
 * is one to four bytes, so a report of N bytes is never more than N
 * characters, however the host counts them.  The report is cut between
 * whole lines only (never inside a table row, so never inside a
 * multibyte character), the most severe findings come first so the
 * cut drops notes before warnings before breaking findings, and the
 * last line says how many findings were left out.  Every unit of
 * output goes through S_emit(), which keeps room for that line.
 *
 * Names come from inputs (provider, field, type and build names, file
 * paths), so every one is escaped (S_text) before it reaches a table
 * cell or a heading: no input can end a cell, start emphasis, a code
 * span, a link or raw HTML, as CommonMark and its GFM table extension
 * define them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "dformat.h"

/* The sections, most severe first: the cut drops the last ones. */
static const enum ecat_dsev sevorder[] = {
	ECAT_DSEV_BREAKING, ECAT_DSEV_WARNING, ECAT_DSEV_NOTE
};
#define NSEV	3

struct S_md {
	FILE		*f;
	size_t		 max;		/* bytes; 0: no cap */
	size_t		 used;		/* bytes written */
	size_t		 reserve;	/* kept for S_close() */
	struct ecat_buf	 pend;		/* headings waiting for a row */
	int		 pend_opens;	/* pend opens a <details> */
	struct ecat_buf	 unit;		/* the line being built */
	int		 full;		/* a unit did not fit */
	int		 details;	/* inside a written <details> */
	int		 all;
	size_t		 total[NSEV];	/* findings reported, by sevorder */
	size_t		 written[NSEV];	/* of those, written */
};

/*
 * s as text of a table cell or heading.  Control characters become
 * spaces (a line break would end the row); &, < and > become entity
 * references (no raw HTML, no autolink); every other ASCII punctuation
 * character with a meaning in CommonMark or GFM inline text, and the
 * pipe that ends a GFM cell, is backslash-escaped, which CommonMark
 * allows before any ASCII punctuation.  An @ is followed by a zero-
 * width space (U+200B): a code-review host reads "@name" in a comment
 * as a mention and notifies that user or team whatever the escaping,
 * and a provider or field name is no call for anybody.  Other bytes,
 * UTF-8 included, are copied.
 */
static void
S_text(struct ecat_buf *b, const char *s)
{
	unsigned char	 c;

	for (; s != NULL && (c = (unsigned char)*s) != '\0'; s++) {
		if (c < 0x20 || c == 0x7f)
			ecat_buf_putc(b, ' ');
		else if (c == '&')
			ecat_buf_puts(b, "&amp;");
		else if (c == '<')
			ecat_buf_puts(b, "&lt;");
		else if (c == '>')
			ecat_buf_puts(b, "&gt;");
		else if (c == '@')
			ecat_buf_puts(b, "@\xe2\x80\x8b");
		else if (strchr("\\`*_[]|~$!#", c) != NULL) {
			ecat_buf_putc(b, '\\');
			ecat_buf_putc(b, c);
		} else
			ecat_buf_putc(b, c);
	}
}

static int
S_sevidx(enum ecat_dsev s)
{
	int	 i;

	for (i = 0; i < NSEV; i++)
		if (sevorder[i] == s)
			return i;
	return NSEV - 1;
}

/* "breaking", "warnings", "notes": a count's noun. */
static const char *
S_sevnoun(int i, size_t n)
{
	static const char *const one[NSEV] = { "breaking", "warning",
	    "note" };
	static const char *const many[NSEV] = { "breaking", "warnings",
	    "notes" };

	return n == 1 ? one[i] : many[i];
}

/* The last line of a cut report: how many findings were left out. */
static void
S_trailer(struct ecat_buf *b, size_t max, const size_t *left)
{
	size_t	 n = left[0] + left[1] + left[2];

	ecat_buf_printf(b, "**%zu more finding%s in the full report** "
	    "(%zu breaking, %zu warning%s, %zu note%s; this one stops at "
	    "%zu bytes: `--max-bytes 0` or `--format json` gives them "
	    "all).\n", n, n == 1 ? "" : "s", left[0], left[1],
	    left[1] == 1 ? "" : "s", left[2], left[2] == 1 ? "" : "s", max);
}

static const char	S_details_close[] = "</details>\n\n";

/*
 * Write the pending headings and md->unit if they fit with the
 * reserve, and empty both.  Returns 1 if written; 0 if the report is
 * full (then nothing is written from now on).
 */
static int
S_emit(struct S_md *md)
{
	size_t	 n = md->pend.len + md->unit.len;

	if (!md->full && md->max > 0 && md->used + n + md->reserve >
	    md->max)
		md->full = 1;
	if (!md->full) {
		if (md->pend.len > 0)
			fwrite(md->pend.buf, 1, md->pend.len, md->f);
		if (md->unit.len > 0)
			fwrite(md->unit.buf, 1, md->unit.len, md->f);
		md->used += n;
		if (md->pend_opens)
			md->details = 1;
	}
	ecat_buf_reset(&md->pend);
	ecat_buf_reset(&md->unit);
	md->pend_opens = 0;
	return !md->full;
}

/* Close an open <details>: its room is in the reserve. */
static void
S_details_end(struct S_md *md)
{
	if (!md->details)
		return;
	fputs(S_details_close, md->f);
	md->used += sizeof(S_details_close) - 1;
	md->details = 0;
}

/* After a cut: end the table and any <details>, then the trailer. */
static void
S_close(struct S_md *md)
{
	struct ecat_buf	 b;
	size_t		 left[NSEV];
	int		 i;

	if (!md->full)
		return;
	for (i = 0; i < NSEV; i++)
		left[i] = md->total[i] - md->written[i];
	ecat_buf_init(&b);
	/* Cut at a table's last line: nothing is left out. */
	if (left[0] + left[1] + left[2] > 0)
		S_trailer(&b, md->max, left);
	/* A blank line ends a table cut at a row. */
	fputc('\n', md->f);
	S_details_end(md);
	if (b.len > 0)
		fwrite(b.buf, 1, b.len, md->f);
	ecat_buf_free(&b);
}

static int
S_samepair(const struct ecat_drift *a, const struct ecat_drift *b)
{
	return a->from == b->from && a->to == b->to;
}

/* "A → B", escaped. */
static void
S_pair(struct ecat_buf *b, const struct ecat_drift *d)
{
	S_text(b, d->from->id);
	ecat_buf_puts(b, " \xe2\x86\x92 ");
	S_text(b, d->to->id);
}

/*
 * The opening line and the table per build pair.  The counts per class
 * head the sections (S_section), so that the breaking findings follow
 * the few lines of totals even in a short report.
 * validator/drift.c orders the findings by build pair, so a pair is a
 * run of the array.
 */
static void
S_summary(struct S_md *md, const struct ecat_catalog *cat)
{
	size_t	 i, j, npairs = 0, accepted = 0, shown;
	size_t	 cnt[NSEV + 1], sum[NSEV + 1];
	int	 s;

	memset(sum, 0, sizeof(sum));
	for (i = 0; i < cat->ndrift; i = j) {
		npairs++;
		for (j = i; j < cat->ndrift &&
		    S_samepair(&cat->drift[i], &cat->drift[j]); j++)
			if (cat->drift[j].accepted)
				accepted++;
	}
	shown = md->total[0] + md->total[1] + md->total[2];
	ecat_buf_puts(&md->unit, "## Schema drift\n\n");
	if (shown == 0 && accepted == 0)
		ecat_buf_puts(&md->unit, "**No drift**: no schema changed "
		    "between the builds compared.\n");
	else if (shown == 0)
		ecat_buf_printf(&md->unit, "**No drift** outside the "
		    "baseline: it accepts all %zu finding%s.\n", accepted,
		    accepted == 1 ? "" : "s");
	else {
		ecat_buf_printf(&md->unit, "%zu finding%s in %zu build "
		    "pair%s: ", shown, shown == 1 ? "" : "s", npairs,
		    npairs == 1 ? "" : "s");
		for (s = 0; s < NSEV; s++)
			ecat_buf_printf(&md->unit, "%s%s%zu %s%s",
			    s == 0 ? "" : s == NSEV - 1 ? " and " : ", ",
			    s == 0 && md->total[0] > 0 ? "**" : "",
			    md->total[s], S_sevnoun(s, md->total[s]),
			    s == 0 && md->total[0] > 0 ? "**" : "");
		ecat_buf_printf(&md->unit, "; %zu accepted by the "
		    "baseline%s.\n", accepted, md->all && accepted > 0 ?
		    " (counted and listed too)" : "");
	}
	if (!S_emit(md) || npairs == 0)
		return;

	ecat_buf_puts(&md->unit, "\n| build pair | breaking | warning | "
	    "note | accepted |\n|---|---:|---:|---:|---:|\n");
	if (!S_emit(md))
		return;
	for (i = 0; i < cat->ndrift; i = j) {
		memset(cnt, 0, sizeof(cnt));
		for (j = i; j < cat->ndrift &&
		    S_samepair(&cat->drift[i], &cat->drift[j]); j++) {
			if (cat->drift[j].accepted)
				cnt[NSEV]++;
			if (dreport_show(&cat->drift[j], md->all))
				cnt[S_sevidx(cat->drift[j].sev)]++;
		}
		ecat_buf_puts(&md->unit, "| ");
		S_pair(&md->unit, &cat->drift[i]);
		for (s = 0; s <= NSEV; s++) {
			ecat_buf_printf(&md->unit, " | %zu", cnt[s]);
			sum[s] += cnt[s];
		}
		ecat_buf_puts(&md->unit, " |\n");
		if (!S_emit(md))
			return;
	}
	if (npairs > 1)
		ecat_buf_printf(&md->unit, "| **all %zu pairs** | %zu | %zu "
		    "| %zu | %zu |\n", npairs, sum[0], sum[1], sum[2],
		    sum[3]);
	ecat_buf_putc(&md->unit, '\n');
	S_emit(md);
}

/* One table row: provider, event, class, field, change, file:line. */
static void
S_row(struct ecat_buf *b, const struct ecat_drift *d)
{
	ecat_buf_puts(b, "| ");
	S_text(b, d->provider);
	ecat_buf_puts(b, " | ");
	if (d->event_id >= 0)
		ecat_buf_printf(b, "%lld v%d", (long long)d->event_id,
		    (int)d->version);
	ecat_buf_printf(b, " | %s | ", ecat_dclass_id(d->cls));
	S_text(b, d->field);
	ecat_buf_puts(b, " | ");
	if (d->before != NULL && d->after != NULL) {
		S_text(b, d->before);
		ecat_buf_puts(b, " \xe2\x86\x92 ");
		S_text(b, d->after);
	} else if (d->after != NULL) {
		ecat_buf_puts(b, "+ ");
		S_text(b, d->after);
	} else if (d->before != NULL) {
		ecat_buf_puts(b, "- ");
		S_text(b, d->before);
	}
	ecat_buf_puts(b, " | ");
	if (d->loc.file != NULL) {
		S_text(b, d->loc.file);
		if (d->loc.line > 0)
			ecat_buf_printf(b, ":%u", (unsigned)d->loc.line);
	}
	ecat_buf_puts(b, " |\n");
}

/*
 * The section of one severity: its heading with the count, then per
 * build pair a heading with that pair's count and a table.  Warnings
 * and notes are folded in a <details> (breaking findings stay open).
 * Headings wait in md->pend until a row is written with them.
 * Returns 0 once the report is full.
 */
static int
S_section(struct S_md *md, const struct ecat_catalog *cat, int s)
{
	size_t	 i, j, k, n, by[ECAT_D__MAX];
	int	 c, first = 1;

	if (md->total[s] == 0)
		return 1;
	ecat_buf_printf(&md->pend, "### %s%s: %zu finding%s\n\n",
	    s == 0 ? "Breaking" : s == 1 ? "Warnings" : "Notes",
	    s == 0 ? " drift" : "", md->total[s],
	    md->total[s] == 1 ? "" : "s");
	memset(by, 0, sizeof(by));
	for (i = 0; i < cat->ndrift; i++)
		if (cat->drift[i].sev == sevorder[s] &&
		    dreport_show(&cat->drift[i], md->all))
			by[cat->drift[i].cls]++;
	for (c = 0; c < ECAT_D__MAX; c++)
		if (by[c] > 0) {
			ecat_buf_printf(&md->pend, "%s%s %zu", first ?
			    "By class: " : ", ", ecat_dclass_id(c), by[c]);
			first = 0;
		}
	ecat_buf_puts(&md->pend, ".\n\n");
	if (s > 0) {
		ecat_buf_printf(&md->pend, "<details><summary>%zu %s"
		    "</summary>\n\n", md->total[s],
		    S_sevnoun(s, md->total[s]));
		md->pend_opens = 1;
	}
	for (i = 0; i < cat->ndrift; i = j) {
		n = 0;
		for (j = i; j < cat->ndrift &&
		    S_samepair(&cat->drift[i], &cat->drift[j]); j++)
			if (cat->drift[j].sev == sevorder[s] &&
			    dreport_show(&cat->drift[j], md->all))
				n++;
		if (n == 0)
			continue;
		ecat_buf_puts(&md->pend, "#### ");
		S_pair(&md->pend, &cat->drift[i]);
		ecat_buf_printf(&md->pend, ": %zu %s\n\n| provider | event "
		    "| class | field | change | file:line |\n"
		    "|---|---|---|---|---|---|\n", n, S_sevnoun(s, n));
		for (k = i; k < j; k++) {
			const struct ecat_drift *d = &cat->drift[k];

			if (d->sev != sevorder[s] || !dreport_show(d, md->all))
				continue;
			S_row(&md->unit, d);
			if (!S_emit(md))
				return 0;
			md->written[s]++;
		}
		ecat_buf_putc(&md->unit, '\n');
		if (!S_emit(md))
			return 0;
	}
	S_details_end(md);
	return 1;
}

static void
S_render_max(const struct ecat_catalog *cat, FILE *f, int all,
    size_t max)
{
	struct S_md	 md;
	struct ecat_buf	 t;
	size_t		 i;
	int		 s;

	memset(&md, 0, sizeof(md));
	md.f = f;
	md.max = max;
	md.all = all;
	ecat_buf_init(&md.pend);
	ecat_buf_init(&md.unit);
	for (i = 0; i < cat->ndrift; i++)
		if (dreport_show(&cat->drift[i], all))
			md.total[S_sevidx(cat->drift[i].sev)]++;
	/* The trailer with every count at its largest is the longest. */
	ecat_buf_init(&t);
	S_trailer(&t, max, md.total);
	md.reserve = 1 + sizeof(S_details_close) - 1 + t.len;
	ecat_buf_free(&t);

	S_summary(&md, cat);
	for (s = 0; s < NSEV && !md.full; s++)
		if (!S_section(&md, cat, s))
			break;
	S_close(&md);
	ecat_buf_free(&md.pend);
	ecat_buf_free(&md.unit);
}

static void
S_render(const struct ecat_catalog *cat, FILE *f, int all)
{
	S_render_max(cat, f, all, 0);
}

const struct ecat_dformat ecat_dformat_markdown = {
	.name = "markdown",
	.render = S_render,
	.render_max = S_render_max,
};
