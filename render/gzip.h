/*
 * gzip.h: a gzip copy of a finished file (internal), for the site's
 * downloads/catalog.json.gz (render/site/publish.c).  Compression is
 * zlib's (Debian zlib1g-dev), not written here.
 */
#ifndef ECAT_GZIP_H
#define ECAT_GZIP_H

/*
 * The site writes downloads/catalog.json.gz beside catalog.json when
 * catalog.json is larger than this.  Hosts cap single files: GitHub
 * warns about a file over 50 MiB pushed to a repository and refuses
 * one over 100 MiB, and GitHub Pages serves at most 1 GB a site.  From
 * 50 MiB on, catalog.json is near such caps (77 MB for the 17 TSV
 * builds, more with every build added), and its gzip copy, about a
 * twentieth of its size, is what such a host can keep.  Below it, the
 * copy would only add a file and build time: a host's own transfer
 * compression serves the smaller document as well.
 */
#define ECAT_GZIP_CATALOG_MIN	(50ULL << 20)

/*
 * Write dst, the gzip (RFC 1952) of src, with no name and no time in
 * its header, so that equal files give equal bytes.  When reuse is not
 * NULL and names a file (the previous site's copy, made from a file
 * equal to src), dst is a hard link to it instead.  dst must not
 * exist.  Returns 0 when written, 1 when
 * reused, -1 with errno set on failure (dst then removed).
 */
int	 ecat_gzip_file(const char *src, const char *dst, const char *reuse);

#endif /* !ECAT_GZIP_H */
