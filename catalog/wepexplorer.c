/*
 * wepexplorer.c: the WEPExplorer <Providers> loader, reached through
 * the XML entry in manifest.c when the root element is <Providers>.
 * Separate from the manifest loader because the dump is another
 * format: plain elements, definitions named by display text.
 *
 * WEPExplorer (github.com/lallousx86/WinTools, WEPExplorer/cli) prints
 * what EvtOpenPublisherMetadata returns as plain elements:
 *
 *   <Providers><Provider><Name/>
 *     <Metadata><Guid/><ResourceFilePath/><ParameterFilePath/>
 *       <MessageFilePath/><HelpLink/><PublisherMessage/>
 *       <Channels><Channel><Message/><Path/><Index/><Id/><Imported/>
 *       <Levels><Level><Message/><Name/><Value/>
 *       <Tasks><Task><Message/><Name/>[<Guid/>]<Value/>
 *       <Opcodes><Opcode><Message/><Name/><Value/><Task/>
 *       <Keywords><Keyword><Message/><Name/><Value/>   (decimal mask)
 *     <EventMetadata><Event><Id/><Version/>[<Channel/>][<Level/>]
 *       [<Task/>][<Opcode/>][<Keyword/>][<Message>CDATA]<Template>CDATA
 *
 * An event names its channel, level, task, opcode and keywords by their
 * display text (the message, or the name when there is none), keywords
 * joined with spaces, and omits a value of 0.  An opcode's <Task> is
 * the task of a task-local opcode, 0 for a global one.  The template is
 * the <template> XML TDH returns, with win: and xs: prefixes it does
 * not declare; it is parsed on its own, inside a wrapper that binds
 * them to the winmeta and XML Schema URIs.
 *
 * Section numbers (§) refer to docs/etw-manifest-reference.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "xld.h"

/* A definition and the display text an event would name it by. */
struct S_wdef {
	const char		*label;	/* message, or the name */
	struct ecat_named	*def;
	int64_t			 task;	/* opcode's task, or 0 */
};

struct S_wset {
	struct S_wdef	*w;
	uint32_t	 n;
};

int
wep_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns == NULL &&
	    strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *
S_wchild(const xmlNode *n, const char *name)
{
	const xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next)
		if (wep_is(c, name))
			return c;
	return NULL;
}

/*
 * Text of an element (text and CDATA children), interned; NULL when
 * the element is absent, "" when empty.
 */
static const char *
S_wtext(struct xld *ld, const xmlNode *n)
{
	xmlChar		*s;
	const char	*r;

	if (n == NULL)
		return NULL;
	if (n->children == NULL)
		return ecat_str(ld->cat, "");
	if (n->children->next == NULL && n->children->content != NULL &&
	    (n->children->type == XML_TEXT_NODE ||
	    n->children->type == XML_CDATA_SECTION_NODE))
		return ecat_str(ld->cat, (const char *)n->children->content);
	s = xmlNodeGetContent(n);
	r = ecat_str(ld->cat, s != NULL ? (const char *)s : "");
	xmlFree(s);
	return r;
}

static const char *
S_wfield(struct xld *ld, const xmlNode *n, const char *name)
{
	return S_wtext(ld, S_wchild(n, name));
}

