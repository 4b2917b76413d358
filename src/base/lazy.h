/* lazy.h: libraries loaded on first use (dlopen), so a run that needs no PDF post-pass or
 * picture does not pay for loading them: `surimono --version` starts in a third the time. */
#ifndef SM_LAZY_H
#define SM_LAZY_H

#include <stddef.h>

/* Loads the library `soname` and fills slots[i] with the address of names[i]. Returns NULL,
 * or why it could not (which library or function, and the loader's reason; valid until the
 * next call). */
const char *sm_lazy_load(const char *soname, const char *const *names, void **slots, size_t count);

/* The same for a library nothing can work without (qpdf writes every PDF): a failure is an
 * installation fault, said with what the library is for; exits with SM_EXIT_SYSTEM. */
void sm_lazy_require(const char *soname, const char *purpose, const char *const *names,
                     void **slots, size_t count);

#endif
