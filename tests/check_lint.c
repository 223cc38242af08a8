/*
 * check_lint.c: the message-string parser (catalog/msgfmt.c) on real
 * messages and on every construct of the FormatMessage grammar, and
 * the lint pass (validator/lint.c): one small manifest per check in
 * tests/data/lint/ with its expected diagnostics beside it (NAME.xml,
 * NAME.out_lint, after mandoc's regress/ goldens), and counts over a
 * real build.  Section numbers (§) refer to
 * docs/etw-manifest-reference.md.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "etwcat.h"
#include "load.h"
#include "msgfmt.h"
#include "testutil.h"

/* ------------------------------------------------------------ helpers */

static char *
S_slurp(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 n;

	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Insert callback: "<N>" or "<N:spec>". */
static int
S_angle(struct ecat_buf *out, const struct ecat_msgfmt *mf,
    const struct ecat_mftok *t, void *arg)
{
	(void)arg;
	if (t->fmtlen > 0)
		ecat_buf_printf(out, "<%u:%.*s>", (unsigned)t->n,
		    (int)t->fmtlen, mf->src + t->fmtoff);
	else
		ecat_buf_printf(out, "<%u>", (unsigned)t->n);
	return 0;
}

/* Render with S_angle into a static buffer. */
static const char *
S_render(const char *msg, unsigned flags)
{
	static struct ecat_buf	 b;
	struct ecat_msgfmt	*mf;

	ecat_buf_reset(&b);
	mf = ecat_msgfmt_parses(msg);
	ecat_msgfmt_render(mf, &b, flags, S_angle, NULL, NULL);
	ecat_msgfmt_free(mf);
	return b.buf;
}

static const char *
S_title(const char *msg, const char *const *names, uint32_t n,
    unsigned flags)
{
	static struct ecat_buf	 b;
	struct ecat_field	 f[16];
	struct ecat_msgfmt	*mf;
	uint32_t		 i;

	memset(f, 0, sizeof(f));
	for (i = 0; i < n && i < 16; i++)
		f[i].name = names[i];
	ecat_buf_reset(&b);
	mf = ecat_msgfmt_parses(msg);
	ecat_msgfmt_title(mf, &b, f, n, flags);
	ecat_msgfmt_free(mf);
	return b.buf;
}

/* ----------------------------------------------------------- msgfmt */

/* Every escape of §3.1, rendered as FormatMessage would. */
START_TEST(test_mf_escapes)
{
	struct ecat_msgfmt	*mf;

	ck_assert_str_eq(S_render("a%nb%rc%td%be%.f%!g%%h% i%qj", ECAT_MF_LF),
	    "a\nb\rc\td e.f!g%h iqj");
	ck_assert_str_eq(S_render("a%nb", 0), "a\r\nb");
	/* %0 ends the message: nothing after it is output. */
	ck_assert_str_eq(S_render("done%0 not shown %1", 0), "done");
	/* Any other %x outputs x, a whole UTF-8 character included. */
	ck_assert_str_eq(S_render("caf%\xc3\xa9!", 0), "caf\xc3\xa9!");
	/* %% before a non-digit is a literal %. */
	ck_assert_str_eq(S_render("100%% sure", 0), "100% sure");

	mf = ecat_msgfmt_parses("x%n%r%t%b%.%0");
	ck_assert_int_eq(mf->ntok, 7);
	ck_assert_int_eq(mf->tok[0].type, ECAT_MF_TEXT);
	ck_assert_int_eq(mf->tok[1].type, ECAT_MF_BREAK);
	ck_assert_int_eq(mf->tok[2].type, ECAT_MF_CR);
	ck_assert_int_eq(mf->tok[3].type, ECAT_MF_TAB);
	ck_assert_int_eq(mf->tok[4].type, ECAT_MF_BLANK);
	ck_assert_int_eq(mf->tok[5].type, ECAT_MF_ESCAPE);
	ck_assert_int_eq(mf->tok[5].off, 10);
	ck_assert_int_eq(mf->tok[6].type, ECAT_MF_END);
	ck_assert_int_eq(mf->nprob, 0);
	ck_assert_int_eq(mf->maxinsert, 0);
	ecat_msgfmt_free(mf);

	/* Nothing at all. */
	mf = ecat_msgfmt_parses(NULL);
	ck_assert_int_eq(mf->ntok, 0);
	ck_assert_str_eq(mf->src, "");
	ecat_msgfmt_free(mf);
}
END_TEST

START_TEST(test_mf_inserts)
{
	struct ecat_msgfmt	*mf;

	mf = ecat_msgfmt_parses("%1 %2!s! %10 %99");
	ck_assert_int_eq(mf->nprob, 0);
	ck_assert_int_eq(ecat_msgfmt_maxinsert(mf), 99);
	ck_assert(ecat_msgfmt_uses(mf, 1) && ecat_msgfmt_uses(mf, 2));
	ck_assert(ecat_msgfmt_uses(mf, 10) && ecat_msgfmt_uses(mf, 99));
	ck_assert(!ecat_msgfmt_uses(mf, 3) && !ecat_msgfmt_uses(mf, 0));
	ck_assert_int_eq(mf->tok[2].type, ECAT_MF_INSERT);
	ck_assert_int_eq(mf->tok[2].n, 2);
	ck_assert_int_eq(mf->tok[2].len, 5);		/* "%2!s!" */
	ck_assert_int_eq(mf->tok[2].fmtlen, 1);
	ecat_msgfmt_free(mf);
	ck_assert_str_eq(S_render("%1 %2!s! %10 %99", 0),
	    "<1> <2:s> <10> <99>");

	/* %100 is insert 10 followed by "0" (§3.1), and a problem. */
	mf = ecat_msgfmt_parses("x%100y");
	ck_assert_int_eq(mf->maxinsert, 10);
	ck_assert_int_eq(mf->nprob, 1);
	ck_assert_int_eq(mf->prob[0].kind, ECAT_MFP_OVER99);
	ck_assert_int_eq(mf->prob[0].off, 1);
	ck_assert_int_eq(mf->prob[0].len, 4);
	ecat_msgfmt_free(mf);
	ck_assert_str_eq(S_render("x%100y", 0), "x<10>0y");
	ck_assert_str_eq(S_render("%1234", 0), "<12>34");

	/* A callback may decline: the insert is kept as written. */
	mf = ecat_msgfmt_parses("a %3!s! b");
	{
		struct ecat_buf	 b;

		ecat_buf_init(&b);
		ecat_msgfmt_render(mf, &b, 0, NULL, NULL, NULL);
		ck_assert_str_eq(b.buf, "a %3!s! b");
		ecat_buf_free(&b);
	}
	ecat_msgfmt_free(mf);
}
END_TEST

START_TEST(test_mf_format_specs)
{
	struct ecat_msgfmt	*mf;
	const char		*ok[] = { "%1!s!", "%1!S!", "%1!ws!", "%1!ls!",
	    "%1!-10s!", "%1!.5s!", "%1!#08s!" };
	const char		*bad[] = { "%1!d!", "%1!08x!", "%1!I64d!",
	    "%1!c!", "%1!hs!", "%1!!" };
	size_t			 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		mf = ecat_msgfmt_parses(ok[i]);
		ck_assert_msg(mf->nprob == 0, "%s: problem", ok[i]);
		ecat_msgfmt_free(mf);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mf = ecat_msgfmt_parses(bad[i]);
		ck_assert_msg(mf->nprob == 1 &&
		    mf->prob[0].kind == ECAT_MFP_FMT_SPEC, "%s", bad[i]);
		ck_assert_int_eq(mf->prob[0].off, 3);
		ck_assert_int_eq(mf->prob[0].len, strlen(bad[i]) - 4);
		ecat_msgfmt_free(mf);
	}
	/* Each '*' consumes the next insert number. */
	mf = ecat_msgfmt_parses("%1!*.*s! %4 %5!*s!");
	ck_assert_int_eq(mf->nprob, 0);
	ck_assert_int_eq(mf->tok[0].nstar, 2);
	ck_assert_int_eq(mf->maxinsert, 6);
	ck_assert(ecat_msgfmt_uses(mf, 2) && ecat_msgfmt_uses(mf, 3));
	ck_assert(ecat_msgfmt_uses(mf, 6));
	ecat_msgfmt_free(mf);
}
END_TEST

