/* libFuzzer target: HTML templates from bytes, rendered against a small
 * value tree; output must always be produced safely. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "render/tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	diag_init(&d);
	struct tpl *t = tpl_parse("fuzz.html", (const char *)data, size, &d);
	if (t) {
		struct tv *root = tv_map();
		tv_set_str(root, "title", "<script>alert(1)</script> & \"x\"");
		tv_set_str(root, "url", "javascript:alert(1)");
		struct tv *list = tv_set(root, "papers", tv_list());
		for (int i = 0; i < 3; i++) {
			struct tv *item = tv_push(list, tv_map());
			tv_set_str(item, "title", "한글 <b>");
		}
		size_t len;
		free(tpl_render(t, root, &len, &d));
		tv_free(tpl_render_value(t, root, &d));
		tv_free(root);
		tpl_free(t);
	}
	diag_free(&d);
	return 0;
}
