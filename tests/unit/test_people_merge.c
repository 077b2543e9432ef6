/* Unit test for the merge at archive scale: tens of thousands of author
 * entries, so that the merger's names and iDs go to its temporary file,
 * merge as the rule says (people.h): by iD when the names can be one
 * person's, else by a name written the same way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/people.h"
#include "proceedings/util.h"

enum { NPEOPLE = 12000 };

static struct person person(const char *name, const char *orcid)
{
	struct person p = {0};
	p.name.v = xcalloc(1, sizeof *p.name.v);
	p.name.v[0].text = xstrdup(name);
	p.name.n = 1;
	p.orcid = orcid ? xstrdup(orcid) : NULL;
	return p;
}

static size_t add(struct people_merger *m, const char *name, const char *orcid)
{
	struct person p = person(name, orcid);
	size_t g = people_merger_add(m, &p);
	person_free(&p);
	return g;
}

static void many_people(void **state)
{
	(void)state;
	struct people_merger *m = people_merger_new(0);
	char name[64], other[64], orcid[32];
	/* iD holders first, as callers add them: person i is "Given<i> Family<i>". */
	for (int i = 0; i < NPEOPLE; i++) {
		snprintf(name, sizeof name, "Given%d Family%d", i, i);
		snprintf(orcid, sizeof orcid, "0000-0001-%04d-%04d", i / 10000, i % 10000);
		assert_int_equal(add(m, name, orcid), (size_t)i);
	}
	for (int i = 0; i < NPEOPLE; i += 7) {
		/* The same iD under a name that can be theirs joins them, and
		 * that spelling becomes one of their names. */
		snprintf(name, sizeof name, "G. Family%d", i);
		snprintf(orcid, sizeof orcid, "0000-0001-%04d-%04d", i / 10000, i % 10000);
		assert_int_equal(add(m, name, orcid), (size_t)i);
	}
	/* An iD copied onto a name that cannot be theirs: a new person. */
	snprintf(orcid, sizeof orcid, "0000-0001-%04d-%04d", 0, 42);
	assert_int_equal(add(m, "Someone Else", orcid), (size_t)NPEOPLE);
	/* Then the rest: a name written the same way joins its person. */
	for (int i = 0; i < NPEOPLE; i += 3) {
		snprintf(name, sizeof name, "given%d  FAMILY%d", i, i);
		assert_int_equal(add(m, name, NULL), (size_t)i);
	}
	for (int i = 0; i < NPEOPLE; i += 7) {
		snprintf(other, sizeof other, "g family%d", i);
		assert_int_equal(add(m, other, NULL), (size_t)i);
	}
	assert_int_equal(add(m, "someone else", NULL), (size_t)NPEOPLE);
	assert_int_equal(add(m, "Nobody Before", NULL), (size_t)NPEOPLE + 1);
	/* Names whose hashes the index cannot tell apart are still two people
	 * (the low 32 bits of their FNV-1a hashes match). */
	assert_int_equal(add(m, "name24869", NULL), (size_t)NPEOPLE + 2);
	assert_int_equal(add(m, "name308804", NULL), (size_t)NPEOPLE + 3);
	assert_int_equal(add(m, "Name24869", NULL), (size_t)NPEOPLE + 2);
	people_merger_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_people),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
