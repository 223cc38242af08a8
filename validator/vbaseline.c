/*
 * vbaseline.c: the validate baseline (etwcat.1, SAMPLE VALIDATION,
 * Baselines): findings a team has accepted, kept in a file, so that a
 * CI job fails only on new ones; and the --ignore and --provider
 * filters.  All three work as a diagnostics filter (etwcat.h,
 * ecat_diag_set_filter): a finding taken is neither shown nor counted
 * in the exit status, only counted apart.
 *
 * A finding's fingerprint is what stays when captures are added: its
 * id, build, provider, event id, version and field, and the file it is
 * in relative to the SOURCE it was found under, never its line (the
 * line of a sample moves when events are added before it, and the path
 * before the SOURCE changes from one checkout to another).  Findings
 * with one fingerprint are counted: a baseline that accepts 3 takes 3,
 * and a fourth (one more bad event appended to the same file) is
 * reported, as PHPStan's and ESLint's baselines count theirs.
 *
 * The file, one fingerprint a line, sorted, tab-separated so that
 * names with spaces survive (absent members "-"; tabs, line breaks and
 * backslashes escaped as drift's baseline escapes them):
 *
 *	count	id	build	provider	event	version	field	file
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "diag.h"
#include "io.h"
#include "walk.h"

struct vbent {
	char		*fp;
	uint64_t	 count;		/* accepted */
	uint64_t	 seen;		/* met this run */
};

struct ecat_vbaseline {
	char		**sources;	/* without trailing '/' */
	int		 nsources;
	const char	**ignore;	/* ids */
	size_t		 nignore;
	const char	*provider;	/* only this one, or NULL */
	struct vbent	*ent;		/* read: sorted by fp */
	size_t		 nent;
	int		 recording;	/* --write-baseline: take all */
	char		**rec;		/* recorded fingerprints */
	size_t		 nrec, rcap;
	uint64_t	 accepted, leftout;
	struct ecat_buf	 b;
};

struct ecat_vbaseline *
ecat_vbaseline_new(char *const *sources, int nsources)
{
	struct ecat_vbaseline	*vb = ecat_calloc(1, sizeof(*vb));
	size_t			 n;
	int			 i;

	vb->sources = ecat_calloc((size_t)nsources + 1, sizeof(char *));
	for (i = 0; i < nsources; i++) {
		vb->sources[i] = ecat_strdup(sources[i]);
		n = strlen(vb->sources[i]);
		while (n > 1 && vb->sources[i][n - 1] == '/')
			vb->sources[i][--n] = '\0';
	}
	vb->nsources = nsources;
	ecat_buf_init(&vb->b);
	return vb;
}

void
ecat_vbaseline_free(struct ecat_vbaseline *vb)
{
	size_t	 i;
	int	 j;

	if (vb == NULL)
		return;
	for (j = 0; j < vb->nsources; j++)
		free(vb->sources[j]);
	free(vb->sources);
	free(vb->ignore);
	for (i = 0; i < vb->nent; i++)
		free(vb->ent[i].fp);
	free(vb->ent);
	for (i = 0; i < vb->nrec; i++)
		free(vb->rec[i]);
	free(vb->rec);
	ecat_buf_free(&vb->b);
	free(vb);
}

int
ecat_vbaseline_ignore(struct ecat_vbaseline *vb, const char *id)
{
	if (ecat_msg_by_id(id) == ECAT_MSG__MAX)
		return -1;
	vb->ignore = ecat_reallocarray(vb->ignore, vb->nignore + 1,
	    sizeof(*vb->ignore));
	vb->ignore[vb->nignore++] = id;
	return 0;
}

void
ecat_vbaseline_provider(struct ecat_vbaseline *vb, const char *name)
{
	vb->provider = name;
}

void
ecat_vbaseline_record(struct ecat_vbaseline *vb)
{
	vb->recording = 1;
}

/* ------------------------------------------------------- fingerprints */

static void
S_put(struct ecat_buf *b, const char *s)
{
	ecat_buf_putc(b, '	');
	ecat_buf_putfield(b, s);
}

/* file relative to the SOURCE it is under (walk.h). */
static const char *
S_rel(const struct ecat_vbaseline *vb, const char *file)
{
	return ecat_path_in_source((const char *const *)vb->sources,
	    (size_t)vb->nsources, file);
}

