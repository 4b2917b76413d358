/* fold.h: where YAML folded a multi-line scalar, read from its source: folds between
 * Japanese characters are dropped, written spaces kept, and each source line's start is
 * recorded so positions inside the text map back to line and column. */
#ifndef SM_FOLD_H
#define SM_FOLD_H

#include "../base/arena.h"
#include "../model/model.h"

#include <stdbool.h>
#include <stddef.h>

/* How the scalar was written (libyaml's scalar styles, named here so callers need no yaml.h). */
typedef enum sm_fold_style {
    SM_FOLD_PLAIN,
    SM_FOLD_SINGLE_QUOTED,
    SM_FOLD_DOUBLE_QUOTED,
    SM_FOLD_BLOCK, /* | or >: the first source line is the header */
} sm_fold_style;

typedef struct sm_unfolded {
    const char *text; /* the value with folds between Japanese characters dropped */
    size_t len;
    sm_source_line *lines; /* where each source line after the first starts in text */
    size_t line_count;
} sm_unfolded;

/* Aligns value (what libyaml made of the scalar) with its source, which starts at src[0]
 * (the scalar's first character, quote or block indicator) at position `at` and runs at
 * most src_len bytes. A line break that YAML turned into a single space between two
 * Japanese characters (JLREQ classes set with the Japanese font) is dropped: Japanese
 * joins lines without a space. Every space written on a source line is kept.
 * Returns false, with out untouched, when source and value do not align (an escape that
 * makes white space next to a fold): the caller keeps the value as libyaml made it. */
bool sm_fold_unfold(sm_arena *arena, const char *src, size_t src_len, sm_pos at,
                    sm_fold_style style, const char *value, size_t len, sm_unfolded *out);

/* The length of the line break at s[i] as libyaml counts them (LF, CR, CRLF, NEL, LS,
 * PS), or 0. */
size_t sm_fold_break_length(const char *s, size_t i, size_t size);

#endif
