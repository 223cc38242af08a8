/*
 * fuzz.h: shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c).
 * Each harness defines LLVMFuzzerTestOneInput; built with clang
 * -fsanitize=fuzzer when meson's -Dfuzz=true, and always built against
 * standalone.c as a replay driver so that every input that once crashed
 * (tests/fuzz/regress/<harness>/) runs in the ordinary suite.
 */
#ifndef ECAT_FUZZ_H
#define ECAT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * A quiet catalog: diagnostics are counted, not printed.  fuzz_run()
 * feeds the input to load() as one build, or as two builds when the
 * input holds the separator line "\n----8<----\n" (so drift sees a
 * pair), then finishes, lints, runs drift and exports JSON to
 * /dev/null: every stage after the loader sees what the loader made.
 */
struct ecat_catalog;
struct ecat_build;
struct ecat_diag;

/* A diagnostics context that counts and prints nothing (the caller
   frees it with ecat_diag_free()), and the sink that makes it so. */
struct ecat_diag *fuzz_diag(void);
struct ecat_diagrec;
void	 fuzz_quiet(const struct ecat_diagrec *, void *);

typedef void (*fuzz_load_fn)(struct ecat_catalog *, struct ecat_build *,
	    const char *buf, size_t len);
void	 fuzz_run(const uint8_t *, size_t, fuzz_load_fn);

#endif