/* Text, or NULL when absent or empty. */
static const char *
S_wfield_ne(struct xld *ld, const xmlNode *n, const char *name)
{
	const char	*s = S_wfield(ld, n, name);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* The <Message> text, or NULL when absent, empty or too long. */
static const char *
S_wmessage(struct xld *ld, const xmlNode *n)
{
	const char	*s = S_wfield_ne(ld, n, "Message");

	if (s != NULL && strlen(s) > ECAT_MAX_STRING) {
		xld_msg(ld, ECAT_MSG_LIMIT, S_wchild(n, "Message"), "message "
		    "of %zu bytes; the limit is %d; not kept", strlen(s),
		    ECAT_MAX_STRING);
		return NULL;
	}
	return s;
}

/* A numeric child element; same convention as xld_numattr. */
static int
S_wnum(struct xld *ld, const xmlNode *n, const char *name, uint64_t max,
    int required, uint64_t *out)
{
	const xmlNode	*c = S_wchild(n, name);
	const char	*v;

	if (c == NULL) {
		if (required)
			xld_msg(ld, ECAT_MSG_XML_MISSING_ATTR, n,
			    "<%s> has no <%s>", (const char *)n->name, name);
		return 1;
	}
	v = S_wtext(ld, c);
	if (xld_num(v, max, out) == 0)
		return 0;
	xld_msg(ld, ECAT_MSG_XML_BAD_VALUE, c,
	    "<%s>%.*s</%s>: not a number from 0 to %llu", name, ECHO_MAX, v,
	    name, (unsigned long long)max);
	return -1;
}

/*
 * Read the items of the section secname of meta (Levels, Tasks, ...)
 * into a fresh ecat_named array, and ws with their display texts.
 * Returns the array (owned by the catalog); ws->w is malloc'd.
 */
static struct ecat_named *
S_wdefs(struct xld *ld, const xmlNode *meta, const char *secname,
    const char *itemname, uint64_t max, struct S_wset *ws)
{
	const xmlNode		*sec, *c;
	struct ecat_named	*v, *d;
	uint64_t		 u;
	uint32_t		 n = 0;
	int			 chan = strcmp(itemname, "Channel") == 0;

	ws->n = 0;
	ws->w = NULL;
	if ((sec = S_wchild(meta, secname)) != NULL)
		for (c = sec->children; c != NULL; c = c->next)
			if (wep_is(c, itemname))
				n++;
	v = ECAT_NEWARRAY(ld->cat, struct ecat_named, n);
	ws->w = ecat_calloc(n + 1, sizeof(*ws->w));
	if (n == 0)
		return v;
	for (c = sec->children; c != NULL; c = c->next) {
		if (!wep_is(c, itemname))
			continue;
		d = &v[ws->n];
		d->loc = xld_loc(ld, c);
		d->task = -1;
		d->message = S_wmessage(ld, c);
		d->name = S_wfield_ne(ld, c, chan ? "Path" : "Name");
		if (d->name == NULL)
			xld_msg(ld, ECAT_MSG_XML_MISSING_ATTR, c,
			    "<%s> has no <%s>", itemname,
			    chan ? "Path" : "Name");
		if (S_wnum(ld, c, chan ? "Id" : "Value", max, 1, &u) == 0)
			d->value = u;
		if (chan)
			d->imported = S_wfield(ld, c, "Imported") != NULL &&
			    strcmp(S_wfield(ld, c, "Imported"), "true") == 0;
		ws->w[ws->n].def = d;
		ws->w[ws->n].label = d->message != NULL ? d->message : d->name;
		if (strcmp(itemname, "Opcode") == 0 &&
		    S_wnum(ld, c, "Task", UINT16_MAX, 0, &u) == 0)
			ws->w[ws->n].task = (int64_t)u;
		ws->n++;
	}
	return v;
}

/*
 * Move the task-local opcodes (<Task> not 0, a task of that value
 * listed) under their task, as a manifest has them (§1.6); the others
 * stay provider-global.  ws is updated to point at the moved copies.
 */
static void
S_wsplit(struct xld *ld, struct ecat_pschema *ps, struct S_wset *ws)
{
	struct ecat_named	*t;
	uint32_t		 i, k, nglob = 0;
	int64_t			*owner;

	owner = ecat_calloc(ws->n + 1, sizeof(*owner));
	for (i = 0; i < ws->n; i++) {
		owner[i] = -1;
		for (k = 0; ws->w[i].task != 0 && k < ps->ntasks; k++)
			if (ps->tasks[k].value == (uint64_t)ws->w[i].task) {
				owner[i] = k;
				ps->tasks[k].nopcodes++;
				break;
			}
		if (owner[i] < 0)
			nglob++;
	}
	for (k = 0; k < ps->ntasks; k++) {
		t = &ps->tasks[k];
		t->opcodes = ECAT_NEWARRAY(ld->cat, struct ecat_named,
		    t->nopcodes);
		t->nopcodes = 0;
	}
	ps->opcodes = ECAT_NEWARRAY(ld->cat, struct ecat_named, nglob);
	ps->nopcodes = 0;
	for (i = 0; i < ws->n; i++) {
		if (owner[i] < 0) {
			ps->opcodes[ps->nopcodes] = *ws->w[i].def;
			ws->w[i].def = &ps->opcodes[ps->nopcodes++];
			continue;
		}
		t = &ps->tasks[owner[i]];
		t->opcodes[t->nopcodes] = *ws->w[i].def;
		t->opcodes[t->nopcodes].task = (int64_t)t->value;
		ws->w[i].def = &t->opcodes[t->nopcodes++];
	}
	free(owner);
}

/*
 * The definition an event's display text s names: by display text, then
 * by name.  For opcodes (task ≥ 0) the opcodes local to that task are
 * tried first, then the global ones, as WEPExplorer's GetOpcodeName
 * chose them.  Returns NULL when none matches.
 */
static const struct ecat_named *
S_wfind(const struct S_wset *ws, const char *s, int64_t task)
{
	uint32_t	 i;
	int		 pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < ws->n; i++) {
			if (task >= 0 &&
			    ws->w[i].task != (pass == 0 ? task : 0))
				continue;
			if (ws->w[i].label == s || ws->w[i].def->name == s)
				return ws->w[i].def;
		}
		if (task < 0)
			break;
	}
	return NULL;
}

