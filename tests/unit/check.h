/* check.h: minimal test assertions that count, print failures with file:line, and sum up. */
#ifndef SM_CHECK_H
#define SM_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed;

/* Records one result; prints the failure with its place. Returns ok. */
static inline int check_report(int ok, const char *file, int line, const char *what) {
    if (ok) {
        check_passed++;
    } else {
        check_failed++;
        fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
    }
    return ok;
}

#define CHECK(cond) check_report(!!(cond), __FILE__, __LINE__, #cond)

#define CHECK_INT(actual, expected)                                                                \
    do {                                                                                           \
        long long a_ = (long long)(actual), e_ = (long long)(expected);                            \
        if (!check_report(a_ == e_, __FILE__, __LINE__, #actual " == " #expected))                 \
            fprintf(stderr, "    got %lld, expected %lld\n", a_, e_);                              \
    } while (0)

#define CHECK_STR(actual, expected)                                                                \
    do {                                                                                           \
        const char *a_ = (actual), *e_ = (expected);                                               \
        int ok_ = a_ && e_ ? strcmp(a_, e_) == 0 : a_ == e_;                                       \
        if (!check_report(ok_, __FILE__, __LINE__, #actual " == " #expected))                      \
            fprintf(stderr, "    got      \"%s\"\n    expected \"%s\"\n", a_ ? a_ : "(null)",      \
                    e_ ? e_ : "(null)");                                                           \
    } while (0)

#define CHECK_NEAR(actual, expected, tolerance)                                                    \
    do {                                                                                           \
        double a_ = (actual), e_ = (expected);                                                     \
        if (!check_report(fabs(a_ - e_) <= (tolerance), __FILE__, __LINE__,                        \
                          #actual " ≈ " #expected))                                                \
            fprintf(stderr, "    got %.6f, expected %.6f\n", a_, e_);                              \
    } while (0)

#define CHECK_HAS(text, fragment)                                                                  \
    do {                                                                                           \
        if (!check_report((text) && strstr((text), (fragment)) != NULL, __FILE__, __LINE__,        \
                          "contains " #fragment))                                                  \
            fprintf(stderr, "    missing: %s\n", (fragment));                                      \
    } while (0)
#define CHECK_LACKS(text, fragment) CHECK((text) && strstr((text), (fragment)) == NULL)

/* A whole file, NUL-terminated, malloc'd; its length in *len when len is not NULL. NULL
 * when it cannot be opened. */
static inline char *check_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    size_t got = fread(data, 1, (size_t)size, f);
    data[got] = '\0';
    fclose(f);
    if (len) *len = got;
    return data;
}

/* The last line of every test program: "N passed, N failed"; the exit status for main. */
static inline int check_done(void) {
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
