/* libFuzzer target: the typesetter fed arbitrary Markdown at several page
 * sizes and column counts.  An overfull line is treated as a crash: the
 * layout must never let text run out of its column. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/paper.h"
#include "proceedings/util.h"
#include "proceedings/volume.h"
#include "render/typeset.h"

static struct typesetter *ts_cache[4];
static struct volume *vol_cache[4];

/* Fonts are loaded once per layout variant: that is per process in real
 * use too, and it keeps the fuzzer fast. */
static struct typesetter *typesetter_for(int variant, struct volume **vol)
{
	if (!ts_cache[variant]) {
		struct volume *v = vol_new_default();
		free(v->layout.paper);
		v->layout.paper = xstrdup(variant & 1 ? "letter" : "a4");
		v->layout.columns = variant & 2 ? 2 : 1;
		struct diag_list d;
		diag_init(&d);
		vol_cache[variant] = v;
		ts_cache[variant] = ts_new(v, &d);
		diag_free(&d);
	}
	*vol = vol_cache[variant];
	return ts_cache[variant];
}

/* Create every variant before fuzzing starts, so that libFuzzer's
 * per-input leak check does not count the fonts (fontconfig keeps its
 * caches behind offsets that LeakSanitizer cannot follow). */
static void free_variants(void)
{
	for (int i = 0; i < 4; i++) {
		ts_free(ts_cache[i]);
		volume_free(vol_cache[i]);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	atexit(free_variants);
	struct volume *v;
	for (int i = 0; i < 4; i++)
		typesetter_for(i, &v);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 200000)
		return 0;
	int variant = data[0] & 3;
	struct volume *vol;
	struct typesetter *ts = typesetter_for(variant, &vol);
	if (!ts)
		return 0;
	/* A minimal front matter, then the input as the body. */
	static const char fm[] = "---\ntitle: Fuzz\nauthors:\n  - name: A\n---\n";
	char *text = xmalloc(sizeof fm + size);
	memcpy(text, fm, sizeof fm - 1);
	memcpy(text + sizeof fm - 1, data + 1, size - 1);
	struct diag_list d;
	diag_init(&d);
	struct paper *p = paper_from_memory("/nonexistent-quire-fuzz/p/paper.md", text,
					    sizeof fm - 1 + size - 1, &d);
	free(text);
	if (p) {
		ts_reset(ts); /* each input is its own document */
		ts_paper(ts, p, 1, &d);
		if (ts_stats(ts)->overfull)
			abort();
		paper_free(p);
	}
	diag_free(&d);
	return 0;
}