/*
 * Parse a template CDATA with the same refusals as a document; lines
 * are offset to where the CDATA starts, on the line of <Template>.
 * Returns 0 and fills t, or -1 when the text is not well-formed
 * (xml-malformed or xml-dtd emitted).
 */
static int
S_wtemplate(struct xld *ld, const xmlNode *tnode, const char *text,
    struct ecat_template *t)
{
	static const char	 head[] = "<w xmlns:win=\"" NS_WIN
	    "\" xmlns:xs=\"" NS_XS "\" xmlns:trace=\"" NS_TRACE "\">";
	static const char	 tail[] = "</w>";
	struct xld		 sub;
	struct ecat_xml_ps		 ps;
	struct ecat_buf		 b;
	struct ecat_loc		 loc;
	const xmlNode		*w, *c;
	xmlDocPtr		 doc;
	uint32_t		 base;

	base = xld_line(ld, tnode);
	base = base > 0 ? base - 1 : 0;
	t->loc = xld_loc(ld, tnode);
	ecat_buf_init(&b);
	ecat_buf_put(&b, head, sizeof(head) - 1);
	ecat_buf_puts(&b, text);
	ecat_buf_put(&b, tail, sizeof(tail) - 1);
	doc = ecat_xml_parse(b.buf, b.len, 0, &ps);
	ecat_buf_free(&b);
	loc.file = ld->file;
	loc.col = 0;
	if (doc == NULL) {
		if (ps.dtd) {
			loc.line = base + ps.dtdline;
			ecat_msgx(ld->cat->diag, ECAT_MSG_XML_DTD, &loc,
			    &ld->ctx, "in <Template>; template not read");
		} else {
			loc.line = base + ps.errline;
			ecat_msgx(ld->cat->diag, ECAT_MSG_XML_MALFORMED, &loc,
			    &ld->ctx, "in <Template>: %s", ps.errmsg);
		}
		return -1;
	}
	/* The manifest walker, on the sub-document. */
	sub = *ld;
	sub.doc = doc;
	sub.line_off = base;
	/* Names of its own: ld's stay those of the dump. */
	memset(&sub.nmtab, 0, sizeof(sub.nmtab));
	xld_names(&sub);
	w = xmlDocGetRootElement(doc);
	for (c = w != NULL ? w->children : NULL; c != NULL; c = c->next)
		if (xld_is(&sub, c, N_TEMPLATE))
			break;
	if (c != NULL) {
		t->loc = xld_loc(&sub, c);
		mf_template_items(&sub, c, t);
	} else
		t->shape = ecat_shape_intern(ld->cat, NULL, 0, NULL);
	/* The scratch arrays may have moved in the copy. */
	ld->fields = sub.fields;
	ld->fieldcap = sub.fieldcap;
	ld->flines = sub.flines;
	ld->flinecap = sub.flinecap;
	ld->mem = sub.mem;
	ld->memcap = sub.memcap;
	ld->memoff = sub.memoff;
	ld->memoffcap = sub.memoffcap;
	ecat_htab_free(&sub.nmtab);
	xmlFreeDoc(doc);
	return 0;
}

