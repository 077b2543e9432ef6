/* A timed run of the whole typesetter on a generated paper: headings,
 * paragraphs with emphasis, code spans and links, lists, code blocks,
 * tables and footnotes.
 *
 *   build/tests/test_layout_speed                 40 pages, checks only
 *   QUIRE_BENCH_PAGES=1000 build/tests/test_layout_speed
 *   QUIRE_BENCH_ASSERT=1 ...                      also fail when slower than
 *                                                 1.5 s or above 150 MB RSS
 *
 * It prints the layout and PDF times and the peak RSS. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "proceedings/diag.h"
#include "proceedings/markdown.h"
#include "proceedings/model.h"
#include "proceedings/util.h"
#include "render/layout.h"
#include "render/pdfdev.h"
#include "render/typeset.h"

static const char *const VOCAB[] = {
	"the", "of", "and", "a", "to", "in", "is", "that", "for", "with", "as", "on", "by",
	"this", "we", "are", "be", "from", "an", "which", "model", "data", "method", "results",
	"analysis", "performance", "distribution", "approximation", "implementation", "library",
	"algorithm", "parameters", "simulation", "experiments", "probability", "estimation",
	"computational", "interface", "framework", "efficient", "numerical", "structure",
	"representation", "optimization", "significantly", "independent", "configuration",
	"measurements", "uncertainty", "observations", "particularly", "straightforward",
	"reproducibility", "documentation", "dependencies", "contributions", "community",
	"software", "package", "python", "units", "arrays", "sampling", "ensemble", "values",
	"between", "however", "therefore", "although", "because", "several", "different",
};
#define NVOCAB (sizeof VOCAB / sizeof *VOCAB)

static unsigned rng = 2463534242u;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng % n;
}

static void sentence(struct strbuf *b)
{
	unsigned n = 8 + rnd(14);
	for (unsigned i = 0; i < n; i++) {
		const char *w = VOCAB[rnd(NVOCAB)];
		unsigned r = rnd(60);
		if (i == 0)
			sb_printf(b, "%c%s", w[0] - 'a' + 'A', w + 1);
		else if (r == 0)
			sb_printf(b, " *%s*", w);
		else if (r == 1)
			sb_printf(b, " `%s_%s()`", w, VOCAB[rnd(NVOCAB)]);
		else if (r == 2)
			sb_printf(b, " [%s](https://example.org/%s)", w, VOCAB[rnd(NVOCAB)]);
		else if (r == 3)
			sb_printf(b, " **%s**", w);
		else
			sb_printf(b, " %s", w);
		if (i + 1 < n && rnd(9) == 0)
			sb_addc(b, ',');
	}
	sb_adds(b, ". ");
}

/* About `words` words of Markdown. */
static char *generate(size_t words, int *nnotes)
{
	struct strbuf b;
	sb_init(&b);
	size_t sec = 0, approx = 0;
	*nnotes = 0;
	while (approx < words) {
		sec++;
		sb_printf(&b, "# Section %zu on %s %s\n\n", sec, VOCAB[rnd(NVOCAB)], VOCAB[rnd(NVOCAB)]);
		for (int p = 0; p < 6; p++) {
			unsigned ns = 4 + rnd(5);
			for (unsigned s = 0; s < ns; s++)
				sentence(&b);
			if (rnd(12) == 0) {
				(*nnotes)++;
				sb_printf(&b, "This needs a note.[^n%d]", *nnotes);
			}
			sb_adds(&b, "\n\n");
			approx += ns * 15;
		}
		if (sec % 3 == 0) {
			for (int i = 0; i < 4; i++) {
				sb_adds(&b, "- ");
				sentence(&b);
				sb_addc(&b, '\n');
			}
			sb_addc(&b, '\n');
		}
		if (sec % 4 == 0)
			sb_adds(&b, "```python\nimport numpy as np\nfor i in range(10):\n    x = np.linspace(0, 1, 100) * i  # a comment that makes this line rather long indeed\n    print(x.sum())\n```\n\n");
		if (sec % 5 == 0) {
			sb_adds(&b, "| Name | Value | Description |\n|:-----|------:|:------------|\n");
			for (int r = 0; r < 6; r++)
				sb_printf(&b, "| %s | %u.%u | %s %s %s |\n", VOCAB[rnd(NVOCAB)], rnd(1000),
					  rnd(100), VOCAB[rnd(NVOCAB)], VOCAB[rnd(NVOCAB)],
					  VOCAB[rnd(NVOCAB)]);
			sb_addc(&b, '\n');
		}
	}
	for (int i = 1; i <= *nnotes; i++) {
		sb_printf(&b, "[^n%d]: ", i);
		sentence(&b);
		sb_adds(&b, "\n\n");
	}
	return sb_steal(&b);
}

static void add_mtext(struct mtext *t, const char *s)
{
	t->v = xcalloc(1, sizeof *t->v);
	t->v[0].text = xstrdup(s);
	t->n = 1;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_speed(void **state)
{
	(void)state;
	const char *e = getenv("QUIRE_BENCH_PAGES");
	long pages = e && atol(e) > 0 ? atol(e) : 40;
	bool strict = getenv("QUIRE_BENCH_ASSERT") && *getenv("QUIRE_BENCH_ASSERT") == '1';

	struct diag_list d;
	diag_init(&d);
	struct paper *p = xcalloc(1, sizeof *p);
	add_mtext(&p->title, "A generated paper for timing the typesetter");
	p->lang = xstrdup("en");
	p->path = xstrdup("bench/paper.md");
	p->body.path = xstrdup("bench/paper.md");
	p->body.dir = xstrdup("bench");
	int nnotes;
	p->body.text = generate((size_t)pages * 450, &nnotes);
	p->body.len = strlen(p->body.text);
	md_parse(&p->body, &d);

	double t0 = now();
	struct typesetter *ts = ts_new(NULL, &d);
	assert_non_null(ts);
	int n = ts_paper(ts, p, 1, &d);
	double t1 = now();
	char path[] = "/tmp/quire-speed-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char err[256];
	assert_int_equal(pdfdev_write(ts_doc(ts), path, err, sizeof err), 0);
	double t2 = now();
	const struct blk_stats *st = ts_stats(ts);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("pages %d, lines %zu, overfull %zu, notes %zu: layout %.3f s, pdf %.3f s, "
	       "total %.3f s, peak RSS %ld MB\n",
	       n, st->lines, st->overfull, st->notes, t1 - t0, t2 - t1, t2 - t0,
	       ru.ru_maxrss / 1024);
	assert_int_equal(st->overfull, 0);
	assert_int_equal((int)st->notes, nnotes);
	assert_true(n >= pages * 8 / 10);
	assert_int_equal(d.counts[DIAG_ERROR], 0);
	if (strict) {
		assert_true(t2 - t0 < 1.5);
		assert_true(ru.ru_maxrss / 1024 < 150);
	}
	unlink(path);
	ts_free(ts);
	paper_free(p);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
