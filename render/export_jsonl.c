/*
 * export_jsonl.c: `etwcat export --format jsonl`: every event of the
 * capture files the sources hold (.evtx logs, .etl traces, JSON
 * samples), one JSON line each, in the shape of a JSON sample
 * ({"system": {...}, "event_data" or "user_data": {...}, "message":
 * ...}, etwcat.1 SAMPLE FORMAT), so that a capture read once can be
 * kept and checked as JSON afterwards.
 *
 * The records are the ones the validator reads (catalog/sample.h):
 * each file is read by its reader in load order, one event at a time,
 * and written at once; memory stays flat whatever the captures' size.
 * A malformed record has been reported by its reader and is left out.
 * The object is the reader's own rendering (ecat_sample_json), made one
 * line here: its layout is ours (a line break and indent between
 * members, never inside a string, where JSON escapes line breaks), so
 * removing each line break and the spaces after it is exact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "model.h"
#include "sample.h"

struct jl {
	FILE		*f;
	uint64_t	 n;
};

/* Write s, a pretty-printed JSON object, as one line. */
static void
S_line(FILE *f, const char *s)
{
	const char	*p, *q;

	for (p = s; (q = strchr(p, '\n')) != NULL; p = q) {
		fwrite(p, 1, (size_t)(q - p), f);
		for (q++; *q == ' '; q++)
			continue;
	}
	fputs(p, f);
	putc('\n', f);
}

static void
S_event(const struct ecat_sample *r, void *arg)
{
	struct jl	*j = arg;
	char		*s;

	if (r->malformed || (s = ecat_sample_json(r)) == NULL)
		return;
	S_line(j->f, s);
	free(s);
	j->n++;
}

int
ecat_export_jsonl(struct ecat_catalog *cat, FILE *f, uint64_t *nevents)
{
	const struct ecat_samplefile	*sf;
	struct jl			 j;
	int				 rc = 0;

	j.f = f;
	j.n = 0;
	for (sf = ecat_samplefiles(cat); sf != NULL; sf = sf->next)
		if (ecat_samples_read(cat, sf->build, sf->path,
		    sf->loaded ? ECAT_SR_QUIET : 0, S_event, &j, NULL) == -1)
			rc = -1;
	if (nevents != NULL)
		*nevents = j.n;
	return ferror(f) ? -1 : rc;
}
