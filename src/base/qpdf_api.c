/* qpdf_api.c: libqpdf's functions, found on first use (qpdf_api.h). */
#include "qpdf_api.h"

#include "lazy.h"

#include <stdbool.h>

const sm_qpdf_api *sm_qpdf(void) {
    static sm_qpdf_api api;
    static bool loaded;
    if (!loaded) {
        static const char *const names[] = {
#define SM_QPDF_NAME(name) #name,
            SM_QPDF_FUNCTIONS(SM_QPDF_NAME)
#undef SM_QPDF_NAME
        };
        sm_lazy_require(SM_QPDF_SONAME, "writes and reads PDFs", names, (void **)&api,
                        sizeof names / sizeof *names);
        loaded = true;
    }
    return &api;
}
