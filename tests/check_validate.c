/*
 * check_validate.c: the sample validator on real data: the seed
 * examples in samples/ against their builds' schemas, the 25,600 events
 * of ../shared/samples, best match over two TSV builds, and the sample
 * reader's exact integers and locations; findings copied from one
 * build's candidate to another's naming the right line; and the sample-*
 * help texts.
 * Expected numbers are computed here from the files themselves
 * wherever they can be (Jansson, independently of catalog/sample.c),
 * so a test can fail.
 * The per-id golden cases are in tests/validate_golden.sh.
 */
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "alloc.h"
#include "diag.h"
#include "model.h"
#include "sample.h"
#include "testutil.h"
#include "validate.h"

#define WS	"WS2022-20348.4893"
#define KNFILE	"samples/builds/" WS "/samples/" \
		"Microsoft-Windows-Kernel-Network.json"
#define SMBFILE	"samples/builds/" WS "/samples/Microsoft-Windows-SMBServer.json"

/* Load sources with sample files deferred, then validate into run. */
static struct ecat_catalog *
S_validate(const char *const *paths, const char *build, struct ecat_vrun *run)
{
	struct ecat_catalog	*cat;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ecat_validate_defer(cat);
	for (; *paths != NULL; paths++)
		ecat_load_source(cat, *paths, build);
	ecat_catalog_finish(cat);
	memset(run, 0, sizeof(*run));
	ck_assert_int_eq(ecat_validate(cat, run), 0);
	return cat;
}

static char *
S_read(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 n;

	ck_assert_ptr_nonnull(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = ecat_malloc((size_t)n + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* A JSON number, or a string of digits (padded), as a number; 0 if none. */
static uint32_t
S_num(const json_t *v)
{
	if (json_is_number(v))
		return (uint32_t)json_number_value(v);
	if (json_is_string(v))
		return (uint32_t)strtoul(json_string_value(v), NULL, 10);
	return 0;
}

static const struct ecat_evkey *
S_key(const struct ecat_catalog *cat, const char *prov, uint32_t id,
    uint16_t v)
{
	const struct ecat_provider *p = ecat_provider_find(cat, prov);

	ck_assert_msg(p != NULL, "no provider %s", prov);
	return ecat_evkey_find(p, id, v);
}

/* -------------------------------------------------------- seed examples */

/*
 * Every seed example is checked in the build it is filed under; the
 * matched count is recomputed here: an example matches when its
 * (id, version) has a schema occurrence in that build.
 */
START_TEST(test_seeds)
{
	static const char *const files[] = {
		SMBFILE, KNFILE,
		"samples/builds/" WS "/samples/"
		    "Microsoft-Windows-Winsock-Sockets.json",
		"samples/builds/Win11-26200.6584/samples/"
		    "Microsoft-Windows-Hyper-V-VSmb.json",
		"samples/builds/Win11-26200.6584/samples/"
		    "Microsoft-Windows-SMBServer.json",
		NULL
	};
	const char		*paths[] = { NULL, NULL };
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	const struct ecat_evkey	*k;
	json_error_t		 err;
	json_t			*a, *ev, *sys, *v, *g;
	size_t			 i, j, n = 0, matched = 0, braceless = 0;
	size_t			 notes = 0;
	const char		*t;
	uint32_t		 o;
	const char		*build;
	int			 hit;

	paths[0] = tu_src("samples");
	cat = S_validate(paths, NULL, &run);
	for (i = 0; files[i] != NULL; i++) {
		build = strstr(files[i], WS) != NULL ? WS : "Win11-26200.6584";
		ck_assert_ptr_nonnull(a = json_load_file(tu_src(files[i]),
		    JSON_DECODE_INT_AS_REAL, &err));
		json_array_foreach(a, j, ev) {
			sys = json_object_get(ev, "system");
			v = json_object_get(sys, "version");
			n++;
			k = S_key(cat, json_string_value(json_object_get(sys,
			    "provider")), S_num(json_object_get(sys,
			    "event_id")), (uint16_t)S_num(v));
			for (o = 0, hit = 0; k != NULL && o < k->nocc; o++)
				hit |= ecat_occ_row(&k->occ[o]) != NULL &&
				    strcmp(ecat_occ_build(&k->occ[o])->id,
				    build) == 0;
			matched += hit;
			g = json_object_get(sys, "guid");
			braceless += json_is_string(g) &&
			    strlen(json_string_value(g)) == 36;
		}
		json_decref(a);
	}
	ck_assert_uint_eq(run.nsamples, n);
	ck_assert_uint_eq(n, 48);
	ck_assert_uint_eq(run.nmalformed, 0);
	ck_assert_uint_eq(run.nmatched, matched);
	ck_assert_uint_eq(run.nunmatched, n - matched);
	/* The seeds' own build folders have schemas: no best match. */
	ck_assert_uint_eq(run.nbestmode, 0);
	ck_assert_uint_eq(run.nbest, 0);

	/*
	 * Real disagreements (samples/README.md, the stand-in is the
	 * 18990 manifest): 1006's keywords carry win:AuditFailure (bit
	 * 52) that the stand-in's Operational keyword (0x8) lacks.
	 */
	ck_assert_ptr_nonnull(strstr(tu_diag_text(),
	    "Microsoft-Windows-SMBServer.json:113:7: warning: sample header "
	    "disagrees with the declared event: [3].system.keywords: keywords "
	    "0x10000000000008 (channel bits masked), the event declares 0x8 "
	    "(Operational) [sample-header-mismatch]"));
	/* 551 v3 exists from 22000 on; the stand-in defines 0, 1, 2. */
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "Microsoft-Windows-"
	    "SMBServer event 551 version 3 is not in build " WS ", which "
	    "defines versions 0, 1, 2; defined in 11 builds: Win11-21H2-22000"));
	/* The Kernel-Network padding is accepted, as notes. */
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "Microsoft-Windows-"
	    "Kernel-Network.json:29:5: note: sample value accepted in a "
	    "non-canonical form: [0].event_data.PID: \"    4168\": padded with "
	    "spaces [sample-noncanonical-value]"));
	/* One note per GUID written without braces (SMBServer, VSmb). */
	for (t = tu_diag_text(); (t = strstr(t, ".system.guid: ")) != NULL;
	    t++)
		notes += strncmp(strstr(t, "\": ") + 3, "GUID without braces",
		    19) == 0;
	ck_assert_uint_gt(braceless, 0);
	ck_assert_uint_eq(notes, braceless);
	ck_assert_uint_eq(tu_diag_count_id("sample-bad-value"), 0);
	ck_assert_uint_eq(tu_diag_count_id("sample-out-of-range"), 0);
	ecat_vrun_clear(&run);
	ecat_catalog_free(cat);
}
END_TEST

