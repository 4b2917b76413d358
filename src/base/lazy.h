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

/* Runs each loader (a function that loads one library, such as sm_qpdf) on a thread of its
 * own while the caller goes on: on a second core the 7–8 ms each of librsvg and qpdf take to
 * load are hidden behind reading the definition and laying it out. The loaders must be
 * safe to call twice at once (pthread_once), as the caller may need the library before the
 * thread is done. At most one prefetch at a time. */
void sm_lazy_prefetch(void (*const *loaders)(void), size_t count);
/* Waits for the prefetch to end: before fork(), which must not copy a loader in mid-load. */
void sm_lazy_prefetch_wait(void);

#endif
