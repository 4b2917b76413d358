/* pictures_api.c: librsvg's and gdk-pixbuf's functions, found on first use. */
#include "pictures_api.h"

#include "../base/lazy.h"

#include <pthread.h>

static sm_pictures_api api;

static void load(void) {
    static const char *const names[] = {
#define SM_PICTURES_NAME(name) #name,
        SM_PICTURES_FUNCTIONS(SM_PICTURES_NAME)
#undef SM_PICTURES_NAME
    };
    sm_lazy_require(SM_RSVG_SONAME, "reads SVG and JPEG pictures", names, (void **)&api,
                    sizeof names / sizeof *names);
}

void sm_pictures_load(void) {
    /* Once, also when a prefetch thread and the caller ask at the same time. */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load);
}

const sm_pictures_api *sm_pictures(void) {
    sm_pictures_load();
    return &api;
}
