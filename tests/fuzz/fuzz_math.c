/* libFuzzer target: the TeX math parser, its MathML writer and its plain
 * text (math_text). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "proceedings/math.h"
#include "render/html_math.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	diag_init(&d);
	struct srcpos where = {"fuzz.md", 1, 1};
	bool display = size > 0 && (data[0] & 1);
	struct math_node *n = math_parse((const char *)data, size, display, &d, &where);
	if (n) {
		char *mathml = html_math(n, display, "");
		free(mathml);
		free(math_text(n));
	}
	math_free(n);
	diag_free(&d);
	return 0;
}
