/*
 * fuzz_sample.c: captured sample events (catalog/sample.c, Jansson)
 * through the validator (validator/validate.c) and its reports
 * (render/vreport*.c), against real schemas: the Kernel-Network
 * and Winsock-Sockets manifests of samples/builds/WS2022-20348.4893,
 * whose samples/ folder seeds the corpus (tests/fuzz/run.sh).
 *
 * The input is written to a file, since samples are read from files
 * (and the file's suffix matters: .jsonl is JSON lines, .json says by
 * its content).  The input's length picks, so that every seed reaches
 * every mode as the fuzzer grows and shrinks it:
 *   bit 0: suffix .json or .jsonl;
 *   bit 1: the sample belongs to the build with the schemas, or to a
 *          build without any (best-match mode: checked against every
 *          build that defines its key; Kernel-Network is also loaded
 *          as the Windows 10 1803 manifest, so there are two);
 *   bits 2 and up: report format (text, JSON, SARIF, JUnit: the length
 *          over 4, modulo the number of formats), to /dev/null.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etwcat.h"
#include "fuzz.h"
#include "load.h"
#include "sample.h"
#include "validate.h"

#ifndef ECAT_SRCDIR
#define ECAT_SRCDIR "."
#endif

struct schema {
	const char	*build;
	const char	*path;		/* below ECAT_SRCDIR */
	char		*text;
	size_t		 len;
};

static struct schema S_schemas[] = {
	{ "WS2022-20348.4893", "samples/builds/WS2022-20348.4893/manifests/"
	  "Microsoft-Windows-Kernel-Network.xml", NULL, 0 },
	{ "WS2022-20348.4893", "samples/builds/WS2022-20348.4893/manifests/"
	  "Microsoft-Windows-Winsock-Sockets.xml", NULL, 0 },
	{ "Win10-1803-17134", "samples/builds/Win10-1803-17134/manifests/"
	  "Microsoft-Windows-Kernel-Network.xml", NULL, 0 },
};
#define S_NSCHEMAS	(sizeof(S_schemas) / sizeof(S_schemas[0]))

static char	 S_dir[64];

static void
S_rmdir(void)
{
	char	 p[96];

	snprintf(p, sizeof(p), "%s/s.json", S_dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/s.jsonl", S_dir);
	unlink(p);
	rmdir(S_dir);
}

/* Read the schemas once; abort if they are not there (a setup error). */
static void
S_init(void)
{
	char	 path[4096];
	FILE	*f;
	long	 n;
	size_t	 i;

	for (i = 0; i < S_NSCHEMAS; i++) {
		snprintf(path, sizeof(path), "%s/%s", ECAT_SRCDIR,
		    S_schemas[i].path);
		if ((f = fopen(path, "rb")) == NULL ||
		    fseek(f, 0, SEEK_END) == -1 || (n = ftell(f)) < 0) {
			perror(path);
			abort();
		}
		rewind(f);
		if ((S_schemas[i].text = malloc((size_t)n + 1)) == NULL ||
		    fread(S_schemas[i].text, 1, (size_t)n, f) != (size_t)n)
			abort();
		S_schemas[i].text[n] = '\0';
		S_schemas[i].len = (size_t)n;
		fclose(f);
	}
	snprintf(S_dir, sizeof(S_dir), "%s/etwcat-fuzz-sample.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(S_dir) == NULL) {
		perror(S_dir);
		abort();
	}
	atexit(S_rmdir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ecat_diag	*d;
	struct ecat_catalog	*cat;
	struct ecat_vreport	*rep;
	struct ecat_vrun	 run;
	char			 path[96];
	FILE			*f, *null;
	size_t			 i, nfmt;

	if (S_schemas[0].text == NULL)
		S_init();
	snprintf(path, sizeof(path), "%s/s.json%s", S_dir,
	    size & 1 ? "l" : "");
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, f) != size || fclose(f) == EOF)
		abort();
	if ((null = fopen("/dev/null", "w")) == NULL)
		abort();

	d = fuzz_diag();
	cat = ecat_catalog_new(d);
	ecat_validate_defer(cat);
	for (i = 0; i < S_NSCHEMAS; i++)
		ecat_load_xml_mem(cat, ecat_build_get(cat, S_schemas[i].build),
		    S_schemas[i].path, S_schemas[i].text, S_schemas[i].len);
	ecat_load_samples_file(cat, ecat_build_get(cat, size & 2 ?
	    "Fuzz-99999" : "WS2022-20348.4893"), path);
	ecat_catalog_finish(cat);

	/* As etwcat validate does: the report is the diagnostics' sink. */
	memset(&run, 0, sizeof(run));
	for (nfmt = 0; ecat_vformat_name(nfmt) != NULL; nfmt++)
		continue;
	rep = ecat_vreport_new(d, null, ecat_vformat_find(
	    ecat_vformat_name((size >> 2) % nfmt)),
	    ECAT_SEV_WARNING, 0);
	ecat_vreport_hook(rep, &run);
	ecat_validate(cat, &run);
	ecat_vreport_finish(rep, cat, &run);
	ecat_vreport_free(rep);
	ecat_diag_set_sink(d, fuzz_quiet, NULL);
	ecat_vrun_clear(&run);
	/* The examples kept for the site, as exported. */
	ecat_export_json(cat, null);
	fclose(null);
	ecat_catalog_free(cat);
	ecat_diag_free(d);
	unlink(path);
	return 0;
}
