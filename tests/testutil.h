/*
 * testutil.h: helpers shared by the Check suites.
 * Tests read the shared corpus as ../shared from the repository root
 * (meson runs them with the working directory at the root; $SHARED
 * overrides).
 */
#ifndef ECAT_TESTUTIL_H
#define ECAT_TESTUTIL_H

#include <stddef.h>

/* The suites build catalogs by hand too: the loaders' write side. */
#include "merge.h"
#include "model.h"
#include "model_build.h"
#include "sample.h"

/* Path under the shared corpus; static buffer, valid until next call. */
const char *tu_shared(const char *rel);
/* Path under the repository root. */
const char *tu_src(const char *rel);

/*
 * A diagnostics context that records every message as a line
 * "FILE:LINE:COL: SEVERITY: text [id]" in tu_diag_text() and prints
 * nothing.  tu_diag_reset() clears the record.
 */
struct ecat_diag *tu_diag(void);
const char	*tu_diag_text(void);
size_t		 tu_diag_count_id(const char *id);
void		 tu_diag_reset(void);

/*
 * Run a suite (CK_NORMAL output) and free it; returns main()'s exit
 * status: 0 when every test passed.
 */
struct Suite;
int		 tu_run(struct Suite *);

/* Load a source into a fresh catalog using tu_diag(); finished. */
struct ecat_catalog *tu_load(const char *path, const char *build);

/*
 * The row of (prov, id, version) in build (by id) from a schema, or
 * NULL; *psp its schema.
 */
const struct ecat_evrow *tu_rowps(const struct ecat_pschema **psp,
    const struct ecat_catalog *cat, const char *prov, const char *build,
    uint32_t id, uint16_t ver);

/*
 * Key (id, version) of prov merged in build bid (catalog/merge.h); the
 * test fails when the provider, the key or the build is missing.
 */
void	 tu_merge(struct ecat_merged *, const struct ecat_catalog *,
	    const char *prov, uint32_t id, uint16_t version, const char *bid);
/* The build attribute a of m came from, and its source's event; the
   test fails when no source states it. */
const char *tu_mbuild(const struct ecat_merged *, enum ecat_mattr a);
const struct ecat_event *tu_mevent(const struct ecat_merged *,
	    enum ecat_mattr a);

#endif
