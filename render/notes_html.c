/*
 * notes_html.c: maintainer notes from Markdown to HTML with cmark, the
 * only cmark user (see notes_html.h for the safety rules).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "alloc.h"
#include "notes_html.h"

/*
 * cmark allocates through this, so that running out of memory inside
 * it is etwcat's "out of memory" and exit 3, not cmark's abort().
 */
static void *
S_cm_calloc(size_t n, size_t sz)
{
	return ecat_calloc(n, sz);
}

static void *
S_cm_realloc(void *p, size_t n)
{
	return ecat_realloc(p, n);
}

static cmark_mem cm_mem = { S_cm_calloc, S_cm_realloc, free };

/*
 * Does an image's address load from the site itself?  Only a relative
 * path does: no scheme (https:, data:, or any other: RFC 3986 takes a
 * ':' before the first '/', '?' or '#' for the end of one) and no
 * leading '/' (the host's root, or "//host" for another host; browsers
 * read '\' as '/').  That is what the pages' img-src 'self' allows of a
 * relative address, decided here so that it holds outside browsers too.
 * Leading spaces and control characters, which browsers skip, are
 * skipped first.
 */
static int
S_local(const char *url)
{
	const char	*p;

	if (url == NULL)
		return 0;
	while (*url != '\0' && (unsigned char)*url <= ' ')
		url++;
	if (*url == '/' || *url == '\\')
		return 0;
	for (p = url; *p != '\0' && strchr("/?#", *p) == NULL; p++)
		if (*p == ':')
			return 0;
	return 1;
}

/* Is n within a link (an image there is its label)? */
static int
S_inlink(cmark_node *n)
{
	while ((n = cmark_node_parent(n)) != NULL)
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			return 1;
	return 0;
}

/*
 * Replace the image n, whose address is not the site's, by what it
 * says: its alt text (its children), in a link to the image unless it
 * is a link's label already (a badge), so that the reader can still
 * follow it; a link loads nothing by itself.  An image without alt text
 * shows its address.
 */
static void
S_unimage(cmark_node *n)
{
	cmark_node	*link = NULL, *ch, *t;
	const char	*url = cmark_node_get_url(n);

	if (cmark_node_first_child(n) == NULL) {
		t = cmark_node_new_with_mem(CMARK_NODE_TEXT, &cm_mem);
		cmark_node_set_literal(t, url != NULL ? url : "");
		cmark_node_append_child(n, t);
	}
	if (!S_inlink(n)) {
		link = cmark_node_new_with_mem(CMARK_NODE_LINK, &cm_mem);
		cmark_node_set_url(link, url);
		cmark_node_set_title(link, cmark_node_get_title(n));
		cmark_node_insert_before(n, link);
	}
	while ((ch = cmark_node_first_child(n)) != NULL)
		if (link != NULL)
			cmark_node_append_child(link, ch);
		else
			cmark_node_insert_before(n, ch);
	/* Unlinks it too. */
	cmark_node_free(n);
}

char *
ecat_notes_html(const char *md, size_t len)
{
	cmark_node	*doc, *n, **imgs = NULL;
	cmark_iter	*it;
	cmark_event_type ev;
	char		*html, *out;
	size_t		 nimgs = 0, cap = 0, i;
	int		 lv;

	cmark_parser	*parser;

	parser = cmark_parser_new_with_mem(CMARK_OPT_SAFE, &cm_mem);
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	/*
	 * Headings move down; images that would load from elsewhere are
	 * gathered, and replaced once the walk is done (replacing a node
	 * under the iterator would change what it visits).  In safe mode
	 * an image is the one thing cmark's HTML renderer writes that a
	 * browser loads by itself: raw HTML (html_block, html_inline) is
	 * written as a comment, and custom nodes, whose text is written
	 * as it is, come only from the API, which nothing here calls to
	 * make one.
	 */
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING:
			/* The page has its h1 and the notes' h2. */
			lv = cmark_node_get_heading_level(n) + 2;
			cmark_node_set_heading_level(n, lv > 6 ? 6 : lv);
			break;
		case CMARK_NODE_IMAGE:
			if (S_local(cmark_node_get_url(n)))
				break;
			if (nimgs == cap) {
				cap = cap ? cap * 2 : 8;
				imgs = ecat_reallocarray(imgs, cap,
				    sizeof(*imgs));
			}
			imgs[nimgs++] = n;
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	/* In document order: an image in another's alt text is moved
	   with it before its own turn, and stays a node of the tree. */
	for (i = 0; i < nimgs; i++)
		S_unimage(imgs[i]);
	free(imgs);
	/* Renders with the document's allocator (cm_mem). */
	html = cmark_render_html(doc, CMARK_OPT_SAFE);
	cmark_node_free(doc);
	/* cmark's memory comes from its own allocator: copy it out. */
	out = ecat_strdup(html);
	free(html);
	return out;
}
