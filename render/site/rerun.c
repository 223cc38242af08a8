/*
 * rerun.c: the run record of a site, DIR/.etwcat-run, and the rebuild
 * it allows to skip (etwcat.1, SITE, Rebuilds).
 *
 * A build that wrote the site records beside its marker what the run
 * was: a key (the options that change what it reads or writes, the
 * SOURCE arguments, the working folder: main.c makes it), every input
 * it read with its identity (catalog/inputs.c: files, folders, paths
 * looked at, the program's own files), the paths of the files the site
 * holds, and every diagnostic it printed or would have printed, with
 * the count of each severity.  The next build into DIR reads the
 * record before loading anything; when the key is the same, every
 * input is as stat(2) finds it now and the site holds the same paths,
 * the run would load, check and render the same catalog and print the
 * same diagnostics: it prints them again as recorded, and the summary
 * a rebuild with nothing changed prints, exits as that run did, and
 * writes nothing.  On the full corpus that is 3.2 s of loading and
 * checking saved (NEWS.md).  Anything else, a record missing, of
 * another format, damaged or not matching, is a normal run, which
 * writes a new record.
 *
 * Why the site's paths: the rebuild that loads everything renders
 * again a site whose files were deleted or added by hand, and leaves
 * one edited in place as it is (marker.c, site_unchanged: the files
 * are compared by path, not read); the skip does the same.
 *
 * The diagnostics are kept at every severity, whatever -q hid, and
 * filtered again when printed; the exit status is computed again from
 * the counts and the -W of the run that replays.  So -q, -W and -j
 * (which changes neither output nor diagnostics) are not in the key.
 * They are kept deflated as they come (zlib's level 1: the full
 * corpus prints 19.6 MB of notes, deflated to 1.1 MB in 76 ms, where
 * level 6 takes 0.21 s for 0.94 MB; Python's zlib, this machine).
 *
 * The file: a line naming the format, then sections, each a line
 * "name length" and that many bytes and a newline: key (as main.c
 * gave it), site ("sum count files marker": the site's paths as
 * marker.c sums them and their count, the files the summary counts,
 * the marker's length and digest), sev (the count per
 * severity), inputs (zlib: catalog/inputs.c's lines), diags (zlib:
 * one line each, its severity's digit and the line as printed).
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "diag.h"
#include "etwcat.h"
#include "gzip.h"
#include "inputs.h"
#include "io.h"
#include "site_int.h"

#define RERUN_FORMAT	"etwcat run record 1\n"
/* A record larger than this, or inflating past it, is not read. */
#define RERUN_MAX	((size_t)1 << 30)
/* Lines gathered before they are deflated. */
#define RERUN_STAGE	(64 * 1024)

struct ecat_rerun {
	char		*key;
	size_t		 keylen;
	enum ecat_sev	 min;		/* printed from this severity */
	uint64_t	 sev[ECAT_SEV__MAX];
	struct ecat_buf	 stage;		/* lines not yet deflated */
	FILE		*sf;		/* writes into stage */
	struct ecat_buf	 z;		/* the deflated lines */
	z_stream	 zs;
	int		 zok;		/* zs initialised, no error */
	int		 done;		/* zs finished */
};

/* Deflate the staged lines into r->z; finish the stream when last. */
static void
S_deflate(struct ecat_rerun *r, int last)
{
	unsigned char	 out[16384];
	int		 e;

	if (r->sf != NULL)
		fflush(r->sf);
	if (!r->zok || r->done) {
		ecat_buf_reset(&r->stage);
		return;
	}
	r->zs.next_in = (unsigned char *)r->stage.buf;
	r->zs.avail_in = (unsigned)r->stage.len;
	do {
		r->zs.next_out = out;
		r->zs.avail_out = sizeof(out);
		e = deflate(&r->zs, last ? Z_FINISH : Z_NO_FLUSH);
		if (e == Z_STREAM_ERROR) {
			r->zok = 0;
			break;
		}
		ecat_buf_put(&r->z, (const char *)out,
		    sizeof(out) - r->zs.avail_out);
	} while (r->zs.avail_out == 0 || (last && e != Z_STREAM_END));
	if (last)
		r->done = 1;
	ecat_buf_reset(&r->stage);
}

