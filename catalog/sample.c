/*
 * sample.c: captured sample events, whatever their format: the table
 * of readers (reader.h), the entry points the loader and the validator
 * call (sample.h), and the list of sample files met while loading.
 * The JSON reader is sample_json.c, its input sample_input.c, one
 * event to a record sample_event.c, its locator sample_locate.c; the
 * EVTX reader is evtx.c, its binary XML binxml.c; the ETL reader is
 * etl.c.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etl.h"
#include "evtx.h"
#include "io.h"
#include "load.h"
#include "reader.h"
#include "sample.h"
#include "sample_json.h"

/*
 * The readers, in the order they are asked (ecat_reader_find).  JSON
 * takes every file, so it comes last.  EVTX takes *.evtx and any file
 * that begins with "ElfFile\0"; ETL takes *.etl (no magic).
 */
static const struct ecat_reader *const readers[] = {
	&ecat_reader_evtx,
	&ecat_reader_etl,
	&ecat_reader_json,
	NULL
};

const struct ecat_reader *
ecat_reader_find(const char *path)
{
	const struct ecat_reader *const	*r;

	for (r = readers; r[1] != NULL && !(*r)->claims(path); r++)
		continue;
	return *r;
}

const struct ecat_reader *
ecat_reader_sniff(const char *path, const uint8_t *head, size_t n)
{
	const struct ecat_reader *const	*r;

	for (r = readers; n > 0 && *r != NULL; r++)
		if ((*r)->sniff != NULL && (*r)->sniff(head, n))
			return *r;
	return ecat_reader_find(path);
}

/* The reader of a record: NULL, in a record made by hand too, is JSON. */
static const struct ecat_reader *
S_reader(const struct ecat_sample *r)
{
	return r->reader != NULL ? r->reader : &ecat_reader_json;
}

int
ecat_samples_read(struct ecat_catalog *cat, struct ecat_build *b,
    const char *path, unsigned flags, ecat_sample_fn fn, void *arg,
    uint64_t *nbytes)
{
	const struct ecat_reader	*rd;
	const struct ecat_sample	*r;
	struct stat			 st;
	const char			*file;
	void				*h;
	uint8_t				 head[8];
	ssize_t				 n;
	int				 rc, isstdin, fd;

	isstdin = strcmp(path, "-") == 0;
	file = ecat_file(cat, isstdin ? "<stdin>" : path);
	/* Standard input may be a pipe; a file must be a regular one. */
	if (isstdin)
		fd = STDIN_FILENO;
	else if ((fd = ecat_open_input(cat, path, &st)) == -1)
		return -1;
	/* The first bytes of a regular file say its format, whatever
	   its name (pread leaves the offset for the reader). */
	n = isstdin ? -1 : pread(fd, head, sizeof(head), 0);
	rd = ecat_reader_sniff(path, head, n > 0 ? (size_t)n : 0);
	h = rd->open(cat, b, file, path, fd, flags);
	while ((rc = rd->next(h, &r)) == 1)
		if (fn != NULL)
			fn(r, arg);
	if (!isstdin)
		close(fd);
	rd->close(h, nbytes);
	return rc == -1 ? -1 : 0;
}

int
ecat_sample_locate(const struct ecat_sample *r, const struct ecat_spath *steps,
    size_t nsteps, struct ecat_loc *out)
{
	return S_reader(r)->locate(r, steps, nsteps, out);
}

char *
ecat_sample_json(const struct ecat_sample *r)
{
	return S_reader(r)->json(r);
}

/* -------------------------------------------------------------- queue */

struct squeue {
	struct ecat_samplefile	*head;
	struct ecat_samplefile	*tail;
	int			 defer;
};

static struct squeue *
S_queue(struct ecat_catalog *cat)
{
	if (cat->samplequeue == NULL)
		cat->samplequeue = ecat_alloc(cat, sizeof(struct squeue));
	return cat->samplequeue;
}

void
ecat_samples_defer(struct ecat_catalog *cat, int defer)
{
	S_queue(cat)->defer = defer;
}

const struct ecat_samplefile *
ecat_samplefiles(const struct ecat_catalog *cat)
{
	return cat->samplequeue != NULL ?
	    ((const struct squeue *)cat->samplequeue)->head : NULL;
}

static void
S_enqueue(struct ecat_catalog *cat, struct ecat_build *b, const char *path,
    int loaded)
{
	struct squeue		*q = S_queue(cat);
	struct ecat_samplefile	*f;

	f = ecat_alloc(cat, sizeof(*f));
	f->path = ecat_str(cat, path);
	f->build = b;
	f->loaded = loaded;
	if (q->tail != NULL)
		q->tail->next = f;
	else
		q->head = f;
	q->tail = f;
}

/* ----------------------------------------------------------------- API */

/* The loader's callback: record the key as observed in the build. */
static void
S_observe(const struct ecat_sample *r, void *arg)
{
	struct ecat_catalog	*cat = arg;

	if (!r->malformed)
		ecat_observe(cat, r->provider, r->guid, r->build, r->event_id,
		    r->version);
}

int
ecat_load_samples_file(struct ecat_catalog *cat, struct ecat_build *b,
    const char *path)
{
	/* Standard input can be read once: by the validator. */
	if (S_queue(cat)->defer || strcmp(path, "-") == 0) {
		S_enqueue(cat, b, path, 0);
		cat->nfiles++;
		return 0;
	}
	if (ecat_samples_read(cat, b, path, 0, S_observe, cat, NULL) == -1)
		return -1;
	cat->nfiles++;
	S_enqueue(cat, b, path, 1);
	return 0;
}

int
ecat_reader_locate_record(const struct ecat_sample *r,
    const struct ecat_spath *steps, size_t nsteps, struct ecat_loc *out)
{
	(void)steps;
	(void)nsteps;
	*out = r->loc;
	return 0;
}
