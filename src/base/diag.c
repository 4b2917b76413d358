/* diag.c: recording diagnostics, and "did you mean" by edit distance. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

void sm_diags_init(sm_diags *diags, sm_arena *arena) {
    memset(diags, 0, sizeof *diags);
    diags->arena = arena;
}

sm_diags *sm_diags_new(void) {
    sm_arena *arena = sm_arena_new();
    sm_diags *diags = sm_arena_alloc(arena, sizeof *diags);
    sm_diags_init(diags, arena);
    return diags;
}

void sm_diags_free(sm_diags *diags) {
    if (diags) sm_arena_free(diags->arena);
}

size_t sm_diags_count(const sm_diags *diags) { return diags->count; }

const sm_diag *sm_diags_at(const sm_diags *diags, size_t index) {
    return index < diags->count ? &diags->items[index] : NULL;
}

size_t sm_diags_dropped(const sm_diags *diags) { return diags->dropped; }

bool sm_diags_failed(const sm_diags *diags) { return diags->failed; }

void sm_diag_add(sm_diags *diags, sm_severity severity, sm_pos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sm_diag_addv(diags, severity, pos, fmt, ap);
    va_end(ap);
}

void sm_diag_addv(sm_diags *diags, sm_severity severity, sm_pos pos, const char *fmt, va_list ap) {
    if (severity == SM_SEVERITY_ERROR) diags->failed = true;
    if (diags->count >= SM_DIAG_MAX) {
        diags->dropped++;
        return;
    }
    if (diags->count == diags->capacity) {
        size_t cap = diags->capacity ? diags->capacity * 2 : 8;
        diags->items =
            sm_arena_grow(diags->arena, diags->items, diags->count, cap, sizeof *diags->items);
        diags->capacity = cap;
    }
    char *message = sm_arena_vprintf(diags->arena, fmt, ap);
    /* The file name is copied: the list may outlive whatever named it (a document freed
     * during a build). */
    diags->items[diags->count++] =
        (sm_diag){severity, pos.file ? sm_arena_strdup(diags->arena, pos.file) : "<input>",
                  pos.line, pos.col, message};
}

/* Edit distance over bytes counting an adjacent swap as one edit ("tilte" → "title"):
 * the usual typo. The keys compared are short ASCII names. */
static size_t edit_distance(const char *a, const char *b) {
    enum { MAX = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la > MAX || lb > MAX) return (size_t)-1;
    size_t d[MAX + 1][MAX + 1];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *sm_did_you_mean(const char *word, const char *const *candidates) {
    size_t limit = strlen(word) / 3;
    if (limit < 1) limit = 1;
    if (limit > 3) limit = 3;
    const char *best = NULL;
    size_t best_distance = limit + 1;
    for (size_t i = 0; candidates[i]; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_distance) {
            best_distance = d;
            best = candidates[i];
        }
    }
    /* A Japanese name shortened or lengthened (学校 for 学校名) is several bytes away but
     * plainly the same word: a candidate that holds the word, or that the word holds. */
    for (size_t i = 0; !best && candidates[i] && strlen(word) >= 4; i++)
        if (strstr(candidates[i], word) ||
            (strlen(candidates[i]) >= 4 && strstr(word, candidates[i])))
            best = candidates[i];
    return best;
}