/*
 * The caller's key and the program's path: a copy of etwcat elsewhere
 * is another program (its own file an input: ecat_inputs_binary).
 * A malloc'd string, *len its length.
 */
static char *
S_key(const char *key, size_t keylen, size_t *len)
{
	char	 exe[PATH_MAX], *k;
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) < 0)
		n = 0;
	exe[n] = '\0';
	k = ecat_malloc(keylen + (size_t)n + 32);
	memcpy(k, key, keylen);
	*len = keylen + (size_t)sprintf(k + keylen, "exe %zd %s\n", n, exe);
	return k;
}

struct ecat_rerun *
ecat_rerun_new(const char *key, size_t keylen)
{
	struct ecat_rerun	*r;

	r = ecat_calloc(1, sizeof(*r));
	r->key = S_key(key, keylen, &r->keylen);
	ecat_buf_init(&r->stage);
	ecat_buf_init(&r->z);
	/* zlib's only failure here is an allocation's. */
	if (deflateInit(&r->zs, 1) != Z_OK ||
	    (r->sf = site_buffile(&r->stage)) == NULL)
		ecat_oom();
	r->zok = 1;
	ecat_inputs_start();
	return r;
}

void
ecat_rerun_free(struct ecat_rerun *r)
{
	if (r == NULL)
		return;
	ecat_inputs_stop();
	if (r->sf != NULL)
		fclose(r->sf);
	deflateEnd(&r->zs);
	ecat_buf_free(&r->stage);
	ecat_buf_free(&r->z);
	free(r->key);
	free(r);
}

/* The diagnostic sink: kept at every severity, printed from r->min. */
static void
S_sink(const struct ecat_diagrec *d, void *arg)
{
	struct ecat_rerun	*r = arg;

	if (d->sev < ECAT_SEV__MAX)
		r->sev[d->sev]++;
	if (d->sev >= r->min)
		ecat_diag_format(stderr, d);
	if (r->sf == NULL || r->done)
		return;
	fputc('0' + (int)d->sev, r->sf);
	ecat_diag_format(r->sf, d);
	if (r->stage.len >= RERUN_STAGE)
		S_deflate(r, 0);
}

void
ecat_rerun_attach(struct ecat_rerun *r, struct ecat_diag *d,
    enum ecat_sev min)
{
	r->min = min;
	ecat_diag_set_min(d, ECAT_SEV_NOTE);
	ecat_diag_set_sink(d, S_sink, r);
}

/*
 * The marker's digest in dir, as a line's end: it is apart from the
 * paths summed (marker.c), and a marker replaced or edited makes the
 * site render every unit (site_incremental.sh), so the skip must not
 * be taken then either.  Its bytes, not its inode and times, so that
 * two runs that write the same site write the same record
 * (fault_injection.sh compares sites byte for byte).
 */
