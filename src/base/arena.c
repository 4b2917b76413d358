/* arena.c: bump allocation in growing blocks, plus a list of deferred destructors. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Blocks start at 16 KiB: a poster's model and boxes fit in a few of them. */
enum { SM_ARENA_FIRST_BLOCK = 16 * 1024, SM_ARENA_ALIGN = 16 };

typedef struct sm_block {
    struct sm_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} sm_block;

typedef struct sm_deferred {
    struct sm_deferred *next;
    void (*destroy)(void *);
    void *object;
} sm_deferred;

struct sm_arena {
    sm_block *head;
    sm_deferred *deferred;
    size_t next_size;
};

_Noreturn void sm_out_of_memory(void) {
    fputs("surimono: out of memory\n", stderr);
    abort();
}

void *sm_xmalloc(size_t size) {
    void *p = malloc(size ? size : 1);
    if (!p) sm_out_of_memory();
    return p;
}

void *sm_xrealloc(void *p, size_t size) {
    void *q = realloc(p, size ? size : 1);
    if (!q) sm_out_of_memory();
    return q;
}

sm_arena *sm_arena_new(void) {
    sm_arena *arena = calloc(1, sizeof *arena);
    if (!arena) sm_out_of_memory();
    arena->next_size = SM_ARENA_FIRST_BLOCK;
    return arena;
}

void sm_arena_free(sm_arena *arena) {
    if (!arena) return;
    for (sm_deferred *d = arena->deferred; d; d = d->next) d->destroy(d->object);
    sm_block *b = arena->head;
    while (b) {
        sm_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

void *sm_arena_alloc(sm_arena *arena, size_t size) {
    size_t need = (size + SM_ARENA_ALIGN - 1) & ~(size_t)(SM_ARENA_ALIGN - 1);
    if (need < size) sm_out_of_memory();
    sm_block *b = arena->head;
    if (!b || b->size - b->used < need) {
        size_t block = arena->next_size;
        while (block < need) {
            if (block > SIZE_MAX / 2) sm_out_of_memory();
            block *= 2;
        }
        b = malloc(sizeof *b + block);
        if (!b) sm_out_of_memory();
        b->size = block;
        b->used = 0;
        b->next = arena->head;
        arena->head = b;
        if (arena->next_size < 1024 * 1024) arena->next_size *= 2;
    }
    void *p = b->data + b->used;
    b->used += need;
    memset(p, 0, size);
    return p;
}

void *sm_arena_array(sm_arena *arena, size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) sm_out_of_memory();
    return sm_arena_alloc(arena, count * size);
}

void *sm_arena_grow(sm_arena *arena, void *old, size_t old_count, size_t new_count, size_t size) {
    void *p = sm_arena_array(arena, new_count, size);
    if (old && old_count) memcpy(p, old, old_count * size);
    return p;
}

char *sm_arena_strndup(sm_arena *arena, const char *s, size_t n) {
    char *p = sm_arena_alloc(arena, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *sm_arena_strdup(sm_arena *arena, const char *s) {
    return s ? sm_arena_strndup(arena, s, strlen(s)) : NULL;
}

char *sm_arena_vprintf(sm_arena *arena, const char *fmt, va_list ap) {
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) n = 0;
    char *p = sm_arena_alloc(arena, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *sm_arena_printf(sm_arena *arena, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *p = sm_arena_vprintf(arena, fmt, ap);
    va_end(ap);
    return p;
}

void sm_arena_defer(sm_arena *arena, void (*destroy)(void *), void *object) {
    if (!object) return;
    sm_deferred *d = sm_arena_alloc(arena, sizeof *d);
    d->destroy = destroy;
    d->object = object;
    d->next = arena->deferred;
    arena->deferred = d;
}
