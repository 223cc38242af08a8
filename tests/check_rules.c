/*
 * check_rules.c: Sigma rules (catalog/sigma.c, validator/rules.c) on
 * real data: the SigmaHQ copy ../shared/sigma against the 17-build
 * jdu2600 TSV corpus, the seed rules of samples/rules against samples/
 * and against ../shared/sigma/seed-rules-index.json, the service map
 * against SigmaHQ's tests/thor.yml, and goldens for every rule-* id and
 * for the YAML loader on malformed input (tests/data/rules/NAME.yml
 * beside NAME.out_rules, after mandoc's regress/ goldens).
 */
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <yaml.h>

#include "etwcat.h"
#include "rules.h"
#include "testutil.h"

/* The jdu2600 corpus, loaded once before the tests fork. */
static struct ecat_catalog	*corpus;

#define CVE_RULE "rules-emerging-threats/2023/Exploits/CVE-2023-23397/" \
	"win_smbclient_connectivity_exploit_cve_2023_23397_outlook_remote_file.yml"
#define SMBSRV_RULE "rules/windows/builtin/smbserver/connectivity/" \
	"win_smbserver_connectivity_unsigned_and_unencrypted_share_connection.yml"

/* ------------------------------------------------------ recording sink */

/* One diagnostic with its context, as a sink saw it. */
struct rec {
	char	*id, *file, *text, *provider, *field;
	unsigned line, col;
	int64_t	 event_id;
	int	 hasbuild;
};

static struct rec	*recs;
static size_t		 nrecs;
static struct ecat_buf	 lines;