/* Drop the line end WEPExplorer writes right after "<![CDATA[". */
static const char *
S_wcdata(struct xld *ld, const char *s)
{
	if (s != NULL && *s == '\n')
		return ecat_str(ld->cat, s + 1);
	return s;
}

/*
 * Keywords: display texts joined with spaces, where a text may hold
 * spaces itself; the longest one that matches is taken at each point.
 * Sets the mask and the names; returns 0 when every one resolved.
 */
static int
S_wkeywords(struct xld *ld, const struct S_wset *ws, const char *s,
    struct ecat_event *e)
{
	const struct ecat_named	*best;
	const char		*lab[2];
	struct ecat_buf		 names;
	size_t			 bestlen, l;
	uint32_t		 j;
	int			 m, ok = 1;

	ecat_buf_init(&names);
	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		best = NULL;
		bestlen = 0;
		for (j = 0; j < ws->n; j++) {
			lab[0] = ws->w[j].label;
			lab[1] = ws->w[j].def->name;
			for (m = 0; m < 2; m++) {
				if (lab[m] == NULL)
					continue;
				l = strlen(lab[m]);
				if (l > bestlen && strncmp(s, lab[m], l) == 0 &&
				    (s[l] == ' ' || s[l] == '\0')) {
					best = ws->w[j].def;
					bestlen = l;
				}
			}
		}
		if (names.len > 0)
			ecat_buf_putc(&names, ' ');
		if (best == NULL) {
			ok = 0;
			bestlen = strcspn(s, " ");
			ecat_buf_put(&names, s, bestlen);
		} else {
			e->keywords |= best->value;
			ecat_buf_puts(&names, best->name != NULL ?
			    best->name : "");
		}
		s += bestlen;
	}
	e->keywords_names = ecat_str(ld->cat, names.len > 0 ? names.buf : "");
	ecat_buf_free(&names);
	return ok ? 0 : -1;
}

/* winmeta level or opcode whose display text is s (§1.6), or NULL. */
static const struct ecat_winmeta *
S_wwinmeta(const char *s, int opcode)
{
	const struct ecat_winmeta	*wm;
	unsigned			 u;

	for (u = 0; u < 256; u++) {
		wm = opcode ? ecat_winmeta_opcode_by_value(u) :
		    ecat_winmeta_level_by_value(u);
		if (wm != NULL && wm->message != NULL &&
		    strcmp(wm->message, s) == 0)
			return wm;
	}
	return NULL;
}

struct S_wprov {
	struct S_wset	 ch, lv, tk, op, kw;
};

