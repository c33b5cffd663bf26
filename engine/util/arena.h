/* arena.h — a bump allocator for per-batch scratch memory.
 * A worker owns one arena, allocates freely while it processes a batch and
 * resets it after; the hot loop then never calls malloc. Blocks are kept
 * across resets, so steady state allocates nothing at all. */
#ifndef UT_ARENA_H
#define UT_ARENA_H

#include <stddef.h>

typedef struct ut_arena_block ut_arena_block;

typedef struct ut_arena {
    ut_arena_block *head;  /* block being carved */
    ut_arena_block *spare; /* blocks kept by ut_arena_reset */
    size_t block_size;     /* default size of a new block */
} ut_arena;

#define UT_ARENA_INIT                                                                                                  \
    { NULL, NULL, 1u << 20 }

/* Returns `size` bytes aligned to 16, or NULL (UT_ENOMEM recorded). The
 * memory lives until ut_arena_reset or ut_arena_free. */
void *ut_arena_alloc(ut_arena *a, size_t size);
/* A copy of str[0..len) (len bytes readable; str may be NULL when len is
 * 0), NUL-terminated, in the arena; NULL if out of memory. */
char *ut_arena_strndup(ut_arena *a, const char *str, size_t len);
/* Makes all memory reusable; keeps the blocks. */
void ut_arena_reset(ut_arena *a);
/* Frees every block. Accepts NULL. */
void ut_arena_free(ut_arena *a);

#endif
