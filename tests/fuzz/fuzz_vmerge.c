/*
 * fuzz_vmerge.c: shard reports read by etwcat merge (render/vmerge.c,
 * Jansson) and replayed into a validate report.  The replay driver's
 * seeds are the golden JSON reports of tests/regress/validate/
 * (tests/meson.build).
 *
 * The input is written to a file, since reports are read from files,
 * and merged with itself, as two shards: what two shards share is
 * taken once, their files sorted together.  The input's length picks
 * the report format (text, JSON, SARIF, JUnit), written to /dev/null,
 * and bit 2 the --source folder (none, or "samples").  A merge's
 * system errors (a rejected report) are also printed on standard
 * error, as etwcat merge prints them: standard error is /dev/null
 * while a report is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etwcat.h"
#include "fuzz.h"

static char	 S_path[96];

static void
S_rm(void)
{
	unlink(S_path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		*dirs[] = { (char *)"samples" };
	struct ecat_vmerge	*m;
	struct ecat_diag	*d;
	struct ecat_vreport	*rep;
	char *const		*src;
	FILE			*f, *null;
	size_t			 nfmt;
	int			 fd, nsrc, saved;

	if (S_path[0] == '\0') {
		snprintf(S_path, sizeof(S_path), "%s/etwcat-fuzz-vmerge."
		    "XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
		    "/tmp");
		if ((fd = mkstemp(S_path)) == -1) {
			perror(S_path);
			abort();
		}
		close(fd);
		atexit(S_rm);
	}
	if ((f = fopen(S_path, "wb")) == NULL ||
	    fwrite(data, 1, size, f) != size || fclose(f) == EOF)
		abort();
	if ((null = fopen("/dev/null", "w")) == NULL)
		abort();

	m = ecat_vmerge_new();
	(void)ecat_vmerge_read(m, S_path);
	(void)ecat_vmerge_read(m, S_path);
	src = ecat_vmerge_sources(m, dirs, size & 4 ? 1 : 0, &nsrc);
	for (nfmt = 0; ecat_vformat_name(nfmt) != NULL; nfmt++)
		continue;
	d = ecat_diag_new();
	rep = ecat_vreport_new(d, null, ecat_vformat_find(
	    ecat_vformat_name(size % nfmt)), ecat_vmerge_threshold(m), 0);
	ecat_vreport_sources(rep, src, nsrc);
	fflush(stderr);
	saved = dup(2);
	if (saved != -1)
		(void)freopen("/dev/null", "w", stderr);
	(void)ecat_vmerge_finish(m, d, rep);
	if (saved != -1) {
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
	}
	ecat_vreport_free(rep);
	ecat_diag_free(d);
	ecat_vmerge_free(m);
	fclose(null);
	return 0;
}
