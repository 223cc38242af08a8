/*
 * notes_html.c: maintainer notes from Markdown to HTML with cmark, the
 * only cmark user (see notes_html.h for the safety rules).
 */
#include <stdlib.h>

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

char *
ecat_notes_html(const char *md, size_t len)
{
	cmark_node	*doc, *n;
	cmark_iter	*it;
	cmark_event_type ev;
	char		*html, *out;
	int		 lv;

	cmark_parser	*parser;

	parser = cmark_parser_new_with_mem(CMARK_OPT_SAFE, &cm_mem);
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type((n = cmark_iter_get_node(it))) ==
		    CMARK_NODE_HEADING) {
			/* The page has its h1 and the notes' h2. */
			lv = cmark_node_get_heading_level(n) + 2;
			cmark_node_set_heading_level(n, lv > 6 ? 6 : lv);
		}
	cmark_iter_free(it);
	/* Renders with the document's allocator (cm_mem). */
	html = cmark_render_html(doc, CMARK_OPT_SAFE);
	cmark_node_free(doc);
	/* cmark's memory comes from its own allocator: copy it out. */
	out = ecat_strdup(html);
	free(html);
	return out;
}
