/* The volume a lone paper belongs to, for its layout and policy. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "proceedings/util.h"
#include "proceedings/mdcheck.h"
#include "proceedings/volume.h"
#include "render/image.h"

static bool exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

/* A paper in VOLUME/papers/ID is checked under VOLUME's policy. */
struct volume *cli_enclosing_volume(const struct paper *p)
{
	char *real = realpath(p->dir, NULL);
	if (!real)
		return vol_new_default();
	char *slash = strrchr(real, '/');
	struct volume *v = NULL;
	if (slash && slash > real) {
		*slash = '\0';
		char *up = strrchr(real, '/');
		if (up && strcmp(up + 1, "papers") == 0) {
			*up = '\0';
			char *yaml = path_join(*real ? real : "/", "volume.yaml");
			if (exists(yaml))
				v = vol_load_settings(*real ? real : "/");
			free(yaml);
		}
	}
	free(real);
	return v ? v : vol_new_default();
}


/* Truncated, damaged or oversized images are reported by quire check,
 * not first by a build (image_check_file). */
static const char *validate_image(const char *path)
{
	static _Thread_local char why[256];
	return image_check_file(path, why, sizeof why) ? NULL : why;
}

void cli_check_images(void)
{
	mdcheck_set_image_validator(validate_image);
}
