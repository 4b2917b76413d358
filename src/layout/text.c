/* text.c: what flow asks of paragraphs — their size, headings shrunk to fit, list labels. */
#include "layout.h"

#include <glib.h>
#include <math.h>
#include <string.h>

double sm_text_height(const sm_paragraph *paragraph) { return paragraph->height; }

double sm_text_width(const sm_paragraph *paragraph) { return paragraph->width; }

/* The first characters of a heading, for messages. */
static const char *snippet(sm_layouter *l, const sm_elem *e) {
    const char *text = e->text.plain;
    const char *end = text;
    for (int n = 0; *end && *end != '\n' && n < 16; n++) end = g_utf8_next_char(end);
    return sm_arena_printf(l->arena, "'%.*s%s'", (int)(end - text), text, *end ? "…" : "");
}

/* Whether a heading set at `size` fits `width` in `lines` lines, each line break between
 * phrases (no phrase broken inside). */
static bool heading_fits(sm_layouter *l, const sm_elem *e, double size, double width, int lines) {
    const sm_paragraph *p = sm_compose(l, &e->text, &e->style, size, width);
    return (int)p->line_count <= lines && !p->overflow && !p->phrase_broken;
}

/* The lines a heading may take: max-lines, or more where the author wrote more. */
static int heading_lines(const sm_elem *e) {
    int written = 1;
    for (const char *p = e->text.plain; *p; p++) written += *p == '\n';
    return written > e->max_lines ? written : e->max_lines;
}

/* Shrink to fit: the largest size between min-size and the size asked for at which the
 * heading fits in its lines, on a quarter-point grid (a size a typesetter would name).
 * Where no line may wrap (as many lines written as allowed), widths grow with the size, so
 * one measurement gives the size; otherwise a bisection over the grid (the line count falls
 * as the size does), a handful of compositions. */
static double fitted_size(sm_layouter *l, const sm_elem *e, double width, bool *fits) {
    double asked = e->style.size, low = fmin(e->min_size, asked);
    int lines = heading_lines(e);
    *fits = true;
    const sm_paragraph *natural = sm_compose(l, &e->text, &e->style, asked, -1);
    if ((int)natural->line_count >= lines) {
        /* No line may wrap: measured unwrapped, which needs no phrase analysis either. */
        if (natural->width <= width) return asked;
        double size = floor(asked * width / natural->width * 4) / 4;
        while (size >= low && sm_compose(l, &e->text, &e->style, size, -1)->width > width)
            size -= 0.25;
        if (size >= low) return size;
        *fits = false;
        return low;
    }
    if (heading_fits(l, e, asked, width, lines)) return asked;
    if (!heading_fits(l, e, low, width, lines)) {
        *fits = false;
        return low;
    }
    long lo = (long)ceil(low * 4), hi = (long)floor(asked * 4); /* lo fits, asked does not */
    if (!heading_fits(l, e, lo / 4.0, width, lines)) return low;
    while (hi - lo > 1) {
        long mid = (lo + hi) / 2;
        if (heading_fits(l, e, mid / 4.0, width, lines))
            lo = mid;
        else
            hi = mid;
    }
    return lo / 4.0;
}

/* The fit of one heading at one width, worked out and warned about once: flow asks for it
 * when it measures and again when it places. */
static sm_heading_fit *heading_fit(sm_layouter *l, const sm_elem *e, double width) {
    /* One pass: this width's fit, or whether this heading was warned about at another. */
    bool warned = false;
    for (size_t i = 0; i < l->fit_count; i++) {
        if (l->fits[i].elem != e) continue;
        if (l->fits[i].width == width) return &l->fits[i];
        warned |= l->fits[i].warned;
    }
    if (l->fit_count == l->fit_capacity) {
        size_t cap = l->fit_capacity ? l->fit_capacity * 2 : 16;
        l->fits = sm_arena_grow(l->arena, l->fits, l->fit_count, cap, sizeof *l->fits);
        l->fit_capacity = cap;
    }
    sm_heading_fit *fit = &l->fits[l->fit_count++];
    *fit = (sm_heading_fit){.elem = e, .width = width, .size = e->style.size};
    bool fits = true;
    if (e->shrink && width > 0) fit->size = fitted_size(l, e, width, &fits);
    if (warned || width <= 0) return fit;
    const sm_paragraph *p = sm_compose(l, &e->text, &e->style, fit->size, width);
    fit->warned = !fits || p->phrase_broken;
    if (!fits)
        sm_warning(l->diags, e->pos,
                   "heading %s does not fit %d line%s even at min-size %.1fpt: it takes %zu "
                   "(shorten it, or allow more with max-lines)",
                   snippet(l, e), heading_lines(e), heading_lines(e) > 1 ? "s" : "", fit->size,
                   p->line_count);
    if (p->phrase_broken)
        sm_warning(l->diags, e->pos,
                   "heading %s has a phrase wider than its box (%.1f mm) at %.1fpt: it is broken "
                   "inside the phrase",
                   snippet(l, e), width / SM_PT_PER_MM, fit->size);
    return fit;
}

double sm_heading_size(sm_layouter *l, const sm_elem *e, double width) {
    double size = heading_fit(l, e, width)->size;
    /* Headings of a group (a poster's steps) share the smallest size any of them needs;
     * flow measures every one before it places any. */
    if (e->fit_group > 0 && e->fit_group < 8) {
        double *shared = &l->fit_sizes[e->fit_group];
        if (*shared == 0 || size < *shared) *shared = size;
        size = *shared;
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