START_TEST(test_mf_unterminated_and_trailing)
{
	struct ecat_msgfmt	*mf;

	mf = ecat_msgfmt_parses("Error %1!s at offset");
	ck_assert_int_eq(mf->nprob, 1);
	ck_assert_int_eq(mf->prob[0].kind, ECAT_MFP_UNTERMINATED);
	ck_assert_int_eq(mf->prob[0].off, 8);
	ck_assert_int_eq(mf->maxinsert, 1);
	ck_assert_str_eq(ecat_mfprob_name(mf->prob[0].kind),
	    "unterminated-format");
	ecat_msgfmt_free(mf);
	/* The insert stands alone; the rest is text. */
	ck_assert_str_eq(S_render("Error %1!s at offset", 0),
	    "Error <1>!s at offset");
	/* A '!' in plain text, or escaped, is fine. */
	mf = ecat_msgfmt_parses("Done! %1%! now");
	ck_assert_int_eq(mf->nprob, 0);
	ecat_msgfmt_free(mf);
	ck_assert_str_eq(S_render("Done! %1%! now", 0), "Done! <1>! now");

	mf = ecat_msgfmt_parses("100%");
	ck_assert_int_eq(mf->nprob, 1);
	ck_assert_int_eq(mf->prob[0].kind, ECAT_MFP_TRAILING);
	ck_assert_int_eq(mf->prob[0].off, 3);
	ecat_msgfmt_free(mf);
	ck_assert_str_eq(S_render("100%", 0), "100%");
	mf = ecat_msgfmt_parses("100%%");
	ck_assert_int_eq(mf->nprob, 0);
	ecat_msgfmt_free(mf);
	/* "%1!" at the very end: unterminated, not trailing. */
	mf = ecat_msgfmt_parses("x %1!");
	ck_assert_int_eq(mf->nprob, 1);
	ck_assert_int_eq(mf->prob[0].kind, ECAT_MFP_UNTERMINATED);
	ck_assert_int_eq(mf->prob[0].off, 4);
	ecat_msgfmt_free(mf);
}
END_TEST

static int
S_param(struct ecat_buf *out, uint32_t id, void *arg)
{
	(void)arg;
	/* The Security log's %%1833 (§3.1). */
	if (id != 1833)
		return -1;
	ecat_buf_puts(out, "Impersonation");
	return 0;
}

START_TEST(test_mf_param)
{
	struct ecat_msgfmt	*mf;
	struct ecat_buf		 b;

	mf = ecat_msgfmt_parses("Level: %%1833, other: %%1840; %1");
	ck_assert_int_eq(mf->tok[1].type, ECAT_MF_PARAM);
	ck_assert_int_eq(mf->tok[1].n, 1833);
	ck_assert_int_eq(mf->tok[1].len, 6);
	ck_assert_int_eq(mf->maxinsert, 1);
	ecat_buf_init(&b);
	ecat_msgfmt_render(mf, &b, 0, S_angle, S_param, NULL);
	ck_assert_str_eq(b.buf, "Level: Impersonation, other: %%1840; <1>");
	ecat_buf_free(&b);
	ecat_msgfmt_free(mf);
}
END_TEST