/* Each observed key keeps one example, the cleanest. */
START_TEST(test_examples)
{
	const char		*paths[] = { NULL, NULL };
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	const struct ecat_evkey	*k;
	const struct ecat_example *ex;
	uint32_t		 i, j, o, nkeys = 0, nex = 0;
	int			 sample;

	paths[0] = tu_src("samples");
	cat = S_validate(paths, NULL, &run);
	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i]->nkeys; j++) {
			k = cat->providers[i]->keys[j];
			for (o = 0, sample = 0; o < k->nocc; o++)
				sample |= ecat_occ_kind(&k->occ[o]) ==
				    ECAT_SRC_SAMPLE;
			nkeys += sample;
			nex += k->example != NULL;
		}
	ck_assert_uint_gt(nkeys, 0);
	ck_assert_uint_eq(nex, nkeys);

	/* Keywords beyond 2^63 print exactly, as the seed wrote them. */
	ex = S_key(cat, "Microsoft-Windows-Kernel-Network", 10, 0)->example;
	ck_assert_ptr_nonnull(ex);
	ck_assert_ptr_nonnull(strstr(ex->json,
	    "\"keywords\": 9223372036854775824"));
	ck_assert_str_eq(ex->build->id, WS);
	ck_assert_uint_eq(ex->nfindings, 6);
	ck_assert_str_eq(ex->findings[0].id, "sample-noncanonical-value");
	ck_assert_str_eq(ex->findings[0].field, "PID");
	/* SMBServer 1010 is clean. */
	ex = S_key(cat, "Microsoft-Windows-SMBServer", 1010, 0)->example;
	ck_assert_uint_eq(ex->nfindings, 0);
	ck_assert_str_eq(ex->channel, "Microsoft-Windows-SMBServer/Operational");
	/* 1033 v0 has two examples: the one without findings but a note
	   is kept over the one missing its three fields. */
	ex = S_key(cat, "Microsoft-Windows-SMBServer", 1033, 0)->example;
	ck_assert_uint_eq(ex->nfindings, 1);
	ck_assert_str_eq(ex->findings[0].severity, "note");
	ck_assert_int_eq(ex->loc.line, 402);
	/* Winsock 4: its fields are out of order. */
	ex = S_key(cat, "Microsoft-Windows-Winsock-Sockets", 4, 0)->example;
	ck_assert_str_eq(ex->findings[0].id, "sample-field-order");
	ck_assert_str_eq(ex->findings[0].field, "IsProviderSocket");
	ecat_vrun_clear(&run);
	ecat_catalog_free(cat);
}
END_TEST

/* ------------------------------------------------------- sample reader */

struct first {
	int		 n;
	char		 keywords[64];
	int		 big;
	uint32_t	 id;
	struct ecat_loc	 daddr;
	char		 daddr_value[32];
};

static void
S_first(const struct ecat_sample *s, void *arg)
{
	struct first		*f = arg;
	struct ecat_spath	 st[2] = { { "event_data", 0 },
	    { "daddr", 0 } };
	uint32_t		 i;

	if (f->n++ > 0)
		return;
	snprintf(f->keywords, sizeof(f->keywords), "%s", s->keywords.s);
	f->big = s->keywords.big;
	f->id = s->event_id;
	ck_assert_int_eq(ecat_sample_locate(s, st, 2, &f->daddr), 0);
	for (i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, "daddr") == 0)
			snprintf(f->daddr_value, sizeof(f->daddr_value), "%s",
			    s->fields[i].v.s);
}

