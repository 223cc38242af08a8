/*
 * site.c: the static site.
 *
 * This first version writes an index of providers and one page per
 * provider listing its event keys and the builds and sources that have
 * each; the full site (templates/, event pages, search, downloads) is
 * the site issue's work and replaces the body of this file.
 *
 * The site is written into a temporary folder beside DIR and renamed
 * into place only when complete, so a failed build leaves the previous
 * site untouched.  Every path written is built from a sanitised name
 * (S_safe) below that folder: nothing is written outside DIR.
 */
#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"

int	 ecat_site_build(struct ecat_catalog *, const char *dir);

static const char *const srcnames[ECAT_SRC__MAX] = {
	"registered manifest", "TSV export", "captured sample"
};

static void
S_esc(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: putc(*s, f); break;
		}
	}
}

/*
 * A provider name made safe as one path component: bytes outside
 * [A-Za-z0-9._-] become '_', and a leading '.' becomes '_', so no name
 * can be "..", hidden, or contain a separator.
 */
static void
S_safe(char *out, size_t sz, const char *name)
{
	size_t	 i;

	for (i = 0; i + 1 < sz && name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (c == '.' && i > 0);
		out[i] = ok ? (char)c : '_';
	}
	out[i] = '\0';
	if (i == 0 && sz > 1) {
		out[0] = '_';
		out[1] = '\0';
	}
}

static void
S_head(FILE *f, const char *title, const char *root)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'self'\">\n<title>", f);
	S_esc(f, title);
	fprintf(f, "</title>\n<link rel=\"stylesheet\" "
	    "href=\"%sassets/style.css\">\n</head>\n<body>\n<main>\n", root);
}

static void
S_tail(FILE *f)
{
	fputs("</main>\n</body>\n</html>\n", f);
}