START_TEST(test_mf_title)
{
	static const char *const kn[] = { "PID", "size", "daddr", "saddr",
	    "dport", "sport" };
	static const char *const smb[] = { "Days" };

	/* The Kernel-Network TCPv4 message, as its seed page shows it. */
	ck_assert_str_eq(S_title("TCPv4: %2 bytes transmitted from %4:%6 to "
	    "%3:%5.", kn, 6, 0), "TCPv4: size bytes transmitted from "
	    "saddr:sport to daddr:dport.");
	/*
	 * SMBServer 3003: the seed page shows "uninstalled.n" where the
	 * message had %n; a title ends at the first line break and never
	 * leaves an "n".
	 */
	ck_assert_str_eq(S_title("SMB1 server service has been automatically "
	    "uninstalled.%n%nGuidance:%n%nThis event indicates that after "
	    "detecting no attempts to contact this computer via the SMB1 "
	    "protocol for %1 online days, the SMB1 Server service was "
	    "automatically uninstalled.", smb, 1, 0),
	    "SMB1 server service has been automatically uninstalled.");
	ck_assert_str_eq(S_title("A%nB %1", smb, 1, ECAT_MF_ONELINE),
	    "A B Days");
	/* Leading breaks and blanks are skipped; runs collapse. */
	ck_assert_str_eq(S_title("%n%n  Two\t\tspaces%bhere%t. %n x", smb, 1,
	    0), "Two spaces here .");
	/* No such field, or a nameless one: the insert as written. */
	ck_assert_str_eq(S_title("%1 and %7!s!", smb, 1, 0), "Days and %7");
	/* ECAT_MF_SENTENCE, as the seed descriptions end. */
	ck_assert_str_eq(S_title("Transport settings: %n Port: %1", smb, 1,
	    ECAT_MF_SENTENCE), "Transport settings.");
	ck_assert_str_eq(S_title("Done!", smb, 1, ECAT_MF_SENTENCE), "Done!");
	ck_assert_str_eq(S_title("SMB2 Request Negotiate", smb, 1,
	    ECAT_MF_SENTENCE), "SMB2 Request Negotiate.");
	ck_assert_str_eq(S_title("", smb, 1, ECAT_MF_SENTENCE), "");
	ck_assert_str_eq(S_title("%0", smb, 1, 0), "");
}
END_TEST

/*
 * A seed page: "Description" (the reader's title), "Message #" (the
 * template as the page shows it, line breaks already rendered) and
 * "Fields #".  Calls fn for each event with all three.
 */
struct seedev {
	char		 desc[1024];
	char		 msg[8192];
	const char	*names[64];
	uint32_t	 nnames;
	char		 namebuf[4096];
	char		 heading[512];
};

static int
S_seed_events(const char *file, void (*fn)(const struct seedev *, void *),
    void *arg)
{
	char		*buf, *line, *save = NULL, **lines;
	size_t		 n = 0, cap = 1024, i, j;
	struct seedev	 e;
	int		 count = 0;

	buf = S_slurp(tu_shared(file));
	lines = malloc(cap * sizeof(*lines));
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (n == cap)
			lines = realloc(lines, (cap *= 2) * sizeof(*lines));
		lines[n++] = line;
	}
	/* strtok_r drops empty lines, which the format does not need. */
	for (i = 0; i + 1 < n; i++) {
		if (strcmp(lines[i], "Description") != 0)
			continue;
		memset(&e, 0, sizeof(e));
		for (j = i; j > 0 && strncmp(lines[j], "Event ID ", 9) != 0;
		    j--)
			continue;
		snprintf(e.heading, sizeof(e.heading), "%s", lines[j]);
		snprintf(e.desc, sizeof(e.desc), "%s", lines[i + 1]);
		if (i + 2 >= n || strcmp(lines[i + 2], "Message #") != 0)
			continue;
		for (j = i + 3; j < n && strcmp(lines[j], "Fields #") != 0 &&
		    strncmp(lines[j], "Event ID ", 9) != 0 &&
		    strcmp(lines[j], "Example Event #") != 0; j++) {
			if (e.msg[0] != '\0')
				strcat(e.msg, "\n");
			strncat(e.msg, lines[j], sizeof(e.msg) -
			    strlen(e.msg) - 2);
		}
		if (j < n && strcmp(lines[j], "Fields #") == 0) {
			size_t	 used = 0;

			/* "NameDescription" header, then "Name Type..." */
			for (j += 2; j < n && e.nnames < 64 &&
			    strchr(lines[j], ' ') != NULL &&
			    strcmp(lines[j], "Example Event #") != 0; j++) {
				size_t	 k = strcspn(lines[j], " ");

				if (used + k + 1 > sizeof(e.namebuf))
					break;
				memcpy(e.namebuf + used, lines[j], k);
				e.namebuf[used + k] = '\0';
				e.names[e.nnames++] = e.namebuf + used;
				used += k + 1;
			}
		}
		fn(&e, arg);
		count++;
	}
	free(lines);
	free(buf);
	return count;
}

struct seedtally {
	int		 match, total;
	unsigned	 flags;
	int		 verbose;
};