static void
S_wevent(struct xld *ld, const xmlNode *n, struct ecat_pschema *ps,
    const struct S_wprov *wp, struct ecat_template *t, struct ecat_evsrc *src)
{
	struct ecat_event		*e = &src->ev;
	const struct ecat_winmeta	*wm;
	const struct ecat_named		*d;
	const char			*s, *tmpl;
	uint64_t			 u;
	int				 task = -1;

	src->loc = xld_loc(ld, n);
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	if (S_wnum(ld, n, "Id", UINT32_MAX, 1, &u) == 0) {
		e->id = (uint32_t)u;
		ld->ctx.event_id = (int64_t)u;
	}
	if (S_wnum(ld, n, "Version", UINT16_MAX, 0, &u) == 0)
		e->version = (uint16_t)u;
	ld->ctx.version = e->version;
	/* An absent element is a 0 WEPExplorer did not print. */
	e->has = ECAT_HAS_LEVEL | ECAT_HAS_TASK | ECAT_HAS_OPCODE |
	    ECAT_HAS_KEYWORDS | ECAT_HAS_CHANNEL;

	/*
	 * Names are those of the definition the display text resolves
	 * to, so that they compare with a manifest's; a text that does
	 * not resolve is kept as written, without its bit.
	 */
	if ((s = S_wfield_ne(ld, n, "Channel")) != NULL) {
		if ((d = S_wfind(&wp->ch, s, -1)) != NULL) {
			e->channel = (uint8_t)d->value;
			e->channel_name = d->name;
		} else {
			e->channel_name = s;
			e->has &= ~ECAT_HAS_CHANNEL;
		}
	}
	if ((s = S_wfield_ne(ld, n, "Level")) != NULL) {
		if ((d = S_wfind(&wp->lv, s, -1)) != NULL) {
			e->level = (uint8_t)d->value;
			e->level_name = d->name;
		} else if ((wm = S_wwinmeta(s, 0)) != NULL) {
			e->level = (uint8_t)wm->value;
			e->level_name = ecat_str(ld->cat, wm->name);
		} else {
			e->level_name = s;
			e->has &= ~ECAT_HAS_LEVEL;
		}
	}
	if ((s = S_wfield_ne(ld, n, "Task")) != NULL) {
		if ((d = S_wfind(&wp->tk, s, -1)) != NULL) {
			e->task = (uint16_t)d->value;
			e->task_name = d->name;
			task = e->task;
		} else {
			e->task_name = s;
			e->has &= ~ECAT_HAS_TASK;
		}
	}
	if ((s = S_wfield_ne(ld, n, "Opcode")) != NULL) {
		if ((d = S_wfind(&wp->op, s, task >= 0 ? task : 0)) != NULL) {
			e->opcode = (uint8_t)d->value;
			e->opcode_name = d->name;
		} else if ((wm = S_wwinmeta(s, 1)) != NULL) {
			e->opcode = (uint8_t)wm->value;
			e->opcode_name = ecat_str(ld->cat, wm->name);
		} else {
			e->opcode_name = s;
			e->has &= ~ECAT_HAS_OPCODE;
		}
	}
	if ((s = S_wfield_ne(ld, n, "Keyword")) != NULL &&
	    S_wkeywords(ld, &wp->kw, s, e) != 0)
		e->has &= ~ECAT_HAS_KEYWORDS;
	e->message = S_wcdata(ld, S_wmessage(ld, n));
	/*
	 * A template that does not parse is left out, not made empty; so
	 * is a blank <Template>, a template the dump lost (an event of no
	 * fields has an empty <template>): three SMBClient events of
	 * 26100.1742 whose messages use %11 and %14 (carry.c).
	 */
	if ((tmpl = S_wfield(ld, n, "Template")) != NULL &&
	    tmpl[strspn(tmpl, " \t\r\n")] != '\0' &&
	    S_wtemplate(ld, S_wchild(n, "Template"), tmpl, t) == 0) {
		e->tmpl = t;
		ps->ntemplates++;
	}
}

