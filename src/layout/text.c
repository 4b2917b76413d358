/* text.c: what flow asks of paragraphs — their size, headings shrunk to fit, list labels. */
#include "layout.h"

#include <math.h>
#include <string.h>

double sm_text_height(const sm_paragraph *paragraph) { return paragraph->height; }

double sm_text_width(const sm_paragraph *paragraph) { return paragraph->width; }

double sm_heading_size(sm_layouter *l, const sm_elem *e, double width) {
    double size = e->style.size;
    if (!e->shrink || width <= 0) return size;
    /* Text width grows linearly with the size: measure once unwrapped, scale to fit. */
    const sm_paragraph *natural = sm_compose(l, &e->text, &e->style, size, -1);
    int explicit_lines = (int)natural->line_count;
    if (explicit_lines >= e->max_lines) {
        double w = sm_text_width(natural);
        if (w > width) size *= (width / w) * 0.999;
    } else {
        /* More lines allowed than written: shrink in small steps until wrapping fits. */
        while (size > e->min_size) {
            const sm_paragraph *wrapped = sm_compose(l, &e->text, &e->style, size, width);
            if ((int)wrapped->line_count <= e->max_lines) break;
            size *= 0.96;
        }
    }
    /* Headings of a group (a poster's steps) share the smallest size any of them needs;
     * flow measures every one before it places any. */
    if (e->fit_group > 0 && e->fit_group < 8) {
        double *shared = &l->fit_sizes[e->fit_group];
        if (*shared == 0 || size < *shared) *shared = size;
        size = *shared;
    }
    if (size < e->min_size) {
        sm_warning(l->diags, e->pos,
                   "heading does not fit its width even at min-size %.1fpt; it wraps", e->min_size);
        size = e->min_size;
    }
    return size;
}

const char *sm_numbering_label(sm_arena *arena, sm_numbering numbering, int number) {
    switch (numbering) {
    case SM_NUMBERING_CIRCLED:
        if (number >= 1 && number <= 20) {
            /* ① is U+2460; ⑳ is U+2473. */
            unsigned cp = 0x2460u + (unsigned)(number - 1);
            char s[4] = {(char)(0xe0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3f)),
                         (char)(0x80 | (cp & 0x3f)), 0};
            return sm_arena_strdup(arena, s);
        }
        return sm_arena_printf(arena, "(%d)", number);
    case SM_NUMBERING_DECIMAL: return sm_arena_printf(arena, "%d.", number);
    case SM_NUMBERING_BULLET: return "・";
    case SM_NUMBERING_NONE: break;
    }
    return "";
}
