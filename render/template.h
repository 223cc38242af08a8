/*
 * template.h: a small logic-less template engine (internal), after
 * mustache(5) (mustache.github.io/mustache.5.html):
 *
 *   {{name}}          the value of name, HTML-escaped
 *   {{{name}}}        the value written as it is ("raw"); allowed only
 *   {{&name}}         for names the vocabulary marks TPL_VOCAB_HTML,
 *                     whose values etwcat produces itself as HTML
 *   {{#name}}...{{/name}}  a section: repeated for each item of a list,
 *                     entered once for an object or a true value,
 *                     skipped for a missing, false or empty value
 *   {{^name}}...{{/name}}  an inverted section: entered only when the
 *                     section would be skipped
 *   {{>name}}         a partial: the template name.html, inserted
 *   {{!...}}          a comment
 *   {{.}}             the current item itself (a list of strings)
 *
 * A tag alone on its line (sections, partials, comments) takes its
 * line with it, as mustache's "standalone" rule says, so templates can
 * be indented freely.  There is no way to run code or to change the
 * delimiters.
 *
 * Templates are parsed once (tpl_load) into a node array whose
 * variable names are already resolved to the caller's ids, so a
 * misspelt name is an error at load time with its file and line, and
 * rendering a page is a walk over the nodes with no lookups by string.
 * A parsed template is read-only: any number of threads may render it
 * at once.
 *
 * Values come from the caller through a class per kind of object
 * (struct tpl_class): the engine asks the innermost object of the
 * section stack first and goes outwards while the answer is
 * TPL_MISSING, as mustache's context stack does.
 */
#ifndef ECAT_TEMPLATE_H
#define ECAT_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "diag.h"

enum tpl_kind {
	TPL_MISSING = 0,	/* not in this object: ask the enclosing one */
	TPL_FALSE,		/* present, false or null */
	TPL_TRUE,
	TPL_STR,		/* text; escaped wherever it is written */
	TPL_HTML,		/* etwcat's own HTML; raw only in {{{ }}} */
	TPL_INT,
	TPL_LIST,
	TPL_OBJ
};

struct tpl_class;

struct tpl_val {
	enum tpl_kind		 kind;
	const char		*s;	/* STR, HTML */
	size_t			 len;	/* STR, HTML; TPL_STRLEN: strlen(s) */
	int64_t			 i;	/* INT */
	size_t			 n;	/* LIST: number of items */
	const struct tpl_class	*cls;	/* LIST: the items'; OBJ: its */
	const void		*obj;	/* LIST: the list; OBJ: the object */
	size_t			 size;	/* LIST, for cls->item NULL: the
					   size of an item, items stored in
					   the list; 0: pointers to them */
};

#define TPL_STRLEN	((size_t)-1)
/* Scratch space a get() may format a value into (TPL_STR/HTML). */
#define TPL_SCRATCH	128

struct tpl_class {
	/*
	 * Fill *v (already zeroed: TPL_MISSING) with the value of the
	 * variable id in obj.  scratch holds TPL_SCRATCH bytes that stay
	 * valid until the next call.  ud is tpl_render()'s.
	 */
	void		 (*get)(const void *obj, int id, struct tpl_val *v,
			    char *scratch, void *ud);
	/* For lists: item i (0 <= i < n) of list; NULL: the engine
	   walks the list itself, as the value's size says. */
	const void	*(*item)(const void *list, size_t i, void *ud);
};

/* The names a template may use. */
#define TPL_VOCAB_HTML	0x01	/* its values are HTML: {{{ }}} allowed */

struct tpl_vocab {
	const char	*name;
	int		 id;
	unsigned	 flags;
};

struct tpl;
struct tpl_set;

/*
 * A set of templates read from dir (NULL: only tpl_add()), knowing the
 * vocabulary (copied).  Problems are reported to diag as
 * template-syntax errors.  Free with tpl_set_free().
 */
struct tpl_set	*tpl_set_new(const char *dir, const struct tpl_vocab *,
		    size_t nvocab, struct ecat_diag *);
/*
 * The same, for templates held in memory (the embedded set,
 * embedded.h): find(name, &len) returns the text of name ("event.html")
 * and its length, or NULL when there is none; it is asked when a
 * template is first loaded, and the text is copied then.  Messages
 * name a template label/name.
 */
struct tpl_set	*tpl_set_new_mem(const char *label,
		    const char *(*find)(const char *name, size_t *lenp),
		    const struct tpl_vocab *, size_t nvocab,
		    struct ecat_diag *);
void		 tpl_set_free(struct tpl_set *);

/*
 * The template name ("event" reads dir/event.html), parsed once and
 * then shared; its partials are loaded with it.  Returns NULL after a
 * diagnostic when it cannot be read or parsed.
 */
const struct tpl *tpl_load(struct tpl_set *, const char *name);

/*
 * Add a template from memory (len bytes; the text is copied) under
 * name, as if read from a file; partials are looked up among added
 * templates first.  Returns it, or NULL after a diagnostic.
 */
const struct tpl *tpl_add(struct tpl_set *, const char *name,
		    const char *text, size_t len);

/*
 * Limits of one render (etwcat.1, LIMITS).  A template may include
 * itself and nest sections over lists, so a few lines can ask for
 * exponentially much work ({{>p}}{{>p}} inside p): rendering stops at
 * TPL_MAXOUT bytes of output, TPL_MAXSTEPS nodes visited, or sections
 * and partials nested TPL_MAXDEPTH deep.  The
 * largest page of the full corpus (17 TSV builds with samples/ and
 * ../shared/samples) took 259,305 steps (a step is a node visited or
 * an object asked for a name) and wrote 2,010,383 bytes: the limits
 * are 16 and 33 times above what real pages need.
 */
#define TPL_MAXOUT	(64UL * 1024 * 1024)
#define TPL_MAXSTEPS	(4UL * 1024 * 1024)
/* Deepest section or partial nesting (also the parser's bound). */
#define TPL_MAXDEPTH	64

/*
 * Append the template to out with obj (of class cls) as the outermost
 * object; a value missing everywhere writes nothing.  Returns 0, or
 * -1 when a limit above stopped the render (out then holds what was
 * written up to it, at most TPL_MAXOUT bytes: the caller must not
 * publish it).
 */
int		 tpl_render(const struct tpl *, struct ecat_buf *out,
		    const struct tpl_class *cls, const void *obj, void *ud);

/* The file a template was read from, for messages. */
const char	*tpl_name(const struct tpl *);

#endif /* !ECAT_TEMPLATE_H */
