/*
 * standalone.c: replay driver for the fuzz harnesses without libFuzzer:
 * runs LLVMFuzzerTestOneInput once per file named on the command line
 * (or each file in a named folder).  Used by the ordinary test suite
 * on tests/fuzz/regress/<harness>/ and on seed inputs.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int
S_one(const char *path)
{
	FILE	*f;
	uint8_t	*buf = NULL;
	size_t	 n = 0, cap = 0, r;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return 1;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		if ((r = fread(buf + n, 1, cap - n, f)) == 0)
			break;
		n += r;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct stat	 st;
	int		 i, rc = 0, ran = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *de;
			char p[4096];

			while (d != NULL && (de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				snprintf(p, sizeof(p), "%s/%s", argv[i],
				    de->d_name);
				rc |= S_one(p);
				ran++;
			}
			if (d != NULL)
				closedir(d);
		} else {
			rc |= S_one(argv[i]);
			ran++;
		}
	}
	printf("%d inputs replayed\n", ran);
	return rc;
}
