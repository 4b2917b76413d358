/* pictures_api.c: librsvg's and gdk-pixbuf's functions, found on first use. */
#include "pictures_api.h"

#include "../base/lazy.h"

#include <stdbool.h>

const sm_pictures_api *sm_pictures(void) {
    static sm_pictures_api api;
    static bool loaded;
    if (!loaded) {
        static const char *const names[] = {
#define SM_PICTURES_NAME(name) #name,
            SM_PICTURES_FUNCTIONS(SM_PICTURES_NAME)
#undef SM_PICTURES_NAME
        };
        sm_lazy_require(SM_RSVG_SONAME, "reads SVG and JPEG pictures", names, (void **)&api,
                        sizeof names / sizeof *names);
        loaded = true;
    }
    return &api;
}
