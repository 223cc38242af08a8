/*
 * sarif_uri.c: where the SARIF reports say a file is (etwcat.1,
 * --srcroot).  A file of its own because both SARIF reports need it
 * and it is the one part of them that looks at the file system.
 *
 * GitHub code scanning shows a result on a file of the repository it
 * was uploaded for, and finds it by a URI relative to the checkout.
 * So an artifact's uri is relative to --srcroot (default: the working
 * folder) under the base id %SRCROOT%, never with a "../" step and
 * never absolute: an absolute URI names one machine's folders (a CI
 * runner's, a user's home) and would differ between two runs over the
 * same data.  A file outside the srcroot is given relative to the
 * SOURCE it was found under, with that SOURCE's own base id
 * (SOURCE1, SOURCE2... by its place on the command line); a file
 * under no SOURCE either (a baseline) by its name alone under
 * ELSEWHERE.  SARIF 2.1.0 §3.4.4 and §3.14.14: a base id whose
 * absolute URI the producer does not give has no "uri" in the run's
 * originalUriBaseIds, only a description; etwcat gives none, for the
 * reason above.
 *
 * The test for "inside" is on the path as written first (the SOURCE
 * as given, joined to the working folder, "." and ".." steps
 * resolved), so that a folder reached through a symbolic link inside
 * the checkout keeps the path the user sees; failing that, on the
 * file's real path, so that a SOURCE given through a link to the
 * checkout is still inside it.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "etwcat.h"
#include "alloc.h"
#include "sarif.h"

struct src {
	char	*given;		/* as on the command line, no trailing '/' */
	char	*dir;		/* its folder, absolute and normalised */
	char	*disp;		/* its folder as messages show it: "" or
				   "rel/" under the srcroot, "" outside */
	int	 isdir;
	int	 used;		/* a result named a file under it */
};

static struct {
	char		*root;		/* real path of the srcroot */
	char		*cwd;
	struct src	*src;
	int		 nsrc;
	int		 elseused;
	/* The last file looked up: results come file by file. */
	char		*lastfile;
	const char	*lastbase;
	char		*lastrel;
} S;

/* "%SRCROOT%"'s description, and the others'. */
#define ROOT_TEXT	"The folder given by --srcroot (default: the working " \
			"folder), normally the repository's checkout."

/*
 * An absolute path with "." and ".." steps and repeated slashes
 * resolved on the text alone; the caller frees it.
 */
