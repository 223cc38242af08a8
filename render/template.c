/*
 * template.c: the logic-less template engine (see template.h).
 *
 * A template is parsed into a flat node array.  A section node keeps
 * the index just past its content, so rendering is a loop over a range
 * of nodes that recurses only into sections and partials; the closing
 * tag leaves no node.  Text nodes point into the template's own copy
 * of its source.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "html.h"
#include "io.h"
#include "template.h"

enum ntype {
	N_TEXT = 0,	/* src[off, off + len) */
	N_VAR,		/* {{name}} */
	N_RAW,		/* {{{name}}}, {{&name}} */
	N_SELF,		/* {{.}} */
	N_SECT,		/* {{#name}} */
	N_INV,		/* {{^name}} */
	N_PART		/* {{>name}} */
};

struct tnode {
	uint8_t			 type;
	int			 id;
	uint32_t		 off, len;
	uint32_t		 end;	/* SECT, INV: first node after */
	uint32_t		 line;
	const struct tpl	*part;
};

struct tpl {
	char			*key;	/* "event" */
	char			*file;	/* "templates/event.html" */
	char			*src;
	size_t			 srclen;
	struct tnode		*nodes;
	uint32_t		 nnodes;
	uint32_t		 cap;
	int			 state;	/* 0 parsing, 1 ok, -1 failed */
};

struct tpl_set {
	char			*dir;	/* or, with find, a label */
	const char		*(*find)(const char *, size_t *);
	struct tpl_vocab	*vocab;	/* sorted by name */
	size_t			 nvocab;
	struct ecat_diag	*diag;
	struct tpl		**tpls;
	size_t			 ntpls, cap;
};

/* The id {{.}} asks the innermost object for. */
#define TPL_ID_SELF	(-1)

static int
S_vocabcmp(const void *a, const void *b)
{
	return strcmp(((const struct tpl_vocab *)a)->name,
	    ((const struct tpl_vocab *)b)->name);
}

struct tpl_set *
tpl_set_new(const char *dir, const struct tpl_vocab *vocab, size_t n,
    struct ecat_diag *diag)
{
	struct tpl_set	*set;

	set = ecat_calloc(1, sizeof(*set));
	set->dir = dir != NULL ? ecat_strdup(dir) : NULL;
	set->vocab = ecat_calloc(n ? n : 1, sizeof(*vocab));
	if (n > 0)
		memcpy(set->vocab, vocab, n * sizeof(*vocab));
	set->nvocab = n;
	qsort(set->vocab, n, sizeof(*vocab), S_vocabcmp);
	set->diag = diag;
	return set;
}

struct tpl_set *
tpl_set_new_mem(const char *label, const char *(*find)(const char *,
    size_t *), const struct tpl_vocab *vocab, size_t n,
    struct ecat_diag *diag)
{
	struct tpl_set	*set;

	set = tpl_set_new(label, vocab, n, diag);
	set->find = find;
	return set;
}

void
tpl_set_free(struct tpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->ntpls; i++) {
		free(set->tpls[i]->key);
		free(set->tpls[i]->file);
		free(set->tpls[i]->src);
		free(set->tpls[i]->nodes);
		free(set->tpls[i]);
	}
	free(set->tpls);
	free(set->vocab);
	free(set->dir);
	free(set);
}

const char *
tpl_name(const struct tpl *t)
{
	return t->file;
}

/* ------------------------------------------------------------ parser */

struct parser {
	struct tpl_set	*set;
	struct tpl	*t;
	uint32_t	 line;	/* line of src[lpos] */
	size_t		 lpos;
	int		 err;
};

