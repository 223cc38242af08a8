/*
 * msgfmt.c: parse and render event message strings.
 *
 * Grammar: docs/etw-manifest-reference.md §3.1 (FormatMessage, as the
 * Learn page for FormatMessage and Wine's format_msg.c describe it);
 * the problems reported are the message checks of §3.3.  One pass
 * over the text, one allocation per message: a first scan counts the
 * '%' signs, which bounds the number of tokens (each '%' ends a text
 * span and starts one construct) and of problems.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgfmt.h"

static const char *const probnames[ECAT_MFP__MAX] = {
	"unterminated-format", "trailing-percent", "format-spec", "over-99",
};

const char *
ecat_mfprob_name(enum ecat_mfprob p)
{
	return p < ECAT_MFP__MAX ? probnames[p] : "?";
}

/* Round up to the alignment of the arrays that follow in the block. */
#define ALIGN8(x)	(((x) + 7) & ~(size_t)7)

/* Parser state: the block being filled. */
struct mfparse {
	struct ecat_msgfmt	*mf;
	struct ecat_mftok	*tok;
	struct ecat_mfproblem	*prob;
	const char		*s;
	uint32_t		 len;
};

static struct ecat_mftok *
S_tok(struct mfparse *p, enum ecat_mftype type, uint32_t off, uint32_t len)
{
	struct ecat_mftok	*t = &p->tok[p->mf->ntok++];

	memset(t, 0, sizeof(*t));
	t->type = (uint8_t)type;
	t->off = off;
	t->len = len;
	return t;
}

static void
S_prob(struct mfparse *p, enum ecat_mfprob kind, uint32_t off, uint32_t len)
{
	struct ecat_mfproblem	*q = &p->prob[p->mf->nprob++];

	q->kind = kind;
	q->off = off;
	q->len = len;
}

static void
S_text(struct mfparse *p, uint32_t start, uint32_t end)
{
	if (end > start)
		S_tok(p, ECAT_MF_TEXT, start, end - start);
}

static int
S_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Check a printf-style spec (the text between the '!' marks) and count
 * its '*'s.  Event messages support only %N and %N!s!, because
 * EvtFormatMessage passes every insert as an already rendered string
 * (§3.1); S, ws and ls name the same wide string and are accepted too
 * (§3.3).  Returns 1 when the conversion is one of those, else 0.
 */
static int
S_spec(const char *f, size_t n, uint8_t *nstar)
{
	size_t	 i = 0;
	unsigned stars = 0;

	while (i < n && strchr("-+0 #", f[i]) != NULL)
		i++;
	if (i < n && f[i] == '*') {
		stars++;
		i++;
	} else
		while (i < n && S_isdigit((unsigned char)f[i]))
			i++;
	if (i < n && f[i] == '.') {
		i++;
		if (i < n && f[i] == '*') {
			stars++;
			i++;
		} else
			while (i < n && S_isdigit((unsigned char)f[i]))
				i++;
	}
	*nstar = (uint8_t)stars;
	f += i;
	n -= i;
	return (n == 1 && (f[0] == 's' || f[0] == 'S')) ||
	    (n == 2 && (f[0] == 'w' || f[0] == 'l') && f[1] == 's');
}

/* Bytes in the UTF-8 sequence starting with c (1 for bad bytes). */
static uint32_t
S_u8len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return 4;
	if (c >= 0xe0)
		return c < 0xf0 ? 3 : 1;
	if (c >= 0xc0)
		return 2;
	return 1;
}

static void
S_use(struct ecat_msgfmt *mf, uint32_t n, unsigned nstar)
{
	uint32_t	 k;

	if (n + nstar > mf->maxinsert)
		mf->maxinsert = n + nstar;
	for (k = n; k <= n + nstar && k <= 128; k++)
		mf->used[(k - 1) / 64] |= 1ULL << ((k - 1) % 64);
}

