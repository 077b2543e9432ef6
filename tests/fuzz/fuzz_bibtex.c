/* libFuzzer target: BibTeX reading, TeX-to-Unicode conversion and name
 * splitting of every author and editor field. */
#include <stddef.h>
#include <stdint.h>

#include "proceedings/bibtex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = bib_parse("fuzz.bib", (const char *)data, size, &d);
	for (size_t i = 0; i < db->n; i++) {
		const struct bib_name *names;
		bib_names(&db->entries[i], "author", &names);
		bib_names(&db->entries[i], "editor", &names);
		bib_find(db, db->entries[i].key);
	}
	bib_free(db);
	diag_free(&d);
	return 0;
}
