/*
 * fuzz_notes.c: maintainer notes (render/notes_html.c): Markdown rendered
 * with cmark in its safe mode, headings moved down two levels.
 *
 * Besides not crashing, it checks the promises of notes_html.h on every
 * output, and aborts when one is broken:
 *   - only the tags cmark's HTML renderer writes appear (raw HTML is
 *     dropped: "<!-- raw HTML omitted -->");
 *   - no heading above h3 (the page has its h1 and the notes' h2);
 *   - no link or image address starting with javascript:, vbscript:
 *     or file: (cmark's _scan_dangerous_url), in any case;
 *   - no image that loads from elsewhere than the site: every src is a
 *     relative path, with no scheme (no "http", "data:", ...) and no
 *     leading '/' or '\\' ("//host").
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "notes_html.h"

static const char *const S_tags[] = {
	"p", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre", "a",
	"img", "ul", "ol", "li", "blockquote", "hr", "br", "!--", NULL
};

/* Is the tag at s ("<name..." or "</name...") one cmark writes? */
static int
S_tag_ok(const char *s)
{
	size_t	 n, i;

	s++;
	if (*s == '/')
		s++;
	if (strncmp(s, "!--", 3) == 0)
		return strncmp(s, "!-- raw HTML omitted -->", 24) == 0;
	for (n = 0; isalnum((unsigned char)s[n]); n++)
		continue;
	for (i = 0; S_tags[i] != NULL; i++)
		if (strlen(S_tags[i]) == n && strncmp(s, S_tags[i], n) == 0)
			return s[n] == '>' || s[n] == ' ' || s[n] == '/';
	return 0;
}

static int
S_url_ok(const char *v)
{
	static const char *const bad[] = { "javascript:", "vbscript:",
	    "file:", NULL };
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++)
		if (strncasecmp(v, bad[i], strlen(bad[i])) == 0)
			return 0;
	return 1;
}

/* Is the src value at v (up to its '"') a relative path? */
static int
S_src_local(const char *v)
{
	const char	*p;

	if (*v == '/' || *v == '\\' || (unsigned char)*v <= ' ')
		return 0;
	for (p = v; *p != '"' && *p != '\0' && strchr("/?#", *p) == NULL;
	    p++)
		if (*p == ':')
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*html;
	const char	*p;

	html = ecat_notes_html((const char *)data, size);
	for (p = html; (p = strchr(p, '<')) != NULL; p++)
		if (!S_tag_ok(p)) {
			fprintf(stderr, "unexpected tag: %.40s\n", p);
			abort();
		}
	for (p = html; (p = strstr(p, "href=\"")) != NULL; p += 6)
		if (!S_url_ok(p + 6))
			abort();
	for (p = html; (p = strstr(p, "src=\"")) != NULL; p += 5)
		if (!S_url_ok(p + 5) || !S_src_local(p + 5)) {
			fprintf(stderr, "image from elsewhere: %.60s\n", p);
			abort();
		}
	free(html);
	return 0;
}