/*
 * "%" followed by a digit 1-9 at s[i]: an insert of at most two digits,
 * then an optional "!spec!".  Returns the index after the construct.
 */
static uint32_t
S_insert(struct mfparse *p, uint32_t i)
{
	const char		*s = p->s;
	struct ecat_mftok	*t;
	uint32_t		 j, k, n;

	n = (uint32_t)(s[i + 1] - '0');
	j = i + 2;
	if (j < p->len && S_isdigit((unsigned char)s[j]))
		n = n * 10 + (uint32_t)(s[j++] - '0');
	/* "%100" is insert 10 followed by "0" (§3.1): say so. */
	if (j < p->len && S_isdigit((unsigned char)s[j])) {
		for (k = j; k < p->len && S_isdigit((unsigned char)s[k]); k++)
			continue;
		S_prob(p, ECAT_MFP_OVER99, i, k - i);
	}
	t = S_tok(p, ECAT_MF_INSERT, i, j - i);
	t->n = n;
	if (j < p->len && s[j] == '!') {
		for (k = j + 1; k < p->len && s[k] != '!'; k++)
			continue;
		if (k == p->len) {
			/*
			 * mc and emc reject this; the fix is "%!" (§3.3).
			 * The insert stands alone and the '!' onwards is
			 * read as text.
			 */
			S_prob(p, ECAT_MFP_UNTERMINATED, j, p->len - j);
		} else {
			t->fmtoff = j + 1;
			t->fmtlen = (uint16_t)(k - j - 1 > UINT16_MAX ?
			    UINT16_MAX : k - j - 1);
			if (!S_spec(s + j + 1, k - j - 1, &t->nstar))
				S_prob(p, ECAT_MFP_FMT_SPEC, j + 1, k - j - 1);
			j = k + 1;
			t->len = j - i;
		}
	}
	S_use(p->mf, n, t->nstar);
	return j;
}

