/* arena.h: one bump allocator per document; everything dies with it, foreign objects too. */
#ifndef SM_ARENA_H
#define SM_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct sm_arena sm_arena;

/* Returns a new arena; out of memory aborts (as everywhere in surimono). */
sm_arena *sm_arena_new(void);
/* Runs the registered destructors (last first), then frees every block. Accepts NULL. */
void sm_arena_free(sm_arena *arena);

/* Zeroed memory aligned for any type, owned by the arena. */
void *sm_arena_alloc(sm_arena *arena, size_t size);
/* count * size zeroed bytes; the multiplication is overflow-checked. */
void *sm_arena_array(sm_arena *arena, size_t count, size_t size);
/* Grows an arena array (old contents copied; the old block is simply abandoned). */
void *sm_arena_grow(sm_arena *arena, void *old, size_t old_count, size_t new_count, size_t size);
char *sm_arena_strdup(sm_arena *arena, const char *s);
char *sm_arena_strndup(sm_arena *arena, const char *s, size_t n);
char *sm_arena_printf(sm_arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sm_arena_vprintf(sm_arena *arena, const char *fmt, va_list ap);

/* Registers a destructor for a foreign object (PangoLayout, cairo surface…) made for this
 * document: it runs when the arena is freed. */
void sm_arena_defer(sm_arena *arena, void (*destroy)(void *), void *object);

/* The one out-of-memory path: prints and aborts. */
_Noreturn void sm_out_of_memory(void);
/* malloc/realloc that never return NULL, for the few buffers outside any arena. */
void *sm_xmalloc(size_t size);
void *sm_xrealloc(void *p, size_t size);

#endif