START_TEST(test_reader)
{
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	struct first		 f;
	uint64_t		 nbytes = 0;
	char			*t, *p;
	uint32_t		 line = 1;
	struct stat		 st;

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	b = ecat_build_get(cat, WS);
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(ecat_samples_read(cat, b, tu_src(KNFILE), 0, S_first,
	    &f, &nbytes), 0);
	ck_assert_int_eq(stat(tu_src(KNFILE), &st), 0);
	ck_assert_uint_eq(nbytes, (uint64_t)st.st_size);
	ck_assert_int_eq(f.n, 16);
	ck_assert_uint_eq(f.id, 10);
	ck_assert_str_eq(f.keywords, "9223372036854775824");
	ck_assert_int_eq(f.big, 1);
	ck_assert_str_eq(f.daddr_value, "10.2.20.41");
	/* The first "daddr" key of the file, found by hand. */
	t = S_read(tu_src(KNFILE));
	p = strstr(t, "\"daddr\"");
	ck_assert_ptr_nonnull(p);
	for (char *q = t; q < p; q++)
		line += *q == '\n';
	ck_assert_uint_eq(f.daddr.line, line);
	while (p > t && p[-1] != '\n')
		p--;
	ck_assert_uint_eq(f.daddr.col, strstr(p, "\"daddr\"") - p + 1);
	free(t);
	ecat_catalog_free(cat);
}
END_TEST

/* --------------------------------------------------- locate and limits */

/*
 * Locations of every payload member in JSON lines of two shapes: one
 * line holding an array of events (whose records share the line as
 * their text) and lines of one event each, with a member name written
 * with escapes ("Caf\u00e9" and a surrogate pair), which the record
 * carries unescaped.  The expected columns are where this test wrote
 * each name; many members per event make a scan per call show up as
 * time, and asking in reverse order checks the index answers out of
 * order.
 */
#define LOC_EVENTS	40
#define LOC_FIELDS	300
#define LOC_ESC		"Caf\\u00e9\\ud83d\\ude00"	/* as written */
#define LOC_NAME	"Caf\xc3\xa9\xf0\x9f\x98\x80"	/* as read */

struct locs {
	size_t		 n;		/* records seen */
	size_t		 checked;	/* members located */
	uint32_t	 col[2][LOC_EVENTS][LOC_FIELDS + 1];
	uint32_t	 line[2][LOC_EVENTS];
};

/* One event's text: fields F0..F(n-1) and the escaped name last. */
static void
S_locev(struct ecat_buf *b, int i, uint32_t *col, size_t base)
{
	int	 k;

	ecat_buf_printf(b, "{\"system\": {\"provider\": \"P\", "
	    "\"event_id\": %d, \"version\": 0}, \"event_data\": {", i);
	for (k = 0; k < LOC_FIELDS; k++) {
		col[k] = (uint32_t)(b->len - base + 1);
		ecat_buf_printf(b, "\"F%d\": \"%d\", ", k, k);
	}
	col[LOC_FIELDS] = (uint32_t)(b->len - base + 1);
	ecat_buf_puts(b, "\"" LOC_ESC "\": 1}}");
}

static void
S_loccb(const struct ecat_sample *r, void *arg)
{
	struct locs		*l = arg;
	struct ecat_spath	 st[2];
	struct ecat_sample	 hand;
	struct ecat_loc		 loc, loc2;
	size_t			 i, shape, ev;
	int			 k;

	ck_assert(!r->malformed);
	l->n++;
	/* Line 1: the array, events 0..LOC_EVENTS-1; then one a line. */
	shape = r->loc.line == 1 ? 0 : 1;
	ev = shape == 0 ? (size_t)r->textindex : r->loc.line - 2;
	ck_assert_uint_lt(ev, LOC_EVENTS);
	ck_assert_uint_eq(r->event_id, ev);
	ck_assert_uint_eq(r->nfields, LOC_FIELDS + 1);
	ck_assert_str_eq(r->fields[LOC_FIELDS].name, LOC_NAME);
	st[0].key = "event_data";
	for (k = LOC_FIELDS; k >= 0; k--) {
		i = (size_t)k;
		st[1].key = r->fields[i].name;
		ck_assert_int_eq(ecat_sample_locate(r, st, 2, &loc), 0);
		ck_assert_uint_eq(loc.line, l->line[shape][ev]);
		ck_assert_uint_eq(loc.col, l->col[shape][ev][i]);
		l->checked++;
	}
	/* A name not there: -1 and the event's own place. */
	st[1].key = "F";
	ck_assert_int_eq(ecat_sample_locate(r, st, 2, &loc), -1);
	ck_assert_uint_eq(loc.line, r->loc.line);
	ck_assert_uint_eq(loc.col, r->loc.col);
	/* A record made by hand, without the reader's index, agrees. */
	hand = *r;
	hand.lcache = NULL;
	st[1].key = LOC_NAME;
	ck_assert_int_eq(ecat_sample_locate(&hand, st, 2, &loc2), 0);
	ck_assert_int_eq(ecat_sample_locate(r, st, 2, &loc), 0);
	ck_assert_uint_eq(loc2.line, loc.line);
	ck_assert_uint_eq(loc2.col, loc.col);
}

