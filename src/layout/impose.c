/* impose.c: saddle-stitch (中綴じ) — a document's pages two to a sheet twice as wide, in the
 * order that reads right once the sheets are printed on both sides, folded and stapled:
 * 4-1, 2-3 for four pages; blank pages added to make a multiple of four. */
#include "layout.h"

#include <string.h>

/* The pages (0-based, possibly blank past count) on side s of n pages: left, right. */
static void side_pages(size_t s, size_t n, size_t *left, size_t *right) {
    *left = s % 2 == 0 ? n - 1 - s : s;
    *right = s % 2 == 0 ? s : n - 1 - s;
}

static void copy_boxes(sm_layouter *l, sm_page *sheet, const sm_page *page, double dx) {
    for (size_t b = 0; b < page->count; b++) {
        const sm_box *from = &page->boxes[b];
        sm_box *to =
            sm_page_add_box(l, from->kind, from->pos, from->x + dx, from->y, from->w, from->h);
        *to = *from;
        to->x += dx;
    }
}

sm_page *sm_impose_saddle(sm_layouter *l, const sm_resolved *res, const sm_page *pages,
                          size_t count, size_t *sheets) {
    size_t n = (count + 3) / 4 * 4, sides = n / 2;
    sm_page *out = sm_arena_array(l->arena, sides, sizeof *out);
    double offset = sm_profile_sheet_mm(res->profile) * SM_PT_PER_MM;
    for (size_t s = 0; s < sides; s++) {
        sm_page *sheet = &out[s];
        memset(sheet, 0, sizeof *sheet);
        sheet->scale = 1; /* documents are never enlarged */
        sheet->trim_x = sheet->trim_y = offset;
        sheet->trim_w = 2 * res->paper_width;
        sheet->trim_h = res->paper_height;
        sheet->width = sheet->trim_w + 2 * offset;
        sheet->height = sheet->trim_h + 2 * offset;
        sheet->bleed = sm_profile_bleed_mm(res->profile) * SM_PT_PER_MM;
        l->page = sheet;
        size_t left, right;
        side_pages(s, n, &left, &right);
        if (left < count) copy_boxes(l, sheet, &pages[left], 0);
        if (right < count) copy_boxes(l, sheet, &pages[right], res->paper_width);
    }
    *sheets = sides;
    return out;
}
