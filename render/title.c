/*
 * title.c: an event's title and description as the seed pages make
 * them (title.h gives the rules).  A file of its own because the event
 * pages, the provider pages and the search index must give an event the
 * same title.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "msgfmt.h"
#include "title.h"

/* Keep out a string after cutting it to n bytes. */
static void
S_cut(struct ecat_buf *out, size_t n)
{
	out->len = n;
	out->buf[n] = '\0';
}

/* End [start, len) with a full stop, a trailing ":" ";" "," dropped. */
static void
S_fullstop(struct ecat_buf *out, size_t start)
{
	size_t	 n = out->len;

	while (n > start && strchr(":;, ", out->buf[n - 1]) != NULL)
		n--;
	S_cut(out, n);
	if (n > start && strchr(".!?", out->buf[n - 1]) == NULL)
		ecat_buf_putc(out, '.');
}

/* Cut [start, len) to ECAT_TITLE_MAX characters, "..." included. */
static void
S_limit(struct ecat_buf *out, size_t start)
{
	size_t	 i, chars = 0, at = 0;

	for (i = start; i < out->len; i++)
		if (((unsigned char)out->buf[i] & 0xc0) != 0x80) {
			if (++chars == ECAT_TITLE_MAX - 2)
				at = i;
		}
	if (chars <= ECAT_TITLE_MAX)
		return;
	while (at > start && out->buf[at - 1] == ' ')
		at--;
	S_cut(out, at);
	ecat_buf_puts(out, "...");
}

/*
 * The message's first sentence (line: its whole first line) with
 * inserts named into out; line also ends it with "." always, as a
 * description, where a title ends as title.h says.  Returns the bytes
 * appended.
 */
static size_t
S_sentence(struct ecat_buf *out, const struct ecat_titlein *in, int line)
{
	struct ecat_msgfmt	*mf;
	struct ecat_buf		 all;
	const struct ecat_field	*f = NULL;
	uint32_t		 nf = 0;
	size_t			 start, i;
	int			 more;

	ecat_buf_put(out, "", 0);
	start = out->len;
	if (in->message == NULL || in->message[0] == '\0')
		return 0;
	if (in->shape != NULL) {
		f = in->shape->fields;
		nf = in->shape->nfields;
	}
	mf = ecat_msgfmt_parses(in->message);
	if (ecat_msgfmt_title(mf, out, f, nf, 0) == 0) {
		ecat_msgfmt_free(mf);
		return 0;
	}
	/* The first sentence of the first line. */
	for (i = start; !line && i + 1 < out->len; i++)
		if (strchr(".!?", out->buf[i]) != NULL &&
		    out->buf[i + 1] == ' ') {
			S_cut(out, i + 1);
			break;
		}
	/* Does the message go on?  Its lines joined are longer. */
	ecat_buf_init(&all);
	more = ecat_msgfmt_title(mf, &all, f, nf, ECAT_MF_ONELINE) >
	    out->len - start;
	ecat_buf_free(&all);
	/* "uninstalled.n" before a line break: a %n written as "n". */
	if (more && out->len - start >= 2 && out->buf[out->len - 1] == 'n' &&
	    out->buf[out->len - 2] == '.')
		S_cut(out, out->len - 1);
	if (line || more || ecat_msgfmt_maxinsert(mf) > 0)
		S_fullstop(out, start);
	ecat_msgfmt_free(mf);
	return out->len - start;
}

/* "win:Start" -> "Start". */
static const char *
S_local(const char *s)
{
	const char	*c;

	if (s == NULL)
		return NULL;
	return (c = strchr(s, ':')) != NULL && c[1] != '\0' ? c + 1 : s;
}

/* TraceEvent's name for a task it has no name for: "task_0". */
static int
S_notask(const char *s)
{
	return strncmp(s, "task_", 5) == 0 && s[5] != '\0' &&
	    strspn(s + 5, "0123456789") == strlen(s + 5);
}

size_t
ecat_title_symbol(struct ecat_buf *out, const char *name, uint32_t id)
{
	char		 ids[16];
	const char	*s = name;
	size_t		 n, d, l;

	ecat_buf_put(out, "", 0);
	if (s == NULL)
		return 0;
	n = strlen(s);
	/* "_V2": the version, which the page says apart. */
	for (d = n; d > 0 && isdigit((unsigned char)s[d - 1]); d--)
		continue;
	if (d < n && d >= 2 && s[d - 1] == 'V' && s[d - 2] == '_')
		n = d - 2;
	/* "task_0": no task name. */
	if (n >= 6 && strncmp(s, "task_0", 6) == 0) {
		s += 6;
		n -= 6;
	}
	/* The event id run on to it ("Smb2RequestNegotiate1" of event 1). */
	l = (size_t)snprintf(ids, sizeof(ids), "%u", id);
	if (n >= l && memcmp(s + n - l, ids, l) == 0 &&
	    (n == l || !isdigit((unsigned char)s[n - l - 1])))
		n -= l;
	while (n > 0 && s[n - 1] == '_')
		n--;
	if (n == 0)
		return 0;
	ecat_buf_put(out, s, n);
	return n;
}

size_t
ecat_title(struct ecat_buf *out, const struct ecat_titlein *in)
{
	const char	*t, *o;
	size_t		 start;

	ecat_buf_put(out, "", 0);
	start = out->len;
	if (S_sentence(out, in, 0) == 0) {
		t = S_local(in->task);
		o = S_local(in->opcode);
		if (t != NULL && (t[0] == '\0' || S_notask(t)))
			t = NULL;
		if (o != NULL && (o[0] == '\0' || strcmp(o, "Info") == 0))
			o = NULL;
		if (in->mof_desc != NULL && in->mof_desc[0] != '\0')
			ecat_buf_puts(out, in->mof_desc);
		else if (t != NULL || o != NULL) {
			if (t != NULL)
				ecat_buf_puts(out, t);
			if (o != NULL)
				ecat_buf_puts(out, o);
		} else
			ecat_title_symbol(out, in->name, in->id);
	}
	S_limit(out, start);
	return out->len - start;
}

size_t
ecat_description(struct ecat_buf *out, const struct ecat_titlein *in)
{
	ecat_buf_put(out, "", 0);
	if (in->message == NULL || in->message[0] == '\0') {
		if (in->mof_desc == NULL || in->mof_desc[0] == '\0')
			return 0;
		ecat_buf_puts(out, in->mof_desc);
		return strlen(in->mof_desc);
	}
	return S_sentence(out, in, 1);
}
