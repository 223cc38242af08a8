/*
 * alloc.h: allocation wrappers, the catalog arena, the string interner,
 * the hash table and a growable byte buffer.  Internal to etwcat.
 *
 * Allocation failure is not recoverable in a CLI that holds one catalog,
 * so every wrapper reports "out of memory" and exits with status 3
 * (ECAT_EXIT_SYSTEM), as mandoc_aux.c does; callers never check NULL.
 */
#ifndef ECAT_ALLOC_H
#define ECAT_ALLOC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void	*ecat_malloc(size_t);
/* Report "out of memory" and exit 3, for a library that failed to
   allocate (libyaml has no allocator hook). */
void	 ecat_oom(void) __attribute__((noreturn));
/*
 * Set the function the out-of-memory exit calls before exit(3), or
 * none (NULL): etwcat build removes its temporary site folder there.
 * The hook runs once, in the thread that ran out of memory, while
 * other threads may still run; it must not allocate.
 */
void	 ecat_oom_hook(void (*)(void));
void	*ecat_calloc(size_t, size_t);
void	*ecat_realloc(void *, size_t);
/* reallocarray with overflow check */
void	*ecat_reallocarray(void *, size_t, size_t);
char	*ecat_strdup(const char *);
char	*ecat_strndup(const char *, size_t);
/* Returns a malloc'd formatted string; the caller frees it. */
char	*ecat_asprintf(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * Arena: bump allocator owned by one catalog.  Everything the model
 * holds (nodes, strings) lives in the arena and is released at once by
 * ecat_arena_free(); nothing in the model is freed piecemeal.
 */
struct ecat_arena;

struct ecat_arena *ecat_arena_new(void);
void	 ecat_arena_free(struct ecat_arena *);
/* Zeroed, 8-byte aligned memory owned by the arena. */
void	*ecat_arena_alloc(struct ecat_arena *, size_t);
char	*ecat_arena_strndup(struct ecat_arena *, const char *, size_t);
char	*ecat_arena_strdup(struct ecat_arena *, const char *);
size_t	 ecat_arena_bytes(const struct ecat_arena *);
/* The bytes handed out (the rest of ecat_arena_bytes() is slack). */
size_t	 ecat_arena_used(const struct ecat_arena *);

/*
 * Interner: returns one canonical arena copy per distinct string, so
 * equal interned strings compare equal by pointer.  Used for names that
 * repeat across builds (field names, type names, provider names).
 */
struct ecat_intern;

struct ecat_intern *ecat_intern_new(struct ecat_arena *);
void	 ecat_intern_free(struct ecat_intern *);
const char *ecat_intern(struct ecat_intern *, const char *, size_t);
const char *ecat_intern_str(struct ecat_intern *, const char *);
/* The interned copy if the string was ever interned, else NULL. */
const char *ecat_intern_find(const struct ecat_intern *, const char *, size_t);
/* How many strings, their bytes (with NULs), the table's slots and the
   size of one, for bench/load_mem.c. */
void	 ecat_intern_stats(const struct ecat_intern *, size_t *nstr,
	    size_t *bytes, size_t *slots, size_t *slotsize);

/*
 * Length of the valid UTF-8 sequence at s (n bytes left): 1 for ASCII,
 * 2-4 for a well-formed sequence, 0 for an invalid one (overlong,
 * surrogate, past U+10FFFF, truncated; RFC 3629 §3).  The JSON and
 * HTML writers replace invalid bytes with U+FFFD.
 */
size_t	 ecat_utf8_len(const unsigned char *s, size_t n);

/* 64-bit FNV-1a, used by every hash table in the tree. */
uint64_t ecat_hash(const void *, size_t, uint64_t seed);
#define ECAT_HASH_SEED	0xcbf29ce484222325ULL
/*
 * A 64-bit integer's bits spread over the whole word (MurmurHash3's
 * finaliser); inline, as it hashes every pointer key.
 */
static inline uint64_t
ecat_hmix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

/*
 * A string's content folded into h, NULL distinct from "": the shape
 * interner (model.c) and the record identities (record.c) hash content
 * this way, so equal content hashes alike in any catalog.
 */
/* Equal strings, NULL equal only to NULL (content comparisons). */
static inline int
ecat_streq(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static inline uint64_t
ecat_hash_str(uint64_t h, const char *s)
{
	if (s == NULL)
		return ecat_hmix(h ^ 0x9e3779b97f4a7c15ULL);
	return ecat_hmix(ecat_hash(s, strlen(s), h));
}

/*
 * Hash table: open addressing with linear probing, never more than
 * half full, doubling as it fills; the one table of the tree.  A key
 * is (k, n, tag): with ECAT_HKEY_PTR, k is compared as a pointer (NULL
 * for an integer key, which then is tag alone); with ECAT_HKEY_STR,
 * k[0..n) as bytes (memcmp, or the table's eq).  tag is an integer
 * compared as well: the kind of a pointer key, the scope of a name, or
 * the key itself.  A string table may bring its own hash and eq (case
 * folding); the hash of a key is kept in its entry, and 0 there marks
 * an empty slot.  The value is a pointer or an integer, zero in a new
 * entry.  Entries move when the table grows: a pointer from
 * ecat_htab_put() or ecat_htab_find() is good until the next put.
 * Nothing is removed but by ecat_htab_clear().
 *
 * Zero-initialise the struct, or call ecat_htab_init(); the owner
 * frees it with ecat_htab_free().  With arena set (before the first
 * put), the slots live in that arena and are never freed: growing
 * abandons the old ones there, at most the final size again.
 */
enum ecat_hkey {
	ECAT_HKEY_PTR,		/* k by pointer; integer keys: k NULL */
	ECAT_HKEY_STR		/* k[0..n) by content */
};

union ecat_hval {
	void		*p;
	uint64_t	 u;
};

struct ecat_hent {
	uint64_t	 h;	/* the key's hash; 0: empty slot */
	const void	*k;
	size_t		 n;
	uint64_t	 tag;
	union ecat_hval	 v;
};

struct ecat_htab {
	struct ecat_hent	*e;
	size_t			 cap;	/* power of two, or 0 */
	size_t			 n;
	enum ecat_hkey		 key;
	/* ECAT_HKEY_STR only; NULL: ecat_hash (seeded by tag), memcmp */
	uint64_t		(*hash)(const void *, size_t, uint64_t tag);
	int			(*eq)(const void *, const void *, size_t);
	struct ecat_arena	*arena;	/* slots from here, or NULL */
};

/* An empty table of the given key type, with room for about n keys. */
void	 ecat_htab_init(struct ecat_htab *, enum ecat_hkey, size_t n);
void	 ecat_htab_free(struct ecat_htab *);
/* Empty it; the memory is kept when the last fill was about its size. */
void	 ecat_htab_clear(struct ecat_htab *);
/* The entry of (k, n, tag), or NULL. */
struct ecat_hent *ecat_htab_find(const struct ecat_htab *, const void *k,
	    size_t n, uint64_t tag);

/*
 * ecat_htab_find() for a pointer or integer key (ECAT_HKEY_PTR, n 0),
 * inline: the manifest loader looks up every element and attribute
 * name this way, and the call cost 2% of the load of a build's 870
 * manifests (bench/load_manifests.sh, instructions).
 */
static inline struct ecat_hent *
ecat_htab_pfind(const struct ecat_htab *t, const void *k, uint64_t tag)
{
	struct ecat_hent	*e;
	uint64_t		 h;
	size_t			 i;

	if (t->cap == 0)
		return NULL;
	h = ecat_hmix((uint64_t)(uintptr_t)k ^ tag * 0x9e3779b97f4a7c15ULL);
	h += h == 0;
	for (i = h & (t->cap - 1); (e = &t->e[i])->h != 0;
	    i = (i + 1) & (t->cap - 1))
		if (e->h == h && e->k == k && e->tag == tag && e->n == 0)
			return e;
	return NULL;
}

/*
 * The entry of (k, n, tag), added (value zero) when absent; *isnew (if
 * not NULL) says which.  The key is stored as given, not copied.
 */
struct ecat_hent *ecat_htab_put(struct ecat_htab *, const void *k,
	    size_t n, uint64_t tag, int *isnew);

/*
 * ecat_htab_put() for a pointer or integer key, inline when the key is
 * there already: the TSV loader looks up an event key and a template
 * on every row (bench/load_tsv.sh).
 */
static inline struct ecat_hent *
ecat_htab_pput(struct ecat_htab *t, const void *k, uint64_t tag, int *isnew)
{
	struct ecat_hent	*e;

	if ((e = ecat_htab_pfind(t, k, tag)) == NULL)
		return ecat_htab_put(t, k, 0, tag, isnew);
	if (isnew != NULL)
		*isnew = 0;
	return e;
}

/*
 * A bump allocator for short-lived records (one event's, one page's),
 * emptied between them: ecat_pool_reset() keeps the newest block and
 * frees the others, so a long run allocates almost nothing.  Zero-
 * initialise the struct before use; the owner calls ecat_pool_free().
 */
struct ecat_pblock;
struct ecat_pool {
	struct ecat_pblock	*head;	/* newest first */
};

/* n zeroed bytes, 8-byte aligned, valid until the next reset. */
void	*ecat_pool_alloc(struct ecat_pool *, size_t n);
/* A NUL-terminated copy of n bytes of s. */
char	*ecat_pool_strn(struct ecat_pool *, const char *s, size_t n);
void	 ecat_pool_reset(struct ecat_pool *);
void	 ecat_pool_free(struct ecat_pool *);

/*
 * Growable array of items of one size (malloc'd scratch, zeroed as
 * added); the owner frees v with free(3).
 */
struct ecat_vec {
	char	*v;
	size_t	 n, cap, size;
};

void	 ecat_vec_init(struct ecat_vec *, size_t size);
/* A zeroed new item at the end; never NULL (out of memory exits). */
void	*ecat_vec_add(struct ecat_vec *);
/* Item i (i < n). */
void	*ecat_vec_at(const struct ecat_vec *, size_t i);

/*
 * Growable buffer.  b->buf is always NUL-terminated once anything has
 * been appended; the owner frees it with ecat_buf_free().
 */
struct ecat_buf {
	char	*buf;
	size_t	 len;
	size_t	 cap;
};

void	 ecat_buf_init(struct ecat_buf *);
void	 ecat_buf_free(struct ecat_buf *);
void	 ecat_buf_reset(struct ecat_buf *);
void	 ecat_buf_put(struct ecat_buf *, const char *, size_t);
void	 ecat_buf_puts(struct ecat_buf *, const char *);
void	 ecat_buf_putc(struct ecat_buf *, int);
/* s as one tab-separated field of a baseline line: "-" for NULL,
   tab, CR, LF and backslash escaped as \t \r \n \\. */
void	 ecat_buf_putfield(struct ecat_buf *, const char *s);
void	 ecat_buf_printf(struct ecat_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 ecat_buf_vprintf(struct ecat_buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Detach the string; the caller frees it.  The buffer is left empty. */
char	*ecat_buf_detach(struct ecat_buf *);

#endif /* !ECAT_ALLOC_H */
