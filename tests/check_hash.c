/*
 * check_hash.c: the hash table of catalog/alloc.c (struct ecat_htab),
 * which every table of the tree is built on: pointer, integer and
 * string keys, tags, growth past many doublings, colliding hashes,
 * the inline pointer lookup and put against the generic ones,
 * clearing, arena storage, and the interner on top of it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "testutil.h"

#define N	20000

START_TEST(test_ptr_keys)
{
	struct ecat_htab	 t;
	struct ecat_hent	*e;
	static int		 obj[N];
	int			 isnew, i;

	ecat_htab_init(&t, ECAT_HKEY_PTR, 0);
	ck_assert_ptr_null(ecat_htab_find(&t, &obj[0], 0, 0));
	for (i = 0; i < N; i++) {
		e = ecat_htab_put(&t, &obj[i], 0, 0, &isnew);
		ck_assert_int_eq(isnew, 1);
		e->v.p = &obj[N - 1 - i];
	}
	ck_assert_uint_eq(t.n, N);
	/* Never more than half full, a power of two. */
	ck_assert_uint_ge(t.cap, 2 * t.n);
	ck_assert_uint_eq(t.cap & (t.cap - 1), 0);
	for (i = 0; i < N; i++) {
		e = ecat_htab_find(&t, &obj[i], 0, 0);
		ck_assert_ptr_nonnull(e);
		ck_assert_ptr_eq(e->v.p, &obj[N - 1 - i]);
		/* The inline lookup finds the same entry. */
		ck_assert_ptr_eq(ecat_htab_pfind(&t, &obj[i], 0), e);
	}
	/* A second put finds the first entry and keeps its value. */
	e = ecat_htab_put(&t, &obj[7], 0, 0, &isnew);
	ck_assert_int_eq(isnew, 0);
	ck_assert_ptr_eq(e->v.p, &obj[N - 8]);
	ck_assert_uint_eq(t.n, N);
	/* The same pointer of another kind (tag) is another key. */
	ck_assert_ptr_null(ecat_htab_find(&t, &obj[7], 0, 3));
	ck_assert_ptr_null(ecat_htab_pfind(&t, &obj[7], 3));
	e = ecat_htab_put(&t, &obj[7], 0, 3, &isnew);
	ck_assert_int_eq(isnew, 1);
	ck_assert_uint_eq(e->v.u, 0);
	e->v.u = 42;
	ck_assert_uint_eq(ecat_htab_find(&t, &obj[7], 0, 3)->v.u, 42);
	ck_assert_ptr_eq(ecat_htab_find(&t, &obj[7], 0, 0)->v.p, &obj[N - 8]);
	ecat_htab_free(&t);
	ck_assert_ptr_null(ecat_htab_find(&t, &obj[7], 0, 0));
}
END_TEST

START_TEST(test_int_keys)
{
	struct ecat_htab	 t;
	struct ecat_hent	*e;
	uint64_t		 k;
	int			 i, isnew;

	ecat_htab_init(&t, ECAT_HKEY_PTR, 10);
	ck_assert_uint_eq(t.cap, 32);
	/* Keys that differ only in high bits, or are 0. */
	for (i = 0; i < N; i++) {
		k = (uint64_t)i << 40 | (uint64_t)(i & 0xff);
		ecat_htab_put(&t, NULL, 0, k, NULL)->v.u = (uint64_t)i + 1;
	}
	for (i = 0; i < N; i++) {
		k = (uint64_t)i << 40 | (uint64_t)(i & 0xff);
		ck_assert_uint_eq(ecat_htab_find(&t, NULL, 0, k)->v.u,
		    (uint64_t)i + 1);
		ck_assert_uint_eq(ecat_htab_pfind(&t, NULL, k)->v.u,
		    (uint64_t)i + 1);
	}
	ck_assert_ptr_null(ecat_htab_find(&t, NULL, 0, (uint64_t)N << 40));
	ck_assert_ptr_null(ecat_htab_pfind(&t, NULL, (uint64_t)N << 40));
	/* The inline put: an existing key keeps its entry, a new one is
	   added with value zero. */
	e = ecat_htab_pput(&t, NULL, (uint64_t)7 << 40 | 7, &isnew);
	ck_assert_int_eq(isnew, 0);
	ck_assert_uint_eq(e->v.u, 8);
	e = ecat_htab_pput(&t, NULL, (uint64_t)N << 40, &isnew);
	ck_assert_int_eq(isnew, 1);
	ck_assert_uint_eq(e->v.u, 0);
	ck_assert_uint_eq(t.n, N + 1);
	ecat_htab_free(&t);
}
END_TEST

