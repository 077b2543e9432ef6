/* Unit tests for the author index: merging, name splitting, collation and
 * letter groups, in English and Korean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "proceedings/people.h"
#include "proceedings/util.h"

static void add_name(struct mtext *t, const char *lang, const char *text)
{
	t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
	t->v[t->n].lang = lang ? xstrdup(lang) : NULL;
	t->v[t->n].text = xstrdup(text);
	t->v[t->n].pos = (struct srcpos){"p.md", (int)t->n + 1, 1};
	t->n++;
}

static struct paper_stub *paper_with(const char *id, const char *const *names, const char *const *ko,
				     const char *const *orcids, size_t n)
{
	struct paper *p = xcalloc(1, sizeof *p);
	p->id = xstrdup(id);
	p->lang = xstrdup("en");
	p->authors = xcalloc(n, sizeof *p->authors);
	p->nauthors = n;
	for (size_t i = 0; i < n; i++) {
		add_name(&p->authors[i].name, ko && ko[i] ? "en" : NULL, names[i]);
		if (ko && ko[i])
			add_name(&p->authors[i].name, "ko", ko[i]);
		if (orcids && orcids[i]) {
			p->authors[i].orcid = xstrdup(orcids[i]);
			p->authors[i].orcid_pos = (struct srcpos){"p.md", 7, 12};
		}
	}
	return paper_stub_new(p);
}


static void index_sorted_merged_grouped(void **state)
{
	(void)state;
	struct volume *v = xcalloc(1, sizeof *v);
	const char *a_names[] = {"Émile Zola", "Minjun Kim", "Marijn van Vliet"};
	const char *a_ko[] = {NULL, "김민준", NULL};
	const char *a_orcid[] = {NULL, "0000-0002-1825-0097", NULL};
	const char *b_names[] = {"Ada Lovelace", "Min-jun Kim", "Jiyoon Park"};
	const char *b_ko[] = {NULL, "김민준", "박지윤"};
	const char *b_orcid[] = {NULL, "0000-0002-1825-0097", NULL};
	v->papers = xcalloc(2, sizeof *v->papers);
	v->papers[0] = paper_with("a", a_names, a_ko, a_orcid, 3);
	v->papers[1] = paper_with("b", b_names, b_ko, b_orcid, 3);
	v->npapers = 2;
	const struct volume *vols[] = {v};

	struct diag_list d;
	diag_init(&d);
	struct people *en = people_collect(vols, 1, "en");
	people_check_orcids(vols, 1, "en", &d);
	assert_int_equal(en->n, 5); /* Kim merged by ORCID */
	const char *want[] = {"Kim, Minjun", "Lovelace, Ada", "Park, Jiyoon", "van Vliet, Marijn", "Zola, Émile"};
	const char *groups[] = {"K", "L", "P", "V", "Z"};
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(en->v[i].name, want[i]);
		assert_string_equal(en->v[i].group, groups[i]);
	}
	assert_int_equal(en->v[0].npapers, 2);
	assert_string_equal(en->v[0].slug, "0000-0002-1825-0097");
	/* The same ORCID under "Min-jun Kim" is worth a warning. */
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, R_ORCID_NAMES);
	people_free(en);

	diag_free(&d);
	diag_init(&d);
	struct people *ko = people_collect(vols, 1, "ko");
	people_check_orcids(vols, 1, "ko", &d);
	/* Korean collation puts Hangul first, in ㄱㄴㄷ order, then Latin. */
	assert_string_equal(ko->v[0].name, "김민준");
	assert_string_equal(ko->v[0].group, "ㄱ");
	assert_string_equal(ko->v[1].name, "박지윤");
	assert_string_equal(ko->v[1].group, "ㅂ");
	assert_string_equal(ko->v[2].name, "Lovelace, Ada");
	people_free(ko);
	diag_free(&d);
	volume_free(v);
}

/* One ORCID iD under unrelated names (JOSS: emcee gives Daniel
 * Foreman-Mackey the iD of UltraNest's Johannes Buchner) is a copying slip:
 * both stay in the index, each with their papers.  Spellings of one name
 * (or one name in two scripts) under an iD are still one person. */