static int
S_provider_page(const struct ecat_provider *p, const char *path)
{
	FILE		*f;
	uint32_t	 i, j;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	S_head(f, p->name, "../../");
	fputs("<h1>", f);
	S_esc(f, p->name);
	fputs("</h1>\n", f);
	if (p->guid != NULL) {
		fputs("<p>GUID <code>", f);
		S_esc(f, p->guid);
		fputs("</code></p>\n", f);
	}
	fprintf(f, "<p>%u event versions.</p>\n<table>\n<thead><tr>"
	    "<th scope=\"col\">Event</th><th scope=\"col\">Version</th>"
	    "<th scope=\"col\">Fields</th>"
	    "<th scope=\"col\">Observed on</th></tr></thead>\n<tbody>\n",
	    p->nkeys);
	for (i = 0; i < p->nkeys; i++) {
		const struct ecat_evkey *k = p->keys[i];
		const struct ecat_event *e = NULL;

		for (j = 0; j < k->nocc && e == NULL; j++)
			e = k->occ[k->nocc - 1 - j].event;
		fprintf(f, "<tr><td>%u</td><td>%u</td><td>", k->id,
		    k->version);
		if (e != NULL && e->tmpl != NULL && e->tmpl->shape != NULL)
			for (j = 0; j < e->tmpl->shape->nfields; j++) {
				const struct ecat_field *fl =
				    &e->tmpl->shape->fields[j];
				if (j > 0)
					fputs(", ", f);
				S_esc(f, fl->intype_name);
				putc(' ', f);
				S_esc(f, fl->name);
			}
		fputs("</td><td>", f);
		for (j = 0; j < k->nocc; j++) {
			if (j > 0)
				fputs("; ", f);
			S_esc(f, k->occ[j].build->id);
			fputs(" (", f);
			fputs(srcnames[k->occ[j].kind], f);
			putc(')', f);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	S_tail(f);
	return fclose(f) == EOF ? -1 : 0;
}

static int
S_index(const struct ecat_catalog *cat, const char *path)
{
	FILE		*f;
	uint32_t	 i;
	char		 safe[512];

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	S_head(f, "ETW provider catalog", "");
	fprintf(f, "<h1>ETW provider catalog</h1>\n<p>%u providers, "
	    "%u builds.</p>\n<h2>Builds</h2>\n<ul>\n", cat->nproviders,
	    cat->nbuilds);
	for (i = 0; i < cat->nbuilds; i++) {
		fputs("<li>", f);
		S_esc(f, cat->builds[i]->id);
		if (cat->builds[i]->display_name != NULL) {
			fputs(": ", f);
			S_esc(f, cat->builds[i]->display_name);
		}
		fputs("</li>\n", f);
	}
	fputs("</ul>\n<h2>Providers</h2>\n<table>\n<thead><tr>"
	    "<th scope=\"col\">Provider</th>"
	    "<th scope=\"col\">Event versions</th></tr></thead>\n<tbody>\n",
	    f);
	for (i = 0; i < cat->nproviders; i++) {
		S_safe(safe, sizeof(safe), cat->providers[i]->name);
		fputs("<tr><td><a href=\"providers/", f);
		S_esc(f, safe);
		fputs("/index.html\">", f);
		S_esc(f, cat->providers[i]->name);
		fprintf(f, "</a></td><td>%u</td></tr>\n",
		    cat->providers[i]->nkeys);
	}
	fputs("</tbody>\n</table>\n", f);
	S_tail(f);
	return fclose(f) == EOF ? -1 : 0;
}

static int
S_mkdir(const char *p)
{
	return mkdir(p, 0755) == -1 && errno != EEXIST ? -1 : 0;
}

static int
S_rm1(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) == -1 &&
	    errno != ENOENT ? -1 : 0;
}

/*
 * Remove a tree this run created (the temporary folder) or the previous
 * site it replaced.  FTW_PHYS: symbolic links are removed, never
 * followed, so nothing outside the tree is touched.
 */
static void
S_rmtree(const char *path)
{
	if (nftw(path, S_rm1, 16, FTW_DEPTH | FTW_PHYS) == -1 &&
	    errno != ENOENT)
		fprintf(stderr, "etwcat: could not remove %s: %s\n", path,
		    strerror(errno));
}

static const char stylesheet[] =
	":root{color-scheme:light dark;font-family:system-ui,sans-serif}\n"
	"main{max-width:70rem;margin:auto;padding:1rem}\n"
	"table{border-collapse:collapse}\n"
	"th,td{border:1px solid #8884;padding:.2rem .5rem;text-align:left;"
	"vertical-align:top}\n";

int
ecat_site_build(struct ecat_catalog *cat, const char *dir)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	char		*tmp, *old, *p, safe[512];
	uint32_t	 i;
	FILE		*f;
	int		 rc = 0;

	loc.file = ecat_file(cat, dir);
	tmp = ecat_asprintf("%s.tmp.%ld", dir, (long)getpid());
	old = ecat_asprintf("%s.old.%ld", dir, (long)getpid());
	if (S_mkdir(tmp) == -1)
		goto fail;
	p = ecat_asprintf("%s/assets", tmp);
	rc = S_mkdir(p);
	free(p);
	p = ecat_asprintf("%s/assets/style.css", tmp);
	if (rc == -1 || (f = fopen(p, "w")) == NULL ||
	    (fputs(stylesheet, f), fclose(f)) == EOF) {
		free(p);
		goto fail;
	}
	free(p);
	p = ecat_asprintf("%s/providers", tmp);
	rc = S_mkdir(p);
	free(p);
	if (rc == -1)
		goto fail;
	for (i = 0; i < cat->nproviders; i++) {
		S_safe(safe, sizeof(safe), cat->providers[i]->name);
		p = ecat_asprintf("%s/providers/%s", tmp, safe);
		rc = S_mkdir(p);
		free(p);
		if (rc == -1)
			goto fail;
		p = ecat_asprintf("%s/providers/%s/index.html", tmp, safe);
		rc = S_provider_page(cat->providers[i], p);
		free(p);
		if (rc == -1)
			goto fail;
	}
	p = ecat_asprintf("%s/index.html", tmp);
	rc = S_index(cat, p);
	free(p);
	if (rc == -1)
		goto fail;
	/* Swap: the old site survives until the new one is in place. */
	if (rename(dir, old) == -1 && errno != ENOENT)
		goto fail;
	if (rename(tmp, dir) == -1) {
		rename(old, dir);
		goto fail;
	}
	S_rmtree(old);
	free(tmp);
	free(old);
	return 0;
fail:
	ecat_msg(cat->diag, ECAT_MSG_IO_WRITE, &loc, "%s", strerror(errno));
	S_rmtree(tmp);
	free(tmp);
	free(old);
	return -1;
}