static void
S_wprovider(struct xld *ld, const xmlNode *prov)
{
	struct ecat_pschema	*ps;
	struct ecat_loc		 loc = xld_loc(ld, prov);
	struct S_wprov		 wp;
	const xmlNode		*meta, *em, *c;
	const char		*name, *guid;
	uint32_t		 nev = 0, n = 0;
	struct ecat_evsrc	*evs;

	ld->ctx.provider = NULL;
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	if ((name = S_wfield_ne(ld, prov, "Name")) == NULL) {
		xld_msg(ld, ECAT_MSG_XML_MISSING_ATTR, prov,
		    "<Provider> has no <Name>");
		return;
	}
	ps = ecat_pschema_new(ld->cat, name, ld->b, ECAT_SRC_MANIFEST,
	    ECAT_FMT_WEPEXPLORER, &loc);
	ld->ctx.provider = ps->name;
	ps->recovered = ld->recovered;
	if ((meta = S_wchild(prov, "Metadata")) == NULL)
		meta = prov;
	if ((guid = S_wfield_ne(ld, meta, "Guid")) == NULL)
		xld_msg(ld, ECAT_MSG_XML_MISSING_ATTR, meta,
		    "<Metadata> has no <Guid>");
	else if ((ps->guid = ecat_guid_norm(ld->cat, guid)) == NULL)
		xld_msg(ld, ECAT_MSG_XML_BAD_VALUE, S_wchild(meta, "Guid"),
		    "<Guid>%.*s</Guid>: not a GUID", ECHO_MAX, guid);
	ps->resource_file = S_wfield_ne(ld, meta, "ResourceFilePath");
	ps->message_file = S_wfield_ne(ld, meta, "MessageFilePath");
	ps->parameter_file = S_wfield_ne(ld, meta, "ParameterFilePath");
	ps->message = S_wfield_ne(ld, meta, "PublisherMessage");

	ps->channels = S_wdefs(ld, meta, "Channels", "Channel", UINT8_MAX,
	    &wp.ch);
	ps->nchannels = wp.ch.n;
	ps->levels = S_wdefs(ld, meta, "Levels", "Level", UINT8_MAX, &wp.lv);
	ps->nlevels = wp.lv.n;
	ps->tasks = S_wdefs(ld, meta, "Tasks", "Task", UINT16_MAX, &wp.tk);
	ps->ntasks = wp.tk.n;
	S_wdefs(ld, meta, "Opcodes", "Opcode", UINT8_MAX, &wp.op);
	S_wsplit(ld, ps, &wp.op);
	ps->keywords = S_wdefs(ld, meta, "Keywords", "Keyword", UINT64_MAX,
	    &wp.kw);
	ps->nkeywords = wp.kw.n;

	if ((em = S_wchild(prov, "EventMetadata")) != NULL)
		for (c = em->children; c != NULL; c = c->next)
			if (wep_is(c, "Event"))
				nev++;
	evs = ecat_calloc(nev + 1, sizeof(*evs));
	/* One template per event that has one, in event order. */
	ps->templates = ECAT_NEWARRAY(ld->cat, struct ecat_template, nev);
	if (em != NULL)
		for (c = em->children; c != NULL; c = c->next)
			if (wep_is(c, "Event"))
				S_wevent(ld, c, ps, &wp,
				    &ps->templates[ps->ntemplates],
				    &evs[n++]);
	free(wp.ch.w);
	free(wp.lv.w);
	free(wp.tk.w);
	free(wp.op.w);
	free(wp.kw.w);
	ld->ctx.event_id = -1;
	ld->ctx.version = -1;
	ecat_pschema_commit(ld->cat, ps, evs, n);
	free(evs);
}

void
wep_load(struct xld *ld, const xmlNode *root)
{
	const xmlNode	*p;

	for (p = root->children; p != NULL; p = p->next)
		if (wep_is(p, "Provider"))
			S_wprovider(ld, p);
}


/*
 * WEPExplorer writes through a text-mode stream, so the template's own
 * CRLF line ends come out as CR CR LF.  libxml2 turns the lone CR into
 * a second line feed inside the CDATA while counting one line, which
 * would double the template's line numbers; "\r\r\n" is rewritten
 * "\r\n" (one line end either way).  Returns a malloc'd copy, or NULL
 * when the buffer has no "\r\r\n".
 */
char *
wep_crcrlf(const char *buf, size_t len, size_t *outlen)
{
	const char	*p, *end = buf + len;
	char		*o, *q;

	for (p = buf; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
		if (end - p >= 3 && p[1] == '\r' && p[2] == '\n')
			break;
	if (p == NULL)
		return NULL;
	o = q = ecat_malloc(len + 1);
	for (p = buf; p < end; p++) {
		if (*p == '\r' && end - p >= 3 && p[1] == '\r' && p[2] == '\n')
			continue;
		*q++ = *p;
	}
	*q = '\0';
	*outlen = (size_t)(q - o);
	return o;
}
