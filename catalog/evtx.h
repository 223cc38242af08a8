/*
 * evtx.h: the EVTX sample reader (internal; evtx.c), an entry of the
 * table of readers in sample.c.
 */
#ifndef ECAT_EVTX_H
#define ECAT_EVTX_H

#include "reader.h"

extern const struct ecat_reader ecat_reader_evtx;

#endif /* !ECAT_EVTX_H */
