/* mecab_api.c: MeCab's functions, found on first use (mecab_api.h). */
#include "mecab_api.h"

#include "../base/lazy.h"

static sm_mecab_api api;

const char *sm_mecab_open(void) {
    static const char *const names[] = {
#define SM_MECAB_NAME(name) #name,
        SM_MECAB_FUNCTIONS(SM_MECAB_NAME)
#undef SM_MECAB_NAME
    };
    return sm_lazy_load(SM_MECAB_SONAME, names, (void **)&api, sizeof names / sizeof *names);
}

const sm_mecab_api *sm_mecab(void) { return &api; }
