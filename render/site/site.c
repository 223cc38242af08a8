/*
 * site.c: the static catalog site (see site.h for the paths), its
 * setup, jobs and workers; site_int.h says which file does what.
 *
 * Shape of the work.  Setup (one thread) assigns every provider and
 * build its safe name, loads the templates once and counts what the
 * index and build pages need.  Then N worker threads take jobs from
 * one counter: the catalog JSON first (the largest single file), then
 * one job per provider (its event pages, their JSON, the provider page
 * and its downloads), then the build pages, the index and the search
 * index.  Each page is rendered into the worker's buffer, compared
 * with the same file of the previous site, and written (or hard-linked
 * from the previous site when unchanged) under DIR.tmp.<pid>.  Nothing
 * grows with the catalog but the catalog itself: a page's strings live
 * in a per-page pool that is reset after it.
 *
 * Every value a page shows is put in a view struct here and reaches
 * the HTML only through the template engine, which escapes it; the
 * only values marked as HTML are the notes (cmark output in safe
 * mode).  Paths are built from safe names (ecat_safe_name) and
 * numbers only, under the temporary folder: nothing is written outside
 * it, and it becomes DIR.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <inttypes.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "etwcat.h"
#include "embedded.h"
#include "html.h"
#include "notes_html.h"
#include "site_int.h"
#include "template.h"

/* ---------------------------------------------------------------- pool */

char *
site_pstr(struct ecat_pool *p, const char *s)
{
	return s == NULL ? NULL : ecat_pool_strn(p, s, strlen(s));
}

