/*
 * vreport_junit.c: the JUnit XML report of etwcat validate (etwcat.1,
 * SAMPLE VALIDATION): a test suite "samples" with one test case per
 * sample file, and a test suite "schemas" with one per other file
 * that has diagnostics.
 *
 * JUnit gives each test suite's counts before its test cases, so the
 * test cases are kept as text until the end.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vformat.h"

/* Diagnostics about one file. */
struct ofile {
	const char	*file;
	struct ecat_buf	 fail;		/* at or above the threshold */
	struct ecat_buf	 out;		/* below it */
	uint64_t	 nfail, nsys;
	const char	*firstid;
};

struct junit {
	const char	*curfile;	/* sample file being read */
	struct ofile	 cur;
	struct ecat_buf	 cases;		/* samples suite */
	uint64_t	 ncases, ncasefail, ncaseerr;
	struct ofile	*other;		/* files that are not sample files */
	size_t		 nother, othercap;
};

/*
 * XML-escape s into b (text and attribute values alike).  Names and
 * values come from files and may be any bytes: invalid UTF-8 becomes
 * U+FFFD, as in the JSON and SARIF writers (jsonw.c), and characters
 * XML 1.0 forbids (controls but tab and newline, U+FFFE, U+FFFF) '?',
 * so that the report is always well-formed.
 */
static void
S_xml(struct ecat_buf *b, const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i, k, n;

	n = s != NULL ? strlen(str) : 0;
	for (i = 0; i < n; i += k) {
		k = 1;
		switch (s[i]) {
		case '<':
			ecat_buf_puts(b, "&lt;");
			break;
		case '>':
			ecat_buf_puts(b, "&gt;");
			break;
		case '&':
			ecat_buf_puts(b, "&amp;");
			break;
		case '"':
			ecat_buf_puts(b, "&quot;");
			break;
		default:
			if (s[i] < 0x20 && s[i] != '\n' && s[i] != '\t')
				ecat_buf_putc(b, '?');
			else if (s[i] < 0x80)
				ecat_buf_putc(b, s[i]);
			else if ((k = ecat_utf8_len(s + i, n - i)) == 0) {
				ecat_buf_puts(b, "\xef\xbf\xbd");	/* U+FFFD */
				k = 1;
			} else if (k == 3 && s[i] == 0xef && s[i + 1] == 0xbf &&
			    (s[i + 2] == 0xbe || s[i + 2] == 0xbf))
				ecat_buf_putc(b, '?');
			else
				ecat_buf_put(b, str + i, k);
		}
	}
}

static void
S_ofile_init(struct ofile *o, const char *file)
{
	memset(o, 0, sizeof(*o));
	o->file = file;
	ecat_buf_init(&o->fail);
	ecat_buf_init(&o->out);
}

static void
S_ofile_free(struct ofile *o)
{
	ecat_buf_free(&o->fail);
	ecat_buf_free(&o->out);
}

static void
S_ofile_add(struct ecat_vreport *r, struct ofile *o,
    const struct ecat_diagrec *d)
{
	struct ecat_buf	*b = d->sev >= r->threshold ? &o->fail : &o->out;
	char		 line[64];

	if (d->sev >= r->threshold) {
		o->nfail++;
		if (o->firstid == NULL)
			o->firstid = d->id;
	}
	if (d->sev == ECAT_SEV_SYSERR)
		o->nsys++;
	snprintf(line, sizeof(line), "%u:%u: ", d->loc.line, d->loc.col);
	ecat_buf_puts(b, line);
	S_xml(b, ecat_sev_name(d->sev));
	ecat_buf_puts(b, ": ");
	S_xml(b, d->text);
	ecat_buf_puts(b, " [");
	S_xml(b, d->id);
	ecat_buf_puts(b, "]\n");
}

/* Append o as a <testcase> to b. */
static void
S_testcase(struct ecat_buf *b, const struct ofile *o, const char *classname,
    const char *extra)
{
	ecat_buf_puts(b, "    <testcase classname=\"");
	S_xml(b, classname);
	ecat_buf_puts(b, "\" name=\"");
	S_xml(b, o->file != NULL ? o->file : "etwcat");
	ecat_buf_puts(b, "\">\n");
	if (o->nsys > 0) {
		ecat_buf_puts(b, "      <error message=\"");
		ecat_buf_printf(b, "%" PRIu64 " system error%s", o->nsys,
		    o->nsys == 1 ? "" : "s");
		ecat_buf_puts(b, "\" type=\"");
		S_xml(b, o->firstid);
		ecat_buf_puts(b, "\">");
		ecat_buf_put(b, o->fail.buf, o->fail.len);
		ecat_buf_puts(b, "</error>\n");
	} else if (o->nfail > 0) {
		ecat_buf_printf(b, "      <failure message=\"%" PRIu64
		    " finding%s at or above the threshold%s\" type=\"",
		    o->nfail, o->nfail == 1 ? "" : "s", extra);
		S_xml(b, o->firstid);
		ecat_buf_puts(b, "\">");
		ecat_buf_put(b, o->fail.buf, o->fail.len);
		ecat_buf_puts(b, "</failure>\n");
	}
	if (o->out.len > 0) {
		ecat_buf_puts(b, "      <system-out>");
		ecat_buf_put(b, o->out.buf, o->out.len);
		ecat_buf_puts(b, "</system-out>\n");
	}
	ecat_buf_puts(b, "    </testcase>\n");
}

