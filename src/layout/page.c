/* page.c: the page being filled — boxes appended as layout places them. */
#include "layout.h"

#include <string.h>

sm_box *sm_page_add_box(sm_layouter *l, sm_box_kind kind, sm_pos pos, double x, double y, double w,
                        double h) {
    sm_page *page = l->page;
    if (page->count == page->capacity) {
        size_t cap = page->capacity ? page->capacity * 2 : 32;
        page->boxes = sm_arena_grow(l->arena, page->boxes, page->count, cap, sizeof *page->boxes);
        page->capacity = cap;
    }
    sm_box *box = &page->boxes[page->count++];
    memset(box, 0, sizeof *box);
    *box = (sm_box){.kind = kind, .pos = pos, .x = x, .y = y, .w = w, .h = h};
    return box;
}
