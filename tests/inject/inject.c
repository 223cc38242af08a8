/*
 * inject.c: an LD_PRELOAD shim that makes one C library call fail, as
 * jq's src/inject_errors.c does for its stdio calls, so that
 * tests/fault_injection.sh can check what etwcat does when memory,
 * a file open, a read, a write, a rename or an unlink fails at a
 * chosen point.
 *
 * Environment (read once, when the shim is loaded):
 *
 *   ECAT_INJECT_FUNC   the call kinds that fail, comma-separated; they
 *                      share one counter:
 *                        malloc calloc realloc       (alloc: all three)
 *                        open     open, open64, openat, creat, mkstemp
 *                        fopen    fopen, fopen64, freopen
 *                        read     read, pread
 *                        fread    fread, fgets, getline, getdelim
 *                        write    write, pwrite
 *                        fwrite   fwrite, fputs, fputc, putc, puts,
 *                                 fprintf, vfprintf, printf, vprintf
 *                        rename   rename, renameat, renameat2
 *                        unlink   unlink, unlinkat, rmdir, remove
 *   ECAT_INJECT_NTH    the Nth matching call fails (1-based)
 *   ECAT_INJECT_TIMES  and so many after it (default 1; 0: all of them)
 *   ECAT_INJECT_PATH   only calls on paths matching this fnmatch(3)
 *                      pattern count ('*' matches '/' too): the path
 *                      opened or removed, either path of a rename, or
 *                      the path a descriptor or stream was opened with
 *                      (reads and writes).  A name relative to a
 *                      folder's descriptor (openat, unlinkat) is
 *                      joined to that folder's path.  Calls without a
 *                      path (memory) never match a pattern.
 *   ECAT_INJECT_AFTER  an fnmatch(3) pattern: nothing counts (nor fails)
 *                      before the first open (open or fopen kinds) of
 *                      a path matching it, so that failures land in
 *                      the stage that starts there whatever came
 *                      before (the test: memory once build writes into
 *                      its temporary folder, with several threads).
 *   ECAT_INJECT_ERRNO  errno of the failure, a number (default: ENOMEM
 *                      for memory, ENOENT for open, EIO for reads,
 *                      ENOSPC for writes, EXDEV for rename, EACCES for
 *                      unlink)
 *   ECAT_INJECT_COUNT  a file: fail nothing, append "KIND N" lines there
 *                      at exit, N the calls of each kind that matched
 *                      ECAT_INJECT_PATH (all calls when unset).  The
 *                      test picks its failure points from these.
 *   ECAT_INJECT_LOG    a file: append "KIND #N PATH" for each failure
 *                      injected, so a test can tell that one was.
 *   ECAT_INJECT_TRACE  set: also append the call stack there (for a
 *                      person finding out where a failure landed).
 *
 * Calls are counted from the time the shim's constructor runs, after
 * the C library's own start-up.  Standard error (descriptor 2) is never
 * failed: the diagnostics the test looks for go there.
 *
 * A failed stream write also points the stream at /dev/full, so that
 * what the stream had buffered fails too when it is flushed, as on a
 * full disk; a failed stream read sets the stream's error indicator,
 * so ferror(3) tells it from the end of the file.
 *
 * Not usable with AddressSanitizer, which must own malloc.
 */
/* The plain and the 64-bit names are both defined below. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/stat.h>
#include <sys/types.h>

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc's own allocator, which the shim wraps without recursing. */
extern void	*__libc_malloc(size_t);
extern void	*__libc_calloc(size_t, size_t);
extern void	*__libc_realloc(void *, size_t);
extern void	 __libc_free(void *);

enum kind {
	K_MALLOC, K_CALLOC, K_REALLOC, K_OPEN, K_FOPEN, K_READ, K_FREAD,
	K_WRITE, K_FWRITE, K_RENAME, K_UNLINK, K__MAX
};

static const char *const kindnames[K__MAX] = {
	"malloc", "calloc", "realloc", "open", "fopen", "read", "fread",
	"write", "fwrite", "rename", "unlink"
};

static const int kinderr[K__MAX] = {
	ENOMEM, ENOMEM, ENOMEM, ENOENT, ENOENT, EIO, EIO, ENOSPC, ENOSPC,
	EXDEV, EACCES
};

static struct {
	int		 active;	/* set by the constructor */
	unsigned	 kinds;		/* bit per enum kind */
	unsigned long	 nth;		/* 0: fail nothing */
	unsigned long	 times;		/* 0: every call from nth on */
	const char	*pattern;
	const char	*after;		/* ECAT_INJECT_AFTER */
	int		 started;	/* after seen, or none */
	int		 err;		/* 0: the kind's default */
	const char	*countfile;
	const char	*logfile;
	int		 trace;
	unsigned long	 seen;		/* matching calls so far */
	unsigned long	 counts[K__MAX];
} S;