START_TEST(test_locate)
{
	struct ecat_catalog	*cat;
	struct ecat_buf		 b;
	struct locs		*l;
	char			 tmpl[] = "/tmp/check_validate.XXXXXX";
	char			*path;
	FILE			*f;
	size_t			 base;
	int			 i, fd;

	l = ecat_calloc(1, sizeof(*l));
	ecat_buf_init(&b);
	ecat_buf_putc(&b, '[');
	for (i = 0; i < LOC_EVENTS; i++) {
		if (i > 0)
			ecat_buf_puts(&b, ", ");
		l->line[0][i] = 1;
		S_locev(&b, i, l->col[0][i], 0);
	}
	ecat_buf_puts(&b, "]\n");
	for (i = 0; i < LOC_EVENTS; i++) {
		base = b.len;
		l->line[1][i] = (uint32_t)i + 2;
		S_locev(&b, i, l->col[1][i], base);
		ecat_buf_putc(&b, '\n');
	}
	ck_assert_int_ne(fd = mkstemp(tmpl), -1);
	close(fd);
	path = ecat_asprintf("%s.jsonl", tmpl);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_uint_eq(fwrite(b.buf, 1, b.len, f), b.len);
	ck_assert_int_eq(fclose(f), 0);

	tu_diag_reset();
	cat = ecat_catalog_new(tu_diag());
	ck_assert_int_eq(ecat_samples_read(cat, ecat_build_get(cat, WS), path,
	    0, S_loccb, l, NULL), 0);
	ck_assert_uint_eq(l->n, 2 * LOC_EVENTS);
	ck_assert_uint_eq(l->checked, 2 * LOC_EVENTS * (LOC_FIELDS + 1));
	ck_assert_str_eq(tu_diag_text(), "");
	ecat_catalog_free(cat);
	unlink(path);
	unlink(tmpl);
	free(path);
	ecat_buf_free(&b);
	free(l);
}
END_TEST

/* Lines handed on: their line numbers and message lengths. */
struct seen {
	size_t		 n;
	uint32_t	 line[4];
	size_t		 msglen[4];
};

static void
S_seecb(const struct ecat_sample *r, void *arg)
{
	struct seen	*s = arg;

	ck_assert(!r->malformed);
	ck_assert_uint_lt(s->n, 4);
	s->line[s->n] = r->loc.line;
	s->msglen[s->n] = r->message.len;
	s->n++;
}

/*
 * The JSON line limit, 16 MiB not counting the newline (etwcat.1,
 * LIMITS): a line one byte over is skipped with limit-exceeded at its
 * line and the lines after it are read; the file still counts as read.
 * A line of exactly 16 MiB is read whole.
 */
START_TEST(test_line_limit)
{
	static const char	 head[] = "{\"system\": {\"provider\": \"P\", "
	    "\"event_id\": 1, \"version\": 0}, \"message\": \"";
	const size_t		 max = 16 * 1024 * 1024;
	struct ecat_catalog	*cat;
	struct seen		 s;
	char			 tmpl[] = "/tmp/check_validate.XXXXXX";
	char			 where[64];
	const char		*one = "{\"system\": {\"provider\": \"P\", "
	    "\"event_id\": 2, \"version\": 0}}\n";
	char			*path, *pad;
	size_t			 n, over;
	uint64_t		 nbytes;
	FILE			*f;
	int			 fd;

	ck_assert_int_ne(fd = mkstemp(tmpl), -1);
	close(fd);
	path = ecat_asprintf("%s.jsonl", tmpl);
	for (over = 0; over <= 1; over++) {
		/* Line 2: head, n bytes of message, "\"}": max + over. */
		n = max + over - (sizeof(head) - 1) - 2;
		pad = ecat_malloc(n);
		memset(pad, 'm', n);
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		fputs(one, f);
		fputs(head, f);
		ck_assert_uint_eq(fwrite(pad, 1, n, f), n);
		fputs("\"}\n", f);
		fputs(one, f);
		ck_assert_int_eq(fclose(f), 0);
		free(pad);

		tu_diag_reset();
		cat = ecat_catalog_new(tu_diag());
		memset(&s, 0, sizeof(s));
		nbytes = 0;
		ck_assert_int_eq(ecat_samples_read(cat, ecat_build_get(cat,
		    WS), path, 0, S_seecb, &s, &nbytes), 0);
		ck_assert_uint_eq(nbytes, strlen(one) * 2 + max + over + 1);
		if (over) {
			ck_assert_uint_eq(s.n, 2);
			ck_assert_uint_eq(s.line[0], 1);
			ck_assert_uint_eq(s.line[1], 3);
			ck_assert_uint_eq(tu_diag_count_id("limit-exceeded"),
			    1);
			snprintf(where, sizeof(where), "%s:2:", path);
			ck_assert_ptr_nonnull(strstr(tu_diag_text(), where));
			ck_assert_ptr_nonnull(strstr(tu_diag_text(),
			    "the limit is 16777216"));
		} else {
			ck_assert_uint_eq(s.n, 3);
			ck_assert_uint_eq(s.line[1], 2);
			ck_assert_uint_eq(s.msglen[1], n);
			ck_assert_str_eq(tu_diag_text(), "");
		}
		ecat_catalog_free(cat);
	}
	unlink(path);
	unlink(tmpl);
	free(path);
}
END_TEST

