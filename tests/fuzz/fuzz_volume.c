/* libFuzzer target: volume.yaml from bytes, then the volume checks. */
#include <stddef.h>
#include <stdint.h>

#include "proceedings/check.h"
#include "proceedings/volume.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	diag_init(&d);
	struct volume *v = vol_from_memory("/nonexistent-quire-fuzz", (const char *)data, size, &d);
	check_volume(v, &d);
	volume_free(v);
	diag_sort(&d);
	diag_free(&d);
	return 0;
}