static void
S_seed_title(const struct seedev *e, void *arg)
{
	struct seedtally	*t = arg;
	struct ecat_field	 f[64];
	struct ecat_msgfmt	*mf;
	struct ecat_buf		 b;
	uint32_t		 i;

	memset(f, 0, sizeof(f));
	for (i = 0; i < e->nnames; i++)
		f[i].name = e->names[i];
	mf = ecat_msgfmt_parses(e->msg);
	ecat_buf_init(&b);
	ecat_msgfmt_title(mf, &b, f, e->nnames, t->flags);
	t->total++;
	if (strcmp(b.buf, e->desc) == 0)
		t->match++;
	else if (t->verbose)
		fprintf(stderr, "%s\n  seed:  %s\n  title: %s\n", e->heading,
		    e->desc, b.buf);
	ecat_buf_free(&b);
	ecat_msgfmt_free(mf);
}

/*
 * Kernel-Network (seed 003): every event's description is the message
 * with each %N replaced by the N-th field's name.
 */
START_TEST(test_mf_seed_kernel_network)
{
	struct seedtally	 t = { 0, 0, 0, 1 };

	ck_assert_int_eq(S_seed_events("seeds/003_1a423704d6ac93b8.txt",
	    S_seed_title, &t), 22);
	ck_assert_int_eq(t.total, 22);
	ck_assert_int_eq(t.match, 22);
	/* The sentence form changes nothing here: all end in '.'. */
	t.match = t.total = 0;
	t.flags = ECAT_MF_SENTENCE;
	S_seed_events("seeds/003_1a423704d6ac93b8.txt", S_seed_title, &t);
	ck_assert_int_eq(t.match, 22);
}
END_TEST

/*
 * SMBServer (seed 001): multi-line messages, descriptions ending in a
 * full stop.  The page itself has defects (fields prefixed
 * "EventData.", inserts rendered as nothing, "uninstalled.n"), so not
 * every description can match; the ones that are right must.
 */
START_TEST(test_mf_seed_smbserver)
{
	struct seedtally	 t = { 0, 0, ECAT_MF_SENTENCE, 0 };
	struct ecat_msgfmt	*mf;
	struct ecat_buf		 b;
	static const char *const f1080[] = { "SrvNetComponentCapabilities",
	    "PatchNumber" };

	S_seed_events("seeds/001_1f9f3ee5af9cecfa.txt", S_seed_title, &t);
	fprintf(stderr, "seed 001: %d of %d descriptions equal the title\n",
	    t.match, t.total);
	ck_assert_int_gt(t.total, 150);
	ck_assert_int_ge(t.match * 10, t.total * 8);

	/* Event 1080 as the page shows it: two lines, first one kept. */
	ck_assert_str_eq(S_title("Component capabilities: %1\nInternal patch "
	    "number: %2", f1080, 2, ECAT_MF_SENTENCE),
	    "Component capabilities: SrvNetComponentCapabilities.");
	/* CRLF inside the text ends the line just as %n does. */
	mf = ecat_msgfmt_parses("Endpoint added.\r\n\r\nName: %2");
	ecat_buf_init(&b);
	ecat_msgfmt_title(mf, &b, NULL, 0, 0);
	ck_assert_str_eq(b.buf, "Endpoint added.");
	ecat_buf_free(&b);
	ecat_msgfmt_free(mf);
}
END_TEST

/* Undo the five XML entities and character references (ASCII only). */
static void
S_xml_unescape(char *s)
{
	char	*w = s;

	while (*s != '\0') {
		if (*s != '&') {
			*w++ = *s++;
			continue;
		}
		if (strncmp(s, "&amp;", 5) == 0) { *w++ = '&'; s += 5; }
		else if (strncmp(s, "&lt;", 4) == 0) { *w++ = '<'; s += 4; }
		else if (strncmp(s, "&gt;", 4) == 0) { *w++ = '>'; s += 4; }
		else if (strncmp(s, "&quot;", 6) == 0) { *w++ = '"'; s += 6; }
		else if (strncmp(s, "&apos;", 6) == 0) { *w++ = '\''; s += 6; }
		else if (s[1] == '#') {
			char	*end;
			long	 c = s[2] == 'x' ? strtol(s + 3, &end, 16) :
			    strtol(s + 2, &end, 10);

			*w++ = c > 0 && c < 128 ? (char)c : '?';
			s = *end == ';' ? end + 1 : end;
		} else
			*w++ = *s++;
	}
	*w = '\0';
}

/*
 * Every string of the repnz manifests (the seed providers over four
 * builds): the rebuilt string tables hold names, not messages, so each
 * must parse with no problem and render to itself; any '%' in one
 * would have to be an escape.
 */