static void
S_marker(struct ecat_buf *b, const char *dir)
{
	struct stat	 st;
	char		*m, *t = NULL;
	size_t		 len = 0;
	int		 fd;

	m = ecat_asprintf("%s/" MARKER, dir);
	fd = open(m, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	free(m);
	if (fd != -1 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		t = ecat_read_fd(fd, (size_t)st.st_size, RERUN_MAX, &len);
	if (fd != -1)
		close(fd);
	ecat_buf_printf(b, "%zu %016" PRIx64 "\n", t != NULL ? len : 0,
	    t != NULL ? ecat_hash(t, len, 0) : 0);
	free(t);
}

/*
 * Write the record into folder dir (the new site's, or the site's own
 * for a build that left it as it was; then by a temporary name and a
 * rename, so that a reader finds the old record or the new one).
 * files: what the summary counts (the marker, not the record).
 * Returns 1 written, 0 when the run cannot be recorded (the record
 * then removed, as the folder's last one no longer describes it), -1
 * with errno on a write failure.
 */
int
site_rerun_write(struct site *s, const char *dir, int inplace,
    uint64_t files)
{
	struct ecat_rerun	*r = s->o->rerun;
	struct ecat_buf		 b, in;
	const char		*why = NULL;
	char			*path, *tmp;
	FILE			*f;
	int			 e = 0, i;

	if (r == NULL)
		return 0;
	path = ecat_asprintf("%s/" RERUN, dir);
	ecat_buf_init(&in);
	ecat_inputs_binary();
	if (!r->zok || r->sev[ECAT_SEV_SYSERR] > 0 ||
	    (why = ecat_inputs_take(&in)) != NULL) {
		ecat_buf_free(&in);
		if (inplace)
			unlink(path);
		free(path);
		return 0;
	}
	ecat_buf_init(&b);
	ecat_buf_puts(&b, RERUN_FORMAT);
	ecat_buf_printf(&b, "key %zu\n", r->keylen);
	ecat_buf_put(&b, r->key, r->keylen);
	ecat_buf_printf(&b, "\nsite %016" PRIx64 " %" PRIu64 " %" PRIu64
	    " ", s->fsum, s->fnum, files);
	S_marker(&b, dir);
	ecat_buf_puts(&b, "sev");
	for (i = 0; i < ECAT_SEV__MAX; i++)
		ecat_buf_printf(&b, " %" PRIu64, r->sev[i]);
	ecat_buf_putc(&b, '\n');
	ecat_buf_printf(&b, "inputs %zu\n", in.len);
	ecat_buf_put(&b, in.buf, in.len);
	ecat_buf_putc(&b, '\n');
	ecat_buf_free(&in);
	/* The diagnostics' stream, finished: a later diagnostic (a
	   failure after this point) is not the record's. */
	S_deflate(r, 1);
	if (!r->zok)
		e = ENOMEM;
	ecat_buf_printf(&b, "diags %zu\n", r->z.len);
	ecat_buf_put(&b, r->z.buf, r->z.len);
	ecat_buf_putc(&b, '\n');
	tmp = inplace ? ecat_asprintf("%s/" RERUN ".%ld", dir,
	    (long)getpid()) : ecat_strdup(path);
	if (e == 0 && (f = fopen(tmp, "wxe")) != NULL) {
		fwrite(b.buf, 1, b.len, f);
		if (ferror(f))
			e = errno ? errno : EIO;
		if (fclose(f) == EOF && e == 0)
			e = errno ? errno : EIO;
		if (e == 0 && inplace && rename(tmp, path) == -1)
			e = errno;
		if (e != 0)
			unlink(tmp);
	} else if (e == 0)
		e = errno;
	ecat_buf_free(&b);
	free(tmp);
	free(path);
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 1;
}

/* ---------------------------------------------------------- the skip */

/* The next section of the record: its name and bytes; -1 at a fault. */
static int
S_section(const char **p, const char *end, const char *name,
    const char **body, size_t *n)
{
	size_t		 nl = strlen(name), v = 0;
	const char	*s = *p;

	if ((size_t)(end - s) <= nl + 1 || memcmp(s, name, nl) != 0 ||
	    s[nl] != ' ')
		return -1;
	for (s += nl + 1; s < end && *s >= '0' && *s <= '9'; s++) {
		if (v > RERUN_MAX)
			return -1;
		v = v * 10 + (size_t)(*s - '0');
	}
	if (s == end || *s != '\n' || (size_t)(end - s - 1) < v + 1 ||
	    s[1 + v] != '\n')
		return -1;
	*body = s + 1;
	*n = v;
	*p = s + 1 + v + 1;
	return 0;
}

int
ecat_site_rerun(const struct ecat_site_opts *o, const char *key,
    size_t keylen, enum ecat_sev threshold, int *status)
{
	struct stat	 st;
	struct ecat_buf	 mk;
	const char	*p, *end, *body, *dz, *line, *nl;
	char		*dir, *path, *t = NULL, *in = NULL, *dg = NULL, *k;
	char		 why[PATH_MAX + 32];
	uint64_t	 sev[ECAT_SEV__MAX], sum, n, files, hsum = 0, hn = 0;
	size_t		 len, bl, dl, il, gl, kl;
	int		 fd, i, rc = 0, found;
	enum ecat_sev	 min = o->quiet ? ECAT_SEV_ERROR : ECAT_SEV_NOTE;

	if (o->full)
		return 0;
	dir = ecat_strdup(o->dir != NULL ? o->dir : "site");
	for (len = strlen(dir); len > 1 && dir[len - 1] == '/'; len--)
		dir[len - 1] = '\0';
	/* A DIR that is a link is refused by a run (publish.c,
	   site_checkdir): no skip then either. */
	if (lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode))
		goto out;
	path = ecat_asprintf("%s/" RERUN, dir);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	free(path);
	if (fd == -1)
		goto out;
	t = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? ecat_read_fd(fd,
	    (size_t)st.st_size, RERUN_MAX, &len) : NULL;
	close(fd);
	if (t == NULL || len < sizeof(RERUN_FORMAT) - 1 ||
	    memcmp(t, RERUN_FORMAT, sizeof(RERUN_FORMAT) - 1) != 0)
		goto out;
	p = t + sizeof(RERUN_FORMAT) - 1;
	end = t + len;
	k = S_key(key, keylen, &kl);
	i = S_section(&p, end, "key", &body, &bl) == -1 || bl != kl ||
	    memcmp(body, k, kl) != 0;
	free(k);
	if (i)
		goto out;
	if (sscanf(p, "site %16" SCNx64 " %" SCNu64 " %" SCNu64 " ", &sum,
	    &n, &files) != 3 || (nl = memchr(p, '\n', (size_t)(end - p))) ==
	    NULL)
		goto out;
	ecat_buf_init(&mk);
	S_marker(&mk, dir);
	i = mk.len == 0 || (size_t)(nl + 1 - p) < mk.len ||
	    memcmp(nl + 1 - mk.len, mk.buf, mk.len) != 0;
	ecat_buf_free(&mk);
	if (i)
		goto out;
	p = nl + 1;
	if ((size_t)(end - p) < 4 || memcmp(p, "sev", 3) != 0)
		goto out;
	for (p += 3, i = 0; i < ECAT_SEV__MAX; i++) {
		if (*p != ' ' || sscanf(p, " %" SCNu64, &sev[i]) != 1)
			goto out;
		for (p++; p < end && *p >= '0' && *p <= '9'; p++)
			continue;
	}
	if (p == end || *p++ != '\n')
		goto out;
	if (S_section(&p, end, "inputs", &body, &bl) == -1 ||
	    S_section(&p, end, "diags", &dz, &dl) == -1 || p != end)
		goto out;
	if ((in = (char *)ecat_zinflate(body, bl, RERUN_MAX, &il)) == NULL ||
	    !ecat_inputs_same(in, il, why, sizeof(why)))
		goto out;
	if (site_walksum(dir, &hsum, &hn) == -1 || hsum != sum || hn != n)
		goto out;
	if ((dg = (char *)ecat_zinflate(dz, dl, RERUN_MAX, &gl)) == NULL)
		goto out;
	/* Every check passed: from here the run is the record's. */
	for (line = dg; line < dg + gl; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(dg + gl - line))) ==
		    NULL)
			break;
		if (line[0] - '0' >= (int)min)
			ecat_diag_reprint(stderr, line + 1, (size_t)(nl -
			    line), (enum ecat_sev)(line[0] - '0'));
	}
	if (!o->quiet)
		fprintf(stderr, "etwcat: %s: nothing changed since the "
		    "last build; %" PRIu64 " files left as they were\n", dir,
		    files);
	found = 0;
	for (i = (int)threshold; i < ECAT_SEV__MAX; i++)
		found |= sev[i] > 0;
	*status = sev[ECAT_SEV_SYSERR] > 0 ? ECAT_EXIT_SYSTEM : found ?
	    ECAT_EXIT_FINDINGS : ECAT_EXIT_OK;
	rc = 1;
out:
	free(dg);
	free(in);
	free(t);
	free(dir);
	return rc;
}