static void copied_orcid_keeps_two_people(void **state)
{
	(void)state;
	struct volume *v = xcalloc(1, sizeof *v);
	const char *a_names[] = {"Daniel Foreman-Mackey", "J. Smith"};
	const char *a_orcid[] = {"0000-0003-0872-7098", "0000-0002-1825-0097"};
	const char *b_names[] = {"Johannes Buchner", "John Smith"};
	const char *b_orcid[] = {"0000-0003-0872-7098", "0000-0002-1825-0097"};
	const char *c_names[] = {"Johannes Buchner"};
	const char *c_orcid[] = {"0000-0003-0872-7098"};
	v->papers = xcalloc(3, sizeof *v->papers);
	v->papers[0] = paper_with("a", a_names, NULL, a_orcid, 2);
	v->papers[1] = paper_with("b", b_names, NULL, b_orcid, 2);
	v->papers[2] = paper_with("c", c_names, NULL, c_orcid, 1);
	v->npapers = 3;
	const struct volume *vols[] = {v};
	struct diag_list d;
	diag_init(&d);
	struct people *pp = people_collect(vols, 1, "en");
	people_check_orcids(vols, 1, "en", &d);
	assert_int_equal(pp->n, 3);
	assert_string_equal(pp->v[0].name, "Buchner, Johannes");
	assert_int_equal(pp->v[0].npapers, 2); /* the slip's two papers, together */
	assert_string_equal(pp->v[1].name, "Foreman-Mackey, Daniel");
	assert_int_equal(pp->v[1].npapers, 1);
	assert_string_equal(pp->v[2].name, "Smith, J.");
	assert_int_equal(pp->v[2].npapers, 2);
	/* Both iDs are reported where a second name appears: Buchner twice, Smith once. */
	assert_int_equal(d.n, 3);
	for (size_t i = 0; i < d.n; i++)
		assert_int_equal(d.v[i].rule, R_ORCID_NAMES);
	people_free(pp);
	diag_free(&d);
	volume_free(v);
	assert_true(people_names_compatible("min-jun kim", "minjun kim"));
	assert_true(people_names_compatible("김민준", "minjun kim"));
	assert_false(people_names_compatible("daniel foreman-mackey", "adrian m price-whelan"));
}

/* The PDF index merges as the archive does: a name without an iD joins
 * the person with the iD who has that name, whichever paper comes first,
 * and a name written only in Hangul joins the person who is also written
 * so. */
static void merged_as_the_archive_merges(void **state)
{
	(void)state;
	struct volume *v = xcalloc(1, sizeof *v);
	const char *a_names[] = {"Jiyoon Park"};
	const char *b_names[] = {"Jiyoon Park", "Minjun Kim"};
	const char *b_ko[] = {NULL, "김민준"};
	const char *b_orcid[] = {"0000-0002-1825-0097", NULL};
	const char *c_names[] = {"김민준"};
	v->papers = xcalloc(3, sizeof *v->papers);
	v->papers[0] = paper_with("a", a_names, NULL, NULL, 1);
	v->papers[1] = paper_with("b", b_names, b_ko, b_orcid, 2);
	v->papers[2] = paper_with("c", c_names, NULL, NULL, 1);
	v->npapers = 3;
	const struct volume *vols[] = {v};
	struct diag_list d;
	diag_init(&d);
	struct people *pp = people_collect(vols, 1, "en");
	people_check_orcids(vols, 1, "en", &d);
	assert_int_equal(pp->n, 2);
	assert_string_equal(pp->v[0].name, "Kim, Minjun");
	assert_int_equal(pp->v[0].npapers, 2);
	assert_string_equal(pp->v[1].name, "Park, Jiyoon");
	assert_int_equal(pp->v[1].npapers, 2);
	assert_non_null(pp->v[1].orcid);
	assert_int_equal(d.n, 0);
	people_free(pp);
	diag_free(&d);
	volume_free(v);
}

static void groups(void **state)
{
	(void)state;
	const char *cases[][2] = {{"Ångström", "A"}, {"çelik", "C"}, {"까치", "ㄱ"}, {"허", "ㅎ"},
				  {"쌍", "ㅅ"}, {"123", "#"}, {"", "#"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *g = people_group(cases[i][0]);
		assert_string_equal(g, cases[i][1]);
		free(g);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(index_sorted_merged_grouped),
		cmocka_unit_test(copied_orcid_keeps_two_people),
		cmocka_unit_test(merged_as_the_archive_merges),
		cmocka_unit_test(groups),
	};
	return cmocka_run_group_tests_name("people", tests, NULL, NULL);
}
