/*
 * alloc.c: allocation wrappers, arena, hash table, interner, buffer.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "diag.h"

static void	(*S_hook)(void);
static int	 S_dying;	/* a thread is in S_oom */
static pthread_t S_dier;	/* that thread */

void
ecat_oom_hook(void (*fn)(void))
{
	__atomic_store_n(&S_hook, fn, __ATOMIC_SEQ_CST);
}

/*
 * Report, run the hook, exit 3.  Several threads may run out of memory
 * at once (the site build's workers): exit(3) is not safe to call from
 * two threads, and a second thread exiting would cut the first one's
 * hook short, so only the first thread goes on; any other waits for
 * the exit, which ends it.  The same thread coming back (an atexit
 * handler that allocates) leaves at once.
 */
static void __attribute__((noreturn))
S_oom(void)
{
	void	(*fn)(void);

	if (__atomic_exchange_n(&S_dying, 1, __ATOMIC_SEQ_CST)) {
		if (pthread_equal(__atomic_load_n(&S_dier, __ATOMIC_SEQ_CST),
		    pthread_self()))
			_exit(ECAT_EXIT_SYSTEM);
		for (;;)
			pause();
	}
	__atomic_store_n(&S_dier, pthread_self(), __ATOMIC_SEQ_CST);
	/* No allocation here: stderr is unbuffered. */
	fputs("etwcat: out of memory\n", stderr);
	if ((fn = __atomic_exchange_n(&S_hook, NULL, __ATOMIC_SEQ_CST)) != NULL)
		fn();
	exit(ECAT_EXIT_SYSTEM);
}

void
ecat_oom(void)
{
	S_oom();
}

void *
ecat_malloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		S_oom();
	return p;
}

void *
ecat_calloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, sz == 0 ? 1 : sz)) == NULL)
		S_oom();
	return p;
}

void *
ecat_realloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		S_oom();
	return p;
}

void *
ecat_reallocarray(void *p, size_t n, size_t sz)
{
	if (sz != 0 && n > SIZE_MAX / sz)
		S_oom();
	return ecat_realloc(p, n * sz);
}

char *
ecat_strdup(const char *s)
{
	return ecat_strndup(s, strlen(s));
}

