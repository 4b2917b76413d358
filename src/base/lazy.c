/* lazy.c: loading a library on first use and finding its functions (lazy.h). */
#include "lazy.h"

#include "../surimono.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

const char *sm_lazy_load(const char *soname, const char *const *names, void **slots, size_t count) {
    static char why[512];
    /* RTLD_NOW: a missing function shows here, named, not later as a crash. */
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(why, sizeof why, "cannot load %s: %s", soname, dlerror());
        return why;
    }
    for (size_t i = 0; i < count; i++) {
        /* dlsym searches the library and the libraries it needs (gdk-pixbuf under librsvg). */
        slots[i] = dlsym(lib, names[i]);
        if (!slots[i]) {
            snprintf(why, sizeof why, "%s has no function %s", soname, names[i]);
            return why;
        }
    }
    return NULL;
}

void sm_lazy_require(const char *soname, const char *purpose, const char *const *names,
                     void **slots, size_t count) {
    const char *why = sm_lazy_load(soname, names, slots, count);
    if (!why) return;
    fprintf(stderr, "surimono: error: %s (it %s; is it installed?)\n", why, purpose);
    exit(SM_EXIT_SYSTEM);
}

static struct {
    pthread_t thread;
    bool running;
    void (*loaders[4])(void);
    size_t count;
} sm_prefetch;

static void *prefetch_thread(void *unused) {
    (void)unused;
    for (size_t i = 0; i < sm_prefetch.count; i++) sm_prefetch.loaders[i]();
    return NULL;
}

void sm_lazy_prefetch(void (*const *loaders)(void), size_t count) {
    if (sm_prefetch.running) return;
    sm_prefetch.count = 0;
    for (size_t i = 0; i < count && i < sizeof sm_prefetch.loaders / sizeof *loaders; i++)
        sm_prefetch.loaders[sm_prefetch.count++] = loaders[i];
    /* Without a thread the libraries are simply loaded when first used. */
    sm_prefetch.running = pthread_create(&sm_prefetch.thread, NULL, prefetch_thread, NULL) == 0;
    /* A process that ends early (a bad definition) must not exit under a library still
     * running its constructors on the other thread: exit waits for the thread first. */
    static bool waits_at_exit;
    if (sm_prefetch.running && !waits_at_exit) waits_at_exit = atexit(sm_lazy_prefetch_wait) == 0;
}

void sm_lazy_prefetch_wait(void) {
    if (!sm_prefetch.running) return;
    pthread_join(sm_prefetch.thread, NULL);
    sm_prefetch.running = false;
}
