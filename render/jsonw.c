/*
 * jsonw.c: streaming JSON writer.
 */
#include <inttypes.h>
#include <string.h>

#include "alloc.h"
#include "jsonw.h"

void
jsonw_init(struct jsonw *w, FILE *f, int pretty)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->pretty = pretty;
	w->flat = JSONW_MAXDEPTH;
	w->first[0] = 1;
}

void
jsonw_flat(struct jsonw *w, int depth)
{
	w->flat = depth;
}

/* A new line and indentation before a member at w->depth, if pretty. */
static void
S_indent(struct jsonw *w)
{
	int	 i;

	if (!w->pretty || w->depth >= w->flat)
		return;
	putc_unlocked('\n', w->f);
	for (i = 0; i < w->depth; i++)
		fputs_unlocked("  ", w->f);
}

/* Before any value or key: comma and indentation as needed. */
static void
S_pre(struct jsonw *w)
{
	if (w->afterkey) {
		w->afterkey = 0;
		return;
	}
	if (!w->first[w->depth])
		putc_unlocked(',', w->f);
	w->first[w->depth] = 0;
	if (w->depth > 0)
		S_indent(w);
}

static void
S_open(struct jsonw *w, int c)
{
	S_pre(w);
	putc_unlocked(c, w->f);
	if (w->depth + 1 < JSONW_MAXDEPTH)
		w->depth++;
	w->first[w->depth] = 1;
}

static void
S_close(struct jsonw *w, int c)
{
	int	 empty = w->first[w->depth];
	int	 flat = w->depth >= w->flat;

	if (w->depth > 0)
		w->depth--;
	if (!empty && !flat)
		S_indent(w);
	putc_unlocked(c, w->f);
	if (w->depth == 0 && w->pretty)
		putc_unlocked('\n', w->f);
}

void jsonw_obj_open(struct jsonw *w) { S_open(w, '{'); }
void jsonw_obj_close(struct jsonw *w) { S_close(w, '}'); }
void jsonw_arr_open(struct jsonw *w) { S_open(w, '['); }
void jsonw_arr_close(struct jsonw *w) { S_close(w, ']'); }


void
jsonw_escape(FILE *f, const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, k;

	while (i < n) {
		unsigned char c = s[i];

		/* A run of printable ASCII needing no escape: one write
		   (most of an export is names and numbers). */
		for (k = i; k < n && s[k] >= 0x20 && s[k] < 0x80 &&
		    s[k] != '"' && s[k] != '\\'; k++)
			continue;
		if (k > i) {
			fwrite_unlocked(s + i, 1, k - i, f);
			i = k;
			continue;
		}
		if (c == '"' || c == '\\') {
			putc_unlocked('\\', f);
			putc_unlocked(c, f);
			i++;
		} else if (c < 0x20) {
			switch (c) {
			case '\n': fputs_unlocked("\\n", f); break;
			case '\r': fputs_unlocked("\\r", f); break;
			case '\t': fputs_unlocked("\\t", f); break;
			default: fprintf(f, "\\u%04x", c); break;
			}
			i++;
		} else if ((k = ecat_utf8_len(s + i, n - i)) > 0) {
			fwrite_unlocked(s + i, 1, k, f);
			i += k;
		} else {
			fputs_unlocked("\xef\xbf\xbd", f);	/* U+FFFD */
			i++;
		}
	}
}

void
jsonw_key(struct jsonw *w, const char *k)
{
	S_pre(w);
	putc_unlocked('"', w->f);
	jsonw_escape(w->f, k, strlen(k));
	fputs_unlocked(w->pretty && w->depth < w->flat ? "\": " : "\":",
	    w->f);
	w->afterkey = 1;
}

void
jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
	S_pre(w);
	putc_unlocked('"', w->f);
	jsonw_escape(w->f, s, n);
	putc_unlocked('"', w->f);
}

void
jsonw_str(struct jsonw *w, const char *s)
{
	if (s == NULL)
		jsonw_null(w);
	else
		jsonw_strn(w, s, strlen(s));
}

/*
 * Numbers by hand: fprintf(3) was 9% of an export over the 170 builds
 * of bench/stress.sh (perf).  fwrite(3), which tests/fault_injection.sh
 * can make fail, as it did fprintf.
 */
static void
S_digits(struct jsonw *w, int neg, uint64_t v)
{
	char	 d[24], *p = d + sizeof(d);

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (neg)
		*--p = '-';
	fwrite(p, 1, (size_t)(d + sizeof(d) - p), w->f);
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	S_pre(w);
	S_digits(w, v < 0, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

void
jsonw_uint(struct jsonw *w, uint64_t v)
{
	S_pre(w);
	S_digits(w, 0, v);
}

void
jsonw_bool(struct jsonw *w, int v)
{
	S_pre(w);
	fputs_unlocked(v ? "true" : "false", w->f);
}

void
jsonw_null(struct jsonw *w)
{
	S_pre(w);
	fputs_unlocked("null", w->f);
}

void
jsonw_hex(struct jsonw *w, uint64_t v)
{
	S_pre(w);
	fprintf(w->f, "\"0x%" PRIx64 "\"", v);
}

void jsonw_kstr(struct jsonw *w, const char *k, const char *v)
{ jsonw_key(w, k); jsonw_str(w, v); }
void jsonw_kint(struct jsonw *w, const char *k, int64_t v)
{ jsonw_key(w, k); jsonw_int(w, v); }
void jsonw_kbool(struct jsonw *w, const char *k, int v)
{ jsonw_key(w, k); jsonw_bool(w, v); }
void jsonw_khex(struct jsonw *w, const char *k, uint64_t v)
{ jsonw_key(w, k); jsonw_hex(w, v); }

void
jsonw_uri(struct jsonw *w, const char *path)
{
	struct ecat_buf		 b;
	const unsigned char	*s;

	ecat_buf_init(&b);
	for (s = (const unsigned char *)path; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("/-._~", *s) != NULL)
			ecat_buf_putc(&b, *s);
		else
			ecat_buf_printf(&b, "%%%02X", *s);
	}
	jsonw_str(w, b.buf != NULL ? b.buf : "");
	ecat_buf_free(&b);
}