static void
S_err(struct parser *p, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
S_err(struct parser *p, size_t pos, const char *fmt, ...)
{
	struct ecat_loc	 loc;
	va_list		 ap;
	size_t		 i;
	uint32_t	 col = 1;

	for (; p->lpos < pos && p->lpos < p->t->srclen; p->lpos++)
		if (p->t->src[p->lpos] == '\n')
			p->line++;
	for (i = pos; i > 0 && p->t->src[i - 1] != '\n'; i--)
		col++;
	loc.file = p->t->file;
	loc.line = p->line;
	loc.col = col;
	va_start(ap, fmt);
	ecat_vmsgx(p->set->diag, ECAT_MSG_TEMPLATE_SYNTAX, &loc, NULL, fmt,
	    ap);
	va_end(ap);
	p->err = 1;
}

/* The line of src[pos], counted incrementally (pos never goes back). */
static uint32_t
S_line(struct parser *p, size_t pos)
{
	for (; p->lpos < pos; p->lpos++)
		if (p->t->src[p->lpos] == '\n')
			p->line++;
	return p->line;
}

static struct tnode *
S_node(struct tpl *t, int type)
{
	struct tnode	*n;

	if (t->nnodes == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->nodes = ecat_reallocarray(t->nodes, t->cap,
		    sizeof(*t->nodes));
	}
	n = &t->nodes[t->nnodes++];
	memset(n, 0, sizeof(*n));
	n->type = (uint8_t)type;
	return n;
}

static void
S_text(struct tpl *t, size_t a, size_t b)
{
	struct tnode	*n;

	if (b <= a)
		return;
	n = S_node(t, N_TEXT);
	n->off = (uint32_t)a;
	n->len = (uint32_t)(b - a);
}

static const struct tpl_vocab *
S_vocab(const struct tpl_set *set, const char *name)
{
	struct tpl_vocab	 key;

	key.name = name;
	return bsearch(&key, set->vocab, set->nvocab, sizeof(key),
	    S_vocabcmp);
}

static int
S_namechar(int c, int partial)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' ||
	    (!partial && c == '.');
}

static const struct tpl *S_load(struct tpl_set *, const char *, int);

/*
 * Parse t->src into t->nodes.  Returns 0, or -1 after diagnostics (the
 * whole template is checked, so every mistake is reported at once).
 */
