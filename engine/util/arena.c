/* arena.c — bump allocator; see arena.h. */
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

#include "util/common.h"

struct ut_arena_block {
    ut_arena_block *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

void *ut_arena_alloc(ut_arena *a, size_t size) {
    size = (size + 15) & ~(size_t)15;
    ut_arena_block *b = a->head;
    if (UT_LIKELY(b && b->size - b->used >= size)) {
        void *p = b->data + b->used;
        b->used += size;
        return p;
    }
    /* Reuse a spare block if it is large enough, else allocate one. */
    ut_arena_block **link = &a->spare;
    while (*link && (*link)->size < size)
        link = &(*link)->next;
    if (*link) {
        b = *link;
        *link = b->next;
    } else {
        size_t bs = a->block_size ? a->block_size : (1u << 20);
        if (bs < size) bs = size;
        b = ut_malloc(sizeof *b + bs);
        if (!b) return NULL;
        b->size = bs;
    }
    b->used = size;
    b->next = a->head;
    a->head = b;
    return b->data;
}

void ut_arena_reset(ut_arena *a) {
    while (a->head) {
        ut_arena_block *b = a->head;
        a->head = b->next;
        b->used = 0;
        b->next = a->spare;
        a->spare = b;
    }
}

void ut_arena_free(ut_arena *a) {
    if (!a) return;
    ut_arena_reset(a);
    while (a->spare) {
        ut_arena_block *b = a->spare;
        a->spare = b->next;
        free(b);
    }
}

char *ut_arena_strndup(ut_arena *a, const char *str, size_t len) {
    char *p = ut_arena_alloc(a, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, str, len);
    p[len] = '\0';
    return p;
}
