/*
 * slow_link.c: an LD_PRELOAD shim that makes each link(2) wait 3 ms
 * before it runs, so that tests/site_lock.sh can widen the time between
 * build's comparison of a page with the previous site and its link of
 * the page from there (render/site/publish.c, site_emit): two builds
 * into one folder without a lock then publish a mixed site nearly
 * every time instead of rarely.  Apart from fault injection (inject.c),
 * which makes calls fail rather than wait.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <time.h>
#include <unistd.h>

int
link(const char *old, const char *new)
{
	static int		(*real)(const char *, const char *);
	struct timespec		 ts = { 0, 3 * 1000000L };

	if (real == NULL &&
	    (real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT,
	    "link")) == NULL)
		return -1;
	nanosleep(&ts, NULL);
	return real(old, new);
}