char *
ecat_strndup(const char *s, size_t n)
{
	char	*p;

	p = ecat_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
ecat_asprintf(const char *fmt, ...)
{
	struct ecat_buf	 b;
	va_list		 ap;

	ecat_buf_init(&b);
	va_start(ap, fmt);
	ecat_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return ecat_buf_detach(&b);
}

/* ---------------------------------------------------------------- arena */

#define ARENA_CHUNK	(256 * 1024)
#define ARENA_OWN	4096

struct chunk {
	struct chunk	*next;
	size_t		 used;
	size_t		 size;
	/* Aligned payload follows. */
	max_align_t	 data[];
};

struct ecat_arena {
	struct chunk	*head;
	size_t		 total;
};

struct ecat_arena *
ecat_arena_new(void)
{
	return ecat_calloc(1, sizeof(struct ecat_arena));
}

void
ecat_arena_free(struct ecat_arena *a)
{
	struct chunk	*c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void *
ecat_arena_alloc(struct ecat_arena *a, size_t n)
{
	struct chunk	*c;
	size_t		 size;
	void		*p;

	n = (n + 7) & ~(size_t)7;
	c = a->head;
	if (c == NULL || c->size - c->used < n) {
		/*
		 * Large requests get a chunk of their own, linked behind
		 * the current one so its free space is not wasted; so
		 * does a request of ARENA_OWN or more while that space
		 * is as large, so that no chunk is left with more than
		 * ARENA_OWN unused.  Starting a new chunk whatever the
		 * space left wasted 4.8 MB over the 17 TSV builds, whose
		 * per-file event arrays are a few KB each
		 * (bench/load_mem.c).
		 */
		size = n > ARENA_CHUNK / 4 || (c != NULL && n >= ARENA_OWN &&
		    c->size - c->used >= ARENA_OWN) ? n : ARENA_CHUNK;
		c = ecat_malloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		if (size != ARENA_CHUNK && a->head != NULL) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
		a->total += size;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *
ecat_arena_strndup(struct ecat_arena *a, const char *s, size_t n)
{
	char	*p;

	p = ecat_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
ecat_arena_strdup(struct ecat_arena *a, const char *s)
{
	return ecat_arena_strndup(a, s, strlen(s));
}

size_t
ecat_arena_bytes(const struct ecat_arena *a)
{
	return a->total;
}

size_t
ecat_arena_used(const struct ecat_arena *a)
{
	const struct chunk	*c;
	size_t			 n = 0;

	for (c = a->head; c != NULL; c = c->next)
		n += c->used;
	return n;
}

size_t
ecat_utf8_len(const unsigned char *s, size_t n)
{
	size_t		 len, i;
	uint32_t	 cp;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* ----------------------------------------------------------------- hash */

uint64_t
ecat_hash(const void *p, size_t n, uint64_t h)
{
	const unsigned char	*s = p;

	while (n--) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* ------------------------------------------------------------ hash table */

/* The hash of a key, never 0 (the mark of an empty slot). */
static uint64_t
S_hkey(const struct ecat_htab *t, const void *k, size_t n, uint64_t tag)
{
	uint64_t	 h;

	if (t->key == ECAT_HKEY_STR && t->hash != NULL)
		h = t->hash(k, n, tag);
	else if (t->key == ECAT_HKEY_STR && k != NULL)
		h = ecat_hash(k, n, tag == 0 ? ECAT_HASH_SEED :
		    ECAT_HASH_SEED ^ (tag * 0x9e3779b97f4a7c15ULL));
	else	/* as ecat_htab_pfind() when n is 0 */
		h = ecat_hmix((uint64_t)(uintptr_t)k ^ (uint64_t)n << 48 ^
		    tag * 0x9e3779b97f4a7c15ULL);
	return h != 0 ? h : 1;
}

static int
S_heq(const struct ecat_htab *t, const struct ecat_hent *e, uint64_t h,
    const void *k, size_t n, uint64_t tag)
{
	if (e->h != h || e->n != n || e->tag != tag)
		return 0;
	if (e->k == k)
		return 1;
	if (t->key == ECAT_HKEY_PTR || e->k == NULL || k == NULL)
		return 0;
	return t->eq != NULL ? t->eq(e->k, k, n) : memcmp(e->k, k, n) == 0;
}

static struct ecat_hent *
S_hslots(struct ecat_htab *t, size_t cap)
{
	if (t->arena != NULL)
		return ecat_arena_alloc(t->arena, cap * sizeof(*t->e));
	return ecat_calloc(cap, sizeof(*t->e));
}

void
ecat_htab_init(struct ecat_htab *t, enum ecat_hkey key, size_t n)
{
	memset(t, 0, sizeof(*t));
	t->key = key;
	if (n == 0)
		return;
	for (t->cap = 16; t->cap < 2 * n + 2; t->cap *= 2)
		continue;
	t->e = S_hslots(t, t->cap);
}

void
ecat_htab_free(struct ecat_htab *t)
{
	if (t->arena == NULL)
		free(t->e);
	t->e = NULL;
	t->cap = t->n = 0;
}

/*
 * A table used once per record (one event's members) is cleared as
 * often as it is filled: a memset of a table grown by one large record
 * would make every later small one pay for it, so a table much larger
 * than its last fill is dropped instead, and each clear costs no more
 * than the puts before it.
 */
void
ecat_htab_clear(struct ecat_htab *t)
{
	if (t->e == NULL)
		return;
	if (t->arena == NULL && t->cap > 64 && t->n * 8 < t->cap) {
		free(t->e);
		t->e = NULL;
		t->cap = 0;
	} else
		memset(t->e, 0, t->cap * sizeof(*t->e));
	t->n = 0;
}

/*
 * The entry of (k, n, tag), whose hash is h, or the empty slot where it
 * would go (the table is never full).
 */
static inline struct ecat_hent *
S_hprobe(const struct ecat_htab *t, uint64_t h, const void *k, size_t n,
    uint64_t tag)
{
	struct ecat_hent	*e;
	size_t			 i;

	for (i = h & (t->cap - 1); (e = &t->e[i])->h != 0;
	    i = (i + 1) & (t->cap - 1))
		if (e->h == h && S_heq(t, e, h, k, n, tag))
			break;
	return e;
}

struct ecat_hent *
ecat_htab_find(const struct ecat_htab *t, const void *k, size_t n,
    uint64_t tag)
{
	struct ecat_hent	*e;

	if (t->cap == 0)
		return NULL;
	e = S_hprobe(t, S_hkey(t, k, n, tag), k, n, tag);
	return e->h != 0 ? e : NULL;
}

static void
S_hgrow(struct ecat_htab *t)
{
	struct ecat_hent	*old = t->e;
	size_t			 ocap = t->cap, i, j;

	t->cap = ocap != 0 ? ocap * 2 : 16;
	t->e = S_hslots(t, t->cap);
	for (i = 0; i < ocap; i++) {
		if (old[i].h == 0)
			continue;
		for (j = old[i].h & (t->cap - 1); t->e[j].h != 0;
		    j = (j + 1) & (t->cap - 1))
			continue;
		t->e[j] = old[i];
	}
	if (t->arena == NULL)
		free(old);
}

struct ecat_hent *
ecat_htab_put(struct ecat_htab *t, const void *k, size_t n, uint64_t tag,
    int *isnew)
{
	struct ecat_hent	*e;
	uint64_t		 h;

	if ((t->n + 1) * 2 > t->cap)
		S_hgrow(t);
	h = S_hkey(t, k, n, tag);
	if ((e = S_hprobe(t, h, k, n, tag))->h != 0) {
		if (isnew != NULL)
			*isnew = 0;
		return e;
	}
	e->h = h;
	e->k = k;
	e->n = n;
	e->tag = tag;
	t->n++;
	if (isnew != NULL)
		*isnew = 1;
	return e;
}

/* ------------------------------------------------------------- interner */

/*
 * The interner has a table of its own rather than an ecat_htab: a slot
 * is the copy, its length and half of its hash, 16 bytes where an
 * ecat_hent is 40, and the table may be three quarters full where an
 * ecat_htab is at most half.  Over every shared source (bench/load_mem.sh
 * with the five sources of the full corpus) its 150,630 strings took
 * 524,288 slots of 40 bytes, 20.0 MB; they now take 262,144 of 16, 4.0 MB.
 */
struct islot {
	const char	*s;	/* the arena copy; NULL: an empty slot */
	uint32_t	 h;	/* the hash's high half */
	uint32_t	 len;
};

struct ecat_intern {
	struct ecat_arena	*arena;
	struct islot		*slot;
	size_t			 cap;	/* a power of two */
	size_t			 n;
};

struct ecat_intern *
ecat_intern_new(struct ecat_arena *a)
{
	struct ecat_intern	*in;

	in = ecat_calloc(1, sizeof(*in));
	in->arena = a;
	in->cap = 4096;
	in->slot = ecat_calloc(in->cap, sizeof(*in->slot));
	return in;
}

void
ecat_intern_free(struct ecat_intern *in)
{
	if (in == NULL)
		return;
	free(in->slot);
	free(in);
}

/*
 * The slot of s (len bytes, hash h), or the empty one where it would
 * go.  The table is never full.
 */
/*
 * A string's hash for the interner alone, eight bytes at a time where
 * ecat_hash() (FNV-1a) takes one; nothing outside this table sees it.
 * With the smaller slots, ecat_intern() over every shared source went
 * from 381 to 336 million instructions (etwcat validate, callgrind).
 */
static inline uint64_t
S_ihash(const char *s, size_t len)
{
	uint64_t	 h = 0x9e3779b97f4a7c15ULL ^ len, w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, len);
	return ecat_hmix(h ^ w);
}

static inline struct islot *
S_islot(const struct ecat_intern *in, uint64_t h, const char *s, size_t len)
{
	struct islot	*e;
	uint32_t	 hh = (uint32_t)(h >> 32);
	size_t		 i;

	for (i = h & (in->cap - 1); (e = &in->slot[i])->s != NULL;
	    i = (i + 1) & (in->cap - 1))
		if (e->h == hh && e->len == len && memcmp(e->s, s, len) == 0)
			break;
	return e;
}

static void
S_igrow(struct ecat_intern *in)
{
	struct islot	*old = in->slot, *e;
	size_t		 ocap = in->cap, i, j;

	in->cap = ocap * 2;
	in->slot = ecat_calloc(in->cap, sizeof(*in->slot));
	for (i = 0; i < ocap; i++) {
		if (old[i].s == NULL)
			continue;
		/* The index is the hash's low bits, which no slot keeps. */
		j = S_ihash(old[i].s, old[i].len) & (in->cap - 1);
		for (; (e = &in->slot[j])->s != NULL; j = (j + 1) & (in->cap - 1))
			continue;
		*e = old[i];
	}
	free(old);
}

/*
 * Strings longer than 4 GB never come (no input file is larger than
 * ECAT_MAX_FILE, io.h), and a slot keeps the length in 32 bits.
 */
const char *
ecat_intern(struct ecat_intern *in, const char *s, size_t len)
{
	struct islot	*e;
	uint64_t	 h;

	if (s == NULL)
		return NULL;
	if (len > UINT32_MAX)
		S_oom();
	if ((in->n + 1) * 4 > in->cap * 3)
		S_igrow(in);
	h = S_ihash(s, len);
	if ((e = S_islot(in, h, s, len))->s == NULL) {
		e->s = ecat_arena_strndup(in->arena, s, len);
		e->h = (uint32_t)(h >> 32);
		e->len = (uint32_t)len;
		in->n++;
	}
	return e->s;
}

const char *
ecat_intern_find(const struct ecat_intern *in, const char *s, size_t len)
{
	if (len > UINT32_MAX)
		return NULL;
	return S_islot(in, S_ihash(s, len), s, len)->s;
}

void
ecat_intern_stats(const struct ecat_intern *in, size_t *nstr, size_t *bytes,
    size_t *slots, size_t *slotsize)
{
	size_t	 i;

	*nstr = in->n;
	*slots = in->cap;
	*slotsize = sizeof(*in->slot);
	*bytes = 0;
	for (i = 0; i < in->cap; i++)
		if (in->slot[i].s != NULL)
			*bytes += (in->slot[i].len + 1 + 7) & ~(size_t)7;
}

const char *
ecat_intern_str(struct ecat_intern *in, const char *s)
{
	return s == NULL ? NULL : ecat_intern(in, s, strlen(s));
}

/* --------------------------------------------------------------- buffer */

void
ecat_buf_init(struct ecat_buf *b)
{
	b->buf = NULL;
	b->len = b->cap = 0;
}

void
ecat_buf_free(struct ecat_buf *b)
{
	free(b->buf);
	ecat_buf_init(b);
}

void
ecat_buf_reset(struct ecat_buf *b)
{
	b->len = 0;
	if (b->buf != NULL)
		b->buf[0] = '\0';
}

static void
S_buf_reserve(struct ecat_buf *b, size_t extra)
{
	size_t	 need;

	if (extra > SIZE_MAX - b->len - 1)
		S_oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap > SIZE_MAX / 2 ? need : b->cap * 2;
	b->buf = ecat_realloc(b->buf, b->cap);
}

void
ecat_buf_put(struct ecat_buf *b, const char *s, size_t n)
{
	S_buf_reserve(b, n);
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void
ecat_buf_puts(struct ecat_buf *b, const char *s)
{
	ecat_buf_put(b, s, strlen(s));
}

void
ecat_buf_putc(struct ecat_buf *b, int c)
{
	S_buf_reserve(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void
ecat_buf_vprintf(struct ecat_buf *b, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	S_buf_reserve(b, (size_t)n);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
ecat_buf_printf(struct ecat_buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	ecat_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
ecat_buf_detach(struct ecat_buf *b)
{
	char	*p;

	p = b->buf == NULL ? ecat_strdup("") : b->buf;
	ecat_buf_init(b);
	return p;
}

void
ecat_vec_init(struct ecat_vec *v, size_t size)
{
	v->v = NULL;
	v->n = v->cap = 0;
	v->size = size;
}

void *
ecat_vec_add(struct ecat_vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->v = ecat_reallocarray(v->v, v->cap, v->size);
	}
	memset(v->v + v->n * v->size, 0, v->size);
	return v->v + v->n++ * v->size;
}

void *
ecat_vec_at(const struct ecat_vec *v, size_t i)
{
	return v->v + i * v->size;
}

struct ecat_pblock {
	struct ecat_pblock	*next;
	size_t			 len, cap;
	char			 data[];
};

void *
ecat_pool_alloc(struct ecat_pool *p, size_t n)
{
	struct ecat_pblock	*b = p->head;
	void			*r;
	size_t			 cap;

	n = (n + 7) & ~(size_t)7;
	if (b == NULL || b->cap - b->len < n) {
		cap = n > 60000 ? n : 65536 - sizeof(*b);
		b = ecat_malloc(sizeof(*b) + cap);
		b->cap = cap;
		b->len = 0;
		b->next = p->head;
		p->head = b;
	}
	r = b->data + b->len;
	b->len += n;
	memset(r, 0, n);
	return r;
}

char *
ecat_pool_strn(struct ecat_pool *p, const char *s, size_t n)
{
	char	*r = ecat_pool_alloc(p, n + 1);

	memcpy(r, s, n);
	return r;
}

void
ecat_pool_reset(struct ecat_pool *p)
{
	struct ecat_pblock	*b, *next;

	if (p->head == NULL)
		return;
	for (b = p->head->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	p->head->next = NULL;
	p->head->len = 0;
}

void
ecat_pool_free(struct ecat_pool *p)
{
	struct ecat_pblock	*b, *next;

	for (b = p->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	p->head = NULL;
}

void
ecat_buf_putfield(struct ecat_buf *b, const char *s)
{
	if (s == NULL) {
		ecat_buf_putc(b, '-');
		return;
	}
	for (; *s != '\0'; s++) {
		if (*s == '\t')
			ecat_buf_puts(b, "\\t");
		else if (*s == '\n')
			ecat_buf_puts(b, "\\n");
		else if (*s == '\r')
			ecat_buf_puts(b, "\\r");
		else if (*s == '\\')
			ecat_buf_puts(b, "\\\\");
		else
			ecat_buf_putc(b, *s);
	}
}