START_TEST(test_mf_repnz_strings)
{
	static const char *const files[] = {
		"Win10-1507-10240/Microsoft-Windows-Kernel-Network.xml",
		"Win10-1507-10240/Microsoft-Windows-SMBClient.xml",
		"Win10-1507-10240/Microsoft-Windows-SMBServer.xml",
		"Win10-1803-17134/Microsoft-Windows-Kernel-Network.xml",
		"Win10-1803-17134/Microsoft-Windows-SMBClient.xml",
		"Win10-1803-17134/Microsoft-Windows-SMBServer.xml",
		"Win10-Insider-18990/Microsoft-Windows-Kernel-Network.xml",
		"Win10-Insider-18990/Microsoft-Windows-SMBClient.xml",
		"Win10-Insider-18990/Microsoft-Windows-SMBServer.xml",
		"Win7-RTM-7600/Microsoft-Windows-Kernel-Network.xml",
	};
	char			 path[512], *buf, *p, *q;
	struct ecat_msgfmt	*mf;
	struct ecat_buf		 b;
	size_t			 i, n = 0;

	ecat_buf_init(&b);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "corpus/manifests/repnz/%s",
		    files[i]);
		buf = S_slurp(tu_shared(path));
		for (p = buf; (p = strstr(p, "<string id=")) != NULL; p = q) {
			p = strstr(p, " value=\"");
			ck_assert_ptr_nonnull(p);
			p += 8;
			q = strchr(p, '"');
			ck_assert_ptr_nonnull(q);
			*q++ = '\0';
			S_xml_unescape(p);
			mf = ecat_msgfmt_parses(p);
			ck_assert_msg(mf->nprob == 0, "%s: %s", files[i], p);
			ck_assert_int_eq(mf->maxinsert, 0);
			ecat_buf_reset(&b);
			ecat_msgfmt_render(mf, &b, 0, S_angle, NULL, NULL);
			ck_assert_str_eq(b.buf, p);
			ecat_msgfmt_free(mf);
			n++;
		}
		free(buf);
	}
	ecat_buf_free(&b);
	/* grep -h 'string id=' repnz/ * / *.xml | wc -l */
	ck_assert_int_eq(n, 733);
}
END_TEST

/* ------------------------------------------------------------- lint */

/*
 * A schema built by hand, as a loader would fill it but with no
 * ECAT_HAS_* bits and no resolved event->tmpl: lint must resolve every
 * name itself, and report a template shared by three events once.
 */
START_TEST(test_lint_model)
{
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	struct ecat_pschema	*ps;
	struct ecat_field	 f[3];
	struct ecat_loc		 loc = { "model.xml", 1, 0 };
	struct ecat_evsrc	 evs[4];
	const char		*text;
	uint32_t		 i;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	b = ecat_build_get(cat, "Win10-1803-17134");
	ps = ecat_pschema_new(cat, "Lint-Model", b, ECAT_SRC_MANIFEST,
	    ECAT_FMT_MANIFEST, &loc);
	ps->ntasks = 1;
	ps->tasks = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	ps->tasks[0].name = "Connect";
	ps->tasks[0].nopcodes = 1;
	ps->tasks[0].opcodes = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	ps->tasks[0].opcodes[0].name = "Attempt";
	ps->tasks[0].opcodes[0].task = 0;

	memset(f, 0, sizeof(f));
	f[0].name = "Len"; f[0].intype_name = "UInt16";
	f[0].intype = ECAT_IN_UINT16;
	f[1].name = "Blob"; f[1].intype_name = "Binary";
	f[1].intype = ECAT_IN_BINARY;
	f[2].name = "Data"; f[2].intype_name = "Binary";
	f[2].intype = ECAT_IN_BINARY; f[2].length_ref = "Len";
	f[2].flags = ECAT_FIELD_LENGTH;
	ps->ntemplates = 1;
	ps->templates = ECAT_NEWARRAY(cat, struct ecat_template, 1);
	ps->templates[0].tid = "T";
	ps->templates[0].shape = ecat_shape_intern(cat, f, 3, NULL);
	ps->templates[0].loc = loc;
	ps->templates[0].loc.line = 5;
	ps->templates[0].field_lines = (const uint32_t[]){ 6, 7, 8 };

	memset(evs, 0, sizeof(evs));
	for (i = 0; i < 4; i++) {
		evs[i].ev.id = 10 + i;
		evs[i].loc = loc;
		evs[i].loc.line = 20 + i;
		evs[i].ev.template_ref = "T";
	}
	evs[0].ev.task_name = "Connect";
	evs[0].ev.opcode_name = "Attempt";
	evs[0].ev.message = "%1 %3";
	evs[1].ev.opcode_name = "Attempt";
	evs[2].ev.message = "%4";
	evs[3].ev.template_ref = NULL;
	evs[3].ev.message = "x %1";
	evs[3].ev.id = 10;
	ecat_pschema_commit(cat, ps, evs, 4);
	ecat_catalog_finish(cat);
	ecat_lint(cat);
	text = tu_diag_text();
	ck_assert_str_eq(text,
	    "model.xml:21:0: error: event names an undefined opcode: Attempt "
	    "is local to task Connect and the event names no task "
	    "[lint-dangling-opcode]\n"
	    "model.xml:22:0: error: message insert beyond the template's "
	    "top-level items: %4 but template T has 3 top-level items "
	    "[lint-insert-range]\n"
	    "model.xml:23:0: error: duplicate event (id, version): event 10 "
	    "version 0, first defined at line 20 [lint-duplicate-event]\n"
	    "model.xml:23:0: error: message insert beyond the template's "
	    "top-level items: %1 but the event has no template "
	    "[lint-insert-range]\n"
	    "model.xml:7:0: error: Binary field without length: a decoder "
	    "cannot tell where it ends (Blob in T) "
	    "[lint-binary-no-length]\n");
	ck_assert_uint_eq(ecat_diag_count(tu_diag(),
	    ECAT_MSG_LINT_BINARY_NO_LENGTH), 1);
	ecat_catalog_free(cat);
	tu_diag_reset();
}
END_TEST

/*
 * The diagnostics lint emitted, one per line, with the directory part
 * of each file name dropped so the goldens do not depend on where the
 * tree is.  Loader diagnostics are left out: the goldens are lint's.
 */
