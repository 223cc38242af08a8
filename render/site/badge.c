/*
 * badge.c: a list of findings shown as one badge, the worst severity
 * first and the count of each ("6 notes", "1 error, 2 warnings",
 * "80 breaking, 3 notes"), for an example's validation (validate's
 * severities) and a build's drift findings (drift's).
 *
 * Why counts and words rather than one number in one colour: the
 * example of Kernel-Network event 10 showed "findings: 6" in the
 * error colour for six notes.  The badge's class is the worst
 * severity's (templates/assets/style.css colours it), and its text
 * names every severity, so it reads the same without colour.
 */
#include <stdio.h>
#include <string.h>

#include "drift.h"
#include "site_int.h"

/* A severity's count, singular or plural: "1 error", "2 warnings". */
struct sevname {
	const char	*name, *plural;
};

/*
 * Write the counts, worst first (n[0] the worst), as "N name" joined
 * by ", ".  Returns buf, or NULL when every count is 0.
 */
static const char *
S_text(const struct sevname *sv, const uint64_t *n, int nsev,
    const char **worst, char *buf, size_t sz)
{
	size_t	 len = 0;
	int	 i, w;

	*worst = NULL;
	if (sz == 0)
		return NULL;
	buf[0] = '\0';
	for (i = 0; i < nsev; i++) {
		if (n[i] == 0)
			continue;
		if (*worst == NULL)
			*worst = sv[i].name;
		w = snprintf(buf + len, sz - len, "%s%llu %s", len ? ", " : "",
		    (unsigned long long)n[i], n[i] == 1 ? sv[i].name :
		    sv[i].plural);
		if (w < 0 || (size_t)w >= sz - len)
			break;		/* cut: the worst is written first */
		len += (size_t)w;
	}
	return *worst != NULL ? buf : NULL;
}

/* validate's severities, worst first (catalog/diag.c's names). */
static const struct sevname vsev[] = {
	{ "error", "errors" }, { "warning", "warnings" }, { "note", "notes" }
};

const char *
site_badge_findings(const struct ecat_finding *f, uint32_t nf,
    const char **worst, char *buf, size_t sz)
{
	uint64_t	 n[3] = { 0, 0, 0 };
	uint32_t	 i, s;

	for (i = 0; i < nf; i++) {
		for (s = 0; s < 2 && (f[i].severity == NULL ||
		    strcmp(f[i].severity, vsev[s].name) != 0); s++)
			continue;
		n[s]++;		/* anything else counts as a note */
	}
	return S_text(vsev, n, 3, worst, buf, sz);
}

/* drift's severities, worst first: ecat_dsev_name() gives the names. */
static const struct sevname dsev[] = {
	{ "breaking", "breaking" }, { "warning", "warnings" },
	{ "note", "notes" }
};

const char *
site_badge_drift(const struct ecat_drift *const *d, size_t nd,
    const char **worst, char *buf, size_t sz)
{
	uint64_t	 n[3] = { 0, 0, 0 };
	size_t		 i;

	for (i = 0; i < nd; i++)
		switch (d[i]->sev) {
		case ECAT_DSEV_BREAKING:
			n[0]++;
			break;
		case ECAT_DSEV_WARNING:
			n[1]++;
			break;
		default:
			n[2]++;
			break;
		}
	return S_text(dsev, n, 3, worst, buf, sz);
}