static int
S_parse(struct tpl_set *set, struct tpl *t)
{
	struct parser		 p;
	struct {
		uint32_t	 node;
		int		 id;
		size_t		 pos;
	}			 stack[TPL_MAXDEPTH];
	const struct tpl_vocab	*v;
	const char		*s = t->src, *q, *close;
	char			 name[128];
	size_t			 pos = 0, open, after, ls, le, nlen, a, b;
	int			 depth = 0, kind, standalone;
	struct tnode		*n;

	memset(&p, 0, sizeof(p));
	p.set = set;
	p.t = t;
	p.line = 1;
	while (pos < t->srclen) {
		if ((q = strstr(s + pos, "{{")) == NULL) {
			S_text(t, pos, t->srclen);
			break;
		}
		open = (size_t)(q - s);
		kind = s[open + 2];
		if (kind == '{') {
			close = strstr(s + open + 3, "}}}");
			after = close != NULL ? (size_t)(close - s) + 3 : 0;
		} else {
			close = strstr(s + open + 2, "}}");
			after = close != NULL ? (size_t)(close - s) + 2 : 0;
		}
		if (close == NULL) {
			S_err(&p, open, "unterminated tag");
			S_text(t, pos, t->srclen);
			break;
		}
		if (strchr("{&#^/>!", kind) == NULL || kind == '\0')
			kind = 0;
		/* The name, trimmed. */
		a = open + 2 + (kind != 0);
		b = (size_t)(close - s);
		while (a < b && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
			b--;
		nlen = b - a;
		/* Standalone: only blanks around the tag on its line. */
		standalone = 0;
		if (kind != 0 && kind != '{' && kind != '&') {
			for (ls = open; ls > pos && (s[ls - 1] == ' ' ||
			    s[ls - 1] == '\t'); ls--)
				continue;
			for (le = after; le < t->srclen && (s[le] == ' ' ||
			    s[le] == '\t'); le++)
				continue;
			if ((ls == 0 || s[ls - 1] == '\n') &&
			    (le == t->srclen || s[le] == '\n' ||
			    (s[le] == '\r' && s[le + 1] == '\n'))) {
				standalone = 1;
				S_text(t, pos, ls);
				if (le < t->srclen)
					le += s[le] == '\r' ? 2 : 1;
				after = le;
			}
		}
		if (!standalone)
			S_text(t, pos, open);
		if (kind == '!') {
			pos = after;
			continue;
		}
		if (nlen == 0 || nlen >= sizeof(name)) {
			S_err(&p, open, "%s tag name", nlen ? "overlong" :
			    "empty");
			pos = after;
			continue;
		}
		memcpy(name, s + a, nlen);
		name[nlen] = '\0';
		for (q = name; *q != '\0'; q++)
			if (!S_namechar((unsigned char)*q, kind == '>'))
				break;
		if (*q != '\0' && strcmp(name, ".") != 0) {
			S_err(&p, open, "bad character in tag name '%s'",
			    name);
			pos = after;
			continue;
		}
		if (kind == '>') {
			n = S_node(t, N_PART);
			n->line = S_line(&p, open);
			if ((n->part = S_load(set, name, 1)) == NULL)
				S_err(&p, open, "partial '%s' cannot be "
				    "loaded", name);
			pos = after;
			continue;
		}
		if (strcmp(name, ".") == 0) {
			if (kind == '#' || kind == '^' || kind == '/') {
				S_err(&p, open, "'.' names no section");
				pos = after;
				continue;
			}
			n = S_node(t, kind ? N_RAW : N_SELF);
			n->type = kind ? N_RAW : N_SELF;
			n->id = TPL_ID_SELF;
			n->line = S_line(&p, open);
			pos = after;
			continue;
		}
		if ((v = S_vocab(set, name)) == NULL) {
			S_err(&p, open, "unknown name '%s'", name);
			pos = after;
			continue;
		}
		switch (kind) {
		case '{':
		case '&':
			if (!(v->flags & TPL_VOCAB_HTML)) {
				S_err(&p, open, "'%s' is text and cannot be "
				    "written raw; use {{%s}}", name, name);
				break;
			}
			n = S_node(t, N_RAW);
			n->id = v->id;
			n->line = S_line(&p, open);
			break;
		case '#':
		case '^':
			if (depth == TPL_MAXDEPTH) {
				S_err(&p, open, "sections nested too deep");
				break;
			}
			n = S_node(t, kind == '#' ? N_SECT : N_INV);
			n->id = v->id;
			n->line = S_line(&p, open);
			stack[depth].node = t->nnodes - 1;
			stack[depth].id = v->id;
			stack[depth].pos = open;
			depth++;
			break;
		case '/':
			if (depth == 0 || stack[depth - 1].id != v->id) {
				S_err(&p, open, "{{/%s}} closes no open "
				    "section", name);
				break;
			}
			depth--;
			t->nodes[stack[depth].node].end = t->nnodes;
			break;
		default:
			n = S_node(t, N_VAR);
			n->id = v->id;
			n->line = S_line(&p, open);
			break;
		}
		pos = after;
	}
	while (depth > 0) {
		depth--;
		S_err(&p, stack[depth].pos, "section not closed");
		t->nodes[stack[depth].node].end = t->nnodes;
	}
	return p.err ? -1 : 0;
}

static struct tpl *
S_find(const struct tpl_set *set, const char *key)
{
	size_t	 i;

	for (i = 0; i < set->ntpls; i++)
		if (strcmp(set->tpls[i]->key, key) == 0)
			return set->tpls[i];
	return NULL;
}

static struct tpl *
S_new(struct tpl_set *set, const char *key, char *file, char *src,
    size_t len)
{
	struct tpl	*t;

	t = ecat_calloc(1, sizeof(*t));
	t->key = ecat_strdup(key);
	t->file = file;
	t->src = src;
	t->srclen = len;
	if (set->ntpls == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->tpls = ecat_reallocarray(set->tpls, set->cap,
		    sizeof(*set->tpls));
	}
	set->tpls[set->ntpls++] = t;
	return t;
}

/* Largest template file read. */
#define S_MAX_FILE	(16 * 1024 * 1024)

/*
 * Read a whole template file; NUL bytes end it.  It is opened as every
 * input is (ecat_open_regular): a FIFO or a device is refused, not
 * waited on.  NULL with errno, and why says what went wrong when errno
 * is not ENOENT.
 */
static char *
S_read(const char *path, size_t *lenp, char *why, size_t whysz)
{
	struct stat	 st;
	char		*buf;
	size_t		 len;
	int		 fd, e;

	if ((fd = ecat_open_regular(path, &st, why, whysz)) == -1)
		return NULL;
	if ((buf = ecat_read_fd(fd, (size_t)st.st_size, S_MAX_FILE,
	    &len)) == NULL) {
		e = errno;
		snprintf(why, whysz, "%s", strerror(e));
		close(fd);
		errno = e;
		return NULL;
	}
	close(fd);
	*lenp = strlen(buf);
	return buf;
}

/*
 * The text of key from the set's find(), copied as S_read() would read
 * it (a NUL byte ends it).  NULL with errno.
 */
static char *
S_memread(const struct tpl_set *set, const char *key, size_t *lenp)
{
	const char	*text;
	char		*name, *src;
	size_t		 len;

	name = ecat_asprintf("%s.html", key);
	text = set->find(name, &len);
	free(name);
	if (text == NULL) {
		errno = ENOENT;
		return NULL;
	}
	src = ecat_strndup(text, len);
	*lenp = strlen(src);
	return src;
}

/*
 * Load key from the set's directory (or find()) unless known.  A template being
 * parsed is returned as it is, so a partial may include itself (the
 * render depth limit ends the recursion).
 */
static const struct tpl *
S_load(struct tpl_set *set, const char *key, int partial)
{
	struct ecat_loc	 loc = { NULL, 0, 0 };
	struct tpl	*t;
	char		*path, *src, why[128];
	size_t		 len;

	if ((t = S_find(set, key)) != NULL)
		return t->state == -1 ? NULL : t;
	if (set->dir == NULL)
		return NULL;
	path = ecat_asprintf("%s/%s.html", set->dir, key);
	src = set->find != NULL ? S_memread(set, key, &len) :
	    S_read(path, &len, why, sizeof(why));
	if (src == NULL) {
		loc.file = path;
		/*
		 * A template missing from the set, or too large, is the
		 * set's fault; one there that cannot be read (a FIFO, a
		 * device, a read error) is an input that cannot be read,
		 * as anywhere.
		 */
		if (errno != ENOENT && errno != EFBIG && set->find == NULL)
			ecat_msg(set->diag, ECAT_MSG_IO_OPEN, &loc, "%s", why);
		else if (!partial)
			ecat_msg(set->diag, ECAT_MSG_TEMPLATE_SYNTAX, &loc,
			    "cannot read template: %s", strerror(errno));
		free(path);
		return NULL;
	}
	t = S_new(set, key, path, src, len);
	t->state = S_parse(set, t) == 0 ? 1 : -1;
	return t->state == 1 ? t : NULL;
}

const struct tpl *
tpl_load(struct tpl_set *set, const char *key)
{
	return S_load(set, key, 0);
}

const struct tpl *
tpl_add(struct tpl_set *set, const char *key, const char *text, size_t len)
{
	struct tpl	*t;
	char		*src;

	src = ecat_strndup(text, len);
	t = S_new(set, key, ecat_asprintf("%s.html", key), src, strlen(src));
	t->state = S_parse(set, t) == 0 ? 1 : -1;
	return t->state == 1 ? t : NULL;
}

/* ------------------------------------------------------------ render */

struct frame {
	const struct tpl_class	*cls;
	const void		*obj;
};

struct rctx {
	struct ecat_buf		*out;
	void			*ud;
	int			 depth;		/* frames in use */
	int			 nest;		/* sections + partials */
	int			 over;		/* a limit was reached */
	size_t			 base;		/* out->len at the start */
	uint64_t		 steps;		/* nodes visited, objects asked */
	struct frame		 stack[TPL_MAXDEPTH];
	char			 scratch[TPL_SCRATCH];
};

static void
S_lookup(struct rctx *r, int id, struct tpl_val *v, int toponly)
{
	int	 d;

	for (d = r->depth - 1; d >= 0; d--) {
		/* Each object asked is a step (template.h's limits): a
		   name looked up through deep nesting costs that much. */
		r->steps++;
		memset(v, 0, sizeof(*v));
		r->stack[d].cls->get(r->stack[d].obj, id, v, r->scratch,
		    r->ud);
		if (v->kind != TPL_MISSING)
			break;
		if (toponly)
			break;
	}
	if ((v->kind == TPL_STR || v->kind == TPL_HTML) && v->s == NULL)
		v->kind = TPL_FALSE;
	if ((v->kind == TPL_STR || v->kind == TPL_HTML) &&
	    v->len == TPL_STRLEN)
		v->len = strlen(v->s);
}

static void
S_write(struct rctx *r, const struct tpl_val *v, int raw)
{
	char	 num[32];
	int	 k;

	switch (v->kind) {
	case TPL_STR:
		html_esc(r->out, v->s, v->len);
		break;
	case TPL_HTML:
		/* Raw only where the template asks and the value is ours. */
		if (raw)
			ecat_buf_put(r->out, v->s, v->len);
		else
			html_esc(r->out, v->s, v->len);
		break;
	case TPL_INT:
		k = snprintf(num, sizeof(num), "%" PRId64, v->i);
		ecat_buf_put(r->out, num, (size_t)k);
		break;
	default:
		break;
	}
}

static int
S_truthy(const struct tpl_val *v)
{
	switch (v->kind) {
	case TPL_TRUE:
	case TPL_INT:
	case TPL_OBJ:
		return 1;
	case TPL_STR:
	case TPL_HTML:
		return v->len > 0;
	case TPL_LIST:
		return v->n > 0;
	default:
		return 0;
	}
}

static void S_run(struct rctx *, const struct tpl *, uint32_t, uint32_t);

static void
S_section(struct rctx *r, const struct tpl *t, const struct tnode *n,
    uint32_t first)
{
	struct tpl_val	 v;
	size_t		 i;

	S_lookup(r, n->id, &v, 0);
	if (n->type == N_INV) {
		if (!S_truthy(&v))
			S_run(r, t, first, n->end);
		return;
	}
	if (!S_truthy(&v))
		return;
	if (v.kind != TPL_LIST && v.kind != TPL_OBJ) {
		S_run(r, t, first, n->end);
		return;
	}
	if (r->depth == TPL_MAXDEPTH) {
		r->over = 1;
		return;
	}
	r->depth++;
	if (v.kind == TPL_OBJ) {
		r->stack[r->depth - 1].cls = v.cls;
		r->stack[r->depth - 1].obj = v.obj;
		S_run(r, t, first, n->end);
	} else
		for (i = 0; i < v.n && !r->over; i++) {
			r->stack[r->depth - 1].cls = v.cls;
			r->stack[r->depth - 1].obj = v.cls->item != NULL ?
			    v.cls->item(v.obj, i, r->ud) : v.size > 0 ?
			    (const char *)v.obj + i * v.size :
			    ((const void *const *)v.obj)[i];
			S_run(r, t, first, n->end);
		}
	r->depth--;
}

static void
S_run(struct rctx *r, const struct tpl *t, uint32_t a, uint32_t b)
{
	const struct tnode	*n;
	struct tpl_val		 v;
	uint32_t		 i;

	if (r->nest >= TPL_MAXDEPTH) {
		r->over = 1;
		return;
	}
	r->nest++;
	for (i = a; i < b; i++) {
		/* The limits of template.h: checked per node, so that a
		   render stops within one value's length of them. */
		if (r->over || ++r->steps > TPL_MAXSTEPS ||
		    r->out->len - r->base > TPL_MAXOUT) {
			r->over = 1;
			break;
		}
		n = &t->nodes[i];
		switch (n->type) {
		case N_TEXT:
			ecat_buf_put(r->out, t->src + n->off, n->len);
			break;
		case N_VAR:
		case N_RAW:
		case N_SELF:
			S_lookup(r, n->id, &v, n->id == TPL_ID_SELF);
			S_write(r, &v, n->type == N_RAW);
			break;
		case N_SECT:
		case N_INV:
			S_section(r, t, n, i + 1);
			i = n->end - 1;
			break;
		case N_PART:
			if (n->part != NULL)
				S_run(r, n->part, 0, n->part->nnodes);
			break;
		}
	}
	r->nest--;
}

int
tpl_render(const struct tpl *t, struct ecat_buf *out,
    const struct tpl_class *cls, const void *obj, void *ud)
{
	struct rctx	*r;
	int		 over;

	/* Not on the stack of a thread: TPL_MAXDEPTH frames. */
	r = ecat_malloc(sizeof(*r));
	r->out = out;
	r->ud = ud;
	r->depth = 1;
	r->nest = 0;
	r->over = 0;
	r->steps = 0;
	r->base = out->len;
	r->stack[0].cls = cls;
	r->stack[0].obj = obj;
	ecat_buf_put(out, "", 0);
	S_run(r, t, 0, t->nnodes);
	if ((over = r->over) && out->len - r->base > TPL_MAXOUT) {
		out->len = r->base + TPL_MAXOUT;
		out->buf[out->len] = '\0';
	}
	free(r);
	return over ? -1 : 0;
}