static char *
S_norm(const char *base, const char *path)
{
	char	*out, *p;
	size_t	 n = 0, seg;

	if (path[0] == '/' || base == NULL)
		out = ecat_asprintf("/%s", path);
	else
		out = ecat_asprintf("%s/%s", base, path);
	p = out;
	/* Rewritten in place: the result is never longer. */
	while (*p != '\0') {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		seg = strcspn(p, "/");
		if (seg == 1 && p[0] == '.') {
			/* nothing */
		} else if (seg == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else {
			out[n++] = '/';
			memmove(out + n, p, seg);
			n += seg;
		}
		p += seg;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}

/* path relative to dir when it is dir or under it, else NULL. */
static const char *
S_under(const char *path, const char *dir)
{
	size_t	 n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return path + 1;
	if (strncmp(path, dir, n) != 0)
		return NULL;
	if (path[n] == '\0')
		return path + n;
	return path[n] == '/' ? path + n + 1 : NULL;
}

static void
S_clear(void)
{
	int	 i;

	for (i = 0; i < S.nsrc; i++) {
		free(S.src[i].given);
		free(S.src[i].dir);
		free(S.src[i].disp);
	}
	free(S.src);
	free(S.root);
	free(S.cwd);
	free(S.lastfile);
	free(S.lastrel);
	memset(&S, 0, sizeof(S));
}

/* The srcroot and working folder, the working folder by default. */
static int
S_root(const char *dir)
{
	char	*r;

	if ((S.cwd = getcwd(NULL, 0)) == NULL)
		S.cwd = ecat_strdup("/");
	if ((r = realpath(dir != NULL ? dir : S.cwd, NULL)) == NULL)
		return -1;
	S.root = ecat_strdup(r);
	free(r);
	return 0;
}

int
ecat_sarif_set_srcroot(const char *dir, char *const *sources, int nsources)
{
	struct stat	 st;
	struct src	*s;
	const char	*rel;
	char		*slash;
	size_t		 n;
	int		 i;

	S_clear();
	if (S_root(dir) == -1) {
		int	 e = errno;

		S_clear();
		errno = e;
		return -1;
	}
	if (dir != NULL && (stat(S.root, &st) == -1 ||
	    !S_ISDIR(st.st_mode))) {
		S_clear();
		errno = ENOTDIR;
		return -1;
	}
	S.src = ecat_calloc((size_t)nsources + 1, sizeof(*S.src));
	for (i = 0; i < nsources; i++) {
		s = &S.src[S.nsrc++];
		s->given = ecat_strdup(sources[i]);
		n = strlen(s->given);
		while (n > 1 && s->given[n - 1] == '/')
			s->given[--n] = '\0';
		s->isdir = stat(s->given, &st) == 0 && S_ISDIR(st.st_mode);
		s->dir = S_norm(S.cwd, s->given);
		if (!s->isdir && (slash = strrchr(s->dir, '/')) != NULL)
			*(slash == s->dir ? slash + 1 : slash) = '\0';
		if ((rel = S_under(s->dir, S.root)) == NULL)
			s->disp = ecat_strdup("");
		else
			s->disp = ecat_asprintf("%s%s", rel, *rel != '\0' ?
			    "/" : "");
	}
	return 0;
}

/* The default: the working folder, no SOURCE known. */
static void
S_init(void)
{

	if (S.root == NULL && S_root(NULL) == -1)
		S.root = ecat_strdup(S.cwd);
}

/* file relative to the srcroot, or NULL; the caller frees it. */
static char *
S_inroot(const char *file, const char *abs)
{
	const char	*rel;
	char		*real, *out = NULL;

	if ((rel = S_under(abs, S.root)) != NULL)
		return ecat_strdup(rel);
	if ((real = realpath(file, NULL)) == NULL)
		return NULL;
	if ((rel = S_under(real, S.root)) != NULL)
		out = ecat_strdup(rel);
	free(real);
	return out;
}

const char *
sarif_relpath(const char *file, const char **base)
{
	char		*abs, *rel;
	const char	*b = NULL, *r;
	size_t		 best = 0, n;
	int		 i, bi = -1;

	S_init();
	if (S.lastfile != NULL && strcmp(S.lastfile, file) == 0) {
		*base = S.lastbase;
		return S.lastrel;
	}
	abs = S_norm(S.cwd, file);
	if ((rel = S_inroot(file, abs)) != NULL) {
		b = SARIF_SRCROOT;
	} else {
		/* The longest SOURCE folder the file is under. */
		for (i = 0; i < S.nsrc; i++)
			if ((r = S_under(abs, S.src[i].dir)) != NULL &&
			    (n = strlen(S.src[i].dir)) >= best) {
				best = n;
				bi = i;
			}
		if (bi >= 0) {
			S.src[bi].used = 1;
			rel = ecat_strdup(S_under(abs, S.src[bi].dir));
			b = NULL;	/* named below */
		} else {
			S.elseused = 1;
			r = strrchr(abs, '/');
			rel = ecat_strdup(r != NULL ? r + 1 : abs);
			b = SARIF_ELSEWHERE;
		}
	}
	free(abs);
	free(S.lastfile);
	free(S.lastrel);
	S.lastfile = ecat_strdup(file);
	S.lastrel = rel;
	if (bi >= 0) {
		static char	 name[32];

		/* One slot: valid until the next call, as the cache. */
		snprintf(name, sizeof(name), SARIF_SOURCE "%d", bi + 1);
		b = name;
	}
	S.lastbase = b;
	*base = b;
	return rel;
}

void
sarif_location(struct jsonw *w, const char *file)
{
	const char	*base, *rel;

	rel = sarif_relpath(file, &base);
	jsonw_key(w, "artifactLocation");
	jsonw_obj_open(w);
	jsonw_key(w, "uri");
	jsonw_uri(w, rel);
	jsonw_kstr(w, "uriBaseId", base);
	jsonw_obj_close(w);
}

/* Whether c can be part of a path (a SOURCE at a word's start). */
static int
S_pathc(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	    c == '/' || c == '~';
}

void
sarif_message(struct ecat_buf *b, const char *text)
{
	const char	*p = text;
	const struct src *s, *best;
	size_t		 n, bestn;
	int		 i;

	S_init();
	while (*p != '\0') {
		best = NULL;
		bestn = 0;
		/* A SOURCE's folder at a word's start: the longest. */
		if (p == text || !S_pathc((unsigned char)p[-1]))
			for (i = 0; i < S.nsrc; i++) {
				s = &S.src[i];
				if (!s->isdir)
					continue;
				n = strlen(s->given);
				if (n > bestn && strncmp(p, s->given, n) == 0 &&
				    p[n] == '/') {
					best = s;
					bestn = n;
				}
			}
		if (best != NULL) {
			ecat_buf_puts(b, best->disp);
			p += bestn + 1;
			continue;
		}
		ecat_buf_putc(b, *p++);
	}
}

void
sarif_base_ids(struct jsonw *w)
{
	char	 name[32];
	int	 i;

	S_init();
	jsonw_key(w, "originalUriBaseIds");
	jsonw_obj_open(w);
	jsonw_key(w, SARIF_SRCROOT);
	jsonw_obj_open(w);
	jsonw_key(w, "description");
	jsonw_obj_open(w);
	jsonw_kstr(w, "text", ROOT_TEXT);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	for (i = 0; i < S.nsrc; i++) {
		const char	*last;

		if (!S.src[i].used)
			continue;
		snprintf(name, sizeof(name), SARIF_SOURCE "%d", i + 1);
		last = strrchr(S.src[i].dir, '/');
		last = last != NULL && last[1] != '\0' ? last + 1 : "/";
		jsonw_key(w, name);
		jsonw_obj_open(w);
		jsonw_key(w, "description");
		jsonw_obj_open(w);
		{
			char	*t = ecat_asprintf("The folder of SOURCE %d on "
			    "the command line (%s), outside --srcroot.",
			    i + 1, last);

			jsonw_kstr(w, "text", t);
			free(t);
		}
		jsonw_obj_close(w);
		jsonw_obj_close(w);
	}
	if (S.elseused) {
		jsonw_key(w, SARIF_ELSEWHERE);
		jsonw_obj_open(w);
		jsonw_key(w, "description");
		jsonw_obj_open(w);
		jsonw_kstr(w, "text", "A file outside --srcroot and outside "
		    "every SOURCE, named by its file name alone.");
		jsonw_obj_close(w);
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
}