char *
site_pprintf(struct ecat_pool *p, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[512], *r;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return site_pstr(p, "");
	if ((size_t)n < sizeof(buf))
		return ecat_pool_strn(p, buf, (size_t)n);
	r = ecat_pool_alloc(p, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(r, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return r;
}

/* A growable pointer array in a pool. */
void
site_vpush(struct ecat_pool *p, struct pvec *a, void *x)
{
	void	**nv;

	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		nv = ecat_pool_alloc(p, a->cap * sizeof(void *));
		if (a->n > 0)
			memcpy(nv, a->v, a->n * sizeof(void *));
		a->v = nv;
	}
	a->v[a->n++] = x;
}

/* ------------------------------------------------------- site and jobs */

/*
 * Record the build's first failure: errno err at path, or, with tpl
 * set, a page (path) whose render stopped at the template engine's
 * limits (template.h): a template, from --templates say, that includes
 * itself or nests sections without end.  Either way no page more is
 * written and the previous site stays.
 */
void
site_failx(struct site *s, const char *path, int err, const char *tpl)
{
	pthread_mutex_lock(&s->lock);
	if (!s->failed) {
		s->failed = 1;
		s->err = err;
		s->errpath = ecat_strdup(path);
		s->limtpl = tpl != NULL ? ecat_strdup(tpl) : NULL;
	}
	pthread_mutex_unlock(&s->lock);
}

void
site_fail(struct site *s, const char *path, int err)
{
	site_failx(s, path, err, NULL);
}

/* The relative path from a page at depth d to the site root. */
const char *
site_root(int depth)
{
	static const char *const roots[] = { "", "../", "../../",
	    "../../../", "../../../../" };

	return roots[depth < 0 ? 0 : depth > 4 ? 4 : depth];
}

const char *
site_canonical(struct ecat_pool *p, const struct site *s, const char *rel)
{
	if (s->o->base_url == NULL)
		return NULL;
	return site_pprintf(p, "%s/%s", s->o->base_url, rel);
}

/* ---------------------------------------------------------- workers */

enum jobkind { J_CATALOG, J_PROVIDER, J_BUILD, J_INDEX, J_SEARCH,
    J_ASSETS };

struct job {
	enum jobkind	 kind;
	uint32_t	 idx;
};

/*
 * Run a job, unless its units' inputs are those of the previous build
 * and their files are kept from it (publish.c, site_unit).  A provider
 * job decides per unit itself (provider.c) when some changed.
 */
static void
S_job(struct worker *w, const struct job *j)
{
	struct site	*s = w->s;

	switch (j->kind) {
	case J_CATALOG:
		if (site_unit(w, s->ucatalog))
			site_job_catalog(w);
		break;
	case J_PROVIDER:
		if (!site_keep_provider(w, j->idx))
			site_job_provider(w, j->idx);
		pthread_mutex_lock(&w->s->lock);
		w->s->done++;
		pthread_mutex_unlock(&w->s->lock);
		break;
	case J_BUILD:
		if (site_unit(w, s->ubuild + j->idx))
			site_job_build(w, j->idx);
		break;
	case J_INDEX:
		if (site_unit(w, s->uindex))
			site_job_index(w);
		break;
	case J_SEARCH:
		if (site_unit(w, s->usearch))
			site_job_search(w);
		break;
	case J_ASSETS:
		if (site_unit(w, s->uassets))
			site_job_assets(w);
		break;
	}
	w->unit = NO_UNIT;
}

struct wstart {
	struct site	*s;
	struct job	*jobs;
	struct worker	*w;
};

static void *
S_worker(void *arg)
{
	struct wstart	*ws = arg;
	struct site	*s = ws->s;
	size_t		 j;

	for (;;) {
		pthread_mutex_lock(&s->lock);
		j = s->failed ? s->njobs : s->next++;
		pthread_mutex_unlock(&s->lock);
		if (j >= s->njobs)
			break;
		S_job(ws->w, &ws->jobs[j]);
	}
	return NULL;
}

static void
S_worker_free(struct worker *w)
{
	ecat_buf_free(&w->out);
	ecat_pool_free(&w->page);
	ecat_pool_free(&w->prov);
	free(w->cmp);
}

/* Count what the index, builds and search need, in one pass. */
static void
S_count(struct site *s)
{
	const struct ecat_catalog	*cat = s->cat;
	const struct ecat_provider	*p;
	const struct ecat_evkey		*k;
	struct pinfo			*pi;
	uint32_t			 i, j, o, np = cat->nproviders, bi;
	uint32_t			 last;
	size_t				 d;

	for (s->nlisted = 0; s->nlisted < cat->nbuilds &&
	    cat->builds[s->nlisted]->nschemas > 0; s->nlisted++)
		continue;
	s->pinfo = ecat_calloc(np ? np : 1, sizeof(*s->pinfo));
	s->bpcount = ecat_calloc((size_t)cat->nbuilds * np + 1,
	    sizeof(*s->bpcount));
	s->bpmask = ecat_calloc((size_t)cat->nbuilds * np + 1, 1);
	for (i = 0; i < np; i++) {
		p = cat->providers[i];
		pi = &s->pinfo[i];
		pi->p = p;
		pi->idx = i;
		pi->safe = s->psafe[i];
		pi->href = ecat_asprintf("providers/%s/index.html", pi->safe);
		pi->first = UINT32_MAX;
		for (j = 0; j < p->nkeys; j++) {
			k = p->keys[j];
			if (j == 0 || k->id != p->keys[j - 1]->id)
				pi->nids++;
			last = UINT32_MAX;
			for (o = 0; o < k->nocc; o++) {
				/* Captures of an unknown build: no build's
				   (catalog/model.h, ecat_build.nschemas). */
				if (ecat_occ_build(&k->occ[o])->nschemas == 0)
					continue;
				bi = ecat_occ_build(&k->occ[o])->index;
				s->bpmask[(size_t)bi * np + i] |=
				    (uint8_t)(1u << ecat_occ_kind(&k->occ[o]));
				if (bi == last)
					continue;
				last = bi;
				s->bpcount[(size_t)bi * np + i]++;
			}
		}
		for (bi = 0; bi < cat->nbuilds; bi++)
			if (s->bpcount[(size_t)bi * np + i] > 0) {
				if (pi->first == UINT32_MAX)
					pi->first = bi;
				pi->last = bi;
				pi->nbuilds++;
			}
		if (pi->first == UINT32_MAX)
			pi->first = 0;
		s->nids += pi->nids;
		s->nkeys += p->nkeys;
	}
	/* Drift findings by the build they lead to. */
	s->dstart = ecat_calloc(cat->nbuilds + 1, sizeof(*s->dstart));
	s->dbyto = ecat_calloc(cat->ndrift ? cat->ndrift : 1,
	    sizeof(*s->dbyto));
	for (d = 0; d < cat->ndrift; d++)
		if (cat->drift[d].to != NULL)
			s->dstart[cat->drift[d].to->index + 1]++;
	for (bi = 0; bi < cat->nbuilds; bi++)
		s->dstart[bi + 1] += s->dstart[bi];
	{
		size_t *fill = ecat_calloc(cat->nbuilds + 1, sizeof(*fill));

		for (d = 0; d < cat->ndrift; d++)
			if (cat->drift[d].to != NULL) {
				bi = cat->drift[d].to->index;
				s->dbyto[s->dstart[bi] + fill[bi]++] =
				    &cat->drift[d];
			}
		free(fill);
	}
}

/*
 * The notes as HTML, each once: a note is shown on one page, but the
 * Markdown is the model's and the rendering render/'s own.
 */
static void
S_notes(struct site *s)
{
	const struct ecat_provider	*p;
	struct pinfo			*pi;
	uint32_t			 i, j;

	for (i = 0; i < s->cat->nproviders; i++) {
		pi = &s->pinfo[i];
		p = pi->p;
		if (p->note_md != NULL)
			pi->note_html = ecat_notes_html(p->note_md,
			    p->note_mdlen);
		pi->notes_html = ecat_calloc(p->nnotes + 1,
		    sizeof(*pi->notes_html));
		for (j = 0; j < p->nnotes; j++)
			pi->notes_html[j] = ecat_notes_html(p->notes[j].md,
			    p->notes[j].mdlen);
	}
}

static void
S_site_free(struct site *s)
{
	uint32_t	 i, j;

	tpl_set_free(s->tpls);
	if (s->pinfo != NULL)
		for (i = 0; i < s->cat->nproviders; i++) {
			free((char *)s->pinfo[i].href);
			free(s->pinfo[i].note_html);
			for (j = 0; s->pinfo[i].notes_html != NULL &&
			    j < s->pinfo[i].p->nnotes; j++)
				free(s->pinfo[i].notes_html[j]);
			free(s->pinfo[i].notes_html);
		}
	free(s->pinfo);
	html_names_free(s->psafe, s->cat->nproviders);
	html_names_free(s->bsafe, s->cat->nbuilds);
	html_names_free(s->bhref, s->cat->nbuilds);
	free(s->bpcount);
	free(s->bpmask);
	free(s->dstart);
	free(s->dbyto);
	free(s->tpldir);
	free(s->dir);
	free(s->tmp);
	free(s->errpath);
	free(s->limtpl);
	site_units_free(s);
	pthread_mutex_destroy(&s->lock);
}

/* Larger providers first, so no thread is left with a big one last. */
static int
S_jobcmp(const void *a, const void *b, void *arg)
{
	const struct job	*x = a, *y = b;
	const struct site	*s = arg;
	uint32_t		 nx, ny;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if (x->kind != J_PROVIDER)
		return x->idx < y->idx ? -1 : x->idx > y->idx;
	nx = s->cat->providers[x->idx]->nkeys;
	ny = s->cat->providers[y->idx]->nkeys;
	if (nx != ny)
		return nx > ny ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
S_progress(struct site *s, int final)
{
	size_t	 done;

	pthread_mutex_lock(&s->lock);
	done = s->done;
	pthread_mutex_unlock(&s->lock);
	if (final)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\retwcat: rendering providers %zu/%u",
		    done, s->cat->nproviders);
	fflush(stderr);
}

/*
 * Returns 0 once the new site is in place, or -1 after a diagnostic
 * (site.h).  A 0 can come with an io-write diagnostic too: the previous
 * site, or a folder a killed build left, could not be removed; the
 * command then exits 3 (ecat_diag_exit) with the new site published.
 */
int
ecat_site_build_stats(struct ecat_catalog *cat,
    const struct ecat_site_opts *o, struct ecat_site_stats *stp)
{
	static const char *const dirs[] = { "providers", "builds",
	    "downloads", "assets", NULL };
	struct ecat_loc		 loc = { NULL, 0, 0 };
	struct site		 s;
	struct worker		*w;
	struct wstart		*ws;
	struct job		*jobs;
	pthread_t		*th;
	const char		*why = NULL, *const *dp;
	const char		**names;
	size_t			 n, i;
	uint64_t		 nfiles, kept = 0;
	uint32_t		 k;
	int			 nth, r, rc = -1, started = 0, lockfd = -1;
	struct timespec		 t0, t1, nap = { 0, 100 * 1000000L };

	memset(&s, 0, sizeof(s));
	s.cat = cat;
	s.o = o;
	pthread_mutex_init(&s.lock, NULL);
	s.dir = ecat_strdup(o->dir != NULL ? o->dir : "site");
	for (n = strlen(s.dir); n > 1 && s.dir[n - 1] == '/'; n--)
		s.dir[n - 1] = '\0';
	loc.file = ecat_file(cat, s.dir);
	if (strcmp(s.dir, ".") == 0 || strcmp(s.dir, "..") == 0 ||
	    strcmp(s.dir, "/") == 0 || s.dir[0] == '\0' ||
	    ((n = strlen(s.dir)) >= 3 && strcmp(s.dir + n - 3, "/..") == 0)) {
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "not a folder "
		    "the site can replace; name a folder for it");
		goto out;
	}
	/* Refuse a DIR that is no site before creating its lock file
	   (publish.c, site_lock), and check again under the lock: the
	   build that held it may have changed DIR. */
	if (site_checkdir(&s, &why) == -1) {
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s", why);
		goto out;
	}
	if ((lockfd = site_lock(&s)) == -1)
		goto out;
	s.have_old = 0;
	if (site_checkdir(&s, &why) == -1) {
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s", why);
		goto out;
	}
	s.tmp = ecat_asprintf("%s.tmp.%ld", s.dir, (long)getpid());
	/* An earlier process of this pid, killed during its build. */
	if (site_rmtree(s.tmp) == -1) {
		site_rmfail(&s, s.tmp, "the folder an earlier build left");
		goto out;
	}
	site_stale(&s);

	/* Templates: every page type is parsed once, here. */
	s.tpldir = o->templates != NULL ? ecat_strdup(o->templates) :
	    ecat_site_templates_dir();
	s.tpls = s.tpldir != NULL ? tpl_set_new(s.tpldir, site_vocab,
	    site_nvocab, cat->diag) : tpl_set_new_mem(ECAT_EMBEDDED_DIR,
	    ecat_embedded_text, site_vocab, site_nvocab, cat->diag);
	s.t_index = tpl_load(s.tpls, "index");
	s.t_provider = tpl_load(s.tpls, "provider");
	s.t_event = tpl_load(s.tpls, "event");
	s.t_build = tpl_load(s.tpls, "build");
	if (s.t_index == NULL || s.t_provider == NULL || s.t_event == NULL ||
	    s.t_build == NULL)
		goto out;

	/* Names: unique safe forms, in catalog order. */
	names = ecat_calloc(cat->nproviders + cat->nbuilds + 1,
	    sizeof(*names));
	for (k = 0; k < cat->nproviders; k++)
		names[k] = cat->providers[k]->name;
	s.psafe = html_safe_unique(names, cat->nproviders);
	for (k = 0; k < cat->nbuilds; k++)
		names[k] = cat->builds[k]->id;
	s.bsafe = html_safe_unique(names, cat->nbuilds);
	free(names);
	s.bhref = ecat_calloc(cat->nbuilds + 1, sizeof(*s.bhref));
	for (k = 0; k < cat->nbuilds; k++)
		s.bhref[k] = ecat_asprintf("builds/%s/index.html",
		    s.bsafe[k]);
	S_count(&s);
	S_notes(&s);
	nth = o->jobs > 0 ? o->jobs : 1;

	/*
	 * Loading, lint and drift freed much of what they used, in pieces
	 * the allocator keeps: give those pages back before the site takes
	 * its own, or they add to the peak.  Every shared source: 11.7 MB
	 * (VmRSS 199.3 to 187.5 MB here; the build's peak 214.6 to 203 MB),
	 * in a few milliseconds.  Again once the workers are done: 3.6 MB
	 * under the peak (/proc/self/status, VmHWM).
	 */
	malloc_trim(0);

	/* Inputs: unchanged since the previous build, nothing to write. */
	site_hash(&s, nth);
	site_marker_read(&s);
	if (site_unchanged(&s, &nfiles)) {
		/* Inputs changed and the catalog did not (a file touched,
		   rewritten alike): the record learns their new identity,
		   so that the next build skips the run (rerun.c).  A
		   folder that cannot take it was left as it is before
		   there was a record: the next build is a full run. */
		site_rerun_write(&s, s.dir, 1, nfiles);
		s.st.files = s.st.unchanged = nfiles;
		if (stp != NULL)
			*stp = s.st;
		if (!o->quiet)
			fprintf(stderr, "etwcat: %s: nothing changed since the "
			    "last build; %" PRIu64 " files left as they "
			    "were\n", s.dir, nfiles);
		rc = 0;
		goto out;
	}

	site_marker_index(&s);

	if (mkdir(s.tmp, 0777) == -1) {
		loc.file = s.tmp;
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s",
		    strerror(errno));
		goto out;
	}
	started = 1;
	site_oomarm(&s);
	for (dp = dirs; *dp != NULL; dp++)
		if (site_mkdir(&s, *dp) == -1)
			goto failed;

	/* Jobs: the catalog JSON first, then providers, largest first. */
	n = 0;
	jobs = ecat_calloc(cat->nproviders + cat->nbuilds + 8,
	    sizeof(*jobs));
	jobs[n++].kind = J_CATALOG;
	for (k = 0; k < cat->nproviders; k++) {
		jobs[n].kind = J_PROVIDER;
		jobs[n++].idx = k;
	}
	for (k = 0; k < s.nlisted; k++) {
		jobs[n].kind = J_BUILD;
		jobs[n++].idx = k;
	}
	jobs[n++].kind = J_INDEX;
	jobs[n++].kind = J_SEARCH;
	jobs[n++].kind = J_ASSETS;
	qsort_r(jobs, n, sizeof(*jobs), S_jobcmp, &s);
	s.njobs = n;

	if ((size_t)nth > n)
		nth = (int)n;
	w = ecat_calloc((size_t)nth, sizeof(*w));
	ws = ecat_calloc((size_t)nth, sizeof(*ws));
	th = ecat_calloc((size_t)nth, sizeof(*th));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < (size_t)nth; i++) {
		w[i].s = &s;
		w[i].unit = NO_UNIT;
		ecat_buf_init(&w[i].out);
		ws[i].s = &s;
		ws[i].jobs = jobs;
		ws[i].w = &w[i];
		if (pthread_create(&th[i], NULL, S_worker, &ws[i]) != 0) {
			site_fail(&s, "pthread_create", errno);
			break;
		}
	}
	nth = (int)i;
	/* A progress line for long builds, on a terminal only. */
	if (o->progress)
		for (;;) {
			size_t done;

			nanosleep(&nap, NULL);
			pthread_mutex_lock(&s.lock);
			done = s.next >= s.njobs || s.failed;
			pthread_mutex_unlock(&s.lock);
			if (done)
				break;
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (t1.tv_sec - t0.tv_sec >= 1)
				S_progress(&s, 0);
		}
	for (i = 0; i < (size_t)nth; i++)
		pthread_join(th[i], NULL);
	if (o->progress)
		S_progress(&s, 1);
	for (i = 0; i < (size_t)nth; i++) {
		s.st.pages += w[i].st.pages;
		s.st.files += w[i].st.files;
		s.st.unchanged += w[i].st.unchanged;
		s.st.bytes += w[i].st.bytes;
		kept += w[i].kept;
		S_worker_free(&w[i]);
	}
	free(w);
	free(ws);
	free(th);
	free(jobs);
	/* The workers' pages and buffers, freed, as at the start. */
	malloc_trim(0);
	if (s.failed || site_marker_write(&s) == -1)
		goto failed;
	s.st.files++;
	/* Not counted in the summary, as it is no page of the site. */
	if (site_rerun_write(&s, s.tmp, 0, s.st.files) == -1) {
		site_fail(&s, s.tmp, errno);
		goto failed;
	}
	if ((r = site_swap(&s)) == -1) {
		site_fail(&s, s.dir, errno);
		goto failed;
	}
	/* -2: reported; s.tmp still holds the new site, removed below. */
	if (r == -2)
		goto out;
	started = 0;
	if (stp != NULL)
		*stp = s.st;
	if (!o->quiet)
		fprintf(stderr, "etwcat: %s: %" PRIu64 " files: %" PRIu64
		    " rendered (%" PRIu64 " of them as they were), %" PRIu64
		    " kept unrendered (inputs unchanged)\n", s.dir,
		    s.st.files, s.st.files - kept, s.st.unchanged - kept,
		    kept);
	rc = 0;
	goto out;
failed:
	if (s.limtpl != NULL) {
		loc.file = s.limtpl;
		ecat_msg(cat->diag, ECAT_MSG_LIMIT, &loc, "page %s: "
		    "rendering stopped at a limit (%lu MiB of output, %lu "
		    "steps, or nesting %d deep); the previous site is left "
		    "as it was", s.errpath, TPL_MAXOUT >> 20, TPL_MAXSTEPS,
		    TPL_MAXDEPTH);
	} else {
		loc.file = s.errpath != NULL ? s.errpath : s.tmp;
		ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s; the "
		    "previous site is left as it was",
		    strerror(s.err ? s.err : EIO));
	}
out:
	if (started && site_rmtree(s.tmp) == -1)
		site_rmfail(&s, s.tmp, "the temporary folder");
	ecat_oom_hook(NULL);
	if (lockfd != -1)
		site_unlock(&s, lockfd);
	S_site_free(&s);
	return rc;
}