/* The fingerprint of d, in vb->b (no count). */
static const char *
S_fp(struct ecat_vbaseline *vb, const struct ecat_diagrec *d)
{
	char	 num[32];

	ecat_buf_reset(&vb->b);
	ecat_buf_puts(&vb->b, d->id);
	S_put(&vb->b, d->ctx->build);
	S_put(&vb->b, d->ctx->provider);
	if (d->ctx->event_id >= 0) {
		snprintf(num, sizeof(num), "%" PRId64, d->ctx->event_id);
		S_put(&vb->b, num);
	} else
		S_put(&vb->b, NULL);
	if (d->ctx->version >= 0) {
		snprintf(num, sizeof(num), "%" PRId32, d->ctx->version);
		S_put(&vb->b, num);
	} else
		S_put(&vb->b, NULL);
	S_put(&vb->b, d->ctx->field);
	S_put(&vb->b, S_rel(vb, d->loc.file));
	return vb->b.buf;
}

static int
S_entcmp(const void *a, const void *b)
{
	return strcmp(((const struct vbent *)a)->fp,
	    ((const struct vbent *)b)->fp);
}

int
ecat_vbaseline_filter(const struct ecat_diagrec *d, void *arg)
{
	struct ecat_vbaseline	*vb = arg;
	struct vbent		 key, *e;
	size_t			 i;

	for (i = 0; i < vb->nignore; i++)
		if (strcmp(d->id, vb->ignore[i]) == 0) {
			vb->leftout++;
			return 1;
		}
	/* --provider: findings of other providers, and those of none
	   (a source's own trouble stays: it may be why none matched). */
	if (vb->provider != NULL && d->ctx->provider != NULL &&
	    strcmp(d->ctx->provider, vb->provider) != 0) {
		vb->leftout++;
		return 1;
	}
	if (vb->recording) {
		if (vb->nrec == vb->rcap) {
			vb->rcap = vb->rcap ? vb->rcap * 2 : 1024;
			vb->rec = ecat_reallocarray(vb->rec, vb->rcap,
			    sizeof(*vb->rec));
		}
		vb->rec[vb->nrec++] = ecat_strdup(S_fp(vb, d));
		vb->accepted++;
		return 1;
	}
	if (vb->nent == 0)
		return 0;
	key.fp = (char *)S_fp(vb, d);
	e = bsearch(&key, vb->ent, vb->nent, sizeof(*vb->ent), S_entcmp);
	if (e == NULL || e->seen >= e->count)
		return 0;
	e->seen++;
	vb->accepted++;
	return 1;
}

uint64_t
ecat_vbaseline_accepted(const struct ecat_vbaseline *vb)
{
	return vb->accepted;
}

uint64_t
ecat_vbaseline_leftout(const struct ecat_vbaseline *vb)
{
	return vb->leftout;
}

/* ------------------------------------------------------------- files */

int
ecat_vbaseline_read(struct ecat_vbaseline *vb, const char *path,
    struct ecat_diag *diag)
{
	struct ecat_loc	 loc = { path, 0, 0 };
	struct stat	 st;
	char		 why[256], *buf, *line, *next, *end, *tab;
	size_t		 len, cap = 0, i, w;
	unsigned long long n;
	int		 fd;