struct ecat_msgfmt *
ecat_msgfmt_parse(const char *src, size_t srclen)
{
	struct mfparse		 p;
	struct ecat_msgfmt	*mf;
	struct ecat_mftok	*t;
	const char		*s;
	size_t			 npct, ntok, nprob, sz, i, len;
	uint32_t		 j, start;
	char			*blk, *copy;

	if (src == NULL)
		srclen = 0;
	/* FormatMessage reads up to the NUL; so do we. */
	len = src != NULL ? strnlen(src, srclen) : 0;
	if (len > UINT32_MAX - 8)
		len = UINT32_MAX - 8;
	for (npct = 0, i = 0; i < len; i++)
		if (src[i] == '%')
			npct++;
	ntok = 2 * npct + 1;
	nprob = 2 * npct;

	sz = ALIGN8(sizeof(*mf));
	sz += ALIGN8(ntok * sizeof(struct ecat_mftok));
	sz += ALIGN8(nprob * sizeof(struct ecat_mfproblem));
	blk = ecat_malloc(sz + len + 1);
	mf = (struct ecat_msgfmt *)blk;
	memset(mf, 0, sizeof(*mf));
	p.tok = (struct ecat_mftok *)(blk + ALIGN8(sizeof(*mf)));
	p.prob = (struct ecat_mfproblem *)((char *)p.tok +
	    ALIGN8(ntok * sizeof(struct ecat_mftok)));
	copy = blk + sz;
	if (len > 0)
		memcpy(copy, src, len);
	copy[len] = '\0';
	mf->src = copy;
	mf->srclen = (uint32_t)len;
	mf->tok = p.tok;
	mf->prob = p.prob;
	p.mf = mf;
	p.s = s = copy;
	p.len = (uint32_t)len;

	start = j = 0;
	while (j < p.len) {
		if (s[j] != '%') {
			j++;
			continue;
		}
		S_text(&p, start, j);
		if (j + 1 == p.len) {
			/* Invalid for FormatMessage; shown as written. */
			S_prob(&p, ECAT_MFP_TRAILING, j, 1);
			S_tok(&p, ECAT_MF_TEXT, j, 1);
			start = ++j;
			continue;
		}
		switch (s[j + 1]) {
		case '0':
			/* End of message: nothing after it is output. */
			S_tok(&p, ECAT_MF_END, j, 2);
			return mf;
		case '1': case '2': case '3': case '4': case '5':
		case '6': case '7': case '8': case '9':
			j = S_insert(&p, j);
			break;
		case '%':
			if (j + 2 < p.len && S_isdigit((unsigned char)s[j + 2])) {
				/* %%<d>...: parameter string (§3.1). */
				uint64_t	 id = 0;
				uint32_t	 k;

				for (k = j + 2; k < p.len &&
				    S_isdigit((unsigned char)s[k]); k++)
					if ((id = id * 10 +
					    (uint64_t)(s[k] - '0')) > UINT32_MAX)
						id = UINT32_MAX;
				t = S_tok(&p, ECAT_MF_PARAM, j, k - j);
				t->n = (uint32_t)id;
				j = k;
			} else {
				S_tok(&p, ECAT_MF_ESCAPE, j + 1, 1);
				j += 2;
			}
			break;
		case 'n':
			S_tok(&p, ECAT_MF_BREAK, j, 2);
			j += 2;
			break;
		case 'r':
			S_tok(&p, ECAT_MF_CR, j, 2);
			j += 2;
			break;
		case 't':
			S_tok(&p, ECAT_MF_TAB, j, 2);
			j += 2;
			break;
		case 'b':
			S_tok(&p, ECAT_MF_BLANK, j, 2);
			j += 2;
			break;
		default: {
			/* %. %! % and any other %x output x (§3.1). */
			uint32_t	 n = S_u8len((unsigned char)s[j + 1]);

			if (n > p.len - j - 1)
				n = p.len - j - 1;
			S_tok(&p, ECAT_MF_ESCAPE, j + 1, n);
			j += 1 + n;
			break;
		}
		}
		start = j;
	}
	S_text(&p, start, j);
	return mf;
}

struct ecat_msgfmt *
ecat_msgfmt_parses(const char *src)
{
	return ecat_msgfmt_parse(src, src != NULL ? strlen(src) : 0);
}

void
ecat_msgfmt_free(struct ecat_msgfmt *mf)
{
	free(mf);
}

uint32_t
ecat_msgfmt_maxinsert(const struct ecat_msgfmt *mf)
{
	return mf->maxinsert;
}

int
ecat_msgfmt_uses(const struct ecat_msgfmt *mf, uint32_t n)
{
	if (n < 1 || n > 128)
		return 0;
	return (mf->used[(n - 1) / 64] >> ((n - 1) % 64)) & 1;
}

void
ecat_msgfmt_render(const struct ecat_msgfmt *mf, struct ecat_buf *out,
    unsigned flags, ecat_mf_insert_fn insert, ecat_mf_param_fn param,
    void *arg)
{
	const struct ecat_mftok	*t;
	uint32_t		 i;

	/* Make out->buf a string even when nothing is appended. */
	ecat_buf_put(out, "", 0);
	for (i = 0; i < mf->ntok; i++) {
		t = &mf->tok[i];
		switch (t->type) {
		case ECAT_MF_INSERT:
			if (insert != NULL && insert(out, mf, t, arg) == 0)
				break;
			ecat_buf_put(out, mf->src + t->off, t->len);
			break;
		case ECAT_MF_PARAM:
			if (param != NULL && param(out, t->n, arg) == 0)
				break;
			ecat_buf_put(out, mf->src + t->off, t->len);
			break;
		case ECAT_MF_BREAK:
			ecat_buf_puts(out, flags & ECAT_MF_LF ? "\n" : "\r\n");
			break;
		case ECAT_MF_CR:
			ecat_buf_putc(out, '\r');
			break;
		case ECAT_MF_TAB:
			ecat_buf_putc(out, '\t');
			break;
		case ECAT_MF_BLANK:
			ecat_buf_putc(out, ' ');
			break;
		case ECAT_MF_END:
			return;
		default:	/* TEXT, ESCAPE */
			ecat_buf_put(out, mf->src + t->off, t->len);
			break;
		}
	}
}