static char *
S_lint_lines(const char *text)
{
	struct ecat_buf	 b;
	const char	*p, *e, *slash;

	ecat_buf_init(&b);
	ecat_buf_put(&b, "", 0);
	for (p = text; *p != '\0'; p = e + 1) {
		if ((e = strchr(p, '\n')) == NULL)
			break;
		if (memmem(p, (size_t)(e - p), "[lint-", 6) == NULL)
			continue;
		slash = memchr(p, ':', (size_t)(e - p));
		for (slash = slash != NULL ? slash : e; slash > p &&
		    slash[-1] != '/'; slash--)
			continue;
		ecat_buf_put(&b, slash, (size_t)(e + 1 - slash));
	}
	return ecat_buf_detach(&b);
}

/*
 * tests/data/lint/NAME.xml against NAME.out_lint: one manifest per
 * check, its expected diagnostics beside it (mandoc's .out_lint), and
 * clean.xml, which must stay clean.
 */
START_TEST(test_lint_goldens)
{
	static const char *const names[] = {
		"clean", "dangling-template", "dangling-task",
		"dangling-opcode", "dangling-keyword", "dangling-channel",
		"dangling-level", "dangling-map", "duplicate-event",
		"insert-range", "unterminated-format", "trailing-percent",
		"format-spec", "insert-digits", "unresolved-string",
		"count-ref", "length-ref", "unknown-intype",
		"intype-placeholder", "bad-outtype", "binary-no-length",
		"event-range", "duplicate-field", "name-case",
		"binary-length-lost", "dump-level-task", "dump-types",
	};
	struct ecat_catalog	*cat;
	char			 path[1024], *want, *got;
	size_t			 i;
	int			 bad = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		tu_diag_reset();
		snprintf(path, sizeof(path), "%s",
		    tu_src("tests/data/lint/"));
		strncat(path, names[i], sizeof(path) - strlen(path) - 9);
		strcat(path, ".xml");
		cat = tu_load(path, "lint");
		ck_assert_msg(cat->nproviders == 1, "%s: not loaded", path);
		ecat_lint(cat);
		got = S_lint_lines(tu_diag_text());
		strcpy(path + strlen(path) - 4, ".out_lint");
		want = S_slurp(path);
		if (strcmp(got, want) != 0) {
			fprintf(stderr, "%s: expected\n%s-- got\n%s--\n",
			    names[i], want, got);
			bad++;
		}
		/* Each file exercises its own check and no other. */
		if (strcmp(names[i], "clean") != 0)
			ck_assert_msg(strstr(got, "[lint-") != NULL,
			    "%s: no lint diagnostic", names[i]);
		free(want);
		free(got);
		ecat_catalog_free(cat);
	}
	tu_diag_reset();
	ck_assert_int_eq(bad, 0);
}
END_TEST

/*
 * message= of the provider, channels, levels, tasks, opcodes, keywords
 * and map entries (§1.9), set by hand: message_ref with no message is
 * reported at the definition's line, a resolved one is not.
 */
START_TEST(test_lint_unresolved_named)
{
	struct ecat_catalog	*cat;
	struct ecat_pschema	*ps;
	struct ecat_loc		 loc = { "named.xml", 3, 0 };
	struct ecat_named	*nm[5];
	uint32_t		 i;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ps = ecat_pschema_new(cat, "Lint-Named",
	    ecat_build_get(cat, "lint"), ECAT_SRC_MANIFEST, ECAT_FMT_MANIFEST,
	    &loc);
	ps->message_ref = "$(string.prov)";
	ps->nchannels = ps->nlevels = ps->ntasks = ps->nopcodes =
	    ps->nkeywords = 1;
	nm[0] = ps->channels = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	nm[1] = ps->levels = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	nm[2] = ps->tasks = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	nm[3] = ps->opcodes = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	nm[4] = ps->keywords = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	for (i = 0; i < 5; i++) {
		nm[i]->name = "N";
		nm[i]->message_ref = "$(string.missing)";
		nm[i]->loc = loc;
		nm[i]->loc.line = 10 + i;
	}
	/* Resolved: not reported. */
	nm[1]->message = "Chatty";
	ps->tasks[0].nopcodes = 1;
	ps->tasks[0].opcodes = ECAT_NEWARRAY(cat, struct ecat_named, 1);
	ps->tasks[0].opcodes[0].name = "Local";
	ps->tasks[0].opcodes[0].message_ref = "$(string.local)";
	ps->tasks[0].opcodes[0].loc = loc;
	ps->tasks[0].opcodes[0].loc.line = 20;
	ps->nmaps = 1;
	ps->maps = ECAT_NEWARRAY(cat, struct ecat_map, 1);
	ps->maps[0].name = "M";
	ps->maps[0].nentries = 2;
	ps->maps[0].entries = ECAT_NEWARRAY(cat, struct ecat_mapentry, 2);
	ps->maps[0].entries[0].value = 0x10;
	ps->maps[0].entries[0].message_ref = "$(string.m1)";
	ps->maps[0].entries[0].loc = loc;
	ps->maps[0].entries[0].loc.line = 30;
	ps->maps[0].entries[1].message_ref = "$(string.m2)";
	ps->maps[0].entries[1].message = "Two";
	ecat_pschema_commit(cat, ps, NULL, 0);
	ecat_catalog_finish(cat);
	ecat_lint(cat);
	ck_assert_str_eq(tu_diag_text(),
	    "named.xml:3:0: error: unresolved string reference: provider "
	    "Lint-Named message $(string.prov) [lint-unresolved-string]\n"
	    "named.xml:10:0: error: unresolved string reference: channel N "
	    "message $(string.missing) [lint-unresolved-string]\n"
	    "named.xml:12:0: error: unresolved string reference: task N "
	    "message $(string.missing) [lint-unresolved-string]\n"
	    "named.xml:20:0: error: unresolved string reference: opcode "
	    "Local message $(string.local) [lint-unresolved-string]\n"
	    "named.xml:13:0: error: unresolved string reference: opcode N "
	    "message $(string.missing) [lint-unresolved-string]\n"
	    "named.xml:14:0: error: unresolved string reference: keyword N "
	    "message $(string.missing) [lint-unresolved-string]\n"
	    "named.xml:30:0: error: unresolved string reference: map M "
	    "value 0x10 message $(string.m1) [lint-unresolved-string]\n");
	ecat_catalog_free(cat);
	tu_diag_reset();
}
END_TEST

