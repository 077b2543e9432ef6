/* libFuzzer target: HTML templates from bytes, rendered against a small
 * value tree; output must always be produced safely, and a page streamed
 * in pieces (with the template inserting itself as "content", which must
 * be refused) must equal the page rendered whole. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proceedings/util.h"
#include "render/tpl.h"

static int append(void *ctx, const char *s, size_t len)
{
	sb_add(ctx, s, len);
	return 0;
}

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
		char *whole = tpl_render(t, root, &len, &d);
		struct strbuf b;
		sb_init(&b);
		struct tpl_sink sink = {append, &b};
		int r = tpl_render_to(t, root, &sink, &d);
		if ((r == 0) != (whole != NULL) || (whole && (b.len != len || memcmp(b.s, whole, len))))
			abort();
		free(whole);
		sb_free(&b);
		tv_set(root, "content", tpl_value(t, root));
		sb_init(&b);
		tpl_render_to(t, root, &sink, &d);
		sb_free(&b);
		tv_free(tpl_render_value(t, root, &d));
		tv_free(root);
		tpl_free(t);
	}
	diag_free(&d);
	return 0;
}
