/* Papers kept on disk: a checked volume holds only stubs, and every paper
 * read back from the store is field for field the paper as loaded. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "proceedings/diag.h"
#include "proceedings/model.h"
#include "proceedings/paper_store.h"
#include "proceedings/util.h"
#include "proceedings/volume.h"

static void same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void same_pos(const struct srcpos *a, const struct srcpos *b)
{
	same_str(a->file, b->file);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->col, b->col);
}

static void same_mtext(const struct mtext *a, const struct mtext *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		same_str(a->v[i].lang, b->v[i].lang);
		same_str(a->v[i].text, b->v[i].text);
		same_pos(&a->v[i].pos, &b->v[i].pos);
	}
}

static void same_person(const struct person *a, const struct person *b)
{
	same_mtext(&a->name, &b->name);
	same_mtext(&a->given, &b->given);
	same_mtext(&a->family, &b->family);
	same_str(a->orcid, b->orcid);
	same_str(a->email, b->email);
	same_mtext(&a->affiliation, &b->affiliation);
	assert_int_equal(a->naff, b->naff);
	for (size_t i = 0; i < a->naff; i++) {
		same_str(a->aff_index[i], b->aff_index[i]);
		same_pos(&a->aff_pos[i], &b->aff_pos[i]);
	}
	assert_int_equal(a->corresponding, b->corresponding);
	assert_int_equal(a->equal_contrib, b->equal_contrib);
	same_pos(&a->pos, &b->pos);
	same_pos(&a->orcid_pos, &b->orcid_pos);
}

static void same_paper(const struct paper *a, const struct paper *b)
{
	same_str(a->id, b->id);
	same_str(a->path, b->path);
	same_str(a->dir, b->dir);
	same_mtext(&a->title, &b->title);
	same_mtext(&a->subtitle, &b->subtitle);
	same_mtext(&a->short_title, &b->short_title);
	assert_int_equal(a->nauthors, b->nauthors);
	for (size_t i = 0; i < a->nauthors; i++)
		same_person(&a->authors[i], &b->authors[i]);
	assert_int_equal(a->naffiliations, b->naffiliations);
	for (size_t i = 0; i < a->naffiliations; i++) {
		same_str(a->affiliations[i].index, b->affiliations[i].index);
		same_mtext(&a->affiliations[i].name, &b->affiliations[i].name);
		same_str(a->affiliations[i].ror, b->affiliations[i].ror);
		same_pos(&a->affiliations[i].pos, &b->affiliations[i].pos);
	}
	assert_int_equal(a->keywords.n, b->keywords.n);
	for (size_t i = 0; i < a->keywords.n; i++)
		same_mtext(&a->keywords.v[i], &b->keywords.v[i]);
	same_mtext(&a->abstract, &b->abstract);
	same_str(a->lang, b->lang);
	same_str(a->date, b->date);
	same_str(a->bibliography, b->bibliography);
	same_str(a->license, b->license);
	same_str(a->doi, b->doi);
	same_str(a->repository, b->repository);
	same_pos(&a->title_pos, &b->title_pos);
	same_pos(&a->abstract_pos, &b->abstract_pos);
	same_pos(&a->lang_pos, &b->lang_pos);
	same_pos(&a->date_pos, &b->date_pos);
	same_pos(&a->bib_pos, &b->bib_pos);
	same_pos(&a->fm_pos, &b->fm_pos);
	assert_int_equal(a->front_matter_ok, b->front_matter_ok);
}

/* The sample volume has Korean and English papers, translations,
 * affiliations, ORCID iDs and per-language keywords. */
static void stored_papers_read_back_whole(void **state)
{
	(void)state;
	struct diag_list d1, d2;
	diag_init(&d1);
	diag_init(&d2);
	/* What a checked volume holds per paper, besides the names. */
	assert_true(sizeof(struct paper_stub) <= 64);
	struct volume *whole = vol_load("examples/volume", &d1);
	struct volume *stored = vol_load_checked("examples/volume", &d2);
	assert_non_null(whole);
	assert_non_null(stored);
	assert_non_null(stored->store);
	assert_int_equal(whole->npapers, stored->npapers);
	assert_true(whole->npapers >= 3);
	size_t translated = 0, with_orcid = 0;
	for (size_t i = 0; i < stored->npapers; i++) {
		const struct paper_stub *stub = stored->papers[i];
		/* Only the stub is in memory... */
		assert_true(stub->stored.len > 0);
		assert_null(stub->whole);
		assert_string_equal(stub->id, whole->papers[i]->id);
		assert_int_equal(stub->session, whole->papers[i]->session);
		/* ...and the paper comes back as it was loaded. */
		const struct paper *p = paper_meta_open(stored, stub);
		assert_non_null(p);
		same_paper(whole->papers[i]->whole, p);
		translated += p->title.n > 1;
		for (size_t a = 0; a < p->nauthors; a++)
			with_orcid += p->authors[a].orcid != NULL;
		paper_meta_close(stub, p);
	}
	assert_true(translated > 0);
	assert_true(with_orcid > 0);
	/* A paper that was never stored is open as it is. */
	const struct paper *w = paper_meta_open(whole, whole->papers[0]);
	assert_ptr_equal(w, whole->papers[0]->whole);
	paper_meta_close(whole->papers[0], w);
	volume_free(whole);
	volume_free(stored);
	diag_free(&d1);
	diag_free(&d2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stored_papers_read_back_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
