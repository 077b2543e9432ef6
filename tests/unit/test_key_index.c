/* Unit tests for texts kept on disk (scratch_log, key_index.h): records
 * read back as written whether they are in the file, in the buffer or
 * across the two; the index answers as a map of strings would; and with
 * no temporary folder everything stays in memory and answers the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/key_index.h"
#include "proceedings/util.h"

enum { NKEYS = 20000 };

static void key_of(char *buf, size_t n, int i)
{
	/* Keys of many lengths, some sharing long prefixes. */
	snprintf(buf, n, "name:%0*d person", 1 + i % 17, i);
}

/* Put NKEYS keys, each with a chain of two texts, then find every one,
 * read its chain, and miss keys never put. */
static void round_trip(bool file_expected)
{
	struct scratch_log log;
	scratch_log_init(&log, "test-keys");
	struct key_index x = {0};
	off_t *chain = xcalloc(NKEYS, sizeof *chain);
	char key[64], other[80];
	for (int i = 0; i < NKEYS; i++) {
		key_of(key, sizeof key, i);
		assert_int_equal(key_index_find(&x, &log, key), SIZE_MAX);
		snprintf(other, sizeof other, "second text of %d", i);
		off_t at = key_text_put(&log, -1, other);
		/* The key's record is added in two pieces: with a flush between
		 * them it begins in the file and ends in the buffer. */
		chain[i] = key_text_put(&log, at, key);
		key_index_put(&x, key, (size_t)i, chain[i]);
	}
	assert_int_equal(log.has_file, file_expected);
	assert_int_equal(log.in_memory, !file_expected);
	for (int i = 0; i < NKEYS; i++) {
		key_of(key, sizeof key, i);
		assert_int_equal(key_index_find(&x, &log, key), (size_t)i);
		off_t next;
		char *t = key_text_get(&log, chain[i], &next);
		assert_string_equal(t, key);
		free(t);
		t = key_text_get(&log, next, &next);
		snprintf(other, sizeof other, "second text of %d", i);
		assert_string_equal(t, other);
		assert_int_equal(next, -1);
		free(t);
		snprintf(other, sizeof other, "%s!", key);
		assert_int_equal(key_index_find(&x, &log, other), SIZE_MAX);
	}
	assert_int_equal(x.n, NKEYS);
	assert_true(x.n * 8 <= x.cap * 7);
	key_index_free(&x);
	scratch_log_free(&log);
	free(chain);
}

static void keys_on_disk(void **state)
{
	(void)state;
	round_trip(true);
}

static void keys_in_memory_without_a_temporary_folder(void **state)
{
	(void)state;
	const char *old = getenv("TMPDIR");
	char *keep = old ? xstrdup(old) : NULL;
	setenv("TMPDIR", "/nonexistent/quire-test", 1);
	round_trip(false);
	if (keep)
		setenv("TMPDIR", keep, 1);
	else
		unsetenv("TMPDIR");
	free(keep);
}

/* Two keys whose 32-bit hashes are equal stay two keys: the index reads
 * each key back before it answers. */
static void equal_hashes_are_told_apart(void **state)
{
	(void)state;
	/* Found by search: the low 32 bits of their FNV-1a hashes match. */
	const char *a = "name24869", *b = "name308804";
	assert_int_equal((uint32_t)str_hash(a), (uint32_t)str_hash(b));
	struct scratch_log log;
	scratch_log_init(&log, "test-clash");
	struct key_index x = {0};
	key_index_put(&x, a, 1, key_text_put(&log, -1, a));
	assert_int_equal(key_index_find(&x, &log, a), 1);
	assert_int_equal(key_index_find(&x, &log, b), SIZE_MAX);
	key_index_put(&x, b, 2, key_text_put(&log, -1, b));
	assert_int_equal(key_index_find(&x, &log, a), 1);
	assert_int_equal(key_index_find(&x, &log, b), 2);
	key_index_free(&x);
	scratch_log_free(&log);
}

/* A read that spans the end of the file and the start of the buffer. */
static void read_across_the_flush(void **state)
{
	(void)state;
	struct scratch_log log;
	scratch_log_init(&log, "test-span");
	char block[1000];
	for (size_t i = 0; i < sizeof block; i++)
		block[i] = (char)('a' + i % 26);
	for (int i = 0; i < 70; i++)
		scratch_log_add(&log, block, sizeof block);
	assert_true(log.flushed > 0 && log.len > 0);
	off_t start = log.flushed - 10;
	char got[30];
	scratch_log_get(&log, start, got, sizeof got);
	for (size_t i = 0; i < sizeof got; i++)
		assert_int_equal(got[i], block[(size_t)(start + (off_t)i) % sizeof block]);
	scratch_log_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_on_disk),
		cmocka_unit_test(keys_in_memory_without_a_temporary_folder),
		cmocka_unit_test(equal_hashes_are_told_apart),
		cmocka_unit_test(read_across_the_flush),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