static void *
S_new(struct ecat_vreport *r)
{
	struct junit	*j;

	j = ecat_calloc(1, sizeof(*j));
	ecat_buf_init(&j->cases);
	return j;
}

static void
S_diag(struct ecat_vreport *r, const struct ecat_diagrec *d)
{
	struct junit	*j = r->p;
	size_t		 i;

	if (j->curfile != NULL && d->loc.file == j->curfile) {
		S_ofile_add(r, &j->cur, d);
		return;
	}
	for (i = 0; i < j->nother; i++)
		if (j->other[i].file == d->loc.file)
			break;
	if (i == j->nother) {
		if (j->nother == j->othercap) {
			j->othercap = j->othercap ? j->othercap * 2 : 16;
			j->other = ecat_reallocarray(j->other, j->othercap,
			    sizeof(*j->other));
		}
		S_ofile_init(&j->other[j->nother++], d->loc.file);
	}
	S_ofile_add(r, &j->other[i], d);
}

static void
S_file_begin(struct ecat_vreport *r, const struct ecat_vfile *vf)
{
	struct junit	*j = r->p;

	j->curfile = vf->path;
	S_ofile_init(&j->cur, vf->path);
}

static void
S_file_done(struct ecat_vreport *r, const struct ecat_vfile *vf)
{
	struct junit	*j = r->p;
	struct ecat_buf	 cls, extra;

	ecat_buf_init(&cls);
	ecat_buf_init(&extra);
	/* Captures of an unknown build (catalog/model.h): no build. */
	ecat_buf_printf(&cls, "etwcat.validate.%s", vf->build == NULL ||
	    vf->build->nschemas == 0 ? "build-unknown" : vf->build->id);
	ecat_buf_printf(&extra, " in %" PRIu64 " sample%s", vf->nsamples,
	    vf->nsamples == 1 ? "" : "s");
	if (vf->unreadable && j->cur.nsys == 0)
		j->cur.nsys = 1;
	S_testcase(&j->cases, &j->cur, cls.buf, extra.buf);
	j->ncases++;
	if (j->cur.nsys > 0)
		j->ncaseerr++;
	else if (j->cur.nfail > 0)
		j->ncasefail++;
	S_ofile_free(&j->cur);
	j->curfile = NULL;
	ecat_buf_free(&cls);
	ecat_buf_free(&extra);
}

static void
S_finish(struct ecat_vreport *r, const struct ecat_catalog *cat,
    const struct ecat_vrun *run)
{
	struct junit	*j = r->p;
	struct ecat_buf	 schemas;
	uint64_t	 nfail = 0, nerr = 0;
	size_t		 i;
	FILE		*f = r->f;

	ecat_buf_init(&schemas);
	for (i = 0; i < j->nother; i++) {
		S_testcase(&schemas, &j->other[i], "etwcat.validate.schemas",
		    "");
		if (j->other[i].nsys > 0)
			nerr++;
		else if (j->other[i].nfail > 0)
			nfail++;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"etwcat validate\" tests=\"%zu\" "
	    "failures=\"%" PRIu64 "\" errors=\"%" PRIu64 "\">\n",
	    (size_t)j->ncases + j->nother, j->ncasefail + nfail,
	    j->ncaseerr + nerr);
	fprintf(f, "  <testsuite name=\"samples\" tests=\"%" PRIu64 "\" "
	    "failures=\"%" PRIu64 "\" errors=\"%" PRIu64 "\" "
	    "skipped=\"0\">\n", j->ncases, j->ncasefail, j->ncaseerr);
	if (j->cases.len > 0)
		fwrite(j->cases.buf, 1, j->cases.len, f);
	fprintf(f, "  </testsuite>\n");
	fprintf(f, "  <testsuite name=\"schemas\" tests=\"%zu\" "
	    "failures=\"%" PRIu64 "\" errors=\"%" PRIu64 "\" "
	    "skipped=\"0\">\n", j->nother, nfail, nerr);
	if (schemas.len > 0)
		fwrite(schemas.buf, 1, schemas.len, f);
	fprintf(f, "  </testsuite>\n</testsuites>\n");
	ecat_buf_free(&schemas);
}

static void
S_free(void *p)
{
	struct junit	*j = p;
	size_t		 i;

	for (i = 0; i < j->nother; i++)
		S_ofile_free(&j->other[i]);
	free(j->other);
	ecat_buf_free(&j->cases);
	free(j);
}

const struct ecat_vformat ecat_vformat_junit = {
	.name = "junit",
	.new = S_new,
	.diag = S_diag,
	.file_begin = S_file_begin,
	.file_done = S_file_done,
	.finish = S_finish,
	.free = S_free,
};