START_TEST(test_str_keys)
{
	struct ecat_htab	 t;
	struct ecat_hent	*e;
	char			 buf[32], *keys[N];
	int			 i, isnew;

	ecat_htab_init(&t, ECAT_HKEY_STR, 0);
	for (i = 0; i < N; i++) {
		snprintf(buf, sizeof(buf), "name%d", i);
		keys[i] = strdup(buf);
		e = ecat_htab_put(&t, keys[i], strlen(keys[i]), 0, &isnew);
		ck_assert_int_eq(isnew, 1);
		e->v.u = (uint64_t)i;
	}
	for (i = 0; i < N; i++) {
		/* Content, not pointer: a copy on the stack finds it. */
		snprintf(buf, sizeof(buf), "name%d", i);
		e = ecat_htab_find(&t, buf, strlen(buf), 0);
		ck_assert_ptr_nonnull(e);
		ck_assert_uint_eq(e->v.u, (uint64_t)i);
		ck_assert_ptr_eq(e->k, keys[i]);
	}
	/* A prefix, another length, another scope: absent. */
	ck_assert_ptr_null(ecat_htab_find(&t, "name1", 4, 0));
	ck_assert_ptr_null(ecat_htab_find(&t, "name12", 6, 1));
	/* Bytes past n do not count; the empty string is a key. */
	ck_assert_ptr_nonnull(ecat_htab_find(&t, "name12xyz", 6, 0));
	ck_assert_ptr_null(ecat_htab_find(&t, "", 0, 0));
	ecat_htab_put(&t, "", 0, 0, NULL)->v.u = 99;
	ck_assert_uint_eq(ecat_htab_find(&t, "x", 0, 0)->v.u, 99);
	/* A NULL key with a length: an integer key in a string table. */
	ecat_htab_put(&t, NULL, 5, 0, NULL)->v.u = 7;
	ck_assert_uint_eq(ecat_htab_find(&t, NULL, 5, 0)->v.u, 7);
	ck_assert_ptr_null(ecat_htab_find(&t, NULL, 6, 0));
	ck_assert_ptr_null(ecat_htab_find(&t, "name0", 5, 1));
	ecat_htab_free(&t);
	for (i = 0; i < N; i++)
		free(keys[i]);
}
END_TEST

/* Every key hashes alike: lookups must walk the probe run. */
static uint64_t
S_bad_hash(const void *k, size_t n, uint64_t tag)
{
	(void)k;
	(void)n;
	(void)tag;
	return 0;	/* made 1 by the table: 0 marks an empty slot */
}

static int
S_ci_eq(const void *a, const void *b, size_t n)
{
	return strncasecmp(a, b, n) == 0;
}

START_TEST(test_collisions)
{
	struct ecat_htab	 t;
	char			 buf[16], *keys[500];
	int			 i;

	ecat_htab_init(&t, ECAT_HKEY_STR, 0);
	t.hash = S_bad_hash;
	for (i = 0; i < 500; i++) {
		snprintf(buf, sizeof(buf), "k%d", i);
		keys[i] = strdup(buf);
		ecat_htab_put(&t, keys[i], strlen(buf), 0, NULL)->v.u =
		    (uint64_t)i * 3;
	}
	ck_assert_uint_eq(t.n, 500);
	for (i = 0; i < 500; i++) {
		snprintf(buf, sizeof(buf), "k%d", i);
		ck_assert_uint_eq(ecat_htab_find(&t, buf, strlen(buf),
		    0)->v.u, (uint64_t)i * 3);
	}
	ck_assert_ptr_null(ecat_htab_find(&t, "k500", 4, 0));
	ecat_htab_free(&t);
	for (i = 0; i < 500; i++)
		free(keys[i]);
}
END_TEST

static uint64_t
S_ci_hash(const void *k, size_t n, uint64_t tag)
{
	const unsigned char	*s = k;
	uint64_t		 h = ECAT_HASH_SEED ^ tag;
	size_t			 i;

	for (i = 0; i < n; i++) {
		h ^= (uint64_t)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		h *= 0x100000001b3ULL;
	}
	return h;
}

START_TEST(test_caller_hash)
{
	struct ecat_htab	 t;
	struct ecat_hent	*e;

	ecat_htab_init(&t, ECAT_HKEY_STR, 4);
	t.hash = S_ci_hash;
	t.eq = S_ci_eq;
	ecat_htab_put(&t, "Microsoft-Windows-Kernel", 24, 0, NULL)->v.u = 1;
	e = ecat_htab_find(&t, "MICROSOFT-windows-kernel", 24, 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->k, "Microsoft-Windows-Kernel");
	ck_assert_ptr_null(ecat_htab_find(&t, "Microsoft-Windows-Kernex", 24,
	    0));
	ecat_htab_free(&t);
}
END_TEST