/* ---------------------------------------------- the shared sample corpus */

struct count {
	size_t	 files, lines, braceless;
};

/* Count non-blank lines and system.guid values without braces. */
static void
S_walk(struct count *c, const char *dir)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		*p, *line = NULL;
	size_t		 cap = 0, n;
	ssize_t		 len;
	FILE		*f;
	json_t		*v, *g;
	json_error_t	 err;
	const char	*s;

	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = ecat_asprintf("%s/%s", dir, de->d_name);
		ck_assert_int_eq(stat(p, &st), 0);
		if (S_ISDIR(st.st_mode))
			S_walk(c, p);
		else if ((n = strlen(p)) > 6 &&
		    strcmp(p + n - 6, ".jsonl") == 0) {
			c->files++;
			ck_assert_ptr_nonnull(f = fopen(p, "r"));
			while ((len = getline(&line, &cap, f)) != -1) {
				if (strspn(line, " \t\r\n") == (size_t)len)
					continue;
				c->lines++;
				if ((v = json_loadb(line, (size_t)len,
				    JSON_DECODE_INT_AS_REAL, &err)) == NULL)
					continue;
				g = json_object_get(json_object_get(v,
				    "system"), "guid");
				s = json_is_string(g) ? json_string_value(g) :
				    "";
				if (strlen(s) == 36 && s[8] == '-' &&
				    strspn(s, "0123456789abcdefABCDEF-") == 36)
					c->braceless++;
				json_decref(v);
			}
			fclose(f);
		}
		free(p);
	}
	free(line);
	closedir(d);
}

/*
 * ../shared/samples with no schema loaded: every event is read, none
 * is lost, none matches; the accepted quirks are counted.
 */