/* Title state: white space is collapsed, leading space dropped. */
struct title {
	struct ecat_buf	*out;
	unsigned	 flags;
	int		 started;	/* some visible text written */
	int		 pending;	/* a space is owed before the next */
	int		 done;		/* first line ended */
};

/* A line break: ends the title once it has text (unless ONELINE). */
static void
S_tbreak(struct title *t)
{
	if (!t->started)
		return;
	if (t->flags & ECAT_MF_ONELINE)
		t->pending = 1;
	else
		t->done = 1;
}

/* 0: visible, 1: blank, 2: line break. */
static int
S_tclass(char c)
{
	if (c == '\r' || c == '\n')
		return 2;
	if (c == ' ' || c == '\t' || c == '\v' || c == '\f')
		return 1;
	return 0;
}

static void
S_tput(struct title *t, const char *s, size_t n)
{
	size_t	 i, run;

	for (i = 0; i < n && !t->done; ) {
		switch (S_tclass(s[i])) {
		case 2:
			S_tbreak(t);
			i++;
			continue;
		case 1:
			t->pending = t->started;
			i++;
			continue;
		default:
			break;
		}
		if (t->pending) {
			ecat_buf_putc(t->out, ' ');
			t->pending = 0;
		}
		for (run = i + 1; run < n && S_tclass(s[run]) == 0; run++)
			continue;
		ecat_buf_put(t->out, s + i, run - i);
		t->started = 1;
		i = run;
	}
}

size_t
ecat_msgfmt_title(const struct ecat_msgfmt *mf, struct ecat_buf *out,
    const struct ecat_field *fields, uint32_t nfields, unsigned flags)
{
	const struct ecat_mftok	*tk;
	struct title		 t;
	size_t			 start;
	uint32_t		 i;

	ecat_buf_put(out, "", 0);
	start = out->len;
	memset(&t, 0, sizeof(t));
	t.out = out;
	t.flags = flags;
	for (i = 0; i < mf->ntok && !t.done; i++) {
		tk = &mf->tok[i];
		switch (tk->type) {
		case ECAT_MF_INSERT:
			if (tk->n <= nfields && fields[tk->n - 1].name != NULL &&
			    fields[tk->n - 1].name[0] != '\0')
				S_tput(&t, fields[tk->n - 1].name,
				    strlen(fields[tk->n - 1].name));
			else {
				/* "%N" without its spec: no such field. */
				char	 num[8];
				int	 k;

				k = snprintf(num, sizeof(num), "%%%u",
				    (unsigned)tk->n);
				S_tput(&t, num, (size_t)k);
			}
			break;
		case ECAT_MF_BREAK:
		case ECAT_MF_CR:
			S_tbreak(&t);
			break;
		case ECAT_MF_TAB:
		case ECAT_MF_BLANK:
			t.pending = t.started;
			break;
		case ECAT_MF_END:
			t.done = 1;
			break;
		default:	/* TEXT, ESCAPE, PARAM as written */
			S_tput(&t, mf->src + tk->off, tk->len);
			break;
		}
	}
	if ((flags & ECAT_MF_SENTENCE) && out->len > start) {
		while (out->len > start &&
		    strchr(":;, ", out->buf[out->len - 1]) != NULL)
			out->buf[--out->len] = '\0';
		if (out->len > start &&
		    strchr(".!?", out->buf[out->len - 1]) == NULL)
			ecat_buf_putc(out, '.');
	}
	return out->len - start;
}