START_TEST(test_clear_and_arena)
{
	struct ecat_htab	 t;
	struct ecat_arena	*a;
	static int		 obj[N];
	int			 i, round;

	ecat_htab_init(&t, ECAT_HKEY_PTR, 0);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < (round == 0 ? N : 10); i++)
			ecat_htab_put(&t, &obj[i], 0, 0, NULL)->v.u = 1;
		ck_assert_uint_eq(t.n, round == 0 ? N : 10);
		ecat_htab_clear(&t);
		ck_assert_uint_eq(t.n, 0);
		ck_assert_ptr_null(ecat_htab_find(&t, &obj[0], 0, 0));
		ck_assert_ptr_null(ecat_htab_find(&t, &obj[5], 0, 0));
	}
	/* After a small fill, clear no longer holds the large table. */
	ck_assert_uint_le(t.cap, 64);
	ecat_htab_free(&t);

	a = ecat_arena_new();
	ecat_htab_init(&t, ECAT_HKEY_PTR, 0);
	t.arena = a;
	for (i = 0; i < N; i++)
		ecat_htab_put(&t, &obj[i], 0, 0, NULL)->v.u = (uint64_t)i;
	for (i = 0; i < N; i++)
		ck_assert_uint_eq(ecat_htab_find(&t, &obj[i], 0, 0)->v.u,
		    (uint64_t)i);
	ck_assert_uint_ge(ecat_arena_bytes(a), t.cap * sizeof(*t.e));
	ecat_htab_free(&t);
	ecat_arena_free(a);
}
END_TEST

/*
 * The arena leaves little unused: arrays of a few KB to 64 KB (one TSV
 * file's events) beside small nodes once wasted the tail of a chunk
 * each time one did not fit.  Every allocation is still zeroed and
 * keeps what was written to it.
 */
START_TEST(test_arena_slack)
{
	struct ecat_arena	*a = ecat_arena_new();
	unsigned char		*big[300];
	size_t			 i, j, want = 0;
	unsigned		 any;

	for (i = 0; i < 300; i++) {
		big[i] = ecat_arena_alloc(a, 30000 + i * 100);
		for (any = 0, j = 0; j < 30000 + i * 100; j++)
			any |= big[i][j];
		ck_assert_uint_eq(any, 0);
		memset(big[i], (int)(i & 0xff), 30000 + i * 100);
		want += (30000 + i * 100 + 7) & ~(size_t)7;
		ecat_arena_alloc(a, 40);
		want += 40;
	}
	for (i = 0; i < 300; i++)
		ck_assert_uint_eq(big[i][29999], i & 0xff);
	ck_assert_uint_eq(ecat_arena_used(a), want);
	/* Under 2% unused (starting a new chunk each time left 9%). */
	ck_assert_uint_lt(ecat_arena_bytes(a) - ecat_arena_used(a),
	    ecat_arena_bytes(a) / 50);
	ecat_arena_free(a);
}
END_TEST

START_TEST(test_intern)
{
	struct ecat_arena	*a = ecat_arena_new();
	struct ecat_intern	*in = ecat_intern_new(a);
	const char		*p[N];
	char			 buf[32];
	int			 i;

	for (i = 0; i < N; i++) {
		snprintf(buf, sizeof(buf), "Field_%d", i);
		p[i] = ecat_intern_str(in, buf);
		ck_assert_str_eq(p[i], buf);
		ck_assert_ptr_ne(p[i], buf);
	}
	for (i = 0; i < N; i++) {
		snprintf(buf, sizeof(buf), "Field_%d", i);
		ck_assert_ptr_eq(ecat_intern_str(in, buf), p[i]);
		ck_assert_ptr_eq(ecat_intern_find(in, buf, strlen(buf)), p[i]);
	}
	ck_assert_ptr_null(ecat_intern_find(in, "Field_", 6));
	/* Embedded NUL: length, not strlen. */
	ck_assert_ptr_ne(ecat_intern(in, "a\0b", 3), ecat_intern(in, "a", 1));
	ck_assert_ptr_null(ecat_intern_str(in, NULL));
	ecat_intern_free(in);
	ecat_arena_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("hash");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_ptr_keys);
	tcase_add_test(tc, test_int_keys);
	tcase_add_test(tc, test_str_keys);
	tcase_add_test(tc, test_collisions);
	tcase_add_test(tc, test_caller_hash);
	tcase_add_test(tc, test_clear_and_arena);
	tcase_add_test(tc, test_arena_slack);
	tcase_add_test(tc, test_intern);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