static double
S_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Print every lint-* count (for the report) and return the total. */
static uint64_t
S_print_counts(const char *what)
{
	uint64_t	 n, total = 0;
	int		 m;

	for (m = 0; m < ECAT_MSG__MAX; m++) {
		const char *id = ecat_msg_id((enum ecat_msg)m);

		if (id == NULL || strncmp(id, "lint-", 5) != 0 ||
		    (n = ecat_diag_count(tu_diag(), (enum ecat_msg)m)) == 0)
			continue;
		fprintf(stderr, "%s: %-26s %llu\n", what, id,
		    (unsigned long long)n);
		total += n;
	}
	return total;
}

/* Is this diagnostic line (file name without its directory) there? */
static int
S_has_line(const char *lines, const char *want)
{
	const char	*p;
	size_t		 n = strlen(want);

	for (p = lines; (p = strstr(p, want)) != NULL; p += n)
		if ((p == lines || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

/*
 * The whole Windows 10 1803 build as rebuilt manifests (870 files).
 * The counts were checked against an independent scan of the XML
 * (a regex walk of each <provider>, see the report): 4,682 events
 * name level win:Always (grep -o '<event [^>]*level="win:Always"'),
 * 65 tasks and 37 opcodes dangle, 63 (id, version) pairs repeat (57 in
 * MSDTC), 186 win:Binary items have no length= (grep -h
 * 'inType="win:Binary"' | grep -vc length), 14 length= name no item
 * (7 of them "Byte Length" in Pef-WFP-MessageProvider), and every
 * count= is well formed.  All providers but one hand-written
 * Kernel-General are TDH rebuilds, so the Binary items are notes.
 */
START_TEST(test_lint_repnz_1803)
{
	struct ecat_catalog	*cat;
	struct ecat_diag	*d;
	char			*lines;
	double			 t0, t1, t2;
	uint64_t		 total;

	tu_diag_reset();
	t0 = S_now();
	cat = tu_load(tu_shared("corpus/manifests/repnz-full/"
	    "Win10-1803-17134"), NULL);
	t1 = S_now();
	ecat_lint(cat);
	t2 = S_now();
	d = tu_diag();
	total = S_print_counts("repnz-full 1803");
	fprintf(stderr, "repnz-full 1803: %llu events, load %.3f s, lint "
	    "%.3f s, %llu lint diagnostics\n",
	    (unsigned long long)cat->nevents, t1 - t0, t2 - t1,
	    (unsigned long long)total);

	/* win:Always in rebuilt manifests: a note, not dangling. */
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_REBUILD_LEVEL),
	    4682);
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_DANGLING_LEVEL),
	    0);
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_DANGLING_TASK),
	    65);
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_DANGLING_OPCODE),
	    37);
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_DUP_EVENT), 63);
	ck_assert_uint_eq(ecat_diag_count(d,
	    ECAT_MSG_LINT_BINARY_LENGTH_LOST), 186);
	ck_assert_uint_eq(ecat_diag_count(d,
	    ECAT_MSG_LINT_BINARY_NO_LENGTH), 0);
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_LENGTH_REF), 14);
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_COUNT_REF), 0);
	ck_assert_uint_eq(ecat_diag_count(d,
	    ECAT_MSG_LINT_DANGLING_TEMPLATE), 0);
	ck_assert_uint_eq(ecat_diag_count(d,
	    ECAT_MSG_LINT_DANGLING_KEYWORD), 0);
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_DANGLING_MAP), 0);
	/* The hand-written Kernel-General provider names strings its
	   table lacks: 12 event messages, its provider message, 1
	   keyword and 4 map entries. */
	ck_assert_uint_eq(ecat_diag_count(d,
	    ECAT_MSG_LINT_UNRESOLVED_STRING), 18);
	/* Placeholders: 25 in USB-USBPORT, 36 in all (the TSV agrees). */
	ck_assert_uint_eq(ecat_diag_count(d,
	    ECAT_MSG_LINT_INTYPE_PLACEHOLDER), 36);

	lines = S_lint_lines(tu_diag_text());
	/* Findings read in the files themselves. */
	ck_assert(S_has_line(lines, "Microsoft-Windows-MSDTC.xml:20:0: "
	    "error: duplicate event (id, version): event 4098 version 0, "
	    "first defined at line 19 [lint-duplicate-event]"));
	ck_assert(S_has_line(lines, "Microsoft-Windows-PowerShell.xml:145:0: "
	    "error: event names an undefined task: task_0 "
	    "[lint-dangling-task]"));
	ck_assert(S_has_line(lines, "Microsoft-Windows-PowerShell.xml:145:0: "
	    "error: event names an undefined opcode: Tobeusedwhenoperation"
	    "isjustexecutingamethod is local to task None, not to the "
	    "event's task task_0 [lint-dangling-opcode]"));
	ck_assert(S_has_line(lines,
	    "Microsoft-Windows-Kernel-EventTracing.xml:94:0: error: event "
	    "names an undefined opcode: win:Start_8_1 [lint-dangling-opcode]"));
	ck_assert(S_has_line(lines, "Microsoft-Windows-Kernel-General.xml:"
	    "278:0: error: unresolved string reference: event message "
	    "$(string.KernelSystemTimeChange.EventMessage) "
	    "[lint-unresolved-string]"));
	ck_assert(S_has_line(lines, "Microsoft-Pef-WFP-MessageProvider.xml:"
	    "84:0: error: length names a missing or later field: "
	    "length=Byte Length names no item of the template; the TDH "
	    "rebuild wrote item ByteLength without the other characters "
	    "(Payload in task_0Args) [lint-length-ref]"));
	ck_assert(S_has_line(lines, "Microsoft-Pef-WFP-MessageProvider.xml:"
	    "127:0: note: Binary field without length in a TDH rebuild, "
	    "which drops fixed lengths: its length is unknown (SourceAddress "
	    "in task_060021Args) [lint-binary-length-lost]"));
	ck_assert(S_has_line(lines, "Microsoft-Windows-USB-USBPORT.xml:836:0: "
	    "warning: inType is a placeholder for a type the rebuilt "
	    "manifest could not name: win:29, a bare number: a struct, "
	    "numbered where its members start in TDH's property list; the "
	    "members are not given (fid_USBPORT_URB_CONTROL_TRANSFER in "
	    "URB_FUNCTION_CONTROL_TRANSFERDispatchArgs) "
	    "[lint-intype-placeholder]"));
	ck_assert(S_has_line(lines, "Microsoft-Windows-MSDTC.xml:20:0: note: "
	    "level named as the TDH rebuild names level 0: win:Always (the "
	    "TraceEvent rebuild's name for level 0; winmeta's is "
	    "win:LogAlways) [lint-rebuild-level]"));
	free(lines);
	ecat_catalog_free(cat);
	tu_diag_reset();
}
END_TEST

