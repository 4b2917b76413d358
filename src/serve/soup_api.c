/* soup_api.c: libsoup's functions, found on first use (soup_api.h). */
#include "soup_api.h"

#include "../base/lazy.h"

#include <pthread.h>

static sm_soup_api api;

static void load(void) {
    static const char *const names[] = {
#define SM_SOUP_NAME(name) #name,
        SM_SOUP_FUNCTIONS(SM_SOUP_NAME)
#undef SM_SOUP_NAME
    };
    sm_lazy_require(SM_SOUP_SONAME, "serves the web form", names, (void **)&api,
                    sizeof names / sizeof *names);
}

const sm_soup_api *sm_soup(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load);
    return &api;
}
