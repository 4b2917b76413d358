/* qpdf_api.c: libqpdf's functions, found on first use (qpdf_api.h). */
#include "qpdf_api.h"

#include "lazy.h"

#include <pthread.h>

static sm_qpdf_api api;

static void load(void) {
    static const char *const names[] = {
#define SM_QPDF_NAME(name) #name,
        SM_QPDF_FUNCTIONS(SM_QPDF_NAME)
#undef SM_QPDF_NAME
    };
    sm_lazy_require(SM_QPDF_SONAME, "writes and reads PDFs", names, (void **)&api,
                    sizeof names / sizeof *names);
}

void sm_qpdf_load(void) {
    /* Once, also when a prefetch thread and the caller ask at the same time. */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load);
}

const sm_qpdf_api *sm_qpdf(void) {
    sm_qpdf_load();
    return &api;
}
