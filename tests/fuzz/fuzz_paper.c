/* libFuzzer target: paper.md from bytes — UTF-8 checks, NFC, front matter
 * YAML, Markdown with every extension, and the whole check pass. */
#include <stddef.h>
#include <stdint.h>

#include "proceedings/check.h"
#include "proceedings/paper.h"
#include "proceedings/volume.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	diag_init(&d);
	/* A folder that does not exist: no file a paper names can be opened. */
	struct paper *p = paper_from_memory("/nonexistent-quire-fuzz/p/paper.md", (const char *)data,
					    size, &d);
	if (p) {
		struct volume *v = vol_new_default();
		check_paper(v, p, &d);
		volume_free(v);
		paper_free(p);
	}
	diag_sort(&d);
	diag_free(&d);
	return 0;
}
