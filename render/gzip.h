/*
 * gzip.h: a gzip copy of a finished file (internal), for the site's
 * downloads/catalog.json.gz (render/site/publish.c).  Compression is
 * zlib's (Debian zlib1g-dev), not written here.
 */
#ifndef ECAT_GZIP_H
#define ECAT_GZIP_H

/*
 * The site always writes downloads/catalog.json.gz, and catalog.json
 * itself only when it is at most this large.  Hosts cap single files:
 * GitHub warns about a file over 50 MiB pushed to a repository and
 * refuses one over 100 MiB, and GitHub Pages serves at most 1 GB a
 * site.  catalog.json is 77 MB for the 17 TSV builds and 149 MB for
 * every shared source (27 builds); its gzip copy is about a twentieth
 * of that (4.3 MB, 7.9 MB), so the copy is what every host can keep,
 * and the pages link to it.  Below the cap the plain file is kept too,
 * for readers who want it without a gunzip.  A small catalog's copy
 * costs little: 20 ms for the 3 MB of samples/.
 */
#define ECAT_CATALOG_PLAIN_MAX	(100ULL << 20)

/*
 * Write dst, the gzip (RFC 1952) of src, with no name and no time in
 * its header, so that equal files give equal bytes.  When reuse is not
 * NULL and names a file (the previous site's copy, made from a file
 * equal to src), dst is a hard link to it instead.  dst must not
 * exist.  Returns 0 when written, 1 when
 * reused, -1 with errno set on failure (dst then removed).
 */
int	 ecat_gzip_file(const char *src, const char *dst, const char *reuse);

/*
 * Inflate the n bytes at z (a zlib stream, alone) into a malloc'd
 * buffer, *len its length: the site's marker and run record
 * (render/site/marker.c, rerun.c).  NULL when the stream is damaged,
 * cut short, followed by other bytes, or inflates past max bytes.
 */
unsigned char *ecat_zinflate(const void *z, size_t n, size_t max,
	    size_t *len);

#endif /* !ECAT_GZIP_H */
