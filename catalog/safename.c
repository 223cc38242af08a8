/*
 * safename.c: the safe form of a name, for paths and anchors (see
 * safename.h).
 */
#include <string.h>

#include "safename.h"

static int
S_safechar(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

size_t
ecat_safe_name(char *out, const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;
	size_t			 n = 0;

	for (; s != NULL && *s != '\0' && n < ECAT_SAFE_MAX; s++) {
		if (S_safechar(*s)) {
			out[n++] = (char)*s;
			continue;
		}
		/* One '_' for the whole run of unsafe bytes. */
		out[n++] = '_';
		while (s[1] != '\0' && !S_safechar(s[1]))
			s++;
	}
	if (n == 0)
		out[n++] = '_';
	if (out[0] == '.' || out[0] == '-')
		out[0] = '_';
	out[n] = '\0';
	return n;
}

int
ecat_is_safe_name(const char *name)
{
	char	 buf[ECAT_SAFE_MAX + 1];

	ecat_safe_name(buf, name);
	return strcmp(buf, name) == 0;
}
