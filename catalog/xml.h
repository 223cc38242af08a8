/*
 * xml.h: the hardened libxml2 layer (internal), shared by the two XML
 * loaders: manifest.c (instrumentationManifest) and wepexplorer.c
 * (WEPExplorer dumps and the template XML inside them).  Only the
 * files that implement XML loaders include it; xml.c holds the whole
 * policy toward hostile input (docs/etw-manifest-reference.md §8), so
 * that no loader can parse a document any other way.
 */
#ifndef ECAT_XML_H
#define ECAT_XML_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

/* What one parse saw, filled by the SAX hooks of xml.c. */
struct ecat_xml_ps {
	int		 dtd;		/* a DOCTYPE was refused */
	uint32_t	 dtdline;
	uint32_t	 nerr;		/* errors (not warnings) */
	uint32_t	 errline;	/* the first one */
	char		 errmsg[160];
	uint32_t	 nns;		/* namespace errors */
	uint32_t	 nsline;
	char		 nsmsg[160];
	int		 limit;		/* the first error is a limit's */
};

/*
 * Parse buf with the refusals of xml.c.  Returns the document (the
 * caller frees it with xmlFreeDoc) when it is well-formed, or, with
 * recover, whatever libxml2 could build; NULL otherwise.  *ps says what
 * was seen.
 */
xmlDocPtr	 ecat_xml_parse(const char *buf, size_t len, int recover,
		    struct ecat_xml_ps *ps);

/*
 * xmltree.c: the same parse into a tree of libxml2's node types built
 * in an arena of its own, for the manifest loader: elements, their
 * attributes and namespaces only (no text, comments or instructions),
 * each node's line.  A document that is not well-formed, has a
 * namespace error, or whose root is neither <instrumentationManifest>
 * nor <assembly> is parsed again by ecat_xml_parse() (recover 0), so
 * what comes back, document and *ps, is what ecat_xml_parse() gives
 * but for the text.  Free either kind with ecat_xml_free().
 */
xmlDocPtr	 ecat_xml_parse_tree(const char *buf, size_t len,
		    struct ecat_xml_ps *ps);
void		 ecat_xml_free(xmlDocPtr);

/* xml.c, for xmltree.c: the parser with the refusals, and whether its
   parse was well-formed. */
struct _xmlParserCtxt;
struct _xmlParserCtxt *ecat_xml_ctxt(const char *buf, size_t len,
		    int recover, struct ecat_xml_ps *ps);
int		 ecat_xml_ok(struct _xmlParserCtxt *, struct ecat_xml_ps *);

/*
 * For a document ecat_xml_parse refused as malformed: repair stray
 * characters inside attribute values and parse again, else parse in
 * libxml2's recovery mode.  Returns the document or NULL, *ps as for
 * ecat_xml_parse; *nrep is the number of characters the repair escaped
 * (0 when recovery mode was used), with the distinct lines of the
 * repairs (at most nlines) in lines[] and their count in *nl.
 */
xmlDocPtr	 ecat_xml_recover(const char *buf, size_t len,
		    struct ecat_xml_ps *ps, int *nrep, uint32_t *lines,
		    size_t nlines, size_t *nl);

/* XML's white space (S production). */
int		 ecat_xml_space(int c);

#endif /* !ECAT_XML_H */
