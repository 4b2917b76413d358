/* diag.h: diagnostics as data with a position; the first error is sticky. */
#ifndef SM_DIAG_H
#define SM_DIAG_H

#include "../surimono.h"
#include "arena.h"

#include <stdarg.h>
#include <stdbool.h>

/* A position in an input file: 1-based line and column (column in characters). */
typedef struct sm_pos {
    const char *file;
    int line, col;
} sm_pos;

/* At most this many diagnostics are kept: a broken file should not flood the terminal. */
enum { SM_DIAG_MAX = 50 };

typedef struct sm_diags {
    sm_arena *arena;
    sm_diag *items;
    size_t count, capacity;
    size_t dropped; /* diagnostics past SM_DIAG_MAX, counted but not kept */
    bool failed;
} sm_diags;

void sm_diags_init(sm_diags *diags, sm_arena *arena);
/* Records an error or warning at pos (message formatted printf-style). */
void sm_diag_add(sm_diags *diags, sm_severity severity, sm_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with a va_list, for helpers that add their own words around a message. */
void sm_diag_addv(sm_diags *diags, sm_severity severity, sm_pos pos, const char *fmt, va_list ap);
#define sm_error(diags, pos, ...)   sm_diag_add((diags), SM_SEVERITY_ERROR, (pos), __VA_ARGS__)
#define sm_warning(diags, pos, ...) sm_diag_add((diags), SM_SEVERITY_WARNING, (pos), __VA_ARGS__)

/* The closest candidate to word by edit distance, or NULL when none is close enough
 * (distance at most a third of the word, at least 1). candidates ends with NULL. */
const char *sm_did_you_mean(const char *word, const char *const *candidates);

#endif
