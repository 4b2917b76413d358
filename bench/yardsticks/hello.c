/* hello.c: the start-up yardstick — a hello-world linked against pangocairo, which loads the
 * libraries every text-on-PDF program needs and does nothing else. `surimono --version` is
 * held to at most 1.3× its time (bench/scale.sh). */
#include <pango/pangocairo.h>
#include <stdio.h>

int main(void) {
    /* A pangocairo symbol the program refers to (and does not call), so the linker keeps
     * the library and the loader loads it with what it needs. */
    void *volatile keep = (void *)pango_cairo_create_layout;
    printf("hello (pangocairo %s)\n", keep ? PANGO_VERSION_STRING : "");
    return 0;
}
