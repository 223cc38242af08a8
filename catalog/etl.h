/*
 * etl.h: the ETL sample reader (internal; etl.c), an entry of the
 * table of readers in sample.c, and what it counted in a file, which
 * the tests and the summary note (sample-etl-records) read.
 */
#ifndef ECAT_ETL_H
#define ECAT_ETL_H

#include <stdint.h>

#include "reader.h"

extern const struct ecat_reader ecat_reader_etl;

/* Record header kinds (docs/capture-formats.md, "ETL"), 32- and 64-bit. */
enum ecat_etl_kind {
	ECAT_ETL_SYSTEM32, ECAT_ETL_SYSTEM64,		/* 0x01, 0x02 */
	ECAT_ETL_COMPACT32, ECAT_ETL_COMPACT64,		/* 0x03, 0x04 */
	ECAT_ETL_PERFINFO32, ECAT_ETL_PERFINFO64,	/* 0x10, 0x11 */
	ECAT_ETL_EVENT32, ECAT_ETL_EVENT64,		/* 0x12, 0x13 */
	ECAT_ETL_FULL32, ECAT_ETL_FULL64,		/* 0x0A, 0x14 */
	ECAT_ETL_INSTANCE32, ECAT_ETL_INSTANCE64,	/* 0x0B, 0x15 */
	ECAT_ETL__KINDS
};

/* What the reader met in a file so far (all of it after the last next). */
struct ecat_etl_stats {
	uint32_t	 nbuffers;	/* read, damaged ones included */
	uint32_t	 ncompressed;	/* of which compressed */
	uint32_t	 ndamaged;	/* sample-etl-damaged diagnostics */
	uint64_t	 decompressed;	/* bytes out of compressed buffers */
	/* the logfile header's (0 when the file has none) */
	uint32_t	 build;		/* the OS build number */
	uint8_t		 osmajor, osminor;
	uint32_t	 ptrsize;	/* the session's pointer size */
	uint32_t	 clock;		/* 1 QPC, 2 system time, 3 CPU cycles */
	uint32_t	 ncpus;
	uint64_t	 start;		/* StartTime, FILETIME */
	uint64_t	 nkind[ECAT_ETL__KINDS];	/* records, header included */
	uint64_t	 nextrecords;	/* EVENT_HEADER records with ext items */
	uint64_t	 nextitems;	/* their items */
	uint64_t	 nevents;	/* EVENT_HEADER records handed on */
};

/* The counts of a handle of ecat_reader_etl (between open and close). */
const struct ecat_etl_stats *ecat_etl_stats(const void *handle);

#endif /* !ECAT_ETL_H */