START_TEST(test_shared_alone)
{
	const char		*paths[] = { NULL, NULL };
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	struct count		 c;
	char			 dir[4096];
	size_t			 notes = 0;
	const char		*t;

	memset(&c, 0, sizeof(c));
	snprintf(dir, sizeof(dir), "%s", tu_shared("samples"));
	S_walk(&c, dir);
	paths[0] = dir;
	cat = S_validate(paths, NULL, &run);
	ck_assert_uint_eq(run.nfiles, c.files);
	ck_assert_uint_eq(run.nsamples, c.lines);
	ck_assert_uint_eq(c.lines, 25600);
	/* Two records of corrupt EVTX chunks have no provider. */
	ck_assert_uint_eq(run.nmalformed, 2);
	ck_assert_uint_eq(run.nmatched, 0);
	ck_assert_uint_eq(run.nunmatched, c.lines - 2);
	ck_assert_uint_eq(tu_diag_count_id("sample-unknown-provider"),
	    c.lines - 2);
	/* The build ("samples", the loose folder) has no schemas. */
	ck_assert_uint_eq(run.nbestmode, c.lines - 2);
	for (t = tu_diag_text(); (t = strstr(t, "GUID without braces")) !=
	    NULL; t++)
		notes++;
	/* EVTX writes braces: no note unless a GUID lacks them. */
	ck_assert_uint_eq(notes, c.braceless);
	ecat_vrun_clear(&run);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * Best match: the near-seed captures, in a folder without schemas,
 * against the WS2HELP TSVs of two builds that differ (1511 and 26H1).
 */
START_TEST(test_best_match)
{
	static const char *const builds[] = { "Win10-1511-10586",
	    "Win11-26H1-28000", NULL };
	const char		*paths[3];
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	const struct ecat_vbest	*ws = NULL, *nv = NULL;
	char			 tmpl[] = "/tmp/check_validate.XXXXXX", *d, *p;
	char			*t, *s;
	size_t			 i, nws = 0, nnv = 0;
	uint32_t		 b;

	ck_assert_ptr_nonnull(d = mkdtemp(tmpl));
	for (i = 0; builds[i] != NULL; i++) {
		p = ecat_asprintf("%s/src/builds/%s/tsv/manifest", d,
		    builds[i]);
		t = ecat_asprintf("corpus/tsv/jdu2600/%s/manifest/"
		    "Microsoft-Windows-Winsock-WS2HELP.tsv", builds[i]);
		s = ecat_asprintf("mkdir -p '%s' && cp '%s' '%s/'", p,
		    tu_shared(t), p);
		ck_assert_int_eq(system(s), 0);
		free(s);
		free(t);
		free(p);
	}
	p = ecat_asprintf("mkdir -p '%s/captures' && cp '%s' '%s/captures/'",
	    d, tu_shared("samples/near-seed-providers.jsonl"), d);
	ck_assert_int_eq(system(p), 0);
	free(p);
	/* Count by hand. */
	t = S_read(tu_shared("samples/near-seed-providers.jsonl"));
	for (s = t; (s = strstr(s, "\"Microsoft-Windows-Winsock-WS2HELP\""));
	    s++)
		nws++;
	for (s = t; (s = strstr(s, "\"Microsoft-Windows-Hyper-V-Netvsc\""));
	    s++)
		nnv++;
	free(t);

	paths[0] = ecat_asprintf("%s/src", d);
	paths[1] = ecat_asprintf("%s/captures", d);
	paths[2] = NULL;
	cat = S_validate(paths, NULL, &run);
	ck_assert_uint_eq(run.nsamples, nws + nnv);
	ck_assert_uint_eq(run.nbestmode, nws + nnv);
	ck_assert_uint_eq(run.nmatched, nws);
	for (b = 0; b < run.nbest; b++) {
		if (strcmp(run.best[b].provider,
		    "Microsoft-Windows-Winsock-WS2HELP") == 0)
			ws = &run.best[b];
		if (strcmp(run.best[b].provider,
		    "Microsoft-Windows-Hyper-V-Netvsc") == 0)
			nv = &run.best[b];
	}
	ck_assert_ptr_nonnull(ws);
	ck_assert_ptr_nonnull(nv);
	ck_assert_uint_eq(ws->nsamples, nws);
	ck_assert_uint_eq(ws->nmatched, nws);
	ck_assert_uint_eq(nv->nsamples, nnv);
	ck_assert_uint_eq(nv->nmatched, 0);
	/* Each sample is credited to at least one build. */
	for (b = 0, i = 0; b < cat->nbuilds; b++)
		i += ws->best[b];
	ck_assert_uint_ge(i, nws);
	ecat_vrun_clear(&run);
	ecat_catalog_free(cat);
	free((char *)paths[0]);
	free((char *)paths[1]);
	p = ecat_asprintf("rm -rf '%s'", d);
	ck_assert_int_eq(system(p), 0);
	free(p);
}
END_TEST

/*
 * A candidate whose record, provider header and format equal an earlier
 * candidate's takes its findings (validate.c, S_reuse); from a manifest
 * they are copied, and the once-per-event finding sample-message-insert
 * is pointed at the candidate's own event, so that the line reported is
 * the one in that build's file.  tests/regress/validate/message-insert.xml
 * is put in two builds, one of the two copies with a line more after
 * the XML declaration (the event's line 52 becomes 53, nothing a
 * consumer sees changes: one record); the VSmb 301 sample of that case,
 * in a folder without schemas, matches both builds equally and the
 * later build is reported (ties go to the later build).  Run with the
 * extra line in either build, so that the reported line is right only
 * when it is the reused candidate's own.
 */
static void
S_write(const char *path, const char *a, size_t na, const char *b)
{
	FILE	*f;

	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(a, 1, na, f), na);
	ck_assert_int_ge(fputs(b, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

static void
S_reuse_case(int extra_in_first)
{
	static const char *const builds[] = { "Win11-26200.6584",
	    "Win11-26200.6585" };
	const char		*paths[3];
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	const struct ecat_evkey	*k;
	const struct ecat_evrow	*ev[2];
	char			 tmpl[] = "/tmp/check_validate.XXXXXX", *d, *p;
	char			*xml, *nl, *want, *t;
	size_t			 i, n, head;

	ck_assert_ptr_nonnull(d = mkdtemp(tmpl));
	xml = S_read(tu_src("tests/regress/validate/message-insert.xml"));
	ck_assert_ptr_nonnull(nl = strchr(xml, '\n'));
	head = (size_t)(nl - xml) + 1;
	ck_assert_int_eq(strncmp(xml, "<?xml", 5), 0);
	for (i = 0; i < 2; i++) {
		p = ecat_asprintf("mkdir -p '%s/src/builds/%s/manifests'", d,
		    builds[i]);
		ck_assert_int_eq(system(p), 0);
		free(p);
		p = ecat_asprintf("%s/src/builds/%s/manifests/"
		    "message-insert.xml", d, builds[i]);
		t = ecat_asprintf("%s%s", (int)i == (extra_in_first ? 0 : 1) ?
		    "\n" : "", xml + head);
		S_write(p, xml, head, t);
		free(t);
		free(p);
	}
	p = ecat_asprintf("mkdir -p '%s/captures' && cp '%s' "
	    "'%s/captures/message-insert.json'", d,
	    tu_src("tests/regress/validate/message-insert.sample.json"), d);
	ck_assert_int_eq(system(p), 0);
	free(p);
	free(xml);

	paths[0] = ecat_asprintf("%s/src", d);
	paths[1] = ecat_asprintf("%s/captures", d);
	paths[2] = NULL;
	cat = S_validate(paths, NULL, &run);
	ck_assert_uint_eq(run.nsamples, 1);
	ck_assert_uint_eq(run.nbestmode, 1);
	ck_assert_uint_eq(run.nmatched, 1);
	/*
	 * One record in both builds, on different lines: the copy path.
	 * (The captures folder is a build too, whose occurrence has no
	 * event.)
	 */
	k = S_key(cat, "Microsoft-Windows-Hyper-V-VSmb", 301, 1);
	ck_assert_ptr_nonnull(k);
	for (i = 0, n = 0; i < k->nocc; i++)
		if (ecat_occ_row(&k->occ[i]) != NULL) {
			ck_assert_uint_lt(n, 2);
			ck_assert_str_eq(ecat_occ_build(&k->occ[i])->id,
			    builds[n]);
			ev[n++] = ecat_occ_row(&k->occ[i]);
		}
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_nonnull(ev[0]->record);
	ck_assert_ptr_eq(ev[0]->record, ev[1]->record);
	ck_assert_uint_eq(ev[0]->line, extra_in_first ? 53 : 52);
	ck_assert_uint_eq(ev[1]->line, extra_in_first ? 52 : 53);
	ck_assert_uint_eq(tu_diag_count_id("sample-message-insert"), 1);
	want = ecat_asprintf("/builds/%s/manifests/message-insert.xml:%u:0: "
	    "warning: event message uses an insert beyond", builds[1],
	    ev[1]->line);
	t = strstr(tu_diag_text(), want);
	ck_assert_msg(t != NULL, "no \"%s\" in:\n%s", want, tu_diag_text());
	free(want);
	ecat_vrun_clear(&run);
	ecat_catalog_free(cat);
	free((char *)paths[0]);
	free((char *)paths[1]);
	p = ecat_asprintf("rm -rf '%s'", d);
	ck_assert_int_eq(system(p), 0);
	free(p);
}

/*
 * Security log events against the TSV of one build: TDH gave the TSV
 * task 0 and level Informational for every Security-Auditing event,
 * where Windows logs them at level 0 with their real task.  Each such
 * difference is a sample-header-rebuild note, not a warning: counted
 * here from the capture itself (a level other than 4, a task other
 * than 0), and no header warning is left.
 */
START_TEST(test_header_rebuild)
{
	static const char *const rel[] = {
	    "corpus/tsv/jdu2600/Win11-24H2-26100/manifest/"
	    "Microsoft-Windows-Security-Auditing.tsv",
	    "samples/omerbenamram-evtx/post-Security.jsonl" };
	const char		*paths[3];
	struct ecat_catalog	*cat;
	struct ecat_vrun	 run;
	json_t			*r, *sys;
	char			 tmpl[] = "/tmp/check_validate.XXXXXX", *d, *p;
	char			*t, *line, *nl;
	size_t			 want = 0, nsec = 0;

	ck_assert_ptr_nonnull(d = mkdtemp(tmpl));
	/* tu_shared's buffer is its own: one call a command. */
	p = ecat_asprintf("mkdir -p '%s/src/builds/Win11-24H2-26100/tsv/"
	    "manifest' '%s/captures' && cp '%s' '%s/src/builds/"
	    "Win11-24H2-26100/tsv/manifest/'", d, d, tu_shared(rel[0]), d);
	ck_assert_int_eq(system(p), 0);
	free(p);
	p = ecat_asprintf("cp '%s' '%s/captures/'", tu_shared(rel[1]), d);
	ck_assert_int_eq(system(p), 0);
	free(p);
	t = S_read(tu_shared(rel[1]));
	for (line = t; *line != '\0'; line = nl + 1) {
		ck_assert_ptr_nonnull(nl = strchr(line, '\n'));
		*nl = '\0';
		ck_assert_ptr_nonnull(r = json_loads(line, 0, NULL));
		sys = json_object_get(r, "system");
		if (strcmp(json_string_value(json_object_get(sys, "provider")),
		    "Microsoft-Windows-Security-Auditing") == 0) {
			nsec++;
			want += S_num(json_object_get(sys, "level")) != 4;
			want += S_num(json_object_get(sys, "task")) != 0;
		}
		json_decref(r);
	}
	free(t);
	ck_assert_uint_eq(nsec, 124);
	ck_assert_uint_gt(want, nsec);

	paths[0] = ecat_asprintf("%s/src", d);
	paths[1] = ecat_asprintf("%s/captures", d);
	paths[2] = NULL;
	cat = S_validate(paths, NULL, &run);
	ck_assert_uint_eq(run.nsamples, nsec + 2);
	ck_assert_uint_eq(run.nmatched, nsec);
	ck_assert_uint_eq(tu_diag_count_id("sample-header-rebuild"), want);
	ck_assert_uint_eq(tu_diag_count_id("sample-header-mismatch"), 0);
	ck_assert_ptr_nonnull(strstr(tu_diag_text(), "task is 12544, the "
	    "event declares 0 (task_0): a schema made from TDH (TSV) says so "
	    "where TDH knows no task [sample-header-rebuild]"));
	ecat_vrun_clear(&run);
	ecat_catalog_free(cat);
	free((char *)paths[0]);
	free((char *)paths[1]);
	p = ecat_asprintf("rm -rf '%s'", d);
	ck_assert_int_eq(system(p), 0);
	free(p);
}
END_TEST

START_TEST(test_reuse_once)
{
	S_reuse_case(0);
	S_reuse_case(1);
}
END_TEST

/*
 * The message renderer: VSmb 301's message (seed page 000) filled with
 * its example's values gives the text the page's title shows with the
 * values in place; %%N, missing inserts and escapes stay as FormatMessage
 * has them.
 */
START_TEST(test_message_fill)
{
	static const char *const vals[] = {
		"2CF3235B-8F46-4AE6-ADF2-07DC5259A954",
		"2cf3235b-8f46-4ae6-adf2-07dc5259a954", "os", "C:\\Files",
		"16867473", "{}"
	};
	struct ecat_catalog	*cat;
	const struct ecat_evkey	*k;
	const struct ecat_event	*ev;
	struct ecat_buf		 b;

	cat = tu_load(tu_src("samples/builds/Win11-26200.6584"), NULL);
	k = S_key(cat, "Microsoft-Windows-Hyper-V-VSmb", 301, 1);
	ck_assert_ptr_nonnull(k);
	ev = ecat_occ_row(&k->occ[0])->ev;
	ck_assert_ptr_nonnull(ev);
	ecat_buf_init(&b);
	ecat_message_fill(&b, ev->message, vals, 6, 0);
	ck_assert_str_eq(b.buf, "'2cf3235b-8f46-4ae6-adf2-07dc5259a954': "
	    "VSMB Share is creating ShareName: 'os' SharePath: 'C:\\Files' "
	    "ShareFlags: 16867473. (Virtual machine ID "
	    "2CF3235B-8F46-4AE6-ADF2-07DC5259A954).");
	ecat_buf_reset(&b);
	ecat_message_fill(&b, "%1!s! of %2 %%1833 %3%n100%% %9", vals, 2, 1);
	ck_assert_str_eq(b.buf, "2CF3235B-8F46-4AE6-ADF2-07DC5259A954 of "
	    "2cf3235b-8f46-4ae6-adf2-07dc5259a954 %%1833 %3\n100% %9");
	ecat_buf_free(&b);
	ecat_catalog_free(cat);
}
END_TEST

/*
 * The long help of each sample-* id, as SARIF rules give it: every
 * sample-* id has one, from the diagnostics table; other ids have none.
 */
START_TEST(test_help)
{
	const char	*id;
	int		 m, n = 0;

	for (m = 0; m < ECAT_MSG__MAX; m++) {
		if ((id = ecat_msg_id((enum ecat_msg)m)) == NULL)
			continue;
		if (strncmp(id, "sample-", 7) != 0) {
			ck_assert_msg(ecat_validate_help(id) == NULL,
			    "%s has a help text", id);
			continue;
		}
		ck_assert_msg(ecat_validate_help(id) != NULL &&
		    ecat_validate_help(id) == ecat_msg_help((enum ecat_msg)m),
		    "%s: no help text", id);
		n++;
	}
	ck_assert_int_eq(n, 28);
	ck_assert_ptr_null(ecat_validate_help(NULL));
	ck_assert_ptr_null(ecat_validate_help("sample-nonesuch"));
	ck_assert_str_eq(ecat_validate_help("sample-no-version"),
	    "The sample has no system.version member; it is counted as "
	    "version 0.");
	ck_assert_str_eq(ecat_validate_help("sample-bad-value"),
	    "The value does not parse as its field's inType and outType: "
	    "integers of each width, hex, Boolean, GUID, hex bytes, SID, "
	    "ISO 8601 time, IPv4, IPv6, socket address, port. Where the "
	    "schema gives no outType (TSV exports, TDH rebuilds) any "
	    "rendering valid for the inType is accepted.");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("validate");
	TCase	*tc = tcase_create("samples");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_seeds);
	tcase_add_test(tc, test_examples);
	tcase_add_test(tc, test_reader);
	tcase_add_test(tc, test_locate);
	tcase_add_test(tc, test_line_limit);
	tcase_add_test(tc, test_shared_alone);
	tcase_add_test(tc, test_best_match);
	tcase_add_test(tc, test_header_rebuild);
	tcase_add_test(tc, test_reuse_once);
	tcase_add_test(tc, test_message_fill);
	tcase_add_test(tc, test_help);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