/*
 * The same build as jdu2600's TSV: names only, so lint checks
 * duplicates and types.  The same TraceEvent rebuild gives the same
 * findings as the manifests: 63 repeated (id, version) pairs (57 in
 * MSDTC) and 36 struct placeholders.  MOF classes number their event
 * types from 1 each, so a MOF file repeats (id, version) across
 * classes without a duplicate.
 */
START_TEST(test_lint_tsv_1803)
{
	struct ecat_catalog	*cat;
	struct ecat_diag	*d;
	char			*lines;
	double			 t0, t1, t2;

	tu_diag_reset();
	t0 = S_now();
	cat = tu_load(tu_shared("corpus/tsv/jdu2600/Win10-1803-17134"), NULL);
	t1 = S_now();
	ecat_lint(cat);
	t2 = S_now();
	d = tu_diag();
	S_print_counts("tsv 1803");
	fprintf(stderr, "tsv 1803: %llu events, load %.3f s, lint %.3f s\n",
	    (unsigned long long)cat->nevents, t1 - t0, t2 - t1);
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_DUP_EVENT), 63);
	ck_assert_uint_eq(ecat_diag_count(d,
	    ECAT_MSG_LINT_INTYPE_PLACEHOLDER), 36);
	/* No reference checks on names-only sources. */
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_DANGLING_LEVEL),
	    0);
	ck_assert_uint_eq(ecat_diag_count(d, ECAT_MSG_LINT_DANGLING_TASK), 0);
	lines = S_lint_lines(tu_diag_text());
	/* Rows 3 and 4: two different events share 4098 v0. */
	ck_assert(S_has_line(lines, "Microsoft-Windows-MSDTC.tsv:4:0: error: "
	    "duplicate event (id, version): event 4098 version 0, first "
	    "defined at line 3 [lint-duplicate-event]"));
	ck_assert(S_has_line(lines, "Microsoft-Windows-Dwm-Core.tsv:296:0: "
	    "warning: inType is a placeholder for a type the rebuilt "
	    "manifest could not name: 31, a bare number: a struct, "
	    "numbered where its members start in TDH's property list; the "
	    "members are not given (PrimaryAdapterLuid of event 328 version "
	    "0) [lint-intype-placeholder]"));
	ck_assert(strstr(lines, ".tsv:") != NULL &&
	    strstr(lines, "/mof/") == NULL);
	free(lines);
	ecat_catalog_free(cat);
	tu_diag_reset();
}
END_TEST

/* ------------------------------------------------------------- main */

int
main(void)
{
	Suite	*s = suite_create("lint");
	TCase	*mf = tcase_create("msgfmt");
	TCase	*lt = tcase_create("lint");
	SRunner	*sr;
	int	 nf;

	tcase_add_test(mf, test_mf_escapes);
	tcase_add_test(mf, test_mf_inserts);
	tcase_add_test(mf, test_mf_format_specs);
	tcase_add_test(mf, test_mf_unterminated_and_trailing);
	tcase_add_test(mf, test_mf_param);
	tcase_add_test(mf, test_mf_title);
	tcase_add_test(mf, test_mf_seed_kernel_network);
	tcase_add_test(mf, test_mf_seed_smbserver);
	tcase_add_test(mf, test_mf_repnz_strings);
	suite_add_tcase(s, mf);
	tcase_add_test(lt, test_lint_model);
	tcase_add_test(lt, test_lint_goldens);
	tcase_add_test(lt, test_lint_unresolved_named);
	tcase_add_test(lt, test_lint_repnz_1803);
	tcase_add_test(lt, test_lint_tsv_1803);
	suite_add_tcase(s, lt);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
