/*
 * load.h: the loaders (internal).  Only the loaders include their
 * parser library's headers: xml.c, xld.c, manifest.c and wepexplorer.c
 * (libxml2), tsv.c (none), buildinfo.c and sample_json.c (Jansson).
 *
 * Convention for every loader: returns 0 when the file was read (its
 * content problems are diagnostics), -1 when it could not be read at
 * all (an ECAT_MSG_IO_OPEN diagnostic has been emitted).  The _mem
 * variants take a buffer the caller keeps owning; name is what
 * diagnostics print as the file.
 */
#ifndef ECAT_LOAD_H
#define ECAT_LOAD_H

#include <stddef.h>

#include "model_build.h"

/*
 * Limits shared by the loaders (etwcat.1, LIMITS); what exceeds one
 * gets a limit-exceeded diagnostic.  emc accepts at most 99 items in a
 * template (docs/etw-manifest-reference.md §1.7), and a message table
 * entry's length is 16-bit (MESSAGE_RESOURCE_ENTRY), so real input is
 * far below both.
 */
#define ECAT_MAX_FIELDS	1024	/* template items, struct members included */
#define ECAT_MAX_STRING	65535	/* bytes of one message string */

/* instrumentationManifest XML or a WEPExplorer <Providers> dump,
   told apart by the root element.  */
int	 ecat_load_xml_file(struct ecat_catalog *, struct ecat_build *,
	    const char *path);
int	 ecat_load_xml_mem(struct ecat_catalog *, struct ecat_build *,
	    const char *name, const char *buf, size_t len);

/* jdu2600 TSV, manifest or mof columns told apart by the header. */
int	 ecat_load_tsv_file(struct ecat_catalog *, struct ecat_build *,
	    const char *path);
int	 ecat_load_tsv_mem(struct ecat_catalog *, struct ecat_build *,
	    const char *name, const char *buf, size_t len);

/* SRC/builds/<build>/build.json. */
int	 ecat_load_build_json(struct ecat_catalog *, struct ecat_build *,
	    const char *path);

/*
 * Captured samples (JSON object, array or JSON lines): records each
 * (provider, id, version) as observed in the build.
 */
int	 ecat_load_samples_file(struct ecat_catalog *, struct ecat_build *,
	    const char *path);

/*
 * How deep YAML flow collections ([ {) nest in buf, an overestimate
 * (sigma.c): libyaml's time grows with the square of that depth, so
 * sigma.c and fieldnotes.c refuse a file past max before parsing.
 * Sets *line to where the depth first passed max.
 */
unsigned ecat_yaml_flowdepth(const char *buf, size_t len, unsigned max,
	    uint32_t *line);

#endif /* !ECAT_LOAD_H */