static char *
S_dup(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
S_sink(const struct ecat_diagrec *r, void *arg)
{
	struct rec	*x;

	(void)arg;
	recs = realloc(recs, (nrecs + 1) * sizeof(*recs));
	x = &recs[nrecs++];
	x->id = S_dup(r->id);
	x->file = S_dup(r->loc.file);
	x->text = S_dup(r->text);
	x->provider = S_dup(r->ctx->provider);
	x->field = S_dup(r->ctx->field);
	x->line = r->loc.line;
	x->col = r->loc.col;
	x->event_id = r->ctx->event_id;
	x->hasbuild = r->ctx->build != NULL;
	ecat_buf_printf(&lines, "%s:%u:%u: %s: %s [%s]\n",
	    r->loc.file ? r->loc.file : "etwcat", r->loc.line, r->loc.col,
	    ecat_sev_name(r->sev), r->text, r->id);
}

static void
S_recreset(void)
{
	size_t	 i;

	for (i = 0; i < nrecs; i++) {
		free(recs[i].id);
		free(recs[i].file);
		free(recs[i].text);
		free(recs[i].provider);
		free(recs[i].field);
	}
	free(recs);
	recs = NULL;
	nrecs = 0;
	ecat_buf_reset(&lines);
}

/* A recording diagnostics context, replacing the catalog's. */
static struct ecat_diag *
S_recdiag(struct ecat_catalog *cat)
{
	struct ecat_diag	*d = ecat_diag_new();

	ecat_diag_set_sink(d, S_sink, NULL);
	cat->diag = d;
	S_recreset();
	return d;
}

/* Records with this id whose file ends with suffix. */
static size_t
S_count(const char *id, const char *suffix)
{
	size_t	 i, n = 0, ls = suffix ? strlen(suffix) : 0, lf;

	for (i = 0; i < nrecs; i++) {
		if (strcmp(recs[i].id, id) != 0)
			continue;
		lf = recs[i].file ? strlen(recs[i].file) : 0;
		if (suffix == NULL || (lf >= ls &&
		    strcmp(recs[i].file + lf - ls, suffix) == 0))
			n++;
	}
	return n;
}

/* The 1-based line of the first line of path containing s, or 0. */
static unsigned
S_lineof(const char *path, const char *s)
{
	FILE		*f;
	char		 buf[4096];
	unsigned	 n = 0;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(buf, sizeof(buf), f) != NULL) {
		n++;
		if (strstr(buf, s) != NULL) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	return 0;
}

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
	ck_assert(fread(buf, 1, (size_t)n, f) == (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Drop the rules of a catalog (tests reuse the corpus's schemas). */
static void
S_droprules(struct ecat_catalog *cat)
{
	cat->nrules = 0;
	cat->rules_resolved = 0;
	cat->nrulefiles = 0;
}

static const struct ecat_rule *
S_rule(const struct ecat_catalog *cat, const char *path)
{
	uint32_t	 i;

	for (i = 0; i < cat->nrules; i++)
		if (strcmp(cat->rules[i]->path, path) == 0)
			return cat->rules[i];
	return NULL;
}

/* ------------------------------------------------------- service map */

/*
 * The compiled table equals catalog/sigma-services.tsv row for row,
 * and both equal what SigmaHQ's tests/thor.yml says: every logsource
 * with product windows, a service and WinEventLog: sources.
 */
START_TEST(test_service_map)
{
	const struct ecat_sigma_service	*t;
	yaml_parser_t			 p;
	yaml_document_t			 doc;
	yaml_node_t			*root, *ls, *v, *k, *src;
	yaml_node_pair_t		*pp, *q;
	yaml_node_item_t		*it;
	FILE				*f;
	char				 line[1024], *tab, *nl, *text;
	const char			*svc, *prod;
	size_t				 n, i = 0;

	t = ecat_sigma_services(&n);
	ck_assert_uint_ge(n, 44);
	f = fopen(tu_src("catalog/sigma-services.tsv"), "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		tab = strchr(line, '\t');
		ck_assert_ptr_nonnull(tab);
		*tab++ = '\0';
		ck_assert_uint_lt(i, n);
		ck_assert_str_eq(t[i].service, line);
		ck_assert_str_eq(t[i].channel, tab);
		i++;
	}
	fclose(f);
	ck_assert_uint_eq(i, n);

	/* Against thor.yml, read with libyaml. */
	text = S_slurp(tu_shared("sigma/tests/thor.yml"));
	ck_assert(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (unsigned char *)text, strlen(text));
	ck_assert(yaml_parser_load(&p, &doc));
	root = yaml_document_get_root_node(&doc);
	ls = NULL;
	for (pp = root->data.mapping.pairs.start;
	    pp < root->data.mapping.pairs.top; pp++)
		if (strcmp((char *)yaml_document_get_node(&doc,
		    pp->key)->data.scalar.value, "logsources") == 0)
			ls = yaml_document_get_node(&doc, pp->value);
	ck_assert_ptr_nonnull(ls);
	i = 0;
	for (pp = ls->data.mapping.pairs.start;
	    pp < ls->data.mapping.pairs.top; pp++) {
		v = yaml_document_get_node(&doc, pp->value);
		svc = prod = NULL;
		src = NULL;
		for (q = v->data.mapping.pairs.start;
		    q < v->data.mapping.pairs.top; q++) {
			k = yaml_document_get_node(&doc, q->key);
			if (strcmp((char *)k->data.scalar.value, "service") == 0)
				svc = (char *)yaml_document_get_node(&doc,
				    q->value)->data.scalar.value;
			else if (strcmp((char *)k->data.scalar.value,
			    "product") == 0)
				prod = (char *)yaml_document_get_node(&doc,
				    q->value)->data.scalar.value;
			else if (strcmp((char *)k->data.scalar.value,
			    "sources") == 0)
				src = yaml_document_get_node(&doc, q->value);
		}
		if (svc == NULL || prod == NULL || src == NULL ||
		    strcmp(prod, "windows") != 0)
			continue;
		for (it = src->data.sequence.items.start;
		    it < src->data.sequence.items.top; it++) {
			const char *s = (char *)yaml_document_get_node(&doc,
			    *it)->data.scalar.value;
			if (strncmp(s, "WinEventLog:", 12) != 0)
				continue;
			ck_assert_uint_lt(i, n);
			ck_assert_str_eq(t[i].service, svc);
			ck_assert_str_eq(t[i].channel, s + 12);
			i++;
		}
	}
	ck_assert_uint_eq(i, n);
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	free(text);
}
END_TEST

/* -------------------------------------------------------- the loader */

/*
 * The four seed rules of samples/rules read as the derived index
 * ../shared/sigma/seed-rules-index.json lists them: title, id, status,
 * author, level, logsource, EventIDs, and each field with its
 * modifiers ("eq" for a plain match).
 */
START_TEST(test_seed_rules_vs_index)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	struct ecat_diag	*d = S_recdiag(cat);
	json_t			*idx, *rules, *jr, *fields, *mods;
	json_error_t		 err;
	const struct ecat_rule	*r;
	const char		*fname, *path;
	char			 want[1024], url[1024];
	size_t			 i, j, k, nids;
	uint32_t		 u, s;

	ck_assert_int_eq(ecat_load_rules(cat, tu_src("samples/rules")), 0);
	ck_assert_uint_eq(cat->nrules, 4);
	ck_assert_uint_eq(cat->nrulefiles, 4);
	ck_assert_uint_eq(nrecs, 0);
	idx = json_load_file(tu_shared("sigma/seed-rules-index.json"), 0,
	    &err);
	ck_assert_ptr_nonnull(idx);
	rules = json_object_get(idx, "rules");
	ck_assert_uint_eq(json_array_size(rules), 4);
	json_array_foreach(rules, i, jr) {
		path = json_string_value(json_object_get(jr, "path"));
		r = S_rule(cat, path);
		ck_assert_msg(r != NULL, "%s not loaded", path);
		ck_assert_str_eq(r->title,
		    json_string_value(json_object_get(jr, "title")));
		ck_assert_str_eq(r->id,
		    json_string_value(json_object_get(jr, "id")));
		ck_assert_str_eq(r->status,
		    json_string_value(json_object_get(jr, "status")));
		ck_assert_str_eq(r->author,
		    json_string_value(json_object_get(jr, "author")));
		ck_assert_str_eq(r->level,
		    json_string_value(json_object_get(jr, "level")));
		ck_assert_str_eq(r->product, json_string_value(json_object_get(
		    json_object_get(jr, "logsource"), "product")));
		ck_assert_str_eq(r->service, json_string_value(json_object_get(
		    json_object_get(jr, "logsource"), "service")));
		ck_assert_ptr_null(r->category);
		snprintf(url, sizeof(url),
		    "https://github.com/SigmaHQ/sigma/blob/master/%s", path);
		ck_assert_str_eq(r->upstream, url);
		ck_assert_ptr_nonnull(r->condition);
		/* EventIDs: the union over selections, in the index order. */
		nids = 0;
		for (s = 0; s < r->nsels; s++)
			for (u = 0; u < r->sels[s].nids; u++) {
				ck_assert_uint_lt(nids, json_array_size(
				    json_object_get(jr, "event_ids")));
				ck_assert_int_eq(r->sels[s].ids[u],
				    json_integer_value(json_array_get(
				    json_object_get(jr, "event_ids"), nids)));
				nids++;
			}
		ck_assert_uint_eq(nids,
		    json_array_size(json_object_get(jr, "event_ids")));
		/* Fields sorted by name, each with its modifiers sorted. */
		fields = json_object_get(jr, "fields");
		ck_assert_uint_eq(r->nuses, json_object_size(fields));
		for (k = 1; k < r->nuses; k++)
			ck_assert_int_lt(strcmp(r->uses[k - 1].name,
			    r->uses[k].name), 0);
		json_object_foreach(fields, fname, mods) {
			for (k = 0; k < r->nuses; k++)
				if (strcmp(r->uses[k].name, fname) == 0)
					break;
			ck_assert_msg(k < r->nuses, "%s: no %s", path, fname);
			want[0] = '\0';
			for (j = 0; j < json_array_size(mods); j++) {
				if (j > 0)
					strcat(want, ", ");
				strcat(want, json_string_value(
				    json_array_get(mods, j)));
			}
			ck_assert_str_eq(r->uses[k].modifiers, want);
		}
	}
	json_decref(idx);
	ecat_catalog_free(cat);
	ecat_diag_free(d);
	S_recreset();
}
END_TEST

/*
 * Where things are: every field keeps its file and line, a list of
 * mappings gives one selection mapping each, and the SMBServer rule's
 * selections are read as written.
 */
START_TEST(test_locations)
{
	struct ecat_catalog	*cat = ecat_catalog_new(tu_diag());
	struct ecat_diag	*d = S_recdiag(cat);
	const struct ecat_rule	*r;
	const struct ecat_rsel	*s;
	char			 path[1024];
	uint32_t		 i, n = 0;

	snprintf(path, sizeof(path), "%s",
	    tu_src("samples/rules/" SMBSRV_RULE));
	ck_assert_int_eq(ecat_load_rules(cat, path), 0);
	ck_assert_uint_eq(cat->nrules, 1);
	r = cat->rules[0];
	ck_assert_str_eq(r->path, SMBSRV_RULE);
	ck_assert_str_eq(r->loc.file, path);
	ck_assert_uint_eq(r->lsloc.line, S_lineof(path, "service:"));
	/* selection_shares, selection_status x2, filter_main_local_ips x2 */
	ck_assert_uint_eq(r->nsels, 5);
	s = &r->sels[0];
	ck_assert_str_eq(s->name, "selection_shares");
	ck_assert_uint_eq(s->nids, 1);
	ck_assert_uint_eq(s->ids[0], 4000);
	ck_assert_uint_eq(s->idloc.line, S_lineof(path, "EventID: 4000"));
	ck_assert_uint_eq(s->nfields, 1);
	ck_assert_str_eq(s->fields[0].name, "ShareName");
	ck_assert_str_eq(s->fields[0].modifiers, "contains");
	ck_assert_uint_eq(s->fields[0].loc.line,
	    S_lineof(path, "ShareName|contains:"));
	ck_assert_uint_eq(s->fields[0].loc.col, 9);
	ck_assert_str_eq(r->sels[1].name, "selection_status");
	ck_assert_str_eq(r->sels[2].name, "selection_status");
	ck_assert_str_eq(r->sels[1].fields[0].name, "SigningUsed");
	ck_assert_ptr_null(r->sels[1].fields[0].modifiers);
	ck_assert_str_eq(r->sels[2].fields[0].name, "EncyptionUsed");
	ck_assert_uint_eq(r->sels[2].fields[0].loc.line,
	    S_lineof(path, "- EncyptionUsed:"));
	for (i = 3; i < 5; i++) {
		ck_assert_str_eq(r->sels[i].name, "filter_main_local_ips");
		ck_assert_str_eq(r->sels[i].fields[0].name, "ClientAddress");
		n += r->sels[i].nids;
	}
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(nrecs, 0);
	/* A path that does not exist is io-read, and -1. */
	ck_assert_int_eq(ecat_load_rules(cat, "tests/data/rules/nope.yml"), -1);
	ck_assert_uint_eq(S_count("io-read", "nope.yml"), 1);
	ecat_catalog_free(cat);
	ecat_diag_free(d);
	S_recreset();
}
END_TEST

/* --------------------------------------------------- corpus-wide run */

/* Count the .yml files under dir, to any depth. */
static size_t
S_countyml(const char *dir)
{
	DIR		*dp;
	struct dirent	*e;
	struct stat	 st;
	char		 p[4096];
	size_t		 n = 0, l;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (lstat(p, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode))
			n += S_countyml(p);
		else if ((l = strlen(e->d_name)) > 4 &&
		    strcmp(e->d_name + l - 4, ".yml") == 0)
			n++;
	}
	closedir(dp);
	return n;
}

/*
 * All of ../shared/sigma against the 17 jdu2600 builds.  The counts
 * were cross-checked with an independent PyYAML walk of the same files
 * (2,409 rules, 327 with a plain EventID key); the states are this
 * resolver's, each unresolved rule reported.
 */
START_TEST(test_corpus)
{
	struct ecat_diag	*d = S_recdiag(corpus);
	struct ecat_rulestats	 st;
	const struct ecat_rule	*r;
	char			 sigma[1024];
	size_t			 nyml;
	uint32_t		 i;
	int			 reported;

	snprintf(sigma, sizeof(sigma), "%s", tu_shared("sigma"));
	nyml = S_countyml(sigma);
	S_droprules(corpus);
	ck_assert_int_eq(ecat_load_rules(corpus, sigma), 0);
	ecat_rules_check(corpus);
	ecat_rules_stats(corpus, &st);
	/* Every .yml file read; tests/thor.yml is not a rule. */
	ck_assert_uint_eq(st.files, nyml);
	ck_assert_uint_eq(st.rules, nyml - 1);
	ck_assert_uint_eq(S_count("source-ignored", "tests/thor.yml"), 1);
	ck_assert_uint_eq(S_count("rule-malformed", NULL), 0);
	ck_assert_uint_eq(st.rules, 2409);
	ck_assert_uint_eq(st.with_eventid, 327);
	ck_assert_uint_eq(st.state[ECAT_RULE_RESOLVED], 284);
	ck_assert_uint_eq(st.state[ECAT_RULE_CATEGORY], 2);
	ck_assert_uint_eq(st.state[ECAT_RULE_UNKNOWN_EVENT], 1);
	ck_assert_uint_eq(st.state[ECAT_RULE_UNKNOWN_SERVICE], 5);
	ck_assert_uint_eq(st.state[ECAT_RULE_LEGACY_CHANNEL], 10);
	ck_assert_uint_eq(st.state[ECAT_RULE_NO_PROVIDER], 25);
	ck_assert_uint_eq(st.state[ECAT_RULE_NO_EVENTID], st.rules -
	    st.with_eventid);
	ck_assert_uint_eq(st.state[ECAT_RULE_UNRESOLVED], 0);
	ck_assert_uint_eq(st.unknown_field_rules, 2);
	ck_assert_uint_eq(st.unknown_fields, 5);
	ck_assert_uint_eq(st.unknown_events, 5);
	ck_assert_uint_eq(S_count("rule-unknown-field", NULL),
	    st.unknown_fields);
	ck_assert_uint_eq(S_count("rule-unknown-event", NULL),
	    st.unknown_events);
	ck_assert_uint_eq(S_count("rule-field-missing-in-build", NULL),
	    st.missing_fields);
	ck_assert_uint_eq(S_count("rule-unresolved", NULL), 5 + 10 + 25);
	/*
	 * Every rule with a concrete EventID and no bare category is
	 * either tied to events or reported at its file.
	 */
	for (i = 0; i < corpus->nrules; i++) {
		r = corpus->rules[i];
		if (r->state == ECAT_RULE_NO_EVENTID ||
		    r->state == ECAT_RULE_CATEGORY ||
		    r->state == ECAT_RULE_RESOLVED)
			continue;
		reported = S_count("rule-unresolved", r->path) +
		    S_count("rule-unknown-event", r->path) > 0;
		ck_assert_msg(reported, "%s: %s, not reported", r->path,
		    ecat_rstate_name(r->state));
	}
	/* Legacy Security ids of Windows 2003 (632, 633, 634, 675) are
	   no event of Security-Auditing; those rules also name the
	   modern ids, so they still resolve. */
	r = S_rule(corpus, "rules/windows/builtin/security/"
	    "win_security_susp_kerberos_manipulation.yml");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->state, ECAT_RULE_RESOLVED);
	ck_assert_uint_eq(r->nunknown_events, 1);
	ecat_diag_free(d);
	S_recreset();
}
END_TEST

/*
 * The public CVE-2023-23397 rule matches ServerAddress on SMBClient
 * 30803/30804/30806, a field no version of them has in any build:
 * v0 calls it Address, 30803 v2 and later RemoteAddress.
 */
START_TEST(test_cve_2023_23397)
{
	struct ecat_diag	*d = S_recdiag(corpus);
	const struct ecat_rule	*r;
	char			 path[1024];
	unsigned		 line;
	size_t			 i, n = 0;
	static const struct {
		int64_t		 id;
		const char	*closest;
	} want[] = {
		{ 30803, "closest: RemoteAddress (v2, v3, v4)" },
		{ 30804, "closest: Address (v0, v2)" },
		{ 30806, "closest: Address (v2, v3)" },
	};

	snprintf(path, sizeof(path), "%s", tu_shared("sigma/" CVE_RULE));
	line = S_lineof(path, "ServerAddress|cidr");
	ck_assert_uint_gt(line, 0);
	S_droprules(corpus);
	ck_assert_int_eq(ecat_load_rules(corpus, path), 0);
	ecat_rules_check(corpus);
	r = corpus->rules[0];
	ck_assert_int_eq(r->state, ECAT_RULE_RESOLVED);
	ck_assert_uint_eq(r->ntargets, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_str_eq(r->targets[i].provider->name,
		    "Microsoft-Windows-SMBClient");
		ck_assert_int_eq(r->targets[i].id, want[i].id);
		ck_assert_str_eq(r->targets[i].via,
		    "Microsoft-Windows-SmbClient/Connectivity");
	}
	for (i = 0; i < nrecs; i++) {
		if (strcmp(recs[i].id, "rule-unknown-field") != 0)
			continue;
		ck_assert_uint_lt(n, 3);
		ck_assert_str_eq(recs[i].file, path);
		ck_assert_uint_eq(recs[i].line, line);
		ck_assert_str_eq(recs[i].field, "ServerAddress");
		ck_assert_str_eq(recs[i].provider,
		    "Microsoft-Windows-SMBClient");
		ck_assert_int_eq(recs[i].event_id, want[n].id);
		ck_assert(!recs[i].hasbuild);
		ck_assert_msg(strstr(recs[i].text, want[n].closest) != NULL,
		    "%s", recs[i].text);
		n++;
	}
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(r->nunknown_fields, 3);
	/* Address and RemoteAddress exist, each in some versions only. */
	ck_assert_uint_eq(S_count("rule-field-missing-in-build", NULL), 2);
	ck_assert_uint_eq(nrecs, 5);
	ecat_diag_free(d);
	S_recreset();
}
END_TEST

/*
 * The SMBServer 4000 share-connection rule: resolved through the
 * service map and the channel's provider prefix, on the 4000 keys with
 * its four fields, all of which the event has (EncyptionUsed is the
 * event's own spelling).
 */
static void
S_check_4000(struct ecat_catalog *cat, const struct ecat_rule *r)
{
	const struct ecat_provider	*p;
	const struct ecat_evkey		*k;
	static const char *const	 names[] = { "ClientAddress",
	    "EncyptionUsed", "ShareName", "SigningUsed" };
	uint32_t			 i, j, nk = 0;

	ck_assert_int_eq(r->state, ECAT_RULE_RESOLVED);
	ck_assert_uint_eq(r->ntargets, 1);
	ck_assert_str_eq(r->targets[0].provider->name,
	    "Microsoft-Windows-SMBServer");
	ck_assert_uint_eq(r->targets[0].id, 4000);
	ck_assert_str_eq(r->targets[0].via,
	    "Microsoft-Windows-SMBServer/Connectivity");
	p = ecat_provider_find(cat, "Microsoft-Windows-SMBServer");
	ck_assert_ptr_nonnull(p);
	for (i = 0; i < p->nkeys; i++) {
		k = p->keys[i];
		if (k->id != 4000) {
			for (j = 0; j < k->nrules; j++)
				ck_assert_ptr_ne(k->rules[j], r);
			continue;
		}
		nk++;
		ck_assert_uint_eq(k->nrules, 1);
		ck_assert_ptr_eq(k->rules[0], r);
		ck_assert_uint_eq(k->nrulefields, 4);
		for (j = 0; j < 4; j++) {
			ck_assert_str_eq(k->rulefields[j].name, names[j]);
			ck_assert_uint_eq(k->rulefields[j].nrules, 1);
			ck_assert_int_eq(k->rulefields[j].present, 1);
			ck_assert_uint_eq(ecat_evkey_rule_count(k, names[j]),
			    1);
		}
		ck_assert_uint_eq(ecat_evkey_rule_count(k, "ClientName"), 0);
	}
	ck_assert_uint_ge(nk, 1);
}

START_TEST(test_smbserver_4000)
{
	struct ecat_diag	*d = S_recdiag(corpus);

	S_droprules(corpus);
	ck_assert_int_eq(ecat_load_rules(corpus,
	    tu_shared("sigma/" SMBSRV_RULE)), 0);
	ecat_rules_check(corpus);
	ck_assert_uint_eq(corpus->nrules, 1);
	S_check_4000(corpus, corpus->rules[0]);
	ck_assert_uint_eq(nrecs, 0);
	ecat_diag_free(d);
	S_recreset();
}
END_TEST

/* The default catalog (make site): samples/ with samples/rules. */
START_TEST(test_samples)
{
	struct ecat_catalog	*cat;
	struct ecat_diag	*d;
	const struct ecat_provider *p;
	const struct ecat_evkey	*k;
	struct ecat_rulestats	 st;

	/* The source walker loads SRC/rules/ (catalog/source.c). */
	cat = tu_load(tu_src("samples"), NULL);
	d = S_recdiag(cat);
	ecat_rules_check(cat);
	ecat_rules_stats(cat, &st);
	ck_assert_uint_eq(st.rules, 4);
	ck_assert_uint_eq(st.state[ECAT_RULE_RESOLVED], 4);
	S_check_4000(cat, S_rule(cat, SMBSRV_RULE));
	/* On 30803 v2 the CVE rule counts for RemoteAddress (present)
	   and ServerAddress (absent). */
	p = ecat_provider_find(cat, "Microsoft-Windows-SMBClient");
	k = ecat_evkey_find(p, 30803, 2);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(k->nrules, 1);
	ck_assert_uint_eq(k->nrulefields, 3);
	ck_assert_str_eq(k->rulefields[0].name, "Address");
	ck_assert_int_eq(k->rulefields[0].present, 0);
	ck_assert_str_eq(k->rulefields[1].name, "RemoteAddress");
	ck_assert_int_eq(k->rulefields[1].present, 1);
	ck_assert_str_eq(k->rulefields[2].name, "ServerAddress");
	ck_assert_int_eq(k->rulefields[2].present, 0);
	ck_assert_uint_eq(S_count("rule-unknown-field", CVE_RULE), 3);
	ecat_catalog_free(cat);
	ecat_diag_free(d);
	S_recreset();
}
END_TEST

/* ------------------------------------------------------------ goldens */

/* rule-* and source-ignored lines, file names without their folder. */
static char *
S_rule_lines(const char *text)
{
	struct ecat_buf	 b;
	const char	*p, *e, *slash;

	ecat_buf_init(&b);
	ecat_buf_put(&b, "", 0);
	for (p = text; *p != '\0'; p = e + 1) {
		if ((e = strchr(p, '\n')) == NULL)
			break;
		if (memmem(p, (size_t)(e - p), "[rule-", 6) == NULL &&
		    memmem(p, (size_t)(e - p), "[source-ignored]", 16) == NULL)
			continue;
		slash = memchr(p, ':', (size_t)(e - p));
		for (slash = slash != NULL ? slash : e; slash > p &&
		    slash[-1] != '/'; slash--)
			continue;
		ecat_buf_put(&b, slash, (size_t)(e + 1 - slash));
	}
	return ecat_buf_detach(&b);
}

START_TEST(test_goldens)
{
	static const char *const names[] = {
		"clean", "unknown-field", "unknown-event",
		"field-missing-in-build", "unresolved", "malformed-syntax",
		"malformed-bad-indent", "malformed-not-mapping",
		"malformed-no-detection", "malformed-no-condition",
		"malformed-utf8", "malformed-empty", "alias-bomb", "limits",
	};
	struct ecat_diag	*d = S_recdiag(corpus);
	char			 path[1024], *want, *got;
	size_t			 i;
	int			 bad = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		S_recreset();
		S_droprules(corpus);
		snprintf(path, sizeof(path), "%s%s.yml",
		    tu_src("tests/data/rules/"), names[i]);
		ck_assert_int_eq(ecat_load_rules(corpus, path), 0);
		ecat_rules_check(corpus);
		got = S_rule_lines(lines.buf != NULL ? lines.buf : "");
		snprintf(path, sizeof(path), "%s%s.out_rules",
		    tu_src("tests/data/rules/"), names[i]);
		want = S_slurp(path);
		if (strcmp(got, want) != 0) {
			fprintf(stderr, "%s: expected\n%s-- got\n%s--\n",
			    names[i], want, got);
			bad++;
		}
		/* Each file shows its own id; clean and the alias bomb
		   none. */
		if (strcmp(names[i], "clean") != 0 &&
		    strcmp(names[i], "alias-bomb") != 0)
			ck_assert_msg(strstr(got, "[rule-") != NULL,
			    "%s: no rule diagnostic", names[i]);
		free(want);
		free(got);
	}
	ck_assert_int_eq(bad, 0);
	/* The last file has 300 selection mappings: 256 are kept. */
	ck_assert_uint_eq(corpus->nrules, 1);
	ck_assert_uint_eq(corpus->rules[0]->nsels, 256);
	ck_assert_int_eq(corpus->rules[0]->state, ECAT_RULE_RESOLVED);
	/* The alias bomb was read, not expanded: one rule, its EventID
	   value a list of lists, so no concrete EventID. */
	S_droprules(corpus);
	ck_assert_int_eq(ecat_load_rules(corpus,
	    tu_src("tests/data/rules/alias-bomb.yml")), 0);
	ecat_rules_resolve(corpus);
	ck_assert_uint_eq(corpus->nrules, 1);
	ck_assert_int_eq(corpus->rules[0]->state, ECAT_RULE_NO_EVENTID);
	ecat_diag_free(d);
	S_recreset();
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("rules");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 nf;

	ecat_buf_init(&lines);
	/* Loaded once; each test forks and changes only its own copy. */
	corpus = tu_load(tu_shared("corpus/tsv/jdu2600"), NULL);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_service_map);
	tcase_add_test(tc, test_seed_rules_vs_index);
	tcase_add_test(tc, test_locations);
	tcase_add_test(tc, test_corpus);
	tcase_add_test(tc, test_cve_2023_23397);
	tcase_add_test(tc, test_smbserver_4000);
	tcase_add_test(tc, test_samples);
	tcase_add_test(tc, test_goldens);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	ecat_catalog_free(corpus);
	return nf == 0 ? 0 : 1;
}