	if ((fd = ecat_open_regular(path, &st, why, sizeof(why))) == -1) {
		ecat_msg(diag, ECAT_MSG_IO_OPEN, &loc, "%s", why);
		return -1;
	}
	buf = ecat_read_fd(fd, (size_t)st.st_size, ECAT_MAX_FILE, &len);
	close(fd);
	if (buf == NULL) {
		ecat_msg(diag, errno == EFBIG ? ECAT_MSG_LIMIT :
		    ECAT_MSG_IO_OPEN, &loc, "%s", errno == EFBIG ?
		    "baseline over 256 MiB" : strerror(errno));
		return -1;
	}
	for (line = buf; line < buf + len; line = next) {
		loc.line++;
		if ((next = memchr(line, '\n', (size_t)(buf + len - line))) ==
		    NULL)
			next = buf + len;
		*next++ = '\0';
		w = strlen(line);
		while (w > 0 && line[w - 1] == '\r')
			line[--w] = '\0';
		if (w == 0 || line[0] == '#')
			continue;
		errno = 0;
		n = strtoull(line, &end, 10);
		if (end == line || *end != '\t' || errno != 0 || n == 0 ||
		    (tab = end + 1, *tab == '\0')) {
			ecat_msg(diag, ECAT_MSG_BASELINE_MALFORMED, &loc,
			    "not COUNT<tab>FINGERPRINT: %.60s", line);
			continue;
		}
		if (vb->nent == cap) {
			cap = cap ? cap * 2 : 256;
			vb->ent = ecat_reallocarray(vb->ent, cap,
			    sizeof(*vb->ent));
		}
		vb->ent[vb->nent].fp = ecat_strdup(tab);
		vb->ent[vb->nent].count = n;
		vb->ent[vb->nent++].seen = 0;
	}
	free(buf);
	if (vb->nent > 1)
		qsort(vb->ent, vb->nent, sizeof(*vb->ent), S_entcmp);
	/* One fingerprint written twice counts as their sum. */
	for (i = 1, w = vb->nent > 0; i < vb->nent; i++) {
		if (strcmp(vb->ent[i].fp, vb->ent[w - 1].fp) == 0) {
			vb->ent[w - 1].count += vb->ent[i].count;
			free(vb->ent[i].fp);
		} else
			vb->ent[w++] = vb->ent[i];
	}
	vb->nent = vb->nent > 0 ? w : 0;
	return 0;
}

static int
S_strpcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char header[] =
    "# etwcat validate baseline: accepted findings, one fingerprint a "
    "line, sorted.\n# count\tid\tbuild\tprovider\tevent\tversion\tfield"
    "\tfile\n";

/* Write the lines through path.tmp and rename(2): whole or not at all. */
static int
S_writefile(const char *path, struct ecat_diag *diag, const char *text,
    size_t len)
{
	struct ecat_loc	 loc = { path, 0, 0 };
	char		*tmp = ecat_asprintf("%s.tmp", path);
	FILE		*f;
	int		 rc = 0;

	if ((f = fopen(tmp, "w")) == NULL)
		rc = -1;
	else {
		fputs(header, f);
		fwrite(text, 1, len, f);
		if (fclose(f) == EOF || rename(tmp, path) == -1)
			rc = -1;
	}
	if (rc == -1) {
		ecat_msg(diag, ECAT_MSG_IO_WRITE, &loc, "%s", strerror(errno));
		remove(tmp);
	}
	free(tmp);
	return rc;
}

int
ecat_vbaseline_write(struct ecat_vbaseline *vb, const char *path,
    struct ecat_diag *diag)
{
	struct ecat_buf	 out;
	size_t		 i, j;
	int		 rc;

	if (vb->nrec > 1)
		qsort(vb->rec, vb->nrec, sizeof(*vb->rec), S_strpcmp);
	ecat_buf_init(&out);
	for (i = 0; i < vb->nrec; i = j) {
		for (j = i + 1; j < vb->nrec &&
		    strcmp(vb->rec[i], vb->rec[j]) == 0; j++)
			continue;
		ecat_buf_printf(&out, "%zu\t%s\n", j - i, vb->rec[i]);
	}
	rc = S_writefile(path, diag, out.buf != NULL ? out.buf : "", out.len);
	ecat_buf_free(&out);
	return rc;
}

uint64_t
ecat_vbaseline_stale(const struct ecat_vbaseline *vb, FILE *f)
{
	uint64_t	 n = 0;
	size_t		 i;

	for (i = 0; i < vb->nent; i++) {
		if (vb->ent[i].seen >= vb->ent[i].count)
			continue;
		n += vb->ent[i].count - vb->ent[i].seen;
		if (f != NULL)
			fprintf(f, "  %" PRIu64 "\t%s\n",
			    vb->ent[i].count - vb->ent[i].seen, vb->ent[i].fp);
	}
	return n;
}

int
ecat_vbaseline_prune(const struct ecat_vbaseline *vb, const char *path,
    struct ecat_diag *diag)
{
	struct ecat_buf	 out;
	size_t		 i;
	int		 rc;

	ecat_buf_init(&out);
	for (i = 0; i < vb->nent; i++)
		if (vb->ent[i].seen > 0)
			ecat_buf_printf(&out, "%" PRIu64 "\t%s\n",
			    vb->ent[i].seen, vb->ent[i].fp);
	rc = S_writefile(path, diag, out.buf != NULL ? out.buf : "", out.len);
	ecat_buf_free(&out);
	return rc;
}