/* Descriptor → the path it was opened with (arena of the shim). */
#define S_MAXFD	4096
static char		*S_fdpath[S_MAXFD];
static pthread_mutex_t	 S_lock = PTHREAD_MUTEX_INITIALIZER;

/* The next definition of a symbol, looked up once. */
#define REAL(name) \
	static __typeof__(&name) real_##name; \
	if (real_##name == NULL) \
		real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

static unsigned
S_parsekinds(const char *s)
{
	unsigned	 bits = 0;
	size_t		 n;
	int		 k;

	while (*s != '\0') {
		n = strcspn(s, ",");
		if (n == 5 && strncmp(s, "alloc", 5) == 0)
			bits |= 1u << K_MALLOC | 1u << K_CALLOC |
			    1u << K_REALLOC;
		for (k = 0; k < K__MAX; k++)
			if (strlen(kindnames[k]) == n &&
			    strncmp(s, kindnames[k], n) == 0)
				bits |= 1u << k;
		s += n;
		if (*s == ',')
			s++;
	}
	return bits;
}

__attribute__((constructor)) static void
S_init(void)
{
	const char	*v;

	if ((v = getenv("ECAT_INJECT_FUNC")) != NULL)
		S.kinds = S_parsekinds(v);
	if ((v = getenv("ECAT_INJECT_NTH")) != NULL)
		S.nth = strtoul(v, NULL, 10);
	S.times = 1;
	if ((v = getenv("ECAT_INJECT_TIMES")) != NULL)
		S.times = strtoul(v, NULL, 10);
	if ((v = getenv("ECAT_INJECT_PATH")) != NULL && *v != '\0')
		S.pattern = v;
	if ((v = getenv("ECAT_INJECT_AFTER")) != NULL && *v != '\0')
		S.after = v;
	S.started = S.after == NULL;
	if ((v = getenv("ECAT_INJECT_ERRNO")) != NULL)
		S.err = (int)strtol(v, NULL, 10);
	if ((v = getenv("ECAT_INJECT_COUNT")) != NULL && *v != '\0')
		S.countfile = v;
	if ((v = getenv("ECAT_INJECT_LOG")) != NULL && *v != '\0')
		S.logfile = v;
	S.trace = getenv("ECAT_INJECT_TRACE") != NULL;
	S.active = 1;
}

/*
 * The shim's own file access: system calls, so that it neither counts
 * nor fails its own calls.
 */
static int
S_sysopen(const char *file, int flags)
{
	return (int)syscall(SYS_openat, AT_FDCWD, file, flags | O_CLOEXEC,
	    0644);
}

static void
S_append(const char *file, const char *text)
{
	int	 fd;

	if ((fd = S_sysopen(file, O_WRONLY | O_APPEND | O_CREAT)) == -1)
		return;
	(void)syscall(SYS_write, fd, text, strlen(text));
	(void)syscall(SYS_close, fd);
}

__attribute__((destructor)) static void
S_fini(void)
{
	char	 line[64];
	int	 k;

	if (S.countfile == NULL)
		return;
	S.active = 0;
	for (k = 0; k < K__MAX; k++) {
		snprintf(line, sizeof(line), "%s %lu\n", kindnames[k],
		    __atomic_load_n(&S.counts[k], __ATOMIC_RELAXED));
		S_append(S.countfile, line);
	}
}

/* The path fd was opened with, or /proc's idea of it; NULL if none. */
static const char *
S_pathof(int fd, char *buf, size_t sz)
{
	char	 proc[64];
	ssize_t	 n;

	if (fd < 0)
		return NULL;
	if (fd < S_MAXFD && S_fdpath[fd] != NULL) {
		snprintf(buf, sz, "%s", S_fdpath[fd]);
		return buf;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if ((n = readlink(proc, buf, sz - 1)) <= 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

static void
S_setpath(int fd, const char *path)
{
	char	*copy = NULL, *old;
	size_t	 n;

	if (fd < 0 || fd >= S_MAXFD)
		return;
	if (path != NULL) {
		n = strlen(path);
		if ((copy = __libc_malloc(n + 1)) == NULL)
			return;
		memcpy(copy, path, n + 1);
	}
	pthread_mutex_lock(&S_lock);
	old = S_fdpath[fd];
	S_fdpath[fd] = copy;
	pthread_mutex_unlock(&S_lock);
	__libc_free(old);
}

/*
 * The path a call on (dfd, name) is about: name itself when absolute or
 * relative to the working folder, else joined to dfd's path (the walk
 * of render/site/publish.c's S_rmat opens and removes each entry relative to
 * its folder).  Returns name or buf.
 */
static const char *
S_atpath(int dfd, const char *name, char *buf, size_t sz)
{
	char	 dir[PATH_MAX];

	if (name == NULL || name[0] == '/' || dfd == AT_FDCWD ||
	    S_pathof(dfd, dir, sizeof(dir)) == NULL)
		return name;
	if ((size_t)snprintf(buf, sz, "%s/%s", dir, name) >= sz)
		return name;
	return buf;
}

/* The call stack into the log file (backtrace(3) may allocate once). */
static void
S_trace(void)
{
	void	*frames[48];
	int	 n, fd, was = S.active;

	S.active = 0;
	n = backtrace(frames, 48);
	if ((fd = S_sysopen(S.logfile, O_WRONLY | O_APPEND | O_CREAT)) != -1) {
		backtrace_symbols_fd(frames, n, fd);
		(void)syscall(SYS_close, fd);
	}
	S.active = was;
}

/*
 * Does this call fail?  Counts it when it matches.  path is what the
 * call is about, or NULL.  Returns 1 (errno set) or 0.
 */
static int
S_fail(enum kind k, const char *path, int fd)
{
	unsigned long	 n;
	char		 line[PATH_MAX + 64];

	if (!S.active || fd == STDERR_FILENO)
		return 0;
	if (!__atomic_load_n(&S.started, __ATOMIC_SEQ_CST)) {
		if ((k == K_OPEN || k == K_FOPEN) && path != NULL &&
		    fnmatch(S.after, path, 0) == 0)
			__atomic_store_n(&S.started, 1, __ATOMIC_SEQ_CST);
		return 0;
	}
	if (S.pattern != NULL &&
	    (path == NULL || fnmatch(S.pattern, path, 0) != 0))
		return 0;
	__atomic_add_fetch(&S.counts[k], 1, __ATOMIC_RELAXED);
	if (S.nth == 0 || (S.kinds & (1u << k)) == 0 || S.countfile != NULL)
		return 0;
	n = __atomic_add_fetch(&S.seen, 1, __ATOMIC_RELAXED);
	if (n < S.nth || (S.times != 0 && n >= S.nth + S.times))
		return 0;
	if (S.logfile != NULL) {
		snprintf(line, sizeof(line), "%s #%lu %s\n", kindnames[k], n,
		    path != NULL ? path : "-");
		S_append(S.logfile, line);
		if (S.trace)
			S_trace();
	}
	errno = S.err != 0 ? S.err : kinderr[k];
	return 1;
}

static int
S_fdfail(enum kind k, int fd)
{
	char	 buf[PATH_MAX];

	if (!S.active || fd == STDERR_FILENO)
		return 0;
	return S_fail(k, S.pattern != NULL ? S_pathof(fd, buf, sizeof(buf)) :
	    NULL, fd);
}

/* A stream's failed write: what it buffered fails too (a full disk). */
static int
S_fwfail(FILE *f)
{
	int	 fd, full, e;

	if (f == NULL || !S.active || (fd = fileno(f)) == STDERR_FILENO)
		return 0;
	if (!S_fdfail(K_FWRITE, fd))
		return 0;
	e = errno;
	if (fd >= 0 && (full = S_sysopen("/dev/full", O_WRONLY)) != -1) {
		dup2(full, fd);
		(void)syscall(SYS_close, full);
	}
	f->_flags |= _IO_ERR_SEEN;
	errno = e;
	return 1;
}

static int
S_frfail(FILE *f)
{
	int	 fd, e;

	if (f == NULL || !S.active || (fd = fileno(f)) == STDERR_FILENO)
		return 0;
	if (!S_fdfail(K_FREAD, fd))
		return 0;
	e = errno;
	f->_flags |= _IO_ERR_SEEN;
	errno = e;
	return 1;
}

/* ---------------------------------------------------------------- memory */

void *
malloc(size_t n)
{
	if (S_fail(K_MALLOC, NULL, -1))
		return NULL;
	return __libc_malloc(n);
}

void *
calloc(size_t n, size_t sz)
{
	if (S_fail(K_CALLOC, NULL, -1))
		return NULL;
	return __libc_calloc(n, sz);
}

void *
realloc(void *p, size_t n)
{
	if (S_fail(K_REALLOC, NULL, -1))
		return NULL;
	return __libc_realloc(p, n);
}

/* ---------------------------------------------------------------- open */

static int
S_opened(int fd, const char *path)
{
	if (fd >= 0)
		S_setpath(fd, path);
	return fd;
}

static mode_t
S_mode(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) != 0 ?
	    (mode_t)va_arg(ap, int) : 0;
}

int
open(const char *path, int flags, ...)
{
	va_list	 ap;
	mode_t	 mode;
	REAL(open);

	va_start(ap, flags);
	mode = S_mode(flags, ap);
	va_end(ap);
	if (S_fail(K_OPEN, path, -1))
		return -1;
	return S_opened(real_open(path, flags, mode), path);
}

int
open64(const char *path, int flags, ...)
{
	va_list	 ap;
	mode_t	 mode;
	REAL(open64);

	va_start(ap, flags);
	mode = S_mode(flags, ap);
	va_end(ap);
	if (S_fail(K_OPEN, path, -1))
		return -1;
	return S_opened(real_open64(path, flags, mode), path);
}

int
openat(int dfd, const char *path, int flags, ...)
{
	va_list		 ap;
	mode_t		 mode;
	char		 buf[PATH_MAX];
	const char	*full;
	REAL(openat);

	va_start(ap, flags);
	mode = S_mode(flags, ap);
	va_end(ap);
	full = S_atpath(dfd, path, buf, sizeof(buf));
	if (S_fail(K_OPEN, full, -1))
		return -1;
	return S_opened(real_openat(dfd, path, flags, mode), full);
}

int
openat64(int dfd, const char *path, int flags, ...)
{
	va_list		 ap;
	mode_t		 mode;
	char		 buf[PATH_MAX];
	const char	*full;
	REAL(openat64);

	va_start(ap, flags);
	mode = S_mode(flags, ap);
	va_end(ap);
	full = S_atpath(dfd, path, buf, sizeof(buf));
	if (S_fail(K_OPEN, full, -1))
		return -1;
	return S_opened(real_openat64(dfd, path, flags, mode), full);
}

int
creat(const char *path, mode_t mode)
{
	REAL(creat);

	if (S_fail(K_OPEN, path, -1))
		return -1;
	return S_opened(real_creat(path, mode), path);
}

int
mkstemp(char *tmpl)
{
	REAL(mkstemp);

	if (S_fail(K_OPEN, tmpl, -1))
		return -1;
	return S_opened(real_mkstemp(tmpl), tmpl);
}

int
mkstemp64(char *tmpl)
{
	REAL(mkstemp64);

	if (S_fail(K_OPEN, tmpl, -1))
		return -1;
	return S_opened(real_mkstemp64(tmpl), tmpl);
}

int
close(int fd)
{
	REAL(close);

	if (fd >= 0 && fd < S_MAXFD && S_fdpath[fd] != NULL)
		S_setpath(fd, NULL);
	return real_close(fd);
}

static FILE *
S_fopened(FILE *f, const char *path)
{
	if (f != NULL)
		S_setpath(fileno(f), path);
	return f;
}

FILE *
fopen(const char *path, const char *mode)
{
	REAL(fopen);

	if (S_fail(K_FOPEN, path, -1))
		return NULL;
	return S_fopened(real_fopen(path, mode), path);
}

FILE *
fopen64(const char *path, const char *mode)
{
	REAL(fopen64);

	if (S_fail(K_FOPEN, path, -1))
		return NULL;
	return S_fopened(real_fopen64(path, mode), path);
}

FILE *
freopen(const char *path, const char *mode, FILE *f)
{
	REAL(freopen);

	if (path != NULL && S_fail(K_FOPEN, path, -1))
		return NULL;
	return S_fopened(real_freopen(path, mode, f), path);
}

int
fclose(FILE *f)
{
	REAL(fclose);

	if (f != NULL) {
		int fd = fileno(f);

		if (fd >= 0 && fd < S_MAXFD && S_fdpath[fd] != NULL)
			S_setpath(fd, NULL);
	}
	return real_fclose(f);
}

/* ---------------------------------------------------------------- read */

ssize_t
read(int fd, void *buf, size_t n)
{
	REAL(read);

	if (S_fdfail(K_READ, fd))
		return -1;
	return real_read(fd, buf, n);
}

ssize_t
pread(int fd, void *buf, size_t n, off_t off)
{
	REAL(pread);

	if (S_fdfail(K_READ, fd))
		return -1;
	return real_pread(fd, buf, n, off);
}

ssize_t
pread64(int fd, void *buf, size_t n, off_t off)
{
	REAL(pread64);

	if (S_fdfail(K_READ, fd))
		return -1;
	return real_pread64(fd, buf, n, off);
}

size_t
fread(void *p, size_t sz, size_t n, FILE *f)
{
	REAL(fread);

	if (S_frfail(f))
		return 0;
	return real_fread(p, sz, n, f);
}

char *
fgets(char *s, int n, FILE *f)
{
	REAL(fgets);

	if (S_frfail(f))
		return NULL;
	return real_fgets(s, n, f);
}

ssize_t
getdelim(char **line, size_t *n, int delim, FILE *f)
{
	REAL(getdelim);

	if (S_frfail(f))
		return -1;
	return real_getdelim(line, n, delim, f);
}

/* getline(3) is an inline call of this one when optimising. */
ssize_t
__getdelim(char **line, size_t *n, int delim, FILE *f)
{
	REAL(__getdelim);

	if (S_frfail(f))
		return -1;
	return real___getdelim(line, n, delim, f);
}

ssize_t
getline(char **line, size_t *n, FILE *f)
{
	REAL(getline);

	if (S_frfail(f))
		return -1;
	return real_getline(line, n, f);
}

/* ---------------------------------------------------------------- write */

ssize_t
write(int fd, const void *buf, size_t n)
{
	REAL(write);

	if (S_fdfail(K_WRITE, fd))
		return -1;
	return real_write(fd, buf, n);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite);

	if (S_fdfail(K_WRITE, fd))
		return -1;
	return real_pwrite(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite64);

	if (S_fdfail(K_WRITE, fd))
		return -1;
	return real_pwrite64(fd, buf, n, off);
}

size_t
fwrite(const void *p, size_t sz, size_t n, FILE *f)
{
	REAL(fwrite);

	if (S_fwfail(f))
		return 0;
	return real_fwrite(p, sz, n, f);
}

int
fputs(const char *s, FILE *f)
{
	REAL(fputs);

	if (S_fwfail(f))
		return EOF;
	return real_fputs(s, f);
}

int
puts(const char *s)
{
	REAL(puts);

	if (S_fwfail(stdout))
		return EOF;
	return real_puts(s);
}

int
fputc(int c, FILE *f)
{
	REAL(fputc);

	if (S_fwfail(f))
		return EOF;
	return real_fputc(c, f);
}

int
putc(int c, FILE *f)
{
	REAL(putc);

	if (S_fwfail(f))
		return EOF;
	return real_putc(c, f);
}

int
vfprintf(FILE *f, const char *fmt, va_list ap)
{
	REAL(vfprintf);

	if (S_fwfail(f))
		return -1;
	return real_vfprintf(f, fmt, ap);
}

int
fprintf(FILE *f, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = vfprintf(f, fmt, ap);
	va_end(ap);
	return rc;
}

int
vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int
printf(const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return rc;
}

/* ---------------------------------------------------------------- rename */

int
rename(const char *from, const char *to)
{
	REAL(rename);

	if (S_fail(K_RENAME, S.pattern != NULL && from != NULL &&
	    fnmatch(S.pattern, from, 0) != 0 ? to : from, -1))
		return -1;
	return real_rename(from, to);
}

int
renameat(int fd1, const char *from, int fd2, const char *to)
{
	REAL(renameat);

	if (S_fail(K_RENAME, S.pattern != NULL && from != NULL &&
	    fnmatch(S.pattern, from, 0) != 0 ? to : from, -1))
		return -1;
	return real_renameat(fd1, from, fd2, to);
}

int
renameat2(int fd1, const char *from, int fd2, const char *to,
    unsigned int flags)
{
	REAL(renameat2);

	if (S_fail(K_RENAME, S.pattern != NULL && from != NULL &&
	    fnmatch(S.pattern, from, 0) != 0 ? to : from, -1))
		return -1;
	return real_renameat2(fd1, from, fd2, to, flags);
}

/* ---------------------------------------------------------------- unlink */

int
unlink(const char *path)
{
	REAL(unlink);

	if (S_fail(K_UNLINK, path, -1))
		return -1;
	return real_unlink(path);
}

int
unlinkat(int dfd, const char *path, int flags)
{
	char	 buf[PATH_MAX];
	REAL(unlinkat);

	if (S_fail(K_UNLINK, S_atpath(dfd, path, buf, sizeof(buf)), -1))
		return -1;
	return real_unlinkat(dfd, path, flags);
}

int
rmdir(const char *path)
{
	REAL(rmdir);

	if (S_fail(K_UNLINK, path, -1))
		return -1;
	return real_rmdir(path);
}

/* remove(3) calls unlink and rmdir inside the C library, unseen. */
int
remove(const char *path)
{
	REAL(remove);

	if (S_fail(K_UNLINK, path, -1))
		return -1;
	return real_remove(path);
}
